//! The integration harness: copy a fixture project into a temp dir, run the real build, and look at
//! what a reader would get.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use throughline::build::{BuildOptions, BuildReport, build};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "public" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of a fixture (a folder under tests/fixtures, or a path from the repo root) in a temp dir.
pub fn project(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = if fixture.contains('/') {
        repo().join(fixture)
    } else {
        repo().join("tests/fixtures").join(fixture)
    };
    let target = dir.path().join("project");
    copy_dir(&source, &target);
    (dir, target)
}

/// `serve` on the project, on loopback and a port of the system's choosing.
pub fn start(project: &Path) -> throughline::serve::Server {
    let options = throughline::serve::ServeOptions {
        build: BuildOptions { project_dir: project.to_path_buf(), ..Default::default() },
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
    };
    throughline::serve::serve(options, |_| {}).unwrap()
}

pub fn build_into(project: &Path, out: &Path) -> Result<BuildReport, throughline::build::BuildError> {
    build(&BuildOptions {
        project_dir: project.to_path_buf(),
        output: Some(out.to_path_buf()),
        ..Default::default()
    })
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

pub fn snapshot(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("data/snapshot.json")).unwrap()).unwrap()
}

pub fn find<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array().unwrap().iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("no {id} in {list}"))
}

/// Every link and resource reference of every HTML page must resolve to a file of the site (and
/// its fragment to an id on that page), and nothing may be requested from outside the site. The
/// only absolute URLs allowed are links a reader may follow.
pub fn check_links(out: &Path) {
    let files = files(out);
    let attr = regex::Regex::new(r#"<(\w+)\b[^>]*?\s(?:href|src)="([^"]*)""#).unwrap();
    let ids = regex::Regex::new(r#"\sid="([^"]*)""#).unwrap();
    let id_sets: BTreeMap<&String, Vec<String>> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, ids.captures_iter(&String::from_utf8_lossy(b)).map(|c| c[1].to_string()).collect()))
        .collect();
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for cap in attr.captures_iter(&html) {
            let target = cap[2].replace("&amp;", "&");
            if target.starts_with("https://")
                || target.starts_with("http://")
                || target.starts_with("mailto:")
            {
                // A link a reader may follow (a tracker item, a wiki page from a note); the page
                // itself never loads anything from outside.
                assert_eq!(&cap[1], "a", "{page} loads {target} from outside the site");
                continue;
            }
            if target.starts_with("data:") {
                // Inline content (the board pack's icon): nothing is fetched.
                assert_eq!(&cap[1], "link", "{page}: a data: URI outside an icon");
                continue;
            }
            assert!(
                !target.contains("://") && !target.starts_with("//"),
                "{page} requests {target} from outside the site"
            );
            if let Some(fragment) = target.strip_prefix('#') {
                assert!(id_sets[page].iter().any(|i| i == fragment), "{page}: no id {fragment}");
                continue;
            }
            let (path, fragment) =
                target.split_once('#').map_or((target.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap();
            let resolved = resolve(page, path);
            assert!(
                files.contains_key(&resolved),
                "{page} links to {target}, which is not in the site ({resolved})"
            );
            if let Some(fragment) = fragment {
                assert!(
                    id_sets[&resolved].iter().any(|i| i == fragment),
                    "{page} links to {target}: no such id"
                );
            }
        }
    }
}

fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in link.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The mode bits (`0o644`) of `dir` and of every file and folder under it, by path relative to
/// `dir` (`.` for itself).
#[cfg(unix)]
pub fn modes(dir: &Path) -> BTreeMap<String, u32> {
    use std::os::unix::fs::PermissionsExt;
    fn walk(base: &Path, path: &Path, out: &mut BTreeMap<String, u32>) {
        let meta = std::fs::metadata(path).unwrap();
        let rel = path.strip_prefix(base).unwrap().to_string_lossy().into_owned();
        out.insert(if rel.is_empty() { ".".into() } else { rel }, meta.permissions().mode() & 0o7777);
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                walk(base, &entry.unwrap().path(), out);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// This process's umask, as Linux reports it.
#[cfg(target_os = "linux")]
pub fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find_map(|l| l.strip_prefix("Umask:")).expect("Linux reports the umask");
    u32::from_str_radix(line.trim(), 8).unwrap()
}

/// Every file under `dir` has the mode of an ordinary file under `umask` (0644 under 022), and
/// every folder that of an ordinary folder (0755): what a web server running as another user
/// needs to read them.
#[cfg(unix)]
pub fn assert_usual_modes(dir: &Path, umask: u32) {
    let (file, folder) = (0o666 & !umask, 0o777 & !umask);
    for (path, mode) in modes(dir) {
        let wanted = if dir.join(&path).is_dir() { folder } else { file };
        assert_eq!(mode, wanted, "{path} has mode {mode:o}, not {wanted:o} (umask {umask:03o})");
    }
}
