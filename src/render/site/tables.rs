//! The default theme's work table, written in Rust: the same bytes as the `work_table` macro of
//! `themes/default/templates/macros.html` (a test renders both and compares them), without a
//! template call per row. Used only while the theme's `macros.html` is the default one.

use std::fmt::Write;

use crate::view::markdown::escape_html as e;
use crate::view::rows::{DrawnTable, Rows, WorkRow, WorkTable};

pub fn work_table(out: &mut String, rows: impl Iterator<Item = WorkRow>, root: &str, show_initiative: bool) {
    out.push_str("\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Status</th><th scope=\"col\">Assignee</th><th scope=\"col\">Weight</th><th scope=\"col\">Due</th>");
    if show_initiative {
        out.push_str("<th scope=\"col\">Initiative</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let root = e(root);
    for w in rows {
        // Writing to a String cannot fail.
        let _ = write!(out, "\n<tr id=\"{}\"><td>", e(&w.anchor));
        match &w.source_url {
            Some(url) => {
                let _ = write!(out, "<a href=\"{}\" rel=\"noopener\">{}</a>", e(url), e(&w.id));
            }
            None => out.push_str(&e(&w.id)),
        }
        let _ = write!(
            out,
            " {}</td><td><span class=\"ws ws-{}\">{}</span></td><td>",
            e(&w.title),
            e(w.status),
            e(w.status_label)
        );
        match &w.assignee {
            Some(a) => {
                let _ = write!(out, "<a href=\"{root}{}\">{}</a>", e(&a.url), e(&a.title));
            }
            None => out.push_str("<em>unassigned</em>"),
        }
        let _ = write!(out, "</td><td>{}", e(&w.weight));
        if w.imputed {
            out.push_str(" <abbr title=\"no estimate: weight imputed\">est.</abbr>");
        }
        let _ = write!(out, "</td><td>{}", e(&w.due));
        if w.overdue {
            out.push_str(" <span class=\"tag tag-bad\">overdue</span>");
        }
        out.push_str("</td>");
        if show_initiative {
            match &w.initiative {
                Some(i) => {
                    let _ = write!(out, "<td><a href=\"{root}{}\">{}</a></td>", e(&i.url), e(&i.id));
                }
                None => out.push_str("<td>—</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("\n</tbody></table></div>\n");
}

/// Writes every table in `value` (a page's data, with its root `root`): each `WorkTable`
/// becomes the `DrawnTable` its template reads, its rows straight as HTML when the theme's table
/// macro is the default one (`Rows::fast_tables`).
pub fn draw_tables(rows: &Rows, value: &mut serde_json::Value, root: &str) {
    match value {
        serde_json::Value::Object(map) if map.contains_key("__work_table") => {
            let Ok(WorkTable { table }) = serde_json::from_value(value.clone()) else { return };
            let drawn = if rows.fast_tables {
                let mut html = String::with_capacity(600 + 400 * table.items.len());
                work_table(&mut html, table.items.iter().map(|&w| rows.work(w)), root, table.show_initiative);
                DrawnTable { rows: vec![], html: Some(html), count: table.items.len() }
            } else {
                let list = table.items.iter().map(|&w| rows.work(w)).collect();
                DrawnTable { rows: list, html: None, count: table.items.len() }
            };
            *value = serde_json::to_value(drawn).unwrap_or_default();
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| draw_tables(rows, v, root)),
        serde_json::Value::Array(list) => list.iter_mut().for_each(|v| draw_tables(rows, v, root)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::rows::{DrawnTable, Link};

    fn row(n: usize, hostile: bool) -> WorkRow {
        let text = if hostile { "<b>\"&'</b> =HYPERLINK(\"x\")" } else { "Cart" };
        WorkRow {
            id: format!("W-{n}{}", if hostile { "&<" } else { "" }),
            title: text.to_string(),
            anchor: format!("w-w-{n}"),
            url: format!("initiatives/i1.html#w-w-{n}"),
            source_url: n.is_multiple_of(2).then(|| format!("https://jira.example/browse/W-{n}?a=1&b=\"2\"")),
            status: "in_progress",
            status_label: "In progress",
            assignee: (!n.is_multiple_of(3)).then(|| Link {
                id: "ana".into(),
                title: text.into(),
                url: "people/ana.html".into(),
            }),
            weight: "3.5".into(),
            imputed: n.is_multiple_of(4),
            due: "1 Dec 2026".into(),
            overdue: n.is_multiple_of(5),
            initiative: (!n.is_multiple_of(2)).then(|| Link {
                id: "I<1>".into(),
                title: "i".into(),
                url: "initiatives/i1.html".into(),
            }),
        }
    }

    /// The fast path writes exactly what the theme's macro writes, hostile text included.
    #[test]
    fn the_fast_table_is_the_macro_byte_for_byte() {
        let theme =
            crate::render::theme::Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        for show_initiative in [false, true] {
            for rows in [vec![], (0..12).map(|n| row(n, n.is_multiple_of(2))).collect::<Vec<_>>()] {
                let mut tera = theme.tera.clone();
                tera.add_raw_template(
                    "probe.html",
                    "{% import \"macros.html\" as m %}{{ m::work_table(table=t, root=root, show_initiative=s) }}",
                )
                .unwrap();
                let mut context = tera::Context::new();
                let table = DrawnTable { rows: rows.clone(), html: None, count: rows.len() };
                context.insert("t", &table);
                context.insert("root", "../");
                context.insert("s", &show_initiative);
                let by_macro = tera.render("probe.html", &context).unwrap();
                let mut fast = String::new();
                work_table(&mut fast, rows.into_iter(), "../", show_initiative);
                assert_eq!(fast, by_macro);
            }
        }
    }
}
