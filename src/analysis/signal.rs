//! Signals: the typed findings of the analysis (SPEC 4.9's closed list), each on one entity, with
//! links to the entities that cause it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
    ($($variant:ident => $word:literal, $entity:literal, $severity:ident, $about:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum SignalKind { $($variant),* }

        impl SignalKind {
            pub const ALL: &'static [SignalKind] = &[$(SignalKind::$variant),*];

            pub fn word(self) -> &'static str {
                match self { $(SignalKind::$variant => $word),* }
            }

            /// The kind of entity the signal sits on, as the README and methodology page say.
            pub fn sits_on(self) -> &'static str {
                match self { $(SignalKind::$variant => $entity),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(SignalKind::$variant => Severity::$severity),* }
            }

            /// One line on what fires it, for the methodology page.
            pub fn about(self) -> &'static str {
                match self { $(SignalKind::$variant => $about),* }
            }

            pub fn parse(word: &str) -> Option<SignalKind> {
                Self::ALL.iter().copied().find(|k| k.word() == word)
            }
        }
    };
}

signal_kinds! {
    KrOffTrack => "kr_off_track", "key result", Critical, "the key result's final status is off track";
    KrAtRisk => "kr_at_risk", "key result", Warning, "the key result's final status is at risk";
    KrNoData => "kr_no_data", "key result", Warning, "the key result has started and has no check-in";
    KrStale => "kr_stale", "key result", Warning, "the latest check-in is older than stale_after_days";
    ForecastMiss => "forecast_miss", "key result", Warning, "on pace, but the trend of check-ins ends below 1 - at_risk_gap of target";
    ConfidenceDrop => "confidence_drop", "key result", Warning, "confidence fell by 0.2 or more since the previous check-in";
    OptimismGap => "optimism_gap", "key result", Warning, "confidence of 0.7 or more on a key result at risk or off track";
    UnsupportedKr => "unsupported_kr", "key result", Warning, "no active or done initiative supports the key result";
    OutputWithoutOutcome => "output_without_outcome", "key result", Info, "its initiatives are 80% done or more while the key result is behind pace";
    OutcomeWithoutOutput => "outcome_without_output", "key result", Info, "progress of 80% or more while its initiatives are under 20% done";
    UnmeasuredBet => "unmeasured_bet", "bet", Warning, "the bet has no key result";
    InitiativeOffTrack => "initiative_off_track", "initiative", Critical, "past due, or P(on time) below late_probability";
    InitiativeAtRisk => "initiative_at_risk", "initiative", Warning, "P(on time) below on_time_probability";
    NoForecast => "no_forecast", "initiative", Warning, "started, but nothing was done in the throughput window";
    Replanned => "replanned", "initiative", Info, "the due date is later than the first promise (baseline_due)";
    Dormant => "dormant", "initiative", Warning, "active, and no item created, started or done in dormant_after_days";
    OverdueWork => "overdue_work", "initiative", Warning, "items past their due date and not done";
    BlockedWork => "blocked_work", "initiative", Warning, "items in a blocked status";
    UnassignedWork => "unassigned_work", "initiative", Warning, "in-progress or blocked items without an assignee";
    InitiativeWithoutKr => "initiative_without_kr", "initiative", Info, "the initiative supports no key result";
    ExpiredKrWork => "expired_kr_work", "initiative", Info, "work done after every supported key result's window ended";
    DependencyConflict => "dependency_conflict", "initiative", Warning, "a predecessor's P50 finish falls after this initiative's start or due date";
    CommitmentAtRisk => "commitment_at_risk", "commitment", Warning, "P(initiative done by the promised date) below on_time_probability";
    CommitmentBroken => "commitment_broken", "commitment", Critical, "the promised date passed and the initiative was not done by it";
    Overloaded => "overloaded", "person", Warning, "open work above overload x capacity for the rest of the cycle";
    WipExceeded => "wip_exceeded", "team", Warning, "more started, unfinished active initiatives than wip_limit";
    OrphanWork => "orphan_work", "team", Info, "work items that reach no initiative, by the assignees' team";
    UnlinkedEpic => "unlinked_epic", "container", Info, "a container (epic) that reaches no initiative";
    Unowned => "unowned", "bet, key result, initiative", Info, "no owner, or an owner who is not in people.csv";
    StaleExport => "stale_export", "source", Warning, "the newest date in a work export is more than 7 days before as_of";
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
