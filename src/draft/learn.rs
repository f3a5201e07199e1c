//! Learning: finished draft entries flow back into the memory's project file,
//! `memory/project.tmx`, as multilingual TUs — the one loop in the pipeline.
//!
//! For every source segment, the TU holds the source text and every target language whose
//! draft entry is `translated` or `reviewed` and was made for the current source text (a stale
//! entry is skipped). Each variant keeps its previous and next segment
//! (`x-context-prev`/`x-context-next` props) so later lookups can find in-context (101) matches,
//! and the entry's `changed` date becomes the variant's `changedate`. TUs are deduplicated by
//! [`Memory::add`]: a TU equal to one already learnt changes nothing, one that adds a language
//! is merged, and one that contradicts an existing translation is kept beside it (a conflict,
//! reported by `tm stats`).

use crate::memory::{AddOutcome, Memory, Prop, Tu, Variant};
use crate::model::{Article, Lang};

use super::{Draft, Entry, State};

/// What learning one article did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnStats {
    /// TUs added as new.
    pub inserted: usize,
    /// TUs merged into an existing one (a language added).
    pub merged: usize,
    /// TUs already in the memory.
    pub unchanged: usize,
    /// Entries skipped because their source changed since they were translated.
    pub stale: usize,
    /// Entries skipped because their target's placeholders differ from the source's (a
    /// memory must not teach a broken translation), as `draft: segment: problem`.
    pub broken: Vec<String>,
}

/// A draft whose header disagrees with the article it is stored with.
#[derive(Debug, thiserror::Error)]
#[error("sources/{slug}/{lang}.json: {message}\n  hint: run `polypress prefill {slug}` to rewrite the draft's header; nothing was learnt")]
pub struct HeaderMismatch {
    /// The article.
    pub slug: String,
    /// The draft's language, as its header says.
    pub lang: String,
    /// What disagrees.
    pub message: String,
}

/// Checks that a draft loaded from `sources/<slug>/<lang>.json` says `lang` in its header.
///
/// # Errors
/// The header names another target language.
pub fn expect_lang(draft: Draft, lang: Lang) -> Result<Draft, HeaderMismatch> {
    if draft.target_lang == lang {
        return Ok(draft);
    }
    Err(HeaderMismatch {
        slug: draft.slug.clone(),
        lang: lang.code().to_string(),
        message: format!(
            "the header says target language `{}` (expected `{}`, the file name's)",
            draft.target_lang.code(),
            lang.code()
        ),
    })
}

/// Checks that each draft's header belongs with `article` and that no two drafts claim the
/// same language (a draft whose header was copied from another would otherwise silently
/// replace that one's entries).
///
/// # Errors
/// The first disagreement.
pub fn check_headers(article: &Article, drafts: &[&Draft]) -> Result<(), HeaderMismatch> {
    let mut seen = Vec::new();
    for d in drafts {
        let err = |message: String| HeaderMismatch {
            slug: article.slug.clone(),
            lang: d.target_lang.code().to_string(),
            message,
        };
        if d.slug != article.slug {
            return Err(err(format!(
                "the header names article `{}` (expected `{}`, the folder's)",
                d.slug, article.slug
            )));
        }
        if d.source_lang != article.lang {
            return Err(err(format!(
                "the header says source language `{}` (expected `{}`, the article's)",
                d.source_lang.code(),
                article.lang.code()
            )));
        }
        if d.target_lang == article.lang || seen.contains(&d.target_lang) {
            return Err(err(format!(
                "the header says target language `{}`, which another file of the article already is (expected the language of the file name)",
                d.target_lang.code()
            )));
        }
        seen.push(d.target_lang);
    }
    Ok(())
}

/// The TUs an article's drafts teach: one per source segment that has at least one finished
/// translation.
pub fn tus_for(article: &Article, drafts: &[&Draft], stale: &mut usize) -> Vec<Tu> {
    tus_checked(article, drafts, stale, &mut Vec::new())
}

fn tus_checked(
    article: &Article,
    drafts: &[&Draft],
    stale: &mut usize,
    broken: &mut Vec<String>,
) -> Vec<Tu> {
    let segs = &article.segments;
    let mut out = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let mut tu = Tu::default();
        let prev = i.checked_sub(1).map(|p| segs[p].text.clone());
        let next = segs.get(i + 1).map(|s| s.text.clone());
        for draft in drafts {
            let Some(entry) = draft.entry(&seg.id) else {
                continue;
            };
            if !entry.state.is_final() {
                continue;
            }
            if entry.is_stale_for(seg) {
                *stale += 1;
                continue;
            }
            if let Err(problem) = super::check_placeholders(&entry.source, &entry.target) {
                broken.push(format!(
                    "{}: segment `{}`: {problem}",
                    super::draft_path(&draft.slug, draft.target_lang).display(),
                    entry.id
                ));
                continue;
            }
            let ctx = |idx: Option<usize>| {
                idx.and_then(|k| segs.get(k))
                    .and_then(|s| draft.entry(&s.id))
                    .filter(|e| super::memory::usable(e))
                    .map(|e| e.target.clone())
            };
            tu.variants.insert(
                draft.target_lang,
                variant(
                    draft.target_lang,
                    entry,
                    ctx(i.checked_sub(1)),
                    ctx(Some(i + 1)),
                ),
            );
        }
        if tu.variants.is_empty() {
            continue;
        }
        let mut src = Variant::new(article.lang, seg.text.clone());
        src.info_mut().context_prev = prev;
        src.info_mut().context_next = next;
        tu.variants.insert(article.lang, src);
        let info = tu.info_mut();
        info.props.push(Prop {
            kind: "x-polypress-article".into(),
            value: article.slug.clone(),
        });
        info.props.push(Prop {
            kind: "x-polypress-segment".into(),
            value: seg.id.to_string(),
        });
        out.push(tu);
    }
    out
}

pub(super) fn variant(
    lang: Lang,
    entry: &Entry,
    prev: Option<String>,
    next: Option<String>,
) -> Variant {
    let mut v = Variant::new(lang, entry.target.clone());
    let info = v.info_mut();
    info.context_prev = prev;
    info.context_next = next;
    if let Some(date) = &entry.changed {
        info.dates.changed = Some(tmx_date(date));
    }
    if entry.state == State::Reviewed {
        info.props.push(Prop {
            kind: "x-polypress-state".into(),
            value: "reviewed".into(),
        });
    }
    v
}

/// `2022-12-20` → `20221220T000000Z` (TMX 1.4b dates are ISO 8601 basic format, UTC).
pub(crate) fn tmx_date(date: &str) -> String {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        format!("{digits}T000000Z")
    } else {
        date.to_string()
    }
}

/// Adds an article's finished entries to the memory's project file (in memory; the caller
/// saves it). Entries with broken placeholders are left out and listed.
///
/// # Errors
/// A draft's header disagrees with the article ([`check_headers`]): nothing is added.
pub fn learn(
    memory: &mut Memory,
    article: &Article,
    drafts: &[&Draft],
) -> Result<LearnStats, HeaderMismatch> {
    check_headers(article, drafts)?;
    let mut stats = LearnStats::default();
    for tu in tus_checked(article, drafts, &mut stats.stale, &mut stats.broken) {
        match memory.add(tu) {
            AddOutcome::Inserted => stats.inserted += 1,
            AddOutcome::Merged => stats.merged += 1,
            AddOutcome::Unchanged => stats.unchanged += 1,
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_dates_are_basic_iso_8601() {
        assert_eq!(tmx_date("2022-12-20"), "20221220T000000Z");
    }
}
