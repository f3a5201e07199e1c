//! The translation memory (TM): every `*.tmx` file under `memory/`, loaded into one
//! multilingual store, matched against new segments.
//!
//! Sits between `segment` and `draft` in the pipeline: drafts ask [`Memory::lookup`] for
//! matches, and `learn` feeds finished segments back through [`Memory::add`] and
//! [`Memory::save_project`]. A translation unit ([`Tu`]) holds up to one variant per language,
//! so any language can be the source of a lookup and any other the target.
//!
//! Files below `memory/` are read-only references except `memory/project.tmx`, which polypress
//! writes. Hidden folders (`memory/.index/`) are skipped. A file in a folder named in
//! `[memory.penalties]` (by the first folder below `memory/`) has its match scores lowered by
//! that many points, as OmegaT's `tm/penalty-NN/` folders do.
//!
//! Submodules: [`tmx`] reads and writes TMX 1.4b, [`normalize`] and `score` define the fuzzy
//! score, `numbers` adapts numbers, `index` finds candidates fast and exactly, [`lookup`]
//! ranks matches, `stats` counts and searches, `interchange` imports and exports,
//! [`persist`] keeps indexes on disk under `memory/.index/`, [`cache`] keeps each TMX file's
//! parsed TUs there for a warm start, [`batch`] answers JSON Lines lookups, and `literal`
//! keeps `{0}`-style text from swapping arguments.
//!
//! Nothing read is dropped: [`Tu::variants`] holds one variant per project language (the one
//! that serves lookups), and [`TuInfo::others`] every other variant (other languages, other
//! locales of a project language), written back by `tm export`.

pub mod batch;
pub mod cache;
pub(crate) mod index;
pub(crate) mod interchange;
pub(crate) mod literal;
pub mod lookup;
pub mod normalize;
pub(crate) mod numbers;
pub mod persist;
pub(crate) mod score;
pub(crate) mod stats;
pub mod store;
pub mod tmx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::MemoryConfig;
use crate::error::{IoError, Location};
use crate::model::{CodeRole, Lang};

pub use index::Index;
pub use interchange::{export, import, ImportReport, ImportedFile};
pub use lookup::{Match, MatchKind, Query};
pub use stats::{
    concordance, AlignOp, AlignedWord, ConcordanceHit, Conflict, ConflictTarget, PairStats, Stats,
};
pub use store::TuStore;

/// The file polypress writes its own TUs to, relative to the memory folder.
pub const PROJECT_FILE: &str = "project.tmx";

/// An error while loading or writing the memory.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// A file cannot be read or written.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The file is not well-formed XML.
    #[error("{at}: malformed XML: {message}")]
    Xml {
        /// Where the parser stopped.
        at: Location,
        /// What it found and expected.
        message: String,
    },
    /// The XML is well-formed but not the TMX structure we need.
    #[error("{at}: {message}")]
    Structure {
        /// Where.
        at: Location,
        /// What was found and what was expected.
        message: String,
    },
    /// The bytes are not valid UTF-8 or UTF-16.
    #[error("{at}: invalid {encoding} (expected UTF-8, or UTF-16 with a byte-order mark)")]
    Encoding {
        /// Where the first bad byte is.
        at: Location,
        /// The encoding that was tried.
        encoding: &'static str,
    },
    /// Text that XML 1.0 cannot carry (control characters) in a TU about to be written.
    #[error("TU `{tu}` ({lang}): character U+{code:04X} is not allowed in XML 1.0 (remove it or replace it with an inline code)")]
    InvalidChar {
        /// The TU id or its position.
        tu: String,
        /// The variant's language tag.
        lang: String,
        /// The code point.
        code: u32,
    },
}

/// Attributes of an element, in document order.
pub type Attrs = Vec<(String, String)>;

/// Extra attributes of items of a list (`props[i]`, `notes[i]`), by index.
pub type IndexedAttrs = Vec<(usize, Attrs)>;

/// A `<prop>`: a typed property of a TU or variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prop {
    /// The `type` attribute (`x-context-prev`, `x-Domain`, …).
    pub kind: String,
    /// The text.
    pub value: String,
}

/// Who made a TU or variant, and when (TMX attributes, kept as written: `20221217T101500Z`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dates {
    /// `creationdate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// `creationid`: the author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `changedate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    /// `changeid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_by: Option<String>,
}

impl Dates {
    /// No dates.
    pub const NONE: Dates = Dates {
        created: None,
        created_by: None,
        changed: None,
        changed_by: None,
    };

    /// The newest date known: `changed`, else `created`. TMX dates sort as strings.
    pub fn newest(&self) -> Option<&str> {
        self.changed.as_deref().or(self.created.as_deref())
    }
}

/// Which TMX element an inline code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InlineElement {
    /// `<bpt>`: begins a paired code.
    Bpt,
    /// `<ept>`: ends a paired code.
    Ept,
    /// `<ph>`: a standalone code.
    Ph,
    /// `<it>`: an isolated begin or end code.
    It,
    /// `<ut>`: an unknown code (deprecated in 1.4b but still written by old tools).
    Ut,
    /// `<hi>`: highlighted text; its start and end are a placeholder pair.
    Hi,
    /// Text that looks like a placeholder (`{0}` in a software string): kept as text.
    Literal,
}

/// An inline code of a variant: what a placeholder in [`Variant::text`] stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlineCode {
    /// The placeholder number in the text.
    pub id: u32,
    /// Open, close or standalone.
    pub role: CodeRole,
    /// The TMX element.
    pub element: InlineElement,
    /// Its attributes in document order (`i`, `x`, `type`, `pos`, …).
    pub attrs: Vec<(String, String)>,
    /// Its text content: the native code (`<b>`), or the literal text for
    /// [`InlineElement::Literal`]; the text of a `<sub>` inside is part of it.
    pub content: String,
    /// The code's inner XML exactly as read, when it holds elements (`<sub>`): written back
    /// instead of `content`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml: Option<String>,
}

/// A variant kept beside the project's languages: a language polypress does not publish in
/// (`de`, `fr-CA`), or a second variant of one (`en-GB` when the TU also has `en-US`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherVariant {
    /// The `xml:lang` as written.
    pub tag: String,
    /// The variant (its own dates, props, notes and codes).
    #[serde(flatten)]
    pub variant: Variant,
}

/// One language's text of a TU.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// The text with placeholders `{n}`, `{/n}`, `{n/}` for inline codes.
    pub text: String,
    /// What each placeholder stands for, in order of appearance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<InlineCode>,
    /// Everything else the TMX said about the variant; boxed and absent when empty, because a
    /// million-TU memory holds three million variants.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub info: Option<Box<VariantInfo>>,
}

/// The rarely-present parts of a [`Variant`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VariantInfo {
    /// The `xml:lang` as written (`en-US`), so it is written back unchanged; empty means the
    /// plain language code.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub lang_tag: String,
    /// Authors and dates of this variant.
    pub dates: Dates,
    /// The previous segment in this language (`<prop type="x-context-prev">`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_prev: Option<String>,
    /// The next segment in this language (`<prop type="x-context-next">`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_next: Option<String>,
    /// Other `<prop>`s.
    pub props: Vec<Prop>,
    /// `<note>`s.
    pub notes: Vec<String>,
    /// Other attributes of `<tuv>` (`usagecount`, `o-encoding`, …), in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Attributes other than `type` of `props[i]` (`xml:lang`, `o-encoding`), by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prop_attrs: IndexedAttrs,
    /// Attributes of `notes[i]` (`xml:lang`, `o-encoding`), by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub note_attrs: IndexedAttrs,
}

static NO_VARIANT_INFO: VariantInfo = VariantInfo {
    lang_tag: String::new(),
    dates: Dates::NONE,
    context_prev: None,
    context_next: None,
    props: Vec::new(),
    notes: Vec::new(),
    attrs: Vec::new(),
    prop_attrs: Vec::new(),
    note_attrs: Vec::new(),
};

impl Variant {
    /// A variant with just text (placeholders without recorded codes are written as bare
    /// `<bpt>`/`<ept>`/`<ph>`).
    pub fn new(_lang: Lang, text: impl Into<String>) -> Variant {
        Variant {
            text: text.into(),
            ..Variant::default()
        }
    }

    /// Its dates, context, props and notes (all empty when the file gave none).
    pub fn info(&self) -> &VariantInfo {
        self.info.as_deref().unwrap_or(&NO_VARIANT_INFO)
    }

    /// Mutable access to [`Variant::info`], creating it when absent.
    pub fn info_mut(&mut self) -> &mut VariantInfo {
        self.info.get_or_insert_with(Box::default)
    }
}

/// The variants of a TU by language: a small sorted map. A TU has at most three, and a
/// `BTreeMap` would allocate a node of eleven slots (~3 KB) for each TU.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variants(Vec<(Lang, Variant)>);

impl Variants {
    /// The variant of `lang`.
    pub fn get(&self, lang: &Lang) -> Option<&Variant> {
        self.0.iter().find(|e| e.0 == *lang).map(|e| &e.1)
    }

    /// The variant of `lang`, mutably.
    pub fn get_mut(&mut self, lang: &Lang) -> Option<&mut Variant> {
        self.0.iter_mut().find(|e| e.0 == *lang).map(|e| &mut e.1)
    }

    /// Whether there is a `lang` variant.
    pub fn contains_key(&self, lang: &Lang) -> bool {
        self.0.iter().any(|e| e.0 == *lang)
    }

    /// Sets `lang`'s variant, returning the one it replaced.
    pub fn insert(&mut self, lang: Lang, variant: Variant) -> Option<Variant> {
        match self.0.binary_search_by_key(&lang, |e| e.0) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, variant)),
            Err(i) => {
                self.0.insert(i, (lang, variant));
                None
            }
        }
    }

    /// Variants in language order.
    pub fn iter(&self) -> impl Iterator<Item = (&Lang, &Variant)> {
        self.0.iter().map(|e| (&e.0, &e.1))
    }

    /// Languages present, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Lang> {
        self.0.iter().map(|e| &e.0)
    }

    /// Variants in language order.
    pub fn values(&self) -> impl Iterator<Item = &Variant> {
        self.0.iter().map(|e| &e.1)
    }

    /// Number of variants.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&Lang> for Variants {
    type Output = Variant;
    fn index(&self, lang: &Lang) -> &Variant {
        self.get(lang)
            .expect("callers check contains_key before indexing")
    }
}

impl FromIterator<(Lang, Variant)> for Variants {
    fn from_iter<I: IntoIterator<Item = (Lang, Variant)>>(iter: I) -> Self {
        let mut v = Variants::default();
        for (lang, variant) in iter {
            v.insert(lang, variant);
        }
        v
    }
}

impl<const N: usize> From<[(Lang, Variant); N]> for Variants {
    fn from(a: [(Lang, Variant); N]) -> Self {
        a.into_iter().collect()
    }
}

impl IntoIterator for Variants {
    type Item = (Lang, Variant);
    type IntoIter = std::vec::IntoIter<(Lang, Variant)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Variants {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// A translation unit: the same sentence in several languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tu {
    /// The variants by language.
    pub variants: Variants,
    /// Id, dates, props and notes of the TU; boxed and absent when the file gave none.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub info: Option<Box<TuInfo>>,
    /// Index of the file it came from in [`Memory::files`].
    #[serde(skip)]
    pub file: usize,
    /// 1-based line of its `<tu>` tag (0 for TUs added in memory).
    #[serde(skip)]
    pub line: usize,
}

/// The rarely-present parts of a [`Tu`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TuInfo {
    /// The `tuid`, if the file gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `srclang` attribute as written (`en-US`, `*all*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub srclang: Option<String>,
    /// Authors and dates of the TU.
    pub dates: Dates,
    /// `<prop>`s of the TU.
    pub props: Vec<Prop>,
    /// `<note>`s of the TU.
    pub notes: Vec<String>,
    /// Other attributes of `<tu>` (`usagecount`, `lastusagedate`, `datatype`, …), in document
    /// order, written back unchanged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Attributes other than `type` of `props[i]`, by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prop_attrs: IndexedAttrs,
    /// Attributes of `notes[i]`, by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub note_attrs: IndexedAttrs,
    /// Variants outside [`Tu::variants`]: other languages, and further variants of a project
    /// language, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<OtherVariant>,
}

static NO_TU_INFO: TuInfo = TuInfo {
    id: None,
    srclang: None,
    dates: Dates::NONE,
    props: Vec::new(),
    notes: Vec::new(),
    attrs: Vec::new(),
    prop_attrs: Vec::new(),
    note_attrs: Vec::new(),
    others: Vec::new(),
};

impl Tu {
    /// The text of `lang`'s variant.
    pub fn text(&self, lang: Lang) -> Option<&str> {
        self.variants.get(&lang).map(|v| v.text.as_str())
    }

    /// Its id, dates, props and notes (all empty when the file gave none).
    pub fn info(&self) -> &TuInfo {
        self.info.as_deref().unwrap_or(&NO_TU_INFO)
    }

    /// Mutable access to [`Tu::info`], creating it when absent.
    pub fn info_mut(&mut self) -> &mut TuInfo {
        self.info.get_or_insert_with(Box::default)
    }

    /// Who made the TU and when, as a lookup shows it: the `<tu>`'s dates and ids, each
    /// missing one taken from the `lang` variant's `<tuv>` (OmegaT writes them there), then
    /// from the other variants.
    pub fn provenance(&self, lang: Lang) -> Dates {
        let mut d = self.info().dates.clone();
        let vs = self
            .variants
            .get(&lang)
            .into_iter()
            .chain(self.variants.values());
        for v in vs {
            let vd = &v.info().dates;
            for (mine, theirs) in [
                (&mut d.created, &vd.created),
                (&mut d.created_by, &vd.created_by),
                (&mut d.changed, &vd.changed),
                (&mut d.changed_by, &vd.changed_by),
            ] {
                if mine.is_none() {
                    mine.clone_from(theirs);
                }
            }
        }
        d
    }

    /// The newest date of the TU or of any of its variants.
    pub fn newest(&self) -> Option<&str> {
        self.variants
            .values()
            .filter_map(|v| v.info().dates.newest())
            .chain(self.info().dates.newest())
            .max()
    }
}

/// One TMX file of the memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TmFile {
    /// Path relative to the memory folder.
    pub path: PathBuf,
    /// Points subtracted from every match it gives.
    pub penalty: u8,
    /// Variants skipped because their language is not en, tr or ru.
    pub skipped_variants: usize,
}

/// How to load the memory.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Skip files that do not parse (`--skip-bad`) instead of failing; their errors are returned
    /// in [`Memory::bad_files`].
    pub skip_bad: bool,
    /// Penalties by first folder below the memory root.
    pub penalties: BTreeMap<String, u8>,
    /// The project's own locale per language (`en` → `en-GB`): of several variants of a
    /// language in one TU, the one with this `xml:lang` serves lookups; without one, the first.
    pub locales: BTreeMap<Lang, String>,
    /// The translator's name for TUs `learn` adds (`[memory] translator`); default: the
    /// system user (`$USER`, `$USERNAME`).
    pub translator: Option<String>,
}

impl From<&MemoryConfig> for LoadOptions {
    fn from(c: &MemoryConfig) -> Self {
        LoadOptions {
            skip_bad: false,
            penalties: c.penalties.clone(),
            locales: c.locales.clone(),
            translator: c.translator.clone(),
        }
    }
}

/// What [`Memory::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddOutcome {
    /// A new TU.
    Inserted = 0,
    /// New languages were added to a project TU with the same text.
    Merged,
    /// The project memory already held this.
    Unchanged,
}

/// The loaded translation memory.
#[derive(Debug, Default)]
pub struct Memory {
    /// The memory folder, when loaded from one.
    pub root: Option<PathBuf>,
    /// The files, in load order (sorted paths). Index 0 is always the project file.
    pub files: Vec<TmFile>,
    /// All TUs, file by file in document order, then those added. Change it through
    /// [`Memory::add`] or [`Memory::push_file`], which drop stale indexes; pushing directly is
    /// only safe before the first lookup.
    pub tus: TuStore,
    /// Files skipped under [`LoadOptions::skip_bad`], with their errors.
    pub bad_files: Vec<MemoryError>,
    /// Who `learn` names as `creationid`/`changeid` of the TUs it adds ([`Memory::add`]):
    /// set by [`Memory::load`] from [`LoadOptions::translator`], else the system user. A
    /// memory without one (built in code) adds TUs unstamped.
    pub author: Option<String>,
    /// Files whose TUs came from the parse cache (`memory/.index/tmx/`) instead of a parse.
    pub from_cache: Vec<PathBuf>,
    /// A hash of every loaded file's path and content key, while the memory is exactly what
    /// was loaded (cleared by any change): the persisted indexes are keyed by it.
    pub(crate) source_key: Option<u64>,
    indexes: [OnceLock<Index>; 3],
    case_lexicons: [OnceLock<lookup::CaseLexicon>; 3],
}

/// Whether `b` can merge into `a`: they share at least one language's text and contradict in
/// none — neither in a project language nor in any other variant (compared by `xml:lang`,
/// case-insensitively), so merging can only add languages, never lose a differing text.
fn agrees(a: &Tu, b: &Tu) -> bool {
    let mut shared = false;
    for (lang, v) in b.variants.iter() {
        if let Some(w) = a.variants.get(lang) {
            if w.text != v.text {
                return false;
            }
            shared = true;
        }
    }
    let (ao, bo) = (&a.info().others, &b.info().others);
    for o in bo {
        for p in ao.iter().filter(|p| p.tag.eq_ignore_ascii_case(&o.tag)) {
            if p.variant.text != o.variant.text {
                return false;
            }
            shared = true;
        }
    }
    shared
}

/// The current UTC time as a TMX date (`20240131T120000Z`), or `SOURCE_DATE_EPOCH`'s.
fn now_tmx() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    tmx_date(secs)
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar (Howard
/// Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Seconds since the Unix epoch → `YYYYMMDDThhmmssZ` (proleptic Gregorian, UTC).
fn tmx_date(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// One TMX file of the memory: from the parse cache when its key matches, else parsed (and
/// the cache written, when it can be). Returns the document, the file's key, and whether it
/// came from the cache.
/// A TMX file as loaded: parsed now, or its parse cache, mapped and checked.
enum LoadedFile {
    Parsed(tmx::TmxDocument),
    Cached(Box<cache::LazyTus>),
}

fn load_file(
    root: &Path,
    path: &Path,
    rel: &Path,
) -> Result<(LoadedFile, cache::FileKey), MemoryError> {
    let bytes = cache::map(path).map_err(|source| IoError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let key = cache::FileKey::of(&bytes, &bytes.meta);
    let cpath = cache::cache_path(root, rel);
    if let Some(lazy) = cache::map(&cpath)
        .ok()
        .and_then(|c| cache::LazyTus::open(c, key))
    {
        return Ok((LoadedFile::Cached(Box::new(lazy)), key));
    }
    let doc = tmx::parse(&bytes, rel)?;
    // The cache is derived data: a read-only or full memory folder just goes without it.
    let _ = cache::save_parts(&cpath, &cache::encode_parts(&doc, key));
    Ok((LoadedFile::Parsed(doc), key))
}

fn prefer_locale(tu: &mut Tu, locales: &BTreeMap<Lang, String>) {
    if locales.is_empty() || tu.info.is_none() {
        return;
    }
    for (&lang, want) in locales {
        let Some(current) = tu.variants.get(&lang) else {
            continue;
        };
        let tag = current.info().lang_tag.clone();
        let tag = if tag.is_empty() {
            lang.code().to_string()
        } else {
            tag
        };
        if tag.eq_ignore_ascii_case(want) {
            continue;
        }
        let info = tu.info.as_mut().expect("checked above");
        let Some(pos) = info
            .others
            .iter()
            .position(|o| o.tag.eq_ignore_ascii_case(want))
        else {
            continue;
        };
        let mut chosen = info.others.remove(pos);
        let mut primary = tu
            .variants
            .get_mut(&lang)
            .map(std::mem::take)
            .unwrap_or_default();
        if primary.info().lang_tag.is_empty() {
            primary.info_mut().lang_tag = lang.code().to_string();
        }
        chosen.variant.info_mut().lang_tag = chosen.tag.clone();
        let old = OtherVariant {
            tag,
            variant: primary,
        };
        tu.info
            .as_mut()
            .expect("checked above")
            .others
            .insert(pos, old);
        tu.variants.insert(lang, chosen.variant);
    }
}

/// The penalty of the memory file `rel`: that of the first folder below the memory root, if
/// `[memory.penalties]` names it.
fn file_penalty(rel: &Path, penalties: &BTreeMap<String, u8>) -> u8 {
    rel.components()
        .next()
        .filter(|_| rel.components().count() > 1)
        .and_then(|c| {
            penalties
                .get(c.as_os_str().to_string_lossy().as_ref())
                .copied()
        })
        .unwrap_or(0)
}

/// The key of a memory exactly as loaded: every file's path, size and content hash, in load
/// order, and the preferred locales (which decide the variant that serves lookups).
fn source_key(files: &[(PathBuf, cache::FileKey)], locales: &BTreeMap<Lang, String>) -> u64 {
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    for (rel, k) in files {
        key.update(rel.to_string_lossy().as_bytes());
        key.update(&[0]);
        for v in [k.size, k.hash] {
            key.update(&v.to_le_bytes());
        }
    }
    for (lang, tag) in locales {
        key.update(format!("{lang}={tag};").as_bytes());
    }
    key.digest()
}

/// Most TUs [`Memory::add_indexed`] adds to one built index before it is dropped for a rebuild.
pub const MAX_ADDED: usize = 4096;

fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Tr => 1,
        Lang::Ru => 2,
    }
}

impl Memory {
    /// An empty memory with only the (empty) project file.
    pub fn new() -> Memory {
        Memory {
            files: vec![TmFile {
                path: PathBuf::from(PROJECT_FILE),
                penalty: 0,
                skipped_variants: 0,
            }],
            ..Memory::default()
        }
    }

    /// Loads every `*.tmx` below `root` (skipping hidden folders). A missing folder gives an
    /// empty memory.
    ///
    /// # Errors
    /// The first file that cannot be read or parsed, unless `options.skip_bad`.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Memory, MemoryError> {
        use rayon::prelude::*;
        let mut memory = Memory::new();
        memory.root = Some(root.to_path_buf());
        memory.author = options
            .translator
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|a| !a.trim().is_empty());
        let paths = crate::fsx::walk_files(root, "tmx")?;
        // Files are parsed in parallel (a large file also splits itself into parts).
        type Loaded = Result<(LoadedFile, cache::FileKey), MemoryError>;
        let parsed: Vec<(PathBuf, Loaded)> = paths
            .par_iter()
            .map(|path| {
                let rel = crate::error::relative(path, root);
                let result = load_file(root, path, &rel);
                (rel, result)
            })
            .collect();
        let mut keys = Vec::with_capacity(parsed.len());
        let locales = std::sync::Arc::new(options.locales.clone());
        let penalties = &options.penalties;
        for (rel, result) in parsed {
            match result {
                Ok((LoadedFile::Parsed(doc), k)) => {
                    keys.push((rel.clone(), k));
                    memory.push_file(rel, doc, options);
                }
                Ok((LoadedFile::Cached(lazy), k)) => {
                    keys.push((rel.clone(), k));
                    memory.from_cache.push(rel.clone());
                    memory.push_cached(rel, lazy, penalties, &locales);
                }
                Err(e) if options.skip_bad => memory.bad_files.push(e),
                Err(e) => return Err(e),
            }
        }
        memory.source_key = Some(source_key(&keys, &options.locales));
        Ok(memory)
    }

    /// Adds the TUs of a parsed file as a new file of the memory (or into the project file
    /// when `rel` is `project.tmx`).
    pub fn push_file(&mut self, rel: PathBuf, doc: tmx::TmxDocument, options: &LoadOptions) {
        let file = self.file_slot(rel, doc.skipped_variants, &options.penalties);
        self.tus.reserve(doc.tus.len());
        for mut tu in doc.tus {
            tu.file = file;
            prefer_locale(&mut tu, &options.locales);
            self.tus.push(tu);
        }
        self.invalidate();
    }

    /// The number of file `rel` in [`Memory::files`], adding it (the project file is 0).
    fn file_slot(
        &mut self,
        rel: PathBuf,
        skipped: usize,
        penalties: &BTreeMap<String, u8>,
    ) -> usize {
        if rel == Path::new(PROJECT_FILE) {
            self.files[0].skipped_variants += skipped;
            0
        } else {
            let penalty = file_penalty(&rel, penalties);
            self.files.push(TmFile {
                path: rel,
                penalty,
                skipped_variants: skipped,
            });
            self.files.len() - 1
        }
    }

    /// Adds the TUs of a checked parse cache, left in their file until touched (see
    /// [`TuStore`]).
    fn push_cached(
        &mut self,
        rel: PathBuf,
        lazy: Box<cache::LazyTus>,
        penalties: &BTreeMap<String, u8>,
        locales: &std::sync::Arc<BTreeMap<Lang, String>>,
    ) {
        let file = self.file_slot(rel, lazy.skipped_variants(), penalties);
        self.tus
            .push_mapped(std::sync::Arc::from(lazy), file, locales.clone());
        self.invalidate();
    }

    fn invalidate(&mut self) {
        self.indexes = Default::default();
        self.case_lexicons = Default::default();
        self.source_key = None;
    }

    /// How the memory's `lang` texts write each word (capitalized inside a sentence or in lower
    /// case), counted on first use: the meaning-change guard's test of a sentence-initial name.
    pub fn case_lexicon(&self, lang: Lang) -> &lookup::CaseLexicon {
        self.case_lexicons[lang_slot(lang)].get_or_init(|| {
            lookup::CaseLexicon::build(self.tus.iter().filter_map(|t| t.text(lang)), lang)
        })
    }

    /// Gives the memory the [`lookup::CaseLexicon`] of `lang` instead of the one it would
    /// count from its own TUs: for a memory that holds only part of a larger one (the team
    /// memory's candidates), so that its name warnings are the larger memory's. Ignored when
    /// the lexicon was already made.
    pub fn set_case_lexicon(&self, lang: Lang, lexicon: lookup::CaseLexicon) {
        let _ = self.case_lexicons[lang_slot(lang)].set(lexicon);
    }

    /// The index of TUs with a `lang` variant, made on first use: for a memory exactly as
    /// loaded from its folder, read from `memory/.index/<lang>.idx` when it matches (else built
    /// and saved there), so every command that looks up gets the warm start.
    pub fn index_of(&self, lang: Lang) -> &Index {
        self.indexes[lang_slot(lang)].get_or_init(|| {
            if self.source_key.is_some() {
                self.persisted_or_built(lang, false)
            } else {
                Index::build(self, lang)
            }
        })
    }

    /// Inserts `tu` into the project file, or merges it into a project TU that shares a
    /// variant's text and contradicts none (the `learn` step). Dates and ids of an existing TU
    /// are kept; its `changed` date is updated from `tu` when something was merged.
    ///
    /// When the memory has an [`Memory::author`], a new TU is stamped with `creationdate` (its
    /// newest variant date, else now; `SOURCE_DATE_EPOCH` is honoured) and `creationid`, and a
    /// merged one with `changedate` and `changeid`, so lookups show who made it and when.
    pub fn add(&mut self, tu: Tu) -> AddOutcome {
        let (outcome, _, _) = self.add_unindexed(tu);
        if outcome != AddOutcome::Unchanged {
            self.invalidate();
        }
        outcome
    }

    /// As [`Memory::add`], but the lookup indexes already built are kept and the TU's new
    /// variants added to them ([`Index::insert`]) instead of dropping them for a rebuild: what
    /// a long-running process that learns one segment at a time (the workbench) wants, where
    /// a rebuild of a large memory's indexes would cost far more than the change. Lookups
    /// answer exactly as after [`Memory::add`]. Indexes not built yet are built on first use,
    /// with the TU. An index holding more than [`MAX_ADDED`] added TUs is dropped (rebuilt on
    /// its next use), so lookups stay fast however long the process runs.
    pub fn add_indexed(&mut self, tu: Tu) -> AddOutcome {
        let (outcome, touched, langs) = self.add_unindexed(tu);
        if outcome == AddOutcome::Unchanged {
            return outcome;
        }
        // No longer the memory as loaded: persisted indexes do not describe it.
        self.source_key = None;
        for lang in langs {
            let slot = &mut self.indexes[lang_slot(lang)];
            let Some(index) = slot.get_mut() else {
                continue;
            };
            if index.added() >= MAX_ADDED {
                *slot = OnceLock::new();
                continue;
            }
            if let Some(text) = self.tus[touched].text(lang) {
                index.insert(touched, normalize::normalize(text, lang).key);
            }
        }
        outcome
    }

    /// [`Memory::add`] without touching the indexes: the outcome, the TU inserted or merged
    /// into, and the languages it gained.
    fn add_unindexed(&mut self, mut tu: Tu) -> (AddOutcome, usize, Vec<Lang>) {
        let found = self.tus.iter().position(|t| t.file == 0 && agrees(t, &tu));
        let before: Vec<Lang> = found
            .map(|i| self.tus[i].variants.keys().copied().collect())
            .unwrap_or_default();
        let stamp = self
            .author
            .clone()
            .map(|a| (tu.newest().map_or_else(now_tmx, str::to_string), a));
        if let (Some((date, author)), None) = (&stamp, found) {
            let d = &mut tu.info_mut().dates;
            d.created.get_or_insert_with(|| date.clone());
            d.created_by.get_or_insert_with(|| author.clone());
        }
        let outcome = self.apply(tu, found);
        if let (Some((date, author)), Some(i), AddOutcome::Merged) = (stamp, found, outcome) {
            let d = &mut self.tus[i].info_mut().dates;
            d.changed = Some(date);
            d.changed_by = Some(author);
        }
        let touched = found.unwrap_or(self.tus.len() - 1);
        let gained = self.tus[touched]
            .variants
            .keys()
            .filter(|l| !before.contains(l))
            .copied()
            .collect();
        (outcome, touched, gained)
    }

    /// Merges `tu` into TU `found`, or appends it to the project file.
    fn apply(&mut self, mut tu: Tu, found: Option<usize>) -> AddOutcome {
        let Some(i) = found else {
            tu.file = 0;
            tu.line = 0;
            self.tus.push(tu);
            return AddOutcome::Inserted;
        };
        let existing = &mut self.tus[i];
        let mut merged = false;
        for (lang, v) in std::mem::take(&mut tu.variants) {
            if !existing.variants.contains_key(&lang) {
                existing.variants.insert(lang, v);
                merged = true;
            }
        }
        if let Some(info) = tu.info.as_mut() {
            let (others, props) = (
                std::mem::take(&mut info.others),
                std::mem::take(&mut info.props),
            );
            for o in others {
                let known = existing
                    .info()
                    .others
                    .iter()
                    .any(|p| p.tag.eq_ignore_ascii_case(&o.tag));
                if !known {
                    existing.info_mut().others.push(o);
                    merged = true;
                }
            }
            for p in props {
                if !existing.info().props.contains(&p) {
                    existing.info_mut().props.push(p);
                    merged = true;
                }
            }
        }
        if !merged {
            return AddOutcome::Unchanged;
        }
        if let Some(changed) = tu.info().dates.changed.clone() {
            existing.info_mut().dates.changed = Some(changed);
        }
        AddOutcome::Merged
    }

    /// Adds TUs as [`Memory::add`] does, one after another (`tm import` into the project file),
    /// but finds the TU to merge into through a lookup table instead of a scan, so importing a
    /// large TMX stays linear. Returns how many were inserted, merged and unchanged.
    pub fn merge(&mut self, tus: impl IntoIterator<Item = Tu>) -> [usize; 3] {
        // (language, hash of the text, the TU's language set) → project TUs, in index order. A
        // TU `t` agrees with a new `tu` when, with S = langs(t) ∩ langs(tu) non-empty, their
        // texts are equal on S: then `t` sits in the list of every language of S, so the
        // shortest such list suffices. Keys hold a hash, not the text (at 1M TUs copies of
        // every text and a B-tree node per key were most of `tm import`'s peak memory): a
        // list may also hold a TU whose text only shares the hash, which `agrees` rejects.
        type Table = HashMap<(Lang, u64, u8), Vec<usize>>;
        fn text_key(text: &str) -> u64 {
            xxhash_rust::xxh3::xxh3_64(text.as_bytes())
        }
        fn mask(tu: &Tu) -> u8 {
            tu.variants.keys().map(|&l| 1u8 << lang_slot(l)).sum()
        }
        fn update<K: std::hash::Hash + Eq>(
            table: &mut HashMap<K, Vec<usize>>,
            key: K,
            i: usize,
            insert: bool,
        ) {
            if insert {
                let list = table.entry(key).or_default();
                if let Err(at) = list.binary_search(&i) {
                    list.insert(at, i);
                }
            } else if let Some(list) = table.get_mut(&key) {
                if let Ok(at) = list.binary_search(&i) {
                    list.remove(at);
                }
            }
        }
        fn enter(table: &mut Table, tu: &Tu, i: usize, insert: bool) {
            let m = mask(tu);
            for (lang, v) in tu.variants.iter() {
                update(table, (*lang, text_key(&v.text), m), i, insert);
            }
        }
        // Other variants (`de`, `en-GB`) can make TUs agree too: (lowercase tag, hash of the
        // text) → TUs.
        type OtherTable = HashMap<(String, u64), Vec<usize>>;
        fn enter_others(table: &mut OtherTable, tu: &Tu, i: usize, insert: bool) {
            for o in &tu.info().others {
                let key = (o.tag.to_ascii_lowercase(), text_key(&o.variant.text));
                update(table, key, i, insert);
            }
        }
        let mut table = Table::new();
        let mut others = OtherTable::new();
        for (i, t) in self.tus.iter().enumerate().filter(|(_, t)| t.file == 0) {
            enter(&mut table, t, i, true);
            enter_others(&mut others, t, i, true);
        }
        let mut counts = [0; 3];
        for tu in tus {
            let own = mask(&tu);
            let mut found: Option<usize> = None;
            for m in 1u8..8 {
                let shared = m & own;
                if shared == 0 {
                    continue;
                }
                let lists: Option<Vec<&Vec<usize>>> = Lang::ALL
                    .into_iter()
                    .filter(|&l| shared & (1 << lang_slot(l)) != 0)
                    .map(|l| table.get(&(l, text_key(&tu.variants[&l].text), m)))
                    .collect();
                let Some(shortest) = lists.and_then(|ls| ls.into_iter().min_by_key(|s| s.len()))
                else {
                    continue;
                };
                if let Some(&i) = shortest.iter().find(|&&i| agrees(&self.tus[i], &tu)) {
                    found = Some(found.map_or(i, |f| f.min(i)));
                }
            }
            for o in &tu.info().others {
                let key = (o.tag.to_ascii_lowercase(), text_key(&o.variant.text));
                if let Some(&i) = others
                    .get(&key)
                    .and_then(|set| set.iter().find(|&&i| agrees(&self.tus[i], &tu)))
                {
                    found = Some(found.map_or(i, |f| f.min(i)));
                }
            }
            if let Some(i) = found {
                enter(&mut table, &self.tus[i], i, false);
                enter_others(&mut others, &self.tus[i], i, false);
            }
            let outcome = self.apply(tu, found);
            let touched = found.unwrap_or(self.tus.len() - 1);
            enter(&mut table, &self.tus[touched], touched, true);
            enter_others(&mut others, &self.tus[touched], touched, true);
            counts[outcome as usize] += 1;
        }
        self.invalidate();
        counts
    }

    /// The TUs of file `file` (0 = the project file).
    pub fn file_tus(&self, file: usize) -> impl Iterator<Item = &Tu> {
        self.tus.iter().filter(move |t| t.file == file)
    }

    /// Writes the project file to `<root>/project.tmx` (atomically; unchanged bytes are not
    /// rewritten). Returns whether the file changed.
    ///
    /// # Errors
    /// The memory was not loaded from a folder, a variant holds a character XML cannot carry,
    /// or the write fails.
    pub fn save_project(&self) -> Result<bool, MemoryError> {
        let root = self.root.clone().unwrap_or_else(|| PathBuf::from("memory"));
        let xml = tmx::write(self.file_tus(0), &Lang::ALL)?;
        Ok(crate::fsx::write_atomic(
            &root.join(PROJECT_FILE),
            xml.as_bytes(),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tu(pairs: &[(Lang, &str)]) -> Tu {
        Tu {
            variants: pairs
                .iter()
                .map(|(l, t)| (*l, Variant::new(*l, *t)))
                .collect(),
            ..Tu::default()
        }
    }

    #[test]
    fn add_indexed_answers_as_a_rebuilt_index() {
        let base = [
            tu(&[
                (Lang::En, "The ministers met in Baku on Monday."),
                (Lang::Tr, "Bakanlar pazartesi Bakü'de bir araya geldi."),
            ]),
            tu(&[
                (Lang::En, "The ministers met in Astana on Friday."),
                (Lang::Tr, "Bakanlar cuma Astana'da bir araya geldi."),
            ]),
            tu(&[
                (Lang::En, "Trade along the corridor grew."),
                (Lang::Ru, "Торговля по коридору выросла."),
            ]),
        ];
        let learnt = [
            // New TUs, one of them equal in English to a stored one.
            tu(&[
                (Lang::En, "The ministers met in Tashkent on Monday."),
                (Lang::Tr, "Bakanlar pazartesi Taşkent'te bir araya geldi."),
            ]),
            tu(&[
                (Lang::En, "The ministers met in Baku on Monday."),
                (Lang::Tr, "Bakanlar pazartesi Bakü'de toplandı."),
            ]),
            // A Turkish variant merged into a TU that had none: it enters the Turkish index.
            tu(&[
                (Lang::En, "Trade along the corridor grew."),
                (Lang::Tr, "Koridor boyunca ticaret büyüdü."),
            ]),
            // Already there: nothing changes.
            tu(&[
                (Lang::En, "The ministers met in Astana on Friday."),
                (Lang::Tr, "Bakanlar cuma Astana'da bir araya geldi."),
            ]),
        ];
        let mut incremental = Memory::new();
        let mut rebuilt = Memory::new();
        for t in &base {
            incremental.add(t.clone());
            rebuilt.add(t.clone());
        }
        for lang in Lang::ALL {
            incremental.index_of(lang);
        }
        let before = incremental.index_of(Lang::Tr).len();
        let outcomes: Vec<AddOutcome> = learnt
            .iter()
            .map(|t| incremental.add_indexed(t.clone()))
            .collect();
        let expected: Vec<AddOutcome> = learnt.iter().map(|t| rebuilt.add(t.clone())).collect();
        assert_eq!(outcomes, expected);
        assert_eq!(
            outcomes,
            [
                AddOutcome::Inserted,
                AddOutcome::Inserted,
                AddOutcome::Merged,
                AddOutcome::Unchanged
            ]
        );
        // Kept, not rebuilt: the learnt TUs sit beside the built layout.
        assert_eq!(incremental.index_of(Lang::En).added(), 2);
        assert_eq!(incremental.index_of(Lang::Tr).added(), 3);
        assert_eq!(incremental.index_of(Lang::Tr).len(), before + 3);
        assert_eq!(rebuilt.index_of(Lang::En).added(), 0);
        for (text, from, to) in [
            ("The ministers met in Baku on Monday.", Lang::En, Lang::Tr),
            (
                "The ministers met in Tashkent on Friday.",
                Lang::En,
                Lang::Tr,
            ),
            ("Trade along the corridor grew fast.", Lang::En, Lang::Tr),
            ("Koridor boyunca ticaret büyüdü.", Lang::Tr, Lang::En),
            (
                "Bakanlar pazartesi Taşkent'te toplandı.",
                Lang::Tr,
                Lang::En,
            ),
        ] {
            let mut q = Query::new(text, from, to);
            q.min = 50;
            let a = incremental.lookup(&q);
            assert!(!a.is_empty(), "{text}");
            assert_eq!(a, rebuilt.lookup(&q), "{text}");
            assert_eq!(a, incremental.lookup_scan(&q), "{text}");
        }
    }

    #[test]
    fn add_merges_new_languages_and_skips_repeats() {
        let mut m = Memory::new();
        assert_eq!(
            m.add(tu(&[(Lang::En, "Hello"), (Lang::Tr, "Merhaba")])),
            AddOutcome::Inserted
        );
        assert_eq!(
            m.add(tu(&[(Lang::En, "Hello"), (Lang::Ru, "Привет")])),
            AddOutcome::Merged
        );
        assert_eq!(
            m.add(tu(&[(Lang::En, "Hello"), (Lang::Tr, "Merhaba")])),
            AddOutcome::Unchanged
        );
        assert_eq!(
            m.add(tu(&[(Lang::En, "Hello"), (Lang::Tr, "Selam")])),
            AddOutcome::Inserted
        );
        assert_eq!(m.tus.len(), 2);
        assert_eq!(m.tus[0].variants.len(), 3);
    }

    proptest::proptest! {
        #[test]
        fn merge_equals_adding_one_by_one(
            rows in proptest::collection::vec(
                (proptest::option::of("[ab]{1,2}"), proptest::option::of("[xy]{1,2}"), proptest::option::of("[пр]{1,2}")),
                0..24,
            ),
        ) {
            let tus: Vec<Tu> = rows
                .iter()
                .map(|(en, tr, ru)| {
                    let mut t = Tu::default();
                    for (lang, text) in [(Lang::En, en), (Lang::Tr, tr), (Lang::Ru, ru)] {
                        if let Some(text) = text {
                            t.variants.insert(lang, Variant::new(lang, text.clone()));
                        }
                    }
                    t
                })
                .collect();
            let mut one = Memory::new();
            let mut counts = [0; 3];
            for t in tus.clone() {
                counts[one.add(t) as usize] += 1;
            }
            let mut all = Memory::new();
            proptest::prop_assert_eq!(all.merge(tus), counts);
            proptest::prop_assert_eq!(all.tus, one.tus);
        }
    }

    #[test]
    fn merging_a_large_import_inserts_every_tu() {
        // Its speed is measured by `cargo bench --bench memory`, not here.
        let mut m = Memory::new();
        let tus =
            (0..50_000).map(|i| tu(&[(Lang::En, &format!("Sentence {i}")), (Lang::Tr, "Cümle")]));
        assert_eq!(m.merge(tus), [50_000, 0, 0]);
    }

    #[test]
    fn tmx_dates_from_unix_seconds() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(1_709_210_096), "20240229T123456Z");
    }

    #[test]
    fn learnt_tus_name_their_author_and_date() {
        let mut m = Memory::new();
        m.author = Some("ayse".into());
        let mut t = tu(&[(Lang::En, "Hello"), (Lang::Tr, "Merhaba")]);
        t.variants
            .get_mut(&Lang::Tr)
            .unwrap()
            .info_mut()
            .dates
            .changed = Some("20240102T000000Z".into());
        assert_eq!(m.add(t), AddOutcome::Inserted);
        let d = &m.tus[0].info().dates;
        assert_eq!(d.created.as_deref(), Some("20240102T000000Z"));
        assert_eq!(d.created_by.as_deref(), Some("ayse"));
        m.author = Some("ivan".into());
        assert_eq!(
            m.add(tu(&[(Lang::En, "Hello"), (Lang::Ru, "Привет")])),
            AddOutcome::Merged
        );
        let d = &m.tus[0].info().dates;
        assert_eq!(d.changed_by.as_deref(), Some("ivan"));
        assert_eq!(d.created_by.as_deref(), Some("ayse"));
        assert!(d.changed.is_some());
    }

    #[test]
    fn penalties_follow_the_top_folder() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"tr\"><seg>b</seg></tuv></tu></body></tmx>";
        std::fs::create_dir_all(dir.path().join("reference")).unwrap();
        std::fs::create_dir_all(dir.path().join(".index")).unwrap();
        std::fs::write(dir.path().join("reference/client.tmx"), body).unwrap();
        std::fs::write(dir.path().join(".index/x.tmx"), body).unwrap();
        std::fs::write(dir.path().join("other.tmx"), body).unwrap();
        let m = Memory::load(dir.path(), &(&MemoryConfig::default()).into()).unwrap();
        let pens: Vec<_> = m
            .files
            .iter()
            .map(|f| (f.path.clone(), f.penalty))
            .collect();
        assert_eq!(
            pens,
            vec![
                (PathBuf::from("project.tmx"), 0),
                (PathBuf::from("other.tmx"), 0),
                (PathBuf::from("reference/client.tmx"), 5)
            ]
        );
        assert_eq!(m.tus.len(), 2);
    }
}
