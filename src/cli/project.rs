//! Loading what most commands need: the project's articles (parsed with each language's
//! rules), their drafts, and the memory.

use std::path::PathBuf;

use polypress::draft::{draft_path, Draft};
use polypress::memory::{LoadOptions, Memory};
use polypress::model::{Article, Lang};
use polypress::source;
use rayon::prelude::*;

use super::{CliError, Context};

/// Parses the selected articles (all when `slugs` is empty), in slug order.
pub fn articles(ctx: &Context, slugs: &[String]) -> Result<Vec<Article>, CliError> {
    let files = source::discover(&ctx.root, slugs)?;
    let rules = polypress::segment::rules_by_lang(
        files.iter().map(|f| f.lang),
        &ctx.config.segment,
        &ctx.root,
    )?;
    let parsed: Result<Vec<Article>, source::SourceError> = files
        .par_iter()
        .map(|f| source::load(&ctx.root, f, &rules[&f.lang]))
        .collect();
    Ok(parsed?)
}

/// The target languages of an article: `to` if given, else the project's languages, minus the
/// article's own language.
pub fn targets(ctx: &Context, article: &Article, to: &Option<LangList>) -> Vec<Lang> {
    let langs = to
        .as_ref()
        .map_or_else(|| ctx.config.languages.clone(), |l| l.0.clone());
    langs.into_iter().filter(|&l| l != article.lang).collect()
}

/// Loads the draft of `article` into `lang`, if it exists.
pub fn draft(ctx: &Context, article: &Article, lang: Lang) -> Result<Option<Draft>, CliError> {
    Ok(Draft::load(&ctx.root, &draft_path(&article.slug, lang))?)
}

/// The memory folder.
pub fn memory_dir(ctx: &Context) -> PathBuf {
    ctx.root.join("memory")
}

/// Loads every TMX file of the memory.
pub fn memory(ctx: &Context, skip_bad: bool) -> Result<Memory, CliError> {
    let mut opts = LoadOptions::from(&ctx.config.memory);
    opts.skip_bad = skip_bad;
    let memory = Memory::load(&memory_dir(ctx), &opts)?;
    for bad in &memory.bad_files {
        ctx.out.warn(&format!("skipped: {bad}"));
    }
    Ok(memory)
}

/// A comma-separated list of languages as `--to tr,ru` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangList(pub Vec<Lang>);

impl std::str::FromStr for LangList {
    type Err = polypress::model::UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        polypress::model::parse_list(s).map(LangList)
    }
}
