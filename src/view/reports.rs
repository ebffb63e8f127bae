//! The report pages of the drift model (docs/analysis.md, docs/site.md): capacity and contention, dependencies,
//! commitments, changes since the last publish, the methodology, and the archive index.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::charts::{self, Bar, BarChart};
use super::rows::{CommitmentRow, InitiativeRow, Link, PersonRow, Rows, StatusView, date, number, pct};
use crate::analyse::{EntityKind, EntityRef, SignalKind};
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

#[derive(Serialize)]
pub struct InitiativeWithBets {
    pub initiative: InitiativeRow,
    pub bets: Vec<Link>,
}

#[derive(Serialize)]
pub struct PersonContention {
    pub person: PersonRow,
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
    pub initiative: InitiativeRow,
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
    pub people: Vec<PersonRow>,
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
    let mut people: Vec<usize> =
        (0..p.people.len()).filter(|&x| p.people[x].capacity.is_some() || cap.people[x].open > 0.0).collect();
    people.sort_by(|&x, &y| {
        let u = |i: usize| {
            cap.people[i].utilisation.unwrap_or(if cap.people[i].overloaded { f64::INFINITY } else { 0.0 })
        };
        u(y).total_cmp(&u(x)).then(p.people[x].id.cmp(&p.people[y].id))
    });
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
    let teams = cap
        .teams
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
        .collect();
    let with_bets = |i: usize| InitiativeWithBets {
        initiative: rows.initiative(i),
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
    // By bet: for each bet, the overloaded people its initiatives use, and the other bets that
    // compete for those same people.
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
    let by_bet = by_bet
        .into_iter()
        .map(|(b, load)| BetContention {
            bet: rows.bet_link(b),
            people: load.people.into_iter().map(|x| rows.person_link(x)).collect(),
            initiatives: load.initiatives.into_iter().map(|i| rows.initiative_link(i)).collect(),
            other_bets: load.others.into_iter().map(|o| rows.bet_link(o)).collect(),
        })
        .collect();
    let proposals = cap
        .proposals
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
        .collect();
    Ok(CapacityPage {
        weeks: format!("{:.1}", cap.weeks),
        overload: pct(Some(overload)),
        wip_limit: p.config.thresholds.wip_limit,
        people_chart: people_chart.into(),
        team_chart: team_chart.into(),
        people: people.into_iter().map(|x| rows.person(x)).collect(),
        teams,
        contention,
        by_bet,
        proposals,
        unit: p.config.work.estimate_unit.clone(),
    })
}

#[derive(Serialize)]
pub struct DependencyRow {
    pub predecessor: InitiativeRow,
    pub successor: InitiativeRow,
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
    pub seen: super::pages::TargetRow,
}

#[derive(Serialize)]
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
            sentence: super::pages::target_sentence(&m.moved, unit_of(id)),
            seen: super::pages::target_row(rows, m, unit_of(id)),
        })
        .collect();
    let cycle = cycle.map_or(String::new(), |c| c.name.clone());
    let Some(c) = history.changes.as_ref() else {
        return ChangesPage {
            since: None,
            cycle,
            targets_this_cycle,
            targets_from_git,
            newly_at_risk: vec![],
            recovered: vec![],
            forecasts_moved: vec![],
            targets_moved: vec![],
            new_gaps: vec![],
            resolved_gaps: vec![],
            broken_commitments: vec![],
            new_decisions: vec![],
            empty: true,
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
                sentence: super::pages::target_sentence(m, unit_of(&m.id)),
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
