//! The lookup index of one source language: finds every TU whose key (see `normalize`) is
//! within the score threshold of a query, without comparing against the whole memory, and
//! without missing any.
//!
//! Built from a [`Memory`] for a language; answers [`Index::candidates`]
//! (all TUs whose word score, see `score`, is ≥ `min`, with their alignment cost) and
//! [`Index::exact`] (equal keys, by hash). [`Index::scan`] is the exhaustive baseline it must
//! agree with.
//!
//! # Layout
//! Documents (TUs with a variant in the language) are sorted by token count, so any length
//! range is one contiguous range of document numbers. The inverted index maps each *stem
//! occurrence* — a token's first four characters (`score::stem`) with its occurrence number
//! within the key (`("gove", 1)`, `("the", 2)`, …), hashed — to the ascending list of documents
//! containing it. Counting hits over the query's stem occurrences gives, for every document, (at
//! least) the size of the multiset intersection of its stems with the query's; a hash collision
//! can only raise the count, which keeps every bound below valid.
//!
//! # The filter bound (why the index is exact)
//! Let the query have `m` tokens, a document `n`, `L = max(m, n)`, `w` the alignment cost and
//! `k(L) = ⌊max_cost(t, L) / 10⌋` (`score::max_differing`). By the definition of the score,
//! `word score ≥ t ⇔ w ≤ max_cost(t, L)`.
//!
//! 1. *Length filter.* Each token beyond the shorter text's count is inserted or deleted at a
//!    cost of 1.0 word-edit, so `w ≥ 10·|m − n|` and a match needs `|m − n| ≤ k(max(m, n))`.
//!    Scanning lengths upwards from `m`, `(n − m) − k(n)` never decreases (k grows by at most 1
//!    per step), so the admissible `n` form one interval `[lo, hi]`.
//! 2. *Count filter.* An alignment pairs tokens as equal, inflected (same stem by definition),
//!    swapped (equal tokens), replaced, or leaves them inserted or deleted. Only replacements,
//!    insertions and deletions can leave a query token without an equal stem in the document,
//!    and each costs at least 1.0 word-edit; so with `c` common stems, `w ≥ 10·(L − c)` and a
//!    match has `c ≥ L − k(L)`.
//!
//! Both are necessary conditions, so every document they reject scores below `t`: the filter
//! loses nothing, at any threshold. Survivors are verified with the word alignment with cutoff
//! `max_cost(t, L)`, which is exact. The property test `index_agrees_with_scan` checks this
//! against [`Index::scan`] for random thresholds 50-100, and `lookup`'s `top_k_agrees_with_scan`
//! the whole lookup.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::normalize::normalize;
use super::score::{key_tokens, max_cost, max_differing, stem, word_cost, word_score};
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

/// A candidate found by the index: a TU and its word alignment cost to the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index into [`Memory::tus`].
    pub tu: usize,
    /// Word alignment cost in tenths of a word-edit (see `score`).
    pub cost: u32,
    /// Token count of the TU's key.
    pub len: usize,
}

impl Candidate {
    /// The word score of this candidate against a query of `m` tokens.
    pub fn word_score(&self, m: usize) -> u8 {
        word_score(self.cost, m.max(self.len))
    }
}

/// An array of the index: built in memory, or read in place from a memory-mapped index file
/// (see `persist`), so reopening a persisted index copies nothing.
pub(super) enum Arr<T: 'static> {
    /// Built in this process.
    Owned(Vec<T>),
    /// `len` items at byte `at` of a mapped file; `at` is aligned for `T` and every item
    /// was checked to be a valid `T` when the file was opened (see `persist`).
    Mapped {
        map: std::sync::Arc<super::cache::Mapped>,
        at: usize,
        len: usize,
    },
}

/// Types an index file holds: plain little-endian integers (and `char`, checked on open).
pub(super) trait Plain: Copy + 'static {}
impl Plain for u32 {}
impl Plain for u64 {}
impl Plain for char {}

impl<T: Plain> std::ops::Deref for Arr<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Arr::Owned(v) => v,
            Arr::Mapped { map, at, len } => {
                let bytes: &[u8] = map;
                let part = &bytes[*at..*at + len * std::mem::size_of::<T>()];
                // SAFETY: `persist::decode` made this value only for a little-endian target,
                // with `at` (from the page-aligned map) aligned for `T`, the range inside the
                // map (checked again by the slice above), and every item a valid `T`; the map
                // is read-only and lives as long as `self`.
                unsafe { std::slice::from_raw_parts(part.as_ptr().cast::<T>(), *len) }
            }
        }
    }
}

impl<T: Plain> Default for Arr<T> {
    fn default() -> Self {
        Arr::Owned(Vec::new())
    }
}

impl<T: Plain + std::fmt::Debug> std::fmt::Debug for Arr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if matches!(self, Arr::Owned(_)) {
            "owned"
        } else {
            "mapped"
        };
        write!(f, "[{} {kind}]", self.len())
    }
}

/// The index of one source language (see the module docs).
#[derive(Debug)]
pub struct Index {
    /// The source language.
    pub lang: Lang,
    pub(super) docs: Arr<u32>,
    pub(super) key_offsets: Arr<u32>,
    pub(super) keys: Arr<char>,
    pub(super) len_start: Arr<u32>,
    /// Hashes of the keys, sorted, with the document of each in `exact_docs`.
    pub(super) exact_hashes: Arr<u64>,
    pub(super) exact_docs: Arr<u32>,
    /// The stem-occurrence codes, sorted: code `grams[i]` has posting list `i`.
    pub(super) grams: Arr<u64>,
    pub(super) post_offsets: Arr<u32>,
    pub(super) postings: Arr<u32>,
    /// TUs added after the build ([`Index::insert`]) with their keys, in insertion order:
    /// few (one per learnt segment), so every query verifies them all, which keeps the
    /// answers exact without rebuilding the layout above.
    pub(super) added: Vec<(u32, Vec<char>)>,
    /// Fingerprint of the TU texts it was built from (see `persist`); TUs added since are
    /// not in it.
    pub fingerprint: u64,
}

fn key_hash(key: &[char]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for &c in key {
        h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 31)
}

/// The stem-occurrence codes of a key: a 42-bit hash of each token's stem, then its
/// occurrence number among equal stems (22 bits).
fn gram_codes(key: &[char], out: &mut Vec<u64>) {
    out.clear();
    out.extend(key_tokens(key).into_iter().map(|t| {
        let mut h = 0xcbf2_9ce4_8422_2325_u64;
        for &c in stem(t) {
            h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
        }
        (h ^ (h >> 29)) << 22
    }));
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

/// The number of tokens of a key (its content tokens, joined by single spaces).
pub(super) fn token_count(key: &[char]) -> usize {
    if key.is_empty() {
        0
    } else {
        key.iter().filter(|&&c| c == ' ').count() + 1
    }
}

impl Index {
    /// Builds the index of every TU of `memory` with a `lang` variant.
    pub fn build(memory: &Memory, lang: Lang) -> Index {
        let mut entries: Vec<(u32, u32, Vec<char>)> = memory
            .tus
            .par_iter()
            .enumerate()
            .filter_map(|(i, tu)| {
                let key = normalize(tu.text(lang)?, lang).key;
                Some((token_count(&key) as u32, i as u32, key))
            })
            .collect();
        // Token counts computed once: counting them in the comparator made the sort the
        // largest part of a cold build.
        entries.par_sort_unstable_by_key(|&(n, i, _)| (n, i));
        let entries = entries.into_iter().map(|(_, i, k)| (i, k)).collect();
        let mut index = Self::from_keys(lang, entries);
        index.fingerprint = super::persist::fingerprint(memory, lang);
        index
    }

    /// Builds the index from `(tu, key)` pairs sorted by token count, then TU.
    fn from_keys(lang: Lang, entries: Vec<(u32, Vec<char>)>) -> Index {
        let max_len = entries.last().map_or(0, |e| token_count(&e.1));
        let mut docs = Vec::with_capacity(entries.len());
        let mut key_offsets = Vec::with_capacity(entries.len() + 1);
        let mut keys = Vec::new();
        key_offsets.push(0u32);
        for (tu, key) in &entries {
            docs.push(*tu);
            keys.extend_from_slice(key);
            key_offsets.push(keys.len() as u32);
        }
        drop(entries);
        let key = |doc: usize| &keys[key_offsets[doc] as usize..key_offsets[doc + 1] as usize];
        // len_start[n] = first document whose key has at least n tokens.
        let mut len_start = vec![0u32; max_len + 2];
        let mut doc = 0usize;
        for (n, start) in len_start.iter_mut().enumerate() {
            while doc < docs.len() && token_count(key(doc)) < n {
                doc += 1;
            }
            *start = doc as u32;
        }
        let mut exact: Vec<(u64, u32)> = (0..docs.len())
            .into_par_iter()
            .map(|d| (key_hash(key(d)), d as u32))
            .collect();
        exact.par_sort_unstable();
        let (exact_hashes, exact_docs): (Vec<u64>, Vec<u32>) = exact.into_iter().unzip();
        // Gram table: count, then fill (two passes keep peak memory at the final size).
        let mut grams = GramMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut codes = Vec::new();
        for d in 0..docs.len() {
            gram_codes(key(d), &mut codes);
            for &c in &codes {
                let next = counts.len() as u32;
                let id = *grams.entry(c).or_insert(next);
                if id == next {
                    counts.push(0);
                }
                counts[id as usize] += 1;
            }
        }
        // Lists are laid out in code order, so a lookup finds a code by binary search in an
        // array that can be used straight from a mapped file.
        let mut sorted: Vec<(u64, u32)> = grams.iter().map(|(&c, &id)| (c, id)).collect();
        sorted.par_sort_unstable();
        let mut rank = vec![0u32; sorted.len()];
        for (r, &(_, id)) in sorted.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        for id in grams.values_mut() {
            *id = rank[*id as usize];
        }
        let mut post_offsets = Vec::with_capacity(sorted.len() + 1);
        let mut total = 0u32;
        post_offsets.push(0);
        for &(_, id) in &sorted {
            total += counts[id as usize];
            post_offsets.push(total);
        }
        let mut fill: Vec<u32> = post_offsets[..sorted.len()].to_vec();
        let mut postings = vec![0u32; total as usize];
        for d in 0..docs.len() {
            gram_codes(key(d), &mut codes);
            for c in &codes {
                let id = grams[c] as usize;
                postings[fill[id] as usize] = d as u32;
                fill[id] += 1;
            }
        }
        Index {
            lang,
            docs: Arr::Owned(docs),
            key_offsets: Arr::Owned(key_offsets),
            keys: Arr::Owned(keys),
            len_start: Arr::Owned(len_start),
            exact_hashes: Arr::Owned(exact_hashes),
            exact_docs: Arr::Owned(exact_docs),
            grams: Arr::Owned(sorted.into_iter().map(|(c, _)| c).collect()),
            post_offsets: Arr::Owned(post_offsets),
            postings: Arr::Owned(postings),
            added: Vec::new(),
            fingerprint: 0,
        }
    }

    fn key(&self, doc: usize) -> &[char] {
        &self.keys[self.key_offsets[doc] as usize..self.key_offsets[doc + 1] as usize]
    }

    /// Number of indexed TUs.
    pub fn len(&self) -> usize {
        self.docs.len() + self.added.len()
    }

    /// Whether no TU is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.added.is_empty()
    }

    /// Adds TU `tu` whose `lang` variant normalizes to `key` (see `normalize`), without
    /// rebuilding: it is kept beside the built layout and verified by every query, so
    /// [`Index::candidates`], [`Index::top_candidates`], [`Index::exact`] and [`Index::scan`]
    /// answer as an index built with it would. Meant for a few TUs (the segments a
    /// long-running process learns); [`Index::added`] says how many there are.
    pub fn insert(&mut self, tu: usize, key: Vec<char>) {
        self.added.push((tu as u32, key));
    }

    /// How many TUs were added with [`Index::insert`] since the build.
    pub fn added(&self) -> usize {
        self.added.len()
    }

    /// `tu` (with key `key`) as a candidate for `query` at `min`, when it reaches it.
    fn verify_added(query: &[&[char]], tu: u32, key: &[char], min: u8) -> Option<Candidate> {
        let tokens = key_tokens(key);
        let cutoff = max_cost(min, query.len().max(tokens.len()));
        word_cost(query, &tokens, cutoff).map(|cost| Candidate {
            tu: tu as usize,
            cost,
            len: tokens.len(),
        })
    }

    /// Approximate heap size in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.docs.len() * 4
            + self.key_offsets.len() * 4
            + self.keys.len() * 4
            + self.len_start.len() * 4
            + self.exact_hashes.len() * 12
            + self.grams.len() * 8
            + self.post_offsets.len() * 4
            + self.postings.len() * 4
            + self
                .added
                .iter()
                .map(|(_, k)| 4 + 24 + k.len() * 4)
                .sum::<usize>()
    }

    /// TUs whose key equals `key` (by hash, then compared), in TU order.
    pub fn exact(&self, key: &[char]) -> Vec<usize> {
        let h = key_hash(key);
        let start = self.exact_hashes.partition_point(|&e| e < h);
        let mut out: Vec<usize> = self.exact_hashes[start..]
            .iter()
            .zip(&self.exact_docs[start..])
            .take_while(|e| *e.0 == h)
            .filter(|e| self.key(*e.1 as usize) == key)
            .map(|e| self.docs[*e.1 as usize] as usize)
            .collect();
        out.extend(
            self.added
                .iter()
                .filter(|(_, k)| k.as_slice() == key)
                .map(|(tu, _)| *tu as usize),
        );
        out.sort_unstable();
        out
    }

    /// The admissible token counts for a query of `m` tokens at threshold `min` (module
    /// docs, step 1).
    fn length_range(&self, m: usize, min: u8) -> (usize, usize) {
        let max_len = self.len_start.len().saturating_sub(2);
        let lo = m - max_differing(min, m).min(m);
        let mut hi = m;
        while hi < max_len && hi + 1 - m <= max_differing(min, hi + 1) {
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

    /// The documents that pass the length and count filters (module docs), each with its
    /// upper bound on the word score, `⌊100·c/L⌋` (from `w ≥ 10·(L − c)`), or 101 when every
    /// stem is shared and the lengths agree (the match may be exact, or in context).
    /// Documents are in ascending order.
    fn filter(&self, query_key: &[char], min: u8) -> Vec<(u32, u8)> {
        self.filter_as(query_key, min, None)
    }

    /// [`Index::filter`], with the counting pass forced (`Some(false)`) or the prefix filter
    /// whenever it applies (`Some(true)`) instead of the cheaper one, for tests.
    fn filter_as(&self, query_key: &[char], min: u8, sparse: Option<bool>) -> Vec<(u32, u8)> {
        if self.docs.is_empty() {
            return Vec::new();
        }
        let m = token_count(query_key);
        let (lo, hi) = self.length_range(m, min);
        let (dlo, dhi) = self.doc_range(lo, hi);
        let mut out = Vec::new();
        if m == 0 || m >= usize::from(u16::MAX) {
            // Nothing to count: every document of the length range stays.
            for n in lo..=hi {
                let (a, b) = self.doc_range(n, n);
                let ub = if n == m { 101 } else { 99 };
                out.extend((a..b).map(|d| (d as u32, ub)));
            }
            return out;
        }
        let mut codes = Vec::new();
        gram_codes(query_key, &mut codes);
        // Each query stem occurrence's posting list, cut to the length range (empty when the
        // memory does not have it).
        let mut lists: Vec<&[u32]> = codes
            .iter()
            .map(|c| match self.grams.binary_search(c) {
                Ok(id) => {
                    let list = &self.postings
                        [self.post_offsets[id] as usize..self.post_offsets[id + 1] as usize];
                    let a = list.partition_point(|&d| (d as usize) < dlo);
                    let b = list.partition_point(|&d| (d as usize) < dhi);
                    &list[a..b]
                }
                Err(_) => &[][..],
            })
            .collect();
        lists.sort_by_key(|l| l.len());
        let need = |n: usize| {
            let l = m.max(n);
            l - max_differing(min, l).min(l)
        };
        if sparse != Some(false) {
            if let Some(out) = self.filter_sparse(&lists, m, (lo, hi), sparse.is_some(), need) {
                return out;
            }
        }
        let mut counts = vec![0u16; dhi - dlo];
        for list in &lists {
            for &d in *list {
                counts[d as usize - dlo] += 1;
            }
        }
        for n in lo..=hi {
            let (a, b) = self.doc_range(n, n);
            let l = m.max(n);
            let need = need(n);
            for doc in a..b {
                let common = usize::from(counts[doc - dlo]).min(m.min(n));
                if common >= need {
                    let ub = if common == l {
                        101
                    } else {
                        (100 * common / l) as u8
                    };
                    out.push((doc as u32, ub));
                }
            }
        }
        out
    }

    /// The same answer as the counting pass of [`Index::filter`], found from the rarest stems
    /// when that is cheaper (a prefix filter): with `need_min` the fewest common stems any
    /// admissible length needs, a document sharing none of the `m − need_min + 1` rarest
    /// query stems has at most `need_min − 1` hits and fails. So the documents of those
    /// (short) lists are the only candidates; each gets its exact hit count by binary search
    /// in the other (long) lists, and passes or fails exactly as in the counting pass.
    /// `lists` are sorted by length; `None` when counting everything is cheaper.
    fn filter_sparse(
        &self,
        lists: &[&[u32]],
        m: usize,
        (lo, hi): (usize, usize),
        always: bool,
        need: impl Fn(usize) -> usize,
    ) -> Option<Vec<(u32, u8)>> {
        let need_min = (lo..=hi).map(&need).min()?;
        if need_min == 0 || lists.len() != m {
            return None;
        }
        let (short, long) = lists.split_at(m - need_min + 1);
        let short_total: usize = short.iter().map(|l| l.len()).sum();
        let long_total: usize = long.iter().map(|l| l.len()).sum();
        let (dlo, dhi) = self.doc_range(lo, hi);
        let dense = short_total + long_total + (dhi - dlo);
        let sparse = short_total * (2 + 20 * long.len());
        if sparse >= dense && !always {
            return None;
        }
        let mut cands: Vec<u32> = short.iter().flat_map(|l| l.iter().copied()).collect();
        cands.sort_unstable();
        let mut out = Vec::new();
        let mut i = 0;
        while i < cands.len() {
            let doc = cands[i];
            let mut hits = 0;
            while i < cands.len() && cands[i] == doc {
                hits += 1;
                i += 1;
            }
            hits += long
                .iter()
                .filter(|l| l.binary_search(&doc).is_ok())
                .count();
            // The document's token count: the last `n` whose bucket starts at or before it.
            let n = self.len_start.partition_point(|&s| s <= doc) - 1;
            let l = m.max(n);
            let common = hits.min(m.min(n));
            if common >= need(n) {
                let ub = if common == l {
                    101
                } else {
                    (100 * common / l) as u8
                };
                out.push((doc, ub));
            }
        }
        Some(out)
    }

    fn verify(&self, query: &[&[char]], doc: usize, min: u8) -> Option<Candidate> {
        let key = self.key(doc);
        let tokens = key_tokens(key);
        let cutoff = max_cost(min, query.len().max(tokens.len()));
        word_cost(query, &tokens, cutoff).map(|cost| Candidate {
            tu: self.docs[doc] as usize,
            cost,
            len: tokens.len(),
        })
    }

    /// Every TU whose word score against `query_key` is at least `min`, with its cost, in TU
    /// order. Exact: equal to [`Index::scan`] (see the module docs for the proof).
    pub fn candidates(&self, query_key: &[char], min: u8) -> Vec<Candidate> {
        let query = key_tokens(query_key);
        let mut out: Vec<Candidate> = self
            .filter(query_key, min)
            .into_iter()
            .filter_map(|(doc, _)| self.verify(&query, doc as usize, min))
            .collect();
        out.extend(
            self.added
                .iter()
                .filter_map(|(tu, key)| Self::verify_added(&query, *tu, key, min)),
        );
        out.sort_unstable();
        out
    }

    /// The candidates a top-`k` lookup needs: every TU that could rank among the best `k`
    /// accepted ones. `penalty(tu)` says whether a TU is acceptable (it has the target
    /// language) and the points its file costs.
    ///
    /// Documents are verified in order of their score upper bound (from `Index::filter`);
    /// verification stops once the next bound is below the k-th best score found so far,
    /// counted low (the word score less the largest minor points, 5). A document not verified
    /// then scores at most its bound, strictly below k documents already found, so it cannot
    /// enter the top k whatever the tie-break: the result ranks exactly as the full candidate
    /// list would.
    pub fn top_candidates(
        &self,
        query_key: &[char],
        min: u8,
        k: usize,
        penalty: impl Fn(usize) -> Option<u8>,
    ) -> Vec<Candidate> {
        let query = key_tokens(query_key);
        let m = query.len();
        let mut ranked: Vec<(u8, u32, u8)> = self
            .filter(query_key, min)
            .into_iter()
            .filter_map(|(doc, best)| {
                let p = penalty(self.docs[doc as usize] as usize)?;
                let ub = best.saturating_sub(p);
                (ub >= min).then_some((ub, doc, p))
            })
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut best: std::collections::BinaryHeap<std::cmp::Reverse<u8>> = Default::default();
        let mut out = Vec::new();
        // TUs added since the build are all verified first; their scores then count towards
        // the k-th best, which only ever stops the loop below earlier for bounds that lose.
        for (tu, key) in &self.added {
            let Some(p) = penalty(*tu as usize) else {
                continue;
            };
            let Some(c) = Self::verify_added(&query, *tu, key, min) else {
                continue;
            };
            let low = c.word_score(m).saturating_sub(5).saturating_sub(p);
            if low >= min {
                best.push(std::cmp::Reverse(low));
                if best.len() > k {
                    best.pop();
                }
            }
            out.push(c);
        }
        for (ub, doc, p) in ranked {
            if best.len() >= k && best.peek().is_some_and(|r| ub < r.0) {
                break;
            }
            let Some(c) = self.verify(&query, doc as usize, min) else {
                continue;
            };
            let low = c.word_score(m).saturating_sub(5).saturating_sub(p);
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

    /// The exhaustive baseline: aligns `query_key` with every indexed key, without a cutoff,
    /// and keeps those whose word score is at least `min`, in TU order.
    pub fn scan(&self, query_key: &[char], min: u8) -> Vec<Candidate> {
        let query = key_tokens(query_key);
        let mut out = Vec::new();
        for doc in 0..self.docs.len() {
            let tokens = key_tokens(self.key(doc));
            let (cost, _) = super::score::align(&query, &tokens);
            if word_score(cost, query.len().max(tokens.len())) >= min {
                out.push(Candidate {
                    tu: self.docs[doc] as usize,
                    cost,
                    len: tokens.len(),
                });
            }
        }
        for (tu, key) in &self.added {
            let tokens = key_tokens(key);
            let (cost, _) = super::score::align(&query, &tokens);
            if word_score(cost, query.len().max(tokens.len())) >= min {
                out.push(Candidate {
                    tu: *tu as usize,
                    cost,
                    len: tokens.len(),
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
            texts in proptest::collection::vec("(abcd|abce|ab|ğı|ba|c| ){0,10}", 1..40),
            query in "(abcd|abce|ab|ğı|ba|c| ){0,10}",
            pick in 0usize..40,
            min in 50u8..=100,
        ) {
            let m = memory(&texts);
            let idx = Index::build(&m, Lang::En);
            // Half the time query with a stored text, so matches exist.
            let q = if pick < texts.len() { texts[pick].clone() } else { query };
            let key = normalize(&q, Lang::En).key;
            prop_assert_eq!(idx.candidates(&key, min), idx.scan(&key, min));
            // The prefix filter, where it applies, passes exactly what counting every stem does.
            prop_assert_eq!(idx.filter_as(&key, min, Some(true)), idx.filter_as(&key, min, Some(false)));
        }

        #[test]
        fn inserted_tus_answer_as_a_rebuilt_index(
            texts in proptest::collection::vec("(abcd|abce|ab|ğı|ba|c| ){0,10}", 1..40),
            split in 0usize..40,
            query in "(abcd|abce|ab|ğı|ba|c| ){0,10}",
            pick in 0usize..40,
            min in 50u8..=100,
            k in 1usize..6,
        ) {
            let m = memory(&texts);
            let split = split.min(texts.len());
            let mut grown = Index::build(&memory(&texts[..split]), Lang::En);
            for (i, t) in texts.iter().enumerate().skip(split) {
                grown.insert(i, normalize(t, Lang::En).key);
            }
            let full = Index::build(&m, Lang::En);
            let q = if pick < texts.len() { texts[pick].clone() } else { query };
            let key = normalize(&q, Lang::En).key;
            prop_assert_eq!(grown.len(), full.len());
            prop_assert_eq!(grown.exact(&key), full.exact(&key));
            prop_assert_eq!(grown.candidates(&key, min), full.candidates(&key, min));
            prop_assert_eq!(grown.scan(&key, min), full.scan(&key, min));
            // Top-k may verify different documents, but never misses one of the best k.
            let best = |c: Vec<Candidate>| {
                let mut s: Vec<u8> = c.iter().map(|c| c.word_score(key_tokens(&key).len())).collect();
                s.sort_unstable_by(|a, b| b.cmp(a));
                s.truncate(k);
                s
            };
            prop_assert_eq!(
                best(grown.top_candidates(&key, min, k, |_| Some(0))),
                best(full.candidates(&key, min))
            );
        }
    }
}
