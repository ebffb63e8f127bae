//! The default theme's most numerous pages, a person's and an initiative's, written in Rust:
//! `base.html` around `person.html` or `initiative.html`, byte for byte as tera writes them (a
//! test renders every page of the sample both ways and compares them), and their tables' files
//! as the read-back (`downloads`) makes them, from the tables' cells rather than from the page.
//! Used only while the theme's `base.html`, `macros.html` and the page's own template are the
//! default ones (`Theme::in_rust`): a large company has ten thousand people and five thousand
//! initiatives, and going through tera and reading each page back cost more than drawing its
//! rows.

mod initiative;
mod person;

pub use initiative::initiative;
pub use person::person;

use super::NAV;
use super::downloads::Download;
use super::tables::{link, seen};
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::{Shared, SignalView};

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
    out.push_str("search-index.js\"></script>\n<script src=\"");
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

/// A note's HTML, when there is one to show (`{% if page.note_html %}`: an empty note shows
/// nothing).
fn shown(note: &Option<String>) -> Option<&str> {
    note.as_deref().filter(|n| !n.is_empty())
}

/// A row of plain cells, `<tr><td>…</td>…</tr>`, and its cells as a reader sees them.
fn plain_row(out: &mut String, cells: &[&str]) -> Vec<String> {
    out.push_str("<tr>");
    for cell in cells {
        out.push_str("<td>");
        e(out, cell);
        out.push_str("</td>");
    }
    out.push_str("</tr>");
    cells.iter().map(|c| seen(&[c])).collect()
}
