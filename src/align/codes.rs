//! Renumbering a translation's placeholders to its source segment's: the target file was
//! segmented on its own, so its `{1}` is not necessarily the source's `{1}`.
//!
//! Codes are matched as units (an open/close pair or a standalone code) by what they are:
//! footnote markers by their raw text (`[3]` ↔ `[3]`), links by URL, images, code spans and
//! HTML by raw text, and the rest (emphasis, strong, breaks) by kind in order of appearance.

use crate::model::{scan_placeholders, Code, CodeKind, CodeRole};

/// One placeholder unit: the codes sharing an id.
struct Unit {
    part: usize,
    id: u32,
    kind: CodeKind,
    key: String,
}

fn units(part: usize, codes: &[Code]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for c in codes {
        if out.iter().any(|u| u.part == part && u.id == c.id) {
            if c.kind == CodeKind::Link && c.role == CodeRole::Close {
                if let Some(u) = out.iter_mut().find(|u| u.part == part && u.id == c.id) {
                    u.key = link_url(&c.raw);
                }
            }
            continue;
        }
        let key = match c.kind {
            CodeKind::Footnote | CodeKind::Image | CodeKind::Code | CodeKind::Html => c.raw.clone(),
            CodeKind::Link if c.role == CodeRole::Close => link_url(&c.raw),
            _ => String::new(),
        };
        out.push(Unit {
            part,
            id: c.id,
            kind: c.kind,
            key,
        });
    }
    out
}

fn link_url(raw: &str) -> String {
    raw.trim_start_matches(']')
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string()
}

/// Joins target segments (`(text, codes)` each) into one target text whose placeholders carry
/// the numbers of the matching codes of `source` (the codes of the source segment, or of
/// several segments for a 2-1 link).
///
/// Returns the text and, when some placeholders could not be matched, a description of them;
/// unmatched target codes get numbers above every source number so they stay visible.
pub fn renumber(source: &[Code], parts: &[(&str, &[Code])]) -> (String, Option<String>) {
    let src = units(0, source);
    let tgt: Vec<Unit> = parts
        .iter()
        .enumerate()
        .flat_map(|(k, (_, codes))| units(k, codes))
        .collect();
    let mut map: Vec<Option<u32>> = vec![None; tgt.len()];
    let mut used = vec![false; src.len()];
    // Identity first (footnotes, links, images, code), then kind in order.
    for pass in 0..2 {
        for (ti, t) in tgt.iter().enumerate() {
            if map[ti].is_some() || (pass == 0) == t.key.is_empty() {
                continue;
            }
            if let Some(si) = (0..src.len()).find(|&si| {
                !used[si] && src[si].kind == t.kind && (pass == 1 || src[si].key == t.key)
            }) {
                used[si] = true;
                map[ti] = Some(src[si].id);
            }
        }
    }
    let mut next = source.iter().map(|c| c.id).max().unwrap_or(0) + 1;
    let mut problems = Vec::new();
    for (ti, t) in tgt.iter().enumerate() {
        if map[ti].is_none() {
            problems
                .push(format!("extra {:?} `{}` in the translation", t.kind, t.key).to_lowercase());
            map[ti] = Some(next);
            next += 1;
        }
    }
    for (si, s) in src.iter().enumerate() {
        if !used[si] {
            problems.push(
                format!(
                    "{:?} `{}` of the source not in the translation",
                    s.kind, s.key
                )
                .to_lowercase(),
            );
        }
    }
    let mut out = String::new();
    for (k, (text, _)) in parts.iter().enumerate() {
        if k > 0 && !out.is_empty() {
            out.push(' ');
        }
        let mut last = 0;
        for (r, id, role) in scan_placeholders(text) {
            out.push_str(&text[last..r.start]);
            let new = tgt
                .iter()
                .position(|u| u.part == k && u.id == id)
                .and_then(|ti| map[ti])
                .unwrap_or(id);
            out.push_str(&crate::model::placeholder_token(new, role));
            last = r.end;
        }
        out.push_str(&text[last..]);
    }
    let problems = (!problems.is_empty()).then(|| format!("placeholders: {}", problems.join("; ")));
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(id: u32, role: CodeRole, kind: CodeKind, raw: &str) -> Code {
        Code {
            id,
            role,
            kind,
            raw: raw.to_string(),
        }
    }

    #[test]
    fn footnotes_match_by_marker_and_links_by_url() {
        let source = vec![
            code(1, CodeRole::Open, CodeKind::Link, "["),
            code(1, CodeRole::Close, CodeKind::Link, "](https://a.example)"),
            code(2, CodeRole::Standalone, CodeKind::Footnote, "[3]"),
        ];
        let t1 = vec![code(1, CodeRole::Standalone, CodeKind::Footnote, "[3]")];
        let t2 = vec![
            code(1, CodeRole::Open, CodeKind::Link, "["),
            code(1, CodeRole::Close, CodeKind::Link, "](https://a.example)"),
        ];
        let (text, problems) = renumber(&source, &[("Bir.{1/}", &t1), ("{1}İki{/1}.", &t2)]);
        assert_eq!(text, "Bir.{2/} {1}İki{/1}.");
        assert_eq!(problems, None);
        let src_text = "{1}One{/1} two.{2/}";
        assert!(crate::draft::check_placeholders(src_text, &text).is_ok());
    }

    #[test]
    fn unmatched_codes_are_reported_and_kept_visible() {
        let source = vec![code(1, CodeRole::Standalone, CodeKind::Footnote, "[1]")];
        let t = vec![code(1, CodeRole::Standalone, CodeKind::Footnote, "[2]")];
        let (text, problems) = renumber(&source, &[("Bir.{1/}", &t)]);
        assert_eq!(text, "Bir.{2/}");
        assert!(problems.unwrap().contains("`[2]`"));
    }
}
