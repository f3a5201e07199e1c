//! Lookup: a query segment → the top-k [`Match`]es of the memory, each with its score, kind,
//! number-adapted target, origin and explanation.
//!
//! Candidates come from the [`Index`](super::Index) (exact by hash first, then the q-gram
//! filter); [`Memory::lookup_scan`] gets them by comparing with every TU instead and must return
//! the same matches.
//!
//! # Ranking
//! Matches sort by, in order:
//! 1. score, where a `context` match counts as 101 (both after the file penalty);
//! 2. kind: `context` before `exact` before `fuzzy`;
//! 3. newer first: the newest `changedate`/`creationdate` of the TU or its variants (TUs
//!    without dates come last);
//! 4. origin file priority: lower file penalty first, then the project file, then files in
//!    path order;
//! 5. position in the memory (file order, then document order), so the order is total and
//!    never depends on hashing or threads.

use std::cmp::Reverse;
use std::path::PathBuf;

use serde::Serialize;

use super::normalize::{normalize, Normalized};
use super::numbers::{adapt, Adaptation};
use super::score::{score_with_distance, word_edits, MinorDiff, WordEdit};
use super::{Dates, Memory};
use crate::model::Lang;

/// What to look up.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    /// The segment text (with placeholders).
    pub text: &'a str,
    /// Its language.
    pub from: Lang,
    /// The language wanted.
    pub to: Lang,
    /// How many matches at most (top-k).
    pub k: usize,
    /// Lowest score to return (default 70).
    pub min: u8,
    /// The previous source segment, for `context` matches.
    pub prev: Option<&'a str>,
    /// The next source segment, for `context` matches.
    pub next: Option<&'a str>,
}

impl<'a> Query<'a> {
    /// A query with k = 5, min = 70 and no context.
    pub fn new(text: &'a str, from: Lang, to: Lang) -> Query<'a> {
        Query {
            text,
            from,
            to,
            k: 5,
            min: crate::config::DEFAULT_MIN_SCORE,
            prev: None,
            next: None,
        }
    }
}

/// How a TM source relates to the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// Similar text.
    Fuzzy,
    /// Equal text (score 100 before penalties).
    Exact,
    /// Equal text and the same previous and next segment (shown as 101).
    Context,
}

/// Where a match came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The TMX file, relative to the memory folder.
    pub file: PathBuf,
    /// The TU's `tuid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tu_id: Option<String>,
    /// The line of its `<tu>` (0 when added in memory).
    pub line: usize,
    /// Dates and authors of the TU.
    pub dates: Dates,
}

/// A score penalty applied to a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Penalty {
    /// Why (`case`, `punctuation`, `number`, `markup`, `file memory/reference`).
    pub reason: String,
    /// Points subtracted.
    pub points: u8,
}

/// One match of a lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// 0-100, or 101 for a context match (after penalties).
    pub score: u8,
    /// Context, exact or fuzzy.
    pub kind: MatchKind,
    /// The TM source text.
    pub source: String,
    /// The TM target text with numbers adapted to the query.
    pub target: String,
    /// The TM target as stored, when numbers were adapted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_target: Option<String>,
    /// Numbers replaced in the target.
    pub adapted: Vec<Adaptation>,
    /// Whether every differing number could be adapted.
    pub numbers_complete: bool,
    /// Word-level differences from TM source to query.
    pub edits: Vec<WordEdit>,
    /// Every penalty applied.
    pub penalties: Vec<Penalty>,
    /// Key edit distance (characters).
    pub distance: usize,
    /// Where it came from.
    pub origin: Origin,
    /// Index into [`Memory::tus`].
    #[serde(skip)]
    pub tu: usize,
}

/// A scored candidate before the expensive parts of a [`Match`] are filled in.
struct Ranked {
    score: u8,
    kind: MatchKind,
    distance: usize,
    minor: Option<MinorDiff>,
    tu: usize,
}

fn same_context(query: Option<&str>, stored: Option<&str>, lang: Lang) -> bool {
    match (query, stored) {
        (Some(q), Some(s)) => normalize(q, lang).key == normalize(s, lang).key,
        (None, None) => false,
        _ => false,
    }
}

impl Memory {
    /// The top-k matches for `query`, ranked as the module docs say.
    pub fn lookup(&self, query: &Query) -> Vec<Match> {
        let nq = normalize(query.text, query.from);
        let index = self.index_of(query.from);
        // Fast path: if k equal-key TUs already score 100 or more, nothing fuzzy (≤ 99) can
        // outrank them, so the q-gram search is skipped.
        let exact: Vec<(usize, usize, usize)> = index
            .exact(&nq.key)
            .into_iter()
            .filter(|&tu| self.tus[tu].variants.contains_key(&query.to))
            .map(|tu| (tu, 0, nq.key.len()))
            .collect();
        let ranked = self.rank(query, &nq, exact);
        if query.k > 0 && ranked.iter().filter(|r| r.score >= 100).count() >= query.k {
            return self.finish(query, &nq, ranked);
        }
        let candidates = index
            .top_candidates(&nq.key, query.min, query.k, |tu| {
                let tu = &self.tus[tu];
                tu.variants
                    .contains_key(&query.to)
                    .then(|| self.files[tu.file].penalty)
            })
            .into_iter()
            .map(|c| (c.tu, c.distance, c.len))
            .collect();
        let ranked = self.rank(query, &nq, candidates);
        self.finish(query, &nq, ranked)
    }

    /// Same result as [`Memory::lookup`], found by comparing the query with every TU (strsim's
    /// normalized Levenshtein): the baseline the index is tested and benchmarked against.
    pub fn lookup_scan(&self, query: &Query) -> Vec<Match> {
        let nq = normalize(query.text, query.from);
        let candidates = self
            .index_of(query.from)
            .scan(&nq.key, query.min)
            .into_iter()
            .filter(|c| self.tus[c.tu].variants.contains_key(&query.to))
            .map(|c| (c.tu, c.distance, c.len))
            .collect();
        let ranked = self.rank(query, &nq, candidates);
        self.finish(query, &nq, ranked)
    }

    fn rank(
        &self,
        query: &Query,
        nq: &Normalized,
        candidates: Vec<(usize, usize, usize)>,
    ) -> Vec<Ranked> {
        let mut ranked: Vec<Ranked> = candidates
            .into_iter()
            .filter_map(|(tu_index, distance, len)| {
                let tu = &self.tus[tu_index];
                let variant = &tu.variants[&query.from];
                let penalty = self.files[tu.file].penalty;
                let (base, minor) = if distance == 0 {
                    let ns = normalize(&variant.text, query.from);
                    let s = score_with_distance(nq, &ns, 0);
                    (s.value, s.minor)
                } else {
                    let l = nq.key.len().max(len);
                    (super::score::key_score(distance, l).min(99), None)
                };
                let mut kind = if base == 100 {
                    MatchKind::Exact
                } else {
                    MatchKind::Fuzzy
                };
                let mut shown = base;
                if kind == MatchKind::Exact
                    && same_context(
                        query.prev,
                        variant.info().context_prev.as_deref(),
                        query.from,
                    )
                    && same_context(
                        query.next,
                        variant.info().context_next.as_deref(),
                        query.from,
                    )
                {
                    kind = MatchKind::Context;
                    shown = 101;
                }
                let score = shown.saturating_sub(penalty);
                (score >= query.min).then_some(Ranked {
                    score,
                    kind,
                    distance,
                    minor,
                    tu: tu_index,
                })
            })
            .collect();
        ranked.sort_by(|a, b| {
            let ta = &self.tus[a.tu];
            let tb = &self.tus[b.tu];
            let fa = &self.files[ta.file];
            let fb = &self.files[tb.file];
            (Reverse(a.score), Reverse(a.kind), Reverse(ta.newest()))
                .cmp(&(Reverse(b.score), Reverse(b.kind), Reverse(tb.newest())))
                .then(fa.penalty.cmp(&fb.penalty))
                .then(ta.file.cmp(&tb.file))
                .then(a.tu.cmp(&b.tu))
        });
        ranked.truncate(query.k);
        ranked
    }

    fn finish(&self, query: &Query, nq: &Normalized, ranked: Vec<Ranked>) -> Vec<Match> {
        ranked
            .into_iter()
            .take(query.k)
            .map(|r| {
                let tu = &self.tus[r.tu];
                let src = &tu.variants[&query.from];
                let tgt = &tu.variants[&query.to];
                let ns = normalize(&src.text, query.from);
                let (target, adapted, numbers_complete) =
                    adapt(nq, &ns, &tgt.text, query.from, query.to);
                let mut penalties = Vec::new();
                if let Some(m) = &r.minor {
                    for (reason, on) in [
                        ("case", m.case),
                        ("punctuation", m.punctuation),
                        ("markup", m.markup),
                    ] {
                        if on {
                            penalties.push(Penalty {
                                reason: reason.to_string(),
                                points: 1,
                            });
                        }
                    }
                    for (s, q) in m.numbers.iter().take(3) {
                        penalties.push(Penalty {
                            reason: format!("number `{s}` → `{q}`"),
                            points: 1,
                        });
                    }
                }
                let file = &self.files[tu.file];
                if file.penalty > 0 {
                    penalties.push(Penalty {
                        reason: format!("file `{}`", file.path.display()),
                        points: file.penalty,
                    });
                }
                Match {
                    score: r.score,
                    kind: r.kind,
                    source: src.text.clone(),
                    original_target: (!adapted.is_empty()).then(|| tgt.text.clone()),
                    target,
                    adapted,
                    numbers_complete,
                    edits: word_edits(nq, &ns),
                    penalties,
                    distance: r.distance,
                    origin: Origin {
                        file: file.path.clone(),
                        tu_id: tu.info().id.clone(),
                        line: tu.line,
                        dates: tu.info().dates.clone(),
                    },
                    tu: r.tu,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{TmFile, Tu, Variant};
    use proptest::prelude::*;

    fn tu(en: &str, tr: &str, changed: &str) -> Tu {
        let mut t = Tu {
            variants: [
                (Lang::En, Variant::new(Lang::En, en)),
                (Lang::Tr, Variant::new(Lang::Tr, tr)),
            ]
            .into(),
            ..Tu::default()
        };
        t.info_mut().dates.changed = Some(changed.to_string());
        t
    }

    #[test]
    fn ranks_exact_then_newer_and_adapts_numbers() {
        let mut m = Memory::new();
        m.add(tu(
            "The 8th summit opened.",
            "8. zirve açıldı.",
            "20200101T000000Z",
        ));
        m.add(tu(
            "The 9th summit opened.",
            "9. zirve açıldı.",
            "20210101T000000Z",
        ));
        m.add(tu(
            "The summit opened.",
            "Zirve açıldı.",
            "20220101T000000Z",
        ));
        let r = m.lookup(&Query::new("The 10th summit opened.", Lang::En, Lang::Tr));
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].target, "10. zirve açıldı.");
        assert_eq!(r[0].tu, 1, "newer of two equal scores first");
        assert_eq!(r[0].score, 99);
        assert_eq!(r[0].adapted[0].target_after, "10");
        assert_eq!(
            r,
            m.lookup_scan(&Query::new("The 10th summit opened.", Lang::En, Lang::Tr))
        );
    }

    #[test]
    fn context_match_shows_101() {
        let mut m = Memory::new();
        let mut t = tu("Yes.", "Evet.", "20200101T000000Z");
        let v = t.variants.get_mut(&Lang::En).unwrap();
        v.info_mut().context_prev = Some("Is it?".into());
        v.info_mut().context_next = Some("It is.".into());
        m.add(t);
        m.add(tu("Yes.", "Evet!", "20240101T000000Z"));
        let mut q = Query::new("Yes.", Lang::En, Lang::Tr);
        q.prev = Some("Is it?");
        q.next = Some("It is.");
        let r = m.lookup(&q);
        assert_eq!((r[0].score, r[0].kind), (101, MatchKind::Context));
        assert_eq!((r[1].score, r[1].kind), (100, MatchKind::Exact));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The pruned top-k search ranks exactly as the exhaustive scan, with penalties,
        /// TUs lacking the target language, dates and ties in play.
        #[test]
        fn top_k_agrees_with_scan(
            rows in proptest::collection::vec(("[abc ]{0,12}", any::<bool>(), 0u8..3, 0u8..2), 1..40),
            query in "[abc ]{0,12}",
            pick in 0usize..40,
            min in 50u8..=100,
            k in 1usize..6,
        ) {
            let mut m = Memory::new();
            m.files.push(TmFile { path: "reference/r.tmx".into(), penalty: 5, skipped_variants: 0 });
            for (i, (en, has_tr, date, file)) in rows.iter().enumerate() {
                let mut t = Tu::default();
                t.variants.insert(Lang::En, Variant::new(Lang::En, en.clone()));
                if *has_tr {
                    t.variants.insert(Lang::Tr, Variant::new(Lang::Tr, format!("tr {i}")));
                }
                if *date > 0 {
                    t.info_mut().dates.changed = Some(format!("2020010{date}T000000Z"));
                }
                t.file = usize::from(*file);
                m.tus.push(t);
            }
            let text = if pick < rows.len() { rows[pick].0.clone() } else { query };
            let mut q = Query::new(&text, Lang::En, Lang::Tr);
            q.min = min;
            q.k = k;
            prop_assert_eq!(m.lookup(&q), m.lookup_scan(&q));
        }
    }
}
