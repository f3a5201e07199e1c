//! The parse cache: each TMX file's parsed TUs in `memory/.index/tmx/<name>.tus`, so an
//! unchanged memory is not parsed again.
//!
//! A cache file is derived data, never trusted: it is used only when its format version, the
//! TMX file's size, modification time and content hash (`content_hash`: xxh3) all match, and a
//! checksum over its payload agrees; decoding checks every length and every string's UTF-8,
//! so a truncated or bit-flipped file is detected and the TMX is parsed again (and the cache
//! rewritten) instead of panicking or giving wrong TUs. Files are memory-mapped (`memmap2`) and
//! written atomically (temp file + rename). A cache that cannot be written (read-only memory
//! folder, full disk) is simply not saved: loading never fails because of it.
//!
//! The TUs sit behind a table of per-TU offsets, so each decodes on its own: a warm start keeps
//! the file mapped and decodes only the TUs a command touches (see `store`). The checksum of
//! the whole payload is verified when the file is opened (xxh3, a few tens of milliseconds for
//! a million TUs), so nothing decoded later comes from a damaged file.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::tmx::TmxDocument;
use super::{
    Attrs, Dates, IndexedAttrs, InlineCode, InlineElement, OtherVariant, Prop, Tu, TuInfo, Variant,
    VariantInfo,
};
use crate::model::{CodeRole, Lang};

/// Bumped whenever the layout below changes; older files are rebuilt.
pub const FORMAT_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"PPTUS\x00\x00\x01";
const HEADER: usize = 8 + 4 + 8 * 3 + 8 + 8;
const BLOCK: usize = 4096;

/// What a cache file must match: the TMX file's size, modification time and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKey {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub mtime: u64,
    /// xxh3-64 of the content.
    pub hash: u64,
}

impl FileKey {
    /// The key of a file's bytes and metadata.
    pub fn of(bytes: &[u8], meta: &std::fs::Metadata) -> FileKey {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        FileKey {
            size: bytes.len() as u64,
            mtime,
            hash: content_hash(bytes),
        }
    }
}

/// Size of the pieces [`content_hash`] hashes in parallel.
pub const HASH_CHUNK: usize = 1 << 22;

/// The hash of a file's content and of cache payloads: xxh3-64 of the bytes when they fit in
/// one [`HASH_CHUNK`], else xxh3-64 of the little-endian xxh3-64 digests of each chunk,
/// computed in parallel (a warm start hashes a 200 MB TMX file and its caches every run).
pub fn content_hash(bytes: &[u8]) -> u64 {
    if bytes.len() <= HASH_CHUNK {
        return xxhash_rust::xxh3::xxh3_64(bytes);
    }
    let digests: Vec<u8> = bytes
        .par_chunks(HASH_CHUNK)
        .flat_map_iter(|c| xxhash_rust::xxh3::xxh3_64(c).to_le_bytes())
        .collect();
    xxhash_rust::xxh3::xxh3_64(&digests)
}

/// [`content_hash`] of bytes written piece by piece.
#[derive(Default)]
pub struct ChunkedHasher {
    digests: Vec<u8>,
    current: xxhash_rust::xxh3::Xxh3,
    in_current: usize,
}

impl ChunkedHasher {
    /// Adds bytes.
    pub fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let n = bytes.len().min(HASH_CHUNK - self.in_current);
            self.current.update(&bytes[..n]);
            self.in_current += n;
            bytes = &bytes[n..];
            if self.in_current == HASH_CHUNK {
                self.digests
                    .extend_from_slice(&self.current.digest().to_le_bytes());
                self.current.reset();
                self.in_current = 0;
            }
        }
    }

    /// The hash of everything added.
    pub fn digest(&self) -> u64 {
        let mut digests = self.digests.clone();
        if self.in_current > 0 || digests.is_empty() {
            digests.extend_from_slice(&self.current.digest().to_le_bytes());
        }
        if digests.len() == 8 {
            u64::from_le_bytes(digests.try_into().expect("8 bytes"))
        } else {
            xxhash_rust::xxh3::xxh3_64(&digests)
        }
    }
}

/// The cache file of the TMX `rel` (relative to the memory folder `root`).
pub fn cache_path(root: &Path, rel: &Path) -> PathBuf {
    let name = rel.to_string_lossy().replace(['/', '\\'], "%");
    root.join(".index").join("tmx").join(format!("{name}.tus"))
}

/// Reads a whole file through a memory map (no copy into the heap). An empty file gives an
/// empty buffer.
pub fn map(path: &Path) -> std::io::Result<Mapped> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.len() == 0 {
        return Ok(Mapped { map: None, meta });
    }
    // SAFETY: the map is read-only and polypress replaces files by rename, never in place;
    // another program truncating the file while it is mapped is outside what we can guard.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Mapped {
        map: Some(map),
        meta,
    })
}

/// A memory-mapped file and its metadata.
pub struct Mapped {
    map: Option<memmap2::Mmap>,
    /// The file's metadata when it was opened.
    pub meta: std::fs::Metadata,
}

impl std::ops::Deref for Mapped {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.map.as_deref().unwrap_or(&[])
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: usize) {
        self.0.extend_from_slice(&(v as u32).to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn attrs(&mut self, a: &[(String, String)]) {
        self.u32(a.len());
        for (k, v) in a {
            self.str(k);
            self.str(v);
        }
    }
    fn indexed(&mut self, a: &[(usize, Vec<(String, String)>)]) {
        self.u32(a.len());
        for (i, attrs) in a {
            self.u32(*i);
            self.attrs(attrs);
        }
    }
    fn dates(&mut self, d: &Dates) {
        for s in [&d.created, &d.created_by, &d.changed, &d.changed_by] {
            self.opt(s.as_deref());
        }
    }
    fn props(&mut self, props: &[Prop]) {
        self.u32(props.len());
        for p in props {
            self.str(&p.kind);
            self.str(&p.value);
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len());
        for s in v {
            self.str(s);
        }
    }
    fn variant(&mut self, v: &Variant) {
        self.str(&v.text);
        self.u32(v.codes.len());
        for c in &v.codes {
            self.u32(c.id as usize);
            self.u8(c.role as u8);
            self.u8(c.element as u8);
            self.attrs(&c.attrs);
            self.str(&c.content);
            self.opt(c.xml.as_deref());
        }
        match v.info.as_deref() {
            None => self.u8(0),
            Some(i) => {
                self.u8(1);
                self.str(&i.lang_tag);
                self.dates(&i.dates);
                self.opt(i.context_prev.as_deref());
                self.opt(i.context_next.as_deref());
                self.props(&i.props);
                self.strs(&i.notes);
                self.attrs(&i.attrs);
                self.indexed(&i.prop_attrs);
                self.indexed(&i.note_attrs);
            }
        }
    }
    fn tu(&mut self, tu: &Tu) {
        self.u64(tu.line as u64);
        self.u32(tu.variants.len());
        for (lang, v) in tu.variants.iter() {
            self.u8(*lang as u8);
            self.variant(v);
        }
        match tu.info.as_deref() {
            None => self.u8(0),
            Some(i) => {
                self.u8(1);
                self.opt(i.id.as_deref());
                self.opt(i.srclang.as_deref());
                self.dates(&i.dates);
                self.props(&i.props);
                self.strs(&i.notes);
                self.attrs(&i.attrs);
                self.indexed(&i.prop_attrs);
                self.indexed(&i.note_attrs);
                self.u32(i.others.len());
                for o in &i.others {
                    self.str(&o.tag);
                    self.variant(&o.variant);
                }
            }
        }
    }
}

/// The languages of a TU's [`Tu::variants`], one bit each (bit `i` for `Lang::ALL[i]`).
pub fn lang_mask(tu: &Tu) -> u8 {
    tu.variants
        .keys()
        .map(|&l| 1u8 << (l as u8))
        .fold(0, |a, b| a | b)
}

/// Serializes a parsed TMX file with the key of the file it came from.
///
/// The payload is the file's `srclang`, its count of skipped variants, the TU count `n`, a table
/// of `n + 1` offsets (little-endian `u64`, relative to the first TU), one byte per TU with its
/// languages ([`lang_mask`], so a lookup can skip a TU without the target language without
/// decoding it) and the TUs, so that TU `i` is the bytes between offsets `i` and `i + 1` and
/// decodes on its own.
pub fn encode(doc: &TmxDocument, key: FileKey) -> Vec<u8> {
    encode_parts(doc, key).concat()
}

/// [`encode`] as consecutive pieces (header, table, blocks of TUs), so that [`save_parts`]
/// writes a large file without first joining it into one buffer.
pub fn encode_parts(doc: &TmxDocument, key: FileKey) -> Vec<Vec<u8>> {
    let blocks: Vec<(Vec<u8>, Vec<u64>)> = doc
        .tus
        .par_chunks(BLOCK)
        .map(|chunk| {
            let mut e = Enc(Vec::with_capacity(chunk.len() * 200));
            let mut ends = Vec::with_capacity(chunk.len());
            for tu in chunk {
                e.tu(tu);
                ends.push(e.0.len() as u64);
            }
            (e.0, ends)
        })
        .collect();
    let mut p = Enc(Vec::new());
    p.opt(doc.srclang.as_deref());
    p.u64(doc.skipped_variants as u64);
    p.u64(doc.tus.len() as u64);
    p.u64(0);
    let mut base = 0u64;
    for (b, ends) in &blocks {
        for e in ends {
            p.u64(base + e);
        }
        base += b.len() as u64;
    }
    for tu in &doc.tus {
        p.u8(lang_mask(tu));
    }
    let mut parts = Vec::with_capacity(blocks.len() + 2);
    parts.push(Vec::new());
    parts.push(p.0);
    parts.extend(blocks.into_iter().map(|(b, _)| b));
    let mut sum = ChunkedHasher::default();
    let mut len = 0u64;
    for part in &parts[1..] {
        sum.update(part);
        len += part.len() as u64;
    }
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    for v in [key.size, key.mtime, key.hash] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    head.extend_from_slice(&len.to_le_bytes());
    head.extend_from_slice(&sum.digest().to_le_bytes());
    parts[0] = head;
    parts
}

// ---------------------------------------------------------------------------------------------
// Decoding: every read is bounds-checked and gives `None` on anything unexpected.

struct Dec<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A count of items that each take at least `min` bytes: rejects counts the rest of the
    /// input cannot hold, so a flipped bit cannot make us reserve gigabytes.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()?;
        (n.checked_mul(min)? <= self.b.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()?;
        Some(std::str::from_utf8(self.take(n)?).ok()?.to_owned())
    }
    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
    fn attrs(&mut self) -> Option<Attrs> {
        let n = self.count(8)?;
        (0..n).map(|_| Some((self.str()?, self.str()?))).collect()
    }
    fn indexed(&mut self) -> Option<IndexedAttrs> {
        let n = self.count(8)?;
        (0..n).map(|_| Some((self.u32()?, self.attrs()?))).collect()
    }
    fn dates(&mut self) -> Option<Dates> {
        Some(Dates {
            created: self.opt()?,
            created_by: self.opt()?,
            changed: self.opt()?,
            changed_by: self.opt()?,
        })
    }
    fn props(&mut self) -> Option<Vec<Prop>> {
        let n = self.count(8)?;
        (0..n)
            .map(|_| {
                Some(Prop {
                    kind: self.str()?,
                    value: self.str()?,
                })
            })
            .collect()
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.str()).collect()
    }
    fn variant(&mut self) -> Option<Variant> {
        let text = self.str()?;
        let n = self.count(14)?;
        let codes = (0..n)
            .map(|_| {
                Some(InlineCode {
                    id: u32::try_from(self.u32()?).ok()?,
                    role: match self.u8()? {
                        0 => CodeRole::Open,
                        1 => CodeRole::Close,
                        2 => CodeRole::Standalone,
                        _ => return None,
                    },
                    element: match self.u8()? {
                        0 => InlineElement::Bpt,
                        1 => InlineElement::Ept,
                        2 => InlineElement::Ph,
                        3 => InlineElement::It,
                        4 => InlineElement::Ut,
                        5 => InlineElement::Hi,
                        6 => InlineElement::Literal,
                        _ => return None,
                    },
                    attrs: self.attrs()?,
                    content: self.str()?,
                    xml: self.opt()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let info = match self.u8()? {
            0 => None,
            1 => Some(Box::new(VariantInfo {
                lang_tag: self.str()?,
                dates: self.dates()?,
                context_prev: self.opt()?,
                context_next: self.opt()?,
                props: self.props()?,
                notes: self.strs()?,
                attrs: self.attrs()?,
                prop_attrs: self.indexed()?,
                note_attrs: self.indexed()?,
            })),
            _ => return None,
        };
        Some(Variant { text, codes, info })
    }
    fn tu(&mut self) -> Option<Tu> {
        let line = usize::try_from(self.u64()?).ok()?;
        let n = self.count(5)?;
        let mut variants = super::Variants::default();
        for _ in 0..n {
            let lang = *Lang::ALL.get(usize::from(self.u8()?))?;
            if variants.insert(lang, self.variant()?).is_some() {
                return None;
            }
        }
        let info = match self.u8()? {
            0 => None,
            1 => Some(Box::new(TuInfo {
                id: self.opt()?,
                srclang: self.opt()?,
                dates: self.dates()?,
                props: self.props()?,
                notes: self.strs()?,
                attrs: self.attrs()?,
                prop_attrs: self.indexed()?,
                note_attrs: self.indexed()?,
                others: {
                    let n = self.count(9)?;
                    (0..n)
                        .map(|_| {
                            Some(OtherVariant {
                                tag: self.str()?,
                                variant: self.variant()?,
                            })
                        })
                        .collect::<Option<Vec<_>>>()?
                },
            })),
            _ => return None,
        };
        Some(Tu {
            variants,
            info,
            file: 0,
            line,
        })
    }
}

/// Where the parts of a checked cache file are.
struct Layout {
    srclang: Option<String>,
    skipped: usize,
    total: usize,
    /// Byte offset of the offset table in the file.
    table: usize,
    /// Byte offset of the language masks.
    masks: usize,
    /// Byte offset of the first TU in the file.
    data: usize,
}

/// Checks a cache file made by [`encode`] for a TMX file with key `key`: magic, format
/// version, key, the payload's length and checksum, and an offset table that starts at 0,
/// never decreases and ends at the end of the file. `None` when anything differs.
fn layout(bytes: &[u8], key: FileKey) -> Option<Layout> {
    let mut h = Dec { b: bytes, at: 0 };
    if h.take(8)? != MAGIC || h.take(4)? != FORMAT_VERSION.to_le_bytes() {
        return None;
    }
    if (h.u64()?, h.u64()?, h.u64()?) != (key.size, key.mtime, key.hash) {
        return None;
    }
    let len = usize::try_from(h.u64()?).ok()?;
    let sum = h.u64()?;
    let start = h.at;
    let payload = h.take(len)?;
    if h.at != bytes.len() || content_hash(payload) != sum {
        return None;
    }
    let mut p = Dec {
        b: bytes,
        at: start,
    };
    let srclang = p.opt()?;
    let skipped = usize::try_from(p.u64()?).ok()?;
    let total = usize::try_from(p.u64()?).ok()?;
    let table = p.at;
    let raw = p.take(total.checked_add(1)?.checked_mul(8)?)?;
    let masks = p.at;
    if p.take(total)?.iter().any(|&m| m >= 1 << Lang::ALL.len()) {
        return None;
    }
    let data = p.at;
    let size = (bytes.len() - data) as u64;
    let mut last = 0u64;
    for (i, c) in raw.chunks_exact(8).enumerate() {
        let off = u64::from_le_bytes(c.try_into().ok()?);
        if off < last || (i == 0 && off != 0) || off > size {
            return None;
        }
        last = off;
    }
    (last == size).then_some(Layout {
        srclang,
        skipped,
        total,
        table,
        masks,
        data,
    })
}

fn offset(bytes: &[u8], table: usize, i: usize) -> usize {
    let at = table + 8 * i;
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes")) as usize
}

/// TU `i` of a file with layout `l`, checking every length and string.
fn tu_at(bytes: &[u8], l: &Layout, i: usize) -> Option<Tu> {
    let (a, b) = (offset(bytes, l.table, i), offset(bytes, l.table, i + 1));
    let mut d = Dec {
        b: bytes.get(l.data + a..l.data + b)?,
        at: 0,
    };
    let tu = d.tu()?;
    (d.at == d.b.len() && lang_mask(&tu) == bytes[l.masks + i]).then_some(tu)
}

/// Deserializes a whole cache file made by [`encode`] for a TMX file with key `key`; `None`
/// when it is stale (another key or format) or damaged in any way.
pub fn decode(bytes: &[u8], key: FileKey) -> Option<TmxDocument> {
    let l = layout(bytes, key)?;
    let tus = (0..l.total)
        .into_par_iter()
        .map(|i| tu_at(bytes, &l, i))
        .collect::<Option<Vec<Tu>>>()?;
    Some(TmxDocument {
        srclang: l.srclang,
        tus,
        skipped_variants: l.skipped,
    })
}

/// A checked cache file kept mapped, whose TUs decode one at a time ([`LazyTus::tu`]).
pub struct LazyTus {
    map: Mapped,
    layout: Layout,
}

impl LazyTus {
    /// Opens the mapped cache file `map` for a TMX file with key `key`: `None` when it is stale
    /// or damaged (see [`decode`]; the whole payload's checksum is verified here, so every
    /// byte a later [`LazyTus::tu`] reads is the one [`encode`] wrote).
    pub fn open(map: Mapped, key: FileKey) -> Option<LazyTus> {
        let layout = layout(&map, key)?;
        Some(LazyTus { map, layout })
    }

    /// Number of TUs.
    pub fn len(&self) -> usize {
        self.layout.total
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.layout.total == 0
    }

    /// The languages of TU `i` ([`lang_mask`]), without decoding it.
    pub fn langs(&self, i: usize) -> u8 {
        self.map[self.layout.masks + i]
    }

    /// The file's `srclang`.
    pub fn srclang(&self) -> Option<&str> {
        self.layout.srclang.as_deref()
    }

    /// How many variants the TMX file had that were not kept (see [`TmxDocument`]).
    pub fn skipped_variants(&self) -> usize {
        self.layout.skipped
    }

    /// TU `i` (with file 0; the caller sets it).
    ///
    /// # Panics
    /// When `i` is out of range, or the TU does not decode. The payload checksum was verified
    /// at [`LazyTus::open`], so the bytes are those [`encode`] wrote: a failure means a
    /// difference between encoder and decoder, not a damaged file.
    pub fn tu(&self, i: usize) -> Tu {
        assert!(i < self.layout.total, "TU {i} of {}", self.layout.total);
        tu_at(&self.map, &self.layout, i)
            .expect("a checksummed parse cache decodes (encoder and decoder agree)")
    }
}

/// Writes `bytes` to `path` atomically, creating `.index/` with a `.gitignore` of `*`.
/// Failures are returned for the caller to ignore: the cache is an optimization.
pub fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    save_parts(path, &[bytes])
}

/// [`save`] of the concatenation of `parts`.
pub fn save_parts(path: &Path, parts: &[impl AsRef<[u8]>]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if let Some(index) = dir.ancestors().find(|a| a.ends_with(".index")) {
        let ignore = index.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(&ignore, "# Derived data, rebuilt when stale.\n*\n");
        }
    }
    let tmp = path.with_extension(format!("tus.{}.tmp", std::process::id()));
    let result = File::create(&tmp).and_then(|mut f| {
        for part in parts {
            f.write_all(part.as_ref())?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> TmxDocument {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="a" creationid="x"><note xml:lang="en">n</note><prop type="t" o-encoding="UTF-8">p</prop>
<tuv xml:lang="en-US"><seg>Press <bpt i="1">&lt;a title="<sub>t</sub>"&gt;</bpt>Go<ept i="1">&lt;/a&gt;</ept> {0}</seg></tuv>
<tuv xml:lang="en-GB"><seg>Press go</seg></tuv><tuv xml:lang="de"><seg>Los</seg></tuv></tu>
<tu><tuv xml:lang="tr"><prop type="x-context-prev">önce</prop><seg>Git</seg></tuv></tu>
</body></tmx>"#;
        super::super::tmx::parse(xml.as_bytes(), Path::new("a.tmx")).unwrap()
    }

    const KEY: FileKey = FileKey {
        size: 10,
        mtime: 20,
        hash: 30,
    };

    #[test]
    fn round_trips_every_field() {
        let d = doc();
        let bytes = encode(&d, KEY);
        assert_eq!(decode(&bytes, KEY), Some(d));
    }

    #[test]
    fn a_stale_key_or_version_is_not_used() {
        let bytes = encode(&doc(), KEY);
        for other in [
            FileKey { size: 11, ..KEY },
            FileKey { mtime: 21, ..KEY },
            FileKey { hash: 31, ..KEY },
        ] {
            assert_eq!(decode(&bytes, other), None);
        }
        let mut old = bytes.clone();
        old[8] ^= 1;
        assert_eq!(decode(&old, KEY), None);
    }

    #[test]
    fn damaged_files_are_rejected_without_panicking() {
        let bytes = encode(&doc(), KEY);
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n], KEY), None, "truncated to {n}");
        }
        for i in 0..bytes.len() {
            for bit in [0, 3, 7] {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert_eq!(decode(&b, KEY), None, "bit {bit} of byte {i}");
            }
        }
    }

    #[test]
    fn the_chunked_hash_is_the_same_streamed() {
        let bytes: Vec<u8> = (0..HASH_CHUNK * 2 + 5)
            .map(|i| (i * 31 % 251) as u8)
            .collect();
        for len in [
            0,
            1,
            1000,
            HASH_CHUNK,
            HASH_CHUNK + 1,
            2 * HASH_CHUNK,
            bytes.len(),
        ] {
            let mut h = ChunkedHasher::default();
            for piece in bytes[..len].chunks(65_537) {
                h.update(piece);
            }
            assert_eq!(h.digest(), content_hash(&bytes[..len]), "{len} bytes");
        }
        let mut other = bytes.clone();
        other[HASH_CHUNK + 3] ^= 1;
        assert_ne!(content_hash(&other), content_hash(&bytes));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = decode(&bytes, KEY);
        }
    }
}
