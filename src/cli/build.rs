//! `polypress build`: assemble every edition of every article into `output/`.

use std::time::Instant;

use polypress::assemble::{self, BuildOptions, Options, Untranslated};
use polypress::l10n::Chrome;
use serde_json::json;

use super::{CliError, Context, Outcome};

/// `--untranslated` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UntranslatedArg {
    /// Leave untranslated segments out.
    Omit,
    /// Show them in the source language, marked.
    Source,
    /// Stop the build with an error naming the draft and the segment.
    Fail,
}

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes to <project>/output/: <lang>/<slug>/index.html and <lang>/<slug>.md for\n\
every edition, aligned/<slug>.{html,json,tmx}, <lang>/index.html, index.html, style.css and\n\
manifest.json. Unchanged files are not rewritten; files of deleted articles are removed (only\n\
files polypress wrote, as listed in output/.polypress-files).\n\
With --json, prints one JSON object: {\"editions\": [...], \"stale\": [...], \"written\": [...],\n\
\"removed\": [...], \"summary\": {...}} (paths relative to the project root).\n\
Exit codes: 0 built; 1 built, but a draft entry has broken placeholders (shown in the source\n\
language), or some edition is incomplete and --fail-incomplete was given; 2 bad input (a\n\
draft that does not parse, --untranslated fail)."
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
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let chrome = Chrome::new()?;
    let opts = BuildOptions {
        assemble: Options {
            untranslated: match args.untranslated {
                UntranslatedArg::Omit => Untranslated::Omit,
                UntranslatedArg::Source => Untranslated::Source,
                UntranslatedArg::Fail => Untranslated::Fail,
            },
            allow_fuzzy: args.allow_fuzzy,
        },
    };
    // Counting the articles for the bar lists sources/ once more: only when a bar is shown.
    let bar = ctx
        .out
        .progress
        .then(|| polypress::source::discover(&ctx.root, &[]).map_or(0, |v| v.len()))
        .and_then(|n| ctx.out.bar(n, "articles"));
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let site = assemble::build(&ctx.root, &ctx.config, &opts, &chrome, &tick);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let site = site?;
    if site.articles == 0 {
        return Err(format!(
            "no articles under `{}` (expected sources/<slug>/<lang>.md)",
            ctx.root.join("sources").display()
        )
        .into());
    }
    let out_dir = ctx.root.join("output");
    let report = assemble::write(&out_dir, &site)?;
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
