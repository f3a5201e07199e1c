//! Lookup: a query segment → the top-k [`Match`]es of the memory, each with its score, kind,
//! number-adapted target, origin and explanation.
//!
//! Candidates come from the [`Index`](super::Index) (exact by hash first, then the q-gram
//! filter); [`Memory::lookup_scan`] gets them by comparing with every TU instead and must return
//! the same matches.
//!
//! # Ranking
//! Matches sort by, in order:
//! 1. score (see `score`), where a `context` match counts as 101 (both after the file
//!    penalty);
//! 2. kind: `context` before `exact` before `fuzzy`;
//! 3. character edit distance between the keys, smaller first;
//! 4. context: TUs whose stored previous and next segments equal the query's (0-2 of them)
//!    first;
//! 5. newer first: the newest `changedate`/`creationdate` of the TU or its variants (TUs
//!    without dates come last);
//! 6. origin file priority: lower file penalty first, then the project file, then files in
//!    path order;
//! 7. position in the memory (file order, then document order), so the order is total and
//!    never depends on hashing or threads.
//!
//! # Warnings
//! A match whose differing words change the meaning (a negation, a number that could not be
//! adapted, a proper name) carries [`Warning`]s (see `guard`); `prefill` never marks such a
//! match `translated` and `check` reports it.

use std::cmp::Reverse;
use std::path::PathBuf;

use serde::Serialize;

use super::normalize::{normalize, Normalized};
use super::numbers::{adapt, Adaptation};
use super::score::{score, word_edits, Score, WordEdit};

mod guard;
use super::{Dates, Memory};
use crate::model::Lang;
pub use guard::{
    case_stem, case_words_asked, folded_case_stem, CaseCounts, CaseLexicon, EntryFilter, Warning,
    WarningKind,
};

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
    /// The TMX file, relative to the memory folder; for a draft entry (`draft`), the draft,
    /// relative to the project.
    pub file: PathBuf,
    /// The TU's `tuid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tu_id: Option<String>,
    /// The line of its `<tu>` (0 when added in memory).
    pub line: usize,
    /// Dates and authors of the TU.
    pub dates: Dates,
    /// Whether it is a finished entry of one of the project's drafts (`tu_id` is then the
    /// segment id, `line` the entry's line in the draft) rather than a TU of a TMX file: the
    /// drafts count as memory before `learn` puts them into `memory/project.tmx`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

impl Origin {
    /// Its file relative to the project: `memory/<file>`, or the draft.
    pub fn path(&self) -> PathBuf {
        if self.draft {
            self.file.clone()
        } else {
            PathBuf::from("memory").join(&self.file)
        }
    }
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The word score before minor points (see `score`).
    pub words: u8,
    /// Alignment cost in word-edits.
    pub cost: f64,
    /// Key edit distance (characters), the first tie-break.
    pub distance: usize,
    /// Differences that may change the meaning: a match with warnings is never taken as a
    /// translation without review.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Where it came from (the best-ranked of equal TUs).
    pub origin: Origin,
    /// Other TUs with the same source and target text (in another file, or repeated), ranked
    /// below `origin`: one match, every place listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Origin>,
    /// Index into [`Memory::tus`].
    #[serde(skip)]
    pub tu: usize,
}

impl Eq for Match {}

impl Match {
    /// Whether the match may change the meaning (it has warnings).
    pub fn is_guarded(&self) -> bool {
        !self.warnings.is_empty()
    }
}

/// A scored candidate before the expensive parts of a [`Match`] are filled in.
struct Ranked {
    score: u8,
    kind: MatchKind,
    context: u8,
    detail: Score,
    source: Normalized,
    tu: usize,
    /// TUs equal to `tu` in source and target, ranked below it.
    also: Vec<usize>,
}

fn same_context(query: Option<&[char]>, stored: Option<&str>, lang: Lang) -> bool {
    match (query, stored) {
        (Some(q), Some(s)) => q == normalize(s, lang).key.as_slice(),
        _ => false,
    }
}

impl Memory {
    /// The top-k matches for `query`, ranked as the module docs say.
    pub fn lookup(&self, query: &Query) -> Vec<Match> {
        let nq = normalize(query.text, query.from);
        let index = self.index_of(query.from);
        // Fast path: if k equal-key TUs already score 100 or more, nothing fuzzy (≤ 99) can
        // outrank them, so the stem search is skipped.
        let exact: Vec<usize> = index
            .exact(&nq.key)
            .into_iter()
            .filter(|&tu| self.tus.has_lang(tu, query.to))
            .collect();
        let ranked = self.rank(query, &nq, exact);
        if query.k > 0 && ranked.iter().filter(|r| r.score >= 100).count() >= query.k {
            return self.finish(query, &nq, ranked);
        }
        let candidates = index
            .top_candidates(&nq.key, query.min, query.k, |tu| {
                // Read from the cache's masks: most candidates are never decoded.
                self.tus
                    .has_lang(tu, query.to)
                    .then(|| self.files[self.tus.file_of(tu)].penalty)
            })
            .into_iter()
            .map(|c| c.tu)
            .collect();
        let ranked = self.rank(query, &nq, candidates);
        self.finish(query, &nq, ranked)
    }

    /// The TUs a lookup of `text` (in `from`, for `to`) at score `min` may return, whatever its
    /// `k`, context and file penalties: those with a `to` variant whose word score reaches
    /// `min` (a match scores at most its word score). In TU order.
    pub fn possible_matches(&self, text: &str, from: Lang, to: Lang, min: u8) -> Vec<usize> {
        let nq = normalize(text, from);
        let index = self.index_of(from);
        let mut out: Vec<usize> = index
            .exact(&nq.key)
            .into_iter()
            .chain(
                index
                    .top_candidates(&nq.key, min, usize::MAX, |_| Some(0))
                    .into_iter()
                    .map(|c| c.tu),
            )
            .filter(|&tu| self.tus.has_lang(tu, to))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Same result as [`Memory::lookup`], found by aligning the query with every TU: the
    /// baseline the index is tested and benchmarked against.
    pub fn lookup_scan(&self, query: &Query) -> Vec<Match> {
        let nq = normalize(query.text, query.from);
        let candidates = self
            .index_of(query.from)
            .scan(&nq.key, query.min)
            .into_iter()
            .filter(|c| self.tus[c.tu].variants.contains_key(&query.to))
            .map(|c| c.tu)
            .collect();
        let ranked = self.rank(query, &nq, candidates);
        self.finish(query, &nq, ranked)
    }

    fn rank(&self, query: &Query, nq: &Normalized, candidates: Vec<usize>) -> Vec<Ranked> {
        let prev = query.prev.map(|p| normalize(p, query.from).key);
        let next = query.next.map(|p| normalize(p, query.from).key);
        let mut ranked: Vec<Ranked> = candidates
            .into_iter()
            .filter_map(|tu_index| {
                let tu = &self.tus[tu_index];
                let variant = &tu.variants[&query.from];
                let penalty = self.files[tu.file].penalty;
                let ns = normalize(&variant.text, query.from);
                let detail = score(nq, &ns);
                let info = variant.info();
                let context = u8::from(same_context(
                    prev.as_deref(),
                    info.context_prev.as_deref(),
                    query.from,
                )) + u8::from(same_context(
                    next.as_deref(),
                    info.context_next.as_deref(),
                    query.from,
                ));
                let (kind, shown) = match (detail.value, context) {
                    (100, 2) => (MatchKind::Context, 101),
                    (100, _) => (MatchKind::Exact, 100),
                    (v, _) => (MatchKind::Fuzzy, v),
                };
                let score = shown.saturating_sub(penalty);
                (score >= query.min).then_some(Ranked {
                    score,
                    kind,
                    context,
                    detail,
                    source: ns,
                    tu: tu_index,
                    also: Vec::new(),
                })
            })
            .collect();
        ranked.sort_by(|a, b| {
            let ta = &self.tus[a.tu];
            let tb = &self.tus[b.tu];
            let fa = &self.files[ta.file];
            let fb = &self.files[tb.file];
            (Reverse(a.score), Reverse(a.kind), a.detail.distance)
                .cmp(&(Reverse(b.score), Reverse(b.kind), b.detail.distance))
                .then(b.context.cmp(&a.context))
                .then(Reverse(ta.newest()).cmp(&Reverse(tb.newest())))
                .then(fa.penalty.cmp(&fb.penalty))
                .then(ta.file.cmp(&tb.file))
                .then(a.tu.cmp(&b.tu))
        });
        // The same TU seen in two files (or twice in one) is one match: the best one, with
        // the others listed.
        let mut first: std::collections::HashMap<(&str, &str), usize> =
            std::collections::HashMap::new();
        let mut unique: Vec<Ranked> = Vec::with_capacity(ranked.len());
        for r in ranked {
            let tu = &self.tus[r.tu];
            let key = (
                tu.text(query.from).unwrap_or(""),
                tu.text(query.to).unwrap_or(""),
            );
            match first.get(&key) {
                Some(&i) => unique[i].also.push(r.tu),
                None => {
                    if unique.len() == query.k {
                        continue;
                    }
                    first.insert(key, unique.len());
                    unique.push(r);
                }
            }
        }
        unique
    }

    /// Where TU `i` came from, with its dates and authors (see [`super::Tu::provenance`]).
    fn origin(&self, i: usize, to: Lang) -> Origin {
        let tu = &self.tus[i];
        Origin {
            file: self.files[tu.file].path.clone(),
            tu_id: tu.info().id.clone(),
            line: tu.line,
            dates: tu.provenance(to),
            draft: false,
        }
    }

    fn finish(&self, query: &Query, nq: &Normalized, ranked: Vec<Ranked>) -> Vec<Match> {
        ranked
            .into_iter()
            .take(query.k)
            .map(|r| {
                let tu = &self.tus[r.tu];
                let src = &tu.variants[&query.from];
                let tgt = &tu.variants[&query.to];
                let ns = &r.source;
                // Literal `{0}`-style text follows its text, not its number.
                let tgt_text = super::literal::map_target(src, tgt, query.text);
                let (target, adapted, numbers_complete) =
                    adapt(nq, ns, &tgt_text, query.from, query.to);
                let mut penalties = Vec::new();
                let m = &r.detail.minor;
                for (reason, on) in [
                    ("case", m.case),
                    ("punctuation", m.punctuation),
                    ("spacing", m.spacing),
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
                let file = &self.files[tu.file];
                if file.penalty > 0 {
                    penalties.push(Penalty {
                        reason: format!("file `{}`", file.path.display()),
                        points: file.penalty,
                    });
                }
                let warnings = guard::warnings(
                    nq,
                    ns,
                    &r.detail.steps,
                    &adapted,
                    numbers_complete,
                    query.from,
                    &|| self.case_lexicon(query.from),
                );
                Match {
                    score: r.score,
                    kind: r.kind,
                    source: src.text.clone(),
                    original_target: (!adapted.is_empty()).then(|| tgt_text.to_string()),
                    target,
                    adapted,
                    numbers_complete,
                    edits: word_edits(nq, ns, &r.detail.steps),
                    penalties,
                    words: r.detail.words,
                    cost: f64::from(r.detail.cost) / 10.0,
                    distance: r.detail.distance,
                    warnings,
                    origin: self.origin(r.tu, query.to),
                    also: r.also.iter().map(|&i| self.origin(i, query.to)).collect(),
                    tu: r.tu,
                }
            })
            .collect()
    }
}

/// Opening and closing quote and bracket pairs a fragment keeps balanced.
const PAIRS: [(char, char); 8] = [
    ('“', '”'),
    ('«', '»'),
    ('„', '“'),
    ('‘', '’'),
    ('(', ')'),
    ('[', ']'),
    ('"', '"'),
    ('\'', '\''),
];

/// The byte range of a concordance fragment of `text`, grown from the whole-word range `range`
/// so that its quotes and brackets are balanced: pairs right outside the range that enclose it
/// join it; a quote or bracket inside the range whose partner is outside is dropped when it is
/// the fragment's first (or last) character, else the fragment grows to its partner; one with
/// no partner in the text is left as the text has it. `Middle Corridor` in
/// `the “Middle Corridor” route` gives `“Middle Corridor”`; `Middle (Corridor` in
/// `Middle (Corridor route)` gives `Middle (Corridor route)`. An apostrophe between letters
/// (`Koridor'a`, `don't`) is not a quote.
pub fn balanced_fragment(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let (mut a, mut b) = (range.start.min(text.len()), range.end.min(text.len()));
    let before = |a: usize| text[..a].chars().next_back();
    let after = |b: usize| text[b..].chars().next();
    // Grow over pairs that enclose the fragment.
    while let (Some(l), Some(r)) = (before(a), after(b)) {
        if !PAIRS.iter().any(|&(o, c)| o == l && c == r) {
            break;
        }
        a -= l.len_utf8();
        b += r.len_utf8();
    }
    for _ in 0..16 {
        let mut changed = false;
        for &(o, c) in &PAIRS {
            for (pos, partner) in pairing(text, o, c) {
                let Some(p) = partner else { continue };
                if !(a..b).contains(&pos) || (a..b).contains(&p) {
                    continue;
                }
                let ch = if p > pos { o } else { c };
                let edge = if p > pos {
                    pos == a
                } else {
                    pos + ch.len_utf8() == b
                };
                if edge {
                    // The fragment's first (or last) character: drop it, and the space after.
                    if p > pos {
                        a += ch.len_utf8();
                        a += text[a..b].len() - text[a..b].trim_start().len();
                    } else {
                        b -= ch.len_utf8();
                        b -= text[a..b].len() - text[a..b].trim_end().len();
                    }
                } else if p > pos {
                    b = p + c.len_utf8();
                } else {
                    a = p;
                }
                changed = true;
                break;
            }
        }
        if !changed {
            break;
        }
    }
    a..b
}

/// Every opening or closing character of the pair `(o, c)` in `text`, by byte position, with
/// the position of its partner (`None` when it has none). Symmetric quotes pair in order; an
/// apostrophe between letters is no quote.
fn pairing(text: &str, o: char, c: char) -> Vec<(usize, Option<usize>)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let word = |k: usize| {
        k > 0
            && chars[k - 1].1.is_alphanumeric()
            && chars.get(k + 1).is_some_and(|x| x.1.is_alphanumeric())
    };
    let mut out: Vec<(usize, Option<usize>)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (k, &(i, ch)) in chars.iter().enumerate() {
        if ch != o && ch != c || (o == c && word(k)) {
            continue;
        }
        let closes = if o == c { !open.is_empty() } else { ch == c };
        if closes {
            match open.pop() {
                Some(j) => {
                    out[j].1 = Some(i);
                    let opener = out[j].0;
                    out.push((i, Some(opener)));
                }
                None => out.push((i, None)),
            }
        } else if ch == o {
            open.push(out.len());
            out.push((i, None));
        }
    }
    out
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
        let mut q = Query::new("The 10th summit opened.", Lang::En, Lang::Tr);
        q.min = 50;
        let r = m.lookup(&q);
        assert_eq!(r.len(), 3);
        // `10th` is two tokens missing from the third: ⌊100 · 30 / 50⌋.
        assert_eq!(r[2].score, 60);
        assert_eq!(r[0].target, "10. zirve açıldı.");
        assert_eq!(r[0].tu, 1, "newer of two equal scores first");
        assert_eq!(r[0].score, 99);
        assert_eq!(r[0].adapted[0].target_after, "10");
        assert_eq!(r, m.lookup_scan(&q));
    }

    fn tu3(en: &str, tr: &str, ru: &str) -> Tu {
        Tu {
            variants: [
                (Lang::En, Variant::new(Lang::En, en)),
                (Lang::Tr, Variant::new(Lang::Tr, tr)),
                (Lang::Ru, Variant::new(Lang::Ru, ru)),
            ]
            .into(),
            ..Tu::default()
        }
    }

    fn warned(m: &Memory, text: &str, from: Lang, to: Lang) -> Vec<(String, String, String)> {
        let r = m.lookup(&Query::new(text, from, to));
        assert!(!r.is_empty(), "no match for {text:?}");
        r[0].warnings
            .iter()
            .map(|w| {
                (
                    w.kind.as_str().to_string(),
                    w.query.clone(),
                    w.memory.clone(),
                )
            })
            .collect()
    }

    fn w(kind: &str, q: &str, m: &str) -> (String, String, String) {
        (kind.into(), q.into(), m.into())
    }

    #[test]
    fn guard_flags_negation_in_all_three_languages() {
        let mut m = Memory::new();
        m.add(tu3(
            "The ministry did not approve the new plan.",
            "Bakan toplantıya katıldı.",
            "Министерство одобрило новый план.",
        ));
        m.add(tu3(
            "The minister attended the long meeting today.",
            "Bakanlık yeni planı onaylamadı.",
            "Министр не присутствовал на встрече.",
        ));
        // English: `not` is in the memory's source, not in the query.
        assert_eq!(
            warned(
                &m,
                "The ministry did approve the new plan.",
                Lang::En,
                Lang::Tr
            ),
            [w("negation", "", "not")]
        );
        // English: a contraction added.
        assert_eq!(
            warned(
                &m,
                "The minister attended the long meeting today.",
                Lang::En,
                Lang::Tr
            ),
            []
        );
        assert_eq!(
            warned(
                &m,
                "The minister hasn't attended the long meeting today.",
                Lang::En,
                Lang::Tr
            ),
            [w("negation", "hasn't", "")]
        );
        // Turkish: the negative verb suffix.
        assert_eq!(
            warned(&m, "Bakan toplantıya katılmadı.", Lang::Tr, Lang::En),
            [w("negation", "katılmadı", "katıldı")]
        );
        assert_eq!(
            warned(&m, "Bakanlık yeni planı onayladı.", Lang::Tr, Lang::En),
            [w("negation", "onayladı", "onaylamadı")]
        );
        // Turkish: an inflection that is not a negation stays quiet.
        assert_eq!(
            warned(&m, "Bakan toplantılara katıldı.", Lang::Tr, Lang::En),
            []
        );
        // Russian: не added and removed.
        assert_eq!(
            warned(
                &m,
                "Министерство не одобрило новый план.",
                Lang::Ru,
                Lang::En
            ),
            [w("negation", "не", "")]
        );
        assert_eq!(
            warned(&m, "Министр присутствовал на встрече.", Lang::Ru, Lang::En),
            [w("negation", "", "не")]
        );
    }

    #[test]
    fn guard_flags_names_and_numbers_not_adapted() {
        let mut m = Memory::new();
        m.add(tu3(
            "President Tokayev visited Tokyo on Monday.",
            "Cumhurbaşkanı Tokayev pazartesi günü Tokyo'yu ziyaret etti.",
            "Президент Токаев посетил Токио в понедельник.",
        ));
        m.add(tu3(
            "The leaders signed 15 documents at the summit.",
            "Liderler zirvede on beş belge imzaladı.",
            "Лидеры подписали на саммите 15 документов.",
        ));
        assert_eq!(
            warned(
                &m,
                "President Tokayev visited Ankara on Monday.",
                Lang::En,
                Lang::Tr
            ),
            [w("name", "Ankara", "Tokyo")]
        );
        // The Turkish target spells the number out: it cannot be adapted, so it is flagged.
        assert_eq!(
            warned(
                &m,
                "The leaders signed 16 documents at the summit.",
                Lang::En,
                Lang::Tr
            ),
            [w("number", "16", "15")]
        );
        // The Russian target has the digits: adapted, no warning.
        let r = m.lookup(&Query::new(
            "The leaders signed 16 documents at the summit.",
            Lang::En,
            Lang::Ru,
        ));
        assert_eq!(r[0].target, "Лидеры подписали на саммите 16 документов.");
        assert!(r[0].warnings.is_empty());
        // A sentence-initial capital is not a name.
        assert_eq!(
            warned(
                &m,
                "Yesterday the leaders signed 15 documents at the summit.",
                Lang::En,
                Lang::Ru
            ),
            []
        );
    }

    /// A numeric date with slashes is one number to the score, the adaptation and the guard.
    #[test]
    fn a_slash_date_is_adapted_as_one_number_without_a_warning() {
        let mut m = Memory::new();
        m.add(tu(
            "The meeting was held on 12/16/2021.",
            "Toplantı 16.12.2021 tarihinde yapıldı.",
            "20200101T000000Z",
        ));
        let r = m.lookup(&Query::new(
            "The meeting was held on 12/17/2022.",
            Lang::En,
            Lang::Tr,
        ));
        assert_eq!(r[0].target, "Toplantı 17.12.2022 tarihinde yapıldı.");
        assert!(r[0].warnings.is_empty(), "{:?}", r[0].warnings);
        assert_eq!(r[0].score, 99);
        let reasons: Vec<&str> = r[0].penalties.iter().map(|p| p.reason.as_str()).collect();
        assert_eq!(reasons, ["number `12/16/2021` → `12/17/2022`"]);
        // Not found in the target: said, and flagged as one number.
        let mut m = Memory::new();
        m.add(tu(
            "The meeting was held on 12/16/2021.",
            "Toplantı geçen yıl yapıldı.",
            "20200101T000000Z",
        ));
        let r = m.lookup(&Query::new(
            "The meeting was held on 12/17/2022.",
            Lang::En,
            Lang::Tr,
        ));
        assert!(!r[0].numbers_complete);
        assert_eq!(
            warned(
                &m,
                "The meeting was held on 12/17/2022.",
                Lang::En,
                Lang::Tr
            ),
            [w("number", "12/17/2022", "12/16/2021")]
        );
    }

    #[test]
    fn fragments_keep_quotes_and_brackets_balanced() {
        let frag = |t: &str, w: &str| {
            let a = t.find(w).unwrap();
            let r = balanced_fragment(t, a..a + w.len());
            t[r].to_string()
        };
        assert_eq!(
            frag("the “Middle Corridor” route", "Middle Corridor"),
            "“Middle Corridor”"
        );
        assert_eq!(
            frag("so-called «Средний коридор» маршрут", "Средний коридор"),
            "«Средний коридор»"
        );
        assert_eq!(
            frag("the (Middle Corridor) route", "Middle Corridor"),
            "(Middle Corridor)"
        );
        // A fragment that opens a quote it does not close loses it.
        assert_eq!(
            frag("the “Middle Corridor route”", "“Middle Corridor"),
            "Middle Corridor"
        );
        assert_eq!(frag("a (b c) d", "b c) d"), "(b c) d");
        assert_eq!(frag("plain words here", "words"), "words");
        // A bracket between the words: the fragment reaches its partner.
        assert_eq!(
            frag("the Middle (Corridor route) today", "Middle (Corridor"),
            "Middle (Corridor route)"
        );
        assert_eq!(
            frag("«Средний коридор» маршрут «Китай»", "коридор» маршрут"),
            "«Средний коридор» маршрут"
        );
        // Apostrophes inside words are not quotes.
        assert_eq!(frag("Orta Koridor'a 'giden' yol", "Koridor'a"), "Koridor'a");
    }

    /// Whether every pair of `PAIRS` is balanced in `s` (apostrophes inside words aside).
    fn balanced(s: &str) -> bool {
        PAIRS.iter().all(|&(o, c)| {
            let p = pairing(s, o, c);
            p.iter().all(|(_, partner)| partner.is_some())
        })
    }

    proptest! {
        /// Any run of whole words of a text whose quotes and brackets are balanced gives a
        /// balanced fragment that holds those words and starts and ends at a word or a quote.
        #[test]
        fn fragments_of_balanced_texts_are_balanced(
            parts in proptest::collection::vec((0usize..8, proptest::collection::vec(0usize..6, 1..4)), 1..6),
            from in 0usize..20,
            len in 1usize..6,
        ) {
            const WORDS: [&str; 6] = ["Orta", "Koridor'a", "corridor", "Middle", "don't", "путь"];
            const OPEN: [(&str, &str); 8] = [
                ("", ""), ("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"), ("\"", "\""), ("‘", "’"), ("„", "“"),
            ];
            let mut text = String::new();
            let mut words: Vec<std::ops::Range<usize>> = Vec::new();
            for (kind, ws) in &parts {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(OPEN[*kind].0);
                for (i, &w) in ws.iter().enumerate() {
                    if i > 0 {
                        text.push(' ');
                    }
                    words.push(text.len()..text.len() + WORDS[w].len());
                    text.push_str(WORDS[w]);
                }
                text.push_str(OPEN[*kind].1);
            }
            prop_assume!(balanced(&text));
            let first = from % words.len();
            let last = (first + len - 1).min(words.len() - 1);
            let (a, b) = (words[first].start, words[last].end);
            let r = balanced_fragment(&text, a..b);
            let frag = &text[r.clone()];
            prop_assert!(balanced(frag), "{:?} from {:?}", frag, &text[a..b]);
            prop_assert!(r.start <= a && r.end >= b, "{:?} lost words of {:?}", frag, &text[a..b]);
            let edge = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() || PAIRS.iter().any(|&(o, d)| c == o || c == d));
            prop_assert!(edge(frag.chars().next()) && edge(frag.chars().next_back()), "{:?}", frag);
        }
    }

    #[test]
    fn concordance_fragments_are_whole_words_with_their_quotes() {
        let mut m = Memory::new();
        for (tr, en) in [
            (
                "“Orta Koridor” projesi büyüyor.",
                "The “Middle Corridor” project grows.",
            ),
            (
                "Bakanlar “Orta Koridor” hattını görüştü.",
                "Ministers discussed the “Middle Corridor” line.",
            ),
            (
                "Orta Koridor güzergâhı kısadır.",
                "The Middle Corridor route is short.",
            ),
        ] {
            m.add(Tu {
                variants: [
                    (Lang::En, Variant::new(Lang::En, en)),
                    (Lang::Tr, Variant::new(Lang::Tr, tr)),
                ]
                .into(),
                ..Tu::default()
            });
        }
        let hits = crate::memory::concordance(&m, "Orta Koridor", Lang::Tr, 10);
        let frags: Vec<&str> = hits
            .iter()
            .map(|h| h.fragments[&Lang::En].as_str())
            .collect();
        assert_eq!(
            frags,
            ["“Middle Corridor”", "“Middle Corridor”", "Middle Corridor"]
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

        /// The same with sentences of real words: inflected forms (which share a stem),
        /// words sharing a stem that are not inflections, numbers and dates, placeholders,
        /// case and punctuation, and queries one or two edits (drop, insert, replace, swap,
        /// inflect) away from a memory sentence, so that matches near every threshold exist.
        #[test]
        fn top_k_agrees_with_scan_on_words(
            rows in proptest::collection::vec(
                (proptest::collection::vec(0usize..WORDS.len(), 1..10), 0u8..3, 0u8..2),
                1..40,
            ),
            pick in 0usize..40,
            edits in proptest::collection::vec((0u8..5, 0usize..10, 0usize..WORDS.len()), 0..3),
            min in 50u8..=100,
            k in 1usize..6,
        ) {
            let mut m = Memory::new();
            m.files.push(TmFile { path: "reference/r.tmx".into(), penalty: 5, skipped_variants: 0 });
            let join = |ws: &[usize]| ws.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
            for (i, (ws, date, file)) in rows.iter().enumerate() {
                let mut t = Tu::default();
                t.variants.insert(Lang::En, Variant::new(Lang::En, join(ws)));
                t.variants.insert(Lang::Tr, Variant::new(Lang::Tr, format!("tr {i} 8 2021")));
                if *date > 0 {
                    t.info_mut().dates.changed = Some(format!("2020010{date}T000000Z"));
                }
                t.file = usize::from(*file);
                m.tus.push(t);
            }
            let mut words = rows[pick % rows.len()].0.clone();
            for (op, at, w) in edits {
                let at = at % (words.len() + 1);
                match op {
                    0 if at < words.len() => { words.remove(at); }
                    1 => words.insert(at, w),
                    2 if at < words.len() => words[at] = w,
                    3 if at + 1 < words.len() => words.swap(at, at + 1),
                    // The word's neighbour in the list: often an inflected form of it.
                    4 if at < words.len() => words[at] = (words[at] + 1) % WORDS.len(),
                    _ => {}
                }
            }
            let text = join(&words);
            let mut q = Query::new(&text, Lang::En, Lang::Tr);
            q.min = min;
            q.k = k;
            prop_assert_eq!(m.lookup(&q), m.lookup_scan(&q));
        }
    }

    /// Words for the property test: neighbours are often inflected forms of one another.
    const WORDS: &[&str] = &[
        "help",
        "helps",
        "helped",
        "helpful",
        "the",
        "they",
        "The",
        "minister",
        "ministers",
        "Minister",
        "ministry",
        "government",
        "governments",
        "govern",
        "report",
        "reports",
        "annual",
        "not",
        "never",
        "a",
        "of",
        "Asya'da",
        "Asya'nın",
        "Asia",
        "8",
        "9",
        "2021",
        "61.5",
        "3 October 2009",
        "{1}",
        "{/1}",
        "{2/}",
        ",",
        ".",
        "!",
        "program",
        "programme",
    ];
}
