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

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::flags::Flag;
use super::options::{Capitalisation, InterestOptions, OptionName, PaymentOrder, Rounding};
use super::rate::{HalfYear, Rate};
use super::regime::{CompensationRule, RateRule, Regime, RegimeId};
use super::tables::{NoRateBefore, RateEntry, RateOrigin, RateStatus, RateTables, TableId};
use crate::domain::money::{Currency, Money, MoneyError};
use crate::format;
use crate::i18n::{Describe, Lang};

/// Dates outside these years are refused: no statute or rate table reaches them, and it keeps
/// every date operation far from chrono's limits.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

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

/// Why a period starts where it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StartReason {
    /// The day after the due date: the first day of interest.
    DayAfterDueDate,
    /// The first day of interest chosen in the options (e.g. after a formal notice).
    ChosenFirstDay,
    /// 1 January or 1 July: the rate of the new half-year.
    HalfYear,
    /// The day after a partial payment: a smaller base.
    Payment,
    /// The +5 points of art. L313-3 CMF start.
    PlusFivePoints,
    /// An anniversary of the first day: the year's interest joins the base.
    Capitalisation,
    /// 1 January with actual/actual: a new denominator.
    YearBoundary,
}

impl StartReason {
    pub const ALL: [StartReason; 7] = [
        StartReason::DayAfterDueDate,
        StartReason::ChosenFirstDay,
        StartReason::HalfYear,
        StartReason::Payment,
        StartReason::PlusFivePoints,
        StartReason::Capitalisation,
        StartReason::YearBoundary,
    ];

    pub fn id(self) -> &'static str {
        match self {
            StartReason::DayAfterDueDate => "day-after-due-date",
            StartReason::ChosenFirstDay => "chosen-first-day",
            StartReason::HalfYear => "half-year",
            StartReason::Payment => "payment",
            StartReason::PlusFivePoints => "plus-five-points",
            StartReason::Capitalisation => "capitalisation",
            StartReason::YearBoundary => "year-boundary",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StartReason::DayAfterDueDate, Lang::Fr) => "lendemain de l'échéance",
            (StartReason::DayAfterDueDate, Lang::En) => "day after the due date",
            (StartReason::ChosenFirstDay, Lang::Fr) => "premier jour d'intérêts choisi",
            (StartReason::ChosenFirstDay, Lang::En) => "chosen first day of interest",
            (StartReason::HalfYear, Lang::Fr) => "nouveau semestre",
            (StartReason::HalfYear, Lang::En) => "new half-year",
            (StartReason::Payment, Lang::Fr) => "lendemain d'un paiement partiel",
            (StartReason::Payment, Lang::En) => "day after a partial payment",
            (StartReason::PlusFivePoints, Lang::Fr) => "majoration de 5 points",
            (StartReason::PlusFivePoints, Lang::En) => "5-point increase",
            (StartReason::Capitalisation, Lang::Fr) => "capitalisation des intérêts",
            (StartReason::Capitalisation, Lang::En) => "capitalisation of interest",
            (StartReason::YearBoundary, Lang::Fr) => "nouvelle année",
            (StartReason::YearBoundary, Lang::En) => "new year",
        }
    }

    fn bit(self) -> u8 {
        match self {
            StartReason::DayAfterDueDate => 1,
            StartReason::ChosenFirstDay => 2,
            StartReason::HalfYear => 4,
            StartReason::Payment => 8,
            StartReason::PlusFivePoints => 16,
            StartReason::Capitalisation => 32,
            StartReason::YearBoundary => 64,
        }
    }
}

/// The set of reasons a period starts (several can coincide: a payment on 30 June).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct StartReasons(u8);

impl StartReasons {
    pub fn only(reason: StartReason) -> StartReasons {
        StartReasons(reason.bit())
    }

    pub fn with(self, reason: StartReason) -> StartReasons {
        StartReasons(self.0 | reason.bit())
    }

    pub fn contains(self, reason: StartReason) -> bool {
        self.0 & reason.bit() != 0
    }

    pub fn iter(self) -> impl Iterator<Item = StartReason> {
        StartReason::ALL
            .into_iter()
            .filter(move |reason| self.contains(*reason))
    }
}

/// The table entry a rate was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableReading {
    pub table: TableId,
    /// The day the rate was read on (1 January / 1 July; the UK reference date).
    pub read_on: NaiveDate,
    /// The entry used, with its source, status and origin.
    pub entry: RateEntry,
    /// `false`: the rate for `read_on` is not published; `entry` is the last known one.
    pub published: bool,
}

/// Where a period's annual rate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateSource {
    /// A table rate plus `margin_points` (10, 9, 8, 5 or 0) and, when `plus_five_points`,
    /// the 5 points of art. L313-3 CMF.
    Table {
        reading: TableReading,
        margin_points: Decimal,
        plus_five_points: bool,
    },
    /// The rate in the contract (`fr-b2b-contract`).
    Contract,
    /// The agreed rate (`fixed`).
    Agreed,
}

/// One line of the breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    /// Included.
    pub end: NaiveDate,
    pub days: u32,
    pub starts_because: StartReasons,
    /// Percent per annum, after margin (never below zero).
    pub annual_rate: Rate,
    pub rate_source: RateSource,
    /// Principal outstanding plus capitalised interest during the period.
    pub base: Money,
    /// The denominator: 365, 366 (actual/actual in a leap year) or 360.
    pub day_basis: u32,
    /// Rounded half away from zero to the cent (or daily amount first, by option).
    pub interest: Money,
}

impl Period {
    /// `base × rate × days / (100 × day_basis)` before rounding (28 significant digits).
    pub fn exact_interest(&self) -> Option<Decimal> {
        let numerator = exact_numerator(self.base, self.annual_rate, self.days, self.day_basis)?;
        ExactInterest::default()
            .add_numerator(numerator, self.day_basis)?
            .to_decimal(self.base.currency().minor_units())
    }

    /// How the rate was found, for the breakdown and letters: « taux de la BCE en vigueur le
    /// 1er juillet 2026 (2,40 %) + 10 points = 12,40 % ; source : … ».
    pub fn rate_explanation(&self, lang: Lang) -> String {
        let annual = self.annual_rate.display(lang);
        match (&self.rate_source, lang) {
            (
                RateSource::Table {
                    reading,
                    margin_points,
                    plus_five_points,
                },
                _,
            ) => {
                let name = reading.table.name(lang);
                let date = format::date_long(reading.read_on, lang);
                let table_rate = reading.entry.rate.display(lang);
                let points = |points: Decimal| {
                    let decimals = points.normalize().scale();
                    format!(" + {} points", format::decimal(points, decimals, lang))
                };
                let margin = if margin_points.is_zero() {
                    String::new()
                } else {
                    points(*margin_points)
                };
                let plus_five = if *plus_five_points {
                    points(Decimal::from(5))
                } else {
                    String::new()
                };
                let origin = match (reading.entry.origin, lang) {
                    (RateOrigin::User, Lang::Fr) => " (saisi par vous)",
                    (RateOrigin::User, Lang::En) => " (entered by you)",
                    (RateOrigin::Builtin, _) => "",
                };
                let source = &reading.entry.source;
                let since = format::date_long(reading.entry.effective_from, lang);
                match (reading.published, lang) {
                    (true, Lang::Fr) => format!(
                        "{name} en vigueur le {date} ({table_rate}){margin}{plus_five} = {annual} ; source : {source}{origin}"
                    ),
                    (true, Lang::En) => format!(
                        "{name} in force on {date} ({table_rate}){margin}{plus_five} = {annual}; source: {source}{origin}"
                    ),
                    (false, Lang::Fr) => format!(
                        "{name} au {date} NON ENCORE PUBLIÉ : dernier taux connu reconduit ({table_rate}, en vigueur depuis le {since}){margin}{plus_five} = {annual} ; source du taux reconduit : {source}{origin}"
                    ),
                    (false, Lang::En) => format!(
                        "{name} on {date} NOT YET PUBLISHED: last known rate carried over ({table_rate}, in force since {since}){margin}{plus_five} = {annual}; source of the rate carried over: {source}{origin}"
                    ),
                }
            }
            (RateSource::Contract, Lang::Fr) => format!("taux du contrat : {annual}"),
            (RateSource::Contract, Lang::En) => format!("contract rate: {annual}"),
            (RateSource::Agreed, Lang::Fr) => format!("taux convenu : {annual}"),
            (RateSource::Agreed, Lang::En) => format!("agreed rate: {annual}"),
        }
    }
}

/// How one payment was applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentAllocation {
    pub date: NaiveDate,
    pub amount: Money,
    pub to_compensation: Money,
    /// Interest accrued up to and including the payment day, not capitalised.
    pub to_interest: Money,
    pub to_capitalised_interest: Money,
    pub to_principal: Money,
    /// What exceeded everything owed.
    pub unapplied: Money,
}

/// Interest joining the base on an anniversary (art. 1343-2 Code civil).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapitalisationEvent {
    /// The day the amount starts to bear interest.
    pub on: NaiveDate,
    pub amount: Money,
}

/// Whether the invoice was late at the end date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lateness {
    /// The end date is on or before the due date: nothing owed yet.
    NotYetDue,
    /// Paid in full by the due date: no interest, no compensation.
    PaidOnTime,
    /// Not paid in full by the due date.
    Late,
}

/// The result: every figure is a line of `periods`, `compensation` (with its rule) or
/// `allocations`, and every rate names its table entry and source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub regime: Regime,
    pub options: InterestOptions,
    pub lateness: Lateness,
    pub first_day_of_interest: NaiveDate,
    pub end_date: NaiveDate,
    /// The breakdown. Periods with a zero base (after payment in full) are left out.
    pub periods: Vec<Period>,
    pub capitalisations: Vec<CapitalisationEvent>,
    pub allocations: Vec<PaymentAllocation>,
    /// The unrounded total (sum of exact fractions, divided once).
    pub exact_interest: Decimal,
    /// The sum of the rounded periods.
    pub interest: Money,
    pub compensation: Money,
    pub compensation_rule: CompensationRule,
    /// `interest + compensation`.
    pub total: Money,
    /// Principal still unpaid at the end date.
    pub outstanding: Money,
    /// Everything still owed at the end date: principal, capitalised and accrued interest and
    /// compensation, after every payment.
    pub balance_due: Money,
    pub flags: Vec<Flag>,
}

impl Simulation {
    /// The legal basis of the regime and of each option used, for the breakdown and letters.
    pub fn legal_basis(&self, lang: Lang) -> String {
        let mut text = self.regime.legal_basis(lang);
        if let Some(from) = plus_five_start(self.options.enforceable_on) {
            let from = format::date_long(from, lang);
            text.push_str(&match lang {
                Lang::Fr => format!(" Taux majoré de 5 points à compter du {from}, deux mois après que la décision de justice est devenue exécutoire (article L313-3 du Code monétaire et financier)."),
                Lang::En => format!(" Rate increased by 5 points from {from}, two months after the court decision became enforceable (French Monetary and Financial Code, article L313-3)."),
            });
        }
        if self.options.capitalisation == Capitalisation::Annual {
            text.push_str(match lang {
                Lang::Fr => " Intérêts dus pour une année entière capitalisés (article 1343-2 du Code civil).",
                Lang::En => " Interest due for a whole year is capitalised (French Civil Code, article 1343-2).",
            });
        }
        if self.options.payment_order == PaymentOrder::LegalOrder {
            text.push_str(match lang {
                Lang::Fr => " Paiements imputés d'abord sur les frais, puis sur les intérêts, puis sur le principal (article 1343-1 du Code civil ; § 367 BGB).",
                Lang::En => " Payments applied first to costs, then to interest, then to principal (French Civil Code, article 1343-1; BGB § 367).",
            });
        }
        text
    }

    /// « Indemnité forfaitaire … : 40,00 € » (or why there is none).
    pub fn compensation_line(&self, lang: Lang) -> String {
        let basis = self.compensation_rule.describe_basis(lang);
        match (self.lateness, lang) {
            (Lateness::Late, Lang::Fr) => {
                format!("{basis} : {}", format::money(self.compensation, lang))
            }
            (Lateness::Late, Lang::En) => {
                format!("{basis}: {}", format::money(self.compensation, lang))
            }
            (_, Lang::Fr) => format!("{basis} : non due, la facture n'étant pas payée en retard"),
            (_, Lang::En) => format!("{basis}: not owed, the invoice not being paid late"),
        }
    }
}

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

/// The interest kernel works in integers: amounts in minor units (cents), rates in
/// millionths of a percent. Rates never have more than 6 decimals (the CSV, [`Rate::parse`] and
/// validation see to it), so this is exact, and fast (no decimal division on the hot path).
const RATE_DECIMALS: u32 = 6;

/// `10^RATE_DECIMALS × 100`: percent and millionths.
const RATE_DENOMINATOR: i128 = 100_000_000;

/// `10^n` for the scales the kernel meets (a table is cheaper than `checked_pow`).
fn power_of_ten(n: u32) -> Option<i128> {
    const POWERS: [i128; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    POWERS.get(usize::try_from(n).ok()?).copied()
}

/// The rate in millionths of a percent (`None` beyond 6 decimals).
#[inline(always)]
fn rate_in_millionths(rate: Rate) -> Option<i128> {
    let mut percent = rate.percent();
    if percent.scale() > RATE_DECIMALS {
        percent = percent.normalize();
    }
    let scale_up = RATE_DECIMALS.checked_sub(percent.scale())?;
    percent.mantissa().checked_mul(power_of_ten(scale_up)?)
}

/// The amount in minor units (`Money` is held at its currency's minor unit, or fewer
/// decimals for `Money::zero`).
#[inline(always)]
fn in_minor_units(money: Money) -> Option<i128> {
    let amount = money.amount();
    let scale_up = money.currency().minor_units().checked_sub(amount.scale())?;
    amount.mantissa().checked_mul(power_of_ten(scale_up)?)
}

/// `numerator / denominator` rounded half away from zero ([`crate::domain::money::ROUNDING`]);
/// `denominator` is positive.
#[inline(always)]
pub(super) fn divide_rounding_half_away(numerator: i128, denominator: i128) -> Option<i128> {
    // Most amounts fit in 64 bits, where division is one machine instruction (128-bit division
    // is a library call, natively and in wasm). Same arithmetic, same result.
    if let (Ok(numerator), Ok(denominator)) = (i64::try_from(numerator), i64::try_from(denominator))
    {
        let quotient = numerator.checked_div(denominator)?;
        let remainder = numerator.checked_rem(denominator)?;
        // Compared in 128 bits: twice the remainder always fits there.
        let rounded = if i128::from(remainder).abs() * 2 >= i128::from(denominator) {
            quotient.checked_add(numerator.signum())?
        } else {
            quotient
        };
        return Some(i128::from(rounded));
    }
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_rem(denominator)?;
    if remainder.checked_abs()?.checked_mul(2)? >= denominator {
        quotient.checked_add(numerator.signum())
    } else {
        Some(quotient)
    }
}

/// Exact interest as fractions: `base (minor units) × rate (millionths of a percent) × days`,
/// one numerator per denominator (360, 365, 366). Summing numerators is exact, so splitting a
/// span never changes the exact total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ExactInterest {
    numerators: [i128; 3],
}

impl ExactInterest {
    fn slot(basis: u32) -> usize {
        match basis {
            360 => 0,
            365 => 1,
            _ => 2,
        }
    }

    fn add_numerator(self, numerator: i128, basis: u32) -> Option<ExactInterest> {
        let mut numerators = self.numerators;
        let slot = numerators.get_mut(ExactInterest::slot(basis))?;
        *slot = slot.checked_add(numerator)?;
        Some(ExactInterest { numerators })
    }

    /// The sum of two exact amounts (still exact).
    #[cfg(test)]
    pub(super) fn checked_add(self, other: ExactInterest) -> Option<ExactInterest> {
        let mut numerators = self.numerators;
        for (mine, theirs) in numerators.iter_mut().zip(other.numerators) {
            *mine = mine.checked_add(theirs)?;
        }
        Some(ExactInterest { numerators })
    }

    /// As a decimal amount (28 significant digits) for a currency of `minor_units` decimals.
    pub(super) fn to_decimal(self, minor_units: u32) -> Option<Decimal> {
        let [over_360, over_365, over_366] = self.numerators;
        let part = |numerator: i128, basis: i128| -> Option<Decimal> {
            let denominator = basis.checked_mul(RATE_DENOMINATOR)?;
            let whole = numerator.checked_div(denominator)?;
            let remainder = numerator.checked_rem(denominator)?;
            let whole = Decimal::try_from_i128_with_scale(whole, minor_units).ok()?;
            let fraction = Decimal::try_from_i128_with_scale(remainder, minor_units)
                .ok()?
                .checked_div(Decimal::try_from_i128_with_scale(denominator, 0).ok()?)?;
            whole.checked_add(fraction)
        };
        part(over_360, 360)?
            .checked_add(part(over_365, 365)?)?
            .checked_add(part(over_366, 366)?)
    }
}

/// The exact interest on `base` at `rate` from `start` to `end` (both included), splitting at
/// 1 January where the day count needs it. `None` on overflow or an empty span.
#[cfg(test)]
pub(super) fn exact_interest_over(
    base: Money,
    rate: Rate,
    start: NaiveDate,
    end: NaiveDate,
    day_count: super::options::DayCount,
) -> Option<ExactInterest> {
    let mut exact = ExactInterest::default();
    let mut cursor = start;
    while cursor <= end {
        let next_year = NaiveDate::from_ymd_opt(cursor.year().checked_add(1)?, 1, 1)?;
        let last = end.min(next_year.pred_opt()?);
        let days = u32::try_from((last - cursor).num_days().checked_add(1)?).ok()?;
        let basis = day_count.basis(cursor.year());
        exact = exact.add_numerator(exact_numerator(base, rate, days, basis)?, basis)?;
        cursor = next_year;
    }
    Some(exact)
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

fn check_date(field: DateField, date: NaiveDate) -> Result<(), SimulationError> {
    if SUPPORTED_YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(SimulationError::DateOutOfRange { field, date })
    }
}

fn validate(input: &SimulationInput) -> Result<(), SimulationError> {
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

/// `minor` minor units as `Money` (already at the minor unit: nothing to round).
///
/// Inlined, like the other small functions of the period loop: at the size-optimised release
/// profile they otherwise stay calls whose `Option`/`Result` comes back through memory and is
/// read back with a stall; inlining them saved about 15 % of `simulate` (docs/performance.md).
#[inline(always)]
fn money_of(minor: i128, currency: Currency) -> Result<Money, SimulationError> {
    Money::from_minor_units(minor, currency).ok_or(SimulationError::Overflow)
}

/// The +5 points of art. L313-3 CMF, in millionths of a percent.
const PLUS_FIVE_POINTS: i128 = 5_000_000;

/// The interest kernel: `base × rate × days / (100 × day_basis)` with the base in minor units
/// and the rate in millionths of a percent. Returns the exact numerator (see
/// [`ExactInterest`]) and the interest in minor units, rounded half away from zero (or the
/// daily amount first, by option). `None` on overflow.
#[inline(always)]
fn accrue(
    base_minor: i128,
    rate_millionths: i128,
    days: u32,
    day_basis: u32,
    rounding: Rounding,
) -> Option<(i128, i128)> {
    let yearly = base_minor.checked_mul(rate_millionths)?;
    let numerator = yearly.checked_mul(i128::from(days))?;
    let denominator = i128::from(day_basis).checked_mul(RATE_DENOMINATOR)?;
    let minor = match rounding {
        Rounding::PerPeriod => divide_rounding_half_away(numerator, denominator)?,
        Rounding::DailyAmountFirst => {
            divide_rounding_half_away(yearly, denominator)?.checked_mul(i128::from(days))?
        }
    };
    Some((numerator, minor))
}

/// [`accrue`] on `Money` and `Rate`: the exact numerator.
fn exact_numerator(base: Money, rate: Rate, days: u32, day_basis: u32) -> Option<i128> {
    accrue(
        in_minor_units(base)?,
        rate_in_millionths(rate)?,
        days,
        day_basis,
        Rounding::PerPeriod,
    )
    .map(|(numerator, _)| numerator)
}

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
