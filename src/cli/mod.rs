//! The command line: one file per subcommand (its `Args` and `run`), global options, and the
//! mapping from outcomes to exit codes. Only this module knows argv, terminals and exit codes,
//! and only this module prints.

mod align;
mod analyze;
mod build;
mod check;
mod export;
mod import;
mod learn;
mod output;
mod prefill;
mod segment;
mod serve;
mod terms;
mod tm;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
pub use polypress::project::LangList;
use polypress::project::Wait;
use polypress::Project;

pub use output::{ColorChoice, Output};

/// Exit codes, as `--help` and the README list them.
pub const EXIT_HELP: &str = "\
Exit codes:
  0  success, nothing to report
  1  the command ran and found something: `check` found untranslated or fuzzy segments or a
     failed gate; `import` left stale or skipped units unapplied
  2  usage error, bad input or I/O failure

Project: the folder given by -C, else the nearest folder at or above the current one with a
polypress.toml, else the nearest one with a sources/ folder.";

/// polypress: segment articles, match them against a translation memory, assemble editions.
#[derive(Debug, Parser)]
#[command(name = "polypress", version, about, after_help = EXIT_HELP, max_term_width = 100)]
pub struct Cli {
    /// Project root [default: found by walking up from the current folder]
    #[arg(
        short = 'C',
        long = "project",
        global = true,
        help_heading = "Global options",
        value_name = "DIR"
    )]
    pub project: Option<PathBuf>,
    /// Configuration file [default: <project>/polypress.toml, optional]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,
    /// Print results as JSON (a stable, documented shape) [default: text]
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// When to use colour [default: auto: only on a terminal, not when NO_COLOR is set or TERM=dumb]
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto, hide_default_value = true)]
    pub color: ColorChoice,
    /// Print nothing on stderr but errors [default: off]
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// Print more detail on stderr [default: off]
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub verbose: bool,
    /// Fail at once when another command is writing the project [default: wait for it]
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_wait: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split articles into sentences and print one segment per line
    Segment(segment::Args),
    /// Work with the translation memory: import, export, stats, lookup, concordance
    Tm(tm::Args),
    /// Create or update drafts from the translation memory
    Prefill(prefill::Args),
    /// Export a draft for a CAT tool (XLIFF)
    Export(export::Args),
    /// Import a translator's file back into its draft (XLIFF)
    Import(import::Args),
    /// Put translated and reviewed draft segments into memory/project.tmx
    Learn(learn::Args),
    /// Count segments and words per memory-match band, to price the work
    Analyze(analyze::Args),
    /// Align an existing translation with its source article and write the draft
    Align(align::Args),
    /// Report untranslated, fuzzy, stale and broken segments per article and language; gate releases
    Check(check::Args),
    /// The glossary in terms/: list, check, import, export, extract candidates
    Terms(terms::Args),
    /// Assemble every edition of every article into output/ (HTML, Markdown, aligned, indexes)
    Build(build::Args),
    /// Serve the workbench: dashboard, segment editor, previews and memory in the browser
    Serve(serve::Args),
}

/// What a command reports back for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success, nothing to report: exit 0.
    Clean,
    /// The command ran and found something (a failed gate): exit 1.
    Found,
}

/// An error at the top: a boxed library error whose chain is printed once.
pub type CliError = Box<dyn std::error::Error + Send + Sync>;

/// Arguments that clap accepts one by one but that do not go together (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// `align` without an input.
    #[error("expected SLUG and FILE, or --from DIR")]
    AlignInput,
    /// The global `--json` with `check --format` naming another format.
    #[error("`--json` asks for JSON but `--format {0}` for another format (expected one of them)")]
    JsonWithFormat(String),
    /// `tm lookup` from a language into itself.
    #[error("--from and --to are both `{0}` (expected two different languages)")]
    SameLanguages(polypress::model::Lang),
    /// `serve --token` with nothing in it.
    #[error("--token is empty (expected a secret string)")]
    EmptyToken,
}

/// Context shared by every command: the project and where to print.
pub struct Context {
    /// The project.
    pub project: Project,
    /// Where and how to print.
    pub out: Output,
}

impl Context {
    fn new(cli: &Cli) -> Result<Context, CliError> {
        let cwd = std::env::current_dir()?;
        // Outside any project only `segment` (of files or stdin) runs: every other command
        // would report success over nothing.
        let config = cli.config.as_deref();
        let project = match (&cli.project, &cli.command) {
            (Some(dir), _) => Project::discover(Some(dir), config, &cwd)?,
            (None, Command::Segment(_)) => Project::discover(None, config, &cwd)?,
            (None, _) => Project::find(config, &cwd)?,
        };
        let out = Output::new(cli.color, cli.json, cli.quiet, cli.verbose);
        Ok(Context { project, out })
    }

    /// Warns about each TMX file the memory skipped.
    pub fn warn_skipped(&self, skipped: &[String]) {
        for bad in skipped {
            self.out.warn(&format!("skipped: {bad}"));
        }
    }
}

/// Parses argv, runs the command and returns the exit code. Prints errors to stderr.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let quiet_pipe = |e: &CliError| output::is_broken_pipe(e.as_ref());
    let result = Context::new(&cli).and_then(|mut ctx| {
        let result = run(&cli, &mut ctx);
        ctx.project.leak_memory_at_exit();
        result
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Err(e) if quiet_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            output::print_error(e.as_ref(), cli.color);
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli, ctx: &mut Context) -> Result<Outcome, CliError> {
    let _lock = writes(&cli.command)
        .then(|| {
            let wait = if cli.no_wait {
                Wait::NoWait
            } else {
                Wait::Block
            };
            ctx.project.lock(wait, &|m| ctx.out.warn(m))
        })
        .transpose()?;
    match &cli.command {
        Command::Build(args) => build::run(args, ctx),
        Command::Segment(args) => segment::run(args, ctx),
        Command::Prefill(args) => prefill::run(args, ctx),
        Command::Learn(args) => learn::run(args, ctx),
        Command::Analyze(args) => analyze::run(args, ctx),
        Command::Tm(args) => tm::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
        Command::Import(args) => import::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Align(args) => align::run(args, ctx),
        Command::Serve(args) => serve::run(args, ctx),
        Command::Terms(args) => terms::run(args, ctx),
    }
}

/// Whether a command writes the project (and so takes the project lock). Dry runs and
/// read-only commands never wait for a writer.
fn writes(command: &Command) -> bool {
    match command {
        Command::Prefill(a) => !a.dry_run,
        Command::Learn(_) | Command::Build(_) => true,
        Command::Import(import::Args {
            what: import::What::Xliff(a),
        }) => !a.dry_run,
        Command::Align(a) => !a.dry_run,
        Command::Tm(a) => matches!(
            a.command,
            tm::TmCommand::Import { .. } | tm::TmCommand::Pull
        ),
        Command::Terms(a) => matches!(a.what, Some(terms::What::Import(_))),
        Command::Segment(_) | Command::Analyze(_) | Command::Export(_) | Command::Check(_) => false,
        // The server takes the lock for each save, not for its whole run.
        Command::Serve(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_shows_examples_in_its_long_help() {
        let examples = |c: &clap::Command| {
            c.get_after_long_help()
                .is_some_and(|h| h.to_string().starts_with("Examples:\n  polypress "))
        };
        // A command shows them itself, or (`export xliff`) each of its subcommands does.
        for sub in Cli::command().get_subcommands() {
            let nested: Vec<_> = sub.get_subcommands().collect();
            assert!(
                examples(sub) || (!nested.is_empty() && nested.iter().all(|n| examples(n))),
                "`{}` has no examples in its long help",
                sub.get_name()
            );
        }
    }
}
