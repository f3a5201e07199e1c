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
        let snap = root
            .join("tests/snapshots/segment")
            .join(format!("{}.txt", f.slug));
        if std::env::var_os("POLYPRESS_BLESS").is_some() {
            std::fs::write(&snap, &out).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&snap).unwrap_or_else(|_| {
            panic!("{} is missing: run with POLYPRESS_BLESS=1", snap.display())
        });
        if expected != out {
            let first = expected
                .lines()
                .zip(out.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{} differs from the snapshot at line {}:\n  expected: {}\n  got:      {}\n(run with POLYPRESS_BLESS=1 and review the diff)",
                f.path.display(),
                first + 1,
                expected.lines().nth(first).unwrap_or(""),
                out.lines().nth(first).unwrap_or("")
            );
        }
    }
}
