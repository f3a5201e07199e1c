//! Evaluation on the shared EN–TR–RU corpus: consecutive three-way rows become pseudo-articles,
//! the target side is perturbed (merges → 2-1, splits at a comma → 1-2, drops → 1-0, inserted
//! foreign sentences → 0-1) with the gold links kept, and predicted links are scored by
//! precision, recall and F1 (a link counts when both its sides match exactly; null links count
//! too). Used by `benches/align.rs` and the tests.

use std::ops::Range;
use std::path::Path;

use polypress::model::Lang;

/// One three-way corpus row.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Row {
    /// English.
    pub en: String,
    /// Turkish, when translated.
    pub tr: Option<String>,
    /// Russian, when translated.
    pub ru: Option<String>,
}

impl Row {
    /// The row's text in `lang`.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => Some(&self.en),
            Lang::Tr => self.tr.as_deref(),
            Lang::Ru => self.ru.as_deref(),
        }
    }
}

/// Reads the rows of a JSON Lines corpus file that have all three languages and read like
/// prose (20 characters or more, with spaces); others are skipped.
///
/// # Errors
/// I/O failure or a line that is not a row.
pub fn load(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let row: Row =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let prose = |s: &str| s.chars().count() >= 20 && s.contains(' ') && !s.contains('\n');
        if prose(&row.en)
            && row.tr.as_deref().is_some_and(prose)
            && row.ru.as_deref().is_some_and(prose)
        {
            out.push(row);
        }
    }
    Ok(out)
}

/// The rows whose Turkish and Russian are each between half and twice the English length in
/// characters: the corpus was aligned by element id and sentence count, and rows outside that
/// range are mostly misaligned or partly translated (a standard cleaning step, as Moses'
/// `clean-corpus-n` does with a ratio limit).
pub fn clean(rows: &[Row]) -> Vec<Row> {
    rows.iter()
        .filter(|r| {
            let n = r.en.chars().count() as f64;
            [Lang::Tr, Lang::Ru].iter().all(|&l| {
                r.get(l)
                    .is_some_and(|t| (0.5..=2.0).contains(&(t.chars().count() as f64 / n)))
            })
        })
        .cloned()
        .collect()
}

/// A pseudo-article pair with its gold links.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Source sentences.
    pub src: Vec<String>,
    /// Target sentences after perturbation.
    pub tgt: Vec<String>,
    /// Gold links: source range ↔ target range.
    pub gold: Vec<(Range<usize>, Range<usize>)>,
}

/// A small deterministic generator (SplitMix64), so the evaluation needs no dependency and
/// gives the same documents on every run.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next number in 0..1.
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// How often each perturbation happens, per source sentence.
#[derive(Debug, Clone, Copy)]
pub struct Noise {
    /// Merge with the next sentence (2-1).
    pub merge: f64,
    /// Split at a comma (1-2).
    pub split: f64,
    /// Drop (1-0).
    pub drop: f64,
    /// Insert a foreign sentence after it (0-1).
    pub insert: f64,
}

impl Noise {
    /// About one edit in ten sentences, as in the sample project's legacy editions (three merges
    /// or splits in the seed article's 33 body sentences): merge 4%, split 4%, drop 1%,
    /// insert 1%.
    pub const REALISTIC: Noise = Noise {
        merge: 0.04,
        split: 0.04,
        drop: 0.01,
        insert: 0.01,
    };

    /// A stress test, about one edit in six sentences: merge 6%, split 5%, drop 3%, insert 3%.
    pub const HEAVY: Noise = Noise {
        merge: 0.06,
        split: 0.05,
        drop: 0.03,
        insert: 0.03,
    };
}

impl Default for Noise {
    fn default() -> Self {
        Noise::REALISTIC
    }
}

/// Cuts `rows` into pseudo-articles of `size` consecutive rows (at most `count`) and perturbs
/// the target side.
pub fn documents(
    rows: &[Row],
    from: Lang,
    to: Lang,
    size: usize,
    count: usize,
    noise: Noise,
    rng: &mut Rng,
) -> Vec<Doc> {
    let mut docs = Vec::new();
    for chunk in rows.chunks(size).filter(|c| c.len() == size).take(count) {
        let src: Vec<String> = chunk
            .iter()
            .filter_map(|r| r.get(from))
            .map(str::to_string)
            .collect();
        let tgt: Vec<String> = chunk
            .iter()
            .filter_map(|r| r.get(to))
            .map(str::to_string)
            .collect();
        docs.push(perturb(src, &tgt, rows, to, noise, rng));
    }
    docs
}

fn perturb(
    src: Vec<String>,
    tgt: &[String],
    pool: &[Row],
    to: Lang,
    noise: Noise,
    rng: &mut Rng,
) -> Doc {
    let mut out: Vec<String> = Vec::new();
    let mut gold = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let r = rng.next_f64();
        let start = out.len();
        if r < noise.merge && i + 1 < src.len() {
            out.push(format!("{} {}", tgt[i], tgt[i + 1]));
            gold.push((i..i + 2, start..start + 1));
            i += 2;
        } else if r < noise.merge + noise.split {
            match split_at_comma(&tgt[i]) {
                Some((a, b)) => {
                    out.push(a);
                    out.push(b);
                    gold.push((i..i + 1, start..start + 2));
                }
                None => {
                    out.push(tgt[i].clone());
                    gold.push((i..i + 1, start..start + 1));
                }
            }
            i += 1;
        } else if r < noise.merge + noise.split + noise.drop {
            gold.push((i..i + 1, start..start));
            i += 1;
        } else {
            out.push(tgt[i].clone());
            gold.push((i..i + 1, start..start + 1));
            i += 1;
        }
        if rng.next_f64() < noise.insert {
            let extra = pool[rng.below(pool.len())]
                .get(to)
                .unwrap_or("")
                .to_string();
            let at = out.len();
            out.push(extra);
            gold.push((i..i, at..at + 1));
        }
    }
    Doc {
        src,
        tgt: out,
        gold,
    }
}

/// Splits a sentence at the comma nearest its middle, if one lies in the middle 60%.
fn split_at_comma(s: &str) -> Option<(String, String)> {
    let n = s.len();
    let best = s
        .match_indices(", ")
        .map(|(k, _)| k)
        .filter(|&k| k * 5 >= n && k * 5 <= 4 * n)
        .min_by_key(|&k| k.abs_diff(n / 2))?;
    Some((s[..=best].to_string(), s[best + 2..].to_string()))
}

/// Precision, recall and F1 of `pred` against `gold`.
pub fn score(
    pred: &[(Range<usize>, Range<usize>)],
    gold: &[(Range<usize>, Range<usize>)],
) -> (usize, usize, usize) {
    let hits = pred.iter().filter(|p| gold.contains(p)).count();
    (hits, pred.len(), gold.len())
}

/// Turns counts `(hits, predicted, gold)` into `(precision, recall, F1)`.
pub fn prf(hits: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 {
        0.0
    } else {
        hits as f64 / pred as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hits as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// The positional baseline: sentence k with sentence k, the rest unpaired.
pub fn positional(n: usize, m: usize) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out: Vec<_> = (0..n.min(m)).map(|k| (k..k + 1, k..k + 1)).collect();
    out.extend((m..n).map(|k| (k..k + 1, m..m)));
    out.extend((n..m).map(|k| (n..n, k..k + 1)));
    out
}

/// The corpus folder beside the repository (`../shared/corpus`), if present.
pub fn corpus_dir() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.is_dir().then_some(p)
}
