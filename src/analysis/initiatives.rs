//! Initiatives (SPEC 4.4): scope, done, progress, throughput, the Monte Carlo forecast and status,
//! with predecessors delaying their successors (4.7); then commitments on those forecasts.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::forecast::{self, Forecast};
use super::work::WorkView;
use super::{EntityKind, EntityRef, Signal, SignalKind, Status, days};
use crate::graph::Graph;
use crate::ingest::Project;
use crate::model::{InitiativeState, WorkStatus};

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
    signals: &mut Vec<Signal>,
) -> Vec<InitiativeResult> {
    let settings = &project.config;
    let mut results: Vec<InitiativeResult> = (0..project.initiatives.len())
        .into_par_iter()
        .map(|i| measure(project, graph, work, as_of, i))
        .collect();

    // Forecasts level by level, so each predecessor's P50 is known before its successors run.
    for level in levels(graph) {
        let forecasts: Vec<(usize, Option<Forecast>, Option<usize>)> = level
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
                let forecast = forecast::monte_carlo(&r.samples, r.scope - r.done, start, &initiative.id);
                (i, forecast, delay.map(|(_, p)| p))
            })
            .collect();
        for (i, forecast, delayed_by) in forecasts {
            results[i].forecast = forecast;
            results[i].delayed_by = delayed_by.filter(|_| results[i].forecast.is_some());
        }
    }

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
    for (i, r) in results.iter().enumerate() {
        initiative_signals(project, graph, work, &results, i, r, as_of, signals);
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
    // SPEC 4.4: the first rule that applies; the forecast-based ones come later.
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
        _ => Status::OnTrack,
    }
}

/// "1 item", "3 items".
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn pct(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

#[allow(clippy::too_many_arguments)]
fn initiative_signals(
    project: &Project,
    graph: &Graph,
    work: &WorkView,
    results: &[InitiativeResult],
    i: usize,
    r: &InitiativeResult,
    as_of: NaiveDate,
    signals: &mut Vec<Signal>,
) {
    let initiative = &project.initiatives[i];
    let me = EntityRef::new(EntityKind::Initiative, &initiative.id);
    let item_refs = |list: &[usize]| -> Vec<EntityRef> {
        list.iter().map(|&w| EntityRef::new(EntityKind::WorkItem, &project.work[w].id)).collect()
    };
    let mut push = |kind: SignalKind, message: String, related: Vec<EntityRef>| {
        signals.push(Signal::new(kind, me.clone(), message).with_related(related));
    };
    if initiative.krs.is_empty() && initiative.state != InitiativeState::Cancelled {
        push(SignalKind::InitiativeWithoutKr, format!("{} supports no key result", initiative.id), vec![]);
    }
    if initiative.state != InitiativeState::Active {
        return;
    }
    if matches!(r.status, Status::OffTrack | Status::AtRisk) {
        let kind = if r.status == Status::OffTrack {
            SignalKind::InitiativeOffTrack
        } else {
            SignalKind::InitiativeAtRisk
        };
        let mut why = Vec::new();
        if let Some(due) = initiative.due.filter(|&d| d < as_of) {
            why.push(format!("its due date {due} has passed"));
        }
        if let (Some(p), Some(f), Some(due)) = (r.on_time_probability, &r.forecast, initiative.due) {
            why.push(format!("P(on time) {}; P85 {} against due {}", pct(p), f.p85, due));
        }
        if let Some(p) = r.delayed_by {
            why.push(format!("waits for {}", project.initiatives[p].id));
        }
        if !r.overdue.is_empty() {
            why.push(plural(r.overdue.len(), "overdue item"));
        }
        if !r.blocked.is_empty() {
            why.push(plural(r.blocked.len(), "blocked item"));
        }
        let mut related: Vec<EntityRef> = r
            .delayed_by
            .map(|p| EntityRef::new(EntityKind::Initiative, &project.initiatives[p].id))
            .into_iter()
            .collect();
        related.extend(item_refs(&r.blocked));
        related.extend(item_refs(&r.overdue));
        related.dedup();
        push(
            kind,
            format!("{} is {}: {}", initiative.id, r.status.label().to_lowercase(), why.join("; ")),
            related,
        );
    }
    if r.forecast.is_none() && !matches!(r.status, Status::Done | Status::NotStarted) {
        push(
            SignalKind::NoForecast,
            format!(
                "{} has no forecast: nothing was finished in the last {} weeks",
                initiative.id, project.config.work.throughput_weeks
            ),
            vec![],
        );
    }
    if let (Some(due), Some(baseline)) = (initiative.due, initiative.baseline_due)
        && due > baseline
    {
        let slip = r
            .slip_vs_baseline
            .map(|s| format!("; P85 is {s} days after the first promise"))
            .unwrap_or_default();
        push(
            SignalKind::Replanned,
            format!(
                "{} moved its due date from {baseline} to {due} (+{} days){slip}",
                initiative.id,
                days(baseline, due)
            ),
            vec![],
        );
    }
    if r.dormant {
        let since = r.last_activity.map_or("ever".to_string(), |d| d.to_string());
        push(
            SignalKind::Dormant,
            format!("{} is active but no work moved since {since}", initiative.id),
            vec![],
        );
    }
    if !r.overdue.is_empty() {
        push(
            SignalKind::OverdueWork,
            format!("{} has {}", initiative.id, plural(r.overdue.len(), "overdue item")),
            item_refs(&r.overdue),
        );
    }
    if !r.blocked.is_empty() {
        push(
            SignalKind::BlockedWork,
            format!("{} has {}", initiative.id, plural(r.blocked.len(), "blocked item")),
            item_refs(&r.blocked),
        );
    }
    if !r.unassigned.is_empty() {
        push(
            SignalKind::UnassignedWork,
            format!(
                "{} has {} in progress with no assignee",
                initiative.id,
                plural(r.unassigned.len(), "item")
            ),
            item_refs(&r.unassigned),
        );
    }
    // Work done after every supported key result's window ended.
    let windows: Vec<NaiveDate> = graph.krs_of_initiative[i].iter().map(|&k| project.krs[k].end).collect();
    if let Some(&last_end) = windows.iter().max() {
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
                    "{} finished {} items after its key results ended ({last_end})",
                    initiative.id,
                    late.len()
                ),
                item_refs(&late),
            );
        }
    }
    for &p in &graph.predecessors[i] {
        let pred = &results[p];
        let Some(p50) = pred.forecast.as_ref().map(|f| f.p50) else { continue };
        if !blocks(project, p, pred) {
            continue;
        }
        let late_for = [("start", initiative.start), ("due date", initiative.due)]
            .into_iter()
            .find_map(|(what, date)| date.filter(|&d| p50 > d).map(|d| format!("{what} {d}")));
        if let Some(late_for) = late_for {
            push(
                SignalKind::DependencyConflict,
                format!(
                    "{} waits for {}, whose P50 finish {p50} falls after its {late_for}",
                    initiative.id, project.initiatives[p].id
                ),
                vec![EntityRef::new(EntityKind::Initiative, &project.initiatives[p].id)],
            );
        }
    }
}

/// SPEC 4.7: kept, broken, at risk or on track.
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
            let who = commitment.made_by.as_deref().map(|m| format!(" by {m}")).unwrap_or_default();
            match status {
                Status::Broken => signals.push(
                    Signal::new(
                        SignalKind::CommitmentBroken,
                        me,
                        format!(
                            "{} promised{who} for {} was not kept: {} is not done",
                            commitment.id, commitment.date, initiative.id
                        ),
                    )
                    .with_related(vec![initiative]),
                ),
                Status::AtRisk => {
                    let chance =
                        probability.map_or("no forecast".into(), |p| format!("P(done by then) {}", pct(p)));
                    signals.push(
                        Signal::new(
                            SignalKind::CommitmentAtRisk,
                            me,
                            format!(
                                "{} promised{who} for {} is at risk: {} ({chance})",
                                commitment.id, commitment.date, initiative.id
                            ),
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
