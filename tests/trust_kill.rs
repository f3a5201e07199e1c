//! The kill harness: writing commands are killed (SIGKILL) at random moments on a generated
//! project, and after every kill each draft and each TMX file still parses, every translated
//! or reviewed text from before the run is still in a draft or in the memory, and `output/`
//! is a whole build. Bounded for CI (POLYPRESS_KILL_TRIALS kills per command, default 20);
//! run longer with e.g. `POLYPRESS_KILL_TRIALS=200 cargo test --test trust_kill`.
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Project;
use polypress::draft::{Draft, State};
use polypress::memory::{LoadOptions, Memory};

const ARTICLES: usize = 12;
const PARAGRAPHS: usize = 6;

/// A small deterministic generator (xorshift64*): the same trials on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn trials() -> usize {
    std::env::var("POLYPRESS_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn article(a: usize, paragraphs: &[usize]) -> String {
    let mut s = format!(
        "+++\ntitle = \"Article {a}\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A\"\n+++\n"
    );
    for &p in paragraphs {
        s.push('\n');
        for k in 0..4 {
            s.push_str(&format!(
                "Sentence {k} of paragraph {p} in article {a} describes the corridor. "
            ));
        }
        s.push('\n');
    }
    s
}

fn generate() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    for a in 0..ARTICLES {
        let all: Vec<usize> = (0..PARAGRAPHS).collect();
        p.write(&format!("sources/a{a:02}/en.md"), article(a, &all));
    }
    p.run(&["prefill"]).expect_code(0);
    // A translator finishes two entries in three.
    for a in 0..ARTICLES {
        let rel = format!("sources/a{a:02}/tr.json");
        let mut d = Draft::load(p.path(), Path::new(&rel)).unwrap().unwrap();
        for (i, e) in d.segments.iter_mut().enumerate() {
            if i % 3 != 2 {
                e.target = format!("TR {}", e.source);
                e.state = if i % 2 == 0 {
                    State::Reviewed
                } else {
                    State::Translated
                };
            }
        }
        d.save(p.path(), Path::new(&rel)).unwrap();
    }
    p
}

/// Every draft parses; returns all their targets and their finished targets.
fn drafts(p: &Project) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut all, mut finished) = (BTreeSet::new(), BTreeSet::new());
    for a in 0..ARTICLES {
        let rel = format!("sources/a{a:02}/tr.json");
        let d = Draft::load(p.path(), Path::new(&rel))
            .unwrap_or_else(|e| panic!("{rel} does not parse after a kill: {e}"));
        for e in d.into_iter().flat_map(|d| d.segments) {
            if e.state.is_final() {
                finished.insert(e.target.clone());
            }
            all.insert(e.target);
        }
    }
    (all, finished)
}

/// Every TMX parses; returns the text of every variant.
fn memory_texts(p: &Project) -> BTreeSet<String> {
    let memory = Memory::load(&p.path().join("memory"), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("the memory does not parse after a kill: {e}"));
    let tmx: String = polypress::fsx::walk_files(&p.path().join("memory"), "tmx")
        .unwrap()
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let _ = memory;
    // Texts are plain ASCII sentences: their TMX form is the text itself.
    tmx.split("<seg>")
        .skip(1)
        .filter_map(|s| s.split("</seg>").next())
        .map(str::to_string)
        .collect()
}

fn output_is_whole(p: &Project) {
    let out = p.path().join("output");
    let Ok(list) = std::fs::read_to_string(out.join(".polypress-files")) else {
        return;
    };
    for f in list.lines() {
        assert!(
            out.join(f).is_file(),
            "output/{f} is listed but missing: a half build"
        );
    }
}

fn spawn(p: &Project, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("-C")
        .arg(p.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn full_run(p: &Project, args: &[&str]) -> Duration {
    let t = Instant::now();
    let status = spawn(p, args).wait().unwrap();
    assert!(status.success(), "{args:?} on the generated project");
    t.elapsed()
}

/// Kills `args` at random moments; `between` changes the project before each trial.
fn harness(args: &[&str], seed: u64, between: &dyn Fn(&Project, &mut Rng)) {
    let p = generate();
    let mut rng = Rng(seed);
    let full = full_run(&p, args);
    let mut killed = 0;
    for _ in 0..trials() {
        between(&p, &mut rng);
        let (_, before) = drafts(&p);
        let before_mem = memory_texts(&p);
        let mut child = spawn(&p, args);
        let at = Duration::from_micros(rng.below(full.as_micros() as u64 + 1));
        std::thread::sleep(at);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let (all, _) = drafts(&p);
        let mem = memory_texts(&p);
        for t in before.iter().chain(&before_mem) {
            assert!(
                all.contains(t) || mem.contains(t),
                "{args:?} killed after {at:?}: `{t}` is in no draft and not in the memory"
            );
        }
        output_is_whole(&p);
    }
    assert!(
        killed > 0,
        "{args:?}: no trial killed the command mid-run (full run {full:?})"
    );
}

/// Removes one paragraph of one article (its finished entries must move to the memory).
fn remove_paragraph(p: &Project, rng: &mut Rng) {
    let a = rng.below(ARTICLES as u64) as usize;
    let rel = format!("sources/a{a:02}/en.md");
    let text = p.read(&rel);
    let kept: Vec<usize> = (0..PARAGRAPHS)
        .filter(|k| text.contains(&format!("of paragraph {k} in")))
        .collect();
    if kept.len() > 1 {
        let drop = kept[rng.below(kept.len() as u64) as usize];
        let rest: Vec<usize> = kept.into_iter().filter(|&k| k != drop).collect();
        p.write(&rel, article(a, &rest));
    }
}

#[test]
fn prefill_killed_at_random_moments_loses_no_finished_translation() {
    harness(&["prefill"], 0x5eed_0001, &remove_paragraph);
}

#[test]
fn learn_killed_at_random_moments_leaves_a_parsable_memory() {
    harness(&["learn"], 0x5eed_0002, &|p, rng| {
        // New finished work to learn each time.
        let a = rng.below(ARTICLES as u64) as usize;
        let rel = format!("sources/a{a:02}/tr.json");
        let mut d = Draft::load(p.path(), Path::new(&rel)).unwrap().unwrap();
        if let Some(e) = d.segments.iter_mut().find(|e| !e.state.is_final()) {
            e.target = format!("TR2 {}", e.source);
            e.state = State::Translated;
        }
        d.save(p.path(), Path::new(&rel)).unwrap();
    });
}

#[test]
fn build_killed_at_random_moments_leaves_output_whole() {
    harness(&["build"], 0x5eed_0003, &|p, rng| {
        remove_paragraph(p, rng);
    });
}

#[test]
fn two_prefills_at_once_lose_nothing() {
    let p = generate();
    let mut rng = Rng(7);
    for _ in 0..3 {
        remove_paragraph(&p, &mut rng);
        remove_paragraph(&p, &mut rng);
        let (_, before) = drafts(&p);
        let a = spawn(&p, &["prefill"]);
        let b = spawn(&p, &["learn"]);
        let c = spawn(&p, &["prefill"]);
        for mut ch in [a, b, c] {
            assert!(ch.wait().unwrap().success());
        }
        let (all, _) = drafts(&p);
        let mem = memory_texts(&p);
        for t in &before {
            assert!(
                all.contains(t) || mem.contains(t),
                "`{t}` lost by concurrent writers"
            );
        }
    }
}

#[test]
fn two_learns_at_once_learn_everything() {
    let p = generate();
    let (_, finished) = drafts(&p);
    let kids: Vec<_> = (0..3).map(|_| spawn(&p, &["learn"])).collect();
    for mut k in kids {
        assert!(k.wait().unwrap().success());
    }
    let mem = memory_texts(&p);
    let missing: Vec<_> = finished.iter().filter(|t| !mem.contains(*t)).collect();
    assert!(
        missing.is_empty(),
        "{} finished entries not learnt: {:?}",
        missing.len(),
        &missing[..missing.len().min(3)]
    );
}
