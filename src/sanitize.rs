//! What keeps hostile text from running in a reader's browser: raw HTML in article Markdown is
//! sanitized with `ammonia` (an allowlist of tags and attributes, html5ever's parser, so no
//! trick of malformed markup gets through), links with script-capable schemes are refused,
//! every path segment that goes into an `href` is percent-encoded, and every page carries a
//! Content-Security-Policy that forbids scripts outright.
//!
//! `build.raw_html = "trusted"` in `polypress.toml` turns the sanitizer off for sites whose
//! articles need arbitrary HTML; the CSP and the escaping of names stay.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Deserialize;

/// How raw HTML in articles is treated (`build.raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Sanitize it with the allowlist (the default).
    #[default]
    Sanitize,
    /// Copy it as written: for sites whose every author is trusted.
    Trusted,
}

/// The Content-Security-Policy `<meta>` every page carries: no script of any kind, no plugins,
/// no forms, no `<base>`; styles and images from the site itself (and images from https).
pub const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'\">\n";

/// URL schemes that can run script; links using them are refused.
const DANGEROUS: [&str; 3] = ["javascript", "vbscript", "data"];

/// The scheme of a URL as a browser reads it (ASCII whitespace and control characters inside
/// it are ignored, case-insensitive), when it is one of the script-capable ones.
pub fn dangerous_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    DANGEROUS
        .into_iter()
        .find(|s| cleaned.starts_with(s) && cleaned[s.len()..].starts_with(':'))
}

fn builder() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags([
            "aside",
            "section",
            "figure",
            "figcaption",
            "details",
            "summary",
        ])
        .add_generic_attributes(["class", "id", "lang", "dir", "title"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .rm_url_schemes(["data"])
        .link_rel(None)
        .strip_comments(false);
        b
    });
    B.get()
        .unwrap_or_else(|| unreachable!("initialised just above"))
}

/// Renders CommonMark to HTML safely: links and images with a script-capable scheme lose their
/// URL (kept as text), and when the Markdown holds raw HTML the result goes through the
/// sanitizer's allowlist. Plain Markdown renders exactly as pulldown-cmark writes it.
pub fn render(md: &str, opts: Options, raw: RawHtml) -> String {
    let mut has_html = false;
    let events = Parser::new_ext(md, opts).map(|ev| match ev {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dangerous_scheme(&dest_url).is_some() => Event::Start(Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if dangerous_scheme(&dest_url).is_some() => Event::Start(Tag::Image {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Html(h) | Event::InlineHtml(h) => {
            has_html = true;
            Event::Html(h)
        }
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    if has_html && raw == RawHtml::Sanitize {
        builder().clean(&out).to_string()
    } else {
        out
    }
}

/// What the sanitizer will change in an article's Markdown, one warning each: links with a
/// script-capable scheme, and raw HTML elements or attributes the allowlist drops.
pub fn findings(md: &str, opts: Options, raw: RawHtml) -> Vec<String> {
    let mut out = Vec::new();
    let mut html = String::new();
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(s) = dangerous_scheme(&dest_url) {
                    out.push(format!(
                        "a link to a `{s}:` URL was removed (expected http, https, mailto or a relative link)"
                    ));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => html.push_str(&h),
            _ => {}
        }
    }
    if raw == RawHtml::Sanitize && !html.is_empty() {
        let cleaned = builder().clean(&html).to_string();
        let lower = html.to_ascii_lowercase();
        let dropped: Vec<&str> = [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "<style",
            "<form",
            " on",
            "javascript:",
            "vbscript:",
            "data:",
        ]
        .into_iter()
        .filter(|needle| lower.contains(needle) && !cleaned.to_ascii_lowercase().contains(needle))
        .collect();
        if !dropped.is_empty() {
            out.push(format!(
                "raw HTML was sanitized ({} removed); set build.raw_html = \"trusted\" in polypress.toml to keep it",
                dropped
                    .iter()
                    .map(|d| format!("`{}`", d.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    out
}

/// A path segment (an article's folder name) as it goes into an `href`: every byte outside
/// the URL-safe unreserved set percent-encoded, so no quote, angle bracket, `?` or `#` of a
/// folder name can end the attribute or change the link.
pub fn href_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        render(s, Options::empty(), RawHtml::Sanitize)
    }

    #[test]
    fn raw_html_is_sanitized_but_articles_keep_their_asides() {
        let out = md("<aside lang=\"tr\">Yazarın notu.</aside>\n\nText <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<iframe src=\"javascript:alert(1)\"></iframe>\n");
        assert!(
            out.contains("<aside lang=\"tr\">Yazarın notu.</aside>"),
            "{out}"
        );
        for bad in ["<script", "onerror", "<iframe", "javascript:"] {
            assert!(!out.contains(bad), "{bad}: {out}");
        }
    }

    #[test]
    fn dangerous_link_schemes_are_refused_with_a_warning() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:x",
            "vbscript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            let text = format!("[click](<{url}>) and ![i](<{url}>)\n");
            let out = md(&text);
            assert!(
                !out.to_ascii_lowercase().contains("script:"),
                "{url}: {out}"
            );
            assert!(!out.contains("data:"), "{url}: {out}");
            let w = findings(&text, Options::empty(), RawHtml::Sanitize);
            assert!(
                !w.is_empty() && w[0].contains("was removed"),
                "{url}: {w:?}"
            );
        }
        assert_eq!(
            md("[ok](https://example.org/a?b=1)\n"),
            "<p><a href=\"https://example.org/a?b=1\">ok</a></p>\n"
        );
    }

    #[test]
    fn trusted_raw_html_is_kept() {
        let out = render(
            "<div onclick=\"x()\">a</div>\n",
            Options::empty(),
            RawHtml::Trusted,
        );
        assert_eq!(out, "<div onclick=\"x()\">a</div>\n");
    }

    #[test]
    fn folder_names_are_percent_encoded_in_hrefs() {
        assert_eq!(
            href_segment("\"><img src=x onerror=alert(1)>"),
            "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
        );
        assert_eq!(href_segment("orta-koridor_2.0"), "orta-koridor_2.0");
        assert_eq!(href_segment("ğ"), "%C4%9F");
    }
}
