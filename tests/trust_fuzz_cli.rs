//! The binary under mutated input: real files (an article, a TMX, XLIFF 1.2 and 2.0, a draft,
//! `polypress.toml`) are mutated the way a byte-level fuzzer does and fed to the commands that
//! read them. Every run must end within a time limit with exit code 0, 1 or 2, never a panic
//! (exit 101, or "panicked" on stderr), a signal, or a hang.
//!
//! `cargo test --test trust_fuzz_cli` checks the binary it builds (debug); `cargo test --release
//! --test trust_fuzz_cli` the release one. Bounded for CI (POLYPRESS_FUZZ_CASES runs per input
//! kind, default 12); a longer run: `POLYPRESS_FUZZ_CASES=500 cargo test --release --test
//! trust_fuzz_cli`. The in-process fuzzers are `tests/trust_fuzz.rs` (proptest) and `fuzz/`
//! (cargo-fuzz, libFuzzer).

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Project;

const CAJ: &str = "central-asia-japan-dialogue";
/// Far above any run on these small inputs, even on a loaded machine: only a hang reaches it.
const LIMIT: Duration = Duration::from_secs(120);

fn cases() -> usize {
    std::env::var("POLYPRESS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// xorshift64*: the same mutations on every run, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens a structure-aware fuzzer would splice in: markup, entities, quotes, control bytes.
const DICT: &[&[u8]] = &[
    b"<",
    b">",
    b"</seg>",
    b"<bpt i=\"1\">",
    b"<ept>",
    b"<ph/>",
    b"&amp;",
    b"&#0;",
    b"&bogus;",
    b"]]>",
    b"\"",
    b"{1}",
    b"{/1}",
    b"{2/}",
    b"[1]",
    b"\n\n",
    b"- - - - ",
    b"> > > ",
    b"+++",
    b"= ",
    b"[[",
    b"\0",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
];

/// 1 to 8 edits: overwrite, insert, delete or duplicate a run, or splice in a dictionary token.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        let n = 1 + rng.below(64);
        match rng.below(5) {
            0 if at < b.len() => b[at] = rng.next() as u8,
            1 => b.insert(at, rng.next() as u8),
            2 => {
                let end = (at + n).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let end = (at + n).min(b.len());
                let run = b[at..end].to_vec();
                b.splice(at..at, run);
            }
            _ => {
                let tok = DICT[rng.below(DICT.len())];
                b.splice(at..at, tok.iter().copied());
            }
        }
    }
    b
}

/// Runs the binary in `p`; panics on a hang, a signal, an exit code other than 0/1/2 or a
/// panic message, naming the input kind, the case and the saved input.
fn run_checked(p: &Project, args: &[&str], what: &str, case: usize, input: &[u8]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("-C")
        .arg(p.path())
        .args(args)
        .current_dir(p.path())
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        use std::io::Read;
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let err = reader.join().unwrap();
    let keep = || {
        let dir = common::repo().join("target/fuzz-cli-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(format!("{what}-{case}"));
        std::fs::write(&f, input).unwrap();
        f.display().to_string()
    };
    let Some(status) = status else {
        panic!(
            "{what} case {case}: `polypress {}` hung (over {LIMIT:?}); input kept in {}",
            args.join(" "),
            keep()
        );
    };
    let code = status.code();
    if !matches!(code, Some(0..=2)) || err.contains("panicked") {
        panic!(
            "{what} case {case}: `polypress {}` exited {code:?}:\n{err}\ninput kept in {}",
            args.join(" "),
            keep()
        );
    }
}

/// For each case: a fresh sample project, `rel` replaced by a mutation of it, then `commands`.
fn fuzz(what: &str, rel: &str, seed: &[u8], commands: &[&[&str]], salt: u64) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ salt);
    for case in 0..cases() {
        let p = Project::sample();
        let input = mutate(seed, &mut rng);
        p.write(rel, &input);
        for args in commands {
            run_checked(&p, args, what, case, &input);
        }
    }
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(common::repo().join(rel)).unwrap()
}

#[test]
fn mutated_article_through_the_binary() {
    let rel = format!("sources/{CAJ}/en.md");
    fuzz(
        "article",
        &rel,
        &sample(&rel),
        &[
            &["segment", &rel],
            &["check", "--warn-only"],
            &["prefill"],
            &["build"],
        ],
        1,
    );
}

#[test]
fn mutated_tmx_through_the_binary() {
    fuzz(
        "tmx",
        "in.tmx",
        &sample("memory/earlier-articles.tmx"),
        &[
            &["tm", "import", "in.tmx"],
            &["tm", "stats"],
            &[
                "tm",
                "lookup",
                "Japan, especially recently",
                "--from",
                "en",
                "--to",
                "tr",
            ],
            &["tm", "export", "out.tmx"],
        ],
        2,
    );
}

#[test]
fn mutated_tmx_in_the_memory_through_the_binary() {
    fuzz(
        "memory-tmx",
        "memory/earlier-articles.tmx",
        &sample("memory/earlier-articles.tmx"),
        &[&["prefill"], &["tm", "stats", "--skip-bad"]],
        3,
    );
}

#[test]
fn mutated_xliff_through_the_binary() {
    let p = Project::sample();
    for (version, salt) in [("2.0", 4), ("1.2", 5)] {
        p.run(&[
            "export",
            "xliff",
            "--to",
            "tr",
            "--version",
            version,
            "-o",
            "x.xlf",
            CAJ,
        ])
        .expect_code(0);
        let seed = std::fs::read(p.path().join("x.xlf")).unwrap();
        fuzz(
            &format!("xliff-{version}"),
            "x.xlf",
            &seed,
            &[
                &["import", "xliff", "--dry-run", "x.xlf"],
                &["import", "xliff", "x.xlf"],
            ],
            salt,
        );
    }
}

#[test]
fn mutated_draft_through_the_binary() {
    let rel = format!("sources/{CAJ}/tr.json");
    fuzz(
        "draft",
        &rel,
        &sample(&rel),
        &[
            &["check", "--warn-only"],
            &["build"],
            &["learn"],
            &["export", "xliff", "--to", "tr", "-o", "x.xlf", CAJ],
        ],
        6,
    );
}

#[test]
fn mutated_config_through_the_binary() {
    fuzz(
        "config",
        "polypress.toml",
        &sample("polypress.toml"),
        &[&["check", "--warn-only"], &["prefill", "--dry-run"]],
        7,
    );
}
