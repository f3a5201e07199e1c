//! Where output goes and how it looks: stdout carries the product (text or JSON), stderr
//! everything else. Colour only on a terminal with `TERM` not `dumb` and `NO_COLOR` unset or
//! empty, unless `--color` says otherwise; progress only on a terminal without `--quiet`/`--json`.

use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;

/// The `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

fn color_for(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Output settings for one run.
#[derive(Debug, Clone)]
pub struct Output {
    /// Print JSON on stdout.
    pub json: bool,
    /// Colour on stdout.
    pub color: bool,
    /// Colour on stderr.
    pub color_err: bool,
    /// Only errors on stderr.
    pub quiet: bool,
    /// More detail on stderr.
    pub verbose: bool,
    /// Show progress bars on stderr.
    pub progress: bool,
}

impl Output {
    /// Decides colour and progress from the flags and the streams.
    pub fn new(color: ColorChoice, json: bool, quiet: bool, verbose: bool) -> Output {
        let err_tty = io::stderr().is_terminal();
        Output {
            json,
            color: color_for(color, io::stdout().is_terminal()),
            color_err: color_for(color, err_tty),
            quiet,
            verbose,
            progress: err_tty && !quiet && !json,
        }
    }

    /// Wraps `s` in an ANSI style when stdout is coloured.
    pub fn paint(&self, style: &str, s: &str) -> String {
        paint(self.color, style, s)
    }

    /// A progress bar on stderr counting `len` `unit`s, or `None` where progress is not shown
    /// (stderr not a terminal, `--quiet`, `--json`).
    pub fn bar(&self, len: usize, unit: &str) -> Option<indicatif::ProgressBar> {
        self.progress.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(len as u64),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let template = format!("{{bar:30}} {{pos}}/{{len}} {unit} {{elapsed}}");
            bar.set_style(
                indicatif::ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        })
    }

    /// A line on stderr unless `--quiet`.
    pub fn info(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// A warning on stderr; `--quiet` silences it (quiet keeps only errors).
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprintln!(
                "polypress: {}: {msg}",
                paint(self.color_err, "33", "warning")
            );
        }
    }

    /// Writes the product to stdout, locking once.
    ///
    /// # Errors
    /// A closed pipe or other write failure (the caller maps a closed pipe to a quiet exit).
    pub fn stdout(&self, text: &str) -> io::Result<()> {
        let mut lock = io::stdout().lock();
        lock.write_all(text.as_bytes())?;
        lock.flush()
    }
}

/// A progress bar on stderr for a long-running command, where progress is shown.
pub struct Bar<'a> {
    out: &'a Output,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl<'a> Bar<'a> {
    /// A bar that appears when the command starts counting.
    pub fn new(out: &'a Output) -> Bar<'a> {
        Bar {
            out,
            bar: OnceLock::new(),
        }
    }
}

impl polypress::Progress for Bar<'_> {
    fn wanted(&self) -> bool {
        self.out.progress
    }

    fn start(&self, total: usize, unit: &str) {
        if let Some(b) = self.out.bar(total, unit) {
            let _ = self.bar.set(b);
        }
    }

    fn advance(&self) {
        if let Some(b) = self.bar.get() {
            b.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

/// ANSI SGR wrapper.
pub fn paint(on: bool, style: &str, s: &str) -> String {
    if on {
        format!("\x1b[{style}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// Whether an error chain ends in a closed pipe (`polypress segment x | head`).
pub fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cur = err.source();
    }
    false
}

/// Prints an error and its causes once: `polypress: error: <msg>` and one indented line per
/// cause.
pub fn print_error(e: &(dyn std::error::Error + 'static), choice: ColorChoice) {
    let color = color_for(choice, io::stderr().is_terminal());
    let mut text = format!("polypress: {}: {e}", paint(color, "1;31", "error"));
    let mut cur = e.source();
    while let Some(cause) = cur {
        text.push_str(&format!("\n  caused by: {cause}"));
        cur = cause.source();
    }
    eprintln!("{text}");
}
