//! Finding a glossary's terms in text, inflected forms included.
//!
//! Text and terms are split into words: runs of letters and digits, with an apostrophe inside
//! a word kept (`Koridor'un` is one word). Placeholders (`{1}`, `{/1}`, `{2/}`) are skipped.
//! A term matches at a run of words when each text word is its term word or an inflected form
//! of it by the rules of [`super::morph`], and the characters between the words are the term's
//! own (spaces and dashes are interchangeable, so a line break or a non-breaking space inside a
//! name does not hide it). Matches are leftmost-longest and do not overlap; between two
//! renderings matching the same words, the one written exactly as in the text wins (so a
//! forbidden `Orta Koridoru` beats `Orta Koridor` + possessive).

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::morph::{fold, inflects, is_acronym};
use super::{Glossary, Status};
use crate::model::Lang;

/// A word of a text: its byte range and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The word as written.
    pub text: &'a str,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{0301}'
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Splits text into words (see the module docs).
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c == '{' {
            // Skip a placeholder: {N}, {/N}, {N/}.
            let mut j = i + 1;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '/') {
                j += 1;
            }
            if j < chars.len() && chars[j].1 == '}' && j > i + 1 {
                i = j + 1;
                continue;
            }
        }
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if is_word_char(c) {
                j += 1;
            } else if is_apostrophe(c) && j + 1 < chars.len() && is_word_char(chars[j + 1].1) {
                j += 2;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(o, _)| o);
        out.push(Word {
            range: start..end,
            text: &text[start..end],
        });
        i = j;
    }
    out
}

/// What separates two words, for comparison: spaces and dashes count as one space; other
/// characters stay; placeholders go.
fn gap_key(gap: &str) -> String {
    let mut out = String::new();
    let mut chars = gap.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' {
            let mut buf = String::from('{');
            let mut closed = false;
            while let Some(&d) = chars.peek() {
                chars.next();
                buf.push(d);
                if d == '}' {
                    closed = true;
                    break;
                }
                if !(d.is_ascii_digit() || d == '/') {
                    break;
                }
            }
            if closed && buf.len() > 2 {
                continue;
            }
            out.push_str(&buf);
            continue;
        }
        if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '—') {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

/// One term word, ready to compare.
#[derive(Debug, Clone)]
struct TermWord {
    folded: String,
    /// Written in capitals: compared with its case.
    acronym: Option<String>,
    spelled: bool,
}

#[derive(Debug, Clone)]
struct Compiled {
    entry: usize,
    term: usize,
    words: Vec<TermWord>,
    /// Gaps between the words (`gap_key`), one fewer than the words.
    gaps: Vec<String>,
    keep_case: bool,
}

/// A term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Index of the entry in the glossary.
    pub entry: usize,
    /// Index of the rendering in the entry's `terms`.
    pub term: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The text as written there (`Среднего коридора`).
    pub text: String,
    /// The rendering's status.
    pub status: Status,
}

/// The renderings of one language, indexed by the first letters of their first word.
#[derive(Debug, Clone)]
pub struct Matcher {
    lang: Lang,
    by_key: HashMap<String, Vec<Compiled>>,
}

fn key(folded: &str) -> String {
    folded.chars().take(2).collect()
}

impl Matcher {
    /// Compiles every rendering of `lang` in the glossary (forbidden ones too).
    pub fn new(glossary: &Glossary, lang: Lang) -> Matcher {
        let mut by_key: HashMap<String, Vec<Compiled>> = HashMap::new();
        for (ei, e) in glossary.entries.iter().enumerate() {
            for (ti, t) in e.terms.iter().enumerate().filter(|(_, t)| t.lang == lang) {
                let ws = words(&t.text);
                if ws.is_empty() {
                    continue;
                }
                let gaps = ws
                    .windows(2)
                    .map(|p| gap_key(&t.text[p[0].range.end..p[1].range.start]))
                    .collect();
                let words: Vec<TermWord> = ws
                    .iter()
                    .map(|w| TermWord {
                        folded: fold(lang, w.text, e.case_sensitive),
                        acronym: is_acronym(w.text).then(|| fold(lang, w.text, true)),
                        spelled: is_acronym(w.text) || w.text.chars().all(|c| c.is_ascii_digit()),
                    })
                    .collect();
                let k = key(&words[0].folded);
                by_key.entry(k).or_default().push(Compiled {
                    entry: ei,
                    term: ti,
                    words,
                    gaps,
                    keep_case: e.case_sensitive,
                });
            }
        }
        Matcher { lang, by_key }
    }

    /// The language it matches.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether it has no renderings.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The terms in `text`, leftmost-longest, without overlaps, in text order.
    pub fn find(&self, glossary: &Glossary, text: &str) -> Vec<Hit> {
        if self.by_key.is_empty() {
            return Vec::new();
        }
        let ws = words(text);
        let folded: Vec<(String, String)> = ws
            .iter()
            .map(|w| {
                (
                    fold(self.lang, w.text, false),
                    fold(self.lang, w.text, true),
                )
            })
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut best: Option<(usize, bool, &Compiled)> = None;
            let k1 = key(&folded[i].0);
            let k2 = key(&folded[i].1);
            let lists = [
                self.by_key.get(&k1),
                (k2 != k1).then(|| self.by_key.get(&k2)).flatten(),
            ];
            for c in lists.into_iter().flatten().flatten() {
                if let Some(exact) = self.match_at(c, text, &ws, &folded, i) {
                    let n = c.words.len();
                    let better = match best {
                        None => true,
                        Some((bn, bexact, _)) => n > bn || (n == bn && exact && !bexact),
                    };
                    if better {
                        best = Some((n, exact, c));
                    }
                }
            }
            match best {
                Some((n, _, c)) => {
                    let range = ws[i].range.start..ws[i + n - 1].range.end;
                    out.push(Hit {
                        entry: c.entry,
                        term: c.term,
                        text: text[range.clone()].to_string(),
                        range,
                        status: glossary.entries[c.entry].terms[c.term].status,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Whether `c` matches the words from `i`; `Some(true)` when written exactly (no suffix).
    fn match_at(
        &self,
        c: &Compiled,
        text: &str,
        ws: &[Word<'_>],
        folded: &[(String, String)],
        i: usize,
    ) -> Option<bool> {
        let n = c.words.len();
        if i + n > ws.len() {
            return None;
        }
        let mut exact = true;
        for (j, tw) in c.words.iter().enumerate() {
            if j > 0 {
                let gap = &text[ws[i + j - 1].range.end..ws[i + j].range.start];
                if gap_key(gap) != c.gaps[j - 1] {
                    return None;
                }
            }
            let (lower, cased) = &folded[i + j];
            let word = if c.keep_case { cased } else { lower };
            if let Some(acr) = &tw.acronym {
                if !cased.starts_with(acr.as_str()) {
                    return None;
                }
            }
            let last = j + 1 == n;
            if !inflects(self.lang, &tw.folded, word, last, n > 1, tw.spelled) {
                return None;
            }
            exact &= *word == tw.folded;
        }
        Some(exact)
    }
}

/// A matcher per language, built once.
#[derive(Debug, Clone)]
pub struct Matchers {
    by_lang: Vec<(Lang, Matcher)>,
}

impl Matchers {
    /// Matchers for every language.
    pub fn new(glossary: &Glossary) -> Matchers {
        Matchers {
            by_lang: Lang::ALL
                .iter()
                .map(|&l| (l, Matcher::new(glossary, l)))
                .collect(),
        }
    }

    /// The matcher of `lang`.
    pub fn get(&self, lang: Lang) -> &Matcher {
        &self
            .by_lang
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("one per language")
            .1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{Term, TermEntry};

    fn glossary() -> Glossary {
        let mut oc = TermEntry::new(
            "middle-corridor",
            vec![
                Term::new(Lang::En, "Middle Corridor", Status::Preferred),
                Term::new(Lang::Tr, "Orta Koridor", Status::Preferred),
                Term::new(Lang::Tr, "Orta Koridoru", Status::Forbidden),
                Term::new(Lang::Ru, "Средний коридор", Status::Preferred),
            ],
        );
        oc.note = None;
        let otd = TermEntry::new(
            "ots",
            vec![
                Term::new(Lang::En, "Organization of Turkic States", Status::Preferred),
                Term::new(Lang::Tr, "Türk Devletleri Teşkilatı", Status::Preferred),
                Term::new(
                    Lang::Ru,
                    "Организация тюркских государств",
                    Status::Preferred,
                ),
            ],
        );
        let titr = TermEntry::new(
            "titr",
            vec![
                Term::new(Lang::En, "TITR", Status::Preferred),
                Term::new(Lang::Ru, "ТМТМ", Status::Preferred),
            ],
        );
        let bbk = TermEntry::new(
            "btk",
            vec![Term::new(
                Lang::Ru,
                "Баку — Тбилиси — Карс",
                Status::Preferred,
            )],
        );
        Glossary {
            entries: vec![oc, otd, titr, bbk],
            ..Glossary::default()
        }
    }

    fn found(lang: Lang, text: &str) -> Vec<String> {
        let g = glossary();
        Matcher::new(&g, lang)
            .find(&g, text)
            .into_iter()
            .map(|h| format!("{}:{}", g.entries[h.entry].id, h.text))
            .collect()
    }

    #[test]
    fn words_keep_apostrophes_and_skip_placeholders() {
        let w: Vec<&str> = words("{1}Orta Koridor'un{/1} 2022’de, «Среднего»{2/}.")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["Orta", "Koridor'un", "2022’de", "Среднего"]);
    }

    #[test]
    fn every_russian_case_of_middle_corridor() {
        for form in [
            "Средний коридор",
            "Среднего коридора",
            "Среднему коридору",
            "Средним коридором",
            "Среднем коридоре",
            "Средние коридоры",
            "Средних коридоров",
            "Средним коридорам",
            "Средними коридорами",
            "Средних коридорах",
        ] {
            let text = format!("Речь идёт о «{form}» в 2022 г.");
            assert_eq!(
                found(Lang::Ru, &text),
                [format!("middle-corridor:{form}")],
                "{form}"
            );
        }
        assert_eq!(
            found(Lang::Ru, "саммит Организации тюркских государств"),
            ["ots:Организации тюркских государств"]
        );
        assert!(found(Lang::Ru, "Средний, коридор").is_empty());
    }

    #[test]
    fn turkish_possessive_and_locative_forms() {
        for form in [
            "Orta Koridor'un",
            "Orta Koridor'da",
            "Orta Koridoru'nda",
            "Orta Koridor’a",
            "orta koridorun",
        ] {
            let text = format!("Bu, {form} geleceği için önemli.");
            assert_eq!(
                found(Lang::Tr, &text),
                [format!("middle-corridor:{form}")],
                "{form}"
            );
        }
        assert!(found(Lang::Tr, "Orta Koridorün").is_empty());
        assert_eq!(
            found(Lang::Tr, "Türk Devletleri Teşkilatı'nın zirvesi"),
            ["ots:Türk Devletleri Teşkilatı'nın"]
        );
    }

    #[test]
    fn exact_forbidden_rendering_wins_over_inflected_preferred() {
        let g = glossary();
        let hits = Matcher::new(&g, Lang::Tr).find(&g, "Orta Koridoru bir alternatif.");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].status, Status::Forbidden);
    }

    #[test]
    fn acronyms_keep_their_case_and_gaps_are_compared() {
        assert_eq!(found(Lang::En, "the TITR's ports"), ["titr:TITR's"]);
        assert!(found(Lang::En, "titr").is_empty());
        assert_eq!(found(Lang::Ru, "ТМТМ"), ["titr:ТМТМ"]);
        assert_eq!(
            found(Lang::Ru, "дороги Баку - Тбилиси - Карс"),
            ["btk:Баку - Тбилиси - Карс"]
        );
        assert_eq!(
            found(Lang::En, "the Middle Corridor's future"),
            ["middle-corridor:Middle Corridor's"]
        );
        assert_eq!(
            found(Lang::En, "Middle\u{a0}Corridor"),
            ["middle-corridor:Middle\u{a0}Corridor"]
        );
    }
}
