//! What cannot be simulated, and why ([`SimulationError`], each a sentence in French and in
//! English); the years a simulation may span.

use chrono::NaiveDate;

use crate::domain::interest::options::OptionName;
use crate::domain::interest::rate::Rate;
use crate::domain::interest::regime::RegimeId;
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
