//! The files embedded in a PDF: how a Factur-X / ZUGFeRD / XRechnung invoice carries its CII
//! XML (a PDF/A-3 file attachment named `factur-x.xml`, `zugferd-invoice.xml`…). Pure: bytes
//! in, the embedded files out, or a [`PdfError`] saying why not.
//!
//! A minimal reader of our own (ISO 32000-1), not a PDF library: measured alone in a wasm
//! release build (`opt-level = "z"`, `wasm-opt -Oz`, gzip -9), `lopdf` 0.47 without default
//! features added ~279 KB (encryption, fonts, encodings, nom), this reader and its inflate
//! (`miniz_oxide`, ~6 KB of it) ~28 KB, ~22 KB beyond the std collections and formatting the
//! app already links. It reads what real writers produce:
//! - the `%PDF-` header, possibly after junk bytes (offsets then tried both ways);
//! - the cross-reference chain from the last `startxref`: classic tables and trailers,
//!   incremental updates (`/Prev`: the newest definition of an object wins), cross-reference
//!   streams (`/W`, `/Index`, PNG predictors), hybrid files (`/XRefStm`), object streams;
//! - a missing or wrong cross-reference: the file is scanned for `N G obj` headers (the last
//!   definition wins) and for the catalog (trailers, cross-reference streams, `/Type /Catalog`);
//! - a stream's `/Length` direct, indirect, or wrong (then the data ends at `endstream`);
//! - the catalog's `/Names /EmbeddedFiles` name tree and its `/AF` array (PDF/A-3's
//!   associated files), both, each embedded stream once;
//! - the filters FlateDecode (PNG predictors), ASCIIHexDecode and ASCII85Decode.
//!
//! It never decrypts (Factur-X forbids encryption) and stops at the [`Limits`]: every loop is
//! bounded, recursion has a depth, and nothing is allocated from a size the file states before
//! that size is checked against the input or the limits.

mod filters;
mod reader;
mod syntax;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use reader::Reader;
use syntax::Obj;

/// A file embedded in the PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// The file name: the file specification's `/UF` (Unicode) if any, else its `/F`, else
    /// the name tree's key; UTF-16BE (with its byte-order mark), UTF-8 (with its mark) or
    /// PDFDocEncoding, decoded. May be empty.
    pub name: String,
    /// The file's bytes, decoded.
    pub bytes: Vec<u8>,
    /// PDF/A-3's `/AFRelationship` (`Data`, `Alternative`, `Source`…), if given.
    pub relationship: Option<String>,
    /// The media type given as the embedded stream's `/Subtype` (`text/xml`), if any.
    pub mime: Option<String>,
}

/// Bounds on the work done for one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes one stream may decode to.
    pub max_decoded: usize,
    /// The most bytes all the streams of one file may decode to together.
    pub max_total_decoded: usize,
    /// The most objects a cross-reference may list, and the most objects loaded.
    pub max_objects: usize,
    /// The most embedded files returned.
    pub max_files: usize,
    /// The deepest nesting: of arrays and dictionaries, of the name tree, of references
    /// followed to read an object.
    pub max_depth: usize,
}

impl Default for Limits {
    /// 20 MiB a stream, 64 MiB in all, 300,000 objects, 100 files, nesting 32 deep. A
    /// Factur-X invoice is a few hundred KB with a few hundred objects; its XML tens of KB.
    fn default() -> Limits {
        Limits {
            max_decoded: 20 << 20,
            max_total_decoded: 64 << 20,
            max_objects: 300_000,
            max_files: 100,
            max_depth: 32,
        }
    }
}

/// Why the embedded files could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// No `%PDF-` header in the first 1,024 bytes: not a PDF.
    NotPdf,
    /// The file is damaged: its catalog cannot be found (neither through the cross-reference
    /// nor by scanning), or an object or a stream needed is unreadable (cut short, corrupt
    /// compressed data, an embedded file without its stream).
    Damaged,
    /// The file is encrypted (its trailer has `/Encrypt`); it is not decrypted.
    Encrypted,
    /// A stream needed uses a filter (or a predictor) not read here, e.g. `LZWDecode`.
    Unsupported { filter: String },
    /// A stream decodes to more than `limit` bytes ([`Limits::max_decoded`]), or all of them
    /// together to more than [`Limits::max_total_decoded`] (then `limit` is that one).
    TooLarge { limit: usize },
    /// The file has more objects, embedded files, filters or nesting than the [`Limits`]
    /// allow, or would take too long to parse.
    TooComplex,
}

/// The files embedded in `bytes`: those of the catalog's `/Names /EmbeddedFiles` tree, then
/// those of its `/AF` array not already listed (each embedded stream once). An empty list is a
/// readable PDF without attachments. Any embedded file that cannot be read fails the whole.
pub fn embedded_files(bytes: &[u8], limits: &Limits) -> Result<Vec<EmbeddedFile>, PdfError> {
    extract(bytes, limits).0
}

/// [`embedded_files`], and whether the file had to be scanned (its cross-reference did not
/// lead to every object needed).
fn extract(bytes: &[u8], limits: &Limits) -> (Result<Vec<EmbeddedFile>, PdfError>, bool) {
    let head = bytes.get(..1024 + 5).unwrap_or(bytes);
    let Some(base) = head.windows(5).position(|window| window == b"%PDF-") else {
        return (Err(PdfError::NotPdf), false);
    };
    let mut reader = Reader::new(bytes, base, limits);
    let files = files(&mut reader, limits);
    (files, reader.scanned())
}

fn files(reader: &mut Reader, limits: &Limits) -> Result<Vec<EmbeddedFile>, PdfError> {
    let catalog = reader.catalog()?;
    let mut specs: Vec<(Option<Vec<u8>>, Obj)> = Vec::new();
    if let Some(names) = catalog.get(b"Names")
        && let Some(tree) = reader
            .resolve(names)?
            .as_dict()
            .and_then(|names| names.get(b"EmbeddedFiles"))
    {
        name_tree(reader, tree, limits, &mut specs)?;
    }
    if let Some(associated) = catalog.get(b"AF")
        && let Obj::Array(items) = reader.resolve(associated)?
    {
        if items.len() > limits.max_objects {
            return Err(PdfError::TooComplex);
        }
        specs.extend(items.into_iter().map(|item| (None, item)));
    }
    let mut seen_specs = HashSet::new();
    let mut seen_streams = HashSet::new();
    let mut files = Vec::new();
    // An attachment that cannot be decoded (a huge scan, an unknown filter) does not hide the
    // invoice beside it: its error stands only when no XML attachment could be read.
    let mut first_error = None;
    for (key, spec) in specs {
        if let Obj::Ref(number) = spec
            && !seen_specs.insert(number)
        {
            continue;
        }
        match embedded_file(reader, &spec, key, &mut seen_streams) {
            Ok(Some(file)) => {
                if files.len() >= limits.max_files {
                    return Err(PdfError::TooComplex);
                }
                files.push(file);
            }
            Ok(None) => {}
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let has_xml = files
        .iter()
        .any(|file| file.name.to_ascii_lowercase().ends_with(".xml"));
    match first_error {
        Some(error) if !has_xml => Err(error),
        _ => Ok(files),
    }
}

/// The values of a name tree (`/Names [key value …]`, `/Kids`), in order, with their keys.
fn name_tree(
    reader: &mut Reader,
    root: &Obj,
    limits: &Limits,
    specs: &mut Vec<(Option<Vec<u8>>, Obj)>,
) -> Result<(), PdfError> {
    let mut stack = vec![(root.clone(), 0usize)];
    let mut visited = HashSet::new();
    let mut nodes = 0usize;
    while let Some((node, depth)) = stack.pop() {
        nodes += 1;
        if nodes > limits.max_objects || depth > limits.max_depth {
            return Err(PdfError::TooComplex);
        }
        if let Obj::Ref(number) = node
            && !visited.insert(number)
        {
            continue;
        }
        let Obj::Dict(node) = reader.resolve(&node)? else {
            continue;
        };
        if let Some(names) = node.get(b"Names")
            && let Obj::Array(names) = reader.resolve(names)?
        {
            for pair in names.chunks(2) {
                if let [key, value] = pair {
                    let key = match reader.resolve(key)? {
                        Obj::Str(key) => Some(key),
                        _ => None,
                    };
                    specs.push((key, value.clone()));
                }
            }
            if specs.len() > limits.max_objects {
                return Err(PdfError::TooComplex);
            }
        }
        if let Some(kids) = node.get(b"Kids")
            && let Obj::Array(kids) = reader.resolve(kids)?
        {
            if kids.len() > limits.max_objects {
                return Err(PdfError::TooComplex);
            }
            stack.extend(kids.into_iter().rev().map(|kid| (kid, depth + 1)));
        }
    }
    Ok(())
}

/// The file a file specification embeds; `None` for one that embeds nothing (a reference to
/// an outside file) or whose stream was already read.
fn embedded_file(
    reader: &mut Reader,
    spec: &Obj,
    key: Option<Vec<u8>>,
    seen_streams: &mut HashSet<u32>,
) -> Result<Option<EmbeddedFile>, PdfError> {
    let Obj::Dict(spec) = reader.resolve(spec)? else {
        return Ok(None);
    };
    let Some(streams) = spec.get(b"EF") else {
        return Ok(None);
    };
    let Obj::Dict(streams) = reader.resolve(streams)? else {
        return Ok(None);
    };
    let Some(Obj::Ref(stream)) = streams.get(b"F").or_else(|| streams.get(b"UF")) else {
        return Ok(None);
    };
    if !seen_streams.insert(*stream) {
        return Ok(None);
    }
    let loaded = reader.load(*stream)?;
    if loaded.stream.is_none() {
        return Err(PdfError::Damaged);
    }
    let bytes = reader.decode(&loaded)?;
    let mut name = None;
    for name_key in [&b"UF"[..], b"F"] {
        if let Some(value) = spec.get(name_key)
            && let Obj::Str(value) = reader.resolve(value)?
        {
            name = Some(value);
            break;
        }
    }
    let name = name.or(key).map(|name| text(&name)).unwrap_or_default();
    let relationship = match spec.get(b"AFRelationship") {
        Some(value) => name_text(&reader.resolve(value)?),
        None => None,
    };
    let mime = match loaded.obj.as_dict().and_then(|dict| dict.get(b"Subtype")) {
        Some(value) => name_text(&reader.resolve(value)?),
        None => None,
    };
    Ok(Some(EmbeddedFile {
        name,
        bytes,
        relationship,
        mime,
    }))
}

fn name_text(obj: &Obj) -> Option<String> {
    obj.as_name()
        .map(|name| String::from_utf8_lossy(name).into_owned())
}

/// A PDF text string (ISO 32000-1, 7.9.2.2): UTF-16BE after FE FF, UTF-8 after EF BB BF (PDF
/// 2.0), else PDFDocEncoding.
fn text(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = utf16.chunks(2).map(|pair| match pair {
            [high, low] => u16::from_be_bytes([*high, *low]),
            _ => 0xFFFD,
        });
        return char::decode_utf16(units)
            .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&byte| pdf_doc_char(byte)).collect()
}

/// PDFDocEncoding (ISO 32000-1, Annex D): Latin-1 but for 0x18–0x1F, 0x80–0xA0 and 0xAD.
fn pdf_doc_char(byte: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
    ];
    match byte {
        0x18..=0x1F => LOW.get(usize::from(byte - 0x18)).copied(),
        0x80..=0xA0 => HIGH.get(usize::from(byte - 0x80)).copied(),
        0xAD => Some('\u{FFFD}'),
        _ => None,
    }
    .unwrap_or(char::from(byte))
}
