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

/// Token counts up to this are a length bucket of their own; longer ones share buckets of
/// [`WIDE`] counts, the last one unbounded.
pub const EXACT: usize = 48;
/// Token counts per bucket past [`EXACT`].
pub const WIDE: usize = 16;
/// Buckets past [`EXACT`] (the last holds every longer variant).
pub const WIDE_BUCKETS: usize = 60;

/// The length bucket of a variant of `n` tokens. `schema::lexemes!` computes the same in SQL.
pub fn bucket(n: usize) -> usize {
    if n <= EXACT {
        n
    } else {
        EXACT + 1 + ((n - EXACT - 1) / WIDE).min(WIDE_BUCKETS - 1)
    }
}

/// The token counts `[lo, hi]` of bucket `b`.
pub fn bucket_range(b: usize) -> (usize, usize) {
    if b <= EXACT {
        return (b, b);
    }
    let k = b - EXACT - 1;
    let lo = EXACT + 1 + k * WIDE;
    if k + 1 >= WIDE_BUCKETS {
        (lo, usize::MAX)
    } else {
        (lo, lo + WIDE - 1)
    }
}

/// One index probe of a query: the variants of `lo..=hi` tokens (one length bucket, within
/// the query's window) that may score `min` against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// A `tsquery` over the bucket's lexemes (`'c:b'`: stem character `c` in a variant of bucket
    /// `b`) that every such variant satisfies; `None` when there is none (the threshold lets a
    /// match share nothing): then only the length filters.
    pub query: Option<String>,
    /// The fewest tokens of the variants it admits.
    pub lo: usize,
    /// The most tokens (inclusive).
    pub hi: usize,
    /// The least `pg_trgm` similarity of the stem strings of such a variant (see the module
    /// docs), with the query's `query`.
    pub limit: Option<f32>,
    /// The index entries it reads, estimated: the stored variants (of every length) holding
    /// each character whose posting list the index walks in full, summed. Lookups spread a
    /// query's probes over their connections by it.
    pub weight: u64,
}

/// The probes of a query (see [`Probe`]), one per length bucket of its window (lengths without
/// an index condition merged into one): together they admit every variant that can score
/// `min` against `e`.
///
/// A variant of `n` tokens needs `c(n) = L − k(L)` common stem occurrences (`L = max(m, n)`), so
/// it shares at least `c(n) − d` of the query's `a` distinct characters, and so at least `j` of
/// any `a − (c − d) + j` of them, `c` the least `c(n)` of the bucket. The full-text index answers
/// that from the posting lists of the rarest characters (by `df`, the stored variants holding
/// each) *in that bucket*: a document of another length is never read, and lengths far from
/// the query's need more of its characters, so their condition is narrower. `j` is 3 where
/// the count allows it (less otherwise): one rare character alone still admits tens of
/// thousands of documents in a memory of common words, three a few hundred.
pub fn probes(e: &Encoded, min: u8, df: impl Fn(char) -> u64) -> Vec<Probe> {
    let (wlo, whi) = window(e.tokens, min);
    let mut chars: Vec<char> = e.stems.chars().filter(|c| *c != ' ').collect();
    chars.sort_unstable();
    chars.dedup();
    chars.sort_by_key(|ch| (df(*ch), *ch));
    let d = e.tokens - e.distinct;
    let mut out: Vec<Probe> = Vec::new();
    let mut b = bucket(wlo);
    loop {
        let (blo, bhi) = bucket_range(b);
        let (lo, hi) = (blo.max(wlo), bhi.min(whi));
        if lo > hi {
            break;
        }
        // The least common occurrences and similarity bound over the bucket's lengths (past
        // ten thousand tokens the bound only grows).
        let mut c = usize::MAX;
        let mut bound = f64::INFINITY;
        for n in lo..=hi.min(lo + 10_000) {
            let cn = common_needed(e.tokens, n, min);
            c = c.min(cn);
            let shared = cn.saturating_sub(d) as f64;
            bound = bound.min(shared / (e.distinct as f64 + n as f64 - shared));
        }
        let usable = e.tokens > 0 && e.distinct > 0 && c > d;
        let mut weight = 0;
        let query = usable.then(|| {
            let j = (c - d).min(3);
            let q = chars.len() - (c - d) + j;
            // A variant lacking all of the `q − j + 1` rarest fails, so the index reads those
            // lists whole and only seeks in the others.
            weight = chars[..q - j + 1].iter().map(|ch| df(*ch)).sum();
            at_least(j, &chars[..q], b)
        });
        // pg_trgm compares in single precision: leave a margin below the exact bound.
        let margin = 1e-3;
        let limit =
            (usable && bound.is_finite() && bound > margin).then_some((bound - margin) as f32);
        match out.last_mut() {
            // Lengths without an index condition are one range.
            Some(last) if query.is_none() && last.query.is_none() => last.hi = hi,
            _ => out.push(Probe {
                query,
                lo,
                hi,
                limit,
                weight,
            }),
        }
        if hi >= whi {
            break;
        }
        b += 1;
    }
    out
}

/// A `tsquery` that holds when at least `j` of `chars` are present as lexemes of `bucket`:
/// `j = 1` is their `|`; otherwise the first character with `j − 1` of the rest, or `j` of
/// the rest.
fn at_least(j: usize, chars: &[char], bucket: usize) -> String {
    let lex = |c: &char| format!("'{c}:{bucket}'");
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
        at_least(j - 1, &chars[1..], bucket),
        at_least(j, &chars[1..], bucket)
    )
}

/// A hash of a TU's variant set as normalized text (language and key of every project
/// variant, tag and text of every other), for the unique constraint. `keys` are its variants'
/// normalized keys ([`Encoded::key`]), in the order of `tu.variants`: a push has made them
/// already.
pub fn variant_set(tu: &crate::memory::Tu, keys: &[&str]) -> i64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for ((lang, v), key) in tu.variants.iter().zip(keys) {
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

    /// Stored rows carry this hash in their unique key: a change to it would let a second push
    /// of the same TUs store them again.
    #[test]
    fn the_variant_set_hash_stays_what_databases_hold() {
        use crate::memory::{Tu, Variant};
        let mut tu = Tu::default();
        for (lang, text) in [
            (Lang::En, "The   Council met on 3 May."),
            (Lang::Tr, "Konsey 3 Mayıs'ta toplandı."),
            (Lang::Ru, "Совет собрался 3 мая."),
        ] {
            tu.variants.insert(lang, Variant::new(lang, text));
        }
        let encoded: Vec<Encoded> = tu
            .variants
            .iter()
            .map(|(lang, v)| encode(&v.text, *lang, &alphabet()))
            .collect();
        let keys: Vec<&str> = encoded.iter().map(|e| e.key.as_str()).collect();
        // The keys a push encodes are the normalized keys the hash was first made of.
        let normalized: Vec<String> = tu
            .variants
            .iter()
            .map(|(lang, v)| normalize(&v.text, *lang).key.iter().collect())
            .collect();
        assert_eq!(keys, normalized);
        assert_eq!(variant_set(&tu, &keys), 2_254_322_270_032_070_401);
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
    fn buckets_tile_every_length() {
        let mut next = 0;
        for b in 0..=bucket(usize::MAX) {
            let (lo, hi) = bucket_range(b);
            assert_eq!(lo, next, "bucket {b}");
            assert_eq!((bucket(lo), bucket(hi)), (b, b));
            next = hi.wrapping_add(1);
        }
        assert_eq!(next, 0, "the last bucket is unbounded");
        assert_eq!(bucket(EXACT), EXACT);
        assert_eq!(bucket(EXACT + 1), EXACT + 1);
        assert_eq!(bucket(EXACT + WIDE), EXACT + 1);
        assert_eq!(bucket(EXACT + WIDE + 1), EXACT + 2);
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
        let p = probes(&e, 70, |_| 0);
        let lengths: Vec<(usize, usize)> = p.iter().map(|p| (p.lo, p.hi)).collect();
        assert_eq!(lengths, (7..=14).map(|n| (n, n)).collect::<Vec<_>>());
        // At n = m = 10, 7 shared of 10 + 10: 7 / 13; at 14 tokens all ten are needed, so any
        // three of them (the rarest) are, in bucket 14.
        let lim = p[3].limit.expect("a limit");
        assert!(lim < 7.0 / 13.0 && lim > 0.5, "{lim}");
        let q = p[7].query.as_deref().expect("a query");
        assert_eq!(
            (q.matches('&').count(), q.matches('|').count()),
            (2, 0),
            "{q}"
        );
        assert_eq!(q.matches(":14'").count(), 3, "{q}");
        let none = probes(&encode("…", Lang::En, &alphabet()), 70, |_| 0);
        assert_eq!(none.len(), 1);
        assert!(none[0].query.is_none() && none[0].limit.is_none());
        // A window past the exact lengths is one probe per wide bucket.
        let long: String = (0..60u8)
            .map(|i| {
                format!(
                    "q{}{} ",
                    char::from(b'a' + i / 26),
                    char::from(b'a' + i % 26)
                )
            })
            .collect();
        let p = probes(&encode(&long, Lang::En, &alphabet()), 70, |_| 0);
        let (lo, hi) = window(60, 70);
        assert_eq!((p[0].lo, p.last().unwrap().hi), (lo, hi));
        assert!(p.windows(2).all(|w| w[0].hi + 1 == w[1].lo));
        assert_eq!(p.len(), EXACT - lo + 1 + (hi - EXACT).div_ceil(WIDE));
    }

    /// Evaluates the `tsquery` subset `at_least` writes (quoted lexemes, `&`, `|`, parentheses)
    /// for the lexemes `present`.
    fn holds(q: &str, present: &[String]) -> bool {
        fn or(t: &[char], i: &mut usize, p: &[String]) -> bool {
            let mut v = and(t, i, p);
            while *i < t.len() && t[*i] == '|' {
                *i += 1;
                let r = and(t, i, p);
                v = v || r;
            }
            v
        }
        fn and(t: &[char], i: &mut usize, p: &[String]) -> bool {
            let mut v = atom(t, i, p);
            while *i < t.len() && t[*i] == '&' {
                *i += 1;
                let r = atom(t, i, p);
                v = v && r;
            }
            v
        }
        fn atom(t: &[char], i: &mut usize, p: &[String]) -> bool {
            if t[*i] == '(' {
                *i += 1;
                let v = or(t, i, p);
                assert_eq!(t[*i], ')');
                *i += 1;
                v
            } else {
                assert_eq!(t[*i], '\'');
                let end = *i + 1 + t[*i + 1..].iter().position(|c| *c == '\'').unwrap();
                let lexeme: String = t[*i + 1..end].iter().collect();
                *i = end + 1;
                p.contains(&lexeme)
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
                let q = at_least(j, &chars[..n], 7);
                for mask in 0u32..(1 << n) {
                    let present: Vec<char> = (0..n)
                        .filter(|b| mask & (1 << b) != 0)
                        .map(|b| chars[b])
                        .collect();
                    let lexemes: Vec<String> = present.iter().map(|c| format!("{c}:7")).collect();
                    assert_eq!(
                        holds(&q, &lexemes),
                        present.len() >= j,
                        "j = {j}, {q}, present {present:?}"
                    );
                    // The same characters in another bucket's variant do not count.
                    let other: Vec<String> = present.iter().map(|c| format!("{c}:8")).collect();
                    assert!(!holds(&q, &other) || j == 0);
                }
            }
        }
    }

    /// The lexemes the index holds for a variant: each stem character with its bucket.
    fn lexemes(e: &Encoded) -> Vec<String> {
        let b = bucket(e.tokens);
        e.stems
            .split(' ')
            .filter(|c| !c.is_empty())
            .map(|c| format!("{c}:{b}"))
            .collect()
    }

    proptest::proptest! {
        /// Every variant whose word score against a query reaches the threshold is admitted by
        /// the probe of its length: the database's candidates hold every match. Small alphabets
        /// make stems collide, a small vocabulary of inflected forms makes them share stems.
        #[test]
        fn probes_admit_every_match(
            query in proptest::collection::vec(0usize..14, 1..16),
            edits in proptest::collection::vec((0usize..4, 0usize..16, 0usize..14), 0..5),
            size in proptest::sample::select(vec![5usize, 40, 500]),
            min in 50u8..=100,
        ) {
            const WORDS: &[&str] = &[
                "help", "helps", "helped", "the", "a", "minister", "ministers", "talks",
                "talk", "trade", "of", "hükümet", "hükümete", "regional",
            ];
            let alphabet: Vec<char> = alphabet().into_iter().take(size).collect();
            let mut doc: Vec<usize> = query.clone();
            for (op, at, w) in edits {
                let at = at % (doc.len() + 1);
                match op {
                    0 => doc.insert(at, w),
                    1 if at < doc.len() => { doc.remove(at); }
                    2 if at < doc.len() => doc[at] = w,
                    3 if at + 1 < doc.len() => doc.swap(at, at + 1),
                    _ => {}
                }
            }
            let text = |ws: &[usize]| ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
            let (qt, dt) = (text(&query), text(&doc));
            let (qe, de) = (encode(&qt, Lang::En, &alphabet), encode(&dt, Lang::En, &alphabet));
            let qn: Vec<char> = qe.key.chars().collect();
            let dn: Vec<char> = de.key.chars().collect();
            let (qk, dk) = (key_tokens(&qn), key_tokens(&dn));
            let l = qk.len().max(dk.len());
            let matches = crate::memory::score::word_cost(&qk, &dk, u32::MAX)
                .is_some_and(|w| crate::memory::score::word_score(w, l) >= min);
            if matches {
                let probes = probes(&qe, min, |c| u64::from(c) % 7);
                let p = probes.iter().find(|p| (p.lo..=p.hi).contains(&de.tokens));
                let p = p.expect("a probe for the variant's length");
                if let Some(q) = &p.query {
                    proptest::prop_assert!(holds(q, &lexemes(&de)), "{qt} | {dt} | {q}");
                }
            }
        }
    }
}
