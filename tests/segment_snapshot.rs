//! A snapshot of the whole sample project's segmentation: every segment's id, source line,
//! block path and text with placeholders. A change to the rules or the Markdown reader shows up
//! here as a readable diff. Regenerate with `POLYPRESS_BLESS=1 cargo test --test segment_snapshot`
//! and read the diff before committing it.

mod common;

use std::fmt::Write;

use polypress::segment::Rules;

#[test]
fn sample_project_segmentation_matches_snapshot() {
    let root = common::repo();
    let files = polypress::source::discover(&root, &[]).unwrap();
    assert_eq!(files.len(), 3, "the sample project has three articles");
    for f in files {
        let rules = Rules::builtin(f.lang);
        let a = polypress::source::load(&root, &f, &rules).unwrap();
        let mut out = String::new();
        for s in &a.segments {
            writeln!(
                out,
                "{}:{} {} {}\n    {}",
                f.path.display(),
                s.line,
                s.id,
                s.block,
                s.text
            )
            .unwrap();
        }
        common::snapshot(&format!("segment/{}.txt", f.slug), &out);
    }
}
