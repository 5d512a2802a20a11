//! Standard base64 (RFC 4648 §4): `A–Z a–z 0–9 + /`, padded with `=`. Decoding is strict: no
//! whitespace, no URL-safe letters, padding only at the end and only as much as needed, and the
//! unused bits of the last character must be zero, so every byte string has exactly one text.
//! Used by the encryption of stored data and by the letterhead's logo (a `data:` URL).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn letter(sextet: u32) -> char {
    ALPHABET
        .get((sextet & 0x3f) as usize)
        .map_or('=', |&byte| char::from(byte))
}

fn value(letter: u8) -> Option<u32> {
    let value = match letter {
        b'A'..=b'Z' => letter - b'A',
        b'a'..=b'z' => letter - b'a' + 26,
        b'0'..=b'9' => letter - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// The base64 text of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| chunk.get(i).copied().map(u32::from);
        let (b1, b2) = (byte(1), byte(2));
        let group = (byte(0).unwrap_or(0) << 16) | (b1.unwrap_or(0) << 8) | b2.unwrap_or(0);
        text.push(letter(group >> 18));
        text.push(letter(group >> 12));
        text.push(if b1.is_some() {
            letter(group >> 6)
        } else {
            '='
        });
        text.push(if b2.is_some() { letter(group) } else { '=' });
    }
    text
}

/// The bytes of a strict base64 text, or `None`.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let letters = text.as_bytes();
    if !letters.len().is_multiple_of(4) {
        return None;
    }
    let groups = letters.len() / 4;
    let mut bytes = Vec::with_capacity(groups * 3);
    for (index, group) in letters.chunks_exact(4).enumerate() {
        let &[a, b, c, d] = group else {
            return None;
        };
        let last = index + 1 == groups;
        let (a, b) = (value(a)?, value(b)?);
        match (c, d) {
            (b'=', b'=') if last => {
                if b & 0x0f != 0 {
                    return None;
                }
                let group = (a << 18) | (b << 12);
                bytes.push((group >> 16) as u8);
            }
            (c, b'=') if last => {
                let c = value(c)?;
                if c & 0x03 != 0 {
                    return None;
                }
                let group = (a << 18) | (b << 12) | (c << 6);
                bytes.extend_from_slice(&[(group >> 16) as u8, (group >> 8) as u8]);
            }
            (c, d) => {
                let group = (a << 18) | (b << 12) | (value(c)? << 6) | value(d)?;
                bytes.extend_from_slice(&[(group >> 16) as u8, (group >> 8) as u8, group as u8]);
            }
        }
    }
    Some(bytes)
}
