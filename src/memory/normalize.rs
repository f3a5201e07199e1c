//! Text → comparable form, the first step of every memory lookup and of indexing.
//!
//! Takes segment text (with placeholder tokens `{1}`, `{/1}`, `{1/}`) and a language, and gives
//! back a [`Normalized`] value: the NFC text, its tokens (words, numbers, punctuation,
//! placeholders) and the *match key*, the character sequence that fuzzy scores compare:
//!
//! - NFC first, so `e` + combining acute and `é` are the same letter;
//! - words are case-folded with the language's rules: in Turkish `I` → `ı` and `İ` → `i`
//!   (Rust's `to_lowercase` maps `I` → `i` and `İ` → `i̇`, which is wrong for Turkish);
//! - punctuation and whitespace vanish and the content tokens (words, numbers, placeholders)
//!   are joined by single spaces, so `Hello, world`, `Hello world` and `Hello  world` share one
//!   key, and the key split at its spaces is the token sequence the word score aligns;
//! - an apostrophe between letters belongs to the word (`Asya'da`, `don't`);
//! - every number (`8`, `2021`, `61.5`, `17.12.2022`) becomes one symbol, so numbers never cost
//!   more than one edit and can be adapted afterwards (see `numbers`);
//! - every placeholder becomes one symbol by role, so markup counts as one token, not as the
//!   characters of `{12}`.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::model::{scan_placeholders, CodeRole, Lang};

/// The key symbol for any number.
pub const NUMBER_SYM: char = '\u{F0000}';
/// The key symbol for an opening placeholder.
pub const OPEN_SYM: char = '\u{F0001}';
/// The key symbol for a closing placeholder.
pub const CLOSE_SYM: char = '\u{F0002}';
/// The key symbol for a standalone placeholder.
pub const STANDALONE_SYM: char = '\u{F0003}';

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters (and combining marks).
    Word,
    /// A number: ASCII digits, optionally with inner `.`/`,` groups (`61.5`, `17.12.2022`).
    Number,
    /// One punctuation or symbol character.
    Punct,
    /// A placeholder token.
    Placeholder(CodeRole),
}

/// One token of normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte range in [`Normalized::nfc`].
    pub span: std::ops::Range<usize>,
    /// The case-folded form for words; the surface form otherwise.
    pub folded: String,
    /// Whether whitespace came right before it.
    pub space_before: bool,
}

/// Text prepared for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The NFC form of the input.
    pub nfc: String,
    /// Its tokens in order.
    pub tokens: Vec<Token>,
    /// The match key (see the module docs).
    pub key: Vec<char>,
}

impl Normalized {
    /// The surface text of token `i`.
    pub fn surface(&self, i: usize) -> &str {
        &self.nfc[self.tokens[i].span.clone()]
    }

    /// Indexes of the tokens that count for matching (everything but punctuation).
    pub fn content_tokens(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.tokens.len()).filter(|&i| self.tokens[i].kind != TokenKind::Punct)
    }
}

/// Lowercases `s` with the casing rules of `lang`: Turkish maps `I` → `ı` and `İ` → `i`; other
/// languages map `İ` → `i` (dropping the dot, so `İstanbul` and `Istanbul` fold alike).
pub fn fold_case(s: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match (c, lang) {
            ('I', Lang::Tr) => out.push('ı'),
            ('İ', _) => out.push('i'),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `'` and `’`, which join the parts of `Asya'da` and `don't`.
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_ascii_digit()) || is_combining_mark(c)
}

/// Normalizes segment text in language `lang`.
pub fn normalize(text: &str, lang: Lang) -> Normalized {
    let nfc: String = if text.is_ascii() {
        text.to_string()
    } else {
        text.nfc().collect()
    };
    let placeholders = if nfc.contains('{') {
        scan_placeholders(&nfc)
    } else {
        Vec::new()
    };
    let mut tokens = Vec::new();
    let mut next_ph = 0;
    let bytes = nfc.as_bytes();
    let mut i = 0;
    let mut space = false;
    while i < nfc.len() {
        if let Some((range, _, role)) = placeholders.get(next_ph) {
            if range.start == i {
                tokens.push(Token {
                    kind: TokenKind::Placeholder(*role),
                    span: range.clone(),
                    folded: nfc[range.clone()].to_string(),
                    space_before: space,
                });
                space = false;
                i = range.end;
                next_ph += 1;
                continue;
            }
        }
        let c = nfc[i..]
            .chars()
            .next()
            .expect("i is a char boundary below len");
        let start = i;
        if c.is_whitespace() {
            space = true;
            i += c.len_utf8();
            continue;
        }
        let kind = if c.is_ascii_digit() {
            i = number_end(bytes, i, lang);
            TokenKind::Number
        } else if is_word_char(c) {
            i += c.len_utf8();
            while let Some(c2) = nfc[i..].chars().next() {
                let ph_here = placeholders.get(next_ph).is_some_and(|p| p.0.start == i);
                if ph_here {
                    break;
                }
                if is_apostrophe(c2) {
                    // `Asya'da`, `don't`: an apostrophe between letters stays in the word, so
                    // a Turkish case suffix after a proper noun is an inflection, not a word.
                    let after = nfc[i + c2.len_utf8()..].chars().next();
                    if after.is_some_and(is_word_char) {
                        i += c2.len_utf8();
                        continue;
                    }
                    break;
                }
                if !is_word_char(c2) {
                    break;
                }
                i += c2.len_utf8();
            }
            TokenKind::Word
        } else {
            i += c.len_utf8();
            TokenKind::Punct
        };
        let surface = &nfc[start..i];
        let folded = if kind == TokenKind::Word {
            fold_case(surface, lang)
        } else {
            surface.to_string()
        };
        tokens.push(Token {
            kind,
            span: start..i,
            folded,
            space_before: space,
        });
        space = false;
    }
    merge_dates(&nfc, &mut tokens, lang);
    let key = build_key(&tokens);
    Normalized { nfc, tokens, key }
}

/// Joins the tokens of a month-name date into one number token (see `numbers`): `3 October
/// 2009`, `October 3, 2009`, `October 2009` (en: the month capitalized), `3 Ekim 2009`,
/// `Ekim 2009`, `3 октября 2009`, `ноябре 2022`. The parts must be separated by spaces only
/// (and the comma of `October 3, 2009`).
fn merge_dates(nfc: &str, tokens: &mut Vec<Token>, lang: Lang) {
    use super::numbers::month_of;
    let digits = |t: &Token, lo: usize, hi: usize| {
        t.kind == TokenKind::Number
            && (lo..=hi).contains(&t.span.len())
            && nfc[t.span.clone()].bytes().all(|b| b.is_ascii_digit())
    };
    let day = |t: &Token| {
        digits(t, 1, 2)
            && nfc[t.span.clone()]
                .parse::<u32>()
                .is_ok_and(|d| (1..=31).contains(&d))
    };
    let year = |t: &Token| digits(t, 4, 4);
    let month = |t: &Token| {
        t.kind == TokenKind::Word
            && month_of(&t.folded, lang).is_some()
            && (lang != Lang::En || nfc[t.span.clone()].starts_with(|c: char| c.is_uppercase()))
    };
    let spaced = |t: &Token| t.space_before;
    let ordinal = |t: &Token| {
        lang == Lang::En
            && t.kind == TokenKind::Word
            && !t.space_before
            && matches!(t.folded.as_str(), "st" | "nd" | "rd" | "th")
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i..];
        let len = if t.len() >= 3
            && day(&t[0])
            && month(&t[1])
            && year(&t[2])
            && spaced(&t[1])
            && spaced(&t[2])
        {
            3
        } else if t.len() >= 4
            && month(&t[0])
            && day(&t[1])
            && spaced(&t[1])
            && t[2].kind == TokenKind::Punct
            && &nfc[t[2].span.clone()] == ","
            && year(&t[3])
            && spaced(&t[3])
        {
            4
        } else if t.len() >= 4
            && day(&t[0])
            && ordinal(&t[1])
            && month(&t[2])
            && year(&t[3])
            && spaced(&t[2])
            && spaced(&t[3])
        {
            // 14th October 2004
            4
        } else if t.len() >= 3
            && month(&t[0])
            && day(&t[1])
            && year(&t[2])
            && spaced(&t[1])
            && spaced(&t[2])
        {
            // September 14 2001
            3
        } else if t.len() >= 2 && month(&t[0]) && year(&t[1]) && spaced(&t[1]) {
            2
        } else {
            0
        };
        if len > 0 {
            let span = tokens[i].span.start..tokens[i + len - 1].span.end;
            let merged = Token {
                kind: TokenKind::Number,
                folded: nfc[span.clone()].to_string(),
                span,
                space_before: tokens[i].space_before,
            };
            tokens.splice(i..i + len, [merged]);
        }
        i += 1;
    }
}

/// End of a number starting at `i`: digits, then any `[.,]digits` groups.
fn number_end(b: &[u8], mut i: usize, lang: Lang) -> usize {
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    // Russian groups thousands with a space (or a no-break space): `15 000`, `1 250 000`.
    if lang == Lang::Ru && i - start <= 3 {
        loop {
            let sep = match b.get(i..) {
                Some([b' ', ..]) => 1,
                Some([0xC2, 0xA0, ..]) => 2,
                Some([0xE2, 0x80, 0xAF, ..]) => 3,
                _ => 0,
            };
            let g = i + sep;
            let three = sep > 0
                && b.len() >= g + 3
                && b[g..g + 3].iter().all(u8::is_ascii_digit)
                && !b.get(g + 3).is_some_and(u8::is_ascii_digit);
            if !three {
                break;
            }
            i = g + 3;
        }
    }
    while i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    i
}

fn build_key(tokens: &[Token]) -> Vec<char> {
    let mut key = Vec::new();
    for t in tokens {
        if t.kind == TokenKind::Punct {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        match t.kind {
            TokenKind::Word => key.extend(t.folded.chars()),
            TokenKind::Number => key.push(NUMBER_SYM),
            TokenKind::Placeholder(CodeRole::Open) => key.push(OPEN_SYM),
            TokenKind::Placeholder(CodeRole::Close) => key.push(CLOSE_SYM),
            TokenKind::Placeholder(CodeRole::Standalone) => key.push(STANDALONE_SYM),
            TokenKind::Punct => {}
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str, lang: Lang) -> String {
        normalize(s, lang).key.into_iter().collect()
    }

    #[test]
    fn folds_turkish_dotted_and_dotless_i() {
        assert_eq!(fold_case("İSTANBUL", Lang::Tr), "istanbul");
        assert_eq!(fold_case("ISPARTA", Lang::Tr), "ısparta");
        assert_eq!(fold_case("ılık IŞIK", Lang::Tr), "ılık ışık");
        assert_eq!(fold_case("Istanbul", Lang::En), "istanbul");
        assert_eq!(fold_case("İstanbul", Lang::En), "istanbul");
        assert_eq!(fold_case("МОСКВА", Lang::Ru), "москва");
    }

    #[test]
    fn turkish_rules_keep_dotless_words_apart() {
        // "KIŞ" (winter) folds to "kış", never to "kiş".
        assert_ne!(key("KIŞ", Lang::Tr), key("kiş", Lang::Tr));
        assert_eq!(key("KIŞ", Lang::Tr), key("kış", Lang::Tr));
    }

    #[test]
    fn nfc_and_whitespace_do_not_matter() {
        assert_eq!(
            key("Cafe\u{301}  au\tlait", Lang::En),
            key("Café au lait", Lang::En)
        );
        assert_eq!(key(" a ", Lang::En), "a");
    }

    #[test]
    fn punctuation_becomes_a_separator() {
        assert_eq!(key("Hello, world!", Lang::En), "hello world");
        assert_eq!(key("a,b", Lang::En), key("a, b", Lang::En));
    }

    #[test]
    fn placeholders_and_numbers_are_single_symbols() {
        let n = normalize("{1}Read{/1} the 8th report of 17.12.2022{2/}", Lang::En);
        let k: String = n.key.iter().collect();
        assert_eq!(
            k,
            format!("{OPEN_SYM} read {CLOSE_SYM} the {NUMBER_SYM} th report of {NUMBER_SYM} {STANDALONE_SYM}")
        );
        let nums: Vec<_> = n
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| t.folded.as_str())
            .collect();
        assert_eq!(nums, ["8", "17.12.2022"]);
    }

    #[test]
    fn sentence_final_period_is_not_part_of_a_number() {
        let n = normalize("in 2022.", Lang::En);
        assert_eq!(n.surface(1), "2022");
        assert_eq!(n.tokens[2].kind, TokenKind::Punct);
    }
}
