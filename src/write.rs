//! Writing a site atomically: every file is rendered into a temporary sibling folder, which then
//! replaces the output folder in two renames. A failed build leaves the old output untouched and
//! no temporary folder behind. Every file and folder written gets the modes of an ordinary one
//! under the user's umask, so that a web server running as another user can read the site.

use bytes::Bytes;
use std::collections::{HashMap, HashSet};
use std::io::Write as _;
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
    /// Shared, not copied: a page a rebuild did not change keeps the very bytes of the build
    /// before, which `serve` and `watch` then recognise without comparing them.
    pub bytes: Bytes,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }

    /// Whether `self` has the same bytes as `other`: the same buffer, or equal contents.
    pub fn same_bytes(&self, other: &[u8]) -> bool {
        same_bytes(&self.bytes, other)
    }
}

/// Whether `a` and `b` are the same bytes: the same buffer (a file a rebuild kept), or equal
/// contents.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len() || a == b
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// A temporary file or folder created as an ordinary one would be: mode 0666 or 0777 less the
/// umask (0644 and 0755 under the usual 022), not tempfile's private 0600. Each becomes part of
/// the published site, which a web server running as another user must be able to read
/// (docs/site.md#file-modes). Every temporary file and folder here is made through this.
fn temporary(prefix: &str, folder: bool) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(if folder { 0o777 } else { 0o666 }));
    #[cfg(not(unix))]
    let _ = folder;
    builder
}

fn temporary_file(dir: &Path) -> Result<tempfile::NamedTempFile, OutputError> {
    temporary(".throughline-", false).tempfile_in(dir).map_err(io(dir))
}

fn temporary_folder(parent: &Path, prefix: &str) -> Result<tempfile::TempDir, OutputError> {
    temporary(prefix, true).tempdir_in(parent).map_err(io(parent))
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
    let staging = Staging::new(out, project_root)?;
    for file in files {
        staging.write(file)?;
    }
    staging.finish(keep)
}

/// A site being written: a temporary sibling of the output folder that files are written into
/// as they are made (from any thread), and that replaces the output folder in one rename when
/// everything succeeded. Dropped unfinished, it removes itself and the output folder stays as it
/// was.
pub struct Staging {
    folder: tempfile::TempDir,
    out: PathBuf,
    /// The folders made so far: a site of 64,000 files has a dozen folders, and asking the
    /// file system for each file's again cost two system calls a file.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    pub fn new(out: &Path, project_root: &Path) -> Result<Staging, OutputError> {
        let out_abs = absolute(out);
        if absolute(project_root).starts_with(&out_abs) {
            return Err(OutputError::ContainsProject(out.to_path_buf()));
        }
        if out.exists() && !out.is_dir() {
            return Err(OutputError::NotAFolder(out.to_path_buf()));
        }
        let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let folder = temporary_folder(&parent, ".throughline-staging-")?;
        Ok(Staging { folder, out: out_abs, made: Default::default() })
    }

    pub fn write(&self, file: &OutputFile) -> Result<(), OutputError> {
        let relative = safe_relative(&file.path).ok_or_else(|| OutputError::UnsafePath(file.path.clone()))?;
        let path = self.folder.path().join(relative);
        if let Some(dir) = path.parent() {
            let made = self.made.lock().is_ok_and(|made| made.contains(dir));
            if !made {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(dir.to_path_buf());
                }
            }
        }
        std::fs::write(&path, &file.bytes).map_err(io(&path))
    }

    /// Carries the folders named in `keep` over from the old output, and swaps the new one in.
    pub fn finish(self, keep: &[&str]) -> Result<(), OutputError> {
        for folder in keep {
            let old = self.out.join(folder);
            if old.is_dir() {
                carry_over(&old, &self.folder.path().join(folder))?;
            }
        }
        swap_in(self.folder, &self.out)
    }
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
        let mut temp = temporary_file(&dir)?;
        temp.write_all(&file.bytes).map_err(io(&target))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| OutputError::Io { path: target.clone(), source: e.error })?;
    }
    Ok(())
}

/// Brings `out` from `previous` (the files the last build wrote there) to `files`, writing only
/// the files whose bytes changed, each atomically (a temporary sibling renamed over it), and
/// removing the files that are gone. A reader sees each file old or new, never half-written;
/// for a moment the site may mix old and new pages, which is fine for `watch`, whose builds
/// follow one another, but not for a publish: `publish` swaps the whole folder. When the folder
/// is not what the last build left (missing, or a file of a different length), that file is
/// rewritten; without a folder at all this falls back to `publish` (with `keep`). Files that no
/// build wrote (an archive, say) are left alone. Returns how many files were written or removed.
pub fn update(
    out: &Path,
    previous: &[OutputFile],
    files: &[OutputFile],
    project_root: &Path,
    keep: &[&str],
) -> Result<usize, OutputError> {
    if !out.is_dir() {
        publish(out, files, project_root, keep)?;
        return Ok(files.len());
    }
    let before: HashMap<&str, &[u8]> = previous.iter().map(|f| (f.path.as_str(), &f.bytes[..])).collect();
    let mut touched = 0;
    for file in files {
        let relative = safe_relative(&file.path).ok_or_else(|| OutputError::UnsafePath(file.path.clone()))?;
        let path = out.join(relative);
        let same_as_before = before.get(file.path.as_str()).is_some_and(|old| file.same_bytes(old));
        let on_disk = std::fs::metadata(&path).ok().filter(|m| m.is_file()).map(|m| m.len());
        if same_as_before && on_disk == Some(file.bytes.len() as u64) {
            continue;
        }
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut temp = temporary_file(dir)?;
        temp.write_all(&file.bytes).map_err(io(&path))?;
        temp.persist(&path).map_err(|e| OutputError::Io { path: path.clone(), source: e.error })?;
        touched += 1;
    }
    let now: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for gone in previous.iter().filter(|f| !now.contains(f.path.as_str())) {
        let Some(relative) = safe_relative(&gone.path) else { continue };
        let path = out.join(relative);
        if std::fs::remove_file(&path).is_ok() {
            touched += 1;
            // Folders the site no longer uses go too; remove_dir fails, harmlessly, on one
            // that still holds something.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    Ok(touched)
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
    let retired = temporary_folder(parent, ".throughline-previous-")?;
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
    remove_site(&retired_path);
    Ok(())
}

/// Deletes the site a build replaced, its folders on all cores: a large site is tens of thousands
/// of files in a few folders, and this is the build's last step. Each folder goes through std's
/// `remove_dir_all`, which follows no link and opens no file, so that nothing left in the site
/// (a FIFO, say) can block it.
fn remove_site(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let _ = match entry.file_type() {
                Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(entry.path()),
                _ => std::fs::remove_file(entry.path()),
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
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

    #[test]
    fn update_writes_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let project = dir.path().join("project");
        let first = [
            OutputFile::new("a.html", "a"),
            OutputFile::new("b/c.html", "c"),
            OutputFile::new("d.html", "d"),
        ];
        publish(&out, &first, &project, &[]).unwrap();
        // A file left as it was keeps its modification time: set it in the past to see that.
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options().write(true).open(out.join("a.html")).unwrap().set_modified(old).unwrap();
        let second = [OutputFile::new("a.html", "a"), OutputFile::new("d.html", "D")];
        assert_eq!(
            update(&out, &first, &second, &project, &[]).unwrap(),
            2,
            "d.html written, b/c.html removed"
        );
        assert_eq!(std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap(), old);
        assert_eq!(std::fs::read_to_string(out.join("d.html")).unwrap(), "D");
        assert!(!out.join("b").exists(), "the emptied folder goes too");
        // A file changed behind our back is rewritten; nothing temporary is left behind.
        std::fs::write(out.join("a.html"), "tampered").unwrap();
        assert_eq!(update(&out, &second, &second, &project, &[]).unwrap(), 1);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
        let mut names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, vec!["a.html", "d.html"]);
    }
}
