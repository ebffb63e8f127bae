//! An initiative's page (`initiative.html`) written in Rust.

use super::{
    Drawn, Frame, Table, chart_block, close, crumbs, framed, initiatives, open, outer_heading, plain_body,
    shown, signals,
};
use crate::render::site::downloads::Files;
use crate::render::site::downloads::{Cells, seen};
use crate::render::site::tables::{self, bar, escaped, link, link_or_title, status};
use crate::view::charts::ChartView;
use crate::view::entities::InitiativePage;
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::{CommitmentRow, Rows};

/// An initiative's page, at `stem` (its path without `.html`). `None` when its note holds a table
/// (whose file only the read-back names), or when a chart cannot be drawn: tera's way then draws
/// the page, and says what failed.
pub fn initiative(rows: &Rows, page: &InitiativePage, f: &Frame, stem: &str) -> Option<Drawn> {
    let note = shown(&page.note_html);
    if note.is_some_and(|note| note.contains("<table")) {
        return None;
    }
    let chart = |view: &ChartView| view.chart.draw().ok();
    let burn_up = chart(&page.chart_svg)?;
    let spread = match &page.spread_svg {
        Some(view) => Some(chart(view)?),
        None => None,
    };
    let drift = match &page.forecast_chart_svg {
        Some(view) => Some(chart(view)?),
        None => None,
    };
    let me = &*page.initiative;
    let outer = outer_heading(&me.link.title, &me.status, false);
    let at = |name| Table { stem, name, outer: Some(outer.as_str()) };
    let mut files = Files::default();
    let mut out = String::with_capacity(16384);
    open(&mut out, f);
    // The root as a template writes it, escaped (the tables' writers escape it themselves).
    let root = &escaped(f.root);
    heading(&mut out, page, root);
    facts(&mut out, page, root);
    forecast(&mut out, page, root);
    signals(&mut out, &page.signals, root);
    throughput(&mut out, &mut files, page, &burn_up, at);
    if let Some(svg) = spread {
        trials(&mut out, &mut files, page, &svg, at("Trials finishing in each week"));
    }
    out.push('\n');
    if let Some(svg) = drift {
        forecast_history(&mut out, &mut files, page, &svg, at("The forecast as each report saw it"));
    }
    out.push('\n');
    if let Some(note) = note {
        out.push_str("<aside class=\"prose note\"><h2>Commentary</h2>");
        out.push_str(note);
        out.push_str("</aside>");
    }
    key_results(&mut out, &mut files, page, f.root, at("Key results it moves"));
    if !page.commitments.is_empty() {
        commitments(&mut out, &mut files, &page.commitments, root, at("Commitments made on it"));
    }
    out.push('\n');
    dependencies(&mut out, &mut files, rows, page, f.root, at);
    people(&mut out, &mut files, rows, page, f.root, at("People"));
    work_items(&mut out, &mut files, rows, page, f.root, at);
    close(&mut out, f);
    Some((out, files.files))
}

/// The way to the initiative from the strategy map, and its title with its status.
fn heading(out: &mut String, page: &InitiativePage, root: &str) {
    let me = &*page.initiative;
    crumbs(out, root, &page.bets, "initiative", &me.link.id);
    out.push_str("<h1>");
    e(out, &me.link.title);
    out.push(' ');
    status(out, &me.status);
    out.push_str("</h1>\n");
}

/// The list of facts: how much is done, the forecast against the due date, who owns it.
fn facts(out: &mut String, page: &InitiativePage, root: &str) {
    let me = &*page.initiative;
    out.push_str("<dl class=\"facts\">\n  <div><dt>Done / scope</dt><dd>");
    e(out, &me.done);
    out.push_str(" / ");
    e(out, &me.scope);
    out.push(' ');
    e(out, &page.unit);
    out.push_str(" (");
    e(out, &me.progress);
    out.push_str(") ");
    bar(out, me.bar, None);
    out.push_str("</dd></div>\n  <div><dt>Forecast finish</dt><dd>");
    e(out, &me.forecast);
    out.push_str("</dd></div>\n  <div><dt>Due</dt><dd>");
    e(out, &me.due);
    if page.baseline_due != "—" && page.baseline_due != me.due {
        out.push_str(" <span class=\"muted\">(first promised ");
        e(out, &page.baseline_due);
        out.push_str(")</span>");
    }
    out.push_str("</dd></div>\n  <div><dt>P(on time)</dt><dd>");
    e(out, &me.on_time);
    out.push_str("</dd></div>\n  <div><dt>At P85</dt><dd>");
    e(out, &me.slip);
    if page.slip_vs_baseline != "—" {
        out.push_str(" <span class=\"muted\">(");
        e(out, &page.slip_vs_baseline);
        out.push_str(" against the first promise)</span>");
    }
    out.push_str("</dd></div>\n  <div><dt>Owner</dt><dd>");
    match &me.owner {
        Some(owner) => link_or_title(out, root, owner),
        None => out.push_str("<em>none</em>"),
    }
    out.push_str("</dd></div>\n  <div><dt>Team</dt><dd>");
    match &me.team {
        Some(team) => link_or_title(out, root, team),
        None => out.push('—'),
    }
    for (term, value) in [("Start", &page.start), ("Status column", &page.state)] {
        out.push_str("</dd></div>\n  <div><dt>");
        out.push_str(term);
        out.push_str("</dt><dd>");
        e(out, value);
    }
    out.push_str("</dd></div>\n</dl>\n");
}

/// What holds the forecast back (a predecessor not done), and the forecast in sentences.
fn forecast(out: &mut String, page: &InitiativePage, root: &str) {
    if let Some(d) = &page.delayed_by {
        out.push_str("<p class=\"callout\">The forecast starts on ");
        e(out, &page.trials_start);
        out.push_str(", the P50 of its predecessor ");
        link(out, root, &d.url, &format!("{} {}", d.id, d.title));
        out.push_str(", which is not done.</p>");
    }
    out.push('\n');
    if !page.forecast_text.is_empty() {
        out.push_str("<div class=\"forecast-text\">");
        for t in &page.forecast_text {
            out.push_str("<p>");
            e(out, t);
            out.push_str("</p>");
        }
        out.push_str("</div>");
    }
    out.push('\n');
}

/// The burn-up (`svg`, drawn) beside the weekly samples the trials draw from.
fn throughput<'a>(
    out: &mut String,
    files: &mut Files,
    page: &InitiativePage,
    svg: &str,
    at: impl Fn(&'a str) -> Table<'a>,
) {
    let me = &*page.initiative;
    chart_block(out, "chart-h", "Burn-up and forecast", svg);
    out.push_str("\n    <div class=\"table-wrap\"><table>\n      <caption>");
    let caption = format!("Weekly throughput samples ({} done in the 7 days ending on the date)", page.unit);
    e(out, &caption);
    let rows = page.weeks.iter().map(|w| [w.end.as_str(), &w.done]);
    let none = "No sample: the initiative has no activity yet.";
    let cells = plain_body(out, "      ", ["Week ending", "Done"], rows, Some(none));
    out.push_str("\n    </table>");
    let table = at("");
    out.push_str(&files.add(table.stem, &seen(&[&caption]), table.outer, cells));
    out.push_str(
        "\n    <p class=\"muted\">Monte Carlo: 10,000 trials draw these weeks, with replacement, until ",
    );
    e(out, &me.scope);
    out.push_str(" − ");
    e(out, &me.done);
    out.push(' ');
    e(out, &page.unit);
    out.push_str(" are done.</p></div>\n  </div>\n</section>\n");
}

/// How sure the forecast is: the trials finishing in each week (`svg`, drawn), and their table.
fn trials(out: &mut String, files: &mut Files, page: &InitiativePage, svg: &str, table: Table) {
    chart_block(out, "spread-h", "How sure the forecast is", svg);
    out.push_str("\n    <details><summary>The trials finishing in each week</summary><div class=\"table-wrap\"><table>\n      <caption>");
    out.push_str(table.name);
    let rows = page.spread.iter().map(|w| [w.week.as_str(), &w.trials, &w.share]);
    let cells = plain_body(out, "      ", ["Week ending", "Trials", "Share"], rows, None);
    out.push_str("\n    </table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div></details>\n  </div>\n</section>\n");
}

/// The forecast as each report saw it (`svg`, drawn), and its table.
fn forecast_history(out: &mut String, files: &mut Files, page: &InitiativePage, svg: &str, table: Table) {
    chart_block(out, "drift-h", "Forecast over time", svg);
    out.push_str("\n    <div class=\"table-wrap\"><table><caption>");
    out.push_str(table.name);
    let rows = page.forecast_history.iter().map(|(report, p50, p85, due)| [report.as_str(), p50, p85, due]);
    let cells = plain_body(out, "    ", ["Report of", "P50", "P85", "Due"], rows, None);
    out.push_str("</table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div>\n  </div>\n</section>\n");
}

/// The key results the initiative moves (`root` as given, not escaped).
fn key_results(out: &mut String, files: &mut Files, page: &InitiativePage, root: &str, table: Table) {
    out.push_str("\n<section><h2>");
    out.push_str(table.name);
    out.push_str("</h2>\n");
    if page.krs.is_empty() {
        out.push_str("<p class=\"gap\">This initiative supports no key result.</p>");
    } else {
        framed(out, files, "\n", tables::draw_krs(&page.krs, root), table);
    }
    out.push_str("</section>\n");
}

/// The initiatives it waits for and holds up, when there are any (`root` not escaped).
fn dependencies<'a>(
    out: &mut String,
    files: &mut Files,
    rows: &Rows,
    page: &InitiativePage,
    root: &str,
    at: impl Fn(&'a str) -> Table<'a>,
) {
    let (before, after) = (&page.predecessors.table, &page.successors.table);
    if before.items.is_empty() && after.items.is_empty() {
        return;
    }
    out.push_str("\n<section><h2>Dependencies</h2>\n");
    for (list, caption) in [(before, "Waits for"), (after, "Holds up")] {
        if !list.items.is_empty() {
            initiatives(out, files, rows, list, root, Some(caption), at(caption));
        }
        out.push('\n');
    }
    out.push_str("</section>\n");
}

/// The people who work on it (`root` not escaped).
fn people(out: &mut String, files: &mut Files, rows: &Rows, page: &InitiativePage, root: &str, table: Table) {
    out.push_str("\n<section><h2>");
    out.push_str(table.name);
    out.push_str("</h2>");
    let people = &page.people.table.items;
    let drawn = tables::draw_people(people.iter().map(|&p| rows.person(p)), root, people.len());
    framed(out, files, "\n", drawn, table);
    out.push_str("</section>\n");
}

/// Its work items, and the containers they are linked through (`root` not escaped).
fn work_items<'a>(
    out: &mut String,
    files: &mut Files,
    rows: &Rows,
    page: &InitiativePage,
    root: &str,
    at: impl Fn(&'a str) -> Table<'a>,
) {
    let items = &page.items.table;
    let heading = format!("Work items ({})", items.items.len());
    out.push_str("<section><h2>");
    out.push_str(&heading);
    out.push_str("</h2>\n");
    if !page.containers.is_empty() {
        out.push_str("<p class=\"muted\">Linked through: ");
        e(out, &page.containers.join(", "));
        out.push_str("</p>");
    }
    out.push('\n');
    let drawn = tables::draw(
        items.items.iter().map(|&w| rows.work(w)),
        root,
        items.show_initiative,
        items.items.len(),
    );
    framed(out, files, "", drawn, Table { name: &heading, ..at("") });
    out.push_str("</section>\n");
}

/// The commitments made on the initiative, in their section.
fn commitments(out: &mut String, files: &mut Files, list: &[CommitmentRow], root: &str, table: Table) {
    const HEADER: [&str; 6] = ["Commitment", "Date", "Made by", "To", "Status", "P(done by then)"];
    out.push_str("\n<section><h2>");
    out.push_str(table.name);
    out.push_str("</h2>\n<div class=\"table-wrap\"><table>");
    tables::head(out, &HEADER);
    out.push_str("<tbody>\n");
    let mut cells = Cells::default();
    cells.row(HEADER);
    for c in list {
        out.push_str("<tr id=\"");
        e(out, &c.anchor);
        out.push_str("\"><td>");
        e(out, &c.id);
        out.push(' ');
        e(out, &c.title);
        out.push_str("</td><td>");
        e(out, &c.date);
        out.push_str("</td><td>");
        match &c.made_by {
            Some(by) => link_or_title(out, root, by),
            None => out.push('—'),
        }
        out.push_str("</td><td>");
        e(out, &c.audience);
        out.push_str("</td><td>");
        status(out, &c.status);
        out.push_str("</td><td>");
        e(out, &c.probability);
        out.push_str("</td></tr>");
        cells.cell(&[&c.id, " ", &c.title]);
        cells.cell(&[&c.date]);
        cells.cell(&[c.made_by.as_ref().map_or("—", |by| by.title.as_str())]);
        cells.cell(&[&c.audience]);
        cells.cell(&[c.status.label]);
        cells.cell(&[&c.probability]);
        cells.end_row();
    }
    out.push_str("\n</tbody></table>");
    out.push_str(&files.add(table.stem, table.name, table.outer, cells));
    out.push_str("</div></section>\n");
}
