//! Capacity and contention (docs/analysis.md#capacity-and-contention): each person's open work against their capacity for the rest
//! of the cycle, the initiatives that compete for overloaded people, teams over their WIP limit,
//! and what a proposed initiative would take.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::initiatives::InitiativeResult;
use super::work::WorkView;
use super::{EPSILON, EntityKind, EntityRef, Signal, SignalKind, Status, days};
use crate::link::Graph;
use crate::load::Project;
use crate::model::InitiativeState;

#[derive(Debug, Clone, Default)]
pub struct PersonLoad {
    /// Weight of open work in active initiatives.
    pub open: f64,
    pub utilisation: Option<f64>,
    pub overloaded: bool,
    /// Active initiatives this person has open work in.
    pub initiatives: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct TeamLoad {
    pub team: String,
    pub people: Vec<usize>,
    pub open: f64,
    pub capacity: f64,
    pub utilisation: Option<f64>,
    /// Active initiatives of the team that have started and are not done.
    pub in_progress: Vec<usize>,
    pub wip_exceeded: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub initiative: usize,
    /// (person, utilisation before, after)
    pub people: Vec<(usize, Option<f64>, Option<f64>)>,
    /// Active initiatives that share those people.
    pub shared_with: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Capacity {
    /// Weeks of capacity left in the cycle, at least 1.
    pub weeks: f64,
    pub people: Vec<PersonLoad>,
    pub teams: Vec<TeamLoad>,
    /// Overloaded person -> the active initiatives competing for them.
    pub contention: Vec<(usize, Vec<usize>)>,
    pub proposals: Vec<Proposal>,
}

pub fn analyse(
    project: &Project,
    graph: &Graph,
    work: &WorkView,
    initiatives: &[InitiativeResult],
    as_of: NaiveDate,
    signals: &mut Vec<Signal>,
) -> Capacity {
    let weeks = project.config.cycle.as_ref().map_or(1.0, |c| (days(as_of, c.end) as f64 / 7.0).max(1.0));
    let people = person_loads(project, graph, work, initiatives, weeks);
    let contention = overloaded(project, graph, &people, signals);
    let teams = team_loads(project, initiatives, &people, weeks, signals);
    let proposals = proposals(project, graph, &people, &teams, weeks);
    Capacity { weeks, people, teams: teams.into_values().collect(), contention, proposals }
}

/// Open work over capacity to the end of the cycle; `None` without a capacity.
fn utilisation(open: f64, capacity: Option<f64>, weeks: f64) -> Option<f64> {
    capacity.filter(|&c| c > 0.0).map(|c| open / (c * weeks))
}

/// Each person's open work on active initiatives, and whether it overloads them.
fn person_loads(
    project: &Project,
    graph: &Graph,
    work: &WorkView,
    initiatives: &[InitiativeResult],
    weeks: f64,
) -> Vec<PersonLoad> {
    let overload = project.config.thresholds.overload;
    let mut people = vec![PersonLoad::default(); project.people.len()];
    for (i, initiative) in project.initiatives.iter().enumerate() {
        if initiative.state != InitiativeState::Active {
            continue;
        }
        for &w in &initiatives[i].items {
            if let Some(p) = graph.assignee_of_work[w].filter(|_| work.is_open(w)) {
                people[p].open += work.weight[w];
                if !people[p].initiatives.contains(&i) {
                    people[p].initiatives.push(i);
                }
            }
        }
    }
    for (p, load) in people.iter_mut().enumerate() {
        load.initiatives.sort_unstable();
        let capacity = project.people[p].capacity;
        load.utilisation = utilisation(load.open, capacity, weeks);
        load.overloaded = match (capacity, load.utilisation) {
            (Some(0.0), _) => load.open > 0.0,
            (_, Some(u)) => u > overload + EPSILON,
            _ => false,
        };
    }
    people
}

/// An `overloaded` signal for each overloaded person, naming the initiatives and the bets that
/// compete for them; the people and their initiatives, for the contention table.
fn overloaded(
    project: &Project,
    graph: &Graph,
    people: &[PersonLoad],
    signals: &mut Vec<Signal>,
) -> Vec<(usize, Vec<usize>)> {
    let bets_of = |i: usize| -> BTreeSet<usize> {
        graph.krs_of_initiative[i].iter().filter_map(|&k| graph.bet_of_kr[k]).collect()
    };
    let mut contention = Vec::new();
    for (p, load) in people.iter().enumerate().filter(|(_, l)| l.overloaded) {
        let person = &project.people[p];
        let bets: BTreeSet<usize> = load.initiatives.iter().flat_map(|&i| bets_of(i)).collect();
        let names: Vec<&str> = load.initiatives.iter().map(|&i| project.initiatives[i].id.as_str()).collect();
        let bet_names: Vec<&str> = bets.iter().map(|&b| project.bets[b].id.as_str()).collect();
        let unit = &project.config.work.estimate_unit;
        let mut message = match load.utilisation {
            Some(u) => format!("{} is at {:.0}% of capacity", person.name, u * 100.0),
            None => format!(
                "{} has {} {unit} of open work and no capacity",
                person.name,
                crate::words::number(load.open)
            ),
        };
        if !names.is_empty() {
            message.push_str(&format!(" across {}", crate::words::list(&names)));
        }
        if bet_names.len() > 1 {
            message.push_str(&format!(" (bets {} compete)", crate::words::list(&bet_names)));
        }
        let related = load
            .initiatives
            .iter()
            .map(|&i| EntityRef::new(EntityKind::Initiative, &project.initiatives[i].id))
            .collect();
        signals.push(
            Signal::new(SignalKind::Overloaded, EntityRef::new(EntityKind::Person, &person.id), message)
                .with_related(related),
        );
        contention.push((p, load.initiatives.clone()));
    }
    contention
}

/// Each team's people, open work and capacity, and the initiatives it has in progress (a
/// `wip_exceeded` signal past its limit).
fn team_loads(
    project: &Project,
    initiatives: &[InitiativeResult],
    people: &[PersonLoad],
    weeks: f64,
    signals: &mut Vec<Signal>,
) -> BTreeMap<String, TeamLoad> {
    let mut teams: BTreeMap<String, TeamLoad> = BTreeMap::new();
    for (p, person) in project.people.iter().enumerate() {
        if let Some(team) = &person.team {
            let t = teams
                .entry(team.clone())
                .or_insert_with(|| TeamLoad { team: team.clone(), ..Default::default() });
            t.people.push(p);
            t.open += people[p].open;
            t.capacity += person.capacity.unwrap_or(0.0);
        }
    }
    for (i, initiative) in project.initiatives.iter().enumerate() {
        let started = initiative.state == InitiativeState::Active
            && !matches!(initiatives[i].status, Status::NotStarted | Status::Done);
        if let Some(team) = initiative.team.as_ref().filter(|_| started) {
            teams
                .entry(team.clone())
                .or_insert_with(|| TeamLoad { team: team.clone(), ..Default::default() })
                .in_progress
                .push(i);
        }
    }
    let wip_limit = project.config.thresholds.wip_limit;
    for t in teams.values_mut() {
        t.utilisation = (t.capacity > 0.0).then(|| t.open / (t.capacity * weeks));
        t.wip_exceeded = t.in_progress.len() > wip_limit;
        if t.wip_exceeded {
            let names: Vec<&str> =
                t.in_progress.iter().map(|&i| project.initiatives[i].id.as_str()).collect();
            signals.push(
                Signal::new(
                    SignalKind::WipExceeded,
                    EntityRef::new(EntityKind::Team, &t.team),
                    format!(
                        "team {} runs {} initiatives at once, over its limit of {wip_limit}: {}",
                        t.team,
                        names.len(),
                        crate::words::list(&names)
                    ),
                )
                .with_related(
                    t.in_progress
                        .iter()
                        .map(|&i| EntityRef::new(EntityKind::Initiative, &project.initiatives[i].id))
                        .collect(),
                ),
            );
        }
    }
    teams
}

/// What each proposed initiative with an estimate would do to its people's load.
fn proposals(
    project: &Project,
    graph: &Graph,
    people: &[PersonLoad],
    teams: &BTreeMap<String, TeamLoad>,
    weeks: f64,
) -> Vec<Proposal> {
    project
        .initiatives
        .iter()
        .enumerate()
        .filter(|(_, i)| i.state == InitiativeState::Proposed)
        .filter_map(|(i, initiative)| {
            let estimate = initiative.estimate?;
            let mut members: Vec<usize> =
                initiative.people.iter().filter_map(|name| graph.person(Some(name))).collect();
            if members.is_empty()
                && let Some(team) = &initiative.team
            {
                members = teams.get(team).map(|t| t.people.clone()).unwrap_or_default();
            }
            if members.is_empty() {
                return None;
            }
            let share = estimate / members.len() as f64;
            let rows = members
                .iter()
                .map(|&p| {
                    let capacity = project.people[p].capacity;
                    (
                        p,
                        utilisation(people[p].open, capacity, weeks),
                        utilisation(people[p].open + share, capacity, weeks),
                    )
                })
                .collect();
            let shared_with: BTreeSet<usize> =
                members.iter().flat_map(|&p| people[p].initiatives.iter().copied()).collect();
            Some(Proposal { initiative: i, people: rows, shared_with: shared_with.into_iter().collect() })
        })
        .collect()
}
