//! What can go wrong aligning a legacy translation with its source article.

use std::path::PathBuf;

use crate::error::{IoError, Location};
use crate::model::Lang;

/// Errors of `align`: bad options, a file that is not a translation of the article, and the
/// failures of the stages it reads with.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// A confidence threshold outside 0–1.
    #[error("--min-confidence `{0}` is out of range (expected a number from 0 to 1)")]
    MinConfidence(f64),
    /// The slug names no article.
    #[error("no article `{slug}` under `sources/` (expected sources/{slug}/<lang>.md; see `polypress segment` for the list)")]
    UnknownArticle {
        /// The slug asked for.
        slug: String,
    },
    /// The folder of translations does not exist.
    #[error("folder `{}` does not exist (expected a folder of translated articles for --from)", .dir.display())]
    NoFolder {
        /// The folder given.
        dir: PathBuf,
    },
    /// The front matter and the language asked for disagree.
    #[error("{at}: front matter says `lang = \"{declared}\"` but --lang is `{given}` (expected them to agree)")]
    LangConflict {
        /// The translated file.
        at: Location,
        /// From the front matter.
        declared: Lang,
        /// Asked for.
        given: Lang,
    },
    /// Neither the front matter nor the options name the language.
    #[error("{at}: cannot tell the language (expected `lang` in the front matter, or --lang)")]
    UnknownLang {
        /// The translated file.
        at: Location,
    },
    /// The file is in the source article's own language.
    #[error("{at}: is in `{lang}`, the language of the source article `{}` (expected a translation into another language)\n  hint: align a translation, e.g. a `tr` or `ru` edition of this article", .article.display())]
    SameLang {
        /// The translated file.
        at: Location,
        /// Its language.
        lang: Lang,
        /// The source article's file.
        article: PathBuf,
    },
    /// Nothing after the front matter.
    #[error("{at}: empty body (expected the translated article's text after the front matter)")]
    EmptyBody {
        /// The translated file.
        at: Location,
    },
    /// The text's script says another language than the one declared.
    #[error("{at}: the text reads as `{seen}`, not `{declared}` ({:.0}% Cyrillic letters, {:.1}% of ğ ş ı İ)\n  hint: check that the file is the `{declared}` translation and its front-matter `lang`", .cyrillic * 100.0, .turkish * 100.0)]
    WrongScript {
        /// The translated file.
        at: Location,
        /// What the text looks like.
        seen: Lang,
        /// What it says it is.
        declared: Lang,
        /// Share of Cyrillic letters.
        cyrillic: f64,
        /// Share of Turkish-only letters.
        turkish: f64,
    },
    /// The alignment looks like a different article; nothing was written.
    #[error("{at}: does not look like a translation of `{}`: {}; nothing written\n{weak}  hint: check the file; if it is right, run again with --force", .article.display(), .problems.join("; "))]
    NotATranslation {
        /// The translated file.
        at: Location,
        /// The source article's file.
        article: PathBuf,
        /// What looks wrong.
        problems: Vec<String>,
        /// The weakest links, both sides shown.
        weak: String,
    },
    /// Some files of a folder could not be aligned (the others were).
    #[error("{} of {total} files not aligned:\n{}", .failed.len(), .failed.join("\n"))]
    Some {
        /// One message per failed file.
        failed: Vec<String>,
        /// Files tried.
        total: usize,
    },
    /// A source or translation that does not read or parse.
    #[error(transparent)]
    Source(#[from] crate::source::SourceError),
    /// Segmentation rules that do not load.
    #[error(transparent)]
    Segment(#[from] crate::segment::SegmentError),
    /// A draft that does not read or write.
    #[error(transparent)]
    Draft(#[from] crate::draft::DraftError),
    /// The memory does not load.
    #[error(transparent)]
    Memory(#[from] crate::memory::MemoryError),
    /// A file that cannot be read.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The team memory (PostgreSQL) fails.
    #[error(transparent)]
    Team(#[from] crate::teammem::TeamError),
}
