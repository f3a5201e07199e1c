//! Sentence segmentation throughput: builds ~40 MB of prose per language from the shared corpus
//! (`../shared/corpus/*.jsonl`), segments it with the built-in rules of that language, and
//! compares the rate with a naive `[.!?]\s+` regex split in the same process.
//!
//! Run with `cargo bench --bench segment`. Prints a skip message and exits 0 when the corpus is
//! absent.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use polypress::model::Lang;
use polypress::segment::{split, Rules};

const TARGET_BYTES: usize = 40 << 20;

#[derive(serde::Deserialize)]
struct Row {
    en: String,
    tr: Option<String>,
    ru: Option<String>,
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(_) => Vec::new(),
    };
    if files.is_empty() {
        println!("skipping segment bench: no corpus at {}", dir.display());
        return;
    }
    files.sort();
    let mut segments: [Vec<String>; 3] = Default::default();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            println!("skipping unreadable {}", file.display());
            continue;
        };
        for line in text.lines() {
            let Ok(row) = serde_json::from_str::<Row>(line) else {
                continue;
            };
            // Keep prose-like segments: at least four words.
            for (k, s) in [Some(row.en), row.tr, row.ru].into_iter().enumerate() {
                if let Some(s) = s.filter(|s| s.split_whitespace().count() >= 4) {
                    segments[k].push(s.replace('\n', " "));
                }
            }
        }
    }
    let naive = regex::Regex::new(r"[.!?]\s+").expect("constant pattern");
    println!(
        "segment bench: {} MB of prose per language, 1 thread",
        TARGET_BYTES >> 20
    );
    let srx_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/srx/en-basic.srx");
    let srx = std::fs::read_to_string(&srx_path)
        .ok()
        .and_then(|t| Rules::from_srx(Lang::En, &t, &srx_path).ok());
    for (k, lang) in Lang::ALL.into_iter().enumerate() {
        let text = build_text(&segments[k]);
        if let (Lang::En, Some(srx)) = (lang, &srx) {
            let (d, n) = measure(|| split(&text, srx).len());
            println!(
                "en: SRX fixture {:>7.1} MB/s ({n} breaks)",
                text.len() as f64 / 1e6 / d.as_secs_f64()
            );
        }
        let rules = Rules::builtin(lang);
        let (ours, n) = measure(|| split(&text, &rules).len());
        let (baseline, m) = measure(|| naive.find_iter(&text).count());
        let mbs = |d: Duration| text.len() as f64 / 1e6 / d.as_secs_f64();
        println!(
            "{lang}: polypress {:>7.1} MB/s ({n} breaks) | naive regex {:>7.1} MB/s ({m} breaks) | ratio {:.2}",
            mbs(ours),
            mbs(baseline),
            mbs(ours) / mbs(baseline),
        );
    }
}

/// Paragraphs of ~5 segments joined by spaces, repeated until `TARGET_BYTES`.
fn build_text(segments: &[String]) -> String {
    let mut text = String::with_capacity(TARGET_BYTES + 4096);
    if segments.is_empty() {
        return text;
    }
    'outer: loop {
        for (i, s) in segments.iter().enumerate() {
            text.push_str(s);
            text.push_str(if i % 5 == 4 { "\n\n" } else { " " });
            if text.len() >= TARGET_BYTES {
                break 'outer;
            }
        }
    }
    text
}

/// The best of three runs.
fn measure(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut out = 0;
    for _ in 0..3 {
        let start = Instant::now();
        out = black_box(f());
        best = best.min(start.elapsed());
    }
    (best, out)
}
