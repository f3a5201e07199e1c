//! Team-memory benchmark: the same memory as a file memory and on PostgreSQL, same run, same
//! queries. The memory is built from `../shared/corpus/*.jsonl` (rows repeated with
//! deterministic word-level variations to reach the size, as `benches/memory.rs` does); the
//! server is a throwaway cluster on a Unix socket (see `tests/pg_support`).
//!
//! Prints, per size: `tm push` time; lookup median and p95 (en → tr, min 70, top-5, one
//! thread; through PostgreSQL that is the candidate query plus the client's ranking); the
//! prefill of a 200-segment article (one candidate query for all segments, then the lookups);
//! the same lookups as whole `polypress tm lookup` processes, as a user runs them, and as
//! the workbench's `GET /api/lookup` requests to one `polypress serve`; and whether
//! every PostgreSQL answer equals the file memory's. PostgreSQL's lookups and
//! prefill run with the default lookup connections and with one, in turn. The file memory is measured
//! first and freed before the PostgreSQL lookups (its answers kept), so that the server's
//! cache has the machine's memory, as on a database host. As many other queries of the same
//! kind are timed before the measured ones, and printed apart: the first lookups a server
//! answers after the push or a restart, from a cold page cache.
//!
//! Then the peers a team would otherwise run, on the same server and TUs: Weblate's and
//! Pontoon's translation-memory lookups as their code sends them (see `common/peers.rs`),
//! beside polypress's lookups of the same queries, with how often their best translation is
//! polypress's.
//!
//! Environment: `POLYPRESS_BENCH_SIZES` (default `1000000`), `POLYPRESS_BENCH_QUERIES`
//! (default 300), `POLYPRESS_BENCH_PROCESSES` (how many of them are also timed as whole
//! `polypress tm lookup` processes, the release binary; default 100), `POLYPRESS_BENCH_PGDATA` (a folder to keep the cluster in instead of a
//! temporary one: its database for a size is reused when it already holds that many TUs, so
//! a 10M memory is pushed once), `POLYPRESS_BENCH_PEER_QUERIES` (how many of the queries the
//! peers are asked; default 50) and `POLYPRESS_BENCH_PEER_SECONDS` (each peer stops after
//! that long; default 300).

#[path = "../tests/pg_support/mod.rs"]
mod pg_support;

#[path = "../tests/serve_support/mod.rs"]
mod serve_support;

#[path = "common/corpus.rs"]
mod corpus;

#[path = "common/peers.rs"]
mod peers;

use std::path::{Path, PathBuf};
use std::time::Instant;

use corpus::{percentile, vary, Rng, Row};
use polypress::memory::{LoadOptions, Memory, Query, Tu, Variant};
use polypress::model::Lang;
use polypress::teammem::{init_db, TeamMemory, DEFAULT_CONNECTIONS};
use rayon::prelude::*;

const WORDS: &[&str] = &[
    "new", "current", "selected", "default", "all", "the", "this", "active", "local", "remote",
];

fn load_rows(dir: &Path) -> Vec<Row> {
    let mut rows = corpus::load_rows(dir);
    // TMX (XML 1.0) cannot carry control characters: `tm push` refuses such TUs.
    let clean = |s: &str| {
        !s.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    rows.retain(|r| {
        clean(&r.en) && r.tr.as_deref().map_or(true, clean) && r.ru.as_deref().map_or(true, clean)
    });
    rows
}

/// The first TU made of two joined corpus rows.
const JOIN_FROM: usize = 1_000_000;

fn build_memory(rows: &[Row], size: usize) -> Memory {
    let mut m = Memory::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..size {
        let row = &rows[i % rows.len()];
        // Past a million TUs, two corpus rows joined (with a variation) make one TU.
        let other = (i >= JOIN_FROM).then(|| &rows[(i / rows.len() * 7919 + i * 31) % rows.len()]);
        let join = |a: &str, b: Option<&str>| match b {
            Some(b) => format!("{a} {b}"),
            None => a.to_string(),
        };
        let en = if i < rows.len() {
            row.en.clone()
        } else {
            vary(
                &join(&row.en, other.map(|o| o.en.as_str())),
                WORDS,
                &mut rng,
            )
        };
        let mut variants = vec![(Lang::En, Variant::new(Lang::En, en))];
        if let Some(tr) = &row.tr {
            let tr = join(tr, other.and_then(|o| o.tr.as_deref()));
            variants.push((Lang::Tr, Variant::new(Lang::Tr, tr)));
        }
        if let Some(ru) = &row.ru {
            let ru = join(ru, other.and_then(|o| o.ru.as_deref()));
            variants.push((Lang::Ru, Variant::new(Lang::Ru, ru)));
        }
        m.tus.push(Tu {
            variants: variants.into_iter().collect(),
            line: i + 1,
            ..Tu::default()
        });
    }
    m
}

/// Memory sentences of 6-22 words with one word dropped.
fn queries(rows: &[Row], n: usize) -> Vec<String> {
    queries_from(rows, n, 0x2545_f491_4f6c_dd1d)
}

fn queries_from(rows: &[Row], n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    while out.len() < n {
        let r = &rows[rng.below(rows.len())];
        let words: Vec<&str> = r.en.split(' ').collect();
        if !(6..=22).contains(&words.len()) {
            continue;
        }
        let i = 1 + rng.below(words.len() - 1);
        let q: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, w)| *w)
            .collect();
        out.push(q.join(" "));
    }
    out
}

fn q(text: &str, k: usize) -> Query<'_> {
    let mut q = Query::new(text, Lang::En, Lang::Tr);
    q.k = k;
    q
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split(' ')
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("SKIP: run with `cargo bench --bench pg`");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let rows = load_rows(&dir);
    if rows.is_empty() {
        println!("SKIP: no corpus at {}", dir.display());
        return;
    }
    let kept = std::env::var_os("POLYPRESS_BENCH_PGDATA").map(PathBuf::from);
    let cluster = match &kept {
        Some(dir) => pg_support::Cluster::start_at(dir),
        None => pg_support::Cluster::start(),
    };
    let Some(pg) = cluster else {
        return;
    };
    let sizes: Vec<usize> = std::env::var("POLYPRESS_BENCH_SIZES")
        .unwrap_or_else(|_| "1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let n = std::env::var("POLYPRESS_BENCH_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let qs = queries(&rows, n);
    let whole_n = std::env::var("POLYPRESS_BENCH_PROCESSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let article = queries(&rows, 200);
    let peer_n = std::env::var("POLYPRESS_BENCH_PEER_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
        .min(n);
    // Each peer's lookups stop once they have taken this long (the peers take seconds each).
    let peer_budget: f64 = std::env::var("POLYPRESS_BENCH_PEER_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300.0);
    let opts = LoadOptions::default();
    println!(
        "corpus: {} en-tr rows; {} cores; load {}; {n} queries, en -> tr, min 70, top-5",
        rows.len(),
        rayon::current_num_threads(),
        load()
    );
    for size in sizes {
        let file = build_memory(&rows, size);
        let t = Instant::now();
        file.index_of(Lang::En);
        let index_s = t.elapsed().as_secs_f64();
        // The file memory first: its timings and answers, kept as JSON for the comparison.
        let j = |v: &Vec<polypress::memory::Match>| {
            serde_json::to_string(
                &v.iter()
                    .map(|m| (&m.source, &m.target, m.score))
                    .collect::<Vec<_>>(),
            )
            .unwrap()
        };
        let mut lf = Vec::new();
        let mut wanted = Vec::new();
        for text in &qs {
            let t = Instant::now();
            let want = file.lookup(&q(text, 5));
            lf.push(t.elapsed().as_secs_f64() * 1000.0);
            wanted.push(j(&want));
        }
        lf.sort_by(f64::total_cmp);
        let t = Instant::now();
        let filled_f: usize = article
            .par_iter()
            .map(|s| file.lookup(&q(s, 1)).len())
            .sum();
        let prefill_f = t.elapsed().as_secs_f64();

        let db = format!("bench_{size}");
        let exists = pg.psql(
            "postgres",
            &format!("SELECT count(*) FROM pg_database WHERE datname = '{db}'"),
        ) == "1";
        if !exists {
            pg.create_db(&db);
        }
        let url = pg.url(&db);
        let t = Instant::now();
        let init = init_db(&url).expect("init-db");
        let init_s = t.elapsed().as_secs_f64();
        let mut team = TeamMemory::open(&url).expect("open");
        // A kept cluster's database that already holds the memory is reused.
        let reused = kept.is_some() && team.count().expect("count") == size;
        let t = Instant::now();
        // What `tm push` does, no more: a push that builds the indexes afresh analyzes the
        // tables itself.
        if !reused {
            team.push(&file).expect("push");
        }
        let push_s = t.elapsed().as_secs_f64();
        // The team memory's lookups run without the file memory in this process: at 10M TUs
        // it is most of the machine's memory, which the server's cache needs.
        drop(file);

        let timed = |team: &mut TeamMemory, text: &str| {
            let t = Instant::now();
            let m = team
                .memory_for(
                    Memory::new(),
                    &[(Lang::En, Lang::Tr, vec![text])],
                    70,
                    &opts,
                )
                .expect("lookup");
            let got = m.lookup(&q(text, 5));
            (t.elapsed().as_secs_f64() * 1000.0, j(&got))
        };
        // The first lookups after the push (or after the file memory emptied the page cache)
        // read the index and tables from disk: other queries of the same kind, timed apart,
        // as the first lookups a server answers. The measured ones follow, on a server that
        // has answered lookups before, as a team's has.
        let mut cold: Vec<f64> = queries_from(&rows, qs.len(), 0x9e6c_63d0_676a_9a99)
            .iter()
            .map(|text| timed(&mut team, text).0)
            .collect();
        cold.sort_by(f64::total_cmp);
        // Each query is timed with the default lookup connections and with one, in turn, so
        // that both see the same server state; which goes first alternates, since the second
        // finds the pages the first brought into shared buffers.
        let (mut lp, mut l1, mut same) = (Vec::new(), Vec::new(), 0);
        for (i, (text, want)) in qs.iter().zip(&wanted).enumerate() {
            let order = if i % 2 == 0 {
                [DEFAULT_CONNECTIONS, 1]
            } else {
                [1, DEFAULT_CONNECTIONS]
            };
            for connections in order {
                team.set_connections(connections);
                let (ms, got) = timed(&mut team, text);
                if connections == 1 {
                    l1.push(ms)
                } else {
                    lp.push(ms)
                }
                same += usize::from(*want == got);
            }
        }
        // Per query, in order, for the comparison with the peers' lookups below.
        let lp_by_query: Vec<f64> = lp.clone();
        lp.sort_by(f64::total_cmp);
        l1.sort_by(f64::total_cmp);

        // The path a user takes: one `polypress tm lookup` process per query (the release
        // binary, in a project whose memory.url is this database), timed whole: start,
        // connections, schema, candidates, ranking, output and exit.
        let processes: Vec<&String> = qs.iter().take(whole_n).collect();
        let project = tempfile::tempdir().expect("project dir");
        std::fs::write(
            project.path().join("polypress.toml"),
            format!(
                "languages = [\"en\", \"tr\", \"ru\"]\n[memory]\nconnections = {DEFAULT_CONNECTIONS}\nurl = \"{url}\"\n"
            ),
        )
        .expect("polypress.toml");
        let (mut lw, mut same_w) = (Vec::new(), 0);
        for (text, want) in processes.iter().zip(&wanted) {
            let t = Instant::now();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_polypress"))
                .args([
                    "--json", "tm", "lookup", "--from", "en", "--to", "tr", "-k", "5", "--",
                ])
                .arg(text.as_str())
                .current_dir(project.path())
                .output()
                .expect("polypress runs");
            lw.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            same_w += usize::from(**want == matches_of(&v));
        }
        lw.sort_by(f64::total_cmp);
        // The workbench: `polypress serve` on the same project, one `GET /api/lookup` per
        // query, each timed as the browser waits for it (the server keeps its connections).
        let (lh, same_h) = workbench(project.path(), &processes, &wanted);

        let refs: Vec<&str> = article.iter().map(String::as_str).collect();
        let mut prefill = |connections: usize| {
            team.set_connections(connections);
            let t = Instant::now();
            let m = team
                .memory_for(
                    Memory::new(),
                    &[(Lang::En, Lang::Tr, refs.clone())],
                    70,
                    &opts,
                )
                .expect("prefill");
            let filled: usize = article.par_iter().map(|s| m.lookup(&q(s, 1)).len()).sum();
            (t.elapsed().as_secs_f64(), filled)
        };
        // Twice each, alternating, the second of each counted: neither finds pages the other
        // alone brought in.
        prefill(1);
        prefill(DEFAULT_CONNECTIONS);
        let (prefill_1, _) = prefill(1);
        let (prefill_p, filled_p) = prefill(DEFAULT_CONNECTIONS);
        drop(team);

        // The peers: Weblate's and Pontoon's lookups on the same TUs, same server, same run.
        let peer_qs: Vec<&String> = qs.iter().take(peer_n).collect();
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let (peer_rows, peer_build) = peers::prepare(&mut admin);
        let knn_build = peers::prepare_knn(&mut admin);
        drop(admin);
        let warm = &queries_from(&rows, 1, 0x51af_d7ed_558c_cd01)[0];
        let mut weblate = peers::Weblate::connect(&url);
        let (tw, aw) = peers::time(warm, &peer_qs, peer_budget, |t| weblate.lookup(t, 5));
        drop(weblate);
        let mut knn = peers::WeblateKnn::connect(&url);
        let (tk, ak) = peers::time(warm, &peer_qs, peer_budget, |t| knn.lookup(t, 5));
        drop(knn);
        let mut pontoon = peers::Pontoon::connect(&url);
        let (tp, ap) = peers::time(warm, &peer_qs, peer_budget, |t| pontoon.lookup(t, 5));
        drop(pontoon);
        // polypress's lookups of the same queries (the default connections, measured above).
        let mut ours: Vec<f64> = lp_by_query.iter().take(peer_n).copied().collect();
        ours.sort_by(f64::total_cmp);
        let top = |want: &String| -> Option<String> {
            let v: Vec<(String, String, u64)> = serde_json::from_str(want).unwrap_or_default();
            v.into_iter().next().map(|(_, target, _)| target)
        };
        let agree = |answers: &[peers::Answer]| {
            answers
                .iter()
                .zip(&wanted)
                .filter(|(a, want)| a.first().is_some_and(|m| Some(&m.1) == top(want).as_ref()))
                .count()
        };
        let answered = |answers: &[peers::Answer]| answers.iter().filter(|a| !a.is_empty()).count();
        let ours_answered = wanted
            .iter()
            .take(peer_n)
            .filter(|w| top(w).is_some())
            .count();
        if init.from < init.to && init.from > 0 {
            println!(
                "\n  (init-db upgraded schema {} to {} in {init_s:.1}s)",
                init.from, init.to
            );
        }

        println!("\n{size} TUs (load {})", load());
        println!("  {:<34} {:>12} {:>12}", "", "file memory", "PostgreSQL");
        println!(
            "  {:<34} {:>12} {:>12}",
            "build: index / tm push",
            format!("{index_s:.1}s"),
            if reused {
                "(reused)".to_string()
            } else {
                format!("{push_s:.1}s")
            }
        );
        println!(
            "  {:<34} {:>10.2}ms {:>10.2}ms",
            format!("lookup median ({DEFAULT_CONNECTIONS} connections)"),
            percentile(&lf, 0.5),
            percentile(&lp, 0.5)
        );
        println!(
            "  {:<34} {:>10.2}ms {:>10.2}ms",
            format!("lookup p95 ({DEFAULT_CONNECTIONS} connections)"),
            percentile(&lf, 0.95),
            percentile(&lp, 0.95)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "lookup median (1 connection)",
            "",
            percentile(&l1, 0.5)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "lookup p95 (1 connection)",
            "",
            percentile(&l1, 0.95)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            format!("tm lookup processes ({}): median", lw.len()),
            "",
            percentile(&lw, 0.5)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "tm lookup processes: p95",
            "",
            percentile(&lw, 0.95)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            format!("serve /api/lookup ({}): median", lh.len()),
            "",
            percentile(&lh, 0.5)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "serve /api/lookup: p95",
            "",
            percentile(&lh, 0.95)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "first lookups (cold cache): median",
            "",
            percentile(&cold, 0.5)
        );
        println!(
            "  {:<34} {:>12} {:>10.2}ms",
            "first lookups (cold cache): p95",
            "",
            percentile(&cold, 0.95)
        );
        println!(
            "  {:<34} {:>11.3}s {:>11.3}s",
            format!("prefill 200 segments ({filled_f}/{filled_p} filled)"),
            prefill_f,
            prefill_p
        );
        println!(
            "  {:<34} {:>12} {:>11.3}s",
            "prefill, 1 connection", "", prefill_1
        );
        println!(
            "  same top-5 as the file memory: {same}/{} (both connection counts), {same_w}/{} (processes), {same_h}/{} (serve)",
            2 * qs.len(),
            lw.len(),
            lh.len()
        );
        println!(
            "  peers, their lookup queries on the same server ({} en-tr rows; {}):",
            peer_rows,
            match peer_build {
                Some(s) => format!("table and trigram index built in {s:.1}s"),
                None => "table reused".into(),
            }
        );
        if let Some(s) = knn_build {
            println!("  (the GiST index of Weblate's current lookup built in {s:.1}s)");
        }
        println!(
            "  {:<48} {:>12} {:>12} {:>9} {:>12}",
            format!("{} lookups", peer_qs.len()),
            "median",
            "p95",
            "answered",
            "best = ours"
        );
        let line = |name: &str, t: &[f64], answered: usize, agree: String| {
            let name = if t.len() < peer_qs.len() {
                format!("{name} [{} in {peer_budget:.0}s]", t.len())
            } else {
                name.to_string()
            };
            println!(
                "  {:<48} {:>10.2}ms {:>10.2}ms {:>9} {:>12}",
                name,
                percentile(t, 0.5),
                percentile(t, 0.95),
                answered,
                agree
            )
        };
        line(
            "polypress (PostgreSQL, min 70)",
            &ours,
            ours_answered,
            "-".into(),
        );
        line(
            "Weblate, earlier (pg_trgm %, threshold 75)",
            &tw,
            answered(&aw),
            agree(&aw).to_string(),
        );
        line(
            "Weblate, current (trigram KNN, threshold 80)",
            &tk,
            answered(&ak),
            agree(&ak).to_string(),
        );
        line(
            "Pontoon (levenshtein, ratio 0.7)",
            &tp,
            answered(&ap),
            agree(&ap).to_string(),
        );
    }
}

/// A match list as the comparison keeps it: source, target and score of each.
fn matches_of(v: &serde_json::Value) -> String {
    let got: Vec<(String, String, u64)> = v["matches"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            (s("source"), s("target"), m["score"].as_u64().unwrap_or(0))
        })
        .collect();
    serde_json::to_string(&got).unwrap_or_default()
}

/// Times `queries` as workbench lookups: the release binary's `serve` in `project` (whose
/// memory is the team memory), one HTTP request per query. Returns the times (ms, sorted) and
/// how many answers were the file memory's (`wanted`).
fn workbench(project: &Path, queries: &[&String], wanted: &[String]) -> (Vec<f64>, usize) {
    let server = serve_support::Server::start(project, &["--no-learn"]);
    let (mut times, mut same) = (Vec::new(), 0);
    for (text, want) in queries.iter().zip(wanted) {
        let t = Instant::now();
        let body = ureq::get(&server.url("/api/lookup"))
            .query("from", "en")
            .query("to", "tr")
            .query("k", "5")
            .query("min", "70")
            .query("text", text)
            .call()
            .expect("the workbench answers")
            .into_string()
            .expect("a body");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        same += usize::from(*want == matches_of(&v));
    }
    times.sort_by(f64::total_cmp);
    (times, same)
}
