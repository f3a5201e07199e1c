//! Fuzzing with proptest-driven generators: every reader of outside input — the Markdown
//! article, TMX, XLIFF 1.2 and 2.0, draft JSON, SRX and the memory's index cache — gets
//! mutated real files and random text, and must answer with a value or a typed error, never a
//! panic. A corrupt index cache must give the same matches as no cache at all.
//!
//! Bounded for CI (64 cases per reader); a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test trust_fuzz`.

mod common;

use std::path::Path;

use polypress::draft::xliff::{self, XliffVersion};
use polypress::draft::Draft;
use polypress::memory::{tmx, LoadOptions, Memory, Query};
use polypress::model::Lang;
use polypress::segment::Rules;
use polypress::source::{self, Format};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A mutation of `seed`: byte edits (overwrite, insert, delete, duplicate a slice) at random
/// places, the usual moves of a mutating fuzzer.
fn mutated(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = seed.len().max(1);
    prop::collection::vec((0..4u8, 0..len, any::<u8>(), 0..64usize), 1..8).prop_map(move |edits| {
        let mut b = seed.clone();
        for (kind, at, byte, n) in edits {
            let at = at.min(b.len());
            match kind {
                0 if at < b.len() => b[at] = byte,
                1 => b.insert(at, byte),
                2 => {
                    let end = (at + n).min(b.len());
                    b.drain(at..end);
                }
                _ => {
                    let end = (at + n).min(b.len());
                    let slice = b[at..end].to_vec();
                    b.splice(at..at, slice);
                }
            }
        }
        b
    })
}

fn markdown_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("> ".to_string()),
        Just("1. ".to_string()),
        Just("# ".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("<aside lang=\"tr\">".to_string()),
        Just("</aside>".to_string()),
        Just("<script>".to_string()),
        Just("[1]".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("{1}".to_string()),
        Just("{/1}".to_string()),
        Just("\\".to_string()),
        Just("&amp;".to_string()),
        Just("Dr. Hayashi. ".to_string()),
        "[a-zA-Zçğıöşü .!?,;:0-9\u{0430}-\u{044f}]{0,12}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(common::repo().join(rel)).unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_article_never_panics(body in markdown_text()) {
        let text = format!("+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A\"\n+++\n\n{body}");
        if let Ok(a) = source::parse(&text, Path::new("en.md"), "a", Lang::En, Format::Article, &Rules::builtin(Lang::En)) {
            prop_assert_eq!(a.reassemble(), text);
        }
    }

    #[test]
    fn mutated_article_never_panics(bytes in mutated(sample("sources/central-asia-japan-dialogue/en.md"))) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = source::parse(&text, Path::new("en.md"), "a", Lang::En, Format::Article, &Rules::builtin(Lang::En));
    }

    #[test]
    fn mutated_tmx_never_panics(bytes in mutated(sample("memory/earlier-articles.tmx"))) {
        let _ = tmx::parse(&bytes, Path::new("m.tmx"));
    }

    #[test]
    fn mutated_draft_json_never_panics(bytes in mutated(sample("sources/central-asia-japan-dialogue/tr.json"))) {
        let _ = Draft::parse(&String::from_utf8_lossy(&bytes), Path::new("tr.json"));
    }

    #[test]
    fn mutated_srx_never_panics(bytes in mutated(sample("tests/fixtures/srx/en-basic.srx"))) {
        if let Ok(rules) = Rules::from_srx(Lang::En, &String::from_utf8_lossy(&bytes), Path::new("r.srx")) {
            let _ = polypress::segment::split("Dr. Hayashi came. He left! Did he? Yes.", &rules);
        }
    }
}

fn sample_article() -> (polypress::model::Article, Draft) {
    let root = common::repo();
    let slug = "central-asia-japan-dialogue";
    let text = std::fs::read_to_string(root.join(format!("sources/{slug}/en.md"))).unwrap();
    let a = source::parse(
        &text,
        Path::new("en.md"),
        slug,
        Lang::En,
        Format::Article,
        &Rules::builtin(Lang::En),
    )
    .unwrap();
    let d = Draft::load(&root, Path::new(&format!("sources/{slug}/tr.json")))
        .unwrap()
        .unwrap();
    (a, d)
}

fn exported(version: XliffVersion) -> Vec<u8> {
    let (a, d) = sample_article();
    xliff::export(&a, &d, version).into_bytes()
}

fn import_any(bytes: &[u8]) {
    let (a, d) = sample_article();
    let text = String::from_utf8_lossy(bytes);
    let _ = xliff::inspect(&text, Path::new("x.xlf"));
    let _ = xliff::import(&text, Path::new("x.xlf"), &a, &d);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_xliff_2_0_never_panics(bytes in mutated(exported(XliffVersion::V2_0))) {
        import_any(&bytes);
    }

    #[test]
    fn mutated_xliff_1_2_never_panics(bytes in mutated(exported(XliffVersion::V1_2))) {
        import_any(&bytes);
    }

    #[test]
    fn corrupt_index_cache_gives_the_same_matches_as_none(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let mem = dir.path().join("memory");
        std::fs::create_dir_all(&mem).unwrap();
        std::fs::copy(common::repo().join("memory/earlier-articles.tmx"), mem.join("e.tmx")).unwrap();
        let query = Query { text: "Japan, especially recently, has been building its partnership.", from: Lang::En, to: Lang::Tr, k: 5, min: 50, prev: None, next: None };
        let fresh = Memory::load(&mem, &LoadOptions::default()).unwrap();
        fresh.open_index(Lang::En).unwrap();
        let want: Vec<String> = fresh.lookup(&query).iter().map(|m| format!("{m:?}")).collect();
        let cache = polypress::memory::persist::index_path(&mem, Lang::En);
        let mut bytes = std::fs::read(&cache).unwrap();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        std::fs::write(&cache, &bytes).unwrap();
        let m = Memory::load(&mem, &LoadOptions::default()).unwrap();
        m.open_index(Lang::En).unwrap();
        let got: Vec<String> = m.lookup(&query).iter().map(|m| format!("{m:?}")).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn lookup_on_a_read_only_memory_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mem = dir.path().join("memory");
    std::fs::create_dir_all(&mem).unwrap();
    std::fs::copy(
        common::repo().join("memory/earlier-articles.tmx"),
        mem.join("e.tmx"),
    )
    .unwrap();
    // A file where the cache folder would go: the cache cannot be written (even as root).
    std::fs::write(mem.join(".index"), "").unwrap();
    let m = Memory::load(&mem, &LoadOptions::default()).unwrap();
    assert!(m.open_index(Lang::En).is_ok());
    // And through the binary: `tm lookup` answers and exits 0.
    std::fs::write(
        dir.path().join("polypress.toml"),
        "languages = [\"en\", \"tr\"]\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_polypress"))
        .arg("-C")
        .arg(dir.path())
        .args([
            "tm",
            "lookup",
            "Still, the figures should not be overstated.",
            "--from",
            "en",
            "--to",
            "tr",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Yine de"),
        "{stderr}"
    );
}
