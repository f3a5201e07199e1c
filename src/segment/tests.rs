//! Tests of the public API: configuration, SRX loading and the round-trip properties.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use super::*;

#[test]
fn project_abbreviations_extend_the_builtin_rules() {
    let config = SegmentConfig {
        abbreviations: BTreeMap::from([(Lang::En, vec!["Cllr.".to_string()])]),
        final_abbreviations: BTreeMap::from([(Lang::En, vec!["approx".to_string()])]),
        ..SegmentConfig::default()
    };
    let rules = Rules::from_config(Lang::En, &config, Path::new(".")).unwrap();
    assert!(!rules.is_srx());
    let text = "Cllr. Sato spoke. It took 5 minutes approx. The end came approx. soon.";
    assert_eq!(
        sentences(text, &rules),
        [
            "Cllr. Sato spoke.",
            "It took 5 minutes approx.",
            "The end came approx. soon."
        ]
    );
    assert_eq!(
        sentences("Cllr. Sato spoke.", &Rules::builtin(Lang::En)).len(),
        2
    );
}

#[test]
fn srx_from_config_reads_the_file_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/srx/en-basic.srx"),
        dir.path().join("rules/en.srx"),
    )
    .unwrap();
    let config = SegmentConfig {
        srx: Some("rules/en.srx".into()),
        abbreviations: BTreeMap::from([(Lang::En, vec!["Amb.".to_string()])]),
        ..SegmentConfig::default()
    };
    let rules = Rules::from_config(Lang::En, &config, dir.path()).unwrap();
    assert!(rules.is_srx());
    assert_eq!(
        sentences("Amb. Sato met Dr. Aso. They talked.", &rules),
        ["Amb. Sato met Dr. Aso.", "They talked."]
    );
}

#[test]
fn missing_srx_file_names_it_relative_to_the_project() {
    let config = SegmentConfig {
        srx: Some("rules/none.srx".into()),
        ..SegmentConfig::default()
    };
    let err = Rules::from_config(Lang::Tr, &config, Path::new("/nonexistent")).unwrap_err();
    assert_eq!(err.to_string(), "cannot read `rules/none.srx`");
}

#[test]
fn srx_error_names_the_rule_line() {
    let srx = r#"<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="no"/>
<body><languagerules><languagerule languagerulename="en">
<rule break="no"><beforebreak>Mr\.</beforebreak><afterbreak>\s</afterbreak></rule>
<rule break="yes"><beforebreak>(?&lt;![A-Z])\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern="en.*" languagerulename="en"/></maprules></body></srx>"#;
    let err = Rules::from_srx(Lang::En, srx, Path::new("x.srx"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("x.srx:5:1: rule regex `(?<![A-Z])\\.` uses a lookbehind"),
        "{err}"
    );
}

#[test]
fn srx_without_map_for_language_is_an_error() {
    let srx = r#"<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="yes"/>
<body><languagerules><languagerule languagerulename="en">
<rule><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern="(?i)en.*" languagerulename="en"/></maprules></body></srx>"#;
    let err = Rules::from_srx(Lang::Ru, srx, Path::new("en.srx")).unwrap_err();
    assert!(matches!(err, SegmentError::NoRulesForLang { .. }), "{err}");
    assert!(Rules::from_srx(Lang::En, srx, Path::new("en.srx")).is_ok());
}

#[test]
fn empty_and_blank_text_have_no_sentences() {
    let rules = Rules::builtin(Lang::Ru);
    assert!(sentences("", &rules).is_empty());
    assert!(sentences(" \n\u{a0}", &rules).is_empty());
    assert!(split("", &rules).is_empty());
}

#[test]
fn fifty_megabytes_without_terminators_is_one_sentence() {
    let text = "kelime ş ".repeat(5 << 20);
    assert!(text.len() >= 50 << 20);
    assert_eq!(sentences(&text, &Rules::builtin(Lang::Tr)).len(), 1);
}

#[test]
fn long_runs_of_terminators_and_dotted_tokens_do_not_panic() {
    let text = ".".repeat(100_000) + &" a.b.c.d".repeat(10_000) + &"?! ".repeat(10_000);
    for lang in Lang::ALL {
        let s = sentences(&text, &Rules::builtin(lang));
        assert!(!s.is_empty());
    }
}

/// Text built from pieces that exercise every rule: terminators, abbreviations, quotes, codes.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Dr."),
        Just("etc."),
        Just("т. д."),
        Just("9."),
        Just("A."),
        Just("..."),
        Just("…"),
        Just("?"),
        Just("!"),
        Just("."),
        Just("\""),
        Just("»"),
        Just("«"),
        Just("("),
        Just(")"),
        Just("[1]"),
        Just("[^"),
        Just(" "),
        Just("  "),
        Just("\n"),
        Just("\u{a0}"),
        Just("\u{E000}"),
        Just("\u{E001}"),
        Just("\u{E002}"),
        Just("\u{E003}"),
        Just("Next"),
        Just("word"),
        Just("İstanbul"),
        Just("ılık"),
        Just("Москва"),
        Just("—"),
        Just("2022"),
        Just("г."),
        Just("vb."),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check_round_trip(text: &str, rules: &Rules) {
    let offsets = split(text, rules);
    let mut last = 0;
    for &o in &offsets {
        assert!(o > last && o < text.len(), "{offsets:?} in {text:?}");
        assert!(text.is_char_boundary(o));
        assert!(!text[o..].starts_with(char::is_whitespace));
        last = o;
    }
    // Sentences plus the whitespace between them give back the input.
    let mut rebuilt = String::new();
    let mut rest = text;
    for s in sentences(text, rules) {
        let at = rest
            .find(s)
            .expect("sentence comes from the text, in order");
        assert!(
            rest[..at].trim().is_empty(),
            "non-space gap {:?}",
            &rest[..at]
        );
        rebuilt.push_str(&rest[..at + s.len()]);
        rest = &rest[at + s.len()..];
    }
    assert!(rest.trim().is_empty());
    rebuilt.push_str(rest);
    assert_eq!(rebuilt, text);
}

proptest! {
    #[test]
    fn split_offsets_round_trip_on_rule_pieces(text in prose()) {
        for lang in Lang::ALL {
            check_round_trip(&text, &Rules::builtin(lang));
        }
    }

    #[test]
    fn split_offsets_round_trip_on_any_text(text in any::<String>()) {
        for lang in Lang::ALL {
            check_round_trip(&text, &Rules::builtin(lang));
        }
    }
}
