//! Drafts from the outside: prefill on the sample project, source edits that must not cost
//! human work, learn → prefill, and bad drafts that must change nothing.

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const CAJ: &str = "central-asia-japan-dialogue";

fn draft(p: &Project, slug: &str, lang: &str) -> Draft {
    Draft::parse(
        &p.read(&format!("sources/{slug}/{lang}.json")),
        std::path::Path::new("d"),
    )
    .unwrap()
}

#[test]
fn prefill_gives_exact_fuzzy_with_numbers_and_new_in_both_languages() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill"]).expect_code(0);
    for lang in ["tr", "ru"] {
        let d = draft(&p, CAJ, lang);
        let c = d.state_counts();
        assert!(
            c.new > 0 && c.fuzzy > 0 && c.translated > 0,
            "{lang}: new/fuzzy/translated = {c:?}"
        );
        let adapted = d
            .segments
            .iter()
            .find(|e| e.matched.as_ref().is_some_and(|m| !m.adapted.is_empty()))
            .expect("a match with adapted numbers");
        assert_eq!(adapted.state, State::Fuzzy);
        let exact = d
            .segments
            .iter()
            .find(|e| e.state == State::Translated)
            .unwrap();
        assert!(exact.matched.as_ref().unwrap().score >= 100);
        assert!(d
            .segments
            .iter()
            .filter(|e| e.state == State::New)
            .all(|e| e.target.is_empty()));
    }
    let d = draft(&p, CAJ, "tr");
    let e = d
        .segments
        .iter()
        .find(|e| {
            e.source
                .starts_with("Within the scope of this dialogue, 8 foreign")
        })
        .unwrap();
    assert!(
        e.target.contains("8 dışişleri bakanları toplantısı") && e.target.contains("15"),
        "{}",
        e.target
    );
}

#[test]
fn editing_the_source_keeps_human_work() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill", CAJ, "--to", "tr"]).expect_code(0);
    let mut d = draft(&p, CAJ, "tr");
    // A translator finishes three entries.
    let picks: Vec<usize> = d
        .segments
        .iter()
        .enumerate()
        .filter(|(_, e)| e.state == State::New)
        .map(|(i, _)| i)
        .take(3)
        .collect();
    for &i in &picks {
        d.segments[i].target = format!("İnsan çevirisi {i}");
        d.segments[i].state = State::Reviewed;
    }
    let edited_src = d.segments[picks[1]].source.clone();
    d.save(
        p.path(),
        std::path::Path::new(&format!("sources/{CAJ}/tr.json")),
    )
    .unwrap();
    // The author edits one of those sentences and inserts a new paragraph.
    let path = format!("sources/{CAJ}/en.md");
    let text = p.read(&path);
    let first_sentence = edited_src.split(' ').take(4).collect::<Vec<_>>().join(" ");
    assert!(text.contains(&first_sentence));
    let text = text.replacen(&first_sentence, &format!("{first_sentence} indeed"), 1);
    let text = text.replacen("\n\nThe “Central Asia+Japan Dialogue” was established", "\n\nA brand new paragraph was added here.\n\nThe “Central Asia+Japan Dialogue” was established", 1);
    p.write(&path, text);
    p.run(&["prefill", CAJ, "--to", "tr"]).expect_code(0);
    let d2 = draft(&p, CAJ, "tr");
    for &i in &[picks[0], picks[2]] {
        let e = d2
            .segments
            .iter()
            .find(|e| e.id == d.segments[i].id)
            .expect("unchanged segment keeps its entry");
        assert_eq!(e.state, State::Reviewed);
        assert_eq!(e.target, d.segments[i].target);
    }
    let edited = d2
        .segments
        .iter()
        .find(|e| e.previous_source.as_deref() == Some(edited_src.as_str()))
        .expect("edited entry keeps its old target");
    assert_eq!(edited.state, State::Fuzzy);
    assert_eq!(edited.target, d.segments[picks[1]].target);
    let new = d2
        .segments
        .iter()
        .find(|e| e.source == "A brand new paragraph was added here.")
        .unwrap();
    assert_eq!(new.state, State::New);
    // The reviewed translation of the sentence as it was is kept in the memory.
    let tmx = p.read("memory/project.tmx");
    assert!(tmx.contains(&d.segments[picks[1]].target), "{tmx}");
}

#[test]
fn learn_then_prefill_of_a_copy_fills_at_100() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill", CAJ, "--to", "tr"]).expect_code(0);
    let mut d = draft(&p, CAJ, "tr");
    for e in &mut d.segments {
        if !e.state.is_final() {
            e.target = format!("{} (tr)", e.source);
            e.state = State::Translated;
        }
    }
    d.save(
        p.path(),
        std::path::Path::new(&format!("sources/{CAJ}/tr.json")),
    )
    .unwrap();
    p.run(&["learn", CAJ]).expect_code(0);
    assert!(p
        .read("memory/project.tmx")
        .contains("<tmx version=\"1.4\">"));
    // A copy of the article under another slug: every segment comes back at 100 or 101.
    let copy = p.read(&format!("sources/{CAJ}/en.md"));
    p.write("sources/copy/en.md", copy);
    p.run(&["prefill", "copy", "--to", "tr"]).expect_code(0);
    let c = draft(&p, "copy", "tr");
    for e in &c.segments {
        assert_eq!(e.state, State::Translated, "{}", e.source);
        assert!(e.matched.as_ref().unwrap().score >= 100);
    }
    assert!(c
        .segments
        .iter()
        .any(|e| e.matched.as_ref().unwrap().kind == polypress::draft::MatchKind::Context));
    // Learning again changes nothing.
    let before = p.read("memory/project.tmx");
    p.run(&["learn", CAJ]).expect_code(0);
    assert_eq!(before, p.read("memory/project.tmx"));
}

#[test]
fn broken_draft_is_an_error_and_changes_nothing() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill", CAJ, "--to", "tr"]).expect_code(0);
    let path = format!("sources/{CAJ}/tr.json");
    let broken = p
        .read(&path)
        .replacen("\"target\": \"\",", "\"target\": \"\"", 1);
    assert_ne!(broken, p.read(&path));
    p.write(&path, &broken);
    let r = p.run(&["prefill", CAJ, "--to", "tr"]);
    r.expect_code(2);
    assert!(r.stderr.contains(&format!("{path}:")), "{}", r.stderr);
    assert!(r.stderr.contains("expected `,` or `}`"), "{}", r.stderr);
    assert_eq!(p.read(&path), broken, "the broken draft is left as it was");
}

#[test]
fn unknown_state_names_the_segment() {
    let p = Project::sample_without_drafts();
    p.run(&["prefill", CAJ, "--to", "ru"]).expect_code(0);
    let path = format!("sources/{CAJ}/ru.json");
    let d = draft(&p, CAJ, "ru");
    let id = d.segments[3].id.to_string();
    let text = p.read(&path);
    let at = text.find(&format!("\"id\": \"{id}\"")).unwrap();
    let state_at = at + text[at..].find("\"state\": \"").unwrap();
    let value_at = state_at + "\"state\": \"".len();
    let end = value_at + text[value_at..].find('"').unwrap();
    let mut broken = text.clone();
    broken.replace_range(value_at..end, "done");
    p.write(&path, &broken);
    let r = p.run(&["learn"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(&format!("segment `{id}`")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("unknown variant `done`"), "{}", r.stderr);
}

/// A newcomer's first commands on the sample (`prefill`, `learn`, `prefill` again) leave the
/// committed drafts byte for byte as they are: they are what prefill writes (glossary terms
/// included), so `git status` stays clean.
#[test]
fn sample_drafts_are_what_prefill_and_learn_leave() {
    let p = Project::sample();
    let root = common::repo();
    let drafts: Vec<String> = std::fs::read_dir(root.join("sources"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
        .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(drafts.len(), 6);
    // The glossary is part of the sample; prefill writes its hits into the drafts.
    common::copy_dir(&root.join("terms"), &p.path().join("terms"));
    for args in [&["prefill"][..], &["learn"], &["prefill", "--to", "tr"]] {
        p.run(args).expect_code(0);
        for rel in &drafts {
            let committed = std::fs::read_to_string(root.join(rel)).unwrap();
            assert!(
                p.read(rel) == committed,
                "`{}` rewrote {rel}",
                args.join(" ")
            );
        }
    }
}
