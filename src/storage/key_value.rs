//! The string key-value store every stored text goes through ([`KeyValue`]), and why a read or
//! a write of it fails ([`StorageError`]). Implemented by browser storage (`local::LocalKv`),
//! memory (`memory::MemoryKv`) and encryption (`encrypted::Encrypted`, over another store);
//! used by the ledger's repository, the user's rates and the backups.

use thiserror::Error;

/// A string key-value store: browser storage (`local::LocalKv`), or
/// [`MemoryKv`](super::memory::MemoryKv).
pub trait KeyValue {
    /// The value under `key`; `Ok(None)` when there is none.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores `value` under `key`, replacing any value.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Removes `key` (nothing happens if there is none).
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// Every key starting with `prefix`, in any order.
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}

/// Why a read or a write of a store failed (browser storage, or a store over it).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    #[error("this browser does not let the app use its storage (disabled, or a private window)")]
    Unavailable,
    #[error("the browser refused to save (storage full, or saving disabled)")]
    WriteRefused,
    /// Encryption is on and a stored value cannot be opened with the unlocked key (altered,
    /// written outside Relance, or another tab changed the encryption): `storage::encrypted`
    /// keeps the details.
    #[error("a stored value cannot be decrypted")]
    Undecryptable,
    /// The data is encrypted and this tab has not unlocked it: nothing is read or written.
    #[error("the data is encrypted and locked")]
    Locked,
}

impl StorageError {
    /// What went wrong, as a clause for a sentence ("… : <words>."), in `lang`.
    pub fn words(&self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::Lang;
        match (self, lang) {
            (StorageError::Unavailable, Lang::Fr) => {
                "ce navigateur ne laisse pas Relance utiliser son stockage (désactivé, ou fenêtre privée)"
            }
            (StorageError::Unavailable, Lang::En) => {
                "this browser does not let Relance use its storage (disabled, or a private window)"
            }
            (StorageError::WriteRefused, Lang::Fr) => {
                "le navigateur a refusé d'enregistrer (stockage plein, ou enregistrement désactivé)"
            }
            (StorageError::WriteRefused, Lang::En) => {
                "the browser refused to save (storage full, or saving disabled)"
            }
            (StorageError::Undecryptable, Lang::Fr) => {
                "une valeur enregistrée ne peut pas être déchiffrée (altérée, écrite hors de Relance, ou chiffrement modifié dans un autre onglet)"
            }
            (StorageError::Undecryptable, Lang::En) => {
                "a stored value cannot be decrypted (altered, written outside Relance, or encryption changed in another tab)"
            }
            (StorageError::Locked, Lang::Fr) => {
                "vos données sont chiffrées et ne sont pas déverrouillées dans cet onglet"
            }
            (StorageError::Locked, Lang::En) => {
                "your data is encrypted and not unlocked in this tab"
            }
        }
    }
}
