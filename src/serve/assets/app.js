// polypress workbench: saving, the memory panel and the keyboard of the segment editor.
// Every text from the project is put into the page with textContent, never as markup.
"use strict";
(function () {
  const tokenMeta = document.querySelector('meta[name="polypress-token"]');
  const token = tokenMeta ? tokenMeta.content : null;
  const editor = document.querySelector("main.editor");
  if (!editor) return;

  const slug = editor.dataset.slug;
  const lang = editor.dataset.lang;
  const sourceLang = editor.dataset.sourceLang;
  const status = document.getElementById("status");
  const matchesList = document.getElementById("matches");
  const hitsList = document.getElementById("hits");
  const preview = document.getElementById("preview");
  const glossaryBox = document.getElementById("glossary");
  const rows = Array.from(document.querySelectorAll("tr.seg"));
  const PH = /\{\/?\d+\/?\}/g;
  let current = null;
  let matches = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function say(msg, kind) {
    status.textContent = msg;
    status.className = kind || "";
  }

  function headers() {
    const h = { "Content-Type": "application/json" };
    if (token) h["X-Polypress-Token"] = token;
    return h;
  }

  function textarea(row) { return row.querySelector("textarea"); }

  function placeholders(text) { return (text.match(PH) || []).slice().sort(); }

  function checkPlaceholders(row) {
    const src = placeholders(row.dataset.source).join(" ");
    const tgt = placeholders(textarea(row).value).join(" ");
    row.classList.toggle("ph-broken", textarea(row).value !== "" && src !== tgt);
  }

  function select(row, focus) {
    if (!row) return;
    if (current) current.classList.remove("current");
    current = row;
    row.classList.add("current");
    if (focus !== false) {
      const t = textarea(row);
      t.focus();
      row.scrollIntoView({ block: "nearest" });
    }
    lookup(row);
    terms(row);
  }

  function side(s) { return s ? "`" + s + "`" : "—"; }

  function guardText(w) { return w.kind + ": query " + side(w.query) + ", memory " + side(w.memory); }

  const VERDICT = { ok: "✓", missing: "missing in the target", pending: "", "no-rendering": "no rendering in this language" };

  // The glossary terms of a row, as the server renders them (pages.rs, terms_markup).
  function renderTerms(row, list) {
    const ul = row.querySelector("ul.terms");
    if (!ul) return;
    ul.replaceChildren();
    (list || []).forEach((t) => {
      const li = el("li", "term term-" + t.state);
      li.dataset.term = t.id;
      if (t.note) li.title = t.note;
      li.append(el("span", "term-src", t.source || "—"), " → ");
      (t.preferred || []).forEach((r, i) => { if (i > 0) li.append(" | "); li.append(el("strong", "", r)); });
      (t.admitted || []).forEach((r) => li.append(" | ", el("span", "admitted", r)));
      (t.forbidden || []).forEach((r) => li.append(" ", el("s", "forbidden", r)));
      let v = VERDICT[t.state] || "";
      if (t.state === "ok" && t.used) v = "✓ " + t.used;
      if (t.state === "forbidden") v = "forbidden: " + (t.forbidden_used || []).join(", ");
      if (v) li.append(" ", el("span", "verdict", v));
      ul.append(li);
    });
    row.classList.toggle("term-flagged", (list || []).some((t) => t.state === "missing" || t.state === "forbidden"));
    if (row === current) renderGlossary(list);
  }

  // The side panel: every term of the current segment with all its renderings and its note.
  function renderGlossary(list) {
    if (!glossaryBox) return;
    glossaryBox.replaceChildren();
    if (!list || list.length === 0) {
      glossaryBox.append(el("p", "hint", "No glossary term in this segment."));
      return;
    }
    const dl = el("dl");
    list.forEach((t) => {
      const dt = el("dt", "term-" + t.state, t.source || "(not in the source)");
      dt.dataset.term = t.id;
      dl.append(dt);
      if (t.preferred && t.preferred.length) dl.append(el("dd", "preferred", "preferred: " + t.preferred.join(", ")));
      if (t.admitted && t.admitted.length) dl.append(el("dd", "admitted", "admitted: " + t.admitted.join(", ")));
      if (t.forbidden && t.forbidden.length) dl.append(el("dd", "forbidden", "forbidden: " + t.forbidden.join(", ")));
      if (t.note) dl.append(el("dd", "note", t.note));
      let v = VERDICT[t.state] || "";
      if (t.state === "ok" && t.used) v = "✓ the target has " + t.used;
      if (t.state === "forbidden") v = "the target uses a forbidden rendering: " + (t.forbidden_used || []).join(", ");
      if (v) dl.append(el("dd", "verdict term-" + t.state, v));
    });
    glossaryBox.append(dl);
  }

  function terms(row) {
    const q = new URLSearchParams({ text: row.dataset.source, target: textarea(row).value, from: sourceLang, to: lang });
    fetch("/api/terms?" + q, { headers: token ? { "X-Polypress-Token": token } : {} })
      .then((r) => r.json())
      .then((data) => { if (data.terms) renderTerms(row, data.terms); })
      .catch(() => {});
  }

  let termsTimer = null;
  function termsSoon(row) {
    clearTimeout(termsTimer);
    termsTimer = setTimeout(() => terms(row), 250);
  }

  function lookup(row) {
    const q = new URLSearchParams({ text: row.dataset.source, from: sourceLang, to: lang });
    if (row.dataset.prev) q.set("prev", row.dataset.prev);
    if (row.dataset.next) q.set("next", row.dataset.next);
    // The segment's own entry is not a match for it.
    q.set("slug", slug);
    q.set("id", row.dataset.id);
    matchesList.replaceChildren(el("li", "hint", "Looking up…"));
    fetch("/api/lookup?" + q, { headers: token ? { "X-Polypress-Token": token } : {} })
      .then((r) => r.json())
      .then((data) => {
        if (current !== row) return;
        matches = data.matches || [];
        renderMatches();
      })
      .catch((e) => matchesList.replaceChildren(el("li", "error", "Lookup failed: " + e)));
  }

  function renderMatches() {
    matchesList.replaceChildren();
    if (matches.length === 0) {
      matchesList.append(el("li", "hint", "No match in the memory."));
      return;
    }
    matches.forEach((m, i) => {
      const li = el("li", "match");
      const head = el("div", "score");
      head.append(el("kbd", "", "Ctrl+" + (i + 1)), " ", el("strong", "", String(m.score)), " " + m.kind);
      li.append(head);
      const diff = el("div", "diff");
      (m.diff || []).forEach((d) => {
        diff.append(el(d.op === "insert" ? "ins" : d.op === "delete" ? "del" : "span", "", d.text));
      });
      li.append(diff);
      li.append(el("div", "tgt", m.target));
      const o = m.origin || {};
      const dates = o.dates || {};
      const parts = [(o.draft ? "" : "memory/") + o.file + (o.line ? ":" + o.line : "")];
      const date = dates.changed || dates.created;
      const who = dates.changed_by || dates.created_by;
      if (date) parts.push(date);
      if (who) parts.push(who);
      li.append(el("div", "origin", parts.join(" · ")));
      if (m.warnings && m.warnings.length) {
        const ul = el("ul", "guard");
        m.warnings.forEach((w) => ul.append(el("li", "", guardText(w))));
        li.append(ul);
      }
      (m.penalties || []).forEach((p) => li.append(el("div", "warning", p.reason + " −" + p.points)));
      if (m.numbers_complete === false) li.append(el("div", "warning", "numbers: some could not be placed; check them"));
      li.addEventListener("click", () => insertMatch(i));
      matchesList.append(li);
    });
  }

  function insertMatch(i) {
    if (!current || !matches[i]) return;
    const t = textarea(current);
    t.value = matches[i].target;
    checkPlaceholders(current);
    termsSoon(current);
    t.focus();
  }

  function insertAtCursor(t, text) {
    const s = t.selectionStart, e = t.selectionEnd;
    t.setRangeText(text, s, e, "end");
    t.dispatchEvent(new Event("input"));
  }

  function recount() {
    const c = { new: 0, fuzzy: 0, translated: 0, reviewed: 0 };
    rows.forEach((r) => { c[r.dataset.state] = (c[r.dataset.state] || 0) + 1; });
    const el2 = document.querySelector(".counts");
    if (el2 && rows.length === document.querySelectorAll("tr.seg").length && !location.search) {
      el2.textContent = c.new + " new, " + c.fuzzy + " fuzzy, " + c.translated + " translated, " + c.reviewed + " reviewed";
    }
  }

  function setState(row, entry) {
    row.dataset.rev = entry.rev;
    row.dataset.state = entry.state;
    row.className = row.className.replace(/state-\w+/, "state-" + entry.state);
    row.querySelector(".label").textContent = entry.state;
    const ul = row.querySelector("ul.warnings");
    ul.replaceChildren();
    (entry.warnings || []).forEach((w) => {
      const li = el("li");
      li.append(el("code", "", w.kind), " " + w.message);
      ul.append(li);
    });
    row.classList.toggle("has-warnings", (entry.warnings || []).length > 0);
    if (entry.terms) renderTerms(row, entry.terms);
    recount();
  }

  function showConflict(row, cur) {
    const box = row.querySelector(".conflict");
    box.replaceChildren();
    box.hidden = false;
    box.append(el("p", "", "Changed elsewhere since you opened it. Your text is kept in the box; theirs is:"));
    box.append(el("blockquote", "theirs", cur.target || "(empty)"));
    box.append(el("p", "", "state: " + cur.state));
    const take = el("button", "take-theirs", "Use theirs");
    take.type = "button";
    take.addEventListener("click", () => {
      textarea(row).value = cur.target;
      setState(row, cur);
      box.hidden = true;
      say("Took the other version of segment " + cur.id + ".", "ok");
    });
    const keep = el("button", "keep-mine", "Keep mine (save over theirs)");
    keep.type = "button";
    keep.addEventListener("click", () => {
      row.dataset.rev = cur.rev;
      box.hidden = true;
      save(row, row.dataset.wanted || "translated", false);
    });
    box.append(take, " ", keep);
  }

  function refreshPreview(id) {
    if (!preview) return;
    preview.src = editor.dataset.preview + "?hl=" + encodeURIComponent(id) + "&t=" + Date.now() + "#pp-current";
  }

  function save(row, state, advance) {
    const t = textarea(row);
    row.dataset.wanted = state;
    const body = JSON.stringify({ target: t.value, state: state, rev: row.dataset.rev });
    const url = "/api/drafts/" + encodeURIComponent(slug) + "/" + encodeURIComponent(lang) +
      "/segments/" + encodeURIComponent(row.dataset.id);
    say("Saving…");
    return fetch(url, { method: "PUT", headers: headers(), body: body })
      .then((r) => r.json().then((data) => ({ status: r.status, data: data })))
      .then(({ status: code, data }) => {
        if (code === 200) {
          setState(row, data.entry);
          row.querySelector(".conflict").hidden = true;
          row.classList.add("saved");
          say("Saved segment " + row.dataset.id + " as " + data.entry.state + ".", "ok");
          refreshPreview(row.dataset.id);
          if (advance) nextUnfinished(row);
        } else if (code === 409) {
          showConflict(row, data.current);
          say("Not saved: segment " + row.dataset.id + " changed elsewhere.", "error");
        } else {
          say("Not saved: " + data.error, "error");
        }
      })
      .catch((e) => say("Not saved: " + e, "error"));
  }

  function nextUnfinished(from) {
    const i = rows.indexOf(from);
    for (let k = 1; k <= rows.length; k++) {
      const r = rows[(i + k) % rows.length];
      if (r.dataset.state === "new" || r.dataset.state === "fuzzy") { select(r); return; }
    }
    say("Every segment shown is translated.", "ok");
  }

  function move(delta) {
    if (!current) { select(rows[0]); return; }
    const i = rows.indexOf(current) + delta;
    if (i >= 0 && i < rows.length) select(rows[i]);
  }

  rows.forEach((row) => {
    const t = textarea(row);
    t.addEventListener("focus", () => { if (current !== row) select(row, false); });
    t.addEventListener("input", () => { checkPlaceholders(row); termsSoon(row); });
    // A placeholder is one piece: Backspace or Delete next to it removes it whole.
    t.addEventListener("keydown", (ev) => {
      if ((ev.key !== "Backspace" && ev.key !== "Delete") || t.selectionStart !== t.selectionEnd) return;
      const pos = t.selectionStart;
      const v = t.value;
      PH.lastIndex = 0;
      let m;
      while ((m = PH.exec(v)) !== null) {
        const s = m.index, e = s + m[0].length;
        const hit = ev.key === "Backspace" ? pos > s && pos <= e : pos >= s && pos < e;
        if (hit) {
          ev.preventDefault();
          t.setRangeText("", s, e, "start");
          checkPlaceholders(row);
          return;
        }
      }
    });
    row.querySelectorAll("button.ph").forEach((b) =>
      b.addEventListener("click", () => { insertAtCursor(t, b.dataset.ph); t.focus(); }));
    row.querySelectorAll(".buttons button").forEach((b) =>
      b.addEventListener("click", () => { select(row, false); save(row, b.dataset.state, false); }));
    checkPlaceholders(row);
  });

  document.addEventListener("keydown", (ev) => {
    if (!ev.ctrlKey) return;
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (current) save(current, current.dataset.state === "reviewed" ? "reviewed" : "translated", true);
    } else if (ev.key === "ArrowDown") {
      ev.preventDefault(); move(1);
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault(); move(-1);
    } else if (ev.shiftKey && (ev.key === "C" || ev.key === "c")) {
      ev.preventDefault();
      if (current) { textarea(current).value = current.dataset.source; checkPlaceholders(current); termsSoon(current); }
    } else if (!ev.shiftKey && !ev.altKey && /^[1-9]$/.test(ev.key)) {
      ev.preventDefault(); insertMatch(Number(ev.key) - 1);
    }
  });

  const conc = document.getElementById("concordance");
  if (conc) {
    conc.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams(new FormData(conc));
      fetch("/api/concordance?" + q, { headers: token ? { "X-Polypress-Token": token } : {} })
        .then((r) => r.json())
        .then((data) => {
          hitsList.replaceChildren();
          (data.hits || []).forEach((h) => {
            const li = el("li");
            li.append(el("div", "src", h.source));
            Object.keys(h.targets || {}).forEach((l) => li.append(el("div", "tgt", l + ": " + h.targets[l])));
            li.append(el("div", "origin", "memory/" + h.file + ":" + h.line));
            hitsList.append(li);
          });
          if (!data.hits || data.hits.length === 0) hitsList.append(el("li", "hint", data.error || "Not found."));
        });
    });
  }

  const first = rows.find((r) => r.dataset.state === "new" || r.dataset.state === "fuzzy") || rows[0];
  if (first) select(first);
})();
