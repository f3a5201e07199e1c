//! Opening a connection: the URL (`memory.url` or `POLYPRESS_MEMORY_URL`), the password as
//! libpq finds it (`PGPASSWORD`, then the password file), and TLS with rustls when the URL asks
//! for it (`sslmode=require`; `prefer`, the default, tries TLS over TCP and falls back).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};

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
/// # Errors
/// [`TeamError::BadUrl`] when the URL does not parse or names no host.
pub fn config(url: &str) -> Result<Config, TeamError> {
    let mut config = Config::from_str(url).map_err(|e| TeamError::BadUrl {
        url: redact(url),
        message: e.to_string(),
    })?;
    if config.get_hosts().is_empty() {
        return Err(TeamError::BadUrl {
            url: redact(url),
            message: "no host".into(),
        });
    }
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
    Ok(config)
}

/// Connects, with rustls TLS unless `sslmode=disable`.
///
/// # Errors
/// [`TeamError::BadUrl`], or [`TeamError::Connect`] with how to fix it.
pub fn connect(url: &str) -> Result<Client, TeamError> {
    let config = config(url)?;
    let result = if config.get_ssl_mode() == SslMode::Disable {
        config.connect(NoTls)
    } else {
        config.connect(tls())
    };
    result.map_err(|e| TeamError::Connect {
        target: target(&config),
        message: super::db_message(&e),
    })
}

fn tls() -> tokio_postgres_rustls::MakeRustlsConnect {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| b.with_root_certificates(roots).with_no_client_auth())
        // The ring provider supports the default versions; this cannot fail.
        .unwrap_or_else(|_| unreachable!("ring supports TLS 1.2 and 1.3"));
    tokio_postgres_rustls::MakeRustlsConnect::new(config)
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
