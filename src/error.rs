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
    fn location_display_omits_unknown_parts() {
        assert_eq!(Location::file("a.md").to_string(), "a.md");
        assert_eq!(Location::new("a.md", 3, 0).to_string(), "a.md:3");
        assert_eq!(Location::new("a.md", 3, 9).to_string(), "a.md:3:9");
    }
}
