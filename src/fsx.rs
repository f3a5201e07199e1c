//! File-system helpers every writer uses: atomic writes (temp file in the same folder, then
//! rename, so a crash never leaves a half-written file) and sorted directory walks (so outputs do
//! not depend on the order the OS lists files in).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::IoError;

/// Writes `contents` to `path` atomically: a temp file beside it, flushed and synced, then
/// renamed over the target. Creates parent folders. Returns `false` (and writes nothing) when the
/// file already holds exactly these bytes, so unchanged outputs keep their timestamps.
///
/// # Errors
/// Any I/O failure, naming `path`.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<bool, IoError> {
    write_replace(path, contents, true)
}

/// Like `write_atomic` (temp file, then rename: readers never see a half-written file), but
/// without the `fsync`, for regenerable outputs such as `output/`: a build writes thousands of
/// files, and a sync each costs more than rendering them (15 s against 1 s for 1,000
/// articles). After a power loss the next build rewrites whatever did not reach the disk.
///
/// # Errors
/// Any I/O failure, naming `path`.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<bool, IoError> {
    write_replace(path, contents, false)
}

fn write_replace(path: &Path, contents: &[u8], sync: bool) -> Result<bool, IoError> {
    if let Ok(existing) = fs::read(path) {
        if existing == contents {
            return Ok(false);
        }
    }
    let werr = |source| IoError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(werr)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(contents)?;
        if sync {
            f.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(werr(e));
    }
    Ok(true)
}

/// Reads a file to a string, naming it in the error.
///
/// # Errors
/// The file cannot be read.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, IoError> {
    fs::read(path).map_err(|source| IoError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Lists the entries of `dir` sorted by file name. A missing folder gives an empty list.
///
/// # Errors
/// The folder exists but cannot be read.
pub(crate) fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, IoError> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(IoError::Read {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|source| IoError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        out.push(entry.path());
    }
    out.sort();
    Ok(out)
}

/// Every file below `dir` (recursively) whose name ends with `.{ext}`, sorted, skipping hidden
/// folders such as `.index`.
///
/// # Errors
/// A folder cannot be read.
pub fn walk_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, IoError> {
    let mut out = Vec::new();
    for path in sorted_entries(dir)? {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            out.extend(walk_files(&path, ext)?);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        {
            out.push(path);
        }
    }
    Ok(out)
}

/// Whether `name` is a temp file [`write_atomic`] makes: `.<name>.<pid>.tmp`; gives the pid.
pub(crate) fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = rest.rsplit_once('.')?;
    pid.parse().ok()
}

/// Whether process `pid` may still be running (and writing its temp files). On Linux this is
/// `/proc/<pid>`; elsewhere every other process counts as gone, which is safe because the
/// caller holds the project lock that every writer takes.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

/// Removes the temp files (`.<name>.<pid>.tmp`) and staging folders (`.output.new.<pid>`)
/// that runs killed mid-write left in the project: in its root, `sources/**`, `memory/**`
/// (the `.index` cache included) and `output/**`. Files of a process still running are kept.
/// Returns the paths removed.
///
/// # Errors
/// A folder cannot be read, or a stale file cannot be removed.
pub(crate) fn clean_stale_temps(root: &Path) -> Result<Vec<PathBuf>, IoError> {
    let mut removed = Vec::new();
    for p in sorted_entries(root)? {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = name
            .strip_prefix(".output.new.")
            .or_else(|| name.strip_prefix(".output.old."))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = staging {
            if !alive(pid) && p.is_dir() {
                fs::remove_dir_all(&p).map_err(|source| IoError::Write {
                    path: p.clone(),
                    source,
                })?;
                removed.push(p);
            }
            continue;
        }
        if temp_pid(&name).is_some_and(|pid| !alive(pid)) && p.is_file() {
            remove(&p, &mut removed)?;
        }
    }
    for dir in ["sources", "memory", "output"] {
        clean_below(&root.join(dir), &mut removed)?;
    }
    Ok(removed)
}

fn remove(p: &Path, removed: &mut Vec<PathBuf>) -> Result<(), IoError> {
    match fs::remove_file(p) {
        Ok(()) => {
            removed.push(p.to_path_buf());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(IoError::Write {
            path: p.to_path_buf(),
            source,
        }),
    }
}

fn clean_below(dir: &Path, removed: &mut Vec<PathBuf>) -> Result<(), IoError> {
    for p in sorted_entries(dir)? {
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            clean_below(&p, removed)?;
        } else if meta.is_file() {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if temp_pid(&name).is_some_and(|pid| !alive(pid)) {
                remove(&p, removed)?;
            }
        }
    }
    Ok(())
}

/// The staging folder a build of `out_dir` writes into before [`swap_in`]: a hidden sibling,
/// `.output.new.<pid>`, on the same file system so the swap is a rename.
pub(crate) fn staging_dir(out_dir: &Path) -> PathBuf {
    sibling(out_dir, "new", std::process::id())
}

fn sibling(out_dir: &Path, kind: &str, pid: u32) -> PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    out_dir
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.{kind}.{pid}"))
}

/// Replaces `out_dir` with the fully written `staged` folder: `out_dir` moves aside to
/// `.output.old.<pid>`, `staged` takes its name, the old one is removed. Readers see the old
/// folder or the new one, never a mix; a kill between the two renames leaves the old folder
/// aside, which [`recover_output`] (run when the project lock is taken) puts back.
///
/// # Errors
/// A rename or the removal fails.
pub(crate) fn swap_in(staged: &Path, out_dir: &Path) -> Result<(), IoError> {
    let werr = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IoError::Write { path, source }
    };
    if !out_dir.exists() {
        return fs::rename(staged, out_dir).map_err(werr(out_dir));
    }
    let old = sibling(out_dir, "old", std::process::id());
    if old.exists() {
        fs::remove_dir_all(&old).map_err(werr(&old))?;
    }
    fs::rename(out_dir, &old).map_err(werr(out_dir))?;
    if let Err(e) = fs::rename(staged, out_dir) {
        let _ = fs::rename(&old, out_dir);
        return Err(werr(out_dir)(e));
    }
    fs::remove_dir_all(&old).map_err(werr(&old))
}

/// Puts back an `output/` that a killed [`swap_in`] left aside (`.output.old.<pid>` present,
/// `output/` missing). Does nothing otherwise.
///
/// # Errors
/// The folder around `out_dir` cannot be read, or the rename fails.
pub(crate) fn recover_output(out_dir: &Path) -> Result<(), IoError> {
    if out_dir.exists() {
        return Ok(());
    }
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let prefix = format!(".{name}.old.");
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    for p in sorted_entries(parent)? {
        let is_old = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix));
        if is_old && p.is_dir() {
            return fs::rename(&p, out_dir).map_err(|source| IoError::Write {
                path: out_dir.to_path_buf(),
                source,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_skips_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/out.txt");
        assert!(write_atomic(&p, b"one").unwrap());
        assert!(!write_atomic(&p, b"one").unwrap());
        assert!(write_atomic(&p, b"two").unwrap());
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = sorted_entries(p.parent().unwrap()).unwrap();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn stale_temp_files_of_killed_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // pid 0 is never a user process: the run that wrote these is gone.
        let stale = [
            root.join("sources/a/.tr.json.0.tmp"),
            root.join("memory/.project.tmx.0.tmp"),
            root.join("memory/.index/.x.idx.0.tmp"),
            root.join("output/en/a/.index.html.0.tmp"),
        ];
        for p in &stale {
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "half").unwrap();
        }
        let mine = root.join(format!("sources/a/.en.json.{}.tmp", std::process::id()));
        fs::write(&mine, "writing").unwrap();
        fs::write(root.join("sources/a/tr.json"), "{}").unwrap();
        let removed = clean_stale_temps(root).unwrap();
        assert_eq!(removed.len(), 4, "{removed:?}");
        for p in &stale {
            assert!(!p.exists(), "{}", p.display());
        }
        assert!(mine.exists(), "a live process's temp file is kept");
        assert!(root.join("sources/a/tr.json").exists());
    }

    #[test]
    fn swap_in_replaces_the_folder_whole_and_recovers_after_a_kill() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.html"), "old").unwrap();
        let stage = staging_dir(&out);
        fs::create_dir_all(&stage).unwrap();
        fs::write(stage.join("a.html"), "new").unwrap();
        swap_in(&stage, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert_eq!(sorted_entries(dir.path()).unwrap(), vec![out.clone()]);
        // A kill between the two renames: output/ moved aside, the new one not yet in place.
        fs::rename(&out, dir.path().join(".output.old.0")).unwrap();
        recover_output(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "new");
    }
}
