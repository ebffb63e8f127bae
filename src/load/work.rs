//! Work items from tracker exports. A preset (see `presets`) maps an export's headers, statuses,
//! parents and container types onto the native work columns; a source's `columns` table
//! overrides any mapping. What the import read, guessed and skipped goes into its `SourceReport`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
// Fx: a large export is hundreds of thousands of ids, hashed to link parents and count statuses.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::presets::{self, DateStyle, Language, Preset, StatusRule};
use super::table::{Row, Table, preview, same_header};
use super::{cell, dates};
use crate::config::{WorkSettings, WorkSource};
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::model::{ColumnUse, SkippedRow, SourceReport, StatusCount, StatusOrigin, WorkItem, WorkStatus};

/// The native work columns, in the order the data-quality page lists them; a source's `columns`
/// table may name any of them.
pub const FIELDS: [&str; 13] = [
    "id",
    "title",
    "status",
    "initiative",
    "parent",
    "type",
    "assignee",
    "estimate",
    "created",
    "started",
    "done",
    "due",
    "project",
];

/// Columns a preset reads beyond the native ones, with the words the data-quality page uses. A
/// source's `columns` table may name these too, for an export the preset cannot place.
const EXTRA: [(&str, &str); 6] = [
    ("assignee_email", "assignee e-mail"),
    ("status_category", "status category"),
    ("done_fallback", "done date, when the done column is empty"),
    ("internal_id", "internal number (for parent links)"),
    ("updated", "last updated (an activity date)"),
    ("tree", "tree level"),
];

/// Every column a source's `columns` table may name.
fn nameable() -> impl Iterator<Item = &'static str> + Clone {
    FIELDS.into_iter().chain(EXTRA.into_iter().map(|(f, _)| f).filter(|f| *f != "tree"))
}

/// Rows further down than this are not searched for a header.
const HEADER_SEARCH_ROWS: usize = 20;

pub fn load_work(
    mut table: Table,
    source: &WorkSource,
    source_index: usize,
    preset: &Preset,
    settings: &WorkSettings,
    diags: &mut Diagnostics,
) -> (Vec<WorkItem>, SourceReport) {
    let mut report = SourceReport {
        path: table.file.clone(),
        preset: preset.name.into(),
        converted_from: table.converted_from.map(str::to_string),
        delimiter: match table.delimiter {
            b'\t' => "tab",
            b';' => "semicolon",
            _ => "comma",
        }
        .into(),
        blank_rows: table.blank_rows,
        ..Default::default()
    };
    if preset.is_tracker() {
        let passed = find_header(&mut table, source, preset);
        if !passed.is_empty() {
            report
                .skipped
                .extend(passed.iter().map(|&line| SkippedRow { line, reason: "above the header".into() }));
        }
    }
    let Some(mapping) = map_columns(&table, source, preset, diags) else {
        report.rows = table.rows.len();
        return (vec![], report);
    };
    report.columns = mapping.uses();
    report.unused_headers = mapping.unused(&table);
    report.language = mapping.language.map(|l| l.name.to_string());
    let (rows, refused) = table.fitting_rows(preset.is_tracker(), diags);
    report.rows = table.rows.len();
    report.skipped.extend(
        refused
            .into_iter()
            .map(|line| SkippedRow { line, reason: "cells do not line up with the header".into() }),
    );

    let reader = RowReader::new(&table, &rows, &mapping, source, preset, settings, diags);
    let (mut items, tally) = reader.read_all(&rows, &mut report, diags);
    for item in &mut items {
        item.source = source_index;
    }
    report.newest_date = tally.newest_activity;
    reader.finish(tally, &mut report, diags);
    report.guesses.extend(mapping.notes.iter().cloned());
    report.skipped.sort_by_key(|s| s.line);
    report.container_levels = mark_levels_above_epics(&mut items, source, preset);
    report.items = items.iter().filter(|i| !i.container).count();
    report.containers = items.len() - report.items;
    (items, report)
}

/// Containers are the preset's container types (Epic...), the types the source lists in
/// `containers`, and every type a container's parent has: Advanced Roadmaps' levels above Epic
/// (Initiative, Theme, or whatever a site named them), which an Epic's `Parent Link` points at.
/// Returns those levels as the data-quality page lists them, with their rows.
fn mark_levels_above_epics(items: &mut [WorkItem], source: &WorkSource, preset: &Preset) -> Vec<String> {
    let listed = |kind: &str| source.containers.iter().any(|c| presets::same_name(c, kind));
    // Per distinct type: an export repeats a handful across its rows.
    let mut container_type: HashMap<String, bool> = HashMap::default();
    for item in items.iter_mut() {
        item.container = match container_type.get(&item.kind) {
            Some(&known) => known,
            None => {
                let container = preset.is_container_type(&item.kind) || listed(&item.kind);
                container_type.insert(item.kind.clone(), container);
                container
            }
        };
    }
    // A level above the containers is a container's parent's type: with no container that has
    // a parent, there is none, and no need to find the parents.
    if !items.iter().any(|w| w.container && w.parent.is_some()) {
        return levels(items, vec![], listed);
    }
    let index: HashMap<&str, usize> = items.iter().enumerate().map(|(i, w)| (w.id.as_str(), i)).collect();
    let parent_of: Vec<Option<usize>> =
        items.iter().map(|w| w.parent.as_deref().and_then(|p| index.get(p).copied())).collect();
    // Up from each container, every type met is a level above it, to the top of the tree.
    let mut changed = true;
    while changed {
        changed = false;
        for w in 0..items.len() {
            if let Some(p) = parent_of[w]
                && items[w].container
                && !items[p].container
                && !items[p].kind.is_empty()
            {
                let kind = items[p].kind.clone();
                for item in items.iter_mut().filter(|i| presets::same_name(&i.kind, &kind)) {
                    item.container = true;
                }
                changed = true;
            }
        }
    }
    let parents_of_containers = (0..items.len())
        .filter(|&w| items[w].container)
        .filter_map(|w| Some((parent_of[w]?, w)))
        .map(|(p, w)| (items[p].kind.clone(), format!("parent of {} rows", items[w].kind)))
        .collect();
    levels(items, parents_of_containers, listed)
}

/// Each level above the containers with the type below it, as the page words it: the types of
/// containers' parents (`parents`, each with why), then the types the source lists.
fn levels(items: &[WorkItem], parents: Vec<(String, String)>, listed: impl Fn(&str) -> bool) -> Vec<String> {
    let mut above: Vec<(String, String)> = Vec::new();
    let mut add = |kind: &str, why: String| {
        if !kind.is_empty() && !above.iter().any(|(k, _)| presets::same_name(k, kind)) {
            above.push((kind.to_string(), why));
        }
    };
    for (kind, why) in parents {
        add(&kind, why);
    }
    for item in items.iter().filter(|i| listed(&i.kind)) {
        add(&item.kind, "listed in the source's containers".into());
    }
    above
        .into_iter()
        .map(|(kind, why)| {
            let rows = items.iter().filter(|i| presets::same_name(&i.kind, &kind)).count();
            format!("{kind} ({why}): {rows}")
        })
        .collect()
}

/// A tracker export may have lines above its header (Asana's, or a title a person typed): the
/// header is the first row that names the id or title column.
fn find_header(table: &mut Table, source: &WorkSource, preset: &Preset) -> Vec<usize> {
    let wanted: Vec<&str> = ["id", "title"]
        .iter()
        .flat_map(|field| match source.columns.get(*field) {
            Some(header) => vec![header.as_str()],
            None => std::iter::once(None)
                .chain(preset.languages.iter().map(Some))
                .flat_map(|language| preset.headers(field, language))
                .collect(),
        })
        .collect();
    let named = |cell: &str| wanted.iter().any(|w| same_header(cell, w));
    if table.headers.iter().any(|h| named(h)) {
        return vec![];
    }
    match table.rows.iter().take(HEADER_SEARCH_ROWS).position(|r| r.cells.iter().any(named)) {
        Some(index) => table.use_header_at(index),
        None => vec![],
    }
}

/// Where one column's value comes from: the export columns that feed it, by position, in order
/// of preference. A row takes the first of them that is filled.
#[derive(Debug)]
struct Feed {
    positions: Vec<usize>,
    headers: Vec<String>,
    overridden: bool,
}

/// Each column's feed, in a slot of its own: read for every field of every row (millions of
/// times in a large export), where a map keyed by the field's name was a noticeable part of
/// loading. A field's slot is a `match` on its name, which folds away for the literal names the
/// rows are read with.
#[derive(Debug, Default)]
struct Feeds([Option<Feed>; FIELDS.len() + EXTRA.len()]);

impl Feeds {
    #[inline]
    fn slot(field: &str) -> Option<usize> {
        Some(match field {
            "id" => 0,
            "title" => 1,
            "status" => 2,
            "initiative" => 3,
            "parent" => 4,
            "type" => 5,
            "assignee" => 6,
            "estimate" => 7,
            "created" => 8,
            "started" => 9,
            "done" => 10,
            "due" => 11,
            "project" => 12,
            "assignee_email" => 13,
            "status_category" => 14,
            "done_fallback" => 15,
            "internal_id" => 16,
            "updated" => 17,
            "tree" => 18,
            _ => return None,
        })
    }

    #[inline]
    fn get(&self, field: &str) -> Option<&Feed> {
        self.0[Self::slot(field)?].as_ref()
    }

    fn contains_key(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Only the columns of FIELDS and EXTRA have a slot (a test holds every preset to them).
    fn insert(&mut self, field: &str, feed: Feed) {
        if let Some(slot) = Self::slot(field) {
            self.0[slot] = Some(feed);
        }
    }

    fn remove(&mut self, field: &str) {
        if let Some(slot) = Self::slot(field) {
            self.0[slot] = None;
        }
    }

    fn values(&self) -> impl Iterator<Item = &Feed> {
        self.0.iter().flatten()
    }
}

#[derive(Debug, Default)]
struct Mapping {
    feeds: Feeds,
    /// The language the headers were read in, when not English.
    language: Option<&'static Language>,
    /// What was found by content or passed over, for the data-quality page.
    notes: Vec<String>,
}

impl Mapping {
    fn has(&self, field: &str) -> bool {
        self.feeds.contains_key(field)
    }

    /// The first filled cell of the field's columns, trimmed, with its position.
    fn cell<'r>(&self, row: &'r Row, field: &str) -> Option<(&'r str, usize)> {
        self.feeds.get(field)?.positions.iter().find_map(|&i| {
            let text = row.cells.get(i)?.trim();
            (!text.is_empty()).then_some((text, i))
        })
    }

    fn get<'r>(&self, row: &'r Row, field: &str) -> Option<&'r str> {
        self.cell(row, field).map(|(text, _)| text)
    }

    /// The 1-based column a diagnostic about the field points at.
    fn column(&self, row: &Row, field: &str) -> Option<usize> {
        let at = self.cell(row, field).map(|(_, i)| i);
        at.or_else(|| self.feeds.get(field)?.positions.first().copied()).map(|i| i + 1)
    }

    fn positions(&self, field: &str) -> &[usize] {
        self.feeds.get(field).map_or(&[], |f| f.positions.as_slice())
    }

    fn uses(&self) -> Vec<ColumnUse> {
        let words = FIELDS.iter().map(|f| (*f, *f)).chain(EXTRA);
        words
            .filter_map(|(field, word)| {
                let feed = self.feeds.get(field)?;
                Some(ColumnUse {
                    column: word.to_string(),
                    headers: feed.headers.clone(),
                    overridden: feed.overridden,
                })
            })
            .collect()
    }

    fn unused(&self, table: &Table) -> Vec<String> {
        let used: HashSet<usize> = self.feeds.values().flat_map(|f| f.positions.iter().copied()).collect();
        let mut seen = HashSet::default();
        (0..table.headers.len())
            .filter(|i| !used.contains(i))
            .map(|i| table.headers[i].clone())
            .filter(|h| !h.is_empty() && seen.insert(h.to_lowercase()))
            .collect()
    }
}

/// Native column -> the export columns that feed it: the source's `columns` table first, then
/// the preset's headers in English and in the language the export is written in, then (Jira) the
/// key, summary and number recognised by their content.
fn map_columns(
    table: &Table,
    source: &WorkSource,
    preset: &Preset,
    diags: &mut Diagnostics,
) -> Option<Mapping> {
    if table.headers.is_empty() {
        return None;
    }
    let header_location = Location::at(&table.file, table.header_line, None);
    let mut mapping = Mapping {
        language: preset.language_of(table.headers.iter().map(String::as_str)),
        ..Mapping::default()
    };
    let mut ok = map_named_columns(table, source, &mut mapping, &header_location, diags);
    map_preset_columns(table, preset, &mut mapping);
    if preset.keys_by_content && !mapping.has("id") {
        recognise_by_content(table, &mut mapping);
    }
    if preset.estimate_from_numeric_field {
        keep_numeric_estimate(table, &mut mapping);
    }

    // A tree layout without ids (Azure DevOps' import file) names its rows by line instead.
    let mut required: Vec<&str> = preset.also_required.to_vec();
    if !mapping.has("tree") {
        required.insert(0, "id");
    }
    if preset.status_rule == StatusRule::Required {
        required.push("status");
    }
    for field in required {
        if !mapping.has(field) {
            ok = false;
            diags.push(missing_column(table, preset, &mapping, field, header_location.clone()));
        }
    }
    if ok && preset.is_tracker() {
        warn_unread(preset, &mapping, &header_location, diags);
    }
    ok.then_some(mapping)
}

/// The columns the source names itself (`columns = { field = "Header" }`) into `mapping`; false
/// when one names no work field or no header of the file.
fn map_named_columns(
    table: &Table,
    source: &WorkSource,
    mapping: &mut Mapping,
    header_location: &Location,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for (field, header) in &source.columns {
        let Some(field) = nameable().find(|f| *f == field.as_str()) else {
            ok = false;
            diags.push(
                Diagnostic::error(
                    Location::file(crate::config::CONFIG_FILE),
                    format!("work source `{}`: `{field}` is not a work column", source.path),
                )
                .with_hint_opt(did_you_mean(field, nameable())),
            );
            continue;
        };
        let positions = table.columns(header);
        if positions.is_empty() {
            ok = false;
            diags.push(
                Diagnostic::error(
                    header_location.clone(),
                    format!("the column `{header}` (for `{field}`) is not in the header"),
                )
                .with_hint_opt(did_you_mean(header, table.headers.iter().map(String::as_str))),
            );
            continue;
        }
        mapping.feeds.insert(field, Feed { positions, headers: vec![header.clone()], overridden: true });
    }
    ok
}

/// Each field the source did not name, from the headers its preset knows (in the headers'
/// language), into `mapping`.
fn map_preset_columns(table: &Table, preset: &Preset, mapping: &mut Mapping) {
    let fields = preset.columns.iter().map(|(f, _)| *f).chain(["tree"]);
    for field in fields {
        if mapping.has(field) {
            continue;
        }
        let candidates = if field == "tree" {
            preset.tree_titles.to_vec()
        } else {
            preset.candidates(field, mapping.language)
        };
        let mut feed = Feed { positions: vec![], headers: vec![], overridden: false };
        for candidate in candidates {
            let positions: Vec<usize> = (0..table.headers.len())
                .filter(|&i| preset.header_matches(&table.headers[i], candidate))
                .filter(|i| !feed.positions.contains(i))
                .collect();
            if let Some(&first) = positions.first() {
                feed.headers.push(table.headers[first].clone());
                feed.positions.extend(positions);
            }
        }
        if !feed.positions.is_empty() {
            mapping.feeds.insert(field, feed);
        }
    }
}

/// A tracker's title or status column that is neither there nor named: a warning each, as
/// mapping one column by hand must not leave the others silently unread.
fn warn_unread(preset: &Preset, mapping: &Mapping, header_location: &Location, diags: &mut Diagnostics) {
    let unread = [
        ("title", !mapping.has("title") && !mapping.has("tree"), "items are named by their id"),
        (
            "status",
            preset.status_rule == StatusRule::Column && !mapping.has("status"),
            "every item counts as todo",
        ),
    ];
    for (field, missing, consequence) in unread {
        if missing {
            diags.push(
                Diagnostic::warning(
                    header_location.clone(),
                    format!(
                        "no {field} column (the {} preset looks for `{}`{}): {consequence}",
                        preset.name,
                        preset.headers(field, mapping.language).join("` or `"),
                        read_as(mapping)
                    ),
                )
                .with_hint(format!(
                    "export the {field} column too, or name it: columns = {{ {field} = \"Your header\" }}"
                )),
            );
        }
    }
}

/// `, read as Spanish`: the language the headers were read in, when not English.
fn read_as(mapping: &Mapping) -> String {
    mapping.language.map_or(String::new(), |l| format!(", reading the headers as {}", l.name))
}

/// A column the export cannot do without is missing: which headers the preset looked for, the
/// language it read the headers in, the headers it could not place, and how to map them.
fn missing_column(
    table: &Table,
    preset: &Preset,
    mapping: &Mapping,
    field: &str,
    location: Location,
) -> Diagnostic {
    let language = mapping.language.map_or("English", |l| l.name);
    let unplaced = mapping.unused(table);
    let shown: Vec<String> = unplaced.iter().take(8).map(|h| format!("`{h}`")).collect();
    let more = if unplaced.len() > shown.len() {
        format!(" and {} more", unplaced.len() - shown.len())
    } else {
        String::new()
    };
    let placed = if shown.is_empty() {
        String::new()
    } else {
        format!("; the headers it could not place: {}{more}", shown.join(", "))
    };
    let example = unplaced.first().map_or("Your header", String::as_str);
    Diagnostic::error(
        location,
        format!(
            "no column for `{field}` (the {} preset read the headers as {language} and looks for `{}`){placed}",
            preset.name,
            preset.headers(field, mapping.language).join("` or `"),
        ),
    )
    .with_hint(format!(
        "name the columns in throughline.toml, each native column to your header: columns = {{ {field} = \"{example}\", title = \"...\", status = \"...\" }}"
    ))
}

/// Jira writes `Summary, Issue key, Issue id` first, in any language: with no header to go by,
/// the key is the column whose every cell is a distinct issue key (`ABC-12`), the number the
/// all-numeric column after it, and the summary the column before it.
fn recognise_by_content(table: &Table, mapping: &mut Mapping) {
    let used: HashSet<usize> = mapping.feeds.values().flat_map(|f| f.positions.iter().copied()).collect();
    let cells = |i: usize| table.rows.iter().map(move |r| r.cells.get(i).map_or("", |c| c.trim()));
    let distinct = |i: usize| cells(i).filter(|c| !c.is_empty()).collect::<HashSet<_>>().len();
    let filled = |i: usize| cells(i).filter(|c| !c.is_empty()).count();
    let every = |i: usize, test: fn(&str) -> bool| {
        !table.rows.is_empty() && cells(i).all(test) && distinct(i) == table.rows.len()
    };
    let Some(key) = (0..table.headers.len()).find(|&i| !used.contains(&i) && every(i, is_issue_key)) else {
        return;
    };
    let mut found = vec![("id", key)];
    let number = |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit());
    if !mapping.has("internal_id")
        && key + 1 < table.headers.len()
        && !used.contains(&(key + 1))
        && every(key + 1, number)
    {
        found.push(("internal_id", key + 1));
    }
    if !mapping.has("title")
        && key > 0
        && !used.contains(&(key - 1))
        && filled(key - 1) > 0
        && distinct(key - 1) * 2 >= filled(key - 1)
        && !cells(key - 1).any(|c| is_issue_key(c) || (!c.is_empty() && number(c)))
    {
        found.push(("title", key - 1));
    }
    let mut named = Vec::new();
    for (field, i) in found {
        let header = table.headers[i].clone();
        named.push(format!("`{header}` as {field}"));
        mapping.feeds.insert(field, Feed { positions: vec![i], headers: vec![header], overridden: false });
    }
    mapping.notes.push(format!(
        "Columns recognised by their content, as Jira orders them ({}): {}",
        named.join(", "),
        named.len()
    ));
}

/// `ABC-12`, `A2_B-7`: an upper-case project key, a dash, a number.
fn is_issue_key(text: &str) -> bool {
    let Some((project, number)) = text.rsplit_once('-') else { return false };
    project.starts_with(|c: char| c.is_ascii_uppercase())
        && project.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// GitHub's estimate is a field a team added: the first of the preset's candidates whose values
/// are all numbers. One holding words (a S/M/L single-select) is passed over, with a note.
fn keep_numeric_estimate(table: &Table, mapping: &mut Mapping) {
    let Some(feed) = mapping.feeds.get("estimate").filter(|f| !f.overridden) else { return };
    let (mut chosen, mut empty) = (None, None);
    let mut notes = Vec::new();
    for header in &feed.headers {
        let positions = table.columns(header);
        let values = || {
            table.rows.iter().flat_map(|r| positions.iter().filter_map(|&i| r.cells.get(i))).map(|c| c.trim())
        };
        let words: Vec<&str> =
            values().filter(|c| !c.is_empty() && cell::parse_number(c, true).is_err()).collect();
        if let Some(example) = words.first() {
            notes.push(format!(
                "`{header}` passed over as the estimate: rows whose value is not a number (e.g. `{}`): {}",
                preview(example),
                words.len()
            ));
        } else if !values().any(|c| !c.is_empty()) {
            empty = empty.or(Some((header.clone(), positions)));
        } else if chosen.is_none() {
            chosen = Some((header.clone(), positions));
        }
    }
    mapping.notes.extend(notes);
    match chosen.or(empty) {
        Some((header, positions)) => {
            mapping.feeds.insert("estimate", Feed { positions, headers: vec![header], overridden: false });
        }
        None => {
            mapping.feeds.remove("estimate");
        }
    }
}

/// A status name as `status_map` and the preset read it.
#[derive(Debug, Clone, Copy)]
struct StatusWord {
    mapped: Option<WorkStatus>,
    preset: Option<WorkStatus>,
}

/// Reads rows into work items; what it had to infer is counted in a `Tally`.
struct RowReader<'a> {
    file: &'a str,
    stem: String,
    mapping: &'a Mapping,
    source: &'a WorkSource,
    preset: &'a Preset,
    settings: &'a WorkSettings,
    dates: DateReader,
    decimal_comma: bool,
    /// Jira's Issue id -> Issue key, for parent columns that hold the number.
    key_of_number: HashMap<String, String>,
    /// Title -> the ids of the rows with it, for parents named by title.
    ids_of_title: HashMap<String, Vec<String>>,
    ids: HashSet<String>,
}

/// What reading rows counts and remembers, for the source's report. Each chunk of rows keeps its
/// own; they are merged in row order.
#[derive(Default)]
struct Tally {
    /// The open rows of a tree layout, by level (read in one chunk, so never merged).
    tree: Vec<(usize, String)>,
    /// Rows by status name as exported, then by what it was read as (looked up by name for
    /// every row, and an owned name made only for a new one).
    statuses: BTreeMap<String, BTreeMap<(WorkStatus, StatusOrigin), usize>>,
    status_words: HashMap<String, StatusWord>,
    /// Each unknown status: the first line with it, and how many rows.
    unknown_statuses: BTreeMap<String, (usize, usize)>,
    numbered_parents: usize,
    titled_parents: usize,
    tree_parents: usize,
    ambiguous_titles: BTreeMap<String, usize>,
    fallback_done: usize,
    named_by_line: Vec<String>,
    several_assignees: usize,
    /// The newest created, started, done or last-updated date: due dates are plans, not activity.
    newest_activity: Option<NaiveDate>,
}

impl Tally {
    /// Adds what a later chunk of rows found.
    fn merge(&mut self, later: Tally) {
        for (name, read_as) in later.statuses {
            let counts = self.statuses.entry(name).or_default();
            for (key, rows) in read_as {
                *counts.entry(key).or_default() += rows;
            }
        }
        for (name, (line, rows)) in later.unknown_statuses {
            self.unknown_statuses.entry(name).or_insert((line, 0)).1 += rows;
        }
        for (title, rows) in later.ambiguous_titles {
            *self.ambiguous_titles.entry(title).or_default() += rows;
        }
        self.numbered_parents += later.numbered_parents;
        self.titled_parents += later.titled_parents;
        self.tree_parents += later.tree_parents;
        self.fallback_done += later.fallback_done;
        self.several_assignees += later.several_assignees;
        self.named_by_line.extend(later.named_by_line);
        self.newest_activity = self.newest_activity.max(later.newest_activity);
    }
}

impl<'a> RowReader<'a> {
    fn new(
        table: &'a Table,
        rows: &[&Row],
        mapping: &'a Mapping,
        source: &'a WorkSource,
        preset: &'a Preset,
        settings: &'a WorkSettings,
        diags: &mut Diagnostics,
    ) -> Self {
        let stem = std::path::Path::new(&table.file)
            .file_stem()
            .map_or_else(|| table.file.clone(), |s| s.to_string_lossy().into_owned());
        let mut reader = RowReader {
            file: &table.file,
            stem,
            mapping,
            source,
            preset,
            settings,
            dates: DateReader::new(table, rows, mapping, source, preset, diags),
            decimal_comma: table.delimiter == b';',
            key_of_number: HashMap::default(),
            ids_of_title: HashMap::default(),
            ids: HashSet::with_capacity_and_hasher(rows.len(), Default::default()),
        };
        for row in rows {
            let Some(id) = reader.raw_id(row) else { continue };
            if let Some(number) = mapping.get(row, "internal_id") {
                reader.key_of_number.insert(number.to_string(), id.clone());
            }
            if preset.parent_by_title
                && let Some(title) = mapping.get(row, "title")
            {
                reader.ids_of_title.entry(title.to_string()).or_default().push(id.clone());
            }
            reader.ids.insert(id);
        }
        reader
    }

    /// The row's id as the tracker has it, before any `id_prefix`.
    fn raw_id(&self, row: &Row) -> Option<String> {
        let id = self.mapping.get(row, "id")?;
        Some(if self.preset.ids_from_urls { presets::issue_reference(id) } else { id.to_string() })
    }

    fn location(&self, row: &Row, field: &str) -> Location {
        Location::at(self.file, row.line, self.mapping.column(row, field))
    }

    /// Every row's work item (the rows not imported are in `report.skipped`, with why). Chunks of
    /// rows are read on every core, and what they found is merged in row order; in a tree
    /// layout, where a row's parent is a row above it, the rows are read in one go.
    fn read_all(
        &self,
        rows: &[&Row],
        report: &mut SourceReport,
        diags: &mut Diagnostics,
    ) -> (Vec<WorkItem>, Tally) {
        use rayon::prelude::*;
        const ROWS_PER_CHUNK: usize = 8192;
        let chunk = if self.mapping.has("tree") { rows.len().max(1) } else { ROWS_PER_CHUNK };
        let chunks: Vec<_> = rows
            .par_chunks(chunk)
            .map(|rows| {
                let (mut tally, mut found) = (Tally::default(), Diagnostics::default());
                let (mut items, mut skipped) = (Vec::with_capacity(rows.len()), vec![]);
                for row in rows {
                    match self.read(&mut tally, row, &mut found) {
                        Ok(item) => items.push(item),
                        Err(reason) => skipped.push(SkippedRow { line: row.line, reason: reason.into() }),
                    }
                }
                (items, skipped, tally, found)
            })
            .collect();
        let mut all = Vec::with_capacity(rows.len());
        let mut tally = Tally::default();
        for (items, skipped, found_tally, found) in chunks {
            all.extend(items);
            report.skipped.extend(skipped);
            tally.merge(found_tally);
            diags.extend(found);
        }
        (all, tally)
    }

    /// The row's work item, or why the row is not imported.
    fn read(&self, t: &mut Tally, row: &Row, diags: &mut Diagnostics) -> Result<WorkItem, &'static str> {
        let (mapping, prefix) = (self.mapping, &self.source.id_prefix);
        let raw_id = self.row_id(t, row, diags)?;
        let id = format!("{prefix}{raw_id}");

        let done_cell = mapping.get(row, "done");
        let source_status = mapping.get(row, "status").unwrap_or("").to_string();
        let (status, origin) =
            self.status(t, &source_status, mapping.get(row, "status_category"), done_cell.is_some());
        if origin == StatusOrigin::Unknown {
            t.unknown_statuses.entry(source_status.clone()).or_insert((row.line, 0)).1 += 1;
        }
        let counts = match t.statuses.get_mut(&source_status) {
            Some(counts) => counts,
            None => t.statuses.entry(source_status.clone()).or_default(),
        };
        *counts.entry((status, origin)).or_default() += 1;

        let title = mapping.get(row, "title").unwrap_or(&raw_id).to_string();
        let parent = self.parent(t, row, &raw_id, diags).map(|p| format!("{prefix}{p}"));
        let kind = mapping.get(row, "type").unwrap_or("").to_string();
        let (assignee, assignee_email) = self.assignee(t, row);
        let estimate = self.estimate(row, diags);
        let date = |field: &str, diags: &mut Diagnostics| {
            self.dates.read(mapping.get(row, field), || self.location(row, field), field, diags)
        };
        let created = date("created", diags);
        let started = date("started", diags);
        let due = date("due", diags);
        let updated = date("updated", diags);
        let mut done = date("done", diags);
        let mut fell_back = false;
        if done.is_none() && status == WorkStatus::Done && mapping.has("done_fallback") {
            done = date("done_fallback", diags);
            fell_back = done.is_some();
        }
        t.fallback_done += usize::from(fell_back);
        for activity in [created, started, done, updated].into_iter().flatten() {
            t.newest_activity = t.newest_activity.max(Some(activity));
        }
        Ok(WorkItem {
            title,
            status,
            source_status,
            initiative: mapping.get(row, "initiative").map(str::to_string),
            parent,
            kind,
            container: false,
            projects: self.projects(row, &raw_id),
            assignee,
            assignee_email,
            estimate,
            created,
            started,
            done,
            due,
            source: 0,
            location: Location::at(self.file, row.line, None),
            id,
        })
    }

    /// The row's id as exported (without the source's prefix). A row without one is named by its
    /// line where the layout allows (a tree layout's new items, GitHub's draft issues); an id a
    /// spreadsheet rewrote in scientific notation is refused.
    fn row_id(&self, t: &mut Tally, row: &Row, diags: &mut Diagnostics) -> Result<String, &'static str> {
        let (mapping, preset) = (self.mapping, self.preset);
        let raw_id = match self.raw_id(row) {
            Some(id) => id,
            None if mapping.has("tree") || preset.ids_from_urls => {
                let id = format!("{}:{}", self.stem, row.line);
                t.named_by_line.push(id.clone());
                id
            }
            None => {
                diags.error(self.location(row, "id"), "this row has cells but no id");
                return Err("no id");
            }
        };
        if preset.is_tracker() && cell::is_scientific_notation(&raw_id) {
            diags.push(
                Diagnostic::error(
                    self.location(row, "id"),
                    format!(
                        "the id `{raw_id}` is a number in scientific notation, as a spreadsheet rewrites long ids: its last digits are lost, so it cannot name one item"
                    ),
                )
                .with_hint(format!(
                    "export the file again from {} and use it as downloaded, or open it in the spreadsheet with the id column as text",
                    preset.name
                )),
            );
            return Err("id in scientific notation");
        }
        Ok(raw_id)
    }

    /// The row's assignee and their e-mail: a name with an e-mail in it is split, GitHub's list
    /// gives its first, and an e-mail column wins; with no name, the e-mail names them.
    fn assignee(&self, t: &mut Tally, row: &Row) -> (Option<String>, Option<String>) {
        let (mapping, preset) = (self.mapping, self.preset);
        let (assignee, mut assignee_email) = match mapping.get(row, "assignee") {
            Some(raw) => {
                let first = match raw.split_once(',') {
                    // GitHub lists every assignee; the first is the one who counts.
                    Some((first, _)) if preset.ids_from_urls => {
                        t.several_assignees += 1;
                        first
                    }
                    _ => raw,
                };
                let (name, email) = presets::split_assignee(first);
                (Some(name), email)
            }
            None => (None, None),
        };
        if let Some(email) = mapping.get(row, "assignee_email") {
            assignee_email = Some(email.to_string());
        }
        let assignee = assignee.or_else(|| assignee_email.clone());
        (assignee, assignee_email)
    }

    /// The row's estimate, a number (with a decimal comma where the file uses them).
    fn estimate(&self, row: &Row, diags: &mut Diagnostics) -> Option<f64> {
        self.mapping.get(row, "estimate").and_then(|text| {
            let parsed = cell::parse_number(text, true).or_else(|message| {
                // European Excel writes `2,5` in the `;`-separated files it saves.
                match text.split_once(',') {
                    Some((a, b)) if self.decimal_comma && !b.contains(',') => {
                        cell::parse_number(&format!("{a}.{b}"), true).map_err(|_| message)
                    }
                    _ => Err(message),
                }
            });
            parsed.map_err(|m| diags.error(self.location(row, "estimate"), format!("estimate: {m}"))).ok()
        })
    }

    /// The projects the row is in: Asana lists several, separated by commas; a GitHub issue
    /// without a Repository column is in the repository of its URL.
    fn projects(&self, row: &Row, raw_id: &str) -> Vec<String> {
        let cell = self.mapping.get(row, "project");
        let mut projects: Vec<String> = match cell {
            Some(text) if self.preset.project_list => {
                text.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
            }
            Some(text) => vec![text.to_string()],
            None => vec![],
        };
        if projects.is_empty()
            && self.preset.ids_from_urls
            && let Some((repository, _)) = raw_id.split_once('#')
        {
            projects.push(repository.to_string());
        }
        projects
    }

    /// What a status name reads as, found once per distinct name: an export of 500,000 rows
    /// repeats a few dozen, and the preset knows hundreds of words across its languages.
    fn status_word(&self, t: &mut Tally, name: &str) -> StatusWord {
        if let Some(&word) = t.status_words.get(name) {
            return word;
        }
        let map = &self.settings.status_map;
        let word = StatusWord {
            mapped: map
                .iter()
                .find(|(from, _)| presets::same_name(from, name))
                .and_then(|(_, to)| WorkStatus::parse(to)),
            preset: self.preset.status(name),
        };
        t.status_words.insert(name.to_string(), word);
        word
    }

    /// docs/presets.md: `[work.status_map]`, then the preset's table, then the export's status category;
    /// found nowhere, todo. Asana: a done date means done, else the section through status_map.
    fn status(
        &self,
        t: &mut Tally,
        name: &str,
        category: Option<&str>,
        has_done_date: bool,
    ) -> (WorkStatus, StatusOrigin) {
        let StatusWord { mapped, preset } = self.status_word(t, name);
        if self.preset.status_rule == StatusRule::DoneDate {
            return match (has_done_date, mapped) {
                (true, _) => (WorkStatus::Done, StatusOrigin::DoneDate),
                (false, Some(status)) => (status, StatusOrigin::StatusMap),
                (false, None) => (WorkStatus::Todo, StatusOrigin::Default),
            };
        }
        if let Some(status) = mapped {
            return (status, StatusOrigin::StatusMap);
        }
        if let Some(status) = preset {
            return (status, StatusOrigin::Preset);
        }
        match category.and_then(|c| self.status_word(t, c).preset) {
            Some(status) => (status, StatusOrigin::Category),
            None => (WorkStatus::Todo, StatusOrigin::Unknown),
        }
    }

    /// The parent's id (before `id_prefix`): a key as written; Jira's Issue id mapped to its key;
    /// a title mapped to the one row with it; else, in a tree layout, the nearest row above at a
    /// lower level.
    fn parent(&self, t: &mut Tally, row: &Row, id: &str, diags: &mut Diagnostics) -> Option<String> {
        let level = self
            .mapping
            .cell(row, "tree")
            .map(|(_, i)| self.mapping.positions("tree").partition_point(|&p| p < i));
        let tree_parent = level.and_then(|level| {
            while t.tree.last().is_some_and(|(l, _)| *l >= level) {
                t.tree.pop();
            }
            let parent = t.tree.last().map(|(_, p)| p.clone());
            t.tree.push((level, id.to_string()));
            parent
        });
        let Some(raw) = self.mapping.get(row, "parent") else {
            t.tree_parents += usize::from(tree_parent.is_some());
            return tree_parent;
        };
        let raw = if self.preset.ids_from_urls { presets::issue_reference(raw) } else { raw.to_string() };
        if self.ids.contains(&raw) {
            return Some(raw);
        }
        if let Some(key) = self.key_of_number.get(&raw) {
            t.numbered_parents += 1;
            return Some(key.clone());
        }
        if let Some(ids) = self.ids_of_title.get(&raw) {
            if let [only] = ids.as_slice() {
                t.titled_parents += 1;
                return Some(only.clone());
            }
            *t.ambiguous_titles.entry(raw.clone()).or_default() += 1;
            diags.warning(
                self.location(row, "parent"),
                format!(
                    "the parent `{}` is the title of {} rows; the item is left without a parent",
                    preview(&raw),
                    ids.len()
                ),
            );
            return None;
        }
        Some(raw)
    }

    fn finish(self, t: Tally, report: &mut SourceReport, diags: &mut Diagnostics) {
        let status_column = self.mapping.positions("status").first().map(|i| i + 1);
        // Without a status column, the one warning of `map_columns` has said it all.
        let unknown = if status_column.is_some() { &t.unknown_statuses } else { &BTreeMap::new() };
        for (name, (line, count)) in unknown {
            let shown = if name.is_empty() { "(empty)".to_string() } else { format!("`{name}`") };
            let hint = if name.is_empty() {
                "export the status column, or fill the cells".to_string()
            } else {
                format!(
                    "map it in throughline.toml: [work.status_map] \"{name}\" = \"todo\" (or in_progress, blocked, done, cancelled)"
                )
            };
            diags.push(
                Diagnostic::warning(
                    Location::at(self.file, *line, status_column.filter(|_| !name.is_empty())),
                    format!(
                        "the status {shown} ({count} {}) is not known to the {} preset; counted as todo",
                        if *count == 1 { "row" } else { "rows" },
                        self.preset.name
                    ),
                )
                .with_hint(hint),
            );
        }
        report.statuses = t
            .statuses
            .into_iter()
            .flat_map(|(name, read_as)| {
                read_as.into_iter().map(move |((status, how), rows)| StatusCount {
                    name: name.clone(),
                    status,
                    rows,
                    how,
                })
            })
            .collect();
        // Each guess is a kind and a count, so that no sentence has to agree with its number.
        let mut guesses = Vec::new();
        let mut say = |n: usize, what: String| {
            if n > 0 {
                guesses.push(format!("{what}: {n}"));
            }
        };
        let fallback = self.mapping.feeds.get("done_fallback").and_then(|f| f.headers.first());
        let fallback = fallback.map_or("", String::as_str);
        say(
            t.numbered_parents,
            "Parents given by their internal number (Jira's Issue id), read as that issue's key".into(),
        );
        say(t.titled_parents, "Parents given by title, matched to the one task with that title".into());
        say(
            t.tree_parents,
            "Parents taken from the Title 1..N tree (the nearest row above at a lower level)".into(),
        );
        say(
            t.fallback_done,
            format!("Done items without a resolution date, given `{fallback}` as their done date"),
        );
        say(t.several_assignees, "Items with several assignees, counted for the first".into());
        if let Some(first) = t.named_by_line.first() {
            say(
                t.named_by_line.len(),
                format!("Rows without an id, named by file and line (e.g. `{first}`)"),
            );
        }
        if let Some(order) = &self.dates.order_note {
            guesses.push(order.clone());
        }
        report.guesses = guesses;
    }
}

/// Reads dates in the preset's style. Numeric dates (`03/12/2026`) are day-first unless the source
/// says `date_order = "mdy"` or the file's own values prove the other order.
struct DateReader {
    style: DateStyle,
    month_first: bool,
    /// What the data-quality page says about the order, when the file has numeric dates.
    order_note: Option<String>,
}

impl DateReader {
    fn new(
        table: &Table,
        rows: &[&Row],
        mapping: &Mapping,
        source: &WorkSource,
        preset: &Preset,
        diags: &mut Diagnostics,
    ) -> Self {
        let configured = source.date_order;
        let mut reader = DateReader {
            style: preset.dates,
            month_first: configured == Some(crate::config::DateOrder::Mdy),
            order_note: None,
        };
        if preset.dates != DateStyle::Tracker {
            return reader;
        }
        let positions: Vec<usize> = ["created", "started", "done", "due", "done_fallback", "updated"]
            .iter()
            .flat_map(|f| mapping.positions(f).iter().copied())
            .collect();
        let (evidence, numeric) = {
            use rayon::prelude::*;
            let cells_of = |rows: &[&Row]| {
                let cells = rows.iter().flat_map(|r| positions.iter().filter_map(|&i| r.cells.get(i)));
                dates::numeric_order_evidence(cells.map(str::trim))
            };
            let none = || (dates::OrderEvidence::None, false);
            let chunks = rows.par_chunks(8192).map(cells_of);
            chunks.reduce(none, |(a, any_a), (b, any_b)| (a.and(b), any_a || any_b))
        };
        match evidence {
            dates::OrderEvidence::Both => diags.push(
                Diagnostic::error(
                    Location::file(&table.file),
                    "the numeric dates in this file prove both day-first and month-first orders",
                )
                .with_hint("a file's dates must all be written in one order"),
            ),
            dates::OrderEvidence::DayFirst => reader.month_first = false,
            dates::OrderEvidence::MonthFirst => reader.month_first = true,
            dates::OrderEvidence::None => {}
        }
        if numeric {
            let order = if reader.month_first {
                "month first (03/12 is March 12)"
            } else {
                "day first (03/12 is 3 December)"
            };
            let why = match (evidence, configured) {
                (dates::OrderEvidence::DayFirst | dates::OrderEvidence::MonthFirst, _) => {
                    "as the file's own dates prove"
                }
                (_, Some(_)) => "as the source's date_order says",
                _ => "by default: no date in the file proves the order",
            };
            reader.order_note = Some(format!("Numeric dates were read {order}, {why}"));
        }
        reader
    }

    fn read(
        &self,
        text: Option<&str>,
        location: impl FnOnce() -> Location,
        field: &str,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDate> {
        let text = text?;
        let parsed = match self.style {
            DateStyle::Iso => cell::parse_iso_date(text),
            DateStyle::Tracker => dates::parse_tracker_date(text, self.month_first),
        };
        let field = if field == "done_fallback" { "done" } else { field };
        parsed.map_err(|message| diags.error(location(), format!("{field}: {message}"))).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::presets;

    fn load_with(
        text: &str,
        preset: &str,
        settings: &WorkSettings,
        columns: &[(&str, &str)],
    ) -> (Vec<WorkItem>, SourceReport, Diagnostics) {
        let mut diags = Diagnostics::default();
        let table = Table::parse(text.as_bytes(), "w.csv", &mut diags).unwrap();
        let source = WorkSource {
            path: "w.csv".into(),
            preset: preset.into(),
            columns: columns.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            date_order: None,
            id_prefix: String::new(),
            containers: vec![],
        };
        let (items, report) =
            load_work(table, &source, 0, presets::find(preset).unwrap(), settings, &mut diags);
        (items, report, diags)
    }

    fn load(text: &str, settings: &WorkSettings) -> (Vec<WorkItem>, Diagnostics) {
        let (items, _, diags) = load_with(text, "native", settings, &[]);
        (items, diags)
    }

    #[test]
    fn reads_native_rows_and_marks_containers() {
        let text = "id,title,status,type,parent,estimate,created\nE1,Epic,todo,Epic,,,\nA-1,Story,In Progress,story,E1,3,2026-10-01\n";
        let (items, diags) = load(text, &WorkSettings::default());
        assert!(diags.is_empty(), "{diags:?}");
        assert!(items[0].container);
        assert_eq!(items[1].status, WorkStatus::InProgress);
        assert_eq!(items[1].estimate, Some(3.0));
        assert_eq!(items[1].parent.as_deref(), Some("E1"));
    }

    #[test]
    fn unknown_statuses_warn_once_and_status_map_wins() {
        let text = "id,title,status\n1,a,Ready for QA\n2,b,Ready for QA\n3,c,done\n";
        let (items, diags) = load(text, &WorkSettings::default());
        assert_eq!(items[0].status, WorkStatus::Todo);
        assert_eq!(diags.warning_count(), 1);
        assert!(diags.iter().next().unwrap().message.contains("2 rows"));
        let mut settings = WorkSettings::default();
        settings.status_map.insert("ready for qa".into(), "in_progress".into());
        let (items, diags) = load(text, &settings);
        assert_eq!(items[1].status, WorkStatus::InProgress);
        assert!(diags.is_empty());
    }

    #[test]
    fn a_row_without_an_id_is_an_error_and_native_dates_are_strict() {
        let (items, diags) =
            load("id,title,status,due\n,x,todo,\n2,y,todo,12/03/2026\n", &WorkSettings::default());
        assert_eq!(items.len(), 1);
        let lines: Vec<_> = diags.iter().map(|d| d.location.line).collect();
        assert_eq!(lines, vec![Some(2), Some(3)]);
    }

    #[test]
    fn repeated_headers_are_read_by_position_first_filled_wins() {
        // Story Points empty, Story point estimate filled; a second `Parent key`-less row uses
        // the Epic Link; Status Category settles a custom status.
        let text = "Issue key,Summary,Status,Status Category,Custom field (Story Points),Custom field (Story point estimate),Custom field (Epic Link),Sprint,Sprint\n\
                    A-1,Epic,To Do,To Do,,,,,\n\
                    A-2,Story,Ready to Validate,In Progress,,5,A-1,S1,S2\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(items[1].estimate, Some(5.0));
        assert_eq!(items[1].parent.as_deref(), Some("A-1"));
        assert_eq!(items[1].status, WorkStatus::InProgress);
        let how: Vec<_> = report.statuses.iter().map(|s| (s.name.as_str(), s.how)).collect();
        assert!(how.contains(&("Ready to Validate", StatusOrigin::Category)));
        assert!(report.unused_headers.contains(&"Sprint".to_string()));
    }

    /// Rows are read in chunks on several cores: what the chunks find must read as one pass would.
    #[test]
    fn a_large_export_reads_as_one_pass_would_across_its_chunks() {
        let rows = 3 * 8192 + 5;
        let mut text = String::from("Issue key,Issue id,Parent id,Summary,Status,Resolved\n");
        for n in 0..rows {
            let (status, resolved) = match n {
                9000 | 20000 => ("Parked", ""),
                100 | 24000 => ("Done", "not a date"),
                _ if n == rows - 1 => ("Done", "05/Mar/26 9:00 AM"),
                _ => ("Done", "02/Mar/26 9:00 AM"),
            };
            let parent = if n % 4096 == 1 { "1000" } else { "" };
            text.push_str(&format!("H-{n},{},{parent},Item {n},{status},{resolved}\n", 1000 + n));
        }
        let (items, report, diags) = load_with(&text, "jira", &WorkSettings::default(), &[]);
        assert_eq!(items.len(), rows);
        assert!(items.iter().enumerate().all(|(n, item)| item.id == format!("H-{n}")), "rows stay in order");
        // A row's line is its index + 2 (the header is line 1).
        let said: Vec<(usize, &str)> =
            diags.iter().map(|d| (d.location.line.unwrap_or(0), d.message.as_str())).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(said[0].0, 102);
        assert_eq!(said[1].0, 24002);
        assert!(said[2].1.contains("`Parked` (2 rows)") && said[2].0 == 9002, "{said:?}");
        let numbered =
            report.guesses.iter().find(|g| g.starts_with("Parents given by their internal number"));
        assert_eq!(numbered.map(String::as_str).and_then(|g| g.rsplit(": ").next()), Some("7"));
        assert_eq!(report.newest_date, NaiveDate::from_ymd_opt(2026, 3, 5));
        let done = report.statuses.iter().find(|s| s.name == "Done").map(|s| s.rows);
        assert_eq!(done, Some(rows - 2));
    }

    #[test]
    fn jira_parent_ids_become_keys_and_status_category_changed_dates_done_items() {
        let text = "Issue key,Issue id,Parent id,Summary,Status,Resolved,Status Category Changed\n\
                    H-1,400,,Story,Done,,02/Mar/26 9:00 AM\n\
                    H-2,401,400,Sub-task,Done,03/Mar/26 10:00 AM,04/Mar/26 10:00 AM\n\
                    H-3,402,999,Orphan,Open,,\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(items[1].parent.as_deref(), Some("H-1"));
        assert_eq!(items[2].parent.as_deref(), Some("999"), "a number not in the file stays as written");
        assert_eq!(items[0].done, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(items[1].done, NaiveDate::from_ymd_opt(2026, 3, 3));
        assert!(
            report
                .guesses
                .iter()
                .any(|g| g.starts_with("Parents given by their internal number") && g.ends_with(": 1"))
        );
        assert!(report.guesses.iter().any(|g| g.contains("Status Category Changed")));
    }

    #[test]
    fn the_columns_table_overrides_the_preset_by_header_name() {
        let text = "Issue key,Summary,Status,Effort (pts),Custom field (Story Points)\nA-1,x,Done,8,1\n";
        let (items, report, _) =
            load_with(text, "jira", &WorkSettings::default(), &[("estimate", "effort (PTS)")]);
        assert_eq!(items[0].estimate, Some(8.0));
        let estimate = report.columns.iter().find(|c| c.column == "estimate").unwrap();
        assert!(estimate.overridden);
        let (_, _, diags) = load_with(text, "jira", &WorkSettings::default(), &[("estimat", "Effort (pts)")]);
        assert_eq!(diags.iter().next().unwrap().hint.as_deref(), Some("did you mean `estimate`?"));
        let (_, _, diags) = load_with(text, "jira", &WorkSettings::default(), &[("estimate", "Efort (pts)")]);
        assert_eq!(diags.iter().next().unwrap().location.line, Some(1));
    }

    #[test]
    fn asana_finds_its_header_below_junk_and_is_done_when_completed() {
        let text = "Acme launch plan\nExported 2026-11-20\n\
                    Task ID,Created At,Completed At,Name,Section/Column,Assignee,Assignee Email,Parent task\n\
                    11,2026-10-01,,Launch,Doing,,,\n\
                    12,2026-10-02,2026-10-09,Write copy,Doing,Ana,ana@example.com,Launch\n\
                    13,2026-10-03,,Review copy,Review,,,Launch\n";
        let mut settings = WorkSettings::default();
        settings.status_map.insert("Doing".into(), "in_progress".into());
        let (items, report, diags) = load_with(text, "asana", &settings, &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].status, WorkStatus::InProgress);
        assert_eq!(items[1].status, WorkStatus::Done);
        assert_eq!(items[2].status, WorkStatus::Todo, "an unmapped section is todo, silently");
        assert_eq!(items[1].parent.as_deref(), Some("11"));
        assert_eq!(items[1].assignee_email.as_deref(), Some("ana@example.com"));
        let skipped: Vec<usize> = report.skipped.iter().map(|s| s.line).collect();
        assert_eq!(skipped, vec![1, 2]);
    }

    #[test]
    fn azure_tree_layout_links_titles_by_level_and_names_rows_by_line() {
        let text = "Work Item Type;Title 1;Title 3;State;Story Points\nEpic;Big;;New;\nUser Story;;Small;Active;2,5\nTask;;Smaller;Removed;\n";
        let (items, report, diags) = load_with(text, "azure-devops", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, vec!["w:2", "w:3", "w:4"]);
        assert_eq!(items[1].parent.as_deref(), Some("w:2"));
        assert_eq!(items[2].parent.as_deref(), Some("w:2"), "same level: the same parent");
        assert_eq!(items[1].title, "Small");
        assert_eq!(items[1].estimate, Some(2.5));
        assert!(items[0].container);
        assert_eq!(items[2].status, WorkStatus::Cancelled);
        assert_eq!(report.guesses.len(), 2, "{:?}", report.guesses);
    }

    #[test]
    fn azure_assignees_keep_name_and_email() {
        let text = "ID,Title,Assigned To,State,Tags\n1,a,\"Silva, Ana <ana@example.com>\",Active,x; y\n";
        let (items, _, diags) = load_with(text, "azure-devops", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(items[0].assignee.as_deref(), Some("Silva, Ana"));
        assert_eq!(items[0].assignee_email.as_deref(), Some("ana@example.com"));
    }

    #[test]
    fn a_tracker_export_without_status_warns_once_and_counts_todo() {
        let text = "ID,Title,Assigned To\n1,a,x\n2,b,y\n";
        let (items, _, diags) = load_with(text, "azure-devops", &WorkSettings::default(), &[]);
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| i.status == WorkStatus::Todo));
        assert_eq!((diags.error_count(), diags.warning_count()), (0, 1), "{diags:?}");
    }

    #[test]
    fn tracker_rows_may_be_padded_but_not_shifted() {
        let text = "Issue key,Summary,Status,\nA-1,x,Done,,\nA-2,y,Done,,stray\nA-3,z\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert_eq!(items.len(), 1);
        let errors: Vec<_> = diags.iter().map(|d| (d.location.line, d.location.column)).collect();
        assert_eq!(errors, vec![(Some(3), Some(5)), (Some(4), None)]);
        assert_eq!(report.skipped.len(), 2);
    }

    #[test]
    fn github_ids_come_from_urls_and_drafts_are_named_by_line() {
        let text = "Title\tURL\tAssignees\tStatus\tParent issue\n\
                    Epic\thttps://github.com/acme/web/issues/1\t\tIn Progress\t\n\
                    Child\thttps://github.com/acme/web/issues/2\tana, bo\t\tacme/web#1\n\
                    Draft\t\t\tTodo\tEpic\n";
        let (items, report, diags) = load_with(text, "github", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, vec!["acme/web#1", "acme/web#2", "w:4"]);
        assert_eq!(items[1].parent.as_deref(), Some("acme/web#1"));
        assert_eq!(items[2].parent.as_deref(), Some("acme/web#1"), "a parent named by title");
        assert_eq!(items[1].assignee.as_deref(), Some("ana"));
        assert_eq!(items[1].status, WorkStatus::Todo, "no status is GitHub's No Status");
        assert!(report.guesses.iter().any(|g| g.contains("several assignees")));
    }

    #[test]
    fn linear_reads_javascript_dates_and_cancels_duplicates() {
        let text = "\"ID\",\"Title\",\"Status\",\"Estimate\",\"Project\",\"Created\",\"Completed\",\"Parent issue\"\n\
                    \"M-1\",\"a\",\"Done\",3,\"Checkout\",\"Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)\",\"Sat Feb 11 2023 01:51:47 GMT+0000 (GMT)\",\n\
                    \"M-2\",\"b\",\"Duplicate\",,\"Checkout\",\"Tue Aug 23 2022 13:54:01 GMT+0000 (GMT)\",,\"M-1\"\n";
        let (items, _, diags) = load_with(text, "linear", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(items[0].done, NaiveDate::from_ymd_opt(2023, 2, 11));
        assert_eq!(items[1].status, WorkStatus::Cancelled);
        assert_eq!(items[1].parent.as_deref(), Some("M-1"));
        assert_eq!(items[0].projects, ["Checkout"]);
    }

    #[test]
    fn a_localised_export_reads_with_the_preset_alone_and_says_its_language() {
        // French Cloud: `Champs personnalisés (…)` and `Catégorie d'état modifiée` for a done item
        // without `Résolu`.
        let text = "Résumé,Clé de ticket,ID de ticket,État,Catégorie d'état,Champs personnalisés (Story Points),Création,Mise à jour,Date d'échéance,Catégorie d'état modifiée\n\
                    Écran,CCS-1,100,Terminé,Terminé,3,02/janv./26 9:00 AM,19/févr./26 7:31 PM,20/déc./26 9:00 AM,18/févr./26 7:31 PM\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(report.language.as_deref(), Some("French"));
        assert_eq!((items[0].id.as_str(), items[0].title.as_str()), ("CCS-1", "Écran"));
        assert_eq!((items[0].status, items[0].estimate), (WorkStatus::Done, Some(3.0)));
        assert_eq!(items[0].done, NaiveDate::from_ymd_opt(2026, 2, 18));
        // The newest activity is the last update, not the due date: a plan.
        assert_eq!(report.newest_date, NaiveDate::from_ymd_opt(2026, 2, 19));
    }

    #[test]
    fn an_unknown_language_names_the_headers_it_could_not_place_and_how_to_map_them() {
        let text = "Nr,Tytuł,Stan\n1,a,x\n";
        let (items, _, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(items.is_empty());
        let error = diags.iter().find(|d| d.is_error()).unwrap();
        assert!(
            error.message.starts_with("no column for `id` (the jira preset read the headers as English"),
            "{}",
            error.message
        );
        assert!(error.message.contains("could not place: `Nr`, `Tytuł`, `Stan`"), "{}", error.message);
        assert!(error.hint.as_deref().unwrap().contains("columns = { id = \"Nr\""));
    }

    #[test]
    fn jira_keys_summaries_and_numbers_are_recognised_by_their_content() {
        // Headers in a language the preset does not know (Czech), in Jira's fixed order.
        let text = "Shrnutí,Klíč,ID úkolu,Nadřazený\nPlatby,PAY-1,100,\nKarta,PAY-2,101,100\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(!diags.has_errors(), "{diags:?}");
        assert_eq!((items[1].id.as_str(), items[1].title.as_str()), ("PAY-2", "Karta"));
        assert!(
            report.guesses.iter().any(|g| g.starts_with("Columns recognised by their content")
                && g.contains("`Klíč` as id")
                && g.contains("`Shrnutí` as title")
                && g.contains("`ID úkolu` as internal_id")),
            "{:?}",
            report.guesses
        );
        // Without a title or a status column, a warning says so for each.
        let warnings: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(warnings.iter().any(|m| m.starts_with("no status column")), "{warnings:?}");
    }

    #[test]
    fn mapping_one_column_leaves_no_other_silently_unread() {
        // The id mapped by hand, the rest still found through the detected language; a source
        // without a title column says so.
        let text = "Resumen,Clave de incidencia,Estado\nx,A-1,Listo\n";
        let (items, report, diags) =
            load_with(text, "jira", &WorkSettings::default(), &[("id", "Clave de incidencia")]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!((items[0].title.as_str(), items[0].status), ("x", WorkStatus::Done));
        assert_eq!(report.language.as_deref(), Some("Spanish"));
        let text = "Clave,Estado\nA-1,Listo\n";
        let (_, _, diags) = load_with(text, "jira", &WorkSettings::default(), &[("id", "Clave")]);
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.starts_with("no title column") && m.contains("Spanish")),
            "{messages:?}"
        );
    }

    /// Every column a mapping may hold has a slot of its own: the native and extra ones, and
    /// every one a preset reads (a column without a slot would be dropped unread).
    #[test]
    fn every_column_has_a_slot_of_its_own() {
        let names: Vec<&str> = FIELDS.into_iter().chain(EXTRA.iter().map(|(f, _)| *f)).collect();
        let mut slots: Vec<usize> = names.iter().map(|f| Feeds::slot(f).expect(f)).collect();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), names.len());
        for preset in presets::ALL {
            for (field, _) in preset.columns {
                assert!(names.contains(field), "{} reads `{field}`", preset.name);
            }
        }
        assert_eq!(Feeds::slot("summary"), None);
    }

    #[test]
    fn the_columns_table_may_name_the_presets_internal_columns() {
        let text = "Key,Name,State,Nummer,Ouder,Cat,Klaar op,Gewijzigd\n\
                    A-1,Story,Afgerond,100,,Done,02/Mar/26,05/Mar/26\n\
                    A-2,Sub,Afgerond,101,100,Done,03/Mar/26,04/Mar/26\n";
        let columns = [
            ("id", "Key"),
            ("title", "Name"),
            ("status", "State"),
            ("internal_id", "Nummer"),
            ("parent", "Ouder"),
            ("status_category", "Cat"),
            ("done_fallback", "Klaar op"),
            ("updated", "Gewijzigd"),
        ];
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &columns);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            items[1].parent.as_deref(),
            Some("A-1"),
            "a parent by number, through the mapped internal id"
        );
        assert_eq!((items[0].status, items[0].done), (WorkStatus::Done, NaiveDate::from_ymd_opt(2026, 3, 2)));
        assert_eq!(report.newest_date, NaiveDate::from_ymd_opt(2026, 3, 5));
    }

    #[test]
    fn asana_ids_in_scientific_notation_are_refused_with_how_to_re_export() {
        let text = "Task ID,Name,Projects\n1.20863E+15,a,Web\n1.20863E+15,b,Web\n";
        let (items, report, diags) = load_with(text, "asana", &WorkSettings::default(), &[]);
        assert!(items.is_empty());
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("scientific notation"), "{}", errors[0].message);
        assert!(errors[0].hint.as_deref().unwrap().contains("export the file again"));
        assert_eq!(report.skipped[0].reason, "id in scientific notation");
    }

    #[test]
    fn asana_projects_are_a_comma_separated_list() {
        let text = "Task ID,Name,Projects\n11,a,\"Website Redesign,Hiring 2026\"\n12,b,\n";
        let (items, _, _) = load_with(text, "asana", &WorkSettings::default(), &[]);
        assert_eq!(items[0].projects, ["Website Redesign", "Hiring 2026"]);
        assert!(items[1].projects.is_empty());
    }

    #[test]
    fn github_reads_the_default_board_and_the_first_numeric_estimate_field() {
        let text = "Title\tURL\tStatus\tEstimate\tPoints\n\
                    A\thttps://github.com/acme/web/issues/1\tBacklog\tM\t3\n\
                    B\thttps://github.com/acme/api/issues/2\tReady\tS\t2\n\
                    C\thttps://github.com/acme/api/issues/3\tIn review\tL\t\n";
        let (items, report, diags) = load_with(text, "github", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        let statuses: Vec<_> = items.iter().map(|i| i.status).collect();
        assert_eq!(statuses, [WorkStatus::Todo, WorkStatus::Todo, WorkStatus::InProgress]);
        assert_eq!(items[0].estimate, Some(3.0), "Estimate holds sizes: Points is the estimate");
        assert_eq!(
            (items[0].projects.as_slice(), items[2].projects.as_slice()),
            (["acme/web".to_string()].as_slice(), ["acme/api".to_string()].as_slice())
        );
        assert!(
            report.guesses.iter().any(|g| g.starts_with("`Estimate` passed over") && g.ends_with(": 3")),
            "{:?}",
            report.guesses
        );
        let estimate = report.columns.iter().find(|c| c.column == "estimate").unwrap();
        assert_eq!(estimate.headers, ["Points"]);
    }

    #[test]
    fn types_above_an_epic_and_listed_types_are_containers() {
        let text = "Summary,Issue key,Issue id,Issue Type,Status,Parent\n\
                    Grow,TH-1,100,Theme,To Do,\n\
                    Pay,DL-1,101,Deliverable,To Do,100\n\
                    Checkout,EP-1,102,Epic,To Do,101\n\
                    Card,ST-1,103,Story,To Do,102\n\
                    Other,PR-1,104,Programme,To Do,\n";
        let mut diags = Diagnostics::default();
        let table = Table::parse(text.as_bytes(), "w.csv", &mut diags).unwrap();
        let source = WorkSource {
            path: "w.csv".into(),
            preset: "jira".into(),
            columns: BTreeMap::new(),
            date_order: None,
            id_prefix: String::new(),
            containers: vec!["programme".into()],
        };
        let (items, report) =
            load_work(table, &source, 0, &presets::JIRA, &WorkSettings::default(), &mut diags);
        let containers: Vec<_> = items.iter().filter(|i| i.container).map(|i| i.id.as_str()).collect();
        assert_eq!(containers, ["TH-1", "DL-1", "EP-1", "PR-1"]);
        assert_eq!((report.items, report.containers), (1, 4));
        assert_eq!(
            report.container_levels,
            [
                "Theme (parent of Deliverable rows): 1",
                "Deliverable (parent of Epic rows): 1",
                "Programme (listed in the source's containers): 1"
            ]
        );
    }

    #[test]
    fn headers_half_translated_by_a_server_language_pack_are_all_read() {
        // English by count (its custom fields), French for the rest.
        let text = "Issue key,Résumé,Type de demande,Etat,Custom field (Story Points),Custom field (Team)\n\
                    A-1,Écran,Épopée,Fermé,,\nA-2,Champ,Story,Ouvert,3,\n";
        let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(report.language, None);
        assert_eq!(
            (items[1].title.as_str(), items[1].status, items[1].estimate),
            ("Champ", WorkStatus::Todo, Some(3.0))
        );
        assert!(items[0].container, "Épopée is an epic");
    }

    #[test]
    fn the_other_languages_tables_read_their_headers_statuses_and_dates() {
        // Not from real exports (none found): the headers as Jira's translations name them.
        let cases = [
            (
                "German",
                "Zusammenfassung,Vorgangsschlüssel,Vorgangs-ID,Status,Erstellt,Benutzerdefiniertes Feld (Story Points)\nA,K-1,1,Erledigt,02/Mär/24 9:00 AM,3\n",
            ),
            (
                "Italian",
                "Riepilogo,Chiave ticket,ID ticket,Stato,Creato,Campo personalizzato (Story Points)\nA,K-1,1,Completato,02/mag/24 9:00 AM,3\n",
            ),
            (
                "Dutch",
                "Samenvatting,Issuesleutel,Issue-id,Status,Aangemaakt,Aangepast veld (Story Points)\nA,K-1,1,Gereed,02/mei/24 9:00 AM,3\n",
            ),
            (
                "Japanese",
                "要約,課題キー,課題 ID,ステータス,作成日,カスタム フィールド (Story Points)\nA,K-1,1,完了,02/5月/24 9:00 午前,3\n",
            ),
            (
                "Portuguese (Portugal)",
                "Resumo,Chave do problema,ID do problema,Estado,Criado,Campo personalizado (Story Points)\nA,K-1,1,Concluído,02/mai/24 9:00 AM,3\n",
            ),
        ];
        for (language, text) in cases {
            let (items, report, diags) = load_with(text, "jira", &WorkSettings::default(), &[]);
            assert!(diags.is_empty(), "{language}: {diags:?}");
            assert_eq!(report.language.as_deref(), Some(language));
            let item = &items[0];
            assert_eq!(
                (item.id.as_str(), item.title.as_str(), item.status, item.estimate),
                ("K-1", "A", WorkStatus::Done, Some(3.0)),
                "{language}"
            );
            assert!(item.created.is_some(), "{language}");
        }
    }
}
