//! Opens every edition of the fixture sample project in headless Chromium and checks what a
//! reader sees: the page title, language-switcher links that resolve to files that exist, and
//! no mojibake. A screenshot of each page is saved under `target/browser-artifacts/`.
//!
//! Skips with a message when `chromium` is not installed (`apt-get install -y chromium`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo, Project};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let ok = Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success());
            ok.then(|| PathBuf::from(name))
        })
}

fn run_chromium(bin: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the DOM dump is UTF-8")
}

/// The text between `<tag…>` and `</tag>`, first occurrence.
fn element<'a>(dom: &'a str, open: &str) -> Option<&'a str> {
    let tag = open.split(' ').next().unwrap_or(open);
    let start = dom.find(&format!("<{open}"))?;
    let open_end = start + dom[start..].find('>')? + 1;
    let close = open_end + dom[open_end..].find(&format!("</{tag}>"))?;
    Some(&dom[open_end..close])
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn editions_read_well_in_a_browser() {
    let Some(bin) = chromium() else {
        common::skip("editions_read_well_in_a_browser: chromium is not installed (apt-get install -y chromium, or set CHROMIUM)");
        return;
    };
    let p = Project::fixture("build/sample");
    p.run(&["build"]).expect_code(0);
    let out = p.path().join("output");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let artifacts = repo().join("target/browser-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let profile = tempfile::tempdir().unwrap();
    for e in manifest["editions"].as_array().unwrap() {
        let page = out.join(e["html"].as_str().unwrap());
        let url = format!("file://{}", page.display());
        let dom = run_chromium(&bin, profile.path(), &["--dump-dom".into()], &url);
        let md = std::fs::read_to_string(out.join(e["markdown"].as_str().unwrap())).unwrap();
        let front: toml::Value = toml::from_str(md.split("+++").nth(1).unwrap()).unwrap();
        let title = front["title"].as_str().unwrap();
        let shown = element(&dom, "title").expect("a <title>");
        let unescape = |s: &str| {
            s.replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
        };
        assert_eq!(unescape(shown), title, "title of {url}");
        assert!(
            dom.contains(&format!("<html lang=\"{}\"", e["lang"].as_str().unwrap())),
            "{url}"
        );
        for bad in ["Ã", "Ð", "â€", "\u{FFFD}"] {
            assert!(!dom.contains(bad), "mojibake `{bad}` in {url}");
        }
        let switcher = element(&dom, "p class=\"switcher\"").expect("a language switcher");
        let links = hrefs(switcher);
        assert_eq!(
            links.len(),
            3,
            "links to the two other editions and the parallel text in {url}"
        );
        assert_eq!(links[2], "aligned/index.html", "{url}");
        for href in links {
            let target = page.parent().unwrap().join(&href);
            assert!(
                target.is_file(),
                "switcher link `{href}` of {url} does not resolve"
            );
        }
        let shot = artifacts.join(format!(
            "{}-{}.png",
            e["lang"].as_str().unwrap(),
            e["slug"].as_str().unwrap()
        ));
        run_chromium(
            &bin,
            profile.path(),
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1200,1600".into(),
            ],
            &url,
        );
        assert!(shot.is_file(), "screenshot {}", shot.display());
    }
}
