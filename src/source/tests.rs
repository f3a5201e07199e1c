use super::*;
use crate::model::Lang;

fn art(text: &str) -> Article {
    test_article("a", text)
}

const ARTICLE: &str = "+++\ntitle = \"A *test* title\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"X\"\nsummary = \"One. Two.\"\n+++\n\n# Heading here\n\nFirst *one* here. Second [link](https://x.org) there.[1] Third.\n\n- item one\n- item two\n\n> quoted line\n> continues. Next.\n\n[1] The note, (Date of Accession: 17.12.2022).\n";

#[test]
fn reassembles_byte_for_byte() {
    let a = art(ARTICLE);
    assert_eq!(a.reassemble(), ARTICLE);
}

#[test]
fn segments_front_matter_and_body() {
    let a = art(ARTICLE);
    let texts: Vec<&str> = a.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "A *test* title",
            "One.",
            "Two.",
            "Heading here",
            "First {1}one{/1} here.",
            "Second {1}link{/1} there.{2/}",
            "Third.",
            "item one",
            "item two",
            "quoted line continues.",
            "Next.",
            "The note, (Date of Accession: 17.12.2022).",
        ]
    );
    let paths: Vec<&str> = a.segments.iter().map(|s| s.block.as_str()).collect();
    assert_eq!(paths[0], "/front/title");
    assert_eq!(paths[7], "/list[1]/item[1]/paragraph[1]");
    assert_eq!(paths[9], "/quote[1]/paragraph[1]");
    assert_eq!(paths[11], "/notes[1]/note[1]");
    let link = &a.segments[5].codes;
    assert_eq!(link[0].raw, "[");
    assert_eq!(link[1].raw, "](https://x.org)");
    assert_eq!(link[2].raw, "[1]");
}

#[test]
fn ids_do_not_depend_on_position() {
    let a = art(ARTICLE);
    let inserted = ARTICLE.replace("# Heading here\n", "# Heading here\n\nA new paragraph.\n");
    let b = art(&inserted);
    let id = |x: &Article, t: &str| x.segments.iter().find(|s| s.text == t).unwrap().id.clone();
    assert_eq!(id(&a, "Third."), id(&b, "Third."));
}

#[test]
fn rejects_lang_mismatch_with_line() {
    let text = ARTICLE.replace("lang = \"en\"", "lang = \"tr\"");
    let err = parse(
        &text,
        Path::new("sources/a/en.md"),
        "a",
        Lang::En,
        Format::Article,
        &Rules::builtin(Lang::En),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("sources/a/en.md:3:8: `lang = \"tr\"` disagrees"),
        "{err}"
    );
}

#[test]
fn rejects_unknown_front_matter_key() {
    let text = ARTICLE.replace("author = \"X\"", "author = \"X\"\nsubtitle = \"no\"");
    let err = parse(
        &text,
        Path::new("a.md"),
        "a",
        Lang::En,
        Format::Article,
        &Rules::builtin(Lang::En),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("a.md:6:1: front matter: unknown field `subtitle`"),
        "{err}"
    );
}

#[test]
fn plain_mode_keeps_markdown_as_text() {
    let text = "1. Not a list. # Not a heading.\n\nSecond para.";
    let a = parse(
        text,
        Path::new("-"),
        "stdin",
        Lang::En,
        Format::Plain,
        &Rules::builtin(Lang::En),
    )
    .unwrap();
    assert_eq!(a.reassemble(), text);
    assert_eq!(a.segments.last().unwrap().text, "Second para.");
    assert_eq!(a.segments.last().unwrap().block, "/paragraph[2]");
}

#[test]
fn literal_placeholder_text_is_protected() {
    let a = art(&ARTICLE.replace("Third.", "Use {1} here."));
    let s = a
        .segments
        .iter()
        .find(|s| s.text.contains("here.") && s.text.starts_with("Use"))
        .unwrap();
    assert_eq!(s.text, "Use {1/} here.");
    assert_eq!(s.codes[0].raw, "{1}");
}

#[test]
fn consecutive_notes_form_one_notes_block() {
    let a = art(&ARTICLE.replace(
        "[1] The note, (Date of Accession: 17.12.2022).\n",
        "[1] First note.\n\n[2] Second note.\n\n[3] Third note.\n",
    ));
    let notes: Vec<(&str, &str)> = a
        .segments
        .iter()
        .filter(|s| s.block.starts_with("/notes"))
        .map(|s| (s.block.as_str(), s.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("/notes[1]/note[1]", "First note."),
            ("/notes[1]/note[2]", "Second note."),
            ("/notes[1]/note[3]", "Third note.")
        ]
    );
}

#[test]
fn toml_dates_in_front_matter_are_accepted() {
    for date in ["2019-06-01", "2019-06-01T10:30:00Z", "2019-06-01T10:30:00"] {
        let text = format!(
            "+++\ntitle = \"T\"\nlang = \"en\"\ndate = {date}\nauthor = \"X\"\n+++\n\nBody.\n"
        );
        let a = art(&text);
        assert_eq!(a.front.as_ref().unwrap().date, "2019-06-01", "{date}");
        assert_eq!(a.reassemble(), text, "lossless");
    }
}

#[test]
fn nesting_deeper_than_the_limit_is_a_clear_error_not_a_hang() {
    for marker in ["- ", "> ", "1. "] {
        let text = format!(
            "+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"X\"\n+++\n\n{}x\n",
            marker.repeat(40_000)
        );
        let e = crate::source::parse(
            &text,
            std::path::Path::new("en.md"),
            "a",
            Lang::En,
            crate::source::Format::Article,
            &crate::segment::Rules::builtin(Lang::En),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("en.md:8:"), "{e}");
        assert!(e.contains("expected at most 100"), "{e}");
    }
    // Ordinary nesting is fine.
    let a = art("+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"X\"\n+++\n\n- a\n  - b\n    > c\n");
    assert_eq!(a.segments.len(), 4);
}

#[test]
fn collapse_makes_each_whitespace_run_one_space() {
    for (input, expected) in [
        ("", ""),
        ("   ", ""),
        ("one", "one"),
        ("  one \t\r\n two  ", "one two"),
        ("Dışişleri\n\nBakanı  —  Токио", "Dışişleri Bakanı — Токио"),
        ("a\u{a0}b", "a\u{a0}b"),
    ] {
        assert_eq!(inline::collapse(input), expected, "{input:?}");
    }
}
