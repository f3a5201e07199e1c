//! The glossary at corpus scale, on `../shared/corpus/libreoffice74_help.en-tr-ru.jsonl`
//! (software help pages, EN/TR/RU, human-translated): `terms extract` over the aligned rows
//! makes a glossary, then the matcher and the `terminology` check run over every row.
//!
//! Prints: extract time and candidates; matching throughput per language; and what the
//! morphology rules buy: of the English term hits, the share whose Turkish and Russian rendering
//! the matcher finds in the target, beside the share a plain case-insensitive substring search
//! for the rendering finds.
//!
//! Run with `cargo bench --bench terms`. Prints a skip message and exits 0 when the corpus is
//! absent.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use polypress::model::Lang;
use polypress::terms::check::Checker;
use polypress::terms::extract::{self, Record};
use polypress::terms::matcher::Matcher;
use polypress::terms::morph::fold;
use polypress::terms::Glossary;

const ROWS: usize = 40_000;
const MIN_COUNT: usize = 15;

#[derive(serde::Deserialize)]
struct Row {
    en: String,
    tr: Option<String>,
    ru: Option<String>,
}

fn main() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/libreoffice74_help.en-tr-ru.jsonl");
    let Ok(file) = std::fs::File::open(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let mut records: Vec<Record> = Vec::new();
    for line in BufReader::new(file).lines().map_while(Result::ok) {
        let Ok(row) = serde_json::from_str::<Row>(&line) else {
            continue;
        };
        let (Some(tr), Some(ru)) = (row.tr, row.ru) else {
            continue;
        };
        records.push(BTreeMap::from([
            (Lang::En, row.en),
            (Lang::Tr, tr),
            (Lang::Ru, ru),
        ]));
        if records.len() == ROWS {
            break;
        }
    }
    let t = Instant::now();
    let cands = extract::extract(&records, &Glossary::default(), MIN_COUNT);
    let extract_s = t.elapsed().as_secs_f64();
    let glossary = Glossary {
        entries: cands
            .iter()
            .filter(|c| c.renderings.len() == 2)
            .map(extract::Candidate::to_entry)
            .collect(),
        ..Glossary::default()
    };
    println!(
        "{} rows; extract (min count {MIN_COUNT}): {} candidates in {extract_s:.2} s, {} with both renderings",
        records.len(),
        cands.len(),
        glossary.entries.len()
    );
    for lang in Lang::ALL {
        let m = Matcher::new(&glossary, lang);
        let t = Instant::now();
        let mut hits = 0;
        let mut chars = 0;
        for r in &records {
            hits += m.find(&glossary, &r[&lang]).len();
            chars += r[&lang].chars().count();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "match {lang}: {hits} hits in {:.0} segments/s ({:.1} M chars/s), {s:.2} s",
            records.len() as f64 / s,
            chars as f64 / s / 1e6
        );
    }
    let checker = Checker::new(glossary.clone());
    let en = Matcher::new(&glossary, Lang::En);
    for to in [Lang::Tr, Lang::Ru] {
        let (mut source_hits, mut found, mut substring) = (0usize, 0usize, 0usize);
        let t = Instant::now();
        for r in &records {
            let target = &r[&to];
            let check = checker.entry(Lang::En, to, &r[&Lang::En], target, false);
            let folded = fold(to, target, false);
            for h in en.find(&glossary, &r[&Lang::En]) {
                let e = &glossary.entries[h.entry];
                let Some(rendering) = e.preferred(to) else {
                    continue;
                };
                source_hits += 1;
                if check.used.iter().any(|(i, _)| *i == h.entry) {
                    found += 1;
                }
                if folded.contains(&fold(to, &rendering.text, false)) {
                    substring += 1;
                    if std::env::var_os("TERMS_SHOW").is_some()
                        && !check.used.iter().any(|(i, _)| *i == h.entry)
                    {
                        println!("  missed `{}` in: {target}", rendering.text);
                    }
                }
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "en→{to}: {source_hits} source term hits; rendering found by the matcher {:.1} %, by substring search {:.1} %; check {:.0} rows/s",
            100.0 * found as f64 / source_hits.max(1) as f64,
            100.0 * substring as f64 / source_hits.max(1) as f64,
            records.len() as f64 / s
        );
    }
}
