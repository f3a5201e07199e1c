//! A throwaway PostgreSQL cluster for the team-memory tests: `initdb` in a temporary folder
//! (as `nobody` when the tests run as root, since the server refuses to run as root), a Unix
//! socket in that folder, no TCP unless [`Cluster::start_tcp`] asks for it, trust
//! authentication; stopped when dropped.
//!
//! The binaries come from `POLYPRESS_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`,
//! else `PATH`. Without them a test prints SKIP and passes, unless `POLYPRESS_REQUIRE_TOOLS=1`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Cluster {
    /// The temporary folder, removed on drop; `None` for a kept cluster ([`Cluster::start_at`]).
    _temp: Option<tempfile::TempDir>,
    dir: PathBuf,
    bin: PathBuf,
    as_nobody: bool,
    pub socket: PathBuf,
    /// The TCP port of a cluster started with [`Cluster::start_tcp`].
    pub port: Option<u16>,
    /// Server options beyond the socket's.
    opts: String,
}

/// What a TLS cluster serves: its certificate chain and key (PEM).
pub struct Tls<'a> {
    pub cert: &'a str,
    pub key: &'a str,
}

fn pg_bin() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("POLYPRESS_PG_BIN") {
        return Some(PathBuf::from(p));
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(d) = dirs.pop() {
        return Some(d);
    }
    let out = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()?;
    let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!p.is_empty()).then(|| PathBuf::from(p).parent().unwrap().to_path_buf())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Skips (returns `None`) or fails the test when no server can be started.
fn unavailable(why: &str) -> Option<Cluster> {
    if std::env::var("POLYPRESS_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("PostgreSQL is required (POLYPRESS_REQUIRE_TOOLS=1) but {why}");
    }
    eprintln!("SKIP: no PostgreSQL server for this test: {why} (install postgresql and postgresql-contrib)");
    None
}

impl Cluster {
    /// Starts a cluster, or `None` (after printing SKIP) when that cannot be done.
    pub fn start() -> Option<Cluster> {
        let temp = tempfile::Builder::new()
            .prefix("pp-pg")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let dir = temp.path().to_path_buf();
        Cluster::start_in(dir, Some(temp), None)
    }

    /// Starts a cluster that also listens on 127.0.0.1 (a free port). With `tls` it serves
    /// that certificate and accepts TCP connections only over TLS (`hostssl`, and `hostnossl
    /// … reject`); without, it has no TLS.
    pub fn start_tcp(tls: Option<Tls<'_>>) -> Option<Cluster> {
        let temp = tempfile::Builder::new()
            .prefix("pp-pg")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let dir = temp.path().to_path_buf();
        Cluster::start_in(dir, Some(temp), Some(tls))
    }

    /// Starts a cluster kept in `dir` (made by `initdb` on first use, its databases reused by
    /// later runs); stopped, not removed, when dropped.
    pub fn start_at(dir: &Path) -> Option<Cluster> {
        std::fs::create_dir_all(dir).expect("cluster dir");
        Cluster::start_in(dir.to_path_buf(), None, None)
    }

    fn start_in(
        dir: PathBuf,
        temp: Option<tempfile::TempDir>,
        tcp: Option<Option<Tls<'_>>>,
    ) -> Option<Cluster> {
        let Some(bin) = pg_bin() else {
            return unavailable("initdb was not found");
        };
        let as_nobody = is_root();
        let data = dir.join("data");
        let socket = dir.join("sock");
        std::fs::create_dir_all(&socket).expect("socket dir");
        if as_nobody {
            let ok = Command::new("chown")
                .args(["-R", "nobody"])
                .arg(&dir)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !ok {
                return unavailable("cannot hand the cluster folder to `nobody`");
            }
        }
        let fresh = !data.join("PG_VERSION").exists();
        let port = tcp.as_ref().map(|_| {
            std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .expect("a free port")
        });
        let mut c = Cluster {
            _temp: temp,
            dir,
            bin,
            as_nobody,
            socket,
            port,
            opts: String::new(),
        };
        let out = if !fresh {
            Command::new("true").output()
        } else {
            c.run_pg(
                "initdb",
                &[
                    "-D",
                    data.to_str().unwrap(),
                    "-U",
                    "polypress",
                    "--auth=trust",
                    "--locale=C.UTF-8",
                    "--encoding=UTF8",
                    "--no-sync",
                ],
            )
        };
        if fresh && !out.as_ref().is_ok_and(|o| o.status.success()) {
            return unavailable(&format!("initdb failed: {}", describe(&out)));
        }
        let mut opts = format!("-k {}", c.socket.display());
        match (&tcp, port) {
            (Some(tls), Some(port)) => {
                opts.push_str(&format!(
                    " -c listen_addresses=127.0.0.1 -c port={port} -c ssl={}",
                    if tls.is_some() { "on" } else { "off" }
                ));
                if let Some(tls) = tls {
                    let write = |name: &str, text: &str| {
                        let path = data.join(name);
                        std::fs::write(&path, text).expect("write into the cluster");
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                            .expect("chmod");
                        if c.as_nobody {
                            Command::new("chown")
                                .arg("nobody")
                                .arg(&path)
                                .status()
                                .expect("chown");
                        }
                    };
                    write("server.crt", tls.cert);
                    write("server.key", tls.key);
                    write(
                        "pg_hba.conf",
                        "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n",
                    );
                }
            }
            _ => opts.push_str(" -c listen_addresses=''"),
        }
        c.opts = opts.clone();
        opts.push_str(" -c fsync=off -c full_page_writes=off -c synchronous_commit=off");
        if c._temp.is_none() {
            // A kept cluster holds benchmark-sized memories.
            opts.push_str(" -c shared_buffers=2GB -c maintenance_work_mem=1GB -c max_wal_size=8GB");
        }
        let log = c.dir.join("log");
        let out = c.run_pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &opts,
                "-w",
                "start",
            ],
        );
        if !out.as_ref().is_ok_and(|o| o.status.success()) {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            return unavailable(&format!("pg_ctl start failed: {} {log}", describe(&out)));
        }
        Some(c)
    }

    fn run_pg(&self, tool: &str, args: &[&str]) -> std::io::Result<Output> {
        let exe = self.bin.join(tool);
        if self.as_nobody {
            Command::new("runuser")
                .args(["-u", "nobody", "--"])
                .arg(exe)
                .args(args)
                .current_dir("/tmp")
                .output()
        } else {
            Command::new(exe).args(args).output()
        }
    }

    /// A key=value connection string for database `db`.
    pub fn url(&self, db: &str) -> String {
        let port = self.port.map(|p| format!(" port={p}")).unwrap_or_default();
        format!(
            "host={}{port} user=polypress dbname={db} sslmode=disable",
            self.socket.display()
        )
    }

    /// Runs SQL in database `db` through psql; panics on failure.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = self
            .run_pg(
                "psql",
                &[
                    "-X",
                    "-q",
                    "-t",
                    "-A",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-h",
                    self.socket.to_str().unwrap(),
                    "-p",
                    &self.port.unwrap_or(5432).to_string(),
                    "-U",
                    "polypress",
                    "-d",
                    db,
                    "-c",
                    sql,
                ],
            )
            .expect("psql runs");
        assert!(out.status.success(), "psql {sql}: {}", describe(&Ok(out)));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Creates database `name`.
    pub fn create_db(&self, name: &str) {
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
    }

    /// Stops the server (fast shutdown).
    pub fn stop(&self) {
        let data = &self.dir.join("data");
        let _ = self.run_pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    /// Starts the server again after [`Cluster::stop`].
    pub fn restart(&self) {
        let data = &self.dir.join("data");
        let log = &self.dir.join("log");
        let opts = self.opts.clone();
        let out = self.run_pg(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &opts,
                "-w",
                "start",
            ],
        );
        assert!(out.is_ok_and(|o| o.status.success()), "restart");
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

fn describe(out: &std::io::Result<Output>) -> String {
    match out {
        Ok(o) => format!(
            "{} {}{}",
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => e.to_string(),
    }
}

/// Waits until `f` holds, up to `secs` seconds.
pub fn wait_for(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
