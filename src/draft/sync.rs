//! Bringing a draft in line with its (possibly edited) source article, like gettext's
//! `msgmerge` but never losing work:
//! - a segment whose id is unchanged keeps its entry (target, state, match) untouched;
//! - an edited segment (new id, and a removed old entry whose source is similar enough, found
//!   in order) keeps the old target as a `fuzzy` suggestion, with the old source shown in
//!   `previous_source`; its score is the similarity of the two sources;
//! - a new segment gets a `new` entry (the caller pre-fills it from memory);
//! - entries of removed segments leave the draft and are returned, so the caller can keep their
//!   translations in the memory.
//!
//! Entries are written in source order.

use std::collections::{HashMap, HashSet};

use super::{Draft, Entry, MatchInfo, MatchKind, State};
use crate::model::{Article, Lang, SegmentId};

/// Lowest similarity (0-100) of an old and a new source for the old target to be offered as a
/// suggestion for the edited segment.
pub const EDIT_SIMILARITY: u8 = 50;

/// What a sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Entries kept as they were.
    pub kept: usize,
    /// Edited segments that got their old target as a fuzzy suggestion.
    pub edited: Vec<SegmentId>,
    /// New segments (no entry before).
    pub added: Vec<SegmentId>,
    /// Entries whose segment is gone from the source.
    pub removed: Vec<Entry>,
}

/// Syncs `old` (if any) with `article`'s segments for `target`.
pub fn sync(article: &Article, old: Option<&Draft>, target: Lang) -> (Draft, SyncReport) {
    let mut draft = Draft::empty(article, target);
    let mut report = SyncReport::default();
    let Some(old) = old else {
        report.added = draft.segments.iter().map(|e| e.id.clone()).collect();
        return (draft, report);
    };
    let current: HashSet<&SegmentId> = article.segments.iter().map(|s| &s.id).collect();
    let by_id: HashMap<&SegmentId, &Entry> = old.segments.iter().map(|e| (&e.id, e)).collect();
    // Old entries whose segment no longer exists, in old order: candidates for edits.
    let mut orphans: Vec<Option<&Entry>> = old
        .segments
        .iter()
        .filter(|e| !current.contains(&e.id))
        .map(Some)
        .collect();
    for entry in &mut draft.segments {
        if let Some(prev) = by_id.get(&entry.id) {
            let source = std::mem::take(&mut entry.source);
            *entry = (*prev).clone();
            entry.source = source;
            report.kept += 1;
            continue;
        }
        let best = orphans
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                o.filter(|o| !o.target.is_empty())
                    .map(|o| (i, edit_similarity(&entry.source, &o.source)))
            })
            .filter(|&(_, sim)| sim >= EDIT_SIMILARITY)
            .max_by_key(|&(i, sim)| (sim, std::cmp::Reverse(i)));
        match best {
            Some((i, sim)) => {
                let o = orphans[i].take().expect("filtered to Some above");
                entry.target = o.target.clone();
                entry.state = State::Fuzzy;
                entry.previous_source = Some(o.source.clone());
                entry.matched = Some(MatchInfo {
                    score: sim.min(99),
                    kind: MatchKind::Previous,
                    origin: format!("previous translation of segment {}", o.id),
                    adapted: Vec::new(),
                    source: Some(o.source.clone()),
                    target: Some(o.target.clone()),
                    warnings: Vec::new(),
                });
                entry.changed = o.changed.clone();
                entry.note = o.note.clone();
                report.edited.push(entry.id.clone());
            }
            None => report.added.push(entry.id.clone()),
        }
    }
    report.removed = old
        .segments
        .iter()
        .filter(|e| !current.contains(&e.id))
        .cloned()
        .collect();
    (draft, report)
}

/// Similarity of two source texts, 0-100 (normalized Levenshtein over characters).
fn edit_similarity(a: &str, b: &str) -> u8 {
    (strsim::normalized_levenshtein(a, b) * 100.0).floor() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(body: &str) -> Article {
        let text = format!(
            "+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n{body}"
        );
        crate::source::test_article("a", &text)
    }

    fn translate_all(d: &mut Draft, state: State) {
        for e in &mut d.segments {
            e.target = format!("TR {}", e.source);
            e.state = state;
        }
    }

    #[test]
    fn keeps_unchanged_offers_edited_adds_new_returns_removed() {
        let a = article("The meeting was held in Tokyo. It lasted two days. Nothing else.\n");
        let (mut d, _) = sync(&a, None, Lang::Tr);
        translate_all(&mut d, State::Reviewed);
        let b =
            article("The meeting was held in Astana. It lasted two days. A new sentence here.\n");
        let (d2, r) = sync(&b, Some(&d), Lang::Tr);
        let by = |t: &str| d2.segments.iter().find(|e| e.source == t).unwrap();
        assert_eq!(by("It lasted two days.").state, State::Reviewed);
        let edited = by("The meeting was held in Astana.");
        assert_eq!(edited.state, State::Fuzzy);
        assert_eq!(edited.target, "TR The meeting was held in Tokyo.");
        assert_eq!(
            edited.previous_source.as_deref(),
            Some("The meeting was held in Tokyo.")
        );
        assert_eq!(by("A new sentence here.").state, State::New);
        assert_eq!(r.removed.len(), 2);
        assert_eq!(r.kept, 2, "title and the unchanged sentence");
    }
}

#[cfg(test)]
mod props {
    use super::*;

    use proptest::prelude::*;

    const POOL: &[&str] = &[
        "The meeting was held in Tokyo.",
        "It lasted two days.",
        "Japan pledged support.",
        "The ministers met on 24 December 2022.",
        "Trade grew by 61.5% in 2022.",
        "Kazakhstan hosted the forum.",
        "The talks were constructive.",
        "A joint statement was adopted.",
    ];

    fn article(sentences: &[usize]) -> Article {
        let body: Vec<&str> = sentences.iter().map(|&i| POOL[i % POOL.len()]).collect();
        let text = format!(
            "+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n{}\n",
            body.join(" ")
        );
        crate::source::test_article("a", &text)
    }

    proptest! {
        /// A merge never downgrades or overwrites a translated or reviewed entry, and never
        /// drops one silently: it is kept, offered as a suggestion, or returned as removed.
        #[test]
        fn sync_never_loses_human_work(
            before in prop::collection::vec(0usize..8, 1..8),
            after in prop::collection::vec(0usize..8, 0..8),
            states in prop::collection::vec(0u8..4, 8),
        ) {
            let a = article(&before);
            let (mut d, _) = sync(&a, None, Lang::Tr);
            for (k, e) in d.segments.iter_mut().enumerate() {
                e.state = [State::New, State::Fuzzy, State::Translated, State::Reviewed][states[k % 8] as usize];
                if e.state != State::New {
                    e.target = format!("hedef {k}");
                }
            }
            let b = article(&after);
            let (d2, report) = sync(&b, Some(&d), Lang::Tr);
            for old in d.segments.iter().filter(|e| e.state.is_final()) {
                match d2.entry(&old.id) {
                    Some(now) => {
                        prop_assert_eq!(now.state, old.state);
                        prop_assert_eq!(&now.target, &old.target);
                    }
                    None => prop_assert!(report.removed.iter().any(|r| r.id == old.id && r.target == old.target)),
                }
            }
            prop_assert_eq!(d2.segments.len(), b.segments.len());
        }
    }
}
