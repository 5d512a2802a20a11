//! The ledger's repository: loads and saves a [`Ledger`] as a manifest and 17 shards
//! (`storage::schema`) over any [`KeyValue`] store, so that the whole protocol is tested
//! natively (`MemoryKv`) and runs unchanged in the browser (`LocalKv`).
//!
//! # Saving is all-or-nothing
//!
//! [`LedgerRepository::save`]:
//! 1. compares the ledger with the records last loaded or saved, shard by shard, without
//!    encoding anything; nothing changed → nothing is written;
//! 2. re-reads the manifest and refuses ([`SaveError::Stale`]) if it is not the one this
//!    repository last read or wrote: another tab saved (or erased) meanwhile;
//! 3. writes each changed shard under a **new** key `relance.ledger.<shard>.<rev>-<nonce>`
//!    (the next revision, and this repository's nonce, so two tabs never write the same key);
//!    if one write fails, removes the keys it just wrote and stops: the stored ledger is the
//!    old one, untouched;
//! 4. writes the new manifest: the commit point (on failure, same as 3);
//! 5. then removes the shards the new manifest replaced, if the manifest is still the one it
//!    wrote (best effort: a leftover is an orphan, see below).
//!
//! Loading checks every shard against the manifest (checksum, record count) and the records
//! against the domain rules ([`Ledger::from_parts`]). It never writes over what it cannot
//! read: an unreadable ledger is reported with every stored text ([`LoadError::Unreadable`])
//! and stays as it is until the user agrees to [`LedgerRepository::quarantine_and_reset`],
//! which copies it aside before removing anything. A ledger of a newer version
//! ([`LoadError::FromTheFuture`]) is not written at all.
//!
//! After a successful load, shard keys the manifest does not name and whose revision is
//! below the manifest's are removed (orphans of an interrupted save). Newer ones are kept:
//! another tab may be writing them right now. Quarantined copies are never touched.
//!
//! Ids: the manifest keeps `next_id` so that an id once saved is never given again. The
//! domain offers no getter for the ledger's next id, so the repository stores the larger of
//! the last stored one and the highest id in use + 1: ids allocated and freed between two
//! saves (never stored) may be given again after a reload, which no stored record can notice.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeSet, HashSet};

use super::checksum::{checksum, fnv1a_64, fnv1a_64_each};
use super::key_value::{KeyValue, StorageError};
use super::keys::{LEDGER, LEDGER_PREFIX, LEDGER_QUARANTINE, UNDO_RESTORE_PREFIX};
use super::schema::{
    self, DecodeError, EncodeError, Manifest, ReadError, SHARD_COUNT, ShardEntry, ShardName,
    ShardRecords, VERSION,
};
use crate::domain::Ledger;
use crate::i18n::{Describe, Lang};

/// Why the stored ledger was not loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The browser gives no storage (disabled, private window…), or refused to read it.
    Storage(StorageError),
    /// Saved by a newer version of Relance. Nothing was written.
    FromTheFuture { found: u64, supported: u64 },
    /// Stored but cannot be read. Nothing was written; `raw` holds every stored text involved
    /// (key, text), so that the user can download them.
    Unreadable {
        raw: Vec<(String, String)>,
        reason: Box<DecodeError>,
    },
}

/// Why a save did not happen. In every case the stored ledger is what it was before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// Another tab saved (or erased the data) since this one last loaded or saved; nothing
    /// was written. `stored_revision`: the revision now stored, `None` when no readable
    /// ledger is stored. Reload ([`LedgerRepository::refresh`]) before saving again.
    Stale {
        stored_revision: Option<u64>,
    },
    /// The browser refused a write (storage full, or saving disabled); what was written of
    /// this save was removed again.
    Storage(StorageError),
    Encode(EncodeError),
    /// 2^64 saves: cannot happen in practice.
    RevisionsExhausted,
}

impl Describe for LoadError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LoadError::Storage(StorageError::Undecryptable), Lang::Fr) => "Vos factures enregistrées n'ont pas pu être déchiffrées : une valeur a été altérée, écrite hors de Relance, ou chiffrée avec une autre clé. Elles sont conservées telles quelles et Relance n'écrira rien : vous pouvez les télécharger, puis les mettre de côté pour repartir d'un registre vide.".to_string(),
            (LoadError::Storage(StorageError::Undecryptable), Lang::En) => "Your saved invoices could not be decrypted: a value was altered, written outside Relance, or encrypted with another key. They are kept as they are and Relance will write nothing: you can download them, then set them aside to start from an empty ledger.".to_string(),
            (LoadError::Storage(error), Lang::Fr) => format!(
                "Vos factures n'ont pas pu être lues : {}. Ce que vous saisissez ne sera pas conservé après la fermeture de la page.",
                error.words(lang)
            ),
            (LoadError::Storage(error), Lang::En) => format!(
                "Your invoices could not be read: {}. What you enter will not be kept once the page is closed.",
                error.words(lang)
            ),
            (LoadError::FromTheFuture { found, supported }, Lang::Fr) => format!(
                "Vos données ont été enregistrées par une version plus récente de Relance (format {found}, cette version lit jusqu'au format {supported}). Relance n'y a pas touché et n'écrira rien : rechargez la page pour passer à la dernière version."
            ),
            (LoadError::FromTheFuture { found, supported }, Lang::En) => format!(
                "Your data was saved by a newer version of Relance (format {found}; this version reads up to format {supported}). Relance left it untouched and will write nothing: reload the page to get the latest version."
            ),
            (LoadError::Unreadable { reason, .. }, Lang::Fr) => format!(
                "Vos factures enregistrées n'ont pas pu être relues ; elles sont conservées telles quelles et Relance ne les écrasera pas. Vous pouvez les télécharger, puis les mettre de côté pour repartir d'un registre vide. {}",
                reason.describe(lang)
            ),
            (LoadError::Unreadable { reason, .. }, Lang::En) => format!(
                "Your saved invoices could not be read; they are kept as they are and Relance will not overwrite them. You can download them, then set them aside to start from an empty ledger. {}",
                reason.describe(lang)
            ),
        }
    }
}

impl Describe for SaveError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (SaveError::Stale { .. }, Lang::Fr) => "Vos données ont été modifiées dans un autre onglet : cette modification n'a pas été enregistrée. Rechargez pour voir la dernière version.".to_string(),
            (SaveError::Stale { .. }, Lang::En) => "Your data was changed in another tab: this change was not saved. Reload to see the latest version.".to_string(),
            (SaveError::Storage(error), Lang::Fr) => format!(
                "La modification n'a pas été enregistrée : {}. Les données enregistrées sont celles d'avant.",
                error.words(lang)
            ),
            (SaveError::Storage(error), Lang::En) => format!(
                "The change was not saved: {}. The saved data is as it was before.",
                error.words(lang)
            ),
            (SaveError::Encode(error), _) => error.describe(lang),
            (SaveError::RevisionsExhausted, Lang::Fr) => {
                "Le registre a atteint le nombre maximal d'enregistrements.".to_string()
            }
            (SaveError::RevisionsExhausted, Lang::En) => {
                "The ledger has reached the largest number of saves.".to_string()
            }
        }
    }
}

impl From<EncodeError> for SaveError {
    fn from(error: EncodeError) -> SaveError {
        SaveError::Encode(error)
    }
}

/// A repository with the ledger it loaded.
#[derive(Debug)]
pub struct Loaded<K: KeyValue> {
    pub repository: LedgerRepository<K>,
    pub ledger: Ledger,
}

/// What [`LedgerRepository::quarantine_and_reset`] did.
#[derive(Debug)]
pub struct Quarantined<K: KeyValue> {
    /// A repository over the now empty ledger.
    pub loaded: Loaded<K>,
    /// The keys the old texts are kept under (empty when nothing was stored).
    pub keys: Vec<String>,
}

/// Loads and saves one ledger. One per tab: `nonce` tells its keys from other tabs'.
#[derive(Debug)]
pub struct LedgerRepository<K: KeyValue> {
    kv: K,
    nonce: String,
    /// The manifest text as last read or written; `None`: no ledger stored yet.
    manifest_text: Option<String>,
    manifest: Option<Manifest>,
    /// Each shard's records as last loaded or saved (by [`ShardName::index`]).
    snapshot: Vec<ShardRecords>,
    /// Shard keys this repository's last save replaced: removed at its next save (if the
    /// manifest then stored does not name them), not at once. See [`LedgerRepository::save`].
    retired: Vec<String>,
}

/// What a successful read of the stored ledger gives.
struct Stored {
    text: String,
    manifest: Manifest,
    shards: Vec<ShardRecords>,
    ledger: Ledger,
}

fn empty_snapshot() -> Vec<ShardRecords> {
    vec![ShardRecords::default(); SHARD_COUNT]
}

/// The nonce as used in keys: ASCII letters and digits only, at most 16; `0` if none.
fn clean_nonce(nonce: &str) -> String {
    let cleaned: String = nonce
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect();
    if cleaned.is_empty() {
        "0".to_string()
    } else {
        cleaned
    }
}

/// `(shard, revision)` of a shard key `relance.ledger.<shard>.<rev>-<nonce>`, or `None` for
/// any other key (left alone by the clean-up).
fn parse_shard_key(key: &str) -> Option<(ShardName, u64)> {
    let rest = key.strip_prefix(LEDGER_PREFIX)?;
    let (name, tag) = rest.split_once('.')?;
    let shard = ShardName::parse(name)?;
    let (revision, nonce) = tag.split_once('-')?;
    let digits_only = !revision.is_empty() && revision.bytes().all(|b| b.is_ascii_digit());
    let nonce_ok = !nonce.is_empty() && nonce.bytes().all(|b| b.is_ascii_alphanumeric());
    if !(digits_only && nonce_ok) {
        return None;
    }
    Some((shard, revision.parse().ok()?))
}

/// Every stored text of the ledger (manifest, shards, orphans; not quarantined copies).
/// The keys under `relance.ledger.` but the quarantined copies, sorted: with no manifest
/// stored, parts of a ledger that must be kept (`DecodeError::ManifestMissing`), not the
/// nothing of a first visit.
pub fn ledger_parts<K: KeyValue>(kv: &K) -> Result<Vec<String>, StorageError> {
    let mut keys = unsorted_ledger_parts(kv)?;
    keys.sort();
    Ok(keys)
}

fn unsorted_ledger_parts<K: KeyValue>(kv: &K) -> Result<Vec<String>, StorageError> {
    let mut keys = kv.keys_with_prefix(LEDGER_PREFIX)?;
    keys.retain(|key| !key.starts_with(LEDGER_QUARANTINE));
    Ok(keys)
}

/// Whether parts of a ledger are stored (what [`ledger_parts`] lists), without sorting them:
/// for `Books::start`, in the core wasm, where a sort would bring the standard library's
/// stable sort (~2 KB gzip) into what every first visit downloads.
pub fn holds_ledger_parts<K: KeyValue>(kv: &K) -> Result<bool, StorageError> {
    Ok(!unsorted_ledger_parts(kv)?.is_empty())
}

fn ledger_texts<K: KeyValue>(kv: &K) -> Result<Vec<(String, String)>, StorageError> {
    let mut texts = Vec::new();
    if let Some(text) = kv.get(LEDGER)? {
        texts.push((LEDGER.to_string(), text));
    }
    for key in ledger_parts(kv)? {
        if let Some(text) = kv.get(&key)? {
            texts.push((key, text));
        }
    }
    Ok(texts)
}

/// The manifest's text and the text of every shard it names that exists (for an error).
fn named_texts<K: KeyValue>(
    kv: &K,
    text: &str,
    manifest: &Manifest,
) -> Result<Vec<(String, String)>, LoadError> {
    let mut raw = vec![(LEDGER.to_string(), text.to_string())];
    for entry in &manifest.shards {
        if let Some(shard_text) = kv.get(&entry.key).map_err(LoadError::Storage)? {
            raw.push((entry.key.clone(), shard_text));
        }
    }
    Ok(raw)
}

fn unreadable(raw: Vec<(String, String)>, reason: DecodeError) -> LoadError {
    LoadError::Unreadable {
        raw,
        reason: Box::new(reason),
    }
}

fn read_error(error: ReadError, raw: Vec<(String, String)>) -> LoadError {
    match error {
        ReadError::FromTheFuture { found } => LoadError::FromTheFuture {
            found,
            supported: VERSION,
        },
        ReadError::Unreadable(reason) => unreadable(raw, reason),
    }
}

/// Reads the ledger `text` (the manifest) names. Shards whose key is the same as in
/// `previous` are not read again: their records come from `previous`.
fn read_stored<K: KeyValue>(
    kv: &K,
    text: String,
    previous: Option<(&Manifest, &[ShardRecords])>,
) -> Result<Stored, LoadError> {
    let manifest = match schema::decode_manifest(&text) {
        Ok(manifest) => manifest,
        Err(error) => {
            let raw = ledger_texts(kv).map_err(LoadError::Storage)?;
            return Err(read_error(error, raw));
        }
    };
    let mut texts: Vec<Option<String>> = Vec::with_capacity(SHARD_COUNT);
    for (shard, entry) in ShardName::all().zip(&manifest.shards) {
        let unchanged = previous
            .is_some_and(|(old, _)| old.shard(shard).is_some_and(|old_entry| old_entry == entry));
        if unchanged {
            texts.push(None);
            continue;
        }
        let Some(shard_text) = kv.get(&entry.key).map_err(LoadError::Storage)? else {
            let raw = named_texts(kv, &text, &manifest)?;
            return Err(unreadable(
                raw,
                DecodeError::ShardMissing {
                    shard: shard.name(),
                    key: entry.key.clone(),
                },
            ));
        };
        texts.push(Some(shard_text));
    }
    // Every text's checksum at once (faster than one after the other), checked in order as
    // each shard is read.
    let to_hash: Vec<&[u8]> = texts.iter().flatten().map(|text| text.as_bytes()).collect();
    let mut hashes = fnv1a_64_each(&to_hash).into_iter();
    drop(to_hash);
    let mut shards = Vec::with_capacity(SHARD_COUNT);
    // A copy of each shard's records for the ledger, the originals kept to compare with at
    // the next save. Made as the records are read: copying is then much faster (they are
    // still in the processor's caches) than at the end.
    let mut copies = Vec::with_capacity(SHARD_COUNT);
    for ((shard, entry), shard_text) in ShardName::all().zip(&manifest.shards).zip(texts) {
        let mut copy = ShardRecords::default();
        let records = match shard_text {
            None => {
                let records = previous
                    .and_then(|(_, records)| records.get(shard.index()).cloned())
                    .unwrap_or_default();
                copy.clone_from(&records);
                records
            }
            Some(shard_text) => match schema::decode_hashed_shard(
                shard,
                entry,
                &shard_text,
                (hashes.next()).unwrap_or_else(|| fnv1a_64(shard_text.as_bytes())),
                Some(&mut copy),
            ) {
                Ok(records) => records,
                Err(error) => {
                    let raw = named_texts(kv, &text, &manifest)?;
                    return Err(read_error(error, raw));
                }
            },
        };
        copies.push(copy);
        shards.push(records);
    }
    let ledger = match schema::assemble_copies(manifest.next_id, copies, &shards) {
        Ok(ledger) => ledger,
        Err(reason) => return Err(unreadable(named_texts(kv, &text, &manifest)?, reason)),
    };
    Ok(Stored {
        text,
        manifest,
        shards,
        ledger,
    })
}

impl<K: KeyValue> LedgerRepository<K> {
    /// The repository of a store that holds no ledger (the caller saw no manifest): what
    /// [`LedgerRepository::open`] gives then, without reaching the decoding code (the app
    /// starts with this on a first visit and fetches the decoder only when there is a ledger).
    pub fn first_run(kv: K, nonce: &str) -> LedgerRepository<K> {
        LedgerRepository {
            kv,
            nonce: clean_nonce(nonce),
            manifest_text: None,
            manifest: None,
            snapshot: empty_snapshot(),
            retired: Vec::new(),
        }
    }

    /// Loads the stored ledger; an empty one when none was ever saved (first run).
    /// `nonce`: a short random-ish text proper to this tab (ASCII letters and digits; other
    /// characters are dropped), so that two tabs never write the same key.
    ///
    /// Keep a clone of `kv` if you may need [`LedgerRepository::quarantine_and_reset`].
    pub fn open(kv: K, nonce: &str) -> Result<Loaded<K>, LoadError> {
        let Some(text) = kv.get(LEDGER).map_err(LoadError::Storage)? else {
            let parts = ledger_parts(&kv).map_err(LoadError::Storage)?;
            if let Some(first) = parts.first() {
                return Err(LoadError::Unreadable {
                    raw: ledger_texts(&kv).map_err(LoadError::Storage)?,
                    reason: Box::new(DecodeError::ManifestMissing {
                        parts: u64::try_from(parts.len()).unwrap_or(u64::MAX),
                        first: first.clone(),
                    }),
                });
            }
            return Ok(Loaded {
                repository: LedgerRepository::first_run(kv, nonce),
                ledger: Ledger::new(),
            });
        };
        let stored = read_stored(&kv, text, None)?;
        let repository = LedgerRepository {
            kv,
            nonce: clean_nonce(nonce),
            manifest_text: Some(stored.text),
            manifest: Some(stored.manifest),
            snapshot: stored.shards,
            retired: Vec::new(),
        };
        repository.clean_orphans();
        Ok(Loaded {
            repository,
            ledger: stored.ledger,
        })
    }

    /// The revision last loaded or saved; 0 when no ledger is stored.
    pub fn revision(&self) -> u64 {
        self.manifest
            .as_ref()
            .map_or(0, |manifest| manifest.revision)
    }

    /// The store this repository reads and writes.
    pub fn store(&self) -> &K {
        &self.kv
    }

    /// Reads and writes through `kv` from now on, keeping what the repository knows (revision,
    /// snapshot). For a store that reads the same texts as the old one: the same storage,
    /// encrypted or decrypted in place (`storage::encrypted`).
    pub fn replace_store(&mut self, kv: K) {
        self.kv = kv;
    }

    fn key(&self, shard: ShardName, revision: u64) -> String {
        format!("{LEDGER_PREFIX}{}.{revision}-{}", shard.name(), self.nonce)
    }

    /// Removes shard keys of revisions below the manifest's that the manifest does not name.
    /// Best effort: a failure leaves an orphan for the next load.
    fn clean_orphans(&self) {
        let Some(manifest) = &self.manifest else {
            return;
        };
        let Ok(keys) = self.kv.keys_with_prefix(LEDGER_PREFIX) else {
            return;
        };
        let named: HashSet<&str> = manifest
            .shards
            .iter()
            .map(|entry| entry.key.as_str())
            .collect();
        for key in keys {
            if key.starts_with(LEDGER_QUARANTINE) || named.contains(key.as_str()) {
                continue;
            }
            if let Some((_, revision)) = parse_shard_key(&key)
                && revision < manifest.revision
            {
                let _ = self.kv.remove(&key);
            }
        }
    }

    fn remove_all(&self, keys: &[String]) {
        for key in keys {
            let _ = self.kv.remove(key);
        }
    }

    /// Saves `ledger`: writes the shards that changed since the last load or save, then the
    /// manifest. Returns the revision now stored (unchanged when nothing changed). On any
    /// error the stored ledger is what it was.
    pub fn save(&mut self, ledger: &Ledger) -> Result<u64, SaveError> {
        let comparison = schema::compare(ledger, &self.snapshot);
        if !comparison.changed.contains(&true) {
            return Ok(self.revision());
        }
        // The first save writes every shard, empty ones included: the manifest names all.
        let first_save = self.manifest.is_none();
        let to_write: Vec<bool> = comparison
            .changed
            .iter()
            .map(|changed| *changed || first_save)
            .collect();
        let stored = self.kv.get(LEDGER).map_err(SaveError::Storage)?;
        if stored != self.manifest_text {
            return Err(SaveError::Stale {
                stored_revision: stored.as_deref().and_then(schema::manifest_revision),
            });
        }
        let revision = self
            .revision()
            .checked_add(1)
            .ok_or(SaveError::RevisionsExhausted)?;

        // Encode everything before writing anything.
        let collected = schema::collect(ledger, &to_write);
        let mut entries: Vec<ShardEntry> = match &self.manifest {
            Some(manifest) => manifest.shards.clone(),
            None => Vec::new(),
        };
        let mut writes: Vec<(usize, String, String, ShardRecords)> = Vec::new();
        for (shard, records) in ShardName::all().zip(collected) {
            let Some(records) = records else { continue };
            let text = schema::encode_shard(shard, &records)?;
            let entry = ShardEntry {
                key: self.key(shard, revision),
                checksum: checksum(&text),
                records: u64::try_from(records.len()).unwrap_or(u64::MAX),
            };
            match entries.get_mut(shard.index()) {
                Some(slot) => *slot = entry.clone(),
                None => entries.push(entry.clone()),
            }
            writes.push((shard.index(), entry.key, text, records));
        }
        let stored_next_id = self.manifest.as_ref().map_or(1, |m| m.next_id);
        let manifest = Manifest {
            revision,
            // Never below what was stored (an id once saved on this device is not given
            // again, even after a restore of older books) nor below the ledger's own.
            next_id: stored_next_id
                .max(ledger.next_id())
                .max(comparison.highest_id.saturating_add(1)),
            shards: entries,
        };
        let manifest_text = schema::encode_manifest(&manifest)?;

        let mut written: Vec<String> = Vec::with_capacity(writes.len());
        for (_, key, text, _) in &writes {
            if let Err(error) = self.kv.set(key, text) {
                self.remove_all(&written);
                return Err(SaveError::Storage(error));
            }
            written.push(key.clone());
        }
        if let Err(error) = self.kv.set(LEDGER, &manifest_text) {
            self.remove_all(&written);
            return Err(SaveError::Storage(error));
        }

        // Committed. What the new manifest replaced is removed at the next save, not now: a
        // tab in another process may have committed over this save at the same moment
        // (browsers pass `localStorage` writes between processes asynchronously, so the stale
        // check above is not atomic across tabs), and its manifest still names the shards this
        // one replaced. Removed now are the shards the previous save replaced, unless the
        // manifest this save built on (or this one) names them.
        let replaced: Vec<String> = match &self.manifest {
            Some(old) => writes
                .iter()
                .filter_map(|(index, _, _, _)| old.shards.get(*index))
                .map(|entry| entry.key.clone())
                .collect(),
            None => Vec::new(),
        };
        let named = |key: &String| {
            manifest.shards.iter().any(|entry| &entry.key == key)
                || self
                    .manifest
                    .as_ref()
                    .is_some_and(|old| old.shards.iter().any(|entry| &entry.key == key))
        };
        let removable: Vec<String> = self
            .retired
            .iter()
            .filter(|key| !named(key))
            .cloned()
            .collect();
        if self.kv.get(LEDGER).ok().flatten().as_deref() == Some(manifest_text.as_str()) {
            self.remove_all(&removable);
        }
        self.retired = replaced;
        for (index, _, _, records) in writes {
            if let Some(slot) = self.snapshot.get_mut(index) {
                *slot = records;
            }
        }
        self.manifest = Some(manifest);
        self.manifest_text = Some(manifest_text);
        Ok(revision)
    }

    /// After another tab saved (the `storage` event): reads what changed. `Ok(None)` when the
    /// stored ledger is still the one this repository knows; otherwise the stored ledger,
    /// reading only the shards whose keys changed (an empty ledger if the data was erased).
    /// On error this repository is unchanged (and its saves are refused as stale).
    pub fn refresh(&mut self) -> Result<Option<Ledger>, LoadError> {
        let text = self.kv.get(LEDGER).map_err(LoadError::Storage)?;
        if text == self.manifest_text {
            return Ok(None);
        }
        let Some(text) = text else {
            self.manifest = None;
            self.manifest_text = None;
            self.snapshot = empty_snapshot();
            return Ok(Some(Ledger::new()));
        };
        let previous = self
            .manifest
            .as_ref()
            .map(|manifest| (manifest, self.snapshot.as_slice()));
        let stored = read_stored(&self.kv, text, previous)?;
        self.manifest_text = Some(stored.text);
        self.manifest = Some(stored.manifest);
        self.snapshot = stored.shards;
        Ok(Some(stored.ledger))
    }

    /// Sets an unreadable ledger aside and starts an empty one: copies the manifest to
    /// `relance.ledger.quarantine.<n>` and every other `relance.ledger.<rest>` key to
    /// `relance.ledger.quarantine.<n>.<rest>` (first free `n`), checks the copies, and only
    /// then removes the originals. If the copies do not fit beside the originals (a large
    /// ledger in a full quota), each text is moved on its own instead (copied, checked, its
    /// original removed; the manifest last), which needs room for the largest text only (and
    /// the copies' longer keys). If
    /// even that cannot be written, the copy is removed, and the error is returned: every text
    /// is still stored, under its own key or its copy's.
    pub fn quarantine_and_reset(kv: K, nonce: &str) -> Result<Quarantined<K>, StorageError> {
        let originals = ledger_texts(&kv)?;
        let mut used: BTreeSet<u64> = BTreeSet::new();
        for key in kv.keys_with_prefix(LEDGER_QUARANTINE)? {
            let rest = key.strip_prefix(LEDGER_QUARANTINE).unwrap_or_default();
            let number = rest.split('.').next().unwrap_or_default();
            if let Ok(number) = number.parse::<u64>() {
                used.insert(number);
            }
        }
        let number = (1..=u64::MAX)
            .find(|candidate| !used.contains(candidate))
            .unwrap_or(u64::MAX);
        let copy_of = |key: &str| match key.strip_prefix(LEDGER_PREFIX) {
            Some(rest) => format!("{LEDGER_QUARANTINE}{number}.{rest}"),
            None => format!("{LEDGER_QUARANTINE}{number}"),
        };
        let copies: Vec<String> = originals.iter().map(|(key, _)| copy_of(key)).collect();
        match copy_all(&kv, &originals, &copies) {
            Ok(()) => {
                // The manifest first: from then on the ledger reads as empty even if a
                // removal fails.
                for (key, _) in &originals {
                    kv.remove(key)?;
                }
            }
            // No room for a second copy of the whole ledger (a large one in a full quota):
            // each text is moved on its own instead, copied then its original removed, so
            // only the largest needs room (with the copies' longer keys). The manifest goes last: until then the ledger
            // stays unreadable (the recovery screen again); interrupted, every text is still
            // stored, under its own key or its copy's, and starting afresh again moves the
            // rest under the next number.
            Err(StorageError::WriteRefused) => {
                // The largest first: if it cannot be moved, nothing was; once it is, the
                // others have the room it left.
                let mut order: Vec<usize> = (0..originals.len()).collect();
                order.sort_by_key(|index| {
                    originals
                        .get(*index)
                        .map(|(key, text)| (key.as_str() == LEDGER, std::cmp::Reverse(text.len())))
                });
                for index in order {
                    let (Some(original), Some(copy)) = (originals.get(index), copies.get(index))
                    else {
                        continue;
                    };
                    copy_all(
                        &kv,
                        std::slice::from_ref(original),
                        std::slice::from_ref(copy),
                    )?;
                    kv.remove(&original.0)?;
                }
            }
            Err(error) => return Err(error),
        }
        Ok(Quarantined {
            loaded: Loaded {
                repository: LedgerRepository::first_run(kv, nonce),
                ledger: Ledger::new(),
            },
            keys: copies,
        })
    }
}

/// Writes each text of `originals` under the key of the same rank in `copies` and reads every
/// copy back; on any failure removes the copies it made and returns the error (storage then
/// holds what it held before).
fn copy_all<K: KeyValue>(
    kv: &K,
    originals: &[(String, String)],
    copies: &[String],
) -> Result<(), StorageError> {
    let give_up = |made: &[String], error: StorageError| {
        for copy in made {
            let _ = kv.remove(copy);
        }
        Err(error)
    };
    for (index, ((_, text), copy)) in originals.iter().zip(copies).enumerate() {
        if let Err(error) = kv.set(copy, text) {
            return give_up(copies.get(..index).unwrap_or_default(), error);
        }
    }
    for ((_, text), copy) in originals.iter().zip(copies) {
        match kv.get(copy) {
            Ok(Some(kept)) if kept == *text => {}
            Ok(_) => return give_up(copies, StorageError::WriteRefused),
            Err(error) => return give_up(copies, error),
        }
    }
    Ok(())
}

/// What the books kept aside were replaced by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeptKind {
    /// A confirmed "replace" restore: the books as they were before it.
    Restore,
    /// Undoing that restore: the books the restore had put in place (with any change made
    /// since), so that undoing loses nothing either.
    Undo,
}

/// What [`keep_aside`] recorded under `relance.undo-restore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptRecord {
    /// The copy's keys are `relance.undo-restore.<generation>.ledger…`.
    pub generation: u64,
    /// The copy kept before this one, still stored until the next keep (an undo keeps it: it
    /// is what the undo put back, and the undo may yet be refused or not saved).
    pub previous: Option<u64>,
    pub kind: KeptKind,
    /// The day it was kept.
    pub made: chrono::NaiveDate,
    /// The [`fingerprint`] of the books that took their place: while the books in use have it,
    /// nothing was changed since (in this tab or another).
    pub replaced_by: String,
}

const KEPT_MAGIC: &str = "relance-undo 1";

fn encode_kept(record: &KeptRecord) -> String {
    let kind = match record.kind {
        KeptKind::Restore => "restore",
        KeptKind::Undo => "undo",
    };
    let previous = record
        .previous
        .map_or_else(|| "-".to_string(), |previous| previous.to_string());
    format!(
        "{KEPT_MAGIC}\ngeneration {}\nprevious {previous}\nkind {kind}\nmade {}\nreplaced-by {}\n",
        record.generation,
        schema::write_date(record.made),
        record.replaced_by
    )
}

/// The record's text read back; `None` when it is not one this version wrote.
pub fn decode_kept(text: &str) -> Option<KeptRecord> {
    let mut lines = text.lines();
    if lines.next()? != KEPT_MAGIC {
        return None;
    }
    let mut field = |name: &str| {
        lines
            .next()?
            .strip_prefix(name)?
            .strip_prefix(' ')
            .map(str::to_string)
    };
    let generation = field("generation")?.parse().ok()?;
    let previous = match field("previous")?.as_str() {
        "-" => None,
        number => Some(number.parse().ok()?),
    };
    let kind = match field("kind")?.as_str() {
        "restore" => KeptKind::Restore,
        "undo" => KeptKind::Undo,
        _ => return None,
    };
    let made = schema::read_date(&field("made")?)?;
    let replaced_by = field("replaced-by")?;
    if replaced_by.is_empty() || !replaced_by.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some(KeptRecord {
        generation,
        previous,
        kind,
        made,
        replaced_by,
    })
}

/// The ledger's records as one short text (a hash of every shard's text, in order), the same
/// for two ledgers holding the same records; the next id is left out (a reload may raise it).
pub fn fingerprint(ledger: &Ledger) -> Result<String, EncodeError> {
    let (_, shards) = schema::encode_all(ledger, 0, |shard| shard.name().to_string())?;
    let texts: Vec<&[u8]> = shards.iter().map(|(_, text)| text.as_bytes()).collect();
    let mut whole = String::with_capacity(texts.len() * 16);
    for hash in fnv1a_64_each(&texts) {
        whole.push_str(&super::checksum::hex(hash));
    }
    Ok(super::checksum::hex(fnv1a_64(whole.as_bytes())))
}

/// A store seen through another: the ledger's keys (`relance.ledger…`) are read and written
/// under `relance.undo-restore.<generation>.ledger…`, so that a kept copy is written and read
/// by the repository itself (same format, same checks, sealed when the store seals).
#[derive(Clone, Debug)]
struct Aside<K: KeyValue> {
    kv: K,
    prefix: String,
}

impl<K: KeyValue> Aside<K> {
    fn new(kv: K, generation: u64) -> Aside<K> {
        Aside {
            kv,
            prefix: format!("{UNDO_RESTORE_PREFIX}{generation}."),
        }
    }

    fn map(&self, key: &str) -> String {
        format!(
            "{}{}",
            self.prefix,
            key.strip_prefix(super::keys::PREFIX).unwrap_or(key)
        )
    }
}

impl<K: KeyValue> KeyValue for Aside<K> {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.kv.get(&self.map(key))
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.kv.set(&self.map(key), value)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.kv.remove(&self.map(key))
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .kv
            .keys_with_prefix(&self.map(prefix))?
            .into_iter()
            .filter_map(|key| {
                key.strip_prefix(&self.prefix)
                    .map(|rest| format!("{}{rest}", super::keys::PREFIX))
            })
            .collect())
    }
}

/// Why the books could not be kept aside; nothing else changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeepError {
    /// The browser refused a write (storage full…): what was written of the copy is removed;
    /// the copy kept before, if any, is still there.
    Storage(StorageError),
    Encode(EncodeError),
}

impl From<SaveError> for KeepError {
    fn from(error: SaveError) -> KeepError {
        match error {
            SaveError::Storage(error) => KeepError::Storage(error),
            SaveError::Encode(error) => KeepError::Encode(error),
            // A fresh generation holds no manifest: neither can happen.
            SaveError::Stale { .. } | SaveError::RevisionsExhausted => {
                KeepError::Storage(StorageError::WriteRefused)
            }
        }
    }
}

impl Describe for KeepError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (KeepError::Storage(error), Lang::Fr) => format!(
                "Vos factures actuelles n'ont pas pu être gardées de côté pour permettre d'annuler\u{a0}: {}.",
                error.words(lang)
            ),
            (KeepError::Storage(error), Lang::En) => format!(
                "Your current invoices could not be kept aside to allow an undo: {}.",
                error.words(lang)
            ),
            (KeepError::Encode(error), _) => error.describe(lang),
        }
    }
}

/// The record of what is kept aside, if any (unreadable: none).
pub fn kept_record<K: KeyValue>(kv: &K) -> Result<Option<KeptRecord>, StorageError> {
    Ok(kv
        .get(super::keys::UNDO_RESTORE)?
        .as_deref()
        .and_then(decode_kept))
}

/// Keeps `ledger` (the books about to be replaced) aside, with a record saying what replaces
/// them (`replaced_by`, a [`fingerprint`]) and how (`kind`), on `made`. Written whole under a
/// new generation before the record points at it, so that a refused or interrupted keep
/// leaves the record and its copy as they were. The copy the record named before is then
/// removed, unless `keep_previous` (an undo: that copy is what it puts back); any other
/// generation (an older one, or a keep cut short by a dying tab) is removed first.
pub fn keep_aside<K: KeyValue + Clone>(
    kv: &K,
    ledger: &Ledger,
    kind: KeptKind,
    replaced_by: String,
    made: chrono::NaiveDate,
    keep_previous: bool,
) -> Result<KeptRecord, KeepError> {
    let current = kept_record(kv)
        .map_err(KeepError::Storage)?
        .map(|record| record.generation);
    let generation = current.unwrap_or(0).saturating_add(1);
    let kept_under = |generation: u64| format!("{UNDO_RESTORE_PREFIX}{generation}.");
    for key in kv
        .keys_with_prefix(UNDO_RESTORE_PREFIX)
        .map_err(KeepError::Storage)?
    {
        if current.is_none_or(|current| !key.starts_with(&kept_under(current))) {
            let _ = kv.remove(&key);
        }
    }
    LedgerRepository::first_run(Aside::new(kv.clone(), generation), "kept").save(ledger)?;
    let record = KeptRecord {
        generation,
        previous: current.filter(|_| keep_previous),
        kind,
        made,
        replaced_by,
    };
    if let Err(error) = kv.set(super::keys::UNDO_RESTORE, &encode_kept(&record)) {
        remove_generation(kv, generation);
        return Err(KeepError::Storage(error));
    }
    if let Some(old) = current.filter(|_| !keep_previous) {
        remove_generation(kv, old);
    }
    Ok(record)
}

/// Puts `record` back as the record of what is kept (an undo that was not made: its copy,
/// kept by [`keep_aside`] with `keep_previous`, is still stored), and removes the copies it
/// does not name. `false` when it could not be written.
pub fn put_back_record<K: KeyValue>(kv: &K, record: &KeptRecord) -> bool {
    let record = KeptRecord {
        previous: None,
        ..record.clone()
    };
    if kv
        .set(super::keys::UNDO_RESTORE, &encode_kept(&record))
        .is_err()
    {
        return false;
    }
    let named = format!("{UNDO_RESTORE_PREFIX}{}.", record.generation);
    for key in kv.keys_with_prefix(UNDO_RESTORE_PREFIX).unwrap_or_default() {
        if !key.starts_with(&named) {
            let _ = kv.remove(&key);
        }
    }
    true
}

fn remove_generation<K: KeyValue>(kv: &K, generation: u64) {
    let prefix = format!("{UNDO_RESTORE_PREFIX}{generation}.");
    for key in kv.keys_with_prefix(&prefix).unwrap_or_default() {
        let _ = kv.remove(&key);
    }
}

/// The books kept aside, read back through the repository's own checks (`None`: nothing kept).
pub fn read_kept<K: KeyValue + Clone>(kv: &K) -> Result<Option<(KeptRecord, Ledger)>, LoadError> {
    let Some(record) = kept_record(kv).map_err(LoadError::Storage)? else {
        return Ok(None);
    };
    let loaded = LedgerRepository::open(Aside::new(kv.clone(), record.generation), "kept")?;
    Ok(Some((record, loaded.ledger)))
}

/// Removes what is kept aside (the record first, then every copy).
pub fn forget_kept<K: KeyValue>(kv: &K) -> Result<(), StorageError> {
    kv.remove(super::keys::UNDO_RESTORE)?;
    for key in kv.keys_with_prefix(UNDO_RESTORE_PREFIX)? {
        kv.remove(&key)?;
    }
    Ok(())
}

/// Why a restore's "replace", or undoing it, was not made. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreError {
    /// The books in use could not be kept aside (storage full…): nothing was replaced.
    KeepAside(KeepError),
    /// Nothing is kept aside: no restore replaced books in this browser (or it was erased).
    NothingKept,
    /// The books kept aside cannot be read back.
    KeptUnreadable(Box<LoadError>),
    /// The books were changed since the restore (in this tab or another): undoing would drop
    /// those changes from the books in use, so it waits for the user's confirmation.
    ChangedSinceRestore,
}

impl From<KeepError> for RestoreError {
    fn from(error: KeepError) -> RestoreError {
        RestoreError::KeepAside(error)
    }
}

impl From<EncodeError> for RestoreError {
    fn from(error: EncodeError) -> RestoreError {
        RestoreError::KeepAside(KeepError::Encode(error))
    }
}

impl Describe for RestoreError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (RestoreError::KeepAside(error), Lang::Fr) => format!(
                "Rien n'a été remplacé. {} Libérez de la place (ou téléchargez d'abord une sauvegarde de vos données actuelles), puis réessayez.",
                error.describe(lang)
            ),
            (RestoreError::KeepAside(error), Lang::En) => format!(
                "Nothing was replaced. {} Free some room (or first download a backup of your current data), then try again.",
                error.describe(lang)
            ),
            (RestoreError::NothingKept, Lang::Fr) => "Il n'y a rien à annuler\u{a0}: aucune restauration n'a remplacé de données dans ce navigateur.".to_string(),
            (RestoreError::NothingKept, Lang::En) => "There is nothing to undo: no restore replaced data in this browser.".to_string(),
            (RestoreError::KeptUnreadable(error), Lang::Fr) => format!(
                "Les données gardées de côté n'ont pas pu être relues\u{a0}; rien n'a été modifié. {}",
                error.describe(lang)
            ),
            (RestoreError::KeptUnreadable(error), Lang::En) => format!(
                "The data kept aside could not be read; nothing was changed. {}",
                error.describe(lang)
            ),
            (RestoreError::ChangedSinceRestore, Lang::Fr) => "Vos factures ont été modifiées depuis la restauration (dans cet onglet ou un autre)\u{a0}: rien n'a été annulé.".to_string(),
            (RestoreError::ChangedSinceRestore, Lang::En) => "Your invoices were changed since the restore (in this tab or another): nothing was undone.".to_string(),
        }
    }
}

/// The command of a confirmed "replace" restore, for `Books::apply`: keeps the books it
/// replaces aside ([`keep_aside`]), then puts `restored` in their place. Should it run again
/// on another tab's newer version, that version is what is kept aside. When the copy cannot
/// be written, nothing is replaced ([`RestoreError::KeepAside`]). `keep` is false only when
/// the user accepted to replace without a way back: then the previous copy (of the books
/// before an earlier restore) is removed, since "undo" would no longer mean this restore.
pub fn replace_command<K: KeyValue + Clone>(
    store: impl Fn() -> K + 'static,
    restored: Ledger,
    keep: bool,
    today: chrono::NaiveDate,
) -> Result<impl Fn(&mut Ledger) -> Result<(), RestoreError> + 'static, RestoreError> {
    let replaced_by = fingerprint(&restored)?;
    Ok(move |current: &mut Ledger| {
        let kv = store();
        // Books with no record (a first visit) have nothing to keep: the copy would only take
        // room (and a full storage would then refuse a restore that loses nothing).
        let holds_records =
            current.clients().next().is_some() || current.invoices().next().is_some();
        if keep && holds_records {
            keep_aside(
                &kv,
                current,
                KeptKind::Restore,
                replaced_by.clone(),
                today,
                false,
            )?;
        } else {
            forget_kept(&kv).map_err(|error| RestoreError::KeepAside(KeepError::Storage(error)))?;
        }
        current.clone_from(&restored);
        Ok(())
    })
}

/// An undo about to be made: the books kept aside, and how the books in use stand.
#[derive(Clone, Debug)]
pub struct UndoPlan {
    pub record: KeptRecord,
    pub kept: Ledger,
    /// The books in use are not those the restore (or the last undo) put in place.
    pub changed_since: bool,
    /// The [`fingerprint`] of the books in use when planned.
    current: String,
}

/// Reads what is kept aside and compares the books in use (`current`) with those that
/// replaced it.
pub fn plan_undo<K: KeyValue + Clone>(kv: &K, current: &Ledger) -> Result<UndoPlan, RestoreError> {
    let Some((record, kept)) =
        read_kept(kv).map_err(|error| RestoreError::KeptUnreadable(Box::new(error)))?
    else {
        return Err(RestoreError::NothingKept);
    };
    let current = fingerprint(current)?;
    Ok(UndoPlan {
        changed_since: current != record.replaced_by,
        record,
        kept,
        current,
    })
}

/// The command that undoes (see [`plan_undo`]): it applies only to the very books the user
/// saw when deciding (never replayed over another tab's newer save: then
/// [`RestoreError::ChangedSinceRestore`]); it keeps those books aside in turn (so undoing
/// loses nothing: undoing again puts them back), then puts the kept books in their place.
pub fn undo_command<K: KeyValue + Clone>(
    store: impl Fn() -> K + 'static,
    plan: UndoPlan,
    today: chrono::NaiveDate,
) -> Result<impl Fn(&mut Ledger) -> Result<(), RestoreError> + 'static, RestoreError> {
    let kept_fingerprint = fingerprint(&plan.kept)?;
    Ok(move |current: &mut Ledger| {
        if fingerprint(current)? != plan.current {
            return Err(RestoreError::ChangedSinceRestore);
        }
        keep_aside(
            &store(),
            current,
            KeptKind::Undo,
            kept_fingerprint.clone(),
            today,
            true,
        )?;
        current.clone_from(&plan.kept);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_keep_keys_parseable() {
        assert_eq!(clean_nonce("k3f9"), "k3f9");
        assert_eq!(clean_nonce("a.b-c d"), "abcd");
        assert_eq!(clean_nonce("..."), "0");
        assert_eq!(clean_nonce("0123456789abcdefXYZ"), "0123456789abcdef");
    }

    #[test]
    fn shard_keys_are_recognised_and_nothing_else() {
        assert_eq!(
            parse_shard_key("relance.ledger.i07.12-k3f9"),
            Some((ShardName::Invoices(7), 12))
        );
        assert_eq!(
            parse_shard_key("relance.ledger.clients.1-0"),
            Some((ShardName::Clients, 1))
        );
        for other in [
            "relance.ledger",
            "relance.ledger.quarantine.1",
            "relance.ledger.quarantine.1.i07.12-k3f9",
            "relance.ledger.i16.1-a",
            "relance.ledger.i07.-a",
            "relance.ledger.i07.1-",
            "relance.ledger.i07.1a-b",
            "relance.ledger.i07.1-a.b",
            "relance.lang",
        ] {
            assert_eq!(parse_shard_key(other), None, "{other}");
        }
    }
}
