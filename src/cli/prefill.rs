//! `polypress prefill`: create or update drafts from the memory.

use std::time::Instant;

use polypress::project::{DraftReport, PrefillOptions, State};
use serde_json::json;

use super::output::Bar;
use super::{CliError, Context, LangList, Outcome};

/// Arguments of `prefill`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress prefill\n  polypress prefill central-asia-japan-dialogue --to tr --min 85\n  polypress prefill --dry-run --json"
)]
pub struct Args {
    /// Articles to pre-fill [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: every project language but the article's]
    #[arg(long, value_name = "LANGS")]
    pub to: Option<LangList>,
    /// Lowest match score to use, 0-100 [default: memory.min_score, 70]
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min: Option<u8>,
    /// State for exact and in-context matches [default: translated]
    #[arg(long, value_name = "STATE", value_parser = ["translated", "fuzzy"])]
    pub exact_as: Option<String>,
    /// Skip TMX files that do not parse (with a warning) instead of stopping [default: stop]
    #[arg(long)]
    pub skip_bad: bool,
    /// Show what would change without writing [default: write]
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `prefill`.
///
/// # Errors
/// Unreadable sources, drafts or memory; a failed write.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let opts = PrefillOptions {
        slugs: args.slugs.clone(),
        to: args.to.clone().map(|l| l.0),
        min: args.min,
        exact_as: if args.exact_as.as_deref() == Some("fuzzy") {
            State::Fuzzy
        } else {
            State::Translated
        },
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    let out = ctx.out.clone();
    for w in ctx.project.ordinal_warnings(&opts.slugs)? {
        out.warn(&w.to_string());
    }
    let r = ctx.project.prefill(&opts, &Bar::new(&out))?;
    ctx.warn_skipped(&r.skipped_files);
    let mut text = String::new();
    for d in &r.drafts {
        let c = d.counts;
        if out.json {
            let rec = json!({"type": "draft", "data": {
                "path": d.path.display().to_string(), "slug": d.slug, "lang": d.lang,
                "changed": d.changed, "new": c.new, "fuzzy": c.fuzzy, "translated": c.translated, "reviewed": c.reviewed,
                "filled_exact": d.filled_exact, "filled_fuzzy": d.filled_fuzzy, "repetitions": d.repetitions,
                "edited": d.edited, "added": d.added, "removed": d.removed,
            }});
            text.push_str(&format!("{rec}\n"));
        } else {
            text.push_str(&format!(
                "{}: {} new, {} fuzzy, {} translated, {} reviewed{}\n",
                d.path.display(),
                c.new,
                c.fuzzy,
                c.translated,
                c.reviewed,
                if d.changed {
                    ""
                } else if d.created {
                    " (new, would be created)"
                } else if d.would_change {
                    " (would change)"
                } else {
                    " (unchanged)"
                }
            ));
        }
    }
    let t = r.counts();
    let sum = |f: fn(&DraftReport) -> usize| r.drafts.iter().map(f).sum::<usize>();
    let (exact, fuzzy, reps) = (
        sum(|d| d.filled_exact),
        sum(|d| d.filled_fuzzy),
        sum(|d| d.repetitions),
    );
    if out.json {
        let rec = json!({"type": "summary", "data": {
            "drafts": r.drafts.len(), "written": r.written(), "new": t.new, "fuzzy": t.fuzzy,
            "translated": t.translated, "reviewed": t.reviewed, "filled_exact": exact, "filled_fuzzy": fuzzy,
            "repetitions": reps, "kept_in_memory": r.kept_in_memory,
        }});
        text.push_str(&format!("{rec}\n"));
    }
    out.stdout(&text)?;
    out.info(&format!(
        "prefilled {} articles into {} drafts ({} written): {} segments — {} new, {} fuzzy, {} translated, {} reviewed; {exact} exact and {fuzzy} fuzzy matches used, {reps} repetitions, in {:.2} s",
        r.articles,
        r.drafts.len(),
        r.written(),
        t.total(),
        t.new,
        t.fuzzy,
        t.translated,
        t.reviewed,
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
