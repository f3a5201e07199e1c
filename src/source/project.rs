//! Finding a project's articles: `sources/<slug>/<lang>.md`, exactly one Markdown file per
//! folder (the source article); drafts (`<lang>.json`) live beside it.

use std::path::{Path, PathBuf};

use super::SourceError;
use crate::error::Location;
use crate::fsx;
use crate::model::Lang;

/// An article's source file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArticleFile {
    /// The folder name.
    pub slug: String,
    /// The language from the file name.
    pub lang: Lang,
    /// Path relative to the project root.
    pub path: PathBuf,
}

/// Lists the articles under `root/sources`, sorted by slug. When `only` is not empty, keeps
/// those slugs and fails on a slug that does not exist.
///
/// # Errors
/// A folder with no Markdown file or more than one, a file name that is not a language code,
/// an unknown slug in `only`.
pub fn discover(root: &Path, only: &[String]) -> Result<Vec<ArticleFile>, SourceError> {
    let sources = root.join("sources");
    let mut out = Vec::new();
    for dir in fsx::sorted_entries(&sources)? {
        if !dir.is_dir() {
            continue;
        }
        let slug = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if slug.starts_with('.') {
            continue;
        }
        let rel_dir = PathBuf::from("sources").join(&slug);
        let mut found = Vec::new();
        for f in fsx::sorted_entries(&dir)? {
            if f.extension().is_some_and(|e| e == "md") {
                let stem = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let rel = rel_dir.join(f.file_name().unwrap_or_default());
                let lang = Lang::from_tag(&stem).filter(|l| l.code() == stem).ok_or_else(|| SourceError::Layout {
                    at: Location::file(&rel),
                    message: format!("`{stem}.md` is not named after a language (expected one of: en.md, tr.md, ru.md)"),
                })?;
                found.push(ArticleFile {
                    slug: slug.clone(),
                    lang,
                    path: rel,
                });
            }
        }
        match found.len() {
            1 => out.push(found.remove(0)),
            0 => {
                return Err(SourceError::Layout {
                    at: Location::file(&rel_dir),
                    message: "no source article (expected exactly one of en.md, tr.md, ru.md)"
                        .into(),
                })
            }
            _ => {
                let names: Vec<String> = found.iter().map(|f| format!("{}.md", f.lang)).collect();
                return Err(SourceError::Layout {
                    at: Location::file(&rel_dir),
                    message: format!(
                        "{} source articles ({}) (expected exactly one: the others are translations and live in <lang>.json drafts)",
                        found.len(),
                        names.join(", ")
                    ),
                });
            }
        }
    }
    if !only.is_empty() {
        for slug in only {
            if !out.iter().any(|a| &a.slug == slug) {
                let known: Vec<&str> = out.iter().map(|a| a.slug.as_str()).collect();
                return Err(SourceError::Layout {
                    at: Location::file(PathBuf::from("sources").join(slug)),
                    message: format!(
                        "no article `{slug}` (expected one of: {})",
                        known.join(", ")
                    ),
                });
            }
        }
        out.retain(|a| only.contains(&a.slug));
    }
    Ok(out)
}
