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
//! notes block), `html` (article pages), `reader` (the parallel-text pages), `aligned` (the editors'
//! QA page, JSON, TMX), `index`
//! (index pages and manifest) and `site` (the whole build and its writing).

pub mod aligned;
pub(crate) mod html;
mod index;
pub(crate) mod markdown;
pub(crate) mod reader;
mod restore;
pub(crate) mod site;

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
    /// The score of the match that pre-filled the entry, when it has one.
    pub score: Option<u8>,
    /// A `fuzzy` entry's target when it is not used: what the aligned QA page shows editors.
    pub suggestion: Option<String>,
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
    /// Where the notes block lies in `markdown`, from the parsed article.
    pub notes: Option<Notes>,
    /// Untranslated segments are left out (`--untranslated omit`) rather than shown in the
    /// source language.
    pub omitted: bool,
}

/// An edition's notes block (the trailing `[1] …` paragraphs), located from the article's
/// note blocks rather than by searching the text, so that line ends do not matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    /// Its bytes in the edition's Markdown.
    pub range: std::ops::Range<usize>,
    /// The number of each note, in order.
    pub numbers: Vec<u32>,
}

/// The source bytes of the first notes block: from its first note's start to its last note's
/// end, with the notes' numbers (from their `[k]` markers).
fn notes_source(article: &Article, source: &str) -> Option<(std::ops::Range<usize>, Vec<u32>)> {
    let notes: Vec<&crate::model::Block> = article
        .blocks
        .iter()
        .filter(|b| {
            b.kind == crate::model::BlockKind::Note && b.block_path().notes_group() == Some(1)
        })
        .collect();
    let (first, last) = (notes.first()?, notes.last()?);
    let numbers = notes
        .iter()
        .filter_map(|b| source.get(b.span.range()).and_then(markdown::note_number))
        .collect();
    Some((first.span.start..last.span.end, numbers))
}

/// Follows source offsets through the pieces of an edition being written, to find where the
/// source range `want` lands in the output.
struct Tracker {
    want: std::ops::Range<usize>,
    src: usize,
    start: Option<usize>,
    end: Option<usize>,
}

impl Tracker {
    fn new(want: std::ops::Range<usize>) -> Tracker {
        Tracker {
            want,
            src: 0,
            start: None,
            end: None,
        }
    }

    /// A piece of `src_len` source bytes is written as `out_len` bytes at `out`; `verbatim`
    /// when the bytes are the source's own (skeleton), so that inner offsets map one to one.
    fn piece(&mut self, src_len: usize, out: usize, out_len: usize, verbatim: bool) {
        let (lo, hi) = (self.src, self.src + src_len);
        let map = |at: usize, end: bool| {
            if verbatim {
                out + (at - lo)
            } else if end {
                out + out_len
            } else {
                out
            }
        };
        if self.start.is_none() && (lo..hi.max(lo + 1)).contains(&self.want.start) {
            self.start = Some(map(self.want.start, false));
        }
        if self.end.is_none() && self.want.end > lo && self.want.end <= hi {
            self.end = Some(map(self.want.end, true));
        }
        self.src = hi;
    }

    fn range(&self) -> Option<std::ops::Range<usize>> {
        Some(self.start?..self.end?)
    }
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
        score: None,
        suggestion: None,
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
        if entry.is_stale_for(seg) {
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
                score: entry.matched.as_ref().map(|m| m.score),
                suggestion: (status == Status::Fuzzy && !entry.target.is_empty())
                    .then(|| entry.target.clone()),
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
            score: entry.matched.as_ref().map(|m| m.score),
            suggestion: None,
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
    let source = article.reassemble();
    let notes_src = notes_source(article, &source);
    let (markdown, notes_range, dropped) = if lang == article.lang {
        let range = notes_src.as_ref().map(|(r, _)| r.clone());
        (source, range, Default::default())
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
        let want = notes_src.as_ref().map_or(0..0, |(r, _)| r.clone());
        let (md, range, dropped) = target_markdown(article, &cells, lang, opts, marker_title, want);
        (md, range.filter(|_| notes_src.is_some()), dropped)
    };
    let notes = match (notes_range, notes_src) {
        (Some(range), Some((_, numbers))) => {
            let numbers: Vec<u32> = numbers
                .into_iter()
                .filter(|k| !dropped.contains(&format!("[{k}]")))
                .collect();
            (!numbers.is_empty()).then_some(Notes { range, numbers })
        }
        _ => None,
    };
    Ok(Edition {
        slug: article.slug.clone(),
        lang,
        source_lang: article.lang,
        markdown,
        cells,
        stale,
        notes,
        omitted: opts.untranslated == Untranslated::Omit && lang != article.lang,
    })
}

fn target_markdown(
    article: &Article,
    cells: &[Cell],
    lang: Lang,
    opts: &Options,
    marker_title: &str,
    notes: std::ops::Range<usize>,
) -> (
    String,
    Option<std::ops::Range<usize>>,
    std::collections::HashSet<String>,
) {
    let source = article.reassemble();
    let omit = if opts.untranslated == Untranslated::Omit {
        omissions(article, cells, &source)
    } else {
        Omissions::default()
    };
    let mut out = String::with_capacity(article.segments.iter().map(|s| s.raw.len() + 8).sum());
    let mut track = Tracker::new(notes);
    let mut src = 0;
    for piece in &article.pieces {
        match piece {
            Piece::Skeleton(s) => {
                // Verbatim, except the bytes of blocks (and the white space around segments)
                // that `--untranslated omit` leaves out.
                let end = src + s.len();
                let mut at = src;
                while at < end {
                    let (next, cut) = omit.next_boundary(at, end);
                    let o = out.len();
                    if cut {
                        track.piece(next - at, o, 0, false);
                    } else {
                        out.push_str(&s[at - src..next - src]);
                        track.piece(next - at, o, next - at, true);
                    }
                    at = next;
                }
                src = end;
            }
            Piece::Segment(i) => {
                let at = out.len();
                let seg = &article.segments[*i];
                let cell = &cells[*i];
                let front = seg.block_path().is_front();
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
                if omit.next_boundary(src, src + seg.raw.len().max(1)).1 {
                    // Inside a block that is left out (an orphaned note).
                } else if cell.status.is_done() {
                    let text = omit.without_dropped_refs(&cell.text, seg);
                    // Placeholders were checked against this segment in `cells`.
                    match restore(&text, seg, ctx) {
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
                }
                track.piece(seg.raw.len(), at, out.len() - at, false);
                src += seg.raw.len();
            }
        }
    }
    let before = out.len();
    let out = markdown::set_front_lang(&out, lang);
    // The front matter comes before the notes: a longer or shorter `lang` value shifts them.
    let shift = |p: usize| (p + out.len()).saturating_sub(before);
    let range = track.range().map(|r| shift(r.start)..shift(r.end));
    (out, range, omit.notes)
}

/// What `--untranslated omit` leaves out of an edition's Markdown besides the untranslated
/// segments themselves: the blocks none of whose segments is shown (a heading, a paragraph, a
/// list item, a note with its `[k]` marker), the white space that separated an omitted sentence
/// from its neighbours, the notes no shown sentence refers to any more, and the references to
/// notes that are left out. Nothing is left dangling: no empty `[3]` note, no `[3]` pointing
/// at nothing, no double space.
#[derive(Debug, Default)]
struct Omissions {
    /// Source byte ranges left out, sorted and disjoint.
    cuts: Vec<std::ops::Range<usize>>,
    /// Markers (`[3]`, `[^a]`) of the notes left out.
    notes: std::collections::HashSet<String>,
}

impl Omissions {
    /// From `at` (below `end`): the next offset where being cut changes (at most `end`), and
    /// whether `at..next` is cut.
    fn next_boundary(&self, at: usize, end: usize) -> (usize, bool) {
        let i = self.cuts.partition_point(|c| c.end <= at);
        match self.cuts.get(i) {
            Some(c) if c.start <= at => (c.end.min(end), true),
            Some(c) => (c.start.min(end), false),
            None => (end, false),
        }
    }

    /// `text` (a shown segment's) without the placeholders of references to left-out notes.
    fn without_dropped_refs(&self, text: &str, seg: &crate::model::Segment) -> String {
        if self.notes.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, id, role) in crate::model::scan_placeholders(text) {
            let dropped = seg.codes.iter().any(|c| {
                c.id == id
                    && c.role == role
                    && c.kind == crate::model::CodeKind::Footnote
                    && self.notes.contains(c.raw.trim())
            });
            if dropped {
                out.push_str(&text[pos..range.start]);
                pos = range.end;
            }
        }
        out.push_str(&text[pos..]);
        out
    }
}

/// The marker a note block starts with: `[3]` of `[3] Text`, `[^a]` of `[^a]: Text`.
fn note_marker(block_src: &str) -> Option<&str> {
    let close = block_src.find(']')?;
    let marker = &block_src[..=close];
    let inner = marker.strip_prefix('[')?.strip_suffix(']')?;
    let ok = inner.strip_prefix('^').map_or_else(
        || !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()),
        |label| !label.is_empty(),
    );
    ok.then_some(marker)
}

fn omissions(article: &Article, cells: &[Cell], source: &str) -> Omissions {
    use crate::model::{BlockKind, CodeKind};
    let shown = |i: usize| cells[i].status.is_done() || article.segments[i].block_path().is_front();
    let refs_in = |i: usize| {
        article.segments[i]
            .codes
            .iter()
            .filter(|c| c.kind == CodeKind::Footnote)
            .map(|c| c.raw.trim().to_string())
            .collect::<Vec<_>>()
    };
    let is_note = |b: &crate::model::Block| b.kind == BlockKind::Note;
    // Notes the source refers to, and those a shown sentence (outside the notes) still does.
    let (mut referred, mut still) = (
        std::collections::HashSet::new(),
        std::collections::HashSet::new(),
    );
    for b in article.blocks.iter().filter(|b| !is_note(b)) {
        for &i in &b.segments {
            for r in refs_in(i) {
                if shown(i) {
                    still.insert(r.clone());
                }
                referred.insert(r);
            }
        }
    }
    let mut om = Omissions::default();
    let mut cuts = Vec::new();
    for b in &article.blocks {
        let marker = is_note(b)
            .then(|| source.get(b.span.range()).and_then(note_marker))
            .flatten();
        let orphan = marker.is_some_and(|m| referred.contains(m) && !still.contains(m));
        let none_shown = !b.segments.is_empty() && b.segments.iter().all(|&i| !shown(i));
        if (none_shown || orphan) && b.kind != BlockKind::TableCell {
            if let Some(m) = marker {
                om.notes.insert(m.to_string());
            }
            cuts.push(block_cut(source, b.span.range()));
            continue;
        }
        // A shown block: each omitted sentence goes with the white space before it (after it,
        // for a block's first sentences), within the block.
        let mut any_before = false;
        for (k, &i) in b.segments.iter().enumerate() {
            if shown(i) {
                any_before = true;
                continue;
            }
            let r = article.segments[i].span.range();
            let any_after = b.segments[k + 1..].iter().any(|&j| shown(j));
            let (mut start, mut end) = (r.start, r.end);
            if any_before {
                start = back_over_space(source, start).max(b.span.start);
            } else if any_after {
                let rest = &source[end..b.span.end.max(end)];
                end += rest.len() - rest.trim_start().len();
            }
            cuts.push(start..end);
        }
    }
    cuts.sort_by_key(|c| c.start);
    for c in cuts {
        match om.cuts.last_mut() {
            Some(last) if c.start <= last.end => last.end = last.end.max(c.end),
            _ => om.cuts.push(c),
        }
    }
    om
}

/// Where a start offset lands after stepping back over white space.
fn back_over_space(source: &str, at: usize) -> usize {
    source[..at].trim_end().len()
}

/// The bytes a left-out block takes with it: the block, the list or quote markers before it on
/// its line, and the white space between it and what comes before, so that the blank line
/// that ended the previous block now ends this one's place (a list is not joined to the next
/// paragraph, nothing is doubled).
fn block_cut(source: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &source[line_start..span.start];
    let markers_only = prefix.chars().all(|c| {
        c.is_whitespace()
            || matches!(c, '-' | '*' | '+' | '>' | '#' | '.' | ')')
            || c.is_ascii_digit()
    });
    let start = if markers_only { line_start } else { span.start };
    // A block's span can take in the line end after it: that stays, as the separator.
    let end = span.start + source[span.clone()].trim_end().len();
    back_over_space(source, start)..end
}

#[cfg(test)]
mod tests;
