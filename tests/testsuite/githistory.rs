//! The history of every target from git (docs/analysis.md#the-history-of-every-target):
//! repositories made with the `git` program, with commits by two authors dated around `as_of`,
//! read back by the build (which never runs `git` itself).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use throughline::build::{BuildOptions, build};

use crate::common::*;

/// In people.csv as ana@example.com: matched whatever the case.
pub(crate) const ANA: (&str, &str) = ("Ana Silva", "Ana@Example.com");
/// Not in people.csv.
pub(crate) const MARIA: (&str, &str) = ("María Fernández", "maria@elsewhere.example");

/// A repository in a project folder, committed to with the `git` program. `None` (the test is
/// skipped, saying why) when `git` is not installed.
pub(crate) struct Repo {
    dir: PathBuf,
}

impl Repo {
    pub(crate) fn init(dir: &Path) -> Option<Repo> {
        if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
            eprintln!(
                "skipped: the `git` program is not installed, and these tests make repositories with it"
            );
            return None;
        }
        let repo = Repo { dir: dir.to_path_buf() };
        repo.git(&["init", "-q", "-b", "main"]);
        Some(repo)
    }

    /// Runs git here, with neither the user's nor the system's settings, as `who` at `date`.
    fn git_as(&self, args: &[&str], who: (&str, &str), date: &str) -> String {
        let out = Command::new("git")
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", who.0)
            .env("GIT_AUTHOR_EMAIL", who.1)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", who.0)
            .env("GIT_COMMITTER_EMAIL", who.1)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn git(&self, args: &[&str]) -> String {
        self.git_as(args, ANA, "2026-01-01T09:00:00+00:00")
    }

    /// Commits every change in the folder; returns the commit's full id.
    pub(crate) fn commit(&self, who: (&str, &str), date: &str, message: &str) -> String {
        self.git_as(&["add", "-A"], who, date);
        self.git_as(&["commit", "-q", "--allow-empty", "-m", message], who, date);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Replaces `from` by `to` in a file of the folder (once, and it must be there).
    pub(crate) fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
}

fn build_at(project: &Path, out: &Path, as_of: &str) -> Value {
    build(&BuildOptions {
        project_dir: project.to_path_buf(),
        output: Some(out.to_path_buf()),
        as_of: Some(as_of.parse().unwrap()),
        ..Default::default()
    })
    .unwrap();
    snapshot(out)
}

/// KR1's `target_history` in a snapshot.
fn kr1_history(snapshot: &Value) -> Vec<Value> {
    find(&snapshot["krs"], "KR1")["target_history"].as_array().unwrap().clone()
}

/// (field, before, after, direction, seen_in) of each move.
fn moves(history: &[Value]) -> Vec<(String, Value, Value, String, String)> {
    history
        .iter()
        .map(|m| {
            let word = |k: &str| m[k].as_str().unwrap().to_string();
            (word("field"), m["before"].clone(), m["after"].clone(), word("direction"), word("seen_in"))
        })
        .collect()
}

fn moved(
    field: &str,
    before: Value,
    after: Value,
    direction: &str,
    seen_in: &str,
) -> (String, Value, Value, String, String) {
    (field.into(), before, after, direction.into(), seen_in.into())
}

/// The minimal project's history: KR1 (baseline 4, target 6, ending 2026-12-31) defined by Ana,
/// its target eased by María, its end moved by Ana, a commit that does not touch the strategy, and
/// a commit after the report date (2026-11-20).
fn history_by_two_authors(project: &Path) -> Option<(Repo, [String; 4])> {
    let repo = Repo::init(project)?;
    let first = repo.commit(ANA, "2026-10-01T09:00:00+02:00", "Q4 strategy");
    repo.edit("strategy.toml", "target = 6.0", "target = 5.0");
    let eased =
        repo.commit(MARIA, "2026-10-02T16:30:00+02:00", "rebase Q4 targets\n\nThe pipeline is thinner.");
    repo.edit("data/checkins.csv", "KR1,2026-10-01,4.8", "KR1,2026-10-01,4.7");
    repo.commit(MARIA, "2026-10-20T10:00:00+02:00", "Correct a check-in");
    repo.edit("strategy.toml", "end = \"2026-12-31\"", "end = \"2027-01-31\"");
    let later = repo.commit(ANA, "2026-11-02T11:00:00+01:00", "Give KR1 a month more");
    repo.edit("strategy.toml", "target = 5.0", "target = 4.5");
    let after = repo.commit(MARIA, "2026-11-25T08:00:00+01:00", "Ease KR1 again");
    Some((repo, [first, eased, later, after]))
}

#[test]
fn each_commit_that_moved_a_target_is_listed_with_its_author_date_and_message() {
    let (dir, project) = project("minimal");
    let Some((_repo, [_, eased, later, after])) = history_by_two_authors(&project) else { return };
    let out = dir.path().join("site");
    let s = build_at(&project, &out, "2026-11-20");
    let history = kr1_history(&s);
    // The commit of 25 Nov is after the report date: left out, and so is nothing else.
    assert_eq!(
        history,
        vec![
            json!({
                "field": "target", "before": 6.0, "after": 5.0, "direction": "eased",
                "seen_in": "commit", "date": "2026-10-02", "since": null,
                "author": "María Fernández", "person": null, "commit": eased,
                "message": "rebase Q4 targets",
            }),
            json!({
                "field": "end", "before": "2026-12-31", "after": "2027-01-31", "direction": "eased",
                "seen_in": "commit", "date": "2026-11-02", "since": null,
                "author": "Ana Silva", "person": "ana", "commit": later,
                "message": "Give KR1 a month more",
            }),
        ]
    );
    // `changes` is still the difference from the previous snapshot: there is none.
    assert_eq!(s["changes"], Value::Null);

    // The key result's page says who moved it, when, and in which commit.
    let page = std::fs::read_to_string(out.join("krs/kr1.html")).unwrap();
    assert!(page.contains("How its target moved"), "{page}");
    assert!(
        page.contains("in the strategy file&#x27;s commits")
            || page.contains("in the strategy file's commits")
    );
    let row = format!(
        "<tr><td>2 Oct 2026</td><td>target</td><td>6 $M</td><td>5 $M</td><td><span class=\"moved-eased\">eased</span></td><td>María Fernández</td><td><code>{}</code> rebase Q4 targets</td></tr>",
        &eased[..7]
    );
    assert!(page.contains(&row), "no row {row} in\n{page}");
    // Ana is in people.csv by her e-mail: her name links to her page.
    assert!(page.contains("<a href=\"../people/ana.html\">Ana Silva</a>"), "{page}");

    // A later report sees the commit of 25 Nov too: a rebuild of a date reads the same history.
    let s = build_at(&project, &dir.path().join("later"), "2026-11-30");
    let history = kr1_history(&s);
    assert_eq!(history.len(), 3);
    assert_eq!(history[2]["commit"], after.as_str());
    assert_eq!(history[2]["date"], "2026-11-25");
    assert_eq!(kr1_history(&build_at(&project, &dir.path().join("again"), "2026-11-20")).len(), 2);
}

#[test]
fn an_edit_not_committed_yet_is_listed_as_such_until_a_report_dated_before_head() {
    let (dir, project) = project("minimal");
    let Some((repo, _)) = history_by_two_authors(&project) else { return };
    repo.edit("strategy.toml", "target = 4.5", "target = 7.0");
    let out = dir.path().join("site");
    let history = kr1_history(&build_at(&project, &out, "2026-11-30"));
    assert_eq!(
        moves(&history).last().unwrap(),
        &moved("target", json!(4.5), json!(7.0), "raised", "working_tree")
    );
    let last = history.last().unwrap();
    assert_eq!((&last["date"], &last["author"], &last["commit"]), (&Value::Null, &Value::Null, &Value::Null));
    let page = std::fs::read_to_string(out.join("krs/kr1.html")).unwrap();
    assert!(page.contains("<td>not committed yet</td><td>target</td><td>4.5 $M</td><td>7 $M</td>"), "{page}");
    // A report dated before HEAD's commit (25 Nov) is older than the edit too.
    let history = kr1_history(&build_at(&project, &dir.path().join("before"), "2026-11-20"));
    assert!(history.iter().all(|m| m["seen_in"] == "commit"), "{history:?}");
}

#[test]
fn a_detached_head_reads_the_history_up_to_its_commit() {
    let (dir, project) = project("minimal");
    let Some((repo, [_, eased, _, _])) = history_by_two_authors(&project) else { return };
    repo.git(&["checkout", "-q", "--detach", &eased]);
    let history = kr1_history(&build_at(&project, &dir.path().join("site"), "2026-11-30"));
    assert_eq!(moves(&history), vec![moved("target", json!(6.0), json!(5.0), "eased", "commit")]);
    assert_eq!(history[0]["commit"], eased.as_str());
}

#[test]
fn a_shallow_clone_reads_what_it_has_and_says_it_stops_at_its_boundary() {
    let (dir, project) = project("minimal");
    let Some((repo, [_, _, later, after])) = history_by_two_authors(&project) else { return };
    let clone = dir.path().join("clone");
    let url = format!("file://{}", project.display());
    repo.git(&["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()]);
    // The clone has the last two commits: the end moved by Ana is its oldest version, so the only
    // move it knows is the one of 25 Nov.
    let history = kr1_history(&build_at(&clone, &dir.path().join("site"), "2026-11-30"));
    assert_eq!(moves(&history), vec![moved("target", json!(5.0), json!(4.5), "eased", "commit")]);
    assert_eq!(history[0]["commit"], after.as_str());

    let mut diags = throughline::diag::Diagnostics::default();
    let (loaded, _) = throughline::build::load(&clone, &mut diags).unwrap();
    let git = throughline::history::git::target_history(&loaded, "2026-11-30".parse().unwrap(), &mut diags)
        .expect("a shallow clone has a history");
    assert!(git.shallow, "the walk stopped at the clone's boundary");
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    // The full repository is not shallow, and knows the older commits.
    let (loaded, _) = throughline::build::load(&project, &mut diags).unwrap();
    let git = throughline::history::git::target_history(&loaded, "2026-11-30".parse().unwrap(), &mut diags)
        .unwrap();
    assert!(!git.shallow);
    let commits: Vec<&str> = git.targets["KR1"]
        .iter()
        .filter_map(|t| match &t.seen {
            throughline::history::Seen::Commit(c) => Some(c.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(commits.len(), 3);
    assert_eq!(commits[1], later);
}

#[test]
fn a_renamed_strategy_file_keeps_its_history() {
    let (dir, project) = project("minimal");
    let Some(repo) = Repo::init(&project) else { return };
    repo.commit(ANA, "2026-10-01T09:00:00+02:00", "Q4 strategy");
    // Renamed and edited in one commit: most of its lines are the same.
    repo.git(&["mv", "strategy.toml", "okrs.toml"]);
    repo.edit("okrs.toml", "target = 6.0", "target = 5.5");
    std::fs::write(
        project.join("throughline.toml"),
        std::fs::read_to_string(project.join("throughline.toml")).unwrap()
            + "\n[sources]\nstrategy = \"okrs.toml\"\n",
    )
    .unwrap();
    let renamed = repo.commit(MARIA, "2026-10-05T09:00:00+02:00", "Rename the strategy, ease KR1");
    // Moved to a folder, unchanged.
    std::fs::create_dir(project.join("strategy")).unwrap();
    repo.git(&["mv", "okrs.toml", "strategy/okrs.toml"]);
    repo.edit("throughline.toml", "strategy = \"okrs.toml\"", "strategy = \"strategy/okrs.toml\"");
    repo.commit(ANA, "2026-10-06T09:00:00+02:00", "Keep the strategy in its folder");
    repo.edit("strategy/okrs.toml", "target = 5.5", "target = 5.0");
    let edited = repo.commit(ANA, "2026-10-07T09:00:00+02:00", "Ease KR1 again");

    let history = kr1_history(&build_at(&project, &dir.path().join("site"), "2026-11-20"));
    assert_eq!(
        moves(&history),
        vec![
            moved("target", json!(6.0), json!(5.5), "eased", "commit"),
            moved("target", json!(5.5), json!(5.0), "eased", "commit"),
        ]
    );
    assert_eq!(
        (history[0]["commit"].as_str(), history[1]["commit"].as_str()),
        (Some(&*renamed), Some(&*edited))
    );
}

#[test]
fn krs_csv_has_its_history_and_a_version_that_does_not_parse_is_passed_over() {
    let (dir, project) = project("minimal");
    std::fs::remove_file(project.join("strategy.toml")).unwrap();
    std::fs::write(project.join("bets.csv"), "id,title,owner\nB1,Win,ana\n").unwrap();
    let krs = "id,bet,title,unit,baseline,target,start,end,owner\nKR1,B1,Grow ARR,$M,4,6,2026-07-01,2026-12-31,ana\n";
    std::fs::write(project.join("krs.csv"), krs).unwrap();
    let Some(repo) = Repo::init(&project) else { return };
    repo.commit(ANA, "2026-10-01T09:00:00+02:00", "Q4 strategy as CSV");
    repo.edit("krs.csv", "2026-12-31", "not a date");
    repo.commit(MARIA, "2026-10-02T09:00:00+02:00", "Oops");
    repo.edit("krs.csv", "4,6,2026-07-01,not a date", "4,5,2026-07-01,2026-12-31");
    let fixed = repo.commit(MARIA, "2026-10-03T09:00:00+02:00", "Fix the end, ease the target");

    let history = kr1_history(&build_at(&project, &dir.path().join("site"), "2026-11-20"));
    // The broken version is passed over: the move is the fix's, against the version before it.
    assert_eq!(moves(&history), vec![moved("target", json!(6.0), json!(5.0), "eased", "commit")]);
    assert_eq!(history[0]["commit"], fixed.as_str());
}

#[test]
fn without_a_repository_at_the_project_folder_the_reports_stand_in() {
    // The project is a folder inside a repository, not its root.
    let (dir, project) = project("minimal");
    let Some(repo) = Repo::init(dir.path()) else { return };
    repo.commit(ANA, "2026-10-01T09:00:00+02:00", "Q4 strategy");
    repo.edit("project/strategy.toml", "target = 6.0", "target = 5.0");
    repo.commit(MARIA, "2026-10-02T09:00:00+02:00", "rebase Q4 targets");
    let mut diags = throughline::diag::Diagnostics::default();
    let (loaded, _) = throughline::build::load(&project, &mut diags).unwrap();
    assert_eq!(
        throughline::history::git::target_history(&loaded, "2026-11-20".parse().unwrap(), &mut diags),
        None
    );

    // Two archived reports a week apart, with the target moved between them, are the history.
    let out = dir.path().join("site");
    let archive = |as_of: &str| {
        build(&BuildOptions {
            project_dir: project.clone(),
            output: Some(out.clone()),
            as_of: Some(as_of.parse().unwrap()),
            archive: true,
            ..Default::default()
        })
        .unwrap()
    };
    archive("2026-11-13");
    repo.edit("project/strategy.toml", "target = 5.0", "target = 4.5");
    archive("2026-11-20");
    let history = kr1_history(&snapshot(&out));
    assert_eq!(moves(&history), vec![moved("target", json!(5.0), json!(4.5), "eased", "report")]);
    assert_eq!((&history[0]["date"], &history[0]["since"]), (&json!("2026-11-20"), &json!("2026-11-13")));
    assert_eq!(history[0]["commit"], Value::Null);
    let page = std::fs::read_to_string(out.join("krs/kr1.html")).unwrap();
    assert!(
        page.contains("<td>20 Nov 2026</td><td>13 Nov 2026</td><td>target</td><td>5 $M</td><td>4.5 $M</td>"),
        "{page}"
    );
}

#[test]
fn the_changes_page_and_the_board_pack_list_the_targets_moved_this_cycle() {
    let (dir, project) = project("minimal");
    let Some(repo) = Repo::init(&project) else { return };
    // Before the cycle (2026-Q4 starts on 1 Oct): defined, then its target raised in September.
    repo.commit(ANA, "2026-09-01T09:00:00+02:00", "Q4 draft");
    repo.edit("strategy.toml", "target = 6.0", "target = 7.0");
    repo.commit(ANA, "2026-09-15T09:00:00+02:00", "Aim higher");
    // In the cycle: eased by María, and an edit not committed yet.
    repo.edit("strategy.toml", "target = 7.0", "target = 5.0");
    let eased = repo.commit(MARIA, "2026-10-02T16:30:00+02:00", "rebase Q4 targets");
    repo.edit("strategy.toml", "baseline = 4.0", "baseline = 3.5");
    let out = dir.path().join("site");
    build_at(&project, &out, "2026-11-20");

    let page = std::fs::read_to_string(out.join("changes.html")).unwrap();
    let section = &page[page.find("Targets moved this cycle (2026-Q4)").expect("the section")..];
    let rows: Vec<&str> = section.split("<tr>").skip(2).map(|r| r.split("</tr>").next().unwrap()).collect();
    assert_eq!(rows.len(), 2, "the September move is before the cycle:\n{section}");
    assert!(rows[0].contains("target eased from 7 $M to 5 $M"), "{}", rows[0]);
    assert!(rows[0].contains("<td>2 Oct 2026</td><td>María Fernández</td>"), "{}", rows[0]);
    assert!(rows[0].contains(&format!("<code>{}</code> rebase Q4 targets", &eased[..7])), "{}", rows[0]);
    assert!(rows[1].contains("baseline") && rows[1].contains("not committed yet"), "{}", rows[1]);
    assert!(page.contains("<a href=\"krs/kr1.html\">KR1</a>"));

    let pack = std::fs::read_to_string(out.join("board-pack.html")).unwrap();
    let section = &pack[pack.find("Targets moved this cycle (2026-Q4)").expect("the pack's section")..];
    assert!(section.contains("target eased from 7 $M to 5 $M") && section.contains("not committed yet"));
    assert!(!section.contains("raised"), "{section}");

    #[cfg(feature = "pdf")]
    {
        let doc = lopdf::Document::load(out.join("board-pack.pdf")).unwrap();
        let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&numbers).unwrap();
        assert!(text.contains("Targets moved this cycle"), "{text}");
        assert!(text.contains("rebase Q4 targets"), "{text}");
    }
}
