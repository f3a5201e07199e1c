//! The drafts as a memory: the project's own `translated` and `reviewed` entries count as
//! translation memory from the moment they are made, as OmegaT's project memory does, not only
//! after `learn` has put them into `memory/project.tmx`.
//!
//! [`DraftMemory`] holds, for every segment with a finished entry, the TU `learn` would write
//! for it (the source and every finished translation, each with its neighbours as context and
//! the entry's `changed` date), read from the drafts on disk and kept in memory only: it is
//! small, changes with every edit, and stays out of the persisted index of `memory/`, whose
//! warm start it leaves as it is.
//!
//! [`DraftMemory::lookup`] asks the main memory (the TMX files, or the team memory's
//! candidates) and the drafts, and merges the two rankings by the memory's own rules (see
//! [`crate::memory::lookup`]): a pair of source and target text that both hold is one match,
//! shown with the better-ranked origin and the other in `also`, as the file memory does for one
//! TU in two files. A draft origin names the draft and the segment
//! (`sources/<slug>/<lang>.json`, the entry's line, `tu_id` = the segment id).
//!
//! A segment never matches its own entry ([`Own`]): what the translator of a segment wants to
//! see is what the rest of the project holds, not the entry being looked at. OmegaT skips the
//! current segment's own translation in its matches the same way.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{check_placeholders, draft_path, Draft, Entry};
use crate::memory::lookup::Origin;
use crate::memory::normalize::normalize;
use crate::memory::{tmx, LoadOptions, Match, MatchKind, Memory, Query, Tu, Variant};
use crate::model::{Lang, SegmentId};
use crate::source::ArticleFile;

/// The segment a lookup is made for: its own finished entry is never one of its matches.
#[derive(Debug, Clone, Copy)]
pub struct Own<'a> {
    /// The article.
    pub slug: &'a str,
    /// The segment.
    pub id: &'a SegmentId,
}

/// Where one TU of the drafts memory comes from.
#[derive(Debug)]
struct Place {
    slug: String,
    id: SegmentId,
    source_lang: Lang,
    /// Each language's variant: the entry's line in its draft (the source's line in the first
    /// draft that holds it), and its previous and next text for context.
    langs: Vec<(Lang, usize, Option<String>, Option<String>)>,
}

impl Place {
    fn lang(&self, lang: Lang) -> Option<&(Lang, usize, Option<String>, Option<String>)> {
        self.langs.iter().find(|l| l.0 == lang)
    }
}

/// The finished entries of the project's drafts, as a memory (see the module docs).
#[derive(Debug, Default)]
pub struct DraftMemory {
    memory: Memory,
    places: Vec<Place>,
    by_segment: HashMap<(String, SegmentId), Vec<usize>>,
    /// Drafts that could not be read, as messages (they are left out).
    pub skipped: Vec<String>,
}

/// The line (1-based) of each entry's `"id"` key in a draft's JSON text, in entry order; 0
/// when it cannot be found (a draft formatted by hand).
fn entry_lines(text: &str, entries: &[Entry]) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    entries
        .iter()
        .map(|e| {
            let key = format!(
                "\"id\": {}",
                serde_json::to_string(&e.id.0).unwrap_or_default()
            );
            match lines[at.min(lines.len())..]
                .iter()
                .position(|l| l.contains(&key))
            {
                Some(i) => {
                    at += i + 1;
                    at
                }
                None => 0,
            }
        })
        .collect()
}

/// Whether an entry can teach: finished, with the source's placeholders (as `learn` asks).
pub(super) fn usable(e: &Entry) -> bool {
    e.state.is_final() && check_placeholders(&e.source, &e.target).is_ok()
}

impl DraftMemory {
    /// The drafts of `files` (every article) into each of `languages` but the article's own,
    /// read from `root`. A draft that does not read or parse, or whose header disagrees with
    /// its path, is left out and listed in [`DraftMemory::skipped`].
    pub fn load(root: &Path, files: &[ArticleFile], languages: &[Lang]) -> DraftMemory {
        let mut drafts = Vec::new();
        let mut skipped = Vec::new();
        for (slug, lang, rel) in draft_files(files, languages) {
            let text = match std::fs::read(root.join(&rel)) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    skipped.push(format!("{}: {e}", rel.display()));
                    continue;
                }
            };
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            match Draft::parse(body, &rel) {
                Ok(d) if d.slug == slug && d.target_lang == lang => drafts.push((d, text)),
                Ok(_) => skipped.push(format!(
                    "{}: the header names another article or language (left out of the memory)",
                    rel.display()
                )),
                Err(e) => skipped.push(e.to_string()),
            }
        }
        let mut m = DraftMemory::from_drafts(drafts.iter().map(|(d, t)| (d, t.as_str())));
        m.skipped = skipped;
        m
    }

    /// The memory of `drafts`, each with its JSON text (for the entries' lines; `""` gives
    /// line 0). Drafts of one article give one TU per segment, holding every finished language.
    pub fn from_drafts<'a>(drafts: impl IntoIterator<Item = (&'a Draft, &'a str)>) -> DraftMemory {
        let mut places: Vec<Place> = Vec::new();
        let mut tus: Vec<Tu> = Vec::new();
        let mut by_segment: HashMap<(String, SegmentId), Vec<usize>> = HashMap::new();
        for (draft, text) in drafts {
            let lines = entry_lines(text, &draft.segments);
            let segs = &draft.segments;
            for (i, e) in segs.iter().enumerate() {
                if !usable(e) {
                    continue;
                }
                let prev = i.checked_sub(1).map(|p| &segs[p]);
                let next = segs.get(i + 1);
                let key = (draft.slug.clone(), e.id.clone());
                let slot = by_segment.entry(key).or_default();
                // One TU per segment and source text: drafts that disagree on the source (one
                // of them stale) give two.
                let found = slot
                    .iter()
                    .copied()
                    .find(|&p| tus[p].text(draft.source_lang) == Some(e.source.as_str()));
                let p = match found {
                    Some(p) => p,
                    None => {
                        let mut tu = Tu::default();
                        let mut src = Variant::new(draft.source_lang, e.source.clone());
                        src.info_mut().context_prev = prev.map(|p| p.source.clone());
                        src.info_mut().context_next = next.map(|n| n.source.clone());
                        tu.variants.insert(draft.source_lang, src);
                        tu.line = places.len() + 1;
                        tus.push(tu);
                        places.push(Place {
                            slug: draft.slug.clone(),
                            id: e.id.clone(),
                            source_lang: draft.source_lang,
                            langs: vec![(
                                draft.source_lang,
                                lines[i],
                                prev.map(|p| p.source.clone()),
                                next.map(|n| n.source.clone()),
                            )],
                        });
                        slot.push(places.len() - 1);
                        places.len() - 1
                    }
                };
                // Neighbours' targets, when finished and usable, as `learn` writes them.
                let ctx = |n: Option<&Entry>| n.filter(|n| usable(n)).map(|n| n.target.clone());
                let v = super::learn::variant(draft.target_lang, e, ctx(prev), ctx(next));
                tus[p].variants.insert(draft.target_lang, v);
                places[p]
                    .langs
                    .push((draft.target_lang, lines[i], ctx(prev), ctx(next)));
            }
        }
        let mut memory = Memory::new();
        if !tus.is_empty() {
            let doc = tmx::TmxDocument {
                srclang: None,
                tus,
                skipped_variants: 0,
            };
            memory.push_file(
                PathBuf::from(crate::memory::PROJECT_FILE),
                doc,
                &LoadOptions::default(),
            );
        }
        DraftMemory {
            memory,
            places,
            by_segment,
            skipped: Vec::new(),
        }
    }

    /// How many segments with a finished entry it holds.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether no draft has a finished entry.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The top-k matches of `main` and the drafts for `query`, merged (see the module docs);
    /// `own`'s entry is left out.
    pub fn lookup(&self, main: &Memory, query: &Query, own: Option<Own>) -> Vec<Match> {
        let found = main.lookup(query);
        if self.places.is_empty() || query.k == 0 {
            return found;
        }
        merge(found, self.lookup_drafts(query, own), query.k)
    }

    /// The top-k matches of the drafts alone.
    pub fn lookup_drafts(&self, query: &Query, own: Option<Own>) -> Vec<Match> {
        if self.places.is_empty() || query.k == 0 {
            return Vec::new();
        }
        let own: &[usize] = own
            .and_then(|o| {
                self.by_segment
                    .get(&(o.slug.to_string(), o.id.clone()))
                    .map(Vec::as_slice)
            })
            .unwrap_or(&[]);
        let mut q = query.clone();
        // Each own TU can take one match away.
        q.k = query.k + own.len();
        let mut out: Vec<Match> = self
            .memory
            .lookup(&q)
            .into_iter()
            .filter_map(|m| self.relocate(m, query, own))
            .collect();
        out.sort_by(rank);
        out.truncate(query.k);
        out
    }

    /// A match of the inner memory with its origins turned into draft places, `own` removed
    /// and the best remaining place first (its context decides `context` against `exact`).
    fn relocate(&self, mut m: Match, query: &Query, own: &[usize]) -> Option<Match> {
        let prev = query.prev.map(|p| normalize(p, query.from).key);
        let next = query.next.map(|n| normalize(n, query.from).key);
        let same = |q: &Option<Vec<char>>, stored: &Option<String>| match (q, stored) {
            (Some(q), Some(s)) => *q == normalize(s, query.from).key,
            _ => false,
        };
        let mut places: Vec<(usize, u8, Origin)> = std::iter::once(m.origin.clone())
            .chain(m.also.drain(..))
            .filter_map(|o| {
                let p = o.line.checked_sub(1)?;
                if own.contains(&p) {
                    return None;
                }
                let place = self.places.get(p)?;
                let context = place.lang(query.from).map_or(0, |(_, _, before, after)| {
                    u8::from(same(&prev, before)) + u8::from(same(&next, after))
                });
                Some((p, context, o))
            })
            .collect();
        places.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(Reverse(a.2.dates.newest()).cmp(&Reverse(b.2.dates.newest())))
                .then(a.0.cmp(&b.0))
        });
        let best_context = places.first()?.1;
        match m.kind {
            MatchKind::Context if best_context < 2 => {
                m.kind = MatchKind::Exact;
                m.score = m.score.saturating_sub(1);
            }
            MatchKind::Exact if best_context == 2 && m.score == 100 => {
                m.kind = MatchKind::Context;
                m.score = 101;
            }
            _ => {}
        }
        let mut origins = places.into_iter().map(|(p, _, o)| self.origin(p, o, query));
        m.origin = origins.next()?;
        m.also = origins.collect();
        Some(m)
    }

    /// The draft origin of place `p`: the draft of the query's target language (of its source
    /// language when the target is the article's own).
    fn origin(&self, p: usize, inner: Origin, query: &Query) -> Origin {
        let place = &self.places[p];
        let lang = if query.to != place.source_lang {
            query.to
        } else {
            query.from
        };
        Origin {
            file: draft_path(&place.slug, lang),
            tu_id: Some(place.id.to_string()),
            line: place.lang(lang).map_or(0, |l| l.1),
            dates: inner.dates,
            draft: true,
        }
    }
}

/// The drafts `files` can have: `(slug, lang, path)` for every language of `languages` but
/// each article's own, in slug then language order.
pub fn draft_files(files: &[ArticleFile], languages: &[Lang]) -> Vec<(String, Lang, PathBuf)> {
    let mut out = Vec::new();
    for f in files {
        for &lang in languages {
            if lang != f.lang {
                out.push((f.slug.clone(), lang, draft_path(&f.slug, lang)));
            }
        }
    }
    out
}

/// The memory's ranking of two matches from different memories: score, kind, key distance,
/// newer first.
fn rank(a: &Match, b: &Match) -> Ordering {
    (Reverse(a.score), Reverse(a.kind), a.distance)
        .cmp(&(Reverse(b.score), Reverse(b.kind), b.distance))
        .then(Reverse(a.origin.dates.newest()).cmp(&Reverse(b.origin.dates.newest())))
}

/// The texts that make two matches one: the source and the stored target.
fn same_pair(a: &Match, b: &Match) -> bool {
    a.source == b.source
        && a.original_target.as_ref().unwrap_or(&a.target)
            == b.original_target.as_ref().unwrap_or(&b.target)
}

/// Merges two rankings (each kept in its own order; on a tie the main memory first) into the
/// top `k`, one match per pair of texts with the other origins in `also`.
fn merge(main: Vec<Match>, drafts: Vec<Match>, k: usize) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::with_capacity(k);
    let mut a = main.into_iter().peekable();
    let mut b = drafts.into_iter().peekable();
    loop {
        let take_main = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => rank(x, y) != Ordering::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let Some(m) = (if take_main { a.next() } else { b.next() }) else {
            break;
        };
        if let Some(o) = out.iter_mut().find(|o| same_pair(o, &m)) {
            o.also.push(m.origin);
            o.also.extend(m.also);
        } else if out.len() < k {
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::State;

    fn draft(slug: &str, to: Lang, entries: &[(&str, &str, &str, State)]) -> Draft {
        Draft {
            format: super::super::FORMAT.into(),
            slug: slug.into(),
            source_lang: Lang::En,
            target_lang: to,
            segments: entries
                .iter()
                .map(|(id, s, t, st)| {
                    let mut e = Entry::new(SegmentId(id.to_string()), s.to_string());
                    e.target = t.to_string();
                    e.state = *st;
                    e
                })
                .collect(),
        }
    }

    #[test]
    fn finished_entries_match_and_unfinished_do_not() {
        let d = draft(
            "a",
            Lang::Tr,
            &[
                (
                    "s1",
                    "The meeting was held in Tokyo.",
                    "Toplantı Tokyo'da yapıldı.",
                    State::Translated,
                ),
                ("s2", "It lasted two days.", "İki gün sürdü.", State::Fuzzy),
                ("s3", "Nothing else.", "", State::New),
            ],
        );
        let text = d.to_json();
        let dm = DraftMemory::from_drafts([(&d, text.as_str())]);
        assert_eq!(dm.len(), 1);
        let main = Memory::new();
        let q = Query::new("The meeting was held in Tokyo.", Lang::En, Lang::Tr);
        let found = dm.lookup(&main, &q, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].target, "Toplantı Tokyo'da yapıldı.");
        assert_eq!(found[0].origin.path(), Path::new("sources/a/tr.json"));
        assert_eq!(found[0].origin.tu_id.as_deref(), Some("s1"));
        let line = text.lines().position(|l| l.contains("\"s1\"")).unwrap() + 1;
        assert_eq!(found[0].origin.line, line);
        assert!(dm
            .lookup(
                &main,
                &Query::new("It lasted two days.", Lang::En, Lang::Tr),
                None
            )
            .is_empty());
        // Its own segment does not see it.
        let id = SegmentId("s1".into());
        assert!(dm
            .lookup(&main, &q, Some(Own { slug: "a", id: &id }))
            .is_empty());
    }
}
