//! Small ledgers for the clients pages' tests, built through the domain's public commands.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::calendar::test_support::date;
use crate::domain::{
    ClientDraft, ClientId, Currency, InvoiceAmount, InvoiceDetails, InvoiceId, InvoiceStatus,
    Ledger, Money, PaymentDetails, PaymentMethod, PaymentTerms, PenaltyClause, TermsDraft,
};

pub struct TestBooks {
    pub ledger: Ledger,
    next_number: u32,
}

pub fn day(text: &str) -> NaiveDate {
    date(text)
}

impl TestBooks {
    pub fn new() -> TestBooks {
        TestBooks {
            ledger: Ledger::new(),
            next_number: 1,
        }
    }

    /// A French business client; `tax_id` and `email` may be empty.
    pub fn client(&mut self, name: &str, tax_id: &str, email: &str) -> ClientId {
        let draft = ClientDraft {
            name: name.into(),
            tax_id: tax_id.into(),
            email: email.into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft::from_terms(PaymentTerms::default()),
            ..ClientDraft::default()
        };
        let added = draft
            .parse()
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

    /// A sent invoice of `amount` (no tax) issued on `issued`, due on `due`.
    pub fn invoice(
        &mut self,
        client: ClientId,
        issued: &str,
        due: &str,
        amount: Decimal,
        currency: Currency,
    ) -> InvoiceId {
        self.invoice_with_status(client, issued, due, amount, currency, InvoiceStatus::Sent)
    }

    pub fn invoice_with_status(
        &mut self,
        client: ClientId,
        issued: &str,
        due: &str,
        amount: Decimal,
        currency: Currency,
        status: InvoiceStatus,
    ) -> InvoiceId {
        let number = format!("F-{:03}", self.next_number);
        self.next_number += 1;
        let added = InvoiceAmount::from_net(Money::new(amount, currency), Decimal::ZERO)
            .map_err(|error| format!("{error:?}"))
            .and_then(|amount| {
                InvoiceDetails::new(
                    &number,
                    client,
                    date(issued),
                    amount,
                    PaymentTerms::default(),
                    Some(date(due)),
                    PenaltyClause::FrB2b,
                )
                .map_err(|error| format!("{error:?}"))
            })
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

    pub fn pay(&mut self, invoice: InvoiceId, on: &str, amount: Decimal, currency: Currency) {
        let paid = PaymentDetails::new(
            invoice,
            date(on),
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
        if let Err(error) = paid {
            panic!("{error}");
        }
    }
}
