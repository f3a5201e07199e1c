//! Benchmark of `build`: a generated project of 1,000 articles × 3 languages, made from the
//! three-way rows of `../shared/corpus` (real EN/TR/RU sentence translations), built into
//! `output/` as `polypress build` does. Prints seconds and articles/s, and a baseline measured
//! in the same process: parsing and reassembling the same sources without assembling editions.
//!
//! `cargo bench --bench build [-- ARTICLES]`. Skips with a message when the corpus is absent.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use polypress::assemble::{self, BuildOptions};
use polypress::config::Config;
use polypress::draft::{draft_path, Draft, State};
use polypress::l10n::Chrome;
use polypress::model::Lang;
use polypress::segment::Rules;
use polypress::source;

const SENTENCES_PER_PARAGRAPH: usize = 4;
const PARAGRAPHS: usize = 6;

/// A row with the same sentence in all three languages.
struct Row([String; 3]);

fn usable(s: &str) -> bool {
    // Plain one-line prose: no Markdown or placeholder syntax, so drafts stay simple.
    (30..=220).contains(&s.chars().count())
        && !s.contains([
            '\n', '*', '_', '[', ']', '<', '>', '{', '}', '\\', '`', '#', '|', '"', '~', '%', '$',
            '&',
        ])
        && s.ends_with('.')
        && s.chars().next().is_some_and(char::is_alphabetic)
}

fn load_rows(corpus: &Path, want: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let reader = std::io::BufReader::new(std::fs::File::open(&f).unwrap());
        for line in reader.lines() {
            let Ok(line) = line else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let get = |k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_string);
            if let (Some(en), Some(tr), Some(ru)) = (get("en"), get("tr"), get("ru")) {
                if usable(&en) && usable(&tr) && usable(&ru) {
                    rows.push(Row([en, tr, ru]));
                    if rows.len() >= want {
                        return rows;
                    }
                }
            }
        }
    }
    rows
}

fn idx(l: Lang) -> usize {
    Lang::ALL
        .iter()
        .position(|x| *x == l)
        .expect("every Lang is in ALL")
}

/// Writes article `n` (its source language rotating through en, tr, ru) and drafts into the two
/// other languages, translated where the segmenter split a paragraph into as many sentences as
/// it was made of.
fn write_article(root: &Path, n: usize, rows: &[Row], next: &mut usize) {
    let lang = Lang::ALL[n % 3];
    let mut take = || {
        let r = &rows[*next % rows.len()];
        *next += 1;
        r
    };
    let title = take();
    let summary = take();
    let paragraphs: Vec<Vec<&Row>> = (0..PARAGRAPHS)
        .map(|_| (0..SENTENCES_PER_PARAGRAPH).map(|_| take()).collect())
        .collect();
    let slug = format!("article-{n:04}");
    let l = idx(lang);
    let mut md = format!(
        "+++\ntitle = \"{}\"\nlang = \"{lang}\"\ndate = \"2022-{:02}-{:02}\"\nauthor = \"Bench\"\nsummary = \"{}\"\n+++\n",
        title.0[l],
        n % 12 + 1,
        n % 28 + 1,
        summary.0[l]
    );
    for p in &paragraphs {
        md.push('\n');
        md.push_str(
            &p.iter()
                .map(|r| r.0[l].as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        md.push('\n');
    }
    let rel = source::article_path(&slug, lang);
    std::fs::create_dir_all(root.join(rel.parent().unwrap())).unwrap();
    std::fs::write(root.join(&rel), &md).unwrap();
    let file = source::ArticleFile {
        slug: slug.clone(),
        lang,
        path: rel,
    };
    let article = source::load(root, &file, &Rules::builtin(lang)).unwrap();
    let mut blocks: Vec<Vec<&Row>> = vec![vec![title], vec![summary]];
    blocks.extend(paragraphs.iter().cloned());
    for target in Lang::ALL.into_iter().filter(|t| *t != lang) {
        let mut d = Draft::empty(&article, target);
        for (b, block) in article.blocks.iter().enumerate() {
            let Some(rows) = blocks.get(b) else { continue };
            if block.segments.len() != rows.len() {
                continue;
            }
            for (&si, row) in block.segments.iter().zip(rows) {
                d.segments[si].target = row.0[idx(target)].clone();
                d.segments[si].state = State::Translated;
            }
        }
        d.save(root, &draft_path(&slug, target)).unwrap();
    }
}

fn main() {
    let articles: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!(
            "skipping build bench: corpus not found at {} (see shared/corpus/README.md)",
            corpus.display()
        );
        return;
    }
    let per_article = 2 + PARAGRAPHS * SENTENCES_PER_PARAGRAPH;
    let rows = load_rows(&corpus, articles * per_article);
    if rows.is_empty() {
        println!(
            "skipping build bench: no usable three-way rows in {}",
            corpus.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut next = 0;
    for n in 0..articles {
        write_article(root, n, &rows, &mut next);
    }
    let config = Config::default();
    let threads = rayon::current_num_threads();
    println!(
        "build bench: {articles} articles × 3 languages ({} corpus rows, {threads} threads)",
        rows.len()
    );

    // Baseline: read, parse and reassemble every source, nothing else.
    let t = Instant::now();
    let files = source::discover(root, &[]).unwrap();
    let bytes: usize = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|f| {
                source::load(root, f, &Rules::builtin(f.lang))
                    .unwrap()
                    .reassemble()
                    .len()
            })
            .sum()
    };
    let baseline = t.elapsed().as_secs_f64();
    println!(
        "baseline (parse + reassemble sources): {baseline:.3} s ({:.0} articles/s, {bytes} bytes)",
        articles as f64 / baseline
    );

    let chrome = Chrome::new().unwrap();
    let opts = BuildOptions::default();
    let out = root.join("output");
    for run in ["cold", "warm"] {
        let t = Instant::now();
        let site = assemble::build(root, &config, &opts, &chrome, &|| {}).unwrap();
        let built = t.elapsed().as_secs_f64();
        let report = assemble::write(&out, &site).unwrap();
        let secs = t.elapsed().as_secs_f64();
        let complete = site.editions.iter().filter(|e| e.complete).count();
        println!(
            "build ({run}): {secs:.3} s ({built:.3} s assembling + rendering), {:.0} articles/s, {:.1}× baseline; {} editions ({complete} complete), {} files written, {} unchanged",
            articles as f64 / secs,
            secs / baseline,
            site.editions.len(),
            report.written.len(),
            report.unchanged
        );
    }
}
