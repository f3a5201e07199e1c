//! `polypress segment --explain` names the rule or evidence behind every candidate boundary, and
//! `segment` warns about paragraphs whose leading ordinal CommonMark turns into a list marker.

mod common;

use common::Project;

#[test]
fn explain_prints_each_candidate_with_its_decision_and_reason() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--plain", "--lang", "tr", "--explain"],
        Some("Katılımcı sayısı 40. Oturum yarın. Prof. Dr. Ayşe Kaya 9. Dışişleri toplantısına katıldı.".as_bytes()),
    );
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    assert!(
        lines[0].contains("40.|Oturum") && lines[0].contains("break"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("count word"), "{}", lines[0]);
    assert!(
        lines[2].contains("Prof.|Dr.") && lines[2].contains("keep"),
        "{}",
        lines[2]
    );
    assert!(
        lines[4].contains("9.|Dışişleri") && lines[4].contains("ordinal"),
        "{}",
        lines[4]
    );
}

#[test]
fn explain_shows_the_corpus_evidence_for_lower_case_starts() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--plain", "--lang", "en", "--explain"],
        Some(b"the meeting ended late. everyone went home. it costs approx. half."),
    );
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(
        lines[0].contains("break") && lines[0].contains("lower case"),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].contains("approx.|half") && lines[2].contains("keep"),
        "{}",
        lines[2]
    );
}

#[test]
fn ordinal_paragraph_warns_with_file_line_and_fix() {
    let p = Project::empty();
    p.write(
        "sources/zirve/tr.md",
        "+++\ntitle = \"Zirve\"\nlang = \"tr\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n\nGiriş.\n\n9. Zirve Bakü'de yapıldı.\n\n10\\. Zirve Astana'da yapılacak.\n",
    );
    for args in [
        &["segment", "sources/zirve/tr.md"][..],
        &["prefill"][..],
        &["check", "--warn-only"][..],
    ] {
        let r = p.run(args);
        assert!(
            r.stderr.contains("sources/zirve/tr.md:10:1: `9.`")
                && r.stderr.contains("write `9\\.`"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("`10.`"), "{}", r.stderr);
    }
}

#[test]
fn explain_names_the_initialism_and_title_evidence() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--plain", "--lang", "en", "--explain"],
        Some(b"Talks with the E.U. Officials said no. We met the E.U. Delegation."),
    );
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].contains("E.U.|Officials")
            && lines[0].contains("break")
            && lines[0].contains("capitalised plural"),
        "{}",
        r.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("E.U.|Delegation") && l.contains("keep") && l.contains("name")),
        "{}",
        r.stdout
    );
    let r = p.run_stdin(
        &["segment", "-", "--plain", "--lang", "tr", "--explain"],
        Some("Derneğin başkanı Prof. Ancak bu görüşe herkes katılmadı.".as_bytes()),
    );
    r.expect_code(0);
    assert!(
        r.stdout.contains("Prof.|Ancak")
            && r.stdout.contains("break")
            && r.stdout.contains("never a name"),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_names_inline_list_items_and_the_pronoun_after_an_ellipsis() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--plain", "--lang", "en", "--explain"],
        Some(b"1) Open the box 2) Take out the cable. Nice staff... I think."),
    );
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].contains("box|2)")
            && lines[0].contains("break")
            && lines[0].contains("inline list"),
        "{}",
        r.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("...|I") && l.contains("keep") && l.contains("pronoun I")),
        "{}",
        r.stdout
    );
}
