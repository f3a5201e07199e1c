//! The tie-break of equal scores, as the README's "Ranking (tie-break)" lists it, on a memory
//! loaded from TMX files: character distance, then context, then the newer TU, then the file
//! (`project.tmx` before the others, which go in path order), then the position in the file.

use polypress::memory::{LoadOptions, Memory, Query};
use polypress::model::Lang;

fn tu(en: &str, tr: &str, extra_tu: &str, extra_tuv: &str) -> String {
    format!(
        "<tu{extra_tu}><tuv xml:lang=\"en\">{extra_tuv}<seg>{en}</seg></tuv><tuv xml:lang=\"tr\"><seg>{tr}</seg></tuv></tu>\n"
    )
}

fn tmx(tus: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n{}</body></tmx>\n",
        tus.concat()
    )
}

/// The targets of the matches of `text`, best first, with their scores.
fn ranked(files: &[(&str, String)], text: &str, prev: Option<&str>) -> Vec<(u8, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    let m = Memory::load(dir.path(), &LoadOptions::default()).unwrap();
    let mut q = Query::new(text, Lang::En, Lang::Tr);
    q.min = 50;
    q.k = 10;
    q.prev = prev;
    m.lookup(&q)
        .into_iter()
        .map(|m| (m.score, m.target))
        .collect()
}

fn targets(r: &[(u8, String)]) -> Vec<&str> {
    r.iter().map(|(_, t)| t.as_str()).collect()
}

#[test]
fn equal_scores_rank_by_character_distance_first() {
    // Each is one deleted word from the query: the shorter deletion is nearer in characters.
    let r = ranked(
        &[(
            "a.tmx",
            tmx(&[
                tu("cannot map pages for fdesc table", "fdesc", "", ""),
                tu("cannot map pages for fptr table", "fptr", "", ""),
            ]),
        )],
        "cannot map pages for table",
        None,
    );
    assert_eq!(r[0].0, r[1].0);
    assert_eq!(targets(&r), ["fptr", "fdesc"]);
}

#[test]
fn then_context_then_the_newer_tu_then_undated_ones() {
    let src = "The minister will help launch the programme";
    let r = ranked(
        &[(
            "a.tmx",
            tmx(&[
                tu(src, "undated", "", ""),
                tu(src, "older", " changedate=\"20200101T000000Z\"", ""),
                tu(src, "newer", " changedate=\"20230101T000000Z\"", ""),
                tu(
                    src,
                    "oldest, in context",
                    " changedate=\"20100101T000000Z\"",
                    "<prop type=\"x-context-prev\">The plan was ready.</prop>",
                ),
            ]),
        )],
        "The minister help launch the programme",
        Some("The plan was ready."),
    );
    assert!(r.iter().all(|(s, _)| *s == 85), "{r:?}");
    assert_eq!(
        targets(&r),
        ["oldest, in context", "newer", "older", "undated"]
    );
}

#[test]
fn then_the_project_file_then_path_order_then_position() {
    let src = "The minister will help launch the programme";
    let r = ranked(
        &[
            ("b.tmx", tmx(&[tu(src, "b", "", "")])),
            (
                "a.tmx",
                tmx(&[tu(src, "a first", "", ""), tu(src, "a second", "", "")]),
            ),
            ("project.tmx", tmx(&[tu(src, "project", "", "")])),
        ],
        "The minister help launch the programme",
        None,
    );
    assert_eq!(targets(&r), ["project", "a first", "a second", "b"]);
}
