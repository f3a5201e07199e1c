//! `learn` never teaches the memory a broken translation and never drops a draft silently.

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const CAJ: &str = "central-asia-japan-dialogue";

#[test]
fn learn_refuses_entries_with_broken_placeholders() {
    let p = Project::sample();
    let rel = format!("sources/{CAJ}/tr.json");
    let mut d: Draft = serde_json::from_str(&p.read(&rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .find(|e| e.state.is_final() && e.source.contains("{1"))
        .expect("a finished entry with inline codes");
    let broken = e
        .target
        .replace("{1}", "")
        .replace("{/1}", "")
        .replace("{1/}", "")
        + " BROKEN";
    e.target = broken.clone();
    e.state = State::Reviewed;
    let id = e.id.clone();
    d.save(p.path(), std::path::Path::new(&rel)).unwrap();
    let r = p.run(&["learn"]);
    r.expect_code(0);
    assert!(
        r.stderr.contains(&format!("segment `{id}`")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not learnt"), "{}", r.stderr);
    assert!(!p.read("memory/project.tmx").contains("BROKEN"));
}

#[test]
fn learn_does_not_drop_a_draft_whose_header_disagrees_with_its_file_name() {
    let p = Project::sample();
    let rel = format!("sources/{CAJ}/tr.json");
    let text = p
        .read(&rel)
        .replacen("\"target_lang\": \"tr\"", "\"target_lang\": \"ru\"", 1);
    p.write(&rel, text);
    let r = p.run(&["learn"]);
    r.expect_code(2);
    assert!(r.stderr.contains(&rel), "{}", r.stderr);
    assert!(r.stderr.contains("target language `ru`"), "{}", r.stderr);
    assert!(r.stderr.contains("polypress prefill"), "{}", r.stderr);
    assert!(
        !p.path().join("memory/project.tmx").exists(),
        "nothing learnt"
    );
}

/// A control character XML cannot carry, typed into a draft by hand, is named by draft and
/// segment by every command that reads the draft, and never reaches a page or the memory.
#[test]
fn a_nul_in_a_draft_names_the_draft_and_segment() {
    let p = Project::sample();
    let rel = "sources/central-asia-japan-dialogue/tr.json";
    let mut d: Draft = serde_json::from_str(&p.read(rel)).unwrap();
    d.segments[3].target.push_str("\u{0}x");
    let id = d.segments[3].id.to_string();
    p.write(rel, d.to_json());
    for cmd in [&["learn"][..], &["build"], &["check"]] {
        let r = p.run(cmd);
        r.expect_code(2);
        assert!(
            r.stderr
                .contains(&format!("{rel}: segment `{id}`: the target holds U+0000")),
            "{cmd:?}: {}",
            r.stderr
        );
    }
    assert!(!p.path().join("memory/project.tmx").exists());
    assert!(!p.path().join("output").exists());
}
