//! The shared memories a team would otherwise run, as their lookups reach PostgreSQL: the
//! same TUs in a table shaped as Weblate's `memory_memory` (source and target text, language
//! ids, `from_file`, and its `gin_trgm_ops` index on the source), queried the way each tool
//! queries it, on the same server in the same run.
//!
//! - Weblate's earlier lookup (`weblate/memory/models.py`, `MemoryQuerySet.lookup`,
//!   machinery threshold 75):
//!   `set_limit()` to a similarity derived from the threshold and the text's length, then
//!   `source % text` with the language filter, `LIMIT 50`; while nothing is found the limit
//!   drops by 0.05 down to 0.3 (a change under 0.05 from the connection's current limit is not
//!   sent, as `adjust_similarity_threshold` does). Each candidate is then scored in the client
//!   with Damerau–Levenshtein similarity (`weblate/utils/similarity.py`) and kept at ≥ 75.
//! - Weblate's current lookup (its main branch: `MemoryQuerySet.get_fuzzy_candidates`,
//!   machinery threshold 80):
//!   the 50 sources nearest by trigram distance (`left(source, 2048) <-> text`, a GiST
//!   `gist_trgm_ops` index with the language ids through `btree_gist`), then the same scoring
//!   in the client, kept at ≥ 80.
//! - Pontoon (`pontoon/base/models/translation_memory.py`, `minimum_levenshtein_ratio`, 0.7):
//!   a length window over the source, then fuzzystrmatch's `levenshtein(source, text, 1, 2, 2)`
//!   turned into a ratio in SQL, kept above 70 and ordered by it; texts past the window of 255
//!   characters that `levenshtein()` accepts are prefiltered on their first 255 characters and
//!   scored in the client, as Pontoon's Python path does.
//!
//! These are the tools' queries, not the whole applications (no Django, no HTTP): what they
//! cost is a lower bound of what their users wait for.
#![allow(dead_code)]

use std::time::Instant;

/// One peer answer: source, target and the peer's own score (0–100).
pub type Answer = Vec<(String, String, f64)>;

/// The table both peers' queries read, filled from a polypress team memory database.
pub const TABLE: &str = "peer_memory";

/// Fills [`TABLE`] with the database's English → Turkish pairs (one row per TU holding both)
/// and builds Weblate's trigram index on the source, unless it already holds that many rows.
/// Returns the rows and the seconds the fill and index took (None when reused).
pub fn prepare(client: &mut postgres::Client) -> (i64, Option<f64>) {
    let want: i64 = client
        .query_one(
            "SELECT count(*) FROM pp_variant e JOIN pp_variant t \
             ON t.tu_id = e.tu_id AND t.lang = 'tr' WHERE e.lang = 'en'",
            &[],
        )
        .expect("count pairs")
        .get(0);
    let there: bool = client
        .query_one(&format!("SELECT to_regclass('{TABLE}') IS NOT NULL"), &[])
        .expect("look for the peer table")
        .get(0);
    if there {
        let have: i64 = client
            .query_one(&format!("SELECT count(*) FROM {TABLE}"), &[])
            .expect("count peer rows")
            .get(0);
        if have == want {
            return (want, None);
        }
    }
    let t = Instant::now();
    client
        .batch_execute(&format!(
            "SET maintenance_work_mem = '2GB';
             CREATE EXTENSION IF NOT EXISTS pg_trgm;
             CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
             DROP TABLE IF EXISTS {TABLE};
             CREATE TABLE {TABLE} (
                 id serial PRIMARY KEY,
                 source_language_id int NOT NULL,
                 target_language_id int NOT NULL,
                 source text NOT NULL,
                 target text NOT NULL,
                 origin text NOT NULL,
                 from_file boolean NOT NULL
             );
             INSERT INTO {TABLE} (source_language_id, target_language_id, source, target, origin, from_file)
                 SELECT 1, 2, e.text, t.text, 'memory.tmx', true
                 FROM pp_variant e JOIN pp_variant t ON t.tu_id = e.tu_id AND t.lang = 'tr'
                 WHERE e.lang = 'en' ORDER BY e.tu_id;
             CREATE INDEX {TABLE}_source_trgm ON {TABLE} USING gin (source gin_trgm_ops);
             CREATE INDEX {TABLE}_md5 ON {TABLE} (md5(origin), md5(source), md5(target), source_language_id, target_language_id);
             CREATE INDEX {TABLE}_from_file ON {TABLE} (from_file) WHERE from_file;
             ANALYZE {TABLE};"
        ))
        .expect("fill the peer table");
    (want, Some(t.elapsed().as_secs_f64()))
}

/// Builds the GiST index of Weblate's current lookup on [`TABLE`] unless it is there; returns
/// the seconds it took (None when it was there).
pub fn prepare_knn(client: &mut postgres::Client) -> Option<f64> {
    let there: bool = client
        .query_one(
            &format!("SELECT to_regclass('{TABLE}_source_gist') IS NOT NULL"),
            &[],
        )
        .expect("look for the index")
        .get(0);
    if there {
        return None;
    }
    let t = Instant::now();
    client
        .batch_execute(&format!(
            "SET maintenance_work_mem = '2GB';
             CREATE EXTENSION IF NOT EXISTS btree_gist;
             CREATE INDEX {TABLE}_source_gist ON {TABLE} USING gist
                 (source_language_id, target_language_id, left(source, 2048) gist_trgm_ops);
             ANALYZE {TABLE};"
        ))
        .expect("Weblate's GiST index");
    Some(t.elapsed().as_secs_f64())
}

/// Weblate's current lookup on one connection.
pub struct WeblateKnn {
    client: postgres::Client,
    statement: postgres::Statement,
}

impl WeblateKnn {
    pub fn connect(url: &str) -> WeblateKnn {
        let (client, statement) = session(
            url,
            &format!(
                "SELECT source, target FROM {TABLE} \
                 WHERE from_file AND source_language_id = 1 AND target_language_id = 2 \
                 ORDER BY left(source, 2048) <-> left($1, 2048), id LIMIT 50"
            ),
        );
        WeblateKnn { client, statement }
    }

    /// Weblate's machinery answer for `text` (threshold 80), best first, at most `k`.
    pub fn lookup(&mut self, text: &str, k: usize) -> Answer {
        let rows = self
            .client
            .query(&self.statement, &[&text])
            .expect("Weblate's lookup");
        score(text, &rows, 80.0, k)
    }
}

/// Weblate's client side: Damerau–Levenshtein similarity (`weblate/utils/similarity.py`),
/// kept at `threshold`, best first.
fn score(text: &str, rows: &[postgres::Row], threshold: f64, k: usize) -> Answer {
    let q: Vec<char> = text.chars().collect();
    let mut out: Answer = rows
        .iter()
        .filter_map(|r| {
            let (source, target): (String, String) = (r.get(0), r.get(1));
            let s: Vec<char> = source.chars().collect();
            let d = strsim::generic_damerau_levenshtein(&q, &s);
            let n = q.len().max(s.len()).max(1);
            let quality = (100.0 * (1.0 - d as f64 / n as f64)).trunc();
            (quality >= threshold).then_some((source, target, quality))
        })
        .collect();
    // A stable sort: equal scores keep the database's order.
    out.sort_by(|a, b| b.2.total_cmp(&a.2));
    out.truncate(k);
    out
}

/// Weblate's `threshold_to_similarity`: the `pg_trgm` limit for a machinery threshold.
pub fn weblate_similarity(text: &str, threshold: f64) -> f64 {
    let round3 = |v: f64| (v * 1000.0).round() / 1000.0;
    let high = 0.985;
    let base = 0.127264 * (24.282 * threshold).ln();
    if base >= high {
        return round3(base).min(1.0);
    }
    let maximum = (base * 1.2).min(high);
    let max_length: f64 = 2000.0;
    // Python's `\W` removed: letters, digits and the underscore remain.
    let length = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .count()
        .clamp(1, 2000) as f64;
    let boost = (maximum - base) * length.sqrt() / max_length.sqrt();
    round3(base + boost).clamp(0.6, 1.0)
}

/// A connection as a Weblate worker holds it: the `pg_trgm` limit it last set.
pub struct Weblate {
    client: postgres::Client,
    current: f64,
    statement: postgres::Statement,
}

impl Weblate {
    pub fn connect(url: &str) -> Weblate {
        let (client, statement) = session(
            url,
            &format!(
                "SELECT source, target FROM {TABLE} \
                 WHERE from_file AND (source % $1) = true \
                 AND source_language_id = 1 AND target_language_id = 2 LIMIT 50"
            ),
        );
        Weblate {
            client,
            current: -1.0,
            statement,
        }
    }

    /// Weblate's machinery answer for `text` (threshold 75), best first, at most `k`.
    pub fn lookup(&mut self, text: &str, k: usize) -> Answer {
        let threshold = 75.0;
        let mut similarity = weblate_similarity(text, threshold);
        let mut rows = Vec::new();
        while rows.is_empty() && similarity > 0.3 {
            if (self.current - similarity).abs() >= 0.05 {
                if self.current < 0.0 {
                    self.client
                        .query_one("SELECT show_limit()", &[])
                        .expect("show_limit");
                }
                self.client
                    .query_one("SELECT set_limit($1)", &[&(similarity as f32)])
                    .expect("set_limit");
                self.current = similarity;
            }
            rows = self
                .client
                .query(&self.statement, &[&text])
                .expect("Weblate's lookup");
            similarity -= 0.05;
        }
        score(text, &rows, threshold, k)
    }
}

/// Pontoon's translation memory lookup on one connection.
pub struct Pontoon {
    client: postgres::Client,
    sql: postgres::Statement,
    prefix: postgres::Statement,
}

impl Pontoon {
    pub fn connect(url: &str) -> Pontoon {
        let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
        // `levenshtein()` refuses texts past 255 characters: the length window is applied in a
        // subquery first, as the filter order of Pontoon's query has it.
        let quality = |col: &str| {
            format!(
                "((length({col}) + $2::int - levenshtein({col}, $1, 1, 2, 2))::float8 \
                 / (length({col}) + $2::int)) * 100"
            )
        };
        let sql = client
            .prepare(&format!(
                "SELECT source, target, quality FROM (
                     SELECT source, target, {q} AS quality FROM (
                         SELECT source, target FROM {TABLE}
                         WHERE target_language_id = 2 AND length(source) BETWEEN $3 AND $4
                         OFFSET 0) w) s
                 WHERE quality > $5 ORDER BY quality DESC",
                q = quality("source")
            ))
            .expect("prepare");
        let prefix = client
            .prepare(&format!(
                "SELECT source, target FROM (
                     SELECT source, target, {q} AS quality FROM (
                         SELECT source, target, substr(source, 1, 255) AS head FROM {TABLE}
                         WHERE target_language_id = 2 AND length(source) BETWEEN $3 AND $4
                         OFFSET 0) w) s
                 WHERE quality > $5",
                q = quality("head")
            ))
            .expect("prepare");
        Pontoon {
            client,
            sql,
            prefix,
        }
    }

    /// Pontoon's answer for `text` (minimum ratio 0.7), best first, at most `k`.
    pub fn lookup(&mut self, text: &str, k: usize) -> Answer {
        let min_quality = 0.7;
        let length = text.chars().count() as f64;
        let lo = (length * min_quality).max(2.0).ceil() as i32;
        let hi = (length / min_quality).min(1000.0).floor() as i32;
        let mut out: Answer = if lo > 255 || hi > 255 {
            let head: String = text.chars().take(255).collect();
            let n = head.chars().count() as i32;
            let rows = self
                .client
                .query(&self.prefix, &[&head, &n, &lo, &hi, &(min_quality * 100.0)])
                .expect("Pontoon's lookup");
            rows.iter()
                .filter_map(|r| {
                    let (source, target): (String, String) = (r.get(0), r.get(1));
                    let quality = indel_ratio(text, &source);
                    (quality > min_quality).then_some((source, target, quality * 100.0))
                })
                .collect()
        } else {
            let n = length as i32;
            self.client
                .query(&self.sql, &[&text, &n, &lo, &hi, &(min_quality * 100.0)])
                .expect("Pontoon's lookup")
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect()
        };
        out.sort_by(|a, b| b.2.total_cmp(&a.2));
        // Pontoon keeps one suggestion per distinct translation, its best.
        let mut seen = std::collections::HashSet::new();
        out.retain(|(_, target, _)| seen.insert(target.clone()));
        out.truncate(k);
        out
    }
}

/// `Levenshtein.ratio` of python-Levenshtein: 1 − InDel distance / total length.
fn indel_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    // InDel distance = total − 2 · LCS.
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in &a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let lcs = prev[b.len()];
    1.0 - (total - 2 * lcs) as f64 / total as f64
}

/// A connection for a peer's lookups, with `sql` prepared.
fn session(url: &str, sql: &str) -> (postgres::Client, postgres::Statement) {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let statement = client.prepare(sql).expect("prepare");
    (client, statement)
}

/// Looks up `warm` untimed (the peer's first query reads its index from disk), then times
/// `queries` through `lookup`, in order, until `budget` seconds have passed; returns the
/// sorted times (ms) and the answers of the queries it reached.
pub fn time(
    warm: &str,
    queries: &[&String],
    budget: f64,
    mut lookup: impl FnMut(&str) -> Answer,
) -> (Vec<f64>, Vec<Answer>) {
    lookup(warm);
    let start = Instant::now();
    let mut times = Vec::new();
    let mut answers = Vec::new();
    for text in queries {
        if start.elapsed().as_secs_f64() > budget {
            break;
        }
        let t = Instant::now();
        answers.push(lookup(text));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times, answers)
}
