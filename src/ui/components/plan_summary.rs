//! Payment plans (échéanciers) as the invoice's page and the client's page show them, pure
//! (tested natively): an invoice's current plan with each installment's state as of a date,
//! its past plans, whether a new plan may be proposed, and what comes next (the next
//! installment, or the one that was missed). The arithmetic and the rules are the domain's
//! (`PaymentPlan::state`); this only reads them for the screens. The words are in
//! `plan_words.rs`.

use chrono::NaiveDate;

use crate::domain::plan::{FreezePeriod, InstallmentStatus, PlanStatus};
use crate::domain::{InvoiceId, InvoiceStatus, Ledger, Money, MoneyError, PaymentPlan, PlanId};
use crate::domain::{PlanTerms, calendar::LAST_DATE};

/// An installment's state as the screens say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstallmentShown {
    Paid,
    /// Partly paid, not yet due.
    PartlyPaid,
    /// The next one to pay, not yet due.
    DueNext,
    /// Not yet due, after the next one.
    Upcoming,
    /// Its due date passed without full payment.
    Missed,
}

/// One installment of a plan, as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InstallmentRow {
    pub number: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub paid: Money,
    pub remaining: Money,
    pub state: InstallmentShown,
}

/// What comes next on a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanNext {
    /// An installment is still unpaid past its due date (the earliest such).
    Missed { number: u32, due_date: NaiveDate },
    /// The next installment to pay and what is left of it.
    Next {
        number: u32,
        due_date: NaiveDate,
        remaining: Money,
    },
    /// Everything was paid.
    Nothing,
}

/// A plan with its state as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlanShown {
    pub id: PlanId,
    pub terms: PlanTerms,
    /// The open balance on the agreement date, which the installments split.
    pub balance: Money,
    pub status: PlanStatus,
    pub installments: Vec<InstallmentRow>,
    /// `None` when late interest runs during the plan.
    pub freeze: Option<FreezePeriod>,
}

impl PlanShown {
    /// The plan `plan` of an invoice whose payments and credit notes are `reductions`, as of
    /// `as_of`.
    fn of(
        plan: &PaymentPlan,
        reductions: &[(NaiveDate, Money)],
        as_of: NaiveDate,
    ) -> Result<PlanShown, MoneyError> {
        let state = plan.state(reductions, as_of)?;
        let mut next_found = false;
        let installments = state
            .installments
            .iter()
            .map(|item| {
                let state = match item.status {
                    InstallmentStatus::Paid => InstallmentShown::Paid,
                    InstallmentStatus::Missed => InstallmentShown::Missed,
                    InstallmentStatus::PartiallyPaid => {
                        next_found = true;
                        InstallmentShown::PartlyPaid
                    }
                    InstallmentStatus::Upcoming if next_found => InstallmentShown::Upcoming,
                    InstallmentStatus::Upcoming => {
                        next_found = true;
                        InstallmentShown::DueNext
                    }
                };
                InstallmentRow {
                    number: item.installment.number,
                    due_date: item.installment.due_date,
                    amount: item.installment.amount,
                    paid: item.paid,
                    remaining: item.remaining,
                    state,
                }
            })
            .collect();
        Ok(PlanShown {
            id: plan.id(),
            terms: plan.terms(),
            balance: plan.balance(),
            status: state.status,
            installments,
            freeze: state.interest_freeze,
        })
    }

    /// The earliest installment still unpaid past its due date, else the next one to pay.
    pub fn next(&self) -> PlanNext {
        if let Some(missed) = self
            .installments
            .iter()
            .find(|row| row.state == InstallmentShown::Missed)
        {
            return PlanNext::Missed {
                number: missed.number,
                due_date: missed.due_date,
            };
        }
        self.installments
            .iter()
            .find(|row| {
                matches!(
                    row.state,
                    InstallmentShown::DueNext | InstallmentShown::PartlyPaid
                )
            })
            .map_or(PlanNext::Nothing, |row| PlanNext::Next {
                number: row.number,
                due_date: row.due_date,
                remaining: row.remaining,
            })
    }

    /// Whether the plan is being kept (every installment due so far paid on time).
    pub fn is_kept(&self) -> bool {
        self.status == PlanStatus::Kept
    }
}

/// A plan that a later one replaced, with its state on the day the later one was agreed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PastPlan {
    pub terms: PlanTerms,
    pub balance: Money,
    pub status: PlanStatus,
}

/// An invoice's payment plans as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InvoicePlans {
    /// The latest plan agreed on the invoice, if any.
    pub current: Option<PlanShown>,
    /// The earlier ones, latest first.
    pub past: Vec<PastPlan>,
    /// What is still owed once every recorded payment and credit note counts.
    pub open: Option<Money>,
    /// A new plan may be proposed: the invoice is owed (sent or disputed), something is left
    /// to pay, and no plan is being kept.
    pub can_propose: bool,
}

/// What the client paid on invoice `id` (payments and credit notes), sorted by date: what a
/// plan's state counts.
fn reductions(ledger: &Ledger, id: InvoiceId) -> Vec<(NaiveDate, Money)> {
    let mut merged: Vec<(NaiveDate, Money)> = ledger
        .payments_of(id)
        .iter()
        .map(|payment| (payment.date(), payment.amount()))
        .chain(
            ledger
                .adjustments_of(id)
                .iter()
                .map(|credit| (credit.date(), credit.amount())),
        )
        .collect();
    merged.sort_by_key(|(date, _)| *date);
    merged
}

/// The payment plans of invoice `id` as of `as_of`. A plan agreed after `as_of` is shown as of
/// its agreement (nothing due, nothing counted yet). `None` for an unknown invoice.
pub fn invoice_plans(
    ledger: &Ledger,
    id: InvoiceId,
    as_of: NaiveDate,
) -> Option<Result<InvoicePlans, MoneyError>> {
    let invoice = ledger.invoice(id)?;
    Some(build(ledger, id, invoice.status(), as_of))
}

fn build(
    ledger: &Ledger,
    id: InvoiceId,
    status: InvoiceStatus,
    as_of: NaiveDate,
) -> Result<InvoicePlans, MoneyError> {
    let plans: Vec<&PaymentPlan> = ledger.plans_of(id).collect();
    let reductions = reductions(ledger, id);
    let current = match plans.last() {
        Some(plan) => Some(PlanShown::of(
            plan,
            &reductions,
            as_of.max(plan.terms().agreed_on()),
        )?),
        None => None,
    };
    let mut past = Vec::new();
    for pair in plans.windows(2).rev() {
        if let [plan, later] = pair {
            let state = plan.state(&reductions, later.terms().agreed_on())?;
            past.push(PastPlan {
                terms: plan.terms(),
                balance: plan.balance(),
                status: state.status,
            });
        }
    }
    let open = ledger
        .balance(id, LAST_DATE)
        .ok()
        .map(|balance| balance.open);
    let owed = matches!(status, InvoiceStatus::Sent | InvoiceStatus::Disputed);
    let can_propose = owed
        && open.is_some_and(|open| open.is_positive())
        && !current.as_ref().is_some_and(PlanShown::is_kept);
    Ok(InvoicePlans {
        current,
        past,
        open,
        can_propose,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod};
    use crate::domain::{
        ClientDetails, ClientKind, Country, Currency, InvoiceDraft, PaymentDetails, PaymentMethod,
        PenaltyDraft, TermsDraft,
    };
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    /// A ledger with one sent invoice of 300 € issued 2026-01-05, net 30.
    fn ledger_with_invoice(status: InvoiceStatus) -> (Ledger, InvoiceId) {
        let mut ledger = Ledger::new();
        let added = ClientDetails::new("Dupont", Country::FR, ClientKind::Business)
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                ledger
                    .add_client(details)
                    .map_err(|error| format!("{error:?}"))
            })
            .and_then(|client| {
                InvoiceDraft {
                    number: "F-1".into(),
                    client: Some(client),
                    issue_date: "2026-01-05".into(),
                    amount: "300".into(),
                    amount_includes_tax: true,
                    currency: "EUR".into(),
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
                .parse()
                .map_err(|error| format!("{error:?}"))
            })
            .and_then(|details| {
                ledger
                    .add_invoice(details, status)
                    .map_err(|error| format!("{error:?}"))
            });
        match added {
            Ok(id) => (ledger, id),
            Err(error) => panic!("{error}"),
        }
    }

    pub(crate) fn pay(ledger: &mut Ledger, id: InvoiceId, day: &str, amount: Decimal) {
        let paid = PaymentDetails::new(id, date(day), eur(amount), PaymentMethod::BankTransfer, "")
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                ledger
                    .record_payment(details)
                    .map_err(|error| format!("{error:?}"))
            });
        assert!(paid.is_ok(), "{paid:?}");
    }

    fn agree(ledger: &mut Ledger, id: InvoiceId, agreed: &str, first: &str) -> PlanId {
        let agreed = PlanTerms::new(
            id,
            date(agreed),
            date(first),
            3,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        )
        .map_err(|error| format!("{error:?}"))
        .and_then(|terms| {
            ledger
                .agree_plan(terms)
                .map_err(|error| format!("{error:?}"))
        });
        match agreed {
            Ok(plan) => plan,
            Err(error) => panic!("{error}"),
        }
    }

    fn plans(ledger: &Ledger, id: InvoiceId, as_of: &str) -> InvoicePlans {
        match invoice_plans(ledger, id, date(as_of)) {
            Some(Ok(plans)) => plans,
            other => panic!("{other:?}"),
        }
    }

    fn states(plans: &InvoicePlans) -> Vec<InstallmentShown> {
        plans
            .current
            .iter()
            .flat_map(|plan| plan.installments.iter().map(|row| row.state))
            .collect()
    }

    #[test]
    fn an_owed_invoice_without_a_plan_may_have_one_proposed() {
        let (ledger, id) = ledger_with_invoice(InvoiceStatus::Sent);
        let shown = plans(&ledger, id, "2026-03-01");
        assert_eq!(shown.current, None);
        assert!(shown.can_propose);
        assert_eq!(shown.open, Some(eur(dec!(300))));
        let (draft, id) = ledger_with_invoice(InvoiceStatus::Draft);
        assert!(!plans(&draft, id, "2026-03-01").can_propose, "a draft");
        let (mut paid, id) = ledger_with_invoice(InvoiceStatus::Sent);
        pay(&mut paid, id, "2026-02-01", dec!(300));
        assert!(!plans(&paid, id, "2026-03-01").can_propose, "nothing owed");
        assert_eq!(
            invoice_plans(&paid, InvoiceId::from_raw(999), date("2026-03-01")),
            None
        );
    }

    #[test]
    fn the_next_installment_is_due_next_and_a_missed_one_is_detected_as_of_a_date() {
        let (mut ledger, id) = ledger_with_invoice(InvoiceStatus::Sent);
        agree(&mut ledger, id, "2026-02-10", "2026-03-01");
        use InstallmentShown::*;
        // The due date itself: not yet missed.
        let on_the_day = plans(&ledger, id, "2026-03-01");
        assert_eq!(states(&on_the_day), [DueNext, Upcoming, Upcoming]);
        assert!(!on_the_day.can_propose, "a plan is being kept");
        assert_eq!(
            on_the_day.current.as_ref().map(PlanShown::next),
            Some(PlanNext::Next {
                number: 1,
                due_date: date("2026-03-01"),
                remaining: eur(dec!(100))
            })
        );
        // The day after: missed, the plan broken, a new one may be proposed.
        let after = plans(&ledger, id, "2026-03-02");
        assert_eq!(states(&after), [Missed, DueNext, Upcoming]);
        let Some(current) = &after.current else {
            panic!("no plan")
        };
        assert_eq!(
            current.status,
            PlanStatus::Broken {
                installment: 1,
                since: date("2026-03-02")
            }
        );
        assert_eq!(
            current.next(),
            PlanNext::Missed {
                number: 1,
                due_date: date("2026-03-01")
            }
        );
        assert!(after.can_propose);
        // The freeze ended with the plan.
        assert_eq!(
            current.freeze,
            Some(FreezePeriod {
                from: date("2026-02-10"),
                until: Some(date("2026-03-02"))
            })
        );
        // The same as the ledger's own reading of its current plan.
        let ledger_state = ledger.current_plan_state(id, date("2026-03-02"));
        assert_eq!(
            ledger_state.map(|state| state.map(|state| state.status)),
            Ok(Some(current.status))
        );
    }

    #[test]
    fn a_payment_moves_the_installments_in_order() {
        let (mut ledger, id) = ledger_with_invoice(InvoiceStatus::Sent);
        agree(&mut ledger, id, "2026-02-10", "2026-03-01");
        pay(&mut ledger, id, "2026-03-20", dec!(150));
        use InstallmentShown::*;
        let shown = plans(&ledger, id, "2026-03-25");
        assert_eq!(states(&shown), [Paid, PartlyPaid, Upcoming]);
        let rows = shown
            .current
            .as_ref()
            .map(|plan| plan.installments.clone())
            .unwrap_or_default();
        let paid: Vec<Money> = rows.iter().map(|row| row.paid).collect();
        assert_eq!(paid, [eur(dec!(100)), eur(dec!(50)), eur(dec!(0))]);
        // Paid late: the plan stays broken, nothing is missed any more.
        assert!(matches!(
            shown.current.as_ref().map(|plan| plan.status),
            Some(PlanStatus::Broken { installment: 1, .. })
        ));
        assert_eq!(
            shown.current.as_ref().map(PlanShown::next),
            Some(PlanNext::Next {
                number: 2,
                due_date: date("2026-04-01"),
                remaining: eur(dec!(50))
            })
        );
    }

    #[test]
    fn a_plan_agreed_later_than_the_date_shows_nothing_due_yet() {
        let (mut ledger, id) = ledger_with_invoice(InvoiceStatus::Sent);
        agree(&mut ledger, id, "2026-05-01", "2026-06-01");
        let shown = plans(&ledger, id, "2026-03-01");
        use InstallmentShown::*;
        assert_eq!(states(&shown), [DueNext, Upcoming, Upcoming]);
        assert!(!shown.can_propose);
    }

    #[test]
    fn a_broken_plan_replaced_by_a_new_one_is_listed_as_past() {
        let (mut ledger, id) = ledger_with_invoice(InvoiceStatus::Sent);
        agree(&mut ledger, id, "2026-02-10", "2026-03-01");
        pay(&mut ledger, id, "2026-03-20", dec!(90));
        let second = agree(&mut ledger, id, "2026-04-01", "2026-04-15");
        let shown = plans(&ledger, id, "2026-04-02");
        assert_eq!(shown.current.as_ref().map(|plan| plan.id), Some(second));
        // The new plan splits what was left on its agreement date.
        assert_eq!(
            shown.current.as_ref().map(|plan| plan.balance),
            Some(eur(dec!(210)))
        );
        assert_eq!(shown.past.len(), 1);
        assert!(matches!(
            shown.past.first().map(|plan| plan.status),
            Some(PlanStatus::Broken { installment: 1, .. })
        ));
    }
}
