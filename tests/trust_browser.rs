//! Hostile text never runs in a reader's browser: a folder name made of markup, raw HTML and
//! script URLs in the article are opened in headless Chromium, on every kind of page, and no
//! script runs. A control page without polypress's escaping shows that the probe does detect a
//! script that runs.
//!
//! Skips when `chromium` is missing, unless POLYPRESS_REQUIRE_TOOLS=1 (CI), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Project;

/// What the probes write into the DOM when they run.
const MARK: &str = "ranscript";
const PROBE: &str = "document.documentElement.setAttribute('data-p','ran'+'script')";

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find(|n| {
                Command::new(n)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .map(PathBuf::from)
    });
    if found.is_none() {
        common::skip("chromium is not installed (apt-get install -y chromium, or set CHROMIUM)");
    }
    found
}

fn dom(bin: &Path, profile: &Path, page: &Path) -> String {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn hostile_project(trusted: bool) -> (Project, String) {
    let p = Project::empty();
    let cfg = if trusted {
        "[build]\nraw_html = \"trusted\"\n"
    } else {
        ""
    };
    p.write(
        "polypress.toml",
        format!("languages = [\"en\", \"tr\"]\n{cfg}"),
    );
    let slug = format!("\"><img src=x onerror={PROBE}>");
    p.write(
        &format!("sources/{slug}/en.md"),
        format!(
            "+++\ntitle = \"Hostile\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"X\"\n+++\n\n\
             A paragraph.<script>{PROBE}</script> More <img src=x onerror=\"{PROBE}\"> text.\n\n\
             <iframe src=\"javascript:{PROBE}\"></iframe>\n\n\
             [a link](javascript:{PROBE}) and [b](<vbscript:x>) and [c](data:text/html;base64,PHNjcmlwdD4=).\n\n\
             <aside lang=\"tr\">Yazarın notu.</aside>\n"
        ),
    );
    (p, slug)
}

fn pages(out: &Path, slug: &str) -> Vec<PathBuf> {
    vec![
        out.join("en").join(slug).join("index.html"),
        out.join("tr").join(slug).join("index.html"),
        out.join("en/index.html"),
        out.join("index.html"),
        out.join("aligned").join(format!("{slug}-qa.html")),
        out.join("en").join(slug).join("aligned/index.html"),
    ]
}

#[test]
fn no_script_runs_from_hostile_names_html_or_urls() {
    let Some(bin) = chromium() else { return };
    let profile = tempfile::tempdir().unwrap();
    let (p, slug) = hostile_project(false);
    let r = p.run(&["build"]);
    r.expect_code(0);
    assert!(r.stderr.contains("raw HTML was sanitized"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`javascript:` URL was removed"),
        "{}",
        r.stderr
    );
    let out = p.path().join("output");
    for page in pages(&out, &slug) {
        assert!(page.is_file(), "{}", page.display());
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains("Content-Security-Policy"),
            "{}",
            page.display()
        );
        let d = dom(&bin, profile.path(), &page);
        assert!(!d.contains(MARK), "script ran in {}:\n{d}", page.display());
    }
    let en = std::fs::read_to_string(&pages(&out, &slug)[0]).unwrap();
    assert!(
        en.contains("<aside lang=\"tr\">Yazarın notu.</aside>"),
        "{en}"
    );
    // The control: the same probe on a page without escaping or CSP does run.
    let control = out.join("control.html");
    std::fs::write(
        &control,
        format!("<!DOCTYPE html><html><body><script>{PROBE}</script></body></html>"),
    )
    .unwrap();
    assert!(
        dom(&bin, profile.path(), &control).contains(MARK),
        "the probe detects scripts"
    );
}

#[test]
fn trusted_raw_html_is_kept_and_the_csp_still_stops_scripts() {
    let Some(bin) = chromium() else { return };
    let profile = tempfile::tempdir().unwrap();
    let (p, slug) = hostile_project(true);
    p.run(&["build"]).expect_code(0);
    let page = &pages(&p.path().join("output"), &slug)[0];
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("<script>"), "trusted HTML is copied");
    assert!(!dom(&bin, profile.path(), page).contains(MARK));
}

/// Without a browser too: on every kind of page the hostile folder name never appears as
/// markup, no `<script>`, event handler or script URL of the article is left, the article's
/// `<aside>` is kept, and the CSP `<meta>` is there.
#[test]
fn hostile_pages_are_escaped_and_carry_a_csp() {
    let (p, slug) = hostile_project(false);
    p.run(&["build"]).expect_code(0);
    let out = p.path().join("output");
    for page in pages(&out, &slug) {
        let html =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let at = page.display();
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\""),
            "{at}"
        );
        assert!(
            !html.contains("<img src=x onerror"),
            "{at}: folder name as markup"
        );
        assert!(!html.contains(PROBE), "{at}: the script survived:\n{html}");
        for bad in [
            "<script>",
            "<iframe",
            "javascript:",
            "vbscript:",
            "data:text/html",
        ] {
            assert!(!html.contains(bad), "{at}: `{bad}` left in the page");
        }
    }
    let en = std::fs::read_to_string(&pages(&out, &slug)[0]).unwrap();
    assert!(
        en.contains("<aside lang=\"tr\">Yazarın notu.</aside>"),
        "{en}"
    );
}
