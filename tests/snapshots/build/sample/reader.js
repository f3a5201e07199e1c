// polypress parallel-text reader. Loaded from a file (no inline script), nothing fetched.
// Hovering or focusing a sentence highlights every sentence with the same segment id; on the
// page with all languages, ?langs=en,ru and the checkboxes choose the columns shown.
(function () {
  "use strict";
  var lit = [];
  function clear() {
    lit.forEach(function (e) { e.classList.remove("hl"); });
    lit = [];
  }
  function light(target) {
    var s = target && target.closest ? target.closest(".s[data-seg]") : null;
    if (s && lit.indexOf(s) >= 0) { return; }
    clear();
    if (!s) { return; }
    var id = s.getAttribute("data-seg");
    document.querySelectorAll(".parallel .s[data-seg]").forEach(function (e) {
      if (e.getAttribute("data-seg") === id) { e.classList.add("hl"); lit.push(e); }
    });
  }
  document.addEventListener("mouseover", function (ev) { light(ev.target); });
  document.addEventListener("focusin", function (ev) { light(ev.target); });
  document.addEventListener("focusout", function (ev) { if (!ev.relatedTarget) { clear(); } });

  var body = document.body;
  var all = (body.getAttribute("data-langs") || "").split(" ").filter(Boolean);
  var form = document.querySelector("form.choose");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  function show(langs) {
    var hide = all.filter(function (l) { return langs.indexOf(l) < 0; });
    if (hide.length) { body.setAttribute("data-hide", hide.join(" ")); } else { body.removeAttribute("data-hide"); }
    boxes.forEach(function (b) {
      b.checked = langs.indexOf(b.value) >= 0;
      // At least two languages stay: the last two cannot be unticked.
      b.disabled = b.checked && langs.length <= 2;
    });
  }
  var param = new URLSearchParams(window.location.search).get("langs");
  var wanted = all;
  if (param) {
    var asked = param.split(",").filter(function (l, i, a) {
      return all.indexOf(l) >= 0 && a.indexOf(l) === i;
    });
    if (asked.length >= 2) { wanted = asked; }
  }
  form.hidden = false;
  show(wanted);
  form.addEventListener("change", function () {
    var langs = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    show(langs);
    try {
      var url = new URL(window.location.href);
      if (langs.length === all.length) { url.searchParams.delete("langs"); } else { url.searchParams.set("langs", langs.join(",")); }
      window.history.replaceState(null, "", url.toString());
    } catch (e) { /* file: URLs may refuse; the choice still applies */ }
  });
})();
