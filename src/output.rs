//! Writing a site atomically: every file is rendered into a temporary sibling folder, which then
//! replaces the output folder in two renames. A failed build leaves the old output untouched and
//! no temporary folder behind.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("the output folder {0} holds the project itself; choose another with -o")]
    ContainsProject(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotAFolder(PathBuf),
    #[error("refusing to write {0:?}: a page path must stay inside the output folder")]
    UnsafePath(String),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// One file of the site, by its path relative to the output folder (always `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// A path is safe when it is relative and made only of plain names.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok =
        !path.is_empty() && !path.contains('\\') && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// Writes `files` as the whole content of `out`, replacing what was there but for the folders
/// named in `keep` (the archive of past reports), which are carried over from the old output.
pub fn publish(
    out: &Path,
    files: &[OutputFile],
    project_root: &Path,
    keep: &[&str],
) -> Result<(), OutputError> {
    let out_abs = absolute(out);
    if absolute(project_root).starts_with(&out_abs) {
        return Err(OutputError::ContainsProject(out.to_path_buf()));
    }
    if out.exists() && !out.is_dir() {
        return Err(OutputError::NotAFolder(out.to_path_buf()));
    }
    let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging =
        tempfile::Builder::new().prefix(".throughline-staging-").tempdir_in(&parent).map_err(io(&parent))?;
    for file in files {
        let relative = safe_relative(&file.path).ok_or_else(|| OutputError::UnsafePath(file.path.clone()))?;
        let path = staging.path().join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &file.bytes).map_err(io(&path))?;
    }
    for folder in keep {
        let old = out_abs.join(folder);
        if old.is_dir() {
            carry_over(&old, &staging.path().join(folder))?;
        }
    }
    swap_in(staging, &out_abs)
}

/// Writes a few files into `out` (creating it), each through a temporary file renamed into place:
/// a reader sees the old file or the new one, never half of one.
pub fn write_files(out: &Path, files: &[OutputFile], project_root: &Path) -> Result<(), OutputError> {
    let out_abs = absolute(out);
    if absolute(project_root).starts_with(&out_abs) {
        return Err(OutputError::ContainsProject(out.to_path_buf()));
    }
    std::fs::create_dir_all(&out_abs).map_err(io(&out_abs))?;
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let relative = safe_relative(&file.path).ok_or_else(|| OutputError::UnsafePath(file.path.clone()))?;
        let target = out_abs.join(relative);
        let dir = target.parent().unwrap_or(&out_abs).to_path_buf();
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let mut temp =
            tempfile::Builder::new().prefix(".throughline-").tempfile_in(&dir).map_err(io(&dir))?;
        std::io::Write::write_all(&mut temp, &file.bytes).map_err(io(&target))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| OutputError::Io { path: target.clone(), source: e.error })?;
    }
    Ok(())
}

/// Moves the staged folder into place; the previous output is removed only once the new one is in.
fn swap_in(staging: tempfile::TempDir, out: &Path) -> Result<(), OutputError> {
    if !out.exists() {
        let staged = staging.keep();
        return std::fs::rename(&staged, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staged);
            OutputError::Io { path: out.to_path_buf(), source: e }
        });
    }
    let parent = out.parent().unwrap_or(Path::new("."));
    let retired =
        tempfile::Builder::new().prefix(".throughline-previous-").tempdir_in(parent).map_err(io(parent))?;
    let retired_path = retired.keep();
    // rename() onto an empty folder replaces it on Unix; move the old site there.
    std::fs::remove_dir(&retired_path).map_err(io(&retired_path))?;
    std::fs::rename(out, &retired_path).map_err(io(out))?;
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, out) {
        let _ = std::fs::rename(&retired_path, out);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(OutputError::Io { path: out.to_path_buf(), source: e });
    }
    let _ = std::fs::remove_dir_all(&retired_path);
    Ok(())
}

/// Copies a folder of the old output into the staging folder (hard links where the file system
/// allows: the files are never modified in place, only replaced). Files the new build wrote win.
fn carry_over(from: &Path, to: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(io(&source))?;
        if kind.is_dir() {
            carry_over(&source, &target)?;
        } else if kind.is_file() && !target.exists() && std::fs::hard_link(&source, &target).is_err() {
            std::fs::copy(&source, &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        assert!(safe_relative("bets/b1.html").is_some());
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b", "./a"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn replaces_the_folder_and_leaves_no_staging_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &[OutputFile::new("a/b.html", "1")], &dir.path().join("project"), &[]).unwrap();
        publish(&out, &[OutputFile::new("c.html", "2")], &dir.path().join("project"), &[]).unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "2");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec!["public"]);
    }

    #[test]
    fn a_failed_write_keeps_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &[OutputFile::new("index.html", "old")], &dir.path().join("p"), &[]).unwrap();
        let err = publish(
            &out,
            &[OutputFile::new("ok.html", "x"), OutputFile::new("../evil", "x")],
            &dir.path().join("p"),
            &[],
        );
        assert!(matches!(err, Err(OutputError::UnsafePath(_))));
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn never_replaces_the_project_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = publish(dir.path(), &[], &dir.path().join("project"), &[]);
        assert!(matches!(err, Err(OutputError::ContainsProject(_))));
    }
}
