//! The command line as a user runs it: exit codes and diagnostics on stderr.

use std::process::Command;

use crate::common::*;

fn throughline(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn check_points_at_the_file_line_and_column() {
    let (_dir, project) = project("minimal");
    std::fs::write(
        project.join("data/checkins.csv"),
        "kr,date,value\nKR1,2026-08-01,4.4\nKR1,2026-02-30,4\nKR9,2026-08-02,5\nKR1,2026-08-03,NaN\n",
    )
    .unwrap();
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("data/checkins.csv:3:2"), "{stderr}");
    assert!(stderr.contains("not a day that exists"), "{stderr}");
    assert!(stderr.contains("data/checkins.csv:5:3"), "{stderr}");
    assert!(stderr.contains("there is no key result with the id `KR9`"), "{stderr}");
    assert!(stderr.contains("did you mean `KR1`?"), "{stderr}");
}

#[test]
fn check_exits_zero_on_warnings_unless_strict() {
    let (_dir, project) = project("minimal");
    std::fs::write(project.join("data/commitments.csv"), "").unwrap();
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: the file is empty"), "{stderr}");
    let (code, _) = throughline(&["check", "--strict", project.to_str().unwrap()]);
    assert_eq!(code, 1);
}

#[test]
fn a_wrong_command_line_exits_two() {
    assert_eq!(throughline(&["build", "--as-of", "yesterday"]).0, 2);
    assert_eq!(throughline(&["frobnicate"]).0, 2);
}

#[test]
fn build_exits_one_and_names_unknown_toml_keys() {
    let (_dir, project) = project("minimal");
    let toml = std::fs::read_to_string(project.join("throughline.toml")).unwrap();
    std::fs::write(project.join("throughline.toml"), format!("{toml}\n[thresholds]\nat_risk_gapp = 0.2\n"))
        .unwrap();
    let (code, stderr) = throughline(&["build", project.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("throughline.toml:7"), "{stderr}");
    assert!(stderr.contains("did you mean `at_risk_gap`?"), "{stderr}");
    assert!(!project.join("public").exists());
}

#[test]
fn init_refuses_a_folder_with_files_and_serve_refuses_a_folder_without_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("x");
    let (code, stderr) = throughline(&["init", project.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("throughline serve"), "{stderr}");
    let (code, stderr) = throughline(&["init", project.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not empty"), "{stderr}");
    let (code, stderr) = throughline(&["serve", dir.path().to_str().unwrap(), "--port", "0"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("throughline.toml"), "{stderr}");
}

#[test]
fn serve_on_every_interface_warns() {
    use std::io::BufRead;
    let (_dir, project) = project("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["serve", project.to_str().unwrap(), "--port", "0", "--bind", "0.0.0.0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    while let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(20)) {
        let done = line.starts_with("serving at http://127.0.0.1:");
        seen.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(seen.first().is_some_and(|l| l.starts_with("warning: listening on 0.0.0.0")), "{seen:?}");
    assert!(seen.last().is_some_and(|l| l.starts_with("serving at")), "{seen:?}");
}

fn replace_in(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn lines_starting(stderr: &str, prefix: &str) -> Vec<String> {
    stderr.lines().filter(|l| l.starts_with(prefix)).map(str::to_string).collect()
}

#[test]
fn build_and_check_warn_when_the_report_date_is_past_the_cycle() {
    let (dir, project) = project("minimal");
    let dir_arg = project.to_str().unwrap();
    let out = dir.path().join("site");
    let (code, stderr) =
        throughline(&["build", dir_arg, "-o", out.to_str().unwrap(), "--as-of", "2027-01-04"]);
    assert_eq!(code, 0, "a warning, not an error: {stderr}");
    let warning = "warning: the cycle `2026-Q4` ended on 2026-12-31, and the report date is 2027-01-04";
    assert!(stderr.contains(warning), "{stderr}");
    assert!(stderr.contains("--> throughline.toml:3:9"), "at the cycle's line: {stderr}");
    assert!(
        stderr.contains(
            "set the next cycle in throughline.toml, e.g. `cycle = { name = \"...\", start = \"2027-01-01\", end = \"2027-03-31\" }`"
        ),
        "{stderr}"
    );

    // `check` reads the report date from throughline.toml: on the cycle's last day, it is over.
    replace_in(&project.join("throughline.toml"), "as_of = \"2026-11-20\"", "as_of = \"2026-12-31\"");
    let (code, stderr) = throughline(&["check", dir_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("the cycle `2026-Q4` ended on 2026-12-31, and the report date is 2026-12-31"));
    assert_eq!(throughline(&["check", "--strict", dir_arg]).0, 1);

    // Inside the cycle, nothing to say.
    replace_in(&project.join("throughline.toml"), "as_of = \"2026-12-31\"", "as_of = \"2026-12-30\"");
    let (code, stderr) = throughline(&["check", "--strict", dir_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("cycle"), "{stderr}");
}

#[test]
fn a_trigger_on_a_signal_that_does_not_exist_is_an_error_with_a_suggestion() {
    let (_dir, project) = project("minimal");
    let toml = project.join("throughline.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[[trigger]]\nsignal = \"kr_of_track\"\naction = \"Decide\"\n"))
        .unwrap();
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`trigger[1].signal`: `kr_of_track` is not a signal kind"), "{stderr}");
    assert!(stderr.contains("--> throughline.toml:7:10"), "{stderr}");
    assert!(stderr.contains("did you mean `kr_off_track`?"), "{stderr}");
}

#[test]
fn owners_of_triggers_and_makers_of_commitments_missing_from_people_csv_are_warnings() {
    let (_dir, project) = project("minimal");
    let toml = project.join("throughline.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{text}\n[[trigger]]\nsignal = \"kr_off_track\"\naction = \"Decide\"\nowner = \"ghost\"\n"),
    )
    .unwrap();
    std::fs::write(
        project.join("data/commitments.csv"),
        "id,title,initiative,date,made_by\nC1,Launch for Acme,I1,2026-12-20,anaa\nC2,Beta,I2,2026-12-20,ana\n",
    )
    .unwrap();
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings only: {stderr}");
    assert!(
        stderr.contains("warning: the owner `ghost` of the trigger on `kr_off_track` is not in people.csv"),
        "{stderr}"
    );
    assert!(stderr.contains("--> throughline.toml:9:9"), "{stderr}");
    assert!(
        stderr.contains("warning: `anaa`, who made the commitment `C1`, is not in people.csv"),
        "{stderr}"
    );
    assert!(stderr.contains("--> data/commitments.csv:2"), "{stderr}");
    assert!(stderr.contains("did you mean `ana`?"), "{stderr}");
    assert!(!stderr.contains("`C2`"), "ana is in people.csv: {stderr}");
    assert_eq!(throughline(&["check", "--strict", project.to_str().unwrap()]).0, 1);
}

/// One syntax error in strategy.toml is one error, listed first, at its own line: the check-ins
/// and initiatives that name its key results are not reported as missing.
#[test]
fn a_strategy_file_that_does_not_parse_is_one_error_not_a_cascade() {
    let (_dir, project) = project("sample-data/acme");
    replace_in(
        &project.join("strategy.toml"),
        "title = \"Grow self-serve share of new ARR from 12% to 35%\"",
        "title = \"Grow self-serve share of new ARR from 12% to 35%",
    );
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let errors = lines_starting(&stderr, "error:");
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(stderr.starts_with("error: `kr[1].title` (key result `KR1.1`): "), "{stderr}");
    assert!(stderr.contains("--> strategy.toml:20:"), "{stderr}");
    assert!(stderr.contains("20 | title = \"Grow self-serve share of new ARR from 12% to 35%\n"), "{stderr}");
    assert!(!stderr.contains("there is no"), "{stderr}");
}

#[test]
fn a_value_of_the_wrong_type_names_the_key_and_shows_the_line() {
    let (dir, project) = project("sample-data/acme");
    replace_in(&project.join("strategy.toml"), "baseline = 12.0", "baseline = \"four\"");
    let (code, stderr) =
        throughline(&["build", project.to_str().unwrap(), "-o", dir.path().join("site").to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let expected = "error: `kr[1].baseline` (key result `KR1.1`): expected a number, found the text \"four\"\n  \
                    --> strategy.toml:22:12\n   |\n22 | baseline = \"four\"\n   |            ^^^^^^\n   \
                    = hint: write a number without quotes, like `baseline = 4`\n";
    assert!(stderr.starts_with(expected), "{stderr}");
    assert_eq!(lines_starting(&stderr, "error:").len(), 2, "the error and the summary: {stderr}");
}

/// An entity refused for its own error (an initiative with an unknown status) is not reported
/// again as missing by everything that names it.
#[test]
fn references_to_a_refused_row_are_not_reported_as_missing() {
    let (_dir, project) = project("minimal");
    replace_in(&project.join("data/initiatives.csv"), "2026-12-15,,active,", "2026-12-15,,wip,");
    let (code, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(lines_starting(&stderr, "error:").len(), 1, "{stderr}");
    assert!(stderr.contains("initiative `I1` has the status `wip`"), "{stderr}");
    assert!(!stderr.contains("there is no initiative"), "I2 depends on I1: {stderr}");
    // An id that is defined nowhere is still an error.
    replace_in(&project.join("data/initiatives.csv"), "active,I1,", "active,I9,");
    let (_, stderr) = throughline(&["check", project.to_str().unwrap()]);
    assert!(stderr.contains("there is no initiative with the id `I9`"), "{stderr}");
}

/// `build --help` and the README say the same about what `--previous` defaults to.
#[test]
fn build_help_and_the_readme_agree_on_the_default_of_previous() {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline")).args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let words = |text: &str| text.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ");
    let help = words(&help);
    let entry = &help[help.find("--previous <PREVIOUS>").expect("--previous in the help")..];
    let start = entry.find("(default:").expect("the help says the default");
    let default = &entry[start..=start + entry[start..].find(')').unwrap()];
    let readme = words(&std::fs::read_to_string(repo().join("README.md")).unwrap());
    assert!(readme.contains("--previous FILE"), "the README documents --previous");
    assert!(readme.contains(default), "the README does not say {default:?}");
    let docs = words(&std::fs::read_to_string(repo().join("docs/commands.md")).unwrap());
    assert!(docs.contains(default), "docs/commands.md does not say {default:?}");
}
