//! Sentence alignment of a source article with an existing translation (a publisher's legacy
//! edition), so that `align` can turn the translation into a draft and `learn` into memory.
//!
//! # Model
//!
//! The articles are cut into regions that must correspond: each front-matter field by its path
//! (`/front/title`, `/front/summary`, `/front/notes_title`); each note by its `[k]` marker
//! (so reordered notes still meet); and the body, paragraph by paragraph when both sides have
//! the same sequence of block kinds, else as one region (a translator merged or split
//! paragraphs). Within a region, `dp::align` finds the best sequence of 1-1, 1-0, 0-1, 2-1,
//! 1-2 and 2-2 links by dynamic programming. A link's cost, in nats, adds:
//!
//! - the prior of its type: 0.89 for 1-1 as in Gale & Church (1993); 0.03 for 2-1 and 1-2,
//!   0.005 for 1-0 and 0-1, 0.002 for 2-2 (tuned on the corpus evaluation: Gale & Church's
//!   0.0445 and 0.011 made too many merges);
//! - the Gale & Church length cost `-ln(2·(1-Φ(|δ|)))`, capped at 4 nats so that one loose
//!   translation does not push the path into merges and drops around it, with the per-pair
//!   ratio `c` and variance `s²` of [`length_model`], measured on the shared EN–TR–RU corpus;
//! - minus the anchor bonus of `anchors::score`: shared numbers (digit runs, month names as
//!   numbers), footnote markers, link URLs and code spans (+2.0 each, -1.5 per one-sided one),
//!   name keys (+0.8 / -0.25), cognate keys in the manner of Simard et al. (1992) (+1.5 each)
//!   and differing `?`/`!`/`:`/quote/parenthesis counts (-0.8 each);
//! - minus the dictionary bonus: where a [`Dictionary`] (the translation memory) knows
//!   translations of a source sentence, up to +4 for a target that resembles one of them
//!   (character-trigram Dice similarity above 0.3).
//!
//! Then a second pass: word stems that co-occur in the first pass's confident 1-1 links form
//! a lexicon learnt from the document itself (`lexicon`), and the DP runs again with its
//! evidence added to the bonus (weight 0.4), which settles shifted runs of sentences that
//! length and anchors leave open.
//!
//! A 1-0 or 0-1 link costs its prior alone (no length cost: Gale & Church's δ for 1-0 grows
//! with the sentence's length, which makes the aligner prefer a wrong merge to a drop).
//! An extra target sentence (0-1) then joins its neighbour link when that makes the neighbour
//! fit better (a 1-3 split); otherwise it is reported.
//!
//! # Confidence
//!
//! Each link's confidence is its posterior probability (forward-backward over the same costs:
//! how much of the probability of all paths goes through this link) times a fit factor (1 while
//! the link's own length-minus-anchor cost is under 2.5 nats, then falling by `e` every 2 nats),
//! so a forced path through a different article does not look certain.

pub(crate) mod anchors;
mod codes;
pub(crate) mod detect;
pub(crate) mod dp;
mod error;
mod fill;
pub(crate) mod lexicon;
mod regions;

pub use codes::renumber;
pub use dp::{Link, Params};
pub use error::AlignError;
pub use fill::{fill, FillReport, Filled};
pub use regions::{align_articles, ArticleLink};

use std::collections::HashMap;

use crate::model::Lang;

/// Translations the aligner may use as evidence: the memory's targets for a source sentence.
pub trait Dictionary {
    /// Known translations of `source` (segment text with placeholders); empty when none.
    fn translations(&self, source: &str) -> Vec<String>;
}

/// A dictionary that knows nothing: alignment by length and anchors alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDictionary;

impl Dictionary for NoDictionary {
    fn translations(&self, _source: &str) -> Vec<String> {
        Vec::new()
    }
}

/// The translation memory as a dictionary: the targets of the best matches (at `min` or
/// above) of a source sentence are evidence for the target sentence it aligns with.
pub struct MemoryDictionary<'m> {
    /// The memory.
    pub memory: &'m crate::memory::Memory,
    /// The source language.
    pub from: Lang,
    /// The target language.
    pub to: Lang,
    /// Lowest match score used as evidence.
    pub min: u8,
}

impl Dictionary for MemoryDictionary<'_> {
    fn translations(&self, source: &str) -> Vec<String> {
        let mut q = crate::memory::Query::new(source, self.from, self.to);
        q.k = 3;
        q.min = self.min;
        self.memory
            .lookup(&q)
            .into_iter()
            .map(|m| m.target)
            .collect()
    }
}

/// A dictionary held in memory: source text → translations.
#[derive(Debug, Clone, Default)]
pub struct MapDictionary(pub HashMap<String, Vec<String>>);

impl Dictionary for MapDictionary {
    fn translations(&self, source: &str) -> Vec<String> {
        self.0.get(source).cloned().unwrap_or_default()
    }
}

/// The length model for a language pair: `(c, s²)` measured on the shared corpus.
///
/// EN→TR: c = 1.02, EN→RU: c = 1.07, TR→RU: c = 1.04 (total target characters over total
/// source characters of rows of 20 characters or more; EN→TR 1.033 in the LibreOffice help and
/// 0.981 in the Debian handbook, EN→RU 1.072 and 1.078); s² = 7, above the corpus's 1.9-5.7
/// (robust estimates 1.3-2.6): news translators paraphrase more than software translators, and
/// 7 gave the best F1 with the capped cost and the lexicon pass (per-pair values 5-8 were
/// within 0.001 of each other, so one value serves every pair). The reverse directions use `1/c` and `s²/c`.
pub fn length_model(src: Lang, tgt: Lang) -> (f64, f64) {
    let forward = |a: Lang, b: Lang| match (a, b) {
        (Lang::En, Lang::Tr) => Some(1.02),
        (Lang::En, Lang::Ru) => Some(1.07),
        (Lang::Tr, Lang::Ru) => Some(1.04),
        _ => None,
    };
    let s2 = 7.0;
    if src == tgt {
        return (1.0, s2);
    }
    match forward(src, tgt) {
        Some(c) => (c, s2),
        None => {
            let c = forward(tgt, src).unwrap_or(1.0);
            (1.0 / c, s2 / c)
        }
    }
}

/// The word-count model for a language pair: `(c, s²)` measured on the shared corpus's
/// LibreOffice help rows (EN→TR 0.77, EN→RU 0.82, TR→RU 1.07 words per word; s² a little
/// above the robust estimates 0.37, 0.31, 0.47).
pub fn word_model(src: Lang, tgt: Lang) -> (f64, f64) {
    let forward = |a: Lang, b: Lang| match (a, b) {
        (Lang::En, Lang::Tr) => Some((0.77, 0.6)),
        (Lang::En, Lang::Ru) => Some((0.82, 0.5)),
        (Lang::Tr, Lang::Ru) => Some((1.07, 0.7)),
        _ => None,
    };
    if src == tgt {
        return (1.0, 0.5);
    }
    match forward(src, tgt) {
        Some(m) => m,
        None => forward(tgt, src).map_or((1.0, 0.5), |(c, s2)| (1.0 / c, s2 / c)),
    }
}

/// The full model's parameters for a language pair.
pub fn params(src: Lang, tgt: Lang) -> Params {
    let (c, s2) = length_model(src, tgt);
    let (cw, s2w) = word_model(src, tgt);
    Params {
        c,
        s2,
        cw,
        s2w,
        // Word counts made F1 worse on the corpus evaluation (0.89 vs 0.90 EN→TR at weight
        // 0.5): they add little to characters and double-count the same evidence.
        word_weight: 0.0,
        cap: 4.0,
        null: 0.0,
        anchors: true,
        weights: anchors::Weights::default(),
        priors: [
            0.89,
            0.0099 / 2.0,
            0.0099 / 2.0,
            0.089 / 2.0,
            0.089 / 2.0,
            0.002,
        ],
        lexicon: 0.4,
    }
}

/// Character-trigram Dice similarity of two texts, 0..=1 (case-insensitive).
pub fn trigram_dice(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> Vec<u64> {
        let chars: Vec<char> = s.chars().flat_map(char::to_lowercase).collect();
        let mut v: Vec<u64> = chars
            .windows(3)
            .map(|w| {
                let mut buf = [0u8; 12];
                let mut n = 0;
                for c in w {
                    n += c.encode_utf8(&mut buf[n..]).len();
                }
                crate::model::fnv1a64(&[&buf[..n]])
            })
            .collect();
        v.sort_unstable();
        v
    }
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return if a.trim().eq_ignore_ascii_case(b.trim()) {
            1.0
        } else {
            0.0
        };
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// Aligns two lists of sentences (segment texts with their codes) with the full model.
/// `dict` is asked about each source sentence once.
pub fn align_sentences(
    src: &[(&str, &[crate::model::Code])],
    tgt: &[(&str, &[crate::model::Code])],
    p: &Params,
    dict: &dyn Dictionary,
) -> Vec<Link> {
    let sf: Vec<_> = src.iter().map(|(t, c)| anchors::features(t, c)).collect();
    let tf: Vec<_> = tgt.iter().map(|(t, c)| anchors::features(t, c)).collect();
    let known: Vec<Vec<String>> = src.iter().map(|(t, _)| dict.translations(t)).collect();
    let any_known = known.iter().any(|k| !k.is_empty());
    let dict_bonus = |s: std::ops::Range<usize>, t: std::ops::Range<usize>| -> f64 {
        if !any_known {
            return 0.0;
        }
        let joined = || {
            tgt[t.clone()]
                .iter()
                .map(|(x, _)| anchors::strip_tokens(x))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut best: f64 = 0.0;
        for k in s {
            if known[k].is_empty() {
                continue;
            }
            let text = joined();
            for tr in &known[k] {
                best = best.max(trigram_dice(&anchors::strip_tokens(tr), &text));
            }
        }
        // Similarity 0.3 is what unrelated sentences of one language reach; above it, evidence.
        (best - 0.3).max(0.0) * 4.0 / 0.7
    };
    let first = dp::align(
        &sf,
        &tf,
        p,
        any_known.then_some(&dict_bonus as dp::Bonus<'_>),
    );
    if !p.anchors {
        return first;
    }
    let st: Vec<&str> = src.iter().map(|(t, _)| *t).collect();
    let tt: Vec<&str> = tgt.iter().map(|(t, _)| *t).collect();
    let Some(lex) = lexicon::Lexicon::learn(&st, &tt, &first, p.lexicon) else {
        return first;
    };
    let both = |s: std::ops::Range<usize>, t: std::ops::Range<usize>| -> f64 {
        dict_bonus(s.clone(), t.clone()) + lex.bonus(s, t)
    };
    dp::align(&sf, &tf, p, Some(&both))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_pulls_the_right_pair_together() {
        let src = [
            ("Alpha beta gamma delta epsilon.", &[][..]),
            ("Zeta eta theta iota kappa.", &[][..]),
        ];
        let tgt = [
            ("Birinci cümle burada duruyor.", &[][..]),
            ("İkinci cümle orada duruyor.", &[][..]),
        ];
        let mut map = HashMap::new();
        map.insert(
            "Zeta eta theta iota kappa.".to_string(),
            vec!["İkinci cümle orada duruyor.".to_string()],
        );
        let p = params(Lang::En, Lang::Tr);
        let with = align_sentences(&src, &tgt, &p, &MapDictionary(map));
        let without = align_sentences(&src, &tgt, &p, &NoDictionary);
        assert_eq!(with.len(), 2);
        assert!(
            with[1].confidence >= without[1].confidence,
            "{with:?} {without:?}"
        );
        assert!(with[1].cost < without[1].cost);
    }

    #[test]
    fn the_pairs_differ_and_reverse() {
        assert_ne!(
            length_model(Lang::En, Lang::Tr).0,
            length_model(Lang::En, Lang::Ru).0
        );
        let (c, _) = length_model(Lang::Ru, Lang::En);
        assert!((c - 1.0 / 1.07).abs() < 1e-9);
    }
}
