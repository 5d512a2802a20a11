//! The credit-note form as a pure model (no Leptos; tested natively): the draft as typed
//! ([`AdjustmentDraft`]), [`check_credit`] reading it through the domain's parsers with one
//! error per field, and what a credit note beyond the open balance means.

use chrono::NaiveDate;

use crate::domain::field::{Field, FieldError, parse_date};
use crate::domain::invoice::parse_positive_amount;
use crate::domain::{AdjustmentDetails, AdjustmentDraft, InvoiceId, Ledger, Money};
use crate::format;
use crate::i18n::Lang;
use crate::ui::invoices::actions_model::open_balance;

/// The credit-note form's field names (the ids `inv-input-credit-…`).
pub const CREDIT_DATE: &str = "credit-date";
pub const CREDIT_AMOUNT: &str = "credit-amount";
pub const CREDIT_REASON: &str = "credit-reason";

/// A new credit note: dated today, no amount yet (a credit note is rarely the whole balance).
pub fn blank_credit(today: NaiveDate) -> AdjustmentDraft {
    AdjustmentDraft {
        date: today.to_string(),
        amount: String::new(),
        is_credit_note: true,
        reason: String::new(),
    }
}

/// What the credit-note form says now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreditCheck {
    /// One error per field name.
    pub errors: Vec<(&'static str, FieldError)>,
    /// What to record, when nothing is wrong.
    pub details: Option<AdjustmentDetails>,
    /// What the credit note takes off beyond the open balance (the invoice then owes nothing
    /// and the rest is the client's credit).
    pub beyond: Option<Money>,
}

impl CreditCheck {
    pub fn error(&self, name: &str) -> Option<&FieldError> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, error)| error)
    }
}

/// Reads the credit-note form for invoice `id`: every field's error at once, then
/// `AdjustmentDraft::parse` for what to record.
pub fn check_credit(draft: &AdjustmentDraft, ledger: &Ledger, id: InvoiceId) -> CreditCheck {
    let Some(invoice) = ledger.invoice(id) else {
        return CreditCheck::default();
    };
    let currency = invoice.details().currency();
    let mut errors = Vec::new();
    if let Err(error) = parse_date(Field::AdjustmentDate, &draft.date) {
        errors.push((CREDIT_DATE, error));
    }
    let amount = parse_positive_amount(Field::AdjustmentAmount, &draft.amount, currency)
        .map_err(|error| errors.push((CREDIT_AMOUNT, error)))
        .ok();
    let mut details = None;
    if errors.is_empty() {
        match draft.parse(id, currency) {
            Ok(parsed) => details = Some(parsed),
            Err(error) => errors.push((credit_field_name(error.field()), error)),
        }
    }
    let beyond = match (amount, open_balance(ledger, id)) {
        (Some(amount), Some(open)) => amount
            .checked_sub(open)
            .ok()
            .filter(|beyond| beyond.is_positive()),
        _ => None,
    };
    CreditCheck {
        errors,
        details,
        beyond,
    }
}

/// The credit-note form's field a domain field belongs to.
fn credit_field_name(field: Field) -> &'static str {
    match field {
        Field::AdjustmentDate => CREDIT_DATE,
        Field::AdjustmentAmount => CREDIT_AMOUNT,
        _ => CREDIT_REASON,
    }
}

/// "Cet avoir dépasse de 50,00 € le reste dû : …"
pub fn beyond_line(beyond: Money, lang: Lang) -> String {
    let beyond = format::money(beyond, lang);
    match lang {
        Lang::Fr => format!(
            "Cet avoir dépasse le reste dû de {beyond}\u{a0}: la facture ne devra plus rien et ce montant sera gardé au crédit du client."
        ),
        Lang::En => format!(
            "This credit note is {beyond} more than the open balance: the invoice will owe nothing and that amount is kept as the client's credit."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::{AdjustmentKind, Currency};
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    fn eur(amount: rust_decimal::Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[test]
    fn a_credit_note_typed_the_french_way_reduces_the_open_balance() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "1300", "EUR");
        let draft = AdjustmentDraft {
            amount: "300,50".into(),
            reason: "Remise sur la livraison".into(),
            ..blank_credit(date("2026-02-01"))
        };
        let checked = check_credit(&draft, &books.ledger, id);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert_eq!(checked.beyond, None);
        let Some(details) = checked.details else {
            panic!("no details")
        };
        assert_eq!(details.kind(), AdjustmentKind::CreditNote);
        assert_eq!(details.amount(), eur(dec!(300.50)));
        assert_eq!(details.reason(), "Remise sur la livraison");
        assert!(books.ledger.add_adjustment(details).is_ok());
        assert_eq!(open_balance(&books.ledger, id), Some(eur(dec!(999.50))));
    }

    #[test]
    fn every_wrong_field_of_a_credit_note_is_named_at_once() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        let draft = AdjustmentDraft {
            date: "31/02/2026".into(),
            amount: "-5".into(),
            is_credit_note: true,
            reason: String::new(),
        };
        let checked = check_credit(&draft, &books.ledger, id);
        assert!(checked.details.is_none());
        assert!(checked.error(CREDIT_DATE).is_some());
        assert!(checked.error(CREDIT_AMOUNT).is_some());
        let long = AdjustmentDraft {
            amount: "10".into(),
            reason: "x".repeat(201),
            ..blank_credit(date("2026-02-01"))
        };
        let checked = check_credit(&long, &books.ledger, id);
        assert!(matches!(
            checked.error(CREDIT_REASON),
            Some(FieldError::TooLong { .. })
        ));
        assert!(checked.details.is_none());
    }

    #[test]
    fn a_credit_note_beyond_the_open_balance_is_announced() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        let draft = AdjustmentDraft {
            amount: "350".into(),
            ..blank_credit(date("2026-02-01"))
        };
        let checked = check_credit(&draft, &books.ledger, id);
        assert_eq!(checked.beyond, Some(eur(dec!(50))));
        assert!(checked.details.is_some());
        assert_eq!(
            beyond_line(eur(dec!(50)), Lang::En),
            "This credit note is €50.00 more than the open balance: the invoice will owe nothing and that amount is kept as the client's credit."
        );
    }
}
