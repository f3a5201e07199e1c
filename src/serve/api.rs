//! The JSON API (reference in the README's "Workbench" section). Handlers run the library
//! calls on the blocking pool; errors come back as `{"error": "...", "status": N}`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::project::{EntryView, SaveError};
use super::security::error;
use super::{ServeError, Shared};
use crate::draft::memory::Own;
use crate::draft::State as DraftState;
use crate::memory::{self, Query as TmQuery};
use crate::model::Lang;

/// Runs `f` on the blocking pool and turns its error into a response.
pub(crate) async fn blocking<F>(state: Shared, f: F) -> Response
where
    F: FnOnce(&Shared) -> Result<Response, ServeError> + Send + 'static,
{
    match tokio::task::spawn_blocking(move || f(&state)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => serve_error(&e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

pub(crate) fn serve_error(e: &ServeError) -> Response {
    match e {
        ServeError::NotFound(m) => error(StatusCode::NOT_FOUND, m.clone()),
        e => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Unknown paths.
pub async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such page or API endpoint")
}

/// `GET /api/drafts`: every article × target language with counts per state.
pub async fn drafts(State(state): State<Shared>) -> Response {
    blocking(state, |s| {
        let report = s.wb.check(None)?;
        let drafts: Vec<_> = report
            .pairs
            .iter()
            .map(|p| {
                let warnings = report
                    .findings
                    .iter()
                    .filter(|f| f.slug == p.slug && f.lang == p.target_lang)
                    .filter(|f| f.severity == crate::report::Severity::Warning)
                    .filter(|f| f.kind != crate::report::Kind::Fuzzy)
                    .count();
                json!({
                    "slug": p.slug,
                    "source_lang": p.source_lang,
                    "lang": p.target_lang,
                    "path": p.draft.to_string_lossy().replace('\\', "/"),
                    "exists": p.draft_exists,
                    "segments": {
                        "total": p.counts.total.segments, "new": p.counts.new.segments,
                        "fuzzy": p.counts.fuzzy.segments, "translated": p.counts.translated.segments,
                        "reviewed": p.counts.reviewed.segments, "stale": p.counts.stale.segments,
                    },
                    "words": {
                        "total": p.counts.total.words, "new": p.counts.new.words,
                        "fuzzy": p.counts.fuzzy.words, "translated": p.counts.translated.words,
                        "reviewed": p.counts.reviewed.words, "stale": p.counts.stale.words,
                    },
                    "complete_permille": p.counts.complete_permille(),
                    "warnings": warnings,
                    "passed": p.passed,
                })
            })
            .collect();
        Ok(Json(json!({ "drafts": drafts, "passed": report.passed() })).into_response())
    })
    .await
}

/// `GET /api/drafts/{slug}/{lang}`: the entries of one draft, in line with the source.
pub async fn draft(
    State(state): State<Shared>,
    Path((slug, lang)): Path<(String, String)>,
) -> Response {
    blocking(state, move |s| {
        let d = s.wb.draft(&slug, &lang)?;
        Ok(Json(json!({
            "slug": d.article.slug,
            "source_lang": d.article.lang,
            "lang": d.lang,
            "path": crate::draft::draft_path(&d.article.slug, d.lang).to_string_lossy().replace('\\', "/"),
            "exists": d.exists,
            "entries": d.entries,
        }))
        .into_response())
    })
    .await
}

/// The body of a save.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    /// The new target.
    pub target: String,
    /// The new state.
    pub state: DraftState,
    /// The revision the edit started from.
    pub rev: String,
}

#[derive(Serialize)]
struct Saved {
    rev: String,
    changed: bool,
    entry: EntryView,
}

/// `PUT /api/drafts/{slug}/{lang}/segments/{id}`.
pub async fn save(
    State(state): State<Shared>,
    Path((slug, lang, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let body: SaveBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("{e} (expected {{\"target\": \"...\", \"state\": \"new|fuzzy|translated|reviewed\", \"rev\": \"...\"}})"),
            )
        }
    };
    let result = tokio::task::spawn_blocking(move || {
        state
            .wb
            .save(&slug, &lang, &id, &body.target, body.state, &body.rev)
    })
    .await;
    match result {
        Ok(Ok((entry, changed))) => Json(Saved {
            rev: entry.rev.clone(),
            changed,
            entry,
        })
        .into_response(),
        Ok(Err(SaveError::NotFound(m))) => error(StatusCode::NOT_FOUND, m),
        Ok(Err(SaveError::Invalid(m))) => error(StatusCode::UNPROCESSABLE_ENTITY, m),
        Ok(Err(SaveError::Conflict(current))) => (
            StatusCode::CONFLICT,
            Json(json!({
                "error": "the segment changed since it was loaded (another tab, the command line or a pull); nothing was saved",
                "status": 409,
                "current": current,
            })),
        )
            .into_response(),
        Ok(Err(SaveError::Failed(e))) => serve_error(&e),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn lang_param(q: &HashMap<String, String>, name: &str) -> Result<Lang, String> {
    let v = q.get(name).map(String::as_str).unwrap_or("");
    v.parse()
        .map_err(|_| format!("parameter `{name}`: `{v}` is not a language (expected en, tr or ru)"))
}

/// The `from` and `to` languages of a request.
fn from_to(q: &HashMap<String, String>) -> Result<(Lang, Lang), String> {
    Ok((lang_param(q, "from")?, lang_param(q, "to")?))
}

fn num_param(
    q: &HashMap<String, String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, String> {
    match q.get(name) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(format!(
                "parameter `{name}`: `{v}` is not a number from 0 to {max}"
            )),
        },
    }
}

/// A word diff from `from` (the memory's source) to `to` (the current source).
pub fn word_diff(from: &str, to: &str) -> Vec<serde_json::Value> {
    let diff = similar::TextDiff::from_words(from, to);
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => "equal",
            similar::ChangeTag::Delete => "delete",
            similar::ChangeTag::Insert => "insert",
        };
        match out.last_mut() {
            Some((o, t)) if *o == op => t.push_str(change.value()),
            _ => out.push((op, change.value().to_string())),
        }
    }
    out.into_iter()
        .map(|(op, text)| json!({ "op": op, "text": text }))
        .collect()
}

/// `GET /api/lookup?text=&from=&to=[&k=&min=&prev=&next=&slug=&id=]`: matches in the memory
/// and the drafts' finished entries; with `slug` and `id`, that segment's own entry is left out.
pub async fn lookup(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (from, to) = match from_to(&q) {
        Ok(pair) => pair,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let default_min = state.wb.config.memory.min_score as usize;
    let (k, min) = match (
        num_param(&q, "k", 5, 50),
        num_param(&q, "min", default_min, 100),
    ) {
        (Ok(k), Ok(m)) => (k, m as u8),
        (Err(m), _) | (_, Err(m)) => return error(StatusCode::BAD_REQUEST, m),
    };
    let Some(text) = q.get("text").cloned().filter(|t| !t.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "parameter `text` is missing or empty",
        );
    };
    blocking(state, move |s| {
        let query = TmQuery {
            text: &text,
            from,
            to,
            k,
            min,
            prev: q.get("prev").map(String::as_str),
            next: q.get("next").map(String::as_str),
        };
        // The segment being edited (`slug` and `id`) does not match its own entry.
        let id = q.get("id").map(|i| crate::model::SegmentId(i.clone()));
        let own = match (q.get("slug"), &id) {
            (Some(slug), Some(id)) => Some(Own { slug, id }),
            _ => None,
        };
        let matches = s.wb.lookup(&query, own)?;
        let matches: Vec<_> = matches
            .iter()
            .map(|m| {
                let mut v = serde_json::to_value(m).unwrap_or_default();
                v["diff"] = json!(word_diff(&m.source, &text));
                v
            })
            .collect();
        // The glossary terms of the text, as `tm lookup` lists them.
        let terms = s.wb.term_hits(from, to, &text, "")?;
        Ok(Json(
            json!({"text": text, "from": from, "to": to, "min": min, "matches": matches, "terms": terms}),
        )
        .into_response())
    })
    .await
}

/// `GET /api/concordance?q=&lang=[&limit=]`.
pub async fn concordance(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let lang = match lang_param(&q, "lang") {
        Ok(l) => l,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let limit = match num_param(&q, "limit", 20, 500) {
        Ok(n) => n,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let Some(phrase) = q.get("q").cloned().filter(|t| !t.trim().is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "parameter `q` is missing or empty");
    };
    blocking(state, move |s| {
        let hits =
            s.wb.with_whole_memory(|m| memory::concordance(m, &phrase, lang, limit))?;
        Ok(Json(json!({"q": phrase, "lang": lang, "hits": hits})).into_response())
    })
    .await
}

/// `GET /api/terms?text=&from=&to=[&target=]`: the glossary terms of `text` with their
/// renderings in `to`, and how `target` (a translation being written) renders them.
pub async fn terms(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (from, to) = match from_to(&q) {
        Ok(pair) => pair,
        Err(m) => return error(StatusCode::BAD_REQUEST, m),
    };
    let Some(text) = q.get("text").cloned().filter(|t| !t.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "parameter `text` is missing or empty",
        );
    };
    let target = q.get("target").cloned().unwrap_or_default();
    blocking(state, move |s| {
        let terms = s.wb.term_hits(from, to, &text, &target)?;
        Ok(
            Json(json!({"text": text, "target": target, "from": from, "to": to, "terms": terms}))
                .into_response(),
        )
    })
    .await
}
