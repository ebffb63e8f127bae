//! Initiatives (docs/analysis.md#initiatives): scope, done, progress, throughput, the Monte Carlo forecast and status,
//! with predecessors delaying their successors (4.7); then commitments on those forecasts.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::forecast::{self, Forecast, TRIALS};
use super::work::WorkView;
use super::{EntityKind, EntityRef, Signal, SignalKind, Status, days};
use crate::link::Graph;
use crate::load::Project;
use crate::model::{InitiativeState, WorkStatus};
use crate::words;

#[derive(Debug, Clone)]
pub struct InitiativeResult {
    pub status: Status,
    /// In-scope work items: existing, not containers, not cancelled.
    pub items: Vec<usize>,
    pub scope: f64,
    pub done: f64,
    pub progress: Option<f64>,
    pub samples: Vec<f64>,
    pub forecast: Option<Forecast>,
    pub on_time_probability: Option<f64>,
    /// P85 finish − due, in days.
    pub slip_days: Option<i64>,
    /// P85 finish − baseline_due, when the initiative was re-planned.
    pub slip_vs_baseline: Option<i64>,
    pub overdue: Vec<usize>,
    pub blocked: Vec<usize>,
    pub unassigned: Vec<usize>,
    pub dormant: bool,
    pub first_activity: Option<NaiveDate>,
    pub last_activity: Option<NaiveDate>,
    /// The predecessor whose P50 delays this initiative's forecast.
    pub delayed_by: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct CommitmentResult {
    pub status: Status,
    /// P(the initiative finishes by the commitment date), where there is a forecast.
    pub probability: Option<f64>,
    pub last_done: Option<NaiveDate>,
}

pub fn analyse(
    project: &Project,
    graph: &Graph,
    work: &WorkView,
    as_of: NaiveDate,
    forecasts: &mut forecast::Cache,
    signals: &mut Vec<Signal>,
) -> Vec<InitiativeResult> {
    let settings = &project.config;
    let mut results: Vec<InitiativeResult> = (0..project.initiatives.len())
        .into_par_iter()
        .map(|i| measure(project, graph, work, as_of, i))
        .collect();

    // Forecasts level by level, so each predecessor's P50 is known before its successors run.
    // The runs used here are kept for the next build; the others are dropped.
    let mut used = forecast::Cache::default();
    for level in levels(graph) {
        let kept: &forecast::Cache = forecasts;
        // Per initiative: the run's inputs and result (none for one that runs no trials), and
        // the predecessor that delays it.
        type Run = (usize, Option<(forecast::Inputs, Option<Forecast>)>, Option<usize>);
        let run: Vec<Run> = level
            .par_iter()
            .map(|&i| {
                let r = &results[i];
                let initiative = &project.initiatives[i];
                if initiative.state != InitiativeState::Active || r.status == Status::Done {
                    return (i, None, None);
                }
                let delay = graph.predecessors[i]
                    .iter()
                    .filter(|&&p| blocks(project, p, &results[p]))
                    .filter_map(|&p| results[p].forecast.as_ref().map(|f| (f.p50, p)))
                    .filter(|(p50, _)| *p50 > as_of)
                    .max();
                let start = delay.map_or(as_of, |(p50, _)| p50);
                let inputs = forecast::Inputs::new(&r.samples, r.scope - r.done, start, &initiative.id);
                let forecast = kept.run(&inputs);
                (i, Some((inputs, forecast)), delay.map(|(_, p)| p))
            })
            .collect();
        for (i, ran, delayed_by) in run {
            let Some((inputs, forecast)) = ran else { continue };
            results[i].forecast = forecast.clone();
            results[i].delayed_by = delayed_by.filter(|_| results[i].forecast.is_some());
            used.keep(inputs, forecast);
        }
    }
    *forecasts = used;

    for (i, r) in results.iter_mut().enumerate() {
        let initiative = &project.initiatives[i];
        let due = initiative.due;
        if let (Some(f), Some(due)) = (&r.forecast, due) {
            r.on_time_probability = Some(if due < as_of { 0.0 } else { f.probability_by(due) });
            r.slip_days = Some(days(due, f.p85));
            r.slip_vs_baseline = initiative.baseline_due.filter(|&b| b < due).map(|b| days(b, f.p85));
        }
        if r.status == Status::Unknown {
            r.status = status_from_forecast(r, due, as_of, &settings.thresholds);
        }
    }
    let context = Context { project, graph, work, results: &results, as_of };
    for i in 0..results.len() {
        context.signals(i, signals);
    }
    results
}

/// An active predecessor that is not done holds its successors back.
fn blocks(project: &Project, p: usize, predecessor: &InitiativeResult) -> bool {
    project.initiatives[p].state == InitiativeState::Active && predecessor.status != Status::Done
}

/// Initiatives grouped so that every predecessor sits in an earlier group.
fn levels(graph: &Graph) -> Vec<Vec<usize>> {
    let mut level = vec![0usize; graph.predecessors.len()];
    for &i in &graph.initiative_order {
        level[i] = graph.predecessors[i].iter().map(|&p| level[p] + 1).max().unwrap_or(0);
    }
    let depth = level.iter().max().map_or(0, |m| m + 1);
    let mut groups = vec![vec![]; depth];
    for (i, &l) in level.iter().enumerate() {
        groups[l].push(i);
    }
    groups
}

/// Everything but the forecast: scope, done, throughput samples, work lists and the statuses that
/// do not need a forecast. `Unknown` here means "decided by the forecast later".
fn measure(
    project: &Project,
    graph: &Graph,
    work: &WorkView,
    as_of: NaiveDate,
    i: usize,
) -> InitiativeResult {
    let initiative = &project.initiatives[i];
    let settings = &project.config;
    let items: Vec<usize> =
        graph.items_of_initiative[i].iter().copied().filter(|&w| work.is_item[w]).collect();
    // `+ 0.0` turns the empty sum's −0.0 into 0.0, which is what a reader expects to see.
    let scope: f64 = items.iter().map(|&w| work.weight[w]).sum::<f64>() + 0.0;
    let done: f64 = items.iter().filter(|&&w| work.is_done(w)).map(|&w| work.weight[w]).sum::<f64>() + 0.0;
    let not_after = |d: Option<NaiveDate>| d.filter(|&d| d <= as_of);
    let first_activity =
        items.iter().filter_map(|&w| not_after(project.work[w].started.or(project.work[w].created))).min();
    let last_activity = items
        .iter()
        .flat_map(|&w| {
            let item = &project.work[w];
            let done = if work.is_done(w) { item.done } else { None };
            [item.created, item.started, done]
        })
        .filter_map(not_after)
        .max();
    let done_dates: Vec<(NaiveDate, f64)> = items
        .iter()
        .filter(|&&w| work.is_done(w))
        .filter_map(|&w| project.work[w].done.map(|d| (d, work.weight[w])))
        .collect();
    let samples =
        forecast::weekly_samples(&done_dates, first_activity, as_of, settings.work.throughput_weeks);
    let open = |w: &&usize| !work.is_done(**w);
    let overdue = items
        .iter()
        .filter(open)
        .filter(|&&w| project.work[w].due.is_some_and(|d| d < as_of))
        .copied()
        .collect();
    let blocked = items.iter().filter(|&&w| work.status[w] == Some(WorkStatus::Blocked)).copied().collect();
    let unassigned = items
        .iter()
        .filter(|&&w| work.status[w].is_some_and(WorkStatus::is_active) && project.work[w].assignee.is_none())
        .copied()
        .collect();
    let any_started = items.iter().any(|&w| {
        work.status[w].is_some_and(|s| s.is_active() || s == WorkStatus::Done)
            || project.work[w].started.is_some_and(|s| s <= as_of)
    });
    let all_done = !items.is_empty() && items.iter().all(|&w| work.is_done(w));
    // docs/analysis.md#initiatives: the first rule that applies; the forecast-based ones come later.
    let status = match initiative.state {
        InitiativeState::Proposed => Status::Proposed,
        InitiativeState::Paused => Status::Paused,
        InitiativeState::Cancelled => Status::Cancelled,
        InitiativeState::Done => Status::Done,
        InitiativeState::Active if all_done => Status::Done,
        InitiativeState::Active if initiative.start.is_some_and(|s| s > as_of) && !any_started => {
            Status::NotStarted
        }
        InitiativeState::Active if initiative.due.is_some_and(|d| d < as_of) => Status::OffTrack,
        InitiativeState::Active => Status::Unknown,
    };
    let dormant = initiative.state == InitiativeState::Active
        && !matches!(status, Status::Done | Status::NotStarted)
        && last_activity.is_none_or(|d| days(d, as_of) > settings.thresholds.dormant_after_days);
    InitiativeResult {
        status,
        items,
        scope,
        done,
        progress: (scope > 0.0).then(|| done / scope),
        samples,
        forecast: None,
        on_time_probability: None,
        slip_days: None,
        slip_vs_baseline: None,
        overdue,
        blocked,
        unassigned,
        dormant,
        first_activity,
        last_activity,
        delayed_by: None,
    }
}

fn status_from_forecast(
    r: &InitiativeResult,
    due: Option<NaiveDate>,
    as_of: NaiveDate,
    t: &crate::config::Thresholds,
) -> Status {
    if due.is_some_and(|d| d < as_of) {
        return Status::OffTrack;
    }
    let Some(_) = &r.forecast else { return Status::Unknown };
    // Without a due date nothing can be late: the forecast is shown, the status is on track.
    match r.on_time_probability {
        Some(p) if p < t.late_probability - super::EPSILON => Status::OffTrack,
        Some(p) if p < t.on_time_probability - super::EPSILON => Status::AtRisk,
        // Nothing moves on a dormant initiative, so a forecast drawn from its past weeks is not to
        // be believed: on track by the numbers is at risk in fact.
        _ if r.dormant => Status::AtRisk,
        _ => Status::OnTrack,
    }
}

/// What an initiative's signals are read from: the project and every initiative's result (a
/// signal may name a predecessor's forecast).
struct Context<'a> {
    project: &'a Project,
    graph: &'a Graph,
    work: &'a WorkView,
    results: &'a [InitiativeResult],
    as_of: NaiveDate,
}

impl Context<'_> {
    /// The signals on initiative `i`: its status with the causes behind it, then each finding on
    /// its own (no forecast, re-planned, dormant, overdue, blocked and unassigned work, work after
    /// its key results ended, dependency conflicts).
    fn signals(&self, i: usize, signals: &mut Vec<Signal>) {
        let initiative = &self.project.initiatives[i];
        let me = EntityRef::new(EntityKind::Initiative, &initiative.id);
        let mut push = |kind: SignalKind, message: String, related: Vec<EntityRef>| {
            signals.push(Signal::new(kind, me.clone(), message).with_related(related));
        };
        if initiative.krs.is_empty() && initiative.state != InitiativeState::Cancelled {
            push(
                SignalKind::InitiativeWithoutKr,
                format!("{} supports no key result", initiative.id),
                vec![],
            );
        }
        if initiative.state != InitiativeState::Active {
            return;
        }
        self.status_signal(i, &mut push);
        self.finding_signals(i, &mut push);
        self.dependency_signals(i, &mut push);
    }

    fn item_refs(&self, list: &[usize]) -> Vec<EntityRef> {
        list.iter().map(|&w| EntityRef::new(EntityKind::WorkItem, &self.project.work[w].id)).collect()
    }

    /// An initiative at risk or off track says why, most severe cause first.
    fn status_signal(&self, i: usize, push: &mut impl FnMut(SignalKind, String, Vec<EntityRef>)) {
        let (project, r, as_of) = (self.project, &self.results[i], self.as_of);
        let initiative = &project.initiatives[i];
        if !r.status.is_behind() {
            return;
        }
        let kind = if r.status == Status::OffTrack {
            SignalKind::InitiativeOffTrack
        } else {
            SignalKind::InitiativeAtRisk
        };
        let mut why = Vec::new();
        if let Some(due) = initiative.due.filter(|&d| d < as_of) {
            why.push(format!("its due date, {}, has passed", words::date(due)));
        } else if let (Some(f), Some(due)) = (&r.forecast, initiative.due) {
            let chance = words::chance(f.finished_by(due), TRIALS, due);
            let chance = if chance.ends_with('%') {
                format!("{chance} of the trials finish by the due date, {}", words::date(due))
            } else {
                chance
            };
            why.push(format!("{chance}; P85 is {}, {}", words::date(f.p85), words::slip(days(due, f.p85))));
        }
        if r.dormant {
            why.push(format!("no work moved since {}, so its forecast is not to be believed", self.since(r)));
        }
        if let Some(p) = r.delayed_by {
            why.push(format!("it waits for {}", project.initiatives[p].id));
        }
        if !r.overdue.is_empty() {
            why.push(words::count(r.overdue.len(), "overdue item"));
        }
        if !r.blocked.is_empty() {
            why.push(words::count(r.blocked.len(), "blocked item"));
        }
        let mut related: Vec<EntityRef> = r
            .delayed_by
            .map(|p| EntityRef::new(EntityKind::Initiative, &project.initiatives[p].id))
            .into_iter()
            .collect();
        // An item both blocked and overdue is one cause, named once.
        for item in self.item_refs(&r.blocked).into_iter().chain(self.item_refs(&r.overdue)) {
            if !related.contains(&item) {
                related.push(item);
            }
        }
        push(
            kind,
            format!("{} is {}: {}", initiative.id, words::status(r.status).phrase, why.join("; ")),
            related,
        );
    }

    /// "20 Oct 2026", or "it started" when nothing ever moved.
    fn since(&self, r: &InitiativeResult) -> String {
        r.last_activity.map_or("it started".into(), words::date)
    }

    fn finding_signals(&self, i: usize, push: &mut impl FnMut(SignalKind, String, Vec<EntityRef>)) {
        let (project, graph, work, r) = (self.project, self.graph, self.work, &self.results[i]);
        let initiative = &project.initiatives[i];
        if r.forecast.is_none() && !matches!(r.status, Status::Done | Status::NotStarted) {
            push(
                SignalKind::NoForecast,
                format!(
                    "{} has no forecast: nothing was finished in the last {}",
                    initiative.id,
                    words::count(project.config.work.throughput_weeks as usize, "week")
                ),
                vec![],
            );
        }
        if let (Some(due), Some(baseline)) = (initiative.due, initiative.baseline_due)
            && due > baseline
        {
            let slip = r
                .slip_vs_baseline
                .map(|s| format!("; P85 is {} against the first promise", words::slip(s)))
                .unwrap_or_default();
            push(
                SignalKind::Replanned,
                format!(
                    "{} moved its due date from {} to {} ({} later){slip}",
                    initiative.id,
                    words::date(baseline),
                    words::date(due),
                    words::count(days(baseline, due) as usize, "day")
                ),
                vec![],
            );
        }
        if r.dormant {
            push(
                SignalKind::Dormant,
                format!("{} is active but no work moved since {}", initiative.id, self.since(r)),
                vec![],
            );
        }
        if !r.overdue.is_empty() {
            push(
                SignalKind::OverdueWork,
                format!("{} has {}", initiative.id, words::count(r.overdue.len(), "overdue item")),
                self.item_refs(&r.overdue),
            );
        }
        if !r.blocked.is_empty() {
            push(
                SignalKind::BlockedWork,
                format!("{} has {}", initiative.id, words::count(r.blocked.len(), "blocked item")),
                self.item_refs(&r.blocked),
            );
        }
        if !r.unassigned.is_empty() {
            push(
                SignalKind::UnassignedWork,
                format!(
                    "{} has {} in progress with no assignee",
                    initiative.id,
                    words::count(r.unassigned.len(), "item")
                ),
                self.item_refs(&r.unassigned),
            );
        }
        // Work done after every supported key result's window ended.
        let windows = graph.krs_of_initiative[i].iter().map(|&k| project.krs[k].end);
        if let Some(last_end) = windows.max() {
            let late: Vec<usize> = r
                .items
                .iter()
                .copied()
                .filter(|&w| work.is_done(w) && project.work[w].done.is_some_and(|d| d > last_end))
                .collect();
            if !late.is_empty() {
                push(
                    SignalKind::ExpiredKrWork,
                    format!(
                        "{} finished {} after its key results ended on {}",
                        initiative.id,
                        words::count(late.len(), "item"),
                        words::date(last_end)
                    ),
                    self.item_refs(&late),
                );
            }
        }
    }

    /// A predecessor whose P50 finish falls after this initiative's start or due date.
    fn dependency_signals(&self, i: usize, push: &mut impl FnMut(SignalKind, String, Vec<EntityRef>)) {
        let project = self.project;
        let initiative = &project.initiatives[i];
        for &p in &self.graph.predecessors[i] {
            let pred = &self.results[p];
            let Some(p50) = pred.forecast.as_ref().map(|f| f.p50) else { continue };
            if !blocks(project, p, pred) {
                continue;
            }
            let late_for = [("start", initiative.start), ("due date", initiative.due)].into_iter().find_map(
                |(what, date)| date.filter(|&d| p50 > d).map(|d| format!("{what}, {}", words::date(d))),
            );
            if let Some(late_for) = late_for {
                push(
                    SignalKind::DependencyConflict,
                    format!(
                        "{} waits for {}, whose P50 finish, {}, falls after its {late_for}",
                        initiative.id,
                        project.initiatives[p].id,
                        words::date(p50)
                    ),
                    vec![EntityRef::new(EntityKind::Initiative, &project.initiatives[p].id)],
                );
            }
        }
    }
}

/// docs/analysis.md#dependencies-and-commitments: kept, broken, at risk or on track.
pub fn commitments(
    project: &Project,
    graph: &Graph,
    initiatives: &[InitiativeResult],
    work: &WorkView,
    as_of: NaiveDate,
    signals: &mut Vec<Signal>,
) -> Vec<CommitmentResult> {
    let on_time = project.config.thresholds.on_time_probability;
    let mut last_done: HashMap<usize, Option<NaiveDate>> = HashMap::new();
    project
        .commitments
        .iter()
        .enumerate()
        .map(|(c, commitment)| {
            let Some(i) = graph.initiative_of_commitment[c] else {
                return CommitmentResult { status: Status::Unknown, probability: None, last_done: None };
            };
            let r = &initiatives[i];
            let last = *last_done.entry(i).or_insert_with(|| {
                r.items.iter().filter(|&&w| work.is_done(w)).filter_map(|&w| project.work[w].done).max()
            });
            let kept = r.status == Status::Done && last.is_none_or(|d| d <= commitment.date);
            let probability = if r.status == Status::Done {
                Some(if kept { 1.0 } else { 0.0 })
            } else {
                r.forecast.as_ref().map(|f| f.probability_by(commitment.date))
            };
            let status = if kept {
                Status::Kept
            } else if commitment.date < as_of {
                Status::Broken
            } else if probability.unwrap_or(0.0) < on_time - super::EPSILON {
                Status::AtRisk
            } else {
                Status::OnTrack
            };
            let me = EntityRef::new(EntityKind::Commitment, &commitment.id);
            let initiative = EntityRef::new(EntityKind::Initiative, &project.initiatives[i].id);
            // The promise reads with the name of who made it, where people.csv knows them.
            let who = commitment
                .made_by
                .as_deref()
                .map(|m| {
                    let name = graph.person(Some(m)).map_or(m, |p| project.people[p].name.as_str());
                    format!(" by {name}")
                })
                .unwrap_or_default();
            let promise = format!("{} promised{who} for {}", commitment.id, words::date(commitment.date));
            match status {
                Status::Broken => signals.push(
                    Signal::new(
                        SignalKind::CommitmentBroken,
                        me,
                        format!("{promise} was not kept: {} is not done", initiative.id),
                    )
                    .with_related(vec![initiative]),
                ),
                Status::AtRisk => {
                    let chance = r.forecast.as_ref().map_or("it has no forecast".into(), |f| {
                        let chance = words::chance(f.finished_by(commitment.date), TRIALS, commitment.date);
                        if chance.ends_with('%') {
                            format!("{chance} of the trials finish by then")
                        } else {
                            chance
                        }
                    });
                    signals.push(
                        Signal::new(
                            SignalKind::CommitmentAtRisk,
                            me,
                            format!("{promise} is at risk: {} ({chance})", initiative.id),
                        )
                        .with_related(vec![initiative]),
                    )
                }
                _ => {}
            }
            CommitmentResult { status, probability, last_done: last }
        })
        .collect()
}
