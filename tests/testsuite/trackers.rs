//! Several trackers in one project (tests/fixtures/trackers: Jira, Linear, Asana, Azure DevOps and
//! GitHub exports, each as its tool and Excel write it), ids kept apart across sources, and files
//! as people leave them: each read correctly or refused at its file, line and column.

use crate::common::*;
use throughline::diag::Diagnostics;

fn load(dir: &std::path::Path) -> (Option<throughline::load::Project>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let loaded = throughline::build::load(dir, &mut diags);
    (loaded.map(|(project, _)| project), diags)
}

#[test]
fn five_trackers_build_one_site() {
    let (dir, project) = project("trackers");
    let out = dir.path().join("site");
    let report = build_into(&project, &out).unwrap();
    let diags: Vec<String> = report.diagnostics.sorted().iter().map(|d| d.render()).collect();
    // Excel's encodings are converted, with a warning each; nothing else is worth a word.
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert!(diags[0].contains("Windows-1252") && diags[0].contains("data/asana.csv:6"));
    assert!(diags[1].contains("UTF-16LE") && diags[1].contains("data/azure-devops.csv"));

    let s = snapshot(&out);
    // Jira 4 (PAY-1 is an epic, PAY-5 won't do), Linear 3 (MOB-3 a duplicate), Asana 3, Azure
    // DevOps 2 (100 is an epic, 103 removed), GitHub 4: every one reaches its initiative.
    assert_eq!(s["trace"]["work_items"], 16);
    assert_eq!(s["trace"]["aligned_items"], 16);
    // Assignees by display name, e-mail, `Name <email>` and `Last, First <email>` are the people
    // of people.csv: nobody unlisted appears.
    let people: Vec<&str> =
        s["people"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(people, ["ana", "bo", "cy", "dee", "eve", "finn", "gus"]);
    // I1: PAY-2 (3, done 10-20), PAY-3 (1, sub-task of PAY-2, in progress by its status
    // category), PAY-4 (5, Story point estimate; done 11-12 by Status Category Changed), PAY-6 (2).
    let i1 = find(&s["initiatives"], "I1");
    assert_eq!((i1["scope"].as_f64(), i1["done"].as_f64()), (Some(11.0), Some(8.0)));
    // I4: 101 closed 10/20/2026 (which proves the file month-first) and 102 active.
    let i4 = find(&s["initiatives"], "I4");
    assert_eq!((i4["scope"].as_f64(), i4["done"].as_f64()), (Some(8.0), Some(5.0)));
    // I5: GitHub's Points column named by the source's `columns` table.
    let i5 = find(&s["initiatives"], "I5");
    assert_eq!((i5["scope"].as_f64(), i5["done"].as_f64()), (Some(7.0), Some(2.0)));

    let quality = std::fs::read_to_string(out.join("quality.html")).unwrap();
    for source in
        ["data/jira.csv", "data/linear.csv", "data/asana.csv", "data/azure-devops.csv", "data/github.tsv"]
    {
        assert!(quality.contains(&format!("{source} <span")), "quality.html lacks {source}");
    }
    for fact in [
        "Parents given by their internal number (Jira&#x27;s Issue id), read as that issue&#x27;s key: 1",
        "Status Category Changed",
        "Parents given by title, matched to the one task with that title: 2",
        "Items with several assignees, counted for the first: 1",
        "UTF-16LE, converted to UTF-8",
        "your columns setting",
        "Won&#x27;t Do",
        "above the header",
    ] {
        assert!(quality.contains(fact), "quality.html lacks {fact}");
    }
    check_links(&out);
}

#[test]
fn the_same_id_in_two_sources_is_an_error_naming_both_unless_one_has_a_prefix() {
    let (_dir, project) = project("trackers");
    std::fs::copy(project.join("data/jira.csv"), project.join("data/jira-b.csv")).unwrap();
    let toml = std::fs::read_to_string(project.join("throughline.toml")).unwrap();
    let two = toml.replace(
        "{ path = \"data/jira.csv\", preset = \"jira\" },",
        "{ path = \"data/jira.csv\", preset = \"jira\" },\n  { path = \"data/jira-b.csv\", preset = \"jira\" },",
    );
    std::fs::write(project.join("throughline.toml"), &two).unwrap();
    let (_, diags) = load(&project);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .starts_with("data/jira.csv and data/jira-b.csv both have the work item ids `PAY-1`")
    );
    assert_eq!(errors[0].location.to_string(), "data/jira-b.csv:2");
    assert!(errors[0].hint.as_deref().unwrap().contains("id_prefix"));

    let prefixed = two.replace(
        "data/jira-b.csv\", preset = \"jira\"",
        "data/jira-b.csv\", preset = \"jira\", id_prefix = \"B-\"",
    );
    std::fs::write(project.join("throughline.toml"), prefixed).unwrap();
    let (project, diags) = load(&project);
    assert!(!diags.has_errors(), "{diags:?}");
    let b3 = project.unwrap().work.iter().find(|w| w.id == "B-PAY-3").cloned().unwrap();
    assert_eq!(b3.parent.as_deref(), Some("B-PAY-2"), "parents carry the prefix too");
}

/// A one-source project whose Jira export is `bytes`.
fn jira_project(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("throughline.toml"),
        "title = \"t\"\nas_of = \"2026-11-20\"\n[sources]\nwork = [{ path = \"data/jira.csv\", preset = \"jira\" }]\n",
    )
    .unwrap();
    std::fs::write(root.join("strategy.toml"), "").unwrap();
    std::fs::write(root.join("data/jira.csv"), bytes).unwrap();
    (dir, root)
}

const HEADER: &str = "Issue key,Summary,Status,Custom field (Story Points)\n";

#[test]
fn files_as_excel_and_people_leave_them() {
    // An empty file: a warning, no items.
    let (_d, root) = jira_project(b"");
    let (project, diags) = load(&root);
    assert_eq!((project.unwrap().work.len(), diags.error_count(), diags.warning_count()), (0, 0, 1));
    // A header and no rows: nothing to say.
    let (_d, root) = jira_project(HEADER.as_bytes());
    let (project, diags) = load(&root);
    assert!(project.unwrap().work.is_empty() && diags.is_empty(), "{diags:?}");
    // A cell of several megabytes, with two million line breaks, read whole; the next row keeps
    // its physical line.
    let big = "x\r\n".repeat(2_000_000);
    let (_d, root) = jira_project(format!("{HEADER}A-1,\"{big}\",Done,1\nA-2,b,Done,2\n").as_bytes());
    let (project, diags) = load(&root);
    let work = project.unwrap().work;
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!((work[0].title.len(), work[1].location.line), (big.trim().len(), Some(2_000_003)));
    // A semicolon file with a UTF-8 byte-order mark and CRLF.
    let (_d, root) = jira_project("\u{feff}Issue key;Summary;Status\r\nA-1;a, b;Done\r\n".as_bytes());
    let (project, diags) = load(&root);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(project.unwrap().work[0].title, "a, b");
}

#[test]
fn a_million_rows() {
    let mut text = String::from(HEADER);
    for n in 1..=1_000_000 {
        text.push_str(&format!("A-{n},Item {n},Done,1\n"));
    }
    let (_d, root) = jira_project(text.as_bytes());
    let (project, diags) = load(&root);
    assert!(diags.is_empty(), "{diags:?}");
    let project = project.unwrap();
    assert_eq!(project.sources[0].items, 1_000_000);
    assert_eq!(project.work[999_999].location.line, Some(1_000_001));
}

#[test]
fn check_points_at_the_line_and_column_of_a_broken_file() {
    // Row 3 holds an unquoted comma that shifts its cells; row 4 has a story point that is not a
    // number; row 5 opens a quote it never closes.
    let text =
        format!("{HEADER}A-1,ok,Done,1\nA-2,a, b,Done,2\nA-3,c,Done,many\nA-4,\"open,Done,1\nA-5,e,Done,1\n");
    let (_d, root) = jira_project(text.as_bytes());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("check")
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("a quoted cell opens here and is never closed\n  --> data/jira.csv:5"),
        "{stderr}"
    );
    // Fix the quote: the other two are reported, each at its cell.
    let text = text.replace("\"open", "open");
    std::fs::write(root.join("data/jira.csv"), text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .arg("check")
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("past the last named column (4): the row's cells do not line up with the header\n  --> data/jira.csv:3:5"), "{stderr}");
    assert!(
        stderr.contains("estimate: expected a number, found `many`\n  --> data/jira.csv:4:4"),
        "{stderr}"
    );
}
