//! One article against its drafts: counts per state and the findings of each segment. Pure
//! apart from reading the drafts.
//!
//! The "identical target" rule, kept simple on purpose: a target equal to its source (spaces
//! trimmed) is reported when the source has at least two words made of letters and at least
//! one of them starts lowercase. Segments of names, numbers, URLs or a single word ("Notes",
//! "Hayashi", "17.12.2022", "Shavkat Mirziyoyev") are identical by design in every language
//! and are not reported.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::words::{letter_words, missing_numbers};
use super::Severity;
use super::{count_words, Counts, Finding, Kind, Pair, ReportError};
use crate::draft::{check_placeholders, draft_path, Draft, DraftError, Entry, State};
use crate::error::Location;
use crate::model::{Article, Lang, Segment, SegmentId};
use crate::source::ArticleFile;
use crate::terms::check::{across as across_articles, Checker, Issue, Translation, Used};

/// What one article gave.
pub(super) struct Checked {
    pub pairs: Vec<Pair>,
    pub findings: Vec<Finding>,
    /// Its translated segments, for the check across articles.
    pub translated: Vec<Translated>,
}

/// The glossary check, when the `terminology` gate is on.
pub(super) struct Terms {
    pub checker: Checker,
    pub severity: Severity,
}

/// A finished translation and the finding it would carry (kind and message filled later).
pub(super) struct Translated {
    from: Lang,
    source: String,
    target: String,
    finding: Finding,
}

/// The same source segment translated differently (see [`crate::terms::check::across`]).
pub(super) fn across(items: &[Translated], severity: Severity) -> Vec<Finding> {
    let list: Vec<Translation<'_>> = items
        .iter()
        .map(|t| Translation {
            slug: &t.finding.slug,
            id: t.finding.id.as_ref().expect("translated segments have ids"),
            from: t.from,
            to: t.finding.lang,
            source: &t.source,
            target: &t.target,
        })
        .collect();
    across_articles(&list)
        .into_iter()
        .map(|(i, found)| {
            let mut f = items[i].finding.clone();
            f.kind = Kind::InconsistentTranslation;
            f.severity = severity;
            f.message = found.message;
            f
        })
        .collect()
}

/// Checks `article` (from `file`) against its draft in each of `targets` but its own language.
pub(super) fn article(
    root: &Path,
    file: &ArticleFile,
    article: &Article,
    targets: &[Lang],
    allow_fuzzy: bool,
    terms: Option<&Terms>,
) -> Result<Checked, ReportError> {
    let words: Vec<usize> = article
        .segments
        .iter()
        .map(|s| count_words(&s.text))
        .collect();
    let mut out = Checked {
        pairs: Vec::new(),
        findings: Vec::new(),
        translated: Vec::new(),
    };
    let notes: HashSet<usize> = article
        .blocks
        .iter()
        .filter(|b| b.kind == crate::model::BlockKind::Note)
        .flat_map(|b| b.segments.iter().copied())
        .collect();
    for &lang in targets.iter().filter(|&&l| l != article.lang) {
        let rel = draft_path(&article.slug, lang);
        let draft = Draft::load(root, &rel)?;
        if let Some(d) = &draft {
            belongs(d, article, lang, &rel)?;
        }
        let mut pair = Pair {
            slug: article.slug.clone(),
            source: file.path.clone(),
            source_lang: article.lang,
            target_lang: lang,
            draft: rel,
            draft_exists: draft.is_some(),
            counts: Counts::default(),
            orphaned: 0,
            passed: true,
        };
        let mut ctx = PairCtx {
            pair: &mut pair,
            findings: &mut out.findings,
            allow_fuzzy,
            terms,
            notes: &notes,
            used: Vec::new(),
            translated: &mut out.translated,
        };
        match &draft {
            None => ctx.missing_draft(article, &words),
            Some(d) => ctx.draft(article, d, &words),
        }
        out.pairs.push(pair);
    }
    Ok(out)
}

/// A draft must be of this article, from its language, into the language its name says.
fn belongs(d: &Draft, article: &Article, lang: Lang, rel: &Path) -> Result<(), DraftError> {
    let wrong = if d.slug != article.slug {
        Some(format!(
            "draft of article `{}` (expected `{}`, the folder it is in)",
            d.slug, article.slug
        ))
    } else if d.source_lang != article.lang {
        Some(format!(
            "draft from `{}` (expected `{}`, the source article's language)",
            d.source_lang, article.lang
        ))
    } else if d.target_lang != lang {
        Some(format!(
            "draft into `{}` (expected `{lang}`, as its file name says)",
            d.target_lang
        ))
    } else {
        None
    };
    match wrong {
        Some(message) => Err(DraftError::Mismatch {
            at: Location::file(rel),
            message,
        }),
        None => Ok(()),
    }
}

struct PairCtx<'a> {
    pair: &'a mut Pair,
    findings: &'a mut Vec<Finding>,
    allow_fuzzy: bool,
    terms: Option<&'a Terms>,
    /// Indexes of the segments in reference notes.
    notes: &'a HashSet<usize>,
    /// Term renderings used per segment, in order.
    used: Vec<(SegmentId, Used, usize)>,
    translated: &'a mut Vec<Translated>,
}

impl PairCtx<'_> {
    fn finding(&mut self, kind: Kind, seg: Option<&Segment>, message: String) -> &mut Finding {
        self.findings.push(Finding {
            kind,
            severity: kind.severity(),
            slug: self.pair.slug.clone(),
            lang: self.pair.target_lang,
            file: self.pair.source.clone(),
            draft: self.pair.draft.clone(),
            id: seg.map(|s| s.id.clone()),
            line: seg.map_or(0, |s| s.line),
            column: seg.map_or(0, |s| s.column),
            source: seg.map_or_else(String::new, |s| s.display.clone()),
            target: None,
            message,
        });
        self.findings.last_mut().expect("just pushed")
    }

    fn missing_draft(&mut self, article: &Article, words: &[usize]) {
        let c = &mut self.pair.counts;
        for &w in words {
            c.total.add(w);
            c.new.add(w);
            c.missing.add(w);
            c.untranslated.add(w);
        }
        let (n, w) = (c.total.segments, c.total.words);
        let lang = self.pair.target_lang;
        let draft = self.pair.draft.display().to_string();
        let title = article.segments.first();
        let f = self.finding(
            Kind::MissingDraft,
            None,
            format!("no `{lang}` draft `{draft}`: all {n} segments ({w} words) are untranslated"),
        );
        // Point at the title so annotations have a line to sit on.
        if let Some(t) = title {
            f.line = t.line;
            f.column = t.column;
            f.source = t.display.clone();
        }
    }

    fn draft(&mut self, article: &Article, d: &Draft, words: &[usize]) {
        let by_id: HashMap<&SegmentId, &Entry> = d.segments.iter().map(|e| (&e.id, e)).collect();
        for (i, (seg, &w)) in article.segments.iter().zip(words).enumerate() {
            if let (Some(e), Some(terms)) = (by_id.get(&seg.id), self.terms) {
                self.terms(terms, article, i, seg, e);
            }
            self.pair.counts.total.add(w);
            match by_id.get(&seg.id) {
                None => {
                    let c = &mut self.pair.counts;
                    c.new.add(w);
                    c.missing.add(w);
                    c.untranslated.add(w);
                    self.finding(
                        Kind::Untranslated,
                        Some(seg),
                        "segment missing from the draft (the source changed since the draft was made)".into(),
                    );
                }
                Some(e) => self.entry(seg, e, w),
            }
        }
        if let Some(terms) = self.terms {
            let used: Vec<(&SegmentId, Vec<(usize, usize)>)> =
                self.used.iter().map(|(id, u, _)| (id, u.clone())).collect();
            let found = terms.checker.within_draft(self.pair.target_lang, &used);
            let at: HashMap<&SegmentId, usize> =
                self.used.iter().map(|(id, _, i)| (id, *i)).collect();
            let found: Vec<(usize, String)> = found
                .into_iter()
                .map(|(id, f)| (at[id], f.message))
                .collect();
            for (i, message) in found {
                let seg = &article.segments[i];
                let target = by_id.get(&seg.id).map(|e| e.target.clone());
                let f = self.finding(Kind::TermInconsistent, Some(seg), message);
                f.severity = terms.severity;
                f.target = target;
            }
        }
        let current: HashSet<&SegmentId> = article.segments.iter().map(|s| &s.id).collect();
        for e in d.segments.iter().filter(|e| !current.contains(&e.id)) {
            self.pair.orphaned += 1;
            let f = self.finding(
                Kind::Orphaned,
                None,
                format!(
                    "entry `{}` has no segment in the source any more (it was edited or removed)",
                    e.id
                ),
            );
            f.id = Some(e.id.clone());
            f.source = e.source.clone();
            f.target = (!e.target.is_empty()).then(|| e.target.clone());
        }
    }

    /// Glossary findings of one translated, current entry.
    fn terms(&mut self, terms: &Terms, article: &Article, i: usize, seg: &Segment, e: &Entry) {
        if e.state == State::New || e.target.is_empty() || e.source != seg.text {
            return;
        }
        let (from, to) = (article.lang, self.pair.target_lang);
        let quotes = self.notes.contains(&i);
        let checked = terms.checker.entry(from, to, &seg.text, &e.target, quotes);
        for found in checked.found {
            let kind = match found.issue {
                Issue::Missing => Kind::TermMissing,
                Issue::Forbidden => Kind::TermForbidden,
                Issue::TermInconsistent => Kind::TermInconsistent,
                Issue::SegmentInconsistent => Kind::InconsistentTranslation,
            };
            let f = self.finding(kind, Some(seg), found.message);
            f.severity = terms.severity;
            f.target = Some(e.target.clone());
        }
        if !checked.used.is_empty() {
            self.used.push((seg.id.clone(), checked.used, i));
        }
        if e.state.is_final() {
            let mut f = self
                .finding(Kind::InconsistentTranslation, Some(seg), String::new())
                .clone();
            self.findings.pop();
            f.target = Some(e.target.clone());
            self.translated.push(Translated {
                from,
                source: seg.text.clone(),
                target: e.target.clone(),
                finding: f,
            });
        }
    }

    fn entry(&mut self, seg: &Segment, e: &Entry, w: usize) {
        let stale = e.is_stale_for(seg);
        let c = &mut self.pair.counts;
        match e.state {
            State::New => c.new.add(w),
            State::Fuzzy => c.fuzzy.add(w),
            State::Translated => c.translated.add(w),
            State::Reviewed => c.reviewed.add(w),
        }
        if stale {
            c.stale.add(w);
        }
        let fuzzy_counts = e.state == State::Fuzzy && !self.allow_fuzzy;
        if e.state == State::New || stale || fuzzy_counts {
            c.untranslated.add(w);
        }
        let allowed_fuzzy = e.state == State::Fuzzy && self.allow_fuzzy;
        if (e.state.is_final() || allowed_fuzzy) && !stale {
            c.done.add(w);
        }
        let target = (!e.target.is_empty()).then(|| e.target.clone());
        if e.state == State::New {
            self.finding(
                Kind::Untranslated,
                Some(seg),
                "segment is `new` (no target yet)".into(),
            );
            return;
        }
        if stale {
            let f = self.finding(
                Kind::Stale,
                Some(seg),
                format!(
                    "the target was made for another source text: `{}`",
                    e.source
                ),
            );
            f.target = target;
            // Checking a stale target against the new source would only repeat the point.
            return;
        }
        if e.state == State::Fuzzy {
            let score = e
                .matched
                .as_ref()
                .map_or(String::new(), |m| format!(" (match {} %)", m.score));
            let f = self.finding(
                Kind::Fuzzy,
                Some(seg),
                format!("segment needs review{score}"),
            );
            f.target = target.clone();
            let warnings = e.matched.as_ref().map_or(&[][..], |m| &m.warnings[..]);
            if !warnings.is_empty() {
                let list: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                let from = e
                    .matched
                    .as_ref()
                    .and_then(|m| m.source.as_deref())
                    .map_or(String::new(), |s| format!(" `{s}`"));
                let f = self.finding(
                    Kind::MeaningChange,
                    Some(seg),
                    format!(
                        "the memory match{from} may change the meaning: {}",
                        list.join("; ")
                    ),
                );
                f.target = target.clone();
            }
        }
        if let Err(problem) = check_placeholders(&seg.text, &e.target) {
            let f = self.finding(Kind::Placeholders, Some(seg), problem);
            f.target = target.clone();
        }
        let missing = missing_numbers(&seg.text, &e.target);
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|n| format!("`{n}`")).collect();
            let f = self.finding(
                Kind::Numbers,
                Some(seg),
                format!("number {} of the source not in the target", list.join(", ")),
            );
            f.target = target.clone();
        }
        if looks_untranslated(&seg.text, &e.target) {
            let f = self.finding(
                Kind::Identical,
                Some(seg),
                "target identical to the source (likely not translated)".into(),
            );
            f.target = target;
        }
    }
}

/// The "identical target" rule (see the module docs).
fn looks_untranslated(source: &str, target: &str) -> bool {
    if source.trim() != target.trim() {
        return false;
    }
    let words = letter_words(source);
    words.len() >= 2
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_prose_is_flagged_but_names_and_numbers_are_not() {
        assert!(looks_untranslated(
            "The meeting was held in Tokyo.",
            "The meeting was held in Tokyo."
        ));
        assert!(!looks_untranslated(
            "Shavkat Mirziyoyev",
            "Shavkat Mirziyoyev"
        ));
        assert!(!looks_untranslated("Notes", "Notes"));
        assert!(!looks_untranslated("17.12.2022", "17.12.2022"));
        assert!(!looks_untranslated(
            "{1}https://mfa.go.jp{/1}",
            "{1}https://mfa.go.jp{/1}"
        ));
        assert!(!looks_untranslated("The meeting", "Toplantı"));
    }
}
