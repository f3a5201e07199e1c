//! Saving what `prefill` made, in the order that never loses human work: first the memory's
//! project file, holding every finished (translated or reviewed) entry that leaves a draft,
//! then the drafts, each replaced atomically. A kill or a failed write at any point leaves each
//! finished text in its old draft, in its new draft, or in `memory/project.tmx`; when the
//! memory cannot be written (read-only or full `memory/`), no draft is touched at all.

use std::path::Path;

use crate::memory::{Memory, MemoryError, Tu, Variant};

use super::{draft_path, Draft, DraftError, PrefillStats};

/// Errors saving prefill results.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    /// The memory's project file cannot be written: no draft was changed.
    #[error("{0}\n  note: no draft was changed, so no translation was lost")]
    Memory(#[from] MemoryError),
    /// A draft cannot be written (the memory already holds the finished entries it dropped).
    #[error(transparent)]
    Draft(#[from] DraftError),
}

/// What happened to one draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftWrite {
    /// Its bytes changed on disk (or it was created).
    Written,
    /// The file already held these bytes.
    Unchanged,
    /// Dry run: the file would be changed.
    WouldChange,
    /// Dry run: the file does not exist yet and would be created.
    WouldCreate,
}

impl DraftWrite {
    /// Whether the file was (or would be) written.
    pub fn changed(self) -> bool {
        self != DraftWrite::Unchanged
    }
}

/// What [`save`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// One per result, in order.
    pub drafts: Vec<DraftWrite>,
    /// Finished entries of removed segments kept in the memory.
    pub kept: usize,
}

/// Adds the finished entries that left the drafts to `memory`, saves the memory's project file
/// (when it gained anything), then saves each draft under `root`. With `dry_run`, writes
/// nothing and tells what would change.
///
/// # Errors
/// The memory or a draft cannot be written.
pub fn save(
    root: &Path,
    memory: &mut Memory,
    results: &[(Draft, PrefillStats)],
    dry_run: bool,
) -> Result<Saved, PersistError> {
    let mut saved = Saved::default();
    for (d, stats) in results {
        for removed in stats.sync.removed.iter().filter(|e| e.state.is_final()) {
            let mut tu = Tu::default();
            tu.variants.insert(
                d.source_lang,
                Variant::new(d.source_lang, removed.source.clone()),
            );
            tu.variants.insert(
                d.target_lang,
                Variant::new(d.target_lang, removed.target.clone()),
            );
            memory.add(tu);
            saved.kept += 1;
        }
    }
    if saved.kept > 0 && !dry_run {
        memory.save_project()?;
    }
    for (d, _) in results {
        let rel = draft_path(&d.slug, d.target_lang);
        let w = if dry_run {
            match std::fs::read(root.join(&rel)) {
                Ok(b) if b == d.to_json().as_bytes() => DraftWrite::Unchanged,
                Ok(_) => DraftWrite::WouldChange,
                Err(_) => DraftWrite::WouldCreate,
            }
        } else if d.save(root, &rel)? {
            DraftWrite::Written
        } else {
            DraftWrite::Unchanged
        };
        saved.drafts.push(w);
    }
    Ok(saved)
}
