//! The search index: a script file (so that search works from `file://`, where a page cannot
//! fetch JSON) listing every page's title, id and kind, and the work items while there are not
//! too many of them.

use serde::Serialize;

use crate::view::rows::Rows;

#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    t: &'a str,
    /// Id.
    i: &'a str,
    /// Kind.
    k: &'static str,
    /// URL from the site root.
    u: String,
}

/// Above this many work items the index leaves them out and keeps the bets, key results,
/// initiatives, people and teams: half a million items would make a 50 MB script that a phone
/// cannot load, and each item is reachable from its initiative's page anyway.
pub const MAX_INDEXED_WORK: usize = 10_000;

pub fn index(rows: &Rows) -> String {
    let (p, links) = (rows.project, rows.links);
    let mut entries = Vec::new();
    entries.extend(p.bets.iter().map(|b| Entry { t: &b.title, i: &b.id, k: "Bet", u: links.bet(&b.id) }));
    entries.extend(p.krs.iter().map(|k| Entry {
        t: &k.title,
        i: &k.id,
        k: "Key result",
        u: links.kr(&k.id),
    }));
    entries.extend(p.initiatives.iter().map(|i| Entry {
        t: &i.title,
        i: &i.id,
        k: "Initiative",
        u: links.initiative(&i.id),
    }));
    entries.extend(p.people.iter().map(|x| Entry {
        t: &x.name,
        i: &x.id,
        k: "Person",
        u: links.person(&x.id),
    }));
    entries.extend(links.team_names.iter().map(|t| Entry { t, i: t, k: "Team", u: links.team(t) }));
    let indexed = |w: usize| rows.analysis.work.status[w].is_some();
    if (0..p.work.len()).filter(|&w| indexed(w)).count() <= MAX_INDEXED_WORK {
        entries.extend(p.work.iter().enumerate().filter(|(w, _)| indexed(*w)).map(|(_, w)| Entry {
            t: &w.title,
            i: &w.id,
            k: "Work item",
            u: links.work(&w.id),
        }));
    }
    // JSON is a JavaScript expression; `</` is escaped so the file can never close a script tag.
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into()).replace("</", "<\\/");
    format!("window.THROUGHLINE_SEARCH = {json};\n")
}
