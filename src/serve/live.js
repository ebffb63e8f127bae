// Throughline serve: reloads this page when the site is rebuilt and shows, over the page, why a
// rebuild failed. `throughline serve` adds it to the HTML it sends; it is never part of a build.
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var query = [
    "path=" + encodeURIComponent(location.pathname),
    "file=" + encodeURIComponent(data.file),
    "v=" + encodeURIComponent(data.version),
    "a=" + encodeURIComponent(data.assets),
    "s=" + encodeURIComponent(data.instance),
  ].join("&");
  var source = null;
  var overlay = null;
  var STYLE = [
    ":host{all:initial}",
    ".box{position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;",
    "background:#1d1f23;color:#f1f1f1;border-left:6px solid #e5484d;border-radius:6px;",
    "box-shadow:0 8px 32px rgba(0,0,0,.45);padding:1rem 1.25rem;",
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}",
    "header{display:flex;justify-content:space-between;align-items:center;gap:1rem}",
    "h2{margin:0;font-size:1.15rem;color:#ff9592}",
    "button{font:inherit;background:#33363c;color:#f1f1f1;border:1px solid #555;border-radius:4px;",
    "padding:.2rem .8rem;cursor:pointer}",
    ".lead{margin:.4rem 0 .8rem;color:#c9c9c9}",
    "ol{margin:0;padding:0;list-style:none}",
    "li{padding:.55rem 0;border-top:1px solid #33363c}",
    ".kind{display:inline-block;min-width:6rem;font-weight:700;text-transform:uppercase;font-size:.75rem;",
    "letter-spacing:.05em;color:#ff9592}",
    "li.warning .kind{color:#f5d90a}",
    ".where{font:14px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#9cdcfe}",
    ".message,.hint,.excerpt{margin:.2rem 0 0 6rem;white-space:pre-wrap}",
    ".excerpt{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#d4d4d4;",
    "background:#26282d;padding:.3rem .5rem;border-radius:4px;overflow-x:auto}",
    ".hint{color:#a8d8a8}",
  ].join("");

  // A browser opens only a few connections to one host: a hidden tab lets go of its event
  // stream, and when it is shown again, the first event says whether it missed a rebuild.
  function connect() {
    if (source) return;
    source = new EventSource("/__throughline/events?" + query);
    source.addEventListener("reload", function () {
      disconnect();
      location.reload();
    });
    source.addEventListener("ok", hide);
    source.addEventListener("failed", function (event) {
      show(JSON.parse(event.data));
    });
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function el(parent, tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function where(d) {
    var at = d.file || "(project)";
    if (d.line) at += ":" + d.line + (d.column ? ":" + d.column : "");
    return at;
  }

  // The offending line with the part at fault underlined, as the terminal shows it.
  function excerpt(d) {
    var number = String(d.line || "");
    var underline = new Array(d.excerpt.column).join(" ") + new Array(d.excerpt.width + 1).join("^");
    return number + " | " + d.excerpt.text + "\n" + number.replace(/./g, " ") + " | " + underline;
  }

  // Diagnostics are text from the inputs: they are only ever set as textContent.
  function show(diagnostics) {
    hide();
    overlay = document.createElement("throughline-overlay");
    var root = overlay.attachShadow({ mode: "open" });
    el(root, "style", null, STYLE);
    var box = el(root, "section", "box");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "tl-title");
    var head = el(box, "header");
    el(head, "h2", null, "The last save did not build").id = "tl-title";
    el(head, "button", null, "Hide").addEventListener("click", hide);
    var errors = diagnostics.filter(function (d) { return d.severity === "error"; }).length;
    var warnings = diagnostics.length - errors;
    var counts = errors + " error" + (errors === 1 ? "" : "s") +
      (warnings ? ", " + warnings + " warning" + (warnings === 1 ? "" : "s") : "");
    el(box, "p", "lead", counts +
      ". The last good build stays up until the next one; fix the file and save, and this page updates by itself.");
    var list = el(box, "ol");
    diagnostics.forEach(function (d) {
      var item = el(list, "li", d.severity);
      el(item, "span", "kind", d.severity);
      el(item, "code", "where", where(d));
      el(item, "div", "message", d.message);
      if (d.excerpt) el(item, "pre", "excerpt", excerpt(d));
      if (d.hint) el(item, "div", "hint", "hint: " + d.hint);
    });
    document.documentElement.appendChild(overlay);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  if (!document.hidden) connect();
})();
