//! "Stop new work": a client who owes an invoice more than a number of days past its due date
//! (30 by default) should pay before the user accepts more work. A warning the client's page
//! and the new-invoice form give, never a refusal.

use chrono::NaiveDate;

use crate::domain::{ClientId, InvoiceId, Ledger, LedgerError, Money};

/// Past this many days late, an unpaid invoice says "stop new work" (the default threshold).
pub const DEFAULT_STOP_WORK_DAYS: i64 = 30;

/// The largest threshold accepted (ten years).
pub const MAX_STOP_WORK_DAYS: i64 = 3650;

/// A threshold as the user typed it is refused: not a whole number of days from 0 to
/// [`MAX_STOP_WORK_DAYS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopWorkDaysError {
    pub text: String,
}

impl crate::i18n::Describe for StopWorkDaysError {
    fn describe(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Fr => format!(
                "«\u{a0}{}\u{a0}» n'est pas un nombre de jours entier de 0 à {MAX_STOP_WORK_DAYS}.",
                self.text
            ),
            crate::i18n::Lang::En => format!(
                "“{}” is not a whole number of days from 0 to {MAX_STOP_WORK_DAYS}.",
                self.text
            ),
        }
    }
}

/// The threshold read from `text` (digits only, spaces around allowed): 0 warns of any
/// overdue invoice.
pub fn parse_stop_work_days(text: &str) -> Result<i64, StopWorkDaysError> {
    let trimmed = text.trim();
    let refused = || StopWorkDaysError {
        text: text.trim().chars().take(20).collect(),
    };
    if trimmed.is_empty() || trimmed.len() > 6 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refused());
    }
    trimmed
        .parse::<i64>()
        .ok()
        .filter(|days| (0..=MAX_STOP_WORK_DAYS).contains(days))
        .ok_or_else(refused)
}

/// Why new work for a client is discouraged, as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopWork {
    /// The client's overdue balance, one amount per currency (in the order first met).
    pub overdue: Vec<Money>,
    /// The overdue invoice with the most days past due (the earlier number on a tie).
    pub oldest: InvoiceId,
    pub oldest_number: String,
    pub oldest_due: NaiveDate,
    /// Days past the oldest invoice's due date.
    pub days_late: i64,
    /// What is left to pay on the oldest invoice.
    pub oldest_open: Money,
}

/// Whether `client` owes, as of `as_of`, an invoice more than `threshold_days` past due; `None`
/// when not (or when the client has no invoice).
pub fn stop_work(
    ledger: &Ledger,
    client: ClientId,
    as_of: NaiveDate,
    threshold_days: i64,
) -> Result<Option<StopWork>, LedgerError> {
    let mut overdue: Vec<Money> = Vec::new();
    let mut oldest: Option<StopWork> = None;
    for invoice in ledger.invoices_of(client) {
        let state = ledger.state_of(invoice.id(), as_of)?;
        if !state.is_overdue() {
            continue;
        }
        let open = state.balance.open;
        match overdue
            .iter_mut()
            .find(|total| total.currency() == open.currency())
        {
            Some(total) => *total = total.checked_add(open)?,
            None => overdue.push(open),
        }
        if state.days_past_due <= threshold_days {
            continue;
        }
        let older = oldest.as_ref().is_none_or(|current| {
            state.days_past_due > current.days_late
                || (state.days_past_due == current.days_late
                    && invoice.number() < current.oldest_number.as_str())
        });
        if older {
            oldest = Some(StopWork {
                overdue: Vec::new(),
                oldest: invoice.id(),
                oldest_number: invoice.number().to_string(),
                oldest_due: invoice.due_date(),
                days_late: state.days_past_due,
                oldest_open: open,
            });
        }
    }
    Ok(oldest.map(|stop| StopWork { overdue, ..stop }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::aging::tests::Builder;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[test]
    fn an_invoice_more_than_thirty_days_late_says_stop_with_the_oldest_and_the_total() {
        let mut books = Builder::new();
        let recent = books.invoice("2026-02-20", dec!(400), Currency::Eur);
        let old = books.invoice("2026-01-01", dec!(500), Currency::Eur);
        books.pay(old, "2026-01-15", dec!(100), Currency::Eur);
        let _ = recent;
        let stop = stop_work(&books.ledger, books.client, date("2026-03-03"), 30);
        let Ok(Some(stop)) = stop else {
            panic!("{stop:?}");
        };
        assert_eq!(stop.oldest, old);
        assert_eq!(stop.days_late, 61);
        assert_eq!(stop.oldest_open, Money::new(dec!(400), Currency::Eur));
        // The whole overdue balance, the recent invoice (11 days late) included.
        assert_eq!(stop.overdue, [Money::new(dec!(800), Currency::Eur)]);
    }

    #[test]
    fn thirty_days_late_exactly_is_not_yet_a_stop() {
        let mut books = Builder::new();
        books.invoice("2026-01-31", dec!(500), Currency::Eur);
        let client = books.client;
        assert_eq!(
            stop_work(&books.ledger, client, date("2026-03-02"), 30),
            Ok(None)
        );
        assert!(matches!(
            stop_work(&books.ledger, client, date("2026-03-03"), 30),
            Ok(Some(_))
        ));
    }

    #[test]
    fn the_threshold_is_the_users_and_is_checked() {
        let mut books = Builder::new();
        books.invoice("2026-02-20", dec!(400), Currency::Eur);
        let client = books.client;
        // 11 days late: no stop at 30, a stop at 10.
        assert_eq!(
            stop_work(&books.ledger, client, date("2026-03-03"), 30),
            Ok(None)
        );
        assert!(matches!(
            stop_work(&books.ledger, client, date("2026-03-03"), 10),
            Ok(Some(_))
        ));
        assert_eq!(parse_stop_work_days(" 45 "), Ok(45));
        assert_eq!(parse_stop_work_days("0"), Ok(0));
        assert_eq!(parse_stop_work_days("3650"), Ok(3650));
        for bad in ["", "-1", "3651", "4.5", "trente", "99999999999"] {
            let error = parse_stop_work_days(bad);
            assert!(error.is_err(), "{bad}");
            let said = error
                .err()
                .map(|e| crate::i18n::Describe::describe(&e, crate::i18n::Lang::Fr));
            assert!(
                said.unwrap_or_default().contains("nombre de jours"),
                "{bad}"
            );
        }
    }

    #[test]
    fn overdue_amounts_stay_per_currency_and_paid_invoices_do_not_count() {
        let mut books = Builder::new();
        let paid = books.invoice("2025-01-01", dec!(300), Currency::Eur);
        books.pay(paid, "2025-01-10", dec!(300), Currency::Eur);
        books.invoice("2025-06-01", dec!(200), Currency::Gbp);
        books.invoice("2025-07-01", dec!(100), Currency::Eur);
        let stop = stop_work(&books.ledger, books.client, date("2026-01-01"), 30);
        let Ok(Some(stop)) = stop else {
            panic!("{stop:?}");
        };
        assert_eq!(
            stop.overdue,
            [
                Money::new(dec!(200), Currency::Gbp),
                Money::new(dec!(100), Currency::Eur)
            ]
        );
        assert_eq!(stop.oldest_number, "F-2");
    }
}
