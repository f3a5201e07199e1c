//! A minimal SARIF 2.1.0 log (for code-scanning dashboards): one run, the finding kinds as
//! rules, one result per finding located at the segment's line in the source article (or at
//! the draft when there is no line). Failed gates are not findings and are not in the log.

use serde_json::{json, Value};

use super::{Kind, Report, Severity};

/// The SARIF schema the log declares.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the report as a SARIF 2.1.0 log.
pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.as_str(),
                "shortDescription": {"text": k.describe()},
                "defaultConfiguration": {"level": level(k.severity())},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let location = if f.line > 0 {
                json!({"physicalLocation": {
                    "artifactLocation": {"uri": uri(&f.file.display().to_string())},
                    "region": {"startLine": f.line, "startColumn": f.column.max(1)},
                }})
            } else {
                json!({"physicalLocation": {
                    "artifactLocation": {"uri": uri(&f.draft.display().to_string())},
                }})
            };
            let id = f.id.as_ref().map_or("-", |i| i.as_str());
            json!({
                "ruleId": f.kind.as_str(),
                "ruleIndex": Kind::ALL.iter().position(|k| *k == f.kind),
                "level": level(f.severity),
                "message": {"text": format!("{} ({}): segment {id}: {}", f.draft.display(), f.lang, f.message)},
                "locations": [location],
                "properties": {"slug": f.slug, "lang": f.lang, "segment": f.id, "source": f.source},
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "polypress",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("plain JSON values");
    s.push('\n');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path as a URI reference: `/` separators, spaces and `%` escaped.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}
