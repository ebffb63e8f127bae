//! Traceability (docs/analysis.md#traceability): which work serves a key result of a bet, and the gaps — orphan work,
//! unlinked epics, initiatives without key results, unsupported key results, unmeasured bets.

use std::collections::BTreeMap;

use serde::Serialize;

use super::work::WorkView;
use super::{EntityKind, EntityRef, Signal, SignalKind};
use crate::link::Graph;
use crate::load::Project;
use crate::model::InitiativeState;

#[derive(Debug, Clone, Default, Serialize)]
pub struct TeamAlignment {
    pub team: String,
    pub items: usize,
    pub aligned_items: usize,
    pub weight: f64,
    pub aligned_weight: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Trace {
    pub work_items: usize,
    pub aligned_items: usize,
    pub aligned_estimate_share: Option<f64>,
    pub aligned_item_share: Option<f64>,
    pub orphan_work: Vec<usize>,
    pub unlinked_containers: Vec<usize>,
    pub initiatives_without_kr: Vec<usize>,
    pub unsupported_krs: Vec<usize>,
    pub unmeasured_bets: Vec<usize>,
    pub teams: Vec<TeamAlignment>,
}

/// The name used for work whose assignee has no team, or that has no assignee.
pub const NO_TEAM: &str = "unassigned";

pub fn trace(project: &Project, graph: &Graph, work: &WorkView, signals: &mut Vec<Signal>) -> Trace {
    let mut t = alignment(project, graph, work);
    t.unlinked_containers = unlinked_containers(project, graph, work);
    t.initiatives_without_kr = (0..project.initiatives.len())
        .filter(|&i| {
            project.initiatives[i].krs.is_empty()
                && project.initiatives[i].state != InitiativeState::Cancelled
        })
        .collect();
    t.unsupported_krs = (0..project.krs.len())
        .filter(|&k| {
            !graph.initiatives_of_kr[k].iter().any(|&i| {
                matches!(project.initiatives[i].state, InitiativeState::Active | InitiativeState::Done)
            })
        })
        .collect();
    t.unmeasured_bets = (0..project.bets.len()).filter(|&b| graph.krs_of_bet[b].is_empty()).collect();
    orphan_signals(project, graph, &t.orphan_work, signals);
    unlinked_epic_signals(project, &t.unlinked_containers, signals);
    t
}

/// How much of the work reaches a bet, in all and by team, and the work that reaches no
/// initiative.
fn alignment(project: &Project, graph: &Graph, work: &WorkView) -> Trace {
    let aligned_initiative: Vec<bool> =
        graph.krs_of_initiative.iter().map(|krs| krs.iter().any(|&k| graph.bet_of_kr[k].is_some())).collect();
    let mut t = Trace::default();
    // By the team's name, borrowed: a large export has hundreds of thousands of items.
    let mut teams: BTreeMap<&str, TeamAlignment> = BTreeMap::new();
    let (mut weight, mut aligned_weight) = (0.0, 0.0);
    for w in (0..project.work.len()).filter(|&w| work.is_item[w]) {
        let initiative = graph.initiative_of_work[w];
        let aligned = initiative.is_some_and(|i| aligned_initiative[i]);
        let team = team_of(project, graph, w);
        let entry = teams
            .entry(team)
            .or_insert_with(|| TeamAlignment { team: team.to_string(), ..Default::default() });
        entry.items += 1;
        entry.weight += work.weight[w];
        t.work_items += 1;
        weight += work.weight[w];
        if aligned {
            t.aligned_items += 1;
            aligned_weight += work.weight[w];
            entry.aligned_items += 1;
            entry.aligned_weight += work.weight[w];
        }
        if initiative.is_none() {
            t.orphan_work.push(w);
        }
    }
    t.aligned_estimate_share = (weight > 0.0).then(|| aligned_weight / weight);
    t.aligned_item_share = (t.work_items > 0).then(|| t.aligned_items as f64 / t.work_items as f64);
    t.teams = teams.into_values().collect();
    t
}

/// The containers (epics and the levels above) that reach no initiative.
fn unlinked_containers(project: &Project, graph: &Graph, work: &WorkView) -> Vec<usize> {
    // A level above the epics that reaches no initiative itself but holds an epic that does is
    // structure in use, not a gap.
    let mut holds_linked = vec![false; project.work.len()];
    for w in
        (0..project.work.len()).filter(|&w| graph.is_container[w] && graph.initiative_of_work[w].is_some())
    {
        let mut at = graph.parent_of_work.get(w).copied().flatten();
        while let Some(p) = at.filter(|&p| !holds_linked[p]) {
            holds_linked[p] = true;
            at = graph.parent_of_work.get(p).copied().flatten();
        }
    }
    (0..project.work.len())
        .filter(|&w| {
            graph.is_container[w]
                && work.status[w].is_some()
                && graph.initiative_of_work[w].is_none()
                && !holds_linked[w]
        })
        .collect()
}

/// One orphan_work signal per team of the orphans' assignees.
fn orphan_signals(project: &Project, graph: &Graph, orphans: &[usize], signals: &mut Vec<Signal>) {
    let mut orphans_by_team: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &w in orphans {
        let team = graph.assignee_of_work[w]
            .and_then(|p| project.people[p].team.clone())
            .unwrap_or_else(|| NO_TEAM.into());
        orphans_by_team.entry(team).or_default().push(w);
    }
    for (team, items) in orphans_by_team {
        let related =
            items.iter().map(|&w| EntityRef::new(EntityKind::WorkItem, &project.work[w].id)).collect();
        signals.push(
            Signal::new(
                SignalKind::OrphanWork,
                EntityRef::new(EntityKind::Team, &team),
                if team == NO_TEAM {
                    format!(
                        "{} with no team reach no initiative",
                        crate::words::count(items.len(), "work item")
                    )
                } else {
                    format!(
                        "{} of team {team} reach no initiative",
                        crate::words::count(items.len(), "work item")
                    )
                },
            )
            .with_related(related),
        );
    }
}

/// An unlinked_epic signal for each container that reaches no initiative, with its children.
fn unlinked_epic_signals(project: &Project, containers: &[usize], signals: &mut Vec<Signal>) {
    let mut children: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    if !containers.is_empty() {
        for parent in project.work.iter().filter_map(|w| w.parent.as_deref()) {
            *children.entry(parent).or_default() += 1;
        }
    }
    for &w in containers {
        let item = &project.work[w];
        let children = children.get(item.id.as_str()).copied().unwrap_or(0);
        signals.push(Signal::new(
            SignalKind::UnlinkedEpic,
            EntityRef::new(EntityKind::WorkItem, &item.id),
            format!(
                "the {} {} reaches no initiative, so its {} orphan work",
                // Trackers capitalise their types (`Epic`); the sentence does not.
                if item.kind.is_empty() { "epic".to_string() } else { item.kind.to_lowercase() },
                item.id,
                match children {
                    1 => "one child is".to_string(),
                    n => format!("{n} children are"),
                }
            ),
        ));
    }
}

/// The team an item's work counts for: its assignee's team, else its initiative's.
pub fn team_of<'p>(project: &'p Project, graph: &Graph, w: usize) -> &'p str {
    graph.assignee_of_work[w]
        .and_then(|p| project.people[p].team.as_deref())
        .or_else(|| graph.initiative_of_work[w].and_then(|i| project.initiatives[i].team.as_deref()))
        .unwrap_or(NO_TEAM)
}
