//! Segments with the SRX 2.0 fixture `tests/fixtures/srx/en-basic.srx`: the English exceptions
//! cascade into the default rules, and other languages get the default rules alone.

use std::path::{Path, PathBuf};

use polypress::model::Lang;
use polypress::segment::{sentences, Rules};

fn fixture() -> (String, PathBuf) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/srx/en-basic.srx");
    let text = std::fs::read_to_string(&path).expect("fixture is part of the repository");
    (text, path)
}

fn rules(lang: Lang) -> Rules {
    let (text, path) = fixture();
    Rules::from_srx(lang, &text, &path).expect("fixture is valid SRX 2.0")
}

#[test]
fn english_exceptions_cascade_into_default_breaks() {
    let en = rules(Lang::En);
    assert!(en.is_srx());
    let text =
        "Dr. Hayashi met J. R. R. Tolkien fans in the U.S. capital. They spoke about No. 5! \
                Then they left... quietly. \"Why?\" he asked.";
    assert_eq!(
        sentences(text, &en),
        [
            "Dr. Hayashi met J. R. R. Tolkien fans in the U.S. capital.",
            "They spoke about No. 5!",
            "Then they left... quietly.",
            "\"Why?\" he asked.",
        ]
    );
}

#[test]
fn closing_quote_stays_with_its_sentence() {
    let en = rules(Lang::En);
    assert_eq!(
        sentences("He said \"yes.\" Then (see the report.) Next.", &en),
        ["He said \"yes.\"", "Then (see the report.)", "Next."]
    );
}

#[test]
fn other_languages_get_only_the_default_rules() {
    let ru = rules(Lang::Ru);
    // No Russian exceptions in this file: the initial splits, unlike with the built-in rules.
    assert_eq!(sentences("Пушкин А. С. Пушкин.", &ru).len(), 3);
    assert_eq!(
        sentences("Пушкин А. С. Пушкин.", &Rules::builtin(Lang::Ru)).len(),
        1
    );
}

#[test]
fn empty_line_is_a_hard_break() {
    let en = rules(Lang::En);
    assert_eq!(
        sentences("a heading\n\nbody text", &en),
        ["a heading", "body text"]
    );
}

#[test]
fn malformed_xml_reports_the_file_and_line() {
    let err = Rules::from_srx(Lang::En, "<srx>\n<body>\n</srx>", Path::new("bad.srx"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("bad.srx:3:"), "{err}");
}
