//! `polypress align` through the real binary: the sample project's legacy editions, each link
//! type on a small fixture, reordered notes, bad input, and human work kept.

mod common;
#[path = "../benches/common/align_eval.rs"]
#[allow(dead_code)] // the benchmark uses the rest
mod eval;

use common::{repo, Project};
use serde_json::Value;

const DEMO_TR: &str = include_str!("fixtures/align/demo.tr.md");

fn demo() -> Project {
    Project::fixture("align/project")
}

/// Runs `align demo --json` on `text` (written as `legacy/tr.md`) and returns the JSON report.
fn align_json(p: &Project, text: &str, extra: &[&str]) -> Value {
    p.write("legacy/tr.md", text);
    let mut args = vec!["--json", "align", "demo", "legacy/tr.md"];
    args.extend_from_slice(extra);
    let r = p.run(&args);
    r.expect_code(0);
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// The links as `(type, first source text, joined target texts)`.
fn links(v: &Value) -> Vec<(String, String, String)> {
    v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let side = |k: &str| {
                l[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["text"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (
                l["type"].as_str().unwrap().to_string(),
                side("source"),
                side("target"),
            )
        })
        .collect()
}

fn has_link(v: &Value, kind: &str, source_part: &str, target_part: &str) -> bool {
    links(v)
        .iter()
        .any(|(k, s, t)| k == kind && s.contains(source_part) && t.contains(target_part))
}

fn draft(p: &Project, lang: &str, slug: &str) -> Value {
    serde_json::from_str(&p.read(&format!("sources/{slug}/{lang}.json"))).unwrap()
}

fn entry<'a>(d: &'a Value, source_part: &str) -> &'a Value {
    d["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"].as_str().unwrap().contains(source_part))
        .unwrap_or_else(|| panic!("no entry with `{source_part}`"))
}

#[test]
fn one_to_one_fills_every_entry_as_translated() {
    let p = demo();
    let v = align_json(&p, DEMO_TR, &[]);
    assert!(links(&v).iter().all(|l| l.0 == "1-1"), "{:?}", links(&v));
    let d = draft(&p, "tr", "demo");
    for e in d["segments"].as_array().unwrap() {
        assert_eq!(e["state"], "translated", "{e}");
        assert_eq!(e["match"]["kind"], "alignment");
        assert_eq!(e["match"]["origin"], "legacy/tr.md");
    }
    let e = entry(&d, "handled 6.2 million");
    assert_eq!(
        e["target"],
        "Aktau limanı 2022 yılında 6,2 milyon ton yük elleçledi.{1/}"
    );
}

#[test]
fn a_split_sentence_gives_a_one_to_two_link() {
    let p = demo();
    let text = DEMO_TR.replace(
        "İkinci aşama 2025 için planlanıyor ve tırlar",
        "İkinci aşama 2025 için planlanıyor. Bu aşama tırlar",
    );
    let v = align_json(&p, &text, &[]);
    assert!(
        has_link(&v, "1-2", "second phase", "Bu aşama"),
        "{:?}",
        links(&v)
    );
    let d = draft(&p, "tr", "demo");
    let e = entry(&d, "second phase");
    assert!(e["target"]
        .as_str()
        .unwrap()
        .starts_with("İkinci aşama 2025 için planlanıyor. Bu aşama"));
}

#[test]
fn merged_sentences_give_a_two_to_one_link() {
    let p = demo();
    let text = DEMO_TR.replace(
        "artmasını bekliyor. Yeni rıhtımlar",
        "artmasını bekliyor ve yeni rıhtımlar",
    );
    let v = align_json(&p, &text, &[]);
    assert!(
        has_link(&v, "2-1", "Its managers", "yeni rıhtımlar"),
        "{:?}",
        links(&v)
    );
    let d = draft(&p, "tr", "demo");
    assert_eq!(entry(&d, "Its managers")["state"], "fuzzy");
    let second = entry(&d, "New berths");
    assert_eq!(second["state"], "new");
    assert!(second["note"]
        .as_str()
        .unwrap()
        .contains("translated together"));
}

#[test]
fn a_dropped_sentence_stays_new() {
    let p = demo();
    let text = DEMO_TR.replace(
        " Uzmanlara göre filo, koridorun ana darboğazı olmaya devam ediyor.",
        "",
    );
    let v = align_json(&p, &text, &[]);
    assert!(
        has_link(&v, "1-0", "main bottleneck", ""),
        "{:?}",
        links(&v)
    );
    let d = draft(&p, "tr", "demo");
    assert_eq!(entry(&d, "main bottleneck")["state"], "new");
    assert_eq!(entry(&d, "Will the investments")["state"], "translated");
}

#[test]
fn an_added_sentence_gives_a_zero_to_one_link() {
    let p = demo();
    let text = DEMO_TR.replace(
        "genişletiliyor. İlk aşama",
        "genişletiliyor. Proje, Azerbaycan hükümetinin bütçesinden finanse ediliyor. İlk aşama",
    );
    let v = align_json(&p, &text, &[]);
    assert!(
        has_link(&v, "0-1", "", "Azerbaycan hükümetinin"),
        "{:?}",
        links(&v)
    );
    let d = draft(&p, "tr", "demo");
    assert_eq!(
        entry(&d, "Baku's new port")["target"],
        "Bakü'nün Alat'taki yeni limanı da genişletiliyor."
    );
    assert_eq!(
        entry(&d, "first phase")["target"],
        "İlk aşama limanın kapasitesini 15 milyon tona çıkardı."
    );
}

#[test]
fn reordered_notes_meet_by_marker() {
    let p = demo();
    let notes_start = DEMO_TR.find("[1] Aktau").unwrap();
    let (body, notes) = DEMO_TR.split_at(notes_start);
    let mut parts: Vec<&str> = notes.trim_end().split("\n\n").collect();
    parts.reverse();
    let text = format!("{body}{}\n", parts.join("\n\n"));
    assert!(text.find("[2] Hazar").unwrap() < text.find("[1] Aktau").unwrap());
    align_json(&p, &text, &[]);
    let d = draft(&p, "tr", "demo");
    assert_eq!(
        entry(&d, "Annual Report")["target"],
        "Aktau Limanı, 2022 Faaliyet Raporu."
    );
    assert_eq!(
        entry(&d, "Press Release")["target"],
        "Hazar Denizcilik Şirketi, Basın Bülteni, 12.01.2023."
    );
}

#[test]
fn translated_and_reviewed_entries_are_never_overwritten() {
    let p = demo();
    align_json(&p, DEMO_TR, &[]);
    let mut d = draft(&p, "tr", "demo");
    for (k, e) in d["segments"].as_array_mut().unwrap().iter_mut().enumerate() {
        e["target"] = Value::String(format!("İnsan çevirisi {k}."));
        e["state"] = Value::String(if k % 2 == 0 { "reviewed" } else { "translated" }.into());
    }
    let before = serde_json::to_string_pretty(&d).unwrap() + "\n";
    p.write("sources/demo/tr.json", &before);
    let changed = DEMO_TR.replace("Yeni rıhtımlar", "Yepyeni rıhtımlar");
    align_json(&p, &changed, &[]);
    assert_eq!(draft(&p, "tr", "demo"), d);
}

#[test]
fn review_prints_the_weakest_links_with_both_sides() {
    let p = demo();
    p.write("legacy/tr.md", DEMO_TR);
    let r = p.run(&["align", "demo", "legacy/tr.md", "--review", "2"]);
    r.expect_code(0);
    let heads: Vec<&str> = r.stdout.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(heads.len(), 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("  en: ") && r.stdout.contains("  tr: "),
        "{}",
        r.stdout
    );
}

#[test]
fn dry_run_writes_nothing() {
    let p = demo();
    p.write("legacy/tr.md", DEMO_TR);
    p.run(&["align", "demo", "legacy/tr.md", "--dry-run"])
        .expect_code(0);
    assert!(!p.path().join("sources/demo/tr.json").exists());
}

#[test]
fn a_file_in_the_source_language_is_refused() {
    let p = demo();
    p.write(
        "legacy/tr.md",
        DEMO_TR.replace("lang = \"tr\"", "lang = \"en\""),
    );
    let r = p.run(&["align", "demo", "legacy/tr.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("legacy/tr.md") && r.stderr.contains("language of the source article"),
        "{}",
        r.stderr
    );
}

#[test]
fn text_in_another_language_than_declared_is_refused() {
    let p = Project::sample_without_drafts();
    let ru = std::fs::read_to_string(
        repo().join("tests/fixtures/legacy/central-asia-japan-dialogue/ru.md"),
    )
    .unwrap();
    p.write("legacy/tr.md", ru.replace("lang = \"ru\"", "lang = \"tr\""));
    let r = p.run(&["align", "central-asia-japan-dialogue", "legacy/tr.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("legacy/tr.md") && r.stderr.contains("reads as `ru`"),
        "{}",
        r.stderr
    );
    assert!(!p
        .path()
        .join("sources/central-asia-japan-dialogue/tr.json")
        .exists());
}

#[test]
fn an_empty_body_is_refused() {
    let p = demo();
    let front_end = DEMO_TR.find("+++\n\n").unwrap() + 4;
    p.write("legacy/tr.md", &DEMO_TR[..front_end]);
    let r = p.run(&["align", "demo", "legacy/tr.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("legacy/tr.md: empty body"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_different_article_is_refused_unless_forced() {
    let p = Project::sample_without_drafts();
    let other = std::fs::read_to_string(
        repo().join("tests/fixtures/legacy/middle-corridor-trans-caspian-route/tr.md"),
    )
    .unwrap();
    p.write("legacy/tr.md", &other);
    let r = p.run(&["align", "central-asia-japan-dialogue", "legacy/tr.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("does not look like a translation"),
        "{}",
        r.stderr
    );
    assert!(!p
        .path()
        .join("sources/central-asia-japan-dialogue/tr.json")
        .exists());
    p.run(&[
        "align",
        "central-asia-japan-dialogue",
        "legacy/tr.md",
        "--force",
    ])
    .expect_code(0);
    assert!(p
        .path()
        .join("sources/central-asia-japan-dialogue/tr.json")
        .exists());
}

/// Every legacy edition of the sample project aligns into a draft, mostly `translated`.
#[test]
fn the_sample_legacy_editions_align_into_drafts() {
    let p = Project::sample_without_drafts();
    for (slug, lang) in [
        ("central-asia-japan-dialogue", "tr"),
        ("central-asia-japan-dialogue", "ru"),
        ("middle-corridor-trans-caspian-route", "en"),
        ("middle-corridor-trans-caspian-route", "tr"),
        ("organization-of-turkic-states-samarkand-summit", "en"),
        ("organization-of-turkic-states-samarkand-summit", "ru"),
    ] {
        let legacy = repo().join(format!("tests/fixtures/legacy/{slug}/{lang}.md"));
        p.write(
            &format!("legacy/{slug}/{lang}.md"),
            std::fs::read(&legacy).unwrap(),
        );
        let r = p.run(&["align", slug, &format!("legacy/{slug}/{lang}.md")]);
        r.expect_code(0);
        let d = draft(&p, lang, slug);
        let entries = d["segments"].as_array().unwrap();
        let translated = entries
            .iter()
            .filter(|e| e["state"] == "translated")
            .count();
        assert!(
            translated * 10 >= entries.len() * 8,
            "{slug}/{lang}: {translated} of {}",
            entries.len()
        );
    }
}

#[test]
fn the_seed_editions_merges_and_splits_are_found() {
    let p = Project::sample_without_drafts();
    let slug = "central-asia-japan-dialogue";
    for lang in ["tr", "ru"] {
        let legacy = repo().join(format!("tests/fixtures/legacy/{slug}/{lang}.md"));
        p.write(
            &format!("legacy/{lang}.md"),
            std::fs::read(&legacy).unwrap(),
        );
    }
    let tr = p.run(&["--json", "align", slug, "legacy/tr.md", "--dry-run"]);
    let tr: Value = serde_json::from_str(tr.expect_code(0).stdout.trim()).unwrap();
    // Paragraph 1, sentences 2 + 3 merged.
    assert!(
        has_link(&tr, "2-1", "During the meeting", "Toplantıda tarafların"),
        "{:?}",
        links(&tr)
    );
    // Paragraph 5, sentence 1 split.
    assert!(
        has_link(
            &tr,
            "1-2",
            "At the meeting, which will be attended",
            "Bu görüşmelerde"
        ),
        "{:?}",
        links(&tr)
    );
    // Paragraph 8, sentences 2 + 3 merged.
    assert!(
        has_link(
            &tr,
            "2-1",
            "Tokyo can achieve greater success",
            "Sınır sorunları"
        ),
        "{:?}",
        links(&tr)
    );

    let ru = p.run(&["--json", "align", slug, "legacy/ru.md", "--dry-run"]);
    let ru: Value = serde_json::from_str(ru.expect_code(0).stdout.trim()).unwrap();
    // Paragraph 2, sentence 2 split.
    assert!(
        has_link(
            &ru,
            "1-2",
            "Considering the development",
            "Поэтому она стремится"
        ),
        "{:?}",
        links(&ru)
    );
    // Paragraph 4: "established in Tokyo" merged with the Taro Aso fragment.
    assert!(
        has_link(&ru, "2-1", "was established in Tokyo", "Таро Асо"),
        "{:?}",
        links(&ru)
    );
    // The last paragraph's last two sentences merged.
    assert!(
        has_link(
            &ru,
            "2-1",
            "Currently, Japan is one of the leading",
            "можно прогнозировать"
        ),
        "{:?}",
        links(&ru)
    );
}

#[test]
fn a_folder_of_legacy_files_is_matched_by_slug_and_unmatched_files_reported() {
    let p = Project::sample_without_drafts();
    common::copy_dir(
        &repo().join("tests/fixtures/legacy"),
        &p.path().join("legacy"),
    );
    p.write(
        "legacy/stray.md",
        "+++\ntitle = \"X\"\nlang = \"tr\"\ndate = \"1999-01-01\"\nauthor = \"A\"\n+++\n\nMetin.\n",
    );
    let r = p.run(&["align", "--from", "legacy"]);
    r.expect_code(1);
    assert!(
        r.stderr.contains("legacy/stray.md") && r.stderr.contains("no source article matches"),
        "{}",
        r.stderr
    );
    for rel in [
        "sources/central-asia-japan-dialogue/tr.json",
        "sources/central-asia-japan-dialogue/ru.json",
        "sources/middle-corridor-trans-caspian-route/en.json",
        "sources/middle-corridor-trans-caspian-route/tr.json",
        "sources/organization-of-turkic-states-samarkand-summit/en.json",
        "sources/organization-of-turkic-states-samarkand-summit/ru.json",
    ] {
        assert!(
            p.path().join(rel).exists(),
            "{rel} missing; stderr:\n{}",
            r.stderr
        );
    }
}

/// A small run of the corpus evaluation (the full one is `cargo bench --bench align`).
#[test]
fn the_corpus_evaluation_finds_most_links() {
    use polypress::align::{self, NoDictionary};
    use polypress::model::Lang;
    let Some(dir) = eval::corpus_dir() else {
        eprintln!("skipping the corpus evaluation: ../shared/corpus is absent");
        return;
    };
    let rows = eval::load(&dir.join("debian_handbook11.en-tr-ru.jsonl")).unwrap();
    let docs = eval::documents(
        &rows,
        Lang::En,
        Lang::Ru,
        100,
        5,
        eval::Noise::REALISTIC,
        &mut eval::Rng(3),
    );
    assert!(!docs.is_empty());
    let mut total = (0, 0, 0);
    for d in &docs {
        let s: Vec<(&str, &[polypress::model::Code])> =
            d.src.iter().map(|t| (t.as_str(), &[][..])).collect();
        let t: Vec<(&str, &[polypress::model::Code])> =
            d.tgt.iter().map(|t| (t.as_str(), &[][..])).collect();
        let pred: Vec<_> =
            align::align_sentences(&s, &t, &align::params(Lang::En, Lang::Ru), &NoDictionary)
                .into_iter()
                .map(|l| (l.src, l.tgt))
                .collect();
        let (h, p, g) = eval::score(&pred, &d.gold);
        total = (total.0 + h, total.1 + p, total.2 + g);
    }
    let (_, _, f1) = eval::prf(total.0, total.1, total.2);
    assert!(f1 >= 0.9, "F1 {f1:.3}");
}

mod never_overwrite {
    use super::DEMO_TR;
    use polypress::align::{self, NoDictionary};
    use polypress::draft::{Draft, State};
    use polypress::model::Lang;
    use polypress::segment::Rules;
    use polypress::source::{parse, Format};
    use proptest::prelude::*;
    use std::path::Path;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever entries hold human work, `fill` leaves them exactly as they were.
        #[test]
        fn final_entries_survive_fill(states in proptest::collection::vec(0u8..4, 14)) {
            let en = std::fs::read_to_string(super::repo().join("tests/fixtures/align/project/sources/demo/en.md")).unwrap();
            let src = parse(&en, Path::new("en.md"), "demo", Lang::En, Format::Article, &Rules::builtin(Lang::En)).unwrap();
            let tgt = parse(DEMO_TR, Path::new("tr.md"), "demo", Lang::Tr, Format::Article, &Rules::builtin(Lang::Tr)).unwrap();
            let mut draft = Draft::empty(&src, Lang::Tr);
            for (e, s) in draft.segments.iter_mut().zip(&states) {
                e.state = [State::New, State::Fuzzy, State::Translated, State::Reviewed][*s as usize];
                if e.state != State::New {
                    e.target = format!("insan işi: {}", e.id);
                }
            }
            let before = draft.clone();
            let links = align::align_articles(&src, &tgt, &align::params(Lang::En, Lang::Tr), &NoDictionary);
            align::fill(&mut draft, &src, &tgt, &links, 0.8, "tr.md");
            for (a, b) in before.segments.iter().zip(&draft.segments) {
                if a.state.is_final() {
                    prop_assert_eq!(a, b);
                } else {
                    prop_assert!(b.state != State::Reviewed);
                }
            }
        }
    }
}

/// The evaluation's perturbations keep the gold links covering both sides exactly.
#[test]
fn perturbation_keeps_gold_links_consistent() {
    let rows: Vec<eval::Row> = (0..50)
        .map(|k| eval::Row {
            en: format!("Sentence number {k}, with a comma in it."),
            tr: Some(format!("Cümle numarası {k}, içinde virgül var.")),
            ru: Some(format!("Предложение номер {k}, с запятой.")),
        })
        .collect();
    let noise = eval::Noise {
        merge: 0.2,
        split: 0.2,
        drop: 0.1,
        insert: 0.1,
    };
    let docs = eval::documents(
        &rows,
        polypress::model::Lang::En,
        polypress::model::Lang::Tr,
        50,
        1,
        noise,
        &mut eval::Rng(7),
    );
    let d = &docs[0];
    let covered_src: usize = d.gold.iter().map(|g| g.0.len()).sum();
    let covered_tgt: usize = d.gold.iter().map(|g| g.1.len()).sum();
    assert_eq!((covered_src, covered_tgt), (d.src.len(), d.tgt.len()));
    let kinds: std::collections::BTreeSet<_> =
        d.gold.iter().map(|g| (g.0.len(), g.1.len())).collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
}
