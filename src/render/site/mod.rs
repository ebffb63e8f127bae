//! The static site (docs/site.md): plan every page, render them in parallel through the theme's
//! templates, and return the files for `output` to write. Nothing here touches the disk.

pub mod compiled;
pub mod downloads;
pub mod feed;
pub mod fragments;
pub mod search;
pub mod tables;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::analyse::Analysis;
use crate::link::Graph;
use crate::load::Project;
use crate::render::RenderError;
use crate::render::charts;
use crate::render::theme::{self, Theme};
use crate::snapshot::Snapshot;
use crate::view::links::Links;
use crate::view::rows::Rows;
use crate::view::{HistoryView, digest, entities, reports};
use crate::write::OutputFile;

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    as_of: String,
    cycle: Option<&'a str>,
    version: &'static str,
    base_url: &'a str,
    /// Whether the board pack's PDF is built (the `pdf` feature).
    pdf: bool,
    nav: &'static [NavItem],
}

/// An entry of the site's main menu: the page it opens, its label, and the key by which a page
/// (`Planned::nav`) says it is under it.
#[derive(Debug, Serialize)]
struct NavItem {
    key: &'static str,
    path: &'static str,
    label: &'static str,
}

/// The main menu, in its order, given to every template as `site.nav`. A report page reached from
/// every page is planned in `plan` and listed here.
const NAV: &[NavItem] = &[
    NavItem { key: "home", path: "index.html", label: "This week" },
    NavItem { key: "strategy", path: "strategy.html", label: "Strategy map" },
    NavItem { key: "risks", path: "risks.html", label: "Risks" },
    NavItem { key: "capacity", path: "capacity.html", label: "Capacity" },
    NavItem { key: "dependencies", path: "dependencies.html", label: "Dependencies" },
    NavItem { key: "commitments", path: "commitments.html", label: "Commitments" },
    NavItem { key: "trace", path: "trace.html", label: "Traceability" },
    NavItem { key: "changes", path: "changes.html", label: "Changes" },
    NavItem { key: "methodology", path: "methodology.html", label: "Methodology" },
    NavItem { key: "quality", path: "quality.html", label: "Data quality" },
    NavItem { key: "search", path: "search.html", label: "Search" },
];

/// One page to render: its path, its template, and how to build its context. The context is
/// built only when the page is rendered, and dropped right after: a large site never holds every
/// page's data at once.
struct Planned<'a> {
    path: String,
    template: &'static str,
    nav: &'static str,
    title: String,
    page: Fill<'a>,
    /// The note it shows (`notes/<slug>.md`), when it shows one.
    note: Option<String>,
}

impl Planned<'_> {
    fn with_note(mut self, slug: impl Into<String>) -> Self {
        self.note = Some(slug.into());
        self
    }
}

/// The page's own data (`page` in its template), as its view: charts and tables as data.
type Fill<'a> = Box<dyn Fn() -> Result<Box<dyn View + 'a>, RenderError> + Send + Sync + 'a>;

/// A page's view, whatever its type: fingerprinted as it is, and turned into its template's
/// data only when the page is rendered.
trait View: Send {
    fn add_to(&self, digest: &mut digest::Digest);
    fn to_value(&self) -> serde_json::Result<serde_json::Value>;
    /// The page written in Rust rather than through its template (`compiled`), where it can be.
    fn compiled(&self, _rows: &Rows, _frame: &compiled::Frame, _stem: &str) -> Option<compiled::Drawn> {
        None
    }
}

impl<T: Serialize + Send> View for T {
    fn add_to(&self, digest: &mut digest::Digest) {
        digest.add(self);
    }
    fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
}

/// A page's view with the function that writes it in Rust, while the theme's templates for it
/// are the default ones.
struct InRust<T> {
    view: T,
    draw: fn(&Rows, &T, &compiled::Frame, &str) -> Option<compiled::Drawn>,
}

/// A page whose view is `page()`, written by `draw` rather than its template where it can be.
fn page_in_rust<'a, T: Serialize + Send + 'a>(
    planned: Planned<'a>,
    page: impl Fn() -> Result<T, RenderError> + Send + Sync + 'a,
    draw: fn(&Rows, &T, &compiled::Frame, &str) -> Option<compiled::Drawn>,
) -> Planned<'a> {
    Planned {
        page: Box::new(move || Ok(Box::new(InRust { view: page()?, draw }) as Box<dyn View + 'a>)),
        ..planned
    }
}

impl<T: Serialize + Send> View for InRust<T> {
    fn add_to(&self, digest: &mut digest::Digest) {
        digest.add(&self.view);
    }
    fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.view)
    }
    fn compiled(&self, rows: &Rows, frame: &compiled::Frame, stem: &str) -> Option<compiled::Drawn> {
        (self.draw)(rows, &self.view, frame, stem)
    }
}

fn page<'a, T: Serialize + Send + 'a>(
    path: impl Into<String>,
    template: &'static str,
    nav: &'static str,
    title: impl Into<String>,
    page: impl Fn() -> Result<T, RenderError> + Send + Sync + 'a,
) -> Planned<'a> {
    Planned {
        path: path.into(),
        template,
        nav,
        title: title.into(),
        page: Box::new(move || Ok(Box::new(page()?) as Box<dyn View + 'a>)),
        note: None,
    }
}

pub struct SiteInput<'a> {
    pub project: &'a Project,
    pub graph: &'a Graph,
    pub analysis: &'a Analysis,
    pub snapshot: &'a Snapshot,
    pub theme: &'a Theme,
    pub history: &'a HistoryView,
    /// Leave the files that are costly to make and rarely read to be made when they are asked
    /// for (`serve`, `LaterFile`), rather than on every build.
    pub defer: bool,
    /// Only these notes changed since the build the cache holds (by slug: `index`, `board`, an
    /// entity's): the model is the same, so every page but those showing them is taken from the
    /// cache as it is, without building its view.
    pub notes_only: Option<&'a std::collections::BTreeSet<String>>,
}

/// A file `serve` makes only when a reader asks for it, once for each version: the board pack's
/// PDF (typeset), and graph.json while it is in pieces (joined: most of it is the work's part,
/// shared with an earlier build). Rarely read while editing, and costly to make on every save.
#[derive(Clone)]
pub struct LaterFile {
    pub path: &'static str,
    /// What the file is made from: the same one is the same file.
    pub fingerprint: u64,
    make: Arc<dyn Fn() -> Result<bytes::Bytes, String> + Send + Sync>,
    made: Arc<std::sync::OnceLock<Result<bytes::Bytes, String>>>,
}

impl LaterFile {
    /// The board pack's PDF, to be typeset from `pack` when it is first asked for.
    fn pdf(fingerprint: u64, pack: crate::render::board::BoardPack) -> LaterFile {
        let make = move || {
            #[cfg(feature = "pdf")]
            return crate::render::board::typeset(&pack, None).map_err(|e| e.to_string());
            #[cfg(not(feature = "pdf"))]
            return Err(format!("this build of Throughline makes no PDF ({} bets)", pack.bets.len()));
        };
        LaterFile {
            path: crate::render::board::PDF_FILE,
            fingerprint,
            make: Arc::new(make),
            made: Arc::default(),
        }
    }

    /// graph.json, its pieces joined when it is first asked for.
    fn graph(graph: crate::snapshot::GraphJson) -> LaterFile {
        let fingerprint = graph.digest;
        LaterFile {
            path: GRAPH_FILE,
            fingerprint,
            make: Arc::new(move || Ok(graph.bytes())),
            made: Arc::default(),
        }
    }

    /// The file, made the first time it is asked for.
    pub fn bytes(&self) -> Result<bytes::Bytes, String> {
        self.made.get_or_init(|| (self.make)()).clone()
    }
}

#[cfg(test)]
impl LaterFile {
    /// A stand-in with the fingerprint `fingerprint`, for tests of how it is served.
    pub fn for_test(path: &'static str, fingerprint: u64) -> LaterFile {
        let make = || Ok(bytes::Bytes::from_static(b"%PDF-test"));
        LaterFile { path, fingerprint, make: Arc::new(make), made: Arc::default() }
    }
}

impl std::fmt::Debug for LaterFile {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "LaterFile({} {:x})", self.path, self.fingerprint)
    }
}

/// A rendered site: its files (none when they were written as they were made), how many there
/// are, and those left for later (`serve`).
pub struct SiteFiles {
    pub files: Vec<OutputFile>,
    pub count: usize,
    pub later: Vec<LaterFile>,
}

const GRAPH_FILE: &str = "data/graph.json";

/// How many pages one rendering job takes at most (see `Render::pages`).
const PAGES_PER_JOB: usize = 32;

/// How long each part of the render took (they run side by side, so these overlap).
pub type Timings = Vec<(&'static str, std::time::Duration)>;

pub fn render(input: &SiteInput) -> Result<Vec<OutputFile>, RenderError> {
    render_timed(input, &mut Vec::new(), &mut PageCache::default(), None).map(|site| site.files)
}

/// Each page's fingerprint and bytes from the last good build. A page's fingerprint is a hash
/// of everything its template is given (its own data, the site's, its root) and of the theme: a
/// page whose fingerprint did not change is not rendered again, and keeps its very bytes.
#[derive(Debug, Default, Clone)]
pub struct PageCache {
    pages: std::collections::HashMap<String, (u64, bytes::Bytes)>,
    /// The files each page brings beside it (its tables as CSV), by the page's path.
    attached: std::collections::HashMap<String, Vec<OutputFile>>,
    /// The board pack's PDF and graph.json as `serve` left them for later (made or not yet).
    later_pdf: Option<LaterFile>,
    later_graph: Option<LaterFile>,
    /// The last build's links, by their key (`Links::key`).
    links: Option<(u64, Arc<Links>)>,
    /// The digest of each work item's row, by `Rows::work_key` and the links' key.
    work_digests: Option<(u64, Arc<Vec<u64>>)>,
    /// graph.json as last made.
    graph: Option<crate::snapshot::GraphJson>,
    /// The board pack's PDF an earlier build left in the output folder, by the print it carries.
    #[cfg(feature = "pdf")]
    earlier_pdf: Option<(u64, bytes::Bytes)>,
}

impl PageCache {
    /// A cache of nothing but the board pack's PDF that an earlier build left in `output`: a
    /// one-off build takes it again, rather than typeset it anew, when it was made from the same
    /// sources (then so would be every byte of it).
    #[cfg(feature = "pdf")]
    pub fn with_earlier_pdf(output: &std::path::Path) -> PageCache {
        PageCache { earlier_pdf: crate::render::board::earlier_pdf(output), ..PageCache::default() }
    }
}

/// Render the whole site: the pages in parallel, and beside them the board pack (whose PDF is
/// typeset on one thread), the search index and the machine-readable files. `cache` holds the
/// last good build's pages: those unchanged are taken from it, and it is left holding this
/// build's. With `staging`, each file is written there as soon as it is made and not kept: a
/// one-off build never holds the whole site in memory.
pub fn render_timed(
    input: &SiteInput,
    timings: &mut Timings,
    cache: &mut PageCache,
    staging: Option<&crate::write::Staging>,
) -> Result<SiteFiles, RenderError> {
    // A failed render leaves the cache as it was.
    let kept = &*cache;
    let (project, graph, analysis) = (input.project, input.graph, input.analysis);
    let started = std::time::Instant::now();
    let (key, links) = match &kept.links {
        Some((kept_key, links)) => {
            let key = Links::key(project, graph);
            (key, if *kept_key == key { links.clone() } else { Arc::new(Links::new(project, graph)) })
        }
        // Nothing kept (a first or one-off build): nothing to compare the key with, so it is
        // made beside the links.
        None => rayon::join(|| Links::key(project, graph), || Arc::new(Links::new(project, graph))),
    };
    let mut rows = Rows::new(project, graph, analysis, &links);
    rows.fast_tables = input.theme.default_macros;
    rows.fingerprints = staging.is_none();
    let work_key = digest::Digest::new().add_u64(rows.work_key()).add_u64(key).finish();
    let kept_digests = kept.work_digests.as_ref().filter(|(kept_key, _)| *kept_key == work_key);
    if let Some((_, digests)) = kept_digests {
        rows.keep_work_digests(digests.clone());
    }
    let lists = Lists::new(&rows);
    let planned = plan(&rows, &links, &lists, input.history, input.theme);
    timings.push(("render/plan", started.elapsed()));
    let site = SiteInfo {
        title: &project.config.title,
        as_of: crate::words::date(analysis.as_of),
        cycle: project.config.cycle.as_ref().map(|c| c.name.as_str()),
        version: env!("CARGO_PKG_VERSION"),
        base_url: &project.config.base_url,
        pdf: cfg!(feature = "pdf"),
        nav: NAV,
    };
    let info = serde_json::to_value(&site).unwrap_or_default();
    let render = Render {
        input,
        kept,
        rows: &rows,
        // Everything every page's template is given: the site's data and the theme.
        shared: digest::Digest::new().add_u64(input.theme.fingerprint).add(&info).finish(),
        info,
        site,
        staging,
        archive: input
            .history
            .archiving
            .then(|| format!("{}/{}", crate::history::ARCHIVE_DIR, analysis.as_of)),
        written: Default::default(),
        rendered: Default::default(),
        later_pdf: Default::default(),
        later_graph: Default::default(),
        graph: std::sync::Mutex::new(kept.graph.clone()),
    };
    let timed = |name: &'static str, part: &dyn Fn() -> Result<Vec<OutputFile>, RenderError>| {
        let started = std::time::Instant::now();
        part().map(|files| (files, (name, started.elapsed())))
    };
    let (pages, (board, data)) = rayon::join(
        || timed("render/pages", &|| render.pages(&planned)),
        || {
            rayon::join(
                || timed("render/board", &|| render.board()),
                || timed("render/data", &|| render.data()),
            )
        },
    );
    let mut files = Vec::new();
    for part in [pages, board, data] {
        let (part, timing) = part?;
        files.extend(part);
        timings.push(timing);
    }
    for (name, bytes) in &input.theme.assets {
        files.extend(render.emit(OutputFile::new(format!("assets/{name}"), bytes.clone()))?);
    }
    render.archive(&planned, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let count = files.len() + render.written.into_inner();
    let mut rendered = render.rendered.into_inner().unwrap_or_default();
    rendered.later_pdf = render.later_pdf.into_inner().unwrap_or_default();
    rendered.later_graph = render.later_graph.into_inner().unwrap_or_default();
    let later = [&rendered.later_pdf, &rendered.later_graph].into_iter().flatten().cloned().collect();
    rendered.links = Some((key, links.clone()));
    rendered.work_digests = rows.work_digests_made().map(|digests| (work_key, digests.clone()));
    // Not in a one-off build, which keeps nothing for a next one.
    rendered.graph = render.graph.into_inner().unwrap_or_default().filter(|_| staging.is_none());
    *cache = rendered;
    Ok(SiteFiles { files, count, later })
}

/// One render of the site: what every part reads, and what they leave for the next build.
struct Render<'r> {
    input: &'r SiteInput<'r>,
    /// The last good build's pages.
    kept: &'r PageCache,
    rows: &'r Rows<'r>,
    /// The site's data, as every template is given it, and its digest with the theme's.
    info: serde_json::Value,
    /// The same, as a page written in Rust reads it (`compiled`).
    site: SiteInfo<'r>,
    shared: u64,
    staging: Option<&'r crate::write::Staging>,
    /// `--archive`: the whole report is also kept under archive/<as_of>/.
    archive: Option<String>,
    /// How many files were written to `staging`.
    written: std::sync::atomic::AtomicUsize,
    /// This build's pages, for the next one (none when writing to `staging`).
    rendered: std::sync::Mutex<PageCache>,
    later_pdf: std::sync::Mutex<Option<LaterFile>>,
    later_graph: std::sync::Mutex<Option<LaterFile>>,
    graph: std::sync::Mutex<Option<crate::snapshot::GraphJson>>,
}

impl Render<'_> {
    /// A file the cache holds, when nothing it shows changed: in a rebuild for notes alone, any
    /// file but those showing a changed note.
    fn unchanged(&self, path: &str, note: Option<&str>) -> Option<(u64, bytes::Bytes)> {
        let set = self.input.notes_only?;
        if note.is_some_and(|slug| set.contains(slug)) {
            return None;
        }
        self.kept.pages.get(path).cloned()
    }

    fn kept_attached(&self, path: &str) -> Vec<OutputFile> {
        self.kept.attached.get(path).cloned().unwrap_or_default()
    }

    /// A page's bytes, and its fingerprint: the kept bytes when its fingerprint is the one kept.
    fn page(&self, p: &Planned, root: String) -> Result<RenderedPage, RenderError> {
        if let Some((print, html)) = self.unchanged(&p.path, p.note.as_deref()) {
            return Ok(RenderedPage { print, html, attached: self.kept_attached(&p.path) });
        }
        let view = (p.page)()?;
        // A one-off build keeps no fingerprint for a next one.
        let print = if self.staging.is_some() {
            0
        } else {
            let mut print = digest::Digest::new();
            print.add_u64(self.shared).add(&(p.template, p.nav, &p.title, &root));
            view.add_to(&mut print);
            print.finish()
        };
        if let Some((kept_print, bytes)) = self.kept.pages.get(&p.path)
            && *kept_print == print
        {
            return Ok(RenderedPage { print, html: bytes.clone(), attached: self.kept_attached(&p.path) });
        }
        let (html, attached) = self.draw(p, view.as_ref(), root)?;
        Ok(RenderedPage { print, html, attached })
    }

    /// A page through its template, with its charts and tables drawn, and its tables as CSV.
    fn draw(
        &self,
        p: &Planned,
        view: &dyn View,
        root: String,
    ) -> Result<(bytes::Bytes, Vec<OutputFile>), RenderError> {
        let frame = compiled::Frame {
            site_title: self.site.title,
            cycle: self.site.cycle,
            as_of: &self.site.as_of,
            root: &root,
            nav: p.nav,
            page_title: &p.title,
        };
        let stem = p.path.strip_suffix(".html").unwrap_or(&p.path);
        if let Some((html, downloads)) = view.compiled(self.rows, &frame, stem) {
            let attached = downloads.into_iter().map(|d| OutputFile::new(d.path, d.bytes)).collect();
            return Ok((bytes::Bytes::from(html), attached));
        }
        let mut context = serde_json::Map::new();
        let data = view.to_value().map_err(|e| RenderError::Template {
            page: p.path.clone(),
            template: p.template.into(),
            message: e.to_string(),
        })?;
        context.insert("page".into(), data);
        context.insert("site".into(), self.info.clone());
        context.insert("root".into(), root.clone().into());
        context.insert("nav".into(), p.nav.into());
        context.insert("page_title".into(), p.title.clone().into());
        let mut context = serde_json::Value::Object(context);
        let error = |e: tera::Error| RenderError::Template {
            page: p.path.clone(),
            template: p.template.into(),
            message: theme::error_chain(&e),
        };
        // What the view holds as data is drawn now, for the pages rendered and no others.
        let mut parts = fragments::Fragments::default();
        charts::draw_in(&mut context, &mut |svg| parts.add(svg))
            .map_err(|message| RenderError::Chart { page: p.path.clone(), message })?;
        tables::draw_tables(self.rows, &mut context, &root, &mut parts);
        let context = Context::from_value(context).map_err(error)?;
        let html = self.input.theme.tera.render(p.template, &context).map_err(error)?;
        let (html, downloads) =
            downloads::attach(&p.path, html, parts).map_err(|message| RenderError::Template {
                page: p.path.clone(),
                template: p.template.into(),
                message: format!("reading its tables: {message}"),
            })?;
        let attached = downloads.into_iter().map(|d| OutputFile::new(d.path, d.bytes)).collect();
        Ok((bytes::Bytes::from(html), attached))
    }

    /// Keeps a file's fingerprint and bytes for the next build.
    fn keep(&self, path: &str, print: u64, bytes: &bytes::Bytes) {
        if self.staging.is_none()
            && let Ok(mut rendered) = self.rendered.lock()
        {
            rendered.pages.insert(path.to_string(), (print, bytes.clone()));
        }
    }

    /// A file as it is made: written to the staging folder (with its archived copy), or kept.
    fn emit(&self, file: OutputFile) -> Result<Option<OutputFile>, RenderError> {
        let Some(staging) = self.staging else { return Ok(Some(file)) };
        staging.write(&file)?;
        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(prefix) = self.archive.as_ref().filter(|_| file.path != "archive.html") {
            staging.write(&OutputFile::new(format!("{prefix}/{}", file.path), file.bytes))?;
            self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(None)
    }

    /// Every page planned, in parallel, with the CSV files of its tables.
    fn pages(&self, planned: &[Planned]) -> Result<Vec<OutputFile>, RenderError> {
        planned
            .par_iter()
            // In jobs of at most PAGES_PER_JOB pages, each one a thread can steal: rayon splits a
            // range only when a thread is idle to take half, and the board pack holds one
            // thread for seconds from the start, so the pages would otherwise end on one thread
            // while the other waits for work.
            .with_max_len(PAGES_PER_JOB)
            .map(|p| {
                // A host serves 404.html at whatever path was missed, where relative links would
                // break; with a base_url its links are absolute.
                let base_url = &self.input.project.config.base_url;
                let root = if p.path == "404.html" && !base_url.is_empty() {
                    format!("{}/", base_url.trim_end_matches('/'))
                } else {
                    "../".repeat(p.path.matches('/').count())
                };
                let page = self.page(p, root)?;
                self.keep(&p.path, page.print, &page.html);
                if self.staging.is_none()
                    && !page.attached.is_empty()
                    && let Ok(mut rendered) = self.rendered.lock()
                {
                    rendered.attached.insert(p.path.clone(), page.attached.clone());
                }
                let mut files = Vec::with_capacity(1 + page.attached.len());
                for file in std::iter::once(OutputFile::new(&p.path, page.html)).chain(page.attached) {
                    files.extend(self.emit(file)?);
                }
                Ok(files)
            })
            .collect::<Result<Vec<_>, RenderError>>()
            .map(|files| files.into_iter().flatten().collect())
    }

    /// The board pack: its HTML, and its PDF (in `serve`, left to be typeset when asked for).
    fn board(&self) -> Result<Vec<OutputFile>, RenderError> {
        use crate::render::board::{HTML_FILE, PDF_FILE};
        let (input, kept) = (self.input, self.kept);
        // Unchanged: the kept HTML, and the kept PDF (or, in `serve`, the PDF left for later).
        let kept_pdf =
            if input.defer { Some(None) } else { self.unchanged(PDF_FILE, Some("board")).map(Some) };
        if let (Some(html), Some(pdf)) = (self.unchanged(HTML_FILE, Some("board")), kept_pdf) {
            let mut files = vec![(HTML_FILE, html)];
            files.extend(pdf.map(|pdf| (PDF_FILE, pdf)));
            if let Ok(mut slot) = self.later_pdf.lock() {
                *slot = kept.later_pdf.clone().filter(|_| input.defer);
            }
            return files
                .into_iter()
                .filter_map(|(path, (print, bytes))| {
                    self.keep(path, print, &bytes);
                    self.emit(OutputFile::new(path, bytes)).transpose()
                })
                .collect();
        }
        let pack = crate::render::board::assemble_pack(self.rows, input.history)?;
        let print = digest::Digest::new().add_u64(input.theme.fingerprint).add(&pack).finish();
        let kept_file =
            |path: &str| kept.pages.get(path).filter(|(p, _)| *p == print).map(|(_, b)| b.clone());
        let html = match kept_file(HTML_FILE) {
            Some(html) => html,
            None => bytes::Bytes::from(crate::render::board::html(&pack, input.theme)?),
        };
        let mut files = vec![(HTML_FILE, html)];
        if cfg!(feature = "pdf") {
            if input.defer {
                let later = match &kept.later_pdf {
                    Some(later) if later.fingerprint == print => later.clone(),
                    _ => LaterFile::pdf(print, pack),
                };
                if let Ok(mut slot) = self.later_pdf.lock() {
                    *slot = Some(later);
                }
            } else {
                let pdf = match kept_file(PDF_FILE) {
                    Some(pdf) => pdf,
                    #[cfg(feature = "pdf")]
                    None => crate::render::board::typeset(&pack, kept.earlier_pdf.as_ref())?,
                    #[cfg(not(feature = "pdf"))]
                    None => bytes::Bytes::new(),
                };
                files.push((PDF_FILE, pdf));
            }
        }
        for (path, bytes) in &files {
            self.keep(path, print, bytes);
        }
        files
            .into_iter()
            .filter_map(|(path, bytes)| self.emit(OutputFile::new(path, bytes)).transpose())
            .collect()
    }

    /// The machine-readable files: the search index, snapshot.json, graph.json and the feed.
    fn data(&self) -> Result<Vec<OutputFile>, RenderError> {
        const DATA: [&str; 4] = ["search-index.js", "data/snapshot.json", GRAPH_FILE, feed::PATH];
        let kept_data: Vec<(u64, bytes::Bytes)> =
            DATA.iter().filter_map(|path| self.unchanged(path, None)).collect();
        let files: Vec<(u64, OutputFile)> = if kept_data.len() == DATA.len() {
            DATA.iter()
                .zip(kept_data)
                .map(|(path, (print, bytes))| (print, OutputFile::new(*path, bytes)))
                .collect()
        } else {
            self.make_data()
        };
        for (print, file) in &files {
            self.keep(&file.path, *print, &file.bytes);
        }
        files.into_iter().filter_map(|(_, file)| self.emit(file).transpose()).collect()
    }

    fn make_data(&self) -> Vec<(u64, OutputFile)> {
        let (input, rows) = (self.input, self.rows);
        // graph.json is the largest file of a large site and changes least: made again only when
        // its nodes and edges did (its digest is kept as its fingerprint), and then with the
        // work's part copied while the work is the same.
        let kept_graph = self.kept.graph.as_ref();
        let ((search, snapshot), made_graph) = rayon::join(
            || rayon::join(|| search::index(rows), || input.snapshot.to_json()),
            || crate::snapshot::graph_json_unless(input.project, input.graph, input.analysis, kept_graph),
        );
        let graph_json = made_graph.or_else(|| kept_graph.cloned()).unwrap_or_default();
        let graph_print = graph_json.digest;
        // In pieces (the work's part taken from an earlier build), `serve` joins it when it is
        // asked for: the work's part is the most of it, and a save that moved a status would
        // copy it whole.
        let graph_file = if input.defer && graph_json.is_joined() {
            let later = match &self.kept.later_graph {
                Some(later) if later.fingerprint == graph_print => later.clone(),
                _ => LaterFile::graph(graph_json.clone()),
            };
            if let Ok(mut slot) = self.later_graph.lock() {
                *slot = Some(later);
            }
            None
        } else {
            Some((graph_print, OutputFile::new(GRAPH_FILE, graph_json.bytes())))
        };
        if let Ok(mut slot) = self.graph.lock() {
            *slot = Some(graph_json);
        }
        let mut files = vec![
            (0, OutputFile::new("search-index.js", search)),
            (0, OutputFile::new("data/snapshot.json", snapshot)),
        ];
        files.extend(graph_file);
        files.push((0, OutputFile::new(feed::PATH, feed::render(rows, input.snapshot.changes.as_ref()))));
        files
    }

    /// `--archive`: the report's copy under archive/<as_of>/. Its links are relative, so each
    /// file is copied as it is, but for the index of past reports, which is rendered again to
    /// point back up to the archive's root.
    fn archive(&self, planned: &[Planned], files: &mut Vec<OutputFile>) -> Result<(), RenderError> {
        let Some(prefix) = &self.archive else { return Ok(()) };
        if self.staging.is_none() {
            let copies: Vec<OutputFile> = files
                .iter()
                .filter(|f| f.path != "archive.html")
                .map(|f| OutputFile::new(format!("{prefix}/{}", f.path), f.bytes.clone()))
                .collect();
            files.extend(copies);
        }
        if let Some(index) = planned.iter().find(|p| p.path == "archive.html") {
            let page = self.page(index, "../../".into())?;
            let index = std::iter::once(OutputFile::new(format!("{prefix}/archive.html"), page.html)).chain(
                page.attached.into_iter().map(|f| OutputFile::new(format!("{prefix}/{}", f.path), f.bytes)),
            );
            for file in index {
                match self.staging {
                    Some(staging) => {
                        staging.write(&file)?;
                        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    None => files.push(file),
                }
            }
        }
        Ok(())
    }
}

/// A page as rendered: its fingerprint, its HTML, and the files it brings beside it.
struct RenderedPage {
    print: u64,
    html: bytes::Bytes,
    attached: Vec<OutputFile>,
}

/// Which work items and containers each page lists, found in one pass over the work rather than
/// once per page.
struct Lists {
    containers_of: Vec<Vec<usize>>,
    work_of: Vec<Vec<usize>>,
}

impl Lists {
    fn new(rows: &Rows) -> Lists {
        let (project, graph) = (rows.project, rows.graph);
        let mut containers_of = vec![vec![]; project.initiatives.len()];
        for (w, initiative) in graph.initiative_of_work.iter().enumerate() {
            if let Some(i) = initiative.filter(|_| graph.is_container[w]) {
                containers_of[i].push(w);
            }
        }
        let mut work_of = vec![vec![]; project.people.len()];
        for (w, person) in graph.assignee_of_work.iter().enumerate() {
            if let Some(p) = person {
                work_of[*p].push(w);
            }
        }
        Lists { containers_of, work_of }
    }
}

/// Every page of the site. Those whose templates are the default ones (`Theme::in_rust`) are
/// written in Rust (`compiled`).
fn plan<'a>(
    rows: &'a Rows,
    links: &'a Links,
    lists: &'a Lists,
    history: &'a HistoryView,
    theme: &Theme,
) -> Vec<Planned<'a>> {
    let project = rows.project;
    let note = |slug: &str| project.notes.get(slug).map(|md| crate::view::markdown::to_html(md));
    let chart = |page: String| move |message| RenderError::Chart { page: page.clone(), message };
    let in_rust = |template| theme.in_rust(template);
    let mut planned = vec![
        page("index.html", "index.html", "home", "This week", move || {
            Ok(reports::home(rows, note("index"), reports::changes(rows, history), &history.weeks))
        })
        .with_note("index"),
        page("capacity.html", "capacity.html", "capacity", "Capacity and contention", move || {
            reports::capacity(rows).map_err(chart("capacity.html".into()))
        }),
        page("dependencies.html", "dependencies.html", "dependencies", "Dependencies", move || {
            Ok(reports::dependencies(rows))
        }),
        page("commitments.html", "commitments.html", "commitments", "Commitments", move || {
            Ok(reports::commitments(rows))
        }),
        page("changes.html", "changes.html", "changes", "Changes since the last publish", move || {
            Ok(reports::changes(rows, history))
        }),
        page("methodology.html", "methodology.html", "methodology", "Methodology", move || {
            Ok(reports::methodology(rows))
        }),
        page("archive.html", "archive.html", "changes", "Past reports", move || {
            Ok(reports::archive(&history.archived, rows.analysis.as_of, history.archiving))
        }),
        page("strategy.html", "strategy.html", "strategy", "Strategy map", move || {
            Ok(reports::strategy(rows))
        }),
        page("risks.html", "risks.html", "risks", "Risks", move || Ok(reports::risks(rows))),
        page("trace.html", "trace.html", "trace", "Traceability and gaps", move || Ok(reports::trace(rows))),
        page("quality.html", "quality.html", "quality", "Data quality", move || Ok(reports::quality(rows))),
        page("search.html", "search.html", "search", "Search", || Ok(())),
        page("404.html", "404.html", "", "Page not found", || Ok(())),
    ];
    planned.extend(project.bets.iter().enumerate().map(|(b, bet)| {
        page(links.bet(&bet.id), "bet.html", "strategy", bet.title.clone(), move || {
            Ok(entities::bet(rows, b, note(&links.bets.get(&bet.id)), &history.weeks))
        })
        .with_note(links.bets.get(&bet.id))
    }));
    planned.extend(project.krs.iter().enumerate().map(|(k, kr)| {
        let view = move || {
            entities::kr(rows, k, note(&links.krs.get(&kr.id)), history).map_err(chart(links.kr(&kr.id)))
        };
        let planned = page(links.kr(&kr.id), "kr.html", "strategy", kr.title.clone(), view);
        let planned = if in_rust("kr.html") { page_in_rust(planned, view, compiled::kr) } else { planned };
        planned.with_note(links.krs.get(&kr.id))
    }));
    planned.extend(project.initiatives.iter().enumerate().map(|(i, initiative)| {
        let id = &initiative.id;
        let view = move || {
            entities::initiative(
                rows,
                i,
                &lists.containers_of[i],
                history.forecasts.get(id),
                note(&links.initiatives.get(id)),
            )
            .map_err(chart(links.initiative(id)))
        };
        let planned =
            page(links.initiative(id), "initiative.html", "strategy", initiative.title.clone(), view);
        let planned = if in_rust("initiative.html") {
            page_in_rust(planned, view, compiled::initiative)
        } else {
            planned
        };
        planned.with_note(links.initiatives.get(id))
    }));
    planned.extend(project.people.iter().enumerate().map(|(p, person)| {
        let view =
            move || Ok(entities::person(rows, p, &lists.work_of[p], note(&links.people.get(&person.id))));
        let planned = page(links.person(&person.id), "person.html", "people", person.name.clone(), view);
        let planned =
            if in_rust("person.html") { page_in_rust(planned, view, compiled::person) } else { planned };
        planned.with_note(links.people.get(&person.id))
    }));
    planned.extend(links.team_names.iter().map(|team| {
        page(links.team(team), "team.html", "people", format!("Team {team}"), move || {
            Ok(entities::team(rows, team))
        })
    }));
    planned
}
