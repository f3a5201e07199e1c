//! A word-translation lexicon learnt from the document being aligned, for a second pass.
//!
//! The first pass (length and anchors) pairs most sentences with near certainty. Word stems
//! that keep turning up together in those confident 1-1 pairs are probably translations of
//! each other (`cell` / `hücre` / `ячейк`), whatever the script, so the second pass can use them
//! where length and anchors hesitate: a shifted run of sentences, a merge against a drop. This
//! is the bootstrapping of Moore (2002) and hunalign, with association counts instead of IBM
//! Model 1, since one article has too few pairs for EM.
//!
//! Stems are the first four letters of lowercased words of three letters or more (enough to
//! cut most Turkish and Russian endings: `hücreleri` → `hücr`, `Tokyo'da` → `toky`). For a
//! source stem `s` and its best associated target stem `t`, with `q = P(t in target | s in
//! source)` over the confident pairs and `r` the share of all target sentences holding `t`, a
//! candidate link gains `ln(q / r)` when its target side holds `t` and half of
//! `ln((1 - q) / (1 - r))` (a loss) when it does not; `r` is for two sentences when the target
//! side has two. Each stem's gain or loss is capped at 2.5 nats, and the sum is weighted (0.4
//! in [`super::params`]: stems of one sentence are not independent evidence). Stems common everywhere (`the`, `bir`) have `q ≈ r` and weigh
//! nothing.

use std::collections::HashMap;
use std::ops::Range;

use super::dp::Link;

/// Confident 1-1 links needed before a lexicon is learnt (fewer give chance associations).
const MIN_PAIRS: usize = 8;
/// Lowest first-pass confidence of a link used to learn from.
const MIN_CONFIDENCE: f64 = 0.8;
/// Fewest confident pairs in which a stem pair must co-occur.
const MIN_JOINT: u32 = 2;
/// Letters kept of a word: enough to cut most Turkish and Russian endings (4 gave a better F1
/// than 5 or 6 on the corpus evaluation).
const STEM: usize = 4;
/// Share of the loss counted: a missing translation is weaker evidence than a present one
/// (translators reword; 0.5 gave the best F1 on the corpus evaluation).
const LOSS_WEIGHT: f64 = 0.5;
/// Largest gain or loss (nats) one source stem can contribute.
const WORD_CAP: f64 = 2.5;

/// The learnt associations, ready to score spans of the sentences they were learnt from.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Per source sentence: its stems' associations: the target stem, then gain and loss
    /// against a target span of one sentence and of two.
    src: Vec<Vec<(u32, [f64; 4])>>,
    /// Per target sentence: its stem ids, sorted.
    tgt: Vec<Vec<u32>>,
    /// Weight of the lexicon's evidence.
    weight: f64,
}

/// Stems of a text: lowercased, placeholders stripped, first [`STEM`] letters of each word of
/// three letters or more, digits left to the number anchors; sorted and deduplicated.
fn stems(text: &str) -> Vec<String> {
    let plain = super::anchors::strip_tokens(text);
    let mut out: Vec<String> = plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().any(|c| c.is_ascii_digit()))
        .map(|w| w.chars().flat_map(char::to_lowercase).take(STEM).collect())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn intern(words: Vec<String>, ids: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut v: Vec<u32> = words
        .into_iter()
        .map(|w| {
            let next = ids.len() as u32;
            *ids.entry(w).or_insert(next)
        })
        .collect();
    v.sort_unstable();
    v
}

impl Lexicon {
    /// Learns a lexicon from the confident 1-1 links of a first pass; `None` when there are too
    /// few of them (or `weight` is zero).
    pub fn learn(src: &[&str], tgt: &[&str], first: &[Link], weight: f64) -> Option<Lexicon> {
        if weight <= 0.0 {
            return None;
        }
        let pairs: Vec<(usize, usize)> = first
            .iter()
            .filter(|l| l.src.len() == 1 && l.tgt.len() == 1 && l.confidence >= MIN_CONFIDENCE)
            .map(|l| (l.src.start, l.tgt.start))
            .collect();
        if pairs.len() < MIN_PAIRS {
            return None;
        }
        let (mut sid, mut tid) = (HashMap::new(), HashMap::new());
        let s: Vec<Vec<u32>> = src.iter().map(|t| intern(stems(t), &mut sid)).collect();
        let t: Vec<Vec<u32>> = tgt.iter().map(|x| intern(stems(x), &mut tid)).collect();
        // How many target sentences hold each target stem (the chance rate r).
        let mut t_all = vec![0u32; tid.len()];
        for v in &t {
            for &w in v {
                t_all[w as usize] += 1;
            }
        }
        let mut s_count = vec![0u32; sid.len()];
        // Stem pairs as `a << 32 | b`, sorted and counted (faster than a map).
        let mut joint: Vec<u64> = Vec::new();
        for &(i, j) in &pairs {
            for &a in &s[i] {
                s_count[a as usize] += 1;
                joint.extend(t[j].iter().map(|&b| u64::from(a) << 32 | u64::from(b)));
            }
        }
        joint.sort_unstable();
        let nt = tgt.len() as f64;
        // Per source stem: the target stem with the largest gain.
        let mut best: HashMap<u32, (u32, [f64; 4])> = HashMap::new();
        for run in joint.chunk_by(|x, y| x == y) {
            let n = run.len() as u32;
            let (a, b) = ((run[0] >> 32) as u32, run[0] as u32);
            if n < MIN_JOINT {
                continue;
            }
            // Smoothed, so two co-occurrences out of two are not certainty.
            let q = (f64::from(n) + 0.5) / (f64::from(s_count[a as usize]) + 1.5);
            let r = (f64::from(t_all[b as usize]) / nt).clamp(0.5 / nt, 0.95);
            if q <= r {
                continue;
            }
            // A span of two target sentences holds `t` by chance more often.
            let r2 = 1.0 - (1.0 - r) * (1.0 - r);
            let score = |r: f64| {
                (
                    (q / r).ln().clamp(0.0, WORD_CAP),
                    LOSS_WEIGHT * ((1.0 - q) / (1.0 - r)).ln().clamp(-WORD_CAP, 0.0),
                )
            };
            let (g1, l1) = score(r);
            let (g2, l2) = score(r2);
            // Ties go to the lower stem id, so the lexicon does not depend on visiting order.
            let better = match best.get(&a) {
                None => true,
                Some(&(b0, g)) => g1 > g[0] || (g1 == g[0] && b < b0),
            };
            if better {
                best.insert(a, (b, [g1, l1, g2, l2]));
            }
        }
        if best.is_empty() {
            return None;
        }
        let src = s
            .iter()
            .map(|v| v.iter().filter_map(|a| best.get(a).copied()).collect())
            .collect();
        Some(Lexicon {
            src,
            tgt: t,
            weight,
        })
    }

    /// The evidence (nats; positive = translations) that source span `s` translates target
    /// span `t`.
    pub fn bonus(&self, s: Range<usize>, t: Range<usize>) -> f64 {
        let holds = |w: u32| t.clone().any(|j| self.tgt[j].binary_search(&w).is_ok());
        let mut sum = 0.0;
        let two = if t.len() > 1 { 2 } else { 0 };
        for i in s {
            for &(w, g) in &self.src[i] {
                sum += if holds(w) { g[two] } else { g[two + 1] };
            }
        }
        self.weight * sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_cut_endings_and_apostrophe_suffixes() {
        assert_eq!(stems("Tokyo'da hücreleri 2022 ve"), ["hücr", "toky"]);
    }

    #[test]
    fn co_occurring_stems_become_evidence() {
        let src: Vec<String> = (0..10)
            .map(|k| {
                if k % 2 == 0 {
                    format!("Select the cell number {k}.")
                } else {
                    format!("Open the window number {k}.")
                }
            })
            .collect();
        let tgt: Vec<String> = (0..10)
            .map(|k| {
                if k % 2 == 0 {
                    format!("{k} numaralı hücreyi seçin.")
                } else {
                    format!("{k} numaralı pencereyi açın.")
                }
            })
            .collect();
        let first: Vec<Link> = (0..10)
            .map(|k| Link {
                src: k..k + 1,
                tgt: k..k + 1,
                confidence: 0.99,
                cost: 0.0,
            })
            .collect();
        let s: Vec<&str> = src.iter().map(String::as_str).collect();
        let t: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let lex = Lexicon::learn(&s, &t, &first, 1.0).expect("a lexicon");
        assert!(lex.bonus(0..1, 2..3) > 0.0);
        assert!(lex.bonus(0..1, 1..2) < 0.0);
        assert!(lex.bonus(0..1, 0..1) > lex.bonus(0..1, 1..2));
    }
}
