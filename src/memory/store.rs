//! The TUs of a [`Memory`](super::Memory): a vector that reads like `Vec<Tu>` (`len`, `iter`,
//! indexing, `push`) but whose cells loaded from a parse cache (see `cache`) stay in the
//! memory-mapped file until first touched.
//!
//! A warm lookup in a million-TU memory needs a few hundred TUs, not a million: each cell is a
//! [`OnceLock`] decoded from its cache file on first access (through the file's per-TU offset
//! table) and kept from then on. Iterating decodes every cell (in parallel with
//! [`TuStore::par_iter`]). TUs pushed or parsed are stored decoded.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::cache::LazyTus;
use super::Tu;
use crate::model::Lang;

/// A run of cells decoded from one cache file.
#[derive(Clone)]
struct Run {
    /// First cell of the run.
    start: usize,
    /// Number of cells.
    len: usize,
    /// Index of the file in `Memory::files`.
    file: usize,
    src: Arc<LazyTus>,
    locales: Arc<BTreeMap<Lang, String>>,
}

/// The TUs of a memory (see the module docs).
#[derive(Clone, Default)]
pub struct TuStore {
    cells: Vec<OnceLock<Tu>>,
    runs: Vec<Run>,
}

impl std::fmt::Debug for TuStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TuStore")
            .field("len", &self.cells.len())
            .field("mapped_runs", &self.runs.len())
            .finish()
    }
}

impl PartialEq for TuStore {
    fn eq(&self, other: &TuStore) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl TuStore {
    /// An empty store.
    pub fn new() -> TuStore {
        TuStore::default()
    }

    /// Number of TUs.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Makes room for `n` more TUs.
    pub fn reserve(&mut self, n: usize) {
        self.cells.reserve(n);
    }

    /// Appends a TU.
    pub fn push(&mut self, tu: Tu) {
        self.cells.push(OnceLock::from(tu));
    }

    /// Appends the TUs of a cache file, undecoded: cell `i` of the run is TU `i` of `src`,
    /// given file number `file` and the preferred `locales` when decoded.
    pub(super) fn push_mapped(
        &mut self,
        src: Arc<LazyTus>,
        file: usize,
        locales: Arc<BTreeMap<Lang, String>>,
    ) {
        let start = self.cells.len();
        let len = src.len();
        self.cells.resize_with(start + len, OnceLock::new);
        self.runs.push(Run {
            start,
            len,
            file,
            src,
            locales,
        });
    }

    fn decode(&self, i: usize) -> Tu {
        let run = self.run_of(i);
        let mut tu = run.src.tu(i - run.start);
        tu.file = run.file;
        super::prefer_locale(&mut tu, &run.locales);
        tu
    }

    fn run_of(&self, i: usize) -> &Run {
        &self.runs[self.runs.partition_point(|r| r.start + r.len <= i)]
    }

    /// Whether TU `i` has a `lang` variant, read without decoding it.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn has_lang(&self, i: usize, lang: Lang) -> bool {
        match self.cells[i].get() {
            Some(tu) => tu.variants.contains_key(&lang),
            None => {
                let run = self.run_of(i);
                run.src.langs(i - run.start) & (1 << (lang as u8)) != 0
            }
        }
    }

    /// The file number ([`Tu::file`]) of TU `i`, read without decoding it.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn file_of(&self, i: usize) -> usize {
        match self.cells[i].get() {
            Some(tu) => tu.file,
            None => self.run_of(i).file,
        }
    }

    /// TU `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&Tu> {
        self.cells.get(i).map(|c| c.get_or_init(|| self.decode(i)))
    }

    /// TU `i`, mutably, or `None` past the end.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut Tu> {
        self.get(i)?;
        self.cells[i].get_mut()
    }

    /// The last TU.
    pub fn last(&self) -> Option<&Tu> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Every TU in order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = &Tu> + ExactSizeIterator + Clone + Send + '_ {
        (0..self.len()).map(move |i| &self[i])
    }

    /// Every TU in order, in parallel (decoding cells in parallel too).
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = &Tu> + '_ {
        (0..self.len()).into_par_iter().map(move |i| &self[i])
    }

    /// The TUs in consecutive groups of `n` (the last may be shorter).
    pub fn chunks(&self, n: usize) -> impl Iterator<Item = Vec<&Tu>> + '_ {
        let n = n.max(1);
        (0..self.len())
            .step_by(n)
            .map(move |s| (s..(s + n).min(self.len())).map(|i| &self[i]).collect())
    }

    /// Decodes every cell (in parallel), so that later reads touch no cache file.
    pub fn decode_all(&self) {
        if !self.runs.is_empty() {
            self.par_iter().for_each(|_| {});
        }
    }

    /// Whether cell `i` is decoded already (for tests and benchmarks).
    pub fn is_decoded(&self, i: usize) -> bool {
        self.cells.get(i).is_some_and(|c| c.get().is_some())
    }
}

impl std::ops::Index<usize> for TuStore {
    type Output = Tu;
    fn index(&self, i: usize) -> &Tu {
        match self.get(i) {
            Some(tu) => tu,
            None => panic!("TU {i} out of range (the memory has {})", self.len()),
        }
    }
}

impl std::ops::IndexMut<usize> for TuStore {
    fn index_mut(&mut self, i: usize) -> &mut Tu {
        let len = self.len();
        match self.get_mut(i) {
            Some(tu) => tu,
            None => panic!("TU {i} out of range (the memory has {len})"),
        }
    }
}

impl<'a> IntoIterator for &'a TuStore {
    type Item = &'a Tu;
    type IntoIter = Box<dyn Iterator<Item = &'a Tu> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl IntoIterator for TuStore {
    type Item = Tu;
    type IntoIter = std::vec::IntoIter<Tu>;
    fn into_iter(self) -> Self::IntoIter {
        self.decode_all();
        self.cells
            .into_iter()
            .map(|c| c.into_inner().expect("decoded above"))
            .collect::<Vec<_>>()
            .into_iter()
    }
}

impl From<Vec<Tu>> for TuStore {
    fn from(tus: Vec<Tu>) -> TuStore {
        TuStore {
            cells: tus.into_iter().map(OnceLock::from).collect(),
            runs: Vec::new(),
        }
    }
}

impl FromIterator<Tu> for TuStore {
    fn from_iter<I: IntoIterator<Item = Tu>>(iter: I) -> TuStore {
        TuStore {
            cells: iter.into_iter().map(OnceLock::from).collect(),
            runs: Vec::new(),
        }
    }
}
