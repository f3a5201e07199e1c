//! `polypress analyze`: segments and source words per memory-match band, per article and
//! target language — the report work is priced with.

use polypress::project::{Analysis, AnalyzeOptions, AnalyzeReport};

use super::{CliError, Context, LangList, Outcome};

/// Arguments of `analyze`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Bands: repetitions, context (101), exact (100), the fuzzy bands of [analyze] bands\n\
(default 95-99, 85-94, 75-84, 50-74), no-match. With --json: {\"bands\": [...], \"analyses\":\n\
[{slug, source_lang, target_lang, bands: [{name, segments, words}], total}], \"total\": [...]}.",
    after_long_help = "Examples:\n  polypress analyze\n  polypress analyze central-asia-japan-dialogue --to tr --json"
)]
pub struct Args {
    /// Articles to analyze [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: every project language but the source]
    #[arg(long, value_name = "LANGS")]
    pub to: Option<LangList>,
    /// Skip TMX files that do not parse, with a warning [default: stop]
    #[arg(long)]
    pub skip_bad: bool,
}

/// Runs `analyze`.
///
/// # Errors
/// Unreadable sources or memory.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let r: AnalyzeReport = ctx.project.analyze(&AnalyzeOptions {
        slugs: args.slugs.clone(),
        to: args.to.clone().map(|l| l.0),
        skip_bad: args.skip_bad,
    })?;
    ctx.warn_skipped(&r.skipped_files);
    if ctx.out.json {
        let total: Vec<_> = r
            .total
            .bands
            .iter()
            .chain(std::iter::once(&r.total.total))
            .collect();
        let doc = serde_json::json!({"bands": r.bands, "analyses": r.analyses, "total": total});
        ctx.out
            .stdout(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
    } else {
        let mut out = String::new();
        for a in &r.analyses {
            let title = format!("{} ({} → {})", a.slug, a.source_lang, a.target_lang);
            out.push_str(&table(&title, a));
        }
        out.push_str(&table(
            &format!("all {} analyses", r.analyses.len()),
            &r.total,
        ));
        ctx.out.stdout(&out)?;
    }
    ctx.out.info(&format!(
        "analyzed {} articles into {} languages pairs: {} segments, {} words",
        r.articles,
        r.analyses.len(),
        r.total.total.segments,
        r.total.total.words
    ));
    Ok(Outcome::Clean)
}

fn table(title: &str, a: &Analysis) -> String {
    let mut out = format!(
        "{title}\n  {:<12} {:>8} {:>8} {:>6}\n",
        "band", "segments", "words", "words%"
    );
    let total_words = a.total.words.max(1);
    for b in &a.bands {
        out.push_str(&format!(
            "  {:<12} {:>8} {:>8} {:>5.1}%\n",
            b.name,
            b.segments,
            b.words,
            100.0 * b.words as f64 / total_words as f64
        ));
    }
    out.push_str(&format!(
        "  {:<12} {:>8} {:>8}\n\n",
        "total", a.total.segments, a.total.words
    ));
    out
}
