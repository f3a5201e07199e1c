//! What is in the memory (`tm stats`) and where a phrase occurs in it (`tm concordance`).
//!
//! Takes a loaded [`Memory`]; gives back plain data ([`Stats`], [`ConcordanceHit`]) for the CLI
//! to print as text or JSON.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::normalize::fold_case;
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

/// One TU containing the searched phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcordanceHit {
    /// The text in the searched language.
    pub source: String,
    /// Whether the phrase occurs as whole words (not only inside a word).
    pub whole_words: bool,
    /// The other languages' texts.
    pub targets: BTreeMap<Lang, String>,
    /// Per other language, the fragment of its text that most likely renders the phrase: the
    /// word sequence (compared by crude stems, so inflected forms count together) that recurs
    /// across the hits, weighing hits times words. Absent when no sequence recurs.
    pub fragments: BTreeMap<Lang, String>,
    /// The TMX file, relative to the memory folder.
    pub file: PathBuf,
    /// 1-based line of the `<tu>`.
    pub line: usize,
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
                // A crude stem: the word before any apostrophe (Turkish `Asya'da`), cut to
                // its first 3-5 letters so endings fold together (`Азия`/`Азии`).
                let word = fold_case(&text[s..i], lang);
                let base = word.split(['\'', '’']).next().unwrap_or("");
                let len = base.chars().count();
                let stem: String = base
                    .chars()
                    .take(len.saturating_sub(2).clamp(3, 5))
                    .collect();
                out.push((stem, s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Every TU whose `lang` text contains `phrase` (case-insensitively, whitespace-insensitively),
/// in memory order, at most `limit`; whole-word hits first.
pub fn concordance(memory: &Memory, phrase: &str, lang: Lang, limit: usize) -> Vec<ConcordanceHit> {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let needle = fold_case(&collapse(phrase), lang);
    if needle.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<ConcordanceHit> = Vec::new();
    for tu in &memory.tus {
        let Some(text) = tu.text(lang) else { continue };
        let hay = fold_case(&collapse(text), lang);
        let Some(pos) = hay.find(&needle) else {
            continue;
        };
        let before = hay[..pos].chars().next_back();
        let after = hay[pos + needle.len()..].chars().next();
        let whole_words =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        hits.push(ConcordanceHit {
            source: text.to_string(),
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
        });
    }
    hits.sort_by_key(|h| !h.whole_words);
    hits.truncate(limit);
    let phrase_words = needle.split_whitespace().count().max(1);
    for to in Lang::ALL.into_iter().filter(|&l| l != lang) {
        // Document frequency of every stem sequence of up to phrase_words + 1 words.
        let mut df: HashMap<Vec<String>, usize> = HashMap::new();
        for h in &hits {
            let Some(t) = h.targets.get(&to) else {
                continue;
            };
            let w = words(t, to);
            let mut seen = HashSet::new();
            for n in 1..=phrase_words + 1 {
                for win in w.windows(n) {
                    let key: Vec<String> = win.iter().map(|x| x.0.clone()).collect();
                    if seen.insert(key.clone()) {
                        *df.entry(key).or_insert(0) += 1;
                    }
                }
            }
        }
        let best = df
            .into_iter()
            .filter(|(k, n)| *n >= 2 && k.iter().all(|s| s.chars().count() >= 2))
            // Most hits × words (counted up to the phrase's length): a recurring two-word
            // rendering beats one of its words; then the length closest to the phrase's, so
            // an article that always precedes it (`the Middle Corridor`) stays out.
            .max_by(|a, b| {
                let weight = |k: &Vec<String>, n: usize| n * k.len().min(phrase_words);
                weight(&a.0, a.1)
                    .cmp(&weight(&b.0, b.1))
                    .then(
                        b.0.len()
                            .abs_diff(phrase_words)
                            .cmp(&a.0.len().abs_diff(phrase_words)),
                    )
                    .then(a.1.cmp(&b.1))
                    .then(b.0.cmp(&a.0))
            });
        let Some((best, _)) = best else { continue };
        for h in &mut hits {
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
    hits
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
}
