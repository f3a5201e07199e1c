//! The JUnit XML report, for CI systems that render test results: one `<testsuite>` per target
//! language, one `<testcase>` per article in it. A case fails when its article × language
//! fails a gate; the failure lists the untranslated, stale and broken segments (file:line, id,
//! source text). Warnings go to the case's `<system-out>`. Valid against Jenkins' `junit-10.xsd`;
//! times are `0` and there is no timestamp, so the output is deterministic.

use std::fmt::Write as _;

use super::{Finding, Kind, Pair, Report, Severity};

/// Renders the report as JUnit XML.
pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = report.pairs.iter().filter(|p| !p.passed).count();
    let _ = writeln!(
        out,
        "<testsuites name=\"polypress check\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" time=\"0\">",
        report.pairs.len()
    );
    for lang in report.languages() {
        let pairs: Vec<&Pair> = report
            .pairs
            .iter()
            .filter(|p| p.target_lang == lang)
            .collect();
        let failed = pairs.iter().filter(|p| !p.passed).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"polypress check {lang}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            pairs.len()
        );
        for p in pairs {
            case(&mut out, report, p);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn case(out: &mut String, report: &Report, p: &Pair) {
    let lang = p.target_lang;
    let _ = write!(
        out,
        "    <testcase name=\"{}\" classname=\"polypress.check.{lang}\" time=\"0\"",
        escape(&format!("{} ({} → {lang})", p.slug, p.source_lang))
    );
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.slug == p.slug && f.lang == lang)
        .collect();
    // Fuzzy segments count as untranslated unless allowed: list them with the failures then.
    let blocks = |f: &Finding| {
        f.severity == Severity::Error || (f.kind == Kind::Fuzzy && !report.allow_fuzzy)
    };
    let warnings: Vec<&&Finding> = findings.iter().filter(|f| !blocks(f)).collect();
    if p.passed && warnings.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if !p.passed {
        let c = &p.counts;
        let pm = c.complete_permille();
        let message = format!(
            "{} untranslated segments ({} words), complete {}.{} %",
            c.untranslated.segments,
            c.untranslated.words,
            pm / 10,
            pm % 10
        );
        let mut body = String::new();
        for f in findings.iter().filter(|f| blocks(f)) {
            body.push_str(&line(f));
        }
        let blocking_terms = findings
            .iter()
            .filter(|f| blocks(f) && f.kind.is_terminology())
            .count();
        let only_terms = p.draft_exists && c.untranslated.segments == 0 && blocking_terms > 0;
        let message = if only_terms {
            format!("{blocking_terms} glossary findings")
        } else {
            message
        };
        let kind = if !p.draft_exists {
            "missing-draft"
        } else if only_terms {
            "terminology"
        } else {
            Kind::Untranslated.as_str()
        };
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            kind,
            escape(&message),
            escape_text(&body)
        );
    }
    if !warnings.is_empty() {
        let body: String = warnings.iter().map(|f| line(f)).collect();
        let _ = writeln!(out, "      <system-out>{}</system-out>", escape_text(&body));
    }
    out.push_str("    </testcase>\n");
}

fn line(f: &Finding) -> String {
    let id = f.id.as_ref().map_or("-", |i| i.as_str());
    let at = if f.line > 0 {
        format!("{}:{}", f.file.display(), f.line)
    } else {
        f.draft.display().to_string()
    };
    let source = if f.source.is_empty() {
        String::new()
    } else {
        format!("\n    {}", f.source)
    };
    format!("{at}: {} {id}: {}{source}\n", f.kind.as_str(), f.message)
}

/// Escapes element content, keeping line breaks as they are; drops characters XML 1.0 forbids.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::xml::escape_text(&mut out, s, |_, _| {});
    out
}

/// Escapes text for XML attribute values (line breaks as `&#10;`); drops characters XML 1.0
/// forbids.
fn escape(s: &str) -> String {
    let kept: String = s.chars().filter(|&c| crate::xml::is_xml_char(c)).collect();
    crate::xml::escape_attr(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
