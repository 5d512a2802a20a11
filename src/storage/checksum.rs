//! FNV-1a, 64 bits: the checksum the ledger manifest keeps of each shard's text, so that a
//! shard damaged or replaced behind Relance's back is noticed before it is read.
//!
//! Written by hand (a dozen lines) rather than pulled from a crate. It detects accidents
//! (truncation, a stray edit, a shard of another save), not tampering: it is not a
//! cryptographic hash. Reference: <http://www.isthe.com/chongo/tech/comp/fnv/>.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of `bytes`.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

/// The checksum of a text as the manifest stores it: FNV-1a 64 of its UTF-8 bytes, written
/// as 16 lowercase hexadecimal digits.
pub fn checksum(text: &str) -> String {
    format!("{:016x}", fnv1a_64(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors_of_fnv1a_64() {
        // draft-eastlake-fnv, appendix C, and the reference suite test_fnv.c (FNV1A_64).
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"b"), 0xaf63_df4c_8601_f1a5);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a_64(b"c"), 0xaf63_de4c_8601_eff2);
    }

    #[test]
    fn the_stored_form_is_sixteen_hex_digits_of_the_utf8_bytes() {
        assert_eq!(checksum(""), "cbf29ce484222325");
        assert_eq!(checksum("foobar"), "85944171f73967e8");
        assert_eq!(checksum("é"), format!("{:016x}", fnv1a_64("é".as_bytes())));
        assert_ne!(checksum("Société"), checksum("Societe"));
    }
}
