//! The analysis of SPEC 4: a pure function of the linked project and `as_of`. Data in; numbers,
//! statuses and signals out — no I/O, no templates — so that the site, the board pack and `check`
//! share one set of answers.

pub mod capacity;
pub mod forecast;
pub mod initiatives;
pub mod krs;
pub mod rollup;
pub mod signal;
pub mod trace;
pub mod work;

use chrono::NaiveDate;
use serde::Serialize;

use crate::graph::Graph;
use crate::ingest::Project;
pub use signal::{EntityKind, EntityRef, Severity, Signal, SignalKind};

/// The lower-case status words of SPEC 4 and 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    NotStarted,
    NoData,
    Unknown,
    Proposed,
    Paused,
    Cancelled,
    Kept,
    Broken,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Done => "done",
            Status::NotStarted => "not_started",
            Status::NoData => "no_data",
            Status::Unknown => "unknown",
            Status::Proposed => "proposed",
            Status::Paused => "paused",
            Status::Cancelled => "cancelled",
            Status::Kept => "kept",
            Status::Broken => "broken",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::Done => "Done",
            Status::NotStarted => "Not started",
            Status::NoData => "No data",
            Status::Unknown => "Unknown",
            Status::Proposed => "Proposed",
            Status::Paused => "Paused",
            Status::Cancelled => "Cancelled",
            Status::Kept => "Kept",
            Status::Broken => "Broken",
        }
    }

    pub fn is_risk(self) -> bool {
        matches!(self, Status::AtRisk | Status::OffTrack | Status::Broken)
    }
}

/// Comparisons against thresholds forgive floating-point noise: 0.3 − 0.4 is −0.1 here.
pub(crate) const EPSILON: f64 = 1e-9;

#[derive(Debug, Clone)]
pub struct Analysis {
    pub as_of: NaiveDate,
    pub work: work::WorkView,
    pub krs: Vec<krs::KrResult>,
    pub bets: Vec<rollup::BetResult>,
    pub initiatives: Vec<initiatives::InitiativeResult>,
    pub trace: trace::Trace,
    pub capacity: capacity::Capacity,
    pub commitments: Vec<initiatives::CommitmentResult>,
    /// Every signal, most severe first, then by kind and entity.
    pub signals: Vec<Signal>,
}

pub fn analyse(project: &Project, graph: &Graph, as_of: NaiveDate) -> Analysis {
    let work = work::view(project, graph, as_of);
    let mut signals = Vec::new();
    let initiatives = initiatives::analyse(project, graph, &work, as_of, &mut signals);
    let commitments = initiatives::commitments(project, graph, &initiatives, &work, as_of, &mut signals);
    let krs = krs::analyse(project, graph, &initiatives, as_of, &mut signals);
    let bets = rollup::bets(project, graph, &krs, &mut signals);
    let trace = trace::trace(project, graph, &work, &mut signals);
    let capacity = capacity::analyse(project, graph, &work, &initiatives, as_of, &mut signals);
    rollup::ownership(project, graph, &mut signals);
    rollup::stale_exports(project, as_of, &mut signals);
    signals.sort_by(|a, b| {
        (a.severity, a.kind, &a.entity.id, &a.message).cmp(&(b.severity, b.kind, &b.entity.id, &b.message))
    });
    Analysis { as_of, work, krs, bets, initiatives, trace, capacity, commitments, signals }
}

/// Whole days from `a` to `b`.
pub(crate) fn days(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Median of a list (the mean of the middle two for an even count); `None` when empty.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Some(3.0));
        // (2 + 3) / 2 = 2.5
        assert_eq!(median(&mut [1.0, 3.0, 2.0, 8.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
