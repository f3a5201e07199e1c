//! Pre-filling drafts from the memory: for every article and target language, sync the draft
//! with the source (see [`super::sync`]) and fill what is still open from the best memory match.
//!
//! Rules, in order:
//! - `translated` and `reviewed` entries are never touched;
//! - a `new` entry takes the best match at or above the threshold: a `context` or `exact` match
//!   that scores 100 or more (after file penalties) and whose numbers were all adapted becomes
//!   `translated` (or `fuzzy` with `exact_as = Fuzzy`, for teams that review everything); any
//!   other match becomes `fuzzy`, and so does a match with meaning-change warnings (see
//!   `memory::lookup`), whatever its score;
//! - a `fuzzy` entry is replaced only by a strictly better match (score above its own);
//! - a match whose target lacks a standalone placeholder of the source (a footnote marker the
//!   memory's sentence did not have) gets it appended and stays `fuzzy`, with a note.
//!
//! The memory is the TMX files (or the team memory) and the drafts' own finished entries
//! ([`super::memory`]), a segment's own entry left out; an edited segment keeps the old
//! translation the sync offers it rather than the same pair found again in the memory.
//!
//! Repetitions: the same source text (per language pair) is looked up once per run, for its
//! first occurrence that may be filled (with that occurrence's neighbours as context); its
//! second and later occurrences, in article order then segment order, are counted as
//! repetitions.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::memory::{DraftMemory, Own};
use super::{check_placeholders, sync, Draft, Entry, MatchInfo, State, SyncReport};
use crate::memory::{Match, MatchKind, Memory, Query};
use crate::model::{scan_placeholders, Article, CodeRole, Lang};

/// Settings of a prefill run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrefillOptions {
    /// Lowest score to use (0-100).
    pub min: u8,
    /// The state exact and context matches get: `Translated` (default) or `Fuzzy`.
    pub exact_as: State,
}

impl Default for PrefillOptions {
    fn default() -> Self {
        PrefillOptions {
            min: crate::config::DEFAULT_MIN_SCORE,
            exact_as: State::Translated,
        }
    }
}

/// What prefill did to one draft.
#[derive(Debug, Clone, Default)]
pub struct PrefillStats {
    /// Entries filled from exact or context matches.
    pub exact: usize,
    /// Entries filled (or improved) from fuzzy matches.
    pub fuzzy: usize,
    /// Segments whose text already occurred earlier in the run.
    pub repetitions: usize,
    /// What the sync with the source changed.
    pub sync: SyncReport,
}

/// One unit of work: an article and a target language, with the existing draft if any.
pub struct Job<'a> {
    /// The source article.
    pub article: &'a Article,
    /// The language to fill.
    pub target: Lang,
    /// The draft on disk, if there is one.
    pub old: Option<Draft>,
}

/// For each `(article, target)` pair in order, which of its segments repeat a text already seen
/// earlier in the run for the same language pair (the second and later occurrences). Computed
/// sequentially, so counts never depend on thread scheduling; `analyze` uses it too.
pub fn repeated<'a>(pairs: impl IntoIterator<Item = (&'a Article, Lang)>) -> Vec<Vec<bool>> {
    let mut seen: HashSet<(Lang, Lang, &str)> = HashSet::new();
    pairs
        .into_iter()
        .map(|(a, to)| {
            a.segments
                .iter()
                .map(|s| !seen.insert((a.lang, to, s.text.as_str())))
                .collect()
        })
        .collect()
}

/// Pre-fills every job. Lookups of distinct texts run in parallel; results are deterministic.
/// `tick` is called once per lookup (for a progress bar); [`lookups`] says how many there are.
pub fn prefill(
    jobs: Vec<Job<'_>>,
    memory: &Memory,
    opts: PrefillOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<(Draft, PrefillStats)> {
    prefill_with(jobs, memory, &DraftMemory::default(), opts, tick)
}

/// Which segments of a job may be filled: those without a `translated` or `reviewed` entry
/// (an entry keeps its segment's id, so the old draft tells).
fn open_segments(job: &Job<'_>) -> Vec<bool> {
    let finished: HashSet<&crate::model::SegmentId> = job
        .old
        .iter()
        .flat_map(|d| &d.segments)
        .filter(|e| e.state.is_final())
        .map(|e| &e.id)
        .collect();
    job.article
        .segments
        .iter()
        .map(|s| !finished.contains(&s.id))
        .collect()
}

/// The lookups of a run: the first open occurrence of each distinct text per language pair, as
/// `(job, segment)`.
fn queries(jobs: &[Job<'_>]) -> Vec<(usize, usize)> {
    let mut seen: HashSet<(Lang, Lang, &str)> = HashSet::new();
    let mut out = Vec::new();
    for (j, job) in jobs.iter().enumerate() {
        for (i, open) in open_segments(job).into_iter().enumerate() {
            let text = job.article.segments[i].text.as_str();
            if open && seen.insert((job.article.lang, job.target, text)) {
                out.push((j, i));
            }
        }
    }
    out
}

/// As [`prefill`], with the drafts' own finished entries as memory beside `memory` (see
/// [`DraftMemory`]). Only segments that may be filled are looked up, each text once, with the
/// neighbours of its first such occurrence as context and its own entry left out.
pub fn prefill_with(
    jobs: Vec<Job<'_>>,
    memory: &Memory,
    drafts: &DraftMemory,
    opts: PrefillOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<(Draft, PrefillStats)> {
    let repeated = repeated(jobs.iter().map(|j| (j.article, j.target)));
    let results: HashMap<(Lang, Lang, &str), Option<Match>> = queries(&jobs)
        .into_par_iter()
        .map(|(j, i)| {
            let (article, target) = (jobs[j].article, jobs[j].target);
            let segs = &article.segments;
            let mut q = Query::new(&segs[i].text, article.lang, target);
            q.k = 1;
            q.min = opts.min;
            q.prev = i.checked_sub(1).map(|p| segs[p].text.as_str());
            q.next = segs.get(i + 1).map(|s| s.text.as_str());
            let own = Own {
                slug: &article.slug,
                id: &segs[i].id,
            };
            let best = drafts.lookup(memory, &q, Some(own)).into_iter().next();
            tick();
            ((article.lang, target, segs[i].text.as_str()), best)
        })
        .collect();
    jobs.into_par_iter()
        .zip(repeated)
        .map(|(job, rep)| {
            let (mut draft, report) = sync(job.article, job.old.as_ref(), job.target);
            let mut stats = PrefillStats {
                repetitions: rep.iter().filter(|r| **r).count(),
                sync: report,
                ..PrefillStats::default()
            };
            for (entry, seg) in draft.segments.iter_mut().zip(&job.article.segments) {
                let key = (job.article.lang, job.target, seg.text.as_str());
                if let Some(Some(m)) = results.get(&key) {
                    match fill(entry, m, opts) {
                        Some(true) => stats.exact += 1,
                        Some(false) => stats.fuzzy += 1,
                        None => {}
                    }
                }
            }
            (draft, stats)
        })
        .collect()
}

/// How many lookups [`prefill`] will make for `jobs`: one per distinct text and language pair
/// among the segments it may fill.
pub fn lookups(jobs: &[Job<'_>]) -> usize {
    queries(jobs).len()
}

/// Applies a match to an entry. Returns `Some(true)` for an exact fill, `Some(false)` for a
/// fuzzy one, `None` when the entry was left alone.
fn fill(entry: &mut Entry, m: &Match, opts: PrefillOptions) -> Option<bool> {
    match entry.state {
        State::Translated | State::Reviewed => return None,
        State::Fuzzy => {
            let own = entry.matched.as_ref().map_or(0, |x| x.score);
            if m.score <= own {
                return None;
            }
        }
        State::New => {}
    }
    // The old translation an edited segment already offers (with its old source shown) is
    // not a new suggestion: it stays as the sync put it (a match that adapts its numbers is).
    if entry.previous_source.as_deref() == Some(m.source.as_str()) && m.target == entry.target {
        return None;
    }
    let (target, repaired) = repair_placeholders(&entry.source, &m.target);
    // A match whose differences may change the meaning (a negation, a number left as it was,
    // a name) is never taken as a translation, whatever its score.
    let exact = m.score >= 100
        && m.kind != MatchKind::Fuzzy
        && m.numbers_complete
        && !repaired
        && m.warnings.is_empty();
    entry.target = target;
    entry.state = if exact { opts.exact_as } else { State::Fuzzy };
    entry.previous_source = None;
    entry.note = repaired.then(|| {
        "placeholders added to the memory's translation: check their position".to_string()
    });
    let origin = match &m.origin.tu_id {
        Some(id) => format!("{}#{id}", m.origin.path().display()),
        None => format!("{}:{}", m.origin.path().display(), m.origin.line),
    };
    entry.matched = Some(MatchInfo {
        score: m.score,
        kind: m.kind.into(),
        origin,
        adapted: m
            .adapted
            .iter()
            .map(|a| format!("{} → {}", a.target_before, a.target_after))
            .collect(),
        source: Some(m.source.clone()),
        target: Some(m.target.clone()),
        warnings: m.warnings.clone(),
    });
    Some(exact)
}

/// Makes a memory target carry the source's placeholders, so that every target `prefill`
/// writes can be built: drops tokens the source does not have (and halves of pairs whose other
/// half is missing or comes first), appends missing standalone ones (footnote markers, which
/// end sentences), and places each missing pair around the words the source's pair encloses
/// when the target has them (names and numbers usually stay as they are), else around the
/// target's last word. Returns whether anything changed.
fn repair_placeholders(source: &str, target: &str) -> (String, bool) {
    if check_placeholders(source, target).is_ok() {
        return (target.to_string(), false);
    }
    let src: Vec<(String, u32, CodeRole)> = scan_placeholders(source)
        .into_iter()
        .map(|(r, id, role)| (source[r].to_string(), id, role))
        .collect();
    let tgt = scan_placeholders(target);
    let token = |id: u32, role: CodeRole| crate::model::placeholder_token(id, role);
    let in_source = |tok: &str| src.iter().any(|(t, _, _)| t == tok);
    // A pair is kept when both halves are in the source and in the target, open first.
    let pair_ok = |id: u32| {
        let at = |role| {
            tgt.iter()
                .position(|(_, i, r)| *i == id && *r == role)
                .filter(|_| in_source(&token(id, role)))
        };
        matches!((at(CodeRole::Open), at(CodeRole::Close)), (Some(o), Some(c)) if o < c)
    };
    let mut out = String::new();
    let mut last = 0;
    let mut kept: Vec<String> = Vec::new();
    for (r, id, role) in &tgt {
        out.push_str(&target[last..r.start]);
        let tok = &target[r.clone()];
        let keep = in_source(tok)
            && !kept.iter().any(|k| k == tok)
            && (*role == CodeRole::Standalone || pair_ok(*id));
        if keep {
            out.push_str(tok);
            kept.push(tok.to_string());
        }
        last = r.end;
    }
    out.push_str(&target[last..]);
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for (tok, id, role) in &src {
        if kept.contains(tok) {
            continue;
        }
        match role {
            CodeRole::Standalone => out.push_str(tok),
            CodeRole::Open => {
                let inner = enclosed(source, *id);
                out = wrap(
                    &out,
                    &inner,
                    &token(*id, CodeRole::Open),
                    &token(*id, CodeRole::Close),
                );
                kept.push(token(*id, CodeRole::Close));
            }
            CodeRole::Close => {}
        }
        kept.push(tok.clone());
    }
    (out, true)
}

/// The text the source's pair `id` encloses, without placeholders.
fn enclosed(source: &str, id: u32) -> String {
    let tokens = scan_placeholders(source);
    let open = tokens
        .iter()
        .find(|(_, i, r)| *i == id && *r == CodeRole::Open);
    let close = tokens
        .iter()
        .find(|(_, i, r)| *i == id && *r == CodeRole::Close);
    let (Some(o), Some(c)) = (open, close) else {
        return String::new();
    };
    if o.0.end > c.0.start {
        return String::new();
    }
    let inner = &source[o.0.end..c.0.start];
    let mut out = String::new();
    let mut last = 0;
    for (r, _, _) in scan_placeholders(inner) {
        out.push_str(&inner[last..r.start]);
        last = r.end;
    }
    out.push_str(&inner[last..]);
    out.trim().to_string()
}

/// `text` with `open`…`close` around the first occurrence of `words` outside any placeholder,
/// else around its last word (trailing punctuation left outside), else appended.
fn wrap(text: &str, words: &str, open: &str, close: &str) -> String {
    let tokens = scan_placeholders(text);
    let clear = |r: &std::ops::Range<usize>| {
        !tokens
            .iter()
            .any(|(t, _, _)| t.start < r.end && r.start < t.end)
    };
    let found = (!words.is_empty() && !words.contains(['{', '}']))
        .then(|| {
            text.match_indices(words)
                .map(|(at, w)| at..at + w.len())
                .find(|r| clear(r))
        })
        .flatten();
    let range = found.or_else(|| {
        // The last word: a run without spaces and without placeholders, punctuation trimmed.
        for (start, word) in text
            .split(' ')
            .scan(0usize, |at, w| {
                let s = *at;
                *at += w.len() + 1;
                Some((s, w))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let trimmed = trimmed.trim_start_matches(|c: char| !c.is_alphanumeric());
            if trimmed.is_empty() {
                continue;
            }
            let lead = word.find(trimmed).unwrap_or(0);
            let r = start + lead..start + lead + trimmed.len();
            if clear(&r) {
                return Some(r);
            }
        }
        None
    });
    match range {
        Some(r) => format!(
            "{}{open}{}{close}{}",
            &text[..r.start],
            &text[r.clone()],
            &text[r.end..]
        ),
        None => format!("{text}{open}{close}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_appends_missing_footnote_and_drops_foreign_tokens() {
        let (t, changed) = repair_placeholders("Meeting held.{1/}", "Toplantı {3/}yapıldı.");
        assert!(changed);
        assert_eq!(t, "Toplantı yapıldı.{1/}");
        assert!(check_placeholders("Meeting held.{1/}", &t).is_ok());
        // A pair the target lacks goes around the words it encloses, when the target has them,
        // else around the last word; a half pair is made whole the same way.
        let src = "Held in {1}Tokyo{/1} on {2}Monday{/2}.{3/}";
        let (t, _) = repair_placeholders(src, "Toplantı Tokyo'da pazartesi yapıldı.");
        assert_eq!(t, "Toplantı {1}Tokyo{/1}'da pazartesi {2}yapıldı{/2}.{3/}");
        assert!(check_placeholders(src, &t).is_ok());
        let (t, _) = repair_placeholders(src, "{/1}Tokyo{1} {2}pazartesi.");
        assert!(check_placeholders(src, &t).is_ok(), "{t}");
        assert!(t.find("{1}").unwrap() < t.find("{/1}").unwrap(), "{t}");
        let (same, changed) = repair_placeholders("a {1}b{/1}", "x {1}y{/1}");
        assert!(!changed);
        assert_eq!(same, "x {1}y{/1}");
    }
}
