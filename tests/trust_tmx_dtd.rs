//! The TMX polypress writes back is valid against the TMX 1.4b DTD (`tests/schemas/tmx14.dtd`,
//! checked by `xmllint --dtdvalid`) whatever it read: files from other tools with codes that
//! lack required attributes (`<ept>` without `i`, `<it>` without `pos`), attributes the DTD
//! does not declare, unbalanced `<hi>`, foreign markup inside a code, and every real fixture.
//! Both `memory/project.tmx` (after `tm import`) and `tm export` are checked. Skips with a
//! message when xmllint is missing (fails under POLYPRESS_REQUIRE_TOOLS=1).

mod common;

use std::path::Path;
use std::process::Command;

use common::Project;
use polypress::memory::{tmx, InlineCode, InlineElement, Tu, Variant};
use polypress::model::{CodeRole, Lang};

fn have_xmllint() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// xmllint's verdict on `file` against the TMX 1.4b DTD: `Err` with its messages.
fn dtd_valid(file: &Path) -> Result<(), String> {
    let schemas = common::repo().join("tests/schemas");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(schemas.join("tmx14.dtd"))
        .arg(file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/>\n<body>\n";

fn doc(tus: &str) -> String {
    format!("{HEAD}{tus}\n</body>\n</tmx>\n")
}

fn tu(n: usize, en: &str, tr: &str, tu_attrs: &str) -> String {
    format!(
        "<tu tuid=\"t{n}\"{tu_attrs}><tuv xml:lang=\"en\"><seg>{en}</seg></tuv><tuv xml:lang=\"tr\"><seg>{tr}</seg></tuv></tu>"
    )
}

/// Odd but well-formed files, as other tools (or an attacker) write them.
fn odd_files() -> Vec<(&'static str, String)> {
    let mut v = vec![
        (
            "ept without i",
            doc(&tu(
                1,
                "Press <bpt i=\"1\">&lt;b&gt;</bpt>OK<ept>&lt;/b&gt;</ept> now.",
                "<bpt i=\"1\">&lt;b&gt;</bpt>Tamam<ept>&lt;/b&gt;</ept> düğmesine basın.",
                "",
            )),
        ),
        (
            "bpt and ept without i",
            doc(&tu(
                2,
                "A <bpt x=\"1\">[</bpt>link<ept>]</ept> here.",
                "Burada bir <bpt x=\"1\">[</bpt>bağlantı<ept>]</ept> var.",
                "",
            )),
        ),
        (
            "it without pos",
            doc(&tu(
                3,
                "Cut <it>&lt;b&gt;</it>off here.",
                "Burada <it>&lt;b&gt;</it>kesik.",
                "",
            )),
        ),
        (
            "undeclared attributes",
            doc(
                "<tu tuid=\"t4\" x-origin=\"mt\" segtype=\"word\" xmlns:foo=\"urn:x\" foo:bar=\"1\"><note x-kind=\"a\">n</note><prop type=\"x-a\" x-b=\"c\">p</prop><tuv xml:lang=\"en\" x-quality=\"90\"><seg>The <ph x=\"1\" foo=\"2\">&lt;br/&gt;</ph> break <bpt i=\"5\" rid=\"5\">*</bpt>here<ept i=\"5\" rid=\"5\">*</ept>.</seg></tuv><tuv xml:lang=\"tr\" xmlns:foo=\"urn:x\" foo:q=\"z\"><seg>Kırılma <ph x=\"1\">&lt;br/&gt;</ph> <bpt i=\"5\">*</bpt>burada<ept i=\"5\">*</ept>.</seg></tuv></tu>"
            ),
        ),
        (
            "unbalanced hi",
            doc(&tu(
                5,
                "One <hi type=\"b\">bold</hi> word and <hi>another <hi x=\"2\">nested</hi> one</hi>.",
                "Bir <hi type=\"b\">kalın</hi> sözcük ve <hi>bir <hi x=\"2\">iç içe</hi> daha</hi>.",
                "",
            )),
        ),
        (
            "foreign markup inside codes",
            doc(&tu(
                6,
                "See <ph x=\"1\"><foo>raw</foo></ph> and <bpt i=\"2\"><sub type=\"x\" bogus=\"1\">t</sub></bpt>it<ept i=\"2\"><bpt i=\"9\">?</bpt></ept>.",
                "Bakınız <ph x=\"1\"><foo>raw</foo></ph> ve <bpt i=\"2\"><sub type=\"x\" bogus=\"1\">t</sub></bpt>o<ept i=\"2\"><bpt i=\"9\">?</bpt></ept>.",
                "",
            )),
        ),
        (
            "valid sub kept",
            doc(&tu(
                7,
                "A <ph x=\"1\">&lt;img alt=\"<sub type=\"alt\">Map</sub>\"&gt;</ph> map.",
                "Bir <ph x=\"1\">&lt;img alt=\"<sub type=\"alt\">Harita</sub>\"&gt;</ph> harita.",
                "",
            )),
        ),
    ];
    // Every real fixture, as read.
    let fixtures = common::repo().join("tests/fixtures/tmx");
    for name in [
        "memoq_export.tmx",
        "okapi_inline.tmx",
        "omegat_project_save.tmx",
        "trados_utf16le.tmx",
        "lisa/ExportTest1B.tmx",
        "lisa/ImportTest1H.tmx",
        "lisa/ImportTest1J_many.tmx",
    ] {
        let bytes = std::fs::read(fixtures.join(name)).unwrap();
        if let Ok(d) = tmx::parse(&bytes, Path::new(name)) {
            v.push((name, tmx::write(&d.tus, &Lang::ALL).unwrap()));
        }
    }
    v
}

#[test]
fn tmx_written_back_from_odd_files_is_dtd_valid() {
    if !have_xmllint() {
        common::skip("xmllint not installed (apt-get install libxml2-utils)");
        return;
    }
    let mut imported = 0;
    for (what, text) in odd_files() {
        let p = Project::empty();
        p.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
        p.write("in.tmx", &text);
        let r = p.run(&["tm", "import", "in.tmx"]);
        if r.code != 0 {
            // A file polypress refuses must say why; nothing is written then.
            r.expect_code(2);
            assert!(r.stderr.contains("in.tmx"), "{what}: {}", r.stderr);
            continue;
        }
        imported += 1;
        let project = p.path().join("memory/project.tmx");
        dtd_valid(&project).unwrap_or_else(|e| {
            panic!(
                "{what}: memory/project.tmx is not DTD-valid:\n{e}\n{}",
                p.read("memory/project.tmx")
            )
        });
        p.run(&["tm", "export", "out.tmx"]).expect_code(0);
        dtd_valid(&p.path().join("out.tmx"))
            .unwrap_or_else(|e| panic!("{what}: tm export is not DTD-valid:\n{e}"));
        // Read back, it still holds the TU (and a second write is the same file).
        let again = tmx::parse(project_bytes(&project).as_bytes(), &project).unwrap();
        assert!(!again.tus.is_empty(), "{what}");
        let rewritten = tmx::write(&again.tus, &Lang::ALL).unwrap();
        assert_eq!(rewritten, project_bytes(&project), "{what}: stable");
    }
    assert!(imported >= 7, "the odd files are read ({imported})");
}

fn project_bytes(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn tmx_kept_attributes_survive_as_props() {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write(
        "in.tmx",
        doc(&tu(1, "Hello there.", "Merhaba.", " x-origin=\"mt\"")),
    );
    p.run(&["tm", "import", "in.tmx"]).expect_code(0);
    let mem = p.read("memory/project.tmx");
    assert!(
        mem.contains("<prop type=\"x-attribute:x-origin\">mt</prop>"),
        "{mem}"
    );
}

/// TUs built in code with every combination of inline element and role, missing and stray
/// attributes, and text that drops half of a pair: each written file is DTD-valid.
#[test]
fn every_code_shape_writes_dtd_valid_tmx() {
    if !have_xmllint() {
        common::skip("xmllint not installed (apt-get install libxml2-utils)");
        return;
    }
    let elements = [
        InlineElement::Bpt,
        InlineElement::Ept,
        InlineElement::Ph,
        InlineElement::It,
        InlineElement::Ut,
        InlineElement::Hi,
        InlineElement::Literal,
    ];
    let roles = [CodeRole::Open, CodeRole::Close, CodeRole::Standalone];
    let attr_sets: [&[(&str, &str)]; 4] = [
        &[],
        &[("i", "3"), ("x", "1"), ("type", "bold")],
        &[("pos", "middle"), ("foo", "bar"), ("assoc", "p")],
        &[("xml:lang", "en"), ("i", "")],
    ];
    let texts = [
        "a {1}b{/1} c {2/}",
        "a {/1}b{1} c",
        "{1}a {2}b{/1} c{/2}",
        "only {1} open",
        "only {/1} close",
        "{1/} {2/} {3}x{/3}",
    ];
    let mut tus = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        for (e, el) in elements.iter().enumerate() {
            for attrs in attr_sets {
                let mut v = Variant::new(Lang::En, *text);
                for id in 1..=3u32 {
                    for (r, role) in roles.iter().enumerate() {
                        let element = elements[(e + r + id as usize) % elements.len()];
                        let element = if id == 1 { *el } else { element };
                        v.codes.push(InlineCode {
                            id,
                            role: *role,
                            element,
                            attrs: attrs
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.to_string()))
                                .collect(),
                            content: "<b & \"c\">".into(),
                            xml: (n % 2 == 0).then(|| "<sub><foo/></sub>".to_string()),
                        });
                    }
                }
                let mut t = Tu::default();
                t.variants.insert(Lang::En, v);
                t.variants
                    .insert(Lang::Tr, Variant::new(Lang::Tr, "{1}çeviri{/1}"));
                t.info_mut().attrs.push(("segtype".into(), "word".into()));
                t.info_mut().attrs.push(("a:b".into(), "\u{1}".into()));
                tus.push(t);
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes.tmx");
    std::fs::write(&path, tmx::write(&tus, &Lang::ALL).unwrap()).unwrap();
    dtd_valid(&path).unwrap_or_else(|e| panic!("not DTD-valid:\n{e}"));
}

#[test]
fn built_aligned_tmx_is_dtd_valid() {
    if !have_xmllint() {
        common::skip("xmllint not installed (apt-get install libxml2-utils)");
        return;
    }
    let p = Project::sample();
    p.run(&["build", "-q"]).expect_code(0);
    let mut checked = 0;
    for f in std::fs::read_dir(p.path().join("output/aligned")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "tmx") {
            dtd_valid(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            checked += 1;
        }
    }
    assert_eq!(checked, 3, "one TMX per sample article");
}
