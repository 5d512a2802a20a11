//! Finding a PDF's objects: the cross-reference chain from `startxref` (classic tables,
//! cross-reference streams, hybrid files, incremental updates: the newest definition of an
//! object wins), object streams, and, when the cross-reference is missing or wrong, a scan of
//! the file for `N G obj` headers. Every step is bounded: the objects loaded, the nesting, the
//! bytes decoded and the bytes parsed (`fuel`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::filters::{self, DecodeError, Stage};
use super::syntax::{Dict, Lexer, Obj, is_delimiter, is_space};
use super::{Limits, PdfError};

/// The most cross-reference sections followed through `/Prev` (incremental updates).
const MAX_SECTIONS: usize = 512;
/// The most filters applied to one stream.
const MAX_FILTERS: usize = 4;

/// Where an object is, as a cross-reference says.
#[derive(Clone, Copy, Debug)]
enum Location {
    /// Deleted (a free entry of a newer section hides the older definitions).
    Free,
    /// At a byte offset of the file.
    Offset(usize),
    /// The `index`-th object of an object stream.
    Packed { stream: u32, index: usize },
}

/// An object as loaded: its value and, for a stream, where its data lies in the file.
pub(super) struct Loaded {
    pub(super) obj: Obj,
    pub(super) stream: Option<(usize, usize)>,
}

impl Loaded {
    fn null() -> Loaded {
        Loaded {
            obj: Obj::Null,
            stream: None,
        }
    }
}

/// An object stream's decoded data and its objects' numbers and offsets in it.
struct ObjectStream {
    data: Vec<u8>,
    entries: Vec<(u32, usize)>,
}

/// What a scan of the whole file found.
struct Scan {
    /// The last `N G obj` header of each object number.
    direct: HashMap<u32, usize>,
    /// The object streams found.
    object_streams: Vec<u32>,
    /// The objects of those object streams, indexed when first needed.
    packed: Option<HashMap<u32, (u32, usize)>>,
    /// Candidate catalogs, most likely first.
    roots: Vec<u32>,
    /// A trailer or cross-reference stream with `/Encrypt` was seen.
    encrypted: bool,
}

/// What the cross-reference chain's trailers say.
#[derive(Default)]
struct Trailer {
    root: Option<u32>,
    encrypted: bool,
}

pub(super) struct Reader<'a> {
    src: &'a [u8],
    /// Where `%PDF-` starts: offsets are tried as written, then shifted by this.
    base: usize,
    limits: &'a Limits,
    xref: HashMap<u32, Location>,
    /// References resolve only once the cross-reference chain is read.
    xref_ready: bool,
    scan: Option<Scan>,
    object_streams: HashMap<u32, Result<Rc<ObjectStream>, PdfError>>,
    /// The offsets of every `endstream`, for streams whose `/Length` is wrong.
    endstreams: Option<Vec<usize>>,
    /// Bytes decoded so far, all streams together.
    decoded: usize,
    /// Bytes that may still be parsed.
    fuel: usize,
    loads: usize,
    depth: usize,
    /// The first limit or unsupported filter met while looking for objects elsewhere: told
    /// instead of `Damaged` when the catalog is not found.
    passed_over: Option<PdfError>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(src: &'a [u8], base: usize, limits: &'a Limits) -> Reader<'a> {
        Reader {
            src,
            base,
            limits,
            xref: HashMap::new(),
            xref_ready: false,
            scan: None,
            object_streams: HashMap::new(),
            endstreams: None,
            decoded: 0,
            fuel: src.len().saturating_mul(4).saturating_add(16 << 20),
            loads: 0,
            depth: 0,
            passed_over: None,
        }
    }

    /// Whether the file was scanned for its objects.
    pub(super) fn scanned(&self) -> bool {
        self.scan.is_some()
    }

    /// The document catalog: through the trailer's `/Root`, else the scan's candidates.
    pub(super) fn catalog(&mut self) -> Result<Dict, PdfError> {
        let trailer = self.read_xref()?;
        if trailer.encrypted {
            return Err(PdfError::Encrypted);
        }
        if let Some(root) = trailer.root {
            match self.load(root) {
                Ok(Loaded {
                    obj: Obj::Dict(catalog),
                    ..
                }) => return Ok(catalog),
                Ok(_) | Err(PdfError::Damaged) => {}
                Err(error) => return Err(error),
            }
        }
        self.build_scan()?;
        let (roots, encrypted) = match &self.scan {
            Some(scan) => (scan.roots.clone(), scan.encrypted),
            None => (Vec::new(), false),
        };
        if encrypted {
            return Err(PdfError::Encrypted);
        }
        for root in roots {
            match self.load(root) {
                Ok(Loaded {
                    obj: Obj::Dict(catalog),
                    ..
                }) => return Ok(catalog),
                Ok(_) | Err(PdfError::Damaged) => {}
                Err(error) => return Err(error),
            }
        }
        Err(self.passed_over.take().unwrap_or(PdfError::Damaged))
    }

    /// Notes an error passed over (another way to the objects is tried).
    fn pass_over(&mut self, error: PdfError) {
        if error != PdfError::Damaged && self.passed_over.is_none() {
            self.passed_over = Some(error);
        }
    }

    /// `obj`, its references followed.
    pub(super) fn resolve(&mut self, obj: &Obj) -> Result<Obj, PdfError> {
        let mut current = obj.clone();
        for _ in 0..self.limits.max_depth {
            match current {
                Obj::Ref(number) => current = self.load(number)?.obj,
                other => return Ok(other),
            }
        }
        Err(PdfError::Damaged)
    }

    /// Object `number` (a missing object is `null`, as the standard says).
    pub(super) fn load(&mut self, number: u32) -> Result<Loaded, PdfError> {
        self.loads += 1;
        if self.loads > self.limits.max_objects {
            return Err(PdfError::TooComplex);
        }
        if self.depth >= self.limits.max_depth {
            return Err(PdfError::TooComplex);
        }
        self.depth += 1;
        let loaded = self.load_inner(number);
        self.depth -= 1;
        loaded
    }

    fn load_inner(&mut self, number: u32) -> Result<Loaded, PdfError> {
        if !self.xref_ready {
            return Ok(Loaded::null());
        }
        match self.xref.get(&number).copied() {
            Some(Location::Free) => return Ok(Loaded::null()),
            Some(Location::Offset(offset)) => {
                if let Some(loaded) = self.at_offset(number, offset)? {
                    return Ok(loaded);
                }
                if self.base > 0
                    && let Some(loaded) =
                        self.at_offset(number, offset.saturating_add(self.base))?
                {
                    return Ok(loaded);
                }
            }
            Some(Location::Packed { stream, index }) => {
                if let Some(loaded) = self.packed(number, stream, Some(index))? {
                    return Ok(loaded);
                }
            }
            None => {}
        }
        // Not where the cross-reference says, or not in it: where a scan finds it.
        self.build_scan()?;
        let direct = self
            .scan
            .as_ref()
            .and_then(|scan| scan.direct.get(&number).copied());
        if let Some(offset) = direct
            && let Some(loaded) = self.at_offset(number, offset)?
        {
            return Ok(loaded);
        }
        if let Some((stream, index)) = self.scan_packed(number)?
            && let Some(loaded) = self.packed(number, stream, Some(index))?
        {
            return Ok(loaded);
        }
        Ok(Loaded::null())
    }

    /// The object whose header `number G obj` is at `offset`, else `None`.
    fn at_offset(&mut self, number: u32, offset: usize) -> Result<Option<Loaded>, PdfError> {
        let src = self.src;
        let mut lexer = Lexer::new(src, offset);
        if lexer.object_header() != Some(number) {
            return Ok(None);
        }
        let obj = self.parse(&mut lexer)?;
        let Some(obj) = obj else {
            return Ok(None);
        };
        let mut stream = None;
        if let Obj::Dict(dict) = &obj
            && lexer.keyword(b"stream")
        {
            let start = data_start(src, lexer.pos);
            stream = self.stream_range(dict, start, true);
            if stream.is_none() {
                return Ok(None);
            }
        }
        Ok(Some(Loaded { obj, stream }))
    }

    /// Object `number` of object stream `stream` (at `index`, or searched for).
    fn packed(
        &mut self,
        number: u32,
        stream: u32,
        index: Option<usize>,
    ) -> Result<Option<Loaded>, PdfError> {
        let object_stream = match self.object_stream(stream) {
            Ok(object_stream) => object_stream,
            Err(PdfError::Damaged) => return Ok(None),
            Err(error) => return Err(error),
        };
        let offset = index
            .and_then(|index| object_stream.entries.get(index))
            .filter(|(found, _)| *found == number)
            .or_else(|| {
                object_stream
                    .entries
                    .iter()
                    .find(|(found, _)| *found == number)
            })
            .map(|(_, offset)| *offset);
        let Some(offset) = offset else {
            return Ok(None);
        };
        let mut lexer = Lexer::new(&object_stream.data, offset);
        Ok(self
            .parse(&mut lexer)?
            .map(|obj| Loaded { obj, stream: None }))
    }

    /// An object stream, decoded once (its failure too).
    fn object_stream(&mut self, number: u32) -> Result<Rc<ObjectStream>, PdfError> {
        if let Some(cached) = self.object_streams.get(&number) {
            return cached.clone();
        }
        let result = self.read_object_stream(number).map(Rc::new);
        self.object_streams.insert(number, result.clone());
        result
    }

    fn read_object_stream(&mut self, number: u32) -> Result<ObjectStream, PdfError> {
        let loaded = self.load(number)?;
        let dict = loaded.obj.as_dict().ok_or(PdfError::Damaged)?;
        let count = self.resolve_usize(dict.get(b"N"))?;
        let first = self.resolve_usize(dict.get(b"First"))?;
        let data = self.decode(&loaded)?;
        let mut entries = Vec::new();
        let mut lexer = Lexer::new(&data, 0);
        while entries.len() < count {
            let (Some(object), Some(offset)) = (lexer.unsigned(), lexer.unsigned()) else {
                break;
            };
            let (Ok(object), Some(offset)) = (
                u32::try_from(object),
                usize::try_from(offset)
                    .ok()
                    .and_then(|offset| offset.checked_add(first)),
            ) else {
                break;
            };
            entries.push((object, offset));
        }
        self.charge(lexer.pos)?;
        Ok(ObjectStream { data, entries })
    }

    fn resolve_usize(&mut self, obj: Option<&Obj>) -> Result<usize, PdfError> {
        let obj = obj.ok_or(PdfError::Damaged)?;
        self.resolve(obj)?.as_usize().ok_or(PdfError::Damaged)
    }

    /// A stream's data, decoded through its filters, within the limits.
    pub(super) fn decode(&mut self, loaded: &Loaded) -> Result<Vec<u8>, PdfError> {
        let dict = loaded.obj.as_dict().ok_or(PdfError::Damaged)?;
        let raw = loaded
            .stream
            .and_then(|(start, end)| self.src.get(start..end))
            .ok_or(PdfError::Damaged)?;
        let stages = self.stages(dict)?;
        let remaining = self.limits.max_total_decoded.saturating_sub(self.decoded);
        let (limit, reported) = if self.limits.max_decoded <= remaining {
            (self.limits.max_decoded, self.limits.max_decoded)
        } else {
            (remaining, self.limits.max_total_decoded)
        };
        match filters::decode(raw, &stages, limit) {
            Ok(data) => {
                self.decoded = self.decoded.saturating_add(data.len());
                Ok(data)
            }
            Err(DecodeError::Limit) => {
                self.decoded = self.decoded.saturating_add(limit);
                Err(PdfError::TooLarge { limit: reported })
            }
            Err(DecodeError::Corrupt) => Err(PdfError::Damaged),
            Err(DecodeError::Unsupported(filter)) => Err(PdfError::Unsupported { filter }),
        }
    }

    /// The filters of a stream and their parameters.
    fn stages(&mut self, dict: &Dict) -> Result<Vec<Stage>, PdfError> {
        let filters = match dict.get(b"Filter") {
            Some(filter) => self.resolve(filter)?,
            None => Obj::Null,
        };
        let filters = match filters {
            Obj::Null => Vec::new(),
            Obj::Array(items) => items,
            single => vec![single],
        };
        if filters.len() > MAX_FILTERS {
            return Err(PdfError::TooComplex);
        }
        let params = match dict.get(b"DecodeParms").or_else(|| dict.get(b"DP")) {
            Some(params) => self.resolve(params)?,
            None => Obj::Null,
        };
        let params = match params {
            Obj::Array(items) => items,
            single => vec![single],
        };
        let mut stages = Vec::new();
        for (index, filter) in filters.iter().enumerate() {
            let Obj::Name(filter) = self.resolve(filter)? else {
                return Err(PdfError::Damaged);
            };
            let params = match params.get(index) {
                Some(params) => match self.resolve(params)? {
                    Obj::Dict(params) => Some(params),
                    _ => None,
                },
                None => None,
            };
            stages.push(Stage { filter, params });
        }
        Ok(stages)
    }

    /// Where a stream's data ends: after `/Length` bytes when `endstream` follows there, else
    /// at the next `endstream` (its end-of-line marker left out).
    fn stream_range(&mut self, dict: &Dict, start: usize, resolve: bool) -> Option<(usize, usize)> {
        let src = self.src;
        let length = match dict.get(b"Length") {
            Some(Obj::Ref(number)) if resolve => self
                .load(*number)
                .ok()
                .and_then(|loaded| loaded.obj.as_usize()),
            Some(obj) => obj.as_usize(),
            None => None,
        };
        if let Some(end) = length.and_then(|length| start.checked_add(length))
            && end <= src.len()
            && Lexer::new(src, end).keyword(b"endstream")
        {
            return Some((start, end));
        }
        let endstreams = self
            .endstreams
            .get_or_insert_with(|| find_all(src, b"endstream"));
        let index = endstreams.partition_point(|&found| found < start);
        let mut end = *endstreams.get(index)?;
        if end > start && src.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && src.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some((start, end))
    }

    /// Parses one object at the lexer, charging the bytes read to the fuel.
    fn parse(&mut self, lexer: &mut Lexer) -> Result<Option<Obj>, PdfError> {
        let start = lexer.pos;
        let obj = lexer.object(self.limits.max_depth);
        self.charge(lexer.pos.saturating_sub(start))?;
        if lexer.too_deep {
            return Err(PdfError::TooComplex);
        }
        Ok(obj)
    }

    fn charge(&mut self, bytes: usize) -> Result<(), PdfError> {
        self.fuel = self
            .fuel
            .checked_sub(bytes.max(1))
            .ok_or(PdfError::TooComplex)?;
        Ok(())
    }

    fn add_entry(&mut self, number: u32, location: Location) -> Result<(), PdfError> {
        if !self.xref.contains_key(&number) {
            if self.xref.len() >= self.limits.max_objects {
                return Err(PdfError::TooComplex);
            }
            self.xref.insert(number, location);
        }
        Ok(())
    }

    /// Reads the cross-reference chain from the last `startxref`, newest section first.
    fn read_xref(&mut self) -> Result<Trailer, PdfError> {
        let mut trailer = Trailer::default();
        let mut next = rfind(self.src, b"startxref").and_then(|at| {
            Lexer::new(self.src, at + b"startxref".len())
                .unsigned()
                .and_then(|offset| usize::try_from(offset).ok())
        });
        let mut visited = HashSet::new();
        while let Some(offset) = next.take() {
            if visited.len() >= MAX_SECTIONS || !visited.insert(offset) {
                break;
            }
            let mut dict = self.section(offset)?;
            if dict.is_none() && self.base > 0 {
                dict = self.section(offset.saturating_add(self.base))?;
            }
            let Some(dict) = dict else {
                break;
            };
            if let Some(stream_offset) = dict.get(b"XRefStm").and_then(Obj::as_usize) {
                self.xref_stream(stream_offset)?;
            }
            if trailer.root.is_none()
                && let Some(Obj::Ref(root)) = dict.get(b"Root")
            {
                trailer.root = Some(*root);
            }
            if dict.get(b"Encrypt").is_some_and(|obj| *obj != Obj::Null) {
                trailer.encrypted = true;
            }
            next = dict.get(b"Prev").and_then(Obj::as_usize);
        }
        self.xref_ready = true;
        Ok(trailer)
    }

    /// One cross-reference section at `offset` (a table and its trailer, or a stream): its
    /// entries added, its trailer dictionary returned; `None` if there is none there.
    fn section(&mut self, offset: usize) -> Result<Option<Dict>, PdfError> {
        if self.fuel == 0 {
            return Err(PdfError::TooComplex);
        }
        let src = self.src;
        let mut lexer = Lexer::new(src, offset);
        if !lexer.keyword(b"xref") {
            return self.xref_stream(offset);
        }
        let mut entries = Vec::new();
        let complete = loop {
            if lexer.keyword(b"trailer") {
                break true;
            }
            let (Some(first), Some(count)) = (lexer.unsigned(), lexer.unsigned()) else {
                break false;
            };
            let mut good = true;
            for index in 0..count {
                let (Some(position), Some(_generation)) = (lexer.unsigned(), lexer.unsigned())
                else {
                    good = false;
                    break;
                };
                let kind = lexer.word();
                let location = match (kind, usize::try_from(position)) {
                    (b"n", Ok(0)) => None,
                    (b"n", Ok(position)) => Some(Location::Offset(position)),
                    (b"f", _) => Some(Location::Free),
                    _ => {
                        good = false;
                        break;
                    }
                };
                if let (Some(location), Some(number)) = (
                    location,
                    first
                        .checked_add(index)
                        .and_then(|number| u32::try_from(number).ok()),
                ) {
                    entries.push((number, location));
                }
            }
            if !good {
                break false;
            }
        };
        self.charge(lexer.pos.saturating_sub(offset))?;
        for (number, location) in entries {
            self.add_entry(number, location)?;
        }
        if !complete {
            return Ok(None);
        }
        match self.parse(&mut lexer)? {
            Some(Obj::Dict(dict)) => Ok(Some(dict)),
            _ => Ok(None),
        }
    }

    /// A cross-reference stream at `offset`: its entries added, its dictionary returned.
    fn xref_stream(&mut self, offset: usize) -> Result<Option<Dict>, PdfError> {
        let src = self.src;
        let mut lexer = Lexer::new(src, offset);
        if lexer.object_header().is_none() {
            return Ok(None);
        }
        let Some(Obj::Dict(dict)) = self.parse(&mut lexer)? else {
            return Ok(None);
        };
        if !dict.has_type(b"XRef") || !lexer.keyword(b"stream") {
            return Ok(None);
        }
        let start = data_start(src, lexer.pos);
        let stream = self.stream_range(&dict, start, false);
        let loaded = Loaded {
            obj: Obj::Dict(dict),
            stream,
        };
        let data = match self.decode(&loaded) {
            Ok(data) => data,
            Err(PdfError::TooComplex) => return Err(PdfError::TooComplex),
            Err(error) => {
                self.pass_over(error);
                return Ok(None);
            }
        };
        let Obj::Dict(dict) = loaded.obj else {
            return Ok(None);
        };
        let widths: Vec<usize> = match dict.get(b"W") {
            Some(Obj::Array(items)) => items.iter().filter_map(Obj::as_usize).collect(),
            _ => return Ok(None),
        };
        let [type_width, field_width, third_width] = widths.as_slice() else {
            return Ok(None);
        };
        let (type_width, field_width, third_width) = (*type_width, *field_width, *third_width);
        if type_width > 8 || field_width > 8 || third_width > 8 {
            return Ok(None);
        }
        let row = type_width + field_width + third_width;
        if row == 0 {
            return Ok(None);
        }
        let ranges: Vec<usize> = match dict.get(b"Index") {
            Some(Obj::Array(items)) => items.iter().filter_map(Obj::as_usize).collect(),
            _ => {
                let size = dict.get(b"Size").and_then(Obj::as_usize).unwrap_or(0);
                vec![0, size]
            }
        };
        let mut rows = data.chunks_exact(row);
        'ranges: for range in ranges.chunks_exact(2) {
            let [first, count] = range else {
                break;
            };
            for index in 0..*count {
                let Some(entry) = rows.next() else {
                    break 'ranges;
                };
                let Some((kind, rest)) = entry.split_at_checked(type_width) else {
                    break 'ranges;
                };
                let Some((field, third)) = rest.split_at_checked(field_width) else {
                    break 'ranges;
                };
                let kind = if type_width == 0 { 1 } else { be(kind) };
                let (field, third) = (be(field), be(third));
                let Some(number) = first
                    .checked_add(index)
                    .and_then(|number| u32::try_from(number).ok())
                else {
                    break 'ranges;
                };
                let location = match kind {
                    0 => Some(Location::Free),
                    1 => usize::try_from(field).ok().map(Location::Offset),
                    2 => match (u32::try_from(field), usize::try_from(third)) {
                        (Ok(stream), Ok(index)) => Some(Location::Packed { stream, index }),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(location) = location {
                    self.add_entry(number, location)?;
                }
            }
        }
        Ok(Some(dict))
    }

    /// Scans the whole file for object headers, trailers and catalogs (once).
    fn build_scan(&mut self) -> Result<(), PdfError> {
        if self.scan.is_some() {
            return Ok(());
        }
        let src = self.src;
        let mut headers: Vec<(usize, u32)> = Vec::new();
        for at in find_all(src, b"obj") {
            let after = src.get(at + 3).copied();
            if after.is_some_and(|byte| !is_space(byte) && !is_delimiter(byte)) {
                continue;
            }
            if let Some(header) = header_before(src, at) {
                headers.push(header);
            }
        }
        let mut direct: HashMap<u32, usize> = HashMap::new();
        for &(start, number) in &headers {
            if !direct.contains_key(&number) && direct.len() >= self.limits.max_objects {
                return Err(PdfError::TooComplex);
            }
            direct.insert(number, start);
        }
        let mut object_streams = Vec::new();
        let mut catalogs = Vec::new();
        let mut stream_roots = Vec::new();
        let mut encrypted = false;
        let mut parsed_to = 0;
        for &(start, number) in &headers {
            if start < parsed_to || direct.get(&number) != Some(&start) {
                continue;
            }
            let mut lexer = Lexer::new(src, start);
            lexer.object_header();
            let obj = self.parse(&mut lexer)?;
            parsed_to = lexer.pos;
            let Some(Obj::Dict(dict)) = obj else {
                continue;
            };
            if dict.has_type(b"ObjStm") {
                object_streams.push(number);
            } else if dict.has_type(b"Catalog") {
                catalogs.push(number);
            } else if dict.has_type(b"XRef") {
                if let Some(Obj::Ref(root)) = dict.get(b"Root") {
                    stream_roots.push(*root);
                }
                encrypted |= dict.get(b"Encrypt").is_some_and(|obj| *obj != Obj::Null);
            }
        }
        let mut trailer_roots = Vec::new();
        let mut parsed_to = 0;
        for at in find_all(src, b"trailer") {
            if at < parsed_to {
                continue;
            }
            let mut lexer = Lexer::new(src, at + b"trailer".len());
            let obj = self.parse(&mut lexer)?;
            parsed_to = lexer.pos;
            if let Some(Obj::Dict(dict)) = obj {
                if let Some(Obj::Ref(root)) = dict.get(b"Root") {
                    trailer_roots.push(*root);
                }
                encrypted |= dict.get(b"Encrypt").is_some_and(|obj| *obj != Obj::Null);
            }
        }
        let mut roots = Vec::new();
        for root in trailer_roots
            .into_iter()
            .rev()
            .chain(stream_roots.into_iter().rev())
            .chain(catalogs.into_iter().rev())
        {
            if !roots.contains(&root) && roots.len() < self.limits.max_depth {
                roots.push(root);
            }
        }
        self.scan = Some(Scan {
            direct,
            object_streams,
            packed: None,
            roots,
            encrypted,
        });
        Ok(())
    }

    /// Where the scan's object streams hold object `number` (indexed on the first call).
    fn scan_packed(&mut self, number: u32) -> Result<Option<(u32, usize)>, PdfError> {
        let Some(scan) = self.scan.as_mut() else {
            return Ok(None);
        };
        if let Some(packed) = &scan.packed {
            return Ok(packed.get(&number).copied());
        }
        // Marked indexed before indexing: the loads below never come back here.
        scan.packed = Some(HashMap::new());
        let streams = scan.object_streams.clone();
        let mut packed = HashMap::new();
        for stream in streams {
            match self.object_stream(stream) {
                Ok(object_stream) => {
                    for (index, (object, _)) in object_stream.entries.iter().enumerate() {
                        if packed.len() >= self.limits.max_objects {
                            return Err(PdfError::TooComplex);
                        }
                        packed.entry(*object).or_insert((stream, index));
                    }
                }
                Err(PdfError::TooComplex) => return Err(PdfError::TooComplex),
                Err(error) => self.pass_over(error),
            }
        }
        let found = packed.get(&number).copied();
        if let Some(scan) = self.scan.as_mut() {
            scan.packed = Some(packed);
        }
        Ok(found)
    }
}

/// Where a stream's data starts: after `stream` and its end of line (CR LF or LF; a lone CR
/// is tolerated).
fn data_start(src: &[u8], after_keyword: usize) -> usize {
    let mut at = after_keyword;
    if src.get(at) == Some(&b'\r') {
        at += 1;
    }
    if src.get(at) == Some(&b'\n') {
        at += 1;
    }
    at
}

/// A big-endian unsigned number of at most 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |value, &byte| value << 8 | u64::from(byte))
}

/// The `N G` before the `obj` at `at`, if it is an object header: its start and number.
fn header_before(src: &[u8], at: usize) -> Option<(usize, u32)> {
    let mut i = at;
    let back_over = |i: &mut usize, test: fn(u8) -> bool, most: usize| {
        let end = *i;
        while end - *i < most
            && i.checked_sub(1)
                .and_then(|j| src.get(j))
                .is_some_and(|&b| test(b))
        {
            *i -= 1;
        }
        end - *i
    };
    back_over(&mut i, is_space, 64);
    if back_over(&mut i, |b| b.is_ascii_digit(), 5) == 0 {
        return None;
    }
    if back_over(&mut i, is_space, 64) == 0 {
        return None;
    }
    let number_end = i;
    if back_over(&mut i, |b| b.is_ascii_digit(), 10) == 0 {
        return None;
    }
    if i.checked_sub(1)
        .and_then(|j| src.get(j))
        .is_some_and(|&b| !is_space(b) && !is_delimiter(b))
    {
        return None;
    }
    let digits = src.get(i..number_end)?;
    let number = std::str::from_utf8(digits).ok()?.parse::<u32>().ok()?;
    Some((i, number))
}

/// Every offset where `needle` starts, in order.
pub(super) fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    let Some(&first) = needle.first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (at, &byte) in haystack.iter().enumerate() {
        if byte == first
            && haystack
                .get(at..)
                .is_some_and(|rest| rest.starts_with(needle))
        {
            found.push(at);
        }
    }
    found
}

/// Where `needle` starts the last time.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}
