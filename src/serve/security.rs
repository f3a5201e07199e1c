//! The rules every request passes before a handler runs (see the module docs of
//! [`super`]), and the security headers every response gets.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Shared;

/// The policy of the workbench's own pages: scripts and styles only from the server itself.
pub const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'";

/// The policy of a preview of an edition: no script at all, in a sandbox.
pub const PREVIEW_CSP: &str = "sandbox allow-same-origin; default-src 'none'; style-src 'self'; \
img-src 'self' data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";

/// The cookie that carries the token after a `?token=` visit.
pub const COOKIE: &str = "polypress_token";

/// A JSON error response: `{"error": message}`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "error": message.into(), "status": status.as_u16() });
    (status, axum::Json(body)).into_response()
}

fn header_str<'a>(h: &'a HeaderMap, name: &header::HeaderName) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// Compares two strings in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn header_token(h: &HeaderMap) -> Option<&str> {
    if let Some(v) = header_str(h, &header::AUTHORIZATION) {
        if let Some(t) = v.strip_prefix("Bearer ") {
            return Some(t.trim());
        }
    }
    h.get("x-polypress-token").and_then(|v| v.to_str().ok())
}

fn cookie_token(h: &HeaderMap) -> Option<&str> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v.to_string())
}

/// Whether a `Host` header names this machine's loopback interface.
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => host,
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

fn add_headers(resp: &mut Response) {
    let h = resp.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// The guard: host, token and cross-site rules, then the handler, then the headers.
pub async fn guard(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let mut resp = check(&state, req, next).await;
    add_headers(&mut resp);
    resp
}

async fn check(state: &Shared, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = header_str(headers, &header::HOST).unwrap_or("").to_string();
    if state.token.is_none() && !loopback_host(&host) {
        return error(
            StatusCode::FORBIDDEN,
            format!("host `{host}` is not this machine's loopback address (expected 127.0.0.1, localhost or [::1])"),
        );
    }
    let mutating = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if mutating {
        if let Some(origin) = header_str(headers, &header::ORIGIN) {
            let expected = format!("http://{host}");
            if origin != expected {
                return error(
                    StatusCode::FORBIDDEN,
                    format!(
                        "cross-site request refused: origin `{origin}` (expected `{expected}`)"
                    ),
                );
            }
        }
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            if site != "same-origin" && site != "none" {
                return error(
                    StatusCode::FORBIDDEN,
                    format!("cross-site request refused: Sec-Fetch-Site `{site}`"),
                );
            }
        }
        let json = header_str(headers, &header::CONTENT_TYPE).is_some_and(|c| {
            c.split(';')
                .next()
                .is_some_and(|m| m.trim() == "application/json")
        });
        if !json {
            return error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected a JSON body (Content-Type: application/json)",
            );
        }
    }
    let Some(token) = state.token.as_deref() else {
        return next.run(req).await;
    };
    if let Some(t) = header_token(headers) {
        if same(t, token) {
            return next.run(req).await;
        }
        return error(StatusCode::UNAUTHORIZED, "wrong token");
    }
    if mutating {
        return error(
            StatusCode::UNAUTHORIZED,
            "this server needs its token in an `X-Polypress-Token` or `Authorization: Bearer` header",
        );
    }
    if cookie_token(headers).is_some_and(|t| same(t, token)) {
        return next.run(req).await;
    }
    if let Some(t) = query_token(req.uri().query()) {
        if same(&t, token) {
            // Remember it for the pages and their scripts, then go on without it in the URL.
            let path = req.uri().path().to_string();
            let mut resp = (StatusCode::SEE_OTHER, [(header::LOCATION, path)]).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            )) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            return resp;
        }
    }
    error(
        StatusCode::UNAUTHORIZED,
        "this server needs its token: open the URL `polypress serve` printed (with ?token=), or send `Authorization: Bearer <token>`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(loopback_host("127.0.0.1:7878"));
        assert!(loopback_host("localhost:80"));
        assert!(loopback_host("[::1]:7878"));
        assert!(!loopback_host("evil.example:7878"));
        assert!(!loopback_host("127.0.0.1.evil.example"));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
