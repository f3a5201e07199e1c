//! The whole build: every article's editions in every language (in parallel with rayon), the
//! aligned editions, per-language index pages, the root index, the stylesheet and
//! `output/manifest.json`, all rendered in memory first ([`build`]) so that a bad input stops
//! the build before anything in `output/` is touched. [`write()`] then puts the new `output/`
//! together in a staging folder (unchanged files hard-linked, so they keep their timestamps)
//! and swaps it in by rename, dropping files of an earlier build that are no longer produced.
//! Only files listed in `output/.polypress-files` are ever
//! removed, so whatever else lives in `output/` is left alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{aligned, assemble, html, index, reader, AssembleError, Edition, Options, Stale};
use crate::config::Config;
use crate::draft::{draft_path, Draft, DraftError};
use crate::error::IoError;
use crate::l10n::{Chrome, L10nError};
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
    /// What the sanitizer removed from articles, one line each, naming the page.
    pub warnings: Vec<String>,
}

/// The languages an article is published in: the project's, plus its own source language.
pub fn edition_langs(config: &Config, source: Lang) -> Vec<Lang> {
    let mut langs = config.languages.clone();
    if !langs.contains(&source) {
        langs.insert(0, source);
    }
    langs
}

/// One article's editions and rendered files.
pub(crate) struct ArticleOut {
    pub(crate) article: Article,
    pub(crate) editions: Vec<Edition>,
    files: Vec<(PathBuf, Vec<u8>)>,
    warnings: Vec<String>,
    /// The most sentences in one block (for the reader stylesheet).
    max_sentences: usize,
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
    let rules = crate::segment::rules_by_lang(files.iter().map(|f| f.lang), &config.segment, root)?;
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
        site.warnings.extend(out.warnings.iter().cloned());
    }
    for lang in &config.languages {
        site.files.insert(
            PathBuf::from(lang.code()).join("index.html"),
            index::language_index(*lang, &outs, chrome)?.into_bytes(),
        );
    }
    site.files.insert(
        PathBuf::from("index.html"),
        index::root_index(config, &outs, chrome)?.into_bytes(),
    );
    site.files.insert(
        PathBuf::from("style.css"),
        html::STYLESHEET.as_bytes().to_vec(),
    );
    let max_sentences = outs.iter().map(|o| o.max_sentences).max().unwrap_or(1);
    site.files.insert(
        PathBuf::from("reader.css"),
        reader::stylesheet(max_sentences).into_bytes(),
    );
    site.files.insert(
        PathBuf::from("reader.js"),
        reader::SCRIPT.as_bytes().to_vec(),
    );
    site.files.insert(
        PathBuf::from("manifest.json"),
        index::manifest(config, &site).into_bytes(),
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
    let mut warnings = Vec::new();
    for e in &editions {
        let dir = PathBuf::from(e.lang.code());
        for w in
            crate::sanitize::findings(&e.markdown, html::MARKDOWN_OPTIONS, config.build.raw_html)
        {
            warnings.push(format!(
                "{}: {w}",
                Path::new("output")
                    .join(&dir)
                    .join(&e.slug)
                    .join("index.html")
                    .display()
            ));
        }
        let page = html::article_page(e, &article, &langs, chrome, config.build.raw_html)?;
        files.push((dir.join(&e.slug).join("index.html"), page.into_bytes()));
        files.push((
            dir.join(format!("{}.md", e.slug)),
            e.markdown.clone().into_bytes(),
        ));
    }
    let refs: Vec<&Edition> = editions.iter().collect();
    let parallel = reader::Reader::new(
        &article,
        &refs,
        opts.assemble.untranslated,
        config.build.raw_html,
    );
    for &lang in &langs {
        let dir = PathBuf::from(lang.code())
            .join(&article.slug)
            .join("aligned");
        for (name, page) in parallel.pages(lang, chrome)? {
            files.push((dir.join(name), page.into_bytes()));
        }
    }
    let max_sentences = parallel.max_sentences();
    let adir = PathBuf::from("aligned");
    files.push((
        adir.join(format!("{}-qa.html", article.slug)),
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
        warnings,
        max_sentences,
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

/// What [`write()`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes changed (or are new), relative to `output/`.
    pub written: Vec<PathBuf>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of an earlier build no longer produced, removed.
    pub removed: Vec<PathBuf>,
}

/// Writes `site` to `out_dir` as one step: the whole new `output/` is put together in a staging
/// folder beside it (files whose bytes did not change are hard-linked from the old folder, so
/// they keep their timestamps; files polypress did not write are carried over), and only then
/// swapped in by rename (`fsx::swap_in`). A build that fails midway — a full disk, a
/// kill — leaves the old `output/` whole. Files listed in the previous `.polypress-files` that
/// this build did not produce are left out (reported as removed); temp files of killed runs are
/// never carried over.
///
/// # Errors
/// A file cannot be written or linked, or the swap fails.
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
    let stage = crate::fsx::staging_dir(out_dir);
    let werr = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IoError::Write { path, source }
    };
    if stage.exists() {
        std::fs::remove_dir_all(&stage).map_err(werr(&stage))?;
    }
    std::fs::create_dir_all(&stage).map_err(werr(&stage))?;
    let result = stage_files(out_dir, &stage, site, &previous);
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&stage);
            return Err(e);
        }
    };
    if let Err(e) = crate::fsx::swap_in(&stage, out_dir) {
        let _ = std::fs::remove_dir_all(&stage);
        return Err(e.into());
    }
    Ok(report)
}

fn stage_files(
    out_dir: &Path,
    stage: &Path,
    site: &Site,
    previous: &[PathBuf],
) -> Result<WriteReport, BuildError> {
    let mut report = WriteReport::default();
    let written: Vec<Result<Option<PathBuf>, IoError>> = site
        .files
        .par_iter()
        .map(|(rel, bytes)| {
            let (old, new) = (out_dir.join(rel), stage.join(rel));
            let werr = |source| IoError::Write {
                path: new.clone(),
                source,
            };
            if let Some(parent) = new.parent() {
                std::fs::create_dir_all(parent).map_err(werr)?;
            }
            let same = std::fs::read(&old).is_ok_and(|b| b == *bytes);
            if same && std::fs::hard_link(&old, &new).is_ok() {
                return Ok(None);
            }
            std::fs::write(&new, bytes).map_err(werr)?;
            Ok((!same).then(|| rel.clone()))
        })
        .collect();
    for w in written {
        match w? {
            Some(p) => report.written.push(p),
            None => report.unchanged += 1,
        }
    }
    for old in previous {
        if !site.files.contains_key(old) && out_dir.join(old).is_file() {
            report.removed.push(old.clone());
        }
    }
    // Whatever else lives in output/ (a CNAME, a hand-written page) is carried over.
    carry_over(out_dir, stage, Path::new(""), site, previous)?;
    let mut list = String::new();
    for p in site.files.keys() {
        list.push_str(&p.to_string_lossy().replace('\\', "/"));
        list.push('\n');
    }
    std::fs::write(stage.join(FILE_LIST), list).map_err(|source| IoError::Write {
        path: stage.join(FILE_LIST),
        source,
    })?;
    Ok(report)
}

fn carry_over(
    out_dir: &Path,
    stage: &Path,
    rel: &Path,
    site: &Site,
    previous: &[PathBuf],
) -> Result<(), BuildError> {
    for p in crate::fsx::sorted_entries(&out_dir.join(rel))? {
        let Some(name) = p.file_name() else { continue };
        let r = rel.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            carry_over(out_dir, stage, &r, site, previous)?;
            continue;
        }
        let temp = crate::fsx::temp_pid(&name.to_string_lossy()).is_some();
        if temp || r == Path::new(FILE_LIST) || site.files.contains_key(&r) || previous.contains(&r)
        {
            continue;
        }
        let dest = stage.join(&r);
        let werr = |source| IoError::Write {
            path: dest.clone(),
            source,
        };
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(werr)?;
        }
        if std::fs::hard_link(&p, &dest).is_err() {
            std::fs::copy(&p, &dest).map_err(werr)?;
        }
    }
    Ok(())
}

/// A listed path polypress may remove: relative, with no `..` or root components.
fn is_safe(p: &Path) -> bool {
    !p.as_os_str().is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

#[cfg(test)]
mod write_tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, b)| (PathBuf::from(p), b.as_bytes().to_vec()))
                .collect(),
            editions: Vec::new(),
            stale: Vec::new(),
            articles: 1,
            segments: 1,
            warnings: Vec::new(),
        }
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        fn walk(base: &Path, d: &Path, out: &mut Vec<(String, String)>) {
            for p in crate::fsx::sorted_entries(d).unwrap() {
                if p.is_dir() {
                    walk(base, &p, out);
                } else {
                    let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                    out.push((rel, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
        walk(dir, dir, &mut out);
        out
    }

    #[test]
    fn failing_build_leaves_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&out, &site(&[("a/index.html", "one"), ("b.md", "one")])).unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        let before = tree(&out);
        // `x` as a file and as a folder: the second write fails midway.
        let bad = site(&[("a/index.html", "two"), ("x", "f"), ("x/y", "g")]);
        assert!(write(&out, &bad).is_err());
        assert_eq!(tree(&out), before, "output/ is the old build, whole");
        assert_eq!(
            crate::fsx::sorted_entries(dir.path()).unwrap(),
            vec![out.clone()],
            "no staging folder left"
        );
    }

    #[test]
    fn build_output_never_deploys_stale_temp_files_and_keeps_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&out, &site(&[("a/index.html", "one"), ("old.md", "x")])).unwrap();
        std::fs::write(out.join("a/.index.html.0.tmp"), "half").unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        let r = write(&out, &site(&[("a/index.html", "one"), ("c.md", "new")])).unwrap();
        assert_eq!(r.unchanged, 1);
        assert_eq!(r.written, vec![PathBuf::from("c.md")]);
        assert_eq!(r.removed, vec![PathBuf::from("old.md")]);
        let names: Vec<String> = tree(&out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, [".polypress-files", "CNAME", "a/index.html", "c.md"]);
    }
}
