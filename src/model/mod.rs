//! Plain data shared by every stage of the pipeline: languages, articles, blocks, segments and
//! their inline codes. Nothing here does I/O; the `source` module builds these values from files
//! and the later stages only read them.

mod lang;

pub use lang::{parse_list, Lang, UnknownLang};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte range in a source file, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Creates a span.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span as a `Range`, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A segment's stable identifier: `<hash>` or `<hash>.<n>` for the n-th repeat of the same text.
///
/// The hash covers the article slug and the segment's normalized text (whitespace collapsed, with
/// placeholders), not its position: inserting a paragraph does not renumber the rest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentId(pub String);

impl SegmentId {
    /// Derives the id of the `occurrence`-th (0-based) segment of `slug` with text `normalized`.
    pub fn derive(slug: &str, normalized: &str, occurrence: usize) -> SegmentId {
        let hash = fnv1a64(&[slug.as_bytes(), b"\0", normalized.as_bytes()]);
        let base = format!("{:012x}", hash >> 16);
        if occurrence == 0 {
            SegmentId(base)
        } else {
            SegmentId(format!("{base}.{}", occurrence + 1))
        }
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SegmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// FNV-1a, 64 bit: tiny, stable across platforms and releases (unlike `std`'s `DefaultHasher`),
/// which is what ids written into drafts need.
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// What kind of inline markup a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeKind {
    /// `*emphasis*` or `_emphasis_`.
    Emphasis,
    /// `**strong**`.
    Strong,
    /// `~~strikethrough~~`.
    Strikethrough,
    /// `[text](url)` and reference links.
    Link,
    /// `![alt](src)`, kept whole.
    Image,
    /// `` `code` ``, kept whole: code is never translated.
    Code,
    /// A footnote reference, `[1]` or `[^1]`.
    Footnote,
    /// Inline HTML.
    Html,
    /// A hard line break.
    Break,
    /// Source text that looks like a placeholder (`{1}`), protected so it cannot be confused
    /// with one.
    Literal,
}

/// The role of one placeholder token in segment text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeRole {
    /// `{n}`: opens a paired code.
    Open,
    /// `{/n}`: closes a paired code.
    Close,
    /// `{n/}`: a code that stands alone.
    Standalone,
}

/// One placeholder token of a segment and the markup it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Code {
    /// Number shared by the opening and closing token of a pair.
    pub id: u32,
    /// Opening, closing or standalone.
    pub role: CodeRole,
    /// What markup it is.
    pub kind: CodeKind,
    /// The exact source bytes it replaces (`*`, `](https://…)`, `[1]`).
    pub raw: String,
}

impl Code {
    /// The token that stands for this code in segment text: `{1}`, `{/1}` or `{1/}`.
    pub fn token(&self) -> String {
        placeholder_token(self.id, self.role)
    }
}

/// The placeholder token for a code number and role.
pub fn placeholder_token(id: u32, role: CodeRole) -> String {
    match role {
        CodeRole::Open => format!("{{{id}}}"),
        CodeRole::Close => format!("{{/{id}}}"),
        CodeRole::Standalone => format!("{{{id}/}}"),
    }
}

/// Finds every placeholder token in `text`, in order, as `(byte range, id, role)`.
///
/// Tokens are `{n}`, `{/n}` and `{n/}` with `n` a decimal number. Source text that happens to
/// look like a token is itself turned into a [`CodeKind::Literal`] code by the `source` module, so
/// this scan is unambiguous.
pub fn scan_placeholders(text: &str) -> Vec<(std::ops::Range<usize>, u32, CodeRole)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let close = j < b.len() && b[j] == b'/';
        if close {
            j += 1;
        }
        let digits_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == digits_start || j - digits_start > 6 {
            i += 1;
            continue;
        }
        let id: u32 = text[digits_start..j].parse().unwrap_or(0);
        let standalone = !close && j < b.len() && b[j] == b'/';
        if standalone {
            j += 1;
        }
        if j < b.len() && b[j] == b'}' {
            let role = if close {
                CodeRole::Close
            } else if standalone {
                CodeRole::Standalone
            } else {
                CodeRole::Open
            };
            out.push((i..j + 1, id, role));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// A translatable unit: normally one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Stable id (see [`SegmentId`]).
    pub id: SegmentId,
    /// The text with inline markup replaced by placeholder tokens; what memory matching and
    /// drafts use.
    pub text: String,
    /// The text as it reads in the source: the raw bytes with runs of whitespace collapsed.
    pub display: String,
    /// The exact source bytes of the segment (`span` of the file).
    pub raw: String,
    /// The placeholders of `text`, in order of appearance.
    pub codes: Vec<Code>,
    /// The exact bytes of the source file this segment covers.
    pub span: Span,
    /// 1-based line of the segment's first byte.
    pub line: usize,
    /// 1-based column (in characters) of the segment's first byte.
    pub column: usize,
    /// Where the segment sits in the article, e.g. `/front/title`, `/paragraph[3]`,
    /// `/list[1]/item[2]/paragraph[1]`, `/notes[1]/note[4]`.
    pub block: BlockPath,
}

/// A block's path in the article's tree, e.g. `/front/title`, `/paragraph[3]`,
/// `/list[1]/item[2]/paragraph[1]`, `/notes[1]/note[4]`: which part of the article it is in.
/// The one place that knows the path syntax (`/front/<field>`, `/notes[k]/note[n]`, everything
/// else body). Written as its plain string wherever the model is serialized.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BlockPath(String);

impl BlockPath {
    /// The path of front-matter field `field` (`title`, `summary`, `notes_title`).
    pub fn front(field: &str) -> BlockPath {
        BlockPath(format!("/front/{field}"))
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The front-matter field (`title`, `summary`, `notes_title`), if the block is one.
    pub fn front_field(&self) -> Option<&str> {
        self.0.strip_prefix("/front/")
    }

    /// Whether the block is a front-matter field.
    pub fn is_front(&self) -> bool {
        self.front_field().is_some()
    }

    /// The notes block it belongs to (1 for the first), if it is a note of one.
    pub fn notes_group(&self) -> Option<u32> {
        let rest = self.0.strip_prefix("/notes[")?;
        let (n, rest) = rest.split_once(']')?;
        rest.starts_with("/note[").then(|| n.parse().ok()).flatten()
    }

    /// Whether the block is article body (neither front matter nor a notes block).
    pub fn is_body(&self) -> bool {
        !self.is_front() && self.notes_group().is_none()
    }
}

impl From<String> for BlockPath {
    fn from(path: String) -> BlockPath {
        BlockPath(path)
    }
}

impl From<&str> for BlockPath {
    fn from(path: &str) -> BlockPath {
        BlockPath(path.to_string())
    }
}

impl From<BlockPath> for String {
    fn from(path: BlockPath) -> String {
        path.0
    }
}

impl std::ops::Deref for BlockPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for BlockPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BlockPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for BlockPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for BlockPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Segment {
    /// Its block's path.
    pub fn block_path(&self) -> &BlockPath {
        &self.block
    }
}

impl Block {
    /// Its path.
    pub fn block_path(&self) -> &BlockPath {
        &self.path
    }
}

/// What kind of block a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// The front-matter `title`.
    Title,
    /// The front-matter `summary`.
    Summary,
    /// A heading of the given level (1-6).
    Heading(u8),
    /// A paragraph of body text (also inside lists and block quotes; see the path).
    Paragraph,
    /// One entry of a notes block (the `[1] ...` reference list) or a `[^1]:` footnote definition.
    Note,
    /// A table cell.
    TableCell,
}

/// A leaf block of text: the unit that sentences never cross.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Its path in the document tree (see [`Segment::block`]).
    pub path: BlockPath,
    /// Bytes it covers in the source file.
    pub span: Span,
    /// Indexes into [`Article::segments`].
    pub segments: Vec<usize>,
}

/// The front matter of an article (TOML between `+++` lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The title; translated.
    pub title: String,
    /// The language the article is written in; must agree with the file name.
    pub lang: Lang,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// The author.
    pub author: String,
    /// A short summary; translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Tags (not translated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The heading that a notes block should get in this language's edition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_title: Option<String>,
}

/// A piece of the source file: either bytes kept as they are (markup, whitespace, front-matter
/// syntax) or a segment. Concatenating the pieces of an article gives back the file exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Piece {
    /// Untranslatable source bytes.
    Skeleton(String),
    /// The segment at this index of [`Article::segments`].
    Segment(usize),
}

/// A parsed source article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The folder name under `sources/`.
    pub slug: String,
    /// The language it is written in.
    pub lang: Lang,
    /// Its front matter; `None` for plain text read with `segment --plain` or from stdin.
    pub front: Option<FrontMatter>,
    /// Leaf blocks in document order.
    pub blocks: Vec<Block>,
    /// Segments in document order.
    pub segments: Vec<Segment>,
    /// The file as skeleton and segments.
    pub pieces: Vec<Piece>,
}

impl Article {
    /// Reassembles the source file from its pieces: the lossless invariant says this equals the
    /// file that was parsed, byte for byte.
    pub fn reassemble(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Skeleton(s) => out.push_str(s),
                Piece::Segment(i) => out.push_str(&self.segments[*i].raw),
            }
        }
        out
    }

    /// Finds a segment by id.
    pub fn segment(&self, id: &SegmentId) -> Option<&Segment> {
        self.segments.iter().find(|s| &s.id == id)
    }
}

#[cfg(test)]
mod block_path_tests {
    use super::BlockPath;

    #[test]
    fn reads_the_part_of_the_article() {
        assert_eq!(BlockPath::from("/front/title").front_field(), Some("title"));
        assert_eq!(BlockPath::from("/notes[1]/note[4]").notes_group(), Some(1));
        assert_eq!(BlockPath::from("/notes[2]/note[1]").notes_group(), Some(2));
        assert!(BlockPath::from("/list[1]/item[2]/paragraph[1]").is_body());
        assert!(!BlockPath::from("/front/summary").is_body());
        assert_eq!(BlockPath::from("/paragraph[3]").notes_group(), None);
        assert_eq!(BlockPath::front("notes_title"), "/front/notes_title");
    }

    #[test]
    fn is_written_as_its_plain_string() {
        let p = BlockPath::from("/list[1]/item[2]/paragraph[1]");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#""/list[1]/item[2]/paragraph[1]""#);
        assert_eq!(serde_json::from_str::<BlockPath>(&json).unwrap(), p);
    }
}
