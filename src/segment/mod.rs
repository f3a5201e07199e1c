//! Blocks → sentences. Pure functions, no I/O.
//!
//! Input text conventions (set by the `source` module): inline markup has been replaced by
//! private-use characters, each standing for one placeholder:
//! - [`OPEN`] (U+E000) opens a paired code (emphasis, link text),
//! - [`CLOSE`] (U+E001) closes one,
//! - [`STANDALONE`] (U+E002) is a code that stands alone (inline code, image, line break),
//! - [`FOOTNOTE`] (U+E003) is a footnote reference and attaches to the sentence it follows.
//!
//! Literal footnote markers (`[1]`, `[^1]`) in plain text are handled the same as [`FOOTNOTE`].

use crate::model::Lang;

/// Stands for an opening inline code.
pub const OPEN: char = '\u{E000}';
/// Stands for a closing inline code.
pub const CLOSE: char = '\u{E001}';
/// Stands for a standalone inline code.
pub const STANDALONE: char = '\u{E002}';
/// Stands for a footnote reference.
pub const FOOTNOTE: char = '\u{E003}';

/// Sentence rules for one language.
#[derive(Debug, Clone)]
pub struct Rules {
    lang: Lang,
}

impl Rules {
    /// The built-in rules for `lang`.
    pub fn builtin(lang: Lang) -> Rules {
        Rules { lang }
    }

    /// The language these rules are for.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// Byte offsets in `text` where each sentence after the first begins (after the whitespace that
/// separates it from the previous one), in increasing order.
pub fn split(text: &str, _rules: &Rules) -> Vec<usize> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ' {
            let mut j = i + 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j < b.len() {
                out.push(j);
            }
        }
        i += 1;
    }
    out
}

/// The sentences of `text`, trimmed of the whitespace around them.
pub fn sentences<'a>(text: &'a str, rules: &Rules) -> Vec<&'a str> {
    let mut starts = vec![0];
    starts.extend(split(text, rules));
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        let t = text[s..e].trim();
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}
