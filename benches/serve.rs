//! Workbench benchmark: the release binary's `polypress serve` on a project with a 100k-TU
//! memory (built from `../shared/corpus/*.jsonl`, or generated sentences where it is absent)
//! and a 300-segment article pre-filled by `polypress prefill`. Measured over loopback HTTP,
//! as the editor's script asks: memory lookups of the article's segments
//! (`GET /api/lookup`), and whole editor pages (`GET /edit/<slug>/tr`, rendered on the server
//! with every entry's findings). Prints start-up time, median, p95 and max, beside the targets
//! (lookup ≤ 50 ms, editor page ≤ 300 ms).
//!
//! Environment: `POLYPRESS_BENCH_TUS` (default 100000), `POLYPRESS_BENCH_SEGMENTS` (300),
//! `POLYPRESS_BENCH_LOOKUPS` (300), `POLYPRESS_BENCH_PAGES` (30).

#[path = "common/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use polypress::memory::{tmx, Tu, Variant};
use polypress::model::Lang;

use corpus::{percentile, Rng};

#[derive(serde::Deserialize)]
struct Row {
    en: String,
    tr: Option<String>,
}

const WORDS: &[&str] = &[
    "the",
    "meeting",
    "system",
    "will",
    "file",
    "new",
    "ministers",
    "default",
    "page",
    "user",
    "settings",
    "region",
    "country",
    "open",
    "shows",
    "table",
    "value",
    "support",
    "project",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.below(10);
    let mut words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    words.push("end");
    let mut s = words.join(" ");
    s[..1].make_ascii_uppercase();
    s.push('.');
    s
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rows() -> (Vec<(String, String)>, &'static str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap_or_default().lines() {
            if let Ok(Row { en, tr: Some(tr) }) = serde_json::from_str::<Row>(line) {
                // One sentence each, as a segmenter would give them, no markup.
                let plain = |s: &str| {
                    !s.contains([
                        '{', '}', '<', '>', '[', ']', '*', '_', '`', '\n', '#', '|', '\\',
                    ])
                };
                if en.len() > 30
                    && en.ends_with('.')
                    && en.matches(". ").count() == 0
                    && plain(&en)
                    && plain(&tr)
                {
                    out.push((en, tr));
                }
            }
        }
    }
    if out.is_empty() {
        let mut rng = Rng(7);
        let rows = (0..20_000)
            .map(|_| (sentence(&mut rng), sentence(&mut rng)))
            .collect();
        return (rows, "generated sentences (../shared/corpus absent)");
    }
    (out, "../shared/corpus")
}

fn report(name: &str, mut ms: Vec<f64>, target: f64) {
    ms.sort_by(f64::total_cmp);
    let median = percentile(&ms, 0.5);
    let p95 = percentile(&ms, 0.95);
    println!(
        "{name:<32} n={:<4} median {median:>7.2} ms  p95 {p95:>7.2} ms  max {:>7.2} ms  target ≤ {target} ms: {}",
        ms.len(),
        ms[ms.len() - 1],
        if p95 <= target { "met" } else { "MISSED" }
    );
}

/// The machine's load average over 1, 5 and 15 minutes, where the system tells it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    println!("load average at the start: {}", load_average());
    let tus = env("POLYPRESS_BENCH_TUS", 100_000);
    let segments = env("POLYPRESS_BENCH_SEGMENTS", 300);
    let lookups = env("POLYPRESS_BENCH_LOOKUPS", 300);
    let pages = env("POLYPRESS_BENCH_PAGES", 30);
    let (rows, from) = rows();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    // The memory: corpus rows, repeated with a changed word to reach the size.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let memory: Vec<Tu> = (0..tus)
        .map(|i| {
            let (en, tr) = &rows[i % rows.len()];
            let en = if i < rows.len() {
                en.clone()
            } else {
                format!("{} {}", WORDS[rng.below(WORDS.len())], en)
            };
            let mut tu = Tu::default();
            tu.variants.insert(Lang::En, Variant::new(Lang::En, en));
            tu.variants
                .insert(Lang::Tr, Variant::new(Lang::Tr, tr.clone()));
            tu
        })
        .collect();
    std::fs::create_dir_all(root.join("memory")).unwrap();
    std::fs::write(
        root.join("memory/bench.tmx"),
        tmx::write(&memory, &[Lang::En, Lang::Tr]).unwrap(),
    )
    .unwrap();

    // The article: sentences near memory entries (one word changed), three per paragraph.
    let mut body = String::from("+++\ntitle = \"Benchmark article\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"Bench\"\n+++\n\n");
    let step = (rows.len() / segments).max(1);
    for k in 0..segments - 1 {
        let (en, _) = &rows[(k * step) % rows.len()];
        let mut words: Vec<&str> = en.split(' ').collect();
        let w = rng.below(words.len().saturating_sub(1));
        words[w] = WORDS[rng.below(WORDS.len())];
        let mut s = words.join(" ");
        if let Some(c) = s.get(..1) {
            let up = c.to_uppercase();
            s.replace_range(..1, &up);
        }
        body.push_str(&s);
        body.push(if k % 3 == 2 { '\n' } else { ' ' });
        if k % 3 == 2 {
            body.push('\n');
        }
    }
    body.push('\n');
    std::fs::create_dir_all(root.join("sources/bench")).unwrap();
    std::fs::write(root.join("sources/bench/en.md"), &body).unwrap();
    std::fs::write(
        root.join("polypress.toml"),
        "languages = [\"en\", \"tr\"]\n",
    )
    .unwrap();

    let bin = env!("CARGO_BIN_EXE_polypress");
    let t = Instant::now();
    let out = Command::new(bin)
        .arg("-C")
        .arg(root)
        .args(["prefill", "-q"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let prefill_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut child = Command::new(bin)
        .arg("-C")
        .arg(root)
        .args(["serve", "--port", "0", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let startup_s = t.elapsed().as_secs_f64();
    let url = url.trim().trim_end_matches('/').to_string();

    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build();
    let draft: serde_json::Value = agent
        .get(&format!("{url}/api/drafts/bench/tr"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    let entries = draft["entries"].as_array().unwrap().clone();
    let matched = entries.iter().filter(|e| e["state"] != "new").count();
    println!(
        "polypress serve, release binary: {} TUs from {from}, article of {} segments ({} pre-filled), prefill {prefill_s:.2} s, start-up (memory loaded, indexes built) {startup_s:.2} s",
        memory.len(),
        entries.len(),
        matched
    );

    let mut lookup_ms = Vec::new();
    let mut found = 0;
    for i in 0..lookups {
        let text = entries[i % entries.len()]["source"].as_str().unwrap();
        let t = Instant::now();
        let v: serde_json::Value = agent
            .get(&format!("{url}/api/lookup"))
            .query("text", text)
            .query("from", "en")
            .query("to", "tr")
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        lookup_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(!v["matches"].as_array().unwrap().is_empty());
    }
    report(
        &format!("lookup ({found}/{lookups} with matches)"),
        lookup_ms,
        50.0,
    );

    let mut page_ms = Vec::new();
    let mut size = 0;
    for _ in 0..pages {
        let t = Instant::now();
        let html = agent
            .get(&format!("{url}/edit/bench/tr"))
            .call()
            .unwrap()
            .into_string()
            .unwrap();
        page_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        size = html.len();
    }
    report(
        &format!("editor page ({} KiB)", size / 1024),
        page_ms,
        300.0,
    );

    let mut save_ms = Vec::new();
    for e in entries.iter().take(20) {
        let body = serde_json::json!({"target": format!("Çeviri {}", e["id"].as_str().unwrap()), "state": "translated", "rev": e["rev"]});
        let t = Instant::now();
        let r = agent
            .put(&format!(
                "{url}/api/drafts/bench/tr/segments/{}",
                e["id"].as_str().unwrap()
            ))
            .set("Content-Type", "application/json")
            .send_string(&body.to_string());
        save_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(r.is_ok(), "{r:?}");
    }
    report("save + learn (first 20 segments)", save_ms, f64::INFINITY);
    let mut after_ms = Vec::new();
    for i in 0..50 {
        let text = entries[i % entries.len()]["source"].as_str().unwrap();
        let t = Instant::now();
        agent
            .get(&format!("{url}/api/lookup"))
            .query("text", text)
            .query("from", "en")
            .query("to", "tr")
            .call()
            .unwrap();
        after_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    report("lookup after the saves", after_ms, 50.0);
    println!("load average at the end: {}", load_average());
    let _ = child.kill();
    let _ = child.wait();
}
