//! What the benchmarks share: rows of `../shared/corpus/*.jsonl`, a deterministic generator,
//! word-level variations that grow a memory past the corpus, and percentiles. Each benchmark
//! takes what it needs.
#![allow(dead_code)]

use std::path::Path;

/// One corpus row with its English text.
#[derive(serde::Deserialize)]
pub struct Row {
    pub en: String,
    pub tr: Option<String>,
    pub ru: Option<String>,
}

/// xorshift64: the same sequence on every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A deterministic variation of `text`: one or two word insertions (from `words`), deletions or
/// letter changes.
pub fn vary(text: &str, words_in: &[&str], rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    for _ in 0..1 + rng.below(2) {
        let i = rng.below(words.len());
        match rng.below(3) {
            0 => words.insert(i, words_in[rng.below(words_in.len())].to_string()),
            1 if words.len() > 2 => {
                words.remove(i);
            }
            _ => {
                let mut chars: Vec<char> = words[i].chars().collect();
                if !chars.is_empty() {
                    let j = rng.below(chars.len());
                    chars[j] = ['a', 'e', 'o', 's', 'n', 'r'][rng.below(6)];
                }
                words[i] = chars.into_iter().collect();
            }
        }
    }
    words.join(" ")
}

/// Every row of the `*.jsonl` files in `dir` (in file-name order) that has a Turkish side.
pub fn load_rows(dir: &Path) -> Vec<Row> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "jsonl"));
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        rows.extend(
            text.lines()
                .filter_map(|l| serde_json::from_str::<Row>(l).ok()),
        );
    }
    rows.retain(|r| r.tr.is_some());
    rows
}

/// The `p` quantile (0–1) of sorted values, NaN when there are none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
