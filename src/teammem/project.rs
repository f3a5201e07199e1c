//! The team memory in a project's commands: `tm init-db`, `tm push`, `tm pull`, and the parts
//! of `prefill` and `learn` that read and write the database instead of `memory/project.tmx`.

use std::path::Path;

use super::{InitReport, PushReport, TeamError, TeamMemory};
use crate::draft::persist::{self, Saved};
use crate::draft::prefill::{Job, PrefillStats};
use crate::draft::Draft;
use crate::memory::{LoadOptions, Memory, Tu, Variant};
use crate::model::Lang;
use crate::project::{Project, ProjectError};

impl Project {
    /// The team memory's URL, when the project uses one (`POLYPRESS_MEMORY_URL`, else
    /// `memory.url`).
    pub fn team_url(&self) -> Option<String> {
        super::url(self.config().memory.url.as_deref())
    }

    /// A connection to the team memory, when the project uses one.
    ///
    /// # Errors
    /// The server cannot be reached, or the schema is missing or old.
    pub fn team(&self) -> Result<Option<TeamMemory>, ProjectError> {
        match self.team_url() {
            Some(url) => Ok(Some(self.open_team(&url)?)),
            None => Ok(None),
        }
    }

    /// Connects to the team memory at `url`, with the project's lookup connections.
    ///
    /// # Errors
    /// As [`TeamMemory::open`].
    pub fn open_team(&self, url: &str) -> Result<TeamMemory, TeamError> {
        let mut team = TeamMemory::open(url)?;
        team.set_connections(self.config().memory.connections);
        Ok(team)
    }

    /// Connects to the team memory at `url` for lookups of `pairs` (source and target
    /// languages): the further lookup connections open meanwhile.
    ///
    /// # Errors
    /// As [`TeamMemory::open`].
    pub fn lookup_team(&self, url: &str, pairs: &[(Lang, Lang)]) -> Result<TeamMemory, TeamError> {
        TeamMemory::open_for_lookups(url, self.config().memory.connections, pairs)
    }

    fn require_url(&self) -> Result<String, ProjectError> {
        self.team_url().ok_or_else(|| {
            TeamError::BadUrl {
                url: String::new(),
                message: "no team memory configured (set memory.url in polypress.toml or POLYPRESS_MEMORY_URL)".into(),
            }
            .into()
        })
    }

    /// `tm init-db`: makes or upgrades the team memory's schema.
    ///
    /// # Errors
    /// No URL, or the server refuses.
    pub fn tm_init_db(&self) -> Result<InitReport, ProjectError> {
        Ok(super::init_db(&self.require_url()?)?)
    }

    /// `tm push`: copies every TMX file of `memory/` into the team memory.
    ///
    /// # Errors
    /// No URL, an unreadable memory, or a failed write (then nothing was written).
    pub fn tm_push(&self, skip_bad: bool) -> Result<PushReport, ProjectError> {
        let mut team = TeamMemory::open(&self.require_url()?)?;
        let memory = self.memory(skip_bad)?;
        Ok(team.push(memory)?)
    }

    /// `tm import` into the project file with the team memory: the files are merged among
    /// themselves as into an empty project file, then into the database in one transaction.
    ///
    /// # Errors
    /// Unreadable or malformed TMX, or a failed write (then nothing was written).
    pub fn tm_import_team(
        &self,
        team: &mut TeamMemory,
        files: &[std::path::PathBuf],
        options: &LoadOptions,
    ) -> Result<crate::memory::ImportReport, ProjectError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let scratch =
            std::env::temp_dir().join(format!("polypress-import-{}-{nanos}", std::process::id()));
        let result = (|| -> Result<crate::memory::ImportReport, ProjectError> {
            let mut report = crate::memory::import(&scratch, files, None, options)?;
            let merged = Memory::load(&scratch, options)?;
            let tus: Vec<Tu> = merged.file_tus(0).cloned().collect();
            let [inserted, m, unchanged] = team.learn(tus, None, options)?;
            report.merged += m;
            report.unchanged += unchanged;
            report.inserted = inserted;
            report.written = inserted + m > 0;
            Ok(report)
        })();
        let _ = std::fs::remove_dir_all(&scratch);
        result
    }

    /// `tm pull`: writes the team memory into `memory/`, one TMX file per stored file.
    /// Returns the files and TUs written.
    ///
    /// # Errors
    /// No URL, a failed read or write.
    pub fn tm_pull(&self) -> Result<(usize, usize), ProjectError> {
        let mut team = TeamMemory::open(&self.require_url()?)?;
        Ok(team.pull_into(&self.memory_dir())?)
    }
}

/// An owned copy of `memory`'s files and TUs (not its indexes or skipped files), for
/// [`TeamMemory::memory_for`], which adds the database's candidates to it.
pub fn copy_of(memory: &Memory) -> Memory {
    let mut m = Memory::new();
    m.root.clone_from(&memory.root);
    m.author.clone_from(&memory.author);
    m.files.clone_from(&memory.files);
    m.tus.clone_from(&memory.tus);
    m
}

/// The distinct (source, target) pairs of `jobs` with the segment texts of each.
pub fn pairs_of<'a>(
    jobs: impl IntoIterator<Item = (&'a crate::model::Article, Lang)>,
) -> Vec<(Lang, Lang, Vec<&'a str>)> {
    let mut pairs: Vec<(Lang, Lang, Vec<&str>)> = Vec::new();
    for (a, to) in jobs {
        let texts = a.segments.iter().map(|s| s.text.as_str());
        match pairs.iter_mut().find(|p| p.0 == a.lang && p.1 == to) {
            Some(p) => p.2.extend(texts),
            None => pairs.push((a.lang, to, texts.collect())),
        }
    }
    pairs
}

impl Project {
    /// With a team memory, the memory to look `queries` up in at score `min`: the TMX files
    /// of `memory/` (reference memories) with the database's candidates for them, whose
    /// lookups of those queries are the full memory's. `None` without a team memory.
    ///
    /// # Errors
    /// An unreadable memory folder, an unreachable server, a failed query.
    pub fn team_view(
        &self,
        skip_bad: bool,
        queries: &[(Lang, Lang, Vec<&str>)],
        min: u8,
    ) -> Result<Option<Memory>, ProjectError> {
        let pairs: Vec<(Lang, Lang)> = queries.iter().map(|q| (q.0, q.1)).collect();
        self.team_memory(skip_bad, Some(&pairs), |team, local, options| {
            team.memory_for(local, queries, min, options)
        })
    }

    /// Runs `f` on the whole memory, for the commands that read every TU: with a team memory,
    /// the TMX files of `memory/` (less those the database holds) and every TU of the
    /// database; else the memory of `memory/`.
    ///
    /// # Errors
    /// An unreadable memory folder, an unreachable server, a failed query.
    pub fn with_whole_memory<R>(
        &self,
        skip_bad: bool,
        f: impl FnOnce(&Memory) -> R,
    ) -> Result<R, ProjectError> {
        match self.team_memory(skip_bad, None, |team, local, options| {
            team.whole(local, options)
        })? {
            Some(m) => Ok(f(&m)),
            None => Ok(f(self.memory(skip_bad)?)),
        }
    }

    /// With a team memory, what `view` makes of the TMX files of `memory/` and the database
    /// (connected for lookups of `pairs`, when given); `None` without one.
    fn team_memory(
        &self,
        skip_bad: bool,
        pairs: Option<&[(Lang, Lang)]>,
        view: impl FnOnce(&mut TeamMemory, Memory, &LoadOptions) -> Result<Memory, TeamError>,
    ) -> Result<Option<Memory>, ProjectError> {
        let Some(url) = self.team_url() else {
            return Ok(None);
        };
        let mut team = match pairs {
            Some(pairs) => self.lookup_team(&url, pairs)?,
            None => self.open_team(&url)?,
        };
        let local = copy_of(self.memory(skip_bad)?);
        let lopts = LoadOptions::from(&self.config().memory);
        Ok(Some(view(&mut team, local, &lopts)?))
    }
}

/// The memory `prefill` looks `jobs` up in: `local` with the database's candidates for every
/// distinct segment, one query per language pair.
///
/// # Errors
/// A failed query.
pub fn prefill_memory(
    team: &mut TeamMemory,
    local: Memory,
    jobs: &[Job<'_>],
    min: u8,
    options: &LoadOptions,
) -> Result<Memory, TeamError> {
    let pairs = pairs_of(jobs.iter().map(|j| (j.article, j.target)));
    team.memory_for(local, &pairs, min, options)
}

/// Saves prefill's results with the team memory: finished entries of removed segments go to
/// the database (one transaction), then the drafts are written as without it.
///
/// # Errors
/// A failed database or draft write.
pub fn save_prefill(
    team: &mut TeamMemory,
    root: &Path,
    results: &mut [(Draft, PrefillStats)],
    dry_run: bool,
    author: Option<String>,
    options: &LoadOptions,
) -> Result<Saved, ProjectError> {
    let mut kept = Vec::new();
    let mut taken = Vec::new();
    for (d, stats) in results.iter_mut() {
        let (finals, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut stats.sync.removed)
            .into_iter()
            .partition(|e| e.state.is_final());
        stats.sync.removed = rest;
        for e in &finals {
            let mut tu = Tu::default();
            tu.variants
                .insert(d.source_lang, Variant::new(d.source_lang, e.source.clone()));
            tu.variants
                .insert(d.target_lang, Variant::new(d.target_lang, e.target.clone()));
            kept.push(tu);
        }
        taken.push(finals);
    }
    let count = kept.len();
    if count > 0 && !dry_run {
        let mut scratch = learn_scratch(author.clone());
        for tu in kept {
            scratch.add(tu);
        }
        team.learn(scratch.file_tus(0).cloned().collect(), author, options)?;
    }
    // Nothing is left for the file memory to keep.
    let mut empty = Memory::new();
    let saved = persist::save(root, &mut empty, results, dry_run);
    for ((_, stats), finals) in results.iter_mut().zip(taken) {
        stats.sync.removed.extend(finals);
    }
    let mut saved = saved?;
    saved.kept = count;
    Ok(saved)
}

/// A memory for `learn` to add to before the TUs go to the database: empty, stamping with
/// `author`.
pub fn learn_scratch(author: Option<String>) -> Memory {
    let mut m = Memory::new();
    m.author = author;
    m
}
