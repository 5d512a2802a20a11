//! The method's choices, each named and documented. [`InterestOptions::default`] is the
//! method of the specification; every other variant is an option the user picks, never a
//! silent change. Each enum has a stable `id()` for URLs and storage.

use chrono::{Months, NaiveDate};

use crate::i18n::Lang;

/// Yearly capitalisation of interest (anatocisme, art. 1343-2 Code civil).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Capitalisation {
    /// Default: simple interest.
    #[default]
    None,
    /// At each anniversary of the first day of interest, the interest of the whole year just
    /// ended (the sum of its rounded periods, less what a payment already settled of it) joins
    /// the base from that day. French regimes and `fixed` only: UK statutory interest is simple
    /// interest (1998 Act, s. 1), § 289 BGB forbids interest on default interest, and the
    /// directive says nothing, so those regimes refuse it.
    /// The anniversary of a 29 February is the 28 February.
    Annual,
}

/// How days are counted and over what the annual rate is divided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum DayCount {
    /// Default: actual days over 365, leap years included ("même si l'année est bissextile",
    /// service-public.fr; gov.uk divides by 365 too).
    #[default]
    Act365,
    /// Actual/actual: periods also split at 1 January, and days falling in a leap year count
    /// over 366.
    ActAct,
    /// Actual days over 360 (some bank calculators). An option, never the default.
    Act360,
}

/// How a partial payment is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PaymentOrder {
    /// Default: a payment reduces the principal from the day after it is received; only what
    /// exceeds the base goes to accrued interest, then to the compensation. Interest already
    /// accrued stays owed.
    #[default]
    PrincipalFirst,
    /// The legal order of application, costs then interest then principal (art. 1343-1 Code
    /// civil, § 367 BGB): a payment first settles the compensation (once the invoice is late)
    /// and the interest accrued up to and including its day, and only the rest reduces the
    /// base (capitalised interest first, then principal).
    LegalOrder,
}

/// Where rounding to the cent happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Rounding {
    /// Default: each period's interest is rounded half away from zero to the cent; the total is
    /// the sum of the rounded periods, so the breakdown always adds up.
    #[default]
    PerPeriod,
    /// The daily amount is rounded to the cent first, then multiplied by the days (gov.uk's
    /// "23p a day"). An option, never the default.
    DailyAmountFirst,
}

/// All the method's options. `InterestOptions::default()` is the specified method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct InterestOptions {
    /// Interest runs from this day (included) instead of the day after the due date: e.g. the
    /// day after a formal notice (fr-legal), or the day of a court decision. Must not be
    /// before the due date (the due date itself is allowed: "count the first day as well").
    pub first_day_of_interest: Option<NaiveDate>,
    /// The day a court decision became enforceable: the legal rate is increased by 5 points
    /// from the day after two months have run from it (art. L313-3 Code monétaire et
    /// financier). `fr-legal` only: the increase applies to the legal rate, not to the
    /// commercial penalties of L441-10 nor to foreign regimes.
    pub enforceable_on: Option<NaiveDate>,
    pub capitalisation: Capitalisation,
    pub day_count: DayCount,
    pub payment_order: PaymentOrder,
    pub rounding: Rounding,
}

impl InterestOptions {
    /// The first day of the +5 points: the day after two months have run from the day the
    /// decision became enforceable (a month-end with no such day in the second month gives its
    /// last day: enforceable 31 December → two months run on 28/29 February → +5 from 1 March).
    pub fn plus_five_start(&self) -> Option<NaiveDate> {
        self.enforceable_on
            .and_then(|date| date.checked_add_months(Months::new(2)))
            .and_then(|date| date.succ_opt())
    }
}

/// An option, named in errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionName {
    PlusFivePoints,
    Capitalisation,
}

impl OptionName {
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OptionName::PlusFivePoints, Lang::Fr) => {
                "la majoration de 5 points (article L313-3 du Code monétaire et financier)"
            }
            (OptionName::PlusFivePoints, Lang::En) => {
                "the 5-point increase (French Monetary and Financial Code, article L313-3)"
            }
            (OptionName::Capitalisation, Lang::Fr) => {
                "la capitalisation annuelle des intérêts (article 1343-2 du Code civil)"
            }
            (OptionName::Capitalisation, Lang::En) => {
                "yearly capitalisation of interest (French Civil Code, article 1343-2)"
            }
        }
    }
}

macro_rules! stable_ids {
    ($type:ty { $($variant:ident => $id:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: &'static [$type] = &[$(<$type>::$variant),+];

            /// Stable identifier for URLs and storage.
            pub fn id(self) -> &'static str {
                match self { $(<$type>::$variant => $id),+ }
            }

            pub fn from_id(id: &str) -> Option<$type> {
                match id.trim() { $($id => Some(<$type>::$variant),)+ _ => None }
            }
        }
    };
}

stable_ids!(Capitalisation { None => "none", Annual => "annual" });
stable_ids!(DayCount { Act365 => "act-365", ActAct => "act-act", Act360 => "act-360" });
stable_ids!(PaymentOrder { PrincipalFirst => "principal-first", LegalOrder => "legal-order" });
stable_ids!(Rounding { PerPeriod => "per-period", DailyAmountFirst => "daily-amount-first" });

impl DayCount {
    /// The denominator for a period within one calendar year `year`.
    pub fn basis(self, year: i32) -> u32 {
        match self {
            DayCount::Act365 => 365,
            DayCount::Act360 => 360,
            DayCount::ActAct => {
                let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                if leap { 366 } else { 365 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_ids_round_trip_and_defaults_are_the_specified_method() {
        for option in DayCount::ALL {
            assert_eq!(DayCount::from_id(option.id()), Some(*option));
        }
        for option in PaymentOrder::ALL {
            assert_eq!(PaymentOrder::from_id(option.id()), Some(*option));
        }
        for option in Capitalisation::ALL {
            assert_eq!(Capitalisation::from_id(option.id()), Some(*option));
        }
        for option in Rounding::ALL {
            assert_eq!(Rounding::from_id(option.id()), Some(*option));
        }
        let defaults = InterestOptions::default();
        assert_eq!(defaults.day_count, DayCount::Act365);
        assert_eq!(defaults.capitalisation, Capitalisation::None);
        assert_eq!(defaults.payment_order, PaymentOrder::PrincipalFirst);
        assert_eq!(defaults.rounding, Rounding::PerPeriod);
        assert_eq!(DayCount::ActAct.basis(2024), 366);
        assert_eq!(DayCount::ActAct.basis(2100), 365);
        assert_eq!(DayCount::Act365.basis(2024), 365);
    }
}
