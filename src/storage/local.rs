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

/// Characters (UTF-16 units) every key and value of this origin takes, the app's and any
/// other's: what counts against the quota. Read without copying the values into wasm.
fn origin_usage(storage: &web_sys::Storage) -> Option<u64> {
    let count = storage.length().ok()?;
    let mut chars: u64 = 0;
    for index in 0..count {
        let key = storage.key(index).ok().flatten()?;
        let value_len = js_sys::Reflect::get(storage, &wasm_bindgen::JsValue::from_str(&key))
            .ok()
            .and_then(|value| value.dyn_into::<js_sys::JsString>().ok())
            .map_or(0, |value| value.length());
        chars = chars
            .saturating_add(u64::try_from(key.encode_utf16().count()).unwrap_or(u64::MAX))
            .saturating_add(u64::from(value_len));
    }
    Some(chars)
}

/// The most characters a probe writes in one value (four times Chromium's quota): a browser
/// that allows more is reported as allowing this much.
pub const PROBE_CEILING: u64 = 4 * 5_242_880;

/// Measures what `localStorage` lets this origin hold, in characters (keys and values, UTF-16
/// units), by writing ever larger values under a scratch key ([`keys::QUOTA_PROBE`]) until one
/// is refused: [`largest_fitting`] from `guess` (the expected quota), so a right guess costs two
/// writes. Never touches another key; the scratch key is removed before returning (and at
/// every start, [`remove_leftover_probe`], should the tab die meanwhile). `None` when storage
/// is unavailable or refuses even an empty value.
///
/// [`keys::QUOTA_PROBE`]: crate::storage::keys::QUOTA_PROBE
pub fn probe_quota(guess: u64) -> Option<u64> {
    let storage = storage().ok()?;
    let key = crate::storage::keys::QUOTA_PROBE;
    storage.remove_item(key).ok()?;
    let used = origin_usage(&storage)?;
    let key_len = u64::try_from(key.len()).unwrap_or(u64::MAX);
    let set_item: js_sys::Function =
        js_sys::Reflect::get(&storage, &wasm_bindgen::JsValue::from_str("setItem"))
            .ok()?
            .dyn_into()
            .ok()?;
    let key_value = wasm_bindgen::JsValue::from_str(key);
    let unit = js_sys::JsString::from("x");
    let room = PROBE_CEILING.saturating_sub(used).saturating_sub(key_len);
    let fits = |chars: u64| {
        // The value is made by JavaScript (no copy of megabytes through wasm); a count above
        // `i32` is never asked (the ceiling is far below).
        let Ok(count) = i32::try_from(chars) else {
            return false;
        };
        set_item
            .call2(&storage, &key_value, &unit.repeat(count))
            .is_ok()
    };
    let largest = largest_fitting(
        guess.saturating_sub(used).saturating_sub(key_len),
        room,
        fits,
    );
    let removed = storage.remove_item(key).is_ok();
    if !removed {
        return None;
    }
    largest.map(|chars| used.saturating_add(key_len).saturating_add(chars))
}

/// Removes the scratch key of a measure the tab did not finish (it died meanwhile).
pub fn remove_leftover_probe() {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(crate::storage::keys::QUOTA_PROBE);
    }
}

/// The largest `n` in `0..=max` for which `fits(n)` holds, `fits` being true up to some `n`
/// and false above; `None` when not even 0 fits. Starts at `guess`: gallops away from it
/// (1, 2, 4… further) until the answer is bracketed, then halves the bracket, so a guess right
/// to one costs two calls and one off by `d` about 2·log2(d) + 2.
pub fn largest_fitting(guess: u64, max: u64, mut fits: impl FnMut(u64) -> bool) -> Option<u64> {
    let guess = guess.min(max);
    // `low` fits, `high` does not (`None`: above `max`).
    let (mut low, mut high): (u64, Option<u64>) = if fits(guess) {
        let mut low = guess;
        let mut step = 1u64;
        loop {
            let Some(next) = low.checked_add(step).filter(|next| *next <= max) else {
                if low == max || fits(max) {
                    return Some(max);
                }
                break (low, Some(max));
            };
            if fits(next) {
                low = next;
                step = step.saturating_mul(2);
            } else {
                break (low, Some(next));
            }
        }
    } else {
        let mut high = guess;
        let mut step = 1u64;
        loop {
            if high == 0 {
                return None;
            }
            let next = high.saturating_sub(step);
            if fits(next) {
                break (next, Some(high));
            }
            high = next;
            step = step.saturating_mul(2);
        }
    };
    while let Some(top) = high {
        if top.saturating_sub(low) <= 1 {
            break;
        }
        let middle = low + (top - low) / 2;
        if fits(middle) {
            low = middle;
        } else {
            high = Some(middle);
        }
    }
    Some(low)
}

#[cfg(test)]
mod tests {
    use super::largest_fitting;

    #[test]
    fn the_search_finds_the_limit_from_any_guess_and_a_right_guess_costs_two_writes() {
        for limit in [0u64, 1, 2, 5, 100, 5_242_856, 5_242_857, 20_000_000] {
            for guess in [0u64, 1, 5_242_856, 5_242_857, 5_242_858, 30_000_000] {
                let mut calls = 0;
                let found = largest_fitting(guess, 20_971_520, |n| {
                    calls += 1;
                    n <= limit
                });
                assert_eq!(
                    found,
                    Some(limit.min(20_971_520)),
                    "limit {limit}, guess {guess}"
                );
                assert!(calls <= 2 * 64 + 2, "{calls} calls");
                if guess == limit {
                    assert_eq!(calls, 2, "limit {limit}");
                }
                if guess.abs_diff(limit) == 1 {
                    assert!(calls <= 4, "limit {limit}, guess {guess}: {calls}");
                }
            }
        }
        assert_eq!(largest_fitting(10, 100, |_| false), None);
        // Everything fits: the ceiling.
        assert_eq!(largest_fitting(10, 100, |_| true), Some(100));
    }
}
