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

use crate::link::Graph;
use crate::load::Project;
pub use crate::model::Status;
pub use signal::{EntityKind, EntityRef, Severity, Signal, SignalKind};

/// Comparisons against thresholds forgive floating-point noise: 0.3 − 0.4 is −0.1 here.
pub(crate) const EPSILON: f64 = 1e-9;

/// Weights in whole steps of 2^-20, where they are: `weight` as a count of steps when it is a
/// whole, non-negative number of them below `most` steps (-0.0 is zero steps: a caller that
/// writes the sum keeps the sign itself). Sums of such counts are exact in
/// floating point too (below 2^53 steps), in any order, so code that adds weights up may add the
/// counts instead and get the very same numbers. Weights are usually whole or halves (story
/// points, item counts).
pub(crate) fn whole_steps(weight: f64, most: f64) -> Option<i64> {
    let steps = weight * STEP;
    (steps >= 0.0 && steps < most && steps.fract() == 0.0).then_some(steps as i64)
}

/// The step of `whole_steps`: scaling by a power of two is exact.
pub(crate) const STEP: f64 = (1u64 << 20) as f64;

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
    // Traceability reads only the work and the links: it runs beside the rest, and its signals
    // join the others in the same order as if it had run in its turn (after the bets', before
    // capacity's).
    let (mut signals, mut before_trace, mut after_trace) = (Vec::new(), Vec::new(), Vec::new());
    let ((initiatives, commitments, krs, bets, capacity), (trace, mut traced)) = rayon::join(
        || {
            let initiatives = initiatives::analyse(project, graph, &work, as_of, forecasts, &mut signals);
            let signals = &mut before_trace;
            let commitments = initiatives::commitments(project, graph, &initiatives, &work, as_of, signals);
            let krs = krs::analyse(project, graph, &initiatives, as_of, signals);
            let bets = rollup::bets(project, graph, &krs, signals);
            let capacity = capacity::analyse(project, graph, &work, &initiatives, as_of, &mut after_trace);
            (initiatives, commitments, krs, bets, capacity)
        },
        || {
            let mut signals = Vec::new();
            (trace::trace(project, graph, &work, &mut signals), signals)
        },
    );
    signals.append(&mut before_trace);
    signals.append(&mut traced);
    signals.append(&mut after_trace);
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
