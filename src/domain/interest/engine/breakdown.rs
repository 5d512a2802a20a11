//! What the engine gives back: the lines of the breakdown ([`Period`], with why each starts
//! where it does and where its rate comes from), how each payment was applied, the
//! capitalisations, and the [`Simulation`] that holds them with the totals and the flags.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::kernel::{ExactInterest, exact_numerator};
use crate::domain::interest::flags::Flag;
use crate::domain::interest::options::{Capitalisation, InterestOptions, PaymentOrder};
use crate::domain::interest::rate::Rate;
use crate::domain::interest::regime::{CompensationRule, Regime};
use crate::domain::interest::tables::{RateEntry, RateOrigin, TableId};
use crate::domain::money::Money;
use crate::format;
use crate::i18n::Lang;

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
    /// The annual rates applied, each change named once, in order: « 12,15 % puis 12,40 % »
    /// (empty when no period bore interest). The invoice page and the letters say it.
    pub fn rates_applied(&self, lang: Lang) -> String {
        let mut rates: Vec<String> = Vec::new();
        for period in &self.periods {
            let rate = format::rate(period.annual_rate, lang);
            if rates.last() != Some(&rate) {
                rates.push(rate);
            }
        }
        rates.join(match lang {
            Lang::Fr => " puis ",
            Lang::En => " then ",
        })
    }

    /// The legal basis of the regime and of each option used, for the breakdown and letters.
    pub fn legal_basis(&self, lang: Lang) -> String {
        let mut text = self.regime.legal_basis(lang);
        if let Some(from) = self.options.plus_five_start() {
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
