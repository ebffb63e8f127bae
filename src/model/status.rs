//! The one list of statuses of bets, key results, initiatives and commitments, and their one
//! order.

use serde::{Deserialize, Serialize};

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
