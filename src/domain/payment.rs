//! Payments received and credit notes or adjustments: both reduce what an invoice owes.
//! A payment beyond what is owed is a credit on the client, reported, never lost.

use chrono::NaiveDate;

use super::field::{Field, FieldError, bounded_shared_text, parse_date};
use super::ids::{AdjustmentId, InvoiceId, PaymentId};
use super::invoice::{check_amount, parse_positive_amount};
use super::money::{Currency, Money};
use super::shared_text::SharedText;
use crate::i18n::{Describe, Lang};

const MAX_REFERENCE_CHARS: usize = 200;

/// How a payment was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentMethod {
    BankTransfer,
    Card,
    Cheque,
    Cash,
    DirectDebit,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::BankTransfer,
        PaymentMethod::Card,
        PaymentMethod::Cheque,
        PaymentMethod::Cash,
        PaymentMethod::DirectDebit,
        PaymentMethod::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "transfer",
            PaymentMethod::Card => "card",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Cash => "cash",
            PaymentMethod::DirectDebit => "direct-debit",
            PaymentMethod::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL
            .into_iter()
            .find(|method| method.code() == code.trim())
    }
}

/// A payment's validated data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentDetails {
    invoice: InvoiceId,
    date: NaiveDate,
    amount: Money,
    method: PaymentMethod,
    reference: SharedText,
}

impl PaymentDetails {
    /// A payment of `amount` (more than zero, at most `MAX_AMOUNT`) on `invoice`.
    pub fn new(
        invoice: InvoiceId,
        date: NaiveDate,
        amount: Money,
        method: PaymentMethod,
        reference: &str,
    ) -> Result<PaymentDetails, FieldError> {
        Ok(PaymentDetails {
            invoice,
            date,
            amount: check_amount(Field::PaymentAmount, amount)?,
            method,
            reference: bounded_shared_text(Field::Reference, reference, MAX_REFERENCE_CHARS)?,
        })
    }

    pub fn invoice(&self) -> InvoiceId {
        self.invoice
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn amount(&self) -> Money {
        self.amount
    }
    pub fn method(&self) -> PaymentMethod {
        self.method
    }
    pub fn reference(&self) -> &str {
        self.reference.as_str()
    }
}

/// A payment of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    id: PaymentId,
    details: PaymentDetails,
}

impl Payment {
    pub fn from_parts(id: PaymentId, details: PaymentDetails) -> Payment {
        Payment { id, details }
    }
    pub fn id(&self) -> PaymentId {
        self.id
    }
    pub fn details(&self) -> &PaymentDetails {
        &self.details
    }
    pub fn invoice(&self) -> InvoiceId {
        self.details.invoice
    }
    pub fn date(&self) -> NaiveDate {
        self.details.date
    }
    pub fn amount(&self) -> Money {
        self.details.amount
    }
}

/// What the payment form submits. The currency is the invoice's, given by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDraft {
    pub date: String,
    pub amount: String,
    /// One of the [`PaymentMethod::code`]s.
    pub method: String,
    pub reference: String,
}

impl PaymentDraft {
    pub fn parse(
        &self,
        invoice: InvoiceId,
        currency: Currency,
    ) -> Result<PaymentDetails, FieldError> {
        let date = parse_date(Field::PaymentDate, &self.date)?;
        let amount = parse_positive_amount(Field::PaymentAmount, &self.amount, currency)?;
        let method = match self.method.trim() {
            "" => {
                return Err(FieldError::Missing {
                    field: Field::PaymentMethod,
                });
            }
            code => PaymentMethod::from_code(code).ok_or_else(|| FieldError::UnknownChoice {
                field: Field::PaymentMethod,
                text: code.to_string(),
            })?,
        };
        PaymentDetails::new(invoice, date, amount, method, &self.reference)
    }
}

/// A credit note (an invoice cancelled in part or in full) or another adjustment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdjustmentKind {
    CreditNote,
    Adjustment,
}

/// A credit note or adjustment's validated data: `amount` is what it takes off the invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdjustmentDetails {
    invoice: InvoiceId,
    kind: AdjustmentKind,
    date: NaiveDate,
    amount: Money,
    reason: SharedText,
}

impl AdjustmentDetails {
    pub fn new(
        invoice: InvoiceId,
        kind: AdjustmentKind,
        date: NaiveDate,
        amount: Money,
        reason: &str,
    ) -> Result<AdjustmentDetails, FieldError> {
        Ok(AdjustmentDetails {
            invoice,
            kind,
            date,
            amount: check_amount(Field::AdjustmentAmount, amount)?,
            reason: bounded_shared_text(Field::CreditReason, reason, MAX_REFERENCE_CHARS)?,
        })
    }

    pub fn invoice(&self) -> InvoiceId {
        self.invoice
    }
    pub fn kind(&self) -> AdjustmentKind {
        self.kind
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn amount(&self) -> Money {
        self.amount
    }
    pub fn reason(&self) -> &str {
        self.reason.as_str()
    }
}

/// A credit note or adjustment of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjustment {
    id: AdjustmentId,
    details: AdjustmentDetails,
}

impl Adjustment {
    pub fn from_parts(id: AdjustmentId, details: AdjustmentDetails) -> Adjustment {
        Adjustment { id, details }
    }
    pub fn id(&self) -> AdjustmentId {
        self.id
    }
    pub fn details(&self) -> &AdjustmentDetails {
        &self.details
    }
    pub fn invoice(&self) -> InvoiceId {
        self.details.invoice
    }
    pub fn date(&self) -> NaiveDate {
        self.details.date
    }
    pub fn amount(&self) -> Money {
        self.details.amount
    }
}

/// What the credit-note form submits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdjustmentDraft {
    pub date: String,
    pub amount: String,
    pub is_credit_note: bool,
    pub reason: String,
}

impl AdjustmentDraft {
    pub fn parse(
        &self,
        invoice: InvoiceId,
        currency: Currency,
    ) -> Result<AdjustmentDetails, FieldError> {
        let date = parse_date(Field::AdjustmentDate, &self.date)?;
        let amount = parse_positive_amount(Field::AdjustmentAmount, &self.amount, currency)?;
        let kind = if self.is_credit_note {
            AdjustmentKind::CreditNote
        } else {
            AdjustmentKind::Adjustment
        };
        AdjustmentDetails::new(invoice, kind, date, amount, &self.reason)
    }
}

impl Describe for PaymentMethod {
    fn describe(&self, lang: Lang) -> String {
        let (fr, en) = match self {
            PaymentMethod::BankTransfer => ("virement", "bank transfer"),
            PaymentMethod::Card => ("carte", "card"),
            PaymentMethod::Cheque => ("chèque", "cheque"),
            PaymentMethod::Cash => ("espèces", "cash"),
            PaymentMethod::DirectDebit => ("prélèvement", "direct debit"),
            PaymentMethod::Other => ("autre", "other"),
        };
        match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[test]
    fn a_payment_draft_parses_in_the_invoice_currency() {
        let draft = PaymentDraft {
            date: "2026-03-01".into(),
            amount: "1 200,50".into(),
            method: "transfer".into(),
            reference: " VIR 123 ".into(),
        };
        let payment = draft.parse(InvoiceId::from_raw(7), Currency::Eur);
        let Ok(payment) = payment else {
            panic!("{payment:?}")
        };
        assert_eq!(payment.date(), date("2026-03-01"));
        assert_eq!(payment.amount(), Money::new(dec!(1200.50), Currency::Eur));
        assert_eq!(payment.reference(), "VIR 123");
        let zero = PaymentDraft {
            amount: "0".into(),
            ..draft.clone()
        };
        assert!(matches!(
            zero.parse(InvoiceId::from_raw(7), Currency::Eur),
            Err(FieldError::NotPositive { .. })
        ));
        let unknown = PaymentDraft {
            method: "bitcoin".into(),
            ..draft
        };
        assert!(matches!(
            unknown.parse(InvoiceId::from_raw(7), Currency::Eur),
            Err(FieldError::UnknownChoice { .. })
        ));
    }

    #[test]
    fn a_credit_note_draft_parses() {
        let draft = AdjustmentDraft {
            date: "2026-03-01".into(),
            amount: "100".into(),
            is_credit_note: true,
            reason: "Remise".into(),
        };
        let note = draft.parse(InvoiceId::from_raw(7), Currency::Eur);
        assert!(note.is_ok_and(|note| note.kind() == AdjustmentKind::CreditNote));
    }
}
