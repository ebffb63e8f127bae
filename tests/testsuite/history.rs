//! History (docs/analysis.md#changes-and-history): two reports of the sample a week apart, archived, compared and charted.

use crate::common::*;
use throughline::build::{BuildOptions, build};

fn build_at(project: &std::path::Path, out: &std::path::Path, as_of: &str, archive: bool) {
    build(&BuildOptions {
        project_dir: project.to_path_buf(),
        output: Some(out.to_path_buf()),
        as_of: Some(as_of.parse().unwrap()),
        archive,
        ..Default::default()
    })
    .unwrap();
}

#[test]
fn two_weeks_archived_give_changes_an_archive_and_a_drift_chart() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_at(&project, &out, "2026-11-06", true);
    build_at(&project, &out, "2026-11-13", true);
    build_at(&project, &out, "2026-11-20", true);
    let files = files(&out);
    for date in ["2026-11-06", "2026-11-13", "2026-11-20"] {
        assert!(files.contains_key(&format!("archive/{date}/index.html")), "{date}");
        assert!(files.contains_key(&format!("archive/{date}/data/snapshot.json")), "{date}");
    }
    let archive = String::from_utf8_lossy(&files["archive.html"]).to_string();
    assert!(archive.contains("href=\"archive/2026-11-06/index.html\""));
    // The archived report's own snapshot is the one of its week.
    let old: serde_json::Value =
        serde_json::from_slice(&files["archive/2026-11-06/data/snapshot.json"]).unwrap();
    assert_eq!(old["as_of"], "2026-11-06");

    // I-01's P85 moves from 2027-01-15 (Nov 6) to 2027-02-26 (Nov 13): six weeks later.
    let changes = String::from_utf8_lossy(&files["changes.html"]).to_string();
    assert!(changes.contains("Compared with the report of 13 Nov 2026"), "{changes}");
    let initiative = String::from_utf8_lossy(&files["initiatives/i-01.html"]).to_string();
    assert!(initiative.contains("<title>I-01 forecast over time</title>"));
    assert!(initiative.contains("<td>2026-11-06</td>"));
    check_links(&out);
}

#[test]
fn the_previous_snapshot_can_be_given_and_shows_what_moved() {
    let (dir, project) = project("sample-data/acme");
    let first = dir.path().join("first");
    build_at(&project, &first, "2026-11-06", false);
    let out = dir.path().join("site");
    build(&BuildOptions {
        project_dir: project.clone(),
        output: Some(out.clone()),
        previous: Some(first.join("data/snapshot.json")),
        ..Default::default()
    })
    .unwrap();
    let changes = std::fs::read_to_string(out.join("changes.html")).unwrap();
    assert!(changes.contains("Compared with the report of 6 Nov 2026"));
    assert!(changes.contains("Forecasts moved by a week or more"));
    assert!(changes.contains("I-01"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Since last publish") && home.contains("Compared with the report of 6 Nov 2026"));
    // snapshot.json carries the same comparison, for other tools and a feed.
    let s = snapshot(&out);
    assert_eq!(s["changes"]["since"], "2026-11-06");
    assert!(s["changes"]["forecasts_moved"].as_array().unwrap().iter().any(|m| m["id"] == "I-01"));
}

/// Easing a key result's target between two archived reports is drift too: it is in
/// snapshot.json's `changes`, on the changes page, the home page and the board pack, in words,
/// and in the key result's own history of its target.
#[test]
fn a_target_eased_between_two_reports_is_reported_everywhere() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_at(&project, &out, "2026-11-13", true);
    let strategy = project.join("strategy.toml");
    let text = std::fs::read_to_string(&strategy).unwrap();
    let eased = text.replacen("target = 35.0", "target = 20.0", 1);
    assert_ne!(text, eased, "the sample's KR1.1 has target = 35.0");
    std::fs::write(&strategy, eased).unwrap();
    build_at(&project, &out, "2026-11-20", true);

    let s = snapshot(&out);
    let kr = find(&s["krs"], "KR1.1");
    assert_eq!((kr["baseline"].as_f64(), kr["target"].as_f64()), (Some(12.0), Some(20.0)));
    assert_eq!((kr["start"].as_str(), kr["end"].as_str()), (Some("2026-07-01"), Some("2026-12-31")));
    let moved = &s["changes"]["targets_moved"];
    assert_eq!(
        moved,
        &serde_json::json!([{ "id": "KR1.1", "field": "target", "before": 35.0, "after": 20.0, "direction": "eased" }])
    );
    let sentence = "target eased from 35% to 20%";
    for page in ["changes.html", "index.html", "board-pack.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("Targets moved") && html.contains(sentence), "{page} shows the moved target");
    }
    let kr_page = std::fs::read_to_string(out.join("krs/kr1-1.html")).unwrap();
    assert!(kr_page.contains(
        "Target moved</strong> since the last publish: target eased from 35% to 20%, while its title still says 35%"
    ));
    assert!(kr_page.contains("How its target moved"));
    assert!(
        kr_page.contains("<td>20 Nov 2026</td><td>13 Nov 2026</td><td>target</td><td>35%</td><td>20%</td>")
    );
}

/// A commitment that breaks between two reports, and the decision its trigger newly asks for, are
/// in snapshot.json's `changes`, on the changes page, the home page and the board pack.
#[test]
fn a_commitment_broken_between_two_reports_and_the_decision_it_asks_for_are_reported() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    let commitments = project.join("data/commitments.csv");
    let text = std::fs::read_to_string(&commitments).unwrap();
    // C-01, promised for 1 Dec, is brought forward to 17 Nov: at risk on 13 Nov, broken on 20 Nov.
    let sooner = text.replacen("I-01,2026-12-01", "I-01,2026-11-17", 1);
    assert_ne!(text, sooner, "the sample's C-01 is promised for 2026-12-01");
    std::fs::write(&commitments, sooner).unwrap();
    build_at(&project, &out, "2026-11-13", true);
    build_at(&project, &out, "2026-11-20", true);

    let s = snapshot(&out);
    assert_eq!(
        s["changes"]["broken_commitments"],
        serde_json::json!([{ "kind": "commitment", "id": "C-01", "before": "at_risk", "after": "broken" }])
    );
    let decisions = s["changes"]["new_decisions"].as_array().unwrap();
    assert!(
        decisions.iter().any(|d| d["kind"] == "commitment_broken" && d["entity"] == "C-01"),
        "{decisions:?}"
    );
    // C-02 was broken in both reports: nothing new.
    assert!(!decisions.iter().any(|d| d["entity"] == "C-02"), "{decisions:?}");
    for page in ["changes.html", "index.html", "board-pack.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("Commitments broken") && html.contains("Decisions newly needed"), "{page}");
    }
}

#[test]
fn a_bad_previous_snapshot_is_an_input_error() {
    let (dir, project) = project("minimal");
    let bogus = dir.path().join("bogus.json");
    std::fs::write(&bogus, "{\"schema\": 1,\n \"title\": 3}").unwrap();
    let err = build(&BuildOptions {
        project_dir: project,
        output: Some(dir.path().join("site")),
        previous: Some(bogus),
        ..Default::default()
    })
    .unwrap_err();
    let throughline::build::BuildError::Input(diags) = err else { panic!("{err}") };
    let d = diags.iter().next().unwrap();
    assert!(d.message.contains("not a Throughline snapshot"), "{d:?}");
    assert_eq!(d.location.line, Some(2));
}

#[test]
fn graph_json_lists_nodes_and_typed_edges() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let graph: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/graph.json")).unwrap()).unwrap();
    let edges = graph["edges"].as_array().unwrap();
    let has = |from: &str, to: &str, kind: &str| {
        edges.iter().any(|e| e["from"] == from && e["to"] == to && e["kind"] == kind)
    };
    assert!(has("KR1", "B1", "measures"));
    assert!(has("I1", "KR1", "supports"));
    assert!(has("I2", "I1", "depends_on"));
    assert!(has("W1", "I1", "belongs_to"));
    assert!(has("W1", "E1", "child_of"));
    assert!(has("W1", "ana", "assigned_to"));
    let nodes = graph["nodes"].as_array().unwrap();
    assert!(nodes.iter().any(|n| n["id"] == "E1" && n["kind"] == "container"));
    assert!(!nodes.iter().any(|n| n["id"] == "W5"), "created after as_of");
}

/// The slug of an id, as the site names its page.
fn slug(id: &str) -> String {
    let mut out = String::new();
    for c in id.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[test]
fn the_cycle_week_by_week_on_the_home_page_and_on_each_bet_and_key_result() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    // 25 Sep is before the cycle (from 1 Oct): not one of its weeks.
    for week in ["2026-09-25", "2026-10-30", "2026-11-06", "2026-11-13"] {
        build_at(&project, &out, week, true);
    }
    build_at(&project, &out, "2026-11-20", false);
    let page = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let snapshot = snapshot(&out);

    let home = page("index.html");
    assert!(home.contains("<h2 id=\"strip-h\">Bets at risk, week by week</h2>"), "the home page's strip");
    let risks = ["off_track", "broken", "at_risk", "no_data", "unknown"];
    let at_risk = snapshot["bets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| risks.iter().any(|r| b["status"] == *r))
        .count();
    let bets = snapshot["bets"].as_array().unwrap().len();
    assert!(
        home.contains(&format!("{at_risk} of {bets} bets at risk in this report")),
        "the strip says this week's count"
    );
    assert!(
        home.contains("in the first of the cycle&#x27;s 4 reports, on 30 Oct 2026."),
        "four weeks of the cycle"
    );

    let bet = &snapshot["bets"][0];
    let bet_page = page(&format!("bets/{}.html", slug(bet["id"].as_str().unwrap())));
    assert!(bet_page.contains("<h2 id=\"weeks-h\">Week by week</h2>"));
    assert!(bet_page.contains(&format!(
        "<title>Progress of {} and its key results, week by week</title>",
        bet["id"].as_str().unwrap()
    )));
    let band = &bet_page[bet_page.find("<table class=\"weeks\">").unwrap()..];
    let band = &band[..band.find("</table>").unwrap()];
    for date in ["30 Oct 2026", "6 Nov 2026", "13 Nov 2026", "20 Nov 2026"] {
        assert!(band.contains(&format!("<th scope=\"col\">{date}</th>")), "a column for {date}");
    }
    assert!(!band.contains("25 Sep 2026"), "a report before the cycle is not one of its weeks");
    assert_eq!(
        band.matches("<tr>").count(),
        2 + bet["krs"].as_array().unwrap().len(),
        "the bet and each key result"
    );
    // The band is a table like any other: its CSV is beside the page.
    assert!(bet_page.contains(".status-in-each-report-of-the-cycle.csv\" download>"));

    // A maintain key result holds or is breached, week by week: no progress line to draw.
    let krs = snapshot["krs"].as_array().unwrap();
    let maintain = krs.iter().find(|k| k["direction"].is_string()).expect("a maintain key result");
    let id = maintain["id"].as_str().unwrap();
    let kr_page = page(&format!("krs/{}.html", slug(id)));
    assert!(kr_page.contains("<h2 id=\"weeks-h\">Week by week</h2>"));
    assert!(!kr_page.contains(&format!("Progress of {id}, week by week")));
    assert!(kr_page.contains("muted\">Holding</span>") || kr_page.contains("muted\">Breached</span>"));
    let progress = krs.iter().find(|k| !k["direction"].is_string()).unwrap();
    let id = progress["id"].as_str().unwrap();
    assert!(
        page(&format!("krs/{}.html", slug(id)))
            .contains(&format!("<title>Progress of {id}, week by week</title>"))
    );

    // Rebuilding an earlier week shows what was known then: the later reports are not in it.
    build_at(&project, &out, "2026-11-06", false);
    let home = page("index.html");
    assert!(
        home.contains("in the first of the cycle&#x27;s 2 reports, on 30 Oct 2026."),
        "30 Oct and 6 Nov only"
    );
}
