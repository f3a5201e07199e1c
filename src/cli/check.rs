//! `polypress check`: report untranslated, fuzzy, stale and broken segments per article and
//! target language, judge the gates, and pick the exit code (1 when a gate fails, unless
//! `--warn-only`).

use std::collections::BTreeMap;
use std::time::Instant;

use polypress::model::{parse_list, Lang};
use polypress::report::{self, Gates, Options};

use super::{CliError, Context, Outcome};

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
#[command(after_help = "Gates (flags override [check] in polypress.toml):\n\
  max-untranslated  untranslated segments over the whole check (new, stale, missing, and fuzzy\n\
                    unless --allow-fuzzy) must not exceed N\n\
  min-complete      each article must have at least PCT % of its source words translated or\n\
                    reviewed, per target language\n\
  placeholders      no target may have placeholders or footnote markers that differ from the source\n\
  terminology       glossary terms (terms/) rendered as the glossary says, one rendering per\n\
                    article, one translation per source sentence: warnings unless `error`\n\
Exit codes: 0 every gate passes (or --warn-only), 1 a gate fails, 2 usage or input error.")]
pub struct Args {
    /// Articles to check [default: every article under sources/]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: the project's languages]
    #[arg(long, value_name = "LANGS", value_parser = parse_langs)]
    pub to: Option<Targets>,
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
    #[arg(long, value_name = "PCT", value_parser = parse_min_complete)]
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

/// A `--to` value: target languages (a newtype, as clap reads `Option<Vec<_>>` as many values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets(pub Vec<Lang>);

/// A `--min-complete` value: a percentage for every language and/or per language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MinComplete {
    /// For languages not named.
    pub all: Option<u8>,
    /// Per language.
    pub per_lang: BTreeMap<Lang, u8>,
}

fn parse_langs(s: &str) -> Result<Targets, String> {
    let langs = parse_list(s).map_err(|e| e.to_string())?;
    if langs.is_empty() {
        return Err("no language given (expected e.g. `tr,ru`)".into());
    }
    Ok(Targets(langs))
}

fn parse_pct(s: &str) -> Result<u8, String> {
    match s.trim().trim_end_matches('%').parse::<u8>() {
        Ok(p) if p <= 100 => Ok(p),
        _ => Err(format!("`{s}` is not a percentage (expected 0-100)")),
    }
}

fn parse_min_complete(s: &str) -> Result<MinComplete, String> {
    let mut out = MinComplete::default();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((lang, pct)) => {
                let lang: Lang = lang
                    .trim()
                    .parse()
                    .map_err(|e: polypress::model::UnknownLang| e.to_string())?;
                out.per_lang.insert(lang, parse_pct(pct)?);
            }
            None => out.all = Some(parse_pct(part)?),
        }
    }
    if out.all.is_none() && out.per_lang.is_empty() {
        return Err("no percentage given (expected e.g. `90` or `tr=100,ru=80`)".into());
    }
    Ok(out)
}

/// Runs `check`.
///
/// # Errors
/// Unreadable or malformed sources or drafts, an unknown slug, `--json` with another
/// `--format`.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let format = match (args.format, ctx.out.json) {
        (None, true) | (Some(Format::Json), _) => Format::Json,
        (Some(f), true) => {
            return Err(format!(
            "`--json` asks for JSON but `--format {}` for another format (expected one of them)",
            format_name(f)
        )
            .into())
        }
        (Some(f), false) => f,
        (None, false) => Format::Text,
    };
    let file = &ctx.config.check;
    let mut gates = Gates::from_config(file);
    if let Some(n) = args.max_untranslated {
        gates.max_untranslated = n;
    }
    gates.allow_fuzzy |= args.allow_fuzzy;
    if let Some(level) = args.terminology {
        gates.terminology = match level {
            TermLevel::Off => polypress::config::Terminology::Off,
            TermLevel::Warn => polypress::config::Terminology::Warn,
            TermLevel::Error => polypress::config::Terminology::Error,
        };
    }
    if let Some(mc) = &args.min_complete {
        if let Some(all) = mc.all {
            // A single number on the command line overrides the file for every language.
            gates.default_min_complete = all;
            gates.min_complete.clear();
        }
        gates
            .min_complete
            .extend(mc.per_lang.iter().map(|(l, p)| (*l, *p)));
    }
    let warn_only = args.warn_only || file.warn_only;
    let options = Options {
        slugs: args.slugs.clone(),
        targets: args.to.clone().map(|t| t.0).unwrap_or_default(),
        gates,
    };
    let report = report::check(&ctx.root, &ctx.config, &options)?;
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

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Text => "text",
        Format::Json => "json",
        Format::Junit => "junit",
        Format::Github => "github",
        Format::Sarif => "sarif",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_complete_takes_one_number_or_per_language() {
        assert_eq!(parse_min_complete("90").unwrap().all, Some(90));
        let m = parse_min_complete("tr=100, ru=80").unwrap();
        assert_eq!(m.per_lang.get(&Lang::Ru), Some(&80));
        assert!(parse_min_complete("tr=120")
            .unwrap_err()
            .contains("expected 0-100"));
        assert!(parse_min_complete("de=50")
            .unwrap_err()
            .contains("unknown language `de`"));
    }
}
