//! PDFs built here, byte by byte, as the writers in the wild lay them out; then the same
//! bytes mutated, cut and spliced (proptest).

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::{EmbeddedFile, Limits, PdfError, embedded_files, extract, text};

const XML: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rsm:CrossIndustryInvoice>\
<ram:ID>FA-2026-0042</ram:ID><ram:ID>FA-2026-0042</ram:ID></rsm:CrossIndustryInvoice>\n";

// ---- a deflate writer for the tests: fixed Huffman codes, literals and runs (distance 1) ----

struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn new() -> Bits {
        Bits {
            out: Vec::new(),
            acc: 0,
            count: 0,
        }
    }

    /// `count` bits of `value`, least significant first.
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push((self.acc & 0xFF) as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code: most significant bit first.
    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.put(reversed, length);
    }

    fn symbol(&mut self, symbol: u32) {
        match symbol {
            0..=143 => self.code(0x30 + symbol, 8),
            144..=255 => self.code(0x190 + symbol - 144, 9),
            256..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xC0 + symbol - 280, 8),
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push((self.acc & 0xFF) as u8);
        }
        self.out
    }
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    b << 16 | a
}

/// zlib data: runs of a byte become a literal and matches of 258 at distance 1.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits::new();
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    let mut i = 0;
    while i < data.len() {
        let byte = data[i];
        bits.symbol(u32::from(byte));
        i += 1;
        while i + 258 <= data.len() && data[i..i + 258].iter().all(|&b| b == byte) {
            bits.symbol(285); // length 258
            bits.code(0, 5); // distance 1
            i += 258;
        }
    }
    bits.symbol(256);
    let mut out = vec![0x78, 0x01];
    out.extend(bits.finish());
    out.extend(adler32(data).to_be_bytes());
    out
}

/// zlib data inflating to `length` zero bytes, built without holding them.
fn zlib_zeros(length: usize) -> Vec<u8> {
    let mut bits = Bits::new();
    bits.put(1, 1);
    bits.put(1, 2);
    bits.symbol(0);
    for _ in 0..(length - 1) / 258 {
        bits.symbol(285);
        bits.code(0, 5);
    }
    bits.symbol(256);
    let mut out = vec![0x78, 0x01];
    out.extend(bits.finish());
    out.extend([0, 0, 0, 0]); // a wrong checksum: not checked
    out
}

// ---- a PDF writer for the tests ----

/// `<< dict /Length n >> stream … endstream`.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn flate_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    stream(&format!("{dict} /Filter /FlateDecode"), &zlib(data))
}

struct Writer {
    out: Vec<u8>,
    /// Objects written since the last cross-reference section.
    pending: Vec<(u32, usize)>,
}

impl Writer {
    fn new() -> Writer {
        Writer::with_prefix(b"")
    }

    fn with_prefix(prefix: &[u8]) -> Writer {
        let mut out = prefix.to_vec();
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Writer {
            out,
            pending: Vec::new(),
        }
    }

    fn obj(&mut self, number: u32, body: impl AsRef<[u8]>) -> &mut Writer {
        self.pending.push((number, self.out.len()));
        self.out
            .extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        self.out.extend_from_slice(body.as_ref());
        self.out.extend_from_slice(b"\nendobj\n");
        self
    }

    /// A classic table of the pending objects (and object 0 when `first`), its trailer and
    /// `startxref`; the table's offset.
    fn table(&mut self, trailer: &str, first: bool) -> usize {
        let at = self.out.len();
        let mut entries = std::mem::take(&mut self.pending);
        entries.sort();
        let mut text = String::from("xref\n");
        if first {
            text.push_str("0 1\n0000000000 65535 f\r\n");
        }
        let mut i = 0;
        while i < entries.len() {
            let mut j = i + 1;
            while j < entries.len() && entries[j].0 == entries[j - 1].0 + 1 {
                j += 1;
            }
            text.push_str(&format!("{} {}\n", entries[i].0, j - i));
            for (_, offset) in &entries[i..j] {
                text.push_str(&format!("{offset:010} 00000 n\r\n"));
            }
            i = j;
        }
        let size = entries.last().map_or(1, |(number, _)| number + 1);
        text.push_str(&format!(
            "trailer\n<< /Size {size} {trailer} >>\nstartxref\n{at}\n%%EOF\n"
        ));
        self.out.extend_from_slice(text.as_bytes());
        at
    }

    /// A cross-reference stream (object `number`, PNG Up predictor, `/W [1 2 1]`) listing the
    /// pending objects and `packed` (number, object stream, index); the stream's offset.
    fn xref_stream(&mut self, number: u32, packed: &[(u32, u32, u32)], trailer: &str) -> usize {
        let at = self.out.len();
        let mut rows: Vec<(u32, [u8; 4])> = Vec::new();
        rows.push((0, [0, 0, 0, 255]));
        for &(object, offset) in &self.pending {
            let offset = u16::try_from(offset).expect("test files are small");
            rows.push((object, [1, (offset >> 8) as u8, offset as u8, 0]));
        }
        let own = u16::try_from(at).expect("test files are small");
        rows.push((number, [1, (own >> 8) as u8, own as u8, 0]));
        for &(object, stream, index) in packed {
            rows.push((object, [2, (stream >> 8) as u8, stream as u8, index as u8]));
        }
        rows.sort();
        let mut index = String::new();
        for (object, _) in &rows {
            index.push_str(&format!("{object} 1 "));
        }
        let mut data = Vec::new();
        let mut previous = [0u8; 4];
        for (_, row) in &rows {
            data.push(2); // PNG "Up"
            for k in 0..4 {
                data.push(row[k].wrapping_sub(previous[k]));
            }
            previous = *row;
        }
        let size = rows.last().map_or(1, |(object, _)| object + 1);
        self.pending.clear();
        let body = flate_stream(
            &format!(
                "/Type /XRef /Size {size} /W [1 2 1] /Index [{index}] \
                 /DecodeParms << /Predictor 12 /Columns 4 >> {trailer}"
            ),
            &data,
        );
        let mut text = format!("{number} 0 obj\n").into_bytes();
        text.extend(body);
        text.extend_from_slice(format!("\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes());
        self.out.extend(text);
        at
    }

    fn bytes(&self) -> Vec<u8> {
        self.out.clone()
    }
}

/// An object stream holding `objects`.
fn object_stream(objects: &[(u32, &str)]) -> Vec<u8> {
    let mut header = String::new();
    let mut body = String::new();
    for (number, object) in objects {
        header.push_str(&format!("{number} {} ", body.len()));
        body.push_str(object);
        body.push('\n');
    }
    let first = header.len();
    let data = format!("{header}{body}");
    flate_stream(
        &format!("/Type /ObjStm /N {} /First {first}", objects.len()),
        data.as_bytes(),
    )
}

const FILESPEC: &str = "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) \
    /EF << /F 5 0 R /UF 5 0 R >> /AFRelationship /Data /Desc (Factur-X) >>";

/// Catalog 1, pages 2–3, the name tree 6 (with a kid 7), the file spec 4, the file 5.
fn simple() -> Writer {
    let mut pdf = Writer::new();
    pdf.obj(
        1,
        "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >> /AF [4 0 R] >>",
    )
    .obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    .obj(
        3,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] >>",
    )
    .obj(4, FILESPEC)
    .obj(
        5,
        flate_stream(
            "/Type /EmbeddedFile /Subtype /text#2Fxml /Params << /Size 160 >>",
            XML,
        ),
    )
    .obj(6, "<< /Kids [7 0 R] >>")
    .obj(
        7,
        "<< /Limits [(factur-x.xml) (factur-x.xml)] /Names [(factur-x.xml) 4 0 R] >>",
    );
    pdf
}

fn read(bytes: &[u8]) -> Result<Vec<EmbeddedFile>, PdfError> {
    embedded_files(bytes, &Limits::default())
}

/// Read through the cross-reference alone, without scanning the file.
fn read_direct(bytes: &[u8]) -> Result<Vec<EmbeddedFile>, PdfError> {
    let (files, scanned) = extract(bytes, &Limits::default());
    assert!(!scanned, "the file was scanned");
    files
}

/// Read only by scanning the file.
fn read_by_scan(bytes: &[u8]) -> Result<Vec<EmbeddedFile>, PdfError> {
    let (files, scanned) = extract(bytes, &Limits::default());
    assert!(scanned, "the file was not scanned");
    files
}

fn the_invoice() -> EmbeddedFile {
    EmbeddedFile {
        name: "factur-x.xml".to_string(),
        bytes: XML.to_vec(),
        relationship: Some("Data".to_string()),
        mime: Some("text/xml".to_string()),
    }
}

#[test]
fn a_classic_table_with_a_name_tree_and_af_gives_the_file_once() {
    let mut pdf = simple();
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn junk_before_the_header_shifts_the_offsets() {
    let junk = b"From: billing@example.com\r\n\r\n";
    // Offsets counted from the file's start.
    let mut absolute = Writer::with_prefix(junk);
    absolute
        .obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, flate_stream("/Subtype /text#2Fxml", XML));
    absolute.table("/Root 1 0 R", true);
    assert_eq!(read_direct(&absolute.bytes()), Ok(vec![the_invoice()]));
    // Offsets counted from `%PDF-` (as Acrobat reads them).
    let mut plain = simple();
    plain.table("/Root 1 0 R", true);
    let mut relative = junk.to_vec();
    relative.extend(plain.bytes());
    assert_eq!(read_direct(&relative), Ok(vec![the_invoice()]));
}

#[test]
fn no_attachment_is_an_empty_list() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
        .obj(2, "<< /Type /Pages /Kids [] /Count 0 >>");
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![]));
}

#[test]
fn af_alone_is_enough() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF 8 0 R >>")
        .obj(8, "[4 0 R]")
        .obj(4, FILESPEC)
        .obj(
            5,
            flate_stream("/Type /EmbeddedFile /Subtype /text#2Fxml", XML),
        );
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn names_and_af_are_united_each_stream_once() {
    let mut pdf = Writer::new();
    pdf.obj(
        1,
        "<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(a.txt) 9 0 R] >> >> \
         /AF [4 0 R 9 0 R] >>",
    )
    .obj(4, FILESPEC)
    .obj(5, flate_stream("/Subtype /text#2Fxml", XML))
    .obj(
        9,
        "<< /F (a.txt) /EF << /F 10 0 R >> /AFRelationship /Supplement >>",
    )
    .obj(10, stream("", b"hello"));
    pdf.table("/Root 1 0 R", true);
    let files = read_direct(&pdf.bytes()).expect("readable");
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, ["a.txt", "factur-x.xml"]);
    assert_eq!(files[0].bytes, b"hello");
    assert_eq!(files[0].relationship.as_deref(), Some("Supplement"));
    assert_eq!(files[0].mime, None);
}

#[test]
fn an_xref_stream_with_object_streams_and_a_png_predictor() {
    let mut pdf = Writer::new();
    pdf.obj(
        20,
        object_stream(&[
            (
                1,
                "<< /Type /Catalog /Pages 2 0 R /Names 6 0 R /AF [4 0 R] >>",
            ),
            (2, "<< /Type /Pages /Kids [] /Count 0 >>"),
            (4, FILESPEC),
            (6, "<< /EmbeddedFiles << /Kids [7 0 R] >> >>"),
            (7, "<< /Names [(factur-x.xml) 4 0 R] >>"),
        ]),
    )
    .obj(
        5,
        flate_stream("/Type /EmbeddedFile /Subtype /text#2Fxml", XML),
    );
    pdf.xref_stream(
        21,
        &[(1, 20, 0), (2, 20, 1), (4, 20, 2), (6, 20, 3), (7, 20, 4)],
        "/Root 1 0 R",
    );
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn a_hybrid_file_finds_packed_objects_through_xrefstm() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(20, object_stream(&[(4, FILESPEC)]))
        .obj(
            5,
            flate_stream("/Type /EmbeddedFile /Subtype /text#2Fxml", XML),
        );
    let direct = std::mem::take(&mut pdf.pending);
    let stream_at = pdf.xref_stream(21, &[(4, 20, 0)], "");
    // The xref_stream wrote its own startxref; the table below is the one that counts.
    pdf.pending = direct;
    pdf.table(&format!("/Root 1 0 R /XRefStm {stream_at}"), true);
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn an_incremental_update_replaces_the_attachments() {
    let mut pdf = simple();
    let first = pdf.table("/Root 1 0 R", true);
    // The update redefines the file (object 5) and the tree's leaf (object 7).
    pdf.obj(5, flate_stream("/Subtype /text#2Fxml", b"<corrected/>"))
        .obj(
            7,
            "<< /Names [(factur-x.xml) 4 0 R (extra.txt) << /F (extra.txt) /EF << /F 8 0 R >> >>] >>",
        )
        .obj(8, stream("", b"extra"));
    pdf.table(&format!("/Root 1 0 R /Prev {first}"), false);
    let files = read_direct(&pdf.bytes()).expect("readable");
    let summary: Vec<(&str, &[u8])> = files
        .iter()
        .map(|file| (file.name.as_str(), file.bytes.as_slice()))
        .collect();
    assert_eq!(
        summary,
        [
            ("factur-x.xml", &b"<corrected/>"[..]),
            ("extra.txt", &b"extra"[..])
        ]
    );
}

#[test]
fn a_wrong_xref_falls_back_to_scanning() {
    let mut pdf = simple();
    pdf.table("/Root 1 0 R", true);
    let good = pdf.bytes();
    let at = 1 + good
        .windows(6)
        .position(|window| window == b"\nxref\n")
        .expect("a table");
    // Every offset of the table off by 7.
    let mut shifted = String::new();
    for line in String::from_utf8_lossy(&good[at..]).lines() {
        match line.strip_suffix(" 00000 n") {
            Some(offset) => {
                let offset: usize = offset.parse().expect("an offset");
                shifted.push_str(&format!("{:010} 00000 n", offset + 7));
            }
            None => shifted.push_str(line),
        }
        shifted.push('\n');
    }
    let mut broken = good[..at].to_vec();
    broken.extend_from_slice(shifted.as_bytes());
    assert!(broken != good);
    assert_eq!(read_by_scan(&broken), Ok(vec![the_invoice()]));
    // No cross-reference at all, nor startxref.
    let cut = &good[..at];
    assert_eq!(read_by_scan(cut), Ok(vec![the_invoice()]));
    // A startxref pointing nowhere.
    let mut nowhere = cut.to_vec();
    nowhere.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n");
    assert_eq!(read_by_scan(&nowhere), Ok(vec![the_invoice()]));
}

#[test]
fn a_broken_xref_stream_falls_back_to_scanning_object_streams() {
    let mut pdf = Writer::new();
    pdf.obj(
        20,
        object_stream(&[(1, "<< /Type /Catalog /AF [4 0 R] >>"), (4, FILESPEC)]),
    )
    .obj(
        5,
        flate_stream("/Type /EmbeddedFile /Subtype /text#2Fxml", XML),
    );
    let at = pdf.xref_stream(21, &[(1, 20, 0), (4, 20, 1)], "/Root 1 0 R");
    let mut bytes = pdf.bytes();
    // Damage the xref stream's compressed data.
    let data = at + 200;
    for byte in &mut bytes[data..data + 8] {
        *byte = 0xFF;
    }
    assert_eq!(read_by_scan(&bytes), Ok(vec![the_invoice()]));
}

#[test]
fn an_indirect_or_wrong_length_is_tolerated() {
    let mut pdf = Writer::new();
    let compressed = zlib(XML);
    let mut indirect =
        b"<< /Subtype /text#2Fxml /Filter /FlateDecode /Length 9 0 R >>\nstream\r\n".to_vec();
    indirect.extend_from_slice(&compressed);
    indirect.extend_from_slice(b"\r\nendstream");
    let mut wrong = b"<< /Length 99999 >>\nstream\n".to_vec();
    wrong.extend_from_slice(b"plain text\r\n");
    wrong.extend_from_slice(b"\nendstream");
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R 10 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, indirect)
        .obj(9, compressed.len().to_string())
        .obj(10, "<< /F (b.txt) /EF << /F 11 0 R >> >>")
        .obj(11, wrong);
    pdf.table("/Root 1 0 R", true);
    let files = read_direct(&pdf.bytes()).expect("readable");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].bytes, XML);
    assert_eq!(files[1].bytes, b"plain text\r\n");
}

#[test]
fn unicode_and_pdfdoc_names_are_decoded() {
    // « Facture n°42 – été.xml » in UTF-16BE, and PDFDocEncoding's en dash (0x85) and
    // Latin-1 é (0xE9) in /F.
    let utf16: String = "FEFF"
        .chars()
        .chain(
            "Facture n°42 – été.xml"
                .encode_utf16()
                .flat_map(|unit| format!("{unit:04X}").chars().collect::<Vec<_>>()),
        )
        .collect();
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R 6 0 R] >>")
        .obj(
            4,
            format!("<< /F (facture.xml) /UF <{utf16}> /EF << /F 5 0 R >> >>"),
        )
        .obj(5, stream("", b"a"))
        .obj(6, b"<< /F (n\x85\xE9t\\351.xml) /EF << /UF 7 0 R >> >>")
        .obj(7, stream("", b"b"));
    pdf.table("/Root 1 0 R", true);
    let files = read_direct(&pdf.bytes()).expect("readable");
    let names: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    assert_eq!(names, ["Facture n°42 – été.xml", "n–été.xml"]);
}

#[test]
fn text_strings_follow_their_encoding() {
    assert_eq!(text(b"\xFE\xFF\x00A\xD8\x3D\xDE\x00"), "A😀");
    assert_eq!(text(b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0"), "déjà");
    assert_eq!(text(b"\x80\x84\xA0\xE9\x1F"), "•—€é˜");
    // An odd UTF-16 tail is replaced, never dropped silently.
    assert_eq!(text(b"\xFE\xFF\x00A\x00"), "A\u{FFFD}");
}

#[test]
fn an_encrypted_file_is_refused() {
    let mut pdf = simple();
    pdf.obj(
        30,
        "<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>",
    );
    pdf.table("/Root 1 0 R /Encrypt 30 0 R /ID [<01> <01>]", true);
    assert_eq!(read(&pdf.bytes()), Err(PdfError::Encrypted));
}

#[test]
fn a_flate_bomb_stops_at_the_limit_quickly() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, stream("/Filter /FlateDecode", &zlib_zeros(200 << 20)));
    pdf.table("/Root 1 0 R", true);
    let bytes = pdf.bytes();
    assert!(bytes.len() < 2 << 20, "{} bytes", bytes.len());
    let start = Instant::now();
    assert_eq!(read(&bytes), Err(PdfError::TooLarge { limit: 20 << 20 }));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // A smaller limit stops sooner; the total limit is told when it is the one reached.
    let small = Limits {
        max_decoded: 1 << 20,
        ..Limits::default()
    };
    assert_eq!(
        embedded_files(&bytes, &small),
        Err(PdfError::TooLarge { limit: 1 << 20 })
    );
    let total = Limits {
        max_total_decoded: 1 << 20,
        ..Limits::default()
    };
    assert_eq!(
        embedded_files(&bytes, &total),
        Err(PdfError::TooLarge { limit: 1 << 20 })
    );
    // Just under the limit is read.
    let exact = Limits {
        max_decoded: 200 << 20,
        max_total_decoded: 200 << 20,
        ..Limits::default()
    };
    let files = embedded_files(&bytes, &exact).expect("within the limit");
    assert_eq!(files[0].bytes.len(), 1 + ((200 << 20) - 1) / 258 * 258);
}

#[test]
fn a_nested_bomb_is_bounded_at_each_stage() {
    let inner = zlib_zeros(50 << 20);
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(
            5,
            stream("/Filter [/FlateDecode /FlateDecode]", &zlib(&inner)),
        );
    pdf.table("/Root 1 0 R", true);
    assert_eq!(
        read(&pdf.bytes()),
        Err(PdfError::TooLarge { limit: 20 << 20 })
    );
}

#[test]
fn ascii_filters_are_read_and_others_are_named() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R 6 0 R] >>")
        .obj(4, "<< /F (hex) /EF << /F 5 0 R >> >>")
        .obj(5, stream("/Filter /AHx", b"48 65 6c6C 6F 2>"))
        .obj(6, "<< /F (a85) /EF << /F 7 0 R >> >>")
        .obj(
            7,
            stream("/Filter /ASCII85Decode", b"<~87cURD_*##@:OD%E\\1B:~>"),
        );
    pdf.table("/Root 1 0 R", true);
    let files = read(&pdf.bytes()).expect("readable");
    assert_eq!(files[0].bytes, b"Hello ");
    assert_eq!(files[1].bytes, b"Hello, Factur-X!");

    for filter in ["LZWDecode", "DCTDecode", "JBIG2Decode", "Crypt"] {
        let mut pdf = Writer::new();
        pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
            .obj(4, FILESPEC)
            .obj(5, stream(&format!("/Filter /{filter}"), b"data"));
        pdf.table("/Root 1 0 R", true);
        assert_eq!(
            read(&pdf.bytes()),
            Err(PdfError::Unsupported {
                filter: filter.to_string()
            })
        );
    }
}

#[test]
fn ascii85_zeros_and_short_groups() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, stream("/Filter /A85", b"z@:E^~>"));
    pdf.table("/Root 1 0 R", true);
    let files = read(&pdf.bytes()).expect("readable");
    assert_eq!(files[0].bytes, b"\0\0\0\0abc");
}

#[test]
fn a_cycle_in_the_name_tree_ends() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /Names << /EmbeddedFiles 6 0 R >> >>")
        .obj(6, "<< /Kids [7 0 R 6 0 R] >>")
        .obj(7, "<< /Kids [6 0 R 7 0 R] /Names [(factur-x.xml) 4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, flate_stream("/Subtype /text#2Fxml", XML));
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn a_deep_tree_or_a_self_referencing_length_is_refused_or_tolerated() {
    // Kids 40 deep: deeper than the limit.
    let mut pdf = Writer::new();
    pdf.obj(
        1,
        "<< /Type /Catalog /Names << /EmbeddedFiles 100 0 R >> >>",
    );
    for depth in 0..40u32 {
        pdf.obj(100 + depth, format!("<< /Kids [{} 0 R] >>", 101 + depth));
    }
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read(&pdf.bytes()), Err(PdfError::TooComplex));
    // A stream whose /Length is itself: its data ends at endstream.
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, b"<< /Length 5 0 R >>\nstream\nself\nendstream");
    pdf.table("/Root 1 0 R", true);
    assert_eq!(
        read(&pdf.bytes()).map(|files| files[0].bytes.clone()),
        Ok(b"self".to_vec())
    );
}

#[test]
fn not_a_pdf_and_damaged_files() {
    assert_eq!(read(b""), Err(PdfError::NotPdf));
    assert_eq!(read(b"PK\x03\x04 a zip file"), Err(PdfError::NotPdf));
    let mut late = vec![b' '; 2000];
    late.extend_from_slice(b"%PDF-1.7\n");
    assert_eq!(read(&late), Err(PdfError::NotPdf));
    assert_eq!(read(b"%PDF-1.7\n"), Err(PdfError::Damaged));
    // Compressed data cut short (its /Length right).
    let mut pdf = Writer::new();
    let compressed = zlib(XML);
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(
            5,
            stream("/Filter /FlateDecode", &compressed[..compressed.len() / 2]),
        );
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read(&pdf.bytes()), Err(PdfError::Damaged));
    // A catalog that is not a dictionary, found nowhere else.
    let mut pdf = Writer::new();
    pdf.obj(1, "[/Catalog]");
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read(&pdf.bytes()), Err(PdfError::Damaged));
}

#[test]
fn a_file_spec_without_an_embedded_file_is_skipped() {
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R 6 0 R (loose.xml)] >>")
        .obj(4, FILESPEC)
        .obj(5, flate_stream("/Subtype /text#2Fxml", XML))
        .obj(6, "<< /F (outside.xml) >>");
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read(&pdf.bytes()), Ok(vec![the_invoice()]));
}

#[test]
fn too_many_files_is_too_complex() {
    let mut pdf = Writer::new();
    let refs: String = (0..5).map(|i| format!("{} 0 R ", 10 + 2 * i)).collect();
    pdf.obj(1, format!("<< /Type /Catalog /AF [{refs}] >>"));
    for i in 0..5u32 {
        pdf.obj(
            10 + 2 * i,
            format!("<< /F (f{i}) /EF << /F {} 0 R >> >>", 11 + 2 * i),
        )
        .obj(11 + 2 * i, stream("", b"x"));
    }
    pdf.table("/Root 1 0 R", true);
    let few = Limits {
        max_files: 4,
        ..Limits::default()
    };
    assert_eq!(
        embedded_files(&pdf.bytes(), &few),
        Err(PdfError::TooComplex)
    );
    assert_eq!(read(&pdf.bytes()).map(|files| files.len()), Ok(5));
}

// ---- no panic, no hang, whatever the bytes ----

fn samples() -> Vec<Vec<u8>> {
    let mut classic = simple();
    classic.table("/Root 1 0 R", true);
    let mut packed = Writer::new();
    packed
        .obj(
            20,
            object_stream(&[
                (1, "<< /Type /Catalog /Names 6 0 R /AF [4 0 R] >>"),
                (4, FILESPEC),
                (
                    6,
                    "<< /EmbeddedFiles << /Names [(factur-x.xml) 4 0 R] >> >>",
                ),
            ]),
        )
        .obj(5, flate_stream("/Subtype /text#2Fxml", XML));
    packed.xref_stream(21, &[(1, 20, 0), (4, 20, 1), (6, 20, 2)], "/Root 1 0 R");
    let mut updated = simple();
    let first = updated.table("/Root 1 0 R", true);
    updated.obj(5, stream("/Filter /ASCIIHexDecode", b"3C612F3E>"));
    updated.table(&format!("/Root 1 0 R /Prev {first}"), false);
    vec![
        classic.bytes(),
        packed.bytes(),
        updated.bytes(),
        include_bytes!("../testdata/facturx-minimum.pdf").to_vec(),
        include_bytes!("../testdata/qpdf-facturx-objstm.pdf").to_vec(),
    ]
}

fn small_limits() -> Limits {
    Limits {
        max_decoded: 1 << 20,
        max_total_decoded: 4 << 20,
        max_objects: 10_000,
        max_files: 10,
        max_depth: 16,
    }
}

/// Limits so small that every path that stops at one is taken.
fn tiny_limits() -> Limits {
    Limits {
        max_decoded: 40,
        max_total_decoded: 50,
        max_objects: 12,
        max_files: 1,
        max_depth: 3,
    }
}

fn check_bounded(bytes: &[u8]) {
    let tiny = tiny_limits();
    if let Ok(files) = embedded_files(bytes, &tiny) {
        assert!(files.len() <= tiny.max_files);
        assert!(
            files
                .iter()
                .all(|file| file.bytes.len() <= tiny.max_decoded)
        );
    }
    let limits = small_limits();
    let start = Instant::now();
    let result = embedded_files(bytes, &limits);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    if let Ok(files) = result {
        assert!(files.len() <= limits.max_files);
        assert!(
            files
                .iter()
                .all(|file| file.bytes.len() <= limits.max_decoded)
        );
    }
}

#[test]
fn tiny_limits_stop_every_sample() {
    for sample in samples() {
        match embedded_files(&sample, &tiny_limits()) {
            // The updated sample's file is 4 bytes: within the limits.
            Ok(files) => assert_eq!(
                files
                    .iter()
                    .map(|file| file.bytes.len())
                    .collect::<Vec<_>>(),
                [4]
            ),
            Err(error) => assert!(
                matches!(error, PdfError::TooLarge { .. } | PdfError::TooComplex),
                "{error:?}"
            ),
        }
    }
    // The total left smaller than the inflater's first buffer.
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(5, flate_stream("", XML));
    pdf.table("/Root 1 0 R", true);
    for total in [0, 1, 63, 64, 65] {
        let limits = Limits {
            max_total_decoded: total,
            ..Limits::default()
        };
        assert_eq!(
            embedded_files(&pdf.bytes(), &limits),
            Err(PdfError::TooLarge { limit: total })
        );
    }
}

#[test]
fn the_samples_read() {
    for sample in samples() {
        let files = embedded_files(&sample, &small_limits()).expect("readable");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "factur-x.xml");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_bytes_never_panic(
        sample in 0usize..5,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12),
    ) {
        let mut bytes = samples().swap_remove(sample);
        for (at, byte) in edits {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        check_bounded(&bytes);
    }

    #[test]
    fn truncated_bytes_never_panic(sample in 0usize..5, cut in any::<prop::sample::Index>()) {
        let bytes = samples().swap_remove(sample);
        let cut = cut.index(bytes.len());
        check_bounded(&bytes[..cut]);
        check_bounded(&bytes[cut..]);
    }

    #[test]
    fn spliced_bytes_never_panic(
        first in 0usize..5,
        second in 0usize..5,
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        length in 0usize..400,
    ) {
        let mut bytes = samples().swap_remove(first);
        let other = samples().swap_remove(second);
        let from = b.index(other.len());
        let piece = &other[from..(from + length).min(other.len())];
        let at = a.index(bytes.len());
        bytes.splice(at..at, piece.iter().copied());
        check_bounded(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_header_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(body);
        check_bounded(&bytes);
    }
}

// ---- files of real writers (src/import/einvoice/testdata/README.md says how they were made) ----

#[test]
fn real_writers_files_read_without_scanning() {
    let factur_x = include_bytes!("../testdata/facturx-minimum.pdf");
    let object_streams = include_bytes!("../testdata/qpdf-facturx-objstm.pdf");
    assert!(
        object_streams
            .windows(13)
            .any(|window| window == b"/Type /ObjStm")
    );
    for bytes in [&factur_x[..], &object_streams[..]] {
        let files = read_direct(bytes).expect("readable");
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!(file.name, "factur-x.xml");
        assert_eq!(file.relationship.as_deref(), Some("Data"));
        assert_eq!(file.mime.as_deref(), Some("text/xml"));
        assert_eq!(file.bytes.len(), 2326);
        assert!(
            file.bytes
                .starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        );
        let text = String::from_utf8_lossy(&file.bytes);
        assert!(text.contains("<ram:ID>FA-2026-0042</ram:ID>"));
        assert!(text.contains("<ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount>"));
        assert!(text.trim_end().ends_with("</rsm:CrossIndustryInvoice>"));
    }
}

#[test]
fn an_attachment_that_cannot_be_decoded_does_not_hide_the_invoice_beside_it() {
    // The invoice, and a scan stored with a filter Relance does not read.
    let mut pdf = Writer::new();
    pdf.obj(1, "<< /Type /Catalog /AF [8 0 R 4 0 R] >>")
        .obj(4, FILESPEC)
        .obj(
            5,
            flate_stream(
                "/Type /EmbeddedFile /Subtype /text#2Fxml /Params << /Size 160 >>",
                XML,
            ),
        )
        .obj(
            8,
            "<< /Type /Filespec /F (scan.jpg) /UF (scan.jpg) /EF << /F 9 0 R >> >>",
        )
        .obj(
            9,
            stream("/Type /EmbeddedFile /Filter /DCTDecode", b"\xff\xd8\xff"),
        );
    pdf.table("/Root 1 0 R", true);
    assert_eq!(read_direct(&pdf.bytes()), Ok(vec![the_invoice()]));
    // Alone, the scan's error is said.
    let mut scan = Writer::new();
    scan.obj(1, "<< /Type /Catalog /AF [8 0 R] >>")
        .obj(8, "<< /Type /Filespec /F (scan.jpg) /EF << /F 9 0 R >> >>")
        .obj(
            9,
            stream("/Type /EmbeddedFile /Filter /DCTDecode", b"\xff\xd8\xff"),
        );
    scan.table("/Root 1 0 R", true);
    assert!(matches!(
        read(&scan.bytes()),
        Err(PdfError::Unsupported { .. })
    ));
}
