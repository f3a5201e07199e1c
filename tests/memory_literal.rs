//! Text in a TMX that only looks like a placeholder (`{0}`, `{1}`) is text: a draft
//! pre-filled from it and built into an edition keeps every argument where the translator put
//! it, never exchanged by its number.

mod common;

use common::Project;

const TMX: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"OmegaT\" creationtoolversion=\"6.0\" segtype=\"sentence\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" srclang=\"en\" datatype=\"plaintext\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>Copy {0} from {1} now.</seg></tuv><tuv xml:lang=\"tr\"><seg>Şimdi {1} içinden {0} kopyala.</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>Move {0} to {1} before {2}.</seg></tuv><tuv xml:lang=\"tr\"><seg>{2} öncesinde {0} öğesini {1} konumuna taşı.</seg></tuv></tu>\n</body></tmx>\n";

fn project(body: &str) -> Project {
    let p = Project::empty();
    p.write("polypress.toml", "languages = [\"en\", \"tr\"]\n");
    p.write("memory/software.tmx", TMX);
    p.write(
        "sources/soft/en.md",
        format!("+++\ntitle = \"Soft\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"a\"\n+++\n\n{body}\n"),
    );
    p
}

fn built_turkish(p: &Project) -> String {
    p.run(&["prefill", "--to", "tr"]).expect_code(0);
    p.run(&["build", "--allow-fuzzy", "--untranslated", "omit"])
        .expect_code(0);
    let mut out = String::new();
    for entry in walk(&p.path().join("output/tr")) {
        out.push_str(&std::fs::read_to_string(&entry).unwrap_or_default());
    }
    assert!(!out.is_empty(), "no Turkish edition in output/");
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn an_exact_match_keeps_each_argument_in_its_place() {
    let p = project("Copy {0} from {1} now. Move {0} to {1} before {2}.");
    let tr = built_turkish(&p);
    assert!(tr.contains("Şimdi {1} içinden {0} kopyala."), "{tr}");
    assert!(
        tr.contains("{2} öncesinde {0} öğesini {1} konumuna taşı."),
        "{tr}"
    );
}

#[test]
fn a_match_with_other_markup_around_keeps_each_argument_in_its_place() {
    // The article adds emphasis the memory does not have: prefill places it around the last word
    // (and notes that its position needs checking), and the arguments still follow their text,
    // not their number.
    let p = project("Copy {0} from {1} *now*.");
    p.run(&["prefill", "--to", "tr"]).expect_code(0);
    let draft: serde_json::Value = serde_json::from_str(&p.read("sources/soft/tr.json")).unwrap();
    let seg = draft["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"].as_str().is_some_and(|t| t.starts_with("Copy")))
        .expect("the segment");
    assert_eq!(seg["source"], "Copy {1/} from {2/} {3}now{/3}.", "{seg}");
    assert_eq!(
        seg["target"], "Şimdi {2/} içinden {1/} {3}kopyala{/3}.",
        "{seg}"
    );
    // Built as it is, the literal arguments keep their places.
    p.run(&["build", "--allow-fuzzy"]).expect_code(0);
    let tr = walk(&p.path().join("output/tr"))
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect::<String>();
    assert!(!tr.contains("{0} içinden {1}"), "arguments exchanged: {tr}");
    assert!(tr.contains("Şimdi {1} içinden {0}"), "{tr}");
}
