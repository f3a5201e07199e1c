//! `polypress export xliff`: write an article's draft as XLIFF for a CAT tool.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use polypress::draft::xliff::{self, XliffVersion};
use polypress::draft::{draft_path, Draft};
use polypress::model::{Article, Lang};
use polypress::segment::Rules;
use polypress::source;
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
With --json, prints {\"path\",\"version\",\"slug\",\"source_lang\",\"target_lang\",\"units\",\"states\"}."
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
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    match &args.what {
        What::Xliff(a) => run_xliff(a, ctx),
    }
}

fn run_xliff(args: &XliffArgs, ctx: &Context) -> Result<Outcome, CliError> {
    let (article, mut draft, rel, existed) = load(ctx, &args.slug, args.to)?;
    let glossary = polypress::terms::Glossary::load(&ctx.root)?;
    let m = polypress::terms::matcher::Matchers::new(&glossary);
    polypress::terms::annotate_draft(&mut draft, &glossary, &m);
    if !existed {
        ctx.out.warn(&format!(
            "no draft `{}` yet: every unit is exported as new",
            rel.display()
        ));
    }
    let text = xliff::export(&article, &draft, args.xliff_version);
    let units = draft.segments.len();
    if args.output.as_deref() == Some(Path::new("-")) {
        ctx.out.stdout(&text)?;
        return Ok(Outcome::Clean);
    }
    let (abs, shown) = match &args.output {
        Some(p) => (p.clone(), polypress::error::relative(p, &ctx.root)),
        None => {
            let rel = xliff::export_path(&article.slug, article.lang, args.to);
            (ctx.root.join(&rel), rel)
        }
    };
    polypress::fsx::write_atomic(&abs, text.as_bytes())?;
    let c = draft.counts();
    if ctx.out.json {
        let rec = json!({
            "path": shown, "version": args.xliff_version.as_str(), "slug": article.slug,
            "source_lang": article.lang, "target_lang": args.to, "units": units,
            "states": {"new": c[0], "fuzzy": c[1], "translated": c[2], "reviewed": c[3]},
        });
        ctx.out.stdout(&format!("{rec}\n"))?;
    } else {
        ctx.out.stdout(&format!("{}\n", shown.display()))?;
    }
    ctx.out.info(&format!(
        "exported {units} units of `{}` ({} new, {} fuzzy, {} translated, {} reviewed) as XLIFF {}",
        rel.display(),
        c[0],
        c[1],
        c[2],
        c[3],
        args.xliff_version.as_str()
    ));
    Ok(Outcome::Clean)
}

/// Loads an article and its draft into `lang` (an empty draft when there is none yet).
/// Returns the draft's path relative to the project and whether it existed.
pub(super) fn load(
    ctx: &Context,
    slug: &str,
    lang: Lang,
) -> Result<(Article, Draft, PathBuf, bool), CliError> {
    let files = source::discover(&ctx.root, &[slug.to_string()])?;
    let file = files
        .first()
        .ok_or_else(|| format!("no article `{slug}` under sources/"))?;
    if file.lang == lang {
        return Err(format!(
            "`{}` is written in `{lang}` (expected a target language other than the source's)",
            file.path.display()
        )
        .into());
    }
    let rules = Rules::from_config(file.lang, &ctx.config.segment, &ctx.root)?;
    let article = source::load(&ctx.root, file, &rules)?;
    let rel = draft_path(slug, lang);
    let (draft, existed) = match Draft::load(&ctx.root, &rel)? {
        Some(d) => (d, true),
        None => (Draft::empty(&article, lang), false),
    };
    Ok((article, draft, rel, existed))
}
