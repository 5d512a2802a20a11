//! One client's page as of a date, pure: the client's details, its invoices with their open
//! balances and standing, its statistics and risk grade, its contact log, and the stop-work
//! warning (an overdue invoice more than 30 days late: a warning, never a refusal), and its
//! payment plans (each invoice's latest, with what comes next or the installment missed) with
//! the open invoices a plan may be proposed for.

use chrono::NaiveDate;

use crate::domain::{
    self as domain, ClientDetails, ClientId, ClientStatistics, InvoiceId, InvoiceState, Ledger,
    LedgerError, Money,
};
use crate::domain::{PlanStatus, PlanTerms};
use crate::ui::components::plan_summary::{PlanNext, invoice_plans};

/// Beyond this many days past due, new work for the client is discouraged (the default: the
/// user sets theirs in Settings, see [`client_page_with`]).
pub const STOP_WORK_DAYS: i64 = crate::domain::DEFAULT_STOP_WORK_DAYS;

/// Where an invoice stands as of the page's date, in the words of its status column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Draft,
    Paid,
    PartlyPaid,
    NotDue,
    Overdue { days: i64 },
    Disputed,
    WrittenOff,
}

impl Standing {
    fn of(state: &InvoiceState) -> Standing {
        match state.standing() {
            domain::Standing::Draft => Standing::Draft,
            domain::Standing::WrittenOff => Standing::WrittenOff,
            domain::Standing::Disputed => Standing::Disputed,
            domain::Standing::Paid => Standing::Paid,
            domain::Standing::Overdue => Standing::Overdue {
                days: state.days_past_due,
            },
            domain::Standing::PartiallyPaid => Standing::PartlyPaid,
            domain::Standing::NotDue => Standing::NotDue,
        }
    }
}

/// One of the client's invoices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceLine {
    pub id: InvoiceId,
    pub number: String,
    pub issued: NaiveDate,
    pub due: NaiveDate,
    pub gross: Money,
    pub open: Money,
    pub standing: Standing,
    /// Days past due of an overdue invoice (receivable, not settled, late); 0 otherwise.
    pub days_overdue: i64,
}

/// New work is discouraged: this much is overdue, and this invoice is the latest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopWork {
    /// The client's overdue balance, per currency.
    pub overdue: Vec<Money>,
    /// The overdue invoice with the most days past due.
    pub oldest: InvoiceLine,
}

/// One of the client's payment plans (each invoice's latest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanLine {
    pub invoice: InvoiceId,
    pub number: String,
    pub terms: PlanTerms,
    /// The earliest installment still unpaid past its due date, else the next one to pay.
    pub next: PlanNext,
    pub status: PlanStatus,
}

/// An open invoice a payment plan may be proposed for (owed, something left, no plan kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposable {
    pub invoice: InvoiceId,
    pub number: String,
    pub open: Money,
}

/// Everything the page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientPage {
    pub id: ClientId,
    pub details: ClientDetails,
    pub statistics: ClientStatistics,
    /// Latest due date first.
    pub invoices: Vec<InvoiceLine>,
    pub stop_work: Option<StopWork>,
    /// In the order of `invoices`.
    pub plans: Vec<PlanLine>,
    /// In the order of `invoices`.
    pub proposable: Vec<Proposable>,
}

/// The page of client `id` as of `as_of`; `None` when there is no such client.
pub fn client_page(
    ledger: &Ledger,
    id: ClientId,
    as_of: NaiveDate,
) -> Option<Result<ClientPage, LedgerError>> {
    client_page_with(ledger, id, as_of, STOP_WORK_DAYS)
}

/// The page of client `id` as of `as_of`, warning against new work beyond `stop_work_days`
/// past due (the user's threshold, Settings).
pub fn client_page_with(
    ledger: &Ledger,
    id: ClientId,
    as_of: NaiveDate,
    stop_work_days: i64,
) -> Option<Result<ClientPage, LedgerError>> {
    let client = ledger.client(id)?;
    Some(build(ledger, id, client.details(), as_of, stop_work_days))
}

fn build(
    ledger: &Ledger,
    id: ClientId,
    details: &ClientDetails,
    as_of: NaiveDate,
    stop_work_days: i64,
) -> Result<ClientPage, LedgerError> {
    let statistics =
        ClientStatistics::for_client(ledger, id, as_of)?.ok_or(LedgerError::UnknownClient(id))?;
    let mut invoices = Vec::new();
    for invoice in ledger.invoices_of(id) {
        let state = ledger.state_of(invoice.id(), as_of)?;
        invoices.push(InvoiceLine {
            id: invoice.id(),
            number: invoice.number().to_string(),
            issued: invoice.details().issue_date(),
            due: invoice.due_date(),
            gross: invoice.gross(),
            open: state.balance.open,
            standing: Standing::of(&state),
            days_overdue: if state.is_overdue() {
                state.days_past_due
            } else {
                0
            },
        });
    }
    invoices.sort_by(|left, right| {
        right
            .due
            .cmp(&left.due)
            .then_with(|| right.number.cmp(&left.number))
    });
    let stop_work = invoices
        .iter()
        .filter(|line| line.days_overdue > stop_work_days)
        .max_by(|left, right| {
            left.days_overdue
                .cmp(&right.days_overdue)
                // The same lateness: the earlier-numbered one, for a stable page.
                .then_with(|| right.number.cmp(&left.number))
        })
        .map(|oldest| StopWork {
            overdue: statistics.open_overdue.values().copied().collect(),
            oldest: oldest.clone(),
        });
    let mut plans = Vec::new();
    let mut proposable = Vec::new();
    for line in &invoices {
        let Some(shown) = invoice_plans(ledger, line.id, as_of) else {
            continue;
        };
        let shown = shown?;
        if let Some(plan) = &shown.current {
            plans.push(PlanLine {
                invoice: line.id,
                number: line.number.clone(),
                terms: plan.terms,
                next: plan.next(),
                status: plan.status,
            });
        }
        if shown.can_propose
            && let Some(open) = shown.open
        {
            proposable.push(Proposable {
                invoice: line.id,
                number: line.number.clone(),
                open,
            });
        }
    }
    Ok(ClientPage {
        id,
        details: details.clone(),
        statistics,
        invoices,
        stop_work,
        plans,
        proposable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, InvoiceStatus, RiskGrade};
    use crate::ui::clients::test_support::{TestBooks, day};
    use rust_decimal_macros::dec;

    const EUR: Currency = Currency::Eur;

    fn page(books: &TestBooks, id: ClientId, as_of: &str) -> ClientPage {
        match client_page(&books.ledger, id, day(as_of)) {
            Some(Ok(page)) => page,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_client_has_no_page() {
        let books = TestBooks::new();
        assert_eq!(
            client_page(&books.ledger, ClientId::from_raw(3), day("2026-03-31")),
            None
        );
    }

    #[test]
    fn the_page_lists_each_invoice_with_its_open_balance_and_standing_latest_due_first() {
        let mut books = TestBooks::new();
        let client = books.client("Atelier Dupont", "", "");
        let other = books.client("Autre", "", "");
        let paid = books.invoice(client, "2026-01-02", "2026-02-01", dec!(100), EUR);
        books.pay(paid, "2026-01-20", dec!(100), EUR);
        let partly = books.invoice(client, "2026-03-01", "2026-04-30", dec!(300), EUR);
        books.pay(partly, "2026-03-10", dec!(120), EUR);
        let late = books.invoice(client, "2026-02-01", "2026-03-03", dec!(500), EUR);
        books.invoice_with_status(
            client,
            "2026-03-20",
            "2026-04-19",
            dec!(50),
            EUR,
            InvoiceStatus::Draft,
        );
        books.invoice(other, "2026-01-01", "2026-01-31", dec!(999), EUR);
        let page = page(&books, client, "2026-03-31");
        let lines: Vec<(&str, Money, Standing)> = page
            .invoices
            .iter()
            .map(|line| (line.number.as_str(), line.open, line.standing))
            .collect();
        let eur = |amount| Money::new(amount, EUR);
        assert_eq!(
            lines,
            [
                ("F-002", eur(dec!(180)), Standing::PartlyPaid),
                ("F-004", eur(dec!(50)), Standing::Draft),
                ("F-003", eur(dec!(500)), Standing::Overdue { days: 28 }),
                ("F-001", eur(dec!(0)), Standing::Paid),
            ]
        );
        assert!(page.invoices.iter().any(|line| line.id == late));
        // 28 days late: not yet the stop-work threshold.
        assert_eq!(page.stop_work, None);
        assert_eq!(page.statistics.paid_invoices, 1);
        assert_eq!(page.statistics.grade, RiskGrade::B);
    }

    #[test]
    fn an_invoice_more_than_30_days_late_says_stop_new_work_with_the_amount_and_the_oldest() {
        let mut books = TestBooks::new();
        let client = books.client("Atelier Dupont", "", "");
        books.invoice(client, "2026-01-01", "2026-01-31", dec!(400), EUR);
        let oldest = books.invoice(client, "2025-12-01", "2025-12-31", dec!(600), EUR);
        books.pay(oldest, "2026-01-15", dec!(100), EUR);
        books.invoice(client, "2026-03-15", "2026-04-14", dec!(700), EUR);
        // On 2026-03-02, the oldest is 61 days late and the other 30: only one beyond 30.
        let page = page(&books, client, "2026-03-02");
        let Some(stop) = page.stop_work else {
            panic!("no warning")
        };
        assert_eq!(stop.oldest.id, oldest);
        assert_eq!(stop.oldest.days_overdue, 61);
        assert_eq!(stop.oldest.open, Money::new(dec!(500), EUR));
        // The whole overdue balance, not only the oldest invoice's.
        assert_eq!(stop.overdue, [Money::new(dec!(900), EUR)]);
    }

    #[test]
    fn the_users_threshold_decides_the_stop_work_warning() {
        // Due 31 January: 31 days late on 3 March.
        let mut books = TestBooks::new();
        let client = books.client("Atelier Dupont", "", "");
        books.invoice(client, "2026-01-01", "2026-01-31", dec!(400), EUR);
        let at = |days: i64| {
            client_page_with(&books.ledger, client, day("2026-03-03"), days)
                .and_then(Result::ok)
                .and_then(|page| page.stop_work)
        };
        assert!(at(30).is_some());
        assert!(at(31).is_none());
        assert!(at(0).is_some());
    }

    #[test]
    fn exactly_30_days_late_is_not_yet_a_stop_work_warning() {
        let mut books = TestBooks::new();
        let client = books.client("Atelier Dupont", "", "");
        books.invoice(client, "2026-01-01", "2026-01-31", dec!(400), EUR);
        assert_eq!(page(&books, client, "2026-03-02").stop_work, None);
        assert!(page(&books, client, "2026-03-03").stop_work.is_some());
    }

    #[test]
    fn the_page_lists_the_clients_plans_with_a_missed_installment_and_the_invoices_open_to_one() {
        use crate::domain::plan::{InterestDuringPlan, PlanPeriod};
        let mut books = TestBooks::new();
        let client = books.client("Atelier Dupont", "", "");
        let planned = books.invoice(client, "2026-01-02", "2026-02-01", dec!(300), EUR);
        let open = books.invoice(client, "2026-01-10", "2026-02-09", dec!(80), EUR);
        let paid = books.invoice(client, "2026-01-15", "2026-02-14", dec!(50), EUR);
        books.pay(paid, "2026-01-20", dec!(50), EUR);
        let other = books.client("Autre", "", "");
        books.invoice(other, "2026-01-01", "2026-01-31", dec!(999), EUR);
        let agreed = PlanTerms::new(
            planned,
            day("2026-02-10"),
            day("2026-03-01"),
            3,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        )
        .map_err(|error| format!("{error:?}"))
        .and_then(|terms| {
            books
                .ledger
                .agree_plan(terms)
                .map_err(|error| format!("{error:?}"))
        });
        assert!(agreed.is_ok(), "{agreed:?}");
        // Kept on the first installment's due date: its next installment, no proposal for it.
        let kept = page(&books, client, "2026-03-01");
        let lines: Vec<(&str, PlanNext, PlanStatus)> = kept
            .plans
            .iter()
            .map(|line| (line.number.as_str(), line.next, line.status))
            .collect();
        assert_eq!(
            lines,
            [(
                "F-001",
                PlanNext::Next {
                    number: 1,
                    due_date: day("2026-03-01"),
                    remaining: Money::new(dec!(100), EUR)
                },
                PlanStatus::Kept
            )]
        );
        let proposable: Vec<(InvoiceId, Money)> = kept
            .proposable
            .iter()
            .map(|line| (line.invoice, line.open))
            .collect();
        assert_eq!(proposable, [(open, Money::new(dec!(80), EUR))]);
        // The day after: the installment is missed, and the invoice is open to a new plan.
        let missed = page(&books, client, "2026-03-02");
        assert_eq!(
            missed.plans.first().map(|line| line.next),
            Some(PlanNext::Missed {
                number: 1,
                due_date: day("2026-03-01")
            })
        );
        assert!(matches!(
            missed.plans.first().map(|line| line.status),
            Some(PlanStatus::Broken { installment: 1, .. })
        ));
        let numbers: Vec<&str> = missed
            .proposable
            .iter()
            .map(|line| line.number.as_str())
            .collect();
        assert_eq!(numbers, ["F-002", "F-001"]);
    }
}
