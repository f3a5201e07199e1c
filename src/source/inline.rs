//! Leaf blocks → segments. A [`Leaf`] is a block's inline content as items (text, whitespace,
//! markup codes) with their source byte ranges; the [`Builder`] turns every leaf into sentences
//! and the sentences into [`Segment`]s whose markup is replaced by placeholder tokens.
//!
//! Splitting runs on a "shadow" string: the leaf's text with each code replaced by one
//! private-use character (see `segment`'s module docs), so the sentence rules see markup as
//! opaque. Shadow offsets map back to source offsets item by item, which is what keeps every
//! segment's span exact.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::{Block, BlockKind, Code, CodeKind, CodeRole, Segment, SegmentId, Span};
use crate::segment::{self, Rules};

/// One inline item of a leaf block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// Text; `text` is what it reads as (escapes and entities resolved), `range` its source bytes.
    Text { range: Range<usize>, text: String },
    /// A soft line break or other whitespace that reads as one space.
    Space { range: Range<usize> },
    /// A piece of markup that becomes a placeholder.
    Code {
        range: Range<usize>,
        role: CodeRole,
        kind: CodeKind,
    },
}

impl Item {
    fn range(&self) -> &Range<usize> {
        match self {
            Item::Text { range, .. } | Item::Space { range } | Item::Code { range, .. } => range,
        }
    }
}

/// A block's inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Leaf {
    pub kind: BlockKind,
    pub path: String,
    pub span: Span,
    pub items: Vec<Item>,
}

/// A shadow-string run: which item, its shadow range.
struct Run {
    item: usize,
    shadow: Range<usize>,
}

/// Collects leaves and turns them into blocks and segments.
pub(crate) struct Builder<'a> {
    text: &'a str,
    slug: &'a str,
    rules: &'a Rules,
    blocks: Vec<Block>,
    segments: Vec<Segment>,
    cursor: LineCursor,
}

/// Line and column of increasing offsets in amortized linear time (a 50 MB one-line paragraph
/// must not cost a scan from the start of the file per segment).
#[derive(Default)]
struct LineCursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl LineCursor {
    fn at(&mut self, text: &str, offset: usize) -> (usize, usize) {
        if offset < self.offset || self.line == 0 {
            *self = LineCursor {
                offset: 0,
                line: 1,
                column: 1,
            };
        }
        for c in text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

impl<'a> Builder<'a> {
    pub fn new(text: &'a str, slug: &'a str, rules: &'a Rules) -> Builder<'a> {
        Builder {
            text,
            slug,
            rules,
            blocks: Vec::new(),
            segments: Vec::new(),
            cursor: LineCursor::default(),
        }
    }

    /// Adds a leaf; `split` false keeps it as one segment (titles).
    pub fn add_leaf(&mut self, leaf: Leaf, split: bool) {
        let (shadow, runs) = shadow_of(&leaf.items);
        let translatable = shadow.chars().any(char::is_alphanumeric)
            || (leaf.kind == BlockKind::Paragraph && has_visible_text(&shadow));
        if !translatable {
            // Nothing to translate: an image, an empty table cell or a `—` in one. A paragraph
            // of punctuation (`…`, `—`, `* * *` in plain text) is kept as a segment, so the
            // sentences of a text spell all of it.
            return;
        }
        let mut starts = vec![0];
        if split {
            starts.extend(outside_pairs(&shadow, segment::split(&shadow, self.rules)));
        }
        let mut seg_idx = Vec::new();
        for (s, e) in sentence_ranges(&shadow, &starts) {
            let raw_start = self.map(&leaf.items, &runs, s, false);
            let raw_end = self.map(&leaf.items, &runs, e, true);
            let (text, codes) = segment_text(self.text, &leaf.items, &runs, s, e);
            let raw = &self.text[raw_start..raw_end];
            let display = match leaf.kind {
                BlockKind::Title | BlockKind::Summary => collapse(&text),
                _ => collapse(raw),
            };
            let (line, column) = self.cursor.at(self.text, raw_start);
            seg_idx.push(self.segments.len());
            self.segments.push(Segment {
                id: SegmentId(String::new()),
                text,
                display,
                raw: raw.to_string(),
                codes,
                span: Span::new(raw_start, raw_end),
                line,
                column,
                block: leaf.path.as_str().into(),
            });
        }
        if !seg_idx.is_empty() {
            self.blocks.push(Block {
                kind: leaf.kind,
                path: leaf.path.into(),
                span: leaf.span,
                segments: seg_idx,
            });
        }
    }

    /// Maps a shadow offset to a source offset. `end` selects the end of the item before the
    /// offset (for a segment's exclusive end) rather than the start of the item at it.
    fn map(&self, items: &[Item], runs: &[Run], off: usize, end: bool) -> usize {
        let probe = if end { off.saturating_sub(1) } else { off };
        let run = &runs[run_at(runs, probe)];
        let item = &items[run.item];
        match item {
            Item::Text { range, text } => {
                let within = off - run.shadow.start;
                range.start + map_within(&self.text[range.clone()], text, within)
            }
            _ => {
                if end {
                    item.range().end
                } else {
                    item.range().start
                }
            }
        }
    }

    /// Assigns ids (slug + normalized text + occurrence) and returns the blocks and segments.
    pub fn finish(mut self) -> (Vec<Block>, Vec<Segment>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for seg in &mut self.segments {
            let n = seen.entry(seg.text.clone()).or_insert(0);
            seg.id = SegmentId::derive(self.slug, &seg.text, *n);
            *n += 1;
        }
        (self.blocks, self.segments)
    }
}

/// Builds the shadow string and its runs.
fn shadow_of(items: &[Item]) -> (String, Vec<Run>) {
    let mut shadow = String::new();
    let mut runs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let start = shadow.len();
        match item {
            Item::Text { text, .. } => shadow.push_str(text),
            Item::Space { .. } => shadow.push(' '),
            Item::Code { role, kind, .. } => shadow.push(match (role, kind) {
                (_, CodeKind::Footnote) => segment::FOOTNOTE,
                (CodeRole::Open, _) => segment::OPEN,
                (CodeRole::Close, _) => segment::CLOSE,
                (CodeRole::Standalone, _) => segment::STANDALONE,
            }),
        }
        runs.push(Run {
            item: i,
            shadow: start..shadow.len(),
        });
    }
    (shadow, runs)
}

/// Keeps the sentence breaks that lie outside every paired code: a break inside a pair (a
/// sentence ending inside `*emphasis*`) would leave unbalanced markup on both sides, so the
/// sentences it would separate stay one segment. `breaks` must be increasing.
fn outside_pairs(shadow: &str, breaks: Vec<usize>) -> Vec<usize> {
    if !shadow.contains(segment::OPEN) {
        return breaks;
    }
    let mut out = Vec::with_capacity(breaks.len());
    let mut depth = 0u32;
    let mut chars = shadow.char_indices().peekable();
    for b in breaks {
        while let Some(&(i, c)) = chars.peek() {
            if i >= b {
                break;
            }
            if c == segment::OPEN {
                depth += 1;
            } else if c == segment::CLOSE {
                depth = depth.saturating_sub(1);
            }
            chars.next();
        }
        if depth == 0 {
            out.push(b);
        }
    }
    out
}

/// Index of the run whose shadow range holds `off` (runs are sorted and contiguous).
fn run_at(runs: &[Run], off: usize) -> usize {
    runs.partition_point(|r| r.shadow.end <= off)
        .min(runs.len().saturating_sub(1))
}

/// Trims whitespace from a shadow range; `None` when nothing is left.
fn trim(shadow: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let piece = &shadow[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return None;
    }
    Some((s + lead, e - trail))
}

/// Whether the shadow holds a character that reads as text: not whitespace, not a placeholder.
fn has_visible_text(shadow: &str) -> bool {
    shadow.chars().any(|c| {
        !c.is_whitespace()
            && !matches!(
                c,
                segment::OPEN | segment::CLOSE | segment::STANDALONE | segment::FOOTNOTE
            )
    })
}

/// The trimmed shadow ranges of a leaf's sentences, given where they start. A piece with nothing
/// to translate after a sentence (`💐`, `—`, `(*)`, a lone `…`) is not a sentence of its own but
/// is not left out either: it joins the sentence before it, so the segments of a block cover all
/// of its text. A piece that opens the block (`"...`, `—`) stays a segment of its own.
fn sentence_ranges(shadow: &str, starts: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(shadow.len());
        let Some((s, e)) = trim(shadow, s, e) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if !shadow[s..e].chars().any(char::is_alphanumeric) => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    out
}

/// Maps a byte offset in a text item's resolved `text` to an offset in its `raw` source, walking
/// over backslash escapes and character references.
fn map_within(raw: &str, text: &str, within: usize) -> usize {
    // Escapes and character references only ever shorten the text, so equal lengths mean the
    // text is the raw slice (comparing the bytes would cost O(n) per segment on huge paragraphs).
    if raw.len() == text.len() {
        return within;
    }
    let (rb, tb) = (raw.as_bytes(), text.as_bytes());
    let (mut i, mut j) = (0, 0);
    while j < within && i < rb.len() {
        if j < tb.len() && rb[i] == tb[j] {
            i += 1;
            j += 1;
        } else if rb[i] == b'\\' {
            i += 1;
        } else if rb[i] == b'&' {
            let semi = raw[i..].find(';').map_or(raw.len(), |k| i + k + 1);
            i = semi;
            j += text[j..].chars().next().map_or(1, char::len_utf8);
        } else {
            i += 1;
            j += 1;
        }
    }
    while i < raw.len() && !raw.is_char_boundary(i) {
        i += 1;
    }
    i.min(raw.len())
}

/// The segment text (placeholders, whitespace collapsed) and its codes for a shadow range.
fn segment_text(
    src: &str,
    items: &[Item],
    runs: &[Run],
    s: usize,
    e: usize,
) -> (String, Vec<Code>) {
    let mut text = String::new();
    let mut codes = Vec::new();
    let mut next_id = 1u32;
    let mut open: Vec<u32> = Vec::new();
    for run in &runs[run_at(runs, s)..] {
        if run.shadow.start >= e {
            break;
        }
        if run.shadow.end <= s {
            continue;
        }
        match &items[run.item] {
            Item::Text { text: t, .. } => {
                let a = s.max(run.shadow.start) - run.shadow.start;
                let b = e.min(run.shadow.end) - run.shadow.start;
                push_collapsed(&mut text, &t[a..b]);
            }
            Item::Space { .. } => push_collapsed(&mut text, " "),
            Item::Code { range, role, kind } => {
                let (id, role) = match role {
                    CodeRole::Open => {
                        open.push(next_id);
                        next_id += 1;
                        (next_id - 1, CodeRole::Open)
                    }
                    CodeRole::Close => match open.pop() {
                        Some(id) => (id, CodeRole::Close),
                        None => {
                            next_id += 1;
                            (next_id - 1, CodeRole::Standalone)
                        }
                    },
                    CodeRole::Standalone => {
                        next_id += 1;
                        (next_id - 1, CodeRole::Standalone)
                    }
                };
                let code = Code {
                    id,
                    role,
                    kind: *kind,
                    raw: src[range.clone()].to_string(),
                };
                text.push_str(&code.token());
                codes.push(code);
            }
        }
    }
    (text.trim().to_string(), codes)
}

/// Appends `piece` with every run of ASCII whitespace as one space (none at the start of `out`
/// or after a space). Runs of other bytes are copied whole: a per-character push made this the
/// costliest step of reading a long text.
fn push_collapsed(out: &mut String, piece: &str) {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut rest = piece;
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|b| is_space(&b))
            .unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        let spaces = rest[run..].bytes().take_while(is_space).count();
        if spaces > 0 && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        rest = &rest[run + spaces..];
    }
}

/// Collapses runs of ASCII whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out.trim_end().to_string()
}

/// Splits plain text into text items and protected codes: footnote markers (`[1]`, `[^1]`)
/// become footnote codes, and text that looks like a placeholder token (`{1}`) becomes a
/// literal code so it cannot be mistaken for one. `base` is the source offset of `text`, which
/// is the exact source slice.
pub(crate) fn protect(text: &str, base: usize, resolved: Option<&str>, out: &mut Vec<Item>) {
    // Text whose resolved form differs from its source (escapes) is kept whole.
    if let Some(r) = resolved {
        if r != text {
            out.push(Item::Text {
                range: base..base + text.len(),
                text: r.to_string(),
            });
            return;
        }
    }
    let mut pos = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'[' => footnote_marker_len(&text[i..]).map(|n| (n, CodeKind::Footnote)),
            b'{' => crate::model::scan_placeholders(&text[i..])
                .first()
                .filter(|(r, _, _)| r.start == 0)
                .map(|(r, _, _)| (r.end, CodeKind::Literal)),
            _ => None,
        };
        if let Some((n, kind)) = found {
            if i > pos {
                out.push(Item::Text {
                    range: base + pos..base + i,
                    text: text[pos..i].to_string(),
                });
            }
            out.push(Item::Code {
                range: base + i..base + i + n,
                role: CodeRole::Standalone,
                kind,
            });
            i += n;
            pos = i;
        } else {
            i += 1;
        }
    }
    if pos < text.len() {
        out.push(Item::Text {
            range: base + pos..base + text.len(),
            text: text[pos..].to_string(),
        });
    }
}

/// Length of a footnote marker `[12]` / `[^12]` at the start of `s`.
pub(crate) fn footnote_marker_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut i = 1;
    if b.get(1) == Some(&b'^') {
        i = 2;
    }
    let start = i;
    while i < b.len() && i - start < 4 && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let label = &s[start..i];
    let numeric = !label.is_empty() && label.bytes().all(|c| c.is_ascii_digit());
    if (numeric || (start == 2 && !label.is_empty())) && b.get(i) == Some(&b']') {
        Some(i + 1)
    } else {
        None
    }
}
