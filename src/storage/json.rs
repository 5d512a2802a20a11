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
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
        items: Vec::new(),
        fields: Vec::new(),
    };
    let json = parser.value()?;
    parser.skip_whitespace();
    if parser.at < text.len() {
        return Err(parser.syntax("trailing characters"));
    }
    Ok(json)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    /// The items and fields of the open containers, moved into one vector of the right size
    /// when each closes (fewer allocations than growing a vector per container).
    items: Vec<Json<'a>>,
    fields: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
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

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The text from `start` to here (both at ASCII bytes, so at character boundaries).
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

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Error> {
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
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        self.at += 1;
        let mut out: Option<String> = None;
        let mut start = self.at;
        loop {
            match self.peek() {
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
                    let out = out.get_or_insert_with(String::new);
                    out.push_str(self.since(start));
                    self.at += 1;
                    out.push(self.escape()?);
                    start = self.at;
                }
                Some(0..=0x1f) => return Err(self.syntax("control character in a string")),
                Some(_) => self.at += 1,
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
    fn number(&mut self) -> Result<&'a str, Error> {
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

// ----- accessors -----

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
            Value::Number(text) if text.bytes().all(|byte| byte.is_ascii_digit()) => {
                text.parse().ok()
            }
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
            Value::Number(text) if !text.contains(['.', 'e', 'E']) => text.parse().ok(),
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
    /// `None` when absent). A field named twice is refused, and with `strict` a field not in
    /// `names` too.
    pub fn fields<'s>(
        &'s self,
        names: &[&str],
        slots: &mut [Option<&'s Json<'a>>],
        strict: bool,
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
                None if strict => return Err(value.error(Problem::UnknownField(name.to_string()))),
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

// ----- writing -----

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
    pub fn new(pretty: bool) -> Writer {
        Writer {
            out: String::new(),
            pretty,
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
        self.number(&number.to_string());
    }

    pub fn i128(&mut self, number: i128) {
        self.number(&number.to_string());
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
        let mut start = 0;
        for (index, byte) in text.bytes().enumerate() {
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

/// The text of `json`, compact or pretty.
pub fn write(json: &Json, pretty: bool) -> String {
    let mut writer = Writer::new(pretty);
    writer.json(json);
    writer.finish()
}

/// A pretty object of strings (`{\n  "key": "text",\n…}`), keys in sorted order: what
/// `serde_json::to_string_pretty` gives for a `BTreeMap<String, String>`.
pub fn pretty_object(entries: &BTreeMap<String, String>) -> String {
    let mut writer = Writer::new(true);
    writer.string_map(entries);
    writer.finish()
}
