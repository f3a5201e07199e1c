//! Two writers at once lose nothing: `tm import` and `align` run side by side (and beside
//! `prefill`) and every TU and every aligned translation is there afterwards; a writer that
//! finds the project locked waits with a message, or with `--no-wait` exits 2 saying why and
//! writes nothing.

mod common;

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use common::Project;
use polypress::draft::Draft;
use polypress::lock::{ProjectLock, Wait};

const CAJ: &str = "central-asia-japan-dialogue";
const LOCKED: &str = "another polypress command is writing this project";

fn spawn(p: &Project, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("-C")
        .arg(p.path())
        .args(args)
        .current_dir(p.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> Output {
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A TMX with `n` English-Turkish TUs whose texts all start with `tag`.
fn tmx(tag: &str, n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>{tag} sentence {i} about the corridor and its ports.</seg></tuv><tuv xml:lang=\"tr\"><seg>{tag} cümlesi {i}, koridor ve limanları üzerine.</seg></tuv></tu>\n"
        ));
    }
    s.push_str("</body>\n</tmx>\n");
    s
}

fn project_with_tmx(files: &[(&str, usize)]) -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write(
        "sources/a/en.md",
        "+++\ntitle = \"A\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A\"\n+++\n\nOne sentence.\n",
    );
    for (tag, n) in files {
        p.write(&format!("in/{tag}.tmx"), tmx(tag, *n));
    }
    p
}

/// Every TU of `tag` is in `memory/project.tmx`.
fn all_there(p: &Project, tag: &str, n: usize) {
    let mem = p.read("memory/project.tmx");
    let missing: Vec<usize> = (0..n)
        .filter(|i| !mem.contains(&format!("{tag} cümlesi {i},")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} TUs of {tag} lost, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[test]
fn two_tm_imports_at_once_keep_every_tu() {
    const N: usize = 2000;
    let p = project_with_tmx(&[("Alpha", N), ("Beta", N), ("Gamma", N)]);
    for round in 0..2 {
        let kids: Vec<Child> = ["Alpha", "Beta", "Gamma"]
            .iter()
            .map(|t| spawn(&p, &["tm", "import", &format!("in/{t}.tmx")]))
            .collect();
        for k in kids {
            finish(k);
        }
        for t in ["Alpha", "Beta", "Gamma"] {
            all_there(&p, t, N);
        }
        // A repeat import merges: the second round adds no duplicate.
        let mem = p.read("memory/project.tmx");
        let tus = mem.matches("<tu>").count() + mem.matches("<tu ").count();
        assert_eq!(tus, 3 * N, "round {round}");
    }
}

#[test]
fn tm_import_waits_for_the_lock_or_fails_at_once_with_no_wait() {
    let p = project_with_tmx(&[("Alpha", 50)]);
    let held = ProjectLock::acquire(p.path(), Wait::NoWait, &|_| {}).unwrap();
    let r = p.run(&["--no-wait", "tm", "import", "in/Alpha.tmx"]);
    r.expect_code(2);
    assert!(r.stderr.contains(LOCKED), "{}", r.stderr);
    assert!(
        !p.path().join("memory/project.tmx").exists(),
        "nothing written"
    );
    let waiting = spawn(&p, &["tm", "import", "in/Alpha.tmx"]);
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(
        !p.path().join("memory/project.tmx").exists(),
        "the waiting import has not written yet"
    );
    drop(held);
    let out = finish(waiting);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("waiting for another polypress command"),
        "{stderr}"
    );
    all_there(&p, "Alpha", 50);
}

/// The sample project without drafts, the legacy translations of one article beside it.
fn align_project() -> Project {
    let p = Project::sample_without_drafts();
    for lang in ["tr", "ru"] {
        let legacy = common::repo().join(format!("tests/fixtures/legacy/{CAJ}/{lang}.md"));
        p.write(&format!("legacy/{lang}.md"), std::fs::read(legacy).unwrap());
    }
    p
}

/// (id, target) of every translated or reviewed entry of a draft.
fn finished(p: &Project, lang: &str) -> Vec<(String, String)> {
    let rel = format!("sources/{CAJ}/{lang}.json");
    let d = Draft::load(p.path(), Path::new(&rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .unwrap_or_else(|| panic!("{rel} was not written"));
    d.segments
        .into_iter()
        .filter(|e| e.state.is_final())
        .map(|e| (e.id.0, e.target))
        .collect()
}

#[test]
fn aligns_and_a_prefill_at_once_lose_no_aligned_translation() {
    // What each align writes when it runs alone.
    let alone = align_project();
    let mut want = Vec::new();
    for lang in ["tr", "ru"] {
        alone
            .run(&["align", CAJ, &format!("legacy/{lang}.md")])
            .expect_code(0);
        let f = finished(&alone, lang);
        assert!(
            f.len() > 20,
            "{lang}: the alignment translates most segments"
        );
        want.push((lang, f));
    }
    for round in 0..2 {
        let p = align_project();
        // The same draft twice, the other language, and a prefill that rewrites every draft.
        let mut kids = vec![
            spawn(&p, &["align", CAJ, "legacy/tr.md"]),
            spawn(&p, &["prefill"]),
            spawn(&p, &["align", CAJ, "legacy/ru.md"]),
            spawn(&p, &["align", CAJ, "legacy/tr.md"]),
        ];
        if round == 1 {
            kids.reverse();
        }
        for k in kids {
            finish(k);
        }
        for (lang, f) in &want {
            let got = finished(&p, lang);
            let lost: Vec<_> = f.iter().filter(|e| !got.contains(e)).collect();
            assert!(
                lost.is_empty(),
                "round {round}: {} aligned `{lang}` entries lost, e.g. {:?}",
                lost.len(),
                lost.first()
            );
        }
    }
}

#[test]
fn align_fails_at_once_with_no_wait_while_another_writer_runs() {
    let p = align_project();
    let held = ProjectLock::acquire(p.path(), Wait::NoWait, &|_| {}).unwrap();
    let r = p.run(&["--no-wait", "align", CAJ, "legacy/tr.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains(LOCKED), "{}", r.stderr);
    assert!(!p.path().join(format!("sources/{CAJ}/tr.json")).exists());
    // A dry run reads only: it never waits for the lock.
    p.run(&["--no-wait", "align", "--dry-run", CAJ, "legacy/tr.md"])
        .expect_code(0);
    drop(held);
    p.run(&["--no-wait", "align", CAJ, "legacy/tr.md"])
        .expect_code(0);
    assert!(!finished(&p, "tr").is_empty());
}

/// The file tree under `dir`, as (relative path, bytes), sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn two_builds_at_once_leave_one_whole_output() {
    let p = Project::sample();
    finish(spawn(&p, &["build"]));
    let once = tree(&p.path().join("output"));
    for _ in 0..3 {
        let kids: Vec<Child> = (0..2).map(|_| spawn(&p, &["build"])).collect();
        for k in kids {
            finish(k);
        }
        assert!(tree(&p.path().join("output")) == once, "output differs");
        let stray: Vec<_> = std::fs::read_dir(p.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("output") && n != "output")
            .collect();
        assert!(stray.is_empty(), "staging folders left: {stray:?}");
    }
}

#[test]
fn two_terms_imports_at_once_keep_both_glossaries() {
    let p = Project::sample();
    p.write("a.csv", "id,en,tr\nalpha-port,Alpha port,Alfa limanı\n");
    p.write("b.csv", "id,en,tr\nbeta-port,Beta port,Beta limanı\n");
    for _ in 0..3 {
        let kids: Vec<Child> = ["a.csv", "b.csv"]
            .iter()
            .map(|f| spawn(&p, &["terms", "import", f]))
            .collect();
        for k in kids {
            finish(k);
        }
        let run = p.run(&["terms", "list"]);
        assert!(
            run.stdout.contains("Alfa limanı") && run.stdout.contains("Beta limanı"),
            "{}",
            run.stdout
        );
    }
}
