//! Reading TMX as other tools write it (fixtures in `tests/fixtures/tmx/`), reporting malformed
//! files with file:line:column, and export → import losing nothing.

use std::path::{Path, PathBuf};

use polypress::memory::tmx::{self, TmxDocument};
use polypress::memory::{
    InlineElement, LoadOptions, Memory, Prop, Query, Tu, TuInfo, Variant, VariantInfo,
};
use polypress::model::{CodeRole, Lang};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx")
}

fn parse(name: &str) -> TmxDocument {
    let bytes = std::fs::read(fixtures().join(name)).unwrap();
    tmx::parse(&bytes, Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const GOOD: [&str; 4] = [
    "memoq_export.tmx",
    "okapi_inline.tmx",
    "omegat_project_save.tmx",
    "trados_utf16le.tmx",
];

#[test]
fn reads_omegat_project_save_with_props_and_dates() {
    let doc = parse("omegat_project_save.tmx");
    assert_eq!(doc.srclang.as_deref(), Some("en-US"));
    assert_eq!(doc.tus.len(), 3);
    let tr = &doc.tus[0].variants[&Lang::Tr];
    assert_eq!(tr.text, "Zirve 17.12.2022'de Astana'da açıldı.");
    assert_eq!(tr.info().lang_tag, "tr-TR");
    assert_eq!(tr.info().dates.changed_by.as_deref(), Some("ayse"));
    // OmegaT's own tags are escaped text, not TMX inline codes.
    assert_eq!(
        doc.tus[1].variants[&Lang::En].text,
        "Read the <b0>full report</b0> here."
    );
    let props = &doc.tus[2].info().props;
    assert_eq!(
        props[0],
        Prop {
            kind: "file".into(),
            value: "central-asia-japan.md".into()
        }
    );
    assert_eq!(doc.tus[2].line, 24);
}

#[test]
fn reads_trados_utf16le_with_bom_and_inline_codes() {
    let doc = parse("trados_utf16le.tmx");
    assert_eq!(doc.tus.len(), 2);
    let tu = &doc.tus[0];
    let en = &tu.variants[&Lang::En];
    assert_eq!(en.text, "Exports rose by {1}61.5{/1}% in 2021.");
    assert_eq!(en.codes[0].element, InlineElement::Bpt);
    assert_eq!(en.codes[1].role, CodeRole::Close);
    assert_eq!(en.info().lang_tag, "en-US");
    let info = tu.info();
    assert_eq!(info.dates.created_by.as_deref(), Some("CORP\\translator1"));
    assert_eq!(info.dates.changed.as_deref(), Some("20221116T084500Z"));
    assert!(info.attrs.contains(&("usagecount".into(), "3".into())));
    assert_eq!(info.props[0].value, "ApprovedSignOff");
    assert_eq!(
        tu.variants[&Lang::Ru].text,
        "Экспорт вырос на {1}61,5{/1}% в 2021 году."
    );
}

#[test]
fn reads_okapi_inline_codes_all_srclang_and_skips_other_languages() {
    let doc = parse("okapi_inline.tmx");
    assert_eq!(doc.srclang.as_deref(), Some("*all*"));
    assert_eq!(doc.skipped_variants, 1, "the de-DE variant");
    let tu = &doc.tus[0];
    assert_eq!(tu.info().id.as_deref(), Some("okapi-1"));
    assert_eq!(tu.info().notes, ["Exported by Rainbow from article.html"]);
    assert_eq!(tu.variants.len(), 3);
    let en = &tu.variants[&Lang::En];
    assert_eq!(en.info().lang_tag, "EN-GB");
    assert_eq!(
        en.text,
        "Press {1}Save{/1} to keep{2/}your changes & settings."
    );
    assert_eq!(en.codes[0].content, "<b>");
    assert_eq!(en.codes[2].content, "<br/>");
    // `<it>`, a literal `{0}` and `<hi>` (with a character reference inside).
    let en2 = &doc.tus[1].variants[&Lang::En];
    assert_eq!(en2.text, "{3/}Continued from page {4/} in {5}İstanbul{/5}");
    assert_eq!(en2.codes[1].element, InlineElement::Literal);
    assert_eq!(en2.codes[1].content, "{0}");
    assert_eq!(en2.codes[2].element, InlineElement::Hi);
}

fn load_dir(files: &[&str], options: &LoadOptions) -> (tempfile::TempDir, Result<Memory, String>) {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let target = dir.path().join(f.replace("invalid/", "reference/"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(fixtures().join(f), target).unwrap();
    }
    let m = Memory::load(dir.path(), options).map_err(|e| e.to_string());
    (dir, m)
}

#[test]
fn the_memory_is_multilingual_and_multidirectional() {
    let (_dir, m) = load_dir(&GOOD, &LoadOptions::default());
    let m = m.unwrap();
    let r = m.lookup(&Query::new(
        "Bakanlar Tokyo'da bir araya geldi.",
        Lang::Tr,
        Lang::En,
    ));
    assert_eq!(r[0].target, "Ministers met in Tokyo.");
    assert_eq!(r[0].score, 100);
    let r = m.lookup(&Query::new(
        "Нажмите {1}Сохранить{/1}, чтобы{2/}сохранить изменения и настройки.",
        Lang::Ru,
        Lang::Tr,
    ));
    assert_eq!(r[0].score, 100);
    assert_eq!(r[0].origin.tu_id.as_deref(), Some("okapi-1"));
    // Number adaptation on a Trados unit, with the Russian decimal comma.
    let r = m.lookup(&Query::new(
        "Exports rose by {1}64.2{/1}% in 2022.",
        Lang::En,
        Lang::Ru,
    ));
    assert_eq!(r[0].target, "Экспорт вырос на {1}64,2{/1}% в 2022 году.");
    assert!((95..=99).contains(&r[0].score));
}

#[test]
fn stats_report_duplicates_and_conflicts() {
    let (_dir, m) = load_dir(&["memoq_export.tmx"], &LoadOptions::default());
    let s = m.unwrap().stats();
    let en_ru = s
        .pairs
        .iter()
        .find(|p| p.from == Lang::En && p.to == Lang::Ru)
        .unwrap();
    assert_eq!((en_ru.tus, en_ru.duplicates, en_ru.conflicts), (3, 1, 1));
}

#[test]
fn malformed_fixtures_name_file_line_column_and_what_was_expected() {
    let dir = fixtures().join("invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tmx") {
            continue;
        }
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let rel = Path::new("invalid").join(path.file_name().unwrap());
        let err = tmx::parse(&std::fs::read(&path).unwrap(), &rel)
            .expect_err(&rel.display().to_string())
            .to_string();
        assert!(
            err.starts_with(expected.trim()),
            "{}:\n  got      {err}\n  expected {}",
            rel.display(),
            expected.trim()
        );
        checked += 1;
    }
    assert!(checked >= 7);
}

#[test]
fn a_bad_file_stops_loading_unless_skip_bad() {
    let files = ["omegat_project_save.tmx", "invalid/truncated.tmx"];
    let (_dir, m) = load_dir(&files, &LoadOptions::default());
    let err = m.unwrap_err();
    assert!(
        err.starts_with("reference/truncated.tmx:7:1: unexpected end of file"),
        "{err}"
    );
    let options = LoadOptions {
        skip_bad: true,
        ..LoadOptions::default()
    };
    let (_dir, m) = load_dir(&files, &options);
    let m = m.unwrap();
    assert_eq!(m.tus.len(), 3);
    assert_eq!(m.stats().bad_files.len(), 1);
}

fn without_positions(mut tus: Vec<Tu>) -> Vec<Tu> {
    for t in &mut tus {
        t.line = 0;
        t.file = 0;
    }
    tus
}

#[test]
fn export_then_import_loses_nothing_and_is_deterministic() {
    for name in GOOD {
        let doc = parse(name);
        let xml = tmx::write(&doc.tus, &Lang::ALL).unwrap();
        assert_eq!(xml, tmx::write(&doc.tus, &Lang::ALL).unwrap());
        let back = tmx::parse(xml.as_bytes(), Path::new("export.tmx")).unwrap();
        assert_eq!(
            without_positions(back.tus),
            without_positions(doc.tus),
            "{name}"
        );
    }
}

#[test]
fn project_file_is_written_and_read_back() {
    let (dir, m) = load_dir(&["okapi_inline.tmx"], &LoadOptions::default());
    let mut m = m.unwrap();
    let imported: Vec<Tu> = m.tus.iter().cloned().collect();
    assert_eq!(m.merge(imported), [2, 0, 0]);
    assert!(m.save_project().unwrap());
    assert!(
        !m.save_project().unwrap(),
        "unchanged bytes are not rewritten"
    );
    let again = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(again.file_tus(0).count(), 2);
}

fn variant_strategy() -> impl Strategy<Value = Variant> {
    (
        "[a-zçğıİşöüа-я <>&\"'\t\r\n]{0,16}",
        proptest::option::of("[a-z0-9 <&]{1,8}"),
        proptest::option::of("2[0-9]{7}T[0-9]{6}Z"),
        any::<bool>(),
    )
        .prop_map(|(text, ctx, date, tag)| {
            let mut v = Variant::new(Lang::En, text);
            if ctx.is_some() || date.is_some() || tag {
                v.info = Some(Box::new(VariantInfo {
                    context_prev: ctx.clone(),
                    context_next: ctx.map(|c| format!("{c}!")),
                    dates: polypress::memory::Dates {
                        changed: date,
                        ..Default::default()
                    },
                    lang_tag: if tag { "xx-YY".into() } else { String::new() },
                    ..Default::default()
                }));
            }
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn tmx_write_read_round_trip(
        units in proptest::collection::vec(
            (variant_strategy(), variant_strategy(), proptest::option::of("[a-z&<]{1,6}")),
            0..6,
        ),
    ) {
        let tus: Vec<Tu> = units
            .into_iter()
            .map(|(mut en, mut tr, note)| {
                // A custom tag must still name the variant's language.
                for (v, code) in [(&mut en, "en-GB"), (&mut tr, "tr-TR")] {
                    if let Some(info) = v.info.as_mut() {
                        if !info.lang_tag.is_empty() {
                            info.lang_tag = code.into();
                        }
                    }
                }
                Tu {
                    variants: [(Lang::En, en), (Lang::Tr, tr)].into(),
                    info: note.map(|n| Box::new(TuInfo { notes: vec![n], ..Default::default() })),
                    ..Tu::default()
                }
            })
            .collect();
        let xml = tmx::write(&tus, &Lang::ALL).unwrap();
        let back = tmx::parse(xml.as_bytes(), Path::new("p.tmx")).unwrap();
        prop_assert_eq!(without_positions(back.tus), tus);
    }
}

#[test]
fn sample_memory_under_reference_scores_five_points_lower() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("memory/earlier-articles.tmx");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("reference")).unwrap();
    std::fs::copy(&sample, dir.path().join("reference/earlier-articles.tmx")).unwrap();
    let config = polypress::config::MemoryConfig::default();
    let m = Memory::load(dir.path(), &(&config).into()).unwrap();
    assert!(m.tus.len() >= 20, "{}", m.tus.len());
    let r = m.lookup(&Query::new(
        "Still, the figures should not be overstated.",
        Lang::En,
        Lang::Tr,
    ));
    assert_eq!(r[0].kind, polypress::memory::MatchKind::Exact);
    assert_eq!(r[0].score, 95);
    assert_eq!(r[0].target, "Yine de rakamları abartmamak gerekir.");
    assert_eq!(r[0].penalties.last().unwrap().points, 5);
    assert_eq!(
        r[0].origin.file,
        PathBuf::from("reference/earlier-articles.tmx")
    );
}
