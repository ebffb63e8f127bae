//! The default theme's most numerous page, a person's, written in Rust: `base.html` around
//! `person.html`, byte for byte as tera writes them (a test renders every page of the sample
//! both ways and compares them), and its tables' files as the read-back (`downloads`) makes
//! them, from the tables' cells rather than from the page. Used only while the theme's
//! `base.html`, `macros.html` and `person.html` are the default ones (`Theme::compiled`): a
//! large company has ten thousand person pages, and going through tera and reading each page
//! back cost more than drawing its rows.

use super::NAV;
use super::downloads::{Download, Files, decode};
use super::tables::{self, escaped, link, link_or_title};
use crate::view::entities::PersonPage;
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::{Rows, Shared, SignalView};

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
fn open(out: &mut String, f: &Frame) {
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
fn close(out: &mut String, f: &Frame) {
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

/// A person's page (`person.html`), at `stem` (its path without `.html`). `None` when its note
/// holds a table, whose file only the read-back names.
pub fn person(rows: &Rows, page: &PersonPage, f: &Frame, stem: &str) -> Option<Drawn> {
    if page.note_html.as_deref().is_some_and(|note| note.contains("<table")) {
        return None;
    }
    let me = &*page.person;
    // The heading above the tables' own, as the read-back reads it.
    let outer = {
        let mut h1 = String::new();
        e(&mut h1, &me.link.title);
        if me.overloaded {
            h1.push_str(" overloaded");
        }
        decode(&h1)
    };
    let mut files = Files::default();
    let mut out = String::with_capacity(8192);
    open(&mut out, f);
    // The root as a template writes it, escaped (the tables' writers escape it themselves).
    let root = &escaped(f.root);
    out.push_str("\n<p class=\"crumbs\">");
    if let Some(team) = &me.team {
        link(&mut out, root, &team.url, &format!("team {}", team.title));
        out.push_str(" › ");
    }
    out.push_str("person</p>\n<h1>");
    e(&mut out, &me.link.title);
    if me.overloaded {
        out.push_str(" <span class=\"tag tag-bad\">overloaded</span>");
    }
    out.push_str("</h1>\n");
    if !me.listed {
        out.push_str(
            "<p class=\"callout\">This assignee is not in people.csv, so their capacity is unknown.</p>",
        );
    }
    out.push_str("\n<dl class=\"facts\">\n  <div><dt>Team</dt><dd>");
    match &me.team {
        Some(team) => link_or_title(&mut out, root, team),
        None => out.push('—'),
    }
    for (term, value) in [
        ("Capacity / week", &me.capacity),
        ("Open work (active initiatives)", &me.open),
        ("Utilisation to cycle end", &me.utilisation),
    ] {
        out.push_str("</dd></div>\n  <div><dt>");
        out.push_str(term);
        out.push_str("</dt><dd>");
        e(&mut out, value);
    }
    out.push_str("</dd></div>\n  <div><dt>Items done</dt><dd>");
    out.push_str(&page.done_items.to_string());
    out.push_str("</dd></div>\n  ");
    if let Some(email) = &page.email {
        out.push_str("<div><dt>E-mail</dt><dd>");
        e(&mut out, email);
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>\n");
    signals(&mut out, &page.signals, root);
    out.push('\n');
    if let Some(note) = &page.note_html {
        out.push_str("<aside class=\"prose note\">");
        out.push_str(note);
        out.push_str("</aside>");
    }
    out.push('\n');
    if !page.owns.is_empty() {
        out.push_str("<section><h2>Owns</h2><ul>");
        for (kind, l) in &page.owns {
            out.push_str("<li>");
            e(&mut out, kind);
            out.push(' ');
            link(&mut out, root, &l.url, &l.id);
            out.push(' ');
            e(&mut out, &l.title);
            out.push_str("</li>");
        }
        out.push_str("</ul></section>");
    }
    const INITIATIVES: &str = "Initiatives they work on";
    out.push_str("\n<section><h2>");
    out.push_str(INITIATIVES);
    out.push_str("</h2>");
    let initiatives = &page.initiatives.table.items;
    if initiatives.is_empty() {
        out.push_str("<p>No open work.</p>");
    } else {
        let count = initiatives.len();
        let drawn = tables::draw_initiatives(initiatives.iter().map(|&i| rows.initiative(i)), f.root, count);
        out.push_str("\n<div class=\"table-wrap\"><table>\n\n");
        out.push_str(&drawn.inner);
        out.push_str("</table>");
        out.push_str(&files.add(stem, INITIATIVES, Some(&outer), drawn.cells));
        out.push_str("</div>\n");
    }
    let open_items = &page.open_items.table;
    let heading = format!("Open work items ({})", open_items.items.len());
    out.push_str("</section>\n<section><h2>");
    out.push_str(&heading);
    out.push_str("</h2>");
    let (items, count) = (open_items.items.iter().map(|&w| rows.work(w)), open_items.items.len());
    let drawn = tables::draw(items, f.root, open_items.show_initiative, count);
    out.push_str(tables::OPEN);
    out.push_str(&drawn.inner);
    out.push_str("</table>");
    out.push_str(&files.add(stem, &heading, Some(&outer), drawn.cells));
    out.push_str("</div>\n</section>\n");
    close(&mut out, f);
    Some((out, files.files))
}

/// The `signals` macro: a list of signals, each with the entities that cause it (`root`
/// escaped).
fn signals(out: &mut String, list: &[Shared<SignalView>], root: &str) {
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
