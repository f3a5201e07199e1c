//! What is in the memory (`tm stats`) and where a phrase occurs in it (`tm concordance`).
//!
//! Takes a loaded [`Memory`]; gives back plain data ([`Stats`], [`ConcordanceHit`]) for the CLI
//! to print as text or JSON.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::normalize::{fold_case, normalize, Normalized, TokenKind};
use super::score::{align, Step, STEM};
use super::{cache, LoadOptions, Memory, MemoryError};
use crate::error::IoError;
use crate::model::Lang;

/// Counts for one direction, e.g. en → tr.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairStats {
    /// Source language.
    pub from: Lang,
    /// Target language.
    pub to: Lang,
    /// TUs with both languages.
    pub tus: usize,
    /// TUs repeating the source and target text of an earlier TU.
    pub duplicates: usize,
    /// Source texts translated in more than one way.
    pub conflicts: usize,
}

/// Counts for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStats {
    /// Path relative to the memory folder.
    pub path: PathBuf,
    /// TUs read from it.
    pub tus: usize,
    /// Its score penalty.
    pub penalty: u8,
    /// Variants skipped for an unsupported language.
    pub skipped_variants: usize,
}

/// `tm stats`: the memory at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// All TUs.
    pub tus: usize,
    /// Variants per language.
    pub languages: BTreeMap<Lang, usize>,
    /// Per file, in load order.
    pub files: Vec<FileStats>,
    /// Per direction, in language order.
    pub pairs: Vec<PairStats>,
    /// Files skipped with `--skip-bad`, with their errors.
    pub bad_files: Vec<String>,
}

/// First line of a saved summary; bumped whenever [`Stats`] or the key changes.
const SUMMARY_MAGIC: &str = "PPSTATS 1";

/// Where the `tm stats` summary of a memory folder lives.
pub fn summary_path(root: &Path) -> std::path::PathBuf {
    root.join(".index").join("stats.json")
}

/// Writes the summary: `PPSTATS 1 <memory key> <xxh3 of the JSON>`, a newline, the JSON.
fn save_summary(path: &Path, key: u64, stats: &Stats) -> std::io::Result<()> {
    let json = serde_json::to_vec(stats).map_err(std::io::Error::other)?;
    let sum = xxhash_rust::xxh3::xxh3_64(&json);
    let mut bytes = format!("{SUMMARY_MAGIC} {key:016x} {sum:016x}\n").into_bytes();
    bytes.extend_from_slice(&json);
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    cache::save(path, &bytes)
}

/// The key and stats of a saved summary; `None` unless its header, checksum and JSON agree.
fn read_summary(bytes: &[u8]) -> Option<(u64, Stats)> {
    let nl = bytes.iter().position(|&b| b == b'\n')?;
    let head = std::str::from_utf8(&bytes[..nl]).ok()?;
    let json = &bytes[nl + 1..];
    let mut parts = head.rsplitn(3, ' ');
    let sum = u64::from_str_radix(parts.next()?, 16).ok()?;
    let key = u64::from_str_radix(parts.next()?, 16).ok()?;
    if parts.next()? != SUMMARY_MAGIC || xxhash_rust::xxh3::xxh3_64(json) != sum {
        return None;
    }
    Some((key, serde_json::from_slice(json).ok()?))
}

/// One source text translated in more than one way (`tm stats --conflicts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Source language.
    pub from: Lang,
    /// Target language.
    pub to: Lang,
    /// The source text.
    pub source: String,
    /// Each distinct target, with where it occurs (file relative to the memory folder, line).
    pub targets: Vec<ConflictTarget>,
}

/// One of the targets of a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictTarget {
    /// The target text.
    pub text: String,
    /// Every TU giving it: file and line of the `<tu>` (0 when added in memory).
    pub at: Vec<(PathBuf, usize)>,
}

type Fast = std::hash::BuildHasherDefault<rustc_hash::FxHasher>;

fn text_hash(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

impl Memory {
    /// Per language, the hash of each TU's text (None without a variant), computed once.
    fn text_hashes(&self) -> Vec<Vec<Option<u64>>> {
        use rayon::prelude::*;
        Lang::ALL
            .par_iter()
            .map(|&l| {
                self.tus
                    .par_iter()
                    .map(|tu| tu.text(l).map(text_hash))
                    .collect()
            })
            .collect()
    }

    /// Counts TUs, languages, duplicates and conflicts. Texts are compared by a 64-bit hash
    /// (xxh3), so a million TUs are counted in well under a second; the conflicts listed by
    /// [`Memory::conflicts`] are checked on the texts themselves.
    pub fn stats(&self) -> Stats {
        use rayon::prelude::*;
        let mut languages = BTreeMap::new();
        for tu in &self.tus {
            for lang in tu.variants.keys() {
                *languages.entry(*lang).or_insert(0) += 1;
            }
        }
        let mut per_file = vec![0usize; self.files.len()];
        for tu in &self.tus {
            per_file[tu.file] += 1;
        }
        let files = self
            .files
            .iter()
            .zip(per_file)
            .map(|(f, tus)| FileStats {
                path: f.path.clone(),
                tus,
                penalty: f.penalty,
                skipped_variants: f.skipped_variants,
            })
            .collect();
        let hashes = self.text_hashes();
        let directions: Vec<(Lang, Lang)> = Lang::ALL
            .into_iter()
            .flat_map(|f| Lang::ALL.into_iter().map(move |t| (f, t)))
            .filter(|(f, t)| f != t)
            .collect();
        let pairs = directions
            .par_iter()
            .map(|&(from, to)| {
                let (hs, ht) = (
                    &hashes[super::lang_slot(from)],
                    &hashes[super::lang_slot(to)],
                );
                let mut seen: HashSet<(u64, u64), Fast> = HashSet::default();
                // Source → its first target, and whether another one was seen.
                let mut targets: HashMap<u64, (u64, bool), Fast> = HashMap::default();
                let mut p = PairStats {
                    from,
                    to,
                    tus: 0,
                    duplicates: 0,
                    conflicts: 0,
                };
                for (s, t) in hs.iter().zip(ht) {
                    let (Some(s), Some(t)) = (*s, *t) else {
                        continue;
                    };
                    p.tus += 1;
                    if !seen.insert((s, t)) {
                        p.duplicates += 1;
                    }
                    let e = targets.entry(s).or_insert((t, false));
                    if e.0 != t && !e.1 {
                        e.1 = true;
                        p.conflicts += 1;
                    }
                }
                p
            })
            .filter(|p| p.tus > 0)
            .collect();
        let stats = Stats {
            tus: self.tus.len(),
            languages,
            files,
            pairs,
            bad_files: self.bad_files.iter().map(ToString::to_string).collect(),
        };
        if let (Some(root), Some(key), true) =
            (&self.root, self.source_key, self.bad_files.is_empty())
        {
            // Derived data: a memory folder that cannot be written goes without it.
            let _ = save_summary(&summary_path(root), key, &stats);
        }
        stats
    }

    /// `tm stats` of the memory folder `root` without loading it: the summary saved in
    /// `memory/.index/stats.json` by [`Memory::stats`], when it was computed from exactly the
    /// TMX files there now (same paths, sizes and content hashes, and the same `locales`).
    /// Penalties are applied from `options`. `None` when there is no such summary (missing,
    /// stale or damaged): then load the memory and call [`Memory::stats`].
    ///
    /// # Errors
    /// The folder or one of its TMX files cannot be read.
    pub fn cached_stats(root: &Path, options: &LoadOptions) -> Result<Option<Stats>, MemoryError> {
        use rayon::prelude::*;
        let Ok(bytes) = std::fs::read(summary_path(root)) else {
            return Ok(None);
        };
        let Some((key, mut stats)) = read_summary(&bytes) else {
            return Ok(None);
        };
        let paths = crate::fsx::walk_files(root, "tmx")?;
        let keys = paths
            .par_iter()
            .map(|path| {
                let bytes = cache::map(path).map_err(|source| IoError::Read {
                    path: path.clone(),
                    source,
                })?;
                let k = cache::FileKey::of(&bytes, &bytes.meta);
                Ok((crate::error::relative(path, root), k))
            })
            .collect::<Result<Vec<_>, MemoryError>>()?;
        if super::source_key(&keys, &options.locales) != key {
            return Ok(None);
        }
        for f in &mut stats.files {
            f.penalty = super::file_penalty(&f.path, &options.penalties);
        }
        Ok(Some(stats))
    }

    /// Every source text translated in more than one way, per direction (`from` → `to`, or all
    /// directions when `None`), in memory order of the source's first TU.
    pub fn conflicts(&self, pair: Option<(Lang, Lang)>) -> Vec<Conflict> {
        let mut out = Vec::new();
        for from in Lang::ALL {
            for to in Lang::ALL {
                if from == to || pair.is_some_and(|p| p != (from, to)) {
                    continue;
                }
                // source → (target → TUs), in first-seen order.
                let mut by_source: HashMap<&str, Vec<(&str, Vec<usize>)>> = HashMap::new();
                let mut order: Vec<&str> = Vec::new();
                for (i, tu) in self.tus.iter().enumerate() {
                    let (Some(s), Some(t)) = (tu.text(from), tu.text(to)) else {
                        continue;
                    };
                    let list = by_source.entry(s).or_insert_with(|| {
                        order.push(s);
                        Vec::new()
                    });
                    match list.iter_mut().find(|e| e.0 == t) {
                        Some(e) => e.1.push(i),
                        None => list.push((t, vec![i])),
                    }
                }
                for s in order {
                    let list = &by_source[s];
                    if list.len() < 2 {
                        continue;
                    }
                    out.push(Conflict {
                        from,
                        to,
                        source: s.to_string(),
                        targets: list
                            .iter()
                            .map(|(t, tus)| ConflictTarget {
                                text: t.to_string(),
                                at: tus
                                    .iter()
                                    .map(|&i| {
                                        let tu = &self.tus[i];
                                        (self.files[tu.file].path.clone(), tu.line)
                                    })
                                    .collect(),
                            })
                            .collect(),
                    });
                }
            }
        }
        out
    }
}

/// How a word of the phrase aligns with a word of a concordance hit's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlignOp {
    /// The same word (up to case).
    Same,
    /// An inflected form of it (see `score`: `Asia`/`Asia's`, `потенциал`/`потенциала`).
    Inflected,
}

/// One word of the phrase and the source word the score's word alignment pairs it with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignedWord {
    /// The phrase's word, as typed.
    pub phrase: String,
    /// The source's word.
    pub source: String,
    /// How they align.
    pub op: AlignOp,
    /// What the difference costs, in word-edits (0 for the same word).
    pub cost: f64,
}

impl Eq for AlignedWord {}

/// One TU containing the searched phrase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcordanceHit {
    /// The text in the searched language (its NFC form, which `span` indexes).
    pub source: String,
    /// Whether the phrase occurs as whole words (the same words or inflected forms of them, in
    /// any case and spacing), not only inside a word.
    pub whole_words: bool,
    /// Byte range in `source` of the words the phrase aligns with: whole words, with the quotes
    /// and brackets that enclose them when balanced.
    pub span: std::ops::Range<usize>,
    /// `source[span]`.
    pub matched: String,
    /// Per word of the phrase, the source word the score's word alignment pairs it with (empty
    /// when the phrase occurs only inside a word).
    pub alignment: Vec<AlignedWord>,
    /// The alignment's cost in word-edits (see `score`): 0 when every word is the same.
    pub cost: f64,
    /// The other languages' texts.
    pub targets: BTreeMap<Lang, String>,
    /// Per other language, the fragment of its text that most likely renders the phrase: the
    /// word sequence (compared by crude stems, so inflected forms count together) found in the
    /// targets of the hits far more often than in the rest of the memory (Dice coefficient),
    /// as whole words with balanced quotes and brackets. Absent when no sequence recurs.
    pub fragments: BTreeMap<Lang, String>,
    /// The TMX file, relative to the memory folder.
    pub file: PathBuf,
    /// 1-based line of the `<tu>`.
    pub line: usize,
}

// Costs are tenths of a word-edit, never NaN.
impl Eq for ConcordanceHit {}

fn crude_stem(word: &str) -> String {
    // The word before any apostrophe (Turkish `Asya'da`), cut to its first 3-5 letters so
    // endings fold together (`Азия`/`Азии`).
    let base = word.split(['\'', '’']).next().unwrap_or("");
    let len = base.chars().count();
    base.chars()
        .take(len.saturating_sub(2).clamp(3, 5))
        .collect()
}

fn words(text: &str, lang: Lang) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let w = c.is_alphanumeric() || c == '\'' || c == '’';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((crude_stem(&fold_case(&text[s..i], lang)), s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

const FNV: u64 = 0x0100_0000_01b3;

/// FNV-1a of a crude stem, the same for `crude_stem(fold_case(word))` and the word itself.
fn stem_hash(stem: &str) -> u64 {
    stem.chars().fold(0xcbf2_9ce4_8422_2325, |h, c| {
        (h ^ u64::from(u32::from(c))).wrapping_mul(FNV)
    })
}

/// The stem hashes of the words of `text` (as `words` cuts them), without allocating a
/// string per word: the whole-memory pass of `rendering`.
fn word_hashes(text: &str, lang: Lang, out: &mut Vec<u64>) {
    out.clear();
    let mut folded = String::new();
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        folded.clear();
        for c in w.chars() {
            match (c, lang) {
                ('I', Lang::Tr) => folded.push('ı'),
                ('İ', _) => folded.push('i'),
                _ if c.is_ascii() => folded.push(c.to_ascii_lowercase()),
                _ => folded.extend(c.to_lowercase()),
            }
        }
        let base = folded.split(['\'', '’']).next().unwrap_or("");
        let len = base.chars().count();
        let k = len.saturating_sub(2).clamp(3, 5);
        let end = base.char_indices().nth(k).map_or(base.len(), |(i, _)| i);
        out.push(stem_hash(&base[..end]));
    }
}

/// Hash of a sequence of stem hashes.
fn seq_hash(stems: impl Iterator<Item = u64>) -> u64 {
    stems.fold(0x84222325, |h, x| (h ^ x).wrapping_mul(FNV).rotate_left(17))
}

/// A phrase or source text as the score sees it: its content tokens, each as the word compared
/// (case-folded word, number as written, placeholder symbol).
struct Tokens {
    norm: Normalized,
    content: Vec<usize>,
    forms: Vec<Vec<char>>,
}

impl Tokens {
    fn new(text: &str, lang: Lang) -> Tokens {
        let norm = normalize(text, lang);
        let content: Vec<usize> = norm.content_tokens().collect();
        let forms = content
            .iter()
            .map(|&t| {
                let tok = &norm.tokens[t];
                match tok.kind {
                    TokenKind::Word => tok.folded.chars().collect(),
                    _ => norm.surface(t).chars().collect(),
                }
            })
            .collect();
        Tokens {
            norm,
            content,
            forms,
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.norm.tokens[self.content[i]].kind == TokenKind::Word
    }
}

/// The cheapest window of `source` that the score's word alignment pairs with every word of
/// `phrase`, in order, each the same word or an inflected form (no word missing, extra,
/// replaced or moved: `house guest` is not `guest house`): its first content token, and the
/// alignment steps and cost.
fn best_window(phrase: &Tokens, source: &Tokens) -> Option<(usize, Vec<Step>, u32)> {
    let m = phrase.forms.len();
    let pq: Vec<&[char]> = phrase.forms.iter().map(Vec::as_slice).collect();
    let mut best: Option<(usize, Vec<Step>, u32)> = None;
    for start in 0..(source.forms.len() + 1).saturating_sub(m) {
        let win: Vec<&[char]> = source.forms[start..start + m]
            .iter()
            .map(Vec::as_slice)
            .collect();
        let (cost, steps) = align(&pq, &win);
        if best.as_ref().is_some_and(|b| b.2 <= cost) {
            continue;
        }
        let ok = steps.iter().all(|s| match *s {
            Step::Same { .. } => true,
            // A number is the same number or another one: never an inflection.
            Step::Inflect { q, s, .. } => phrase.is_word(q) && source.is_word(start + s),
            _ => false,
        });
        if ok {
            best = Some((start, steps, cost));
        }
    }
    best
}

/// The content tokens of `source` that overlap the phrase's words joined by single spaces when
/// that text occurs inside the source's (folded) words joined the same way: a phrase found
/// only inside a word (`Asia` in `Eurasia`).
fn partial_window(needle: &str, source: &Tokens) -> Option<std::ops::Range<usize>> {
    let mut hay = String::new();
    let mut starts = Vec::new();
    for f in &source.forms {
        if !hay.is_empty() {
            hay.push(' ');
        }
        starts.push(hay.len());
        hay.extend(f.iter());
    }
    let pos = hay.find(needle)?;
    let end = pos + needle.len();
    let first = starts.iter().rposition(|&s| s <= pos)?;
    let last = starts.iter().rposition(|&s| s < end)?;
    Some(first..last + 1)
}

/// Every TU whose `lang` text contains `phrase` as whole words (the same words or inflected
/// forms of them, as the match score's word alignment pairs them, in any case, spacing and
/// punctuation), then those where it occurs only inside a word; at most `limit`. Whole-word
/// hits rank by alignment cost (the phrase's exact words first), then memory order.
pub fn concordance(memory: &Memory, phrase: &str, lang: Lang, limit: usize) -> Vec<ConcordanceHit> {
    let phrase_tokens = Tokens::new(phrase, lang);
    if phrase_tokens.forms.is_empty() {
        return Vec::new();
    }
    let needle: String = phrase_tokens
        .forms
        .iter()
        .map(|f| f.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    // Every match contains each phrase word's first letters (an inflected form keeps the first
    // `STEM`; a word inside another is whole but for its first or last): a cheap filter.
    let probes: Vec<String> = phrase_tokens
        .forms
        .iter()
        .map(|f| f[..f.len().min(STEM)].iter().collect())
        .collect();
    let mut found: Vec<(bool, u32, usize, ConcordanceHit)> = Vec::new();
    for (i, tu) in memory.tus.iter().enumerate() {
        let Some(text) = tu.text(lang) else { continue };
        let nfc_ok = unicode_normalization::is_nfc(text);
        if nfc_ok {
            let folded = fold_case(text, lang);
            if !probes.iter().all(|p| folded.contains(p.as_str())) {
                continue;
            }
        }
        let src = Tokens::new(text, lang);
        let (range, alignment, cost) =
            if let Some((start, steps, cost)) = best_window(&phrase_tokens, &src) {
                let word = |q: usize, s: usize, op: AlignOp, c: u32| AlignedWord {
                    phrase: phrase_tokens
                        .norm
                        .surface(phrase_tokens.content[q])
                        .to_string(),
                    source: src.norm.surface(src.content[start + s]).to_string(),
                    op,
                    cost: f64::from(c) / 10.0,
                };
                let mut aligned = Vec::new();
                for step in &steps {
                    match *step {
                        Step::Same { q, s } => aligned.push(word(q, s, AlignOp::Same, 0)),
                        Step::Inflect { q, s, cost } => {
                            aligned.push(word(q, s, AlignOp::Inflected, cost));
                        }
                        _ => {}
                    }
                }
                (
                    start..start + phrase_tokens.forms.len(),
                    aligned,
                    Some(cost),
                )
            } else if let Some(r) = partial_window(&needle, &src) {
                (r, Vec::new(), None)
            } else {
                continue;
            };
        let a = src.norm.tokens[src.content[range.start]].span.start;
        let b = src.norm.tokens[src.content[range.end - 1]].span.end;
        let span = super::lookup::balanced_fragment(&src.norm.nfc, a..b);
        let whole_words = cost.is_some();
        found.push((
            !whole_words,
            cost.unwrap_or(0),
            i,
            ConcordanceHit {
                matched: src.norm.nfc[span.clone()].to_string(),
                span,
                alignment,
                cost: f64::from(cost.unwrap_or(0)) / 10.0,
                whole_words,
                targets: tu
                    .variants
                    .iter()
                    .filter(|(l, _)| **l != lang)
                    .map(|(l, v)| (*l, v.text.clone()))
                    .collect(),
                fragments: BTreeMap::new(),
                file: memory.files[tu.file].path.clone(),
                line: tu.line,
                source: src.norm.nfc,
            },
        ));
    }
    found.sort_by_key(|f| (f.0, f.1, f.2));
    // The renderings are learnt from more hits than are shown.
    let mut hits: Vec<ConcordanceHit> = found.into_iter().map(|f| f.3).collect();
    let phrase_words = phrase_tokens.forms.len();
    for to in Lang::ALL.into_iter().filter(|&l| l != lang) {
        if let Some(best) = rendering(memory, &hits, to, phrase_words) {
            for h in hits.iter_mut().take(limit) {
                let Some(t) = h.targets.get(&to) else {
                    continue;
                };
                let w = words(t, to);
                if let Some(win) = w
                    .windows(best.len())
                    .find(|win| win.iter().map(|x| &x.0).eq(best.iter()))
                {
                    let range = win[0].1.start..win[win.len() - 1].1.end;
                    let range = super::lookup::balanced_fragment(t, range);
                    h.fragments.insert(to, t[range].to_string());
                }
            }
        }
    }
    hits.truncate(limit);
    hits
}

/// How many hits the rendering of a phrase is learnt from.
const RENDERING_HITS: usize = 500;

/// The stem sequence of language `to` that most likely renders the phrase of the whole-word
/// `hits`: of the sequences of 1 to `phrase_words + 1` words in at least two hits' targets,
/// the one with the highest Dice coefficient `2·a / (h + f)`, `a` the hits whose target has it,
/// `h` the hits, `f` the TUs of the whole memory whose `to` text has it. A word that is
/// everywhere (`the`, `its`) scores low however often the hits hold it.
fn rendering(
    memory: &Memory,
    hits: &[ConcordanceHit],
    to: Lang,
    phrase_words: usize,
) -> Option<Vec<String>> {
    let max_len = phrase_words + 1;
    let targets: Vec<&str> = hits
        .iter()
        .filter(|h| h.whole_words)
        .take(RENDERING_HITS)
        .filter_map(|h| h.targets.get(&to).map(String::as_str))
        .collect();
    let mut in_hits: HashMap<Vec<String>, usize> = HashMap::new();
    for t in &targets {
        let w = words(t, to);
        let mut seen = HashSet::new();
        for n in 1..=max_len {
            for win in w.windows(n) {
                let key: Vec<String> = win.iter().map(|x| x.0.clone()).collect();
                if key.iter().all(|s| s.chars().count() >= 2) && seen.insert(key.clone()) {
                    *in_hits.entry(key).or_insert(0) += 1;
                }
            }
        }
    }
    in_hits.retain(|_, n| *n >= 2);
    if in_hits.is_empty() {
        return None;
    }
    // Document frequency of each candidate over the whole memory.
    let key_hash = |k: &[String]| seq_hash(k.iter().map(|s| stem_hash(s)));
    let mut everywhere: HashMap<u64, usize> = in_hits.keys().map(|k| (key_hash(k), 0)).collect();
    let mut w = Vec::new();
    let mut seen = HashSet::new();
    for tu in &memory.tus {
        let Some(t) = tu.text(to) else { continue };
        word_hashes(t, to, &mut w);
        seen.clear();
        for n in 1..=max_len {
            for win in w.windows(n) {
                let h = seq_hash(win.iter().copied());
                if let Some(c) = everywhere.get_mut(&h) {
                    if seen.insert(h) {
                        *c += 1;
                    }
                }
            }
        }
    }
    let h = targets.len();
    in_hits
        .into_iter()
        .map(|(k, a)| {
            let f = everywhere[&key_hash(&k)].max(a);
            // Dice in thousandths, to compare exactly.
            let dice = 2000 * a / (h + f);
            (k, a, dice)
        })
        .max_by(|x, y| {
            x.2.cmp(&y.2)
                // Then more hits, then the length closest to the phrase's, then a fixed order.
                .then(x.1.cmp(&y.1))
                .then(
                    y.0.len()
                        .abs_diff(phrase_words)
                        .cmp(&x.0.len().abs_diff(phrase_words)),
                )
                .then(y.0.cmp(&x.0))
        })
        .map(|(k, _, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Tu, Variant};

    fn add(m: &mut Memory, en: &str, tr: &str) {
        m.add(Tu {
            variants: [
                (Lang::En, Variant::new(Lang::En, en)),
                (Lang::Tr, Variant::new(Lang::Tr, tr)),
            ]
            .into(),
            ..Tu::default()
        });
    }

    #[test]
    fn counts_duplicates_and_conflicts() {
        let mut m = Memory::new();
        for (en, tr) in [
            ("Yes", "Evet"),
            ("Yes", "Evet"),
            ("Yes", "Tamam"),
            ("No", "Hayır"),
        ] {
            m.tus.push(Tu {
                variants: [
                    (Lang::En, Variant::new(Lang::En, en)),
                    (Lang::Tr, Variant::new(Lang::Tr, tr)),
                ]
                .into(),
                ..Tu::default()
            });
        }
        let s = m.stats();
        let en_tr = s
            .pairs
            .iter()
            .find(|p| p.from == Lang::En && p.to == Lang::Tr)
            .unwrap();
        assert_eq!((en_tr.tus, en_tr.duplicates, en_tr.conflicts), (4, 1, 1));
        let tr_en = s
            .pairs
            .iter()
            .find(|p| p.from == Lang::Tr && p.to == Lang::En)
            .unwrap();
        assert_eq!(tr_en.conflicts, 0);
        let c = m.conflicts(None);
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].from, c[0].to, c[0].source.as_str()),
            (Lang::En, Lang::Tr, "Yes")
        );
        let texts: Vec<&str> = c[0].targets.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Evet", "Tamam"]);
        assert_eq!(c[0].targets[0].at.len(), 2);
    }

    #[test]
    fn concordance_finds_inflected_fragments() {
        let mut m = Memory::new();
        add(
            &mut m,
            "Trade in Central Asia grew.",
            "Orta Asya'da ticaret büyüdü.",
        );
        add(
            &mut m,
            "The future of Central Asia.",
            "Orta Asya'nın geleceği.",
        );
        add(&mut m, "Asia is large.", "Asya büyüktür.");
        let hits = concordance(&m, "central  ASIA", Lang::En, 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].fragments[&Lang::Tr], "Orta Asya'da");
        assert_eq!(hits[1].fragments[&Lang::Tr], "Orta Asya'nın");
    }

    fn add_ru(m: &mut Memory, ru: &str, en: &str) {
        m.add(Tu {
            variants: [
                (Lang::Ru, Variant::new(Lang::Ru, ru)),
                (Lang::En, Variant::new(Lang::En, en)),
            ]
            .into(),
            ..Tu::default()
        });
    }

    #[test]
    fn concordance_aligns_inflected_forms_like_the_score() {
        let mut m = Memory::new();
        add_ru(
            &mut m,
            "Рост транзитного потенциала региона продолжится.",
            "Growth of the region's transit potential will continue.",
        );
        add_ru(
            &mut m,
            "Страна развивает свой транзитный потенциал.",
            "The country is developing its transit potential.",
        );
        add_ru(
            &mut m,
            "Сверхтранзитный потенциал — это термин.",
            "Supertransit potential is a term.",
        );
        add_ru(
            &mut m,
            "«Транзитный  потенциал» страны велик.",
            "The country's “transit potential” is large.",
        );
        // Not a hit: the second word only; and background where `its`, `transit` are common.
        add_ru(&mut m, "Его потенциал велик.", "Its potential is large.");
        for (ru, en) in [
            ("Его дороги стары.", "Its roads are old."),
            ("Его порты растут.", "Its ports are developing."),
            ("Транзит растёт.", "Transit is growing."),
            ("Транзит через страну.", "Transit through the country."),
        ] {
            add_ru(&mut m, ru, en);
        }
        let hits = concordance(&m, "транзитный ПОТЕНЦИАЛ", Lang::Ru, 10);
        let got: Vec<(&str, bool, f64)> = hits
            .iter()
            .map(|h| (h.matched.as_str(), h.whole_words, h.cost))
            .collect();
        // Exact words first (memory order), then the inflected forms, then inside a word.
        assert_eq!(
            got,
            [
                ("транзитный потенциал", true, 0.0),
                ("«Транзитный  потенциал»", true, 0.0),
                ("транзитного потенциала", true, 0.8),
                ("Сверхтранзитный потенциал", false, 0.0),
            ]
        );
        let h = &hits[2];
        assert_eq!(&h.source[h.span.clone()], "транзитного потенциала");
        assert_eq!(
            h.alignment,
            [
                AlignedWord {
                    phrase: "транзитный".into(),
                    source: "транзитного".into(),
                    op: AlignOp::Inflected,
                    cost: 0.5,
                },
                AlignedWord {
                    phrase: "ПОТЕНЦИАЛ".into(),
                    source: "потенциала".into(),
                    op: AlignOp::Inflected,
                    cost: 0.3,
                },
            ]
        );
        assert!(hits[3].alignment.is_empty());
        // The rendering: `transit potential`, not `its transit` (`its` is everywhere) nor
        // `transit` alone (common outside the hits too); with its quotes when they enclose it.
        let frags: Vec<Option<&str>> = hits
            .iter()
            .map(|h| h.fragments.get(&Lang::En).map(String::as_str))
            .collect();
        assert_eq!(
            frags,
            [
                Some("transit potential"),
                Some("“transit potential”"),
                Some("transit potential"),
                None,
            ]
        );
        // The limit keeps the best hits.
        let top = concordance(&m, "транзитный потенциал", Lang::Ru, 1);
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].matched, "транзитный потенциал");
        // Word order counts: the words swapped are another phrase.
        assert!(concordance(&m, "потенциал транзитный", Lang::Ru, 10).is_empty());
        assert!(concordance(&m, "   ", Lang::Ru, 10).is_empty());
    }

    #[test]
    fn concordance_compares_numbers_as_written() {
        let mut m = Memory::new();
        add(&mut m, "The 2009 report.", "2009 raporu.");
        add(&mut m, "The 2010 report.", "2010 raporu.");
        let hits = concordance(&m, "2009 report", Lang::En, 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].matched, "2009 report");
    }

    #[test]
    fn memory_pass_hashes_the_same_stems_as_the_hits() {
        let mut got = Vec::new();
        for (t, lang) in [
            ("İSTANBUL'da Orta Asya'nın “geleceği” (2023)!", Lang::Tr),
            ("The Middle Corridor's route, isn't it?", Lang::En),
            ("Средним коридором — 15 км", Lang::Ru),
        ] {
            word_hashes(t, lang, &mut got);
            let want: Vec<u64> = words(t, lang).iter().map(|w| stem_hash(&w.0)).collect();
            assert_eq!(got, want, "{t}");
        }
    }
}
