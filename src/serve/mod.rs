//! `polypress serve`: the workbench, a translator's and editor's web app over the project
//! folder itself. Server-rendered pages (a dashboard, a segment editor, live previews of the
//! editions, the memory) with a little JavaScript, and a JSON API that the pages use and
//! scripts may rely on. Every asset is compiled into the binary; nothing is fetched from
//! elsewhere.
//!
//! Safety: bound to 127.0.0.1 by default, where requests must name a loopback host (no DNS
//! rebinding). Any other address needs a token, sent as `Authorization: Bearer`, an
//! `X-Polypress-Token` header, or once as `?token=` (which sets a same-site cookie). Every
//! mutating request must carry JSON, an `Origin` (when the browser sends one) equal to the
//! server's own, and, when a token is in force, the token in a header — never a cookie alone.
//! Every page is sent with a strict Content-Security-Policy; previews of the editions are
//! sandboxed with scripts off.

mod api;
pub mod glossary;
mod pages;
pub mod project;
mod security;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::routing::{get, put};
use axum::Router;

pub use project::Workbench;

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// The token requests must carry; required when `bind` is not a loopback address.
    pub token: Option<String>,
    /// Whether confirmed segments are learnt into `memory/project.tmx` on save.
    pub learn: bool,
}

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken.
    #[error("cannot listen on {addr}: the address is already in use\n  hint: another `polypress serve` may be running; pick another port with --port")]
    PortInUse {
        /// The address.
        addr: SocketAddr,
    },
    /// Binding failed for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A non-loopback address without a token.
    #[error("listening on {0} needs a token (expected --token, or none to have one generated)")]
    NeedsToken(IpAddr),
    /// The runtime failed.
    #[error("server failure: {0}")]
    Io(#[from] std::io::Error),
    /// The project cannot be read or written.
    #[error("{0}")]
    Project(String),
    /// No such article, language or segment.
    #[error("{0}")]
    NotFound(String),
}

/// A fresh random token: 32 hex digits from the operating system's generator.
///
/// # Errors
/// The system has no random source.
pub fn generate_token() -> Result<String, ServeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServeError::Io(std::io::Error::other(e.to_string())))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Shared by every request.
pub(crate) struct AppState {
    pub(crate) wb: Workbench,
    pub(crate) chrome: crate::l10n::Chrome,
    pub(crate) token: Option<String>,
}

pub(crate) type Shared = Arc<AppState>;

fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(pages::dashboard))
        .route("/edit/{slug}/{lang}", get(pages::editor))
        .route("/memory", get(pages::memory))
        .route("/preview/style.css", get(pages::preview_css))
        .route("/preview/aligned/{file}", get(pages::preview_aligned))
        .route("/preview/{lang}/{slug}/index.html", get(pages::preview))
        .route("/assets/{file}", get(pages::asset))
        .route("/api/drafts", get(api::drafts))
        .route("/api/drafts/{slug}/{lang}", get(api::draft))
        .route("/api/drafts/{slug}/{lang}/segments/{id}", put(api::save))
        .route("/api/lookup", get(api::lookup))
        .route("/api/concordance", get(api::concordance))
        .route("/api/terms", get(api::terms))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .with_state(state)
}

/// Opens the project, binds, calls `ready` with the URL to open (the token in it when there is
/// one), and serves until Ctrl+C or SIGTERM.
///
/// # Errors
/// The port is taken, a non-loopback bind without a token, a project that cannot be read.
pub fn run(
    options: Options,
    project: crate::project::Project,
    ready: impl FnOnce(&str),
) -> Result<(), ServeError> {
    if !options.bind.is_loopback() && options.token.is_none() {
        return Err(ServeError::NeedsToken(options.bind));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(options.bind, options.port);
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                return Err(ServeError::PortInUse { addr })
            }
            Err(source) => return Err(ServeError::Bind { addr, source }),
        };
        let local = listener.local_addr()?;
        let learn = options.learn;
        let wb = tokio::task::spawn_blocking(move || Workbench::open(project, learn))
            .await
            .map_err(|e| ServeError::Io(std::io::Error::other(e.to_string())))??;
        let chrome = crate::l10n::Chrome::new().map_err(|e| ServeError::Project(e.to_string()))?;
        let state = Arc::new(AppState {
            wb,
            chrome,
            token: options.token.clone(),
        });
        let host = match local.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        };
        let mut url = format!("http://{host}:{}/", local.port());
        if let Some(t) = &options.token {
            url.push_str(&format!("?token={t}"));
        }
        ready(&url);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    })
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
