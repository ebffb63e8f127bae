//! The roll-up to bets, ownership and stale exports (docs/analysis.md#roll-up-and-causes, #traceability, docs/signals.md).

use chrono::NaiveDate;

use super::krs::KrResult;
use super::{EntityKind, EntityRef, Signal, SignalKind, Status, days};
use crate::link::Graph;
use crate::load::Project;
use crate::model::InitiativeState;

#[derive(Debug, Clone)]
pub struct BetResult {
    pub status: Status,
    pub progress: Option<f64>,
}

/// A bet is as bad as its worst key result (done < on_track < at_risk < off_track, no_data counting
/// as at_risk), ignoring those not started. Its progress is the weighted mean of its key results'
/// progress, each clamped to [0, 1].
pub fn bets(project: &Project, graph: &Graph, krs: &[KrResult], signals: &mut Vec<Signal>) -> Vec<BetResult> {
    project
        .bets
        .iter()
        .enumerate()
        .map(|(b, bet)| {
            let members = &graph.krs_of_bet[b];
            if members.is_empty() {
                signals.push(Signal::new(
                    SignalKind::UnmeasuredBet,
                    EntityRef::new(EntityKind::Bet, &bet.id),
                    format!("{} has no key result, so nothing measures it", bet.id),
                ));
                return BetResult { status: Status::NoData, progress: None };
            }
            // The worst by the one order of statuses (`Status::rank`).
            let worst = members.iter().map(|&k| krs[k].status).filter(|&s| s != Status::NotStarted).min();
            let status = match worst {
                None => Status::NotStarted,
                Some(Status::NoData) => Status::AtRisk,
                Some(s) => s,
            };
            let (mut sum, mut weights) = (0.0, 0.0);
            for &k in members {
                if let Some(p) = krs[k].progress {
                    let w = project.krs[k].weight.unwrap_or(1.0);
                    sum += w * p.clamp(0.0, 1.0);
                    weights += w;
                }
            }
            BetResult { status, progress: (weights > 0.0).then(|| sum / weights) }
        })
        .collect()
}

/// Every bet, key result and initiative needs an owner who, when people.csv is given, is in it.
pub fn ownership(project: &Project, graph: &Graph, signals: &mut Vec<Signal>) {
    let listed = |owner: &str| {
        !project.people_listed || graph.person(Some(owner)).is_some_and(|p| project.people[p].listed)
    };
    let entities = project
        .bets
        .iter()
        .map(|b| (EntityKind::Bet, &b.id, &b.owner))
        .chain(project.krs.iter().map(|k| (EntityKind::Kr, &k.id, &k.owner)))
        .chain(
            project
                .initiatives
                .iter()
                .filter(|i| i.state != InitiativeState::Cancelled)
                .map(|i| (EntityKind::Initiative, &i.id, &i.owner)),
        );
    for (kind, id, owner) in entities {
        let message = match owner {
            None => format!("{id} has no owner"),
            Some(owner) if !listed(owner) => format!("{id} is owned by “{owner}”, who is not in people.csv"),
            Some(_) => continue,
        };
        signals.push(Signal::new(SignalKind::Unowned, EntityRef::new(kind, id), message));
    }
}

/// A work export whose newest activity (an item created, started or done, or a last-updated
/// date) is more than 7 days before `as_of` is stale: due dates are plans, so they do not count.
pub fn stale_exports(project: &Project, as_of: NaiveDate, signals: &mut Vec<Signal>) {
    for source in &project.sources {
        if let Some(newest) = source.newest_date
            && days(newest, as_of) > 7
        {
            signals.push(Signal::new(
                SignalKind::StaleExport,
                EntityRef::new(EntityKind::Source, &source.path),
                format!(
                    "{}: the newest activity in the export (an item created, started, done or updated) is on {newest}, {} days before {as_of}",
                    source.path,
                    days(newest, as_of)
                ),
            ));
        }
    }
}
