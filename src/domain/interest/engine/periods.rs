//! Building the periods: the rule "interest runs from the day after the due date (or the
//! chosen first day, included) through the end date inclusive; the span is split at every
//! rate change (each half-year for the regimes whose rate follows the half-year), at every
//! partial payment, at the start of the +5 points, at each capitalisation date, and at
//! 1 January with actual/actual".

use chrono::{Datelike, NaiveDate};

use super::breakdown::{StartReason, StartReasons};
use super::error::{SimulationError, overflow};
use super::input::SimulationInput;
use crate::domain::interest::flags::Flag;
use crate::domain::interest::rate::HalfYear;
use crate::domain::interest::regime::Regime;

/// The first day of interest: the day after the due date, or the day chosen in the options
/// (included). French legal interest runs from the formal notice: without its date, the day
/// after the due date is used and flagged.
pub(super) fn first_day_of_interest(
    input: &SimulationInput,
    flags: &mut Vec<Flag>,
) -> Result<NaiveDate, SimulationError> {
    let first_day = match input.options.first_day_of_interest {
        Some(first_day) => first_day,
        None => input.due_date.succ_opt().ok_or_else(overflow)?,
    };
    if matches!(input.regime, Regime::FrLegal { .. })
        && input.options.first_day_of_interest.is_none()
        && input.end_date > input.due_date
    {
        flags.push(Flag::FormalNoticeDateMissing {
            used_from: first_day,
        });
    }
    Ok(first_day)
}

/// Where the next period starts: the earliest of the dates the span is split at after the
/// cursor, with every reason that falls on it.
pub(super) struct Boundaries {
    /// The rate is read each half-year: split at 1 January and 1 July.
    half_yearly: bool,
    /// Actual/actual: split at 1 January (a new denominator).
    actual_actual: bool,
    /// The first day of the +5 points, if they apply.
    plus_five_from: Option<NaiveDate>,
    /// The day after the end date: where the last period stops.
    after_end: NaiveDate,
    /// The half-year of the cursor: (half-year, its first day, the first day of the next).
    half_year_bounds: Option<(HalfYear, Option<NaiveDate>, Option<NaiveDate>)>,
}

impl Boundaries {
    pub(super) fn new(
        half_yearly: bool,
        actual_actual: bool,
        plus_five_from: Option<NaiveDate>,
        end_date: NaiveDate,
    ) -> Result<Boundaries, SimulationError> {
        Ok(Boundaries {
            half_yearly,
            actual_actual,
            plus_five_from,
            after_end: end_date.succ_opt().ok_or_else(overflow)?,
            half_year_bounds: None,
        })
    }

    /// The first day of the period after the one starting on `cursor` (for `reasons`), and
    /// why it starts there: the next half-year, the next 1 January (actual/actual), the day
    /// after the next payment (`next_payment`, the day it was received), the first day of the
    /// +5 points, the next anniversary (capitalisation), whichever comes first; the day after
    /// the end date when none comes before it.
    #[inline(always)]
    pub(super) fn next_start(
        &mut self,
        cursor: NaiveDate,
        reasons: StartReasons,
        next_payment: Option<NaiveDate>,
        next_anniversary: Option<NaiveDate>,
    ) -> (NaiveDate, StartReasons) {
        let mut next = self.after_end;
        let mut next_reasons = StartReasons::default();
        if self.half_yearly {
            // The cursor only moves forward: it is in the known half-year until that
            // half-year's next one starts.
            let next_start = match self.half_year_bounds {
                Some((_, _, Some(next_start))) if cursor < next_start => Some(next_start),
                _ => {
                    let bounds = half_year_of(cursor, reasons);
                    self.half_year_bounds = Some(bounds);
                    bounds.2
                }
            };
            consider(
                &mut next,
                &mut next_reasons,
                next_start,
                StartReason::HalfYear,
            );
        }
        if self.actual_actual {
            let new_year = cursor
                .year()
                .checked_add(1)
                .and_then(|year| NaiveDate::from_ymd_opt(year, 1, 1));
            consider(
                &mut next,
                &mut next_reasons,
                new_year,
                StartReason::YearBoundary,
            );
        }
        if let Some(date) = next_payment {
            consider(
                &mut next,
                &mut next_reasons,
                date.succ_opt(),
                StartReason::Payment,
            );
        }
        if let Some(from) = self.plus_five_from
            && from > cursor
        {
            consider(
                &mut next,
                &mut next_reasons,
                Some(from),
                StartReason::PlusFivePoints,
            );
        }
        consider(
            &mut next,
            &mut next_reasons,
            next_anniversary,
            StartReason::Capitalisation,
        );
        (next, next_reasons)
    }

    /// The half-year of the cursor and its first day, as of the last [`Boundaries::next_start`]
    /// (`None` when the rate does not follow the half-year).
    #[inline(always)]
    pub(super) fn half_year(&self) -> Option<(HalfYear, Option<NaiveDate>)> {
        self.half_year_bounds
            .map(|(half_year, start, _)| (half_year, start))
    }
}

/// Moves `next` to `candidate` if earlier, or adds `reason` if equal.
#[inline(always)]
fn consider(
    next: &mut NaiveDate,
    reasons: &mut StartReasons,
    candidate: Option<NaiveDate>,
    reason: StartReason,
) {
    let Some(candidate) = candidate else { return };
    if candidate < *next {
        *next = candidate;
        *reasons = StartReasons::only(reason);
    } else if candidate == *next {
        *reasons = reasons.with(reason);
    }
}

/// The half-year of `cursor`, its first day and the first day of the next one, made from the
/// cursor's own year (cheaper than building dates from a year, month and day). `reasons` says
/// whether the cursor is itself a half-year's first day.
pub(in crate::domain::interest) fn half_year_of(
    cursor: NaiveDate,
    reasons: StartReasons,
) -> (HalfYear, Option<NaiveDate>, Option<NaiveDate>) {
    // 1 July is the 182nd day of a common year (ordinal0 181), the 183rd of a leap year.
    let july_first = if cursor.leap_year() { 182 } else { 181 };
    let second = cursor.ordinal0() >= july_first;
    let half_year = HalfYear {
        year: cursor.year(),
        second,
    };
    let start = if reasons.contains(StartReason::HalfYear) {
        Some(cursor)
    } else {
        cursor.with_ordinal0(if second { july_first } else { 0 })
    };
    let next_start = if second {
        cursor
            .year()
            .checked_add(1)
            .and_then(|year| NaiveDate::from_yo_opt(year, 1))
    } else {
        cursor.with_ordinal0(july_first)
    };
    (half_year, start, next_start)
}

/// The day before `next`, knowing an earlier day `cursor`: 31 December is made from the
/// cursor's year when it is the same (cheaper than `pred_opt` across a year).
#[inline(always)]
pub(in crate::domain::interest) fn day_before(
    next: NaiveDate,
    cursor: NaiveDate,
) -> Option<NaiveDate> {
    if next.ordinal() == 1 && cursor.year().checked_add(1) == Some(next.year()) {
        cursor.with_ordinal(if cursor.leap_year() { 366 } else { 365 })
    } else {
        next.pred_opt()
    }
}

/// The days from `start` to `end`, both included (0 for the day before `start`, `None` earlier).
#[inline(always)]
pub(in crate::domain::interest) fn inclusive_day_count(
    start: NaiveDate,
    end: NaiveDate,
) -> Option<u32> {
    let days = if start.year() == end.year() {
        i64::from(end.ordinal()) - i64::from(start.ordinal())
    } else {
        (end - start).num_days()
    };
    u32::try_from(days.checked_add(1)?).ok()
}

/// About how many lines a breakdown has, to allocate them once.
pub(super) fn expected_periods(
    first_day: NaiveDate,
    end_date: NaiveDate,
    payments: usize,
    splits_per_year: usize,
) -> usize {
    let years = usize::try_from(end_date.year().saturating_sub(first_day.year()))
        .unwrap_or(0)
        .saturating_add(1);
    years
        .saturating_mul(splits_per_year)
        .saturating_add(payments)
        .saturating_add(1)
}
