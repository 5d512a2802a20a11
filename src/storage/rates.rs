//! The user's rates (Settings → Published rates) as stored in the browser: a versioned text.
//!
//! ```text
//! relance-rates 1
//! [fr-taux-legal-other]
//! from,to,consumer_percent,other_percent,source,status
//! 2026-07-01,2026-12-31,3.10,3.10,"Arrêté du 20 juin 2026, JORF",added
//! [ecb-mro]
//! effective_from,rate_percent,source,status
//! 2026-11-04,2.40,BCE,added
//! ```
//!
//! The first line names the format and its version. Then one section per table
//! (`[<TableId::id()>]`), whose lines are a CSV in the format of that table's built-in file, so
//! reading reuses [`parse_rates_csv`]. The French file has a column per category: a section of
//! one category writes its rate in both columns and reads back only its own.
//!
//! `encode`/`decode` are pure and tested natively; `load`/`save` are the thin edge through
//! [`super::local`]. A stored text that cannot be read is never overwritten by `save`'s callers
//! (see `state::rates`): only [`quarantine_and_reset`], after the user confirms, moves it
//! aside under `relance.rates.quarantine.<n>`.
//!
//! Several tabs: the app saves through [`save_edit`], which first checks that the stored list
//! is still the one the tab last read or wrote (the list is its own revision: any other tab's
//! change changes it). If another tab wrote since, the tab's change is applied again on that
//! version, row by row ([`rebase`]), so neither tab's row is dropped; a row both tabs changed
//! keeps the other tab's version and is reported.

use chrono::NaiveDate;

use super::key_value::{KeyValue, StorageError};
use super::keys;
use crate::domain::interest::{HalfYear, ImportError, TableId, UserRate, parse_rates_csv};
use crate::i18n::{Describe, Lang};

/// The format's name on the first line.
const FORMAT_NAME: &str = "relance-rates";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// The stored text of `rates`. Dates are ISO; rates are plain decimals with a point; the
/// source is quoted when it holds a comma, a quote or surrounding spaces (line breaks become
/// spaces: the format is one entry per line). What a table's CSV cannot hold is left out:
/// change-point entries keep no `to`, half-year entries always end with their half-year.
pub fn encode(rates: &[UserRate]) -> String {
    let mut text = format!("{FORMAT_NAME} {VERSION}\n");
    for table in TableId::ALL {
        let mut entries: Vec<&UserRate> = rates.iter().filter(|rate| rate.table == table).collect();
        if entries.is_empty() {
            continue;
        }
        entries.sort_by_key(|rate| rate.effective_from);
        text.push('[');
        text.push_str(table.id());
        text.push_str("]\n");
        text.push_str(table.file().header());
        text.push('\n');
        for rate in entries {
            let percent = plain_percent(rate);
            let source = csv_field(&rate.source);
            let from = iso(rate.effective_from);
            let line = if table.is_half_yearly() {
                let to = rate
                    .to
                    .or_else(|| HalfYear::containing(rate.effective_from).end())
                    .map(iso)
                    .unwrap_or_default();
                format!("{from},{to},{percent},{percent},{source},added\n")
            } else {
                format!("{from},{percent},{source},added\n")
            };
            text.push_str(&line);
        }
    }
    text
}

/// `2026-07-01` (chrono's `Display` of a date, within 1900–2199).
fn iso(date: NaiveDate) -> String {
    date.to_string()
}

/// `3.10`, `-0.88`: at least two decimals, no trailing zeros beyond.
fn plain_percent(rate: &UserRate) -> String {
    let mut percent = rate.rate.percent().normalize();
    if percent.scale() < 2 {
        percent.rescale(2);
    }
    percent.to_string()
}

/// One CSV field: quoted (RFC 4180) when needed; line breaks become spaces.
fn csv_field(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    let needs_quotes = flat.contains([',', '"']) || flat.trim() != flat || flat.starts_with('"');
    if needs_quotes {
        format!("\"{}\"", flat.replace('"', "\"\""))
    } else {
        flat
    }
}

/// Why a stored text of rates cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeRatesError {
    /// The first line is not `relance-rates <version>`.
    NotRatesText { first_line: String },
    /// Written by a newer version of Relance (or an unknown one).
    UnknownVersion { found: String },
    /// A `[section]` that names no table.
    UnknownTable { line: usize, text: String },
    /// A line before the first `[section]`.
    OutsideSection { line: usize },
    /// Lines of a section that do not read as that table's CSV (line numbers of the whole text).
    BadLines(Vec<ImportError>),
    /// Encryption is on and the stored value cannot be decrypted (altered, written outside
    /// Relance, or sealed under another key). Not from [`decode`]: the app reports it so,
    /// with the value as stored, to keep it as it keeps any unreadable text.
    Undecryptable,
}

impl Describe for DecodeRatesError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (DecodeRatesError::NotRatesText { first_line }, Lang::Fr) => format!(
                "Le texte enregistré ne commence pas par «\u{a0}{FORMAT_NAME} {VERSION}\u{a0}» (première ligne\u{a0}: «\u{a0}{}\u{a0}»).",
                shorten(first_line)
            ),
            (DecodeRatesError::NotRatesText { first_line }, Lang::En) => format!(
                "The stored text does not start with “{FORMAT_NAME} {VERSION}” (first line: “{}”).",
                shorten(first_line)
            ),
            (DecodeRatesError::UnknownVersion { found }, Lang::Fr) => format!(
                "Vos taux ont été enregistrés par une version plus récente de Relance (format {})\u{a0}: cette version ne sait pas les lire. Ouvrez Relance à jour, ou téléchargez le texte enregistré.",
                shorten(found)
            ),
            (DecodeRatesError::UnknownVersion { found }, Lang::En) => format!(
                "Your rates were saved by a newer version of Relance (format {}): this version cannot read them. Open an up-to-date Relance, or download the stored text.",
                shorten(found)
            ),
            (DecodeRatesError::UnknownTable { line, text }, Lang::Fr) => format!(
                "Ligne {line}\u{a0}: «\u{a0}{}\u{a0}» ne désigne aucune table de taux connue.",
                shorten(text)
            ),
            (DecodeRatesError::UnknownTable { line, text }, Lang::En) => {
                format!(
                    "Line {line}: “{}” names no known rate table.",
                    shorten(text)
                )
            }
            (DecodeRatesError::OutsideSection { line }, Lang::Fr) => {
                format!("Ligne {line}\u{a0}: une ligne de taux avant toute section [table].")
            }
            (DecodeRatesError::OutsideSection { line }, Lang::En) => {
                format!("Line {line}: a rate line before any [table] section.")
            }
            (DecodeRatesError::BadLines(errors), lang) => errors
                .iter()
                .map(|error| error.describe(lang))
                .collect::<Vec<_>>()
                .join(" "),
            (DecodeRatesError::Undecryptable, Lang::Fr) => "Le texte enregistré ne peut pas être déchiffré (altéré, écrit hors de Relance, ou chiffré avec une autre clé).".to_string(),
            (DecodeRatesError::Undecryptable, Lang::En) => "The stored text cannot be decrypted (altered, written outside Relance, or encrypted with another key).".to_string(),
        }
    }
}

/// At most 60 characters of a stored line, for messages.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        short.push('…');
    }
    short
}

/// Reads a stored text back. Every entry is checked as the form checks it
/// ([`UserRate::validate`], through [`parse_rates_csv`]).
pub fn decode(text: &str) -> Result<Vec<UserRate>, DecodeRatesError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .collect();
    let first_line = lines.first().map_or("", |line| line.trim());
    let Some(version) = first_line
        .strip_prefix(FORMAT_NAME)
        .filter(|rest| rest.starts_with(' '))
        .map(str::trim)
    else {
        return Err(DecodeRatesError::NotRatesText {
            first_line: first_line.to_string(),
        });
    };
    if version != VERSION.to_string() {
        return Err(DecodeRatesError::UnknownVersion {
            found: version.to_string(),
        });
    }
    // Sections: (table, line number of the `[section]` line, its lines).
    let mut sections: Vec<(TableId, usize, Vec<&str>)> = Vec::new();
    for (index, line) in lines.iter().enumerate().skip(1) {
        let number = index + 1;
        let trimmed = line.trim();
        if let Some(name) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let Some(table) = TableId::from_id(name) else {
                return Err(DecodeRatesError::UnknownTable {
                    line: number,
                    text: trimmed.to_string(),
                });
            };
            sections.push((table, number, Vec::new()));
        } else if let Some((_, _, section_lines)) = sections.last_mut() {
            section_lines.push(line);
        } else if !trimmed.is_empty() {
            return Err(DecodeRatesError::OutsideSection { line: number });
        }
    }
    let mut rates = Vec::new();
    let mut errors = Vec::new();
    for (table, section_line, section_lines) in sections {
        match parse_rates_csv(table.file(), &section_lines.join("\n")) {
            Ok(parsed) => rates.extend(parsed.into_iter().filter(|rate| rate.table == table)),
            Err(section_errors) => {
                errors.extend(section_errors.into_iter().map(|error| ImportError {
                    line: error.line + section_line,
                    problem: error.problem,
                }))
            }
        }
    }
    if errors.is_empty() {
        Ok(rates)
    } else {
        Err(DecodeRatesError::BadLines(errors))
    }
}

/// Why the stored rates could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadRatesError {
    /// Browser storage cannot be read at all.
    Storage(StorageError),
    /// A text is stored but cannot be read: it is kept, untouched, in `raw`.
    Unreadable {
        raw: String,
        error: DecodeRatesError,
    },
}

impl Describe for LoadRatesError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadRatesError::Storage(StorageError::Locked), Lang::Fr) => "Vos données sont chiffrées et ne sont pas déverrouillées dans cet onglet.".to_string(),
            (LoadRatesError::Storage(StorageError::Locked), Lang::En) => "Your data is encrypted and not unlocked in this tab.".to_string(),
            (LoadRatesError::Storage(_), Lang::Fr) => "Ce navigateur ne laisse pas Relance lire son stockage (désactivé, ou fenêtre privée)\u{a0}: les taux que vous ajoutez ne serviront que jusqu'à la fermeture de la page.".to_string(),
            (LoadRatesError::Storage(_), Lang::En) => "This browser does not let Relance read its storage (disabled, or a private window): the rates you add will only be used until you close the page.".to_string(),
            (LoadRatesError::Unreadable { error, .. }, Lang::Fr) => format!(
                "Vos taux enregistrés n'ont pas pu être relus\u{a0}; ils sont conservés tels quels et Relance ne les écrasera pas. {}",
                error.describe(lang)
            ),
            (LoadRatesError::Unreadable { error, .. }, Lang::En) => format!(
                "Your saved rates could not be read; they are kept as they are and Relance will not overwrite them. {}",
                error.describe(lang)
            ),
        }
    }
}

/// The user's rates as stored in `kv`; none when nothing was ever saved.
pub fn load(kv: &impl KeyValue) -> Result<Vec<UserRate>, LoadRatesError> {
    match kv.get(keys::RATES).map_err(LoadRatesError::Storage)? {
        None => Ok(Vec::new()),
        Some(raw) => decode(&raw).map_err(|error| LoadRatesError::Unreadable { raw, error }),
    }
}

/// Stores `rates` in `kv`, replacing what is stored. Callers must not call it while the stored
/// text is unreadable (see [`quarantine_and_reset`]).
pub fn save(kv: &impl KeyValue, rates: &[UserRate]) -> Result<(), StorageError> {
    kv.set(keys::RATES, &encode(rates))
}

/// The key the `n`-th quarantined text is kept under.
pub fn quarantine_key(n: u32) -> String {
    format!("{}.quarantine.{n}", keys::RATES)
}

/// Moves an unreadable stored text aside (to the first free `relance.rates.quarantine.<n>`),
/// then stores `rates` in its place. Returns the key the old text now lives under. Nothing is
/// replaced if the copy could not be written.
pub fn quarantine_and_reset(
    kv: &impl KeyValue,
    raw: &str,
    rates: &[UserRate],
) -> Result<String, StorageError> {
    let mut n = 1;
    let key = loop {
        let key = quarantine_key(n);
        if kv.get(&key)?.is_none() {
            break key;
        }
        n += 1;
    };
    kv.set(&key, raw)?;
    save(kv, rates)?;
    Ok(key)
}

/// A row (a table and a start date) that this tab and another one both changed, differently
/// since the text they both read: the other tab's version is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowConflict {
    /// This tab's version, not made (`None`: this tab removed the row).
    pub mine: Option<UserRate>,
    /// The other tab's version, kept (`None`: the other tab removed the row).
    pub theirs: Option<UserRate>,
}

/// Three-way merge of the user's rates, row by row (a row: a table and a start date).
/// `ancestor` is the list both tabs started from, `mine` this tab's list, `theirs` what the
/// other tab stored since (in table then date order, as a stored text reads back). Every row
/// this tab changed (added, replaced, removed) is applied on `theirs`, unless the other tab
/// changed the same row differently: then the other tab's version is kept and the row is
/// reported. Rows only the other tab changed stay as it left them. The result is in table then
/// date order.
///
/// (Linear scans rather than maps: a user has a handful of rates, and maps would add their
/// code to the app for nothing.)
pub fn rebase(
    ancestor: &[UserRate],
    mine: &[UserRate],
    theirs: &[UserRate],
) -> (Vec<UserRate>, Vec<RowConflict>) {
    let key = |rate: &UserRate| (rate.table, rate.effective_from);
    let row =
        |rates: &[UserRate], of: &UserRate| rates.iter().find(|rate| key(rate) == key(of)).cloned();
    let mut merged = theirs.to_vec();
    let mut conflicts = Vec::new();
    let touched: Vec<&UserRate> = ancestor.iter().chain(mine).collect();
    for (index, of) in touched.iter().enumerate() {
        if touched
            .iter()
            .take(index)
            .any(|earlier| key(earlier) == key(of))
        {
            continue;
        }
        let (was, now, their) = (row(ancestor, of), row(mine, of), row(theirs, of));
        if was == now || now == their {
            // Not changed here, or changed alike in both tabs.
            continue;
        }
        if was == their {
            merged.retain(|rate| key(rate) != key(of));
            if let Some(rate) = now {
                let at = merged.partition_point(|other| key(other) < key(&rate));
                merged.insert(at, rate);
            }
        } else {
            conflicts.push(RowConflict {
                mine: now,
                theirs: their,
            });
        }
    }
    (merged, conflicts)
}

/// What [`save_edit`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The list the tab holds now (stored, unless `stored` says otherwise).
    pub rates: Vec<UserRate>,
    /// Whether `rates` is in storage, or why not.
    pub stored: Result<(), SaveRatesError>,
    /// Another tab had stored its rates since the tab's last read or write: the change was
    /// made on that version ([`rebase`]).
    pub on_newer: bool,
    /// Rows the other tab had changed too: its version is kept, this tab's change of them is
    /// not made.
    pub conflicts: Vec<RowConflict>,
}

/// Why [`save_edit`] did not store the rates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveRatesError {
    /// The browser refused to read or to write.
    Refused(StorageError),
    /// Another tab stored a text this version cannot read (a newer Relance?): it is kept as
    /// it is, nothing was written.
    Unreadable {
        raw: String,
        error: DecodeRatesError,
    },
}

/// Saves `mine`, the tab's list after a change, unless another tab wrote since. `synced` is
/// the list as stored when the tab last read or wrote it (empty: nothing stored), and is
/// updated.
///
/// If the stored list is still `synced`, `mine` is written. Otherwise another tab wrote: this
/// tab's changes since `synced` (the change just made, and any earlier one the browser refused
/// to save) are applied again on the other tab's version ([`rebase`]) and that is written;
/// rows both tabs changed keep the other tab's version and are reported. Nothing is written
/// when the stored list is already the one to keep. The lists are compared as lists, not as
/// texts: another tab that stored the same rates changed nothing.
pub fn save_edit(kv: &impl KeyValue, synced: &mut Vec<UserRate>, mine: &[UserRate]) -> Saved {
    // As the stored text will read back (a source's line breaks become spaces), so that an
    // unchanged row compares equal to its stored self.
    let mine = decode(&encode(mine)).unwrap_or_else(|_| mine.to_vec());
    let outcome = |rates: Vec<UserRate>, stored| Saved {
        rates,
        stored,
        on_newer: false,
        conflicts: Vec::new(),
    };
    let theirs = match load(kv) {
        Ok(theirs) => theirs,
        Err(LoadRatesError::Storage(error)) => {
            return outcome(mine, Err(SaveRatesError::Refused(error)));
        }
        Err(LoadRatesError::Unreadable { raw, error }) => {
            return outcome(mine, Err(SaveRatesError::Unreadable { raw, error }));
        }
    };
    let mut saved = if theirs == *synced {
        outcome(mine, Ok(()))
    } else {
        let (rates, conflicts) = rebase(synced, &mine, &theirs);
        Saved {
            rates,
            stored: Ok(()),
            on_newer: true,
            conflicts,
        }
    };
    if saved.rates != theirs {
        saved.stored = save(kv, &saved.rates).map_err(SaveRatesError::Refused);
    }
    *synced = match saved.stored {
        Ok(()) => saved.rates.clone(),
        Err(_) => theirs,
    };
    saved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interest::{ImportProblem, Rate};
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn rate(table: TableId, from: &str, percent: Decimal, source: &str) -> UserRate {
        UserRate {
            table,
            effective_from: date(from),
            to: table
                .is_half_yearly()
                .then(|| HalfYear::containing(date(from)).end())
                .flatten(),
            rate: Rate::from_percent(percent),
            source: source.to_string(),
        }
    }

    fn sorted(mut rates: Vec<UserRate>) -> Vec<UserRate> {
        rates.sort_by_key(|rate| (rate.table, rate.effective_from));
        rates
    }

    #[test]
    fn the_committed_v1_fixture_decodes() {
        let text = include_str!("../../tests/fixtures/storage/rates-v1.txt");
        let decoded = decode(text);
        assert_eq!(
            decoded,
            Ok(vec![
                rate(
                    TableId::EcbMro,
                    "2026-11-04",
                    dec!(2.15),
                    "BCE, communiqué du 29 octobre 2026"
                ),
                rate(
                    TableId::FrLegalConsumer,
                    "2026-07-01",
                    dec!(6.65),
                    "Arrêté du 20 juin 2026 (JORF)"
                ),
                rate(
                    TableId::FrLegalOther,
                    "2026-07-01",
                    dec!(3.10),
                    "Arrêté du 20 juin 2026 (JORF)"
                ),
                rate(
                    TableId::DeBasiszinssatz,
                    "2027-01-01",
                    dec!(-0.5),
                    "Bundesbank \"Basiszinssatz\""
                ),
                rate(TableId::UkBankRate, "2026-11-05", dec!(3.5), "BoE"),
            ])
        );
    }

    #[test]
    fn an_empty_list_round_trips() {
        assert_eq!(encode(&[]), "relance-rates 1\n");
        assert_eq!(decode(&encode(&[])), Ok(vec![]));
    }

    #[test]
    fn a_newer_version_is_reported_as_such() {
        let error = decode("relance-rates 2\n[ecb-mro]\n");
        assert_eq!(
            error,
            Err(DecodeRatesError::UnknownVersion {
                found: "2".to_string()
            })
        );
        let sentence = error
            .err()
            .map(|e| e.describe(Lang::En))
            .unwrap_or_default();
        assert!(
            sentence.contains("saved by a newer version of Relance"),
            "{sentence}"
        );
        let phrase = decode("relance-rates 7")
            .err()
            .map(|e| e.describe(Lang::Fr));
        assert!(phrase.unwrap_or_default().contains("version plus récente"));
    }

    #[test]
    fn corrupted_texts_are_refused_with_the_line_at_fault() {
        assert!(matches!(
            decode(""),
            Err(DecodeRatesError::NotRatesText { .. })
        ));
        assert!(matches!(
            decode("{\"rates\": []}"),
            Err(DecodeRatesError::NotRatesText { .. })
        ));
        assert!(matches!(
            decode("relance-rates1\n"),
            Err(DecodeRatesError::NotRatesText { .. })
        ));
        assert_eq!(
            decode("relance-rates 1\n2026-07-01,3.10\n"),
            Err(DecodeRatesError::OutsideSection { line: 2 })
        );
        assert_eq!(
            decode("relance-rates 1\n[fr-legal]\n"),
            Err(DecodeRatesError::UnknownTable {
                line: 2,
                text: "[fr-legal]".to_string()
            })
        );
        let text = "relance-rates 1\n\
                    [uk-bank-rate]\n\
                    effective_from,rate_percent,source,status\n\
                    2026-11-05,3.50,BoE,added\n\
                    [ecb-mro]\n\
                    effective_from,rate_percent,source,status\n\
                    2026-11-04,2.15,BCE,added\n\
                    2026-11-3x,2.15,BCE,added\n\
                    2026-12-17,deux,BCE,added\n";
        let Err(DecodeRatesError::BadLines(errors)) = decode(text) else {
            panic!("bad lines expected");
        };
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![8, 9]
        );
        assert!(matches!(
            errors.first().map(|e| &e.problem),
            Some(ImportProblem::Date { .. })
        ));
        let sentence = DecodeRatesError::BadLines(errors).describe(Lang::Fr);
        assert!(sentence.starts_with("Ligne 8 :"), "{sentence}");
        assert!(sentence.contains("Ligne 9 :"), "{sentence}");
        // A half-year entry that does not start a half-year is refused as the form refuses it.
        let misplaced = "relance-rates 1\n[fr-taux-legal-other]\n\
                         from,to,consumer_percent,other_percent,source,status\n\
                         2026-08-01,2026-12-31,3.10,3.10,x,added\n";
        assert!(matches!(
            decode(misplaced),
            Err(DecodeRatesError::BadLines(_))
        ));
    }

    #[test]
    fn one_category_of_the_french_rate_reads_back_alone() {
        let other = rate(TableId::FrLegalOther, "2026-07-01", dec!(3.10), "JORF");
        let text = encode(std::slice::from_ref(&other));
        assert!(
            text.contains("2026-07-01,2026-12-31,3.10,3.10,JORF,added"),
            "{text}"
        );
        assert_eq!(decode(&text), Ok(vec![other]));
    }

    #[test]
    fn sources_with_commas_quotes_and_line_breaks_survive() {
        let tricky = rate(
            TableId::UkBankRate,
            "2026-11-05",
            dec!(3.5),
            "BoE, \"MPC\"\nminutes",
        );
        let decoded = decode(&encode(&[tricky]));
        assert_eq!(
            decoded.map(|rates| rates.into_iter().map(|r| r.source).collect::<Vec<_>>()),
            Ok(vec!["BoE, \"MPC\" minutes".to_string()])
        );
    }

    fn arbitrary_rate() -> impl Strategy<Value = UserRate> {
        let tables = prop::sample::select(TableId::ALL.to_vec());
        (
            tables,
            1900i32..=2199,
            1u32..=12,
            1u32..=28,
            -100_000_000i64..=100_000_000,
            0u32..=6,
            "[^\\p{Cc}]{0,40}",
        )
            .prop_map(|(table, year, month, day, mantissa, scale, source)| {
                let from = if table.is_half_yearly() || table == TableId::DeBasiszinssatz {
                    NaiveDate::from_ymd_opt(year, if month > 6 { 7 } else { 1 }, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month, day)
                }
                .unwrap_or(NaiveDate::MIN);
                let mut percent = Decimal::new(mantissa, 6);
                percent.rescale(scale);
                UserRate {
                    table,
                    effective_from: from,
                    to: table
                        .is_half_yearly()
                        .then(|| HalfYear::containing(from).end())
                        .flatten(),
                    rate: Rate::from_percent(percent),
                    source: source.trim().to_string(),
                }
            })
    }

    proptest! {
        #[test]
        fn every_valid_list_of_rates_round_trips(rates in prop::collection::vec(arbitrary_rate(), 0..12)) {
            prop_assume!(rates.iter().all(|rate| rate.validate().is_ok()));
            let decoded = decode(&encode(&rates));
            prop_assert_eq!(decoded.map(sorted), Ok(sorted(rates)));
        }

        #[test]
        fn decoding_any_text_never_panics(text in "\\PC{0,200}") {
            let _ = decode(&text);
            let _ = decode(&format!("relance-rates 1\n[ecb-mro]\n{text}"));
        }
    }
}
