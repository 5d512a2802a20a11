//! Rate tables: the built-in history compiled from `data/rates/*.csv` by `build.rs`, merged
//! with the rates the user adds in Settings (user entries take precedence and are marked).
//!
//! Two shapes of table:
//! - **change-point** tables (ECB main refinancing rate, German Basiszinssatz, Bank Rate): each
//!   entry is in force from its date until the next entry;
//! - the **half-year** table of the French legal rate: each entry covers exactly one half-year
//!   (`effective_from` 1 January or 1 July, `to` 30 June or 31 December), one table per category.
//!
//! "Known through": a change-point table cannot say by itself until when its last entry is
//! known to hold. Each built-in table therefore carries the last day its completeness was
//! checked (the `*.notes.md` beside the CSV say why), and a reading after that day is flagged
//! "rate not yet published". A user entry extends it (to its `to`, or its own date).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::rate::{HalfYear, ParseRateError, Rate};
use crate::format;
use crate::i18n::{Describe, Lang};

/// The rate series Relance knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableId {
    /// ECB main refinancing operations rate (`ecb-mro.csv`).
    EcbMro,
    /// French legal rate, creditors who are natural persons not acting for professional needs
    /// (`fr-taux-legal.csv`, column `consumer_percent`).
    FrLegalConsumer,
    /// French legal rate, all other cases (`fr-taux-legal.csv`, column `other_percent`).
    FrLegalOther,
    /// German Basiszinssatz, § 247 BGB (`de-basiszinssatz.csv`).
    DeBasiszinssatz,
    /// Bank of England Bank Rate (`uk-bank-rate.csv`).
    UkBankRate,
}

impl TableId {
    /// The table's name as the user reads it (Settings, a conflict between two tabs).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TableId::FrLegalOther, Lang::Fr) => "Taux de l'intérêt légal — tous les autres cas",
            (TableId::FrLegalOther, Lang::En) => "French legal rate — all other cases",
            (TableId::FrLegalConsumer, Lang::Fr) => {
                "Taux de l'intérêt légal — créancier particulier"
            }
            (TableId::FrLegalConsumer, Lang::En) => "French legal rate — consumer creditor",
            (TableId::EcbMro, Lang::Fr) => "Taux de refinancement de la BCE",
            (TableId::EcbMro, Lang::En) => "ECB main refinancing rate",
            (TableId::DeBasiszinssatz, Lang::Fr) => "Taux de base allemand (Basiszinssatz)",
            (TableId::DeBasiszinssatz, Lang::En) => "German base rate (Basiszinssatz)",
            (TableId::UkBankRate, Lang::Fr) => "Bank Rate (Banque d'Angleterre)",
            (TableId::UkBankRate, Lang::En) => "Bank Rate (Bank of England)",
        }
    }

    pub const ALL: [TableId; 5] = [
        TableId::EcbMro,
        TableId::FrLegalConsumer,
        TableId::FrLegalOther,
        TableId::DeBasiszinssatz,
        TableId::UkBankRate,
    ];

    /// Stable identifier (storage, URLs, `data-table` attributes).
    pub fn id(self) -> &'static str {
        match self {
            TableId::EcbMro => "ecb-mro",
            TableId::FrLegalConsumer => "fr-taux-legal-consumer",
            TableId::FrLegalOther => "fr-taux-legal-other",
            TableId::DeBasiszinssatz => "de-basiszinssatz",
            TableId::UkBankRate => "uk-bank-rate",
        }
    }

    pub fn from_id(id: &str) -> Option<TableId> {
        TableId::ALL
            .into_iter()
            .find(|table| table.id() == id.trim())
    }

    /// The CSV file the built-in entries come from.
    pub fn file(self) -> RateFile {
        match self {
            TableId::EcbMro => RateFile::EcbMro,
            TableId::FrLegalConsumer | TableId::FrLegalOther => RateFile::FrTauxLegal,
            TableId::DeBasiszinssatz => RateFile::DeBasiszinssatz,
            TableId::UkBankRate => RateFile::UkBankRate,
        }
    }

    /// Whether entries are half-years (`true`) or change points (`false`).
    pub fn is_half_yearly(self) -> bool {
        matches!(self, TableId::FrLegalConsumer | TableId::FrLegalOther)
    }

    /// Whether the rate can only change on 1 January and 1 July (the Basiszinssatz, § 247 BGB).
    fn changes_on_half_years_only(self) -> bool {
        matches!(self, TableId::DeBasiszinssatz) || self.is_half_yearly()
    }

    /// The rate's name, for sentences.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TableId::EcbMro, Lang::Fr) => {
                "taux de la BCE (opérations principales de refinancement)"
            }
            (TableId::EcbMro, Lang::En) => "ECB main refinancing rate",
            (TableId::FrLegalConsumer, Lang::Fr) => {
                "taux de l'intérêt légal (créancier personne physique n'agissant pas pour des besoins professionnels)"
            }
            (TableId::FrLegalConsumer, Lang::En) => {
                "French legal interest rate (creditor a natural person not acting for professional needs)"
            }
            (TableId::FrLegalOther, Lang::Fr) => "taux de l'intérêt légal (tous les autres cas)",
            (TableId::FrLegalOther, Lang::En) => "French legal interest rate (all other cases)",
            (TableId::DeBasiszinssatz, Lang::Fr) => {
                "taux de base allemand (Basiszinssatz, § 247 BGB)"
            }
            (TableId::DeBasiszinssatz, Lang::En) => "German base rate (Basiszinssatz, § 247 BGB)",
            (TableId::UkBankRate, Lang::Fr) => {
                "taux directeur de la Banque d'Angleterre (Bank Rate)"
            }
            (TableId::UkBankRate, Lang::En) => "Bank of England Bank Rate",
        }
    }

    /// The last day the built-in table is known to be complete (see the module doc):
    /// - ECB: the decision of 29 October 2026 (which would take effect on 4 November 2026) was
    ///   not found (`ecb-mro.notes.md`), so known through 3 November 2026;
    /// - French legal rate: the last half-year in the file ends 30 June 2026 (2026 S2 was not
    ///   found, `fr-de.notes.md`);
    /// - Basiszinssatz: 1.52 from 1 July 2026 and it only changes on 1 January / 1 July, so
    ///   known through 31 December 2026;
    /// - Bank Rate: the MPC decision of 5 November 2026 was not found (`uk.notes.md`), so
    ///   known through 4 November 2026.
    fn builtin_known_through(self) -> Option<NaiveDate> {
        match self {
            TableId::EcbMro => NaiveDate::from_ymd_opt(2026, 11, 3),
            TableId::FrLegalConsumer | TableId::FrLegalOther => {
                builtin_rows(self).last().and_then(|row| row.to)
            }
            TableId::DeBasiszinssatz => NaiveDate::from_ymd_opt(2026, 12, 31),
            TableId::UkBankRate => NaiveDate::from_ymd_opt(2026, 11, 4),
        }
    }
}

/// The four rate files (the French file holds both legal-rate categories).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateFile {
    EcbMro,
    FrTauxLegal,
    DeBasiszinssatz,
    UkBankRate,
}

impl RateFile {
    pub const ALL: [RateFile; 4] = [
        RateFile::EcbMro,
        RateFile::FrTauxLegal,
        RateFile::DeBasiszinssatz,
        RateFile::UkBankRate,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            RateFile::EcbMro => "ecb-mro.csv",
            RateFile::FrTauxLegal => "fr-taux-legal.csv",
            RateFile::DeBasiszinssatz => "de-basiszinssatz.csv",
            RateFile::UkBankRate => "uk-bank-rate.csv",
        }
    }

    /// The header a CSV of this file must have (the `status` column may be left out).
    pub fn header(self) -> &'static str {
        match self {
            RateFile::FrTauxLegal => "from,to,consumer_percent,other_percent,source,status",
            _ => "effective_from,rate_percent,source,status",
        }
    }
}

/// How far a rate was checked (the `status` column of the CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateStatus {
    /// Checked against at least one publisher or a reliable copy of one.
    Verified,
    /// Found only in secondary sources (press, quoted releases), or entered by the user:
    /// shown with its source, flagged `rate-unverified` when used.
    Added,
}

/// Where an entry comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateOrigin {
    /// Compiled into the app from `data/rates/*.csv`.
    Builtin,
    /// Entered or imported by the user in Settings → Rates; takes precedence, can be removed.
    User,
}

/// One published rate: in force from `effective_from` (until the next entry, or until `to`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateEntry {
    pub effective_from: NaiveDate,
    /// Half-year tables: the last day of the half-year. Change-point tables: `None` for
    /// built-in entries; for a user entry, the day it is confirmed to hold through, if given.
    pub to: Option<NaiveDate>,
    pub rate: Rate,
    pub source: Cow<'static, str>,
    pub status: RateStatus,
    pub origin: RateOrigin,
}

/// A compiled row (generated by `build.rs`).
struct BuiltinRow {
    from: NaiveDate,
    to: Option<NaiveDate>,
    rate: Decimal,
    source: &'static str,
    status: RateStatus,
}

/// Used by the generated code; `build.rs` has already validated every date, so the fallback
/// never happens (and the test `built_in_tables_match_their_csv_files` would catch it).
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

include!(concat!(env!("OUT_DIR"), "/rate_tables.rs"));

fn builtin_rows(table: TableId) -> &'static [BuiltinRow] {
    match table {
        TableId::EcbMro => &ECB_MRO,
        TableId::FrLegalConsumer => &FR_LEGAL_CONSUMER,
        TableId::FrLegalOther => &FR_LEGAL_OTHER,
        TableId::DeBasiszinssatz => &DE_BASISZINSSATZ,
        TableId::UkBankRate => &UK_BANK_RATE,
    }
}

/// A rate the user entered in Settings → Rates, or imported from a CSV: plain data, for storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRate {
    pub table: TableId,
    pub effective_from: NaiveDate,
    /// French legal rate: the end of the half-year (filled in if left out). Other tables:
    /// optionally, the last day the user confirms the rate still held.
    pub to: Option<NaiveDate>,
    pub rate: Rate,
    /// Where the user read it (may be empty).
    pub source: String,
}

impl UserRate {
    /// Checks the entry fits its table: half-year tables take whole half-years, the
    /// Basiszinssatz changes only on 1 January / 1 July, dates within the supported range.
    pub fn validate(&self) -> Result<RateEntry, UserRateError> {
        let invalid = |problem: UserRateProblem| UserRateError {
            table: self.table,
            effective_from: self.effective_from,
            problem,
        };
        let year = self.effective_from.year();
        if !(1900..=2199).contains(&year)
            || self
                .to
                .is_some_and(|to| !(1900..=2199).contains(&to.year()))
        {
            return Err(invalid(UserRateProblem::DateOutOfRange));
        }
        if self.rate.percent().abs() > Decimal::ONE_HUNDRED {
            return Err(invalid(UserRateProblem::RateOutOfRange));
        }
        if self.rate.percent().normalize().scale() > 6 {
            return Err(invalid(UserRateProblem::TooManyDecimals));
        }
        let half_year = HalfYear::containing(self.effective_from);
        let is_half_year_start = half_year.start() == Some(self.effective_from);
        if self.table.changes_on_half_years_only() && !is_half_year_start {
            return Err(invalid(UserRateProblem::NotHalfYearStart));
        }
        let to = if self.table.is_half_yearly() {
            let end = half_year.end();
            if self.to.is_some() && self.to != end {
                return Err(invalid(UserRateProblem::NotOneHalfYear));
            }
            end
        } else {
            if self.to.is_some_and(|to| to < self.effective_from) {
                return Err(invalid(UserRateProblem::EndsBeforeItStarts));
            }
            self.to
        };
        Ok(RateEntry {
            effective_from: self.effective_from,
            to,
            rate: self.rate,
            source: Cow::Owned(self.source.trim().to_string()),
            status: RateStatus::Added,
            origin: RateOrigin::User,
        })
    }
}

/// Why a user rate does not fit its table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRateError {
    pub table: TableId,
    pub effective_from: NaiveDate,
    pub problem: UserRateProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserRateProblem {
    /// The French legal rate and the Basiszinssatz start on 1 January or 1 July.
    NotHalfYearStart,
    /// A French legal rate covers exactly one half-year.
    NotOneHalfYear,
    EndsBeforeItStarts,
    /// Dates between 1900 and 2199 only.
    DateOutOfRange,
    /// Between -100 % and 100 %.
    RateOutOfRange,
    /// At most 6 decimals.
    TooManyDecimals,
}

impl Describe for UserRateError {
    fn describe(&self, lang: Lang) -> String {
        let table = self.table.name(lang);
        let date = format::date_long(self.effective_from, lang);
        match (self.problem, lang) {
            (UserRateProblem::NotHalfYearStart, Lang::Fr) => format!(
                "Le {table} ne change que le 1er janvier ou le 1er juillet : le {date} ne convient pas."
            ),
            (UserRateProblem::NotHalfYearStart, Lang::En) => {
                format!("The {table} only changes on 1 January or 1 July: {date} does not fit.")
            }
            (UserRateProblem::NotOneHalfYear, Lang::Fr) => format!(
                "Un {table} couvre un semestre entier : du 1er janvier au 30 juin ou du 1er juillet au 31 décembre (entrée du {date})."
            ),
            (UserRateProblem::NotOneHalfYear, Lang::En) => format!(
                "A {table} covers one whole half-year: 1 January to 30 June or 1 July to 31 December (entry of {date})."
            ),
            (UserRateProblem::EndsBeforeItStarts, Lang::Fr) => {
                format!("L'entrée du {date} ({table}) se termine avant de commencer.")
            }
            (UserRateProblem::EndsBeforeItStarts, Lang::En) => {
                format!("The entry of {date} ({table}) ends before it starts.")
            }
            (UserRateProblem::DateOutOfRange, Lang::Fr) => format!(
                "L'entrée du {date} ({table}) est hors des dates prises en charge (1900 à 2199)."
            ),
            (UserRateProblem::DateOutOfRange, Lang::En) => format!(
                "The entry of {date} ({table}) is outside the supported dates (1900 to 2199)."
            ),
            (UserRateProblem::RateOutOfRange, Lang::Fr) => format!(
                "Le taux de l'entrée du {date} ({table}) doit être compris entre -100 % et 100 %."
            ),
            (UserRateProblem::RateOutOfRange, Lang::En) => {
                format!("The rate of the entry of {date} ({table}) must be between -100% and 100%.")
            }
            (UserRateProblem::TooManyDecimals, Lang::Fr) => {
                format!("Le taux de l'entrée du {date} ({table}) a plus de six décimales.")
            }
            (UserRateProblem::TooManyDecimals, Lang::En) => {
                format!("The rate of the entry of {date} ({table}) has more than six decimals.")
            }
        }
    }
}

/// One rate series: entries in date order, and the last day it is known to be complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateTable {
    id: TableId,
    entries: Vec<RateEntry>,
    known_through: NaiveDate,
}

/// The entry a rate was read from, and whether the reading date is covered by what is
/// published (when not, the entry is the last known one, used in its place).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading<'a> {
    pub entry: &'a RateEntry,
    pub published: bool,
}

impl RateTable {
    pub fn id(&self) -> TableId {
        self.id
    }

    /// Every entry, in date order (built-in and user entries, the user's replacing a built-in
    /// entry of the same date).
    pub fn entries(&self) -> &[RateEntry] {
        &self.entries
    }

    /// The last day this table is known to be complete (see the module doc).
    pub fn known_through(&self) -> NaiveDate {
        self.known_through
    }

    /// The entry in force on `date`. A date after what is published gets the last known entry
    /// with `published: false`; a date before the first entry is an error.
    pub fn in_force_on(&self, date: NaiveDate) -> Result<Reading<'_>, NoRateBefore> {
        let mut hint = 0;
        self.in_force_on_from(date, &mut hint)
    }

    /// [`RateTable::in_force_on`] for readings that move forward in time: `hint` is the
    /// number of entries known to start on or before the previous reading (0 at first). Each
    /// reading steps forward from it, so a simulation's successive readings cost next to
    /// nothing; a date before the hint falls back to a binary search.
    pub fn in_force_on_from(
        &self,
        date: NaiveDate,
        hint: &mut usize,
    ) -> Result<Reading<'_>, NoRateBefore> {
        let hinted = hint.checked_sub(1).and_then(|last| self.entries.get(last));
        let mut index = if hinted.is_some_and(|entry| entry.effective_from <= date) {
            *hint
        } else {
            self.entries
                .partition_point(|entry| entry.effective_from <= date)
        };
        while self
            .entries
            .get(index)
            .is_some_and(|entry| entry.effective_from <= date)
        {
            index += 1;
        }
        *hint = index;
        let Some(entry) = index.checked_sub(1).and_then(|last| self.entries.get(last)) else {
            return Err(NoRateBefore {
                table: self.id,
                date,
                first: self.entries.first().map(|entry| entry.effective_from),
            });
        };
        let published = if self.id.is_half_yearly() {
            entry.to.is_some_and(|to| date <= to)
        } else {
            date <= self.known_through
        };
        Ok(Reading { entry, published })
    }

    /// Checks the order: change-point tables strictly ascending (no duplicate date);
    /// half-year tables made of whole half-years, each following the previous one (no gap,
    /// no overlap). User entries may leave a gap in a half-year table (a later half-year
    /// entered before an earlier one is published): `gaps` says whether that is accepted.
    pub fn check_order(&self, gaps: HalfYearGaps) -> Result<(), TableOrderError> {
        let error = |at: NaiveDate, problem: &'static str| TableOrderError {
            table: self.id,
            at,
            problem,
        };
        if self.entries.is_empty() {
            return Err(error(NaiveDate::MIN, "the table is empty"));
        }
        for entry in &self.entries {
            if self.id.is_half_yearly() {
                let half = HalfYear::containing(entry.effective_from);
                if half.start() != Some(entry.effective_from) || entry.to != half.end() {
                    return Err(error(entry.effective_from, "not a whole half-year"));
                }
            }
        }
        for pair in self.entries.windows(2) {
            let [previous, next] = pair else { continue };
            if next.effective_from <= previous.effective_from {
                return Err(error(next.effective_from, "not after the previous entry"));
            }
            if self.id.is_half_yearly() {
                let follows = previous.to.and_then(|to| to.succ_opt()) == Some(next.effective_from);
                if !follows && gaps == HalfYearGaps::Refused {
                    return Err(error(
                        next.effective_from,
                        "a gap after the previous half-year",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether [`RateTable::check_order`] accepts a gap between two half-years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HalfYearGaps {
    Allowed,
    Refused,
}

/// A table that is out of order (see [`RateTable::check_order`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableOrderError {
    pub table: TableId,
    pub at: NaiveDate,
    pub problem: &'static str,
}

/// No rate is known that early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRateBefore {
    pub table: TableId,
    pub date: NaiveDate,
    pub first: Option<NaiveDate>,
}

impl Describe for NoRateBefore {
    fn describe(&self, lang: Lang) -> String {
        let table = self.table.name(lang);
        let date = format::date_long(self.date, lang);
        let first = self.first.map(|first| format::date_long(first, lang));
        match (lang, first) {
            (Lang::Fr, Some(first)) => format!(
                "Relance ne connaît pas le {table} au {date} : sa table commence le {first}."
            ),
            (Lang::En, Some(first)) => {
                format!("Relance does not know the {table} on {date}: its table starts on {first}.")
            }
            (Lang::Fr, None) => format!("Relance ne connaît aucun {table}."),
            (Lang::En, None) => format!("Relance knows no {table}."),
        }
    }
}

/// All the rate tables a simulation reads: the built-in history, plus the user's entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateTables {
    tables: [RateTable; 5],
}

impl RateTables {
    /// The tables compiled from `data/rates/*.csv`.
    pub fn builtin() -> RateTables {
        RateTables {
            tables: TableId::ALL.map(|id| RateTable {
                id,
                entries: builtin_rows(id)
                    .iter()
                    .map(|row| RateEntry {
                        effective_from: row.from,
                        to: row.to,
                        rate: Rate::from_percent(row.rate),
                        source: Cow::Borrowed(row.source),
                        status: row.status,
                        origin: RateOrigin::Builtin,
                    })
                    .collect(),
                known_through: id.builtin_known_through().unwrap_or(NaiveDate::MIN),
            }),
        }
    }

    /// These tables plus `user_rates`. A user entry replaces an entry of the same table and
    /// date (when the list holds two, the later one wins); otherwise it is inserted in order.
    /// Each user entry extends what the table is known through: to its `to` if given, else to
    /// its own date (for the Basiszinssatz, which only changes on 1 January / 1 July, to the
    /// end of its half-year).
    pub fn with_user_rates(&self, user_rates: &[UserRate]) -> Result<RateTables, UserRateError> {
        let mut merged = self.clone();
        for user_rate in user_rates {
            let entry = user_rate.validate()?;
            let table = merged.table_mut(user_rate.table);
            let covered_through = if user_rate.table.changes_on_half_years_only() {
                HalfYear::containing(entry.to.unwrap_or(entry.effective_from)).end()
            } else {
                Some(entry.to.unwrap_or(entry.effective_from))
            };
            if let Some(covered_through) = covered_through
                && !table.id.is_half_yearly()
            {
                table.known_through = table.known_through.max(covered_through);
            }
            let index = table
                .entries
                .partition_point(|existing| existing.effective_from < entry.effective_from);
            match table.entries.get_mut(index) {
                Some(existing) if existing.effective_from == entry.effective_from => {
                    *existing = entry;
                }
                _ => table.entries.insert(index, entry),
            }
        }
        Ok(merged)
    }

    pub fn table(&self, id: TableId) -> &RateTable {
        let [ecb, consumer, other, de, uk] = &self.tables;
        match id {
            TableId::EcbMro => ecb,
            TableId::FrLegalConsumer => consumer,
            TableId::FrLegalOther => other,
            TableId::DeBasiszinssatz => de,
            TableId::UkBankRate => uk,
        }
    }

    fn table_mut(&mut self, id: TableId) -> &mut RateTable {
        let [ecb, consumer, other, de, uk] = &mut self.tables;
        match id {
            TableId::EcbMro => ecb,
            TableId::FrLegalConsumer => consumer,
            TableId::FrLegalOther => other,
            TableId::DeBasiszinssatz => de,
            TableId::UkBankRate => uk,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &RateTable> {
        self.tables.iter()
    }
}

impl Default for RateTables {
    fn default() -> RateTables {
        RateTables::builtin()
    }
}

/// One line of an imported CSV that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line number in the text (the header is line 1).
    pub line: usize,
    pub problem: ImportProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    /// The first line is not the expected header.
    Header {
        expected: &'static str,
        found: String,
    },
    /// An opening quote without its closing quote.
    UnclosedQuote,
    FieldCount {
        expected: usize,
        found: usize,
    },
    Date {
        text: String,
    },
    Rate(ParseRateError),
    /// Only `verified`, `added` or nothing.
    Status {
        text: String,
    },
    Entry(UserRateProblem),
    /// The text holds no line after the header.
    Empty,
    /// The file is not text the CSV reader can read (UTF-16, over its size limit…): why.
    Unreadable {
        why_fr: String,
        why_en: String,
    },
}

impl Describe for ImportError {
    fn describe(&self, lang: Lang) -> String {
        let line = self.line;
        let problem = match (&self.problem, lang) {
            (ImportProblem::Header { expected, found }, Lang::Fr) => {
                format!("l'en-tête doit être « {expected} », et non « {found} »")
            }
            (ImportProblem::Header { expected, found }, Lang::En) => {
                format!("the header must be “{expected}”, not “{found}”")
            }
            (ImportProblem::UnclosedQuote, Lang::Fr) => {
                "un guillemet n'est pas refermé".to_string()
            }
            (ImportProblem::UnclosedQuote, Lang::En) => "a quote is not closed".to_string(),
            (ImportProblem::FieldCount { expected, found }, Lang::Fr) => {
                format!("{expected} champs attendus, {found} trouvés")
            }
            (ImportProblem::FieldCount { expected, found }, Lang::En) => {
                format!("{expected} fields expected, {found} found")
            }
            (ImportProblem::Date { text }, Lang::Fr) => {
                format!("« {text} » n'est pas une date au format AAAA-MM-JJ")
            }
            (ImportProblem::Date { text }, Lang::En) => {
                format!("“{text}” is not a date in the YYYY-MM-DD format")
            }
            (ImportProblem::Rate(error), lang) => error.describe(lang),
            (ImportProblem::Status { text }, Lang::Fr) => {
                format!("statut « {text} » inconnu (verified, added ou vide)")
            }
            (ImportProblem::Status { text }, Lang::En) => {
                format!("unknown status “{text}” (verified, added or empty)")
            }
            (ImportProblem::Entry(problem), Lang::Fr) => match problem {
                UserRateProblem::NotHalfYearStart => {
                    "ce taux ne change que le 1er janvier ou le 1er juillet".to_string()
                }
                UserRateProblem::NotOneHalfYear => {
                    "une ligne doit couvrir un semestre entier".to_string()
                }
                UserRateProblem::EndsBeforeItStarts => {
                    "la ligne se termine avant de commencer".to_string()
                }
                UserRateProblem::DateOutOfRange => "date hors de 1900 à 2199".to_string(),
                UserRateProblem::RateOutOfRange => "taux hors de -100 % à 100 %".to_string(),
                UserRateProblem::TooManyDecimals => "plus de six décimales".to_string(),
            },
            (ImportProblem::Entry(problem), Lang::En) => match problem {
                UserRateProblem::NotHalfYearStart => {
                    "this rate only changes on 1 January or 1 July".to_string()
                }
                UserRateProblem::NotOneHalfYear => {
                    "a line must cover one whole half-year".to_string()
                }
                UserRateProblem::EndsBeforeItStarts => "the line ends before it starts".to_string(),
                UserRateProblem::DateOutOfRange => "date outside 1900 to 2199".to_string(),
                UserRateProblem::RateOutOfRange => "rate outside -100% to 100%".to_string(),
                UserRateProblem::TooManyDecimals => "more than six decimals".to_string(),
            },
            (ImportProblem::Unreadable { why_fr, .. }, Lang::Fr) => why_fr.clone(),
            (ImportProblem::Unreadable { why_en, .. }, Lang::En) => why_en.clone(),
            (ImportProblem::Empty, Lang::Fr) => "aucune ligne de taux après l'en-tête".to_string(),
            (ImportProblem::Empty, Lang::En) => "no rate line after the header".to_string(),
        };
        match lang {
            Lang::Fr => format!("Ligne {line} : {problem}."),
            Lang::En => format!("Line {line}: {problem}."),
        }
    }
}

/// Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, `""` for a quote).
fn split_csv_line(line: &str) -> Result<Vec<String>, ImportProblem> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut characters = line.chars().peekable();
    let mut in_quotes = false;
    while let Some(character) = characters.next() {
        match (in_quotes, character) {
            (true, '"') if characters.peek() == Some(&'"') => {
                field.push('"');
                characters.next();
            }
            (true, '"') => in_quotes = false,
            (true, other) => field.push(other),
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, other) => field.push(other),
        }
    }
    if in_quotes {
        return Err(ImportProblem::UnclosedQuote);
    }
    fields.push(field);
    Ok(fields)
}

fn parse_date(text: &str) -> Result<NaiveDate, ImportProblem> {
    crate::domain::calendar::iso_date(text.trim()).ok_or_else(|| ImportProblem::Date {
        text: text.trim().to_string(),
    })
}

/// Reads a CSV of rates in the format of the built-in file (`file.header()`; the `status`
/// column may be left out, and is ignored: imported rates are always "entered by you").
/// Returns every valid entry, or every line that is not (so the user fixes them all at once).
/// The stored rates are read by it; a file the user imports goes through the import's CSV
/// reader first, then [`parse_rate_rows`].
pub fn parse_rates_csv(file: RateFile, text: &str) -> Result<Vec<UserRate>, Vec<ImportError>> {
    parse_rate_rows(
        file,
        text.lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line.trim_end_matches('\r')))
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(line, text)| (line, split_csv_line(text))),
    )
}

/// [`parse_rates_csv`] on rows already cut into fields: `(line, fields)`, the header first,
/// blank rows left out; a row that could not be cut carries its problem.
pub fn parse_rate_rows(
    file: RateFile,
    rows: impl IntoIterator<Item = (usize, Result<Vec<String>, ImportProblem>)>,
) -> Result<Vec<UserRate>, Vec<ImportError>> {
    let mut rows = rows.into_iter();
    let expected = file.header();
    let without_status = expected.strip_suffix(",status").unwrap_or(expected);
    let Some((header_line, header)) = rows.next() else {
        return Err(vec![ImportError {
            line: 1,
            problem: ImportProblem::Empty,
        }]);
    };
    let header_fields: Vec<String> = header
        .unwrap_or_default()
        .into_iter()
        .map(|field| field.trim().to_ascii_lowercase())
        .collect();
    let joined = header_fields.join(",");
    let has_status = if joined == expected {
        true
    } else if joined == without_status {
        false
    } else {
        return Err(vec![ImportError {
            line: header_line,
            problem: ImportProblem::Header {
                expected,
                found: joined,
            },
        }]);
    };
    let n_fields = header_fields.len();
    let mut rates = Vec::new();
    let mut errors = Vec::new();
    let mut any_line = false;
    for (line, fields) in rows {
        any_line = true;
        match fields.and_then(|fields| parse_rate_line(file, &fields, n_fields, has_status)) {
            Ok(mut parsed) => rates.append(&mut parsed),
            Err(problem) => errors.push(ImportError { line, problem }),
        }
    }
    if !any_line {
        errors.push(ImportError {
            line: header_line + 1,
            problem: ImportProblem::Empty,
        });
    }
    if errors.is_empty() {
        Ok(rates)
    } else {
        Err(errors)
    }
}

fn parse_rate_line(
    file: RateFile,
    fields: &[String],
    n_fields: usize,
    has_status: bool,
) -> Result<Vec<UserRate>, ImportProblem> {
    if fields.len() != n_fields {
        return Err(ImportProblem::FieldCount {
            expected: n_fields,
            found: fields.len(),
        });
    }
    let field = |index: usize| fields.get(index).map_or("", |field| field.trim());
    if has_status && !matches!(field(n_fields - 1), "verified" | "added" | "") {
        return Err(ImportProblem::Status {
            text: field(n_fields - 1).to_string(),
        });
    }
    let source_index = if has_status {
        n_fields - 2
    } else {
        n_fields - 1
    };
    let source = field(source_index).to_string();
    let from = parse_date(field(0))?;
    let rate = |index: usize| Rate::parse(field(index)).map_err(ImportProblem::Rate);
    let user_rates = match file {
        RateFile::FrTauxLegal => {
            let to = parse_date(field(1))?;
            vec![
                UserRate {
                    table: TableId::FrLegalConsumer,
                    effective_from: from,
                    to: Some(to),
                    rate: rate(2)?,
                    source: source.clone(),
                },
                UserRate {
                    table: TableId::FrLegalOther,
                    effective_from: from,
                    to: Some(to),
                    rate: rate(3)?,
                    source,
                },
            ]
        }
        RateFile::EcbMro | RateFile::DeBasiszinssatz | RateFile::UkBankRate => {
            let table = match file {
                RateFile::EcbMro => TableId::EcbMro,
                RateFile::DeBasiszinssatz => TableId::DeBasiszinssatz,
                _ => TableId::UkBankRate,
            };
            vec![UserRate {
                table,
                effective_from: from,
                to: None,
                rate: rate(1)?,
                source,
            }]
        }
    };
    for user_rate in &user_rates {
        user_rate
            .validate()
            .map_err(|error| ImportProblem::Entry(error.problem))?;
    }
    Ok(user_rates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn every_built_in_table_is_ordered_without_gap_or_overlap() {
        let tables = RateTables::builtin();
        for table in tables.iter() {
            assert_eq!(
                table.check_order(HalfYearGaps::Refused),
                Ok(()),
                "{}",
                table.id().id()
            );
        }
        // And the French table covers every half-year from 2015 S1 to 2026 S1.
        let french = tables.table(TableId::FrLegalOther).entries();
        assert_eq!(
            french.first().map(|e| e.effective_from),
            Some(date("2015-01-01"))
        );
        assert_eq!(french.last().and_then(|e| e.to), Some(date("2026-06-30")));
        assert_eq!(french.len(), 23);
    }

    #[test]
    fn the_order_check_catches_duplicates_overlaps_and_gaps() {
        let mut tables = RateTables::builtin();
        let ecb = tables.table_mut(TableId::EcbMro);
        let copy = ecb.entries.get(3).cloned();
        if let Some(copy) = copy {
            ecb.entries.insert(3, copy);
        }
        assert!(ecb.check_order(HalfYearGaps::Refused).is_err());
        let french = tables.table_mut(TableId::FrLegalConsumer);
        french.entries.remove(5);
        assert!(french.check_order(HalfYearGaps::Refused).is_err());
        assert!(french.check_order(HalfYearGaps::Allowed).is_ok());
    }

    #[test]
    fn built_in_tables_match_their_csv_files() {
        // The compiled tables, read back against the CSV through the user-import parser:
        // each one checks the other.
        let files = [
            (
                RateFile::EcbMro,
                include_str!("../../../data/rates/ecb-mro.csv"),
            ),
            (
                RateFile::FrTauxLegal,
                include_str!("../../../data/rates/fr-taux-legal.csv"),
            ),
            (
                RateFile::DeBasiszinssatz,
                include_str!("../../../data/rates/de-basiszinssatz.csv"),
            ),
            (
                RateFile::UkBankRate,
                include_str!("../../../data/rates/uk-bank-rate.csv"),
            ),
        ];
        let tables = RateTables::builtin();
        for (file, text) in files {
            let parsed = parse_rates_csv(file, text);
            assert!(parsed.is_ok(), "{}: {parsed:?}", file.file_name());
            let parsed = parsed.unwrap_or_default();
            for table_id in TableId::ALL.into_iter().filter(|t| t.file() == file) {
                let from_csv: Vec<_> = parsed.iter().filter(|r| r.table == table_id).collect();
                let compiled = tables.table(table_id).entries();
                assert_eq!(from_csv.len(), compiled.len(), "{}", table_id.id());
                for (csv_rate, entry) in from_csv.iter().zip(compiled) {
                    assert_eq!(csv_rate.effective_from, entry.effective_from);
                    assert_eq!(csv_rate.rate, entry.rate);
                    assert_eq!(csv_rate.source, entry.source);
                    assert_eq!(csv_rate.to, entry.to);
                    assert_eq!(entry.origin, RateOrigin::Builtin);
                }
            }
        }
        let ecb = tables.table(TableId::EcbMro).entries();
        assert_eq!(ecb.len(), 62);
        assert_eq!(ecb.last().map(|e| e.status), Some(RateStatus::Added));
        assert_eq!(ecb.first().map(|e| e.rate.percent()), Some(dec!(3.00)));
        assert_eq!(tables.table(TableId::UkBankRate).entries().len(), 63);
        assert_eq!(tables.table(TableId::DeBasiszinssatz).entries().len(), 31);
    }

    #[track_caller]
    fn check_reading(table: TableId, on: &str, rate: Decimal, published: bool) {
        let tables = RateTables::builtin();
        let reading = tables.table(table).in_force_on(date(on));
        assert_eq!(
            reading.map(|r| (r.entry.rate.percent(), r.published)),
            Ok((rate, published)),
            "{} on {on}",
            table.id()
        );
    }

    #[test]
    fn readings_follow_the_tables_and_say_when_past_what_is_published() {
        // From the "rate in force on 1 January and 1 July" table of ecb-mro.notes.md.
        check_reading(TableId::EcbMro, "2023-01-01", dec!(2.50), true);
        check_reading(TableId::EcbMro, "2023-07-01", dec!(4.00), true);
        check_reading(TableId::EcbMro, "2026-07-01", dec!(2.40), true);
        check_reading(TableId::EcbMro, "2027-01-01", dec!(2.65), false);
        check_reading(TableId::FrLegalOther, "2026-06-30", dec!(2.62), true);
        check_reading(TableId::FrLegalOther, "2026-07-01", dec!(2.62), false);
        check_reading(TableId::FrLegalConsumer, "2023-07-01", dec!(6.82), true);
        check_reading(TableId::DeBasiszinssatz, "2016-07-01", dec!(-0.88), true);
        check_reading(TableId::DeBasiszinssatz, "2022-12-31", dec!(-0.88), true);
        check_reading(TableId::DeBasiszinssatz, "2026-12-31", dec!(1.52), true);
        check_reading(TableId::DeBasiszinssatz, "2027-01-01", dec!(1.52), false);
        // uk.notes.md: Bank Rate on 31 Dec 2022 is 3.50.
        check_reading(TableId::UkBankRate, "2022-12-31", dec!(3.50), true);
        check_reading(TableId::UkBankRate, "2026-12-31", dec!(3.75), false);
        let tables = RateTables::builtin();
        assert!(
            tables
                .table(TableId::EcbMro)
                .in_force_on(date("1998-12-31"))
                .is_err()
        );
    }

    #[test]
    fn user_rates_take_precedence_are_marked_and_extend_what_is_known() {
        let french_2026_s2 = UserRate {
            table: TableId::FrLegalOther,
            effective_from: date("2026-07-01"),
            to: None,
            rate: Rate::from_percent(dec!(2.90)),
            source: "JORF".to_string(),
        };
        let correction = UserRate {
            table: TableId::EcbMro,
            effective_from: date("2026-09-16"),
            to: Some(date("2027-01-05")),
            rate: Rate::from_percent(dec!(2.70)),
            source: String::new(),
        };
        let tables = RateTables::builtin().with_user_rates(&[french_2026_s2, correction]);
        assert!(tables.is_ok(), "valid user rates were refused: {tables:?}");
        let tables = tables.unwrap_or_default();
        let french = tables.table(TableId::FrLegalOther);
        let reading = french.in_force_on(date("2026-12-31"));
        assert_eq!(
            reading.map(|r| (r.entry.rate.percent(), r.published, r.entry.origin)),
            Ok((dec!(2.90), true, RateOrigin::User))
        );
        assert_eq!(french.check_order(HalfYearGaps::Refused), Ok(()));
        let ecb = tables.table(TableId::EcbMro);
        assert_eq!(ecb.entries().len(), 62, "replaced, not added");
        assert_eq!(
            ecb.in_force_on(date("2027-01-01"))
                .map(|r| (r.entry.rate.percent(), r.published)),
            Ok((dec!(2.70), true))
        );
        // Removing the user rate is rebuilding without it.
        assert_eq!(
            RateTables::builtin().with_user_rates(&[]),
            Ok(RateTables::builtin())
        );
    }

    #[test]
    fn user_rates_that_do_not_fit_their_table_are_refused() {
        #[track_caller]
        fn check(table: TableId, from: &str, to: Option<&str>, expected: UserRateProblem) {
            let user_rate = UserRate {
                table,
                effective_from: date(from),
                to: to.map(date),
                rate: Rate::from_percent(dec!(1)),
                source: String::new(),
            };
            assert_eq!(user_rate.validate().map_err(|e| e.problem), Err(expected));
            assert!(
                !user_rate
                    .validate()
                    .err()
                    .map(|e| e.describe(Lang::Fr))
                    .unwrap_or_default()
                    .is_empty()
            );
        }
        check(
            TableId::FrLegalOther,
            "2026-08-01",
            None,
            UserRateProblem::NotHalfYearStart,
        );
        check(
            TableId::FrLegalOther,
            "2026-07-01",
            Some("2027-06-30"),
            UserRateProblem::NotOneHalfYear,
        );
        check(
            TableId::DeBasiszinssatz,
            "2027-02-01",
            None,
            UserRateProblem::NotHalfYearStart,
        );
        check(
            TableId::UkBankRate,
            "2026-11-05",
            Some("2026-11-01"),
            UserRateProblem::EndsBeforeItStarts,
        );
        check(
            TableId::UkBankRate,
            "0001-01-01",
            None,
            UserRateProblem::DateOutOfRange,
        );
        check(
            TableId::EcbMro,
            "9999-12-31",
            None,
            UserRateProblem::DateOutOfRange,
        );
    }

    #[test]
    fn a_csv_import_reads_the_built_in_format_and_reports_every_bad_line() {
        let text = "from,to,consumer_percent,other_percent,source\n\
                    2026-07-01,2026-12-31,6.50,\"2,75\",\"Arrêté du 20 juin 2026, JO\"\n";
        let parsed = parse_rates_csv(RateFile::FrTauxLegal, text);
        assert_eq!(parsed.as_ref().map(Vec::len), Ok(2));
        let other = parsed.ok().and_then(|rates| rates.into_iter().nth(1));
        assert_eq!(other.as_ref().map(|r| r.rate.percent()), Some(dec!(2.75)));
        assert_eq!(
            other.map(|r| r.source),
            Some("Arrêté du 20 juin 2026, JO".to_string())
        );

        let bad = "effective_from,rate_percent,source,status\n\
                   2026-11-05,4.00,BoE,added\n\
                   2026-13-01,4.00,BoE,added\n\
                   2026-12-18,four,BoE,added\n\
                   2026-12-19,4.00,\"BoE\n\
                   2026-12-20,4.00,BoE,maybe\n\
                   2026-12-21,4.00\n";
        let errors = parse_rates_csv(RateFile::UkBankRate, bad)
            .err()
            .unwrap_or_default();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7]);
        assert!(matches!(
            errors.first().map(|e| &e.problem),
            Some(ImportProblem::Date { .. })
        ));
        assert_eq!(
            errors.first().map(|e| e.describe(Lang::Fr)),
            Some("Ligne 3 : « 2026-13-01 » n'est pas une date au format AAAA-MM-JJ.".to_string())
        );
        let wrong_header = parse_rates_csv(RateFile::UkBankRate, "date,rate\n2026-01-01,1\n");
        assert!(matches!(
            wrong_header
                .err()
                .and_then(|e| e.into_iter().next())
                .map(|e| e.problem),
            Some(ImportProblem::Header { .. })
        ));
        assert!(parse_rates_csv(RateFile::EcbMro, "").is_err());
        assert!(parse_rates_csv(RateFile::EcbMro, "effective_from,rate_percent,source\n").is_err());
    }
}
