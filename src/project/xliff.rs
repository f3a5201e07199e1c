//! Exchanging drafts with CAT tools: `export_xliff` and `import_xliff`.

use std::path::PathBuf;

use super::{Project, ProjectError};
use crate::draft::xliff::{self, ImportReport, XliffVersion};
use crate::draft::{draft_path, Draft, StateCounts};
use crate::model::{Article, Lang};

/// Where [`Project::export_xliff`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportTarget {
    /// `xliff/<slug>.<src>-<tgt>.xlf` under the project.
    Default,
    /// A file.
    File(PathBuf),
    /// Nothing: the XLIFF is returned in the report only.
    Memory,
}

/// Options of [`Project::export_xliff`].
#[derive(Debug, Clone)]
pub struct ExportXliffOptions {
    /// The article.
    pub slug: String,
    /// The draft's target language.
    pub to: Lang,
    /// XLIFF 2.0 or 1.2.
    pub version: XliffVersion,
    /// Where to write.
    pub output: ExportTarget,
}

/// What [`Project::export_xliff`] did.
#[derive(Debug, Clone)]
pub struct ExportXliffReport {
    /// The XLIFF text.
    pub text: String,
    /// The file written (as given, or relative to the project), unless the target was
    /// [`ExportTarget::Memory`].
    pub path: Option<PathBuf>,
    /// The draft, relative to the project.
    pub draft: PathBuf,
    /// Whether the draft existed (else every unit was exported as new).
    pub draft_existed: bool,
    /// The article.
    pub slug: String,
    /// Its language.
    pub source_lang: Lang,
    /// The target language.
    pub target_lang: Lang,
    /// Units exported.
    pub units: usize,
    /// Entries per state.
    pub states: StateCounts,
}

/// Options of [`Project::import_xliff`].
#[derive(Debug, Clone)]
pub struct ImportXliffOptions {
    /// The XLIFF file.
    pub file: PathBuf,
    /// Report what would change without writing the draft.
    pub dry_run: bool,
    /// Take the file's targets even where the draft's entry changed since the export.
    pub force: bool,
}

/// What [`Project::import_xliff`] did.
#[derive(Debug, Clone)]
pub struct ImportXliffReport {
    /// The XLIFF file, relative to the project where it lies below it.
    pub file: PathBuf,
    /// The draft, relative to the project.
    pub draft: PathBuf,
    /// Whether the draft was written.
    pub written: bool,
    /// Unit by unit.
    pub units: ImportReport,
}

impl Project {
    /// An article and its draft into `lang` (an empty draft when there is none yet), the
    /// draft's path and whether it existed.
    fn article_and_draft(
        &self,
        slug: &str,
        lang: Lang,
    ) -> Result<(Article, Draft, PathBuf, bool), ProjectError> {
        let article = self.article(slug)?;
        if article.lang == lang {
            return Err(ProjectError::SourceLang {
                path: crate::source::article_path(slug, article.lang),
                lang,
            });
        }
        let rel = draft_path(slug, lang);
        let (draft, existed) = match Draft::load(&self.root, &rel)? {
            Some(d) => (d, true),
            None => (Draft::empty(&article, lang), false),
        };
        Ok((article, draft, rel, existed))
    }

    /// Writes an article's draft as XLIFF for a CAT tool.
    ///
    /// # Errors
    /// An unknown slug, a target language equal to the source's, unreadable input, a failed
    /// write.
    pub fn export_xliff(
        &self,
        opts: &ExportXliffOptions,
    ) -> Result<ExportXliffReport, ProjectError> {
        let (article, mut draft, rel, existed) = self.article_and_draft(&opts.slug, opts.to)?;
        // Units carry the glossary terms of their source.
        let glossary = self.glossary()?;
        let matchers = crate::terms::matcher::Matchers::new(&glossary);
        crate::terms::annotate_draft(&mut draft, &glossary, &matchers);
        let text = xliff::export(&article, &draft, opts.version);
        let path = match &opts.output {
            ExportTarget::Memory => None,
            ExportTarget::File(p) => {
                crate::fsx::write_atomic(p, text.as_bytes())?;
                Some(self.shown(p))
            }
            ExportTarget::Default => {
                let rel = xliff::export_path(&article.slug, article.lang, opts.to);
                crate::fsx::write_atomic(&self.root.join(&rel), text.as_bytes())?;
                Some(rel)
            }
        };
        Ok(ExportXliffReport {
            text,
            path,
            draft: rel,
            draft_existed: existed,
            slug: article.slug.clone(),
            source_lang: article.lang,
            target_lang: opts.to,
            units: draft.segments.len(),
            states: draft.state_counts(),
        })
    }

    /// Applies a translated XLIFF file to its draft, all or nothing.
    ///
    /// # Errors
    /// Unreadable or malformed XLIFF, a file for no known article, a target whose
    /// placeholders differ from its source's, a failed write.
    pub fn import_xliff(
        &self,
        opts: &ImportXliffOptions,
    ) -> Result<ImportXliffReport, ProjectError> {
        let shown = self.shown(&opts.file);
        let bytes = crate::fsx::read_bytes(&opts.file)?;
        // An empty file is reported as XLIFF (no root element), not as an empty article.
        let text = crate::source::decode(bytes, &shown, true)?;
        let info = xliff::inspect(&text, &shown)?;
        let slug = info
            .slug()
            .ok_or_else(|| ProjectError::XliffNoArticle(shown.clone()))?;
        let tag = info.target_lang.as_deref().unwrap_or("");
        let lang = Lang::from_tag(tag).ok_or_else(|| ProjectError::XliffLang {
            file: shown.clone(),
            tag: tag.to_string(),
        })?;
        let (article, draft, rel, _) = self.article_and_draft(&slug, lang)?;
        let options = xliff::ImportOptions { force: opts.force };
        let (new_draft, units) = xliff::import_with(&text, &shown, &article, &draft, options)?;
        let written =
            !opts.dry_run && !units.applied.is_empty() && new_draft.save(&self.root, &rel)?;
        Ok(ImportXliffReport {
            file: shown,
            draft: rel,
            written,
            units,
        })
    }
}
