//! `polypress prefill`: create or update drafts from the memory.

use std::time::Instant;

use polypress::draft::{self, draft_path, Job, PrefillOptions, State};
use serde_json::json;

use super::{project, CliError, Context, Outcome};

/// Arguments of `prefill`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Articles to pre-fill [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: every project language but the article's]
    #[arg(long, value_name = "LANGS")]
    pub to: Option<project::LangList>,
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
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let articles = project::articles(ctx, &args.slugs)?;
    let mut memory = project::memory(ctx, args.skip_bad)?;
    let opts = PrefillOptions {
        min: args.min.unwrap_or(ctx.config.memory.min_score),
        exact_as: if args.exact_as.as_deref() == Some("fuzzy") {
            State::Fuzzy
        } else {
            State::Translated
        },
    };
    let mut jobs = Vec::new();
    for a in &articles {
        for lang in project::targets(ctx, a, &args.to) {
            let old = project::draft(ctx, a, lang)?;
            jobs.push(Job {
                article: a,
                target: lang,
                old,
            });
        }
    }
    let bar = ctx
        .out
        .progress
        .then(|| draft::prefill::lookups(&jobs))
        .and_then(|n| ctx.out.bar(n, "segments"));
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let mut results = draft::prefill(jobs, &memory, opts, &tick);
    // Each entry lists the glossary terms of its source (recomputed on every run).
    let glossary = polypress::terms::Glossary::load(&ctx.root)?;
    let m = polypress::terms::matcher::Matchers::new(&glossary);
    for (d, _) in &mut results {
        polypress::terms::annotate_draft(d, &glossary, &m);
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    // Entries whose segment left the source keep their finished translations in the memory.
    let mut kept = 0;
    for (d, stats) in &results {
        for removed in stats.sync.removed.iter().filter(|e| e.state.is_final()) {
            let mut tu = polypress::memory::Tu::default();
            tu.variants.insert(
                d.source_lang,
                polypress::memory::Variant::new(d.source_lang, removed.source.clone()),
            );
            tu.variants.insert(
                d.target_lang,
                polypress::memory::Variant::new(d.target_lang, removed.target.clone()),
            );
            memory.add(tu);
            kept += 1;
        }
    }
    let mut out = String::new();
    let mut totals = [0usize; 4];
    let (mut exact, mut fuzzy, mut reps, mut written) = (0, 0, 0, 0);
    for (d, stats) in &results {
        let rel = draft_path(&d.slug, d.target_lang);
        let changed = if args.dry_run {
            false
        } else {
            d.save(&ctx.root, &rel)?
        };
        written += usize::from(changed);
        let c = d.counts();
        for (t, n) in totals.iter_mut().zip(c) {
            *t += n;
        }
        exact += stats.exact;
        fuzzy += stats.fuzzy;
        reps += stats.repetitions;
        if ctx.out.json {
            let rec = json!({"type": "draft", "data": {
                "path": rel.display().to_string(), "slug": d.slug, "lang": d.target_lang,
                "changed": changed, "new": c[0], "fuzzy": c[1], "translated": c[2], "reviewed": c[3],
                "filled_exact": stats.exact, "filled_fuzzy": stats.fuzzy, "repetitions": stats.repetitions,
                "edited": stats.sync.edited.len(), "added": stats.sync.added.len(), "removed": stats.sync.removed.len(),
            }});
            out.push_str(&rec.to_string());
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{}: {} new, {} fuzzy, {} translated, {} reviewed{}\n",
                rel.display(),
                c[0],
                c[1],
                c[2],
                c[3],
                if changed { "" } else { " (unchanged)" }
            ));
        }
    }
    if kept > 0 && !args.dry_run {
        memory.save_project()?;
    }
    if ctx.out.json {
        let rec = json!({"type": "summary", "data": {
            "drafts": results.len(), "written": written, "new": totals[0], "fuzzy": totals[1],
            "translated": totals[2], "reviewed": totals[3], "filled_exact": exact, "filled_fuzzy": fuzzy,
            "repetitions": reps, "kept_in_memory": kept,
        }});
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    ctx.out.stdout(&out)?;
    ctx.out.info(&format!(
        "prefilled {} articles into {} drafts ({} written): {} segments — {} new, {} fuzzy, {} translated, {} reviewed; {} exact and {} fuzzy matches used, {} repetitions, in {:.2} s",
        articles.len(),
        results.len(),
        written,
        totals.iter().sum::<usize>(),
        totals[0],
        totals[1],
        totals[2],
        totals[3],
        exact,
        fuzzy,
        reps,
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
