//! The entities of a strategy project, as loaded from its files: the words of docs/ (bet, key result, initiative, work item, person).
//! Nothing here knows about files or pages; `load` fills these and `analyse` reads them.

mod kinds;
mod status;

pub use kinds::{ChangeKind, EntityKind, EntityRef, Severity, SignalKind, TargetDirection, TargetField};
pub use status::Status;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::Location;

#[derive(Debug, Clone)]
pub struct Bet {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub horizon: Option<(NaiveDate, NaiveDate)>,
    pub description: String,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    Linear,
    /// (date, fraction of the way from baseline to target), in date order.
    Milestones(Vec<(NaiveDate, f64)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtMost,
    AtLeast,
}

#[derive(Debug, Clone, PartialEq)]
pub enum KrKind {
    Progress { baseline: f64, target: f64, pace: Pace },
    Maintain { threshold: f64, direction: Direction },
}

#[derive(Debug, Clone)]
pub struct KeyResult {
    pub id: String,
    pub bet: String,
    pub title: String,
    pub unit: String,
    pub kind: KrKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub owner: Option<String>,
    pub weight: Option<f64>,
    pub description: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct CheckIn {
    pub kr: String,
    pub date: NaiveDate,
    pub value: f64,
    /// On the 0–1 scale (the file's scale is detected: docs/files.md#checkinscsv).
    pub confidence: Option<f64>,
    pub note: String,
    pub location: Location,
}

/// The `status` column of initiatives.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeState {
    Proposed,
    Active,
    Paused,
    Done,
    Cancelled,
}

impl InitiativeState {
    pub const WORDS: &'static str = "proposed, active, paused, done, cancelled";

    /// The word of the status column, as initiatives.csv writes it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.trim().to_lowercase().as_str() {
            "" | "active" => Self::Active,
            "proposed" => Self::Proposed,
            "paused" => Self::Paused,
            "done" => Self::Done,
            "cancelled" | "canceled" => Self::Cancelled,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Initiative {
    pub id: String,
    pub title: String,
    pub krs: Vec<String>,
    pub owner: Option<String>,
    pub team: Option<String>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub baseline_due: Option<NaiveDate>,
    pub state: InitiativeState,
    pub depends_on: Vec<String>,
    pub epics: Vec<String>,
    pub estimate: Option<f64>,
    pub people: Vec<String>,
    pub location: Location,
}

/// A work item's status category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkStatus {
    Todo,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}

impl WorkStatus {
    pub fn parse(word: &str) -> Option<Self> {
        Some(match word.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "todo" | "to_do" => Self::Todo,
            "in_progress" => Self::InProgress,
            "blocked" => Self::Blocked,
            "done" => Self::Done,
            "cancelled" | "canceled" => Self::Cancelled,
            _ => return None,
        })
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::InProgress => "in_progress",
            Self::Blocked => "blocked",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    /// Started work: what an assignee is on the hook for now.
    pub fn is_active(self) -> bool {
        matches!(self, Self::InProgress | Self::Blocked)
    }
}

#[derive(Debug, Clone)]
pub struct WorkItem {
    pub id: String,
    pub title: String,
    pub status: WorkStatus,
    /// The status as the tracker named it.
    pub source_status: String,
    pub initiative: Option<String>,
    pub parent: Option<String>,
    pub kind: String,
    /// Structure, not work (docs/files.md#containers): an epic, a feature, an initiative row.
    pub container: bool,
    /// The tracker's projects (Jira's project name, Linear's project, Asana's projects, GitHub's
    /// repository, Azure DevOps' area path), which `epics` may name.
    pub projects: Vec<String>,
    pub assignee: Option<String>,
    /// The assignee's e-mail where the export gives one (Asana's `Assignee Email`, Azure
    /// DevOps' `Name <email>`), so that people.csv can be matched by either.
    pub assignee_email: Option<String>,
    pub estimate: Option<f64>,
    pub created: Option<NaiveDate>,
    pub started: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Index into `Project::sources`.
    pub source: usize,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub team: Option<String>,
    pub capacity: Option<f64>,
    pub email: Option<String>,
    /// False for an assignee found in the work but not in people.csv.
    pub listed: bool,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Commitment {
    pub id: String,
    pub title: String,
    pub initiative: String,
    pub date: NaiveDate,
    pub made_by: Option<String>,
    pub audience: Option<String>,
    pub location: Location,
}

/// What a work source's import did, as far as the file alone tells: shown on the data-quality
/// page, beside what the analysis adds (imputed estimates, cancelled items, done items without a
/// done date), which depends on `as_of`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceReport {
    pub path: String,
    pub preset: String,
    /// The encoding the file was converted from, when it was not UTF-8.
    pub converted_from: Option<String>,
    pub delimiter: String,
    /// Data rows below the header, blank ones aside.
    pub rows: usize,
    pub items: usize,
    pub containers: usize,
    pub columns: Vec<ColumnUse>,
    /// Export headers that feed no native column.
    pub unused_headers: Vec<String>,
    pub statuses: Vec<StatusCount>,
    /// Rows with no cells at all, skipped silently (docs/files.md#bad-input).
    pub blank_rows: usize,
    /// Rows read but not imported, with the reason.
    pub skipped: Vec<SkippedRow>,
    /// What the importer inferred rather than read: each a sentence with a count.
    pub guesses: Vec<String>,
    /// The newest activity date: created, started, done or last updated (not due: a plan).
    pub newest_date: Option<NaiveDate>,
    /// The language the export's headers were read in, when not English.
    pub language: Option<String>,
    /// The levels above the epics (and the types the source lists in `containers`), each with its
    /// rows: structure, not work.
    pub container_levels: Vec<String>,
}

/// One native column and the export header(s) that fed it.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnUse {
    pub column: String,
    pub headers: Vec<String>,
    /// Named in the source's `columns` table rather than found by the preset.
    pub overridden: bool,
}

/// How a source status name was counted.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub name: String,
    pub status: WorkStatus,
    pub rows: usize,
    pub how: StatusOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusOrigin {
    /// `[work.status_map]` in throughline.toml.
    StatusMap,
    /// The preset's table of the tool's usual names.
    Preset,
    /// The export's status-category column (Jira).
    Category,
    /// Asana: a done date means done.
    DoneDate,
    /// Found nowhere: counted as todo, with a warning.
    Unknown,
    /// Asana without a done date or a mapped section: todo, as docs/presets.md says, without a warning.
    Default,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRow {
    pub line: usize,
    pub reason: String,
}
