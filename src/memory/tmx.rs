//! TMX 1.4b ↔ [`Tu`]s: reads the files other tools write and writes our own.
//!
//! Reading accepts UTF-8 (with or without BOM) and UTF-16 LE/BE (by byte-order mark, or by
//! the shape of an `<?xml … encoding="UTF-16"?>` declaration without one), `xml:lang` in any
//! case or region (`EN-GB` → en; TMX 1.1's `lang` too), `srclang="*all*"`, TU- and
//! variant-level `<prop>`/`<note>` (with their `xml:lang`/`o-encoding`) and dates. Inline codes
//! become placeholders (`<bpt i="1">` → `{1}`, `<ept i="1">` → `{/1}`, `<ph>`/`<it>`/`<ut>` →
//! `{n/}`, `<hi>` → a `{n}`…`{/n}` pair) with their element, attributes and content kept in
//! [`InlineCode`] (a `<sub>` inside a code is kept as written), so they are written back as
//! they came. Text that merely looks like a placeholder (`{0}` in a software string) is kept
//! as a [`InlineElement::Literal`] code, so it cannot be confused with one.
//!
//! Nothing is dropped: a variant in a language polypress does not publish in (`de`, `fr`), or
//! a second variant of one language (`en-GB` beside `en-US`), is kept in
//! [`TuInfo::others`] and written back; a TU with only such variants is kept too.
//!
//! Loading is linear in the file size: line numbers are counted incrementally as the parser
//! advances, and a line and column are computed from the text only when an error is reported.
//! A large file is split at `<tu>` boundaries and its parts are parsed in parallel; if any part
//! fails, the whole file is parsed again in one pass, so errors are reported exactly as a
//! sequential parse reports them.
//!
//! Writing produces TMX valid against the TMX 1.4 DTD, deterministically: TUs in the given
//! order, variants in language order (other variants after them, as read), attributes in DTD
//! order, no timestamps except dates that are data, LF line ends.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rayon::prelude::*;

use super::{
    Dates, InlineCode, InlineElement, MemoryError, OtherVariant, Prop, Tu, TuInfo, Variant,
    VariantInfo,
};
use crate::error::{LineCounter, Location};
use crate::model::{placeholder_token, scan_placeholders, CodeRole, Lang};

/// A parsed TMX file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxDocument {
    /// The header's `srclang` (`en-US`, `*all*`).
    pub srclang: Option<String>,
    /// The TUs in document order.
    pub tus: Vec<Tu>,
    /// Variants kept in [`TuInfo::others`]: a language polypress does not publish in, or a
    /// second variant of one language. Nothing is skipped; the name is kept for the reports
    /// that count them.
    pub skipped_variants: usize,
}

/// Decodes TMX bytes: UTF-16 by byte-order mark (or by a BOM-less `<?xml` declaration in
/// UTF-16), otherwise UTF-8 (BOM optional). UTF-8 is borrowed, not copied.
///
/// # Errors
/// [`MemoryError::Encoding`] at the first invalid byte.
pub fn decode<'b>(bytes: &'b [u8], path: &Path) -> Result<Cow<'b, str>, MemoryError> {
    let utf16 = |body: &[u8], le: bool| -> Result<Cow<'b, str>, MemoryError> {
        let units: Vec<u16> = body
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map(Cow::Owned).map_err(|_| {
            let good: String = char::decode_utf16(units.iter().copied())
                .map_while(Result::ok)
                .collect();
            MemoryError::Encoding {
                at: Location::at_offset(path, &good, good.len()),
                encoding: "UTF-16",
            }
        })
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [b'<', 0, b'?', 0, ..] => utf16(bytes, true),
        [0, b'<', 0, b'?', ..] => utf16(bytes, false),
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(s) => Ok(Cow::Borrowed(s)),
                Err(e) => {
                    let good = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or("");
                    Err(MemoryError::Encoding {
                        at: Location::at_offset(path, good, good.len()),
                        encoding: "UTF-8",
                    })
                }
            }
        }
    }
}

/// Files at least this large are parsed in parallel parts.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

/// Parses a TMX file's bytes; `path` (relative to the memory root) is used in errors.
///
/// # Errors
/// Bad encoding, malformed XML, or a structure that is not TMX (no `<tmx>` root, a `<tuv>`
/// without `xml:lang` or `<seg>`), each with file:line:column and what was expected.
pub fn parse(bytes: &[u8], path: &Path) -> Result<TmxDocument, MemoryError> {
    let text = decode(bytes, path)?;
    if text.len() >= PARALLEL_MIN_BYTES && rayon::current_num_threads() > 1 {
        if let Some(doc) = parse_parallel(&text, path) {
            return Ok(doc);
        }
    }
    let mut parser = Parser::new(&text, 0, text.len(), path, LineCounter::new());
    parser.document()?;
    Ok(parser.doc)
}

/// The start of the next `<tu` tag at or after `from`.
fn next_tu_tag(text: &str, mut from: usize) -> Option<usize> {
    let b = text.as_bytes();
    while let Some(i) = text.get(from..)?.find("<tu") {
        let at = from + i;
        match b.get(at + 3) {
            Some(b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/') => return Some(at),
            _ => from = at + 3,
        }
    }
    None
}

/// Parses the body in parts on all threads; `None` when anything is unusual (the sequential
/// parse then reports it exactly).
fn parse_parallel(text: &str, path: &Path) -> Option<TmxDocument> {
    let mut head = Parser::new(text, 0, text.len(), path, LineCounter::new());
    head.stop_at_body = true;
    head.document().ok()?;
    let body_start = head.body_at?;
    let body_end = text.rfind("</body>")?;
    let tail = text[body_end + "</body>".len()..].trim();
    if tail != "</tmx>" || body_end < body_start {
        return None;
    }
    let parts = rayon::current_num_threads() * 8;
    let step = (body_end - body_start) / parts + 1;
    let mut cuts = vec![body_start];
    while let Some(&last) = cuts.last() {
        let want = last + step;
        match (want < body_end).then(|| next_tu_tag(text, want)).flatten() {
            Some(c) if c < body_end => cuts.push(c),
            _ => break,
        }
    }
    cuts.push(body_end);
    let newlines: Vec<usize> = cuts
        .par_windows(2)
        .map(|w| crate::error::count_newlines(&text.as_bytes()[w[0]..w[1]]))
        .collect();
    let mut line = 1 + crate::error::count_newlines(&text.as_bytes()[..body_start]);
    let mut starts = Vec::with_capacity(newlines.len());
    for n in &newlines {
        starts.push(line);
        line += n;
    }
    let docs: Vec<TmxDocument> = cuts
        .par_windows(2)
        .zip(starts)
        .map(|(w, line)| {
            let counter = LineCounter::starting_at(w[0], line);
            let mut p = Parser::new(text, w[0], w[1], path, counter);
            p.body_part().ok().map(|()| p.doc)
        })
        .collect::<Option<Vec<_>>>()?;
    let mut doc = head.doc;
    doc.tus.reserve(docs.iter().map(|d| d.tus.len()).sum());
    for d in docs {
        doc.tus.extend(d.tus);
        doc.skipped_variants += d.skipped_variants;
    }
    Some(doc)
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    /// The whole document.
    text: &'a str,
    /// Where the reader's input starts in `text`.
    base: usize,
    path: &'a Path,
    lines: LineCounter,
    doc: TmxDocument,
    /// Stop when `<body>` opens (the parallel parse reads the body itself).
    stop_at_body: bool,
    body_at: Option<usize>,
}

fn describe(e: &Event) -> String {
    match e {
        Event::Start(s) | Event::Empty(s) => {
            format!("`<{}>`", String::from_utf8_lossy(s.name().as_ref()))
        }
        Event::End(s) => format!("`</{}>`", String::from_utf8_lossy(s.name().as_ref())),
        Event::Eof => "end of file".to_string(),
        _ => "text".to_string(),
    }
}

fn is_blank(e: &Event) -> bool {
    match e {
        Event::Text(t) => t.iter().all(u8::is_ascii_whitespace),
        Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => true,
        _ => false,
    }
}

/// Splits `attrs` into the `type` of a `<prop>` and its other attributes.
fn split_type(attrs: Vec<(String, String)>) -> (String, Vec<(String, String)>) {
    let mut kind = String::new();
    let mut rest = Vec::new();
    for (k, v) in attrs {
        if k == "type" {
            kind = v;
        } else {
            rest.push((k, v));
        }
    }
    (kind, rest)
}

impl<'a> Parser<'a> {
    fn new(
        text: &'a str,
        base: usize,
        end: usize,
        path: &'a Path,
        lines: LineCounter,
    ) -> Parser<'a> {
        Parser {
            reader: Reader::from_str(&text[base..end]),
            text,
            base,
            path,
            lines,
            doc: TmxDocument::default(),
            stop_at_body: false,
            body_at: None,
        }
    }

    /// The location of byte `offset` (errors only: this scans the text from its start).
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.path, self.text, offset)
    }

    fn pos(&self) -> usize {
        self.base + self.reader.buffer_position() as usize
    }

    /// The next event and the byte offset where it starts.
    fn next(&mut self) -> Result<(usize, Event<'a>), MemoryError> {
        let start = self.pos();
        match self.reader.read_event() {
            Ok(e) => Ok((start, e)),
            Err(e) => Err(MemoryError::Xml {
                at: self.at(self.base + self.reader.error_position() as usize),
                message: e.to_string(),
            }),
        }
    }

    fn structure(&self, offset: usize, message: String) -> MemoryError {
        MemoryError::Structure {
            at: self.at(offset),
            message,
        }
    }

    fn attrs(
        &self,
        start: &BytesStart,
        offset: usize,
    ) -> Result<Vec<(String, String)>, MemoryError> {
        let mut out = Vec::new();
        for a in start.attributes() {
            let a = a.map_err(|e| MemoryError::Xml {
                at: self.at(offset),
                message: e.to_string(),
            })?;
            let value = a.unescape_value().map_err(|e| MemoryError::Xml {
                at: self.at(offset),
                message: e.to_string(),
            })?;
            out.push((
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(out)
    }

    fn skip(&mut self, start: &BytesStart, offset: usize) -> Result<(), MemoryError> {
        let name = start.name().as_ref().to_vec();
        self.reader
            .read_to_end(quick_xml::name::QName(&name))
            .map_err(|e| MemoryError::Xml {
                at: self.at(offset.max(self.base + self.reader.error_position() as usize)),
                message: e.to_string(),
            })?;
        Ok(())
    }

    fn document(&mut self) -> Result<(), MemoryError> {
        let (off, e) = loop {
            let (off, e) = self.next()?;
            if !is_blank(&e) {
                break (off, e);
            }
        };
        match &e {
            Event::Start(s) if s.name().as_ref() == b"tmx" => {}
            _ => {
                return Err(self.structure(
                    off,
                    format!("expected root element `<tmx>`, found {}", describe(&e)),
                ))
            }
        }
        loop {
            let (off, e) = self.next()?;
            match e {
                Event::Empty(s) if s.name().as_ref() == b"header" => self.header(&s, off)?,
                Event::Start(s) if s.name().as_ref() == b"header" => {
                    self.header(&s, off)?;
                    self.skip(&s, off)?;
                }
                Event::Start(s) if s.name().as_ref() == b"body" => {
                    if self.stop_at_body {
                        self.body_at = Some(self.pos());
                        return Ok(());
                    }
                    self.body()?;
                }
                Event::Empty(s) if s.name().as_ref() == b"body" => {}
                Event::End(_) => return Ok(()),
                Event::Eof => {
                    return Err(
                        self.structure(off, "unexpected end of file (expected `</tmx>`)".into())
                    )
                }
                Event::Start(s) => self.skip(&s, off)?,
                _ => {}
            }
        }
    }

    fn header(&mut self, s: &BytesStart, off: usize) -> Result<(), MemoryError> {
        let attrs = self.attrs(s, off)?;
        self.doc.srclang = attrs.into_iter().find(|a| a.0 == "srclang").map(|a| a.1);
        Ok(())
    }

    fn body(&mut self) -> Result<(), MemoryError> {
        loop {
            let (off, e) = self.next()?;
            match e {
                Event::Start(s) if s.name().as_ref() == b"tu" => {
                    let tu = self.tu(&s, off)?;
                    self.doc.tus.push(tu);
                }
                Event::End(_) => return Ok(()),
                Event::Eof => {
                    return Err(
                        self.structure(off, "unexpected end of file (expected `</body>`)".into())
                    )
                }
                Event::Start(s) => self.skip(&s, off)?,
                ref other if is_blank(other) => {}
                Event::Empty(_) => {}
                other => {
                    return Err(self.structure(
                        off,
                        format!("expected `<tu>` in `<body>`, found {}", describe(&other)),
                    ))
                }
            }
        }
    }

    /// A part of the body cut at `<tu>` boundaries: TUs up to the end of the part.
    fn body_part(&mut self) -> Result<(), MemoryError> {
        loop {
            let (off, e) = self.next()?;
            match e {
                Event::Start(s) if s.name().as_ref() == b"tu" => {
                    let tu = self.tu(&s, off)?;
                    self.doc.tus.push(tu);
                }
                Event::Eof => return Ok(()),
                Event::Start(s) => self.skip(&s, off)?,
                ref other if is_blank(other) => {}
                Event::Empty(_) => {}
                other => {
                    return Err(self.structure(
                        off,
                        format!("expected `<tu>` in `<body>`, found {}", describe(&other)),
                    ))
                }
            }
        }
    }

    fn text_of(&mut self, name: &str) -> Result<String, MemoryError> {
        let mut out = String::new();
        loop {
            let (o, e) = self.next()?;
            match e {
                Event::End(_) => return Ok(out),
                Event::Eof => {
                    return Err(
                        self.structure(o, format!("unexpected end of file (expected `</{name}>`)"))
                    )
                }
                Event::Start(s) => self.skip(&s, o)?,
                other => self.push_text(&mut out, &other, o)?,
            }
        }
    }

    /// The content of an inline code: its text (with the text of any `<sub>` inside), and,
    /// when it holds elements, its inner XML exactly as written.
    fn code_content(&mut self, name: &str) -> Result<(String, Option<String>), MemoryError> {
        let inner = self.pos();
        let mut out = String::new();
        let mut depth = 0usize;
        let mut nested = false;
        loop {
            let (o, e) = self.next()?;
            match e {
                Event::Start(_) => {
                    depth += 1;
                    nested = true;
                }
                Event::Empty(_) => nested = true,
                Event::End(_) if depth == 0 => {
                    return Ok((out, nested.then(|| self.text[inner..o].to_string())))
                }
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    return Err(
                        self.structure(o, format!("unexpected end of file (expected `</{name}>`)"))
                    )
                }
                other => self.push_text(&mut out, &other, o)?,
            }
        }
    }

    /// Appends a text, CDATA or entity event to `out`.
    fn push_text(&self, out: &mut String, e: &Event, off: usize) -> Result<(), MemoryError> {
        let bad = |m: String| MemoryError::Xml {
            at: self.at(off),
            message: m,
        };
        match e {
            Event::Text(t) => out.push_str(&t.xml10_content().map_err(|e| bad(e.to_string()))?),
            Event::CData(t) => out.push_str(&t.xml10_content().map_err(|e| bad(e.to_string()))?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    out.push(c);
                } else {
                    let name = r.decode().map_err(|e| bad(e.to_string()))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => out.push_str(s),
                        None => {
                            return Err(bad(format!(
                                "unknown entity `&{name};` (expected one of &amp; &lt; &gt; &quot; &apos; or a character reference)"
                            )))
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn tu(&mut self, s: &BytesStart, off: usize) -> Result<Tu, MemoryError> {
        let mut tu = Tu {
            line: self.lines.line_at(self.text.as_bytes(), off),
            ..Tu::default()
        };
        let mut info = TuInfo::default();
        for (k, v) in self.attrs(s, off)? {
            match k.as_str() {
                "tuid" => info.id = Some(v),
                "srclang" => info.srclang = Some(v),
                _ => {
                    if let Some((k, v)) = set_date(&mut info.dates, k, v) {
                        info.attrs.push((k, v));
                    }
                }
            }
        }
        let mut saw_tuv = false;
        loop {
            let (o, e) = self.next()?;
            match e {
                Event::Start(c) if c.name().as_ref() == b"tuv" => {
                    saw_tuv = true;
                    let (tag, lang, v) = self.tuv(&c, o)?;
                    match lang.filter(|l| !tu.variants.contains_key(l)) {
                        Some(lang) => {
                            tu.variants.insert(lang, v);
                        }
                        None => {
                            self.doc.skipped_variants += 1;
                            info.others.push(OtherVariant { tag, variant: v });
                        }
                    }
                }
                Event::Start(c) if c.name().as_ref() == b"prop" => {
                    let (kind, attrs) = split_type(self.attrs(&c, o)?);
                    let value = self.text_of("prop")?;
                    if !attrs.is_empty() {
                        info.prop_attrs.push((info.props.len(), attrs));
                    }
                    info.props.push(Prop { kind, value });
                }
                Event::Start(c) if c.name().as_ref() == b"note" => {
                    let attrs = self.attrs(&c, o)?;
                    let n = self.text_of("note")?;
                    if !attrs.is_empty() {
                        info.note_attrs.push((info.notes.len(), attrs));
                    }
                    info.notes.push(n);
                }
                Event::End(_) => break,
                Event::Eof => {
                    return Err(
                        self.structure(o, "unexpected end of file (expected `</tu>`)".into())
                    )
                }
                Event::Start(c) => self.skip(&c, o)?,
                _ => {}
            }
        }
        if info != TuInfo::default() {
            tu.info = Some(Box::new(info));
        }
        if !saw_tuv {
            return Err(self.structure(off, "`<tu>` has no `<tuv>` (expected at least one)".into()));
        }
        Ok(tu)
    }

    /// A `<tuv>`: its `xml:lang` as written, the project language it belongs to (if any), and
    /// the variant.
    fn tuv(
        &mut self,
        s: &BytesStart,
        off: usize,
    ) -> Result<(String, Option<Lang>, Variant), MemoryError> {
        let mut v = Variant::default();
        let mut info = VariantInfo::default();
        for (k, val) in self.attrs(s, off)? {
            match k.as_str() {
                "xml:lang" | "lang" => info.lang_tag = val,
                _ => {
                    if let Some((k, v)) = set_date(&mut info.dates, k, val) {
                        info.attrs.push((k, v));
                    }
                }
            }
        }
        if info.lang_tag.is_empty() {
            return Err(self.structure(
                off,
                "`<tuv>` has no `xml:lang` (expected e.g. `xml:lang=\"en-US\"`)".into(),
            ));
        }
        let mut seg = None;
        loop {
            let (o, e) = self.next()?;
            match e {
                Event::Start(c) if c.name().as_ref() == b"seg" => seg = Some(self.seg()?),
                Event::Empty(c) if c.name().as_ref() == b"seg" => {
                    seg = Some((String::new(), Vec::new()))
                }
                Event::Start(c) if c.name().as_ref() == b"prop" => {
                    let (kind, attrs) = split_type(self.attrs(&c, o)?);
                    let value = self.text_of("prop")?;
                    match kind.as_str() {
                        "x-context-prev" if attrs.is_empty() => info.context_prev = Some(value),
                        "x-context-next" if attrs.is_empty() => info.context_next = Some(value),
                        _ => {
                            if !attrs.is_empty() {
                                info.prop_attrs.push((info.props.len(), attrs));
                            }
                            info.props.push(Prop { kind, value })
                        }
                    }
                }
                Event::Start(c) if c.name().as_ref() == b"note" => {
                    let attrs = self.attrs(&c, o)?;
                    let n = self.text_of("note")?;
                    if !attrs.is_empty() {
                        info.note_attrs.push((info.notes.len(), attrs));
                    }
                    info.notes.push(n);
                }
                Event::End(_) => break,
                Event::Eof => {
                    return Err(
                        self.structure(o, "unexpected end of file (expected `</tuv>`)".into())
                    )
                }
                Event::Start(c) => self.skip(&c, o)?,
                _ => {}
            }
        }
        let Some((text, codes)) = seg else {
            return Err(self.structure(
                off,
                "`<tuv>` has no `<seg>` (expected one after its props and notes)".into(),
            ));
        };
        v.text = text;
        v.codes = codes;
        let tag = info.lang_tag.clone();
        let lang = Lang::from_tag(&tag);
        if lang.is_some_and(|l| info.lang_tag == l.code()) {
            info.lang_tag.clear();
        }
        if info != VariantInfo::default() {
            v.info = Some(Box::new(info));
        }
        Ok((tag, lang, v))
    }

    fn seg(&mut self) -> Result<(String, Vec<InlineCode>), MemoryError> {
        let mut seg = SegBuilder::default();
        let mut hi_stack: Vec<u32> = Vec::new();
        let mut pending = String::new();
        loop {
            let (o, e) = self.next()?;
            let (start, empty) = match e {
                Event::Start(s) => (s, false),
                Event::Empty(s) => (s, true),
                Event::End(ref end) => {
                    seg.text(&pending);
                    pending.clear();
                    if end.name().as_ref() == b"hi" {
                        if let Some(id) = hi_stack.pop() {
                            seg.push(
                                id,
                                CodeRole::Close,
                                InlineElement::Hi,
                                Vec::new(),
                                String::new(),
                            );
                        }
                        continue;
                    }
                    return Ok((seg.out, seg.codes));
                }
                Event::Eof => {
                    return Err(
                        self.structure(o, "unexpected end of file (expected `</seg>`)".into())
                    )
                }
                other => {
                    self.push_text(&mut pending, &other, o)?;
                    continue;
                }
            };
            seg.text(&pending);
            pending.clear();
            let attrs = self.attrs(&start, o)?;
            let attr = |k: &str| {
                attrs
                    .iter()
                    .find(|a| a.0 == k)
                    .and_then(|a| a.1.parse::<u32>().ok())
            };
            let name = start.name().as_ref().to_vec();
            let (element, role) = match name.as_slice() {
                b"bpt" => (InlineElement::Bpt, CodeRole::Open),
                b"ept" => (InlineElement::Ept, CodeRole::Close),
                b"ph" => (InlineElement::Ph, CodeRole::Standalone),
                b"it" => (InlineElement::It, CodeRole::Standalone),
                b"ut" => (InlineElement::Ut, CodeRole::Standalone),
                b"hi" => {
                    let id = seg.alloc(attr("x"));
                    seg.push(id, CodeRole::Open, InlineElement::Hi, attrs, String::new());
                    if empty {
                        seg.push(id, CodeRole::Close, InlineElement::Hi, Vec::new(), String::new());
                    } else {
                        hi_stack.push(id);
                    }
                    continue;
                }
                _ => {
                    return Err(self.structure(
                        o,
                        format!(
                            "unexpected `<{}>` in `<seg>` (expected text or one of <bpt> <ept> <ph> <it> <ut> <hi>)",
                            String::from_utf8_lossy(&name)
                        ),
                    ))
                }
            };
            let (content, xml) = if empty {
                (String::new(), None)
            } else {
                self.code_content(&String::from_utf8_lossy(&name))?
            };
            let id = match element {
                InlineElement::Bpt => {
                    let id = seg.alloc(attr("i"));
                    if let Some(i) = attr("i") {
                        seg.open_pairs.insert(i, id);
                    }
                    id
                }
                InlineElement::Ept => match attr("i").and_then(|i| seg.open_pairs.remove(&i)) {
                    Some(id) => id,
                    None => seg.alloc(attr("i")),
                },
                _ => seg.alloc(attr("x")),
            };
            seg.push(id, role, element, attrs, content);
            if xml.is_some() {
                if let Some(last) = seg.codes.last_mut() {
                    last.xml = xml;
                }
            }
        }
    }
}

/// Stores a date attribute in `d`; gives back any other attribute.
fn set_date(d: &mut Dates, key: String, value: String) -> Option<(String, String)> {
    match key.as_str() {
        "creationdate" => d.created = Some(value),
        "creationid" => d.created_by = Some(value),
        "changedate" => d.changed = Some(value),
        "changeid" => d.changed_by = Some(value),
        _ => return Some((key, value)),
    }
    None
}

/// Builds a variant's text and codes while reading a `<seg>`.
#[derive(Default)]
struct SegBuilder {
    out: String,
    codes: Vec<InlineCode>,
    used: std::collections::BTreeSet<u32>,
    open_pairs: HashMap<u32, u32>,
}

impl SegBuilder {
    /// A placeholder number: the preferred one (the code's `i` or `x`) when free, else the
    /// next unused one. Deterministic, so reading our own output gives the same numbers.
    fn alloc(&mut self, preferred: Option<u32>) -> u32 {
        let id = match preferred {
            Some(p) if p > 0 && !self.used.contains(&p) => p,
            _ => self.used.iter().next_back().map_or(1, |m| m + 1),
        };
        self.used.insert(id);
        id
    }

    fn push(
        &mut self,
        id: u32,
        role: CodeRole,
        element: InlineElement,
        attrs: Vec<(String, String)>,
        content: String,
    ) {
        self.out.push_str(&placeholder_token(id, role));
        self.codes.push(InlineCode {
            id,
            role,
            element,
            attrs,
            content,
            xml: None,
        });
    }

    /// Appends plain text, turning anything that looks like a placeholder into a literal code.
    fn text(&mut self, text: &str) {
        let mut at = 0;
        for (range, _, _) in scan_placeholders(text) {
            self.out.push_str(&text[at..range.start]);
            let id = self.alloc(None);
            self.push(
                id,
                CodeRole::Standalone,
                InlineElement::Literal,
                Vec::new(),
                text[range.clone()].to_string(),
            );
            at = range.end;
        }
        self.out.push_str(&text[at..]);
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

fn check_chars(text: &str, tu: &Tu, index: usize, lang: &str) -> Result<(), MemoryError> {
    if let Some(c) = text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        return Err(MemoryError::InvalidChar {
            tu: tu
                .info()
                .id
                .clone()
                .unwrap_or_else(|| format!("#{}", index + 1)),
            lang: lang.to_string(),
            code: u32::from(c),
        });
    }
    Ok(())
}

/// Escapes text content; `\r` becomes a character reference so it survives XML's line-end
/// normalization.
fn esc(out: &mut String, s: &str) {
    // Segment text was checked for characters XML cannot carry before writing began; in notes,
    // props and attributes such a character becomes U+FFFD rather than an unreadable file.
    crate::xml::escape_text(out, s, |o, _| o.push('\u{FFFD}'));
}

/// Escapes an attribute value (also quotes and whitespace that attribute normalization eats).
fn esc_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            _ => esc(out, c.encode_utf8(&mut [0; 4])),
        }
    }
}

fn write_attr(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        let _ = write!(out, " {key}=\"");
        esc_attr(out, v);
        out.push('"');
    }
}

fn write_dates(out: &mut String, d: &Dates) {
    // DTD attribute order: creationdate creationid changedate changeid.
    write_attr(out, "creationdate", d.created.as_deref());
    write_attr(out, "creationid", d.created_by.as_deref());
    write_attr(out, "changedate", d.changed.as_deref());
    write_attr(out, "changeid", d.changed_by.as_deref());
}

fn write_prop(out: &mut String, indent: &str, kind: &str, value: &str, attrs: &[(String, String)]) {
    let _ = write!(out, "{indent}<prop type=\"");
    esc_attr(out, kind);
    out.push('"');
    dtd::write_declared(out, "prop", attrs, &["type"]);
    out.push('>');
    esc(out, value);
    out.push_str("</prop>\n");
}

fn write_note(out: &mut String, indent: &str, note: &str, attrs: &[(String, String)]) {
    let _ = write!(out, "{indent}<note");
    dtd::write_declared(out, "note", attrs, &[]);
    out.push('>');
    esc(out, note);
    out.push_str("</note>\n");
}

/// The extra attributes recorded for item `i` of a list (`prop_attrs`, `note_attrs`).
fn attrs_of(table: &[(usize, Vec<(String, String)>)], i: usize) -> &[(String, String)] {
    table
        .iter()
        .find(|e| e.0 == i)
        .map_or(&[][..], |e| e.1.as_slice())
}

fn write_notes_props(
    out: &mut String,
    indent: &str,
    notes: &[String],
    note_attrs: &[(usize, Vec<(String, String)>)],
    props: &[Prop],
    prop_attrs: &[(usize, Vec<(String, String)>)],
    context: [Option<&String>; 2],
) {
    for (i, note) in notes.iter().enumerate() {
        write_note(out, indent, note, attrs_of(note_attrs, i));
    }
    for (kind, value) in ["x-context-prev", "x-context-next"]
        .into_iter()
        .zip(context)
    {
        if let Some(v) = value {
            write_prop(out, indent, kind, v, &[]);
        }
    }
    for (i, p) in props.iter().enumerate() {
        write_prop(out, indent, &p.kind, &p.value, attrs_of(prop_attrs, i));
    }
}

fn write_seg(out: &mut String, v: &Variant) {
    let tokens = scan_placeholders(&v.text);
    let code_of = |id: u32, role: CodeRole| v.codes.iter().find(|c| c.id == id && c.role == role);
    // `<hi>` is written as an element around its text, so only pairs that nest properly in
    // this text can be; any other `<hi>` token becomes a `<bpt>`/`<ept>` (a well-formed,
    // valid file whatever the text did to its codes).
    let is_hi = |id, role| code_of(id, role).is_some_and(|c| c.element == InlineElement::Hi);
    let mut hi_ok = vec![false; tokens.len()];
    let mut open: Vec<(usize, u32)> = Vec::new();
    for (k, &(_, id, role)) in tokens.iter().enumerate() {
        if !is_hi(id, role) {
            continue;
        }
        match role {
            CodeRole::Open => open.push((k, id)),
            CodeRole::Close => {
                if open.last().is_some_and(|&(_, o)| o == id) {
                    let (o, _) = open.pop().unwrap_or_default();
                    hi_ok[o] = true;
                    hi_ok[k] = true;
                }
            }
            CodeRole::Standalone => {}
        }
    }
    let mut at = 0;
    for (k, (range, id, role)) in tokens.iter().cloned().enumerate() {
        esc(out, &v.text[at..range.start]);
        at = range.end;
        let code = code_of(id, role);
        let by_role = match role {
            CodeRole::Open => InlineElement::Bpt,
            CodeRole::Close => InlineElement::Ept,
            CodeRole::Standalone => InlineElement::Ph,
        };
        let (element, attrs, content) = match code {
            Some(c) => (c.element, c.attrs.as_slice(), c.content.as_str()),
            None => (by_role, &[][..], ""),
        };
        let name = match element {
            InlineElement::Bpt | InlineElement::Ept => by_role_name(by_role),
            InlineElement::Ph => "ph",
            InlineElement::It => "it",
            InlineElement::Ut => "ut",
            InlineElement::Hi if hi_ok[k] => {
                if role == CodeRole::Close {
                    out.push_str("</hi>");
                } else {
                    out.push_str("<hi");
                    dtd::write_declared(out, "hi", attrs, &[]);
                    out.push('>');
                }
                continue;
            }
            InlineElement::Hi => by_role_name(by_role),
            InlineElement::Literal => {
                esc(out, content);
                continue;
            }
        };
        let _ = write!(out, "<{name}");
        // Required attributes: a pair's `i` (the partner's when this half lacks one, else the
        // placeholder number), an `<it>`'s `pos`.
        let mut fixed: Vec<(&str, String)> = Vec::new();
        match name {
            "bpt" | "ept" => {
                let own = attrs.iter().find(|(k, _)| k == "i").map(|(_, v)| v.clone());
                let partner = || {
                    let other = if role == CodeRole::Close {
                        CodeRole::Open
                    } else {
                        CodeRole::Close
                    };
                    code_of(id, other)
                        .and_then(|c| c.attrs.iter().find(|(k, _)| k == "i"))
                        .map(|(_, v)| v.clone())
                };
                let i = own.or_else(partner).unwrap_or_else(|| id.to_string());
                fixed.push(("i", i));
            }
            "it" => {
                let pos = attrs
                    .iter()
                    .find(|(k, v)| k == "pos" && (v == "begin" || v == "end"))
                    .map_or(
                        if role == CodeRole::Close {
                            "end"
                        } else {
                            "begin"
                        },
                        |(_, v)| v.as_str(),
                    );
                fixed.push(("pos", pos.to_string()));
            }
            _ => {}
        }
        for (k, val) in &fixed {
            write_attr(out, k, Some(val));
        }
        let skip: Vec<&str> = fixed.iter().map(|(k, _)| *k).collect();
        dtd::write_declared(out, name, attrs, &skip);
        out.push('>');
        match code.and_then(|c| c.xml.as_deref()) {
            // The inner XML as read (a `<sub>` inside the code), when it is valid TMX there;
            // otherwise its text.
            Some(xml) if dtd::inner_is_valid(xml) => out.push_str(xml),
            _ => esc(out, content),
        }
        let _ = write!(out, "</{name}>");
    }
    esc(out, &v.text[at..]);
}

fn by_role_name(e: InlineElement) -> &'static str {
    match e {
        InlineElement::Bpt => "bpt",
        InlineElement::Ept => "ept",
        _ => "ph",
    }
}

/// Attributes as the TMX 1.4b DTD declares them, so that every file polypress writes is valid
/// against it whatever the file it read held: undeclared attributes of `<tu>` and `<tuv>` are
/// kept as `<prop type="x-attribute:NAME">`, others (of notes, props and inline codes, which
/// have no place for them) are left out, as are enumerated values the DTD does not allow.
mod dtd {
    use super::write_attr;

    const SEGTYPES: &[&str] = &["block", "paragraph", "sentence", "phrase"];

    /// Whether `element` declares attribute `name`, and `value` fits its type.
    pub(super) fn declared(element: &str, name: &str, value: &str) -> bool {
        let names: &[&str] = match element {
            "tu" => &[
                "tuid",
                "o-encoding",
                "datatype",
                "usagecount",
                "lastusagedate",
                "creationtool",
                "creationtoolversion",
                "creationdate",
                "creationid",
                "changedate",
                "segtype",
                "changeid",
                "o-tmf",
                "srclang",
            ],
            "tuv" => &[
                "xml:lang",
                "o-encoding",
                "datatype",
                "usagecount",
                "lastusagedate",
                "creationtool",
                "creationtoolversion",
                "creationdate",
                "creationid",
                "changedate",
                "o-tmf",
                "changeid",
                "lang",
            ],
            "note" => &["o-encoding", "xml:lang", "lang"],
            "prop" => &["type", "xml:lang", "o-encoding", "lang"],
            "bpt" => &["i", "x", "type"],
            "ept" => &["i"],
            "sub" => &["datatype", "type"],
            "it" => &["pos", "x", "type"],
            "ph" => &["x", "assoc", "type"],
            "hi" => &["x", "type"],
            "ut" => &["x"],
            _ => &[],
        };
        names.contains(&name)
            && match name {
                "segtype" => SEGTYPES.contains(&value),
                "pos" => value == "begin" || value == "end",
                _ => true,
            }
    }

    /// Writes the declared attributes of `attrs` not named in `done` (and each name once);
    /// returns the others.
    pub(super) fn write_declared<'a>(
        out: &mut String,
        element: &str,
        attrs: &'a [(String, String)],
        done: &[&str],
    ) -> Vec<&'a (String, String)> {
        let mut seen: Vec<&str> = done.to_vec();
        let mut rest = Vec::new();
        for a in attrs {
            let (k, v) = (a.0.as_str(), a.1.as_str());
            if seen.contains(&k) {
                continue;
            }
            seen.push(k);
            if declared(element, k, v) {
                write_attr(out, k, Some(v));
            } else {
                rest.push(a);
            }
        }
        rest
    }

    /// Whether `xml`, the inner XML of a `<bpt>`, `<ept>`, `<it>`, `<ph>` or `<ut>`, is valid
    /// content there: text and `<sub>` elements, whose own content is text and inline codes
    /// with their required attributes, and no entity but the five predefined ones.
    pub(super) fn inner_is_valid(xml: &str) -> bool {
        use quick_xml::events::{BytesStart, Event};
        let mut reader = quick_xml::Reader::from_str(xml);
        // The element each open element is, from the code itself (`None`) down.
        let mut stack: Vec<String> = Vec::new();
        let allowed = |parent: Option<&String>, child: &str| match parent.map(String::as_str) {
            None | Some("bpt" | "ept" | "it" | "ph" | "ut") => child == "sub",
            Some("sub" | "hi") => matches!(child, "bpt" | "ept" | "it" | "ph" | "hi" | "ut"),
            _ => false,
        };
        let element_ok = |e: &BytesStart, parent: Option<&String>| -> Option<String> {
            let name = std::str::from_utf8(e.name().as_ref()).ok()?.to_string();
            if !allowed(parent, &name) {
                return None;
            }
            let mut names = Vec::new();
            for a in e.attributes() {
                let a = a.ok()?;
                let k = std::str::from_utf8(a.key.as_ref()).ok()?.to_string();
                let v = a.unescape_value().ok()?;
                if !declared(&name, &k, &v) {
                    return None;
                }
                names.push(k);
            }
            let required: &[&str] = match name.as_str() {
                "bpt" | "ept" => &["i"],
                "it" => &["pos"],
                _ => &[],
            };
            required
                .iter()
                .all(|r| names.iter().any(|n| n == r))
                .then_some(name)
        };
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => match element_ok(&e, stack.last()) {
                    Some(name) => stack.push(name),
                    None => return false,
                },
                Ok(Event::Empty(e)) => {
                    if element_ok(&e, stack.last()).is_none() {
                        return false;
                    }
                }
                Ok(Event::End(_)) => {
                    if stack.pop().is_none() {
                        return false;
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    let ok = match r.resolve_char_ref() {
                        Ok(Some(c)) => crate::xml::is_xml_char(c),
                        Ok(None) => r.decode().is_ok_and(|n| {
                            matches!(n.as_ref(), "amp" | "lt" | "gt" | "quot" | "apos")
                        }),
                        Err(_) => false,
                    };
                    if !ok {
                        return false;
                    }
                }
                Ok(Event::Text(t)) => {
                    if t.xml10_content().is_err() {
                        return false;
                    }
                }
                Ok(Event::CData(_) | Event::Comment(_)) => {}
                Ok(Event::Eof) => return stack.is_empty(),
                Ok(Event::Decl(_) | Event::PI(_) | Event::DocType(_)) | Err(_) => return false,
            }
        }
    }
}

/// Attributes of `<tu>` and `<tuv>` written from their own fields, before the others.
const TU_WRITTEN: [&str; 6] = [
    "tuid",
    "creationdate",
    "creationid",
    "changedate",
    "changeid",
    "srclang",
];
const TUV_WRITTEN: [&str; 5] = [
    "xml:lang",
    "creationdate",
    "creationid",
    "changedate",
    "changeid",
];

/// Attributes the DTD does not declare on `<tu>`/`<tuv>` (another tool's `x-…`, a namespaced
/// one, a `segtype` it does not list), kept as props.
fn write_undeclared(out: &mut String, indent: &str, attrs: &[&(String, String)]) {
    for (k, v) in attrs {
        write_prop(out, indent, &format!("x-attribute:{k}"), v, &[]);
    }
}

fn write_tuv(
    out: &mut String,
    tu: &Tu,
    index: usize,
    tag: &str,
    v: &Variant,
) -> Result<(), MemoryError> {
    let vi = v.info();
    for text in [
        Some(&v.text),
        vi.context_prev.as_ref(),
        vi.context_next.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        check_chars(text, tu, index, tag)?;
    }
    out.push_str("      <tuv");
    write_attr(out, "xml:lang", Some(tag));
    write_dates(out, &vi.dates);
    let undeclared = dtd::write_declared(out, "tuv", &vi.attrs, &TUV_WRITTEN);
    out.push_str(">\n");
    write_notes_props(
        out,
        "        ",
        &vi.notes,
        &vi.note_attrs,
        &vi.props,
        &vi.prop_attrs,
        [vi.context_prev.as_ref(), vi.context_next.as_ref()],
    );
    write_undeclared(out, "        ", &undeclared);
    out.push_str("        <seg>");
    write_seg(out, v);
    out.push_str("</seg>\n      </tuv>\n");
    Ok(())
}

/// Whether a variant tagged `tag` is written when exporting `langs`: its language is one of
/// them, or — when `langs` is every project language — any language at all.
pub fn keeps_tag(tag: &str, langs: &[Lang]) -> bool {
    match Lang::from_tag(tag) {
        Some(l) => langs.contains(&l),
        None => Lang::ALL.iter().all(|l| langs.contains(l)),
    }
}

/// Writes `tus` as a TMX 1.4b document, keeping only the variants in `langs` (and skipping TUs
/// left with none). Variants in languages polypress does not publish in are written when
/// `langs` holds all of en, tr and ru (the whole memory), and left out otherwise.
///
/// # Errors
/// [`MemoryError::InvalidChar`] when a text holds a character XML 1.0 cannot carry.
pub fn write<'a>(
    tus: impl IntoIterator<Item = &'a Tu>,
    langs: &[Lang],
) -> Result<String, MemoryError> {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        out,
        "  <header creationtool=\"polypress\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"polypress\" adminlang=\"en\" srclang=\"*all*\" datatype=\"plaintext\"/>",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("  <body>\n");
    for (index, tu) in tus.into_iter().enumerate() {
        let info = tu.info();
        let variants: Vec<(&str, &Variant)> = tu
            .variants
            .iter()
            .filter(|(l, _)| langs.contains(l))
            .map(|(l, v)| {
                let tag = v.info().lang_tag.as_str();
                (if tag.is_empty() { l.code() } else { tag }, v)
            })
            .chain(
                info.others
                    .iter()
                    .filter(|o| keeps_tag(&o.tag, langs))
                    .map(|o| (o.tag.as_str(), &o.variant)),
            )
            .collect();
        if variants.is_empty() {
            continue;
        }
        out.push_str("    <tu");
        // DTD attribute order: tuid … creationdate creationid changedate … changeid … srclang.
        write_attr(&mut out, "tuid", info.id.as_deref());
        write_dates(&mut out, &info.dates);
        write_attr(&mut out, "srclang", info.srclang.as_deref());
        let undeclared = dtd::write_declared(&mut out, "tu", &info.attrs, &TU_WRITTEN);
        out.push_str(">\n");
        write_notes_props(
            &mut out,
            "      ",
            &info.notes,
            &info.note_attrs,
            &info.props,
            &info.prop_attrs,
            [None, None],
        );
        write_undeclared(&mut out, "      ", &undeclared);
        for (tag, v) in variants {
            write_tuv(&mut out, tu, index, tag, v)?;
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    Ok(out)
}
