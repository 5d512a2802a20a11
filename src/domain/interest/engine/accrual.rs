//! The span, period by period: the rule "each period's interest is `base × rate × days /
//! (100 × day basis)`, rounded half away from zero to the cent (option: the daily amount
//! first); the total is the sum of the rounded periods". After each period comes what happens
//! at its end: payments received that day, then capitalisation on an anniversary.

use chrono::{Datelike, NaiveDate};

use super::breakdown::{CapitalisationEvent, Period, StartReason, StartReasons};
use super::capitalisation::Anniversaries;
use super::error::{SimulationError, overflow};
use super::input::Detail;
use super::input::SimulationInput;
use super::kernel::{ExactInterest, accrue, money_of};
use super::payments::{Owed, Payments};
use super::periods::{Boundaries, day_before, expected_periods, inclusive_day_count};
use super::rates::PeriodRates;
use crate::domain::interest::flags::Flag;
use crate::domain::interest::options::{Capitalisation, DayCount, Rounding};
use crate::domain::money::{Currency, Money};

/// What the span adds up to: the exact and rounded totals and, for the breakdown, its lines
/// and the capitalisations. Empty when the invoice is not late.
#[derive(Default)]
pub(super) struct Accrued {
    /// Periods with a zero base (after payment in full) are left out.
    pub(super) periods: Vec<Period>,
    pub(super) capitalisations: Vec<CapitalisationEvent>,
    /// The sum of the exact fractions.
    pub(super) exact: ExactInterest,
    /// The sum of the rounded periods, in minor units.
    pub(super) total_minor: i128,
}

/// The running state of the span: the period being built, its base, the rates, the dates the
/// span is split at, and what has accrued so far.
pub(super) struct Accrual<'t> {
    rates: PeriodRates<'t>,
    boundaries: Boundaries,
    anniversaries: Anniversaries,
    day_count: DayCount,
    rounding: Rounding,
    currency: Currency,
    end_date: NaiveDate,
    /// Whether the breakdown is kept (`simulate`) or only the totals (`accrued_interest`).
    detail: Detail,
    /// The first day of the period being built, and why it starts there.
    cursor: NaiveDate,
    reasons: StartReasons,
    /// Principal outstanding plus capitalised interest, in minor units.
    base_minor: i128,
    /// The base as `Money`, for the breakdown: made only when the base changes.
    base_money: Option<Money>,
    accrued: Accrued,
}

impl<'t> Accrual<'t> {
    /// Starts on `first_day` with the base the payments received before it left.
    pub(super) fn new(
        input: &SimulationInput,
        first_day: NaiveDate,
        rates: PeriodRates<'t>,
        payments: &Payments,
        detail: Detail,
    ) -> Result<Accrual<'t>, SimulationError> {
        let options = input.options;
        let currency = input.principal.currency();
        let half_yearly = rates.half_yearly();
        let actual_actual = options.day_count == DayCount::ActAct;
        let capitalising = options.capitalisation == Capitalisation::Annual;
        let mut accrued = Accrued::default();
        if detail == Detail::Breakdown {
            let splits_per_year = [(half_yearly, 2), (actual_actual, 1), (capitalising, 1)]
                .into_iter()
                .filter_map(|(splits, count)| splits.then_some(count))
                .sum();
            accrued.periods.reserve_exact(expected_periods(
                first_day,
                input.end_date,
                payments.count(),
                splits_per_year,
            ));
        }
        let boundaries = Boundaries::new(
            half_yearly,
            actual_actual,
            rates.plus_five_from(),
            input.end_date,
        )?;
        let base_minor = payments.owed.base().ok_or_else(overflow)?;
        let base_money = if detail == Detail::Breakdown {
            Some(money_of(base_minor, currency)?)
        } else {
            None
        };
        Ok(Accrual {
            rates,
            boundaries,
            anniversaries: Anniversaries::new(first_day, capitalising),
            day_count: options.day_count,
            rounding: options.rounding,
            currency,
            end_date: input.end_date,
            detail,
            cursor: first_day,
            reasons: StartReasons::only(if options.first_day_of_interest.is_some() {
                StartReason::ChosenFirstDay
            } else {
                StartReason::DayAfterDueDate
            }),
            base_minor,
            base_money,
            accrued,
        })
    }

    /// Runs through the span up to and including the end date, one period at a time,
    /// applying the payments received within it.
    #[inline(always)]
    pub(super) fn run(
        mut self,
        payments: &mut Payments,
        flags: &mut Vec<Flag>,
    ) -> Result<Accrued, SimulationError> {
        while self.cursor <= self.end_date {
            let (next, next_reasons) = self.boundaries.next_start(
                self.cursor,
                self.reasons,
                payments.next_date(),
                self.anniversaries.next(),
            );
            let period_end = day_before(next, self.cursor).ok_or_else(overflow)?;
            if self.base_minor > 0 {
                self.accrue_period(period_end, &mut payments.owed, flags)?;
            }
            self.end_period(period_end, next, payments)?;
            self.cursor = next;
            self.reasons = next_reasons;
        }
        Ok(self.accrued)
    }

    /// The interest of the period from the cursor to `period_end`: added to the exact and
    /// rounded totals and to the interest owed, and, for the breakdown, its line.
    #[inline(always)]
    fn accrue_period(
        &mut self,
        period_end: NaiveDate,
        owed: &mut Owed,
        flags: &mut Vec<Flag>,
    ) -> Result<(), SimulationError> {
        let cursor = self.cursor;
        let (rate_millionths, rate, plus_five) =
            self.rates.on(cursor, self.boundaries.half_year(), flags)?;
        let days = inclusive_day_count(cursor, period_end).ok_or_else(overflow)?;
        let day_basis = self.day_count.basis(cursor.year());
        let (numerator, interest_minor) = accrue(
            self.base_minor,
            rate_millionths,
            days,
            day_basis,
            self.rounding,
        )
        .ok_or_else(overflow)?;
        let accrued = &mut self.accrued;
        accrued.exact = accrued
            .exact
            .add_numerator(numerator, day_basis)
            .ok_or_else(overflow)?;
        accrued.total_minor = accrued
            .total_minor
            .checked_add(interest_minor)
            .ok_or_else(overflow)?;
        owed.interest = owed
            .interest
            .checked_add(interest_minor)
            .ok_or_else(overflow)?;
        if self.detail == Detail::Breakdown {
            let rate_source = self.rates.source(plus_five);
            self.accrued.periods.push(Period {
                start: cursor,
                end: period_end,
                days,
                starts_because: self.reasons,
                annual_rate: rate.ok_or_else(overflow)?,
                rate_source,
                base: match self.base_money {
                    Some(base) => base,
                    None => money_of(self.base_minor, self.currency)?,
                },
                day_basis,
                interest: money_of(interest_minor, self.currency)?,
            });
        }
        Ok(())
    }

    /// What happens at the end of `period_end`: payments received that day (the payment day
    /// bears interest on the full base; the base falls the next day), then capitalisation if
    /// the next day, `next`, is an anniversary; then the base of the next period.
    #[inline(always)]
    fn end_period(
        &mut self,
        period_end: NaiveDate,
        next: NaiveDate,
        payments: &mut Payments,
    ) -> Result<(), SimulationError> {
        let mut base_changed = payments.apply_received_on(period_end)?;
        if self.anniversaries.next() == Some(next) && next <= self.end_date {
            if let Some(amount) = payments.owed.capitalise()? {
                if self.detail == Detail::Breakdown {
                    self.accrued.capitalisations.push(CapitalisationEvent {
                        on: next,
                        amount: money_of(amount, self.currency)?,
                    });
                }
                base_changed = true;
            }
            self.anniversaries.passed();
        }
        if base_changed {
            self.base_minor = payments.owed.base().ok_or_else(overflow)?;
            if self.detail == Detail::Breakdown {
                self.base_money = Some(money_of(self.base_minor, self.currency)?);
            }
        }
        Ok(())
    }
}
