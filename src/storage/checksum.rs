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

/// FNV-1a 64 of each of `texts`, four at a time. Each hash is a chain of dependent
/// multiplications, one per byte, so a processor computing one hash mostly waits; four
/// independent chains side by side keep it busy (the ledger's 17 shards, about 4 MB, are
/// hashed at every load).
pub fn fnv1a_64_each(texts: &[&[u8]]) -> Vec<u64> {
    let step = |hash: u64, byte: &u8| (hash ^ u64::from(*byte)).wrapping_mul(PRIME);
    // Longest first, so that the four hashed together are about as long (an insertion sort:
    // a few texts, and no sorting code to add to the download).
    let mut order: Vec<(usize, &[u8])> = Vec::with_capacity(texts.len());
    for (index, text) in texts.iter().copied().enumerate() {
        let at = order.partition_point(|(_, longer)| longer.len() >= text.len());
        order.insert(at, (index, text));
    }
    let mut hashes = vec![OFFSET_BASIS; texts.len()];
    for group in order.chunks(4) {
        let mut four = [OFFSET_BASIS; 4];
        let mut done = 0;
        if let [(_, a), (_, b), (_, c), (_, d)] = group {
            for (((x, y), z), w) in a.iter().zip(*b).zip(*c).zip(*d) {
                four[0] = step(four[0], x);
                four[1] = step(four[1], y);
                four[2] = step(four[2], z);
                four[3] = step(four[3], w);
            }
            done = d.len();
        }
        for ((index, text), hash) in group.iter().zip(four) {
            let rest = text.get(done..).unwrap_or_default();
            if let Some(slot) = hashes.get_mut(*index) {
                *slot = rest.iter().fold(hash, step);
            }
        }
    }
    hashes
}

/// A hash as the manifest stores it: 16 lowercase hexadecimal digits.
pub fn hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// The checksum of a text as the manifest stores it: FNV-1a 64 of its UTF-8 bytes, written
/// as 16 lowercase hexadecimal digits.
pub fn checksum(text: &str) -> String {
    hex(fnv1a_64(text.as_bytes()))
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
    fn hashing_four_at_a_time_gives_each_texts_own_hash() {
        let long: Vec<u8> = (0..1000u32).map(|n| (n * 7 % 251) as u8).collect();
        let texts: Vec<&[u8]> = vec![
            b"foobar",
            &long,
            b"",
            long.get(3..).unwrap_or_default(),
            b"a",
            &long,
            b"b",
            long.get(..999).unwrap_or_default(),
            b"c",
        ];
        for count in 0..=texts.len() {
            let some = texts.get(..count).unwrap_or_default();
            let expected: Vec<u64> = some.iter().map(|text| fnv1a_64(text)).collect();
            assert_eq!(fnv1a_64_each(some), expected, "{count}");
        }
    }

    #[test]
    fn the_stored_form_is_sixteen_hex_digits_of_the_utf8_bytes() {
        assert_eq!(checksum(""), "cbf29ce484222325");
        assert_eq!(checksum("foobar"), "85944171f73967e8");
        assert_eq!(checksum("é"), format!("{:016x}", fnv1a_64("é".as_bytes())));
        assert_ne!(checksum("Société"), checksum("Societe"));
    }
}
