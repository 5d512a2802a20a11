//! A ledger to test with, built through the domain's own commands (the view-models of the
//! invoices and clients, the letters).

use rust_decimal::Decimal;

use crate::domain::calendar::test_support::date;
use crate::domain::{
    ClientDetails, ClientId, ClientKind, Country, Currency, InvoiceDraft, InvoiceId, InvoiceStatus,
    Ledger, Money, PaymentDetails, PaymentMethod, PenaltyDraft, TermsDraft,
};

pub(crate) struct Books {
    pub ledger: Ledger,
}

impl Books {
    pub fn new() -> Books {
        Books {
            ledger: Ledger::new(),
        }
    }

    pub fn client(&mut self, name: &str, country: &str) -> ClientId {
        self.client_of_kind(name, country, ClientKind::Business)
    }

    pub fn client_of_kind(&mut self, name: &str, country: &str, kind: ClientKind) -> ClientId {
        let country = Country::parse(country).unwrap_or(Country::FR);
        let added = ClientDetails::new(name, country, kind)
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .add_client(details)
                    .map_err(|error| format!("{error:?}"))
            });
        match added {
            Ok(id) => id,
            Err(error) => panic!("{error}"),
        }
    }

    /// A draft of an invoice: net 30, French B2B penalties, amount tax included.
    pub fn draft_of(
        number: &str,
        client: ClientId,
        issued: &str,
        amount: &str,
        currency: &str,
    ) -> InvoiceDraft {
        InvoiceDraft {
            number: number.into(),
            client: Some(client),
            issue_date: issued.into(),
            amount: amount.into(),
            amount_includes_tax: true,
            currency: currency.into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            penalty: PenaltyDraft {
                regime: "fr-b2b".into(),
                ..PenaltyDraft::default()
            },
            ..InvoiceDraft::default()
        }
    }

    pub fn add(&mut self, draft: &InvoiceDraft, status: InvoiceStatus) -> InvoiceId {
        let added = draft
            .parse()
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                self.ledger
                    .add_invoice(details, status)
                    .map_err(|error| format!("{error:?}"))
            });
        match added {
            Ok(id) => id,
            Err(error) => panic!("{error}"),
        }
    }

    pub fn invoice(
        &mut self,
        number: &str,
        client: ClientId,
        issued: &str,
        amount: &str,
        currency: &str,
    ) -> InvoiceId {
        let draft = Books::draft_of(number, client, issued, amount, currency);
        self.add(&draft, InvoiceStatus::Sent)
    }

    pub fn invoice_with_notes(
        &mut self,
        number: &str,
        client: ClientId,
        issued: &str,
        amount: &str,
        currency: &str,
        notes: &str,
    ) -> InvoiceId {
        let draft = InvoiceDraft {
            notes: notes.into(),
            ..Books::draft_of(number, client, issued, amount, currency)
        };
        self.add(&draft, InvoiceStatus::Sent)
    }

    pub fn draft(
        &mut self,
        number: &str,
        client: ClientId,
        issued: &str,
        amount: &str,
        currency: &str,
    ) -> InvoiceId {
        let draft = Books::draft_of(number, client, issued, amount, currency);
        self.add(&draft, InvoiceStatus::Draft)
    }

    pub fn pay(&mut self, invoice: InvoiceId, day: &str, amount: Decimal, currency: Currency) {
        let paid = PaymentDetails::new(
            invoice,
            date(day),
            Money::new(amount, currency),
            PaymentMethod::BankTransfer,
            "",
        )
        .map_err(|error| format!("{error:?}"))
        .and_then(|details| {
            self.ledger
                .record_payment(details)
                .map_err(|error| format!("{error:?}"))
        });
        assert!(paid.is_ok(), "{paid:?}");
    }
}
