//! The history of every target from git (docs/analysis.md#the-history-of-every-target): when the
//! project folder is the root of a git work tree, every commit that changed the file defining the
//! key results, read with gitoxide (the `git` program is never run), and an edit not committed yet.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path};
use std::rc::Rc;

use chrono::NaiveDate;
use gix::ObjectId;

use super::{KrDefinition, Seen, TargetChange, target_moves};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::load::{KrFile, Project};
use crate::model::Person;

/// A commit that changed the file defining the key results.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    /// The full hexadecimal id.
    pub id: String,
    pub author: String,
    pub email: String,
    /// The id in people.csv whose e-mail is the author's (case aside).
    pub person: Option<String>,
    /// The day it was committed, in the committer's time zone: the day the change entered the
    /// history, which is also the day compared with `as_of`.
    pub date: NaiveDate,
    /// The first line of its message.
    pub message: String,
}

impl Commit {
    /// The id shortened as `git log --oneline` shows it.
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

/// Each key result's target moves, read from git.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GitHistory {
    /// Moves by key result id, oldest first (a commit's moves in field order).
    pub targets: BTreeMap<String, Vec<TargetChange>>,
    /// The walk stopped at a shallow clone's boundary: moves before it are not known.
    pub shallow: bool,
}

/// The moves of each key result's definition in the history of the file that defines them
/// (strategy.toml, or krs.csv), when the project folder is the root of a git work tree; `None`
/// when it is not (a folder inside a repository is not its root), when HEAD has no commit, or when
/// no commit dated on or before `as_of` has the file. A repository that cannot be read is one
/// warning, and `None`: the archived reports stand in.
pub fn target_history(project: &Project, as_of: NaiveDate, diags: &mut Diagnostics) -> Option<GitHistory> {
    let file = KrFile::of(&project.root, &project.config.sources);
    let repo = open(&project.root)?;
    let path = repo_path(&file.path)?;
    let walk = Walk { repo: &repo, file: &file, people: &project.people, as_of };
    match walk.history(&path, &project.root.join(&file.path)) {
        Ok(history) => history,
        Err(e) => {
            diags.push(
                Diagnostic::warning(
                    Location::file(&file.path),
                    format!("cannot read the git history of {}: {e}", file.path),
                )
                .with_hint("the history of each target comes from the archived reports instead"),
            );
            None
        }
    }
}

/// The repository whose work tree is exactly `dir`. Settings outside the repository (the user's
/// and the system's git configuration, the environment) are not read, so that two machines read
/// the same history.
fn open(dir: &Path) -> Option<gix::Repository> {
    let repo = gix::open_opts(dir, gix::open::Options::isolated()).ok()?;
    let root = repo.workdir()?.canonicalize().ok()?;
    (root == dir.canonicalize().ok()?).then_some(repo)
}

/// `file` as a path inside the repository (`/`-separated), or `None` when it leaves the work tree.
fn repo_path(file: &str) -> Option<String> {
    let mut parts = Vec::new();
    for component in Path::new(file).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The key results of one version of the file, by id; `None` when that version does not parse.
type Definitions = Option<Rc<BTreeMap<String, KrDefinition>>>;

struct Walk<'a> {
    repo: &'a gix::Repository,
    file: &'a KrFile,
    people: &'a [Person],
    as_of: NaiveDate,
}

/// A commit's first parent, or why there is none.
enum Parent<'r> {
    Commit(gix::Commit<'r>),
    Root,
    /// The commit is at a shallow clone's boundary, or its parent is not in the repository.
    Missing,
}

impl Walk<'_> {
    /// Walks HEAD's first parents back to the commit that created the file (following a rename)
    /// or to a shallow boundary, keeps the commits that changed it and are dated on or before
    /// `as_of`, adds the working tree's edit, and compares each version with the one before.
    fn history(&self, path: &str, on_disk: &Path) -> gix::Result<Option<GitHistory>> {
        if self.repo.head()?.is_unborn() {
            return Ok(None);
        }
        let head = self.repo.head_commit()?;
        let boundary: HashSet<ObjectId> =
            self.repo.shallow_commits()?.map(|commits| commits.iter().copied().collect()).unwrap_or_default();
        let head_blob = blob_at(&head, path)?;
        let head_after = day(&head)? > self.as_of;

        // The commits that changed the file, newest first, each with the version it made.
        let mut changed: Vec<(gix::Commit<'_>, ObjectId)> = Vec::new();
        let mut shallow = false;
        let (mut commit, mut blob, mut path) = (head, head_blob, path.to_string());
        while let Some(current) = blob {
            let parent = match self.first_parent(&commit, &boundary)? {
                Parent::Commit(parent) => parent,
                end => {
                    shallow = matches!(end, Parent::Missing);
                    changed.push((commit, current));
                    break;
                }
            };
            let mut before =
                if parent.tree_id()? == commit.tree_id()? { Some(current) } else { blob_at(&parent, &path)? };
            if before.is_none()
                && let Some((old_path, old_blob)) = self.renamed_from(&parent, &commit, &path, current)?
            {
                path = old_path;
                before = Some(old_blob);
            }
            if before != Some(current) {
                changed.push((commit, current));
            }
            (commit, blob) = (parent, before);
        }

        let mut parsed: HashMap<ObjectId, Definitions> = HashMap::new();
        let mut versions: Vec<(Seen, Rc<BTreeMap<String, KrDefinition>>)> = Vec::new();
        for (commit, blob) in changed.into_iter().rev() {
            if day(&commit)? > self.as_of {
                continue;
            }
            let definitions = match parsed.get(&blob) {
                Some(known) => known.clone(),
                None => {
                    let definitions = self.definitions(&self.repo.find_blob(blob)?.data);
                    parsed.insert(blob, definitions.clone());
                    definitions
                }
            };
            if let Some(definitions) = definitions {
                versions.push((Seen::Commit(self.commit(&commit)?), definitions));
            }
        }
        if versions.is_empty() {
            return Ok(None);
        }
        // An edit not committed yet is newer than HEAD: a report dated before HEAD leaves it out.
        if let Some(head_blob) = head_blob
            && !head_after
            && let Ok(bytes) = std::fs::read(on_disk)
            && bytes != self.repo.find_blob(head_blob)?.data
            && let Some(definitions) = self.definitions(&bytes)
        {
            versions.push((Seen::WorkingTree, definitions));
        }

        let mut targets: BTreeMap<String, Vec<TargetChange>> = BTreeMap::new();
        let mut last: HashMap<&str, KrDefinition> = HashMap::new();
        for (seen, definitions) in &versions {
            for (id, now) in definitions.iter() {
                let Some(was) = last.insert(id, *now) else { continue };
                for moved in target_moves(id, &was, now) {
                    targets.entry(id.clone()).or_default().push(TargetChange { moved, seen: seen.clone() });
                }
            }
        }
        Ok(Some(GitHistory { targets, shallow }))
    }

    fn first_parent<'r>(
        &self,
        commit: &gix::Commit<'r>,
        boundary: &HashSet<ObjectId>,
    ) -> gix::Result<Parent<'r>> {
        if boundary.contains(&commit.id) {
            return Ok(Parent::Missing);
        }
        let Some(id) = commit.parent_ids().next() else { return Ok(Parent::Root) };
        Ok(match commit.repo().try_find_object(id)? {
            Some(object) => Parent::Commit(object.try_into_commit()?),
            None => Parent::Missing,
        })
    }

    /// Where the file was in `parent` when `commit` added it at `path` by renaming it: a file of
    /// the same extension that `commit` removed, with the same content, else the one with the
    /// most lines in common, at least half of them (git's own threshold for a rename).
    fn renamed_from(
        &self,
        parent: &gix::Commit<'_>,
        commit: &gix::Commit<'_>,
        path: &str,
        blob: ObjectId,
    ) -> gix::Result<Option<(String, ObjectId)>> {
        let extension = |p: &str| Path::new(p).extension().map(|e| e.to_ascii_lowercase());
        let tree = commit.tree()?;
        let mut removed = Vec::new();
        for (old_path, old_blob) in files(self.repo, parent.tree_id()?.detach(), "")? {
            if extension(&old_path) != extension(path) || tree.lookup_entry_by_path(&old_path)?.is_some() {
                continue;
            }
            if old_blob == blob {
                return Ok(Some((old_path, old_blob)));
            }
            removed.push((old_path, old_blob));
        }
        let new = self.repo.find_blob(blob)?.data.clone();
        let mut best: Option<(f64, String, ObjectId)> = None;
        for (old_path, old_blob) in removed {
            let score = similarity(&self.repo.find_blob(old_blob)?.data, &new);
            if score >= 0.5 && best.as_ref().is_none_or(|(top, ..)| score > *top) {
                best = Some((score, old_path, old_blob));
            }
        }
        Ok(best.map(|(_, old_path, old_blob)| (old_path, old_blob)))
    }

    /// One version's key results. Its errors are not reported: a past version cannot be fixed, and
    /// the current file's errors are reported by the load. A key result with an error of its own
    /// is missing from that version, and moves nothing.
    fn definitions(&self, bytes: &[u8]) -> Definitions {
        let krs = self.file.key_results(bytes, &mut Diagnostics::default())?;
        Some(Rc::new(krs.iter().map(|kr| (kr.id.clone(), KrDefinition::of(kr))).collect()))
    }

    fn commit(&self, commit: &gix::Commit<'_>) -> gix::Result<Commit> {
        let author = commit.author()?.trim();
        let email = author.email.to_string();
        let person = self
            .people
            .iter()
            .find(|p| p.email.as_deref().is_some_and(|e| e.trim().eq_ignore_ascii_case(&email)))
            .map(|p| p.id.clone());
        Ok(Commit {
            id: commit.id.to_string(),
            author: author.name.to_string(),
            email,
            person,
            date: day(commit)?,
            message: commit.message()?.summary().to_string(),
        })
    }
}

/// The blob at `path` in a commit's tree (a file, not a folder or a submodule).
fn blob_at(commit: &gix::Commit<'_>, path: &str) -> gix::Result<Option<ObjectId>> {
    let entry = commit.tree()?.lookup_entry_by_path(path)?;
    Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
}

/// Every file under a tree, with its path.
fn files(repo: &gix::Repository, tree: ObjectId, prefix: &str) -> gix::Result<Vec<(String, ObjectId)>> {
    let mut out = Vec::new();
    let tree = repo.find_tree(tree)?;
    for entry in tree.iter() {
        let entry = entry?;
        let path = format!("{prefix}{}", entry.filename());
        if entry.mode().is_tree() {
            out.extend(files(repo, entry.object_id(), &format!("{path}/"))?);
        } else if entry.mode().is_blob() {
            out.push((path, entry.object_id()));
        }
    }
    Ok(out)
}

/// The share of lines two texts have in common, counted against the longer one.
fn similarity(a: &[u8], b: &[u8]) -> f64 {
    let lines = |text: &[u8]| -> Vec<Vec<u8>> {
        text.split(|&c| c == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec()).collect()
    };
    let (a, b) = (lines(a), lines(b));
    let mut counts: HashMap<&[u8], usize> = HashMap::new();
    for line in &a {
        *counts.entry(line).or_default() += 1;
    }
    let common = b
        .iter()
        .filter(|line| match counts.get_mut(line.as_slice()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count();
    common as f64 / a.len().max(b.len()).max(1) as f64
}

/// The day a commit was committed, in the committer's own time zone.
fn day(commit: &gix::Commit<'_>) -> gix::Result<NaiveDate> {
    let time = commit.committer()?.time()?;
    let date = chrono::FixedOffset::east_opt(time.offset)
        .zip(chrono::DateTime::from_timestamp(time.seconds, 0))
        .map(|(offset, utc)| utc.with_timezone(&offset).date_naive());
    // A time git itself would not write; the epoch keeps such a commit in every report.
    Ok(date.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_outside_the_work_tree_has_no_history() {
        assert_eq!(repo_path("strategy.toml").as_deref(), Some("strategy.toml"));
        assert_eq!(repo_path("./data/krs.csv").as_deref(), Some("data/krs.csv"));
        assert_eq!(repo_path("../elsewhere/strategy.toml"), None);
        assert_eq!(repo_path("/etc/strategy.toml"), None);
    }

    #[test]
    fn similarity_counts_lines_in_common_against_the_longer_text() {
        // 3 of the 4 lines of the longer text are in the other: 0.75.
        assert_eq!(similarity(b"a\nb\nc\nd", b"a\nb\nc"), 0.75);
        // Line endings do not count.
        assert_eq!(similarity(b"a\r\nb", b"a\nb"), 1.0);
        // A repeated line counts as often as it is in both.
        assert_eq!(similarity(b"x\nx\nx\ny", b"x\nz\nz\nz"), 0.25);
    }
}
