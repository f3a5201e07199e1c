//! The findings of the `terminology` gate, computed from source and target texts; `report`
//! turns them into check findings with their file, line and entry.
//!
//! - [`Issue::Missing`]: a source term (preferred or admitted rendering in the source language)
//!   whose entry has renderings in the target language, none of which occurs in the target,
//!   inflected forms included;
//! - [`Issue::Forbidden`]: a forbidden rendering occurs in the target;
//! - [`Issue::TermInconsistent`]: within one draft, a term rendered one way in one segment and
//!   another way (another allowed rendering) in a later one;
//! - [`Issue::SegmentInconsistent`]: the same source segment (spaces collapsed) translated into
//!   the same language differently, in another article or another segment of the same article;
//!   reported at each translation that differs from the most common one (the first, on a tie).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::matcher::Matchers;
use super::{Glossary, Status};
use crate::model::{Lang, SegmentId};

/// What kind of terminology problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Issue {
    /// A source term not rendered in the target.
    Missing,
    /// A forbidden rendering used in the target.
    Forbidden,
    /// A term rendered differently within one article.
    TermInconsistent,
    /// The same source segment translated differently.
    SegmentInconsistent,
}

/// One problem found in one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What kind.
    pub issue: Issue,
    /// The message, lowercase, values in backticks.
    pub message: String,
}

/// The glossary and its matchers, built once per check.
#[derive(Debug, Clone)]
pub struct Checker {
    /// The glossary.
    pub glossary: Glossary,
    matchers: Matchers,
}

/// `(entry index, rendering index)` pairs: the allowed renderings a target used.
pub type Used = Vec<(usize, usize)>;

/// What one entry gave: its problems, and the allowed rendering used for each term (for
/// [`Checker::within_draft`]).
#[derive(Debug, Clone, Default)]
pub struct EntryCheck {
    /// Problems.
    pub found: Vec<Found>,
    /// `(entry index, rendering index)` used in the target, per source term.
    pub used: Vec<(usize, usize)>,
}

fn list(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

impl Checker {
    /// Builds the matchers.
    pub fn new(glossary: Glossary) -> Checker {
        let matchers = Matchers::new(&glossary);
        Checker { glossary, matchers }
    }

    /// The matchers.
    pub fn matchers(&self) -> &Matchers {
        &self.matchers
    }

    /// Checks one translation. With `quotes`, a source term that the target quotes as written
    /// in the source (the title of a cited work, kept in its language) is not reported.
    pub fn entry(
        &self,
        from: Lang,
        to: Lang,
        source: &str,
        target: &str,
        quotes: bool,
    ) -> EntryCheck {
        let g = &self.glossary;
        let mut out = EntryCheck::default();
        if g.is_empty() {
            return out;
        }
        let target_hits = self.matchers.get(to).find(g, target);
        let mut seen = Vec::new();
        for hit in self.matchers.get(from).find(g, source) {
            if !hit.status.is_allowed() || seen.contains(&hit.entry) {
                continue;
            }
            seen.push(hit.entry);
            let e = &g.entries[hit.entry];
            let allowed: Vec<&str> = e.allowed(to).map(|t| t.text.as_str()).collect();
            if allowed.is_empty() || (quotes && target.contains(hit.text.as_str())) {
                continue;
            }
            match target_hits
                .iter()
                .find(|t| t.entry == hit.entry && t.status.is_allowed())
            {
                Some(t) => out.used.push((t.entry, t.term)),
                None => out.found.push(Found {
                    issue: Issue::Missing,
                    message: format!(
                        "source term `{}` (`{}`) is not rendered as {} in the target",
                        hit.text,
                        e.id,
                        list(&allowed)
                    ),
                }),
            }
        }
        for t in target_hits.iter().filter(|t| t.status == Status::Forbidden) {
            let e = &g.entries[t.entry];
            let allowed: Vec<&str> = e.allowed(to).map(|t| t.text.as_str()).collect();
            let instead = if allowed.is_empty() {
                String::new()
            } else {
                format!(" (use {})", list(&allowed))
            };
            out.found.push(Found {
                issue: Issue::Forbidden,
                message: format!(
                    "forbidden rendering `{}` of `{}` in the target{instead}",
                    t.text, e.id
                ),
            });
        }
        out
    }

    /// Within one draft: the segments (in order) whose term renderings differ from the
    /// rendering the draft used first for the same term.
    pub fn within_draft<'a>(
        &self,
        to: Lang,
        used: &[(&'a SegmentId, Vec<(usize, usize)>)],
    ) -> Vec<(&'a SegmentId, Found)> {
        let mut first: HashMap<usize, (usize, &SegmentId)> = HashMap::new();
        let mut out = Vec::new();
        for (id, pairs) in used {
            for &(entry, term) in pairs {
                match first.get(&entry) {
                    None => {
                        first.insert(entry, (term, id));
                    }
                    Some(&(t0, id0)) if t0 != term => {
                        let e = &self.glossary.entries[entry];
                        out.push((
                            *id,
                            Found {
                                issue: Issue::TermInconsistent,
                                message: format!(
                                    "`{}` is rendered as `{}` here but as `{}` in segment `{id0}` (`{to}`): use one rendering per article",
                                    e.id, e.terms[term].text, e.terms[t0].text
                                ),
                            },
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }
}

/// One translated segment, for [`across`].
#[derive(Debug, Clone)]
pub struct Translation<'a> {
    /// The article.
    pub slug: &'a str,
    /// The segment.
    pub id: &'a SegmentId,
    /// Source language.
    pub from: Lang,
    /// Target language.
    pub to: Lang,
    /// Source text (with placeholders).
    pub source: &'a str,
    /// Target text.
    pub target: &'a str,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The same source segment translated differently: indices into `items` with their finding.
/// Sources without letters (numbers, links) are left out.
pub fn across(items: &[Translation<'_>]) -> Vec<(usize, Found)> {
    let mut groups: BTreeMap<(Lang, Lang, String), Vec<usize>> = BTreeMap::new();
    for (i, t) in items.iter().enumerate() {
        if !t.source.chars().any(char::is_alphabetic) {
            continue;
        }
        groups
            .entry((t.from, t.to, collapse(t.source)))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for idx in groups.values().filter(|v| v.len() > 1) {
        let mut counts: Vec<(String, usize, usize)> = Vec::new(); // target, count, first index
        for &i in idx {
            let t = collapse(items[i].target);
            match counts.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += 1,
                None => counts.push((t, 1, i)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        let best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .expect("two or more");
        let reference = &items[best.2];
        for &i in idx {
            if collapse(items[i].target) == best.0 {
                continue;
            }
            out.push((
                i,
                Found {
                    issue: Issue::SegmentInconsistent,
                    message: format!(
                        "the same source is translated differently in `{}` segment `{}`: `{}`",
                        reference.slug, reference.id, reference.target
                    ),
                },
            ));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{Term, TermEntry};

    fn checker() -> Checker {
        Checker::new(Glossary {
            entries: vec![TermEntry::new(
                "middle-corridor",
                vec![
                    Term::new(Lang::En, "Middle Corridor", Status::Preferred),
                    Term::new(Lang::Tr, "Orta Koridor", Status::Preferred),
                    Term::new(Lang::Tr, "Orta Kuşak", Status::Admitted),
                    Term::new(Lang::Ru, "Средний коридор", Status::Preferred),
                    Term::new(Lang::Ru, "Срединный коридор", Status::Forbidden),
                ],
            )],
            ..Glossary::default()
        })
    }

    #[test]
    fn missing_and_forbidden_renderings() {
        let c = checker();
        let ok = c.entry(
            Lang::En,
            Lang::Ru,
            "The Middle Corridor grew.",
            "Средний коридор вырос.",
            false,
        );
        assert!(ok.found.is_empty());
        assert_eq!(ok.used, [(0, 3)]);
        let inflected = c.entry(
            Lang::En,
            Lang::Ru,
            "Along the Middle Corridor.",
            "По Среднему коридору.",
            false,
        );
        assert!(inflected.found.is_empty());
        let bad = c.entry(
            Lang::En,
            Lang::Ru,
            "The Middle Corridor grew.",
            "Срединный коридор вырос.",
            false,
        );
        let kinds: Vec<Issue> = bad.found.iter().map(|f| f.issue).collect();
        assert_eq!(kinds, [Issue::Missing, Issue::Forbidden]);
        assert_eq!(
            bad.found[0].message,
            "source term `Middle Corridor` (`middle-corridor`) is not rendered as `Средний коридор` in the target"
        );
        assert_eq!(
            bad.found[1].message,
            "forbidden rendering `Срединный коридор` of `middle-corridor` in the target (use `Средний коридор`)"
        );
        let from_ru = c.entry(
            Lang::Ru,
            Lang::Tr,
            "Среднего коридора",
            "Orta Kuşak'ın",
            false,
        );
        assert!(from_ru.found.is_empty());
        assert_eq!(from_ru.used, [(0, 2)]);
        // A cited title kept in the source language is not a missing term in a note.
        let cited = "Middle Corridor Report, Reuters";
        assert_eq!(c.entry(Lang::En, Lang::Tr, cited, cited, true).found, []);
        assert_eq!(
            c.entry(Lang::En, Lang::Tr, cited, cited, false).found.len(),
            1
        );
    }

    #[test]
    fn one_rendering_per_article() {
        let c = checker();
        let (a, b, d) = (
            SegmentId("a".into()),
            SegmentId("b".into()),
            SegmentId("d".into()),
        );
        let used = vec![(&a, vec![(0, 1)]), (&b, vec![(0, 1)]), (&d, vec![(0, 2)])];
        let found = c.within_draft(Lang::Tr, &used);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, &d);
        assert_eq!(
            found[0].1.message,
            "`middle-corridor` is rendered as `Orta Kuşak` here but as `Orta Koridor` in segment `a` (`tr`): use one rendering per article"
        );
    }

    #[test]
    fn same_source_translated_differently() {
        let ids: Vec<SegmentId> = ["1", "2", "3", "4"]
            .into_iter()
            .map(|s| SegmentId(s.into()))
            .collect();
        let t = |slug, i: usize, source, target| Translation {
            slug,
            id: &ids[i],
            from: Lang::En,
            to: Lang::Tr,
            source,
            target,
        };
        let items = vec![
            t("a", 0, "The summit ended.", "Zirve sona erdi."),
            t("b", 1, "The  summit ended.", "Zirve sona erdi."),
            t("c", 2, "The summit ended.", "Zirve bitti."),
            t("c", 3, "2022", "2022"),
        ];
        let found = across(&items);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 2);
        assert_eq!(
            found[0].1.message,
            "the same source is translated differently in `a` segment `1`: `Zirve sona erdi.`"
        );
    }
}
