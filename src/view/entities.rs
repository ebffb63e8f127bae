//! The pages of one entity (docs/site.md), one builder each: a bet, a key result, an initiative,
//! a person, a team. Each turns the analysis into the context its template reads. The site-wide
//! pages are built in `reports`.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::charts;
use super::rows::{
    BetRow, CommitmentRow, InitiativeRow, InitiativeTable, KrRow, Link, Owned, PeopleTable, PersonRow, Rows,
    Shared, SignalView, StatusView, WorkTable, date, number, pct,
};
use crate::analyse::forecast::TRIALS;
use crate::analyse::{EntityKind, Status};
use crate::model::{KrKind, Pace};
use crate::words;

/// A bet or a key result week by week (docs/site.md#the-cycle-week-by-week): a band of its
/// statuses, one column per report of the cycle, and its progress as a chart.
#[derive(Serialize)]
pub struct WeeksView {
    /// Each report's date, the band's column headings.
    pub dates: Vec<String>,
    pub rows: Vec<WeeksRow>,
    /// Progress week by week; none when nothing in the band has a progress to draw.
    pub chart_svg: Option<charts::ChartView>,
}

#[derive(Serialize)]
pub struct WeeksRow {
    pub link: Link,
    /// What each report said; none where it did not know the entity yet.
    pub cells: Vec<Option<WeekCell>>,
}

#[derive(Serialize)]
pub struct WeekCell {
    pub status: StatusView,
    pub progress: String,
}

/// One line of the band: the entity, its kind, what the reports said of it, and whether its
/// progress belongs on the chart (a maintain key result's does not: it holds or not).
type WeeksLine<'a> = (Link, EntityKind, Option<&'a Vec<Option<crate::history::WeekPoint>>>, bool);

fn weeks_view(weeks: &crate::history::Weeks, title: String, lines: Vec<WeeksLine>) -> Option<WeeksView> {
    if weeks.dates.len() < 2 {
        return None;
    }
    let none = vec![None; weeks.dates.len()];
    let mut series = vec![];
    let rows = lines
        .into_iter()
        .map(|(link, kind, points, charted)| {
            let points = points.unwrap_or(&none);
            if charted && points.iter().flatten().any(|p| p.progress.is_some()) {
                let label = format!("{} {}", link.id, link.title);
                series.push((label, points.iter().map(|p| p.and_then(|p| p.progress)).collect()));
            }
            let cells = points
                .iter()
                .map(|p| {
                    p.map(|p| WeekCell {
                        status: StatusView::of(kind, p.status),
                        progress: match (charted, p.progress) {
                            (false, Some(progress)) if kind == EntityKind::Kr => {
                                words::holding(progress >= 1.0).to_string()
                            }
                            (_, progress) => pct(progress),
                        },
                    })
                })
                .collect();
            WeeksRow { link, cells }
        })
        .collect();
    let chart_svg = (!series.is_empty()).then(|| {
        charts::Chart::Weekly(charts::WeeklyChart { title, dates: weeks.dates.clone(), series }).into()
    });
    Some(WeeksView { dates: weeks.dates.iter().map(|d| words::date(*d)).collect(), rows, chart_svg })
}

fn is_progress(rows: &Rows, k: usize) -> bool {
    matches!(rows.project.krs[k].kind, KrKind::Progress { .. })
}

#[derive(Serialize)]
pub struct BetPage {
    pub bet: BetRow,
    /// Each of its key results that initiatives support, with them as a table.
    pub kr_initiatives: Vec<KrInitiatives>,
    pub horizon: String,
    pub description_html: String,
    pub note_html: Option<String>,
    pub causes: Vec<Shared<SignalView>>,
    pub signals: Vec<Shared<SignalView>>,
    pub weeks: Option<WeeksView>,
}

pub fn bet(rows: &Rows, b: usize, note_html: Option<String>, weeks: &crate::history::Weeks) -> BetPage {
    let bet = &rows.project.bets[b];
    let lines = std::iter::once((rows.bet_link(b), EntityKind::Bet, weeks.bets.get(&bet.id), true))
        .chain(rows.graph.krs_of_bet[b].iter().map(|&k| {
            let id = &rows.project.krs[k].id;
            (rows.kr_link(k), EntityKind::Kr, weeks.krs.get(id), is_progress(rows, k))
        }))
        .collect();
    let weeks = weeks_view(weeks, format!("Progress of {} and its key results, week by week", bet.id), lines);
    let causes = rows.graph.krs_of_bet[b]
        .iter()
        .flat_map(|&k| rows.signals_on(EntityKind::Kr, &rows.project.krs[k].id))
        .filter(|s| s.severity != "info")
        .collect();
    let kr_initiatives = rows.graph.krs_of_bet[b]
        .iter()
        .filter(|&&k| !rows.graph.initiatives_of_kr[k].is_empty())
        .map(|&k| KrInitiatives {
            kr: rows.kr_link(k),
            table: rows.initiative_table(rows.graph.initiatives_of_kr[k].clone()),
        })
        .collect();
    BetPage {
        bet: rows.bet(b, false),
        kr_initiatives,
        horizon: bet.horizon.map_or("—".into(), |(s, e)| format!("{s} to {e}")),
        description_html: super::markdown::to_html(&bet.description),
        note_html,
        causes,
        signals: rows.signals_on(EntityKind::Bet, &bet.id),
        weeks,
    }
}

#[derive(Serialize)]
pub struct KrInitiatives {
    pub kr: Link,
    pub table: InitiativeTable,
}

#[derive(Serialize)]
pub struct CheckinRow {
    pub date: String,
    pub value: String,
    pub progress: String,
    pub confidence: String,
    pub note: String,
}

#[derive(Serialize)]
pub struct KrPage {
    pub kr: KrRow,
    /// The initiatives that support it.
    pub initiatives: InitiativeTable,
    pub bet: Option<Link>,
    pub kind: &'static str,
    pub definition: String,
    pub window: String,
    pub unit: String,
    /// A maintain key result's reading against its line: "Holding: 0.62 %, within the line of at
    /// most 0.8 %".
    pub reading: Option<String>,
    pub chart_svg: charts::ChartView,
    pub checkins: Vec<CheckinRow>,
    pub signals: Vec<Shared<SignalView>>,
    pub description_html: String,
    pub note_html: Option<String>,
    pub output: String,
    /// Moves of its target since the last publish, said in words: shown at the top of the page.
    pub moved: Vec<String>,
    /// Every move of its definition, oldest first: in the strategy file's commits, else over the
    /// reports kept.
    pub target_history: Vec<TargetRow>,
    /// Whether those moves come from git (who, which commit) rather than from the reports.
    pub targets_from_git: bool,
    pub weeks: Option<WeeksView>,
}

/// One move of a key result's definition, where it was seen: a commit, an edit not committed
/// yet, or the first report that showed it.
#[derive(Serialize)]
pub struct TargetRow {
    /// The commit's date, "not committed yet", or the date of the report that showed it.
    pub when: String,
    /// The report before that one (reports only).
    pub since: String,
    pub field: &'static str,
    pub before: String,
    pub after: String,
    pub direction: &'static str,
    /// The commit's author: their page when people.csv has their e-mail.
    pub by: Option<Link>,
    pub commit: String,
    pub message: String,
}

/// A target value as a reader reads it: a number with the key result's unit, or a date.
pub fn target_value(value: Option<crate::history::TargetValue>, unit: &str) -> String {
    match value {
        Some(crate::history::TargetValue::Number(n)) => super::rows::with_unit(n, unit),
        Some(crate::history::TargetValue::Date(d)) => words::date(d),
        None => "—".into(),
    }
}

/// "target eased from 35 % to 20 %", "end moved later from 31 Dec 2026 to 31 Jan 2027".
pub fn target_sentence(m: &crate::history::TargetMove, unit: &str) -> String {
    format!(
        "{} {} from {} to {}",
        words::target_field(m.field),
        words::target_move(m.direction),
        target_value(m.before, unit),
        target_value(m.after, unit)
    )
}

/// The burn-up of key result `k`: check-ins, expected pace, target or threshold, trend, today.
pub fn kr_chart(rows: &Rows, k: usize) -> charts::Chart {
    let (p, a) = (rows.project, rows.analysis);
    let kr = &p.krs[k];
    let r = &a.krs[k];
    let values: Vec<(NaiveDate, f64)> =
        r.checkins.iter().map(|&c| (p.checkins[c].date, p.checkins[c].value)).collect();
    let (pace, target, threshold, forecast) = match &kr.kind {
        KrKind::Progress { baseline, target, pace } => {
            let at = |fraction: f64| baseline + (target - baseline) * fraction;
            let mut curve = vec![(kr.start, *baseline)];
            if let Pace::Milestones(m) = pace {
                curve.extend(m.iter().map(|&(d, f)| (d, at(f))));
            }
            curve.push((kr.end, *target));
            let forecast = r.trend.map(|(slope, intercept)| {
                let span = (kr.end - kr.start).num_days() as f64;
                [(kr.start, intercept), (kr.end, intercept + slope * span)]
            });
            (curve, Some(*target), None, forecast)
        }
        KrKind::Maintain { threshold, .. } => (vec![], None, Some(*threshold), None),
    };
    charts::Chart::Kr(charts::KrChart {
        title: format!("{} burn-up", kr.id),
        unit: kr.unit.clone(),
        start: kr.start,
        end: kr.end,
        as_of: a.as_of,
        checkins: values,
        pace,
        target,
        threshold,
        forecast,
    })
}

pub fn kr(
    rows: &Rows,
    k: usize,
    note_html: Option<String>,
    history: &super::HistoryView,
) -> Result<KrPage, String> {
    let (p, a) = (rows.project, rows.analysis);
    let kr = &p.krs[k];
    let r = &a.krs[k];
    let (kind, definition, reading) = definition(rows, k);
    let target_history: Vec<TargetRow> =
        history.targets.get(&kr.id).into_iter().flatten().map(|t| target_row(rows, t, &kr.unit)).collect();
    let targets_from_git = history
        .targets
        .get(&kr.id)
        .is_some_and(|list| list.iter().any(|t| !matches!(t.seen, crate::history::Seen::Report { .. })));
    Ok(KrPage {
        kr: rows.kr(k, false),
        initiatives: rows.initiative_table(rows.graph.initiatives_of_kr[k].clone()),
        bet: rows.graph.bet_of_kr[k].map(|b| rows.bet_link(b)),
        kind,
        definition,
        window: format!("from {} to {}", words::date(kr.start), words::date(kr.end)),
        unit: kr.unit.clone(),
        reading,
        chart_svg: kr_chart(rows, k).into(),
        checkins: r.checkins.iter().rev().map(|&c| checkin_row(rows, k, c)).collect(),
        signals: rows.signals_on(EntityKind::Kr, &kr.id),
        description_html: super::markdown::to_html(&kr.description),
        note_html,
        output: pct(r.output),
        moved: targets_moved(rows, k, history),
        target_history,
        targets_from_git,
        weeks: weeks_view(
            &history.weeks,
            format!("Progress of {}, week by week", kr.id),
            vec![(rows.kr_link(k), EntityKind::Kr, history.weeks.krs.get(&kr.id), is_progress(rows, k))],
        ),
    })
}

/// Key result `k`'s kind, what it asks in words, and for one that keeps a line, whether its
/// latest value holds it.
fn definition(rows: &Rows, k: usize) -> (&'static str, String, Option<String>) {
    let kr = &rows.project.krs[k];
    let r = &rows.analysis.krs[k];
    let unit = |v: f64| super::rows::with_unit(v, &kr.unit);
    match &kr.kind {
        KrKind::Progress { baseline, target, pace } => {
            let pace_text = match pace {
                Pace::Linear => "at a linear pace".to_string(),
                Pace::Milestones(m) => format!(
                    "with milestones of {}",
                    words::list(
                        &m.iter()
                            .map(|(d, f)| format!("{} by {}", pct(Some(*f)), words::date(*d)))
                            .collect::<Vec<_>>()
                    )
                ),
            };
            ("progress", format!("from {} to {}, {pace_text}", unit(*baseline), unit(*target)), None)
        }
        KrKind::Maintain { threshold, direction } => {
            let line = format!("{} {}", words::direction(*direction), unit(*threshold));
            let reading = r.latest_value.map(|v| {
                let holds = r.progress.is_some_and(|p| p >= 1.0);
                format!(
                    "{}: the latest value, {}, {} the line",
                    words::holding(holds),
                    unit(v),
                    if holds { "holds" } else { "breaks" }
                )
            });
            ("maintain", format!("keep it {line}"), reading)
        }
    }
}

/// Check-in `c` of key result `k` as its page lists it.
fn checkin_row(rows: &Rows, k: usize, c: usize) -> CheckinRow {
    let kr = &rows.project.krs[k];
    let checkin = &rows.project.checkins[c];
    let progress = match &kr.kind {
        KrKind::Progress { baseline, target, .. } => {
            pct(Some(crate::analyse::krs::progress_of(checkin.value, *baseline, *target)))
        }
        KrKind::Maintain { threshold, direction } => {
            let holds = match direction {
                crate::model::Direction::AtMost => checkin.value <= *threshold,
                crate::model::Direction::AtLeast => checkin.value >= *threshold,
            };
            words::holding(holds).to_string()
        }
    };
    CheckinRow {
        date: words::date(checkin.date),
        value: number(checkin.value),
        progress,
        confidence: checkin.confidence.map_or("—".into(), |c| format!("{c:.1}")),
        note: checkin.note.clone(),
    }
}

/// Each move of key result `k`'s target since the last publish, in a sentence; one whose title
/// was written for the old target ("… to 35%") and still says it names the mismatch.
fn targets_moved(rows: &Rows, k: usize, history: &super::HistoryView) -> Vec<String> {
    let kr = &rows.project.krs[k];
    history
        .changes
        .iter()
        .flat_map(|c| c.targets_moved.iter())
        .filter(|m| m.id == kr.id)
        .map(|m| {
            let stale_title = match (m.field, m.before, m.after) {
                (
                    crate::history::TargetField::Target,
                    Some(crate::history::TargetValue::Number(before)),
                    Some(crate::history::TargetValue::Number(after)),
                ) => {
                    let mentions = |v: f64| {
                        kr.title
                            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                            .any(|n| n == words::number(v))
                    };
                    mentions(before) && !mentions(after)
                }
                _ => false,
            };
            let sentence = target_sentence(m, &kr.unit);
            if stale_title {
                let before = target_value(m.before, &kr.unit);
                format!("{sentence}, while its title still says {before}")
            } else {
                sentence
            }
        })
        .collect()
}

pub fn target_row(rows: &Rows, t: &crate::history::TargetChange, unit: &str) -> TargetRow {
    use crate::history::Seen;
    let mut row = TargetRow {
        when: String::new(),
        since: String::new(),
        field: words::target_field(t.moved.field),
        before: target_value(t.moved.before, unit),
        after: target_value(t.moved.after, unit),
        direction: words::target_move(t.moved.direction),
        by: None,
        commit: String::new(),
        message: String::new(),
    };
    match &t.seen {
        Seen::Commit(c) => {
            row.when = words::date(c.date);
            row.by = Some(match c.person.as_deref().and_then(|id| rows.graph.person(Some(id))) {
                Some(p) => rows.person_link(p),
                None => Link { id: c.author.clone(), title: c.author.clone(), url: String::new() },
            });
            row.commit = c.short_id().to_string();
            row.message = c.message.clone();
        }
        Seen::WorkingTree => row.when = words::NOT_COMMITTED.into(),
        Seen::Report { as_of, since } => {
            row.when = words::date(*as_of);
            row.since = words::date(*since);
        }
    }
    row
}

#[derive(Serialize)]
pub struct WeekRow {
    pub end: String,
    pub done: String,
}

#[derive(Serialize)]
pub struct InitiativePage {
    pub initiative: Shared<InitiativeRow>,
    pub state: String,
    pub start: String,
    pub baseline_due: String,
    pub slip_vs_baseline: String,
    pub trials_start: String,
    pub delayed_by: Option<Link>,
    pub krs: Vec<KrRow>,
    pub bets: Vec<Link>,
    pub chart_svg: charts::ChartView,
    pub weeks: Vec<WeekRow>,
    pub items: WorkTable,
    pub containers: Vec<String>,
    pub people: PeopleTable,
    pub predecessors: InitiativeTable,
    pub successors: InitiativeTable,
    pub commitments: Vec<CommitmentRow>,
    pub signals: Vec<Shared<SignalView>>,
    pub note_html: Option<String>,
    pub unit: String,
    /// The drift chart, once two or more reports have a forecast for it.
    pub forecast_chart_svg: Option<charts::ChartView>,
    pub forecast_history: ForecastHistory,
    /// What the forecast says, in sentences a reader can repeat.
    pub forecast_text: Vec<String>,
    /// The spread of the trials' finish weeks, with the due date marked, and its numbers.
    pub spread_svg: Option<charts::ChartView>,
    pub spread: Vec<SpreadRow>,
}

/// One week of the forecast's spread: how many trials finish in it.
#[derive(Serialize)]
pub struct SpreadRow {
    pub week: String,
    pub trials: String,
    pub share: String,
}

pub fn initiative(
    rows: &Rows,
    i: usize,
    containers: &[usize],
    history: Option<&Vec<crate::history::ForecastPoint>>,
    note_html: Option<String>,
) -> Result<InitiativePage, String> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let initiative = &p.initiatives[i];
    let r = &a.initiatives[i];
    let forecast = r.forecast.as_ref();
    let weeks = r
        .samples
        .iter()
        .enumerate()
        .map(|(k, s)| WeekRow {
            end: date(a.as_of.checked_sub_days(Days::new(7 * k as u64))),
            done: number(*s),
        })
        .collect();
    let (spread_svg, spread) = spread(rows, i);
    let mut people: BTreeSet<usize> = r.items.iter().filter_map(|&w| g.assignee_of_work[w]).collect();
    people.extend(initiative.people.iter().filter_map(|n| g.person(Some(n))));
    let mut bets: BTreeSet<usize> = BTreeSet::new();
    for &k in &g.krs_of_initiative[i] {
        bets.extend(g.bet_of_kr[k]);
    }
    let commitments = g.commitments_of_initiative[i].iter().map(|&c| rows.commitment(c)).collect();
    let containers = containers.iter().map(|&w| format!("{} {}", p.work[w].id, p.work[w].title)).collect();
    let (forecast_chart_svg, forecast_history) =
        forecast_over_time(&initiative.id, history.map(Vec::as_slice).unwrap_or_default());
    Ok(InitiativePage {
        forecast_chart_svg,
        forecast_history,
        initiative: rows.initiative(i),
        state: initiative.state.word().to_string(),
        start: date(initiative.start),
        baseline_due: date(initiative.baseline_due),
        slip_vs_baseline: r.slip_vs_baseline.map_or("—".into(), words::slip),
        trials_start: date(forecast.map(|f| f.start)),
        delayed_by: r.delayed_by.map(|d| rows.initiative_link(d)),
        krs: g.krs_of_initiative[i].iter().map(|&k| rows.kr(k, false)).collect(),
        bets: bets.into_iter().map(|b| rows.bet_link(b)).collect(),
        chart_svg: burn_up(rows, i),
        weeks,
        items: rows.work_table(&open_first(rows, i), false),
        containers,
        people: rows.people_table(people.into_iter().collect()),
        predecessors: rows.initiative_table(g.predecessors[i].clone()),
        successors: rows.initiative_table(g.successors[i].clone()),
        commitments,
        signals: rows.signals_on(EntityKind::Initiative, &initiative.id),
        note_html,
        unit: p.config.work.estimate_unit.clone(),
        forecast_text: forecast_sentences(rows, i),
        spread_svg,
        spread,
    })
}

/// Initiative `i`'s burn-up: its scope and done over time, weekly, from its first activity to
/// as_of, with its due date and forecast.
fn burn_up(rows: &Rows, i: usize) -> charts::ChartView {
    let (p, a) = (rows.project, rows.analysis);
    let initiative = &p.initiatives[i];
    let r = &a.initiatives[i];
    let as_of = a.as_of;
    let first = r.first_activity.or(initiative.start.filter(|&s| s <= as_of)).unwrap_or(as_of);
    // Each item's creation, finish (when done) and weight, side by side: the weeks are summed
    // over these rather than over the whole work's scattered rows.
    let items: Vec<Dated> = r
        .items
        .iter()
        .map(|&w| (p.work[w].created, p.work[w].done.filter(|_| a.work.is_done(w)), a.work.weight[w]))
        .collect();
    let mut days = vec![first];
    while let Some(&day) = days.last().filter(|&&day| day < as_of) {
        days.push(day.checked_add_days(Days::new(7)).unwrap_or(as_of).min(as_of));
    }
    let (scope, done) = weekly_totals(&items, &days);
    let scope_series = days.iter().copied().zip(scope).collect();
    let done_series = days.iter().copied().zip(done).collect();
    let forecast = r.forecast.as_ref();
    charts::Chart::Initiative(charts::InitiativeChart {
        title: format!("{} burn-up", initiative.id),
        unit: p.config.work.estimate_unit.clone(),
        as_of,
        scope: scope_series,
        done: done_series,
        due: initiative.due,
        p50: forecast.map(|f| f.p50),
        p85: forecast.map(|f| f.p85),
    })
    .into()
}

/// A work item's creation date, its finish date when it is done, and its weight.
type Dated = (Option<NaiveDate>, Option<NaiveDate>, f64);

/// The scope (the weight of items created by then; an item with no creation date always counts)
/// and the done weight of `items` on each of `days`, which ascend. The same numbers as adding up
/// the items for each day, which an initiative of many items and many weeks cannot afford: with
/// weights in whole steps (`analyse::whole_steps`, nearly always), the items are sorted once by
/// date and the days swept in order; otherwise each day adds the items up.
fn weekly_totals(items: &[Dated], days: &[NaiveDate]) -> (Vec<f64>, Vec<f64>) {
    let most = (1u64 << 52) as f64 / items.len().max(1) as f64;
    let steps: Option<Vec<i64>> =
        items.iter().map(|&(_, _, weight)| crate::analyse::whole_steps(weight, most)).collect();
    let Some(steps) = steps else {
        let total = |counts: &dyn Fn(&Dated, NaiveDate) -> bool| -> Vec<f64> {
            days.iter()
                .map(|&day| items.iter().filter(|item| counts(item, day)).map(|item| item.2).sum())
                .collect()
        };
        return (
            total(&|(created, _, _), day| created.is_none_or(|c| c <= day)),
            total(&|(_, done, _), day| done.is_some_and(|d| d <= day)),
        );
    };
    // A sum of floats starts from -0.0, and stays there until it adds anything else: so does the
    // sweep's, to the bit.
    let sweep = |mut events: Vec<(NaiveDate, i64, bool)>| -> Vec<f64> {
        events.sort_unstable_by_key(|&(date, _, _)| date);
        let (mut next, mut sum, mut signed) = (0, 0i64, false);
        days.iter()
            .map(|&day| {
                while let Some(&(_, step, positive)) = events.get(next).filter(|&&(date, _, _)| date <= day) {
                    sum += step;
                    signed |= positive;
                    next += 1;
                }
                if signed { sum as f64 / crate::analyse::STEP } else { -0.0 }
            })
            .collect()
    };
    let event =
        |date: NaiveDate, step: i64, weight: f64| (date, step, !(weight == 0.0 && weight.is_sign_negative()));
    let created =
        items.iter().zip(&steps).map(|(item, &step)| event(item.0.unwrap_or(NaiveDate::MIN), step, item.2));
    let done = items.iter().zip(&steps).filter_map(|(item, &step)| Some(event(item.1?, step, item.2)));
    (sweep(created.collect()), sweep(done.collect()))
}

/// The spread of initiative `i`'s forecast: the weeks its trials finish in, as a chart and as
/// rows (none without a forecast).
fn spread(rows: &Rows, i: usize) -> (Option<charts::ChartView>, Vec<SpreadRow>) {
    let initiative = &rows.project.initiatives[i];
    let Some(f) = rows.analysis.initiatives[i].forecast.as_ref() else { return (None, vec![]) };
    let svg = charts::Chart::Histogram(charts::HistogramChart {
        title: format!("{} finish weeks over {} trials", initiative.id, words::thousands(TRIALS)),
        start: f.start,
        weeks: f.weeks.clone(),
        due: initiative.due,
    })
    .into();
    let rows = charts::histogram_weeks(&f.weeks)
        .map(|w| SpreadRow {
            week: words::date(f.finish_of(w)),
            trials: words::thousands(f.weeks[w]),
            share: words::share_of(f.weeks[w], TRIALS),
        })
        .collect();
    (Some(svg), rows)
}

/// Initiative `i`'s items, the blocked first, then those in progress, then those to do, then the
/// rest; by id within each.
fn open_first(rows: &Rows, i: usize) -> Vec<usize> {
    let (p, a) = (rows.project, rows.analysis);
    let mut items = a.initiatives[i].items.clone();
    items.sort_by_cached_key(|&w| {
        let rank = match a.work.status[w] {
            Some(crate::model::WorkStatus::Blocked) => 0,
            Some(crate::model::WorkStatus::InProgress) => 1,
            Some(crate::model::WorkStatus::Todo) => 2,
            _ => 3,
        };
        (rank, p.work[w].id.as_str())
    });
    items
}

/// An initiative's forecast at each publish, newest first: as of, P50, P85 and due.
type ForecastHistory = Vec<(String, String, String, String)>;

/// The initiative `id`'s forecasts over time: a chart once two publishes had one, and the rows.
fn forecast_over_time(
    id: &str,
    history: &[crate::history::ForecastPoint],
) -> (Option<charts::ChartView>, ForecastHistory) {
    let chart = (history.iter().filter(|h| h.p85.is_some()).count() >= 2).then(|| {
        charts::Chart::ForecastOverTime(charts::ForecastChart {
            title: format!("{id} forecast over time"),
            points: history.to_vec(),
        })
        .into()
    });
    let rows =
        history.iter().rev().map(|h| (h.as_of.to_string(), date(h.p50), date(h.p85), date(h.due))).collect();
    (chart, rows)
}

/// What initiative `i`'s forecast says: when it finishes, how likely by the due date, and how far
/// from it, in sentences.
fn forecast_sentences(rows: &Rows, i: usize) -> Vec<String> {
    let (p, a) = (rows.project, rows.analysis);
    let (initiative, r) = (&p.initiatives[i], &a.initiatives[i]);
    let Some(f) = &r.forecast else {
        return match r.status {
            Status::Unknown => vec![format!(
                "There is no forecast: nothing was finished in the last {}, so there is no pace to draw from. Treat the date as at risk.",
                words::count(p.config.work.throughput_weeks as usize, "week")
            )],
            _ => vec![],
        };
    };
    let remaining = number(r.scope - r.done);
    let unit = &p.config.work.estimate_unit;
    let mut out = vec![if f.p50 == f.p85 {
        format!(
            "{} trials drew the last weeks' pace until the remaining {remaining} {unit} were done: at least 85% of them finish in the same week, on {}.",
            words::thousands(TRIALS),
            words::date(f.p50)
        )
    } else {
        format!(
            "{} trials drew the last weeks' pace until the remaining {remaining} {unit} were done: half of them finish by {} (P50), 85% by {} (P85).",
            words::thousands(TRIALS),
            words::date(f.p50),
            words::date(f.p85)
        )
    }];
    if let Some(due) = initiative.due {
        out.push(if due < a.as_of {
            format!("The due date, {}, has passed.", words::date(due))
        } else {
            let chance = words::chance(f.finished_by(due), TRIALS, due);
            if chance.ends_with('%') {
                format!("{chance} of the trials finish by the due date, {}.", words::date(due))
            } else {
                format!("Due {}: {chance}.", words::date(due))
            }
        });
        out.push(format!("At P85 it finishes {}.", words::slip((f.p85 - due).num_days())));
    }
    out
}

#[derive(Serialize)]
pub struct PersonPage {
    pub person: Shared<PersonRow>,
    pub email: Option<String>,
    pub owns: Vec<(String, Link)>,
    pub initiatives: InitiativeTable,
    pub open_items: WorkTable,
    pub done_items: usize,
    pub signals: Vec<Shared<SignalView>>,
    pub note_html: Option<String>,
}

pub fn person(rows: &Rows, person: usize, work_of: &[usize], note_html: Option<String>) -> PersonPage {
    let (p, a) = (rows.project, rows.analysis);
    let me = &p.people[person];
    let owns = rows
        .owned_by(person)
        .iter()
        .map(|&entity| match entity {
            Owned::Bet(b) => ("bet".to_string(), rows.bet_link(b)),
            Owned::Kr(k) => ("key result".to_string(), rows.kr_link(k)),
            Owned::Initiative(i) => ("initiative".to_string(), rows.initiative_link(i)),
        })
        .collect();
    let open: Vec<usize> = work_of.iter().copied().filter(|&w| a.work.is_open(w)).collect();
    let initiatives: BTreeSet<usize> =
        open.iter().filter_map(|&w| rows.graph.initiative_of_work[w]).collect();
    PersonPage {
        person: rows.person(person),
        email: me.email.clone(),
        owns,
        initiatives: rows.initiative_table(initiatives.into_iter().collect()),
        open_items: rows.work_table(&open, true),
        done_items: work_of.iter().filter(|&&w| a.work.is_item[w] && a.work.is_done(w)).count(),
        signals: rows.signals_on(EntityKind::Person, &me.id),
        note_html,
    }
}

#[derive(Serialize)]
pub struct TeamPage {
    pub name: String,
    pub people: PeopleTable,
    pub initiatives: InitiativeTable,
    pub utilisation: String,
    pub capacity: String,
    pub open: String,
    pub items: usize,
    pub aligned: String,
    pub signals: Vec<Shared<SignalView>>,
}

pub fn team(rows: &Rows, name: &str) -> TeamPage {
    let (p, a) = (rows.project, rows.analysis);
    let load = a.capacity.teams.iter().find(|t| t.team == name);
    let alignment = a.trace.teams.iter().find(|t| t.team == name);
    let initiatives =
        (0..p.initiatives.len()).filter(|&i| p.initiatives[i].team.as_deref() == Some(name)).collect();
    TeamPage {
        name: name.to_string(),
        people: rows.people_table(load.map(|t| t.people.clone()).unwrap_or_default()),
        initiatives: rows.initiative_table(initiatives),
        utilisation: pct(load.and_then(|t| t.utilisation)),
        capacity: load.map_or("—".into(), |t| number(t.capacity)),
        open: load.map_or("—".into(), |t| number(t.open)),
        items: alignment.map_or(0, |t| t.items),
        aligned: pct(alignment.filter(|t| t.items > 0).map(|t| t.aligned_items as f64 / t.items as f64)),
        signals: rows.signals_on(EntityKind::Team, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(u64::from(day))
    }

    /// What `weekly_totals` stands for: each day adds the items up.
    fn plain(items: &[Dated], days: &[NaiveDate]) -> (Vec<f64>, Vec<f64>) {
        let scope = days
            .iter()
            .map(|&day| items.iter().filter(|i| i.0.is_none_or(|c| c <= day)).map(|i| i.2).sum())
            .collect();
        let done = days
            .iter()
            .map(|&day| items.iter().filter(|i| i.1.is_some_and(|f| f <= day)).map(|i| i.2).sum())
            .collect();
        (scope, done)
    }

    #[test]
    fn weekly_totals_are_the_days_added_up() {
        let days: Vec<NaiveDate> = (0..10).map(|w| d(7 * w)).collect();
        let whole: Vec<Dated> = vec![
            (Some(d(20)), Some(d(40)), 3.0),
            (None, None, 5.0),
            (Some(d(0)), Some(d(7)), 0.5),
            (Some(d(63)), None, 2.0),
            (Some(d(100)), None, 8.0),
            (Some(d(3)), Some(d(3)), 1.25),
            (Some(d(1)), Some(d(2)), -0.0),
            (Some(d(9)), Some(d(30)), 0.0),
        ];
        // Weights in no whole number of steps take the plain way, and tenths do not add up
        // exactly: the days must still be what adding them up in the items' order gives.
        let tenths: Vec<Dated> = whole.iter().map(|&(c, f, w)| (c, f, w / 10.0 + 0.1)).collect();
        // Nothing done yet is -0.0, as an empty sum is; a day with only -0.0 weights done too.
        let zeros: Vec<Dated> = vec![(Some(d(1)), Some(d(8)), -0.0), (Some(d(20)), Some(d(20)), 2.0)];
        for items in [&whole, &tenths, &zeros] {
            let (scope, done) = weekly_totals(items, &days);
            let (want_scope, want_done) = plain(items, &days);
            assert_eq!(scope.len(), days.len());
            for (got, want) in scope.iter().zip(&want_scope).chain(done.iter().zip(&want_done)) {
                assert_eq!(got.to_bits(), want.to_bits(), "{got} against {want}");
            }
        }
        let (scope, done) = weekly_totals(&whole, &days);
        assert_eq!(scope[0], 5.5);
        assert_eq!(scope[9], 11.75);
        assert_eq!(done[9], 4.75);
        let (scope, done) = weekly_totals(&zeros, &days);
        assert!(scope[0].is_sign_negative() && done[0].is_sign_negative() && done[1].is_sign_negative());
        assert_eq!((scope[3], done[3]), (2.0, 2.0));
        let (scope, done) = weekly_totals(&[], &days);
        assert!(scope.iter().chain(&done).all(|v| *v == 0.0 && v.is_sign_negative()));
    }
}
