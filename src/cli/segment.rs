//! `polypress segment`: split articles into sentences and print them.

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use polypress::model::Lang;
use polypress::project::{SegmentInput, SegmentOptions};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `segment`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "With no FILE, segments every article of the project.\n\
With --json, prints JSON Lines: one {\"type\":\"segment\",\"data\":{...}} record per segment, then one\n\
{\"type\":\"summary\",\"data\":{...}} record.",
    after_long_help = "Examples:\n  polypress segment\n  polypress segment sources/central-asia-japan-dialogue/en.md --json\n  echo 'Dr. Hayashi came. He spoke.' | polypress segment --lang en --plain -"
)]
pub struct Args {
    /// Article files to segment, or `-` for stdin [default: every article under sources/]
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Language of the input [default: from the file name `<lang>.md`, else its front matter]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Read the input as plain text: no Markdown, blank lines separate paragraphs [default: Markdown]
    #[arg(long)]
    pub plain: bool,
    /// For every candidate boundary, print whether the sentence ends there and the rule or
    /// evidence that decided it, instead of the sentences
    #[arg(long)]
    pub explain: bool,
}

/// Runs `segment`.
///
/// # Errors
/// Unreadable or malformed input, an unknown language.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let mut inputs = Vec::new();
    for f in &args.files {
        inputs.push(if f.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            SegmentInput::Stdin(buf)
        } else {
            SegmentInput::File(f.clone())
        });
    }
    let r = ctx.project.segment(&SegmentOptions {
        inputs,
        lang: args.lang,
        plain: args.plain,
    })?;
    let (many, total, n) = (r.many, r.segments(), r.inputs.len());
    for w in r.inputs.iter().flat_map(|i| &i.warnings) {
        ctx.out.warn(&w.to_string());
    }
    if args.explain {
        let mut out = String::new();
        for i in &r.inputs {
            for b in ctx.project.explain_boundaries(&i.article)? {
                let verdict = if b.breaks { "break" } else { "keep" };
                out.push_str(&format!(
                    "{}:{}: {}|{}  {verdict}  {}\n",
                    i.label, b.line, b.before, b.after, b.reason
                ));
            }
        }
        ctx.out.stdout(&out)?;
        return Ok(Outcome::Clean);
    }
    let mut out = String::new();
    for (label, a) in r.inputs.iter().map(|i| (&i.label, &i.article)) {
        for s in &a.segments {
            if ctx.out.json {
                let rec = json!({"type": "segment", "data": {
                    "path": label, "slug": a.slug, "lang": a.lang, "id": s.id, "source": s.display,
                    "text": s.text, "span": [s.span.start, s.span.end], "line": s.line,
                    "column": s.column, "block": s.block,
                }});
                out.push_str(&format!("{rec}\n"));
            } else if many {
                let at = ctx.out.paint("2", &format!("{label}:{}:", s.line));
                out.push_str(&format!("{at} {}\n", s.display));
            } else {
                out.push_str(&format!("{}\n", s.display));
            }
        }
    }
    if ctx.out.json {
        let rec = json!({"type": "summary", "data": {"articles": n, "segments": total}});
        out.push_str(&format!("{rec}\n"));
    }
    ctx.out.stdout(&out)?;
    ctx.out.info(&format!(
        "segmented {} {} ({} {}) in {:.2} s",
        n,
        if n == 1 { "article" } else { "articles" },
        total,
        if total == 1 { "segment" } else { "segments" },
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
