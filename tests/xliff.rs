//! XLIFF round trip: exports validate against the official schemas and are read by the
//! Translate Toolkit; a translator's edits come back into the draft; stale units, broken
//! placeholders, foreign files and malformed XML are refused as documented in docs/xliff.md.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, Project};
use polypress::config::Config;
use polypress::draft::xliff::{self, XliffVersion};
use polypress::draft::{draft_path, Draft, MatchInfo, MatchKind, State};
use polypress::memory::lookup::{Warning, WarningKind};
use polypress::model::{Article, Lang};
use polypress::segment::Rules;
use polypress::source;
use proptest::prelude::*;

const SMALL: &str = "xliff/small";
const DRAFT: &str = "sources/route/tr.json";
const OUT20: &str = "xliff/route.en-tr.xlf";

fn load_article(root: &Path, slug: &str) -> Article {
    let files = source::discover(root, &[slug.to_string()]).unwrap();
    let config = Config::load(root).unwrap();
    let rules = Rules::from_config(files[0].lang, &config.segment, root).unwrap();
    source::load(root, &files[0], &rules).unwrap()
}

fn small_article() -> Article {
    load_article(&repo().join("tests/fixtures").join(SMALL), "route")
}

fn small_draft() -> Draft {
    let root = repo().join("tests/fixtures").join(SMALL);
    Draft::load(&root, Path::new(DRAFT)).unwrap().unwrap()
}

/// A draft of `article` with every state, matches, notes and placeholders in the targets.
fn mixed_draft(article: &Article, lang: Lang) -> Draft {
    let mut d = Draft::empty(article, lang);
    let states = [State::Fuzzy, State::Translated, State::New, State::Reviewed];
    for (i, e) in d.segments.iter_mut().enumerate() {
        e.state = states[i % 4];
        if e.state != State::New {
            e.target = format!("[{}] {} & <ok>", lang.code(), e.source);
        }
        if e.state == State::Fuzzy {
            e.matched = Some(MatchInfo {
                score: 80 + (i % 20) as u8,
                kind: MatchKind::Fuzzy,
                origin: format!("memory/reference/earlier-articles.tmx#tu-{i}"),
                adapted: Vec::new(),
                // Every other match records the memory's own source and target, with a
                // meaning-change warning, as prefill writes them.
                source: (i % 8 == 0).then(|| format!("TM source {i} & <not> this")),
                target: (i % 8 == 0).then(|| format!("TM target {i} & <değil>")),
                warnings: if i % 8 == 0 {
                    vec![Warning {
                        kind: WarningKind::Negation,
                        query: String::new(),
                        memory: "not".into(),
                    }]
                } else {
                    Vec::new()
                },
            });
        }
    }
    d
}

fn xmllint() -> Option<PathBuf> {
    let ok = Command::new("xmllint").arg("--version").output().is_ok();
    if !ok {
        common::skip("schema validation: xmllint not found (apt-get install -y libxml2-utils)");
        return None;
    }
    Some(common::schemas())
}

fn validate(schemas: &Path, schema: &str, file: &Path) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schemas.join(schema))
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate against {schema}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exports_of_the_sample_validate_against_the_official_schemas() {
    let Some(schemas) = xmllint() else { return };
    let p = Project::sample();
    let mut checked = 0;
    for f in source::discover(p.path(), &[]).unwrap() {
        let article = load_article(p.path(), &f.slug);
        for lang in [Lang::En, Lang::Tr, Lang::Ru] {
            if lang == f.lang {
                continue;
            }
            let d = mixed_draft(&article, lang);
            d.save(p.path(), &draft_path(&f.slug, lang)).unwrap();
            for (v, schema) in [("2.0", "matches.xsd"), ("1.2", "xliff-core-1.2-strict.xsd")] {
                let out = p.path().join(format!("{}.{lang}.{v}.xlf", f.slug));
                let out_s = out.to_str().unwrap();
                p.run(&[
                    "export",
                    "xliff",
                    &f.slug,
                    "--to",
                    lang.code(),
                    "--version",
                    v,
                    "-o",
                    out_s,
                ])
                .expect_code(0);
                validate(&schemas, schema, &out);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 12);
    // The exports carry the memory's source, not the segment's, in the match.
    let f = &source::discover(p.path(), &[]).unwrap()[0];
    let lang = [Lang::En, Lang::Tr, Lang::Ru]
        .into_iter()
        .find(|&l| l != f.lang)
        .unwrap();
    let article = load_article(p.path(), &f.slug);
    let read =
        |v: &str| std::fs::read_to_string(p.path().join(format!("{}.{lang}.{v}.xlf", f.slug)));
    let (x20, x12) = (read("2.0").unwrap(), read("1.2").unwrap());
    let d = mixed_draft(&article, lang);
    let e = &d.segments[0];
    let m = e.matched.as_ref().unwrap();
    assert_ne!(m.source.as_deref(), Some(e.source.as_str()));
    for x in [&x20, &x12] {
        assert!(x.contains("TM source 0 &amp; &lt;not&gt; this"), "{x}");
        assert!(x.contains("TM target 0 &amp; &lt;değil&gt;"), "{x}");
    }
    assert!(x20.contains("similarity=\"80.0\""));
    assert!(x12.contains("match-quality=\"80\""));
    assert!(x20.contains("<mda:meta type=\"warning\">negation: query —, memory `not`</mda:meta>"));
    // The hand-written CAT-tool fixture is valid XLIFF 2.0 too.
    validate(
        &schemas,
        "matches.xsd",
        &repo().join("tests/fixtures/xliff/omegat-style.xlf"),
    );
}

fn python_has_translate() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import translate.storage.xliff2"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        common::skip("Translate Toolkit check: `pip install translate-toolkit` to run it");
    }
    ok
}

#[test]
fn translate_toolkit_reads_both_versions() {
    if !python_has_translate() {
        return;
    }
    let p = Project::fixture(SMALL);
    p.run(&[
        "export",
        "xliff",
        "route",
        "--to",
        "tr",
        "--version",
        "1.2",
        "-o",
        "route.xlf",
    ])
    .expect_code(0);
    let po = p.path().join("route.po");
    let out = Command::new("xliff2po")
        .arg(p.path().join("route.xlf"))
        .arg(&po)
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let po = std::fs::read_to_string(&po).unwrap();
            assert!(
                po.contains("msgid \"The Middle Corridor\"\nmsgstr \"Orta Koridor\""),
                "{po}"
            );
            assert!(
                po.contains("msgid \"Trade grew by 33% in 2022.\"\nmsgstr \"\""),
                "{po}"
            );
            assert!(
                po.contains("msgid \"Why the route matters.\"\nmsgstr \"Güzergah neden önemli.\""),
                "{po}"
            );
            // Translated entries are approved, so not fuzzy; fuzzy ones are.
            assert!(!po.contains("#, fuzzy\nmsgid \"Why the route"), "{po}");
            assert!(
                po.contains("#, fuzzy\nmsgid \"Ports & rails need money.\""),
                "{po}"
            );
        }
        _ => eprintln!("skipping xliff2po: not found or failed"),
    }
    // XLIFF 2.0 through the toolkit's own 2.0 reader.
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let script = "import sys\nfrom translate.storage import xliff2\n\
f = xliff2.Xliff2File.parsefile(open(sys.argv[1], 'rb'))\n\
for u in f.units: print(u.getid(), '|', u.source, '|', u.target)\n";
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(p.path().join(OUT20))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.contains("faa7be294caf::s1 | The Middle Corridor | Orta Koridor"),
        "{text}"
    );
    assert!(
        text.contains("Ports & rails need money. | Limanlar ve demiryolları <para> istiyor."),
        "{text}"
    );
    assert_eq!(text.lines().count(), 9, "{text}");
}

#[test]
fn snapshot_of_the_small_fixture() {
    let (a, d) = (small_article(), small_draft());
    for (v, name) in [
        (XliffVersion::V2_0, "route.en-tr.xlf"),
        (XliffVersion::V1_2, "route.en-tr.1.2.xlf"),
    ] {
        let got = xliff::export(&a, &d, v);
        common::snapshot(&format!("xliff/{name}"), &got);
    }
}

/// Applies `f` to the XML of unit `id`.
fn edit_unit(x: &str, id: &str, f: impl FnOnce(&str) -> String) -> String {
    let at = x
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no unit {id}"));
    let start = x[..at].rfind('<').unwrap();
    let close = if x[start..].starts_with("<unit") {
        "</unit>"
    } else {
        "</trans-unit>"
    };
    let end = start + x[start..].find(close).unwrap() + close.len();
    format!("{}{}{}", &x[..start], f(&x[start..end]), &x[end..])
}

fn round_trip(version: &str) {
    let p = Project::fixture(SMALL);
    let file = format!("route.{version}.xlf");
    p.run(&[
        "export",
        "xliff",
        "route",
        "--to",
        "tr",
        "--version",
        version,
        "-o",
        &file,
    ])
    .expect_code(0);
    let x = p.read(&file);
    // The translator fills a new unit, confirms a fuzzy one with an edit and signs off a
    // translated one.
    let x = edit_unit(&x, "ef8867b28784", |u| {
        let src = "<source xml:lang=\"en\">Trade grew by 33% in 2022.</source>";
        if u.contains(src) {
            u.replace(src, &format!("{src}\n        <target xml:lang=\"tr\" state=\"translated\">Ticaret 2022'de %33 arttı.</target>"))
                .replace("<trans-unit id=\"ef8867b28784\" xml:space=\"preserve\"", "<trans-unit id=\"ef8867b28784\" xml:space=\"preserve\" approved=\"yes\"")
        } else {
            u.replace("state=\"initial\">", "state=\"translated\">").replace(
                "<source>Trade grew by 33% in 2022.</source>",
                "<source>Trade grew by 33% in 2022.</source>\n        <target>Ticaret 2022'de %33 arttı.</target>",
            )
        }
    });
    let x = edit_unit(&x, "fbd000cc310c", |u| {
        u.replace(
            "state=\"initial\" subState=\"pp:fuzzy\"",
            "state=\"translated\"",
        )
        .replace("state=\"needs-review-translation\"", "state=\"translated\"")
        .replacen(
            "Limanlar ve demiryolları &lt;para&gt; istiyor.</target>\n        <",
            "Limanlar ve demiryolları para istiyor.</target>\n        <",
            1,
        )
        .replacen(
            "<target>Limanlar ve demiryolları &lt;para&gt; istiyor.</target>\n      </segment>",
            "<target>Limanlar ve demiryolları para istiyor.</target>\n      </segment>",
            1,
        )
    });
    let x = edit_unit(&x, "9943862c2061", |u| {
        u.replace(
            "state=\"translated\"",
            if version == "2.0" {
                "state=\"reviewed\""
            } else {
                "state=\"signed-off\""
            },
        )
    });
    p.write(&file, &x);
    let r = p.run(&["import", "xliff", &file]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains("3 applied, 6 unchanged, 0 stale, 0 skipped"),
        "{}",
        r.stderr
    );
    let d = Draft::parse(&p.read(DRAFT), Path::new(DRAFT)).unwrap();
    let by = |id: &str| {
        d.segments
            .iter()
            .find(|e| e.id.as_str() == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by("ef8867b28784").target, "Ticaret 2022'de %33 arttı.");
    assert_eq!(by("ef8867b28784").state, State::Translated);
    let ports = by("fbd000cc310c");
    assert_eq!(
        (ports.target.as_str(), ports.state),
        ("Limanlar ve demiryolları para istiyor.", State::Translated),
        "{x}"
    );
    assert_eq!(ports.previous_source, None);
    assert_eq!(by("9943862c2061").state, State::Reviewed);
    // Everything else is as it was.
    let before = small_draft();
    for e in &before.segments {
        if !["ef8867b28784", "fbd000cc310c", "9943862c2061"].contains(&e.id.as_str()) {
            assert_eq!(&by(e.id.as_str()), e);
        }
    }
    // Importing the same file again changes nothing.
    let again = p.run(&["import", "xliff", &file, "--json"]);
    again.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(v["written"], false);
    assert_eq!(v["unchanged"], 9);
    assert_eq!(v["draft"], DRAFT);
}

#[test]
fn round_trip_with_translator_edits_2_0() {
    round_trip("2.0");
}

#[test]
fn round_trip_with_translator_edits_1_2() {
    round_trip("1.2");
}

#[test]
fn a_unit_whose_source_changed_is_stale_and_not_applied() {
    let p = Project::fixture(SMALL);
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = edit_unit(&p.read(OUT20), "1141401cf0dd", |u| {
        u.replace(
            "<source>A plain sentence.</source>",
            "<source>A plain, edited sentence.</source>\n        <target>Düz bir cümle.</target>",
        )
    });
    p.write(OUT20, x);
    let before = p.read(DRAFT);
    let r = p.run(&["import", "xliff", OUT20]);
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("unit `1141401cf0dd`: stale: source changed since the export"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.starts_with("xliff/route.en-tr.xlf:"),
        "{}",
        r.stdout
    );
    assert_eq!(p.read(DRAFT), before);
}

#[test]
fn a_target_that_lost_a_placeholder_fails_and_writes_nothing() {
    let p = Project::fixture(SMALL);
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = edit_unit(&p.read(OUT20), "332fbf9729ad", |u| {
        let t = u.find("<target>").unwrap();
        let e = u.find("</target>").unwrap();
        format!("{}<target>Rapora bakınız.</target>{}", &u[..t], &u[e + 9..])
    });
    // Another, valid edit in the same file is not applied either.
    let x = edit_unit(&x, "1141401cf0dd", |u| {
        u.replace(
            "<source>A plain sentence.</source>",
            "<source>A plain sentence.</source>\n        <target>Düz bir cümle.</target>",
        )
    });
    p.write(OUT20, x);
    let before = p.read(DRAFT);
    let r = p.run(&["import", "xliff", OUT20]);
    r.expect_code(2);
    assert!(r.stderr.contains("xliff/route.en-tr.xlf:"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unit `332fbf9729ad`: placeholder `{1}` of the source is missing from the target"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_eq!(p.read(DRAFT), before);
}

#[test]
fn an_xliff_from_another_article_is_refused() {
    let p = Project::fixture(SMALL);
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = p
        .read(OUT20)
        .replace("sources/route/en.md", "sources/other/en.md");
    p.write(OUT20, x);
    let r = p.run(&["import", "xliff", OUT20]);
    r.expect_code(2);
    assert!(r.stderr.contains("no article `other`"), "{}", r.stderr);
    // The library refuses a file that names another article than the one it is given, or
    // other languages than the draft's.
    let a = small_article();
    let d = small_draft();
    let x = xliff::export(&a, &d, XliffVersion::V2_0)
        .replace("sources/route/en.md", "sources/other/en.md");
    let e = xliff::import(&x, Path::new("in.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(e.contains("this XLIFF is for `sources/other/en.md` (en → tr), not for `sources/route/en.md` (en → tr)"), "{e}");
    let x = xliff::export(&a, &d, XliffVersion::V1_2)
        .replace("target-language=\"tr\"", "target-language=\"ru\"");
    let e = xliff::import(&x, Path::new("in.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("(en → ru), not for `sources/route/en.md` (en → tr)"),
        "{e}"
    );
}

#[test]
fn malformed_xml_is_an_error_with_line_and_column() {
    let p = Project::fixture(SMALL);
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = p.read(OUT20).replacen(
        "<source>A plain sentence.</source>",
        "<source>A plain sentence.</sorce>",
        1,
    );
    let line = x.lines().position(|l| l.contains("</sorce>")).unwrap() + 1;
    p.write(OUT20, x);
    let r = p.run(&["import", "xliff", OUT20]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(&format!("xliff/route.en-tr.xlf:{line}:")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("malformed XML"), "{}", r.stderr);
}

#[test]
fn a_cat_tool_file_with_foreign_markup_imports() {
    let p = Project::fixture(SMALL);
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/xliff/omegat-style.xlf")).unwrap();
    p.write("omegat.xlf", fixture);
    let r = p.run(&["import", "xliff", "omegat.xlf", "--json"]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["applied"],
        serde_json::json!([
            "332fbf9729ad",
            "e4e68882c656",
            "eebd046c9a9e",
            "ef8867b28784"
        ]),
        "{}",
        r.stdout
    );
    let d = Draft::parse(&p.read(DRAFT), Path::new(DRAFT)).unwrap();
    let by = |id: &str| {
        d.segments
            .iter()
            .find(|e| e.id.as_str() == id)
            .unwrap()
            .clone()
    };
    let e = by("e4e68882c656");
    assert_eq!(
        e.target,
        "Bakanlar pazartesi günü {1}Bakü ve {2}Tiflis{/2}{/1}'de toplandı.{3/}"
    );
    assert_eq!(e.state, State::Translated);
    assert_eq!(by("ef8867b28784").target, "Ticaret %33 arttı (2022'de).");
    assert_eq!(by("332fbf9729ad").state, State::Reviewed);
    assert_eq!(by("eebd046c9a9e").state, State::Fuzzy);
    assert_eq!(
        by("faa7be294caf").state,
        State::Reviewed,
        "a lower state never downgrades"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let p = Project::fixture(SMALL);
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/xliff/omegat-style.xlf")).unwrap();
    p.write("omegat.xlf", fixture);
    let before = p.read(DRAFT);
    let r = p.run(&["import", "xliff", "omegat.xlf", "--dry-run"]);
    r.expect_code(0);
    assert!(r.stderr.contains("dry run: would update"), "{}", r.stderr);
    assert_eq!(p.read(DRAFT), before);
}

#[test]
fn export_to_stdout_and_default_path() {
    let p = Project::fixture(SMALL);
    let r = p.run(&["export", "xliff", "route", "--to", "tr", "-o", "-"]);
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        xliff::export(&small_article(), &small_draft(), XliffVersion::V2_0)
    );
    let r = p.run(&["export", "xliff", "route", "--to", "tr"]);
    r.expect_code(0);
    assert_eq!(r.stdout, "xliff/route.en-tr.xlf\n");
    let r = p.run(&["export", "xliff", "route", "--to", "en"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("expected a target language other than the source's"),
        "{}",
        r.stderr
    );
}

fn arb_text(tokens: Vec<String>) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zçşğüöıA-Z<>&\"' .,\\r\\n\\t\\u{1}é]{1,8}".prop_map(|s| s),
        proptest::sample::select(if tokens.is_empty() {
            vec!["x".to_string()]
        } else {
            tokens
        }),
    ];
    proptest::collection::vec(piece, 1..6).prop_map(|v| format!("a{}", v.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn export_then_import_is_the_identity(
        choices in proptest::collection::vec((0..4u8, any::<bool>(), any::<bool>(), any::<bool>()), 9),
        texts in proptest::collection::vec(arb_text(vec!["{1}".into(), "{/1}".into(), "{2}".into(), "{/2}".into(), "{3/}".into(), "{2/}".into()]), 9),
        v12 in any::<bool>(),
    ) {
        let a = small_article();
        let mut d = Draft::empty(&a, Lang::Tr);
        for (i, e) in d.segments.iter_mut().enumerate() {
            let (s, with_match, with_note, with_prev) = choices[i];
            e.state = [State::New, State::Fuzzy, State::Translated, State::Reviewed][s as usize];
            if e.state != State::New {
                e.target = texts[i].clone();
                if with_match {
                    e.matched = Some(MatchInfo { adapted: vec!["1 → 2".into()], ..MatchInfo::new(MatchKind::Context, 101, "m.tmx#1") });
                }
            }
            if with_note { e.note = Some(format!("note <{i}> & \"x\"\r\n")); }
            if with_prev { e.previous_source = Some(texts[(i + 1) % 9].clone()); }
        }
        let v = if v12 { XliffVersion::V1_2 } else { XliffVersion::V2_0 };
        let x = xliff::export(&a, &d, v);
        let (back, report) = xliff::import(&x, Path::new("x.xlf"), &a, &d).unwrap();
        prop_assert_eq!(&back, &d, "{}", x);
        prop_assert!(report.applied.is_empty() && report.stale.is_empty() && report.skipped.is_empty());
    }
}

/// A memory whose fuzzy matches differ from the article's sentences: a number, a word, and
/// markup (`{1}…{/1}` from the TMX's `<bpt>`/`<ept>`).
const MATCH_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
  <body>
    <tu tuid="num">
      <tuv xml:lang="en"><seg>The leaders signed 15 documents at the summit in Astana.</seg></tuv>
      <tuv xml:lang="tr"><seg>Liderler Astana'daki zirvede 15 belge imzaladı.</seg></tuv>
    </tu>
    <tu tuid="word">
      <tuv xml:lang="en"><seg>The ministers will discuss the new transport corridor today.</seg></tuv>
      <tuv xml:lang="tr"><seg>Bakanlar bugün yeni ulaştırma koridorunu görüşecek.</seg></tuv>
    </tu>
    <tu tuid="markup">
      <tuv xml:lang="en"><seg>Trade along the <bpt i="1">&lt;b&gt;</bpt>Middle Corridor<ept i="1">&lt;/b&gt;</ept> grew by a third last year.</seg></tuv>
      <tuv xml:lang="tr"><seg><bpt i="1">&lt;b&gt;</bpt>Orta Koridor<ept i="1">&lt;/b&gt;</ept> boyunca ticaret geçen yıl üçte bir arttı.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

const MATCH_ARTICLE: &str = "+++
title = \"Summit\"
lang = \"en\"
date = \"2023-01-01\"
author = \"A. Writer\"
+++

The leaders signed 16 documents at the summit in Astana.

The ministers will discuss the new rail corridor today.

Trade along the Middle Corridor grew by a third last year.
";

/// `prefill` from a real memory, then both exports: every match carries the memory's source
/// (not the segment's) and target, with its score, and the files are schema-valid.
#[test]
fn prefilled_matches_carry_the_memorys_source_and_target_in_both_versions() {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write("memory/news.tmx", MATCH_TMX);
    p.write("sources/summit/en.md", MATCH_ARTICLE);
    p.run(&["prefill"]).expect_code(0);
    let d = Draft::parse(
        &p.read("sources/summit/tr.json"),
        Path::new("sources/summit/tr.json"),
    )
    .unwrap();
    // The draft's match records the memory's source beside the segment's.
    let recorded: Vec<(&str, &str, &str)> = d
        .segments
        .iter()
        .filter_map(|e| {
            let m = e.matched.as_ref()?;
            Some((
                e.source.as_str(),
                m.source.as_deref().unwrap(),
                m.target.as_deref().unwrap(),
            ))
        })
        .collect();
    assert_eq!(
        recorded,
        [
            (
                "The leaders signed 16 documents at the summit in Astana.",
                "The leaders signed 15 documents at the summit in Astana.",
                "Liderler Astana'daki zirvede 16 belge imzaladı.",
            ),
            (
                "The ministers will discuss the new rail corridor today.",
                "The ministers will discuss the new transport corridor today.",
                "Bakanlar bugün yeni ulaştırma koridorunu görüşecek.",
            ),
            (
                "Trade along the Middle Corridor grew by a third last year.",
                "Trade along the {1}Middle Corridor{/1} grew by a third last year.",
                "{1}Orta Koridor{/1} boyunca ticaret geçen yıl üçte bir arttı.",
            ),
        ]
    );
    let scores: Vec<u8> = d
        .segments
        .iter()
        .filter_map(|e| Some(e.matched.as_ref()?.score))
        .collect();
    assert_eq!(scores, [99, 83, 84]);
    for (v, schema) in [("2.0", "matches.xsd"), ("1.2", "xliff-core-1.2-strict.xsd")] {
        let out = p.path().join(format!("summit.{v}.xlf"));
        p.run(&[
            "export",
            "xliff",
            "summit",
            "--to",
            "tr",
            "--version",
            v,
            "-o",
            out.to_str().unwrap(),
        ])
        .expect_code(0);
        if let Some(schemas) = xmllint() {
            validate(&schemas, schema, &out);
        }
        let x = std::fs::read_to_string(&out).unwrap();
        let (tag, attr) = if v == "2.0" {
            ("match", "similarity")
        } else {
            ("alt-trans", "match-quality")
        };
        let matches = matches_in(&x, tag, attr);
        assert_eq!(matches.len(), 3, "{x}");
        for ((m, (segment, source, target)), score) in matches.iter().zip(&recorded).zip(&scores) {
            // `{1}…{/1}` is a paired code: `<pc>` in 2.0, `<g>` in 1.2.
            let code = if v == "2.0" { "pc" } else { "g" };
            let marked = |s: &str| {
                s.replace("{1}", &format!("[{code}]"))
                    .replace("{/1}", &format!("[/{code}]"))
            };
            assert_eq!(m.source, marked(source), "{v}");
            assert_ne!(m.source, *segment, "{v}: the segment's own source");
            assert_eq!(m.target, marked(target), "{v}");
            let want = if v == "2.0" {
                format!("{score}.0")
            } else {
                score.to_string()
            };
            assert_eq!(m.quality, want, "{v}");
        }
    }
}

/// One `<mtc:match>` or `<alt-trans>`: its quality attribute and the text of its source and
/// target, each inline code shown as `[name]…[/name]` (or `[name/]`).
#[derive(Debug)]
struct XliffMatch {
    quality: String,
    source: String,
    target: String,
}

/// Every `tag` element of an XLIFF file, read with a real XML parser.
fn matches_in(x: &str, tag: &str, attr: &str) -> Vec<XliffMatch> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(x);
    let mut out = Vec::new();
    let mut inside: Option<XliffMatch> = None;
    let mut part: Option<&str> = None;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap().to_string();
                if name == tag {
                    let quality = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.local_name().as_ref() == attr.as_bytes())
                        .map(|a| a.unescape_value().unwrap().into_owned())
                        .unwrap_or_default();
                    inside = Some(XliffMatch {
                        quality,
                        source: String::new(),
                        target: String::new(),
                    });
                } else if let (Some(m), Some(p)) = (inside.as_mut(), part) {
                    let text = if p == "source" {
                        &mut m.source
                    } else {
                        &mut m.target
                    };
                    text.push_str(&format!("[{name}]"));
                } else if inside.is_some() && (name == "source" || name == "target") {
                    part = Some(if name == "source" { "source" } else { "target" });
                }
            }
            Event::Empty(e) => {
                if let (Some(m), Some(p)) = (inside.as_mut(), part) {
                    let name = e.local_name();
                    let name = std::str::from_utf8(name.as_ref()).unwrap();
                    let text = if p == "source" {
                        &mut m.source
                    } else {
                        &mut m.target
                    };
                    text.push_str(&format!("[{name}/]"));
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap();
                if name == tag {
                    out.extend(inside.take());
                } else if part.is_some_and(|p| p == name) {
                    part = None;
                } else if let (Some(m), Some(p)) = (inside.as_mut(), part) {
                    let text = if p == "source" {
                        &mut m.source
                    } else {
                        &mut m.target
                    };
                    text.push_str(&format!("[/{name}]"));
                }
            }
            Event::Text(t) => {
                if let (Some(m), Some(p)) = (inside.as_mut(), part) {
                    let t = t.decode().unwrap();
                    if p == "source" {
                        m.source.push_str(&t);
                    } else {
                        m.target.push_str(&t);
                    }
                }
            }
            Event::GeneralRef(g) => {
                if let (Some(m), Some(p)) = (inside.as_mut(), part) {
                    let name = g.decode().unwrap();
                    let c = quick_xml::escape::resolve_predefined_entity(&name).unwrap_or("");
                    if p == "source" {
                        m.source.push_str(c);
                    } else {
                        m.target.push_str(c);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
