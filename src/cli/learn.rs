//! `polypress learn`: put finished draft entries into `memory/project.tmx`.

use std::time::Instant;

use polypress::draft::learn::{learn, LearnStats};
use serde_json::json;

use super::{project, CliError, Context, Outcome};

/// Arguments of `learn`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles whose drafts to learn from [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
}

/// Runs `learn`.
///
/// # Errors
/// Unreadable sources, drafts or memory; a failed write.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let articles = project::articles(ctx, &args.slugs)?;
    let mut memory = project::memory(ctx, false)?;
    let mut total = LearnStats::default();
    let mut out = String::new();
    for a in &articles {
        let mut drafts = Vec::new();
        for lang in project::targets(ctx, a, &None) {
            if let Some(d) = project::draft(ctx, a, lang)? {
                drafts.push(polypress::draft::learn::expect_lang(d, lang)?);
            }
        }
        let refs: Vec<_> = drafts.iter().collect();
        let s = learn(&mut memory, a, &refs)?;
        for b in &s.broken {
            ctx.out
                .warn(&format!("{b}; not learnt (fix the target's placeholders)"));
        }
        if ctx.out.json {
            let rec = json!({"type": "article", "data": {"slug": a.slug, "inserted": s.inserted, "merged": s.merged, "unchanged": s.unchanged, "stale": s.stale}});
            out.push_str(&rec.to_string());
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{}: {} new, {} merged, {} already known, {} stale skipped\n",
                a.slug, s.inserted, s.merged, s.unchanged, s.stale
            ));
        }
        total.inserted += s.inserted;
        total.merged += s.merged;
        total.unchanged += s.unchanged;
        total.stale += s.stale;
    }
    let changed = memory.save_project()?;
    let conflicts: usize = memory.stats().pairs.iter().map(|p| p.conflicts).sum();
    if ctx.out.json {
        let rec = json!({"type": "summary", "data": {"articles": articles.len(), "inserted": total.inserted, "merged": total.merged, "unchanged": total.unchanged, "stale": total.stale, "written": changed, "conflicts": conflicts}});
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    ctx.out.stdout(&out)?;
    if total.stale > 0 {
        ctx.out.warn(&format!("{} entries were translated for an older source and were not learnt (run `polypress prefill` to update the drafts)", total.stale));
    }
    if conflicts > 0 {
        ctx.out.warn(&format!(
            "the memory holds {conflicts} conflicting translations (see `polypress tm stats`)"
        ));
    }
    ctx.out.info(&format!(
        "learnt {} articles into memory/project.tmx: {} new, {} merged, {} already known{} in {:.2} s",
        articles.len(),
        total.inserted,
        total.merged,
        total.unchanged,
        if changed { "" } else { " (unchanged)" },
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
