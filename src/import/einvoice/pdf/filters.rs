//! Stream filters (ISO 32000-1, 7.4): FlateDecode (zlib, with the PNG predictors),
//! ASCIIHexDecode and ASCII85Decode. Every decoder stops at its output limit.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use super::syntax::{Dict, Obj, is_space};

/// A filter and its parameters, as read from a stream's dictionary (references resolved).
pub(super) struct Stage {
    pub(super) filter: Vec<u8>,
    pub(super) params: Option<Dict>,
}

/// Why decoding stopped, told by [`decode`].
pub(super) enum DecodeError {
    /// The output would pass the limit.
    Limit,
    /// The data is not what its filter says.
    Corrupt,
    /// A filter or predictor not read here, by name.
    Unsupported(String),
}

/// Applies the stages in order; no output passes `limit` bytes.
pub(super) fn decode(raw: &[u8], stages: &[Stage], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut data: Option<Vec<u8>> = None;
    for stage in stages {
        let input = data.as_deref().unwrap_or(raw);
        let output = match stage.filter.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let predictor = Predictor::of(stage.params.as_ref())?;
                let inflated = inflate(input, limit)?;
                match predictor {
                    None => inflated,
                    Some(png) => png.undo(&inflated)?,
                }
            }
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(input, limit)?,
            b"ASCII85Decode" | b"A85" => ascii_85(input, limit)?,
            other => {
                return Err(DecodeError::Unsupported(
                    String::from_utf8_lossy(other).into_owned(),
                ));
            }
        };
        data = Some(output);
    }
    match data {
        Some(data) => Ok(data),
        None if raw.len() > limit => Err(DecodeError::Limit),
        None => Ok(raw.to_vec()),
    }
}

/// Inflates zlib data (or raw deflate data, which some writers produce), at most `limit`
/// bytes. The Adler-32 checksum is not checked (readers tolerate a wrong one).
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let zlib = input.len() >= 2
        && input.first().is_some_and(|&cmf| cmf & 0x0F == 8)
        && input
            .first()
            .zip(input.get(1))
            .is_some_and(|(&cmf, &flg)| (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0);
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
        | if zlib {
            inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER | inflate_flags::TINFL_FLAG_IGNORE_ADLER32
        } else {
            0
        };
    // One byte over the limit tells output that passes it from output that just fills it.
    let cap = limit.saturating_add(1);
    let mut output = vec![0u8; input.len().saturating_mul(4).max(64).min(cap)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut rest = input;
    let mut written = 0usize;
    loop {
        let (status, read, wrote) = decompress(&mut state, rest, &mut output, written, flags);
        written = written.saturating_add(wrote);
        rest = rest.get(read..).unwrap_or(&[]);
        if written > limit {
            return Err(DecodeError::Limit);
        }
        match status {
            TINFLStatus::Done => {
                output.truncate(written);
                return Ok(output);
            }
            TINFLStatus::HasMoreOutput => {
                if output.len() >= cap {
                    return Err(DecodeError::Limit);
                }
                let grown = output.len().saturating_mul(2).min(cap);
                output.resize(grown, 0);
            }
            _ => return Err(DecodeError::Corrupt),
        }
    }
}

/// The PNG predictors (`/Predictor` 10 to 15: each row tells its own filter).
struct Predictor {
    /// Bytes per pixel (at least 1).
    pixel: usize,
    /// Bytes per row, without the filter-type byte.
    row: usize,
}

impl Predictor {
    /// `None` when no predictor applies; `Unsupported` for the TIFF predictor.
    fn of(params: Option<&Dict>) -> Result<Option<Predictor>, DecodeError> {
        let Some(params) = params else {
            return Ok(None);
        };
        let get = |key: &[u8], default: usize| {
            params
                .get(key)
                .map_or(Some(default), Obj::as_usize)
                .ok_or(DecodeError::Corrupt)
        };
        match get(b"Predictor", 1)? {
            1 => Ok(None),
            10..=15 => {
                let colors = get(b"Colors", 1)?;
                let bits = get(b"BitsPerComponent", 8)?;
                let columns = get(b"Columns", 1)?;
                if !(1..=32).contains(&colors)
                    || !matches!(bits, 1 | 2 | 4 | 8 | 16)
                    || columns == 0
                {
                    return Err(DecodeError::Corrupt);
                }
                let pixel_bits = colors * bits;
                let row_bits = columns
                    .checked_mul(pixel_bits)
                    .ok_or(DecodeError::Corrupt)?;
                Ok(Some(Predictor {
                    pixel: pixel_bits.div_ceil(8),
                    row: row_bits.div_ceil(8),
                }))
            }
            other => Err(DecodeError::Unsupported(format!(
                "FlateDecode /Predictor {other}"
            ))),
        }
    }

    /// Undoes the prediction, row by row (a short last row is kept as it is).
    fn undo(&self, data: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let mut output: Vec<u8> = Vec::with_capacity(data.len());
        let mut previous = vec![0u8; self.row.min(data.len())];
        for encoded in data.chunks(self.row.saturating_add(1)) {
            let Some((&kind, encoded)) = encoded.split_first() else {
                break;
            };
            let mut row = encoded.to_vec();
            for i in 0..row.len() {
                let byte = row.get(i).copied().unwrap_or(0);
                let left = i
                    .checked_sub(self.pixel)
                    .and_then(|j| row.get(j))
                    .copied()
                    .unwrap_or(0);
                let up = previous.get(i).copied().unwrap_or(0);
                let up_left = i
                    .checked_sub(self.pixel)
                    .and_then(|j| previous.get(j))
                    .copied()
                    .unwrap_or(0);
                let value = match kind {
                    0 => byte,
                    1 => byte.wrapping_add(left),
                    2 => byte.wrapping_add(up),
                    3 => byte.wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                    4 => byte.wrapping_add(paeth(left, up, up_left)),
                    _ => return Err(DecodeError::Corrupt),
                };
                if let Some(slot) = row.get_mut(i) {
                    *slot = value;
                }
            }
            output.extend_from_slice(&row);
            previous = row;
        }
        Ok(output)
    }
}

fn paeth(left: u8, up: u8, up_left: u8) -> u8 {
    let estimate = i16::from(left) + i16::from(up) - i16::from(up_left);
    let to_left = (estimate - i16::from(left)).abs();
    let to_up = (estimate - i16::from(up)).abs();
    let to_up_left = (estimate - i16::from(up_left)).abs();
    if to_left <= to_up && to_left <= to_up_left {
        left
    } else if to_up <= to_up_left {
        up
    } else {
        up_left
    }
}

/// ASCIIHexDecode: pairs of hexadecimal digits up to `>`, white space ignored.
fn ascii_hex(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut output = Vec::new();
    let mut high: Option<u8> = None;
    for &byte in input {
        if byte == b'>' {
            break;
        }
        if is_space(byte) {
            continue;
        }
        let value = match byte {
            b'0'..=b'9' => byte - b'0',
            b'a'..=b'f' => byte - b'a' + 10,
            b'A'..=b'F' => byte - b'A' + 10,
            _ => return Err(DecodeError::Corrupt),
        };
        match high.take() {
            Some(high) => output.push(high << 4 | value),
            None => high = Some(value),
        }
        if output.len() > limit {
            return Err(DecodeError::Limit);
        }
    }
    if let Some(high) = high {
        output.push(high << 4);
    }
    if output.len() > limit {
        return Err(DecodeError::Limit);
    }
    Ok(output)
}

/// ASCII85Decode: groups of five characters `!` to `u` up to `~>`, `z` for four zero bytes.
fn ascii_85(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    // Some writers keep the `<~` that opens the encoding outside PDF.
    let start = input
        .iter()
        .position(|&byte| !is_space(byte))
        .unwrap_or(input.len());
    let input = input.get(start..).unwrap_or(&[]);
    let input = input.strip_prefix(b"<~").unwrap_or(input);
    let mut output = Vec::new();
    let mut group = [0u8; 5];
    let mut count = 0usize;
    let push_group = |output: &mut Vec<u8>, group: &[u8; 5], count: usize| {
        let value = group
            .iter()
            .try_fold(0u32, |value, &digit| {
                value.checked_mul(85)?.checked_add(u32::from(digit))
            })
            .ok_or(DecodeError::Corrupt)?;
        let bytes = value.to_be_bytes();
        output.extend_from_slice(bytes.get(..count.saturating_sub(1)).unwrap_or(&[]));
        Ok::<(), DecodeError>(())
    };
    for &byte in input {
        match byte {
            b'~' => break,
            b'z' if count == 0 => output.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                if let Some(slot) = group.get_mut(count) {
                    *slot = byte - b'!';
                }
                count += 1;
                if count == 5 {
                    push_group(&mut output, &group, 5)?;
                    count = 0;
                }
            }
            _ if is_space(byte) => {}
            _ => return Err(DecodeError::Corrupt),
        }
        if output.len() > limit {
            return Err(DecodeError::Limit);
        }
    }
    if count == 1 {
        return Err(DecodeError::Corrupt);
    }
    if count > 1 {
        for slot in group.iter_mut().skip(count) {
            *slot = b'u' - b'!';
        }
        push_group(&mut output, &group, count)?;
    }
    if output.len() > limit {
        return Err(DecodeError::Limit);
    }
    Ok(output)
}
