//! The glossary commands as methods of [`Project`]: `terms list`, `check`, `import`, `export`,
//! `extract`, and the term hits of a lookup. None prints.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::extract::{self, Candidate};
use super::matcher::Matchers;
use super::{annotate, validate, Format, Glossary, ImportStats, Problem, TermRef, TermsError};
use crate::model::Lang;
use crate::project::{Project, ProjectError};

/// What `terms check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TermsCheckReport {
    /// Glossary files read.
    pub files: usize,
    /// Entries loaded (from the files that parse).
    pub entries: usize,
    /// Parse errors of every file, then the problems of the loaded glossary.
    pub problems: Vec<Problem>,
}

impl TermsCheckReport {
    /// Problems of error level.
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.level == validate::Level::Error)
            .count()
    }
}

/// What `terms import` did.
#[derive(Debug, Clone, Serialize)]
pub struct TermsImportReport {
    /// The glossary file written, as given.
    pub path: PathBuf,
    /// What was merged.
    pub stats: ImportStats,
    /// Entries in the file now.
    pub entries: usize,
    /// Whether the file changed.
    pub changed: bool,
    /// What the imported file held but the glossary cannot (other languages).
    pub skipped: Vec<Problem>,
}

/// What `terms extract` proposes.
#[derive(Debug, Clone, Serialize)]
pub struct TermsExtractReport {
    /// Aligned records read (memory TUs and draft segments).
    pub records: usize,
    /// Candidates, most frequent first.
    pub candidates: Vec<Candidate>,
}

impl TermsExtractReport {
    /// The candidates as CSV in the glossary's own format, ready to review and move to
    /// `terms/`.
    pub fn to_csv(&self) -> String {
        let g = Glossary {
            entries: self.candidates.iter().map(Candidate::to_entry).collect(),
            ..Glossary::default()
        };
        super::write(&g, Format::Csv)
    }
}

impl Project {
    /// The glossary: every `terms/*.tbx` and `terms/*.csv`.
    ///
    /// # Errors
    /// A glossary file that does not read or parse.
    pub fn glossary(&self) -> Result<Glossary, ProjectError> {
        Ok(Glossary::load(self.root())?)
    }

    /// Validates every glossary file: parse errors (all of them, not only the first) and the
    /// loaded glossary's problems.
    ///
    /// # Errors
    /// A folder that cannot be listed, a file that cannot be read.
    pub fn terms_check(&self) -> Result<TermsCheckReport, ProjectError> {
        let dir = self.root().join(super::DIR);
        let mut report = TermsCheckReport::default();
        let mut all = Glossary::default();
        if dir.is_dir() {
            for f in crate::fsx::sorted_entries(&dir)? {
                if !f.is_file() || Format::of(&f).is_err() {
                    continue;
                }
                report.files += 1;
                let rel = crate::error::relative(&f, self.root());
                match Glossary::read_file(&f, &rel) {
                    Ok(g) => all.merge(g),
                    Err(TermsError::Parse { at, message }) => {
                        report.problems.push(Problem::error(at, message));
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        report.entries = all.entries.len();
        report.problems.extend(validate(&all));
        Ok(report)
    }

    /// Merges a TBX or CSV file into a glossary file of the project (default
    /// `terms/glossary.tbx`), losing nothing (see [`Glossary::import`]).
    ///
    /// # Errors
    /// Unreadable or malformed files, an unknown extension, a failed write.
    pub fn terms_import(
        &self,
        file: &Path,
        into: Option<&Path>,
    ) -> Result<TermsImportReport, ProjectError> {
        let incoming = Glossary::read_file(file, file)?;
        let skipped = incoming.skipped.clone();
        let into = into.map_or_else(
            || PathBuf::from(super::DIR).join("glossary.tbx"),
            Path::to_path_buf,
        );
        let path = if into.is_absolute() {
            into.clone()
        } else {
            self.root().join(&into)
        };
        let format = Format::of(&path)?;
        let mut g = if path.exists() {
            Glossary::read_file(&path, &into)?
        } else {
            Glossary::default()
        };
        let stats = g.import(incoming);
        let changed = crate::fsx::write_output(&path, super::write(&g, format).as_bytes())?;
        Ok(TermsImportReport {
            path: into,
            stats,
            entries: g.entries.len(),
            changed,
            skipped,
        })
    }

    /// The whole glossary in `format`, and its number of entries.
    ///
    /// # Errors
    /// A glossary file that does not read or parse.
    pub fn terms_export(&self, format: Format) -> Result<(String, usize), ProjectError> {
        let g = self.glossary()?;
        Ok((super::write(&g, format), g.entries.len()))
    }

    /// Candidate entries from the memory and the drafts (see [`extract`]), leaving out what
    /// the glossary has.
    ///
    /// # Errors
    /// Unreadable glossary, memory, sources or drafts.
    pub fn terms_extract(&self, min_count: usize) -> Result<TermsExtractReport, ProjectError> {
        let g = self.glossary()?;
        let memory = self.memory(false)?;
        let articles = self.articles(&[])?;
        let mut drafts = Vec::new();
        for a in &articles {
            for lang in self.targets(a, None) {
                if let Some(d) = self.draft(a, lang)? {
                    drafts.push(d);
                }
            }
        }
        let records = extract::records(memory, &articles, &drafts);
        let candidates = extract::extract(&records, &g, min_count);
        Ok(TermsExtractReport {
            records: records.len(),
            candidates,
        })
    }

    /// The glossary terms of `text` (in `from`) with their renderings in `to`.
    ///
    /// # Errors
    /// A glossary file that does not read or parse.
    pub fn term_refs(
        &self,
        text: &str,
        from: Lang,
        to: Lang,
    ) -> Result<Vec<TermRef>, ProjectError> {
        let g = self.glossary()?;
        Ok(annotate::term_refs(&g, &Matchers::new(&g), text, from, to))
    }
}
