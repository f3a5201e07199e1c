//! The glossary from the outside: TBX and CSV round trips (property tests), TBX validated
//! against the TBX-Basic RELAX NG schema, `terms check` errors with file and line, import and
//! export, the `terminology` gate with each finding kind in each report format, term hits in
//! prefill, lookup and XLIFF (validated against the glossary module's schema), `extract`, and the
//! sample project's glossary: clean, and red when one term in one draft changes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, repo, shared, Project};
use polypress::model::Lang;
use polypress::terms::{self, Format, Glossary, Status, Term, TermEntry};
use proptest::prelude::*;

fn schemas() -> PathBuf {
    repo().join("tests/fixtures/terms/schemas")
}

fn have_xmllint() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok()
}

/// Runs xmllint with `args` on `file`; its exit status.
fn xmllint(args: &[&str], file: &Path) -> (i32, String) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet"])
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The sample project with its glossary.
fn sample() -> Project {
    let p = Project::sample();
    copy_dir(&repo().join("terms"), &p.path().join("terms"));
    p
}

// ----- round trips -----

fn text() -> impl Strategy<Value = String> {
    // Words in the three scripts and characters XML and CSV must escape; no `|` (it separates
    // renderings in CSV) and no space at the ends (cells are trimmed).
    let word = prop::sample::select(vec![
        "Orta",
        "Koridor'un",
        "Средний",
        "коридор",
        "Middle",
        "A&B",
        "<x>",
        "\"quoted\"",
        "a,b",
        "İstanbul",
        "ıI",
        "Ёж",
        "—",
        "2040",
        "T.C.",
        "«Я»",
    ]);
    prop::collection::vec(word, 1..4).prop_map(|w| w.join(" "))
}

fn entry(i: usize) -> impl Strategy<Value = TermEntry> {
    let lang_terms = |lang: Lang| {
        (
            prop::option::of(text()),
            prop::collection::vec(text(), 0..2),
            prop::collection::vec(text(), 0..2),
        )
            .prop_map(move |(p, a, f)| {
                let mut v = Vec::new();
                if let Some(p) = p {
                    v.push(Term::new(lang, p, Status::Preferred));
                    v.extend(a.into_iter().map(|t| Term::new(lang, t, Status::Admitted)));
                }
                v.extend(f.into_iter().map(|t| Term::new(lang, t, Status::Forbidden)));
                v
            })
    };
    (
        lang_terms(Lang::En),
        lang_terms(Lang::Tr),
        lang_terms(Lang::Ru),
        prop::option::of(text()),
        any::<bool>(),
    )
        .prop_filter_map(
            "an entry needs an allowed rendering",
            move |(en, tr, ru, note, cs)| {
                let mut terms: Vec<Term> = en.into_iter().chain(tr).chain(ru).collect();
                // One rendering per language and text.
                let mut seen = std::collections::HashSet::new();
                terms.retain(|t| seen.insert((t.lang, t.text.clone())));
                if !terms.iter().any(|t| t.status.is_allowed()) {
                    return None;
                }
                let mut e = TermEntry::new(format!("e{i}"), terms);
                e.note = note;
                e.case_sensitive = cs;
                Some(e)
            },
        )
}

fn glossary() -> impl Strategy<Value = Glossary> {
    prop::collection::vec(any::<u8>(), 0..6).prop_flat_map(|v| {
        let entries: Vec<_> = (0..v.len()).map(entry).collect();
        entries.prop_map(|entries| Glossary {
            entries,
            ..Glossary::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn tbx_round_trip(g in glossary()) {
        let text = terms::write(&g, Format::Tbx);
        let back = terms::parse(&text, Path::new("g.tbx"), Format::Tbx).unwrap();
        prop_assert_eq!(&back.entries, &g.entries);
        prop_assert_eq!(terms::write(&back, Format::Tbx), text);
    }

    #[test]
    fn csv_round_trip(g in glossary()) {
        let text = terms::write(&g, Format::Csv);
        let back = terms::parse(&text, Path::new("g.csv"), Format::Csv).unwrap();
        prop_assert_eq!(&back.entries, &g.entries);
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic(bytes in prop::collection::vec(prop::sample::select(vec![
        "<tbx>", "</tbx>", "<text>", "<body>", "<conceptEntry id=\"a\">", "<langSec xml:lang=\"ru\">",
        "<termSec>", "<term>", "Ёж", "</term>", "&amp;", "&x;", "\"", ",", "|", "\n", "ru:", "en,tr\n",
    ]), 0..24)) {
        let text: String = bytes.concat();
        let _ = terms::parse(&text, Path::new("f.tbx"), Format::Tbx);
        let _ = terms::parse(&text, Path::new("f.csv"), Format::Csv);
    }

    #[test]
    fn tbx_to_csv_to_tbx_keeps_everything(g in glossary()) {
        let csv = terms::write(&g, Format::Csv);
        let mid = terms::parse(&csv, Path::new("g.csv"), Format::Csv).unwrap();
        let tbx = terms::write(&mid, Format::Tbx);
        prop_assert_eq!(tbx, terms::write(&g, Format::Tbx));
    }
}

#[test]
fn written_tbx_validates_against_tbx_basic() {
    if !have_xmllint() {
        eprintln!("skipped: xmllint is not installed");
        return;
    }
    let rng = schemas().join("TBXcoreStructV03_TBX-Basic_integrated.rng");
    let dir = tempfile::tempdir().unwrap();
    // The sample glossary, and a hostile one.
    let sample = Glossary::load(&repo()).unwrap();
    assert!(sample.entries.len() >= 40, "{}", sample.entries.len());
    let mut hostile = TermEntry::new(
        "x",
        vec![
            Term::new(Lang::En, "A <b> & \"c\"", Status::Preferred),
            Term::new(Lang::Ru, "]]> «д»", Status::Forbidden),
            Term::new(Lang::Ru, "д", Status::Preferred),
        ],
    );
    hostile.note = Some("x < y & z".into());
    hostile.case_sensitive = true;
    let hostile = Glossary {
        entries: vec![hostile],
        ..Glossary::default()
    };
    for (name, g) in [("sample.tbx", &sample), ("hostile.tbx", &hostile)] {
        let f = dir.path().join(name);
        std::fs::write(&f, terms::write(g, Format::Tbx)).unwrap();
        let (code, err) = xmllint(&["--relaxng", rng.to_str().unwrap()], &f);
        assert_eq!(code, 0, "{name}: {err}");
    }
    // A negative control: a data category TBX-Basic does not have fails the schema.
    let bad = dir.path().join("bad.tbx");
    let text = terms::write(&hostile, Format::Tbx)
        .replace("type=\"administrativeStatus\"", "type=\"status\"");
    std::fs::write(&bad, text).unwrap();
    assert_eq!(xmllint(&["--relaxng", rng.to_str().unwrap()], &bad).0, 3);
}

// ----- terms check, import, export -----

#[test]
fn terms_check_reports_every_file_with_lines() {
    let p = Project::empty();
    p.write(
        "terms/a.csv",
        "en,tr,ru\nMiddle Corridor,Orta Koridor,Средний коридор\nTokyo,Tokyo,Токио,extra\n",
    );
    p.write(
        "terms/b.tbx",
        "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text><body>\n<conceptEntry id=\"c\">\n<langSec xml:lang=\"en\"><termSec><term>Tokyo</term>\n<termNote type=\"administrativeStatus\">bestTerm</termNote></termSec></langSec>\n</conceptEntry></body></text></tbx>\n",
    );
    p.write(
        "terms/c.csv",
        "id,en,tr\nmc,Middle Corridor,Orta Koridor\nsolo,Samarkand,\n",
    );
    let r = p.run(&["terms", "check"]);
    r.expect_code(1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "terms/a.csv:3: error: 4 fields but the header names 3 columns",
            "terms/b.tbx:5:1: error: administrative status `bestTerm` (expected preferredTerm-admn-sts, admittedTerm-admn-sts or deprecatedTerm-admn-sts)",
            "terms/c.csv:3: warning: entry `solo` has renderings in one language only: nothing to check a translation against",
        ],
        "{}",
        r.stdout
    );
    // The sample's glossary is clean.
    let r = sample().run(&["terms", "check"]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("checked 2 glossary files"),
        "{}",
        r.stderr
    );
}

#[test]
fn import_and_export_round_trip_through_the_cli() {
    let p = Project::empty();
    p.write(
        "in.csv",
        "en,tr,ru,note,forbidden\nMiddle Corridor,Orta Koridor,Средний коридор|Срединный маршрут,\"Route, Caspian\",ru:Срединный коридор\n",
    );
    p.run(&["terms", "import", "in.csv"]).expect_code(0);
    let tbx = p.read("terms/glossary.tbx");
    assert!(tbx.contains("<term>Срединный маршрут</term>"), "{tbx}");
    // Exported as CSV and imported again: nothing new.
    let r = p.run(&["terms", "export", "--format", "csv"]);
    r.expect_code(0);
    p.write("out.csv", &r.stdout);
    let again = p.run(&["terms", "import", "out.csv"]);
    again.expect_code(0);
    assert!(
        again.stdout.contains("0 added, 0 updated, 1 unchanged"),
        "{}",
        again.stdout
    );
    assert_eq!(p.read("terms/glossary.tbx"), tbx);
    // A new rendering merges into the entry; nothing is lost.
    p.write(
        "more.csv",
        "en,tr\nMiddle Corridor,Orta Koridor|Orta Kuşak\n",
    );
    let r = p.run(&["terms", "import", "more.csv"]);
    assert!(r.stdout.contains("0 added, 1 updated"), "{}", r.stdout);
    let g = Glossary::read_file(&p.path().join("terms/glossary.tbx"), Path::new("g.tbx")).unwrap();
    let tr: Vec<(&str, Status)> = g.entries[0]
        .in_lang(Lang::Tr)
        .map(|t| (t.text.as_str(), t.status))
        .collect();
    assert_eq!(
        tr,
        [
            ("Orta Koridor", Status::Preferred),
            ("Orta Kuşak", Status::Admitted)
        ]
    );
    assert_eq!(g.entries[0].note.as_deref(), Some("Route, Caspian"));
    // The listing shows every rendering.
    let list = p.run(&["terms"]);
    assert!(
        list.stdout.contains(
            "  ru  Средний коридор | Срединный маршрут (admitted) | not: Срединный коридор"
        ),
        "{}",
        list.stdout
    );
}

// ----- the gate, each finding, each format -----

/// A project whose check finds each terminology kind once:
/// - `one` (en → tr): `Middle Corridor` rendered with the admitted `Orta Kuşak` after the
///   preferred one (term-inconsistent), the forbidden `Ortak Koridor` (term-forbidden and
///   term-missing), and a sentence `two` translates differently;
/// - `two` (en → tr): the same sentence, translated differently (inconsistent-translation).
fn findings_project() -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write(
        "terms/t.csv",
        "en,tr,forbidden\nMiddle Corridor,Orta Koridor|Orta Kuşak,tr:Ortak Koridor\n",
    );
    let article = |title: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A. B.\"\n+++\n\n{body}\n")
    };
    p.write(
        "sources/one/en.md",
        article(
            "One",
            "The Middle Corridor grew in 2022. Ports along the Middle Corridor are small. The Middle Corridor needs ferries. The summit ended on time.",
        ),
    );
    p.write(
        "sources/two/en.md",
        article("Two", "The summit ended on time."),
    );
    p.run(&["prefill"]).expect_code(0);
    let fill = |rel: &str, targets: &[&str]| {
        let mut d: serde_json::Value = serde_json::from_str(&p.read(rel)).unwrap();
        for (e, t) in d["segments"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .zip(targets)
        {
            e["target"] = serde_json::json!(t);
            e["state"] = serde_json::json!("translated");
        }
        p.write(rel, serde_json::to_string_pretty(&d).unwrap());
    };
    fill(
        "sources/one/tr.json",
        &[
            "Bir",
            "Orta Koridor 2022'de büyüdü.",
            "Orta Kuşak boyunca limanlar küçük.",
            "Ortak Koridor'un feribotlara ihtiyacı var.",
            "Zirve zamanında sona erdi.",
        ],
    );
    fill("sources/two/tr.json", &["İki", "Zirve vaktinde bitti."]);
    p
}

#[test]
fn each_terminology_finding_in_each_format() {
    let p = findings_project();
    let kinds = [
        "term-missing",
        "term-forbidden",
        "term-inconsistent",
        "inconsistent-translation",
    ];
    // Text.
    let r = p.run(&["check"]);
    r.expect_code(0);
    for k in kinds {
        assert!(
            r.stdout.contains(&format!("warning {k}")),
            "{k}\n{}",
            r.stdout
        );
    }
    assert!(
        r.stdout
            .contains("pass  terminology: 4 glossary findings (warnings)"),
        "{}",
        r.stdout
    );
    // JSON: each finding names the draft and the entry; the report matches its schema.
    let r = p.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let findings = v["findings"].as_array().unwrap();
    let got: Vec<(&str, &str, bool)> = findings
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap(),
                f["draft"].as_str().unwrap(),
                f["id"].as_str().is_some_and(|s| !s.is_empty()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("term-inconsistent", "sources/one/tr.json", true),
            ("term-missing", "sources/one/tr.json", true),
            ("term-forbidden", "sources/one/tr.json", true),
            ("inconsistent-translation", "sources/two/tr.json", true),
        ],
        "{}",
        r.stdout
    );
    let gate = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["gate"] == "terminology")
        .unwrap();
    assert_eq!(gate["passed"], true);
    // GitHub annotations.
    let r = p.run(&["check", "--format", "github"]);
    for k in kinds {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.starts_with("::warning file=sources/") && l.contains(k)),
            "{k}\n{}",
            r.stdout
        );
    }
    // SARIF: one rule per kind, results carry them.
    let r = p.run(&["check", "--format", "sarif"]);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let results = s["runs"][0]["results"].as_array().unwrap();
    for k in kinds {
        assert!(results.iter().any(|x| x["ruleId"] == k), "{k}");
    }
    // As errors: the gate fails and JUnit lists the findings as failures.
    let r = p.run(&["check", "--terminology", "error", "--format", "junit"]);
    r.expect_code(1);
    for k in kinds {
        assert!(r.stdout.contains(k), "{k}\n{}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("<failure type=\"terminology\" message=\"3 glossary findings\">"),
        "{}",
        r.stdout
    );
    if let (Some(shared), true) = (shared(), have_xmllint()) {
        let f = p.path().join("junit.xml");
        std::fs::write(&f, &r.stdout).unwrap();
        let xsd = shared.join("schemas/junit-10.xsd");
        let (code, err) = xmllint(&["--schema", xsd.to_str().unwrap()], &f);
        assert_eq!(code, 0, "{err}");
    }
    // Configured in polypress.toml, and off.
    p.write(
        "polypress.toml",
        "languages = [\"en\", \"tr\"]\n[check]\nterminology = \"error\"\n",
    );
    let r = p.run(&["check"]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("FAIL  terminology: 4 glossary findings (limit 0): one, two"),
        "{}",
        r.stdout
    );
    let r = p.run(&["check", "--terminology", "off"]);
    r.expect_code(0);
    assert!(!r.stdout.contains("term"), "{}", r.stdout);
}

// ----- where a translator looks -----

#[test]
fn prefill_lookup_and_xliff_carry_term_hits() {
    let p = findings_project();
    // Prefill lists each entry's terms, and the draft still matches its schema.
    let d: serde_json::Value = serde_json::from_str(&p.read("sources/one/tr.json")).unwrap();
    let refs = &d["segments"][2]["terms"];
    assert_eq!(
        refs,
        &serde_json::json!([{"id": "middle-corridor", "source": "Middle Corridor",
                             "target": ["Orta Koridor", "Orta Kuşak"], "forbidden": ["Ortak Koridor"]}]),
        "{d}"
    );
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/draft.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&d));
    // Lookup.
    let r = p.run(&[
        "tm",
        "lookup",
        "Ports of the Middle Corridor's",
        "--from",
        "en",
        "--to",
        "tr",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["terms"][0]["source"], "Middle Corridor's");
    assert_eq!(v["terms"][0]["target"][0], "Orta Koridor");
    let r = p.run(&[
        "tm",
        "lookup",
        "Ports of the Middle Corridor",
        "--from",
        "en",
        "--to",
        "tr",
    ]);
    assert!(
        r.stdout
            .contains("terms\n  Middle Corridor → Orta Koridor | Orta Kuşak; not: Ortak Koridor"),
        "{}",
        r.stdout
    );
    // XLIFF 2.0: gls:glossary, valid against core + matches + glossary; 1.2: notes, valid.
    p.run(&["export", "xliff", "one", "--to", "tr"])
        .expect_code(0);
    let x2 = p.read("xliff/one.en-tr.xlf");
    assert!(
        x2.contains("<gls:term source=\"polypress\">Middle Corridor</gls:term>"),
        "{x2}"
    );
    assert!(
        x2.contains("<gls:translation>Orta Kuşak</gls:translation>"),
        "{x2}"
    );
    p.run(&[
        "export",
        "xliff",
        "one",
        "--to",
        "tr",
        "--version",
        "1.2",
        "-o",
        "one12.xlf",
    ])
    .expect_code(0);
    let x1 = p.read("one12.xlf");
    assert!(x1.contains("<note from=\"polypress-term\">Middle Corridor → Orta Koridor | Orta Kuşak; not: Ortak Koridor</note>"), "{x1}");
    let (Some(shared), true) = (shared(), have_xmllint()) else {
        eprintln!("skipped XLIFF schema validation: ../shared or xmllint is missing");
        return;
    };
    let wrapper = p.path().join("wrapper.xsd");
    std::fs::write(
        &wrapper,
        format!(
            "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:polypress:test\">\n\
             <xs:import namespace=\"urn:oasis:names:tc:xliff:matches:2.0\" schemaLocation=\"{}\"/>\n\
             <xs:import namespace=\"urn:oasis:names:tc:xliff:glossary:2.0\" schemaLocation=\"{}\"/>\n</xs:schema>\n",
            shared.join("schemas/matches.xsd").canonicalize().unwrap().display(),
            schemas().join("glossary.xsd").canonicalize().unwrap().display()
        ),
    )
    .unwrap();
    let w = wrapper.to_str().unwrap();
    let (code, err) = xmllint(&["--schema", w], &p.path().join("xliff/one.en-tr.xlf"));
    assert_eq!(code, 0, "{err}");
    // The glossary is checked, not skipped: a wrong element fails.
    let bad = p.path().join("bad.xlf");
    std::fs::write(
        &bad,
        x2.replacen("<gls:translation>", "<gls:rendering>", 1)
            .replacen("</gls:translation>", "</gls:rendering>", 1),
    )
    .unwrap();
    assert_eq!(xmllint(&["--schema", w], &bad).0, 3);
    let strict = shared.join("schemas/xliff-core-1.2-strict.xsd");
    let (code, err) = xmllint(
        &["--schema", strict.to_str().unwrap()],
        &p.path().join("one12.xlf"),
    );
    assert_eq!(code, 0, "{err}");
}

// ----- extract -----

#[test]
fn extract_proposes_the_samples_names() {
    // Without its glossary, the sample's memory and drafts give the names back.
    let p = Project::sample();
    let r = p.run(&["terms", "extract"]);
    r.expect_code(0);
    let g = terms::parse(&r.stdout, Path::new("candidates.csv"), Format::Csv).unwrap();
    let find = |en: &str| {
        g.entries
            .iter()
            .find(|e| e.preferred(Lang::En).is_some_and(|t| t.text == en))
            .unwrap_or_else(|| panic!("no candidate `{en}`\n{}", r.stdout))
    };
    for (en, tr, ru) in [
        ("Middle Corridor", "Orta Koridor", "Средний коридор"),
        (
            "Organization of Turkic States",
            "Türk Devletleri Teşkilatı",
            "Организации тюркских государств",
        ),
        ("Caspian Sea", "Hazar Denizi", "Каспийское море"),
        (
            "European Bank for Reconstruction and Development",
            "Avrupa İmar ve Kalkınma Bankası",
            "Европейский банк реконструкции и развития",
        ),
        ("TITR", "TITR", "ТМТМ"),
    ] {
        let e = find(en);
        assert_eq!(e.preferred(Lang::Tr).unwrap().text, tr, "{en}");
        assert_eq!(e.preferred(Lang::Ru).unwrap().text, ru, "{en}");
    }
    // With the glossary in place, known terms are not proposed again.
    let r = sample().run(&["terms", "extract"]);
    assert!(!r.stdout.contains(",Middle Corridor,"), "{}", r.stdout);
}

// ----- the sample -----

fn check_json(p: &Project) -> serde_json::Value {
    let r = p.run(&["check", "--format", "json"]);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}", r.stdout))
}

#[test]
fn sample_glossary_is_used_and_clean() {
    let p = sample();
    let v = check_json(&p);
    let terms: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["kind"].as_str().unwrap().contains("term") || f["kind"] == "inconsistent-translation"
        })
        .collect();
    assert!(terms.is_empty(), "{terms:#?}");
    let gate = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["gate"] == "terminology")
        .unwrap();
    assert_eq!(
        (gate["passed"].as_bool(), gate["actual"].as_f64()),
        (Some(true), Some(0.0))
    );
    // Not vacuous: the exported units carry many term hits.
    p.run(&[
        "export",
        "xliff",
        "middle-corridor-trans-caspian-route",
        "--to",
        "tr",
    ])
    .expect_code(0);
    let x = p.read("xliff/middle-corridor-trans-caspian-route.ru-tr.xlf");
    assert!(
        x.matches("<gls:glossEntry ").count() >= 30,
        "{}",
        x.matches("<gls:glossEntry ").count()
    );
    p.run(&["check", "--terminology", "error"]).expect_code(0);
}

#[test]
fn sample_turns_red_when_one_term_in_one_draft_changes() {
    let p = sample();
    let rel = "sources/organization-of-turkic-states-samarkand-summit/ru.json";
    let draft = p.read(rel);
    // One rendering, once: the Russian of `Türk Devletleri Teşkilatı` in the title.
    let changed = draft.replacen(
        "Организация тюркских государств после Самаркандского саммита",
        "Организация тюркоязычных государств после Самаркандского саммита",
        1,
    );
    assert_ne!(changed, draft);
    p.write(rel, changed);
    let v = check_json(&p);
    let found: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["draft"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("term-missing", rel), ("term-forbidden", rel)],
        "{v:#}"
    );
    let r = p.run(&["check", "--terminology", "error"]);
    r.expect_code(1);
    assert!(r.stdout.contains("FAIL  terminology: 2 glossary findings (limit 0): organization-of-turkic-states-samarkand-summit"), "{}", r.stdout);
}
