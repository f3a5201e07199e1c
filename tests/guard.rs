//! The meaning-change guard from the outside: a memory match that drops a negation is
//! pre-filled as `fuzzy` with its warnings and the TM source, `check` reports it in every
//! format, and `tm lookup` shows it.

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu tuid="neg-1">
      <tuv xml:lang="en"><seg>The ministry did not approve the new transport plan.</seg></tuv>
      <tuv xml:lang="tr"><seg>Bakanlık yeni ulaştırma planını onaylamadı.</seg></tuv>
      <tuv xml:lang="ru"><seg>Министерство не одобрило новый транспортный план.</seg></tuv>
    </tu>
    <tu tuid="same-2">
      <tuv xml:lang="en"><seg>Trade between the two countries grew quickly.</seg></tuv>
      <tuv xml:lang="tr"><seg>İki ülke arasındaki ticaret hızla büyüdü.</seg></tuv>
      <tuv xml:lang="ru"><seg>Торговля между двумя странами быстро росла.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

const ARTICLE: &str = "+++
title = \"Plan\"
lang = \"en\"
date = \"2023-01-01\"
author = \"A. Writer\"
+++

The ministry did approve the new transport plan. Trade between the two countries grew quickly.
";

fn project() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
    p.write("memory/news.tmx", TMX);
    p.write("sources/plan/en.md", ARTICLE);
    p
}

#[test]
fn a_dropped_negation_stays_fuzzy_and_check_reports_it_in_every_format() {
    let p = project();
    p.run(&["prefill"]).expect_code(0);
    for lang in ["tr", "ru"] {
        let d = Draft::parse(
            &p.read(&format!("sources/plan/{lang}.json")),
            std::path::Path::new("d"),
        )
        .unwrap();
        let find = |text: &str| {
            d.segments
                .iter()
                .find(|e| e.source == text)
                .unwrap_or_else(|| panic!("no segment {text:?} in {:?}", d.segments))
        };
        let e = find("The ministry did approve the new transport plan.");
        assert_eq!(e.state, State::Fuzzy, "{lang}");
        let m = e.matched.as_ref().unwrap();
        assert_eq!(
            m.source.as_deref(),
            Some("The ministry did not approve the new transport plan.")
        );
        assert_eq!(m.warnings.len(), 1);
        assert_eq!(m.warnings[0].kind.as_str(), "negation");
        assert_eq!(m.warnings[0].memory, "not");
        // The identical sentence is an exact match without warnings.
        let same = find("Trade between the two countries grew quickly.");
        assert_eq!(same.state, State::Translated);
        assert!(same.matched.as_ref().unwrap().warnings.is_empty());
    }
    let text = p.run(&["check"]);
    assert!(text.stdout.contains("meaning-change"), "{}", text.stdout);
    assert!(
        text.stdout.contains("negation: query —, memory `not`"),
        "{}",
        text.stdout
    );
    for format in ["json", "junit", "github", "sarif"] {
        let r = p.run(&["check", "--format", format]);
        assert!(
            r.stdout.contains("meaning-change") && r.stdout.contains("memory `not`"),
            "{format}:\n{}",
            r.stdout
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&p.run(&["check", "--format", "json"]).stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "meaning-change")
        .count();
    assert_eq!(found, 2, "one per target language");
}

#[test]
fn lookup_shows_warnings_in_text_and_json() {
    let p = project();
    let r = p.run(&[
        "tm",
        "lookup",
        "The ministry did approve the new transport plan.",
        "--from",
        "en",
        "--to",
        "tr",
    ]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("warning negation: query —, memory `not`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("edits: deleted `not` (1)"),
        "{}",
        r.stdout
    );
    let r = p.run(&[
        "--json",
        "tm",
        "lookup",
        "Министерство одобрило новый транспортный план.",
        "--from",
        "ru",
        "--to",
        "en",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["matches"][0]["warnings"],
        serde_json::json!([{"kind": "negation", "query": "", "memory": "не"}])
    );
}
