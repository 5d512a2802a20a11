//! The user's rates as shared state: loaded once at start, changed by Settings' commands,
//! saved after each change, and merged with the built-in history into the tables every
//! simulation reads (`Rates::tables`).
//!
//! A stored text that cannot be read is never overwritten: while it is there, changes stay in
//! memory and the page says they are not saved, until the user downloads it or, after a
//! confirmation, starts afresh (the text is then moved aside, see `storage::rates`).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::interest::{
    ImportError, RateFile, RateTables, TableId, UserRate, UserRateError, parse_rates_csv,
};
use crate::i18n::{Describe, Lang};
use crate::storage::local::StorageError;
use crate::storage::rates::{self as stored, LoadRatesError};
use crate::storage::repository::KeyValue;
use crate::ui::vault::{Encryption, Vault};

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
            (SaveProblem::Refused(_), Lang::Fr) => "Votre dernier changement de taux n'est PAS enregistré\u{a0}: le navigateur a refusé (stockage plein ou désactivé). Il sert aux calculs jusqu'à la fermeture de cette page\u{a0}; libérez de la place puis refaites-le pour le garder.".to_string(),
            (SaveProblem::Refused(_), Lang::En) => "Your last rate change is NOT saved: the browser refused (storage full or disabled). It is used in calculations until you close this page; free some space, then make it again to keep it.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::Fr) => "Votre dernier changement de taux n'est PAS enregistré\u{a0}: le texte enregistré illisible est conservé tant que vous n'avez pas choisi de repartir de zéro (ci-dessus). Il sert aux calculs jusqu'à la fermeture de cette page.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::En) => "Your last rate change is NOT saved: the unreadable stored text is kept until you choose to start afresh (above). It is used in calculations until you close this page.".to_string(),
        }
    }
}

/// The user's rates, provided in context by [`provide_rates`].
#[derive(Clone, Copy)]
pub struct Rates {
    user_rates: RwSignal<Vec<UserRate>>,
    load_error: RwSignal<Option<LoadRatesError>>,
    save_problem: RwSignal<Option<SaveProblem>>,
    merged: Memo<(RateTables, Option<UserRateError>)>,
    vault: Vault,
    /// The built-in tables with the user's rates (the built-in ones alone if they do not fit).
    pub tables: Memo<RateTables>,
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
pub fn parse_import(file: RateFile, text: &str) -> Result<Vec<UserRate>, Vec<ImportError>> {
    let parsed = parse_rates_csv(file, text)?;
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
        self.merged.with(|(_, error)| error.clone())
    }

    /// Adds a rate (replacing the user's entry of the same table and date) and saves.
    pub fn add_rate(self, rate: UserRate) -> Result<(), UserRateError> {
        let rate = canonical(rate)?;
        self.user_rates.update(|list| upsert(list, rate));
        self.persist();
        Ok(())
    }

    /// Restoring a backup: `replace` puts the backup's rates in place of the user's; otherwise
    /// they are added (an entry of the same table and date as the user's replaces it).
    pub fn restore(self, restored: &[UserRate], replace: bool) {
        self.user_rates.update(|list| {
            if replace {
                list.clear();
            }
            for rate in restored {
                upsert(list, rate.clone());
            }
        });
        self.persist();
    }

    /// Removes the user's entry of `table` from `effective_from`, and saves.
    pub fn remove_rate(self, table: TableId, effective_from: NaiveDate) {
        self.user_rates.update(|list| {
            list.retain(|rate| !(rate.table == table && rate.effective_from == effective_from))
        });
        self.persist();
    }

    /// Imports a CSV in `file`'s format: all of it, or nothing if any line is bad.
    /// Returns how many entries were added or replaced.
    pub fn import_csv(self, file: RateFile, text: &str) -> Result<usize, Vec<ImportError>> {
        let rates = parse_import(file, text)?;
        let count = rates.len();
        self.user_rates.update(|list| {
            for rate in rates {
                upsert(list, rate);
            }
        });
        self.persist();
        Ok(count)
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
        self.load_error.set(None);
        self.save_problem.set(None);
        Ok(key)
    }

    fn persist(self) {
        let unreadable = self
            .load_error
            .with_untracked(|error| matches!(error, Some(LoadRatesError::Unreadable { .. })));
        let problem = if unreadable {
            Some(SaveProblem::StoredTextUnreadable)
        } else {
            let store = self.vault.store();
            self.user_rates
                .with_untracked(|rates| stored::save(&store, rates))
                .err()
                .map(SaveProblem::Refused)
        };
        self.save_problem.set(problem);
    }
}

impl Rates {
    /// Reads the user's rates from the vault's store (at start, and when the store changed:
    /// unlocked, or another tab turned encryption off). Nothing is read while it is locked.
    ///
    /// A change not saved is kept (the page keeps saying so) rather than replaced by what is
    /// stored.
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
                        .and_then(|sealed| sealed.store().get(crate::storage::keys::RATES).ok())
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
        self.user_rates.set(rates);
        self.load_error.set(load_error);
    }
}

pub fn provide_rates(vault: Vault) -> Rates {
    let user_rates = RwSignal::new(Vec::new());
    let merged = Memo::new(move |_| user_rates.with(|rates| merge(rates)));
    let rates = Rates {
        user_rates,
        load_error: RwSignal::new(None),
        save_problem: RwSignal::new(None),
        merged,
        vault,
        tables: Memo::new(move |_| merged.with(|(tables, _)| tables.clone())),
    };
    rates.reload();
    provide_context(rates);
    rates
}

pub fn use_rates() -> Rates {
    use_context::<Rates>().unwrap_or_else(|| provide_rates(crate::ui::vault::use_vault()))
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
}
