//! Glossary hits of one segment for the editor: the source terms the glossary's matcher finds
//! (inflected forms included, see [`crate::terms::matcher`]), each with its renderings in the
//! target language, and whether the target uses an allowed one, uses a forbidden one, or
//! lacks them. The same judgement as the `terminology` gate of `check`
//! ([`crate::terms::check::Checker::entry`]), shown while the target is being written.

use serde::Serialize;

use crate::model::Lang;
use crate::terms::check::Checker;
use crate::terms::Status;

/// How the target stands with one glossary term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermState {
    /// The target uses a preferred or admitted rendering (or quotes the source term as written).
    Ok,
    /// The target uses none of the preferred or admitted renderings.
    Missing,
    /// The target uses a forbidden rendering.
    Forbidden,
    /// No target yet.
    Pending,
    /// The glossary has no rendering in the target language: nothing to check.
    NoRendering,
}

impl TermState {
    /// Whether the editor flags it.
    pub fn is_flagged(self) -> bool {
        matches!(self, TermState::Missing | TermState::Forbidden)
    }
}

/// One glossary term of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermHit {
    /// The glossary entry's id.
    pub id: String,
    /// The term as written in the source (`Среднего коридора`); `None` for an entry found only
    /// as a forbidden rendering in the target.
    pub source: Option<String>,
    /// Preferred renderings in the target language.
    pub preferred: Vec<String>,
    /// Admitted renderings in the target language.
    pub admitted: Vec<String>,
    /// Forbidden renderings in the target language.
    pub forbidden: Vec<String>,
    /// The entry's note.
    pub note: Option<String>,
    /// The allowed rendering the target uses, as written there (`Orta Koridor'un`).
    pub used: Option<String>,
    /// Forbidden renderings the target uses, as written there.
    pub forbidden_used: Vec<String>,
    /// The verdict.
    pub state: TermState,
}

/// The glossary hits of `source` (in `from`) and its `target` (in `to`), in order of first
/// occurrence in the source, then entries found only as forbidden renderings in the target.
pub fn hits(checker: &Checker, from: Lang, to: Lang, source: &str, target: &str) -> Vec<TermHit> {
    let g = &checker.glossary;
    if g.is_empty() {
        return Vec::new();
    }
    let m = checker.matchers();
    let target_hits = if target.is_empty() {
        Vec::new()
    } else {
        m.get(to).find(g, target)
    };
    let renderings = |entry: usize, status: Status| -> Vec<String> {
        g.entries[entry]
            .in_lang(to)
            .filter(|t| t.status == status)
            .map(|t| t.text.clone())
            .collect()
    };
    let forbidden_used = |entry: usize| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for t in target_hits
            .iter()
            .filter(|t| t.entry == entry && t.status == Status::Forbidden)
        {
            if !out.contains(&t.text) {
                out.push(t.text.clone());
            }
        }
        out
    };
    let mut out: Vec<TermHit> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    for hit in m.get(from).find(g, source) {
        if !hit.status.is_allowed() || seen.contains(&hit.entry) {
            continue;
        }
        seen.push(hit.entry);
        let preferred = renderings(hit.entry, Status::Preferred);
        let admitted = renderings(hit.entry, Status::Admitted);
        let used = target_hits
            .iter()
            .find(|t| t.entry == hit.entry && t.status.is_allowed())
            .map(|t| t.text.clone());
        let bad = forbidden_used(hit.entry);
        // As `check` does: a term the target quotes as written in the source (a cited title
        // kept in its language) counts as rendered.
        let quoted = target.contains(hit.text.as_str());
        let state = if !bad.is_empty() {
            TermState::Forbidden
        } else if target.trim().is_empty() {
            TermState::Pending
        } else if preferred.is_empty() && admitted.is_empty() {
            TermState::NoRendering
        } else if used.is_some() || quoted {
            TermState::Ok
        } else {
            TermState::Missing
        };
        out.push(TermHit {
            id: g.entries[hit.entry].id.clone(),
            source: Some(hit.text),
            preferred,
            admitted,
            forbidden: renderings(hit.entry, Status::Forbidden),
            note: g.entries[hit.entry].note.clone(),
            used,
            forbidden_used: bad,
            state,
        });
    }
    for t in &target_hits {
        if t.status != Status::Forbidden || seen.contains(&t.entry) {
            continue;
        }
        seen.push(t.entry);
        out.push(TermHit {
            id: g.entries[t.entry].id.clone(),
            source: None,
            preferred: renderings(t.entry, Status::Preferred),
            admitted: renderings(t.entry, Status::Admitted),
            forbidden: renderings(t.entry, Status::Forbidden),
            note: g.entries[t.entry].note.clone(),
            used: None,
            forbidden_used: forbidden_used(t.entry),
            state: TermState::Forbidden,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{Glossary, Term, TermEntry};

    fn checker() -> Checker {
        let mut g = Glossary::default();
        g.entries.push(TermEntry::new(
            "middle-corridor",
            vec![
                Term::new(Lang::En, "Middle Corridor", Status::Preferred),
                Term::new(Lang::Tr, "Orta Koridor", Status::Preferred),
                Term::new(Lang::Tr, "Orta Hat", Status::Admitted),
                Term::new(Lang::Tr, "Orta Yol", Status::Forbidden),
                Term::new(Lang::Ru, "Средний коридор", Status::Preferred),
            ],
        ));
        g.entries.push(TermEntry::new(
            "ots",
            vec![
                Term::new(Lang::En, "Organization of Turkic States", Status::Preferred),
                Term::new(Lang::Tr, "Türk Devletleri Teşkilatı", Status::Preferred),
            ],
        ));
        Checker::new(g)
    }

    #[test]
    fn inflected_rendering_is_ok() {
        let h = hits(
            &checker(),
            Lang::En,
            Lang::Tr,
            "Trade on the Middle Corridor grew.",
            "Orta Koridor'un ticareti büyüdü.",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].state, TermState::Ok);
        assert_eq!(h[0].source.as_deref(), Some("Middle Corridor"));
        assert_eq!(h[0].used.as_deref(), Some("Orta Koridor'un"));
        assert_eq!(h[0].preferred, ["Orta Koridor"]);
        assert_eq!(h[0].admitted, ["Orta Hat"]);
        assert_eq!(h[0].forbidden, ["Orta Yol"]);
    }

    #[test]
    fn missing_forbidden_and_pending() {
        let c = checker();
        let src = "The Middle Corridor and the Organization of Turkic States.";
        let h = hits(&c, Lang::En, Lang::Tr, src, "Orta Yol ve teşkilat.");
        let states: Vec<_> = h.iter().map(|h| (h.id.as_str(), h.state)).collect();
        assert_eq!(
            states,
            [
                ("middle-corridor", TermState::Forbidden),
                ("ots", TermState::Missing)
            ]
        );
        assert_eq!(h[0].forbidden_used, ["Orta Yol"]);
        let h = hits(&c, Lang::En, Lang::Tr, src, "");
        assert!(h.iter().all(|h| h.state == TermState::Pending));
        // No Russian rendering of the second entry: nothing to flag.
        let h = hits(&c, Lang::En, Lang::Ru, src, "Средний коридор и ОТГ.");
        assert_eq!(h[0].state, TermState::Ok);
        assert_eq!(h[1].state, TermState::NoRendering);
    }

    #[test]
    fn forbidden_rendering_without_the_source_term() {
        let h = hits(
            &checker(),
            Lang::En,
            Lang::Tr,
            "Trade grew.",
            "Orta Yol'da ticaret büyüdü.",
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].source, None);
        assert_eq!(h[0].state, TermState::Forbidden);
        assert_eq!(h[0].forbidden_used, ["Orta Yol'da"]);
    }
}
