//! Work items from tracker exports. A preset (see `presets`) maps an export's headers, statuses
//! and container types onto the native work columns; a source's `columns` table overrides it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::presets::{DateStyle, Preset};
use super::table::{Row, Table};
use super::{cell, dates};
use crate::config::{WorkSettings, WorkSource};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{SourceReport, WorkItem, WorkStatus};

/// The native work columns, in the order the data-quality page lists them.
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

pub fn load_work(
    table: &Table,
    source: &WorkSource,
    source_index: usize,
    preset: &Preset,
    settings: &WorkSettings,
    diags: &mut Diagnostics,
) -> (Vec<WorkItem>, SourceReport) {
    let mut report =
        SourceReport { path: table.file.clone(), preset: preset.name.into(), ..Default::default() };
    let mapping = match map_columns(table, source, preset, diags) {
        Some(mapping) => mapping,
        None => return (vec![], report),
    };
    report.columns = FIELDS
        .iter()
        .filter_map(|f| mapping.get(*f).map(|&i| (f.to_string(), table.headers[i].clone())))
        .collect();
    let category = preset.status_category_column.and_then(|name| table.column(name));
    let dates = DateReader::new(table, &mapping, source, preset, diags);
    let mut statuses: BTreeMap<(String, WorkStatus), usize> = BTreeMap::new();
    let mut unknown_statuses: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut items = Vec::with_capacity(table.rows.len());
    let rows = table.check_widths(diags);
    report.rows = rows.len();
    for row in rows {
        let get = |field: &str| {
            mapping.get(field).and_then(|&i| row.cells.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty())
        };
        let location = |field: &str| Location::at(&table.file, row.line, mapping.get(field).map(|i| i + 1));
        let Some(raw_id) = get("id") else {
            diags.error(location("id"), "this row has cells but no id");
            continue;
        };
        let id = format!("{}{raw_id}", source.id_prefix);
        let source_status = get("status").unwrap_or("").to_string();
        let category_word = category.and_then(|i| row.cells.get(i)).map(|c| c.trim());
        let status = match resolve_status(&source_status, category_word, preset, settings) {
            Some(status) => status,
            None => {
                let entry = unknown_statuses.entry(source_status.clone()).or_insert((row.line, 0));
                entry.1 += 1;
                WorkStatus::Todo
            }
        };
        *statuses.entry((source_status.clone(), status)).or_default() += 1;
        let kind = get("type").unwrap_or("").to_string();
        let container = preset.container_types.iter().any(|t| t.eq_ignore_ascii_case(&kind));
        let estimate = get("estimate").and_then(|text| {
            cell::parse_number(text, true)
                .map_err(|m| diags.error(location("estimate"), format!("estimate: {m}")))
                .ok()
        });
        let date =
            |field: &str, diags: &mut Diagnostics| dates.read(get(field), location(field), field, diags);
        let item = WorkItem {
            title: get("title").unwrap_or(raw_id).to_string(),
            status,
            source_status,
            initiative: get("initiative").map(str::to_string),
            parent: get("parent").map(|p| format!("{}{p}", source.id_prefix)),
            kind,
            container,
            project: get("project").map(str::to_string),
            assignee: get("assignee").map(|a| preset.clean_assignee(a)),
            estimate,
            created: date("created", diags),
            started: date("started", diags),
            done: date("done", diags),
            due: date("due", diags),
            source: source_index,
            location: Location::at(&table.file, row.line, None),
            id,
        };
        for d in [item.created, item.started, item.done, item.due].into_iter().flatten() {
            report.newest_date = report.newest_date.max(Some(d));
        }
        items.push(item);
    }
    for (name, (line, count)) in unknown_statuses {
        diags.push(
            Diagnostic::warning(
                Location::at(&table.file, line, mapping.get("status").map(|i| i + 1)),
                format!(
                    "the status `{name}` ({count} rows) is not known to the {} preset; counted as todo",
                    preset.name
                ),
            )
            .with_hint(format!("map it in throughline.toml: [work.status_map] \"{name}\" = \"in_progress\"")),
        );
    }
    report.statuses =
        statuses.into_iter().map(|((name, status), n)| (name, status.word().to_string(), n)).collect();
    report.items = items.iter().filter(|i| !i.container).count();
    report.containers = items.len() - report.items;
    (items, report)
}

/// Native column -> index of the export column that feeds it.
fn map_columns(
    table: &Table,
    source: &WorkSource,
    preset: &Preset,
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, usize>> {
    let header_location = Location::at(&table.file, table.header_line, None);
    let mut mapping = BTreeMap::new();
    for (field, header) in &source.columns {
        if !FIELDS.contains(&field.as_str()) {
            diags.push(
                Diagnostic::error(
                    Location::file(crate::config::CONFIG_FILE),
                    format!("work source `{}`: `{field}` is not a work column", source.path),
                )
                .with_hint_opt(crate::diag::did_you_mean(field, FIELDS)),
            );
            continue;
        }
        match table.column(header) {
            Some(i) => {
                mapping.insert(field.clone(), i);
            }
            None => diags.push(
                Diagnostic::error(
                    header_location.clone(),
                    format!("the column `{header}` (for `{field}`) is not in the header"),
                )
                .with_hint_opt(crate::diag::did_you_mean(header, table.headers.iter().map(String::as_str))),
            ),
        }
    }
    for (field, candidates) in preset.columns {
        if mapping.contains_key(*field) {
            continue;
        }
        if let Some(i) = candidates.iter().find_map(|c| table.column(c)) {
            mapping.insert(field.to_string(), i);
        }
    }
    let mut ok = true;
    for required in ["id", "status"].iter().chain(preset.also_required) {
        let optional = *required == "status" && preset.status_optional;
        if !mapping.contains_key(*required) && !optional {
            ok = false;
            let expected = preset.columns.iter().find(|(f, _)| f == required).map(|(_, c)| c.join("` or `"));
            diags.push(
                Diagnostic::error(
                    header_location.clone(),
                    format!(
                        "no column for `{required}` (the {} preset looks for `{}`)",
                        preset.name,
                        expected.unwrap_or_default()
                    ),
                )
                .with_hint(format!(
                    "name the column in throughline.toml: columns = {{ {required} = \"Your header\" }}"
                )),
            );
        }
    }
    (ok && !table.headers.is_empty()).then_some(mapping)
}

/// SPEC 3: `[work.status_map]`, then the preset's table, then the export's status category.
fn resolve_status(
    name: &str,
    category: Option<&str>,
    preset: &Preset,
    settings: &WorkSettings,
) -> Option<WorkStatus> {
    let mapped = settings
        .status_map
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(name))
        .and_then(|(_, to)| WorkStatus::parse(to));
    mapped.or_else(|| preset.status(name)).or_else(|| category.and_then(|c| preset.status(c)))
}

/// Reads dates in the preset's style. Numeric dates (`03/12/2026`) are day-first unless the source
/// says `date_order = "mdy"` or the file's own values prove the other order.
struct DateReader {
    style: DateStyle,
    month_first: bool,
}

impl DateReader {
    fn new(
        table: &Table,
        mapping: &BTreeMap<String, usize>,
        source: &WorkSource,
        preset: &Preset,
        diags: &mut Diagnostics,
    ) -> Self {
        let configured_mdy = source.date_order == Some(crate::config::DateOrder::Mdy);
        let mut month_first = configured_mdy;
        if preset.dates == DateStyle::Tracker {
            let cells = ["created", "started", "done", "due"]
                .iter()
                .filter_map(|f| mapping.get(*f))
                .flat_map(|&i| table.rows.iter().filter_map(move |r: &Row| r.cells.get(i).map(|c| c.trim())));
            match dates::numeric_order_evidence(cells) {
                dates::OrderEvidence::Both => diags.error(
                    Location::file(&table.file),
                    "the numeric dates in this file prove both day-first and month-first orders",
                ),
                dates::OrderEvidence::DayFirst => month_first = false,
                dates::OrderEvidence::MonthFirst => month_first = true,
                dates::OrderEvidence::None => {}
            }
        }
        DateReader { style: preset.dates, month_first }
    }

    fn read(
        &self,
        text: Option<&str>,
        location: Location,
        field: &str,
        diags: &mut Diagnostics,
    ) -> Option<NaiveDate> {
        let text = text?;
        let parsed = match self.style {
            DateStyle::Iso => cell::parse_iso_date(text),
            DateStyle::Tracker => dates::parse_tracker_date(text, self.month_first),
        };
        parsed.map_err(|message| diags.error(location, format!("{field}: {message}"))).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::presets;

    fn load(text: &str, settings: &WorkSettings) -> (Vec<WorkItem>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let table = Table::parse(text.as_bytes(), "w.csv", &mut diags).unwrap();
        let source = WorkSource {
            path: "w.csv".into(),
            preset: "native".into(),
            columns: BTreeMap::new(),
            date_order: None,
            id_prefix: String::new(),
        };
        let (items, _) =
            load_work(&table, &source, 0, presets::find("native").unwrap(), settings, &mut diags);
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
}
