//! The default theme's large tables, written in Rust: the same bytes as the `work_table`,
//! `signal_table`, `initiative_table` and `people_table` macros of
//! `themes/default/templates/macros.html` (a test renders each both ways and compares them),
//! without a template call per row. Used only while the theme's `macros.html` is the default one.
//!
//! Such a table's rows never go through the template, nor are they read back for its CSV file:
//! the template is given an empty table holding their marker (`fragments`), and the read-back
//! takes the cells drawn here. A large site has hundreds of thousands of rows; reading them
//! back from the page cost seconds.

use super::downloads::Cells;
use super::fragments::Fragments;
use crate::view::markdown::escape_html_into as e;
use crate::view::rows::{
    DrawnTable, InitiativeRow, InitiativeTable, KrRow, PeopleTable, PersonRow, Rows, Shared, SignalTable,
    SignalView, StatusView, WorkRow, WorkTable,
};

pub(super) const OPEN: &str = "\n<div class=\"table-wrap\"><table>";
pub(super) const CLOSE: &str = "</table></div>\n";

/// A work table drawn in Rust: the HTML inside its `<table>`, and its cells as a reader of the
/// page sees them (its CSV file's rows, the header first).
pub(super) struct Drawn {
    pub inner: String,
    pub cells: Cells,
}

/// The whole table, as the theme's macro writes it.
pub fn work_table<'a>(
    out: &mut String,
    rows: impl Iterator<Item = WorkRow<'a>>,
    root: &str,
    show_initiative: bool,
) {
    let table = draw(rows, root, show_initiative, 0);
    out.push_str(OPEN);
    out.push_str(&table.inner);
    out.push_str(CLOSE);
}

/// The table's rows as HTML and as the cells a reader sees: each cell's text with its runs of
/// white space as one space, as `downloads` reads a cell.
pub(super) fn draw<'a>(
    rows: impl Iterator<Item = WorkRow<'a>>,
    root: &str,
    show_initiative: bool,
    capacity: usize,
) -> Drawn {
    let mut out = String::with_capacity(600 + 400 * capacity);
    let mut cells = Cells::default();
    let mut header = vec!["Item", "Status", "Assignee", "Weight", "Due"];
    out.push_str("\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Status</th><th scope=\"col\">Assignee</th><th scope=\"col\">Weight</th><th scope=\"col\">Due</th>");
    if show_initiative {
        out.push_str("<th scope=\"col\">Initiative</th>");
        header.push("Initiative");
    }
    cells.row(header);
    out.push_str("</tr></thead>\n<tbody>\n");
    let root = escaped(root);
    for w in rows {
        out.push_str("\n<tr id=\"w-");
        e(&mut out, w.anchor.slug);
        out.push_str("\"><td>");
        match &w.source_url {
            Some(url) => {
                out.push_str("<a href=\"");
                e(&mut out, url);
                out.push_str("\" rel=\"noopener\">");
                e(&mut out, w.id);
                out.push_str("</a>");
            }
            None => e(&mut out, w.id),
        }
        out.push(' ');
        e(&mut out, w.title);
        out.push_str("</td><td><span class=\"ws ws-");
        e(&mut out, w.status);
        out.push_str("\">");
        e(&mut out, w.status_label);
        out.push_str("</span></td><td>");
        match &w.assignee {
            Some(a) => link(&mut out, &root, &a.url, &a.title),
            None => out.push_str("<em>unassigned</em>"),
        }
        out.push_str("</td><td>");
        e(&mut out, &w.weight);
        if w.imputed {
            out.push_str(" <abbr title=\"no estimate: weight imputed\">est.</abbr>");
        }
        out.push_str("</td><td>");
        e(&mut out, &w.due);
        if w.overdue {
            out.push_str(" <span class=\"tag tag-bad\">overdue</span>");
        }
        out.push_str("</td>");
        if show_initiative {
            match &w.initiative {
                Some(i) => {
                    out.push_str("<td>");
                    link(&mut out, &root, &i.url, &i.id);
                    out.push_str("</td>");
                }
                None => out.push_str("<td>—</td>"),
            }
        }
        out.push_str("</tr>\n");
        cells.cell(&[w.id, " ", w.title]);
        cells.cell(&[w.status_label]);
        cells.cell(&[w.assignee.as_ref().map_or("unassigned", |a| a.title.as_str())]);
        cells.cell(&[&w.weight, if w.imputed { " est." } else { "" }]);
        cells.cell(&[&w.due, if w.overdue { " overdue" } else { "" }]);
        if show_initiative {
            cells.cell(&[w.initiative.as_ref().map_or("—", |i| i.id.as_str())]);
        }
        cells.end_row();
    }
    out.push_str("\n</tbody>");
    Drawn { inner: out, cells }
}

/// The whole table of signals, as the theme's macro writes it.
pub fn signal_table(out: &mut String, signals: impl Iterator<Item = Shared<SignalView>>, root: &str) {
    let table = draw_signals(signals, root, 0);
    out.push_str(OPEN);
    out.push_str(&table.inner);
    out.push_str(CLOSE);
}

/// A table of signals as HTML and as the cells a reader sees: what each is on, what it says, and
/// the entities that cause it.
fn draw_signals(signals: impl Iterator<Item = Shared<SignalView>>, root: &str, capacity: usize) -> Drawn {
    let mut out = String::with_capacity(300 + 400 * capacity);
    let mut cells = Cells::default();
    out.push_str("\n<thead><tr><th scope=\"col\">On</th><th scope=\"col\">What</th><th scope=\"col\">Caused by</th></tr></thead>\n<tbody>\n");
    cells.row(["On", "What", "Caused by"]);
    let root = escaped(root);
    for s in signals {
        out.push_str("\n<tr><td class=\"on\">");
        link(&mut out, &root, &s.entity.url, &s.on);
        out.push_str("</td><td>");
        e(&mut out, &s.message);
        out.push_str("</td><td>");
        for (n, r) in s.related.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            link(&mut out, &root, &r.url, &r.id);
        }
        if s.related.is_empty() {
            out.push('—');
        }
        out.push_str("</td></tr>\n");
        let related: Vec<&str> = s.related.iter().map(|r| r.id.as_str()).collect();
        let related = if related.is_empty() { "—".to_string() } else { related.join(", ") };
        cells.cell(&[&s.on]);
        cells.cell(&[&s.message]);
        cells.cell(&[&related]);
        cells.end_row();
    }
    out.push_str("\n</tbody>");
    Drawn { inner: out, cells }
}

/// A table of initiatives' rows (`<thead>` to `</tbody>`: the macro writes the table and its
/// caption around them) as HTML and as the cells a reader sees.
pub(super) fn draw_initiatives(
    rows: impl Iterator<Item = Shared<InitiativeRow>>,
    root: &str,
    capacity: usize,
) -> Drawn {
    const HEADER: [&str; 8] =
        ["Initiative", "Status", "Done / scope", "Forecast finish", "Due", "P(on time)", "At P85", "Owner"];
    let (mut out, mut cells) = begin(&HEADER, 300 * capacity);
    let root = escaped(root);
    for i in rows {
        out.push_str("\n<tr><td>");
        link(&mut out, &root, &i.link.url, &i.link.id);
        out.push(' ');
        e(&mut out, &i.link.title);
        out.push_str("</td><td>");
        status(&mut out, &i.status);
        out.push_str("</td><td>");
        e(&mut out, &i.done);
        out.push_str(" / ");
        e(&mut out, &i.scope);
        out.push_str(" (");
        e(&mut out, &i.progress);
        out.push(')');
        for text in [&i.forecast, &i.due, &i.on_time, &i.slip] {
            out.push_str("</td><td>");
            e(&mut out, text);
        }
        out.push_str("</td><td>");
        match &i.owner {
            Some(owner) => link_or_title(&mut out, &root, owner),
            None => out.push_str("<em>none</em>"),
        }
        out.push_str("</td></tr>\n");
        cells.cell(&[&i.link.id, " ", &i.link.title]);
        cells.cell(&[i.status.label]);
        cells.cell(&[&i.done, " / ", &i.scope, " (", &i.progress, ")"]);
        cells.cell(&[&i.forecast]);
        cells.cell(&[&i.due]);
        cells.cell(&[&i.on_time]);
        cells.cell(&[&i.slip]);
        cells.cell(&[i.owner.as_ref().map_or("none", |o| o.title.as_str())]);
        cells.end_row();
    }
    out.push_str("\n</tbody>");
    Drawn { inner: out, cells }
}

/// A table of people's rows (`<thead>` to `</tbody>`) as HTML and as the cells a reader sees.
pub(super) fn draw_people(
    rows: impl Iterator<Item = Shared<PersonRow>>,
    root: &str,
    capacity: usize,
) -> Drawn {
    const HEADER: [&str; 5] = ["Person", "Team", "Capacity / week", "Open work", "Utilisation"];
    let (mut out, mut cells) = begin(&HEADER, 250 * capacity);
    let root = escaped(root);
    for p in rows {
        out.push_str("\n<tr><td>");
        link(&mut out, &root, &p.link.url, &p.link.title);
        if !p.listed {
            out.push_str(" <span class=\"muted\">(not in people.csv)</span>");
        }
        out.push_str("</td><td>");
        match &p.team {
            Some(team) => link(&mut out, &root, &team.url, &team.title),
            None => out.push('—'),
        }
        for text in [&p.capacity, &p.open, &p.utilisation] {
            out.push_str("</td><td>");
            e(&mut out, text);
        }
        if p.overloaded {
            out.push_str(" <span class=\"tag tag-bad\">overloaded</span>");
        }
        out.push_str("</td></tr>\n");
        cells.cell(&[&p.link.title, if p.listed { "" } else { " (not in people.csv)" }]);
        cells.cell(&[p.team.as_ref().map_or("—", |t| t.title.as_str())]);
        cells.cell(&[&p.capacity]);
        cells.cell(&[&p.open]);
        cells.cell(&[&p.utilisation, if p.overloaded { " overloaded" } else { "" }]);
        cells.end_row();
    }
    out.push_str("\n</tbody>");
    Drawn { inner: out, cells }
}

/// A table of key results' rows (`<thead>` to `</tbody>`, as the `kr_table` macro writes them)
/// as HTML and as the cells a reader sees.
pub(super) fn draw_krs(rows: &[KrRow], root: &str) -> Drawn {
    const HEADER: [&str; 8] =
        ["Key result", "Status", "Progress", "Expected", "Gap", "Forecast", "Latest", "Owner"];
    let (mut out, mut cells) = begin(&HEADER, 600 * rows.len());
    let root = escaped(root);
    for k in rows {
        out.push_str("\n<tr><td>");
        link(&mut out, &root, &k.link.url, &k.link.id);
        out.push(' ');
        e(&mut out, &k.link.title);
        out.push_str("</td><td>");
        status(&mut out, &k.status);
        if k.stale {
            out.push_str(" <span class=\"tag\">stale</span>");
        }
        out.push_str("</td><td>");
        progress(&mut out, k);
        for text in [&k.expected, &k.gap, &k.forecast, &k.latest] {
            out.push_str("</td><td>");
            e(&mut out, text);
        }
        out.push_str(" <span class=\"muted\">");
        e(&mut out, &k.latest_date);
        out.push_str("</span></td><td>");
        match &k.owner {
            Some(owner) => link_or_title(&mut out, &root, owner),
            None => out.push_str("<em>none</em>"),
        }
        out.push_str("</td></tr>\n");
        cells.cell(&[&k.link.id, " ", &k.link.title]);
        cells.cell(&[k.status.label, if k.stale { " stale" } else { "" }]);
        cells.cell(&[&k.progress, " ", maintained(k).unwrap_or_default()]);
        cells.cell(&[&k.expected]);
        cells.cell(&[&k.gap]);
        cells.cell(&[&k.forecast]);
        cells.cell(&[&k.latest, " ", &k.latest_date]);
        cells.cell(&[k.owner.as_ref().map_or("none", |o| o.title.as_str())]);
        cells.end_row();
    }
    out.push_str("\n</tbody>");
    Drawn { inner: out, cells }
}

/// A key result's progress as the `progress` macro writes it: a bar against its expected mark, or,
/// for one kept on the right side of a line, whether it holds.
pub(super) fn progress(out: &mut String, k: &KrRow) {
    match maintained(k) {
        Some(line) => {
            out.push_str("<span class=\"holding");
            if k.progress == "Breached" {
                out.push_str(" breached");
            }
            out.push_str("\">");
            e(out, &k.progress);
            out.push_str("</span> <span class=\"muted\">");
            e(out, line);
            out.push_str("</span>");
        }
        None => {
            bar(out, k.bar, Some(k.expected_bar));
            out.push(' ');
            e(out, &k.progress);
        }
    }
}

/// The line a key result is kept on the right side of, when it is one (`{% if k.maintain %}`).
pub(super) fn maintained(k: &KrRow) -> Option<&str> {
    k.maintain.as_deref().filter(|m| !m.is_empty())
}

/// A bar as the `bar` macro writes it: `value` filled, and the `expected` mark where given.
pub(super) fn bar(out: &mut String, value: u32, expected: Option<u32>) {
    out.push_str("<span class=\"bar\" aria-hidden=\"true\"><span class=\"fill\" style=\"width: ");
    out.push_str(&value.to_string());
    out.push_str("%\"></span>");
    if let Some(expected) = expected {
        out.push_str("<span class=\"mark\" style=\"left: ");
        out.push_str(&expected.to_string());
        out.push_str("%\"></span>");
    }
    out.push_str("</span>");
}

/// A table's head, as the macros write it, and the start of its body, with room for `bytes`
/// more; and its cells, the header's first.
fn begin(header: &[&str], bytes: usize) -> (String, Cells) {
    let mut out = String::with_capacity(400 + bytes);
    head(&mut out, header);
    out.push_str("\n<tbody>\n");
    let mut cells = Cells::default();
    cells.row(header.iter().copied());
    (out, cells)
}

/// A table's head, `<thead>` to `</thead>`, as the templates write it.
pub(super) fn head(out: &mut String, header: &[&str]) {
    out.push_str("<thead><tr>");
    for h in header {
        out.push_str("<th scope=\"col\">");
        out.push_str(h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>");
}

/// A status as the `status` macro writes it.
pub(super) fn status(out: &mut String, s: &StatusView) {
    out.push_str("<span class=\"status s-");
    e(out, s.word);
    out.push_str("\"><span aria-hidden=\"true\">");
    e(out, s.icon);
    out.push_str("</span> ");
    e(out, s.label);
    out.push_str("</span>");
}

/// A link as the `link` macro writes it: a title alone when it has no page.
pub(super) fn link_or_title(out: &mut String, root: &str, l: &crate::view::rows::Link) {
    if l.url.is_empty() { e(out, &l.title) } else { link(out, root, &l.url, &l.title) }
}

/// A link as the macros write it, `<a href="{{ root }}{{ url }}">{{ text }}</a>`, with `root`
/// already escaped.
pub(super) fn link(out: &mut String, root: &str, url: &str, text: &str) {
    out.push_str("<a href=\"");
    out.push_str(root);
    e(out, url);
    out.push_str("\">");
    e(out, text);
    out.push_str("</a>");
}

/// `root` as a template writes it (escaped).
pub(super) fn escaped(root: &str) -> String {
    let mut out = String::new();
    e(&mut out, root);
    out
}

/// Writes every table in `value` (a page's data, with its root `root`): each `WorkTable` and
/// `SignalTable` becomes the `DrawnTable` its template reads. When the theme's table macros are
/// the default ones (`Rows::fast_tables`), its rows are drawn here and kept in `parts`, and the
/// template is given the table with their marker.
pub fn draw_tables(rows: &Rows, value: &mut serde_json::Value, root: &str, parts: &mut Fragments) {
    match value {
        serde_json::Value::Object(map) if map.contains_key("__work_table") => {
            let Ok(WorkTable { table }) = serde_json::from_value(value.clone()) else { return };
            let items = table.items.iter().map(|&w| rows.work(w));
            let count = table.items.len();
            *value = drawn(rows.fast_tables, items, parts, Holds::Table, |items| {
                draw(items, root, table.show_initiative, count)
            });
        }
        serde_json::Value::Object(map) if map.contains_key("__signal_table") => {
            let Ok(SignalTable { table }) = serde_json::from_value(value.clone()) else { return };
            let signals = table.items.iter().map(|&n| rows.signal_at(n));
            let count = table.items.len();
            *value = drawn(rows.fast_tables, signals, parts, Holds::Table, |signals| {
                draw_signals(signals, root, count)
            });
        }
        serde_json::Value::Object(map) if map.contains_key("__initiative_table") => {
            let Ok(InitiativeTable { table }) = serde_json::from_value(value.clone()) else { return };
            let initiatives = table.items.iter().map(|&i| rows.initiative(i));
            let count = table.items.len();
            *value = drawn(rows.fast_tables, initiatives, parts, Holds::Inside, |i| {
                draw_initiatives(i, root, count)
            });
        }
        serde_json::Value::Object(map) if map.contains_key("__people_table") => {
            let Ok(PeopleTable { table }) = serde_json::from_value(value.clone()) else { return };
            let people = table.items.iter().map(|&p| rows.person(p));
            let count = table.items.len();
            *value = drawn(rows.fast_tables, people, parts, Holds::Inside, |p| draw_people(p, root, count));
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| draw_tables(rows, v, root, parts)),
        serde_json::Value::Array(list) => list.iter_mut().for_each(|v| draw_tables(rows, v, root, parts)),
        _ => {}
    }
}

/// What the drawn HTML of a table holds.
#[derive(Clone, Copy)]
enum Holds {
    /// The whole table, `<div>` and `<table>` included (`work_table`, `signal_table`).
    Table,
    /// What goes inside `<table>` after its caption: its macro writes the table around it.
    Inside,
}

/// A table's rows, drawn by `draw` (and kept in `parts`, the table given their marker) when the
/// fast path is on, else as the data its template's macro reads.
fn drawn<R: serde::Serialize, I: ExactSizeIterator<Item = R>>(
    fast: bool,
    rows: I,
    parts: &mut Fragments,
    holds: Holds,
    draw: impl FnOnce(I) -> Drawn,
) -> serde_json::Value {
    let count = rows.len();
    let table = if fast {
        let Drawn { inner, cells } = draw(rows);
        let marker = parts.add_table(inner, cells);
        let html = match holds {
            Holds::Table => format!("{OPEN}{marker}{CLOSE}"),
            Holds::Inside => marker,
        };
        DrawnTable { rows: vec![], html: Some(html), count }
    } else {
        DrawnTable { rows: rows.collect(), html: None, count }
    };
    serde_json::to_value(table).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::rows::{DrawnTable, Link};

    /// A row as `Rows::work` makes it (its strings live as long as the test).
    fn row(n: usize, hostile: bool) -> WorkRow<'static> {
        let text = if hostile { "<b>\"&'</b> =HYPERLINK(\"x\") &amp;  \t two\n lines " } else { "Cart" };
        let anchor = crate::view::rows::WorkAnchor { slug: format!("w-{n}").leak() };
        WorkRow {
            id: format!("W-{n}{}", if hostile { "&<" } else { "" }).leak(),
            title: text,
            anchor,
            url: crate::view::rows::WorkUrl { initiative: Some("i1"), anchor },
            source_url: n.is_multiple_of(2).then(|| format!("https://jira.example/browse/W-{n}?a=1&b=\"2\"")),
            status: "in_progress",
            status_label: "In progress",
            assignee: (!n.is_multiple_of(3)).then(|| {
                Shared::new(
                    Link { id: "ana".into(), title: text.into(), url: "people/ana.html".into() },
                    false,
                )
            }),
            weight: "3.5".into(),
            imputed: n.is_multiple_of(4),
            due: "1 Dec 2026".into(),
            overdue: n.is_multiple_of(5),
            initiative: (!n.is_multiple_of(2)).then(|| {
                Shared::new(
                    Link { id: "I<1>".into(), title: "i".into(), url: "initiatives/i1.html".into() },
                    false,
                )
            }),
        }
    }

    /// A table drawn in Rust reads back as the same page and the same CSV file as the whole
    /// table read back from the page.
    #[test]
    fn a_drawn_table_makes_the_page_and_the_file_that_reading_it_back_makes() {
        use crate::render::site::downloads::attach;
        for show_initiative in [false, true] {
            let rows: Vec<WorkRow> = (0..12).map(|n| row(n, n.is_multiple_of(2))).collect();
            let heading = "<h2>Work items <small>(12)</small></h2>";
            let mut whole = heading.to_string();
            work_table(&mut whole, rows.clone().into_iter(), "../", show_initiative);
            let read_back = attach("initiatives/i1.html", whole, Fragments::default()).unwrap();

            let mut parts = Fragments::default();
            let Drawn { inner, cells } = draw(rows.into_iter(), "../", show_initiative, 12);
            let marker = parts.add_table(inner, cells);
            let page = format!("{heading}{OPEN}{marker}{CLOSE}");
            let drawn = attach("initiatives/i1.html", page, parts).unwrap();
            assert_eq!(drawn, read_back);
            assert_eq!(drawn.1.len(), 1);
            // The text as it was given: decoded once, its white space runs made one space.
            assert!(
                String::from_utf8_lossy(&drawn.1[0].bytes).contains("=HYPERLINK(\"\"x\"\") &amp; two lines")
            );
        }
    }

    fn signal(n: usize, hostile: bool) -> Shared<SignalView> {
        let text = if hostile { "<b>\"&'</b> =SUM(1) &amp;  \t two\n lines " } else { "I1 is at risk" };
        let link = |id: String| Link {
            id: id.clone(),
            title: text.into(),
            url: format!("initiatives/{id}.html?a=1&b=2"),
        };
        let view = SignalView {
            kind: "initiative_at_risk",
            label: "Initiative at risk",
            severity: "warning",
            severity_label: "Warning",
            message: format!("{text} {n}"),
            entity: link(format!("I{n}{}", if hostile { "<&>" } else { "" })),
            on: format!("I{n} {text}"),
            related: (0..n % 3).map(|r| link(format!("W-{r}"))).collect(),
        };
        Shared::new(view, true)
    }

    /// What the default theme's macro `call` writes for the table `t`, with the root `../` and
    /// `s` set to `s`.
    fn by_macro(call: &str, t: &impl serde::Serialize, s: bool) -> String {
        let theme =
            crate::render::theme::Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        let mut tera = theme.tera.clone();
        tera.add_raw_template(
            "probe.html",
            &format!("{{% import \"macros.html\" as m %}}{{{{ m::{call} }}}}"),
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("t", t);
        context.insert("root", "../");
        context.insert("s", &s);
        tera.render("probe.html", &context).unwrap()
    }

    /// A table of signals drawn in Rust is what the theme's macro writes, byte for byte, and
    /// reads back as the same CSV file.
    #[test]
    fn the_fast_signal_table_is_the_macro_byte_for_byte_and_reads_back_the_same() {
        use crate::render::site::downloads::attach;
        for signals in [vec![], (0..9).map(|n| signal(n, n.is_multiple_of(2))).collect::<Vec<_>>()] {
            let table = DrawnTable { rows: signals.clone(), html: None, count: signals.len() };
            let by_macro = by_macro("signal_table(table=t, root=root)", &table, false);
            let mut fast = String::new();
            signal_table(&mut fast, signals.clone().into_iter(), "../");
            assert_eq!(fast, by_macro);

            let heading = "<h2>Initiative at risk</h2>";
            let read_back =
                attach("risks.html", format!("{heading}{by_macro}"), Fragments::default()).unwrap();
            let mut parts = Fragments::default();
            let Drawn { inner, cells } = draw_signals(signals.clone().into_iter(), "../", signals.len());
            let marker = parts.add_table(inner, cells);
            let drawn = attach("risks.html", format!("{heading}{OPEN}{marker}{CLOSE}"), parts).unwrap();
            assert_eq!(drawn, read_back);
        }
    }

    fn initiative(n: usize, hostile: bool) -> Shared<InitiativeRow> {
        let text = if hostile { "<b>\"&'</b> =SUM(1) / &amp;  \t two\n lines " } else { "Checkout" };
        let link = |id: &str, url: &str| Link { id: id.into(), title: text.into(), url: url.into() };
        let row = InitiativeRow {
            link: link(
                &format!("I{n}{}", if hostile { "<&>" } else { "" }),
                &format!("initiatives/i{n}.html"),
            ),
            status: StatusView::of(crate::analyse::EntityKind::Initiative, crate::analyse::Status::AtRisk),
            progress: format!("{n}0%"),
            bar: 10,
            scope: text.into(),
            done: "3.5".into(),
            p50: "1 Dec 2026".into(),
            p85: "8 Dec 2026".into(),
            forecast: format!("1 Dec 2026 {text}"),
            on_time: "62%".into(),
            due: "—".into(),
            slip: text.into(),
            // An owner with a page, one without (not in people.csv), and none.
            owner: match n % 3 {
                0 => Some(link("ana", "people/ana.html")),
                1 => Some(link("bo", "")),
                _ => None,
            },
            team: None,
        };
        Shared::new(row, true)
    }

    fn person(n: usize, hostile: bool) -> Shared<PersonRow> {
        let text = if hostile { "<b>\"&'</b> =SUM(1) &amp;  \t two\n lines " } else { "Ana" };
        let row = PersonRow {
            link: Link { id: format!("p{n}"), title: text.into(), url: format!("people/p{n}.html?a=1&b") },
            team: n.is_multiple_of(2).then(|| Link {
                id: "core".into(),
                title: text.into(),
                url: "teams/core.html".into(),
            }),
            capacity: if n.is_multiple_of(3) { "—".into() } else { "5".into() },
            open: format!("{n}"),
            utilisation: "130%".into(),
            bar: 87,
            overloaded: n.is_multiple_of(2),
            listed: !n.is_multiple_of(4),
        };
        Shared::new(row, true)
    }

    /// A table whose macro writes the table around its drawn rows: the macro given the rows as
    /// data writes the page the macro given the rows drawn here writes, byte for byte, and both
    /// read back as the same CSV file.
    fn the_same_both_ways<R: serde::Serialize + Clone>(
        call: &str,
        rows: Vec<R>,
        draw: impl Fn(std::vec::IntoIter<R>) -> Drawn,
    ) {
        use crate::render::site::downloads::attach;
        let count = rows.len();
        let as_data = DrawnTable { rows: rows.clone(), html: None, count };
        let whole = by_macro(call, &as_data, false);
        let Drawn { inner, cells } = draw(rows.into_iter());
        let as_html = DrawnTable::<R> { rows: vec![], html: Some(inner.clone()), count };
        assert_eq!(by_macro(call, &as_html, false), whole);

        let heading = "<h2>People &amp; plans</h2>";
        let read_back = attach("teams/t.html", format!("{heading}{whole}"), Fragments::default()).unwrap();
        let mut parts = Fragments::default();
        let marker = parts.add_table(inner, cells);
        let as_marker = DrawnTable::<R> { rows: vec![], html: Some(marker), count };
        let page = format!("{heading}{}", by_macro(call, &as_marker, false));
        let drawn = attach("teams/t.html", page, parts).unwrap();
        assert_eq!(drawn, read_back);
        assert_eq!(drawn.1.len(), 1);
    }

    #[test]
    fn the_fast_initiative_and_people_tables_are_the_macros_byte_for_byte_and_read_back_the_same() {
        for n in [0, 7] {
            let initiatives: Vec<_> = (0..n).map(|n| initiative(n, n.is_multiple_of(2))).collect();
            for call in [
                "initiative_table(table=t, root=root)",
                "initiative_table(table=t, root=root, caption=\"Waits for\")",
            ] {
                the_same_both_ways(call, initiatives.clone(), |rows| draw_initiatives(rows, "../", n));
            }
            let people: Vec<_> = (0..n).map(|n| person(n, n.is_multiple_of(3))).collect();
            the_same_both_ways("people_table(table=t, root=root)", people, |rows| {
                draw_people(rows, "../", n)
            });
        }
    }

    #[test]
    fn the_fast_table_is_the_macro_byte_for_byte() {
        for show_initiative in [false, true] {
            for rows in [vec![], (0..12).map(|n| row(n, n.is_multiple_of(2))).collect::<Vec<_>>()] {
                let table = DrawnTable { rows: rows.clone(), html: None, count: rows.len() };
                let by_macro =
                    by_macro("work_table(table=t, root=root, show_initiative=s)", &table, show_initiative);
                let mut fast = String::new();
                work_table(&mut fast, rows.into_iter(), "../", show_initiative);
                assert_eq!(fast, by_macro);
            }
        }
    }
}
