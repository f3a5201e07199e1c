use super::*;
use crate::draft::{Entry, MatchInfo, MatchKind};

fn article() -> Article {
    let text = "+++\ntitle = \"The *new* route\"\nlang = \"en\"\ndate = \"2022-12-20\"\nauthor = \"A\"\n+++\n\
The meeting was held in **Tokyo and _Astana_** & more.[1] See [the report](https://example.org/a?b=1&c=2) for `x < y`.\n\n\
A plain sentence.\n";
    crate::source::test_article("route", text)
}

fn mixed_draft(a: &Article) -> Draft {
    let mut d = Draft::empty(a, Lang::Tr);
    let states = [State::Fuzzy, State::Translated, State::Reviewed, State::New];
    for (i, e) in d.segments.iter_mut().enumerate() {
        e.state = states[i % states.len()];
        if e.state != State::New {
            e.target = format!("TR <{}> & co", e.source);
        }
        if e.state == State::Fuzzy {
            e.matched = Some(MatchInfo {
                adapted: vec!["2021 → 2022".into()],
                ..MatchInfo::new(
                    MatchKind::Fuzzy,
                    87,
                    "memory/reference/earlier-articles.tmx#tu-12",
                )
            });
            e.previous_source = Some("An \"older\" source".into());
        }
    }
    d.segments[0].note = Some("check the name".into());
    d
}

#[test]
fn pairs_nest_like_brackets() {
    let p = inline("a{1}b{2}c{/2}{/1}{3/}");
    assert!(p
        .iter()
        .all(|x| !matches!(x, Inline::Open { paired: false, .. })));
    let p = inline("{1}a{2}b{/1}c{/2}");
    assert_eq!(
        p[0],
        Inline::Open {
            id: 1,
            paired: true
        }
    );
    assert_eq!(
        p[2],
        Inline::Open {
            id: 2,
            paired: false
        }
    );
    assert_eq!(
        p[6],
        Inline::Close {
            id: 2,
            paired: false,
            after_open: true
        }
    );
    let p = inline("{/1}x{1}");
    assert_eq!(
        p[0],
        Inline::Close {
            id: 1,
            paired: false,
            after_open: false
        }
    );
}

#[test]
fn export_then_import_without_edits_is_the_identity() {
    let a = article();
    let d = mixed_draft(&a);
    for v in [XliffVersion::V2_0, XliffVersion::V1_2] {
        let x = export(&a, &d, v);
        let (back, report) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
        assert_eq!(back, d, "{v:?}\n{x}");
        assert!(report.applied.is_empty(), "{v:?}: {report:?}");
        assert_eq!(report.unchanged.len(), d.segments.len());
    }
}

#[test]
fn export_is_deterministic_and_escaped() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0);
    assert_eq!(x, export(&a, &d, XliffVersion::V2_0));
    assert!(x.contains("&amp; more."), "{x}");
    assert!(x.contains("<pc id=\"1\" type=\"fmt\" subType=\"xlf:b\" dataRefStart=\"d1\" dataRefEnd=\"d1e\">Tokyo and <pc id=\"2\" type=\"fmt\" subType=\"xlf:i\" dataRefStart=\"d2\" dataRefEnd=\"d2e\">Astana</pc></pc>"), "{x}");
    assert!(
        x.contains("<data id=\"d4e\">](https://example.org/a?b=1&amp;c=2)</data>")
            || x.contains("](https://example.org/a?b=1&amp;c=2)</data>"),
        "{x}"
    );
    assert!(x.contains("<data id=\"d1\">**</data>"), "{x}");
}

/// Applies `f` to the XML of unit `id` (a translator editing in a CAT tool).
fn edit_unit(x: &str, id: &SegmentId, f: impl FnOnce(&str) -> String) -> String {
    let start = x.find(&format!("id=\"{id}\"")).unwrap();
    let start = x[..start].rfind('<').unwrap();
    let close = if x[start..].starts_with("<unit") {
        "</unit>"
    } else {
        "</trans-unit>"
    };
    let end = start + x[start..].find(close).unwrap() + close.len();
    format!("{}{}{}", &x[..start], f(&x[start..end]), &x[end..])
}

#[test]
fn translator_edits_are_applied_and_human_work_is_protected() {
    let a = article();
    let d = mixed_draft(&a);
    let (fuzzy, translated, reviewed) = (&d.segments[0], &d.segments[1], &d.segments[2]);
    for v in [XliffVersion::V2_0, XliffVersion::V1_2] {
        let x = export(&a, &d, v);
        // Confirm the fuzzy entry with a new target.
        let x = edit_unit(&x, &fuzzy.id, |u| {
            u.replace(
                "state=\"initial\" subState=\"pp:fuzzy\"",
                "state=\"translated\"",
            )
            .replace(
                "state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\"",
                "state=\"translated\"",
            )
            .replace("<target>TR &lt;The", "<target>Yeni &lt;The")
            .replace("\">TR &lt;The", "\">Yeni &lt;The")
        });
        // Replace a translated target but leave it unconfirmed: not applied.
        let x = edit_unit(&x, &translated.id, |u| {
            let unconfirmed = if v == XliffVersion::V2_0 {
                "state=\"initial\""
            } else {
                "state=\"needs-translation\""
            };
            u.replace("state=\"translated\"", unconfirmed).replacen(
                "TR &lt;The meeting",
                "Başka &lt;The meeting",
                2,
            )
        });
        // Raise nothing on the reviewed one but sign off the translated... nothing: unchanged.
        let (back, report) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
        let got = &back.segments[0];
        assert_eq!(got.state, State::Translated, "{v:?}\n{x}");
        assert_eq!(got.target, "Yeni <The *new* route> & co", "{v:?}");
        assert_eq!(
            got.previous_source, None,
            "confirmed: the target is for this source"
        );
        assert_eq!(got.matched, fuzzy.matched, "the match stays as history");
        assert_eq!(back.segments[1], *translated, "{v:?}");
        assert_eq!(back.segments[2], *reviewed);
        assert_eq!(report.applied, vec![fuzzy.id.clone()], "{v:?}");
        assert_eq!(report.skipped.len(), 1, "{v:?}: {report:?}");
        assert_eq!(report.skipped[0].id, translated.id.as_str());
    }
}

#[test]
fn a_confirmed_state_is_raised_without_a_new_target() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0);
    let x = edit_unit(&x, &d.segments[1].id, |u| {
        u.replace("state=\"translated\"", "state=\"final\"")
    });
    let (back, report) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
    assert_eq!(back.segments[1].state, State::Reviewed);
    assert_eq!(back.segments[1].target, d.segments[1].target);
    assert_eq!(report.applied, vec![d.segments[1].id.clone()]);
}

#[test]
fn a_lower_state_never_downgrades() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0);
    let x = edit_unit(&x, &d.segments[2].id, |u| {
        u.replace("state=\"reviewed\"", "state=\"initial\"")
    });
    let (back, report) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
    assert_eq!(back, d);
    assert!(
        report.skipped.is_empty() && report.applied.is_empty(),
        "{report:?}"
    );
}

#[test]
fn stale_units_are_reported_and_not_applied() {
    let a = article();
    let d = mixed_draft(&a);
    let x =
        export(&a, &d, XliffVersion::V1_2).replacen("A plain sentence.", "A changed sentence.", 1);
    let x = x.replacen("TR &lt;A plain sentence.&gt;", "Değişti", 1);
    let (back, report) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
    assert_eq!(back, d);
    assert_eq!(report.stale.len(), 1, "{report:?}");
    assert!(
        report.stale[0].reason.starts_with("source changed"),
        "{report:?}"
    );
}

#[test]
fn a_lost_placeholder_fails_the_whole_import() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0);
    let body = &d.segments[2];
    assert!(body.source.contains("{1}"), "{body:?}");
    // Drop the first inline code of the reviewed body sentence's target and mark it reviewed.
    let start = x.find(&format!("<unit id=\"{}\"", body.id)).unwrap();
    let t = start + x[start..].find("<target>").unwrap();
    let end = t + x[t..].find("</target>").unwrap();
    let edited = format!("{}<target>Bozuk</target>{}", &x[..t], &x[end + 9..]);
    let e = import(&edited, Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(e.contains(&format!("unit `{}`", body.id)), "{e}");
    assert!(e.contains("missing from the target"), "{e}");
}

#[test]
fn a_file_of_another_article_is_refused() {
    let a = article();
    let d = mixed_draft(&a);
    let x =
        export(&a, &d, XliffVersion::V2_0).replace("sources/route/en.md", "sources/other/en.md");
    let e = import(&x, Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`sources/other/en.md` (en → tr), not for `sources/route/en.md`"),
        "{e}"
    );
}

#[test]
fn malformed_xml_names_line_and_column() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0).replacen("</source>", "</sorce>", 1);
    let e = import(&x, Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("x.xlf:"), "{e}");
    assert!(e.contains("malformed XML"), "{e}");
}

#[test]
fn unbalanced_target_codes_survive_both_versions() {
    let a = article();
    let mut d = Draft::empty(&a, Lang::Tr);
    let i = d
        .segments
        .iter()
        .position(|e| e.source.contains("{2}"))
        .unwrap();
    let e: &mut Entry = &mut d.segments[i];
    // Close before open, and crossing pairs.
    let tokens: Vec<String> = scan_placeholders(&e.source)
        .into_iter()
        .map(|(r, _, _)| e.source[r].to_string())
        .collect();
    let mut t = String::new();
    for tok in tokens.iter().rev() {
        t.push_str(tok);
        t.push_str(" ş ");
    }
    e.target = t;
    e.state = State::Translated;
    for v in [XliffVersion::V2_0, XliffVersion::V1_2] {
        let x = export(&a, &d, v);
        let (back, _) = import(&x, Path::new("x.xlf"), &a, &d).unwrap();
        assert_eq!(back, d, "{x}");
    }
}

#[test]
fn foreign_code_ids_and_unknown_entities_are_located_errors() {
    let a = article();
    let d = mixed_draft(&a);
    let x = export(&a, &d, XliffVersion::V2_0).replacen("<pc id=\"1\"", "<pc id=\"g1\"", 1);
    let e = import(&x, Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`<pc id=\"g1\">`: code ids must be numbers"),
        "{e}"
    );
    assert!(e.starts_with("x.xlf:"), "{e}");
    let x = export(&a, &d, XliffVersion::V1_2).replacen("A plain", "A &nbsp; plain", 1);
    let e = import(&x, Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown entity `&nbsp;`"), "{e}");
    let e = import("<html/>", Path::new("x.xlf"), &a, &d)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an XLIFF file"), "{e}");
}
