//! The parallel-text reader: `output/<lang>/<slug>/aligned/index.html` for each reader language
//! (all languages, the reader's first) and `<a>-<b>.html` beside it for every pair of two.
//!
//! Each row is one block of the source (title, summary, heading, paragraph, list item, quote,
//! note) with its translations beside it. Every sentence is a `<span class="s">` carrying its
//! segment id in `data-seg` and `tabindex="0"`; `reader.js` (an external file, so a
//! `script-src 'self'` policy allows it) highlights a sentence's counterparts on hover and on
//! focus, and turns the `?langs=en,ru` parameter and the checkboxes into hidden columns. Without
//! JavaScript the pair pages are plain links. On narrow screens the stylesheet dissolves the
//! columns and orders sentences `1 of .s`, `2 of .s`… so the languages interleave sentence by
//! sentence.
//!
//! Inline markup is rendered the way editions do it: placeholders restored to the source's
//! Markdown ([`restore`]) and rendered by pulldown-cmark, footnote references as superscripts
//! linking to the aligned notes rows. Segments without a usable translation are shown in the
//! source language, marked; unused `fuzzy` entries likewise (their suggestion only appears on
//! the editors' page, [`super::aligned::page`]).

use std::collections::BTreeSet;

use pulldown_cmark::Options;

use super::html::escape;
use super::markdown::note_number;
use super::{restore, Context, Edition, Status, Untranslated};
use crate::draft::State;
use crate::l10n::{Arg, Chrome, L10nError};
use crate::model::{Article, BlockKind, CodeKind, Lang, Piece, Segment};
use crate::sanitize::{href_segment, RawHtml};

/// The Content-Security-Policy of reader pages: the editions' policy, except that scripts
/// from the site itself (`reader.js`) may run; no inline script or style is needed.
const READER_CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; img-src 'self' https: data:; style-src 'self'\">\n";

/// The script every reader page loads, written to `output/reader.js`.
pub const SCRIPT: &str = include_str!("reader.js");

const STYLE: &str = include_str!("reader.css");

/// Marks a footnote reference while its sentence goes through the Markdown renderer.
const REF_OPEN: char = '\u{E000}';
const REF_CLOSE: char = '\u{E001}';
/// Put before a sentence so that the renderer reads it as the middle of a paragraph (a sentence
/// `2022. yılı …` is not an ordered list).
const LEAD: char = '\u{E002}';

/// The reader stylesheet, `output/reader.css`: the fixed rules, then one rule per language to
/// hide its column and label its sentences, and one per sentence position (up to `max_k`, the
/// most sentences any block of the site has) for the interleaved narrow layout.
pub fn stylesheet(max_k: usize) -> String {
    let mut css = String::from(STYLE);
    css.push_str("/* Generated: hidden columns and sentence labels per language. */\n");
    for l in Lang::ALL {
        css.push_str(&format!(
            "body[data-hide~=\"{l}\"] .parallel [data-lang=\"{l}\"] {{ display: none; }}\n"
        ));
    }
    css.push_str("@media screen and (max-width: 44rem) {\n");
    for l in Lang::ALL {
        css.push_str(&format!(
            "  .parallel .cell[data-lang=\"{l}\"] .s::before {{ content: \"{}\"; }}\n",
            l.code().to_uppercase()
        ));
    }
    for k in 1..=max_k.max(1) {
        css.push_str(&format!(
            "  .parallel .b > :nth-child({k} of .s) {{ order: {k}; }}\n"
        ));
    }
    css.push_str("}\n");
    css
}

/// What kind of row a block makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Title,
    Summary,
    NotesTitle,
    Heading(u8),
    Paragraph,
    Item,
    Quote,
    Note,
    TableCell,
}

/// One row: a block and its segments.
#[derive(Debug, Clone)]
struct Row {
    kind: RowKind,
    segs: Vec<usize>,
    /// The number of a note row.
    note: Option<u32>,
    /// A list item's marker, `•` or `3.`.
    marker: Option<String>,
}

/// An article prepared for its reader pages: rows, and every segment's inline HTML in every
/// edition.
pub struct Reader<'a> {
    article: &'a Article,
    editions: Vec<&'a Edition>,
    rows: Vec<Row>,
    /// `html[e][i]`: segment `i` of edition `e` as HTML.
    html: Vec<Vec<String>>,
    /// Whether a gap shows the source sentence (else an ellipsis), as the editions do.
    show_source: bool,
}

impl<'a> Reader<'a> {
    /// Prepares `article` with its `editions` (in column order, the source among them); a
    /// segment without a usable translation is handled as `untranslated` says for the editions
    /// (the source sentence, marked; with [`Untranslated::Omit`], only the mark).
    pub fn new(
        article: &'a Article,
        editions: &[&'a Edition],
        untranslated: Untranslated,
        raw: RawHtml,
    ) -> Reader<'a> {
        let source = article.reassemble();
        let rows = rows(article, &source);
        let notes: BTreeSet<String> = rows
            .iter()
            .filter_map(|r| r.note.map(|k| k.to_string()))
            .collect();
        let defs = link_definitions(article);
        let html = editions
            .iter()
            .map(|e| {
                article
                    .segments
                    .iter()
                    .zip(&e.cells)
                    .map(|(seg, cell)| inline_html(&cell.text, seg, &defs, &notes, raw))
                    .collect()
            })
            .collect();
        Reader {
            article,
            editions: editions.to_vec(),
            rows,
            html,
            show_source: untranslated != Untranslated::Omit,
        }
    }

    /// The most sentences any block of the article has.
    pub fn max_sentences(&self) -> usize {
        self.rows.iter().map(|r| r.segs.len()).max().unwrap_or(1)
    }

    /// The column order for `reader`: the reader's language, then the others in edition order.
    pub fn order(&self, reader: Lang) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.editions.iter().map(|e| e.lang).collect();
        if let Some(i) = langs.iter().position(|l| *l == reader) {
            let l = langs.remove(i);
            langs.insert(0, l);
        }
        langs
    }

    /// Every page for `reader`: `index.html` with all languages, and `<a>-<b>.html` for each
    /// pair, as `(file name, HTML)`.
    ///
    /// # Errors
    /// A chrome message that cannot be formatted.
    pub fn pages(&self, reader: Lang, chrome: &Chrome) -> Result<Vec<(String, String)>, L10nError> {
        let order = self.order(reader);
        let mut out = vec![("index.html".to_string(), self.page(reader, &order, chrome)?)];
        for (a, b) in pairs(&order) {
            out.push((pair_file(a, b), self.page(reader, &[a, b], chrome)?));
        }
        Ok(out)
    }

    fn edition(&self, lang: Lang) -> Option<(usize, &Edition)> {
        self.editions
            .iter()
            .enumerate()
            .find(|(_, e)| e.lang == lang)
            .map(|(i, e)| (i, *e))
    }

    /// One reader page in `reader`'s language showing `shown` (in column order).
    fn page(&self, reader: Lang, shown: &[Lang], chrome: &Chrome) -> Result<String, L10nError> {
        let a = self.article;
        let slug = &href_segment(&a.slug);
        let order = self.order(reader);
        let all = shown.len() == order.len();
        let title = self
            .edition(reader)
            .and_then(|(_, e)| super::html::front_text(a, &e.cells, "title"))
            .unwrap_or_else(|| slug.clone());
        let page_title =
            chrome.format(reader, "reader-page-title", &[("title", Arg::Str(&title))])?;
        let t = |key: &str| chrome.text(reader, key).map(|s| escape(&s));
        let mut h = String::with_capacity(128 * 1024);
        h.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{reader}\">\n<head>\n<meta charset=\"utf-8\">\n\
             {READER_CSP}<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n\
             <link rel=\"stylesheet\" href=\"../../../style.css\">\n\
             <link rel=\"stylesheet\" href=\"../../../reader.css\">\n",
            escape(&page_title)
        ));
        for l in order.iter().filter(|l| **l != reader) {
            h.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{l}\" href=\"../../../{l}/{slug}/aligned/index.html\">\n"
            ));
        }
        h.push_str("<script src=\"../../../reader.js\" defer></script>\n</head>\n");
        let langs_attr: Vec<&str> = shown.iter().map(|l| l.code()).collect();
        h.push_str(&format!(
            "<body class=\"reader\" data-langs=\"{}\">\n<header class=\"site\">\n<nav>\
             <a href=\"../../index.html\">{}</a> · <a href=\"../index.html\">{}</a> · \
             <a href=\"../../../aligned/{slug}-qa.html\">{}</a></nav>\n",
            langs_attr.join(" "),
            t("nav-all-articles")?,
            t("reader-back")?,
            t("reader-qa")?,
        ));
        h.push_str(&format!(
            "<p class=\"switcher\">{}",
            t("reader-this-page-in")?
        ));
        for l in order.iter().filter(|l| **l != reader) {
            h.push_str(&format!(
                " <a href=\"../../../{l}/{slug}/aligned/index.html\" hreflang=\"{l}\" lang=\"{l}\">{}</a>",
                l.native_name()
            ));
        }
        h.push_str("</p>\n</header>\n<main>\n");
        h.push_str(&format!(
            "<p class=\"kicker\">{}</p>\n",
            t("reader-kicker")?
        ));

        // The choice of languages: plain links to static pages, and (with JavaScript, on the
        // page that has every column) checkboxes.
        h.push_str(&format!(
            "<nav class=\"choice\" aria-label=\"{0}\"><span class=\"label\">{0}</span>",
            t("reader-choice")?
        ));
        let current = |yes: bool| if yes { " aria-current=\"page\"" } else { "" };
        h.push_str(&format!(
            " <a href=\"index.html\"{}>{}</a>",
            current(all),
            t("reader-all")?
        ));
        for (x, y) in pairs(&order) {
            let name = chrome.format(
                reader,
                "reader-pair",
                &[
                    ("first", Arg::Str(x.code())),
                    ("second", Arg::Str(y.code())),
                ],
            )?;
            h.push_str(&format!(
                " <a href=\"{}\"{}>{}</a>",
                pair_file(x, y),
                current(!all && shown == [x, y]),
                escape(&name)
            ));
        }
        h.push_str("</nav>\n");
        if all {
            h.push_str(&format!(
                "<form class=\"choose\" hidden><fieldset><legend>{}</legend>",
                t("reader-show")?
            ));
            for l in &order {
                let name =
                    chrome.format(reader, "language-name", &[("code", Arg::Str(l.code()))])?;
                h.push_str(&format!(
                    "<label><input type=\"checkbox\" name=\"lang\" value=\"{l}\" checked> {}</label>",
                    escape(&name)
                ));
            }
            h.push_str("</fieldset></form>\n");
        }
        h.push_str(&format!("<p class=\"hint\">{}</p>\n", t("reader-hint")?));
        let gaps = shown.iter().any(|l| {
            self.edition(*l).is_some_and(|(_, e)| {
                e.cells
                    .iter()
                    .any(|c| !c.status.is_done() || is_unreviewed(c))
            })
        });
        if gaps {
            h.push_str(&format!(
                "<p class=\"legend\"><span class=\"swatch\"></span> {}</p>\n",
                t("reader-gaps")?
            ));
        }

        let cols: Vec<(usize, &Edition)> = shown.iter().filter_map(|l| self.edition(*l)).collect();
        h.push_str(&format!("<div class=\"parallel cols-{}\">\n", cols.len()));
        h.push_str("<div class=\"row head\">");
        for (_, e) in &cols {
            h.push_str(&format!(
                "<div class=\"cell\" data-lang=\"{0}\" lang=\"{0}\"><a href=\"../../../{0}/{slug}/index.html\" hreflang=\"{0}\">{1}</a></div>",
                e.lang,
                e.lang.native_name()
            ));
        }
        h.push_str("</div>\n");
        let titles = Titles {
            untranslated: chrome.text(reader, "untranslated-title")?,
            awaiting: chrome.text(reader, "reader-awaiting-review")?,
            unreviewed: chrome.text(reader, "reader-unreviewed")?,
            omitted: chrome.text(reader, "reader-omitted")?,
        };
        for row in &self.rows {
            self.row(&mut h, row, &cols, &titles, chrome)?;
        }
        h.push_str("</div>\n</main>\n</body>\n</html>\n");
        Ok(h)
    }

    fn row(
        &self,
        h: &mut String,
        row: &Row,
        cols: &[(usize, &Edition)],
        titles: &Titles,
        chrome: &Chrome,
    ) -> Result<(), L10nError> {
        let class = match row.kind {
            RowKind::Title => "title",
            RowKind::Summary => "lead",
            RowKind::NotesTitle => "notes-title",
            RowKind::Heading(_) => "heading",
            RowKind::Paragraph | RowKind::TableCell => "para",
            RowKind::Item => "item",
            RowKind::Quote => "quote",
            RowKind::Note => "note",
        };
        match row.note {
            Some(k) => h.push_str(&format!("<div class=\"row {class}\" id=\"note-{k}\">")),
            None => h.push_str(&format!("<div class=\"row {class}\">")),
        }
        for (ei, e) in cols {
            h.push_str(&format!(
                "<div class=\"cell\" data-lang=\"{0}\" lang=\"{0}\">",
                e.lang
            ));
            let (open, close) = wrappers(row.kind);
            h.push_str(&open);
            if let Some(m) = &row.marker {
                h.push_str(&format!(
                    "<span class=\"marker\" aria-hidden=\"true\">{}</span>",
                    escape(m)
                ));
            }
            if let Some(k) = row.note {
                h.push_str(&format!("<span class=\"note-number\">{k}.</span>"));
            }
            if row.segs.is_empty() {
                // A notes heading the article does not name: the chrome's, per column.
                h.push_str(&escape(&chrome.text(e.lang, "notes-heading")?));
            }
            for (n, &i) in row.segs.iter().enumerate() {
                if n > 0 {
                    h.push(' ');
                }
                let cell = &e.cells[i];
                let seg = &self.article.segments[i];
                let id = escape(seg.id.as_str());
                let attrs = if is_unreviewed(cell) {
                    format!(
                        " class=\"s unreviewed\" title=\"{}\"",
                        escape(&titles.unreviewed)
                    )
                } else if cell.status.is_done() {
                    " class=\"s\"".to_string()
                } else {
                    let why = if !self.show_source {
                        &titles.omitted
                    } else if cell.status == Status::Fuzzy {
                        &titles.awaiting
                    } else {
                        &titles.untranslated
                    };
                    format!(
                        " class=\"s gap\" lang=\"{}\" title=\"{}\"",
                        self.article.lang,
                        escape(why)
                    )
                };
                let text = if cell.status.is_done() || self.show_source {
                    self.html[*ei][i].as_str()
                } else {
                    "…"
                };
                h.push_str(&format!(
                    "<span{attrs} data-seg=\"{id}\" tabindex=\"0\">{text}</span>"
                ));
            }
            h.push_str(close);
            h.push_str("</div>");
        }
        h.push_str("</div>\n");
        Ok(())
    }
}

struct Titles {
    untranslated: String,
    omitted: String,
    awaiting: String,
    unreviewed: String,
}

/// A `fuzzy` entry used as a translation (`--allow-fuzzy`).
fn is_unreviewed(c: &super::Cell) -> bool {
    c.status == Status::Translated && c.state == Some(State::Fuzzy)
}

/// The elements around a row's sentences in one cell.
fn wrappers(kind: RowKind) -> (String, &'static str) {
    match kind {
        RowKind::Title => ("<h1 class=\"b\">".into(), "</h1>"),
        RowKind::Summary => ("<p class=\"b summary\">".into(), "</p>"),
        RowKind::NotesTitle => ("<h2 class=\"b\">".into(), "</h2>"),
        RowKind::Heading(l) => {
            let l = l.clamp(2, 6);
            (
                format!("<h{l} class=\"b\">"),
                ["", "", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>"][l as usize],
            )
        }
        RowKind::Quote => (
            "<blockquote class=\"b\"><p class=\"b\">".into(),
            "</p></blockquote>",
        ),
        RowKind::Paragraph | RowKind::TableCell | RowKind::Item | RowKind::Note => {
            ("<p class=\"b\">".into(), "</p>")
        }
    }
}

/// Every pair of two languages, in column order.
fn pairs(order: &[Lang]) -> Vec<(Lang, Lang)> {
    let mut out = Vec::new();
    for (i, a) in order.iter().enumerate() {
        for b in &order[i + 1..] {
            out.push((*a, *b));
        }
    }
    out
}

/// The file of the page that shows `a` and `b`.
pub fn pair_file(a: Lang, b: Lang) -> String {
    format!("{a}-{b}.html")
}

/// The article's blocks as rows in reading order; the notes heading (a front-matter field)
/// moves to just before the first note, or is made from the chrome when the article has notes
/// but no `notes_title`.
fn rows(article: &Article, source: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut notes_title = None;
    for b in article.blocks.iter().filter(|b| !b.segments.is_empty()) {
        let mut row = Row {
            kind: RowKind::Paragraph,
            segs: b.segments.clone(),
            note: None,
            marker: None,
        };
        if b.path.front_field() == Some("notes_title") {
            row.kind = RowKind::NotesTitle;
            notes_title = Some(row);
            continue;
        }
        row.kind = match b.kind {
            BlockKind::Title => RowKind::Title,
            BlockKind::Summary => RowKind::Summary,
            BlockKind::Heading(l) => RowKind::Heading(l),
            BlockKind::Note => {
                row.note = source.get(b.span.range()).and_then(note_number);
                RowKind::Note
            }
            BlockKind::TableCell => RowKind::TableCell,
            BlockKind::Paragraph => container(&b.path),
        };
        if row.kind == RowKind::Item && b.path.ends_with("/paragraph[1]") {
            row.marker = Some(list_marker(source, b.span.start));
        }
        rows.push(row);
    }
    if let Some(first_note) = rows.iter().position(|r| r.kind == RowKind::Note) {
        let heading = notes_title.unwrap_or(Row {
            kind: RowKind::NotesTitle,
            segs: Vec::new(),
            note: None,
            marker: None,
        });
        rows.insert(first_note, heading);
    } else if let Some(t) = notes_title {
        rows.push(t);
    }
    rows
}

/// A paragraph's row kind from its innermost container in the block path.
fn container(path: &str) -> RowKind {
    path.rsplit('/')
        .skip(1)
        .find_map(|part| {
            if part.starts_with("item[") {
                Some(RowKind::Item)
            } else if part.starts_with("quote[") {
                Some(RowKind::Quote)
            } else {
                None
            }
        })
        .unwrap_or(RowKind::Paragraph)
}

/// The list marker before a list item's first paragraph: its number (`3.`) for an ordered
/// list, else a bullet.
fn list_marker(source: &str, start: usize) -> String {
    let line = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = source.get(line..start).unwrap_or("");
    let token = prefix.split_whitespace().last().unwrap_or("");
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits + 1 == token.len() && token.ends_with(['.', ')']) {
        token.to_string()
    } else {
        "•".to_string()
    }
}

/// The link reference definitions of the article (`[label]: url`), appended to every sentence
/// rendered alone so that reference links resolve.
fn link_definitions(article: &Article) -> String {
    let mut defs = String::new();
    for piece in &article.pieces {
        if let Piece::Skeleton(s) = piece {
            for line in s.lines() {
                let t = line.trim_start_matches(' ');
                if line.len() - t.len() <= 3 && t.starts_with('[') && t.contains("]:") {
                    defs.push_str(t);
                    defs.push('\n');
                }
            }
        }
    }
    defs
}

/// A segment's text (placeholders) as inline HTML: placeholders restored to the source's
/// Markdown and rendered, footnote references as superscripts linking to their note row when
/// the article has that note. Never shows a placeholder token: text that cannot be restored
/// falls back to plain escaped text without the tokens.
pub fn inline_html(
    text: &str,
    seg: &Segment,
    defs: &str,
    notes: &BTreeSet<String>,
    raw: RawHtml,
) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(*c, REF_OPEN | REF_CLOSE | LEAD))
        .collect();
    let mut marked = seg.clone();
    for c in &mut marked.codes {
        if c.kind == CodeKind::Footnote {
            let label: String = c.raw.chars().filter(char::is_ascii_alphanumeric).collect();
            c.raw = format!("{REF_OPEN}{label}{REF_CLOSE}");
        }
    }
    let rendered = restore(&clean, &marked, Context::Markdown { line_start: false })
        .ok()
        .and_then(|md| {
            let doc = format!("{LEAD}{md}\n\n{defs}");
            // The editions' renderer: dangerous link schemes dropped, raw HTML sanitized.
            let out = crate::sanitize::render(&doc, Options::ENABLE_STRIKETHROUGH, raw);
            let inner = out
                .strip_prefix(&format!("<p>{LEAD}"))?
                .strip_suffix("</p>\n")?;
            (!inner.contains("<p>")).then(|| inner.to_string())
        })
        .unwrap_or_else(|| escape(&without_tokens(&clean)));
    let mut out = String::with_capacity(rendered.len() + 64);
    let mut rest = rendered.as_str();
    while let Some(i) = rest.find(REF_OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + REF_OPEN.len_utf8()..];
        let end = after.find(REF_CLOSE).unwrap_or(after.len());
        let label = &after[..end];
        if notes.contains(label) {
            out.push_str(&format!(
                "<sup class=\"ref\"><a href=\"#note-{label}\">{label}</a></sup>"
            ));
        } else {
            out.push_str(&format!("<sup class=\"ref\">{label}</sup>"));
        }
        rest = after.get(end + REF_CLOSE.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Text with its placeholder tokens removed.
fn without_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (range, _, _) in crate::model::scan_placeholders(text) {
        out.push_str(&text[pos..range.start]);
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::restore::tests::{code, seg};
    use crate::model::CodeRole;
    use std::path::Path;

    #[test]
    fn renders_markup_and_footnote_superscripts() {
        let s = seg(vec![
            code(1, CodeRole::Open, CodeKind::Link, "["),
            code(
                1,
                CodeRole::Close,
                CodeKind::Link,
                "](https://x.org/?a=1&b=2)",
            ),
            code(2, CodeRole::Open, CodeKind::Emphasis, "*"),
            code(2, CodeRole::Close, CodeKind::Emphasis, "*"),
            code(3, CodeRole::Standalone, CodeKind::Footnote, "[3]"),
            code(4, CodeRole::Standalone, CodeKind::Footnote, "[9]"),
        ]);
        let notes: BTreeSet<String> = ["3".to_string()].into();
        let html = inline_html(
            "2022. {2}ekonomik{/2} <b> {1}TDT{/1}.{3/}{4/}",
            &s,
            "",
            &notes,
            RawHtml::Sanitize,
        );
        assert_eq!(
            html,
            "2022. <em>ekonomik</em> &lt;b&gt; <a href=\"https://x.org/?a=1&amp;b=2\">TDT</a>.\
             <sup class=\"ref\"><a href=\"#note-3\">3</a></sup><sup class=\"ref\">9</sup>"
        );
    }

    #[test]
    fn raw_html_and_script_links_are_made_safe() {
        let s = seg(vec![
            code(
                1,
                CodeRole::Standalone,
                CodeKind::Html,
                "<img src=x onerror=alert(1)>",
            ),
            code(2, CodeRole::Open, CodeKind::Link, "["),
            code(2, CodeRole::Close, CodeKind::Link, "](javascript:alert(1))"),
        ]);
        let html = inline_html(
            "a{1/} {2}b{/2}",
            &s,
            "",
            &BTreeSet::new(),
            RawHtml::Sanitize,
        );
        assert!(
            !html.contains("onerror") && !html.contains("javascript:"),
            "{html}"
        );
    }

    #[test]
    fn never_shows_a_placeholder_token() {
        // A hand-edited target with a code the source lacks.
        let html = inline_html(
            "a {7}b{/7} c",
            &seg(vec![]),
            "",
            &BTreeSet::new(),
            RawHtml::Sanitize,
        );
        assert_eq!(html, "a b c");
    }

    #[test]
    fn reference_links_resolve_with_the_articles_definitions() {
        let s = seg(vec![
            code(1, CodeRole::Open, CodeKind::Link, "["),
            code(1, CodeRole::Close, CodeKind::Link, "][ebrd]"),
        ]);
        let html = inline_html(
            "{1}EBRD{/1}",
            &s,
            "[ebrd]: https://ebrd.com/\n",
            &BTreeSet::new(),
            RawHtml::Sanitize,
        );
        assert_eq!(html, "<a href=\"https://ebrd.com/\">EBRD</a>");
    }

    #[test]
    fn every_block_kind_makes_its_row() {
        let md = "+++\ntitle = \"T <x>\"\nlang = \"en\"\ndate = \"2022-12-24\"\nauthor = \"A\"\n+++\n\n\
                  ## Head\n\nOne. Two.[1]\n\n- Item *a*.\n\n2. Item b.\n\n> Quoted.\n\n[1] A note.\n";
        let a = crate::source::test_article("s", md);
        let opts = super::super::Options::default();
        let chrome = Chrome::new().unwrap();
        let en = super::super::assemble(&a, None, Path::new("d"), Lang::En, &opts, "m").unwrap();
        let tr = super::super::assemble(&a, None, Path::new("d"), Lang::Tr, &opts, "m").unwrap();
        let r = Reader::new(&a, &[&en, &tr], Untranslated::Source, RawHtml::Sanitize);
        let kinds: Vec<RowKind> = r.rows.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RowKind::Title,
                RowKind::Heading(2),
                RowKind::Paragraph,
                RowKind::Item,
                RowKind::Item,
                RowKind::Quote,
                RowKind::NotesTitle,
                RowKind::Note
            ]
        );
        assert_eq!(r.max_sentences(), 2);
        let pages = r.pages(Lang::Tr, &chrome).unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["index.html", "tr-en.html"]);
        let html = &pages[0].1;
        assert!(html.contains("<h1 class=\"b\"><span class=\"s gap\" lang=\"en\" title=\"Henüz çevrilmedi: özgün dilinde gösteriliyor\""));
        assert!(
            html.contains(">T &lt;x&gt;</span></h1>"),
            "front text is escaped"
        );
        assert!(html.contains("<span class=\"marker\" aria-hidden=\"true\">2.</span>"));
        assert!(html.contains("<blockquote class=\"b\"><p class=\"b\">"));
        assert!(html.contains("<em>a</em>"));
        assert!(
            html.contains("<h2 class=\"b\">Notlar</h2>"),
            "chrome notes heading per column"
        );
        assert!(html.contains("<div class=\"row note\" id=\"note-1\">"));
        assert!(html.contains("<sup class=\"ref\"><a href=\"#note-1\">1</a></sup>"));
    }

    #[test]
    fn rows_kinds_from_paths_and_markers() {
        assert_eq!(container("/list[1]/item[2]/paragraph[1]"), RowKind::Item);
        assert_eq!(container("/quote[1]/paragraph[2]"), RowKind::Quote);
        assert_eq!(container("/paragraph[3]"), RowKind::Paragraph);
        let src = "x\n\n3. first\n- second\n";
        assert_eq!(list_marker(src, src.find("first").unwrap()), "3.");
        assert_eq!(list_marker(src, src.find("second").unwrap()), "•");
        assert_eq!(
            pairs(&[Lang::Ru, Lang::En, Lang::Tr]),
            vec![
                (Lang::Ru, Lang::En),
                (Lang::Ru, Lang::Tr),
                (Lang::En, Lang::Tr)
            ]
        );
    }
}
