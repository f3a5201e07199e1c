//! The dynamic-programming aligner: Gale & Church (1993) length costs plus anchor evidence,
//! searched with Viterbi for the best path and with forward-backward for each link's posterior.
//!
//! A path through the `(n + 1) × (m + 1)` grid is a sequence of links of the types 1-1, 1-0,
//! 0-1, 2-1, 1-2 and 2-2. A link's cost (in nats) is
//! `-ln prior(type) + length cost - anchor bonus - dictionary bonus`; the length cost is
//! `-ln(2·(1 - Φ(|δ|)))` with `δ = (l₂ - c·l₁) / √(s²·(l₁ + l₂/c)/2)` as in Gale & Church's
//! program. A link that leaves a sentence unpaired costs a fixed `null` penalty instead of a
//! length cost (Gale & Church's δ for 1-0 grows with the sentence's length, which makes the
//! aligner prefer a wrong 2-1 merge over dropping a long sentence).
//! Cells far from the diagonal are not visited (a band of `max(30, max(n, m)/4)` plus the
//! length difference), so time is linear in the article's length for long inputs.

use super::anchors::{self, Features, Weights};

/// The link types and their prior probabilities (Gale & Church 1993, Table 5).
pub const TYPES: [(usize, usize, f64); 6] = [
    (1, 1, 0.89),
    (1, 0, 0.0099 / 2.0),
    (0, 1, 0.0099 / 2.0),
    (2, 1, 0.089 / 2.0),
    (1, 2, 0.089 / 2.0),
    (2, 2, 0.011),
];

/// The parameters of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Expected target characters per source character.
    pub c: f64,
    /// Variance of the length difference per source character.
    pub s2: f64,
    /// Expected target words per source word.
    pub cw: f64,
    /// Variance of the word-count difference per source word.
    pub s2w: f64,
    /// Weight of the word-count cost next to the character cost (they are correlated).
    pub word_weight: f64,
    /// Highest length cost (nats) a link can get: a robust cap, so one badly fitting pair (a
    /// loose translation) does not push the path into merges and drops around it.
    pub cap: f64,
    /// Extra cost (nats) of leaving a sentence unpaired, on top of its prior.
    pub null: f64,
    /// Whether to use anchors (off = length-only Gale & Church, the baseline).
    pub anchors: bool,
    /// Anchor weights.
    pub weights: Weights,
    /// Prior probability of each link type of `TYPES`, in that order.
    pub priors: [f64; 6],
    /// Weight of the second pass's learnt lexicon (see `align::lexicon`); 0 = one pass only.
    pub lexicon: f64,
}

/// One link of an alignment: source sentences `src` ↔ target sentences `tgt` (either may be
/// empty, not both).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Source sentence indexes.
    pub src: std::ops::Range<usize>,
    /// Target sentence indexes.
    pub tgt: std::ops::Range<usize>,
    /// Posterior-times-fit confidence in 0..=1 (see the module docs of `align`).
    pub confidence: f64,
    /// The link's cost in nats (lower is better).
    pub cost: f64,
}

/// The standard normal CDF (Abramowitz & Stegun 26.2.17; error < 7.5e-8).
fn phi(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let d = 0.398_942_3 * (-x * x / 2.0).exp();
    let p = d
        * t
        * (0.319_381_5 + t * (-0.356_563_8 + t * (1.781_478 + t * (-1.821_256 + t * 1.330_274))));
    if x >= 0.0 {
        1.0 - p
    } else {
        p
    }
}

/// Gale & Church's length cost of pairing `l1` source with `l2` target units, for a ratio `c`
/// and variance `s2`.
pub fn gale_church(l1: usize, l2: usize, c: f64, s2: f64) -> f64 {
    let (l1, l2) = (l1 as f64, l2 as f64);
    if l1 == 0.0 && l2 == 0.0 {
        return 0.0;
    }
    let mean = (l1 + l2 / c) / 2.0;
    let z = (c * l1 - l2) / (s2 * mean.max(1.0)).sqrt();
    let pd = 2.0 * (1.0 - phi(z.abs()));
    -(pd.max(1e-12)).ln()
}

/// The length cost of pairing two spans: characters, plus words at `word_weight`.
pub fn length_cost(a: &Features, b: &Features, p: &Params) -> f64 {
    (gale_church(a.len, b.len, p.c, p.s2)
        + p.word_weight * gale_church(a.tokens, b.tokens, p.cw, p.s2w))
    .min(p.cap)
}

/// Scores pairs of spans on top of the built-in model (the memory-as-dictionary hook).
pub type Bonus<'a> = &'a dyn Fn(std::ops::Range<usize>, std::ops::Range<usize>) -> f64;

struct Grid<'a> {
    src: &'a [Features],
    tgt: &'a [Features],
    src2: Vec<Features>,
    tgt2: Vec<Features>,
    p: &'a Params,
    bonus: Option<Bonus<'a>>,
    n: usize,
    m: usize,
    band: usize,
}

impl Grid<'_> {
    fn feat<'b>(
        one: &'b [Features],
        two: &'b [Features],
        start: usize,
        len: usize,
    ) -> &'b Features {
        if len == 1 {
            &one[start]
        } else {
            &two[start]
        }
    }

    fn in_band(&self, i: usize, j: usize) -> bool {
        let diag = (i * self.m).checked_div(self.n).unwrap_or(0);
        diag.abs_diff(j) <= self.band
    }

    /// The cost and length-fit part of the link ending at `(i, j)` with type `(di, dj)`.
    fn cost(&self, i: usize, j: usize, di: usize, dj: usize, prior: f64) -> (f64, f64) {
        let (si, tj) = (i - di, j - dj);
        if di == 0 || dj == 0 {
            return (-prior.ln() + self.p.null, 0.0);
        }
        let a = Self::feat(self.src, &self.src2, si, di);
        let b = Self::feat(self.tgt, &self.tgt2, tj, dj);
        let mut fit = length_cost(a, b, self.p);
        if self.p.anchors {
            fit -= anchors::score(a, b, &self.p.weights);
            if let Some(bonus) = self.bonus {
                fit -= bonus(si..i, tj..j);
            }
        }
        (-prior.ln() + fit, fit)
    }
}

fn logsumexp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// Aligns two sequences of sentences. `bonus`, when given, adds evidence for a pair of spans.
pub fn align(
    src: &[Features],
    tgt: &[Features],
    p: &Params,
    bonus: Option<Bonus<'_>>,
) -> Vec<Link> {
    let (n, m) = (src.len(), tgt.len());
    let pairs = |v: &[Features]| -> Vec<Features> {
        v.windows(2)
            .map(|w| anchors::merge(&[&w[0], &w[1]]))
            .collect()
    };
    let g = Grid {
        src,
        tgt,
        src2: pairs(src),
        tgt2: pairs(tgt),
        p,
        bonus,
        n,
        m,
        band: (n.max(m) / 4).max(30) + n.abs_diff(m),
    };
    let w = m + 1;
    let idx = |i: usize, j: usize| i * w + j;
    let cells = (n + 1) * w;
    // Costs are computed once: cost[cell * 6 + t] for the link of type t ending at the cell.
    let mut cost = vec![f64::INFINITY; cells * TYPES.len()];
    let mut best = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    let mut fwd = vec![f64::NEG_INFINITY; cells];
    best[0] = 0.0;
    fwd[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if (i, j) == (0, 0) || !g.in_band(i, j) {
                continue;
            }
            let (mut b, mut bt, mut f) = (f64::INFINITY, u8::MAX, f64::NEG_INFINITY);
            for (t, &(di, dj, _)) in TYPES.iter().enumerate() {
                let prior = p.priors[t];
                if di > i || dj > j || prior <= 0.0 {
                    continue;
                }
                let prev = idx(i - di, j - dj);
                if best[prev] == f64::INFINITY {
                    continue;
                }
                let c = g.cost(i, j, di, dj, prior).0;
                cost[idx(i, j) * TYPES.len() + t] = c;
                if best[prev] + c < b {
                    b = best[prev] + c;
                    bt = t as u8;
                }
                f = logsumexp(f, fwd[prev] - c);
            }
            best[idx(i, j)] = b;
            back[idx(i, j)] = bt;
            fwd[idx(i, j)] = f;
        }
    }
    let mut bwd = vec![f64::NEG_INFINITY; cells];
    bwd[idx(n, m)] = 0.0;
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let here = idx(i, j);
            if bwd[here] == f64::NEG_INFINITY {
                continue;
            }
            for (t, &(di, dj, _)) in TYPES.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let c = cost[here * TYPES.len() + t];
                if c.is_finite() {
                    let prev = idx(i - di, j - dj);
                    bwd[prev] = logsumexp(bwd[prev], bwd[here] - c);
                }
            }
        }
    }
    let z = fwd[idx(n, m)];
    let mut links = Vec::new();
    let (mut i, mut j) = (n, m);
    while (i, j) != (0, 0) {
        let t = back[idx(i, j)] as usize;
        let Some(&(di, dj, _)) = TYPES.get(t) else {
            break; // unreachable: the band always contains a path to (0, 0)
        };
        let prior = p.priors[t];
        let (c, fit) = g.cost(i, j, di, dj, prior);
        let post = (fwd[idx(i - di, j - dj)] - c + bwd[idx(i, j)] - z).exp();
        links.push(Link {
            src: i - di..i,
            tgt: j - dj..j,
            confidence: (post * fit_factor(fit)).clamp(0.0, 1.0),
            cost: c,
        });
        i -= di;
        j -= dj;
    }
    links.reverse();
    links
}

/// How well a link's own evidence (length fit minus anchors) supports it, in 0..=1, whatever
/// the alternatives: 1 up to 2.5 nats (|δ| ≈ 1.7 with no anchors), then falling by e every 2
/// nats. Posteriors alone are relative: they stay high on a path through a different article.
pub fn fit_factor(fit: f64) -> f64 {
    (-(fit - 2.5).max(0.0) / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params {
            c: 1.0,
            s2: 3.5,
            cw: 1.0,
            s2w: 0.5,
            word_weight: 0.5,
            cap: f64::INFINITY,
            null: 2.0,
            anchors: true,
            weights: Weights::default(),
            priors: TYPES.map(|t| t.2),
            lexicon: 0.0,
        }
    }

    fn feats(texts: &[&str]) -> Vec<Features> {
        texts.iter().map(|t| anchors::features(t, &[])).collect()
    }

    #[test]
    fn phi_is_the_normal_cdf() {
        assert!((phi(0.0) - 0.5).abs() < 1e-6);
        assert!((phi(1.96) - 0.975).abs() < 1e-3);
        assert!((phi(-1.0) - 0.1587).abs() < 1e-3);
    }

    #[test]
    fn equal_lengths_align_one_to_one_with_high_confidence() {
        let a = feats(&[
            "aaaa aaaa aaaa aaaa.",
            "bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb.",
            "cc cc cc.",
        ]);
        let b = feats(&[
            "xxxx xxxx xxxx xxxx.",
            "yyyy yyyy yyyy yyyy yyyy yyyy yyyy yyyy yyyy.",
            "zz zz zz.",
        ]);
        let links = align(&a, &b, &params(), None);
        assert_eq!(links.len(), 3);
        for (k, l) in links.iter().enumerate() {
            assert_eq!((l.src.clone(), l.tgt.clone()), (k..k + 1, k..k + 1));
            assert!(l.confidence > 0.8, "{links:?}");
        }
    }

    #[test]
    fn a_merged_target_gives_a_two_to_one_link() {
        let a = feats(&[
            "The meeting will take place in 2022 in Tokyo.",
            "Ministers from five states will attend the event there.",
            "It is expected to be a success for everybody involved in it.",
        ]);
        let b = feats(&[
            "The meeting will take place in 2022 in Tokyo, and ministers from five states will attend the event there.",
            "It is expected to be a success for everybody involved in it.",
        ]);
        let links = align(&a, &b, &params(), None);
        assert_eq!(links[0].src, 0..2, "{links:?}");
        assert_eq!(links[0].tgt, 0..1);
    }
}
