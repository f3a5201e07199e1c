//! The memory at scale and without loss: error positions in large (one-line) TMX files,
//! parallel parsing agreeing with a sequential one, and every variant, prop, note and inline
//! code surviving `tm import` → `tm export`.

use std::path::Path;

use polypress::error::line_col;
use polypress::memory::tmx;
use polypress::memory::{export, import, LoadOptions, Memory, Query};
use polypress::model::Lang;

fn tu(i: usize) -> String {
    format!(
        "<tu tuid=\"t{i}\"><tuv xml:lang=\"en\"><seg>Sentence number {i} is here.</seg></tuv><tuv xml:lang=\"ru\"><seg>Предложение номер {i} здесь.</seg></tuv></tu>"
    )
}

/// A TMX of `n` TUs, on one line when `sep` is empty.
fn big(n: usize, sep: &str, last: &str) -> String {
    let mut s =
        String::from("<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body>");
    for i in 0..n {
        s.push_str(&tu(i));
        s.push_str(sep);
    }
    s.push_str(last);
    s.push_str("</body></tmx>");
    s
}

#[test]
fn an_error_near_the_end_of_a_large_one_line_file_has_the_right_column() {
    // Large enough to be parsed in parallel parts (then again in one pass for the error).
    let bad = "<tu><tuv><seg>no language</seg></tuv></tu>";
    let text = big(40_000, "", bad);
    assert!(text.len() > 4 << 20, "{}", text.len());
    let err = tmx::parse(text.as_bytes(), Path::new("big.tmx")).unwrap_err();
    let offset = text.rfind("<tuv><seg>no language").unwrap();
    let (line, column) = line_col(&text, offset);
    assert_eq!(line, 1);
    // Columns count characters: the Cyrillic text before it is multi-byte.
    assert!(column < offset, "{column} {offset}");
    assert_eq!(
        err.to_string(),
        format!(
            "big.tmx:1:{column}: `<tuv>` has no `xml:lang` (expected e.g. `xml:lang=\"en-US\"`)"
        )
    );
}

#[test]
fn malformed_xml_at_the_end_of_a_large_file_names_line_and_column() {
    let text = big(
        30_000,
        "\n",
        "<tu><tuv xml:lang=\"en\"><seg>a</sag></tuv></tu>\n",
    );
    let err = tmx::parse(text.as_bytes(), Path::new("big.tmx"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("big.tmx:30001:"), "{err}");
    assert!(err.contains("malformed XML"), "{err}");
}

#[test]
fn parallel_parse_gives_the_lines_and_tus_of_a_sequential_one() {
    let n = 30_000;
    let text = big(n, "\n", "");
    assert!(text.len() > 4 << 20);
    let doc = tmx::parse(text.as_bytes(), Path::new("big.tmx")).unwrap();
    assert_eq!(doc.tus.len(), n);
    for (i, t) in doc.tus.iter().enumerate() {
        assert_eq!(t.line, i + 1, "TU {i}");
        assert_eq!(t.info().id.as_deref(), Some(format!("t{i}").as_str()));
    }
    // The same file read in one pass (too small for parts when cut) agrees on its start.
    let small = big(50, "\n", "");
    let doc2 = tmx::parse(small.as_bytes(), Path::new("small.tmx")).unwrap();
    assert_eq!(doc2.tus[..], doc.tus[..50]);
}

#[test]
fn utf16_with_a_declaration_but_no_bom_is_read() {
    let text = big(2, "\n", "").replacen(
        "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        1,
    );
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let doc = tmx::parse(&bytes, Path::new("u16.tmx")).unwrap();
    assert_eq!(
        doc.tus[1].text(Lang::Ru),
        Some("Предложение номер 1 здесь.")
    );
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert_eq!(
        tmx::parse(&bytes, Path::new("u16.tmx")).unwrap().tus,
        doc.tus
    );
}

const KEEP_ALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu tuid="1" creationid="anna" creationdate="20230101T000000Z">
<note xml:lang="en" o-encoding="UTF-8">A note with attributes</note>
<prop type="x-Domain" xml:lang="en">Legal</prop>
<tuv xml:lang="en-US" changeid="bob" changedate="20230202T000000Z"><prop type="x-origin" o-encoding="UTF-8">mt</prop><seg>Press <bpt i="1" x="1">&lt;a title="<sub>Open the file</sub>"&gt;</bpt>Open<ept i="1">&lt;/a&gt;</ept> now.</seg></tuv>
<tuv xml:lang="en-GB"><seg>Press <bpt i="1" x="1">&lt;a title="<sub>Open the file</sub>"&gt;</bpt>Open<ept i="1">&lt;/a&gt;</ept> now, please.</seg></tuv>
<tuv xml:lang="de-DE"><note>Deutsch</note><seg>Drücken Sie jetzt <bpt i="1" x="1">&lt;a&gt;</bpt>Öffnen<ept i="1">&lt;/a&gt;</ept>.</seg></tuv>
<tuv xml:lang="fr"><seg>Appuyez sur Ouvrir.</seg></tuv>
<tuv xml:lang="tr-TR"><seg>Şimdi <bpt i="1" x="1">&lt;a&gt;</bpt>Aç<ept i="1">&lt;/a&gt;</ept> düğmesine basın.</seg></tuv>
</tu>
<tu tuid="2"><tuv xml:lang="de"><seg>Nur Deutsch.</seg></tuv><tuv xml:lang="fr"><seg>Seulement français.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="de"><seg>Öffnen</seg></tuv></tu>
<tu tuid="4"><tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="de"><seg>Aufmachen</seg></tuv></tu>
</body></tmx>
"#;

fn without_positions(mut tus: Vec<polypress::memory::Tu>) -> Vec<polypress::memory::Tu> {
    for t in &mut tus {
        t.line = 0;
        t.file = 0;
    }
    tus
}

#[test]
fn every_variant_prop_note_and_code_survives_import_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("other-tool.tmx");
    std::fs::write(&src, KEEP_ALL).unwrap();
    let root = dir.path().join("memory");
    let r = import(
        &root,
        std::slice::from_ref(&src),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    // TU 4 differs from TU 3 in its German variant: not merged.
    assert_eq!((r.inserted, r.merged, r.unchanged), (4, 0, 0));
    assert_eq!(r.files[0].tus, 4);
    let m = Memory::load(&root, &LoadOptions::default()).unwrap();
    assert_eq!(m.tus.len(), 4);
    let first = &m.tus[0];
    assert_eq!(first.text(Lang::En).unwrap(), "Press {1}Open{/1} now.");
    let others: Vec<&str> = first.info().others.iter().map(|o| o.tag.as_str()).collect();
    assert_eq!(others, ["en-GB", "de-DE", "fr"]);
    let code = &first.variants[&Lang::En].codes[0];
    assert_eq!(code.content, "<a title=\"Open the file\">");
    let (xml, n) = export(&m, &Lang::ALL).unwrap();
    assert_eq!(n, 4);
    for needle in [
        "<sub>Open the file</sub>",
        "<note xml:lang=\"en\" o-encoding=\"UTF-8\">A note with attributes</note>",
        "<prop type=\"x-Domain\" xml:lang=\"en\">Legal</prop>",
        "<prop type=\"x-origin\" o-encoding=\"UTF-8\">mt</prop>",
        "xml:lang=\"en-GB\"",
        "xml:lang=\"fr\"",
        "Nur Deutsch.",
        "Aufmachen",
    ] {
        assert!(xml.contains(needle), "{needle} missing from\n{xml}");
    }
    let original = tmx::parse(KEEP_ALL.as_bytes(), Path::new("a.tmx")).unwrap();
    let back = tmx::parse(xml.as_bytes(), Path::new("b.tmx")).unwrap();
    assert_eq!(without_positions(back.tus), without_positions(original.tus));
    // Importing the same file again changes nothing.
    let r = import(&root, &[src], None, &LoadOptions::default()).unwrap();
    assert_eq!(
        (r.inserted, r.merged, r.unchanged, r.written),
        (0, 0, 4, false)
    );
}

#[test]
fn the_project_locale_chooses_which_variant_serves_lookups() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tmx"), KEEP_ALL).unwrap();
    let q = Query::new("Press {1}Open{/1} now, please.", Lang::En, Lang::Tr);
    let m = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
    assert!(
        m.lookup(&q).iter().all(|r| r.score < 100),
        "en-US serves en by default"
    );
    let mut options = LoadOptions::default();
    options.locales.insert(Lang::En, "en-GB".into());
    let m = Memory::load(dir.path(), &options).unwrap();
    let r = m.lookup(&q);
    assert_eq!(r[0].score, 100);
    assert_eq!(r[0].target, "Şimdi {1}Aç{/1} düğmesine basın.");
    // Nothing is lost by the swap: en-US is now among the other variants.
    let tags: Vec<&str> = m.tus[0]
        .info()
        .others
        .iter()
        .map(|o| o.tag.as_str())
        .collect();
    assert_eq!(tags, ["en-US", "de-DE", "fr"]);
}

#[test]
fn the_same_tu_in_two_files_is_one_match_with_tuv_dates_shown() {
    let dir = tempfile::tempdir().unwrap();
    let tu = |extra: &str| {
        format!("<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>The talks ended.</seg></tuv><tuv xml:lang=\"tr\" {extra}><seg>Görüşmeler sona erdi.</seg></tuv></tu></body></tmx>")
    };
    std::fs::create_dir_all(dir.path().join("reference")).unwrap();
    std::fs::write(
        dir.path().join("reference/omegat.tmx"),
        tu("changeid=\"ayse\" changedate=\"20230405T060708Z\""),
    )
    .unwrap();
    std::fs::write(dir.path().join("project.tmx"), tu("")).unwrap();
    let m = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
    let r = m.lookup(&Query::new("The talks ended.", Lang::En, Lang::Tr));
    assert_eq!(r.len(), 1, "{r:?}");
    // The dated one ranks first (newer first); the other place is listed.
    assert_eq!(r[0].origin.file, Path::new("reference/omegat.tmx"));
    assert_eq!(r[0].origin.dates.changed_by.as_deref(), Some("ayse"));
    assert_eq!(
        r[0].origin.dates.changed.as_deref(),
        Some("20230405T060708Z")
    );
    assert_eq!(r[0].also.len(), 1);
    assert_eq!(r[0].also[0].file, Path::new("project.tmx"));
}

#[test]
fn real_files_from_other_tools_keep_every_variant_through_import_and_export() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx/lisa");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tmx") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("memory");
        let r = import(
            &root,
            std::slice::from_ref(&path),
            None,
            &LoadOptions::default(),
        )
        .unwrap();
        let kept: usize = r.files[0].variants.values().sum();
        assert_eq!(kept, text.matches("<tuv").count(), "{}", path.display());
        let m = Memory::load(&root, &LoadOptions::default()).unwrap();
        let (xml, _) = export(&m, &Lang::ALL).unwrap();
        assert_eq!(
            xml.matches("<tuv").count(),
            text.matches("<tuv").count(),
            "{}",
            path.display()
        );
        let original = tmx::parse(text.as_bytes(), Path::new("a.tmx")).unwrap();
        let back = tmx::parse(xml.as_bytes(), Path::new("b.tmx")).unwrap();
        assert_eq!(
            without_positions(back.tus),
            without_positions(original.tus),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn literal_braces_in_a_tmx_stay_text_and_never_swap_arguments() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("soft.tmx"),
        "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>Copy {0} from {1} now.</seg></tuv><tuv xml:lang=\"tr\"><seg>{1} içinden {0} kopyala.</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    let m = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
    let tu = &m.tus[0];
    let en = &tu.variants[&Lang::En];
    let tr = &tu.variants[&Lang::Tr];
    // The article side protects `{0}` and `{1}` as literal codes numbered in order; so does the
    // memory, and a lookup maps the target's literals by their text, not their number.
    let q = Query::new("Copy {1/} from {2/} now.", Lang::En, Lang::Tr);
    let r = m.lookup(&q);
    assert_eq!(r[0].score, 100, "{r:?}");
    let lit = |v: &polypress::memory::Variant, tok: &str| {
        let (_, id, _) = polypress::model::scan_placeholders(tok)[0];
        v.codes.iter().find(|c| c.id == id).unwrap().content.clone()
    };
    assert_eq!(lit(en, "{1/}"), "{0}");
    // The target's first token is the query's second one (`{1}`), its second the first (`{0}`).
    assert_eq!(r[0].target, "{2/} içinden {1/} kopyala.");
    let _ = tr;
    let (xml, _) = export(&m, &Lang::ALL).unwrap();
    assert!(xml.contains("<seg>Copy {0} from {1} now.</seg>"), "{xml}");
    assert!(xml.contains("<seg>{1} içinden {0} kopyala.</seg>"), "{xml}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
    /// `{0}`-style text read from a TMX is written back as the same text, never as a code.
    #[test]
    fn placeholder_like_text_round_trips_as_text(
        parts in proptest::collection::vec(
            proptest::sample::select(vec!["{0}", "{12}", "{/3}", "{4/}", "{1}", "a", " ", "{", "}", "x{1", "ş", "&"]),
            0..12,
        ),
    ) {
        let text: String = parts.concat();
        let mut esc = String::new();
        for c in text.chars() {
            match c {
                '&' => esc.push_str("&amp;"),
                '<' => esc.push_str("&lt;"),
                _ => esc.push(c),
            }
        }
        let xml = format!("<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>{esc}</seg></tuv><tuv xml:lang=\"tr\"><seg>{esc}</seg></tuv></tu></body></tmx>");
        let doc = tmx::parse(xml.as_bytes(), Path::new("a.tmx")).unwrap();
        let out = tmx::write(&doc.tus, &Lang::ALL).unwrap();
        let want = format!("<seg>{esc}</seg>");
        proptest::prop_assert!(out.contains(&want), "{}", out);
        proptest::prop_assert!(!out.contains("<ph") && !out.contains("<bpt") && !out.contains("<ept"));
        let back = tmx::parse(out.as_bytes(), Path::new("b.tmx")).unwrap();
        proptest::prop_assert_eq!(without_positions(back.tus), without_positions(doc.tus));
    }
}
