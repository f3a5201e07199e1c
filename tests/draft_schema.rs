//! `schemas/draft.schema.json` describes what `Draft::to_json` writes: checked structurally in
//! Rust, and with a JSON Schema 2020-12 validator (Python `jsonschema`) when one is installed.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::repo;
use polypress::draft::{Draft, Entry, MatchInfo, MatchKind, State};
use polypress::model::{Lang, SegmentId};
use serde_json::Value;

fn schema() -> Value {
    let text = std::fs::read_to_string(repo().join("schemas/draft.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A draft with every optional field set somewhere.
fn full_draft() -> Draft {
    let mut e = Entry::new(
        SegmentId("0123456789ab".into()),
        "See {1}it{/1}.{2/}".into(),
    );
    e.target = "{1}Bak{/1}.{2/}".into();
    e.state = State::Fuzzy;
    e.matched = Some(MatchInfo {
        score: 101,
        kind: MatchKind::Context,
        origin: "memory/project.tmx#tu-1".into(),
        adapted: vec!["2021 → 2022".into()],
        source: Some("See it not.".into()),
        target: Some("Bakma.".into()),
        warnings: vec![polypress::memory::lookup::Warning {
            kind: polypress::memory::lookup::WarningKind::Negation,
            query: String::new(),
            memory: "not".into(),
        }],
    });
    e.previous_source = Some("See it.".into());
    e.changed = Some("2023-03-02".into());
    e.note = Some("n".into());
    e.terms = vec![polypress::terms::TermRef {
        id: "middle-corridor".into(),
        source: "Middle Corridor".into(),
        target: vec!["Orta Koridor".into()],
        forbidden: vec!["Orta Kuşak".into()],
        note: Some("n".into()),
    }];
    let mut repeat = Entry::new(SegmentId("0123456789ab.2".into()), "See.".into());
    repeat.state = State::New;
    Draft {
        format: polypress::draft::FORMAT.into(),
        slug: "route".into(),
        source_lang: Lang::En,
        target_lang: Lang::Tr,
        segments: vec![e, repeat],
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn schema_names_exactly_the_keys_drafts_have() {
    let s = schema();
    let d: Value = serde_json::from_str(&full_draft().to_json()).unwrap();
    assert_eq!(keys(&s["properties"]), keys(&d));
    let entry = &s["$defs"]["entry"];
    assert_eq!(keys(&entry["properties"]), keys(&d["segments"][0]));
    assert_eq!(
        keys(&s["$defs"]["match"]["properties"]),
        keys(&d["segments"][0]["match"])
    );
    let required: BTreeSet<String> = entry["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        required,
        keys(&d["segments"][1]),
        "a bare entry has exactly the required keys"
    );
    let states: Vec<&str> = entry["properties"]["state"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let ours: Vec<&str> = [State::New, State::Fuzzy, State::Translated, State::Reviewed]
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(states, ours);
    assert_eq!(s["properties"]["format"]["const"], polypress::draft::FORMAT);
    for obj in [&s, entry, &s["$defs"]["match"]] {
        assert_eq!(obj["additionalProperties"], false);
    }
}

/// Runs Python's `jsonschema` on each instance; `None` when it is not installed.
fn python_validate(instances: &[Value]) -> Option<Vec<bool>> {
    let script = "import json, sys\nfrom jsonschema import Draft202012Validator\n\
schema = json.load(open(sys.argv[1]))\nDraft202012Validator.check_schema(schema)\n\
v = Draft202012Validator(schema)\nfor inst in json.load(sys.stdin):\n    print('ok' if v.is_valid(inst) else 'bad')\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(repo().join("schemas/draft.schema.json"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Array(instances.to_vec()).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("No module named"),
            "schema check failed: {err}"
        );
        return None;
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l == "ok")
            .collect(),
    )
}

#[test]
fn drafts_validate_and_broken_ones_do_not() {
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/xliff/small/sources/route/tr.json"))
            .unwrap();
    Draft::parse(&fixture, Path::new("tr.json")).unwrap();
    let good: Value = serde_json::from_str(&full_draft().to_json()).unwrap();
    let mut bad = Vec::new();
    for (path, value) in [
        ("/segments/0/state", Value::from("done")),
        ("/segments/0/match/score", Value::from(102)),
        ("/segments/0/changed", Value::from("2023-3-2")),
        ("/segments/0/id", Value::from("xyz")),
        ("/segments/0/extra", Value::from(1)),
        ("/segments/0/target", Value::from(" ")),
        ("/target_lang", Value::from("de")),
    ] {
        let mut v = good.clone();
        let (parent, key) = path.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .insert(key.into(), value);
        bad.push(v);
    }
    let mut all = vec![good, serde_json::from_str(&fixture).unwrap()];
    all.extend(bad);
    let Some(results) = python_validate(&all) else {
        eprintln!("skipping JSON Schema validation: `pip install jsonschema` to run it");
        return;
    };
    assert_eq!(
        results,
        [true, true, false, false, false, false, false, false, false]
    );
}
