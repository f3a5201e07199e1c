//! Batch lookup (`tm lookup --stdin`): JSON Lines in, one JSON result per line out, for
//! scripts and CAT-tool bridges that keep one process open instead of starting one per
//! sentence.
//!
//! Each input line is an object `{"text", "from", "to", "prev"?, "next"?, "k"?, "min"?}`;
//! each output line is `{"line", "matches": [...]}` (the shape of `tm lookup --json`), or
//! `{"line", "error"}` for a line that is not such an object, so one bad line does not stop
//! the rest. Blank input lines are skipped. With `timings`, each result also carries
//! `"micros"`, the time the lookup took inside the process.

use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::json;

use super::{Match, Memory, MemoryError, Query};
use crate::error::IoError;
use crate::model::Lang;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    text: String,
    from: Lang,
    to: Lang,
    #[serde(default)]
    prev: Option<String>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    k: Option<usize>,
    #[serde(default)]
    min: Option<u8>,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Queries answered.
    pub queries: usize,
    /// Lines that were not a valid request.
    pub errors: usize,
}

/// Answers every request line of `input` on `output`, with `k` and `min` as defaults.
///
/// # Errors
/// Reading the input or writing the output fails (a bad request line is reported on its own
/// output line instead).
pub fn lookup_lines(
    memory: &Memory,
    input: impl BufRead,
    output: impl Write,
    k: usize,
    min: u8,
    timings: bool,
) -> Result<BatchStats, MemoryError> {
    lookup_lines_with(memory, input, output, k, min, timings, &|q| {
        memory.lookup(q)
    })
}

/// As [`lookup_lines`], with `lookup` answering each query (for a memory beside `memory`, such
/// as the drafts'); `memory`'s index of each source language is opened first.
///
/// # Errors
/// As [`lookup_lines`].
pub fn lookup_lines_with(
    memory: &Memory,
    input: impl BufRead,
    mut output: impl Write,
    k: usize,
    min: u8,
    timings: bool,
    lookup: &dyn Fn(&Query) -> Vec<Match>,
) -> Result<BatchStats, MemoryError> {
    let werr = |source| IoError::Write {
        path: "<stdout>".into(),
        source,
    };
    let mut stats = BatchStats::default();
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(|source| IoError::Read {
            path: "<stdin>".into(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let record = match serde_json::from_str::<Request>(&line) {
            Ok(r) => {
                let started = std::time::Instant::now();
                if memory.open_index(r.from).is_err() {
                    memory.index_of(r.from);
                }
                let query = Query {
                    text: &r.text,
                    from: r.from,
                    to: r.to,
                    k: r.k.unwrap_or(k),
                    min: r.min.unwrap_or(min),
                    prev: r.prev.as_deref(),
                    next: r.next.as_deref(),
                };
                let matches = lookup(&query);
                let micros = started.elapsed().as_micros() as u64;
                stats.queries += 1;
                let mut rec = json!({"line": n + 1, "query": r.text, "from": r.from, "to": r.to, "min": query.min, "matches": matches});
                if timings {
                    rec["micros"] = json!(micros);
                }
                rec
            }
            Err(e) => {
                stats.errors += 1;
                json!({"line": n + 1, "error": format!("expected {{\"text\", \"from\", \"to\", \"prev\"?, \"next\"?}}: {e}")})
            }
        };
        serde_json::to_writer(&mut output, &record).map_err(|e| werr(e.into()))?;
        output.write_all(b"\n").map_err(werr)?;
    }
    output.flush().map_err(werr)?;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Tu, Variant};

    #[test]
    fn answers_each_line_and_reports_bad_ones() {
        let mut m = Memory::new();
        m.add(Tu {
            variants: [
                (Lang::En, Variant::new(Lang::En, "The summit opened today.")),
                (Lang::Tr, Variant::new(Lang::Tr, "Zirve bugün açıldı.")),
            ]
            .into(),
            ..Tu::default()
        });
        let input = "{\"text\":\"The summit opened today.\",\"from\":\"en\",\"to\":\"tr\"}\n\nnot json\n{\"text\":\"Nothing like it at all here\",\"from\":\"en\",\"to\":\"tr\",\"prev\":\"x\"}\n";
        let mut out = Vec::new();
        let s = lookup_lines(&m, input.as_bytes(), &mut out, 5, 70, false).unwrap();
        assert_eq!((s.queries, s.errors), (2, 1));
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["matches"][0]["target"], "Zirve bugün açıldı.");
        assert_eq!(lines[0]["matches"][0]["score"], 100);
        assert_eq!(lines[1]["line"], 3);
        assert!(lines[1]["error"].as_str().unwrap().starts_with("expected"));
        assert_eq!(lines[2]["matches"].as_array().unwrap().len(), 0);
    }
}
