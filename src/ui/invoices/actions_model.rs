//! The invoice page's actions as a pure model (no Leptos; tested natively): the payment form
//! ([`PaymentDraft`] as typed, [`check_payment`] reading it through the domain's parsers, one
//! error per field), what a payment beyond the open balance leaves as the client's credit,
//! a deposit (paid before the due date), the status changes that apply to a stored status,
//! the contact-log entry that keeps a dispute's reason, and the page's notices.

use chrono::NaiveDate;

use crate::domain::calendar::LAST_DATE;
use crate::domain::field::{Field, FieldError, parse_date};
use crate::domain::invoice::parse_positive_amount;
use crate::domain::{
    AdjustmentDetails, Channel, ContactDetails, InvoiceId, InvoiceStatus, Ledger, Money,
    PaymentDetails, PaymentDraft, PaymentMethod,
};
use crate::format;
use crate::i18n::Lang;

/// The payment form's field names (the ids `inv-input-pay-…`).
pub const PAY_DATE: &str = "pay-date";
pub const PAY_AMOUNT: &str = "pay-amount";
pub const PAY_METHOD: &str = "pay-method";
pub const PAY_REFERENCE: &str = "pay-reference";

/// What is still owed on the invoice once every recorded payment and credit note counts
/// (those dated later too); `None` for an unknown invoice.
pub fn open_balance(ledger: &Ledger, id: InvoiceId) -> Option<Money> {
    ledger
        .balance(id, LAST_DATE)
        .ok()
        .map(|balance| balance.open)
}

/// A new payment on invoice `id`: today, the open balance (written the `lang` way), by bank
/// transfer, no reference.
pub fn blank_payment(ledger: &Ledger, id: InvoiceId, today: NaiveDate, lang: Lang) -> PaymentDraft {
    let amount = open_balance(ledger, id)
        .filter(|open| open.is_positive())
        .map(|open| format::decimal(open.amount(), open.currency().minor_units(), lang))
        .unwrap_or_default();
    PaymentDraft {
        date: today.to_string(),
        amount,
        method: PaymentMethod::BankTransfer.code().to_string(),
        reference: String::new(),
    }
}

/// What the payment form says now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentCheck {
    /// One error per field name.
    pub errors: Vec<(&'static str, FieldError)>,
    /// What to record, when nothing is wrong.
    pub details: Option<PaymentDetails>,
    /// What the amount pays beyond the open balance: kept as the client's credit.
    pub excess: Option<Money>,
    /// The open balance the excess is counted from.
    pub open: Option<Money>,
    /// Paid before the due date: a deposit (acompte).
    pub deposit: bool,
}

impl PaymentCheck {
    pub fn error(&self, name: &str) -> Option<&FieldError> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, error)| error)
    }
}

/// Reads the payment form for invoice `id` through the domain's parsers: every field's error
/// at once, then `PaymentDraft::parse` for what to record.
pub fn check_payment(draft: &PaymentDraft, ledger: &Ledger, id: InvoiceId) -> PaymentCheck {
    let Some(invoice) = ledger.invoice(id) else {
        return PaymentCheck::default();
    };
    let currency = invoice.details().currency();
    let mut errors = Vec::new();
    let date = parse_date(Field::PaymentDate, &draft.date)
        .map_err(|error| errors.push((PAY_DATE, error)))
        .ok();
    let amount = parse_positive_amount(Field::PaymentAmount, &draft.amount, currency)
        .map_err(|error| errors.push((PAY_AMOUNT, error)))
        .ok();
    let method = draft.method.trim();
    if method.is_empty() {
        errors.push((
            PAY_METHOD,
            FieldError::Missing {
                field: Field::PaymentMethod,
            },
        ));
    } else if PaymentMethod::from_code(method).is_none() {
        errors.push((
            PAY_METHOD,
            FieldError::UnknownChoice {
                field: Field::PaymentMethod,
                text: method.to_string(),
            },
        ));
    }
    let mut details = None;
    if errors.is_empty() {
        match draft.parse(id, currency) {
            Ok(parsed) => details = Some(parsed),
            Err(error) => errors.push((pay_field_name(error.field()), error)),
        }
    }
    let open = open_balance(ledger, id);
    let excess = match (amount, open) {
        (Some(amount), Some(open)) => amount
            .checked_sub(open)
            .ok()
            .filter(|excess| excess.is_positive()),
        _ => None,
    };
    let deposit = date.is_some_and(|date| date < invoice.details().due_date());
    PaymentCheck {
        errors,
        details,
        excess,
        open,
        deposit,
    }
}

/// The payment form's field a domain field belongs to.
fn pay_field_name(field: Field) -> &'static str {
    match field {
        Field::PaymentDate => PAY_DATE,
        Field::PaymentAmount => PAY_AMOUNT,
        Field::PaymentMethod => PAY_METHOD,
        _ => PAY_REFERENCE,
    }
}

/// Whether a payment on `date` comes before the invoice's due date (a deposit, "acompte").
pub fn is_deposit(ledger: &Ledger, id: InvoiceId, date: NaiveDate) -> bool {
    ledger
        .invoice(id)
        .is_some_and(|invoice| date < invoice.details().due_date())
}

/// A change of the stored status the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusAction {
    MarkSent,
    MarkDisputed,
    WriteOff,
    BackToSent,
}

impl StatusAction {
    /// The status it stores.
    pub fn target(self) -> InvoiceStatus {
        match self {
            StatusAction::MarkSent | StatusAction::BackToSent => InvoiceStatus::Sent,
            StatusAction::MarkDisputed => InvoiceStatus::Disputed,
            StatusAction::WriteOff => InvoiceStatus::WrittenOff,
        }
    }

    pub fn testid(self) -> &'static str {
        match self {
            StatusAction::MarkSent => "inv-mark-sent",
            StatusAction::MarkDisputed => "inv-mark-disputed",
            StatusAction::WriteOff => "inv-write-off",
            StatusAction::BackToSent => "inv-back-to-sent",
        }
    }
}

/// The status changes that apply to an invoice stored as `status` (the ledger's rules:
/// draft → sent; sent ↔ disputed; sent or disputed → written off; written off → sent).
pub fn status_actions(status: InvoiceStatus) -> &'static [StatusAction] {
    match status {
        InvoiceStatus::Draft => &[StatusAction::MarkSent],
        InvoiceStatus::Sent => &[StatusAction::MarkDisputed, StatusAction::WriteOff],
        InvoiceStatus::Disputed => &[StatusAction::BackToSent, StatusAction::WriteOff],
        InvoiceStatus::WrittenOff => &[StatusAction::BackToSent],
    }
}

/// The contact-log entry keeping a dispute's reason (linked to the invoice, dated `today`,
/// no dunning step); `Ok(None)` when no reason was typed.
pub fn dispute_entry(
    ledger: &Ledger,
    id: InvoiceId,
    today: NaiveDate,
    channel: &str,
    reason: &str,
    lang: Lang,
) -> Result<Option<ContactDetails>, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Ok(None);
    }
    let Some(invoice) = ledger.invoice(id) else {
        return Ok(None);
    };
    let channel = Channel::from_code(channel).ok_or_else(|| FieldError::UnknownChoice {
        field: Field::Channel,
        text: channel.to_string(),
    })?;
    let summary = match lang {
        Lang::Fr => format!(
            "Contestation de la facture {}\u{a0}: {reason}",
            invoice.number()
        ),
        Lang::En => format!("Invoice {} disputed: {reason}", invoice.number()),
    };
    ContactDetails::new(invoice.client(), today, channel, &summary, vec![id], None).map(Some)
}

/// What the invoice's page says after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailNotice {
    /// A payment was recorded; `excess` is what it left as the client's credit.
    PaymentSaved {
        amount: Money,
        deposit: bool,
        excess: Option<Money>,
    },
    /// A payment was removed; its data, to record it again.
    PaymentRemoved { details: PaymentDetails },
    /// A removed payment was recorded again.
    PaymentRestored { amount: Money },
    /// A credit note was recorded; `beyond`: what it took off past the open balance.
    CreditSaved {
        amount: Money,
        beyond: Option<Money>,
    },
    /// A credit note was removed; its data, to record it again.
    CreditRemoved { details: AdjustmentDetails },
    /// A removed credit note was recorded again.
    CreditRestored { amount: Money },
    /// The status was changed; `reason_logged`: the dispute's reason went to the contact log.
    StatusChanged {
        status: InvoiceStatus,
        reason_logged: bool,
    },
}

/// The notice's sentence.
pub fn notice_line(notice: &DetailNotice, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match notice {
        DetailNotice::PaymentSaved {
            amount,
            deposit,
            excess,
        } => {
            let amount = format::money(*amount, lang);
            let mut line = match (fr, deposit) {
                (true, true) => format!("Acompte enregistré\u{a0}: {amount}."),
                (true, false) => format!("Paiement enregistré\u{a0}: {amount}."),
                (false, true) => format!("Deposit recorded: {amount}."),
                (false, false) => format!("Payment recorded: {amount}."),
            };
            if let Some(excess) = excess {
                line.push(' ');
                line.push_str(&excess_line(*excess, lang));
            }
            line
        }
        DetailNotice::PaymentRemoved { details } => {
            let amount = format::money(details.amount(), lang);
            let date = format::date_short(details.date(), lang);
            if fr {
                format!("Paiement supprimé\u{a0}: {amount} du {date}.")
            } else {
                format!("Payment removed: {amount} of {date}.")
            }
        }
        DetailNotice::PaymentRestored { amount } => {
            let amount = format::money(*amount, lang);
            if fr {
                format!("Paiement rétabli\u{a0}: {amount}.")
            } else {
                format!("Payment restored: {amount}.")
            }
        }
        DetailNotice::CreditSaved { amount, beyond } => {
            let amount = format::money(*amount, lang);
            let mut line = if fr {
                format!("Avoir enregistré\u{a0}: {amount}.")
            } else {
                format!("Credit note recorded: {amount}.")
            };
            if let Some(beyond) = beyond {
                line.push(' ');
                line.push_str(&crate::ui::invoices::credit_model::beyond_line(
                    *beyond, lang,
                ));
            }
            line
        }
        DetailNotice::CreditRemoved { details } => {
            let amount = format::money(details.amount(), lang);
            let date = format::date_short(details.date(), lang);
            if fr {
                format!("Avoir supprimé\u{a0}: {amount} du {date}.")
            } else {
                format!("Credit note removed: {amount} of {date}.")
            }
        }
        DetailNotice::CreditRestored { amount } => {
            let amount = format::money(*amount, lang);
            if fr {
                format!("Avoir rétabli\u{a0}: {amount}.")
            } else {
                format!("Credit note restored: {amount}.")
            }
        }
        DetailNotice::StatusChanged {
            status,
            reason_logged,
        } => {
            let name = if fr {
                crate::domain::ledger::status_fr(*status)
            } else {
                crate::domain::ledger::status_en(*status)
            };
            let mut line = if fr {
                format!("La facture est maintenant «\u{a0}{name}\u{a0}».")
            } else {
                format!("The invoice is now “{name}”.")
            };
            if *reason_logged {
                line.push_str(if fr {
                    " Le motif est noté dans le journal des échanges du client."
                } else {
                    " The reason is noted in the client's contact log."
                });
            }
            line
        }
    }
}

/// "50,00 € au-delà du reste dû : gardés au crédit du client."
pub fn excess_line(excess: Money, lang: Lang) -> String {
    let excess = format::money(excess, lang);
    match lang {
        Lang::Fr => format!(
            "{excess} au-delà du reste dû\u{a0}: ce trop-perçu est gardé au crédit du client, rien n'est perdu."
        ),
        Lang::En => format!(
            "{excess} beyond the open balance: this overpayment is kept as the client's credit, nothing is lost."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    fn eur(amount: rust_decimal::Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[test]
    fn a_new_payment_defaults_to_today_and_the_open_balance_written_the_users_way() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "1300", "EUR");
        books.pay(id, "2026-01-20", dec!(100), Currency::Eur);
        let french = blank_payment(&books.ledger, id, date("2026-03-01"), Lang::Fr);
        assert_eq!(french.date, "2026-03-01");
        assert_eq!(french.amount, "1\u{202f}200,00");
        assert_eq!(french.method, "transfer");
        let english = blank_payment(&books.ledger, id, date("2026-03-01"), Lang::En);
        assert_eq!(english.amount, "1,200.00");
        // Both read back to the same amount.
        for draft in [french, english] {
            let checked = check_payment(&draft, &books.ledger, id);
            assert_eq!(
                checked.details.map(|details| details.amount()),
                Some(eur(dec!(1200)))
            );
            assert_eq!(checked.excess, None);
        }
    }

    #[test]
    fn every_wrong_field_of_a_payment_is_named_at_once() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        let draft = PaymentDraft {
            date: "31/02/2026".into(),
            amount: "abc".into(),
            method: "bitcoin".into(),
            reference: String::new(),
        };
        let checked = check_payment(&draft, &books.ledger, id);
        assert!(checked.details.is_none());
        assert!(checked.error(PAY_DATE).is_some());
        assert!(checked.error(PAY_AMOUNT).is_some());
        assert!(matches!(
            checked.error(PAY_METHOD),
            Some(FieldError::UnknownChoice { .. })
        ));
        let long = PaymentDraft {
            date: "2026-02-01".into(),
            amount: "10".into(),
            method: "cheque".into(),
            reference: "x".repeat(201),
        };
        let checked = check_payment(&long, &books.ledger, id);
        assert!(matches!(
            checked.error(PAY_REFERENCE),
            Some(FieldError::TooLong { .. })
        ));
    }

    #[test]
    fn an_amount_above_the_open_balance_is_announced_as_the_clients_credit_and_kept() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        books.pay(id, "2026-01-20", dec!(100), Currency::Eur);
        let draft = PaymentDraft {
            date: "2026-03-01".into(),
            amount: "250,00".into(),
            method: "transfer".into(),
            reference: "VIR 9".into(),
        };
        let checked = check_payment(&draft, &books.ledger, id);
        assert_eq!(checked.excess, Some(eur(dec!(50))));
        assert_eq!(checked.open, Some(eur(dec!(200))));
        let Some(details) = checked.details else {
            panic!("{:?}", checked.errors)
        };
        assert!(books.ledger.record_payment(details).is_ok());
        let credits = books.ledger.client_credits(date("2026-03-01"));
        let credit = credits.ok().and_then(|credits| {
            credits
                .get(&client)
                .and_then(|by| by.get(&Currency::Eur).copied())
        });
        assert_eq!(credit, Some(eur(dec!(50))));
        assert_eq!(open_balance(&books.ledger, id), Some(eur(dec!(0))));
        assert_eq!(
            notice_line(
                &DetailNotice::PaymentSaved {
                    amount: eur(dec!(250)),
                    deposit: false,
                    excess: checked.excess,
                },
                Lang::En
            ),
            "Payment recorded: €250.00. €50.00 beyond the open balance: this overpayment is kept as the client's credit, nothing is lost."
        );
    }

    #[test]
    fn a_payment_before_the_due_date_is_a_deposit() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        // Net 30: due 2026-02-04.
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        let mut draft = blank_payment(&books.ledger, id, date("2026-01-10"), Lang::Fr);
        draft.amount = "100".into();
        assert!(check_payment(&draft, &books.ledger, id).deposit);
        assert!(is_deposit(&books.ledger, id, date("2026-02-03")));
        assert!(!is_deposit(&books.ledger, id, date("2026-02-04")));
        assert_eq!(
            notice_line(
                &DetailNotice::PaymentSaved {
                    amount: eur(dec!(100)),
                    deposit: true,
                    excess: None
                },
                Lang::Fr
            ),
            "Acompte enregistré\u{a0}: 100,00\u{a0}€."
        );
    }

    #[test]
    fn a_removed_payment_is_recorded_again_with_the_same_details() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        books.pay(id, "2026-01-20", dec!(100), Currency::Eur);
        let Some(payment) = books.ledger.payments_of(id).first().cloned() else {
            panic!("no payment")
        };
        assert!(books.ledger.remove_payment(payment.id()).is_ok());
        assert_eq!(open_balance(&books.ledger, id), Some(eur(dec!(300))));
        assert!(
            books
                .ledger
                .record_payment(payment.details().clone())
                .is_ok()
        );
        assert_eq!(open_balance(&books.ledger, id), Some(eur(dec!(200))));
        assert_eq!(
            notice_line(
                &DetailNotice::PaymentRemoved {
                    details: payment.details().clone()
                },
                Lang::En
            ),
            format!(
                "Payment removed: €100.00 of {}.",
                format::date_short(date("2026-01-20"), Lang::En)
            )
        );
    }

    #[test]
    fn only_the_status_changes_that_apply_are_offered_and_the_ledger_takes_each() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.draft("F-1", client, "2026-01-05", "300", "EUR");
        assert_eq!(
            status_actions(InvoiceStatus::Draft),
            &[StatusAction::MarkSent]
        );
        assert_eq!(
            status_actions(InvoiceStatus::Disputed),
            &[StatusAction::BackToSent, StatusAction::WriteOff]
        );
        let mut status = InvoiceStatus::Draft;
        for action in [
            StatusAction::MarkSent,
            StatusAction::MarkDisputed,
            StatusAction::BackToSent,
            StatusAction::WriteOff,
            StatusAction::BackToSent,
        ] {
            assert!(
                status_actions(status).contains(&action),
                "{action:?} from {status:?}"
            );
            assert!(books.ledger.set_status(id, action.target()).is_ok());
            status = action.target();
        }
        // Every status offers at least one way out, each one the ledger allows.
        for from in [
            InvoiceStatus::Draft,
            InvoiceStatus::Sent,
            InvoiceStatus::Disputed,
            InvoiceStatus::WrittenOff,
        ] {
            assert!(!status_actions(from).is_empty());
        }
    }

    #[test]
    fn a_disputes_reason_goes_to_the_contact_log_linked_to_the_invoice() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        let entry = dispute_entry(
            &books.ledger,
            id,
            date("2026-02-10"),
            "phone",
            " Livraison incomplète ",
            Lang::Fr,
        );
        let Ok(Some(entry)) = entry else {
            panic!("{entry:?}")
        };
        assert_eq!(
            entry.summary(),
            "Contestation de la facture F-1\u{a0}: Livraison incomplète"
        );
        assert!(books.ledger.log_contact(entry).is_ok());
        assert_eq!(books.ledger.contacts_of_invoice(id).count(), 1);
        assert!(matches!(
            dispute_entry(
                &books.ledger,
                id,
                date("2026-02-10"),
                "phone",
                "  ",
                Lang::Fr
            ),
            Ok(None)
        ));
    }
}
