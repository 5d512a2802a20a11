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
use super::keys::{LEDGER, LEDGER_PREFIX, LEDGER_QUARANTINE};
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
