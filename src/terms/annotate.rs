//! Term hits of draft entries: what a translator sees beside each segment, in the draft
//! (`prefill`) and in XLIFF exports.

use serde::{Deserialize, Serialize};

use super::matcher::Matchers;
use super::Glossary;
use crate::draft::Draft;
use crate::model::Lang;

/// A glossary term found in an entry's source, with the renderings the target may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermRef {
    /// The glossary entry's id.
    pub id: String,
    /// The term as written in the source (`Среднего коридора`).
    pub source: String,
    /// Renderings in the target language: preferred first, then admitted.
    pub target: Vec<String>,
    /// Renderings the target must not use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
    /// The entry's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The XLIFF 2.0 Glossary module namespace.
pub const NS_GLOSSARY: &str = "urn:oasis:names:tc:xliff:glossary:2.0";

impl std::fmt::Display for TermRef {
    /// The line of [`describe`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe(self))
    }
}

/// One line for a translator: `Среднего коридора → Middle Corridor | Middle route; not: X (note)`.
pub fn describe(t: &TermRef) -> String {
    let mut s = format!("{} → ", t.source);
    if t.target.is_empty() {
        s.push_str("(no rendering in this language)");
    } else {
        s.push_str(&t.target.join(" | "));
    }
    if !t.forbidden.is_empty() {
        s.push_str(&format!("; not: {}", t.forbidden.join(", ")));
    }
    if let Some(n) = &t.note {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// Writes a unit's `<gls:glossary>` (XLIFF 2.0 §5.4, the namespace declared on the element):
/// one `glossEntry` per term, its source form as `gls:term`, each allowed rendering as a
/// `gls:translation`, the note and forbidden renderings as `gls:definition`.
pub(crate) fn xliff2_glossary(out: &mut String, terms: &[TermRef]) {
    use crate::xml::{escape_attr, escape_text};
    out.push_str(&format!(
        "      <gls:glossary xmlns:gls=\"{NS_GLOSSARY}\">\n"
    ));
    for t in terms {
        out.push_str(&format!(
            "        <gls:glossEntry id=\"{}\">\n          <gls:term source=\"polypress\">",
            escape_attr(&format!("g-{}", t.id))
        ));
        escape_text(out, &t.source, |_, _| {});
        out.push_str("</gls:term>\n");
        for r in &t.target {
            out.push_str("          <gls:translation>");
            escape_text(out, r, |_, _| {});
            out.push_str("</gls:translation>\n");
        }
        let mut def = t.note.clone().unwrap_or_default();
        if !t.forbidden.is_empty() {
            if !def.is_empty() {
                def.push(' ');
            }
            def.push_str(&format!("Do not use: {}.", t.forbidden.join(", ")));
        }
        if !def.is_empty() {
            out.push_str("          <gls:definition>");
            escape_text(out, &def, |_, _| {});
            out.push_str("</gls:definition>\n");
        }
        out.push_str("        </gls:glossEntry>\n");
    }
    out.push_str("      </gls:glossary>\n");
}

/// The term hits of `source` (in `from`) for a target in `to`: one per glossary entry, in order
/// of first occurrence. Entries without a rendering in `to` are listed with an empty `target`.
pub fn term_refs(g: &Glossary, m: &Matchers, source: &str, from: Lang, to: Lang) -> Vec<TermRef> {
    let mut out: Vec<TermRef> = Vec::new();
    for hit in m.get(from).find(g, source) {
        if !hit.status.is_allowed() {
            continue;
        }
        let e = &g.entries[hit.entry];
        if out.iter().any(|r| r.id == e.id) {
            continue;
        }
        out.push(TermRef {
            id: e.id.clone(),
            source: hit.text,
            target: e.allowed(to).map(|t| t.text.clone()).collect(),
            forbidden: e
                .in_lang(to)
                .filter(|t| !t.status.is_allowed())
                .map(|t| t.text.clone())
                .collect(),
            note: e.note.clone(),
        });
    }
    out
}

/// Sets the `terms` of every entry of `draft` from its source. Targets and states are not
/// touched: the hits are a reading aid, recomputed whenever the glossary or the source changes.
pub fn annotate_draft(draft: &mut Draft, g: &Glossary, m: &Matchers) {
    for e in &mut draft.segments {
        e.terms = term_refs(g, m, &e.source, draft.source_lang, draft.target_lang);
    }
}
