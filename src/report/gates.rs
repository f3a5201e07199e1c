//! Gates: the release rules a report is judged by. `max-untranslated` caps the untranslated
//! segments of the whole check; `min-complete` asks each article to be at least so complete in
//! each target language; `placeholders` allows no target whose placeholders or footnote markers
//! differ from its source (assembling it would break the markup). Warnings never fail a gate.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Counts, Finding, Kind, Pair};
use crate::config::{CheckConfig, Terminology, DEFAULT_MIN_COMPLETE};
use crate::model::Lang;

/// The gates to apply, from `[check]` and the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gates {
    /// Most untranslated segments allowed over the whole check.
    pub max_untranslated: usize,
    /// Whether fuzzy segments count as translated.
    pub allow_fuzzy: bool,
    /// Lowest complete percentage per target language.
    pub min_complete: BTreeMap<Lang, u8>,
    /// Lowest complete percentage of a language not in `min_complete`.
    pub default_min_complete: u8,
    /// How glossary findings count.
    pub terminology: Terminology,
    /// Whether the project has a glossary (set by `check`).
    pub glossary: bool,
}

impl Default for Gates {
    fn default() -> Self {
        Gates::from_config(&CheckConfig::default())
    }
}

/// Which rule a gate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateKind {
    /// Untranslated segments over the whole check ≤ limit.
    MaxUntranslated,
    /// Each article's complete percentage in one language ≥ limit.
    MinComplete,
    /// Targets with placeholder mismatches = 0.
    Placeholders,
    /// Glossary findings = 0 (with `terminology = "error"`; reported, never failing, with
    /// `warn`).
    Terminology,
}

impl GateKind {
    /// The gate's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            GateKind::MaxUntranslated => "max-untranslated",
            GateKind::MinComplete => "min-complete",
            GateKind::Placeholders => "placeholders",
            GateKind::Terminology => "terminology",
        }
    }
}

/// One gate and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    /// Which rule.
    pub kind: GateKind,
    /// The target language, for `min-complete`.
    pub lang: Option<Lang>,
    /// The limit: a segment count, or a percentage for `min-complete`.
    pub limit: f64,
    /// What was found: a segment count, or for `min-complete` the lowest complete percentage
    /// (one decimal, rounded down).
    pub actual: f64,
    /// Whether it passed.
    pub passed: bool,
    /// For `min-complete`, the slugs below the limit.
    pub failing: Vec<String>,
}

impl Gates {
    /// The gates `[check]` asks for.
    pub fn from_config(c: &CheckConfig) -> Gates {
        Gates {
            max_untranslated: c.max_untranslated,
            allow_fuzzy: c.allow_fuzzy,
            min_complete: c.min_complete.clone(),
            default_min_complete: DEFAULT_MIN_COMPLETE,
            terminology: c.terminology,
            glossary: false,
        }
    }

    /// The lowest complete percentage `lang` needs.
    pub fn min_complete_for(&self, lang: Lang) -> u8 {
        self.min_complete
            .get(&lang)
            .copied()
            .unwrap_or(self.default_min_complete)
    }

    /// Judges the pairs and findings, marks each pair passed or not, and returns the gates in
    /// report order: `max-untranslated`, `min-complete` per language, `placeholders`, then
    /// `terminology` unless it is off.
    pub(super) fn apply(
        &self,
        pairs: &mut [Pair],
        findings: &[Finding],
        totals: &Counts,
    ) -> Vec<Gate> {
        let mut gates = Vec::new();
        let untranslated = totals.untranslated.segments;
        let max_ok = untranslated <= self.max_untranslated;
        gates.push(Gate {
            kind: GateKind::MaxUntranslated,
            lang: None,
            limit: self.max_untranslated as f64,
            actual: untranslated as f64,
            passed: max_ok,
            failing: if max_ok {
                Vec::new()
            } else {
                slugs(pairs.iter().filter(|p| p.counts.untranslated.segments > 0))
            },
        });
        let mut langs: Vec<Lang> = pairs.iter().map(|p| p.target_lang).collect();
        langs.sort();
        langs.dedup();
        for lang in langs {
            let limit = u32::from(self.min_complete_for(lang));
            let of_lang: Vec<&Pair> = pairs.iter().filter(|p| p.target_lang == lang).collect();
            let lowest = of_lang
                .iter()
                .map(|p| p.counts.complete_permille())
                .min()
                .unwrap_or(1000);
            let failing = slugs(
                of_lang
                    .iter()
                    .copied()
                    .filter(|p| p.counts.complete_permille() < limit * 10),
            );
            gates.push(Gate {
                kind: GateKind::MinComplete,
                lang: Some(lang),
                limit: f64::from(limit),
                actual: f64::from(lowest) / 10.0,
                passed: failing.is_empty(),
                failing,
            });
        }
        let broken: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.kind == Kind::Placeholders)
            .collect();
        gates.push(Gate {
            kind: GateKind::Placeholders,
            lang: None,
            limit: 0.0,
            actual: broken.len() as f64,
            passed: broken.is_empty(),
            failing: {
                let mut s: Vec<String> = broken.iter().map(|f| f.slug.clone()).collect();
                s.dedup();
                s
            },
        });
        let term_findings: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.kind.is_terminology())
            .collect();
        let terms_block = self.terminology == Terminology::Error;
        // Listed when it has something to judge: a glossary, or a finding.
        if self.terminology != Terminology::Off && (self.glossary || !term_findings.is_empty()) {
            let passed = !terms_block || term_findings.is_empty();
            gates.push(Gate {
                kind: GateKind::Terminology,
                lang: None,
                limit: 0.0,
                actual: term_findings.len() as f64,
                passed,
                failing: if passed {
                    Vec::new()
                } else {
                    let mut s: Vec<String> = term_findings.iter().map(|f| f.slug.clone()).collect();
                    s.sort();
                    s.dedup();
                    s
                },
            });
        }
        for p in pairs.iter_mut() {
            let terms_ok = !terms_block
                || !term_findings
                    .iter()
                    .any(|f| f.slug == p.slug && f.lang == p.target_lang);
            let complete = p.counts.complete_permille()
                >= u32::from(self.min_complete_for(p.target_lang)) * 10;
            let untranslated_ok = max_ok || p.counts.untranslated.segments == 0;
            let markup_ok = !broken
                .iter()
                .any(|f| f.slug == p.slug && f.lang == p.target_lang);
            p.passed = complete && untranslated_ok && markup_ok && terms_ok;
        }
        gates
    }
}

fn slugs<'a>(pairs: impl Iterator<Item = &'a Pair>) -> Vec<String> {
    let mut v: Vec<String> = pairs.map(|p| p.slug.clone()).collect();
    v.dedup();
    v
}
