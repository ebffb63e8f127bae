//! A key result's page (`kr.html`) written in Rust.

use super::{
    Drawn, Frame, Table, chart_block, close, crumbs, initiatives, open, outer_heading, plain_body, shown,
    signals, weeks,
};
use crate::render::site::downloads::Cells;
use crate::render::site::downloads::Files;
use crate::render::site::tables::{bar, escaped, head, link_or_title, maintained, progress, status};
use crate::view::entities::{KrPage, TargetRow};
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::Rows;

/// The caption of the table of weeks, which names its file.
const WEEKS: &str = "Status in each report of the cycle";

/// A key result's page, at `stem` (its path without `.html`). `None` when its description or
/// note holds a table (whose file only the read-back names), or when a chart cannot be drawn:
/// tera's way then draws the page, and says what failed.
pub fn kr(rows: &Rows, page: &KrPage, f: &Frame, stem: &str) -> Option<Drawn> {
    let note = shown(&page.note_html);
    let description = Some(page.description_html.as_str()).filter(|d| !d.is_empty());
    if [note, description].into_iter().flatten().any(|html| html.contains("<table")) {
        return None;
    }
    let burn_up = page.chart_svg.chart.draw().ok()?;
    let band = match page.weeks.as_ref().and_then(|w| w.chart_svg.as_ref()) {
        Some(view) => Some(view.chart.draw().ok()?),
        None => None,
    };
    let k = &page.kr;
    let outer = outer_heading(&k.link.title, &k.status, k.stale);
    let at = |name| Table { stem, name, outer: Some(outer.as_str()) };
    let mut files = Files::default();
    let mut out = String::with_capacity(16384);
    open(&mut out, f);
    let root = &escaped(f.root);
    heading(&mut out, page, root);
    facts(&mut out, page, root);
    signals(&mut out, &page.signals, root);
    checkins(&mut out, &mut files, page, &burn_up, at("Check-ins, newest first"));
    if let Some(w) = &page.weeks {
        weeks(&mut out, &mut files, w, band.as_deref(), root, "Key result", at(WEEKS));
    }
    out.push('\n');
    if !page.target_history.is_empty() {
        targets(&mut out, &mut files, &page.target_history, page.targets_from_git, root, at);
    }
    out.push('\n');
    if let Some(description) = description {
        out.push_str("<div class=\"prose\">");
        out.push_str(description);
        out.push_str("</div>");
    }
    out.push('\n');
    if let Some(note) = note {
        out.push_str("<aside class=\"prose note\"><h2>Commentary</h2>");
        out.push_str(note);
        out.push_str("</aside>");
    }
    let table = at("Initiatives that move it");
    out.push_str("\n<section><h2>");
    out.push_str(table.name);
    out.push_str("</h2>\n");
    let list = &page.initiatives.table;
    if list.items.is_empty() {
        out.push_str("<p class=\"gap\">No initiative supports this key result.</p>");
    } else {
        initiatives(&mut out, &mut files, rows, list, f.root, None, table);
    }
    out.push_str("\n</section>\n");
    close(&mut out, f);
    Some((out, files.files))
}

/// The way to the key result from the strategy map, its title with its status, what it
/// measures, how its target moved since the last publish, and how to read it.
fn heading(out: &mut String, page: &KrPage, root: &str) {
    let k = &page.kr;
    crumbs(out, root, &page.bet, "key result", &k.link.id);
    out.push_str("<h1>");
    e(out, &k.link.title);
    out.push(' ');
    status(out, &k.status);
    if k.stale {
        out.push_str(" <span class=\"tag\">stale</span>");
    }
    out.push_str("</h1>\n<p class=\"lead\">");
    e(out, &k.link.id);
    out.push_str(": ");
    e(out, &page.definition);
    out.push_str(", ");
    e(out, &page.window);
    out.push_str(".</p>\n");
    for m in &page.moved {
        out.push_str("<p class=\"callout moved\"><strong>Target moved</strong> since the last publish: ");
        e(out, m);
        out.push_str(". The progress, the expected pace and the status below are measured against the new definition.</p>");
    }
    out.push('\n');
    if let Some(reading) = page.reading.as_deref().filter(|r| !r.is_empty()) {
        out.push_str("<p class=\"reading\">");
        e(out, reading);
        out.push_str(".</p>");
    }
}

/// The list of facts: progress against the expected pace (or against its line), the latest
/// check-in, the initiatives' output and the owner.
fn facts(out: &mut String, page: &KrPage, root: &str) {
    let k = &page.kr;
    out.push_str("\n<dl class=\"facts\">\n  ");
    match maintained(k) {
        Some(_) => {
            out.push_str("<div><dt>Against its line</dt><dd>");
            progress(out, k);
            out.push_str("</dd></div>\n  ");
        }
        None => {
            out.push_str("<div><dt>Progress</dt><dd>");
            e(out, &k.progress);
            out.push(' ');
            bar(out, k.bar, Some(k.expected_bar));
            for (term, value) in
                [("Expected", &k.expected), ("Gap", &k.gap), ("Forecast at end", &k.forecast)]
            {
                out.push_str("</dd></div>\n  <div><dt>");
                out.push_str(term);
                out.push_str("</dt><dd>");
                e(out, value);
            }
            out.push_str("</dd></div>");
        }
    }
    out.push_str("\n  <div><dt>Latest</dt><dd>");
    e(out, &k.latest);
    out.push_str(" <span class=\"muted\">");
    e(out, &k.latest_date);
    out.push_str("</span></dd></div>\n  <div><dt>Confidence</dt><dd>");
    e(out, &k.confidence);
    out.push_str("</dd></div>\n  <div><dt>Initiatives' output</dt><dd>");
    e(out, &page.output);
    out.push_str("</dd></div>\n  <div><dt>Owner</dt><dd>");
    match &k.owner {
        Some(owner) => link_or_title(out, root, owner),
        None => out.push_str("<em>none</em>"),
    }
    out.push_str("</dd></div>\n</dl>\n");
}

/// The burn-up (`svg`, drawn) beside the check-ins, newest first.
fn checkins(out: &mut String, files: &mut Files, page: &KrPage, svg: &str, table: Table) {
    chart_block(out, "chart-h", "Burn-up", svg);
    out.push_str("\n    <div class=\"table-wrap\"><table>\n      <caption>");
    out.push_str(table.name);
    let against = if maintained(&page.kr).is_some() { "Against the line" } else { "Progress" };
    let header = ["Date", "Value", against, "Confidence", "Note"];
    let rows = page.checkins.iter().map(|c| [c.date.as_str(), &c.value, &c.progress, &c.confidence, &c.note]);
    let cells = plain_body(out, "      ", header, rows, Some("No check-in yet."));
    out.push_str("\n    </table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div>\n  </div>\n</section>\n");
}

/// How the key result's target moved: in the strategy file's commits (`from_git`), else between
/// the reports kept.
fn targets<'a>(
    out: &mut String,
    files: &mut Files,
    moves: &[TargetRow],
    from_git: bool,
    root: &str,
    at: impl Fn(&'a str) -> Table<'a>,
) {
    let (caption, header): (&str, &[&str]) = if from_git {
        (
            "Every change of its definition in the strategy file's commits, oldest first",
            &["Committed", "Field", "Before", "After", "Moved", "By", "Commit"],
        )
    } else {
        (
            "Every change of its definition between the reports kept, oldest first",
            &["Seen in the report of", "Since the report of", "Field", "Before", "After", "Moved"],
        )
    };
    out.push_str("\n<section aria-labelledby=\"targets-h\">\n  <h2 id=\"targets-h\">How its target moved</h2>\n  <div class=\"table-wrap\"><table>\n  <caption>");
    out.push_str(caption);
    out.push_str("</caption>\n  ");
    head(out, header);
    out.push_str("\n  <tbody>");
    let mut cells = Cells::default();
    cells.row(header.iter().copied());
    for t in moves {
        out.push_str("<tr>");
        let plain: &[&str] = if from_git {
            &[&t.when, t.field, &t.before, &t.after]
        } else {
            &[&t.when, &t.since, t.field, &t.before, &t.after]
        };
        for cell in plain {
            out.push_str("<td>");
            e(out, cell);
            out.push_str("</td>");
        }
        out.push_str("<td><span class=\"moved-");
        e(out, t.direction);
        out.push_str("\">");
        e(out, t.direction);
        out.push_str("</span></td>");
        for cell in plain {
            cells.cell(&[cell]);
        }
        cells.cell(&[t.direction]);
        if from_git {
            out.push_str("<td>");
            if let Some(by) = &t.by {
                link_or_title(out, root, by);
            }
            out.push_str("</td><td>");
            if !t.commit.is_empty() {
                out.push_str("<code>");
                e(out, &t.commit);
                out.push_str("</code> ");
                e(out, &t.message);
            }
            out.push_str("</td>");
            cells.cell(&[t.by.as_ref().map_or("", |by| by.title.as_str())]);
            if t.commit.is_empty() {
                cells.cell(&[]);
            } else {
                cells.cell(&[&t.commit, " ", &t.message]);
            }
        }
        out.push_str("</tr>");
        cells.end_row();
    }
    out.push_str("</tbody>\n  \n  </table>");
    let table = at(caption);
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div>\n</section>\n");
}
