//! `polypress terms`: list, check, import, export and extract the glossary in terms/.

use std::path::PathBuf;

use clap::Subcommand;
use polypress::model::Lang;
use polypress::project::{TermStatus, TermsFormat as Format};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `terms`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The glossary is every terms/*.tbx (TBX-Basic) and terms/*.csv file of the project.\n\
Without a subcommand, lists it.\n\
Exit codes: 0 ok, 1 `terms check` found an error, 2 usage or input error.",
    after_long_help = "Examples:\n  polypress terms\n  polypress terms check\n  polypress terms import legacy.tbx --into terms/glossary.tbx\n  polypress terms export --format csv -o glossary.csv\n  polypress terms extract --min-count 3 -o candidates.csv"
)]
pub struct Args {
    /// What to do [default: list]
    #[command(subcommand)]
    pub what: Option<What>,
}

/// The `terms` subcommands.
#[derive(Debug, Subcommand)]
pub enum What {
    /// List the entries: id, then each language's renderings (forbidden ones marked)
    List,
    /// Validate the glossary files: parse errors and conflicts with file:line
    Check,
    /// Merge a TBX or CSV file into a glossary file of the project, losing nothing
    Import(ImportArgs),
    /// Write the whole glossary as TBX or CSV
    Export(ExportArgs),
    /// Propose candidate entries from the memory and the drafts, as CSV for review
    Extract(ExtractArgs),
}

/// Arguments of `terms import`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress terms import legacy.tbx\n  polypress terms import agency.csv --into terms/agency.csv"
)]
pub struct ImportArgs {
    /// The file to import (`.tbx` or `.csv`)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The project's glossary file to merge into, created if missing [default: terms/glossary.tbx]
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
}

/// Arguments of `terms export`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress terms export > glossary.tbx\n  polypress terms export --format csv -o glossary.csv"
)]
pub struct ExportArgs {
    /// Output format [default: by the extension of -o, else tbx]
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Output file [default: stdout]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `terms extract`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress terms extract\n  polypress terms extract --min-count 3 -o candidates.csv"
)]
pub struct ExtractArgs {
    /// Fewest records a candidate must occur in [default: 2]
    #[arg(long, value_name = "N", default_value_t = 2, hide_default_value = true)]
    pub min_count: usize,
    /// Output file (CSV in the glossary's format) [default: stdout]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Glossary file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// TBX-Basic (TBX v3, DCA style).
    Tbx,
    /// CSV, one column per language.
    Csv,
}

/// Runs `terms`.
///
/// # Errors
/// Unreadable or malformed glossary files, memory or drafts; a failed write.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    match &args.what {
        None | Some(What::List) => list(ctx),
        Some(What::Check) => check(ctx),
        Some(What::Import(a)) => import(a, ctx),
        Some(What::Export(a)) => export(a, ctx),
        Some(What::Extract(a)) => extract_cmd(a, ctx),
    }
}

fn list(ctx: &Context) -> Result<Outcome, CliError> {
    let g = ctx.project.glossary()?;
    if ctx.out.json {
        ctx.out
            .stdout(&format!("{}\n", serde_json::to_string(&g.entries)?))?;
        return Ok(Outcome::Clean);
    }
    let mut out = String::new();
    for e in &g.entries {
        out.push_str(&e.id);
        if e.case_sensitive {
            out.push_str(" (case-sensitive)");
        }
        out.push('\n');
        for lang in Lang::ALL {
            let items: Vec<String> = e
                .in_lang(lang)
                .map(|t| match t.status {
                    TermStatus::Preferred => t.text.clone(),
                    TermStatus::Admitted => format!("{} (admitted)", t.text),
                    TermStatus::Forbidden => format!("not: {}", t.text),
                })
                .collect();
            if !items.is_empty() {
                out.push_str(&format!("  {lang}  {}\n", items.join(" | ")));
            }
        }
        if let Some(n) = &e.note {
            out.push_str(&format!("  note  {n}\n"));
        }
    }
    ctx.out.stdout(&out)?;
    ctx.out.info(&format!(
        "{} entries from {} files",
        g.entries.len(),
        g.files.len()
    ));
    Ok(Outcome::Clean)
}

fn check(ctx: &Context) -> Result<Outcome, CliError> {
    let r = ctx.project.terms_check()?;
    let errors = r.errors();
    let warnings = r.problems.len() - errors;
    if ctx.out.json {
        let rec = json!({"files": r.files, "entries": r.entries, "errors": errors,
                         "warnings": warnings, "problems": r.problems});
        ctx.out.stdout(&format!("{rec}\n"))?;
    } else {
        let text: String = r.problems.iter().map(|p| format!("{p}\n")).collect();
        ctx.out.stdout(&text)?;
    }
    ctx.out.info(&format!(
        "checked {} glossary files, {} entries: {errors} errors, {warnings} warnings",
        r.files, r.entries
    ));
    Ok(if errors > 0 {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

fn import(a: &ImportArgs, ctx: &Context) -> Result<Outcome, CliError> {
    let r = ctx.project.terms_import(&a.file, a.into.as_deref())?;
    for p in &r.skipped {
        ctx.out.warn(&p.to_string());
    }
    let s = r.stats;
    if ctx.out.json {
        ctx.out.stdout(&format!(
            "{}\n",
            json!({"path": r.path.display().to_string(), "added": s.added, "updated": s.updated,
                   "unchanged": s.unchanged, "entries": r.entries, "changed": r.changed})
        ))?;
    } else {
        ctx.out.stdout(&format!(
            "{}: {} added, {} updated, {} unchanged ({} entries)\n",
            r.path.display(),
            s.added,
            s.updated,
            s.unchanged,
            r.entries
        ))?;
    }
    Ok(Outcome::Clean)
}

fn export(a: &ExportArgs, ctx: &Context) -> Result<Outcome, CliError> {
    let format = match (a.format, &a.output) {
        (Some(FileFormat::Tbx), _) => Format::Tbx,
        (Some(FileFormat::Csv), _) => Format::Csv,
        (None, Some(p)) => Format::of(p).unwrap_or(Format::Tbx),
        (None, None) => Format::Tbx,
    };
    let (text, entries) = ctx.project.terms_export(format)?;
    match &a.output {
        None => ctx.out.stdout(&text)?,
        Some(p) => {
            polypress::project::write_output(p, text.as_bytes())?;
            ctx.out.stdout(&format!("{}\n", p.display()))?;
        }
    }
    ctx.out.info(&format!("exported {entries} entries"));
    Ok(Outcome::Clean)
}

fn extract_cmd(a: &ExtractArgs, ctx: &Context) -> Result<Outcome, CliError> {
    let r = ctx.project.terms_extract(a.min_count)?;
    let text = if ctx.out.json {
        format!("{}\n", serde_json::to_string(&r.candidates)?)
    } else {
        r.to_csv()
    };
    match &a.output {
        None => ctx.out.stdout(&text)?,
        Some(p) => {
            polypress::project::write_output(p, text.as_bytes())?;
        }
    }
    ctx.out.info(&format!(
        "{} candidates from {} aligned records (review them, then move the rows you accept to terms/)",
        r.candidates.len(),
        r.records
    ));
    Ok(Outcome::Clean)
}
