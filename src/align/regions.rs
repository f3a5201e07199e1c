//! Cutting two articles into regions that must correspond (front-matter fields, notes by
//! marker, the body per paragraph or whole) and aligning each region's sentences.

use std::collections::BTreeMap;

use super::{align_sentences, anchors, dp, Dictionary, Params};
use crate::model::{Article, BlockKind};

/// A link between segments of two articles.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLink {
    /// Indexes into the source article's `segments` (empty for a 0-1 link).
    pub src: Vec<usize>,
    /// Indexes into the target article's `segments` (empty for a 1-0 link).
    pub tgt: Vec<usize>,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// The region: a front-matter path, `/notes[k]` or `/body`.
    pub region: String,
}

impl ArticleLink {
    /// The link type as `"<source count>-<target count>"`, e.g. `2-1`.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// The number in a note's leading `[k]` / `[^k]` marker.
fn note_marker(text: &str, start: usize) -> Option<String> {
    let rest = text.get(start..)?.strip_prefix('[')?;
    let rest = rest.strip_prefix('^').unwrap_or(rest);
    let end = rest.find(']')?;
    let key = &rest[..end];
    (!key.is_empty() && key.len() <= 8).then(|| key.to_string())
}

struct Regions {
    front: BTreeMap<String, Vec<usize>>,
    notes: BTreeMap<String, Vec<usize>>,
    /// Body blocks in order: (kind, segment indexes).
    body: Vec<(BlockKind, Vec<usize>)>,
}

fn regions(a: &Article) -> Regions {
    let text = a.reassemble();
    let mut r = Regions {
        front: BTreeMap::new(),
        notes: BTreeMap::new(),
        body: Vec::new(),
    };
    for (k, b) in a.blocks.iter().enumerate() {
        if b.block_path().is_front() {
            r.front
                .entry(b.path.to_string())
                .or_default()
                .extend(&b.segments);
        } else if b.kind == BlockKind::Note {
            let key = note_marker(&text, b.span.start).unwrap_or_else(|| format!("#{k}"));
            r.notes.entry(key).or_default().extend(&b.segments);
        } else if !b.segments.is_empty() {
            r.body.push((b.kind, b.segments.clone()));
        }
    }
    r
}

/// Aligns the segments of `source` with those of `target`, region by region, in source order
/// (0-1 links of a region follow the link before them).
pub fn align_articles(
    source: &Article,
    target: &Article,
    p: &Params,
    dict: &dyn Dictionary,
) -> Vec<ArticleLink> {
    let (rs, rt) = (regions(source), regions(target));
    let mut out = Vec::new();
    let mut run = |region: &str, s: &[usize], t: &[usize]| {
        out.extend(align_region(source, target, region, s, t, p, dict));
    };
    for (path, s) in &rs.front {
        run(path, s, rt.front.get(path).map_or(&[][..], Vec::as_slice));
    }
    for (path, t) in &rt.front {
        if !rs.front.contains_key(path) {
            run(path, &[], t);
        }
    }
    let same_shape =
        rs.body.len() == rt.body.len() && rs.body.iter().zip(&rt.body).all(|(a, b)| a.0 == b.0);
    if same_shape {
        for (k, (a, b)) in rs.body.iter().zip(&rt.body).enumerate() {
            run(&format!("/body[{}]", k + 1), &a.1, &b.1);
        }
    } else {
        let all = |r: &Regions| -> Vec<usize> { r.body.iter().flat_map(|b| b.1.clone()).collect() };
        run("/body", &all(&rs), &all(&rt));
    }
    for (key, s) in &rs.notes {
        run(
            &format!("/notes[{key}]"),
            s,
            rt.notes.get(key).map_or(&[][..], Vec::as_slice),
        );
    }
    for (key, t) in &rt.notes {
        if !rs.notes.contains_key(key) {
            run(&format!("/notes[{key}]"), &[], t);
        }
    }
    out.sort_by_key(|l| {
        (
            l.src.first().copied().unwrap_or(usize::MAX),
            l.tgt.first().copied(),
        )
    });
    out
}

fn align_region(
    source: &Article,
    target: &Article,
    region: &str,
    s: &[usize],
    t: &[usize],
    p: &Params,
    dict: &dyn Dictionary,
) -> Vec<ArticleLink> {
    let side = |a: &Article, idx: &[usize]| -> Vec<(String, Vec<crate::model::Code>)> {
        idx.iter()
            .map(|&i| (a.segments[i].text.clone(), a.segments[i].codes.clone()))
            .collect()
    };
    let (ss, ts) = (side(source, s), side(target, t));
    let sref: Vec<(&str, &[crate::model::Code])> =
        ss.iter().map(|(a, b)| (a.as_str(), b.as_slice())).collect();
    let tref: Vec<(&str, &[crate::model::Code])> =
        ts.iter().map(|(a, b)| (a.as_str(), b.as_slice())).collect();
    let mut links = align_sentences(&sref, &tref, p, dict);
    attach_extras(&mut links, &sref, &tref, p);
    links
        .into_iter()
        .map(|l| ArticleLink {
            src: l.src.map(|i| s[i]).collect(),
            tgt: l.tgt.map(|j| t[j]).collect(),
            confidence: l.confidence,
            region: region.to_string(),
        })
        .collect()
}

/// A 0-1 link (an extra target sentence) joins the link before or after it when the joined
/// target fits that link's source better than without it (a 1-3 split, which the DP does not
/// model).
fn attach_extras(
    links: &mut Vec<dp::Link>,
    src: &[(&str, &[crate::model::Code])],
    tgt: &[(&str, &[crate::model::Code])],
    p: &Params,
) {
    let fit = |s: &std::ops::Range<usize>, t: &std::ops::Range<usize>| -> f64 {
        let sf: Vec<_> = src[s.clone()]
            .iter()
            .map(|(a, c)| anchors::features(a, c))
            .collect();
        let tf: Vec<_> = tgt[t.clone()]
            .iter()
            .map(|(a, c)| anchors::features(a, c))
            .collect();
        let (a, b) = (
            anchors::merge(&sf.iter().collect::<Vec<_>>()),
            anchors::merge(&tf.iter().collect::<Vec<_>>()),
        );
        dp::length_cost(&a, &b, p) - anchors::score(&a, &b, &p.weights)
    };
    let mut k = 0;
    while k < links.len() {
        if !(links[k].src.is_empty() && links[k].tgt.len() == 1) {
            k += 1;
            continue;
        }
        let extra = links[k].tgt.clone();
        let mut best: Option<(usize, f64)> = None;
        for nb in [k.checked_sub(1), Some(k + 1)].into_iter().flatten() {
            let Some(l) = links.get(nb) else { continue };
            if l.src.is_empty() || l.tgt.is_empty() {
                continue;
            }
            let joined = l.tgt.start.min(extra.start)..l.tgt.end.max(extra.end);
            let (old, new) = (fit(&l.src, &l.tgt), fit(&l.src, &joined));
            if new < old && best.map_or(true, |(_, gain)| old - new > gain) {
                best = Some((nb, old - new));
            }
        }
        if let Some((nb, _)) = best {
            let l = &mut links[nb];
            l.tgt = l.tgt.start.min(extra.start)..l.tgt.end.max(extra.end);
            l.confidence = (l.confidence * dp::fit_factor(fit(&l.src, &l.tgt))).min(l.confidence);
            links.remove(k);
        } else {
            k += 1;
        }
    }
}
