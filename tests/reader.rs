//! The parallel-text reader (`output/<lang>/<slug>/aligned/`) in a real headless Chromium driven
//! through chromedriver's WebDriver HTTP API: hovering and focusing (Tab) a sentence highlights
//! its counterparts, the two-language choice works with JavaScript (`?langs=`, checkboxes) and
//! without it (pair pages, `--blink-settings=scriptEnabled=false`), and at 390 px the columns
//! interleave sentence by sentence. Screenshots at 1280 and 390 px go to
//! `target/browser-artifacts/` (and to `docs/` with `POLYPRESS_BLESS=1`). The pages also pass
//! the Nu HTML checker, never show a placeholder token, and are honest about gaps.
//!
//! Tests that need chromium, chromedriver or vnu skip with a message when the tool is missing,
//! and fail instead when `POLYPRESS_REQUIRE_TOOLS=1`.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo, Project};
use serde_json::{json, Value};

const SLUG: &str = "middle-corridor-trans-caspian-route";

fn require_tools() -> bool {
    std::env::var_os("POLYPRESS_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// The path of `name` if it runs, else skips (or fails with `POLYPRESS_REQUIRE_TOOLS=1`).
fn tool(name: &str, env: &str, candidates: &[&str], test: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    // An absolute path: chromedriver wants one for the browser binary.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = candidates.iter().find_map(|c| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(c))
            .find(|p| p.is_file())
            .filter(|p| {
                Command::new(p)
                    .arg("--version")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
            })
    });
    if found.is_none() {
        let msg =
            format!("{test}: `{name}` is not installed (apt-get install -y {name}, or set {env})");
        assert!(!require_tools(), "{msg}, and POLYPRESS_REQUIRE_TOOLS=1");
        eprintln!("skipping {msg}");
    }
    found
}

/// The sample fixture with two gaps in the Turkish edition of [`SLUG`]: one `fuzzy` entry (a
/// suggestion that must not be shown to readers) and one `new` entry.
fn gapped() -> (Project, String, String) {
    let p = Project::fixture("build/sample");
    let rel = format!("sources/{SLUG}/tr.json");
    let mut draft: Value = serde_json::from_str(&p.read(&rel)).unwrap();
    let segs = draft["segments"].as_array_mut().unwrap();
    segs[4]["state"] = json!("fuzzy");
    segs[4]["match"] = json!({"score": 83, "kind": "fuzzy", "origin": "memory/x.tmx#7"});
    let fuzzy_target = segs[4]["target"].as_str().unwrap().to_string();
    segs[7]["state"] = json!("new");
    segs[7]["target"] = json!("");
    let new_id = segs[7]["id"].as_str().unwrap().to_string();
    p.write(&rel, serde_json::to_string_pretty(&draft).unwrap());
    (p, fuzzy_target, new_id)
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// A chromedriver process and one browser session.
struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Driver {
    fn start(chromedriver: &Path, chromium: &Path, extra_args: &[&str]) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut d = Driver {
            child,
            port,
            session: String::new(),
        };
        let start = Instant::now();
        while d.http("GET", "/status", None).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=1280,1000",
        ];
        args.extend_from_slice(extra_args);
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args}
        }}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["value"]["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        d
    }

    fn http(&self, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<Value> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(60)))?;
        let body = body.map(Value::to_string).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )?;
        // Read the head, then exactly Content-Length bytes (chromedriver keeps the socket open).
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = s.read(&mut buf)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            raw.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(n) => {
                while raw.len() < head_end + n {
                    let got = s.read(&mut buf)?;
                    if got == 0 {
                        break;
                    }
                    raw.extend_from_slice(&buf[..got]);
                }
            }
            None => {
                s.read_to_end(&mut raw)?;
            }
        }
        let body = String::from_utf8_lossy(&raw[head_end..]).into_owned();
        let rest = if head.contains("transfer-encoding: chunked") {
            dechunk(&body)
        } else {
            body
        };
        serde_json::from_str(&rest)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// A WebDriver command; panics on a WebDriver error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = self
            .http(method, path, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if let Some(err) = v["value"].get("error") {
            panic!("{method} {path}: {err}: {}", v["value"]["message"]);
        }
        v
    }

    fn cmd(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        self.call(method, &path, Some(body))["value"].clone()
    }

    /// Navigates, then waits until the page has loaded, so no assertion reads a half-loaded page.
    fn goto(&self, url: &str) {
        self.cmd("POST", "url", json!({ "url": url }));
        self.wait_for("return document.readyState === 'complete';");
    }

    /// Polls a script until it returns `true`, for up to ten seconds.
    fn wait_for(&self, script: &str) {
        let start = Instant::now();
        while self.js(script) != json!(true) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the page never satisfied: {script}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    fn element(&self, css: &str) -> Value {
        self.cmd(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        )
    }

    fn hover(&self, element: &Value) {
        self.cmd(
            "POST",
            "actions",
            json!({"actions": [{"type": "pointer", "id": "mouse",
                "parameters": {"pointerType": "mouse"},
                "actions": [{"type": "pointerMove", "duration": 0, "origin": element, "x": 0, "y": 0}]}]}),
        );
    }

    fn key(&self, key: &str) {
        self.cmd(
            "POST",
            "actions",
            json!({"actions": [{"type": "key", "id": "kbd",
                "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        );
    }

    fn click(&self, element: &Value) {
        let id = element
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        self.cmd("POST", &format!("element/{id}/click"), json!({}));
    }

    fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "window/rect",
            json!({"width": width, "height": height}),
        );
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.http("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

/// Segment ids of the highlighted sentences, with their column language.
const LIT: &str = "return Array.from(document.querySelectorAll('.parallel .s.hl')).map(\
     e => [e.closest('.cell').dataset.lang, e.dataset.seg]);";

fn browsers(test: &str) -> Option<(PathBuf, PathBuf)> {
    let chromium = tool(
        "chromium",
        "CHROMIUM",
        &["chromium", "chromium-browser"],
        test,
    )?;
    let driver = tool("chromedriver", "CHROMEDRIVER", &["chromedriver"], test)?;
    Some((chromium, driver))
}

#[test]
fn hovering_and_focusing_a_sentence_highlights_its_counterparts() {
    let Some((chromium, chromedriver)) = browsers("hovering_and_focusing") else {
        return;
    };
    let (p, _, _) = gapped();
    p.run(&["build"]).expect_code(0);
    let page = p
        .path()
        .join(format!("output/ru/{SLUG}/aligned/index.html"));
    let d = Driver::start(&chromedriver, &chromium, &[]);
    d.goto(&file_url(&page));
    let order = d.js(
        "return Array.from(document.querySelectorAll('.row.head .cell')).map(c => c.dataset.lang);",
    );
    assert_eq!(
        order,
        json!(["ru", "en", "tr"]),
        "the reader's language first"
    );

    // Hover the second sentence of the first body paragraph in the English column.
    let sel = ".parallel .row.para .cell[data-lang=en] .s:nth-child(2 of .s)";
    let id = d.js(&format!(
        "return document.querySelector('{sel}').dataset.seg;"
    ));
    let id = id.as_str().unwrap().to_string();
    d.hover(&d.element(sel));
    let lit = d.js(LIT);
    assert_eq!(
        lit,
        json!([["ru", id], ["en", id], ["tr", id]]),
        "hovering highlights the sentence in all three columns"
    );
    let bg = d.js(&format!(
        "return getComputedStyle(document.querySelector('.cell[data-lang=tr] .s[data-seg=\"{id}\"]')).backgroundColor;"
    ));
    assert_ne!(
        bg,
        json!("rgba(0, 0, 0, 0)"),
        "the counterpart is visibly highlighted"
    );

    // Keyboard: Tab from the top until a sentence has focus; its counterparts light up.
    d.hover(&d.element("p.kicker"));
    assert_eq!(d.js(LIT), json!([]), "moving away clears the highlight");
    let mut focused = Value::Null;
    for _ in 0..40 {
        d.key("\u{E004}");
        focused = d.js("const a = document.activeElement; return a.matches('.parallel .s') ? [a.closest('.cell').dataset.lang, a.dataset.seg] : null;");
        if !focused.is_null() {
            break;
        }
    }
    assert!(!focused.is_null(), "Tab reaches a sentence");
    let fid = focused[1].clone();
    assert_eq!(
        focused[0],
        json!("ru"),
        "the first sentence reached is in the reader's column"
    );
    let lit = d.js(LIT);
    assert_eq!(
        lit,
        json!([["ru", fid], ["en", fid], ["tr", fid]]),
        "focus highlights counterparts"
    );
    d.key("\u{E004}");
    let next = d.js("return document.activeElement.dataset.seg;");
    assert_eq!(
        next, fid,
        "the next Tab stop is the same sentence in the next column"
    );
    assert_eq!(d.js(LIT), json!([["ru", fid], ["en", fid], ["tr", fid]]));

    // Footnote references are superscripts linking to the aligned notes rows.
    let refs = d.js("return Array.from(document.querySelectorAll('.cell[data-lang=en] sup.ref a')).map(a => [a.textContent, document.querySelector(a.getAttribute('href')) !== null && document.querySelector(a.getAttribute('href')).matches('.row.note')]);");
    let refs = refs.as_array().unwrap();
    assert_eq!(
        refs.len(),
        5,
        "five footnote references in the English column: {refs:?}"
    );
    assert!(refs.iter().all(|r| r[1] == json!(true)), "{refs:?}");
}

#[test]
fn two_languages_with_and_without_javascript() {
    let Some((chromium, chromedriver)) = browsers("two_languages") else {
        return;
    };
    let p = Project::fixture("build/sample");
    p.run(&["build"]).expect_code(0);
    let dir = p.path().join(format!("output/en/{SLUG}/aligned"));
    let shown = "return Array.from(document.querySelectorAll('.parallel .row.para .cell')).filter(c => c.offsetParent !== null).map(c => c.dataset.lang).filter((l, i, a) => a.indexOf(l) === i);";

    // With JavaScript: the URL parameter, then the checkboxes.
    let d = Driver::start(&chromedriver, &chromium, &[]);
    d.goto(&format!(
        "{}?langs=en,ru",
        file_url(&dir.join("index.html"))
    ));
    // The reader script has run once it shows the language form.
    d.wait_for("return !document.querySelector('form.choose').hidden;");
    assert_eq!(
        d.js(shown),
        json!(["en", "ru"]),
        "?langs=en,ru shows two columns"
    );
    assert_eq!(
        d.js("return document.querySelector('form.choose').hidden;"),
        json!(false)
    );
    let boxes = "return Array.from(document.querySelectorAll('form.choose input')).map(b => [b.value, b.checked, b.disabled]);";
    assert_eq!(
        d.js(boxes),
        json!([["en", true, true], ["tr", false, false], ["ru", true, true]]),
        "the last two languages cannot be unticked"
    );
    d.click(&d.element("form.choose input[value=tr]"));
    assert_eq!(d.js(shown), json!(["en", "tr", "ru"]));
    d.click(&d.element("form.choose input[value=en]"));
    assert_eq!(
        d.js(shown),
        json!(["tr", "ru"]),
        "unticking English hides its column"
    );
    assert!(
        d.js("return location.search;")
            .as_str()
            .unwrap()
            .contains("langs=tr%2Cru")
            || d.js("return location.search;")
                .as_str()
                .unwrap()
                .contains("langs=tr,ru"),
        "the choice is kept in the URL"
    );
    drop(d);

    // Without JavaScript: the checkboxes stay hidden; plain links lead to the pair pages.
    let d = Driver::start(
        &chromedriver,
        &chromium,
        &["--blink-settings=scriptEnabled=false"],
    );
    d.goto(&file_url(&dir.join("index.html")));
    // WebDriver's own scripts still run; the page's do not.
    assert_eq!(
        d.js("return document.querySelector('form.choose').hidden;"),
        json!(true)
    );
    assert_eq!(d.js(shown), json!(["en", "tr", "ru"]));
    let links = d.js("return Array.from(document.querySelectorAll('nav.choice a')).map(a => [a.getAttribute('href'), a.textContent]);");
    assert_eq!(
        links,
        json!([
            ["index.html", "All three"],
            ["en-tr.html", "English and Turkish"],
            ["en-ru.html", "English and Russian"],
            ["tr-ru.html", "Turkish and Russian"]
        ])
    );
    d.click(&d.element("nav.choice a[href='tr-ru.html']"));
    assert!(d
        .js("return location.href;")
        .as_str()
        .unwrap()
        .ends_with("/aligned/tr-ru.html"));
    assert_eq!(
        d.js(shown),
        json!(["tr", "ru"]),
        "the pair page shows two columns"
    );
    assert_eq!(
        d.js("return document.querySelector('nav.choice a[aria-current=page]').getAttribute('href');"),
        json!("tr-ru.html")
    );
}

#[test]
fn narrow_screens_interleave_sentences_and_screenshots_are_written() {
    let Some((chromium, chromedriver)) = browsers("narrow_screens") else {
        return;
    };
    let (p, _, _) = gapped();
    p.run(&["build"]).expect_code(0);
    let page = p
        .path()
        .join(format!("output/en/{SLUG}/aligned/index.html"));
    let d = Driver::start(&chromedriver, &chromium, &[]);
    // The sentences of the first body paragraph, in the order they appear on screen.
    let visual = "const row = document.querySelectorAll('.parallel .row.para')[0];\
         return Array.from(row.querySelectorAll('.s')).map(s => [s.getBoundingClientRect(), s])\
         .sort((a, b) => a[0].top - b[0].top || a[0].left - b[0].left)\
         .map(([r, s]) => [s.closest('.cell').dataset.lang, s.dataset.seg, Math.round(r.left)]);";
    d.resize(1280, 1000);
    d.goto(&file_url(&page));
    let wide = d.js(visual);
    let lefts: std::collections::BTreeSet<i64> = wide
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[2].as_i64().unwrap() / 100)
        .collect();
    assert!(
        lefts.len() >= 3,
        "three columns side by side at 1280 px: {wide}"
    );

    d.resize(390, 900);
    d.goto(&file_url(&page));
    let narrow = d.js(visual);
    let narrow = narrow.as_array().unwrap();
    assert_eq!(narrow.len() % 3, 0);
    assert!(
        narrow.len() >= 6,
        "a paragraph of several sentences: {narrow:?}"
    );
    for (i, chunk) in narrow.chunks(3).enumerate() {
        let langs: Vec<&str> = chunk.iter().map(|v| v[0].as_str().unwrap()).collect();
        assert_eq!(
            langs,
            ["en", "tr", "ru"],
            "sentence {i} interleaved: {narrow:?}"
        );
        assert!(
            chunk.iter().all(|v| v[1] == chunk[0][1]),
            "sentence {i}: one segment in three languages: {chunk:?}"
        );
    }

    // Print: controls gone, the columns kept side by side even on a narrow page.
    let cdp = format!("/session/{}/goog/cdp/execute", d.session);
    d.call(
        "POST",
        &cdp,
        Some(json!({"cmd": "Emulation.setEmulatedMedia", "params": {"media": "print"}})),
    );
    let print = d.js(
        "return [getComputedStyle(document.querySelector('nav.choice')).display,\
         getComputedStyle(document.querySelector('.parallel .row.para')).display,\
         getComputedStyle(document.querySelector('.parallel .row.para .cell')).display];",
    );
    assert_eq!(print, json!(["none", "grid", "block"]), "print layout");
    drop(d);

    // Screenshots with the plain chromium CLI (whole first screen), as tests/browser.rs does.
    let artifacts = repo().join("target/browser-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let profile = tempfile::tempdir().unwrap();
    for (w, h) in [(1280, 1400), (390, 1400)] {
        let shot = artifacts.join(format!("reader-{w}.png"));
        let _ = std::fs::remove_file(&shot);
        let out = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--window-size={w},{h}"))
            .arg(format!("--screenshot={}", shot.display()))
            .arg(file_url(&page))
            .output()
            .expect("chromium runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let png = std::fs::read(&shot).expect("a screenshot");
        assert!(png.starts_with(b"\x89PNG"), "{} is a PNG", shot.display());
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, w, "screenshot width");
        if std::env::var_os("POLYPRESS_BLESS").is_some_and(|v| v == "1") {
            std::fs::copy(&shot, repo().join(format!("docs/reader-{w}.png"))).unwrap();
        }
    }
}

/// Every reader page of a build, with its path relative to `output/`.
fn reader_pages(out: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for lang in ["en", "tr", "ru"] {
        for slug in std::fs::read_dir(out.join(lang)).unwrap() {
            let dir = slug.unwrap().path().join("aligned");
            if !dir.is_dir() {
                continue;
            }
            for f in std::fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                let rel = f.strip_prefix(out).unwrap().to_string_lossy().into_owned();
                pages.push((rel, std::fs::read_to_string(&f).unwrap()));
            }
        }
    }
    pages.sort();
    pages
}

/// The text a reader sees: tags and attributes removed.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn reader_pages_show_no_placeholder_id_or_state_and_are_honest_about_gaps() {
    let (p, fuzzy_target, new_id) = gapped();
    p.run(&["build"]).expect_code(0);
    let out = p.path().join("output");
    let pages = reader_pages(&out);
    assert_eq!(
        pages.len(),
        3 * 3 * 4,
        "4 pages per article and reader language"
    );
    let token = regex::Regex::new(r"\{/?[0-9]+/?\}").unwrap();
    let draft: Value = serde_json::from_str(&p.read(&format!("sources/{SLUG}/tr.json"))).unwrap();
    let ids: Vec<String> = draft["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    for (rel, html) in &pages {
        assert!(!token.is_match(html), "{rel} shows a placeholder token");
        // Nothing a `script-src 'self'; style-src 'self'` policy would block.
        assert!(
            !html.contains(" style=") && !html.contains("<style"),
            "{rel}: inline style"
        );
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=\"../../../reader.js\" defer></script>")
                .count(),
            "{rel}: inline script"
        );
        assert!(html.contains("<script src=\"../../../reader.js\" defer></script>"));
        let text = visible_text(html);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{rel} shows segment id {id}");
        }
        for state in [
            "TRANSLATED",
            "FUZZY",
            "fuzzy",
            "REVIEWED",
            "/paragraph[",
            "/front/",
        ] {
            assert!(!text.contains(state), "{rel} shows `{state}`");
        }
    }
    let ru = &pages
        .iter()
        .find(|(r, _)| r == &format!("ru/{SLUG}/aligned/index.html"))
        .unwrap()
        .1;
    // The fuzzy suggestion is left out; the source sentence stands in, marked as awaiting review.
    // How the renderer writes text: `&`, `<`, `>` and `"` escaped, apostrophes as they are.
    let plain = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    assert!(
        !ru.contains(&plain(&fuzzy_target)),
        "fuzzy suggestion shown to readers"
    );
    assert!(ru.contains(
        "class=\"s gap\" lang=\"ru\" title=\"Перевод ждёт проверки: показан на языке оригинала\""
    ));
    assert!(ru.contains(&format!(
        "class=\"s gap\" lang=\"ru\" title=\"Ещё не переведено: показано на языке оригинала\" data-seg=\"{new_id}\""
    )));
    assert!(
        ru.contains("<p class=\"legend\">"),
        "a legend explains the marks"
    );

    // With --allow-fuzzy the suggestion is used, and marked as not reviewed.
    p.run(&["build", "--allow-fuzzy"]).expect_code(0);
    let en = p.read(&format!("output/en/{SLUG}/aligned/index.html"));
    assert!(en.contains(&plain(&fuzzy_target)));
    assert!(
        en.contains("class=\"s unreviewed\" title=\"This translation has not been reviewed yet\"")
    );

    // With --untranslated omit, as in the editions, only the mark stays.
    p.run(&["build", "--untranslated", "omit"]).expect_code(0);
    let en = p.read(&format!("output/en/{SLUG}/aligned/index.html"));
    assert!(en.contains(&format!(
        "title=\"Not translated yet\" data-seg=\"{new_id}\" tabindex=\"0\">…</span>"
    )));

    // The editors' page keeps ids, states and scores, and shows the suggestion in its cell.
    p.run(&["build"]).expect_code(0);
    let qa = p.read(&format!("output/aligned/{SLUG}-qa.html"));
    assert!(qa.contains(&format!("<td class=\"id\">{new_id}<br>")));
    assert!(qa.contains("<td class=\"fuzzy\" lang=\"tr\"><span class=\"suggestion-label\" lang=\"ru\">Предложение (не используется):</span>"));
    assert!(qa.contains(&plain(&fuzzy_target)));
    assert!(qa.contains("нечёткое совпадение, не используется · совпадение 83 %"));
    assert!(!token.is_match(&qa), "rendered markup on the QA page too");
}

#[test]
fn reader_chrome_is_in_the_readers_language() {
    let p = Project::fixture("build/sample");
    p.run(&["build"]).expect_code(0);
    let page = |l: &str| p.read(&format!("output/{l}/{SLUG}/aligned/index.html"));
    let en = page("en");
    let tr = page("tr");
    let ru = page("ru");
    for (html, lang, words) in [
        (
            &en,
            "en",
            [
                "Parallel text",
                "Back to the article",
                "English and Turkish",
                "Show:",
            ],
        ),
        (
            &tr,
            "tr",
            [
                "Paralel metin",
                "Yazıya dön",
                "Türkçe ve İngilizce",
                "Göster:",
            ],
        ),
        (
            &ru,
            "ru",
            [
                "Параллельный текст",
                "Вернуться к статье",
                "Русский и английский",
                "Показать:",
            ],
        ),
    ] {
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        for w in words {
            assert!(html.contains(w), "`{w}` in the {lang} reader");
        }
    }
    for w in [
        "Parallel text",
        "Back to the article",
        "All articles",
        "Languages:",
        "Show:",
    ] {
        assert!(
            !tr.contains(w) && !ru.contains(w),
            "English chrome `{w}` left on tr/ru pages"
        );
    }
    // Each edition's switcher links to the reader in its language.
    let ed = p.read(&format!("output/tr/{SLUG}/index.html"));
    assert!(ed.contains("<a class=\"parallel-link\" href=\"aligned/index.html\">Paralel metin</a>"));
}

#[test]
fn reader_and_qa_pages_pass_the_nu_html_checker() {
    let Some(vnu) = tool(
        "vnu",
        "VNU",
        &["vnu"],
        "reader_and_qa_pages_pass_the_nu_html_checker",
    ) else {
        return;
    };
    let (p, _, _) = gapped();
    p.run(&["build"]).expect_code(0);
    let out = p.path().join("output");
    let mut files: Vec<PathBuf> = reader_pages(&out)
        .into_iter()
        .map(|(r, _)| out.join(r))
        .collect();
    for f in std::fs::read_dir(out.join("aligned")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "html") {
            files.push(f);
        }
    }
    files.push(out.join("index.html"));
    files.push(out.join(format!("tr/{SLUG}/index.html")));
    let run = Command::new(vnu)
        .args(["--errors-only", "--format", "gnu"])
        .args(&files)
        .output()
        .expect("vnu runs");
    let report =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && report.trim().is_empty(),
        "Nu HTML checker:\n{report}"
    );
}
