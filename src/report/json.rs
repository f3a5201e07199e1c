//! The JSON report: one pretty-printed object, stable and documented in
//! `schemas/check-report.schema.json` (`format` = `polypress-check/1`). Paths are relative to
//! the project root; pairs are sorted by slug and language, findings by slug, language, line
//! and kind. Percentages have one decimal, rounded down.

use serde_json::{json, Map, Value};

use super::{Counts, Finding, Gate, Pair, Report, Severity, Tally};

/// The value of the report's `format` key.
pub const FORMAT: &str = "polypress-check/1";

/// Renders the report as JSON text with a final newline.
pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&value(report)).expect("plain JSON values");
    s.push('\n');
    s
}

/// The report as a JSON value.
pub fn value(report: &Report) -> Value {
    json!({
        "format": FORMAT,
        "passed": report.passed(),
        "summary": {
            "articles": report.articles(),
            "languages": report.languages(),
            "pairs": report.pairs.len(),
            "counts": counts(&report.totals),
            "complete": percent(report.totals.complete_permille()),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
        },
        "gates": report.gates.iter().map(gate).collect::<Vec<_>>(),
        "articles": report.pairs.iter().map(pair).collect::<Vec<_>>(),
        "findings": report.findings.iter().map(finding).collect::<Vec<_>>(),
    })
}

fn tally(t: Tally) -> Value {
    json!({"segments": t.segments, "words": t.words})
}

fn counts(c: &Counts) -> Value {
    json!({
        "total": tally(c.total),
        "new": tally(c.new),
        "fuzzy": tally(c.fuzzy),
        "translated": tally(c.translated),
        "reviewed": tally(c.reviewed),
        "stale": tally(c.stale),
        "missing": tally(c.missing),
        "untranslated": tally(c.untranslated),
    })
}

/// Tenths of a percent as a JSON number (`1000` → `100`, `635` → `63.5`).
fn percent(permille: u32) -> Value {
    number(f64::from(permille) / 10.0)
}

/// Whole numbers as integers, others as floats, so `100` does not print as `100.0`.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

fn gate(g: &Gate) -> Value {
    json!({
        "gate": g.kind.as_str(),
        "lang": g.lang,
        "limit": number(g.limit),
        "actual": number(g.actual),
        "passed": g.passed,
        "failing": g.failing,
    })
}

fn pair(p: &Pair) -> Value {
    json!({
        "slug": p.slug,
        "source": p.source.display().to_string(),
        "source_lang": p.source_lang,
        "target_lang": p.target_lang,
        "draft": p.draft.display().to_string(),
        "draft_exists": p.draft_exists,
        "counts": counts(&p.counts),
        "complete": percent(p.counts.complete_permille()),
        "orphaned": p.orphaned,
        "passed": p.passed,
    })
}

fn finding(f: &Finding) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!(f.kind.as_str()));
    m.insert("severity".into(), json!(f.severity));
    m.insert("slug".into(), json!(f.slug));
    m.insert("lang".into(), json!(f.lang));
    m.insert("file".into(), json!(f.file.display().to_string()));
    m.insert("draft".into(), json!(f.draft.display().to_string()));
    m.insert("id".into(), json!(f.id));
    m.insert("line".into(), json!(f.line));
    m.insert("column".into(), json!(f.column));
    m.insert("source".into(), json!(f.source));
    m.insert("target".into(), json!(f.target));
    m.insert("message".into(), json!(f.message));
    Value::Object(m)
}
