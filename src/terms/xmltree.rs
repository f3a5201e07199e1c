//! A small element tree over quick-xml events, with the byte offset of each element, for the
//! TBX reader (glossaries are small; a tree keeps the reader short and its errors located).

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::TermsError;
use crate::error::Location;

/// An element: its local name (prefix dropped; `xml:lang` keeps its prefix as an attribute).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
    /// Byte offset of the start tag.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Child {
    Elem(Node),
    Text(String),
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn elems(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Elem(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    pub fn elems_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.elems().filter(move |n| n.name == name)
    }

    /// All text below, elements' text included (`<hi>` and the like keep their words).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Child::Text(t) => out.push_str(t),
                Child::Elem(n) => n.collect_text(out),
            }
        }
    }
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

fn attrs(s: &BytesStart, at: &dyn Fn() -> Location) -> Result<Vec<(String, String)>, TermsError> {
    let mut out = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| TermsError::Parse {
            at: at(),
            message: e.to_string(),
        })?;
        let v = a.unescape_value().map_err(|e| TermsError::Parse {
            at: at(),
            message: e.to_string(),
        })?;
        out.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            v.into_owned(),
        ));
    }
    Ok(out)
}

/// Parses `text` into its root element.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Node, TermsError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let err = |off: usize, message: String| TermsError::Parse {
        at: Location::at_offset(path, text, off),
        message,
    };
    loop {
        let off = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position() as usize, e.to_string()))?;
        let at = || Location::at_offset(path, text, off);
        match event {
            Event::Start(s) => stack.push(Node {
                name: local(s.name().as_ref()),
                attrs: attrs(&s, &at)?,
                children: Vec::new(),
                offset: off,
            }),
            Event::Empty(s) => {
                let node = Node {
                    name: local(s.name().as_ref()),
                    attrs: attrs(&s, &at)?,
                    children: Vec::new(),
                    offset: off,
                };
                match stack.last_mut() {
                    Some(p) => p.children.push(Child::Elem(node)),
                    None => return Ok(node),
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(err(off, "end tag without a start tag".into()));
                };
                match stack.last_mut() {
                    Some(p) => p.children.push(Child::Elem(node)),
                    None => return Ok(node),
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| err(off, e.to_string()))?;
                if let Some(p) = stack.last_mut() {
                    p.children.push(Child::Text(s.into_owned()));
                }
            }
            Event::CData(t) => {
                let s = t.xml10_content().map_err(|e| err(off, e.to_string()))?;
                if let Some(p) = stack.last_mut() {
                    p.children.push(Child::Text(s.into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                let s = if let Some(c) =
                    r.resolve_char_ref().map_err(|e| err(off, e.to_string()))?
                {
                    c.to_string()
                } else {
                    let name = r.decode().map_err(|e| err(off, e.to_string()))?;
                    quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| {
                            err(off, format!("unknown entity `&{name};` (expected &amp; &lt; &gt; &quot; &apos; or a character reference)"))
                        })?
                        .to_string()
                };
                if let Some(p) = stack.last_mut() {
                    p.children.push(Child::Text(s));
                }
            }
            Event::Eof => {
                return Err(err(
                    off,
                    if stack.is_empty() {
                        "no root element (expected `<tbx>`)".into()
                    } else {
                        format!(
                            "file ends inside `<{}>`",
                            stack.last().map_or("", |n| n.name.as_str())
                        )
                    },
                ))
            }
            _ => {}
        }
    }
}
