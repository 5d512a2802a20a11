//! Step 1, the input decisions: what cannot be simulated ([`SimulationError`]). An end date on
//! or before the due date is not an error (nothing is owed yet); a payment in another currency,
//! a non-positive amount, a negative rate or a date outside 1900–2199 is.

use chrono::{Datelike, NaiveDate};

use super::error::{DateField, SUPPORTED_YEARS, SimulationError};
use super::input::SimulationInput;
use super::kernel::rate_in_millionths;
use crate::domain::interest::options::{Capitalisation, OptionName};
use crate::domain::interest::regime::Regime;

/// Refuses a date outside [`SUPPORTED_YEARS`].
fn check_date(field: DateField, date: NaiveDate) -> Result<(), SimulationError> {
    if SUPPORTED_YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(SimulationError::DateOutOfRange { field, date })
    }
}

/// Refuses an input the method cannot apply: a non-positive amount or payment, a date out of
/// range, a first day of interest before the due date, an option the regime does not have
/// (the +5 points are French legal interest's, capitalisation is not for UK or German
/// interest), a payment or an agreed compensation in another currency, a negative or too
/// precise rate.
pub(super) fn validate(input: &SimulationInput) -> Result<(), SimulationError> {
    let currency = input.principal.currency();
    if !input.principal.is_positive() {
        return Err(SimulationError::NonPositivePrincipal {
            principal: input.principal,
        });
    }
    check_date(DateField::DueDate, input.due_date)?;
    check_date(DateField::EndDate, input.end_date)?;
    let options = &input.options;
    if let Some(first_day) = options.first_day_of_interest {
        check_date(DateField::FirstDayOfInterest, first_day)?;
        if first_day < input.due_date {
            return Err(SimulationError::FirstDayBeforeDueDate {
                first_day,
                due_date: input.due_date,
            });
        }
    }
    if let Some(enforceable_on) = options.enforceable_on {
        check_date(DateField::EnforceableOn, enforceable_on)?;
        if !matches!(input.regime, Regime::FrLegal { .. }) {
            return Err(SimulationError::OptionNotAvailable {
                option: OptionName::PlusFivePoints,
                regime: input.regime.id(),
            });
        }
    }
    if options.capitalisation == Capitalisation::Annual
        && matches!(
            input.regime,
            Regime::UkB2b | Regime::DeB2b | Regime::DeConsumer | Regime::EuB2b
        )
    {
        return Err(SimulationError::OptionNotAvailable {
            option: OptionName::Capitalisation,
            regime: input.regime.id(),
        });
    }
    for (index, (date, amount)) in input.payments.iter().enumerate() {
        check_date(DateField::Payment(index), *date)?;
        if amount.currency() != currency {
            return Err(SimulationError::PaymentCurrency {
                index,
                expected: currency,
                found: amount.currency(),
            });
        }
        if !amount.is_positive() {
            return Err(SimulationError::NonPositivePayment {
                index,
                amount: *amount,
            });
        }
    }
    match &input.regime {
        Regime::FrB2bContract {
            contract_rate: rate,
        }
        | Regime::Fixed { rate, .. }
            if rate.percent().is_sign_negative() && !rate.percent().is_zero() =>
        {
            return Err(SimulationError::NegativeRate { rate: *rate });
        }
        Regime::FrB2bContract {
            contract_rate: rate,
        }
        | Regime::Fixed { rate, .. }
            if rate_in_millionths(*rate).is_none() =>
        {
            return Err(SimulationError::RateTooPrecise { rate: *rate });
        }
        _ => {}
    }
    if let Regime::Fixed {
        compensation: Some(compensation),
        ..
    } = &input.regime
    {
        if compensation.currency() != currency {
            return Err(SimulationError::CompensationCurrency {
                expected: currency,
                found: compensation.currency(),
            });
        }
        if compensation.is_negative() {
            return Err(SimulationError::NegativeCompensation {
                amount: *compensation,
            });
        }
    }
    Ok(())
}
