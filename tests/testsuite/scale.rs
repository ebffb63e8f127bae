//! Large projects: the benchmark generator (examples/synth.rs) is deterministic and its output
//! builds, the search index leaves work items out past its threshold, and a build's progress
//! stays off a stderr that is not a terminal.

// The generator is an example (kept out of the user's CLI); the tests use its code directly.
#[allow(dead_code)]
#[path = "../../examples/synth.rs"]
mod synth;

use std::path::Path;
use std::process::Command;

use throughline::render::site::search::MAX_INDEXED_WORK;

fn generate(dir: &Path, work_items: usize, seed: u64) {
    synth::generate(dir, synth::Shape::with_work_items(work_items), seed).unwrap();
}

#[test]
fn synth_gives_the_same_bytes_for_the_same_seed_and_size() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    generate(&a, 1_500, 9);
    generate(&b, 1_500, 9);
    generate(&c, 1_500, 10);
    let (a, b, c) = (crate::common::files(&a), crate::common::files(&b), crate::common::files(&c));
    assert!(a.contains_key("data/jira-export.csv") && a.contains_key("data/linear-export.csv"));
    assert_eq!(a, b, "the same seed and size must give the same project");
    assert_ne!(a, c, "another seed gives another project");
}

#[test]
fn synth_enterprise_shape_is_spec_9() {
    let s = synth::Shape::enterprise();
    assert_eq!(
        (s.bets, s.krs, s.krs * s.checkins_per_kr, s.initiatives, s.work_items, s.people),
        (200, 1_000, 20_000, 5_000, 500_000, 10_000)
    );
}

#[test]
fn a_synthetic_project_builds_cleanly_with_every_tracker_and_its_work_items_searchable() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("synth");
    generate(&project, 2_000, 9);
    let out = tmp.path().join("site");
    let report = crate::common::build_into(&project, &out).unwrap();
    assert_eq!(report.diagnostics.error_count(), 0);
    let quality = std::fs::read_to_string(out.join("quality.html")).unwrap();
    for preset in ["jira", "linear", "azure-devops", "native"] {
        assert!(quality.contains(preset), "the data-quality page lists the {preset} source");
    }
    let shape = synth::Shape::with_work_items(2_000);
    let pages = std::fs::read_dir(out.join("initiatives"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "html"))
        .count();
    assert_eq!(pages, shape.initiatives);
    // Orphan work reaches no initiative: it is listed on the trace page.
    let trace = std::fs::read_to_string(out.join("trace.html")).unwrap();
    assert!(trace.contains("id=\"w-"), "orphan items are on the trace page");
    let index = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    assert!(index.contains("\"k\":\"Work item\""), "under the threshold, work items are searchable");
}

#[test]
fn the_search_index_leaves_work_items_out_above_its_threshold() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("synth");
    generate(&project, MAX_INDEXED_WORK + 600, 9);
    let out = tmp.path().join("site");
    crate::common::build_into(&project, &out).unwrap();
    let index = std::fs::read_to_string(out.join("search-index.js")).unwrap();
    assert!(!index.contains("\"k\":\"Work item\""), "work items are left out");
    for kind in ["Bet", "Key result", "Initiative", "Person", "Team"] {
        assert!(index.contains(&format!("\"k\":\"{kind}\"")), "{kind} entries stay");
    }
    // The items are still on their initiatives' pages.
    let listed = std::fs::read_dir(out.join("initiatives"))
        .unwrap()
        .any(|page| std::fs::read_to_string(page.unwrap().path()).unwrap().contains("<tr id=\"w-"));
    assert!(listed, "initiative pages list their work items");
}

#[test]
fn progress_stays_off_a_stderr_that_is_not_a_terminal() {
    let (_tmp, project) = crate::common::project("minimal");
    let out = project.join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["build", project.to_str().unwrap(), "-o", out.to_str().unwrap()])
        // Even asked to show progress at once, a pipe gets none of it.
        .env("THROUGHLINE_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains('\r') && !stderr.contains('\x1b'), "no spinner: {stderr:?}");
    assert!(!stderr.contains("rendering"), "no stage messages: {stderr:?}");
    assert!(stderr.lines().last().is_some_and(|l| l.starts_with("wrote ")), "the summary: {stderr:?}");
}
