//! XLIFF 2.0 writer (OASIS Standard, 2014, with the Translation Candidates and Metadata
//! modules). Output validates against `matches.xsd`, which pulls in the core schema.
//!
//! Per unit (XLIFF 2.0 §4.2.2.3, in the order the schema requires): `mtc:matches`, `notes`,
//! `originalData` (the Markdown behind each inline code, §4.7.1), then one `segment`.

use std::collections::BTreeMap;

use super::{
    escape_attr, escape_note, escape_text, inline, location, original_path, Inline, NS_MATCHES,
    NS_METADATA, NS_XLIFF2,
};
use crate::draft::{Draft, Entry, MatchKind, State};
use crate::model::{Article, Code, CodeKind, CodeRole, Segment};

/// The id of the one `<segment>` in each unit; candidates point at it with `ref="#s1"`.
const SEGMENT_ID: &str = "s1";

pub(super) fn write(article: &Article, draft: &Draft) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NS_XLIFF2}\" xmlns:mtc=\"{NS_MATCHES}\" xmlns:mda=\"{NS_METADATA}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        draft.source_lang.code(),
        draft.target_lang.code()
    ));
    out.push_str(&format!(
        "  <file id=\"{}\" original=\"{}\">\n",
        escape_attr(&draft.slug),
        escape_attr(&original_path(article))
    ));
    for entry in &draft.segments {
        unit(&mut out, article, entry);
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// Data ids of the codes of one unit, keyed by (code number, role).
struct DataRefs<'a> {
    by_token: BTreeMap<(u32, Role), (String, &'a Code)>,
}

/// `CodeRole` without the `Hash`/`Ord` it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Open,
    Close,
    Standalone,
}

fn role(r: CodeRole) -> Role {
    match r {
        CodeRole::Open => Role::Open,
        CodeRole::Close => Role::Close,
        CodeRole::Standalone => Role::Standalone,
    }
}

impl<'a> DataRefs<'a> {
    /// Codes of the article's segment that the entry's source uses (the draft may lag behind
    /// the article; codes it does not know are written without original data).
    fn new(segment: Option<&'a Segment>, source: &str) -> DataRefs<'a> {
        let mut by_token = BTreeMap::new();
        for code in segment.map(|s| s.codes.as_slice()).unwrap_or_default() {
            if !source.contains(&code.token()) {
                continue;
            }
            let id = match code.role {
                CodeRole::Close => format!("d{}e", code.id),
                _ => format!("d{}", code.id),
            };
            by_token
                .entry((code.id, role(code.role)))
                .or_insert((id, code));
        }
        DataRefs { by_token }
    }

    fn get(&self, id: u32, r: Role) -> Option<&(String, &'a Code)> {
        self.by_token.get(&(id, r))
    }

    fn kind(&self, id: u32) -> Option<CodeKind> {
        [Role::Open, Role::Standalone, Role::Close]
            .iter()
            .find_map(|r| self.get(id, *r))
            .map(|(_, c)| c.kind)
    }
}

fn unit(out: &mut String, article: &Article, entry: &Entry) {
    let segment = article.segment(&entry.id);
    let refs = DataRefs::new(segment, &entry.source);
    let empty = DataRefs {
        by_token: BTreeMap::new(),
    };
    let id = escape_attr(entry.id.as_str());
    out.push_str(&format!("    <unit id=\"{id}\" xml:space=\"preserve\">\n"));
    out.push_str(&format!(
        "      <mda:metadata>\n        <mda:metaGroup category=\"polypress\">\n          <mda:meta type=\"revision\">{}</mda:meta>\n        </mda:metaGroup>\n      </mda:metadata>\n",
        super::revision(entry)
    ));
    let has_target = entry.state != State::New && !entry.target.is_empty();
    if let (Some(m), true) = (&entry.matched, has_target) {
        let kind = match m.kind {
            MatchKind::Context => "icm",
            MatchKind::Exact | MatchKind::Fuzzy | MatchKind::Alignment => "tm",
            MatchKind::Previous => "other",
        };
        let sub = m.kind.as_str();
        out.push_str("      <mtc:matches>\n");
        out.push_str(&format!(
            "        <mtc:match ref=\"#{SEGMENT_ID}\" type=\"{kind}\" subType=\"pp:{sub}\" similarity=\"{}.0\" origin=\"{}\">\n",
            m.score.min(100),
            escape_attr(&m.origin)
        ));
        if !m.adapted.is_empty() || !m.warnings.is_empty() {
            out.push_str(
                "          <mda:metadata>\n            <mda:metaGroup category=\"polypress\">\n",
            );
            for a in &m.adapted {
                out.push_str("              <mda:meta type=\"adapted\">");
                escape_note(out, a);
                out.push_str("</mda:meta>\n");
            }
            for w in &m.warnings {
                out.push_str("              <mda:meta type=\"warning\">");
                escape_note(out, &w.to_string());
                out.push_str("</mda:meta>\n");
            }
            out.push_str("            </mda:metaGroup>\n          </mda:metadata>\n");
        }
        // The memory's own source and target, so a CAT tool can show what the segment differs
        // from; drafts written before matches recorded them fall back to the previous source
        // (an edited segment) or the segment's own, and the entry's target.
        let msource = m
            .source
            .as_deref()
            .or(entry.previous_source.as_deref())
            .unwrap_or(&entry.source);
        let mtarget = m.target.as_deref().unwrap_or(&entry.target);
        out.push_str("          <source>");
        content(out, msource, &empty);
        out.push_str("</source>\n          <target>");
        content(out, mtarget, &empty);
        out.push_str("</target>\n        </mtc:match>\n      </mtc:matches>\n");
    }
    if !entry.terms.is_empty() {
        crate::terms::annotate::xliff2_glossary(out, &entry.terms);
    }
    let mut notes: Vec<(&str, String)> = Vec::new();
    if let Some((loc, block)) = location(article, &entry.id) {
        notes.push(("location", loc));
        notes.push(("block", block));
    }
    if let Some(p) = &entry.previous_source {
        notes.push(("previous-source", p.clone()));
    }
    if let Some(n) = &entry.note {
        notes.push(("comment", n.clone()));
    }
    if !notes.is_empty() {
        out.push_str("      <notes>\n");
        for (cat, text) in notes {
            out.push_str(&format!("        <note category=\"{cat}\">"));
            escape_note(out, &text);
            out.push_str("</note>\n");
        }
        out.push_str("      </notes>\n");
    }
    if !refs.by_token.is_empty() {
        out.push_str("      <originalData>\n");
        let mut data: Vec<&(String, &Code)> = refs.by_token.values().collect();
        data.sort_by_key(|d| data_order(&d.0));
        for (did, code) in data {
            out.push_str(&format!("        <data id=\"{did}\">"));
            escape_text(out, &code.raw, cp);
            out.push_str("</data>\n");
        }
        out.push_str("      </originalData>\n");
    }
    let state = match entry.state {
        State::New | State::Fuzzy => "initial",
        State::Translated => "translated",
        State::Reviewed => "reviewed",
    };
    let sub = if entry.state == State::Fuzzy && has_target {
        " subState=\"pp:fuzzy\""
    } else {
        ""
    };
    out.push_str(&format!(
        "      <segment id=\"{SEGMENT_ID}\" state=\"{state}\"{sub}>\n        <source>"
    ));
    content(out, &entry.source, &refs);
    out.push_str("</source>\n");
    if has_target {
        out.push_str("        <target>");
        content(out, &entry.target, &refs);
        out.push_str("</target>\n");
    }
    out.push_str("      </segment>\n    </unit>\n");
}

/// `d3` before `d3e` before `d10`.
fn data_order(id: &str) -> (u32, bool) {
    let end = id.ends_with('e');
    let n = id
        .trim_start_matches('d')
        .trim_end_matches('e')
        .parse()
        .unwrap_or(u32::MAX);
    (n, end)
}

/// A character XML 1.0 cannot hold, as XLIFF 2.0's `<cp>` (§4.2.3.14).
fn cp(out: &mut String, c: char) {
    out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
}

/// `type`/`subType` of a code (XLIFF 2.0 §4.2.7.31 and §4.2.7.30).
fn type_attrs(kind: Option<CodeKind>) -> &'static str {
    match kind {
        Some(CodeKind::Strong) => " type=\"fmt\" subType=\"xlf:b\"",
        Some(CodeKind::Emphasis) => " type=\"fmt\" subType=\"xlf:i\"",
        Some(CodeKind::Strikethrough) => " type=\"fmt\"",
        Some(CodeKind::Break) => " type=\"fmt\" subType=\"xlf:lb\"",
        Some(CodeKind::Link) => " type=\"link\"",
        Some(CodeKind::Image) => " type=\"image\"",
        _ => "",
    }
}

fn data_attr(name: &str, refs: &DataRefs<'_>, id: u32, r: Role) -> String {
    refs.get(id, r)
        .map(|(d, _)| format!(" {name}=\"{d}\""))
        .unwrap_or_default()
}

/// Writes placeholder text as XLIFF 2.0 inline content.
fn content(out: &mut String, text: &str, refs: &DataRefs<'_>) {
    let pieces = inline(text);
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Inline::Text(t) => escape_text(out, t, cp),
            Inline::Standalone(id) => out.push_str(&format!(
                "<ph id=\"{id}\"{}{}/>",
                type_attrs(refs.kind(id)),
                data_attr("dataRef", refs, id, Role::Standalone)
            )),
            Inline::Open { id, paired: true } => out.push_str(&format!(
                "<pc id=\"{id}\"{}{}{}>",
                type_attrs(refs.kind(id)),
                data_attr("dataRefStart", refs, id, Role::Open),
                data_attr("dataRefEnd", refs, id, Role::Close)
            )),
            Inline::Close { paired: true, .. } => out.push_str("</pc>"),
            Inline::Open { id, paired: false } => {
                let closed_later = pieces[i + 1..].iter().any(|p| {
                    matches!(p, Inline::Close { id: c, paired: false, after_open: true } if *c == id)
                });
                out.push_str(&format!(
                    "<sc id=\"{id}\"{}{}{}/>",
                    if closed_later {
                        ""
                    } else {
                        " isolated=\"yes\""
                    },
                    type_attrs(refs.kind(id)),
                    data_attr("dataRef", refs, id, Role::Open)
                ));
            }
            Inline::Close { id, after_open, .. } => {
                let which = if after_open {
                    format!("startRef=\"{id}\"")
                } else {
                    format!("id=\"{id}\" isolated=\"yes\"")
                };
                out.push_str(&format!(
                    "<ec {which}{}{}/>",
                    type_attrs(refs.kind(id)),
                    data_attr("dataRef", refs, id, Role::Close)
                ));
            }
        }
    }
}
