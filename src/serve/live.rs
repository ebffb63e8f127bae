//! What `serve` is serving right now: the files of the last good build, held in memory, and
//! whether the latest rebuild failed. Open pages learn of each change through `reload`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use crate::diag::Diagnostic;
use crate::write::OutputFile;

/// One file of the site, with the generation in which its bytes last changed.
#[derive(Debug, Clone)]
pub struct Page {
    pub bytes: Bytes,
    pub version: u64,
    /// A file made when it is first asked for (the board pack's PDF); `bytes` is then empty.
    pub later: Option<crate::render::site::LaterPdf>,
}

/// The files of one good build, by path relative to the site root (`bets/b1.html`). Nothing
/// outside this map can be served: there is no path from a URL to the disk.
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: HashMap<String, Page>,
    /// The newest version among the files every page loads (styles, scripts, the search
    /// index): when it moves, every open page reloads.
    pub assets_version: u64,
}

/// Files that every page depends on, beside its own bytes.
fn is_shared_asset(path: &str) -> bool {
    path.starts_with("assets/") || path == "search-index.js"
}

impl Site {
    /// The site of generation `generation`; a file whose bytes equal the previous site's keeps
    /// its version, so that a page that did not change is not reloaded. Returns the site and how
    /// many files changed, appeared or went.
    pub fn new(
        files: Vec<OutputFile>,
        later: Option<crate::render::site::LaterPdf>,
        previous: &Site,
        generation: u64,
    ) -> (Site, usize) {
        let mut site = Site { files: HashMap::with_capacity(files.len() + 1), assets_version: 0 };
        let mut changed = 0;
        for file in files {
            let version = match previous.files.get(&file.path) {
                Some(old) if file.same_bytes(&old.bytes) => old.version,
                _ => {
                    changed += 1;
                    generation
                }
            };
            if is_shared_asset(&file.path) {
                site.assets_version = site.assets_version.max(version);
            }
            site.files.insert(file.path, Page { bytes: file.bytes, version, later: None });
        }
        if let Some(later) = later {
            let version = match previous.files.get(later.path).and_then(|p| p.later.as_ref().map(|l| (p, l)))
            {
                Some((old, kept)) if kept.fingerprint == later.fingerprint => old.version,
                _ => {
                    changed += 1;
                    generation
                }
            };
            site.files
                .insert(later.path.to_string(), Page { bytes: Bytes::new(), version, later: Some(later) });
        }
        for gone in previous.files.keys().filter(|p| !site.files.contains_key(*p)) {
            changed += 1;
            if is_shared_asset(gone) {
                site.assets_version = generation;
            }
        }
        (site, changed)
    }
}

/// The state every request and every open page sees. Replaced whole on each rebuild.
#[derive(Debug, Clone)]
pub struct Live {
    /// Counts rebuilds, good or bad, since the server started.
    pub generation: u64,
    /// The last good site (empty until the first good build).
    pub site: Arc<Site>,
    /// The diagnostics of the latest rebuild when it failed: shown over every open page.
    pub failure: Option<Arc<Vec<Diagnostic>>>,
}

impl Live {
    pub fn empty() -> Live {
        Live { generation: 0, site: Arc::new(Site::default()), failure: None }
    }

    /// The state after a good build of `files`, and how many files changed.
    pub fn built(
        &self,
        files: Vec<OutputFile>,
        later: Option<crate::render::site::LaterPdf>,
    ) -> (Live, usize) {
        let generation = self.generation + 1;
        let (site, changed) = Site::new(files, later, &self.site, generation);
        (Live { generation, site: Arc::new(site), failure: None }, changed)
    }

    /// The state after a failed build: the same site, and the diagnostics, errors first.
    pub fn failed(&self, mut diagnostics: Vec<Diagnostic>) -> Live {
        diagnostics.sort_by_key(|d| !d.is_error());
        Live {
            generation: self.generation + 1,
            site: self.site.clone(),
            failure: Some(Arc::new(diagnostics)),
        }
    }
}

/// What every handler shares: the live state, this server's identity, and whether requests must
/// name this machine (when it listens on loopback only).
#[derive(Clone)]
pub struct App {
    pub live: watch::Receiver<Arc<Live>>,
    /// Changes with each start of the server, so that a page from an earlier run reloads.
    pub instance: u64,
    pub loopback_only: bool,
}

/// A URL path that could name something outside the site; refused with 400.
#[derive(Debug, PartialEq)]
pub struct Refused;

/// Where a URL path leads in the site.
#[derive(Debug)]
pub struct Resolved<'a> {
    /// The file sent: the one asked for, or `404.html` for a miss.
    pub file: String,
    pub page: Option<&'a Page>,
    pub found: bool,
}

/// Looks a URL path up in `site`. `/` and any path ending in `/` mean its `index.html`. Every
/// segment, once decoded, must be a plain name: `..`, `.`, empty segments, backslashes, NUL,
/// colons and encoded slashes are refused outright rather than normalised, since no page of a
/// site has them.
pub fn resolve<'a>(site: &'a Site, url_path: &str) -> Result<Resolved<'a>, Refused> {
    let raw = url_path.strip_prefix('/').ok_or(Refused)?;
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refused);
    }
    let mut path = percent_decode_str(raw).decode_utf8().map_err(|_| Refused)?.into_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let plain = |s: &str| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0', ':']);
    if !path.split('/').all(plain) {
        return Err(Refused);
    }
    Ok(match site.files.get(&path) {
        Some(page) => Resolved { file: path, page: Some(page), found: true },
        None => Resolved { file: "404.html".into(), page: site.files.get("404.html"), found: false },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_left_for_later_has_no_bytes_and_keeps_its_version_while_its_pack_is_the_same() {
        let later = |print| crate::render::site::LaterPdf::for_test("board-pack.pdf", print);
        let (first, changed) = Live::empty().built(vec![OutputFile::new("a.html", "a")], Some(later(7)));
        assert_eq!(changed, 2);
        let pdf = &first.site.files["board-pack.pdf"];
        assert!(pdf.bytes.is_empty() && pdf.later.is_some(), "not typeset by the build");
        let (second, changed) = first.built(vec![OutputFile::new("a.html", "a")], Some(later(7)));
        assert_eq!((changed, second.site.files["board-pack.pdf"].version), (0, 1));
        let (third, changed) = second.built(vec![OutputFile::new("a.html", "a")], Some(later(8)));
        assert_eq!((changed, third.site.files["board-pack.pdf"].version), (1, 3));
    }

    #[test]
    fn an_unchanged_file_keeps_its_version() {
        let first = Live::empty().built(
            vec![
                OutputFile::new("a.html", "a"),
                OutputFile::new("b.html", "b"),
                OutputFile::new("assets/style.css", "x"),
            ],
            None,
        );
        assert_eq!(first.1, 3);
        let (second, changed) = first.0.built(
            vec![
                OutputFile::new("a.html", "a"),
                OutputFile::new("b.html", "B"),
                OutputFile::new("assets/style.css", "x"),
            ],
            None,
        );
        assert_eq!(changed, 1);
        assert_eq!(second.site.files["a.html"].version, 1);
        assert_eq!(second.site.files["b.html"].version, 2);
        assert_eq!(second.site.assets_version, 1);
        let failed = second.failed(vec![]);
        assert_eq!(failed.generation, 3);
        assert!(Arc::ptr_eq(&failed.site, &second.site), "a failed build keeps the last good site");
        let (third, changed) = failed.built(vec![OutputFile::new("a.html", "a")], None);
        assert_eq!(changed, 2, "b.html and the style sheet are gone");
        assert_eq!(third.site.assets_version, 4, "a shared asset that went away reloads every page");
    }
}
