//! What a reader gets, pinned: the sample's pages (a week after an archived report, with a moved
//! target, so that every section has content) and every fixture's snapshot.json, as insta
//! snapshots in `tests/testsuite/snapshots/`. A refactor that changes no behaviour changes none of
//! them; a change that does shows up here, to be reviewed (`cargo insta review`, or read the
//! `.snap.new` files) and accepted on purpose.

use crate::common::*;
use throughline::build::{BuildOptions, build};

/// The pages a reader meets most, one of each kind. Charts are left out of the page (`<svg>` …
/// `</svg>` becomes a marker) and pinned once each on their own below, so that a page's diff reads
/// as text.
const PAGES: &[&str] = &[
    "index.html",
    "strategy.html",
    "bets/b1.html",
    "krs/kr1-1.html",
    "krs/kr1-3.html",
    "initiatives/i-01.html",
    "initiatives/i-10.html",
    "initiatives/i-17.html",
    "people/amir.html",
    "teams/platform.html",
    "risks.html",
    "changes.html",
    "capacity.html",
    "commitments.html",
    "dependencies.html",
    "trace.html",
    "quality.html",
    "methodology.html",
    "archive.html",
    "board-pack.html",
];

fn without_charts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").map_or(rest.len(), |e| start + e + "</svg>".len());
        out.push_str("<svg>…</svg>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_sample_pages_are_what_they_were() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    let at = |as_of: &str| BuildOptions {
        project_dir: project.clone(),
        output: Some(out.clone()),
        as_of: Some(as_of.parse().unwrap()),
        archive: true,
        ..Default::default()
    };
    build(&at("2026-11-13")).unwrap();
    let strategy = project.join("strategy.toml");
    let text = std::fs::read_to_string(&strategy).unwrap();
    std::fs::write(&strategy, text.replacen("target = 35.0", "target = 20.0", 1)).unwrap();
    build(&at("2026-11-20")).unwrap();
    for page in PAGES {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let name = page.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("sample_{name}"), without_charts(&html));
    }
    for (page, chart) in [("krs/kr1-1.html", 0), ("initiatives/i-01.html", 1), ("capacity.html", 0)] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let svg = html.match_indices("<svg").nth(chart).map(|(start, _)| {
            let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
            html[start..end].to_string()
        });
        let name = page.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("chart_{name}_{chart}"), svg.unwrap());
    }
    insta::assert_snapshot!(
        "sample_snapshot_json",
        std::fs::read_to_string(out.join("data/snapshot.json")).unwrap()
    );
}

#[test]
fn every_fixture_s_snapshot_json_is_what_it_was() {
    let fixtures = repo().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("throughline.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let (dir, project) = project(&name);
        let out = dir.path().join("site");
        build_into(&project, &out).unwrap();
        insta::assert_snapshot!(
            format!("fixture_{name}_snapshot_json"),
            std::fs::read_to_string(out.join("data/snapshot.json")).unwrap()
        );
    }
}

/// The main menu is one list (`site.nav`): each entry opens a page that marks that entry as the
/// one the reader is on, and no other.
#[test]
fn every_menu_entry_opens_a_page_that_marks_itself_current() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let menu = &index[index.find("<nav aria-label=\"Main\">").unwrap()..index.find("</nav>").unwrap()];
    let entries: Vec<(&str, &str)> = menu
        .split("<li><a href=\"")
        .skip(1)
        .map(|li| {
            let path = &li[..li.find('"').unwrap()];
            let label = &li[li.find('>').unwrap() + 1..li.find("</a>").unwrap()];
            (path, label)
        })
        .collect();
    assert_eq!(entries.len(), 11, "{menu}");
    for (path, label) in entries {
        let page = std::fs::read_to_string(out.join(path)).unwrap();
        let current: Vec<&str> =
            page.match_indices(" aria-current=\"page\">").map(|(at, _)| &page[at..]).collect();
        assert_eq!(current.len(), 1, "{path} marks one menu entry as current");
        assert!(
            current[0].starts_with(&format!(" aria-current=\"page\">{label}</a>")),
            "{path} marks {label}"
        );
    }
}
