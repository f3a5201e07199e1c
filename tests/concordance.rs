//! `tm concordance` from the outside: the searched words aligned as the match score aligns
//! them (inflected forms found and shown), the span in text and JSON, and the rendering.

mod common;

use common::Project;

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="en"><seg>Rail links to the Middle Corridor were opened.</seg></tuv>
        <tuv xml:lang="tr"><seg>Orta Koridor'a demiryolu bağlantıları açıldı.</seg></tuv>
        <tuv xml:lang="ru"><seg>Открыты железнодорожные связи со Средним коридором.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Ministers discussed the “Middle Corridor” route.</seg></tuv>
        <tuv xml:lang="tr"><seg>Bakanlar “Orta Koridor” güzergâhını görüştü.</seg></tuv>
        <tuv xml:lang="ru"><seg>Министры обсудили маршрут «Средний коридор».</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Trade along the Middle Corridors grew.</seg></tuv>
        <tuv xml:lang="tr"><seg>Orta Koridorlar boyunca ticaret büyüdü.</seg></tuv>
        <tuv xml:lang="ru"><seg>Торговля вдоль Средних коридоров выросла.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>The corridor was closed.</seg></tuv>
        <tuv xml:lang="tr"><seg>Koridor kapatıldı.</seg></tuv>
        <tuv xml:lang="ru"><seg>Коридор закрыли.</seg></tuv></tu>
  </body>
</tmx>
"#;

fn project() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
    p.write("memory/news.tmx", TMX);
    p
}

#[test]
fn text_output_brackets_the_aligned_span_and_names_inflections() {
    let p = project();
    let r = p.run(&["tm", "concordance", "middle corridor", "--lang", "en"]);
    r.expect_code(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // Exact words first, with the enclosing quotes; then the inflected form, explained.
    assert!(
        lines[0].ends_with("Rail links to the [Middle Corridor] were opened."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Ministers discussed the [“Middle Corridor”] route."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Trade along the [Middle Corridors] grew."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("aligned: `Middle`, `corridor` → `Corridors` (inflected, 0.3)"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("The corridor was closed"),
        "{}",
        r.stdout
    );
    // The rendering in each target, whole words, with the quotes that enclose it.
    for frag in [
        "  [Orta Koridor'a]",
        "  [“Orta Koridor”]",
        "  [Orta Koridorlar]",
        "  [Средним коридором]",
        "  [«Средний коридор»]",
    ] {
        assert!(r.stdout.contains(frag), "{frag}:\n{}", r.stdout);
    }
}

#[test]
fn json_output_carries_span_alignment_and_cost() {
    let p = project();
    let r = p.run(&[
        "--json",
        "tm",
        "concordance",
        "Средний коридор",
        "--lang",
        "ru",
    ]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    let matched: Vec<&str> = hits
        .iter()
        .map(|h| h["matched"].as_str().unwrap())
        .collect();
    assert_eq!(
        matched,
        [
            "«Средний коридор»",
            "Средним коридором",
            "Средних коридоров"
        ]
    );
    let h = &hits[1];
    let src = h["source"].as_str().unwrap();
    let (a, b) = (
        h["span"]["start"].as_u64().unwrap() as usize,
        h["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&src[a..b], "Средним коридором");
    assert_eq!(h["whole_words"], true);
    assert_eq!(
        h["alignment"],
        serde_json::json!([
            {"phrase": "Средний", "source": "Средним", "op": "inflected", "cost": 0.3},
            {"phrase": "коридор", "source": "коридором", "op": "inflected", "cost": 0.4},
        ])
    );
    assert_eq!(h["cost"], 0.7);
    assert_eq!(hits[0]["cost"], 0.0);
    assert_eq!(hits[0]["alignment"][0]["op"], "same");
}
