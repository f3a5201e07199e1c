//! The project lock: one advisory, exclusive lock per project (`<root>/.polypress.lock`) that
//! every writing command (`prefill`, `learn`, `import`, `align`, `build`, `tm import`) holds
//! from start to end, so two writers never interleave their read-modify-write of a draft or of
//! `memory/project.tmx`. Read-only commands (`check`, `analyze`, `segment`, `export`,
//! `tm lookup`, dry runs) never take it: they read files that are only ever replaced whole.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows, through the
//! `fs4` crate): it is released when the process ends, however it ends, so a `kill -9` never
//! leaves a stale lock behind. Taking it also prepares the project for writing: symlinked
//! project folders are refused, temp files of killed runs are removed, and an interrupted swap
//! of `output/` is finished (see [`crate::fsx`]).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::IoError;

/// The lock file's name in the project root.
pub const LOCK_FILE: &str = ".polypress.lock";

/// What to do when another process holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait for it (after telling the user why).
    Block,
    /// Fail at once with [`LockError::Busy`].
    NoWait,
}

/// Errors taking the lock.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another polypress process is writing this project and `--no-wait` was given.
    #[error("{}: another polypress command is writing this project (expected no other writer; wait for it, or run without --no-wait to wait)", path.display())]
    Busy {
        /// The lock file.
        path: PathBuf,
    },
    /// The lock file cannot be created or locked.
    #[error(transparent)]
    Io(#[from] IoError),
    /// A project folder polypress writes into is a symbolic link.
    #[error("{}: is a symbolic link (expected a real folder inside the project: polypress does not write through links, which could point outside it)", path.display())]
    Symlink {
        /// The link.
        path: PathBuf,
    },
}

/// A held project lock; released on drop (and by the OS when the process dies).
#[derive(Debug)]
pub struct ProjectLock {
    _file: File,
    path: PathBuf,
}

impl ProjectLock {
    /// Takes the project's write lock. When another process holds it, `on_wait` is called once
    /// with a message before blocking (under [`Wait::Block`]), or [`LockError::Busy`] is
    /// returned (under [`Wait::NoWait`]). Then refuses symlinked project folders
    /// ([`refuse_symlinks`]), removes temp files left by killed runs
    /// (`fsx::clean_stale_temps`) and finishes an interrupted `output/` swap.
    ///
    /// # Errors
    /// See [`LockError`].
    pub fn acquire(
        root: &Path,
        wait: Wait,
        on_wait: &dyn Fn(&str),
    ) -> Result<ProjectLock, LockError> {
        let path = root.join(LOCK_FILE);
        let io = |source| IoError::Write {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => match wait {
                Wait::NoWait => return Err(LockError::Busy { path }),
                Wait::Block => {
                    on_wait(&format!(
                        "waiting for another polypress command to finish writing this project ({})",
                        path.display()
                    ));
                    fs4::FileExt::lock(&file).map_err(io)?;
                }
            },
            Err(fs4::TryLockError::Error(e)) => return Err(io(e).into()),
        }
        let lock = ProjectLock { _file: file, path };
        refuse_symlinks(root)?;
        crate::fsx::recover_output(&root.join("output"))?;
        crate::fsx::clean_stale_temps(root)?;
        Ok(lock)
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Refuses the project folders polypress writes into when they are symbolic links:
/// `sources/`, every `sources/<slug>/`, `memory/` (and its folders) and `output/`.
///
/// # Errors
/// [`LockError::Symlink`] naming the first link found; an unreadable folder.
pub fn refuse_symlinks(root: &Path) -> Result<(), LockError> {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let refuse = |p: &Path| -> Result<(), LockError> {
        if is_link(p) {
            Err(LockError::Symlink {
                path: p.to_path_buf(),
            })
        } else {
            Ok(())
        }
    };
    for top in ["sources", "memory", "output"] {
        refuse(&root.join(top))?;
    }
    for dir in ["sources", "memory"] {
        for p in crate::fsx::sorted_entries(&root.join(dir))? {
            refuse(&p)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_writer_fails_with_no_wait_and_gets_the_lock_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let first = ProjectLock::acquire(dir.path(), Wait::NoWait, &|_| {}).unwrap();
        let e = ProjectLock::acquire(dir.path(), Wait::NoWait, &|_| {}).unwrap_err();
        assert!(matches!(e, LockError::Busy { .. }), "{e}");
        assert!(e.to_string().contains(".polypress.lock"), "{e}");
        drop(first);
        ProjectLock::acquire(dir.path(), Wait::NoWait, &|_| {}).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_memory_is_refused_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("memory")).unwrap();
        let e = ProjectLock::acquire(dir.path(), Wait::NoWait, &|_| {}).unwrap_err();
        assert!(matches!(e, LockError::Symlink { .. }), "{e}");
        assert!(e.to_string().contains("memory"), "{e}");
    }
}
