//! History (docs/analysis.md#changes-and-history): the previous snapshot and the archived ones, what changed since the last
//! publish, and each initiative's forecast over time. Everything here compares snapshots, the
//! public record of a build, so a report can be compared with any earlier one; `git` reads the
//! same moves of each target from the strategy file's commits, when the project is a repository.

pub mod git;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Location};
use crate::model::Direction;
pub use crate::model::{ChangeKind, TargetDirection, TargetField};
use crate::model::{EntityKind, SignalKind, Status};
pub use crate::snapshot::changes::{
    Changes, ForecastMove, KrDefinition, SignalChange, StatusChange, TargetMove, TargetValue,
};
use crate::snapshot::{KrSnapshot, SeenIn, Snapshot, TargetRecord};

/// Signal kinds that are gaps in the model rather than slips in the work.
const GAP_KINDS: [SignalKind; 7] = [
    SignalKind::OrphanWork,
    SignalKind::UnlinkedEpic,
    SignalKind::InitiativeWithoutKr,
    SignalKind::UnsupportedKr,
    SignalKind::UnmeasuredBet,
    SignalKind::Unowned,
    SignalKind::KrNoData,
];

pub const ARCHIVE_DIR: &str = "archive";

#[derive(Debug, Clone, Default)]
pub struct History {
    pub previous: Option<Snapshot>,
    /// Archived snapshots, oldest first, without the current report's date.
    pub archived: Vec<Snapshot>,
    /// The moves of each target in the strategy file's commits, when the project is a git
    /// repository (`git::target_history`); the archived reports stand in without it.
    pub git: Option<git::GitHistory>,
}

impl History {
    /// The previous snapshot is `--previous FILE`, else the one already in the output folder when
    /// its as_of differs from this report's. Archived snapshots come from `OUT/archive/*/`.
    pub fn load(previous: Option<&Path>, out: &Path, as_of: NaiveDate) -> Result<History, Diagnostic> {
        let mut archived = Vec::new();
        if let Ok(entries) = std::fs::read_dir(out.join(ARCHIVE_DIR)) {
            let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
            dirs.sort();
            for dir in dirs {
                if let Ok(snapshot) = read(&dir.join("data/snapshot.json"))
                    && snapshot.as_of != as_of
                {
                    archived.push(snapshot);
                }
            }
        }
        archived.sort_by_key(|s| s.as_of);
        // Rebuilding the same week compares with the report before it, not with itself.
        let previous = match previous {
            Some(path) => Some(read(path)?),
            None => read(&out.join("data/snapshot.json"))
                .ok()
                .filter(|s| s.as_of != as_of)
                .or_else(|| archived.iter().rev().find(|s| s.as_of < as_of).cloned()),
        };
        Ok(History { previous, archived, git: None })
    }

    /// Every move of each key result's definition, oldest first: from the commits when there is a
    /// git history, else from the reports (the archived ones, the previous one and `now`).
    pub fn targets(&self, now: &Snapshot) -> BTreeMap<String, Vec<TargetChange>> {
        match &self.git {
            Some(git) => git.targets.clone(),
            None => {
                let reports: Vec<&Snapshot> =
                    self.archived.iter().chain(self.previous.as_ref()).chain(std::iter::once(now)).collect();
                target_history(&reports)
            }
        }
    }
}

fn read(path: &Path) -> Result<Snapshot, Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(Location::file(&file), format!("cannot read the snapshot: {e}")))?;
    parse(&bytes, &file)
}

/// Parses a snapshot.json written by an earlier build (`--previous`, the archive).
pub fn parse(bytes: &[u8], file: &str) -> Result<Snapshot, Diagnostic> {
    let hint = "pass a data/snapshot.json written by `throughline build`";
    let snapshot: Snapshot = serde_json::from_slice(bytes).map_err(|e| {
        Diagnostic::error(
            Location::at(file, e.line(), Some(e.column())),
            format!("not a Throughline snapshot: {e}"),
        )
        .with_hint(hint)
    })?;
    // Changes are matched by id: an id listed twice (a hand-edited file) would report an entity
    // as changed against itself.
    if let Some((kind, id)) = repeated_id(&snapshot) {
        return Err(Diagnostic::error(
            Location::file(file),
            format!("not a Throughline snapshot: {kind} `{id}` is listed twice"),
        )
        .with_hint(hint));
    }
    Ok(snapshot)
}

fn repeated_id(snapshot: &Snapshot) -> Option<(&'static str, &str)> {
    fn first_repeat<'a>(ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        let mut seen = std::collections::BTreeSet::new();
        ids.into_iter().find(|id| !seen.insert(*id))
    }
    let lists: [(&'static str, Option<&str>); 5] = [
        ("bet", first_repeat(snapshot.bets.iter().map(|b| b.id.as_str()))),
        ("key result", first_repeat(snapshot.krs.iter().map(|k| k.id.as_str()))),
        ("initiative", first_repeat(snapshot.initiatives.iter().map(|i| i.id.as_str()))),
        ("person", first_repeat(snapshot.people.iter().map(|p| p.id.as_str()))),
        ("commitment", first_repeat(snapshot.commitments.iter().map(|c| c.id.as_str()))),
    ];
    lists.into_iter().find_map(|(kind, id)| Some((kind, id?)))
}

/// An entity whose status crossed into or out of the risks (`Status::is_risk`).
/// What changed from `before` to `now`: entities newly at risk and recovered, forecasts moved by 7
/// days or more, targets moved, gaps opened and closed, commitments broken, and decisions newly
/// asked for by a trigger on one of `triggered` (the signal kinds of throughline.toml's
/// `[[trigger]]`s), each list in the order snapshot.json promises.
pub fn changes(before: &Snapshot, now: &Snapshot, triggered: &[SignalKind]) -> Changes {
    let mut c = Changes::none_since(before.as_of);
    let statuses = |s: &Snapshot| -> BTreeMap<(EntityKind, String), Status> {
        let bets = s.bets.iter().map(|b| ((EntityKind::Bet, b.id.clone()), b.status));
        let krs = s.krs.iter().map(|k| ((EntityKind::Kr, k.id.clone()), k.status));
        let initiatives = s.initiatives.iter().map(|i| ((EntityKind::Initiative, i.id.clone()), i.status));
        let commitments = s.commitments.iter().map(|x| ((EntityKind::Commitment, x.id.clone()), x.status));
        bets.chain(krs).chain(initiatives).chain(commitments).collect()
    };
    let old = statuses(before);
    for ((kind, id), after) in statuses(now) {
        let was = old.get(&(kind, id.clone())).copied();
        let was_risk = was.is_some_and(Status::is_risk);
        let change = StatusChange { kind, id, before: was, after };
        if kind == EntityKind::Commitment && after == Status::Broken && was != Some(Status::Broken) {
            c.broken_commitments.push(change.clone());
        }
        if after.is_risk() && !was_risk {
            c.newly_at_risk.push(change);
        } else if !after.is_risk() && was_risk {
            c.recovered.push(change);
        }
    }
    // Sorted by (kind, id) as snapshot.json writes them: plain string order of the kind's word.
    let by_kind =
        |x: &StatusChange, y: &StatusChange| (kind_word(x.kind), &x.id).cmp(&(kind_word(y.kind), &y.id));
    c.newly_at_risk.sort_by(by_kind);
    c.recovered.sort_by(by_kind);
    c.broken_commitments.sort_by(by_kind);

    let old_p85: BTreeMap<&str, Option<NaiveDate>> =
        before.initiatives.iter().map(|i| (i.id.as_str(), i.p85)).collect();
    for i in &now.initiatives {
        if let (Some(Some(was)), Some(now_p85)) = (old_p85.get(i.id.as_str()), i.p85) {
            let days = (now_p85 - *was).num_days();
            if days.abs() >= 7 {
                c.forecasts_moved.push(ForecastMove { id: i.id.clone(), before: *was, after: now_p85, days });
            }
        }
    }
    c.forecasts_moved.sort_by(|a, b| b.days.abs().cmp(&a.days.abs()).then(a.id.cmp(&b.id)));

    let old_krs: BTreeMap<&str, &KrSnapshot> = before.krs.iter().map(|k| (k.id.as_str(), k)).collect();
    for kr in &now.krs {
        if let Some(was) = old_krs.get(kr.id.as_str()) {
            c.targets_moved.extend(target_moves(&kr.id, &was.definition(), &kr.definition()));
        }
    }
    c.targets_moved.sort_by(|a, b| (&a.id, a.field).cmp(&(&b.id, b.field)));

    let signals =
        |s: &Snapshot, kinds: &[SignalKind]| -> BTreeMap<(String, SignalKind, EntityKind), SignalChange> {
            s.signals
                .iter()
                .filter(|s| kinds.contains(&s.kind))
                .map(|s| {
                    let change = SignalChange {
                        kind: s.kind,
                        entity: s.entity.clone(),
                        entity_kind: s.entity_kind,
                        message: s.message.clone(),
                    };
                    ((s.entity.clone(), s.kind, s.entity_kind), change)
                })
                .collect()
        };
    let appeared = |was: &BTreeMap<_, SignalChange>, is: &BTreeMap<_, SignalChange>| -> Vec<SignalChange> {
        is.iter().filter(|(k, _)| !was.contains_key(*k)).map(|(_, s)| s.clone()).collect()
    };
    // BTreeMap order is (entity, kind), the order snapshot.json promises.
    let (old_gaps, new_gaps) = (signals(before, &GAP_KINDS), signals(now, &GAP_KINDS));
    c.new_gaps = appeared(&old_gaps, &new_gaps);
    c.resolved_gaps = appeared(&new_gaps, &old_gaps);
    c.new_decisions = appeared(&signals(before, triggered), &signals(now, triggered));
    c
}

pub fn kind_word(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Bet => "bet",
        EntityKind::Kr => "kr",
        EntityKind::Initiative => "initiative",
        EntityKind::Commitment => "commitment",
        EntityKind::WorkItem => "work_item",
        EntityKind::Person => "person",
        EntityKind::Team => "team",
        EntityKind::Source => "source",
    }
}

/// Each field of a key result's definition that differs between two versions, one move per field.
/// A version that did not record a field (an older snapshot) moves nothing.
pub fn target_moves(id: &str, before: &KrDefinition, now: &KrDefinition) -> Vec<TargetMove> {
    let number = |v: Option<f64>| v.map(TargetValue::Number);
    let day = |v: Option<NaiveDate>| v.map(TargetValue::Date);
    let fields = [
        (TargetField::Baseline, number(before.baseline), number(now.baseline)),
        (TargetField::Target, number(before.target), number(now.target)),
        (TargetField::Start, day(before.start), day(now.start)),
        (TargetField::End, day(before.end), day(now.end)),
    ];
    fields
        .into_iter()
        .filter(|(_, was, is)| was.is_some() && is.is_some() && was != is)
        .map(|(field, was, is)| TargetMove {
            id: id.to_string(),
            field,
            before: was,
            after: is,
            direction: target_direction(field, was, is, now),
        })
        .collect()
}

/// Eased when the move makes the key result easier to reach: a target moved toward its baseline,
/// a threshold moved to the side that holds more often, an end moved later. Raised when harder.
fn target_direction(
    field: TargetField,
    before: Option<TargetValue>,
    after: Option<TargetValue>,
    now: &KrDefinition,
) -> TargetDirection {
    use TargetDirection::*;
    let easier = match (field, before, after) {
        (TargetField::End, Some(TargetValue::Date(b)), Some(TargetValue::Date(a))) => a > b,
        (TargetField::Target, Some(TargetValue::Number(b)), Some(TargetValue::Number(a))) => {
            match (now.direction, now.baseline) {
                (Some(Direction::AtMost), _) => a > b,
                (Some(Direction::AtLeast), _) => a < b,
                // A target moved toward its baseline is nearer, so easier to reach.
                (None, Some(baseline)) => (a - baseline).abs() < (b - baseline).abs(),
                (None, None) => return Changed,
            }
        }
        _ => return Changed,
    };
    if easier { Eased } else { Raised }
}

/// One point of an initiative's forecast over time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForecastPoint {
    pub as_of: NaiveDate,
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// The reports a chart over time shows: the archived ones of the cycle (from `since`, its start)
/// made before this one, and this one, oldest first. A report dated after this one (an as-of
/// rebuild of an earlier week) is left out, so the rebuild shows what was known then.
fn reports_until<'a>(
    archived: &'a [Snapshot],
    now: &'a Snapshot,
    since: Option<NaiveDate>,
) -> Vec<&'a Snapshot> {
    archived
        .iter()
        .filter(|s| s.as_of < now.as_of && since.is_none_or(|start| s.as_of >= start))
        .chain(std::iter::once(now))
        .collect()
}

/// Each initiative's forecasts over the archived reports of the cycle and this one, oldest first.
pub fn forecast_over_time(
    archived: &[Snapshot],
    now: &Snapshot,
    since: Option<NaiveDate>,
) -> BTreeMap<String, Vec<ForecastPoint>> {
    let mut series: BTreeMap<String, Vec<ForecastPoint>> = BTreeMap::new();
    for snapshot in reports_until(archived, now, since) {
        for i in &snapshot.initiatives {
            series.entry(i.id.clone()).or_default().push(ForecastPoint {
                as_of: snapshot.as_of,
                p50: i.p50,
                p85: i.p85,
                due: i.due,
            });
        }
    }
    series
}

/// What one report said of a bet or a key result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekPoint {
    pub status: Status,
    pub progress: Option<f64>,
}

/// The cycle week by week (docs/site.md#the-cycle-week-by-week): the reports of the cycle, oldest
/// first, and what each said of every bet and key result (`None` where one did not exist yet).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weeks {
    pub dates: Vec<NaiveDate>,
    pub bets: BTreeMap<String, Vec<Option<WeekPoint>>>,
    pub krs: BTreeMap<String, Vec<Option<WeekPoint>>>,
    /// How many bets each report had at risk (any risk status: docs/analysis.md), and how many
    /// bets it had.
    pub bets_at_risk: Vec<(usize, usize)>,
}

/// The cycle week by week, from the archived reports of the cycle (from `since`, its start) and
/// this one.
pub fn weeks(archived: &[Snapshot], now: &Snapshot, since: Option<NaiveDate>) -> Weeks {
    let reports = reports_until(archived, now, since);
    let n = reports.len();
    let mut weeks = Weeks::default();
    for (w, report) in reports.iter().enumerate() {
        weeks.dates.push(report.as_of);
        for b in &report.bets {
            let point = WeekPoint { status: b.status, progress: b.progress };
            weeks.bets.entry(b.id.clone()).or_insert_with(|| vec![None; n])[w] = Some(point);
        }
        for k in &report.krs {
            let point = WeekPoint { status: k.status, progress: k.progress };
            weeks.krs.entry(k.id.clone()).or_insert_with(|| vec![None; n])[w] = Some(point);
        }
        let at_risk = report.bets.iter().filter(|b| b.status.is_risk()).count();
        weeks.bets_at_risk.push((at_risk, report.bets.len()));
    }
    weeks
}

/// One move of a key result's definition, and where it was seen.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    pub moved: TargetMove,
    pub seen: Seen,
}

impl TargetChange {
    /// The day of the move: its commit's, or the report's that first showed it; `None` for an edit
    /// not committed yet. What "moved this cycle" is decided on.
    pub fn date(&self) -> Option<NaiveDate> {
        match &self.seen {
            Seen::Commit(commit) => Some(commit.date),
            Seen::WorkingTree => None,
            Seen::Report { as_of, .. } => Some(*as_of),
        }
    }
}

/// Where a move of a target was seen: in a commit of the strategy file, in an edit of it not
/// committed yet, or, without git, in the first report that showed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    Commit(git::Commit),
    WorkingTree,
    /// The report of `as_of` showed the new value first; the report of `since` the old one.
    Report {
        as_of: NaiveDate,
        since: NaiveDate,
    },
}

/// A move as snapshot.json records it.
impl From<&TargetChange> for TargetRecord {
    fn from(change: &TargetChange) -> TargetRecord {
        let m = &change.moved;
        let mut record = TargetRecord {
            field: m.field,
            before: m.before,
            after: m.after,
            direction: m.direction,
            seen_in: SeenIn::WorkingTree,
            date: change.date(),
            since: None,
            author: None,
            person: None,
            commit: None,
            message: None,
        };
        match &change.seen {
            Seen::Commit(c) => {
                record.seen_in = SeenIn::Commit;
                record.author = Some(c.author.clone());
                record.person = c.person.clone();
                record.commit = Some(c.id.clone());
                record.message = Some(c.message.clone());
            }
            Seen::WorkingTree => {}
            Seen::Report { since, .. } => {
                record.seen_in = SeenIn::Report;
                record.since = Some(*since);
            }
        }
        record
    }
}

/// Each key result's target moves over the reports (the archived ones, the previous one and this
/// one), oldest first: how a goal post moved week by week.
pub fn target_history(reports: &[&Snapshot]) -> BTreeMap<String, Vec<TargetChange>> {
    let mut ordered: Vec<&Snapshot> = reports.to_vec();
    ordered.sort_by_key(|s| s.as_of);
    ordered.dedup_by_key(|s| s.as_of);
    let mut history: BTreeMap<String, Vec<TargetChange>> = BTreeMap::new();
    for pair in ordered.windows(2) {
        let (before, now) = (pair[0], pair[1]);
        let old: BTreeMap<&str, &KrSnapshot> = before.krs.iter().map(|k| (k.id.as_str(), k)).collect();
        for kr in &now.krs {
            let Some(was) = old.get(kr.id.as_str()) else { continue };
            for moved in target_moves(&kr.id, &was.definition(), &kr.definition()) {
                let seen = Seen::Report { as_of: now.as_of, since: before.as_of };
                history.entry(kr.id.clone()).or_default().push(TargetChange { moved, seen });
            }
        }
    }
    history
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::snapshot::{InitiativeSnapshot, SignalSnapshot, TraceSnapshot};

    #[test]
    fn a_snapshot_listing_an_id_twice_is_refused() {
        let mut twice = snapshot("2026-11-13", Status::AtRisk, "2027-01-15", &[]);
        let mut copy = twice.initiatives[0].clone();
        copy.status = Status::NotStarted;
        twice.initiatives.push(copy);
        let bytes = serde_json::to_vec(&twice).unwrap();
        let err = parse(&bytes, "previous.json").unwrap_err();
        assert!(err.message.contains("initiative `I1` is listed twice"), "{}", err.message);
        // The same file without the repeat is read, and does not change against itself.
        let once = snapshot("2026-11-13", Status::AtRisk, "2027-01-15", &[]);
        let once = parse(&serde_json::to_vec(&once).unwrap(), "p").unwrap();
        assert!(changes(&once, &once, &[]).is_empty());
    }

    fn kr(id: &str, status: Status, target: f64) -> KrSnapshot {
        KrSnapshot {
            id: id.into(),
            bet: "B1".into(),
            title: "k".into(),
            status,
            progress: None,
            expected: None,
            gap: None,
            forecast_progress: None,
            latest_value: None,
            latest_checkin: None,
            stale: false,
            confidence: None,
            baseline: Some(12.0),
            target: Some(target),
            start: Some("2026-07-01".parse().unwrap()),
            end: Some("2026-12-31".parse().unwrap()),
            direction: None,
            target_history: vec![],
        }
    }

    fn snapshot(as_of: &str, kr_status: Status, p85: &str, gaps: &[&str]) -> Snapshot {
        Snapshot {
            schema: 1,
            title: "t".into(),
            as_of: as_of.parse().unwrap(),
            cycle: None,
            bets: vec![],
            krs: vec![kr("KR1", kr_status, 35.0)],
            initiatives: vec![InitiativeSnapshot {
                id: "I1".into(),
                title: "i".into(),
                status: Status::OnTrack,
                krs: vec![],
                scope: 1.0,
                done: 0.0,
                progress: None,
                p50: None,
                p85: Some(p85.parse().unwrap()),
                on_time_probability: None,
                slip_days: None,
                due: None,
            }],
            people: vec![],
            commitments: vec![],
            trace: TraceSnapshot::default(),
            signals: gaps
                .iter()
                .map(|e| SignalSnapshot {
                    kind: SignalKind::OrphanWork,
                    entity: e.to_string(),
                    entity_kind: EntityKind::Team,
                    severity: Severity::Info,
                    message: String::new(),
                })
                .collect(),
            changes: None,
        }
    }

    #[test]
    fn finds_new_risks_recoveries_moved_forecasts_and_gaps() {
        let before = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &["core"]);
        let now = snapshot("2026-11-20", Status::OffTrack, "2026-12-08", &["growth"]);
        let c = changes(&before, &now, &[]);
        assert_eq!(c.newly_at_risk.len(), 1);
        assert_eq!(c.newly_at_risk[0].before, Some(Status::OnTrack));
        // Dec 1 -> Dec 8 is exactly 7 days: it counts.
        assert_eq!(c.forecasts_moved[0].days, 7);
        assert_eq!(c.new_gaps[0].entity, "growth");
        assert_eq!(c.resolved_gaps[0].entity, "core");
        let back = changes(&now, &before, &[]);
        assert_eq!(back.recovered.len(), 1);
        assert_eq!(back.forecasts_moved[0].days, -7);
        let small = snapshot("2026-11-20", Status::OnTrack, "2026-12-07", &["core"]);
        assert!(changes(&before, &small, &[]).is_empty());
    }

    #[test]
    fn a_commitment_that_became_broken_is_listed_once_whatever_it_was() {
        let with = |status: Status| {
            let mut s = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
            s.commitments.push(crate::snapshot::CommitmentSnapshot {
                id: "C1".into(),
                initiative: "I1".into(),
                date: "2026-11-15".parse().unwrap(),
                status,
            });
            s
        };
        // At risk -> broken: already a risk, so not newly at risk, but broken.
        let c = changes(&with(Status::AtRisk), &with(Status::Broken), &[]);
        assert_eq!(c.newly_at_risk, []);
        assert_eq!(
            (c.broken_commitments[0].id.as_str(), c.broken_commitments[0].before),
            ("C1", Some(Status::AtRisk))
        );
        assert!(!c.is_empty());
        // On track -> broken: both newly at risk and broken.
        let c = changes(&with(Status::OnTrack), &with(Status::Broken), &[]);
        assert_eq!((c.newly_at_risk.len(), c.broken_commitments.len()), (1, 1));
        // Broken the week before too: nothing new.
        assert!(changes(&with(Status::Broken), &with(Status::Broken), &[]).is_empty());
        // A commitment first listed already broken is new information.
        let c =
            changes(&snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]), &with(Status::Broken), &[]);
        assert_eq!(c.broken_commitments[0].before, None);
    }

    #[test]
    fn a_decision_is_new_where_its_trigger_did_not_fire_before() {
        let firing = |entities: &[(&str, SignalKind)]| {
            let mut s = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
            s.signals = entities
                .iter()
                .map(|&(e, kind)| SignalSnapshot {
                    kind,
                    entity: e.into(),
                    entity_kind: EntityKind::Kr,
                    severity: Severity::Critical,
                    message: format!("{e} is behind"),
                })
                .collect();
            s
        };
        let before = firing(&[("KR1", SignalKind::KrOffTrack)]);
        let now = firing(&[
            ("KR1", SignalKind::KrOffTrack),
            ("KR2", SignalKind::KrOffTrack),
            ("KR3", SignalKind::KrStale),
        ]);
        // KR1 fired before; KR3's kind has no trigger.
        let c = changes(&before, &now, &[SignalKind::KrOffTrack]);
        let new: Vec<(&str, SignalKind)> =
            c.new_decisions.iter().map(|d| (d.entity.as_str(), d.kind)).collect();
        assert_eq!(new, [("KR2", SignalKind::KrOffTrack)]);
        assert_eq!(c.new_decisions[0].message, "KR2 is behind");
        // Without triggers no decision is ever asked for.
        assert!(changes(&before, &now, &[]).new_decisions.is_empty());
        // A trigger added since asks for every decision of its kind.
        let c = changes(&before, &now, &[SignalKind::KrOffTrack, SignalKind::KrStale]);
        assert_eq!(c.new_decisions.len(), 2);
    }

    #[test]
    fn unknown_and_no_data_are_risks_and_a_move_between_risks_is_neither() {
        let status = |s: Status| {
            let mut x = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
            x.initiatives[0].status = s;
            x
        };
        // Off track -> no forecast: still a risk, so it did not recover.
        let c = changes(&status(Status::OffTrack), &status(Status::Unknown), &[]);
        assert!(c.recovered.is_empty() && c.newly_at_risk.is_empty(), "{c:?}");
        // On track -> no forecast: newly at risk.
        let c = changes(&status(Status::OnTrack), &status(Status::Unknown), &[]);
        assert_eq!(c.newly_at_risk[0].after, Status::Unknown);
        // No forecast -> on track: recovered.
        let c = changes(&status(Status::Unknown), &status(Status::OnTrack), &[]);
        assert_eq!(c.recovered[0].before, Some(Status::Unknown));
        // A key result without a check-in is a risk too.
        let c = changes(
            &snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]),
            &snapshot("2026-11-20", Status::NoData, "2026-12-01", &[]),
            &[],
        );
        assert_eq!(c.newly_at_risk[0].kind, EntityKind::Kr);
        // An entity the previous report did not have is newly at risk from nothing.
        let mut before = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
        before.krs.clear();
        let c = changes(&before, &snapshot("2026-11-20", Status::AtRisk, "2026-12-01", &[]), &[]);
        assert_eq!(c.newly_at_risk[0].before, None);
    }

    #[test]
    fn a_moved_target_is_reported_and_said_as_eased_or_raised() {
        let before = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
        let mut now = snapshot("2026-11-20", Status::OnTrack, "2026-12-01", &[]);
        // 12 -> 35 eased to 12 -> 20: toward the baseline.
        now.krs[0].target = Some(20.0);
        now.krs[0].end = Some("2027-01-31".parse().unwrap());
        now.krs[0].start = Some("2026-07-15".parse().unwrap());
        let c = changes(&before, &now, &[]);
        let moves: Vec<(TargetField, TargetDirection)> =
            c.targets_moved.iter().map(|m| (m.field, m.direction)).collect();
        // Sorted by (id, field): target, start, end.
        assert_eq!(
            moves,
            [
                (TargetField::Target, TargetDirection::Eased),
                (TargetField::Start, TargetDirection::Changed),
                (TargetField::End, TargetDirection::Eased),
            ]
        );
        assert_eq!(c.targets_moved[0].before, Some(TargetValue::Number(35.0)));
        assert!(!c.is_empty(), "a moved target is a change");
        // Raised back: away from the baseline, and an earlier end.
        let back = changes(&now, &before, &[]);
        assert!(
            back.targets_moved
                .iter()
                .all(|m| m.field == TargetField::Start || m.direction == TargetDirection::Raised)
        );
        // A downward key result (churn 5 -> 3): a target moved from 3 to 4 is nearer the baseline.
        let mut down_before = before.clone();
        down_before.krs[0].baseline = Some(5.0);
        down_before.krs[0].target = Some(3.0);
        let mut down_now = down_before.clone();
        down_now.as_of = "2026-11-20".parse().unwrap();
        down_now.krs[0].target = Some(4.0);
        assert_eq!(changes(&down_before, &down_now, &[]).targets_moved[0].direction, TargetDirection::Eased);
        // A maintain key result's threshold: at most 2 -> at most 2.5 holds more often.
        let mut keep_before = before.clone();
        keep_before.krs[0].baseline = None;
        keep_before.krs[0].target = Some(2.0);
        keep_before.krs[0].direction = Some(Direction::AtMost);
        let mut keep_now = keep_before.clone();
        keep_now.as_of = "2026-11-20".parse().unwrap();
        keep_now.krs[0].target = Some(2.5);
        assert_eq!(changes(&keep_before, &keep_now, &[]).targets_moved[0].direction, TargetDirection::Eased);
        keep_now.krs[0].direction = Some(Direction::AtLeast);
        keep_before.krs[0].direction = Some(Direction::AtLeast);
        assert_eq!(changes(&keep_before, &keep_now, &[]).targets_moved[0].direction, TargetDirection::Raised);
    }

    #[test]
    fn an_older_snapshot_without_targets_moves_nothing() {
        let before = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
        let mut json: serde_json::Value = serde_json::to_value(&before).unwrap();
        for field in ["baseline", "target", "start", "end"] {
            json["krs"][0].as_object_mut().unwrap().remove(field);
        }
        json.as_object_mut().unwrap().remove("changes");
        let old = parse(&serde_json::to_vec(&json).unwrap(), "old.json").unwrap();
        let mut now = snapshot("2026-11-20", Status::OnTrack, "2026-12-01", &[]);
        now.krs[0].target = Some(20.0);
        assert!(changes(&old, &now, &[]).targets_moved.is_empty());
    }

    #[test]
    fn target_history_lists_each_move_with_the_report_that_saw_it() {
        let a = snapshot("2026-11-06", Status::OnTrack, "2026-12-01", &[]);
        let mut b = snapshot("2026-11-13", Status::OnTrack, "2026-12-01", &[]);
        b.krs[0].target = Some(30.0);
        let mut c = snapshot("2026-11-20", Status::OnTrack, "2026-12-01", &[]);
        c.krs[0].target = Some(20.0);
        let history = target_history(&[&c, &a, &b]);
        let moves = &history["KR1"];
        assert_eq!(moves.len(), 2);
        assert_eq!(
            moves[0].seen,
            Seen::Report { as_of: "2026-11-13".parse().unwrap(), since: "2026-11-06".parse().unwrap() }
        );
        assert_eq!(moves[1].moved.after, Some(TargetValue::Number(20.0)));
    }
}
