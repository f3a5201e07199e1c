//! `polypress check` from the outside: every format against its snapshot (bless with
//! `POLYPRESS_BLESS=1`), the JSON against its schema, the JUnit XML against Jenkins' JUnit
//! schema, each gate, and each exit code.
//!
//! The fixture `tests/fixtures/check/` has three articles: `complete-brief` (done in tr and ru),
//! `summit-note` (tr: fuzzy, new, broken placeholders, a missing number; ru: stale, a segment
//! missing from the draft, an orphaned entry, an identical target) and `untouched-brief` (a
//! Turkish source with no drafts at all).

mod common;

use std::process::Command;

use common::{repo, Project};

fn fixture() -> Project {
    Project::fixture("check")
}

fn snapshot(name: &str, actual: &str) {
    common::snapshot(&format!("check/{name}"), actual);
}

fn json(args: &[&str]) -> serde_json::Value {
    let r = fixture().run(args);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}", r.stdout))
}

#[test]
fn text_report_snapshot() {
    let r = fixture().run(&["check"]);
    r.expect_code(1);
    snapshot("report.txt", &r.stdout);
    assert!(
        r.stderr.contains("checked 3 articles in 6 translations"),
        "{}",
        r.stderr
    );
}

#[test]
fn json_report_snapshot_validates_against_its_schema() {
    let r = fixture().run(&["check", "--format", "json"]);
    r.expect_code(1);
    snapshot("report.json", &r.stdout);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--json", "complete-brief"],
        &["check", "--json", "--allow-fuzzy", "--to", "ru"],
    ] {
        let value = json(args);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    // The schema is strict: an unknown key fails, so the test would notice a drifting shape.
    let mut bad = json(&["check", "--json"]);
    bad["extra"] = serde_json::json!(1);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn global_json_flag_means_format_json() {
    let a = fixture().run(&["--json", "check"]);
    let b = fixture().run(&["check", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn junit_report_snapshot_validates_against_junit_schema() {
    let p = fixture();
    let r = p.run(&["check", "--format", "junit"]);
    r.expect_code(1);
    snapshot("report.junit.xml", &r.stdout);
    if Command::new("xmllint").arg("--version").output().is_err() {
        common::skip(
            "JUnit schema validation: xmllint is missing (apt-get install -y libxml2-utils)",
        );
        return;
    }
    let file = p.path().join("junit.xml");
    std::fs::write(&file, &r.stdout).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(common::schemas().join("junit-10.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "junit-10.xsd: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn junit_has_one_case_per_article_and_language_listing_untranslated_segments() {
    let r = fixture().run(&["check", "--format", "junit"]);
    assert_eq!(r.stdout.matches("<testcase ").count(), 6);
    assert_eq!(r.stdout.matches("<failure ").count(), 4);
    assert!(r
        .stdout
        .contains("sources/summit-note/en.md:13: untranslated 1395c4ca2722"));
}

#[test]
fn github_annotations_snapshot() {
    let r = fixture().run(&["check", "--format", "github"]);
    r.expect_code(1);
    snapshot("report.github.txt", &r.stdout);
    assert!(r.stdout.contains(
        "::error file=sources/summit-note/en.md,line=13,col=5,title=untranslated (summit-note → tr)::"
    ));
    assert!(r
        .stdout
        .contains("::warning file=sources/summit-note/en.md,line=9,col=55,title=fuzzy"));
}

#[test]
fn sarif_log_snapshot_is_minimal_valid_sarif() {
    let r = fixture().run(&["check", "--format", "sarif"]);
    r.expect_code(1);
    snapshot("report.sarif.json", &r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "polypress");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 10, "6 errors and 4 warnings");
    for res in results {
        assert!(res["message"]["text"].is_string());
        assert!(["error", "warning"].contains(&res["level"].as_str().unwrap()));
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("sources/"));
    }
}

#[test]
fn exit_0_when_every_gate_passes() {
    let r = fixture().run(&["check", "complete-brief"]);
    r.expect_code(0);
    assert!(r.stdout.contains("all gates passed"), "{}", r.stdout);
    assert!(
        r.stdout.contains("no untranslated segments"),
        "{}",
        r.stdout
    );
}

#[test]
fn exit_1_when_a_gate_fails_and_warn_only_turns_it_to_0() {
    fixture().run(&["check", "summit-note"]).expect_code(1);
    let r = fixture().run(&["check", "summit-note", "--warn-only"]);
    r.expect_code(0);
    assert!(r.stdout.contains("FAIL  max-untranslated"), "{}", r.stdout);
    assert!(r.stderr.contains("--warn-only"), "{}", r.stderr);
    let p = fixture();
    p.write("polypress.toml", "[check]\nwarn_only = true\n");
    p.run(&["check"]).expect_code(0);
}

#[test]
fn exit_2_on_a_broken_draft_with_its_location() {
    let p = Project::fixture("invalid/check-broken-draft");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert_eq!(r.stdout, "", "no half report on stdout");
    let expected = std::fs::read_to_string(
        repo().join("tests/fixtures/invalid/check-broken-draft/expected-stderr.txt"),
    )
    .unwrap();
    assert_eq!(r.stderr, expected);
}

#[test]
fn exit_2_on_usage_errors() {
    let p = fixture();
    for (args, says) in [
        (&["check", "--min-complete", "tr=120"][..], "expected 0-100"),
        (&["check", "--to", "de"], "unknown language `de`"),
        (
            &["check", "--json", "--format", "junit"],
            "`--json` asks for JSON",
        ),
        (
            &["check", "no-such-article"],
            "no article `no-such-article`",
        ),
        (&["serve", "--token", " "], "--token is empty"),
        (&["align"], "<SLUG>"),
    ] {
        let r = p.run(args);
        r.expect_code(2);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn max_untranslated_gate_counts_stale_and_missing() {
    // summit-note → ru: one stale entry, one segment missing from the draft; 57.1 % complete.
    let base = ["check", "summit-note", "--to", "ru", "--min-complete", "50"];
    let run = |extra: &[&str]| fixture().run(&[&base[..], extra].concat());
    run(&["--max-untranslated", "2"]).expect_code(0);
    run(&["--max-untranslated", "1"]).expect_code(1);
}

#[test]
fn min_complete_gate_per_language_or_for_all() {
    let base = [
        "check",
        "summit-note",
        "--to",
        "ru",
        "--max-untranslated",
        "9",
    ];
    let run = |extra: &[&str]| fixture().run(&[&base[..], extra].concat());
    run(&["--min-complete", "57"]).expect_code(0);
    run(&["--min-complete", "58"]).expect_code(1);
    run(&["--min-complete", "tr=100,ru=57"]).expect_code(0);
    run(&["--min-complete", "ru=60"]).expect_code(1);
}

#[test]
fn allow_fuzzy_counts_fuzzy_as_translated() {
    let p = fixture();
    let draft = p
        .read("sources/complete-brief/tr.json")
        .replacen("\"translated\"", "\"fuzzy\"", 1);
    p.write("sources/complete-brief/tr.json", draft);
    let r = p.run(&["check", "complete-brief"]);
    r.expect_code(1);
    assert!(
        r.stdout.contains("1 untranslated segment (5 words)"),
        "{}",
        r.stdout
    );
    p.run(&["check", "complete-brief", "--allow-fuzzy"])
        .expect_code(0);
    p.write("polypress.toml", "[check]\nallow_fuzzy = true\n");
    p.run(&["check", "complete-brief"]).expect_code(0);
}

#[test]
fn placeholder_gate_fails_on_broken_markup_alone() {
    let r = fixture().run(&[
        "check",
        "summit-note",
        "--to",
        "tr",
        "--max-untranslated",
        "9",
        "--min-complete",
        "0",
    ]);
    r.expect_code(1);
    assert!(
        r.stdout.contains("FAIL  placeholders: 1 mismatched"),
        "{}",
        r.stdout
    );
}

#[test]
fn config_gates_apply_and_flags_override_them() {
    let p = fixture();
    p.write(
        "polypress.toml",
        "[check]\nmax_untranslated = 2\nmin_complete = { ru = 50 }\n",
    );
    p.run(&["check", "summit-note", "--to", "ru"])
        .expect_code(0);
    p.run(&[
        "check",
        "summit-note",
        "--to",
        "ru",
        "--max-untranslated",
        "0",
    ])
    .expect_code(1);
    p.run(&[
        "check",
        "summit-note",
        "--to",
        "ru",
        "--min-complete",
        "ru=90",
    ])
    .expect_code(1);
}

#[test]
fn findings_name_file_segment_line_and_source_text() {
    let v = json(&["check", "--json", "summit-note", "--to", "tr"]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "numbers")
        .unwrap();
    assert_eq!(f["file"], "sources/summit-note/en.md");
    assert_eq!(f["draft"], "sources/summit-note/tr.json");
    assert_eq!(f["id"], "ead3f827fcf8");
    assert_eq!(f["line"], 11);
    assert_eq!(
        f["source"],
        "Trade grew by 61.5 percent to 1,500 million dollars."
    );
    assert!(f["message"].as_str().unwrap().contains("`1,500`"));
}

#[test]
fn russian_summary_line_uses_fluent_plurals() {
    let r = fixture().run(&["check", "--summary-lang", "ru"]);
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "проверено: 3 статьи на 3 языках: 8 непереведённых сегментов (58 слов), 6 ошибок, 4 предупреждения; не пройдено 5 порогов"
    );
}

#[test]
fn missing_drafts_make_everything_untranslated() {
    let v = json(&["check", "--json", "untouched-brief"]);
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 2, "en and ru: tr is the source");
    for a in arts {
        assert_eq!(a["draft_exists"], false);
        assert_eq!(a["counts"]["new"], a["counts"]["total"]);
        assert_eq!(a["complete"], 0);
    }
}
