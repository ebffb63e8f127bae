//! The `changes` object of snapshot.json (docs/snapshot.md#changes): what changed since the
//! previous report, as `history::changes` finds it and the pages and the board pack show it; and
//! what a key result is measured against, whose moves are drift.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{
    Direction, EntityKind, KeyResult, KrKind, SignalKind, Status, TargetDirection, TargetField,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub kind: EntityKind,
    pub id: String,
    /// None for an entity the previous report did not have.
    pub before: Option<Status>,
    pub after: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastMove {
    pub id: String,
    pub before: NaiveDate,
    pub after: NaiveDate,
    /// Days the P85 finish moved (later is positive).
    pub days: i64,
}

/// A target's value: a number (baseline, target, threshold) or a date (start, end).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TargetValue {
    Number(f64),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetMove {
    pub id: String,
    pub field: TargetField,
    pub before: Option<TargetValue>,
    pub after: Option<TargetValue>,
    pub direction: TargetDirection,
}

/// A signal that appeared or went away: a gap (one of `GAP_KINDS`) that opened or closed, or a
/// decision a trigger newly asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalChange {
    pub kind: SignalKind,
    pub entity: String,
    pub entity_kind: EntityKind,
    pub message: String,
}

/// What changed since the previous report: the `changes` object of snapshot.json, and exactly
/// what the changes page, the home page and the board pack show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub since: NaiveDate,
    pub newly_at_risk: Vec<StatusChange>,
    pub recovered: Vec<StatusChange>,
    pub forecasts_moved: Vec<ForecastMove>,
    pub targets_moved: Vec<TargetMove>,
    pub new_gaps: Vec<SignalChange>,
    pub resolved_gaps: Vec<SignalChange>,
    /// Commitments whose status became `broken`. Older snapshots lack this (read as empty).
    #[serde(default)]
    pub broken_commitments: Vec<StatusChange>,
    /// Signals a trigger asks a decision for, on an entity where the previous report did not have
    /// them. Older snapshots lack this (read as empty).
    #[serde(default)]
    pub new_decisions: Vec<SignalChange>,
}

impl Changes {
    /// No change since the report of `since`: the lists filled in by `history::changes`.
    pub fn none_since(since: NaiveDate) -> Changes {
        Changes {
            since,
            newly_at_risk: vec![],
            recovered: vec![],
            forecasts_moved: vec![],
            targets_moved: vec![],
            new_gaps: vec![],
            resolved_gaps: vec![],
            broken_commitments: vec![],
            new_decisions: vec![],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.newly_at_risk.is_empty()
            && self.recovered.is_empty()
            && self.forecasts_moved.is_empty()
            && self.targets_moved.is_empty()
            && self.new_gaps.is_empty()
            && self.resolved_gaps.is_empty()
            && self.broken_commitments.is_empty()
            && self.new_decisions.is_empty()
    }
}

/// What a key result is measured against: the fields whose moves are drift
/// (docs/analysis.md#changes-and-history). A field is `None` where a report did not record it (an
/// older snapshot), and a maintain key result has no baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KrDefinition {
    pub baseline: Option<f64>,
    /// A maintain key result's threshold.
    pub target: Option<f64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// A maintain key result's side of the threshold that holds.
    pub direction: Option<Direction>,
}

impl KrDefinition {
    pub fn of(kr: &KeyResult) -> KrDefinition {
        let (baseline, target, direction) = match kr.kind {
            KrKind::Progress { baseline, target, .. } => (Some(baseline), target, None),
            KrKind::Maintain { threshold, direction } => (None, threshold, Some(direction)),
        };
        KrDefinition { baseline, target: Some(target), start: Some(kr.start), end: Some(kr.end), direction }
    }
}
