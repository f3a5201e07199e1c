//! The drafts' finished entries as memory, from the outside: before `learn` they fill other
//! segments and answer lookups (naming the draft and the segment), after it they are one match
//! with the learnt TU, never a duplicate; a segment never matches its own entry (prefill,
//! analyze, the workbench); an edited segment keeps its previous translation run after run.

mod common;
mod serve_support;

use common::Project;
use polypress::draft::{Draft, State};
use serde_json::Value;

const A: &str = "+++\ntitle = \"Talks in Astana\"\nlang = \"en\"\ndate = \"2024-03-01\"\nauthor = \"A\"\n+++\n\nThe delegation arrived in Astana on Monday. The talks lasted 3 hours. Both sides signed a memorandum on transport.\n";
const B: &str = "+++\ntitle = \"A later visit\"\nlang = \"en\"\ndate = \"2024-04-01\"\nauthor = \"A\"\n+++\n\nA second visit followed in April. Both sides signed a memorandum on transport.\n";

const SIGNED: &str = "Both sides signed a memorandum on transport.";
const SIGNED_TR: &str = "İki taraf ulaştırma alanında bir mutabakat zaptı imzaladı.";

fn read_draft(p: &Project, slug: &str) -> Draft {
    let rel = format!("sources/{slug}/tr.json");
    Draft::parse(&p.read(&rel), std::path::Path::new(&rel)).unwrap()
}

/// Two articles sharing a sentence; `a`'s Turkish draft translated by hand, `b`'s all new.
fn project() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write("sources/a/en.md", A);
    p.write("sources/b/en.md", B);
    p.run(&["prefill"]).expect_code(0);
    let mut d = read_draft(&p, "a");
    for e in &mut d.segments {
        e.target = match e.source.as_str() {
            SIGNED => SIGNED_TR.to_string(),
            s => format!("TR: {s}"),
        };
        e.state = State::Translated;
        e.changed = Some("2024-03-02".into());
    }
    p.write("sources/a/tr.json", d.to_json());
    p
}

fn signed_id(p: &Project, slug: &str) -> String {
    read_draft(p, slug)
        .segments
        .iter()
        .find(|e| e.source == SIGNED)
        .unwrap()
        .id
        .to_string()
}

fn lookup(p: &Project, text: &str) -> Vec<Value> {
    let run = p.run(&["tm", "lookup", text, "--from", "en", "--to", "tr", "--json"]);
    run.expect_code(0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    v["matches"].as_array().unwrap().clone()
}

#[test]
fn finished_entries_fill_other_articles_before_learn() {
    let p = project();
    assert!(!p.path().join("memory/project.tmx").exists());
    p.run(&["prefill"]).expect_code(0);
    let b = read_draft(&p, "b");
    let e = b.segments.iter().find(|e| e.source == SIGNED).unwrap();
    assert_eq!(e.target, SIGNED_TR);
    assert_eq!(
        e.state,
        State::Translated,
        "an exact match of a finished entry"
    );
    let m = e.matched.as_ref().unwrap();
    assert_eq!((m.score, m.kind.as_str()), (100, "exact"));
    assert_eq!(
        m.origin,
        format!("sources/a/tr.json#{}", signed_id(&p, "a"))
    );
    // `a`'s own entries are untouched.
    assert!(read_draft(&p, "a")
        .segments
        .iter()
        .all(|e| e.state == State::Translated && e.matched.is_none()));
}

#[test]
fn lookup_names_the_draft_and_learnt_entries_are_one_match() {
    let p = project();
    let id = signed_id(&p, "a");
    let before = lookup(&p, SIGNED);
    assert_eq!(before.len(), 1, "{before:?}");
    let o = &before[0]["origin"];
    assert_eq!(o["file"], "sources/a/tr.json");
    assert_eq!(o["draft"], true);
    assert_eq!(o["tu_id"], id.as_str());
    let line = p
        .read("sources/a/tr.json")
        .lines()
        .position(|l| l.contains(&format!("\"id\": \"{id}\"")))
        .unwrap()
        + 1;
    assert_eq!(o["line"], line);
    assert_eq!(o["dates"]["changed"], "20240302T000000Z");
    let text = p.run(&["tm", "lookup", SIGNED, "--from", "en", "--to", "tr"]);
    assert!(
        text.stdout
            .contains(&format!("100 exact  sources/a/tr.json:{line} ({id}")),
        "{}",
        text.stdout
    );

    p.run(&["learn"]).expect_code(0);
    let after = lookup(&p, SIGNED);
    assert_eq!(
        after.len(),
        1,
        "learnt and in the draft: one match, {after:?}"
    );
    let places: Vec<&str> = std::iter::once(&after[0]["origin"])
        .chain(after[0]["also"].as_array().unwrap())
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(places.contains(&"project.tmx") && places.contains(&"sources/a/tr.json"));

    // The same through --stdin.
    let line = format!(
        "{{\"text\":{},\"from\":\"en\",\"to\":\"tr\"}}\n",
        serde_json::to_string(SIGNED).unwrap()
    );
    let run = p.run_stdin(&["tm", "lookup", "--stdin"], Some(line.as_bytes()));
    run.expect_code(0);
    let v: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(v["matches"].as_array().unwrap().len(), 1);
    assert_eq!(v["matches"][0]["also"].as_array().unwrap().len(), 1);
}

#[test]
fn analyze_does_not_price_a_segment_by_its_own_entry() {
    let p = project();
    let band = |args: &[&str], slug: &str, name: &str| -> u64 {
        let run = p.run(args);
        run.expect_code(0);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        let a = v["analyses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug)
            .unwrap()
            .clone();
        a["bands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .unwrap()["segments"]
            .as_u64()
            .unwrap()
    };
    let all = ["analyze", "--json"];
    // `a`'s own translations are not leverage for `a` (else every segment would be 101).
    assert_eq!(band(&all, "a", "context") + band(&all, "a", "exact"), 0);
    assert_eq!(band(&all, "a", "no-match"), 4);
    // Alone (no repetition of `a`), `b` shares one sentence with `a`'s finished draft.
    assert_eq!(band(&["analyze", "b", "--json"], "b", "exact"), 1);
}

#[test]
fn workbench_lookup_leaves_out_the_segments_own_entry() {
    let p = project();
    let s = serve_support::Server::start(p.path(), &[]);
    let id = signed_id(&p, "a");
    let text = SIGNED.replace(' ', "%20");
    let get = |q: &str| -> Value {
        let url = s.url(&format!("/api/lookup?text={text}&from=en&to=tr{q}"));
        serde_json::from_str(&ureq::get(&url).call().unwrap().into_string().unwrap()).unwrap()
    };
    let all = get("");
    assert_eq!(all["matches"][0]["origin"]["file"], "sources/a/tr.json");
    let own = get(&format!("&slug=a&id={id}"));
    assert_eq!(own["matches"].as_array().unwrap().len(), 0, "{own}");
    // From `b`'s segment of the same text, `a`'s entry is a match.
    let other = get(&format!("&slug=b&id={}", signed_id(&p, "b")));
    assert_eq!(other["matches"][0]["target"], SIGNED_TR);
}

#[test]
fn an_edited_segment_keeps_its_previous_translation_run_after_run() {
    let p = project();
    p.write(
        "sources/a/en.md",
        A.replace("The talks lasted 3 hours.", "The talks lasted 3 hours!"),
    );
    p.run(&["prefill"]).expect_code(0);
    let d = read_draft(&p, "a");
    let e = d
        .segments
        .iter()
        .find(|e| e.source == "The talks lasted 3 hours!")
        .unwrap();
    assert_eq!(e.state, State::Fuzzy);
    assert_eq!(e.matched.as_ref().unwrap().kind.as_str(), "previous");
    assert_eq!(
        e.previous_source.as_deref(),
        Some("The talks lasted 3 hours.")
    );
    let first = p.read("sources/a/tr.json");
    // The removed entry is in memory/project.tmx now; the next run offers the same pair and
    // must leave the suggestion (and its old source) as it is.
    p.run(&["prefill"]).expect_code(0);
    assert_eq!(p.read("sources/a/tr.json"), first);
}

#[test]
fn a_broken_draft_is_left_out_of_lookups_with_a_warning() {
    let p = project();
    p.write("sources/b/tr.json", "{ not json");
    let run = p.run(&[
        "tm", "lookup", SIGNED, "--from", "en", "--to", "tr", "--json",
    ]);
    run.expect_code(0);
    assert!(run.stderr.contains("sources/b/tr.json"), "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["matches"][0]["target"], SIGNED_TR);
}

/// The README's translator's day looks a sentence up on the sample: it finds the memory's
/// sentence with the one word that differs, and the sample's own translation of it beside.
#[test]
fn readme_lookup_example_finds_its_match_on_the_sample() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("polypress tm lookup \""))
        .expect("the translator's day has a lookup");
    let text = line.split('"').nth(1).unwrap();
    assert!(line.contains("--from en --to tr"), "{line}");
    let p = Project::sample();
    let run = p.run(&["tm", "lookup", text, "--from", "en", "--to", "tr"]);
    run.expect_code(0);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("1.  88 fuzzy  memory/earlier-articles.tmx"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("replaced `relations` → `ties` (1.5)"));
    // Both halves of the README's description of the output.
    let also = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("also in:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(
        readme.contains(&format!("`{also}`")),
        "README shows `{also}`"
    );
}
