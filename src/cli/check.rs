//! `polypress check`: report untranslated, fuzzy, stale and broken segments per article and
//! target language, judge the gates, and pick the exit code (1 when a gate fails, unless
//! `--warn-only`).

use std::time::Instant;

use polypress::model::{parse_list, Lang};
use polypress::project::{CheckOptions, MinComplete};
use polypress::report;

use super::{CliError, Context, LangList, Outcome, UsageError};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table per article and language, findings, gates and a summary.
    Text,
    /// One JSON object (schemas/check-report.schema.json).
    Json,
    /// JUnit XML: one test case per article × language.
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Gates (flags override [check] in polypress.toml):\n\
  max-untranslated  untranslated segments over the whole check (new, stale, missing, and fuzzy\n\
                    unless --allow-fuzzy) must not exceed N\n\
  min-complete      each article must have at least PCT % of its source words translated or\n\
                    reviewed, per target language\n\
  placeholders      no target may have placeholders or footnote markers that differ from the source\n\
  terminology       glossary terms (terms/) rendered as the glossary says, one rendering per\n\
                    article, one translation per source sentence: warnings unless `error`\n\
Exit codes: 0 every gate passes (or --warn-only), 1 a gate fails, 2 usage or input error.",
    after_long_help = "Examples:\n  polypress check\n  polypress check --to tr --min-complete 90 --format junit > check.xml\n  polypress check --max-untranslated 10 --allow-fuzzy --warn-only"
)]
pub struct Args {
    /// Articles to check [default: every article under sources/]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: the project's languages]
    #[arg(long, value_name = "LANGS", value_parser = parse_langs)]
    pub to: Option<LangList>,
    /// Report format; the global --json means --format json [default: text]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Most untranslated segments allowed over the whole check [default: [check] max_untranslated, else 0]
    #[arg(long, value_name = "N")]
    pub max_untranslated: Option<usize>,
    /// Count fuzzy segments as translated for the gates [default: [check] allow_fuzzy, else off]
    #[arg(long)]
    pub allow_fuzzy: bool,
    /// Lowest complete percentage per article: one number for every language, or per language
    /// as `tr=100,ru=80` [default: [check] min_complete, else 100]
    #[arg(long, value_name = "PCT")]
    pub min_complete: Option<MinComplete>,
    /// Print the report but exit 0 even when a gate fails [default: [check] warn_only, else off]
    #[arg(long)]
    pub warn_only: bool,
    /// Glossary findings: off, warn (reported, never failing) or error (fail the terminology
    /// gate) [default: [check] terminology, else warn]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub terminology: Option<TermLevel>,
    /// Language of the text report's summary line: en, tr or ru [default: en]
    #[arg(long, value_name = "LANG", default_value_t = Lang::En, hide_default_value = true)]
    pub summary_lang: Lang,
}

/// A `--terminology` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TermLevel {
    /// Not checked.
    Off,
    /// Warnings.
    Warn,
    /// Errors.
    Error,
}

fn parse_langs(s: &str) -> Result<LangList, String> {
    let langs = parse_list(s).map_err(|e| e.to_string())?;
    if langs.is_empty() {
        return Err("no language given (expected e.g. `tr,ru`)".into());
    }
    Ok(LangList(langs))
}

/// Runs `check`.
///
/// # Errors
/// Unreadable or malformed sources or drafts, an unknown slug, `--json` with another
/// `--format`.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let format = match (args.format, ctx.out.json) {
        (None, true) | (Some(Format::Json), _) => Format::Json,
        (Some(f), true) => {
            let name = clap::ValueEnum::to_possible_value(&f)
                .map_or_else(String::new, |v| v.get_name().to_string());
            return Err(UsageError::JsonWithFormat(name).into());
        }
        (Some(f), false) => f,
        (None, false) => Format::Text,
    };
    let warn_only = args.warn_only || ctx.project.config().check.warn_only;
    for w in ctx.project.ordinal_warnings(&args.slugs)? {
        ctx.out.warn(&w.to_string());
    }
    let report = ctx.project.check(&CheckOptions {
        slugs: args.slugs.clone(),
        targets: args.to.clone().map(|t| t.0).unwrap_or_default(),
        max_untranslated: args.max_untranslated,
        allow_fuzzy: args.allow_fuzzy,
        min_complete: args.min_complete.clone().unwrap_or_default(),
        terminology: args.terminology.map(|t| match t {
            TermLevel::Off => polypress::project::Terminology::Off,
            TermLevel::Warn => polypress::project::Terminology::Warn,
            TermLevel::Error => polypress::project::Terminology::Error,
        }),
    })?;
    let text = match format {
        Format::Text => report::text::render(&report, args.summary_lang),
        Format::Json => report::json::render(&report),
        Format::Junit => report::junit::render(&report),
        Format::Github => report::github::render(&report),
        Format::Sarif => report::sarif::render(&report),
    };
    ctx.out.stdout(&text)?;
    let pairs = report.pairs.len();
    ctx.out.info(&format!(
        "checked {} {} in {pairs} {} in {:.2} s",
        report.articles(),
        if report.articles() == 1 {
            "article"
        } else {
            "articles"
        },
        if pairs == 1 {
            "translation"
        } else {
            "translations"
        },
        started.elapsed().as_secs_f64()
    ));
    if report.passed() {
        return Ok(Outcome::Clean);
    }
    if warn_only {
        ctx.out
            .warn("a gate failed; exiting with 0 because of --warn-only");
        return Ok(Outcome::Clean);
    }
    Ok(Outcome::Found)
}
