//! Noticing saves: a notify watcher over the project, its theme and any input kept outside it,
//! with the changes debounced (editors write a file in several steps), editors' temporary files
//! and the output folder ignored, and saves that changed no byte skipped.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::Config;

/// How long the folder must stay quiet before a rebuild starts. An editor's steps (write a
/// temporary file, rename it over the old one, remove a backup) come within a few milliseconds of
/// each other; 20 ms is a fifth of the 100 ms in which a save should show on a small project, and
/// webpack's `aggregateTimeout` for the same wait. A writer that pauses longer mid-file gets a
/// rebuild of what it wrote so far, and another once it is done.
pub const QUIET: Duration = Duration::from_millis(20);
/// The longest a stream of changes can put a rebuild off.
const MAX_DELAY: Duration = Duration::from_millis(1000);

/// What reaches the rebuild loop.
pub enum Signal {
    Changed { paths: Vec<PathBuf>, rescan: bool },
    Stop,
}

/// The folders to watch for a project, each with whether to watch inside its sub-folders: the
/// project itself; a theme folder and input files named outside it.
pub fn roots(project_dir: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let root = canonical(project_dir);
    let mut roots = vec![(root.clone(), RecursiveMode::Recursive)];
    let Ok(config) = Config::load(project_dir) else { return roots };
    let mut add = |path: PathBuf, mode: RecursiveMode| {
        if !path.starts_with(&root) && path.is_dir() && !roots.iter().any(|(r, _)| path.starts_with(r)) {
            roots.push((path, mode));
        }
    };
    if config.theme != "default" {
        add(canonical(&project_dir.join(&config.theme)), RecursiveMode::Recursive);
    }
    let sources = &config.sources;
    let files = [&sources.strategy, &sources.bets, &sources.krs, &sources.checkins, &sources.initiatives]
        .into_iter()
        .chain([&sources.people, &sources.commitments])
        .flatten()
        .cloned()
        .chain(sources.work.iter().flatten().map(|w| w.path.clone()));
    for file in files {
        if let Some(parent) = canonical(&project_dir.join(file)).parent() {
            add(parent.to_path_buf(), RecursiveMode::NonRecursive);
        }
    }
    roots
}

/// The absolute, symlink-free form of a path, also for one that does not exist yet.
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => canonical(parent).join(name),
        _ => absolute,
    }
}

/// Paths whose changes never call for a rebuild.
#[derive(Debug, Clone)]
pub struct Ignore {
    pub roots: Vec<PathBuf>,
    /// The output folder: writing it must not trigger another build.
    pub output: PathBuf,
}

impl Ignore {
    pub fn ignores(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return true;
        }
        let inside = self.roots.iter().find_map(|r| path.strip_prefix(r).ok()).unwrap_or(path);
        // Hidden files and folders (.git, .DS_Store, our own .throughline-staging-*) and
        // editors' temporary files: vim's .swp and 4913, emacs' .# and #…#, backups~,
        // JetBrains' ___jb_tmp___.
        inside.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) || {
            let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            name == "4913"
                || name.ends_with('~')
                || (name.starts_with('#') && name.ends_with('#'))
                || [".swp", ".swx", ".swo", ".tmp", ".bak", "___jb_tmp___", "___jb_old___"]
                    .iter()
                    .any(|s| name.ends_with(s))
        }
    }
}

/// The notify watcher and its channel. The sender can be cloned to stop the loop.
pub struct Watcher {
    watcher: RecommendedWatcher,
    watched: Vec<PathBuf>,
    events: Receiver<Signal>,
    sender: Sender<Signal>,
}

impl Watcher {
    pub fn new() -> notify::Result<Watcher> {
        let (sender, events) = mpsc::channel();
        let to_loop = sender.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let signal = match event {
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
                Ok(e) => Signal::Changed { rescan: e.need_rescan(), paths: e.paths },
                // The watcher lost track: when in doubt, rebuild everything.
                Err(e) => Signal::Changed { paths: e.paths, rescan: true },
            };
            let _ = to_loop.send(signal);
        })?;
        Ok(Watcher { watcher, watched: vec![], events, sender })
    }

    pub fn stopper(&self) -> Sender<Signal> {
        self.sender.clone()
    }

    /// Watches `roots` (and stops watching what is no longer among them).
    pub fn watch(&mut self, roots: &[(PathBuf, RecursiveMode)]) -> notify::Result<()> {
        for old in std::mem::take(&mut self.watched) {
            if !roots.iter().any(|(r, _)| *r == old) {
                let _ = self.watcher.unwatch(&old);
            }
        }
        for (root, mode) in roots {
            self.watcher.watch(root, *mode)?;
            self.watched.push(root.clone());
        }
        Ok(())
    }

    /// Waits for changes that `ignore` does not rule out, then until the folders have been quiet
    /// for `QUIET`. `None` when told to stop. The second value says the watcher lost events.
    pub fn next_batch(&self, ignore: &Ignore) -> Option<(Vec<PathBuf>, bool)> {
        let mut batch = Batch::default();
        while batch.paths.is_empty() && !batch.rescan {
            batch.take(self.events.recv().ok()?, ignore)?;
        }
        let first = Instant::now();
        loop {
            let wait = QUIET.min(MAX_DELAY.saturating_sub(first.elapsed()));
            match self.events.recv_timeout(wait) {
                Ok(signal) => batch.take(signal, ignore)?,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        batch.paths.sort();
        batch.paths.dedup();
        Some((batch.paths, batch.rescan))
    }
}

#[derive(Default)]
struct Batch {
    paths: Vec<PathBuf>,
    rescan: bool,
}

impl Batch {
    /// Adds a signal's paths that matter; `None` for `Stop`.
    fn take(&mut self, signal: Signal, ignore: &Ignore) -> Option<()> {
        let Signal::Changed { paths, rescan } = signal else { return None };
        self.rescan |= rescan;
        self.paths.extend(paths.into_iter().filter(|p| !ignore.ignores(p)));
        Some(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

/// Length, modification time and hash of every input file as the last build saw it, so that a
/// save that changed no byte (or a `touch`) does not rebuild. Recorded *before* each build: a
/// save during a build then differs from the record, and rebuilds again.
#[derive(Debug, Default)]
pub struct Fingerprints {
    files: HashMap<PathBuf, Fingerprint>,
}

fn hash_file(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

impl Fingerprints {
    /// Records every file under `roots`; a file whose length and time did not move keeps its
    /// hash without being read again. Returns the files that differ from the previous record:
    /// created, removed, or with other bytes (what a rebuild must read again).
    pub fn record(&mut self, roots: &[(PathBuf, RecursiveMode)], ignore: &Ignore) -> HashSet<PathBuf> {
        let mut files = HashMap::with_capacity(self.files.len());
        for (root, mode) in roots {
            self.walk(root, *mode == RecursiveMode::Recursive, ignore, &mut files);
        }
        let mut changed: HashSet<PathBuf> = files
            .iter()
            .filter(|(path, f)| self.files.get(*path) != Some(f))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(self.files.keys().filter(|p| !files.contains_key(*p)).cloned());
        self.files = files;
        changed
    }

    fn walk(&self, dir: &Path, recursive: bool, ignore: &Ignore, into: &mut HashMap<PathBuf, Fingerprint>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if ignore.ignores(&path) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if meta.is_dir() {
                if recursive {
                    self.walk(&path, true, ignore, into);
                }
                continue;
            }
            let (len, modified) = (meta.len(), meta.modified().ok());
            let hash = match self.files.get(&path) {
                Some(f) if f.len == len && f.modified == modified => f.hash,
                _ => hash_file(&path).unwrap_or(0),
            };
            into.insert(path, Fingerprint { len, modified, hash });
        }
    }

    /// Whether any of `paths` differs from the record: created, removed, or with other bytes.
    /// A folder that changed counts as a change (when in doubt, rebuild).
    pub fn any_changed(&self, paths: &[PathBuf]) -> bool {
        paths.iter().any(|path| match (self.files.get(path), std::fs::metadata(path)) {
            (Some(old), Ok(meta)) if meta.is_file() => {
                (old.len, old.modified) != (meta.len(), meta.modified().ok())
                    && (old.len != meta.len() || hash_file(path) != Some(old.hash))
            }
            (None, Err(_)) => self.files.keys().any(|f| f.starts_with(path)),
            _ => true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(root: &Path) -> Ignore {
        Ignore { roots: vec![root.to_path_buf()], output: root.join("public") }
    }

    #[test]
    fn ignores_editor_files_hidden_folders_and_the_output() {
        let root = Path::new("/p");
        let rules = ignore(root);
        for ignored in [
            "/p/public/index.html",
            "/p/.git/index",
            "/p/data/.work.csv.swp",
            "/p/data/4913",
            "/p/data/work.csv~",
            "/p/notes/.#b1.md",
            "/p/notes/#b1.md#",
            "/p/.throughline-staging-x/a.html",
            "/p/strategy.toml___jb_tmp___",
        ] {
            assert!(rules.ignores(Path::new(ignored)), "{ignored}");
        }
        for kept in ["/p/data/work.csv", "/p/notes/b1.md", "/p/templates/base.html", "/p/publicity.md"] {
            assert!(!rules.ignores(Path::new(kept)), "{kept}");
        }
        let hidden_parent = ignore(Path::new("/home/u/.projects/acme"));
        assert!(!hidden_parent.ignores(Path::new("/home/u/.projects/acme/data/work.csv")));
    }

    #[test]
    fn a_save_without_new_bytes_is_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path());
        std::fs::create_dir(root.join("data")).unwrap();
        let csv = root.join("data/work.csv");
        std::fs::write(&csv, "id\nW1\n").unwrap();
        let roots = vec![(root.clone(), RecursiveMode::Recursive)];
        let mut prints = Fingerprints::default();
        prints.record(&roots, &ignore(&root));
        let later = SystemTime::now() + Duration::from_secs(5);
        std::fs::File::options().write(true).open(&csv).unwrap().set_modified(later).unwrap();
        assert!(!prints.any_changed(std::slice::from_ref(&csv)), "touched, same bytes");
        std::fs::write(&csv, "id\nW2\n").unwrap();
        assert!(prints.any_changed(std::slice::from_ref(&csv)), "same length, other bytes");
        assert!(!prints.any_changed(&[root.join("data/4913")]), "a temporary file that came and went");
        std::fs::write(root.join("data/new.csv"), "x").unwrap();
        assert!(prints.any_changed(&[root.join("data/new.csv")]), "a new file");
        std::fs::rename(root.join("data"), root.join("moved")).unwrap();
        assert!(prints.any_changed(&[root.join("data")]), "a folder of inputs moved away");
    }

    #[test]
    fn debounces_a_burst_into_one_batch_and_stops() {
        let watcher = Watcher::new().unwrap();
        let root = PathBuf::from("/p");
        let rules = ignore(&root);
        let send = watcher.stopper();
        for name in ["data/4913", "data/work.csv", "data/work.csv~", "data/work.csv"] {
            send.send(Signal::Changed { paths: vec![root.join(name)], rescan: false }).unwrap();
        }
        let (paths, rescan) = watcher.next_batch(&rules).unwrap();
        assert_eq!(paths, vec![root.join("data/work.csv")]);
        assert!(!rescan);
        send.send(Signal::Changed { paths: vec![root.join("public/x.html")], rescan: false }).unwrap();
        send.send(Signal::Stop).unwrap();
        assert!(watcher.next_batch(&rules).is_none(), "changes in the output alone wait; stop ends");
    }
}
