//! The workbench's pages, rendered on the server with maud (which escapes every interpolated
//! value, so article and memory text can never become markup), and the embedded assets.
//! Every page reads without JavaScript; `app.js` adds saving, the memory panel and the keyboard.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::api::{blocking, word_diff};
use super::glossary::{TermHit, TermState};
use super::project::EntryView;
use super::security::{error, PREVIEW_CSP};
use super::{ServeError, Shared};
use crate::assemble::{self, aligned, html as page_html, Edition};
use crate::draft::{draft_path, Draft, State as DraftState, StateCounts};
use crate::memory::{self, Query as TmQuery};
use crate::model::{scan_placeholders, Article, Lang, SegmentId};

const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// Marks the edited segment in a preview: private-use characters, which nothing in an article
/// page escapes or changes, turned into a `<mark>` after rendering.
const HL_OPEN: char = '\u{E000}';
const HL_CLOSE: char = '\u{E001}';

/// `GET /assets/{file}`: the embedded script and stylesheet.
pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, mime) = match file.as_str() {
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        _ => return error(StatusCode::NOT_FOUND, format!("no asset `{file}`")),
    };
    ([(header::CONTENT_TYPE, mime)], body).into_response()
}

fn layout(s: &Shared, title: &str, body_class: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(t) = &s.token { meta name="polypress-token" content=(t); }
                title { (title) " · polypress workbench" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body class=(body_class) {
                header.top {
                    a.brand href="/" { "polypress workbench" }
                    nav { a href="/" { "Dashboard" } " " a href="/memory" { "Memory" } }
                }
                (body)
            }
        }
    }
}

fn page(m: Markup) -> Response {
    Html(m.into_string()).into_response()
}

fn error_page(s: &Shared, status: StatusCode, message: &str) -> Response {
    let body = layout(
        s,
        "Error",
        "error",
        html! { main { h1 { "Something is wrong" } pre.error { (message) } p { a href="/" { "Back to the dashboard" } } } },
    );
    (status, Html(body.into_string())).into_response()
}

fn page_result(s: &Shared, r: Result<Markup, ServeError>) -> Response {
    match r {
        Ok(m) => page(m),
        Err(ServeError::NotFound(m)) => error_page(s, StatusCode::NOT_FOUND, &m),
        Err(e) => error_page(s, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// Text with each placeholder shown as a chip.
fn chips(text: &str) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut pos = 0;
    for (range, _, _) in scan_placeholders(text) {
        parts.push((false, &text[pos..range.start]));
        parts.push((true, &text[range.clone()]));
        pos = range.end;
    }
    parts.push((false, &text[pos..]));
    html! {
        @for (ph, t) in parts {
            @if ph { span.ph data-ph=(t) { (t) } } @else { (t) }
        }
    }
}

/// The glossary terms of a segment: the source term, its allowed renderings (preferred in
/// bold), the forbidden ones struck through, and the verdict on the target. `app.js` renders
/// the same markup from `/api/terms` while the target is typed.
fn terms_markup(terms: &[TermHit]) -> Markup {
    let state = |t: TermState| match t {
        TermState::Ok => "ok",
        TermState::Missing => "missing",
        TermState::Forbidden => "forbidden",
        TermState::Pending => "pending",
        TermState::NoRendering => "no-rendering",
    };
    let verdict = |t: &TermHit| match t.state {
        TermState::Ok => t
            .used
            .as_ref()
            .map_or_else(|| "✓".to_string(), |u| format!("✓ {u}")),
        TermState::Missing => "missing in the target".to_string(),
        TermState::Forbidden => format!("forbidden: {}", t.forbidden_used.join(", ")),
        TermState::Pending => String::new(),
        TermState::NoRendering => "no rendering in this language".to_string(),
    };
    html! {
        ul.terms {
            @for t in terms {
                li class={ "term term-" (state(t.state)) } data-term=(t.id) title=[t.note.as_deref()] {
                    span.term-src { (t.source.as_deref().unwrap_or("—")) } " → "
                    @for (i, r) in t.preferred.iter().enumerate() { @if i > 0 { " | " } strong { (r) } }
                    @for r in &t.admitted { " | " span.admitted { (r) } }
                    @for r in &t.forbidden { " " s.forbidden { (r) } }
                    @let v = verdict(t);
                    @if !v.is_empty() { " " span.verdict { (v) } }
                }
            }
        }
    }
}

fn pct(permille: u32) -> String {
    format!("{}.{} %", permille / 10, permille % 10)
}

/// `GET /`: every article × language, with progress, findings and the gates.
pub async fn dashboard(State(state): State<Shared>) -> Response {
    blocking(state, |s| {
        let r = dashboard_page(s);
        Ok(page_result(s, r))
    })
    .await
}

fn last_change(d: &Draft) -> Option<String> {
    d.segments.iter().filter_map(|e| e.changed.clone()).max()
}

fn dashboard_page(s: &Shared) -> Result<Markup, ServeError> {
    let report = s.wb.check(None)?;
    let mut titles: HashMap<String, String> = HashMap::new();
    for f in s.wb.files()? {
        if let Ok(a) = s.wb.article(&f.slug) {
            titles.insert(
                f.slug.clone(),
                a.front
                    .as_ref()
                    .map(|f| f.title.clone())
                    .unwrap_or_default(),
            );
        }
    }
    let body = html! {
        main.dashboard {
            h1 { "Translation progress" }
            table.progress {
                thead { tr {
                    th { "Article" } th { "Language" } th.num { "New" } th.num { "Fuzzy" }
                    th.num { "Translated" } th.num { "Reviewed" } th.num { "Words done" }
                    th.num { "Complete" } th.num { "Stale" } th.num { "Warnings" } th { "Last change" } th { "Open" }
                } }
                tbody {
                    @for p in &report.pairs {
                        @let c = &p.counts;
                        @let warnings = report.findings.iter()
                            .filter(|f| f.slug == p.slug && f.lang == p.target_lang && f.severity == crate::report::Severity::Warning && f.kind != crate::report::Kind::Fuzzy)
                            .count();
                        @let last = Draft::load(&s.wb.root, &p.draft).ok().flatten().as_ref().and_then(last_change);
                        tr class=(if p.passed { "pair passed" } else { "pair failed" }) data-slug=(p.slug) data-lang=(p.target_lang.code()) {
                            td { span.slug { (p.slug) } br; span.title { (titles.get(&p.slug).map(String::as_str).unwrap_or("")) } }
                            td { (p.source_lang.code()) " → " (p.target_lang.code()) }
                            td.num { (c.new.segments) } td.num { (c.fuzzy.segments) }
                            td.num { (c.translated.segments) } td.num { (c.reviewed.segments) }
                            td.num { (c.done.words) " / " (c.total.words) }
                            td.num {
                                (pct(c.complete_permille()))
                                meter min="0" max="1000" value=(c.complete_permille()) {}
                            }
                            td.num { (c.stale.segments) } td.num { (warnings) }
                            td { (last.unwrap_or_else(|| "—".into())) }
                            td.links {
                                a.edit href={ "/edit/" (p.slug) "/" (p.target_lang.code()) } { "Edit" } " · "
                                a href={ "/preview/" (p.target_lang.code()) "/" (p.slug) "/index.html" } { "Preview" } " · "
                                a href={ "/preview/aligned/" (p.slug) ".html" } { "Aligned" }
                            }
                        }
                    }
                }
            }
            h2 { "Gates of " code { "polypress check" } }
            ul.gates {
                @for g in &report.gates {
                    li class=(if g.passed { "passed" } else { "failed" }) {
                        strong { (if g.passed { "passed" } else { "failed" }) } " "
                        code { (g.kind.as_str()) }
                        @if let Some(l) = g.lang { " (" (l.code()) ")" }
                        ": " (g.actual) " against a limit of " (g.limit)
                        @if !g.failing.is_empty() { " — below: " (g.failing.join(", ")) }
                    }
                }
            }
        }
    };
    Ok(layout(s, "Dashboard", "dashboard", body))
}

fn matches_filter(e: &EntryView, filter: &str, q: &str) -> bool {
    let keep = match filter {
        "untranslated" => e.state == DraftState::New,
        "fuzzy" => e.state == DraftState::Fuzzy,
        "unfinished" => !e.state.is_final(),
        "warnings" => !e.warnings.is_empty(),
        _ => true,
    };
    if !keep {
        return false;
    }
    if q.is_empty() {
        return true;
    }
    let q = q.to_lowercase();
    e.source.to_lowercase().contains(&q) || e.target.to_lowercase().contains(&q)
}

/// `GET /edit/{slug}/{lang}[?filter=&q=]`: the segment editor.
pub async fn editor(
    State(state): State<Shared>,
    Path((slug, lang)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    blocking(state, move |s| {
        let r = editor_page(s, &slug, &lang, &q);
        Ok(page_result(s, r))
    })
    .await
}

fn editor_page(
    s: &Shared,
    slug: &str,
    lang: &str,
    q: &HashMap<String, String>,
) -> Result<Markup, ServeError> {
    let d = s.wb.draft(slug, lang)?;
    let filter = q.get("filter").map(String::as_str).unwrap_or("all");
    let search = q.get("q").map(String::as_str).unwrap_or("").trim();
    let a = &d.article;
    let title = a
        .front
        .as_ref()
        .map(|f| f.title.clone())
        .unwrap_or_else(|| a.slug.clone());
    let counts = d.entries.iter().fold(StateCounts::default(), |mut c, e| {
        c.add(e.state, 1);
        c
    });
    let preview = format!("/preview/{}/{}/index.html", d.lang.code(), a.slug);
    // The rows shown, each with whether it starts a block (its path shown above it).
    let mut last_block = "";
    let mut shown = Vec::new();
    for (i, e) in d.entries.iter().enumerate() {
        if matches_filter(e, filter, search) {
            shown.push((i, e, e.block != last_block));
            last_block = &e.block;
        }
    }
    let body = html! {
        main.editor data-slug=(a.slug) data-lang=(d.lang.code()) data-source-lang=(a.lang.code()) data-preview=(preview) {
            div.head {
                h1 { (title) }
                p.meta {
                    code { (draft_path(&a.slug, d.lang).display().to_string()) } " · "
                    (a.lang.code()) " → " (d.lang.code()) " · "
                    span.counts { (counts.new) " new, " (counts.fuzzy) " fuzzy, " (counts.translated) " translated, " (counts.reviewed) " reviewed" }
                    " · " a href=(preview) { "Preview" }
                    " · " a href={ "/preview/aligned/" (a.slug) ".html" } { "Aligned" }
                }
                form.filters method="get" {
                    label { "Show " select name="filter" {
                        @for (v, l) in [("all", "all segments"), ("unfinished", "unfinished"), ("untranslated", "untranslated"), ("fuzzy", "fuzzy"), ("warnings", "with warnings")] {
                            option value=(v) selected[v == filter] { (l) }
                        }
                    } }
                    " "
                    label { "containing " input type="search" name="q" value=(search) placeholder="source or target text"; }
                    " " button type="submit" { "Filter" }
                }
                p.keys { "Keys: Ctrl+Enter confirm and go to the next unfinished · Ctrl+↑/↓ move · Ctrl+1…9 insert match · Ctrl+Shift+C copy source" }
                p id="status" role="status" aria-live="polite" {}
            }
            div.work {
                table.segments {
                    thead { tr { th { "#" } th { "Source (" (a.lang.code()) ")" } th { "Target (" (d.lang.code()) ")" } th { "State" } } }
                    tbody {
                        @for (i, e, starts_block) in shown {
                            {
                                @if starts_block {
                                    tr.block { td colspan="4" { (e.block) } }
                                }
                                @let prev = i.checked_sub(1).and_then(|p| d.entries.get(p)).map(|p| p.source.as_str()).unwrap_or("");
                                @let next = d.entries.get(i + 1).map(|p| p.source.as_str()).unwrap_or("");
                                tr class={ "seg state-" (e.state.as_str()) @if !e.warnings.is_empty() { " has-warnings" } @if e.terms.iter().any(|t| t.state.is_flagged()) { " term-flagged" } }
                                    id={ "seg-" (e.id.as_str()) } data-id=(e.id.as_str()) data-rev=(e.rev)
                                    data-state=(e.state.as_str()) data-source=(e.source) data-prev=(prev) data-next=(next) {
                                    td.n { (i + 1) br; span.line { "line " (e.line) } }
                                    td.src lang=(a.lang.code()) { (chips(&e.source))
                                        @if let Some(p) = &e.previous_source { div.previous { "was: " (chips(p)) } }
                                    }
                                    td.tgt lang=(d.lang.code()) {
                                        textarea name="target" rows="2" aria-label={ "Target of segment " (i + 1) } spellcheck="true" { (e.target) }
                                        @let phs: Vec<String> = scan_placeholders(&e.source).into_iter().map(|(r, _, _)| e.source[r].to_string()).collect();
                                        @if !phs.is_empty() {
                                            div.phs { "Insert: " @for p in &phs { button.ph type="button" data-ph=(p) tabindex="-1" { (p) } " " } }
                                        }
                                        @if let Some(m) = &e.matched {
                                            div.origin { "from " (m.kind) " " (m.score) " % · " (m.origin) }
                                            @if !m.warnings.is_empty() {
                                                ul.guard { @for w in &m.warnings { li { (w.to_string()) } } }
                                            }
                                        }
                                        (terms_markup(&e.terms))
                                        ul.warnings { @for w in &e.warnings { li { code { (w.kind) } " " (w.message) } } }
                                        div.conflict hidden {}
                                    }
                                    td.state {
                                        span.label { (e.state.as_str()) }
                                        div.buttons {
                                            @for st in ["fuzzy", "translated", "reviewed"] {
                                                button type="button" data-state=(st) tabindex="-1" { (st) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                aside.side {
                    section.glossary {
                        h2 { "Glossary" }
                        div id="glossary" { p.hint { "Select a segment to see its terms." } }
                    }
                    section.matches {
                        h2 { "Memory matches" }
                        ol id="matches" { li.hint { "Select a segment to see its matches." } }
                    }
                    section.concordance {
                        h2 { "Concordance" }
                        form id="concordance" method="get" action="/memory" {
                            input type="search" name="q" placeholder="a word or phrase";
                            select name="lang" { @for l in Lang::ALL { option value=(l.code()) selected[l == a.lang] { (l.code()) } } }
                            " " button type="submit" { "Search" }
                        }
                        ol id="hits" {}
                    }
                    section.preview {
                        h2 { "Preview" }
                        iframe id="preview" title="Preview of the edition" src=(preview) {}
                    }
                }
            }
        }
    };
    Ok(layout(
        s,
        &format!("{title} ({})", d.lang.code()),
        "editor",
        body,
    ))
}

/// `GET /memory[?text=&from=&to=][&q=&lang=]`: lookup and concordance, without JavaScript.
pub async fn memory(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    blocking(state, move |s| {
        let r = memory_page(s, &q);
        Ok(page_result(s, r))
    })
    .await
}

fn lang_of(q: &HashMap<String, String>, key: &str, default: Lang) -> Lang {
    q.get(key).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn memory_page(s: &Shared, q: &HashMap<String, String>) -> Result<Markup, ServeError> {
    let text = q
        .get("text")
        .map(String::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    let from = lang_of(q, "from", Lang::En);
    let to = lang_of(q, "to", Lang::Tr);
    let phrase = q
        .get("q")
        .map(String::as_str)
        .unwrap_or("")
        .trim()
        .to_string();
    let clang = lang_of(q, "lang", Lang::En);
    let min = s.wb.config.memory.min_score;
    let terms = if text.is_empty() {
        Vec::new()
    } else {
        s.wb.term_hits(from, to, &text, "")?
    };
    let matches = if text.is_empty() {
        Vec::new()
    } else {
        let mut query = TmQuery::new(&text, from, to);
        query.min = min;
        s.wb.lookup(&query, None)?
    };
    // The count is of the TMX files of `memory/`, as the page says; the concordance searches
    // the whole memory (with a team memory, every TU of the database too).
    let tus = s.wb.with_memory(|m| m.tus.len())?;
    let hits = if phrase.is_empty() {
        Vec::new()
    } else {
        s.wb.with_whole_memory(|m| memory::concordance(m, &phrase, clang, 50))?
    };
    let lang_select = |name: &str, sel: Lang| {
        html! { select name=(name) { @for l in Lang::ALL { option value=(l.code()) selected[l == sel] { (l.code()) } } } }
    };
    let body = html! {
        main.memory {
            h1 { "Translation memory" }
            p { (tus) " translation units under " code { "memory/" } "." }
            section {
                h2 { "Lookup" }
                form method="get" {
                    input type="search" name="text" value=(text) placeholder="a sentence" size="60";
                    " from " (lang_select("from", from)) " to " (lang_select("to", to)) " "
                    button type="submit" { "Look up" }
                }
                @if !terms.is_empty() {
                    h3 { "Glossary" }
                    (terms_markup(&terms))
                }
                @if !text.is_empty() {
                    ol.matches {
                        @for m in &matches {
                            li { (match_markup(m, &text)) }
                        }
                    }
                    @if matches.is_empty() { p { "No match at " (min) " or more." } }
                }
            }
            section {
                h2 { "Concordance" }
                form method="get" {
                    input type="search" name="q" value=(phrase) placeholder="a word or phrase";
                    " in " (lang_select("lang", clang)) " "
                    button type="submit" { "Search" }
                }
                @if !phrase.is_empty() {
                    ol.hits {
                        @for h in &hits {
                            li {
                                div.src { (chips(&h.source)) }
                                @for (l, t) in &h.targets { div.tgt { code { (l.code()) } " " (chips(t)) } }
                                div.origin { "memory/" (h.file.display().to_string()) ":" (h.line) }
                            }
                        }
                    }
                    @if hits.is_empty() { p { "Not found." } }
                }
            }
        }
    };
    Ok(layout(s, "Memory", "memory", body))
}

fn match_markup(m: &memory::Match, text: &str) -> Markup {
    let o = &m.origin;
    let date = o.dates.changed.as_ref().or(o.dates.created.as_ref());
    let author = o.dates.changed_by.as_ref().or(o.dates.created_by.as_ref());
    let diff = word_diff(&m.source, text);
    html! {
        div.score { strong { (m.score) } " " (format!("{:?}", m.kind).to_lowercase()) }
        div.diff {
            @for d in &diff {
                @let t = d["text"].as_str().unwrap_or("");
                @match d["op"].as_str() {
                    Some("insert") => ins { (t) },
                    Some("delete") => del { (t) },
                    _ => span { (t) },
                }
            }
        }
        div.tgt { (chips(&m.target)) }
        @if !m.warnings.is_empty() {
            ul.guard { @for w in &m.warnings { li { (w.to_string()) } } }
        }
        div.origin {
            (o.path().display().to_string()) @if o.line > 0 { ":" (o.line) }
            @if let Some(d) = date { " · " (d) }
            @if let Some(a) = author { " · " (a) }
        }
    }
}

/// `GET /preview/style.css`: the editions' stylesheet.
pub async fn preview_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        page_html::STYLESHEET,
    )
        .into_response()
}

fn preview_response(html: String) -> Response {
    let mut resp = Html(html).into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PREVIEW_CSP),
    );
    resp
}

/// Turns the highlight marks into `<mark>` in the body; drops them in the head and inside tags.
fn highlight(html: &str) -> String {
    let body_at = html.find("<body").unwrap_or(0);
    let mut out = String::with_capacity(html.len() + 64);
    let mut in_tag = false;
    let mut first = true;
    for (i, c) in html.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            HL_OPEN | HL_CLOSE if i < body_at || in_tag => continue,
            HL_OPEN => {
                if first {
                    out.push_str("<mark id=\"pp-current\" class=\"pp-current\">");
                    first = false;
                } else {
                    out.push_str("<mark class=\"pp-current\">");
                }
                continue;
            }
            HL_CLOSE => {
                out.push_str("</mark>");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

fn wrap(t: &str) -> String {
    format!("{HL_OPEN}{t}{HL_CLOSE}")
}

fn editions(
    s: &Shared,
    article: &Article,
    langs: &[Lang],
    hl: Option<(&SegmentId, Lang)>,
) -> Result<Vec<Edition>, ServeError> {
    let mut out = Vec::new();
    for &lang in langs {
        let rel = draft_path(&article.slug, lang);
        let mut draft = if lang == article.lang {
            None
        } else {
            Draft::load(&s.wb.root, &rel).map_err(|e| ServeError::Project(e.to_string()))?
        };
        let mut art = std::borrow::Cow::Borrowed(article);
        if let Some((id, _)) = hl.filter(|(_, l)| *l == lang) {
            let usable = draft.as_ref().and_then(|d| d.entry(id)).is_some_and(|e| {
                e.state.is_final() && article.segment(id).is_some_and(|s| s.text == e.source)
            });
            if usable {
                if let Some(e) = draft
                    .as_mut()
                    .and_then(|d| d.segments.iter_mut().find(|e| &e.id == id))
                {
                    e.target = wrap(&e.target);
                    e.source = wrap(&e.source);
                }
                // The source text changes with it, so the entry stays in line.
                let a = art.to_mut();
                if let Some(seg) = a.segments.iter_mut().find(|s| &s.id == id) {
                    seg.text = wrap(&seg.text);
                }
            } else {
                let a = art.to_mut();
                if let Some(seg) = a.segments.iter_mut().find(|s| &s.id == id) {
                    seg.raw = wrap(&seg.raw);
                }
            }
        }
        let marker = s
            .chrome
            .text(lang, "untranslated-title")
            .map_err(|e| ServeError::Project(e.to_string()))?;
        let ed = assemble::assemble(
            &art,
            draft.as_ref(),
            &rel,
            lang,
            &assemble::Options::default(),
            &marker,
        )
        .map_err(|e| ServeError::Project(e.to_string()))?;
        out.push(ed);
    }
    Ok(out)
}

/// `GET /preview/{lang}/{slug}/index.html[?hl=<segment id>]`: the edition as `build` writes it,
/// from the drafts on disk now; `hl` marks a segment.
pub async fn preview(
    State(state): State<Shared>,
    Path((lang, slug)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    blocking(state, move |s| {
        let article = s.wb.article(&slug)?;
        let lang: Lang = lang
            .parse()
            .map_err(|_| ServeError::NotFound(format!("no language `{lang}`")))?;
        let langs = assemble::site::edition_langs(&s.wb.config, article.lang);
        if !langs.contains(&lang) {
            return Err(ServeError::NotFound(format!(
                "`{slug}` has no `{lang}` edition"
            )));
        }
        let id = q.get("hl").map(|h| SegmentId(h.clone()));
        let eds = editions(s, &article, &[lang], id.as_ref().map(|i| (i, lang)))?;
        let html = page_html::article_page(
            &eds[0],
            &article,
            &langs,
            &s.chrome,
            s.wb.config.build.raw_html,
        )
        .map_err(|e| ServeError::Project(e.to_string()))?;
        Ok(preview_response(highlight(&html)))
    })
    .await
}

/// `GET /preview/aligned/{slug}.html`: the aligned edition.
pub async fn preview_aligned(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    blocking(state, move |s| {
        let Some(slug) = file.strip_suffix(".html") else {
            return Err(ServeError::NotFound(format!("no preview `{file}`")));
        };
        let article = s.wb.article(slug)?;
        let langs = assemble::site::edition_langs(&s.wb.config, article.lang);
        let eds = editions(s, &article, &langs, None)?;
        let refs: Vec<&Edition> = eds.iter().collect();
        let html = aligned::page(&article, &refs, &s.chrome)
            .map_err(|e| ServeError::Project(e.to_string()))?;
        Ok(preview_response(html))
    })
    .await
}
