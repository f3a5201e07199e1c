//! Shared by the workbench tests: a small project on disk, and the real `polypress serve`
//! started on a free loopback port, stopped when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const ARTICLE: &str = "+++\ntitle = \"Demo Article\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A. B. Kyzy\"\n+++\n\n\
The meeting will be held in [Tokyo](https://example.org/tokyo). Ministers will attend.\n\n\
The second paragraph has a plain sentence. It has another one.\n";

pub const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="*all*" datatype="plaintext"/>
  <body>
    <tu tuid="t-1" creationdate="20230105T101500Z" creationid="Elif Demirkaya">
      <tuv xml:lang="en"><seg>Ministers will all attend.</seg></tuv>
      <tuv xml:lang="tr"><seg>Bakanların hepsi katılacak.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

/// An article that names glossary terms, and a memory whose match for its first sentence
/// lacks the negation (a guard warning).
pub const TERMS_ARTICLE: &str = "+++\ntitle = \"Corridor\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"A. B. Kyzy\"\n+++\n\n\
The ministers did not discuss the Middle Corridor in Baku.\n\n\
The Organization of Turkic States met again.\n";

pub const TERMS_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en" srclang="*all*" datatype="plaintext"/>
  <body>
    <tu tuid="c-1" creationdate="20230105T101500Z" creationid="Elif Demirkaya">
      <tuv xml:lang="en"><seg>The ministers did discuss the Middle Corridor in Baku.</seg></tuv>
      <tuv xml:lang="tr"><seg>Bakanlar Bakü'de Orta Koridor'u görüştü.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

pub const GLOSSARY_CSV: &str = "id,en,tr,ru,forbidden,note\n\
middle-corridor,Middle Corridor,Orta Koridor|Orta Hat,Средний коридор,tr:Orta Yol,the trade route across the Caspian\n\
ots,Organization of Turkic States,Türk Devletleri Teşkilatı,Организация тюркских государств,,\n";

/// A temporary project: one English article (a link placeholder in its first sentence), a
/// memory of one TU, and drafts made by `polypress prefill`.
pub struct Demo {
    pub dir: tempfile::TempDir,
}

impl Demo {
    pub fn new() -> Demo {
        Demo::with_article("demo", ARTICLE)
    }

    pub fn with_article(slug: &str, text: &str) -> Demo {
        Demo::with_files(slug, text, &[])
    }

    /// A project with `files` (`(path, text)`, e.g. a glossary or another memory file)
    /// written before `prefill` runs.
    pub fn with_files(slug: &str, text: &str, files: &[(&str, &str)]) -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let d = Demo { dir };
        d.write(&format!("sources/{slug}/en.md"), text);
        d.write("memory/test.tmx", TMX);
        for (rel, body) in files {
            d.write(rel, body);
        }
        d.write("polypress.toml", "languages = [\"en\", \"tr\", \"ru\"]\n");
        let out = d.polypress(&["prefill"]);
        assert!(
            out.status.success(),
            "prefill: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        d
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn polypress(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("-C")
            .arg(self.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Starts `polypress serve --port 0` with `extra` arguments.
    pub fn serve(&self, extra: &[&str]) -> Server {
        Server::start(self.path(), extra)
    }
}

/// A running `polypress serve`.
pub struct Server {
    pub child: Option<Child>,
    /// The printed URL (with `?token=` when there is one).
    pub url: String,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub port: u16,
    stderr: Option<std::process::ChildStderr>,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("-C")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let stderr = child.stderr.take();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://"), "serve printed no URL: {line:?}");
        let rest = &url["http://".len()..];
        let hostport = rest.split('/').next().unwrap();
        let port: u16 = hostport.rsplit(':').next().unwrap().parse().unwrap();
        Server {
            child: Some(child),
            base: format!("http://127.0.0.1:{port}"),
            url,
            port,
            stderr,
        }
    }

    /// Sends SIGINT (as Ctrl+C does) and returns the exit code and stderr.
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let mut child = self.child.take().unwrap();
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        for _ in 0..100 {
            if let Some(st) = child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = self.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                return (st.code(), err);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        panic!("serve did not stop within 5 s of SIGINT");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A raw HTTP/1.1 request, for headers a client library would not let through (a forged
/// `Host`). Returns the status code and the whole response text.
pub fn raw(port: u16, request: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let code = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, out)
}

/// `chromedriver` and `chromium`, when both are installed.
pub fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| -> Option<PathBuf> {
        names.iter().find_map(|n| {
            Command::new(n)
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| on_path(n))
        })
    };
    let driver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| find(&["chromedriver"]))?;
    let chrome = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| find(&["chromium", "chromium-browser", "google-chrome"]))?;
    Some((driver, chrome))
}

/// Whether CI asked for every tool to be there (a missing one then fails instead of skipping).
pub fn tools_required() -> bool {
    std::env::var("POLYPRESS_REQUIRE_TOOLS").is_ok_and(|v| v == "1")
}

/// The full path of a program found on PATH (chromedriver wants one for the browser).
fn on_path(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| PathBuf::from(name))
}
