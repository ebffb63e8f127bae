//! The real build, end to end: the sample company and a minimal hand-computed project.

use crate::common::*;

#[test]
fn minimal_project_numbers_match_the_hand_computation() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let s = snapshot(&out);
    assert_eq!(s["schema"], 1);
    assert_eq!(s["as_of"], "2026-11-20");
    let kr = find(&s["krs"], "KR1");
    // The 11-25 check-in is after as_of: latest is 5.0 on 11-15, p = (5 − 4) / (6 − 4) = 0.5.
    assert_eq!(kr["latest_value"], 5.0);
    assert_eq!(kr["progress"], 0.5);
    // e = 142 / 183 days; gap = 0.5 − 0.776 = −0.276 < −0.25: off track.
    assert!((kr["expected"].as_f64().unwrap() - 142.0 / 183.0).abs() < 1e-12);
    assert_eq!(kr["status"], "off_track");
    // Least squares through days 31, 92, 137 (4.4, 4.8, 5.0) reaches 5.2836 on day 183: p_end 0.6418.
    assert!((kr["forecast_progress"].as_f64().unwrap() - 0.6418).abs() < 1e-3);
    assert_eq!(kr["confidence"], 0.5);

    let i1 = find(&s["initiatives"], "I1");
    // W5 is created after as_of; W4's weight is the median of 3, 5, 2 = 3: scope 3 + 5 + 2 + 3.
    assert_eq!(i1["scope"], 13.0);
    assert_eq!(i1["done"], 8.0);
    // Samples [3, 5, 0, 0, 0, 0], 5 remaining: P(done within 3 weeks) = 1 − (4/6)^3 − 3·(1/6)(4/6)^2 = 0.4815.
    let p = i1["on_time_probability"].as_f64().unwrap();
    assert!((p - 0.4815).abs() < 0.02, "{p}");
    assert_eq!(i1["status"], "at_risk");
    // P(done within 4 weeks) = 0.605 > 0.5, so P50 is as_of + 28 days.
    assert_eq!(i1["p50"], "2026-12-18");
    assert_eq!(find(&s["initiatives"], "I2")["status"], "not_started");
    assert_eq!(find(&s["bets"], "B1")["status"], "off_track");

    let bo = find(&s["people"], "bo");
    assert_eq!(bo["overloaded"], true, "capacity 0 with open work");
    assert!(bo["utilisation"].is_null());
    assert_eq!(s["trace"]["work_items"], 5);
    assert_eq!(s["trace"]["aligned_items"], 4);
    assert_eq!(s["trace"]["orphan_work"], serde_json::json!(["W6"]));

    let kinds: Vec<(String, String)> = s["signals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["kind"].as_str().unwrap().to_string(), x["entity"].as_str().unwrap().to_string()))
        .collect();
    for expected in [
        ("kr_off_track", "KR1"),
        ("confidence_drop", "KR1"),
        ("initiative_at_risk", "I1"),
        ("overdue_work", "I1"),
        ("unassigned_work", "I1"),
        ("dependency_conflict", "I2"),
        ("overloaded", "bo"),
        ("orphan_work", "core"),
    ] {
        assert!(
            kinds.contains(&(expected.0.to_string(), expected.1.to_string())),
            "missing {expected:?} in {kinds:?}"
        );
    }
    assert_eq!(kinds.len(), 8, "{kinds:?}");
}

#[test]
fn input_text_is_escaped_and_notes_are_sanitised() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let bet = std::fs::read_to_string(out.join("bets/b1.html")).unwrap();
    assert!(bet.contains("Win &lt;script&gt;"));
    assert!(!bet.contains("<script>alert"));
    let kr = std::fs::read_to_string(out.join("krs/kr1.html")).unwrap();
    assert!(kr.contains("<strong>markdown</strong>"));
    assert!(!kr.contains("alert(\"note\")"));
    assert!(kr.contains("&lt;b&gt;bold?&lt;&#x2F;b&gt;") || kr.contains("&lt;b&gt;bold?&lt;/b&gt;"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Minimal &lt;Co&gt;"));
    check_links(&out);
}

#[test]
fn the_sample_builds_with_every_page_and_link_in_place() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    let report = build_into(&project, &out).unwrap();
    assert!(!report.diagnostics.has_errors());
    let files = files(&out);
    for page in [
        "index.html",
        "strategy.html",
        "risks.html",
        "trace.html",
        "quality.html",
        "search.html",
        "404.html",
        "search-index.js",
    ] {
        assert!(files.contains_key(page), "{page}");
    }
    assert!(files.keys().any(|p| p.starts_with("krs/")));
    assert!(files.keys().any(|p| p.starts_with("initiatives/")));
    assert!(files.keys().any(|p| p.starts_with("people/")));
    assert!(files.keys().any(|p| p.starts_with("teams/")));
    check_links(&out);

    // The launch story: the checkout launch slips past its date, so sales' promise is at risk
    // the same week, and its key result and bet go red.
    let s = snapshot(&out);
    assert_eq!(find(&s["initiatives"], "I-01")["status"], "off_track");
    assert_eq!(find(&s["commitments"], "C-01")["status"], "at_risk");
    assert_eq!(find(&s["commitments"], "C-02")["status"], "broken");
    assert_eq!(find(&s["commitments"], "C-03")["status"], "kept");
    assert_eq!(find(&s["bets"], "B1")["status"], "off_track");
    assert_eq!(find(&s["krs"], "KR1.2")["status"], "at_risk");
    let home = String::from_utf8_lossy(&files["index.html"]).to_string();
    for question in [
        "Which bets are at risk",
        "What is slipping",
        "Who owns the slipping work",
        "compete for the same people",
    ] {
        assert!(home.contains(question), "{question}");
    }
    let kr = String::from_utf8_lossy(&files["krs/kr1-1.html"]).to_string();
    assert!(kr.contains("<svg") && kr.contains("<title>KR1.1 burn-up</title>"));

    // The demo exercises the presets: most teams' work from a Jira export, the mobile team's
    // from Linear, with the same snapshot the native work.csv gave (420 work items at as_of).
    assert!(!project.join("data/work.csv").exists());
    assert_eq!(s["trace"]["work_items"], 420);
    let quality = String::from_utf8_lossy(&files["quality.html"]).to_string();
    for fact in
        ["data/jira-export.csv <span", "data/linear-export.csv <span", "your <code>[work.status_map]</code>"]
    {
        assert!(quality.contains(fact), "quality.html lacks {fact}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (dir, project) = project("sample-data/acme");
    build_into(&project, &dir.path().join("a")).unwrap();
    build_into(&project, &dir.path().join("b")).unwrap();
    let (a, b) = (files(&dir.path().join("a")), files(&dir.path().join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_old_site_untouched() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    std::fs::write(out.join("mine.txt"), "the user's own file").unwrap();
    let before = files(&out);
    std::fs::write(project.join("data/checkins.csv"), "kr,date,value\nKR1,2026-13-01,4\n").unwrap();
    let err = build_into(&project, &out).unwrap_err();
    assert!(matches!(err, throughline::build::BuildError::Input(_)));
    assert_eq!(files(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging folder is left behind: {leftovers:?}");
}

#[test]
fn the_project_folder_is_not_changed_by_a_build() {
    let (dir, project) = project("minimal");
    let before = files(&project);
    build_into(&project, &dir.path().join("site")).unwrap();
    assert_eq!(files(&project), before);
}

#[test]
fn a_project_template_overrides_the_theme_by_name() {
    let (dir, project) = project("minimal");
    std::fs::create_dir_all(project.join("templates")).unwrap();
    std::fs::write(
        project.join("templates/team.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">Our own team page for {{ page.name }}</p>{% endblock content %}",
    )
    .unwrap();
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let team = std::fs::read_to_string(out.join("teams/core.html")).unwrap();
    assert!(team.contains("Our own team page for core"));
    assert!(std::fs::read_to_string(out.join("index.html")).unwrap().contains("Which bets are at risk"));
}

#[test]
fn a_broken_template_fails_the_build_with_its_name() {
    let (dir, project) = project("minimal");
    std::fs::create_dir_all(project.join("templates")).unwrap();
    std::fs::write(project.join("templates/team.html"), "{% if %}").unwrap();
    let err = build_into(&project, &dir.path().join("site")).unwrap_err();
    let throughline::build::BuildError::Input(diags) = err else { panic!("{err}") };
    assert!(diags.iter().any(|d| d.message.contains("team.html")), "{:?}", diags.sorted());
}

#[test]
fn the_404_page_uses_absolute_links_under_a_base_url() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    let options = throughline::build::BuildOptions {
        project_dir: project,
        output: Some(out.clone()),
        base_url: Some("https://intranet.example/strategy/".into()),
        ..Default::default()
    };
    throughline::build(&options).unwrap();
    let page = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(page.contains("href=\"https://intranet.example/strategy/assets/style.css\""));
}

/// What a COO reads on the sample: statuses that agree with their causes, each cause told once,
/// forecasts that show their uncertainty in words, and maintain key results read against their
/// line.
#[test]
fn the_sample_reads_as_a_coo_needs_it() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let s = snapshot(&out);

    // Dormant with an on-track forecast: at risk, and the signal says why.
    assert_eq!(find(&s["initiatives"], "I-17")["status"], "at_risk");
    let home = page("index.html");
    // No forecast is a risk: counted in the headline, and shown in the risk colour, never grey.
    assert_eq!(find(&s["initiatives"], "I-10")["status"], "unknown");
    assert!(home.contains("(1 without a forecast)"), "the headline counts I-10 among the risks");
    let badge = "<span class=\"status s-unknown\"><span aria-hidden=\"true\">▲</span> No forecast</span>";
    assert!(home.contains(badge));
    let css = page("assets/style.css");
    assert!(css.contains(".s-at_risk, .s-unknown, .s-no_data {"), "unknown takes the at-risk colour");

    // Question 2 tells each slipping initiative once, with the key results it moves.
    let q2 = &home[home.find("id=\"q2\"").unwrap()..home.find("id=\"q3\"").unwrap()];
    for signal in s["signals"].as_array().unwrap().iter().filter(|x| x["entity"] == "I-01") {
        let message = signal["message"].as_str().unwrap();
        assert_eq!(q2.matches(message).count(), 1, "told once: {message}");
    }
    assert!(q2.contains("Key results it moves:"));

    // Decisions that share an action and an owner are one row.
    let action = "Rebalance assignments or drop one priority at the engineering staff meeting";
    assert_eq!(home.matches(action).count(), 1, "one row for the overload decision");
    let row = &home[home.find(action).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    for name in ["Amir Haddad", "Lars Eriksen"] {
        assert!(row.contains(name), "the overload decision lists {name}");
    }

    // I-01 cannot finish by 15 Dec: the page says so in words, not "0%", and shows the spread.
    let i01 = page("initiatives/i-01.html");
    assert!(i01.contains("no trial of 10,000 finishes by 15 Dec 2026"), "{}", &i01[..2000]);
    assert!(i01.contains("How sure the forecast is") && i01.contains("finish weeks over 10,000 trials"));
    assert!(i01.contains("days late"), "the slip reads as days late");

    // KR1.3 keeps payment failures at or below a line: breached, and never a progress bar.
    let kr13 = page("krs/kr1-3.html");
    assert!(kr13.contains("Breached"));
    assert!(!kr13.contains("class=\"fill\""), "no progress bar on a maintain key result");
}

/// A web server running as another user must read every file and folder of the site: the modes
/// are the umask's usual ones (0644 and 0755 under 022), on a first build and on a rebuild that
/// replaces the folder and carries the archive over.
#[cfg(target_os = "linux")]
#[test]
fn the_site_is_written_with_the_umasks_usual_modes() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    let archived = throughline::build::BuildOptions {
        project_dir: project.clone(),
        output: Some(out.clone()),
        archive: true,
        ..Default::default()
    };
    throughline::build(&archived).unwrap();
    assert_usual_modes(&out, umask());
    throughline::build(&throughline::build::BuildOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 27),
        ..archived
    })
    .unwrap();
    assert!(out.join("archive/2026-11-20/index.html").is_file());
    assert_usual_modes(&out, umask());
}
