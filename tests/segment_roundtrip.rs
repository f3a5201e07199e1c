//! Segmenting is lossless: the segments of a text hold every character of it, including pieces
//! with nothing to translate (`💐`, `—`, `(*)` after a sentence join it; a paragraph of only
//! `…`, `—` or `***` is a segment of its own), and the article reassembles byte for byte.

use std::path::Path;

use polypress::model::Lang;
use polypress::segment::Rules;
use polypress::source::{parse, Format};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "The talks ended.",
    "Dr. Kaya spoke.",
    "Görüşme bitti.",
    "Prof. Aslında",
    "Встреча прошла в 2022 г.",
    "Why?",
    "Stop!",
    "the E.U.",
    "Officials said so.",
    "9.",
    "…",
    "...",
    "—",
    "–",
    "-",
    "***",
    "* * *",
    "💐",
    ":)",
    "(*)",
    "!!",
    "?!",
    "«",
    "»",
    "\"",
    "“",
    "”",
    "(",
    ")",
    " ",
    " ",
    "\n",
    "\n\n",
];

fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.join(" "))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check(text: &str, lang: Lang) {
    let rules = Rules::builtin(lang);
    let a = parse(text, Path::new("t.txt"), "t", lang, Format::Plain, &rules)
        .expect("plain text always parses");
    assert_eq!(a.reassemble(), text);
    let covered: String = a.segments.iter().map(|s| squeeze(&s.raw)).collect();
    assert_eq!(covered, squeeze(text), "{text:?}");
    for s in &a.segments {
        assert!(
            !s.raw.trim().is_empty(),
            "empty segment {:?} in {text:?}",
            s.raw
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn segments_spell_the_whole_text(
        text in plain_text(),
        lang in prop::sample::select(&Lang::ALL[..]),
    ) {
        check(&text, lang);
    }
}

#[test]
fn punctuation_after_a_sentence_joins_it() {
    let text = "Номер расположен на 3 этаже. 💐\n\nThe talks ended. — \n\nIt rained. (*)\n";
    for lang in Lang::ALL {
        let rules = Rules::builtin(lang);
        let a = parse(text, Path::new("t.txt"), "t", lang, Format::Plain, &rules).unwrap();
        let raws: Vec<&str> = a.segments.iter().map(|s| s.raw.as_str()).collect();
        assert_eq!(
            raws,
            [
                "Номер расположен на 3 этаже. 💐",
                "The talks ended. —",
                "It rained. (*)"
            ],
            "{lang}"
        );
        assert_eq!(a.reassemble(), text);
    }
}

#[test]
fn paragraph_of_punctuation_is_a_segment() {
    let text = "First one.\n\n…\n\n***\n\n—\n\nLast one.\n";
    let rules = Rules::builtin(Lang::En);
    let a = parse(
        text,
        Path::new("t.txt"),
        "t",
        Lang::En,
        Format::Plain,
        &rules,
    )
    .unwrap();
    let raws: Vec<&str> = a.segments.iter().map(|s| s.raw.as_str()).collect();
    assert_eq!(raws, ["First one.", "…", "***", "—", "Last one."]);
    assert_eq!(a.reassemble(), text);
}

#[test]
fn markdown_image_or_thematic_break_is_no_segment() {
    let text = "+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n\nOne.\n\n***\n\n![x](p.png)\n\n| a | b |\n|---|---|\n| c | — |\n";
    let rules = Rules::builtin(Lang::En);
    let a = parse(
        text,
        Path::new("t.md"),
        "t",
        Lang::En,
        Format::Article,
        &rules,
    )
    .unwrap();
    let raws: Vec<&str> = a.segments.iter().map(|s| s.raw.as_str()).collect();
    assert_eq!(raws, ["T", "One.", "a", "b", "c"]);
    assert_eq!(a.reassemble(), text);
}
