// Client-side search over window.THROUGHLINE_SEARCH. Links are relative to the page's root
// (data-root). The index is a script file of its own (search-index.js, so that search works from
// file:// too), loaded when a search box is first used rather than with every page: on a large
// company it is over a megabyte, which every page would otherwise fetch and run before it is
// ready. A theme whose pages load it themselves finds it already there.
(function () {
  "use strict";
  var waiting = null;

  // Runs `then` once the index is loaded (or could not be: search then finds nothing).
  function withIndex(form, then) {
    if (window.THROUGHLINE_SEARCH) return then();
    if (waiting) return waiting.push(then);
    waiting = [then];
    var script = document.createElement("script");
    script.src = (form.getAttribute("data-root") || "") + "search-index.js";
    script.onload = script.onerror = function () {
      var callbacks = waiting;
      waiting = null;
      callbacks.forEach(function (callback) { callback(); });
    };
    document.body.appendChild(script);
  }

  function find(query) {
    var index = window.THROUGHLINE_SEARCH || [];
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    for (var n = 0; n < index.length && hits.length < 50; n++) {
      var e = index[n];
      var text = (e.i + " " + e.t).toLowerCase();
      if (words.every(function (w) { return text.indexOf(w) !== -1; })) hits.push(e);
    }
    return hits;
  }

  function render(list, hits, root) {
    while (list.firstChild) list.removeChild(list.firstChild);
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.k;
      var a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.i === e.t ? e.t : e.i + " " + e.t;
      li.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function wire(form, input, list, live) {
    var root = form.getAttribute("data-root") || "";
    function update() {
      var hits = find(input.value);
      render(list, hits, root);
      if (!live) list.hidden = hits.length === 0;
    }
    input.addEventListener("focus", function () { withIndex(form, function () {}); });
    input.addEventListener("input", function () { withIndex(form, update); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      withIndex(form, function () {
        var hits = find(input.value);
        if (live) update();
        else if (hits.length) window.location.href = root + hits[0].u;
        else form.submit();
      });
    });
    return function () { withIndex(form, update); };
  }

  var header = document.querySelector("form.search");
  if (header) {
    var hl = document.getElementById("search-results");
    wire(header, header.querySelector("input"), hl, false);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hl.hidden = true; });
  }
  var page = document.querySelector("form.search-page");
  if (page) {
    var input = page.querySelector("input");
    var update = wire(page, input, document.getElementById("search-page-results"), true);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; update(); }
  }
})();
