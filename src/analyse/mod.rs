//! The analysis (docs/analysis.md): a pure function of the linked project and `as_of`. Data in; numbers,
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
use serde::{Deserialize, Serialize};

use crate::link::Graph;
use crate::load::Project;
pub use signal::{EntityKind, EntityRef, Severity, Signal, SignalKind};

/// The lower-case status words of docs/analysis.md and docs/snapshot.md (serde writes them; `crate::words` says them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// The one order of statuses, worst first: every list sorted by status, every roll-up to
    /// "the worst of" and every comparison of two reports uses it. A key result without a
    /// check-in and an initiative without a forecast rank as risks (docs/analysis.md, roll-up),
    /// below a measured at-risk one and above anything on track.
    pub fn rank(self) -> u8 {
        match self {
            Status::OffTrack | Status::Broken => 0,
            Status::AtRisk => 1,
            Status::NoData | Status::Unknown => 2,
            Status::OnTrack => 3,
            Status::NotStarted => 4,
            Status::Done | Status::Kept => 5,
            Status::Proposed => 6,
            Status::Paused => 7,
            Status::Cancelled => 8,
        }
    }

    /// A risk, as headline numbers count it and the changes page compares it: at risk, off
    /// track, broken, and the two statuses that say a measure is missing (no check-in, no
    /// forecast).
    pub fn is_risk(self) -> bool {
        self.rank() <= Status::Unknown.rank()
    }

    /// Measured as behind: at risk, off track or broken. A key result or an initiative in one of
    /// these carries the signal that names its causes.
    pub fn is_behind(self) -> bool {
        self.rank() <= Status::AtRisk.rank()
    }
}

impl PartialOrd for Status {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Statuses sort by `rank`, worst first (then by word, so the order is total).
impl Ord for Status {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.rank(), self.word()).cmp(&(other.rank(), other.word()))
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

impl Analysis {
    /// A print of the work as read, linked and analysed: what linking it read (`Graph::work_print`),
    /// the report's date, and each item's status, weight and whether it was imputed. What the
    /// site makes of the work alone is kept across rebuilds by it.
    pub fn work_print(&self, graph: &Graph) -> u64 {
        let work = &self.work;
        let mut buffer = Vec::with_capacity(10 * work.status.len() + 64);
        buffer.extend_from_slice(&graph.work_print.to_le_bytes());
        buffer.extend_from_slice(self.as_of.to_string().as_bytes());
        buffer.extend(work.status.iter().map(|s| s.map_or(u8::MAX, |s| s as u8)));
        buffer.extend(work.imputed.iter().map(|&i| u8::from(i)));
        for weight in &work.weight {
            buffer.extend_from_slice(&weight.to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64(&buffer)
    }
}

pub fn analyse(project: &Project, graph: &Graph, as_of: NaiveDate) -> Analysis {
    analyse_with(project, graph, as_of, &mut forecast::Cache::default())
}

/// `analyse`, with the Monte Carlo runs of an earlier build: those whose inputs did not change
/// are taken from `forecasts`, which is left holding the runs of this one.
pub fn analyse_with(
    project: &Project,
    graph: &Graph,
    as_of: NaiveDate,
    forecasts: &mut forecast::Cache,
) -> Analysis {
    let work = work::view(project, graph, as_of);
    let mut signals = Vec::new();
    let initiatives = initiatives::analyse(project, graph, &work, as_of, forecasts, &mut signals);
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
