//! The TMX we write, checked by real tools: `xmllint` against the TMX 1.4 DTD
//! (`tests/schemas/tmx14.dtd`, vendored) and translate-toolkit's TMX reader (the storage class its
//! converters use). Each check prints `SKIP` with the reason when its tool is missing (and
//! fails instead under POLYPRESS_REQUIRE_TOOLS=1); CI installs both (`apt-get install libxml2-utils`, `pip install translate-toolkit`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use polypress::memory::{tmx, Tu, Variant};
use polypress::model::{scan_placeholders, Lang};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx")
}

/// Every TU of the good fixtures plus a few written from scratch with awkward text.
fn sample() -> Vec<Tu> {
    let mut tus = Vec::new();
    for name in [
        "memoq_export.tmx",
        "okapi_inline.tmx",
        "omegat_project_save.tmx",
        "trados_utf16le.tmx",
    ] {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        tus.extend(tmx::parse(&bytes, Path::new(name)).unwrap().tus);
    }
    for (en, tr) in [
        ("Tom & Jerry <3 \"quotes\"", "Tom & Jerry <3 \"tırnak\""),
        (
            "Press {1}OK{/1} then {2/}",
            "{1}Tamam{/1} düğmesine, sonra {2/}",
        ),
        ("  leading and trailing  ", "  baştaki ve sondaki  "),
    ] {
        let mut tu = Tu::default();
        tu.variants.insert(Lang::En, Variant::new(Lang::En, en));
        tu.variants.insert(Lang::Tr, Variant::new(Lang::Tr, tr));
        let v = tu.variants.get_mut(&Lang::En).unwrap();
        v.info_mut().context_prev = Some("Before.".into());
        v.info_mut().context_next = Some("After.".into());
        tus.push(tu);
    }
    tus
}

fn write_sample(dir: &Path) -> PathBuf {
    let xml = tmx::write(&sample(), &Lang::ALL).unwrap();
    let path = dir.join("export.tmx");
    std::fs::write(&path, xml).unwrap();
    path
}

/// The text as a reader that flattens inline codes to their native-code text sees it.
fn without_codes(v: &Variant) -> String {
    let mut out = String::new();
    let mut at = 0;
    for (range, id, role) in scan_placeholders(&v.text) {
        out.push_str(&v.text[at..range.start]);
        if let Some(c) = v.codes.iter().find(|c| c.id == id && c.role == role) {
            out.push_str(&c.content);
        }
        at = range.end;
    }
    out.push_str(&v.text[at..]);
    out
}

fn has(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn written_tmx_is_valid_against_the_tmx14_dtd() {
    let schemas = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/schemas");
    let dtd = schemas.join("tmx14.dtd");
    if !has("xmllint", &["--version"]) {
        common::skip("xmllint not installed (apt-get install libxml2-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path());
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--path"])
        .arg(&schemas)
        .arg("--dtdvalid")
        .arg(&dtd)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint rejected our TMX:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const READER: &str = r#"
import json, sys
from translate.storage import tmx
store = tmx.tmxfile(open(sys.argv[1], "rb"), sourcelanguage="en", targetlanguage="tr")
print(json.dumps([[u.source, u.target] for u in store.units], ensure_ascii=False))
"#;

#[test]
fn translate_toolkit_reads_what_we_write() {
    if !has("python3", &["-c", "import translate.storage.tmx"]) {
        common::skip("translate-toolkit not installed (pip install translate-toolkit)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_sample(dir.path());
    let out = Command::new("python3")
        .args(["-c", READER])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "translate-toolkit failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let units: Vec<(Option<String>, Option<String>)> = serde_json::from_slice(&out.stdout).unwrap();
    let tus = sample();
    assert_eq!(units.len(), tus.len(), "one unit per TU");
    // Units whose `xml:lang` is plain `en`/`tr` (translate-toolkit matches the tag literally)
    // must come back with the same text; it flattens inline codes to their content.
    let mut compared = 0;
    for (tu, (source, target)) in tus.iter().zip(&units) {
        let plain = |lang: Lang| {
            tu.variants
                .get(&lang)
                .filter(|v| v.info().lang_tag.is_empty())
                .map(without_codes)
        };
        let Some(en) = plain(Lang::En) else { continue };
        assert_eq!(source.as_deref(), Some(en.as_str()));
        if let Some(tr) = plain(Lang::Tr) {
            assert_eq!(target.as_deref(), Some(tr.as_str()));
        }
        compared += 1;
    }
    assert!(compared >= 4, "compared {compared}");
}
