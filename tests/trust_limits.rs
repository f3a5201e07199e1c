//! Resource limits: a segment longer than `MAX_SEGMENT_BYTES` (16 KiB) is a clear error naming
//! the file and line, not minutes of fuzzy matching; one just under the limit, with a near twin
//! in the memory, is pre-filled without hanging. (The nesting limit is tested with the source
//! parser, the index cache with the memory.)

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Project;
use polypress::source::MAX_SEGMENT_BYTES;

/// Runs polypress in `p` and kills it after `limit`: (exit code, stderr), or a panic on a hang.
fn run_bounded(p: &Project, args: &[&str], limit: Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("-C")
        .arg(p.path())
        .args(args)
        .current_dir(p.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`polypress {}` still running after {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A sentence of about `bytes` bytes: words and spaces, no sentence end inside.
fn sentence(bytes: usize, seed: u64) -> String {
    let words = [
        "corridor", "trade", "route", "Caspian", "port", "rail", "and", "new",
    ];
    let mut s = String::from("Start");
    let mut x = seed;
    while s.len() < bytes {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push(' ');
        s.push_str(words[(x >> 33) as usize % words.len()]);
    }
    s.push('.');
    s
}

fn project(sentence: &str) -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write(
        "sources/a/en.md",
        format!("+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A\"\n+++\n\nA short one.\n\n{sentence}\n"),
    );
    p
}

#[test]
fn a_segment_over_the_limit_is_a_clear_error_for_every_command() {
    let p = project(&sentence(MAX_SEGMENT_BYTES + 100, 1));
    for args in [
        &["prefill"][..],
        &["check"],
        &["build"],
        &["analyze"],
        &["segment", "sources/a/en.md"],
    ] {
        let (code, err) = run_bounded(&p, args, Duration::from_secs(120));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("sources/a/en.md:10"),
            "{args:?} names file and line: {err}"
        );
        assert!(
            err.contains(&format!("expected at most {MAX_SEGMENT_BYTES}")),
            "{args:?}: {err}"
        );
    }
    assert!(
        !p.path().join("sources/a/tr.json").exists(),
        "nothing written"
    );
}

#[test]
fn a_segment_under_the_limit_with_a_near_twin_in_memory_is_prefilled() {
    let long = sentence(MAX_SEGMENT_BYTES - 200, 2);
    let p = project(&long);
    // A memory entry nearly the same: the fuzzy match has to compare the two in full.
    let twin = long.replacen("corridor", "corridors", 20);
    p.write(
        "in.tmx",
        format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"en\"><seg>{twin}</seg></tuv><tuv xml:lang=\"tr\"><seg>TR {twin}</seg></tuv></tu></body></tmx>\n"),
    );
    p.run(&["tm", "import", "in.tmx"]).expect_code(0);
    let (code, err) = run_bounded(&p, &["prefill"], Duration::from_secs(300));
    assert_eq!(code, 0, "{err}");
    let draft = p.read("sources/a/tr.json");
    assert!(
        draft.contains("\"fuzzy\""),
        "the near twin is used as a fuzzy match"
    );
}
