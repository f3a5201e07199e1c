//! The aligned edition's files for editors and tools: the QA page `output/aligned/<slug>-qa.html`
//! (one row per source segment, one column per language, with segment ids, block paths, draft
//! states, match scores and, in a cell whose `fuzzy` entry is not used, the suggestion itself),
//! a JSON file (segment id → text per language) and a TMX 1.4b file of the article's segments,
//! inline codes as `<bpt>`/`<ept>`/`<ph>`. Readers get the parallel-text pages of the
//! `reader` module instead.

use std::collections::BTreeSet;

use serde::Serialize;

use super::html::{alternates, escape, front_text};
use super::reader::inline_html;
use super::{Edition, Status};
use crate::draft::State;
use crate::l10n::{Arg, Chrome, L10nError};
use crate::model::{scan_placeholders, Article, CodeRole, Lang, Segment};

/// The QA page `output/aligned/<slug>-qa.html`. `editions` are in column order, the source
/// edition among them; chrome is in the source language. Text is rendered (emphasis, links,
/// footnote numbers); a suggestion whose placeholders do not fit the source shows them as
/// badges, which is what an editor needs to see.
///
/// # Errors
/// A chrome message that cannot be formatted.
pub fn page(
    article: &Article,
    editions: &[&Edition],
    chrome: &Chrome,
) -> Result<String, L10nError> {
    let lang = article.lang;
    let source = editions
        .iter()
        .find(|e| e.lang == lang)
        .map(|e| &e.cells[..])
        .unwrap_or(&[]);
    let title = front_text(article, source, "title").unwrap_or_else(|| article.slug.clone());
    let heading = chrome.format(lang, "qa-title", &[("title", Arg::Str(&title))])?;
    let langs: Vec<Lang> = editions.iter().map(|e| e.lang).collect();
    let mut h = String::with_capacity(64 * 1024);
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n{}\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"../style.css\">\n{}</head>\n\
         <body class=\"aligned\">\n<header class=\"site\"><nav><a href=\"../index.html\">{}</a> · \
         <a href=\"../{lang}/{}/aligned/index.html\">{}</a></nav></header>\n\
         <main>\n<h1>{}</h1>\n<table class=\"aligned\">\n<thead><tr><th>{}</th>",
        crate::sanitize::CSP_META,
        escape(&heading),
        alternates(&article.slug, &langs, 1),
        escape(&chrome.text(lang, "root-title")?),
        crate::sanitize::href_segment(&article.slug),
        escape(&chrome.text(lang, "qa-reader")?),
        escape(&heading),
        escape(&chrome.text(lang, "qa-segment")?),
    ));
    for e in editions {
        h.push_str(&format!(
            "<th lang=\"{0}\"><a href=\"../{0}/{1}/index.html\">{2}</a></th>",
            e.lang,
            crate::sanitize::href_segment(&article.slug),
            e.lang.native_name()
        ));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let no_notes = BTreeSet::new();
    let suggestion_label = chrome.text(lang, "qa-suggestion")?;
    for (i, seg) in article.segments.iter().enumerate() {
        h.push_str(&format!(
            "<tr id=\"s-{0}\"><td class=\"id\">{0}<br>{1}</td>",
            escape(seg.id.as_str()),
            escape(&seg.block)
        ));
        for e in editions {
            let cell = &e.cells[i];
            let (class, shown_lang) = match cell.status {
                Status::Source | Status::Translated => ("done", e.lang),
                Status::Missing => ("missing", article.lang),
                Status::Fuzzy if cell.suggestion.is_some() => ("fuzzy", e.lang),
                Status::Fuzzy => ("fuzzy", article.lang),
                Status::Stale => ("stale", article.lang),
            };
            h.push_str(&format!("<td class=\"{class}\" lang=\"{shown_lang}\">"));
            match (&cell.suggestion, cell.status) {
                (Some(sugg), Status::Fuzzy) => {
                    h.push_str(&format!(
                        "<span class=\"suggestion-label\" lang=\"{lang}\">{}</span> ",
                        escape(&suggestion_label)
                    ));
                    if crate::draft::check_placeholders(&seg.text, sugg).is_ok() {
                        h.push_str(&inline_html(
                            sugg,
                            seg,
                            "",
                            &no_notes,
                            crate::sanitize::RawHtml::Sanitize,
                        ));
                    } else {
                        h.push_str(&with_badges(sugg));
                    }
                }
                _ => h.push_str(&inline_html(
                    &cell.text,
                    seg,
                    "",
                    &no_notes,
                    crate::sanitize::RawHtml::Sanitize,
                )),
            }
            if cell.status != Status::Source
                && (!cell.status.is_done() || cell.state.is_some_and(|s| s != State::Reviewed))
            {
                let state = match (cell.status, cell.state) {
                    (Status::Stale, _) => "stale",
                    (Status::Fuzzy, _) => "fuzzy",
                    (Status::Translated, Some(s)) => s.as_str(),
                    _ => "new",
                };
                let mut label = chrome.format(lang, "qa-state", &[("state", Arg::Str(state))])?;
                if let Some(score) = cell.score {
                    label.push_str(" · ");
                    label.push_str(&chrome.format(
                        lang,
                        "qa-score",
                        &[("score", Arg::Num(usize::from(score)))],
                    )?);
                }
                h.push_str(&format!(
                    "<span class=\"state\" lang=\"{lang}\">{}</span>",
                    escape(&label)
                ));
            } else if let Some(score) = cell.score {
                let label =
                    chrome.format(lang, "qa-score", &[("score", Arg::Num(usize::from(score)))])?;
                h.push_str(&format!(
                    "<span class=\"state\" lang=\"{lang}\">{}</span>",
                    escape(&label)
                ));
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    Ok(h)
}

/// Escaped text with each placeholder shown as a small badge.
fn with_badges(text: &str) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for (range, _, _) in scan_placeholders(text) {
        out.push_str(&escape(&text[pos..range.start]));
        out.push_str(&format!(
            "<span class=\"ph\">{}</span>",
            &text[range.clone()]
        ));
        pos = range.end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    format: &'static str,
    slug: &'a str,
    source_lang: Lang,
    languages: Vec<Lang>,
    segments: Vec<JsonSegment<'a>>,
}

#[derive(Serialize)]
struct JsonSegment<'a> {
    id: &'a str,
    block: &'a str,
    /// Language → text with placeholders; only languages with a translation.
    text: std::collections::BTreeMap<Lang, &'a str>,
    /// Language → state of the draft entry, or `untranslated`/`stale`.
    state: std::collections::BTreeMap<Lang, &'static str>,
}

/// The JSON file `output/aligned/<slug>.json`: segments in source order, each with its id,
/// block path and text per language (languages without a usable translation are left out of
/// `text` and say why in `state`).
pub fn json(article: &Article, editions: &[&Edition]) -> String {
    let segments = article
        .segments
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            let mut text = std::collections::BTreeMap::new();
            let mut state = std::collections::BTreeMap::new();
            for e in editions {
                let c = &e.cells[i];
                if c.status.is_done() {
                    text.insert(e.lang, c.text.as_str());
                }
                state.insert(
                    e.lang,
                    match (c.status, c.state) {
                        (Status::Source, _) => "source",
                        (Status::Stale, _) => "stale",
                        (Status::Translated, Some(s)) | (Status::Fuzzy, Some(s)) => s.as_str(),
                        _ => "new",
                    },
                );
            }
            JsonSegment {
                id: seg.id.as_str(),
                block: &seg.block,
                text,
                state,
            }
        })
        .collect();
    let doc = JsonDoc {
        format: "polypress-aligned/1",
        slug: &article.slug,
        source_lang: article.lang,
        languages: editions.iter().map(|e| e.lang).collect(),
        segments,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("plain data serializes");
    s.push('\n');
    s
}

/// The TMX 1.4b file `output/aligned/<slug>.tmx`: one `<tu>` per segment with a `<tuv>` for
/// the source and every language with a usable translation. No creation date, so the file is
/// the same on every run.
pub fn tmx(article: &Article, editions: &[&Edition]) -> String {
    let mut x = String::with_capacity(64 * 1024);
    x.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n\
         <header creationtool=\"polypress\" creationtoolversion=\"{}\" segtype=\"sentence\" \
         o-tmf=\"polypress\" adminlang=\"en\" srclang=\"{}\" datatype=\"markdown\"/>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        article.lang
    ));
    for (i, seg) in article.segments.iter().enumerate() {
        x.push_str(&format!(
            "<tu tuid=\"{}\">\n<prop type=\"x-article\">{}</prop>\n<prop type=\"x-block\">{}</prop>\n",
            escape(seg.id.as_str()),
            escape(&article.slug),
            escape(&seg.block)
        ));
        for e in editions {
            let c = &e.cells[i];
            if c.status.is_done() {
                x.push_str(&format!(
                    "<tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n",
                    e.lang,
                    tmx_seg(&c.text, seg)
                ));
            }
        }
        x.push_str("</tu>\n");
    }
    x.push_str("</body>\n</tmx>\n");
    x
}

/// Segment text as TMX content: placeholders become `<bpt>`, `<ept>` and `<ph>` holding the
/// escaped Markdown they stand for (TMX 1.4b §3.6).
fn tmx_seg(text: &str, seg: &Segment) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for (range, id, role) in scan_placeholders(text) {
        out.push_str(&escape(&text[pos..range.start]));
        let raw = seg
            .codes
            .iter()
            .find(|c| c.id == id && c.role == role)
            .map_or("", |c| c.raw.as_str());
        let raw = escape(raw);
        out.push_str(&match role {
            CodeRole::Open => format!("<bpt i=\"{id}\">{raw}</bpt>"),
            CodeRole::Close => format!("<ept i=\"{id}\">{raw}</ept>"),
            CodeRole::Standalone => format!("<ph x=\"{id}\">{raw}</ph>"),
        });
        pos = range.end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}
