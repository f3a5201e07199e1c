//! `build --untranslated omit` leaves untranslated text out cleanly: no empty note, no
//! reference to a note that is not there, no note nothing refers to, no double or stray space,
//! and the incomplete-translation notice says the missing parts are left out (not "shown
//! marked", which is what `--untranslated source` does).

mod common;

use common::Project;
use polypress::draft::{Draft, State};

const CAJ: &str = "central-asia-japan-dialogue";
const MCR: &str = "middle-corridor-trans-caspian-route";

/// Marks every other finished body entry of a draft `new` (notes and sentences carrying note
/// references among them); returns the sources of the entries left untranslated.
fn unfinish(p: &Project, rel: &str) -> Vec<String> {
    let mut d: Draft = serde_json::from_str(&p.read(rel)).unwrap();
    let mut gone = Vec::new();
    for (i, e) in d.segments.iter_mut().enumerate() {
        if i > 3 && i % 2 == 0 {
            e.state = State::New;
            gone.push(e.source.clone());
        }
    }
    d.save(p.path(), std::path::Path::new(rel)).unwrap();
    gone
}

fn body(md: &str) -> &str {
    let start = md[3..].find("+++").map_or(0, |i| i + 6);
    &md[start..]
}

/// Note markers `[k]` that start a line (the notes), and those inside text (references).
fn notes_and_refs(md: &str) -> (Vec<u32>, Vec<u32>) {
    let re = regex::Regex::new(r"\[(\d+)\]").unwrap();
    let (mut notes, mut refs) = (Vec::new(), Vec::new());
    for line in body(md).lines() {
        for m in re.captures_iter(line) {
            let k: u32 = m[1].parse().unwrap();
            if m.get(0).unwrap().start() == 0 {
                let rest = line[m.get(0).unwrap().end()..].trim();
                assert!(!rest.is_empty(), "an empty note `{line}` in:\n{md}");
                notes.push(k);
            } else {
                refs.push(k);
            }
        }
    }
    (notes, refs)
}

#[test]
fn untranslated_omit_leaves_no_empty_or_dangling_note_and_no_stray_space() {
    let p = Project::sample();
    let rel = format!("sources/{CAJ}/tr.json");
    let gone = unfinish(&p, &rel);
    p.run(&["build", "--untranslated", "omit", "-q"])
        .expect_code(0);
    let md = p.read(&format!("output/tr/{CAJ}.md"));
    let text = body(&md);
    for s in &gone {
        // Untranslated sentences (their first words, before any inline code) are not there.
        let head: String = s.chars().take_while(|c| *c != '{').take(40).collect();
        if head.len() > 20 {
            assert!(!text.contains(&head), "`{head}` is omitted, yet in:\n{md}");
        }
    }
    assert!(!text.contains("  "), "a double space in:\n{md}");
    for line in text.lines() {
        assert_eq!(line, line.trim(), "stray space at a line's edge: `{line}`");
    }
    assert!(!text.contains("\n\n\n"), "a doubled blank line in:\n{md}");
    let (notes, refs) = notes_and_refs(&md);
    let source_md = p.read(&format!("sources/{CAJ}/en.md"));
    let (all_notes, _) = notes_and_refs(&source_md);
    assert!(
        !notes.is_empty() && notes.len() < all_notes.len(),
        "some notes, not all, are kept: {notes:?} of {all_notes:?}"
    );
    for r in &refs {
        assert!(
            notes.contains(r),
            "reference [{r}] without its note in:\n{md}"
        );
    }
    for n in &notes {
        assert!(
            refs.contains(n),
            "note [{n}] that nothing refers to in:\n{md}"
        );
    }
    let page = p.read(&format!("output/tr/{CAJ}/index.html"));
    assert!(page.contains("henüz çevrilmedi ve yayımlanmadı"), "{page}");
    assert!(!page.contains("işaretlenerek"), "no 'shown marked' notice");
    assert!(
        !page.contains("class=\"untranslated\""),
        "nothing shown marked"
    );
    for n in &notes {
        assert!(
            page.contains(&format!("id=\"note-{n}\"")),
            "note {n} on the page"
        );
        assert!(
            page.contains(&format!("href=\"#note-{n}\"")),
            "ref {n} linked"
        );
    }
    for n in all_notes.iter().filter(|n| !notes.contains(n)) {
        assert!(
            !page.contains(&format!("#note-{n}\"")),
            "no link to left-out {n}"
        );
    }
}

#[test]
fn untranslated_omit_and_source_say_what_they_did_in_each_language() {
    let p = Project::sample();
    unfinish(&p, &format!("sources/{MCR}/en.json"));
    unfinish(&p, &format!("sources/{CAJ}/ru.json"));
    p.run(&["build", "--untranslated", "omit", "-q"])
        .expect_code(0);
    let en = p.read(&format!("output/en/{MCR}/index.html"));
    assert!(
        en.contains("are not translated yet and are left out."),
        "{en}"
    );
    assert!(!en.contains("shown in the original language, marked"));
    let ru = p.read(&format!("output/ru/{CAJ}/index.html"));
    assert!(ru.contains("пока не переведены и опущены."), "{ru}");
    // The reader page keeps only the mark of a gap, as the README says.
    let reader = p.read(&format!("output/en/{MCR}/aligned/index.html"));
    assert!(reader.contains("Not translated yet"), "the gap's mark");

    p.run(&["build", "--untranslated", "source", "-q"])
        .expect_code(0);
    let en = p.read(&format!("output/en/{MCR}/index.html"));
    assert!(
        en.contains("shown in the original language, marked."),
        "{en}"
    );
    assert!(
        en.contains("class=\"untranslated\" lang=\"ru\""),
        "shown marked"
    );
}

#[test]
fn untranslated_omit_is_described_as_it_behaves() {
    let p = Project::empty();
    let help = p.run(&["build", "--help"]);
    help.expect_code(0);
    let flat = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("notes no shown sentence refers to"),
        "--help describes omit: {flat}"
    );
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("notes no shown sentence refers to"),
        "README describes omit"
    );
}
