//! `localStorage` access: the only code in the crate that touches `web_sys::Storage`.
//!
//! Storage may be missing (disabled, sandboxed iframe, some private modes) or full: every
//! function here returns a `Result` or an `Option` and never panics.

use wasm_bindgen::JsCast;

use super::key_value::{KeyValue, StorageError};

fn storage() -> Result<web_sys::Storage, StorageError> {
    // Probe: `window.localStorage` itself throws when storage is disabled.
    match web_sys::window().map(|window| window.local_storage()) {
        Some(Ok(Some(storage))) => Ok(storage),
        _ => Err(StorageError::Unavailable),
    }
}

/// Reads a key; `Ok(None)` when it was never written.
pub fn read(key: &str) -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(key)
        .map_err(|_| StorageError::Unavailable)
}

/// Writes a key, replacing its value.
pub fn write(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?
        .set_item(key, value)
        .map_err(|_| StorageError::WriteRefused)
}

/// Removes a key (nothing happens if there is none).
pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?
        .remove_item(key)
        .map_err(|_| StorageError::WriteRefused)
}

/// Every key that starts with `prefix`, in the browser's order.
pub fn keys_with_prefix(prefix: &str) -> Result<Vec<String>, StorageError> {
    let storage = storage()?;
    let count = storage.length().map_err(|_| StorageError::Unavailable)?;
    Ok((0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect())
}

/// `localStorage` as a [`KeyValue`] store, for the ledger's repository. It holds nothing:
/// each call finds the browser's storage afresh (`web_sys::Storage` cannot be kept in a
/// `Send` context).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LocalKv;

impl KeyValue for LocalKv {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        read(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        write(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        remove(key)
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        keys_with_prefix(prefix)
    }
}

/// Removes every key of the app (`relance.…`) from this browser's storage, quarantined copies
/// included, and returns how many were removed. Other sites' and other apps' keys are untouched.
pub fn erase_all() -> Result<usize, StorageError> {
    let storage = storage()?;
    let count = storage.length().map_err(|_| StorageError::Unavailable)?;
    let keys: Vec<String> = (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(crate::storage::keys::PREFIX))
        .collect();
    for key in &keys {
        storage
            .remove_item(key)
            .map_err(|_| StorageError::WriteRefused)?;
    }
    Ok(keys.len())
}

/// What the app's keys (`relance.…`) take in this browser's storage: (characters of keys and
/// values, as browsers count them against their ~5 million quota; number of keys). `None`
/// when storage is unavailable.
pub fn usage() -> Option<(u64, usize)> {
    let storage = storage().ok()?;
    let count = storage.length().ok()?;
    let mut chars: u64 = 0;
    let mut keys = 0;
    for index in 0..count {
        let Some(key) = storage.key(index).ok().flatten() else {
            continue;
        };
        if !key.starts_with(crate::storage::keys::PREFIX) {
            continue;
        }
        // The value's length as JavaScript counts it (UTF-16 units, what the quota counts),
        // read without copying the text into wasm: with 10,000 invoices that is ~3.8 M
        // characters, re-measured after every change while Settings is open.
        let value_len = js_sys::Reflect::get(&storage, &wasm_bindgen::JsValue::from_str(&key))
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::JsString>().ok())
            .map_or(0, |value| value.length());
        let size = u64::try_from(key.encode_utf16().count())
            .unwrap_or(u64::MAX)
            .saturating_add(u64::from(value_len));
        chars = chars.saturating_add(size);
        keys += 1;
    }
    Some((chars, keys))
}
