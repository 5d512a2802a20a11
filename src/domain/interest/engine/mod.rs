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
//!
//! [`run`] takes the steps of the method in order, each in a module of its own:
//! 1. [`validation`]: what cannot be simulated, and why;
//! 2. [`periods`]: the first day of interest, and where the span is split;
//! 3. [`payments`]: the payments in date order, and how each is applied;
//! 4. [`lateness`]: whether anything is owed, and the compensation;
//! 5. [`rates`]: the rate of each period (table, margin, +5 points, floor at zero);
//! 6. [`accrual`]: the span, period by period, with [`capitalisation`] on each anniversary;
//! 7. [`kernel`]: the integer arithmetic of one period, rounded to the cent, and the exact
//!    total;
//! 8. the totals ([`totals`]); the result's types are in [`breakdown`].

mod accrual;
mod breakdown;
mod capitalisation;
mod error;
mod input;
mod kernel;
mod lateness;
mod payments;
mod periods;
mod rates;
mod validation;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::flags::Flag;
use super::regime::Regime;
use super::tables::RateTables;
use crate::domain::money::Money;
use accrual::{Accrual, Accrued};
use error::overflow;
pub(crate) use input::Detail;
pub use input::SimulationInput;
use kernel::{in_minor_units, money_of};
use lateness::Owing;
use payments::{Owed, Payments};
use rates::PeriodRates;
pub use rates::contract_rate_floor;
use validation::validate;

pub use breakdown::{
    CapitalisationEvent, Lateness, PaymentAllocation, Period, RateSource, Simulation, StartReason,
    StartReasons, TableReading,
};
// For the tests of the shortcuts (dates from the cursor's own year, 64-bit division).
pub use error::{DateField, SUPPORTED_YEARS, SimulationError};
#[cfg(test)]
pub(super) use kernel::{divide_rounding_half_away, exact_interest_over};
#[cfg(test)]
pub(super) use periods::{day_before, half_year_of, inclusive_day_count};

/// Simulates `input` with `tables` (built-in plus user rates).
pub fn simulate(
    input: &SimulationInput,
    tables: &RateTables,
) -> Result<Simulation, SimulationError> {
    run(input, tables, Detail::Breakdown)
}

/// The same computation as [`simulate`] without keeping the breakdown (no periods, rate
/// readings or allocations): the totals only, the same to the cent (the dashboard's sum over
/// every overdue invoice).
pub fn simulate_totals(
    input: &SimulationInput,
    tables: &RateTables,
) -> Result<Simulation, SimulationError> {
    run(input, tables, Detail::TotalsOnly)
}

/// The dashboard's fast path: the same computation without keeping the breakdown; returns the
/// interest accrued up to the end date (the sum of the rounded periods).
pub fn accrued_interest(
    input: &SimulationInput,
    tables: &RateTables,
) -> Result<Money, SimulationError> {
    run(input, tables, Detail::TotalsOnly).map(|simulation| simulation.interest)
}

/// The method, step by step (see the module's documentation); `detail` keeps the breakdown
/// (`simulate`) or only the totals (`accrued_interest`).
fn run(
    input: &SimulationInput,
    tables: &RateTables,
    detail: Detail,
) -> Result<Simulation, SimulationError> {
    validate(input)?;
    let mut flags = Vec::new();
    let first_day = periods::first_day_of_interest(input, &mut flags)?;
    let dated_payments = payments::in_date_order(input, &mut flags)?;
    let principal_minor = in_minor_units(input.principal).ok_or_else(overflow)?;
    let owing = lateness::assess(input, &dated_payments, principal_minor, &mut flags)?;
    let late = owing.late();
    if late && let Regime::FrB2bContract { contract_rate } = &input.regime {
        rates::check_contract_floor(&mut flags, tables, *contract_rate, first_day);
    }
    let rates = PeriodRates::new(tables, input, first_day, detail)?;
    let owed = Owed::new(
        principal_minor,
        in_minor_units(owing.compensation).ok_or_else(overflow)?,
    );
    let mut payments = Payments::new(
        dated_payments,
        owed,
        input.options.payment_order,
        input.principal.currency(),
        detail,
    );
    // Outside the span (before its first day, or all of them when nothing is late), a payment
    // goes to the compensation only when late and received after the due date.
    let due_date = input.due_date;
    let compensation_owed = |date: NaiveDate| late && date > due_date;
    // Payments before the first day of interest: nothing has accrued yet.
    payments.apply_before(first_day, compensation_owed)?;
    let accrued = if late {
        Accrual::new(input, first_day, rates, &payments, detail)?.run(&mut payments, &mut flags)?
    } else {
        Accrued::default()
    };
    // Payments not yet applied (an invoice paid on time, paid after the due date).
    payments.apply_rest(compensation_owed)?;
    totals(input, detail, first_day, owing, accrued, payments, flags)
}

/// The totals: the interest is the sum of the rounded periods (so the breakdown adds up), the
/// total adds the compensation, the balance due is everything still owed after every payment;
/// a payment beyond it is flagged.
fn totals(
    input: &SimulationInput,
    detail: Detail,
    first_day: NaiveDate,
    owing: Owing,
    accrued: Accrued,
    payments: Payments,
    mut flags: Vec<Flag>,
) -> Result<Simulation, SimulationError> {
    let currency = input.principal.currency();
    let Payments {
        owed, allocations, ..
    } = payments;
    if owed.unapplied > 0 {
        flags.push(Flag::Overpayment {
            unapplied: money_of(owed.unapplied, currency)?,
        });
    }
    let balance_due = owed.balance_due().ok_or_else(overflow)?;
    let interest = money_of(accrued.total_minor, currency)?;
    Ok(Simulation {
        regime: input.regime.clone(),
        options: input.options,
        lateness: owing.lateness,
        first_day_of_interest: first_day,
        end_date: input.end_date,
        periods: accrued.periods,
        capitalisations: accrued.capitalisations,
        allocations,
        // The dashboard's path does not need it (and it costs three decimal divisions).
        exact_interest: if detail == Detail::Breakdown {
            accrued
                .exact
                .to_decimal(currency.minor_units())
                .ok_or_else(overflow)?
        } else {
            Decimal::ZERO
        },
        interest,
        compensation: owing.compensation,
        compensation_rule: owing.compensation_rule,
        total: interest.checked_add(owing.compensation)?,
        outstanding: money_of(owed.principal, currency)?,
        balance_due: money_of(balance_due, currency)?,
        flags,
    })
}
