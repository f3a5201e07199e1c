//! The lossless invariant: segmenting an article and reassembling its source-language text gives
//! back the file byte for byte, for any mix of Markdown, footnotes, escapes, Turkish and Russian
//! text, CRLF line ends and byte-order marks.

use std::path::Path;

use polypress::model::Lang;
use polypress::segment::Rules;
use polypress::source::{parse, Format};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "The",
    "meeting",
    "Dışişleri",
    "İstanbul",
    "Токио",
    "г.",
    "Dr.",
    "U.S.",
    "9.",
    "17.12.2022",
    "61.5%",
    "3,5",
    " ",
    " ",
    " ",
    "  ",
    ". ",
    "? ",
    "! ",
    "… ",
    "... ",
    ".[1] ",
    "[2]",
    "[^1]",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "*",
    "**",
    "_",
    "`x`",
    "[link](https://a.org/b.c)",
    "[ref]",
    "<https://x.org>",
    "![img](p.png)",
    "\\*",
    "&amp;",
    "&#42;",
    "{1}",
    "{/2}",
    "{3/}",
    "{",
    "}",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "    code",
    "```\nfence\n```\n",
    "<div>\nhtml\n</div>\n",
    "| a | b |\n|---|---|\n| c | d |\n",
    "[^1]: A note.\n",
    "---\n",
    "“",
    "”",
    "«",
    "»",
    "(",
    ")",
    "\"",
    "'",
    "\t",
    "  \n",
];

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn check(text: &str, lang: Lang, format: Format) {
    let rules = Rules::builtin(lang);
    let a =
        parse(text, Path::new("t.md"), "t", lang, format, &rules).expect("front matter is valid");
    assert_eq!(a.reassemble(), text);
    let mut last = 0;
    for s in &a.segments {
        assert!(s.span.start >= last, "segments overlap or go backwards");
        assert_eq!(&text[s.span.range()], s.raw);
        last = s.span.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn markdown_body_reassembles(body in doc(), lang in prop::sample::select(&Lang::ALL[..])) {
        let text = format!("+++\ntitle = \"T. One\"\nlang = \"{lang}\"\ndate = \"2022-12-20\"\nauthor = \"A\"\nsummary = \"S. Two. Three.\"\n+++\n{body}");
        check(&text, lang, Format::Article);
    }

    #[test]
    fn bom_and_crlf_front_matter_reassembles(body in doc()) {
        let text = format!("\u{feff}+++\r\ntitle = 'T'\r\nlang = \"tr\"\r\ndate = \"2022-12-20\"\r\nauthor = \"A\"\r\n+++\r\n{body}");
        check(&text, Lang::Tr, Format::Article);
    }

    #[test]
    fn plain_text_reassembles(body in doc()) {
        check(&body, Lang::Ru, Format::Plain);
    }

    #[test]
    fn bare_markdown_reassembles(body in doc()) {
        check(&body, Lang::En, Format::Markdown);
    }
}

#[test]
fn sample_articles_reassemble() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = polypress::source::discover(root, &[]).unwrap();
    for f in files {
        let text = std::fs::read_to_string(root.join(&f.path)).unwrap();
        let a = parse(
            &text,
            &f.path,
            &f.slug,
            f.lang,
            Format::Article,
            &Rules::builtin(f.lang),
        )
        .unwrap();
        assert_eq!(a.reassemble(), text, "{}", f.path.display());
        assert!(
            a.segments.len() > 20,
            "{} has only {} segments",
            f.path.display(),
            a.segments.len()
        );
    }
}
