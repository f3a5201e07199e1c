//! Memory leverage: the analysis a project manager prices work with, in the style of Trados'
//! and memoQ's "analyze files". For each article and target language, every source segment
//! falls into one band by its best memory match, and the band counts segments and source words:
//!
//! - `repetitions`: the text already occurred earlier in this analysis (same language pair;
//!   articles in slug order, segments in source order), so it is translated once;
//! - `context` (101), `exact` (100);
//! - the fuzzy bands from `[analyze] bands` (default 95-99, 85-94, 75-84, 50-74);
//! - `no match`.
//!
//! Repetitions are counted before matching, as those tools do. The analysis looks at the
//! source and the memory: the TMX files, and the drafts' finished entries of other segments
//! (a segment's own entry is what it prices, and `check` reports how finished a draft is).

use rayon::prelude::*;
use serde::Serialize;

use super::count_words;
use crate::draft::memory::{DraftMemory, Own};
use crate::memory::{MatchKind, Memory, Query};
use crate::model::{Article, Lang};

/// One band of an analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// `repetitions`, `context`, `exact`, `95-99`, …, `no-match`.
    pub name: String,
    /// Segments in the band.
    pub segments: usize,
    /// Source words in the band.
    pub words: usize,
}

/// The analysis of one article into one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// The article.
    pub slug: String,
    /// Its source language.
    pub source_lang: Lang,
    /// The target language.
    pub target_lang: Lang,
    /// Bands in a fixed order: repetitions, context, exact, fuzzy bands (high to low), no match.
    pub bands: Vec<Band>,
    /// All segments and words.
    pub total: Band,
}

/// The band names for the given fuzzy edges (descending).
pub fn band_names(edges: &[u8]) -> Vec<String> {
    let mut names = vec![
        "repetitions".to_string(),
        "context".to_string(),
        "exact".to_string(),
    ];
    let mut upper = 99;
    for &e in edges {
        names.push(format!("{e}-{upper}"));
        upper = e.saturating_sub(1);
    }
    names.push("no-match".to_string());
    names
}

/// Analyzes each `(article, target)` pair against the memory and the drafts' finished entries
/// (each segment's own entry left out: it is what the analysis prices, not leverage for it).
pub fn analyze(
    jobs: &[(&Article, Lang)],
    memory: &Memory,
    drafts: &DraftMemory,
    edges: &[u8],
) -> Vec<Analysis> {
    let min = edges.last().copied().unwrap_or(50);
    let repeated = crate::draft::prefill::repeated(jobs.iter().map(|(a, to)| (*a, *to)));
    jobs.par_iter()
        .zip(repeated)
        .map(|((article, to), repeated)| {
            let names = band_names(edges);
            let mut bands: Vec<Band> = names
                .into_iter()
                .map(|name| Band {
                    name,
                    segments: 0,
                    words: 0,
                })
                .collect();
            let segs = &article.segments;
            for (i, seg) in segs.iter().enumerate() {
                let band = if repeated[i] {
                    0
                } else {
                    let mut q = Query::new(&seg.text, article.lang, *to);
                    q.k = 1;
                    q.min = min;
                    q.prev = i.checked_sub(1).map(|p| segs[p].text.as_str());
                    q.next = segs.get(i + 1).map(|s| s.text.as_str());
                    let own = Own {
                        slug: &article.slug,
                        id: &seg.id,
                    };
                    match drafts.lookup(memory, &q, Some(own)).first() {
                        Some(m) if m.kind == MatchKind::Context && m.score >= 100 => 1,
                        Some(m) if m.score >= 100 => 2,
                        Some(m) => {
                            3 + edges
                                .iter()
                                .position(|&e| m.score >= e)
                                .unwrap_or(edges.len())
                        }
                        None => 3 + edges.len(),
                    }
                };
                bands[band].segments += 1;
                bands[band].words += count_words(&seg.text);
            }
            let total = Band {
                name: "total".into(),
                segments: bands.iter().map(|b| b.segments).sum(),
                words: bands.iter().map(|b| b.words).sum(),
            };
            Analysis {
                slug: article.slug.clone(),
                source_lang: article.lang,
                target_lang: *to,
                bands,
                total,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_names_follow_the_edges() {
        assert_eq!(
            band_names(&[95, 85, 75, 50]),
            vec![
                "repetitions",
                "context",
                "exact",
                "95-99",
                "85-94",
                "75-84",
                "50-74",
                "no-match"
            ]
        );
    }
}
