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
