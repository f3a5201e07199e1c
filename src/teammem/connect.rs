//! Opening a connection: the URL (`memory.url` or `POLYPRESS_MEMORY_URL`), the password as
//! libpq finds it (`PGPASSWORD`, then the password file), and TLS with rustls as libpq's
//! `sslmode` asks for it (see [`super::tls`]).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;
use postgres::{Client, Config, NoTls};

use super::tls::{self, Mode, Params};
use super::TeamError;

/// The environment variable that names the team memory; it wins over `memory.url`.
pub const URL_ENV: &str = "POLYPRESS_MEMORY_URL";

/// The team memory's URL: `POLYPRESS_MEMORY_URL` when set and not empty, else `memory.url`.
pub fn url(configured: Option<&str>) -> Option<String> {
    std::env::var(URL_ENV)
        .ok()
        .filter(|u| !u.trim().is_empty())
        .or_else(|| configured.map(str::to_string))
        .filter(|u| !u.trim().is_empty())
}

/// The URL with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    if let Some(rest) = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
    {
        let scheme = &url[..url.len() - rest.len()];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                return format!("{scheme}{}:***{}", &rest[..colon], &rest[at..]);
            }
        }
    }
    url.to_string()
}

/// Where the server is, for messages: `host:port` or the socket folder.
fn target(config: &Config) -> String {
    let port = config.get_ports().first().copied().unwrap_or(5432);
    match config.get_hosts().first() {
        Some(Host::Tcp(h)) => format!("{h}:{port}"),
        Some(Host::Unix(p)) => format!("socket {}/.s.PGSQL.{port}", p.display()),
        None => format!("localhost:{port}"),
    }
}

/// Parses the URL and fills in what libpq would: the user (`PGUSER`, else the system user)
/// and the password (`PGPASSWORD`, else the password file).
///
/// Returns the client's configuration and the TLS parameters taken out of the URL (see
/// [`tls::split`]).
///
/// # Errors
/// [`TeamError::BadUrl`] when the URL does not parse or names no host.
pub fn config(url: &str) -> Result<(Config, Params), TeamError> {
    let bad = |message: String| TeamError::BadUrl {
        url: redact(url),
        message,
    };
    let (rest, mut params) = tls::split(url).map_err(bad)?;
    let mut config = Config::from_str(&rest).map_err(|e| bad(e.to_string()))?;
    match config.get_hosts().first() {
        None => return Err(bad("no host".into())),
        // As libpq: no TLS over a Unix socket, whatever sslmode says.
        Some(Host::Unix(_)) => params.mode = Mode::Disable,
        Some(Host::Tcp(_)) => {}
    }
    config.ssl_mode(params.mode.ssl_mode());
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "postgres".into());
        config.user(&user);
    }
    if config.get_password().is_none() {
        if let Some(pw) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
            config.password(pw);
        } else if let Some(pw) = pgpass_password(&config) {
            config.password(pw);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("polypress");
    Ok((config, params))
}

/// Connects, with TLS as `sslmode` asks (see [`super::tls`]).
///
/// # Errors
/// [`TeamError::BadUrl`], [`TeamError::Tls`] or [`TeamError::Connect`], each with how to fix
/// it.
pub fn connect(url: &str) -> Result<Client, TeamError> {
    let (config, params) = config(url)?;
    let tls_error = |message: String| TeamError::Tls {
        target: target(&config),
        message,
    };
    let result = match tls::client_config(&params).map_err(|e| tls_error(e.0))? {
        None => config.connect(NoTls),
        Some(c) => config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(c)),
    };
    result.map_err(|e| {
        let message = super::db_message(&e);
        if message.contains("certificate") {
            let by = match tls::root_file(&params) {
                Some(f) if f == "system" => "the public authorities (sslrootcert=system)".into(),
                Some(f) => format!("the root certificates of {f}"),
                None => "any root certificate".into(),
            };
            tls_error(format!(
                "{message}: the server's certificate is not trusted by {by} (set sslrootcert to the file of the certificate authority that signed it{}; with sslmode=require and no root certificates the connection is encrypted without checking the server)",
                if params.mode == Mode::VerifyFull {
                    ", and connect by a host name the certificate is issued for"
                } else {
                    ""
                }
            ))
        } else if message.contains("no encryption") && params.mode == Mode::Disable {
            tls_error(format!(
                "{message} (the server accepts only encrypted connections: remove sslmode=disable from the URL, or PGSSLMODE from the environment)"
            ))
        } else if message.contains("does not support TLS") {
            tls_error(format!(
                "{message} (sslmode={} needs a server with `ssl = on` in postgresql.conf; or connect with sslmode=prefer)",
                params.mode.name()
            ))
        } else {
            TeamError::Connect {
                target: target(&config),
                message,
            }
        }
    })
}

/// The password file as libpq finds it: `PGPASSFILE`, else `~/.pgpass`.
fn pgpass_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))
}

/// The password of the first matching line of the password file
/// (`hostname:port:database:username:password`, `*` matches anything, `\:` and `\\` escape).
/// As in libpq, a file readable by group or others is ignored, and a Unix-socket connection
/// matches the host name `localhost` (or the socket folder as written).
fn pgpass_password(config: &Config) -> Option<String> {
    let path = pgpass_path()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(&path).ok()?;
        if meta.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let hosts: Vec<String> = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => vec![h.clone()],
        Some(Host::Unix(p)) => vec!["localhost".into(), p.display().to_string()],
        None => vec!["localhost".into()],
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default();
    let db = config.get_dbname().unwrap_or(user);
    pgpass_lookup(&text, &hosts, &port, db, user)
}

/// The password for the first line of `text` that matches.
pub fn pgpass_lookup(
    text: &str,
    hosts: &[String],
    port: &str,
    db: &str,
    user: &str,
) -> Option<String> {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let m = |field: &str, value: &str| field == "*" || field == value;
        if hosts.iter().any(|h| m(&fields[0], h))
            && m(&fields[1], port)
            && m(&fields[2], db)
            && m(&fields[3], user)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_matches_like_libpq() {
        let text =
            "# comment\nother:5432:*:*:nope\nlocalhost:5432:tm:anna:s3cr\\:et\n*:*:*:*:fallback\n";
        let hosts = vec!["localhost".to_string()];
        assert_eq!(
            pgpass_lookup(text, &hosts, "5432", "tm", "anna").as_deref(),
            Some("s3cr:et")
        );
        assert_eq!(
            pgpass_lookup(text, &hosts, "5433", "tm", "anna").as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup("a:b:c\n", &hosts, "1", "d", "e"), None);
    }

    #[test]
    fn redact_hides_the_password() {
        assert_eq!(
            redact("postgresql://anna:pw@db.example:5432/tm?sslmode=require"),
            "postgresql://anna:***@db.example:5432/tm?sslmode=require"
        );
        assert_eq!(redact("postgresql://anna@db/tm"), "postgresql://anna@db/tm");
    }
}
