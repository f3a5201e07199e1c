//! `polypress align`: turn an existing translation of a source article (a legacy edition) into
//! its draft by sentence alignment.

use std::path::{Path, PathBuf};

use polypress::align::{self, detect, ArticleLink};
use polypress::draft::{draft_path, sync, Draft, State};
use polypress::memory::Memory;
use polypress::model::{Article, Lang};
use polypress::segment::Rules;
use polypress::source::{self, ArticleFile, Format};
use serde_json::json;

use super::{CliError, Context, Outcome};

/// Arguments of `align`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  polypress align central-asia-japan-dialogue --lang tr legacy/tr.md\n  polypress align --from legacy/\n\n\
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
        default_value_t = 0.8,
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

/// One legacy file to align and the article it translates.
struct Job {
    file: PathBuf,
    label: String,
    source: ArticleFile,
}

/// Runs `align`.
///
/// # Errors
/// Unreadable input, a file in the wrong language, an empty body, an alignment that looks like
/// a different article (without `--force`).
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    if !(0.0..=1.0).contains(&args.min_confidence) {
        return Err(format!(
            "--min-confidence `{}` is out of range (expected a number from 0 to 1)",
            args.min_confidence
        )
        .into());
    }
    let sources = source::discover(&ctx.root, &[])?;
    // The memory is evidence for the aligner where it has matches.
    let memory = super::project::memory(ctx, true)?;
    if let Some(dir) = &args.from {
        return run_folder(dir, &sources, args, ctx, &memory);
    }
    let (Some(slug), Some(file)) = (&args.slug, &args.file) else {
        return Err("expected SLUG and FILE, or --from DIR".into());
    };
    let source = sources.iter().find(|f| &f.slug == slug).ok_or_else(|| {
        format!(
            "no article `{slug}` under `sources/` (expected sources/{slug}/<lang>.md; see `polypress segment` for the list)"
        )
    })?;
    let job = Job {
        file: file.clone(),
        label: polypress::error::relative(file, &ctx.root)
            .display()
            .to_string(),
        source: source.clone(),
    };
    let report = align_one(&job, args.lang, args, ctx, &memory)?;
    ctx.out.stdout(&report)?;
    Ok(Outcome::Clean)
}

fn run_folder(
    dir: &Path,
    sources: &[ArticleFile],
    args: &Args,
    ctx: &Context,
    memory: &Memory,
) -> Result<Outcome, CliError> {
    let abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        ctx.root.join(dir)
    };
    if !abs.is_dir() {
        return Err(format!(
            "folder `{}` does not exist (expected a folder of translated articles for --from)",
            dir.display()
        )
        .into());
    }
    let mut out = String::new();
    let (mut unmatched, mut failed, mut done) = (0, Vec::new(), 0);
    for file in polypress::fsx::walk_files(&abs, "md")? {
        let label = polypress::error::relative(&file, &ctx.root)
            .display()
            .to_string();
        let Some(source) = match_source(&file, &abs, sources, ctx) else {
            ctx.out.warn(&format!(
                "`{label}`: no source article matches it (expected DIR/<slug>/<lang>.md, DIR/<slug>.<lang>.md, or a front-matter date of one article)"
            ));
            unmatched += 1;
            continue;
        };
        let declared = std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| source::sniff_lang(&t));
        if declared == Some(source.lang) {
            ctx.out.info(&format!(
                "skipped `{label}`: it is in `{}`, the language of `{}`",
                source.lang,
                source.path.display()
            ));
            continue;
        }
        let job = Job {
            file,
            label: label.clone(),
            source,
        };
        match align_one(&job, args.lang, args, ctx, memory) {
            Ok(r) => {
                out.push_str(&r);
                done += 1;
            }
            Err(e) => failed.push(format!("{e}")),
        }
    }
    ctx.out.stdout(&out)?;
    if !failed.is_empty() {
        return Err(format!(
            "{} of {} files not aligned:\n{}",
            failed.len(),
            failed.len() + done,
            failed.join("\n")
        )
        .into());
    }
    Ok(if unmatched > 0 {
        Outcome::Found
    } else {
        Outcome::Clean
    })
}

/// The source article a legacy file translates: by folder or file name, else by front matter
/// date (only when exactly one article has it).
fn match_source(
    file: &Path,
    dir: &Path,
    sources: &[ArticleFile],
    ctx: &Context,
) -> Option<ArticleFile> {
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let parent = file
        .parent()
        .filter(|p| *p != dir)
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let by_name = |slug: &str| sources.iter().find(|s| s.slug == slug).cloned();
    if let Some(p) = &parent {
        if let Some(s) = by_name(p) {
            return Some(s);
        }
    }
    if let Some((slug, _lang)) = stem.rsplit_once('.') {
        if let Some(s) = by_name(slug) {
            return Some(s);
        }
    }
    if let Some(s) = by_name(&stem) {
        return Some(s);
    }
    let text = std::fs::read_to_string(file).ok()?;
    let date = front_date(&text)?;
    let mut hits = sources.iter().filter(|s| {
        std::fs::read_to_string(ctx.root.join(&s.path))
            .ok()
            .and_then(|t| front_date(&t))
            .is_some_and(|d| d == date)
    });
    let first = hits.next()?.clone();
    hits.next().is_none().then_some(first)
}

fn front_date(text: &str) -> Option<String> {
    let body = text.strip_prefix("+++")?;
    let end = body.find("\n+++")?;
    body[..end].lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "date").then(|| v.trim().trim_matches('"').to_string())
    })
}

fn align_one(
    job: &Job,
    lang: Option<Lang>,
    args: &Args,
    ctx: &Context,
    memory: &Memory,
) -> Result<String, CliError> {
    let label = &job.label;
    let src_rules = Rules::from_config(job.source.lang, &ctx.config.segment, &ctx.root)?;
    let src = source::load(&ctx.root, &job.source, &src_rules)?;
    let bytes = polypress::fsx::read_bytes(&job.file)?;
    let text = source::decode(bytes, Path::new(label), false)?;
    let declared = source::sniff_lang(&text);
    let tgt_lang = match (lang, declared) {
        (Some(l), Some(d)) if l != d => {
            return Err(format!("{label}: front matter says `lang = \"{d}\"` but --lang is `{l}` (expected them to agree)").into())
        }
        (Some(l), _) | (None, Some(l)) => l,
        (None, None) => {
            return Err(format!("{label}: cannot tell the language (expected `lang` in the front matter, or --lang)").into())
        }
    };
    if tgt_lang == src.lang {
        return Err(format!(
            "{label}: is in `{tgt_lang}`, the language of the source article `{}` (expected a translation into another language)\n  hint: align a translation, e.g. a `tr` or `ru` edition of this article",
            job.source.path.display()
        )
        .into());
    }
    let tgt_rules = Rules::from_config(tgt_lang, &ctx.config.segment, &ctx.root)?;
    let tgt = source::parse(
        &text,
        Path::new(label),
        &job.source.slug,
        tgt_lang,
        Format::Article,
        &tgt_rules,
    )?;
    let body_segments = tgt
        .segments
        .iter()
        .filter(|s| !s.block.starts_with("/front/"))
        .count();
    if body_segments == 0 {
        return Err(format!(
            "{label}: empty body (expected the translated article's text after the front matter)"
        )
        .into());
    }
    let body = detect::body_text(&tgt);
    if let Some(seen) = detect::guess(&body) {
        if seen != tgt_lang {
            let s = detect::script(&body);
            return Err(format!(
                "{label}: the text reads as `{seen}`, not `{tgt_lang}` ({:.0}% Cyrillic letters, {:.1}% of ğ ş ı İ)\n  hint: check that the file is the `{tgt_lang}` translation and its front-matter `lang`",
                s.cyrillic * 100.0,
                s.turkish * 100.0
            )
            .into());
        }
    }
    let params = align::params(src.lang, tgt_lang);
    let dict = align::MemoryDictionary {
        memory,
        from: src.lang,
        to: tgt_lang,
        min: 75,
    };
    let links = align::align_articles(&src, &tgt, &params, &dict);
    let verdict = detect::assess(&src, &tgt, &links, params.c, args.min_confidence);
    let rel = draft_path(&job.source.slug, tgt_lang);
    let existing = Draft::load(&ctx.root, &rel)?;
    let (mut draft, _) = sync(&src, existing.as_ref(), tgt_lang);
    let report = align::fill(&mut draft, &src, &tgt, &links, args.min_confidence, label);
    let counts = draft.counts();
    let refuse = !verdict.problems.is_empty() && !args.force;
    let written = if args.dry_run || refuse {
        false
    } else {
        draft.save(&ctx.root, &rel)?;
        true
    };
    let mut out = String::new();
    if ctx.out.json {
        out.push_str(&json_report(
            job, &src, &tgt, &links, &verdict, &rel, written, counts,
        ));
        out.push('\n');
    } else {
        let n = if args.dry_run {
            links.len()
        } else {
            args.review.unwrap_or(0)
        };
        out.push_str(&review(&src, &tgt, &links, n, args.dry_run, ctx));
    }
    if refuse {
        let weak = review(&src, &tgt, &links, 5, false, ctx);
        return Err(format!(
            "{label}: does not look like a translation of `{}`: {}; nothing written\n{weak}  hint: check the file; if it is right, run again with --force",
            job.source.path.display(),
            verdict.problems.join("; ")
        )
        .into());
    }
    for p in &verdict.problems {
        ctx.out
            .warn(&format!("{label}: {p} (written because of --force)"));
    }
    ctx.out.info(&format!(
        "{} {label} → {}: {} translated, {} fuzzy, {} new ({} kept as they were; {} source segments without translation, {} extra target segments)",
        if written { "aligned" } else { "aligned (not written)" },
        rel.display(),
        counts[State::Translated as usize],
        counts[State::Fuzzy as usize],
        counts[State::New as usize],
        report.kept.len(),
        report.unaligned.len(),
        report.extra.len(),
    ));
    Ok(out)
}

fn side(a: &Article, idx: &[usize]) -> String {
    idx.iter()
        .map(|&i| a.segments[i].display.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `n` weakest links (or all in order, for `--dry-run`), both sides shown.
fn review(
    src: &Article,
    tgt: &Article,
    links: &[ArticleLink],
    n: usize,
    all: bool,
    ctx: &Context,
) -> String {
    let mut order: Vec<&ArticleLink> = links.iter().collect();
    if !all {
        order.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
        order.truncate(n);
    }
    let mut out = String::new();
    for l in order {
        let line = |a: &Article, idx: &[usize]| {
            idx.first()
                .map_or(String::from("-"), |&i| a.segments[i].line.to_string())
        };
        out.push_str(&format!(
            "{} {} {} (source line {}, target line {})\n",
            ctx.out.paint("1", &format!("{:.2}", l.confidence)),
            l.kind(),
            l.region,
            line(src, &l.src),
            line(tgt, &l.tgt),
        ));
        out.push_str(&format!("  {}: {}\n", src.lang, side(src, &l.src)));
        out.push_str(&format!("  {}: {}\n", tgt.lang, side(tgt, &l.tgt)));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn json_report(
    job: &Job,
    src: &Article,
    tgt: &Article,
    links: &[ArticleLink],
    verdict: &detect::Assessment,
    rel: &Path,
    written: bool,
    counts: [usize; 4],
) -> String {
    let links: Vec<_> = links
        .iter()
        .map(|l| {
            json!({
                "type": l.kind(),
                "confidence": (l.confidence * 1000.0).round() / 1000.0,
                "region": l.region,
                "source": l.src.iter().map(|&i| json!({"id": src.segments[i].id, "text": src.segments[i].text, "line": src.segments[i].line})).collect::<Vec<_>>(),
                "target": l.tgt.iter().map(|&j| json!({"text": tgt.segments[j].text, "line": tgt.segments[j].line})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "file": job.label,
        "slug": job.source.slug,
        "source_lang": src.lang,
        "target_lang": tgt.lang,
        "draft": rel.display().to_string(),
        "written": written,
        "counts": {"new": counts[0], "fuzzy": counts[1], "translated": counts[2], "reviewed": counts[3]},
        "problems": verdict.problems,
        "links": links,
    })
    .to_string()
}
