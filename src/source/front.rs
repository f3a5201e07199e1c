//! Front matter: the TOML between the `+++` lines at the top of an article. Unknown keys and
//! wrong types are errors with file:line:column; the translatable fields (`title`, `summary`,
//! `notes_title`) become leaves whose single text item is the string's exact source bytes.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::inline::{Item, Leaf};
use super::SourceError;
use crate::error::Location;
use crate::model::{BlockKind, FrontMatter, Span};

/// Where the front matter sits in the file.
pub(crate) struct FrontSplit {
    /// First byte of the TOML.
    pub toml_start: usize,
    /// One past the last byte of the TOML (the start of the closing `+++` line).
    pub toml_end: usize,
    /// First byte after the closing line.
    pub body_start: usize,
}

/// A translatable field as a leaf.
pub(crate) struct Field {
    pub leaf: Leaf,
    /// Whether the field may be split into sentences.
    pub split: bool,
}

/// Parsed front matter with the offsets later checks need.
pub(crate) struct Parsed {
    pub matter: FrontMatter,
    pub lang_offset: usize,
    pub fields: Vec<Field>,
}

#[derive(Deserialize)]
struct Spans {
    title: Spanned<String>,
    lang: Spanned<String>,
    summary: Option<Spanned<String>>,
    notes_title: Option<Spanned<String>>,
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).trim_end() == "+++"
}

/// Finds the front matter. `Ok(None)` when the file does not start with `+++` (after an
/// optional byte-order mark).
///
/// # Errors
/// An opening `+++` line without a closing one.
pub(crate) fn split(text: &str, path: &Path) -> Result<Option<FrontSplit>, SourceError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    match lines.next() {
        Some(first) if is_fence(first) => {
            let toml_start = start + first.len();
            let mut pos = toml_start;
            for line in lines {
                if is_fence(line) {
                    return Ok(Some(FrontSplit {
                        toml_start,
                        toml_end: pos,
                        body_start: pos + line.len(),
                    }));
                }
                pos += line.len();
            }
            Err(SourceError::UnclosedFrontMatter {
                at: Location::new(path, 1, 1),
            })
        }
        _ => Ok(None),
    }
}

/// Parses the TOML of `fm`.
///
/// # Errors
/// Syntax errors, unknown keys, missing keys and wrong types, located in the file.
pub(crate) fn parse(text: &str, fm: &FrontSplit, path: &Path) -> Result<Parsed, SourceError> {
    let toml_text = &text[fm.toml_start..fm.toml_end];
    let err = |e: toml::de::Error| {
        let offset = fm.toml_start + e.span().map_or(0, |s| s.start);
        SourceError::FrontMatter {
            at: Location::at_offset(path, text, offset),
            message: e.message().trim().replace("\n", " "),
        }
    };
    let matter: FrontMatter = match toml::from_str(toml_text) {
        Ok(m) => m,
        // `date = 2019-06-01` (a TOML date or date-time, as Zola and Hugo write it) reads as
        // its `YYYY-MM-DD`; any other error is reported where it is.
        Err(e) => toml_date(toml_text).ok_or(e).map_err(err)?,
    };
    let spans: Spans = toml::from_str(toml_text).map_err(err)?;
    if !is_date(&matter.date) {
        let off = toml_text.find("date").unwrap_or(0) + fm.toml_start;
        return Err(SourceError::FrontMatter {
            at: Location::at_offset(path, text, off),
            message: format!(
                "`date = \"{}\"` is not a date (expected `YYYY-MM-DD`)",
                matter.date
            ),
        });
    }
    let mut fields = Vec::new();
    let mut add = |s: &Spanned<String>, kind: BlockKind, name: &str, split: bool| {
        let (a, b) = inner(toml_text, s.span());
        let raw = &toml_text[a..b];
        let (a, b) = (a + fm.toml_start, b + fm.toml_start);
        let exact = raw == s.get_ref();
        let items = vec![Item::Text {
            range: a..b,
            text: s.get_ref().clone(),
        }];
        let leaf = Leaf {
            kind,
            path: crate::model::BlockPath::front(name).into(),
            span: Span::new(a, b),
            items,
        };
        fields.push(Field {
            leaf,
            split: split && exact,
        });
    };
    add(&spans.title, BlockKind::Title, "title", false);
    if let Some(s) = &spans.summary {
        add(s, BlockKind::Summary, "summary", true);
    }
    if let Some(s) = &spans.notes_title {
        add(s, BlockKind::Title, "notes_title", false);
    }
    Ok(Parsed {
        matter,
        lang_offset: fm.toml_start + spans.lang.span().start,
        fields,
    })
}

/// The front matter with a TOML date or date-time `date` read as `YYYY-MM-DD`; `None` when
/// `date` is not a TOML date or the rest does not fit.
fn toml_date(toml_text: &str) -> Option<FrontMatter> {
    let mut table: toml::Table = toml::from_str(toml_text).ok()?;
    let toml::Value::Datetime(d) = table.get("date")? else {
        return None;
    };
    let day = d.date?;
    let text = format!("{:04}-{:02}-{:02}", day.year, day.month, day.day);
    table.insert("date".into(), toml::Value::String(text));
    toml::Value::Table(table).try_into().ok()
}

/// The bytes inside a TOML string value's quotes.
fn inner(toml: &str, span: std::ops::Range<usize>) -> (usize, usize) {
    let v = &toml[span.clone()];
    for q in ["\"\"\"", "'''"] {
        if v.starts_with(q) && v.ends_with(q) && v.len() >= 6 {
            let mut a = span.start + 3;
            // A newline right after the opening delimiter is not part of the string.
            if toml[a..].starts_with("\r\n") {
                a += 2;
            } else if toml[a..].starts_with('\n') {
                a += 1;
            }
            return (a, span.end - 3);
        }
    }
    if v.len() >= 2 && (v.starts_with('"') || v.starts_with('\'')) {
        return (span.start + 1, span.end - 1);
    }
    (span.start, span.end)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}
