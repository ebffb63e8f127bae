//! Key results (docs/analysis.md#key-results): progress, expected pace, gap, the least-squares forecast, status,
//! staleness and confidence; output against outcome (4.8).

use chrono::NaiveDate;

use super::initiatives::InitiativeResult;
use super::{EPSILON, EntityKind, EntityRef, Signal, SignalKind, Status, days};
use crate::link::Graph;
use crate::load::Project;
use crate::model::{CheckIn, Direction, InitiativeState, KeyResult, KrKind, Pace};
use crate::words::{self, percent as fmt};

#[derive(Debug, Clone)]
pub struct KrResult {
    pub status: Status,
    /// The gap-based status, before the forecast and initiative bumps ("on pace", docs/analysis.md#output-against-outcome).
    pub pace_status: Status,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub gap: Option<f64>,
    pub forecast_progress: Option<f64>,
    pub latest_value: Option<f64>,
    pub latest_checkin: Option<NaiveDate>,
    pub stale: bool,
    pub confidence: Option<f64>,
    pub confidence_change: Option<f64>,
    /// Check-ins on or before `as_of`, oldest first (on a tie, file order).
    pub checkins: Vec<usize>,
    /// The least-squares line through the window's check-ins: (slope per day, value at start).
    pub trend: Option<(f64, f64)>,
    /// Scope-weighted progress of the active and done initiatives that support it.
    pub output: Option<f64>,
    /// Supporting initiatives that are off track (the work tier's slip).
    pub off_track_initiatives: Vec<usize>,
}

/// Progress of a value between baseline and target, not clamped.
pub fn progress_of(value: f64, baseline: f64, target: f64) -> f64 {
    (value - baseline) / (target - baseline)
}

/// Expected progress on `as_of`: linear in days, or piecewise-linear through the milestones,
/// clamped to [0, 1].
pub fn expected(kr: &KeyResult, pace: &Pace, as_of: NaiveDate) -> f64 {
    let mut points = vec![(kr.start, 0.0)];
    if let Pace::Milestones(milestones) = pace {
        points.extend(milestones.iter().copied());
    }
    points.push((kr.end, 1.0));
    if as_of <= kr.start {
        return 0.0;
    }
    for pair in points.windows(2) {
        let ((d0, v0), (d1, v1)) = (pair[0], pair[1]);
        if as_of <= d1 {
            let span = days(d0, d1);
            let e = if span == 0 { v1 } else { v0 + (v1 - v0) * days(d0, as_of) as f64 / span as f64 };
            return e.clamp(0.0, 1.0);
        }
    }
    1.0
}

/// Least squares of value against day number: (slope per day, intercept at day 0 = `origin`).
/// `None` with fewer than two points or fewer than two different days.
pub fn least_squares(points: &[(NaiveDate, f64)], origin: NaiveDate) -> Option<(f64, f64)> {
    let xs: Vec<f64> = points.iter().map(|(d, _)| days(origin, *d) as f64).collect();
    if points.len() < 2 || xs.iter().all(|&x| x == xs[0]) {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = points.iter().map(|(_, v)| v).sum::<f64>() / n;
    let sxy: f64 = xs.iter().zip(points).map(|(x, (_, y))| (x - mean_x) * (y - mean_y)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let slope = sxy / sxx;
    Some((slope, mean_y - slope * mean_x))
}

fn holds(value: f64, threshold: f64, direction: Direction) -> bool {
    match direction {
        Direction::AtMost => value <= threshold,
        Direction::AtLeast => value >= threshold,
    }
}

fn gap_status(gap: f64, t: &crate::config::Thresholds) -> Status {
    if gap >= -t.at_risk_gap - EPSILON {
        Status::OnTrack
    } else if gap >= -t.off_track_gap - EPSILON {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

pub fn analyse(
    project: &Project,
    graph: &Graph,
    initiatives: &[InitiativeResult],
    as_of: NaiveDate,
    signals: &mut Vec<Signal>,
) -> Vec<KrResult> {
    project
        .krs
        .iter()
        .enumerate()
        .map(|(k, kr)| {
            let result = measure(project, graph, initiatives, k, as_of);
            kr_signals(project, graph, k, kr, &result, as_of, signals);
            result
        })
        .collect()
}

fn measure(
    project: &Project,
    graph: &Graph,
    initiatives: &[InitiativeResult],
    k: usize,
    as_of: NaiveDate,
) -> KrResult {
    let kr = &project.krs[k];
    let t = &project.config.thresholds;
    let mut checkins: Vec<usize> =
        graph.checkins_of_kr[k].iter().copied().filter(|&c| project.checkins[c].date <= as_of).collect();
    // Oldest first; on a tie the later row of the file is the later check-in.
    checkins.sort_by_key(|&c| (project.checkins[c].date, c));
    let latest: Option<&CheckIn> = checkins.last().map(|&c| &project.checkins[c]);
    let with_confidence: Vec<f64> = checkins.iter().filter_map(|&c| project.checkins[c].confidence).collect();
    let confidence = with_confidence.last().copied();
    let confidence_change = match with_confidence.as_slice() {
        [.., previous, last] => Some(last - previous),
        _ => None,
    };
    let (mut progress, mut gap, mut forecast_progress, mut trend) = (None, None, None, None);
    // Expected progress depends on dates alone: a key result without a check-in still has it.
    let expected_now = match &kr.kind {
        KrKind::Progress { pace, .. } => Some(expected(kr, pace, as_of)),
        KrKind::Maintain { .. } => None,
    };
    let measured = latest.map(|latest| match &kr.kind {
        KrKind::Progress { baseline, target, pace } => {
            let p = progress_of(latest.value, *baseline, *target);
            let e = expected(kr, pace, as_of);
            progress = Some(p);
            gap = Some(p - e);
            if p >= 1.0 - EPSILON { Status::Done } else { gap_status(p - e, t) }
        }
        KrKind::Maintain { threshold, direction } => {
            let ok = holds(latest.value, *threshold, *direction);
            progress = Some(if ok { 1.0 } else { 0.0 });
            if ok { Status::OnTrack } else { Status::OffTrack }
        }
    });
    let pace_status = if as_of < kr.start { Status::NotStarted } else { measured.unwrap_or(Status::NoData) };
    if let (KrKind::Progress { baseline, target, .. }, Some(_)) = (&kr.kind, latest) {
        let window: Vec<(NaiveDate, f64)> = checkins
            .iter()
            .map(|&c| &project.checkins[c])
            .filter(|c| c.date >= kr.start && c.date <= kr.end)
            .map(|c| (c.date, c.value))
            .collect();
        if let Some((slope, intercept)) = least_squares(&window, kr.start) {
            trend = Some((slope, intercept));
            let at_end = intercept + slope * days(kr.start, kr.end) as f64;
            forecast_progress = Some(progress_of(at_end, *baseline, *target));
        }
    }
    let off_track_initiatives: Vec<usize> = graph.initiatives_of_kr[k]
        .iter()
        .copied()
        .filter(|&i| initiatives[i].status == Status::OffTrack)
        .collect();
    let mut status = pace_status;
    if status == Status::OnTrack {
        let forecast_miss = matches!(kr.kind, KrKind::Progress { .. })
            && forecast_progress.is_some_and(|f| f < 1.0 - t.at_risk_gap - EPSILON);
        if forecast_miss || !off_track_initiatives.is_empty() {
            status = Status::AtRisk;
        }
    }
    let supporting: Vec<usize> = graph.initiatives_of_kr[k]
        .iter()
        .copied()
        .filter(|&i| matches!(project.initiatives[i].state, InitiativeState::Active | InitiativeState::Done))
        .collect();
    let scope: f64 = supporting.iter().map(|&i| initiatives[i].scope).sum();
    let done: f64 = supporting.iter().map(|&i| initiatives[i].done).sum();
    KrResult {
        status,
        pace_status,
        progress,
        expected: expected_now,
        gap,
        forecast_progress,
        latest_value: latest.map(|c| c.value),
        latest_checkin: latest.map(|c| c.date),
        stale: latest.is_some_and(|c| days(c.date, as_of) > t.stale_after_days),
        confidence,
        confidence_change,
        checkins,
        trend,
        output: (scope > 0.0).then(|| done / scope),
        off_track_initiatives,
    }
}

/// "the latest value, 1.1%, is above the line of at most 0.8%": a maintain key result's latest
/// value against its threshold.
fn against_line(kr: &KeyResult, value: f64, threshold: f64, direction: Direction) -> String {
    let side = match (holds(value, threshold, direction), direction) {
        (true, _) => "holds",
        (false, Direction::AtMost) => "is above",
        (false, Direction::AtLeast) => "is below",
    };
    format!(
        "the latest value, {}, {side} the line of {} {}",
        words::with_unit(value, &kr.unit),
        words::direction(direction),
        words::with_unit(threshold, &kr.unit)
    )
}

fn kr_signals(
    project: &Project,
    graph: &Graph,
    k: usize,
    kr: &KeyResult,
    r: &KrResult,
    as_of: NaiveDate,
    signals: &mut Vec<Signal>,
) {
    let t = &project.config.thresholds;
    let me = EntityRef::new(EntityKind::Kr, &kr.id);
    let initiative_refs = |list: &[usize]| -> Vec<EntityRef> {
        list.iter().map(|&i| EntityRef::new(EntityKind::Initiative, &project.initiatives[i].id)).collect()
    };
    let is_progress = matches!(kr.kind, KrKind::Progress { .. });
    let forecast_miss = r.pace_status == Status::OnTrack
        && is_progress
        && r.forecast_progress.is_some_and(|f| f < 1.0 - t.at_risk_gap - EPSILON);
    let mut push = |kind: SignalKind, message: String, related: Vec<EntityRef>| {
        signals.push(Signal::new(kind, me.clone(), message).with_related(related));
    };
    if r.status.is_behind() {
        let causes = why_behind(project, kr, r, forecast_miss);
        let kind = if r.status == Status::OffTrack { SignalKind::KrOffTrack } else { SignalKind::KrAtRisk };
        push(
            kind,
            format!("{} is {}: {}", kr.id, words::status(r.status).phrase, causes.join("; ")),
            initiative_refs(&r.off_track_initiatives),
        );
    }
    if forecast_miss {
        push(
            SignalKind::ForecastMiss,
            format!(
                "{} is on pace, but its trend reaches only {} of the target by {}",
                kr.id,
                fmt(r.forecast_progress),
                words::date(kr.end)
            ),
            vec![],
        );
    }
    for (kind, message) in check_in_signals(kr, r, as_of) {
        push(kind, message, vec![]);
    }
    let supporters: Vec<usize> = graph.initiatives_of_kr[k]
        .iter()
        .copied()
        .filter(|&i| matches!(project.initiatives[i].state, InitiativeState::Active | InitiativeState::Done))
        .collect();
    if supporters.is_empty() {
        push(SignalKind::UnsupportedKr, format!("no active or done initiative supports {}", kr.id), vec![]);
    }
    // docs/analysis.md#output-against-outcome: output against outcome, for progress key results with supporting initiatives.
    if is_progress && let Some(output) = r.output {
        for (kind, message) in output_against_outcome(kr, r, output) {
            push(kind, message, initiative_refs(&supporters));
        }
    }
}

/// Why a key result that is behind is behind, each cause in words: its progress against the
/// expected (or its value against its line), its initiatives off track, its trend.
fn why_behind(project: &Project, kr: &KeyResult, r: &KrResult, forecast_miss: bool) -> Vec<String> {
    let mut causes = Vec::new();
    if r.pace_status.is_behind() {
        match (&kr.kind, r.progress, r.expected, r.latest_value) {
            (KrKind::Progress { .. }, Some(p), Some(e), _) => {
                causes.push(format!("progress {} against {} expected", fmt(Some(p)), fmt(Some(e))))
            }
            (KrKind::Maintain { threshold, direction }, _, _, Some(value)) => {
                causes.push(against_line(kr, value, *threshold, *direction))
            }
            _ => {}
        }
    }
    if !r.off_track_initiatives.is_empty() {
        let ids: Vec<&str> =
            r.off_track_initiatives.iter().map(|&i| project.initiatives[i].id.as_str()).collect();
        let noun = if ids.len() == 1 { "initiative" } else { "initiatives" };
        causes.push(format!("{noun} {} off track", words::list(&ids)));
    }
    if forecast_miss {
        causes.push(format!(
            "the trend reaches {} of the target by {}",
            fmt(r.forecast_progress),
            words::date(kr.end)
        ));
    }
    causes
}

/// What a key result's check-ins say, in order: none since it started, none for too long, a
/// fall in confidence, and confidence that its status belies.
fn check_in_signals(kr: &KeyResult, r: &KrResult, as_of: NaiveDate) -> Vec<(SignalKind, String)> {
    let mut found = vec![];
    if r.status == Status::NoData {
        found.push((
            SignalKind::KrNoData,
            format!("{} started on {} and has no check-in", kr.id, words::date(kr.start)),
        ));
    }
    if r.stale
        && let Some(latest) = r.latest_checkin
    {
        found.push((
            SignalKind::KrStale,
            format!(
                "{} was last checked in on {}, {} before {}",
                kr.id,
                words::date(latest),
                words::count(days(latest, as_of) as usize, "day"),
                words::date(as_of)
            ),
        ));
    }
    if let (Some(change), Some(now)) = (r.confidence_change, r.confidence)
        && change <= -0.2 + EPSILON
    {
        found.push((
            SignalKind::ConfidenceDrop,
            format!("{}: confidence fell from {:.1} to {:.1}", kr.id, now - change, now),
        ));
    }
    if r.status.is_behind()
        && let Some(c) = r.confidence.filter(|&c| c >= 0.7 - EPSILON)
    {
        found.push((
            SignalKind::OptimismGap,
            format!(
                "{}: confidence {:.1} while the key result is {}",
                kr.id,
                c,
                words::status(r.status).phrase
            ),
        ));
    }
    found
}

/// A progress key result's output (`output`, how done its initiatives are) against its outcome:
/// much done that does not move it, or it moving with little done.
fn output_against_outcome(kr: &KeyResult, r: &KrResult, output: f64) -> Vec<(SignalKind, String)> {
    let mut found = vec![];
    if output >= 0.8 - EPSILON && r.pace_status.is_behind() {
        found.push((
            SignalKind::OutputWithoutOutcome,
            format!(
                "{}: its initiatives are {} done, yet the key result is {} on pace",
                kr.id,
                fmt(Some(output)),
                words::status(r.pace_status).phrase
            ),
        ));
    }
    if r.progress.is_some_and(|p| p >= 0.8 - EPSILON) && output < 0.2 - EPSILON {
        found.push((
            SignalKind::OutcomeWithoutOutput,
            format!(
                "{}: progress {} while its initiatives are only {} done",
                kr.id,
                fmt(r.progress),
                fmt(Some(output))
            ),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn kr(pace: Pace) -> KeyResult {
        KeyResult {
            id: "KR1".into(),
            bet: "B1".into(),
            title: "t".into(),
            unit: String::new(),
            kind: KrKind::Progress { baseline: 4.0, target: 6.0, pace: pace.clone() },
            start: d("2026-07-01"),
            end: d("2026-12-31"),
            owner: None,
            weight: None,
            description: String::new(),
            location: Location::default(),
        }
    }

    #[test]
    fn progress_is_not_clamped_and_works_downwards() {
        // (6.4 − 4) / (6 − 4) = 1.2
        assert!((progress_of(6.4, 4.0, 6.0) - 1.2).abs() < 1e-12);
        // Latency 800 -> 400 ms, now 700: (700 − 800) / (400 − 800) = 0.25
        assert!((progress_of(700.0, 800.0, 400.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn expected_is_linear_in_days_and_clamped() {
        let k = kr(Pace::Linear);
        // Jul 1 -> Dec 31 is 183 days; Nov 20 is day 142: 142 / 183 = 0.7760
        assert!((expected(&k, &Pace::Linear, d("2026-11-20")) - 142.0 / 183.0).abs() < 1e-12);
        assert_eq!(expected(&k, &Pace::Linear, d("2026-06-01")), 0.0);
        assert_eq!(expected(&k, &Pace::Linear, d("2027-02-01")), 1.0);
    }

    #[test]
    fn expected_follows_milestones() {
        let pace = Pace::Milestones(vec![(d("2026-09-30"), 0.2), (d("2026-12-31"), 1.0)]);
        let k = kr(pace.clone());
        // Jul 1 -> Sep 30 (91 days) rises 0 -> 0.2: Aug 15 is day 45, 0.2 × 45 / 91 = 0.0989
        assert!((expected(&k, &pace, d("2026-08-15")) - 0.2 * 45.0 / 91.0).abs() < 1e-12);
        // Sep 30 -> Dec 31 (92 days) rises 0.2 -> 1.0: Nov 20 is day 51, 0.2 + 0.8 × 51 / 92 = 0.6435
        assert!((expected(&k, &pace, d("2026-11-20")) - (0.2 + 0.8 * 51.0 / 92.0)).abs() < 1e-12);
    }

    #[test]
    fn least_squares_through_three_points() {
        // Points (0, 1), (10, 3), (20, 5): slope 0.2 a day, intercept 1.
        let pts = [(d("2026-07-01"), 1.0), (d("2026-07-11"), 3.0), (d("2026-07-21"), 5.0)];
        let (slope, intercept) = least_squares(&pts, d("2026-07-01")).unwrap();
        assert!((slope - 0.2).abs() < 1e-12 && (intercept - 1.0).abs() < 1e-12);
        // Two check-ins on the same day give no line.
        assert!(least_squares(&[(d("2026-07-01"), 1.0), (d("2026-07-01"), 2.0)], d("2026-07-01")).is_none());
    }

    #[test]
    fn gap_bands_include_their_edges() {
        let t = crate::config::Thresholds::default();
        // p 0.3 − e 0.4 = −0.1 (−0.10000000000000003 in floating point): still on track.
        assert_eq!(gap_status(0.3 - 0.4, &t), Status::OnTrack);
        assert_eq!(gap_status(-0.11, &t), Status::AtRisk);
        assert_eq!(gap_status(-0.25, &t), Status::AtRisk);
        assert_eq!(gap_status(-0.26, &t), Status::OffTrack);
    }

    #[test]
    fn maintain_holds_at_the_threshold() {
        assert!(holds(2.0, 2.0, Direction::AtMost));
        assert!(!holds(2.1, 2.0, Direction::AtMost));
        assert!(holds(99.9, 99.9, Direction::AtLeast));
    }
}
