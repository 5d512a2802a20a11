//! The browser-storage boundary. `local.rs` is the only file that touches `localStorage`.
//! The versioned ledger repository (issue #5) will live here beside the preferences.

pub mod local;

/// The storage keys of the app, in one place (every key starts with `relance.`).
pub mod keys {
    /// The interface language chosen by the user (`fr` or `en`).
    pub const LANGUAGE: &str = "relance.lang";
}
