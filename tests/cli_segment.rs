//! `polypress segment` from the outside: output shapes, stdin, plain text and bad input.

mod common;

use common::Project;

const ARTICLE: &str = "+++\ntitle = \"Dialogue\"\nlang = \"tr\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n\n9\\. Dışişleri Bakanları Toplantısı 24 Aralık 2022'de yapılacak. Toplantıya Dr. Hayashi katılacak.[1]\n\n[1] Japonya Dışişleri Bakanlığı, (Erişim Tarihi: 17.12.2022).\n";

fn project() -> Project {
    let p = Project::empty();
    p.write("sources/dialogue/tr.md", ARTICLE);
    p
}

#[test]
fn prints_one_segment_per_line() {
    let p = project();
    let r = p.run(&["segment", "sources/dialogue/tr.md"]);
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "Dialogue\n9\\. Dışişleri Bakanları Toplantısı 24 Aralık 2022'de yapılacak.\nToplantıya Dr. Hayashi katılacak.[1]\nJaponya Dışişleri Bakanlığı, (Erişim Tarihi: 17.12.2022).\n"
    );
    assert!(
        r.stderr.contains("segmented 1 article (4 segments)"),
        "{}",
        r.stderr
    );
}

#[test]
fn segments_every_project_article_without_file() {
    let p = project();
    let r = p.run(&["segment"]);
    r.expect_code(0);
    assert!(
        r.stdout.starts_with("sources/dialogue/tr.md:2: Dialogue\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_lines_end_with_summary() {
    let p = project();
    let r = p.run(&["--json", "segment", "sources/dialogue/tr.md"]);
    r.expect_code(0);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[2]["type"], "segment");
    assert_eq!(
        lines[2]["data"]["text"],
        "Toplantıya Dr. Hayashi katılacak.{1/}"
    );
    assert_eq!(lines[2]["data"]["block"], "/paragraph[1]");
    let span = &lines[2]["data"]["span"];
    let (s, e) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    assert_eq!(&ARTICLE[s..e], "Toplantıya Dr. Hayashi katılacak.[1]");
    assert_eq!(lines[4]["type"], "summary");
    assert_eq!(lines[4]["data"]["segments"], 4);
}

#[test]
fn reads_stdin_with_lang() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--lang", "en"],
        Some(b"Prof. Sato spoke. Then he left."),
    );
    r.expect_code(0);
    assert_eq!(r.stdout, "Prof. Sato spoke.\nThen he left.\n");
}

#[test]
fn plain_keeps_list_and_heading_markers_as_text() {
    let p = Project::empty();
    let r = p.run_stdin(
        &["segment", "-", "--lang", "en", "--plain"],
        Some(b"# Not a heading. 1. Not a list.\n\nNext."),
    );
    r.expect_code(0);
    assert_eq!(r.stdout, "# Not a heading.\n1. Not a list.\nNext.\n");
}

#[test]
fn stdin_without_lang_is_a_usage_error() {
    let p = Project::empty();
    let r = p.run_stdin(&["segment", "-"], Some(b"Text."));
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("cannot tell the language of `-` (expected --lang en, tr or ru)"),
        "{}",
        r.stderr
    );
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let p = Project::empty();
    p.write("sources/x/en.md", b"+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\nab\xffcd\n");
    let r = p.run(&["segment", "sources/x/en.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("sources/x/en.md:7:3: invalid UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_article_is_a_clear_error() {
    let p = Project::empty();
    p.write("sources/x/en.md", "");
    let r = p.run(&["segment"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("sources/x/en.md: empty article"),
        "{}",
        r.stderr
    );
}

#[test]
fn broken_front_matter_names_the_line() {
    let p = Project::empty();
    p.write(
        "sources/x/en.md",
        "+++\ntitle = \"T\"\nlang = \"en\"\ndate = 2022\nauthor = \"A\"\n+++\nBody.\n",
    );
    let r = p.run(&["segment"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("sources/x/en.md:4:8: front matter:"),
        "{}",
        r.stderr
    );
}

#[test]
fn two_sources_in_one_folder_are_rejected() {
    let p = project();
    p.write(
        "sources/dialogue/en.md",
        ARTICLE.replace("lang = \"tr\"", "lang = \"en\""),
    );
    let r = p.run(&["segment"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("sources/dialogue: 2 source articles (en.md, tr.md)"),
        "{}",
        r.stderr
    );
}

#[test]
fn crlf_and_bom_are_handled() {
    let p = Project::empty();
    let text = format!("\u{feff}{}", ARTICLE.replace('\n', "\r\n"));
    p.write("sources/dialogue/tr.md", &text);
    let r = p.run(&["segment", "sources/dialogue/tr.md"]);
    r.expect_code(0);
    assert_eq!(r.stdout.lines().count(), 4);
    assert!(!r.stdout.contains('\r'));
}

#[test]
fn huge_paragraph_does_not_panic() {
    let p = Project::empty();
    let sentence = "The forum brought together experts from Central Asia, Mongolia and Japan. ";
    let body = sentence.repeat(50 * 1024 * 1024 / sentence.len());
    p.write("big.txt", &body);
    let r = p.run(&["segment", "big.txt", "--lang", "en", "--plain"]);
    r.expect_code(0);
    assert_eq!(r.stdout.lines().count(), 50 * 1024 * 1024 / sentence.len());
}

#[test]
fn help_lists_exit_codes() {
    let p = Project::empty();
    let r = p.run(&["--help"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Exit codes:"));
    assert!(r
        .stdout
        .contains("2  usage error, bad input or I/O failure"));
}
