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
//! Repetitions: the same source text (per language pair) is looked up once per run; its second
//! and later occurrences, in article order then segment order, are counted as repetitions.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

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
    let repeated = repeated(jobs.iter().map(|j| (j.article, j.target)));
    // One lookup per first occurrence; repetitions reuse its result.
    let queries: Vec<(&Article, usize, Lang)> = jobs
        .iter()
        .zip(&repeated)
        .flat_map(|(job, rep)| {
            rep.iter()
                .enumerate()
                .filter(|(_, r)| !**r)
                .map(move |(i, _)| (job.article, i, job.target))
        })
        .collect();
    let results: HashMap<(Lang, Lang, &str), Option<Match>> = queries
        .into_par_iter()
        .map(|(article, i, target)| {
            let segs = &article.segments;
            let mut q = Query::new(&segs[i].text, article.lang, target);
            q.k = 1;
            q.min = opts.min;
            q.prev = i.checked_sub(1).map(|p| segs[p].text.as_str());
            q.next = segs.get(i + 1).map(|s| s.text.as_str());
            let best = memory.lookup(&q).into_iter().next();
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

/// How many lookups [`prefill`] will make for `jobs`: one per distinct text and language pair.
pub fn lookups(jobs: &[Job<'_>]) -> usize {
    repeated(jobs.iter().map(|j| (j.article, j.target)))
        .iter()
        .flatten()
        .filter(|r| !**r)
        .count()
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
        Some(id) => format!("memory/{}#{id}", m.origin.file.display()),
        None => format!("memory/{}:{}", m.origin.file.display(), m.origin.line),
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

/// Makes a memory target carry the source's placeholders: drops tokens the source does not
/// have and appends missing standalone ones (footnote markers, which end sentences). Returns
/// whether anything changed.
fn repair_placeholders(source: &str, target: &str) -> (String, bool) {
    if check_placeholders(source, target).is_ok() {
        return (target.to_string(), false);
    }
    let src: Vec<(String, CodeRole)> = scan_placeholders(source)
        .into_iter()
        .map(|(r, _, role)| (source[r].to_string(), role))
        .collect();
    let mut out = String::new();
    let mut last = 0;
    let mut kept: Vec<String> = Vec::new();
    for (r, _, _) in scan_placeholders(target) {
        out.push_str(&target[last..r.start]);
        let tok = &target[r.clone()];
        if src.iter().any(|(t, _)| t == tok) && !kept.iter().any(|k| k == tok) {
            out.push_str(tok);
            kept.push(tok.to_string());
        }
        last = r.end;
    }
    out.push_str(&target[last..]);
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for (tok, role) in &src {
        if *role == CodeRole::Standalone && !kept.contains(tok) {
            out.push_str(tok);
        }
    }
    (out, true)
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
        let (same, changed) = repair_placeholders("a {1}b{/1}", "x {1}y{/1}");
        assert!(!changed);
        assert_eq!(same, "x {1}y{/1}");
    }
}
