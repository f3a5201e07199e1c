//! The index on disk: `memory/.index/<lang>.idx`, so a large memory does not rebuild its index
//! on every run. The folder is hidden (skipped when TMX files are collected) and ignored by git.
//!
//! The file holds the index arrays little-endian, behind a header with a format version, the
//! language and a *fingerprint* of the memory, and ends with an xxh3 checksum of everything
//! before it. For a memory exactly as loaded from its folder, the fingerprint is derived from
//! the loaded files' paths, sizes and content hashes (which determine every text); for a memory
//! changed in the process, it is FNV-1a over every TU's text in that language, in memory order.
//! A stale or damaged file is rebuilt instead of used. Every array starts 8-byte aligned, so on
//! a little-endian machine the index is used in place from the memory-mapped file: opening it
//! checks the checksum and the structure (offsets, buckets, sorted lists, valid chars; in
//! parallel) and copies nothing; no parsing or normalization is repeated.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::index::{Arr, Index};
use super::{Memory, MemoryError};
use crate::error::{IoError, Location};
use crate::model::{fnv1a64, Lang};

const MAGIC: &[u8; 8] = b"PPIDX\x00\x03\x00";

/// Hashes everything written through it, so the file can end with a checksum.
struct Summed<'w, W: Write> {
    inner: &'w mut W,
    hash: super::cache::ChunkedHasher,
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

/// Writes an array: its length, its items little-endian, then zeros up to a multiple of 8
/// bytes, so every array of the file starts 8-byte aligned.
fn put<T: Copy>(
    out: &mut impl Write,
    v: &[T],
    le: impl Fn(T) -> [u8; 8],
    size: usize,
) -> io::Result<()> {
    out.write_all(&(v.len() as u64).to_le_bytes())?;
    let mut buf = Vec::with_capacity(64 * 1024);
    for &x in v {
        buf.extend_from_slice(&le(x)[..size]);
        if buf.len() >= 60 * 1024 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)?;
    let pad = (8 - (v.len() * size) % 8) % 8;
    out.write_all(&[0u8; 8][..pad])
}

fn put_u32s(out: &mut impl Write, v: &[u32]) -> io::Result<()> {
    put(out, v, |x| u64::from(x).to_le_bytes(), 4)
}

fn put_u64s(out: &mut impl Write, v: &[u64]) -> io::Result<()> {
    put(out, v, u64::to_le_bytes, 8)
}

/// Serializes `index` to `out` (streamed, so saving a large index needs no second copy).
///
/// # Errors
/// Writing fails.
pub fn write_to(index: &Index, out: &mut impl Write) -> io::Result<()> {
    let mut summed = Summed {
        inner: out,
        hash: super::cache::ChunkedHasher::default(),
    };
    write_body(index, &mut summed)?;
    let sum = summed.hash.digest();
    out.write_all(&sum.to_le_bytes())?;
    out.flush()
}

fn write_body(index: &Index, out: &mut impl Write) -> io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&(index.lang as u64).to_le_bytes())?;
    out.write_all(&index.fingerprint.to_le_bytes())?;
    put_u32s(out, &index.docs)?;
    put_u32s(out, &index.key_offsets)?;
    let keys: &[char] = &index.keys;
    put(out, keys, |c| u64::from(u32::from(c)).to_le_bytes(), 4)?;
    put_u32s(out, &index.len_start)?;
    put_u64s(out, &index.exact_hashes)?;
    put_u32s(out, &index.exact_docs)?;
    put_u64s(out, &index.grams)?;
    put_u32s(out, &index.post_offsets)?;
    put_u32s(out, &index.postings)?;
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
    /// An array of `size`-byte items (see `put`): its byte offset and length.
    fn array(&mut self, size: usize) -> Option<(usize, usize)> {
        let n = usize::try_from(self.u64()?).ok()?;
        let at = self.at;
        let bytes = n.checked_mul(size)?;
        self.take(bytes)?;
        let pad = (8 - bytes % 8) % 8;
        (self.take(pad)? == &[0u8; 8][..pad]).then_some((at, n))
    }
}

/// Where an index file's arrays are read from: a map they can be used in place from, or bytes
/// they are copied out of.
struct Source<'a> {
    bytes: &'a [u8],
    map: Option<&'a std::sync::Arc<super::cache::Mapped>>,
}

impl Source<'_> {
    fn u32s(&self, (at, len): (usize, usize)) -> Arr<u32> {
        self.arr(at, len, |b| {
            u32::from_le_bytes(b.try_into().expect("4 bytes"))
        })
    }
    fn u64s(&self, (at, len): (usize, usize)) -> Arr<u64> {
        self.arr(at, len, |b| {
            u64::from_le_bytes(b.try_into().expect("8 bytes"))
        })
    }
    fn arr<T: super::index::Plain>(
        &self,
        at: usize,
        len: usize,
        le: impl Fn(&[u8]) -> T,
    ) -> Arr<T> {
        let size = std::mem::size_of::<T>();
        if let Some(map) = self.map {
            let aligned = (self.bytes.as_ptr() as usize + at) % std::mem::align_of::<T>() == 0;
            if cfg!(target_endian = "little") && aligned {
                return Arr::Mapped {
                    map: map.clone(),
                    at,
                    len,
                };
            }
        }
        Arr::Owned(
            self.bytes[at..at + len * size]
                .chunks_exact(size)
                .map(le)
                .collect(),
        )
    }
}

/// Whether the arrays of a decoded index hold together, so that no lookup can index out of
/// bounds: offsets start at 0, never decrease and end at their array's length, every
/// document of length bucket `n` has a key of `n` tokens, gram codes are strictly sorted,
/// posting lists are sorted and name existing documents, exact entries are sorted and name
/// existing documents. A cache is never trusted: one that fails is rebuilt.
fn sound(i: &Index) -> bool {
    let monotone = |v: &[u32]| v.first() == Some(&0) && v.windows(2).all(|w| w[0] <= w[1]);
    let n = i.docs.len();
    let (key_offsets, post_offsets, len_start) = (&*i.key_offsets, &*i.post_offsets, &*i.len_start);
    if !monotone(key_offsets)
        || !monotone(post_offsets)
        || key_offsets.len() != n + 1
        || key_offsets.last().map(|&e| e as usize) != Some(i.keys.len())
        || post_offsets.len() != i.grams.len() + 1
        || post_offsets.last().map(|&e| e as usize) != Some(i.postings.len())
        || i.exact_hashes.len() != i.exact_docs.len()
    {
        return false;
    }
    if len_start.len() < 2
        || !len_start.windows(2).all(|w| w[0] <= w[1])
        || len_start.last().is_some_and(|&l| l as usize != n)
    {
        return false;
    }
    let keys: &[char] = &i.keys;
    let buckets_ok = (0..len_start.len() - 1).into_par_iter().all(|len| {
        (len_start[len] as usize..len_start[len + 1] as usize).all(|doc| {
            let key = &keys[key_offsets[doc] as usize..key_offsets[doc + 1] as usize];
            super::index::token_count(key) == len
        })
    });
    let postings: &[u32] = &i.postings;
    let lists_ok = post_offsets.par_windows(2).all(|w| {
        let list = &postings[w[0] as usize..w[1] as usize];
        list.windows(2).all(|p| p[0] < p[1]) && list.iter().all(|&d| (d as usize) < n)
    });
    let exact = (&*i.exact_hashes, &*i.exact_docs);
    buckets_ok
        && lists_ok
        && i.grams.windows(2).all(|w| w[0] < w[1])
        && exact.0.windows(2).all(|w| w[0] <= w[1])
        && exact.1.iter().all(|&d| (d as usize) < n)
}

/// Deserializes an index, copying its arrays; `None` when the bytes are not a complete,
/// undamaged index of this format (the file ends with an xxh3 checksum of the rest).
pub fn decode(bytes: &[u8]) -> Option<Index> {
    read(Source { bytes, map: None })
}

/// Opens a mapped index file, using its arrays in place (nothing is copied); `None` as for
/// [`decode`]. The checksum and the structure (`sound`) are checked in parallel.
pub fn open(map: std::sync::Arc<super::cache::Mapped>) -> Option<Index> {
    let bytes: &[u8] = &map;
    read(Source {
        bytes,
        map: Some(&map),
    })
}

fn read(src: Source<'_>) -> Option<Index> {
    let all = src.bytes;
    let (body, sum) = all.split_at_checked(all.len().checked_sub(8)?)?;
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(8)? != MAGIC {
        return None;
    }
    let lang = *Lang::ALL.get(usize::try_from(r.u64()?).ok()?)?;
    let fingerprint = r.u64()?;
    let docs = r.array(4)?;
    let key_offsets = r.array(4)?;
    let keys = r.array(4)?;
    let len_start = r.array(4)?;
    let exact_hashes = r.array(8)?;
    let exact_docs = r.array(4)?;
    let grams = r.array(8)?;
    let post_offsets = r.array(4)?;
    let postings = r.array(4)?;
    if r.at != body.len() {
        return None;
    }
    let (summed, index) = rayon::join(
        || super::cache::content_hash(body).to_le_bytes() == sum,
        || {
            // Keys are read as `u32` and become `char`s only once every one is a valid char.
            let raw = src.u32s(keys);
            if !raw.par_iter().all(|&c| char::from_u32(c).is_some()) {
                return None;
            }
            let keys = match raw {
                Arr::Owned(v) => Arr::Owned(v.into_iter().filter_map(char::from_u32).collect()),
                Arr::Mapped { map, at, len } => Arr::Mapped { map, at, len },
            };
            let index = Index {
                lang,
                docs: src.u32s(docs),
                key_offsets: src.u32s(key_offsets),
                keys,
                len_start: src.u32s(len_start),
                exact_hashes: src.u64s(exact_hashes),
                exact_docs: src.u32s(exact_docs),
                grams: src.u64s(grams),
                post_offsets: src.u32s(post_offsets),
                postings: src.u32s(postings),
                added: Vec::new(),
                fingerprint,
            };
            sound(&index).then_some(index)
        },
    );
    index.filter(|_| summed)
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
        let opened = super::cache::map(&path)
            .ok()
            .and_then(|b| open(std::sync::Arc::new(b)));
        if let Some(index) = opened {
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

/// Opens an index file on its own (for tools and benchmarks), mapped as [`Memory`] does.
///
/// # Errors
/// The file cannot be read, or is not an index of this format.
pub fn load(path: &Path) -> Result<Index, MemoryError> {
    let map = super::cache::map(path).map_err(|source| IoError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    open(std::sync::Arc::new(map)).ok_or_else(|| MemoryError::Structure {
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
    fn a_mapped_index_answers_as_the_built_one_and_is_never_trusted_damaged() {
        let mut m = Memory::new();
        let words = [
            "minister", "met", "the", "press", "in", "Baku", "on", "Monday", "again",
        ];
        for i in 0..400usize {
            let text: Vec<&str> = (0..3 + i % 7).map(|j| words[(i * 7 + j * 3) % 9]).collect();
            m.tus.push(Tu {
                variants: [(Lang::En, Variant::new(Lang::En, text.join(" ")))].into(),
                ..Tu::default()
            });
        }
        let built = Index::build(&m, Lang::En);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("en.idx");
        save(&built, &path).unwrap();
        let mapped = load(&path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let copied = decode(&bytes).unwrap();
        if cfg!(target_endian = "little") {
            assert!(matches!(mapped.postings, Arr::Mapped { .. }));
            assert!(matches!(mapped.keys, Arr::Mapped { .. }));
        }
        for q in [
            "the minister met the press",
            "Baku on Monday",
            "met",
            "press in Baku again on",
        ] {
            let key = normalize(q, Lang::En).key;
            for min in [50, 70, 90] {
                assert_eq!(mapped.candidates(&key, min), built.candidates(&key, min));
                assert_eq!(copied.candidates(&key, min), built.candidates(&key, min));
            }
            assert_eq!(mapped.exact(&key), built.exact(&key));
            let top = |i: &Index| i.top_candidates(&key, 60, 3, |_| Some(0));
            assert_eq!(top(&mapped), top(&built));
        }
        for at in (0..bytes.len()).step_by(97) {
            let mut b = bytes.clone();
            b[at] ^= 0x20;
            std::fs::write(&path, &b).unwrap();
            assert!(load(&path).is_err(), "byte {at} flipped");
        }
    }

    #[test]
    fn rejects_truncated_files() {
        assert!(decode(b"PPIDX").is_none());
        assert!(decode(&[0; 64]).is_none());
    }
}
