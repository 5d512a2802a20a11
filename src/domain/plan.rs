//! Payment plans (échéanciers): an open balance split into installments that add up
//! exactly, the rounding remainder on the last one.
//!
//! Rules:
//! - installment k (from 0) falls on `first_due + k weeks` (weekly) or `first_due + k months`
//!   (monthly, the day of month kept and clamped to the month's end: Jan 31 → Feb 28/29 →
//!   Mar 31);
//! - what the client pays after the agreement date (payments and credit notes dated after
//!   `agreed_on`) is applied to the installments in order;
//! - grace is 0 days: an installment not fully paid at the end of its due date is missed
//!   from the next day on. A missed installment breaks the plan for good: the interest freeze
//!   (if the user chose one) ends that day and the invoice goes back on the dunning ladder,
//!   even if the client catches up later.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calendar::{add_days, add_months};
use super::field::{Field, FieldError, parse_date, parse_whole_number};
use super::ids::{InvoiceId, PlanId};
use super::money::{Money, MoneyError};
use crate::i18n::{Describe, Lang};

/// The most installments a plan may have.
pub const MAX_INSTALLMENTS: u32 = 120;

/// How often installments fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanPeriod {
    Weekly,
    Monthly,
}

impl PlanPeriod {
    pub fn code(self) -> &'static str {
        match self {
            PlanPeriod::Weekly => "weekly",
            PlanPeriod::Monthly => "monthly",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanPeriod> {
        match code.trim() {
            "weekly" => Some(PlanPeriod::Weekly),
            "monthly" => Some(PlanPeriod::Monthly),
            _ => None,
        }
    }
}

/// Whether late interest runs while a payment plan is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InterestDuringPlan {
    /// Frozen from the agreement until the plan is completed or broken.
    Frozen,
    /// Runs as if there were no plan.
    Runs,
}

/// What the user agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlanTerms {
    invoice: InvoiceId,
    agreed_on: NaiveDate,
    first_due: NaiveDate,
    count: u32,
    period: PlanPeriod,
    interest: InterestDuringPlan,
}

impl PlanTerms {
    /// `count` in `1..=MAX_INSTALLMENTS`; the first installment not before the agreement.
    pub fn new(
        invoice: InvoiceId,
        agreed_on: NaiveDate,
        first_due: NaiveDate,
        count: u32,
        period: PlanPeriod,
        interest: InterestDuringPlan,
    ) -> Result<PlanTerms, PlanError> {
        if !(1..=MAX_INSTALLMENTS).contains(&count) {
            return Err(FieldError::OutOfRange {
                field: Field::InstallmentCount,
                text: count.to_string(),
                min: Decimal::ONE,
                max: Decimal::from(MAX_INSTALLMENTS),
            }
            .into());
        }
        if first_due < agreed_on {
            return Err(PlanError::FirstDueBeforeAgreement {
                first_due,
                agreed_on,
            });
        }
        Ok(PlanTerms {
            invoice,
            agreed_on,
            first_due,
            count,
            period,
            interest,
        })
    }

    pub fn invoice(self) -> InvoiceId {
        self.invoice
    }
    pub fn agreed_on(self) -> NaiveDate {
        self.agreed_on
    }
    pub fn first_due(self) -> NaiveDate {
        self.first_due
    }
    pub fn count(self) -> u32 {
        self.count
    }
    pub fn period(self) -> PlanPeriod {
        self.period
    }
    /// Whether late interest runs while the plan is kept.
    pub fn interest(self) -> InterestDuringPlan {
        self.interest
    }
    /// Whether late interest is frozen while the plan is kept.
    pub fn freeze_interest(self) -> bool {
        self.interest == InterestDuringPlan::Frozen
    }

    /// The due date of installment `index` (from 0), or `None` beyond the calendar.
    fn due_date(self, index: u32) -> Option<NaiveDate> {
        match self.period {
            PlanPeriod::Weekly => add_days(self.first_due, i64::from(index) * 7),
            PlanPeriod::Monthly => add_months(self.first_due, index),
        }
    }
}

/// What the plan form submits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanDraft {
    pub agreed_on: String,
    pub first_due: String,
    pub count: String,
    /// `weekly` or `monthly`.
    pub period: String,
    pub freeze_interest: bool,
}

impl PlanDraft {
    pub fn parse(&self, invoice: InvoiceId) -> Result<PlanTerms, PlanError> {
        let agreed_on = parse_date(Field::AgreementDate, &self.agreed_on)?;
        let first_due = parse_date(Field::FirstInstallmentDate, &self.first_due)?;
        let count = parse_whole_number(Field::InstallmentCount, &self.count, 1, MAX_INSTALLMENTS)?;
        let period = match self.period.trim() {
            "" => {
                return Err(FieldError::Missing {
                    field: Field::PlanPeriod,
                }
                .into());
            }
            code => PlanPeriod::from_code(code).ok_or_else(|| FieldError::UnknownChoice {
                field: Field::PlanPeriod,
                text: code.to_string(),
            })?,
        };
        PlanTerms::new(
            invoice,
            agreed_on,
            first_due,
            count,
            period,
            if self.freeze_interest {
                InterestDuringPlan::Frozen
            } else {
                InterestDuringPlan::Runs
            },
        )
    }
}

/// One installment as agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Installment {
    /// 1 for the first.
    pub number: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
}

/// A payment plan: the terms, the balance split, and its installments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentPlan {
    id: PlanId,
    terms: PlanTerms,
    balance: Money,
    installments: Vec<Installment>,
}

impl PaymentPlan {
    /// Splits `balance` (more than zero) into `terms.count()` installments: each is
    /// balance ÷ N rounded by the money rule, the last takes the remainder so that they add
    /// up exactly. Refused when an installment would be zero or less, or fall after
    /// 9999-12-31. Also rebuilds a stored plan: the split is deterministic.
    pub fn split(id: PlanId, terms: PlanTerms, balance: Money) -> Result<PaymentPlan, PlanError> {
        if !balance.is_positive() {
            return Err(PlanError::NothingToSplit { balance });
        }
        let too_small = || PlanError::BalanceTooSmall {
            balance,
            count: terms.count,
        };
        let share = balance
            .amount()
            .checked_div(Decimal::from(terms.count))
            .ok_or(PlanError::Money(MoneyError::Overflow))?;
        let each = Money::new(share, balance.currency());
        let all_but_last = each
            .checked_mul(Decimal::from(terms.count.saturating_sub(1)))
            .map_err(PlanError::Money)?;
        let last = balance
            .checked_sub(all_but_last)
            .map_err(PlanError::Money)?;
        if !each.is_positive() || !last.is_positive() {
            return Err(too_small());
        }
        let mut installments = Vec::with_capacity(usize::try_from(terms.count).unwrap_or(0));
        for index in 0..terms.count {
            let due_date = terms.due_date(index).ok_or(PlanError::BeyondCalendar {
                first_due: terms.first_due,
            })?;
            let number = index.saturating_add(1);
            let amount = if number == terms.count { last } else { each };
            installments.push(Installment {
                number,
                due_date,
                amount,
            });
        }
        Ok(PaymentPlan {
            id,
            terms,
            balance,
            installments,
        })
    }

    pub fn id(&self) -> PlanId {
        self.id
    }
    pub fn terms(&self) -> PlanTerms {
        self.terms
    }
    pub fn invoice(&self) -> InvoiceId {
        self.terms.invoice
    }
    /// The open balance at the agreement date, which the installments split.
    pub fn balance(&self) -> Money {
        self.balance
    }
    pub fn installments(&self) -> &[Installment] {
        &self.installments
    }

    /// The plan's state as of `as_of`, given what the client paid on the invoice after the
    /// agreement (`reductions`: date and amount, sorted by date, in the plan's currency;
    /// entries dated on or before the agreement or after `as_of` are ignored).
    pub fn state(
        &self,
        reductions: &[(NaiveDate, Money)],
        as_of: NaiveDate,
    ) -> Result<PlanState, MoneyError> {
        let counted = |until: NaiveDate| {
            Money::checked_sum(
                self.balance.currency(),
                reductions
                    .iter()
                    .filter(|(date, _)| *date > self.terms.agreed_on && *date <= until)
                    .map(|(_, amount)| *amount),
            )
        };
        let paid_total = counted(as_of)?;

        let mut installments = Vec::with_capacity(self.installments.len());
        let mut required_before = Money::zero(self.balance.currency());
        let mut broken: Option<(u32, NaiveDate)> = None;
        for installment in &self.installments {
            let required_through = required_before.checked_add(installment.amount)?;
            // Allocation in order: what is left after the earlier installments, capped.
            let available = paid_total.checked_sub(required_before)?.max_zero();
            let paid = if available.checked_cmp(installment.amount)?.is_ge() {
                installment.amount
            } else {
                available
            };
            let remaining = installment.amount.checked_sub(paid)?;
            let past_due = installment.due_date < as_of;
            let status = if remaining.is_zero() {
                InstallmentStatus::Paid
            } else if past_due {
                InstallmentStatus::Missed
            } else if paid.is_positive() {
                InstallmentStatus::PartiallyPaid
            } else {
                InstallmentStatus::Upcoming
            };
            if broken.is_none() && past_due {
                let paid_by_due_date = counted(installment.due_date)?;
                if paid_by_due_date.checked_cmp(required_through)?.is_lt() {
                    let since = add_days(installment.due_date, 1).unwrap_or(installment.due_date);
                    broken = Some((installment.number, since));
                }
            }
            installments.push(InstallmentState {
                installment: *installment,
                paid,
                remaining,
                status,
            });
            required_before = required_through;
        }

        let completed_on = if paid_total.checked_cmp(self.balance)?.is_ge() {
            let mut running = Money::zero(self.balance.currency());
            let mut on = as_of;
            for (date, amount) in reductions
                .iter()
                .filter(|(date, _)| *date > self.terms.agreed_on && *date <= as_of)
            {
                running = running.checked_add(*amount)?;
                if running.checked_cmp(self.balance)?.is_ge() {
                    on = *date;
                    break;
                }
            }
            Some(on)
        } else {
            None
        };
        let status = match (completed_on, broken) {
            (Some(on), _) => PlanStatus::Completed { on },
            (None, Some((installment, since))) => PlanStatus::Broken { installment, since },
            (None, None) => PlanStatus::Kept,
        };
        let interest_freeze = self.terms.freeze_interest().then_some(FreezePeriod {
            from: self.terms.agreed_on,
            until: match (broken, completed_on) {
                (Some((_, since)), _) => Some(since),
                (None, Some(on)) => Some(on),
                (None, None) => None,
            },
        });
        Ok(PlanState {
            plan: self.id,
            invoice: self.terms.invoice,
            status,
            installments,
            interest_freeze,
        })
    }
}

/// Where an installment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstallmentStatus {
    Paid,
    /// Partly paid, not yet due.
    PartiallyPaid,
    /// Not paid, not yet due.
    Upcoming,
    /// Due date passed without full payment: overdue.
    Missed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstallmentState {
    pub installment: Installment,
    pub paid: Money,
    pub remaining: Money,
    pub status: InstallmentStatus,
}

/// Where a plan stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    /// Every installment due so far was paid on time.
    Kept,
    /// Installment `installment` was missed; the plan is broken from `since` (the day after
    /// its due date).
    Broken { installment: u32, since: NaiveDate },
    /// Everything was paid, on `on`.
    Completed { on: NaiveDate },
}

/// The interest freeze: late interest does not run from `from` until `until` (exclusive;
/// `None`: still frozen).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FreezePeriod {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanState {
    pub plan: PlanId,
    pub invoice: InvoiceId,
    pub status: PlanStatus,
    pub installments: Vec<InstallmentState>,
    /// `None` when the user did not choose to freeze interest.
    pub interest_freeze: Option<FreezePeriod>,
}

impl PlanState {
    /// Whether the plan holds the invoice off the dunning ladder.
    pub fn holds_dunning(&self) -> bool {
        matches!(self.status, PlanStatus::Kept | PlanStatus::Completed { .. })
    }
}

/// Why a payment plan was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    Field(FieldError),
    FirstDueBeforeAgreement {
        first_due: NaiveDate,
        agreed_on: NaiveDate,
    },
    NothingToSplit {
        balance: Money,
    },
    BalanceTooSmall {
        balance: Money,
        count: u32,
    },
    BeyondCalendar {
        first_due: NaiveDate,
    },
    Money(MoneyError),
}

impl From<FieldError> for PlanError {
    fn from(error: FieldError) -> PlanError {
        PlanError::Field(error)
    }
}

impl Describe for PlanError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanError::Field(error), _) => error.describe(lang),
            (PlanError::Money(error), _) => error.describe(lang),
            (
                PlanError::FirstDueBeforeAgreement {
                    first_due,
                    agreed_on,
                },
                Lang::Fr,
            ) => format!(
                "La première échéance ({first_due}) est antérieure à la date de l'accord ({agreed_on})."
            ),
            (
                PlanError::FirstDueBeforeAgreement {
                    first_due,
                    agreed_on,
                },
                Lang::En,
            ) => format!(
                "The first installment ({first_due}) is before the agreement date ({agreed_on})."
            ),
            (PlanError::NothingToSplit { balance }, Lang::Fr) => format!(
                "Il ne reste rien à échelonner : le solde à la date de l'accord est de {balance}."
            ),
            (PlanError::NothingToSplit { balance }, Lang::En) => format!(
                "There is nothing to split: the balance on the agreement date is {balance}."
            ),
            (PlanError::BalanceTooSmall { balance, count }, Lang::Fr) => format!(
                "Un solde de {balance} est trop petit pour être réparti en {count} échéances."
            ),
            (PlanError::BalanceTooSmall { balance, count }, Lang::En) => {
                format!("A balance of {balance} is too small to split into {count} installments.")
            }
            (PlanError::BeyondCalendar { first_due }, Lang::Fr) => format!(
                "À partir du {first_due}, les dernières échéances tomberaient après le 31 décembre 9999."
            ),
            (PlanError::BeyondCalendar { first_due }, Lang::En) => format!(
                "Starting on {first_due}, the last installments would fall after 31 December 9999."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::money::Currency;
    use rust_decimal_macros::dec;

    fn terms(first_due: &str, count: u32, period: PlanPeriod) -> PlanTerms {
        match PlanTerms::new(
            InvoiceId::from_raw(1),
            date("2026-01-10"),
            date(first_due),
            count,
            period,
            InterestDuringPlan::Frozen,
        ) {
            Ok(terms) => terms,
            Err(error) => panic!("{error:?}"),
        }
    }

    fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[track_caller]
    fn check_split(balance: Decimal, count: u32, expected: &[Decimal]) {
        let plan = PaymentPlan::split(
            PlanId::from_raw(1),
            terms("2026-01-31", count, PlanPeriod::Monthly),
            eur(balance),
        );
        let Ok(plan) = plan else { panic!("{plan:?}") };
        let amounts: Vec<Decimal> = plan
            .installments()
            .iter()
            .map(|i| i.amount.amount())
            .collect();
        assert_eq!(amounts, expected, "{balance} in {count}");
    }

    #[test]
    fn installments_add_up_with_the_remainder_on_the_last() {
        check_split(dec!(100), 3, &[dec!(33.33), dec!(33.33), dec!(33.34)]);
        check_split(dec!(200), 3, &[dec!(66.67), dec!(66.67), dec!(66.66)]);
        check_split(dec!(1000), 4, &[dec!(250), dec!(250), dec!(250), dec!(250)]);
        check_split(dec!(0.05), 2, &[dec!(0.03), dec!(0.02)]);
        check_split(dec!(10.01), 1, &[dec!(10.01)]);
    }

    #[test]
    fn a_balance_too_small_for_the_count_is_refused() {
        let plan = PaymentPlan::split(
            PlanId::from_raw(1),
            terms("2026-01-31", 6, PlanPeriod::Monthly),
            eur(dec!(0.10)),
        );
        assert_eq!(
            plan.err(),
            Some(PlanError::BalanceTooSmall {
                balance: eur(dec!(0.10)),
                count: 6
            })
        );
        let nothing = PaymentPlan::split(
            PlanId::from_raw(1),
            terms("2026-01-31", 2, PlanPeriod::Monthly),
            eur(dec!(0)),
        );
        assert!(matches!(nothing, Err(PlanError::NothingToSplit { .. })));
        let beyond = PlanTerms::new(
            InvoiceId::from_raw(1),
            date("9999-10-01"),
            date("9999-10-31"),
            4,
            PlanPeriod::Monthly,
            InterestDuringPlan::Runs,
        )
        .and_then(|terms| PaymentPlan::split(PlanId::from_raw(1), terms, eur(dec!(100))));
        assert!(matches!(beyond, Err(PlanError::BeyondCalendar { .. })));
    }

    #[track_caller]
    fn check_dates(first_due: &str, period: PlanPeriod, expected: &[&str]) {
        let count = u32::try_from(expected.len()).unwrap_or(1);
        let terms = PlanTerms::new(
            InvoiceId::from_raw(1),
            date(first_due),
            date(first_due),
            count,
            period,
            InterestDuringPlan::Runs,
        );
        let plan =
            terms.and_then(|terms| PaymentPlan::split(PlanId::from_raw(1), terms, eur(dec!(1000))));
        let Ok(plan) = plan else { panic!("{plan:?}") };
        let dates: Vec<NaiveDate> = plan.installments().iter().map(|i| i.due_date).collect();
        let expected: Vec<NaiveDate> = expected.iter().map(|text| date(text)).collect();
        assert_eq!(dates, expected);
    }

    #[test]
    fn monthly_installments_keep_the_day_clamped_to_month_end() {
        check_dates(
            "2026-01-31",
            PlanPeriod::Monthly,
            &["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"],
        );
        check_dates(
            "2024-01-31",
            PlanPeriod::Monthly,
            &["2024-01-31", "2024-02-29", "2024-03-31"],
        );
        check_dates(
            "2026-11-15",
            PlanPeriod::Monthly,
            &["2026-11-15", "2026-12-15", "2027-01-15"],
        );
        check_dates(
            "2026-02-24",
            PlanPeriod::Weekly,
            &["2026-02-24", "2026-03-03", "2026-03-10"],
        );
    }

    fn three_by_100() -> PaymentPlan {
        match PaymentPlan::split(
            PlanId::from_raw(9),
            terms("2026-02-01", 3, PlanPeriod::Monthly),
            eur(dec!(300)),
        ) {
            Ok(plan) => plan,
            Err(error) => panic!("{error:?}"),
        }
    }

    #[track_caller]
    fn check_state(
        paid: &[(&str, Decimal)],
        as_of: &str,
        expected_status: PlanStatus,
        expected_installments: [InstallmentStatus; 3],
    ) {
        let reductions: Vec<(NaiveDate, Money)> = paid
            .iter()
            .map(|(day, amount)| (date(day), eur(*amount)))
            .collect();
        let state = three_by_100().state(&reductions, date(as_of));
        let Ok(state) = state else {
            panic!("{state:?}")
        };
        assert_eq!(state.status, expected_status, "as of {as_of}");
        let statuses: Vec<InstallmentStatus> =
            state.installments.iter().map(|i| i.status).collect();
        assert_eq!(statuses, expected_installments, "as of {as_of}");
    }

    #[test]
    fn installments_are_paid_in_order_and_a_miss_breaks_the_plan() {
        use InstallmentStatus::*;
        // Nothing due yet.
        check_state(
            &[],
            "2026-01-20",
            PlanStatus::Kept,
            [Upcoming, Upcoming, Upcoming],
        );
        // Due date itself: not yet missed (grace 0 days, missed from the next day).
        check_state(
            &[],
            "2026-02-01",
            PlanStatus::Kept,
            [Upcoming, Upcoming, Upcoming],
        );
        check_state(
            &[],
            "2026-02-02",
            PlanStatus::Broken {
                installment: 1,
                since: date("2026-02-02"),
            },
            [Missed, Upcoming, Upcoming],
        );
        // Paid on time, then a part of the second.
        check_state(
            &[("2026-02-01", dec!(100)), ("2026-02-20", dec!(50))],
            "2026-02-25",
            PlanStatus::Kept,
            [Paid, PartiallyPaid, Upcoming],
        );
        // A payment on the agreement day counted before the plan, not toward it.
        check_state(
            &[("2026-01-10", dec!(100))],
            "2026-01-20",
            PlanStatus::Kept,
            [Upcoming, Upcoming, Upcoming],
        );
        // Caught up late: installments paid, but the plan stays broken.
        check_state(
            &[("2026-02-05", dec!(100))],
            "2026-02-10",
            PlanStatus::Broken {
                installment: 1,
                since: date("2026-02-02"),
            },
            [Paid, Upcoming, Upcoming],
        );
        // Everything paid.
        check_state(
            &[("2026-02-01", dec!(100)), ("2026-03-01", dec!(200))],
            "2026-06-01",
            PlanStatus::Completed {
                on: date("2026-03-01"),
            },
            [Paid, Paid, Paid],
        );
    }

    #[test]
    fn the_interest_freeze_ends_when_the_plan_breaks() {
        let plan = three_by_100();
        let kept = plan.state(&[], date("2026-01-31"));
        assert_eq!(
            kept.map(|state| state.interest_freeze),
            Ok(Some(FreezePeriod {
                from: date("2026-01-10"),
                until: None
            }))
        );
        let broken = plan.state(&[], date("2026-03-01"));
        assert_eq!(
            broken.map(|state| state.interest_freeze),
            Ok(Some(FreezePeriod {
                from: date("2026-01-10"),
                until: Some(date("2026-02-02"))
            }))
        );
    }

    #[test]
    fn a_plan_draft_parses() {
        let draft = PlanDraft {
            agreed_on: "2026-01-10".into(),
            first_due: "2026-02-01".into(),
            count: "3".into(),
            period: "monthly".into(),
            freeze_interest: true,
        };
        assert_eq!(
            draft.parse(InvoiceId::from_raw(1)),
            Ok(terms("2026-02-01", 3, PlanPeriod::Monthly))
        );
        let zero = PlanDraft {
            count: "0".into(),
            ..draft.clone()
        };
        assert!(zero.parse(InvoiceId::from_raw(1)).is_err());
        let early = PlanDraft {
            first_due: "2026-01-01".into(),
            ..draft
        };
        assert!(matches!(
            early.parse(InvoiceId::from_raw(1)),
            Err(PlanError::FirstDueBeforeAgreement { .. })
        ));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            #[test]
            fn installments_always_sum_to_the_balance(
                cents in 1i64..100_000_000_000_000_000,
                count in 1u32..=MAX_INSTALLMENTS,
                weekly in any::<bool>(),
            ) {
                let balance = eur(Decimal::new(cents, 2));
                let period = if weekly { PlanPeriod::Weekly } else { PlanPeriod::Monthly };
                match PaymentPlan::split(PlanId::from_raw(1), terms("2026-01-31", count, period), balance) {
                    Ok(plan) => {
                        let sum = Money::checked_sum(Currency::Eur, plan.installments().iter().map(|i| i.amount));
                        prop_assert_eq!(sum, Ok(balance));
                        prop_assert!(plan.installments().iter().all(|i| i.amount.is_positive()));
                        prop_assert_eq!(plan.installments().len(), count as usize);
                    }
                    Err(PlanError::BalanceTooSmall { .. }) => prop_assert!(cents < i64::from(count) * i64::from(count)),
                    Err(other) => prop_assert!(false, "{other:?}"),
                }
            }
        }
    }
}
