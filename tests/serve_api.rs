//! The workbench's JSON API against the real binary on a free loopback port: every status
//! code of the README's reference, the token and cross-site rules, atomic saves that land in
//! the draft files, learning on save, and changes on disk seen by the next request.

mod serve_support;

use serde_json::{json, Value};
use serve_support::{raw, Demo, Server};

const SLUG: &str = "demo";

/// A request; returns the status and the JSON body (Null when the body is not JSON).
fn call(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> (u16, Value) {
    let mut req = ureq::request(method, url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let resp = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let resp = match resp {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let code = resp.status();
    let text = resp.into_string().unwrap();
    (code, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn get(url: &str) -> (u16, Value) {
    call("GET", url, &[], None)
}

fn put(url: &str, body: &Value) -> (u16, Value) {
    call(
        "PUT",
        url,
        &[("Content-Type", "application/json")],
        Some(&body.to_string()),
    )
}

fn entries(s: &Server, lang: &str) -> Vec<Value> {
    let (code, v) = get(&s.url(&format!("/api/drafts/{SLUG}/{lang}")));
    assert_eq!(code, 200, "{v}");
    v["entries"].as_array().unwrap().clone()
}

fn entry_with(s: &Server, lang: &str, needle: &str) -> Value {
    entries(s, lang)
        .into_iter()
        .find(|e| e["source"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no entry with {needle:?}"))
}

fn seg_url(s: &Server, lang: &str, id: &Value) -> String {
    s.url(&format!(
        "/api/drafts/{SLUG}/{lang}/segments/{}",
        id.as_str().unwrap()
    ))
}

#[test]
fn lists_drafts_with_counts_per_state() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let (code, v) = get(&s.url("/api/drafts"));
    assert_eq!(code, 200);
    let drafts = v["drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 2, "demo into tr and ru: {v}");
    let tr = drafts.iter().find(|d| d["lang"] == "tr").unwrap();
    assert_eq!(tr["slug"], SLUG);
    assert_eq!(tr["source_lang"], "en");
    assert_eq!(tr["path"], "sources/demo/tr.json");
    let seg = &tr["segments"];
    assert_eq!(seg["total"], 5, "title and four sentences: {v}");
    let sum: u64 = ["new", "fuzzy", "translated", "reviewed"]
        .iter()
        .map(|k| seg[k].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 5);
    assert!(
        seg["fuzzy"].as_u64().unwrap() >= 1,
        "the memory pre-filled one: {v}"
    );
    assert!(tr["words"]["total"].as_u64().unwrap() > 10);
}

#[test]
fn one_draft_has_entries_with_revisions_and_matches() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let list = entries(&s, "tr");
    assert_eq!(list.len(), 5);
    for e in &list {
        for key in [
            "id", "source", "target", "state", "match", "warnings", "rev", "block",
        ] {
            assert!(e.get(key).is_some(), "entry lacks {key}: {e}");
        }
        assert_eq!(e["rev"].as_str().unwrap().len(), 16);
    }
    let link = entry_with(&s, "tr", "Tokyo");
    assert!(
        link["source"].as_str().unwrap().contains("{1}Tokyo{/1}"),
        "{link}"
    );
    let fuzzy = entry_with(&s, "tr", "Ministers");
    assert_eq!(fuzzy["state"], "fuzzy");
    assert_eq!(fuzzy["match"]["kind"], "fuzzy");
    assert_eq!(fuzzy["target"], "Bakanların hepsi katılacak.");

    assert_eq!(get(&s.url("/api/drafts/nope/tr")).0, 404);
    assert_eq!(get(&s.url(&format!("/api/drafts/{SLUG}/xx"))).0, 404);
    assert_eq!(
        get(&s.url(&format!("/api/drafts/{SLUG}/en"))).0,
        404,
        "the source language has no draft"
    );
    let (code, v) = get(&s.url("/api/nothing"));
    assert_eq!(code, 404);
    assert!(v["error"].is_string());
}

#[test]
fn save_writes_the_draft_and_a_stale_rev_gets_the_conflict() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let e = entry_with(&s, "tr", "second paragraph");
    let url = seg_url(&s, "tr", &e["id"]);
    let (code, v) = put(
        &url,
        &json!({"target": "İkinci paragrafta düz bir cümle var.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["changed"], true);
    let rev1 = v["rev"].as_str().unwrap().to_string();
    assert_ne!(rev1, e["rev"].as_str().unwrap());
    assert_eq!(v["entry"]["state"], "translated");

    // On disk: the draft parses, holds the target, and no temp file is left beside it.
    let text = demo.read("sources/demo/tr.json");
    let d: Value = serde_json::from_str(&text).unwrap();
    let saved = d["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == e["id"])
        .unwrap();
    assert_eq!(saved["target"], "İkinci paragrafta düz bir cümle var.");
    assert_eq!(saved["state"], "translated");
    assert!(saved["changed"].as_str().unwrap().len() == 10);
    let names: Vec<String> = std::fs::read_dir(demo.path().join("sources/demo"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    // The command line sees it.
    let check = demo.polypress(&["check", "--json", "--warn-only"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let pair = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["target_lang"] == "tr")
        .unwrap();
    assert!(
        pair["counts"]["translated"]["segments"].as_u64().unwrap() >= 1,
        "{pair}"
    );

    // A second tab still holding the first revision: 409 with the current entry; nothing lost.
    let (code, v) = put(
        &url,
        &json!({"target": "Başka bir çeviri.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 409, "{v}");
    assert_eq!(
        v["current"]["target"],
        "İkinci paragrafta düz bir cümle var."
    );
    assert_eq!(v["current"]["rev"], rev1.as_str());
    assert!(demo
        .read("sources/demo/tr.json")
        .contains("İkinci paragrafta"));

    // Saving the same again is a no-op with the same revision.
    let (code, v) = put(
        &url,
        &json!({"target": "İkinci paragrafta düz bir cümle var.", "state": "translated", "rev": rev1}),
    );
    assert_eq!(code, 200);
    assert_eq!(v["changed"], false);
    assert_eq!(v["rev"], rev1.as_str());

    // Reviewed on top of the current revision.
    let (code, v) = put(
        &url,
        &json!({"target": "İkinci paragrafta düz bir cümle var.", "state": "reviewed", "rev": rev1}),
    );
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["entry"]["state"], "reviewed");
}

#[test]
fn broken_placeholders_and_bad_bodies_are_refused() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let e = entry_with(&s, "tr", "Tokyo");
    let url = seg_url(&s, "tr", &e["id"]);
    let before = demo.read("sources/demo/tr.json");

    let (code, v) = put(
        &url,
        &json!({"target": "Toplantı Tokyo'da yapılacak.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 422, "{v}");
    let msg = v["error"].as_str().unwrap();
    assert!(msg.contains("`{1}`") && msg.contains("missing"), "{msg}");
    let (code, v) = put(
        &url,
        &json!({"target": "Toplantı {1}Tokyo{/1}'da {3/} yapılacak.", "state": "fuzzy", "rev": e["rev"]}),
    );
    assert_eq!(code, 422, "{v}");
    assert!(v["error"].as_str().unwrap().contains("`{3/}`"));
    let (code, _) = put(
        &url,
        &json!({"target": "", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 422);
    let (code, _) = put(
        &url,
        &json!({"target": "x", "state": "new", "rev": e["rev"]}),
    );
    assert_eq!(code, 422);

    let (code, v) = call(
        "PUT",
        &url,
        &[("Content-Type", "application/json")],
        Some("{not json"),
    );
    assert_eq!(code, 400, "{v}");
    let (code, v) = put(
        &url,
        &json!({"target": "x", "state": "done", "rev": e["rev"]}),
    );
    assert_eq!(code, 400, "{v}");
    assert!(v["error"].as_str().unwrap().contains("unknown variant"));
    let (code, _) = put(&url, &json!({"target": "x"}));
    assert_eq!(code, 400);
    let (code, _) = put(
        &seg_url(&s, "tr", &json!("000000000000")),
        &json!({"target": "", "state": "new", "rev": "x"}),
    );
    assert_eq!(code, 404);
    assert_eq!(
        before,
        demo.read("sources/demo/tr.json"),
        "nothing refused was written"
    );

    // With its placeholders, it saves.
    let (code, v) = put(
        &url,
        &json!({"target": "Toplantı {1}Tokyo{/1}'da yapılacak.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
}

#[test]
fn cross_site_and_forged_host_requests_are_refused() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let e = entry_with(&s, "tr", "second paragraph");
    let url = seg_url(&s, "tr", &e["id"]);
    let body = json!({"target": "Bir.", "state": "translated", "rev": e["rev"]}).to_string();
    let before = demo.read("sources/demo/tr.json");

    let (code, v) = call(
        "PUT",
        &url,
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://evil.example"),
        ],
        Some(&body),
    );
    assert_eq!(code, 403, "{v}");
    assert!(v["error"].as_str().unwrap().contains("cross-site"));
    let (code, _) = call(
        "PUT",
        &url,
        &[
            ("Content-Type", "application/json"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        Some(&body),
    );
    assert_eq!(code, 403);
    // What an HTML form could send.
    let (code, _) = call(
        "PUT",
        &url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some("target=x"),
    );
    assert_eq!(code, 415);
    let (code, _) = call("PUT", &url, &[("Content-Type", "text/plain")], Some(&body));
    assert_eq!(code, 415);
    assert_eq!(before, demo.read("sources/demo/tr.json"));

    // DNS rebinding: a page of another host name that resolves here.
    let (code, text) = raw(
        s.port,
        "GET /api/drafts HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 403, "{text}");
    let (code, _) = raw(
        s.port,
        "GET /api/drafts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 200);

    // The page's own origin is fine.
    let origin = s.base.clone();
    let (code, v) = call(
        "PUT",
        &url,
        &[
            ("Content-Type", "application/json"),
            ("Origin", &origin),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        Some(&body),
    );
    assert_eq!(code, 200, "{v}");
}

#[test]
fn a_token_guards_every_request_and_mutations_need_it_in_a_header() {
    let demo = Demo::new();
    let s = demo.serve(&["--token", "s3cret-token"]);
    assert!(s.url.ends_with("/?token=s3cret-token"), "{}", s.url);
    let drafts = s.url("/api/drafts");
    assert_eq!(get(&drafts).0, 401);
    assert_eq!(
        call("GET", &drafts, &[("Authorization", "Bearer wrong")], None).0,
        401
    );
    assert_eq!(
        call(
            "GET",
            &drafts,
            &[("Authorization", "Bearer s3cret-token")],
            None
        )
        .0,
        200
    );
    assert_eq!(
        call(
            "GET",
            &drafts,
            &[("X-Polypress-Token", "s3cret-token")],
            None
        )
        .0,
        200
    );
    assert_eq!(get(&s.url("/")).0, 401);

    // ?token= once: a same-site cookie, and the URL without it.
    let (code, text) = raw(
        s.port,
        "GET /?token=s3cret-token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 303, "{text}");
    assert!(
        text.contains("polypress_token=s3cret-token; Path=/; HttpOnly; SameSite=Strict"),
        "{text}"
    );
    assert!(text.to_lowercase().contains("location: /\r\n"), "{text}");
    let cookie = ("Cookie", "polypress_token=s3cret-token");
    let (code, _) = call("GET", &s.url("/"), &[cookie], None);
    assert_eq!(code, 200);

    let e = {
        let (code, v) = call(
            "GET",
            &s.url(&format!("/api/drafts/{SLUG}/tr")),
            &[cookie],
            None,
        );
        assert_eq!(code, 200);
        v["entries"][4].clone()
    };
    let url = seg_url(&s, "tr", &e["id"]);
    let body = json!({"target": "Bir cümle daha var.", "state": "translated", "rev": e["rev"]})
        .to_string();
    let (code, v) = call(
        "PUT",
        &url,
        &[("Content-Type", "application/json"), cookie],
        Some(&body),
    );
    assert_eq!(code, 401, "a cookie alone never authorizes a change: {v}");
    let (code, _) = call(
        "PUT",
        &url,
        &[
            ("Content-Type", "application/json"),
            ("X-Polypress-Token", "nope"),
        ],
        Some(&body),
    );
    assert_eq!(code, 401);
    let (code, v) = call(
        "PUT",
        &url,
        &[
            ("Content-Type", "application/json"),
            ("X-Polypress-Token", "s3cret-token"),
        ],
        Some(&body),
    );
    assert_eq!(code, 200, "{v}");
}

#[test]
fn other_addresses_get_a_generated_token() {
    let demo = Demo::new();
    // Listening on every interface for a moment; the requests go to loopback only.
    let s = demo.serve(&["--bind", "0.0.0.0"]);
    let token = s
        .url
        .split("?token=")
        .nth(1)
        .expect("a token in the URL")
        .to_string();
    assert_eq!(token.len(), 32);
    assert_eq!(get(&s.url("/api/drafts")).0, 401);
    let auth = format!("Bearer {token}");
    assert_eq!(
        call(
            "GET",
            &s.url("/api/drafts"),
            &[("Authorization", &auth)],
            None
        )
        .0,
        200
    );
}

#[test]
fn lookup_and_concordance() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let (code, v) = get(&s.url("/api/lookup?text=Ministers%20will%20attend.&from=en&to=tr"));
    assert_eq!(code, 200, "{v}");
    let m = &v["matches"][0];
    assert_eq!(m["target"], "Bakanların hepsi katılacak.");
    assert_eq!(m["origin"]["file"], "test.tmx");
    assert_eq!(m["origin"]["dates"]["created_by"], "Elif Demirkaya");
    let diff: Vec<(String, String)> = m["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["op"].as_str().unwrap().into(),
                d["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        diff,
        [
            ("equal", "Ministers will "),
            ("delete", "all "),
            ("equal", "attend.")
        ]
        .map(|(o, t)| (o.to_string(), t.to_string())),
        "the word diff from the memory's source to the query"
    );

    assert_eq!(get(&s.url("/api/lookup?text=x&from=xx&to=tr")).0, 400);
    assert_eq!(get(&s.url("/api/lookup?from=en&to=tr")).0, 400);
    assert_eq!(get(&s.url("/api/lookup?text=x&from=en&to=tr&k=abc")).0, 400);

    let (code, v) = get(&s.url("/api/concordance?q=all%20attend&lang=en"));
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["hits"][0]["targets"]["tr"], "Bakanların hepsi katılacak.");
    assert_eq!(get(&s.url("/api/concordance?lang=en")).0, 400);
    assert_eq!(get(&s.url("/api/concordance?q=x&lang=de")).0, 400);
}

#[test]
fn confirmed_segments_are_learnt_and_disk_changes_are_seen() {
    let demo = Demo::new();
    let s = demo.serve(&[]);
    let e = entry_with(&s, "tr", "another one");
    let (code, v) = put(
        &seg_url(&s, "tr", &e["id"]),
        &json!({"target": "Bir tane daha var.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    let tmx = demo.read("memory/project.tmx");
    assert!(tmx.contains("Bir tane daha var."), "{tmx}");
    let (_, v) = get(&s.url("/api/lookup?text=It%20has%20another%20one.&from=en&to=tr"));
    assert_eq!(v["matches"][0]["target"], "Bir tane daha var.", "{v}");

    // Another writer (the command line, a pull) changes the draft: the next read shows it,
    // and a save from the old revision is a conflict.
    let e = entry_with(&s, "tr", "second paragraph");
    let path = "sources/demo/tr.json";
    let mut d: Value = serde_json::from_str(&demo.read(path)).unwrap();
    for x in d["segments"].as_array_mut().unwrap() {
        if x["id"] == e["id"] {
            x["target"] = json!("Diskte değişti.");
            x["state"] = json!("translated");
        }
    }
    demo.write(path, &serde_json::to_string_pretty(&d).unwrap());
    let now = entry_with(&s, "tr", "second paragraph");
    assert_eq!(now["target"], "Diskte değişti.");
    let (code, v) = put(
        &seg_url(&s, "tr", &e["id"]),
        &json!({"target": "Benim.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 409);
    assert_eq!(v["current"]["target"], "Diskte değişti.");

    // A new memory file is picked up without a restart.
    demo.write(
        "memory/more.tmx",
        &serve_support::TMX
            .replace("all attend", "attend the conference")
            .replace("t-1", "t-2"),
    );
    let (_, v) = get(&s.url("/api/concordance?q=conference&lang=en"));
    assert_eq!(v["hits"].as_array().unwrap().len(), 1, "{v}");

    // An edited source: the draft follows it (sync) on the next read.
    demo.write(
        "sources/demo/en.md",
        &serve_support::ARTICLE.replace("It has another one.", "It has one more sentence now."),
    );
    let list = entries(&s, "tr");
    assert!(list
        .iter()
        .any(|x| x["source"] == "It has one more sentence now."));
}

fn term<'a>(e: &'a Value, id: &str) -> &'a Value {
    e["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no term {id} in {e}"))
}

#[test]
fn glossary_hits_and_guard_warnings_reach_entries_and_lookups() {
    let demo = Demo::with_files(
        "corridor",
        serve_support::TERMS_ARTICLE,
        &[
            ("memory/corridor.tmx", serve_support::TERMS_TMX),
            ("terms/glossary.csv", serve_support::GLOSSARY_CSV),
        ],
    );
    let s = demo.serve(&[]);
    let url = |p: &str| s.url(p);
    let (code, v) = get(&url("/api/drafts/corridor/tr"));
    assert_eq!(code, 200, "{v}");
    let list = v["entries"].as_array().unwrap().clone();
    let first = list
        .iter()
        .find(|e| e["source"].as_str().unwrap().contains("Middle Corridor"))
        .unwrap();
    // Pre-filled from the match without the negation: the entry carries the guard warning.
    assert_eq!(first["state"], "fuzzy", "{first}");
    let guard = &first["match"]["warnings"][0];
    assert_eq!(guard["kind"], "negation", "{first}");
    assert_eq!(guard["query"], "not");
    // The glossary: the source term, its renderings, and the pre-filled target's use of it
    // (inflected, `Orta Koridor'u`).
    let t = term(first, "middle-corridor");
    assert_eq!(t["source"], "Middle Corridor");
    assert_eq!(t["preferred"], json!(["Orta Koridor"]));
    assert_eq!(t["admitted"], json!(["Orta Hat"]));
    assert_eq!(t["forbidden"], json!(["Orta Yol"]));
    assert_eq!(t["note"], "the trade route across the Caspian");
    assert_eq!(t["state"], "ok", "{t}");
    assert_eq!(t["used"], "Orta Koridor'u");
    let second = list
        .iter()
        .find(|e| e["source"].as_str().unwrap().contains("Turkic"))
        .unwrap();
    assert_eq!(term(second, "ots")["state"], "pending", "no target yet");

    // A save answers with the verdict on the new target: forbidden, then missing.
    let (code, v) = put(
        &url(&format!(
            "/api/drafts/corridor/tr/segments/{}",
            first["id"].as_str().unwrap()
        )),
        &json!({"target": "Bakanlar Bakü'de Orta Yol'u görüşmedi.", "state": "translated", "rev": first["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    let t = term(&v["entry"], "middle-corridor");
    assert_eq!(t["state"], "forbidden", "{t}");
    assert_eq!(t["forbidden_used"], json!(["Orta Yol'u"]));
    assert!(
        v["entry"]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "term-forbidden"),
        "check's finding beside it: {v}"
    );
    let (code, v) = put(
        &url(&format!(
            "/api/drafts/corridor/tr/segments/{}",
            second["id"].as_str().unwrap()
        )),
        &json!({"target": "Teşkilat yine toplandı.", "state": "translated", "rev": second["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    assert_eq!(term(&v["entry"], "ots")["state"], "missing");

    // The same judgement for a target being typed, without saving.
    let (code, v) = get(&url(
        "/api/terms?text=The%20Organization%20of%20Turkic%20States%20met.&from=en&to=tr&target=T%C3%BCrk%20Devletleri%20Te%C5%9Fkilat%C4%B1%27n%C4%B1n%20toplant%C4%B1s%C4%B1",
    ));
    assert_eq!(code, 200, "{v}");
    assert_eq!(v["terms"][0]["state"], "ok", "{v}");
    assert_eq!(v["terms"][0]["used"], "Türk Devletleri Teşkilatı'nın");
    let (_, v) = get(&url("/api/terms?text=Middle%20Corridors%20grow.&from=en&to=ru&target=%D0%A0%D0%B0%D1%81%D1%82%D1%83%D1%82."));
    assert_eq!(v["terms"][0]["state"], "missing", "{v}");
    assert_eq!(v["terms"][0]["preferred"], json!(["Средний коридор"]));
    assert_eq!(get(&url("/api/terms?from=en&to=tr")).0, 400);
    assert_eq!(get(&url("/api/terms?text=x&from=en&to=de")).0, 400);

    // A lookup's match carries the guard's warnings.
    let (code, v) = get(&url("/api/lookup?text=The%20ministers%20did%20not%20discuss%20the%20Middle%20Corridor%20in%20Baku.&from=en&to=tr"));
    assert_eq!(code, 200, "{v}");
    let m = v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["origin"]["file"] == "corridor.tmx")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(m["warnings"][0]["kind"], "negation", "{m}");
    assert_eq!(v["terms"][0]["id"], "middle-corridor", "{v}");
    assert_eq!(v["terms"][0]["preferred"], json!(["Orta Koridor"]));
    let page = ureq::get(&url(
        "/memory?text=The%20Middle%20Corridor%20grew.&from=en&to=tr",
    ))
    .call()
    .unwrap()
    .into_string()
    .unwrap();
    assert!(page.contains("data-term=\"middle-corridor\""), "{page}");

    // The glossary file changes on disk: the next request uses it.
    demo.write(
        "terms/glossary.csv",
        &serve_support::GLOSSARY_CSV.replace("Türk Devletleri Teşkilatı", "Teşkilat"),
    );
    let (_, v) = get(&url("/api/drafts/corridor/tr"));
    let second = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"].as_str().unwrap().contains("Turkic"))
        .unwrap()
        .clone();
    assert_eq!(term(&second, "ots")["state"], "ok", "{second}");

    // The editor page shows both, escaped, without JavaScript.
    let html = ureq::get(&url("/edit/corridor/tr"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(html.contains("term term-forbidden"), "{html}");
    assert!(html.contains("negation: query `not`, memory —"), "{html}");
}

#[test]
fn the_serve_section_of_the_config_and_flags_over_it() {
    let demo = Demo::new();
    demo.write(
        "polypress.toml",
        "languages = [\"en\", \"tr\", \"ru\"]\n\n[serve]\nlearn = false\nport = 1\n",
    );
    // `serve.learn = false`: a confirmed segment is not learnt; `--port 0` wins over port 1.
    let s = demo.serve(&[]);
    let e = entry_with(&s, "tr", "another one");
    let (code, v) = put(
        &seg_url(&s, "tr", &e["id"]),
        &json!({"target": "Bir tane daha var.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    assert!(demo
        .read("sources/demo/tr.json")
        .contains("Bir tane daha var."));
    assert!(!demo.path().join("memory/project.tmx").exists());
    drop(s);
    // `--learn` wins over the file.
    let s = demo.serve(&["--learn"]);
    let e = entry_with(&s, "tr", "second paragraph");
    let (code, v) = put(
        &seg_url(&s, "tr", &e["id"]),
        &json!({"target": "İkinci paragraf.", "state": "translated", "rev": e["rev"]}),
    );
    assert_eq!(code, 200, "{v}");
    assert!(demo.read("memory/project.tmx").contains("İkinci paragraf."));
    drop(s);
    // An unknown key is an error naming it and its line.
    demo.write(
        "polypress.toml",
        "languages = [\"en\", \"tr\"]\n\n[serve]\nlearning = true\n",
    );
    let out = demo.polypress(&["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("polypress.toml:4") && err.contains("learning"),
        "{err}"
    );
}

#[test]
fn a_taken_port_is_a_clear_error_and_ctrl_c_stops_cleanly() {
    let demo = Demo::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = demo.polypress(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in use") && err.contains(&port) && err.contains("--port"),
        "{err}"
    );

    let out = demo.polypress(&["serve", "--port", "0", "--token", ""]);
    assert_eq!(out.status.code(), Some(2));

    let s = demo.serve(&[]);
    assert_eq!(get(&s.url("/api/drafts")).0, 200);
    let (code, err) = s.interrupt();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn pages_escape_hostile_text_and_send_a_strict_policy() {
    let hostile = "+++\ntitle = \"\\\"><img src=x onerror=alert(1)>\"\nlang = \"en\"\ndate = \"2024-01-01\"\nauthor = \"<script>alert(2)</script>\"\nsummary = \"javascript:alert(3)\"\n+++\n\n\
Click [here](javascript:alert(4)) now. A <b onmouseover=\"alert(5)\">bold</b> move.\n\n<script>alert(6)</script>\n";
    let demo = Demo::with_article("hostile", hostile);
    let s = demo.serve(&[]);
    for path in [
        "/",
        "/edit/hostile/tr",
        "/memory?q=%3Cscript%3E&lang=en",
        "/edit/hostile/tr?q=%22%3E%3Cimg",
    ] {
        let resp = ureq::get(&s.url(path)).call().unwrap();
        let csp = resp.header("Content-Security-Policy").unwrap().to_string();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
            "{csp}"
        );
        assert_eq!(resp.header("X-Content-Type-Options"), Some("nosniff"));
        let html = resp.into_string().unwrap();
        assert!(
            !html.contains("<img src=x"),
            "{path}: unescaped front matter"
        );
        assert!(!html.contains("<script>alert"), "{path}: unescaped script");
        assert!(
            !html.contains("<b onmouseover"),
            "{path}: unescaped inline HTML"
        );
    }
    let editor = ureq::get(&s.url("/edit/hostile/tr"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        editor.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "the title, escaped"
    );
    let resp = ureq::get(&s.url("/preview/tr/hostile/index.html"))
        .call()
        .unwrap();
    let csp = resp.header("Content-Security-Policy").unwrap();
    assert!(
        csp.starts_with("sandbox")
            && !csp.contains("allow-scripts")
            && !csp.contains("script-src 'self'"),
        "{csp}"
    );
}
