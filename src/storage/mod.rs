//! The browser-storage boundary. `local.rs` is the only file that touches `localStorage`.
//! The ledger is stored in a manifest and shards (`schema`), written all-or-nothing by
//! `repository.rs` over a small key-value trait (`key_value::KeyValue`: `local::LocalKv` in the
//! browser, `memory::MemoryKv` in tests).

pub mod backup;
pub mod backup_reminder;
pub mod checksum;
pub mod crypto;
pub mod durability;
pub mod encrypted;
pub mod json;
pub mod key_value;
pub mod local;
pub mod memory;
pub mod rates;
pub mod repository;
pub mod schema;
pub mod settings;

/// The storage keys of the app, in one place (every key starts with `relance.`).
pub mod keys {
    /// What every key of the app starts with (erasing all data removes exactly these).
    pub const PREFIX: &str = "relance.";
    /// The interface language chosen by the user (`fr` or `en`).
    pub const LANGUAGE: &str = "relance.lang";
    /// The rates the user added in Settings (`storage::rates`, a versioned text).
    pub const RATES: &str = "relance.rates";
    /// The user's settings: defaults, dunning ladder, aging buckets (`storage::settings`).
    pub const SETTINGS: &str = "relance.settings";
    /// When the last backup was downloaded and the reminder dismissed (`storage::backup_reminder`).
    pub const BACKUP_META: &str = "relance.backup";
    /// The ledger's manifest (`storage::schema`): its revision and where each shard is.
    pub const LEDGER: &str = "relance.ledger";
    /// What every key of the ledger's shards (and quarantined copies) starts with.
    pub const LEDGER_PREFIX: &str = "relance.ledger.";
    /// Copies of an unreadable ledger set aside: `relance.ledger.quarantine.<n>` (the
    /// manifest) and `relance.ledger.quarantine.<n>.<rest>` (each `relance.ledger.<rest>`).
    /// Never removed by the ledger's own clean-up.
    pub const LEDGER_QUARANTINE: &str = "relance.ledger.quarantine.";
    /// The books a confirmed "replace" restore (or its undo) replaced, kept aside so that it
    /// can be undone until the next restore (`repository::keep_aside`): this key says what is
    /// kept; the texts are the ledger's own, under `relance.undo-restore.<generation>.ledger…`.
    pub const UNDO_RESTORE: &str = "relance.undo-restore";
    pub const UNDO_RESTORE_PREFIX: &str = "relance.undo-restore.";
    /// The scratch key of the one-off measure of `localStorage`'s quota (`local::probe_quota`):
    /// removed as soon as measured, and at every start should a measure have been cut short.
    pub const QUOTA_PROBE: &str = "relance.quota-probe";
}
