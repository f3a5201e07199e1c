//! Drafts: the translation of one article into one target language, kept in
//! `sources/<slug>/<lang>.json` beside the source article. One entry per source segment, in
//! source order, each with its target text, state and (for pre-filled entries) the memory
//! match it came from.
//!
//! This module owns the file format (pretty-printed, stably ordered JSON that diffs cleanly;
//! schema in `schemas/draft.schema.json`), loading with located errors, atomic saving, the
//! placeholder check, and [`sync`]: bringing a draft in line with an edited source without ever
//! losing human work.

pub mod learn;
pub mod memory;
pub mod persist;
pub mod prefill;
mod sync;
pub mod xliff;

pub use prefill::{prefill, Job, PrefillOptions, PrefillStats};
pub use sync::{sync, SyncReport};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{IoError, Location};
use crate::model::{scan_placeholders, Article, Lang, SegmentId};

/// The value of a draft's `format` key.
pub const FORMAT: &str = "polypress-draft/1";

/// Where a draft entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// No target yet.
    New,
    /// A target that needs review: pre-filled below 100, or its source changed.
    Fuzzy,
    /// Translated by a person, or an exact memory match.
    Translated,
    /// Translated and reviewed.
    Reviewed,
}

impl State {
    /// Whether the entry holds human work that no command may overwrite.
    pub fn is_final(self) -> bool {
        matches!(self, State::Translated | State::Reviewed)
    }

    /// The state's name as written in drafts.
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Fuzzy => "fuzzy",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
        }
    }
}

/// Where an entry's pre-filled target came from, as written in a draft's `match.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// An exact memory match with the same neighbouring segments (score 101).
    Context,
    /// An exact memory match.
    Exact,
    /// A similar memory segment.
    Fuzzy,
    /// A sentence of an existing translation, paired by `align`.
    Alignment,
    /// The old target of an edited source segment, kept for review.
    Previous,
}

impl MatchKind {
    /// The kind's name as written in drafts.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Context => "context",
            MatchKind::Exact => "exact",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Alignment => "alignment",
            MatchKind::Previous => "previous",
        }
    }

    /// Whether the target is an exact memory match (in context or not).
    pub fn is_exact(self) -> bool {
        matches!(self, MatchKind::Context | MatchKind::Exact)
    }
}

impl std::fmt::Display for MatchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<crate::memory::MatchKind> for MatchKind {
    fn from(k: crate::memory::MatchKind) -> MatchKind {
        match k {
            crate::memory::MatchKind::Context => MatchKind::Context,
            crate::memory::MatchKind::Exact => MatchKind::Exact,
            crate::memory::MatchKind::Fuzzy => MatchKind::Fuzzy,
        }
    }
}

/// The memory match (or alignment) that pre-filled an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchInfo {
    /// 0-100, or 101 for an in-context match.
    pub score: u8,
    /// Where the target came from.
    pub kind: MatchKind,
    /// Where it came from: a TMX file and TU, or an aligned file.
    pub origin: String,
    /// Numbers adapted from the memory's source to this segment, as `from → to`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adapted: Vec<String>,
    /// The memory's source text, so a reviewer (or a CAT tool, through XLIFF) sees what the
    /// segment differs from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The memory's target as it was filled in (numbers adapted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Differences that may change the meaning (negation, number, name): the entry stays
    /// `fuzzy` and `check` reports it until a person translates it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::memory::lookup::Warning>,
}

impl MatchInfo {
    /// A match of `kind` and `score` from `origin`, with no adapted numbers, memory texts or
    /// warnings.
    pub fn new(kind: MatchKind, score: u8, origin: impl Into<String>) -> MatchInfo {
        MatchInfo {
            score,
            kind,
            origin: origin.into(),
            adapted: Vec::new(),
            source: None,
            target: None,
            warnings: Vec::new(),
        }
    }
}

/// One entry of a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The source segment's id.
    pub id: SegmentId,
    /// The source text with placeholders, as it was when the target was made.
    pub source: String,
    /// The translation, with the same placeholders; empty when `new`.
    pub target: String,
    /// Where it stands.
    pub state: State,
    /// The match that pre-filled it.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchInfo>,
    /// For an edited source segment: the source text the kept target was made for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_source: Option<String>,
    /// Date the target last changed (`YYYY-MM-DD`), for the memory's change dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    /// A translator's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Glossary terms found in the source, with their renderings (see [`crate::terms`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<crate::terms::TermRef>,
}

impl Entry {
    /// Whether the entry was made for another text than `segment`'s (the source changed since):
    /// the one rule by which assembly, `check` and `learn` treat an entry as stale.
    pub fn is_stale_for(&self, segment: &crate::model::Segment) -> bool {
        self.source != segment.text
    }

    /// A `new` entry for a source segment.
    pub fn new(id: SegmentId, source: String) -> Entry {
        Entry {
            id,
            source,
            target: String::new(),
            state: State::New,
            matched: None,
            previous_source: None,
            changed: None,
            note: None,
            terms: Vec::new(),
        }
    }
}

/// A draft file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// Always [`FORMAT`].
    pub format: String,
    /// The article's slug.
    pub slug: String,
    /// The source article's language.
    pub source_lang: Lang,
    /// This draft's language.
    pub target_lang: Lang,
    /// One entry per source segment, in source order.
    pub segments: Vec<Entry>,
}

/// Errors reading or writing drafts.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// I/O failure.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The JSON does not parse or does not have the draft's shape.
    #[error("{at}: {message}\n  hint: fix the JSON by hand, or delete the file and run `polypress prefill` to recreate it (translated work in it would be lost)")]
    Parse {
        /// Where.
        at: Location,
        /// What the parser expected.
        message: String,
    },
    /// The draft does not belong with its source article.
    #[error("{at}: {message}")]
    Mismatch {
        /// The draft file.
        at: Location,
        /// What disagrees.
        message: String,
    },
    /// A target's placeholders differ from its source's.
    #[error("{at}: segment `{id}`: {problem}\n  hint: the target must contain each placeholder of the source exactly once ({expected})")]
    Placeholders {
        /// The file.
        at: Location,
        /// The segment.
        id: SegmentId,
        /// What is wrong.
        problem: String,
        /// The source's placeholders.
        expected: String,
    },
}

/// The path of a draft relative to the project root: `sources/<slug>/<lang>.json`.
pub fn draft_path(slug: &str, lang: Lang) -> PathBuf {
    PathBuf::from("sources")
        .join(slug)
        .join(format!("{}.json", lang.code()))
}

impl Draft {
    /// An empty draft of `article` into `target`: every segment `new`.
    pub fn empty(article: &Article, target: Lang) -> Draft {
        Draft {
            format: FORMAT.to_string(),
            slug: article.slug.clone(),
            source_lang: article.lang,
            target_lang: target,
            segments: article
                .segments
                .iter()
                .map(|s| Entry::new(s.id.clone(), s.text.clone()))
                .collect(),
        }
    }

    /// Parses a draft from JSON text; `path` names it in errors.
    ///
    /// # Errors
    /// Broken JSON, unknown keys or states, and wrong types, with line and column.
    pub fn parse(text: &str, path: &Path) -> Result<Draft, DraftError> {
        let draft: Draft = serde_json::from_str(text).map_err(|e| DraftError::Parse {
            at: Location::new(path, e.line(), e.column()),
            message: match bad_entry(text) {
                Some(id) => format!("segment `{id}`: {}", json_message(&e)),
                None => json_message(&e),
            },
        })?;
        if draft.format != FORMAT {
            return Err(DraftError::Mismatch {
                at: Location::file(path),
                message: format!(
                    "unknown draft format `{}` (expected `{FORMAT}`)",
                    draft.format
                ),
            });
        }
        let mut seen = BTreeSet::new();
        for e in &draft.segments {
            if !seen.insert(&e.id) {
                return Err(DraftError::Mismatch {
                    at: Location::file(path),
                    message: format!("segment `{}` appears twice (expected each id once)", e.id),
                });
            }
            if let Err(problem) = check_target_chars(&e.target) {
                return Err(DraftError::Mismatch {
                    at: Location::file(path),
                    message: format!("segment `{}`: {problem}", e.id),
                });
            }
            if e.state != State::New && e.target.trim().is_empty() {
                return Err(DraftError::Mismatch {
                    at: Location::file(path),
                    message: format!(
                        "segment `{}` is `{}` but its target is empty (expected a target, or state `new`)",
                        e.id,
                        e.state.as_str()
                    ),
                });
            }
        }
        Ok(draft)
    }

    /// Loads `root/<rel>`; `Ok(None)` when the file does not exist.
    ///
    /// # Errors
    /// See [`Draft::parse`].
    pub fn load(root: &Path, rel: &Path) -> Result<Option<Draft>, DraftError> {
        let abs = root.join(rel);
        let bytes = match std::fs::read(&abs) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(IoError::Read {
                    path: rel.to_path_buf(),
                    source,
                }
                .into())
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| DraftError::Parse {
            at: Location::file(rel),
            message: format!(
                "invalid UTF-8 at byte {} (expected UTF-8 JSON)",
                e.utf8_error().valid_up_to()
            ),
        })?;
        // A byte-order mark (as some Windows editors save UTF-8) is not part of the JSON.
        Draft::parse(text.strip_prefix('\u{feff}').unwrap_or(&text), rel).map(Some)
    }

    /// The JSON text: pretty-printed, keys in a fixed order, a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("drafts serialize: plain data");
        s.push('\n');
        s
    }

    /// Writes the draft atomically to `root/<rel>`; returns whether the file changed.
    ///
    /// # Errors
    /// I/O failure.
    pub fn save(&self, root: &Path, rel: &Path) -> Result<bool, DraftError> {
        Ok(crate::fsx::write_atomic(
            &root.join(rel),
            self.to_json().as_bytes(),
        )?)
    }

    /// Finds an entry by id.
    pub fn entry(&self, id: &SegmentId) -> Option<&Entry> {
        self.segments.iter().find(|e| &e.id == id)
    }

    /// Counts entries per state.
    pub fn state_counts(&self) -> StateCounts {
        let mut c = StateCounts::default();
        for e in &self.segments {
            c.add(e.state, 1);
        }
        c
    }
}

/// How many entries are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    /// Not translated.
    pub new: usize,
    /// Pre-filled or aligned, for review.
    pub fuzzy: usize,
    /// Translated.
    pub translated: usize,
    /// Reviewed.
    pub reviewed: usize,
}

impl StateCounts {
    /// Adds `n` entries in `state`.
    pub fn add(&mut self, state: State, n: usize) {
        match state {
            State::New => self.new += n,
            State::Fuzzy => self.fuzzy += n,
            State::Translated => self.translated += n,
            State::Reviewed => self.reviewed += n,
        }
    }

    /// Adds another count.
    pub fn merge(&mut self, o: StateCounts) {
        self.new += o.new;
        self.fuzzy += o.fuzzy;
        self.translated += o.translated;
        self.reviewed += o.reviewed;
    }

    /// All entries.
    pub fn total(&self) -> usize {
        self.new + self.fuzzy + self.translated + self.reviewed
    }
}

/// The id of the first entry that does not have an entry's shape, when the JSON itself parses.
fn bad_entry(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    for e in v.get("segments")?.as_array()? {
        if serde_json::from_value::<Entry>(e.clone()).is_err() {
            return Some(
                e.get("id")
                    .and_then(|i| i.as_str())
                    .unwrap_or("?")
                    .to_string(),
            );
        }
    }
    None
}

fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the location is already in front.
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// Checks that `target` holds exactly the placeholders of `source`, each once, in any order.
///
/// # Errors
/// A description of the first difference: a missing, extra or repeated placeholder.
pub fn check_placeholders(source: &str, target: &str) -> Result<(), String> {
    let tokens = |t: &str| -> Vec<String> {
        scan_placeholders(t)
            .into_iter()
            .map(|(r, _, _)| t[r].to_string())
            .collect()
    };
    let (src, tgt) = (tokens(source), tokens(target));
    let mut tgt_sorted = tgt.clone();
    tgt_sorted.sort();
    for w in tgt_sorted.windows(2) {
        if w[0] == w[1] {
            return Err(format!(
                "placeholder `{}` appears more than once in the target",
                w[0]
            ));
        }
    }
    for t in &src {
        if !tgt.contains(t) {
            return Err(format!(
                "placeholder `{t}` of the source is missing from the target"
            ));
        }
    }
    for t in &tgt {
        if !src.contains(t) {
            return Err(format!("placeholder `{t}` is not in the source"));
        }
    }
    Ok(())
}

/// Checks that `target` holds only characters a page and a TMX file can carry (XML 1.0's:
/// no NUL or other control character but tab and line ends).
///
/// # Errors
/// The first such character, as a message.
pub fn check_target_chars(target: &str) -> Result<(), String> {
    match target.chars().find(|&c| !crate::xml::is_xml_char(c)) {
        Some(c) => Err(format!(
            "the target holds U+{:04X}, a control character no page or TMX file can carry (expected text: remove it)",
            c as u32
        )),
        None => Ok(()),
    }
}

/// The placeholders of a text, space-separated, for messages.
pub fn placeholder_list(text: &str) -> String {
    let v: Vec<&str> = scan_placeholders(text)
        .into_iter()
        .map(|(r, _, _)| &text[r])
        .collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_must_match_as_a_set() {
        assert!(check_placeholders("a {1}b{/1} c{2/}", "{2/} x {1}y{/1}").is_ok());
        let e = check_placeholders("a {1}b{/1}", "a b{/1}").unwrap_err();
        assert_eq!(
            e,
            "placeholder `{1}` of the source is missing from the target"
        );
        assert!(check_placeholders("a{1/}", "a{1/}{1/}")
            .unwrap_err()
            .contains("more than once"));
        assert!(check_placeholders("a", "a{3/}")
            .unwrap_err()
            .contains("not in the source"));
    }

    #[test]
    fn a_control_character_in_a_target_names_the_file_and_segment() {
        let text = "{\"format\":\"polypress-draft/1\",\"slug\":\"a\",\"source_lang\":\"en\",\"target_lang\":\"tr\",\"segments\":[{\"id\":\"x1\",\"source\":\"s\",\"target\":\"t\\u0000u\",\"state\":\"translated\"}]}";
        let e = Draft::parse(text, Path::new("sources/a/tr.json"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("sources/a/tr.json: segment `x1`: the target holds U+0000"),
            "{e}"
        );
    }

    #[test]
    fn broken_json_names_line_and_column() {
        let text = "{\n  \"format\": \"polypress-draft/1\",\n  \"slug\": \"a\"\n  \"source_lang\": \"en\"\n}";
        let e = Draft::parse(text, Path::new("sources/a/tr.json"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("sources/a/tr.json:4:3: expected `,` or `}`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_state_is_rejected_with_the_choices() {
        let text = r#"{"format":"polypress-draft/1","slug":"a","source_lang":"en","target_lang":"tr","segments":[{"id":"x","source":"s","target":"t","state":"done"}]}"#;
        let e = Draft::parse(text, Path::new("d.json"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "unknown variant `done`, expected one of `new`, `fuzzy`, `translated`, `reviewed`"
            ),
            "{e}"
        );
    }

    #[test]
    fn unknown_match_kind_names_the_file_segment_and_choices() {
        let text = r#"{"format":"polypress-draft/1","slug":"a","source_lang":"en","target_lang":"tr","segments":[
{"id":"x","source":"s","target":"t","state":"fuzzy","match":{"score":80,"kind":"guess","origin":"m.tmx#1"}}]}"#;
        let e = Draft::parse(text, Path::new("sources/a/tr.json"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("sources/a/tr.json:2:"), "{e}");
        assert!(
            e.contains("segment `x`: unknown variant `guess`, expected one of `context`, `exact`, `fuzzy`, `alignment`, `previous`"),
            "{e}"
        );
    }

    #[test]
    fn match_kinds_round_trip_by_their_draft_names() {
        for kind in [
            MatchKind::Context,
            MatchKind::Exact,
            MatchKind::Fuzzy,
            MatchKind::Alignment,
            MatchKind::Previous,
        ] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<MatchKind>(&json).unwrap(), kind);
        }
    }
}

#[cfg(test)]
mod bom_tests {
    use super::*;

    #[test]
    fn draft_with_a_utf8_bom_loads() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}{\"format\":\"polypress-draft/1\",\"slug\":\"a\",\"source_lang\":\"en\",\"target_lang\":\"tr\",\"segments\":[]}";
        std::fs::write(dir.path().join("tr.json"), text).unwrap();
        let d = Draft::load(dir.path(), Path::new("tr.json"))
            .unwrap()
            .unwrap();
        assert_eq!(d.slug, "a");
    }
}
