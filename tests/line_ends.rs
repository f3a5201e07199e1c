//! An article gives the same HTML editions whatever its line ends: LF, CRLF, or LF after a
//! UTF-8 byte-order mark. The notes section and the `[k]` links come from the parsed article,
//! not from the text searched again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polypress::project::{AssembleOptions, BuildOptions, Untranslated};
use polypress::{NoProgress, Project};

const ARTICLE: &str = "+++\ntitle = \"Dialogue\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A. B. Kyzy\"\nnotes_title = \"Notes\"\n+++\n\n\
The 9th meeting will be held in Tokyo.[1] Dr. Hayashi will attend.[2]\n\n\
A second paragraph.\n\n\
[1] The meeting, ministry page.\n\n\
[2] The minister's office.\n";

/// Builds a one-article project whose source is `text` and returns the HTML pages by path.
fn html_editions(text: &[u8]) -> BTreeMap<PathBuf, String> {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("sources/dialogue");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("en.md"), text).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let opts = BuildOptions {
        assemble: AssembleOptions {
            untranslated: Untranslated::Source,
            allow_fuzzy: false,
        },
    };
    let report = project.build(&opts, &NoProgress).unwrap();
    let out = dir.path().join("output");
    report
        .written
        .written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .filter(|p| p.starts_with("en") || p.starts_with("tr") || p.starts_with("ru"))
        .filter(|p| {
            p.file_name() == Some(std::ffi::OsStr::new("index.html")) && p.components().count() == 3
        })
        .map(|p| (p.clone(), std::fs::read_to_string(out.join(p)).unwrap()))
        .collect()
}

fn lf() -> BTreeMap<PathBuf, String> {
    let pages = html_editions(ARTICLE.as_bytes());
    assert_eq!(pages.len(), 3, "one page per language: {:?}", pages.keys());
    for (path, page) in &pages {
        assert!(
            page.contains("<section class=\"notes\">"),
            "{}: no notes section",
            path.display()
        );
        assert!(
            page.contains("<a class=\"ref\" href=\"#note-1\">[1]</a>")
                && page.contains("href=\"#note-2\""),
            "{}: no [k] links",
            path.display()
        );
        assert!(page.contains("id=\"note-2\""), "{}", path.display());
    }
    pages
}

#[test]
fn lf_article_has_notes_and_links() {
    lf();
}

#[test]
fn crlf_article_gives_the_same_html_editions() {
    let crlf = ARTICLE.replace('\n', "\r\n");
    assert_eq!(html_editions(crlf.as_bytes()), lf());
}

#[test]
fn bom_article_gives_the_same_html_editions() {
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(ARTICLE.as_bytes());
    assert_eq!(html_editions(&bom), lf());
}
