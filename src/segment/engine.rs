//! The built-in segmenter: one left-to-right scan over candidate terminators (`.`, `!`, `?`,
//! `…`). Only at a terminator followed (after closing quotes, brackets, inline-code closers and
//! footnote markers) by whitespace does it look around: at the word before the dot and at what
//! the next sentence would start with. Everything else is a byte compare, so the scan runs at
//! memory speed on prose and never allocates per character.
//!
//! The decision table (the language-specific parts come from [`super::rules`]):
//!
//! | terminator | breaks when the next sentence starts with |
//! |---|---|
//! | `?` `!` (also `?!`, `!!`) | anything but a lowercase letter or a dash |
//! | `...` `…` | an uppercase letter; never inside `[...]` / `(…)` |
//! | `.` after a never-ending abbreviation or a single capital (initial) | never |
//! | `.` after a may-end abbreviation (`etc.`, `т. д.`, `vb.`) | an uppercase letter |
//! | `.` after a number, Turkish (ordinal `9. Dışişleri`) | not a letter |
//! | `.` after a list number at the sentence start (`1. The first`) | never |
//! | `.` anywhere else | anything but a lowercase letter or a dash |

use super::rules::{AbbrevKind, Abbreviations};
use super::{CLOSE, FOOTNOTE, OPEN, STANDALONE};

/// What the text after the inter-sentence whitespace starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Upper,
    Lower,
    Digit,
    /// An em or en dash: Russian and Turkish dialogue attribution (`«Почему?» — спросил он`).
    Dash,
    Other,
}

/// Pushes onto `out` the byte offset of every sentence start after the first.
pub(crate) fn split(text: &str, abbr: &Abbreviations, out: &mut Vec<usize>) {
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(b == b'.' || b == b'!' || b == b'?' || is_ellipsis_at(bytes, i)) {
            i += 1;
            continue;
        }
        let cluster_start = i;
        let (mut dots, mut ellipsis, mut question) = (0, false, false);
        loop {
            match bytes.get(i) {
                Some(b'.') => dots += 1,
                // A spaced ellipsis (`. . .`): the space belongs to the cluster.
                Some(b' ')
                    if dots >= 1
                        && bytes.get(i + 1) == Some(&b'.')
                        && bytes
                            .get(i + 2)
                            .map_or(true, |c| !c.is_ascii_alphanumeric()) => {}
                Some(b'!' | b'?') => question = true,
                Some(_) if is_ellipsis_at(bytes, i) => {
                    ellipsis = true;
                    i += 2;
                }
                _ => break,
            }
            i += 1;
        }
        ellipsis |= dots >= 2;
        let after = skip_closers(text, i);
        let next_pos = skip_whitespace(text, after);
        i = after;
        if next_pos == after || next_pos >= text.len() {
            continue;
        }
        let next = start_of(text, next_pos);
        let ends = if question {
            !matches!(next, Start::Lower | Start::Dash)
        } else if ellipsis {
            let elision = matches!(text[..cluster_start].chars().next_back(), Some('[' | '('));
            !elision && next == Start::Upper
        } else {
            dot_ends(
                text,
                abbr,
                cluster_start,
                sentence_start,
                next,
                next_pos,
                &mut buf,
            )
        };
        if ends {
            out.push(next_pos);
            sentence_start = next_pos;
        }
        i = next_pos;
    }
}

/// Decides a single `.` at `dot` followed by whitespace and then `next`.
fn dot_ends(
    text: &str,
    abbr: &Abbreviations,
    dot: usize,
    sentence_start: usize,
    next: Start,
    next_pos: usize,
    buf: &mut String,
) -> bool {
    if next == Start::Dash {
        return false;
    }
    let word_start = token_start(text, dot);
    let word = text[word_start..dot].trim_start_matches(is_opener_or_code);
    if word.is_empty() {
        return next != Start::Lower;
    }
    if (word == "I" || is_initialism(word)) && starts_with_starter(text, next_pos, abbr.starters) {
        // `you and I. Did you`, `in the U.S. How about you?`
        return true;
    }
    if is_initialism(word) {
        // `the E.U. Delegation`: an initialism before any other word is part of a name.
        return false;
    }
    let core_start = dot - word.len();
    let with_dot = &text[core_start..=dot];
    let prev = previous_token(text, word_start);
    match abbr.lookup(prev, with_dot, buf) {
        Some(AbbrevKind::Never) => return false,
        Some(AbbrevKind::MayEnd) => return next == Start::Upper,
        Some(AbbrevKind::MayEndAfterNumber) => {
            let after_number = prev.is_some_and(|p| {
                p.ends_with(|c: char| c.is_ascii_digit())
                    || is_roman(p.trim_end_matches(['-', '–']))
            });
            return after_number && next == Start::Upper;
        }
        Some(AbbrevKind::NeverBeforeNumber) if next == Start::Digit => return false,
        Some(AbbrevKind::NeverBeforeNumber) | None => {}
    }
    if is_initial(word) {
        // A single capital with a dot is an initial (`J. R. R. Tolkien`, `А. С. Пушкин`), and so
        // are hyphenated ones (`К.-Ж. Токаев`, `J.-P. Sartre`).
        return false;
    }
    if word.bytes().all(|b| b.is_ascii_digit()) || is_roman(word) {
        // `1. The first item` opens a list item, it does not close a sentence.
        if core_start == sentence_start {
            return false;
        }
        // Turkish `9. Dışişleri Bakanları Toplantısı`, `XX. yüzyıl`: ordinals. The price is a
        // missed split where a sentence really ends in a short number and the next starts with
        // a word (`... sayısı 250. Bu ...`); ordinals are far more common in news prose. Four
        // digits before a capital are a year ending the sentence (`kuruluş yılı 2004. O`).
        let ordinal = match next {
            Start::Lower => true,
            Start::Upper => word.len() <= 3,
            _ => false,
        };
        if abbr.dotted_ordinals && ordinal {
            return false;
        }
    }
    next != Start::Lower
}

/// Dotted initialisms: single capitals joined by dots (`U.S`, `E.U`, `U.S.A`; the final dot is
/// the candidate terminator).
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
        })
}

/// Whether the word at `pos` (after opening quotes and codes) is one of `starters`.
fn starts_with_starter(text: &str, pos: usize, starters: &[&str]) -> bool {
    if starters.is_empty() {
        return false;
    }
    let rest = text[pos..].trim_start_matches(is_opener_or_code);
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    starters.contains(&&rest[..end])
}

/// A single capital, or capitals joined by `.-` / `-` (`К.-Ж`, `J.-P`).
fn is_initial(word: &str) -> bool {
    word.split('-').all(|part| {
        let part = part.strip_suffix('.').unwrap_or(part);
        let mut chars = part.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
    })
}

/// Whether `…` (U+2026, `E2 80 A6`) starts at byte `i`.
fn is_ellipsis_at(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&0xE2)
        && bytes.get(i + 1) == Some(&0x80)
        && bytes.get(i + 2) == Some(&0xA6)
}

/// Roman numerals as used for centuries and ordinals (`XX.`, `XIX.`); two letters at least, since
/// one capital is an initial.
fn is_roman(word: &str) -> bool {
    word.len() >= 2
        && word
            .bytes()
            .all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '“' | '›' | ')' | ']' | '}' | CLOSE | FOOTNOTE
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '„' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

fn is_opener_or_code(c: char) -> bool {
    is_opener(c) || matches!(c, OPEN | CLOSE | STANDALONE | FOOTNOTE)
}

/// Skips what belongs to the sentence after its terminator: closing quotes and brackets, inline
/// code closers, footnote references and literal `[1]` / `[^1]` markers.
fn skip_closers(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text[pos..].chars().next() {
        if is_closer(c) {
            pos += c.len_utf8();
        } else if c == '[' {
            match footnote_marker_len(&text.as_bytes()[pos..]) {
                Some(n) => pos += n,
                None => break,
            }
        } else {
            break;
        }
    }
    pos
}

/// The length of a `[12]` or `[^note-1]` marker at the start of `bytes`.
fn footnote_marker_len(bytes: &[u8]) -> Option<usize> {
    let caret = bytes.get(1) == Some(&b'^');
    let body_start = if caret { 2 } else { 1 };
    let body = bytes[body_start..]
        .iter()
        .take_while(|&&b| {
            if caret {
                b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    (body > 0 && bytes.get(body_start + body) == Some(&b']')).then_some(body_start + body + 1)
}

fn skip_whitespace(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start().len())
}

/// What the sentence at `pos` starts with, looking past opening inline codes, quotes and
/// brackets (`\u{E000}Next`, `«Почему`, `"Why`).
fn start_of(text: &str, pos: usize) -> Start {
    let c = text[pos..].chars().find(|&c| !(is_opener(c) || c == OPEN));
    match c {
        Some(c) if c.is_uppercase() => Start::Upper,
        Some(c) if c.is_lowercase() => Start::Lower,
        Some(c) if c.is_ascii_digit() => Start::Digit,
        Some('—' | '–') => Start::Dash,
        _ => Start::Other,
    }
}

/// The start of the whitespace-delimited token ending at `end`.
fn token_start(text: &str, end: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The token before the one starting at `start`, without leading quotes and brackets.
fn previous_token(text: &str, start: usize) -> Option<&str> {
    let end = text[..start].trim_end().len();
    if end == 0 {
        return None;
    }
    let token = text[token_start(text, end)..end].trim_start_matches(is_opener_or_code);
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::segment::rules;

    fn split_en(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        split(text, &rules::builtin(Lang::En), &mut out);
        out
    }

    fn sents(text: &str, lang: Lang) -> Vec<&str> {
        crate::segment::sentences(text, &crate::segment::Rules::builtin(lang))
    }

    #[test]
    fn offsets_point_after_the_separating_whitespace() {
        assert_eq!(split_en("One. \u{a0} Two. Three"), vec![8, 13]);
    }

    #[test]
    fn skips_opening_inline_code_when_judging_the_next_start() {
        let text = "end. \u{E000}Next\u{E001} thing";
        assert_eq!(split_en(text), vec![5]);
        assert_eq!(
            split_en("end. \u{E000}next\u{E001} thing"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn keeps_footnote_reference_with_the_sentence_it_follows() {
        for text in [
            "the region.\u{E003} Next one.",
            "the region.[1] Next one.",
            "the region.[^12] Next one.",
            "the region[1]. Next one.",
        ] {
            let s = sents(text, Lang::En);
            assert_eq!(s.len(), 2, "{text}");
            assert_eq!(s[1], "Next one.");
        }
    }

    #[test]
    fn keeps_turkish_ordinal_with_noun() {
        let s = sents(
            "Toplantı 9. Dışişleri Bakanları düzeyinde yapıldı.",
            Lang::Tr,
        );
        assert_eq!(s.len(), 1);
        assert_eq!(sents("Bu XX. yüzyılın sorunudur.", Lang::Tr).len(), 1);
    }

    #[test]
    fn english_number_before_capital_ends_sentence() {
        assert_eq!(sents("He bought 1,000. That is a lot.", Lang::En).len(), 2);
    }

    #[test]
    fn russian_year_abbreviation_ends_only_after_a_number() {
        assert_eq!(
            sents("Это было в 2022 г. В Москве холодно.", Lang::Ru).len(),
            2
        );
        assert_eq!(sents("Он живёт в г. Москва с детства.", Lang::Ru).len(), 1);
    }

    #[test]
    fn elision_in_brackets_never_splits() {
        assert_eq!(
            sents("“The talks [...] Will go on,” he said.", Lang::En).len(),
            1
        );
    }

    #[test]
    fn dash_after_closing_quote_continues_the_sentence() {
        assert_eq!(sents("«Почему?» — спросил он.", Lang::Ru).len(), 1);
    }

    #[test]
    fn footnote_marker_needs_digits_or_caret() {
        assert_eq!(footnote_marker_len(b"[12] x"), Some(4));
        assert_eq!(footnote_marker_len(b"[^a-1]"), Some(6));
        assert_eq!(footnote_marker_len(b"[x]"), None);
        assert_eq!(footnote_marker_len(b"["), None);
    }

    #[test]
    fn never_panics_on_punctuation_only_input() {
        for text in [
            "",
            ".",
            "...",
            "?!",
            " . . ",
            "…",
            "[",
            "[^",
            "\u{E000}. \u{E000}",
        ] {
            let _ = split_en(text);
        }
    }
}
