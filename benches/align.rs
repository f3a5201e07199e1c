//! Alignment quality and speed on pseudo-articles built from the shared EN–TR–RU corpus
//! (`../shared/corpus`): link precision, recall and F1 per language pair for the full model,
//! length-only Gale & Church and positional 1-1, then the time to align a 200-sentence article.
//!
//! Run with `cargo bench --bench align`. Skips with a message when the corpus is absent.

use std::time::Instant;

#[path = "common/align_eval.rs"]
mod eval;

use polypress::align::{self, NoDictionary};
use polypress::model::Lang;

const DOC_SIZE: usize = 100;
const DOCS: usize = 60;

fn main() {
    let Some(dir) = eval::corpus_dir() else {
        eprintln!("skipping the alignment benchmark: ../shared/corpus is absent");
        return;
    };
    let mut rows = Vec::new();
    for file in [
        "libreoffice74_help.en-tr-ru.jsonl",
        "debian_handbook11.en-tr-ru.jsonl",
    ] {
        match eval::load(&dir.join(file)) {
            Ok(r) => rows.extend(r),
            Err(e) => {
                eprintln!("skipping the alignment benchmark: {e}");
                return;
            }
        }
    }
    println!(
        "corpus: {} three-way prose rows; {DOCS} documents of {DOC_SIZE} sentences per pair",
        rows.len()
    );
    let clean = eval::clean(&rows);
    println!(
        "cleaned (each translation 0.5-2x the English length): {} rows",
        clean.len()
    );
    for (noise_name, noise, rows) in [
        ("realistic", eval::Noise::REALISTIC, &rows),
        ("realistic/clean", eval::Noise::REALISTIC, &clean),
        ("heavy/clean", eval::Noise::HEAVY, &clean),
    ] {
        println!(
            "{:<22} {:<18} {:>9} {:>9} {:>9}",
            "pair", "aligner", "precision", "recall", "F1"
        );
        for (from, to) in [
            (Lang::En, Lang::Tr),
            (Lang::En, Lang::Ru),
            (Lang::Tr, Lang::Ru),
        ] {
            let docs = eval::documents(rows, from, to, DOC_SIZE, DOCS, noise, &mut eval::Rng(42));
            let mut full = align::params(from, to);
            tune(&mut full);
            let mut length_only = full.clone();
            length_only.anchors = false;
            let mut counts = [(0, 0, 0); 3];
            let mut calib = [(0usize, 0usize); 2];
            let mut types = std::collections::BTreeMap::new();
            for d in &docs {
                let s: Vec<(&str, &[polypress::model::Code])> =
                    d.src.iter().map(|t| (t.as_str(), &[][..])).collect();
                let t: Vec<(&str, &[polypress::model::Code])> =
                    d.tgt.iter().map(|t| (t.as_str(), &[][..])).collect();
                for (k, p) in [&full, &length_only].into_iter().enumerate() {
                    let links = align::align_sentences(&s, &t, p, &NoDictionary);
                    if k == 0 {
                        for l in &links {
                            let ok = d.gold.contains(&(l.src.clone(), l.tgt.clone()));
                            let bin = usize::from(l.confidence >= 0.8);
                            calib[bin].0 += 1;
                            calib[bin].1 += usize::from(ok);
                        }
                    }
                    let pred: Vec<_> = links.into_iter().map(|l| (l.src, l.tgt)).collect();
                    if k == 0 && std::env::var_os("ALIGN_DEBUG").is_some() {
                        debug(&pred, &d.gold, &mut types);
                    }
                    if k == 0
                        && std::env::var("ALIGN_SHOW").is_ok_and(|v| {
                            v == format!("{}-{} {noise_name}", from.code(), to.code())
                        })
                    {
                        show(&pred, d);
                    }
                    let (h, np, ng) = eval::score(&pred, &d.gold);
                    counts[k] = (counts[k].0 + h, counts[k].1 + np, counts[k].2 + ng);
                }
                let (h, np, ng) = eval::score(&eval::positional(s.len(), t.len()), &d.gold);
                counts[2] = (counts[2].0 + h, counts[2].1 + np, counts[2].2 + ng);
            }
            let pair = format!("{}-{} {noise_name}", from.code(), to.code());
            if !types.is_empty() {
                eprintln!("{pair} per type (gold, found, predicted): {types:?}");
            }
            for (k, name) in ["full model", "length-only G&C", "positional 1-1"]
                .iter()
                .enumerate()
            {
                let (p, r, f) = eval::prf(counts[k].0, counts[k].1, counts[k].2);
                println!("{pair:<22} {name:<18} {p:>9.4} {r:>9.4} {f:>9.4}");
            }
            let share = |(n, ok): (usize, usize)| ok as f64 / n.max(1) as f64;
            println!(
                "{pair:<22} confidence ≥ 0.8: {} links, {:.1}% correct; < 0.8: {} links, {:.1}% correct",
                calib[1].0,
                share(calib[1]) * 100.0,
                calib[0].0,
                share(calib[0]) * 100.0
            );
        }
    }
    // Speed: a 200-sentence article (one region, the worst case: paragraphs that differ).
    let docs = eval::documents(
        &rows,
        Lang::En,
        Lang::Ru,
        200,
        5,
        eval::Noise::default(),
        &mut eval::Rng(1),
    );
    for (name, anchors) in [("full model", true), ("length-only G&C", false)] {
        let mut p = align::params(Lang::En, Lang::Ru);
        p.anchors = anchors;
        let started = Instant::now();
        let mut runs = 0;
        for _ in 0..4 {
            for d in &docs {
                let s: Vec<(&str, &[polypress::model::Code])> =
                    d.src.iter().map(|t| (t.as_str(), &[][..])).collect();
                let t: Vec<(&str, &[polypress::model::Code])> =
                    d.tgt.iter().map(|t| (t.as_str(), &[][..])).collect();
                std::hint::black_box(align::align_sentences(&s, &t, &p, &NoDictionary));
                runs += 1;
            }
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!("time to align a 200-sentence article ({name}): {ms:.2} ms (target ≤ 50 ms)");
    }
}

/// Prints the wrong predicted links of a document with their texts (`ALIGN_SHOW="en-tr realistic"`).
fn show(pred: &Links, d: &eval::Doc) {
    for p in pred {
        if d.gold.contains(p) {
            continue;
        }
        let src: Vec<_> = d.src[p.0.clone()].iter().map(String::as_str).collect();
        let tgt: Vec<_> = d.tgt[p.1.clone()].iter().map(String::as_str).collect();
        let gold: Vec<_> = d
            .gold
            .iter()
            .filter(|g| {
                (g.0.start < p.0.end.max(p.0.start + 1) && p.0.start < g.0.end.max(g.0.start + 1))
                    || (g.1.start < p.1.end.max(p.1.start + 1)
                        && p.1.start < g.1.end.max(g.1.start + 1))
            })
            .collect();
        println!(
            "PRED {:?}-{:?} gold {gold:?}\n  S: {src:?}\n  T: {tgt:?}",
            p.0, p.1
        );
    }
}

type Links = [(std::ops::Range<usize>, std::ops::Range<usize>)];

fn debug(
    pred: &Links,
    gold: &Links,
    types: &mut std::collections::BTreeMap<String, (usize, usize, usize)>,
) {
    for g in gold {
        let e = types
            .entry(format!("{}-{}", g.0.len(), g.1.len()))
            .or_default();
        e.0 += 1;
        if pred.contains(g) {
            e.1 += 1;
        }
    }
    for p in pred {
        types
            .entry(format!("{}-{}", p.0.len(), p.1.len()))
            .or_default()
            .2 += 1;
    }
}

/// Development knobs: `ALIGN_TUNE="null=1,s2=3,p22=0.002,sh=2,sm=1.5,nh=0.8,nm=0.25,pm=0.4"`.
fn tune(p: &mut align::Params) {
    let Ok(spec) = std::env::var("ALIGN_TUNE") else {
        return;
    };
    for kv in spec.split(',') {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let v: f64 = v.parse().unwrap_or(0.0);
        match k {
            "null" => p.null = v,
            "s2" => p.s2 = v,
            "p22" => p.priors[5] = v,
            "p21" => {
                p.priors[3] = v;
                p.priors[4] = v;
            }
            "p10" => {
                p.priors[1] = v;
                p.priors[2] = v;
            }
            "sh" => p.weights.strong_hit = v,
            "sm" => p.weights.strong_miss = v,
            "nh" => p.weights.name_hit = v,
            "nm" => p.weights.name_miss = v,
            "pm" => p.weights.punct_miss = v,
            "ww" => p.word_weight = v,
            "cap" => p.cap = v,
            "ch" => p.weights.cognate_hit = v,
            "lex" => p.lexicon = v,
            _ => eprintln!("unknown knob {k}"),
        }
    }
    eprintln!("tuned: {p:?}");
}
