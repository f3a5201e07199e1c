//! `polypress serve`: the workbench in the browser.

use std::net::IpAddr;

use polypress::serve;

use super::{CliError, Context, Outcome, UsageError};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Serves the project folder itself: every save goes through the same rules as the\n\
command line (placeholders checked, atomic writes, never lowering human work) and lands in\n\
sources/<slug>/<lang>.json, so git, CI and the other commands see it at once. Changes made on\n\
disk (sources/, memory/) are picked up on the next request.\n\
Bound to 127.0.0.1 by default. Any other address needs a token: --token, or one is generated;\n\
the URL printed on stdout carries it. Stop with Ctrl+C.\n\
The JSON API (GET /api/drafts, GET /api/drafts/{slug}/{lang},\n\
PUT /api/drafts/{slug}/{lang}/segments/{id}, GET /api/lookup, GET /api/concordance) is\n\
described in the README.",
    after_long_help = "Examples:\n  polypress serve\n  polypress serve --port 0 --open\n  polypress serve --bind 0.0.0.0 --token \"$SECRET\""
)]
pub struct Args {
    /// Port to listen on; 0 picks a free one [default: serve.port, else 7878]
    #[arg(long)]
    pub port: Option<u16>,
    /// Address to listen on [default: serve.bind, else 127.0.0.1]
    #[arg(long)]
    pub bind: Option<IpAddr>,
    /// Token every request must carry [default: none on 127.0.0.1, generated on other addresses]
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Open the workbench in the default browser once it listens [default: serve.open, else off]
    #[arg(long)]
    pub open: bool,
    /// Learn confirmed segments into memory/project.tmx on save [default: serve.learn, else on]
    #[arg(long, conflicts_with = "no_learn")]
    pub learn: bool,
    /// Do not learn confirmed segments on save
    #[arg(long)]
    pub no_learn: bool,
}

/// Runs `serve` until Ctrl+C.
///
/// # Errors
/// The port is taken, the project cannot be read.
pub fn run(args: &Args, ctx: &Context) -> Result<Outcome, CliError> {
    // Flags over `[serve]` in polypress.toml over the defaults.
    let config = &ctx.project.config().serve;
    let bind = args.bind.unwrap_or(config.bind);
    let port = args.port.unwrap_or(config.port);
    let learn = if args.learn || args.no_learn {
        args.learn
    } else {
        config.learn
    };
    let token = match &args.token {
        Some(t) if t.trim().is_empty() => return Err(UsageError::EmptyToken.into()),
        Some(t) => Some(t.clone()),
        None if !bind.is_loopback() => Some(serve::generate_token()?),
        None => None,
    };
    let options = serve::Options {
        bind,
        port,
        token,
        learn,
    };
    let open = args.open || config.open;
    // The server's own Project: it lives on the server's threads.
    let project = polypress::Project::with_config(
        ctx.project.root().to_path_buf(),
        ctx.project.config().clone(),
    );
    serve::run(options, project, |url| {
        // The URL is the product: scripts and tests read it from stdout.
        let _ = ctx.out.stdout(&format!("{url}\n"));
        ctx.out
            .info("polypress workbench is listening; press Ctrl+C to stop");
        if open {
            open_browser(url, ctx);
        }
    })?;
    ctx.out.info("polypress workbench stopped");
    Ok(Outcome::Clean)
}

fn open_browser(url: &str, ctx: &Context) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        ctx.out.warn(&format!(
            "could not open a browser with `{cmd}`: {e}; open {url} yourself"
        ));
    }
}
