//! The whole build: every article's editions in every language (in parallel with rayon), the
//! aligned editions, per-language index pages, the root index, the stylesheet and
//! `output/manifest.json`, all rendered in memory first ([`build`]) so that a bad input stops
//! the build before anything in `output/` is touched. [`write`] then writes each file
//! atomically, skips files whose bytes did not change, and removes files of an earlier build
//! that are no longer produced. Only files listed in `output/.polypress-files` are ever
//! removed, so whatever else lives in `output/` is left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::html::{self, escape, front_field, front_text};
use super::{aligned, assemble, AssembleError, Edition, Options, Stale};
use crate::config::Config;
use crate::draft::{draft_path, Draft, DraftError};
use crate::error::IoError;
use crate::l10n::{Arg, Chrome, L10nError};
use crate::model::{Article, Lang};
use crate::segment::{Rules, SegmentError};
use crate::source::{self, SourceError};

/// The list of files polypress wrote, relative to `output/`, one per line.
pub const FILE_LIST: &str = ".polypress-files";

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How to assemble editions.
    pub assemble: Options,
}

/// Errors of a build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A source article cannot be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// Segmentation rules cannot be loaded.
    #[error(transparent)]
    Segment(#[from] SegmentError),
    /// A draft is broken, or a segment is untranslated with `--untranslated fail`.
    #[error(transparent)]
    Assemble(#[from] AssembleError),
    /// Page chrome is missing a message.
    #[error(transparent)]
    L10n(#[from] L10nError),
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] IoError),
}

impl From<DraftError> for BuildError {
    fn from(e: DraftError) -> Self {
        BuildError::Assemble(e.into())
    }
}

/// One edition as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionInfo {
    /// The article.
    pub slug: String,
    /// The edition's language.
    pub lang: Lang,
    /// The source article's language.
    pub source_lang: Lang,
    /// Whether this is the source-language edition.
    pub source: bool,
    /// The HTML page, relative to `output/`.
    pub html: String,
    /// The Markdown file, relative to `output/`.
    pub markdown: String,
    /// Segments translated (or source) in this edition.
    pub translated: usize,
    /// Segments in the article.
    pub total: usize,
    /// Whether every segment is translated.
    pub complete: bool,
    /// Stale draft entries (treated as untranslated).
    pub stale: usize,
}

/// A built site, in memory.
#[derive(Debug, Default)]
pub struct Site {
    /// Every file, relative to `output/`, with its bytes.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// Every edition, by slug then language.
    pub editions: Vec<EditionInfo>,
    /// Stale draft entries, by article and language.
    pub stale: Vec<Stale>,
    /// Number of articles.
    pub articles: usize,
    /// Number of segments over all articles (source segments).
    pub segments: usize,
}

/// The languages an article is published in: the project's, plus its own source language.
pub fn edition_langs(config: &Config, source: Lang) -> Vec<Lang> {
    let mut langs = config.languages.clone();
    if !langs.contains(&source) {
        langs.insert(0, source);
    }
    langs
}

struct ArticleOut {
    article: Article,
    editions: Vec<Edition>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// Builds every edition of every article under `root` in memory. `tick` is called once per
/// finished article (for a progress bar).
///
/// # Errors
/// The first bad input in article order: a source or draft that does not parse, a draft whose
/// placeholders do not match, an untranslated segment with `--untranslated fail`.
pub fn build(
    root: &Path,
    config: &Config,
    opts: &BuildOptions,
    chrome: &Chrome,
    tick: &(dyn Fn() + Sync),
) -> Result<Site, BuildError> {
    let files = source::discover(root, &[])?;
    let mut rules = BTreeMap::new();
    for f in &files {
        if let std::collections::btree_map::Entry::Vacant(slot) = rules.entry(f.lang) {
            slot.insert(Rules::from_config(f.lang, &config.segment, root)?);
        }
    }
    let results: Vec<Result<ArticleOut, BuildError>> = files
        .par_iter()
        .map(|f| {
            let out = build_article(root, config, opts, chrome, &rules[&f.lang], f);
            tick();
            out
        })
        .collect();
    let mut outs = Vec::with_capacity(results.len());
    for r in results {
        outs.push(r?);
    }
    let mut site = Site {
        articles: outs.len(),
        ..Site::default()
    };
    for out in &outs {
        site.segments += out.article.segments.len();
        for e in &out.editions {
            site.stale.extend(e.stale.iter().cloned());
            site.editions.push(info(e));
        }
    }
    for lang in &config.languages {
        site.files.insert(
            PathBuf::from(lang.code()).join("index.html"),
            language_index(*lang, &outs, chrome)?.into_bytes(),
        );
    }
    site.files.insert(
        PathBuf::from("index.html"),
        root_index(config, &outs, chrome)?.into_bytes(),
    );
    site.files.insert(
        PathBuf::from("style.css"),
        html::STYLESHEET.as_bytes().to_vec(),
    );
    site.files.insert(
        PathBuf::from("manifest.json"),
        manifest(config, &site).into_bytes(),
    );
    for out in outs {
        site.files.extend(out.files);
    }
    Ok(site)
}

fn build_article(
    root: &Path,
    config: &Config,
    opts: &BuildOptions,
    chrome: &Chrome,
    rules: &Rules,
    file: &source::ArticleFile,
) -> Result<ArticleOut, BuildError> {
    let article = source::load(root, file, rules)?;
    let langs = edition_langs(config, article.lang);
    let mut editions = Vec::with_capacity(langs.len());
    for &lang in &langs {
        let rel = draft_path(&article.slug, lang);
        let draft = if lang == article.lang {
            None
        } else {
            Draft::load(root, &rel)?
        };
        let marker = chrome.text(lang, "untranslated-title")?;
        editions.push(assemble(
            &article,
            draft.as_ref(),
            &rel,
            lang,
            &opts.assemble,
            &marker,
        )?);
    }
    let mut files = Vec::with_capacity(langs.len() * 2 + 3);
    for e in &editions {
        let dir = PathBuf::from(e.lang.code());
        let page = html::article_page(e, &article, &langs, chrome)?;
        files.push((dir.join(&e.slug).join("index.html"), page.into_bytes()));
        files.push((
            dir.join(format!("{}.md", e.slug)),
            e.markdown.clone().into_bytes(),
        ));
    }
    let refs: Vec<&Edition> = editions.iter().collect();
    let adir = PathBuf::from("aligned");
    files.push((
        adir.join(format!("{}.html", article.slug)),
        aligned::page(&article, &refs, chrome)?.into_bytes(),
    ));
    files.push((
        adir.join(format!("{}.json", article.slug)),
        aligned::json(&article, &refs).into_bytes(),
    ));
    files.push((
        adir.join(format!("{}.tmx", article.slug)),
        aligned::tmx(&article, &refs).into_bytes(),
    ));
    Ok(ArticleOut {
        article,
        editions,
        files,
    })
}

fn info(e: &Edition) -> EditionInfo {
    EditionInfo {
        slug: e.slug.clone(),
        lang: e.lang,
        source_lang: e.source_lang,
        source: e.is_source(),
        html: format!("{}/{}/index.html", e.lang, e.slug),
        markdown: format!("{}/{}.md", e.lang, e.slug),
        translated: e.translated(),
        total: e.cells.len(),
        complete: e.is_complete(),
        stale: e.stale.len(),
    }
}

fn manifest(config: &Config, site: &Site) -> String {
    #[derive(Serialize)]
    struct Aligned {
        slug: String,
        html: String,
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
                html: format!("aligned/{s}.html"),
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
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{up}style.css\">\n",
        escape(title)
    )
}

/// `output/<lang>/index.html`: the articles in `lang`, newest first, with title, date and
/// summary in that language, and a note on incomplete translations.
fn language_index(lang: Lang, outs: &[ArticleOut], chrome: &Chrome) -> Result<String, L10nError> {
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
        h.push_str(&format!("<li><a href=\"{}/index.html\">{t}</a>", a.slug));
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
fn root_index(config: &Config, outs: &[ArticleOut], chrome: &Chrome) -> Result<String, L10nError> {
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
            "<li><a href=\"aligned/{}.html\" lang=\"{}\">{}</a></li>\n",
            a.slug,
            a.lang,
            escape(&t)
        ));
    }
    h.push_str("</ul>\n</main>\n</body>\n</html>\n");
    Ok(h)
}

/// What [`write`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes changed (or are new), relative to `output/`.
    pub written: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of an earlier build no longer produced, removed.
    pub removed: Vec<PathBuf>,
}

/// Writes `site` to `out_dir`: each file atomically and only when its bytes changed; then
/// removes files listed in the previous `.polypress-files` that this build did not produce,
/// and records the new list.
///
/// # Errors
/// A file cannot be written or removed.
pub fn write(out_dir: &Path, site: &Site) -> Result<WriteReport, BuildError> {
    let list_path = out_dir.join(FILE_LIST);
    let previous: Vec<PathBuf> = match std::fs::read_to_string(&list_path) {
        Ok(text) => text
            .lines()
            .map(PathBuf::from)
            .filter(|p| is_safe(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut report = WriteReport::default();
    let written: Vec<Result<Option<PathBuf>, IoError>> = site
        .files
        .par_iter()
        .map(|(rel, bytes)| {
            crate::fsx::write_output(&out_dir.join(rel), bytes)
                .map(|changed| changed.then(|| rel.clone()))
        })
        .collect();
    for w in written {
        match w? {
            Some(p) => report.written.push(p),
            None => report.unchanged += 1,
        }
    }
    for old in previous {
        if site.files.contains_key(&old) {
            continue;
        }
        let abs = out_dir.join(&old);
        match std::fs::remove_file(&abs) {
            Ok(()) => {
                report.removed.push(old.clone());
                remove_empty_parents(out_dir, &old);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(IoError::Write { path: abs, source }.into()),
        }
    }
    let mut list = String::new();
    for p in site.files.keys() {
        list.push_str(&p.to_string_lossy().replace('\\', "/"));
        list.push('\n');
    }
    crate::fsx::write_atomic(&list_path, list.as_bytes())?;
    Ok(report)
}

/// A listed path polypress may remove: relative, with no `..` or root components.
fn is_safe(p: &Path) -> bool {
    !p.as_os_str().is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

fn remove_empty_parents(out_dir: &Path, rel: &Path) {
    let mut dir = rel.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        // Fails (and stops) on a folder that still holds anything.
        if std::fs::remove_dir(out_dir.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}
