//! TLS as libpq does it, with rustls: the `sslmode`, `sslrootcert`, `sslcert` and `sslkey`
//! parameters of the URL (or `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`), the
//! default files in `~/.postgresql/`, and what each mode verifies:
//!
//! | `sslmode` | TLS | the server's certificate |
//! |---|---|---|
//! | `disable` | never | — |
//! | `allow`, `prefer` (default) | when the server offers it | checked against the root certificates when there are any (`sslrootcert`, else `~/.postgresql/root.crt`), else not checked |
//! | `require` | always | as `prefer` |
//! | `verify-ca` | always | signed by a root certificate, which must be there |
//! | `verify-full` | always | signed by a root certificate and issued for the host name |
//!
//! `sslrootcert=system` trusts the public web's roots (bundled). A client certificate
//! (`sslcert`, else `~/.postgresql/postgresql.crt`, with `sslkey`, else `postgresql.key`) is
//! sent when its file exists. Over a Unix socket there is no TLS, as with libpq.
//!
//! The PostgreSQL client crate knows only `disable`, `prefer` and `require` and none of the
//! file parameters: they are taken out of the URL here and turned into the rustls
//! configuration.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use postgres::config::SslMode;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

/// The `sslmode` values libpq accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No TLS.
    Disable,
    /// TLS when the server offers it (libpq tries without first; here TLS is tried first).
    Allow,
    /// TLS when the server offers it.
    Prefer,
    /// TLS or no connection.
    Require,
    /// TLS, the certificate signed by a root certificate.
    VerifyCa,
    /// TLS, the certificate signed by a root certificate and issued for the host.
    VerifyFull,
}

impl Mode {
    /// Every mode, in libpq's order.
    const ALL: [Mode; 6] = [
        Mode::Disable,
        Mode::Allow,
        Mode::Prefer,
        Mode::Require,
        Mode::VerifyCa,
        Mode::VerifyFull,
    ];

    fn parse(v: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == v)
    }

    /// The mode as `sslmode` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Allow => "allow",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }

    /// The mode the client crate is given.
    pub fn ssl_mode(self) -> SslMode {
        match self {
            Mode::Disable => SslMode::Disable,
            Mode::Allow | Mode::Prefer => SslMode::Prefer,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

/// The TLS parameters of a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    /// `sslmode`.
    pub mode: Mode,
    /// `sslrootcert`: a PEM file of root certificates, or `system`.
    pub root: Option<String>,
    /// `sslcert`: the client certificate (PEM).
    pub cert: Option<String>,
    /// `sslkey`: its private key (PEM).
    pub key: Option<String>,
}

const KEYS: [&str; 4] = ["sslmode", "sslrootcert", "sslcert", "sslkey"];

/// Takes the TLS parameters out of `url` (a `postgresql://` URI or a `key=value` string):
/// returns the URL without them and the parameters, the environment filling in what the URL
/// leaves out. `Err` names what is wrong.
pub fn split(url: &str) -> Result<(String, Params), String> {
    let (rest, found) = if let Some(scheme_len) = ["postgresql://", "postgres://"]
        .iter()
        .find(|s| url.starts_with(**s))
        .map(|s| s.len())
    {
        split_uri(url, scheme_len)?
    } else {
        split_keywords(url)?
    };
    let get = |key: &str, env: &str| {
        found
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| std::env::var(env).ok().filter(|v| !v.is_empty()))
    };
    let mode = match get("sslmode", "PGSSLMODE") {
        None => Mode::Prefer,
        Some(v) => Mode::parse(&v).ok_or_else(|| {
            let names: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
            format!("sslmode `{v}` is not one of {}", names.join(", "))
        })?,
    };
    Ok((
        rest,
        Params {
            mode,
            root: get("sslrootcert", "PGSSLROOTCERT"),
            cert: get("sslcert", "PGSSLCERT"),
            key: get("sslkey", "PGSSLKEY"),
        },
    ))
}

type Found = Vec<(String, String)>;

fn split_uri(url: &str, scheme_len: usize) -> Result<(String, Found), String> {
    let Some(q) = url[scheme_len..].find('?').map(|i| i + scheme_len) else {
        return Ok((url.to_string(), Vec::new()));
    };
    let mut kept = Vec::new();
    let mut found = Vec::new();
    for pair in url[q + 1..].split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k)?;
        if KEYS.contains(&key.as_str()) {
            found.push((key, percent_decode(v)?));
        } else {
            kept.push(pair);
        }
    }
    let base = &url[..q];
    Ok(if kept.is_empty() {
        (base.to_string(), found)
    } else {
        (format!("{base}?{}", kept.join("&")), found)
    })
}

fn percent_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("`{s}` has a `%` not followed by two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{s}` does not decode to UTF-8"))
}

/// libpq's `key = value` form: values bare (up to white space) or single-quoted, `\` escaping.
fn split_keywords(url: &str) -> Result<(String, Found), String> {
    let mut chars = url.chars().peekable();
    let mut kept = Vec::new();
    let mut found = Vec::new();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!("`{key}` is not followed by `=`"));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => return Err(format!("the value of `{key}` lacks its closing quote")),
                    Some('\'') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        if KEYS.contains(&key.as_str()) {
            found.push((key, value));
        } else {
            let quoted = value.replace('\\', "\\\\").replace('\'', "\\'");
            kept.push(format!("{key}='{quoted}'"));
        }
    }
    Ok((kept.join(" "), found))
}

/// A TLS set-up that cannot be made; says which file and why.
#[derive(Debug)]
pub struct SetupError(pub String);

fn home_file(name: &str) -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".postgresql").join(name))
}

/// Where the root certificates come from: `sslrootcert` (a file or `system`), else
/// `~/.postgresql/root.crt` when it exists; `None` when there are none.
pub fn root_file(params: &Params) -> Option<String> {
    match &params.root {
        Some(r) => Some(r.clone()),
        None => home_file("root.crt")
            .filter(|p| p.is_file())
            .map(|p| p.display().to_string()),
    }
}

/// The rustls configuration for `params`; `None` for `sslmode=disable`.
///
/// # Errors
/// A root, certificate or key file that cannot be read, or `verify-ca`/`verify-full` without
/// root certificates.
pub fn client_config(params: &Params) -> Result<Option<rustls::ClientConfig>, SetupError> {
    if params.mode == Mode::Disable {
        return Ok(None);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = match root_file(params).as_deref() {
        None => None,
        Some("system") => Some(rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }),
        Some(file) => Some(read_roots(file)?),
    };
    let verifier: Arc<dyn ServerCertVerifier> = match roots {
        None if matches!(params.mode, Mode::VerifyCa | Mode::VerifyFull) => {
            return Err(SetupError(format!(
                "sslmode={} checks the server's certificate against root certificates, and there are none: set sslrootcert to the file of the certificate authority that signed the server's certificate (or `system` for the public ones), or put it in ~/.postgresql/root.crt",
                params.mode.name()
            )))
        }
        None => Arc::new(AnyName {
            provider: provider.clone(),
            chain: None,
        }),
        Some(roots) => {
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| SetupError(format!("root certificates: {e}")))?;
            if params.mode == Mode::VerifyFull {
                webpki
            } else {
                Arc::new(AnyName {
                    provider: provider.clone(),
                    chain: Some(webpki),
                })
            }
        }
    };
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SetupError(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    // A client certificate when its file is there (named, or the default one).
    let cert = params
        .cert
        .clone()
        .map(PathBuf::from)
        .or_else(|| home_file("postgresql.crt").filter(|p| p.is_file()));
    let config = match cert {
        None => builder.with_no_client_auth(),
        Some(cert) => {
            let key = params
                .key
                .clone()
                .map(PathBuf::from)
                .or_else(|| home_file("postgresql.key"))
                .unwrap_or_default();
            let chain = read_certs("sslcert", &cert)?;
            let key_der = PrivateKeyDer::from_pem_file(&key)
                .map_err(|e| SetupError(format!("sslkey {}: {e}", key.display())))?;
            builder
                .with_client_auth_cert(chain, key_der)
                .map_err(|e| SetupError(format!("sslcert {}: {e}", cert.display())))?
        }
    };
    Ok(Some(config))
}

/// The PEM certificates of `file`, which the `what` parameter named.
fn read_certs(what: &str, file: &Path) -> Result<Vec<CertificateDer<'static>>, SetupError> {
    CertificateDer::pem_file_iter(file)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| SetupError(format!("{what} {}: {e}", file.display())))
}

fn read_roots(file: &str) -> Result<rustls::RootCertStore, SetupError> {
    let certs = read_certs("sslrootcert", Path::new(file))?;
    if certs.is_empty() {
        return Err(SetupError(format!(
            "sslrootcert {file}: no PEM certificate in it"
        )));
    }
    let mut roots = rustls::RootCertStore::empty();
    for c in certs {
        roots
            .add(c)
            .map_err(|e| SetupError(format!("sslrootcert {file}: {e}")))?;
    }
    Ok(roots)
}

/// The modes that do not compare the host name: `prefer` and `require` without root
/// certificates (`chain` None: encrypted, the server not authenticated, as libpq does), and
/// `verify-ca` or any mode with root certificates but `verify-full` (the chain must lead to
/// one of them). The handshake's signatures are checked in every case.
#[derive(Debug)]
struct AnyName {
    provider: Arc<CryptoProvider>,
    chain: Option<Arc<WebPkiServerVerifier>>,
}

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        // The chain is checked before the name: a name error means the chain was trusted.
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(mode: Mode, root: Option<&str>) -> Params {
        Params {
            mode,
            root: root.map(str::to_string),
            cert: None,
            key: None,
        }
    }

    #[test]
    fn uri_parameters_are_taken_out() {
        let (rest, p) = split(
            "postgresql://anna@db.example:5432/tm?application_name=x&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem",
        )
        .unwrap();
        assert_eq!(
            rest,
            "postgresql://anna@db.example:5432/tm?application_name=x"
        );
        assert_eq!(p, params(Mode::VerifyFull, Some("/etc/ca.pem")));
        let (rest, _) = split("postgresql://anna@db/tm?sslmode=require").unwrap();
        assert_eq!(rest, "postgresql://anna@db/tm");
        let (rest, _) = split("postgresql://anna@db/tm").unwrap();
        assert_eq!(rest, "postgresql://anna@db/tm");
    }

    #[test]
    fn keyword_parameters_are_taken_out() {
        let (rest, p) = split(
            "host=db.example user=anna dbname='team tm' sslmode = verify-ca sslrootcert='/etc/my ca.pem'",
        )
        .unwrap();
        assert_eq!(rest, "host='db.example' user='anna' dbname='team tm'");
        assert_eq!(p, params(Mode::VerifyCa, Some("/etc/my ca.pem")));
        let (rest, _) = split(r"host=db password='it\'s'").unwrap();
        assert_eq!(rest, r"host='db' password='it\'s'");
    }

    #[test]
    fn bad_parameters_say_what_is_expected() {
        let e = split("postgresql://db/tm?sslmode=strict").unwrap_err();
        assert!(e.contains("verify-full"), "{e}");
        let e = split("host=db dbname='tm").unwrap_err();
        assert!(e.contains("closing quote"), "{e}");
        let e = split("postgresql://db/tm?sslrootcert=%zz").unwrap_err();
        assert!(e.contains("hex"), "{e}");
    }

    #[test]
    fn verifying_modes_need_root_certificates() {
        // No HOME root file can be assumed absent on a developer machine: name a missing one.
        let e =
            client_config(&params(Mode::VerifyFull, Some("/nonexistent/root.crt"))).unwrap_err();
        assert!(e.0.contains("/nonexistent/root.crt"), "{}", e.0);
        assert!(client_config(&params(Mode::Disable, None))
            .unwrap()
            .is_none());
        assert!(client_config(&params(Mode::Require, Some("system")))
            .unwrap()
            .is_some());
    }
}
