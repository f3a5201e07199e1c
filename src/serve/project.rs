//! The workbench's view of the project: articles parsed with each language's rules (cached by
//! file stamp), drafts read from disk on every request (so the CLI, git and other tabs are seen
//! at once), and the memory, loaded once and reloaded when a file under `memory/` changes.
//!
//! Every change to a draft goes through the library: [`crate::draft::sync`] brings it in line
//! with the source, [`crate::draft::check_placeholders`] guards the target,
//! [`crate::draft::Draft::save`] writes it atomically, [`crate::draft::learn::learn`] puts a
//! confirmed segment into `memory/project.tmx`, and the memory's lookup indexes take the new
//! TU in place ([`Memory::add_indexed`]) rather than being rebuilt. The glossary (`terms/`) is
//! loaded once and reloaded when one of its files changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use serde::Serialize;

use super::glossary::{self, TermHit};
use super::ServeError;
use crate::config::Config;
use crate::draft::memory::{DraftMemory, Own};
use crate::draft::{self, draft_path, Draft, Entry, State};
use crate::memory::{LoadOptions, Memory, Tu, Variant};
use crate::model::{fnv1a64, Article, Lang, SegmentId};
use crate::project::{CheckOptions, Project};
use crate::report::{self, Finding, Report};
use crate::source::{self, ArticleFile};
use crate::terms::check::Checker;
use crate::terms::Glossary;

/// What identifies one version of a file on disk: modification time and length.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The project as the server sees it. Shared by every request.
pub struct Workbench {
    /// The project root.
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
    /// Whether confirmed segments go into `memory/project.tmx` on save.
    pub learn: bool,
    project: Project,
    articles: Mutex<HashMap<PathBuf, (Stamp, Arc<Article>)>>,
    memory: RwLock<Loaded>,
    terms: RwLock<TermsLoaded>,
    drafts: RwLock<DraftsLoaded>,
    /// Serializes every write of a draft or the memory by this server.
    write: Mutex<()>,
    /// Team memory connections kept between requests, with their URL (see [`KEPT`]).
    team: Mutex<Vec<(String, crate::teammem::TeamMemory)>>,
}

/// How many team memory connections (each with its further lookup connections) the server
/// keeps open between requests. A new connection costs each lookup 7–10 ms (the server
/// starts a process for it, which plans its first statements cold); a kept one is checked
/// with one round trip before it is used again (see
/// [`crate::teammem::TeamMemory::is_current`]).
const KEPT: usize = 2;

/// The glossary with its matchers, and the stamps of the files it was read from.
type TermsLoaded = (Vec<(PathBuf, Stamp)>, Arc<Checker>);

/// The drafts' finished entries as a memory, and the stamps of the drafts it was read from.
type DraftsLoaded = (Vec<(PathBuf, Stamp)>, Arc<DraftMemory>);

struct Loaded {
    memory: Memory,
    stamps: Vec<(PathBuf, Stamp)>,
}

/// Why a save was refused.
#[derive(Debug)]
pub enum SaveError {
    /// No such article, language or segment.
    NotFound(String),
    /// The revision sent is not the entry's current one.
    Conflict(Box<EntryView>),
    /// The target cannot be saved in that state.
    Invalid(String),
    /// The project cannot be read or written.
    Failed(ServeError),
}

impl From<ServeError> for SaveError {
    fn from(e: ServeError) -> Self {
        match e {
            ServeError::NotFound(m) => SaveError::NotFound(m),
            e => SaveError::Failed(e),
        }
    }
}

/// One draft entry as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// The segment id.
    pub id: SegmentId,
    /// The current source text, with placeholders.
    pub source: String,
    /// The target, with placeholders.
    pub target: String,
    /// `new`, `fuzzy`, `translated` or `reviewed`.
    pub state: State,
    /// The memory match that pre-filled it.
    #[serde(rename = "match")]
    pub matched: Option<draft::MatchInfo>,
    /// What `check` finds about this entry.
    pub warnings: Vec<Warning>,
    /// The glossary terms of the source and how the target renders them.
    pub terms: Vec<TermHit>,
    /// The entry's revision: send it back with a save.
    pub rev: String,
    /// Where the segment sits in the article (`/paragraph[3]`).
    pub block: String,
    /// 1-based line of the segment in the source article.
    pub line: usize,
    /// For an edited source: the source text the target was made for.
    pub previous_source: Option<String>,
    /// Date the target last changed.
    pub changed: Option<String>,
    /// A translator's note.
    pub note: Option<String>,
}

/// A finding of `check` about one entry.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// The finding kind (`placeholders`, `numbers`, `identical`, `stale`, ...).
    pub kind: &'static str,
    /// What is wrong.
    pub message: String,
}

/// A draft in line with its source, ready to show.
pub struct DraftView {
    /// The source article.
    pub article: Arc<Article>,
    /// The target language.
    pub lang: Lang,
    /// Whether the draft file exists.
    pub exists: bool,
    /// Entries in source order.
    pub entries: Vec<EntryView>,
}

/// The revision of an entry: a hash of its source, target and state.
pub fn rev(e: &Entry) -> String {
    format!(
        "{:016x}",
        fnv1a64(&[
            e.source.as_bytes(),
            b"\0",
            e.target.as_bytes(),
            b"\0",
            e.state.as_str().as_bytes()
        ])
    )
}

/// Today's date as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = crate::memory::civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

impl Workbench {
    /// Opens the project at `root`: segmentation rules and the memory are loaded here, once.
    ///
    /// # Errors
    /// Broken segmentation rules or an unreadable memory.
    pub fn open(project: Project, learn: bool) -> Result<Workbench, ServeError> {
        for lang in Lang::ALL {
            project
                .rules(lang)
                .map_err(|e| ServeError::Project(e.to_string()))?;
        }
        let wb = Workbench {
            root: project.root().to_path_buf(),
            config: project.config().clone(),
            learn,
            project,
            articles: Mutex::new(HashMap::new()),
            memory: RwLock::new(Loaded {
                memory: Memory::new(),
                stamps: Vec::new(),
            }),
            terms: RwLock::new((Vec::new(), Arc::new(Checker::new(Glossary::default())))),
            drafts: RwLock::new((Vec::new(), Arc::new(DraftMemory::default()))),
            write: Mutex::new(()),
            team: Mutex::new(Vec::new()),
        };
        wb.reload_memory()?;
        wb.glossary()?;
        Ok(wb)
    }

    fn terms_stamps(&self) -> Vec<(PathBuf, Stamp)> {
        let dir = self.root.join(crate::terms::DIR);
        let mut out: Vec<(PathBuf, Stamp)> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && crate::terms::Format::of(p).is_ok())
                    .map(|p| {
                        let s = stamp(&p);
                        (p, s)
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// The glossary (`terms/*.tbx`, `terms/*.csv`) with its matchers, reloaded when a file
    /// changed on disk.
    ///
    /// # Errors
    /// A glossary file that does not parse.
    pub fn glossary(&self) -> Result<Arc<Checker>, ServeError> {
        let now = self.terms_stamps();
        {
            let slot = self.terms.read().unwrap_or_else(|p| p.into_inner());
            if slot.0 == now {
                return Ok(slot.1.clone());
            }
        }
        let g = Glossary::load(&self.root).map_err(|e| ServeError::Project(e.to_string()))?;
        let checker = Arc::new(Checker::new(g));
        *self.terms.write().unwrap_or_else(|p| p.into_inner()) = (now, checker.clone());
        Ok(checker)
    }

    /// The glossary hits of `source` (in `from`) and `target` (in `to`).
    ///
    /// # Errors
    /// A glossary file that does not parse.
    pub fn term_hits(
        &self,
        from: Lang,
        to: Lang,
        source: &str,
        target: &str,
    ) -> Result<Vec<TermHit>, ServeError> {
        Ok(glossary::hits(&*self.glossary()?, from, to, source, target))
    }

    fn memory_dir(&self) -> PathBuf {
        self.root.join("memory")
    }

    fn memory_stamps(&self) -> Vec<(PathBuf, Stamp)> {
        crate::fsx::walk_files(&self.memory_dir(), "tmx")
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let s = stamp(&p);
                (p, s)
            })
            .collect()
    }

    fn reload_memory(&self) -> Result<(), ServeError> {
        let stamps = self.memory_stamps();
        let memory = Memory::load(&self.memory_dir(), &LoadOptions::from(&self.config.memory))
            .map_err(|e| ServeError::Project(e.to_string()))?;
        // Build the lookup indexes now, not on the first lookup.
        for lang in &self.config.languages {
            memory.index_of(*lang);
        }
        let mut slot = self.memory.write().unwrap_or_else(|p| p.into_inner());
        *slot = Loaded { memory, stamps };
        Ok(())
    }

    /// Runs `f` on the memory, reloaded first when a TMX file under `memory/` changed on disk.
    ///
    /// # Errors
    /// A changed memory that no longer loads.
    pub fn with_memory<R>(&self, f: impl FnOnce(&Memory) -> R) -> Result<R, ServeError> {
        let now = self.memory_stamps();
        {
            let slot = self.memory.read().unwrap_or_else(|p| p.into_inner());
            if slot.stamps == now {
                return Ok(f(&slot.memory));
            }
        }
        self.reload_memory()?;
        let slot = self.memory.read().unwrap_or_else(|p| p.into_inner());
        Ok(f(&slot.memory))
    }

    /// Runs `f` on the memory to look `text` (in `from`, into `to`, at score `min`) up in: the
    /// loaded memory, or with a team memory the TMX files of `memory/` with the database's
    /// candidates for `text`, whose lookup of it is the full memory's.
    ///
    /// # Errors
    /// A changed memory that no longer loads; the team memory fails.
    pub fn with_lookup_memory<R>(
        &self,
        from: Lang,
        to: Lang,
        text: &str,
        min: u8,
        f: impl FnOnce(&Memory) -> R,
    ) -> Result<R, ServeError> {
        self.with_team(
            Some(&[(from, to)]),
            |team, local, options| team.memory_for(local, &[(from, to, vec![text])], min, options),
            f,
        )
    }

    /// Runs `f` on the loaded memory, or with a team memory on what `view` makes of the TMX
    /// files of `memory/` and the database (connected for lookups of `pairs`, when given).
    fn with_team<R>(
        &self,
        pairs: Option<&[(Lang, Lang)]>,
        view: impl FnOnce(
            &mut crate::teammem::TeamMemory,
            Memory,
            &LoadOptions,
        ) -> Result<Memory, crate::teammem::TeamError>,
        f: impl FnOnce(&Memory) -> R,
    ) -> Result<R, ServeError> {
        let Some(url) = self.project.team_url() else {
            return self.with_memory(f);
        };
        let team_err = |e: crate::teammem::TeamError| ServeError::Project(e.to_string());
        let local = self.with_memory(crate::teammem::project::copy_of)?;
        let mut team = self.team(&url, pairs)?;
        let m =
            view(&mut team, local, &LoadOptions::from(&self.config.memory)).map_err(team_err)?;
        self.keep_team(url, team);
        Ok(f(&m))
    }

    /// A connection to the team memory at `url`: a kept one that is still current, else a
    /// new one (for lookups of `pairs`, when given).
    fn team(
        &self,
        url: &str,
        pairs: Option<&[(Lang, Lang)]>,
    ) -> Result<crate::teammem::TeamMemory, ServeError> {
        loop {
            let kept = self.team.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let Some((kept_url, mut team)) = kept else {
                break;
            };
            // A connection the server closed, or to a memory made again, is dropped.
            if kept_url == url && team.is_current() {
                return Ok(team);
            }
        }
        match pairs {
            Some(pairs) => self.project.lookup_team(url, pairs),
            None => self.project.open_team(url),
        }
        .map_err(|e| ServeError::Project(e.to_string()))
    }

    /// Keeps `team` for a later request, when fewer than [`KEPT`] are kept. Only a
    /// connection whose work succeeded comes back here: one that failed is closed.
    fn keep_team(&self, url: String, team: crate::teammem::TeamMemory) {
        let mut kept = self.team.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() < KEPT {
            kept.push((url, team));
        }
    }

    /// Runs `f` on the whole memory, for the concordance: the loaded memory, or with a team
    /// memory the TMX files of `memory/` with every TU of the database (read on each call, so
    /// another translator's new TUs are found at once).
    ///
    /// # Errors
    /// A changed memory that no longer loads; the team memory fails.
    pub fn with_whole_memory<R>(&self, f: impl FnOnce(&Memory) -> R) -> Result<R, ServeError> {
        self.with_team(None, |team, local, options| team.whole(local, options), f)
    }

    fn draft_stamps(&self, files: &[ArticleFile]) -> Vec<(PathBuf, Stamp)> {
        draft::memory::draft_files(files, &self.config.languages)
            .into_iter()
            .map(|(_, _, rel)| {
                let s = stamp(&self.root.join(&rel));
                (rel, s)
            })
            .collect()
    }

    /// The drafts' finished entries as a memory, read again when a draft changed on disk (a
    /// save here, the CLI, git).
    ///
    /// # Errors
    /// `sources/` cannot be read.
    pub fn drafts_memory(&self) -> Result<Arc<DraftMemory>, ServeError> {
        let files = self.files()?;
        let now = self.draft_stamps(&files);
        {
            let slot = self.drafts.read().unwrap_or_else(|p| p.into_inner());
            if slot.0 == now {
                return Ok(slot.1.clone());
            }
        }
        let m = Arc::new(DraftMemory::load(
            &self.root,
            &files,
            &self.config.languages,
        ));
        *self.drafts.write().unwrap_or_else(|p| p.into_inner()) = (now, m.clone());
        Ok(m)
    }

    /// The matches of `query` in the memory and the drafts' finished entries, `own`'s entry
    /// left out (see [`crate::draft::memory`]).
    ///
    /// # Errors
    /// A changed memory that no longer loads; `sources/` cannot be read.
    pub fn lookup(
        &self,
        query: &crate::memory::Query,
        own: Option<Own>,
    ) -> Result<Vec<crate::memory::Match>, ServeError> {
        let drafts = self.drafts_memory()?;
        self.with_lookup_memory(query.from, query.to, query.text, query.min, |m| {
            drafts.lookup(m, query, own)
        })
    }

    /// Every article file under `sources/`, by slug.
    ///
    /// # Errors
    /// `sources/` cannot be read.
    pub fn files(&self) -> Result<Vec<ArticleFile>, ServeError> {
        self.project
            .article_files(&[])
            .map_err(|e| ServeError::Project(e.to_string()))
    }

    fn file(&self, slug: &str) -> Result<ArticleFile, ServeError> {
        self.files()?
            .into_iter()
            .find(|f| f.slug == slug)
            .ok_or_else(|| ServeError::NotFound(format!("no article `{slug}` under sources/")))
    }

    /// The parsed article `slug`, re-parsed when its file changed.
    ///
    /// # Errors
    /// No such article; a source that does not parse.
    pub fn article(&self, slug: &str) -> Result<Arc<Article>, ServeError> {
        let file = self.file(slug)?;
        self.load_article(&file)
    }

    fn load_article(&self, file: &ArticleFile) -> Result<Arc<Article>, ServeError> {
        let abs = self.root.join(&file.path);
        let st = stamp(&abs);
        if let Some((s, a)) = self
            .articles
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&abs)
        {
            if *s == st && st.is_some() {
                return Ok(a.clone());
            }
        }
        let article = Arc::new(
            self.project
                .rules(file.lang)
                .map_err(|e| ServeError::Project(e.to_string()))
                .and_then(|rules| {
                    source::load(&self.root, file, rules)
                        .map_err(|e| ServeError::Project(e.to_string()))
                })?,
        );
        self.articles
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(abs, (st, article.clone()));
        Ok(article)
    }

    /// The target languages of an article: the project's, minus its own.
    pub fn targets(&self, article: &Article) -> Vec<Lang> {
        self.config
            .languages
            .iter()
            .copied()
            .filter(|l| *l != article.lang)
            .collect()
    }

    /// What `check` reports for the whole project (or one draft).
    ///
    /// # Errors
    /// A source or draft that does not parse.
    pub fn check(&self, only: Option<(&str, Lang)>) -> Result<Report, ServeError> {
        let mut options = CheckOptions::default();
        if let Some((slug, lang)) = only {
            options.slugs = vec![slug.to_string()];
            options.targets = vec![lang];
        }
        self.project
            .check(&options)
            .map_err(|e| ServeError::Project(e.to_string()))
    }

    fn parse_target(&self, article: &Article, lang: &str) -> Result<Lang, ServeError> {
        let lang: Lang = lang
            .parse()
            .map_err(|_| ServeError::NotFound(format!("no language `{lang}`")))?;
        if !self.targets(article).contains(&lang) {
            return Err(ServeError::NotFound(format!(
                "`{}` is not a target language of `{}`",
                lang, article.slug
            )));
        }
        Ok(lang)
    }

    /// The draft on disk, synced with the source (not written).
    fn synced(
        &self,
        article: &Article,
        lang: Lang,
    ) -> Result<(Draft, bool, draft::SyncReport), ServeError> {
        let old = Draft::load(&self.root, &draft_path(&article.slug, lang))
            .map_err(|e| ServeError::Project(e.to_string()))?;
        let exists = old.is_some();
        let (d, report) = draft::sync(article, old.as_ref(), lang);
        Ok((d, exists, report))
    }

    /// The draft of `slug` into `lang`, in line with the source, with each entry's findings.
    ///
    /// # Errors
    /// No such article or language; a source or draft that does not parse.
    pub fn draft(&self, slug: &str, lang: &str) -> Result<DraftView, ServeError> {
        let article = self.article(slug)?;
        let lang = self.parse_target(&article, lang)?;
        let (d, exists, _) = self.synced(&article, lang)?;
        let findings = if exists {
            self.check(Some((slug, lang)))?.findings
        } else {
            Vec::new()
        };
        let terms = self.glossary()?;
        let entries = d
            .segments
            .iter()
            .map(|e| view(&article, lang, e, &findings, &terms))
            .collect();
        Ok(DraftView {
            article,
            lang,
            exists,
            entries,
        })
    }

    /// Saves one entry: `target` in `state`, if `rev` is still the entry's revision.
    ///
    /// # Errors
    /// See [`SaveError`].
    pub fn save(
        &self,
        slug: &str,
        lang: &str,
        id: &str,
        target: &str,
        state: State,
        rev_sent: &str,
    ) -> Result<(EntryView, bool), SaveError> {
        let _guard = self.write.lock().unwrap_or_else(|p| p.into_inner());
        // The project's write lock, as every writing command takes it: a save waits for a
        // running `prefill` or `import`, and they wait for it.
        let _lock =
            crate::lock::ProjectLock::acquire(&self.root, crate::lock::Wait::Block, &|_| {})
                .map_err(|e| ServeError::Project(e.to_string()))?;
        let article = self.article(slug)?;
        let lang = self.parse_target(&article, lang)?;
        let (mut d, _, sync) = self.synced(&article, lang)?;
        let id = SegmentId(id.to_string());
        let Some(pos) = d.segments.iter().position(|e| e.id == id) else {
            return Err(SaveError::NotFound(format!(
                "no segment `{id}` in `{slug}` ({lang})"
            )));
        };
        let current = &d.segments[pos];
        if rev(current) != rev_sent {
            let findings = self.check(Some((slug, lang)))?.findings;
            let terms = self.glossary()?;
            return Err(SaveError::Conflict(Box::new(view(
                &article, lang, current, &findings, &terms,
            ))));
        }
        if state == State::New && !target.is_empty() {
            return Err(SaveError::Invalid(
                "a `new` entry has no target (expected an empty target, or state fuzzy, translated or reviewed)".into(),
            ));
        }
        if state != State::New && target.trim().is_empty() {
            return Err(SaveError::Invalid(format!(
                "the target is empty (expected a translation to save as `{}`)",
                state.as_str()
            )));
        }
        if let Err(problem) = draft::check_target_chars(target) {
            return Err(SaveError::Invalid(problem));
        }
        if !target.is_empty() {
            if let Err(problem) = draft::check_placeholders(&current.source, target) {
                return Err(SaveError::Invalid(format!(
                    "{problem} (expected the placeholders of the source: {})",
                    draft::placeholder_list(&current.source)
                )));
            }
        }
        let unchanged = current.target == target && current.state == state;
        if !unchanged {
            let e = &mut d.segments[pos];
            e.target = target.to_string();
            e.state = state;
            e.changed = Some(today());
            if state.is_final() {
                e.previous_source = None;
            }
            let rel = draft_path(&article.slug, lang);
            d.save(&self.root, &rel)
                .map_err(|e| ServeError::Project(e.to_string()))?;
            self.after_save(&article, &d, pos, &sync)?;
        }
        let findings = self.check(Some((slug, lang)))?.findings;
        let terms = self.glossary()?;
        Ok((
            view(&article, lang, &d.segments[pos], &findings, &terms),
            !unchanged,
        ))
    }

    /// The memory side of a save: entries that left the draft in the sync keep their finished
    /// translations, and (when learning is on) the confirmed entry is learnt — one TU, with
    /// its neighbours as context, added to the loaded memory and its built indexes in place;
    /// then `memory/project.tmx` is written (temp file + rename).
    fn after_save(
        &self,
        article: &Article,
        d: &Draft,
        pos: usize,
        sync: &draft::SyncReport,
    ) -> Result<(), ServeError> {
        let removed: Vec<&Entry> = sync.removed.iter().filter(|e| e.state.is_final()).collect();
        let learn_entry = self.learn && d.segments[pos].state.is_final();
        if removed.is_empty() && !learn_entry {
            return Ok(());
        }
        // The memory as it is on disk now, then this save's additions.
        if self.memory_stamps() != self.memory.read().unwrap_or_else(|p| p.into_inner()).stamps {
            self.reload_memory()?;
        }
        let mut tus = Vec::new();
        for r in removed {
            let mut tu = Tu::default();
            tu.variants
                .insert(d.source_lang, Variant::new(d.source_lang, r.source.clone()));
            tu.variants
                .insert(d.target_lang, Variant::new(d.target_lang, r.target.clone()));
            tus.push(tu);
        }
        if learn_entry {
            draft::learn::check_headers(article, &[d])
                .map_err(|e| ServeError::Project(e.to_string()))?;
            let id = d.segments[pos].id.as_str();
            let mut stale = 0;
            tus.extend(
                draft::learn::tus_for(article, &[d], &mut stale)
                    .into_iter()
                    .filter(|tu| {
                        tu.info()
                            .props
                            .iter()
                            .any(|p| p.kind == "x-polypress-segment" && p.value == id)
                    }),
            );
        }
        if let Some(url) = self.project.team_url() {
            // The team memory takes what a save learns, in one transaction.
            let team_err = |e: crate::teammem::TeamError| ServeError::Project(e.to_string());
            let author = self.with_memory(|m| m.author.clone())?;
            let mut scratch = crate::teammem::project::learn_scratch(author.clone());
            for tu in tus {
                scratch.add(tu);
            }
            let mut team = self.team(&url, None)?;
            team.learn(
                scratch.file_tus(0).cloned().collect(),
                author,
                &LoadOptions::from(&self.config.memory),
            )
            .map_err(team_err)?;
            self.keep_team(url, team);
            return Ok(());
        }
        let mut slot = self.memory.write().unwrap_or_else(|p| p.into_inner());
        let memory = &mut slot.memory;
        let mut changed = false;
        for tu in tus {
            changed |= memory.add_indexed(tu) != crate::memory::AddOutcome::Unchanged;
        }
        if changed {
            memory
                .save_project()
                .map_err(|e| ServeError::Project(e.to_string()))?;
        }
        slot.stamps = self.memory_stamps();
        Ok(())
    }
}

fn view(
    article: &Article,
    lang: Lang,
    e: &Entry,
    findings: &[Finding],
    terms: &Checker,
) -> EntryView {
    let seg = article.segment(&e.id);
    EntryView {
        id: e.id.clone(),
        source: e.source.clone(),
        target: e.target.clone(),
        state: e.state,
        matched: e.matched.clone(),
        warnings: findings
            .iter()
            .filter(|f| f.id.as_ref() == Some(&e.id))
            .filter(|f| !matches!(f.kind, report::Kind::Untranslated | report::Kind::Fuzzy))
            .map(|f| Warning {
                kind: f.kind.as_str(),
                message: f.message.clone(),
            })
            .collect(),
        terms: glossary::hits(terms, article.lang, lang, &e.source, &e.target),
        rev: rev(e),
        block: seg.map(|s| s.block.to_string()).unwrap_or_default(),
        line: seg.map_or(0, |s| s.line),
        previous_source: e.previous_source.clone(),
        changed: e.changed.clone(),
        note: e.note.clone(),
    }
}
