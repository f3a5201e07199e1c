//! `polypress learn`: put finished draft entries into `memory/project.tmx`.

use std::time::Instant;

use polypress::project::LearnOptions;
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `learn`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress learn\n  polypress learn central-asia-japan-dialogue --json"
)]
pub struct Args {
    /// Articles whose drafts to learn from [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
}

/// Runs `learn`.
///
/// # Errors
/// Unreadable sources, drafts or memory; a failed write.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let r = ctx.project.learn(&LearnOptions {
        slugs: args.slugs.clone(),
    })?;
    let mut out = String::new();
    for a in &r.articles {
        let s = &a.stats;
        for b in &s.broken {
            ctx.out
                .warn(&format!("{b}; not learnt (fix the target's placeholders)"));
        }
        if ctx.out.json {
            let rec = json!({"type": "article", "data": {"slug": a.slug, "inserted": s.inserted, "merged": s.merged, "unchanged": s.unchanged, "stale": s.stale}});
            out.push_str(&format!("{rec}\n"));
        } else {
            out.push_str(&format!(
                "{}: {} new, {} merged, {} already known, {} stale skipped\n",
                a.slug, s.inserted, s.merged, s.unchanged, s.stale
            ));
        }
    }
    let t = &r.total;
    if ctx.out.json {
        let rec = json!({"type": "summary", "data": {"articles": r.articles.len(), "inserted": t.inserted, "merged": t.merged, "unchanged": t.unchanged, "stale": t.stale, "written": r.written, "conflicts": r.conflicts}});
        out.push_str(&format!("{rec}\n"));
    }
    ctx.out.stdout(&out)?;
    if t.stale > 0 {
        ctx.out.warn(&format!("{} entries were translated for an older source and were not learnt (run `polypress prefill` to update the drafts)", t.stale));
    }
    if r.conflicts > 0 {
        ctx.out.warn(&format!(
            "the memory holds {} conflicting translations (see `polypress tm stats`)",
            r.conflicts
        ));
    }
    ctx.out.info(&format!(
        "learnt {} articles into memory/project.tmx: {} new, {} merged, {} already known{} in {:.2} s",
        r.articles.len(),
        t.inserted,
        t.merged,
        t.unchanged,
        if r.written { "" } else { " (unchanged)" },
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
