//! Settings → Published rates, the pure parts: the add-a-rate form (raw text → `UserRate`,
//! with an error per field), what the page says about each table (last known rate, known
//! through), and which tables do not cover today yet. Tested natively.

use chrono::NaiveDate;

use crate::domain::calendar::iso_date;
use crate::domain::interest::{
    HalfYear, ParseRateError, Rate, RateEntry, RateFile, RateOrigin, RateStatus, RateTables,
    TableId, UserRate, UserRateError, UserRateProblem,
};
use crate::format;
use crate::i18n::{Describe, Lang};

/// The add-a-rate form as typed: every field is raw text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateForm {
    /// A `TableId::id()`.
    pub table: String,
    /// `YYYY-MM-DD` (from `<input type=date>`).
    pub from: String,
    /// `3,10`, `3.10`, `3.10 %`.
    pub rate: String,
    /// Where the user read it.
    pub source: String,
}

impl Default for RateForm {
    /// Starts on the everyday case: the French legal rate (all other cases).
    fn default() -> RateForm {
        RateForm {
            table: TableId::FrLegalOther.id().to_string(),
            from: String::new(),
            rate: String::new(),
            source: String::new(),
        }
    }
}

/// A field of the form (`data-testid="rate-input-<id>"`, `rate-error-<id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateField {
    Table,
    From,
    Rate,
    Source,
}

impl RateField {
    pub fn id(self) -> &'static str {
        match self {
            RateField::Table => "table",
            RateField::From => "from",
            RateField::Rate => "rate",
            RateField::Source => "source",
        }
    }
}

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateFormError {
    NoTable,
    NoDate,
    BadDate(String),
    NoRate,
    BadRate(ParseRateError),
    NoSource,
    /// The entry does not fit its table (shown beside the date or the rate).
    Entry(UserRateError),
}

impl Describe for RateFormError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (RateFormError::NoTable, Lang::Fr) => "Choisissez le taux concerné.".to_string(),
            (RateFormError::NoTable, Lang::En) => "Choose which rate this is.".to_string(),
            (RateFormError::NoDate, Lang::Fr) => {
                "Indiquez la date à partir de laquelle le taux s'applique.".to_string()
            }
            (RateFormError::NoDate, Lang::En) => "Give the date the rate applies from.".to_string(),
            (RateFormError::BadDate(text), Lang::Fr) => {
                format!("«\u{a0}{text}\u{a0}» n'est pas une date (JJ/MM/AAAA).")
            }
            (RateFormError::BadDate(text), Lang::En) => format!("“{text}” is not a date."),
            (RateFormError::NoRate, Lang::Fr) => {
                "Indiquez le taux annuel en pourcentage, par exemple 3,10.".to_string()
            }
            (RateFormError::NoRate, Lang::En) => {
                "Give the annual rate in percent, for example 3.10.".to_string()
            }
            (RateFormError::BadRate(error), lang) => error.describe(lang),
            (RateFormError::NoSource, Lang::Fr) => {
                "Indiquez où vous avez lu ce taux (Journal officiel, Banque de France, BCE…)\u{a0}: il sera cité avec les calculs.".to_string()
            }
            (RateFormError::NoSource, Lang::En) => {
                "Say where you read this rate (official journal, central bank…): it is quoted with the calculations.".to_string()
            }
            (RateFormError::Entry(error), lang) => error.describe(lang),
        }
    }
}

impl RateForm {
    /// The entry, or every field's error (in form order).
    pub fn parse(&self) -> Result<UserRate, Vec<(RateField, RateFormError)>> {
        let mut errors = Vec::new();
        let table = TableId::from_id(&self.table);
        if table.is_none() {
            errors.push((RateField::Table, RateFormError::NoTable));
        }
        let from_text = self.from.trim();
        let from = if from_text.is_empty() {
            errors.push((RateField::From, RateFormError::NoDate));
            None
        } else {
            let parsed = iso_date(from_text);
            if parsed.is_none() {
                errors.push((
                    RateField::From,
                    RateFormError::BadDate(from_text.to_string()),
                ));
            }
            parsed
        };
        let rate = if self.rate.trim().is_empty() {
            errors.push((RateField::Rate, RateFormError::NoRate));
            None
        } else {
            match Rate::parse(&self.rate) {
                Ok(rate) => Some(rate),
                Err(error) => {
                    errors.push((RateField::Rate, RateFormError::BadRate(error)));
                    None
                }
            }
        };
        let source = self.source.trim();
        if source.is_empty() {
            errors.push((RateField::Source, RateFormError::NoSource));
        }
        let (Some(table), Some(effective_from), Some(rate), true) =
            (table, from, rate, errors.is_empty())
        else {
            return Err(errors);
        };
        let user_rate = UserRate {
            table,
            effective_from,
            to: None,
            rate,
            source: source.to_string(),
        };
        match user_rate.validate() {
            Ok(_) => Ok(user_rate),
            Err(error) => Err(vec![(
                entry_field(error.problem),
                RateFormError::Entry(error),
            )]),
        }
    }
}

/// The field an entry problem is shown beside.
fn entry_field(problem: UserRateProblem) -> RateField {
    match problem {
        UserRateProblem::RateOutOfRange | UserRateProblem::TooManyDecimals => RateField::Rate,
        UserRateProblem::NotHalfYearStart
        | UserRateProblem::NotOneHalfYear
        | UserRateProblem::EndsBeforeItStarts
        | UserRateProblem::DateOutOfRange => RateField::From,
    }
}

/// The last day a table is known to be complete: a half-year table's last half-year end,
/// otherwise what the table says (extended by the user's entries).
pub fn known_through(tables: &RateTables, table: TableId) -> Option<NaiveDate> {
    let rate_table = tables.table(table);
    if table.is_half_yearly() {
        rate_table.entries().last().and_then(|entry| entry.to)
    } else {
        Some(rate_table.known_through())
    }
}

/// Whether `today` is covered by what the table publishes.
pub fn covers(tables: &RateTables, table: TableId, today: NaiveDate) -> bool {
    tables
        .table(table)
        .in_force_on(today)
        .is_ok_and(|reading| reading.published)
}

/// A table that does not cover today yet: what to say and how to pre-fill the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The table the form is pre-filled with (for the French rate: “all other cases”).
    pub table: TableId,
    /// For the French rate: both categories are missing.
    pub french_both: bool,
    /// The half-year of today (French legal rate) — the one to add.
    pub half_year: HalfYear,
    /// The last day the table is known through.
    pub known_through: Option<NaiveDate>,
    /// The date the form is pre-filled with.
    pub suggested_from: NaiveDate,
}

/// Which tables do not cover `today` (the French legal rate counted once for its two
/// categories).
pub fn gaps(tables: &RateTables, today: NaiveDate) -> Vec<Gap> {
    let half_year = HalfYear::containing(today);
    let half_year_start = half_year.start().unwrap_or(today);
    let consumer = !covers(tables, TableId::FrLegalConsumer, today);
    let other = !covers(tables, TableId::FrLegalOther, today);
    let mut found = Vec::new();
    if consumer || other {
        let table = if other {
            TableId::FrLegalOther
        } else {
            TableId::FrLegalConsumer
        };
        found.push(Gap {
            table,
            french_both: consumer && other,
            half_year,
            known_through: known_through(tables, table),
            suggested_from: half_year_start,
        });
    }
    for table in [
        TableId::EcbMro,
        TableId::DeBasiszinssatz,
        TableId::UkBankRate,
    ] {
        if covers(tables, table, today) {
            continue;
        }
        let known = known_through(tables, table);
        let suggested_from = if table == TableId::DeBasiszinssatz {
            half_year_start
        } else {
            known.and_then(|date| date.succ_opt()).unwrap_or(today)
        };
        found.push(Gap {
            table,
            french_both: false,
            half_year,
            known_through: known,
            suggested_from,
        });
    }
    found
}

impl Gap {
    pub fn describe(&self, lang: Lang) -> String {
        let name = self.table.name(lang);
        let category = match (self.table, lang) {
            (TableId::FrLegalConsumer, Lang::Fr) => "créancier particulier",
            (TableId::FrLegalConsumer, Lang::En) => "consumer creditor",
            (_, Lang::Fr) => "tous les autres cas",
            (_, Lang::En) => "all other cases",
        };
        let half = self.half_year.display(lang);
        let from = format::date_long(self.suggested_from, lang);
        let known = self
            .known_through
            .map(|date| format::date_long(date, lang))
            .unwrap_or_default();
        match (self.table.is_half_yearly(), self.french_both, lang) {
            (true, true, Lang::Fr) => format!(
                "Le taux de l'intérêt légal du {half} n'est pas encore dans Relance. Les intérêts à partir du {from} reprennent le dernier taux connu et sont signalés «\u{a0}taux non publié\u{a0}» dans le Simulateur. Dès sa publication (arrêté au Journal officiel, fin juin ou fin décembre), ajoutez-le ci-dessous\u{a0}: choisissez la catégorie, la date du {from}, le taux et où vous l'avez lu\u{a0}; faites-le pour chacune des deux catégories."
            ),
            (true, true, Lang::En) => format!(
                "The French legal interest rate for the {half} is not in Relance yet. Interest from {from} uses the last known rate and is flagged “rate not published” in the Simulator. As soon as it is published (an arrêté in the Journal officiel, late June or late December), add it below: choose the category, the date {from}, the rate and where you read it; do so for each of the two categories."
            ),
            (true, false, Lang::Fr) => format!(
                "Il manque encore le taux de l'intérêt légal du {half} pour la catégorie «\u{a0}{category}\u{a0}»\u{a0}: ajoutez-le ci-dessous à partir du {from}."
            ),
            (true, false, Lang::En) => format!(
                "The French legal interest rate for the {half} is still missing for the category “{category}”: add it below, from {from}."
            ),
            (false, _, Lang::Fr) => format!(
                "Le {name} n'est connu de Relance que jusqu'au {known}. S'il a changé depuis, ajoutez le nouveau taux ci-dessous avec sa date d'effet\u{a0}; s'il n'a pas changé, ajoutez le taux en vigueur à la date du jour pour le confirmer."
            ),
            (false, _, Lang::En) => format!(
                "Relance knows the {name} only through {known}. If it has changed since, add the new rate below with the date it took effect; if it has not, add the current rate with today's date to confirm it."
            ),
        }
    }
}

/// How far an entry was checked, as the page says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryStatus {
    Verified,
    SecondarySource,
    EnteredByYou,
}

impl EntryStatus {
    pub fn of(entry: &RateEntry) -> EntryStatus {
        match (entry.origin, entry.status) {
            (RateOrigin::User, _) => EntryStatus::EnteredByYou,
            (RateOrigin::Builtin, RateStatus::Verified) => EntryStatus::Verified,
            (RateOrigin::Builtin, RateStatus::Added) => EntryStatus::SecondarySource,
        }
    }

    /// Stable id for `data-status`.
    pub fn id(self) -> &'static str {
        match self {
            EntryStatus::Verified => "verified",
            EntryStatus::SecondarySource => "added",
            EntryStatus::EnteredByYou => "user",
        }
    }
}

/// The tables in the order the page lists them, with the import file each belongs to.
/// The largest rates file read for an import, in bytes (checked from the file's size, before
/// reading it): a table of published rates is a few KB; 1 MB is far above any real one.
pub const MAX_RATES_FILE_BYTES: u64 = 1_000_000;

pub const TABLE_ORDER: [TableId; 5] = [
    TableId::FrLegalOther,
    TableId::FrLegalConsumer,
    TableId::EcbMro,
    TableId::DeBasiszinssatz,
    TableId::UkBankRate,
];

/// The file formats an import accepts, with a stable id for the `<select>`.
pub fn rate_file_id(file: RateFile) -> &'static str {
    match file {
        RateFile::EcbMro => "ecb-mro",
        RateFile::FrTauxLegal => "fr-taux-legal",
        RateFile::DeBasiszinssatz => "de-basiszinssatz",
        RateFile::UkBankRate => "uk-bank-rate",
    }
}

pub fn rate_file_from_id(id: &str) -> Option<RateFile> {
    RateFile::ALL
        .into_iter()
        .find(|file| rate_file_id(*file) == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::rates::merge;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn form(table: TableId, from: &str, rate: &str, source: &str) -> RateForm {
        RateForm {
            table: table.id().to_string(),
            from: from.to_string(),
            rate: rate.to_string(),
            source: source.to_string(),
        }
    }

    #[test]
    fn a_french_comma_and_a_point_both_read_as_the_rate() {
        for typed in ["3,10", "3.10", " 3,1 % "] {
            let parsed = form(TableId::FrLegalOther, "2026-07-01", typed, "JORF").parse();
            assert_eq!(parsed.map(|r| r.rate.percent()), Ok(dec!(3.10)), "{typed}");
        }
    }

    #[test]
    fn each_field_gets_its_own_error() {
        let errors = RateForm {
            table: "nope".to_string(),
            from: String::new(),
            rate: "abc".to_string(),
            source: "  ".to_string(),
        }
        .parse()
        .err()
        .unwrap_or_default();
        let fields: Vec<RateField> = errors.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            vec![
                RateField::Table,
                RateField::From,
                RateField::Rate,
                RateField::Source
            ]
        );
        for (_, error) in &errors {
            for lang in Lang::ALL {
                assert!(
                    error.describe(lang).ends_with('.'),
                    "{}",
                    error.describe(lang)
                );
            }
        }
        let bad_rate = errors.get(2).map(|(_, e)| e.describe(Lang::Fr));
        assert!(
            bad_rate
                .unwrap_or_default()
                .contains("« abc » n'est pas un taux")
        );
    }

    #[test]
    fn an_entry_that_does_not_fit_its_table_is_shown_beside_the_date() {
        let errors = form(TableId::FrLegalOther, "2026-08-01", "3.10", "JORF")
            .parse()
            .err()
            .unwrap_or_default();
        assert!(matches!(
            errors.as_slice(),
            [(RateField::From, RateFormError::Entry(_))]
        ));
        let errors = form(TableId::EcbMro, "2026-11-04", "2.1234567", "BCE")
            .parse()
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors.first().map(|(field, _)| *field),
            Some(RateField::Rate)
        );
    }

    #[test]
    fn the_missing_french_half_year_is_a_gap_until_both_categories_are_added() {
        let today = date("2026-11-23");
        let builtin = RateTables::builtin();
        let found = gaps(&builtin, today);
        let french = found.first();
        assert_eq!(
            french.map(|gap| (gap.table, gap.french_both)),
            Some((TableId::FrLegalOther, true))
        );
        assert_eq!(
            french.map(|gap| gap.suggested_from),
            Some(date("2026-07-01"))
        );
        let sentence = french.map(|gap| gap.describe(Lang::Fr)).unwrap_or_default();
        assert!(
            sentence.starts_with(
                "Le taux de l'intérêt légal du 2e semestre 2026 n'est pas encore dans Relance."
            ),
            "{sentence}"
        );
        // ECB (known through 3 Nov) and Bank Rate (4 Nov) are behind too; the Basiszinssatz is not.
        let tables: Vec<TableId> = found.iter().map(|gap| gap.table).collect();
        assert_eq!(
            tables,
            vec![TableId::FrLegalOther, TableId::EcbMro, TableId::UkBankRate]
        );
        assert_eq!(
            found.get(1).map(|gap| gap.suggested_from),
            Some(date("2026-11-04"))
        );

        let other = UserRate {
            table: TableId::FrLegalOther,
            effective_from: date("2026-07-01"),
            to: None,
            rate: Rate::from_percent(dec!(3.10)),
            source: "test".to_string(),
        };
        let (tables, _) = merge(std::slice::from_ref(&other));
        let french = gaps(&tables, today).into_iter().next();
        assert_eq!(
            french.map(|gap| (gap.table, gap.french_both)),
            Some((TableId::FrLegalConsumer, false))
        );
        let consumer = UserRate {
            table: TableId::FrLegalConsumer,
            ..other.clone()
        };
        let (tables, _) = merge(&[other, consumer]);
        assert!(
            gaps(&tables, today)
                .iter()
                .all(|gap| !gap.table.is_half_yearly())
        );
        assert_eq!(
            known_through(&tables, TableId::FrLegalOther),
            Some(date("2026-12-31"))
        );
    }

    #[test]
    fn statuses_say_where_an_entry_comes_from() {
        let tables = RateTables::builtin();
        let last_ecb = tables
            .table(TableId::EcbMro)
            .entries()
            .last()
            .map(EntryStatus::of);
        assert_eq!(last_ecb, Some(EntryStatus::SecondarySource));
        let first_ecb = tables
            .table(TableId::EcbMro)
            .entries()
            .first()
            .map(EntryStatus::of);
        assert_eq!(first_ecb, Some(EntryStatus::Verified));
        for file in RateFile::ALL {
            assert_eq!(rate_file_from_id(rate_file_id(file)), Some(file));
        }
    }
}
