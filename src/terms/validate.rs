//! What `polypress terms check` says about the glossary files beyond parsing: duplicate ids,
//! one rendering in two entries (a text could not say which concept it is), a rendering both
//! allowed and forbidden, more than one preferred rendering per language, entries with a single
//! language (nothing to check a translation against), and renderings CSV cannot hold.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::morph::fold;
use super::{Glossary, Status};
use crate::error::Location;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The glossary is wrong: `terms check` exits 1.
    Error,
    /// Worth a look.
    Warning,
}

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// How bad.
    pub level: Level,
    /// Where: file and line.
    #[serde(serialize_with = "ser_loc")]
    pub at: Location,
    /// What is wrong.
    pub message: String,
}

fn ser_loc<S: serde::Serializer>(l: &Location, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&l.to_string())
}

impl Problem {
    /// An error.
    pub fn error(at: Location, message: String) -> Problem {
        Problem {
            level: Level::Error,
            at,
            message,
        }
    }

    /// A warning.
    pub fn warning(at: Location, message: String) -> Problem {
        Problem {
            level: Level::Warning,
            at,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.at, self.message)
    }
}

/// Checks a loaded glossary; problems in file and line order, the skipped languages first.
pub fn validate(g: &Glossary) -> Vec<Problem> {
    let mut out = g.skipped.clone();
    let mut ids: HashMap<&str, &Location> = HashMap::new();
    let mut renderings: HashMap<(crate::model::Lang, String), (&str, &str)> = HashMap::new();
    for e in &g.entries {
        let at_line = |line: usize| {
            Location::new(
                e.origin.path.clone(),
                if line > 0 { line } else { e.origin.line },
                0,
            )
        };
        if let Some(first) = ids.insert(&e.id, &e.origin) {
            out.push(Problem::error(
                at_line(0),
                format!("entry id `{}` is used twice (first at {first})", e.id),
            ));
        }
        if e.langs().len() < 2 {
            out.push(Problem::warning(
                at_line(0),
                format!("entry `{}` has renderings in one language only: nothing to check a translation against", e.id),
            ));
        }
        for lang in e.langs() {
            let preferred = e
                .in_lang(lang)
                .filter(|t| t.status == Status::Preferred)
                .count();
            if preferred > 1 {
                out.push(Problem::warning(
                    at_line(0),
                    format!("entry `{}` has {preferred} preferred renderings in `{lang}` (expected one; mark the others admitted)", e.id),
                ));
            }
        }
        for t in &e.terms {
            if t.text.contains('|') {
                out.push(Problem::warning(
                    at_line(t.line),
                    format!(
                        "rendering `{}` contains `|`, which separates renderings in CSV",
                        t.text
                    ),
                ));
            }
            let key = fold(t.lang, &t.text, false);
            if t.status == Status::Forbidden {
                if e.allowed(t.lang)
                    .any(|a| fold(a.lang, &a.text, false) == key)
                {
                    out.push(Problem::error(
                        at_line(t.line),
                        format!(
                            "entry `{}`: `{}` is both allowed and forbidden in `{}`",
                            e.id, t.text, t.lang
                        ),
                    ));
                }
                continue;
            }
            if let Some((other, text)) = renderings.insert((t.lang, key), (&e.id, &t.text)) {
                if other != e.id {
                    out.push(Problem::error(
                        at_line(t.line),
                        format!("`{}` (`{}`) is a rendering of both `{other}` and `{}` (expected one entry per rendering)", t.text, t.lang, e.id),
                    ));
                    let _ = text;
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.at, a.level).cmp(&(&b.at, b.level)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn reports_duplicates_conflicts_and_single_language_entries() {
        let text = "id,en,tr,ru,forbidden\n\
                    mc,Middle Corridor,Orta Koridor,Средний коридор,ru:средний коридор\n\
                    mc,Middle route,Orta Koridor,,\n\
                    solo,Tokyo,,,\n";
        let g = crate::terms::csv::parse(text, Path::new("t.csv")).unwrap();
        let p: Vec<String> = validate(&g).iter().map(ToString::to_string).collect();
        assert_eq!(
            p,
            [
                "t.csv:2: error: entry `mc`: `средний коридор` is both allowed and forbidden in `ru`",
                "t.csv:3: error: `Orta Koridor` (`tr`) is a rendering of both `mc` and `mc-2` (expected one entry per rendering)",
                "t.csv:4: warning: entry `solo` has renderings in one language only: nothing to check a translation against",
            ]
        );
    }
}
