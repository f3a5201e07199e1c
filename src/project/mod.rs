//! A polypress project and every command as one method on it, in the manner of mdBook's
//! `MDBook` and Zola's `Site`.
//!
//! [`Project::open`] finds the root (the folder given, or the nearest one above with a
//! `polypress.toml` or a `sources/` folder) and loads its configuration. The project then owns
//! what the commands share: each language's segmentation rules (built once, on first use), the
//! translation memory (loaded once, on first use) and the paths of the layout. Each command is
//! one method taking a typed options struct and returning a typed report or a
//! [`ProjectError`]; none prints. Long-running methods take a [`Progress`] observer.

mod align;
mod commands;
mod xliff;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::draft::memory::DraftMemory;
use crate::draft::{draft_path, Draft};
use crate::memory::{LoadOptions, Memory};
use crate::model::{Article, Lang};
use crate::segment::Rules;
use crate::source::{self, ArticleFile};

pub use align::{
    AlignEvent, AlignFileReport, AlignInput, AlignLink, AlignOptions, AlignReport, LinkSide,
};
pub use commands::{
    AnalyzeOptions, AnalyzeReport, Boundary, BuildReport, CheckOptions, DraftReport, LangList,
    LearnOptions, LearnReport, LearnedArticle, MinComplete, PrefillOptions, PrefillReport,
    SegmentInput, SegmentOptions, SegmentReport, SegmentedInput, TmExportReport, TmLookupOptions,
};
pub use xliff::{
    ExportTarget, ExportXliffOptions, ExportXliffReport, ImportXliffOptions, ImportXliffReport,
};

// The stages' own option and report types that the methods take and return as they are.
pub use crate::assemble::{BuildOptions, Options as AssembleOptions, Untranslated};
pub use crate::config::{Terminology, DEFAULT_MIN_CONFIDENCE};
pub use crate::draft::xliff::{ImportReport as XliffImportReport, UnitIssue, XliffVersion};
pub use crate::draft::{State, StateCounts};
pub use crate::fsx::write_output;
pub use crate::lock::{LockError, ProjectLock, Wait};
pub use crate::memory::score::WordEdit;
pub use crate::memory::{
    AlignOp, ConcordanceHit, ImportReport as TmImportReport, Match, Stats as TmStats,
};
pub use crate::report::leverage::{Analysis, Band};
pub use crate::report::{Gates, Report as CheckReport};
pub use crate::terms::{Format as TermsFormat, Status as TermStatus};

/// Everything a project command can fail with: each stage's error, and the project's own.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The folder given as the project does not exist.
    #[error("project folder `{}` does not exist (expected a folder given by -C/--project)", .0.display())]
    NoProject(PathBuf),
    /// No project at or above the working folder.
    #[error(transparent)]
    NotFound(#[from] crate::config::NoProject),
    /// The project has no articles.
    #[error("no articles under `{}` (expected sources/<slug>/<lang>.md{hint})", .dir.display())]
    NoArticles {
        /// The `sources/` folder.
        dir: PathBuf,
        /// What else would do, for the command at hand.
        hint: &'static str,
    },
    /// The slug names no article.
    #[error("no article `{0}` under sources/")]
    UnknownArticle(String),
    /// A target language equal to the article's own.
    #[error("`{}` is written in `{lang}` (expected a target language other than the source's)", .path.display())]
    SourceLang {
        /// The source article.
        path: PathBuf,
        /// Its language.
        lang: Lang,
    },
    /// An input whose language neither its name, its front matter nor the options tell.
    #[error("cannot tell the language of `{0}` (expected --lang en, tr or ru)")]
    UnknownLang(String),
    /// An XLIFF file that names no article.
    #[error("{}: the file names no article (expected `<file original=\"sources/<slug>/<lang>.md\">`)", .0.display())]
    XliffNoArticle(PathBuf),
    /// An XLIFF file for a language the project does not know.
    #[error("{}: target language `{tag}` (expected one of: en, tr, ru)", .file.display())]
    XliffLang {
        /// The XLIFF file.
        file: PathBuf,
        /// Its `trgLang` / `target-language`.
        tag: String,
    },
    /// The configuration does not load.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A draft's header disagrees with its file or article.
    #[error(transparent)]
    DraftHeader(#[from] crate::draft::learn::HeaderMismatch),
    /// Saving prefill results failed (the memory first: no draft changed if it failed).
    #[error(transparent)]
    Persist(#[from] crate::draft::persist::PersistError),
    /// A source article does not read or parse.
    #[error(transparent)]
    Source(#[from] source::SourceError),
    /// Segmentation rules do not load.
    #[error(transparent)]
    Segment(#[from] crate::segment::SegmentError),
    /// The memory does not load or save.
    #[error(transparent)]
    Memory(#[from] crate::memory::MemoryError),
    /// The team memory (PostgreSQL) fails.
    #[error(transparent)]
    Team(#[from] crate::teammem::TeamError),
    /// A draft does not read, parse or save.
    #[error(transparent)]
    Draft(#[from] crate::draft::DraftError),
    /// An XLIFF file does not read or apply.
    #[error(transparent)]
    Xliff(#[from] crate::draft::xliff::XliffError),
    /// Alignment failed.
    #[error(transparent)]
    Align(#[from] crate::align::AlignError),
    /// The build failed.
    #[error(transparent)]
    Build(#[from] crate::assemble::BuildError),
    /// The check could not read its input.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// The localized chrome does not load.
    #[error(transparent)]
    L10n(#[from] crate::l10n::L10nError),
    /// A file that cannot be read or written.
    #[error(transparent)]
    Io(#[from] crate::error::IoError),
    /// The glossary does not read or parse.
    #[error(transparent)]
    Terms(#[from] crate::terms::TermsError),
}

/// Observes a long-running command: how much work there is, and each step done. The default
/// methods do nothing; [`NoProgress`] is the observer that ignores everything.
pub trait Progress: Sync {
    /// Whether anyone looks: when `false`, the command does not count its work beforehand.
    fn wanted(&self) -> bool {
        false
    }
    /// The work is `total` steps of `unit` (e.g. "segments").
    fn start(&self, _total: usize, _unit: &str) {}
    /// One step done (called from worker threads).
    fn advance(&self) {}
    /// The work is over.
    fn finish(&self) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// A polypress project: its root, configuration, and what its commands share.
#[derive(Debug)]
pub struct Project {
    root: PathBuf,
    config: Config,
    rules: [OnceLock<Rules>; 3],
    memory: OnceLock<Memory>,
    drafts: OnceLock<DraftMemory>,
}

impl Project {
    /// Opens the project at `root`, or, with `None`, the one found from `cwd` (the nearest
    /// folder at or above it with a `polypress.toml`, else with a `sources/` folder, else `cwd`).
    /// The configuration is `config` if given, else `<root>/polypress.toml` (optional).
    ///
    /// # Errors
    /// A `root` that is not a folder; a configuration file that does not read or parse.
    pub fn discover(
        root: Option<&Path>,
        config: Option<&Path>,
        cwd: &Path,
    ) -> Result<Project, ProjectError> {
        let root = match root {
            Some(dir) if !dir.is_dir() => return Err(ProjectError::NoProject(dir.to_path_buf())),
            Some(dir) => dir.to_path_buf(),
            None => crate::config::find_root(cwd),
        };
        let config = match config {
            Some(file) => Config::load_file(file, false)?,
            None => Config::load(&root)?,
        };
        Ok(Project::with_config(root, config))
    }

    /// Opens the project found from `cwd` as [`Project::discover`] does with no root, but
    /// refuses when no folder at or above `cwd` has a `polypress.toml` or a `sources/` folder:
    /// a command run in the wrong folder must not report success over zero articles.
    ///
    /// # Errors
    /// [`ProjectError::NotFound`]; a configuration file that does not read or parse.
    pub fn find(config: Option<&Path>, cwd: &Path) -> Result<Project, ProjectError> {
        let root = crate::config::find_project(cwd)?;
        Project::discover(Some(&root), config, cwd)
    }

    /// Takes the project's write lock (see [`ProjectLock::acquire`]) for as long as the
    /// returned guard lives; `on_wait` is told why when it waits for another writer.
    ///
    /// # Errors
    /// See [`LockError`].
    pub fn lock(&self, wait: Wait, on_wait: &dyn Fn(&str)) -> Result<ProjectLock, LockError> {
        ProjectLock::acquire(&self.root, wait, on_wait)
    }

    /// Opens the project whose root is `root`, with its `polypress.toml` if it has one.
    ///
    /// # Errors
    /// `root` is not a folder; the configuration does not read or parse.
    pub fn open(root: impl AsRef<Path>) -> Result<Project, ProjectError> {
        let root = root.as_ref();
        Project::discover(Some(root), None, root)
    }

    /// A project at `root` with a configuration already loaded.
    pub fn with_config(root: PathBuf, config: Config) -> Project {
        Project {
            root,
            config,
            rules: Default::default(),
            memory: OnceLock::new(),
            drafts: OnceLock::new(),
        }
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// `sources/`: one folder per article.
    pub fn sources_dir(&self) -> PathBuf {
        self.root.join("sources")
    }

    /// `memory/`: every TMX file of the memory.
    pub fn memory_dir(&self) -> PathBuf {
        self.root.join("memory")
    }

    /// `output/`: what `build` writes.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join("output")
    }

    /// `path` relative to the root when it lies below it, for messages.
    pub fn shown(&self, path: &Path) -> PathBuf {
        crate::error::relative(path, &self.root)
    }

    /// The segmentation rules of `lang`, built on first use.
    ///
    /// # Errors
    /// Configured SRX rules that do not load.
    pub fn rules(&self, lang: Lang) -> Result<&Rules, crate::segment::SegmentError> {
        let slot = &self.rules[lang_slot(lang)];
        if let Some(r) = slot.get() {
            return Ok(r);
        }
        let rules = Rules::from_config(lang, &self.config.segment, &self.root)?;
        Ok(slot.get_or_init(|| rules))
    }

    /// The articles under `sources/` (those of `slugs`, or all when it is empty), in slug order.
    ///
    /// # Errors
    /// A bad layout or an unknown slug.
    pub fn article_files(&self, slugs: &[String]) -> Result<Vec<ArticleFile>, ProjectError> {
        Ok(source::discover(&self.root, slugs)?)
    }

    /// Parses the articles of `slugs` (all when empty), in slug order.
    ///
    /// # Errors
    /// A bad layout, an unknown slug, an article that does not parse.
    pub fn articles(&self, slugs: &[String]) -> Result<Vec<Article>, ProjectError> {
        let files = self.article_files(slugs)?;
        self.load_articles(&files)
    }

    fn load_articles(&self, files: &[ArticleFile]) -> Result<Vec<Article>, ProjectError> {
        for f in files {
            self.rules(f.lang)?;
        }
        files
            .par_iter()
            .map(|f| Ok(source::load(&self.root, f, self.rules(f.lang)?)?))
            .collect()
    }

    /// Parses one article.
    ///
    /// # Errors
    /// An unknown slug, an article that does not parse.
    pub fn article(&self, slug: &str) -> Result<Article, ProjectError> {
        let files = self.article_files(&[slug.to_string()])?;
        let file = files
            .first()
            .ok_or_else(|| ProjectError::UnknownArticle(slug.to_string()))?;
        Ok(source::load(&self.root, file, self.rules(file.lang)?)?)
    }

    /// The languages `article` is translated into: `to` if given, else the project's
    /// languages, minus the article's own.
    pub fn targets(&self, article: &Article, to: Option<&[Lang]>) -> Vec<Lang> {
        to.unwrap_or(&self.config.languages)
            .iter()
            .copied()
            .filter(|&l| l != article.lang)
            .collect()
    }

    /// The draft of `article` into `lang`, if it exists.
    ///
    /// # Errors
    /// A draft that does not read or parse.
    pub fn draft(&self, article: &Article, lang: Lang) -> Result<Option<Draft>, ProjectError> {
        Ok(Draft::load(&self.root, &draft_path(&article.slug, lang))?)
    }

    /// The memory, loaded on first use. With `skip_bad`, TMX files that do not parse are left
    /// out and listed in [`Memory::bad_files`]; without it they fail the load (also when an
    /// earlier call skipped them).
    ///
    /// # Errors
    /// A TMX file that does not read or parse (without `skip_bad`).
    pub fn memory(&self, skip_bad: bool) -> Result<&Memory, ProjectError> {
        if let Some(m) = self.memory.get() {
            if !skip_bad && !m.bad_files.is_empty() {
                // Loaded with files skipped; strictly now, which fails on them.
                self.load_memory(false)?;
            }
            return Ok(m);
        }
        let memory = self.load_memory(skip_bad)?;
        Ok(self.memory.get_or_init(|| memory))
    }

    /// The memory taken out of the project, for a command that changes it; the command puts it
    /// back with [`Project::put_memory`].
    fn take_memory(&mut self, skip_bad: bool) -> Result<Memory, ProjectError> {
        match self.memory.take() {
            Some(m) if skip_bad || m.bad_files.is_empty() => Ok(m),
            _ => self.load_memory(skip_bad),
        }
    }

    /// Lets go of the loaded memory without freeing it piece by piece, for a process that
    /// exits right after: the system takes the pages back at once, where freeing a million TUs
    /// one allocation at a time takes seconds. Nothing else is kept in it (files are written
    /// by the commands themselves).
    pub fn leak_memory_at_exit(&mut self) {
        if let Some(m) = self.memory.take() {
            std::mem::forget(m);
        }
    }

    fn put_memory(&mut self, memory: Memory) {
        self.memory = OnceLock::from(memory);
    }

    fn load_memory(&self, skip_bad: bool) -> Result<Memory, ProjectError> {
        let mut opts = LoadOptions::from(&self.config.memory);
        opts.skip_bad = skip_bad;
        Ok(Memory::load(&self.memory_dir(), &opts)?)
    }

    /// The files the loaded memory skipped, as messages (and the drafts the drafts' memory
    /// left out).
    pub fn skipped_memory_files(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .memory
            .get()
            .map(|m| m.bad_files.iter().map(|e| e.to_string()).collect())
            .unwrap_or_default();
        if let Some(d) = self.drafts.get() {
            out.extend(d.skipped.iter().cloned());
        }
        out
    }

    /// The finished entries of every draft, as a memory consulted beside the TMX files (see
    /// [`crate::draft::memory`]), read on first use. Drafts that do not parse are left out and
    /// listed by [`Project::skipped_memory_files`].
    pub fn drafts_memory(&self) -> &DraftMemory {
        self.drafts.get_or_init(|| {
            let files = self.article_files(&[]).unwrap_or_default();
            DraftMemory::load(&self.root, &files, &self.config.languages)
        })
    }

    /// Forgets the drafts' memory read so far, after a command changed the drafts.
    fn forget_drafts_memory(&mut self) {
        self.drafts = OnceLock::new();
    }
}

fn lang_slot(lang: Lang) -> usize {
    Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0)
}
