//! Encryption at rest (issue #5): Argon2id key derivation and AES-256-GCM envelopes.
//!
//! Pure primitives only: no browser, no storage, no clock and no source of randomness. The
//! caller draws the salt and every nonce from Web Crypto (`crypto.getRandomValues`) and passes
//! them in; it also caches derived [`Key`]s by [`KeyId`], because a derivation with
//! [`KdfParams::DEFAULT`] takes hundreds of milliseconds in wasm.
//!
//! Each stored value becomes one ASCII text, its *envelope*, which names everything needed to
//! open it except the passphrase:
//!
//! ```text
//! relance-enc1:<m>:<t>:<p>:<salt>:<nonce>:<ciphertext and tag>
//! ```
//!
//! - `m`, `t`, `p`: the Argon2id memory (KiB), iterations and parallelism, in canonical decimal
//!   (no sign, no leading zero), checked against [`KdfParams::validate`]'s bounds on reading;
//! - `salt` (16 bytes), `nonce` (12 bytes), `ciphertext and tag` (the AES-256-GCM output, the
//!   16-byte tag last): standard base64 (RFC 4648 §4) with padding, decoded strictly.
//!
//! The key is Argon2id (version 0x13, 32-byte output, no secret, no Argon2 associated data)
//! over the UTF-8 bytes of the passphrase in Unicode NFC (so that "é" typed as one character or
//! as "e" + combining accent gives the same key; data sealed before this normalisation, under
//! the bytes as typed, still opens: see [`Key::open_with`]) and the salt. The AES-GCM associated data is the
//! envelope's header `relance-enc1:<m>:<t>:<p>:<salt>:` followed by the caller's `context`
//! (the role of the value, e.g. `relance-ledger-manifest`), so a value cannot be moved to play
//! another role, and its header cannot be edited, without the tag check failing.
//!
//! Never-reused nonces are the caller's duty: draw 12 fresh random bytes for every [`seal`].
//!
//! # Data keys
//!
//! Stored values are not sealed under the passphrase's key itself but under a random 32-byte
//! [`DataKey`] (drawn once, when encryption is turned on), which the passphrase's key only
//! *wraps* ([`DataKey::wrap`], an ordinary envelope above): changing the passphrase rewrites
//! one small record, not every value. A value sealed under a data key is a *data envelope*:
//!
//! ```text
//! relance-dek1:<key id>:<nonce>:<ciphertext and tag>
//! ```
//!
//! - `key id`: the [`DataKeyId`], 8 random bytes drawn with the key, as 16 lowercase hex
//!   digits, so a value says which data key sealed it;
//! - `nonce` (12 bytes) and `ciphertext and tag`: strict padded base64, as above.
//!
//! The AES-GCM associated data is the header `relance-dek1:<key id>:` followed by the caller's
//! `context` (`storage::encrypted` gives the storage key the value is stored under, so that a
//! value moved to another key no longer opens). Nonces are the caller's duty here too: 12
//! fresh random bytes for every [`DataKey::seal`] (with random nonces, one data key may seal
//! about 2^32 values before the odds of a repeat matter: far beyond a lifetime of saves).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt;

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use argon2::{Algorithm, Argon2, Block, Version};
use zeroize::{Zeroize, Zeroizing};

use crate::i18n::{Describe, Lang};

/// Standard padded base64 (RFC 4648 §4) through `base64ct`: constant-time, and strict on
/// reading (padding required and in place, the unused bits of the last character zero, no
/// whitespace, no other alphabet).
mod base64 {
    use base64ct::{Base64, Encoding};

    pub fn encode(bytes: &[u8]) -> String {
        Base64::encode_string(bytes)
    }

    /// The bytes of `text`, or `None` unless it is canonical padded base64.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        Base64::decode_vec(text).ok()
    }
}

/// What every envelope of this version starts with.
pub const PREFIX: &str = "relance-enc1:";

/// What every envelope of any version starts with (`relance-enc<n>:`).
const FAMILY: &str = "relance-enc";

/// The length of a derived key, in bytes (AES-256).
const KEY_LEN: usize = 32;

/// The length of the AES-GCM authentication tag, in bytes.
const TAG_LEN: usize = 16;

/// Whether `text` is an envelope, of this version or another (a newer Relance's envelope is
/// still encrypted data, never plaintext). A cheap prefix test: [`Envelope::parse`] checks the
/// rest.
pub fn is_envelope(text: &str) -> bool {
    has_versioned_prefix(text, FAMILY)
}

/// Whether `text` starts with `<family><digits>:`.
fn has_versioned_prefix(text: &str, family: &str) -> bool {
    text.strip_prefix(family)
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(version, _)| {
            !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())
        })
}

// ---------------------------------------------------------------------------------------------
// Parameters, salt, nonce
// ---------------------------------------------------------------------------------------------

/// Argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KdfParams {
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Number of passes over the memory.
    pub iterations: u32,
    /// Number of lanes (wasm runs them one after the other).
    pub parallelism: u32,
}

impl KdfParams {
    /// OWASP's Argon2id recommendation (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1.
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
    };

    /// At least this much memory per lane (Argon2's own minimum).
    pub const MIN_MEMORY_KIB_PER_LANE: u32 = 8;
    /// At most 256 MiB: an envelope (an encrypted backup from elsewhere, a lock record) that
    /// asks for more is refused with [`CryptoError::MemoryTooLarge`] before anything is
    /// allocated, so a crafted file cannot make the tab allocate 1 GiB or more.
    pub const MAX_MEMORY_KIB: u32 = 1 << 18;
    /// At most this many passes.
    pub const MAX_ITERATIONS: u32 = 100;
    /// At most this many lanes.
    pub const MAX_PARALLELISM: u32 = 16;
    /// At most this much work, memory × passes (2 GiB·pass, about 54 times
    /// [`KdfParams::DEFAULT`]), so that large memory and many passes cannot be combined into a
    /// derivation that takes minutes.
    pub const MAX_WORK_KIB: u64 = 1 << 21;

    /// The parameters themselves if they are within the bounds above, else
    /// [`CryptoError::MemoryTooLarge`] (more memory than [`KdfParams::MAX_MEMORY_KIB`]) or
    /// [`CryptoError::BadParams`]. Checked before any derivation and on reading an envelope,
    /// so that a crafted value cannot make the app allocate wildly or hang.
    pub fn validate(self) -> Result<KdfParams, CryptoError> {
        let KdfParams {
            memory_kib,
            iterations,
            parallelism,
        } = self;
        if memory_kib > Self::MAX_MEMORY_KIB {
            return Err(CryptoError::MemoryTooLarge { memory_kib });
        }
        let lanes_ok = (1..=Self::MAX_PARALLELISM).contains(&parallelism);
        let memory_ok = memory_kib <= Self::MAX_MEMORY_KIB
            && u64::from(memory_kib)
                >= u64::from(Self::MIN_MEMORY_KIB_PER_LANE) * u64::from(parallelism);
        let iterations_ok = (1..=Self::MAX_ITERATIONS).contains(&iterations);
        let work_ok = u64::from(memory_kib) * u64::from(iterations) <= Self::MAX_WORK_KIB;
        if lanes_ok && memory_ok && iterations_ok && work_ok {
            Ok(self)
        } else {
            Err(CryptoError::BadParams { params: self })
        }
    }
}

/// A 16-byte Argon2 salt, drawn at random by the caller when a passphrase is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Salt([u8; 16]);

impl Salt {
    pub const LEN: usize = 16;

    pub fn from_bytes(bytes: [u8; 16]) -> Salt {
        Salt(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

/// A 12-byte AES-GCM nonce, drawn at random by the caller for every [`seal`]; never reuse one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Nonce([u8; 12]);

impl Nonce {
    pub const LEN: usize = 12;

    pub fn from_bytes(bytes: [u8; 12]) -> Nonce {
        Nonce(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/// What, besides the passphrase, determines a key: the key of a cache of derived keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyId {
    pub salt: Salt,
    pub params: KdfParams,
}

/// A 32-byte AES-256 key derived from a passphrase. It remembers its [`KeyId`], so that
/// [`seal`] writes the salt and parameters it was really derived with.
///
/// Its `Debug` shows no byte of it, and its bytes are wiped (`zeroize`) when it is dropped, as
/// are Argon2's work memory and the AES key schedule (the `zeroize` features of `argon2` and
/// `aes-gcm`). The JavaScript side holds the typed passphrase anyway.
#[derive(Clone)]
pub struct Key {
    bytes: Zeroizing<[u8; KEY_LEN]>,
    id: KeyId,
}

mod compose;

use compose::{nfc, nfd};

/// The texts to derive, in turn, when opening data with a typed passphrase: its NFC form (what
/// [`Key::derive`] uses since passphrases are normalised), then the text exactly as typed (data
/// sealed before the normalisation, under the bytes as typed), then its NFD form (data sealed
/// before the normalisation from a device that decomposed accents, now typed on one that
/// composes them); each text once. A passphrase without accents or other combining marks has
/// one form: one derivation.
fn passphrase_forms(passphrase: &str) -> Vec<Zeroizing<String>> {
    let mut forms: Vec<Zeroizing<String>> = Vec::with_capacity(3);
    for form in [
        nfc(passphrase),
        Zeroizing::new(passphrase.to_string()),
        nfd(passphrase),
    ] {
        if !forms.iter().any(|known| **known == *form) {
            forms.push(form);
        }
    }
    forms
}

impl Key {
    /// Derives the key of `passphrase` with Argon2id, over the UTF-8 bytes of its Unicode NFC
    /// form (no trimming): the same passphrase typed on another device that composes accents
    /// differently gives the same key. Refuses out-of-bounds parameters before allocating
    /// anything. Slow by design with [`KdfParams::DEFAULT`]: cache the result. To open data,
    /// prefer [`Key::open_with`], which also opens data sealed before the normalisation.
    pub fn derive(passphrase: &str, salt: &Salt, params: KdfParams) -> Result<Key, CryptoError> {
        Key::derive_exact(&nfc(passphrase), salt, params)
    }

    /// The key of exactly these UTF-8 bytes.
    fn derive_exact(text: &str, salt: &Salt, params: KdfParams) -> Result<Key, CryptoError> {
        let bytes = derive_bytes(text.as_bytes(), salt.as_bytes(), params)?;
        Ok(Key {
            bytes,
            id: KeyId {
                salt: *salt,
                params,
            },
        })
    }

    /// Opens something with the key of `passphrase` for `id`: `open` is tried with the key of
    /// each form of the passphrase (NFC, as typed, NFD: see `passphrase_forms`) until it gives
    /// anything but [`CryptoError::WrongPassphraseOrDamaged`]; the key that opened it is
    /// returned with the result (keep using it: it is the key the data was sealed under). Only
    /// a passphrase with combining marks can cost more than one derivation, and only when it
    /// is wrong or the data predates the normalisation.
    pub fn open_with<T>(
        passphrase: &str,
        id: KeyId,
        mut open: impl FnMut(&Key) -> Result<T, CryptoError>,
    ) -> Result<(Key, T), CryptoError> {
        for form in passphrase_forms(passphrase) {
            let key = Key::derive_exact(&form, &id.salt, id.params)?;
            match open(&key) {
                Err(CryptoError::WrongPassphraseOrDamaged) => continue,
                Err(error) => return Err(error),
                Ok(opened) => return Ok((key, opened)),
            }
        }
        Err(CryptoError::WrongPassphraseOrDamaged)
    }

    /// The salt and parameters this key was derived with.
    pub fn id(&self) -> KeyId {
        self.id
    }
}

/// Its only secret, the key's bytes, is a `Zeroizing` buffer.
impl zeroize::ZeroizeOnDrop for Key {}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…)")
    }
}

/// Argon2id v0x13 of `passphrase` and `salt` into 32 bytes, wiped on drop. The work memory is
/// allocated fallibly (a failed allocation is [`CryptoError::OutOfMemory`], not an abort) and
/// wiped afterwards.
fn derive_bytes(
    passphrase: &[u8],
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    let params = params.validate()?;
    let argon_params = argon2::Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(KEY_LEN),
    )
    .map_err(CryptoError::Kdf)?;
    let block_count = argon_params.block_count();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);

    let mut blocks: Vec<Block> = Vec::new();
    blocks
        .try_reserve_exact(block_count)
        .map_err(|_| CryptoError::OutOfMemory {
            memory_kib: params.memory_kib,
        })?;
    blocks.resize(block_count, Block::default());

    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    let result =
        argon.hash_password_into_with_memory(passphrase, salt, out.as_mut_slice(), &mut blocks);
    blocks.zeroize();
    result.map_err(CryptoError::Kdf)?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// AES-256-GCM
// ---------------------------------------------------------------------------------------------

/// AES-256-GCM encryption: the ciphertext followed by the 16-byte tag.
fn aead_seal(
    key: &[u8; KEY_LEN],
    nonce: &[u8; 12],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    Aes256Gcm::new(key.into())
        .encrypt(
            &(*nonce).into(),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| CryptoError::TooLarge)
}

/// AES-256-GCM decryption of a ciphertext followed by its tag.
fn aead_open(
    key: &[u8; KEY_LEN],
    nonce: &[u8; 12],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    Aes256Gcm::new(key.into())
        .decrypt(&(*nonce).into(), Payload { msg: sealed, aad })
        .map_err(|_| CryptoError::WrongPassphraseOrDamaged)
}

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------

/// `relance-enc1:<m>:<t>:<p>:<salt>:`, the part of the envelope the key depends on. Canonical:
/// parsing accepts only what this writes.
fn header(id: &KeyId) -> String {
    let KdfParams {
        memory_kib,
        iterations,
        parallelism,
    } = id.params;
    format!(
        "{PREFIX}{memory_kib}:{iterations}:{parallelism}:{}:",
        base64::encode(id.salt.as_bytes())
    )
}

/// The AES-GCM associated data: the header, then the caller's context.
fn associated_data(id: &KeyId, context: &str) -> Vec<u8> {
    let mut aad = header(id).into_bytes();
    aad.extend_from_slice(context.as_bytes());
    aad
}

/// Encrypts `plaintext` under `key` into an envelope. `nonce` must be fresh random bytes (never
/// used before with this key); `context` names the role of the value and must be given again
/// to open it. Pure: the same inputs give the same text.
///
/// Errs only with [`CryptoError::TooLarge`] (more than AES-GCM's 64 GiB limit).
pub fn seal(
    key: &Key,
    nonce: &Nonce,
    plaintext: &str,
    context: &str,
) -> Result<String, CryptoError> {
    let sealed = aead_seal(
        &key.bytes,
        nonce.as_bytes(),
        &associated_data(&key.id, context),
        plaintext.as_bytes(),
    )?;
    let mut text = header(&key.id);
    text.push_str(&base64::encode(nonce.as_bytes()));
    text.push(':');
    text.push_str(&base64::encode(&sealed));
    Ok(text)
}

/// An envelope read back: which key opens it, and the sealed bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    id: KeyId,
    nonce: Nonce,
    sealed: Vec<u8>,
}

impl Envelope {
    /// Reads an envelope's structure, without any key. Its parameters are checked here, so a
    /// caller that derives a key for [`Envelope::key_id`] cannot be made to hang.
    pub fn parse(text: &str) -> Result<Envelope, CryptoError> {
        let malformed = |reason| CryptoError::Malformed { reason };
        let Some(rest) = text.strip_prefix(PREFIX) else {
            return Err(malformed(if is_envelope(text) {
                Flaw::UnknownVersion
            } else {
                Flaw::NotAnEnvelope
            }));
        };
        let fields: Vec<&str> = rest.split(':').collect();
        let [memory, iterations, parallelism, salt, nonce, sealed] = fields.as_slice() else {
            return Err(malformed(Flaw::FieldCount {
                found: fields.len(),
                expected: 6,
            }));
        };
        let number = |text: &str, field| parse_number(text).ok_or(malformed(Flaw::Number(field)));
        let params = KdfParams {
            memory_kib: number(memory, Field::Memory)?,
            iterations: number(iterations, Field::Iterations)?,
            parallelism: number(parallelism, Field::Parallelism)?,
        }
        .validate()?;
        let bytes = |text: &str, field| base64::decode(text).ok_or(malformed(Flaw::Base64(field)));
        let salt = <[u8; 16]>::try_from(bytes(salt, Field::Salt)?)
            .map_err(|_| malformed(Flaw::Length(Field::Salt)))?;
        let nonce = <[u8; 12]>::try_from(bytes(nonce, Field::Nonce)?)
            .map_err(|_| malformed(Flaw::Length(Field::Nonce)))?;
        let sealed = bytes(sealed, Field::Ciphertext)?;
        if sealed.len() < TAG_LEN {
            return Err(malformed(Flaw::Length(Field::Ciphertext)));
        }
        Ok(Envelope {
            id: KeyId {
                salt: Salt(salt),
                params,
            },
            nonce: Nonce(nonce),
            sealed,
        })
    }

    /// The salt and parameters of the key that opens this envelope.
    pub fn key_id(&self) -> KeyId {
        self.id
    }

    pub fn salt(&self) -> &Salt {
        &self.id.salt
    }

    pub fn params(&self) -> KdfParams {
        self.id.params
    }

    /// Decrypts with `key` (which must have been derived for [`Envelope::key_id`], else
    /// [`CryptoError::KeyMismatch`]) and the `context` given to [`seal`]. A wrong passphrase,
    /// another context and any alteration all give [`CryptoError::WrongPassphraseOrDamaged`].
    pub fn open(&self, key: &Key, context: &str) -> Result<String, CryptoError> {
        if key.id != self.id {
            return Err(CryptoError::KeyMismatch);
        }
        let plaintext = aead_open(
            &key.bytes,
            self.nonce.as_bytes(),
            &associated_data(&self.id, context),
            &self.sealed,
        )?;
        String::from_utf8(plaintext).map_err(|_| CryptoError::NotUtf8)
    }
}

/// A canonical decimal `u32`: ASCII digits only, no sign, no leading zero.
fn parse_number(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

// ---------------------------------------------------------------------------------------------
// Data keys
// ---------------------------------------------------------------------------------------------

/// What every data envelope of this version starts with.
pub const DATA_PREFIX: &str = "relance-dek1:";

/// What every data envelope of any version starts with (`relance-dek<n>:`).
const DATA_FAMILY: &str = "relance-dek";

/// Whether `text` is a data envelope, of this version or another. A cheap prefix test:
/// [`DataEnvelope::parse`] checks the rest.
pub fn is_data_envelope(text: &str) -> bool {
    has_versioned_prefix(text, DATA_FAMILY)
}

/// Which [`DataKey`] sealed a value: 8 random bytes drawn with the key. Not secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DataKeyId([u8; 8]);

impl DataKeyId {
    pub const LEN: usize = 8;

    pub fn from_bytes(bytes: [u8; 8]) -> DataKeyId {
        DataKeyId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }

    /// Reads exactly 16 lowercase hex digits (the only form [`fmt::Display`] writes).
    pub fn from_hex(text: &str) -> Option<DataKeyId> {
        let digits = text.as_bytes();
        if digits.len() != 2 * Self::LEN {
            return None;
        }
        let digit = |byte: u8| match byte {
            b'0'..=b'9' => Some(byte - b'0'),
            b'a'..=b'f' => Some(byte - b'a' + 10),
            _ => None,
        };
        let mut bytes = [0u8; 8];
        for (slot, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let &[high, low] = pair else {
                return None;
            };
            *slot = (digit(high)? << 4) | digit(low)?;
        }
        Some(DataKeyId(bytes))
    }
}

/// 16 lowercase hex digits.
impl fmt::Display for DataKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

/// A random 32-byte AES-256 key that seals stored values, itself kept only wrapped under a
/// passphrase's [`Key`] ([`DataKey::wrap`]). Its bytes come from the caller (Web Crypto); like
/// [`Key`], its `Debug` shows nothing and its bytes are wiped on drop.
#[derive(Clone)]
pub struct DataKey {
    bytes: Zeroizing<[u8; KEY_LEN]>,
    id: DataKeyId,
}

impl DataKey {
    pub const LEN: usize = KEY_LEN;

    /// The data key of 32 fresh random bytes, and the id drawn with them.
    pub fn from_bytes(bytes: [u8; 32], id: DataKeyId) -> DataKey {
        DataKey {
            bytes: Zeroizing::new(bytes),
            id,
        }
    }

    pub fn id(&self) -> DataKeyId {
        self.id
    }

    /// Encrypts `plaintext` into a data envelope. `nonce`: fresh random bytes, never used
    /// before with this key; `context` must be given again to open it. Pure.
    ///
    /// Errs only with [`CryptoError::TooLarge`].
    pub fn seal(
        &self,
        nonce: &Nonce,
        plaintext: &str,
        context: &str,
    ) -> Result<String, CryptoError> {
        let sealed = aead_seal(
            &self.bytes,
            nonce.as_bytes(),
            &data_associated_data(self.id, context),
            plaintext.as_bytes(),
        )?;
        let mut text = data_header(self.id);
        text.push_str(&base64::encode(nonce.as_bytes()));
        text.push(':');
        text.push_str(&base64::encode(&sealed));
        Ok(text)
    }

    /// The length, in characters, of the data envelope [`DataKey::seal`] makes of a plaintext
    /// of `plaintext_bytes` UTF-8 bytes (base64 grows it by a third): to tell beforehand
    /// whether sealed values will fit in storage.
    pub fn sealed_len(plaintext_bytes: usize) -> usize {
        let header = DATA_PREFIX.len() + 2 * DataKeyId::LEN + 1;
        let nonce = Nonce::LEN.div_ceil(3) * 4 + 1;
        header + nonce + plaintext_bytes.saturating_add(TAG_LEN).div_ceil(3) * 4
    }

    /// Parses and opens a data envelope ([`DataEnvelope::open`]).
    pub fn open(&self, text: &str, context: &str) -> Result<String, CryptoError> {
        DataEnvelope::parse(text)?.open(self, context)
    }

    /// This data key sealed under a passphrase's `key`: an ordinary envelope ([`seal`]) whose
    /// context binds the key id and the caller's `context`.
    pub fn wrap(&self, key: &Key, nonce: &Nonce, context: &str) -> Result<String, CryptoError> {
        let encoded = Zeroizing::new(base64::encode(self.bytes.as_slice()));
        seal(key, nonce, &encoded, &wrap_context(self.id, context))
    }

    /// The data key `id` that [`DataKey::wrap`] sealed into `text` under `key` with `context`.
    /// A wrong passphrase (or an altered text, id or context) gives
    /// [`CryptoError::WrongPassphraseOrDamaged`].
    pub fn from_wrapped(
        text: &str,
        key: &Key,
        id: DataKeyId,
        context: &str,
    ) -> Result<DataKey, CryptoError> {
        let encoded = Zeroizing::new(Envelope::parse(text)?.open(key, &wrap_context(id, context))?);
        let Some(decoded) = base64::decode(&encoded).map(Zeroizing::new) else {
            return Err(CryptoError::Malformed {
                reason: Flaw::Base64(Field::DataKey),
            });
        };
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        if decoded.len() != KEY_LEN {
            return Err(CryptoError::Malformed {
                reason: Flaw::Length(Field::DataKey),
            });
        }
        bytes.copy_from_slice(&decoded);
        Ok(DataKey { bytes, id })
    }
}

/// Its only secret, the key's bytes, is a `Zeroizing` buffer.
impl zeroize::ZeroizeOnDrop for DataKey {}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataKey({}, …)", self.id)
    }
}

/// `relance-dek1:<key id>:`.
fn data_header(id: DataKeyId) -> String {
    format!("{DATA_PREFIX}{id}:")
}

fn data_associated_data(id: DataKeyId, context: &str) -> Vec<u8> {
    let mut aad = data_header(id).into_bytes();
    aad.extend_from_slice(context.as_bytes());
    aad
}

/// The context a data key is wrapped with: its id, then the caller's context.
fn wrap_context(id: DataKeyId, context: &str) -> String {
    format!("relance-data-key {id}\n{context}")
}

/// A data envelope read back: which data key opens it, and the sealed bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataEnvelope {
    id: DataKeyId,
    nonce: Nonce,
    sealed: Vec<u8>,
}

impl DataEnvelope {
    /// Reads a data envelope's structure, without any key.
    pub fn parse(text: &str) -> Result<DataEnvelope, CryptoError> {
        let malformed = |reason| CryptoError::Malformed { reason };
        let Some(rest) = text.strip_prefix(DATA_PREFIX) else {
            return Err(malformed(if is_data_envelope(text) {
                Flaw::UnknownVersion
            } else {
                Flaw::NotAnEnvelope
            }));
        };
        let fields: Vec<&str> = rest.split(':').collect();
        let [id, nonce, sealed] = fields.as_slice() else {
            return Err(malformed(Flaw::FieldCount {
                found: fields.len(),
                expected: 3,
            }));
        };
        let id = DataKeyId::from_hex(id).ok_or(malformed(Flaw::Hex(Field::KeyId)))?;
        let bytes = |text: &str, field| base64::decode(text).ok_or(malformed(Flaw::Base64(field)));
        let nonce = <[u8; 12]>::try_from(bytes(nonce, Field::Nonce)?)
            .map_err(|_| malformed(Flaw::Length(Field::Nonce)))?;
        let sealed = bytes(sealed, Field::Ciphertext)?;
        if sealed.len() < TAG_LEN {
            return Err(malformed(Flaw::Length(Field::Ciphertext)));
        }
        Ok(DataEnvelope {
            id,
            nonce: Nonce(nonce),
            sealed,
        })
    }

    /// The id of the data key that sealed this envelope.
    pub fn key_id(&self) -> DataKeyId {
        self.id
    }

    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// Decrypts with `key` (another data key than the one named: [`CryptoError::OtherDataKey`])
    /// and the `context` given to [`DataKey::seal`]. Another context and any alteration give
    /// [`CryptoError::WrongPassphraseOrDamaged`].
    pub fn open(&self, key: &DataKey, context: &str) -> Result<String, CryptoError> {
        if key.id != self.id {
            return Err(CryptoError::OtherDataKey);
        }
        let plaintext = aead_open(
            &key.bytes,
            self.nonce.as_bytes(),
            &data_associated_data(self.id, context),
            &self.sealed,
        )?;
        String::from_utf8(plaintext).map_err(|_| CryptoError::NotUtf8)
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a key cannot be derived or an envelope sealed or opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// The AES-GCM tag does not match: the passphrase is wrong, or the data (or its context)
    /// was altered. The two cannot be told apart.
    WrongPassphraseOrDamaged,
    /// Not an envelope of this version, or one whose structure is wrong.
    Malformed { reason: Flaw },
    /// Key-derivation parameters outside [`KdfParams::validate`]'s bounds.
    BadParams { params: KdfParams },
    /// The envelope asks for more memory to derive its key than [`KdfParams::MAX_MEMORY_KIB`]
    /// (a file made elsewhere, or crafted): refused before anything is allocated.
    MemoryTooLarge { memory_kib: u32 },
    /// Decrypted correctly, but not UTF-8 (cannot come from [`seal`]).
    NotUtf8,
    /// Argon2 refused its inputs.
    Kdf(argon2::Error),
    /// The memory for the key derivation could not be allocated.
    OutOfMemory { memory_kib: u32 },
    /// [`Envelope::open`] was given a key derived with another salt or other parameters than
    /// the envelope names (a bug of the caller: derive for [`Envelope::key_id`]).
    KeyMismatch,
    /// A data envelope sealed under another data key than the one given (left by another
    /// installation, or by an earlier encryption that was turned off).
    OtherDataKey,
    /// The plaintext is beyond AES-GCM's limit (64 GiB).
    TooLarge,
}

/// What is wrong with a malformed envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// It does not start with `relance-enc` (`relance-dek` for a data envelope).
    NotAnEnvelope,
    /// A `relance-enc<n>:` (`relance-dek<n>:`) envelope of another (newer) version.
    UnknownVersion,
    /// Not the right number of fields after the prefix (6 in an envelope, 3 in a data
    /// envelope).
    FieldCount { found: usize, expected: usize },
    /// A field is not lowercase hexadecimal of the right length.
    Hex(Field),
    /// A parameter is not a canonical decimal number.
    Number(Field),
    /// A field is not strict, padded, standard base64.
    Base64(Field),
    /// A field decodes to the wrong number of bytes.
    Length(Field),
}

/// A field of an envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Memory,
    Iterations,
    Parallelism,
    Salt,
    Nonce,
    Ciphertext,
    /// A data envelope's key id.
    KeyId,
    /// A wrapped data key, once unwrapped.
    DataKey,
}

impl Field {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::Memory, Lang::Fr) => "la mémoire",
            (Field::Memory, Lang::En) => "the memory",
            (Field::Iterations, Lang::Fr) => "le nombre de passes",
            (Field::Iterations, Lang::En) => "the number of passes",
            (Field::Parallelism, Lang::Fr) => "le parallélisme",
            (Field::Parallelism, Lang::En) => "the parallelism",
            (Field::Salt, Lang::Fr) => "le sel",
            (Field::Salt, Lang::En) => "the salt",
            (Field::Nonce, Lang::Fr) => "le nonce",
            (Field::Nonce, Lang::En) => "the nonce",
            (Field::Ciphertext, Lang::Fr) => "le texte chiffré",
            (Field::Ciphertext, Lang::En) => "the ciphertext",
            (Field::KeyId, Lang::Fr) => "l'identifiant de clé",
            (Field::KeyId, Lang::En) => "the key id",
            (Field::DataKey, Lang::Fr) => "la clé de données",
            (Field::DataKey, Lang::En) => "the data key",
        }
    }
}

impl Describe for Flaw {
    fn describe(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Flaw::NotAnEnvelope, Lang::Fr) => {
                "ce ne sont pas des données chiffrées par Relance".to_string()
            }
            (Flaw::NotAnEnvelope, Lang::En) => "it is not data encrypted by Relance".to_string(),
            (Flaw::UnknownVersion, Lang::Fr) => "elles ont été chiffrées par une version plus récente de Relance (rechargez la page pour passer à la dernière version)".to_string(),
            (Flaw::UnknownVersion, Lang::En) => "it was encrypted by a newer version of Relance (reload the page to get the latest version)".to_string(),
            (Flaw::FieldCount { found, expected }, Lang::Fr) => {
                format!("elles ont {found} champs au lieu de {expected}")
            }
            (Flaw::FieldCount { found, expected }, Lang::En) => {
                format!("it has {found} fields instead of {expected}")
            }
            (Flaw::Hex(field), Lang::Fr) => {
                format!("{} n'est pas de l'hexadécimal valable", field.name(lang))
            }
            (Flaw::Hex(field), Lang::En) => {
                format!("{} is not valid hexadecimal", field.name(lang))
            }
            (Flaw::Number(field), Lang::Fr) => {
                format!("{} n'est pas un nombre valable", field.name(lang))
            }
            (Flaw::Number(field), Lang::En) => {
                format!("{} is not a valid number", field.name(lang))
            }
            (Flaw::Base64(field), Lang::Fr) => {
                format!("{} n'est pas du base64 valable", field.name(lang))
            }
            (Flaw::Base64(field), Lang::En) => {
                format!("{} is not valid base64", field.name(lang))
            }
            (Flaw::Length(field), Lang::Fr) => {
                format!("{} n'a pas la bonne longueur", field.name(lang))
            }
            (Flaw::Length(field), Lang::En) => {
                format!("{} has the wrong length", field.name(lang))
            }
        }
    }
}

impl CryptoError {
    /// What went wrong, as one or two sentences, without [`Describe`]'s closing "Nothing was
    /// changed." (for callers whose own message says what became of the data).
    pub fn cause(&self, lang: Lang) -> String {
        match (self, lang) {
            (CryptoError::WrongPassphraseOrDamaged, Lang::Fr) => "Phrase secrète incorrecte, ou données altérées (impossible de distinguer les deux cas).".to_string(),
            (CryptoError::WrongPassphraseOrDamaged, Lang::En) => "Wrong passphrase, or the data was altered (the two cannot be told apart).".to_string(),
            (CryptoError::Malformed { reason }, Lang::Fr) => format!(
                "Ces données chiffrées ne peuvent pas être lues\u{a0}: {}.",
                reason.describe(lang)
            ),
            (CryptoError::Malformed { reason }, Lang::En) => format!(
                "This encrypted data cannot be read: {}.",
                reason.describe(lang)
            ),
            (CryptoError::BadParams { params }, Lang::Fr) => format!(
                "Les paramètres de dérivation de la clé (mémoire {}\u{a0}Kio, {} passes, parallélisme {}) sont hors des limites acceptées\u{a0}; ils ne sont pas utilisés, pour ne pas bloquer l'application.",
                params.memory_kib, params.iterations, params.parallelism
            ),
            (CryptoError::BadParams { params }, Lang::En) => format!(
                "The key-derivation parameters (memory {} KiB, {} passes, parallelism {}) are outside the accepted bounds; they are not used, so as not to freeze the app.",
                params.memory_kib, params.iterations, params.parallelism
            ),
            (CryptoError::MemoryTooLarge { memory_kib }, Lang::Fr) => format!(
                "Ces données demandent {}\u{a0}Mio de mémoire pour dériver leur clé, plus que les {}\u{a0}Mio que Relance accepte\u{a0}: elles ne sont pas ouvertes, pour ne pas épuiser la mémoire de l'appareil.",
                memory_kib.div_ceil(1024),
                KdfParams::MAX_MEMORY_KIB / 1024
            ),
            (CryptoError::MemoryTooLarge { memory_kib }, Lang::En) => format!(
                "This data asks for {} MiB of memory to derive its key, more than the {} MiB Relance accepts: it is not opened, so as not to exhaust the device's memory.",
                memory_kib.div_ceil(1024),
                KdfParams::MAX_MEMORY_KIB / 1024
            ),
            (CryptoError::NotUtf8, Lang::Fr) => "Les données déchiffrées ne sont pas du texte valable.".to_string(),
            (CryptoError::NotUtf8, Lang::En) => "The decrypted data is not valid text.".to_string(),
            (CryptoError::Kdf(error), Lang::Fr) => format!(
                "La dérivation de la clé a échoué ({error})."
            ),
            (CryptoError::Kdf(error), Lang::En) => format!(
                "The key derivation failed ({error})."
            ),
            (CryptoError::OutOfMemory { memory_kib }, Lang::Fr) => format!(
                "Pas assez de mémoire pour dériver la clé ({memory_kib}\u{a0}Kio demandés)\u{a0}: fermez d'autres onglets puis réessayez."
            ),
            (CryptoError::OutOfMemory { memory_kib }, Lang::En) => format!(
                "Not enough memory to derive the key ({memory_kib} KiB needed): close other tabs, then try again."
            ),
            (CryptoError::KeyMismatch, Lang::Fr) => "Ces données ont été chiffrées avec une autre clé que celle fournie (erreur interne de Relance).".to_string(),
            (CryptoError::KeyMismatch, Lang::En) => "This data was encrypted with another key than the one given (an internal error of Relance).".to_string(),
            (CryptoError::OtherDataKey, Lang::Fr) => "Ces données ont été chiffrées avec une autre clé de données (laissée par une autre installation, ou par un chiffrement désactivé depuis).".to_string(),
            (CryptoError::OtherDataKey, Lang::En) => "This data was encrypted with another data key (left by another installation, or by an encryption turned off since).".to_string(),
            (CryptoError::TooLarge, Lang::Fr) => "Ces données sont trop volumineuses pour être chiffrées.".to_string(),
            (CryptoError::TooLarge, Lang::En) => "This data is too large to be encrypted.".to_string(),
        }
    }
}

impl Describe for CryptoError {
    fn describe(&self, lang: Lang) -> String {
        let nothing = match lang {
            Lang::Fr => "Rien n'a été modifié.",
            Lang::En => "Nothing was changed.",
        };
        format!("{} {nothing}", self.cause(lang))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// Cheap parameters for the tests (64 KiB, one pass).
    const FAST: KdfParams = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    const CONTEXT: &str = "relance-ledger-manifest";

    fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .map(|b| match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                _ => panic!("not hex: {b}"),
            })
            .collect();
        digits
            .chunks(2)
            .map(|pair| pair[0] << 4 | pair[1])
            .collect()
    }

    fn key(passphrase: &str, salt_byte: u8) -> Key {
        Key::derive(passphrase, &Salt::from_bytes([salt_byte; 16]), FAST).unwrap()
    }

    fn nonce(byte: u8) -> Nonce {
        Nonce::from_bytes([byte; 12])
    }

    fn open(text: &str, key: &Key, context: &str) -> Result<String, CryptoError> {
        Envelope::parse(text)?.open(key, context)
    }

    #[test]
    fn sealed_len_is_the_length_of_the_envelope_seal_makes() {
        let key = DataKey::from_bytes([7; 32], DataKeyId::from_bytes([1; 8]));
        let nonce = Nonce::from_bytes([9; 12]);
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "été",
            "relance-rates 1\n",
            &"x".repeat(1000),
        ] {
            let sealed = key.seal(&nonce, text, "relance.rates").unwrap();
            assert_eq!(
                DataKey::sealed_len(text.len()),
                sealed.chars().count(),
                "{text}"
            );
        }
    }

    // --- known answers -------------------------------------------------------------------------

    /// RFC 9106 §5.3 (Argon2id, version 0x13): m = 32 KiB, t = 3, p = 4, 32 bytes of 0x01 as
    /// password, 16 of 0x02 as salt, 8 of 0x03 as secret, 12 of 0x04 as associated data. This
    /// checks the crate (through `new_with_secret`, which our derivation does not use); the next
    /// test checks our own path.
    #[test]
    fn argon2id_matches_rfc_9106_section_5_3() {
        let params = argon2::ParamsBuilder::new()
            .m_cost(32)
            .t_cost(3)
            .p_cost(4)
            .output_len(32)
            .data(argon2::AssociatedData::new(&[0x04; 12]).unwrap())
            .build()
            .unwrap();
        let secret = [0x03; 8];
        let argon =
            Argon2::new_with_secret(&secret, Algorithm::Argon2id, Version::V0x13, params).unwrap();
        let mut tag = [0u8; 32];
        argon
            .hash_password_into(&[0x01; 32], &[0x02; 16], &mut tag)
            .unwrap();
        assert_eq!(
            tag.to_vec(),
            hex("0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9
                 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59")
        );
    }

    /// The reference implementation's own vectors (phc-winner-argon2, `src/test.c`, Argon2id
    /// v0x13, password "password", salt "somesalt", 32-byte tag), through `derive_bytes`: the
    /// very function `Key::derive` calls. `somesalt` is 8 bytes, which is why this goes below
    /// `Key::derive` (whose salts are 16 bytes).
    #[test]
    fn argon2id_derivation_matches_the_reference_implementation() {
        let vectors = [
            (
                KdfParams {
                    memory_kib: 256,
                    iterations: 2,
                    parallelism: 1,
                },
                "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe",
            ),
            (
                KdfParams {
                    memory_kib: 256,
                    iterations: 2,
                    parallelism: 2,
                },
                "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037",
            ),
            (
                KdfParams {
                    memory_kib: 65_536,
                    iterations: 2,
                    parallelism: 1,
                },
                "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
            ),
        ];
        for (params, expected) in vectors {
            let derived = derive_bytes(b"password", b"somesalt", params).unwrap();
            assert_eq!(derived.to_vec(), hex(expected), "{params:?}");
        }
    }

    /// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13, 15 and 16
    /// (AES-256); case 16 has a partial last block and 20 bytes of associated data.
    #[test]
    fn aes_256_gcm_matches_the_gcm_specification() {
        let k = hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        let k: [u8; 32] = k.try_into().unwrap();
        let iv: [u8; 12] = hex("cafebabefacedbaddecaf888").try_into().unwrap();
        let p60 = hex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                       1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
        );
        let c60 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
                   8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        let cases = [
            // 13: zero key, zero IV, nothing to encrypt: only the tag.
            (
                [0u8; 32],
                [0u8; 12],
                Vec::new(),
                Vec::new(),
                hex("530f8afbc74536b9a963b4f1c4cb738b"),
            ),
            // 15: 64 bytes, no associated data.
            (
                k,
                iv,
                Vec::new(),
                [p60.clone(), hex("1aafd255")].concat(),
                hex(&format!("{c60} 898015ad b094dac5d93471bdec1a502270e3cc6c")),
            ),
            // 16: 60 bytes, 20 bytes of associated data.
            (
                k,
                iv,
                aad,
                p60,
                hex(&format!("{c60} 76fc6ece0f4e1768cddf8853bb2d551b")),
            ),
        ];
        for (key, iv, aad, plaintext, expected) in cases {
            let sealed = aead_seal(&key, &iv, &aad, &plaintext).unwrap();
            assert_eq!(sealed, expected);
            assert_eq!(aead_open(&key, &iv, &aad, &sealed).unwrap(), plaintext);
        }
    }

    /// RFC 4648 §10.
    #[test]
    fn base64_matches_rfc_4648() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64::encode(plain.as_bytes()), encoded);
            assert_eq!(base64::decode(encoded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        let text = base64::encode(&all);
        assert!(text.ends_with("+/w=="), "{text}");
        assert_eq!(base64::decode(&text).unwrap(), all);
    }

    /// The keys say they are wiped on drop (`zeroize`), and the envelopes' base64 is
    /// `base64ct`'s, not a hand-written one.
    #[test]
    fn keys_are_wiped_on_drop_and_base64_is_base64ct() {
        fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        wiped_on_drop::<Key>();
        wiped_on_drop::<DataKey>();
        wiped_on_drop::<Zeroizing<[u8; KEY_LEN]>>();
        let source = include_str!("crypto.rs");
        assert!(!source.contains(concat!("domain::", "base64")));
        assert!(source.contains(concat!("use base64ct::", "{Base64, Encoding};")));
    }

    #[test]
    fn base64_decoding_is_strict() {
        for bad in [
            "Zg",        // unpadded
            "Zg=",       // short padding
            "Zg===",     // too much padding
            "=Zg=",      // padding first
            "Zg==Zm8=",  // padding inside
            "Z===",      // three pads
            "====",      // nothing but pads
            "Zh==",      // non-canonical: the unused bits of `h` are not zero
            "Zm9=",      // non-canonical: the unused bits of `9` are not zero
            "Zm-v",      // URL-safe alphabet
            "Zm_v",      // URL-safe alphabet
            "Zm9v ",     // whitespace
            "Zm 9v",     // whitespace
            "Zm9v\n",    // newline
            "Zm9é",      // not ASCII
            "Zm9v Zm9v", // space between groups
        ] {
            assert_eq!(base64::decode(bad), None, "{bad:?}");
        }
    }

    // --- envelopes -----------------------------------------------------------------------------

    #[test]
    fn seal_then_parse_then_open_gives_the_plaintext_back() {
        let key = key("correct horse battery staple", 7);
        let text = seal(&key, &nonce(9), "{\"invoices\":[]}", CONTEXT).unwrap();
        let envelope = Envelope::parse(&text).unwrap();
        assert_eq!(envelope.key_id(), key.id());
        assert_eq!(envelope.salt(), &Salt::from_bytes([7; 16]));
        assert_eq!(envelope.params(), FAST);
        assert_eq!(envelope.open(&key, CONTEXT).unwrap(), "{\"invoices\":[]}");
        // An empty plaintext too.
        let empty = seal(&key, &nonce(1), "", CONTEXT).unwrap();
        assert_eq!(open(&empty, &key, CONTEXT).unwrap(), "");
    }

    #[test]
    fn the_envelope_has_the_documented_layout() {
        let key = key("pass", 0xab);
        let text = seal(&key, &nonce(0xcd), "hello", CONTEXT).unwrap();
        let fields: Vec<&str> = text.split(':').collect();
        assert_eq!(fields.len(), 7, "{text}");
        assert_eq!(fields[0], "relance-enc1");
        assert_eq!(&fields[1..4], ["64", "1", "1"]);
        assert_eq!(fields[4], base64::encode(&[0xab; 16]));
        assert_eq!(fields[5], base64::encode(&[0xcd; 12]));
        // Five bytes of ciphertext and the sixteen of the tag.
        assert_eq!(base64::decode(fields[6]).unwrap().len(), 5 + 16);
        assert!(is_envelope(&text));
    }

    /// An envelope written by this version, frozen: every later version must still open it.
    /// Generated once by this module and opened independently with Python's `cryptography` 48
    /// (OpenSSL's Argon2id and AES-GCM, AAD = header + context), so it also pins the format.
    #[test]
    fn a_frozen_version_1_envelope_still_opens() {
        const FROZEN: &str = "relance-enc1:64:1:1:MDEyMzQ1Njc4OWFiY2RlZg==:bm9uY2UtMDEyMzQ1:f2u/VEVQl4rXCfTQ0azAtZ3hK/p2R8ey5/Y7";
        let key = Key::derive(
            "Été 2024 — facture n°42",
            &Salt::from_bytes(*b"0123456789abcdef"),
            FAST,
        )
        .unwrap();
        let sealed = seal(
            &key,
            &Nonce::from_bytes(*b"nonce-012345"),
            "Relance ✅",
            CONTEXT,
        )
        .unwrap();
        assert_eq!(sealed, FROZEN);
        assert_eq!(open(FROZEN, &key, CONTEXT).unwrap(), "Relance ✅");
    }

    /// "é" typed as one character (U+00E9) or as "e" + combining acute accent (U+0301), as
    /// another keyboard, system or copy-paste may give it: the same passphrase, the same key.
    #[test]
    fn a_passphrase_gives_the_same_key_however_its_accents_are_composed() {
        let precomposed = "caf\u{e9} cr\u{e8}me";
        let decomposed = "cafe\u{301} cre\u{300}me";
        assert_ne!(precomposed.as_bytes(), decomposed.as_bytes());
        let sealed = seal(&key(decomposed, 1), &nonce(2), "secret", CONTEXT).unwrap();
        assert_eq!(
            open(&sealed, &key(precomposed, 1), CONTEXT).unwrap(),
            "secret"
        );
        let sealed = seal(&key(precomposed, 1), &nonce(2), "secret", CONTEXT).unwrap();
        assert_eq!(
            open(&sealed, &key(decomposed, 1), CONTEXT).unwrap(),
            "secret"
        );
        // Normalisation is canonical only: a compatibility variant is another passphrase.
        assert_eq!(
            open(
                &sealed,
                &key("cafe\u{301} cre\u{300}me\u{fb01}", 1),
                CONTEXT
            ),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
    }

    /// Sealed before passphrases were normalised, under the bytes of a decomposed "é" and "è"
    /// (frozen; opened independently with Python's `cryptography`: the decomposed bytes open
    /// it, the precomposed ones do not). It still opens through `Key::open_with`, whether the
    /// passphrase is typed as it was (decomposed) or composed, as another device types it.
    #[test]
    fn data_sealed_under_the_passphrase_as_typed_before_normalisation_still_opens() {
        const SEALED_AS_TYPED: &str = "relance-enc1:64:1:1:ZmVkY2JhOTg3NjU0MzIxMA==:bm9uY2UtbmZkLTAx:eqGeJxBHGiWyTITQ0A2qmKoUuA/bDfh6Fnvsu1WwR6C+";
        let envelope = Envelope::parse(SEALED_AS_TYPED).unwrap();
        // The new derivation (NFC) alone does not open it.
        let nfc_key = Key::derive(
            "Cafe\u{301} cre\u{300}me",
            envelope.salt(),
            envelope.params(),
        )
        .unwrap();
        assert_eq!(
            envelope.open(&nfc_key, CONTEXT),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        for typed in ["Cafe\u{301} cre\u{300}me", "Caf\u{e9} cr\u{e8}me"] {
            let mut tries = 0;
            let (key, text) = Key::open_with(typed, envelope.key_id(), |key| {
                tries += 1;
                envelope.open(key, CONTEXT)
            })
            .unwrap();
            assert_eq!(text, "sealed before NFC", "{typed:?}");
            assert_eq!(tries, 2, "{typed:?}: NFC first, then the other form");
            // The key that opened it seals what opens the same way.
            let resealed = seal(&key, &nonce(9), "again", CONTEXT).unwrap();
            assert_eq!(open(&resealed, &key, CONTEXT).unwrap(), "again");
        }
        // A wrong passphrase is still refused, after each of its forms was tried.
        assert_eq!(
            Key::open_with("Caf\u{e9} cr\u{e8}me!", envelope.key_id(), |key| envelope
                .open(key, CONTEXT))
            .map(|(_, text)| text),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        // A passphrase with no combining mark costs one derivation, right or wrong.
        let mut tries = 0;
        let result = Key::open_with("plain ascii", envelope.key_id(), |key| {
            tries += 1;
            envelope.open(key, CONTEXT)
        });
        assert!(result.is_err());
        assert_eq!(tries, 1);
    }

    /// A file from elsewhere whose header asks for 512 MiB (within the old 1 GiB bound, and
    /// within the work bound with one pass) is refused by name on reading, before any key is
    /// derived or memory allocated.
    #[test]
    fn an_envelope_asking_for_more_than_256_mib_is_refused_by_name() {
        let crafted = format!(
            "relance-enc1:524288:1:1:{}:{}:{}",
            base64::encode(&[1; 16]),
            base64::encode(&[2; 12]),
            base64::encode(&[3; 32]),
        );
        let error = Envelope::parse(&crafted).unwrap_err();
        assert_eq!(
            error,
            CryptoError::MemoryTooLarge {
                memory_kib: 524_288
            }
        );
        assert_eq!(
            error.describe(Lang::En),
            "This data asks for 512 MiB of memory to derive its key, more than the 256 MiB Relance accepts: it is not opened, so as not to exhaust the device's memory. Nothing was changed."
        );
        assert!(error.describe(Lang::Fr).contains("512\u{a0}Mio"));
        // 256 MiB exactly is accepted on reading (the derivation itself is the caller's).
        let at_bound = crafted.replace(":524288:", ":262144:");
        assert_eq!(
            Envelope::parse(&at_bound).unwrap().params().memory_kib,
            KdfParams::MAX_MEMORY_KIB
        );
        let just_over = crafted.replace(":524288:", ":262145:");
        assert_eq!(
            Envelope::parse(&just_over),
            Err(CryptoError::MemoryTooLarge {
                memory_kib: 262_145
            })
        );
        assert!(
            Envelope::parse(&just_over)
                .unwrap_err()
                .describe(Lang::En)
                .contains("257 MiB")
        );
    }

    #[test]
    fn a_wrong_passphrase_is_refused() {
        let text = seal(&key("right", 1), &nonce(2), "secret", CONTEXT).unwrap();
        assert_eq!(
            open(&text, &key("wrong", 1), CONTEXT),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        // Case and a trailing space matter: the passphrase is used exactly as typed.
        assert_eq!(
            open(&text, &key("Right", 1), CONTEXT),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(
            open(&text, &key("right ", 1), CONTEXT),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(open(&text, &key("right", 1), CONTEXT).unwrap(), "secret");
    }

    #[test]
    fn another_context_is_refused() {
        let key = key("pass", 1);
        let text = seal(&key, &nonce(2), "{\"rates\":[]}", "relance-rates").unwrap();
        for other in [
            "relance-ledger-manifest",
            "relance-rate",
            "relance-rates ",
            "",
        ] {
            assert_eq!(
                open(&text, &key, other),
                Err(CryptoError::WrongPassphraseOrDamaged),
                "{other:?}"
            );
        }
        assert_eq!(
            open(&text, &key, "relance-rates").unwrap(),
            "{\"rates\":[]}"
        );
    }

    #[test]
    fn a_key_for_another_salt_or_other_parameters_is_a_mismatch() {
        let text = seal(&key("pass", 1), &nonce(2), "x", CONTEXT).unwrap();
        assert_eq!(
            open(&text, &key("pass", 2), CONTEXT),
            Err(CryptoError::KeyMismatch)
        );
        let other_params = KdfParams {
            memory_kib: 128,
            ..FAST
        };
        let other = Key::derive("pass", &Salt::from_bytes([1; 16]), other_params).unwrap();
        assert_eq!(open(&text, &other, CONTEXT), Err(CryptoError::KeyMismatch));
    }

    /// Every single-character change anywhere in the text is refused: the caller derives the
    /// key the altered envelope asks for, as it would, and still cannot open it.
    #[test]
    fn any_altered_character_is_refused() {
        let passphrase = "pass";
        let original = key(passphrase, 3);
        let text = seal(&original, &nonce(4), "Montant dû : 1 200,00 €", CONTEXT).unwrap();
        let mut keys: HashMap<KeyId, Key> = HashMap::new();
        keys.insert(original.id(), original.clone());
        let mut checked = 0;
        for (index, old) in text.char_indices() {
            for new in ['A', 'B', 'g', '0', '1', '9', '+', '/', '=', ':', '-', ' '] {
                if new == old {
                    continue;
                }
                let mut altered = text.clone();
                altered.replace_range(index..index + old.len_utf8(), new.encode_utf8(&mut [0; 4]));
                let result = match Envelope::parse(&altered) {
                    Err(error) => Err(error),
                    Ok(envelope) => {
                        let key = keys.entry(envelope.key_id()).or_insert_with(|| {
                            let id = envelope.key_id();
                            Key::derive(passphrase, &id.salt, id.params).unwrap()
                        });
                        envelope.open(key, CONTEXT)
                    }
                };
                assert!(
                    matches!(
                        result,
                        Err(CryptoError::WrongPassphraseOrDamaged
                            | CryptoError::Malformed { .. }
                            | CryptoError::BadParams { .. })
                    ),
                    "{altered}: {result:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn truncated_or_extended_texts_are_refused() {
        let key = key("pass", 3);
        let text = seal(&key, &nonce(4), "payload", CONTEXT).unwrap();
        for end in 0..text.len() {
            assert!(
                open(&text[..end], &key, CONTEXT).is_err(),
                "{}",
                &text[..end]
            );
        }
        for extra in ["A", "AAAA", "=", ":", ":AAAA", "\n"] {
            assert!(open(&format!("{text}{extra}"), &key, CONTEXT).is_err());
        }
    }

    #[test]
    fn malformed_envelopes_say_why() {
        let salt = base64::encode(&[1; 16]);
        let nonce = base64::encode(&[2; 12]);
        let sealed = base64::encode(&[3; 16]);
        let malformed = |reason| Err(CryptoError::Malformed { reason });
        let cases = [
            (
                "{\"format\":\"relance-ledger\"}".to_string(),
                malformed(Flaw::NotAnEnvelope),
            ),
            (String::new(), malformed(Flaw::NotAnEnvelope)),
            ("relance-enc1".to_string(), malformed(Flaw::NotAnEnvelope)),
            (
                format!("relance-enc2:64:1:1:{salt}:{nonce}:{sealed}"),
                malformed(Flaw::UnknownVersion),
            ),
            (
                format!("relance-enc1:64:1:1:{salt}:{nonce}"),
                malformed(Flaw::FieldCount {
                    found: 5,
                    expected: 6,
                }),
            ),
            (
                format!("relance-enc1:64:1:1:{salt}:{nonce}:{sealed}:"),
                malformed(Flaw::FieldCount {
                    found: 7,
                    expected: 6,
                }),
            ),
            (
                format!("relance-enc1:064:1:1:{salt}:{nonce}:{sealed}"),
                malformed(Flaw::Number(Field::Memory)),
            ),
            (
                format!("relance-enc1:64:+1:1:{salt}:{nonce}:{sealed}"),
                malformed(Flaw::Number(Field::Iterations)),
            ),
            (
                format!("relance-enc1:64:1::{salt}:{nonce}:{sealed}"),
                malformed(Flaw::Number(Field::Parallelism)),
            ),
            (
                format!("relance-enc1:64:1:1 :{salt}:{nonce}:{sealed}"),
                malformed(Flaw::Number(Field::Parallelism)),
            ),
            (
                format!("relance-enc1:4294967296:1:1:{salt}:{nonce}:{sealed}"),
                malformed(Flaw::Number(Field::Memory)),
            ),
            (
                format!("relance-enc1:64:1:1:{salt}=:{nonce}:{sealed}"),
                malformed(Flaw::Base64(Field::Salt)),
            ),
            (
                format!(
                    "relance-enc1:64:1:1:{}:{nonce}:{sealed}",
                    base64::encode(&[1; 15])
                ),
                malformed(Flaw::Length(Field::Salt)),
            ),
            (
                format!(
                    "relance-enc1:64:1:1:{salt}:{}:{sealed}",
                    base64::encode(&[2; 16])
                ),
                malformed(Flaw::Length(Field::Nonce)),
            ),
            (
                format!(
                    "relance-enc1:64:1:1:{salt}:{nonce}:{}",
                    base64::encode(&[3; 15])
                ),
                malformed(Flaw::Length(Field::Ciphertext)),
            ),
            (
                format!("relance-enc1:64:1:1:{salt}:{nonce}:{sealed}A"),
                malformed(Flaw::Base64(Field::Ciphertext)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Envelope::parse(&text), expected, "{text}");
        }
        // The well-formed version of the same fields parses (and would fail only on its tag).
        let good = format!("relance-enc1:64:1:1:{salt}:{nonce}:{sealed}");
        assert!(Envelope::parse(&good).is_ok());
        assert_eq!(
            open(&good, &key("pass", 1), CONTEXT),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
    }

    #[test]
    fn out_of_bounds_parameters_are_refused_before_any_derivation() {
        let bad = [
            KdfParams {
                memory_kib: u32::MAX,
                ..KdfParams::DEFAULT
            },
            KdfParams {
                memory_kib: KdfParams::MAX_MEMORY_KIB + 1,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 7,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 0,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 31,
                iterations: 1,
                parallelism: 4,
            },
            KdfParams {
                iterations: 0,
                ..FAST
            },
            KdfParams {
                iterations: 101,
                ..FAST
            },
            KdfParams {
                iterations: u32::MAX,
                ..FAST
            },
            KdfParams {
                parallelism: 0,
                ..FAST
            },
            KdfParams {
                memory_kib: 1 << 20,
                iterations: 17,
                parallelism: 17,
            },
            KdfParams {
                parallelism: u32::MAX,
                ..FAST
            },
            // Each bound is met, but together they are minutes of work.
            KdfParams {
                memory_kib: 1 << 20,
                iterations: 3,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: 1 << 16,
                iterations: 100,
                parallelism: 1,
            },
        ];
        let salt = Salt::from_bytes([0; 16]);
        let started = std::time::Instant::now();
        for params in bad {
            let expected = if params.memory_kib > KdfParams::MAX_MEMORY_KIB {
                CryptoError::MemoryTooLarge {
                    memory_kib: params.memory_kib,
                }
            } else {
                CryptoError::BadParams { params }
            };
            assert_eq!(params.validate(), Err(expected.clone()));
            // These would allocate up to 4 TiB or run for hours if they were not refused first.
            assert_eq!(
                Key::derive("pass", &salt, params).map(|_| ()),
                Err(expected.clone())
            );
            let text = format!(
                "relance-enc1:{}:{}:{}:{}:{}:{}",
                params.memory_kib,
                params.iterations,
                params.parallelism,
                base64::encode(&[0; 16]),
                base64::encode(&[0; 12]),
                base64::encode(&[0; 16]),
            );
            assert_eq!(Envelope::parse(&text), Err(expected));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        for good in [
            KdfParams::DEFAULT,
            FAST,
            KdfParams {
                memory_kib: 8,
                iterations: 1,
                parallelism: 1,
            },
            KdfParams {
                memory_kib: KdfParams::MAX_MEMORY_KIB,
                iterations: 8,
                parallelism: 16,
            },
            KdfParams {
                memory_kib: 128,
                iterations: 100,
                parallelism: 16,
            },
        ] {
            assert_eq!(good.validate(), Ok(good));
        }
    }

    #[test]
    fn unicode_passphrases_and_texts_round_trip() {
        let passphrase = "Mélodie d'été à Noël — 🎄🔑 ñ ß";
        let plaintext = "Facture n° 42 : « café crème » payée le 1ᵉʳ août ✅ 😀 \u{0}\u{10FFFF}";
        let key = key(passphrase, 5);
        let text = seal(&key, &nonce(6), plaintext, CONTEXT).unwrap();
        assert_eq!(open(&text, &key, CONTEXT).unwrap(), plaintext);
        // The composed and decomposed forms of "é" are the same passphrase (NFC).
        let decomposed =
            "Me\u{301}lodie d'e\u{301}te\u{301} a\u{300} Noe\u{308}l — 🎄🔑 n\u{303} ß";
        assert_eq!(
            open(&text, &self::key(decomposed, 5), CONTEXT).unwrap(),
            plaintext
        );
    }

    #[test]
    fn the_envelope_is_ascii_and_shows_nothing_of_the_plaintext() {
        let key = key("pass", 8);
        let plaintext = "{\"client\":\"Boulangerie Zéphyrine\",\"amount\":\"1234.56\"}";
        let text = seal(&key, &nonce(9), plaintext, CONTEXT).unwrap();
        assert!(text.is_ascii());
        assert!(text.bytes().all(|b| b.is_ascii_graphic()), "{text}");
        for word in ["Boulangerie", "Zéphyrine", "client", "1234", "pass"] {
            assert!(!text.contains(word), "{word} in {text}");
        }
        // Not even as base64 of the plain bytes.
        assert!(!text.contains(&base64::encode(b"Boulangerie")[..12]));
    }

    #[test]
    fn sealing_is_pure_and_the_nonce_changes_everything_after_the_header() {
        let key = key("pass", 1);
        let a = seal(&key, &nonce(1), "same", CONTEXT).unwrap();
        assert_eq!(a, seal(&key, &nonce(1), "same", CONTEXT).unwrap());
        let b = seal(&key, &nonce(2), "same", CONTEXT).unwrap();
        assert_ne!(a, b);
        let (a_sealed, b_sealed) = (a.rsplit(':').next(), b.rsplit(':').next());
        assert_ne!(a_sealed, b_sealed);
    }

    #[test]
    fn is_envelope_recognises_every_version_and_nothing_else() {
        let text = seal(&key("pass", 1), &nonce(1), "x", CONTEXT).unwrap();
        assert!(is_envelope(&text));
        assert!(is_envelope("relance-enc1:"));
        assert!(is_envelope("relance-enc2:whatever"));
        assert!(is_envelope("relance-enc10:"));
        for not in [
            "",
            "relance-enc",
            "relance-enc1",
            "relance-enc:",
            "relance-encx:",
            "relance-enc 1:",
            " relance-enc1:",
            "{\"format\":\"relance-ledger\",\"version\":1}",
            "RELANCE-ENC1:",
        ] {
            assert!(!is_envelope(not), "{not:?}");
        }
    }

    #[test]
    fn a_key_never_shows_its_bytes() {
        let key = key("pass", 1);
        assert_eq!(format!("{key:?}"), "Key(…)");
        assert_eq!(format!("{:?}", key.clone()), "Key(…)");
        assert_eq!(key.clone().id(), key.id());
    }

    #[test]
    fn every_error_is_described_in_both_languages() {
        let errors = [
            CryptoError::WrongPassphraseOrDamaged,
            CryptoError::Malformed {
                reason: Flaw::NotAnEnvelope,
            },
            CryptoError::Malformed {
                reason: Flaw::UnknownVersion,
            },
            CryptoError::Malformed {
                reason: Flaw::FieldCount {
                    found: 3,
                    expected: 6,
                },
            },
            CryptoError::Malformed {
                reason: Flaw::Hex(Field::KeyId),
            },
            CryptoError::Malformed {
                reason: Flaw::Length(Field::DataKey),
            },
            CryptoError::Malformed {
                reason: Flaw::Number(Field::Memory),
            },
            CryptoError::Malformed {
                reason: Flaw::Number(Field::Iterations),
            },
            CryptoError::Malformed {
                reason: Flaw::Number(Field::Parallelism),
            },
            CryptoError::Malformed {
                reason: Flaw::Base64(Field::Salt),
            },
            CryptoError::Malformed {
                reason: Flaw::Base64(Field::Nonce),
            },
            CryptoError::Malformed {
                reason: Flaw::Length(Field::Ciphertext),
            },
            CryptoError::BadParams {
                params: KdfParams::DEFAULT,
            },
            CryptoError::MemoryTooLarge {
                memory_kib: 1 << 20,
            },
            CryptoError::NotUtf8,
            CryptoError::Kdf(argon2::Error::SaltTooShort),
            CryptoError::OutOfMemory { memory_kib: 19_456 },
            CryptoError::KeyMismatch,
            CryptoError::OtherDataKey,
            CryptoError::TooLarge,
        ];
        for error in &errors {
            let fr = error.describe(Lang::Fr);
            let en = error.describe(Lang::En);
            assert!(fr.ends_with("Rien n'a été modifié."), "{fr}");
            assert!(en.ends_with("Nothing was changed."), "{en}");
            assert_ne!(fr, en);
        }
        let wrong = CryptoError::WrongPassphraseOrDamaged;
        assert!(
            wrong
                .describe(Lang::Fr)
                .starts_with("Phrase secrète incorrecte, ou données altérées")
        );
        assert!(
            wrong
                .describe(Lang::En)
                .starts_with("Wrong passphrase, or the data was altered")
        );
    }

    /// The cost of a real derivation, for the record (`--nocapture` shows it); no assertion on
    /// time, only that the recommended parameters work end to end.
    #[test]
    fn default_parameters_work_and_their_cost_is_printed() {
        let salt = Salt::from_bytes(*b"relance-salt-16b");
        let started = std::time::Instant::now();
        let key =
            Key::derive("une phrase secrète assez longue", &salt, KdfParams::DEFAULT).unwrap();
        let elapsed = started.elapsed();
        println!(
            "Argon2id m={} KiB t={} p={}: {elapsed:?}",
            KdfParams::DEFAULT.memory_kib,
            KdfParams::DEFAULT.iterations,
            KdfParams::DEFAULT.parallelism
        );
        let text = seal(&key, &nonce(1), "ok", CONTEXT).unwrap();
        assert!(text.starts_with("relance-enc1:19456:2:1:"), "{text}");
        assert_eq!(open(&text, &key, CONTEXT).unwrap(), "ok");
    }

    // --- data keys -----------------------------------------------------------------------------

    fn data_key(byte: u8) -> DataKey {
        DataKey::from_bytes([byte; 32], DataKeyId::from_bytes([byte; 8]))
    }

    #[test]
    fn data_key_ids_are_16_lowercase_hex_digits() {
        let id = DataKeyId::from_bytes([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
        assert_eq!(id.to_string(), "0123456789abcdef");
        assert_eq!(DataKeyId::from_hex("0123456789abcdef"), Some(id));
        for bad in [
            "",
            "0123456789ABCDEF",
            "0123456789abcde",
            "0123456789abcdef0",
            "0123456789abcdeg",
            "+123456789abcdef",
            "0123456789abcdé",
        ] {
            assert_eq!(DataKeyId::from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn data_envelopes_round_trip_and_are_bound_to_their_context_and_key() {
        let key = data_key(1);
        let text = key
            .seal(
                &nonce(1),
                "Facture F-2025-00042 « Zéphyrine »",
                "relance.ledger",
            )
            .unwrap();
        assert!(text.starts_with("relance-dek1:0101010101010101:"), "{text}");
        assert!(text.is_ascii() && is_data_envelope(&text) && !is_envelope(&text));
        assert_eq!(
            key.open(&text, "relance.ledger").unwrap(),
            "Facture F-2025-00042 « Zéphyrine »"
        );
        assert_eq!(
            key.open(&text, "relance.rates"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(
            data_key(2).open(&text, "relance.ledger"),
            Err(CryptoError::OtherDataKey)
        );
        // Same id, other bytes: the tag says so.
        let impostor = DataKey::from_bytes([9; 32], key.id());
        assert_eq!(
            impostor.open(&text, "relance.ledger"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(
            DataEnvelope::parse(&text).unwrap().key_id(),
            DataKeyId::from_bytes([1; 8])
        );
        assert_ne!(
            text,
            key.seal(
                &nonce(2),
                "Facture F-2025-00042 « Zéphyrine »",
                "relance.ledger"
            )
            .unwrap()
        );
    }

    #[test]
    fn any_altered_character_of_a_data_envelope_is_refused() {
        let key = data_key(3);
        let text = key.seal(&nonce(4), "Montant dû : 1 200,00 €", "k").unwrap();
        let mut checked = 0;
        for (index, old) in text.char_indices() {
            for new in ['A', 'g', '0', '3', 'f', '+', '/', '=', ':', '-'] {
                if new == old {
                    continue;
                }
                let mut altered = text.clone();
                altered.replace_range(index..index + old.len_utf8(), new.encode_utf8(&mut [0; 4]));
                assert!(
                    matches!(
                        key.open(&altered, "k"),
                        Err(CryptoError::WrongPassphraseOrDamaged
                            | CryptoError::OtherDataKey
                            | CryptoError::Malformed { .. })
                    ),
                    "{altered}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
        for end in 0..text.len() {
            assert!(key.open(&text[..end], "k").is_err());
        }
    }

    #[test]
    fn malformed_data_envelopes_say_why() {
        let id = "0303030303030303";
        let lettered = "0a0b0c0d0e0f0a0b";
        let nonce = base64::encode(&[2; 12]);
        let sealed = base64::encode(&[3; 16]);
        let malformed = |reason| Err(CryptoError::Malformed { reason });
        let cases = [
            ("{}".to_string(), malformed(Flaw::NotAnEnvelope)),
            (
                format!("relance-enc1:{id}:{nonce}:{sealed}"),
                malformed(Flaw::NotAnEnvelope),
            ),
            (
                format!("relance-dek2:{id}:{nonce}:{sealed}"),
                malformed(Flaw::UnknownVersion),
            ),
            (
                format!("relance-dek1:{id}:{nonce}"),
                malformed(Flaw::FieldCount {
                    found: 2,
                    expected: 3,
                }),
            ),
            (
                format!("relance-dek1:{}:{nonce}:{sealed}", lettered.to_uppercase()),
                malformed(Flaw::Hex(Field::KeyId)),
            ),
            (
                format!("relance-dek1:{id}:{}:{sealed}", base64::encode(&[2; 16])),
                malformed(Flaw::Length(Field::Nonce)),
            ),
            (
                format!("relance-dek1:{id}:{nonce}:{}", base64::encode(&[3; 15])),
                malformed(Flaw::Length(Field::Ciphertext)),
            ),
            (
                format!("relance-dek1:{id}:{nonce}:{sealed}A"),
                malformed(Flaw::Base64(Field::Ciphertext)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(DataEnvelope::parse(&text), expected, "{text}");
        }
        assert_eq!(
            data_key(3).open(&format!("relance-dek1:{id}:{nonce}:{sealed}"), "k"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
    }

    #[test]
    fn a_wrapped_data_key_opens_only_with_its_passphrase_id_and_context() {
        let data = data_key(5);
        let passphrase_key = key("pass", 6);
        let wrapped = data.wrap(&passphrase_key, &nonce(7), "lock").unwrap();
        assert!(wrapped.starts_with(PREFIX), "{wrapped}");
        assert!(!wrapped.contains(&base64::encode(&[5; 32])[..12]));
        let unwrapped =
            DataKey::from_wrapped(&wrapped, &passphrase_key, data.id(), "lock").unwrap();
        let sealed = data.seal(&nonce(8), "x", "k").unwrap();
        assert_eq!(unwrapped.open(&sealed, "k").unwrap(), "x");
        assert_eq!(unwrapped.id(), data.id());
        let refused = [
            DataKey::from_wrapped(&wrapped, &key("other", 6), data.id(), "lock"),
            DataKey::from_wrapped(
                &wrapped,
                &passphrase_key,
                DataKeyId::from_bytes([0; 8]),
                "lock",
            ),
            DataKey::from_wrapped(&wrapped, &passphrase_key, data.id(), "lock2"),
        ];
        for result in refused {
            assert_eq!(
                result.map(|_| ()),
                Err(CryptoError::WrongPassphraseOrDamaged)
            );
        }
        // Something sealed under the passphrase key that is not 32 bytes of base64.
        let not_a_key = seal(
            &passphrase_key,
            &nonce(9),
            "short",
            &wrap_context(data.id(), "lock"),
        )
        .unwrap();
        assert_eq!(
            DataKey::from_wrapped(&not_a_key, &passphrase_key, data.id(), "lock").map(|_| ()),
            Err(CryptoError::Malformed {
                reason: Flaw::Base64(Field::DataKey)
            })
        );
        assert_eq!(format!("{data:?}"), "DataKey(0505050505050505, …)");
    }
}
