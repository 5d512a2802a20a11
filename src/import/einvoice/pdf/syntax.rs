//! PDF's object syntax (ISO 32000-1, 7.2 and 7.3): the lexer and the parser of one object,
//! over any byte slice (the file, or an object stream's decoded data). Every loop consumes at
//! least one byte or ends; nesting is bounded by the caller's depth.

/// A PDF object. Reals are kept without their value: nothing read here needs one.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real,
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    /// An indirect reference `N G R` (the generation is not needed: the newest definition of
    /// an object number wins).
    Ref(u32),
}

impl Obj {
    pub(super) fn as_int(&self) -> Option<i64> {
        match self {
            Obj::Int(value) => Some(*value),
            _ => None,
        }
    }

    /// A non-negative integer that fits a `usize`.
    pub(super) fn as_usize(&self) -> Option<usize> {
        self.as_int().and_then(|value| usize::try_from(value).ok())
    }

    pub(super) fn as_name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(name) => Some(name),
            _ => None,
        }
    }

    pub(super) fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(dict) => Some(dict),
            _ => None,
        }
    }
}

/// A dictionary, in the file's order; the first of duplicate keys wins.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Dict(pub(super) Vec<(Vec<u8>, Obj)>);

impl Dict {
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0
            .iter()
            .find(|(name, _)| name.as_slice() == key)
            .map(|(_, value)| value)
    }

    pub(super) fn name(&self, key: &[u8]) -> Option<&[u8]> {
        self.get(key).and_then(Obj::as_name)
    }

    pub(super) fn has_type(&self, name: &[u8]) -> bool {
        self.name(b"Type") == Some(name)
    }
}

pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

pub(super) fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(byte: u8) -> bool {
    !is_space(byte) && !is_delimiter(byte)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// A cursor over bytes. `pos` may run past the end: every read goes through `get`.
pub(super) struct Lexer<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
    /// An object was nested deeper than the depth allowed.
    pub(super) too_deep: bool,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer {
            data,
            pos,
            too_deep: false,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.data.get(self.pos.saturating_add(ahead)).copied()
    }

    /// Skips white space and comments.
    pub(super) fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            if is_space(byte) {
                self.pos += 1;
            } else if byte == b'%' {
                while let Some(byte) = self.peek() {
                    if byte == b'\r' || byte == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The run of regular characters at the cursor (after white space), consumed.
    pub(super) fn word(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or(&[])
    }

    /// Consumes `keyword` if it is the next word; else leaves the cursor where it was.
    pub(super) fn keyword(&mut self, keyword: &[u8]) -> bool {
        let start = self.pos;
        if self.word() == keyword {
            true
        } else {
            self.pos = start;
            false
        }
    }

    /// An unsigned integer word (as in object headers and cross-reference tables), consumed;
    /// else leaves the cursor where it was.
    pub(super) fn unsigned(&mut self) -> Option<u64> {
        let start = self.pos;
        let word = self.word();
        let value = parse_unsigned(word);
        if value.is_none() {
            self.pos = start;
        }
        value
    }

    /// `N G obj` at the cursor: the object number.
    pub(super) fn object_header(&mut self) -> Option<u32> {
        let number = u32::try_from(self.unsigned()?).ok()?;
        self.unsigned()?;
        self.keyword(b"obj").then_some(number)
    }

    /// One object; `depth` bounds the nesting of arrays and dictionaries.
    pub(super) fn object(&mut self, depth: usize) -> Option<Obj> {
        self.skip_space();
        match self.peek()? {
            b'/' => {
                self.pos += 1;
                Some(Obj::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                self.literal_string().map(Obj::Str)
            }
            b'<' if self.peek_at(1) == Some(b'<') => {
                self.pos += 2;
                let depth = self.deeper(depth)?;
                self.dict_body(depth).map(Obj::Dict)
            }
            b'<' => {
                self.pos += 1;
                self.hex_string().map(Obj::Str)
            }
            b'[' => {
                self.pos += 1;
                let depth = self.deeper(depth)?;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(Obj::Array(items));
                    }
                    items.push(self.object(depth)?);
                }
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number_or_reference(),
            _ => match self.word() {
                b"true" => Some(Obj::Bool(true)),
                b"false" => Some(Obj::Bool(false)),
                b"null" => Some(Obj::Null),
                _ => None,
            },
        }
    }

    /// The depth left inside one more array or dictionary.
    fn deeper(&mut self, depth: usize) -> Option<usize> {
        let deeper = depth.checked_sub(1);
        self.too_deep |= deeper.is_none();
        deeper
    }

    /// A dictionary's entries after `<<`, and the `>>`.
    fn dict_body(&mut self, depth: usize) -> Option<Dict> {
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            match self.peek()? {
                b'>' if self.peek_at(1) == Some(b'>') => {
                    self.pos += 2;
                    return Some(Dict(entries));
                }
                b'/' => {
                    self.pos += 1;
                    let key = self.name();
                    let value = self.object(depth)?;
                    entries.push((key, value));
                }
                _ => return None,
            }
        }
    }

    /// A name's characters after `/`, `#xx` decoded.
    fn name(&mut self) -> Vec<u8> {
        let mut name = Vec::new();
        while let Some(byte) = self.peek().filter(|&byte| is_regular(byte)) {
            self.pos += 1;
            if byte == b'#' {
                let high = self.peek().and_then(hex_value);
                let low = self.peek_at(1).and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    self.pos += 2;
                    name.push(high << 4 | low);
                    continue;
                }
            }
            name.push(byte);
        }
        name
    }

    /// A literal string's bytes after `(`, and the closing `)`.
    fn literal_string(&mut self) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut open = 0usize;
        loop {
            let byte = self.peek()?;
            self.pos += 1;
            match byte {
                b'(' => {
                    open += 1;
                    bytes.push(byte);
                }
                b')' => {
                    if open == 0 {
                        return Some(bytes);
                    }
                    open -= 1;
                    bytes.push(byte);
                }
                b'\\' => {
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'n' => bytes.push(b'\n'),
                        b'r' => bytes.push(b'\r'),
                        b't' => bytes.push(b'\t'),
                        b'b' => bytes.push(8),
                        b'f' => bytes.push(12),
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(digit @ b'0'..=b'7') => {
                                        self.pos += 1;
                                        value = value * 8 + u32::from(digit - b'0');
                                    }
                                    _ => break,
                                }
                            }
                            bytes.push((value & 0xFF) as u8);
                        }
                        // A backslash before an end of line continues the string.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => bytes.push(other),
                    }
                }
                _ => bytes.push(byte),
            }
        }
    }

    /// A hexadecimal string's bytes after `<`, and the closing `>` (an odd last digit is
    /// followed by 0).
    fn hex_string(&mut self) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let byte = self.peek()?;
            self.pos += 1;
            if byte == b'>' {
                if let Some(high) = high {
                    bytes.push(high << 4);
                }
                return Some(bytes);
            }
            if is_space(byte) {
                continue;
            }
            let value = hex_value(byte)?;
            match high.take() {
                Some(high) => bytes.push(high << 4 | value),
                None => high = Some(value),
            }
        }
    }

    /// A number; a non-negative integer followed by another and `R` is a reference.
    fn number_or_reference(&mut self) -> Option<Obj> {
        let word = self.word();
        let Some(value) = parse_integer(word) else {
            // A real (or a malformed number, read as a real as most readers do).
            return word
                .iter()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'+' | b'-' | b'.'))
                .then_some(Obj::Real);
        };
        if let Ok(number) = u32::try_from(value) {
            let after_number = self.pos;
            if self.unsigned().is_some() && self.keyword(b"R") {
                return Some(Obj::Ref(number));
            }
            self.pos = after_number;
        }
        Some(Obj::Int(value))
    }
}

fn parse_unsigned(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 19 {
        return None;
    }
    word.iter().try_fold(0u64, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u64::from(byte - b'0'))
    })
}

fn parse_integer(word: &[u8]) -> Option<i64> {
    let (negative, digits) = match word.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, word),
    };
    let value = i64::try_from(parse_unsigned(digits)?).ok()?;
    Some(if negative { -value } else { value })
}
