//! Match-score accuracy benchmark: does the right TU come first?
//!
//! Built from `../shared/corpus/*.jsonl` (rows with all three languages), for each source
//! language (en → tr, tr → en, ru → en) and each edit kind: base sentences (6-30 words) are
//! drawn with a fixed seed, and each gets a query made by one edit of the kind:
//!
//! - `drop`: a word dropped; `insert`: a word from another sentence inserted;
//! - `replace`: a word replaced by another corpus word of similar length (a related word: same
//!   part of the vocabulary, not an inflection of it);
//! - `swap`: two adjacent words swapped; `inflect`: one word's ending changed (en `-s/-ed`,
//!   tr case and plural suffixes, ru endings);
//! - `number`: a number (also written in the target) changed; `negation`: a negation added
//!   (en `not` after an auxiliary, tr `değil`/`-me-`/`-maz`/`-emez`, ru `не` before a verb).
//!
//! A base sentence is one whose key (see `normalize`: the sentence up to case, punctuation and
//! numbers) no other corpus text of its language shares, so exactly one TU is right.
//! The memory holds every base sentence's TU plus two near-duplicate distractors of it (the
//! same sentence with a *different* word dropped — the neighbour of the edited word when there
//! is one — and with a different word replaced), plus background corpus rows, shuffled.
//! A query counts as right when the top match's source is the base sentence.
//!
//! Prints top-1 accuracy per language and kind for the new score (the real `lookup`), for the
//! old one (character Levenshtein over the old keys, ties to the first TU) and, in the same run
//! on the same memory and queries, for translate-toolkit's fuzzy matcher
//! (`bench/score_toolkit.py`, set up as its `pretranslate` sets it up; left out with a note when
//! `python3 -c 'import translate'` fails) side by side, the share of number queries whose target
//! was adapted, and of negation queries flagged.
//!
//! Environment: `POLYPRESS_SCORE_PER_KIND` (default 100 base sentences per language and kind),
//! `POLYPRESS_SCORE_BACKGROUND` (default 20000 background rows).

#[path = "common/corpus.rs"]
mod corpus;

use std::collections::HashSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use polypress::memory::lookup::WarningKind;
use polypress::memory::normalize::{normalize, TokenKind};
use polypress::memory::{Memory, Query, Tu, Variant};
use polypress::model::Lang;
use rayon::prelude::*;

use corpus::Rng;

#[derive(serde::Deserialize)]
struct Row {
    en: Option<String>,
    tr: Option<String>,
    ru: Option<String>,
}

const KINDS: [&str; 7] = [
    "drop", "insert", "replace", "swap", "inflect", "number", "negation",
];

fn text(r: &Row, l: Lang) -> Option<&str> {
    match l {
        Lang::En => r.en.as_deref(),
        Lang::Tr => r.tr.as_deref(),
        Lang::Ru => r.ru.as_deref(),
    }
}

fn is_plain_word(w: &str) -> bool {
    w.chars().count() >= 2 && w.chars().all(char::is_alphabetic)
}

fn is_lower_word(w: &str) -> bool {
    is_plain_word(w) && w.chars().all(char::is_lowercase)
}

/// The old score: ⌊100 (L − d) / L⌋ over the old keys (a space only where the text had a
/// separator), 100 for equal keys.
fn old_key(t: &str, lang: Lang) -> Vec<char> {
    let n = normalize(t, lang);
    let mut key = Vec::new();
    let mut gap = false;
    for tok in &n.tokens {
        if tok.kind == TokenKind::Punct {
            gap = true;
            continue;
        }
        if !key.is_empty() && (gap || tok.space_before) {
            key.push(' ');
        }
        gap = false;
        match tok.kind {
            TokenKind::Word => key.extend(tok.folded.chars()),
            TokenKind::Number => key.push('\u{F0000}'),
            _ => key.push('\u{F0001}'),
        }
    }
    key
}

fn old_score(
    q: &rapidfuzz::distance::levenshtein::BatchComparator<char>,
    ql: usize,
    s: &[char],
) -> u32 {
    let d = q.distance(s.iter().copied());
    let l = ql.max(s.len()).max(1);
    if d == 0 {
        100
    } else {
        (100 * (l - d.min(l)) / l).min(99) as u32
    }
}

/// An inflected form of `w` in `lang`, if the word suits.
fn inflect(w: &str, lang: Lang, rng: &mut Rng) -> Option<String> {
    if !is_lower_word(w) || w.chars().count() < 4 {
        return None;
    }
    let back = |s: &str| s.chars().rev().find(|c| "aeıioöuü".contains(*c));
    match lang {
        Lang::En => Some(if let Some(s) = w.strip_suffix("ed") {
            s.to_string()
        } else if let Some(s) = w.strip_suffix('s') {
            s.to_string()
        } else if w.ends_with('e') {
            format!("{w}d")
        } else {
            format!("{w}s")
        }),
        Lang::Tr => {
            let front = back(w).is_some_and(|v| "eiöü".contains(v));
            let suffixes: [&str; 3] = if front {
                ["ler", "de", "in"]
            } else {
                ["lar", "da", "ın"]
            };
            Some(format!("{w}{}", suffixes[rng.below(3)]))
        }
        Lang::Ru => {
            let mut c: Vec<char> = w.chars().collect();
            let last = *c.last()?;
            let to = match last {
                'а' => "ы",
                'ы' => "а",
                'о' => "а",
                'е' => "и",
                'и' => "е",
                'я' => "и",
                'й' => "е",
                'у' => "а",
                _ => "",
            };
            if to.is_empty() {
                Some(format!("{w}а"))
            } else {
                c.pop();
                Some(format!("{}{to}", c.into_iter().collect::<String>()))
            }
        }
    }
}

/// The sentence with a negation added, if a slot for one is found.
fn negate(words: &[String], lang: Lang) -> Option<Vec<String>> {
    let mut out = words.to_vec();
    match lang {
        Lang::En => {
            let aux = [
                "is", "are", "was", "were", "can", "will", "does", "did", "has", "have", "should",
                "could", "would", "must", "may",
            ];
            let i = words.iter().position(|w| aux.contains(&w.as_str()))?;
            out.insert(i + 1, "not".into());
        }
        Lang::Tr => {
            for (i, w) in words.iter().enumerate() {
                let bare = w.trim_end_matches(['.', ',', ':', ';']);
                let tail = &w[bare.len()..];
                if !is_lower_word(bare) || bare.chars().count() < 5 {
                    continue;
                }
                for cop in ["dır", "dir", "dur", "dür", "tır", "tir", "tur", "tür"] {
                    if let Some(stem) = bare.strip_suffix(cop) {
                        if stem.chars().count() >= 3 && !stem.ends_with("mış") {
                            out[i] = stem.to_string();
                            out.insert(i + 1, format!("değil{}{tail}", cop.replace('t', "d")));
                            return Some(out);
                        }
                    }
                }
                for (pos, neg) in [("abilir", "amaz"), ("ebilir", "emez")] {
                    if let Some(stem) = bare.strip_suffix(pos) {
                        out[i] = format!("{stem}{neg}{tail}");
                        return Some(out);
                    }
                }
                for (pos, neg) in [
                    ("ılır", "ılmaz"),
                    ("ilir", "ilmez"),
                    ("ulur", "ulmaz"),
                    ("ülür", "ülmez"),
                ] {
                    if let Some(stem) = bare.strip_suffix(pos) {
                        out[i] = format!("{stem}{neg}{tail}");
                        return Some(out);
                    }
                }
                for (pos, neg) in [
                    ("dı", "madı"),
                    ("di", "medi"),
                    ("du", "madu"),
                    ("dü", "medü"),
                ] {
                    if let Some(stem) = bare.strip_suffix(pos) {
                        if pos == "du" || pos == "dü" {
                            continue;
                        }
                        out[i] = format!("{stem}{neg}{tail}");
                        return Some(out);
                    }
                }
            }
            return None;
        }
        Lang::Ru => {
            let ends = [
                "ет", "ют", "ит", "ят", "ется", "ются", "ится", "ятся", "ал", "ала", "ало", "али",
                "ил", "ила", "или", "ает", "яет",
            ];
            let i = words.iter().enumerate().skip(1).position(|(_, w)| {
                is_lower_word(w) && w.chars().count() >= 4 && ends.iter().any(|e| w.ends_with(e))
            })? + 1;
            out.insert(i, "не".into());
        }
    }
    Some(out)
}

struct Case {
    kind: usize,
    lang: Lang,
    base: String,
    query: String,
    distractors: Vec<String>,
    number: Option<String>,
    row: usize,
}

/// The direction each source language is looked up in.
fn target_of(lang: Lang) -> Lang {
    if lang == Lang::En {
        Lang::Tr
    } else {
        Lang::En
    }
}

/// translate-toolkit's best match for each case, as a TU index (`None`: no match), or `None`
/// when the toolkit is not installed. Its time goes to stderr.
fn toolkit(memory: &Memory, cases: &[Case]) -> Option<Vec<Option<usize>>> {
    let has = Command::new("python3")
        .args(["-c", "import translate.search.match"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        println!("note: translate-toolkit not installed (pip install translate-toolkit): its column is left out");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("polypress-score-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let write = |name: &str, lines: Vec<serde_json::Value>| -> Option<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).ok()?);
        for l in lines {
            writeln!(f, "{l}").ok()?;
        }
        f.flush().ok()
    };
    for lang in [Lang::En, Lang::Tr, Lang::Ru] {
        let to = target_of(lang);
        let lines = memory
            .tus
            .iter()
            .map(|tu| {
                serde_json::json!({
                    "source": tu.text(lang).unwrap_or(""),
                    "target": tu.text(to).unwrap_or(""),
                })
            })
            .collect();
        write(&format!("memory.{}.jsonl", lang.code()), lines)?;
    }
    let lines = cases
        .iter()
        .map(|c| serde_json::json!({"lang": c.lang.code(), "query": c.query}))
        .collect();
    write("cases.jsonl", lines)?;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench/score_toolkit.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&dir)
        .stderr(Stdio::inherit())
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.ok().filter(|o| o.status.success());
    let Some(out) = out else {
        println!("note: {} failed: its column is left out", script.display());
        return None;
    };
    let found: Vec<Option<usize>> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().parse::<usize>().ok())
        .collect();
    (found.len() == cases.len()).then_some(found)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("SKIP: run with `cargo bench --bench score`");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut rows: Vec<Row> = Vec::new();
    for f in files {
        let t = std::fs::read_to_string(&f).unwrap_or_default();
        rows.extend(
            t.lines()
                .filter_map(|l| serde_json::from_str::<Row>(l).ok()),
        );
    }
    rows.retain(|r| r.en.is_some() && r.tr.is_some() && r.ru.is_some());
    if rows.is_empty() {
        println!("SKIP: no corpus at {} (see its README)", dir.display());
        return;
    }
    let per_kind: usize = std::env::var("POLYPRESS_SCORE_PER_KIND")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let background: usize = std::env::var("POLYPRESS_SCORE_BACKGROUND")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x005e_ed0f_5c0e_u64);
    let langs = [Lang::En, Lang::Tr, Lang::Ru];
    // Every source text of each language, to keep queries that already exist out.
    let existing: Vec<HashSet<&str>> = langs
        .iter()
        .map(|&l| rows.iter().filter_map(|r| text(r, l)).collect())
        .collect();
    // How many corpus texts share each key (the same sentence up to numbers, case and
    // punctuation): a base sentence must be the only one, or several TUs are equally right.
    let key_counts: Vec<std::collections::HashMap<Vec<char>, usize>> = langs
        .iter()
        .map(|&l| {
            let keys: Vec<Vec<char>> = existing[langs.iter().position(|&x| x == l).unwrap()]
                .par_iter()
                .map(|t| normalize(t, l).key)
                .collect();
            let mut m = std::collections::HashMap::new();
            for k in keys {
                *m.entry(k).or_insert(0) += 1;
            }
            m
        })
        .collect();
    let vocab: Vec<Vec<String>> = langs
        .iter()
        .map(|&l| {
            let mut v: Vec<String> = rows
                .iter()
                .take(40_000)
                .filter_map(|r| text(r, l))
                .flat_map(|t| t.split(' ').map(str::to_string).collect::<Vec<_>>())
                .filter(|w| is_lower_word(w))
                .collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    let mut cases: Vec<Case> = Vec::new();
    let mut used_rows: HashSet<usize> = HashSet::new();
    for (li, &lang) in langs.iter().enumerate() {
        let target = if lang == Lang::En { Lang::Tr } else { Lang::En };
        for (kind, _) in KINDS.iter().enumerate() {
            let mut made = 0;
            let mut tries = 0;
            while made < per_kind && tries < 200_000 {
                tries += 1;
                let ri = rng.below(rows.len());
                if used_rows.contains(&ri) {
                    continue;
                }
                let Some(base) = text(&rows[ri], lang) else {
                    continue;
                };
                if base.contains(['\n', '%', '$', '{', '<', '&', '"', '`']) {
                    continue;
                }
                if key_counts[li].get(&normalize(base, lang).key) != Some(&1) {
                    continue;
                }
                let words: Vec<String> = base.split(' ').map(str::to_string).collect();
                let n = words.len();
                if !(6..=30).contains(&n)
                    || words.iter().filter(|w| is_plain_word(w)).count() < n * 2 / 3
                {
                    continue;
                }
                let tgt = text(&rows[ri], target).unwrap_or("");
                let pick = |rng: &mut Rng, ok: &dyn Fn(&str) -> bool| -> Option<usize> {
                    let cands: Vec<usize> = (1..n).filter(|&i| ok(&words[i])).collect();
                    (!cands.is_empty()).then(|| cands[rng.below(cands.len())])
                };
                let related = |rng: &mut Rng, w: &str| -> Option<String> {
                    let v = &vocab[li];
                    for _ in 0..50 {
                        let c = &v[rng.below(v.len())];
                        let (lc, lw) = (c.chars().count(), w.chars().count());
                        let shares = c.chars().take(4).eq(w.chars().take(4));
                        if c != w && lc.abs_diff(lw) <= 2 && !shares {
                            return Some(c.clone());
                        }
                    }
                    None
                };
                let mut number = None;
                let (q, edited): (Option<Vec<String>>, usize) = match KINDS[kind] {
                    "drop" => {
                        let Some(i) = pick(&mut rng, &|w| is_plain_word(w)) else {
                            continue;
                        };
                        let mut q = words.clone();
                        q.remove(i);
                        (Some(q), i)
                    }
                    "insert" => {
                        let i = 1 + rng.below(n - 1);
                        let v = &vocab[li];
                        let mut q = words.clone();
                        q.insert(i, v[rng.below(v.len())].clone());
                        (Some(q), i)
                    }
                    "replace" => {
                        let Some(i) = pick(&mut rng, &|w| is_lower_word(w)) else {
                            continue;
                        };
                        let Some(r) = related(&mut rng, &words[i]) else {
                            continue;
                        };
                        let mut q = words.clone();
                        q[i] = r;
                        (Some(q), i)
                    }
                    "swap" => {
                        let cands: Vec<usize> = (1..n - 1)
                            .filter(|&i| {
                                is_plain_word(&words[i])
                                    && is_plain_word(&words[i + 1])
                                    && words[i] != words[i + 1]
                            })
                            .collect();
                        if cands.is_empty() {
                            continue;
                        }
                        let i = cands[rng.below(cands.len())];
                        let mut q = words.clone();
                        q.swap(i, i + 1);
                        (Some(q), i)
                    }
                    "inflect" => {
                        let Some(i) =
                            pick(&mut rng, &|w| is_lower_word(w) && w.chars().count() >= 4)
                        else {
                            continue;
                        };
                        let Some(f) = inflect(&words[i], lang, &mut rng) else {
                            continue;
                        };
                        let mut q = words.clone();
                        q[i] = f;
                        (Some(q), i)
                    }
                    "number" => {
                        let digits = |j: usize| {
                            words.get(j).is_some_and(|w| {
                                let w = w.trim_end_matches(['.', ',', ':', ';', ')']);
                                !w.is_empty() && w.chars().all(|c| c.is_ascii_digit())
                            })
                        };
                        let cands: Vec<usize> = (0..n)
                            .filter(|&i| {
                                // Not a group of a space-grouped number (`15 000`).
                                if digits(i + 1) || (i > 0 && digits(i - 1)) {
                                    return false;
                                }
                                let w = words[i].trim_end_matches(['.', ',', ':', ';', ')']);
                                !w.is_empty()
                                    && w.len() <= 4
                                    && w.chars().all(|c| c.is_ascii_digit())
                                    && tgt.split(|c: char| !c.is_ascii_digit()).any(|t| t == w)
                            })
                            .collect();
                        if cands.is_empty() {
                            continue;
                        }
                        let i = cands[rng.below(cands.len())];
                        let w = words[i]
                            .trim_end_matches(['.', ',', ':', ';', ')'])
                            .to_string();
                        let tail = words[i][w.len()..].to_string();
                        let new =
                            (w.parse::<u64>().unwrap_or(0) + 1 + rng.below(8) as u64).to_string();
                        let mut q = words.clone();
                        q[i] = format!("{new}{tail}");
                        number = Some(new);
                        (Some(q), i)
                    }
                    _ => {
                        let Some(q) = negate(&words, lang) else {
                            continue;
                        };
                        let i = q.iter().zip(&words).position(|(a, b)| a != b).unwrap_or(1);
                        (Some(q), i)
                    }
                };
                let Some(q) = q else { continue };
                let query = q.join(" ");
                if query == base || existing[li].contains(query.as_str()) {
                    continue;
                }
                // Distractors: a different word dropped (the edited word's neighbour when it is
                // a word: the hard case), and a different word replaced.
                // The words the edit touched (both of a swapped pair): a distractor differs
                // from the base in another word.
                let touched = |j: usize| j == edited || (KINDS[kind] == "swap" && j == edited + 1);
                let neighbours: Vec<usize> = [edited.wrapping_sub(1), edited + 1, edited + 2]
                    .into_iter()
                    .filter(|&j| j < n && !touched(j) && is_plain_word(&words[j]))
                    .take(2)
                    .collect();
                let j = if neighbours.is_empty() {
                    let others: Vec<usize> = (0..n)
                        .filter(|&j| !touched(j) && is_plain_word(&words[j]))
                        .collect();
                    if others.is_empty() {
                        continue;
                    }
                    others[rng.below(others.len())]
                } else {
                    neighbours[rng.below(neighbours.len())]
                };
                let mut d1 = words.clone();
                d1.remove(j);
                let others: Vec<usize> = (0..n)
                    .filter(|&k| !touched(k) && k != j && is_lower_word(&words[k]))
                    .collect();
                let mut distractors = vec![d1.join(" ")];
                if !others.is_empty() {
                    let k = others[rng.below(others.len())];
                    if let Some(r) = related(&mut rng, &words[k]) {
                        let mut d2 = words.clone();
                        d2[k] = r;
                        distractors.push(d2.join(" "));
                    }
                }
                if distractors.iter().any(|d| *d == query || *d == base) {
                    continue;
                }
                used_rows.insert(ri);
                cases.push(Case {
                    kind,
                    lang,
                    base: base.to_string(),
                    query,
                    distractors,
                    number,
                    row: ri,
                });
                made += 1;
            }
        }
    }
    // The memory: each case's TU and distractors (with the base's translations), background
    // rows, shuffled.
    let mut tus: Vec<Tu> = Vec::new();
    let mk = |src_lang: Lang, src: &str, row: &Row| {
        let mut variants = Vec::new();
        for l in [Lang::En, Lang::Tr, Lang::Ru] {
            let t = if l == src_lang {
                src.to_string()
            } else {
                text(row, l).unwrap_or("").to_string()
            };
            variants.push((l, Variant::new(l, t)));
        }
        Tu {
            variants: variants.into_iter().collect(),
            ..Tu::default()
        }
    };
    for c in &cases {
        tus.push(mk(c.lang, &c.base, &rows[c.row]));
        for d in &c.distractors {
            tus.push(mk(c.lang, d, &rows[c.row]));
        }
    }
    let mut bg = 0;
    for (i, r) in rows.iter().enumerate() {
        if bg >= background {
            break;
        }
        if !used_rows.contains(&i) && i % 3 == 0 {
            tus.push(mk(Lang::En, r.en.as_deref().unwrap_or(""), r));
            bg += 1;
        }
    }
    for i in (1..tus.len()).rev() {
        tus.swap(i, rng.below(i + 1));
    }
    let mut memory = Memory::new();
    memory.tus = tus.into();
    let t = Instant::now();
    for l in langs {
        memory.index_of(l);
    }
    println!(
        "corpus rows (three-way): {}; memory: {} TUs ({} cases × TU + distractors, {bg} background); index build {:.2} s",
        rows.len(),
        memory.tus.len(),
        cases.len(),
        t.elapsed().as_secs_f64()
    );
    // Old keys of every TU per language, for the old score.
    let old_keys: Vec<Vec<Vec<char>>> = langs
        .iter()
        .map(|&l| {
            memory
                .tus
                .par_iter()
                .map(|tu| old_key(tu.text(l).unwrap_or(""), l))
                .collect()
        })
        .collect();
    let t = Instant::now();
    struct Outcome {
        new_right: bool,
        old_right: bool,
        adapted: bool,
        flagged: bool,
    }
    let outcomes: Vec<Outcome> = cases
        .par_iter()
        .map(|c| {
            let li = langs.iter().position(|&l| l == c.lang).unwrap();
            let to = if c.lang == Lang::En {
                Lang::Tr
            } else {
                Lang::En
            };
            let mut q = Query::new(&c.query, c.lang, to);
            q.k = 1;
            q.min = 50;
            let top = memory.lookup(&q).into_iter().next();
            let new_right = top.as_ref().is_some_and(|m| m.source == c.base);
            let adapted = match (&top, &c.number) {
                (Some(m), Some(n)) => {
                    new_right && m.numbers_complete && m.target.contains(n.as_str())
                }
                _ => false,
            };
            let flagged = top.as_ref().is_some_and(|m| {
                new_right && m.warnings.iter().any(|w| w.kind == WarningKind::Negation)
            });
            let qk = old_key(&c.query, c.lang);
            let cmp = rapidfuzz::distance::levenshtein::BatchComparator::new(qk.iter().copied());
            let mut best = (0u32, usize::MAX);
            for (i, k) in old_keys[li].iter().enumerate() {
                let s = old_score(&cmp, qk.len(), k);
                if s > best.0 || (s == best.0 && i < best.1) {
                    best = (s, i);
                }
            }
            let old_right = best.1 < memory.tus.len()
                && memory.tus[best.1].text(c.lang) == Some(c.base.as_str());
            Outcome {
                new_right,
                old_right,
                adapted,
                flagged,
            }
        })
        .collect();
    println!(
        "polypress: {} queries in {:.1} s (and the old score's scan)",
        cases.len(),
        t.elapsed().as_secs_f64()
    );
    let peer: Option<Vec<bool>> = toolkit(&memory, &cases).map(|found| {
        cases
            .iter()
            .zip(found)
            .map(|(c, f)| f.is_some_and(|i| memory.tus[i].text(c.lang) == Some(c.base.as_str())))
            .collect()
    });
    println!();
    println!(
        "top-1 right TU        new score          old score (characters)   {}",
        if peer.is_some() {
            "translate-toolkit"
        } else {
            ""
        }
    );
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let mut total = (0, 0, 0, 0);
    for (kind, name) in KINDS.iter().enumerate() {
        let mut line = format!("{name:<10}");
        let mut new_cells = Vec::new();
        let mut old_cells = Vec::new();
        let mut peer_cells = Vec::new();
        let (mut kn, mut ko, mut kp, mut kt) = (0, 0, 0, 0);
        for &l in &langs {
            let sel: Vec<usize> = (0..cases.len())
                .filter(|&i| cases[i].kind == kind && cases[i].lang == l)
                .collect();
            let n = sel.iter().filter(|&&i| outcomes[i].new_right).count();
            let o = sel.iter().filter(|&&i| outcomes[i].old_right).count();
            let p = peer
                .as_ref()
                .map_or(0, |p| sel.iter().filter(|&&i| p[i]).count());
            new_cells.push(format!("{}:{n}/{}", l.code(), sel.len()));
            old_cells.push(format!("{}:{o}", l.code()));
            peer_cells.push(format!("{}:{p}", l.code()));
            kn += n;
            ko += o;
            kp += p;
            kt += sel.len();
        }
        total.0 += kn;
        total.1 += ko;
        total.2 += kt;
        total.3 += kp;
        line.push_str(&format!(
            " {:>6.1} % ({})   {:>6.1} % ({})",
            pct(kn, kt),
            new_cells.join(" "),
            pct(ko, kt),
            old_cells.join(" ")
        ));
        if peer.is_some() {
            line.push_str(&format!(
                "   {:>6.1} % ({})",
                pct(kp, kt),
                peer_cells.join(" ")
            ));
        }
        println!("{line}");
    }
    let mut line = format!(
        "{:<10} {:>6.1} % ({}/{})   {:>6.1} % ({}/{})",
        "all",
        pct(total.0, total.2),
        total.0,
        total.2,
        pct(total.1, total.2),
        total.1,
        total.2
    );
    if peer.is_some() {
        line.push_str(&format!(
            "   {:>6.1} % ({}/{})",
            pct(total.3, total.2),
            total.3,
            total.2
        ));
    }
    println!("{line}");
    let num: Vec<&Outcome> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(c, _)| KINDS[c.kind] == "number")
        .map(|(_, o)| o)
        .collect();
    let neg: Vec<&Outcome> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(c, _)| KINDS[c.kind] == "negation")
        .map(|(_, o)| o)
        .collect();
    let adapted = num.iter().filter(|o| o.adapted).count();
    let flagged = neg.iter().filter(|o| o.flagged).count();
    println!(
        "\nnumbers adapted      {adapted}/{} = {:.1} %",
        num.len(),
        pct(adapted, num.len())
    );
    println!(
        "negations flagged    {flagged}/{} = {:.1} %",
        neg.len(),
        pct(flagged, neg.len())
    );
    if std::env::var("POLYPRESS_SCORE_SHOW").is_ok() {
        for (c, o) in cases.iter().zip(&outcomes) {
            let miss = !o.new_right
                || (KINDS[c.kind] == "number" && !o.adapted)
                || (KINDS[c.kind] == "negation" && !o.flagged);
            if miss {
                let to = if c.lang == Lang::En {
                    Lang::Tr
                } else {
                    Lang::En
                };
                let mut q = Query::new(&c.query, c.lang, to);
                q.k = 2;
                q.min = 50;
                let r = memory.lookup(&q);
                eprintln!(
                    "MISS {} {}: {:?}\n  base {:?}\n  got  {:?}",
                    KINDS[c.kind],
                    c.lang.code(),
                    c.query,
                    c.base,
                    r.iter()
                        .map(|m| (m.score, m.source.as_str(), &m.warnings))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}
