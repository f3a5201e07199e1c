//! The commands that read the project and the memory: segment, prefill, learn, analyze,
//! check, build and the `tm_*` family.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Progress, Project, ProjectError};
use crate::assemble::{self, BuildOptions, Site, WriteReport};
use crate::draft::{self, draft_path, Job, State, StateCounts};
use crate::memory::{self, ConcordanceHit, LoadOptions, Match, Query, Stats};
use crate::model::{Article, Lang};
use crate::report::leverage::{self, Analysis, Band};
use crate::report::{self, Gates};
use crate::source::{self, Format};

/// One input of `segment`.
#[derive(Debug, Clone)]
pub enum SegmentInput {
    /// A file.
    File(PathBuf),
    /// Bytes read from standard input.
    Stdin(Vec<u8>),
}

/// Options of [`Project::segment`].
#[derive(Debug, Clone, Default)]
pub struct SegmentOptions {
    /// The inputs; empty means every article of the project.
    pub inputs: Vec<SegmentInput>,
    /// Their language; by default from the file name `<lang>.md`, else the front matter.
    pub lang: Option<Lang>,
    /// Plain text (blank lines separate paragraphs) rather than Markdown.
    pub plain: bool,
}

/// One segmented input.
#[derive(Debug, Clone)]
pub struct SegmentedInput {
    /// The input as shown: a path relative to the project, or `-`.
    pub label: String,
    /// The parsed article.
    pub article: Article,
    /// Paragraphs whose leading ordinal Markdown turns into a list marker (Turkish `9. Zirve`).
    pub warnings: Vec<crate::segment::OrdinalListWarning>,
}

/// One candidate sentence boundary of a segmented block, and how the rules decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Boundary {
    /// 1-based line of the block's first segment.
    pub line: usize,
    /// Up to 25 characters before the boundary, its terminator included.
    pub before: String,
    /// Up to 16 characters after it.
    pub after: String,
    /// Whether the text breaks there.
    pub breaks: bool,
    /// The rule or evidence that decided it.
    pub reason: &'static str,
}

/// What [`Project::segment`] found.
#[derive(Debug, Clone)]
pub struct SegmentReport {
    /// One per input, in order.
    pub inputs: Vec<SegmentedInput>,
    /// Whether several inputs (or the whole project) were segmented.
    pub many: bool,
}

impl SegmentReport {
    /// Segments over every input.
    pub fn segments(&self) -> usize {
        self.inputs.iter().map(|i| i.article.segments.len()).sum()
    }
}

/// Options of [`Project::prefill`].
#[derive(Debug, Clone)]
pub struct PrefillOptions {
    /// Articles to pre-fill; empty means all.
    pub slugs: Vec<String>,
    /// Target languages [default: the project's languages but the article's].
    pub to: Option<Vec<Lang>>,
    /// Lowest match score to use [default: `memory.min_score`].
    pub min: Option<u8>,
    /// The state of exact and in-context matches.
    pub exact_as: State,
    /// Skip TMX files that do not parse.
    pub skip_bad: bool,
    /// Compute the drafts but write nothing.
    pub dry_run: bool,
}

impl Default for PrefillOptions {
    fn default() -> Self {
        PrefillOptions {
            slugs: Vec::new(),
            to: None,
            min: None,
            exact_as: State::Translated,
            skip_bad: false,
            dry_run: false,
        }
    }
}

/// What [`Project::prefill`] did to one draft.
#[derive(Debug, Clone, Serialize)]
pub struct DraftReport {
    /// The draft, relative to the project.
    pub path: PathBuf,
    /// The article.
    pub slug: String,
    /// The target language.
    pub lang: Lang,
    /// Whether the file changed.
    pub changed: bool,
    /// Dry run: whether the file would change.
    pub would_change: bool,
    /// Dry run: whether the draft does not exist yet and would be created.
    pub created: bool,
    /// Entries per state after the run.
    pub counts: StateCounts,
    /// Entries filled from exact or in-context matches.
    pub filled_exact: usize,
    /// Entries filled from fuzzy matches.
    pub filled_fuzzy: usize,
    /// Segments repeating an earlier one.
    pub repetitions: usize,
    /// Entries whose source text changed.
    pub edited: usize,
    /// Entries added for new source segments.
    pub added: usize,
    /// Entries whose segment left the source.
    pub removed: usize,
}

/// What [`Project::prefill`] did.
#[derive(Debug, Clone)]
pub struct PrefillReport {
    /// Articles read.
    pub articles: usize,
    /// One per draft, in article then language order.
    pub drafts: Vec<DraftReport>,
    /// Finished translations of removed segments put into the memory.
    pub kept_in_memory: usize,
    /// TMX files skipped (with `skip_bad`), as messages.
    pub skipped_files: Vec<String>,
}

impl PrefillReport {
    /// Entries per state over every draft.
    pub fn counts(&self) -> StateCounts {
        let mut c = StateCounts::default();
        for d in &self.drafts {
            c.merge(d.counts);
        }
        c
    }

    /// Drafts whose file changed.
    pub fn written(&self) -> usize {
        self.drafts.iter().filter(|d| d.changed).count()
    }
}

/// Options of [`Project::learn`].
#[derive(Debug, Clone, Default)]
pub struct LearnOptions {
    /// Articles whose drafts to learn from; empty means all.
    pub slugs: Vec<String>,
}

/// What learning one article did.
#[derive(Debug, Clone)]
pub struct LearnedArticle {
    /// The article.
    pub slug: String,
    /// What went into the memory.
    pub stats: draft::learn::LearnStats,
}

/// What [`Project::learn`] did.
#[derive(Debug, Clone)]
pub struct LearnReport {
    /// One per article.
    pub articles: Vec<LearnedArticle>,
    /// The sums.
    pub total: draft::learn::LearnStats,
    /// Whether `memory/project.tmx` changed.
    pub written: bool,
    /// Conflicting translations in the memory after the run.
    pub conflicts: usize,
}

/// Options of [`Project::analyze`].
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Articles to analyze; empty means all.
    pub slugs: Vec<String>,
    /// Target languages [default: the project's languages but the article's].
    pub to: Option<Vec<Lang>>,
    /// Skip TMX files that do not parse.
    pub skip_bad: bool,
}

/// What [`Project::analyze`] found.
#[derive(Debug, Clone)]
pub struct AnalyzeReport {
    /// Articles read.
    pub articles: usize,
    /// The band names, in order.
    pub bands: Vec<String>,
    /// One per article and target language.
    pub analyses: Vec<Analysis>,
    /// The bands summed over every analysis (slug empty).
    pub total: Analysis,
    /// TMX files skipped (with `skip_bad`), as messages.
    pub skipped_files: Vec<String>,
}

/// Options of [`Project::check`]: what to check and the gates, over `[check]` in the
/// configuration.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Articles to check; empty means all.
    pub slugs: Vec<String>,
    /// Target languages; empty means the project's.
    pub targets: Vec<Lang>,
    /// Most untranslated segments allowed [default: `[check] max_untranslated`].
    pub max_untranslated: Option<usize>,
    /// Count fuzzy segments as translated (or `[check] allow_fuzzy`).
    pub allow_fuzzy: bool,
    /// Lowest complete percentages over the configured ones.
    pub min_complete: MinComplete,
    /// How glossary findings count [default: `[check] terminology`].
    pub terminology: Option<crate::config::Terminology>,
}

/// Lowest complete percentages: one for every language and/or per language, as
/// `--min-complete 90` or `tr=100,ru=80` gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MinComplete {
    /// For every language not named; replaces the configured percentages.
    pub all: Option<u8>,
    /// Per language.
    pub per_lang: std::collections::BTreeMap<Lang, u8>,
}

impl std::str::FromStr for MinComplete {
    type Err = String;

    fn from_str(s: &str) -> Result<MinComplete, String> {
        let pct = |s: &str| match s.trim().trim_end_matches('%').parse::<u8>() {
            Ok(p) if p <= 100 => Ok(p),
            _ => Err(format!("`{s}` is not a percentage (expected 0-100)")),
        };
        let mut out = MinComplete::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((lang, p)) => {
                    let lang: Lang = lang
                        .trim()
                        .parse()
                        .map_err(|e: crate::model::UnknownLang| e.to_string())?;
                    out.per_lang.insert(lang, pct(p)?);
                }
                None => out.all = Some(pct(part)?),
            }
        }
        if out.all.is_none() && out.per_lang.is_empty() {
            return Err("no percentage given (expected e.g. `90` or `tr=100,ru=80`)".into());
        }
        Ok(out)
    }
}

/// What [`Project::build`] did.
#[derive(Debug)]
pub struct BuildReport {
    /// Every edition and file built.
    pub site: Site,
    /// What writing them to `output/` changed.
    pub written: WriteReport,
}

/// What [`Project::tm_export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmExportReport {
    /// The file.
    pub file: PathBuf,
    /// TUs written.
    pub tus: usize,
}

/// Options of [`Project::tm_lookup`].
#[derive(Debug, Clone)]
pub struct TmLookupOptions {
    /// The sentence, with placeholders.
    pub text: String,
    /// Its language.
    pub from: Lang,
    /// The language wanted.
    pub to: Lang,
    /// How many matches at most.
    pub k: usize,
    /// Lowest score [default: `memory.min_score`].
    pub min: Option<u8>,
    /// The previous segment, for context matches.
    pub prev: Option<String>,
    /// The next segment, for context matches.
    pub next: Option<String>,
    /// Skip TMX files that do not parse.
    pub skip_bad: bool,
}

/// A comma-separated list of languages, as `--to tr,ru` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangList(pub Vec<Lang>);

impl std::str::FromStr for LangList {
    type Err = crate::model::UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::parse_list(s).map(LangList)
    }
}

struct Input {
    label: String,
    slug: String,
    text: String,
    lang: Lang,
}

impl Project {
    /// Splits articles (the inputs, or every article of the project) into segments.
    ///
    /// # Errors
    /// No articles; an unreadable or malformed input; an input of unknown language.
    pub fn segment(&self, opts: &SegmentOptions) -> Result<SegmentReport, ProjectError> {
        let format = if opts.plain {
            Format::Plain
        } else {
            Format::Markdown
        };
        let inputs = if opts.inputs.is_empty() {
            self.project_inputs()?
        } else {
            opts.inputs
                .iter()
                .map(|i| self.read_input(i, opts.lang))
                .collect::<Result<Vec<_>, _>>()?
        };
        let many = opts.inputs.is_empty() || inputs.len() > 1;
        let mut out = Vec::new();
        for input in inputs {
            let article = source::parse(
                &input.text,
                Path::new(&input.label),
                &input.slug,
                input.lang,
                format,
                self.rules(input.lang)?,
            )?;
            let warnings = if format == Format::Plain {
                Vec::new()
            } else {
                crate::segment::ordinal_list_warnings(
                    &input.text,
                    Path::new(&input.label),
                    input.lang,
                )
            };
            out.push(SegmentedInput {
                label: input.label,
                article,
                warnings,
            });
        }
        Ok(SegmentReport { inputs: out, many })
    }

    /// Every candidate sentence boundary of `article`'s blocks, in order, with the rule that
    /// decided it (what `segment --explain` prints). Each block's text is its segments' display
    /// texts joined by a space, as the segmenter saw it.
    ///
    /// # Errors
    /// The article's language's segmentation rules do not load.
    pub fn explain_boundaries(&self, article: &Article) -> Result<Vec<Boundary>, ProjectError> {
        let rules = self.rules(article.lang)?;
        let segs = &article.segments;
        let mut out = Vec::new();
        let mut k = 0;
        while k < segs.len() {
            let (block, line) = (&segs[k].block, segs[k].line);
            let mut text = String::new();
            while k < segs.len() && &segs[k].block == block {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&segs[k].display);
                k += 1;
            }
            for c in crate::segment::explain(&text, rules) {
                out.push(Boundary {
                    line,
                    before: tail(&text[..c.terminator.end], 24).to_string(),
                    after: head(&text[c.next..], 16).to_string(),
                    breaks: c.breaks,
                    reason: c.reason.describe(),
                });
            }
        }
        Ok(out)
    }

    /// Paragraphs of the articles (`slugs`, or all) whose leading ordinal Markdown turns into a
    /// list marker, losing it (Turkish `9. Zirve Bakü'de yapıldı.`): file, line and the fix.
    ///
    /// # Errors
    /// An unreadable or non-UTF-8 article.
    pub fn ordinal_warnings(
        &self,
        slugs: &[String],
    ) -> Result<Vec<crate::segment::OrdinalListWarning>, ProjectError> {
        let mut out = Vec::new();
        for f in self.article_files(slugs)? {
            let bytes = crate::fsx::read_bytes(&self.root.join(&f.path))?;
            let text = source::decode(bytes, &f.path, false)?;
            out.extend(crate::segment::ordinal_list_warnings(
                &text, &f.path, f.lang,
            ));
        }
        Ok(out)
    }

    fn project_inputs(&self) -> Result<Vec<Input>, ProjectError> {
        let files = self.article_files(&[])?;
        if files.is_empty() {
            return Err(ProjectError::NoArticles {
                dir: self.sources_dir(),
                hint: "; give a FILE or -C DIR",
            });
        }
        let mut out = Vec::new();
        for f in files {
            let bytes = crate::fsx::read_bytes(&self.root.join(&f.path))?;
            let text = source::decode(bytes, &f.path, false)?;
            out.push(Input {
                label: f.path.display().to_string(),
                slug: f.slug,
                text,
                lang: f.lang,
            });
        }
        Ok(out)
    }

    fn read_input(&self, input: &SegmentInput, lang: Option<Lang>) -> Result<Input, ProjectError> {
        let (file, label, bytes) = match input {
            SegmentInput::Stdin(bytes) => (Path::new("-"), "-".to_string(), bytes.clone()),
            SegmentInput::File(file) => (
                file.as_path(),
                self.shown(file).display().to_string(),
                crate::fsx::read_bytes(file)?,
            ),
        };
        let text = source::decode(bytes, Path::new(&label), true)?;
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let from_name = Lang::from_tag(&stem).filter(|l| l.code() == stem);
        let lang = lang
            .or(from_name)
            .or_else(|| source::sniff_lang(&text))
            .ok_or_else(|| ProjectError::UnknownLang(label.clone()))?;
        let slug = from_name
            .and_then(|_| file.parent().and_then(|p| p.file_name()))
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| {
                if label == "-" {
                    "stdin".to_string()
                } else {
                    stem.clone()
                }
            });
        Ok(Input {
            label,
            slug,
            text,
            lang,
        })
    }

    /// Creates or updates drafts from the memory. Entries whose segment left the source keep
    /// their finished translations in the memory (`memory/project.tmx`).
    ///
    /// # Errors
    /// Unreadable sources, drafts or memory; a failed write.
    pub fn prefill(
        &mut self,
        opts: &PrefillOptions,
        progress: &dyn Progress,
    ) -> Result<PrefillReport, ProjectError> {
        let articles = self.articles(&opts.slugs)?;
        let mut memory = self.take_memory(opts.skip_bad)?;
        let fill = draft::PrefillOptions {
            min: opts.min.unwrap_or(self.config.memory.min_score),
            exact_as: opts.exact_as,
        };
        let mut jobs = Vec::new();
        for a in &articles {
            for lang in self.targets(a, opts.to.as_deref()) {
                let old = self.draft(a, lang)?;
                jobs.push(Job {
                    article: a,
                    target: lang,
                    old,
                });
            }
        }
        let mut team = match self.team_url() {
            Some(url) => {
                let mut pairs: Vec<(Lang, Lang)> =
                    jobs.iter().map(|j| (j.article.lang, j.target)).collect();
                pairs.sort_unstable();
                pairs.dedup();
                Some(self.lookup_team(&url, &pairs)?)
            }
            None => None,
        };
        let lopts = LoadOptions::from(&self.config.memory);
        if let Some(t) = team.as_mut() {
            memory = crate::teammem::project::prefill_memory(t, memory, &jobs, fill.min, &lopts)?;
        }
        if progress.wanted() {
            progress.start(draft::prefill::lookups(&jobs), "segments");
        }
        let drafts = self.drafts_memory();
        let mut results =
            draft::prefill::prefill_with(jobs, &memory, drafts, fill, &|| progress.advance());
        progress.finish();
        // Each entry lists the glossary terms of its source (recomputed on every run).
        let glossary = self.glossary()?;
        let matchers = crate::terms::matcher::Matchers::new(&glossary);
        for (d, _) in &mut results {
            crate::terms::annotate_draft(d, &glossary, &matchers);
        }
        // The memory first, then the drafts: a kill or a failed write at any point leaves
        // every finished entry in a draft or in memory/project.tmx (see draft::persist).
        let saved = match team.as_mut() {
            Some(t) => crate::teammem::project::save_prefill(
                t,
                &self.root,
                &mut results,
                opts.dry_run,
                memory.author.clone(),
                &lopts,
            )?,
            None => draft::persist::save(&self.root, &mut memory, &results, opts.dry_run)?,
        };
        let kept = saved.kept;
        let mut drafts = Vec::new();
        for ((d, stats), w) in results.iter().zip(&saved.drafts) {
            let rel = draft_path(&d.slug, d.target_lang);
            drafts.push(DraftReport {
                path: rel,
                slug: d.slug.clone(),
                lang: d.target_lang,
                changed: *w == draft::persist::DraftWrite::Written,
                would_change: matches!(
                    w,
                    draft::persist::DraftWrite::WouldChange
                        | draft::persist::DraftWrite::WouldCreate
                ),
                created: *w == draft::persist::DraftWrite::WouldCreate,
                counts: d.state_counts(),
                filled_exact: stats.exact,
                filled_fuzzy: stats.fuzzy,
                repetitions: stats.repetitions,
                edited: stats.sync.edited.len(),
                added: stats.sync.added.len(),
                removed: stats.sync.removed.len(),
            });
        }
        let mut skipped_files: Vec<String> =
            memory.bad_files.iter().map(|e| e.to_string()).collect();
        skipped_files.extend(self.drafts_memory().skipped.iter().cloned());
        self.put_memory(memory);
        if !opts.dry_run {
            self.forget_drafts_memory();
        }
        Ok(PrefillReport {
            articles: articles.len(),
            drafts,
            kept_in_memory: kept,
            skipped_files,
        })
    }

    /// Puts the translated and reviewed entries of the drafts into `memory/project.tmx`.
    ///
    /// # Errors
    /// Unreadable sources, drafts or memory; a failed write.
    pub fn learn(&mut self, opts: &LearnOptions) -> Result<LearnReport, ProjectError> {
        let articles = self.articles(&opts.slugs)?;
        let mut team = self.team()?;
        let mut memory = self.take_memory(false)?;
        if team.is_some() {
            memory = crate::teammem::project::learn_scratch(memory.author.clone());
        }
        let mut report = LearnReport {
            articles: Vec::new(),
            total: Default::default(),
            written: false,
            conflicts: 0,
        };
        let mut all = Vec::new();
        for a in &articles {
            let mut drafts = Vec::new();
            for lang in self.targets(a, None) {
                if let Some(d) = self.draft(a, lang)? {
                    // A header that disagrees with its file name stops the run, naming it.
                    drafts.push(draft::learn::expect_lang(d, lang)?);
                }
            }
            all.push((a, drafts));
        }
        let learn_all = |memory: &mut crate::memory::Memory| -> Result<Vec<draft::learn::LearnStats>, ProjectError> {
            let mut out = Vec::new();
            for (a, drafts) in &all {
                let refs: Vec<_> = drafts.iter().collect();
                out.push(draft::learn::learn(memory, a, &refs)?);
            }
            Ok(out)
        };
        let mut per_article = learn_all(&mut memory)?;
        if let Some(t) = team.as_mut() {
            // The same learning again, on the project TUs of the database it can touch, under
            // its write lock: the per-article counts are then the database's.
            let lopts = LoadOptions::from(&self.config.memory);
            let probe: Vec<crate::memory::Tu> = memory.file_tus(0).cloned().collect();
            let (stats, dup) = t.learn_with(&probe, memory.author.clone(), &lopts, learn_all)?;
            per_article = stats;
            // TUs the database held already (the same normalized variant set) are not new.
            let mut dup = dup;
            for s in per_article.iter_mut().rev() {
                let d = dup.min(s.inserted);
                s.inserted -= d;
                s.unchanged += d;
                dup -= d;
            }
        }
        for ((a, _), s) in all.iter().zip(per_article) {
            report.total.inserted += s.inserted;
            report.total.merged += s.merged;
            report.total.unchanged += s.unchanged;
            report.total.stale += s.stale;
            report.articles.push(LearnedArticle {
                slug: a.slug.clone(),
                stats: s,
            });
        }
        if team.is_some() {
            report.written = report.total.inserted + report.total.merged > 0;
            return Ok(report);
        }
        report.written = memory.save_project()?;
        report.conflicts = memory.stats().pairs.iter().map(|p| p.conflicts).sum();
        self.put_memory(memory);
        Ok(report)
    }

    /// Counts segments and words per memory-match band, per article and target language.
    ///
    /// # Errors
    /// Unreadable sources or memory.
    pub fn analyze(&self, opts: &AnalyzeOptions) -> Result<AnalyzeReport, ProjectError> {
        let articles = self.articles(&opts.slugs)?;
        let edges = &self.config.analyze.bands;
        let jobs: Vec<_> = articles
            .iter()
            .flat_map(|a| {
                self.targets(a, opts.to.as_deref())
                    .into_iter()
                    .map(move |l| (a, l))
            })
            .collect();
        // With a team memory, the candidates of every segment in one query per pair.
        let min = edges.last().copied().unwrap_or(50);
        let pairs = crate::teammem::project::pairs_of(jobs.iter().copied());
        let team = self.team_view(opts.skip_bad, &pairs, min)?;
        let memory = match &team {
            Some(m) => m,
            None => self.memory(opts.skip_bad)?,
        };
        let analyses = leverage::analyze(&jobs, memory, self.drafts_memory(), edges);
        let names = leverage::band_names(edges);
        let mut total = Analysis {
            slug: String::new(),
            source_lang: Lang::En,
            target_lang: Lang::En,
            bands: names
                .iter()
                .map(|n| Band {
                    name: n.clone(),
                    segments: 0,
                    words: 0,
                })
                .collect(),
            total: Band {
                name: "total".into(),
                segments: 0,
                words: 0,
            },
        };
        for r in &analyses {
            for (t, b) in total.bands.iter_mut().zip(&r.bands) {
                t.segments += b.segments;
                t.words += b.words;
            }
            total.total.segments += r.total.segments;
            total.total.words += r.total.words;
        }
        Ok(AnalyzeReport {
            articles: articles.len(),
            bands: names,
            analyses,
            total,
            skipped_files: self.skipped_memory_files(),
        })
    }

    /// The gates of a check: `[check]` of the configuration with `opts` over it.
    pub fn gates(&self, opts: &CheckOptions) -> Gates {
        let mut gates = Gates::from_config(&self.config.check);
        if let Some(n) = opts.max_untranslated {
            gates.max_untranslated = n;
        }
        gates.allow_fuzzy |= opts.allow_fuzzy;
        if let Some(all) = opts.min_complete.all {
            // One number for every language replaces the configured ones.
            gates.default_min_complete = all;
            gates.min_complete.clear();
        }
        gates
            .min_complete
            .extend(opts.min_complete.per_lang.iter().map(|(l, p)| (*l, *p)));
        if let Some(t) = opts.terminology {
            gates.terminology = t;
        }
        gates
    }

    /// Reports untranslated, fuzzy, stale and broken segments per article and language and
    /// judges the gates.
    ///
    /// # Errors
    /// Unreadable or malformed sources or drafts, an unknown slug.
    pub fn check(&self, opts: &CheckOptions) -> Result<report::Report, ProjectError> {
        let options = report::Options {
            slugs: opts.slugs.clone(),
            targets: opts.targets.clone(),
            gates: self.gates(opts),
        };
        Ok(report::check(&self.root, &self.config, &options)?)
    }

    /// Assembles every edition of every article and writes them to `output/`.
    ///
    /// # Errors
    /// No articles; bad input (sources, drafts, placeholders); `Untranslated::Fail` with a
    /// missing segment; I/O.
    pub fn build(
        &self,
        opts: &BuildOptions,
        progress: &dyn Progress,
    ) -> Result<BuildReport, ProjectError> {
        let chrome = crate::l10n::Chrome::new()?;
        if progress.wanted() {
            progress.start(self.article_files(&[]).map_or(0, |v| v.len()), "articles");
        }
        let site = assemble::build(&self.root, &self.config, opts, &chrome, &|| {
            progress.advance()
        });
        progress.finish();
        let site = site?;
        if site.articles == 0 {
            return Err(ProjectError::NoArticles {
                dir: self.sources_dir(),
                hint: "",
            });
        }
        let written = assemble::write(&self.output_dir(), &site)?;
        Ok(BuildReport { site, written })
    }

    /// Adds TMX files to the memory: merged into `memory/project.tmx`, or written to
    /// `memory/<into>.tmx`.
    ///
    /// # Errors
    /// A file that does not read or parse (nothing is written then); a failed write.
    pub fn tm_import(
        &mut self,
        files: &[PathBuf],
        into: Option<&str>,
        skip_bad: bool,
    ) -> Result<memory::ImportReport, ProjectError> {
        let mut options = LoadOptions::from(&self.config.memory);
        options.skip_bad = skip_bad;
        let report = match (self.team()?, into) {
            (Some(mut t), None) => self.tm_import_team(&mut t, files, &options)?,
            _ => memory::import(&self.memory_dir(), files, into, &options)?,
        };
        // The memory on disk changed: load it again when next needed.
        self.memory.take();
        Ok(report)
    }

    /// Writes the whole memory as one TMX 1.4b file with the variants of `langs`.
    ///
    /// # Errors
    /// The memory does not load; the file cannot be written.
    pub fn tm_export(
        &self,
        langs: &[Lang],
        file: &Path,
        skip_bad: bool,
    ) -> Result<TmExportReport, ProjectError> {
        let (xml, tus) = self.with_whole_memory(skip_bad, |m| memory::export(m, langs))??;
        crate::fsx::write_atomic(file, xml.as_bytes())?;
        Ok(TmExportReport {
            file: file.to_path_buf(),
            tus,
        })
    }

    /// TUs per language pair, duplicates and conflicts.
    ///
    /// # Errors
    /// The memory does not load.
    pub fn tm_stats(&self, skip_bad: bool) -> Result<Stats, ProjectError> {
        if let Some(mut team) = self.team()? {
            let opts = LoadOptions::from(&self.config.memory);
            return Ok(team.stats(self.memory(skip_bad)?, &opts)?);
        }
        if self.memory.get().is_none() {
            // Warm start: the summary of exactly these files, without decoding the memory.
            let opts = LoadOptions::from(&self.config.memory);
            if let Some(stats) = memory::Memory::cached_stats(&self.memory_dir(), &opts)? {
                return Ok(stats);
            }
        }
        Ok(self.memory(skip_bad)?.stats())
    }

    /// `tm lookup --stdin`: one JSON query per line of `input` (`{"text", "from", "to"}`, with
    /// optional `prev`, `next`, `k` and `min`), one JSON answer per line of `output`, in order;
    /// a line that is not such a query gets a `{"line", "error"}` line and the rest go on.
    ///
    /// # Errors
    /// The memory does not load, or `input`/`output` fail.
    pub fn tm_lookup_lines(
        &self,
        mut input: impl std::io::BufRead,
        output: impl std::io::Write,
        k: usize,
        min: u8,
        timings: bool,
        skip_bad: bool,
    ) -> Result<crate::memory::batch::BatchStats, ProjectError> {
        if self.team_url().is_some() {
            // With a team memory: every query read first, their candidates fetched in one
            // query per language pair (at the lowest `min` asked), then answered in order.
            let mut text = String::new();
            input
                .read_to_string(&mut text)
                .map_err(|source| crate::error::IoError::Read {
                    path: "<stdin>".into(),
                    source,
                })
                .map_err(crate::memory::MemoryError::from)?;
            let requests: Vec<serde_json::Value> = text
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect();
            let mut pairs: Vec<(Lang, Lang, Vec<&str>)> = Vec::new();
            let mut lowest = min;
            for r in &requests {
                let lang = |k: &str| serde_json::from_value::<Lang>(r[k].clone()).ok();
                let (Some(from), Some(to), Some(t)) =
                    (lang("from"), lang("to"), r["text"].as_str())
                else {
                    continue;
                };
                if let Some(m) = r["min"].as_u64() {
                    lowest = lowest.min(u8::try_from(m).unwrap_or(u8::MAX));
                }
                match pairs.iter_mut().find(|p| p.0 == from && p.1 == to) {
                    Some(p) => p.2.push(t),
                    None => pairs.push((from, to, vec![t])),
                }
            }
            let m = match self.team_view(skip_bad, &pairs, lowest)? {
                Some(m) => m,
                None => crate::teammem::project::copy_of(self.memory(skip_bad)?),
            };
            // The drafts' finished entries count as memory here too.
            let drafts = self.drafts_memory();
            return Ok(crate::memory::batch::lookup_lines_with(
                &m,
                std::io::Cursor::new(text.as_bytes()),
                output,
                k,
                min,
                timings,
                &|q| drafts.lookup(&m, q, None),
            )?);
        }
        let memory = self.memory(skip_bad)?;
        let drafts = self.drafts_memory();
        Ok(crate::memory::batch::lookup_lines_with(
            memory,
            input,
            output,
            k,
            min,
            timings,
            &|q| drafts.lookup(memory, q, None),
        )?)
    }

    /// The best matches for a sentence. Reuses (or writes) `memory/.index/<lang>.idx`.
    ///
    /// # Errors
    /// The memory or its index does not load.
    pub fn tm_lookup(&self, opts: &TmLookupOptions) -> Result<Vec<Match>, ProjectError> {
        let query = Query {
            text: &opts.text,
            from: opts.from,
            to: opts.to,
            k: opts.k,
            min: self.min_score(opts.min),
            prev: opts.prev.as_deref(),
            next: opts.next.as_deref(),
        };
        let pairs = [(opts.from, opts.to, vec![opts.text.as_str()])];
        if let Some(m) = self.team_view(opts.skip_bad, &pairs, query.min)? {
            return Ok(self.drafts_memory().lookup(&m, &query, None));
        }
        let memory = self.memory(opts.skip_bad)?;
        memory.open_index(opts.from)?;
        Ok(self.drafts_memory().lookup(memory, &query, None))
    }

    /// The lowest score a lookup uses: `min`, else the configured `memory.min_score`.
    pub fn min_score(&self, min: Option<u8>) -> u8 {
        min.unwrap_or(self.config.memory.min_score)
    }

    /// Where a phrase occurs in the memory, with the fragments that translate it.
    ///
    /// # Errors
    /// The memory does not load.
    pub fn tm_concordance(
        &self,
        phrase: &str,
        lang: Lang,
        limit: usize,
        skip_bad: bool,
    ) -> Result<Vec<ConcordanceHit>, ProjectError> {
        self.with_whole_memory(skip_bad, |m| memory::concordance(m, phrase, lang, limit))
    }

    /// `tm stats --conflicts`: the source texts with more than one translation.
    ///
    /// # Errors
    /// The memory does not load.
    pub fn tm_conflicts(&self, skip_bad: bool) -> Result<Vec<memory::Conflict>, ProjectError> {
        self.with_whole_memory(skip_bad, |m| m.conflicts(None))
    }
}

/// The last `n + 1` characters of `s` (all of it when shorter).
fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n).map_or(0, |(i, _)| i);
    &s[start..]
}

/// The first `n` characters of `s` (all of it when shorter).
fn head(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_complete_takes_one_number_or_per_language() {
        assert_eq!("90".parse::<MinComplete>().unwrap().all, Some(90));
        let m: MinComplete = "tr=100, ru=80".parse().unwrap();
        assert_eq!(m.per_lang.get(&Lang::Ru), Some(&80));
        assert!("tr=120"
            .parse::<MinComplete>()
            .unwrap_err()
            .contains("expected 0-100"));
        assert!("de=50"
            .parse::<MinComplete>()
            .unwrap_err()
            .contains("unknown language `de`"));
    }
}
