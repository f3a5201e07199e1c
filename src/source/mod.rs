//! Markdown article ⇄ model. Reads `sources/<slug>/<lang>.md` (TOML front matter between `+++`
//! lines, CommonMark body), finds its leaf blocks and inline markup, splits each block into
//! sentences with the `segment` rules and returns an [`Article`] whose pieces reproduce the file
//! byte for byte.
//!
//! The front-matter fields `title`, `summary` and `notes_title` are segments too.

mod front;
mod inline;
mod markdown;
mod project;

pub use project::{discover, ArticleFile};

use std::path::{Path, PathBuf};

use crate::error::{IoError, Location};
use crate::model::{Article, Lang, Piece};
use crate::segment::Rules;

pub(crate) use inline::Builder;

/// Errors reading a source article.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// I/O failure.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The file is not UTF-8.
    #[error("{at}: invalid UTF-8 (expected UTF-8 text; re-save the file as UTF-8)")]
    InvalidUtf8 {
        /// Where the first bad byte is.
        at: Location,
    },
    /// The file is empty.
    #[error("{at}: empty article (expected front matter starting with a `+++` line)")]
    Empty {
        /// The file.
        at: Location,
    },
    /// No front matter.
    #[error("{at}: missing front matter (expected `+++` on the first line, then TOML with `title`, `lang`, `date`, `author`, then `+++`)")]
    NoFrontMatter {
        /// The file.
        at: Location,
    },
    /// Front matter that never closes.
    #[error("{at}: front matter is not closed (expected a line `+++` after the TOML)")]
    UnclosedFrontMatter {
        /// The opening line.
        at: Location,
    },
    /// Front matter that does not parse.
    #[error("{at}: front matter: {message}")]
    FrontMatter {
        /// Where in the file.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// The `lang` key disagrees with the file name.
    #[error("{at}: `lang = \"{found}\"` disagrees with the file name (expected `{expected}` as in `{expected}.md`)")]
    LangMismatch {
        /// The `lang` value.
        at: Location,
        /// Found in front matter.
        found: Lang,
        /// From the file name.
        expected: Lang,
    },
    /// Lists or block quotes nested deeper than [`MAX_NESTING`].
    #[error("{at}: lists or block quotes nested {depth} deep (expected at most {MAX_NESTING}; polypress refuses deeper nesting, which no article needs and which would take minutes to parse)")]
    TooDeep {
        /// The line.
        at: Location,
        /// How deep.
        depth: usize,
    },
    /// A segment (a sentence, or a block that has no sentence end) longer than
    /// [`MAX_SEGMENT_BYTES`].
    #[error("{at}: a segment of {bytes} bytes (expected at most {MAX_SEGMENT_BYTES}: polypress refuses longer sentences, which no article needs and whose fuzzy matching would take minutes)\n  hint: end its sentences with punctuation, or split it into paragraphs")]
    SegmentTooLong {
        /// Where the segment starts.
        at: Location,
        /// Its length.
        bytes: usize,
    },
    /// A folder under `sources/` without exactly one article.
    #[error("{at}: {message}")]
    Layout {
        /// The folder or file.
        at: Location,
        /// What is wrong and what was expected.
        message: String,
    },
}

/// How to read the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A full article: front matter and Markdown body.
    Article,
    /// A Markdown body, with or without front matter.
    Markdown,
    /// Plain text: no Markdown; blank lines separate paragraphs.
    Plain,
}

/// Checks that `bytes` is UTF-8 and returns it as text.
///
/// # Errors
/// [`SourceError::Empty`] for an empty file (when `allow_empty` is false) and
/// [`SourceError::InvalidUtf8`] with the line and column of the first bad byte.
pub fn decode(bytes: Vec<u8>, path: &Path, allow_empty: bool) -> Result<String, SourceError> {
    if bytes.is_empty() && !allow_empty {
        return Err(SourceError::Empty {
            at: Location::file(path),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        SourceError::InvalidUtf8 {
            at: Location::at_offset(path, &text, valid),
        }
    })
}

/// The deepest nesting of lists and block quotes an article may have (a documented limit:
/// Markdown parsers spend time quadratic in the nesting depth).
pub const MAX_NESTING: usize = 100;

/// The longest segment an article may have, in bytes (a documented limit: 16 KiB is some
/// 2,500 words, several times the longest sentences of literature and law, while comparing two
/// segments for a fuzzy match takes time quadratic in their length).
pub const MAX_SEGMENT_BYTES: usize = 16 * 1024;

/// Refuses a line that opens more than [`MAX_NESTING`] lists or block quotes (`- `, `* `,
/// `+ `, `> `, `1. `, `1) `): one linear pass over the text.
fn check_nesting(text: &str, body_start: usize, path: &Path) -> Result<(), SourceError> {
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let b = line.as_bytes();
        let (mut i, mut depth) = (0, 0);
        loop {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let marker = if matches!(b.get(i), Some(b'-' | b'*' | b'+' | b'>')) {
                1
            } else if (1..=9).contains(&digits) && matches!(b.get(i + digits), Some(b'.' | b')')) {
                digits + 1
            } else {
                0
            };
            let followed = matches!(b.get(i + marker), Some(b' ' | b'\t') | None)
                || (marker == 1 && b[i] == b'>');
            if marker == 0 || !followed {
                break;
            }
            depth += 1;
            i += marker;
            if depth > MAX_NESTING {
                return Err(SourceError::TooDeep {
                    at: Location::at_offset(path, text, offset),
                    depth: depth + b[i..].iter().filter(|&&c| c == b'-' || c == b'>').count(),
                });
            }
        }
        offset += line.len();
    }
    Ok(())
}

/// Parses `text` (the contents of `path`) into an article.
///
/// `path` is only used in error messages and should be relative to the project root. `lang`
/// is the language from the file name (or `--lang`), `slug` the article's folder name.
///
/// # Errors
/// Front matter that is missing, malformed, has unknown keys or a `lang` that disagrees with
/// the file name.
pub fn parse(
    text: &str,
    path: &Path,
    slug: &str,
    lang: Lang,
    format: Format,
    rules: &Rules,
) -> Result<Article, SourceError> {
    let mut b = Builder::new(text, slug, rules);
    let mut front = None;
    let body_start;
    match format {
        Format::Plain => {
            body_start = 0;
        }
        Format::Article | Format::Markdown => match front::split(text, path)? {
            Some(fm) => {
                let parsed = front::parse(text, &fm, path)?;
                if parsed.matter.lang != lang {
                    return Err(SourceError::LangMismatch {
                        at: Location::at_offset(path, text, parsed.lang_offset),
                        found: parsed.matter.lang,
                        expected: lang,
                    });
                }
                for field in &parsed.fields {
                    b.add_leaf(field.leaf.clone(), field.split);
                }
                front = Some(parsed.matter);
                body_start = fm.body_start;
            }
            None if format == Format::Article => {
                let at = Location::file(path);
                return Err(if text.trim().is_empty() {
                    SourceError::Empty { at }
                } else {
                    SourceError::NoFrontMatter { at }
                });
            }
            None => body_start = 0,
        },
    }
    if format != Format::Plain {
        check_nesting(text, body_start, path)?;
    }
    match format {
        Format::Plain => markdown::plain_leaves(text, &mut b),
        _ => markdown::body_leaves(text, body_start, &mut b),
    }
    let (blocks, segments) = b.finish();
    if let Some(seg) = segments.iter().find(|s| s.raw.len() > MAX_SEGMENT_BYTES) {
        return Err(SourceError::SegmentTooLong {
            at: Location::at_offset(path, text, seg.span.start),
            bytes: seg.raw.len(),
        });
    }
    let pieces = pieces(text, &segments);
    Ok(Article {
        slug: slug.to_string(),
        lang,
        front,
        blocks,
        segments,
        pieces,
    })
}

/// Reads and parses an article file under a project.
///
/// # Errors
/// See [`parse`]; also I/O and UTF-8 errors.
pub fn load(root: &Path, file: &ArticleFile, rules: &Rules) -> Result<Article, SourceError> {
    let abs = root.join(&file.path);
    let bytes = crate::fsx::read_bytes(&abs)?;
    let text = decode(bytes, &file.path, false)?;
    parse(
        &text,
        &file.path,
        &file.slug,
        file.lang,
        Format::Article,
        rules,
    )
}

fn pieces(text: &str, segments: &[crate::model::Segment]) -> Vec<Piece> {
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| segments[i].span.start);
    let mut out = Vec::new();
    let mut pos = 0;
    for i in order {
        let span = segments[i].span;
        if span.start > pos {
            out.push(Piece::Skeleton(text[pos..span.start].to_string()));
        }
        out.push(Piece::Segment(i));
        pos = span.end;
    }
    if pos < text.len() {
        out.push(Piece::Skeleton(text[pos..].to_string()));
    }
    out
}

/// The `lang` of the front matter at the top of `text`, if it has one that names a language.
pub fn sniff_lang(text: &str) -> Option<Lang> {
    #[derive(serde::Deserialize)]
    struct OnlyLang {
        lang: String,
    }
    let fm = front::split(text, Path::new("")).ok()??;
    let only: OnlyLang = toml::from_str(&text[fm.toml_start..fm.toml_end]).ok()?;
    Lang::from_tag(&only.lang)
}

/// Parses `text` as the English article `sources/<slug>/en.md` with the built-in rules: the
/// fixture the unit tests of every later stage start from.
#[cfg(test)]
pub(crate) fn test_article(slug: &str, text: &str) -> Article {
    let path = article_path(slug, Lang::En);
    parse(
        text,
        &path,
        slug,
        Lang::En,
        Format::Article,
        &Rules::builtin(Lang::En),
    )
    .expect("test articles are valid")
}

/// The path of an article file relative to the project root: `sources/<slug>/<lang>.md`.
pub fn article_path(slug: &str, lang: Lang) -> PathBuf {
    PathBuf::from("sources")
        .join(slug)
        .join(format!("{}.md", lang.code()))
}

#[cfg(test)]
mod tests;
