//! `polypress align`: turn an existing translation of a source article (a legacy edition) into
//! its draft by sentence alignment.

use std::path::PathBuf;

use polypress::model::Lang;
use polypress::project::{AlignEvent, AlignFileReport, AlignInput, AlignOptions};
use serde_json::json;

use super::{CliError, Context, Outcome, UsageError};

/// Arguments of `align`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Examples:\n  polypress align central-asia-japan-dialogue --lang tr legacy/tr.md\n  polypress align --from legacy/\n\n\
Aligned segments become `translated` (confidence ≥ --min-confidence) or `fuzzy`; entries that are\n\
already translated or reviewed are never changed. With --json, prints one object per file:\n\
{\"file\",\"slug\",\"source_lang\",\"target_lang\",\"draft\",\"written\",\"counts\",\"problems\",\"links\":[{\"type\",\"confidence\",\"region\",\"source\":[{\"id\",\"text\",\"line\"}],\"target\":[{\"text\",\"line\"}]}]}."
)]
pub struct Args {
    /// The source article's slug (the folder under sources/)
    #[arg(
        value_name = "SLUG",
        required_unless_present = "from",
        requires = "file"
    )]
    pub slug: Option<String>,
    /// The translated article (Markdown with front matter)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Language of FILE [default: its front matter's `lang`]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Align every *.md below DIR, matched to articles by DIR/<slug>/<lang>.md, DIR/<slug>.<lang>.md or the front matter's date [default: off]
    #[arg(long, value_name = "DIR", conflicts_with_all = ["slug", "file"])]
    pub from: Option<PathBuf>,
    /// Lowest confidence (0-1) for an aligned segment to be `translated` rather than `fuzzy` [default: 0.8]
    #[arg(
        long,
        value_name = "X",
        default_value_t = polypress::project::DEFAULT_MIN_CONFIDENCE,
        hide_default_value = true
    )]
    pub min_confidence: f64,
    /// Print the N weakest links with both sides for a person to check [default: off; N defaults to 10]
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "10")]
    pub review: Option<usize>,
    /// Print the alignment, write nothing [default: off]
    #[arg(long)]
    pub dry_run: bool,
    /// Write the draft even when the alignment looks like a different article [default: off]
    #[arg(long)]
    pub force: bool,
}

/// Runs `align`.
///
/// # Errors
/// Unreadable input, a file in the wrong language, an empty body, an alignment that looks like
/// a different article (without `--force`).
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let input = match (&args.from, &args.slug, &args.file) {
        (Some(dir), _, _) => AlignInput::Folder(dir.clone()),
        (None, Some(slug), Some(file)) => AlignInput::File {
            slug: slug.clone(),
            file: file.clone(),
        },
        _ => return Err(UsageError::AlignInput.into()),
    };
    let r = ctx.project.align(&AlignOptions {
        input,
        lang: args.lang,
        min_confidence: args.min_confidence,
        dry_run: args.dry_run,
        force: args.force,
    })?;
    ctx.warn_skipped(&r.skipped_files);
    let mut out = String::new();
    for e in &r.events {
        match e {
            AlignEvent::Aligned(f) => out.push_str(&file_report(f, args, ctx)),
            AlignEvent::Unmatched(label) => ctx.out.warn(&format!(
                "`{label}`: no source article matches it (expected DIR/<slug>/<lang>.md, DIR/<slug>.<lang>.md, or a front-matter date of one article)"
            )),
            AlignEvent::SameLang { file, lang, article } => ctx.out.info(&format!(
                "skipped `{file}`: it is in `{lang}`, the language of `{}`",
                article.display()
            )),
            AlignEvent::Failed(_) => {}
        }
    }
    ctx.out.stdout(&out)?;
    if let Some(e) = r.failure() {
        return Err(e.into());
    }
    Ok(if r.has_unmatched() {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// One file's product (JSON or the review), with its warnings and summary on stderr.
fn file_report(f: &AlignFileReport, args: &Args, ctx: &Context) -> String {
    let text = if ctx.out.json {
        json_report(f) + "\n"
    } else if args.dry_run {
        f.review_text(&f.links.iter().collect::<Vec<_>>(), &|s| {
            ctx.out.paint("1", s)
        })
    } else {
        f.review_text(&f.weakest(args.review.unwrap_or(0)), &|s| {
            ctx.out.paint("1", s)
        })
    };
    for p in &f.problems {
        let label = &f.file;
        ctx.out
            .warn(&format!("{label}: {p} (written because of --force)"));
    }
    let c = f.counts;
    ctx.out.info(&format!(
        "{} {} → {}: {} translated, {} fuzzy, {} new ({} kept as they were; {} source segments without translation, {} extra target segments)",
        if f.written { "aligned" } else { "aligned (not written)" },
        f.file,
        f.draft.display(),
        c.translated,
        c.fuzzy,
        c.new,
        f.kept,
        f.unaligned,
        f.extra,
    ));
    text
}

fn json_report(f: &AlignFileReport) -> String {
    let links: Vec<_> = f
        .links
        .iter()
        .map(|l| {
            json!({
                "type": l.kind,
                "confidence": (l.confidence * 1000.0).round() / 1000.0,
                "region": l.region,
                "source": l.source.iter().map(|s| json!({"id": s.id, "text": s.text, "line": s.line})).collect::<Vec<_>>(),
                "target": l.target.iter().map(|s| json!({"text": s.text, "line": s.line})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "file": f.file,
        "slug": f.slug,
        "source_lang": f.source_lang,
        "target_lang": f.target_lang,
        "draft": f.draft.display().to_string(),
        "written": f.written,
        "counts": f.counts,
        "problems": f.problems,
        "links": links,
    })
    .to_string()
}
