//! Where the user's data is kept, and whether it is encrypted: the one [`Store`] that the books,
//! the user's rates and the backup reminder all read and write through, and the state of
//! encryption at rest ([`Encryption`]).
//!
//! At start, a lock record (`relance.lock`, see `storage::encrypted`) means the data is
//! encrypted: nothing is read until the user unlocks it (the unlock screen replaces every
//! page); then the store is the unlocked [`Encrypted`] one, which seals every write. The
//! operations that need the key derivation (unlock, turn on, change, turn off) live in lazy
//! chunks (`ui::unlock`, `ui::settings::encryption_section`); this module only holds the
//! outcome. It is a leaf: `state::session` makes a new store the vault's and tells the books
//! and the rates to read again, and watches another tab's changes to the lock.

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

pub use crate::storage::encrypted::Migration;
use crate::storage::encrypted::{Encrypted, LOCK, NoRandomness, Random};
use crate::storage::key_value::{KeyValue, StorageError};
use crate::storage::local::LocalKv;
use crate::storage::memory::MemoryKv;

/// Where the data is kept: the browser's storage (plain or encrypted), or (when it is
/// unavailable) memory.
#[derive(Clone, Debug)]
pub enum Store {
    Local(LocalKv),
    Memory(MemoryKv),
    /// The browser's storage, encrypted and unlocked.
    Sealed(Sealed),
    /// The browser's storage, encrypted and not unlocked: every read and write is refused
    /// (nothing plain may be written among the sealed values).
    Locked,
}

/// The browser's storage, encrypted and unlocked: the [`Encrypted`] store, and the same store
/// as a `dyn KeyValue`. Reads and writes go through the latter, so that the ciphers are
/// reached through a vtable made where the store is made (the unlock screen, Settings: lazy
/// chunks), not linked into the code every first visit downloads.
#[derive(Clone)]
pub struct Sealed {
    store: Encrypted<LocalKv>,
    kv: Rc<dyn KeyValue>,
}

impl Sealed {
    pub fn new(store: Encrypted<LocalKv>) -> Sealed {
        Sealed {
            kv: Rc::new(store.clone()),
            store,
        }
    }

    pub fn store(&self) -> &Encrypted<LocalKv> {
        &self.store
    }
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealed")
    }
}

impl KeyValue for Store {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self {
            Store::Local(store) => store.get(key),
            Store::Memory(store) => store.get(key),
            Store::Sealed(sealed) => sealed.kv.get(key),
            Store::Locked => Err(StorageError::Locked),
        }
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        match self {
            Store::Local(store) => store.set(key, value),
            Store::Memory(store) => store.set(key, value),
            Store::Sealed(sealed) => sealed.kv.set(key, value),
            Store::Locked => Err(StorageError::Locked),
        }
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        match self {
            Store::Local(store) => store.remove(key),
            Store::Memory(store) => store.remove(key),
            Store::Sealed(sealed) => sealed.kv.remove(key),
            Store::Locked => Err(StorageError::Locked),
        }
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        match self {
            Store::Local(store) => store.keys_with_prefix(prefix),
            Store::Memory(store) => store.keys_with_prefix(prefix),
            Store::Sealed(sealed) => sealed.kv.keys_with_prefix(prefix),
            Store::Locked => Err(StorageError::Locked),
        }
    }
}

/// Whether the stored data is encrypted, and whether this tab can read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// Not encrypted (or storage is unavailable).
    Off,
    /// Encrypted and not unlocked in this tab: the unlock screen is shown, nothing is read.
    Locked,
    /// Encrypted and unlocked: every value written is sealed.
    On,
    /// Unlocked, and turning encryption on or off was interrupted (a refused write, a closed
    /// tab). The data reads as before; Settings offers to finish.
    Interrupted(Migration),
}

/// A store to use next, and the state of encryption it is in: what unlocking, turning
/// encryption on or off, or finishing a migration leaves (`state::encryption`).
pub struct Opened {
    pub store: Store,
    pub encryption: Encryption,
}

/// The store and the state of encryption, provided in context by [`provide_vault`].
#[derive(Clone, Copy)]
pub struct Vault {
    /// `Encrypted` and `MemoryKv` are not `Send`: the wrapper is sound in this
    /// single-threaded app.
    store: StoredValue<SendWrapper<Store>>,
    encryption: RwSignal<Encryption>,
}

impl Vault {
    /// The store to read and write through (a clone: clones share the storage and the keys).
    /// Once the app is gone (never while it runs), a store that refuses everything.
    pub fn store(self) -> Store {
        self.store
            .try_with_value(|store| (**store).clone())
            .unwrap_or(Store::Locked)
    }

    /// The state of encryption (tracks).
    pub fn encryption(self) -> Encryption {
        self.encryption.get()
    }

    /// The state of encryption, untracked (for a command).
    pub fn encryption_untracked(self) -> Encryption {
        self.encryption.get_untracked()
    }

    /// Whether what is written now is sealed: encryption on or being migrated (tracks).
    pub fn is_encrypted(self) -> bool {
        matches!(
            self.encryption.get(),
            Encryption::On | Encryption::Interrupted(_)
        )
    }

    /// Whether the data lives in memory only (storage unavailable).
    pub fn is_memory(self) -> bool {
        matches!(self.store(), Store::Memory(_))
    }

    /// The unlocked store, when encryption is on or being migrated.
    pub fn sealed(self) -> Option<Encrypted<LocalKv>> {
        match self.store() {
            Store::Sealed(sealed) => Some(sealed.store),
            _ => None,
        }
    }

    /// Reads and writes through `store` from now on, in the state `encryption`; only the
    /// session calls this (`state::session`), which tells the books and the rates.
    pub(super) fn set(self, store: Store, encryption: Encryption) {
        self.store.set_value(SendWrapper::new(store));
        self.encryption.set(encryption);
    }
}

/// Looks at storage once: locked (a lock record), plain, or unavailable (memory).
pub fn provide_vault() -> Vault {
    let (store, encryption) = match LocalKv.get(LOCK) {
        Ok(Some(_)) => (Store::Locked, Encryption::Locked),
        Ok(None) => (Store::Local(LocalKv), Encryption::Off),
        Err(_) => (Store::Memory(MemoryKv::new()), Encryption::Off),
    };
    let vault = Vault {
        store: StoredValue::new(SendWrapper::new(store)),
        encryption: RwSignal::new(encryption),
    };
    provide_context(vault);
    vault
}

pub fn use_vault() -> Vault {
    use_context::<Vault>().unwrap_or_else(|| {
        crate::state::context::not_provided("Vault");
        provide_vault()
    })
}

/// Web Crypto's `getRandomValues`: salts, keys and nonces.
pub fn web_random() -> Rc<dyn Random> {
    Rc::new(|bytes: &mut [u8]| {
        let crypto = web_sys::window()
            .and_then(|window| window.crypto().ok())
            .ok_or(NoRandomness)?;
        // getRandomValues fills at most 65,536 bytes per call.
        for chunk in bytes.chunks_mut(65_536) {
            crypto
                .get_random_values_with_u8_array(chunk)
                .map_err(|_| NoRandomness)?;
        }
        Ok(())
    })
}

/// Lets the browser paint (a "working…" line) before a slow, blocking computation such as a
/// key derivation.
pub async fn let_the_page_paint() {
    pause(30).await;
}

/// Gives the browser back its thread for `milliseconds` at least (0: until the next task), so
/// a long computation done in chunks keeps the page responsive.
pub async fn pause(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
