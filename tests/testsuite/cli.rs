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
