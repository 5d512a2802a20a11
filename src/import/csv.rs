//! Reading a CSV file's bytes into a table of text cells: the encoding detected (UTF-8 with or
//! without a byte-order mark, else Windows-1252, the encoding of older Excel files), the
//! separator detected among `;` `,` tab `|` (the one that gives the most consistent column
//! count over the first records, quotes respected; an Excel `sep=;` first line is obeyed),
//! then the records read by the `csv` crate, flexible (ragged rows are kept as they are).
//!
//! A file over [`MAX_IMPORT_BYTES`] is refused before anything is read.

use crate::i18n::{Describe, Lang};

/// The largest file read: 10 MB. An invoice row of another tool is 100 to 300 bytes, so this
/// is 30,000 to 100,000 invoices, several times the 10,000-row import the performance goal
/// names; reading it holds the bytes, the decoded text and the cells at once (about four times
/// the file) in a browser tab, which 40 MB keeps comfortable on a phone. A larger file is
/// almost surely not an invoice list (an export of a whole accounting system, a database dump).
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// How many records the separator is chosen on.
const SNIFF_RECORDS: usize = 30;
/// How many characters of the file the separator is chosen on (a bound on very long lines).
const SNIFF_CHARS: usize = 64 * 1024;

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8 { bom: bool },
    /// Windows-1252 (Western European), what older Excel saves as "CSV".
    Windows1252,
}

impl Describe for Encoding {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Encoding::Utf8 { bom: true }, Lang::Fr) => "UTF-8 avec BOM",
            (Encoding::Utf8 { bom: true }, Lang::En) => "UTF-8 with BOM",
            (Encoding::Utf8 { bom: false }, _) => "UTF-8",
            (Encoding::Windows1252, _) => "Windows-1252",
        }
        .to_string()
    }
}

/// The character between cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Separator {
    Semicolon,
    Comma,
    Tab,
    Pipe,
}

impl Separator {
    /// In the order ties are broken (a French file's `;` first).
    pub const ALL: [Separator; 4] = [
        Separator::Semicolon,
        Separator::Comma,
        Separator::Tab,
        Separator::Pipe,
    ];

    pub fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
            Separator::Pipe => b'|',
        }
    }

    pub fn from_char(character: char) -> Option<Separator> {
        Separator::ALL
            .into_iter()
            .find(|separator| char::from(separator.byte()) == character)
    }
}

impl Describe for Separator {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Separator::Semicolon, Lang::Fr) => "point-virgule ( ; )",
            (Separator::Semicolon, Lang::En) => "semicolon ( ; )",
            (Separator::Comma, Lang::Fr) => "virgule ( , )",
            (Separator::Comma, Lang::En) => "comma ( , )",
            (Separator::Tab, Lang::Fr) => "tabulation",
            (Separator::Tab, Lang::En) => "tab",
            (Separator::Pipe, Lang::Fr) => "barre verticale ( | )",
            (Separator::Pipe, Lang::En) => "vertical bar ( | )",
        }
        .to_string()
    }
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Over [`MAX_IMPORT_BYTES`]; `bytes` is the file's size.
    TooLarge {
        bytes: usize,
    },
    Empty,
    /// UTF-16 (a "Unicode text" save from Excel): not read.
    Utf16,
    /// The CSV reader stopped (it does not on text; kept so that nothing is unwrapped).
    Unreadable {
        line: u64,
    },
}

/// Megabytes with one decimal, rounded up, in integers (no float): `10,5` / `10.5` (a limit
/// of exactly 20 MiB reads `20,0`).
pub(crate) fn megabytes(bytes: usize, lang: Lang) -> String {
    let tenths = bytes.saturating_mul(10).div_ceil(1024 * 1024);
    let mark = if lang == Lang::Fr { ',' } else { '.' };
    format!("{}{mark}{}", tenths / 10, tenths % 10)
}

impl Describe for ReadError {
    fn describe(&self, lang: Lang) -> String {
        let limit = MAX_IMPORT_BYTES / (1024 * 1024);
        match (self, lang) {
            (ReadError::TooLarge { bytes }, Lang::Fr) => format!(
                "Ce fichier pèse {} Mo : l'import lit au plus {limit} Mo. Exportez seulement les factures à reprendre, ou découpez le fichier.",
                megabytes(*bytes, lang)
            ),
            (ReadError::TooLarge { bytes }, Lang::En) => format!(
                "This file is {} MB: the import reads at most {limit} MB. Export only the invoices to bring in, or split the file.",
                megabytes(*bytes, lang)
            ),
            (ReadError::Empty, Lang::Fr) => "Ce fichier est vide.".to_string(),
            (ReadError::Empty, Lang::En) => "This file is empty.".to_string(),
            (ReadError::Utf16, Lang::Fr) => "Ce fichier est en UTF-16 (« Texte Unicode ») : enregistrez-le en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) » puis importez-le à nouveau.".to_string(),
            (ReadError::Utf16, Lang::En) => "This file is UTF-16 (\"Unicode text\"): save it as \"CSV UTF-8\" or \"CSV (comma delimited)\" and import it again.".to_string(),
            (ReadError::Unreadable { line }, Lang::Fr) => {
                format!("Ce fichier ne se lit pas comme un CSV (ligne {line}).")
            }
            (ReadError::Unreadable { line }, Lang::En) => {
                format!("This file does not read as a CSV (line {line}).")
            }
        }
    }
}

/// One record of the file: its line (1 for the first line of the file) and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Record {
    /// The cell in `column`, `""` when the row is shorter.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// A file read: how it was written, its headings (the first record that is not blank) and
/// the records after them (blank records left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub encoding: Encoding,
    pub separator: Separator,
    /// The line of the headings.
    pub header_line: u64,
    pub headers: Vec<String>,
    pub records: Vec<Record>,
}

/// Reads a file's bytes. Refuses a file over [`MAX_IMPORT_BYTES`] before looking at it.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ReadError::TooLarge { bytes: bytes.len() });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    let (encoding, text) = decode(bytes);
    let (forced, body) = excel_separator_line(&text);
    let separator = forced.unwrap_or_else(|| sniff_separator(body));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut lines = LineCounter {
        text: body.as_bytes(),
        offset: 0,
        line: 1 + u64::from(forced.is_some()),
    };
    let mut headers: Option<Vec<String>> = None;
    let mut header_line = 1;
    let mut records = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|error| ReadError::Unreadable {
            line: error
                .position()
                .map_or(0, |position| lines.line_at(position.byte())),
        })?;
        let line = record
            .position()
            .map_or(0, |position| lines.line_at(position.byte()));
        let cells: Vec<String> = record
            .iter()
            .map(|cell| String::from_utf8_lossy(cell).into_owned())
            .collect();
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
            header_line = line;
        } else {
            records.push(Record { line, cells });
        }
    }
    let headers = headers.ok_or(ReadError::Empty)?;
    Ok(Table {
        encoding,
        separator,
        header_line,
        headers,
        records,
    })
}

/// The line of a byte offset, counted forward once over the whole file (offsets only grow):
/// the `csv` crate's record position may point at the line end before the record, so line
/// ends at the offset are skipped first. `\r\n`, `\n` and a lone `\r` each end a line.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        while self.offset < target {
            match self.text.get(self.offset) {
                Some(b'\n') => self.line += 1,
                Some(b'\r') if self.text.get(self.offset + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.offset += 1;
        }
        self.line
    }
}

/// The file's text and its encoding: UTF-8 when the bytes are UTF-8 (after a byte-order mark
/// or not), else Windows-1252 (every byte is a character there, so this never fails).
pub fn decode(bytes: &[u8]) -> (Encoding, String) {
    let (bom, body) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(text) => (Encoding::Utf8 { bom }, text.to_string()),
        Err(_) => (
            Encoding::Windows1252,
            body.iter().map(|&byte| windows_1252(byte)).collect(),
        ),
    }
}

/// Windows-1252's characters for 0x80–0x9F (the five bytes it leaves undefined stay the C1
/// controls, as browsers decode them); below and above, the byte is its Latin-1 character.
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

/// Excel's `sep=;` first line: the separator it names, and the text after that line.
fn excel_separator_line(text: &str) -> (Option<Separator>, &str) {
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (text, ""),
    };
    let named = first
        .trim_end_matches('\r')
        .strip_prefix("sep=")
        .and_then(|tail| {
            let mut characters = tail.chars();
            match (characters.next(), characters.next()) {
                (Some(character), None) => Separator::from_char(character),
                _ => None,
            }
        });
    match named {
        Some(separator) => (Some(separator), rest),
        None => (None, text),
    }
}

/// The separator that splits the first records into the most consistent number of columns
/// (more than one): for each candidate, the most frequent count of cells and how many records
/// have it; the candidate with the most such records wins, then the one with more columns,
/// then the first of [`Separator::ALL`]. Quotes are respected (a separator inside quotes does
/// not count). A file of one column reads as comma-separated.
pub fn sniff_separator(text: &str) -> Separator {
    let mut best: Option<(usize, usize, Separator)> = None;
    for separator in Separator::ALL {
        let counts = cells_per_record(text, char::from(separator.byte()));
        let mut mode = (0usize, 0usize); // (records, cells)
        for &cells in &counts {
            if cells < 2 {
                continue;
            }
            let records = counts.iter().filter(|&&other| other == cells).count();
            if (records, cells) > mode {
                mode = (records, cells);
            }
        }
        if mode.0 > 0 && best.is_none_or(|(records, cells, _)| mode > (records, cells)) {
            best = Some((mode.0, mode.1, separator));
        }
    }
    best.map_or(Separator::Comma, |(_, _, separator)| separator)
}

/// How many cells each of the first [`SNIFF_RECORDS`] non-blank records has when split by
/// `separator`, quotes respected, over at most [`SNIFF_CHARS`] characters.
fn cells_per_record(text: &str, separator: char) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut in_quotes = false;
    let mut cells = 1;
    let mut blank = true;
    for character in text.chars().take(SNIFF_CHARS) {
        match character {
            '"' => {
                in_quotes = !in_quotes;
                blank = false;
            }
            '\n' | '\r' if !in_quotes => {
                if !blank {
                    counts.push(cells);
                    if counts.len() == SNIFF_RECORDS {
                        return counts;
                    }
                }
                cells = 1;
                blank = true;
            }
            c if c == separator && !in_quotes => {
                cells += 1;
                blank = false;
            }
            c if c.is_whitespace() => {}
            _ => blank = false,
        }
    }
    if !blank {
        counts.push(cells);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_windows_1252_are_told_apart() {
        assert_eq!(
            decode("é".as_bytes()),
            (Encoding::Utf8 { bom: false }, "é".to_string())
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\xC3\xA9"),
            (Encoding::Utf8 { bom: true }, "aé".to_string())
        );
        assert_eq!(
            decode(b"R\xE9f;\x80;\x92;\x9C;\xFF"),
            (Encoding::Windows1252, "Réf;€;’;œ;ÿ".to_string())
        );
        // A byte-order mark before bytes that are not UTF-8: the body is Windows-1252.
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xE9"),
            (Encoding::Windows1252, "é".to_string())
        );
    }

    #[test]
    fn the_separator_is_the_one_with_the_most_consistent_column_count() {
        assert_eq!(sniff_separator("a;b;c\n1;2,5;3\n"), Separator::Semicolon);
        assert_eq!(sniff_separator("a,b,c\n1,\"2;5\",3\n"), Separator::Comma);
        assert_eq!(sniff_separator("a\tb\n1\t2\n"), Separator::Tab);
        assert_eq!(sniff_separator("a|b|c\n1|2|3\n"), Separator::Pipe);
        // Decimal commas in a `;` file do not make it a comma file.
        assert_eq!(
            sniff_separator("n;client;montant\n1;A;1,50\n2;B;2,50\n3;C;3\n"),
            Separator::Semicolon
        );
        // A quoted `;` is not a separator.
        assert_eq!(
            sniff_separator("a,b\n\"x;y;z\",1\n\"p;q\",2\n"),
            Separator::Comma
        );
        assert_eq!(sniff_separator("one column\nonly\n"), Separator::Comma);
    }

    #[test]
    fn an_excel_sep_line_names_the_separator_and_is_skipped() {
        let table = read_table(b"sep=;\r\na,b;c\r\n1,5;2\r\n").unwrap();
        assert_eq!(table.separator, Separator::Semicolon);
        assert_eq!(table.headers, ["a,b", "c"]);
        assert_eq!(table.records.first().map(|record| record.line), Some(3));
    }

    #[test]
    fn ragged_and_blank_rows_are_read_with_their_line_numbers() {
        let table = read_table(b"a;b;c\n\n1;2\n;;\n1;2;3;4\n\"x\ny\";2;3\n5;6;7\n").unwrap();
        assert_eq!(table.headers, ["a", "b", "c"]);
        let lines: Vec<u64> = table.records.iter().map(|record| record.line).collect();
        assert_eq!(lines, [3, 5, 6, 8]);
        assert_eq!(table.records[0].cell(2), "");
        assert_eq!(table.records[2].cells, ["x\ny", "2", "3"]);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let bytes = vec![b'a'; MAX_IMPORT_BYTES + 1];
        let error = read_table(&bytes).unwrap_err();
        assert_eq!(error, ReadError::TooLarge { bytes: bytes.len() });
        assert_eq!(
            error.describe(Lang::Fr),
            "Ce fichier pèse 10,1 Mo : l'import lit au plus 10 Mo. Exportez seulement les factures à reprendre, ou découpez le fichier."
        );
        assert!(error.describe(Lang::En).starts_with("This file is 10.1 MB"));
        assert!(read_table(&vec![b'a'; MAX_IMPORT_BYTES]).is_ok());
    }

    #[test]
    fn empty_and_utf16_files_say_why() {
        assert_eq!(read_table(b""), Err(ReadError::Empty));
        assert_eq!(
            read_table(b"\xEF\xBB\xBF \r\n;;\r\n"),
            Err(ReadError::Empty)
        );
        assert_eq!(read_table(b"\xFF\xFEa\x00"), Err(ReadError::Utf16));
    }
}
