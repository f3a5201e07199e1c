//! XLIFF reader: XML → a small tree (quick-xml, namespaces resolved) → the file's header and
//! its units with placeholders restored. Reads what polypress writes and what CAT tools write
//! back: extra attributes, foreign namespaces, several segments per unit (XLIFF 2.0 §4.2.2.3:
//! a unit's text is its segments and ignorables in order), `<mrk>` annotations (kept as their
//! text) and the 1.2 native-code containers `<bpt>`/`<ept>`/`<ph>`/`<it>`.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{Unit, XliffError, NS_XLIFF12, NS_XLIFF2};

/// The XLIFF 1.1 namespace (translate-toolkit's `po2xliff` writes 1.1), read as 1.2.
const NS_XLIFF11: &str = "urn:oasis:names:tc:xliff:document:1.1";

/// The `state` values of XLIFF 1.2 §2.4.2 (besides `x-` extensions).
const STATES_1_2: [&str; 10] = [
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
];
use crate::draft::State;
use crate::error::Location;
use crate::model::{placeholder_token, CodeRole};

/// What an XLIFF file says about itself: enough to find its article and draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XliffInfo {
    /// `"2.0"` or `"1.2"`.
    pub version: String,
    /// `<file original>`.
    pub original: Option<String>,
    /// `<file id>` (XLIFF 2.0).
    pub file_id: Option<String>,
    /// `srcLang` / `source-language`.
    pub source_lang: Option<String>,
    /// `trgLang` / `target-language`.
    pub target_lang: Option<String>,
    /// Byte offset of the `<file>` element.
    pub offset: usize,
}

impl XliffInfo {
    /// The article slug the file names: from `original` (`sources/<slug>/<lang>.md`), else the
    /// file id.
    pub fn slug(&self) -> Option<String> {
        self.original
            .as_deref()
            .and_then(super::slug_of_original)
            .or_else(|| self.file_id.clone())
    }
}

pub(super) struct Doc {
    pub info: XliffInfo,
    pub units: Vec<Unit>,
}

#[derive(Debug)]
struct Elem {
    /// Bound to the XLIFF namespace of the document.
    core: bool,
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    offset: usize,
}

#[derive(Debug)]
enum Node {
    Elem(Elem),
    Text(String),
}

impl Elem {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Elem> {
        self.elems().find(|e| e.core && e.name == name)
    }
}

/// Reads the header of an XLIFF file without touching its units.
///
/// # Errors
/// Malformed XML, or a document that is not XLIFF 1.2 or 2.0 with one `<file>`.
pub fn inspect(text: &str, path: &Path) -> Result<XliffInfo, XliffError> {
    let root = tree(text, path)?;
    Ok(header(&root, text, path)?.0)
}

pub(super) fn read(text: &str, path: &Path) -> Result<Doc, XliffError> {
    let root = tree(text, path)?;
    let (info, file) = header(&root, text, path)?;
    let v2 = info.version == "2.0";
    let mut units = Vec::new();
    let mut stack = vec![file];
    // Units may sit inside `<group>` (2.0) or `<group>`/`<body>` (1.2); walk in document order.
    while let Some(e) = stack.pop() {
        for child in e.elems().collect::<Vec<_>>().into_iter().rev() {
            if !child.core {
                continue;
            }
            match child.name.as_str() {
                "unit" if v2 => units.push(unit2(child, path, text)?),
                "trans-unit" if !v2 => units.push(unit1(child, path, text)?),
                "group" | "body" => stack.push(child),
                _ => {}
            }
        }
    }
    units.sort_by_key(|u| u.offset);
    let mut seen = std::collections::BTreeMap::new();
    for u in &units {
        if let Some(first) = seen.insert(u.id.as_str(), u.offset) {
            return Err(XliffError::Format {
                at: Location::at_offset(path, text, u.offset),
                message: format!(
                    "unit id `{}` appears twice (first on line {}; expected each segment once)",
                    u.id,
                    Location::at_offset(path, text, first).line
                ),
            });
        }
    }
    Ok(Doc { info, units })
}

/// The file's header and its one `<file>` element, checked before any unit is read, so a
/// foreign file is named as such before any problem inside its units.
fn header<'e>(
    root: &'e Elem,
    text: &str,
    path: &Path,
) -> Result<(XliffInfo, &'e Elem), XliffError> {
    let at = |offset: usize| Location::at_offset(path, text, offset);
    let format = |offset: usize, message: String| XliffError::Format {
        at: at(offset),
        message,
    };
    let version = match (root.name.as_str(), root.attr("version")) {
        ("xliff", Some(v @ ("2.0" | "1.2" | "1.1"))) => v.to_string(),
        ("xliff", v) => {
            return Err(format(
                root.offset,
                format!(
                    "unsupported XLIFF version `{}` (expected `2.0`, `1.2` or `1.1`)",
                    v.unwrap_or("none")
                ),
            ))
        }
        (other, _) => {
            return Err(format(
                root.offset,
                format!("root element `<{other}>` (expected `<xliff>`: this is not an XLIFF file)"),
            ))
        }
    };
    if !root.core {
        return Err(format(
            root.offset,
            format!(
                "`<xliff>` is not in the XLIFF {version} namespace (expected xmlns=\"{}\")",
                match version.as_str() {
                    "2.0" => NS_XLIFF2,
                    "1.1" => NS_XLIFF11,
                    _ => NS_XLIFF12,
                }
            ),
        ));
    }
    let files: Vec<&Elem> = root
        .elems()
        .filter(|e| e.core && e.name == "file")
        .collect();
    let [file] = files.as_slice() else {
        return Err(format(
            root.offset,
            format!(
                "{} `<file>` elements (expected exactly one: polypress exports one article per XLIFF)",
                files.len()
            ),
        ));
    };
    let v2 = version == "2.0";
    let info = XliffInfo {
        original: file.attr("original").map(str::to_string),
        file_id: if v2 {
            file.attr("id").map(str::to_string)
        } else {
            None
        },
        source_lang: if v2 {
            root.attr("srcLang")
        } else {
            file.attr("source-language")
        }
        .map(str::to_string),
        target_lang: if v2 {
            root.attr("trgLang")
        } else {
            file.attr("target-language")
        }
        .map(str::to_string),
        version,
        offset: file.offset,
    };
    Ok((info, file))
}

fn unit_id(e: &Elem, path: &Path, text: &str) -> Result<String, XliffError> {
    e.attr("id")
        .map(str::to_string)
        .ok_or_else(|| XliffError::Format {
            at: Location::at_offset(path, text, e.offset),
            message: format!("`<{}>` without an `id` (expected the segment id)", e.name),
        })
}

fn unit2(e: &Elem, path: &Path, text: &str) -> Result<Unit, XliffError> {
    let id = unit_id(e, path, text)?;
    let mut source = String::new();
    let mut target = String::new();
    let mut has_target = false;
    let mut state: Option<State> = None;
    for part in e.elems().filter(|c| c.core) {
        let segment = match part.name.as_str() {
            "segment" => true,
            "ignorable" => false,
            _ => continue,
        };
        let src = part.child("source").ok_or_else(|| XliffError::Format {
            at: Location::at_offset(path, text, part.offset),
            message: format!("unit `{id}`: `<{}>` without `<source>`", part.name),
        })?;
        let s = flatten(src, &id, path, text)?;
        source.push_str(&s);
        match part.child("target") {
            Some(t) => {
                let t = flatten(t, &id, path, text)?;
                has_target |= segment && !t.trim().is_empty();
                target.push_str(&t);
            }
            // An ignorable's text is the same in both languages.
            None if !segment => target.push_str(&s),
            None => {}
        }
        if segment {
            let s = match part.attr("state").unwrap_or("initial") {
                "final" | "reviewed" => State::Reviewed,
                "translated" => State::Translated,
                "initial" => State::Fuzzy,
                other => {
                    return Err(XliffError::Format {
                        at: Location::at_offset(path, text, part.offset),
                        message: format!("unit `{id}`: `state=\"{other}\"` (expected initial, translated, reviewed or final)"),
                    })
                }
            };
            // A unit is only as far along as its least finished segment.
            state = Some(state.map_or(s, |old| old.min(s)));
        }
    }
    let state = if has_target {
        state.unwrap_or(State::Fuzzy)
    } else {
        State::New
    };
    let note = e
        .child("notes")
        .and_then(|n| {
            n.elems()
                .find(|c| c.core && c.name == "note" && c.attr("category") == Some("comment"))
        })
        .map(text_of);
    // <mda:metadata><mda:metaGroup category="polypress"><mda:meta type="revision">
    let rev = e
        .elems()
        .filter(|c| !c.core && c.name == "metadata")
        .flat_map(Elem::elems)
        .filter(|g| g.name == "metaGroup" && g.attr("category") == Some("polypress"))
        .flat_map(Elem::elems)
        .find(|m| m.name == "meta" && m.attr("type") == Some("revision"))
        .map(text_of);
    Ok(Unit {
        id,
        offset: e.offset,
        source,
        target: has_target.then_some(target),
        state,
        note,
        rev,
    })
}

fn unit1(e: &Elem, path: &Path, text: &str) -> Result<Unit, XliffError> {
    let id = unit_id(e, path, text)?;
    let src = e.child("source").ok_or_else(|| XliffError::Format {
        at: Location::at_offset(path, text, e.offset),
        message: format!("trans-unit `{id}` without `<source>`"),
    })?;
    let source = flatten(src, &id, path, text)?;
    let tgt = e.child("target");
    let target = tgt
        .map(|t| flatten(t, &id, path, text))
        .transpose()?
        .filter(|t| !t.trim().is_empty());
    let state = match (&target, tgt.and_then(|t| t.attr("state"))) {
        (None, _) => State::New,
        (_, Some("signed-off" | "final")) => State::Reviewed,
        // A target without a state is what most 1.2 tools write for a finished translation;
        // `approved` alone is not taken as a review (the state attribute says that).
        (_, Some("translated") | None) => State::Translated,
        (_, Some(s)) if STATES_1_2.contains(&s) || s.starts_with("x-") => State::Fuzzy,
        (_, Some(other)) => {
            return Err(XliffError::Format {
                at: Location::at_offset(path, text, tgt.map_or(e.offset, |t| t.offset)),
                message: format!(
                    "trans-unit `{id}`: `state=\"{other}\"` (expected one of {} or an x- value)",
                    STATES_1_2.join(", ")
                ),
            })
        }
    };
    let note = e
        .elems()
        .find(|c| c.core && c.name == "note" && c.attr("from") == Some("comment"))
        .map(text_of);
    // <context-group name="polypress"><context context-type="x-polypress-revision">
    let rev = e
        .elems()
        .filter(|c| c.core && c.name == "context-group")
        .flat_map(Elem::elems)
        .find(|c| c.name == "context" && c.attr("context-type") == Some("x-polypress-revision"))
        .map(text_of);
    Ok(Unit {
        id,
        offset: e.offset,
        source,
        target,
        state,
        note,
        rev,
    })
}

/// The plain text of an element (notes).
fn text_of(e: &Elem) -> String {
    let mut s = String::new();
    for n in &e.children {
        match n {
            Node::Text(t) => s.push_str(t),
            Node::Elem(c) => s.push_str(&text_of(c)),
        }
    }
    s
}

/// `<source>`/`<target>` content back to placeholder text.
fn flatten(e: &Elem, unit: &str, path: &Path, text: &str) -> Result<String, XliffError> {
    let mut out = String::new();
    flatten_into(&mut out, e, unit, path, text)?;
    Ok(out)
}

fn flatten_into(
    out: &mut String,
    e: &Elem,
    unit: &str,
    path: &Path,
    text: &str,
) -> Result<(), XliffError> {
    for n in &e.children {
        let c = match n {
            Node::Text(t) => {
                out.push_str(t);
                continue;
            }
            Node::Elem(c) => c,
        };
        let err = |message: String| XliffError::Inline {
            at: Location::at_offset(path, text, c.offset),
            unit: unit.to_string(),
            message,
        };
        let num = |attr: &str| -> Result<u32, XliffError> {
            let v = c.attr(attr).ok_or_else(|| {
                err(format!(
                    "`<{}>` without `{attr}` (expected the code's number)",
                    c.name
                ))
            })?;
            v.parse().map_err(|_| {
                err(format!(
                    "`<{} {attr}=\"{v}\">`: code ids must be numbers (expected the ids of the exported file; keep the CAT tool's tags as they were)",
                    c.name
                ))
            })
        };
        let token = |id: u32, role: CodeRole| placeholder_token(id, role);
        if !c.core {
            // A foreign element inside text: keep its text, as 2.0 §4.9 lets modules annotate.
            flatten_into(out, c, unit, path, text)?;
            continue;
        }
        match c.name.as_str() {
            // XLIFF 2.0
            "pc" => {
                let id = num("id")?;
                out.push_str(&token(id, CodeRole::Open));
                flatten_into(out, c, unit, path, text)?;
                out.push_str(&token(id, CodeRole::Close));
            }
            "x" if c.attr("id").is_some_and(|v| v.starts_with("cp-")) => cp_char(out, c, &err)?,
            "ph" | "x" => out.push_str(&token(num("id")?, CodeRole::Standalone)),
            "sc" | "bx" | "bpt" => {
                let attr = if c.attr("rid").is_some() { "rid" } else { "id" };
                out.push_str(&token(num(attr)?, CodeRole::Open));
            }
            "ec" | "ex" | "ept" => {
                let attr = ["startRef", "rid", "id"]
                    .into_iter()
                    .find(|a| c.attr(a).is_some())
                    .unwrap_or("id");
                out.push_str(&token(num(attr)?, CodeRole::Close));
            }
            "cp" => {
                let hex = c.attr("hex").unwrap_or("");
                let ch = u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|&c| c != 0)
                    .and_then(char::from_u32);
                out.push(
                    ch.ok_or_else(|| err(format!("`<cp hex=\"{hex}\">` is not a character a text may hold (expected a Unicode scalar value other than U+0000)")))?,
                );
            }
            "it" => {
                let role = if c.attr("pos") == Some("close") {
                    CodeRole::Close
                } else {
                    CodeRole::Open
                };
                let attr = if c.attr("rid").is_some() { "rid" } else { "id" };
                out.push_str(&token(num(attr)?, role));
            }
            // Annotations: their text belongs to the segment.
            "mrk" => flatten_into(out, c, unit, path, text)?,
            "g" => {
                let id = num("id")?;
                out.push_str(&token(id, CodeRole::Open));
                flatten_into(out, c, unit, path, text)?;
                out.push_str(&token(id, CodeRole::Close));
            }
            "sm" | "em" | "sub" => {}
            other => return Err(err(format!("unexpected `<{other}>` in text"))),
        }
    }
    Ok(())
}

/// `<x id="cp-HHHH"/>`: a character XML 1.0 cannot hold, as the 1.2 writer encodes it.
fn cp_char(
    out: &mut String,
    c: &Elem,
    err: &dyn Fn(String) -> XliffError,
) -> Result<(), XliffError> {
    let id = c.attr("id").unwrap_or("");
    let ch = u32::from_str_radix(&id[3..], 16)
        .ok()
        .filter(|&c| c != 0)
        .and_then(char::from_u32);
    out.push(ch.ok_or_else(|| err(format!("`id=\"{id}\"` is not a character")))?);
    Ok(())
}

/// Parses the whole document into a tree.
fn tree(text: &str, path: &Path) -> Result<Elem, XliffError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let xml_err = |reader: &NsReader<&[u8]>, message: String| XliffError::Xml {
        at: Location::at_offset(path, text, reader.error_position() as usize),
        message,
    };
    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    loop {
        let offset = reader.buffer_position() as usize;
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, ev)) => {
                let core = matches!(ns, ResolveResult::Bound(n) if [NS_XLIFF2, NS_XLIFF12, NS_XLIFF11].iter().any(|ns| n.as_ref() == ns.as_bytes()));
                (core, ev)
            }
            Err(e) => return Err(xml_err(&reader, e.to_string())),
        };
        let here = |m: String| XliffError::Xml {
            at: Location::at_offset(path, text, offset),
            message: m,
        };
        match event {
            Event::Start(s) => {
                let mut attrs = Vec::new();
                for a in s.attributes() {
                    let a = a.map_err(|e| here(e.to_string()))?;
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let value = a.unescape_value().map_err(|e| here(e.to_string()))?;
                    attrs.push((key, value.into_owned()));
                }
                stack.push(Elem {
                    core: ns,
                    name: String::from_utf8_lossy(s.local_name().as_ref()).into_owned(),
                    attrs,
                    children: Vec::new(),
                    offset,
                });
            }
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| here("unexpected end tag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Elem(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| here(e.to_string()))?;
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| here(e.to_string()))?;
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| here(e.to_string()))?;
                let s = if let Some(c) = r.resolve_char_ref().map_err(|e| here(e.to_string()))? {
                    c.to_string()
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    s.to_string()
                } else {
                    return Err(here(format!(
                        "unknown entity `&{name};` (expected &amp; &lt; &gt; &quot; &apos; or a character reference)"
                    )));
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XliffError::Xml {
            at: Location::at_offset(path, text, text.len()),
            message: format!(
                "unexpected end of file: `<{}>` (line {}) is not closed",
                open.name,
                Location::at_offset(path, text, open.offset).line
            ),
        });
    }
    root.ok_or_else(|| XliffError::Xml {
        at: Location::file(path),
        message: "no root element (expected `<xliff>`)".into(),
    })
}

fn push_text(stack: &mut [Elem], s: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_string()));
        }
    }
}
