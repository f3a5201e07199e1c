//! `align`: turn an existing translation of a source article (a legacy edition) into its draft
//! by sentence alignment.

use std::path::{Path, PathBuf};

use super::{Project, ProjectError};
use crate::align::{self, detect, AlignError, ArticleLink};
use crate::draft::{draft_path, sync, Draft, StateCounts};
use crate::error::Location;
use crate::memory::Memory;
use crate::model::{Article, Lang, SegmentId};
use crate::source::{self, ArticleFile, Format};

/// What to align.
#[derive(Debug, Clone)]
pub enum AlignInput {
    /// One translated file of the article `slug`.
    File {
        /// The source article.
        slug: String,
        /// The translated article (Markdown with front matter).
        file: PathBuf,
    },
    /// Every `*.md` below a folder, matched to articles by `<slug>/<lang>.md`,
    /// `<slug>.<lang>.md` or the front matter's date.
    Folder(PathBuf),
}

/// Options of [`Project::align`].
#[derive(Debug, Clone)]
pub struct AlignOptions {
    /// What to align.
    pub input: AlignInput,
    /// Language of the translation [default: its front matter's `lang`].
    pub lang: Option<Lang>,
    /// Lowest confidence (0–1) for an aligned segment to be `translated` rather than `fuzzy`.
    pub min_confidence: f64,
    /// Align, write nothing.
    pub dry_run: bool,
    /// Write the draft even when the alignment looks like a different article.
    pub force: bool,
}

/// One side of a link: a segment.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSide {
    /// The segment's id (source side only).
    pub id: Option<SegmentId>,
    /// Its text with placeholders.
    pub text: String,
    /// Its text as shown to a person.
    pub display: String,
    /// Its 1-based line.
    pub line: usize,
}

/// A link between source and target segments.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignLink {
    /// `"<source count>-<target count>"`, e.g. `2-1`.
    pub kind: String,
    /// Confidence in 0..=1.
    pub confidence: f64,
    /// The region: a front-matter path, `/notes[k]` or `/body`.
    pub region: String,
    /// Source segments.
    pub source: Vec<LinkSide>,
    /// Target segments.
    pub target: Vec<LinkSide>,
}

/// The alignment of one file.
#[derive(Debug, Clone)]
pub struct AlignFileReport {
    /// The translated file as shown.
    pub file: String,
    /// The article.
    pub slug: String,
    /// The article's language.
    pub source_lang: Lang,
    /// The translation's language.
    pub target_lang: Lang,
    /// The draft, relative to the project.
    pub draft: PathBuf,
    /// Whether the draft was written.
    pub written: bool,
    /// Draft entries per state.
    pub counts: StateCounts,
    /// Why the alignment looks wrong (written anyway because of `force`).
    pub problems: Vec<String>,
    /// Every link, in order.
    pub links: Vec<AlignLink>,
    /// Entries left alone because they hold human work.
    pub kept: usize,
    /// Source segments without translation.
    pub unaligned: usize,
    /// Target segments no source segment took.
    pub extra: usize,
}

impl AlignFileReport {
    /// The `n` weakest links, weakest first.
    pub fn weakest(&self, n: usize) -> Vec<&AlignLink> {
        let mut order: Vec<&AlignLink> = self.links.iter().collect();
        order.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
        order.truncate(n);
        order
    }

    /// `links` for a person to check: confidence, type, region and lines, then both sides.
    /// `bold` styles the confidence.
    pub fn review_text(&self, links: &[&AlignLink], bold: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        let line = |s: &[LinkSide]| s.first().map_or(String::from("-"), |s| s.line.to_string());
        let side = |s: &[LinkSide]| {
            s.iter()
                .map(|s| s.display.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for l in links {
            out.push_str(&format!(
                "{} {} {} (source line {}, target line {})\n",
                bold(&format!("{:.2}", l.confidence)),
                l.kind,
                l.region,
                line(&l.source),
                line(&l.target),
            ));
            out.push_str(&format!("  {}: {}\n", self.source_lang, side(&l.source)));
            out.push_str(&format!("  {}: {}\n", self.target_lang, side(&l.target)));
        }
        out
    }
}

/// What happened to one file of a folder, in order.
#[derive(Debug, Clone)]
pub enum AlignEvent {
    /// Aligned.
    Aligned(Box<AlignFileReport>),
    /// No source article matches the file.
    Unmatched(String),
    /// The file is in the language of its source article: not a translation.
    SameLang {
        /// The file.
        file: String,
        /// Its language.
        lang: Lang,
        /// The source article.
        article: PathBuf,
    },
    /// Not aligned, with why.
    Failed(String),
}

/// What [`Project::align`] did.
#[derive(Debug, Clone, Default)]
pub struct AlignReport {
    /// One per file, in order.
    pub events: Vec<AlignEvent>,
    /// TMX files the memory (the aligner's dictionary) skipped, as messages.
    pub skipped_files: Vec<String>,
}

impl AlignReport {
    /// The files aligned.
    pub fn aligned(&self) -> impl Iterator<Item = &AlignFileReport> {
        self.events.iter().filter_map(|e| match e {
            AlignEvent::Aligned(r) => Some(r.as_ref()),
            _ => None,
        })
    }

    /// Whether a file of the folder matched no article.
    pub fn has_unmatched(&self) -> bool {
        self.events
            .iter()
            .any(|e| matches!(e, AlignEvent::Unmatched(_)))
    }

    /// The error for the files that failed, if any did.
    pub fn failure(&self) -> Option<AlignError> {
        let failed: Vec<String> = self
            .events
            .iter()
            .filter_map(|e| match e {
                AlignEvent::Failed(m) => Some(m.clone()),
                _ => None,
            })
            .collect();
        (!failed.is_empty()).then(|| AlignError::Some {
            total: failed.len() + self.aligned().count(),
            failed,
        })
    }
}

struct Job {
    file: PathBuf,
    label: String,
    source: ArticleFile,
}

impl Project {
    /// Aligns translations with their source articles and writes the drafts. Aligned segments
    /// become `translated` (confidence ≥ `min_confidence`) or `fuzzy`; translated and reviewed
    /// entries are never changed. For a folder, a file that fails is reported in
    /// [`AlignReport::failure`] and the others are still aligned.
    ///
    /// # Errors
    /// A bad threshold, an unknown slug or folder; for one file: unreadable input, a file in
    /// the wrong language, an empty body, an alignment that looks like a different article
    /// (without `force`).
    pub fn align(&self, opts: &AlignOptions) -> Result<AlignReport, ProjectError> {
        if !(0.0..=1.0).contains(&opts.min_confidence) {
            return Err(AlignError::MinConfidence(opts.min_confidence).into());
        }
        let sources = self.article_files(&[])?;
        // The memory is evidence for the aligner where it has matches.
        let memory = self.memory(true)?;
        let mut report = AlignReport {
            events: Vec::new(),
            skipped_files: self.skipped_memory_files(),
        };
        match &opts.input {
            AlignInput::File { slug, file } => {
                let source = sources
                    .iter()
                    .find(|f| &f.slug == slug)
                    .ok_or_else(|| AlignError::UnknownArticle { slug: slug.clone() })?;
                let job = Job {
                    file: file.clone(),
                    label: self.shown(file).display().to_string(),
                    source: source.clone(),
                };
                let r = self.align_one(&job, opts, memory)?;
                report.events.push(AlignEvent::Aligned(Box::new(r)));
            }
            AlignInput::Folder(dir) => {
                self.align_folder(dir, &sources, opts, memory, &mut report)?
            }
        }
        Ok(report)
    }

    fn align_folder(
        &self,
        dir: &Path,
        sources: &[ArticleFile],
        opts: &AlignOptions,
        memory: &Memory,
        report: &mut AlignReport,
    ) -> Result<(), ProjectError> {
        let abs = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            self.root.join(dir)
        };
        if !abs.is_dir() {
            return Err(AlignError::NoFolder {
                dir: dir.to_path_buf(),
            }
            .into());
        }
        for file in crate::fsx::walk_files(&abs, "md")? {
            let label = self.shown(&file).display().to_string();
            let Some(source) = self.match_source(&file, &abs, sources) else {
                report.events.push(AlignEvent::Unmatched(label));
                continue;
            };
            let declared = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| source::sniff_lang(&t));
            if declared == Some(source.lang) {
                report.events.push(AlignEvent::SameLang {
                    file: label,
                    lang: source.lang,
                    article: source.path.clone(),
                });
                continue;
            }
            let job = Job {
                file,
                label,
                source,
            };
            report
                .events
                .push(match self.align_one(&job, opts, memory) {
                    Ok(r) => AlignEvent::Aligned(Box::new(r)),
                    Err(e) => AlignEvent::Failed(e.to_string()),
                });
        }
        Ok(())
    }

    /// The source article a legacy file translates: by folder or file name, else by front
    /// matter date (only when exactly one article has it).
    fn match_source(
        &self,
        file: &Path,
        dir: &Path,
        sources: &[ArticleFile],
    ) -> Option<ArticleFile> {
        let stem = file.file_stem()?.to_string_lossy().into_owned();
        let parent = file
            .parent()
            .filter(|p| *p != dir)
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let by_name = |slug: &str| sources.iter().find(|s| s.slug == slug).cloned();
        if let Some(s) = parent.as_deref().and_then(by_name) {
            return Some(s);
        }
        if let Some(s) = stem.rsplit_once('.').and_then(|(slug, _)| by_name(slug)) {
            return Some(s);
        }
        if let Some(s) = by_name(&stem) {
            return Some(s);
        }
        let date = self.front_date(file)?;
        let mut hits = sources.iter().filter(|s| {
            self.front_date(&self.root.join(&s.path))
                .is_some_and(|d| d == date)
        });
        let first = hits.next()?.clone();
        hits.next().is_none().then_some(first)
    }

    /// The front matter's `date` of a Markdown file, read with the front-matter parser.
    fn front_date(&self, file: &Path) -> Option<String> {
        let text = std::fs::read_to_string(file).ok()?;
        let lang = source::sniff_lang(&text).unwrap_or(Lang::En);
        let article = source::parse(
            &text,
            file,
            "",
            lang,
            Format::Article,
            self.rules(lang).ok()?,
        )
        .ok()?;
        article.front.map(|f| f.date).filter(|d| !d.is_empty())
    }

    fn align_one(
        &self,
        job: &Job,
        opts: &AlignOptions,
        memory: &Memory,
    ) -> Result<AlignFileReport, AlignError> {
        let label = &job.label;
        let at = || Location::file(label);
        let src = source::load(&self.root, &job.source, self.rules(job.source.lang)?)?;
        let bytes = crate::fsx::read_bytes(&job.file)?;
        let text = source::decode(bytes, Path::new(label), false)?;
        let declared = source::sniff_lang(&text);
        let tgt_lang = match (opts.lang, declared) {
            (Some(given), Some(declared)) if given != declared => {
                return Err(AlignError::LangConflict {
                    at: at(),
                    declared,
                    given,
                })
            }
            (Some(l), _) | (None, Some(l)) => l,
            (None, None) => return Err(AlignError::UnknownLang { at: at() }),
        };
        if tgt_lang == src.lang {
            return Err(AlignError::SameLang {
                at: at(),
                lang: tgt_lang,
                article: job.source.path.clone(),
            });
        }
        let tgt = source::parse(
            &text,
            Path::new(label),
            &job.source.slug,
            tgt_lang,
            Format::Article,
            self.rules(tgt_lang)?,
        )?;
        if !tgt.segments.iter().any(|s| !s.block_path().is_front()) {
            return Err(AlignError::EmptyBody { at: at() });
        }
        let body = detect::body_text(&tgt);
        if let Some(seen) = detect::guess(&body) {
            if seen != tgt_lang {
                let s = detect::script(&body);
                return Err(AlignError::WrongScript {
                    at: at(),
                    seen,
                    declared: tgt_lang,
                    cyrillic: s.cyrillic,
                    turkish: s.turkish,
                });
            }
        }
        // With a team memory, the dictionary is the database's candidates for the source's
        // segments (one query) beside the TMX files of `memory/`.
        let view = match self.team_url() {
            Some(url) => {
                let mut team = self.lookup_team(&url, &[(src.lang, tgt_lang)])?;
                let texts: Vec<&str> = src.segments.iter().map(|s| s.text.as_str()).collect();
                Some(team.memory_for(
                    crate::teammem::project::copy_of(memory),
                    &[(src.lang, tgt_lang, texts)],
                    crate::config::ALIGN_DICTIONARY_MIN_SCORE,
                    &crate::memory::LoadOptions::from(&self.config().memory),
                )?)
            }
            None => None,
        };
        let memory = view.as_ref().unwrap_or(memory);
        let params = align::params(src.lang, tgt_lang);
        let dict = align::MemoryDictionary {
            memory,
            from: src.lang,
            to: tgt_lang,
            min: crate::config::ALIGN_DICTIONARY_MIN_SCORE,
        };
        let links = align::align_articles(&src, &tgt, &params, &dict);
        let verdict = detect::assess(&src, &tgt, &links, params.c, opts.min_confidence);
        let rel = draft_path(&job.source.slug, tgt_lang);
        let existing = Draft::load(&self.root, &rel)?;
        let (mut draft, _) = sync(&src, existing.as_ref(), tgt_lang);
        let filled = align::fill(&mut draft, &src, &tgt, &links, opts.min_confidence, label);
        let refuse = !verdict.problems.is_empty() && !opts.force;
        let written = !opts.dry_run && !refuse && {
            draft.save(&self.root, &rel)?;
            true
        };
        let report = AlignFileReport {
            file: label.clone(),
            slug: job.source.slug.clone(),
            source_lang: src.lang,
            target_lang: tgt.lang,
            draft: rel,
            written,
            counts: draft.state_counts(),
            problems: verdict.problems.clone(),
            links: links.iter().map(|l| link(&src, &tgt, l)).collect(),
            kept: filled.kept.len(),
            unaligned: filled.unaligned.len(),
            extra: filled.extra.len(),
        };
        if refuse {
            let weak = report.review_text(&report.weakest(5), &|s| s.to_string());
            return Err(AlignError::NotATranslation {
                at: at(),
                article: job.source.path.clone(),
                problems: verdict.problems,
                weak,
            });
        }
        Ok(report)
    }
}

fn link(src: &Article, tgt: &Article, l: &ArticleLink) -> AlignLink {
    let side = |a: &Article, idx: &[usize], with_id: bool| {
        idx.iter()
            .map(|&i| {
                let s = &a.segments[i];
                LinkSide {
                    id: with_id.then(|| s.id.clone()),
                    text: s.text.clone(),
                    display: s.display.clone(),
                    line: s.line,
                }
            })
            .collect()
    };
    AlignLink {
        kind: l.kind(),
        confidence: l.confidence,
        region: l.region.clone(),
        source: side(src, &l.src, true),
        target: side(tgt, &l.tgt, false),
    }
}
