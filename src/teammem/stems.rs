//! The stem string `pg_trgm` indexes, and the similarity bound that makes its candidates
//! complete.
//!
//! The file memory's index is exact because of two necessary conditions on a match (see
//! `memory::index`): a length window, and a count of common *stem occurrences* (a token's first
//! four letters with its occurrence number). The database keeps the same filter inside
//! `pg_trgm`: each stem occurrence of a variant's normalized key is written as one character of
//! an *alphabet* chosen when the schema is made (CJK ideographs whose two `pg_trgm` trigrams,
//! `"  c"` and `" c "`, collide with no other's), so the trigram set of the stem string has
//! exactly two trigrams per distinct character, and shared characters are shared trigrams.
//!
//! With `m` query occurrences mapped to `a ≤ m` distinct characters (`d = m − a` lost to the
//! alphabet's own collisions), a document of `n` tokens with `c` common occurrences shares at
//! least `c − d` characters, so its trigram similarity is at least
//! `(c − d) / (a + n − (c − d))`. A match needs `c ≥ L − k(L)` (`L = max(m, n)`), which gives
//! the per-query limit: the least such bound over the length window. Every document the limit
//! rejects scores below the threshold, so the database returns a superset of the matches and
//! the client's own score (the file memory's lookup) picks exactly the same ones.

use crate::memory::normalize::normalize;
use crate::memory::score::{key_tokens, max_differing, stem};
use crate::model::Lang;

/// First code point tried for the alphabet (U+4E00, CJK Unified Ideographs).
pub const ALPHABET_FIRST: u32 = 0x4E00;
/// One past the last code point tried (U+9FFF).
pub const ALPHABET_END: u32 = 0xA000;

/// A variant's normalized key, its token count and its stem string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// The normalized key (tokens joined by single spaces).
    pub key: String,
    /// Its token count.
    pub tokens: usize,
    /// One alphabet character per stem occurrence, space-separated.
    pub stems: String,
    /// How many distinct characters `stems` holds.
    pub distinct: usize,
}

fn mix(stem: &[char], occurrence: u32) -> u64 {
    let s: String = stem.iter().collect();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(s.as_bytes());
    h.update(&[0]);
    h.update(&occurrence.to_le_bytes());
    h.digest()
}

/// Encodes `text` of `lang` with `alphabet` (which must not be empty).
pub fn encode(text: &str, lang: Lang, alphabet: &[char]) -> Encoded {
    let n = normalize(text, lang);
    let tokens = key_tokens(&n.key);
    let mut seen: Vec<(&[char], u32)> = Vec::with_capacity(tokens.len());
    let mut chars: Vec<char> = Vec::with_capacity(tokens.len());
    for t in &tokens {
        let s = stem(t);
        let occ = seen.iter().filter(|(p, _)| *p == s).count() as u32;
        seen.push((s, occ));
        let i = (mix(s, occ) % alphabet.len() as u64) as usize;
        chars.push(alphabet[i]);
    }
    let mut stems = String::with_capacity(chars.len() * 4);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 {
            stems.push(' ');
        }
        stems.push(*c);
    }
    chars.sort_unstable();
    chars.dedup();
    Encoded {
        key: n.key.iter().collect(),
        tokens: tokens.len(),
        stems,
        distinct: chars.len(),
    }
}

/// The length window `[lo, hi]` of documents that can score `min` against `m` tokens.
pub fn window(m: usize, min: u8) -> (usize, usize) {
    let mut lo = m;
    while lo > 0 && m - (lo - 1) <= max_differing(min, m) {
        lo -= 1;
    }
    let mut hi = m;
    // With a low threshold the window is unbounded; past a million tokens nothing is stored.
    while hi < 1_000_000 && hi + 1 - m <= max_differing(min, hi + 1) {
        hi += 1;
    }
    (lo, hi)
}

/// The least common stem occurrences a document of `n` tokens needs to score `min` against
/// a query of `m`.
fn common_needed(m: usize, n: usize, min: u8) -> usize {
    let l = m.max(n);
    l.saturating_sub(max_differing(min, l))
}

/// The per-query similarity limit (see the module docs), or `None` when the trigram filter
/// cannot be used (a query without tokens, or a threshold so low that a match may share
/// nothing): then only the length window filters.
pub fn limit(e: &Encoded, min: u8) -> Option<f32> {
    limit_of(e.tokens, e.distinct, min)
}

/// The fewest common stem occurrences any document of the length window needs to score `min`
/// against a query of `m` tokens.
fn least_common(m: usize, min: u8) -> usize {
    let (lo, hi) = window(m, min);
    (lo..=hi.min(lo + 10_000))
        .map(|n| common_needed(m, n, min))
        .min()
        .unwrap_or(0)
}

/// The *prefix* of a query as a full-text query on the stem strings: at least `j` of its
/// rarest `a − (c − d) + j` distinct characters (by `df`, the number of stored variants
/// holding each), which every document that can score `min` satisfies; `None` when there is
/// no such condition (see [`limit`]).
///
/// A match has `c ≥ least_common` common occurrences, so it shares at least `c − d` of the
/// query's `a` distinct characters, and so at least `j` of any `a − (c − d) + j` of them. The
/// full-text index of the stem strings (one lexeme per character) answers that condition
/// exactly from the rare characters' posting lists: the common ones are never read. `j` is 3
/// where the count filter allows it (less otherwise): in a memory of common words one rare
/// character alone still admits tens of thousands of documents and two about ten thousand
/// (each read from the table to be filtered), three a few hundred. At a million TUs `j = 3`
/// halves the median lookup and the 95th percentile against `j = 2`; `j = 4` asks for so
/// many characters that reading their posting lists costs more than it saves.
pub fn prefix(e: &Encoded, min: u8, df: impl Fn(char) -> u64) -> Option<String> {
    if e.tokens == 0 || e.distinct == 0 {
        return None;
    }
    let d = e.tokens - e.distinct;
    let c = least_common(e.tokens, min);
    if c <= d {
        return None;
    }
    let mut chars: Vec<char> = e.stems.chars().filter(|c| *c != ' ').collect();
    chars.sort_unstable();
    chars.dedup();
    let j = (c - d).min(3);
    let q = chars.len() - (c - d) + j;
    chars.sort_by_key(|ch| (df(*ch), *ch));
    chars.truncate(q);
    Some(at_least(j, &chars))
}

/// A `tsquery` that holds when at least `j` of `chars` are present: `j = 1` is their `|`;
/// otherwise the first character with `j − 1` of the rest, or `j` of the rest.
fn at_least(j: usize, chars: &[char]) -> String {
    let lex = |c: &char| format!("'{c}'");
    if j <= 1 {
        return chars.iter().map(lex).collect::<Vec<_>>().join(" | ");
    }
    if chars.len() <= j {
        return chars.iter().map(lex).collect::<Vec<_>>().join(" & ");
    }
    // Either the first character and `j − 1` of the rest, or `j` of the rest.
    format!(
        "({} & ({})) | ({})",
        lex(&chars[0]),
        at_least(j - 1, &chars[1..]),
        at_least(j, &chars[1..])
    )
}

/// The lowest [`limit`] of queries of up to 64 tokens without collisions at `min`: the session
/// threshold, so that most batches need not change it.
pub fn floor(min: u8) -> Option<f32> {
    (1..=64)
        .map(|m| limit_of(m, m, min))
        .try_fold(f32::INFINITY, |acc, l| l.map(|l| acc.min(l)))
}

fn limit_of(tokens: usize, distinct: usize, min: u8) -> Option<f32> {
    if tokens == 0 || distinct == 0 {
        return None;
    }
    let d = tokens - distinct;
    let e = Encoded {
        key: String::new(),
        tokens,
        stems: String::new(),
        distinct,
    };
    let (lo, hi) = window(e.tokens, min);
    let mut best = f64::INFINITY;
    for n in lo..=hi.min(lo + 10_000) {
        let c = common_needed(e.tokens, n, min);
        if c <= d {
            return None;
        }
        let shared = (c - d) as f64;
        let bound = shared / (e.distinct as f64 + n as f64 - shared);
        best = best.min(bound);
    }
    // pg_trgm compares in single precision: leave a margin below the exact bound.
    let margin = 1e-3;
    (best.is_finite() && best > margin).then_some((best - margin) as f32)
}

/// A hash of a TU's variant set as normalized text (language and key of every project
/// variant, tag and text of every other), for the unique constraint.
pub fn variant_set(tu: &crate::memory::Tu) -> i64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (lang, v) in tu.variants.iter() {
        let key: String = normalize(&v.text, *lang).key.iter().collect();
        h.update(lang.code().as_bytes());
        h.update(&[0]);
        h.update(v.text.as_bytes());
        h.update(&[0]);
        h.update(key.as_bytes());
        h.update(&[1]);
    }
    let mut others: Vec<(String, &str)> = tu
        .info()
        .others
        .iter()
        .map(|o| (o.tag.to_ascii_lowercase(), o.variant.text.as_str()))
        .collect();
    others.sort();
    for (tag, text) in others {
        h.update(tag.as_bytes());
        h.update(&[0]);
        h.update(text.as_bytes());
        h.update(&[2]);
    }
    h.digest() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet() -> Vec<char> {
        (ALPHABET_FIRST..ALPHABET_FIRST + 500)
            .filter_map(char::from_u32)
            .collect()
    }

    #[test]
    fn occurrences_are_distinct_characters() {
        let e = encode("The cat and the dog", Lang::En, &alphabet());
        assert_eq!(e.tokens, 5);
        assert_eq!(e.stems.split(' ').count(), 5);
        let again = encode("the CAT and the dog!", Lang::En, &alphabet());
        assert_eq!(e.stems, again.stems);
    }

    #[test]
    fn window_and_limit_follow_the_score() {
        assert_eq!(window(10, 70), (7, 14));
        assert_eq!(window(10, 100), (10, 10));
        let e = encode(
            "one two three four five six seven eight nine ten",
            Lang::En,
            &alphabet(),
        );
        let lim = limit(&e, 70).expect("a limit");
        // At n = m = 10, 7 shared of 10 + 10: 7 / 13.
        assert!(lim < 7.0 / 13.0 && lim > 0.5, "{lim}");
        assert_eq!(limit(&encode("…", Lang::En, &alphabet()), 70), None);
    }

    /// Evaluates the `tsquery` subset `at_least` writes (`'c'`, `&`, `|`, parentheses) for
    /// the characters `present`.
    fn holds(q: &str, present: &[char]) -> bool {
        fn or(t: &[char], i: &mut usize, p: &[char]) -> bool {
            let mut v = and(t, i, p);
            while *i < t.len() && t[*i] == '|' {
                *i += 1;
                let r = and(t, i, p);
                v = v || r;
            }
            v
        }
        fn and(t: &[char], i: &mut usize, p: &[char]) -> bool {
            let mut v = atom(t, i, p);
            while *i < t.len() && t[*i] == '&' {
                *i += 1;
                let r = atom(t, i, p);
                v = v && r;
            }
            v
        }
        fn atom(t: &[char], i: &mut usize, p: &[char]) -> bool {
            if t[*i] == '(' {
                *i += 1;
                let v = or(t, i, p);
                assert_eq!(t[*i], ')');
                *i += 1;
                v
            } else {
                assert_eq!(t[*i], '\'');
                let c = t[*i + 1];
                *i += 3;
                p.contains(&c)
            }
        }
        let t: Vec<char> = q.chars().filter(|c| *c != ' ').collect();
        let mut i = 0;
        let v = or(&t, &mut i, present);
        assert_eq!(i, t.len(), "all of {q} read");
        v
    }

    #[test]
    fn at_least_holds_exactly_when_j_characters_are_present() {
        let chars: Vec<char> = "abcdefg".chars().collect();
        for j in 1..=4 {
            for n in j..=chars.len() {
                let q = at_least(j, &chars[..n]);
                for mask in 0u32..(1 << n) {
                    let present: Vec<char> = (0..n)
                        .filter(|b| mask & (1 << b) != 0)
                        .map(|b| chars[b])
                        .collect();
                    assert_eq!(
                        holds(&q, &present),
                        present.len() >= j,
                        "j = {j}, {q}, present {present:?}"
                    );
                }
            }
        }
    }
}
