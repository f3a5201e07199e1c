//! `polypress analyze`: segments and source words per memory-match band, per article and
//! target language — the report work is priced with.

use polypress::report::leverage::{analyze, band_names, Analysis};

use super::{project, CliError, Context, Outcome};

/// Arguments of `analyze`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Bands: repetitions, context (101), exact (100), the fuzzy bands of [analyze] bands\n\
(default 95-99, 85-94, 75-84, 50-74), no-match. With --json: {\"bands\": [...], \"analyses\":\n\
[{slug, source_lang, target_lang, bands: [{name, segments, words}], total}], \"total\": [...]}."
)]
pub struct Args {
    /// Articles to analyze [default: every article]
    #[arg(value_name = "SLUG")]
    pub slugs: Vec<String>,
    /// Target languages, comma-separated [default: every project language but the source]
    #[arg(long, value_name = "LANGS")]
    pub to: Option<project::LangList>,
    /// Skip TMX files that do not parse, with a warning [default: stop]
    #[arg(long)]
    pub skip_bad: bool,
}

/// Runs `analyze`.
///
/// # Errors
/// Unreadable sources or memory.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let articles = project::articles(ctx, &args.slugs)?;
    let memory = project::memory(ctx, args.skip_bad)?;
    let edges = &ctx.config.analyze.bands;
    let jobs: Vec<_> = articles
        .iter()
        .flat_map(|a| {
            project::targets(ctx, a, &args.to)
                .into_iter()
                .map(move |l| (a, l))
        })
        .collect();
    let results = analyze(&jobs, &memory, edges);
    let names = band_names(edges);
    let mut totals = vec![(0usize, 0usize); names.len() + 1];
    for r in &results {
        for (t, b) in totals
            .iter_mut()
            .zip(r.bands.iter().chain(std::iter::once(&r.total)))
        {
            t.0 += b.segments;
            t.1 += b.words;
        }
    }
    if ctx.out.json {
        let total: Vec<_> = names
            .iter()
            .chain(std::iter::once(&"total".to_string()))
            .zip(&totals)
            .map(|(n, (s, w))| serde_json::json!({"name": n, "segments": s, "words": w}))
            .collect();
        let doc = serde_json::json!({"bands": names, "analyses": results, "total": total});
        ctx.out
            .stdout(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
    } else {
        let mut out = String::new();
        for r in &results {
            out.push_str(&table(
                &format!("{} ({} → {})", r.slug, r.source_lang, r.target_lang),
                r,
                &names,
            ));
        }
        let all = Analysis {
            slug: String::new(),
            source_lang: polypress::model::Lang::En,
            target_lang: polypress::model::Lang::En,
            bands: names
                .iter()
                .zip(&totals)
                .map(|(n, (s, w))| polypress::report::leverage::Band {
                    name: n.clone(),
                    segments: *s,
                    words: *w,
                })
                .collect(),
            total: polypress::report::leverage::Band {
                name: "total".into(),
                segments: totals[names.len()].0,
                words: totals[names.len()].1,
            },
        };
        out.push_str(&table(
            &format!("all {} analyses", results.len()),
            &all,
            &names,
        ));
        ctx.out.stdout(&out)?;
    }
    ctx.out.info(&format!(
        "analyzed {} articles into {} languages pairs: {} segments, {} words",
        articles.len(),
        results.len(),
        totals[names.len()].0,
        totals[names.len()].1
    ));
    Ok(Outcome::Clean)
}

fn table(title: &str, a: &Analysis, names: &[String]) -> String {
    let mut out = format!(
        "{title}\n  {:<12} {:>8} {:>8} {:>6}\n",
        "band", "segments", "words", "words%"
    );
    let total_words = a.total.words.max(1);
    for (n, b) in names.iter().zip(&a.bands) {
        out.push_str(&format!(
            "  {:<12} {:>8} {:>8} {:>5.1}%\n",
            n,
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
