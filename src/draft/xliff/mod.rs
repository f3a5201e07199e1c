//! The CAT-tool round trip: a draft goes out as XLIFF 2.0 or 1.2 ([`export`]), a translator
//! works on it in OmegaT, Trados, memoQ or Okapi, and the file comes back ([`import`]).
//!
//! Export writes one unit per draft entry, in draft order, with the source, the target (when
//! there is one), the state, the memory match as a translation candidate and notes naming the
//! source line and block. Placeholders become inline codes (`{1}…{/1}` → `<pc>`/`<g>`, `{1/}` →
//! `<ph>`/`<x>`) so CAT tools protect them; XLIFF 2.0 also carries the original Markdown of each
//! code in `<originalData>`.
//!
//! Import is all-or-nothing and never loses human work:
//! - a unit whose id is not in the draft, or whose source differs from the entry's source, is
//!   *stale*: reported, never applied;
//! - a changed target whose placeholders differ from its source's fails the whole import;
//! - the import applies the translator's work but never lowers a state, and replaces the
//!   target of a `translated` entry only with a target the file marks translated or reviewed,
//!   and of a `reviewed` entry only with a reviewed one.
//!
//! State mapping (`docs/xliff.md` has the tables):
//!
//! | draft        | XLIFF 2.0 `<segment state>`          | XLIFF 1.2 `<target state>`             |
//! |--------------|--------------------------------------|----------------------------------------|
//! | `new`        | `initial`, no `<target>`             | no `<target>`                          |
//! | `fuzzy`      | `initial`, `subState="pp:fuzzy"`     | `needs-review-translation`             |
//! | `translated` | `translated`                         | `translated`, `approved="yes"`         |
//! | `reviewed`   | `reviewed` (`final` is read as this) | `signed-off`, `approved="yes"`         |
//!
//! Read back, any XLIFF 2.0 `initial` segment with a target is `fuzzy`; in 1.2, `final` reads
//! as `signed-off`, a target without `state` as `translated`, and every other state with a
//! target (`new`, `needs-*`) as `fuzzy`.

mod read;
mod write1;
mod write2;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{check_placeholders, placeholder_list, Draft, State};
use crate::error::Location;
use crate::model::{scan_placeholders, Article, CodeRole, Lang, SegmentId};

pub use read::{inspect, XliffInfo};

/// Namespace of XLIFF 2.0 documents.
pub const NS_XLIFF2: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// Namespace of XLIFF 1.2 documents.
pub const NS_XLIFF12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// Namespace of the XLIFF 2.0 Translation Candidates module (`mtc`).
pub const NS_MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";
/// Namespace of the XLIFF 2.0 Metadata module (`mda`).
pub const NS_METADATA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";

/// Which XLIFF to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XliffVersion {
    /// XLIFF 2.0 (OASIS Standard, 2014): the default.
    V2_0,
    /// XLIFF 1.2 (OASIS Standard, 2008), for older tools.
    V1_2,
}

impl XliffVersion {
    /// The `version` attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            XliffVersion::V2_0 => "2.0",
            XliffVersion::V1_2 => "1.2",
        }
    }
}

impl std::str::FromStr for XliffVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "2.0" | "2" => Ok(XliffVersion::V2_0),
            "1.2" => Ok(XliffVersion::V1_2),
            _ => Err(format!(
                "unknown XLIFF version `{s}` (expected `2.0` or `1.2`)"
            )),
        }
    }
}

/// Errors reading an XLIFF file back.
#[derive(Debug, thiserror::Error)]
pub enum XliffError {
    /// Not well-formed XML.
    #[error("{at}: malformed XML: {message}")]
    Xml {
        /// Where the parser stopped.
        at: Location,
        /// What it found.
        message: String,
    },
    /// Well-formed XML that is not the XLIFF polypress reads.
    #[error("{at}: {message}")]
    Format {
        /// The element.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The file was exported from another article or language pair.
    #[error("{at}: this XLIFF is for {found}, not for {expected}\n  hint: import it with the article it was exported from, or export a fresh one with `polypress export xliff`")]
    WrongArticle {
        /// The `<file>` element.
        at: Location,
        /// What the file names.
        found: String,
        /// What the import expected.
        expected: String,
    },
    /// A unit's inline codes cannot be turned back into placeholders.
    #[error("{at}: unit `{unit}`: {message}")]
    Inline {
        /// The code.
        at: Location,
        /// The unit id.
        unit: String,
        /// What is wrong.
        message: String,
    },
    /// Several changed targets' placeholders differ from their sources'.
    #[error("{count} units have broken placeholders; nothing was imported:\n{list}")]
    ManyPlaceholders {
        /// How many.
        count: usize,
        /// One error per unit, one per line.
        list: String,
    },
    /// A changed target's placeholders differ from its source's.
    #[error("{at}: unit `{unit}`: {problem}\n  hint: in the CAT tool, give the target each inline code of the source exactly once ({expected}); nothing was imported")]
    Placeholders {
        /// The unit.
        at: Location,
        /// The unit id.
        unit: String,
        /// What is wrong.
        problem: String,
        /// The source's placeholders.
        expected: String,
    },
}

/// Several targets' placeholders differ from their sources': every one is listed.
impl XliffError {
    /// How many problems the error reports.
    pub fn count(&self) -> usize {
        match self {
            XliffError::ManyPlaceholders { count, .. } => *count,
            _ => 1,
        }
    }
}

/// A unit that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitIssue {
    /// The unit id (a segment id, or whatever the file holds).
    pub id: String,
    /// 1-based line of the unit in the XLIFF file.
    pub line: usize,
    /// Why it was not applied.
    pub reason: String,
}

/// What an import did, unit by unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Entries whose target, state or note changed.
    pub applied: Vec<SegmentId>,
    /// Units that matched their entry and brought nothing new.
    pub unchanged: Vec<SegmentId>,
    /// Units whose id is not in the draft or whose source changed since the export.
    pub stale: Vec<UnitIssue>,
    /// Units whose target would have replaced human work of a higher state.
    pub skipped: Vec<UnitIssue>,
}

impl ImportReport {
    /// Whether some of the file's work was not applied (stale or skipped units).
    pub fn has_unapplied(&self) -> bool {
        !self.stale.is_empty() || !self.skipped.is_empty()
    }
}

/// The path of an article's source file, as written in `<file original>`.
pub fn original_path(article: &Article) -> String {
    format!("sources/{}/{}.md", article.slug, article.lang.code())
}

/// The default place of an export under the project: `xliff/<slug>.<src>-<tgt>.xlf`.
pub fn export_path(slug: &str, source: Lang, target: Lang) -> PathBuf {
    PathBuf::from("xliff").join(format!("{slug}.{}-{}.xlf", source.code(), target.code()))
}

/// Writes `draft` (of `article`) as XLIFF. Deterministic: the same draft gives the same bytes.
pub fn export(article: &Article, draft: &Draft, version: XliffVersion) -> String {
    match version {
        XliffVersion::V2_0 => write2::write(article, draft),
        XliffVersion::V1_2 => write1::write(article, draft),
    }
}

/// A unit as read from the file, with its placeholders restored.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub id: String,
    pub offset: usize,
    pub source: String,
    pub target: Option<String>,
    pub state: State,
    pub note: Option<String>,
    /// The [`revision`] of the draft entry the unit was exported from, when the file carries it.
    pub rev: Option<String>,
}

/// The revision of a draft entry as exported: a fingerprint of its target and state (FNV-1a,
/// 64 bits, hex), so an import can tell whether the draft's entry changed since the export.
pub fn revision(entry: &crate::draft::Entry) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in entry
        .state
        .as_str()
        .bytes()
        .chain([0])
        .chain(entry.target.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// How [`import_with`] treats conflicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Take the file's target even where the draft's entry changed since the export.
    pub force: bool,
}

/// Reads an XLIFF file back into a copy of `draft`.
///
/// `path` names the file in errors. The file must name `article` (its `original` or file id)
/// and the draft's languages.
///
/// # Errors
/// Malformed XML (with line and column), a file that is not XLIFF 1.2/2.0, a file from another
/// article or language pair, inline codes that do not map back to placeholders, and a changed
/// target whose placeholders differ from its source's. On error nothing is applied.
pub fn import(
    text: &str,
    path: &Path,
    article: &Article,
    draft: &Draft,
) -> Result<(Draft, ImportReport), XliffError> {
    import_with(text, path, article, draft, ImportOptions::default())
}

/// [`import`] with options. A unit exported from an older revision of its entry (the draft's
/// entry changed after the export) that would change the entry is a conflict: the draft's
/// entry is kept and the unit is listed as skipped, unless `force` is set.
///
/// # Errors
/// See [`import`]; every target whose placeholders differ from its source's is reported.
pub fn import_with(
    text: &str,
    path: &Path,
    article: &Article,
    draft: &Draft,
    options: ImportOptions,
) -> Result<(Draft, ImportReport), XliffError> {
    let doc = read::read(text, path)?;
    let at = |offset: usize| Location::at_offset(path, text, offset);
    check_belongs(&doc.info, article, draft, at(doc.info.offset))?;
    let mut out = draft.clone();
    let mut report = ImportReport::default();
    let mut broken: Vec<XliffError> = Vec::new();
    let index: BTreeMap<&SegmentId, usize> = draft
        .segments
        .iter()
        .enumerate()
        .map(|(i, e)| (&e.id, i))
        .collect();
    for unit in &doc.units {
        let issue = |reason: String| UnitIssue {
            id: unit.id.clone(),
            line: at(unit.offset).line,
            reason,
        };
        let Some(&i) = index.get(&SegmentId(unit.id.clone())) else {
            report
                .stale
                .push(issue("no entry with this id in the draft".into()));
            continue;
        };
        let entry = &mut out.segments[i];
        if unit.source != entry.source {
            report.stale.push(issue(format!(
                "source changed since the export: the draft has `{}`, the file `{}`",
                entry.source, unit.source
            )));
            continue;
        }
        let mut changed = false;
        if let Some(target) = unit.target.as_deref().filter(|t| !t.trim().is_empty()) {
            let new_text = target != entry.target;
            let raises = unit.state > entry.state;
            let older = unit.rev.as_ref().is_some_and(|r| *r != revision(entry));
            if older && (new_text || raises) && !options.force {
                report.skipped.push(issue(format!(
                    "conflict: the draft's entry changed after this file was exported (it is now {} `{}`); the draft's is kept (import with --force to take the file's)",
                    entry.state.as_str(),
                    entry.target
                )));
                continue;
            }
            if new_text || (raises && unit.state.is_final()) {
                if let Err(problem) = check_placeholders(&entry.source, target) {
                    broken.push(XliffError::Placeholders {
                        at: at(unit.offset),
                        unit: unit.id.clone(),
                        problem,
                        expected: placeholder_list(&entry.source),
                    });
                    continue;
                }
            }
            if new_text {
                // A different target replaces human work only with work of at least its state.
                let allowed = options.force
                    || !entry.state.is_final()
                    || (unit.state.is_final() && unit.state >= entry.state);
                if allowed {
                    entry.target = target.to_string();
                    entry.state = if options.force {
                        unit.state.max(State::Fuzzy)
                    } else {
                        unit.state.max(entry.state).max(State::Fuzzy)
                    };
                    changed = true;
                } else {
                    report.skipped.push(issue(format!(
                        "the draft's target is `{}` and the file's is only `{}`; a {} target never replaces {} work (mark it {} in the CAT tool to replace it)",
                        entry.state.as_str(),
                        unit.state.as_str(),
                        unit.state.as_str(),
                        entry.state.as_str(),
                        entry.state.as_str()
                    )));
                    continue;
                }
            } else if raises {
                entry.state = unit.state;
                changed = true;
            }
            if changed && entry.state.is_final() {
                // The target is now made for the current source.
                entry.previous_source = None;
            }
        }
        if let Some(note) = &unit.note {
            if entry.note.as_ref() != Some(note) {
                entry.note = Some(note.clone());
                changed = true;
            }
        }
        if changed {
            report.applied.push(entry.id.clone());
        } else {
            report.unchanged.push(entry.id.clone());
        }
    }
    match broken.len() {
        0 => Ok((out, report)),
        1 => Err(broken.remove(0)),
        n => Err(XliffError::ManyPlaceholders {
            count: n,
            list: broken
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }),
    }
}

fn check_belongs(
    info: &XliffInfo,
    article: &Article,
    draft: &Draft,
    at: Location,
) -> Result<(), XliffError> {
    let original = original_path(article);
    let names_article = info.original.as_deref() == Some(original.as_str())
        || (info.original.is_none() && info.file_id.as_deref() == Some(article.slug.as_str()))
        || info
            .original
            .as_deref()
            .and_then(slug_of_original)
            .is_some_and(|s| s == article.slug);
    let langs = (info.source_lang.as_deref(), info.target_lang.as_deref());
    let same_langs = langs.0.and_then(Lang::from_tag) == Some(draft.source_lang)
        && langs.1.and_then(Lang::from_tag) == Some(draft.target_lang);
    if names_article && same_langs {
        return Ok(());
    }
    Err(XliffError::WrongArticle {
        at,
        found: format!(
            "`{}` ({} → {})",
            info.original
                .clone()
                .or_else(|| info.file_id.clone())
                .unwrap_or_else(|| "no original".into()),
            langs.0.unwrap_or("?"),
            langs.1.unwrap_or("?")
        ),
        expected: format!(
            "`{original}` ({} → {})",
            draft.source_lang.code(),
            draft.target_lang.code()
        ),
    })
}

/// The slug in an `original` of the form `sources/<slug>/<lang>.md`.
pub fn slug_of_original(original: &str) -> Option<String> {
    let norm = original.replace('\\', "/");
    let parts: Vec<&str> = norm.split('/').collect();
    match parts.as_slice() {
        ["sources", slug, file] if file.strip_suffix(".md").and_then(Lang::from_tag).is_some() => {
            Some((*slug).to_string())
        }
        _ => None,
    }
}

/// One piece of placeholder text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline<'a> {
    Text(&'a str),
    /// An opening code; `paired` when its closing code follows at the same nesting level.
    Open {
        id: u32,
        paired: bool,
    },
    /// A closing code; `paired` as for the opening one; `after_open` when an unpaired opening
    /// code with this id comes before it.
    Close {
        id: u32,
        paired: bool,
        after_open: bool,
    },
    Standalone(u32),
}

/// Splits placeholder text into text and codes, and decides which paired codes nest properly
/// (written as `<pc>`/`<g>`) and which do not (written as `<sc>`/`<ec>` or `<bx>`/`<ex>`).
pub(crate) fn inline(text: &str) -> Vec<Inline<'_>> {
    let tokens = scan_placeholders(text);
    let mut out = Vec::new();
    let mut pos = 0;
    for (range, id, role) in &tokens {
        if range.start > pos {
            out.push(Inline::Text(&text[pos..range.start]));
        }
        out.push(match role {
            CodeRole::Open => Inline::Open {
                id: *id,
                paired: false,
            },
            CodeRole::Close => Inline::Close {
                id: *id,
                paired: false,
                after_open: false,
            },
            CodeRole::Standalone => Inline::Standalone(*id),
        });
        pos = range.end;
    }
    if pos < text.len() {
        out.push(Inline::Text(&text[pos..]));
    }
    // Pair codes like brackets: a close pairs with the nearest open of its id; opens that a
    // close skips over cross it and stay unpaired.
    let mut stack: Vec<(u32, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, piece) in out.iter().enumerate() {
        match piece {
            Inline::Open { id, .. } => stack.push((*id, i)),
            Inline::Close { id, .. } => {
                if let Some(k) = stack.iter().rposition(|(o, _)| o == id) {
                    pairs.push((stack[k].1, i));
                    stack.truncate(k);
                }
            }
            _ => {}
        }
    }
    for (o, c) in pairs {
        if let Inline::Open { paired, .. } = &mut out[o] {
            *paired = true;
        }
        if let Inline::Close { paired, .. } = &mut out[c] {
            *paired = true;
        }
    }
    let mut open_unpaired: Vec<u32> = Vec::new();
    for piece in &mut out {
        match piece {
            Inline::Open { id, paired: false } => open_unpaired.push(*id),
            Inline::Close {
                id,
                paired: false,
                after_open,
            } => {
                if let Some(k) = open_unpaired.iter().position(|o| o == id) {
                    open_unpaired.remove(k);
                    *after_open = true;
                }
            }
            _ => {}
        }
    }
    out
}

pub(crate) use crate::xml::{escape_attr, escape_text};

/// Escapes a note: notes are plain text, so characters XML cannot hold become U+FFFD.
pub(crate) fn escape_note(out: &mut String, s: &str) {
    escape_text(out, s, |o, _| o.push('\u{FFFD}'));
}

/// The location note of an entry: `sources/<slug>/<lang>.md:<line>`.
pub(crate) fn location(article: &Article, id: &SegmentId) -> Option<(String, String)> {
    let seg = article.segment(id)?;
    Some((
        format!("{}:{}", original_path(article), seg.line),
        seg.block.to_string(),
    ))
}

#[cfg(test)]
mod tests;
