//! The user's books (the ledger) as shared state: loaded once at start, changed only through
//! [`Books::apply`], saved after every change, kept in step with other tabs.
//!
//! What the user is told, always (see `ui::shell::banner`):
//! - saved: nothing to say;
//! - the browser refused the last save: a persistent banner says the last change is NOT saved
//!   and offers a backup download; the change stays in memory, and the next save retries;
//! - storage unavailable: the app runs in memory and says that nothing will be kept;
//! - stored data unreadable or from a newer version: the pages that use the books show the
//!   recovery screen instead, and nothing is written until the user decides.
//!
//! Several tabs: another tab's save arrives through the `storage` event and replaces this
//! tab's ledger. A save that finds another tab's newer revision reloads it, applies the same
//! command again on top of it and saves that; if the command no longer applies, the user is
//! told why and sees the other tab's version.
//!
//! Changes this tab could not save are kept as commands ([`Books::apply`]'s closures), in
//! order, until a save takes them: when another tab saves meanwhile, they are applied again on
//! its version, then saved, so neither tab's change is dropped. Should one of them no longer
//! apply there, this tab keeps its own version in memory and writes nothing more
//! ([`SaveState::OtherTabSaved`]): the user downloads it, then decides.
//! The same holds for a save another tab wrote over at the same moment (the stale check is
//! not atomic across browser processes): its commands are applied again on the winner.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::domain::{Ledger, LedgerError};
use crate::i18n::{Describe, Lang};
use crate::state::vault::{Encryption, Store, Vault};
use crate::storage::backup_reminder::BackupMeta;
use crate::storage::key_value::{KeyValue, StorageError};
use crate::storage::keys;
use crate::storage::memory::MemoryKv;
use crate::storage::repository::LedgerRepository;
pub use crate::storage::repository::{KeptKind, KeptRecord, LoadError, RestoreError, SaveError};

/// Why the stored books cannot be used, shared: the error may hold every stored text, so the
/// state clones a pointer, and two states hold the same problem when they hold the same error
/// (not an equal one: comparing would walk every text, and the code a first visit downloads
/// would carry that comparison).
#[derive(Clone, Debug)]
pub struct Problem(std::sync::Arc<LoadError>);

impl Problem {
    pub fn new(error: LoadError) -> Problem {
        Problem(std::sync::Arc::new(error))
    }

    /// The error itself.
    pub fn error(&self) -> &LoadError {
        &self.0
    }
}

impl PartialEq for Problem {
    fn eq(&self, other: &Problem) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Problem {}

/// How the books stand with storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// The stored books are being read (the decoder's code is fetched at the first start
    /// that finds a stored ledger; from the offline cache after the first visit).
    Loading,
    /// Every change is saved.
    Saved,
    /// The last change (and any since) is in memory only: the browser refused to save it.
    NotSaved(SaveError),
    /// Another tab saved while this one held a change it could not save, and that change no
    /// longer applies on the other tab's version (or could not be put on it): neither is
    /// dropped, nothing more is written from this tab; the user decides (download this tab's
    /// backup, then reload).
    OtherTabSaved,
    /// Storage is unavailable: the app runs in memory, nothing will be kept.
    MemoryOnly,
    /// The stored books cannot be used (unreadable, or from a newer version): nothing is
    /// written until the user decides on the recovery screen.
    Blocked(Problem),
    /// The data is encrypted and not unlocked in this tab: nothing is read or written.
    Locked,
}

/// Why a command was not applied (`E`: the command's own error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyError<E = LedgerError> {
    /// The command itself refused (a domain rule).
    Rejected(E),
    /// The stored books are blocked (recovery screen): nothing can change.
    Blocked,
    /// The stored books are still being read: nothing was changed yet.
    Loading,
    /// The data is encrypted and locked: nothing can change until it is unlocked.
    Locked,
    /// Another tab changed the books, and on its version the command no longer applies.
    Conflict(E),
}

impl<E: Describe> Describe for ApplyError<E> {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (ApplyError::Rejected(error), _) => error.describe(lang),
            (ApplyError::Blocked, Lang::Fr) => "Rien n'a été modifié\u{a0}: vos données enregistrées doivent d'abord être récupérées (voir l'écran de récupération).".to_string(),
            (ApplyError::Blocked, Lang::En) => "Nothing was changed: your stored data must be recovered first (see the recovery screen).".to_string(),
            (ApplyError::Loading, Lang::Fr) => "Rien n'a été modifié\u{a0}: vos données enregistrées sont encore en cours de lecture. Réessayez dans un instant.".to_string(),
            (ApplyError::Loading, Lang::En) => "Nothing was changed: your stored data is still being read. Try again in a moment.".to_string(),
            (ApplyError::Locked, Lang::Fr) => "Rien n'a été modifié\u{a0}: vos données sont chiffrées et verrouillées. Déverrouillez-les d'abord.".to_string(),
            (ApplyError::Locked, Lang::En) => "Nothing was changed: your data is encrypted and locked. Unlock it first.".to_string(),
            (ApplyError::Conflict(error), Lang::Fr) => format!(
                "Vos données venaient d'être modifiées dans un autre onglet, et votre modification ne s'applique plus à leur nouvelle version\u{a0}; elle n'a pas été faite. {} Vous voyez maintenant la version de l'autre onglet.",
                error.describe(lang)
            ),
            (ApplyError::Conflict(error), Lang::En) => format!(
                "Your data had just been changed in another tab, and your change no longer applies to its new version, so it was not made. {} You now see the other tab's version.",
                error.describe(lang)
            ),
        }
    }
}

/// Something another tab did that the user should know about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Unreadable books were set aside under these keys; the ledger starts empty.
    SetAside(Vec<String>),
    /// This tab's change was saved on top of another tab's newer version.
    AppliedOnNewer,
    /// Another tab's change was loaded into this tab.
    LoadedFromOtherTab,
    /// Another tab turned encryption on or changed the passphrase: this tab locked itself.
    LockedByOtherTab,
    /// Another tab turned encryption off: this tab reads the data plain again.
    UnlockedByOtherTab,
}

impl Describe for Notice {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Notice::SetAside(keys), Lang::Fr) => format!(
                "Vos anciennes données illisibles sont gardées à part dans ce navigateur (clés {}), et Relance repart d'un registre vide.",
                keys_list(keys)
            ),
            (Notice::SetAside(keys), Lang::En) => format!(
                "Your old unreadable data is kept aside in this browser (keys {}), and Relance starts from an empty ledger.",
                keys_list(keys)
            ),
            (Notice::AppliedOnNewer, Lang::Fr) => "Vos données venaient d'être modifiées dans un autre onglet\u{a0}: votre modification a été enregistrée par-dessus, sans rien perdre de l'autre.".to_string(),
            (Notice::AppliedOnNewer, Lang::En) => "Your data had just been changed in another tab: your change was saved on top of it, losing nothing of the other.".to_string(),
            (Notice::LoadedFromOtherTab, Lang::Fr) => "Vos données ont été modifiées dans un autre onglet\u{a0}: cette page affiche maintenant leur dernière version.".to_string(),
            (Notice::LoadedFromOtherTab, Lang::En) => "Your data was changed in another tab: this page now shows its latest version.".to_string(),
            (Notice::LockedByOtherTab, Lang::Fr) => "Le chiffrement de vos données a été modifié dans un autre onglet (activé, ou phrase secrète changée)\u{a0}: déverrouillez-les à nouveau ici.".to_string(),
            (Notice::LockedByOtherTab, Lang::En) => "Encryption of your data was changed in another tab (turned on, or passphrase changed): unlock it again here.".to_string(),
            (Notice::UnlockedByOtherTab, Lang::Fr) => "Le chiffrement de vos données a été désactivé dans un autre onglet\u{a0}: elles sont de nouveau enregistrées en clair.".to_string(),
            (Notice::UnlockedByOtherTab, Lang::En) => "Encryption of your data was turned off in another tab: it is stored unencrypted again.".to_string(),
        }
    }
}

/// The first keys of a list, for a sentence.
fn keys_list(keys: &[String]) -> String {
    let mut shown: Vec<&str> = keys.iter().take(2).map(String::as_str).collect();
    if keys.len() > 2 {
        shown.push("…");
    }
    shown.join(", ")
}

/// A command of [`Books::apply`] kept to be applied again on another tab's version (`true`:
/// it applied).
type Replay = Rc<dyn Fn(&mut Ledger) -> bool>;

/// Commands applied in this tab: `unsaved`, not in storage yet (a save was refused); `saved`,
/// those of the last save, in case another tab wrote over it at the same moment.
#[derive(Default)]
struct Commands {
    unsaved: Vec<Replay>,
    saved: Vec<Replay>,
}

/// The repository the books are saved through, with the [`Commands`] applied since it was
/// set: one stored value, so that a new repository (a new start, a lock, starting afresh)
/// comes without commands, and the core wasm needs no second stored type for them.
struct Saving {
    repository: Option<LedgerRepository<Store>>,
    commands: Commands,
}

impl Saving {
    /// `repository`, with no command kept yet.
    fn new(repository: Option<LedgerRepository<Store>>) -> SendWrapper<Saving> {
        SendWrapper::new(Saving {
            repository,
            commands: Commands::default(),
        })
    }
}

/// The books, provided in context by [`provide_books`].
#[derive(Clone, Copy)]
pub struct Books {
    ledger: RwSignal<Ledger>,
    save_state: RwSignal<SaveState>,
    /// What happened with another tab, to tell the user once (dismissible).
    notice: RwSignal<Option<Notice>>,
    /// `MemoryKv` is not `Send`: the wrapper is sound in this single-threaded app.
    saving: StoredValue<SendWrapper<Saving>>,
    backup_meta: RwSignal<BackupMeta>,
    vault: Vault,
    /// A short random text proper to this tab, so that two tabs never write the same key.
    nonce: StoredValue<String>,
    /// Notified once the browser answered the app's own request to keep the data
    /// (`state::keep_data`): Settings reads the answer again.
    persist_answered: Trigger,
}

impl Books {
    /// The ledger (reactive).
    pub fn ledger(self) -> RwSignal<Ledger> {
        self.ledger
    }

    pub fn save_state(self) -> SaveState {
        self.save_state.get()
    }

    /// Whether every change so far is in storage (untracked: for a command's outcome).
    pub fn is_saved(self) -> bool {
        self.save_state.get_untracked() == SaveState::Saved
    }

    pub fn notice(self) -> Option<Notice> {
        self.notice.get()
    }

    pub fn dismiss_notice(self) {
        self.notice.set(None);
    }

    /// What the books hold, in numbers, with `rates` added rates (tracks the ledger).
    pub fn summary(self, rates: usize) -> crate::state::backup::Summary {
        self.ledger
            .with(|ledger| crate::state::backup::Summary::of(ledger, rates))
    }

    pub fn backup_meta(self) -> BackupMeta {
        self.backup_meta.get()
    }

    /// Applies `command` to the books and saves. The command may run again: on another tab's
    /// newer version when a save finds one, and later still while it is not saved.
    pub fn apply<T, E>(
        self,
        command: impl Fn(&mut Ledger) -> Result<T, E> + 'static,
    ) -> Result<T, ApplyError<E>> {
        if self.vault.encryption_untracked() == Encryption::Locked {
            return Err(ApplyError::Locked);
        }
        match self.save_state.get_untracked() {
            SaveState::Blocked(_) => return Err(ApplyError::Blocked),
            SaveState::Loading => return Err(ApplyError::Loading),
            SaveState::Locked => return Err(ApplyError::Locked),
            _ => {}
        }
        let mut next = self.ledger.get_untracked();
        let result = command(&mut next).map_err(ApplyError::Rejected)?;
        let command = Rc::new(command);
        if self.save_state.get_untracked() == SaveState::OtherTabSaved {
            // This tab's version could not be put on the other tab's: nothing more is written
            // until the user decides; the change is kept with the others.
            self.keep_apart(next, replay(&command));
            return Ok(result);
        }
        match self.save(&next) {
            Err(SaveError::Stale { .. }) => self.apply_on_newer(&command, next, result),
            outcome => {
                self.ledger.set(next);
                self.settle(outcome, Some(replay(&command)));
                Ok(result)
            }
        }
    }

    /// Another tab saved first: take its version, apply on it the changes this tab could not
    /// save, then the command, and save that. `mine`: this tab's version with the command.
    fn apply_on_newer<T, E>(
        self,
        command: &Rc<impl Fn(&mut Ledger) -> Result<T, E> + 'static>,
        mine: Ledger,
        result: T,
    ) -> Result<T, ApplyError<E>> {
        let Some(mut newer) = self.read_newer() else {
            if self.holds_unsaved_change() {
                self.keep_apart(mine, replay(command));
                return Ok(result);
            }
            return Err(ApplyError::Blocked);
        };
        if !self.replay_unsaved(&mut newer) {
            self.keep_apart(mine, replay(command));
            return Ok(result);
        }
        match command(&mut newer) {
            Ok(result) => {
                self.save_on_newer(newer, Some(replay(command)));
                Ok(result)
            }
            Err(error) => {
                // The changes this tab could not save still apply: they are saved, this one
                // is not made.
                if self.holds_unsaved_change() {
                    let outcome = self.save(&newer);
                    self.settle(outcome, None);
                }
                self.ledger.set(newer);
                Err(ApplyError::Conflict(error))
            }
        }
    }

    /// Reads the stored ledger another tab saved: `None` when it cannot be read (then the
    /// books are blocked, unless this tab holds changes it could not save: those stay).
    fn read_newer(self) -> Option<Ledger> {
        match self.refresh()? {
            Ok(Some(ledger)) => Some(ledger),
            Ok(None) => Some(self.ledger.get_untracked()),
            Err(error) => {
                if !self.holds_unsaved_change() {
                    self.save_state.set(SaveState::Blocked(Problem::new(error)));
                }
                None
            }
        }
    }

    /// The repository's [`LedgerRepository::refresh`]: `None` without a repository.
    fn refresh(self) -> Option<Result<Option<Ledger>, LoadError>> {
        self.saving
            .try_update_value(|saving| saving.repository.as_mut().map(LedgerRepository::refresh))
            .flatten()
    }

    /// Saves `newer` (another tab's version with this tab's changes on it), and tells the user
    /// once it is saved. `command`: the one this save is for, if any.
    fn save_on_newer(self, newer: Ledger, command: Option<Replay>) {
        let outcome = self.save(&newer);
        let saved = outcome.is_ok();
        self.ledger.set(newer);
        self.settle(outcome, command);
        if saved {
            self.notice.set(Some(Notice::AppliedOnNewer));
        }
    }

    /// Applies again, in order, on `ledger` the changes this tab could not save; `false`
    /// when one no longer applies.
    fn replay_unsaved(self, ledger: &mut Ledger) -> bool {
        self.saving.with_value(|saving| {
            saving
                .commands
                .unsaved
                .iter()
                .all(|command| command(ledger))
        })
    }

    /// Keeps this tab's version in memory, with `command` among the changes not saved, and
    /// writes nothing more ([`SaveState::OtherTabSaved`]).
    fn keep_apart(self, mine: Ledger, command: Replay) {
        self.saving
            .update_value(|saving| saving.commands.unsaved.push(command));
        self.ledger.set(mine);
        self.save_state.set(SaveState::OtherTabSaved);
    }

    fn save(self, ledger: &Ledger) -> Result<u64, SaveError> {
        timed("relance:books-save", || {
            self.saving
                .try_update_value(|saving| saving.repository.as_mut().map(|repo| repo.save(ledger)))
                .flatten()
                .unwrap_or(Err(SaveError::Storage(StorageError::Unavailable)))
        })
    }

    /// Records a save's outcome; `command`: the one this save was for, if any.
    fn settle(self, outcome: Result<u64, SaveError>, command: Option<Replay>) {
        let memory_only = self.save_state.get_untracked() == SaveState::MemoryOnly;
        self.saving.update_value(|saving| {
            let commands = &mut saving.commands;
            commands.unsaved.extend(command);
            if outcome.is_ok() {
                commands.saved = std::mem::take(&mut commands.unsaved);
            }
        });
        match outcome {
            Ok(_) if memory_only => {}
            Ok(_) => {
                self.save_state.set(SaveState::Saved);
                self.backup_meta
                    .update(|meta| meta.record_change(crate::clock::today()));
                self.store_backup_meta();
                self.ask_to_keep();
            }
            Err(error) => self.save_state.set(SaveState::NotSaved(error)),
        }
    }

    /// Replaces the whole ledger (a restored backup) and saves it, after keeping the books it
    /// replaces aside so that [`Books::undo_restore`] can put them back (until the next
    /// restore). When they cannot be kept (storage full), nothing is replaced; `way_back`
    /// false (the user accepted to replace without a way back) keeps nothing.
    pub fn replace(self, ledger: Ledger, way_back: bool) -> Result<(), ApplyError<RestoreError>> {
        let vault = self.vault;
        let command = crate::storage::repository::replace_command(
            move || vault.store(),
            ledger,
            way_back,
            crate::clock::today(),
        )
        .map_err(ApplyError::Rejected)?;
        self.apply(command)
    }

    /// What is kept aside for "undo the restore", if anything (not tracked: read it again
    /// after the ledger changes).
    pub fn kept_aside(self) -> Option<KeptRecord> {
        if self.vault.encryption_untracked() == Encryption::Locked {
            return None;
        }
        crate::storage::repository::kept_record(&self.vault.store())
            .ok()
            .flatten()
    }

    /// Puts back the books a restore replaced (or, after an undo, those the undo replaced),
    /// keeping the books in use aside in turn. When they were changed since (in this tab or
    /// another), refused with [`RestoreError::ChangedSinceRestore`] unless `even_if_changed`
    /// (the user confirmed): those changes are then in the books kept aside, never dropped.
    /// Returns whether the books undone held changes made since.
    pub fn undo_restore(self, even_if_changed: bool) -> Result<bool, ApplyError<RestoreError>> {
        let store = self.vault.store();
        let plan = self
            .ledger
            .with_untracked(|ledger| crate::storage::repository::plan_undo(&store, ledger))
            .map_err(ApplyError::Rejected)?;
        let changed = plan.changed_since;
        if changed && !even_if_changed {
            return Err(ApplyError::Rejected(RestoreError::ChangedSinceRestore));
        }
        let before = plan.record.clone();
        let vault = self.vault;
        let command = crate::storage::repository::undo_command(
            move || vault.store(),
            plan,
            crate::clock::today(),
        )
        .map_err(ApplyError::Rejected)?;
        let outcome = self.apply(command);
        // Not made (refused on another tab's newer version, no room…): the books kept aside
        // are those of before, as they were.
        if outcome.is_err()
            && crate::storage::repository::kept_record(&store)
                .ok()
                .flatten()
                != Some(before.clone())
        {
            crate::storage::repository::put_back_record(&store, &before);
        }
        outcome.map(|()| changed)
    }

    /// Another tab saved (the `storage` event on the manifest): take its version, with on
    /// top the changes this tab could not save, if any.
    fn on_other_tab_saved(self) {
        match self.save_state.get_untracked() {
            SaveState::Saved | SaveState::NotSaved(_) => {
                leptos::task::spawn_local(refresh_books(self));
            }
            // Loading: the first read, still under way, will see the other tab's save.
            SaveState::Blocked(_)
            | SaveState::MemoryOnly
            | SaveState::Locked
            | SaveState::Loading
            | SaveState::OtherTabSaved => {}
        }
    }

    /// Reads another tab's save (see [`refresh_books`]: in the decoder's chunk). Changes this
    /// tab could not save are applied again on it and saved; so are those of this tab's last
    /// save when the other tab's save has the same revision (both tabs saved at the same
    /// moment and the other's was written last).
    fn refresh_now(self) {
        let not_saved = match self.save_state.get_untracked() {
            SaveState::Saved => false,
            SaveState::NotSaved(_) => true,
            _ => return,
        };
        let before = self.revision();
        let mut newer = match self.refresh() {
            Some(Ok(Some(ledger))) => ledger,
            Some(Err(error)) => {
                // Unreadable: blocked, unless this tab holds changes it could not save.
                self.save_state.set(if not_saved {
                    SaveState::OtherTabSaved
                } else {
                    SaveState::Blocked(Problem::new(error))
                });
                return;
            }
            // Nothing new (this tab's own save, or a clean-up).
            _ => return,
        };
        let after = self.revision();
        // The same revision, another text: both tabs saved at the same moment.
        let overwritten = !not_saved && after == before && after > 0;
        if overwritten {
            // This tab's last save was written over: its changes are the unsaved ones again.
            self.saving.update_value(|saving| {
                let commands = &mut saving.commands;
                let saved = std::mem::take(&mut commands.saved);
                commands.unsaved.splice(0..0, saved);
            });
        }
        if !(not_saved || overwritten) {
            self.saving
                .update_value(|saving| saving.commands.saved.clear());
            self.ledger.set(newer);
            self.backup_meta.set(load_backup_meta(&self.vault.store()));
            self.notice.set(Some(Notice::LoadedFromOtherTab));
            return;
        }
        if !self.replay_unsaved(&mut newer) {
            self.save_state.set(SaveState::OtherTabSaved);
            return;
        }
        self.save_on_newer(newer, None);
    }

    /// The revision of the stored books this tab last read or wrote.
    fn revision(self) -> u64 {
        self.saving.with_value(|saving| {
            saving
                .repository
                .as_ref()
                .map_or(0, LedgerRepository::revision)
        })
    }

    /// Saved books that hold records: the browser is asked to keep them (once per page load).
    fn ask_to_keep(self) {
        if self
            .ledger
            .with_untracked(crate::state::keep_data::holds_records)
        {
            crate::state::keep_data::ask_to_keep(self.persist_answered);
        }
    }

    /// Subscribes to the answer to the app's own request to keep the data (Settings reads the
    /// browser's answer again then).
    pub fn track_persist_answer(self) {
        self.persist_answered.track();
    }

    /// Records a downloaded backup (silences the reminder).
    pub fn record_backup(self) {
        self.backup_meta
            .update(|meta| meta.record_backup(crate::clock::today()));
        self.store_backup_meta();
    }

    /// The user dismissed the backup reminder.
    pub fn dismiss_reminder(self) {
        self.backup_meta
            .update(|meta| meta.dismiss(crate::clock::today()));
        self.store_backup_meta();
    }

    fn store_backup_meta(self) {
        if matches!(
            self.save_state.get_untracked(),
            SaveState::MemoryOnly | SaveState::Locked
        ) {
            return;
        }
        let text = self
            .backup_meta
            .with_untracked(crate::storage::backup_reminder::encode);
        // Bookkeeping only: if it cannot be written, the reminder simply comes sooner.
        let _ = self.vault.store().set(keys::BACKUP_META, &text);
    }

    /// The stored texts of blocked books (for the recovery screen's download).
    pub fn blocked_texts(self) -> Vec<(String, String)> {
        match self.save_state.get_untracked() {
            SaveState::Blocked(problem) => {
                if let LoadError::Unreadable { raw, .. } = problem.error() {
                    return raw.clone();
                }
                let store = self.vault.store();
                store
                    .keys_with_prefix(keys::LEDGER)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|key| {
                        // A value that cannot be decrypted is given as it is stored.
                        let text =
                            store.get(&key).ok().flatten().or_else(|| {
                                crate::storage::local::LocalKv.get(&key).ok().flatten()
                            })?;
                        Some((key, text))
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// After the user confirmed on the recovery screen: sets the unreadable books aside
    /// (copied under `relance.ledger.quarantine.<n>…`, nothing deleted) and starts empty.
    /// Returns the keys they are kept under.
    pub fn start_afresh(self) -> Result<Vec<String>, StorageError> {
        if let Some(sealed) = self.vault.sealed() {
            keep_undecryptable_values(&sealed)?;
        }
        let quarantined =
            LedgerRepository::quarantine_and_reset(self.vault.store(), &self.nonce.get_value())?;
        self.saving
            .set_value(Saving::new(Some(quarantined.loaded.repository)));
        self.ledger.set(quarantined.loaded.ledger);
        self.save_state.set(SaveState::Saved);
        self.notice
            .set(Some(Notice::SetAside(quarantined.keys.clone())));
        Ok(quarantined.keys)
    }
}

/// Encryption on: each value of the ledger that cannot be decrypted (altered, plain, sealed
/// under another key) is written again through the store, its stored text sealed as it is, so
/// that it can be set aside like any unreadable text (a moved envelope would never open, and
/// nothing plain may stay). Only after the user confirmed starting afresh.
fn keep_undecryptable_values(
    sealed: &crate::storage::encrypted::Encrypted<crate::storage::local::LocalKv>,
) -> Result<(), StorageError> {
    for key in sealed.keys_with_prefix(keys::LEDGER)? {
        if sealed.get(&key) == Err(StorageError::Undecryptable)
            && let Some(raw) = sealed.store().get(&key)?
        {
            sealed.set(&key, &raw)?;
        }
    }
    Ok(())
}

/// `command` as kept to be applied again (see [`Replay`]).
fn replay<T, E>(command: &Rc<impl Fn(&mut Ledger) -> Result<T, E> + 'static>) -> Replay {
    let command = Rc::clone(command);
    Rc::new(move |ledger: &mut Ledger| command(ledger).is_ok())
}

/// A short random text proper to this tab, so that two tabs never write the same key.
fn nonce() -> String {
    let mut bytes = [0u8; 6];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto: Math.random is unique enough between two tabs of one person.
        let now = js_sys::Math::random().to_bits();
        for (byte, shift) in bytes.iter_mut().zip([0u32, 8, 16, 24, 32, 40]) {
            *byte = u8::try_from((now >> shift) & 0xff).unwrap_or(0);
        }
    }
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn load_backup_meta(store: &Store) -> BackupMeta {
    store
        .get(keys::BACKUP_META)
        .ok()
        .flatten()
        .and_then(|text| crate::storage::backup_reminder::decode(&text))
        .unwrap_or_default()
}

/// Runs `work` between two `performance` marks and records the span as a measure named
/// `name` (read by tests/e2e/measure-storage.mjs; the app itself never reads a time).
fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|window| window.performance());
    let start = format!("{name}:start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(name, &start);
    }
    result
}

/// An empty repository in memory: the books when browser storage is unavailable.
fn memory_repository(nonce: &str) -> LedgerRepository<Store> {
    LedgerRepository::first_run(Store::Memory(MemoryKv::new()), nonce)
}

/// Provides the books in context and starts reading them ([`Books::start`]); listens for
/// other tabs' saves.
pub fn provide_books(vault: Vault) -> Books {
    let books = Books {
        ledger: RwSignal::new(Ledger::new()),
        save_state: RwSignal::new(SaveState::Loading),
        notice: RwSignal::new(None),
        saving: StoredValue::new(Saving::new(None)),
        backup_meta: RwSignal::new(BackupMeta::default()),
        vault,
        nonce: StoredValue::new(nonce()),
        persist_answered: Trigger::new(),
    };
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        // `key` is null when another tab cleared the whole storage.
        let key = event.key();
        if key.as_deref().is_none_or(|key| key == keys::LEDGER) {
            books.on_other_tab_saved();
        }
    });
    on_cleanup(move || handle.remove());
    provide_context(books);
    // A measure of the quota cut short (the tab died) must not keep its scratch value.
    crate::storage::local::remove_leftover_probe();
    books.start();
    books
}

impl Books {
    /// Starts from what the vault's store holds: nothing while it is locked; empty books at
    /// once when no ledger is stored (a first visit: the decoder is not needed); otherwise
    /// [`SaveState::Loading`] until [`open_books`] (a chunk of its own with the `split`
    /// feature) has read them. Also when the store changed under the tab (unlocked, or another
    /// tab turned encryption off).
    ///
    /// A change this tab could not save is never dropped here: the ledger in memory stays, with
    /// [`SaveState::OtherTabSaved`] (download it, then reload).
    pub fn start(self) {
        let nonce = self.nonce.get_value();
        if self.holds_unsaved_change() {
            self.rebase();
            self.save_state.set(SaveState::OtherTabSaved);
            return;
        }
        if self.vault.encryption_untracked() == Encryption::Locked {
            self.lock_now();
            return;
        }
        let store = self.vault.store();
        let memory = self.vault.is_memory();
        let (repository, save_state) = match store.get(keys::LEDGER) {
            // The vault's own memory store, which the rates use too.
            _ if memory => (
                Some(LedgerRepository::first_run(store.clone(), &nonce)),
                SaveState::MemoryOnly,
            ),
            // Parts of a ledger without its manifest: read (and reported) like any stored
            // ledger, never taken for a first visit. The store is the browser's, plain or
            // sealed (whose keys are plain): listed through `LocalKv`, which keeps the memory
            // store's listing out of the core wasm.
            Ok(None)
                if crate::storage::repository::holds_ledger_parts(
                    &crate::storage::local::LocalKv,
                )
                .unwrap_or(true) =>
            {
                (None, SaveState::Loading)
            }
            Ok(None) => (
                Some(LedgerRepository::first_run(store.clone(), &nonce)),
                SaveState::Saved,
            ),
            Ok(Some(_)) => (None, SaveState::Loading),
            Err(StorageError::Undecryptable) => (
                None,
                SaveState::Blocked(Problem::new(LoadError::Storage(
                    StorageError::Undecryptable,
                ))),
            ),
            Err(_) => (Some(memory_repository(&nonce)), SaveState::MemoryOnly),
        };
        let loading = save_state == SaveState::Loading;
        self.backup_meta
            .set(if save_state == SaveState::MemoryOnly {
                BackupMeta::default()
            } else {
                load_backup_meta(&store)
            });
        self.saving.set_value(Saving::new(repository));
        self.ledger.set(Ledger::new());
        self.save_state.set(save_state);
        if loading {
            leptos::task::spawn_local(open_books(self, nonce));
        }
    }

    /// The data was locked (at start, or by another tab): nothing is kept in memory but a
    /// change this tab could not save, which stays for the user to download.
    pub fn lock(self) {
        if self.holds_unsaved_change() {
            // The repository now writes nothing (its store refuses while locked).
            self.rebase();
            self.save_state.set(SaveState::OtherTabSaved);
        } else {
            self.lock_now();
        }
        self.notice.set(Some(Notice::LockedByOtherTab));
    }

    /// Whether this tab holds a change that is not in storage.
    fn holds_unsaved_change(self) -> bool {
        matches!(
            self.save_state.get_untracked(),
            SaveState::NotSaved(_) | SaveState::OtherTabSaved
        )
    }

    /// The notice that asked to unlock again is moot once unlocked.
    pub fn unlocked(self) {
        if self.notice.get_untracked() == Some(Notice::LockedByOtherTab) {
            self.notice.set(None);
        }
    }

    fn lock_now(self) {
        self.saving.set_value(Saving::new(None));
        self.ledger.set(Ledger::new());
        self.backup_meta.set(BackupMeta::default());
        self.save_state.set(SaveState::Locked);
    }

    /// The vault's store was replaced by one that reads the same texts (encryption turned on
    /// or off in this tab): the repository carries on over it.
    pub fn rebase(self) {
        let store = self.vault.store();
        self.saving.update_value(|saving| {
            if let Some(repository) = saving.repository.as_mut() {
                repository.replace_store(store);
            }
        });
    }

    /// Another tab turned encryption off: say so once the books are read again.
    pub fn note_unlocked_elsewhere(self) {
        self.notice.set(Some(Notice::UnlockedByOtherTab));
    }
}

impl Books {
    /// Reads the stored books (see [`open_books`]: in the decoder's chunk).
    fn open_now(self, nonce: &str) {
        // The tab may have been locked (or reopened) while the decoder was on its way.
        if self.save_state.get_untracked() != SaveState::Loading {
            return;
        }
        let store = self.vault.store();
        let opened = timed("relance:books-load", || {
            LedgerRepository::open(store, nonce)
        });
        match opened {
            Ok(loaded) => {
                self.saving.set_value(Saving::new(Some(loaded.repository)));
                self.ledger.set(loaded.ledger);
                self.save_state.set(SaveState::Saved);
                self.ask_to_keep();
            }
            // Storage went away between the first look and now: run in memory.
            Err(LoadError::Storage(StorageError::Unavailable | StorageError::WriteRefused)) => {
                self.saving
                    .set_value(Saving::new(Some(memory_repository(nonce))));
                self.backup_meta.set(BackupMeta::default());
                self.save_state.set(SaveState::MemoryOnly);
            }
            Err(error) => self.save_state.set(SaveState::Blocked(Problem::new(error))),
        }
    }
}

/// Reads the stored books into `books`. The decoder (JSON, the stored schema, the ledger's
/// validation) is most of the code behind the books and a first visit has nothing to
/// decode: with the `split` feature it is a chunk fetched only when a ledger is stored.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn open_books(books: Books, nonce: String) {
    books.open_now(&nonce);
}

/// Reads another tab's save into `books` (same chunk as [`open_books`]).
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn refresh_books(books: Books) {
    books.refresh_now();
}

pub fn use_books() -> Books {
    use_context::<Books>().unwrap_or_else(|| {
        crate::state::context::not_provided("Books");
        provide_books(crate::state::vault::use_vault())
    })
}

impl Books {
    /// Offers a backup of the books and `rates` as a file; records it (the reminder is
    /// silenced) when the browser accepted; sets `failed` when it could not be made or offered.
    /// The backup's code (which encodes the whole ledger) is not needed to start the app:
    /// with the `split` feature it is a chunk fetched on the first download.
    pub fn download_backup(
        self,
        rates: Vec<crate::domain::interest::UserRate>,
        lang: Lang,
        failed: RwSignal<bool>,
    ) {
        // The settings record as stored (`state::settings` saves every change at once).
        let record = self
            .vault
            .store()
            .get(crate::storage::keys::SETTINGS)
            .ok()
            .flatten();
        let settings = crate::storage::backup::Settings {
            lang: Some(lang),
            record,
        };
        let today = crate::clock::today();
        let ledger = self.ledger.get_untracked();
        // Encryption on: the backup is encrypted too (the same passphrase opens it).
        let sealed = self.vault.sealed().map(SendWrapper::new);
        leptos::task::spawn_local(async move {
            let sealing = if sealed.is_some() {
                crate::storage::backup::Sealing::Encrypted
            } else {
                crate::storage::backup::Sealing::Plain
            };
            let offered = match backup_text(ledger, rates, settings, today, sealed).await {
                Some(text) => crate::export::download::download_text(
                    &crate::storage::backup::file_name(today, sealing),
                    "application/json;charset=utf-8",
                    &text,
                ),
                None => false,
            };
            if offered {
                self.record_backup();
            }
            // The button that asked may be gone by now (another page): never touch a dead signal.
            failed.try_set(!offered);
        });
    }

    /// Offers the stored texts of blocked books as one JSON file (key → text), untouched.
    pub fn download_blocked_texts(self) -> bool {
        let texts: std::collections::BTreeMap<String, String> =
            self.blocked_texts().into_iter().collect();
        crate::state::device::download_texts("relance-stored-data.json", &texts)
    }
}

/// The backup file's text (see [`Books::download_backup`]), encrypted under the unlocked
/// store's passphrase when there is one; `None` if it cannot be made.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn backup_text(
    ledger: Ledger,
    rates: Vec<crate::domain::interest::UserRate>,
    settings: crate::storage::backup::Settings,
    today: chrono::NaiveDate,
    sealed: Option<
        SendWrapper<crate::storage::encrypted::Encrypted<crate::storage::local::LocalKv>>,
    >,
) -> Option<String> {
    let text = crate::storage::backup::create(&ledger, &rates, &settings, today).ok()?;
    match sealed {
        Some(store) => store.seal_backup(&text).ok(),
        None => Some(text),
    }
}
