//! Reading a backup file the user chose (Settings → your data → restore): plain or encrypted
//! (`relance-encrypted-backup`, opened with the passphrase), checked before anything changes.
//! Writing one is the books' ([`crate::state::books::Books::download_backup`]).

pub use crate::storage::backup::{Restored, Summary};

/// The largest backup file read, in bytes (checked from the file's size, before reading it). A
/// backup holds what this browser stores (a few MB at most, a third more when encrypted): 50 MB
/// is far above any real one, and far below what would freeze the tab.
pub const MAX_BACKUP_BYTES: u64 = 50_000_000;

/// Reads and checks a plain backup's text: what it holds, or why it is refused (a sentence in
/// either language through `Describe`).
pub fn read(text: &str) -> Result<Restored, crate::storage::backup::BackupError> {
    crate::storage::backup::read(text)
}

/// Whether `text` is an encrypted backup (it needs the passphrase before [`read`]).
pub fn is_encrypted(text: &str) -> bool {
    crate::storage::encrypted::is_encrypted_backup(text)
}

/// Opens an encrypted backup with `passphrase` (Argon2id: costly on purpose), giving the plain
/// backup's text to [`read`].
pub fn open_encrypted(
    text: &str,
    passphrase: &str,
) -> Result<String, crate::storage::encrypted::BackupOpenError> {
    crate::storage::encrypted::open_backup(text, passphrase)
}
