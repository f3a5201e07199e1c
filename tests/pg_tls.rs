//! The team memory over TLS, as a team's server offers it: a server whose certificate a private
//! certificate authority signed (or that signed its own, as Debian's default cluster does), the
//! URLs libpq users write (`sslmode`, `sslrootcert`, `~/.postgresql/root.crt`, `PGSSLMODE`),
//! through the binary. The server accepts TCP connections only over TLS, so every command that
//! succeeds has spoken TLS. Needs a PostgreSQL server (see `pg_support`).

mod common;
mod pg_support;

use std::path::Path;
use std::process::Command;

use common::Project;
use pg_support::{Cluster, Tls};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

/// A certificate authority: its certificate (PEM) and what signs with it.
struct Ca {
    pem: String,
    cert: rcgen::Certificate,
    key: KeyPair,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    Ca {
        pem: cert.pem(),
        cert,
        key,
    }
}

/// A server certificate for `names`, signed by `ca`: (certificate, key) in PEM.
fn server_cert(ca: &Ca, names: &[&str]) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let mut params = CertificateParams::new(names).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, "team-memory.example");
    let cert = params.signed_by(&key, &ca.cert, &ca.key).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// `polypress tm init-db` in `project` with `url`, HOME at `home` and no PG* variables but
/// `env`: (exit code, stderr).
fn init_db(project: &Path, home: &Path, url: &str, env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_polypress"));
    cmd.arg("-C").arg(project).args(["tm", "init-db"]);
    for (k, _) in std::env::vars() {
        if k.starts_with("PG") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", home).env("POLYPRESS_MEMORY_URL", url);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("polypress runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn tls_connections_verify_as_libpq_does() {
    let authority = ca("polypress test authority");
    let (cert, key) = server_cert(&authority, &["localhost"]);
    let Some(pg) = Cluster::start_tcp(Some(Tls {
        cert: &cert,
        key: &key,
    })) else {
        return;
    };
    pg.create_db("tm");
    let port = pg.port.unwrap();
    let project = Project::empty();
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let ca_file = files.path().join("team-ca.pem");
    std::fs::write(&ca_file, &authority.pem).unwrap();
    let stranger = ca("some other authority");
    let stranger_file = files.path().join("other-ca.pem");
    std::fs::write(&stranger_file, &stranger.pem).unwrap();
    let ca_q = ca_file.display().to_string().replace('/', "%2F");
    let at = |host: &str, query: &str| format!("postgresql://polypress@{host}:{port}/tm{query}");
    let ok = |url: &str, env: &[(&str, &str)]| {
        let (code, err) = init_db(project.path(), home.path(), url, env);
        assert_eq!(code, 0, "{url}: {err}");
    };
    let fails = |url: &str, env: &[(&str, &str)], says: &[&str]| {
        let (code, err) = init_db(project.path(), home.path(), url, env);
        assert_eq!(code, 2, "{url}: {err}");
        eprintln!("{url}\n  -> {}", err.trim());
        for s in says {
            assert!(err.contains(s), "{url}: expected {s:?} in {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    };

    // The default (prefer) and require encrypt without checking when there is no root
    // certificate, as psql does against a server with a self-signed certificate.
    ok(&at("localhost", ""), &[]);
    ok(&at("127.0.0.1", "?sslmode=require"), &[]);
    // disable does not speak TLS: this server refuses it.
    fails(
        &at("localhost", "?sslmode=disable"),
        &[],
        &["cannot connect", "no encryption", "remove sslmode=disable"],
    );
    fails(
        &at("localhost", ""),
        &[("PGSSLMODE", "disable")],
        &["no encryption", "PGSSLMODE"],
    );

    // verify-full: the authority's file, and a host name the certificate is for.
    ok(
        &at(
            "localhost",
            &format!("?sslmode=verify-full&sslrootcert={ca_q}"),
        ),
        &[],
    );
    fails(
        &at(
            "127.0.0.1",
            &format!("?sslmode=verify-full&sslrootcert={ca_q}"),
        ),
        &[],
        &["TLS handshake", "not trusted", "host name"],
    );
    // verify-ca checks the signature, not the name.
    ok(
        &at(
            "127.0.0.1",
            &format!("?sslmode=verify-ca&sslrootcert={ca_q}"),
        ),
        &[],
    );
    // The key=value form, and the environment's root certificate.
    ok(
        &format!(
            "host=localhost port={port} user=polypress dbname=tm sslmode=verify-full sslrootcert='{}'",
            ca_file.display()
        ),
        &[],
    );
    ok(
        &at("localhost", "?sslmode=verify-full"),
        &[("PGSSLROOTCERT", ca_file.to_str().unwrap())],
    );
    // A certificate another authority signed is refused.
    fails(
        &at(
            "localhost",
            &format!(
                "?sslmode=verify-ca&sslrootcert={}",
                stranger_file.display().to_string().replace('/', "%2F")
            ),
        ),
        &[],
        &["not trusted", "sslrootcert"],
    );
    // Verifying without any root certificate says where to put one.
    fails(
        &at("localhost", "?sslmode=verify-full"),
        &[],
        &["sslrootcert", "root.crt"],
    );
    // A missing root file is named.
    fails(
        &at(
            "localhost",
            "?sslmode=verify-ca&sslrootcert=%2Fnowhere%2Fca.pem",
        ),
        &[],
        &["/nowhere/ca.pem"],
    );
    // A mode libpq does not know.
    fails(
        &at("localhost", "?sslmode=strict"),
        &[],
        &["not a PostgreSQL URL", "verify-full"],
    );

    // ~/.postgresql/root.crt, as libpq reads it: with it, require checks the signature.
    std::fs::create_dir_all(home.path().join(".postgresql")).unwrap();
    std::fs::write(home.path().join(".postgresql/root.crt"), &stranger.pem).unwrap();
    fails(
        &at("localhost", "?sslmode=require"),
        &[],
        &[
            "not trusted by the root certificates of",
            ".postgresql/root.crt",
        ],
    );
    std::fs::write(home.path().join(".postgresql/root.crt"), &authority.pem).unwrap();
    ok(&at("127.0.0.1", "?sslmode=require"), &[]);
    ok(&at("localhost", "?sslmode=verify-full"), &[]);

    // Over the Unix socket there is no TLS, whatever sslmode says (libpq ignores it there).
    ok(
        &format!(
            "host={} port={port} user=polypress dbname=tm sslmode=verify-full",
            pg.socket.display()
        ),
        &[],
    );
}

#[test]
fn a_server_without_tls_is_a_clear_error_only_when_tls_is_required() {
    let Some(pg) = Cluster::start_tcp(None) else {
        return;
    };
    pg.create_db("tm");
    let port = pg.port.unwrap();
    let project = Project::empty();
    let home = tempfile::tempdir().unwrap();
    let url = |query: &str| format!("postgresql://polypress@127.0.0.1:{port}/tm{query}");
    // prefer (the default) falls back to a plain connection, as libpq does.
    let (code, err) = init_db(project.path(), home.path(), &url(""), &[]);
    assert_eq!(code, 0, "{err}");
    for mode in ["require", "verify-full"] {
        let root = if mode == "require" {
            ""
        } else {
            "&sslrootcert=system"
        };
        let (code, err) = init_db(
            project.path(),
            home.path(),
            &url(&format!("?sslmode={mode}{root}")),
            &[],
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("does not support TLS"), "{err}");
        assert!(err.contains("ssl = on"), "{err}");
    }
}
