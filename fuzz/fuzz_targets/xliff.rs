//! Any bytes as an XLIFF 1.2 / 2.0 file to import into the sample article's Turkish draft:
//! inspected and imported, or a typed error, never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use polypress::draft::{xliff, Draft};
use polypress::model::{Article, Lang};
use polypress::segment::Rules;
use polypress::source::{self, Format};

const SLUG: &str = "central-asia-japan-dialogue";

fn sample() -> &'static (Article, Draft) {
    static SAMPLE: OnceLock<(Article, Draft)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join(format!("sources/{SLUG}/en.md"))).unwrap();
        let rules = Rules::builtin(Lang::En);
        let a = source::parse(&text, Path::new("en.md"), SLUG, Lang::En, Format::Article, &rules)
            .unwrap();
        let d = Draft::load(&root, Path::new(&format!("sources/{SLUG}/tr.json")))
            .unwrap()
            .unwrap();
        (a, d)
    })
}

fuzz_target!(|data: &[u8]| {
    let (a, d) = sample();
    let text = String::from_utf8_lossy(data);
    let _ = xliff::inspect(&text, Path::new("x.xlf"));
    let _ = xliff::import(&text, Path::new("x.xlf"), a, d);
});
