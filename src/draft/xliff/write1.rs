//! XLIFF 1.2 writer (OASIS Standard, 2008), for tools that do not read 2.0. Output validates
//! against `xliff-core-1.2-strict.xsd`.
//!
//! Inline codes (XLIFF 1.2 §2.5.2): a properly nested pair `{n}…{/n}` is `<g id="n">`, a pair
//! that does not nest is `<bx id="n" rid="n"/>`…`<ex id="n" rid="n"/>`, a standalone code is
//! `<x id="n"/>`. 1.2 has no place for the original Markdown of a code; `ctype` tells the CAT
//! tool what it is.

use super::{escape_attr, escape_note, escape_text, inline, location, original_path, Inline};
use crate::draft::{Draft, Entry, MatchKind, State};
use crate::model::{Article, CodeKind};

pub(super) fn write(article: &Article, draft: &Draft) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{}\" version=\"1.2\">\n",
        super::NS_XLIFF12
    ));
    out.push_str(&format!(
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\">\n    <body>\n",
        escape_attr(&original_path(article)),
        draft.source_lang.code(),
        draft.target_lang.code()
    ));
    for entry in &draft.segments {
        unit(&mut out, article, draft, entry);
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

fn unit(out: &mut String, article: &Article, draft: &Draft, entry: &Entry) {
    let kinds = |id: u32| -> Option<CodeKind> {
        article
            .segment(&entry.id)
            .and_then(|s| s.codes.iter().find(|c| c.id == id))
            .map(|c| c.kind)
    };
    // `approved` marks a finished translation; tools built on the Translate Toolkit treat a
    // unit without it as fuzzy. `state` tells translated from reviewed.
    let approved = if entry.state.is_final() {
        " approved=\"yes\""
    } else {
        ""
    };
    out.push_str(&format!(
        "      <trans-unit id=\"{}\" xml:space=\"preserve\"{approved}>\n        <source xml:lang=\"{}\">",
        escape_attr(entry.id.as_str()),
        draft.source_lang.code()
    ));
    content(out, &entry.source, &kinds);
    out.push_str("</source>\n");
    if entry.state != State::New && !entry.target.is_empty() {
        let (state, qualifier) = match entry.state {
            State::Fuzzy => (
                "needs-review-translation",
                match entry.matched.as_ref().map(|m| m.kind) {
                    Some(MatchKind::Exact | MatchKind::Context) => {
                        " state-qualifier=\"exact-match\""
                    }
                    Some(MatchKind::Fuzzy) => " state-qualifier=\"fuzzy-match\"",
                    _ => "",
                },
            ),
            State::Reviewed => ("signed-off", ""),
            _ => ("translated", ""),
        };
        out.push_str(&format!(
            "        <target xml:lang=\"{}\" state=\"{state}\"{qualifier}>",
            draft.target_lang.code()
        ));
        content(out, &entry.target, &kinds);
        out.push_str("</target>\n");
        if let Some(m) = &entry.matched {
            out.push_str(&format!(
                "        <alt-trans match-quality=\"{}\" origin=\"{}\">\n          <source xml:lang=\"{}\">",
                m.score.min(100),
                escape_attr(&m.origin),
                draft.source_lang.code()
            ));
            // The memory's own source and target (see write2 for the fallback).
            let msource = m
                .source
                .as_deref()
                .or(entry.previous_source.as_deref())
                .unwrap_or(&entry.source);
            content(out, msource, &|_| None);
            out.push_str(&format!(
                "</source>\n          <target xml:lang=\"{}\">",
                draft.target_lang.code()
            ));
            content(out, m.target.as_deref().unwrap_or(&entry.target), &|_| None);
            out.push_str("</target>\n        </alt-trans>\n");
        }
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
    for t in &entry.terms {
        notes.push(("polypress-term", crate::terms::annotate::describe(t)));
    }
    for (from, text) in notes {
        out.push_str(&format!("        <note from=\"{from}\">"));
        escape_note(out, &text);
        out.push_str("</note>\n");
    }
    out.push_str(&format!(
        "        <context-group purpose=\"information\"><context context-type=\"x-polypress-revision\">{}</context></context-group>\n",
        super::revision(entry)
    ));
    out.push_str("      </trans-unit>\n");
}

/// `ctype` of a paired code (1.2 §4.3: `bold`, `italic`, `link` or `x-…`).
fn paired_ctype(kind: Option<CodeKind>) -> String {
    match kind {
        Some(CodeKind::Strong) => " ctype=\"bold\"".into(),
        Some(CodeKind::Emphasis) => " ctype=\"italic\"".into(),
        Some(CodeKind::Link) => " ctype=\"link\"".into(),
        Some(k) => format!(" ctype=\"x-{}\"", kind_name(k)),
        None => String::new(),
    }
}

/// `ctype` of a standalone code (`image`, `lb` or `x-…`).
fn standalone_ctype(kind: Option<CodeKind>) -> String {
    match kind {
        Some(CodeKind::Image) => " ctype=\"image\"".into(),
        Some(CodeKind::Break) => " ctype=\"lb\"".into(),
        Some(k) => format!(" ctype=\"x-{}\"", kind_name(k)),
        None => String::new(),
    }
}

fn kind_name(k: CodeKind) -> &'static str {
    match k {
        CodeKind::Emphasis => "emphasis",
        CodeKind::Strong => "strong",
        CodeKind::Strikethrough => "strikethrough",
        CodeKind::Link => "link",
        CodeKind::Image => "image",
        CodeKind::Code => "code",
        CodeKind::Footnote => "footnote",
        CodeKind::Html => "html",
        CodeKind::Break => "break",
        CodeKind::Literal => "literal",
    }
}

/// Writes placeholder text as XLIFF 1.2 inline content. A character XML 1.0 cannot hold
/// becomes `<x id="cp-HHHH" ctype="x-cp"/>`, which the reader turns back into the character.
fn content(out: &mut String, text: &str, kinds: &dyn Fn(u32) -> Option<CodeKind>) {
    let cp = |o: &mut String, c: char| {
        o.push_str(&format!("<x id=\"cp-{:04X}\" ctype=\"x-cp\"/>", c as u32));
    };
    for piece in inline(text) {
        match piece {
            Inline::Text(t) => escape_text(out, t, cp),
            Inline::Standalone(id) => {
                out.push_str(&format!("<x id=\"{id}\"{}/>", standalone_ctype(kinds(id))))
            }
            Inline::Open { id, paired: true } => {
                out.push_str(&format!("<g id=\"{id}\"{}>", paired_ctype(kinds(id))))
            }
            Inline::Close { paired: true, .. } => out.push_str("</g>"),
            Inline::Open { id, .. } => out.push_str(&format!(
                "<bx id=\"{id}\" rid=\"{id}\"{}/>",
                paired_ctype(kinds(id))
            )),
            Inline::Close { id, .. } => out.push_str(&format!("<ex id=\"{id}\" rid=\"{id}\"/>")),
        }
    }
}
