//! The workbench in a real browser: headless Chromium driven through WebDriver (chromedriver,
//! started here, spoken to with plain HTTP). A segment is translated with the keyboard alone,
//! two sessions save the same segment and the second gets the conflict without losing its
//! text, a hostile article runs no script, and the preview shows a saved change. Screenshots
//! of the dashboard, the editor and the preview go to `target/screenshots/`.
//!
//! Skips with a message when chromium or chromedriver is missing (`apt-get install chromium
//! chromium-driver`), and fails instead when POLYPRESS_REQUIRE_TOOLS=1 (as CI sets it).

mod serve_support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve_support::{browser_tools, tools_required, Demo};

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const CTRL: &str = "\u{E009}";
const SHIFT: &str = "\u{E008}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";
const RELEASE: &str = "\u{E000}";

struct Driver {
    child: Child,
    base: String,
    chrome: PathBuf,
    _profiles: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http(method: &str, url: &str, body: Option<Value>) -> Value {
    let req = ureq::request(method, url).timeout(Duration::from_secs(60));
    let resp = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let resp = match resp {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    resp.into_json().unwrap_or(Value::Null)
}

impl Driver {
    /// Starts chromedriver, or explains why the test is skipped.
    fn start() -> Option<Driver> {
        let Some((driver, chrome)) = browser_tools() else {
            assert!(
                !tools_required(),
                "POLYPRESS_REQUIRE_TOOLS=1 but chromium or chromedriver is missing"
            );
            eprintln!("SKIP: chromium and chromedriver are needed (apt-get install chromium chromium-driver)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            chrome,
            _profiles: tempfile::tempdir().unwrap(),
        };
        let start = Instant::now();
        loop {
            if let Ok(r) = ureq::get(&format!("{}/status", d.base)).call() {
                let v: Value = r.into_json().unwrap();
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(d)
    }

    fn session(&self) -> Session {
        let v = http(
            "POST",
            &format!("{}/session", self.base),
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": self.chrome.to_string_lossy(),
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1400,1000", "--no-first-run", "--disable-extensions"],
                },
            }}})),
        );
        let id = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Session {
            url: format!("{}/session/{id}", self.base),
        }
    }
}

struct Session {
    url: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url).call();
    }
}

impl Session {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = http(method, &format!("{}{path}", self.url), body);
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn active(&self) -> String {
        let v = self.cmd("GET", "/element/active", None);
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn keys(&self, el: &str, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            json!([css]),
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    /// Waits until `script` returns true (10 s at most).
    fn wait(&self, what: &str, script: &str, args: Value) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.js(script, args.clone()) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "timed out waiting for {what}; status: {:?}",
            self.text("#status")
        );
    }

    fn no_alert(&self) -> bool {
        let v = self.cmd("GET", "/alert/text", None);
        v["error"] == "no such alert"
    }

    fn screenshot(&self, name: &str) {
        let v = self.cmd("GET", "/screenshot", None);
        let png = base64(v.as_str().unwrap());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), png).unwrap();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            _ => 63,
        }
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c) << (18 - 6 * i);
        }
        let take = chunk.len() - 1;
        for i in 0..take {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

fn draft_entry(demo: &Demo, lang: &str, needle: &str) -> Value {
    let d: Value = serde_json::from_str(&demo.read(&format!("sources/demo/{lang}.json"))).unwrap();
    d["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"].as_str().unwrap().contains(needle))
        .cloned()
        .unwrap()
}

fn row_of(demo: &Demo, needle: &str) -> String {
    format!(
        "tr#seg-{}",
        draft_entry(demo, "tr", needle)["id"].as_str().unwrap()
    )
}

const SAVED: &str = "return document.getElementById('status').textContent.startsWith('Saved');";

#[test]
fn translate_with_the_keyboard_only_then_reload_and_see_it() {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let demo = Demo::new();
    let server = demo.serve(&[]);
    let b = driver.session();
    b.go(&server.url("/"));
    b.screenshot("dashboard.png");
    b.go(&server.url("/edit/demo/tr"));
    // The editor starts on the first unfinished segment (the title), focused.
    let title_row = row_of(&demo, "Demo Article");
    b.wait(
        "the title focused",
        "return document.activeElement.closest('tr').matches(arguments[0]);",
        json!([title_row]),
    );
    let ta = b.active();
    b.keys(&ta, "Demo Makale");
    b.keys(&ta, &format!("{CTRL}{ENTER}{RELEASE}"));
    b.wait("the save", SAVED, json!([]));
    // Confirmed, and on to the next unfinished segment.
    let tokyo = row_of(&demo, "Tokyo");
    b.wait(
        "the next segment focused",
        "return document.activeElement.closest('tr').matches(arguments[0]);",
        json!([tokyo]),
    );
    // Ctrl+Shift+C copies the source (with its placeholders) as a start.
    let ta = b.active();
    b.keys(&ta, &format!("{CTRL}{SHIFT}c{RELEASE}"));
    let v = b.js("return document.activeElement.value;", json!([]));
    assert!(v.as_str().unwrap().contains("{1}Tokyo{/1}"), "{v}");
    // Ctrl+Down to the fuzzy segment, Ctrl+1 takes the memory's match, Ctrl+Enter confirms.
    b.keys(&ta, &format!("{CTRL}{DOWN}{RELEASE}"));
    let ministers = row_of(&demo, "Ministers");
    b.wait(
        "the fuzzy segment",
        "return document.activeElement.closest('tr').matches(arguments[0]);",
        json!([ministers]),
    );
    b.wait(
        "its matches",
        "return document.querySelectorAll('#matches li.match').length > 0;",
        json!([]),
    );
    assert!(
        b.text("#matches li.match .diff").contains("all"),
        "the word diff shows the memory's extra word"
    );
    let ta = b.active();
    b.keys(&ta, &format!("{CTRL}1{RELEASE}"));
    assert_eq!(
        b.js("return document.activeElement.value;", json!([])),
        "Bakanların hepsi katılacak."
    );
    b.keys(&ta, &format!("{CTRL}{ENTER}{RELEASE}"));
    b.wait(
        "the second save",
        &format!("return document.querySelector('{ministers}').dataset.state === 'translated';"),
        json!([]),
    );
    b.screenshot("editor.png");

    // On disk, and after a reload.
    let title = draft_entry(&demo, "tr", "Demo Article");
    assert_eq!(title["target"], "Demo Makale");
    assert_eq!(title["state"], "translated");
    assert_eq!(
        draft_entry(&demo, "tr", "Ministers")["target"],
        "Bakanların hepsi katılacak."
    );
    b.go(&server.url("/edit/demo/tr"));
    let v = b.js(
        "const r = document.querySelector(arguments[0]); return [r.querySelector('textarea').value, r.dataset.state];",
        json!([title_row]),
    );
    assert_eq!(v, json!(["Demo Makale", "translated"]));
}

#[test]
fn two_sessions_on_one_segment_the_second_gets_the_conflict_and_keeps_its_text() {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let demo = Demo::new();
    let server = demo.serve(&[]);
    let (a, b) = (driver.session(), driver.session());
    let row = row_of(&demo, "second paragraph");
    for s in [&a, &b] {
        s.go(&server.url("/edit/demo/tr"));
        s.wait(
            "the editor",
            "return document.querySelectorAll('tr.seg').length === 5;",
            json!([]),
        );
    }
    let fill = |s: &Session, text: &str| {
        s.js(
            "const t = document.querySelector(arguments[0] + ' textarea'); t.value = arguments[1]; t.focus();",
            json!([row, text]),
        );
        let btn = s.find(&format!("{row} button[data-state=translated]"));
        s.click(&btn);
    };
    fill(&a, "Birinci oturumun çevirisi.");
    a.wait("A's save", SAVED, json!([]));
    fill(&b, "İkinci oturumun çevirisi.");
    b.wait(
        "B's conflict",
        "return document.getElementById('status').textContent.includes('changed elsewhere');",
        json!([]),
    );
    // B sees A's version and still has its own text; the file has A's.
    assert_eq!(
        b.text(&format!("{row} .conflict .theirs")),
        "Birinci oturumun çevirisi."
    );
    assert_eq!(
        b.js(
            "return document.querySelector(arguments[0] + ' textarea').value;",
            json!([row])
        ),
        "İkinci oturumun çevirisi."
    );
    assert_eq!(
        draft_entry(&demo, "tr", "second paragraph")["target"],
        "Birinci oturumun çevirisi."
    );
    // B chooses to keep its own: saved over A's, knowingly.
    let keep = b.find(&format!("{row} .conflict button.keep-mine"));
    b.click(&keep);
    b.wait("B's save", SAVED, json!([]));
    assert_eq!(
        draft_entry(&demo, "tr", "second paragraph")["target"],
        "İkinci oturumun çevirisi."
    );
}

#[test]
fn a_hostile_article_runs_no_script() {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let hostile = "+++\ntitle = \"\\\"><img src=x onerror=\\\"window.pwned='title';alert(1)\\\">\"\nlang = \"en\"\ndate = \"2024-01-01\"\n\
author = \"<script>window.pwned='author'</script>\"\nsummary = \"</title><script>window.pwned='summary'</script>\"\n+++\n\n\
Click [here](javascript:window.pwned='link') now. A <img src=x onerror=\"window.pwned='inline'\"> move.\n\n\
<script>window.pwned='block';alert(2)</script>\n";
    let demo = Demo::with_article("hostile", hostile);
    let server = demo.serve(&[]);
    let b = driver.session();
    let pages = [
        "/",
        "/edit/hostile/tr",
        "/preview/tr/hostile/index.html",
        "/preview/en/hostile/index.html",
        "/preview/aligned/hostile.html",
        "/memory?q=%3Cscript%3E&lang=en",
    ];
    for p in pages {
        b.go(&server.url(p));
        std::thread::sleep(Duration::from_millis(300));
        assert!(b.no_alert(), "{p}: an alert opened");
        let pwned = b.js(
            "const f = document.getElementById('preview'); \
             return [window.pwned || null, f && f.contentWindow ? (f.contentWindow.pwned || null) : null];",
            json!([]),
        );
        assert_eq!(pwned, json!([null, null]), "{p}: a script ran");
    }
    // The link is there but inert in the sandboxed preview; clicking it runs nothing.
    b.go(&server.url("/preview/tr/hostile/index.html"));
    let has_link = b.js(
        "return !!document.querySelector('a[href^=\"javascript:\"]');",
        json!([]),
    );
    if has_link == Value::Bool(true) {
        let a = b.find("a[href^=\"javascript:\"]");
        b.click(&a);
        assert_eq!(b.js("return window.pwned || null;", json!([])), Value::Null);
    }
    // The editor shows the hostile title as text.
    b.go(&server.url("/edit/hostile/tr"));
    assert!(
        b.text("h1").contains("<img src=x onerror="),
        "{}",
        b.text("h1")
    );
}

#[test]
fn the_preview_shows_a_saved_change_highlighted() {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let demo = Demo::new();
    let server = demo.serve(&[]);
    let b = driver.session();
    b.go(&server.url("/edit/demo/tr"));
    let row = row_of(&demo, "second paragraph");
    b.js(
        "const t = document.querySelector(arguments[0] + ' textarea'); t.focus(); t.value = 'Önizlemede görünen cümle.';",
        json!([row]),
    );
    let btn = b.find(&format!("{row} button[data-state=translated]"));
    b.click(&btn);
    b.wait("the save", SAVED, json!([]));
    b.wait(
        "the preview refreshed",
        "const f = document.getElementById('preview'); const m = f.contentDocument && f.contentDocument.getElementById('pp-current'); \
         return !!m && m.textContent === 'Önizlemede görünen cümle.';",
        json!([]),
    );
    b.screenshot("editor-preview.png");
    let id = draft_entry(&demo, "tr", "second paragraph")["id"]
        .as_str()
        .unwrap()
        .to_string();
    b.go(&server.url(&format!("/preview/tr/demo/index.html?hl={id}")));
    assert_eq!(b.text("mark#pp-current"), "Önizlemede görünen cümle.");
    assert!(b.text("article").contains("Önizlemede görünen cümle."));
    b.screenshot("preview.png");
}

#[test]
fn glossary_hits_and_guard_warnings_follow_the_target_as_it_is_typed() {
    let _one = BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    let Some(driver) = Driver::start() else {
        return;
    };
    let demo = Demo::with_files(
        "demo",
        serve_support::TERMS_ARTICLE,
        &[
            ("memory/corridor.tmx", serve_support::TERMS_TMX),
            ("terms/glossary.csv", serve_support::GLOSSARY_CSV),
        ],
    );
    let server = demo.serve(&[]);
    let b = driver.session();
    b.go(&server.url("/edit/demo/tr"));
    let corridor = row_of(&demo, "Middle Corridor");
    let ta = b.find(&format!("{corridor} textarea"));
    b.click(&ta);
    // The match lacks the source's negation: the guard says so on the match and on the
    // entry it pre-filled.
    b.wait(
        "the guarded match",
        "return [...document.querySelectorAll('#matches li.match ul.guard li')].some(l => l.textContent.startsWith('negation'));",
        json!([]),
    );
    assert!(
        b.text(&format!("{corridor} ul.guard"))
            .contains("negation: query `not`"),
        "the entry's guard warning"
    );
    // The glossary panel: the source term, its renderings, and the pre-filled target's use.
    b.wait(
        "the glossary panel",
        "return !!document.querySelector('#glossary dt.term-ok[data-term=\"middle-corridor\"]');",
        json!([]),
    );
    let panel = b.text("#glossary");
    assert!(panel.contains("preferred: Orta Koridor"), "{panel}");
    assert!(panel.contains("admitted: Orta Hat"), "{panel}");
    assert!(panel.contains("forbidden: Orta Yol"), "{panel}");
    assert!(
        panel.contains("the trade route across the Caspian"),
        "{panel}"
    );
    // Typing a forbidden rendering flags it at once, before any save.
    b.keys(
        &ta,
        &format!("{CTRL}a{RELEASE}Bakanlar Bakü'de Orta Yol'u görüşmedi."),
    );
    b.wait(
        "the forbidden rendering flagged",
        "const r = document.querySelector(arguments[0]); return r.classList.contains('term-flagged') && !!r.querySelector('li.term-forbidden');",
        json!([corridor]),
    );
    assert!(b
        .text(&format!("{corridor} li.term-forbidden .verdict"))
        .contains("Orta Yol'u"));
    // The preferred rendering, inflected: the flag goes; the save keeps the verdict.
    b.keys(
        &ta,
        &format!("{CTRL}a{RELEASE}Bakanlar Bakü'de Orta Koridor'u görüşmedi."),
    );
    b.wait(
        "the term rendered",
        "const r = document.querySelector(arguments[0]); return !r.classList.contains('term-flagged') && !!r.querySelector('li.term-ok');",
        json!([corridor]),
    );
    b.keys(&ta, &format!("{CTRL}{ENTER}{RELEASE}"));
    b.wait("the save", SAVED, json!([]));
    assert_eq!(
        draft_entry(&demo, "tr", "Middle Corridor")["target"],
        "Bakanlar Bakü'de Orta Koridor'u görüşmedi."
    );
    // The next unfinished segment is the other term's: a target without it is flagged.
    let ots = row_of(&demo, "Turkic");
    b.wait(
        "the next segment",
        "return document.activeElement.closest('tr').matches(arguments[0]);",
        json!([ots]),
    );
    let ta = b.active();
    b.keys(&ta, "Teşkilat yine toplandı.");
    b.wait(
        "the missing term flagged",
        "return !!document.querySelector(arguments[0] + ' li.term-missing') && !!document.querySelector('#glossary dd.verdict.term-missing');",
        json!([ots]),
    );
    b.screenshot("editor-glossary.png");
}
