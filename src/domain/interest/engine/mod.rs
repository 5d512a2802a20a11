//! The engine: a [`SimulationInput`] (plain data the Simulator form, its URL and the dashboard
//! build) and the [`RateTables`] in → a [`Simulation`] out: the periods of the breakdown,
//! the totals, how each payment was applied, and the flags.
//!
//! The method (each point is a named option in [`InterestOptions`] where practice differs):
//! - interest runs from the day after the due date (or the chosen first day, included) up to
//!   and including the end date: due 31 January, paid 10 February → 10 days;
//! - the span is split at every rate change (each half-year for the regimes whose rate follows
//!   the half-year), at every partial payment, at the start of the +5 points, at each
//!   capitalisation date, and at 1 January with actual/actual;
//! - an invoice paid in full by its due date owes nothing; the compensation is owed once per
//!   invoice paid late;
//! - each period's interest is `base × rate × days / (100 × 365)`, rounded half away from zero
//!   to the cent; the total is the sum of the rounded periods;
//! - a partial payment reduces the base from the day after it is received;
//! - past the last published rate, the last known rate is used and a flag says so.
//!
//! Input decisions: an end date on or before the due date is not an error (nothing is owed
//! yet); a payment in another currency, a non-positive amount, a negative rate or a date
//! outside 1900–2199 is an error; a payment after the end date is left out and flagged.

mod breakdown;
mod kernel;
mod validation;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::flags::Flag;
use super::options::{Capitalisation, InterestOptions, PaymentOrder};
use super::rate::{HalfYear, Rate};
use super::regime::{RateRule, Regime};
use super::tables::{RateEntry, RateOrigin, RateStatus, RateTables, TableId};
use crate::domain::money::Money;
use kernel::{ExactInterest, accrue, in_minor_units, money_of, rate_in_millionths};
use validation::validate;

pub use breakdown::{
    CapitalisationEvent, Lateness, PaymentAllocation, Period, RateSource, Simulation, StartReason,
    StartReasons, TableReading,
};
#[cfg(test)]
pub(super) use kernel::{divide_rounding_half_away, exact_interest_over};
pub use validation::{DateField, SUPPORTED_YEARS, SimulationError};

/// What to simulate: plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulationInput {
    pub regime: Regime,
    /// The amount of the invoice as owed (VAT included).
    pub principal: Money,
    pub due_date: NaiveDate,
    /// The last day bearing interest (the payment date, or the simulation date).
    pub end_date: NaiveDate,
    /// Partial payments, in any order: (day received, amount).
    pub payments: Vec<(NaiveDate, Money)>,
    pub options: InterestOptions,
}

/// The first day of the +5 points: the day after two months have run from the day the
/// decision became enforceable (a month-end with no such day in the second month gives its
/// last day: enforceable 31 December → two months run on 28/29 February → +5 from 1 March).
fn plus_five_start(enforceable_on: Option<NaiveDate>) -> Option<NaiveDate> {
    enforceable_on
        .and_then(|date| date.checked_add_months(Months::new(2)))
        .and_then(|date| date.succ_opt())
}

/// The `years`-th anniversary of `first_day` (29 February → 28 February).
fn anniversary(first_day: NaiveDate, years: u32) -> Option<NaiveDate> {
    first_day.checked_add_months(Months::new(years.checked_mul(12)?))
}

/// The UK reference date: the 31 December (interest starting 1 January – 30 June) or 30 June
/// (starting 1 July – 31 December) immediately before the first day of interest.
fn uk_reference_date(first_day: NaiveDate) -> Option<NaiveDate> {
    if first_day.month() <= 6 {
        NaiveDate::from_ymd_opt(first_day.year().checked_sub(1)?, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(first_day.year(), 6, 30)
    }
}

/// The ECB ran variable-rate tenders from 28 June 2000 to 14 October 2008.
fn in_variable_rate_tenders(date: NaiveDate) -> bool {
    const FROM: Option<NaiveDate> = NaiveDate::from_ymd_opt(2000, 6, 28);
    const TO: Option<NaiveDate> = NaiveDate::from_ymd_opt(2008, 10, 14);
    FROM.is_some_and(|from| date >= from) && TO.is_some_and(|to| date <= to)
}

/// Simulates `input` with `tables` (built-in plus user rates).
pub fn simulate(
    input: &SimulationInput,
    tables: &RateTables,
) -> Result<Simulation, SimulationError> {
    run(input, tables, true)
}

/// The dashboard's fast path: the same computation without keeping the breakdown; returns the
/// interest accrued up to the end date (the sum of the rounded periods).
pub fn accrued_interest(
    input: &SimulationInput,
    tables: &RateTables,
) -> Result<Money, SimulationError> {
    run(input, tables, false).map(|simulation| simulation.interest)
}

fn push_unique(flags: &mut Vec<Flag>, flag: Flag) {
    if !flags.contains(&flag) {
        flags.push(flag);
    }
}

/// What is still owed, bucket by bucket, in minor units (every bucket stays ≥ 0).
struct Owed {
    principal: i128,
    capitalised: i128,
    interest: i128,
    compensation: i128,
    unapplied: i128,
}

/// How one payment splits, in minor units.
#[derive(Clone, Copy)]
struct Split {
    to_compensation: i128,
    to_interest: i128,
    to_capitalised_interest: i128,
    to_principal: i128,
    unapplied: i128,
}

/// Moves up to `remaining` out of `bucket` (both ≥ 0, so nothing can overflow); returns what
/// moved.
fn take(remaining: &mut i128, bucket: &mut i128) -> i128 {
    let taken = (*remaining).min(*bucket).max(0);
    *remaining -= taken;
    *bucket -= taken;
    taken
}

impl Owed {
    fn allocate(&mut self, amount: i128, compensation_owed: bool, order: PaymentOrder) -> Split {
        let mut remaining = amount;
        let mut compensation = if compensation_owed {
            self.compensation
        } else {
            0
        };
        let split = match order {
            PaymentOrder::LegalOrder => {
                let to_compensation = take(&mut remaining, &mut compensation);
                let to_interest = take(&mut remaining, &mut self.interest);
                let to_capitalised_interest = take(&mut remaining, &mut self.capitalised);
                let to_principal = take(&mut remaining, &mut self.principal);
                Split {
                    to_compensation,
                    to_interest,
                    to_capitalised_interest,
                    to_principal,
                    unapplied: remaining,
                }
            }
            PaymentOrder::PrincipalFirst => {
                let to_principal = take(&mut remaining, &mut self.principal);
                let to_capitalised_interest = take(&mut remaining, &mut self.capitalised);
                let to_interest = take(&mut remaining, &mut self.interest);
                let to_compensation = take(&mut remaining, &mut compensation);
                Split {
                    to_compensation,
                    to_interest,
                    to_capitalised_interest,
                    to_principal,
                    unapplied: remaining,
                }
            }
        };
        self.compensation -= split.to_compensation;
        self.unapplied = self.unapplied.saturating_add(split.unapplied);
        split
    }

    fn base(&self) -> Option<i128> {
        self.principal.checked_add(self.capitalised)
    }
}

/// Reads rates for the periods, remembering the last reading (one per half-year) and noting
/// the flags each reading calls for. Rates come out in millionths of a percent, the kernel's
/// unit; the `Rate` and the [`RateSource`] of a line are made only for the breakdown.
struct RateReader<'t> {
    tables: &'t RateTables,
    rule: RateRule,
    first_day: NaiveDate,
    /// `RateRule::Given`: the rate in millionths; table rules: the margin in millionths.
    given_or_margin: i128,
    cache: Option<CachedReading<'t>>,
    /// Where the last reading was found (see [`RateTable::in_force_on_from`]).
    hint: usize,
    /// Counts the readings, so the caller knows when the rate may have changed.
    generation: u32,
}

/// A table reading, borrowed from the tables (no copy of its entry until a line needs one).
#[derive(Clone, Copy)]
struct CachedReading<'t> {
    key: HalfYear,
    table: TableId,
    read_on: NaiveDate,
    entry: &'t RateEntry,
    published: bool,
    margin: Decimal,
    /// The table rate plus the margin, in millionths of a percent.
    millionths: i128,
}

impl<'t> RateReader<'t> {
    fn new(
        tables: &'t RateTables,
        rule: RateRule,
        first_day: NaiveDate,
    ) -> Result<RateReader<'t>, SimulationError> {
        let given_or_margin = match rule {
            RateRule::Given(rate) => rate_in_millionths(rate),
            RateRule::HalfYearly { margin, .. } | RateRule::FixedAtStart { margin, .. } => {
                rate_in_millionths(Rate::from_percent(margin))
            }
        }
        .ok_or(SimulationError::Overflow)?;
        Ok(RateReader {
            tables,
            rule,
            first_day,
            given_or_margin,
            cache: None,
            hint: 0,
            generation: 0,
        })
    }

    /// The annual rate in millionths of a percent (before the +5 points and the floor at
    /// zero) for a period starting on `start`, and the reading's generation. `half_year` is the
    /// half-year of `start` and its first day, when the caller knows them.
    fn read(
        &mut self,
        start: NaiveDate,
        half_year: Option<(HalfYear, Option<NaiveDate>)>,
        flags: &mut Vec<Flag>,
    ) -> Result<(i128, u32), SimulationError> {
        let (table, margin, read_at_start, key, key_start) = match self.rule {
            RateRule::Given(_) => return Ok((self.given_or_margin, 0)),
            RateRule::HalfYearly { table, margin } => {
                let (key, key_start) = match half_year {
                    Some(known) => known,
                    None => {
                        let key = HalfYear::containing(start);
                        (key, key.start())
                    }
                };
                (table, margin, false, key, key_start)
            }
            // Fixed for the life of the debt: one key for every period.
            RateRule::FixedAtStart { table, margin } => (
                table,
                margin,
                true,
                HalfYear::containing(self.first_day),
                None,
            ),
        };
        if let Some(cached) = &self.cache
            && cached.key == key
        {
            return Ok((cached.millionths, self.generation));
        }
        let read_on = if read_at_start {
            uk_reference_date(self.first_day)
        } else {
            key_start
        }
        .ok_or(SimulationError::Overflow)?;
        let reading = self
            .tables
            .table(table)
            .in_force_on_from(read_on, &mut self.hint)?;
        note_reading(flags, table, read_on, reading.entry, reading.published);
        // Rates change far less often than half-years: the same entry as the last reading
        // gives the same rate (and the same generation, so the caller keeps its own).
        let millionths = match &self.cache {
            Some(cached) if std::ptr::eq(cached.entry, reading.entry) => cached.millionths,
            _ => {
                self.generation = self.generation.wrapping_add(1);
                rate_in_millionths(reading.entry.rate)
                    .and_then(|rate| rate.checked_add(self.given_or_margin))
                    .ok_or(SimulationError::Overflow)?
            }
        };
        self.cache = Some(CachedReading {
            key,
            table,
            read_on,
            entry: reading.entry,
            published: reading.published,
            margin,
            millionths,
        });
        Ok((millionths, self.generation))
    }

    /// The annual rate of the last reading (before the +5 points and the floor at zero), as
    /// the breakdown shows it.
    fn rate(&self) -> Result<Rate, SimulationError> {
        match (self.rule, &self.cache) {
            (RateRule::Given(rate), _) => Ok(rate),
            (_, Some(cached)) => cached
                .entry
                .rate
                .checked_add_points(cached.margin)
                .ok_or(SimulationError::Overflow),
            (_, None) => Err(SimulationError::Overflow),
        }
    }

    /// The last table reading (`None` for a given rate).
    fn last(&self) -> Option<&CachedReading<'t>> {
        self.cache.as_ref()
    }
}

fn note_reading(
    flags: &mut Vec<Flag>,
    table: TableId,
    read_on: NaiveDate,
    entry: &RateEntry,
    published: bool,
) {
    if !published {
        push_unique(
            flags,
            Flag::RateNotPublished {
                table,
                needed_on: read_on,
                used: entry.rate,
                used_from: entry.effective_from,
            },
        );
    }
    match (entry.origin, entry.status) {
        (RateOrigin::User, _) => push_unique(
            flags,
            Flag::RateUserEntered {
                table,
                effective_from: entry.effective_from,
                rate: entry.rate,
            },
        ),
        (RateOrigin::Builtin, RateStatus::Added) => push_unique(
            flags,
            Flag::RateUnverified {
                table,
                effective_from: entry.effective_from,
                rate: entry.rate,
                source: entry.source.to_string(),
            },
        ),
        (RateOrigin::Builtin, RateStatus::Verified) => {}
    }
    if table == TableId::EcbMro
        && in_variable_rate_tenders(read_on)
        && !flags
            .iter()
            .any(|flag| matches!(flag, Flag::BeforeFixedRateTenders { .. }))
    {
        flags.push(Flag::BeforeFixedRateTenders {
            first_needed_on: read_on,
        });
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

fn run(
    input: &SimulationInput,
    tables: &RateTables,
    record: bool,
) -> Result<Simulation, SimulationError> {
    let overflow = || SimulationError::Overflow;
    validate(input)?;
    let principal = input.principal;
    let currency = principal.currency();
    let minor_units = currency.minor_units();
    // The engine counts in minor units (cents); `Money` is made for what the result shows.
    // Already at the minor unit: nothing to round.
    let to_money = |minor: i128| money_of(minor, currency);
    let minor = |money: Money| in_minor_units(money).ok_or(SimulationError::Overflow);
    let options = input.options;
    let due_date = input.due_date;
    let end_date = input.end_date;
    let first_day = match options.first_day_of_interest {
        Some(first_day) => first_day,
        None => due_date.succ_opt().ok_or_else(overflow)?,
    };
    let mut flags = Vec::new();
    if matches!(input.regime, Regime::FrLegal { .. })
        && input.options.first_day_of_interest.is_none()
        && end_date > due_date
    {
        flags.push(Flag::FormalNoticeDateMissing {
            used_from: first_day,
        });
    }

    // Payments in date order (stable); those after the end date are left out, and flagged.
    let mut payments: Vec<(NaiveDate, i128)> = Vec::with_capacity(input.payments.len());
    for &(date, amount) in &input.payments {
        if date > end_date {
            flags.push(Flag::PaymentAfterEndDate { date, amount });
        } else {
            payments.push((date, minor(amount)?));
        }
    }
    payments.sort_by_key(|(date, _)| *date);

    let principal_minor = minor(principal)?;
    let mut paid_by_due_date: i128 = 0;
    for (date, amount) in &payments {
        if *date <= due_date {
            paid_by_due_date = paid_by_due_date.checked_add(*amount).ok_or_else(overflow)?;
        }
    }
    let lateness = if end_date <= due_date {
        Lateness::NotYetDue
    } else if paid_by_due_date >= principal_minor {
        Lateness::PaidOnTime
    } else {
        Lateness::Late
    };
    let late = lateness == Lateness::Late;

    let compensation_rule = input.regime.compensation_rule();
    let agreed = match &input.regime {
        Regime::Fixed { compensation, .. } => *compensation,
        _ => None,
    };
    let compensation = if late {
        compensation_rule.amount(principal, agreed)
    } else {
        Money::zero(currency)
    };
    if let Some(statutory) = compensation_rule.statutory_currency()
        && late
        && statutory != currency
    {
        flags.push(Flag::CompensationCurrency {
            statutory,
            charged: compensation,
        });
    }

    let rule = input.regime.rate_rule();
    if late && let Regime::FrB2bContract { contract_rate } = &input.regime {
        check_contract_floor(&mut flags, tables, *contract_rate, first_day);
    }
    let mut reader = RateReader::new(tables, rule, first_day)?;
    let is_contract = matches!(input.regime, Regime::FrB2bContract { .. });
    let half_yearly = matches!(rule, RateRule::HalfYearly { .. });
    let plus_five_from = plus_five_start(options.enforceable_on);
    if options.enforceable_on.is_some() && plus_five_from.is_none() {
        return Err(SimulationError::Overflow);
    }
    let capitalising = options.capitalisation == Capitalisation::Annual;

    let mut owed = Owed {
        principal: principal_minor,
        capitalised: 0,
        interest: 0,
        compensation: minor(compensation)?,
        unapplied: 0,
    };
    let mut allocations = Vec::new();
    if record {
        allocations.reserve_exact(payments.len());
    }
    let mut allocate = |owed: &mut Owed,
                        date: NaiveDate,
                        amount: i128,
                        compensation_owed: bool|
     -> Result<(), SimulationError> {
        let split = owed.allocate(amount, compensation_owed, options.payment_order);
        if record {
            allocations.push(PaymentAllocation {
                date,
                amount: to_money(amount)?,
                to_compensation: to_money(split.to_compensation)?,
                to_interest: to_money(split.to_interest)?,
                to_capitalised_interest: to_money(split.to_capitalised_interest)?,
                to_principal: to_money(split.to_principal)?,
                unapplied: to_money(split.unapplied)?,
            });
        }
        Ok(())
    };
    let mut periods = Vec::new();
    if record && late {
        let splits_per_year = [
            (half_yearly, 2),
            (options.day_count == super::options::DayCount::ActAct, 1),
            (capitalising, 1),
        ]
        .into_iter()
        .filter_map(|(splits, count)| splits.then_some(count))
        .sum();
        periods.reserve_exact(expected_periods(
            first_day,
            end_date,
            payments.len(),
            splits_per_year,
        ));
    }
    let mut capitalisations = Vec::new();
    let mut exact = ExactInterest::default();
    let mut total_minor: i128 = 0;
    let mut remaining_payments = payments.iter().peekable();

    // Payments before the first day of interest: nothing has accrued yet.
    while let Some(&&(date, amount)) = remaining_payments.peek()
        && date < first_day
    {
        allocate(&mut owed, date, amount, late && date > due_date)?;
        remaining_payments.next();
    }

    if late {
        let mut cursor = first_day;
        let mut reasons = StartReasons::only(if options.first_day_of_interest.is_some() {
            StartReason::ChosenFirstDay
        } else {
            StartReason::DayAfterDueDate
        });
        let mut years_run: u32 = 1;
        let mut next_anniversary = if capitalising {
            anniversary(first_day, years_run)
        } else {
            None
        };
        let after_end = end_date.succ_opt().ok_or_else(overflow)?;
        let mut base_minor = owed.base().ok_or_else(overflow)?;
        // The base as `Money`, for the breakdown: made only when the base changes.
        let mut base_money = if record {
            Some(to_money(base_minor)?)
        } else {
            None
        };
        // The kernel's rate (millionths of a percent, +5 points and floor at zero applied) and,
        // for the breakdown, the same as a `Rate`: they change only with a new reading or the
        // start of the +5 points.
        let mut rate_in_kernel: Option<(u32, bool, i128, Option<Rate>)> = None;
        // The half-year of the cursor: (half-year, its first day, the first day of the next).
        let mut half_year_bounds: Option<(HalfYear, Option<NaiveDate>, Option<NaiveDate>)> = None;
        while cursor <= end_date {
            let mut next = after_end;
            let mut next_reasons = StartReasons::default();
            if half_yearly {
                // The cursor only moves forward: it is in the known half-year until that
                // half-year's next one starts.
                let next_start = match half_year_bounds {
                    Some((_, _, Some(next_start))) if cursor < next_start => Some(next_start),
                    _ => {
                        let bounds = half_year_of(cursor, reasons);
                        half_year_bounds = Some(bounds);
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
            if options.day_count == super::options::DayCount::ActAct {
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
            if let Some(&&(date, _)) = remaining_payments.peek() {
                consider(
                    &mut next,
                    &mut next_reasons,
                    date.succ_opt(),
                    StartReason::Payment,
                );
            }
            if let Some(from) = plus_five_from
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
            let period_end = day_before(next, cursor).ok_or_else(overflow)?;

            if base_minor > 0 {
                let half_year = half_year_bounds.map(|(half_year, start, _)| (half_year, start));
                let (table_millionths, generation) = reader.read(cursor, half_year, &mut flags)?;
                let plus_five = plus_five_from.is_some_and(|from| cursor >= from);
                let (rate_millionths, rate) = match rate_in_kernel {
                    Some((known_generation, known_plus_five, millionths, rate))
                        if known_generation == generation && known_plus_five == plus_five =>
                    {
                        (millionths, rate)
                    }
                    _ => {
                        let millionths = if plus_five {
                            table_millionths.checked_add(PLUS_FIVE_POINTS)
                        } else {
                            Some(table_millionths)
                        }
                        .ok_or_else(overflow)?
                        .max(0);
                        let rate = if record {
                            let table_rate = reader.rate()?;
                            Some(
                                if plus_five {
                                    table_rate
                                        .checked_add_points(Decimal::from(5))
                                        .ok_or_else(overflow)?
                                } else {
                                    table_rate
                                }
                                .max_zero(),
                            )
                        } else {
                            None
                        };
                        rate_in_kernel = Some((generation, plus_five, millionths, rate));
                        (millionths, rate)
                    }
                };
                let days = inclusive_day_count(cursor, period_end).ok_or_else(overflow)?;
                let day_basis = options.day_count.basis(cursor.year());
                let (numerator, interest_minor) = accrue(
                    base_minor,
                    rate_millionths,
                    days,
                    day_basis,
                    options.rounding,
                )
                .ok_or_else(overflow)?;
                exact = exact
                    .add_numerator(numerator, day_basis)
                    .ok_or_else(overflow)?;
                total_minor = total_minor
                    .checked_add(interest_minor)
                    .ok_or_else(overflow)?;
                owed.interest = owed
                    .interest
                    .checked_add(interest_minor)
                    .ok_or_else(overflow)?;
                if record {
                    // Built in place: one copy of the entry per line (a borrowed text for the
                    // built-in rates), nothing else.
                    let rate_source = match (is_contract, reader.last()) {
                        (true, _) => RateSource::Contract,
                        (false, None) => RateSource::Agreed,
                        (false, Some(cached)) => RateSource::Table {
                            reading: TableReading {
                                table: cached.table,
                                read_on: cached.read_on,
                                entry: cached.entry.clone(),
                                published: cached.published,
                            },
                            margin_points: cached.margin,
                            plus_five_points: plus_five,
                        },
                    };
                    periods.push(Period {
                        start: cursor,
                        end: period_end,
                        days,
                        starts_because: reasons,
                        annual_rate: rate.ok_or_else(overflow)?,
                        rate_source,
                        base: match base_money {
                            Some(base) => base,
                            None => money_of(base_minor, currency)?,
                        },
                        day_basis,
                        interest: money_of(interest_minor, currency)?,
                    });
                }
            }

            // What happens at the end of `period_end`: payments received that day, then
            // capitalisation if the next day is an anniversary.
            let mut base_changed = false;
            while let Some(&&(date, amount)) = remaining_payments.peek()
                && date == period_end
            {
                allocate(&mut owed, date, amount, true)?;
                remaining_payments.next();
                base_changed = true;
            }
            if next_anniversary == Some(next) && next <= end_date {
                if owed.interest > 0 {
                    if record {
                        capitalisations.push(CapitalisationEvent {
                            on: next,
                            amount: to_money(owed.interest)?,
                        });
                    }
                    owed.capitalised = owed
                        .capitalised
                        .checked_add(owed.interest)
                        .ok_or_else(overflow)?;
                    owed.interest = 0;
                    base_changed = true;
                }
                years_run = years_run.saturating_add(1);
                next_anniversary = anniversary(first_day, years_run);
            }
            if base_changed {
                base_minor = owed.base().ok_or_else(overflow)?;
                if record {
                    base_money = Some(to_money(base_minor)?);
                }
            }
            cursor = next;
            reasons = next_reasons;
        }
    }

    // Payments not yet applied (an invoice paid on time, paid after the due date).
    for &(date, amount) in remaining_payments {
        allocate(&mut owed, date, amount, late && date > due_date)?;
    }
    if owed.unapplied > 0 {
        flags.push(Flag::Overpayment {
            unapplied: to_money(owed.unapplied)?,
        });
    }
    let balance_due = [owed.capitalised, owed.interest, owed.compensation]
        .into_iter()
        .try_fold(owed.principal, i128::checked_add)
        .ok_or_else(overflow)?;
    let interest = to_money(total_minor)?;
    Ok(Simulation {
        regime: input.regime.clone(),
        options,
        lateness,
        first_day_of_interest: first_day,
        end_date,
        periods,
        capitalisations,
        allocations,
        // The dashboard's path does not need it (and it costs three decimal divisions).
        exact_interest: if record {
            exact.to_decimal(minor_units).ok_or_else(overflow)?
        } else {
            Decimal::ZERO
        },
        interest,
        compensation,
        compensation_rule,
        total: interest.checked_add(compensation)?,
        outstanding: to_money(owed.principal)?,
        balance_due: to_money(balance_due)?,
        flags,
    })
}

/// The half-year of `cursor`, its first day and the first day of the next one, made from the
/// cursor's own year (cheaper than building dates from a year, month and day). `reasons` says
/// whether the cursor is itself a half-year's first day.
pub(super) fn half_year_of(
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
pub(super) fn day_before(next: NaiveDate, cursor: NaiveDate) -> Option<NaiveDate> {
    if next.ordinal() == 1 && cursor.year().checked_add(1) == Some(next.year()) {
        cursor.with_ordinal(if cursor.leap_year() { 366 } else { 365 })
    } else {
        next.pred_opt()
    }
}

/// The days from `start` to `end`, both included (0 for the day before `start`, `None` earlier).
#[inline(always)]
pub(super) fn inclusive_day_count(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    let days = if start.year() == end.year() {
        i64::from(end.ordinal()) - i64::from(start.ordinal())
    } else {
        (end - start).num_days()
    };
    u32::try_from(days.checked_add(1)?).ok()
}

/// About how many lines a breakdown has, to allocate them once.
fn expected_periods(
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

/// The +5 points of art. L313-3 CMF, in millionths of a percent.
const PLUS_FIVE_POINTS: i128 = 5_000_000;

/// `fr-b2b-contract`: compares the contract rate with 3 × the legal rate (all other cases:
/// the creditor is a professional) of the half-year of the first day of interest. Before the
/// legal-rate table starts (2015) there is nothing to compare with, and no flag.
fn check_contract_floor(
    flags: &mut Vec<Flag>,
    tables: &RateTables,
    contract_rate: Rate,
    first_day: NaiveDate,
) {
    let half_year = HalfYear::containing(first_day);
    let Some(read_on) = half_year.start() else {
        return;
    };
    let Ok(reading) = tables.table(TableId::FrLegalOther).in_force_on(read_on) else {
        return;
    };
    let legal_rate = reading.entry.rate;
    let Some(floor) = legal_rate.checked_mul(Decimal::from(3)) else {
        return;
    };
    if !reading.published {
        note_reading(flags, TableId::FrLegalOther, read_on, reading.entry, false);
    }
    if contract_rate < floor {
        flags.push(Flag::ContractRateBelowFloor {
            contract_rate,
            legal_rate,
            floor,
            half_year,
            legal_rate_published: reading.published,
        });
    }
}
