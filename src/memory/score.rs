//! The fuzzy-match score: how much post-editing a TM source needs to become the query, 0-100,
//! and why.
//!
//! Both texts are first normalized (see `normalize`): NFC, whitespace runs collapsed, words
//! case-folded with the language's rules, each number and each placeholder one symbol. The
//! content tokens (words, numbers, placeholders; not punctuation) of query and TM source are
//! then aligned word by word, and every difference is priced in *word-edits* (stored in tenths,
//! so the costs below are exact integers):
//!
//! | operation (TM source → query)                          | cost        |
//! |--------------------------------------------------------|-------------|
//! | a word is missing from the TM source (`inserted`)      | 1.0         |
//! | a TM source word is not in the query (`deleted`)       | 1.0         |
//! | two adjacent words swapped (`swapped`)                 | 0.9         |
//! | a word replaced by a different word (`replaced`)       | 1.5         |
//! | a word replaced by an inflected form (`inflected`)     | 0.2 + 0.1 per letter of the longer ending, at most 0.8 |
//!
//! A replaced word costs more than a missing one: the old rendering has to be found in the
//! translation, deleted, and a new one written. Two words are *inflected forms* of one another
//! when both have at least four letters, their first four letters are equal and their common
//! prefix covers at least half of the longer word: `help`/`helps`/`helped`,
//! `hükümete`/`hükümetin`, `Asya'da`/`Asya'nın`, `правительству`/`правительства`. The ending is
//! what follows the common prefix.
//!
//! **Definition.** Let `L` be the larger token count of the two texts and `w` the cost of the
//! cheapest alignment (tenths of a word-edit). The *word score* is `⌊100 · (10L − w) / 10L⌋`
//! (0 when `w ≥ 10L`). From it are subtracted *minor points* `p`: 1 if case differs in an
//! aligned word, 1 if punctuation differs, 1 if spacing differs, 1 per aligned number whose
//! value differs (at most 3; numbers are adapted afterwards, see `numbers`), 1 if placeholders
//! are numbered differently; `p` is at most 5. The score is `word score − p`, and it is 100 only
//! when nothing differs: the two texts are equal after NFC and whitespace collapsing.
//!
//! A TM file's penalty (e.g. 5 for `memory/reference/`) is subtracted afterwards (see `lookup`).
//! Matches of equal score rank by the character edit distance between the keys (`distance`),
//! then by context, then by date.
//!
//! **Worked example.** Query `The minister help launch the programme` (6 tokens):
//! - `The minister will help launch the programme`: `will` deleted, w = 10, L = 7,
//!   ⌊100 · 60 / 70⌋ = **85**;
//! - `The minister will launch the programme`: `will` → `help` replaced, w = 15, L = 6,
//!   ⌊100 · 45 / 60⌋ = **75**.
//!
//! The translator deletes a word in the first, rewrites a verb phrase in the second; a
//! character distance ranks them the other way round (3 edits against 5).
//!
//! **Why the index stays exact.** An operation that changes the multiset of *stems* (first four
//! letters of each token) is an insertion, deletion or replacement, each costing at least 1.0.
//! So a TU whose stems share `c` with the query's has `w ≥ 10 · (L − c)`: that is the count
//! filter of `index`, provably losing nothing.

use std::fmt;

use serde::Serialize;

use super::normalize::{Normalized, TokenKind};
use super::numbers::date_runs;

/// Cost of a missing or extra word (tenths of a word-edit).
pub const INDEL: u32 = 10;
/// Cost of a word replaced by an unrelated word.
pub const REPLACE: u32 = 15;
/// Cost of two adjacent words swapped: less than a missing word (every word is there; one moves,
/// and the translation's word order often needs no change at all).
pub const SWAP: u32 = 9;
/// Cost of an inflection: this plus one per letter of the longer ending…
const INFLECT_BASE: u32 = 2;
/// …at most this.
const INFLECT_MAX: u32 = 8;
/// Letters that make a stem.
pub const STEM: usize = 4;

/// The tokens of a key (see `normalize`: content tokens joined by single spaces).
pub fn key_tokens(key: &[char]) -> Vec<&[char]> {
    if key.is_empty() {
        Vec::new()
    } else {
        key.split(|&c| c == ' ').collect()
    }
}

/// The stem of a token: its first [`STEM`] characters.
pub fn stem(token: &[char]) -> &[char] {
    &token[..token.len().min(STEM)]
}

/// The cost of turning word `a` into its inflected form `b`, if they are inflected forms of
/// one another (see the module docs).
pub fn inflection(a: &[char], b: &[char]) -> Option<u32> {
    if a.len() < STEM || b.len() < STEM || a[..STEM] != b[..STEM] {
        return None;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let l = a.len().max(b.len());
    if 2 * p < l {
        return None;
    }
    Some((INFLECT_BASE + (l - p) as u32).min(INFLECT_MAX))
}

/// The cost of aligning TM source token `s` with query token `q`: 0 when equal.
fn pair_cost(s: &[char], q: &[char]) -> u32 {
    if s == q {
        0
    } else {
        inflection(s, q).unwrap_or(REPLACE)
    }
}

/// `⌊100 · (10l − w) / 10l⌋`, the word score of cost `w` at `l` tokens (100 for `l = 0`).
pub fn word_score(w: u32, l: usize) -> u8 {
    if l == 0 {
        return 100;
    }
    let total = 10 * l as u64;
    (100 * (total - u64::from(w).min(total)) / total) as u8
}

/// The largest cost that still gives a word score of at least `min` at `l` tokens:
/// `⌊(100 − min) · 10l / 100⌋` (for integer `min`, `⌊x⌋ ≥ min ⇔ x ≥ min`).
pub fn max_cost(min: u8, l: usize) -> u32 {
    ((100 - u64::from(min.min(100))) * 10 * l as u64 / 100) as u32
}

/// The largest number of tokens that may differ (be inserted, deleted or replaced) at
/// threshold `min` and `l` tokens: `⌊max_cost / INDEL⌋`.
pub fn max_differing(min: u8, l: usize) -> usize {
    (max_cost(min, l) / INDEL) as usize
}

/// One step of a word alignment. `q` indexes the query's content tokens, `s` the TM
/// source's; `cost` is in tenths of a word-edit.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Query token `q` and source token `s` are equal (as keys).
    Same { q: usize, s: usize },
    /// Source token `s` became query token `q`, an inflected form, at this cost.
    Inflect { q: usize, s: usize, cost: u32 },
    /// Source token `s` became the unrelated query token `q`.
    Replace { q: usize, s: usize },
    /// Query token `q` is missing from the source.
    Insert { q: usize },
    /// Source token `s` is not in the query.
    Delete { s: usize },
    /// Source tokens `s, s+1` appear as query tokens `q+1, q`.
    Swap { q: usize, s: usize },
}

/// The cheapest alignment cost between query tokens `q` and source tokens `s`, or `None` when
/// it exceeds `cutoff`. Optimal string alignment with the costs of the module docs.
pub fn word_cost(q: &[&[char]], s: &[&[char]], cutoff: u32) -> Option<u32> {
    let (n, m) = (q.len(), s.len());
    if (n.abs_diff(m) as u32) * INDEL > cutoff {
        return None;
    }
    let width = m + 1;
    let mut prev2 = vec![0u32; width];
    let mut prev: Vec<u32> = (0..=m as u32).map(|j| j * INDEL).collect();
    let mut cur = vec![0u32; width];
    let mut prev_min = 0;
    for i in 1..=n {
        cur[0] = i as u32 * INDEL;
        let mut row_min = cur[0];
        for j in 1..=m {
            let mut best = prev[j - 1] + pair_cost(s[j - 1], q[i - 1]);
            best = best.min(prev[j] + INDEL).min(cur[j - 1] + INDEL);
            if i > 1
                && j > 1
                && q[i - 1] == s[j - 2]
                && q[i - 2] == s[j - 1]
                && q[i - 1] != q[i - 2]
            {
                best = best.min(prev2[j - 2] + SWAP);
            }
            cur[j] = best;
            row_min = row_min.min(best);
        }
        // Every alignment passes through row i or (by a swap) row i − 1.
        if row_min > cutoff && prev_min > cutoff {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let w = prev[m];
    (w <= cutoff).then_some(w)
}

/// The cheapest alignment of query tokens `q` with source tokens `s`, and its cost. Ties prefer
/// keeping a word (same, inflected, replaced) over swapping, deleting, inserting, scanning from
/// the end, so the result is deterministic.
pub fn align(q: &[&[char]], s: &[&[char]]) -> (u32, Vec<Step>) {
    let (n, m) = (q.len(), s.len());
    let mut dp = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in dp.iter_mut().enumerate() {
        row[0] = i as u32 * INDEL;
    }
    for (j, cell) in dp[0].iter_mut().enumerate() {
        *cell = j as u32 * INDEL;
    }
    let swap_ok = |i: usize, j: usize| {
        i > 1 && j > 1 && q[i - 1] == s[j - 2] && q[i - 2] == s[j - 1] && q[i - 1] != q[i - 2]
    };
    for i in 1..=n {
        for j in 1..=m {
            let mut best = dp[i - 1][j - 1] + pair_cost(s[j - 1], q[i - 1]);
            best = best.min(dp[i - 1][j] + INDEL).min(dp[i][j - 1] + INDEL);
            if swap_ok(i, j) {
                best = best.min(dp[i - 2][j - 2] + SWAP);
            }
            dp[i][j] = best;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let c = pair_cost(s[j - 1], q[i - 1]);
            if dp[i][j] == dp[i - 1][j - 1] + c {
                let (qi, sj) = (i - 1, j - 1);
                steps.push(match c {
                    0 => Step::Same { q: qi, s: sj },
                    REPLACE => Step::Replace { q: qi, s: sj },
                    cost => Step::Inflect { q: qi, s: sj, cost },
                });
                i -= 1;
                j -= 1;
                continue;
            }
            if swap_ok(i, j) && dp[i][j] == dp[i - 2][j - 2] + SWAP {
                steps.push(Step::Swap { q: i - 2, s: j - 2 });
                i -= 2;
                j -= 2;
                continue;
            }
        }
        if j > 0 && dp[i][j] == dp[i][j - 1] + INDEL {
            steps.push(Step::Delete { s: j - 1 });
            j -= 1;
        } else {
            steps.push(Step::Insert { q: i - 1 });
            i -= 1;
        }
    }
    steps.reverse();
    (dp[n][m], steps)
}

/// Case, punctuation, spacing, number and markup differences: the minor points.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MinorDiff {
    /// An aligned word differs in case only.
    pub case: bool,
    /// Punctuation differs.
    pub punctuation: bool,
    /// Spacing differs (same tokens, different whitespace between them).
    pub spacing: bool,
    /// Aligned numbers that differ, as (TM source, query) pairs.
    pub numbers: Vec<(String, String)>,
    /// Placeholders are numbered differently.
    pub markup: bool,
}

impl MinorDiff {
    /// The points this difference costs: 0 when nothing differs, else 1-5.
    pub fn penalty(&self) -> u8 {
        let p = usize::from(self.case)
            + usize::from(self.punctuation)
            + usize::from(self.spacing)
            + self.numbers.len().min(3)
            + usize::from(self.markup);
        p.min(5) as u8
    }
}

/// One word-level difference between query and TM source, as the translator reads it: what
/// must change in the TM source to get the query, and what it costs in word-edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum WordEdit {
    /// The query has this word; the TM source does not.
    Inserted {
        /// The query's word.
        word: String,
        /// Word-edits.
        cost: f64,
    },
    /// The TM source has this word; the query does not.
    Deleted {
        /// The TM source's word.
        word: String,
        /// Word-edits.
        cost: f64,
    },
    /// The TM source's word became a different word of the query.
    Replaced {
        /// The TM source's word.
        from: String,
        /// The query's word.
        to: String,
        /// Word-edits.
        cost: f64,
    },
    /// The TM source's word became an inflected form of it.
    Inflected {
        /// The TM source's word.
        from: String,
        /// The query's word.
        to: String,
        /// Word-edits.
        cost: f64,
    },
    /// Two adjacent TM source words appear in the other order.
    Swapped {
        /// The first of the two in the TM source.
        first: String,
        /// The second.
        second: String,
        /// Word-edits.
        cost: f64,
    },
}

impl Eq for WordEdit {}

impl fmt::Display for WordEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordEdit::Inserted { word, cost } => write!(f, "inserted `{word}` ({cost})"),
            WordEdit::Deleted { word, cost } => write!(f, "deleted `{word}` ({cost})"),
            WordEdit::Replaced { from, to, cost } => {
                write!(f, "replaced `{from}` → `{to}` ({cost})")
            }
            WordEdit::Inflected { from, to, cost } => {
                write!(f, "inflected `{from}` → `{to}` ({cost})")
            }
            WordEdit::Swapped {
                first,
                second,
                cost,
            } => write!(f, "swapped `{first} {second}` ({cost})"),
        }
    }
}

/// A match score with the facts it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// 0-100, before any file penalty.
    pub value: u8,
    /// The word score (before minor points).
    pub words: u8,
    /// Alignment cost in tenths of a word-edit.
    pub cost: u32,
    /// Character edit distance between the keys (the first tie-break).
    pub distance: usize,
    /// Case, punctuation, spacing, number and markup differences.
    pub minor: MinorDiff,
    /// The word alignment (indexes into the content tokens of query and source).
    pub steps: Vec<Step>,
}

/// The score of `source` against `query` (see the module docs for the definition).
pub fn score(query: &Normalized, source: &Normalized) -> Score {
    let qt = key_tokens(&query.key);
    let st = key_tokens(&source.key);
    let (cost, steps) = align(&qt, &st);
    let qc: Vec<usize> = query.content_tokens().collect();
    let sc: Vec<usize> = source.content_tokens().collect();
    let mut minor = MinorDiff::default();
    // A numeric date with slashes or hyphens is three number tokens but one number: one point.
    let (qruns, sruns) = (date_runs(query), date_runs(source));
    let whole = |n: &'_ Normalized, runs: &[std::ops::Range<usize>], t: usize| -> String {
        match runs.iter().find(|r| r.contains(&t)) {
            Some(r) => {
                n.nfc[n.tokens[r.start].span.start..n.tokens[r.end - 1].span.end].to_string()
            }
            None => n.surface(t).to_string(),
        }
    };
    let mut compare = |qi: usize, si: usize| {
        let (a, b) = (query.surface(qc[qi]), source.surface(sc[si]));
        if a == b {
            return;
        }
        match query.tokens[qc[qi]].kind {
            TokenKind::Word => minor.case = true,
            TokenKind::Number => {
                let pair = (whole(source, &sruns, sc[si]), whole(query, &qruns, qc[qi]));
                let in_run = qruns.iter().any(|r| r.contains(&qc[qi]));
                if !(in_run && minor.numbers.contains(&pair)) {
                    minor.numbers.push(pair);
                }
            }
            TokenKind::Placeholder(_) => minor.markup = true,
            TokenKind::Punct => {}
        }
    };
    for step in &steps {
        match *step {
            Step::Same { q, s } => compare(q, s),
            Step::Swap { q, s } => {
                compare(q, s + 1);
                compare(q + 1, s);
            }
            _ => {}
        }
    }
    // Punctuation with its position among the other tokens when the token counts agree (so
    // `a, b` and `a b,` differ); the punctuation alone otherwise.
    let same_len = query.tokens.len() == source.tokens.len();
    let punct = |n: &Normalized| -> String {
        n.tokens
            .iter()
            .filter(|t| same_len || t.kind == TokenKind::Punct)
            .map(|t| match t.kind {
                TokenKind::Punct => &n.nfc[t.span.clone()],
                _ => "\0",
            })
            .collect()
    };
    minor.punctuation = punct(query) != punct(source);
    minor.spacing = same_len
        && query
            .tokens
            .iter()
            .zip(&source.tokens)
            .skip(1)
            .any(|(a, b)| a.space_before != b.space_before);
    let words = word_score(cost, qt.len().max(st.len()));
    let p = minor.penalty();
    let mut value = words.saturating_sub(p);
    if cost > 0 || p > 0 {
        value = value.min(99);
    }
    let distance = rapidfuzz::distance::levenshtein::distance(
        query.key.iter().copied(),
        source.key.iter().copied(),
    );
    Score {
        value,
        words,
        cost,
        distance,
        minor,
        steps,
    }
}

/// The word-level differences of a scored pair, for the explanation.
pub fn word_edits(query: &Normalized, source: &Normalized, steps: &[Step]) -> Vec<WordEdit> {
    let qc: Vec<usize> = query.content_tokens().collect();
    let sc: Vec<usize> = source.content_tokens().collect();
    let qw = |i: usize| query.surface(qc[i]).to_string();
    let sw = |i: usize| source.surface(sc[i]).to_string();
    let c = |units: u32| f64::from(units) / 10.0;
    steps
        .iter()
        .filter_map(|step| match *step {
            Step::Same { .. } => None,
            Step::Inflect { q, s, cost } => Some(WordEdit::Inflected {
                from: sw(s),
                to: qw(q),
                cost: c(cost),
            }),
            Step::Replace { q, s } => Some(WordEdit::Replaced {
                from: sw(s),
                to: qw(q),
                cost: c(REPLACE),
            }),
            Step::Insert { q } => Some(WordEdit::Inserted {
                word: qw(q),
                cost: c(INDEL),
            }),
            Step::Delete { s } => Some(WordEdit::Deleted {
                word: sw(s),
                cost: c(INDEL),
            }),
            Step::Swap { s, .. } => Some(WordEdit::Swapped {
                first: sw(s),
                second: sw(s + 1),
                cost: c(SWAP),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::normalize::normalize;
    use super::*;
    use crate::model::Lang;
    use proptest::prelude::*;

    fn sc(a: &str, b: &str, lang: Lang) -> u8 {
        score(&normalize(a, lang), &normalize(b, lang)).value
    }

    fn edits(q: &str, s: &str, lang: Lang) -> Vec<String> {
        let (nq, ns) = (normalize(q, lang), normalize(s, lang));
        let r = score(&nq, &ns);
        word_edits(&nq, &ns, &r.steps)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn worked_example_deleting_a_word_beats_replacing_one() {
        let q = "The minister help launch the programme";
        let right = sc(q, "The minister will help launch the programme", Lang::En);
        let wrong = sc(q, "The minister will launch the programme", Lang::En);
        assert_eq!((right, wrong), (85, 75));
        assert_eq!(
            edits(q, "The minister will help launch the programme", Lang::En),
            ["deleted `will` (1)"]
        );
        assert_eq!(
            edits(q, "The minister will launch the programme", Lang::En),
            ["replaced `will` → `help` (1.5)"]
        );
    }

    #[test]
    fn worked_example_inflection_costs_less_than_a_word() {
        // Turkish: one case suffix against a different noun.
        let base = "Bakan hükümete çağrıda bulundu";
        let suffix = sc(base, "Bakan hükümetin çağrıda bulundu", Lang::Tr);
        let word = sc(base, "Bakan meclise çağrıda bulundu", Lang::Tr);
        assert_eq!((suffix, word), (90, 62));
        assert_eq!(
            edits(base, "Bakan hükümetin çağrıda bulundu", Lang::Tr),
            ["inflected `hükümetin` → `hükümete` (0.4)"]
        );
        // Russian: one ending.
        let ru = "Министр призвал правительство действовать";
        let ru_suffix = sc(ru, "Министр призвал правительства действовать", Lang::Ru);
        let ru_word = sc(ru, "Министр призвал парламент действовать", Lang::Ru);
        assert_eq!((ru_suffix, ru_word), (92, 62));
        assert_eq!(
            edits(ru, "Министр призвал правительства действовать", Lang::Ru),
            ["inflected `правительства` → `правительство` (0.3)"]
        );
        assert_eq!(
            edits(base, "Bakan meclise çağrıda bulundu", Lang::Tr),
            ["replaced `meclise` → `hükümete` (1.5)"]
        );
        // English -s / -ed.
        assert_eq!(
            edits("She helped them", "She helps them", Lang::En),
            ["inflected `helps` → `helped` (0.4)"]
        );
        assert_eq!(sc("She helped them", "She helps them", Lang::En), 86);
    }

    #[test]
    fn worked_example_swap_and_minor_differences() {
        assert_eq!(
            edits("the report annual", "the annual report", Lang::En),
            ["swapped `annual report` (0.9)"]
        );
        assert_eq!(sc("the report annual", "the annual report", Lang::En), 70);
        // Case, punctuation, spacing: one point each.
        assert_eq!(sc("The summit ended.", "the summit ended.", Lang::En), 99);
        assert_eq!(sc("The summit ended.", "The summit ended!", Lang::En), 99);
        assert_eq!(sc("a, b", "a ,b", Lang::En), 99);
        assert_eq!(sc("The 8th summit", "The 9th summit", Lang::En), 99);
        assert_eq!(
            sc("The 8th summit, 2021.", "the 9th summit 2022!", Lang::En),
            96
        );
    }

    #[test]
    fn equal_text_is_100_and_whitespace_runs_do_not_count() {
        assert_eq!(sc("The summit ended.", "The  summit ended.", Lang::En), 100);
        assert_eq!(
            sc(" The summit\tended.", "The summit ended.", Lang::En),
            100
        );
    }

    #[test]
    fn turkish_case_folding_is_locale_aware() {
        assert_eq!(sc("IŞIK", "ışık", Lang::Tr), 99);
        assert!(sc("IŞIK", "işik", Lang::Tr) < 95);
    }

    #[test]
    fn unrelated_words_cost_the_same_whatever_their_spelling() {
        let q = "urged the government to act";
        let p = sc(q, "urged the parliament to act", Lang::En);
        let c = sc(q, "urged the cabinet to act", Lang::En);
        assert_eq!((p, c), (70, 70));
    }

    #[test]
    fn placeholders_count_as_one_token() {
        let a = sc("Press {1}OK{/1} now", "Press OK now", Lang::En);
        let b = sc("Press {12}OK{/12} now", "Press OK now", Lang::En);
        assert_eq!(a, b);
        assert_eq!(sc("Press {1}OK{/1}", "Press {2}OK{/2}", Lang::En), 99);
    }

    /// The inflection examples of the README's definition, read as the score reads them (a
    /// Turkish apostrophe suffix stays in its word).
    #[test]
    fn the_definitions_inflected_forms_are_inflections() {
        let one = |q: &str, s: &str, lang: Lang| {
            let e = edits(q, s, lang);
            assert_eq!(e.len(), 1, "{q} / {s}: {e:?}");
            assert!(e[0].starts_with("inflected"), "{q} / {s}: {e:?}");
        };
        one("They help us", "They helps us", Lang::En);
        one("They helped us", "They helps us", Lang::En);
        one("They help us", "They helped us", Lang::En);
        one("Bakan hükümete yazdı", "Bakan hükümetin yazdı", Lang::Tr);
        one("Orta Asya'da ticaret", "Orta Asya'nın ticaret", Lang::Tr);
        one(
            "Министр призвал правительству",
            "Министр призвал правительства",
            Lang::Ru,
        );
        // `the`/`they`: too short to be an inflection, so a replacement.
        assert_eq!(
            edits("they came home", "the came home", Lang::En),
            ["replaced `the` → `they` (1.5)"]
        );
    }

    /// Minor points: one per aligned number whose value differs, at most three; five in all.
    #[test]
    fn minor_points_are_capped() {
        assert_eq!(sc("in 1 2 3 4 5", "in 6 7 8 9 0", Lang::En), 97);
        // Case, punctuation, spacing of the same tokens, three numbers: 1 + 1 + 1 + 3 → 5.
        assert_eq!(sc("The 1 2 3, x", "the 4 5 6 ,x", Lang::En), 95);
        // A date is one number token: a changed date costs one point, not three.
        assert_eq!(
            sc(
                "Opened on 12 June 2023",
                "Opened on 3 October 2009",
                Lang::En
            ),
            99
        );
    }

    #[test]
    fn short_words_and_distant_spellings_are_not_inflections() {
        assert_eq!(inflection(&['t', 'h', 'e'], &['t', 'h', 'e', 'y']), None);
        let w = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(inflection(&w("inform"), &w("informational")), None);
        assert_eq!(inflection(&w("launch"), &w("launched")), Some(4));
    }

    proptest! {
        #[test]
        fn score_is_bounded_and_100_only_for_equal_text(
            a in "[a-zA-Zİıçş0-9 ,.{}/1]{0,24}",
            b in "[a-zA-Zİıçş0-9 ,.{}/1]{0,24}",
        ) {
            let (na, nb) = (normalize(&a, Lang::Tr), normalize(&b, Lang::Tr));
            let s = score(&na, &nb).value;
            prop_assert!(s <= 100);
            let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(s == 100, collapse(&a) == collapse(&b), "{:?} vs {:?} scored {}", a, b, s);
        }

        #[test]
        fn cut_off_cost_agrees_with_the_alignment(
            a in "[abcd ]{0,20}",
            b in "[abcd ]{0,20}",
            cutoff in 0u32..80,
        ) {
            let (ka, kb) = (normalize(&a, Lang::En).key, normalize(&b, Lang::En).key);
            let (ta, tb) = (key_tokens(&ka), key_tokens(&kb));
            let (w, _) = align(&ta, &tb);
            prop_assert_eq!(word_cost(&ta, &tb, cutoff), (w <= cutoff).then_some(w));
        }
    }
}
