//! Where things went wrong: [`Location`] names a file, line and column, and every error that
//! comes from user input carries one. Each stage has its own error enum; `polypress::ProjectError` gathers them
//! for the binary, which prints the chain once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in an input file. Lines are 1-based; columns are 1-based and count characters, not
/// bytes, because Turkish and Russian text is multi-byte.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file, relative to the project root where possible.
    pub path: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column in characters, 0 when unknown.
    pub column: usize,
}

impl Location {
    /// A location at a line and column.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Location {
        Location {
            path: path.into(),
            line,
            column,
        }
    }

    /// A location naming only the file.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location::new(path, 0, 0)
    }

    /// The location of byte `offset` in `text` (the contents of `path`).
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Location {
        let (line, column) = line_col(text, offset);
        Location::new(path, line, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// The 1-based line and character column of byte `offset` in `text`. An offset inside a
/// multi-byte character counts as that character.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Finds line numbers of increasing offsets in one text in linear total time: each call counts
/// only the line ends since the previous one, so a parser that asks for the line of every
/// element it reads never rescans the text from its start.
#[derive(Debug, Clone)]
pub struct LineCounter {
    offset: usize,
    line: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        LineCounter::new()
    }
}

impl LineCounter {
    /// A counter at the start of a text (line 1).
    pub fn new() -> LineCounter {
        LineCounter { offset: 0, line: 1 }
    }

    /// A counter at byte `offset`, known to be on 1-based `line`.
    pub fn starting_at(offset: usize, line: usize) -> LineCounter {
        LineCounter { offset, line }
    }

    /// The 1-based line of byte `offset` of `text`. Offsets normally increase from call to
    /// call; a smaller one restarts the count from the start of the text.
    pub fn line_at(&mut self, text: &[u8], offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = LineCounter::new();
        }
        self.line += count_newlines(&text[self.offset..offset]);
        self.offset = offset;
        self.line
    }
}

/// The number of `\n` bytes in `bytes`.
pub fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Shows `path` relative to `root` when it lies below it.
pub fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// An I/O failure on a named file.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// Reading failed.
    #[error("cannot read `{}`", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Writing failed.
    #[error("cannot write `{}`", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "başlık\nТокио hosts";
        let off = text.find("hosts").unwrap();
        assert_eq!(line_col(text, off), (2, 7));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn line_counter_agrees_with_line_col() {
        let text = "a\nbc\n\nd\ne";
        let mut c = LineCounter::new();
        for off in 0..=text.len() {
            assert_eq!(
                c.line_at(text.as_bytes(), off),
                line_col(text, off).0,
                "{off}"
            );
        }
        assert_eq!(c.line_at(text.as_bytes(), 1), 1, "restarts when going back");
    }

    #[test]
    fn location_display_omits_unknown_parts() {
        assert_eq!(Location::file("a.md").to_string(), "a.md");
        assert_eq!(Location::new("a.md", 3, 0).to_string(), "a.md:3");
        assert_eq!(Location::new("a.md", 3, 9).to_string(), "a.md:3:9");
    }
}
