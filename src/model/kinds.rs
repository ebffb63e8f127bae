//! The words the model and every stage after it share: what kind of entity a thing is, the
//! closed list of signal kinds (docs/signals.md) with their severities. serde writes their words;
//! `crate::words` says them to a reader.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Critical,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Bet,
    Kr,
    Initiative,
    WorkItem,
    Person,
    Team,
    Commitment,
    Source,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EntityRef {
    pub kind: EntityKind,
    pub id: String,
}

impl EntityRef {
    pub fn new(kind: EntityKind, id: impl Into<String>) -> Self {
        EntityRef { kind, id: id.into() }
    }
}

macro_rules! signal_kinds {
    ($($variant:ident => $word:literal, $severity:ident;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum SignalKind { $($variant),* }

        impl SignalKind {
            pub const ALL: &'static [SignalKind] = &[$(SignalKind::$variant),*];

            /// The kind's word in snapshot.json and in throughline.toml's triggers.
            pub fn word(self) -> &'static str {
                match self { $(SignalKind::$variant => $word),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(SignalKind::$variant => Severity::$severity),* }
            }

            pub fn parse(word: &str) -> Option<SignalKind> {
                Self::ALL.iter().copied().find(|k| k.word() == word)
            }
        }
    };
}

// The closed list of signal kinds: each one's word and severity. What a reader sees of them (a
// label, what they sit on, what fires them) is in `crate::words`.
signal_kinds! {
    KrOffTrack => "kr_off_track", Critical;
    KrAtRisk => "kr_at_risk", Warning;
    KrNoData => "kr_no_data", Warning;
    KrStale => "kr_stale", Warning;
    ForecastMiss => "forecast_miss", Warning;
    ConfidenceDrop => "confidence_drop", Warning;
    OptimismGap => "optimism_gap", Warning;
    UnsupportedKr => "unsupported_kr", Warning;
    OutputWithoutOutcome => "output_without_outcome", Info;
    OutcomeWithoutOutput => "outcome_without_output", Info;
    UnmeasuredBet => "unmeasured_bet", Warning;
    InitiativeOffTrack => "initiative_off_track", Critical;
    InitiativeAtRisk => "initiative_at_risk", Warning;
    NoForecast => "no_forecast", Warning;
    Replanned => "replanned", Info;
    Dormant => "dormant", Warning;
    OverdueWork => "overdue_work", Warning;
    BlockedWork => "blocked_work", Warning;
    UnassignedWork => "unassigned_work", Warning;
    InitiativeWithoutKr => "initiative_without_kr", Info;
    ExpiredKrWork => "expired_kr_work", Info;
    DependencyConflict => "dependency_conflict", Warning;
    CommitmentAtRisk => "commitment_at_risk", Warning;
    CommitmentBroken => "commitment_broken", Critical;
    Overloaded => "overloaded", Warning;
    WipExceeded => "wip_exceeded", Warning;
    OrphanWork => "orphan_work", Info;
    UnlinkedEpic => "unlinked_epic", Info;
    Unowned => "unowned", Info;
    StaleExport => "stale_export", Warning;
}

/// Which of a key result's definitions moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetField {
    Baseline,
    /// A maintain key result's threshold is its target.
    Target,
    Start,
    End,
}

impl TargetField {
    /// The field's name, as snapshot.json writes it.
    pub fn word(self) -> &'static str {
        match self {
            TargetField::Baseline => "baseline",
            TargetField::Target => "target",
            TargetField::Start => "start",
            TargetField::End => "end",
        }
    }
}

/// Whether a move makes the key result easier to reach (`eased`), harder (`raised`), or neither
/// (`changed`: a baseline or a start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetDirection {
    Eased,
    Raised,
    Changed,
}

/// The kinds of change the feed reports, one entry each (docs/site.md#the-feed); the word names
/// the change in an entry's id and category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    NewlyAtRisk,
    Recovered,
    ForecastMoved,
    CommitmentBroken,
    TargetMoved,
    DecisionNeeded,
}

impl ChangeKind {
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::NewlyAtRisk => "newly_at_risk",
            ChangeKind::Recovered => "recovered",
            ChangeKind::ForecastMoved => "forecast_moved",
            ChangeKind::CommitmentBroken => "commitment_broken",
            ChangeKind::TargetMoved => "target_moved",
            ChangeKind::DecisionNeeded => "decision_needed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closed_list_has_every_kind_of_spec_4_9() {
        assert_eq!(SignalKind::ALL.len(), 30);
        assert_eq!(SignalKind::parse("kr_off_track"), Some(SignalKind::KrOffTrack));
        assert_eq!(serde_json::to_string(&SignalKind::StaleExport).unwrap(), "\"stale_export\"");
    }
}
