//! The site-wide pages (docs/site.md), one builder each: the home page, the strategy, risks,
//! traceability, data quality, capacity and contention, dependencies, commitments, changes since
//! the last publish, the methodology, and the archive index. A page of one entity (a bet, a key
//! result, an initiative, a person, a team) is built in `entities`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::charts::{self, Bar, BarChart};
use super::rows::{
    BetRow, CommitmentRow, InitiativeRow, InitiativeTable, KrRow, Link, PeopleTable, PersonRow, Rows, Shared,
    SignalTable, SignalView, StatusView, WorkRow, WorkTable, date, number, pct, severity_word,
};
use crate::analyse::{EntityKind, EntityRef, Severity, SignalKind, Status};
use crate::model::InitiativeState;
use crate::words;

/// How many bars a utilisation chart shows; the table beside it lists everyone.
const MAX_BARS: usize = 40;

#[derive(Serialize)]
pub struct TeamLoadRow {
    pub team: Link,
    pub people: usize,
    pub capacity: String,
    pub open: String,
    pub utilisation: String,
    pub in_progress: Vec<Link>,
    pub wip_exceeded: bool,
}

/// One of an overloaded person's initiatives, as a line of the capacity page: a large company has
/// tens of thousands of these, so each holds what its line shows rather than the whole row.
#[derive(Serialize)]
pub struct InitiativeWithBets {
    pub link: Link,
    pub status: StatusView,
    pub bets: Vec<Link>,
}

#[derive(Serialize)]
pub struct PersonContention {
    pub person: Shared<PersonRow>,
    pub initiatives: Vec<InitiativeWithBets>,
}

/// A bet's stake in contention: the overloaded people its initiatives use, those initiatives,
/// and the other bets competing for the same people.
#[derive(Default)]
struct BetLoad {
    people: BTreeSet<usize>,
    initiatives: BTreeSet<usize>,
    others: BTreeSet<usize>,
}

#[derive(Serialize)]
pub struct BetContention {
    pub bet: Link,
    pub people: Vec<Link>,
    pub initiatives: Vec<Link>,
    pub other_bets: Vec<Link>,
}

#[derive(Serialize)]
pub struct ProposalRow {
    pub initiative: Shared<InitiativeRow>,
    pub estimate: String,
    pub people: Vec<(Link, String, String)>,
    pub shared_with: Vec<(Link, Vec<Link>)>,
}

#[derive(Serialize)]
pub struct CapacityPage {
    pub weeks: String,
    pub overload: String,
    pub wip_limit: usize,
    pub people_chart: charts::ChartView,
    pub team_chart: charts::ChartView,
    pub people: PeopleTable,
    pub teams: Vec<TeamLoadRow>,
    pub contention: Vec<PersonContention>,
    pub by_bet: Vec<BetContention>,
    pub proposals: Vec<ProposalRow>,
    pub unit: String,
}

fn bets_of(rows: &Rows, i: usize) -> BTreeSet<usize> {
    rows.graph.krs_of_initiative[i].iter().filter_map(|&k| rows.graph.bet_of_kr[k]).collect()
}

pub fn capacity(rows: &Rows) -> Result<CapacityPage, String> {
    let (p, a) = (rows.project, rows.analysis);
    let cap = &a.capacity;
    let people = loaded_people(rows);
    let overload = p.config.thresholds.overload;
    let (people_chart, team_chart) = utilisation_charts(rows, &people);
    let teams = team_loads(rows);
    let with_bets = |i: usize| InitiativeWithBets {
        link: rows.initiative_link(i),
        status: a.initiatives[i].status.into(),
        bets: bets_of(rows, i).into_iter().map(|b| rows.bet_link(b)).collect(),
    };
    let contention = cap
        .contention
        .iter()
        .map(|(person, list)| PersonContention {
            person: rows.person(*person),
            initiatives: list.iter().map(|&i| with_bets(i)).collect(),
        })
        .collect();
    let by_bet = contention_by_bet(rows);
    let proposals = proposal_rows(rows);
    Ok(CapacityPage {
        weeks: format!("{:.1}", cap.weeks),
        overload: pct(Some(overload)),
        wip_limit: p.config.thresholds.wip_limit,
        people_chart: people_chart.into(),
        team_chart: team_chart.into(),
        people: rows.people_table(people.into_iter().collect()),
        teams,
        contention,
        by_bet,
        proposals,
        unit: p.config.work.estimate_unit.clone(),
    })
}

/// The people the capacity page lists (those with a capacity or open work), the most loaded
/// first.
pub fn loaded_people(rows: &Rows) -> Vec<usize> {
    let (p, cap) = (rows.project, &rows.analysis.capacity);
    let mut people: Vec<usize> =
        (0..p.people.len()).filter(|&x| p.people[x].capacity.is_some() || cap.people[x].open > 0.0).collect();
    people.sort_by(|&x, &y| {
        let u = |i: usize| {
            cap.people[i].utilisation.unwrap_or(if cap.people[i].overloaded { f64::INFINITY } else { 0.0 })
        };
        u(y).total_cmp(&u(x)).then(p.people[x].id.cmp(&p.people[y].id))
    });
    people
}

/// Each team's load, as the capacity page's table shows it.
pub fn team_loads(rows: &Rows) -> Vec<TeamLoadRow> {
    let cap = &rows.analysis.capacity;
    cap.teams
        .iter()
        .map(|t| TeamLoadRow {
            team: rows.team_link(&t.team),
            people: t.people.len(),
            capacity: number(t.capacity),
            open: number(t.open),
            utilisation: pct(t.utilisation),
            in_progress: t.in_progress.iter().map(|&i| rows.initiative_link(i)).collect(),
            wip_exceeded: t.wip_exceeded,
        })
        .collect()
}

/// The utilisation bars of the capacity page: the people in `people`'s order (the most loaded
/// first), and the teams.
fn utilisation_charts(rows: &Rows, people: &[usize]) -> (charts::Chart, charts::Chart) {
    let (p, cap) = (rows.project, &rows.analysis.capacity);
    let overload = p.config.thresholds.overload;
    let person_bars = people
        .iter()
        .take(MAX_BARS)
        .map(|&x| Bar {
            label: p.people[x].name.clone(),
            value: cap.people[x].utilisation.unwrap_or(0.0),
            flagged: cap.people[x].overloaded,
        })
        .collect();
    let title = if people.len() > MAX_BARS {
        format!("Utilisation, the {MAX_BARS} most loaded people")
    } else {
        "Utilisation per person".into()
    };
    let people_chart = charts::Chart::Bars(BarChart {
        title,
        x_desc: "open work / capacity to the end of the cycle (dashed: overload threshold)".into(),
        bars: person_bars,
        threshold: Some(overload),
        percent: true,
    });
    // As for people: past MAX_BARS, the most loaded teams, still in name order.
    let mut team_bars: Vec<&crate::analyse::capacity::TeamLoad> =
        cap.teams.iter().filter(|t| t.capacity > 0.0).collect();
    let all_teams = team_bars.len();
    if all_teams > MAX_BARS {
        team_bars.sort_by(|x, y| {
            y.utilisation.unwrap_or(0.0).total_cmp(&x.utilisation.unwrap_or(0.0)).then(x.team.cmp(&y.team))
        });
        team_bars.truncate(MAX_BARS);
        team_bars.sort_by(|x, y| x.team.cmp(&y.team));
    }
    let team_title = if all_teams > MAX_BARS {
        format!("Utilisation, the {MAX_BARS} most loaded teams")
    } else {
        "Utilisation per team".into()
    };
    let team_chart = charts::Chart::Bars(BarChart {
        title: team_title,
        x_desc: "open work / capacity to the end of the cycle (dashed: overload threshold)".into(),
        bars: team_bars
            .into_iter()
            .map(|t| Bar {
                label: t.team.clone(),
                value: t.utilisation.unwrap_or(0.0),
                flagged: t.utilisation.is_some_and(|u| u > overload),
            })
            .collect(),
        threshold: Some(overload),
        percent: true,
    });
    (people_chart, team_chart)
}

/// For each bet, the overloaded people its initiatives use, and the other bets that compete for
/// those same people.
fn contention_by_bet(rows: &Rows) -> Vec<BetContention> {
    let cap = &rows.analysis.capacity;
    let mut by_bet: BTreeMap<usize, BetLoad> = BTreeMap::new();
    for (person, list) in &cap.contention {
        let bets: BTreeSet<usize> = list.iter().flat_map(|&i| bets_of(rows, i)).collect();
        for &i in list {
            for b in bets_of(rows, i) {
                let entry = by_bet.entry(b).or_default();
                entry.people.insert(*person);
                entry.initiatives.insert(i);
                entry.others.extend(bets.iter().copied().filter(|&o| o != b));
            }
        }
    }
    by_bet
        .into_iter()
        .map(|(b, load)| BetContention {
            bet: rows.bet_link(b),
            people: load.people.into_iter().map(|x| rows.person_link(x)).collect(),
            initiatives: load.initiatives.into_iter().map(|i| rows.initiative_link(i)).collect(),
            other_bets: load.others.into_iter().map(|o| rows.bet_link(o)).collect(),
        })
        .collect()
}

/// The proposals to relieve overloaded people, as rows.
fn proposal_rows(rows: &Rows) -> Vec<ProposalRow> {
    let (p, cap) = (rows.project, &rows.analysis.capacity);
    cap.proposals
        .iter()
        .map(|proposal| ProposalRow {
            initiative: rows.initiative(proposal.initiative),
            estimate: p.initiatives[proposal.initiative].estimate.map_or("—".into(), number),
            people: proposal
                .people
                .iter()
                .map(|&(x, before, after)| (rows.person_link(x), pct(before), pct(after)))
                .collect(),
            shared_with: proposal
                .shared_with
                .iter()
                .map(|&i| {
                    (
                        rows.initiative_link(i),
                        bets_of(rows, i).into_iter().map(|b| rows.bet_link(b)).collect(),
                    )
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct DependencyRow {
    pub predecessor: Shared<InitiativeRow>,
    pub successor: Shared<InitiativeRow>,
    pub successor_start: String,
    pub conflict: Option<String>,
    pub delays: bool,
}

pub fn dependencies(rows: &Rows) -> Vec<DependencyRow> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let mut out = Vec::new();
    for s in 0..p.initiatives.len() {
        for &pre in &g.predecessors[s] {
            let conflict = a
                .signals
                .iter()
                .find(|x| {
                    x.kind == SignalKind::DependencyConflict
                        && x.entity.id == p.initiatives[s].id
                        && x.related.contains(&EntityRef::new(EntityKind::Initiative, &p.initiatives[pre].id))
                })
                .map(|x| x.message.clone());
            out.push(DependencyRow {
                predecessor: rows.initiative(pre),
                successor: rows.initiative(s),
                successor_start: date(p.initiatives[s].start),
                conflict,
                delays: a.initiatives[s].delayed_by == Some(pre),
            });
        }
    }
    out.sort_by_key(|r| (r.conflict.is_none(), r.successor.link.id.clone()));
    out
}

/// Every commitment, broken first, then at risk, on track and kept (the one order of statuses),
/// then by date.
pub fn commitments(rows: &Rows) -> Vec<CommitmentRow> {
    let (p, a) = (rows.project, rows.analysis);
    let mut order: Vec<usize> = (0..p.commitments.len()).collect();
    order.sort_by_key(|&c| (a.commitments[c].status, p.commitments[c].date, p.commitments[c].id.clone()));
    order.into_iter().map(|c| rows.commitment(c)).collect()
}

#[derive(Serialize)]
pub struct ChangeRow {
    pub link: Link,
    pub kind: &'static str,
    /// None for an entity the previous report did not have.
    pub before: Option<StatusView>,
    pub after: StatusView,
}

#[derive(Serialize)]
pub struct MoveRow {
    pub link: Link,
    pub before: String,
    pub after: String,
    /// "14 days later", "9 days earlier".
    pub moved: String,
    pub later: bool,
}

/// A key result whose target, baseline, start or end moved: drift of the goal posts themselves.
#[derive(Serialize)]
pub struct TargetMoveRow {
    pub link: Link,
    /// "target eased from 35 % to 20 %".
    pub sentence: String,
    pub direction: &'static str,
}

/// A gap that opened or closed, or a decision newly asked for.
#[derive(Serialize)]
pub struct SignalChangeRow {
    pub kind: &'static str,
    pub entity: Link,
    /// How a list names the entity: its id, or a person's name.
    pub on: String,
    pub message: String,
}

/// A move of a key result's definition within the cycle: its KR, in words, and where it was seen.
#[derive(Serialize)]
pub struct CycleMoveRow {
    pub link: Link,
    /// "target eased from 35 % to 20 %".
    pub sentence: String,
    #[serde(flatten)]
    pub seen: super::entities::TargetRow,
}

#[derive(Serialize, Default)]
pub struct ChangesPage {
    pub since: Option<String>,
    /// The cycle the moves below fall in ("Q4 2026"), or "" when none is set.
    pub cycle: String,
    /// Every move of a key result's baseline, target, threshold, start or end within the cycle
    /// (from its start to the report's date; all of them when no cycle is set), oldest first, the
    /// edits not committed yet last: from git when the project is a repository, else the reports.
    pub targets_this_cycle: Vec<CycleMoveRow>,
    /// Whether those moves come from git (with authors and commits) rather than the reports.
    pub targets_from_git: bool,
    pub newly_at_risk: Vec<ChangeRow>,
    pub recovered: Vec<ChangeRow>,
    pub forecasts_moved: Vec<MoveRow>,
    pub targets_moved: Vec<TargetMoveRow>,
    pub new_gaps: Vec<SignalChangeRow>,
    pub resolved_gaps: Vec<SignalChangeRow>,
    pub broken_commitments: Vec<ChangeRow>,
    pub new_decisions: Vec<SignalChangeRow>,
    pub empty: bool,
}

/// The changes since the previous report, exactly as snapshot.json's `changes` lists them, in
/// words, and the targets moved over the cycle.
pub fn changes(rows: &Rows, history: &super::HistoryView) -> ChangesPage {
    let cycle = rows.project.config.cycle.as_ref();
    let unit_of = |id: &str| rows.project.krs.iter().find(|k| k.id == id).map_or("", |k| k.unit.as_str());
    let mut this_cycle: Vec<(&str, &crate::history::TargetChange)> = history
        .targets
        .iter()
        .flat_map(|(id, moves)| moves.iter().map(move |m| (id.as_str(), m)))
        .filter(|(_, m)| m.date().is_none_or(|d| cycle.is_none_or(|c| d >= c.start)))
        .collect();
    // Oldest first; an edit not committed yet (no date) after every commit.
    this_cycle.sort_by_key(|(id, m)| (m.date().is_none(), m.date(), *id));
    let targets_from_git =
        this_cycle.iter().any(|(_, m)| !matches!(m.seen, crate::history::Seen::Report { .. }));
    let targets_this_cycle = this_cycle
        .into_iter()
        .map(|(id, m)| CycleMoveRow {
            link: rows.entity_link(&EntityRef::new(EntityKind::Kr, id)),
            sentence: super::entities::target_sentence(&m.moved, unit_of(id)),
            seen: super::entities::target_row(rows, m, unit_of(id)),
        })
        .collect();
    let cycle = cycle.map_or(String::new(), |c| c.name.clone());
    let Some(c) = history.changes.as_ref() else {
        return ChangesPage {
            cycle,
            targets_this_cycle,
            targets_from_git,
            empty: true,
            ..Default::default()
        };
    };
    let change = |s: &crate::history::StatusChange| ChangeRow {
        link: rows.entity_link(&EntityRef::new(s.kind, &s.id)),
        kind: words::entity(s.kind),
        before: s.before.map(StatusView::from),
        after: s.after.into(),
    };
    let gap = |g: &crate::history::SignalChange| {
        let entity = rows.entity_link(&EntityRef::new(g.entity_kind, &g.entity));
        SignalChangeRow {
            kind: words::signal(g.kind).label,
            on: if g.entity_kind == EntityKind::Person { entity.title.clone() } else { entity.id.clone() },
            entity,
            message: g.message.clone(),
        }
    };
    ChangesPage {
        since: Some(words::date(c.since)),
        cycle,
        targets_this_cycle,
        targets_from_git,
        newly_at_risk: c.newly_at_risk.iter().map(change).collect(),
        recovered: c.recovered.iter().map(change).collect(),
        forecasts_moved: c
            .forecasts_moved
            .iter()
            .map(|m| MoveRow {
                link: rows.entity_link(&EntityRef::new(EntityKind::Initiative, &m.id)),
                before: words::date(m.before),
                after: words::date(m.after),
                moved: words::moved(m.days),
                later: m.days > 0,
            })
            .collect(),
        targets_moved: c
            .targets_moved
            .iter()
            .map(|m| TargetMoveRow {
                link: rows.entity_link(&EntityRef::new(EntityKind::Kr, &m.id)),
                sentence: super::entities::target_sentence(m, unit_of(&m.id)),
                direction: words::target_move(m.direction),
            })
            .collect(),
        new_gaps: c.new_gaps.iter().map(gap).collect(),
        resolved_gaps: c.resolved_gaps.iter().map(gap).collect(),
        broken_commitments: c.broken_commitments.iter().map(change).collect(),
        new_decisions: c.new_decisions.iter().map(gap).collect(),
        empty: c.is_empty(),
    }
}

#[derive(Serialize)]
pub struct Threshold {
    pub key: &'static str,
    pub value: String,
    pub meaning: &'static str,
}

#[derive(Serialize)]
pub struct KindRow {
    pub kind: &'static str,
    pub label: &'static str,
    pub sits_on: &'static str,
    pub severity: &'static str,
    /// What fires it: settings between backticks (the PDF sets them as code), and as HTML.
    pub about: &'static str,
    pub about_html: String,
    pub count: usize,
    pub trigger: Option<String>,
}

#[derive(Serialize)]
pub struct MethodologyPage {
    pub as_of: String,
    pub cycle: String,
    pub thresholds: Vec<Threshold>,
    pub estimate_unit: String,
    pub missing_estimate: String,
    pub throughput_weeks: u32,
    pub kinds: Vec<KindRow>,
}

pub fn methodology(rows: &Rows) -> MethodologyPage {
    let c = &rows.project.config;
    let t = &c.thresholds;
    let thresholds = vec![
        Threshold {
            key: "at_risk_gap",
            value: pct(Some(t.at_risk_gap)),
            meaning: "a key result this far behind its expected progress is at risk; its trend ending below 1 − this is a forecast miss",
        },
        Threshold {
            key: "off_track_gap",
            value: pct(Some(t.off_track_gap)),
            meaning: "a key result this far behind is off track",
        },
        Threshold {
            key: "on_time_probability",
            value: pct(Some(t.on_time_probability)),
            meaning: "an initiative (or a commitment) whose chance of finishing on time is below this is at risk",
        },
        Threshold {
            key: "late_probability",
            value: pct(Some(t.late_probability)),
            meaning: "an initiative whose chance of finishing on time is below this is off track",
        },
        Threshold {
            key: "stale_after_days",
            value: t.stale_after_days.to_string(),
            meaning: "a key result without a check-in for longer than this is stale",
        },
        Threshold {
            key: "dormant_after_days",
            value: t.dormant_after_days.to_string(),
            meaning: "an active initiative with no item created, started or done for longer than this is dormant",
        },
        Threshold {
            key: "overload",
            value: pct(Some(t.overload)),
            meaning: "a person whose open work exceeds this share of their capacity to the end of the cycle is overloaded",
        },
        Threshold {
            key: "wip_limit",
            value: t.wip_limit.to_string(),
            meaning: "a team running more started, unfinished initiatives than this has too many priorities",
        },
    ];
    let kinds = SignalKind::ALL
        .iter()
        .map(|&k| KindRow {
            kind: k.word(),
            label: words::signal(k).label,
            sits_on: words::signal(k).sits_on,
            severity: words::severity(k.severity()),
            about: words::signal(k).about,
            about_html: super::rows::code_spans(words::signal(k).about),
            count: rows.analysis.signals.iter().filter(|s| s.kind == k).count(),
            trigger: c.triggers.iter().find(|t| t.signal == k).map(|t| {
                format!(
                    "{}{}",
                    t.action,
                    t.owner.as_deref().map(|o| format!(" (owner: {o})")).unwrap_or_default()
                )
            }),
        })
        .collect();
    MethodologyPage {
        as_of: words::date(rows.analysis.as_of),
        cycle: c.cycle.as_ref().map_or("—".into(), |cy| {
            format!("{} ({} to {})", cy.name, words::date(cy.start), words::date(cy.end))
        }),
        thresholds,
        estimate_unit: c.work.estimate_unit.clone(),
        missing_estimate: c.work.missing_estimate.word().to_string(),
        throughput_weeks: c.work.throughput_weeks,
        kinds,
    }
}

#[derive(Serialize)]
pub struct ArchiveRow {
    pub as_of: String,
    pub url: String,
    pub current: bool,
}

pub fn archive(dates: &[NaiveDate], current: NaiveDate, archiving: bool) -> Vec<ArchiveRow> {
    let mut rows: Vec<ArchiveRow> = dates
        .iter()
        .map(|d| ArchiveRow {
            as_of: d.to_string(),
            url: format!("{}/{d}/index.html", crate::history::ARCHIVE_DIR),
            current: false,
        })
        .collect();
    if !dates.contains(&current) {
        rows.push(ArchiveRow {
            as_of: current.to_string(),
            url: if archiving {
                format!("{}/{current}/index.html", crate::history::ARCHIVE_DIR)
            } else {
                "index.html".into()
            },
            current: true,
        });
    }
    rows.sort_by(|a, b| b.as_of.cmp(&a.as_of));
    rows
}

/// The headline numbers. A risk is counted by `Status::is_risk`: an initiative without a
/// forecast and a key result without a check-in count among those at risk, and are also counted
/// apart so the reader sees why.
#[derive(Serialize)]
pub struct Headline {
    pub bets: usize,
    pub bets_at_risk: usize,
    pub krs: usize,
    pub krs_at_risk: usize,
    pub krs_off_track: usize,
    pub krs_without_checkin: usize,
    pub initiatives_active: usize,
    pub initiatives_at_risk: usize,
    pub initiatives_off_track: usize,
    pub initiatives_without_forecast: usize,
    pub aligned_share: String,
    pub aligned_estimate_share: String,
    pub orphan_items: usize,
    pub overloaded: usize,
    pub critical: usize,
}

/// Question 2, told once per cause: each slipping initiative with the key results it supports,
/// then the key results that slip on their own measure (behind pace, a trend short of the target,
/// no check-in).
#[derive(Serialize)]
pub struct SlippingInitiative {
    pub row: Shared<InitiativeRow>,
    pub bets: Vec<Link>,
    /// The key results it supports, each with its status.
    pub krs: Vec<(Link, StatusView)>,
    pub causes: Vec<Shared<SignalView>>,
}

#[derive(Serialize)]
pub struct SlippingKr {
    pub kr: KrRow,
    pub bet: Link,
    pub causes: Vec<Shared<SignalView>>,
}

/// The home page answers its four questions for a board, not an audit: each list stops here, with
/// a count of the rest and a link to the page that has them all (a large company can have
/// thousands of triggered decisions or overdue items).
pub const HOME_LIST: usize = 30;
const HOME_ITEMS_PER_OWNER: usize = 20;

#[derive(Serialize)]
pub struct Owner<'a> {
    pub person: Link,
    pub team: Option<Link>,
    pub owns: Vec<Link>,
    pub items: Vec<WorkRow<'a>>,
    pub items_more: usize,
}

#[derive(Serialize)]
pub struct Contention {
    pub person: Shared<PersonRow>,
    pub initiatives: Vec<(Shared<InitiativeRow>, Vec<Link>)>,
    pub bets: Vec<Link>,
}

/// A decision needed: one row per action and owner, listing every entity whose signal asks for
/// it, rather than one near-identical row per entity.
#[derive(Serialize)]
pub struct Decision {
    pub action: String,
    pub owner: Option<Link>,
    /// The signal kinds that fired it ("Overloaded").
    pub because: Vec<&'static str>,
    pub severity: &'static str,
    pub severity_label: &'static str,
    /// The first `DECISION_ENTITIES` entities it fired on: by its triggers' order in the
    /// configuration, then as the risks page lists them.
    pub entities: Vec<DecisionEntity>,
    /// How many more it fired on (the risks page lists them all).
    pub more: usize,
}

/// How many entities a decision names. A large company's trigger fires on thousands of entities:
/// listed whole, one decision filled twenty pages of the board pack.
pub const DECISION_ENTITIES: usize = 10;

#[derive(Serialize)]
pub struct DecisionEntity {
    pub entity: Link,
    pub message: String,
}

#[derive(Serialize)]
pub struct Home<'a> {
    pub headline: Headline,
    pub intro_html: Option<String>,
    pub bets: Vec<BetRow>,
    pub slipping: Vec<SlippingInitiative>,
    pub slipping_krs: Vec<SlippingKr>,
    pub owners: Vec<Owner<'a>>,
    pub contention: Vec<Contention>,
    pub decisions: Vec<Decision>,
    pub changes: super::reports::ChangesPage,
    /// Bets at risk in each report of the cycle, when there is more than one.
    pub risk_strip: Option<RiskStrip>,
    /// How many of each list the page leaves out (see `HOME_LIST`).
    pub slipping_more: usize,
    pub slipping_krs_more: usize,
    pub owners_more: usize,
    pub contention_more: usize,
    pub decisions_more: usize,
}

pub fn home<'a>(
    rows: &Rows<'a>,
    intro_html: Option<String>,
    changes: super::reports::ChangesPage,
    weeks: &crate::history::Weeks,
) -> Home<'a> {
    let (p, a) = (rows.project, rows.analysis);
    let mut bets: Vec<usize> = (0..p.bets.len()).collect();
    bets.sort_by_key(|&b| (a.bets[b].status, p.bets[b].id.clone()));
    let (slipping, slipping_more) = capped(slipping_initiatives(rows), HOME_LIST);
    let (slipping_krs, slipping_krs_more) = capped(slipping_krs(rows), HOME_LIST);
    let (owners, owners_more) = capped(owners(rows), HOME_LIST);
    let (contention, contention_more) = contention(rows);
    let (decisions, decisions_more) = capped(decisions(rows), HOME_LIST);
    Home {
        headline: headline(rows),
        intro_html,
        bets: bets.into_iter().map(|b| rows.bet(b, false)).collect(),
        slipping,
        slipping_krs,
        owners,
        contention,
        decisions,
        changes,
        risk_strip: risk_strip(weeks),
        slipping_more,
        slipping_krs_more,
        owners_more,
        contention_more,
        decisions_more,
    }
}

/// The home page's strip: bets at risk in each report of the cycle.
#[derive(Serialize)]
pub struct RiskStrip {
    pub chart_svg: charts::ChartView,
    /// The strip in words, for every reader: now, and at the cycle's first report.
    pub sentence: String,
}

fn risk_strip(weeks: &crate::history::Weeks) -> Option<RiskStrip> {
    let n = weeks.dates.len();
    if n < 2 {
        return None;
    }
    let ((first, of_first), (now, of_now)) = (weeks.bets_at_risk[0], weeks.bets_at_risk[n - 1]);
    let sentence = format!(
        "{now} of {of_now} bets at risk in this report; {first} of {of_first} in the first of the cycle's {n} reports, on {}.",
        words::date(weeks.dates[0])
    );
    let chart = charts::RiskStripChart {
        title: format!("Bets at risk in each of the cycle's {n} reports: {sentence}"),
        weeks: weeks.dates.iter().zip(&weeks.bets_at_risk).map(|(d, (r, of))| (*d, *r, *of)).collect(),
    };
    Some(RiskStrip { chart_svg: charts::Chart::RiskStrip(chart).into(), sentence })
}

/// The first `n` of a list, and how many are left out.
fn capped<T>(mut list: Vec<T>, n: usize) -> (Vec<T>, usize) {
    let more = list.len().saturating_sub(n);
    list.truncate(n);
    (list, more)
}

fn headline(rows: &Rows) -> Headline {
    let (p, a) = (rows.project, rows.analysis);
    let count = |statuses: &mut dyn Iterator<Item = Status>, keep: &dyn Fn(Status) -> bool| {
        statuses.filter(|&s| keep(s)).count()
    };
    let risk_not_off = |s: Status| s.is_risk() && s != Status::OffTrack;
    Headline {
        bets: p.bets.len(),
        bets_at_risk: count(&mut a.bets.iter().map(|b| b.status), &Status::is_risk),
        krs: p.krs.len(),
        krs_at_risk: count(&mut a.krs.iter().map(|k| k.status), &risk_not_off),
        krs_off_track: count(&mut a.krs.iter().map(|k| k.status), &|s| s == Status::OffTrack),
        krs_without_checkin: count(&mut a.krs.iter().map(|k| k.status), &|s| s == Status::NoData),
        initiatives_active: p.initiatives.iter().filter(|i| i.state == InitiativeState::Active).count(),
        initiatives_at_risk: count(&mut a.initiatives.iter().map(|i| i.status), &risk_not_off),
        initiatives_off_track: count(&mut a.initiatives.iter().map(|i| i.status), &|s| s == Status::OffTrack),
        initiatives_without_forecast: count(&mut a.initiatives.iter().map(|i| i.status), &|s| {
            s == Status::Unknown
        }),
        aligned_share: pct(a.trace.aligned_item_share),
        aligned_estimate_share: pct(a.trace.aligned_estimate_share),
        orphan_items: a.trace.orphan_work.len(),
        overloaded: a.capacity.people.iter().filter(|l| l.overloaded).count(),
        critical: a.signals.iter().filter(|s| s.severity == Severity::Critical).count(),
    }
}

/// The active initiatives that are a risk (off track, at risk, no forecast), worst first, each with
/// the key results it supports and its own causes.
fn slipping_initiatives(rows: &Rows) -> Vec<SlippingInitiative> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let mut slipping: Vec<usize> = (0..p.initiatives.len())
        .filter(|&i| p.initiatives[i].state == InitiativeState::Active && a.initiatives[i].status.is_risk())
        .collect();
    slipping.sort_by_key(|&i| (a.initiatives[i].status, p.initiatives[i].id.clone()));
    slipping
        .into_iter()
        .map(|i| {
            let mut krs: Vec<usize> = g.krs_of_initiative[i].clone();
            krs.sort_by_key(|&k| (a.krs[k].status, p.krs[k].id.clone()));
            let bets: BTreeSet<usize> = krs.iter().filter_map(|&k| g.bet_of_kr[k]).collect();
            SlippingInitiative {
                row: rows.initiative(i),
                bets: bets.into_iter().map(|b| rows.bet_link(b)).collect(),
                krs: krs.into_iter().map(|k| (rows.kr_link(k), a.krs[k].status.into())).collect(),
                causes: rows.signals_on(EntityKind::Initiative, &p.initiatives[i].id),
            }
        })
        .collect()
}

/// The key results at risk on their own measure: behind pace, without a check-in, or with a
/// trend short of the target. One at risk only because an initiative slips is told with that
/// initiative, not again here.
fn slipping_krs(rows: &Rows) -> Vec<SlippingKr> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let mut krs: Vec<usize> = (0..p.krs.len())
        .filter(|&k| {
            let r = &a.krs[k];
            r.status.is_risk() && (r.pace_status.is_risk() || r.off_track_initiatives.is_empty())
        })
        .collect();
    krs.sort_by_key(|&k| (a.krs[k].status, p.krs[k].id.clone()));
    krs.into_iter()
        .map(|k| SlippingKr {
            kr: rows.kr(k, false),
            bet: g.bet_of_kr[k].map(|b| rows.bet_link(b)).unwrap_or_else(|| rows.kr_link(k)),
            causes: rows.signals_on(EntityKind::Kr, &p.krs[k].id),
        })
        .collect()
}

/// Question 3: who owns the slipping work — owners of slipping initiatives, and the people
/// holding their overdue or blocked items; the most involved first.
fn owners<'a>(rows: &Rows<'a>) -> Vec<Owner<'a>> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    // Per person: the slipping initiatives they own, and the overdue or blocked items they hold.
    type Held = (BTreeSet<usize>, BTreeSet<usize>);
    let mut owners: BTreeMap<usize, Held> = BTreeMap::new();
    for i in (0..p.initiatives.len()).filter(|&i| a.initiatives[i].status.is_risk()) {
        if let Some(o) = g.person(p.initiatives[i].owner.as_deref()) {
            owners.entry(o).or_default().0.insert(i);
        }
        let r = &a.initiatives[i];
        for &w in r.overdue.iter().chain(&r.blocked) {
            if let Some(person) = g.assignee_of_work[w] {
                owners.entry(person).or_default().1.insert(w);
            }
        }
    }
    let mut owners: Vec<(usize, Held)> = owners.into_iter().collect();
    owners.sort_by(|(x, (x_owns, x_items)), (y, (y_owns, y_items))| {
        (y_owns.len() + y_items.len())
            .cmp(&(x_owns.len() + x_items.len()))
            .then(p.people[*x].id.cmp(&p.people[*y].id))
    });
    owners
        .into_iter()
        .take(HOME_LIST)
        .map(|(person, (owns, items))| Owner {
            person: rows.person_link(person),
            team: p.people[person].team.as_deref().map(|t| rows.team_link(t)),
            owns: owns.into_iter().map(|i| rows.initiative_link(i)).collect(),
            items_more: items.len().saturating_sub(HOME_ITEMS_PER_OWNER),
            items: items.into_iter().take(HOME_ITEMS_PER_OWNER).map(|w| rows.work(w)).collect(),
        })
        .collect()
}

/// Question 4: initiatives competing for the same overloaded people; when there are too many to
/// list, the most loaded, still in the order of people.csv.
fn contention(rows: &Rows) -> (Vec<Contention>, usize) {
    let (a, g) = (rows.analysis, rows.graph);
    let mut most_loaded: Vec<usize> = (0..a.capacity.contention.len()).collect();
    let utilisation = |n: usize| {
        let load = &a.capacity.people[a.capacity.contention[n].0];
        load.utilisation.unwrap_or(f64::INFINITY)
    };
    most_loaded.sort_by(|&x, &y| utilisation(y).total_cmp(&utilisation(x)).then(x.cmp(&y)));
    most_loaded.truncate(HOME_LIST);
    most_loaded.sort_unstable();
    let more = a.capacity.contention.len() - most_loaded.len();
    let contention = most_loaded
        .into_iter()
        .map(|n| &a.capacity.contention[n])
        .map(|(person, initiatives)| {
            let mut bets = BTreeSet::new();
            let initiatives = initiatives
                .iter()
                .map(|&i| {
                    let ibets: BTreeSet<usize> =
                        g.krs_of_initiative[i].iter().filter_map(|&k| g.bet_of_kr[k]).collect();
                    bets.extend(ibets.iter().copied());
                    (rows.initiative(i), ibets.into_iter().map(|b| rows.bet_link(b)).collect())
                })
                .collect();
            Contention {
                person: rows.person(*person),
                initiatives,
                bets: bets.into_iter().map(|b| rows.bet_link(b)).collect(),
            }
        })
        .collect();
    (contention, more)
}

/// docs/configuration.md#triggers: each trigger whose signal kind is present asks for a decision. Triggers that share an
/// action and an owner are one decision, listing every entity that asks for it.
pub fn decisions(rows: &Rows) -> Vec<Decision> {
    // (action, owner) -> the signal kinds and the signals that ask for it, in trigger order.
    type Asked<'a> = ((&'a str, Option<&'a str>), Vec<SignalKind>, Vec<&'a crate::analyse::Signal>);
    let mut asked: Vec<Asked> = Vec::new();
    for trigger in &rows.project.config.triggers {
        let kind = trigger.signal;
        let fired: Vec<&crate::analyse::Signal> =
            rows.analysis.signals.iter().filter(|s| s.kind == kind).collect();
        if fired.is_empty() {
            continue;
        }
        let key = (trigger.action.as_str(), trigger.owner.as_deref());
        match asked.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, kinds, signals)) => {
                kinds.push(kind);
                signals.extend(fired);
            }
            None => asked.push((key, vec![kind], fired)),
        }
    }
    asked
        .into_iter()
        .map(|((action, owner), kinds, signals)| {
            let worst = kinds.iter().map(|k| k.severity()).min().unwrap_or(Severity::Info);
            let (signals, more) = capped(signals, DECISION_ENTITIES);
            Decision {
                action: action.to_string(),
                owner: rows.owner(owner.map(str::to_string).as_ref()),
                because: kinds.iter().map(|&k| words::signal(k).label).collect(),
                severity: severity_word(worst),
                severity_label: words::severity(worst),
                entities: signals
                    .into_iter()
                    .map(|s| DecisionEntity {
                        entity: rows.entity_link(&s.entity),
                        message: s.message.clone(),
                    })
                    .collect(),
                more,
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct Strategy {
    pub bets: Vec<BetRow>,
    pub initiatives_without_kr: InitiativeTable,
}

pub fn strategy(rows: &Rows) -> Strategy {
    Strategy {
        bets: (0..rows.project.bets.len()).map(|b| rows.bet(b, true)).collect(),
        initiatives_without_kr: rows.initiative_table(rows.analysis.trace.initiatives_without_kr.clone()),
    }
}

#[derive(Serialize)]
pub struct RiskGroup {
    pub kind: &'static str,
    pub label: &'static str,
    /// What fires it, as HTML (setting names as code).
    pub about_html: String,
    pub sits_on: &'static str,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub signals: SignalTable,
}

/// The signals grouped by kind, in the analysis' order (most severe first).
pub fn risks(rows: &Rows) -> Vec<RiskGroup> {
    let mut first = 0;
    rows.analysis
        .signals
        .chunk_by(|a, b| a.kind == b.kind)
        .map(|group| {
            let items: Vec<usize> = (first..first + group.len()).collect();
            first += group.len();
            let view = rows.signal_at(items[0]);
            let kind = group[0].kind;
            RiskGroup {
                kind: view.kind,
                label: view.label,
                about_html: super::rows::code_spans(words::signal(kind).about),
                sits_on: words::signal(kind).sits_on,
                severity: view.severity,
                severity_label: view.severity_label,
                signals: rows.signal_table(items),
            }
        })
        .collect()
}

#[derive(Serialize)]
pub struct TeamShare {
    pub team: Link,
    pub items: usize,
    pub aligned_items: usize,
    pub share: String,
    pub estimate_share: String,
    pub bar: u32,
}

#[derive(Serialize)]
pub struct TracePage {
    pub work_items: usize,
    pub aligned_items: usize,
    pub aligned_share: String,
    pub aligned_estimate_share: String,
    pub teams: Vec<TeamShare>,
    pub orphans: WorkTable,
    pub unlinked: WorkTable,
    pub initiatives_without_kr: InitiativeTable,
    pub unsupported_krs: Vec<KrRow>,
    pub unmeasured_bets: Vec<Link>,
    pub unowned: Vec<SignalView>,
}

pub fn trace(rows: &Rows) -> TracePage {
    let a = rows.analysis;
    let t = &a.trace;
    TracePage {
        work_items: t.work_items,
        aligned_items: t.aligned_items,
        aligned_share: pct(t.aligned_item_share),
        aligned_estimate_share: pct(t.aligned_estimate_share),
        teams: t
            .teams
            .iter()
            .map(|team| {
                let share = (team.items > 0).then(|| team.aligned_items as f64 / team.items as f64);
                TeamShare {
                    team: rows.team_link(&team.team),
                    items: team.items,
                    aligned_items: team.aligned_items,
                    share: pct(share),
                    estimate_share: pct((team.weight > 0.0).then(|| team.aligned_weight / team.weight)),
                    bar: (share.unwrap_or(0.0) * 100.0).round() as u32,
                }
            })
            .collect(),
        orphans: rows.work_table(&t.orphan_work, false),
        unlinked: rows.work_table(&t.unlinked_containers, false),
        initiatives_without_kr: rows.initiative_table(t.initiatives_without_kr.clone()),
        unsupported_krs: t.unsupported_krs.iter().map(|&k| rows.kr(k, false)).collect(),
        unmeasured_bets: t.unmeasured_bets.iter().map(|&b| rows.bet_link(b)).collect(),
        unowned: a.signals.iter().filter(|s| s.kind == SignalKind::Unowned).map(|s| rows.signal(s)).collect(),
    }
}

/// Lists on the data-quality page stop here, with a count of the rest: a million-row export
/// must not make a million-row page.
const LISTED: usize = 200;

#[derive(Serialize)]
pub struct QualityItem {
    pub id: String,
    pub title: String,
    /// The item's row on an initiative or the trace page, when it has one.
    pub url: Option<String>,
    pub source_url: Option<String>,
    pub line: Option<usize>,
}

#[derive(Serialize)]
pub struct Listed<T> {
    pub total: usize,
    pub shown: Vec<T>,
    pub more: usize,
}

/// The first `LISTED` of `all`, each shown by `show`, and how many there are: only those shown
/// are made into rows (a large export can have a hundred thousand items on one list).
fn listed<T, U>(all: impl Iterator<Item = T>, show: impl Fn(T) -> U) -> Listed<U> {
    let mut shown = Vec::new();
    let mut total = 0;
    for x in all {
        total += 1;
        if shown.len() < LISTED {
            shown.push(show(x));
        }
    }
    Listed { more: total - shown.len(), total, shown }
}

#[derive(Serialize)]
pub struct StatusLine {
    pub name: String,
    pub counted_as: &'static str,
    pub word: &'static str,
    pub rows: usize,
    /// As HTML: a setting's name is set as code.
    pub how: String,
    pub guessed: bool,
}

#[derive(Serialize)]
pub struct SourceQuality {
    pub anchor: String,
    pub path: String,
    pub preset: String,
    pub encoding: String,
    pub delimiter: String,
    pub rows: usize,
    pub items: usize,
    pub containers: usize,
    pub newest: String,
    /// The language the headers were read in.
    pub language: String,
    /// The levels above the epics, each with its rows.
    pub container_levels: Vec<String>,
    /// Work items whose parent is a work item: their parents carry the points.
    pub sub_items: usize,
    pub signals: Vec<Shared<SignalView>>,
    pub columns: Vec<crate::model::ColumnUse>,
    pub unused_headers: Vec<String>,
    pub statuses: Vec<StatusLine>,
    pub guesses: Vec<String>,
    pub imputed: Listed<QualityItem>,
    pub imputed_rule: String,
    pub cancelled: Listed<QualityItem>,
    pub done_without_date: Listed<QualityItem>,
    pub not_yet_created: usize,
    pub skipped: Listed<crate::model::SkippedRow>,
    pub blank_rows: usize,
}

#[derive(Serialize)]
pub struct QualityPage {
    pub sources: Vec<SourceQuality>,
    pub estimate_unit: String,
}

/// docs/site.md, data quality: per work source, what the importer read, how it mapped the columns and
/// statuses, what it guessed, and what it left out and why.
pub fn quality(rows: &Rows) -> QualityPage {
    use crate::model::{StatusOrigin, WorkStatus};
    let (p, a) = (rows.project, rows.analysis);
    let item = |w: usize| {
        let work = &p.work[w];
        let linked = a.work.is_item[w];
        QualityItem {
            id: work.id.clone(),
            title: work.title.clone(),
            url: linked.then(|| rows.links.work(&work.id)),
            source_url: rows.links.source_url(&work.id),
            line: work.location.line,
        }
    };
    let imputed_rule = match p.config.work.missing_estimate {
        crate::config::MissingEstimate::Median => {
            "`missing_estimate = \"median\"`: each weighs the median estimate of its initiative's items (1 when none has one)"
        }
        crate::config::MissingEstimate::Count => "`missing_estimate = \"count\"`: every item weighs 1",
        crate::config::MissingEstimate::Zero => "`missing_estimate = \"zero\"`: each weighs 0",
    };
    // Each source's items, in one pass over the work rather than one per source and question.
    let mut items_of_source = vec![Vec::new(); p.sources.len()];
    for (w, item) in p.work.iter().enumerate() {
        if let Some(items) = items_of_source.get_mut(item.source) {
            items.push(w);
        }
    }
    let sources = p
        .sources
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let of_source = || items_of_source[n].iter().copied();
            let statuses = s
                .statuses
                .iter()
                .map(|st| StatusLine {
                    name: if st.name.is_empty() { "(empty)".into() } else { st.name.clone() },
                    counted_as: words::work_status(st.status),
                    word: st.status.word(),
                    rows: st.rows,
                    how: super::rows::code_spans(match st.how {
                        StatusOrigin::StatusMap => "your `[work.status_map]`",
                        StatusOrigin::Preset => "the preset's table",
                        StatusOrigin::Category => "the export's status category",
                        StatusOrigin::DoneDate => "a done date is filled",
                        StatusOrigin::Unknown => "not known: counted as to do (a warning)",
                        StatusOrigin::Default => "no done date, section not mapped: to do",
                    }),
                    guessed: matches!(
                        st.how,
                        StatusOrigin::Category | StatusOrigin::Unknown | StatusOrigin::Default
                    ),
                })
                .collect();
            SourceQuality {
                anchor: rows.links.source_anchor(&s.path),
                path: s.path.clone(),
                preset: s.preset.clone(),
                encoding: s
                    .converted_from
                    .as_ref()
                    .map_or("UTF-8".into(), |e| format!("{e}, converted to UTF-8")),
                delimiter: s.delimiter.clone(),
                rows: s.rows,
                items: s.items,
                containers: s.containers,
                newest: date(s.newest_date),
                language: s.language.clone().unwrap_or_else(|| "English".into()),
                container_levels: s.container_levels.clone(),
                sub_items: of_source().filter(|&w| a.work.is_sub[w]).count(),
                signals: rows.signals_on(EntityKind::Source, &s.path),
                columns: s.columns.clone(),
                unused_headers: s.unused_headers.clone(),
                statuses,
                guesses: s.guesses.clone(),
                imputed: listed(of_source().filter(|&w| a.work.imputed[w]), item),
                imputed_rule: super::rows::code_spans(imputed_rule),
                cancelled: listed(
                    of_source().filter(|&w| a.work.status[w] == Some(WorkStatus::Cancelled)),
                    item,
                ),
                done_without_date: listed(
                    of_source()
                        .filter(|&w| a.work.is_item[w] && a.work.is_done(w) && p.work[w].done.is_none()),
                    item,
                ),
                not_yet_created: of_source().filter(|&w| a.work.status[w].is_none()).count(),
                skipped: listed(s.skipped.iter(), Clone::clone),
                blank_rows: s.blank_rows,
            }
        })
        .collect();
    QualityPage { sources, estimate_unit: p.config.work.estimate_unit.clone() }
}
