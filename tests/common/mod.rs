//! Shared helper for integration tests: copy a fixture project to a temp dir, run the real
//! binary in it, and look at stdout, stderr and the exit code (as mdBook's `BookTest` and
//! ripgrep's `TestCommand` do).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A temporary project.
pub struct Project {
    pub dir: tempfile::TempDir,
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Project {
    /// An empty project.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the repository's sample project (`sources/`, `memory/`, `polypress.toml`).
    pub fn sample() -> Project {
        let p = Project::empty();
        let root = repo();
        for name in ["sources", "memory"] {
            copy_dir(&root.join(name), &p.path().join(name));
        }
        if root.join("polypress.toml").exists() {
            std::fs::copy(root.join("polypress.toml"), p.path().join("polypress.toml")).unwrap();
        }
        p
    }

    /// The sample project with its drafts removed: only sources and memory, as before any
    /// translation work.
    pub fn sample_without_drafts() -> Project {
        let p = Project::sample();
        for dir in std::fs::read_dir(p.path().join("sources")).unwrap() {
            for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "json") {
                    std::fs::remove_file(f).unwrap();
                }
            }
        }
        p
    }

    /// A copy of `tests/fixtures/<rel>`.
    pub fn fixture(rel: &str) -> Project {
        let p = Project::empty();
        copy_dir(&repo().join("tests/fixtures").join(rel), p.path());
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `polypress -C <project> args...`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_stdin(args, None)
    }

    /// Runs with `stdin` fed in.
    pub fn run_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_polypress"));
        cmd.arg("-C")
            .arg(self.path())
            .args(args)
            .current_dir(self.path());
        cmd.env_remove("NO_COLOR").env("TERM", "dumb");
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("binary runs");
        if let Some(input) = stdin {
            use std::io::Write;
            let mut s = child.stdin.take().unwrap();
            let input = input.to_vec();
            std::thread::spawn(move || {
                let _ = s.write_all(&input);
            });
        }
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository, if present.
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    p.is_dir().then_some(p)
}

pub fn copy_dir(from: &Path, to: &Path) {
    if !from.exists() {
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The official schemas the tests validate against, vendored under `tests/schemas/` (see its
/// README for where each comes from).
pub fn schemas() -> PathBuf {
    repo().join("tests/schemas")
}

/// Reports a check skipped because an outside tool is missing. Under
/// `POLYPRESS_REQUIRE_TOOLS=1` (set by `.ci/run`) a missing tool fails the test instead, so a
/// skip can never pass unseen in CI.
pub fn skip(why: &str) {
    if std::env::var_os("POLYPRESS_REQUIRE_TOOLS").is_some_and(|v| v != "0") {
        panic!("required tool missing (POLYPRESS_REQUIRE_TOOLS is set): {why}");
    }
    eprintln!("SKIP: {why}");
}

/// Whether `POLYPRESS_BLESS=1` asks the snapshot tests to rewrite their snapshots (any other
/// value, `0` included, compares).
pub fn blessing() -> bool {
    std::env::var_os("POLYPRESS_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the snapshot `tests/snapshots/<rel>`, or writes it when
/// [`blessing`]. On a difference, names the first line that differs.
pub fn snapshot(rel: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(rel);
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with POLYPRESS_BLESS=1 to write it)",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from its snapshot at line {}:\n  expected: {}\n  actual:   {}\n(run with POLYPRESS_BLESS=1 to accept, after reading the diff)\n--- actual\n{actual}",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>"),
        );
    }
}
