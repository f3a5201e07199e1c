//! Article pages: an [`Edition`]'s Markdown rendered with pulldown-cmark's HTML writer (which
//! escapes text; raw HTML blocks of the source, such as the author note `<aside lang="tr">`, pass
//! through), inside a page whose chrome comes from [`Chrome`]: `<html lang>`, `hreflang`
//! alternates, the language switcher, date, byline, "translated from" note, the incomplete-
//! translation notice and the notes heading. No JavaScript; one shared stylesheet.

use pulldown_cmark::Options;

use crate::sanitize::{href_segment, RawHtml, CSP_META};

use super::markdown::{body_start, note_number};
use super::{Cell, Edition};
use crate::l10n::{Arg, Chrome, L10nError};
use crate::model::{scan_placeholders, Article, Lang, Segment};

/// The stylesheet every page links to, written to `output/style.css`.
pub const STYLESHEET: &str = include_str!("style.css");

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The CommonMark extensions the source parser reads.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// Renders CommonMark (with the extensions the source parser reads) to HTML, raw HTML
/// sanitized unless `raw` is [`RawHtml::Trusted`] (see [`crate::sanitize`]).
pub fn render_markdown(md: &str, raw: RawHtml) -> String {
    crate::sanitize::render(md, MARKDOWN_OPTIONS, raw)
}

/// A segment's text with each placeholder replaced by the markup it stands for, unescaped: how a
/// front-matter field reads.
pub fn plain(text: &str, seg: &Segment) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for (range, id, role) in scan_placeholders(text) {
        out.push_str(&text[pos..range.start]);
        if let Some(c) = seg.codes.iter().find(|c| c.id == id && c.role == role) {
            out.push_str(&c.raw);
        }
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The HTML of a front-matter field (`title`, `summary`, `notes_title`) in an edition, with
/// segments left in the source language marked; `None` when the article has no such field.
pub fn front_field(article: &Article, cells: &[Cell], name: &str, marker: &str) -> Option<String> {
    let parts: Vec<String> = article
        .segments
        .iter()
        .zip(cells)
        .filter(|(s, _)| s.block_path().front_field() == Some(name))
        .map(|(s, c)| {
            let text = escape(&plain(&c.text, s));
            if c.status.is_done() {
                text
            } else {
                format!(
                    "<span class=\"untranslated\" lang=\"{}\" title=\"{}\">{text}</span>",
                    article.lang,
                    escape(marker)
                )
            }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A front-matter field as plain text (for `<title>` and the index pages).
pub fn front_text(article: &Article, cells: &[Cell], name: &str) -> Option<String> {
    let parts: Vec<String> = article
        .segments
        .iter()
        .zip(cells)
        .filter(|(s, _)| s.block_path().front_field() == Some(name))
        .map(|(s, c)| plain(&c.text, s))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Links to the other editions of an article, from a page `depth` folders below `output/`.
pub fn alternates(slug: &str, langs: &[Lang], depth: usize) -> String {
    let up = "../".repeat(depth);
    let slug = href_segment(slug);
    let mut out = String::new();
    for l in langs {
        out.push_str(&format!(
            "<link rel=\"alternate\" hreflang=\"{l}\" href=\"{up}{l}/{slug}/index.html\">\n"
        ));
    }
    out
}

/// Renders the page of `ed`, an edition of `article`; `langs` are all its editions' languages.
///
/// # Errors
/// A chrome message that cannot be formatted.
pub fn article_page(
    ed: &Edition,
    article: &Article,
    langs: &[Lang],
    chrome: &Chrome,
    raw: RawHtml,
) -> Result<String, L10nError> {
    let lang = ed.lang;
    let slug = href_segment(&ed.slug);
    let marker = chrome.text(lang, "untranslated-title")?;
    let title_html = front_field(article, &ed.cells, "title", &marker).unwrap_or_default();
    let title_text = front_text(article, &ed.cells, "title").unwrap_or_else(|| ed.slug.clone());
    let front = article.front.as_ref();
    let mut h = String::with_capacity(ed.markdown.len() * 2 + 4096);
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n{}\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n",
        CSP_META,
        escape(&title_text)
    ));
    if let Some(summary) = front_text(article, &ed.cells, "summary") {
        h.push_str(&format!(
            "<meta name=\"description\" content=\"{}\">\n",
            escape(&summary)
        ));
    }
    h.push_str("<link rel=\"stylesheet\" href=\"../../style.css\">\n");
    let others: Vec<Lang> = langs.iter().copied().filter(|l| *l != lang).collect();
    h.push_str(&alternates(&ed.slug, &others, 2));
    h.push_str("</head>\n<body>\n<header class=\"site\">\n<nav>");
    h.push_str(&format!(
        "<a href=\"../index.html\">{}</a>",
        escape(&chrome.text(lang, "nav-all-articles")?),
    ));
    h.push_str("</nav>\n");
    if !others.is_empty() {
        h.push_str(&format!(
            "<p class=\"switcher\">{}",
            escape(&chrome.text(lang, "nav-also-available")?)
        ));
        for l in &others {
            h.push_str(&format!(
                " <a href=\"../../{l}/{}/index.html\" hreflang=\"{l}\" lang=\"{l}\">{}</a>",
                slug,
                l.native_name()
            ));
        }
        // The parallel-text reader of this article, in this edition's language.
        h.push_str(&format!(
            " · <a class=\"parallel-link\" href=\"aligned/index.html\">{}</a>",
            escape(&chrome.text(lang, "nav-aligned")?)
        ));
        h.push_str("</p>\n");
    }
    h.push_str("</header>\n<main>\n<article>\n");
    h.push_str(&format!("<h1>{title_html}</h1>\n<p class=\"meta\">"));
    if let Some(f) = front {
        h.push_str(&format!(
            "<time datetime=\"{}\">{}</time> · {}",
            escape(&f.date),
            escape(&chrome.date(lang, &f.date)?),
            escape(&chrome.format(lang, "article-byline", &[("author", Arg::Str(&f.author))])?)
        ));
    }
    h.push_str("</p>\n");
    if !ed.is_source() {
        let src = ed.source_lang.code();
        h.push_str(&format!(
            "<p class=\"translated-from\"><a href=\"../../{src}/{}/index.html\" hreflang=\"{src}\">{}</a></p>\n",
            slug,
            escape(&chrome.format(lang, "article-translated-from", &[("source", Arg::Str(src))])?)
        ));
    }
    let missing = ed.cells.len() - ed.translated();
    if missing > 0 {
        let text = chrome.format(
            lang,
            if ed.omitted {
                "article-incomplete-omitted"
            } else {
                "article-incomplete"
            },
            &[
                ("missing", Arg::Str(&chrome.segments(lang, missing)?)),
                ("total", Arg::Num(ed.cells.len())),
                ("count", Arg::Num(missing)),
            ],
        )?;
        h.push_str(&format!(
            "<p class=\"incomplete\" role=\"note\">{}</p>\n",
            escape(&text)
        ));
    }
    if let Some(summary) = front_field(article, &ed.cells, "summary", &marker) {
        h.push_str(&format!("<p class=\"summary\">{summary}</p>\n"));
    }
    let start = body_start(&ed.markdown);
    let body = &ed.markdown[start..];
    match ed.notes.as_ref().filter(|n| n.range.start >= start) {
        Some(n) => {
            let r = n.range.start - start..n.range.end - start;
            h.push_str(&link_refs(
                &render_markdown(&body[..r.start], raw),
                &n.numbers,
            ));
            let heading = match front_field(article, &ed.cells, "notes_title", &marker) {
                Some(t) => t,
                None => escape(&chrome.text(lang, "notes-heading")?),
            };
            h.push_str(&format!(
                "<section class=\"notes\">\n<h2 id=\"notes\">{heading}</h2>\n"
            ));
            h.push_str(&number_notes(&render_markdown(&body[r.clone()], raw)));
            h.push_str("</section>\n");
            h.push_str(&render_markdown(&body[r.end..], raw));
        }
        None => h.push_str(&render_markdown(body, raw)),
    }
    h.push_str("</article>\n</main>\n</body>\n</html>\n");
    Ok(h)
}

/// Turns footnote markers `[k]` in the text of `html` (not inside tags) into links to note
/// `k`, when the notes block has it.
fn link_refs(html: &str, notes: &[u32]) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let (mut in_tag, mut in_link) = (false, false);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            in_tag = true;
            // Links do not nest: a marker that is already link text stays as it is.
            if rest.starts_with("<a ") || rest.starts_with("<a>") {
                in_link = true;
            } else if rest.starts_with("</a>") {
                in_link = false;
            }
        } else if c == '>' {
            in_tag = false;
        } else if c == '[' && !in_tag && !in_link {
            let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[1 + digits..].starts_with(']') {
                if let Ok(k) = rest[1..1 + digits].parse::<u32>() {
                    if notes.contains(&k) {
                        out.push_str(&format!("<a class=\"ref\" href=\"#note-{k}\">[{k}]</a>"));
                        rest = &rest[digits + 2..];
                        continue;
                    }
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Gives each rendered note paragraph `<p>[k] …` an anchor `id="note-k"`.
fn number_notes(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    for line in html.split_inclusive('\n') {
        match line
            .strip_prefix("<p>")
            .and_then(|r| note_number(r).map(|k| (k, r)))
        {
            Some((k, rest)) => {
                let after = &rest[rest.find("] ").map_or(0, |i| i + 2)..];
                out.push_str(&format!(
                    "<p id=\"note-{k}\"><span class=\"note-number\">[{k}]</span> {after}"
                ));
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn links_footnote_markers_outside_tags() {
        let html = "<p>Held.[1] See [2] and <a href=\"x[1]\">[3]</a>.</p>";
        assert_eq!(
            link_refs(html, &[1, 3]),
            "<p>Held.<a class=\"ref\" href=\"#note-1\">[1]</a> See [2] and <a href=\"x[1]\">[3]</a>.</p>"
        );
    }

    #[test]
    fn numbers_notes_with_anchors() {
        let html = render_markdown("[1] One.\n\n[2] Two <b>x</b>.\n", RawHtml::Sanitize);
        assert_eq!(
            number_notes(&html),
            "<p id=\"note-1\"><span class=\"note-number\">[1]</span> One.</p>\n\
             <p id=\"note-2\"><span class=\"note-number\">[2]</span> Two <b>x</b>.</p>\n"
        );
    }
}
