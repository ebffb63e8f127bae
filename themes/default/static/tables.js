// Tables people can work with (docs/site.md#tables-you-can-work-with): every table of the page can
// be sorted by any column (its header is a button) and filtered by typing. Progressive
// enhancement: without this script each table is complete as it is. No module, no fetch, so it
// works from file:// as well as from a server. A table marked data-sort="off" is left alone.
(function () {
  "use strict";
  var MONTHS = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

  // A cell's text as a reader hears it: its data-v value where the page gives one, else its text
  // without the symbols marked aria-hidden.
  function textOf(cell) {
    if (!cell) return "";
    if (cell.hasAttribute("data-v")) return cell.getAttribute("data-v");
    var text = "";
    (function walk(node) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) text += n.nodeValue;
        else if (n.nodeType === 1 && n.getAttribute("aria-hidden") !== "true") walk(n);
      }
    })(cell);
    return text.replace(/\s+/g, " ").trim();
  }

  // What a cell sorts by: a date ("15 Dec 2026"), a number ("42", "12 %", "−3.5", "<1%"), or its
  // text.
  function keyOf(text) {
    var d = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})/.exec(text);
    if (d && MONTHS[d[2].toLowerCase()] !== undefined) {
      return { n: Date.UTC(+d[3], MONTHS[d[2].toLowerCase()], +d[1]), t: text };
    }
    var m = /^[+\-\u2212]?\d[\d,]*(\.\d+)?/.exec(text);
    if (m) return { n: parseFloat(m[0].replace("\u2212", "-").replace(/,/g, "")), t: text };
    // A bound on a share ("<1%", ">99%"): just inside it, so it sorts between its neighbours.
    var b = /^([<>])(\d+(\.\d+)?)%$/.exec(text);
    if (b) return { n: parseFloat(b[2]) + (b[1] === "<" ? -1e-6 : 1e-6), t: text };
    return { n: null, t: text };
  }

  function compare(a, b) {
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== null) return -1;
    if (b.n !== null) return 1;
    if (a.t === b.t) return 0;
    if (a.t === "" || a.t === "\u2014") return 1;
    if (b.t === "" || b.t === "\u2014") return -1;
    return a.t.localeCompare(b.t, undefined, { numeric: true, sensitivity: "base" });
  }

  function enhance(table, n) {
    if (table.getAttribute("data-sort") === "off" || table.querySelector("[rowspan], [colspan]")) return;
    var head = table.tHead ? table.tHead.rows[0] : null;
    var body = table.tBodies[0];
    if (!head || !body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var name = table.getAttribute("aria-label") || (table.caption && textOf(table.caption)) || "this table";

    Array.prototype.forEach.call(head.cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = rows.map(function (row, i) { return { row: row, i: i, key: keyOf(textOf(row.cells[column])) }; });
        keyed.sort(function (a, b) { return (ascending ? compare(a.key, b.key) : compare(b.key, a.key)) || a.i - b.i; });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (k) { fragment.appendChild(k.row); });
        body.appendChild(fragment);
      });
    });

    var tools = document.createElement("div");
    tools.className = "table-tools";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = "filter-" + n;
    input.setAttribute("aria-controls", table.id || (table.id = "table-" + n));
    input.setAttribute("autocomplete", "off");
    label.htmlFor = input.id;
    label.textContent = "Filter";
    var count = document.createElement("span");
    count.className = "muted";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(count);
    if (name !== "this table") input.setAttribute("aria-description", name);
    var texts = rows.map(function (row) { return textOf(row).toLowerCase(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown++;
      });
      count.textContent = words.length ? shown + " of " + rows.length + (rows.length === 1 ? " row" : " rows") : "";
    });
    var wrap = table.parentNode && table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    wrap.parentNode.insertBefore(tools, wrap);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
