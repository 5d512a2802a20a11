//! The browser-storage boundary. `local.rs` is the only file that touches `localStorage`.
//! The versioned ledger repository (issue #5) will live here beside the preferences.

pub mod durability;
pub mod local;
pub mod rates;
pub mod reminder;

/// The storage keys of the app, in one place (every key starts with `relance.`).
pub mod keys {
    /// What every key of the app starts with (erasing all data removes exactly these).
    pub const PREFIX: &str = "relance.";
    /// The interface language chosen by the user (`fr` or `en`).
    pub const LANGUAGE: &str = "relance.lang";
    /// The rates the user added in Settings (`storage::rates`, a versioned text).
    pub const RATES: &str = "relance.rates";
    /// When the last backup was downloaded and the reminder dismissed (`storage::reminder`).
    pub const BACKUP_META: &str = "relance.backup";
}
