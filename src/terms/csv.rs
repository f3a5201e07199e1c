//! CSV glossaries: a header row, then one row per entry (RFC 4180 quoting; a UTF-8 BOM is
//! allowed, as spreadsheets write it).
//!
//! Columns, in any order, names case-insensitive:
//! - one per language (`en`, `tr`, `ru`; `en-US` and the like too): the renderings, the
//!   preferred first, then admitted ones, separated by `|` (`Средний коридор|Срединный путь`);
//! - `forbidden` (optional): renderings a target must not use, each prefixed by its language,
//!   separated by `|` (`ru:Срединный коридор|tr:Orta Koridoru`); `forbidden_ru` and the like
//!   hold one language's without prefixes;
//! - `note` (optional): a note for translators;
//! - `case_sensitive` (optional): `yes`/`true`/`1` to match letter case exactly, empty or
//!   `no`/`false`/`0` otherwise;
//! - `id` (optional): a stable id; made from the first rendering when absent.
//!
//! A row whose cells are all empty is skipped. Errors name the file and line.

use std::path::Path;

use super::{dedupe_ids, make_id, Glossary, Status, Term, TermEntry, TermsError};
use crate::error::Location;
use crate::model::Lang;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Id,
    Lang(Lang),
    Forbidden,
    ForbiddenIn(Lang),
    Note,
    CaseSensitive,
    /// A language polypress does not publish in: read, not kept.
    Other,
}

fn column(name: &str) -> Option<Column> {
    let n = name.trim().to_ascii_lowercase();
    match n.as_str() {
        "id" => return Some(Column::Id),
        "note" | "notes" => return Some(Column::Note),
        "forbidden" => return Some(Column::Forbidden),
        "case_sensitive" | "case-sensitive" => return Some(Column::CaseSensitive),
        _ => {}
    }
    if let Some(l) = n
        .strip_prefix("forbidden_")
        .or_else(|| n.strip_prefix("forbidden:"))
    {
        return Lang::from_tag(l).map(Column::ForbiddenIn);
    }
    if let Some(l) = Lang::from_tag(&n) {
        return Some(Column::Lang(l));
    }
    // A BCP 47-looking tag of another language.
    let looks_like_tag = n.len() >= 2
        && n.split(['-', '_']).next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        });
    looks_like_tag.then_some(Column::Other)
}

fn split_cell(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Parses a CSV glossary; `path` names it in errors.
///
/// # Errors
/// Malformed CSV, an unknown column, a row without any rendering, a `forbidden` item without
/// its language, a `case_sensitive` value that is not yes or no.
pub fn parse(text: &str, path: &Path) -> Result<Glossary, TermsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let at = |line: u64| Location::new(path, line as usize, 0);
    let csv_err = |e: ::csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        TermsError::Parse {
            at: at(line),
            message: format!(
                "{e} (expected CSV: comma-separated, fields with commas in double quotes)"
            ),
        }
    };
    let mut records = reader.records();
    let header = match records.next() {
        None => return Ok(Glossary::default()),
        Some(r) => r.map_err(csv_err)?,
    };
    let mut cols = Vec::new();
    for name in header.iter() {
        let c = column(name).ok_or_else(|| TermsError::Parse {
            at: at(1),
            message: format!(
                "unknown column `{}` (expected language codes such as `en`, `tr`, `ru`, and optionally `id`, `note`, `forbidden`, `case_sensitive`)",
                name.trim()
            ),
        })?;
        cols.push(c);
    }
    if !cols.iter().any(|c| matches!(c, Column::Lang(_))) {
        return Err(TermsError::Parse {
            at: at(1),
            message: "no language column in the header (expected e.g. `en,tr,ru`)".into(),
        });
    }
    let mut g = Glossary::default();
    for rec in records {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > cols.len() {
            return Err(TermsError::Parse {
                at: at(line),
                message: format!(
                    "{} fields but the header names {} columns",
                    rec.len(),
                    cols.len()
                ),
            });
        }
        let mut e = TermEntry {
            id: String::new(),
            terms: Vec::new(),
            note: None,
            case_sensitive: false,
            origin: at(line),
        };
        let term = |lang, text: &str, status| Term {
            lang,
            text: text.to_string(),
            status,
            line: line as usize,
        };
        for (cell, col) in rec.iter().zip(&cols) {
            match *col {
                Column::Id => e.id = cell.trim().to_string(),
                Column::Note => {
                    let n = cell.trim();
                    e.note = (!n.is_empty()).then(|| n.to_string());
                }
                Column::CaseSensitive => {
                    e.case_sensitive = match cell.trim().to_ascii_lowercase().as_str() {
                        "" | "no" | "false" | "0" => false,
                        "yes" | "true" | "1" => true,
                        other => {
                            return Err(TermsError::Parse {
                                at: at(line),
                                message: format!("case_sensitive `{other}` (expected yes or no)"),
                            })
                        }
                    }
                }
                Column::Lang(lang) => {
                    for (i, t) in split_cell(cell).enumerate() {
                        let status = if i == 0 {
                            Status::Preferred
                        } else {
                            Status::Admitted
                        };
                        e.terms.push(term(lang, t, status));
                    }
                }
                Column::ForbiddenIn(lang) => {
                    for t in split_cell(cell) {
                        e.terms.push(term(lang, t, Status::Forbidden));
                    }
                }
                Column::Forbidden => {
                    for item in split_cell(cell) {
                        let parsed = item
                            .split_once(':')
                            .and_then(|(l, t)| Some((Lang::from_tag(l)?, t.trim())))
                            .filter(|(_, t)| !t.is_empty());
                        let Some((lang, t)) = parsed else {
                            return Err(TermsError::Parse {
                                at: at(line),
                                message: format!(
                                    "forbidden rendering `{item}` without its language (expected e.g. `ru:Срединный коридор`)"
                                ),
                            });
                        };
                        e.terms.push(term(lang, t, Status::Forbidden));
                    }
                }
                Column::Other => {}
            }
        }
        if !e.terms.iter().any(|t| t.status.is_allowed()) {
            return Err(TermsError::Parse {
                at: at(line),
                message: "row without any rendering (expected at least one language cell filled)"
                    .into(),
            });
        }
        e.normalize();
        if e.id.is_empty() {
            e.id = make_id(e.label());
        }
        g.entries.push(e);
    }
    dedupe_ids(&mut g.entries);
    Ok(g)
}

/// Writes a glossary as CSV: `id,en,tr,ru,note,forbidden,case_sensitive`.
pub fn write(g: &Glossary) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header = vec!["id".to_string()];
    header.extend(Lang::ALL.iter().map(|l| l.code().to_string()));
    header.extend(["note", "forbidden", "case_sensitive"].map(String::from));
    w.write_record(&header).expect("writing to memory");
    for e in &g.entries {
        let mut row = vec![e.id.clone()];
        for lang in Lang::ALL {
            let cell: Vec<&str> = e.allowed(lang).map(|t| t.text.as_str()).collect();
            row.push(cell.join("|"));
        }
        row.push(e.note.clone().unwrap_or_default());
        let forbidden: Vec<String> = e
            .terms
            .iter()
            .filter(|t| t.status == Status::Forbidden)
            .map(|t| format!("{}:{}", t.lang, t.text))
            .collect();
        row.push(forbidden.join("|"));
        row.push(if e.case_sensitive { "yes" } else { "" }.to_string());
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_in_any_order_with_admitted_and_forbidden() {
        let text = "\u{feff}RU,en,Note,forbidden,case_sensitive,de\n\
                    Средний коридор|Срединный маршрут,Middle Corridor,\"Trans-Caspian, TITR\",ru:Срединный коридор|tr:Orta Koridoru,,Mittlerer Korridor\n\
                    ,,,,\n\
                    ТМТМ,TITR,,,yes,\n";
        let g = parse(text, Path::new("terms/a.csv")).unwrap();
        assert_eq!(g.entries.len(), 2);
        let e = &g.entries[0];
        assert_eq!(e.id, "middle-corridor");
        assert_eq!(e.note.as_deref(), Some("Trans-Caspian, TITR"));
        let got: Vec<(Lang, &str, Status)> = e
            .terms
            .iter()
            .map(|t| (t.lang, t.text.as_str(), t.status))
            .collect();
        assert_eq!(
            got,
            [
                (Lang::En, "Middle Corridor", Status::Preferred),
                (Lang::Tr, "Orta Koridoru", Status::Forbidden),
                (Lang::Ru, "Средний коридор", Status::Preferred),
                (Lang::Ru, "Срединный маршрут", Status::Admitted),
                (Lang::Ru, "Срединный коридор", Status::Forbidden),
            ]
        );
        assert!(g.entries[1].case_sensitive);
        assert_eq!(g.entries[1].origin.line, 4);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("en,tr\nA,B\nC,D,E\n", Path::new("t.csv")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:3: 3 fields but the header names 2 columns"
        );
        let e = parse("en,colour\n", Path::new("t.csv")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("t.csv:1: unknown column `colour`"));
        let e = parse("en,forbidden\nA,Б\n", Path::new("t.csv")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("t.csv:2: forbidden rendering `Б` without its language"));
        let e = parse("en,note\n,hello\n", Path::new("t.csv")).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("t.csv:2: row without any rendering"));
        let e = parse("en,case_sensitive\nA,maybe\n", Path::new("t.csv")).unwrap_err();
        assert!(e.to_string().contains("expected yes or no"));
    }
}
