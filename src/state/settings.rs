//! The user's settings as shared state (defaults of new invoices, the stop-work threshold, the
//! dunning ladder, the aging buckets): read from the vault's store, changed by Settings, saved
//! as one versioned record (`storage::settings`).
//!
//! Not provided at start: the code a first visit downloads holds none of it. The first page
//! that asks ([`use_settings`], from a lazy chunk: invoices, clients, Settings, the dashboard
//! with data) creates it under the app's root owner, so every later page shares it.
//!
//! As the rates (`state::rates`): a stored record that cannot be read is never overwritten
//! (the defaults are used meanwhile, the page says so, and the user may download the text or,
//! after confirming, start afresh: the text is moved aside); a change the browser refuses
//! stays in use and is said; another tab's save arrives through the `storage` event, and a
//! save made on top of another tab's newer record merges part by part (a part both tabs
//! changed keeps the other tab's value, and the page says which).

use leptos::prelude::*;

use crate::i18n::{Describe, Lang};
use crate::state::vault::{Encryption, Vault};
use crate::storage::key_value::{KeyValue, StorageError};
use crate::storage::keys;
use crate::storage::settings::{self as stored, SaveSettingsError};
pub use crate::storage::settings::{
    DecodeSettingsError, KeptTemplate, LoadSettingsError, Part, Preferences,
};

/// Why the last change is not saved (it is still in use until the page closes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveProblem {
    Refused(StorageError),
    StoredTextUnreadable,
}

impl Describe for SaveProblem {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (SaveProblem::Refused(_), Lang::Fr) => "Votre dernier changement de réglages n'est PAS enregistré\u{a0}: le navigateur a refusé (stockage plein ou désactivé). Il sert jusqu'à la fermeture de cette page\u{a0}; libérez de la place, puis enregistrez à nouveau.".to_string(),
            (SaveProblem::Refused(_), Lang::En) => "Your last settings change is NOT saved: the browser refused (storage full or disabled). It is used until you close this page; free some space, then save again.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::Fr) => "Votre dernier changement de réglages n'est PAS enregistré\u{a0}: les réglages enregistrés illisibles sont conservés tant que vous n'avez pas choisi de repartir de zéro (ci-dessus). Il sert jusqu'à la fermeture de cette page.".to_string(),
            (SaveProblem::StoredTextUnreadable, Lang::En) => "Your last settings change is NOT saved: the unreadable stored settings are kept until you choose to start afresh (above). It is used until you close this page.".to_string(),
        }
    }
}

/// What another tab's save meant for the last change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabNotice {
    /// Saved on top of another tab's newer settings.
    AppliedOnNewer,
    /// Another tab had changed these parts too: its values are kept.
    Conflicts(Vec<Part>),
}

impl Describe for TabNotice {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (TabNotice::AppliedOnNewer, Lang::Fr) => "Vos réglages venaient d'être modifiés dans un autre onglet\u{a0}: votre changement a été enregistré par-dessus, sans rien perdre de l'autre.".to_string(),
            (TabNotice::AppliedOnNewer, Lang::En) => "Your settings had just been changed in another tab: your change was saved on top of it, losing nothing of the other.".to_string(),
            (TabNotice::Conflicts(parts), Lang::Fr) => format!(
                "Un autre onglet venait de modifier les mêmes réglages que vous ({})\u{a0}: sa version est gardée et votre changement de ceux-ci n'a PAS été fait. Refaites-le si c'est le vôtre qui est juste.",
                part_names(parts, lang)
            ),
            (TabNotice::Conflicts(parts), Lang::En) => format!(
                "Another tab had just changed the same settings as you ({}): its version is kept and your change of them was NOT made. Make it again if yours is the right one.",
                part_names(parts, lang)
            ),
        }
    }
}

fn part_names(parts: &[Part], lang: Lang) -> String {
    parts
        .iter()
        .map(|part| match (part, lang) {
            (Part::Currency, Lang::Fr) => "devise",
            (Part::Currency, Lang::En) => "currency",
            (Part::Terms, Lang::Fr) => "conditions de paiement",
            (Part::Terms, Lang::En) => "payment terms",
            (Part::Penalty, Lang::Fr) => "pénalités de retard",
            (Part::Penalty, Lang::En) => "late-payment penalties",
            (Part::StopWork, Lang::Fr) => "seuil d'arrêt des travaux",
            (Part::StopWork, Lang::En) => "stop-work threshold",
            (Part::Ladder, Lang::Fr) => "procédure de relance",
            (Part::Ladder, Lang::En) => "dunning ladder",
            (Part::Aging, Lang::Fr) => "tranches d'antériorité",
            (Part::Aging, Lang::En) => "aging buckets",
            (Part::Letterhead, Lang::Fr) => "en-tête des lettres",
            (Part::Letterhead, Lang::En) => "letterhead",
            (Part::Templates, Lang::Fr) => "modèles de lettres",
            (Part::Templates, Lang::En) => "letter templates",
            (Part::Csv, Lang::Fr) => "format des exports CSV",
            (Part::Csv, Lang::En) => "CSV export format",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What became of a change of the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub saved: bool,
    pub notice: Option<TabNotice>,
}

/// The user's settings, shared by the pages that use them ([`use_settings`]).
#[derive(Clone, Copy)]
pub struct Settings {
    current: RwSignal<Preferences>,
    load_error: RwSignal<Option<LoadSettingsError>>,
    save_problem: RwSignal<Option<SaveProblem>>,
    /// The record as stored when this tab last read or wrote it (`None`: nothing stored).
    synced: StoredValue<Option<Preferences>>,
    /// The state of encryption the settings were read under: read again when it changed.
    read_under: StoredValue<Option<Encryption>>,
    vault: Vault,
}

impl Settings {
    /// The settings in use (tracks).
    pub fn get(self) -> Preferences {
        self.current.get()
    }

    /// Reads a part of the settings in use (tracks).
    pub fn with<T>(self, read: impl FnOnce(&Preferences) -> T) -> T {
        self.current.with(read)
    }

    /// The settings in use, untracked (for a command).
    pub fn get_untracked(self) -> Preferences {
        self.current.get_untracked()
    }

    /// Why the stored settings could not be loaded, if they could not (tracks).
    pub fn load_error(self) -> Option<LoadSettingsError> {
        self.load_error.get()
    }

    /// Why the last change is not saved, if it is not (tracks).
    pub fn save_problem(self) -> Option<SaveProblem> {
        self.save_problem.get()
    }

    /// Replaces the settings in use with `settings` (validated by construction) and saves them:
    /// on top of another tab's newer record if there is one.
    pub fn save(self, settings: Preferences) -> Edited {
        let unreadable = self
            .load_error
            .with_untracked(|error| matches!(error, Some(LoadSettingsError::Unreadable { .. })));
        if unreadable {
            self.current.set(settings);
            self.save_problem
                .set(Some(SaveProblem::StoredTextUnreadable));
            return Edited {
                saved: false,
                notice: None,
            };
        }
        let mut synced = self.synced.get_value();
        let saved = stored::save_edit(&self.vault.store(), &mut synced, &settings);
        self.synced.set_value(synced);
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
            Err(SaveSettingsError::Refused(error)) => Some(SaveProblem::Refused(error)),
            Err(SaveSettingsError::Unreadable { raw, error }) => {
                self.load_error
                    .set(Some(LoadSettingsError::Unreadable { raw, error }));
                Some(SaveProblem::StoredTextUnreadable)
            }
        });
        self.current.set(saved.settings);
        edited
    }

    /// Restoring a backup that holds settings: they take the place of this device's (the
    /// backup's text was checked when the file was read).
    pub fn restore(self, record: &str) -> Option<Edited> {
        stored::decode(record)
            .ok()
            .map(|settings| self.save(settings))
    }

    /// Offers the unreadable stored text as a file; `false` if there is none or the browser
    /// refused.
    pub fn download_stored_text(self) -> bool {
        match self.load_error.get_untracked() {
            Some(LoadSettingsError::Unreadable { raw, .. }) => {
                crate::export::download::download_text(
                    "relance-settings-stored.json",
                    "application/json;charset=utf-8",
                    &raw,
                )
            }
            _ => false,
        }
    }

    /// After the user confirmed: moves the unreadable stored text aside and saves the settings
    /// in use. Returns the key the old text is kept under.
    pub fn start_afresh(self) -> Result<String, StorageError> {
        let Some(LoadSettingsError::Unreadable { raw, .. }) = self.load_error.get_untracked()
        else {
            return Err(StorageError::WriteRefused);
        };
        let settings = self.current.get_untracked();
        let key = stored::quarantine_and_reset(&self.vault.store(), &raw, &settings)?;
        self.synced.set_value(Some(settings));
        self.load_error.set(None);
        self.save_problem.set(None);
        Ok(key)
    }

    /// Reads the settings from the vault's store (nothing while it is locked). A change not
    /// saved is kept rather than replaced by what is stored.
    pub fn reload(self) {
        let encryption = self.vault.encryption_untracked();
        self.read_under.set_value(Some(encryption));
        if self.save_problem.get_untracked().is_some() {
            return;
        }
        let (stored_settings, load_error) = if encryption == Encryption::Locked {
            (None, None)
        } else {
            match stored::load(&self.vault.store()) {
                Ok(settings) => (settings, None),
                Err(LoadSettingsError::Storage(StorageError::Undecryptable)) => {
                    let raw = self
                        .vault
                        .sealed()
                        .and_then(|sealed| sealed.store().get(keys::SETTINGS).ok())
                        .flatten()
                        .unwrap_or_default();
                    (
                        None,
                        Some(LoadSettingsError::Unreadable {
                            raw,
                            error: DecodeSettingsError::Undecryptable,
                        }),
                    )
                }
                Err(error) => (None, Some(error)),
            }
        };
        let in_use = stored_settings.clone().unwrap_or_default();
        self.synced.set_value(stored_settings);
        if self.current.with_untracked(|current| *current != in_use) {
            self.current.set(in_use);
        }
        if self.load_error.with_untracked(|error| *error != load_error) {
            self.load_error.set(load_error);
        }
    }
}

fn create(vault: Vault) -> Settings {
    let settings = Settings {
        current: RwSignal::new(Preferences::default()),
        load_error: RwSignal::new(None),
        save_problem: RwSignal::new(None),
        synced: StoredValue::new(None),
        read_under: StoredValue::new(None),
        vault,
    };
    settings.reload();
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        // `key` is null when another tab cleared the whole storage.
        if event
            .key()
            .as_deref()
            .is_none_or(|key| key == keys::SETTINGS)
        {
            settings.reload();
        }
    });
    on_cleanup(move || handle.remove());
    settings
}

/// The user's settings: created (and read from storage) by the first caller, under the app's
/// root owner so that every page shares them. Read again when the store changed since
/// (unlocked, or encryption turned on or off).
pub fn use_settings() -> Settings {
    if let Some(settings) = use_context::<Settings>() {
        if settings.read_under.get_value() != Some(settings.vault.encryption_untracked()) {
            settings.reload();
        }
        return settings;
    }
    let vault = crate::state::vault::use_vault();
    let root = crate::state::context::root_owner();
    let make = move || {
        let settings = create(vault);
        provide_context(settings);
        settings
    };
    match root {
        Some(root) => root.with(make),
        None => make(),
    }
}
