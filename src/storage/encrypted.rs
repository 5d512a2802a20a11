//! Encryption at rest (issue #5): [`Encrypted`], a [`KeyValue`] store that seals every value it
//! writes and opens every value it reads, and the crash-safe operations that turn encryption
//! on ([`enable`]) and off ([`disable`]), unlock it ([`unlock`], [`resume`]) and change the
//! passphrase ([`change_passphrase`]); plus encrypted backup files ([`seal_backup`]).
//!
//! Pure: no browser, no clock. Randomness (salts, keys, nonces) comes from the caller through
//! [`Random`] (Web Crypto's `getRandomValues` in the browser), never from inside.
//!
//! # Keys
//!
//! A random 256-bit *data key* ([`DataKey`]) seals every stored value: a data envelope
//! `relance-dek1:<key id>:<nonce>:<ciphertext>` (`storage::crypto`) whose associated data is
//! the storage key the value is stored under, so a value moved to another key does not open.
//! The passphrase's key (Argon2id, [`Key::derive`]) only wraps the data key, in one record, the
//! lock ([`LOCK`]):
//!
//! ```text
//! relance-lock 1
//! state on
//! data-key 0123456789abcdef
//! wrapped relance-enc1:<m>:<t>:<p>:<salt>:<nonce>:<the data key, sealed>
//! ```
//!
//! Each line ends with `\n`, the last one included; nothing else is accepted. `state` is `on`,
//! `encrypting` or `decrypting` (a migration under way); `data-key` is the data key's id, the
//! one every data envelope names. The wrapped key's associated data is the three lines before
//! `wrapped` (and the id), so the whole record is authenticated: a lock whose state was edited
//! by hand (to make Relance accept or write plain values) no longer opens. A first line with
//! another version is refused as coming from a newer Relance ([`UnlockError::FromTheFuture`]).
//! Changing the passphrase re-encrypts the data: a new data key is drawn, and the lock is
//! rewritten in one `setItem` (atomic: before it, the old passphrase opens everything; after
//! it, only the new one) in state `rekeying`, holding the new data key and the old one, both
//! wrapped under the new passphrase's key:
//!
//! ```text
//! relance-lock 1
//! state rekeying
//! data-key <new id>
//! wrapped relance-enc1:…
//! old-data-key <old id>
//! old-wrapped relance-enc1:…
//! ```
//!
//! then every value is re-sealed in place under the new data key, and the lock is written
//! `on` with the new key alone. The old wrapped key's associated data is the lines before it.
//!
//! Two keys stay plain: the lock itself, and [`LANGUAGE`], the interface language, which the
//! unlock screen needs before anything can be decrypted (it says `fr` or `en`, nothing
//! about the books).
//!
//! # Reading and writing
//!
//! In state `on`, every value must be a data envelope of this data key: a plain value is an
//! error, not a value (nothing readable is trusted once encryption is on). While a migration is
//! under way (`encrypting`, `decrypting`), a read accepts both forms. Writes are sealed in
//! states `on` and `encrypting`, plain in `decrypting`. Before each write, the store checks that
//! the lock is still the one it read or wrote: another tab that changed the passphrase or
//! turned encryption off makes this one stop writing (unlock again).
//!
//! A value that cannot be opened (or written) because of encryption is reported as
//! [`StorageError::Undecryptable`], and the reason is kept in [`Encrypted::last_error`].
//!
//! # Migrations, and why an interruption loses nothing
//!
//! [`enable`] writes the lock in state `encrypting` first (one write: if it fails, nothing was
//! changed). Then it rewrites every value of the app (`relance.…`, but for the two plain keys)
//! **in place**: under its own key, the same text, sealed. Since reads accept both forms in that
//! state, each key reads as the text it held before whether it was converted yet or not, so
//! after an interruption at any write the ledger (manifest and shards, whose checksums are over
//! the plain texts) is exactly the same, whatever subset was converted: no order is needed for
//! consistency, and in-place rewriting needs no room for a second copy in a ~5 MB quota (only
//! the growth of each value: a third or a little more, plus about 70 characters).
//! The manifest goes first all the same: from that write on, a tab still writing plain values
//! finds a manifest it did not write and its saves are refused as stale, so it cannot commit
//! a plain ledger behind the migration. Then every other key, in order. Then the keys are
//! listed again and converted until a pass finds nothing left (another tab may have written
//! meanwhile). Only then is the lock rewritten in state `on`, one write.
//!
//! [`disable`] is the mirror: lock in state `decrypting`, every value opened in place (manifest
//! first), passes until none is left, then the lock is removed. An envelope is never left
//! without the lock that holds its key.
//!
//! Interrupted (a refused write, a closed tab), the store keeps a lock in state `encrypting` or
//! `decrypting`; [`unlock`] says so ([`Unlocked::interrupted`]), the store reads the same
//! ledger meanwhile, and [`resume`] finishes the job from wherever it stopped.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use super::crypto::{self, CryptoError, DataKey, DataKeyId, Envelope, KdfParams, Key, Nonce, Salt};
use super::json::{self, Style, UnknownFields, Writer, read_header};
use super::key_value::{KeyValue, StorageError};
use super::keys::{LANGUAGE, LEDGER, PREFIX};
use crate::i18n::{Describe, Lang};

/// The lock: the data key wrapped under the passphrase's key, and the state of encryption.
/// Its presence is what says that the data is encrypted.
pub const LOCK: &str = "relance.lock";

/// The version of the lock record this build writes and reads.
pub const LOCK_VERSION: u64 = 1;

/// The lock record's first word.
const LOCK_MAGIC: &str = "relance-lock";

/// How many passes a migration makes at most over the keys before it gives up: each pass
/// converts what the previous one found, the last one must find nothing.
const MAX_PASSES: usize = 4;

/// The keys that stay plain: the lock, and the interface language (for the unlock screen).
fn is_plain_key(key: &str) -> bool {
    key == LOCK || key == LANGUAGE
}

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/// Where salts, keys and nonces come from: `crypto.getRandomValues` in the browser.
pub trait Random {
    /// Fills `bytes` with cryptographically secure random bytes, or says none can be had (then
    /// nothing is sealed: a predictable nonce would break AES-GCM).
    fn fill(&self, bytes: &mut [u8]) -> Result<(), NoRandomness>;
}

/// Any `Fn(&mut [u8]) -> Result<(), NoRandomness>` is a source of randomness.
impl<F: Fn(&mut [u8]) -> Result<(), NoRandomness>> Random for F {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), NoRandomness> {
        self(bytes)
    }
}

/// The browser gives no secure random numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoRandomness;

fn draw<const N: usize>(random: &dyn Random) -> Result<[u8; N], NoRandomness> {
    let mut bytes = [0u8; N];
    random.fill(&mut bytes)?;
    Ok(bytes)
}

// ---------------------------------------------------------------------------------------------
// The lock record
// ---------------------------------------------------------------------------------------------

/// What the lock says of the stored values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockState {
    /// Every value is sealed.
    On,
    /// Being sealed (values of both forms).
    Encrypting,
    /// Being opened for good (values of both forms).
    Decrypting,
    /// Being re-sealed under a new data key (the passphrase was changed): values sealed
    /// under either key.
    Rekeying,
}

impl LockState {
    fn word(self) -> &'static str {
        match self {
            LockState::On => "on",
            LockState::Encrypting => "encrypting",
            LockState::Decrypting => "decrypting",
            LockState::Rekeying => "rekeying",
        }
    }

    fn parse(word: &str) -> Option<LockState> {
        match word {
            "on" => Some(LockState::On),
            "encrypting" => Some(LockState::Encrypting),
            "decrypting" => Some(LockState::Decrypting),
            "rekeying" => Some(LockState::Rekeying),
            _ => None,
        }
    }
}

/// A migration that was interrupted and must be resumed ([`resume`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migration {
    Encrypting,
    Decrypting,
    /// Re-sealing under a new data key, after a change of passphrase.
    Rekeying,
}

/// The lock record, read back.
struct Lock {
    state: LockState,
    id: DataKeyId,
    wrapped: String,
    /// In state `rekeying`: the old data key's id and wrapped key.
    old: Option<(DataKeyId, String)>,
}

/// The lines before `wrapped`: the associated data of the wrapped key.
fn lock_head(state: LockState, id: DataKeyId) -> String {
    format!(
        "{LOCK_MAGIC} {LOCK_VERSION}\nstate {}\ndata-key {id}\n",
        state.word()
    )
}

/// The lines before `old-wrapped`: the associated data of the old wrapped key.
fn old_key_head(head: &str, old: DataKeyId) -> String {
    format!("{head}old-data-key {old}\n")
}

/// The lock record; `old` (with its own nonce) only in state `rekeying`.
fn render_lock(
    state: LockState,
    data_key: &DataKey,
    old: Option<(&DataKey, &Nonce)>,
    passphrase_key: &Key,
    nonce: &Nonce,
) -> Result<String, CryptoError> {
    let head = lock_head(state, data_key.id());
    let wrapped = data_key.wrap(passphrase_key, nonce, &head)?;
    let mut text = format!("{head}wrapped {wrapped}\n");
    if let Some((old, old_nonce)) = old {
        let old_wrapped = old.wrap(passphrase_key, old_nonce, &old_key_head(&head, old.id()))?;
        text.push_str(&format!(
            "old-data-key {}\nold-wrapped {old_wrapped}\n",
            old.id()
        ));
    }
    Ok(text)
}

/// A canonical decimal `u64`: digits only, no sign, no leading zero.
fn parse_version(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

fn parse_lock(text: &str) -> Result<Lock, UnlockError> {
    // The version first, so that a newer record is named as such whatever follows.
    let (first, rest) = text.split_once('\n').ok_or(UnlockError::DamagedLock)?;
    let version = first
        .strip_prefix(LOCK_MAGIC)
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(parse_version)
        .ok_or(UnlockError::DamagedLock)?;
    if version > LOCK_VERSION {
        return Err(UnlockError::FromTheFuture {
            found: version,
            supported: LOCK_VERSION,
        });
    }
    if version != LOCK_VERSION {
        return Err(UnlockError::DamagedLock);
    }
    let lines: Vec<&str> = rest.split('\n').collect();
    let (state, id, wrapped, old) = match lines.as_slice() {
        [state, id, wrapped, ""] => (state, id, wrapped, None),
        [state, id, wrapped, old_id, old_wrapped, ""] => {
            (state, id, wrapped, Some((old_id, old_wrapped)))
        }
        _ => return Err(UnlockError::DamagedLock),
    };
    let state = state
        .strip_prefix("state ")
        .and_then(LockState::parse)
        .ok_or(UnlockError::DamagedLock)?;
    // The old key is there exactly while rekeying.
    let old = match (state, old) {
        (LockState::Rekeying, Some((old_id, old_wrapped))) => Some((
            old_id
                .strip_prefix("old-data-key ")
                .and_then(DataKeyId::from_hex)
                .ok_or(UnlockError::DamagedLock)?,
            old_wrapped
                .strip_prefix("old-wrapped ")
                .ok_or(UnlockError::DamagedLock)?
                .to_string(),
        )),
        (LockState::Rekeying, None) | (_, Some(_)) => return Err(UnlockError::DamagedLock),
        (_, None) => None,
    };
    let id = id
        .strip_prefix("data-key ")
        .and_then(DataKeyId::from_hex)
        .ok_or(UnlockError::DamagedLock)?;
    let wrapped = wrapped
        .strip_prefix("wrapped ")
        .ok_or(UnlockError::DamagedLock)?;
    Ok(Lock {
        state,
        id,
        wrapped: wrapped.to_string(),
        old,
    })
}

/// Whether the data is encrypted (a lock is stored): what the app checks at start, to show
/// the unlock screen. A storage that cannot be read says `false` (opening the ledger then
/// reports the storage error itself).
pub fn is_locked<K: KeyValue>(kv: &K) -> bool {
    matches!(kv.get(LOCK), Ok(Some(_)))
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/// What clones of one [`Encrypted`] share: the keys, the state, the lock as last read or
/// written.
struct Shared {
    data_key: RefCell<DataKey>,
    /// The data key being replaced, while rekeying.
    old_key: RefCell<Option<DataKey>>,
    passphrase_key: RefCell<Key>,
    /// `None` once encryption was turned off ([`disable`]): reads and writes pass through.
    state: Cell<Option<LockState>>,
    /// The lock's text as last read or written (`None`: no lock stored).
    lock_text: RefCell<Option<String>>,
    random: Rc<dyn Random>,
    last_error: RefCell<Option<ValueError>>,
}

/// A [`KeyValue`] store over `K` that seals what it writes and opens what it reads (see the
/// module's documentation). Clones share everything, state included, as clones of `K` share
/// the storage: a repository over one clone sees the migrations made through another.
pub struct Encrypted<K: KeyValue> {
    kv: K,
    shared: Rc<Shared>,
}

impl<K: KeyValue + Clone> Clone for Encrypted<K> {
    fn clone(&self) -> Encrypted<K> {
        Encrypted {
            kv: self.kv.clone(),
            shared: Rc::clone(&self.shared),
        }
    }
}

impl<K: KeyValue + fmt::Debug> fmt::Debug for Encrypted<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encrypted")
            .field("kv", &self.kv)
            .field("data_key", &*self.shared.data_key.borrow())
            .field("state", &self.shared.state.get())
            .finish_non_exhaustive()
    }
}

/// Why a value could not be read or written through an [`Encrypted`] store (what
/// [`Encrypted::last_error`] keeps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueError {
    /// A plain value while encryption is on: written behind Relance's back (or by an old tab).
    Plaintext { key: String },
    /// An envelope that does not open: altered, moved from another key, or sealed under
    /// another data key.
    Undecryptable { key: String, error: CryptoError },
    /// No random numbers for a nonce: nothing was written.
    NoRandomness,
    /// The value could not be sealed (beyond AES-GCM's limit).
    Seal { key: String, error: CryptoError },
    /// Another tab changed the lock (passphrase changed, encryption turned off): this store
    /// writes nothing more; unlock again.
    LockChanged,
    /// The lock is written by the operations of this module only, not through the store.
    LockIsManaged,
}

impl<K: KeyValue> Encrypted<K> {
    fn new(
        kv: K,
        data_key: DataKey,
        old_key: Option<DataKey>,
        passphrase_key: Key,
        state: Option<LockState>,
        lock_text: Option<String>,
        random: Rc<dyn Random>,
    ) -> Encrypted<K> {
        Encrypted {
            kv,
            shared: Rc::new(Shared {
                data_key: RefCell::new(data_key),
                old_key: RefCell::new(old_key),
                passphrase_key: RefCell::new(passphrase_key),
                state: Cell::new(state),
                lock_text: RefCell::new(lock_text),
                random,
                last_error: RefCell::new(None),
            }),
        }
    }

    /// The store underneath (its texts are envelopes).
    pub fn store(&self) -> &K {
        &self.kv
    }

    /// The store underneath, for a caller done with encryption (after [`disable`]).
    pub fn into_inner(self) -> K {
        self.kv
    }

    /// What the lock says; `None` once encryption was turned off.
    pub fn state(&self) -> Option<LockState> {
        self.shared.state.get()
    }

    /// The id of the data key (what every envelope names).
    pub fn data_key_id(&self) -> DataKeyId {
        self.shared.data_key.borrow().id()
    }

    /// Why the last call that failed with [`StorageError::Undecryptable`] failed (a value that cannot be opened, a plain value while encryption is
    /// on…). `None` if no call failed so. Kept until the next such failure.
    pub fn last_error(&self) -> Option<ValueError> {
        self.shared.last_error.borrow().clone()
    }

    /// Whether the stored lock is still the one this store unlocked or wrote: `false` once
    /// another tab changed the passphrase or turned encryption on or off (this store then
    /// writes nothing: unlock again), or when storage cannot be read.
    pub fn lock_is_current(&self) -> bool {
        self.lock_is_ours().unwrap_or(false)
    }

    /// `text` (a backup file, `storage::backup::create`) as an encrypted backup that the
    /// passphrase of this store opens ([`open_backup`]): sealed under the passphrase's key as
    /// derived at unlock (its salt and parameters are in the envelope), so no second
    /// derivation is needed and the passphrase is not kept.
    pub fn seal_backup(&self, text: &str) -> Result<String, ValueError> {
        let nonce = self.nonce().map_err(|_| ValueError::NoRandomness)?;
        let key = self.shared.passphrase_key.borrow();
        backup_file(&key, &nonce, text).map_err(|error| ValueError::Seal {
            key: BACKUP_FORMAT.to_string(),
            error,
        })
    }

    fn refuse<T>(&self, error: ValueError) -> Result<T, StorageError> {
        *self.shared.last_error.borrow_mut() = Some(error);
        Err(StorageError::Undecryptable)
    }

    fn nonce(&self) -> Result<Nonce, NoRandomness> {
        draw(&*self.shared.random).map(Nonce::from_bytes)
    }

    fn seal_value(&self, key: &str, value: &str) -> Result<String, ValueError> {
        let nonce = self.nonce().map_err(|_| ValueError::NoRandomness)?;
        self.shared
            .data_key
            .borrow()
            .seal(&nonce, value, key)
            .map_err(|error| ValueError::Seal {
                key: key.to_string(),
                error,
            })
    }

    /// Whether the stored lock is the one this store last read or wrote.
    fn lock_is_ours(&self) -> Result<bool, StorageError> {
        let stored = self.kv.get(LOCK)?;
        Ok(stored == *self.shared.lock_text.borrow())
    }

    /// Writes the lock in `state`, the data key wrapped under `passphrase_key`, if the stored
    /// lock is still this store's. One write.
    fn write_lock(&self, state: LockState, passphrase_key: &Key) -> Result<(), MigrationError> {
        let nonce = self.nonce().map_err(|_| MigrationError::NoRandomness)?;
        let kept = self.shared.old_key.borrow();
        // The old key is written (with a nonce of its own) only while rekeying.
        let old_key = kept.as_ref().filter(|_| state == LockState::Rekeying);
        let old_nonce = match old_key {
            Some(_) => Some(self.nonce().map_err(|_| MigrationError::NoRandomness)?),
            None => None,
        };
        let old = old_key.zip(old_nonce.as_ref());
        let text = render_lock(
            state,
            &self.shared.data_key.borrow(),
            old,
            passphrase_key,
            &nonce,
        )
        .map_err(MigrationError::Crypto)?;
        drop(kept);
        if !self.lock_is_ours()? {
            return Err(MigrationError::LockChanged);
        }
        self.kv.set(LOCK, &text)?;
        *self.shared.lock_text.borrow_mut() = Some(text);
        self.shared.state.set(Some(state));
        if state != LockState::Rekeying {
            *self.shared.old_key.borrow_mut() = None;
        }
        Ok(())
    }

    /// Opens a data envelope with whichever key it names: the data key, or the old one while
    /// rekeying.
    fn open_value(&self, raw: &str, key: &str) -> Result<String, CryptoError> {
        match self.shared.data_key.borrow().open(raw, key) {
            Err(CryptoError::OtherDataKey) => match &*self.shared.old_key.borrow() {
                Some(old) => old.open(raw, key),
                None => Err(CryptoError::OtherDataKey),
            },
            opened => opened,
        }
    }

    /// Removes the lock, if it is still this store's: encryption is off.
    fn remove_lock(&self) -> Result<(), MigrationError> {
        if !self.lock_is_ours()? {
            return Err(MigrationError::LockChanged);
        }
        self.kv.remove(LOCK)?;
        *self.shared.lock_text.borrow_mut() = None;
        self.shared.state.set(None);
        Ok(())
    }

    /// One pass of a migration: every value of the app (but the plain keys) rewritten in
    /// place in the form `state` wants, sealed (`Encrypting`) or plain (`Decrypting`); the
    /// manifest first (see the module's documentation). Returns how many were rewritten.
    fn convert_all(&self, state: LockState) -> Result<usize, MigrationError> {
        let mut keys = self.kv.keys_with_prefix(PREFIX)?;
        keys.retain(|key| !is_plain_key(key));
        keys.sort_unstable_by(|a, b| (a != LEDGER, a).cmp(&(b != LEDGER, b)));
        let mut rewritten = 0;
        for key in keys {
            let Some(raw) = self.kv.get(&key)? else {
                continue;
            };
            let sealed = crypto::is_data_envelope(&raw);
            let under_old_key = sealed
                && state == LockState::Rekeying
                && crypto::DataEnvelope::parse(&raw)
                    .is_ok_and(|envelope| envelope.key_id() != self.data_key_id());
            let converted = match (state, sealed) {
                (LockState::Rekeying, true) if under_old_key => {
                    let plain =
                        self.open_value(&raw, &key)
                            .map_err(|error| MigrationError::Value {
                                key: key.clone(),
                                error,
                            })?;
                    self.seal_value(&key, &plain).map_err(|error| match error {
                        ValueError::Seal { error, .. } => MigrationError::Crypto(error),
                        _ => MigrationError::NoRandomness,
                    })?
                }
                (LockState::Encrypting, false) => {
                    self.seal_value(&key, &raw).map_err(|error| match error {
                        ValueError::Seal { error, .. } => MigrationError::Crypto(error),
                        _ => MigrationError::NoRandomness,
                    })?
                }
                (LockState::Decrypting, true) => {
                    self.open_value(&raw, &key)
                        .map_err(|error| MigrationError::Value {
                            key: key.clone(),
                            error,
                        })?
                }
                // Already in the wanted form. (An envelope of another data key met while
                // encrypting is left as it is: it could not be read before either.)
                _ => continue,
            };
            if !self.lock_is_ours()? {
                return Err(MigrationError::LockChanged);
            }
            self.kv.set(&key, &converted)?;
            rewritten += 1;
        }
        Ok(rewritten)
    }

    /// Finishes the migration the lock says is under way (nothing to do in state `on` or
    /// once turned off).
    fn finish(&self) -> Result<Finished, MigrationError> {
        let state = match self.shared.state.get() {
            None => return Ok(Finished::Decrypted),
            Some(LockState::On) => return Ok(Finished::Encrypted),
            Some(state) => state,
        };
        let mut passes = 0;
        while self.convert_all(state)? > 0 {
            passes += 1;
            if passes >= MAX_PASSES {
                return Err(MigrationError::Busy);
            }
        }
        if matches!(state, LockState::Encrypting | LockState::Rekeying) {
            let passphrase_key = self.shared.passphrase_key.borrow().clone();
            self.write_lock(LockState::On, &passphrase_key)?;
            Ok(Finished::Encrypted)
        } else {
            self.remove_lock()?;
            Ok(Finished::Decrypted)
        }
    }
}

impl<K: KeyValue> KeyValue for Encrypted<K> {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let Some(raw) = self.kv.get(key)? else {
            return Ok(None);
        };
        let Some(state) = self.shared.state.get() else {
            return Ok(Some(raw));
        };
        if is_plain_key(key) {
            return Ok(Some(raw));
        }
        if crypto::is_data_envelope(&raw) {
            match self.open_value(&raw, key) {
                Ok(plain) => Ok(Some(plain)),
                Err(error) => self.refuse(ValueError::Undecryptable {
                    key: key.to_string(),
                    error,
                }),
            }
        } else if state == LockState::On {
            self.refuse(ValueError::Plaintext {
                key: key.to_string(),
            })
        } else {
            Ok(Some(raw))
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if key == LOCK {
            return self.refuse(ValueError::LockIsManaged);
        }
        if !self.lock_is_ours()? {
            return self.refuse(ValueError::LockChanged);
        }
        match self.shared.state.get() {
            Some(LockState::On | LockState::Encrypting | LockState::Rekeying)
                if !is_plain_key(key) =>
            {
                match self.seal_value(key, value) {
                    Ok(sealed) => self.kv.set(key, &sealed),
                    Err(error) => self.refuse(error),
                }
            }
            _ => self.kv.set(key, value),
        }
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        if key == LOCK {
            return self.refuse(ValueError::LockIsManaged);
        }
        self.kv.remove(key)
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.kv.keys_with_prefix(prefix)
    }
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/// How a migration ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Encryption is on: keep using the store.
    Encrypted,
    /// Encryption is off: use the store underneath ([`Encrypted::into_inner`]).
    Decrypted,
}

/// Why a migration or a passphrase change stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationError {
    /// The browser refused a read or a write (storage full: sealed values are larger).
    Storage(StorageError),
    /// No random numbers (nothing was sealed).
    NoRandomness,
    /// The key could not be derived (out of memory, parameters out of bounds), or a value
    /// could not be sealed.
    Crypto(CryptoError),
    /// A stored value cannot be opened, so encryption cannot be turned off without losing it.
    Value { key: String, error: CryptoError },
    /// Another tab changed the lock meanwhile: this one wrote nothing more.
    LockChanged,
    /// [`enable`] on data already encrypted (or being migrated: [`unlock`], then [`resume`]).
    AlreadyOn,
    /// [`change_passphrase`] after encryption was turned off.
    Off,
    /// Another tab kept writing values in the old form, pass after pass.
    Busy,
    /// Sealed, the values would not fit in storage with room left to save a change
    /// ([`check_room`]): characters the sealed values would take, characters needed with the
    /// room for a save, and the quota.
    NoRoom {
        sealed: u64,
        needed: u64,
        quota: u64,
    },
}

impl From<StorageError> for MigrationError {
    fn from(error: StorageError) -> MigrationError {
        MigrationError::Storage(error)
    }
}

/// Why [`enable`] did not complete.
#[derive(Debug)]
pub enum EnableError<K: KeyValue> {
    /// Nothing was written: the data is as it was, plain.
    NothingChanged(MigrationError),
    /// The lock is written and some values sealed. The data reads as before through `store`;
    /// [`resume`] it (or [`unlock`] later and resume then).
    Interrupted {
        store: Encrypted<K>,
        error: MigrationError,
    },
}

/// Turns encryption on: draws a data key, wraps it under `passphrase` (Argon2id with `params`,
/// slow by design), writes the lock (state `encrypting`), seals every value, then sets the
/// lock `on` (see the module's documentation for the order). The tab's ledger repository must
/// then be reopened over the returned store.
pub fn enable<K: KeyValue>(
    kv: K,
    passphrase: &str,
    params: KdfParams,
    random: Rc<dyn Random>,
) -> Result<Encrypted<K>, EnableError<K>> {
    let nothing = EnableError::NothingChanged;
    let stored = kv
        .get(LOCK)
        .map_err(|error| nothing(MigrationError::Storage(error)))?;
    if stored.is_some() {
        return Err(nothing(MigrationError::AlreadyOn));
    }
    let no_randomness = |_| nothing(MigrationError::NoRandomness);
    let salt = Salt::from_bytes(draw(&*random).map_err(no_randomness)?);
    let data_key = DataKey::from_bytes(
        draw(&*random).map_err(no_randomness)?,
        DataKeyId::from_bytes(draw(&*random).map_err(no_randomness)?),
    );
    let passphrase_key = Key::derive(passphrase, &salt, params)
        .map_err(|error| nothing(MigrationError::Crypto(error)))?;
    let store = Encrypted::new(
        kv,
        data_key,
        None,
        passphrase_key.clone(),
        None,
        None,
        random,
    );
    store
        .write_lock(LockState::Encrypting, &passphrase_key)
        .map_err(nothing)?;
    match store.finish() {
        Ok(_) => Ok(store),
        Err(error) => Err(EnableError::Interrupted { store, error }),
    }
}

/// An unlocked store.
#[derive(Debug)]
pub struct Unlocked<K: KeyValue> {
    /// Reads the data as it is, even mid-migration.
    pub store: Encrypted<K>,
    /// A migration to [`resume`]; `None` when encryption is simply on.
    pub interrupted: Option<Migration>,
}

/// Why [`unlock`] failed. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnlockError {
    /// No lock is stored: the data is not encrypted.
    NotLocked,
    Storage(StorageError),
    /// A lock written by a newer Relance.
    FromTheFuture {
        found: u64,
        supported: u64,
    },
    /// The lock record is not one (cut, edited by hand).
    DamagedLock,
    /// The passphrase is wrong (or the lock record was altered: the two cannot be told apart).
    WrongPassphrase,
    /// The key could not be derived (out of memory, the lock's parameters out of bounds…).
    Crypto(CryptoError),
}

impl From<CryptoError> for UnlockError {
    fn from(error: CryptoError) -> UnlockError {
        match error {
            CryptoError::WrongPassphraseOrDamaged => UnlockError::WrongPassphrase,
            CryptoError::Malformed { .. } => UnlockError::DamagedLock,
            error => UnlockError::Crypto(error),
        }
    }
}

/// Room for the lock record, with a margin (it is about 230 characters).
const LOCK_ROOM: u64 = 400;

/// Whether everything `kv` holds still fits in `quota` characters (keys and values, in UTF-16
/// units, as browsers count them against the origin's quota) once the app's values are sealed,
/// with room left for a save: a save writes a changed shard under a new key before it removes
/// the old one, so the largest value must fit twice. Encryption makes each value about a third
/// larger (base64); other keys of the origin count as they are. Checked before [`enable`],
/// which would otherwise stop half-way, the data readable but partly sealed.
pub fn check_room<K: KeyValue>(kv: &K, quota: u64) -> Result<(), MigrationError> {
    let units = |text: &str| text.encode_utf16().count() as u64;
    let mut needed = LOCK_ROOM;
    let mut largest = 0;
    for key in kv.keys_with_prefix("")? {
        let Some(value) = kv.get(&key)? else {
            continue;
        };
        let ours = key.starts_with(PREFIX) && !is_plain_key(&key);
        let size = if ours && !crypto::is_data_envelope(&value) {
            DataKey::sealed_len(value.len()) as u64
        } else {
            units(&value)
        };
        if ours {
            largest = largest.max(size);
        }
        needed = needed.saturating_add(units(&key)).saturating_add(size);
    }
    let sealed = needed;
    let needed = sealed.saturating_add(largest);
    if needed > quota {
        Err(MigrationError::NoRoom {
            sealed,
            needed,
            quota,
        })
    } else {
        Ok(())
    }
}

/// Unlocks the store with `passphrase` (one Argon2id derivation, with the parameters the lock
/// names). Writes nothing, whatever happens. `random` gives the nonces of later writes.
pub fn unlock<K: KeyValue>(
    kv: K,
    passphrase: &str,
    random: Rc<dyn Random>,
) -> Result<Unlocked<K>, UnlockError> {
    let text = kv
        .get(LOCK)
        .map_err(UnlockError::Storage)?
        .ok_or(UnlockError::NotLocked)?;
    let lock = parse_lock(&text)?;
    let id = Envelope::parse(&lock.wrapped)?.key_id();
    let head = lock_head(lock.state, lock.id);
    // The passphrase in NFC, or as typed for a lock written before passphrases were normalised.
    let (passphrase_key, data_key) = Key::open_with(passphrase, id, |key| {
        DataKey::from_wrapped(&lock.wrapped, key, lock.id, &head)
    })?;
    let old_key = match &lock.old {
        Some((old_id, old_wrapped)) => Some(DataKey::from_wrapped(
            old_wrapped,
            &passphrase_key,
            *old_id,
            &old_key_head(&head, *old_id),
        )?),
        None => None,
    };
    let interrupted = match lock.state {
        LockState::On => None,
        LockState::Encrypting => Some(Migration::Encrypting),
        LockState::Decrypting => Some(Migration::Decrypting),
        LockState::Rekeying => Some(Migration::Rekeying),
    };
    Ok(Unlocked {
        store: Encrypted::new(
            kv,
            data_key,
            old_key,
            passphrase_key,
            Some(lock.state),
            Some(text),
            random,
        ),
        interrupted,
    })
}

/// Finishes an interrupted migration ([`Unlocked::interrupted`], [`EnableError::Interrupted`],
/// or a [`disable`] that failed). Can itself be interrupted and resumed again.
pub fn resume<K: KeyValue>(store: &Encrypted<K>) -> Result<Finished, MigrationError> {
    store.finish()
}

/// Why [`change_passphrase`] did not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// Nothing was written: the old passphrase still opens the data.
    NothingChanged(MigrationError),
    /// The new passphrase is in force (only it opens the data) and part of the data is
    /// re-sealed under the new data key; it all reads as before. [`resume`] finishes (or
    /// unlocking with the new passphrase, later).
    Interrupted(MigrationError),
}

/// Changes the passphrase and re-encrypts the data: draws a new data key, writes the lock in
/// state `rekeying` (the new data key and the old one, both wrapped under the key of
/// `new_passphrase`, derived with `params` and a new salt: one write, after which only the new
/// passphrase opens the data), re-seals every value in place under the new data key, then sets
/// the lock `on` with the new key alone. Someone who kept the old lock record and knows the
/// old passphrase cannot open what is stored afterwards.
///
/// While a migration is under way (turning encryption on or off, or an earlier change not
/// finished), the data key is kept and only re-wrapped (one write): finish it first to
/// re-encrypt.
pub fn change_passphrase<K: KeyValue>(
    store: &Encrypted<K>,
    new_passphrase: &str,
    params: KdfParams,
) -> Result<(), ChangeError> {
    let nothing = ChangeError::NothingChanged;
    let Some(state) = store.shared.state.get() else {
        return Err(nothing(MigrationError::Off));
    };
    let random = Rc::clone(&store.shared.random);
    let no_randomness = |_| nothing(MigrationError::NoRandomness);
    let salt = Salt::from_bytes(draw(&*random).map_err(no_randomness)?);
    let passphrase_key = Key::derive(new_passphrase, &salt, params)
        .map_err(|error| nothing(MigrationError::Crypto(error)))?;
    if state != LockState::On {
        store.write_lock(state, &passphrase_key).map_err(nothing)?;
        *store.shared.passphrase_key.borrow_mut() = passphrase_key;
        return Ok(());
    }
    let new_key = DataKey::from_bytes(
        draw(&*random).map_err(no_randomness)?,
        DataKeyId::from_bytes(draw(&*random).map_err(no_randomness)?),
    );
    // The keys as they will be once the lock is written; put back if it is not.
    let old_key = store.shared.data_key.replace(new_key);
    *store.shared.old_key.borrow_mut() = Some(old_key);
    if let Err(error) = store.write_lock(LockState::Rekeying, &passphrase_key) {
        if let Some(old_key) = store.shared.old_key.borrow_mut().take() {
            *store.shared.data_key.borrow_mut() = old_key;
        }
        return Err(nothing(error));
    }
    *store.shared.passphrase_key.borrow_mut() = passphrase_key;
    store.finish().map(|_| ()).map_err(ChangeError::Interrupted)
}

/// Turns encryption off: lock in state `decrypting`, every value opened in place, then the
/// lock removed. Returns the plain store. On error, the store still reads everything (and
/// [`resume`] finishes the job); the tab's repository must then be reopened over the plain
/// store.
pub fn disable<K: KeyValue + Clone>(store: &Encrypted<K>) -> Result<K, MigrationError> {
    match store.shared.state.get() {
        None | Some(LockState::Decrypting) => {}
        Some(state @ (LockState::On | LockState::Encrypting | LockState::Rekeying)) => {
            // A change of data key first: values still under the old key could not be
            // opened once the lock no longer holds it.
            if state == LockState::Rekeying {
                store.finish()?;
            }
            let passphrase_key = store.shared.passphrase_key.borrow().clone();
            store.write_lock(LockState::Decrypting, &passphrase_key)?;
        }
    }
    store.finish()?;
    Ok(store.kv.clone())
}

// ---------------------------------------------------------------------------------------------
// Encrypted backups
// ---------------------------------------------------------------------------------------------

/// The `format` of an encrypted backup file.
pub const BACKUP_FORMAT: &str = "relance-encrypted-backup";
/// The version of encrypted backup file this build writes and reads.
pub const BACKUP_VERSION: u64 = 1;
/// The envelope's context.
const BACKUP_CONTEXT: &str = "relance-encrypted-backup 1";

/// A backup file (`text`, from `storage::backup::create`) encrypted under `passphrase` itself
/// (Argon2id with `params` and `salt`, AES-256-GCM with `nonce`: fresh random bytes from the
/// caller), since a backup leaves the device without the lock:
///
/// ```json
/// {
///   "format": "relance-encrypted-backup",
///   "version": 1,
///   "envelope": "relance-enc1:<m>:<t>:<p>:<salt>:<nonce>:<the backup, sealed>"
/// }
/// ```
pub fn seal_backup(
    text: &str,
    passphrase: &str,
    params: KdfParams,
    salt: &Salt,
    nonce: &Nonce,
) -> Result<String, CryptoError> {
    let key = Key::derive(passphrase, salt, params)?;
    backup_file(&key, nonce, text)
}

/// The encrypted backup file of `text` under `key`.
fn backup_file(key: &Key, nonce: &Nonce, text: &str) -> Result<String, CryptoError> {
    let envelope = crypto::seal(key, nonce, text, BACKUP_CONTEXT)?;
    let mut writer = Writer::new(Style::Pretty);
    writer.open('{');
    writer.str_field("format", BACKUP_FORMAT);
    writer.u64_field("version", BACKUP_VERSION);
    writer.str_field("envelope", &envelope);
    writer.close('}');
    Ok(writer.finish())
}

/// Whether `text` is an encrypted backup file (of any version): the restore asks for the
/// passphrase, then reads what [`open_backup`] gives as a plain backup.
pub fn is_encrypted_backup(text: &str) -> bool {
    json::parse(text).is_ok_and(
        |json| matches!(read_header(&json), Ok((Some(format), _)) if format == BACKUP_FORMAT),
    )
}

/// Why an encrypted backup cannot be opened. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupOpenError {
    /// Not an encrypted backup (a plain backup is read by `storage::backup::read` directly).
    NotEncrypted,
    /// Made by a newer Relance.
    FromTheFuture { found: u64, supported: u64 },
    /// An encrypted backup whose structure is wrong.
    Malformed(String),
    /// Wrong passphrase, or the file was altered.
    WrongPassphrase,
    /// The key could not be derived, or the envelope is malformed.
    Crypto(CryptoError),
}

/// The plain backup text inside an encrypted backup file, for `storage::backup::read`.
pub fn open_backup(text: &str, passphrase: &str) -> Result<String, BackupOpenError> {
    let json = json::parse(text).map_err(|_| BackupOpenError::NotEncrypted)?;
    let (format, version) = read_header(&json).map_err(|_| BackupOpenError::NotEncrypted)?;
    if format != Some(BACKUP_FORMAT) {
        return Err(BackupOpenError::NotEncrypted);
    }
    match version {
        Some(BACKUP_VERSION) => {}
        Some(found) if found > BACKUP_VERSION => {
            return Err(BackupOpenError::FromTheFuture {
                found,
                supported: BACKUP_VERSION,
            });
        }
        _ => return Err(BackupOpenError::Malformed("version".to_string())),
    }
    let mut slots = [None; 3];
    json.fields(
        &["format", "version", "envelope"],
        &mut slots,
        UnknownFields::Refused,
    )
    .map_err(|error| BackupOpenError::Malformed(error.to_string()))?;
    let [_, _, envelope] = slots;
    let envelope = json
        .required_str(envelope, "envelope")
        .map_err(|error| BackupOpenError::Malformed(error.to_string()))?;
    let envelope = Envelope::parse(envelope).map_err(BackupOpenError::Crypto)?;
    let id = envelope.key_id();
    // The passphrase in NFC, or as typed for a file sealed before passphrases were normalised.
    Key::open_with(passphrase, id, |key| envelope.open(key, BACKUP_CONTEXT))
        .map(|(_, text)| text)
        .map_err(|error| match error {
            CryptoError::WrongPassphraseOrDamaged => BackupOpenError::WrongPassphrase,
            error => BackupOpenError::Crypto(error),
        })
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

fn nothing_changed(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "Rien n'a été modifié.",
        Lang::En => "Nothing was changed.",
    }
}

impl Describe for UnlockError {
    fn describe(&self, lang: Lang) -> String {
        let what = match (self, lang) {
            (UnlockError::NotLocked, Lang::Fr) => {
                "Vos données ne sont pas chiffrées : il n'y a rien à déverrouiller.".to_string()
            }
            (UnlockError::NotLocked, Lang::En) => {
                "Your data is not encrypted: there is nothing to unlock.".to_string()
            }
            (UnlockError::Storage(error), Lang::Fr) => {
                format!("Le déverrouillage a échoué : {}.", error.words(lang))
            }
            (UnlockError::Storage(error), Lang::En) => {
                format!("Unlocking failed: {}.", error.words(lang))
            }
            (UnlockError::FromTheFuture { found, supported }, Lang::Fr) => format!(
                "Vos données ont été chiffrées par une version plus récente de Relance (verrou au format {found}, cette version lit jusqu'au format {supported}) : rechargez la page pour passer à la dernière version."
            ),
            (UnlockError::FromTheFuture { found, supported }, Lang::En) => format!(
                "Your data was encrypted by a newer version of Relance (lock format {found}; this version reads up to format {supported}): reload the page to get the latest version."
            ),
            (UnlockError::DamagedLock, Lang::Fr) => "L'enregistrement qui garde votre clé de chiffrement (relance.lock) est abîmé : il ne peut pas être lu.".to_string(),
            (UnlockError::DamagedLock, Lang::En) => "The record that keeps your encryption key (relance.lock) is damaged: it cannot be read.".to_string(),
            // (An altered lock record gives the same answer: the two cannot be told apart, and
            // the wrong passphrase is by far the likelier.)
            (UnlockError::WrongPassphrase, Lang::Fr) => "Phrase secrète incorrecte.".to_string(),
            (UnlockError::WrongPassphrase, Lang::En) => "Wrong passphrase.".to_string(),
            (UnlockError::Crypto(error), _) => error.cause(lang),
        };
        format!("{what} {}", nothing_changed(lang))
    }
}

impl MigrationError {
    /// What went wrong, without what became of the data.
    pub fn cause(&self, lang: Lang) -> String {
        match (self, lang) {
            (MigrationError::Storage(error), _) => {
                format!("{}.", capitalise(error.words(lang)))
            }
            (MigrationError::NoRandomness, Lang::Fr) => "Ce navigateur ne fournit pas les nombres aléatoires sûrs (Web Crypto) dont le chiffrement a besoin.".to_string(),
            (MigrationError::NoRandomness, Lang::En) => "This browser gives no secure random numbers (Web Crypto), which encryption needs.".to_string(),
            (MigrationError::Crypto(error), _) => error.cause(lang),
            (MigrationError::Value { key, error }, Lang::Fr) => format!(
                "La valeur enregistrée sous «\u{a0}{key}\u{a0}» ne peut pas être déchiffrée ({}).",
                error.cause(lang)
            ),
            (MigrationError::Value { key, error }, Lang::En) => format!(
                "The value stored under \"{key}\" cannot be decrypted ({}).",
                error.cause(lang)
            ),
            (MigrationError::LockChanged, Lang::Fr) => "Le chiffrement a été modifié dans un autre onglet (phrase secrète changée, ou chiffrement activé ou désactivé).".to_string(),
            (MigrationError::LockChanged, Lang::En) => "Encryption was changed in another tab (passphrase changed, or encryption turned on or off).".to_string(),
            (MigrationError::AlreadyOn, Lang::Fr) => "Vos données sont déjà chiffrées.".to_string(),
            (MigrationError::AlreadyOn, Lang::En) => "Your data is already encrypted.".to_string(),
            (MigrationError::Off, Lang::Fr) => "Le chiffrement est désactivé.".to_string(),
            (MigrationError::Off, Lang::En) => "Encryption is turned off.".to_string(),
            (MigrationError::Busy, Lang::Fr) => "Un autre onglet de Relance enregistre sans cesse pendant la conversion : fermez les autres onglets de Relance.".to_string(),
            (MigrationError::Busy, Lang::En) => "Another tab of Relance keeps saving during the conversion: close the other tabs of Relance.".to_string(),
            (MigrationError::NoRoom { sealed, quota, .. }, Lang::Fr) => format!(
                "Chiffrées, vos données occuperaient environ {}\u{a0}% de la place que le navigateur accorde à Relance (le chiffrement les grossit d'un tiers), sans laisser assez de place pour enregistrer vos modifications.",
                percent(*sealed, *quota)
            ),
            (MigrationError::NoRoom { sealed, quota, .. }, Lang::En) => format!(
                "Encrypted, your data would take about {}\u{a0}% of the room the browser gives Relance (encryption makes it a third larger), leaving too little to save your changes.",
                percent(*sealed, *quota)
            ),
        }
    }
}

/// `part` as a whole percentage of `whole`, rounded half up.
fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 100;
    }
    let scaled = u128::from(part) * 100 + u128::from(whole / 2);
    u64::try_from(scaled / u128::from(whole)).unwrap_or(u64::MAX)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Describe for MigrationError {
    fn describe(&self, lang: Lang) -> String {
        let after = match (self, lang) {
            (
                MigrationError::AlreadyOn | MigrationError::Off | MigrationError::NoRoom { .. },
                _,
            ) => nothing_changed(lang),
            (MigrationError::LockChanged, Lang::Fr) => {
                "Cet onglet n'a plus rien écrit : déverrouillez à nouveau."
            }
            (MigrationError::LockChanged, Lang::En) => "This tab wrote nothing more: unlock again.",
            (MigrationError::Value { .. }, Lang::Fr) => {
                "Relance s'est arrêté pour ne rien perdre : vos données restent lisibles telles quelles."
            }
            (MigrationError::Value { .. }, Lang::En) => {
                "Relance stopped so as to lose nothing: your data stays readable as it is."
            }
            (_, Lang::Fr) => {
                "Vos données restent lisibles telles quelles : réessayez pour terminer."
            }
            (_, Lang::En) => "Your data stays readable as it is: try again to finish.",
        };
        format!("{} {after}", self.cause(lang))
    }
}

impl<K: KeyValue> Describe for EnableError<K> {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (EnableError::NothingChanged(error), Lang::Fr) => format!(
                "Le chiffrement n'a pas été activé. {} {}",
                error.cause(lang),
                nothing_changed(lang)
            ),
            (EnableError::NothingChanged(error), Lang::En) => format!(
                "Encryption was not turned on. {} {}",
                error.cause(lang),
                nothing_changed(lang)
            ),
            (EnableError::Interrupted { error, .. }, Lang::Fr) => format!(
                "Le chiffrement a été interrompu. {} Vos données restent lisibles, en partie chiffrées : réessayez pour terminer.",
                error.cause(lang)
            ),
            (EnableError::Interrupted { error, .. }, Lang::En) => format!(
                "Encryption was interrupted. {} Your data stays readable, partly encrypted: try again to finish.",
                error.cause(lang)
            ),
        }
    }
}

/// What a value's crypto error adds to "cannot be decrypted": nothing when the envelope simply
/// does not open (the store is unlocked, so the passphrase is not at fault), its cause otherwise
/// (a malformed envelope…), after a space.
fn further_cause(error: &CryptoError, lang: Lang) -> String {
    match error {
        CryptoError::WrongPassphraseOrDamaged => String::new(),
        error => format!(" {}", error.cause(lang)),
    }
}

impl Describe for ValueError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (ValueError::Plaintext { key }, Lang::Fr) => format!(
                "La valeur enregistrée sous «\u{a0}{key}\u{a0}» n'est pas chiffrée alors que le chiffrement est activé : elle a été écrite en dehors de Relance, et n'est pas lue."
            ),
            (ValueError::Plaintext { key }, Lang::En) => format!(
                "The value stored under \"{key}\" is not encrypted although encryption is on: it was written outside Relance, and is not read."
            ),
            (ValueError::Undecryptable { key, error }, Lang::Fr) => format!(
                "La valeur enregistrée sous «\u{a0}{key}\u{a0}» ne peut pas être déchiffrée (altérée, déplacée depuis une autre clé, ou chiffrée avec une autre clé).{}",
                further_cause(error, lang)
            ),
            (ValueError::Undecryptable { key, error }, Lang::En) => format!(
                "The value stored under \"{key}\" cannot be decrypted (altered, moved from another key, or encrypted with another key).{}",
                further_cause(error, lang)
            ),
            (ValueError::NoRandomness, _) => MigrationError::NoRandomness.cause(lang),
            (ValueError::Seal { error, .. }, _) => error.cause(lang),
            (ValueError::LockChanged | ValueError::LockIsManaged, _) => {
                MigrationError::LockChanged.describe(lang)
            }
        }
    }
}

impl Describe for BackupOpenError {
    fn describe(&self, lang: Lang) -> String {
        let what = match (self, lang) {
            (BackupOpenError::NotEncrypted, Lang::Fr) => {
                "Ce fichier n'est pas une sauvegarde chiffrée de Relance.".to_string()
            }
            (BackupOpenError::NotEncrypted, Lang::En) => {
                "This file is not an encrypted Relance backup.".to_string()
            }
            (BackupOpenError::FromTheFuture { found, supported }, Lang::Fr) => format!(
                "Cette sauvegarde chiffrée a été faite par une version plus récente de Relance (format {found}, cette version lit jusqu'au format {supported}) : rechargez la page pour passer à la dernière version, puis réessayez."
            ),
            (BackupOpenError::FromTheFuture { found, supported }, Lang::En) => format!(
                "This encrypted backup was made by a newer version of Relance (format {found}; this version reads up to format {supported}): reload the page to get the latest version, then try again."
            ),
            (BackupOpenError::Malformed(detail), Lang::Fr) => {
                format!("Cette sauvegarde chiffrée est mal formée ({detail}).")
            }
            (BackupOpenError::Malformed(detail), Lang::En) => {
                format!("This encrypted backup is malformed ({detail}).")
            }
            (BackupOpenError::WrongPassphrase, Lang::Fr) => {
                "Phrase secrète incorrecte, ou fichier altéré.".to_string()
            }
            (BackupOpenError::WrongPassphrase, Lang::En) => {
                "Wrong passphrase, or the file was altered.".to_string()
            }
            (BackupOpenError::Crypto(error), _) => error.cause(lang),
        };
        format!("{what} {}", nothing_changed(lang))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::domain::{
        ClientDraft, Currency, InvoiceAmount, InvoiceDetails, InvoiceStatus, Ledger, Money,
        PenaltyClause, TermsDraft,
    };
    use crate::storage::backup;
    use crate::storage::crypto::DataEnvelope;
    use crate::storage::memory::MemoryKv;
    use crate::storage::repository::{LedgerRepository, LoadError};

    /// Cheap parameters for the tests (64 KiB, one pass).
    const FAST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    const PASS: &str = "correct horse battery staple";

    /// The words of the books that must never be readable once encryption is on.
    const SECRETS: [&str; 6] = [
        "Zéphyrine",
        "Boulangerie",
        "F-2025-00042",
        "1234.56",
        "relance-ledger",
        "Quokka",
    ];

    /// A deterministic source of "randomness": every draw starts with a counter that never
    /// repeats, so no two nonces of one test are equal.
    struct Counter(Cell<u64>);

    impl Random for Counter {
        fn fill(&self, bytes: &mut [u8]) -> Result<(), NoRandomness> {
            let n = self.0.get();
            self.0.set(n + 1);
            let tag = n.to_be_bytes();
            for (index, byte) in bytes.iter_mut().enumerate() {
                *byte = tag[index % 8].wrapping_add((index / 8) as u8 ^ 0x5b);
            }
            Ok(())
        }
    }

    fn rng() -> Rc<dyn Random> {
        Rc::new(Counter(Cell::new(1)))
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn sample_ledger() -> Ledger {
        let mut ledger = Ledger::new();
        let draft = ClientDraft {
            name: "Boulangerie Zéphyrine".into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            notes: "Quokka".into(),
            ..ClientDraft::default()
        };
        let client = ledger.add_client(draft.parse().unwrap()).unwrap();
        let terms = ledger.client(client).unwrap().details().default_terms();
        let details = InvoiceDetails::new(
            "F-2025-00042",
            client,
            day("2025-03-14"),
            InvoiceAmount::from_net(Money::new(dec!(1234.56), Currency::Eur), dec!(20)).unwrap(),
            terms,
            None,
            PenaltyClause::FrB2b,
        )
        .unwrap();
        ledger.add_invoice(details, InvoiceStatus::Sent).unwrap();
        ledger
    }

    /// A store holding the sample ledger (saved by the repository), the language, rates, the
    /// backup reminder, a quarantined copy, and a key of another app.
    fn setup() -> (MemoryKv, Ledger) {
        let kv = MemoryKv::new();
        let ledger = sample_ledger();
        let mut loaded = LedgerRepository::open(kv.clone(), "t1").unwrap();
        assert_eq!(loaded.repository.save(&ledger), Ok(1));
        for (key, value) in [
            ("relance.lang", "fr"),
            ("relance.rates", "relance-rates 1\nZéphyrine 3.5"),
            (
                "relance.backup",
                "{\"downloaded\":\"2025-06-01\",\"by\":\"Quokka\"}",
            ),
            (
                "relance.ledger.quarantine.1",
                "{\"format\":\"relance-ledger\",\"x\":\"Zéphyrine\"}",
            ),
            ("other.app", "not ours: Zéphyrine"),
        ] {
            kv.set(key, value).unwrap();
        }
        (kv, ledger)
    }

    fn open_ledger<K: KeyValue>(kv: K) -> Ledger {
        LedgerRepository::open(kv, "t2").unwrap().ledger
    }

    fn unlocked(kv: &MemoryKv, passphrase: &str, random: &Rc<dyn Random>) -> Unlocked<MemoryKv> {
        unlock(kv.clone(), passphrase, Rc::clone(random)).unwrap()
    }

    fn enabled(kv: &MemoryKv, random: &Rc<dyn Random>) -> Encrypted<MemoryKv> {
        enable(kv.clone(), PASS, FAST, Rc::clone(random)).unwrap()
    }

    /// Every value of the app, but the lock, reads through `store` as it was in `plain`.
    fn assert_reads_as(store: &Encrypted<MemoryKv>, plain: &BTreeMap<String, String>) {
        for (key, value) in plain {
            if key == LOCK || !key.starts_with(PREFIX) {
                continue;
            }
            assert_eq!(store.get(key).unwrap().as_ref(), Some(value), "{key}");
        }
        let keys: HashSet<String> = store
            .keys_with_prefix(PREFIX)
            .unwrap()
            .into_iter()
            .collect();
        let expected: HashSet<String> = plain
            .keys()
            .filter(|key| key.starts_with(PREFIX))
            .cloned()
            .chain([LOCK.to_string()])
            .collect();
        assert_eq!(keys, expected);
    }

    /// Nothing of the books is readable: every value of the app is a data envelope, but the
    /// language and the lock, whose texts are checked too.
    fn assert_nothing_readable(kv: &MemoryKv) {
        for (key, value) in kv.entries() {
            if !key.starts_with(PREFIX) {
                continue;
            }
            match key.as_str() {
                "relance.lang" => assert_eq!(value, "fr"),
                LOCK => {
                    assert!(
                        value.starts_with("relance-lock 1\nstate on\ndata-key "),
                        "{value}"
                    );
                }
                _ => {
                    assert!(value.starts_with(crypto::DATA_PREFIX), "{key}: {value}");
                    let envelope = DataEnvelope::parse(&value).unwrap();
                    assert!(!value.contains(['{', '"', ' ', '\n']), "{key}: {value}");
                    let _ = envelope;
                }
            }
            for secret in SECRETS {
                assert!(
                    !value.contains(secret),
                    "{secret} readable in {key}: {value}"
                );
            }
        }
        // The other app's key is not ours to touch.
        assert_eq!(
            kv.get("other.app").unwrap().as_deref(),
            Some("not ours: Zéphyrine")
        );
    }

    /// The keys whose values differ between two snapshots.
    fn values_to_seal(plain: &BTreeMap<String, String>) -> u64 {
        plain
            .keys()
            .filter(|key| key.starts_with(PREFIX) && !is_plain_key(key))
            .count() as u64
    }

    // --- turning encryption on and using it --------------------------------------------------

    #[test]
    fn enable_seals_every_value_and_the_ledger_reads_back_the_same() {
        let random = rng();
        let (kv, ledger) = setup();
        let plain = kv.entries();
        assert!(!is_locked(&kv));
        let store = enabled(&kv, &random);
        assert!(is_locked(&kv));
        assert_eq!(store.state(), Some(LockState::On));
        assert_nothing_readable(&kv);
        assert_reads_as(&store, &plain);
        assert_eq!(open_ledger(store.clone()), ledger);

        // Saves through the encrypted store are sealed too, and read back.
        let mut loaded = LedgerRepository::open(store.clone(), "t3").unwrap();
        let mut changed = loaded.ledger.clone();
        let draft = ClientDraft {
            name: "Zéphyrine Quokka SARL".into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft {
                kind: "on-receipt".into(),
                ..TermsDraft::default()
            },
            ..ClientDraft::default()
        };
        changed.add_client(draft.parse().unwrap()).unwrap();
        assert_eq!(loaded.repository.save(&changed), Ok(2));
        assert_nothing_readable(&kv);

        // Another session: unlock from the bare store.
        let again = unlocked(&kv, PASS, &random);
        assert_eq!(again.interrupted, None);
        assert_eq!(open_ledger(again.store), changed);
        assert_eq!(store.last_error(), None);
    }

    #[test]
    fn the_lock_record_has_the_documented_form() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let lock = kv.get(LOCK).unwrap().unwrap();
        let lines: Vec<&str> = lock.split('\n').collect();
        assert_eq!(lines.len(), 5, "{lock}");
        assert_eq!(lines[0], "relance-lock 1");
        assert_eq!(lines[1], "state on");
        assert_eq!(lines[2], format!("data-key {}", store.data_key_id()));
        assert!(
            lines[3].starts_with("wrapped relance-enc1:64:1:1:"),
            "{lock}"
        );
        assert_eq!(lines[4], "");
        // Every value names the same data key.
        for (key, value) in kv.entries() {
            if key.starts_with("relance.") && !is_plain_key(&key) {
                assert_eq!(
                    DataEnvelope::parse(&value).unwrap().key_id(),
                    store.data_key_id()
                );
            }
        }
    }

    #[test]
    fn the_language_stays_readable_before_unlocking() {
        let random = rng();
        let (kv, _) = setup();
        enabled(&kv, &random);
        assert_eq!(kv.get("relance.lang").unwrap().as_deref(), Some("fr"));
        let store = unlocked(&kv, PASS, &random).store;
        store.set("relance.lang", "en").unwrap();
        assert_eq!(kv.get("relance.lang").unwrap().as_deref(), Some("en"));
        assert_eq!(store.get("relance.lang").unwrap().as_deref(), Some("en"));
    }

    #[test]
    fn enable_refuses_data_already_encrypted_and_writes_nothing() {
        let random = rng();
        let (kv, _) = setup();
        enabled(&kv, &random);
        let before = kv.entries();
        let operations = kv.operations();
        match enable(kv.clone(), "another", FAST, Rc::clone(&random)) {
            Err(EnableError::NothingChanged(MigrationError::AlreadyOn)) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(kv.entries(), before);
        assert_eq!(kv.operations(), operations);
    }

    #[test]
    fn without_randomness_nothing_is_written() {
        let (kv, _) = setup();
        let before = kv.entries();
        let none: Rc<dyn Random> = Rc::new(|_: &mut [u8]| Err(NoRandomness));
        match enable(kv.clone(), PASS, FAST, Rc::clone(&none)) {
            Err(EnableError::NothingChanged(MigrationError::NoRandomness)) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(kv.entries(), before);

        // Unlocked with no randomness: reads work, writes are refused and write nothing.
        enabled(&kv, &rng());
        let sealed = kv.entries();
        let store = unlocked(&kv, PASS, &none).store;
        assert!(store.get("relance.rates").unwrap().is_some());
        assert_eq!(
            store.set("relance.rates", "x"),
            Err(StorageError::Undecryptable)
        );
        assert_eq!(store.last_error(), Some(ValueError::NoRandomness));
        assert_eq!(kv.entries(), sealed);
    }

    // --- unlocking ------------------------------------------------------------------------------

    #[test]
    fn a_wrong_passphrase_is_refused_and_the_store_is_byte_identical() {
        let random = rng();
        let (kv, _) = setup();
        enabled(&kv, &random);
        let before = kv.entries();
        let operations = kv.operations();
        for wrong in [
            "",
            "Correct horse battery staple",
            "correct horse battery staple ",
        ] {
            let error = unlock(kv.clone(), wrong, Rc::clone(&random)).unwrap_err();
            assert_eq!(error, UnlockError::WrongPassphrase);
            assert!(error.describe(Lang::En).starts_with("Wrong passphrase"));
            assert!(error.describe(Lang::En).ends_with("Nothing was changed."));
            assert!(error.describe(Lang::Fr).ends_with("Rien n'a été modifié."));
        }
        assert_eq!(kv.entries(), before);
        assert_eq!(kv.operations(), operations);
    }

    #[test]
    fn unlocking_plain_data_says_there_is_nothing_to_unlock() {
        let (kv, _) = setup();
        assert_eq!(
            unlock(kv.clone(), PASS, rng()).map(|_| ()),
            Err(UnlockError::NotLocked)
        );
    }

    #[test]
    fn the_lock_record_is_authenticated_and_versioned() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let lock = kv.get(LOCK).unwrap().unwrap();
        let id = store.data_key_id().to_string();
        let other_id = "0000000000000000";
        let cases = [
            // Edited by hand: no longer opens, as a wrong passphrase.
            (
                lock.replace("state on", "state decrypting"),
                UnlockError::WrongPassphrase,
            ),
            (
                lock.replace("state on", "state encrypting"),
                UnlockError::WrongPassphrase,
            ),
            (lock.replace(&id, other_id), UnlockError::WrongPassphrase),
            // Not a lock record.
            (
                lock.replace("state on", "state off"),
                UnlockError::DamagedLock,
            ),
            (lock.trim_end().to_string(), UnlockError::DamagedLock),
            (format!("{lock}\n"), UnlockError::DamagedLock),
            (
                lock.replace("relance-lock 1", "relance-lock 01"),
                UnlockError::DamagedLock,
            ),
            (
                lock.replace("relance-lock 1", "relance-lock 0"),
                UnlockError::DamagedLock,
            ),
            (
                lock.replace("relance-lock 1", "relance-lock"),
                UnlockError::DamagedLock,
            ),
            (
                lock.replace("wrapped ", "wrapped"),
                UnlockError::DamagedLock,
            ),
            (String::new(), UnlockError::DamagedLock),
            // From a newer Relance, whatever follows.
            (
                lock.replace("relance-lock 1", "relance-lock 2"),
                UnlockError::FromTheFuture {
                    found: 2,
                    supported: 1,
                },
            ),
            (
                "relance-lock 17\nsomething else entirely".to_string(),
                UnlockError::FromTheFuture {
                    found: 17,
                    supported: 1,
                },
            ),
            // Parameters that would take the app down are refused before any derivation.
            (
                lock.replace("relance-enc1:64:1:1:", "relance-enc1:1048576:100:1:"),
                UnlockError::Crypto(CryptoError::MemoryTooLarge {
                    memory_kib: 1 << 20,
                }),
            ),
            (
                lock.replace("relance-enc1:64:1:1:", "relance-enc1:65536:100:1:"),
                UnlockError::Crypto(CryptoError::BadParams {
                    params: KdfParams {
                        memory_kib: 1 << 16,
                        iterations: 100,
                        parallelism: 1,
                    },
                }),
            ),
        ];
        for (text, expected) in cases {
            let kv = MemoryKv::with_entries([(LOCK, text.as_str())]);
            let operations = kv.operations();
            let result = unlock(kv.clone(), PASS, Rc::clone(&random)).map(|_| ());
            assert_eq!(result, Err(expected), "{text}");
            assert_eq!(kv.operations(), operations);
            assert_eq!(kv.get(LOCK).unwrap().as_deref(), Some(text.as_str()));
        }
    }

    // --- what the store refuses -----------------------------------------------------------------

    #[test]
    fn a_value_moved_to_another_key_is_refused() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let shards: Vec<String> = kv
            .keys_with_prefix("relance.ledger.")
            .unwrap()
            .into_iter()
            .filter(|key| !key.starts_with("relance.ledger.quarantine."))
            .collect();
        let (first, second) = (&shards[0], &shards[1]);
        let moved = kv.get(first).unwrap().unwrap();
        kv.set(second, &moved).unwrap();
        assert_eq!(store.get(second), Err(StorageError::Undecryptable));
        assert_eq!(
            store.last_error(),
            Some(ValueError::Undecryptable {
                key: second.clone(),
                error: CryptoError::WrongPassphraseOrDamaged,
            })
        );
        // The value still opens under its own key.
        assert!(store.get(first).is_ok());
        // The ledger does not load (and nothing is written over it).
        let before = kv.entries();
        match LedgerRepository::open(store.clone(), "t4") {
            Err(LoadError::Storage(StorageError::Undecryptable)) => {}
            other => panic!("{:?}", other.map(|loaded| loaded.ledger)),
        }
        assert_eq!(kv.entries(), before);
        // The manifest moved to the rates: refused as well.
        kv.set("relance.rates", &kv.get(LEDGER).unwrap().unwrap())
            .unwrap();
        assert_eq!(store.get("relance.rates"), Err(StorageError::Undecryptable));
    }

    #[test]
    fn a_tampered_envelope_is_refused() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let manifest = kv.get(LEDGER).unwrap().unwrap();
        // One character of the ciphertext (not the last, whose low bits may be padding).
        let at = manifest.len() - 10;
        let old = &manifest[at..at + 1];
        let new = if old == "A" { "B" } else { "A" };
        let tampered = format!("{}{new}{}", &manifest[..at], &manifest[at + 1..]);
        kv.set(LEDGER, &tampered).unwrap();
        assert_eq!(store.get(LEDGER), Err(StorageError::Undecryptable));
        assert_eq!(
            store.last_error(),
            Some(ValueError::Undecryptable {
                key: LEDGER.to_string(),
                error: CryptoError::WrongPassphraseOrDamaged,
            })
        );
        // Sealed under another data key (another installation).
        let foreign = DataKey::from_bytes([7; 32], DataKeyId::from_bytes([7; 8]))
            .seal(&Nonce::from_bytes([1; 12]), "Zéphyrine", "relance.rates")
            .unwrap();
        kv.set("relance.rates", &foreign).unwrap();
        assert_eq!(store.get("relance.rates"), Err(StorageError::Undecryptable));
        assert_eq!(
            store.last_error(),
            Some(ValueError::Undecryptable {
                key: "relance.rates".to_string(),
                error: CryptoError::OtherDataKey,
            })
        );
        // Cut short.
        kv.set("relance.backup", &manifest[..manifest.len() / 2])
            .unwrap();
        assert_eq!(
            store.get("relance.backup"),
            Err(StorageError::Undecryptable)
        );
    }

    #[test]
    fn a_plain_value_is_refused_once_encryption_is_on() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        kv.set("relance.rates", "relance-rates 1\nforged").unwrap();
        assert_eq!(store.get("relance.rates"), Err(StorageError::Undecryptable));
        assert_eq!(
            store.last_error(),
            Some(ValueError::Plaintext {
                key: "relance.rates".to_string()
            })
        );
        // A missing value is simply missing.
        assert_eq!(store.get("relance.nothing"), Ok(None));
    }

    #[test]
    fn the_lock_cannot_be_written_through_the_store() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let lock = kv.get(LOCK).unwrap();
        assert_eq!(
            store.set(LOCK, "relance-lock 1\n"),
            Err(StorageError::Undecryptable)
        );
        assert_eq!(store.last_error(), Some(ValueError::LockIsManaged));
        assert_eq!(store.remove(LOCK), Err(StorageError::Undecryptable));
        assert_eq!(kv.get(LOCK).unwrap(), lock);
        // Reading it gives the record as it is (nothing in it is secret).
        assert_eq!(store.get(LOCK).unwrap(), lock);
    }

    #[test]
    fn another_tab_changing_the_lock_stops_this_one_writing() {
        let random = rng();
        let (kv, _) = setup();
        enabled(&kv, &random);
        let tab_a = unlocked(&kv, PASS, &random).store;
        let tab_b = unlocked(&kv, PASS, &random).store;
        change_passphrase(&tab_a, "new passphrase", FAST).unwrap();
        let before = kv.entries();
        assert_eq!(
            tab_b.set("relance.rates", "x"),
            Err(StorageError::Undecryptable)
        );
        assert_eq!(tab_b.last_error(), Some(ValueError::LockChanged));
        assert_eq!(
            disable(&tab_b).map(|_| ()),
            Err(MigrationError::LockChanged)
        );
        assert_eq!(
            change_passphrase(&tab_b, "b's idea", FAST),
            Err(ChangeError::NothingChanged(MigrationError::LockChanged))
        );
        assert_eq!(kv.entries(), before);
        // Tab A goes on; tab B, whose data key was replaced, reads nothing more (the app locks
        // it) and reads and writes again once unlocked anew.
        tab_a.set("relance.rates", "from a").unwrap();
        assert_eq!(tab_b.get("relance.rates"), Err(StorageError::Undecryptable));
        let tab_b = unlocked(&kv, "new passphrase", &random).store;
        tab_b.set("relance.rates", "from b").unwrap();
        assert_eq!(
            tab_a.get("relance.rates").unwrap().as_deref(),
            Some("from b")
        );
    }

    // --- changing the passphrase ---------------------------------------------------------------

    /// Every key of `kv` with its value as `store` reads it (plain), the lock as it is.
    fn read_through(kv: &MemoryKv, store: &Encrypted<MemoryKv>) -> BTreeMap<String, String> {
        kv.entries()
            .into_keys()
            .filter_map(|key| Some((key.clone(), store.get(&key).ok()??)))
            .collect()
    }

    /// The data key every sealed value of `kv` names (all the same), or `None` if they differ.
    fn the_one_data_key(kv: &MemoryKv) -> Option<DataKeyId> {
        let ids: HashSet<String> = kv
            .entries()
            .into_iter()
            .filter(|(key, _)| key.starts_with(PREFIX) && !is_plain_key(key))
            .map(|(_, value)| DataEnvelope::parse(&value).unwrap().key_id().to_string())
            .collect();
        (ids.len() == 1)
            .then(|| {
                ids.into_iter()
                    .next()
                    .and_then(|id| DataKeyId::from_hex(&id))
            })
            .flatten()
    }

    #[test]
    fn changing_the_passphrase_re_encrypts_every_value_under_a_new_data_key() {
        let random = rng();
        let (kv, ledger) = setup();
        let store = enabled(&kv, &random);
        let plain = read_through(&kv, &store);
        let old_id = store.data_key_id();
        let old_lock = kv.get(LOCK).unwrap().unwrap();
        let operations = kv.operations();
        change_passphrase(&store, "a new passphrase", FAST).unwrap();
        // The lock (rekeying), every value, the lock again (on).
        assert_eq!(kv.operations(), operations + 1 + values_to_seal(&plain) + 1);
        assert_ne!(store.data_key_id(), old_id);
        assert_eq!(the_one_data_key(&kv), Some(store.data_key_id()));
        assert_nothing_readable(&kv);
        assert_reads_as(&store, &plain);
        assert!(!kv.get(LOCK).unwrap().unwrap().contains("old-"));

        assert_eq!(
            unlock(kv.clone(), PASS, Rc::clone(&random)).map(|_| ()),
            Err(UnlockError::WrongPassphrase)
        );
        let again = unlocked(&kv, "a new passphrase", &random);
        assert_eq!(again.interrupted, None);
        assert_eq!(again.store.data_key_id(), store.data_key_id());
        assert_eq!(open_ledger(again.store), ledger);

        // Someone who kept the old lock record and knows the old passphrase gets the old
        // data key, which opens nothing stored now.
        let copy = MemoryKv::with_entries(
            kv.entries()
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str())),
        );
        copy.set(LOCK, &old_lock).unwrap();
        let old = unlocked(&copy, PASS, &random).store;
        assert_eq!(old.data_key_id(), old_id);
        for key in plain.keys().filter(|key| !is_plain_key(key)) {
            assert_eq!(old.get(key), Err(StorageError::Undecryptable), "{key}");
        }

        // The store that changed it goes on writing.
        store.set("relance.rates", "still mine").unwrap();
        // Other parameters may come with a new passphrase.
        let stronger = KdfParams {
            memory_kib: 128,
            iterations: 2,
            parallelism: 1,
        };
        change_passphrase(&store, "third", stronger).unwrap();
        assert!(
            kv.get(LOCK)
                .unwrap()
                .unwrap()
                .contains("wrapped relance-enc1:128:2:1:")
        );
        assert_eq!(open_ledger(unlocked(&kv, "third", &random).store), ledger);
    }

    #[test]
    fn a_refused_passphrase_change_keeps_the_old_one() {
        let random = rng();
        let (kv, ledger) = setup();
        let store = enabled(&kv, &random);
        let old_id = store.data_key_id();
        let before = kv.entries();
        kv.fail_write(1);
        assert_eq!(
            change_passphrase(&store, "new", FAST),
            Err(ChangeError::NothingChanged(MigrationError::Storage(
                StorageError::WriteRefused
            )))
        );
        assert_eq!(kv.entries(), before);
        assert_eq!(
            unlock(kv.clone(), "new", Rc::clone(&random)).map(|_| ()),
            Err(UnlockError::WrongPassphrase)
        );
        assert_eq!(open_ledger(unlocked(&kv, PASS, &random).store), ledger);
        // And the store still reads and writes under the key and lock it knows.
        assert_eq!(store.data_key_id(), old_id);
        store.set("relance.rates", "x").unwrap();
        assert_eq!(store.get("relance.rates").unwrap().as_deref(), Some("x"));
        assert_eq!(the_one_data_key(&kv), Some(old_id));
        // Out-of-bounds parameters: refused before anything is written.
        let operations = kv.operations();
        let bad = KdfParams {
            memory_kib: 1,
            iterations: 1,
            parallelism: 1,
        };
        assert_eq!(
            change_passphrase(&store, "new", bad),
            Err(ChangeError::NothingChanged(MigrationError::Crypto(
                CryptoError::BadParams { params: bad }
            )))
        );
        assert_eq!(kv.operations(), operations);
    }

    /// Interrupted at any write, a change of passphrase loses nothing: before the lock is
    /// written the old passphrase opens everything; after, only the new one does, the data
    /// reads the same, and resuming (with the store at hand, or after unlocking again)
    /// re-seals the rest. Turning encryption off meanwhile finishes the change first.
    #[test]
    fn a_passphrase_change_interrupted_at_any_write_loses_nothing_and_resumes() {
        let random = rng();
        let mut n = 1;
        loop {
            let (kv, ledger) = setup();
            let store = enabled(&kv, &random);
            let plain = read_through(&kv, &store);
            let writes = 1 + values_to_seal(&plain) + 1;
            kv.fail_write(n);
            match change_passphrase(&store, "new passphrase", FAST) {
                Ok(()) => assert_eq!(n, writes + 1),
                Err(ChangeError::NothingChanged(error)) => {
                    assert_eq!(n, 1);
                    assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                    assert_eq!(open_ledger(unlocked(&kv, PASS, &random).store), ledger);
                    n += 1;
                    continue;
                }
                Err(ChangeError::Interrupted(error)) => {
                    assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                    assert_eq!(store.state(), Some(LockState::Rekeying));
                    assert_eq!(
                        unlock(kv.clone(), PASS, Rc::clone(&random)).map(|_| ()),
                        Err(UnlockError::WrongPassphrase)
                    );
                    assert_reads_as(&store, &plain);
                    let resumed = match n % 3 {
                        0 => store.clone(),
                        1 => {
                            let again = unlocked(&kv, "new passphrase", &random);
                            assert_eq!(again.interrupted, Some(Migration::Rekeying));
                            assert_reads_as(&again.store, &plain);
                            again.store
                        }
                        _ => {
                            // Turning it off finishes the change, then decrypts.
                            let again = unlocked(&kv, "new passphrase", &random).store;
                            let plain_kv = disable(&again).unwrap();
                            for (key, value) in &plain {
                                if key != LOCK {
                                    assert_eq!(
                                        plain_kv.get(key).unwrap().as_ref(),
                                        Some(value),
                                        "{key}"
                                    );
                                }
                            }
                            assert!(!is_locked(&kv));
                            n += 1;
                            continue;
                        }
                    };
                    assert_eq!(resume(&resumed), Ok(Finished::Encrypted));
                }
            }
            assert_eq!(the_one_data_key(&kv), Some(store.data_key_id()));
            assert_nothing_readable(&kv);
            let again = unlocked(&kv, "new passphrase", &random);
            assert_eq!(again.interrupted, None);
            assert_eq!(open_ledger(again.store), ledger);
            if n == writes + 1 {
                break;
            }
            n += 1;
        }
    }

    /// The rekeying lock is authenticated like any: its old key cannot be dropped or swapped,
    /// nor the state edited, without the passphrase refusing it.
    #[test]
    fn the_rekeying_lock_is_authenticated() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        kv.fail_write(2);
        assert!(matches!(
            change_passphrase(&store, "new passphrase", FAST),
            Err(ChangeError::Interrupted(_))
        ));
        let lock = kv.get(LOCK).unwrap().unwrap();
        let lines: Vec<&str> = lock.lines().collect();
        assert_eq!(lines.len(), 6, "{lock}");
        assert_eq!(lines[1], "state rekeying");
        assert!(lines[4].starts_with("old-data-key "));
        assert!(lines[5].starts_with("old-wrapped relance-enc1:"));
        let try_lock = |text: &str| {
            let copy = MemoryKv::with_entries(
                kv.entries()
                    .iter()
                    .map(|(key, value)| (key.as_str(), value.as_str())),
            );
            copy.set(LOCK, text).unwrap();
            unlock(copy, "new passphrase", Rc::clone(&random)).map(|_| ())
        };
        assert_eq!(try_lock(&lock), Ok(()));
        // Without the old key, or with a state that would drop it: refused.
        let without_old = format!("{}\n", lines[..4].join("\n"));
        assert_eq!(try_lock(&without_old), Err(UnlockError::DamagedLock));
        let said_on = lock.replace("state rekeying", "state on");
        assert_eq!(try_lock(&said_on), Err(UnlockError::DamagedLock));
        // Another id for the old key: its wrapping no longer opens.
        let other_id = lock.replace(lines[4], "old-data-key 0000000000000000");
        assert_eq!(try_lock(&other_id), Err(UnlockError::WrongPassphrase));
    }

    // --- turning encryption off -----------------------------------------------------------------

    #[test]
    fn disable_gives_back_every_value_exactly_as_it_was() {
        let random = rng();
        let (kv, ledger) = setup();
        let plain = kv.entries();
        let store = enabled(&kv, &random);
        let repository_store = store.clone();
        let back = disable(&store).unwrap();
        assert_eq!(kv.entries(), plain);
        assert!(!is_locked(&kv));
        assert_eq!(store.state(), None);
        assert_eq!(open_ledger(back), ledger);
        // A clone kept by the tab's repository now reads and writes plain values.
        repository_store
            .set("relance.rates", "plain again")
            .unwrap();
        assert_eq!(
            kv.get("relance.rates").unwrap().as_deref(),
            Some("plain again")
        );
        assert_eq!(
            change_passphrase(&store, "x", FAST),
            Err(ChangeError::NothingChanged(MigrationError::Off))
        );
        // And encryption can be turned on again, with a new data key.
        let again = enabled(&kv, &random);
        assert_ne!(again.data_key_id(), store.data_key_id());
        assert_nothing_readable(&kv);
    }

    #[test]
    fn disable_stops_at_a_value_it_cannot_open_and_loses_nothing() {
        let random = rng();
        let (kv, _) = setup();
        let store = enabled(&kv, &random);
        let manifest = kv.get(LEDGER).unwrap().unwrap();
        kv.set("relance.rates", &manifest).unwrap();
        assert_eq!(
            disable(&store).map(|_| ()),
            Err(MigrationError::Value {
                key: "relance.rates".to_string(),
                error: CryptoError::WrongPassphraseOrDamaged,
            })
        );
        // The lock stays (decrypting): the envelopes still have their key.
        assert!(is_locked(&kv));
        assert_eq!(store.state(), Some(LockState::Decrypting));
        assert_eq!(
            kv.get("relance.rates").unwrap().as_deref(),
            Some(manifest.as_str())
        );
    }

    // --- interruptions ----------------------------------------------------------------------------

    /// Interrupted at each of its writes in turn, `enable` leaves a store that unlocks and
    /// reads exactly as before, and resuming completes it.
    #[test]
    fn an_enable_interrupted_at_any_write_loses_nothing_and_resumes() {
        let random = rng();
        let mut n = 1;
        loop {
            let (kv, ledger) = setup();
            let plain = kv.entries();
            // The manifest, 17 shards, a quarantined copy, the rates, the backup reminder.
            assert_eq!(values_to_seal(&plain), 21);
            kv.fail_write(n);
            let store = match enable(kv.clone(), PASS, FAST, Rc::clone(&random)) {
                Ok(store) => {
                    // The lock, every value, the lock again: each write was refused in turn.
                    assert_eq!(n, 1 + values_to_seal(&plain) + 1 + 1);
                    store
                }
                Err(EnableError::NothingChanged(error)) => {
                    assert_eq!(n, 1);
                    assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                    assert_eq!(kv.entries(), plain);
                    assert!(!is_locked(&kv));
                    assert_eq!(open_ledger(kv.clone()), ledger);
                    n += 1;
                    continue;
                }
                Err(EnableError::Interrupted { store, error }) => {
                    assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                    assert_eq!(store.state(), Some(LockState::Encrypting));
                    // Either resume with the store at hand, or unlock again later.
                    let store = if n % 2 == 0 {
                        store
                    } else {
                        drop(store);
                        let unlocked = unlocked(&kv, PASS, &random);
                        assert_eq!(unlocked.interrupted, Some(Migration::Encrypting));
                        unlocked.store
                    };
                    assert_reads_as(&store, &plain);
                    assert_eq!(open_ledger(store.clone()), ledger);
                    // Interrupted again on resuming, if there is anything left to write.
                    kv.fail_write(1);
                    let _ = resume(&store);
                    kv.clear_failures();
                    assert_reads_as(&store, &plain);
                    assert_eq!(resume(&store), Ok(Finished::Encrypted));
                    store
                }
            };
            assert_eq!(store.state(), Some(LockState::On));
            assert_nothing_readable(&kv);
            assert_reads_as(&store, &plain);
            let again = unlocked(&kv, PASS, &random);
            assert_eq!(again.interrupted, None);
            assert_eq!(open_ledger(again.store), ledger);
            assert_eq!(store.last_error(), None);
            if n == 1 + values_to_seal(&plain) + 1 + 1 {
                break;
            }
            n += 1;
        }
    }

    /// The same for `disable`: at any write, the store still unlocks and reads the same,
    /// and resuming gives back the plain store exactly.
    #[test]
    fn a_disable_interrupted_at_any_write_loses_nothing_and_resumes() {
        let random = rng();
        let mut n = 1;
        loop {
            let (kv, ledger) = setup();
            let plain = kv.entries();
            let store = enabled(&kv, &random);
            let sealed = kv.entries();
            kv.fail_write(n);
            match disable(&store) {
                Ok(_) => {
                    // The lock, then every value (removing the lock is not a refusable write).
                    assert_eq!(n, 1 + values_to_seal(&plain) + 1);
                    assert_eq!(kv.entries(), plain);
                    break;
                }
                Err(error) => {
                    assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                    kv.clear_failures();
                    let unlocked = unlocked(&kv, PASS, &random);
                    if n == 1 {
                        assert_eq!(unlocked.interrupted, None);
                        assert_eq!(kv.entries(), sealed);
                    } else {
                        assert_eq!(unlocked.interrupted, Some(Migration::Decrypting));
                    }
                    assert_reads_as(&unlocked.store, &plain);
                    assert_eq!(open_ledger(unlocked.store.clone()), ledger);
                    let finished = if n == 1 {
                        disable(&unlocked.store).map(|_| Finished::Decrypted)
                    } else {
                        resume(&unlocked.store)
                    };
                    assert_eq!(finished, Ok(Finished::Decrypted));
                    assert_eq!(kv.entries(), plain);
                    assert_eq!(open_ledger(kv.clone()), ledger);
                }
            }
            n += 1;
        }
    }

    /// A full storage (sealed values are larger): enabling stops, the data reads the same,
    /// and with room made, resuming completes.
    #[test]
    fn a_full_storage_interrupts_enable_without_loss() {
        let random = rng();
        let (kv, ledger) = setup();
        let plain = kv.entries();
        kv.set_quota(Some(kv.used() + kv.used() / 5));
        let store = match enable(kv.clone(), PASS, FAST, Rc::clone(&random)) {
            Err(EnableError::Interrupted { store, error }) => {
                assert_eq!(error, MigrationError::Storage(StorageError::WriteRefused));
                let message = EnableError::<MemoryKv>::Interrupted {
                    store: store.clone(),
                    error,
                }
                .describe(Lang::En);
                assert!(message.contains("storage full"), "{message}");
                store
            }
            other => panic!("{other:?}"),
        };
        assert_reads_as(&store, &plain);
        assert_eq!(open_ledger(store.clone()), ledger);
        kv.set_quota(None);
        assert_eq!(resume(&store), Ok(Finished::Encrypted));
        assert_nothing_readable(&kv);
    }

    /// A plain value written by another (plain) tab during a migration is caught by the last
    /// pass, and its save was refused as stale once the manifest was sealed.
    #[test]
    fn values_written_meanwhile_are_sealed_by_the_last_pass() {
        let random = rng();
        let (kv, ledger) = setup();
        let mut plain_tab = LedgerRepository::open(kv.clone(), "t5").unwrap();
        kv.fail_write(3);
        let store = match enable(kv.clone(), PASS, FAST, Rc::clone(&random)) {
            Err(EnableError::Interrupted { store, .. }) => store,
            other => panic!("{other:?}"),
        };
        // The manifest is sealed: the plain tab's save is refused, nothing written.
        let mut changed = ledger.clone();
        let draft = ClientDraft {
            name: "Late Quokka".into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft {
                kind: "on-receipt".into(),
                ..TermsDraft::default()
            },
            ..ClientDraft::default()
        };
        changed.add_client(draft.parse().unwrap()).unwrap();
        let before = kv.entries();
        assert!(matches!(
            plain_tab.repository.save(&changed),
            Err(crate::storage::repository::SaveError::Stale { .. })
        ));
        assert_eq!(kv.entries(), before);
        // Another plain write lands anyway (a key the first pass already listed).
        kv.set("relance.backup", "written meanwhile by Quokka")
            .unwrap();
        assert_eq!(resume(&store), Ok(Finished::Encrypted));
        assert_nothing_readable(&kv);
        assert_eq!(
            store.get("relance.backup").unwrap().as_deref(),
            Some("written meanwhile by Quokka")
        );
    }

    // --- nonces ------------------------------------------------------------------------------------

    #[test]
    fn no_nonce_is_ever_used_twice_under_one_key() {
        let random = rng();
        let (kv, ledger) = setup();
        let mut seen: HashSet<String> = HashSet::new();
        let mut nonces: HashSet<[u8; 12]> = HashSet::new();
        let mut record = |kv: &MemoryKv| {
            for (key, value) in kv.entries() {
                if crypto::is_data_envelope(&value) && seen.insert(value.clone()) {
                    let nonce = *DataEnvelope::parse(&value).unwrap().nonce().as_bytes();
                    assert!(nonces.insert(nonce), "nonce reused in {key}");
                }
            }
        };
        let store = enabled(&kv, &random);
        record(&kv);
        let mut loaded = LedgerRepository::open(store.clone(), "t6").unwrap();
        let mut current = ledger;
        for round in 0..5 {
            let draft = ClientDraft {
                name: format!("Client {round}"),
                country: "FR".into(),
                kind: "business".into(),
                terms: TermsDraft {
                    kind: "on-receipt".into(),
                    ..TermsDraft::default()
                },
                ..ClientDraft::default()
            };
            current.add_client(draft.parse().unwrap()).unwrap();
            loaded.repository.save(&current).unwrap();
            // The same text written again is sealed afresh.
            store.set("relance.rates", "same text").unwrap();
            record(&kv);
        }
        change_passphrase(&store, "other", FAST).unwrap();
        store.set("relance.rates", "same text").unwrap();
        record(&kv);
        assert!(nonces.len() >= 15, "{}", nonces.len());
    }

    // --- backups ----------------------------------------------------------------------------------

    #[test]
    fn an_unlocked_store_seals_backups_that_its_passphrase_opens() {
        let (kv, ledger) = setup();
        let random = rng();
        let store = enabled(&kv, &random);
        let plain = backup::create(
            &ledger,
            &[],
            &backup::Settings::default(),
            day("2025-06-01"),
        )
        .unwrap();
        let sealed = store.seal_backup(&plain).unwrap();
        assert!(is_encrypted_backup(&sealed));
        assert!(!sealed.contains("Zéphyrine"));
        assert_eq!(open_backup(&sealed, PASS).as_deref(), Ok(plain.as_str()));
        assert_eq!(
            open_backup(&sealed, "wrong"),
            Err(BackupOpenError::WrongPassphrase)
        );
        // After a passphrase change, new backups open with the new one.
        change_passphrase(&store, "a new passphrase", FAST).unwrap();
        let resealed = store.seal_backup(&plain).unwrap();
        assert_eq!(
            open_backup(&resealed, "a new passphrase").as_deref(),
            Ok(plain.as_str())
        );
        assert_eq!(
            open_backup(&resealed, PASS),
            Err(BackupOpenError::WrongPassphrase)
        );
        // No randomness: no backup.
        let none: Rc<dyn Random> = Rc::new(|_: &mut [u8]| Err(NoRandomness));
        let blind = unlocked(&kv, "a new passphrase", &none).store;
        assert_eq!(blind.seal_backup(&plain), Err(ValueError::NoRandomness));
    }

    #[test]
    fn a_store_knows_when_another_tab_changed_the_lock() {
        let (kv, _) = setup();
        let random = rng();
        let first = enabled(&kv, &random);
        assert!(first.lock_is_current());
        let second = unlocked(&kv, PASS, &random).store;
        change_passphrase(&second, "another one", FAST).unwrap();
        assert!(second.lock_is_current());
        assert!(!first.lock_is_current());
        assert_eq!(
            first.set("relance.rates", "x"),
            Err(StorageError::Undecryptable)
        );
        assert_eq!(first.last_error(), Some(ValueError::LockChanged));
        disable(&second).unwrap();
        assert_eq!(second.state(), None);
        assert!(second.lock_is_current());
        assert!(!first.lock_is_current());
    }

    #[test]
    fn encrypted_backups_round_trip_and_refuse_a_wrong_passphrase() {
        let ledger = sample_ledger();
        let plain = backup::create(
            &ledger,
            &[],
            &backup::Settings::default(),
            day("2025-06-01"),
        )
        .unwrap();
        let salt = Salt::from_bytes([3; 16]);
        let nonce = Nonce::from_bytes([4; 12]);
        let sealed = seal_backup(&plain, PASS, FAST, &salt, &nonce).unwrap();
        assert!(is_encrypted_backup(&sealed));
        assert!(!is_encrypted_backup(&plain));
        assert!(!is_encrypted_backup("not even json"));
        for secret in SECRETS {
            if secret != "relance-ledger" {
                assert!(!sealed.contains(secret), "{secret}");
            }
        }
        assert!(
            sealed.contains("\"format\": \"relance-encrypted-backup\""),
            "{sealed}"
        );

        let opened = open_backup(&sealed, PASS).unwrap();
        assert_eq!(opened, plain);
        assert_eq!(backup::read(&opened).unwrap().ledger, ledger);

        assert_eq!(
            open_backup(&sealed, "wrong"),
            Err(BackupOpenError::WrongPassphrase)
        );
        assert_eq!(
            open_backup(&plain, PASS),
            Err(BackupOpenError::NotEncrypted)
        );
        assert_eq!(open_backup("[1]", PASS), Err(BackupOpenError::NotEncrypted));
        let newer = sealed.replace("\"version\": 1", "\"version\": 2");
        assert_eq!(
            open_backup(&newer, PASS),
            Err(BackupOpenError::FromTheFuture {
                found: 2,
                supported: 1
            })
        );
        assert!(is_encrypted_backup(&newer));
        let extra = sealed.replacen('{', "{\"extra\": 1,", 1);
        assert!(matches!(
            open_backup(&extra, PASS),
            Err(BackupOpenError::Malformed(_))
        ));
        // One character of the ciphertext changed.
        let at = sealed.rfind('"').unwrap() - 8;
        let old = &sealed[at..at + 1];
        let tampered = format!(
            "{}{}{}",
            &sealed[..at],
            if old == "A" { "B" } else { "A" },
            &sealed[at + 1..]
        );
        assert_eq!(
            open_backup(&tampered, PASS),
            Err(BackupOpenError::WrongPassphrase)
        );
    }

    /// Turned on with a passphrase whose accents are decomposed (one device), unlocked with
    /// the same passphrase composed (another device): the same key, since passphrases are
    /// normalised to NFC.
    #[test]
    fn a_passphrase_typed_with_composed_accents_unlocks_what_decomposed_ones_locked() {
        let random = rng();
        let (kv, ledger) = setup();
        drop(
            enable(
                kv.clone(),
                "Noe\u{308}l a\u{300} Be\u{301}ziers",
                FAST,
                Rc::clone(&random),
            )
            .unwrap(),
        );
        let opened = unlocked(&kv, "No\u{eb}l \u{e0} B\u{e9}ziers", &random);
        assert_eq!(open_ledger(opened.store), ledger);
    }

    /// An encrypted backup sealed before passphrases were normalised, under the bytes of the
    /// passphrase as typed with decomposed accents (frozen; opened independently with Python's
    /// `cryptography`: only the decomposed bytes open it): it opens typed as it was, and typed
    /// with composed accents.
    #[test]
    fn an_encrypted_backup_sealed_before_normalisation_still_opens() {
        const ENVELOPE: &str = "relance-enc1:64:1:1:YmFja3VwLXNhbHQtMDAwMQ==:YmFja3VwLW5vbmNl:bW11FvUPOPwa0Gk2rikoT1/1wvFw0ubRv13YfhvG6aYIrc2m5vV+9YfnUHgFYY3rbJkr";
        let file = format!(
            "{{\n  \"format\": \"relance-encrypted-backup\",\n  \"version\": 1,\n  \"envelope\": \"{ENVELOPE}\"\n}}"
        );
        assert!(is_encrypted_backup(&file));
        for typed in [
            "Noe\u{308}l a\u{300} Be\u{301}ziers",
            "No\u{eb}l \u{e0} B\u{e9}ziers",
        ] {
            assert_eq!(
                open_backup(&file, typed).as_deref(),
                Ok("the plain backup, sealed before NFC"),
                "{typed:?}"
            );
        }
        assert_eq!(
            open_backup(&file, "Noel a Beziers"),
            Err(BackupOpenError::WrongPassphrase)
        );
    }

    /// An encrypted backup from elsewhere whose envelope asks for 1 GiB of memory is refused
    /// by name before any derivation: the message says how much it asked and the bound.
    #[test]
    fn an_encrypted_backup_asking_for_1_gib_is_refused_by_name() {
        let ledger = sample_ledger();
        let plain = backup::create(
            &ledger,
            &[],
            &backup::Settings::default(),
            day("2025-06-01"),
        )
        .unwrap();
        let sealed = seal_backup(
            &plain,
            PASS,
            FAST,
            &Salt::from_bytes([3; 16]),
            &Nonce::from_bytes([4; 12]),
        )
        .unwrap();
        let crafted = sealed.replace("relance-enc1:64:1:1:", "relance-enc1:1048576:1:1:");
        assert_ne!(crafted, sealed);
        let started = std::time::Instant::now();
        let error = open_backup(&crafted, PASS).unwrap_err();
        assert_eq!(
            error,
            BackupOpenError::Crypto(CryptoError::MemoryTooLarge {
                memory_kib: 1 << 20
            })
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        let message = error.describe(Lang::En);
        assert!(
            message.contains("1024 MiB") && message.contains("256 MiB"),
            "{message}"
        );
        assert!(error.describe(Lang::Fr).contains("256\u{a0}Mio"));
    }

    // --- room ----------------------------------------------------------------------------------

    #[test]
    fn check_room_foresees_the_sealed_size_and_a_save_s_headroom() {
        let (kv, _) = setup();
        let random = rng();
        let plain = kv.entries();
        let units = |text: &str| text.encode_utf16().count() as u64;
        let app: Vec<(&String, &String)> = plain
            .iter()
            .filter(|(key, _)| key.starts_with(PREFIX))
            .collect();
        // What enable() will actually write, measured afterwards on a copy.
        let copy = MemoryKv::with_entries(plain.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        enable(copy.clone(), PASS, FAST, Rc::clone(&random)).unwrap();
        // Every key of the origin counts (another app's too, as it is).
        let sealed: u64 = copy
            .entries()
            .iter()
            .map(|(key, value)| units(key) + units(value))
            .sum();
        let largest = copy
            .entries()
            .iter()
            .filter(|(key, _)| key.starts_with(PREFIX) && key.as_str() != LOCK)
            .map(|(_, value)| units(value))
            .max()
            .unwrap();
        // The lock record, key and value, is counted as LOCK_ROOM.
        let lock = units(LOCK) + units(&copy.get(LOCK).unwrap().unwrap());
        let needed = sealed - lock + LOCK_ROOM + largest;
        assert!(lock <= LOCK_ROOM, "{lock}");
        assert!(!app.is_empty());
        assert_eq!(check_room(&kv, needed), Ok(()));
        assert_eq!(
            check_room(&kv, needed - 1),
            Err(MigrationError::NoRoom {
                sealed: needed - largest,
                needed,
                quota: needed - 1
            })
        );
        // Checking writes nothing.
        assert_eq!(kv.entries(), plain);
        // Already sealed values count as they are (the stored lock too, besides LOCK_ROOM).
        let store = enabled(&kv, &random);
        assert_eq!(
            check_room(store.store(), sealed + LOCK_ROOM + largest),
            Ok(())
        );
    }

    // --- messages ----------------------------------------------------------------------------------

    #[test]
    fn the_room_message_gives_the_sealed_share_of_the_quota() {
        let error = MigrationError::NoRoom {
            sealed: 5_157_000,
            needed: 5_475_000,
            quota: 5_242_880,
        };
        assert!(
            error
                .describe(Lang::En)
                .starts_with("Encrypted, your data would take about 98\u{a0}%"),
            "{}",
            error.describe(Lang::En)
        );
        assert!(error.describe(Lang::Fr).ends_with("Rien n'a été modifié."));
    }

    #[test]
    fn every_error_is_described_in_both_languages() {
        let unlock_errors = [
            UnlockError::NotLocked,
            UnlockError::Storage(StorageError::Unavailable),
            UnlockError::FromTheFuture {
                found: 2,
                supported: 1,
            },
            UnlockError::DamagedLock,
            UnlockError::WrongPassphrase,
            UnlockError::Crypto(CryptoError::OutOfMemory { memory_kib: 19_456 }),
        ];
        let backup_errors = [
            BackupOpenError::NotEncrypted,
            BackupOpenError::FromTheFuture {
                found: 2,
                supported: 1,
            },
            BackupOpenError::Malformed("envelope".to_string()),
            BackupOpenError::WrongPassphrase,
            BackupOpenError::Crypto(CryptoError::TooLarge),
        ];
        let mut nothing_changed: Vec<Box<dyn Describe>> = Vec::new();
        for error in unlock_errors {
            nothing_changed.push(Box::new(error));
        }
        for error in backup_errors {
            nothing_changed.push(Box::new(error));
        }
        nothing_changed.push(Box::new(EnableError::<MemoryKv>::NothingChanged(
            MigrationError::NoRandomness,
        )));
        nothing_changed.push(Box::new(MigrationError::AlreadyOn));
        nothing_changed.push(Box::new(MigrationError::Off));
        nothing_changed.push(Box::new(MigrationError::NoRoom {
            sealed: 5_100_000,
            needed: 5_400_000,
            quota: 5_242_880,
        }));
        for error in &nothing_changed {
            let (fr, en) = (error.describe(Lang::Fr), error.describe(Lang::En));
            assert!(fr.ends_with("Rien n'a été modifié."), "{fr}");
            assert!(en.ends_with("Nothing was changed."), "{en}");
            assert_ne!(fr, en);
        }
        let others: Vec<Box<dyn Describe>> = vec![
            Box::new(MigrationError::Storage(StorageError::WriteRefused)),
            Box::new(MigrationError::NoRandomness),
            Box::new(MigrationError::Crypto(CryptoError::OutOfMemory {
                memory_kib: 1,
            })),
            Box::new(MigrationError::Value {
                key: "relance.rates".to_string(),
                error: CryptoError::OtherDataKey,
            }),
            Box::new(MigrationError::LockChanged),
            Box::new(MigrationError::Busy),
            Box::new(ValueError::Plaintext {
                key: "relance.rates".to_string(),
            }),
            Box::new(ValueError::Undecryptable {
                key: "relance.rates".to_string(),
                error: CryptoError::WrongPassphraseOrDamaged,
            }),
            Box::new(ValueError::NoRandomness),
            Box::new(ValueError::Seal {
                key: "relance.rates".to_string(),
                error: CryptoError::TooLarge,
            }),
            Box::new(ValueError::LockChanged),
            Box::new(ValueError::LockIsManaged),
        ];
        for error in &others {
            let (fr, en) = (error.describe(Lang::Fr), error.describe(Lang::En));
            assert!(!fr.is_empty() && !en.is_empty());
            assert_ne!(fr, en);
            assert!(fr.ends_with('.') && en.ends_with('.'), "{fr} / {en}");
            assert!(!en.contains("Nothing was changed"), "{en}");
        }
        assert_eq!(
            MigrationError::Storage(StorageError::WriteRefused).describe(Lang::En),
            "The browser refused to save (storage full, or saving disabled). Your data stays readable as it is: try again to finish."
        );
    }
}
