//! Parity of the team memory with the file memory: for random TUs (in the project file and in
//! a penalized reference file) and random queries near them, every lookup through PostgreSQL
//! returns exactly the file memory's matches — scores, order, targets, origins, provenance
//! (TUs stored as plain text and TUs stored as TMX alike). Needs a
//! PostgreSQL server (see `pg_support`).

mod pg_support;

use std::path::PathBuf;

use polypress::memory::lookup::WarningKind;
use polypress::memory::tmx::TmxDocument;
use polypress::memory::{LoadOptions, Memory, Query, Tu, Variant};
use polypress::model::Lang;
use polypress::teammem::{init_db, TeamError, TeamMemory};
use proptest::prelude::*;

const EN: &[&str] = &[
    "the",
    "minister",
    "will",
    "help",
    "helps",
    "launch",
    "programme",
    "programmes",
    "in",
    "Tokyo",
    "meeting",
    "held",
    "on",
    "9",
    "12",
    "not",
    "Central",
    "Asia",
    "summit",
    "route",
];
const TR: &[&str] = &[
    "bakan",
    "programı",
    "başlatacak",
    "Tokyo'da",
    "toplantı",
    "yapılacak",
    "değil",
    "Orta",
    "Asya",
    "zirvesi",
    "9",
    "12",
];

fn sentence(words: &[usize], vocab: &[&str]) -> String {
    words
        .iter()
        .map(|&w| vocab[w % vocab.len()])
        .collect::<Vec<_>>()
        .join(" ")
        + "."
}

fn tu(en: &str, tr: &str, line: usize) -> Tu {
    let mut t = Tu::default();
    t.variants.insert(Lang::En, Variant::new(Lang::En, en));
    t.variants.insert(Lang::Tr, Variant::new(Lang::Tr, tr));
    t.line = line;
    t
}

type Case = (Vec<(Vec<usize>, Vec<usize>, bool)>, Vec<Vec<usize>>, u8);

fn case() -> impl Strategy<Value = Case> {
    let words = || prop::collection::vec(0usize..40, 1..10);
    (
        prop::collection::vec((words(), words(), any::<bool>()), 1..40),
        prop::collection::vec(words(), 1..12),
        50u8..=100,
    )
}

fn memories(tus: &[(Vec<usize>, Vec<usize>, bool)], options: &LoadOptions) -> Memory {
    let mut project = Vec::new();
    let mut reference = Vec::new();
    for (i, (en, tr, in_ref)) in tus.iter().enumerate() {
        let mut t = tu(&sentence(en, EN), &sentence(tr, TR), 3 + 4 * i);
        // Every third TU carries an id, a date and a note: stored as TMX, not as plain text.
        if i % 3 == 0 {
            t.info_mut().id = Some(format!("tu-{i}"));
            if let Some(v) = t.variants.get_mut(&Lang::Tr) {
                v.info_mut().dates.changed = Some("20240102T030405Z".into());
                v.info_mut().notes.push(format!("note {i}"));
            }
        }
        if *in_ref {
            reference.push(t);
        } else {
            project.push(t);
        }
    }
    let mut m = Memory::new();
    add_file(&mut m, "project.tmx", project, options);
    add_file(&mut m, "reference/client.tmx", reference, options);
    m
}

fn add_file(m: &mut Memory, path: &str, tus: Vec<Tu>, options: &LoadOptions) {
    m.push_file(
        PathBuf::from(path),
        TmxDocument {
            srclang: None,
            tus,
            skipped_variants: 0,
        },
        options,
    );
}

#[test]
fn lookups_equal_the_file_memory() {
    let Some(pg) = pg_support::Cluster::start() else {
        return;
    };
    pg.create_db("parity");
    let url = pg.url("parity");
    init_db(&url).expect("init-db");
    let team = std::cell::RefCell::new(TeamMemory::open(&url).expect("open"));
    let mut options = LoadOptions::default();
    options.penalties.insert("reference".into(), 5);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    });
    let fuzzy = std::cell::Cell::new(0usize);
    let names = std::cell::Cell::new(0usize);
    runner
        .run(&case(), |(tus, queries, min)| {
            pg.psql("parity", "TRUNCATE pp_tu, pp_case CASCADE");
            let file = memories(&tus, &options);
            team.borrow_mut().push(&file).expect("push");
            // Queries: stored sentences edited, and fresh ones.
            let texts: Vec<String> = queries
                .iter()
                .enumerate()
                .map(|(i, q)| match tus.get(i) {
                    Some((en, _, _)) => {
                        let mut w = en.clone();
                        w.extend(q.iter().take(i % 3));
                        if i % 2 == 0 && w.len() > 1 {
                            w.swap(0, 1);
                        }
                        sentence(&w, EN)
                    }
                    None => sentence(q, EN),
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            // On one connection; spread over three in one shared snapshot (however little the
            // work), opened on first use; and over three opened and warmed for the lookups
            // beside the first (which then takes less of the first lookup).
            for mode in ["1", "3", "3 warmed"] {
                let mut fresh;
                let mut shared;
                let t: &mut TeamMemory = if mode == "3 warmed" {
                    fresh = TeamMemory::open_for_lookups(&url, 3, &[(Lang::En, Lang::Tr)])
                        .expect("open for lookups");
                    &mut fresh
                } else {
                    shared = team.borrow_mut();
                    &mut shared
                };
                let connections = if mode == "1" { 1 } else { 3 };
                t.set_connections(connections);
                t.set_parallel_work(if connections > 1 { 0 } else { u64::MAX });
                let db = t
                    .memory_for(
                        Memory::new(),
                        &[(Lang::En, Lang::Tr, refs.clone())],
                        min,
                        &options,
                    )
                    .expect("candidates");
                for text in &refs {
                    let mut q = Query::new(text, Lang::En, Lang::Tr);
                    q.min = min;
                    q.k = 10;
                    let matches = file.lookup(&q);
                    if mode == "1" {
                        fuzzy.set(fuzzy.get() + matches.iter().filter(|m| m.score < 100).count());
                        let warned = matches.iter().flat_map(|m| &m.warnings);
                        names.set(
                            names.get() + warned.filter(|w| w.kind == WarningKind::Name).count(),
                        );
                    }
                    let want = serde_json::to_string(&matches).unwrap();
                    let got = serde_json::to_string(&db.lookup(&q)).unwrap();
                    prop_assert_eq!(
                        want,
                        got,
                        "query {:?} at min {} on connections: {}",
                        text,
                        min,
                        mode
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(
        fuzzy.get() > 20,
        "too few fuzzy matches to compare: {}",
        fuzzy.get()
    );
    // Name warnings ask the database's word case counts (for the TUs a lookup may return).
    assert!(
        names.get() > 5,
        "too few name warnings to compare: {}",
        names.get()
    );
}

fn project_memory(tus: Vec<Tu>, options: &LoadOptions) -> Memory {
    let mut m = Memory::new();
    add_file(&mut m, "project.tmx", tus, options);
    m
}

/// The name warning asks the whole memory whether a capitalized word that starts a sentence
/// is a name; through the database its candidates alone would not know.
#[test]
fn name_warnings_come_from_the_whole_memory() {
    let Some(pg) = pg_support::Cluster::start() else {
        return;
    };
    pg.create_db("names");
    let url = pg.url("names");
    init_db(&url).expect("init-db");
    let mut team = TeamMemory::open(&url).expect("open");
    let options = LoadOptions::default();
    let mut tus = vec![
        tu(
            "Moscow hosted the talks on regional trade.",
            "Moskova bölgesel ticaret görüşmelerine ev sahipliği yaptı.",
            3,
        ),
        tu(
            "Officials opened the session on border security.",
            "Yetkililer sınır güvenliği oturumunu açtı.",
            7,
        ),
    ];
    // Moscow is written inside sentences only in TUs that no lookup below finds.
    for (i, (en, tr)) in [
        (
            "The delegation flew to Moscow on Monday.",
            "Heyet pazartesi günü Moskova'ya uçtu.",
        ),
        (
            "Several officials in Moscow declined to comment.",
            "Moskova'daki birçok yetkili yorum yapmadı.",
        ),
        (
            "Talks resumed in Moscow after a long break.",
            "Görüşmeler uzun bir aradan sonra Moskova'da yeniden başladı.",
        ),
    ]
    .iter()
    .enumerate()
    {
        tus.push(tu(en, tr, 11 + 4 * i));
    }
    let file = project_memory(tus.clone(), &options);
    team.push(&file).expect("push");

    let compare = |team: &mut TeamMemory, file: &Memory, text: &str| -> Vec<String> {
        let db = team
            .memory_for(
                Memory::new(),
                &[(Lang::En, Lang::Tr, vec![text])],
                70,
                &options,
            )
            .expect("candidates");
        let q = Query::new(text, Lang::En, Lang::Tr);
        let (want, got) = (file.lookup(&q), db.lookup(&q));
        assert_eq!(
            serde_json::to_string(&want).unwrap(),
            serde_json::to_string(&got).unwrap(),
            "{text}"
        );
        assert!(!want.is_empty(), "{text} finds its TU");
        want[0]
            .warnings
            .iter()
            .map(|w| format!("{:?} {} {}", w.kind, w.query, w.memory))
            .collect()
    };
    let moscow = "Ankara hosted the talks on regional trade.";
    assert_eq!(compare(&mut team, &file, moscow), ["Name Ankara Moscow"]);
    let officials = "Ankara opened the session on border security.";
    assert!(compare(&mut team, &file, officials).is_empty());

    // Learnt TUs that write Ankara inside sentences make it a name: the counts follow learn.
    let learnt = vec![
        tu(
            "Ministers met in Ankara last week.",
            "Bakanlar geçen hafta Ankara'da bir araya geldi.",
            0,
        ),
        tu(
            "The summit moved to Ankara this year.",
            "Zirve bu yıl Ankara'ya taşındı.",
            0,
        ),
    ];
    team.learn(learnt.clone(), None, &options).expect("learn");
    let mut all = tus;
    all.extend(learnt);
    let file = project_memory(all, &options);
    assert_eq!(
        compare(&mut team, &file, officials),
        ["Name Ankara Officials"]
    );

    // A database made before the counts existed gets them from `init-db`: the same counts
    // as push and learn kept.
    let snapshot = "SELECT string_agg(concat_ws(' ', lang, stem, word, caps, lower), ';' ORDER BY lang, stem, word) FROM pp_case";
    let kept = pg.psql("names", snapshot);
    assert!(kept.contains("en mosc moscow 3 0"), "{kept}");
    as_schema_4(&pg, "names");
    pg.psql(
        "names",
        "DROP TABLE pp_case; UPDATE pp_schema SET version = 2",
    );
    let report = init_db(&url).expect("upgrade");
    assert_eq!((report.from, report.to), (2, 6));
    assert_eq!(pg.psql("names", snapshot), kept);

    // A schema-3 database (stem index without length buckets, on `pp_variant`) gets the
    // stem tables and their bucketed indexes from `init-db`, and its lookups are the file
    // memory's again.
    let lex = "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes WHERE indexname LIKE 'pp_variant_lex%' OR indexname LIKE 'pp_stem_%_lexb'";
    as_schema_4(&pg, "names");
    pg.psql(
        "names",
        "DROP INDEX pp_variant_lexb_en, pp_variant_lexb_tr, pp_variant_lexb_ru; \
         CREATE INDEX pp_variant_lex_en ON pp_variant USING gin (to_tsvector('simple', stems)) WHERE lang = 'en'; \
         UPDATE pp_schema SET version = 3",
    );
    assert_eq!(pg.psql("names", lex), "pp_variant_lex_en");
    let report = init_db(&url).expect("upgrade");
    assert_eq!((report.from, report.to), (3, 6));
    assert_eq!(
        pg.psql("names", lex),
        "pp_stem_en_lexb pp_stem_ru_lexb pp_stem_tr_lexb"
    );
    let mut team = TeamMemory::open(&url).expect("open");
    assert_eq!(
        compare(&mut team, &file, officials),
        ["Name Ankara Officials"]
    );

    // A schema-4 database (stems and token counts in `pp_variant`) moves them into the stem
    // tables, every variant's, and drops the columns.
    as_schema_4(&pg, "names");
    let stems = "SELECT string_agg(concat_ws(' ', tu_id, lang, ntok, stems), ';' ORDER BY tu_id, lang) FROM pp_variant";
    let before = pg.psql("names", stems);
    assert_eq!(before.split(';').count(), 2 * (file.tus.len()));
    let report = init_db(&url).expect("upgrade");
    assert_eq!((report.from, report.to), (4, 6));
    let moved = "SELECT string_agg(concat_ws(' ', tu_id, lang, ntok, stems), ';' ORDER BY tu_id, lang) FROM \
        (SELECT tu_id, 'en' AS lang, ntok, stems FROM pp_stem_en UNION ALL SELECT tu_id, 'tr', ntok, stems FROM pp_stem_tr \
         UNION ALL SELECT tu_id, 'ru', ntok, stems FROM pp_stem_ru) s";
    assert_eq!(pg.psql("names", moved), before);
    assert_eq!(
        pg.psql("names", "SELECT count(*) FROM information_schema.columns WHERE table_name = 'pp_variant' AND column_name IN ('ntok', 'stems')"),
        "0"
    );
    let mut team = TeamMemory::open(&url).expect("open");
    assert_eq!(
        compare(&mut team, &file, officials),
        ["Name Ankara Officials"]
    );

    // A TU whose `plain` form holds all of it is not stored twice.
    let forms = "SELECT concat_ws(' ', count(*) FILTER (WHERE plain IS NOT NULL), count(*) FILTER (WHERE plain IS NOT NULL AND tmx IS NOT NULL)) FROM pp_tu";
    assert_eq!(pg.psql("names", forms), format!("{} 0", file.tus.len()));

    // A schema-5 database (TMX beside every plain TU, no stored alphabet) is refused until
    // `init-db` stores the alphabet; its rows keep their TMX, and lookups are the file
    // memory's again.
    drop(team);
    pg.psql(
        "names",
        "UPDATE pp_tu SET tmx = '<tu/>' WHERE tmx IS NULL; \
         ALTER TABLE pp_tu ALTER COLUMN tmx SET NOT NULL; \
         ALTER TABLE pp_schema DROP COLUMN alphabet; \
         UPDATE pp_schema SET version = 5",
    );
    let refused = TeamMemory::open(&url).expect_err("schema 5 is old");
    assert!(
        matches!(
            refused,
            TeamError::OldSchema {
                found: 5,
                wanted: 6
            }
        ),
        "{refused}"
    );
    let report = init_db(&url).expect("upgrade");
    assert_eq!((report.from, report.to), (5, 6));
    assert_eq!(
        pg.psql("names", "SELECT alphabet = (SELECT string_agg(ch, '' ORDER BY pos) FROM pp_alphabet) FROM pp_schema"),
        "t"
    );
    assert_eq!(pg.psql("names", forms), format!("{0} {0}", file.tus.len()));
    let mut team = TeamMemory::open(&url).expect("open");
    assert_eq!(
        compare(&mut team, &file, officials),
        ["Name Ankara Officials"]
    );
}

/// Turns a current database back into schema 4 as that version made it: token counts and stem
/// strings in `pp_variant`, its bucketed stem indexes and length index, no stem tables.
fn as_schema_4(pg: &pg_support::Cluster, db: &str) {
    let mut sql =
        String::from("ALTER TABLE pp_variant ADD COLUMN ntok int, ADD COLUMN stems text;");
    for l in ["en", "tr", "ru"] {
        sql.push_str(&format!(
            "UPDATE pp_variant v SET ntok = s.ntok, stems = s.stems FROM pp_stem_{l} s WHERE v.lang = '{l}' AND s.tu_id = v.tu_id;\
             CREATE INDEX pp_variant_lexb_{l} ON pp_variant USING gin (({})) WHERE lang = '{l}';",
            polypress::teammem::schema::LEXEMES
        ));
    }
    sql.push_str(
        "ALTER TABLE pp_variant ALTER COLUMN ntok SET NOT NULL, ALTER COLUMN stems SET NOT NULL;\
         DROP TABLE pp_stem_en, pp_stem_tr, pp_stem_ru;\
         CREATE INDEX pp_variant_length ON pp_variant (lang, ntok);\
         UPDATE pp_schema SET version = 4",
    );
    pg.psql(db, &sql);
}

/// The database computes each variant's length bucket as `stems::bucket` does, for every
/// length a lookup can ask about.
#[test]
fn the_index_buckets_lengths_as_lookups_do() {
    let Some(pg) = pg_support::Cluster::start() else {
        return;
    };
    pg.create_db("buckets");
    let sql = format!(
        "SELECT string_agg(array_to_string(tsvector_to_array({}), ' '), ',' ORDER BY ntok) \
         FROM (SELECT '一 丁'::text AS stems, n AS ntok FROM generate_series(0, 2100) AS n) v",
        polypress::teammem::schema::LEXEMES
    );
    let want: Vec<String> = (0..=2100)
        .map(|n| {
            let b = polypress::teammem::stems::bucket(n);
            format!("一:{b} 丁:{b}")
        })
        .collect();
    assert_eq!(pg.psql("buckets", &sql), want.join(","));
}
