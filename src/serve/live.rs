//! What `serve` is serving right now: the files of the last good build, held in memory, and
//! whether the latest rebuild failed. Open pages learn of each change through `reload`.

use std::sync::Arc;

use axum::body::Bytes;
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use crate::diag::Diagnostic;
use crate::render::site::LaterFile;
use crate::write::{OutputFile, same_bytes};

/// One file of the site, with the generation in which its bytes last changed.
#[derive(Debug, Clone)]
pub struct Page {
    pub bytes: Bytes,
    pub version: u64,
    /// A file made when it is first asked for (the board pack's PDF); `bytes` is then empty.
    pub later: Option<LaterFile>,
}

/// The files of one good build, by path relative to the site root (`bets/b1.html`), in the order
/// of their paths. Nothing outside this list can be served: there is no path from a URL to the
/// disk.
#[derive(Debug, Default, Clone)]
pub struct Site {
    /// Sorted by path: a rebuild compares it with the last site in one walk down both, and a
    /// request finds its file by a binary search.
    files: Vec<(String, Page)>,
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
        later: Vec<LaterFile>,
        previous: &Site,
        generation: u64,
    ) -> (Site, usize) {
        let mut made: Vec<(String, Page)> = Vec::with_capacity(files.len() + later.len());
        made.extend(files.into_iter().map(|f| (f.path, Page { bytes: f.bytes, version: 0, later: None })));
        for later in later {
            made.push((later.path.to_string(), Page { bytes: Bytes::new(), version: 0, later: Some(later) }));
        }
        // A build gives its files in the order of their paths already: the sort only checks it.
        made.sort_by(|a, b| a.0.cmp(&b.0));
        let mut site = Site { files: made, assets_version: 0 };
        let mut changed = 0;
        let mut before = previous.files.iter().peekable();
        for (path, page) in &mut site.files {
            while let Some((gone, _)) = before.next_if(|(old, _)| old < path) {
                changed += 1;
                if is_shared_asset(gone) {
                    site.assets_version = generation;
                }
            }
            let old = before.next_if(|(old, _)| old == path).map(|(_, old)| old);
            page.version = match (old, &page.later) {
                (Some(old), None) if old.later.is_none() && same_bytes(&page.bytes, &old.bytes) => {
                    old.version
                }
                (Some(old), Some(later))
                    if old.later.as_ref().is_some_and(|kept| kept.fingerprint == later.fingerprint) =>
                {
                    old.version
                }
                _ => {
                    changed += 1;
                    generation
                }
            };
            if is_shared_asset(path) {
                site.assets_version = site.assets_version.max(page.version);
            }
        }
        for (gone, _) in before {
            changed += 1;
            if is_shared_asset(gone) {
                site.assets_version = generation;
            }
        }
        (site, changed)
    }

    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&Page> {
        let at = self.files.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(&self.files[at].1)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
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
    pub fn built(&self, files: Vec<OutputFile>, later: Vec<LaterFile>) -> (Live, usize) {
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
    Ok(match site.get(&path) {
        Some(page) => Resolved { file: path, page: Some(page), found: true },
        None => Resolved { file: "404.html".into(), page: site.get("404.html"), found: false },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_left_for_later_has_no_bytes_and_keeps_its_version_while_its_pack_is_the_same() {
        let later = |print| vec![LaterFile::for_test("board-pack.pdf", print)];
        let (first, changed) = Live::empty().built(vec![OutputFile::new("a.html", "a")], later(7));
        assert_eq!(changed, 2);
        let pdf = &first.site.get("board-pack.pdf").unwrap();
        assert!(pdf.bytes.is_empty() && pdf.later.is_some(), "not typeset by the build");
        let (second, changed) = first.built(vec![OutputFile::new("a.html", "a")], later(7));
        assert_eq!((changed, second.site.get("board-pack.pdf").unwrap().version), (0, 1));
        let (third, changed) = second.built(vec![OutputFile::new("a.html", "a")], later(8));
        assert_eq!((changed, third.site.get("board-pack.pdf").unwrap().version), (1, 3));
    }

    /// Files given in any order are found by their paths; files that went, came or changed
    /// between others are each counted once.
    #[test]
    fn a_rebuild_walks_both_sites_in_the_order_of_their_paths() {
        let files =
            |list: &[(&str, &str)]| list.iter().map(|(p, b)| OutputFile::new(*p, b.to_string())).collect();
        let (first, changed) = Live::empty()
            .built(files(&[("c.html", "c"), ("a.html", "a"), ("b/x.html", "x"), ("d.html", "d")]), vec![]);
        assert_eq!(changed, 4);
        for path in ["a.html", "b/x.html", "c.html", "d.html"] {
            assert_eq!(first.site.get(path).unwrap().version, 1, "{path}");
        }
        assert!(first.site.get("b.html").is_none() && first.site.get("e.html").is_none());
        // b/x.html went, b/y.html came, c.html changed, a.html and d.html did not.
        let (second, changed) = first
            .built(files(&[("d.html", "d"), ("b/y.html", "y"), ("a.html", "a"), ("c.html", "C")]), vec![]);
        assert_eq!(changed, 3);
        let versions: Vec<u64> = ["a.html", "b/y.html", "c.html", "d.html"]
            .iter()
            .map(|p| second.site.get(p).unwrap().version)
            .collect();
        assert_eq!(versions, [1, 2, 2, 1]);
        assert!(second.site.get("b/x.html").is_none());
    }

    #[test]
    fn an_unchanged_file_keeps_its_version() {
        let first = Live::empty().built(
            vec![
                OutputFile::new("a.html", "a"),
                OutputFile::new("b.html", "b"),
                OutputFile::new("assets/style.css", "x"),
            ],
            vec![],
        );
        assert_eq!(first.1, 3);
        let (second, changed) = first.0.built(
            vec![
                OutputFile::new("a.html", "a"),
                OutputFile::new("b.html", "B"),
                OutputFile::new("assets/style.css", "x"),
            ],
            vec![],
        );
        assert_eq!(changed, 1);
        assert_eq!(second.site.get("a.html").unwrap().version, 1);
        assert_eq!(second.site.get("b.html").unwrap().version, 2);
        assert_eq!(second.site.assets_version, 1);
        let failed = second.failed(vec![]);
        assert_eq!(failed.generation, 3);
        assert!(Arc::ptr_eq(&failed.site, &second.site), "a failed build keeps the last good site");
        let (third, changed) = failed.built(vec![OutputFile::new("a.html", "a")], vec![]);
        assert_eq!(changed, 2, "b.html and the style sheet are gone");
        assert_eq!(third.site.assets_version, 4, "a shared asset that went away reloads every page");
    }
}
