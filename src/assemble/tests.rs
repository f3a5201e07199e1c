//! Assembly of editions from drafts: placement, untranslated policies, stale entries.

use std::path::Path;

use super::*;
use crate::draft::{Draft, State};
use crate::segment::Rules;
use crate::source::{parse, Format};

const SOURCE: &str = "+++\ntitle = \"The \\\"Dialogue\\\"\"\nlang = \"en\"\ndate = \"2022-12-24\"\nauthor = \"A\"\nnotes_title = \"Notes\"\n+++\n\nThe meeting was held in *Tokyo*.[1] It lasted two days.\n\n## Outcome\n\nSee [the statement](https://example.org/).\n\n[1] A note.\n";

fn article() -> Article {
    crate::source::test_article("a", SOURCE)
}

/// A draft with every segment translated by `f` (or left `new` when it returns `None`).
fn draft(a: &Article, f: impl Fn(&str) -> Option<String>) -> Draft {
    let mut d = Draft::empty(a, Lang::Tr);
    for e in &mut d.segments {
        if let Some(t) = f(&e.source) {
            e.target = t;
            e.state = State::Translated;
        }
    }
    d
}

fn tr(s: &str) -> Option<String> {
    Some(match s {
        "The \"Dialogue\"" => "“Diyalog” \"X\"".into(),
        "The meeting was held in {1}Tokyo{/1}.{2/}" => {
            "Toplantı {1}Tokyo{/1}'da yapıldı.{2/}".into()
        }
        "It lasted two days." => "İki gün sürdü.".into(),
        "Outcome" => "Sonuç".into(),
        "See {1}the statement{/1}." => "{1}Bildiriye{/1} bakınız.".into(),
        "A note." => "Bir not.".into(),
        "Notes" => "Notlar".into(),
        other => panic!("unexpected source {other:?}"),
    })
}

fn rel() -> &'static Path {
    Path::new("sources/a/tr.json")
}

#[test]
fn source_edition_is_the_source_file() {
    let a = article();
    let e = assemble(&a, None, rel(), Lang::En, &Options::default(), "m").unwrap();
    assert_eq!(e.markdown, SOURCE);
    assert!(e.is_complete());
}

#[test]
fn target_edition_keeps_structure_markup_links_and_notes() {
    let a = article();
    let d = draft(&a, tr);
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &Options::default(), "m").unwrap();
    assert_eq!(
        e.markdown,
        "+++\ntitle = \"“Diyalog” \\\"X\\\"\"\nlang = \"tr\"\ndate = \"2022-12-24\"\nauthor = \"A\"\nnotes_title = \"Notlar\"\n+++\n\nToplantı *Tokyo*'da yapıldı.[1] İki gün sürdü.\n\n## Sonuç\n\n[Bildiriye](https://example.org/) bakınız.\n\n[1] Bir not.\n"
    );
    assert!(e.is_complete() && e.stale.is_empty());
    // The front matter is still valid TOML with the translated title.
    let fm: toml::Value = toml::from_str(e.markdown.split("+++").nth(1).unwrap()).unwrap();
    assert_eq!(fm["title"].as_str(), Some("“Diyalog” \"X\""));
}

#[test]
fn untranslated_segments_are_marked_omitted_or_fail() {
    let a = article();
    let d = draft(&a, |s| (s != "It lasted two days.").then(|| tr(s).unwrap()));
    let src = Options::default();
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &src, "Henüz çevrilmedi").unwrap();
    assert!(e.markdown.contains(
        "<span class=\"untranslated\" lang=\"en\" title=\"Henüz çevrilmedi\">It lasted two days.</span>"
    ));
    assert_eq!(e.translated(), e.cells.len() - 1);
    let omit = Options {
        untranslated: Untranslated::Omit,
        ..src
    };
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &omit, "m").unwrap();
    assert!(!e.markdown.contains("lasted"));
    let fail = Options {
        untranslated: Untranslated::Fail,
        ..src
    };
    let err = assemble(&a, Some(&d), rel(), Lang::Tr, &fail, "m")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("sources/a/tr.json: segment `"), "{err}");
    assert!(err.contains("is not translated (missing)"), "{err}");
}

#[test]
fn fuzzy_counts_as_untranslated_unless_allowed() {
    let a = article();
    let mut d = draft(&a, tr);
    d.segments
        .iter_mut()
        .find(|e| e.source == "Outcome")
        .unwrap()
        .state = State::Fuzzy;
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &Options::default(), "m").unwrap();
    assert!(e
        .markdown
        .contains("## <span class=\"untranslated\" lang=\"en\" title=\"m\">Outcome</span>"));
    let allow = Options {
        allow_fuzzy: true,
        ..Options::default()
    };
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &allow, "m").unwrap();
    assert!(e.markdown.contains("## Sonuç\n") && e.is_complete());
}

#[test]
fn stale_entries_are_reported_and_not_mixed_in() {
    let a = article();
    let mut d = draft(&a, tr);
    let e0 = d
        .segments
        .iter_mut()
        .find(|e| e.source == "It lasted two days.")
        .unwrap();
    e0.source = "It lasted three days.".into();
    d.segments.retain(|e| e.source != "Outcome");
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &Options::default(), "m").unwrap();
    assert_eq!(e.stale.len(), 2);
    assert!(e.stale.iter().all(|s| s.draft == rel()));
    assert!(
        !e.markdown.contains("İki gün"),
        "a stale target is never used"
    );
    assert!(e.markdown.contains(">It lasted two days.</span>"));
}

#[test]
fn broken_placeholders_show_the_source_and_are_reported() {
    let a = article();
    let d = draft(&a, |s| {
        Some(if s.starts_with("The meeting") {
            "Toplantı yapıldı.".into()
        } else {
            tr(s).unwrap()
        })
    });
    let ed = assemble(&a, Some(&d), rel(), Lang::Tr, &Options::default(), "m").unwrap();
    let broken: Vec<_> = ed.stale.iter().filter(|s| s.broken).collect();
    assert_eq!(broken.len(), 1, "{:?}", ed.stale);
    assert_eq!(broken[0].draft, rel());
    assert!(
        broken[0]
            .reason
            .contains("placeholder `{1}` of the source is missing"),
        "{}",
        broken[0].reason
    );
    assert!(ed.markdown.contains("The meeting"), "{}", ed.markdown);
    assert!(!ed.markdown.contains("Toplantı yapıldı."));
}

#[test]
fn identity_translation_reparses_to_the_same_segments() {
    // Translating every segment by its own source text must give back the same blocks and
    // segment texts: escaping, placeholders and skeleton all line up.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let extra = "+++\ntitle = \"A *star* \\\\ [x] <b> #1\"\nlang = \"en\"\ndate = \"2022-12-24\"\nauthor = \"A\"\n+++\n\n1\\. Not a list \\*really\\* and `code`, [link](https://x.org/ \"t\").[1]\n\n- item *one*\n- item **two** ~~old~~\n\n> quoted \\<tag\\> text\n\n[1] Note.\n";
    let mut articles: Vec<Article> = crate::source::discover(root, &[])
        .unwrap()
        .iter()
        .map(|f| crate::source::load(root, f, &Rules::builtin(f.lang)).unwrap())
        .collect();
    articles.push(crate::source::test_article("x", extra));
    for a in &articles {
        let target = if a.lang == Lang::En {
            Lang::Ru
        } else {
            Lang::En
        };
        let mut d = Draft::empty(a, target);
        for e in &mut d.segments {
            e.target = e.source.clone();
            e.state = State::Reviewed;
        }
        let e = assemble(a, Some(&d), rel(), target, &Options::default(), "m").unwrap();
        let back = parse(
            &e.markdown,
            Path::new("out.md"),
            &a.slug,
            target,
            Format::Article,
            &Rules::builtin(a.lang),
        )
        .unwrap_or_else(|err| panic!("{}: {err}\n{}", a.slug, e.markdown));
        let texts = |a: &Article| -> Vec<(String, String)> {
            a.segments
                .iter()
                .map(|s| (s.block.to_string(), s.text.clone()))
                .collect()
        };
        assert_eq!(texts(&back), texts(a), "{}:\n{}", a.slug, e.markdown);
    }
}

#[test]
fn omit_leaves_out_whole_blocks_their_notes_and_the_references_to_them() {
    let src = "+++\ntitle = \"T\"\nlang = \"en\"\ndate = \"2022-12-24\"\nauthor = \"A\"\n+++\n\nKept one. Gone one.[1] Kept two.[2]\n\n## Gone heading\n\n- Kept item.\n- Gone item.\n\n> Gone quote.\n\nLast kept.\n\n[1] First note.\n\n[2] Gone note.\n";
    let a = crate::source::test_article("a", src);
    let d = draft(&a, |s| (!s.starts_with("Gone")).then(|| format!("TR {s}")));
    let omit = Options {
        untranslated: Untranslated::Omit,
        ..Options::default()
    };
    let e = assemble(&a, Some(&d), rel(), Lang::Tr, &omit, "m").unwrap();
    let body = &e.markdown[e.markdown.rfind("+++").unwrap() + 3..];
    // Note 1 lost its only reference with "Gone one."; note 2 is untranslated; so the
    // reference `[2]` in a kept sentence goes too.
    assert_eq!(
        body,
        "\n\nTR Kept one. TR Kept two.\n\n- TR Kept item.\n\nTR Last kept.\n"
    );
    assert!(e.notes.is_none(), "no note is left");
    assert!(e.omitted);
}
