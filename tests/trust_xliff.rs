//! XLIFF imports never overwrite newer work, and report every problem at once.

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const DRAFT: &str = "sources/route/tr.json";
const OUT20: &str = "xliff/route.en-tr.xlf";

fn draft(p: &Project) -> Draft {
    serde_json::from_str(&p.read(DRAFT)).unwrap()
}

fn correct_in_draft(p: &Project, id: &str, text: &str) {
    let mut d = draft(p);
    let e = d.segments.iter_mut().find(|e| e.id.as_str() == id).unwrap();
    e.target = text.to_string();
    e.state = State::Reviewed;
    d.save(p.path(), std::path::Path::new(DRAFT)).unwrap();
}

#[test]
fn older_xliff_than_the_draft_is_a_conflict_and_force_takes_the_file() {
    for version in ["2.0", "1.2"] {
        let p = Project::fixture("xliff/small");
        let out = if version == "2.0" {
            OUT20.to_string()
        } else {
            "old.xlf".to_string()
        };
        p.run(&[
            "export",
            "xliff",
            "route",
            "--to",
            "tr",
            "--version",
            version,
            "-o",
            &out,
        ])
        .expect_code(0);
        p.run(&["import", "xliff", &out]).expect_code(0);
        // The editor corrects a target in the draft after the export.
        correct_in_draft(&p, "9943862c2061", "Güzergâh neden önemlidir.");
        let before = p.read(DRAFT);
        let r = p.run(&["import", "xliff", &out]);
        r.expect_code(1);
        assert!(
            r.stdout.contains("unit `9943862c2061`: skipped: conflict"),
            "{version}: {}",
            r.stdout
        );
        assert_eq!(p.read(DRAFT), before, "{version}: the correction is kept");
        p.run(&["import", "xliff", &out, "--force"]).expect_code(0);
        let e = draft(&p)
            .segments
            .into_iter()
            .find(|e| e.id.as_str() == "9943862c2061")
            .unwrap();
        assert_eq!(
            e.target, "Güzergah neden önemli.",
            "{version}: --force takes the file's"
        );
    }
}

#[test]
fn unchanged_draft_accepts_the_translators_edits() {
    let p = Project::fixture("xliff/small");
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = p
        .read(OUT20)
        .replace("Güzergah neden önemli.", "Güzergâhın önemi.");
    p.write(OUT20, x);
    p.run(&["import", "xliff", OUT20]).expect_code(0);
    assert!(p.read(DRAFT).contains("Güzergâhın önemi."));
}

#[test]
fn import_reports_every_broken_placeholder() {
    let p = Project::fixture("xliff/small");
    p.run(&["export", "xliff", "route", "--to", "tr"])
        .expect_code(0);
    let x = p.read(OUT20);
    // Drop every inline code from every target.
    let mut out = String::new();
    let mut rest = x.as_str();
    while let Some(i) = rest.find("<target>") {
        let j = rest[i..].find("</target>").unwrap() + i;
        out.push_str(&rest[..i + 8]);
        let inner = &rest[i + 8..j];
        let plain: String = {
            let mut s = String::new();
            let mut depth = 0;
            for c in inner.chars() {
                match c {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    _ if depth == 0 => s.push(c),
                    _ => {}
                }
            }
            s
        };
        out.push_str(&format!("{plain} changed"));
        rest = &rest[j..];
    }
    out.push_str(rest);
    p.write(OUT20, out);
    let before = p.read(DRAFT);
    let r = p.run(&["import", "xliff", OUT20]);
    r.expect_code(2);
    let n = r.stderr.matches("is missing from the target").count();
    assert!(n >= 2, "every broken unit is listed: {}", r.stderr);
    assert!(
        r.stderr.contains("units have broken placeholders"),
        "{}",
        r.stderr
    );
    assert_eq!(p.read(DRAFT), before);
}

fn exported(p: &Project, version: &str) -> String {
    p.run(&[
        "export",
        "xliff",
        "route",
        "--to",
        "tr",
        "--version",
        version,
        "-o",
        "x.xlf",
    ])
    .expect_code(0);
    p.read("x.xlf")
}

fn import_fails_with(p: &Project, text: &str, want: &str) {
    p.write("x.xlf", text);
    let before = p.read(DRAFT);
    let r = p.run(&["import", "xliff", "x.xlf"]);
    r.expect_code(2);
    assert!(r.stderr.contains(want), "want `{want}`:\n{}", r.stderr);
    assert_eq!(p.read(DRAFT), before);
}

#[test]
fn empty_xliff_is_named_as_xliff() {
    let p = Project::fixture("xliff/small");
    import_fails_with(&p, "", "no root element (expected `<xliff>`)");
    let r = p.run(&["import", "xliff", "x.xlf"]);
    assert!(
        !r.stderr.to_lowercase().contains("markdown"),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_xliff_state_is_an_error() {
    let p = Project::fixture("xliff/small");
    let x = exported(&p, "2.0").replacen("state=\"translated\"", "state=\"bogus\"", 1);
    import_fails_with(
        &p,
        &x,
        "`state=\"bogus\"` (expected initial, translated, reviewed or final)",
    );
    let x = exported(&p, "1.2").replacen("state=\"translated\"", "state=\"bogus\"", 1);
    import_fails_with(&p, &x, "`state=\"bogus\"` (expected one of");
}

#[test]
fn duplicate_unit_ids_are_an_error() {
    let p = Project::fixture("xliff/small");
    let x = exported(&p, "2.0");
    let start = x.find("    <unit ").unwrap();
    let end = x[start..].find("</unit>\n").unwrap() + start + 8;
    let unit = &x[start..end];
    let doubled = format!("{}{unit}{unit}{}", &x[..start], &x[end..]);
    import_fails_with(&p, &doubled, "appears twice");
}

#[test]
fn nul_code_point_is_refused() {
    let p = Project::fixture("xliff/small");
    let x = exported(&p, "2.0").replacen(
        "<target>Güzergah neden önemli.</target>",
        "<target>Güzergah<cp hex=\"0000\"/> neden önemli!</target>",
        1,
    );
    import_fails_with(&p, &x, "`<cp hex=\"0000\">` is not a character");
}

#[test]
fn xliff_1_1_is_read() {
    let p = Project::fixture("xliff/small");
    let x = exported(&p, "1.2")
        .replace(
            "urn:oasis:names:tc:xliff:document:1.2",
            "urn:oasis:names:tc:xliff:document:1.1",
        )
        .replace("version=\"1.2\"", "version=\"1.1\"")
        .replace("Güzergah neden önemli.", "Güzergâhın önemi.");
    p.write("x.xlf", x);
    p.run(&["import", "xliff", "x.xlf"]).expect_code(0);
    assert!(p.read(DRAFT).contains("Güzergâhın önemi."));
}

#[test]
fn foreign_xliff_is_named_before_its_codes() {
    let p = Project::fixture("xliff/small");
    let x = "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"tr\">\n  <file>\n    <unit id=\"u1\"><segment><source>A <ph id=\"abc\"/></source><target>B <ph id=\"abc\"/></target></segment></unit>\n  </file>\n</xliff>\n";
    import_fails_with(&p, x, "the file names no article");
}

#[test]
fn two_imports_at_once_apply_both_files() {
    let p = Project::fixture("xliff/small");
    p.run(&["export", "xliff", "route", "--to", "tr", "-o", "a.xlf"])
        .expect_code(0);
    let x = p.read("a.xlf");
    // Two translators, each editing a different unit of the same draft.
    p.write(
        "a.xlf",
        x.replace("Güzergah neden önemli.", "Birinci çevirmen."),
    );
    p.write(
        "b.xlf",
        x.replace(
            "<target>Orta Koridor</target>",
            "<target>İkinci çevirmen</target>",
        ),
    );
    let bin = env!("CARGO_BIN_EXE_polypress");
    for _ in 0..3 {
        let kids: Vec<_> = ["a.xlf", "b.xlf"]
            .iter()
            .map(|f| {
                std::process::Command::new(bin)
                    .arg("-C")
                    .arg(p.path())
                    .args(["import", "xliff"])
                    .arg(p.path().join(f))
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut k in kids {
            k.wait().unwrap();
        }
        let d = p.read(DRAFT);
        assert!(d.contains("Birinci çevirmen."), "{d}");
        assert!(d.contains("İkinci çevirmen"), "{d}");
    }
}
