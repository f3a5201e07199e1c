//! The index on disk: `memory/.index/<lang>.idx`, so a large memory does not rebuild its index
//! on every run. The folder is hidden (skipped when TMX files are collected) and ignored by git.
//!
//! The file holds the index arrays little-endian, behind a header with a format version, the
//! language and a *fingerprint* of the memory, and ends with an xxh3 checksum of everything
//! before it. For a memory exactly as loaded from its folder, the fingerprint is derived from
//! the loaded files' paths, sizes and content hashes (which determine every text); for a memory
//! changed in the process, it is FNV-1a over every TU's text in that language, in memory order.
//! A stale or damaged file is rebuilt instead of used. Reading is one memory-mapped pass and a
//! conversion of the arrays; no parsing or normalization is repeated.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::index::{GramMap, Index};
use super::{Memory, MemoryError};
use crate::error::{IoError, Location};
use crate::model::{fnv1a64, Lang};

const MAGIC: &[u8; 8] = b"PPIDX\x00\x02\x00";

/// Hashes everything written through it, so the file can end with a checksum.
struct Summed<'w, W: Write> {
    inner: &'w mut W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Summed<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The fingerprint of `memory`'s texts in `lang` (see the module docs). A memory exactly as
/// loaded from its files uses the key of those files (size and content hash of each, which
/// determine the texts) instead of hashing every text again.
pub fn fingerprint(memory: &Memory, lang: Lang) -> u64 {
    if let Some(key) = memory.source_key {
        return fnv1a64(&[b"files", &key.to_le_bytes(), lang.code().as_bytes()]);
    }
    let mut h = fnv1a64(&[lang.code().as_bytes()]);
    for tu in &memory.tus {
        let text = tu.text(lang).unwrap_or("\u{0}");
        h = fnv1a64(&[&h.to_le_bytes(), text.as_bytes(), b"\xff"]);
    }
    h
}

/// Where the index of `lang` lives below a memory folder.
pub fn index_path(root: &Path, lang: Lang) -> PathBuf {
    root.join(".index").join(format!("{}.idx", lang.code()))
}

fn put_u32s(out: &mut impl Write, v: impl ExactSizeIterator<Item = u32>) -> io::Result<()> {
    out.write_all(&(v.len() as u64).to_le_bytes())?;
    for x in v {
        out.write_all(&x.to_le_bytes())?;
    }
    Ok(())
}

fn put_u64s(out: &mut impl Write, v: impl ExactSizeIterator<Item = u64>) -> io::Result<()> {
    out.write_all(&(v.len() as u64).to_le_bytes())?;
    for x in v {
        out.write_all(&x.to_le_bytes())?;
    }
    Ok(())
}

/// Serializes `index` to `out` (streamed, so saving a large index needs no second copy).
///
/// # Errors
/// Writing fails.
pub fn write_to(index: &Index, out: &mut impl Write) -> io::Result<()> {
    let mut summed = Summed {
        inner: out,
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    write_body(index, &mut summed)?;
    let sum = summed.hash.digest();
    out.write_all(&sum.to_le_bytes())?;
    out.flush()
}

fn write_body(index: &Index, out: &mut impl Write) -> io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&[index.lang as u8])?;
    out.write_all(&index.fingerprint.to_le_bytes())?;
    put_u32s(out, index.docs.iter().copied())?;
    put_u32s(out, index.key_offsets.iter().copied())?;
    put_u32s(out, index.keys.iter().map(|&c| u32::from(c)))?;
    put_u32s(out, index.len_start.iter().copied())?;
    put_u64s(out, index.exact.iter().map(|e| e.0))?;
    put_u32s(out, index.exact.iter().map(|e| e.1))?;
    let mut grams = vec![0u64; index.grams.len()];
    for (&code, &id) in &index.grams {
        grams[id as usize] = code;
    }
    put_u64s(out, grams.into_iter())?;
    put_u32s(out, index.post_offsets.iter().copied())?;
    put_u32s(out, index.postings.iter().copied())?;
    out.flush()
}

/// Writes `index` to `path` atomically (temp file beside it, then rename).
///
/// # Errors
/// Any I/O failure, naming `path`.
pub fn save(index: &Index, path: &Path) -> Result<(), MemoryError> {
    let werr = |source| IoError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(werr)?;
    }
    let tmp = path.with_extension(format!("idx.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = io::BufWriter::new(f);
        write_to(index, &mut w)?;
        w.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&tmp, path)
    });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(werr(e).into());
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = usize::try_from(self.u64()?).ok()?;
        let raw = self.take(n.checked_mul(4)?)?;
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
    fn u64s(&mut self) -> Option<Vec<u64>> {
        let n = usize::try_from(self.u64()?).ok()?;
        let raw = self.take(n.checked_mul(8)?)?;
        Some(
            raw.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().expect("chunks of 8")))
                .collect(),
        )
    }
}

/// Whether the arrays of a decoded index hold together, so that no lookup can index out of
/// bounds: offsets start at 0 and never decrease, every document of length bucket `n` has a
/// key of `n` tokens, posting lists are sorted and name existing documents, exact entries are
/// sorted and name existing documents. A cache is never trusted: one that fails is rebuilt.
fn sound(
    docs: &[u32],
    key_offsets: &[u32],
    keys: &[char],
    len_start: &[u32],
    exact: &[(u64, u32)],
    post_offsets: &[u32],
    postings: &[u32],
) -> bool {
    let monotone = |v: &[u32]| v.first() == Some(&0) && v.windows(2).all(|w| w[0] <= w[1]);
    let n = docs.len();
    if !monotone(key_offsets) || !monotone(post_offsets) {
        return false;
    }
    if len_start.len() < 2
        || !len_start.windows(2).all(|w| w[0] <= w[1])
        || len_start.last().is_some_and(|&l| l as usize != n)
    {
        return false;
    }
    if key_offsets
        .last()
        .is_some_and(|&e| e as usize != keys.len())
    {
        return false;
    }
    for len in 0..len_start.len() - 1 {
        for doc in len_start[len] as usize..len_start[len + 1] as usize {
            let key = &keys[key_offsets[doc] as usize..key_offsets[doc + 1] as usize];
            if super::index::token_count(key) != len {
                return false;
            }
        }
    }
    let lists_ok = post_offsets.windows(2).all(|w| {
        let list = &postings[w[0] as usize..w[1] as usize];
        list.windows(2).all(|p| p[0] < p[1]) && list.iter().all(|&d| (d as usize) < n)
    });
    lists_ok
        && exact.windows(2).all(|w| w[0] <= w[1])
        && exact.iter().all(|&(_, d)| (d as usize) < n)
}

/// Deserializes an index; `None` when the bytes are not a complete, undamaged index of this
/// format (the file ends with an xxh3 checksum of the rest).
pub fn decode(bytes: &[u8]) -> Option<Index> {
    let (bytes, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxhash_rust::xxh3::xxh3_64(bytes).to_le_bytes() != sum {
        return None;
    }
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return None;
    }
    let lang = *Lang::ALL.get(usize::from(r.take(1)?[0]))?;
    let fingerprint = r.u64()?;
    let docs = r.u32s()?;
    let key_offsets = r.u32s()?;
    let keys = r
        .u32s()?
        .into_iter()
        .map(char::from_u32)
        .collect::<Option<Vec<char>>>()?;
    let len_start = r.u32s()?;
    let exact: Vec<(u64, u32)> = r.u64s()?.into_iter().zip(r.u32s()?).collect();
    let grams: GramMap = r
        .u64s()?
        .into_iter()
        .enumerate()
        .map(|(id, code)| (code, id as u32))
        .collect();
    let post_offsets = r.u32s()?;
    let postings = r.u32s()?;
    let consistent = key_offsets.len() == docs.len() + 1
        && key_offsets
            .last()
            .is_some_and(|&e| e as usize == keys.len())
        && post_offsets.len() == grams.len() + 1
        && post_offsets
            .last()
            .is_some_and(|&e| e as usize == postings.len())
        && r.at == bytes.len()
        && sound(
            &docs,
            &key_offsets,
            &keys,
            &len_start,
            &exact,
            &post_offsets,
            &postings,
        );
    consistent.then_some(Index {
        lang,
        docs,
        key_offsets,
        keys,
        len_start,
        exact,
        grams,
        post_offsets,
        postings,
        added: Vec::new(),
        fingerprint,
    })
}

impl Memory {
    /// The index of `lang`, read from `<root>/.index/<lang>.idx` when that file matches the
    /// memory's fingerprint, else built and written there (when the memory has a root).
    ///
    /// # Errors
    /// None in practice: a missing, stale or damaged file is rebuilt, and a file that cannot be
    /// written is not kept (the `Result` is kept for callers).
    pub fn open_index(&self, lang: Lang) -> Result<&Index, MemoryError> {
        Ok(
            self.indexes[super::lang_slot(lang)]
                .get_or_init(|| self.persisted_or_built(lang, true)),
        )
    }

    /// The persisted index of `lang` when it matches, else a new one, saved when `always` or
    /// when the memory is exactly as loaded from its files.
    pub(super) fn persisted_or_built(&self, lang: Lang, always: bool) -> Index {
        let Some(root) = &self.root else {
            return Index::build(self, lang);
        };
        let path = index_path(root, lang);
        let wanted = fingerprint(self, lang);
        if let Some(index) = super::cache::map(&path).ok().and_then(|b| decode(&b)) {
            let in_range = index.docs.iter().all(|&d| (d as usize) < self.tus.len());
            if index.fingerprint == wanted && index.lang == lang && in_range {
                return index;
            }
        }
        let index = Index::build(self, lang);
        if always || self.source_key.is_some() {
            // Derived data: a read-only memory folder only means the index is not kept.
            let _ = save(&index, &path);
        }
        index
    }
}

/// Reads an index file on its own (for tools and benchmarks).
///
/// # Errors
/// The file cannot be read, or is not an index of this format.
pub fn load(path: &Path) -> Result<Index, MemoryError> {
    let bytes = std::fs::read(path).map_err(|source| IoError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode(&bytes).ok_or_else(|| MemoryError::Structure {
        at: Location::file(path),
        message: "not a polypress index of this version (expected to be rebuilt)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::normalize::normalize;
    use crate::memory::{LoadOptions, Tu, Variant};

    #[test]
    fn reopens_a_persisted_index_and_rebuilds_a_stale_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.tmx"),
            "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>urged the government to act</seg></tuv></tu></body></tmx>",
        )
        .unwrap();
        let m = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
        let built = m.open_index(Lang::En).unwrap();
        let path = index_path(dir.path(), Lang::En);
        assert!(path.is_file());
        let reopened = load(&path).unwrap();
        let q = normalize("urged the cabinet to act", Lang::En).key;
        assert_eq!(reopened.candidates(&q, 70), built.candidates(&q, 70));
        assert_eq!(reopened.fingerprint, fingerprint(&m, Lang::En));
        // A changed memory does not match the stored fingerprint.
        let mut m2 = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
        m2.add(Tu {
            variants: [(Lang::En, Variant::new(Lang::En, "new"))].into(),
            ..Tu::default()
        });
        assert_ne!(fingerprint(&m2, Lang::En), reopened.fingerprint);
        assert_eq!(m2.open_index(Lang::En).unwrap().len(), 2);
        assert_eq!(load(&path).unwrap().len(), 2, "rewritten");
    }

    #[test]
    fn rejects_truncated_files() {
        assert!(decode(b"PPIDX").is_none());
        assert!(decode(&[0; 64]).is_none());
    }
}
