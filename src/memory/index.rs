//! The lookup index of one source language: finds every TU whose key (see `normalize`) is
//! within the score threshold of a query, without comparing against the whole memory, and
//! without missing any.
//!
//! Built from a [`Memory`] for a language; answers [`Index::candidates`]
//! (all TUs scoring ≥ `min` on the key, with their edit distance) and [`Index::exact`] (equal
//! keys, by hash). [`Index::scan`] is the exhaustive baseline it must agree with.
//!
//! # Layout
//! Documents (TUs with a variant in the language) are sorted by key length, so any length
//! range is one contiguous range of document numbers. The inverted index maps each *bigram
//! occurrence* — a pair of adjacent key characters together with its occurrence number within
//! the key (`("an", 1)`, `("an", 2)`, …) — to the ascending list of documents containing it.
//! Counting hits over the query's bigram occurrences gives, for every document, the size of the
//! multiset intersection of its bigrams with the query's.
//!
//! # The filter bound (why the index is exact)
//! Let the query key `x` have length `m`, a document key `y` length `n`, `L = max(m, n)`,
//! `d = ed(x, y)` and `k(L) = ⌊(100 − t)·L / 100⌋`. By the definition of the score,
//! `score ≥ t ⇔ d ≤ k(L)` (see `score::max_distance`).
//!
//! 1. *Length filter.* `d ≥ |m − n|`, so a match needs `|m − n| ≤ k(max(m, n))`. Scanning
//!    lengths upwards from `m`, `(n − m) − k(n)` never decreases (k grows by at most 1 per
//!    step since `(100 − t)/100 ≤ 1`), so the admissible `n` form one interval `[lo, hi]`.
//! 2. *Count filter* (Jokinen & Ukkonen 1991). `x` has `m − 1` bigrams. One edit operation
//!    (insertion, deletion, substitution) changes at most 2 bigrams of `x`: those overlapping
//!    the edited position. So after `d` edits at least `m − 1 − 2d` bigrams of `x` survive,
//!    each occurring in `y`, and as a multiset intersection `|B(x) ∩ B(y)| ≥ m − 1 − 2d`; by
//!    symmetry also `≥ n − 1 − 2d`. Hence a match has
//!    `common ≥ T(n) = L − 1 − 2·k(L)`.
//!
//! Both are necessary conditions, so every document they reject scores below `t`: the filter
//! loses nothing, at any threshold. Where the bound is useless (`T(n) ≤ 0`, e.g. very short
//! keys or thresholds near 50, where `2·k(L) ≈ L`), the documents of that length range are all
//! verified, so exactness never depends on the bound being strong. Survivors are verified with
//! a bit-parallel Levenshtein distance with cutoff `k(L)` (rapidfuzz), which is exact.
//! The property test `index_agrees_with_scan` checks this against [`Index::scan`] for random
//! thresholds 50-100.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rapidfuzz::distance::levenshtein;
use rayon::prelude::*;

use super::normalize::normalize;
use super::score::{key_score, max_distance};
use super::Memory;
use crate::model::Lang;

/// A fast, deterministic hasher for the gram table (keys are already well mixed `u64`s).
#[derive(Default, Clone, Copy)]
pub struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 ^= self.0 >> 32;
    }
}

pub(super) type GramMap = HashMap<u64, u32, BuildHasherDefault<GramHasher>>;

/// A candidate found by the index: a TU and its key distance to the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index into [`Memory::tus`].
    pub tu: usize,
    /// Levenshtein distance between the keys.
    pub distance: usize,
    /// Length of the TU's key.
    pub len: usize,
}

/// The index of one source language (see the module docs).
#[derive(Debug)]
pub struct Index {
    /// The source language.
    pub lang: Lang,
    pub(super) docs: Vec<u32>,
    pub(super) key_offsets: Vec<u32>,
    pub(super) keys: Vec<char>,
    pub(super) len_start: Vec<u32>,
    pub(super) exact: Vec<(u64, u32)>,
    pub(super) grams: GramMap,
    pub(super) post_offsets: Vec<u32>,
    pub(super) postings: Vec<u32>,
    /// Fingerprint of the TU texts it was built from (see `persist`).
    pub fingerprint: u64,
}

fn key_hash(key: &[char]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for &c in key {
        h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 31)
}

/// The bigram-occurrence codes of a key: `c1` (21 bits), `c2` (21 bits), occurrence (22 bits).
fn gram_codes(key: &[char], out: &mut Vec<u64>) {
    out.clear();
    out.extend(
        key.windows(2)
            .map(|w| (u64::from(u32::from(w[0])) << 43) | (u64::from(u32::from(w[1])) << 22)),
    );
    out.sort_unstable();
    let mut occ = 0u64;
    for i in 0..out.len() {
        occ = if i > 0 && out[i] >> 22 == out[i - 1] >> 22 {
            occ + 1
        } else {
            1
        };
        out[i] |= occ.min((1 << 22) - 1);
    }
}

impl Index {
    /// Builds the index of every TU of `memory` with a `lang` variant.
    pub fn build(memory: &Memory, lang: Lang) -> Index {
        let mut entries: Vec<(u32, Vec<char>)> = memory
            .tus
            .par_iter()
            .enumerate()
            .filter_map(|(i, tu)| tu.text(lang).map(|t| (i as u32, normalize(t, lang).key)))
            .collect();
        entries.par_sort_unstable_by_key(|(i, k)| (k.len(), *i));
        let mut index = Self::from_keys(lang, entries);
        index.fingerprint = super::persist::fingerprint(memory, lang);
        index
    }

    /// Builds the index from `(tu, key)` pairs sorted by key length, then TU.
    fn from_keys(lang: Lang, entries: Vec<(u32, Vec<char>)>) -> Index {
        let max_len = entries.last().map_or(0, |e| e.1.len());
        let mut idx = Index {
            lang,
            docs: Vec::new(),
            key_offsets: Vec::new(),
            keys: Vec::new(),
            len_start: Vec::new(),
            exact: Vec::new(),
            grams: GramMap::default(),
            post_offsets: Vec::new(),
            postings: Vec::new(),
            fingerprint: 0,
        };
        idx.docs.reserve(entries.len());
        idx.key_offsets.reserve(entries.len() + 1);
        idx.key_offsets.push(0);
        idx.len_start = vec![0; max_len + 2];
        for (tu, key) in &entries {
            idx.docs.push(*tu);
            idx.keys.extend_from_slice(key);
            idx.key_offsets.push(idx.keys.len() as u32);
        }
        drop(entries);
        // len_start[n] = first document whose key is at least n long.
        let mut doc = 0usize;
        for n in 0..=max_len + 1 {
            while doc < idx.docs.len() && idx.key(doc).len() < n {
                doc += 1;
            }
            idx.len_start[n] = doc as u32;
        }
        idx.exact = (0..idx.docs.len())
            .into_par_iter()
            .map(|d| (key_hash(idx.key(d)), d as u32))
            .collect();
        idx.exact.par_sort_unstable();
        // Gram table: count, then fill (two passes keep peak memory at the final size).
        let mut counts: Vec<u32> = Vec::new();
        let mut codes = Vec::new();
        for d in 0..idx.docs.len() {
            gram_codes(idx.key(d), &mut codes);
            for &c in &codes {
                let next = counts.len() as u32;
                let id = *idx.grams.entry(c).or_insert(next);
                if id == next {
                    counts.push(0);
                }
                counts[id as usize] += 1;
            }
        }
        idx.post_offsets = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        idx.post_offsets.push(0);
        for c in &counts {
            total += c;
            idx.post_offsets.push(total);
        }
        let mut fill: Vec<u32> = idx.post_offsets[..counts.len()].to_vec();
        idx.postings = vec![0; total as usize];
        for d in 0..idx.docs.len() {
            gram_codes(idx.key(d), &mut codes);
            for c in &codes {
                let id = idx.grams[c] as usize;
                idx.postings[fill[id] as usize] = d as u32;
                fill[id] += 1;
            }
        }
        idx
    }

    fn key(&self, doc: usize) -> &[char] {
        &self.keys[self.key_offsets[doc] as usize..self.key_offsets[doc + 1] as usize]
    }

    /// Number of indexed TUs.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no TU is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Approximate heap size in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.docs.len() * 4
            + self.key_offsets.len() * 4
            + self.keys.len() * 4
            + self.len_start.len() * 4
            + self.exact.len() * 16
            + self.grams.capacity() * 16
            + self.post_offsets.len() * 4
            + self.postings.len() * 4
    }

    /// TUs whose key equals `key` (by hash, then compared), in TU order.
    pub fn exact(&self, key: &[char]) -> Vec<usize> {
        let h = key_hash(key);
        let start = self.exact.partition_point(|e| e.0 < h);
        let mut out: Vec<usize> = self.exact[start..]
            .iter()
            .take_while(|e| e.0 == h)
            .filter(|e| self.key(e.1 as usize) == key)
            .map(|e| self.docs[e.1 as usize] as usize)
            .collect();
        out.sort_unstable();
        out
    }

    /// The admissible key lengths for a query of length `m` at threshold `min` (module docs,
    /// step 1).
    fn length_range(&self, m: usize, min: u8) -> (usize, usize) {
        let max_len = self.len_start.len().saturating_sub(2);
        let lo = m - max_distance(min, m).min(m);
        let mut hi = m;
        while hi < max_len && hi + 1 - m <= max_distance(min, hi + 1) {
            hi += 1;
        }
        (lo, hi.max(lo))
    }

    fn doc_range(&self, lo: usize, hi: usize) -> (usize, usize) {
        let last = self.len_start.len() - 1;
        (
            self.len_start[lo.min(last)] as usize,
            self.len_start[(hi + 1).min(last)] as usize,
        )
    }

    /// The documents that pass the length and count filters (module docs), each with its lower
    /// bound on the key distance: `max(|m − n|, ⌈(L − 1 − common) / 2⌉)` (from step 2,
    /// `common ≥ L − 1 − 2d`). Documents are in ascending order.
    fn filter(&self, query_key: &[char], min: u8) -> Vec<(u32, u32)> {
        if self.docs.is_empty() {
            return Vec::new();
        }
        let m = query_key.len();
        let (lo, hi) = self.length_range(m, min);
        let (dlo, dhi) = self.doc_range(lo, hi);
        let need = |n: usize| -> i64 {
            let l = m.max(n);
            l as i64 - 1 - 2 * max_distance(min, l) as i64
        };
        let t_min = (lo..=hi).map(need).min().unwrap_or(0);
        let mut out = Vec::new();
        if m < 2 || t_min <= 0 || m >= usize::from(u16::MAX) {
            // The count filter proves nothing here: every document of the length range stays,
            // bounded by its length difference only.
            for n in lo..=hi {
                let (a, b) = self.doc_range(n, n);
                out.extend((a..b).map(|d| (d as u32, m.abs_diff(n) as u32)));
            }
            return out;
        }
        let mut counts = vec![0u16; dhi - dlo];
        let mut codes = Vec::new();
        gram_codes(query_key, &mut codes);
        for c in &codes {
            let Some(&id) = self.grams.get(c) else {
                continue;
            };
            let list = &self.postings[self.post_offsets[id as usize] as usize
                ..self.post_offsets[id as usize + 1] as usize];
            let a = list.partition_point(|&d| (d as usize) < dlo);
            let b = list.partition_point(|&d| (d as usize) < dhi);
            for &d in &list[a..b] {
                counts[d as usize - dlo] += 1;
            }
        }
        for n in lo..=hi {
            let (a, b) = self.doc_range(n, n);
            let t = need(n);
            let l = m.max(n) as i64;
            for doc in a..b {
                let common = i64::from(counts[doc - dlo]);
                if common >= t {
                    let by_count = (l - 1 - common + 1).max(0) / 2;
                    let bound = by_count.max(m.abs_diff(n) as i64);
                    out.push((doc as u32, bound as u32));
                }
            }
        }
        out
    }

    fn distance(
        &self,
        cmp: &levenshtein::BatchComparator<char>,
        m: usize,
        doc: usize,
        min: u8,
    ) -> Option<Candidate> {
        let key = self.key(doc);
        let cutoff = max_distance(min, m.max(key.len()));
        let args = levenshtein::Args::default().score_cutoff(cutoff);
        cmp.distance_with_args(key.iter().copied(), &args)
            .map(|d| Candidate {
                tu: self.docs[doc] as usize,
                distance: d,
                len: key.len(),
            })
    }

    /// Every TU whose key scores at least `min` against `query_key`, with its distance, in TU
    /// order. Exact: equal to [`Index::scan`] (see the module docs for the proof).
    pub fn candidates(&self, query_key: &[char], min: u8) -> Vec<Candidate> {
        let cmp = levenshtein::BatchComparator::new(query_key.iter().copied());
        let mut out: Vec<Candidate> = self
            .filter(query_key, min)
            .into_iter()
            .filter_map(|(doc, _)| self.distance(&cmp, query_key.len(), doc as usize, min))
            .collect();
        out.sort_unstable();
        out
    }

    /// The candidates a top-`k` lookup needs: every TU that could rank among the best `k`
    /// accepted ones. `penalty(tu)` says whether a TU is acceptable (it has the target
    /// language) and the points its file costs.
    ///
    /// Documents are verified in order of their score upper bound (from the distance lower
    /// bound of `Index::filter`); verification stops once the next bound is below the k-th
    /// best score found so far, counted low (an equal-key match as 95, the least it can score).
    /// A document not verified then scores at most its bound, strictly below k documents
    /// already found, so it cannot enter the top k whatever the tie-break: the result ranks
    /// exactly as the full candidate list would.
    pub fn top_candidates(
        &self,
        query_key: &[char],
        min: u8,
        k: usize,
        penalty: impl Fn(usize) -> Option<u8>,
    ) -> Vec<Candidate> {
        let m = query_key.len();
        let mut ranked: Vec<(u8, u32, u8)> = self
            .filter(query_key, min)
            .into_iter()
            .filter_map(|(doc, bound)| {
                let p = penalty(self.docs[doc as usize] as usize)?;
                let l = m.max(self.key(doc as usize).len());
                let best = if bound == 0 {
                    101
                } else {
                    key_score(bound as usize, l)
                };
                let ub = best.saturating_sub(p);
                (ub >= min).then_some((ub, doc, p))
            })
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let cmp = levenshtein::BatchComparator::new(query_key.iter().copied());
        let mut best: std::collections::BinaryHeap<std::cmp::Reverse<u8>> = Default::default();
        let mut out = Vec::new();
        for (ub, doc, p) in ranked {
            if best.len() >= k && best.peek().is_some_and(|r| ub < r.0) {
                break;
            }
            let Some(c) = self.distance(&cmp, m, doc as usize, min) else {
                continue;
            };
            let low = if c.distance == 0 {
                95
            } else {
                key_score(c.distance, m.max(c.len))
            };
            let low = low.saturating_sub(p);
            if low >= min {
                best.push(std::cmp::Reverse(low));
                if best.len() > k {
                    best.pop();
                }
            }
            out.push(c);
        }
        out.sort_unstable();
        out
    }

    /// The exhaustive baseline: compares `query_key` with every indexed key using strsim's
    /// normalized Levenshtein distance and keeps those scoring at least `min`, in TU order.
    pub fn scan(&self, query_key: &[char], min: u8) -> Vec<Candidate> {
        let q: String = query_key.iter().collect();
        let mut out = Vec::new();
        for doc in 0..self.docs.len() {
            let key = self.key(doc);
            let s: String = key.iter().collect();
            let sim = strsim::normalized_levenshtein(&q, &s);
            let l = query_key.len().max(key.len());
            // Recover the integer distance from strsim's ratio (exact: it is (l - d) / l).
            let d = ((1.0 - sim) * l as f64).round() as usize;
            if d <= max_distance(min, l) {
                out.push(Candidate {
                    tu: self.docs[doc] as usize,
                    distance: d,
                    len: key.len(),
                });
            }
        }
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Tu, Variant};
    use proptest::prelude::*;

    fn memory(texts: &[String]) -> Memory {
        let mut m = Memory::new();
        for t in texts {
            m.tus.push(Tu {
                variants: [(Lang::En, Variant::new(Lang::En, t.clone()))].into(),
                ..Tu::default()
            });
        }
        m
    }

    #[test]
    fn finds_fuzzy_and_exact_matches() {
        let m = memory(&[
            "urged the government to act".into(),
            "urged the parliament to act".into(),
            "something else entirely".into(),
            "urged the government to act".into(),
        ]);
        let idx = Index::build(&m, Lang::En);
        let q = normalize("Urged the government to act!", Lang::En).key;
        assert_eq!(idx.exact(&q), vec![0, 3]);
        let c = idx.candidates(&q, 70);
        assert_eq!(c.iter().map(|c| c.tu).collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(c, idx.scan(&q, 70));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn index_agrees_with_scan(
            texts in proptest::collection::vec("[abcğı ]{0,14}", 1..40),
            query in "[abcğı ]{0,14}",
            pick in 0usize..40,
            min in 50u8..=100,
        ) {
            let m = memory(&texts);
            let idx = Index::build(&m, Lang::En);
            // Half the time query with a stored text, so matches exist.
            let q = if pick < texts.len() { texts[pick].clone() } else { query };
            let key = normalize(&q, Lang::En).key;
            prop_assert_eq!(idx.candidates(&key, min), idx.scan(&key, min));
        }
    }
}
