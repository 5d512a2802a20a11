//! The user's rates as shared state: loaded once at start, changed by Settings' commands,
//! saved after each change, and merged with the built-in history into the tables every
//! simulation reads (`Rates::tables`).
//!
//! A stored text that cannot be read is never overwritten: while it is there, changes stay in
//! memory and the page says they are not saved, until the user downloads it or, after a
//! confirmation, starts afresh (the text is then moved aside, see `storage::rates`).
//!
//! A change the browser refuses to save stays in use, and the banner under the header says so
//! with a backup download (`ui::shell::banner`); the next change saves it too.
//!
//! Several tabs: another tab's save arrives through the `storage` event and is read again,
//! unless this tab holds a change it could not save. A save first checks that the stored list
//! is still the one this tab last read or wrote; if not, the change is made again on the other
//! tab's version ([`stored::save_edit`]), and the command's outcome says so for Settings to
//! show (and which rows, if both tabs changed the same one: the other tab's version is kept).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::interest::{
    ImportError, ImportProblem, RateFile, RateTables, TableId, UserRate, UserRateError,
    parse_rate_rows,
};
use crate::i18n::{Describe, Lang};
use crate::state::vault::{Encryption, Vault};
use crate::storage::key_value::{KeyValue, StorageError};
use crate::storage::keys;
pub use crate::storage::rates::LoadRatesError;
use crate::storage::rates::{self as stored, RowConflict, SaveRatesError};

/// Why the last change is not saved (it is still in use until the page closes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveProblem {
    /// The browser refused (storage full, disabled, private window).
    Refused(StorageError),
    /// The stored text is unreadable and is kept as it is until the user decides.
    StoredTextUnreadable,
}

impl Describe for SaveProblem {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (SaveProblem::Refused(_), Lang::Fr) => "Votre dernier changement de taux n'est PAS enregistré\u{a0}: le navigateur a refusé (stockage plein ou désactivé). Il sert aux calculs jusqu'à la fermeture de cette page\u{a0}; téléchargez une sauvegarde pour le garder, ou libérez de la place\u{a0}: votre prochain changement de taux l'enregistrera aussi.".to_string(),
            (SaveProblem::Refused(_), Lang::En) => "Your last rate change is NOT saved: the browser refused (storage full or disabled). It is used in calculations until you close this page; download a backup to keep it, or free some space: your next rate change will save it too.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::Fr) => "Votre dernier changement de taux n'est PAS enregistré\u{a0}: le texte enregistré illisible est conservé tant que vous n'avez pas choisi de repartir de zéro (Réglages › Taux publiés). Il sert aux calculs jusqu'à la fermeture de cette page.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::En) => "Your last rate change is NOT saved: the unreadable stored text is kept until you choose to start afresh (Settings › Published rates). It is used in calculations until you close this page.".to_string(),
        }
    }
}

/// What happened with another tab at the last change, to say in Settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabNotice {
    /// Another tab had saved its rates meanwhile: the change was saved on top of them.
    AppliedOnNewer,
    /// Another tab had changed the same rows: its version is kept, this tab's change of these
    /// rows was not made.
    Conflicts(Vec<RowConflict>),
}

impl Describe for TabNotice {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (TabNotice::AppliedOnNewer, Lang::Fr) => "Vos taux venaient d'être modifiés dans un autre onglet\u{a0}: votre changement a été enregistré par-dessus, sans rien perdre de l'autre.".to_string(),
            (TabNotice::AppliedOnNewer, Lang::En) => "Your rates had just been changed in another tab: your change was saved on top of it, losing nothing of the other.".to_string(),
            (TabNotice::Conflicts(rows), Lang::Fr) => format!(
                "Un autre onglet venait de modifier les mêmes taux que vous\u{a0}: sa version est gardée et votre changement de ces lignes n'a PAS été fait. Refaites-le si c'est le vôtre qui est juste. {}",
                conflict_lines(rows, lang)
            ),
            (TabNotice::Conflicts(rows), Lang::En) => format!(
                "Another tab had just changed the same rates as you: its version is kept and your change of these rows was NOT made. Make it again if yours is the right one. {}",
                conflict_lines(rows, lang)
            ),
        }
    }
}

/// "Table, date (yours: 3.10 %; the other tab's, kept: 3.20 %)." for each row.
fn conflict_lines(rows: &[RowConflict], lang: Lang) -> String {
    let value = |rate: &Option<UserRate>| match (rate, lang) {
        (Some(rate), _) => rate.rate.display(lang),
        (None, Lang::Fr) => "retiré".to_string(),
        (None, Lang::En) => "removed".to_string(),
    };
    rows.iter()
        .filter_map(|row| {
            let rate = row.mine.as_ref().or(row.theirs.as_ref())?;
            let what = rate.table.label(lang);
            let from = crate::format::date_short(rate.effective_from, lang);
            let (mine, theirs) = (value(&row.mine), value(&row.theirs));
            Some(match lang {
                Lang::Fr => format!(
                    "{what}, {from} (le vôtre\u{a0}: {mine}\u{a0}; celui de l'autre onglet, gardé\u{a0}: {theirs})."
                ),
                Lang::En => {
                    format!("{what}, {from} (yours: {mine}; the other tab's, kept: {theirs}).")
                }
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What became of a change of the rates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    /// Whether what this tab holds is saved (if not, [`Rates::save_problem`] says why).
    pub saved: bool,
    /// What another tab's save meant for the change, to tell the user ([`RatesNotice`]).
    pub notice: Option<TabNotice>,
}

impl Edited {
    /// Whether part of the change was not made: another tab had changed the same rows.
    pub fn conflicted(&self) -> bool {
        matches!(self.notice, Some(TabNotice::Conflicts(_)))
    }
}

/// Where Settings shows the [`TabNotice`] of the last change of the rates: a signal the
/// Settings page provides in context (not held by [`Rates`], so that the code a first visit
/// downloads holds none of it).
#[derive(Clone, Copy)]
pub struct RatesNotice(pub RwSignal<Option<TabNotice>>);

impl RatesNotice {
    /// Shows what `edited` says (or nothing, if it says nothing).
    pub fn show(self, edited: &Edited) {
        self.0.set(edited.notice.clone());
    }
}

/// How a restored backup's rates meet the user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreMode {
    /// The backup's rates take the place of the user's.
    Replace,
    /// The backup's rates are added; an entry of the same table and date as one of the user's
    /// replaces it.
    Merge,
}

/// The user's rates, provided in context by [`provide_rates`].
#[derive(Clone, Copy)]
pub struct Rates {
    user_rates: RwSignal<Vec<UserRate>>,
    load_error: RwSignal<Option<LoadRatesError>>,
    save_problem: RwSignal<Option<SaveProblem>>,
    /// The list as stored when this tab last read or wrote it: a save first checks that it is
    /// still the one stored (see [`stored::save_edit`]). (A signal that nothing tracks, of the
    /// same type as `user_rates` so that the app holds no more code for it.)
    synced: RwSignal<Vec<UserRate>>,
    /// The built-in tables with the user's rates, and why those do not fit if they do not:
    /// made on first use by a page that needs them (all lazy chunks), so that neither the
    /// built-in tables nor the merging are in the first visit's code.
    merged: StoredValue<Option<MergedTables>>,
    vault: Vault,
}

/// The merged tables' memos (see [`Rates::tables`]).
#[derive(Clone, Copy)]
struct MergedTables {
    merged: Memo<(RateTables, Option<UserRateError>)>,
    tables: Memo<RateTables>,
}

/// The built-in tables with `user_rates`; if these do not fit (they were validated, so this
/// should not happen), the built-in tables alone and the reason.
pub fn merge(user_rates: &[UserRate]) -> (RateTables, Option<UserRateError>) {
    let builtin = RateTables::builtin();
    match builtin.with_user_rates(user_rates) {
        Ok(tables) => (tables, None),
        Err(error) => (builtin, Some(error)),
    }
}

/// The entry as it is kept and stored: validated, a French legal rate ending with its
/// half-year, a change-point entry without an end (the stored CSV has no column for it).
pub fn canonical(rate: UserRate) -> Result<UserRate, UserRateError> {
    let entry = rate.validate()?;
    Ok(UserRate {
        to: if rate.table.is_half_yearly() {
            entry.to
        } else {
            None
        },
        source: entry.source.into_owned(),
        ..rate
    })
}

/// Adds `rate` to `list`, replacing an entry of the same table and date; keeps the list in
/// table then date order.
pub fn upsert(list: &mut Vec<UserRate>, rate: UserRate) {
    list.retain(|existing| {
        !(existing.table == rate.table && existing.effective_from == rate.effective_from)
    });
    list.push(rate);
    list.sort_by_key(|rate| (rate.table, rate.effective_from));
}

/// Every valid line of `text` (a CSV in `file`'s format), in canonical form, or every bad line.
/// The text is read by the import's CSV reader (`import::csv`), as files of invoices are: one
/// dialect rule for both (`;` or `,`, quotes, a byte-order mark, Excel's `sep=` line).
pub fn parse_import(file: RateFile, text: &str) -> Result<Vec<UserRate>, Vec<ImportError>> {
    let table = crate::import::csv::read_table(text.as_bytes()).map_err(|error| {
        let line = match error {
            crate::import::ReadError::Unreadable { line } => usize::try_from(line).unwrap_or(1),
            _ => 1,
        };
        let problem = match error {
            crate::import::ReadError::Empty => ImportProblem::Empty,
            other => ImportProblem::Unreadable {
                why_fr: other.describe(Lang::Fr),
                why_en: other.describe(Lang::En),
            },
        };
        vec![ImportError { line, problem }]
    })?;
    let header_line = usize::try_from(table.header_line).unwrap_or(1);
    let rows = std::iter::once((header_line, Ok(table.headers))).chain(
        table
            .records
            .into_iter()
            .map(|record| (usize::try_from(record.line).unwrap_or(0), Ok(record.cells))),
    );
    let parsed = parse_rate_rows(file, rows)?;
    // The parser has validated every entry: `canonical` cannot refuse one here.
    Ok(parsed
        .into_iter()
        .filter_map(|rate| canonical(rate).ok())
        .collect())
}

impl Rates {
    /// The user's entries, in table then date order (tracks).
    pub fn user_rates(self) -> Vec<UserRate> {
        self.user_rates.get()
    }

    /// Why the stored rates could not be loaded, if they could not (tracks).
    pub fn load_error(self) -> Option<LoadRatesError> {
        self.load_error.get()
    }

    /// Why the last change is not saved, if it is not (tracks).
    pub fn save_problem(self) -> Option<SaveProblem> {
        self.save_problem.get()
    }

    /// Why the last change is not saved, if it is not (for a command).
    pub fn save_problem_untracked(self) -> Option<SaveProblem> {
        self.save_problem.get_untracked()
    }

    /// Why the user's rates are not in the tables, if they are not (tracks).
    pub fn merge_error(self) -> Option<UserRateError> {
        self.merged_tables().merged.with(|(_, error)| error.clone())
    }

    /// The built-in tables with the user's rates (the built-in ones alone if they do not fit).
    pub fn tables(self) -> Memo<RateTables> {
        self.merged_tables().tables
    }

    fn merged_tables(self) -> MergedTables {
        if let Some(made) = self.merged.get_value() {
            return made;
        }
        let user_rates = self.user_rates;
        let make = move || {
            let merged = Memo::new(move |_| user_rates.with(|rates| merge(rates)));
            MergedTables {
                merged,
                tables: Memo::new(move |_| merged.with(|(tables, _)| tables.clone())),
            }
        };
        let made = match crate::state::context::root_owner() {
            Some(root) => root.with(make),
            None => make(),
        };
        self.merged.set_value(Some(made));
        made
    }

    /// Adds a rate (replacing the user's entry of the same table and date) and saves.
    pub fn add_rate(self, rate: UserRate) -> Result<Edited, UserRateError> {
        let rate = canonical(rate)?;
        Ok(self.edit(|list| upsert(list, rate)))
    }

    /// Restoring a backup: the backup's rates in place of the user's, or added to them (see
    /// [`RestoreMode`]).
    pub fn restore(self, restored: &[UserRate], mode: RestoreMode) -> Edited {
        self.edit(|list| {
            if mode == RestoreMode::Replace {
                list.clear();
            }
            for rate in restored {
                upsert(list, rate.clone());
            }
        })
    }

    /// Removes the user's entry of `table` from `effective_from`, and saves.
    pub fn remove_rate(self, table: TableId, effective_from: NaiveDate) -> Edited {
        self.edit(|list| {
            list.retain(|rate| !(rate.table == table && rate.effective_from == effective_from))
        })
    }

    /// Imports a CSV in `file`'s format: all of it, or nothing if any line is bad.
    /// Returns how many entries were added or replaced.
    pub fn import_csv(
        self,
        file: RateFile,
        text: &str,
    ) -> Result<(usize, Edited), Vec<ImportError>> {
        let rates = parse_import(file, text)?;
        let count = rates.len();
        let edited = self.edit(|list| {
            for rate in rates {
                upsert(list, rate);
            }
        });
        Ok((count, edited))
    }

    /// Offers the unreadable stored text as a file; `false` if there is none or the browser
    /// refused.
    pub fn download_stored_text(self) -> bool {
        match self.load_error.get_untracked() {
            Some(LoadRatesError::Unreadable { raw, .. }) => crate::export::download::download_text(
                "relance-rates-stored.txt",
                "text/plain;charset=utf-8",
                &raw,
            ),
            _ => false,
        }
    }

    /// After the user confirmed: moves the unreadable stored text aside and saves the rates in
    /// use. Returns the key the old text is kept under.
    pub fn start_afresh(self) -> Result<String, StorageError> {
        let Some(LoadRatesError::Unreadable { raw, .. }) = self.load_error.get_untracked() else {
            return Err(StorageError::WriteRefused);
        };
        let store = self.vault.store();
        let key = self
            .user_rates
            .with_untracked(|rates| stored::quarantine_and_reset(&store, &raw, rates))?;
        self.synced.set(self.user_rates.get_untracked());
        self.load_error.set(None);
        self.save_problem.set(None);
        Ok(key)
    }

    /// Makes `change` to the list and saves it: on top of another tab's newer version if there
    /// is one (see [`stored::save_edit`]).
    fn edit(self, change: impl FnOnce(&mut Vec<UserRate>)) -> Edited {
        let mut mine = self.user_rates.get_untracked();
        change(&mut mine);
        let unreadable = self
            .load_error
            .with_untracked(|error| matches!(error, Some(LoadRatesError::Unreadable { .. })));
        if unreadable {
            self.user_rates.set(mine);
            self.save_problem
                .set(Some(SaveProblem::StoredTextUnreadable));
            return Edited {
                saved: false,
                notice: None,
            };
        }
        let mut synced = self.synced.get_untracked();
        let saved = stored::save_edit(&self.vault.store(), &mut synced, &mine);
        self.synced.set(synced);
        let edited = Edited {
            saved: saved.stored.is_ok(),
            notice: if !saved.conflicts.is_empty() {
                Some(TabNotice::Conflicts(saved.conflicts))
            } else if saved.on_newer && saved.stored.is_ok() {
                Some(TabNotice::AppliedOnNewer)
            } else {
                None
            },
        };
        self.save_problem.set(match saved.stored {
            Ok(()) => None,
            Err(SaveRatesError::Refused(error)) => Some(SaveProblem::Refused(error)),
            Err(SaveRatesError::Unreadable { raw, error }) => {
                self.load_error
                    .set(Some(LoadRatesError::Unreadable { raw, error }));
                Some(SaveProblem::StoredTextUnreadable)
            }
        });
        self.user_rates.set(saved.rates);
        edited
    }
}

impl Rates {
    /// Reads the user's rates from the vault's store (at start, and when the store changed:
    /// unlocked, or another tab turned encryption off). Nothing is read while it is locked.
    ///
    /// A change not saved is kept (the page keeps saying so) rather than replaced by what is
    /// stored: the next change is saved on top of what is stored then.
    pub fn reload(self) {
        if self.save_problem.get_untracked().is_some() {
            return;
        }
        let (rates, load_error) = if self.vault.encryption_untracked() == Encryption::Locked {
            (Vec::new(), None)
        } else {
            match stored::load(&self.vault.store()) {
                Ok(rates) => (rates, None),
                // Encryption on and the value does not open: kept as it is stored, like any
                // unreadable text (never overwritten; downloadable; set aside on confirmation).
                Err(LoadRatesError::Storage(StorageError::Undecryptable)) => {
                    let raw = self
                        .vault
                        .sealed()
                        .and_then(|sealed| sealed.store().get(keys::RATES).ok())
                        .flatten()
                        .unwrap_or_default();
                    (
                        Vec::new(),
                        Some(LoadRatesError::Unreadable {
                            raw,
                            error: stored::DecodeRatesError::Undecryptable,
                        }),
                    )
                }
                Err(error) => (Vec::new(), Some(error)),
            }
        };
        self.synced.set(rates.clone());
        self.user_rates.set(rates);
        self.load_error.set(load_error);
    }
}

/// Provides the user's rates in context, read from the vault's store; listens for other tabs'
/// saves of them.
pub fn provide_rates(vault: Vault) -> Rates {
    let user_rates = RwSignal::new(Vec::new());
    let rates = Rates {
        user_rates,
        load_error: RwSignal::new(None),
        save_problem: RwSignal::new(None),
        synced: RwSignal::new(Vec::new()),
        merged: StoredValue::new(None),
        vault,
    };
    rates.reload();
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        // `key` is null when another tab cleared the whole storage.
        if event.key().as_deref().is_none_or(|key| key == keys::RATES) {
            rates.reload();
        }
    });
    on_cleanup(move || handle.remove());
    provide_context(rates);
    rates
}

pub fn use_rates() -> Rates {
    use_context::<Rates>().unwrap_or_else(|| {
        crate::state::context::not_provided("Rates");
        provide_rates(crate::state::vault::use_vault())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interest::{Rate, RateOrigin};
    use rust_decimal_macros::dec;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn french_other(percent: rust_decimal::Decimal, source: &str) -> UserRate {
        UserRate {
            table: TableId::FrLegalOther,
            effective_from: date("2026-07-01"),
            to: None,
            rate: Rate::from_percent(percent),
            source: source.to_string(),
        }
    }

    #[test]
    fn an_entry_of_the_same_table_and_date_replaces_the_previous_one() {
        let mut list = Vec::new();
        upsert(&mut list, french_other(dec!(3.10), "first"));
        upsert(
            &mut list,
            UserRate {
                table: TableId::EcbMro,
                effective_from: date("2026-11-04"),
                to: None,
                rate: Rate::from_percent(dec!(2.15)),
                source: "BCE".to_string(),
            },
        );
        upsert(&mut list, french_other(dec!(3.20), "second"));
        assert_eq!(list.len(), 2);
        assert_eq!(list.first().map(|r| r.table), Some(TableId::EcbMro));
        assert_eq!(list.get(1).map(|r| r.source.as_str()), Some("second"));
    }

    #[test]
    fn canonical_entries_end_with_their_half_year_and_trim_their_source() {
        let canonical = canonical(french_other(dec!(3.10), "  JORF "));
        assert_eq!(
            canonical.as_ref().map(|r| r.to),
            Ok(Some(date("2026-12-31")))
        );
        assert_eq!(canonical.map(|r| r.source), Ok("JORF".to_string()));
        let misplaced = UserRate {
            effective_from: date("2026-08-01"),
            ..french_other(dec!(3.10), "JORF")
        };
        assert!(super::canonical(misplaced).is_err());
    }

    #[test]
    fn merged_tables_use_the_user_entry_and_fall_back_to_the_built_in_ones() {
        let (tables, error) = merge(&[french_other(dec!(3.10), "test")]);
        assert_eq!(error, None);
        let reading = tables
            .table(TableId::FrLegalOther)
            .in_force_on(date("2026-09-30"))
            .map(|r| (r.entry.rate.percent(), r.published, r.entry.origin));
        assert_eq!(reading, Ok((dec!(3.10), true, RateOrigin::User)));
        let (tables, error) = merge(&[UserRate {
            effective_from: date("2026-08-01"),
            ..french_other(dec!(3.10), "test")
        }]);
        assert!(error.is_some());
        assert_eq!(tables, RateTables::builtin());
    }

    #[test]
    fn an_import_takes_every_line_or_none() {
        let good = "from,to,consumer_percent,other_percent,source\n\
                    2026-07-01,2026-12-31,6.65,3.10,JORF\n";
        let imported = parse_import(RateFile::FrTauxLegal, good);
        assert_eq!(imported.as_ref().map(Vec::len), Ok(2));
        assert!(
            imported
                .unwrap_or_default()
                .iter()
                .all(|rate| rate.to == Some(date("2026-12-31")))
        );
        let bad = "effective_from,rate_percent,source\n\
                   2026-11-04,2.15,BCE\n\
                   2026-12-17,abc,BCE\n\
                   2026-12-32,2.00,BCE\n";
        let errors = parse_import(RateFile::EcbMro, bad)
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4]
        );
    }

    #[test]
    fn a_rates_file_saved_by_excel_in_france_reads_like_an_invoices_file() {
        // Semicolons, a byte-order mark, decimal commas, Excel's quoting and a `sep=` line:
        // the same reader as the import of invoices.
        let excel = "\u{feff}sep=;\r\nfrom;to;consumer_percent;other_percent;source\r\n\
                     2026-07-01;2026-12-31;6,65;3,10;\"JORF; arrêté du 17 juin\"\r\n";
        let imported = parse_import(RateFile::FrTauxLegal, excel);
        let Ok(imported) = imported else {
            panic!("{imported:?}")
        };
        assert_eq!(imported.len(), 2);
        assert_eq!(imported[0].source, "JORF; arrêté du 17 juin");
        assert_eq!(
            imported
                .iter()
                .map(|rate| rate.rate.to_string())
                .collect::<Vec<_>>(),
            vec!["6.65%".to_string(), "3.10%".to_string()]
        );
        // A bad line is named by its line in the file, counting the `sep=` line.
        let bad = "sep=;\nfrom;to;consumer_percent;other_percent;source\n2026-07-01;2026-12-31;x;3,10;JORF\n";
        let errors = parse_import(RateFile::FrTauxLegal, bad)
            .err()
            .unwrap_or_default();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![3]);
        let empty = parse_import(RateFile::FrTauxLegal, "")
            .err()
            .unwrap_or_default();
        assert_eq!(empty.len(), 1);
    }
}
