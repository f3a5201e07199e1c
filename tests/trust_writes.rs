//! Human work is never lost: the order prefill writes in, the project lock, symlinked project
//! folders. Each test is named for the behaviour it keeps.

mod common;

use common::Project;
use polypress::draft::Draft;
use polypress::lock::{ProjectLock, Wait};

const CAJ: &str = "central-asia-japan-dialogue";

fn finished_texts(p: &Project) -> Vec<String> {
    let d = Draft::load(
        p.path(),
        std::path::Path::new(&format!("sources/{CAJ}/tr.json")),
    )
    .unwrap()
    .unwrap();
    d.segments
        .iter()
        .filter(|e| e.state.is_final())
        .map(|e| e.target.clone())
        .collect()
}

#[test]
fn prefill_with_unwritable_memory_changes_no_draft() {
    let p = Project::sample();
    let rel = format!("sources/{CAJ}/tr.json");
    let before = p.read(&rel);
    // Delete a paragraph whose translation is finished: prefill must keep it in the memory.
    let src = p.read(&format!("sources/{CAJ}/en.md"));
    let d: Draft = serde_json::from_str(&before).unwrap();
    let gone = d
        .segments
        .iter()
        .find(|e| e.state.is_final() && src.contains(&e.source) && !e.source.contains('{'))
        .expect("a finished plain entry")
        .clone();
    p.write(
        &format!("sources/{CAJ}/en.md"),
        src.replacen(&gone.source, "", 1),
    );
    // memory/project.tmx cannot be replaced: a folder stands in its way (as root, a read-only
    // mode would not stop the write).
    std::fs::create_dir_all(p.path().join("memory/project.tmx")).unwrap();
    let r = p.run(&["prefill", CAJ, "--to", "tr"]);
    r.expect_code(2);
    assert!(r.stderr.contains("project.tmx"), "{}", r.stderr);
    assert!(r.stderr.contains("no draft was changed"), "{}", r.stderr);
    assert_eq!(
        p.read(&rel),
        before,
        "the draft still holds the finished entry"
    );
    // Once the memory can be written, the entry moves there before the draft drops it.
    std::fs::remove_dir(p.path().join("memory/project.tmx")).unwrap();
    p.run(&["prefill", CAJ, "--to", "tr"]).expect_code(0);
    assert!(!finished_texts(&p).contains(&gone.target));
    let tmx = p.read("memory/project.tmx");
    assert!(tmx.contains(&polypress_xml_escape(&gone.target)), "{tmx}");
}

fn polypress_xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn second_writer_fails_with_no_wait_and_readers_never_wait() {
    let p = Project::sample();
    let held = ProjectLock::acquire(p.path(), Wait::NoWait, &|_| {}).unwrap();
    for args in [
        &["--no-wait", "learn"][..],
        &["--no-wait", "prefill"],
        &["--no-wait", "build"],
        &["--no-wait", "import", "xliff", "x.xlf"],
        &["--no-wait", "align", "central-asia-japan-dialogue", "tr.md"],
        &["--no-wait", "tm", "import", "x.tmx"],
        &["--no-wait", "tm", "pull"],
        &["--no-wait", "terms", "import", "x.csv"],
    ] {
        let r = p.run(args);
        r.expect_code(2);
        assert!(
            r.stderr
                .contains("another polypress command is writing this project"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // Read-only commands and dry runs run while a writer holds the lock.
    p.run(&["--no-wait", "check", "--warn-only"]);
    let r = p.run(&["--no-wait", "prefill", "--dry-run"]);
    r.expect_code(0);
    for args in [
        &["--no-wait", "analyze"][..],
        &[
            "--no-wait",
            "segment",
            "sources/central-asia-japan-dialogue/en.md",
        ],
        &["--no-wait", "tm", "stats"],
        &[
            "--no-wait",
            "tm",
            "lookup",
            "Notes",
            "--from",
            "en",
            "--to",
            "tr",
        ],
        &[
            "--no-wait",
            "export",
            "xliff",
            "central-asia-japan-dialogue",
            "--to",
            "tr",
        ],
    ] {
        let r = p.run(args);
        r.expect_code(0);
        assert!(!r.stderr.contains("another polypress command"), "{args:?}");
    }
    drop(held);
    p.run(&["--no-wait", "learn"]).expect_code(0);
}

#[test]
fn second_writer_waits_with_a_message() {
    let p = Project::sample();
    let held = ProjectLock::acquire(p.path(), Wait::NoWait, &|_| {}).unwrap();
    let bin = env!("CARGO_BIN_EXE_polypress");
    let child = std::process::Command::new(bin)
        .arg("-C")
        .arg(p.path())
        .arg("learn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    drop(held);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("waiting for another polypress command"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn symlinked_project_folders_are_refused_with_the_path() {
    for (what, args) in [
        ("sources/a", &["prefill"][..]),
        ("memory", &["learn"][..]),
        ("output", &["build"][..]),
    ] {
        let p = Project::sample();
        let outside = tempfile::tempdir().unwrap();
        let link = p.path().join(what);
        if what == "sources/a" {
            common::copy_dir(&p.path().join(format!("sources/{CAJ}")), outside.path());
            std::fs::remove_dir_all(p.path().join(format!("sources/{CAJ}"))).unwrap();
        } else if link.exists() {
            common::copy_dir(&link, outside.path());
            std::fs::remove_dir_all(&link).unwrap();
        }
        std::os::unix::fs::symlink(outside.path(), &link).unwrap();
        let before = std::fs::read_dir(outside.path()).unwrap().count();
        let r = p.run(args);
        r.expect_code(2);
        assert!(r.stderr.contains("symbolic link"), "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains(&link.display().to_string()),
            "{what}: {}",
            r.stderr
        );
        let after = std::fs::read_dir(outside.path()).unwrap().count();
        assert_eq!(before, after, "{what}: nothing written through the link");
    }
}

#[test]
fn stale_temp_files_are_cleaned_by_the_next_writer() {
    let p = Project::sample();
    p.write(&format!("sources/{CAJ}/.tr.json.0.tmp"), "{half");
    p.write("memory/.project.tmx.0.tmp", "<tmx");
    p.run(&["learn"]).expect_code(0);
    assert!(!p
        .path()
        .join(format!("sources/{CAJ}/.tr.json.0.tmp"))
        .exists());
    assert!(!p.path().join("memory/.project.tmx.0.tmp").exists());
    // State of the finished entries is untouched by the cleaning.
    assert!(finished_texts(&p).iter().all(|t| !t.is_empty()));
}

#[test]
fn commands_outside_any_project_exit_2_naming_where_they_looked() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["check", "prefill", "analyze", "learn", "build"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg(cmd)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {stderr}");
        assert!(stderr.contains("no project found"), "{cmd}: {stderr}");
        assert!(
            stderr.contains(&dir.path().display().to_string()),
            "{cmd}: {stderr}"
        );
    }
    assert!(!dir.path().join("memory").exists(), "learn created nothing");
}

#[test]
fn build_shows_a_broken_segment_in_the_source_language_and_builds_the_rest() {
    let p = Project::sample();
    let rel = format!("sources/{CAJ}/tr.json");
    let mut d: Draft = serde_json::from_str(&p.read(&rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .find(|e| e.state.is_final() && e.source.contains("{1"))
        .unwrap();
    let id = e.id.clone();
    e.target = "Yer tutucular kayboldu.".into();
    d.save(p.path(), std::path::Path::new(&rel)).unwrap();
    let r = p.run(&["build"]);
    r.expect_code(1);
    assert!(
        r.stderr.contains(&format!("segment `{id}`")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("broken placeholders"), "{}", r.stderr);
    // Every edition was built; the broken segment is not shown.
    let page = p.read(&format!("output/tr/{CAJ}/index.html"));
    assert!(!page.contains("Yer tutucular kayboldu."));
    for other in [
        "middle-corridor-trans-caspian-route",
        "organization-of-turkic-states-samarkand-summit",
    ] {
        assert!(p
            .path()
            .join(format!("output/tr/{other}/index.html"))
            .is_file());
    }
}

#[test]
fn prefill_dry_run_names_new_drafts_as_new() {
    let p = Project::sample_without_drafts();
    let r = p.run(&["prefill", "--dry-run", CAJ, "--to", "tr"]);
    r.expect_code(0);
    assert!(r.stdout.contains("(new, would be created)"), "{}", r.stdout);
    assert!(!r.stdout.contains("(unchanged)"), "{}", r.stdout);
    assert!(!p.path().join(format!("sources/{CAJ}/tr.json")).exists());
}

#[test]
fn lookup_from_a_language_into_itself_is_refused() {
    let p = Project::sample();
    let r = p.run(&["tm", "lookup", "Japan", "--from", "en", "--to", "en"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("expected two different languages"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_target_prefill_writes_is_buildable() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill"]).expect_code(0);
    let mut checked = 0;
    for dir in std::fs::read_dir(p.path().join("sources")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let d: polypress::draft::Draft =
                serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            for e in d.segments.iter().filter(|e| !e.target.is_empty()) {
                polypress::draft::check_placeholders(&e.source, &e.target).unwrap_or_else(|m| {
                    panic!("{}: `{}` → `{}`: {m}", f.display(), e.source, e.target)
                });
                checked += 1;
            }
        }
    }
    assert!(
        checked > 10,
        "prefill filled entries from the memory ({checked})"
    );
    let r = p.run(&["build", "--allow-fuzzy"]);
    assert!(
        r.code == 0 || r.code == 1,
        "build --allow-fuzzy: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("placeholder"), "{}", r.stderr);
}
