//! A small, strict JSON (RFC 8259) reader and writer for the stored texts: the ledger
//! (`storage::schema`) and backups (`storage::backup`).
//!
//! Hand-written instead of serde/serde_json, whose derived deserialisers cost over 100 KB of
//! wasm. One parser builds a [`Json`] tree (every value with the byte offset it starts at, to
//! point at the place in an error); the schemas walk that tree with the accessors below and
//! write their texts with a [`Writer`].
//!
//! Reading is as strict as serde_json: whitespace is space, tab, CR and LF only; strings
//! refuse control characters, unknown escapes and lone surrogates; numbers follow JSON's
//! grammar (no `01`, `1.`, `.5`, `+1`, `NaN`); containers nest at most [`MAX_DEPTH`] deep;
//! nothing but whitespace may follow the value. Objects keep their fields in text order,
//! duplicates included: [`Json::fields`] refuses a field named twice.
//!
//! Writing gives exactly serde_json's text: compact as `to_string`, or pretty as
//! `to_string_pretty` (two-space indent, `": "`, `[]` and `{}` when empty); strings escape
//! `"`, `\`, `\n`, `\r`, `\t`, `\b`, `\f` and other control characters as `\u00xx`, and
//! nothing else (non-ASCII is written as it is).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// How deep arrays and objects may nest (serde_json's limit: the 128th level is refused).
pub const MAX_DEPTH: usize = 127;

/// A JSON value and the byte offset in the text where it starts (0 when built in code).
/// Strings without escapes, names and numbers borrow from the text read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json<'a> {
    pub at: usize,
    pub value: Value<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// A number, as written (checked against JSON's grammar, not converted).
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// The fields in text order, a name given twice included.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// Why a text cannot be read: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the text.
    pub at: usize,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON.
    Syntax(&'static str),
    /// JSON, but a value is not of the kind expected here (what was expected).
    Expected(&'static str),
    UnknownField(String),
    DuplicateField(String),
    MissingField(&'static str),
}

impl Error {
    /// Whether the text is not JSON at all (rather than JSON of another shape).
    pub fn is_syntax(&self) -> bool {
        matches!(self.problem, Problem::Syntax(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Syntax(reason) => formatter.write_str(reason)?,
            Problem::Expected(what) => write!(formatter, "expected {what}")?,
            Problem::UnknownField(name) => write!(formatter, "unknown field `{name}`")?,
            Problem::DuplicateField(name) => write!(formatter, "duplicate field `{name}`")?,
            Problem::MissingField(name) => write!(formatter, "missing field `{name}`")?,
        }
        write!(formatter, " at byte {}", self.at)
    }
}

// ----- reading -----

/// Reads `text`, which must hold exactly one JSON value (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Json<'_>, Error> {
    let mut parser = Parser::new(text);
    let json = parser.value()?;
    parser.skip_whitespace();
    if !parser.at_end() {
        return Err(parser.syntax("trailing characters"));
    }
    Ok(json)
}

/// The reader. Besides building a tree ([`parse`]), its lexical steps (`peek`, `eat`,
/// `skip_whitespace`, `string`, `number`, `literal`) let a reader that knows the shape of a
/// document walk it without building the tree (the ledger's shards, `storage::schema`), by
/// exactly the same rules.
pub(crate) struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    /// The items and fields of the open containers, moved into one vector of the right size
    /// when each closes (fewer allocations than growing a vector per container).
    items: Vec<Json<'a>>,
    fields: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            at: 0,
            depth: 0,
            items: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// Whether the whole text has been read.
    #[inline(always)] // a byte's worth of work, called for every token
    pub(crate) fn at_end(&self) -> bool {
        self.at >= self.text.len()
    }

    #[inline(always)] // a byte's worth of work, called for every token
    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn syntax(&self, reason: &'static str) -> Error {
        let reason = if self.at >= self.text.len() {
            "unexpected end of text"
        } else {
            reason
        };
        Error {
            at: self.at,
            problem: Problem::Syntax(reason),
        }
    }

    #[inline(always)] // a byte's worth of work, called for every token
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    #[inline(always)] // a byte's worth of work, called for every token
    pub(crate) fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The text from `start` to here (both at ASCII bytes, so at character boundaries).
    #[inline(always)] // a byte's worth of work, called for every token
    fn since(&self, start: usize) -> &'a str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    fn value(&mut self) -> Result<Json<'a>, Error> {
        self.skip_whitespace();
        let at = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => return Err(self.syntax("expected a value")),
        };
        Ok(Json { at, value })
    }

    pub(crate) fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Error> {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        if !rest.starts_with(word.as_bytes()) {
            return Err(self.syntax("expected a value"));
        }
        self.at += word.len();
        Ok(value)
    }

    /// Steps over an opening bracket, one level deeper.
    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax("nested too deeply"));
        }
        self.at += 1;
        self.skip_whitespace();
        Ok(())
    }

    fn array(&mut self) -> Result<Value<'a>, Error> {
        self.enter()?;
        let start = self.items.len();
        if !self.eat(b']') {
            loop {
                let item = self.value()?;
                self.items.push(item);
                self.skip_whitespace();
                if self.eat(b']') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.syntax("expected `,` or `]`"));
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Array(self.items.split_off(start)))
    }

    fn object(&mut self) -> Result<Value<'a>, Error> {
        self.enter()?;
        let start = self.fields.len();
        if !self.eat(b'}') {
            loop {
                self.skip_whitespace();
                if self.peek() != Some(b'"') {
                    return Err(self.syntax("expected a field name"));
                }
                let name = self.string()?;
                self.skip_whitespace();
                if !self.eat(b':') {
                    return Err(self.syntax("expected `:`"));
                }
                let value = self.value()?;
                self.fields.push((name, value));
                self.skip_whitespace();
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return Err(self.syntax("expected `,` or `}`"));
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Object(self.fields.split_off(start)))
    }

    /// A string, from its opening quote: borrowed from the text unless it has escapes.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let mut out: Option<String> = None;
        let mut start = self.at;
        loop {
            // Up to the next quote, backslash or control character: eight bytes at a time
            // while none of them is one, then byte by byte.
            let mut at = self.at;
            while let Some(word) = bytes.get(at..at + 8)
                && let Ok(word) = <[u8; 8]>::try_from(word)
                && !has_special_byte(u64::from_le_bytes(word))
            {
                at += 8;
            }
            while let Some(byte) = bytes.get(at)
                && !matches!(byte, b'"' | b'\\' | 0..=0x1f)
            {
                at += 1;
            }
            self.at = at;
            match bytes.get(at) {
                Some(b'"') => {
                    let rest = self.since(start);
                    self.at += 1;
                    return Ok(match out {
                        None => Cow::Borrowed(rest),
                        Some(mut out) => {
                            out.push_str(rest);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let before = self.since(start);
                    let out =
                        out.get_or_insert_with(|| String::with_capacity(2 * before.len() + 16));
                    out.push_str(before);
                    self.at += 1;
                    out.push(self.escape()?);
                    start = self.at;
                }
                Some(_) => return Err(self.syntax("control character in a string")),
                None => return Err(self.syntax("unexpected end of text")),
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let escaped = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let first = self.hex()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.syntax("lone surrogate in a \\u escape"));
                    }
                    let second = self.hex()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.syntax("lone surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                // Only a trailing surrogate on its own is not a character.
                return char::from_u32(code)
                    .ok_or_else(|| self.syntax("lone surrogate in a \\u escape"));
            }
            _ => return Err(self.syntax("invalid escape")),
        };
        self.at += 1;
        Ok(escaped)
    }

    /// The four hexadecimal digits of a `\u` escape.
    fn hex(&mut self) -> Result<u32, Error> {
        let digits = self.text.get(self.at..self.at + 4).unwrap_or_default();
        if digits.len() != 4 || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(self.syntax("invalid \\u escape"));
        }
        let code =
            u32::from_str_radix(digits, 16).map_err(|_| self.syntax("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    /// `-`? (`0` | [1-9][0-9]*) (`.` [0-9]+)? ([eE] [+-]? [0-9]+)?
    pub(crate) fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.at;
        self.eat(b'-');
        if self.eat(b'0') {
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.syntax("invalid number"));
            }
        } else if !self.digits() {
            return Err(self.syntax("invalid number"));
        }
        if self.eat(b'.') && !self.digits() {
            return Err(self.syntax("invalid number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !self.digits() {
                return Err(self.syntax("invalid number"));
            }
        }
        Ok(self.since(start))
    }

    /// Steps over digits; whether there was one.
    fn digits(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at > start
    }
}

/// Whether one of the eight bytes of `word` ends a run of plain string characters: a quote,
/// a backslash or a control character (bitwise "has a byte below n / equal to b" tests, exact
/// as to whether there is one).
fn has_special_byte(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGHS;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

// ----- accessors -----

/// What [`Json::fields`] does with a field whose name is not in its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownFields {
    /// An error (a record of a known version holds exactly its fields).
    Refused,
    /// Skipped (reading only what every version agrees on).
    Ignored,
}

impl<'a> Json<'a> {
    pub fn new(value: Value<'a>) -> Json<'a> {
        Json { at: 0, value }
    }

    pub fn error(&self, problem: Problem) -> Error {
        Error {
            at: self.at,
            problem,
        }
    }

    fn expected(&self, what: &'static str) -> Error {
        self.error(Problem::Expected(what))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn as_str(&self) -> Result<&str, Error> {
        match &self.value {
            Value::String(text) => Ok(text),
            _ => Err(self.expected("a string")),
        }
    }

    pub fn as_bool(&self) -> Result<bool, Error> {
        match self.value {
            Value::Bool(flag) => Ok(flag),
            _ => Err(self.expected("true or false")),
        }
    }

    /// An integer from 0 to 2^64 − 1, written without fraction or exponent.
    pub fn as_u64(&self) -> Result<u64, Error> {
        match &self.value {
            Value::Number(text) => number_as_u64(text),
            _ => None,
        }
        .ok_or_else(|| self.expected("an integer from 0 to 2^64 - 1"))
    }

    pub fn as_u32(&self) -> Result<u32, Error> {
        self.as_u64()
            .ok()
            .and_then(|number| u32::try_from(number).ok())
            .ok_or_else(|| self.expected("an integer from 0 to 2^32 - 1"))
    }

    /// An integer, negative or not, written without fraction or exponent.
    pub fn as_i128(&self) -> Result<i128, Error> {
        match &self.value {
            Value::Number(text) => number_as_i128(text),
            _ => None,
        }
        .ok_or_else(|| self.expected("an integer"))
    }

    pub fn as_array(&self) -> Result<&[Json<'a>], Error> {
        match &self.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.expected("an array")),
        }
    }

    pub fn as_object(&self) -> Result<&[(Cow<'a, str>, Json<'a>)], Error> {
        match &self.value {
            Value::Object(fields) => Ok(fields),
            _ => Err(self.expected("an object")),
        }
    }

    /// The object's fields named in `names`, each into the slot of the same position (left
    /// `None` when absent). A field named twice is refused; a field not in `names` is refused
    /// or ignored, as `unknown` says.
    pub fn fields<'s>(
        &'s self,
        names: &[&str],
        slots: &mut [Option<&'s Json<'a>>],
        unknown: UnknownFields,
    ) -> Result<(), Error> {
        for (name, value) in self.as_object()? {
            let slot = names
                .iter()
                .position(|known| *known == name)
                .and_then(|index| slots.get_mut(index));
            match slot {
                Some(Some(_)) => {
                    return Err(value.error(Problem::DuplicateField(name.to_string())));
                }
                Some(slot) => *slot = Some(value),
                None if unknown == UnknownFields::Refused => {
                    return Err(value.error(Problem::UnknownField(name.to_string())));
                }
                None => {}
            }
        }
        Ok(())
    }

    /// A field this object must have, from [`Json::fields`]'s slot.
    pub fn required<'s>(
        &self,
        slot: Option<&'s Json<'a>>,
        name: &'static str,
    ) -> Result<&'s Json<'a>, Error> {
        slot.ok_or_else(|| self.error(Problem::MissingField(name)))
    }

    /// A string field this object must have.
    pub fn required_str<'s>(
        &self,
        slot: Option<&'s Json<'a>>,
        name: &'static str,
    ) -> Result<&'s str, Error> {
        self.required(slot, name)?.as_str()
    }
}

/// A number's text (as [`Parser::number`] reads it) as an integer from 0 to 2^64 − 1, written
/// without sign, fraction or exponent: what [`Json::as_u64`] accepts.
pub(crate) fn number_as_u64(text: &str) -> Option<u64> {
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A number's text as an integer, negative or not, written without fraction or exponent:
/// what [`Json::as_i128`] accepts.
pub(crate) fn number_as_i128(text: &str) -> Option<i128> {
    if text.contains(['.', 'e', 'E']) {
        None
    } else {
        text.parse().ok()
    }
}

/// A field's value, `None` when it is absent or `null`.
pub fn present<'s, 'a>(slot: Option<&'s Json<'a>>) -> Option<&'s Json<'a>> {
    slot.filter(|json| !json.is_null())
}

/// A string field: empty when absent (but not `null`).
pub fn string(slot: Option<&Json>) -> Result<String, Error> {
    slot.map_or(Ok(""), Json::as_str).map(str::to_string)
}

/// A string field that may be absent or `null`.
pub fn opt_string(slot: Option<&Json>) -> Result<Option<String>, Error> {
    Ok(opt_str(slot)?.map(str::to_string))
}

pub fn opt_str<'s>(slot: Option<&'s Json<'_>>) -> Result<Option<&'s str>, Error> {
    present(slot).map(Json::as_str).transpose()
}

pub fn opt_u64(slot: Option<&Json>) -> Result<Option<u64>, Error> {
    present(slot).map(Json::as_u64).transpose()
}

pub fn opt_u32(slot: Option<&Json>) -> Result<Option<u32>, Error> {
    present(slot).map(Json::as_u32).transpose()
}

pub fn opt_i128(slot: Option<&Json>) -> Result<Option<i128>, Error> {
    present(slot).map(Json::as_i128).transpose()
}

/// A `true`/`false` field: `false` when absent (but not `null`).
pub fn flag(slot: Option<&Json>) -> Result<bool, Error> {
    slot.map_or(Ok(false), Json::as_bool)
}

/// An array field: empty when absent (but not `null`).
pub fn items<'s, 'a>(slot: Option<&'s Json<'a>>) -> Result<&'s [Json<'a>], Error> {
    slot.map_or(Ok(&[]), Json::as_array)
}

/// What every version of every document of Relance (the ledger's manifest and shards, backups,
/// encrypted backups) agrees on, read leniently (other fields are ignored) to tell a newer
/// version from a damaged text: `format` and `version`.
pub(crate) fn read_header<'s>(json: &'s Json<'_>) -> Result<(Option<&'s str>, Option<u64>), Error> {
    let mut slots = [None; 2];
    json.fields(&["format", "version"], &mut slots, UnknownFields::Ignored)?;
    let [format, version] = slots;
    Ok((opt_str(format)?, opt_u64(version)?))
}

// ----- writing -----

/// How a [`Writer`] lays its text out: as serde_json's `to_string` or `to_string_pretty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// No whitespace.
    Compact,
    /// Two-space indent, one value per line, `": "` after a key.
    Pretty,
}

/// Writes JSON text as serde_json does, compact or pretty. Values and keys are written in
/// call order: `open`, then `key` + a value for each field (or values, in an array),
/// `close`.
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// Nothing written yet in the innermost open container.
    first: bool,
    /// A key was just written: its value follows with no separator.
    after_key: bool,
}

impl Writer {
    pub fn new(style: Style) -> Writer {
        Writer::with_capacity(style, 0)
    }

    /// A writer whose text grows without reallocating up to `capacity` bytes.
    pub fn with_capacity(style: Style, capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            pretty: style == Style::Pretty,
            depth: 0,
            first: true,
            after_key: false,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// What goes before a key or a value: nothing after a key, otherwise a comma after the
    /// first, and in pretty text a new line.
    fn separate(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        if self.pretty && self.depth > 0 {
            self.newline();
        }
    }

    /// Opens an array (`[`) or an object (`{`).
    pub fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    /// Closes what [`Writer::open`] opened (`]` or `}`).
    pub fn close(&mut self, bracket: char) {
        self.depth = self.depth.saturating_sub(1);
        if self.pretty && !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    pub fn key(&mut self, name: &str) {
        self.separate();
        self.quoted(name);
        self.out.push_str(if self.pretty { ": " } else { ":" });
        self.after_key = true;
    }

    pub fn string(&mut self, text: &str) {
        self.separate();
        self.quoted(text);
    }

    /// A number's text, written as it is (from [`Value::Number`] or an integer's digits).
    pub fn number(&mut self, text: &str) {
        self.separate();
        self.out.push_str(text);
    }

    pub fn u64(&mut self, number: u64) {
        self.separate();
        push_u64(&mut self.out, number);
    }

    pub fn i128(&mut self, number: i128) {
        self.separate();
        match u64::try_from(number.unsigned_abs()) {
            Ok(magnitude) => {
                if number < 0 {
                    self.out.push('-');
                }
                push_u64(&mut self.out, magnitude);
            }
            Err(_) => self.out.push_str(&number.to_string()),
        }
    }

    pub fn bool(&mut self, flag: bool) {
        self.number(if flag { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.number("null");
    }

    /// `"name":"text"`.
    pub fn str_field(&mut self, name: &str, text: &str) {
        self.key(name);
        self.string(text);
    }

    /// `"name":"text"`, left out when `text` is empty.
    pub fn nonempty_field(&mut self, name: &str, text: &str) {
        if !text.is_empty() {
            self.str_field(name, text);
        }
    }

    /// `"name":"text"`, left out when `None`.
    pub fn opt_field(&mut self, name: &str, text: Option<&str>) {
        if let Some(text) = text {
            self.str_field(name, text);
        }
    }

    /// `"name":number`.
    pub fn u64_field(&mut self, name: &str, number: u64) {
        self.key(name);
        self.u64(number);
    }

    /// An object of strings, in the map's (sorted) order.
    pub fn string_map(&mut self, entries: &BTreeMap<String, String>) {
        self.open('{');
        for (name, text) in entries {
            self.str_field(name, text);
        }
        self.close('}');
    }

    /// Any value.
    pub fn json(&mut self, json: &Json) {
        match &json.value {
            Value::Null => self.null(),
            Value::Bool(flag) => self.bool(*flag),
            Value::Number(text) => self.number(text),
            Value::String(text) => self.string(text),
            Value::Array(items) => {
                self.open('[');
                for item in items {
                    self.json(item);
                }
                self.close(']');
            }
            Value::Object(fields) => {
                self.open('{');
                for (name, value) in fields {
                    self.key(name);
                    self.json(value);
                }
                self.close('}');
            }
        }
    }

    /// A string in quotes, escaped as serde_json escapes it.
    fn quoted(&mut self, text: &str) {
        self.out.push('"');
        // Most texts have nothing to escape: skip what has none eight bytes at a time.
        let bytes = text.as_bytes();
        let mut plain = 0;
        while let Some(word) = bytes.get(plain..plain + 8)
            && let Ok(word) = <[u8; 8]>::try_from(word)
            && !has_special_byte(u64::from_le_bytes(word))
        {
            plain += 8;
        }
        let mut start = 0;
        for (index, byte) in bytes.iter().copied().enumerate().skip(plain) {
            let escaped = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "\\u00",
                _ => continue,
            };
            // `index` is at an ASCII byte: a character boundary.
            self.out
                .push_str(text.get(start..index).unwrap_or_default());
            self.out.push_str(escaped);
            if escaped == "\\u00" {
                for nibble in [byte >> 4, byte & 0xf] {
                    self.out
                        .push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
                }
            }
            start = index + 1;
        }
        self.out.push_str(text.get(start..).unwrap_or_default());
        self.out.push('"');
    }
}

/// Appends the decimal digits of `number`, as `to_string` writes them.
pub(crate) fn push_u64(out: &mut String, number: u64) {
    push_u64_padded(out, number, 1);
}

/// Appends the decimal digits of `number`, with zeros in front to `width` digits (at most
/// 20).
pub(crate) fn push_u64_padded(out: &mut String, mut number: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + u8::try_from(number % 10).unwrap_or(0);
        number /= 10;
        start -= 1;
        if number == 0 {
            break;
        }
    }
    let start = start.min(digits.len().saturating_sub(width));
    let digits = digits.get(start..).unwrap_or_default();
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
}

/// The text of `json`, compact or pretty.
pub fn write(json: &Json, style: Style) -> String {
    let mut writer = Writer::new(style);
    writer.json(json);
    writer.finish()
}

/// A pretty object of strings (`{\n  "key": "text",\n…}`), keys in sorted order: what
/// `serde_json::to_string_pretty` gives for a `BTreeMap<String, String>`.
pub fn pretty_object(entries: &BTreeMap<String, String>) -> String {
    let mut writer = Writer::new(Style::Pretty);
    writer.string_map(entries);
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_to_string_writes_them() {
        let mut unsigned = vec![0, 1, 9, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX];
        unsigned.extend((0..20).map(|power| 10u64.pow(power)));
        unsigned.extend((1..20).map(|power| 10u64.pow(power) - 1));
        for number in unsigned {
            let mut writer = Writer::new(Style::Compact);
            writer.u64(number);
            assert_eq!(writer.finish(), number.to_string());
            for wide in [i128::from(number), -i128::from(number)] {
                let mut writer = Writer::new(Style::Compact);
                writer.i128(wide);
                assert_eq!(writer.finish(), wide.to_string());
            }
        }
        for wide in [
            i128::MIN,
            i128::MAX,
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
        ] {
            let mut writer = Writer::new(Style::Compact);
            writer.i128(wide);
            assert_eq!(writer.finish(), wide.to_string());
        }
        let mut padded = String::new();
        push_u64_padded(&mut padded, 42, 5);
        push_u64_padded(&mut padded, 123_456, 2);
        push_u64_padded(&mut padded, 0, 3);
        assert_eq!(padded, "00042123456000");
    }

    #[test]
    fn a_word_has_a_special_byte_exactly_when_one_of_its_bytes_is() {
        let special = |byte: u8| matches!(byte, b'"' | b'\\' | 0..=0x1f);
        let mut words: Vec<[u8; 8]> = Vec::new();
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                words.push(word);
                let mut high = [0xc3; 8];
                high[at] = byte;
                words.push(high);
            }
        }
        // Knuth's linear congruential generator, for words of any bytes.
        let mut state = 0x5eed_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            words.push(state.to_le_bytes());
        }
        for word in words {
            assert_eq!(
                has_special_byte(u64::from_le_bytes(word)),
                word.iter().any(|byte| special(*byte)),
                "{word:?}"
            );
        }
    }
}
