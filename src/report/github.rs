//! GitHub Actions workflow annotations: one `::error` (or `::warning` for fuzzy, orphaned,
//! numbers and identical findings) per finding, pointing at the segment's line in the source
//! article, then one `::error` per failed gate and the English summary line. Values are escaped
//! as the Actions toolkit does (`%`, CR, LF; also `:` and `,` in properties).

use std::fmt::Write as _;

use super::{text, Report, Severity};
use crate::model::Lang;

/// Renders the report as workflow commands, one per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (file, line) = if f.line > 0 {
            (
                f.file.display().to_string(),
                format!(",line={},col={}", f.line, f.column),
            )
        } else {
            (f.draft.display().to_string(), String::new())
        };
        let title = format!("{} ({} → {})", f.kind.as_str(), f.slug, f.lang);
        let id = f.id.as_ref().map_or("-", |i| i.as_str());
        let mut message = format!("{}: segment {id}: {}", f.draft.display(), f.message);
        if !f.source.is_empty() {
            message.push_str(&format!("\nsource: {}", f.source));
        }
        if let Some(t) = &f.target {
            message.push_str(&format!("\ntarget: {t}"));
        }
        let _ = writeln!(
            out,
            "::{level} file={}{line},title={}::{}",
            property(&file),
            property(&title),
            data(&message)
        );
    }
    for g in report.gates.iter().filter(|g| !g.passed) {
        let lang = g.lang.map_or(String::new(), |l| format!(" {l}"));
        let mut message = format!(
            "gate {}{lang} failed: {} (limit {})",
            g.kind.as_str(),
            g.actual,
            g.limit
        );
        if !g.failing.is_empty() {
            message.push_str(&format!(": {}", g.failing.join(", ")));
        }
        let _ = writeln!(
            out,
            "::error title={}::{}",
            property("polypress check gate"),
            data(&message)
        );
    }
    out.push_str(&text::summary(report, Lang::En));
    out.push('\n');
    out
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
