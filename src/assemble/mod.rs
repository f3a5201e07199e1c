//! Drafts → editions. For every article and language, [`assemble`] walks the source article's
//! pieces and puts each segment's translation (restored from placeholders) where the source
//! segment was, so a target edition keeps the source's block structure, inline markup, links
//! and footnotes. The source-language edition is the source file itself, byte for byte.
//!
//! Segments without a usable translation (no entry, `new`, `fuzzy` without `--allow-fuzzy`, or
//! *stale*: an entry made for a different source text) follow [`Untranslated`]: shown in the
//! source language and marked, left out, or an error. Stale entries are reported, never mixed
//! in.
//!
//! The rest of the module turns editions into files: `markdown` (front-matter fix-ups and the
//! notes block), `html` (article pages), `aligned` (side-by-side HTML, JSON, TMX), `index`
//! (index pages and manifest) and `site` (the whole build and its writing).

pub mod aligned;
pub mod html;
mod index;
pub mod markdown;
mod restore;
pub mod site;

pub use restore::{restore, Context};
pub use site::{build, write, BuildError, BuildOptions, Site, WriteReport};

use std::path::{Path, PathBuf};

use crate::draft::{check_placeholders, placeholder_list, Draft, DraftError, State};
use crate::error::Location;
use crate::model::{Article, Lang, Piece, SegmentId};

/// What to do with a segment that has no usable translation (`--untranslated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Untranslated {
    /// Show the source text, marked with its `lang` and a visible marker.
    #[default]
    Source,
    /// Leave the segment out (front-matter fields still fall back to the source).
    Omit,
    /// Fail the build, naming the draft and the segment.
    Fail,
}

/// How one segment of an edition was filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The source edition's own text.
    Source,
    /// A `translated` or `reviewed` entry (or `fuzzy` with `--allow-fuzzy`).
    Translated,
    /// No entry yet, or a `new` one.
    Missing,
    /// A `fuzzy` entry, not used.
    Fuzzy,
    /// The entry was made for another source text, or the draft lacks the segment.
    Stale,
}

impl Status {
    /// Whether the edition shows a translation (or the source itself) for the segment.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Source | Status::Translated)
    }
}

/// One segment as an edition has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text with placeholders: the source text, or the translation.
    pub text: String,
    /// How it was filled; when not done, `text` is the source text.
    pub status: Status,
    /// The draft's state, when it has an entry.
    pub state: Option<State>,
}

/// A stale draft entry: reported, treated as untranslated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The draft file, relative to the project root.
    pub draft: PathBuf,
    /// The segment.
    pub id: SegmentId,
    /// Line of the segment in the source article.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
    /// The entry's placeholders differ from the source's: a broken translation (shown in the
    /// source language, like a stale one), not merely an old one.
    pub broken: bool,
}

/// One article in one language.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The article.
    pub slug: String,
    /// This edition's language.
    pub lang: Lang,
    /// The source article's language.
    pub source_lang: Lang,
    /// The whole Markdown file, front matter included.
    pub markdown: String,
    /// One cell per source segment, in source order.
    pub cells: Vec<Cell>,
    /// Stale entries found in the draft.
    pub stale: Vec<Stale>,
}

impl Edition {
    /// Whether this is the source-language edition.
    pub fn is_source(&self) -> bool {
        self.lang == self.source_lang
    }

    /// Segments shown translated (all of them for the source edition).
    pub fn translated(&self) -> usize {
        self.cells.iter().filter(|c| c.status.is_done()).count()
    }

    /// Whether every segment is translated.
    pub fn is_complete(&self) -> bool {
        self.translated() == self.cells.len()
    }
}

/// Assembly options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// What to do with untranslated segments.
    pub untranslated: Untranslated,
    /// Use `fuzzy` entries as translations.
    pub allow_fuzzy: bool,
}

/// Errors assembling an edition.
#[derive(Debug, thiserror::Error)]
pub enum AssembleError {
    /// The draft is broken or does not fit its article.
    #[error(transparent)]
    Draft(#[from] DraftError),
    /// `--untranslated fail` and a segment has no translation.
    #[error("{at}: segment `{id}` is not translated ({why}) and `--untranslated fail` was given\n  hint: translate it in the draft, or build with `--untranslated source` to show the source text marked")]
    Untranslated {
        /// The draft file.
        at: Location,
        /// The segment.
        id: SegmentId,
        /// Missing, fuzzy or stale.
        why: String,
    },
}

/// Cells of `article` in `lang`, from `draft` (at `draft_rel`): the source text for the source
/// language, else each entry's target when it is usable.
///
/// # Errors
/// A draft for another article or language, a target whose placeholders differ from its
/// source's.
pub fn cells(
    article: &Article,
    draft: Option<&Draft>,
    draft_rel: &Path,
    lang: Lang,
    opts: &Options,
) -> Result<(Vec<Cell>, Vec<Stale>), AssembleError> {
    let source_cell = |text: &str, status| Cell {
        text: text.to_string(),
        status,
        state: None,
    };
    if lang == article.lang {
        let cells = article
            .segments
            .iter()
            .map(|s| source_cell(&s.text, Status::Source))
            .collect();
        return Ok((cells, Vec::new()));
    }
    let Some(draft) = draft else {
        let cells = article
            .segments
            .iter()
            .map(|s| source_cell(&s.text, Status::Missing))
            .collect();
        return Ok((cells, Vec::new()));
    };
    if draft.slug != article.slug || draft.source_lang != article.lang || draft.target_lang != lang
    {
        return Err(DraftError::Mismatch {
            at: Location::file(draft_rel),
            message: format!(
                "draft of `{}` from `{}` into `{}` does not fit article `{}` from `{}` into `{lang}` (expected slug, source_lang and target_lang to match)",
                draft.slug, draft.source_lang, draft.target_lang, article.slug, article.lang
            ),
        }
        .into());
    }
    let by_id: std::collections::HashMap<&SegmentId, &crate::draft::Entry> =
        draft.segments.iter().map(|e| (&e.id, e)).collect();
    let mut cells = Vec::with_capacity(article.segments.len());
    let mut stale = Vec::new();
    for seg in &article.segments {
        let Some(entry) = by_id.get(&seg.id) else {
            stale.push(Stale {
                draft: draft_rel.to_path_buf(),
                id: seg.id.clone(),
                line: seg.line,
                reason: "the draft has no entry for this segment (made from an older source)"
                    .into(),
                broken: false,
            });
            cells.push(source_cell(&seg.text, Status::Stale));
            continue;
        };
        if entry.source != seg.text {
            stale.push(Stale {
                draft: draft_rel.to_path_buf(),
                id: seg.id.clone(),
                line: seg.line,
                reason: "the entry's source differs from the article's segment (the source changed since the draft was made)".into(),
                broken: false,
            });
            cells.push(Cell {
                state: Some(entry.state),
                ..source_cell(&seg.text, Status::Stale)
            });
            continue;
        }
        let usable = entry.state.is_final() || (opts.allow_fuzzy && entry.state == State::Fuzzy);
        if !usable {
            let status = if entry.state == State::Fuzzy {
                Status::Fuzzy
            } else {
                Status::Missing
            };
            cells.push(Cell {
                state: Some(entry.state),
                ..source_cell(&seg.text, status)
            });
            continue;
        }
        if let Err(problem) = check_placeholders(&seg.text, &entry.target) {
            // One broken entry does not stop the site: it is shown in the source language
            // and reported, and the build exits 1.
            stale.push(Stale {
                draft: draft_rel.to_path_buf(),
                id: seg.id.clone(),
                line: seg.line,
                reason: format!(
                    "{problem} (expected {}); shown in the source language",
                    placeholder_list(&seg.text)
                ),
                broken: true,
            });
            cells.push(Cell {
                state: Some(entry.state),
                ..source_cell(&seg.text, Status::Stale)
            });
            continue;
        }
        cells.push(Cell {
            text: entry.target.clone(),
            status: Status::Translated,
            state: Some(entry.state),
        });
    }
    Ok((cells, stale))
}

/// Assembles the edition of `article` in `lang`.
///
/// `marker_title` is the localized tooltip of an untranslated segment shown in the source
/// language.
///
/// # Errors
/// See [`cells`]; with [`Untranslated::Fail`], the first untranslated segment.
pub fn assemble(
    article: &Article,
    draft: Option<&Draft>,
    draft_rel: &Path,
    lang: Lang,
    opts: &Options,
    marker_title: &str,
) -> Result<Edition, AssembleError> {
    let (cells, stale) = cells(article, draft, draft_rel, lang, opts)?;
    let markdown = if lang == article.lang {
        article.reassemble()
    } else {
        if opts.untranslated == Untranslated::Fail {
            if let Some((seg, cell)) = article
                .segments
                .iter()
                .zip(&cells)
                .find(|(_, c)| !c.status.is_done())
            {
                return Err(AssembleError::Untranslated {
                    at: Location::file(draft_rel),
                    id: seg.id.clone(),
                    why: format!("{:?}", cell.status).to_lowercase(),
                });
            }
        }
        target_markdown(article, &cells, lang, opts, marker_title)
    };
    Ok(Edition {
        slug: article.slug.clone(),
        lang,
        source_lang: article.lang,
        markdown,
        cells,
        stale,
    })
}

fn target_markdown(
    article: &Article,
    cells: &[Cell],
    lang: Lang,
    opts: &Options,
    marker_title: &str,
) -> String {
    let mut out = String::with_capacity(article.segments.iter().map(|s| s.raw.len() + 8).sum());
    let mut omitted = false;
    for piece in &article.pieces {
        match piece {
            Piece::Skeleton(s) if omitted => {
                omitted = false;
                let rest = after_omitted(&mut out, s);
                out.push_str(&rest);
            }
            Piece::Skeleton(s) => out.push_str(s),
            Piece::Segment(i) => {
                let seg = &article.segments[*i];
                let cell = &cells[*i];
                let front = seg.block.starts_with("/front/");
                let ctx = if front {
                    if out.ends_with('\'') {
                        Context::TomlLiteral
                    } else {
                        Context::TomlBasic
                    }
                } else {
                    Context::Markdown {
                        line_start: out.is_empty() || out.ends_with('\n'),
                    }
                };
                if cell.status.is_done() {
                    // Placeholders were checked against this segment in `cells`.
                    match restore(&cell.text, seg, ctx) {
                        Ok(text) => out.push_str(&text),
                        Err(_) => out.push_str(&seg.raw),
                    }
                } else if front {
                    // A title is never left empty: the source text stands in.
                    out.push_str(&seg.raw);
                } else if opts.untranslated == Untranslated::Source {
                    out.push_str(&markdown::untranslated_span(
                        article.lang,
                        marker_title,
                        &seg.raw,
                    ));
                } else {
                    omitted = true;
                    drop_bare_note_marker(&mut out);
                }
            }
        }
    }
    markdown::set_front_lang(&out, lang)
}

/// The skeleton that follows an omitted segment, without the space that separated it from the
/// previous sentence (no double spaces, no space before a line end). Leading indentation at a
/// line start is kept: it carries Markdown structure.
fn after_omitted(out: &mut String, skeleton: &str) -> String {
    let mid_line = out.ends_with([' ', '\t']);
    if !mid_line {
        return skeleton.to_string();
    }
    let rest = skeleton.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest.starts_with(['\n', '\r']) {
        let trimmed = out.trim_end_matches([' ', '\t']).len();
        out.truncate(trimmed);
    }
    rest.to_string()
}

/// When an omitted segment was a note's whole text, its marker (`[k] ` alone on the line) goes
/// too, so no note is left as a bare number: the references to it stay plain text.
fn drop_bare_note_marker(out: &mut String) {
    let line_start = out.rfind('\n').map_or(0, |i| i + 1);
    let line = out[line_start..].trim_end();
    let is_marker = line.len() > 2
        && line.starts_with('[')
        && line.ends_with(']')
        && line[1..line.len() - 1].bytes().all(|b| b.is_ascii_digit());
    if is_marker {
        out.truncate(line_start);
    }
}

#[cfg(test)]
mod tests;
