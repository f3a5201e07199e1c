//! `polypress tm` end to end on a copy of the sample project: import, export, stats, lookup and
//! concordance, text and JSON, and the exit code for a malformed memory file.

mod common;

use common::Project;

#[test]
fn lookup_json_reports_score_kind_penalty_and_origin() {
    // Without the drafts, whose own finished entry of this sentence would be an unpenalized
    // match (see tests/project_memory.rs).
    let p = Project::sample_without_drafts();
    // Under memory/reference/ the sample memory gets the default 5-point penalty.
    let tmx = p.read("memory/earlier-articles.tmx");
    p.write("memory/reference/earlier-articles.tmx", tmx);
    std::fs::remove_file(p.path().join("memory/earlier-articles.tmx")).unwrap();
    let run = p.run(&[
        "tm",
        "lookup",
        "Still, the figures should not be overstated.",
        "--from",
        "en",
        "--to",
        "tr",
        "--json",
    ]);
    run.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let m = &v["matches"][0];
    assert_eq!(m["score"], 95);
    assert_eq!(m["kind"], "exact");
    assert_eq!(m["target"], "Yine de rakamları abartmamak gerekir.");
    assert_eq!(m["origin"]["file"], "reference/earlier-articles.tmx");
    assert_eq!(m["penalties"][0]["points"], 5);
}

#[test]
fn import_export_round_trip_and_stats() {
    let p = Project::sample();
    let fixture = common::repo().join("tests/fixtures/tmx/okapi_inline.tmx");
    let run = p.run(&["tm", "import", fixture.to_str().unwrap()]);
    run.expect_code(0);
    assert_eq!(run.stdout.trim(), "memory/project.tmx");
    assert!(run.stderr.contains("2 new"), "{}", run.stderr);
    let again = p.run(&["tm", "import", fixture.to_str().unwrap()]);
    assert!(again.stderr.contains("2 already there"), "{}", again.stderr);
    let run = p.run(&["tm", "export", "--langs", "en,tr", "out.tmx"]);
    run.expect_code(0);
    let out = p.read("out.tmx");
    assert!(out.contains("<tuv xml:lang=\"EN-GB\">") && !out.contains("ru-RU"));
    let run = p.run(&["tm", "stats", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "project.tmx");
    assert_eq!(v["files"][0]["tus"], 2);
}

#[test]
fn concordance_shows_the_recurring_rendering() {
    let p = Project::sample();
    let run = p.run(&["tm", "concordance", "Central Asia", "--lang", "en"]);
    run.expect_code(0);
    assert!(run.stdout.contains("[Orta Asya]"), "{}", run.stdout);
}

#[test]
fn malformed_memory_fails_with_location_unless_skip_bad() {
    let p = Project::sample();
    p.write("memory/broken.tmx", "<tmx version=\"1.4\"><body><tu>\n");
    let run = p.run(&["tm", "stats"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("broken.tmx:2:1: unexpected end of file"),
        "{}",
        run.stderr
    );
    let run = p.run(&["tm", "--skip-bad", "stats"]);
    run.expect_code(0);
    assert!(run.stderr.contains("skipped: broken.tmx"), "{}", run.stderr);
}
