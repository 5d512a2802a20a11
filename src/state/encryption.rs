//! The operations of encryption at rest as the app runs them over the browser's storage:
//! unlock (finishing an interrupted migration), turn on, change the passphrase, turn off, and
//! open an encrypted backup. Each returns the store to use next (see `state::vault`); the key
//! derivation (Argon2id, costly on purpose) and the ciphers are only reached from the
//! unlock screen and Settings, which are lazy chunks.

use crate::state::vault::{Encryption, Opened, Sealed, Store, web_random};
use crate::storage::crypto::KdfParams;
use crate::storage::encrypted::{
    self, ChangeError, EnableError, Encrypted, Finished, Migration, MigrationError, UnlockError,
};
use crate::storage::local::LocalKv;

fn sealed(store: Encrypted<LocalKv>) -> Opened {
    Opened {
        store: Store::Sealed(Sealed::new(store)),
        encryption: Encryption::On,
    }
}

fn plain() -> Opened {
    Opened {
        store: Store::Local(LocalKv),
        encryption: Encryption::Off,
    }
}

/// Unlocks the browser's storage with `passphrase`. A migration found interrupted is finished
/// at once (what the user asked for before); if it cannot be, the store still reads everything
/// and says so ([`Encryption::Interrupted`]).
pub fn unlock(passphrase: &str) -> Result<Opened, UnlockError> {
    let unlocked = encrypted::unlock(LocalKv, passphrase, web_random())?;
    Ok(match unlocked.interrupted {
        None => sealed(unlocked.store),
        Some(migration) => finish(unlocked.store, migration).unwrap_or_else(|(opened, _)| opened),
    })
}

/// Finishes the migration under way in `store`; on failure, the store to use meanwhile (it
/// reads everything) and why.
pub fn finish(
    store: Encrypted<LocalKv>,
    migration: Migration,
) -> Result<Opened, (Opened, MigrationError)> {
    match encrypted::resume(&store) {
        Ok(Finished::Encrypted) => Ok(sealed(store)),
        Ok(Finished::Decrypted) => Ok(plain()),
        Err(error) => Err((
            Opened {
                store: Store::Sealed(Sealed::new(store)),
                encryption: Encryption::Interrupted(migration),
            },
            error,
        )),
    }
}

/// Turns encryption on with `passphrase`. `Err((None, …))`: nothing was changed;
/// `Err((Some(opened), …))`: interrupted, the data reads as before through `opened`.
///
/// Refused beforehand (nothing changed) when the sealed data would not fit in the browser's
/// quota with room left to save ([`encrypted::check_room`]): sealing grows values by a third.
pub fn turn_on(passphrase: &str) -> Result<Opened, (Option<Opened>, EnableError<LocalKv>)> {
    encrypted::check_room(&LocalKv, crate::state::device::quota_chars())
        .map_err(|error| (None, EnableError::NothingChanged(error)))?;
    match encrypted::enable(LocalKv, passphrase, KdfParams::DEFAULT, web_random()) {
        Ok(store) => Ok(sealed(store)),
        Err(EnableError::NothingChanged(error)) => Err((None, EnableError::NothingChanged(error))),
        Err(EnableError::Interrupted { store, error }) => Err((
            Some(Opened {
                store: Store::Sealed(Sealed::new(store.clone())),
                encryption: Encryption::Interrupted(Migration::Encrypting),
            }),
            EnableError::Interrupted { store, error },
        )),
    }
}

/// Whether `passphrase` is the one in force (one key derivation; writes nothing): asked
/// before changing the passphrase or turning encryption off, so that someone at an unlocked
/// tab cannot do either.
pub fn verify(passphrase: &str) -> Result<(), UnlockError> {
    encrypted::unlock(LocalKv, passphrase, web_random()).map(|_| ())
}

/// Changes the passphrase and re-encrypts the data under a new data key. `Err((None, …))`:
/// nothing was changed, the old passphrase still opens the data; `Err((Some(opened), …))`: the
/// new passphrase is in force and the re-encryption was interrupted; the data reads as before
/// through `opened`, and Settings offers to finish.
pub fn change(
    store: &Encrypted<LocalKv>,
    passphrase: &str,
) -> Result<(), (Option<Opened>, MigrationError)> {
    match encrypted::change_passphrase(store, passphrase, KdfParams::DEFAULT) {
        Ok(()) => Ok(()),
        Err(ChangeError::NothingChanged(error)) => Err((None, error)),
        Err(ChangeError::Interrupted(error)) => Err((
            Some(Opened {
                store: Store::Sealed(Sealed::new(store.clone())),
                encryption: Encryption::Interrupted(Migration::Rekeying),
            }),
            error,
        )),
    }
}

/// Turns encryption off; on failure, the store to use meanwhile (it reads everything).
pub fn turn_off(store: Encrypted<LocalKv>) -> Result<Opened, (Opened, MigrationError)> {
    match encrypted::disable(&store) {
        Ok(_) => Ok(plain()),
        Err(error) => Err((
            Opened {
                store: Store::Sealed(Sealed::new(store)),
                encryption: Encryption::Interrupted(Migration::Decrypting),
            },
            error,
        )),
    }
}
