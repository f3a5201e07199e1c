//! `polypress analyze` on the sample project: bands add up, repetitions are counted once per
//! run, configured bands are used, and the JSON has its documented shape.

mod common;

use common::Project;

#[test]
fn bands_add_up_and_show_memory_leverage() {
    let p = Project::sample_without_drafts();
    let r = p.run(&[
        "--json",
        "analyze",
        "central-asia-japan-dialogue",
        "--to",
        "tr",
    ]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let a = &v["analyses"][0];
    assert_eq!(a["slug"], "central-asia-japan-dialogue");
    assert_eq!(a["target_lang"], "tr");
    let bands = a["bands"].as_array().unwrap();
    let names: Vec<&str> = bands.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "repetitions",
            "context",
            "exact",
            "95-99",
            "85-94",
            "75-84",
            "50-74",
            "no-match"
        ]
    );
    let sum: u64 = bands.iter().map(|b| b["words"].as_u64().unwrap()).sum();
    assert_eq!(sum, a["total"]["words"].as_u64().unwrap());
    assert!(
        bands[2]["segments"].as_u64().unwrap() > 0,
        "the sample memory has exact matches"
    );
    assert!(
        bands[3..7]
            .iter()
            .any(|b| b["segments"].as_u64().unwrap() > 0),
        "and fuzzy ones"
    );
}

#[test]
fn a_copied_article_is_all_repetitions() {
    let p = Project::sample_without_drafts();
    let text = p.read("sources/central-asia-japan-dialogue/en.md");
    p.write("sources/zz-copy/en.md", text);
    let r = p.run(&["--json", "analyze", "--to", "ru"]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let copy = v["analyses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "zz-copy")
        .unwrap();
    assert_eq!(copy["bands"][0]["segments"], copy["total"]["segments"]);
}

#[test]
fn configured_bands_are_used_and_checked() {
    let p = Project::sample_without_drafts();
    p.write("polypress.toml", "[analyze]\nbands = [90, 60]\n");
    let r = p.run(&["analyze", "--to", "tr"]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("90-99") && r.stdout.contains("60-89"),
        "{}",
        r.stdout
    );
    p.write("polypress.toml", "[analyze]\nbands = [60, 90]\n");
    let r = p.run(&["analyze"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("`analyze.bands` is [60, 90] (expected lower band edges in descending order"),
        "{}",
        r.stderr
    );
}
