//! The warm start: parsed TMX files and indexes kept in `memory/.index/`, used only while
//! they match, rebuilt when stale or damaged, and never a reason for a lookup to fail.

use std::path::{Path, PathBuf};

use polypress::memory::cache::cache_path;
use polypress::memory::persist::index_path;
use polypress::memory::{LoadOptions, Memory, Query};
use polypress::model::Lang;

fn tmx(n: usize, extra: &str) -> String {
    let mut s = String::from("<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n");
    for i in 0..n {
        s.push_str(&format!(
            "<tu tuid=\"{i}\"><tuv xml:lang=\"en\"><seg>The committee met on day {i} of the summit.</seg></tuv><tuv xml:lang=\"tr\"><seg>Komite zirvenin {i}. gününde toplandı.</seg></tuv><tuv xml:lang=\"de\"><seg>Tag {i}</seg></tuv></tu>\n"
        ));
    }
    s.push_str(extra);
    s.push_str("</body></tmx>\n");
    s
}

fn setup(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("memory");
    std::fs::create_dir_all(root.join("reference")).unwrap();
    std::fs::write(root.join("reference/big.tmx"), tmx(n, "")).unwrap();
    (dir, root)
}

fn load(root: &Path) -> Memory {
    Memory::load(root, &LoadOptions::default()).unwrap()
}

fn best(m: &Memory, text: &str) -> String {
    m.open_index(Lang::En).unwrap();
    m.lookup(&Query::new(text, Lang::En, Lang::Tr))
        .first()
        .map(|r| r.target.clone())
        .unwrap_or_default()
}

#[test]
fn an_unchanged_memory_is_read_from_the_cache() {
    let (_d, root) = setup(300);
    let cold = load(&root);
    assert!(cold.from_cache.is_empty());
    let cache = cache_path(&root, Path::new("reference/big.tmx"));
    assert!(cache.is_file(), "{}", cache.display());
    assert_eq!(
        std::fs::read_to_string(root.join(".index/.gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    let warm = load(&root);
    assert_eq!(warm.from_cache, [PathBuf::from("reference/big.tmx")]);
    assert_eq!(warm.tus, cold.tus);
    assert_eq!(warm.files, cold.files);
    let q = "The committee met on day 7 of the summit.";
    assert_eq!(best(&cold, q), "Komite zirvenin 7. gününde toplandı.");
    assert!(index_path(&root, Lang::En).is_file());
    assert_eq!(best(&load(&root), q), best(&cold, q));
}

#[test]
fn a_changed_tmx_file_is_parsed_again() {
    let (_d, root) = setup(50);
    load(&root);
    let extra = "<tu><tuv xml:lang=\"en\"><seg>A new sentence.</seg></tuv><tuv xml:lang=\"tr\"><seg>Yeni bir cümle.</seg></tuv></tu>\n";
    std::fs::write(root.join("reference/big.tmx"), tmx(50, extra)).unwrap();
    let m = load(&root);
    assert!(m.from_cache.is_empty(), "stale cache used");
    assert_eq!(m.tus.len(), 51);
    assert_eq!(best(&m, "A new sentence."), "Yeni bir cümle.");
    // Same size, different content (one digit changed): still detected by the content hash.
    let before = tmx(50, extra);
    let after = before.replacen("day 3 of", "day 4 of", 1);
    assert_eq!(before.len(), after.len());
    std::fs::write(root.join("reference/big.tmx"), &after).unwrap();
    let m = load(&root);
    assert!(m.from_cache.is_empty());
    assert_eq!(
        m.tus[3].text(Lang::En),
        Some("The committee met on day 4 of the summit.")
    );
    assert_eq!(load(&root).from_cache.len(), 1);
}

#[test]
fn a_damaged_cache_is_rebuilt_never_trusted() {
    let (_d, root) = setup(200);
    let good = load(&root);
    let cache = cache_path(&root, Path::new("reference/big.tmx"));
    let bytes = std::fs::read(&cache).unwrap();
    let mutations: Vec<(String, Vec<u8>)> = vec![
        ("empty".into(), Vec::new()),
        ("truncated".into(), bytes[..bytes.len() / 2].to_vec()),
        ("one byte short".into(), bytes[..bytes.len() - 1].to_vec()),
        ("garbage".into(), vec![0xAB; bytes.len()]),
        ("bit flip in a text".into(), {
            let mut b = bytes.clone();
            let at = b.len() - 100;
            b[at] ^= 0x04;
            b
        }),
        ("bit flip in the header".into(), {
            let mut b = bytes.clone();
            b[20] ^= 0x80;
            b
        }),
    ];
    for (what, damaged) in mutations {
        std::fs::write(&cache, &damaged).unwrap();
        let m = load(&root);
        assert!(m.from_cache.is_empty(), "{what}: damaged cache used");
        assert_eq!(m.tus, good.tus, "{what}");
        assert_eq!(std::fs::read(&cache).unwrap(), bytes, "{what}: rewritten");
    }
    // A damaged index is rebuilt too: lookups stay right.
    let q = "The committee met on day 9 of the summit.";
    assert_eq!(
        best(&load(&root), q),
        "Komite zirvenin 9. gününde toplandı."
    );
    let idx = index_path(&root, Lang::En);
    let ib = std::fs::read(&idx).unwrap();
    for damaged in [ib[..ib.len() / 3].to_vec(), {
        let mut b = ib.clone();
        let at = b.len() / 2;
        b[at] ^= 0x10;
        b
    }] {
        std::fs::write(&idx, &damaged).unwrap();
        assert_eq!(
            best(&load(&root), q),
            "Komite zirvenin 9. gününde toplandı."
        );
        assert_eq!(std::fs::read(&idx).unwrap(), ib, "index rewritten");
    }
}

#[test]
fn a_memory_folder_that_cannot_be_written_still_answers_lookups() {
    let (_d, root) = setup(20);
    // `.index` is a file, so nothing can be created below it (as on a read-only folder; tests
    // may run as root, for whom permissions do not apply).
    std::fs::write(root.join(".index"), "not a folder").unwrap();
    let m = load(&root);
    assert_eq!(m.tus.len(), 20);
    assert_eq!(
        best(&m, "The committee met on day 2 of the summit."),
        "Komite zirvenin 2. gününde toplandı."
    );
    assert!(load(&root).from_cache.is_empty());
}

#[test]
fn stats_summary_is_used_only_for_the_same_files() {
    let (_d, root) = setup(40);
    let opts = LoadOptions::default();
    assert_eq!(
        Memory::cached_stats(&root, &opts).unwrap(),
        None,
        "nothing saved yet"
    );
    let stats = load(&root).stats();
    assert_eq!(stats.tus, 40);
    assert_eq!(
        Memory::cached_stats(&root, &opts).unwrap(),
        Some(stats.clone())
    );
    // Penalties come from the options of this run, not from the saved summary.
    let mut penalised = opts.clone();
    penalised.penalties.insert("reference".into(), 5);
    let p = Memory::cached_stats(&root, &penalised).unwrap().unwrap();
    assert_eq!(p.files[1].penalty, 5);
    assert_eq!(p.files[1].path, PathBuf::from("reference/big.tmx"));
    // Another preferred locale can change which variants serve lookups: not the same memory.
    let mut locales = opts.clone();
    locales.locales.insert(Lang::En, "en-GB".into());
    assert_eq!(Memory::cached_stats(&root, &locales).unwrap(), None);
    // A changed TMX file makes the summary stale.
    std::fs::write(root.join("reference/big.tmx"), tmx(41, "")).unwrap();
    assert_eq!(Memory::cached_stats(&root, &opts).unwrap(), None);
    let fresh = load(&root).stats();
    assert_eq!(fresh.tus, 41);
    assert_eq!(
        Memory::cached_stats(&root, &opts).unwrap(),
        Some(fresh.clone())
    );
    // A new file too.
    std::fs::write(root.join("extra.tmx"), tmx(2, "")).unwrap();
    assert_eq!(Memory::cached_stats(&root, &opts).unwrap(), None);
    std::fs::remove_file(root.join("extra.tmx")).unwrap();
    // A damaged summary is never trusted.
    let path = root.join(".index/stats.json");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() - 10;
    bytes[at] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(Memory::cached_stats(&root, &opts).unwrap(), None);
    std::fs::write(&path, b"PPSTATS 1 zz\n{}").unwrap();
    assert_eq!(Memory::cached_stats(&root, &opts).unwrap(), None);
    assert_eq!(load(&root).stats(), fresh);
    assert_eq!(Memory::cached_stats(&root, &opts).unwrap(), Some(fresh));
}

#[test]
fn a_warm_lookup_decodes_only_the_tus_it_reads() {
    // 300 different sentences, so a lookup has few candidates.
    let words = [
        "river", "budget", "council", "harbour", "winter", "market", "station", "garden", "bridge",
        "museum", "forest", "village", "factory", "library", "tunnel", "island",
    ];
    let mut body = String::new();
    for i in 0..300usize {
        let en: Vec<&str> = (0..5)
            .map(|j| words[(i / 16usize.pow(j as u32) + j) % 16])
            .collect();
        body.push_str(&format!(
            "<tu><tuv xml:lang=\"en\"><seg>The {} opened in {i}.</seg></tuv><tuv xml:lang=\"tr\"><seg>Çeviri {i}.</seg></tuv></tu>\n",
            en.join(" ")
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("memory");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("big.tmx"),
        format!("<tmx version=\"1.4\"><header/><body>\n{body}</body></tmx>\n"),
    )
    .unwrap();
    let cold = load(&root);
    let q = "The harbour tunnel council harbour winter opened in 211.";
    let want = best(&cold, q);
    assert_eq!(want, "Çeviri 211.");
    let warm = load(&root);
    assert_eq!(warm.from_cache.len(), 1);
    assert!((0..300).all(|i| !warm.tus.is_decoded(i)), "decoded at load");
    assert_eq!(best(&warm, q), want);
    let decoded = (0..300).filter(|&i| warm.tus.is_decoded(i)).count();
    assert!(decoded > 0 && decoded < 100, "{decoded} of 300 decoded");
    // Reading the rest decodes them, the same TUs as parsed.
    assert_eq!(warm.tus, cold.tus);
}

#[test]
fn cached_tus_get_their_file_and_preferred_locale_when_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("memory");
    std::fs::create_dir_all(root.join("reference")).unwrap();
    std::fs::write(
        root.join("reference/uk.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"en-US\"/><body>\n\
         <tu><tuv xml:lang=\"en-US\"><seg>The color of the flag.</seg></tuv>\
         <tuv xml:lang=\"en-GB\"><seg>The colour of the flag.</seg></tuv>\
         <tuv xml:lang=\"tr\"><seg>Bayrağın rengi.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    std::fs::write(root.join("plain.tmx"), tmx(3, "")).unwrap();
    let mut opts = LoadOptions::default();
    opts.locales.insert(Lang::En, "en-GB".into());
    opts.penalties.insert("reference".into(), 4);
    let cold = Memory::load(&root, &opts).unwrap();
    let warm = Memory::load(&root, &opts).unwrap();
    assert_eq!(warm.from_cache.len(), 2);
    let uk = warm
        .tus
        .iter()
        .find(|t| t.text(Lang::Tr) == Some("Bayrağın rengi."))
        .unwrap();
    assert_eq!(uk.text(Lang::En), Some("The colour of the flag."));
    assert_eq!(warm.files[uk.file].path, PathBuf::from("reference/uk.tmx"));
    assert_eq!(warm.tus, cold.tus);
    let top = |m: &Memory| {
        m.lookup(&Query::new("The colour of the flag.", Lang::En, Lang::Tr))
            .first()
            .map(|r| (r.score, r.target.clone()))
    };
    assert_eq!(top(&warm), top(&cold));
    assert_eq!(
        top(&warm).map(|t| t.0),
        Some(96),
        "the file's penalty applies"
    );
}
