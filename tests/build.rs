//! `polypress build` on a fixture project of the three sample articles with drafts made from the
//! hand-translated legacy editions (`tests/fixtures/build/sample`): snapshots of every output
//! file, byte-identical rebuilds, removal of stale outputs, and bad input.
//!
//! `POLYPRESS_BLESS=1 cargo test --test build` regenerates the fixture drafts from
//! `tests/fixtures/legacy` and the snapshots under `tests/snapshots/build/sample/`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_dir, repo, Project};
use polypress::draft::{draft_path, Draft, MatchInfo, State};
use polypress::model::{placeholder_token, scan_placeholders, Article, Code, Lang, Segment};
use polypress::segment::Rules;
use polypress::source::{self, Format};

const FIXTURE: &str = "build/sample";

fn blessing() -> bool {
    std::env::var_os("POLYPRESS_BLESS").is_some_and(|v| v == "1")
}

fn by_block(a: &Article) -> BTreeMap<&str, Vec<&Segment>> {
    let mut m: BTreeMap<&str, Vec<&Segment>> = BTreeMap::new();
    for s in &a.segments {
        m.entry(s.block.as_str()).or_default().push(s);
    }
    m
}

/// Whether `target` (a legacy segment) carries the same codes as `source`: same tokens, each of
/// the same kind.
fn same_codes(source: &Segment, target: &Segment) -> bool {
    polypress::draft::check_placeholders(&source.text, &target.text).is_ok()
        && source.codes.iter().all(|c| {
            target
                .codes
                .iter()
                .any(|t| t.id == c.id && t.role == c.role && t.kind == c.kind)
        })
}

/// Legacy sentences `segs` as one segment: texts joined by a space, placeholders renumbered in
/// order of appearance (each legacy sentence numbers its own from 1).
fn merge(segs: &[&Segment]) -> Segment {
    let mut out = segs[0].clone();
    out.text.clear();
    out.codes.clear();
    let mut next = 0;
    for s in segs {
        let mut map = BTreeMap::new();
        let mut pos = 0;
        if !out.text.is_empty() {
            out.text.push(' ');
        }
        for (range, id, role) in scan_placeholders(&s.text) {
            out.text.push_str(&s.text[pos..range.start]);
            let new = *map.entry(id).or_insert_with(|| {
                next += 1;
                next
            });
            out.text.push_str(&placeholder_token(new, role));
            if let Some(c) = s.codes.iter().find(|c| c.id == id && c.role == role) {
                out.codes.push(Code {
                    id: new,
                    ..c.clone()
                });
            }
            pos = range.end;
        }
        out.text.push_str(&s.text[pos..]);
    }
    out
}

/// Every way to cut `m` items into `n` non-empty runs, as run lengths.
fn cuts(m: usize, n: usize) -> Vec<Vec<usize>> {
    if n == 1 {
        return vec![vec![m]];
    }
    (1..=m.saturating_sub(n - 1))
        .flat_map(|first| {
            cuts(m - first, n - 1).into_iter().map(move |mut rest| {
                rest.insert(0, first);
                rest
            })
        })
        .collect()
}

/// Legacy sentences grouped one run per source sentence, the grouping whose run lengths best
/// follow the source sentences' lengths (a legacy edition often splits a long sentence in two).
fn group(src: &[&Segment], tgt: &[&Segment]) -> Option<Vec<Segment>> {
    let total = |v: &mut dyn Iterator<Item = usize>| v.sum::<usize>().max(1) as f64;
    let st = total(&mut src.iter().map(|s| s.text.chars().count()));
    let tt = total(&mut tgt.iter().map(|s| s.text.chars().count()));
    let best = cuts(tgt.len(), src.len()).into_iter().min_by(|a, b| {
        let cost = |runs: &Vec<usize>| {
            let mut at = 0;
            let mut c = 0.0;
            for (s, &len) in src.iter().zip(runs) {
                let t: usize = tgt[at..at + len]
                    .iter()
                    .map(|t| t.text.chars().count())
                    .sum();
                c += (s.text.chars().count() as f64 / st - t as f64 / tt).powi(2);
                at += len;
            }
            c
        };
        cost(a).total_cmp(&cost(b))
    })?;
    let mut at = 0;
    let mut out = Vec::new();
    for len in best {
        out.push(merge(&tgt[at..at + len]));
        at += len;
    }
    Some(out)
}

/// A draft of `article` into `lang` aligned block by block with the legacy hand translation:
/// sentence k translates sentence k, or a run of legacy sentences translates one source
/// sentence where the legacy edition split it. Blocks where the legacy edition has fewer
/// sentences, or whose inline codes disagree, stay `new` (the showcase of marked fallbacks).
fn align_legacy(article: &Article, lang: Lang) -> Draft {
    let rel = PathBuf::from("tests/fixtures/legacy")
        .join(&article.slug)
        .join(format!("{lang}.md"));
    let text = std::fs::read_to_string(repo().join(&rel)).unwrap();
    let legacy = source::parse(
        &text,
        &rel,
        &article.slug,
        lang,
        Format::Article,
        &Rules::builtin(lang),
    )
    .unwrap();
    let (src, tgt) = (by_block(article), by_block(&legacy));
    let mut draft = Draft::empty(article, lang);
    for (block, segs) in &src {
        let Some(t) = tgt.get(block).and_then(|t| group(segs, t)) else {
            continue;
        };
        if !segs.iter().zip(&t).all(|(s, t)| same_codes(s, t)) {
            continue;
        }
        for (s, t) in segs.iter().zip(t) {
            let e = draft.segments.iter_mut().find(|e| e.id == s.id).unwrap();
            e.target = t.text.clone();
            e.state = State::Translated;
            e.matched = Some(MatchInfo {
                score: 100,
                kind: "alignment".into(),
                origin: rel.to_string_lossy().into_owned(),
                adapted: Vec::new(),
            });
        }
    }
    draft
}

/// Rewrites the fixture's drafts from the legacy editions.
fn bless_drafts() {
    let root = repo().join("tests/fixtures").join(FIXTURE);
    for f in source::discover(&root, &[]).unwrap() {
        let a = source::load(&root, &f, &Rules::builtin(f.lang)).unwrap();
        for lang in Lang::ALL.into_iter().filter(|l| *l != a.lang) {
            align_legacy(&a, lang)
                .save(&root, &draft_path(&a.slug, lang))
                .unwrap();
        }
    }
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
    assert_eq!(json["stale"][0]["draft"], rel);
}

#[test]
fn untranslated_modes() {
    let p = Project::fixture(FIXTURE);
    let r = p.run(&["build", "--untranslated", "fail"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("is not translated") && r.stderr.contains(".json: segment `"),
        "{}",
        r.stderr
    );
    assert!(!p.path().join("output").exists());
    p.run(&["build", "--untranslated", "omit"]).expect_code(0);
    assert!(!p
        .read("output/tr/central-asia-japan-dialogue.md")
        .contains("class=\"untranslated\""));
    let r = p.run(&["build"]);
    r.expect_code(0);
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("output/manifest.json")).unwrap();
    let incomplete: Vec<_> = manifest["editions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["complete"] == false)
        .collect();
    for e in &incomplete {
        let line = format!(
            "incomplete: {}/{}",
            e["lang"].as_str().unwrap(),
            e["slug"].as_str().unwrap()
        );
        assert!(r.stderr.contains(&line), "{line} not in {}", r.stderr);
    }
    if !incomplete.is_empty() {
        p.run(&["build", "--fail-incomplete"]).expect_code(1);
    }
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
        eprintln!("skipping html_is_valid: the Nu HTML Checker is not installed (npm install -g vnu-jar, or set VNU_JAR; needs java)");
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
        9 + 3 + 3 + 1,
        "editions, aligned, language indexes, root"
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
            eprintln!("skipping html_is_valid: cannot run java ({e})");
            return;
        }
    };
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "HTML errors:\n{report}"
    );
}
