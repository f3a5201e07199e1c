//! TMX 1.4b ↔ [`Tu`]s: reads the files other tools write and writes our own.
//!
//! Reading accepts UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM (Trados, memoQ),
//! `xml:lang` in any case or region (`EN-GB` → en; TMX 1.1's `lang` too), `srclang="*all*"`,
//! TU- and variant-level `<prop>`/`<note>` and dates. Inline codes become placeholders
//! (`<bpt i="1">` → `{1}`, `<ept i="1">` → `{/1}`, `<ph>`/`<it>`/`<ut>` → `{n/}`, `<hi>` → a
//! `{n}`…`{/n}` pair) with their element, attributes and content kept in [`InlineCode`], so
//! they are written back as they came. Text that merely looks like a placeholder (`{0}` in a
//! software string) is kept as a [`InlineElement::Literal`] code, so it cannot be confused with
//! one. Variants in other languages are counted and skipped.
//!
//! Writing produces TMX valid against the TMX 1.4 DTD, deterministically: TUs in the given
//! order, variants in language order, attributes in DTD order, no timestamps except dates that
//! are data, LF line ends.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{
    Dates, InlineCode, InlineElement, MemoryError, Prop, Tu, TuInfo, Variant, VariantInfo,
};
use crate::error::Location;
use crate::model::{placeholder_token, scan_placeholders, CodeRole, Lang};

/// A parsed TMX file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxDocument {
    /// The header's `srclang` (`en-US`, `*all*`).
    pub srclang: Option<String>,
    /// The TUs in document order.
    pub tus: Vec<Tu>,
    /// Variants skipped because their language is not en, tr or ru.
    pub skipped_variants: usize,
}

/// Decodes TMX bytes: UTF-16 by byte-order mark, otherwise UTF-8 (BOM optional).
///
/// # Errors
/// [`MemoryError::Encoding`] at the first invalid byte.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, MemoryError> {
    let utf16 = |le: bool| -> Result<String, MemoryError> {
        let units: Vec<u16> = bytes[2..]
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
        String::from_utf16(&units).map_err(|_| {
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
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(s) => Ok(s.to_string()),
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

/// Parses a TMX file's bytes; `path` (relative to the memory root) is used in errors.
///
/// # Errors
/// Bad encoding, malformed XML, or a structure that is not TMX (no `<tmx>` root, a `<tuv>`
/// without `xml:lang` or `<seg>`), each with file:line:column and what was expected.
pub fn parse(bytes: &[u8], path: &Path) -> Result<TmxDocument, MemoryError> {
    let text = decode(bytes, path)?;
    let mut parser = Parser {
        reader: Reader::from_str(&text),
        text: &text,
        path,
        doc: TmxDocument::default(),
    };
    parser.document()?;
    Ok(parser.doc)
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    path: &'a Path,
    doc: TmxDocument,
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

impl<'a> Parser<'a> {
    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.path, self.text, offset)
    }

    /// The next event and the byte offset where it starts.
    fn next(&mut self) -> Result<(usize, Event<'a>), MemoryError> {
        let start = self.reader.buffer_position() as usize;
        match self.reader.read_event() {
            Ok(e) => Ok((start, e)),
            Err(e) => Err(MemoryError::Xml {
                at: self.at(self.reader.error_position() as usize),
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
                at: self.at(offset.max(self.reader.error_position() as usize)),
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
                Event::Start(s) if s.name().as_ref() == b"body" => self.body()?,
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
                    if !tu.variants.is_empty() {
                        self.doc.tus.push(tu);
                    }
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
            line: self.at(off).line,
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
                    if let Some((lang, v)) = self.tuv(&c, o)? {
                        tu.variants.insert(lang, v);
                    }
                }
                Event::Start(c) if c.name().as_ref() == b"prop" => {
                    let kind = prop_type(&self.attrs(&c, o)?);
                    let value = self.text_of("prop")?;
                    info.props.push(Prop { kind, value });
                }
                Event::Start(c) if c.name().as_ref() == b"note" => {
                    let n = self.text_of("note")?;
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

    fn tuv(&mut self, s: &BytesStart, off: usize) -> Result<Option<(Lang, Variant)>, MemoryError> {
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
                    let kind = prop_type(&self.attrs(&c, o)?);
                    let value = self.text_of("prop")?;
                    match kind.as_str() {
                        "x-context-prev" => info.context_prev = Some(value),
                        "x-context-next" => info.context_next = Some(value),
                        _ => info.props.push(Prop { kind, value }),
                    }
                }
                Event::Start(c) if c.name().as_ref() == b"note" => {
                    let n = self.text_of("note")?;
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
        match Lang::from_tag(&info.lang_tag) {
            Some(lang) => {
                if info.lang_tag == lang.code() {
                    info.lang_tag.clear();
                }
                if info != VariantInfo::default() {
                    v.info = Some(Box::new(info));
                }
                Ok(Some((lang, v)))
            }
            None => {
                self.doc.skipped_variants += 1;
                Ok(None)
            }
        }
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
            let content = if empty {
                String::new()
            } else {
                self.text_of(&String::from_utf8_lossy(&name))?
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
        }
    }
}

fn prop_type(attrs: &[(String, String)]) -> String {
    attrs
        .iter()
        .find(|a| a.0 == "type")
        .map(|a| a.1.clone())
        .unwrap_or_default()
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

fn check_chars(text: &str, tu: &Tu, index: usize, lang: Lang) -> Result<(), MemoryError> {
    if let Some(c) = text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        return Err(MemoryError::InvalidChar {
            tu: tu
                .info()
                .id
                .clone()
                .unwrap_or_else(|| format!("#{}", index + 1)),
            lang,
            code: u32::from(c),
        });
    }
    Ok(())
}

/// Escapes text content; `\r` becomes a character reference so it survives XML's line-end
/// normalization.
fn esc(out: &mut String, s: &str) {
    // Text was checked for characters XML cannot carry before writing began.
    crate::xml::escape_text(out, s, |o, c| o.push(c));
}

/// Escapes an attribute value (also quotes and whitespace that attribute normalization eats).
fn esc_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
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

fn write_prop(out: &mut String, indent: &str, kind: &str, value: &str) {
    let _ = write!(out, "{indent}<prop type=\"");
    esc_attr(out, kind);
    out.push_str("\">");
    esc(out, value);
    out.push_str("</prop>\n");
}

fn write_note(out: &mut String, indent: &str, note: &str) {
    let _ = write!(out, "{indent}<note>");
    esc(out, note);
    out.push_str("</note>\n");
}

fn write_seg(out: &mut String, v: &Variant) {
    let mut at = 0;
    for (range, id, role) in scan_placeholders(&v.text) {
        esc(out, &v.text[at..range.start]);
        at = range.end;
        let code = v.codes.iter().find(|c| c.id == id && c.role == role);
        let (element, attrs, content) = match code {
            Some(c) => (c.element, c.attrs.clone(), c.content.as_str()),
            None => {
                let (e, k) = match role {
                    CodeRole::Open => (InlineElement::Bpt, "i"),
                    CodeRole::Close => (InlineElement::Ept, "i"),
                    CodeRole::Standalone => (InlineElement::Ph, "x"),
                };
                (e, vec![(k.to_string(), id.to_string())], "")
            }
        };
        let name = match element {
            InlineElement::Bpt => "bpt",
            InlineElement::Ept => "ept",
            InlineElement::Ph => "ph",
            InlineElement::It => "it",
            InlineElement::Ut => "ut",
            InlineElement::Hi => {
                if role == CodeRole::Close {
                    out.push_str("</hi>");
                } else {
                    out.push_str("<hi");
                    for (k, val) in &attrs {
                        write_attr(out, k, Some(val));
                    }
                    out.push('>');
                }
                continue;
            }
            InlineElement::Literal => {
                esc(out, content);
                continue;
            }
        };
        let _ = write!(out, "<{name}");
        for (k, val) in &attrs {
            write_attr(out, k, Some(val));
        }
        out.push('>');
        esc(out, content);
        let _ = write!(out, "</{name}>");
    }
    esc(out, &v.text[at..]);
}

/// Writes `tus` as a TMX 1.4b document, keeping only the variants in `langs` (and skipping TUs
/// left with none).
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
        let variants: Vec<_> = tu
            .variants
            .iter()
            .filter(|(l, _)| langs.contains(l))
            .collect();
        if variants.is_empty() {
            continue;
        }
        out.push_str("    <tu");
        // DTD attribute order: tuid … creationdate creationid changedate … changeid … srclang.
        let info = tu.info();
        write_attr(&mut out, "tuid", info.id.as_deref());
        write_dates(&mut out, &info.dates);
        write_attr(&mut out, "srclang", info.srclang.as_deref());
        for (k, v) in &info.attrs {
            write_attr(&mut out, k, Some(v));
        }
        out.push_str(">\n");
        for note in &info.notes {
            write_note(&mut out, "      ", note);
        }
        for p in &info.props {
            write_prop(&mut out, "      ", &p.kind, &p.value);
        }
        for (lang, v) in variants {
            for text in [
                Some(&v.text),
                v.info().context_prev.as_ref(),
                v.info().context_next.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                check_chars(text, tu, index, *lang)?;
            }
            out.push_str("      <tuv");
            let vi = v.info();
            let tag = if vi.lang_tag.is_empty() {
                lang.code()
            } else {
                &vi.lang_tag
            };
            write_attr(&mut out, "xml:lang", Some(tag));
            write_dates(&mut out, &vi.dates);
            for (k, v) in &vi.attrs {
                write_attr(&mut out, k, Some(v));
            }
            out.push_str(">\n");
            for note in &vi.notes {
                write_note(&mut out, "        ", note);
            }
            if let Some(p) = &vi.context_prev {
                write_prop(&mut out, "        ", "x-context-prev", p);
            }
            if let Some(n) = &vi.context_next {
                write_prop(&mut out, "        ", "x-context-next", n);
            }
            for p in &vi.props {
                write_prop(&mut out, "        ", &p.kind, &p.value);
            }
            out.push_str("        <seg>");
            write_seg(&mut out, v);
            out.push_str("</seg>\n      </tuv>\n");
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    Ok(out)
}
