//! Translation-memory benchmark: index vs exhaustive scan on TMs of 100k and 1M TUs built from
//! `../shared/corpus/*.jsonl` (rows repeated with deterministic word-level variations to reach
//! the size), en → tr, min score 70, top-5.
//!
//! Prints, per size: index build time, peak memory (VmHWM), median and p95 ms per query
//! (one thread), queries/s on all cores, the same for the strsim exhaustive scan on a sample of
//! the queries, the speed ratio and the agreement (identical top-5 lists) between the two.
//!
//! Environment:
//! - `POLYPRESS_BENCH_SIZES` (default `100000,1000000`)
//! - `POLYPRESS_BENCH_QUERIES` (default 2000)
//! - `POLYPRESS_BENCH_BASELINE_QUERIES` (default 200 at ≤ 100k TUs, 20 above: the scan takes
//!   seconds per query at 1M)

#[path = "common/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::time::Instant;

use corpus::{load_rows, percentile, vary, Rng, Row};
use polypress::memory::{Memory, Query, Tu, Variant};
use polypress::model::Lang;
use rayon::prelude::*;

const WORDS: &[&str] = &[
    "new", "current", "selected", "default", "all", "the", "this", "active", "local", "remote",
    "first", "last", "user", "system", "file", "page", "table", "value",
];

fn build_memory(rows: &[Row], size: usize) -> Memory {
    let mut m = Memory::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..size {
        let row = &rows[i % rows.len()];
        let rep = i / rows.len();
        let en = if rep == 0 {
            row.en.clone()
        } else {
            vary(&row.en, WORDS, &mut rng)
        };
        let mut variants = vec![(Lang::En, Variant::new(Lang::En, en))];
        if let Some(tr) = &row.tr {
            variants.push((Lang::Tr, Variant::new(Lang::Tr, tr.clone())));
        }
        if let Some(ru) = &row.ru {
            variants.push((Lang::Ru, Variant::new(Lang::Ru, ru.clone())));
        }
        m.tus.push(Tu {
            variants: variants.into_iter().collect(),
            ..Tu::default()
        });
    }
    m
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Timing {
    median: f64,
    p95: f64,
    qps: f64,
}

fn time_queries<T: Send>(queries: &[String], run: impl Fn(&Query) -> T + Sync) -> (Timing, Vec<T>) {
    fn q(text: &str) -> Query<'_> {
        Query::new(text, Lang::En, Lang::Tr)
    }
    let mut lat = Vec::with_capacity(queries.len());
    for text in queries {
        let t = Instant::now();
        std::hint::black_box(run(&q(text)));
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // POLYPRESS_BENCH_SLOW=1 lists the slowest queries, to see what the tail is made of.
    if std::env::var("POLYPRESS_BENCH_SLOW").is_ok() {
        let mut v: Vec<(f64, &String)> = lat.iter().copied().zip(queries).collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, q) in v.iter().take(8) {
            eprintln!("slow: {ms:.2} ms, {} chars: {q:?}", q.chars().count());
        }
    }
    lat.sort_by(f64::total_cmp);
    let t = Instant::now();
    let results: Vec<T> = queries.par_iter().map(|text| run(&q(text))).collect();
    let qps = queries.len() as f64 / t.elapsed().as_secs_f64();
    (
        Timing {
            median: percentile(&lat, 0.5),
            p95: percentile(&lat, 0.95),
            qps,
        },
        results,
    )
}

fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and must not spend minutes here.
    if !std::env::args().any(|a| a == "--bench") {
        println!("SKIP: run with `cargo bench --bench memory`");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let rows = load_rows(&dir);
    if rows.is_empty() {
        println!("SKIP: no corpus at {} (see its README)", dir.display());
        return;
    }
    let sizes: Vec<usize> = std::env::var("POLYPRESS_BENCH_SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let n_queries = env_usize("POLYPRESS_BENCH_QUERIES").unwrap_or(2000);
    println!(
        "corpus: {} en-tr rows; {} cores; queries: {n_queries}; en -> tr, min 70, top-5",
        rows.len(),
        rayon::current_num_threads()
    );
    for size in sizes {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ size as u64);
        let memory = build_memory(&rows, size);
        // Queries: a corpus sentence, varied (half) or verbatim (half), so fuzzy, exact and
        // no-match cases all occur.
        let queries: Vec<String> = (0..n_queries)
            .map(|i| {
                let row = &rows[rng.below(rows.len())];
                if i % 2 == 0 {
                    vary(&row.en, WORDS, &mut rng)
                } else {
                    row.en.clone()
                }
            })
            .collect();
        let t = Instant::now();
        let index = memory.index_of(Lang::En);
        let build = t.elapsed().as_secs_f64();
        let (fast, fast_results) = time_queries(&queries, |q| memory.lookup(q));
        let n_base = env_usize("POLYPRESS_BENCH_BASELINE_QUERIES")
            .unwrap_or(if size <= 100_000 { 200 } else { 20 })
            .min(queries.len());
        let (base, base_results) = time_queries(&queries[..n_base], |q| memory.lookup_scan(q));
        let agree = base_results
            .iter()
            .zip(&fast_results)
            .filter(|(a, b)| a == b)
            .count();
        let with_match = fast_results.iter().filter(|r| !r.is_empty()).count();
        println!(
            "\n== {size} TUs ({} indexed en keys, index ~{:.0} MB)",
            index.len(),
            index.heap_bytes() as f64 / 1e6
        );
        println!("index build           {build:>9.2} s");
        println!("peak memory (VmHWM)   {:>9.0} MB", peak_rss_mb());
        println!("queries with a match  {with_match:>9} of {}", queries.len());
        println!(
            "index  median {:>8.3} ms  p95 {:>8.3} ms  {:>9.1} queries/s (all cores, {} queries)",
            fast.median,
            fast.p95,
            fast.qps,
            queries.len()
        );
        println!(
            "scan   median {:>8.3} ms  p95 {:>8.3} ms  {:>9.1} queries/s (all cores, {} queries)",
            base.median, base.p95, base.qps, n_base
        );
        println!(
            "ratio  median {:>8.1}x    p95 {:>8.1}x",
            base.median / fast.median,
            base.p95 / fast.p95
        );
        println!(
            "agreement {agree}/{n_base} = {:.1} % (identical top-5 lists)",
            100.0 * agree as f64 / n_base.max(1) as f64
        );
        // Persist the index, drop everything, and time reopening it from disk.
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{size}.idx"));
        let t = Instant::now();
        polypress::memory::persist::save(index, &path).expect("write the index");
        let save = t.elapsed().as_secs_f64();
        let peak = peak_rss_mb();
        drop(fast_results);
        drop(memory);
        let t = Instant::now();
        let reopened = polypress::memory::persist::load(&path).expect("reopen the index");
        let reopen = t.elapsed().as_secs_f64();
        println!(
            "persisted index       save {save:.2} s, reopen {reopen:.2} s ({:.0} MB file, {} keys)",
            std::fs::metadata(&path).map_or(0.0, |m| m.len() as f64 / 1e6),
            reopened.len()
        );
        println!("peak memory before reopening {peak:.0} MB");
        let _ = std::fs::remove_file(&path);
    }
}
