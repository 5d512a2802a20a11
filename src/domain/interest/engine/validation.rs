//! Step 1, the input decisions: what cannot be simulated, and why ([`SimulationError`]). An
//! end date on or before the due date is not an error (nothing is owed yet); a payment in
//! another currency, a non-positive amount, a negative rate or a date outside 1900–2199 is.

use chrono::{Datelike, NaiveDate};

use super::SimulationInput;
use super::kernel::rate_in_millionths;
use crate::domain::interest::options::{Capitalisation, OptionName};
use crate::domain::interest::rate::Rate;
use crate::domain::interest::regime::{Regime, RegimeId};
use crate::domain::interest::tables::NoRateBefore;
use crate::domain::money::{Currency, Money, MoneyError};
use crate::format;
use crate::i18n::{Describe, Lang};

/// Dates outside these years are refused: no statute or rate table reaches them, and it keeps
/// every date operation far from chrono's limits.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Which date of the input an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    DueDate,
    EndDate,
    FirstDayOfInterest,
    EnforceableOn,
    /// The payment at this index of the input.
    Payment(usize),
}

impl DateField {
    fn name(self, lang: Lang) -> String {
        match (self, lang) {
            (DateField::DueDate, Lang::Fr) => "la date d'échéance".to_string(),
            (DateField::DueDate, Lang::En) => "the due date".to_string(),
            (DateField::EndDate, Lang::Fr) => "la date de fin".to_string(),
            (DateField::EndDate, Lang::En) => "the end date".to_string(),
            (DateField::FirstDayOfInterest, Lang::Fr) => "le premier jour d'intérêts".to_string(),
            (DateField::FirstDayOfInterest, Lang::En) => "the first day of interest".to_string(),
            (DateField::EnforceableOn, Lang::Fr) => {
                "la date à laquelle la décision est devenue exécutoire".to_string()
            }
            (DateField::EnforceableOn, Lang::En) => {
                "the date the decision became enforceable".to_string()
            }
            (DateField::Payment(index), Lang::Fr) => format!("le paiement n° {}", index + 1),
            (DateField::Payment(index), Lang::En) => format!("payment no. {}", index + 1),
        }
    }
}

/// Why a simulation cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimulationError {
    NonPositivePrincipal {
        principal: Money,
    },
    DateOutOfRange {
        field: DateField,
        date: NaiveDate,
    },
    /// A payment in another currency than the invoice.
    PaymentCurrency {
        index: usize,
        expected: Currency,
        found: Currency,
    },
    NonPositivePayment {
        index: usize,
        amount: Money,
    },
    /// The agreed compensation (`fixed`) in another currency than the invoice.
    CompensationCurrency {
        expected: Currency,
        found: Currency,
    },
    NegativeCompensation {
        amount: Money,
    },
    /// A contract or agreed rate below zero.
    NegativeRate {
        rate: Rate,
    },
    /// A contract or agreed rate with more than 6 decimals.
    RateTooPrecise {
        rate: Rate,
    },
    FirstDayBeforeDueDate {
        first_day: NaiveDate,
        due_date: NaiveDate,
    },
    /// An option this regime does not have (see [`InterestOptions`]).
    OptionNotAvailable {
        option: OptionName,
        regime: RegimeId,
    },
    /// A period needs a rate from before the table starts.
    NoRate(NoRateBefore),
    /// The figures are too large to compute.
    Overflow,
}

impl From<NoRateBefore> for SimulationError {
    fn from(error: NoRateBefore) -> SimulationError {
        SimulationError::NoRate(error)
    }
}

impl From<MoneyError> for SimulationError {
    fn from(error: MoneyError) -> SimulationError {
        match error {
            // Validation checks every currency first; kept distinct all the same.
            MoneyError::CurrencyMismatch { left, right } => SimulationError::PaymentCurrency {
                index: 0,
                expected: left,
                found: right,
            },
            MoneyError::Overflow => SimulationError::Overflow,
        }
    }
}

/// The error of every checked operation that fails: the figures are too large to compute.
#[inline(always)]
pub(super) fn overflow() -> SimulationError {
    SimulationError::Overflow
}

impl Describe for SimulationError {
    fn describe(&self, lang: Lang) -> String {
        use SimulationError::*;
        match (self, lang) {
            (NonPositivePrincipal { principal }, Lang::Fr) => format!(
                "Le montant de la facture doit être positif ({} saisi).",
                format::money(*principal, lang)
            ),
            (NonPositivePrincipal { principal }, Lang::En) => format!(
                "The invoice amount must be positive ({} entered).",
                format::money(*principal, lang)
            ),
            (DateOutOfRange { field, date }, Lang::Fr) => format!(
                "{} ({}) est hors des dates prises en charge : de 1900 à 2199.",
                capitalise(&field.name(lang)),
                format::date_long(*date, lang)
            ),
            (DateOutOfRange { field, date }, Lang::En) => format!(
                "{} ({}) is outside the supported dates: 1900 to 2199.",
                capitalise(&field.name(lang)),
                format::date_long(*date, lang)
            ),
            (
                PaymentCurrency {
                    index,
                    expected,
                    found,
                },
                Lang::Fr,
            ) => format!(
                "Le paiement n° {} est en {found} alors que la facture est en {expected} : saisissez-le dans la devise de la facture.",
                index + 1
            ),
            (
                PaymentCurrency {
                    index,
                    expected,
                    found,
                },
                Lang::En,
            ) => format!(
                "Payment no. {} is in {found} while the invoice is in {expected}: enter it in the invoice's currency.",
                index + 1
            ),
            (NonPositivePayment { index, amount }, Lang::Fr) => format!(
                "Le paiement n° {} doit être positif ({} saisi).",
                index + 1,
                format::money(*amount, lang)
            ),
            (NonPositivePayment { index, amount }, Lang::En) => format!(
                "Payment no. {} must be positive ({} entered).",
                index + 1,
                format::money(*amount, lang)
            ),
            (CompensationCurrency { expected, found }, Lang::Fr) => format!(
                "L'indemnité convenue est en {found} alors que la facture est en {expected}."
            ),
            (CompensationCurrency { expected, found }, Lang::En) => {
                format!("The agreed compensation is in {found} while the invoice is in {expected}.")
            }
            (NegativeCompensation { amount }, Lang::Fr) => format!(
                "L'indemnité convenue ne peut pas être négative ({} saisi).",
                format::money(*amount, lang)
            ),
            (NegativeCompensation { amount }, Lang::En) => format!(
                "The agreed compensation cannot be negative ({} entered).",
                format::money(*amount, lang)
            ),
            (NegativeRate { rate }, Lang::Fr) => {
                format!(
                    "Le taux ne peut pas être négatif ({} saisi).",
                    rate.display(lang)
                )
            }
            (RateTooPrecise { rate }, Lang::Fr) => format!(
                "Le taux {} a trop de décimales : six au plus.",
                rate.percent()
            ),
            (RateTooPrecise { rate }, Lang::En) => format!(
                "The rate {} has too many decimals: six at most.",
                rate.percent()
            ),
            (NegativeRate { rate }, Lang::En) => {
                format!(
                    "The rate cannot be negative ({} entered).",
                    rate.display(lang)
                )
            }
            (
                FirstDayBeforeDueDate {
                    first_day,
                    due_date,
                },
                Lang::Fr,
            ) => format!(
                "Le premier jour d'intérêts ({}) ne peut pas précéder l'échéance ({}).",
                format::date_long(*first_day, lang),
                format::date_long(*due_date, lang)
            ),
            (
                FirstDayBeforeDueDate {
                    first_day,
                    due_date,
                },
                Lang::En,
            ) => format!(
                "The first day of interest ({}) cannot be before the due date ({}).",
                format::date_long(*first_day, lang),
                format::date_long(*due_date, lang)
            ),
            (OptionNotAvailable { option, regime }, Lang::Fr) => format!(
                "{} ne s'applique pas au régime « {} ».",
                capitalise(option.name(lang)),
                regime.name(lang)
            ),
            (OptionNotAvailable { option, regime }, Lang::En) => format!(
                "{} does not apply to the “{}” regime.",
                capitalise(option.name(lang)),
                regime.name(lang)
            ),
            (NoRate(error), lang) => error.describe(lang),
            (Overflow, Lang::Fr) => "Les montants sont trop grands pour être calculés.".to_string(),
            (Overflow, Lang::En) => "The amounts are too large to compute.".to_string(),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

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
