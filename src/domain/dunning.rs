//! The dunning ladder: a policy of steps relative to the due date, the last step done (from
//! the contact log) and the next one for every open invoice, and the actions due today.
//!
//! Rules:
//! - a step is done for an invoice when a contact-log entry linked to it, dated on or before
//!   `as_of`, is tagged with the step's kind; the last step done is the furthest along the
//!   policy;
//! - the next step is the first one after the last done. Its date is the due date plus its
//!   offset, but never sooner after the last step done than the policy's gap between the two
//!   steps (so a late start does not fire every step on the same day);
//! - steps before the due date (negative offsets, the courtesy reminder) are skipped once
//!   the invoice is overdue;
//! - a disputed invoice, or one under a payment plan that is kept, is held off the ladder;
//!   once a plan is broken, the ladder restarts from the missed installment's due date;
//! - a step whose date would fall after 9999-12-31 is never due.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::calendar::{add_days, days_from};
use super::contact::{Channel, StepKind};
use super::ids::{ClientId, InvoiceId, PlanId};
use super::invoice::InvoiceStatus;
use super::ledger::{InvoiceBalance, InvoiceEntry, Ledger, entry_amounts};
use super::money::{Money, MoneyError};
use super::plan::{PlanState, PlanStatus};
use crate::i18n::{Describe, Lang};

/// The most steps a policy may have, and the offset bounds, in days.
pub const MAX_STEPS: usize = 12;
pub const MIN_OFFSET_DAYS: i32 = -365;
pub const MAX_OFFSET_DAYS: i32 = 3650;

/// One step of the ladder: what, when (days from the due date; negative = before), how.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DunningStep {
    pub kind: StepKind,
    pub offset_days: i32,
    pub channel: Channel,
}

/// A dunning policy: steps in strictly increasing offset order, each kind at most once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DunningPolicy {
    steps: Vec<DunningStep>,
}

impl Default for DunningPolicy {
    /// Courtesy reminder 5 days before the due date (e-mail); first reminder 1 day after
    /// (e-mail); second reminder 15 days after (phone); formal notice 30 days after
    /// (registered letter); final notice before legal action 45 days after (registered
    /// letter).
    fn default() -> DunningPolicy {
        let step = |kind, offset_days, channel| DunningStep {
            kind,
            offset_days,
            channel,
        };
        DunningPolicy {
            steps: vec![
                step(StepKind::Courtesy, -5, Channel::Email),
                step(StepKind::FirstReminder, 1, Channel::Email),
                step(StepKind::SecondReminder, 15, Channel::Phone),
                step(StepKind::FormalNotice, 30, Channel::RegisteredLetter),
                step(StepKind::FinalNotice, 45, Channel::RegisteredLetter),
            ],
        }
    }
}

/// Why a dunning policy was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    NoSteps,
    TooManySteps {
        count: usize,
    },
    OffsetOutOfRange {
        kind: StepKind,
        offset_days: i32,
    },
    NotAscending {
        kind: StepKind,
        offset_days: i32,
        previous_days: i32,
    },
    RepeatedKind {
        kind: StepKind,
    },
}

impl Describe for PolicyError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (PolicyError::NoSteps, Lang::Fr) => {
                "La procédure de relance doit compter au moins une étape.".to_string()
            }
            (PolicyError::NoSteps, Lang::En) => {
                "The dunning policy needs at least one step.".to_string()
            }
            (PolicyError::TooManySteps { count }, Lang::Fr) => {
                format!("La procédure compte {count} étapes ; {MAX_STEPS} au plus.")
            }
            (PolicyError::TooManySteps { count }, Lang::En) => {
                format!("The policy has {count} steps; at most {MAX_STEPS}.")
            }
            (PolicyError::OffsetOutOfRange { kind, offset_days }, Lang::Fr) => format!(
                "Étape « {} » : {offset_days} jours par rapport à l'échéance sort de la plage permise ({MIN_OFFSET_DAYS} à {MAX_OFFSET_DAYS}).",
                kind.describe(lang)
            ),
            (PolicyError::OffsetOutOfRange { kind, offset_days }, Lang::En) => format!(
                "Step “{}”: {offset_days} days from the due date is outside the allowed range ({MIN_OFFSET_DAYS} to {MAX_OFFSET_DAYS}).",
                kind.describe(lang)
            ),
            (
                PolicyError::NotAscending {
                    kind,
                    offset_days,
                    previous_days,
                },
                Lang::Fr,
            ) => format!(
                "Étape « {} » : {offset_days} jours doit venir après l'étape précédente ({previous_days} jours).",
                kind.describe(lang)
            ),
            (
                PolicyError::NotAscending {
                    kind,
                    offset_days,
                    previous_days,
                },
                Lang::En,
            ) => format!(
                "Step “{}”: {offset_days} days must come after the previous step ({previous_days} days).",
                kind.describe(lang)
            ),
            (PolicyError::RepeatedKind { kind }, Lang::Fr) => {
                format!("L'étape « {} » apparaît deux fois.", kind.describe(lang))
            }
            (PolicyError::RepeatedKind { kind }, Lang::En) => {
                format!("The step “{}” appears twice.", kind.describe(lang))
            }
        }
    }
}

impl DunningPolicy {
    pub fn new(steps: Vec<DunningStep>) -> Result<DunningPolicy, PolicyError> {
        if steps.is_empty() {
            return Err(PolicyError::NoSteps);
        }
        if steps.len() > MAX_STEPS {
            return Err(PolicyError::TooManySteps { count: steps.len() });
        }
        let mut kinds = BTreeSet::new();
        let mut previous: Option<i32> = None;
        for step in &steps {
            if !(MIN_OFFSET_DAYS..=MAX_OFFSET_DAYS).contains(&step.offset_days) {
                return Err(PolicyError::OffsetOutOfRange {
                    kind: step.kind,
                    offset_days: step.offset_days,
                });
            }
            if let Some(previous_days) = previous
                && step.offset_days <= previous_days
            {
                return Err(PolicyError::NotAscending {
                    kind: step.kind,
                    offset_days: step.offset_days,
                    previous_days,
                });
            }
            if !kinds.insert(step.kind) {
                return Err(PolicyError::RepeatedKind { kind: step.kind });
            }
            previous = Some(step.offset_days);
        }
        Ok(DunningPolicy { steps })
    }

    pub fn steps(&self) -> &[DunningStep] {
        &self.steps
    }

    fn position(&self, kind: StepKind) -> Option<usize> {
        self.steps.iter().position(|step| step.kind == kind)
    }
}

/// Why an invoice is held off the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DunningHold {
    Disputed,
    PlanKept(PlanId),
}

/// A step already carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DoneStep {
    pub kind: StepKind,
    pub date: NaiveDate,
}

/// The next step and the day it is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NextStep {
    pub step: DunningStep,
    pub date: NaiveDate,
}

/// Where one open invoice stands on the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DunningLine {
    pub invoice: InvoiceId,
    pub client: ClientId,
    pub open: Money,
    /// The date the ladder counts from: the due date, or the missed installment's due date
    /// once a payment plan is broken.
    pub reference_date: NaiveDate,
    pub days_past_due: i64,
    pub last_done: Option<DoneStep>,
    /// `None` when every step is done (or the next one falls beyond the calendar).
    pub next: Option<NextStep>,
    pub hold: Option<DunningHold>,
}

impl DunningLine {
    /// Whether the next step is to be carried out on or before `as_of`.
    pub fn is_due(&self, as_of: NaiveDate) -> bool {
        self.hold.is_none() && self.next.is_some_and(|next| next.date <= as_of)
    }
}

/// The ladder for every open invoice, as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DunningReport {
    pub as_of: NaiveDate,
    /// One line per owed invoice with an open balance, by invoice id.
    pub lines: Vec<DunningLine>,
}

impl DunningReport {
    pub fn as_of(
        ledger: &Ledger,
        policy: &DunningPolicy,
        as_of: NaiveDate,
    ) -> Result<DunningReport, MoneyError> {
        let mut lines = Vec::new();
        for entry in ledger.entries() {
            if !entry.status().is_receivable() {
                continue;
            }
            let balance = entry_amounts(entry, as_of)?;
            let plan = if entry.has_plans() {
                ledger.entry_plan_state(entry, as_of)?
            } else {
                None
            };
            if let Some(line) = dunning_line(entry, &balance, plan.as_ref(), policy, as_of) {
                lines.push(line);
            }
        }
        Ok(DunningReport { as_of, lines })
    }

    /// The actions to carry out today: next steps dated on or before `as_of`, oldest first.
    pub fn due_today(&self) -> Vec<&DunningLine> {
        let mut due: Vec<&DunningLine> = self
            .lines
            .iter()
            .filter(|line| line.is_due(self.as_of))
            .collect();
        due.sort_unstable_by_key(|line| (line.next.map(|next| next.date), line.invoice));
        due
    }

    pub fn line(&self, invoice: InvoiceId) -> Option<&DunningLine> {
        self.lines
            .binary_search_by_key(&invoice, |line| line.invoice)
            .ok()
            .and_then(|index| self.lines.get(index))
    }
}

/// The ladder line of one invoice, given its balance and current plan state as of `as_of`;
/// `None` when it is not an owed invoice with an open balance.
pub(crate) fn dunning_line(
    entry: &InvoiceEntry,
    balance: &InvoiceBalance,
    plan: Option<&PlanState>,
    policy: &DunningPolicy,
    as_of: NaiveDate,
) -> Option<DunningLine> {
    let invoice = entry;
    if !invoice.status().is_receivable() || !balance.open.is_positive() {
        return None;
    }
    let mut reference_date = invoice.due_date();
    let mut hold = (invoice.status() == InvoiceStatus::Disputed).then_some(DunningHold::Disputed);
    if let Some(plan) = plan {
        match plan.status {
            PlanStatus::Kept | PlanStatus::Completed { .. } => {
                hold = hold.or(Some(DunningHold::PlanKept(plan.plan)));
            }
            PlanStatus::Broken { installment, .. } => {
                if let Some(missed) = plan
                    .installments
                    .iter()
                    .find(|state| state.installment.number == installment)
                {
                    reference_date = missed.installment.due_date;
                }
            }
        }
    }

    let mut last: Option<(usize, DoneStep)> = None;
    // Steps done by `as_of`: from the cached latest date per kind when no linked contact is
    // later than `as_of` (the usual case), otherwise from the contacts themselves.
    let mut consider = |kind: StepKind, date: NaiveDate| {
        let Some(position) = policy.position(kind) else {
            return;
        };
        let better = match last {
            None => true,
            Some((best, done)) => position > best || (position == best && date > done.date),
        };
        if better {
            last = Some((position, DoneStep { kind, date }));
        }
    };
    match entry.step_dates(as_of) {
        Some(steps) => {
            for (kind, date) in StepKind::ALL.into_iter().zip(steps.latest) {
                if let Some(date) = date {
                    consider(kind, date);
                }
            }
        }
        None => {
            for contact in entry.linked_contacts() {
                if let (true, Some(kind)) = (contact.date <= as_of, contact.step) {
                    consider(kind, contact.date);
                }
            }
        }
    }

    let days_past_due = days_from(reference_date, as_of);
    let start = last.map_or(0, |(position, _)| position.saturating_add(1));
    let next = policy
        .steps
        .iter()
        .skip(start)
        .find(|step| step.offset_days >= 0 || days_past_due <= 0)
        .and_then(|step| {
            let by_due_date = add_days(reference_date, i64::from(step.offset_days))?;
            let date = match last.and_then(|(position, done)| {
                policy
                    .steps
                    .get(position)
                    .map(|done_step| (done_step, done))
            }) {
                Some((done_step, done)) => {
                    let gap = i64::from(step.offset_days) - i64::from(done_step.offset_days);
                    by_due_date.max(add_days(done.date, gap)?)
                }
                None => by_due_date,
            };
            Some(NextStep { step: *step, date })
        });

    Some(DunningLine {
        invoice: invoice.id(),
        client: invoice.client(),
        open: balance.open,
        reference_date,
        days_past_due,
        last_done: last.map(|(_, done)| done),
        next,
        hold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::client::ClientDetails;
    use crate::domain::contact::ContactDetails;
    use crate::domain::invoice::{InvoiceAmount, InvoiceDetails, PenaltyClause};
    use crate::domain::money::Currency;
    use crate::domain::party::{ClientKind, Country};
    use crate::domain::payment::{PaymentDetails, PaymentMethod};
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod, PlanTerms};
    use crate::domain::terms::PaymentTerms;
    use rust_decimal_macros::dec;

    /// A ledger with one sent invoice of 1000 EUR due on `due`, and contact entries for the
    /// given steps.
    fn ledger_with(due: &str, done: &[(StepKind, &str)]) -> (Ledger, InvoiceId) {
        let mut ledger = Ledger::new();
        let client = ClientDetails::new("Dupont", Country::FR, ClientKind::Business)
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                ledger
                    .add_client(details)
                    .map_err(|error| format!("{error:?}"))
            });
        let Ok(client) = client else {
            panic!("{client:?}")
        };
        let amount = InvoiceAmount::from_net(Money::new(dec!(1000), Currency::Eur), dec!(0));
        let Ok(amount) = amount else {
            panic!("{amount:?}")
        };
        let details = InvoiceDetails::new(
            "F-1",
            client,
            date("2026-01-01"),
            amount,
            PaymentTerms::default(),
            Some(date(due)),
            PenaltyClause::FrB2b,
        );
        let Ok(details) = details else {
            panic!("{details:?}")
        };
        let invoice = ledger.add_invoice(details, InvoiceStatus::Sent);
        let Ok(invoice) = invoice else {
            panic!("{invoice:?}")
        };
        for (kind, day) in done {
            let contact = ContactDetails::new(
                client,
                date(day),
                Channel::Email,
                "",
                vec![invoice],
                Some(*kind),
            )
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                ledger
                    .log_contact(details)
                    .map_err(|error| format!("{error:?}"))
            });
            assert!(contact.is_ok(), "{contact:?}");
        }
        (ledger, invoice)
    }

    #[track_caller]
    fn check(
        done: &[(StepKind, &str)],
        as_of: &str,
        expected_next: Option<(StepKind, &str)>,
        due_today: bool,
    ) {
        let (ledger, invoice) = ledger_with("2026-03-31", done);
        let report = DunningReport::as_of(&ledger, &DunningPolicy::default(), date(as_of));
        let Ok(report) = report else {
            panic!("{report:?}")
        };
        let line = report.line(invoice);
        let Some(line) = line else { panic!("no line") };
        assert_eq!(
            line.next.map(|next| (next.step.kind, next.date)),
            expected_next.map(|(kind, day)| (kind, date(day))),
            "as of {as_of}"
        );
        assert_eq!(line.is_due(date(as_of)), due_today, "as of {as_of}");
        assert_eq!(report.due_today().len(), usize::from(due_today));
    }

    #[test]
    fn every_step_of_the_default_ladder() {
        use StepKind::*;
        // Due 2026-03-31. Courtesy 5 days before.
        check(&[], "2026-03-25", Some((Courtesy, "2026-03-26")), false);
        check(&[], "2026-03-26", Some((Courtesy, "2026-03-26")), true);
        check(&[], "2026-03-31", Some((Courtesy, "2026-03-26")), true);
        // Overdue and courtesy never sent: skipped, first reminder the day after due.
        check(&[], "2026-04-01", Some((FirstReminder, "2026-04-01")), true);
        let courtesy = [(Courtesy, "2026-03-26")];
        check(
            &courtesy,
            "2026-03-31",
            Some((FirstReminder, "2026-04-01")),
            false,
        );
        check(
            &courtesy,
            "2026-04-01",
            Some((FirstReminder, "2026-04-01")),
            true,
        );
        let first = [(Courtesy, "2026-03-26"), (FirstReminder, "2026-04-01")];
        check(
            &first,
            "2026-04-14",
            Some((SecondReminder, "2026-04-15")),
            false,
        );
        check(
            &first,
            "2026-04-15",
            Some((SecondReminder, "2026-04-15")),
            true,
        );
        let second = [
            (FirstReminder, "2026-04-01"),
            (SecondReminder, "2026-04-15"),
        ];
        check(
            &second,
            "2026-04-30",
            Some((FormalNotice, "2026-04-30")),
            true,
        );
        let notice = [(SecondReminder, "2026-04-15"), (FormalNotice, "2026-04-30")];
        check(
            &notice,
            "2026-05-14",
            Some((FinalNotice, "2026-05-15")),
            false,
        );
        check(
            &notice,
            "2026-05-15",
            Some((FinalNotice, "2026-05-15")),
            true,
        );
        let all = [(FormalNotice, "2026-04-30"), (FinalNotice, "2026-05-15")];
        check(&all, "2026-12-31", None, false);
    }

    #[test]
    fn a_late_start_keeps_the_gaps_between_steps() {
        use StepKind::*;
        // First reminder sent 40 days late: the second comes 14 days later, not at once.
        check(
            &[(FirstReminder, "2026-05-11")],
            "2026-05-11",
            Some((SecondReminder, "2026-05-25")),
            false,
        );
        // A contact dated after as_of does not count yet.
        check(
            &[(FirstReminder, "2026-05-11")],
            "2026-05-10",
            Some((FirstReminder, "2026-04-01")),
            true,
        );
    }

    #[test]
    fn disputed_invoices_and_kept_plans_are_held_and_a_broken_plan_restarts_the_ladder() {
        let (mut ledger, invoice) =
            ledger_with("2026-01-31", &[(StepKind::FirstReminder, "2026-02-01")]);
        assert!(ledger.set_status(invoice, InvoiceStatus::Disputed).is_ok());
        let report = DunningReport::as_of(&ledger, &DunningPolicy::default(), date("2026-03-01"));
        assert!(
            report
                .as_ref()
                .is_ok_and(|report| report.due_today().is_empty())
        );
        assert_eq!(
            report
                .ok()
                .and_then(|report| report.line(invoice).and_then(|line| line.hold)),
            Some(DunningHold::Disputed)
        );
        assert!(ledger.set_status(invoice, InvoiceStatus::Sent).is_ok());

        let terms = PlanTerms::new(
            invoice,
            date("2026-02-10"),
            date("2026-02-28"),
            2,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        );
        let Ok(terms) = terms else {
            panic!("{terms:?}")
        };
        let plan = ledger.agree_plan(terms);
        let Ok(plan) = plan else { panic!("{plan:?}") };
        let payment = PaymentDetails::new(
            invoice,
            date("2026-02-27"),
            Money::new(dec!(500), Currency::Eur),
            PaymentMethod::BankTransfer,
            "",
        )
        .map_err(|error| format!("{error:?}"))
        .and_then(|details| {
            ledger
                .record_payment(details)
                .map_err(|error| format!("{error:?}"))
        });
        assert!(payment.is_ok());
        let policy = DunningPolicy::default();
        let kept = DunningReport::as_of(&ledger, &policy, date("2026-03-15"));
        let Ok(kept) = kept else { panic!("{kept:?}") };
        assert_eq!(
            kept.line(invoice).and_then(|line| line.hold),
            Some(DunningHold::PlanKept(plan))
        );
        assert!(kept.due_today().is_empty());
        // Second installment (2026-03-28) missed: back on the ladder, counted from it.
        let broken = DunningReport::as_of(&ledger, &policy, date("2026-04-12"));
        let Ok(broken) = broken else {
            panic!("{broken:?}")
        };
        let line = broken.line(invoice);
        assert_eq!(line.and_then(|line| line.hold), None);
        assert_eq!(
            line.map(|line| line.reference_date),
            Some(date("2026-03-28"))
        );
        assert_eq!(
            line.and_then(|line| line.next)
                .map(|next| (next.step.kind, next.date)),
            Some((StepKind::SecondReminder, date("2026-04-12")))
        );
        assert_eq!(broken.due_today().len(), 1);
    }

    #[test]
    fn policies_must_be_ascending_and_without_repeats() {
        let step = |kind, offset_days| DunningStep {
            kind,
            offset_days,
            channel: Channel::Email,
        };
        assert_eq!(DunningPolicy::new(vec![]), Err(PolicyError::NoSteps));
        assert!(matches!(
            DunningPolicy::new(vec![
                step(StepKind::FirstReminder, 10),
                step(StepKind::SecondReminder, 10)
            ]),
            Err(PolicyError::NotAscending { .. })
        ));
        assert!(matches!(
            DunningPolicy::new(vec![
                step(StepKind::FirstReminder, 1),
                step(StepKind::FirstReminder, 10)
            ]),
            Err(PolicyError::RepeatedKind { .. })
        ));
        assert!(matches!(
            DunningPolicy::new(vec![step(StepKind::FirstReminder, 100_000)]),
            Err(PolicyError::OffsetOutOfRange { .. })
        ));
        assert_eq!(
            DunningPolicy::new(DunningPolicy::default().steps().to_vec()),
            Ok(DunningPolicy::default())
        );
        let error = PolicyError::RepeatedKind {
            kind: StepKind::FormalNotice,
        };
        assert!(error.describe(Lang::Fr).contains("mise en demeure"));
    }
}
