//! Signals: the typed findings of the analysis (the closed list of docs/signals.md), each on one entity, with
//! links to the entities that cause it.

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

#[derive(Debug, Clone, Serialize)]
pub struct Signal {
    pub kind: SignalKind,
    pub entity: EntityRef,
    pub severity: Severity,
    pub message: String,
    /// The entities behind it, most severe first: what a reader clicks through to.
    pub related: Vec<EntityRef>,
}

impl Signal {
    pub fn new(kind: SignalKind, entity: EntityRef, message: impl Into<String>) -> Self {
        Signal { kind, entity, severity: kind.severity(), message: message.into(), related: vec![] }
    }

    pub fn with_related(mut self, related: Vec<EntityRef>) -> Self {
        self.related = related;
        self
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
