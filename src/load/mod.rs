//! Loading a strategy project from disk: throughline.toml, then each source it names. Loaders
//! collect diagnostics instead of stopping at the first, so `check` can list them all.

pub mod cell;
pub mod dates;
pub mod presets;
pub mod records;
pub mod strategy;
pub mod table;
pub mod toml_file;
pub mod work;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::config::{Config, WorkSource};
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::model::EntityKind;
use crate::model::{Bet, CheckIn, Commitment, Initiative, KeyResult, Person, SourceReport, WorkItem};
use rayon::prelude::*;
use table::Table;

/// Everything read from a project folder, before linking.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub bets: Vec<Bet>,
    pub krs: Vec<KeyResult>,
    pub checkins: Vec<CheckIn>,
    pub initiatives: Vec<Initiative>,
    /// Shared with the load cache: a rebuild whose work exports did not change keeps these very
    /// items (half a million on a large project) rather than a copy.
    pub work: Arc<Vec<WorkItem>>,
    pub people: Vec<Person>,
    /// Whether people.csv was given: owners are then checked against it.
    pub people_listed: bool,
    pub commitments: Vec<Commitment>,
    pub sources: Vec<SourceReport>,
    /// Markdown notes by file stem: `index`, `board`, or an entity's slug.
    pub notes: BTreeMap<String, String>,
    /// What the files define but could not be loaded.
    pub unloaded: Unloaded,
    /// Fingerprints of what was read, by which the stages after loading know what they may keep.
    pub prints: InputPrints,
}

/// Fingerprints of a load's inputs: each covers a file's path and bytes and the settings its
/// parse read, so two loads with equal prints parsed equal values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct InputPrints {
    /// Every work export, in order (equal prints: equal `Project::work`).
    pub work: u64,
    pub people: u64,
    pub initiatives: u64,
}

/// A print of the parts named, which cannot run into each other.
pub fn print_of(parts: &[&[u8]]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.digest()
}

/// What the project's files define but could not load: a whole file that could not be read or
/// parsed, or an entity whose own row or table had an error. A reference to one of these is not
/// reported as missing: its cause is already reported, at its own line, and one syntax error
/// must not hide behind a screenful of "no such id" (docs/files.md#bad-input).
#[derive(Debug, Clone, Default)]
pub struct Unloaded {
    files: BTreeSet<EntityKind>,
    ids: HashSet<(EntityKind, String)>,
}

impl Unloaded {
    /// Whether a reference to `id`, an entity of `kind`, may point at something not loaded.
    pub fn covers(&self, kind: EntityKind, id: &str) -> bool {
        self.files.contains(&kind) || self.ids.contains(&(kind, id.to_string()))
    }

    fn file(&mut self, kind: EntityKind) {
        self.files.insert(kind);
    }

    /// A print of what is not loaded of `kind`.
    pub fn print(&self, kind: EntityKind) -> u64 {
        let mut ids: Vec<&str> =
            self.ids.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id.as_str()).collect();
        ids.sort_unstable();
        let whole = [u8::from(self.files.contains(&kind))];
        print_of(&std::iter::once(&whole[..]).chain(ids.iter().map(|id| id.as_bytes())).collect::<Vec<_>>())
    }

    /// The ids `defined` in a file that are not among those `loaded` from it.
    fn not_loaded<'a>(
        &mut self,
        kind: EntityKind,
        defined: impl Iterator<Item = &'a str>,
        loaded: impl Iterator<Item = &'a str>,
    ) {
        let loaded: HashSet<&str> = loaded.collect();
        self.ids.extend(defined.filter(|id| !loaded.contains(id)).map(|id| (kind, id.to_string())));
    }

    /// The rows of `table` that did not become entities. A table without an `id` column was
    /// refused whole.
    fn rows_not_loaded<'a>(
        &mut self,
        kind: EntityKind,
        table: &'a Table,
        loaded: impl Iterator<Item = &'a str>,
    ) {
        match table.column("id") {
            Some(column) => self.not_loaded(
                kind,
                table.rows.iter().filter_map(|row| row.cells.get(column)).map(|cell| cell.trim()),
                loaded,
            ),
            None => self.file(kind),
        }
    }
}

/// The file that defines the key results: strategy.toml, or krs.csv when the strategy is kept in
/// bets.csv and krs.csv (docs/files.md). Its history is the history of every target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KrFile {
    /// Relative to the project folder, as throughline.toml gives it.
    pub path: String,
    pub format: KrFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KrFormat {
    Toml,
    Csv,
}

impl KrFile {
    /// strategy.toml, unless the sources name bets.csv or krs.csv, or only bets.csv is there.
    pub fn of(dir: &Path, sources: &crate::config::Sources) -> KrFile {
        let strategy = sources.strategy.as_deref().unwrap_or("strategy.toml");
        let csv = sources.bets.is_some()
            || sources.krs.is_some()
            || (sources.strategy.is_none() && !dir.join(strategy).exists() && dir.join("bets.csv").exists());
        if csv {
            KrFile { path: sources.krs.clone().unwrap_or_else(|| "krs.csv".into()), format: KrFormat::Csv }
        } else {
            KrFile { path: strategy.into(), format: KrFormat::Toml }
        }
    }

    /// The key results of one version of this file; `None` when it does not parse. The
    /// diagnostics of a past version are the caller's to keep or drop.
    pub fn key_results(&self, bytes: &[u8], diags: &mut Diagnostics) -> Option<Vec<KeyResult>> {
        match self.format {
            KrFormat::Toml => {
                let text = std::str::from_utf8(bytes).ok()?;
                strategy::load_toml(text, &self.path, diags).map(|(_, krs)| krs)
            }
            KrFormat::Csv => {
                Table::parse(bytes, &self.path, diags).map(|t| strategy::load_krs_csv(&t, diags))
            }
        }
    }
}

/// A source file that was asked for but could not be read or parsed (the diagnostics say why).
#[derive(Debug, Clone, Copy)]
struct Unreadable;

/// What a load read, for the next one: each file's bytes (by hash) and what they parsed into,
/// with the diagnostics the parse gave. A rebuild re-reads only the files a watcher says changed
/// (or every file, when it cannot say), and re-parses only those whose bytes differ.
#[derive(Debug, Default, Clone)]
pub struct LoadCache {
    tables: HashMap<String, Cached<TableLoad>>,
    work: HashMap<String, Cached<WorkLoad>>,
    strategy: HashMap<String, Cached<StrategyLoad>>,
    /// Every export's items in one list, by the work's print.
    joined: Option<(u64, Arc<Vec<WorkItem>>)>,
}

type TableLoad = Result<Option<Arc<Table>>, Unreadable>;
type WorkLoad = Result<Option<Arc<WorkExport>>, Unreadable>;
/// A table as read on its own thread, with the diagnostics found reading it.
type Read = (Result<Option<Arc<Table>>, Unreadable>, Diagnostics);
/// A work export as read on its own thread: the export, its print, and its diagnostics.
type ReadWork = ((WorkLoad, u64), Diagnostics);
/// The bets and key results of strategy.toml, with the ids of the key results it defines.
type StrategyLoad = Option<Arc<(Vec<Bet>, Vec<KeyResult>, Vec<String>)>>;

/// One work export as its preset read it.
#[derive(Debug)]
struct WorkExport {
    items: Arc<Vec<WorkItem>>,
    report: SourceReport,
}

#[derive(Debug, Clone)]
struct Cached<T> {
    /// The file's bytes, hashed; `None` when there was no such file.
    bytes: Option<u64>,
    /// What else the parse depended on (a work source's settings), hashed.
    params: u64,
    value: T,
    diags: Diagnostics,
}

/// Which input files may have changed since the previous load: `None` when anything may have.
pub type Changed<'a> = Option<&'a HashSet<PathBuf>>;

fn hash_of(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Loads the project in `dir`. `None` when even throughline.toml cannot be read.
pub fn load(dir: &Path, diags: &mut Diagnostics) -> Option<Project> {
    let none = LoadCache::default();
    SourceReader::new(dir, &none, None, false).load(dir, diags)
}

/// Loads the project in `dir`, taking from `previous` every file that did not change; returns
/// the cache for the next load beside the project.
pub fn load_cached(
    dir: &Path,
    diags: &mut Diagnostics,
    previous: &LoadCache,
    changed: Changed,
) -> (Option<Project>, LoadCache) {
    let reader = SourceReader::new(dir, previous, changed, true);
    let project = reader.load(dir, diags);
    (project, reader.next.into_inner().unwrap_or_default())
}

impl SourceReader<'_> {
    fn load(&self, dir: &Path, diags: &mut Diagnostics) -> Option<Project> {
        let config = match Config::load(dir) {
            Ok(config) => config,
            Err(diagnostic) => {
                diags.push(diagnostic);
                return None;
            }
        };
        let sources = config.sources.clone();
        let reader = self;
        let mut unloaded = Unloaded::default();

        let (bets, krs) = reader.strategy_of(dir, &sources, &mut unloaded, diags);
        let work_sources = sources.work.clone().unwrap_or_else(|| {
            vec![WorkSource {
                path: "data/work.csv".into(),
                preset: "native".into(),
                columns: BTreeMap::new(),
                date_order: None,
                id_prefix: String::new(),
                containers: vec![],
            }]
        });
        let explicit_work = sources.work.is_some();
        let (tables, mut work_loads) =
            reader.read_side_by_side(&sources, &work_sources, explicit_work, &config);
        let [checkins, initiatives, people_table, commitments] = tables;
        let take = |(table, found): Read, diags: &mut Diagnostics| {
            diags.extend(found);
            table
        };
        let checkins = take(checkins, diags)
            .ok()
            .flatten()
            .map(|t| records::load_checkins(&t, diags))
            .unwrap_or_default();
        let initiatives = match take(initiatives, diags) {
            Ok(Some(t)) => {
                let loaded = records::load_initiatives(&t, diags);
                unloaded.rows_not_loaded(EntityKind::Initiative, &t, loaded.iter().map(|i| i.id.as_str()));
                loaded
            }
            Ok(None) => vec![],
            Err(Unreadable) => {
                unloaded.file(EntityKind::Initiative);
                vec![]
            }
        };
        let people_table = take(people_table, diags);
        // Owners are checked against people.csv only when it was read: a broken one would make
        // every owner a stranger.
        let people_listed = matches!(people_table, Ok(Some(_)));
        let people = people_table.ok().flatten().map(|t| records::load_people(&t, diags)).unwrap_or_default();
        let commitments = take(commitments, diags)
            .ok()
            .flatten()
            .map(|t| records::load_commitments(&t, diags))
            .unwrap_or_default();

        let mut exports = Vec::new();
        for ((loaded, print), found) in work_loads.drain(..) {
            diags.extend(found);
            match loaded {
                Ok(Some(export)) => exports.push((print, export)),
                Ok(None) => {}
                Err(Unreadable) => unloaded.file(EntityKind::WorkItem),
            }
        }
        let reports = exports.iter().map(|(_, export)| export.report.clone()).collect();
        let (work, work_print) = reader.join(exports);
        let prints = InputPrints {
            work: work_print,
            people: reader.print(sources.people.as_deref().unwrap_or("data/people.csv")),
            initiatives: reader.print(sources.initiatives.as_deref().unwrap_or("data/initiatives.csv")),
        };

        let notes = reader.notes(diags);
        Some(Project {
            root: dir.to_path_buf(),
            config,
            bets,
            krs,
            checkins,
            initiatives,
            work,
            people,
            people_listed,
            commitments,
            sources: reports,
            notes,
            unloaded,
            prints,
        })
    }

    /// The bets and key results: from strategy.toml, or from bets.csv and krs.csv.
    fn strategy_of(
        &self,
        dir: &Path,
        sources: &crate::config::Sources,
        unloaded: &mut Unloaded,
        diags: &mut Diagnostics,
    ) -> (Vec<Bet>, Vec<KeyResult>) {
        let (mut bets, mut krs) = (vec![], vec![]);
        let kr_file = KrFile::of(dir, sources);
        let strategy_file = kr_file.path.as_str();
        if kr_file.format == KrFormat::Csv {
            match self.table(sources.bets.as_deref(), "bets.csv", diags) {
                Ok(Some(t)) => {
                    bets = strategy::load_bets_csv(&t, diags);
                    unloaded.rows_not_loaded(EntityKind::Bet, &t, bets.iter().map(|b| b.id.as_str()));
                }
                Ok(None) => {}
                Err(Unreadable) => unloaded.file(EntityKind::Bet),
            }
            match self.table(sources.krs.as_deref(), "krs.csv", diags) {
                Ok(Some(t)) => {
                    krs = strategy::load_krs_csv(&t, diags);
                    unloaded.rows_not_loaded(EntityKind::Kr, &t, krs.iter().map(|k| k.id.as_str()));
                }
                Ok(None) => {}
                Err(Unreadable) => unloaded.file(EntityKind::Kr),
            }
        } else {
            match self.strategy(strategy_file, diags) {
                Some(loaded) => {
                    let (loaded_bets, loaded_krs, defined) = &*loaded;
                    (bets, krs) = (loaded_bets.clone(), loaded_krs.clone());
                    unloaded.not_loaded(
                        EntityKind::Kr,
                        defined.iter().map(String::as_str),
                        krs.iter().map(|k| k.id.as_str()),
                    );
                }
                None => {
                    unloaded.file(EntityKind::Bet);
                    unloaded.file(EntityKind::Kr);
                }
            }
        }
        (bets, krs)
    }

    /// Reads and parses the tables and the work exports.
    fn read_side_by_side(
        &self,
        sources: &crate::config::Sources,
        work_sources: &[WorkSource],
        explicit_work: bool,
        config: &Config,
    ) -> ([Read; 4], Vec<ReadWork>) {
        // The tables are independent until linking: read and parse them side by side, each with its
        // own diagnostics, merged afterwards in this order (so the output does not depend on which
        // thread finished first).
        rayon::join(
            || {
                let read = |given: Option<&str>, default: &str| {
                    let mut diags = Diagnostics::default();
                    let table = self.table(given, default, &mut diags);
                    (table, diags)
                };
                let ((checkins, initiatives), (people, commitments)) = rayon::join(
                    || {
                        rayon::join(
                            || read(sources.checkins.as_deref(), "data/checkins.csv"),
                            || read(sources.initiatives.as_deref(), "data/initiatives.csv"),
                        )
                    },
                    || {
                        rayon::join(
                            || read(sources.people.as_deref(), "data/people.csv"),
                            || read(sources.commitments.as_deref(), "data/commitments.csv"),
                        )
                    },
                );
                [checkins, initiatives, people, commitments]
            },
            || {
                work_sources
                    .par_iter()
                    .enumerate()
                    .map(|(n, source)| {
                        let mut diags = Diagnostics::default();
                        let loaded = load_work_source(self, source, n, explicit_work, config, &mut diags);
                        (loaded, diags)
                    })
                    .collect::<Vec<_>>()
            },
        )
    }
}

/// Every `notes/*.md` of the project in `dir`, keyed by file stem.
pub fn read_notes(dir: &Path, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let none = LoadCache::default();
    SourceReader::new(dir, &none, None, false).notes(diags)
}

/// One work export, read and mapped through its preset: its items (numbered as source `index`
/// for now) and what the import found.
fn load_work_source(
    reader: &SourceReader,
    source: &WorkSource,
    index: usize,
    explicit_work: bool,
    config: &Config,
    diags: &mut Diagnostics,
) -> (WorkLoad, u64) {
    let Some(preset) = presets::find(&source.preset) else {
        diags.push(
            Diagnostic::error(
                Location::file(crate::config::CONFIG_FILE),
                format!(
                    "work source `{}` names the preset `{}`, which does not exist",
                    source.path, source.preset
                ),
            )
            .with_hint_opt(did_you_mean(&source.preset, presets::ALL.iter().map(|p| p.name))),
        );
        return (Err(Unreadable), 0);
    };
    let given = explicit_work.then_some(source.path.as_str());
    // What the parse depends on beside the bytes: the source's own settings and the work ones.
    let params = hash_of(format!("{index}{explicit_work}{source:?}{:?}", config.work).as_bytes());
    let loaded = reader.cached(&reader.previous.work, &source.path, params, diags, |bytes, diags| {
        let Some(table) = reader.parse_table(given, &source.path, bytes, diags)? else { return Ok(None) };
        let (items, report) = work::load_work(table, source, index, preset, &config.work, diags);
        Ok(Some(Arc::new(WorkExport { items: Arc::new(items), report })))
    });
    if reader.keep {
        reader.next.lock().map(|mut next| next.work.insert(source.path.clone(), loaded.clone())).ok();
    }
    // This export's print: its path, its bytes, and the settings its parse read.
    let bytes = loaded.bytes.unwrap_or(0).to_le_bytes();
    (loaded.value, print_of(&[source.path.as_bytes(), &bytes, &loaded.params.to_le_bytes()]))
}

/// Every export's items, numbered by the export's place: taken as they are when nothing else
/// holds them, else copied (on every core: 500,000 items are several million strings).
fn joined(exports: Vec<(u64, Arc<WorkExport>)>) -> Vec<WorkItem> {
    let mut work = Vec::with_capacity(exports.iter().map(|(_, export)| export.items.len()).sum());
    for (index, (_, export)) in exports.into_iter().enumerate() {
        let items =
            Arc::try_unwrap(export).map(|export| export.items).unwrap_or_else(|shared| shared.items.clone());
        match Arc::try_unwrap(items) {
            Ok(items) => {
                work.par_extend(items.into_par_iter().map(|item| WorkItem { source: index, ..item }))
            }
            Err(shared) => {
                work.par_extend(shared.par_iter().map(|item| WorkItem { source: index, ..item.clone() }))
            }
        }
    }
    work
}

struct SourceReader<'a> {
    root: &'a Path,
    previous: &'a LoadCache,
    changed: Changed<'a>,
    /// What this load read, for the next one.
    next: Mutex<LoadCache>,
    /// Whether the next load will use `next`'s work items: a one-off load does not keep them, so
    /// that it can take each export's items as they are rather than copy them.
    keep: bool,
}

impl<'a> SourceReader<'a> {
    fn new(root: &'a Path, previous: &'a LoadCache, changed: Changed<'a>, keep: bool) -> Self {
        SourceReader { root, previous, changed, next: Mutex::default(), keep }
    }

    /// Whether `file` may have changed since the previous load.
    fn may_have_changed(&self, file: &str) -> bool {
        let Some(changed) = self.changed else { return true };
        let path = self.root.join(file);
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        changed.contains(&path)
    }

    /// `parse`'s result for `file`: the previous load's when the file did not change (or its
    /// bytes are the same), else parsed anew. `parse` is given the bytes, or `None` when there is
    /// no such file. Its diagnostics are kept with the result and given again on reuse.
    fn cached<T: Clone>(
        &self,
        previous: &HashMap<String, Cached<T>>,
        file: &str,
        params: u64,
        diags: &mut Diagnostics,
        parse: impl FnOnce(Option<&[u8]>, &mut Diagnostics) -> T,
    ) -> Cached<T> {
        let kept = previous.get(file).filter(|c| c.params == params);
        if let Some(kept) = kept.filter(|_| !self.may_have_changed(file)) {
            diags.extend(kept.diags.clone());
            return kept.clone();
        }
        let bytes = std::fs::read(self.root.join(file)).ok();
        let hash = bytes.as_deref().map(hash_of);
        if let Some(kept) = kept.filter(|c| c.bytes == hash) {
            diags.extend(kept.diags.clone());
            return kept.clone();
        }
        let mut found = Diagnostics::default();
        let value = parse(bytes.as_deref(), &mut found);
        diags.extend(found.clone());
        Cached { bytes: hash, params, value, diags: found }
    }

    /// The print of `file` as this load read it (its path and bytes, and its parse's settings).
    fn print(&self, file: &str) -> u64 {
        let next = self.next.lock();
        let cached = next.as_ref().ok().and_then(|next| next.tables.get(file));
        let (bytes, params) = cached.map_or((None, 0), |c| (c.bytes, c.params));
        let present = [u8::from(bytes.is_some())];
        print_of(&[file.as_bytes(), &bytes.unwrap_or(0).to_le_bytes(), &present, &params.to_le_bytes()])
    }

    /// The items of every export loaded (`exports`, each with its print), in order, as one list,
    /// and its print. Each export's items are numbered as its place among them: an export that
    /// could not be read takes no place. The list is the last load's when the exports are the same.
    fn join(&self, exports: Vec<(u64, Arc<WorkExport>)>) -> (Arc<Vec<WorkItem>>, u64) {
        let prints: Vec<[u8; 8]> = exports.iter().map(|(print, _)| print.to_le_bytes()).collect();
        let print = print_of(&prints.iter().map(|p| &p[..]).collect::<Vec<_>>());
        let work = match &self.previous.joined {
            Some((kept, work)) if *kept == print => work.clone(),
            // One export, numbered as it was read: its own list.
            _ if exports.len() == 1 && exports[0].1.items.iter().all(|item| item.source == 0) => {
                exports[0].1.items.clone()
            }
            _ => Arc::new(joined(exports)),
        };
        if self.keep
            && let Ok(mut next) = self.next.lock()
        {
            next.joined = Some((print, work.clone()));
        }
        (work, print)
    }

    /// A CSV source: `given` is the path from throughline.toml (which must exist); without one,
    /// the default path is read when it is there. `Ok(None)` when there is no such file, or it is
    /// empty.
    fn table(
        &self,
        given: Option<&str>,
        default: &str,
        diags: &mut Diagnostics,
    ) -> Result<Option<Arc<Table>>, Unreadable> {
        let file = given.unwrap_or(default);
        let loaded = self.cached(&self.previous.tables, file, 0, diags, |bytes, diags| {
            Ok(self.parse_table(given, file, bytes, diags)?.map(Arc::new))
        });
        let value = loaded.value.clone();
        if let Ok(mut next) = self.next.lock() {
            next.tables.insert(file.to_string(), loaded);
        }
        value
    }

    /// The table in `bytes`, read from `file` (`None`: there is no such file).
    fn parse_table(
        &self,
        given: Option<&str>,
        file: &str,
        bytes: Option<&[u8]>,
        diags: &mut Diagnostics,
    ) -> Result<Option<Table>, Unreadable> {
        let path = self.root.join(file);
        let Some(bytes) = bytes.filter(|_| path.is_file()) else {
            if given.is_some() {
                diags.push(
                    Diagnostic::error(
                        Location::file(file),
                        format!("the source file {} does not exist", path.display()),
                    )
                    .whole_file(),
                );
                return Err(Unreadable);
            }
            return Ok(None);
        };
        let mut found = Diagnostics::default();
        let table = Table::parse(bytes, file, &mut found);
        if table.is_none() {
            found = found.whole_file();
        }
        diags.extend(found);
        let table = table.ok_or(Unreadable)?;
        if table.headers.is_empty() {
            diags.warning(Location::file(file), "the file is empty");
            return Ok(None);
        }
        Ok(Some(table))
    }

    /// strategy.toml's bets and key results, parsed again only when its bytes changed.
    fn strategy(&self, file: &str, diags: &mut Diagnostics) -> StrategyLoad {
        let loaded = self.cached(&self.previous.strategy, file, 0, diags, |bytes, diags| {
            let text = self.text(file, bytes, diags)?;
            let (bets, krs) = strategy::load_toml(&text, file, diags)?;
            Some(Arc::new((bets, krs, toml_file::ids(&text, "kr"))))
        });
        let value = loaded.value.clone();
        if let Ok(mut next) = self.next.lock() {
            next.strategy.insert(file.to_string(), loaded);
        }
        value
    }

    /// The text of `file`, whose bytes were read (`None`: it could not be).
    fn text(&self, file: &str, bytes: Option<&[u8]>, diags: &mut Diagnostics) -> Option<String> {
        let path = self.root.join(file);
        let bytes = match bytes {
            Some(bytes) => bytes.to_vec(),
            None => {
                let e = std::fs::read(&path).err().map_or("it is not there".to_string(), |e| e.to_string());
                diags.push(
                    Diagnostic::error(Location::file(file), format!("cannot read {}: {e}", path.display()))
                        .whole_file(),
                );
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                diags.push(
                    Diagnostic::error(Location::at(file, line, None), "the file is not valid UTF-8")
                        .with_hint("TOML files must be saved as UTF-8")
                        .whole_file(),
                );
                None
            }
        }
    }

    /// Every `notes/*.md`, keyed by file stem.
    fn notes(&self, diags: &mut Diagnostics) -> BTreeMap<String, String> {
        let mut notes = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(self.root.join("notes")) else { return notes };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            {
                let file = format!("notes/{}", entry.file_name().to_string_lossy());
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        notes.insert(stem.to_string(), String::from_utf8_lossy(&bytes).into_owned());
                    }
                    Err(e) => diags.warning(Location::file(file), format!("cannot read the note: {e}")),
                }
            }
        }
        notes
    }
}
