//! The team memory through the binary: `tm init-db`, `tm push`, `tm pull`, `prefill` and
//! `learn` on PostgreSQL, and the errors that say how to fix a server that is down, a bad URL,
//! a missing `pg_trgm` or an old schema. Needs a PostgreSQL server (see `pg_support`).

mod common;
mod pg_support;
mod serve_support;

use common::Project;
use pg_support::Cluster;

fn with_url(p: &Project, url: &str) {
    let toml = std::fs::read_to_string(p.path().join("polypress.toml")).unwrap_or_default();
    let toml = toml.replacen("[memory]\n", &format!("[memory]\nurl = \"{url}\"\n"), 1);
    let toml = if toml.contains("url = ") {
        toml
    } else {
        format!("{toml}\n[memory]\nurl = \"{url}\"\n")
    };
    p.write("polypress.toml", toml);
}

/// Empties `memory/`: the project then reads only the team memory.
fn without_memory_files(p: &Project) {
    std::fs::remove_dir_all(p.path().join("memory")).unwrap();
    std::fs::create_dir(p.path().join("memory")).unwrap();
}

fn drafts(p: &Project) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(p.path().join("sources")).unwrap() {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "json") {
                let name = format!(
                    "{}/{}",
                    dir.file_name().unwrap().to_string_lossy(),
                    f.file_name().unwrap().to_string_lossy()
                );
                out.push((name, std::fs::read_to_string(&f).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn errors_say_how_to_fix_them() {
    let Some(pg) = Cluster::start() else { return };
    let p = Project::sample();
    pg.create_db("fresh");

    // A database without pg_trgm (nothing installed yet).
    with_url(&p, &pg.url("fresh"));
    let r = p.run(&["prefill"]);
    r.expect_code(2);
    assert!(r.stderr.contains("pg_trgm"), "{}", r.stderr);
    assert!(r.stderr.contains("postgresql-contrib"), "{}", r.stderr);

    // pg_trgm but no schema.
    pg.psql("fresh", "CREATE EXTENSION pg_trgm");
    let r = p.run(&["tm", "push"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("run `polypress tm init-db`"),
        "{}",
        r.stderr
    );

    // pg_trgm removed after the schema was made: lookups need its `similarity`.
    p.run(&["tm", "init-db"]).expect_code(0);
    pg.psql("fresh", "DROP EXTENSION pg_trgm");
    let r = p.run(&[
        "tm",
        "lookup",
        "--from",
        "en",
        "--to",
        "tr",
        "The talks resumed.",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("pg_trgm"), "{}", r.stderr);
    assert!(r.stderr.contains("tm init-db"), "{}", r.stderr);
    pg.psql("fresh", "CREATE EXTENSION pg_trgm");

    // An old schema.
    pg.psql("fresh", "UPDATE pp_schema SET version = 0");
    let r = p.run(&["learn"]);
    r.expect_code(2);
    assert!(r.stderr.contains("schema is version 0"), "{}", r.stderr);
    assert!(r.stderr.contains("tm init-db"), "{}", r.stderr);
    pg.psql("fresh", "UPDATE pp_schema SET version = 2");

    // A server that is not there.
    let gone = pg.path().join("nowhere");
    let q = Project::sample();
    with_url(
        &q,
        &format!(
            "host={} user=polypress dbname=x sslmode=disable",
            gone.display()
        ),
    );
    let r = q.run(&["prefill"]);
    r.expect_code(2);
    assert!(r.stderr.contains("is the server running"), "{}", r.stderr);

    // A URL that is not one.
    let q = Project::sample();
    with_url(&q, "postgresql://a@b:notaport/x");
    let r = q.run(&["prefill"]);
    r.expect_code(2);
    assert!(r.stderr.contains("not a PostgreSQL URL"), "{}", r.stderr);

    // A password in the file.
    let q = Project::sample();
    with_url(&q, "postgresql://anna:secret@db/x");
    let r = q.run(&["prefill"]);
    r.expect_code(2);
    assert!(r.stderr.contains("PGPASSWORD"), "{}", r.stderr);
}

#[test]
fn push_pull_prefill_and_learn_match_the_file_memory() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("team");

    // The file memory's drafts.
    let files = Project::sample_without_drafts();
    files.run(&["prefill"]).expect_code(0);

    // The same memory pushed to the database; memory/ emptied.
    let team = Project::sample_without_drafts();
    with_url(&team, &pg.url("team"));
    team.run(&["tm", "init-db"]).expect_code(0);
    team.run(&["tm", "init-db"]).expect_code(0);
    let r = team.run(&["tm", "push"]);
    r.expect_code(0);
    assert!(r.stderr.contains("pushed"), "{}", r.stderr);
    let stored: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert!(stored > 0);
    // Pushing again adds nothing.
    team.run(&["tm", "push"]).expect_code(0);
    let again: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert_eq!(stored, again);

    let exported = {
        team.run(&["tm", "export", "before.tmx"]).expect_code(0);
        team.read("before.tmx")
    };
    without_memory_files(&team);
    team.run(&["prefill"]).expect_code(0);
    assert_eq!(
        drafts(&files),
        drafts(&team),
        "drafts differ from the file memory's"
    );

    // Pull writes the same memory back.
    team.run(&["tm", "pull"]).expect_code(0);
    let pulled = Project::sample_without_drafts();
    std::fs::remove_dir_all(pulled.path().join("memory")).unwrap();
    common::copy_dir(&team.path().join("memory"), &pulled.path().join("memory"));
    pulled.run(&["tm", "export", "after.tmx"]).expect_code(0);
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("<header"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&exported), strip(&pulled.read("after.tmx")));
    without_memory_files(&team);

    // Learn the sample's finished drafts into the database, twice: the second adds nothing.
    let learner = Project::sample();
    with_url(&learner, &pg.url("team"));
    without_memory_files(&learner);
    let r = learner.run(&["learn"]);
    r.expect_code(0);
    let after: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert!(after > stored, "{}", r.stderr);
    learner.run(&["learn"]).expect_code(0);
    let twice: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert_eq!(after, twice);
    // `tm import` into the database, twice: the second adds nothing.
    let tmx = common::repo().join("tests/fixtures/tmx/omegat_project_save.tmx");
    let tmx = tmx.to_str().unwrap();
    let r = learner.run(&["tm", "import", tmx]);
    r.expect_code(0);
    let imported: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert!(imported > twice, "{}", r.stderr);
    learner.run(&["tm", "import", tmx]).expect_code(0);
    let again: usize = pg
        .psql("team", "SELECT count(*) FROM pp_tu")
        .parse()
        .unwrap();
    assert_eq!(imported, again);
    assert!(!learner.path().join("memory/project.tmx").exists());
    let dups = pg.psql(
        "team",
        "SELECT count(*) FROM (SELECT file_id, vset FROM pp_tu GROUP BY file_id, vset, copy HAVING count(*) > 1) d",
    );
    assert_eq!(dups, "0");
}

/// Every command that reads the memory answers from the database as it would from the same
/// TMX files: `tm lookup` (one sentence and `--stdin`), `tm stats`, `analyze`, the
/// workbench's lookup, `align`, and `learn`'s per-article counts.
#[test]
fn reading_commands_answer_as_the_file_memory() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("readers");
    let files = Project::sample_without_drafts();
    let team = Project::sample_without_drafts();
    with_url(&team, &pg.url("readers"));
    team.run(&["tm", "init-db"]).expect_code(0);
    team.run(&["tm", "push"]).expect_code(0);
    without_memory_files(&team);

    let same = |args: &[&str]| {
        let want = files.run(args);
        want.expect_code(0);
        let got = team.run(args);
        got.expect_code(0);
        assert_eq!(want.stdout, got.stdout, "{args:?}: {}", got.stderr);
        assert!(!want.stdout.trim().is_empty(), "{args:?} printed nothing");
    };
    // Sentences of the sample memory, edited.
    let sentence =
        "Japan has recently focused on improving its relations with Central Asian countries.";
    same(&[
        "--json", "tm", "lookup", sentence, "--from", "en", "--to", "tr", "--min", "50",
    ]);
    same(&["--json", "tm", "stats"]);
    same(&["--json", "analyze"]);
    // The commands that read every TU read every TU of the database.
    same(&[
        "--json",
        "tm",
        "concordance",
        "Central Asia",
        "--lang",
        "en",
    ]);
    same(&["--json", "tm", "stats", "--conflicts"]);
    let export = |p: &Project| {
        let out = p.path().join("export.tmx");
        p.run(&["tm", "export", out.to_str().unwrap()])
            .expect_code(0);
        std::fs::read_to_string(out).unwrap()
    };
    let (want, got) = (export(&files), export(&team));
    assert_eq!(want, got, "tm export writes the same TMX");
    assert!(want.matches("<tu>").count() + want.matches("<tu ").count() > 10);
    let lines = "{\"text\": \"Japan has recently focused on its relations with Central Asian countries.\", \"from\": \"en\", \"to\": \"tr\", \"min\": 50}\n\
                 {\"text\": \"In November 2022, the Association of Members of Parliament for Japan-Central Asia Friendship was founded in Tokyo.\", \"from\": \"en\", \"to\": \"ru\"}\n";
    let want = files.run_stdin(&["tm", "lookup", "--stdin"], Some(lines.as_bytes()));
    let got = team.run_stdin(&["tm", "lookup", "--stdin"], Some(lines.as_bytes()));
    want.expect_code(0);
    got.expect_code(0);
    assert_eq!(want.stdout, got.stdout, "{}", got.stderr);
    assert_eq!(want.stdout.lines().count(), 2);
    assert!(
        want.stdout.contains("Japonya") && want.stdout.contains("Токио"),
        "{}",
        want.stdout
    );

    // With drafts, their finished entries count as memory beside the team memory's TUs, as
    // beside the file memory's (the README's own example finds its match in a draft).
    let files_d = Project::sample();
    let team_d = Project::sample();
    with_url(&team_d, &pg.url("readers"));
    without_memory_files(&team_d);
    let example =
        "Japan, especially recently, has focused on improving its ties with Central Asian countries.";
    let args = [
        "--json", "tm", "lookup", example, "--from", "en", "--to", "tr",
    ];
    let (want, got) = (files_d.run(&args), team_d.run(&args));
    want.expect_code(0);
    got.expect_code(0);
    assert_eq!(want.stdout, got.stdout, "{}", got.stderr);
    assert!(
        want.stdout.contains("\"draft\": true") || want.stdout.contains("\"draft\":true"),
        "{}",
        want.stdout
    );
    let line = format!("{{\"text\": \"{example}\", \"from\": \"en\", \"to\": \"tr\"}}\n");
    let want = files_d.run_stdin(&["tm", "lookup", "--stdin"], Some(line.as_bytes()));
    let got = team_d.run_stdin(&["tm", "lookup", "--stdin"], Some(line.as_bytes()));
    assert_eq!(want.stdout, got.stdout, "{}", got.stderr);

    // The workbench's lookup.
    let lookup = |p: &Project| {
        let server = serve_support::Server::start(p.path(), &["--no-learn"]);
        let url = server.url("/api/lookup?text=Japan%20has%20recently%20focused%20on%20improving%20its%20relations%20with%20Central%20Asian%20countries.&from=en&to=tr&min=50");
        let text = ureq::get(&url).call().unwrap().into_string().unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["matches"].clone()
    };
    let (want, got) = (lookup(&files), lookup(&team));
    assert_eq!(want, got);
    assert!(want.as_array().is_some_and(|m| !m.is_empty()), "{want}");
    // And its concordance.
    let concordance = |p: &Project| {
        let server = serve_support::Server::start(p.path(), &["--no-learn"]);
        let url = server.url("/api/concordance?q=Central%20Asia&lang=en");
        let text = ureq::get(&url).call().unwrap().into_string().unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["hits"].clone()
    };
    let (want, got) = (concordance(&files), concordance(&team));
    assert_eq!(want, got);
    assert!(want.as_array().is_some_and(|h| !h.is_empty()), "{want}");

    // align takes the memory as its dictionary: the same drafts.
    let legacy = common::repo().join("tests/fixtures/legacy/central-asia-japan-dialogue/tr.md");
    let legacy = legacy.to_str().unwrap();
    for p in [&files, &team] {
        p.run(&["align", "central-asia-japan-dialogue", legacy, "--force"])
            .expect_code(0);
    }
    assert_eq!(drafts(&files), drafts(&team));

    // learn, twice: the per-article counts of each run are the file memory's.
    for _ in 0..2 {
        let counts = |p: &Project| {
            let r = p.run(&["--json", "learn"]);
            r.expect_code(0);
            r.stdout
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON lines"))
                .filter(|v| v["type"] == "article")
                .collect::<Vec<_>>()
        };
        let (want, got) = (counts(&files), counts(&team));
        assert_eq!(want, got);
        assert!(!want.is_empty());
    }
}

/// The workbench keeps its team memory connection between requests: the next lookup reuses
/// it (the same server processes answer), sees what another writer stored meanwhile, and
/// after the server restarted (the kept connection dead) opens a new one instead of failing.
#[test]
fn the_workbench_keeps_its_connection_and_notices_when_it_is_gone() {
    let Some(pg) = Cluster::start() else { return };
    pg.create_db("kept");
    let team = Project::sample();
    with_url(&team, &pg.url("kept"));
    team.run(&["tm", "init-db"]).expect_code(0);
    team.run(&["tm", "push"]).expect_code(0);
    without_memory_files(&team);
    let server = serve_support::Server::start(team.path(), &["--no-learn"]);
    let lookup = |text: &str| -> Result<serde_json::Value, (u16, String)> {
        let url = server.url(&format!(
            "/api/lookup?from=en&to=tr&min=60&text={}",
            text.replace(' ', "%20")
        ));
        match ureq::get(&url).call() {
            Ok(r) => Ok(
                serde_json::from_str::<serde_json::Value>(&r.into_string().unwrap()).unwrap()
                    ["matches"]
                    .clone(),
            ),
            Err(ureq::Error::Status(code, r)) => Err((code, r.into_string().unwrap())),
            Err(e) => panic!("{e}"),
        }
    };
    let backends = || {
        pg.psql(
            "kept",
            "SELECT string_agg(pid::text || '@' || backend_start::text, ' ' ORDER BY pid) \
             FROM pg_stat_activity WHERE datname = 'kept' AND pid <> pg_backend_pid()",
        )
    };
    let asked =
        "Japan has recently focused on improving its relations with Central Asian countries.";
    let first = lookup(asked).unwrap();
    assert!(first.as_array().is_some_and(|m| !m.is_empty()), "{first}");
    let open = backends();
    assert!(!open.is_empty(), "the workbench keeps no connection open");
    assert_eq!(lookup(asked).unwrap(), first);
    assert_eq!(backends(), open, "a second lookup opened new connections");

    // Another translator stores a TU; the kept connection finds it.
    let other = Project::sample();
    with_url(&other, &pg.url("kept"));
    let new = "The ministers agreed to meet again in Astana next spring.";
    other.write(
        "new.tmx",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
             creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" \
             datatype=\"plaintext\"/><body><tu><tuv xml:lang=\"en\"><seg>{new}</seg></tuv>\
             <tuv xml:lang=\"tr\"><seg>Bakanlar önümüzdeki bahar Astana'da yeniden bir araya gelmeyi kabul etti.</seg></tuv>\
             </tu></body></tmx>\n"
        ),
    );
    let tmx = other.path().join("new.tmx");
    other
        .run(&["tm", "import", tmx.to_str().unwrap()])
        .expect_code(0);
    let found = lookup(new).unwrap();
    assert!(found.to_string().contains("Astana'da"), "{found}");
    assert_eq!(backends(), open, "the kept connection was not reused");

    // The server restarts: the kept connection is dead, the next lookup opens a new one.
    pg.stop();
    pg.restart();
    assert_eq!(lookup(asked).unwrap(), first);
    assert_ne!(backends(), open);

    // A server that is down is an error for that request, not for the workbench.
    pg.stop();
    let (code, message) = lookup(asked).unwrap_err();
    assert_eq!(code, 500);
    assert!(message.contains("server"), "{message}");
    pg.restart();
    assert_eq!(lookup(asked).unwrap(), first);
}
