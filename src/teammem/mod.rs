//! The team memory: the translation memory on PostgreSQL, shared by every translator,
//! machine and CI runner of a publication.
//!
//! `memory.url` (or `POLYPRESS_MEMORY_URL`, which wins) switches a project to it. The TMX files
//! of `memory/` are still read beside it as reference memories (a file the database also holds
//! is taken from the database). `tm push` copies the file memory into the database, `tm pull`
//! the database into `memory/`.
//!
//! Lookups give exactly the file memory's answers for the same TUs: the database returns a
//! superset of the matches through `pg_trgm` (see [`stems`] for why nothing is missed), and
//! the client ranks them with the file memory's own lookup on a memory of just those
//! candidates ([`TeamMemory::memory_for`]). Writes (`push`, `learn`) run in one transaction
//! each; `learn` and `push` hold an advisory lock, so two translators learning at once lose nothing and
//! create no duplicate (and the unique constraint on the normalized variant set backs it).

pub mod connect;
pub mod project;
pub mod schema;
pub mod stems;
pub mod tls;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use postgres::{Client, Transaction};
use rayon::prelude::*;

use crate::memory::lookup::{folded_case_stem, CaseCounts, CaseLexicon};
use crate::memory::{tmx, AddOutcome, LoadOptions, Memory, MemoryError, Tu, Variant, PROJECT_FILE};
use crate::model::Lang;

pub use connect::{url, URL_ENV};

/// The advisory lock key every `learn`, `push` and `init-db` holds for its transaction.
const WRITE_LOCK: i64 = 0x706f_6c79_7072_6573;

/// An error of the team memory. Each says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The URL does not parse.
    #[error("memory.url `{url}` is not a PostgreSQL URL: {message} (expected postgresql://USER@HOST:PORT/DATABASE, the password in PGPASSWORD or ~/.pgpass)")]
    BadUrl {
        /// The URL, password hidden.
        url: String,
        /// What the parser said.
        message: String,
    },
    /// The server cannot be reached or refused the login.
    #[error("cannot connect to the team memory at {target}: {message} (is the server running? check memory.url or POLYPRESS_MEMORY_URL, and the password in PGPASSWORD or ~/.pgpass)")]
    Connect {
        /// Host and port, or the socket.
        target: String,
        /// The client's or server's message.
        message: String,
    },
    /// TLS cannot be set up or the server's certificate is not trusted.
    #[error("cannot connect to the team memory at {target}: {message}")]
    Tls {
        /// Host and port.
        target: String,
        /// What failed, and how to fix it.
        message: String,
    },
    /// `pg_trgm` is not installed in the database.
    #[error("the team memory database lacks the pg_trgm extension: {message} (install the server's contrib package, e.g. `apt-get install postgresql-contrib`, then run `polypress tm init-db` as a user who may CREATE EXTENSION)")]
    NoTrgm {
        /// What the server said.
        message: String,
    },
    /// The database has no polypress schema.
    #[error("the team memory database has no polypress schema (run `polypress tm init-db`)")]
    NoSchema,
    /// The schema is older than this build.
    #[error("the team memory schema is version {found}, this polypress needs {wanted} (run `polypress tm init-db` to upgrade it)")]
    OldSchema {
        /// The database's version.
        found: i32,
        /// This build's.
        wanted: i32,
    },
    /// The schema is newer than this build.
    #[error("the team memory schema is version {found}, newer than this polypress ({wanted}): upgrade polypress")]
    NewSchema {
        /// The database's version.
        found: i32,
        /// This build's.
        wanted: i32,
    },
    /// The database's character classification does not know letters beyond ASCII.
    #[error("the team memory database classifies only {found} of the needed letters as letters (create it with a UTF-8 locale: `initdb --locale=C.UTF-8`, or `createdb --locale=C.UTF-8 --template=template0`)")]
    Locale {
        /// How many alphabet characters qualified.
        found: usize,
    },
    /// A statement failed.
    #[error("team memory: {what}: {message}")]
    Db {
        /// What was being done.
        what: &'static str,
        /// The server's or client's message.
        message: String,
    },
    /// A stored TU does not parse back.
    #[error("team memory: TU {id} of `{file}` does not parse back: {source}")]
    Stored {
        /// The TU's row id.
        id: i64,
        /// Its file.
        file: String,
        /// Why.
        source: MemoryError,
    },
    /// A TU cannot be written as TMX.
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

/// The message of a client error, with the server's detail and hint when it sent them.
pub(crate) fn db_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = db.message().to_string();
            if let Some(d) = db.detail() {
                s.push_str(": ");
                s.push_str(d);
            }
            if let Some(h) = db.hint() {
                s.push_str(" (");
                s.push_str(h);
                s.push(')');
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s.push_str(": ");
                s.push_str(&inner.to_string());
                src = inner.source();
            }
            s
        }
    }
}

fn db(what: &'static str) -> impl Fn(postgres::Error) -> TeamError {
    move |e| TeamError::Db {
        what,
        message: db_message(&e),
    }
}

/// What `tm init-db` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitReport {
    /// The schema version found (0: none).
    pub from: i32,
    /// The version now.
    pub to: i32,
    /// Characters in the stem alphabet.
    pub alphabet: usize,
}

/// What `tm push` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Files pushed.
    pub files: usize,
    /// TUs read.
    pub read: usize,
    /// TUs the database did not hold yet.
    pub inserted: usize,
}

/// A connection to the team memory, with the schema checked.
pub struct TeamMemory {
    client: Conn,
    /// The URL, for the further lookup connections.
    url: String,
    /// How many connections a lookup spreads its probes over (the first is `client`).
    connections: usize,
    /// The further lookup connections (`None`: not open; opened on first use).
    readers: Vec<Option<Reader>>,
    /// The least work spread over them (see [`TeamMemory::set_parallel_work`]).
    parallel_work: u64,
    alphabet: Vec<char>,
    /// Per language, how many stored variants hold each stem character (read on first use).
    df: BTreeMap<Lang, HashMap<char, u64>>,
    /// The paths of the stored files, read once.
    held: Option<Vec<String>>,
    /// Whether `client` has run a lookup (see [`COLD_START`]).
    first_warm: bool,
    /// The MD5 of the stem alphabet as the server computes it, to tell a kept connection
    /// that its database was made again (see [`TeamMemory::is_current`]).
    alphabet_md5: Option<String>,
}

/// A connection that closes without making its owner wait. Dropping a [`Client`] sends the
/// server its goodbye and waits until the server's process has ended, 3–6 ms of every
/// `tm lookup` (measured at 10M TUs) that the command does not need: here a thread of its own
/// waits instead (at exit the system closes the socket, which the server takes as the same
/// goodbye).
struct Conn(Option<Client>);

impl Conn {
    fn new(client: Client) -> Conn {
        Conn(Some(client))
    }
}

impl std::ops::Deref for Conn {
    type Target = Client;
    fn deref(&self) -> &Client {
        match &self.0 {
            Some(c) => c,
            // `None` only inside `drop`.
            None => unreachable!("a team memory connection used after closing"),
        }
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Client {
        match &mut self.0 {
            Some(c) => c,
            None => unreachable!("a team memory connection used after closing"),
        }
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            // Where no thread can be started, the client closes here, as usual.
            let _ = std::thread::Builder::new()
                .name("pg-close".into())
                .spawn(move || drop(client));
        }
    }
}

/// A further lookup connection.
enum Reader {
    /// Being opened (and its caches warmed, see [`warm`]) on a thread of its own, while the
    /// first connection reads the schema: `None` when it could not be.
    Opening(std::thread::JoinHandle<Option<Conn>>),
    /// Open and idle.
    Open(Box<Conn>),
}

impl Reader {
    /// The open connection, after waiting for it if it is being opened.
    fn ready(self) -> Option<Conn> {
        match self {
            Reader::Open(c) => Some(*c),
            Reader::Opening(handle) => handle.join().ok().flatten(),
        }
    }
}

impl std::fmt::Debug for TeamMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamMemory")
            .field("alphabet", &self.alphabet.len())
            .finish_non_exhaustive()
    }
}

fn has_trgm(client: &mut Client) -> Result<bool, TeamError> {
    Ok(client
        .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'", &[])
        .map_err(db("looking for pg_trgm"))?
        .is_some())
}

/// Makes or upgrades the schema at `url`: installs `pg_trgm`, applies the migrations the
/// database lacks and picks the stem alphabet. Safe to run again.
///
/// # Errors
/// Connection, extension, locale or statement failures.
pub fn init_db(url: &str) -> Result<InitReport, TeamError> {
    let mut client = connect::connect(url)?;
    if !has_trgm(&mut client)? {
        client
            .batch_execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            .map_err(|e| TeamError::NoTrgm {
                message: db_message(&e),
            })?;
    }
    let mut tx = client.transaction().map_err(db("starting init-db"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .map_err(db("locking the schema"))?;
    let found = {
        let exists: bool = tx
            .query_one("SELECT to_regclass('pp_schema') IS NOT NULL", &[])
            .map_err(db("reading the schema version"))?
            .get(0);
        if exists {
            tx.query_one("SELECT version FROM pp_schema", &[])
                .map_err(db("reading the schema version"))?
                .get::<_, i32>(0)
        } else {
            0
        }
    };
    if found > schema::VERSION {
        return Err(TeamError::NewSchema {
            found,
            wanted: schema::VERSION,
        });
    }
    for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql).map_err(db("applying a migration"))?;
        tx.execute("UPDATE pp_schema SET version = $1", &[&(i as i32 + 1)])
            .map_err(db("recording the schema version"))?;
        if i + 1 == 3 {
            // The word case counts of the TUs stored before `pp_case` existed.
            // Read in batches: a memory of millions of TUs does not fit in one result.
            let portal = tx
                .bind("SELECT lang, text FROM pp_variant", &[])
                .map_err(db("counting word case"))?;
            let mut delta = CaseDelta::default();
            loop {
                let rows = tx
                    .query_portal(&portal, 200_000)
                    .map_err(db("counting word case"))?;
                if rows.is_empty() {
                    break;
                }
                let texts: Vec<(&str, &str)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
                delta = add_counts(delta, case_delta(texts, 1));
            }
            store_case(&mut tx, delta)?;
        }
    }
    let mut alphabet: i64 = tx
        .query_one("SELECT count(*) FROM pp_alphabet", &[])
        .map_err(db("reading the alphabet"))?
        .get(0);
    if alphabet == 0 {
        alphabet = make_alphabet(&mut tx)? as i64;
    }
    tx.execute(
        "UPDATE pp_schema SET alphabet = (SELECT coalesce(string_agg(ch, '' ORDER BY pos), '') FROM pp_alphabet)",
        &[],
    )
    .map_err(db("storing the alphabet"))?;
    tx.commit().map_err(db("committing init-db"))?;
    Ok(InitReport {
        from: found,
        to: schema::VERSION,
        alphabet: alphabet as usize,
    })
}

/// Keeps the characters whose two trigrams collide with no other kept one's, so a stem
/// string's trigram set has exactly two trigrams per distinct character.
fn make_alphabet(tx: &mut Transaction<'_>) -> Result<usize, TeamError> {
    let rows = tx
        .query(
            "SELECT x, show_trgm(chr(x)), array_to_string(tsvector_to_array(to_tsvector('simple', chr(x))), '') FROM generate_series($1::int4, $2::int4) AS x ORDER BY x",
            &[
                &(stems::ALPHABET_FIRST as i32),
                &(stems::ALPHABET_END as i32 - 1),
            ],
        )
        .map_err(db("choosing the alphabet"))?;
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<String> = Vec::new();
    for row in rows {
        let x: i32 = row.get(0);
        let trgms: Vec<String> = row.get(1);
        let lexeme: String = row.get(2);
        if trgms.len() != 2 || trgms.iter().any(|t| seen.contains(t)) {
            continue;
        }
        if char::from_u32(x as u32).map(String::from).as_deref() != Some(lexeme.as_str()) {
            // Not one word of its own for the full-text index.
            continue;
        }
        seen.extend(trgms);
        if let Some(c) = char::from_u32(x as u32) {
            kept.push(c.to_string());
        }
    }
    if kept.len() < 1000 {
        return Err(TeamError::Locale { found: kept.len() });
    }
    let pos: Vec<i32> = (0..kept.len() as i32).collect();
    tx.execute(
        "INSERT INTO pp_alphabet (pos, ch) SELECT * FROM unnest($1::int4[], $2::text[])",
        &[&pos, &kept],
    )
    .map_err(db("storing the alphabet"))?;
    Ok(kept.len())
}

/// A TU as the rows that store it.
struct Row {
    file_id: i32,
    line: i32,
    vset: i64,
    copy: i32,
    tuid: Option<String>,
    dates: [Option<String>; 4],
    props: String,
    /// The `<tu>` element, for a TU that has no `plain` form.
    tmx: Option<String>,
    plain: Option<String>,
    variants: Vec<VariantRow>,
}

struct VariantRow {
    lang: &'static str,
    text: String,
    enc: stems::Encoded,
    dates: [Option<String>; 4],
}

fn dates4(d: &crate::memory::Dates) -> [Option<String>; 4] {
    [
        d.created.clone(),
        d.created_by.clone(),
        d.changed.clone(),
        d.changed_by.clone(),
    ]
}

/// The `<tu>` element of `tu` as [`tmx::write`] writes it (empty for a TU without variants).
fn fragment(tu: &Tu) -> Result<String, MemoryError> {
    let doc = tmx::write(std::iter::once(tu), &Lang::ALL)?;
    let start = doc.find("<body>\n").map_or(0, |i| i + "<body>\n".len());
    let end = doc.rfind("  </body>").unwrap_or(doc.len());
    Ok(doc[start..end.max(start)].to_string())
}

/// The separator of [`plain`]: a control character, which TMX text cannot hold.
const PLAIN_SEP: char = '\u{1}';

/// A TU whose variants are text alone, as `lang SEP text SEP lang SEP text`; `None` for any
/// other TU (codes, dates, props, notes, attributes, other languages, or text that TMX would
/// read back otherwise: placeholders).
fn plain(tu: &Tu) -> Option<String> {
    if tu.info.is_some() || tu.variants.is_empty() {
        return None;
    }
    let mut s = String::new();
    for (lang, v) in tu.variants.iter() {
        if !v.codes.is_empty() || v.info.is_some() || v.text.contains(['{', '}', PLAIN_SEP]) {
            return None;
        }
        if !s.is_empty() {
            s.push(PLAIN_SEP);
        }
        s.push_str(lang.code());
        s.push(PLAIN_SEP);
        s.push_str(&v.text);
    }
    Some(s)
}

/// The TU [`plain`] wrote.
fn from_plain(s: &str) -> Option<Tu> {
    let mut tu = Tu::default();
    let mut parts = s.split(PLAIN_SEP);
    while let Some(code) = parts.next() {
        let lang = lang_of_code(code)?;
        let text = parts.next()?;
        tu.variants.insert(lang, Variant::new(lang, text));
    }
    Some(tu)
}

fn row(tu: &Tu, file_id: i32, copy: i32, alphabet: &[char]) -> Result<Row, MemoryError> {
    let info = tu.info();
    let props: Vec<(&str, &str)> = info
        .props
        .iter()
        .map(|p| (p.kind.as_str(), p.value.as_str()))
        .collect();
    // Each variant is normalized once: its key serves the variant set's hash too.
    let variants: Vec<VariantRow> = tu
        .variants
        .iter()
        .map(|(lang, v)| VariantRow {
            lang: lang.code(),
            text: v.text.clone(),
            enc: stems::encode(&v.text, *lang, alphabet),
            dates: dates4(&v.info().dates),
        })
        .collect();
    let keys: Vec<&str> = variants.iter().map(|v| v.enc.key.as_str()).collect();
    let plain = plain(tu);
    let tmx = match plain {
        Some(_) => None,
        None => Some(fragment(tu)?),
    };
    Ok(Row {
        file_id,
        line: i32::try_from(tu.line).unwrap_or(i32::MAX),
        vset: stems::variant_set(tu, &keys),
        copy,
        tuid: info.id.clone(),
        dates: dates4(&info.dates),
        props: serde_json::to_string(&props).unwrap_or_else(|_| "[]".into()),
        tmx,
        plain,
        variants,
    })
}

const INSERT_TUS: &str = "INSERT INTO pp_tu (file_id, line, vset, copy, tuid, created, created_by, changed, changed_by, props, tmx, plain) \
SELECT f, l, v, c, t, cr, crb, ch, chb, p::jsonb, x, pl FROM unnest($1::int4[], $2::int4[], $3::int8[], $4::int4[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[]) AS u(f, l, v, c, t, cr, crb, ch, chb, p, x, pl) \
ON CONFLICT ON CONSTRAINT pp_tu_variant_set DO NOTHING RETURNING id, file_id, vset, copy";

/// A small batch of variants: their rows in `pp_variant`, and their token counts and stem
/// strings in their language's stem table, in one statement.
const INSERT_VARIANTS: &str = "WITH u AS MATERIALIZED (SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) \
AS u(tu, lang, text, norm, ntok, stems, cr, crb, ch, chb)), \
v AS (INSERT INTO pp_variant (tu_id, lang, text, norm, created, created_by, changed, changed_by) SELECT tu, lang, text, norm, cr, crb, ch, chb FROM u), \
e AS (INSERT INTO pp_stem_en (tu_id, ntok, stems) SELECT tu, ntok, stems FROM u WHERE lang = 'en'), \
t AS (INSERT INTO pp_stem_tr (tu_id, ntok, stems) SELECT tu, ntok, stems FROM u WHERE lang = 'tr') \
INSERT INTO pp_stem_ru (tu_id, ntok, stems) SELECT tu, ntok, stems FROM u WHERE lang = 'ru'";

/// Variants from this many on are written with `COPY` (four streams), fewer with
/// [`INSERT_VARIANTS`] (one round trip).
const COPY_VARIANTS: usize = 256;

/// Stem-character counts to add to `pp_df`, by (language, character).
type DfCounts = rustc_hash::FxHashMap<(&'static str, char), i64>;

/// Adds the distinct stem characters of `variants` to `acc`.
fn count_df(variants: &[VariantRow], acc: &mut DfCounts) {
    for v in variants {
        let mut cs: Vec<char> = v.enc.stems.chars().filter(|c| *c != ' ').collect();
        cs.sort_unstable();
        cs.dedup();
        for c in cs {
            *acc.entry((v.lang, c)).or_insert(0) += 1;
        }
    }
}

/// Adds `acc` to `pp_df`, in key order (so concurrent writers lock its rows in one order).
fn store_df(tx: &mut Transaction<'_>, acc: DfCounts) -> Result<(), TeamError> {
    if acc.is_empty() {
        return Ok(());
    }
    let mut all: Vec<((&'static str, char), i64)> = acc.into_iter().collect();
    all.sort_unstable();
    let lang: Vec<&str> = all.iter().map(|e| e.0 .0).collect();
    let ch: Vec<String> = all.iter().map(|e| e.0 .1.to_string()).collect();
    let n: Vec<i64> = all.iter().map(|e| e.1).collect();
    tx.execute(
        "INSERT INTO pp_df (lang, ch, df) SELECT * FROM unnest($1::text[], $2::text[], $3::int8[]) \
         ON CONFLICT (lang, ch) DO UPDATE SET df = pp_df.df + EXCLUDED.df",
        &[&lang, &ch, &n],
    )
    .map_err(db("counting stems"))?;
    Ok(())
}

/// Word case counts to add to `pp_case` (see [`CaseLexicon`]), by (language, folded word):
/// capitalized inside a sentence, in lower case.
type CaseDelta = rustc_hash::FxHashMap<(&'static str, String), (i64, i64)>;

/// The language stored as `code` (the database holds exactly `en`, `tr` and `ru`).
fn lang_of_code(code: &str) -> Option<Lang> {
    Lang::ALL.iter().copied().find(|l| l.code() == code)
}

/// The case counts of `texts` (language code, text), times `sign`, counted in parallel (each
/// thread into one map per language, merged at the end).
fn case_delta<'a>(
    texts: impl IntoParallelIterator<Item = (&'a str, &'a str)>,
    sign: i64,
) -> CaseDelta {
    let per_lang = texts
        .into_par_iter()
        .fold(
            || Lang::ALL.map(|_| CaseCounts::default()),
            |mut acc, (code, text)| {
                if let Some(i) = Lang::ALL.iter().position(|l| l.code() == code) {
                    CaseLexicon::count(text, Lang::ALL[i], &mut acc[i]);
                }
                acc
            },
        )
        .reduce(
            || Lang::ALL.map(|_| CaseCounts::default()),
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x = add_counts(std::mem::take(x), y);
                }
                a
            },
        );
    let mut delta = CaseDelta::default();
    for (lang, counts) in Lang::ALL.iter().zip(per_lang) {
        delta.reserve(counts.len());
        for (w, (caps, lower)) in counts {
            delta.insert(
                (lang.code(), w),
                (sign * i64::from(caps), sign * i64::from(lower)),
            );
        }
    }
    delta
}

/// `a` and `b` added key by key (the smaller map into the larger): case counts, whether one
/// language's ([`CaseCounts`]) or the database's ([`CaseDelta`]).
fn add_counts<K: Eq + std::hash::Hash, T: std::ops::AddAssign + Default>(
    mut a: rustc_hash::FxHashMap<K, (T, T)>,
    b: rustc_hash::FxHashMap<K, (T, T)>,
) -> rustc_hash::FxHashMap<K, (T, T)> {
    if a.len() < b.len() {
        return add_counts(b, a);
    }
    for (k, (caps, lower)) in b {
        let e = a.entry(k).or_default();
        e.0 += caps;
        e.1 += lower;
    }
    a
}

/// Adds `acc` to `pp_case`, in key order (so concurrent writers lock its rows in one order).
fn store_case(tx: &mut Transaction<'_>, acc: CaseDelta) -> Result<(), TeamError> {
    let mut all: Vec<_> = acc
        .into_iter()
        .filter(|(_, (caps, lower))| *caps != 0 || *lower != 0)
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    all.sort_unstable();
    for chunk in all.chunks(50_000) {
        let lang: Vec<&str> = chunk.iter().map(|e| e.0 .0).collect();
        let stem: Vec<String> = chunk.iter().map(|e| folded_case_stem(&e.0 .1)).collect();
        let word: Vec<&str> = chunk.iter().map(|e| e.0 .1.as_str()).collect();
        let caps: Vec<i64> = chunk.iter().map(|e| e.1 .0).collect();
        let lower: Vec<i64> = chunk.iter().map(|e| e.1 .1).collect();
        tx.execute(
            "INSERT INTO pp_case (lang, stem, word, caps, lower) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[]) \
             ON CONFLICT (lang, stem, word) DO UPDATE SET caps = pp_case.caps + EXCLUDED.caps, lower = pp_case.lower + EXCLUDED.lower",
            &[&lang, &stem, &word, &caps, &lower],
        )
        .map_err(db("counting word case"))?;
    }
    Ok(())
}

/// A chunk of a push, made ready for the database: its rows, and the word case counts of
/// their variants (which stand when every row is new).
struct Prepared {
    rows: Vec<Row>,
    case: CaseDelta,
}

/// The rows of `chunk` (TUs without a project variant are left out), each numbered among the
/// repeats of its variant set in its file (`copies` carries the numbers between chunks).
fn prepare(
    chunk: &[&Tu],
    file_id: &[i32],
    alphabet: &[char],
    copies: &mut rustc_hash::FxHashMap<(usize, i64), i32>,
) -> Result<Prepared, TeamError> {
    let kept: Vec<&Tu> = chunk
        .iter()
        .copied()
        .filter(|tu| !tu.variants.is_empty())
        .collect();
    let mut rows: Vec<Row> = kept
        .par_iter()
        .map(|tu| row(tu, file_id[tu.file], 0, alphabet))
        .collect::<Result<_, _>>()?;
    for (r, tu) in rows.iter_mut().zip(&kept) {
        let c = copies.entry((tu.file, r.vset)).or_insert(0);
        r.copy = *c;
        *c += 1;
    }
    let case = case_delta(
        rows.par_iter()
            .flat_map_iter(|r| r.variants.iter().map(|v| (v.lang, v.text.as_str())))
            .collect::<Vec<_>>(),
        1,
    );
    Ok(Prepared { rows, case })
}

/// Inserts `rows` (skipping those whose variant set the file already holds); returns how many
/// were new, and adds their stem characters to `acc`.
fn insert_rows(
    tx: &mut Transaction<'_>,
    rows: &[Row],
    counted: Option<CaseDelta>,
    acc: &mut DfCounts,
    case: &mut CaseDelta,
) -> Result<usize, TeamError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let col = |f: &dyn Fn(&Row) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let file: Vec<i32> = rows.iter().map(|r| r.file_id).collect();
    let line: Vec<i32> = rows.iter().map(|r| r.line).collect();
    let vset: Vec<i64> = rows.iter().map(|r| r.vset).collect();
    let copy: Vec<i32> = rows.iter().map(|r| r.copy).collect();
    let tuid = col(&|r| r.tuid.clone());
    let d: Vec<Vec<Option<String>>> = (0..4).map(|i| col(&|r| r.dates[i].clone())).collect();
    let props: Vec<&str> = rows.iter().map(|r| r.props.as_str()).collect();
    let xml: Vec<Option<&str>> = rows.iter().map(|r| r.tmx.as_deref()).collect();
    let plain: Vec<Option<&str>> = rows.iter().map(|r| r.plain.as_deref()).collect();
    let ids: rustc_hash::FxHashMap<(i32, i64, i32), i64> = tx
        .query(
            INSERT_TUS,
            &[
                &file, &line, &vset, &copy, &tuid, &d[0], &d[1], &d[2], &d[3], &props, &xml, &plain,
            ],
        )
        .map_err(db("inserting TUs"))?
        .iter()
        .map(|r| ((r.get(1), r.get(2), r.get(3)), r.get(0)))
        .collect();
    let mut v = VariantColumns::default();
    let mut texts: Vec<(&str, &str)> = Vec::new();
    for r in rows {
        if let Some(&id) = ids.get(&(r.file_id, r.vset, r.copy)) {
            v.extend(id, &r.variants);
            count_df(&r.variants, acc);
            texts.extend(r.variants.iter().map(|v| (v.lang, v.text.as_str())));
        }
    }
    v.insert(tx)?;
    let delta = match counted {
        Some(d) if ids.len() == rows.len() => d,
        _ => case_delta(texts, 1),
    };
    *case = add_counts(std::mem::take(case), delta);
    Ok(ids.len())
}

/// The variant and stem rows of some TUs, column by column, borrowed from their [`Row`]s.
#[derive(Default)]
struct VariantColumns<'a> {
    tu: Vec<i64>,
    lang: Vec<&'static str>,
    text: Vec<&'a str>,
    norm: Vec<&'a str>,
    ntok: Vec<i32>,
    stems: Vec<&'a str>,
    dates: [Vec<Option<&'a str>>; 4],
}

impl<'a> VariantColumns<'a> {
    fn extend(&mut self, id: i64, variants: &'a [VariantRow]) {
        for v in variants {
            self.tu.push(id);
            self.lang.push(v.lang);
            self.text.push(&v.text);
            self.norm.push(&v.enc.key);
            self.ntok
                .push(i32::try_from(v.enc.tokens).unwrap_or(i32::MAX));
            self.stems.push(&v.enc.stems);
            for (col, d) in self.dates.iter_mut().zip(&v.dates) {
                col.push(d.as_deref());
            }
        }
    }

    /// Writes the rows: a few in one statement, many (a push's chunk) with `COPY` in binary,
    /// which the server inserts a page of rows at a time rather than through a statement's
    /// executor row by row.
    fn insert(&self, tx: &mut Transaction<'_>) -> Result<(), TeamError> {
        use postgres::binary_copy::BinaryCopyInWriter;
        use postgres::types::Type;
        if self.tu.is_empty() {
            return Ok(());
        }
        let failed = db("inserting variants");
        if self.tu.len() < COPY_VARIANTS {
            let d = &self.dates;
            tx.execute(
                INSERT_VARIANTS,
                &[
                    &self.tu,
                    &self.lang,
                    &self.text,
                    &self.norm,
                    &self.ntok,
                    &self.stems,
                    &d[0],
                    &d[1],
                    &d[2],
                    &d[3],
                ],
            )
            .map_err(&failed)?;
            return Ok(());
        }
        let sink = tx
            .copy_in("COPY pp_variant (tu_id, lang, text, norm, created, created_by, changed, changed_by) FROM STDIN (FORMAT binary)")
            .map_err(&failed)?;
        let types = [
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
        ];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let d = &self.dates;
        for (i, tu) in self.tu.iter().enumerate() {
            w.write(&[
                tu,
                &self.lang[i],
                &self.text[i],
                &self.norm[i],
                &d[0][i],
                &d[1][i],
                &d[2][i],
                &d[3][i],
            ])
            .map_err(&failed)?;
        }
        w.finish().map_err(&failed)?;
        for (lang, table) in Lang::ALL.iter().map(|l| (l.code(), schema::stem_table(*l))) {
            let rows: Vec<usize> = (0..self.tu.len())
                .filter(|&i| self.lang[i] == lang)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let sink = tx
                .copy_in(&format!(
                    "COPY {table} (tu_id, ntok, stems) FROM STDIN (FORMAT binary)"
                ))
                .map_err(&failed)?;
            let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT4, Type::TEXT]);
            for i in rows {
                w.write(&[&self.tu[i], &self.ntok[i], &self.stems[i]])
                    .map_err(&failed)?;
            }
            w.finish().map_err(&failed)?;
        }
        Ok(())
    }
}

/// The lookup connections a team memory opens unless told otherwise (`memory.connections`).
pub const DEFAULT_CONNECTIONS: usize = 2;

/// The least summed [`stems::Probe::weight`] a lookup spreads over several connections: about
/// 4 ms of index scans (measured at 25 ns per unit), against about 1 ms for sharing the
/// snapshot.
const PARALLEL_WORK: u64 = 160_000;

/// The work ([`stems::Probe::weight`]) a new server process's first lookup statement costs
/// beyond its index scans: reading the catalog entries and statistics to plan it, 4–5 ms at
/// 10M TUs (measured: 1.2 ms to parse and 3.5 ms to plan it the first time, 0.4 and 0.6
/// after).
const COLD_START: u64 = 160_000;

/// The two columns of `pp_schema s` that tell one state of a database from another, read on
/// opening and when a kept connection is used again ([`TeamMemory::is_current`]): the MD5 of
/// the stem alphabet (a database made again has another), and the paths of the stored files
/// as a JSON array (read with [`held_paths`]).
const SCHEMA_STATE: &str = "md5(to_jsonb(s)->>'alphabet'), \
     (SELECT coalesce(json_agg(path ORDER BY path), '[]') FROM pp_file)";

/// The stored files' paths of [`SCHEMA_STATE`]'s second column.
fn held_paths(column: Option<&str>) -> Option<Vec<String>> {
    column.and_then(|j| serde_json::from_str::<Vec<String>>(j).ok())
}

/// Opens a further lookup connection.
fn reader(url: &str) -> Result<Conn, TeamError> {
    let mut client = connect::connect(url)?;
    configure(&mut client)?;
    Ok(Conn::new(client))
}

/// Runs the statement a further lookup connection runs for each of `pairs`, finding nothing:
/// a new server process reads the catalog entries, statistics and index roots a statement
/// needs the first time it plans and runs one (4–5 ms of a 10M lookup's share, measured), and
/// done here that happens while the first connection is still reading the schema.
fn warm(client: &mut Client, pairs: &[(Lang, Lang)]) -> Result<(), TeamError> {
    // A lexeme of bucket 0, which no stored variant has (no variant of no tokens has stems).
    let nothing = ProbeSet {
        pre: vec![format!(
            "'{}:0'",
            char::from_u32(stems::ALPHABET_FIRST).unwrap_or('x')
        )],
        stems: vec![String::new()],
        lo: vec![0],
        hi: vec![0],
        lim: vec![1.0],
        ..ProbeSet::default()
    };
    for &(from, to) in pairs {
        nothing.run(
            client,
            (
                from.code(),
                schema::stem_table(from),
                schema::stem_table(to),
            ),
        )?;
    }
    Ok(())
}

/// A session's setup for lookups. They are short, index-driven statements: compiling them
/// (JIT) costs more than it saves, ~12 ms on each.
const SESSION_SETUP: &str = "SET jit = off";

/// Sets a session up for lookups ([`SESSION_SETUP`]).
fn configure(client: &mut Client) -> Result<(), TeamError> {
    client
        .batch_execute(SESSION_SETUP)
        .map_err(db("configuring the session"))
}

/// The probes one candidate statement runs (see [`TeamMemory::candidates`]).
#[derive(Default)]
struct ProbeSet {
    /// Normalized keys to match exactly.
    norm: Vec<String>,
    /// Per probe: its `tsquery`, the query's stem string, its token range and similarity limit.
    pre: Vec<String>,
    stems: Vec<String>,
    lo: Vec<i32>,
    hi: Vec<i32>,
    lim: Vec<f32>,
    /// Token ranges read without an index condition.
    w_lo: Vec<i32>,
    w_hi: Vec<i32>,
    /// The probes' summed [`stems::Probe::weight`].
    weight: u64,
}

impl ProbeSet {
    fn is_empty(&self) -> bool {
        self.norm.is_empty() && self.pre.is_empty() && self.w_lo.is_empty()
    }

    /// Runs the set's statement on `client`: each candidate TU with its file. The statement
    /// takes the ids its branches find in the `from` stem table `sf`, then their TUs that have
    /// a variant in the target's stem table `st`, by id. The language is one of three codes,
    /// written into the statement (as its stem table's name) so the planner knows that table's
    /// indexes and sizes. Only the branches this set needs are written: an unused
    /// length-window branch still makes the planner expect a hundred thousand candidates and
    /// read all of `pp_tu` in a hash join instead of its primary key.
    fn run(
        &self,
        client: &mut impl postgres::GenericClient,
        (from, sf, st): (&str, &str, &str),
    ) -> Result<Vec<(String, Stored)>, TeamError> {
        // Each branch binds its parameters as it is written, numbered after those before it.
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = Vec::new();
        let mut branches = Vec::new();
        if !self.norm.is_empty() {
            params.push(&self.norm);
            branches.push(format!(
                "SELECT v.tu_id FROM pp_variant v JOIN unnest(${}::text[]) AS q(norm) ON v.norm = q.norm AND v.lang = '{from}'",
                params.len()
            ));
        }
        // A probe's length filter is written `ntok + 0` so that it stays a filter: on the
        // length index it reads every variant of the window (38,265 entries per probe in a 1M
        // memory, for 174 that the stem index admits) to AND their bitmaps.
        if !self.pre.is_empty() {
            let n = params.len();
            params.extend_from_slice(&[&self.pre, &self.stems, &self.lo, &self.hi, &self.lim]);
            branches.push(format!(
                "SELECT v.tu_id FROM unnest(${}::text[], ${}::text[], ${}::int4[], ${}::int4[], ${}::float4[]) AS q(pre, stems, lo, hi, lim) \
                 CROSS JOIN LATERAL (SELECT v.tu_id FROM {sf} v WHERE {lexemes} @@ q.pre::tsquery \
                 AND v.ntok + 0 BETWEEN q.lo AND q.hi AND similarity(v.stems, q.stems) >= q.lim) v",
                n + 1, n + 2, n + 3, n + 4, n + 5,
                lexemes = schema::lexemes!("v.")
            ));
        }
        if !self.w_lo.is_empty() {
            let n = params.len();
            params.extend_from_slice(&[&self.w_lo, &self.w_hi]);
            branches.push(format!(
                "SELECT v.tu_id FROM unnest(${}::int4[], ${}::int4[]) AS q(lo, hi) \
                 CROSS JOIN LATERAL (SELECT v.tu_id FROM {sf} v WHERE v.ntok BETWEEN q.lo AND q.hi) v",
                n + 1, n + 2
            ));
        }
        // The candidates are collected first (a materialized set of ids), then their TUs read
        // through the primary key.
        let sql = format!(
            "WITH c AS MATERIALIZED ({}) \
             SELECT t.id, f.path, t.line, t.plain, CASE WHEN t.plain IS NULL THEN t.tmx END FROM pp_tu t JOIN pp_file f ON f.id = t.file_id \
             WHERE t.id = ANY (ARRAY (SELECT DISTINCT tu_id FROM c)) \
             AND EXISTS (SELECT 1 FROM {st} w WHERE w.tu_id = t.id) ORDER BY t.id",
            branches.join(" UNION ALL ")
        );
        let rows = client.query(&sql, &params).map_err(db("looking up"))?;
        Ok(rows
            .iter()
            .map(|r| (r.get(1), (r.get(0), r.get(2), r.get(3), r.get(4))))
            .collect())
    }
}

/// Parses stored `<tu>` elements back into TUs, in order.
fn parse_fragments(items: &[(i64, i32, &str)], file: &str) -> Result<Vec<Tu>, TeamError> {
    let envelope = tmx::write(std::iter::empty(), &Lang::ALL)?;
    let split = envelope.rfind("  </body>").unwrap_or(envelope.len());
    let mut doc =
        String::with_capacity(envelope.len() + items.iter().map(|i| i.2.len()).sum::<usize>());
    doc.push_str(&envelope[..split]);
    for (_, _, x) in items {
        doc.push_str(x);
    }
    doc.push_str(&envelope[split..]);
    let parsed =
        tmx::parse(doc.as_bytes(), Path::new(file)).map_err(|source| TeamError::Stored {
            id: items.first().map_or(0, |i| i.0),
            file: file.to_string(),
            source,
        })?;
    if parsed.tus.len() != items.len() {
        return Err(TeamError::Stored {
            id: items.first().map_or(0, |i| i.0),
            file: file.to_string(),
            source: MemoryError::Structure {
                at: crate::error::Location::file(PathBuf::from(file)),
                message: format!(
                    "{} stored TUs read back as {}",
                    items.len(),
                    parsed.tus.len()
                ),
            },
        });
    }
    Ok(parsed
        .tus
        .into_iter()
        .zip(items)
        .map(|(mut tu, (_, line, _))| {
            tu.line = usize::try_from(*line).unwrap_or(0);
            tu
        })
        .collect())
}

/// A stored TU as a lookup or `pull` reads it: row id, line, and either its plain form or
/// its `<tu>` XML.
type Stored = (i64, i32, Option<String>, Option<String>);

/// The TUs of `items` (of `file`), in order: plain ones built directly, the others parsed from
/// their XML in one document.
fn decode(items: &[&Stored], file: &str) -> Result<Vec<Tu>, TeamError> {
    let mut out: Vec<Option<Tu>> = Vec::with_capacity(items.len());
    let mut xml: Vec<(i64, i32, &str)> = Vec::new();
    for (id, line, plain, tmx) in items.iter().copied() {
        match plain.as_deref().and_then(from_plain) {
            Some(mut tu) => {
                tu.line = usize::try_from(*line).unwrap_or(0);
                out.push(Some(tu));
            }
            None => {
                xml.push((*id, *line, tmx.as_deref().unwrap_or("")));
                out.push(None);
            }
        }
    }
    let mut parsed = if xml.is_empty() {
        Vec::new()
    } else {
        parse_fragments(&xml, file)?
    }
    .into_iter();
    Ok(out
        .into_iter()
        .map(|t| t.or_else(|| parsed.next()).unwrap_or_default())
        .collect())
}

/// The memory's files in load order: the project file, then the others sorted by path.
fn load_order(paths: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = paths
        .into_iter()
        .filter(|p| p != Path::new(PROJECT_FILE))
        .collect();
    v.sort();
    v.dedup();
    v.insert(0, PathBuf::from(PROJECT_FILE));
    v
}

impl TeamMemory {
    /// Connects to `url` and checks the schema.
    ///
    /// # Errors
    /// Connection failures, a missing `pg_trgm`, a missing, old or newer schema.
    pub fn open(url: &str) -> Result<TeamMemory, TeamError> {
        let mut client = connect::connect(url)?;
        // A new process (every `tm lookup`) pays for each round trip here: one statement sets
        // the session up and reads whether `pg_trgm`'s `similarity` is callable, the schema
        // version and the stem alphabet (the row of `pp_schema` as JSON: an older schema lacks
        // columns, not the row), and the paths of the stored files. (Asking the function's
        // name is 0.9 ms cheaper in a new server process than reading `pg_extension`.)
        let read = client.simple_query(&format!(
            "{SESSION_SETUP}; \
             SELECT to_regprocedure('similarity(text,text)') IS NOT NULL, to_jsonb(s), \
             {SCHEMA_STATE} FROM pp_schema s"
        ));
        let (trgm, schema, held, alphabet_md5) = match read {
            Ok(messages) => messages
                .iter()
                .find_map(|m| match m {
                    postgres::SimpleQueryMessage::Row(r) => Some((
                        r.get(0) == Some("t"),
                        r.get(1)
                            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()),
                        held_paths(r.get(3)),
                        r.get(2).map(str::to_string),
                    )),
                    _ => None,
                })
                .unwrap_or((true, None, None, None)),
            // No `pp_schema`: say which of the two `init-db` makes is missing.
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => {
                (has_trgm(&mut client)?, None, None, None)
            }
            Err(e) => return Err(db("reading the schema version")(e)),
        };
        if !trgm {
            return Err(TeamError::NoTrgm {
                message: "function similarity(text, text) of extension \"pg_trgm\" is not installed in this database (or not on the search_path)".into(),
            });
        }
        let Some(schema) = schema else {
            return Err(TeamError::NoSchema);
        };
        let v = schema
            .get("version")
            .and_then(serde_json::Value::as_i64)
            .map_or(0, |v| i32::try_from(v).unwrap_or(i32::MAX));
        if v < schema::VERSION {
            return Err(TeamError::OldSchema {
                found: v,
                wanted: schema::VERSION,
            });
        }
        if v > schema::VERSION {
            return Err(TeamError::NewSchema {
                found: v,
                wanted: schema::VERSION,
            });
        }
        let alphabet: Vec<char> = schema
            .get("alphabet")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .chars()
            .collect();
        if alphabet.is_empty() {
            return Err(TeamError::OldSchema {
                found: 0,
                wanted: schema::VERSION,
            });
        }
        Ok(TeamMemory {
            client: Conn::new(client),
            url: url.to_string(),
            connections: DEFAULT_CONNECTIONS,
            readers: Vec::new(),
            parallel_work: PARALLEL_WORK,
            alphabet,
            df: BTreeMap::new(),
            first_warm: false,
            held,
            alphabet_md5,
        })
    }

    /// Whether a connection kept open since an earlier use (the workbench keeps one between
    /// requests) still reaches the memory it opened: the server answers, and the schema
    /// version and the stem alphabet are those read on opening. Reads again what other
    /// writers may have changed meanwhile: the paths of the stored files now, the stem counts
    /// as lookups ask for them. One round trip. `false`: open a new connection instead
    /// ([`TeamMemory::open`] says what is wrong, if anything is).
    pub fn is_current(&mut self) -> bool {
        let read = self.client.simple_query(&format!(
            "SELECT to_jsonb(s)->>'version', {SCHEMA_STATE} FROM pp_schema s"
        ));
        let Ok(messages) = read else {
            return false;
        };
        let Some((version, md5, held)) = messages.iter().find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(r) => Some((
                r.get(0).and_then(|v| v.parse::<i32>().ok()),
                r.get(1).map(str::to_string),
                held_paths(r.get(2)),
            )),
            _ => None,
        }) else {
            return false;
        };
        if version != Some(schema::VERSION) || md5.is_none() || md5 != self.alphabet_md5 {
            return false;
        }
        self.held = held;
        self.df.clear();
        true
    }

    /// Connects to `url` for lookups of `pairs` (source and target languages) spread over
    /// `connections` ([`TeamMemory::set_connections`]): as [`TeamMemory::open`], with the
    /// further connections opened and warmed for those pairs on threads of their own
    /// meanwhile, so that a lookup finds them ready.
    ///
    /// # Errors
    /// As [`TeamMemory::open`]. A further connection that cannot be opened is not an error:
    /// the first does its share.
    pub fn open_for_lookups(
        url: &str,
        connections: usize,
        pairs: &[(Lang, Lang)],
    ) -> Result<TeamMemory, TeamError> {
        let readers: Vec<Option<Reader>> = (1..connections.max(1))
            .map(|_| {
                let (url, pairs) = (url.to_string(), pairs.to_vec());
                std::thread::Builder::new()
                    .name("pg-reader".into())
                    .spawn(move || {
                        let mut c = reader(&url).ok()?;
                        warm(&mut c, &pairs).ok()?;
                        Some(c)
                    })
                    .ok()
                    .map(Reader::Opening)
            })
            .collect();
        let mut team = TeamMemory::open(url)?;
        team.set_connections(connections);
        team.readers = readers;
        Ok(team)
    }

    /// Sets how many connections a lookup spreads its index probes over (at least 1: then
    /// only the first): `memory.connections`. The server runs each connection's statement in a
    /// process of its own, so a lookup of many probes takes about as long as its largest share.
    pub fn set_connections(&mut self, n: usize) {
        // Connections already open stay open (idle when fewer are asked for): opening one
        // costs a server process and its catalog caches.
        self.connections = n.max(1);
    }

    /// Sets the least estimated work (summed [`stems::Probe::weight`]) of a lookup that is
    /// spread over several connections; lighter ones run on the first alone. Default: about
    /// 4 ms of index scans.
    pub fn set_parallel_work(&mut self, work: u64) {
        self.parallel_work = work;
    }

    /// How many TUs the database holds.
    ///
    /// # Errors
    /// A failed query.
    pub fn count(&mut self) -> Result<usize, TeamError> {
        let n: i64 = self
            .client
            .query_one("SELECT count(*) FROM pp_tu", &[])
            .map_err(db("counting TUs"))?
            .get(0);
        Ok(n as usize)
    }

    fn file_ids(
        tx: &mut Transaction<'_>,
        paths: &[String],
    ) -> Result<HashMap<String, i32>, TeamError> {
        tx.execute(
            "INSERT INTO pp_file (path) SELECT * FROM unnest($1::text[]) ON CONFLICT (path) DO NOTHING",
            &[&paths],
        )
        .map_err(db("recording files"))?;
        Ok(tx
            .query("SELECT path, id FROM pp_file", &[])
            .map_err(db("reading files"))?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    /// Copies every TU of `memory` into the database, in one transaction; TUs it already holds
    /// (same file, same normalized variant set) are skipped, so pushing again adds nothing.
    ///
    /// # Errors
    /// A TU that TMX cannot carry, or a failed statement (then nothing was written).
    pub fn push(&mut self, memory: &Memory) -> Result<PushReport, TeamError> {
        let paths: Vec<String> = memory
            .files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned())
            .collect();
        let mut tx = self.client.transaction().map_err(db("starting the push"))?;
        // One writer at a time, as `learn` does, taken before any table: a large push locks
        // the variant tables whole (to drop their indexes and keys), and a learn that already
        // held rows of `pp_tu` while waiting for them would deadlock with it.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(db("waiting for the write lock"))?;
        let ids = Self::file_ids(&mut tx, &paths)?;
        // A push larger than what the database holds builds the variant indexes afresh after
        // its inserts (other sessions' lookups wait for the commit meanwhile).
        let held: f32 = tx
            .query_one(
                "SELECT coalesce(max(reltuples), 0)::float4 FROM pg_class WHERE relname = 'pp_tu'",
                &[],
            )
            .map_err(db("sizing the push"))?
            .get(0);
        let rebuild = memory.tus.len() >= 50_000 && memory.tus.len() as f32 > held.max(0.0);
        // It also drops the foreign keys to `pp_tu` and `pp_file` and adds them again at the
        // end: checked row by row, they took half the time of copying the variants in (a
        // lookup of the parent and a lock on it per row); added again, each is checked in one
        // join.
        let mut keys: Vec<(String, String, String)> = Vec::new();
        if rebuild {
            for (name, _) in schema::variant_indexes() {
                tx.batch_execute(&format!("DROP INDEX IF EXISTS {name}"))
                    .map_err(db("dropping an index for the push"))?;
            }
            keys = tx
                .query(
                    "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint \
                     WHERE contype = 'f' AND confrelid IN ('pp_tu'::regclass, 'pp_file'::regclass) ORDER BY 1, 2",
                    &[],
                )
                .map_err(db("reading the foreign keys"))?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            for (table, name, _) in &keys {
                tx.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
                    .map_err(db("dropping a foreign key for the push"))?;
            }
        }
        let file_id: Vec<i32> = paths.iter().map(|p| ids[p]).collect();
        let alphabet = &self.alphabet;
        let mut df = DfCounts::default();
        let mut case = CaseDelta::default();
        let mut report = PushReport {
            files: paths.len(),
            ..PushReport::default()
        };
        // The rows of the next chunk are made (encoded, written as TMX, their word cases
        // counted) while the server inserts the current one: at most two chunks ahead.
        std::thread::scope(|scope| -> Result<(), TeamError> {
            let (send, receive) = std::sync::mpsc::sync_channel::<Result<Prepared, TeamError>>(1);
            scope.spawn(move || {
                let mut copies = rustc_hash::FxHashMap::default();
                for chunk in memory.tus.chunks(4096) {
                    let made = prepare(&chunk, &file_id, alphabet, &mut copies);
                    let failed = made.is_err();
                    // A closed channel: the inserts failed and the push is over.
                    if send.send(made).is_err() || failed {
                        return;
                    }
                }
            });
            for prepared in receive {
                let prepared = prepared?;
                report.read += prepared.rows.len();
                report.inserted += insert_rows(
                    &mut tx,
                    &prepared.rows,
                    Some(prepared.case),
                    &mut df,
                    &mut case,
                )?;
            }
            Ok(())
        })?;
        store_df(&mut tx, df)?;
        store_case(&mut tx, case)?;
        if rebuild {
            tx.batch_execute("SET LOCAL maintenance_work_mem = '512MB'")
                .map_err(db("building the indexes"))?;
            for (_, sql) in schema::variant_indexes() {
                tx.batch_execute(&sql).map_err(db("building the indexes"))?;
            }
            for (table, name, definition) in &keys {
                tx.batch_execute(&format!(
                    "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
                ))
                .map_err(db("checking the foreign keys"))?;
            }
            tx.batch_execute(
                "ANALYZE pp_tu, pp_variant, pp_stem_en, pp_stem_tr, pp_stem_ru, pp_case, pp_df",
            )
            .map_err(db("analyzing"))?;
        }
        tx.commit().map_err(db("committing the push"))?;
        self.held = None;
        self.df.clear();
        Ok(report)
    }

    /// Every TU of the database, file by file (project file first, then by path), in the order
    /// they were stored, each with its locale preference applied as loading does.
    ///
    /// # Errors
    /// A failed query, or a stored TU that does not parse back.
    pub fn pull(&mut self) -> Result<Vec<(PathBuf, Vec<Tu>)>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT t.id, f.path, t.line, t.plain, CASE WHEN t.plain IS NULL THEN t.tmx END FROM pp_tu t JOIN pp_file f ON f.id = t.file_id ORDER BY f.path, t.id",
                &[],
            )
            .map_err(db("reading TUs"))?;
        let mut by_file: BTreeMap<String, Vec<Stored>> = BTreeMap::new();
        for r in &rows {
            by_file
                .entry(r.get(1))
                .or_default()
                .push((r.get(0), r.get(2), r.get(3), r.get(4)));
        }
        let order = load_order(by_file.keys().map(PathBuf::from));
        let mut out = Vec::new();
        for path in order {
            let key = path.to_string_lossy().into_owned();
            let items: Vec<&Stored> = by_file.get(&key).into_iter().flatten().collect();
            out.push((path, decode(&items, &key)?));
        }
        Ok(out)
    }

    /// Writes what [`TeamMemory::pull`] read into `root` (`memory/`), each file atomically.
    /// Returns how many files and TUs were written.
    ///
    /// # Errors
    /// As [`TeamMemory::pull`], or a failed write.
    pub fn pull_into(&mut self, root: &Path) -> Result<(usize, usize), TeamError> {
        let files = self.pull()?;
        let mut tus = 0;
        let mut written = 0;
        for (path, list) in &files {
            if list.is_empty() && path == Path::new(PROJECT_FILE) {
                continue;
            }
            let xml = tmx::write(list.iter(), &Lang::ALL)?;
            crate::fsx::write_atomic(&root.join(path), xml.as_bytes())
                .map_err(MemoryError::from)?;
            tus += list.len();
            written += 1;
        }
        Ok((written, tus))
    }

    /// How many stored `lang` variants hold each of `chars` (read once per session and
    /// character: a lookup needs its query's few, not the whole table).
    fn df(&mut self, lang: Lang, chars: &[char]) -> Result<&HashMap<char, u64>, TeamError> {
        let known = self.df.entry(lang).or_default();
        let mut missing: Vec<char> = chars
            .iter()
            .copied()
            .filter(|c| !known.contains_key(c))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let asked: Vec<String> = missing.iter().map(char::to_string).collect();
            let rows = self
                .client
                .query(
                    "SELECT ch, df FROM pp_df WHERE lang = $1 AND ch = ANY ($2)",
                    &[&lang.code(), &asked],
                )
                .map_err(db("reading stem counts"))?;
            let known = self.df.entry(lang).or_default();
            // A character no variant holds counts 0.
            known.extend(missing.iter().map(|&c| (c, 0)));
            for r in &rows {
                let ch: &str = r.get(0);
                let df: i64 = r.get(1);
                if let Some(c) = ch.chars().next() {
                    known.insert(c, u64::try_from(df).unwrap_or(0));
                }
            }
        }
        Ok(&self.df[&lang])
    }

    /// The TUs that may match any of `texts` (in `from`) at score `min` and have a `to`
    /// variant: one query. Returns each with its file path.
    fn candidates(
        &mut self,
        from: Lang,
        to: Lang,
        texts: &[&str],
        min: u8,
    ) -> Result<Vec<(String, Stored)>, TeamError> {
        let alphabet = &self.alphabet;
        let enc: Vec<stems::Encoded> = texts
            .par_iter()
            .map(|t| stems::encode(t, from, alphabet))
            .collect();
        let asked: Vec<char> = enc
            .iter()
            .flat_map(|e| e.stems.chars().filter(|c| *c != ' '))
            .collect();
        let df = self.df(from, &asked)?;
        let probes: Vec<Vec<stems::Probe>> = enc
            .iter()
            .map(|e| stems::probes(e, min, |c| df.get(&c).copied().unwrap_or(0)))
            .collect();
        // The probes are spread over the lookup connections by their estimated cost (the
        // exact-text and length-only branches stay on the first): each connection's server
        // process walks its share of the posting lists on its own core.
        let int = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        // Sharing a snapshot costs about a millisecond of round trips: a light lookup is
        // faster on one connection.
        let work: u64 = probes.iter().flatten().map(|p| p.weight).sum();
        let parts = if work >= self.parallel_work {
            self.connections
        } else {
            1
        };
        let mut sets: Vec<ProbeSet> = (0..parts).map(|_| ProbeSet::default()).collect();
        // Further connections opened for lookups were warmed then; the first runs its first
        // lookup cold, so it takes less of that one.
        let warmed = self.readers.len() + 1 >= parts && self.readers.iter().all(Option::is_some);
        if parts > 1 && !self.first_warm && warmed {
            sets[0].weight = COLD_START;
        }
        let mut indexed: Vec<(&stems::Encoded, stems::Probe)> = Vec::new();
        for (e, probes) in enc.iter().zip(probes) {
            sets[0].norm.push(e.key.clone());
            for p in probes {
                if p.query.is_some() {
                    indexed.push((e, p));
                } else {
                    sets[0].w_lo.push(int(p.lo));
                    sets[0].w_hi.push(int(p.hi));
                }
            }
        }
        // Heaviest first, each to the lightest set (ties to the first): a stable order, so
        // the same lookup sends the same statements.
        indexed.sort_by_key(|p| std::cmp::Reverse(p.1.weight));
        for (e, p) in indexed {
            let set = (0..parts).min_by_key(|&i| (sets[i].weight, i)).unwrap_or(0);
            let s = &mut sets[set];
            s.weight += p.weight.max(1);
            s.pre.push(p.query.unwrap_or_default());
            s.stems.push(e.stems.clone());
            s.lo.push(int(p.lo));
            s.hi.push(int(p.hi));
            s.lim.push(p.limit.unwrap_or(0.0));
        }
        sets.retain(|s| !s.is_empty());
        let (from_code, sf, st) = (
            from.code(),
            schema::stem_table(from),
            schema::stem_table(to),
        );
        let target = (from_code, sf, st);
        let mut rows = if sets.len() <= 1 {
            match sets.first() {
                Some(s) => s.run(&mut *self.client, target)?,
                None => Vec::new(),
            }
        } else {
            self.run_parallel(&sets, target)?
        };
        self.first_warm = true;
        rows.sort_by_key(|r| r.1 .0);
        rows.dedup_by_key(|r| r.1 .0);
        Ok(rows)
    }

    /// Runs each of `sets` (its statement in `sql`) on a connection of its own, all in one
    /// snapshot: the first connection exports it in a read-only repeatable-read transaction
    /// and the others import it, so together they read one state of the database even while
    /// others write. A lookup connection that cannot be opened leaves its share to the first
    /// (and later lookups to it alone).
    fn run_parallel(
        &mut self,
        sets: &[ProbeSet],
        target: (&str, &str, &str),
    ) -> Result<Vec<(String, Stored)>, TeamError> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(db("starting a lookup"))?;
        let snapshot = tx
            .simple_query("SELECT pg_export_snapshot()")
            .map_err(db("sharing the lookup's snapshot"))?
            .into_iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
                _ => None,
            })
            .unwrap_or_default();
        while self.readers.len() < sets.len() - 1 {
            self.readers.push(None);
        }
        let url = self.url.as_str();
        type Found = Vec<(String, Stored)>;
        // A further connection's share: its client and candidates, or why not (`None`: it
        // could not be opened).
        type Outcome = Result<(Conn, Found), Option<TeamError>>;
        let (first, others): (Result<Found, TeamError>, Vec<Outcome>) = std::thread::scope(
            |scope| {
                let handles: Vec<_> = sets[1..]
                    .iter()
                    .zip(self.readers.iter_mut())
                    .map(|(set, slot)| {
                        let held = slot.take();
                        let snapshot = snapshot.as_str();
                        scope.spawn(move || -> Outcome {
                            let mut client = match held.map(Reader::ready) {
                                Some(Some(c)) => c,
                                // Not opened before: now.
                                None => reader(url).map_err(|_| None)?,
                                // Not reachable: the first connection does this share.
                                Some(None) => return Err(None),
                            };
                            client
                                .batch_execute(&format!(
                                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'"
                                ))
                                .map_err(|e| Some(db("joining the lookup's snapshot")(e)))?;
                            let rows = set.run(&mut *client, target).map_err(Some)?;
                            client
                                .batch_execute("COMMIT")
                                .map_err(|e| Some(db("ending a lookup")(e)))?;
                            Ok((client, rows))
                        })
                    })
                    .collect();
                let first = sets[0].run(&mut tx, target);
                let others = handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(Err(None)))
                    .collect();
                (first, others)
            },
        );
        let mut rows = first?;
        let mut unreached = false;
        for (i, outcome) in others.into_iter().enumerate() {
            match outcome {
                Ok((client, found)) => {
                    self.readers[i] = Some(Reader::Open(Box::new(client)));
                    rows.extend(found);
                }
                Err(Some(e)) => return Err(e),
                Err(None) => {
                    unreached = true;
                    rows.extend(sets[i + 1].run(&mut tx, target)?);
                }
            }
        }
        tx.commit().map_err(db("ending a lookup"))?;
        if unreached {
            self.connections = 1;
            self.readers.clear();
        }
        Ok(rows)
    }

    /// The memory to look `queries` up in: `local` (the TMX files of `memory/`, less those the
    /// database holds) with every database TU that may match one of them at score `min`. Its
    /// lookups for those queries equal the file memory's for the same TUs. One query per
    /// language pair.
    ///
    /// # Errors
    /// A failed query, or a stored TU that does not parse back.
    pub fn memory_for(
        &mut self,
        local: Memory,
        queries: &[(Lang, Lang, Vec<&str>)],
        min: u8,
        options: &LoadOptions,
    ) -> Result<Memory, TeamError> {
        let mut found: BTreeMap<i64, (String, Stored)> = BTreeMap::new();
        for (from, to, texts) in queries {
            let mut texts = texts.clone();
            texts.sort_unstable();
            texts.dedup();
            if texts.is_empty() {
                continue;
            }
            for (path, stored) in self.candidates(*from, *to, &texts, min)? {
                found.insert(stored.0, (path, stored));
            }
        }
        let mut by_file: BTreeMap<&str, Vec<&Stored>> = BTreeMap::new();
        for (path, stored) in found.values() {
            by_file.entry(path.as_str()).or_default().push(stored);
        }
        let mut decoded = BTreeMap::new();
        for (path, items) in by_file {
            decoded.insert(path.to_string(), decode(&items, path)?);
        }
        let memory = self.compose(local, decoded, options)?;
        let mut langs: Vec<Lang> = queries.iter().map(|q| q.0).collect();
        langs.sort_unstable();
        langs.dedup();
        for lang in langs {
            let lexicon = self.case_lexicon(&memory, lang, queries, min)?;
            memory.set_case_lexicon(lang, lexicon);
        }
        Ok(memory)
    }

    /// The [`CaseLexicon`] of `lang` that `memory` (a candidate view made by
    /// [`TeamMemory::memory_for`]) needs to warn as the whole memory would when looking up
    /// `queries` at `min`: every word of its TUs from files the database does not hold, and the
    /// database's entries that may count for a word those lookups may ask about (a capitalized
    /// word starting the query or a TU the query may match).
    fn case_lexicon(
        &mut self,
        memory: &Memory,
        lang: Lang,
        queries: &[(Lang, Lang, Vec<&str>)],
        min: u8,
    ) -> Result<CaseLexicon, TeamError> {
        let held = self.held.clone().unwrap_or_default();
        let from_db: Vec<bool> = memory
            .files
            .iter()
            .map(|f| held.contains(&f.path.to_string_lossy().into_owned()))
            .collect();
        let mut counts = CaseCounts::default();
        for tu in memory.tus.iter().filter(|tu| !from_db[tu.file]) {
            if let Some(text) = tu.text(lang) {
                CaseLexicon::count(text, lang, &mut counts);
            }
        }
        // Only a match's warnings ask: the TUs a lookup may return, not every candidate.
        let mut asked: Vec<(&str, Lang)> = queries
            .iter()
            .filter(|q| q.0 == lang)
            .flat_map(|q| q.2.iter().map(move |t| (*t, q.1)))
            .collect();
        asked.sort_unstable();
        asked.dedup();
        let mut matched: Vec<usize> = asked
            .par_iter()
            .flat_map_iter(|&(t, to)| memory.possible_matches(t, lang, to, min))
            .collect();
        matched.sort_unstable();
        matched.dedup();
        let mut texts: Vec<&str> = asked.iter().map(|a| a.0).collect();
        texts.extend(matched.iter().filter_map(|&i| memory.tus[i].text(lang)));
        let mut words: Vec<String> = texts
            .par_iter()
            .flat_map_iter(|t| crate::memory::lookup::case_words_asked(t, lang))
            .collect();
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            return Ok(CaseLexicon::from_counts(counts));
        }
        let (mut stems, mut prefixes, mut longest) = (Vec::new(), Vec::new(), Vec::new());
        for w in &words {
            let f = CaseLexicon::may_count(w);
            stems.push(f.stem);
            prefixes.push(f.prefix);
            longest.push(i32::try_from(f.longest).unwrap_or(i32::MAX));
        }
        let rows = self
            .client
            .query(
                "SELECT DISTINCT c.word, c.caps, c.lower FROM unnest($2::text[], $3::text[], $4::int4[]) AS q(stem, prefix, longest) \
                 JOIN pp_case c ON c.lang = $1 AND c.stem = q.stem AND starts_with(c.word, q.prefix) AND length(c.word) <= q.longest",
                &[&lang.code(), &stems, &prefixes, &longest],
            )
            .map_err(db("reading word case counts"))?;
        for r in &rows {
            let word: String = r.get(0);
            let caps: i64 = r.get(1);
            let lower: i64 = r.get(2);
            let e = counts.entry(word).or_default();
            e.0 =
                e.0.saturating_add(u32::try_from(caps.max(0)).unwrap_or(u32::MAX));
            e.1 =
                e.1.saturating_add(u32::try_from(lower.max(0)).unwrap_or(u32::MAX));
        }
        Ok(CaseLexicon::from_counts(counts))
    }

    /// The whole memory: `local` (the TMX files of `memory/`, less those the database holds)
    /// with every TU of the database, as the file memory would hold them after a `tm pull`.
    /// For the commands that read every TU (`tm export`, `tm concordance`,
    /// `tm stats --conflicts`).
    ///
    /// # Errors
    /// A failed query, or a stored TU that does not parse back.
    pub fn whole(&mut self, local: Memory, options: &LoadOptions) -> Result<Memory, TeamError> {
        let pulled = self
            .pull()?
            .into_iter()
            .map(|(path, tus)| (path.to_string_lossy().into_owned(), tus))
            .collect();
        self.compose(local, pulled, options)
    }

    /// `local` with the database's files (`db`, TUs by stored path) in place of its own copies
    /// of them, in loading order.
    fn compose(
        &mut self,
        local: Memory,
        mut db: BTreeMap<String, Vec<Tu>>,
        options: &LoadOptions,
    ) -> Result<Memory, TeamError> {
        if self.held.is_none() {
            self.held = Some(self.file_paths()?);
        }
        let held = self.held.clone().unwrap_or_default();
        let mut local_tus: BTreeMap<PathBuf, Vec<Tu>> = BTreeMap::new();
        let files = local.files.clone();
        for tu in local.tus {
            local_tus
                .entry(files[tu.file].path.clone())
                .or_default()
                .push(tu);
        }
        let mut memory = Memory::new();
        memory.root = local.root;
        memory.author = local.author;
        memory.bad_files = local.bad_files;
        let order = load_order(
            files
                .iter()
                .map(|f| f.path.clone())
                .chain(held.iter().map(PathBuf::from)),
        );
        for path in order {
            let key = path.to_string_lossy().into_owned();
            let tus = if held.contains(&key) {
                db.remove(&key).unwrap_or_default()
            } else {
                local_tus.remove(&path).unwrap_or_default()
            };
            let doc = tmx::TmxDocument {
                srclang: None,
                tus,
                skipped_variants: 0,
            };
            memory.push_file(path, doc, options);
        }
        Ok(memory)
    }

    /// The paths of the files the database holds.
    fn file_paths(&mut self) -> Result<Vec<String>, TeamError> {
        Ok(self
            .client
            .query("SELECT path FROM pp_file", &[])
            .map_err(db("reading files"))?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// `tm stats` of the memory lookups see: the database's files, and the files of `local`
    /// (the TMX files of `memory/`) it does not hold. Counted in the database, with `local`'s
    /// texts sent along, so duplicates and conflicts across both are counted as the file
    /// memory counts them (texts compared exactly).
    ///
    /// # Errors
    /// A failed query.
    pub fn stats(
        &mut self,
        local: &Memory,
        options: &LoadOptions,
    ) -> Result<crate::memory::Stats, TeamError> {
        use crate::memory::stats::FileStats;
        use crate::memory::{PairStats, Stats};
        let held = self.file_paths()?;
        let is_held = |p: &Path| held.iter().any(|h| Path::new(h) == p);
        let (mut l_tu, mut l_lang, mut l_text) = (Vec::new(), Vec::new(), Vec::new());
        let mut files: BTreeMap<PathBuf, (usize, usize)> = BTreeMap::new();
        for f in &local.files {
            if !is_held(&f.path) {
                files.insert(f.path.clone(), (0, f.skipped_variants));
            }
        }
        let mut languages: BTreeMap<Lang, usize> = BTreeMap::new();
        for (i, tu) in local.tus.iter().enumerate() {
            let path = &local.files[tu.file].path;
            if is_held(path) {
                continue;
            }
            if let Some(f) = files.get_mut(path) {
                f.0 += 1;
            }
            for (lang, v) in tu.variants.iter() {
                *languages.entry(*lang).or_insert(0) += 1;
                l_tu.push(i as i64);
                l_lang.push(lang.code());
                l_text.push(v.text.as_str());
            }
        }
        for r in self
            .client
            .query(
                "SELECT f.path, count(t.id) FROM pp_file f LEFT JOIN pp_tu t ON t.file_id = f.id GROUP BY f.path",
                &[],
            )
            .map_err(db("counting TUs"))?
        {
            let path: String = r.get(0);
            let n: i64 = r.get(1);
            files.insert(PathBuf::from(path), (n as usize, 0));
        }
        for r in self
            .client
            .query("SELECT lang, count(*) FROM pp_variant GROUP BY lang", &[])
            .map_err(db("counting variants"))?
        {
            let code: &str = r.get(0);
            let n: i64 = r.get(1);
            if let Some(l) = lang_of_code(code) {
                *languages.entry(l).or_insert(0) += n as usize;
            }
        }
        let rows = self
            .client
            .query(
                "WITH v AS (SELECT tu_id AS tu, lang, text FROM pp_variant \
                   UNION ALL SELECT -1 - u.tu, u.lang, u.text FROM unnest($1::int8[], $2::text[], $3::text[]) AS u(tu, lang, text)), \
                 g AS (SELECT s.lang AS sl, t.lang AS tl, s.text, count(*) AS n, count(DISTINCT t.text) AS nt \
                   FROM v s JOIN v t ON t.tu = s.tu AND t.lang <> s.lang GROUP BY s.lang, t.lang, s.text) \
                 SELECT sl, tl, sum(n)::int8, (sum(n) - sum(nt))::int8, count(*) FILTER (WHERE nt > 1) FROM g GROUP BY sl, tl",
                &[&l_tu, &l_lang, &l_text],
            )
            .map_err(db("counting pairs"))?;
        let mut counted: HashMap<(Lang, Lang), (usize, usize, usize)> = HashMap::new();
        for r in &rows {
            if let (Some(f), Some(t)) = (lang_of_code(r.get(0)), lang_of_code(r.get(1))) {
                let (n, d, c): (i64, i64, i64) = (r.get(2), r.get(3), r.get(4));
                counted.insert((f, t), (n as usize, d as usize, c as usize));
            }
        }
        let mut pairs = Vec::new();
        for from in Lang::ALL {
            for to in Lang::ALL {
                if from == to {
                    continue;
                }
                let (tus, duplicates, conflicts) =
                    counted.get(&(from, to)).copied().unwrap_or_default();
                pairs.push(PairStats {
                    from,
                    to,
                    tus,
                    duplicates,
                    conflicts,
                });
            }
        }
        let order = load_order(files.keys().cloned());
        let files: Vec<FileStats> = order
            .into_iter()
            .map(|path| {
                let (tus, skipped_variants) = files.get(&path).copied().unwrap_or_default();
                let penalty = path
                    .components()
                    .next()
                    .filter(|_| path.components().count() > 1)
                    .and_then(|c| {
                        options
                            .penalties
                            .get(c.as_os_str().to_string_lossy().as_ref())
                            .copied()
                    })
                    .unwrap_or(0);
                FileStats {
                    path,
                    tus,
                    penalty,
                    skipped_variants,
                }
            })
            .collect();
        Ok(Stats {
            tus: files.iter().map(|f| f.tus).sum(),
            languages,
            files,
            pairs,
            bad_files: local.bad_files.iter().map(|e| e.to_string()).collect(),
        })
    }

    /// Adds `tus` to the project file as [`Memory::add`] does (insert, or merge into a project
    /// TU that shares a variant's text and contradicts none), in one transaction under the
    /// write lock; without an `author`, as [`Memory::merge`] does (`tm import`). Returns how many were inserted, merged and unchanged.
    ///
    /// # Errors
    /// A TU that TMX cannot carry, or a failed statement (then nothing was written).
    pub fn learn(
        &mut self,
        tus: Vec<Tu>,
        author: Option<String>,
        options: &LoadOptions,
    ) -> Result<[usize; 3], TeamError> {
        if tus.is_empty() {
            return Ok([0; 3]);
        }
        let stamped = author.is_some();
        let probe = tus.clone();
        let (mut counts, dup) = self.learn_with(&probe, author, options, |scratch| {
            let mut counts = [0; 3];
            if stamped {
                for tu in tus {
                    counts[scratch.add(tu) as usize] += 1;
                }
            } else {
                // Unstamped (`tm import`): the linear merge, with the same outcomes.
                counts = scratch.merge(tus);
            }
            Ok::<_, TeamError>(counts)
        })?;
        counts[AddOutcome::Inserted as usize] -= dup;
        counts[AddOutcome::Unchanged as usize] += dup;
        Ok(counts)
    }

    /// Runs `f` on the project file's TUs that may take in `probe` (those sharing a variant's
    /// normalized text), under the write lock, then writes what `f` changed and added in the
    /// same transaction: so `f`'s own counts (per article, for `learn`) are the database's.
    /// Returns `f`'s result and how many of its new TUs the database already held (same
    /// normalized variant set), which are not new. When `f` fails nothing is written.
    ///
    /// # Errors
    /// `f`'s error, a TU that TMX cannot carry, or a failed statement.
    pub fn learn_with<R, E: From<TeamError>>(
        &mut self,
        probe: &[Tu],
        author: Option<String>,
        options: &LoadOptions,
        f: impl FnOnce(&mut Memory) -> Result<R, E>,
    ) -> Result<(R, usize), E> {
        let norms: Vec<String> = probe
            .iter()
            .flat_map(|tu| {
                tu.variants.iter().map(|(l, v)| {
                    crate::memory::normalize::normalize(&v.text, *l)
                        .key
                        .iter()
                        .collect::<String>()
                })
            })
            .collect();
        let alphabet = self.alphabet.clone();
        let mut tx = self.client.transaction().map_err(db("starting learn"))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(db("waiting for other writers"))?;
        let project: i32 = tx
            .query_one("SELECT id FROM pp_file WHERE path = $1", &[&PROJECT_FILE])
            .map_err(db("finding the project file"))?
            .get(0);
        let rows = tx
            .query(
                "SELECT t.id, t.line, t.plain, CASE WHEN t.plain IS NULL THEN t.tmx END, t.copy FROM pp_tu t WHERE t.file_id = $1 AND t.id IN \
                 (SELECT v.tu_id FROM pp_variant v JOIN unnest($2::text[]) AS q(norm) ON v.norm = q.norm) ORDER BY t.id",
                &[&project, &norms],
            )
            .map_err(db("reading project TUs"))?;
        let items: Vec<Stored> = rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        let existing = decode(&items.iter().collect::<Vec<_>>(), PROJECT_FILE)?;
        let mut scratch = Memory::new();
        scratch.push_file(
            PathBuf::from(PROJECT_FILE),
            tmx::TmxDocument {
                srclang: None,
                tus: existing.clone(),
                skipped_variants: 0,
            },
            options,
        );
        scratch.author = author;
        let before = scratch.tus.clone();
        let mut df = DfCounts::default();
        let mut case = CaseDelta::default();
        let result = f(&mut scratch)?;
        for (i, tu) in scratch.tus.iter().enumerate().take(before.len()) {
            if *tu == before[i] {
                continue;
            }
            let (id, copy) = (items[i].0, rows[i].get::<_, i32>(4));
            let r = row(tu, project, copy, &alphabet).map_err(TeamError::from)?;
            tx.execute(
                "UPDATE pp_tu SET vset = $2, tuid = $3, created = $4, created_by = $5, changed = $6, changed_by = $7, props = $8::text::jsonb, tmx = $9, plain = $10 WHERE id = $1",
                &[&id, &r.vset, &r.tuid, &r.dates[0], &r.dates[1], &r.dates[2], &r.dates[3], &r.props, &r.tmx, &r.plain],
            )
            .map_err(db("updating a project TU"))?;
            tx.execute(
                "WITH e AS (DELETE FROM pp_stem_en WHERE tu_id = $1), t AS (DELETE FROM pp_stem_tr WHERE tu_id = $1), \
                 r AS (DELETE FROM pp_stem_ru WHERE tu_id = $1) DELETE FROM pp_variant WHERE tu_id = $1",
                &[&id],
            )
            .map_err(db("updating a project TU"))?;
            let mut v = VariantColumns::default();
            v.extend(id, &r.variants);
            v.insert(&mut tx)?;
            count_df(&r.variants, &mut df);
            // The case counts follow the texts: the old ones out, the new ones in.
            let old: Vec<(&str, &str)> = before[i]
                .variants
                .iter()
                .map(|(l, v)| (l.code(), v.text.as_str()))
                .collect();
            let new: Vec<(&str, &str)> = r
                .variants
                .iter()
                .map(|v| (v.lang, v.text.as_str()))
                .collect();
            case = add_counts(case, case_delta(old, -1));
            case = add_counts(case, case_delta(new, 1));
        }
        let new: Vec<Row> = scratch
            .tus
            .iter()
            .skip(before.len())
            .map(|tu| row(tu, project, 0, &alphabet))
            .collect::<Result<_, _>>()
            .map_err(TeamError::from)?;
        let inserted = insert_rows(&mut tx, &new, None, &mut df, &mut case)?;
        store_df(&mut tx, df)?;
        store_case(&mut tx, case)?;
        // A TU the database already held (same normalized variant set) is not new.
        let dup = new.len() - inserted;
        tx.commit().map_err(db("committing learn"))?;
        self.df.clear();
        Ok((result, dup))
    }
}
