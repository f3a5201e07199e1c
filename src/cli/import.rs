//! `polypress import xliff`: bring a translator's XLIFF back into its draft.

use std::path::PathBuf;

use clap::Subcommand;
use polypress::draft::xliff::{self, ImportReport, UnitIssue};
use polypress::model::Lang;
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
With --json, prints {\"file\",\"draft\",\"written\",\"applied\",\"unchanged\",\"stale\",\"skipped\"}."
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
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    match &args.what {
        What::Xliff(a) => run_xliff(a, ctx),
    }
}

fn run_xliff(args: &XliffArgs, ctx: &Context) -> Result<Outcome, CliError> {
    let shown = polypress::error::relative(&args.file, &ctx.root);
    let bytes = polypress::fsx::read_bytes(&args.file)?;
    let text = polypress::source::decode(bytes, &shown, true)?;
    let info = xliff::inspect(&text, &shown)?;
    let slug = info.slug().ok_or_else(|| {
        format!(
            "{}: the file names no article (expected `<file original=\"sources/<slug>/<lang>.md\">`)",
            shown.display()
        )
    })?;
    let lang_tag = info.target_lang.as_deref().unwrap_or("");
    let lang = Lang::from_tag(lang_tag).ok_or_else(|| {
        format!(
            "{}: target language `{lang_tag}` (expected one of: en, tr, ru)",
            shown.display()
        )
    })?;
    let (article, draft, rel, _) = super::export::load(ctx, &slug, lang)?;
    let options = xliff::ImportOptions { force: args.force };
    let (new_draft, report) = xliff::import_with(&text, &shown, &article, &draft, options)?;
    let written = !args.dry_run && !report.applied.is_empty() && new_draft.save(&ctx.root, &rel)?;
    print(ctx, &shown, &rel, written, &report)?;
    Ok(if report.has_unapplied() {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

fn print(
    ctx: &Context,
    file: &std::path::Path,
    draft: &std::path::Path,
    written: bool,
    r: &ImportReport,
) -> Result<(), CliError> {
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
