//! `polypress tm`: the translation memory from the command line: import and export TMX, show
//! statistics, look a sentence up, search a phrase.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;
use polypress::model::{parse_list, Lang};
use polypress::project::{AlignOp, Match, TmLookupOptions};
use serde_json::json;

use super::{CliError, Context, Outcome, UsageError};

/// Arguments of `tm`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The memory is every *.tmx below <project>/memory/; polypress writes \
memory/project.tmx and only reads the others. Files below a folder named in \
[memory.penalties] (default: reference = 5) score that many points lower. Lookups also match the drafts' translated and reviewed entries (origin: the draft and segment).",
    after_long_help = "Examples:\n  polypress tm import client.tmx --into reference/client\n  polypress tm stats --json\n  polypress tm lookup 'The 9th meeting will be held in Tokyo.' --from en --to tr\n  polypress tm concordance 'Central Asia' --lang en"
)]
pub struct Args {
    /// Skip TMX files that do not parse (listed as warnings) instead of failing [default: fail]
    #[arg(long, global = true)]
    pub skip_bad: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: TmCommand,
}

/// The `tm` subcommands.
#[derive(Debug, Subcommand)]
pub enum TmCommand {
    /// Add TMX files to the memory (merged into memory/project.tmx unless --into)
    Import {
        /// TMX files to import
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Write them to memory/NAME.tmx instead (e.g. `reference/client`) [default: project]
        #[arg(long, value_name = "NAME")]
        into: Option<String>,
    },
    /// Write the whole memory as one TMX 1.4b file
    Export {
        /// Languages to keep, comma-separated [default: en,tr,ru]
        #[arg(long, value_name = "LANGS")]
        langs: Option<String>,
        /// The file to write
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Count TUs per language pair, duplicates and conflicts
    Stats {
        /// Also list each conflicting source: its targets, with file and line [default: counts only]
        #[arg(long)]
        conflicts: bool,
    },
    /// Show the best matches for a sentence, or for each JSON line on stdin (--stdin)
    Lookup {
        /// The sentence (placeholders `{1}`, `{/1}`, `{1/}` stand for markup)
        #[arg(required_unless_present = "stdin")]
        text: Option<String>,
        /// Its language
        #[arg(long, value_name = "LANG", required_unless_present = "stdin")]
        from: Option<Lang>,
        /// The language wanted
        #[arg(long, value_name = "LANG", required_unless_present = "stdin")]
        to: Option<Lang>,
        /// Read JSON Lines `{"text", "from", "to", "prev"?, "next"?}` from stdin and write one
        /// JSON result per line [default: one sentence from the arguments]
        #[arg(long, conflicts_with_all = ["text", "from", "to", "prev", "next"])]
        stdin: bool,
        /// With --stdin, add each lookup's time in microseconds (`"micros"`) [default: off]
        #[arg(long, requires = "stdin")]
        timings: bool,
        /// How many matches at most [default: 5]
        #[arg(short, default_value_t = 5, hide_default_value = true)]
        k: usize,
        /// Lowest score to show, 0-100 [default: memory.min_score, 70]
        #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u8).range(0..=100))]
        min: Option<u8>,
        /// The previous segment, for context (101) matches [default: none]
        #[arg(long, value_name = "TEXT")]
        prev: Option<String>,
        /// The next segment, for context (101) matches [default: none]
        #[arg(long, value_name = "TEXT")]
        next: Option<String>,
    },
    /// Create or upgrade the team memory's schema in PostgreSQL (memory.url)
    InitDb,
    /// Copy every TMX file of memory/ into the team memory (TUs it holds are skipped)
    Push,
    /// Write the team memory into memory/, one TMX file per stored file
    Pull,
    /// Find a phrase in the memory, with the fragments that translate it
    Concordance {
        /// The phrase (case- and whitespace-insensitive)
        phrase: String,
        /// Its language
        #[arg(long, value_name = "LANG")]
        lang: Lang,
        /// How many hits at most [default: 20]
        #[arg(long, default_value_t = 20, hide_default_value = true)]
        limit: usize,
    },
}

/// Runs `tm`.
///
/// # Errors
/// Unreadable or malformed TMX (unless `--skip-bad`), an unknown language, a failed write.
pub fn run(args: &Args, ctx: &mut Context) -> Result<Outcome, CliError> {
    let mut out = String::new();
    // The summary goes to stderr after the product, so a terminal shows it last.
    let mut summary = String::new();
    match &args.command {
        TmCommand::InitDb => {
            let r = ctx.project.tm_init_db()?;
            summary = format!(
                "team memory schema: version {} (was {}), {} stem characters",
                r.to, r.from, r.alphabet
            );
        }
        TmCommand::Push => {
            let (t, r) = (
                std::time::Instant::now(),
                ctx.project.tm_push(args.skip_bad)?,
            );
            summary = format!(
                "pushed {} TUs from {} files: {} new in {:.1} s",
                r.read,
                r.files,
                r.inserted,
                t.elapsed().as_secs_f64()
            );
        }
        TmCommand::Pull => {
            let (files, tus) = ctx.project.tm_pull()?;
            summary = format!("pulled {tus} TUs into {files} files under memory/");
        }
        TmCommand::Import { files, into } => {
            let r = ctx
                .project
                .tm_import(files, into.as_deref(), args.skip_bad)?;
            let read: usize = r.files.iter().map(|f| f.tus).sum();
            if ctx.out.json {
                out = serde_json::to_string_pretty(&r)? + "\n";
            } else {
                let _ = writeln!(out, "{}", PathBuf::from("memory").join(&r.into).display());
            }
            let mut tags = std::collections::BTreeMap::new();
            for f in &r.files {
                for (t, n) in &f.variants {
                    *tags.entry(t.as_str()).or_insert(0usize) += n;
                }
            }
            let kept: Vec<String> = tags.iter().map(|(t, n)| format!("{t} {n}")).collect();
            summary = format!(
                "imported {read} TUs from {} files into memory/{}, every variant kept ({}): {} new, {} merged (same text in every variant they share; languages or props added), {} already there (nothing new)",
                r.files.len(),
                r.into.display(),
                kept.join(", "),
                r.inserted,
                r.merged,
                r.unchanged
            );
        }
        TmCommand::Export { langs, file } => {
            let langs = match langs {
                Some(l) => parse_list(l)?,
                None => Lang::ALL.to_vec(),
            };
            let count = ctx.project.tm_export(&langs, file, args.skip_bad)?.tus;
            ctx.warn_skipped(&ctx.project.skipped_memory_files());
            if ctx.out.json {
                out = json!({"file": file, "tus": count}).to_string() + "\n";
            } else {
                let _ = writeln!(out, "{}", file.display());
            }
            ctx.out
                .info(&format!("exported {count} TUs to {}", file.display()));
        }
        TmCommand::Stats { conflicts } => {
            let s = ctx.project.tm_stats(args.skip_bad)?;
            ctx.warn_skipped(&ctx.project.skipped_memory_files());
            let listed = if *conflicts {
                ctx.project.tm_conflicts(args.skip_bad)?
            } else {
                Vec::new()
            };
            if ctx.out.json {
                out = if *conflicts {
                    let mut v = serde_json::to_value(&s)?;
                    v["conflict_list"] = serde_json::to_value(&listed)?;
                    serde_json::to_string_pretty(&v)? + "\n"
                } else {
                    serde_json::to_string_pretty(&s)? + "\n"
                };
            } else {
                for c in &listed {
                    let _ = writeln!(out, "conflict {}→{}: {}", c.from, c.to, c.source);
                    for t in &c.targets {
                        let at: Vec<String> =
                            t.at.iter()
                                .map(|(f, l)| format!("memory/{}:{l}", f.display()))
                                .collect();
                        let _ = writeln!(out, "    {}  ({})", t.text, at.join(", "));
                    }
                }
                let _ = writeln!(out, "{} TUs", s.tus);
                for (lang, n) in &s.languages {
                    let _ = writeln!(out, "  {lang}: {n} variants");
                }
                let _ = writeln!(out, "pair    TUs  duplicates  conflicts");
                for p in &s.pairs {
                    let _ = writeln!(
                        out,
                        "{}→{} {:>6} {:>11} {:>10}",
                        p.from, p.to, p.tus, p.duplicates, p.conflicts
                    );
                }
                for f in &s.files {
                    let _ = writeln!(
                        out,
                        "memory/{}: {} TUs, penalty {}{}",
                        f.path.display(),
                        f.tus,
                        f.penalty,
                        if f.skipped_variants > 0 {
                            format!(
                                ", {} variants in other languages or locales kept",
                                f.skipped_variants
                            )
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        TmCommand::Lookup {
            stdin: true,
            timings,
            k,
            min,
            ..
        } => {
            let min = ctx.project.min_score(*min);
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            let s = ctx.project.tm_lookup_lines(
                stdin.lock(),
                std::io::BufWriter::new(stdout.lock()),
                *k,
                min,
                *timings,
                args.skip_bad,
            )?;
            ctx.warn_skipped(&ctx.project.skipped_memory_files());
            summary = format!("{} queries answered, {} bad lines", s.queries, s.errors);
        }
        TmCommand::Lookup {
            text,
            from,
            to,
            k,
            min,
            prev,
            next,
            ..
        } => {
            let (Some(text), Some(from), Some(to)) = (text, from, to) else {
                unreachable!("clap requires text, --from and --to without --stdin");
            };
            if from == to {
                return Err(UsageError::SameLanguages(*from).into());
            }
            let min = ctx.project.min_score(*min);
            let matches = ctx.project.tm_lookup(&TmLookupOptions {
                text: text.clone(),
                from: *from,
                to: *to,
                k: *k,
                min: Some(min),
                prev: prev.clone(),
                next: next.clone(),
                skip_bad: args.skip_bad,
            })?;
            ctx.warn_skipped(&ctx.project.skipped_memory_files());
            let terms = ctx.project.term_refs(text, *from, *to)?;
            if ctx.out.json {
                let rec = json!({"query": text, "from": from, "to": to, "min": min, "matches": matches, "terms": terms});
                out = serde_json::to_string_pretty(&rec)? + "\n";
            } else {
                for (i, m) in matches.iter().enumerate() {
                    write_match(&mut out, i + 1, m, ctx);
                }
                if !terms.is_empty() {
                    out.push_str("terms\n");
                    for t in &terms {
                        out.push_str(&format!("  {t}\n"));
                    }
                }
            }
            summary = format!(
                "{} {} at {} or more",
                matches.len(),
                if matches.len() == 1 {
                    "match"
                } else {
                    "matches"
                },
                min
            );
        }
        TmCommand::Concordance {
            phrase,
            lang,
            limit,
        } => {
            let hits = ctx
                .project
                .tm_concordance(phrase, *lang, *limit, args.skip_bad)?;
            ctx.warn_skipped(&ctx.project.skipped_memory_files());
            if ctx.out.json {
                out = serde_json::to_string_pretty(
                    &json!({"phrase": phrase, "lang": lang, "hits": hits}),
                )? + "\n";
            } else {
                for h in &hits {
                    let at = ctx
                        .out
                        .paint("2", &format!("memory/{}:{}:", h.file.display(), h.line));
                    let (a, b) = (h.span.start, h.span.end);
                    let _ = writeln!(
                        out,
                        "{at} {}[{}]{}",
                        &h.source[..a],
                        &h.source[a..b],
                        &h.source[b..]
                    );
                    if h.alignment.iter().any(|w| w.op != AlignOp::Same) {
                        let words: Vec<String> = h
                            .alignment
                            .iter()
                            .map(|w| match w.op {
                                AlignOp::Same => format!("`{}`", w.source),
                                AlignOp::Inflected => {
                                    format!(
                                        "`{}` → `{}` (inflected, {})",
                                        w.phrase, w.source, w.cost
                                    )
                                }
                            })
                            .collect();
                        let _ = writeln!(out, "    aligned: {}", words.join(", "));
                    } else if !h.whole_words {
                        let _ = writeln!(out, "    inside a word");
                    }
                    for (l, t) in &h.targets {
                        let frag = h
                            .fragments
                            .get(l)
                            .map_or(String::new(), |f| format!("  [{f}]"));
                        let _ = writeln!(out, "    {l}: {t}{frag}");
                    }
                }
            }
            summary = format!("{} hits", hits.len());
        }
    }
    ctx.out.stdout(&out)?;
    if !summary.is_empty() {
        ctx.out.info(&summary);
    }
    Ok(Outcome::Clean)
}

fn write_match(out: &mut String, n: usize, m: &Match, ctx: &Context) {
    let kind = format!("{:?}", m.kind).to_lowercase();
    let o = &m.origin;
    let mut origin = o.path().display().to_string();
    if o.line > 0 {
        let _ = write!(origin, ":{}", o.line);
    }
    let mut who = Vec::new();
    if let Some(id) = &o.tu_id {
        who.push(id.clone());
    }
    if let Some(d) = o.dates.changed.as_ref().or(o.dates.created.as_ref()) {
        who.push(d.clone());
    }
    if let Some(a) = o.dates.changed_by.as_ref().or(o.dates.created_by.as_ref()) {
        who.push(a.clone());
    }
    let score = ctx.out.paint("1", &format!("{:>3}", m.score));
    let _ = writeln!(out, "{n}. {score} {kind}  {origin} ({})", who.join(", "));
    if !m.also.is_empty() {
        let places: Vec<String> = m
            .also
            .iter()
            .map(|o| format!("{}:{}", o.path().display(), o.line))
            .collect();
        let _ = writeln!(out, "   also in: {}", places.join(", "));
    }
    let _ = writeln!(out, "   source: {}", m.source);
    let _ = writeln!(out, "   target: {}", m.target);
    if !m.adapted.is_empty() {
        let list: Vec<String> = m
            .adapted
            .iter()
            .map(|a| format!("{} → {}", a.target_before, a.target_after))
            .collect();
        let _ = writeln!(out, "   numbers adapted: {}", list.join(", "));
    }
    if !m.numbers_complete {
        let _ = writeln!(
            out,
            "   numbers: some could not be placed in the target; check them"
        );
    }
    if !m.edits.is_empty() {
        let list: Vec<String> = m.edits.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "   edits: {}", list.join("; "));
    }
    for w in &m.warnings {
        let _ = writeln!(out, "   {} {w}", ctx.out.paint("1;31", "warning"));
    }
    if !m.penalties.is_empty() {
        let list: Vec<String> = m
            .penalties
            .iter()
            .map(|p| format!("{} −{}", p.reason, p.points))
            .collect();
        let _ = writeln!(out, "   penalties: {}", list.join("; "));
    }
}
