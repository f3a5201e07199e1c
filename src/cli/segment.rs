//! `polypress segment`: split articles into sentences and print them.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use polypress::model::{Article, Lang};
use polypress::segment::{self, Rules};
use polypress::source::{self, Format};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `segment`.
#[derive(Debug, clap::Args)]
#[command(after_help = "With no FILE, segments every article of the project.\n\
With --json, prints JSON Lines: one {\"type\":\"segment\",\"data\":{...}} record per segment, then one\n\
{\"type\":\"summary\",\"data\":{...}} record.")]
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

struct Input {
    label: String,
    slug: String,
    text: String,
    lang: Lang,
}

/// Runs `segment`.
///
/// # Errors
/// Unreadable or malformed input, an unknown language.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    let started = Instant::now();
    let format = if args.plain {
        Format::Plain
    } else {
        Format::Markdown
    };
    let inputs = if args.files.is_empty() {
        project_inputs(ctx)?
    } else {
        args.files
            .iter()
            .map(|f| read_input(f, args, ctx))
            .collect::<Result<Vec<_>, _>>()?
    };
    let many = args.files.is_empty() || inputs.len() > 1;
    let mut articles: Vec<(String, Article)> = Vec::new();
    let mut explained = String::new();
    for input in inputs {
        let rules = Rules::from_config(input.lang, &ctx.config.segment, &ctx.root)?;
        if format == Format::Markdown {
            for w in
                segment::ordinal_list_warnings(&input.text, Path::new(&input.label), input.lang)
            {
                ctx.out.warn(&w.to_string());
            }
        }
        let a = source::parse(
            &input.text,
            Path::new(&input.label),
            &input.slug,
            input.lang,
            format,
            &rules,
        )?;
        if args.explain {
            explain_article(&input.label, &a, &rules, &mut explained);
        }
        articles.push((input.label, a));
    }
    if args.explain {
        ctx.out.stdout(&explained)?;
        return Ok(Outcome::Clean);
    }
    let mut out = String::new();
    let mut total = 0;
    for (label, a) in &articles {
        total += a.segments.len();
        for s in &a.segments {
            if ctx.out.json {
                let rec = json!({"type": "segment", "data": {
                    "path": label, "slug": a.slug, "lang": a.lang, "id": s.id, "source": s.display,
                    "text": s.text, "span": [s.span.start, s.span.end], "line": s.line,
                    "column": s.column, "block": s.block,
                }});
                out.push_str(&rec.to_string());
                out.push('\n');
            } else if many {
                let at = ctx.out.paint("2", &format!("{label}:{}:", s.line));
                out.push_str(&format!("{at} {}\n", s.display));
            } else {
                out.push_str(&s.display);
                out.push('\n');
            }
        }
    }
    if ctx.out.json {
        let rec =
            json!({"type": "summary", "data": {"articles": articles.len(), "segments": total}});
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    ctx.out.stdout(&out)?;
    ctx.out.info(&format!(
        "segmented {} {} ({} {}) in {:.2} s",
        articles.len(),
        if articles.len() == 1 {
            "article"
        } else {
            "articles"
        },
        total,
        if total == 1 { "segment" } else { "segments" },
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}

/// Appends one line per candidate boundary of every block of `a`: where it is, the text around
/// it, `break` or `keep`, and the rule or evidence that decided it.
fn explain_article(label: &str, a: &Article, rules: &Rules, out: &mut String) {
    let mut k = 0;
    while k < a.segments.len() {
        let block = &a.segments[k].block;
        let line = a.segments[k].line;
        let mut text = String::new();
        while k < a.segments.len() && &a.segments[k].block == block {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&a.segments[k].display);
            k += 1;
        }
        for c in segment::explain(&text, rules) {
            let before = tail(&text[..c.terminator.end], 24);
            let after = head(&text[c.next..], 16);
            out.push_str(&format!(
                "{label}:{line}: {before}|{after}  {}  {}\n",
                if c.breaks { "break" } else { "keep" },
                c.reason.describe()
            ));
        }
    }
}

fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n).map_or(0, |(i, _)| i);
    &s[start..]
}

fn head(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn project_inputs(ctx: &Context) -> Result<Vec<Input>, CliError> {
    let files = source::discover(&ctx.root, &[])?;
    if files.is_empty() {
        return Err(format!(
            "no articles under `{}` (expected sources/<slug>/<lang>.md; give a FILE or -C DIR)",
            ctx.root.join("sources").display()
        )
        .into());
    }
    let mut out = Vec::new();
    for f in files {
        let bytes = polypress::fsx::read_bytes(&ctx.root.join(&f.path))?;
        let text = source::decode(bytes, &f.path, false)?;
        out.push(Input {
            label: f.path.display().to_string(),
            slug: f.slug,
            text,
            lang: f.lang,
        });
    }
    Ok(out)
}

fn read_input(file: &Path, args: &Args, ctx: &Context) -> Result<Input, CliError> {
    let (label, bytes) = if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        ("-".to_string(), buf)
    } else {
        let shown = polypress::error::relative(file, &ctx.root);
        (
            shown.display().to_string(),
            polypress::fsx::read_bytes(file)?,
        )
    };
    let text = source::decode(bytes, Path::new(&label), true)?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let from_name = Lang::from_tag(&stem).filter(|l| l.code() == stem);
    let lang = args
        .lang
        .or(from_name)
        .or_else(|| source::sniff_lang(&text))
        .ok_or_else(|| {
            format!("cannot tell the language of `{label}` (expected --lang en, tr or ru)")
        })?;
    let slug = if from_name.is_some() {
        file.parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    } else {
        None
    }
    .unwrap_or_else(|| {
        if label == "-" {
            "stdin".to_string()
        } else {
            stem.clone()
        }
    });
    Ok(Input {
        label,
        slug,
        text,
        lang,
    })
}
