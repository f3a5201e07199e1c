//! Runs the language tables in `tests/data/segment/{en,tr,ru}.toml` against the built-in rules.
//! Each `[[case]]` has a `name`, an `input`, the `expected` sentences and a `note` saying which
//! rule it checks, so a linguist can add a case without writing Rust. Every failing case is
//! printed before the test fails.

use std::path::PathBuf;

use polypress::model::Lang;
use polypress::segment::{sentences, Rules};
use serde::Deserialize;

const MIN_CASES: usize = 80;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    expected: Vec<String>,
    note: String,
}

fn run(lang: Lang) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/segment")
        .join(format!("{}.toml", lang.code()));
    let text = std::fs::read_to_string(&path).expect("the table is part of the repository");
    let table: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rules = Rules::builtin(lang);
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for case in &table.case {
        assert!(
            names.insert(&case.name),
            "{lang}: duplicate case name `{}`",
            case.name
        );
        let got = sentences(&case.input, &rules);
        if got != case.expected {
            failures.push(format!(
                "case `{}` ({})\n  input:    {:?}\n  expected: {:#?}\n  got:      {:#?}",
                case.name, case.note, case.input, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{lang}: {} of {} cases fail:\n\n{}",
        failures.len(),
        table.case.len(),
        failures.join("\n\n")
    );
    assert!(
        table.case.len() >= MIN_CASES,
        "{lang}: {} cases (expected at least {MIN_CASES})",
        table.case.len()
    );
}

#[test]
fn english_table_passes() {
    run(Lang::En);
}

#[test]
fn turkish_table_passes() {
    run(Lang::Tr);
}

#[test]
fn russian_table_passes() {
    run(Lang::Ru);
}
