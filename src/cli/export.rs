//! `polypress export xliff`: write an article's draft as XLIFF for a CAT tool.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use polypress::model::Lang;
use polypress::project::{ExportTarget, ExportXliffOptions, XliffVersion};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export.
    #[command(subcommand)]
    pub what: What,
}

/// The export formats.
#[derive(Debug, Subcommand)]
pub enum What {
    /// Write a draft as XLIFF 2.0 or 1.2 for a CAT tool (OmegaT, Trados, memoQ, Okapi)
    Xliff(XliffArgs),
}

/// Arguments of `export xliff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes xliff/<slug>.<src>-<tgt>.xlf under the project and prints its path, or the\n\
XLIFF itself with -o -. With no draft yet, every unit is exported as new.\n\
With --json, prints {\"path\",\"version\",\"slug\",\"source_lang\",\"target_lang\",\"units\",\"states\"}.",
    after_long_help = "Examples:\n  polypress export xliff central-asia-japan-dialogue --to tr\n  polypress export xliff central-asia-japan-dialogue --to ru --version 1.2 -o ru.xlf"
)]
pub struct XliffArgs {
    /// The article's slug (its folder under sources/)
    #[arg(value_name = "SLUG")]
    pub slug: String,
    /// Target language of the draft to export [required]
    #[arg(long, value_name = "LANG")]
    pub to: Lang,
    /// XLIFF version: 2.0 or 1.2 [default: 2.0]
    #[arg(
        long = "version",
        value_name = "VERSION",
        default_value = "2.0",
        hide_default_value = true
    )]
    pub xliff_version: XliffVersion,
    /// Output file, or `-` for stdout [default: xliff/<slug>.<src>-<tgt>.xlf under the project]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `export`.
///
/// # Errors
/// An unknown slug, a target language equal to the source's, unreadable input, a failed write.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let What::Xliff(args) = &args.what;
    let output = match args.output.as_deref() {
        Some(p) if p == Path::new("-") => ExportTarget::Memory,
        Some(p) => ExportTarget::File(p.to_path_buf()),
        None => ExportTarget::Default,
    };
    let r = ctx.project.export_xliff(&ExportXliffOptions {
        slug: args.slug.clone(),
        to: args.to,
        version: args.xliff_version,
        output,
    })?;
    if !r.draft_existed {
        ctx.out.warn(&format!(
            "no draft `{}` yet: every unit is exported as new",
            r.draft.display()
        ));
    }
    let Some(shown) = &r.path else {
        ctx.out.stdout(&r.text)?;
        return Ok(Outcome::Clean);
    };
    let c = r.states;
    if ctx.out.json {
        let rec = json!({
            "path": shown, "version": args.xliff_version.as_str(), "slug": r.slug,
            "source_lang": r.source_lang, "target_lang": r.target_lang, "units": r.units,
            "states": c,
        });
        ctx.out.stdout(&format!("{rec}\n"))?;
    } else {
        ctx.out.stdout(&format!("{}\n", shown.display()))?;
    }
    ctx.out.info(&format!(
        "exported {} units of `{}` ({} new, {} fuzzy, {} translated, {} reviewed) as XLIFF {}",
        r.units,
        r.draft.display(),
        c.new,
        c.fuzzy,
        c.translated,
        c.reviewed,
        args.xliff_version.as_str()
    ));
    Ok(Outcome::Clean)
}
