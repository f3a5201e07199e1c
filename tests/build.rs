//! `polypress build` on a fixture project of the three sample articles with drafts made from the
//! hand-translated legacy editions (`tests/fixtures/build/sample`): snapshots of every output
//! file, byte-identical rebuilds, removal of stale outputs, and bad input.
//!
//! `POLYPRESS_BLESS=1 cargo test --test build` regenerates the fixture drafts from
//! `tests/fixtures/legacy` (with the project's aligner) and the snapshots under `tests/snapshots/build/sample/`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{blessing, copy_dir, repo, Project};
use polypress::draft::{draft_path, Draft, State};
use polypress::model::Lang;
use polypress::project::{AlignInput, AlignOptions};
use polypress::source;

const FIXTURE: &str = "build/sample";

/// Rewrites the fixture's drafts from the legacy editions with the aligner `polypress align`
/// uses (forced: the legacy editions are known translations), from scratch.
fn bless_drafts() {
    let root = repo().join("tests/fixtures").join(FIXTURE);
    for f in polypress::source::discover(&root, &[]).unwrap() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != f.lang) {
            let _ = std::fs::remove_file(root.join(draft_path(&f.slug, lang)));
        }
    }
    let project = polypress::Project::open(&root).unwrap();
    let report = project
        .align(&AlignOptions {
            input: AlignInput::Folder(repo().join("tests/fixtures/legacy")),
            lang: None,
            min_confidence: polypress::config::DEFAULT_MIN_CONFIDENCE,
            dry_run: false,
            force: true,
        })
        .unwrap();
    assert!(report.failure().is_none(), "{:?}", report.failure());
}

fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn sample_editions_match_snapshots() {
    if blessing() {
        bless_drafts();
    }
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let got = files_under(&p.path().join("output"));
    let snap = repo().join("tests/snapshots/build/sample");
    if blessing() {
        let _ = std::fs::remove_dir_all(&snap);
        copy_dir(&p.path().join("output"), &snap);
        return;
    }
    let want = files_under(&snap);
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&got),
        names(&want),
        "set of output files (POLYPRESS_BLESS=1 to update)"
    );
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{} differs from its snapshot (POLYPRESS_BLESS=1 to update, then review the diff)",
            name.display()
        );
    }
}

#[test]
fn source_markdown_edition_is_the_source_file() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    for f in source::discover(p.path(), &[]).unwrap() {
        let out = format!("output/{}/{}.md", f.lang, f.slug);
        assert_eq!(p.read(&out), p.read(&f.path.to_string_lossy()), "{out}");
    }
}

#[test]
fn second_run_is_byte_identical_and_writes_nothing() {
    let p = Project::fixture(FIXTURE);
    let first = p.run(&["build"]);
    first.expect_code(0);
    assert!(first
        .stdout
        .contains("output/tr/central-asia-japan-dialogue/index.html"));
    let before = files_under(&p.path().join("output"));
    let second = p.run(&["build"]);
    second.expect_code(0);
    assert_eq!(
        second.stdout, "",
        "no file is rewritten when nothing changed"
    );
    assert!(second.stderr.contains("0 written"), "{}", second.stderr);
    assert!(before == files_under(&p.path().join("output")));
}

#[test]
fn removes_outputs_of_deleted_articles_but_not_foreign_files() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    p.write("output/notes-by-hand.txt", "mine");
    std::fs::remove_dir_all(p.path().join("sources/middle-corridor-trans-caspian-route")).unwrap();
    let r = p.run(&["build"]);
    r.expect_code(0);
    assert!(r.stderr.contains("removed"), "{}", r.stderr);
    for gone in [
        "output/ru/middle-corridor-trans-caspian-route.md",
        "output/en/middle-corridor-trans-caspian-route/index.html",
        "output/aligned/middle-corridor-trans-caspian-route.tmx",
    ] {
        assert!(!p.path().join(gone).exists(), "{gone} left behind");
    }
    assert!(!p
        .path()
        .join("output/en/middle-corridor-trans-caspian-route")
        .exists());
    assert_eq!(p.read("output/notes-by-hand.txt"), "mine");
    assert!(!p.read("output/manifest.json").contains("middle-corridor"));
}

#[test]
fn broken_draft_names_the_file_and_leaves_output_untouched() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let before = files_under(&p.path().join("output"));
    p.write(
        "sources/central-asia-japan-dialogue/tr.json",
        "{\n  \"format\": \"polypress-draft/1\",\n  oops\n}\n",
    );
    std::fs::remove_file(
        p.path()
            .join("sources/organization-of-turkic-states-samarkand-summit/tr.md"),
    )
    .unwrap();
    let r = p.run(&["build"]);
    // Either error stops the build: here the broken layout or the draft, whichever comes first.
    r.expect_code(2);
    assert!(
        r.stderr.starts_with("polypress: error: sources/"),
        "{}",
        r.stderr
    );
    assert!(
        before == files_under(&p.path().join("output")),
        "output changed on error"
    );
    let p = Project::fixture(FIXTURE);
    p.write(
        "sources/central-asia-japan-dialogue/tr.json",
        "{\n  \"format\": \"polypress-draft/1\",\n  oops\n}\n",
    );
    let r = p.run(&["build"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("sources/central-asia-japan-dialogue/tr.json:3:3:"),
        "{}",
        r.stderr
    );
    assert!(
        !p.path().join("output").exists(),
        "nothing written on error"
    );
}

#[test]
fn stale_entries_are_reported_by_file_and_segment() {
    let p = Project::fixture(FIXTURE);
    let rel = "sources/central-asia-japan-dialogue/tr.json";
    let mut d = Draft::parse(&p.read(rel), Path::new(rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .find(|e| e.state == State::Translated && !e.source.starts_with('{'))
        .unwrap();
    let (id, target) = (e.id.clone(), e.target.clone());
    e.source.push_str(" (older wording)");
    p.write(rel, d.to_json());
    let r = p.run(&["build", "--json"]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains(&format!("warning: {rel}: segment `{id}`"))
            && r.stderr.contains("stale"),
        "{}",
        r.stderr
    );
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(!md.contains(&target), "stale target mixed in");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["stale"][0]["id"], id.as_str());
    // The hint names a command that exists, and running it clears the warning.
    assert!(
        r.stderr.contains("hint: run `polypress prefill`"),
        "{}",
        r.stderr
    );
    p.run(&["prefill"]).expect_code(0);
    let again = p.run(&["build"]);
    assert!(!again.stderr.contains("stale"), "{}", again.stderr);
    assert_eq!(json["stale"][0]["draft"], rel);
}

/// Sets the state of the `n`-th body entry of a fixture draft (keeping its target).
fn set_state(p: &Project, rel: &str, n: usize, state: State) -> String {
    let mut d = Draft::parse(&p.read(rel), Path::new(rel)).unwrap();
    let e = d
        .segments
        .iter_mut()
        .filter(|e| !e.source.starts_with('{'))
        .nth(n)
        .unwrap();
    e.state = state;
    if state == State::New {
        e.target.clear();
    }
    let source = e.source.clone();
    p.write(rel, d.to_json());
    source
}

#[test]
fn untranslated_modes() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build", "--untranslated", "fail", "--fail-incomplete"])
        .expect_code(0);
    let rel = "sources/central-asia-japan-dialogue/tr.json";
    let missing = set_state(&p, rel, 5, State::New);
    let fuzzy = set_state(&p, rel, 7, State::Fuzzy);
    std::fs::remove_dir_all(p.path().join("output")).unwrap();
    let r = p.run(&["build", "--untranslated", "fail"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(&format!("error: {rel}: segment `"))
            && r.stderr.contains("is not translated (missing)"),
        "{}",
        r.stderr
    );
    assert!(
        !p.path().join("output").exists(),
        "nothing written on error"
    );

    p.run(&["build", "--untranslated", "omit"]).expect_code(0);
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(
        !md.contains("class=\"untranslated\"") && !md.contains(&missing) && !md.contains(&fuzzy)
    );

    let r = p.run(&["build"]);
    r.expect_code(0);
    assert!(
        r.stderr
            .contains("incomplete: tr/central-asia-japan-dialogue (37/39 segments translated)"),
        "{}",
        r.stderr
    );
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    for text in [&missing, &fuzzy] {
        assert!(md.contains(&format!("<span class=\"untranslated\" lang=\"en\" title=\"Henüz çevrilmedi: özgün dilinde gösteriliyor\">{text}</span>")), "{md}");
    }
    let html = p.read("output/tr/central-asia-japan-dialogue/index.html");
    assert!(html.contains("<p class=\"incomplete\" role=\"note\">Bu çeviri tamamlanmamıştır: 39 bölümden 2 bölüm henüz çevrilmedi"), "{html}");
    assert!(p
        .read("output/tr/index.html")
        .contains("Eksik çeviri: 39 bölüm içinden 37 çevrildi"));
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let incomplete: Vec<_> = manifest["editions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["complete"] == false)
        .collect();
    assert_eq!(incomplete.len(), 1);
    assert_eq!(
        (
            incomplete[0]["translated"].as_u64(),
            incomplete[0]["total"].as_u64()
        ),
        (Some(37), Some(39))
    );
    p.run(&["build", "--fail-incomplete"]).expect_code(1);

    p.run(&["build", "--allow-fuzzy"]).expect_code(0);
    let md = p.read("output/tr/central-asia-japan-dialogue.md");
    assert!(
        !md.contains(&format!(">{fuzzy}</span>")) && md.contains(&format!(">{missing}</span>"))
    );
}

#[test]
fn russian_chrome_counts_plurals() {
    let p = Project::fixture(FIXTURE);
    for n in 0..3 {
        set_state(
            &p,
            "sources/middle-corridor-trans-caspian-route/en.json",
            n,
            State::New,
        );
    }
    let rel = "sources/central-asia-japan-dialogue/ru.json";
    set_state(&p, rel, 0, State::New);
    p.run(&["build"]).expect_code(0);
    let html = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(
        html.contains("Перевод не завершён: 1 сегмент из 39 пока не переведён и показан"),
        "{html}"
    );
    for n in 1..5 {
        set_state(&p, rel, n, State::New);
    }
    p.run(&["build"]).expect_code(0);
    let html = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(
        html.contains("Перевод не завершён: 5 сегментов из 39 пока не переведены"),
        "{html}"
    );
    let en = p.read("output/en/middle-corridor-trans-caspian-route/index.html");
    assert!(
        en.contains("This translation is incomplete: 3 segments of 41"),
        "{en}"
    );
}

#[test]
fn sample_project_builds() {
    // The repository's own sample project, whatever drafts it has: every edition is produced.
    let p = Project::sample();
    p.run(&["build"]).expect_code(0);
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let editions = manifest["editions"].as_array().unwrap();
    assert_eq!(editions.len(), 9);
    for e in editions {
        assert!(p
            .path()
            .join("output")
            .join(e["html"].as_str().unwrap())
            .is_file());
        assert!(p
            .path()
            .join("output")
            .join(e["markdown"].as_str().unwrap())
            .is_file());
    }
}

#[test]
fn chrome_is_localized_on_each_edition() {
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let en = p.read("output/en/central-asia-japan-dialogue/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("This post is also available in: <a href=\"../../tr/central-asia-japan-dialogue/index.html\" hreflang=\"tr\" lang=\"tr\">Türkçe</a> <a href=\"../../ru/central-asia-japan-dialogue/index.html\" hreflang=\"ru\" lang=\"ru\">Русский</a>"), "{en}");
    assert!(en.contains(">20 December 2022</time>"));
    assert!(
        en.contains("<aside class=\"author-note\" lang=\"tr\">"),
        "raw HTML passes through"
    );
    let tr = p.read("output/tr/central-asia-japan-dialogue/index.html");
    assert!(tr.contains("<html lang=\"tr\">") && tr.contains(">20 Aralık 2022</time>"));
    assert!(tr.contains("İngilizceden çevrilmiştir"));
    assert!(tr.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"../../en/central-asia-japan-dialogue/index.html\">"));
    let ru = p.read("output/ru/central-asia-japan-dialogue/index.html");
    assert!(ru.contains(">20 декабря 2022 г.</time>") && ru.contains("Перевод с английского"));
    assert!(ru.contains("Эта статья доступна также на языках:"));
    assert!(!ru.contains('\u{2068}'), "no isolation marks");
}

/// The Nu HTML Checker's jar: `$VNU_JAR`, else the `vnu-jar` npm package installed globally.
fn vnu_jar() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(p));
    }
    let npm_root = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    [
        npm_root.unwrap_or_default().as_str(),
        "/usr/lib/node_modules",
        "/usr/local/lib/node_modules",
    ]
    .iter()
    .map(|r| Path::new(r).join("vnu-jar/build/dist/vnu.jar"))
    .find(|p| p.is_file())
}

#[test]
fn html_is_valid() {
    let Some(jar) = vnu_jar() else {
        common::skip("html_is_valid: the Nu HTML Checker is not installed (npm install -g vnu-jar, or set VNU_JAR; needs java)");
        return;
    };
    let p = Project::fixture(FIXTURE);
    p.run(&["build"]).expect_code(0);
    let pages: Vec<PathBuf> = files_under(&p.path().join("output"))
        .into_keys()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .map(|f| p.path().join("output").join(f))
        .collect();
    assert_eq!(
        pages.len(),
        9 + 3 * 3 * 4 + 3 + 3 + 1,
        "editions, reader pages, aligned QA pages, language indexes, root"
    );
    let out = match std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(&pages)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            common::skip(&format!("html_is_valid: cannot run java ({e})"));
            return;
        }
    };
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "HTML errors:\n{report}"
    );
}
