//! Writing an alignment into a draft: aligned targets become `translated` (confident) or
//! `fuzzy` entries; entries already `translated` or `reviewed` are never touched.

use super::{renumber, ArticleLink};
use crate::draft::{check_placeholders, Draft, MatchInfo, MatchKind, State};
use crate::model::{Article, SegmentId};

/// What happened to one source segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The source segment.
    pub id: SegmentId,
    /// Its new state.
    pub state: State,
    /// Why it is not `translated`, when it is not.
    pub note: Option<String>,
}

/// What [`fill`] changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FillReport {
    /// Entries written.
    pub filled: Vec<Filled>,
    /// Entries left alone because they hold human work.
    pub kept: Vec<SegmentId>,
    /// Source segments with no translation (1-0 links).
    pub unaligned: Vec<SegmentId>,
    /// Target segments no source segment took (0-1 links), by index in the target article.
    pub extra: Vec<usize>,
}

/// Fills `draft` (already in line with `source`, see [`crate::draft::sync`]) from `links`.
/// `origin` names the translated file in each entry's match.
pub fn fill(
    draft: &mut Draft,
    source: &Article,
    target: &Article,
    links: &[ArticleLink],
    min_confidence: f64,
    origin: &str,
) -> FillReport {
    let mut report = FillReport::default();
    for link in links {
        if link.src.is_empty() {
            report.extra.extend(&link.tgt);
            continue;
        }
        if link.tgt.is_empty() {
            report
                .unaligned
                .extend(link.src.iter().map(|&i| source.segments[i].id.clone()));
            continue;
        }
        let codes: Vec<_> = link
            .src
            .iter()
            .flat_map(|&i| source.segments[i].codes.clone())
            .collect();
        let parts: Vec<(&str, &[crate::model::Code])> = link
            .tgt
            .iter()
            .map(|&j| {
                (
                    target.segments[j].text.as_str(),
                    target.segments[j].codes.as_slice(),
                )
            })
            .collect();
        let (text, problem) = renumber(&codes, &parts);
        let first = &source.segments[link.src[0]];
        let mut notes: Vec<String> = Vec::new();
        if let Some(p) = problem {
            notes.push(p);
        }
        if link.src.len() > 1 {
            notes.push(format!(
                "aligned {}: this translation also covers the next {} source segment(s)",
                link.kind(),
                link.src.len() - 1
            ));
        }
        if let Err(e) = check_placeholders(&first.text, &text) {
            if link.src.len() == 1 && notes.is_empty() {
                notes.push(format!("placeholders: {e}"));
            }
        }
        let confident = link.confidence >= min_confidence && notes.is_empty();
        let state = if confident {
            State::Translated
        } else {
            State::Fuzzy
        };
        if link.confidence < min_confidence {
            notes.insert(
                0,
                format!(
                    "alignment confidence {:.2} below {min_confidence:.2}",
                    link.confidence
                ),
            );
        }
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        let score = (link.confidence * 100.0).round().clamp(0.0, 100.0) as u8;
        for (k, &si) in link.src.iter().enumerate() {
            let id = &source.segments[si].id;
            let Some(entry) = draft.segments.iter_mut().find(|e| &e.id == id) else {
                continue;
            };
            if entry.state.is_final() {
                report.kept.push(id.clone());
                continue;
            }
            if k > 0 {
                // The joined translation sits in the first entry of a 2-1 link.
                let n = format!(
                    "translated together with segment `{}` ({} link)",
                    first.id,
                    link.kind()
                );
                entry.note = Some(n.clone());
                report.filled.push(Filled {
                    id: id.clone(),
                    state: entry.state,
                    note: Some(n),
                });
                continue;
            }
            entry.target = text.clone();
            entry.state = state;
            entry.matched = Some(MatchInfo::new(MatchKind::Alignment, score, origin));
            entry.note = note.clone();
            report.filled.push(Filled {
                id: id.clone(),
                state,
                note: note.clone(),
            });
        }
    }
    report
}
