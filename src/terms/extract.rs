//! Candidate terms from what the publication already translated: a starting glossary for a
//! person to review.
//!
//! Input: aligned records, each one text per language (a memory TU; the source and targets of
//! one draft segment). Steps:
//! 1. In the English of each record, take runs of capitalised words, with `of`, `and`, `for`,
//!    `the`, `on` allowed inside (`Organization of Turkic States`), a leading sentence word
//!    such as `The` or `In` dropped, and the possessive `'s` removed; runs of two words or
//!    more, and acronyms (`TITR`). Count the records each occurs in; keep those seen in at least
//!    `min_count` records, and drop a run inside a longer one seen as often.
//! 2. For each other language, among the records holding the candidate, score every run of up
//!    to seven words (not across punctuation) by the F2 measure of co-occurrence (coverage
//!    `both / records with the candidate` weighing four times precision `both / records with the
//!    run`, since a rendering is often shared with a related word: `Orta Asya` renders both
//!    `Central Asia` and `Central Asian`), comparing words by stem
//!    (Russian case endings and Turkish suffixes after an apostrophe removed, see
//!    [`super::morph`]). The best run seen in at least two of the candidate's records is its
//!    rendering, written in its most frequent form (for Turkish without the suffixes). Each word
//!    of difference from the candidate's own length costs 0.1 (a name has about as many words
//!    in every language); ties go to the run that starts with a capital letter.
//!
//! Candidates already in the glossary are left out.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::matcher::{words, Matcher};
use super::morph::{fold, is_acronym, ru_stem, tr_stem};
use super::{make_id, Glossary, Status, Term, TermEntry};
use crate::draft::Draft;
use crate::memory::Memory;
use crate::model::{Article, Lang};

/// One aligned record: a text per language.
pub type Record = BTreeMap<Lang, String>;

/// A proposed rendering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// The rendering, as the texts write it most often.
    pub text: String,
    /// Records where candidate and rendering occur together.
    pub together: usize,
    /// The F2 association score (0-1).
    pub score: f64,
}

/// A candidate term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The English term.
    pub en: String,
    /// Records it occurs in.
    pub count: usize,
    /// Proposed renderings per language.
    pub renderings: BTreeMap<Lang, Proposal>,
}

impl Candidate {
    /// As a glossary entry (English preferred, proposals preferred), with its evidence as note.
    pub fn to_entry(&self) -> TermEntry {
        let mut terms = vec![Term::new(Lang::En, &self.en, Status::Preferred)];
        let mut evidence = vec![format!("candidate: in {} records", self.count)];
        for (lang, p) in &self.renderings {
            terms.push(Term::new(*lang, &p.text, Status::Preferred));
            evidence.push(format!(
                "{lang} {} together, score {:.2}",
                p.together, p.score
            ));
        }
        let mut e = TermEntry::new(make_id(&self.en), terms);
        e.note = Some(evidence.join("; "));
        e
    }
}

/// What each word of difference from the English candidate's length costs a rendering's score.
const LENGTH_PENALTY: f64 = 0.1;

/// The longest rendering proposed, in words.
const MAX_RUN: usize = 7;

const CONNECTORS: &[&str] = &["of", "and", "for", "the", "on", "de"];
const LEADING: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "For",
    "By",
    "With",
    "From",
    "As",
    "But",
    "And",
    "Since",
    "After",
    "Before",
    "Under",
    "Its",
    "Their",
    "Our",
    "If",
    "When",
    "While",
    "Both",
    "Between",
    "Over",
    "Through",
    "To",
    "Of",
    "According",
    "Yet",
    "So",
];

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The English candidate runs of one text, once each.
fn english_runs(text: &str) -> Vec<String> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !capitalised(ws[i].text) {
            i += 1;
            continue;
        }
        // Extend over capitalised words and inner connectors, not across punctuation.
        let mut j = i + 1;
        let mut end = i + 1;
        while j < ws.len() {
            let gap = &text[ws[j - 1].range.end..ws[j].range.start];
            if !gap
                .chars()
                .all(|c| c.is_whitespace() || c == '-' || c == '+')
            {
                break;
            }
            if capitalised(ws[j].text) {
                j += 1;
                end = j;
            } else if CONNECTORS.contains(&ws[j].text) {
                j += 1;
            } else {
                break;
            }
        }
        let mut start = i;
        if end - start >= 2 && LEADING.contains(&ws[start].text) {
            start += 1;
        }
        push_run(text, &ws[start..end], &mut out);
        // A sentence's first word is capitalised anyway: also try the run without it.
        let sentence_start = text[..ws[i].range.start]
            .trim_end()
            .chars()
            .last()
            .map_or(true, |c| {
                matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '(')
            });
        if start == i && sentence_start {
            let mut s = start + 1;
            while s < end && CONNECTORS.contains(&ws[s].text) {
                s += 1;
            }
            if s < end {
                push_run(text, &ws[s..end], &mut out);
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Whether the words of `inner` occur in a row in `outer`.
fn contains_words(outer: &str, inner: &str) -> bool {
    let o: Vec<&str> = words(outer).into_iter().map(|w| w.text).collect();
    let i: Vec<&str> = words(inner).into_iter().map(|w| w.text).collect();
    !i.is_empty() && o.windows(i.len()).any(|w| w == i.as_slice())
}

fn push_run(text: &str, run: &[super::matcher::Word<'_>], out: &mut Vec<String>) {
    let Some((first, last)) = run.first().zip(run.last()) else {
        return;
    };
    let single_acronym =
        run.len() == 1 && is_acronym(first.text) && first.text.chars().count() >= 3;
    if run.len() < 2 && !single_acronym {
        return;
    }
    let s = text[first.range.start..last.range.end]
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_string();
    if !out.contains(&s) {
        out.push(s);
    }
}

fn stem_key(lang: Lang, w: &str) -> String {
    let f = fold(lang, w, false);
    match lang {
        Lang::Ru => ru_stem(&f).to_string(),
        Lang::Tr => tr_stem(&f).to_string(),
        Lang::En => f,
    }
}

/// Runs of up to [`MAX_RUN`] words of one text, not across punctuation: (stem key, surface).
fn target_runs(lang: Lang, text: &str) -> Vec<(String, String)> {
    let ws = words(text);
    let mut out = Vec::new();
    for i in 0..ws.len() {
        let mut key = String::new();
        let mut surface = String::new();
        for j in i..ws.len().min(i + MAX_RUN) {
            if j > i {
                let gap = &text[ws[j - 1].range.end..ws[j].range.start];
                if !gap
                    .chars()
                    .all(|c| c.is_whitespace() || c == '-' || c == '+')
                {
                    break;
                }
                key.push(' ');
                surface.push_str(gap);
            }
            key.push_str(&stem_key(lang, ws[j].text));
            let w = if lang == Lang::Tr {
                tr_stem(ws[j].text)
            } else {
                ws[j].text
            };
            surface.push_str(w);
            if ws[j].text.chars().all(|c| c.is_ascii_digit()) {
                break;
            }
            out.push((key.clone(), surface.clone()));
        }
    }
    out
}

/// The aligned records of a project: every memory TU with two languages or more, and every
/// source segment with its finished (translated or reviewed) targets from the drafts.
pub fn records(memory: &Memory, articles: &[Article], drafts: &[Draft]) -> Vec<Record> {
    let mut out: Vec<Record> = memory
        .tus
        .iter()
        .map(|tu| {
            tu.variants
                .iter()
                .map(|(l, v)| (*l, v.text.clone()))
                .collect::<Record>()
        })
        .filter(|r| r.len() >= 2)
        .collect();
    for a in articles {
        for seg in &a.segments {
            let mut r = Record::new();
            r.insert(a.lang, seg.text.clone());
            for d in drafts.iter().filter(|d| d.slug == a.slug) {
                if let Some(e) = d.segments.iter().find(|e| e.id == seg.id) {
                    if e.state.is_final() && e.source == seg.text {
                        r.insert(d.target_lang, e.target.clone());
                    }
                }
            }
            if r.len() >= 2 {
                out.push(r);
            }
        }
    }
    out
}

/// Proposes candidates from `records`, leaving out what `glossary` already has.
pub fn extract(records: &[Record], glossary: &Glossary, min_count: usize) -> Vec<Candidate> {
    let known = Matcher::new(glossary, Lang::En);
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut holding: HashMap<String, Vec<usize>> = HashMap::new();
    for (ri, r) in records.iter().enumerate() {
        let Some(en) = r.get(&Lang::En) else { continue };
        // Latin script only: titles quoted in other scripts are not English terms.
        for run in english_runs(en)
            .into_iter()
            .filter(|r| r.is_ascii() || r.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            *count.entry(run.clone()).or_default() += 1;
            holding.entry(run).or_default().push(ri);
        }
    }
    let mut cands: Vec<(String, usize)> = count
        .into_iter()
        .filter(|(run, n)| *n >= min_count.max(1) && known.find(glossary, run).is_empty())
        .collect();
    cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let all: Vec<String> = cands.iter().map(|c| c.0.clone()).collect();
    cands.retain(|(run, n)| {
        !all.iter().any(|longer| {
            longer != run && contains_words(longer, run) && holding[longer].len() >= *n
        })
    });
    // Per language: the records each target run occurs in.
    let mut runs_by_lang: BTreeMap<Lang, Vec<Vec<(String, String)>>> = BTreeMap::new();
    let mut freq: BTreeMap<Lang, HashMap<String, usize>> = BTreeMap::new();
    for lang in [Lang::Tr, Lang::Ru] {
        let per: Vec<Vec<(String, String)>> = records
            .iter()
            .map(|r| {
                r.get(&lang)
                    .map(|t| target_runs(lang, t))
                    .unwrap_or_default()
            })
            .collect();
        let f = freq.entry(lang).or_default();
        for runs in &per {
            let uniq: HashSet<&String> = runs.iter().map(|(k, _)| k).collect();
            for k in uniq {
                *f.entry(k.clone()).or_default() += 1;
            }
        }
        runs_by_lang.insert(lang, per);
    }
    let mut out = Vec::new();
    for (run, n) in cands {
        let en_words = words(&run).len();
        let mut c = Candidate {
            en: run.clone(),
            count: n,
            renderings: BTreeMap::new(),
        };
        for (lang, per) in &runs_by_lang {
            let recs: Vec<usize> = holding[&run]
                .iter()
                .copied()
                .filter(|&ri| records[ri].contains_key(lang))
                .collect();
            if recs.len() < 2 {
                continue;
            }
            let mut together: HashMap<&String, usize> = HashMap::new();
            let mut surfaces: HashMap<&String, BTreeMap<&String, usize>> = HashMap::new();
            for &ri in &recs {
                let mut seen = HashSet::new();
                for (k, s) in &per[ri] {
                    *surfaces.entry(k).or_default().entry(s).or_default() += 1;
                    if seen.insert(k) {
                        *together.entry(k).or_default() += 1;
                    }
                }
            }
            let f = &freq[lang];
            let best = together
                .iter()
                .filter(|(_, &t)| t >= 2)
                .map(|(k, &t)| {
                    // F2: coverage of the candidate's records weighs four times precision, as
                    // a rendering is often shared with a related word (`Central Asian`).
                    let coverage = t as f64 / recs.len() as f64;
                    let precision = t as f64 / f[*k] as f64;
                    let f2 = 5.0 * precision * coverage / (4.0 * precision + coverage);
                    let surface = surfaces[k]
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(s, _)| (*s).clone())
                        .unwrap_or_default();
                    let n = k.split(' ').count();
                    // A name has about as many words in every language.
                    let score = f2 - LENGTH_PENALTY * n.abs_diff(en_words) as f64;
                    (score, f2, capitalised(&surface), t, surface)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)).then(b.4.cmp(&a.4)));
            if let Some((_, f2, _, t, surface)) = best {
                c.renderings.insert(
                    *lang,
                    Proposal {
                        text: surface,
                        together: t,
                        score: (f2 * 100.0).round() / 100.0,
                    },
                );
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(en: &str, tr: &str, ru: &str) -> Record {
        BTreeMap::from([
            (Lang::En, en.to_string()),
            (Lang::Tr, tr.to_string()),
            (Lang::Ru, ru.to_string()),
        ])
    }

    #[test]
    fn english_runs_take_names_with_connectors() {
        assert_eq!(
            english_runs(
                "The Organization of Turkic States met in Samarkand; the Middle Corridor's ports."
            ),
            ["Organization of Turkic States", "Middle Corridor"]
        );
        assert_eq!(english_runs("In Tokyo, TITR grew."), ["TITR"]);
    }

    #[test]
    fn proposes_aligned_renderings_by_stem() {
        let records = vec![
            rec(
                "The Middle Corridor grew.",
                "Orta Koridor büyüdü.",
                "Средний коридор вырос.",
            ),
            rec(
                "Ports of the Middle Corridor.",
                "Orta Koridor'un limanları.",
                "Порты Среднего коридора.",
            ),
            rec(
                "Investing in the Middle Corridor pays.",
                "Orta Koridor'a yatırım.",
                "Инвестиции в Средний коридор.",
            ),
            rec(
                "The Northern Corridor is long.",
                "Kuzey Koridoru uzun.",
                "Северный коридор длинный.",
            ),
            rec(
                "The Northern Corridor is old.",
                "Kuzey Koridoru eski.",
                "Северный коридор старый.",
            ),
        ];
        let c = extract(&records, &Glossary::default(), 2);
        let mc = c.iter().find(|c| c.en == "Middle Corridor").unwrap();
        assert_eq!(mc.count, 3);
        assert_eq!(mc.renderings[&Lang::Tr].text, "Orta Koridor");
        assert_eq!(mc.renderings[&Lang::Ru].text, "Средний коридор");
        assert_eq!(mc.renderings[&Lang::Ru].together, 3);
        let nc = c.iter().find(|c| c.en == "Northern Corridor").unwrap();
        assert_eq!(nc.renderings[&Lang::Ru].text, "Северный коридор");
        // Known terms are left out.
        let g = Glossary {
            entries: vec![mc.to_entry()],
            ..Glossary::default()
        };
        let again = extract(&records, &g, 2);
        assert!(again.iter().all(|c| c.en != "Middle Corridor"));
    }
}
