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

/// What browsers let one site keep in `localStorage`: about 5 million characters (Chromium
/// counts 5,242,880 for keys and values together; Firefox and Safari about as many).
pub const LOCAL_STORAGE_QUOTA_CHARS: u64 = 5_242_880;

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
