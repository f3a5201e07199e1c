//! The pages and files that list editions rather than hold one: `output/<lang>/index.html`
//! (articles by date, title and summary in that language, incomplete translations noted), the
//! root `output/index.html`, and `output/manifest.json` (every edition with its completeness).

use std::collections::BTreeSet;

use serde::Serialize;

use super::html::{escape, front_field, front_text};
use super::site::{ArticleOut, EditionInfo, Site};
use super::Edition;
use crate::config::Config;
use crate::l10n::{Arg, Chrome, L10nError};
use crate::model::Lang;

/// `output/manifest.json`: the languages, every edition (by slug, then language) with its
/// paths relative to `output/` and segments translated / total, and the aligned files.
pub(crate) fn manifest(config: &Config, site: &Site) -> String {
    #[derive(Serialize)]
    struct Aligned {
        slug: String,
        /// The parallel-text reader per reader language.
        reader: std::collections::BTreeMap<Lang, String>,
        /// The editors' QA page.
        qa: String,
        json: String,
        tmx: String,
    }
    #[derive(Serialize)]
    struct Manifest<'a> {
        format: &'static str,
        languages: &'a [Lang],
        articles: usize,
        editions: &'a [EditionInfo],
        aligned: Vec<Aligned>,
    }
    let slugs: BTreeSet<&str> = site.editions.iter().map(|e| e.slug.as_str()).collect();
    let m = Manifest {
        format: "polypress-manifest/1",
        languages: &config.languages,
        articles: site.articles,
        editions: &site.editions,
        aligned: slugs
            .into_iter()
            .map(|s| Aligned {
                slug: s.to_string(),
                reader: site
                    .editions
                    .iter()
                    .filter(|e| e.slug == s)
                    .map(|e| (e.lang, format!("{}/{s}/aligned/index.html", e.lang)))
                    .collect(),
                qa: format!("aligned/{s}-qa.html"),
                json: format!("aligned/{s}.json"),
                tmx: format!("aligned/{s}.tmx"),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&m).expect("plain data serializes");
    s.push('\n');
    s
}

fn page_head(lang: Lang, title: &str, up: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n{}\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{up}style.css\">\n",
        crate::sanitize::CSP_META,
        escape(title)
    )
}

/// `output/<lang>/index.html`: the articles in `lang`, newest first, with title, date and
/// summary in that language, and a note on incomplete translations.
pub(crate) fn language_index(
    lang: Lang,
    outs: &[ArticleOut],
    chrome: &Chrome,
) -> Result<String, L10nError> {
    let title = chrome.text(lang, "index-title")?;
    let mut h = page_head(lang, &title, "../");
    for other in Lang::ALL.iter().filter(|l| **l != lang) {
        h.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{other}\" href=\"../{other}/index.html\">\n"
        ));
    }
    h.push_str(&format!(
        "</head>\n<body>\n<header class=\"site\"><nav><a href=\"../index.html\">{}</a></nav></header>\n<main>\n<h1>{}</h1>\n<ul class=\"articles\">\n",
        escape(&chrome.text(lang, "root-title")?),
        escape(&title)
    ));
    let mut list: Vec<(&ArticleOut, &Edition)> = outs
        .iter()
        .filter_map(|o| o.editions.iter().find(|e| e.lang == lang).map(|e| (o, e)))
        .collect();
    let date = |o: &ArticleOut| o.article.front.as_ref().map(|f| f.date.clone());
    list.sort_by(|a, b| {
        date(b.0)
            .cmp(&date(a.0))
            .then_with(|| a.0.article.slug.cmp(&b.0.article.slug))
    });
    let marker = chrome.text(lang, "untranslated-title")?;
    for (o, e) in list {
        let a = &o.article;
        let t = front_field(a, &e.cells, "title", &marker).unwrap_or_else(|| escape(&a.slug));
        h.push_str(&format!(
            "<li><a href=\"{}/index.html\">{t}</a>",
            crate::sanitize::href_segment(&a.slug)
        ));
        if let Some(f) = &a.front {
            h.push_str(&format!(
                "<span class=\"meta\"><time datetime=\"{}\">{}</time></span>",
                escape(&f.date),
                escape(&chrome.date(lang, &f.date)?)
            ));
        }
        if let Some(s) = front_field(a, &e.cells, "summary", &marker) {
            h.push_str(&format!("<br>{s}"));
        }
        if !e.is_complete() {
            let note = chrome.format(
                lang,
                "index-incomplete",
                &[
                    ("translated", Arg::Num(e.translated())),
                    ("total", Arg::Num(e.cells.len())),
                    ("segments", Arg::Str(&chrome.segments(lang, e.cells.len())?)),
                ],
            )?;
            h.push_str(&format!(
                "<span class=\"meta incomplete-note\">{}</span>",
                escape(&note)
            ));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ul>\n</main>\n</body>\n</html>\n");
    Ok(h)
}

/// `output/index.html`: the languages (native names) and the aligned editions.
pub(crate) fn root_index(
    config: &Config,
    outs: &[ArticleOut],
    chrome: &Chrome,
) -> Result<String, L10nError> {
    let lang = Lang::En;
    let title = chrome.text(lang, "root-title")?;
    let mut h = page_head(lang, &title, "");
    h.push_str(&format!(
        "</head>\n<body>\n<main>\n<h1>{}</h1>\n<ul class=\"languages\">\n",
        escape(&title)
    ));
    for l in &config.languages {
        h.push_str(&format!(
            "<li><a href=\"{l}/index.html\" hreflang=\"{l}\" lang=\"{l}\">{}</a></li>\n",
            l.native_name()
        ));
    }
    h.push_str(&format!(
        "</ul>\n<h2>{}</h2>\n<ul class=\"articles\">\n",
        escape(&chrome.text(lang, "nav-aligned")?)
    ));
    for o in outs {
        let a = &o.article;
        let source = o.editions.iter().find(|e| e.is_source());
        let t = source
            .and_then(|e| front_text(a, &e.cells, "title"))
            .unwrap_or_else(|| a.slug.clone());
        h.push_str(&format!(
            "<li><a href=\"{lang}/{0}/aligned/index.html\" lang=\"{1}\">{2}</a> \
             <span class=\"meta\">(<a href=\"aligned/{0}-qa.html\">{3}</a>)</span></li>\n",
            crate::sanitize::href_segment(&a.slug),
            a.lang,
            escape(&t),
            escape(&chrome.text(lang, "reader-qa")?)
        ));
    }
    h.push_str("</ul>\n</main>\n</body>\n</html>\n");
    Ok(h)
}
