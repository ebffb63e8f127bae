//! A person's page (`person.html`) written in Rust.

use super::{Drawn, Frame, Table, close, framed, open, shown, signals};
use crate::render::site::downloads::{Files, decode};
use crate::render::site::tables::{self, escaped, link, link_or_title};
use crate::view::entities::PersonPage;
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::Rows;

/// A person's page (`person.html`), at `stem` (its path without `.html`). `None` when its note
/// holds a table, whose file only the read-back names.
pub fn person(rows: &Rows, page: &PersonPage, f: &Frame, stem: &str) -> Option<Drawn> {
    if shown(&page.note_html).is_some_and(|note| note.contains("<table")) {
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
    heading(&mut out, page, root);
    facts(&mut out, page, root);
    signals(&mut out, &page.signals, root);
    out.push('\n');
    if let Some(note) = shown(&page.note_html) {
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
    let initiatives = &page.initiatives.table;
    if initiatives.items.is_empty() {
        out.push_str("<p>No open work.</p>");
    } else {
        let table = Table { stem, name: INITIATIVES, outer: Some(&outer) };
        super::initiatives(&mut out, &mut files, rows, initiatives, f.root, None, table);
    }
    let open_items = &page.open_items.table;
    let heading = format!("Open work items ({})", open_items.items.len());
    out.push_str("</section>\n<section><h2>");
    out.push_str(&heading);
    out.push_str("</h2>");
    let (items, count) = (open_items.items.iter().map(|&w| rows.work(w)), open_items.items.len());
    let drawn = tables::draw(items, f.root, open_items.show_initiative, count);
    framed(&mut out, &mut files, "", drawn, Table { stem, name: &heading, outer: Some(&outer) });
    out.push_str("</section>\n");
    close(&mut out, f);
    Some((out, files.files))
}

/// The way to the person from their team, their name (and whether they are overloaded), and
/// whether people.csv lists them.
fn heading(out: &mut String, page: &PersonPage, root: &str) {
    let me = &*page.person;
    out.push_str("\n<p class=\"crumbs\">");
    if let Some(team) = &me.team {
        link(out, root, &team.url, &format!("team {}", team.title));
        out.push_str(" › ");
    }
    out.push_str("person</p>\n<h1>");
    e(out, &me.link.title);
    if me.overloaded {
        out.push_str(" <span class=\"tag tag-bad\">overloaded</span>");
    }
    out.push_str("</h1>\n");
    if !me.listed {
        out.push_str(
            "<p class=\"callout\">This assignee is not in people.csv, so their capacity is unknown.</p>",
        );
    }
}

/// The list of facts: team, capacity, open work and how much of the capacity it takes.
fn facts(out: &mut String, page: &PersonPage, root: &str) {
    let me = &*page.person;
    out.push_str("\n<dl class=\"facts\">\n  <div><dt>Team</dt><dd>");
    match &me.team {
        Some(team) => link_or_title(out, root, team),
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
        e(out, value);
    }
    out.push_str("</dd></div>\n  <div><dt>Items done</dt><dd>");
    out.push_str(&page.done_items.to_string());
    out.push_str("</dd></div>\n  ");
    if let Some(email) = page.email.as_deref().filter(|m| !m.is_empty()) {
        out.push_str("<div><dt>E-mail</dt><dd>");
        e(out, email);
        out.push_str("</dd></div>");
    }
    out.push_str("\n</dl>\n");
}
