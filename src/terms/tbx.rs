//! TBX: the termbase exchange format (ISO 30042).
//!
//! Written as TBX v3 in the TBX-Basic dialect, DCA style (`<tbx type="TBX-Basic" style="dca">`
//! in namespace `urn:iso:std:iso:30042:ed-2`): one `conceptEntry` per entry, one `langSec` per
//! language, one `termSec` per rendering with its status as
//! `<termNote type="administrativeStatus">`: `preferredTerm-admn-sts`, `admittedTerm-admn-sts`,
//! or `deprecatedTerm-admn-sts` (forbidden). The output validates against the TBX-Basic
//! integrated RELAX NG schema.
//!
//! Read: TBX v3 (`tbx`/`conceptEntry`/`langSec`/`termSec`) and TBX v2 (`martif`/`termEntry`/
//! `langSet`/`tig` or `ntig`), any dialect. `supersededTerm-admn-sts` and
//! `notRecommended-admn-sts` read as forbidden; a rendering without a status is preferred when
//! it is the first of its language and admitted otherwise. Concept-level `<note>`s become the
//! entry's note. TBX has no data category for letter case; polypress marks a case-sensitive
//! entry with the note [`CASE_NOTE`]. Languages polypress does not publish in are skipped and
//! listed in [`Glossary::skipped`].

use std::path::Path;

use super::xmltree::{self, Node};
use super::{dedupe_ids, make_id, Glossary, Problem, Status, Term, TermEntry, TermsError};
use crate::error::Location;
use crate::model::Lang;
use crate::xml::{escape_attr, escape_text};

/// The TBX v3 namespace.
pub const NS: &str = "urn:iso:std:iso:30042:ed-2";

/// The concept note that marks an entry case-sensitive.
pub const CASE_NOTE: &str = "polypress: case-sensitive";

fn status_of(value: &str) -> Option<Status> {
    match value.trim() {
        "preferredTerm-admn-sts" | "preferredTerm" | "preferred" => Some(Status::Preferred),
        "admittedTerm-admn-sts" | "admittedTerm" | "admitted" => Some(Status::Admitted),
        "deprecatedTerm-admn-sts"
        | "supersededTerm-admn-sts"
        | "notRecommended-admn-sts"
        | "deprecatedTerm"
        | "supersededTerm"
        | "forbidden" => Some(Status::Forbidden),
        _ => None,
    }
}

fn status_value(s: Status) -> &'static str {
    match s {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Forbidden => "deprecatedTerm-admn-sts",
    }
}

/// Parses a TBX document; `path` names it in errors.
///
/// # Errors
/// Malformed XML, a root other than `tbx`/`martif`, a `langSec` without `xml:lang`, a
/// `termSec` without a `term`, an unknown administrative status.
pub fn parse(text: &str, path: &Path) -> Result<Glossary, TermsError> {
    let root = xmltree::parse(text, path)?;
    let at = |n: &Node| Location::at_offset(path, text, n.offset);
    let bad = |n: &Node, message: String| TermsError::Parse { at: at(n), message };
    if root.name != "tbx" && root.name != "martif" {
        return Err(bad(
            &root,
            format!(
                "root element `<{}>` (expected `<tbx>`, TBX v3, or `<martif>`, TBX v2)",
                root.name
            ),
        ));
    }
    let body = root
        .elems_named("text")
        .flat_map(|t| t.elems_named("body"))
        .next()
        .ok_or_else(|| {
            bad(
                &root,
                "no `<text><body>` (expected the entries there)".into(),
            )
        })?;
    let mut g = Glossary::default();
    for concept in body.elems() {
        if concept.name != "conceptEntry" && concept.name != "termEntry" {
            continue;
        }
        let mut entry = TermEntry {
            id: concept.attr("id").unwrap_or_default().to_string(),
            terms: Vec::new(),
            note: None,
            case_sensitive: false,
            origin: at(concept),
        };
        let mut notes = Vec::new();
        let (mut known, mut unknown) = (0, 0);
        for child in concept.elems() {
            match child.name.as_str() {
                "note" => {
                    let t = child.text().trim().to_string();
                    if t == CASE_NOTE {
                        entry.case_sensitive = true;
                    } else if !t.is_empty() {
                        notes.push(t);
                    }
                }
                "langSec" | "langSet" => {
                    if lang_sec(child, &mut entry, &mut g, path, text)? {
                        known += 1;
                    } else {
                        unknown += 1;
                    }
                }
                _ => {}
            }
        }
        if !notes.is_empty() {
            entry.note = Some(notes.join("\n"));
        }
        if entry.terms.is_empty() {
            if known == 0 && unknown > 0 {
                // Every language skipped: nothing to keep.
                continue;
            }
            return Err(bad(
                concept,
                "entry without renderings (expected a `langSec` with a `termSec`)".into(),
            ));
        }
        entry.normalize();
        if entry.id.is_empty() {
            entry.id = make_id(entry.label());
        }
        g.entries.push(entry);
    }
    dedupe_ids(&mut g.entries);
    Ok(g)
}

fn lang_sec(
    sec: &Node,
    entry: &mut TermEntry,
    g: &mut Glossary,
    path: &Path,
    text: &str,
) -> Result<bool, TermsError> {
    let at = |n: &Node| Location::at_offset(path, text, n.offset);
    let tag = sec
        .attr("xml:lang")
        .or_else(|| sec.attr("lang"))
        .ok_or_else(|| TermsError::Parse {
            at: at(sec),
            message: format!(
                "`<{}>` without `xml:lang` (expected e.g. `xml:lang=\"en\"`)",
                sec.name
            ),
        })?;
    let Some(lang) = Lang::from_tag(tag) else {
        g.skipped.push(Problem::warning(
            at(sec),
            format!("language `{tag}` skipped (polypress publishes en, tr and ru)"),
        ));
        return Ok(false);
    };
    let mut first = true;
    for ts in sec.elems() {
        // TBX v3 termSec; TBX v2 tig, or ntig with its termGrp.
        let holder = match ts.name.as_str() {
            "termSec" | "tig" => ts,
            "ntig" => match ts.elems_named("termGrp").next() {
                Some(g) => g,
                None => continue,
            },
            _ => continue,
        };
        let term = holder
            .elems_named("term")
            .next()
            .ok_or_else(|| TermsError::Parse {
                at: at(ts),
                message: format!("`<{}>` without `<term>`", ts.name),
            })?;
        let t = term.text().trim().to_string();
        if t.is_empty() {
            return Err(TermsError::Parse {
                at: at(term),
                message: "empty `<term>` (expected the rendering's text)".into(),
            });
        }
        let mut status = None;
        for note in holder
            .elems_named("termNote")
            .chain(ts.elems_named("termNote"))
        {
            if note.attr("type") == Some("administrativeStatus") {
                let v = note.text();
                status = Some(status_of(&v).ok_or_else(|| TermsError::Parse {
                    at: at(note),
                    message: format!("administrative status `{}` (expected preferredTerm-admn-sts, admittedTerm-admn-sts or deprecatedTerm-admn-sts)", v.trim()),
                })?);
            }
        }
        let status = status.unwrap_or(if first {
            Status::Preferred
        } else {
            Status::Admitted
        });
        first = false;
        entry.terms.push(Term {
            lang,
            text: t,
            status,
            line: at(term).line,
        });
    }
    Ok(true)
}

/// Writes a glossary as TBX-Basic (TBX v3, DCA style).
pub fn write(g: &Glossary) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"{NS}\">\n"
    ));
    out.push_str("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>polypress glossary</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n");
    out.push_str("  <text>\n    <body>\n");
    for e in &g.entries {
        out.push_str(&format!(
            "      <conceptEntry id=\"{}\">\n",
            escape_attr(&e.id)
        ));
        if let Some(n) = &e.note {
            out.push_str("        <note>");
            escape_text(&mut out, n, |_, _| {});
            out.push_str("</note>\n");
        }
        if e.case_sensitive {
            out.push_str(&format!("        <note>{CASE_NOTE}</note>\n"));
        }
        for lang in e.langs() {
            out.push_str(&format!("        <langSec xml:lang=\"{}\">\n", lang.code()));
            for t in e.in_lang(lang) {
                out.push_str("          <termSec>\n            <term>");
                escape_text(&mut out, &t.text, |_, _| {});
                out.push_str(&format!(
                    "</term>\n            <termNote type=\"administrativeStatus\">{}</termNote>\n          </termSec>\n",
                    status_value(t.status)
                ));
            }
            out.push_str("        </langSec>\n");
        }
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tbx2_martif_with_statuses_and_skips_other_languages() {
        let text = r#"<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><martifHeader/><text><body>
<termEntry id="c1">
  <note>Trans-Caspian route</note>
  <langSet xml:lang="en"><tig><term>Middle Corridor</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Mittlerer Korridor</term></tig></langSet>
  <langSet xml:lang="ru-RU">
    <tig><term>Средний коридор</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>Срединный коридор</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termGrp></ntig>
  </langSet>
</termEntry></body></text></martif>"#;
        let g = parse(text, Path::new("t.tbx")).unwrap();
        assert_eq!(g.entries.len(), 1);
        let e = &g.entries[0];
        assert_eq!(e.id, "c1");
        assert_eq!(e.note.as_deref(), Some("Trans-Caspian route"));
        assert_eq!(e.terms.len(), 3);
        assert_eq!(e.terms[2].status, Status::Forbidden);
        assert_eq!(e.terms[2].line, 9);
        assert_eq!(g.skipped.len(), 1);
        assert!(g.skipped[0].message.contains("`de`"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "<tbx>\n<text><body>\n<conceptEntry id=\"a\">\n<langSec>\n<termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>";
        let e = parse(text, Path::new("terms/a.tbx"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("terms/a.tbx:4:1: `<langSec>` without `xml:lang`"),
            "{e}"
        );
        let e = parse("<tbx><text>", Path::new("b.tbx"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("b.tbx:1:"), "{e}");
        let e = parse("<glossary/>", Path::new("c.tbx"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected `<tbx>`"), "{e}");
    }
}
