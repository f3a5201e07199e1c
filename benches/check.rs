//! `check` speed on a generated 1,000-article project: each article is an English source of
//! ~20 corpus sentences (`../shared/corpus/*.jsonl`) with a Turkish and a Russian draft, mostly
//! reviewed, some fuzzy, new or missing a number. Measures the library's `report::check`, the
//! whole binary (`polypress check --format json`), and as a baseline just discovering and
//! parsing the sources, and prints the ratio. The budget is 2 s for the project.
//!
//! Run with `cargo bench --bench check`. Prints a skip message and exits 0 when the corpus is
//! absent.

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use polypress::config::Config;
use polypress::draft::{draft_path, Draft, State};
use polypress::model::Lang;
use polypress::report::{self, Options};
use polypress::segment::Rules;
use polypress::source::{self, Format};
use rayon::prelude::*;

const ARTICLES: usize = 1000;
const SENTENCES_PER_ARTICLE: usize = 20;

#[derive(serde::Deserialize)]
struct Row {
    en: String,
    tr: Option<String>,
    ru: Option<String>,
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let rows = match load_rows(&dir) {
        Some(r) if r.len() >= SENTENCES_PER_ARTICLE => r,
        _ => {
            println!("skipping check bench: no corpus at {}", dir.display());
            return;
        }
    };
    let project = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    generate(project.path(), &rows);
    println!(
        "generated {ARTICLES} articles × 2 drafts in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let root = project.path();
    let config = Config::default();
    let options = Options::default();

    let (baseline, n) = measure(|| {
        let files = source::discover(root, &[]).expect("discover");
        let rules = Rules::builtin(Lang::En);
        files
            .par_iter()
            .map(|f| source::load(root, f, &rules).expect("load").segments.len())
            .sum::<usize>()
    });
    let (lib, pairs) = measure(|| {
        report::check(root, &config, &options)
            .expect("check")
            .pairs
            .len()
    });
    let (bin, code) = measure(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_polypress"))
            .arg("-C")
            .arg(root)
            .args(["check", "--format", "json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("binary runs");
        status.code().unwrap_or(-1) as usize
    });
    let s = |d: Duration| d.as_secs_f64();
    println!(
        "baseline (discover + parse sources): {:.3} s ({n} segments)",
        s(baseline)
    );
    println!(
        "report::check: {:.3} s ({pairs} article × language pairs) | ratio to baseline {:.2}",
        s(lib),
        s(lib) / s(baseline)
    );
    println!(
        "polypress check --format json: {:.3} s (exit {code}) | budget 2 s: {}",
        s(bin),
        if s(bin) <= 2.0 { "ok" } else { "OVER" }
    );
}

fn load_rows(dir: &Path) -> Option<Vec<Row>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        let reader = BufReader::new(std::fs::File::open(f).ok()?);
        for line in reader.lines().map_while(Result::ok) {
            let Ok(row) = serde_json::from_str::<Row>(&line) else {
                continue;
            };
            // Prose-like sentences that stay one paragraph of plain Markdown.
            let plain = row.en.len() > 40
                && row.en.len() < 240
                && row.en.ends_with('.')
                && row.en.chars().next().is_some_and(char::is_uppercase)
                && !row.en.contains([
                    '\n', '*', '_', '[', ']', '<', '>', '`', '{', '}', '#', '|', '\\',
                ])
                && row.tr.is_some()
                && row.ru.is_some();
            if plain {
                rows.push(row);
            }
            if rows.len() >= 20_000 {
                return Some(rows);
            }
        }
    }
    Some(rows)
}

fn generate(root: &Path, rows: &[Row]) {
    std::fs::write(
        root.join("polypress.toml"),
        "languages = [\"en\", \"tr\", \"ru\"]\n",
    )
    .unwrap();
    let rules = Rules::builtin(Lang::En);
    (0..ARTICLES).into_par_iter().for_each(|a| {
        let slug = format!("article-{a:04}");
        let pick = |k: usize| &rows[(a * 7919 + k * 104_729) % rows.len()];
        let mut body = String::new();
        for k in 0..SENTENCES_PER_ARTICLE {
            body.push_str(&pick(k).en);
            body.push_str(if k % 4 == 3 { "\n\n" } else { " " });
        }
        let text = format!(
            "+++\ntitle = \"Generated article {a}\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"Bench\"\n+++\n\n{body}"
        );
        let rel = PathBuf::from("sources").join(&slug).join("en.md");
        std::fs::create_dir_all(root.join(&rel).parent().unwrap()).unwrap();
        std::fs::write(root.join(&rel), &text).unwrap();
        let article = source::parse(&text, &rel, &slug, Lang::En, Format::Article, &rules)
            .expect("generated article parses");
        for lang in [Lang::Tr, Lang::Ru] {
            let mut d = Draft::empty(&article, lang);
            for (i, e) in d.segments.iter_mut().enumerate() {
                let row = (0..SENTENCES_PER_ARTICLE).map(pick).find(|r| r.en == e.source);
                let target = match (row, lang) {
                    (Some(r), Lang::Tr) => r.tr.clone().unwrap_or_default(),
                    (Some(r), _) => r.ru.clone().unwrap_or_default(),
                    _ => format!("[{lang}] {}", e.source),
                };
                e.target = target;
                e.state = match (a + i) % 50 {
                    0 => State::Fuzzy,
                    1 => State::New,
                    _ => State::Reviewed,
                };
                if e.state == State::New {
                    e.target.clear();
                }
            }
            d.save(root, &draft_path(&slug, lang)).expect("draft saved");
        }
    });
}

/// The best of three runs.
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..3 {
        let start = Instant::now();
        out = Some(black_box(f()));
        best = best.min(start.elapsed());
    }
    (best, out.expect("ran three times"))
}
