//! `polypress import xliff`: bring a translator's XLIFF back into its draft.

use std::path::PathBuf;

use clap::Subcommand;
use polypress::project::{ImportXliffOptions, ImportXliffReport, UnitIssue};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to import.
    #[command(subcommand)]
    pub what: What,
}

/// The import formats.
#[derive(Debug, Subcommand)]
pub enum What {
    /// Apply a translated XLIFF 2.0 or 1.2 file to its draft
    Xliff(XliffArgs),
}

/// Arguments of `import xliff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Finds the article from the file's `original` (sources/<slug>/<lang>.md) or file id and\n\
applies the translator's targets and states to sources/<slug>/<lang>.json, all or nothing.\n\
A unit whose source changed since the export is stale and not applied; a target never lowers\n\
a state or replaces translated/reviewed work unless the file marks it translated/reviewed.\n\
Exit 1 when a unit was stale or skipped (work not applied), 2 on any error (nothing written).\n\
With --json, prints {\"file\",\"draft\",\"written\",\"applied\",\"unchanged\",\"stale\",\"skipped\"}.",
    after_long_help = "Examples:\n  polypress import xliff xliff/central-asia-japan-dialogue.en-tr.xlf\n  polypress import xliff translated.xlf --dry-run --json"
)]
pub struct XliffArgs {
    /// The XLIFF file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Report what would change without writing the draft [default: write]
    #[arg(long)]
    pub dry_run: bool,
    /// Take the file's targets even where the draft's entry changed since the export [default: such units are conflicts, kept as the draft has them]
    #[arg(long)]
    pub force: bool,
}

/// Runs `import`.
///
/// # Errors
/// Unreadable or malformed XLIFF, a file for no known article, a target whose placeholders
/// differ from its source's, a failed write.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let What::Xliff(args) = &args.what;
    let r = ctx.project.import_xliff(&ImportXliffOptions {
        file: args.file.clone(),
        dry_run: args.dry_run,
        force: args.force,
    })?;
    print(ctx, &r)?;
    Ok(if r.units.has_unapplied() {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

fn print(ctx: &Context, report: &ImportXliffReport) -> Result<(), CliError> {
    let (file, draft, written, r) = (&report.file, &report.draft, report.written, &report.units);
    let sorted = |v: &[UnitIssue]| {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    let (stale, skipped) = (sorted(&r.stale), sorted(&r.skipped));
    if ctx.out.json {
        let issues = |v: &[UnitIssue]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|i| json!({"id": i.id, "line": i.line, "reason": i.reason}))
                .collect()
        };
        let mut applied: Vec<&str> = r.applied.iter().map(|i| i.as_str()).collect();
        applied.sort_unstable();
        let rec = json!({
            "file": file, "draft": draft, "written": written, "applied": applied,
            "unchanged": r.unchanged.len(), "stale": issues(&stale), "skipped": issues(&skipped),
        });
        ctx.out.stdout(&format!("{rec}\n"))?;
    } else {
        let mut out = String::new();
        for (what, list) in [("stale", &stale), ("skipped", &skipped)] {
            for i in list {
                out.push_str(&format!(
                    "{}:{}: unit `{}`: {what}: {}\n",
                    file.display(),
                    i.line,
                    i.id,
                    i.reason
                ));
            }
        }
        ctx.out.stdout(&out)?;
    }
    ctx.out.info(&format!(
        "{} `{}` from `{}`: {} applied, {} unchanged, {} stale, {} skipped",
        if written {
            "updated"
        } else if r.applied.is_empty() {
            "nothing to apply to"
        } else {
            "dry run: would update"
        },
        draft.display(),
        file.display(),
        r.applied.len(),
        r.unchanged.len(),
        r.stale.len(),
        r.skipped.len()
    ));
    Ok(())
}
