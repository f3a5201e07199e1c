//! `check`: what stands between a project and its release. Reads every source article and its
//! drafts and gives back a [`Report`]: per article × target language, segments and source words
//! in each state; findings (untranslated, fuzzy, stale and orphaned entries, placeholder and
//! number mismatches, targets identical to their source, memory matches that may change the
//! meaning, missing drafts), each naming the draft,
//! the segment id, the source line and the source text; and the gates with their verdicts.
//!
//! It reports; the CLI picks the exit code. Renderers turn a report into text, JSON, JUnit XML,
//! GitHub workflow annotations or SARIF. It sits last in the pipeline: it reads sources and
//! drafts and writes nothing.

mod analyze;
mod gates;
pub mod github;
pub mod json;
pub mod junit;
pub mod leverage;
pub mod sarif;
pub mod text;
mod words;

pub use gates::{Gate, GateKind, Gates};
pub use words::count_words;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::draft::DraftError;
use crate::model::{Lang, SegmentId};
use crate::segment::SegmentError;
use crate::source::{self, SourceError};

/// Errors that stop a check: input that cannot be read or parsed. Findings are not errors.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A source article cannot be read or parsed.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A draft cannot be read or parsed, or belongs to another article.
    #[error(transparent)]
    Draft(#[from] DraftError),
    /// The segmentation rules cannot be loaded.
    #[error(transparent)]
    Segment(#[from] SegmentError),
    /// The glossary cannot be read or parsed.
    #[error(transparent)]
    Terms(#[from] crate::terms::TermsError),
}

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these slugs; empty means every article.
    pub slugs: Vec<String>,
    /// Target languages; empty means the project's languages. An article's own language is
    /// never a target.
    pub targets: Vec<Lang>,
    /// The gates to apply.
    pub gates: Gates,
}

/// Segments and source words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Number of segments.
    pub segments: usize,
    /// Number of source words in them (see [`count_words`]).
    pub words: usize,
}

impl Tally {
    fn add(&mut self, words: usize) {
        self.segments += 1;
        self.words += words;
    }

    fn merge(&mut self, other: Tally) {
        self.segments += other.segments;
        self.words += other.words;
    }
}

/// Segments and words per state for one article in one target language. A source segment
/// missing from the draft counts as `new` (and in `missing`); `stale` and `missing` overlap the
/// four states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every source segment.
    pub total: Tally,
    /// No target yet (or no entry at all).
    pub new: Tally,
    /// Need review.
    pub fuzzy: Tally,
    /// Translated.
    pub translated: Tally,
    /// Translated and reviewed.
    pub reviewed: Tally,
    /// Entries made for a different source text.
    pub stale: Tally,
    /// Source segments with no entry in the draft.
    pub missing: Tally,
    /// What the `max-untranslated` gate counts: new, stale, and fuzzy unless fuzzy is allowed.
    pub untranslated: Tally,
    /// Translated or reviewed (or fuzzy, when fuzzy is allowed) and not stale: what `complete`
    /// measures.
    pub done: Tally,
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        self.total.merge(o.total);
        self.new.merge(o.new);
        self.fuzzy.merge(o.fuzzy);
        self.translated.merge(o.translated);
        self.reviewed.merge(o.reviewed);
        self.stale.merge(o.stale);
        self.missing.merge(o.missing);
        self.untranslated.merge(o.untranslated);
        self.done.merge(o.done);
    }

    /// The share of source words (of segments when there are no words) that is done, in tenths
    /// of a percent, rounded down, so that 1000 means complete and 999.96 ‰ never shows as 100 %.
    pub fn complete_permille(&self) -> u32 {
        let (num, den) = if self.total.words > 0 {
            (self.done.words, self.total.words)
        } else {
            (self.done.segments, self.total.segments)
        };
        if den == 0 {
            return 1000;
        }
        ((num as u64 * 1000) / den as u64) as u32
    }
}

/// One article in one target language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// The article's slug.
    pub slug: String,
    /// The source article, relative to the project root.
    pub source: PathBuf,
    /// The source language.
    pub source_lang: Lang,
    /// The target language.
    pub target_lang: Lang,
    /// The draft, relative to the project root.
    pub draft: PathBuf,
    /// Whether the draft file exists.
    pub draft_exists: bool,
    /// Segments and words per state.
    pub counts: Counts,
    /// Entries whose segment is gone from the source.
    pub orphaned: usize,
    /// Whether this pair passes every gate that applies to it.
    pub passed: bool,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks a release (counted by a gate).
    Error,
    /// Worth a look; never fails a gate.
    Warning,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// No draft file for this article and language: every segment is untranslated.
    MissingDraft,
    /// A segment with state `new`, or with no entry in the draft.
    Untranslated,
    /// A segment that needs review.
    Fuzzy,
    /// An entry made for a different source text than the segment has now.
    Stale,
    /// An entry whose segment is no longer in the source.
    Orphaned,
    /// A target whose placeholders or footnote markers differ from the source's.
    Placeholders,
    /// A number of the source missing from the target.
    Numbers,
    /// A target identical to its source: likely not translated.
    Identical,
    /// A fuzzy entry pre-filled from a memory match whose differing words may change the
    /// meaning: a negation, a number not adapted, a proper name.
    MeaningChange,
    /// A glossary term of the source whose renderings do not occur in the target.
    TermMissing,
    /// A forbidden rendering of a glossary term in the target.
    TermForbidden,
    /// A glossary term rendered differently within one article.
    TermInconsistent,
    /// The same source segment translated differently elsewhere.
    InconsistentTranslation,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 13] = [
        Kind::MissingDraft,
        Kind::Untranslated,
        Kind::Fuzzy,
        Kind::Stale,
        Kind::Orphaned,
        Kind::Placeholders,
        Kind::Numbers,
        Kind::Identical,
        Kind::MeaningChange,
        Kind::TermMissing,
        Kind::TermForbidden,
        Kind::TermInconsistent,
        Kind::InconsistentTranslation,
    ];

    /// Whether the `terminology` gate counts it.
    pub fn is_terminology(self) -> bool {
        matches!(
            self,
            Kind::TermMissing
                | Kind::TermForbidden
                | Kind::TermInconsistent
                | Kind::InconsistentTranslation
        )
    }

    /// The kind's name in reports (`missing-draft`, `untranslated`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MissingDraft => "missing-draft",
            Kind::Untranslated => "untranslated",
            Kind::Fuzzy => "fuzzy",
            Kind::Stale => "stale",
            Kind::Orphaned => "orphaned",
            Kind::Placeholders => "placeholders",
            Kind::Numbers => "numbers",
            Kind::Identical => "identical",
            Kind::MeaningChange => "meaning-change",
            Kind::TermMissing => "term-missing",
            Kind::TermForbidden => "term-forbidden",
            Kind::TermInconsistent => "term-inconsistent",
            Kind::InconsistentTranslation => "inconsistent-translation",
        }
    }

    /// One line saying what the kind means (rule descriptions in SARIF).
    pub fn describe(self) -> &'static str {
        match self {
            Kind::MissingDraft => "no draft for this article and language",
            Kind::Untranslated => "segment not translated",
            Kind::Fuzzy => "translation needs review",
            Kind::Stale => "translation made for an older source text",
            Kind::Orphaned => "draft entry whose segment is gone from the source",
            Kind::Placeholders => "placeholders or footnote markers differ from the source",
            Kind::Numbers => "number of the source missing from the target",
            Kind::Identical => "target identical to its source",
            Kind::MeaningChange => {
                "memory match differs in a negation, a number or a name: check the meaning"
            }
            Kind::TermMissing => "glossary term of the source not rendered in the target",
            Kind::TermForbidden => "forbidden rendering of a glossary term in the target",
            Kind::TermInconsistent => "glossary term rendered differently within one article",
            Kind::InconsistentTranslation => "same source segment translated differently",
        }
    }

    /// How bad it is: fuzzy, orphaned, numbers, identical and meaning-change are warnings, and
    /// so are the terminology kinds unless `[check] terminology = "error"`.
    pub fn severity(self) -> Severity {
        match self {
            Kind::MissingDraft | Kind::Untranslated | Kind::Stale | Kind::Placeholders => {
                Severity::Error
            }
            Kind::Fuzzy
            | Kind::Orphaned
            | Kind::Numbers
            | Kind::Identical
            | Kind::MeaningChange
            | Kind::TermMissing
            | Kind::TermForbidden
            | Kind::TermInconsistent
            | Kind::InconsistentTranslation => Severity::Warning,
        }
    }
}

/// One thing found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// How bad.
    pub severity: Severity,
    /// The article's slug.
    pub slug: String,
    /// The target language.
    pub lang: Lang,
    /// The source article the line refers to, relative to the project root.
    pub file: PathBuf,
    /// The draft, relative to the project root.
    pub draft: PathBuf,
    /// The segment, when the finding is about one.
    pub id: Option<SegmentId>,
    /// 1-based line of the segment in the source article; 0 when there is none (a missing
    /// draft, an orphaned entry).
    pub line: usize,
    /// 1-based column (in characters) of the segment in the source article; 0 when unknown.
    pub column: usize,
    /// The source text (as it reads in the source; for an orphaned entry, the entry's source).
    pub source: String,
    /// The target, when there is one.
    pub target: Option<String>,
    /// What is wrong, lowercase, values in backticks.
    pub message: String,
}

/// The outcome of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Articles × target languages, by slug then language.
    pub pairs: Vec<Pair>,
    /// Findings, by slug, language, line, column, kind.
    pub findings: Vec<Finding>,
    /// The gates and their verdicts.
    pub gates: Vec<Gate>,
    /// Totals over every pair.
    pub totals: Counts,
    /// Whether fuzzy segments counted as translated (`--allow-fuzzy`).
    pub allow_fuzzy: bool,
}

impl Report {
    /// Whether every gate passed.
    pub fn passed(&self) -> bool {
        self.gates.iter().all(|g| g.passed)
    }

    /// Number of articles checked.
    pub fn articles(&self) -> usize {
        let mut slugs: Vec<&str> = self.pairs.iter().map(|p| p.slug.as_str()).collect();
        slugs.dedup();
        slugs.len()
    }

    /// Target languages checked, in canonical order.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.pairs.iter().map(|p| p.target_lang).collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// Findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks the project at `root`.
///
/// Articles are read and checked in parallel; the report is sorted and does not depend on
/// timing.
///
/// # Errors
/// A source article or a draft that cannot be read or parsed (the first in slug order), an
/// unknown slug, a draft of another article or language, broken segmentation rules.
pub fn check(root: &Path, config: &Config, options: &Options) -> Result<Report, ReportError> {
    let files = source::discover(root, &options.slugs)?;
    let targets = if options.targets.is_empty() {
        config.languages.clone()
    } else {
        options.targets.clone()
    };
    let rules = crate::segment::rules_by_lang(files.iter().map(|f| f.lang), &config.segment, root)?;
    let terms = match options.gates.terminology {
        crate::config::Terminology::Off => None,
        level => Some(analyze::Terms {
            checker: crate::terms::check::Checker::new(crate::terms::Glossary::load(root)?),
            severity: if level == crate::config::Terminology::Error {
                Severity::Error
            } else {
                Severity::Warning
            },
        }),
    };
    let per_article: Vec<Result<analyze::Checked, ReportError>> = files
        .par_iter()
        .map(|f| {
            let article = source::load(root, f, &rules[&f.lang])?;
            analyze::article(
                root,
                f,
                &article,
                &targets,
                options.gates.allow_fuzzy,
                terms.as_ref(),
            )
        })
        .collect();
    let mut pairs = Vec::new();
    let mut findings = Vec::new();
    let mut translated = Vec::new();
    for checked in per_article {
        let checked = checked?;
        pairs.extend(checked.pairs);
        findings.extend(checked.findings);
        translated.extend(checked.translated);
    }
    if let Some(t) = &terms {
        findings.extend(analyze::across(&translated, t.severity));
    }
    pairs.sort_by(|a, b| (&a.slug, a.target_lang).cmp(&(&b.slug, b.target_lang)));
    findings.sort_by(|a, b| {
        (&a.slug, a.lang, a.line, a.column, a.kind, &a.id)
            .cmp(&(&b.slug, b.lang, b.line, b.column, b.kind, &b.id))
    });
    let mut totals = Counts::default();
    for p in &pairs {
        totals.merge(&p.counts);
    }
    let mut judge = options.gates.clone();
    judge.glossary = terms
        .as_ref()
        .is_some_and(|t| !t.checker.glossary.is_empty());
    let gates = judge.apply(&mut pairs, &findings, &totals);
    Ok(Report {
        pairs,
        findings,
        gates,
        totals,
        allow_fuzzy: options.gates.allow_fuzzy,
    })
}
