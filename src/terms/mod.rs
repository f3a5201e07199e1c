//! The glossary: the names and terms a publication renders the same way in every edition.
//!
//! A project keeps its glossary in `terms/`: any number of `*.tbx` files (TBX v3, the TBX-Basic
//! dialect, DCA style: [`tbx`]) and `*.csv` files (one column per language: [`csv`]), read in
//! file-name order into one [`Glossary`]. Each [`TermEntry`] is one concept (`Middle Corridor` /
//! `Orta Koridor` / `Средний коридор`) with any number of renderings per language, each
//! [`Status::Preferred`], [`Status::Admitted`] or [`Status::Forbidden`].
//!
//! Around the model:
//! - [`matcher`] finds a glossary's terms in text, inflected forms included, with the suffix
//!   rules of [`morph`] (Turkish suffix chains with vowel harmony, Russian case endings, English
//!   plurals and possessives);
//! - [`annotate`] lists the term hits of each draft entry (what `prefill` and XLIFF export carry);
//! - [`check`] gives the findings of the `terminology` gate of `polypress check`;
//! - [`extract`] proposes candidate entries from the memory and the aligned drafts;
//! - [`validate`] is what `polypress terms check` reports about the files themselves.

pub mod annotate;
pub mod check;
pub mod csv;
pub mod extract;
pub mod matcher;
pub mod morph;
mod project;
pub mod tbx;
mod validate;
mod xmltree;

pub use annotate::{annotate_draft, TermRef};
pub use matcher::{Hit, Matcher};
pub use project::{TermsCheckReport, TermsExtractReport, TermsImportReport};
pub use validate::{validate, Level, Problem};

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{IoError, Location};
use crate::model::Lang;

/// The folder below the project root that holds the glossary files.
pub const DIR: &str = "terms";

/// How a rendering may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The rendering to use.
    Preferred,
    /// Also correct (an accepted variant or short form).
    Admitted,
    /// Wrong: a target must not use it.
    Forbidden,
}

impl Status {
    /// The status as written in CSV headers and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preferred => "preferred",
            Status::Admitted => "admitted",
            Status::Forbidden => "forbidden",
        }
    }

    /// Whether a target may use it.
    pub fn is_allowed(self) -> bool {
        self != Status::Forbidden
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rendering of a concept in one language.
#[derive(Debug, Clone, Eq, Serialize)]
pub struct Term {
    /// The language.
    pub lang: Lang,
    /// The text, in its dictionary form (nominative, singular, no suffixes).
    pub text: String,
    /// How it may be used.
    pub status: Status,
    /// 1-based line in the file it came from; 0 when made in memory. Not part of equality.
    #[serde(skip)]
    pub line: usize,
}

impl PartialEq for Term {
    fn eq(&self, o: &Term) -> bool {
        self.lang == o.lang && self.text == o.text && self.status == o.status
    }
}

impl Term {
    /// A rendering made in memory (line 0).
    pub fn new(lang: Lang, text: impl Into<String>, status: Status) -> Term {
        Term {
            lang,
            text: text.into(),
            status,
            line: 0,
        }
    }
}

/// One concept: its renderings in each language, a note, and whether case matters.
#[derive(Debug, Clone, Eq, Serialize)]
pub struct TermEntry {
    /// A stable id (TBX `conceptEntry/@id`; in CSV the `id` column, or made from the first
    /// rendering).
    pub id: String,
    /// Renderings, per language in [`Lang::ALL`] order, preferred before admitted before
    /// forbidden, otherwise in file order (see [`TermEntry::normalize`]).
    pub terms: Vec<Term>,
    /// A note for translators.
    pub note: Option<String>,
    /// Whether matching respects letter case (it always does for all-capital words such as
    /// `TITR`).
    pub case_sensitive: bool,
    /// Where the entry starts. Not part of equality.
    #[serde(skip)]
    pub origin: Location,
}

impl PartialEq for TermEntry {
    fn eq(&self, o: &TermEntry) -> bool {
        self.id == o.id
            && self.terms == o.terms
            && self.note == o.note
            && self.case_sensitive == o.case_sensitive
    }
}

impl TermEntry {
    /// An entry made in memory.
    pub fn new(id: impl Into<String>, terms: Vec<Term>) -> TermEntry {
        let mut e = TermEntry {
            id: id.into(),
            terms,
            note: None,
            case_sensitive: false,
            origin: Location::file(""),
        };
        e.normalize();
        e
    }

    /// Puts the renderings in canonical order: by language, then status, then file order.
    pub fn normalize(&mut self) {
        self.terms.sort_by_key(|t| (t.lang, t.status));
    }

    /// The renderings in `lang`.
    pub fn in_lang(&self, lang: Lang) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(move |t| t.lang == lang)
    }

    /// The renderings a target in `lang` may use: preferred, then admitted.
    pub fn allowed(&self, lang: Lang) -> impl Iterator<Item = &Term> {
        self.in_lang(lang).filter(|t| t.status.is_allowed())
    }

    /// The preferred rendering in `lang` (the first allowed one when none is marked preferred).
    pub fn preferred(&self, lang: Lang) -> Option<&Term> {
        self.allowed(lang).next()
    }

    /// The languages it has renderings in.
    pub fn langs(&self) -> Vec<Lang> {
        let mut v: Vec<Lang> = self.terms.iter().map(|t| t.lang).collect();
        v.dedup();
        v
    }

    /// The entry's name in messages: its first preferred rendering.
    pub fn label(&self) -> &str {
        Lang::ALL
            .iter()
            .find_map(|&l| self.preferred(l))
            .map_or(self.id.as_str(), |t| t.text.as_str())
    }
}

/// A project's glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Glossary {
    /// Entries in file order.
    pub entries: Vec<TermEntry>,
    /// Files read, relative to the project root.
    #[serde(skip)]
    pub files: Vec<PathBuf>,
    /// What was read but not kept (languages polypress does not publish in), per file.
    #[serde(skip)]
    pub skipped: Vec<Problem>,
}

/// Errors reading or writing glossary files.
#[derive(Debug, thiserror::Error)]
pub enum TermsError {
    /// I/O failure.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The file does not parse or has not the shape expected.
    #[error("{at}: {message}")]
    Parse {
        /// Where.
        at: Location,
        /// What was expected.
        message: String,
    },
    /// A file name with an extension that is neither `.tbx` nor `.csv`.
    #[error("`{}`: unknown glossary format (expected a `.tbx` or `.csv` file)", .0.display())]
    Format(PathBuf),
}

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TBX-Basic (TBX v3, DCA style).
    Tbx,
    /// CSV with one column per language.
    Csv,
}

impl Format {
    /// The format a file name's extension says.
    ///
    /// # Errors
    /// An extension other than `.tbx` and `.csv`.
    pub fn of(path: &Path) -> Result<Format, TermsError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("tbx") => Ok(Format::Tbx),
            Some("csv") => Ok(Format::Csv),
            _ => Err(TermsError::Format(path.to_path_buf())),
        }
    }
}

/// Parses one glossary file's text; `path` names it in errors.
///
/// # Errors
/// Malformed XML or CSV, or entries without the required parts, with line numbers.
pub fn parse(text: &str, path: &Path, format: Format) -> Result<Glossary, TermsError> {
    match format {
        Format::Tbx => tbx::parse(text, path),
        Format::Csv => csv::parse(text, path),
    }
}

/// Writes a glossary in `format`.
pub fn write(glossary: &Glossary, format: Format) -> String {
    match format {
        Format::Tbx => tbx::write(glossary),
        Format::Csv => csv::write(glossary),
    }
}

impl Glossary {
    /// Reads one file, TBX or CSV by its extension.
    ///
    /// # Errors
    /// Unreadable file, unknown extension, or a parse error.
    pub fn read_file(path: &Path, shown_as: &Path) -> Result<Glossary, TermsError> {
        let format = Format::of(path)?;
        let text = std::fs::read_to_string(path).map_err(|source| IoError::Read {
            path: shown_as.to_path_buf(),
            source,
        })?;
        let mut g = parse(&text, shown_as, format)?;
        g.files = vec![shown_as.to_path_buf()];
        Ok(g)
    }

    /// Reads every `*.tbx` and `*.csv` file of `<root>/terms/` in file-name order. No folder
    /// means an empty glossary.
    ///
    /// # Errors
    /// The first file that cannot be read or parsed.
    pub fn load(root: &Path) -> Result<Glossary, TermsError> {
        let dir = root.join(DIR);
        let mut out = Glossary::default();
        let Ok(read) = std::fs::read_dir(&dir) else {
            return Ok(out);
        };
        let mut files: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && Format::of(p).is_ok())
            .collect();
        files.sort();
        for f in files {
            let rel = crate::error::relative(&f, root);
            let g = Glossary::read_file(&f, &rel)?;
            out.merge(g);
        }
        Ok(out)
    }

    /// Appends another glossary's entries.
    pub fn merge(&mut self, other: Glossary) {
        self.entries.extend(other.entries);
        self.files.extend(other.files);
        self.skipped.extend(other.skipped);
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&TermEntry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// What [`Glossary::import`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportStats {
    /// Entries new to the glossary.
    pub added: usize,
    /// Entries that gained renderings (or a note).
    pub updated: usize,
    /// Entries already there as they are.
    pub unchanged: usize,
}

impl Glossary {
    /// Merges `other` into this glossary without losing anything: an entry with a new id is
    /// appended; an entry whose id is known adds the renderings the glossary lacks (a rendering
    /// already there keeps its status) and its note if the glossary's has none. An entry whose
    /// id is new but which shares a rendering with a known entry is merged into that one.
    pub fn import(&mut self, other: Glossary) -> ImportStats {
        let mut stats = ImportStats::default();
        for mut e in other.entries {
            let pos = self.entries.iter().position(|x| x.id == e.id).or_else(|| {
                self.entries.iter().position(|x| {
                    x.terms.iter().any(|t| {
                        t.status.is_allowed()
                            && e.terms.iter().any(|n| {
                                n.status.is_allowed()
                                    && n.lang == t.lang
                                    && morph::fold(n.lang, &n.text, false)
                                        == morph::fold(t.lang, &t.text, false)
                            })
                    })
                })
            });
            let Some(pos) = pos else {
                e.origin = Location::file("");
                self.entries.push(e);
                stats.added += 1;
                continue;
            };
            let old = &mut self.entries[pos];
            let mut changed = false;
            for t in e.terms {
                if !old
                    .terms
                    .iter()
                    .any(|o| o.lang == t.lang && o.text == t.text)
                {
                    let mut t = t;
                    // A second preferred rendering joins as admitted.
                    if t.status == Status::Preferred
                        && old.in_lang(t.lang).any(|o| o.status == Status::Preferred)
                    {
                        t.status = Status::Admitted;
                    }
                    old.terms.push(t);
                    changed = true;
                }
            }
            if old.note.is_none() && e.note.is_some() {
                old.note = e.note;
                changed = true;
            }
            if e.case_sensitive && !old.case_sensitive {
                old.case_sensitive = true;
                changed = true;
            }
            old.normalize();
            if changed {
                stats.updated += 1;
            } else {
                stats.unchanged += 1;
            }
        }
        stats
    }
}

/// An id made from a rendering: lowercase letters and digits joined by `-`, a valid XML name
/// (`Middle Corridor` → `middle-corridor`).
pub fn make_id(text: &str) -> String {
    let mut id = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.push(c);
        } else {
            dash = true;
        }
    }
    if id.is_empty() || !id.starts_with(|c: char| c.is_alphabetic()) {
        id.insert_str(0, "t-");
    }
    id
}

/// Makes entry ids unique by appending `-2`, `-3`, ... to later duplicates.
pub(crate) fn dedupe_ids(entries: &mut [TermEntry]) {
    let mut seen = std::collections::HashSet::new();
    for e in entries.iter_mut() {
        if seen.insert(e.id.clone()) {
            continue;
        }
        let mut n = 2;
        while !seen.insert(format!("{}-{n}", e.id)) {
            n += 1;
        }
        e.id = format!("{}-{n}", e.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_xml_names() {
        assert_eq!(make_id("Middle Corridor"), "middle-corridor");
        assert_eq!(
            make_id("Türk Devletleri Teşkilatı"),
            "türk-devletleri-teşkilatı"
        );
        assert_eq!(make_id("2+2"), "t-2-2");
        assert_eq!(make_id("«»"), "t-");
    }

    #[test]
    fn renderings_sort_by_language_then_status() {
        let e = TermEntry::new(
            "x",
            vec![
                Term::new(Lang::Ru, "Б", Status::Forbidden),
                Term::new(Lang::Ru, "А", Status::Preferred),
                Term::new(Lang::En, "A", Status::Admitted),
                Term::new(Lang::En, "B", Status::Preferred),
            ],
        );
        let texts: Vec<&str> = e.terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["B", "A", "А", "Б"]);
        assert_eq!(e.preferred(Lang::Ru).unwrap().text, "А");
        assert_eq!(e.label(), "B");
    }
}
