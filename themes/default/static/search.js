// Client-side search over window.THROUGHLINE_SEARCH (loaded from search-index.js, a script file
// so that search works from file:// too). Links are relative to the page's root (data-root).
(function () {
  "use strict";
  var index = window.THROUGHLINE_SEARCH || [];

  function find(query) {
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
    input.addEventListener("input", update);
    form.addEventListener("submit", function (ev) {
      var hits = find(input.value);
      if (hits.length && !live) {
        ev.preventDefault();
        window.location.href = root + hits[0].u;
      } else if (live) {
        ev.preventDefault();
        update();
      }
    });
    return update;
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
