//! Anchors: the language-independent clues two sentences share when one translates the other.
//!
//! Each sentence is reduced once to a [`Features`] value: its length in characters, its numbers
//! (every run of digits, so `61.5` = `61,5` and `17.12.2022` shares `17`, `12`, `2022` with
//! `17 December 2022` once month names become numbers), its placeholders (footnote markers by
//! their raw text, links by URL), its names (capitalised words and Latin tokens, transliterated
//! and cut to a short key so `Tokyo` meets `Токио`), and its punctuation (`?`, `!`, `:`, quotes).
//! [`score`] compares the features of two spans and returns a log-likelihood bonus (positive:
//! evidence that they are translations) that the aligner subtracts from the length cost.

use crate::model::{Code, CodeKind, CodeRole};

/// What the aligner knows about one sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Length in characters (placeholder tokens not counted).
    pub len: usize,
    /// Length in words.
    pub tokens: usize,
    /// Hashed anchor tokens (numbers, codes), sorted.
    pub strong: Vec<u64>,
    /// Hashed name keys, sorted.
    pub names: Vec<u64>,
    /// Hashed cognate keys of the longer words, sorted (see [`cognate_key`]).
    pub words: Vec<u64>,
    /// Counts of `?`, `!`, `:`, quotes, parentheses.
    pub punct: [u8; 5],
}

const MONTHS: [(&str, u8); 36] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
];

/// The month a word names (`December`, `Aralık'ta`, `декабря`), if any.
fn month(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    let latin_capital = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    for &(stem, n) in &MONTHS {
        if stem.is_ascii() && !latin_capital && !stem.starts_with('ş') {
            // English and Turkish months are capitalised in dates; `may`, `mart` lowercase are words.
            continue;
        }
        if stem == "ма" {
            if w == "мая" || w == "май" || w == "мае" {
                return Some(n);
            }
            continue;
        }
        let exact_only = stem == "mart" || stem == "ekim" || stem == "may" || stem == "march";
        if exact_only {
            let base = w.split('\'').next().unwrap_or("");
            if base == stem {
                return Some(n);
            }
        } else if w.starts_with(stem) && w.chars().count() <= stem.chars().count() + 4 {
            return Some(n);
        }
    }
    None
}

fn hash(kind: u8, s: &str) -> u64 {
    crate::model::fnv1a64(&[&[kind], s.as_bytes()])
}

/// A short, script-independent key for a name: transliterated to Latin, lowercased, letters
/// that transliterations confuse merged, first three letters.
fn name_key(word: &str) -> String {
    let mut out = String::new();
    for ch in word.chars().flat_map(char::to_lowercase) {
        let s: &str = match ch {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "j",
            'з' => "z",
            'и' | 'й' | 'ы' | 'ı' | 'y' | 'j' | 'i' | 'î' => "i",
            'к' | 'k' | 'c' | 'q' | 'ç' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' | 'ö' => "o",
            'п' => "p",
            'р' => "r",
            'с' | 'ş' | 'ш' | 'щ' | 'ц' | 's' => "s",
            'т' => "t",
            'у' | 'ü' | 'u' | 'w' => "u",
            'ф' => "f",
            'х' | 'h' => "h",
            'ч' => "k",
            'ю' => "iu",
            'я' => "ia",
            'ğ' => "g",
            'â' => "a",
            c if c.is_ascii_alphabetic() => {
                out.push(c);
                ""
            }
            _ => "",
        };
        out.push_str(s);
        if out.chars().count() >= 3 {
            break;
        }
    }
    out.chars().take(3).collect()
}

/// A cognate key in the manner of Simard, Foster & Isabelle (1992): the first three consonants
/// of a word of five letters or more, transliterated, so `function`, `fonksiyon` and `функция`
/// (`fnk`), `control`, `kontrol` and `контроль` (`knt`) meet. `None` for short words.
pub fn cognate_key(word: &str) -> Option<String> {
    if word.chars().count() < 5 {
        return None;
    }
    let mut out = String::new();
    for ch in word.chars().flat_map(char::to_lowercase) {
        let s: &str = match ch {
            'б' | 'b' | 'p' | 'п' => "p",
            'в' | 'v' | 'f' | 'ф' | 'w' => "f",
            'г' | 'g' | 'ğ' | 'к' | 'k' | 'c' | 'q' | 'ç' | 'ч' | 'х' | 'h' | 'x' => "k",
            'д' | 'd' | 'т' | 't' | 'ц' => "t",
            'ж' | 'j' | 'з' | 'z' | 'с' | 's' | 'ş' | 'ш' | 'щ' => "s",
            'л' | 'l' => "l",
            'м' | 'm' => "m",
            'н' | 'n' => "n",
            'р' | 'r' => "r",
            _ => "",
        };
        out.push_str(s);
        if out.len() >= 3 {
            return Some(out);
        }
    }
    None
}

/// Extracts the features of a sentence: `text` with placeholder tokens, `codes` its codes.
pub fn features(text: &str, codes: &[Code]) -> Features {
    let mut f = Features::default();
    let plain = strip_tokens(text);
    f.len = plain.chars().count();
    f.tokens = plain.split_whitespace().count();
    for c in codes {
        match (c.kind, c.role) {
            (CodeKind::Footnote, _) => f.strong.push(hash(b'f', digits_of(&c.raw).as_str())),
            (CodeKind::Link, CodeRole::Close) => f.strong.push(hash(b'l', link_url(&c.raw))),
            (CodeKind::Image | CodeKind::Code, _) => f.strong.push(hash(b'c', &c.raw)),
            _ => {}
        }
    }
    // Footnote markers that are plain text (`[3]` outside Markdown footnotes) count too.
    let mut digits = String::new();
    let mut first_word = true;
    for word in plain.split(|c: char| c.is_whitespace() || c == '/' || c == '-' || c == '—') {
        for ch in word.chars() {
            if ch.is_ascii_digit() {
                digits.push(ch);
            } else if !digits.is_empty() {
                f.strong.push(hash(b'n', digits.trim_start_matches('0')));
                digits.clear();
            }
        }
        if !digits.is_empty() {
            f.strong.push(hash(b'n', digits.trim_start_matches('0')));
            digits.clear();
        }
        let letters: String = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        if let Some(k) = cognate_key(&letters) {
            f.words.push(hash(b'k', &k));
        }
        if let Some(m) = month(&letters) {
            f.strong.push(hash(b'n', &m.to_string()));
        } else if letters.chars().count() >= 3 {
            let first = letters.chars().next().unwrap_or('a');
            let latin_in_cyrillic = letters.chars().all(|c| c.is_ascii_alphabetic())
                && plain.chars().any(|c| ('а'..='я').contains(&c));
            if (first.is_uppercase() && !first_word) || latin_in_cyrillic {
                f.names.push(hash(b'w', &name_key(&letters)));
            }
        }
        if !word.is_empty() {
            first_word = word.ends_with(['.', '!', '?', ':']);
        }
    }
    for ch in plain.chars() {
        match ch {
            '?' => f.punct[0] = f.punct[0].saturating_add(1),
            '!' => f.punct[1] = f.punct[1].saturating_add(1),
            ':' => f.punct[2] = f.punct[2].saturating_add(1),
            '"' | '“' | '”' | '«' | '»' | '‘' | '’' => {}
            _ => {}
        }
        if ch == '(' {
            f.punct[4] = f.punct[4].saturating_add(1);
        }
        if matches!(ch, '“' | '«' | '"') {
            f.punct[3] = f.punct[3].saturating_add(1);
        }
    }
    f.strong.sort_unstable();
    f.names.sort_unstable();
    f.words.sort_unstable();
    f
}

fn digits_of(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

fn link_url(raw: &str) -> &str {
    raw.trim_start_matches(']')
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split_whitespace()
        .next()
        .unwrap_or("")
}

/// The text without placeholder tokens.
pub fn strip_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (r, _, _) in crate::model::scan_placeholders(text) {
        out.push_str(&text[last..r.start]);
        last = r.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Features of a span of sentences taken together.
pub fn merge(parts: &[&Features]) -> Features {
    let mut f = Features::default();
    for p in parts {
        f.len += p.len + 1;
        f.tokens += p.tokens;
        f.strong.extend_from_slice(&p.strong);
        f.names.extend_from_slice(&p.names);
        f.words.extend_from_slice(&p.words);
        for k in 0..5 {
            f.punct[k] = f.punct[k].saturating_add(p.punct[k]);
        }
    }
    f.len = f.len.saturating_sub(1);
    f.strong.sort_unstable();
    f.names.sort_unstable();
    f.words.sort_unstable();
    f
}

/// Counts common elements of two sorted multisets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Weights of the anchor evidence, in nats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Bonus per shared number or code.
    pub strong_hit: f64,
    /// Penalty per number or code found on one side only.
    pub strong_miss: f64,
    /// Bonus per shared name key.
    pub name_hit: f64,
    /// Penalty per name key on one side only (names are often dropped or reworded: small).
    pub name_miss: f64,
    /// Bonus per shared cognate key.
    pub cognate_hit: f64,
    /// Penalty per differing `?`/`!`/`:`/quote count.
    pub punct_miss: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            strong_hit: 2.0,
            strong_miss: 1.5,
            name_hit: 0.8,
            name_miss: 0.25,
            punct_miss: 0.8,
            cognate_hit: 1.5,
        }
    }
}

/// The anchor bonus (nats; higher = more likely translations) for two spans.
pub fn score(a: &Features, b: &Features, w: &Weights) -> f64 {
    let sh = common(&a.strong, &b.strong);
    let smiss = a.strong.len() + b.strong.len() - 2 * sh;
    let nh = common(&a.names, &b.names);
    let nmiss = a.names.len() + b.names.len() - 2 * nh;
    let pmiss: u32 = (0..3)
        .map(|k| u32::from(a.punct[k].abs_diff(b.punct[k]).min(2)))
        .sum::<u32>()
        + u32::from(a.punct[3].abs_diff(b.punct[3]).min(2)) / 2
        + u32::from(a.punct[4].abs_diff(b.punct[4]).min(2));
    let ch = common(&a.words, &b.words);
    w.cognate_hit * ch as f64 + w.strong_hit * sh as f64 - w.strong_miss * smiss as f64
        + w.name_hit * nh as f64
        - w.name_miss * nmiss as f64
        - w.punct_miss * f64::from(pmiss)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_across_decimal_separators_and_month_names() {
        let a = features("Growth was 61.5 percent on 17 December 2022.", &[]);
        let b = features("Büyüme 17.12.2022'de yüzde 61,5 oldu.", &[]);
        assert_eq!(common(&a.strong, &b.strong), 5, "{a:?} {b:?}");
    }

    #[test]
    fn cognates_share_a_key() {
        for group in [
            ["function", "fonksiyon", "функция"],
            ["control", "kontrol", "контроль"],
            ["system", "sistem", "система"],
        ] {
            let keys: Vec<_> = group.iter().map(|w| cognate_key(w)).collect();
            assert!(
                keys.iter().all(|k| k.is_some() && *k == keys[0]),
                "{group:?}: {keys:?}"
            );
        }
    }

    #[test]
    fn names_meet_across_scripts() {
        let a = features("He met Hayashi in Tokyo.", &[]);
        let b = features("Он встретился с Хаяси в Токио.", &[]);
        assert!(common(&a.names, &b.names) >= 2, "{a:?} {b:?}");
    }

    #[test]
    fn russian_may_is_a_month_but_not_every_word_in_ma() {
        assert_eq!(month("мая"), Some(5));
        assert_eq!(month("марта"), Some(3));
        assert_eq!(month("машина"), None);
        assert_eq!(month("Mart'ta"), Some(3));
        assert_eq!(month("market"), None);
        assert_eq!(month("may"), None);
        assert_eq!(month("Aralık'ta"), Some(12));
    }
}
