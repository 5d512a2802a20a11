//! What this device stores for Relance as a whole, beyond the books and the rates: how much of
//! the browser's quota it takes, whether the browser keeps it, every stored text as it is (the
//! rescue download of the unlock and recovery screens), and erasing it all. Screens ask here;
//! only state calls storage.

use std::collections::BTreeMap;

pub use crate::storage::durability::Persistence;

/// Whether the browser keeps the data (`navigator.storage.persisted()`).
pub async fn persistence() -> Persistence {
    crate::storage::durability::current().await
}

/// Asks the browser to keep the data (`navigator.storage.persist()`), and returns its answer.
pub async fn ask_persistence() -> Persistence {
    crate::storage::durability::request().await
}

/// What the app's keys take in this browser's storage: (characters, as the quota counts them;
/// number of keys). `None` when storage is unavailable.
pub fn usage() -> Option<(u64, usize)> {
    crate::storage::local::usage()
}

/// The fallback when the quota cannot be measured ([`quota_chars`]): what Chromium lets one
/// site keep in `localStorage`, 5 MiB of UTF-16 units (keys and values together).
pub const LOCAL_STORAGE_QUOTA_CHARS: u64 = 5_242_880;

thread_local! {
    /// The quota measured in this page (probed once: it does not change while the page lives).
    static MEASURED: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

/// What `localStorage` lets this origin hold, in characters: measured once per page
/// ([`crate::storage::local::probe_quota`], a scratch key written then removed, two writes
/// when the browser's quota is Chromium's), then kept in memory; Chromium's figure when it
/// cannot be measured (storage unavailable). Synchronous: call it off the first paint (the
/// Data page measures it after painting; turning encryption on needs it).
pub fn quota_chars() -> u64 {
    if let Some(measured) = MEASURED.with(std::cell::Cell::get) {
        return measured;
    }
    // Measuring fills the storage for an instant: a save another tab makes in that instant
    // would be refused (and said, and kept, but for nothing). So the quota is measured only
    // when the figure matters, the app's data taking half of Chromium's figure or more; below,
    // that figure is told as it is, "roughly".
    let used = usage().map_or(0, |(chars, _)| chars);
    if !worth_measuring(used) {
        return LOCAL_STORAGE_QUOTA_CHARS;
    }
    match crate::storage::local::probe_quota(LOCAL_STORAGE_QUOTA_CHARS) {
        Some(measured) => {
            MEASURED.with(|cell| cell.set(Some(measured)));
            measured
        }
        None => LOCAL_STORAGE_QUOTA_CHARS,
    }
}

/// Whether the quota is worth measuring when the app's data takes `used` characters: from half
/// of Chromium's figure on (where "how much room is left" starts to matter).
pub fn worth_measuring(used: u64) -> bool {
    used >= LOCAL_STORAGE_QUOTA_CHARS / 2
}

/// [`quota_chars`], bounded by the browser's own estimate of what the whole site may store
/// (`navigator.storage.estimate()`: on a nearly full disk it may be below `localStorage`'s
/// limit; Chromium leaves `localStorage` out of its usage figure, so only the quota is used).
pub async fn measure_quota() -> u64 {
    let estimate = crate::storage::durability::estimate().await;
    bounded_quota(quota_chars(), estimate.map(|estimate| estimate.quota))
}

/// `probed` characters, at most the `site_quota_bytes` the browser estimates the whole site may
/// store (two bytes a character); an estimate of 0 (no answer worth the name) is ignored.
pub fn bounded_quota(probed: u64, site_quota_bytes: Option<u64>) -> u64 {
    match site_quota_bytes {
        Some(bytes) if bytes > 0 => probed.min(bytes / 2),
        _ => probed,
    }
}

/// Removes every key of the app from this browser's storage (quarantined copies included;
/// other sites' and other apps' keys untouched). `false`: the browser refused.
pub fn erase_all() -> bool {
    crate::storage::local::erase_all().is_ok()
}

/// Every stored text of the app, key → text, exactly as stored (sealed values stay sealed).
pub fn stored_texts() -> BTreeMap<String, String> {
    crate::storage::local::keys_with_prefix(crate::storage::keys::PREFIX)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|key| {
            let text = crate::storage::local::read(&key).ok().flatten()?;
            Some((key, text))
        })
        .collect()
}

/// Offers `texts`, untouched, as one JSON file named `file_name` (an object, key → text): what
/// the recovery and unlock screens give the user to keep. Returns whether the browser took it.
pub fn download_texts(file_name: &str, texts: &BTreeMap<String, String>) -> bool {
    crate::export::download::download_text(
        file_name,
        "application/json;charset=utf-8",
        &crate::storage::json::pretty_object(texts),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_only_lowers_the_measured_quota() {
        assert!(!worth_measuring(0));
        assert!(!worth_measuring(2_621_439));
        assert!(worth_measuring(2_621_440));
        assert_eq!(bounded_quota(5_242_879, None), 5_242_879);
        assert_eq!(bounded_quota(5_242_879, Some(0)), 5_242_879);
        // Chromium's usual estimate (a share of the disk): no change.
        assert_eq!(bounded_quota(5_242_879, Some(300_000_000_000)), 5_242_879);
        // A nearly full disk: the site may store 4 MB in all, so 2 M characters.
        assert_eq!(bounded_quota(5_242_879, Some(4_000_000)), 2_000_000);
    }
}
