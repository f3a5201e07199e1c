//! Segmenting is lossless: the segments of a paragraph hold every character of it, including
//! pieces with nothing to translate (`💐`, `—`, `(*)`, a lone `…` after a sentence), and the
//! article reassembles byte for byte. A paragraph with no letter or digit at all (`***`, `…`)
//! is no segment: it stays in the skeleton, copied as it is into every language.

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

/// The text of every paragraph (blank lines separate them) that holds a letter or a digit,
/// without whitespace.
fn translatable_paragraphs(text: &str) -> String {
    let mut out = String::new();
    let mut para = String::new();
    for line in text.split('\n').chain([""]) {
        if line.trim().is_empty() {
            if para.chars().any(char::is_alphanumeric) {
                out.push_str(&squeeze(&para));
            }
            para.clear();
        } else {
            para.push_str(line);
        }
    }
    out
}

fn check(text: &str, lang: Lang) {
    let rules = Rules::builtin(lang);
    let a = parse(text, Path::new("t.txt"), "t", lang, Format::Plain, &rules)
        .expect("plain text always parses");
    assert_eq!(a.reassemble(), text);
    let covered: String = a.segments.iter().map(|s| squeeze(&s.raw)).collect();
    assert_eq!(covered, translatable_paragraphs(text), "{text:?}");
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
    fn segments_cover_every_paragraph_with_text(
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
fn paragraph_without_text_stays_in_the_skeleton() {
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
    assert_eq!(raws, ["First one.", "Last one."]);
    assert_eq!(a.reassemble(), text);
}
