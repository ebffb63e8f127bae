//! The entities of a strategy project, as loaded from its files: the words of SPEC.md.
//! Nothing here knows about files or pages; `ingest` fills these and `analysis` reads them.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// On the 0–1 scale (SPEC 4.3 detects the file's scale).
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
    /// Structure, not work (SPEC 2.1): an epic, a feature, an initiative row.
    pub container: bool,
    /// The tracker's project (Linear, Asana, GitHub), which `epics` may name.
    pub project: Option<String>,
    pub assignee: Option<String>,
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

/// What a work source's import did: shown on the data-quality page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceReport {
    pub path: String,
    pub preset: String,
    pub rows: usize,
    pub items: usize,
    pub containers: usize,
    pub columns: Vec<(String, String)>,
    pub statuses: Vec<(String, String, usize)>,
    pub imputed_estimates: usize,
    pub done_without_date: Vec<String>,
    pub cancelled: Vec<String>,
    pub skipped: Vec<String>,
    pub newest_date: Option<NaiveDate>,
    pub notes: Vec<String>,
}
