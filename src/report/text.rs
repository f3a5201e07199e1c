//! The text report, for a terminal: a table per article (one row per target language: segments
//! and source words per state, complete percentage), then the findings grouped by draft, then
//! the gates and a one-line summary. The summary goes through a Fluent bundle
//! (`ftl/<lang>/check.ftl`) so its counts get each language's plural forms.

use std::fmt::Write as _;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

use super::{GateKind, Pair, Report, Severity, Tally};
use crate::model::Lang;

const FTL_EN: &str = include_str!("ftl/en/check.ftl");
const FTL_TR: &str = include_str!("ftl/tr/check.ftl");
const FTL_RU: &str = include_str!("ftl/ru/check.ftl");

/// Longest source or target text shown in a finding before it is cut with `…`.
const SHOW_CHARS: usize = 160;

/// Renders the whole text report; `summary_lang` is the language of the summary line.
pub fn render(report: &Report, summary_lang: Lang) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < report.pairs.len() {
        let slug = &report.pairs[i].slug;
        let n = report.pairs[i..]
            .iter()
            .take_while(|p| &p.slug == slug)
            .count();
        table(&mut out, &report.pairs[i..i + n]);
        i += n;
    }
    if !report.findings.is_empty() {
        out.push_str("findings\n");
        let mut current = None;
        for f in &report.findings {
            if current != Some(&f.draft) {
                current = Some(&f.draft);
                let _ = writeln!(out, "  {} (source {})", f.draft.display(), f.file.display());
            }
            let id = f.id.as_ref().map_or("-", |i| i.as_str());
            let line = if f.line > 0 {
                format!("line {}", f.line)
            } else {
                "-".to_string()
            };
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(
                out,
                "    {line:<9} {sev:<7} {:<13} {id}: {}",
                f.kind.as_str(),
                f.message
            );
            if !f.source.is_empty() {
                let _ = writeln!(out, "              source: {}", shorten(&f.source));
            }
            if let Some(t) = &f.target {
                let _ = writeln!(out, "              target: {}", shorten(t));
            }
        }
        out.push('\n');
    }
    out.push_str("gates\n");
    for g in &report.gates {
        let verdict = if g.passed { "pass" } else { "FAIL" };
        let what = match g.kind {
            GateKind::MaxUntranslated => format!(
                "max-untranslated: {} untranslated (limit {})",
                g.actual, g.limit
            ),
            GateKind::MinComplete => format!(
                "min-complete {}: lowest {:.1} % (limit {} %)",
                g.lang.map_or("-", Lang::code),
                g.actual,
                g.limit
            ),
            GateKind::Placeholders => {
                format!("placeholders: {} mismatched (limit 0)", g.actual)
            }
            GateKind::Terminology => {
                if g.passed && g.actual > 0.0 {
                    format!("terminology: {} glossary findings (warnings)", g.actual)
                } else {
                    format!("terminology: {} glossary findings (limit 0)", g.actual)
                }
            }
        };
        let below = if g.failing.is_empty() {
            String::new()
        } else {
            format!(": {}", g.failing.join(", "))
        };
        let _ = writeln!(out, "  {verdict}  {what}{below}");
    }
    out.push('\n');
    out.push_str(&summary(report, summary_lang));
    out.push('\n');
    out
}

fn table(out: &mut String, pairs: &[Pair]) {
    let first = &pairs[0];
    let _ = writeln!(
        out,
        "{} ({}, {})  segments/words",
        first.slug,
        first.source_lang,
        first.source.display()
    );
    let cell = |t: Tally| format!("{}/{}", t.segments, t.words);
    let mut rows = vec![[
        "lang",
        "new",
        "fuzzy",
        "translated",
        "reviewed",
        "stale",
        "missing",
        "complete",
        "",
    ]
    .map(String::from)];
    for p in pairs {
        let c = &p.counts;
        let pm = c.complete_permille();
        rows.push([
            p.target_lang.code().to_string(),
            cell(c.new),
            cell(c.fuzzy),
            cell(c.translated),
            cell(c.reviewed),
            cell(c.stale),
            cell(c.missing),
            format!("{}.{} %", pm / 10, pm % 10),
            match (p.draft_exists, p.passed) {
                (false, _) => "no draft".to_string(),
                (true, true) => "ok".to_string(),
                (true, false) => "FAIL".to_string(),
            },
        ]);
    }
    let widths: Vec<usize> = (0..9)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let mut line = String::from(" ");
        for (c, v) in r.iter().enumerate() {
            let pad = widths[c] - v.chars().count();
            line.push(' ');
            if c == 0 || c == 8 {
                line.push_str(v);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(v);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push('\n');
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= SHOW_CHARS {
        return s.to_string();
    }
    let mut t: String = s.chars().take(SHOW_CHARS - 1).collect();
    t.push('…');
    t
}

/// The summary line in `lang` (English for a language without a bundle), e.g.
/// `checked 3 articles in 2 languages: 5 untranslated segments (42 words), 3 errors,
/// 1 warning; 1 gate failed`.
pub fn summary(report: &Report, lang: Lang) -> String {
    let (ftl, tag) = match lang {
        Lang::En => (FTL_EN, "en"),
        Lang::Tr => (FTL_TR, "tr"),
        Lang::Ru => (FTL_RU, "ru"),
    };
    let resource =
        FluentResource::try_new(ftl.to_string()).expect("the embedded check.ftl parses (tested)");
    let mut bundle = FluentBundle::new(vec![tag.parse().expect("a valid language tag")]);
    // Unicode isolation marks would leak into terminals and snapshots; the values are numbers.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .expect("check.ftl has no duplicate ids (tested)");
    let failed = report.gates.iter().filter(|g| !g.passed).count();
    let mut args = FluentArgs::new();
    args.set("articles", FluentValue::from(report.articles()));
    args.set("languages", FluentValue::from(report.languages().len()));
    args.set(
        "untranslated",
        FluentValue::from(report.totals.untranslated.segments),
    );
    args.set("words", FluentValue::from(report.totals.untranslated.words));
    args.set("errors", FluentValue::from(report.count(Severity::Error)));
    args.set(
        "warnings",
        FluentValue::from(report.count(Severity::Warning)),
    );
    args.set("failed", FluentValue::from(failed));
    let format = |id: &str| -> String {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    };
    let result = if failed == 0 {
        format("check-gates-passed")
    } else {
        format("check-gates-failed")
    };
    format!("{}; {result}", format("check-summary"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Counts, Gate, Report};

    fn report(untranslated: usize, failed: usize) -> Report {
        let mut totals = Counts::default();
        totals.untranslated.segments = untranslated;
        totals.untranslated.words = untranslated * 7;
        let gate = |passed| Gate {
            kind: GateKind::Placeholders,
            lang: None,
            limit: 0.0,
            actual: 0.0,
            passed,
            failing: Vec::new(),
        };
        Report {
            pairs: Vec::new(),
            findings: Vec::new(),
            gates: (0..3).map(|i| gate(i >= failed)).collect(),
            totals,
            allow_fuzzy: false,
        }
    }

    #[test]
    fn english_summary_uses_one_and_other() {
        assert_eq!(
            summary(&report(1, 1), Lang::En),
            "checked 0 articles in 0 languages: 1 untranslated segment (7 words), 0 errors, 0 warnings; 1 gate failed"
        );
        assert!(summary(&report(0, 0), Lang::En).contains("no untranslated segments"));
        assert!(summary(&report(0, 0), Lang::En).ends_with("all gates passed"));
    }

    #[test]
    fn russian_summary_uses_one_few_many() {
        let s = summary(&report(21, 2), Lang::Ru);
        assert!(s.contains("21 непереведённый сегмент (147 слов)"), "{s}");
        assert!(s.contains("не пройдены 2 порога"), "{s}");
        let s = summary(&report(3, 3), Lang::Ru);
        assert!(s.contains("3 непереведённых сегмента (21 слово)"), "{s}");
        let s = summary(&report(5, 0), Lang::Ru);
        assert!(s.contains("5 непереведённых сегментов (35 слов)"), "{s}");
    }

    #[test]
    fn turkish_summary_keeps_nouns_singular() {
        let s = summary(&report(2, 1), Lang::Tr);
        assert!(s.contains("2 çevrilmemiş segment (14 kelime)"), "{s}");
        assert!(s.ends_with("1 eşik geçilemedi"), "{s}");
    }
}
