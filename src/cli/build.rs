//! `polypress build`: assemble every edition of every article into `output/`.

use std::time::Instant;

use polypress::project::{AssembleOptions, BuildOptions, BuildReport, Untranslated};
use serde_json::json;

use super::output::Bar;
use super::{CliError, Context, Outcome};

/// `--untranslated` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UntranslatedArg {
    /// Leave them out, with the white space around them, the blocks and notes left empty,
    /// the notes no shown sentence refers to and the references to notes left out; the
    /// page's notice says the missing parts are left out (titles still fall back to the
    /// source).
    Omit,
    /// Show them in the source language, marked; the page's notice says so.
    Source,
    /// Stop the build with an error naming the draft and the segment.
    Fail,
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes to <project>/output/: <lang>/<slug>/index.html and <lang>/<slug>.md for\n\
every edition, the parallel-text reader <lang>/<slug>/aligned/{index,<a>-<b>}.html,\n\
aligned/<slug>-qa.html and aligned/<slug>.{json,tmx}, <lang>/index.html, index.html,\n\
style.css, reader.css, reader.js and manifest.json. Unchanged files are not rewritten; files of deleted articles are removed (only\n\
files polypress wrote, as listed in output/.polypress-files).\n\
With --json, prints one JSON object: {\"editions\": [...], \"stale\": [...], \"written\": [...],\n\
\"removed\": [...], \"summary\": {...}} (paths relative to the project root).\n\
Exit codes: 0 built; 1 built, but a draft entry has broken placeholders (shown in the source\n\
language), or some edition is incomplete and --fail-incomplete was given; 2 bad input (a\n\
draft that does not parse, --untranslated fail).",
    after_long_help = "Examples:\n  polypress build\n  polypress build --untranslated omit --fail-incomplete\n  polypress -C site/ build --json"
)]
pub struct Args {
    /// What to do with segments that have no translation [default: source]
    #[arg(long, value_enum, value_name = "MODE", default_value_t = UntranslatedArg::Source, hide_default_value = true)]
    pub untranslated: UntranslatedArg,
    /// Use `fuzzy` draft entries as translations [default: off: fuzzy counts as untranslated]
    #[arg(long)]
    pub allow_fuzzy: bool,
    /// Exit with 1 when any edition is incomplete (after building) [default: off]
    #[arg(long)]
    pub fail_incomplete: bool,
}

/// Runs `build`.
///
/// # Errors
/// Bad input (sources, drafts, placeholders), `--untranslated fail` with a missing segment, I/O.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let opts = BuildOptions {
        assemble: AssembleOptions {
            untranslated: match args.untranslated {
                UntranslatedArg::Omit => Untranslated::Omit,
                UntranslatedArg::Source => Untranslated::Source,
                UntranslatedArg::Fail => Untranslated::Fail,
            },
            allow_fuzzy: args.allow_fuzzy,
        },
    };
    let BuildReport {
        site,
        written: report,
    } = ctx.project.build(&opts, &Bar::new(&ctx.out))?;
    let incomplete: Vec<_> = site.editions.iter().filter(|e| !e.complete).collect();
    if ctx.out.json {
        let doc = json!({
            "editions": site.editions,
            "stale": site.stale.iter().map(|s| json!({
                "draft": s.draft.to_string_lossy().replace('\\', "/"),
                "id": s.id, "line": s.line, "reason": s.reason,
            })).collect::<Vec<_>>(),
            "written": report.written.iter().map(|p| format!("output/{}", p.to_string_lossy().replace('\\', "/"))).collect::<Vec<_>>(),
            "removed": report.removed.iter().map(|p| format!("output/{}", p.to_string_lossy().replace('\\', "/"))).collect::<Vec<_>>(),
            "summary": {
                "articles": site.articles, "editions": site.editions.len(),
                "incomplete": incomplete.len(), "stale": site.stale.len(),
                "written": report.written.len(), "unchanged": report.unchanged,
                "removed": report.removed.len(),
            },
        });
        ctx.out.stdout(&format!("{doc:#}\n"))?;
    } else {
        // The product: the files this run changed (none on a rebuild of unchanged input).
        let mut text = String::new();
        for p in &report.written {
            text.push_str(&format!("output/{}\n", p.to_string_lossy()));
        }
        ctx.out.stdout(&text)?;
    }
    for w in &site.warnings {
        ctx.out.warn(w);
    }
    for s in site.stale.iter().filter(|s| s.broken) {
        ctx.out.warn(&format!(
            "{}: segment `{}` (source line {}) has broken placeholders: {}\n  hint: give the target each placeholder of the source exactly once",
            s.draft.display(),
            s.id,
            s.line,
            s.reason
        ));
    }
    for s in site.stale.iter().filter(|s| !s.broken) {
        ctx.out.warn(&format!(
            "{}: segment `{}` (source line {}) is stale: {}; treated as untranslated\n  hint: run `polypress prefill` to bring the draft in line with the source",
            s.draft.display(),
            s.id,
            s.line,
            s.reason
        ));
    }
    for e in &site.editions {
        if !e.complete || ctx.out.verbose {
            ctx.out.info(&format!(
                "{}: {}/{} ({}/{} segments translated)",
                if e.complete { "complete" } else { "incomplete" },
                e.lang,
                e.slug,
                e.translated,
                e.total
            ));
        }
    }
    ctx.out.info(&format!(
        "built {} {} ({} editions, {} incomplete) in {:.2} s: {} written, {} unchanged, {} removed",
        site.articles,
        if site.articles == 1 {
            "article"
        } else {
            "articles"
        },
        site.editions.len(),
        incomplete.len(),
        started.elapsed().as_secs_f64(),
        report.written.len(),
        report.unchanged,
        report.removed.len()
    ));
    let broken = site.stale.iter().any(|s| s.broken);
    Ok(
        if broken || (args.fail_incomplete && !incomplete.is_empty()) {
            Outcome::Found
        } else {
            Outcome::Clean
        },
    )
}
