//! The default theme's most numerous pages, written in Rust: `base.html` around `person.html`,
//! `initiative.html` or `kr.html`, byte for byte as tera writes them (a test renders every page of
//! the sample both ways and compares them), and their tables' files as the read-back
//! (`downloads`) makes them, from the tables' cells rather than from the page. Used only while the
//! theme's `base.html`, `macros.html` and the page's own template are the default ones
//! (`Theme::in_rust`): a large company has ten thousand people, five thousand initiatives and a
//! thousand key results, and going through tera and reading each page back cost more than
//! drawing their rows.

mod initiative;
mod kr;
mod person;

pub use initiative::initiative;
pub use kr::kr;
pub use person::person;

use super::NAV;
use super::downloads::Cells;
use super::downloads::{Download, Files, decode};
use super::tables::{self, link, status};
use crate::view::entities::WeeksView;
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::{Link, ListOf, Rows, Shared, SignalView, StatusView};

/// What `base.html` writes around a page: the site's data, the page's title, where the page is
/// under the main menu, and the way back to the site's root.
pub struct Frame<'a> {
    pub site_title: &'a str,
    pub cycle: Option<&'a str>,
    pub as_of: &'a str,
    pub root: &'a str,
    pub nav: &'a str,
    pub page_title: &'a str,
}

/// A page drawn here: its HTML and its tables' files.
pub type Drawn = (String, Vec<Download>);

/// `base.html` up to its content block.
pub(super) fn open(out: &mut String, f: &Frame) {
    let root = f.root;
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    e(out, f.page_title);
    out.push_str(" · ");
    e(out, f.site_title);
    out.push_str("</title>\n<meta name=\"generator\" content=\"Throughline ");
    e(out, env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<link rel=\"icon\" href=\"");
    e(out, root);
    out.push_str("assets/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
    e(out, root);
    out.push_str("assets/style.css\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes since the last publish · ");
    e(out, f.site_title);
    out.push_str("\" href=\"");
    e(out, root);
    out.push_str("feed.xml\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n  <div class=\"brand\"><a href=\"");
    e(out, root);
    out.push_str("index.html\">");
    e(out, f.site_title);
    out.push_str("</a>\n    <span class=\"meta\">");
    if let Some(cycle) = f.cycle.filter(|c| !c.is_empty()) {
        e(out, cycle);
        out.push_str(" · ");
    }
    out.push_str("as of ");
    e(out, f.as_of);
    out.push_str("</span></div>\n  <nav aria-label=\"Main\">\n    <ul>\n");
    for item in NAV {
        out.push_str("      <li><a href=\"");
        e(out, root);
        e(out, item.path);
        out.push('"');
        if f.nav == item.key {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        e(out, item.label);
        out.push_str("</a></li>\n");
    }
    out.push_str("    </ul>\n  </nav>\n  <form class=\"search\" role=\"search\" action=\"");
    e(out, root);
    out.push_str("search.html\" data-root=\"");
    e(out, root);
    out.push_str("\">\n    <label for=\"q\" class=\"visually-hidden\">Search bets, key results, initiatives, people and work</label>\n    <input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search…\" autocomplete=\"off\">\n    <ul class=\"results\" id=\"search-results\" hidden></ul>\n  </form>\n</header>\n<main id=\"main\">\n");
}

/// `base.html` from its content block to its end.
pub(super) fn close(out: &mut String, f: &Frame) {
    let root = f.root;
    out.push_str("\n</main>\n<footer>\n  <p>Built by Throughline ");
    e(out, env!("CARGO_PKG_VERSION"));
    out.push_str(" from the project's exports, as of ");
    e(out, f.as_of);
    out.push_str(". <a href=\"");
    e(out, root);
    out.push_str("data/snapshot.json\">snapshot.json</a></p>\n</footer>\n<script src=\"");
    e(out, root);
    out.push_str("assets/search.js\"></script>\n<script src=\"");
    e(out, root);
    out.push_str("assets/tables.js\"></script>\n</body>\n</html>\n");
}

/// The `signals` macro: a list of signals, each with the entities that cause it (`root`
/// escaped).
pub(super) fn signals(out: &mut String, list: &[Shared<SignalView>], root: &str) {
    out.push('\n');
    if !list.is_empty() {
        out.push_str("\n<ul class=\"signals\">\n");
        for s in list {
            out.push_str("\n  <li class=\"sev-");
            e(out, s.severity);
            out.push_str("\"><span class=\"sev\">");
            e(out, s.severity_label);
            out.push_str("</span> <strong>");
            e(out, s.label);
            out.push_str("</strong> — ");
            e(out, &s.message);
            out.push_str("\n  ");
            if !s.related.is_empty() {
                out.push_str("<span class=\"related\">→ ");
                for (n, r) in s.related.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    link(out, root, &r.url, &r.id);
                }
                out.push_str("</span>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("\n</ul>\n");
    }
    out.push('\n');
}

/// The way to a page from the strategy map, through its bets: `<p class="crumbs">`, ending in
/// `what` and `id` (`root` escaped).
fn crumbs<'a>(out: &mut String, root: &str, bets: impl IntoIterator<Item = &'a Link>, what: &str, id: &str) {
    out.push_str("\n<p class=\"crumbs\">");
    link(out, root, "strategy.html", "Strategy map");
    out.push_str(" › ");
    for bet in bets {
        link(out, root, &bet.url, &format!("bet {}", bet.id));
        out.push_str(" › ");
    }
    out.push_str(what);
    out.push(' ');
    e(out, id);
    out.push_str("</p>\n");
}

/// A note's HTML, when there is one to show (`{% if page.note_html %}`: an empty note shows
/// nothing).
fn shown(note: &Option<String>) -> Option<&str> {
    note.as_deref().filter(|n| !n.is_empty())
}

/// A row of plain cells, `<tr><td>…</td>…</tr>`, and its cells as a reader sees them.
fn plain_row(out: &mut String, seen: &mut Cells, cells: &[&str]) {
    out.push_str("<tr>");
    for cell in cells {
        out.push_str("<td>");
        e(out, cell);
        out.push_str("</td>");
    }
    out.push_str("</tr>");
    seen.row(cells.iter().copied());
}

/// A chart block's opening, as the pages' templates write it: its section, its heading (`id`
/// names it) and its chart (`svg`, drawn).
fn chart_block(out: &mut String, id: &str, heading: &str, svg: &str) {
    out.push_str("\n<section class=\"chart-block\" aria-labelledby=\"");
    out.push_str(id);
    out.push_str("\">\n  <h2 id=\"");
    out.push_str(id);
    out.push_str("\">");
    out.push_str(heading);
    out.push_str("</h2>\n  <div class=\"chart-grid\">\n    <figure class=\"chart\">");
    out.push_str(svg);
    out.push_str("</figure>");
}

/// A table of plain cells from the end of its caption to `</tbody>`, its head and body each on a
/// line indented by `indent`; `none` is its one row when it has no other. Returns its cells as a
/// reader sees them, the header's first.
fn plain_body<'a, const N: usize>(
    out: &mut String,
    indent: &str,
    header: [&str; N],
    rows: impl Iterator<Item = [&'a str; N]>,
    none: Option<&str>,
) -> Cells {
    out.push_str("</caption>\n");
    out.push_str(indent);
    tables::head(out, &header);
    out.push('\n');
    out.push_str(indent);
    out.push_str("<tbody>");
    let mut cells = Cells::default();
    cells.row(header);
    for row in rows {
        plain_row(out, &mut cells, &row);
    }
    if let Some(none) = none.filter(|_| cells.count() == 0) {
        out.push_str(&format!("<tr><td colspan=\"{N}\">"));
        out.push_str(none);
        out.push_str("</td></tr>");
        cells.row([none]);
    }
    out.push_str("</tbody>");
    cells
}

/// A page's `<h1>` of a title and a status badge (and the "stale" tag) as the read-back reads it,
/// the badge's symbol too: the heading above the tables' own, which tells apart two tables of one
/// name.
fn outer_heading(title: &str, status: &StatusView, stale: bool) -> String {
    let mut h1 = String::new();
    e(&mut h1, title);
    for part in [status.icon, status.label] {
        h1.push(' ');
        e(&mut h1, part);
    }
    if stale {
        h1.push_str(" stale");
    }
    decode(&h1)
}

/// Where a table's file goes and what names it: the page's path without `.html`, the table's
/// name (its caption, or the heading above it), and the heading above that one.
#[derive(Clone, Copy)]
struct Table<'a> {
    stem: &'a str,
    name: &'a str,
    outer: Option<&'a str>,
}

/// A table of initiatives, with its caption if it has one, as the `initiative_table` macro writes
/// it, and its file.
fn initiatives(
    out: &mut String,
    files: &mut Files,
    rows: &Rows,
    list: &ListOf,
    root: &str,
    caption: Option<&str>,
    table: Table,
) {
    let drawn =
        tables::draw_initiatives(list.items.iter().map(|&i| rows.initiative(i)), root, list.items.len());
    let mut lead = String::from("\n");
    if let Some(caption) = caption {
        lead.push_str("<caption>");
        e(&mut lead, caption);
        lead.push_str("</caption>");
    }
    lead.push('\n');
    framed(out, files, &lead, drawn, table);
}

/// A table drawn in Rust in its wrapper, `lead` between `<table>` and its rows, with its file
/// and the link to it after `</table>`.
fn framed(out: &mut String, files: &mut Files, lead: &str, drawn: tables::Drawn, table: Table) {
    out.push_str(tables::OPEN);
    out.push_str(lead);
    out.push_str(&drawn.inner);
    out.push_str("</table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, drawn.cells));
    out.push_str("</div>\n");
}

/// The `weeks` macro: a bet's or key result's statuses in each report of the cycle, and its
/// chart (`chart`, drawn), with `first` heading the column of entities; `root` escaped.
fn weeks(
    out: &mut String,
    files: &mut Files,
    w: &WeeksView,
    chart: Option<&str>,
    root: &str,
    first: &str,
    table: Table,
) {
    out.push_str("\n<section aria-labelledby=\"weeks-h\" class=\"chart-block\">\n  <h2 id=\"weeks-h\">Week by week</h2>\n  ");
    if let Some(svg) = chart {
        out.push_str("<figure class=\"chart\">");
        out.push_str(svg);
        out.push_str("</figure>");
    }
    out.push_str("\n  <div class=\"table-wrap\"><table class=\"weeks\">\n  <caption>");
    out.push_str(table.name);
    out.push_str("</caption>\n  <thead><tr><th scope=\"col\">");
    e(out, first);
    out.push_str("</th>");
    let mut cells = Cells::default();
    cells.cell(&[first]);
    for d in &w.dates {
        out.push_str("<th scope=\"col\">");
        e(out, d);
        out.push_str("</th>");
        cells.cell(&[d]);
    }
    out.push_str("</tr></thead>\n  <tbody>");
    cells.end_row();
    for r in &w.rows {
        out.push_str("<tr><th scope=\"row\">");
        link(out, root, &r.link.url, &r.link.id);
        out.push_str("</th>");
        cells.cell(&[&r.link.id]);
        for c in &r.cells {
            out.push_str("<td>");
            match c {
                Some(c) => {
                    status(out, &c.status);
                    out.push_str(" <span class=\"muted\">");
                    e(out, &c.progress);
                    out.push_str("</span>");
                    cells.cell(&[c.status.label, " ", &c.progress]);
                }
                None => {
                    out.push('—');
                    cells.cell(&["—"]);
                }
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
        cells.end_row();
    }
    out.push_str("</tbody>\n  </table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div>\n</section>\n");
}
