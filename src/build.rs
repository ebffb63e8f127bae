//! The pipeline, top to bottom: load -> link -> analyse -> render -> write. Each stage is timed,
//! so that `--verbose` can say where a build spends its time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::analyse::{self, Analysis};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::history::{ARCHIVE_DIR, History};
use crate::link::{self, Graph};
use crate::load::{self, Project};
use crate::render::RenderError;
use crate::render::site::{self, SiteInput};
use crate::render::theme::{self, Theme};
use crate::snapshot::Snapshot;
use crate::view::HistoryView;
use crate::write::{self, OutputError, OutputFile};

/// Told each stage as a build starts it, for a spinner on a terminal (see the CLI).
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Fn(&'static str) + Send + Sync>>);

impl Progress {
    pub fn new(report: impl Fn(&'static str) + Send + Sync + 'static) -> Self {
        Progress(Some(Arc::new(report)))
    }

    fn stage(&self, stage: &'static str) {
        if let Some(report) = &self.0 {
            report(stage);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Progress(on)" } else { "Progress(off)" })
    }
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub project_dir: PathBuf,
    pub output: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub base_url: Option<String>,
    /// The snapshot to compare with (default: the one in the output folder, if older).
    pub previous: Option<PathBuf>,
    /// Keep this report under `archive/<as_of>/` too.
    pub archive: bool,
    /// Make the board pack's PDF, and graph.json while it is in pieces, only when they are
    /// asked for (`serve`), not on every build.
    pub defer: bool,
    pub progress: Progress,
}

#[derive(Debug)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub output: PathBuf,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the input has {} error(s)", .0.error_count())]
    Input(Diagnostics),
    #[error(transparent)]
    Site(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Times the stages, and tells `Progress` which one comes next.
struct Stopwatch {
    timings: Vec<(&'static str, Duration)>,
    last: Instant,
    progress: Progress,
}

impl Stopwatch {
    fn new(progress: &Progress) -> Self {
        progress.stage("load");
        Stopwatch { timings: vec![], last: Instant::now(), progress: progress.clone() }
    }

    /// `stage` is done; `next` starts.
    fn lap(&mut self, stage: &'static str, next: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
        self.progress.stage(next);
    }
}

/// Load and link a project; `Err` carries every diagnostic when there is an error among them.
pub fn load(dir: &Path, diags: &mut Diagnostics) -> Option<(Project, Graph)> {
    let mut project = load::load(dir, diags)?;
    let graph = link::link(&mut project, diags);
    Some((project, graph))
}

/// `throughline check`: every diagnostic, without writing anything.
pub fn check(dir: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if let Some((project, _)) = load(dir, &mut diags) {
        let as_of = as_of(&BuildOptions::default(), &project);
        diags.extend(report_date_warnings(&project, as_of));
    }
    diags
}

/// The report date: the command line's, else throughline.toml's, else today.
fn as_of(options: &BuildOptions, project: &Project) -> NaiveDate {
    options.as_of.or(project.config.as_of).unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// What the report date says about the settings. Capacity is measured over the weeks left in
/// the cycle, at least one: once `as_of` reaches the cycle's end, everyone's open work meets a
/// single week of capacity and most people show as overloaded. That is worth a warning, not a
/// quiet publish (docs/configuration.md#the-end-of-a-cycle).
pub fn report_date_warnings(project: &Project, as_of: NaiveDate) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some(cycle) = project.config.cycle.as_ref().filter(|c| as_of >= c.end) else { return diags };
    let (start, end) = next_cycle(cycle.start, cycle.end);
    let warning = Diagnostic::warning(
        Location::file(crate::config::CONFIG_FILE),
        format!(
            "the cycle `{}` ended on {}, and the report date is {as_of}: the cycle is over, so capacity \
             is measured over a single week and most people will show as overloaded",
            cycle.name, cycle.end
        ),
    )
    .with_hint(format!(
        "set the next cycle in throughline.toml, e.g. `cycle = {{ name = \"...\", start = \"{start}\", end = \"{end}\" }}`, \
         or build an earlier report with --as-of"
    ));
    diags.push(project.config.at_key(warning, &["cycle".into()]));
    diags
}

/// The cycle after `start..=end`, as long as it: whole months when it is made of whole months
/// (a quarter follows a quarter), else as many days.
fn next_cycle(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::{Datelike, Months};
    let next_start = end.succ_opt().unwrap_or(end);
    let whole_months = start.day() == 1 && next_start.day() == 1;
    let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32 + 1;
    let next_end = if whole_months && months > 0 {
        next_start.checked_add_months(Months::new(months as u32)).and_then(|d| d.pred_opt())
    } else {
        next_start.checked_add_signed(end - start)
    };
    (next_start, next_end.unwrap_or(next_start))
}

/// A site rendered in memory, not yet written: what `build` publishes and `serve` serves.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    /// How many files the site has (`files` is empty when they were written as they were made).
    pub count: usize,
    /// The board pack's PDF, when it is left to be typeset on request.
    pub later: Vec<site::LaterFile>,
    pub diagnostics: Diagnostics,
    /// Where `build` and `watch` write it.
    pub output: PathBuf,
    pub timings: Vec<(&'static str, Duration)>,
}

/// A project loaded, linked and analysed, compared with its earlier reports: everything a site or
/// a board pack is rendered from.
struct Analysed {
    project: Project,
    graph: Graph,
    theme: Theme,
    analysis: Analysis,
    snapshot: Snapshot,
    history: HistoryView,
    output: PathBuf,
    diagnostics: Diagnostics,
}

/// What one build leaves for the next, so that a rebuild in `serve` or `watch` costs what
/// changed: the files read and what they parsed into, the Monte Carlo runs by their inputs, and
/// each page's fingerprint and bytes. Correct first: a rebuild through a session gives the same
/// bytes as a fresh build (a test drives a week of edits through `watch` to show it).
#[derive(Default)]
pub struct Session {
    loads: load::LoadCache,
    links: link::LinkCache,
    forecasts: analyse::forecast::Cache,
    /// Each page's fingerprint and bytes (not kept by a one-off build, which writes its pages
    /// as they are made).
    pages: site::PageCache,
    /// The last good build's model: a save that changed only notes renders from it again.
    last: Option<Analysed>,
    /// A one-off build keeps nothing of what it read for a next one.
    one_off: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Session({} forecasts kept)", self.forecasts.len())
    }
}

impl Session {
    /// A session for one build, that keeps nothing for a next.
    fn one_off() -> Session {
        Session { one_off: true, ..Session::default() }
    }

    /// Load, link and analyse the project, and compare it with the previous report. `changed`
    /// names the files that may have changed since the session's last build (`None`: any).
    fn analyse(
        &mut self,
        options: &BuildOptions,
        changed: load::Changed,
        archiving: bool,
        watch: &mut Stopwatch,
    ) -> Result<Analysed, BuildError> {
        let mut diags = Diagnostics::default();
        let loads = (!self.one_off).then_some(&mut self.loads);
        let (mut project, graph, theme) =
            prepare(&options.project_dir, &mut diags, watch, loads, &mut self.links, changed)?;
        if let Some(base_url) = &options.base_url {
            project.config.base_url = base_url.clone();
        }
        let as_of = as_of(options, &project);
        diags.extend(report_date_warnings(&project, as_of));
        let analysis = analyse::analyse_with(&project, &graph, as_of, &mut self.forecasts);
        let output = output_dir(options, &project);
        let mut snapshot = Snapshot::new(&project, &graph, &analysis);
        let mut history = match History::load(options.previous.as_deref(), &output, as_of) {
            Ok(history) => history,
            Err(d) => {
                diags.push(d);
                return Err(BuildError::Input(diags));
            }
        };
        history.git = crate::history::git::target_history(&project, as_of, &mut diags);
        let triggered = project.config.triggered();
        snapshot.changes = history
            .previous
            .as_ref()
            .map(|previous| crate::history::changes(previous, &snapshot, &triggered));
        let cycle_start = project.config.cycle.as_ref().map(|c| c.start);
        let history = site_history(&history, &snapshot, cycle_start, archiving);
        for kr in &mut snapshot.krs {
            kr.target_history = history.targets.get(&kr.id).into_iter().flatten().map(Into::into).collect();
        }
        watch.lap("analyse", "render");
        Ok(Analysed { project, graph, theme, analysis, snapshot, history, output, diagnostics: diags })
    }

    /// Everything but the writing: the whole site, in memory; what did not change since the
    /// session's last build is taken from it rather than made again.
    pub fn render(&mut self, options: &BuildOptions, changed: load::Changed) -> Result<Rendered, BuildError> {
        let mut watch = Stopwatch::new(&options.progress);
        if let Some(notes) = self.only_notes_changed(options, changed) {
            return self.render_notes(options, &notes, watch);
        }
        // The last model is freed on another thread: a large one takes a while.
        if let Some(last) = self.last.take() {
            drop_in_background(last);
        }
        let analysed = self.analyse(options, changed, options.archive, &mut watch)?;
        let rendered = self.render_analysed(options, &analysed, watch, None, None);
        if rendered.is_ok() {
            self.last = Some(analysed);
        } else {
            drop_in_background(analysed);
        }
        rendered
    }

    /// The notes (by slug) whose files changed, when they are all that changed since the last
    /// good build: notes are commentary, not the model, so nothing else needs to be made again.
    fn only_notes_changed(&self, options: &BuildOptions, changed: load::Changed) -> Option<BTreeSet<String>> {
        let (changed, _) = (changed?, self.last.as_ref()?);
        let notes = std::fs::canonicalize(options.project_dir.join("notes")).ok()?;
        changed
            .iter()
            .map(|path| {
                let stem = path.file_stem()?.to_str()?;
                (path.parent() == Some(notes.as_path()) && path.extension().is_some_and(|e| e == "md"))
                    .then(|| stem.to_string())
            })
            .collect()
    }

    /// A rebuild after a save that changed only notes: the last model with the notes read again;
    /// only the pages that show the changed notes are made again.
    fn render_notes(
        &mut self,
        options: &BuildOptions,
        notes: &BTreeSet<String>,
        watch: Stopwatch,
    ) -> Result<Rendered, BuildError> {
        let Some(mut last) = self.last.take() else { return self.render(options, None) };
        let mut diagnostics = Diagnostics::default();
        // The last build's diagnostics, but for those about notes, which are read again.
        for d in last.diagnostics.iter().filter(|d| !d.location.file.starts_with("notes/")) {
            diagnostics.push(d.clone());
        }
        last.project.notes = load::read_notes(&options.project_dir, &mut diagnostics);
        last.diagnostics = diagnostics;
        let rendered = self.render_analysed(options, &last, watch, None, Some(notes));
        self.last = Some(last);
        rendered
    }

    fn render_analysed(
        &mut self,
        options: &BuildOptions,
        a: &Analysed,
        mut watch: Stopwatch,
        staging: Option<&write::Staging>,
        notes_only: Option<&BTreeSet<String>>,
    ) -> Result<Rendered, BuildError> {
        let mut parts = Vec::new();
        let input = SiteInput {
            project: &a.project,
            graph: &a.graph,
            analysis: &a.analysis,
            snapshot: &a.snapshot,
            theme: &a.theme,
            history: &a.history,
            defer: options.defer,
            notes_only,
        };
        let site = site::render_timed(&input, &mut parts, &mut self.pages, staging)?;
        watch.lap("render", "write");
        // The render's parts run side by side: their times overlap, and are shown under it.
        watch.timings.extend(parts);
        Ok(Rendered {
            count: site.count,
            files: site.files,
            later: site.later,
            diagnostics: a.diagnostics.clone(),
            output: a.output.clone(),
            timings: watch.timings,
        })
    }
}

/// Everything but the writing: load, link, analyse and render the whole site in memory.
pub fn render(options: &BuildOptions) -> Result<Rendered, BuildError> {
    Session::one_off().render(options, None)
}

/// `throughline build`: the whole site, each file written into a staging folder as it is made
/// (a large site is never held in memory whole), then swapped in for the output folder in one
/// rename; a failure anywhere leaves the output folder as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut session = Session::one_off();
    let mut watch = Stopwatch::new(&options.progress);
    let analysed = session.analyse(options, None, options.archive, &mut watch)?;
    // Nothing links again after a one-off build: the work's links are not kept twice.
    session.links = link::LinkCache::default();
    // The board pack's PDF the last build left, to take again if its pack is the same: typesetting
    // it is the largest single part of a build.
    #[cfg(feature = "pdf")]
    {
        session.pages = site::PageCache::with_earlier_pdf(&analysed.output);
    }
    let staging = write::Staging::new(&analysed.output, &options.project_dir)?;
    let rendered = session.render_analysed(options, &analysed, watch, Some(&staging), None);
    // A large project's model and what the session kept of it (its links), dropped on another
    // thread while the files are swapped in.
    drop_in_background((analysed, session));
    let Rendered { count, diagnostics, output, mut timings, .. } = rendered?;
    let started = Instant::now();
    staging.finish(&[ARCHIVE_DIR])?;
    timings.push(("write", started.elapsed()));
    options.progress.stage("done");
    Ok(BuildReport { diagnostics, output, files: count, timings })
}

/// What the site shows of earlier reports: changes since the previous one (already in the
/// snapshot), forecasts over the archived ones, each target's moves (from git, else from the
/// reports), and the archive's dates.
pub fn site_history(
    history: &History,
    snapshot: &Snapshot,
    cycle_start: Option<NaiveDate>,
    archiving: bool,
) -> HistoryView {
    let mut archived: Vec<NaiveDate> = history.archived.iter().map(|s| s.as_of).collect();
    if archiving {
        archived.push(snapshot.as_of);
        archived.sort();
    }
    HistoryView {
        changes: snapshot.changes.clone(),
        forecasts: crate::history::forecast_over_time(&history.archived, snapshot, cycle_start),
        weeks: crate::history::weeks(&history.archived, snapshot, cycle_start),
        targets: history.targets(snapshot),
        archived,
        archiving,
        previous: history.previous.clone(),
    }
}

pub fn output_dir(options: &BuildOptions, project: &Project) -> PathBuf {
    options.output.clone().unwrap_or_else(|| options.project_dir.join(&project.config.output))
}

/// `throughline board`: the board pack alone, written into `-o OUT` (default: the output folder),
/// each file atomically, so that a failed run leaves the previous pack in place.
pub fn board(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut watch = Stopwatch::new(&options.progress);
    let a = Session::default().analyse(options, None, false, &mut watch)?;
    let links = crate::view::links::Links::new(&a.project, &a.graph);
    let rows = crate::view::rows::Rows::new(&a.project, &a.graph, &a.analysis, &links);
    let files = crate::render::board::render(&rows, &a.history, &a.theme)?;
    watch.lap("board pack", "write");
    write::write_files(&a.output, &files, &options.project_dir)?;
    watch.lap("write", "done");
    Ok(BuildReport {
        diagnostics: a.diagnostics,
        output: a.output,
        files: files.len(),
        timings: watch.timings,
    })
}

impl BuildError {
    /// What a user must fix, as diagnostics: the input's own, or one for a template or a write
    /// that failed. The overlay of `serve` and the terminal of `watch` show these.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            BuildError::Input(diags) => diags.sorted(),
            BuildError::Site(RenderError::Template { template, .. }) => {
                vec![Diagnostic::error(Location::file(format!("templates/{template}")), self.to_string())]
            }
            other => vec![general(theme::error_chain(other))],
        }
    }
}

/// Load, link and validate the project and load its theme: every step that can fail on the
/// user's input. `Err` carries all the diagnostics.
fn prepare(
    dir: &Path,
    diags: &mut Diagnostics,
    watch: &mut Stopwatch,
    loads: Option<&mut load::LoadCache>,
    links: &mut link::LinkCache,
    changed: load::Changed,
) -> Result<(Project, Graph, Theme), BuildError> {
    let project = match loads {
        Some(loads) => {
            let (project, next) = load::load_cached(dir, diags, loads, changed);
            *loads = next;
            project
        }
        None => load::load(dir, diags),
    };
    let Some(mut project) = project else { return Err(BuildError::Input(diags.clone())) };
    watch.lap("load", "link");
    // The theme's templates compile on the other core while the work is linked, the one stage
    // that runs on one.
    let theme_name = project.config.theme.clone();
    let (theme, graph) =
        rayon::join(|| Theme::load(dir, &theme_name), || link::link_cached(&mut project, diags, links));
    watch.lap("link", "analyse");
    match theme {
        Ok(theme) if !diags.has_errors() => Ok((project, graph, theme)),
        Ok(_) => Err(BuildError::Input(diags.clone())),
        Err(d) => {
            diags.push(d);
            Err(BuildError::Input(diags.clone()))
        }
    }
}

/// Freeing a large model takes a noticeable time (millions of small strings); the caller does
/// not need to wait for it.
fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// A diagnostic for a failure that is not about one input file.
pub fn general(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Location::default(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_next_cycle_is_as_long_as_the_last() {
        // A quarter of whole months is followed by the next quarter.
        assert_eq!(next_cycle(date(2026, 10, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 3, 31)));
        assert_eq!(next_cycle(date(2027, 1, 1), date(2027, 3, 31)), (date(2027, 4, 1), date(2027, 6, 30)));
        // Anything else, by days: 2026-11-02..=2026-11-15 is 13 days after its start.
        assert_eq!(
            next_cycle(date(2026, 11, 2), date(2026, 11, 15)),
            (date(2026, 11, 16), date(2026, 11, 29))
        );
    }
}
