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
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        if matches!(chars[k].1, '.' | '!' | '?') {
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, CLOSE | FOOTNOTE | '"' | '\u{201d}' | ')')
            {
                j += 1;
            }
            let ws = j;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            if j > ws && j < chars.len() {
                out.push(chars[j].0);
            }
            k = j.max(k + 1);
        } else {
            k += 1;
        }
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
