//! `localStorage` access: the only code in the crate that touches `web_sys::Storage`.
//!
//! Storage may be missing (disabled, sandboxed iframe, some private modes) or full: every
//! function here returns a `Result` or an `Option` and never panics.

use thiserror::Error;

/// Why a read or a write of browser storage failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LocalStorageError {
    #[error("this browser does not let the app use its storage (disabled, or a private window)")]
    Unavailable,
    #[error("the browser refused to save (storage full, or saving disabled)")]
    WriteRefused,
}

/// The name the rest of the crate uses (only this file may name browser storage).
pub type StorageError = LocalStorageError;

fn storage() -> Result<web_sys::Storage, LocalStorageError> {
    // Probe: `window.localStorage` itself throws when storage is disabled.
    match web_sys::window().map(|window| window.local_storage()) {
        Some(Ok(Some(storage))) => Ok(storage),
        _ => Err(LocalStorageError::Unavailable),
    }
}

/// Reads a key; `Ok(None)` when it was never written.
pub fn read(key: &str) -> Result<Option<String>, LocalStorageError> {
    storage()?
        .get_item(key)
        .map_err(|_| LocalStorageError::Unavailable)
}

/// Writes a key, replacing its value.
pub fn write(key: &str, value: &str) -> Result<(), LocalStorageError> {
    storage()?
        .set_item(key, value)
        .map_err(|_| LocalStorageError::WriteRefused)
}

/// Removes every key of the app (`relance.…`) from this browser's storage, quarantined copies
/// included, and returns how many were removed. Other sites' and other apps' keys are untouched.
pub fn erase_all() -> Result<usize, LocalStorageError> {
    let storage = storage()?;
    let count = storage
        .length()
        .map_err(|_| LocalStorageError::Unavailable)?;
    let keys: Vec<String> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(crate::storage::keys::PREFIX))
        .collect();
    for key in &keys {
        storage
            .remove_item(key)
            .map_err(|_| LocalStorageError::WriteRefused)?;
    }
    Ok(keys.len())
}
