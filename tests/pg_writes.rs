//! Writes to the team memory from real processes: several `learn`s at once lose nothing and
//! create no duplicate; a connection killed in the middle of a push, or a server stopped in
//! the middle of a learn, leaves the database as it was. Needs a PostgreSQL server (see
//! `pg_support`).
//!
//! The writer processes are this test binary run again with `PP_PG_CHILD` set: the test
//! `child` then does one write and exits.

mod pg_support;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use pg_support::{wait_for, Cluster};
use polypress::memory::tmx::TmxDocument;
use polypress::memory::{LoadOptions, Memory, Tu, Variant};
use polypress::model::Lang;
use polypress::teammem::{init_db, TeamMemory};

fn tu(pairs: &[(Lang, &str)]) -> Tu {
    let mut t = Tu::default();
    for (l, s) in pairs {
        t.variants.insert(*l, Variant::new(*l, *s));
    }
    t
}

/// The TUs writer `who` learns: 40 shared by every writer, 20 of its own, and one that adds
/// its language to a shared sentence.
fn learnt(who: usize) -> Vec<Tu> {
    let mut v: Vec<Tu> = (0..40)
        .map(|i| {
            tu(&[
                (Lang::En, &format!("Shared sentence number {i}.")),
                (Lang::Tr, &format!("Ortak cümle {i}.")),
            ])
        })
        .collect();
    v.extend((0..20).map(|i| {
        tu(&[
            (Lang::En, &format!("Writer {who} says thing {i}.")),
            (Lang::Tr, &format!("Yazar {who} şey {i} diyor.")),
        ])
    }));
    let other = if who % 2 == 0 {
        (Lang::Ru, "Слитое предложение.")
    } else {
        (Lang::Tr, "Birleşik cümle.")
    };
    v.push(tu(&[(Lang::En, "The merged sentence."), other]));
    v
}

fn big(n: usize) -> Memory {
    let tus = (0..n)
        .map(|i| {
            tu(&[
                (
                    Lang::En,
                    &format!("Bulk sentence {i} about the route and the summit."),
                ),
                (
                    Lang::Tr,
                    &format!("Toplu cümle {i} güzergah ve zirve hakkında."),
                ),
            ])
        })
        .collect();
    let mut m = Memory::new();
    m.push_file(
        PathBuf::from("reference/bulk.tmx"),
        TmxDocument {
            srclang: None,
            tus,
            skipped_variants: 0,
        },
        &LoadOptions::default(),
    );
    m
}

/// One write in a child process, chosen by `PP_PG_CHILD` (`learn:<who>`, `push:<n>`,
/// `bigpush:<n>`); does nothing in a normal run.
#[test]
fn child() {
    let Ok(what) = std::env::var("PP_PG_CHILD") else {
        return;
    };
    let url = std::env::var("PP_PG_URL").unwrap();
    let mut team = TeamMemory::open(&url).unwrap();
    let (kind, arg) = what.split_once(':').unwrap();
    let n: usize = arg.parse().unwrap();
    match kind {
        "learn" => {
            team.learn(
                learnt(n),
                Some(format!("writer{n}")),
                &LoadOptions::default(),
            )
            .unwrap();
        }
        "push" => {
            team.push(&big(n)).unwrap();
        }
        "biglearn" => {
            let tus = big(n).tus.into_iter().collect();
            team.learn(tus, None, &LoadOptions::default()).unwrap();
        }
        _ => panic!("unknown child {what}"),
    }
}

fn spawn(what: &str, url: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("PP_PG_CHILD", what)
        .env("PP_PG_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for every child, each of which must succeed.
fn wait_all(children: Vec<Child>) {
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn count(pg: &Cluster, db: &str, sql: &str) -> usize {
    pg.psql(db, sql).parse().unwrap()
}

#[test]
fn concurrent_learns_lose_nothing_and_duplicate_nothing() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("conc");
    let url = pg.url("conc");
    init_db(&url).unwrap();
    let writers = 4;
    let children: Vec<Child> = (0..writers)
        .map(|w| spawn(&format!("learn:{w}"), &url))
        .collect();
    wait_all(children);
    // 40 shared + 20 per writer + 1 merged TU.
    assert_eq!(
        count(&pg, "conc", "SELECT count(*) FROM pp_tu"),
        40 + 20 * writers + 1
    );
    for w in 0..writers {
        for i in 0..20 {
            let n = count(
                &pg,
                "conc",
                &format!(
                    "SELECT count(*) FROM pp_variant WHERE text = 'Writer {w} says thing {i}.'"
                ),
            );
            assert_eq!(n, 1, "writer {w} thing {i}");
        }
    }
    // The sentence the writers extended holds both languages they added.
    let langs = pg.psql(
        "conc",
        "SELECT string_agg(v.lang, ',' ORDER BY v.lang) FROM pp_variant v WHERE v.tu_id = \
         (SELECT tu_id FROM pp_variant WHERE text = 'The merged sentence.')",
    );
    assert_eq!(langs, "en,ru,tr");
    assert_eq!(
        count(
            &pg,
            "conc",
            "SELECT count(*) FROM (SELECT text FROM pp_variant WHERE lang = 'en' GROUP BY text HAVING count(*) > 1) d"
        ),
        0
    );
}

#[test]
fn a_killed_connection_or_a_stopped_server_leaves_the_database_as_it_was() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("fault");
    let url = pg.url("fault");
    init_db(&url).unwrap();
    let mut team = TeamMemory::open(&url).unwrap();
    team.push(&big(50)).unwrap();
    drop(team);
    let before = count(&pg, "fault", "SELECT count(*) FROM pp_tu");
    let variants = count(&pg, "fault", "SELECT count(*) FROM pp_variant");

    // The connection killed while the push writes.
    let child = spawn("push:60000", &url);
    let active = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'polypress' \
                  AND state = 'active' AND (query LIKE 'INSERT%' OR query LIKE 'COPY%')";
    assert!(
        wait_for(60, || count(&pg, "fault", active) > 0),
        "the push never started writing"
    );
    pg.psql(
        "fault",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'polypress'",
    );
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "the push should have failed");
    assert_eq!(count(&pg, "fault", "SELECT count(*) FROM pp_tu"), before);
    assert_eq!(
        count(&pg, "fault", "SELECT count(*) FROM pp_variant"),
        variants
    );

    // The server stopped while a learn writes.
    let child = spawn("biglearn:20000", &url);
    let writing = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'polypress' \
                   AND state LIKE 'idle in transaction%' OR (application_name = 'polypress' AND state = 'active')";
    assert!(
        wait_for(60, || count(&pg, "fault", writing) > 0),
        "the learn never started"
    );
    pg.stop();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "the learn should have failed");
    pg.restart();
    assert_eq!(count(&pg, "fault", "SELECT count(*) FROM pp_tu"), before);
    assert_eq!(
        count(&pg, "fault", "SELECT count(*) FROM pp_variant"),
        variants
    );
}

/// The schema's keys and indexes, as `pg_dump` would write them.
fn schema_objects(pg: &Cluster, db: &str) -> String {
    pg.psql(
        db,
        "SELECT string_agg(d, E'\\n' ORDER BY d) FROM ( \
         SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid::regclass::text LIKE 'pp_%' \
         UNION ALL SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'pp_%') x",
    )
}

/// A first push of a large memory copies its rows in, drops the foreign keys and secondary
/// indexes while it does and makes them again: the schema ends as it began, every row is
/// there once, lookups answer as the file memory, and pushing again adds nothing.
#[test]
fn a_large_first_push_keeps_the_schema_and_the_answers() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("bulk");
    let url = pg.url("bulk");
    init_db(&url).unwrap();
    let schema = schema_objects(&pg, "bulk");
    assert!(schema.contains("FOREIGN KEY"), "{schema}");
    let file = big(60_000);
    let mut team = TeamMemory::open(&url).unwrap();
    let report = team.push(&file).unwrap();
    assert_eq!((report.read, report.inserted), (60_000, 60_000));
    assert_eq!(schema_objects(&pg, "bulk"), schema);
    assert_eq!(count(&pg, "bulk", "SELECT count(*) FROM pp_tu"), 60_000);
    assert_eq!(
        count(&pg, "bulk", "SELECT count(DISTINCT id) FROM pp_tu"),
        60_000
    );
    for table in ["pp_variant", "pp_stem_en", "pp_stem_tr"] {
        assert_eq!(
            count(&pg, "bulk", &format!("SELECT count(*) FROM {table}")),
            if table == "pp_variant" {
                120_000
            } else {
                60_000
            },
            "{table}"
        );
    }
    // The ids drawn from the sequence: a TU learnt afterwards gets a new one.
    team.learn(learnt(1), Some("writer1".into()), &LoadOptions::default())
        .unwrap();
    assert_eq!(
        count(&pg, "bulk", "SELECT count(DISTINCT id) FROM pp_tu"),
        60_000 + 61
    );
    let options = LoadOptions::default();
    for text in [
        "Bulk sentence 4711 about the route and the summit.",
        "Bulk sentence 12 about the route to the summit.",
        "Bulk sentence 999 about the route and a summit.",
    ] {
        let mut q = polypress::memory::Query::new(text, Lang::En, Lang::Tr);
        q.k = 5;
        let db = team
            .memory_for(
                Memory::new(),
                &[(Lang::En, Lang::Tr, vec![text])],
                q.min,
                &options,
            )
            .unwrap();
        let want = serde_json::to_string(&file.lookup(&q)).unwrap();
        assert_eq!(
            serde_json::to_string(&db.lookup(&q)).unwrap(),
            want,
            "{text}"
        );
        assert!(want.len() > 10, "no match for {text}");
    }
    let again = team.push(&file).unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(
        count(&pg, "bulk", "SELECT count(*) FROM pp_tu"),
        60_000 + 61
    );
}

/// A large push and learns at the same moment: they wait for each other (the push locks the
/// variant tables whole to rebuild their indexes), and every one of them succeeds.
#[test]
fn a_large_push_and_learns_at_once_all_succeed() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("mixed");
    let url = pg.url("mixed");
    init_db(&url).unwrap();
    let mut children = vec![spawn("push:60000", &url)];
    children.extend((0..3).map(|w| spawn(&format!("learn:{w}"), &url)));
    wait_all(children);
    // The push's TUs, and 40 shared + 20 per writer + 1 merged TU learnt.
    assert_eq!(
        count(&pg, "mixed", "SELECT count(*) FROM pp_tu"),
        60_000 + 40 + 20 * 3 + 1
    );
}
