//! History (SPEC 4.9): the previous snapshot and the archived ones, what changed since the last
//! publish, and each initiative's forecast over time. Everything here compares snapshots, the
//! public record of a build, so a report can be compared with any earlier one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::EntityKind;
use crate::diag::{Diagnostic, Location};
use crate::snapshot::{SignalSnapshot, Snapshot};

/// Signal kinds that are gaps in the model rather than slips in the work.
const GAP_KINDS: [&str; 7] = [
    "orphan_work",
    "unlinked_epic",
    "initiative_without_kr",
    "unsupported_kr",
    "unmeasured_bet",
    "unowned",
    "kr_no_data",
];

pub const ARCHIVE_DIR: &str = "archive";

#[derive(Debug, Clone, Default)]
pub struct History {
    pub previous: Option<Snapshot>,
    /// Archived snapshots, oldest first, without the current report's date.
    pub archived: Vec<Snapshot>,
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
        Ok(History { previous, archived })
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

#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub kind: EntityKind,
    pub id: String,
    pub title: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastMove {
    pub id: String,
    pub title: String,
    pub before: Option<NaiveDate>,
    pub after: Option<NaiveDate>,
    /// Days the P85 finish moved (later is positive).
    pub days: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    pub since: Option<NaiveDate>,
    pub newly_at_risk: Vec<StatusChange>,
    pub recovered: Vec<StatusChange>,
    pub forecasts_moved: Vec<ForecastMove>,
    pub new_gaps: Vec<SignalSnapshot>,
    pub resolved_gaps: Vec<SignalSnapshot>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.newly_at_risk.is_empty()
            && self.recovered.is_empty()
            && self.forecasts_moved.is_empty()
            && self.new_gaps.is_empty()
    }
}

fn is_risk(status: &str) -> bool {
    matches!(status, "at_risk" | "off_track" | "broken")
}

/// What changed from `before` to `now`: entities newly at risk, recovered, forecasts moved by 7
/// days or more, and new gaps.
pub fn changes(before: &Snapshot, now: &Snapshot) -> Changes {
    let mut c = Changes { since: Some(before.as_of), ..Default::default() };
    let mut compare = |kind: EntityKind, old: BTreeMap<&str, &str>, new: Vec<(&str, &str, &str)>| {
        for (id, title, status) in new {
            let was = old.get(id).copied().unwrap_or("");
            let change = || StatusChange {
                kind,
                id: id.into(),
                title: title.into(),
                before: was.into(),
                after: status.into(),
            };
            if is_risk(status) && !is_risk(was) {
                c.newly_at_risk.push(change());
            } else if !is_risk(status) && is_risk(was) {
                c.recovered.push(change());
            }
        }
    };
    compare(
        EntityKind::Bet,
        before.bets.iter().map(|b| (b.id.as_str(), b.status.as_str())).collect(),
        now.bets.iter().map(|b| (b.id.as_str(), b.title.as_str(), b.status.as_str())).collect(),
    );
    compare(
        EntityKind::Kr,
        before.krs.iter().map(|k| (k.id.as_str(), k.status.as_str())).collect(),
        now.krs.iter().map(|k| (k.id.as_str(), k.title.as_str(), k.status.as_str())).collect(),
    );
    compare(
        EntityKind::Initiative,
        before.initiatives.iter().map(|i| (i.id.as_str(), i.status.as_str())).collect(),
        now.initiatives.iter().map(|i| (i.id.as_str(), i.title.as_str(), i.status.as_str())).collect(),
    );
    compare(
        EntityKind::Commitment,
        before.commitments.iter().map(|x| (x.id.as_str(), x.status.as_str())).collect(),
        now.commitments.iter().map(|x| (x.id.as_str(), x.id.as_str(), x.status.as_str())).collect(),
    );
    let old_p85: BTreeMap<&str, Option<NaiveDate>> =
        before.initiatives.iter().map(|i| (i.id.as_str(), i.p85)).collect();
    for i in &now.initiatives {
        if let (Some(Some(was)), Some(now_p85)) = (old_p85.get(i.id.as_str()), i.p85) {
            let days = (now_p85 - *was).num_days();
            if days.abs() >= 7 {
                c.forecasts_moved.push(ForecastMove {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    before: Some(*was),
                    after: Some(now_p85),
                    days,
                });
            }
        }
    }
    c.forecasts_moved.sort_by(|a, b| b.days.abs().cmp(&a.days.abs()).then(a.id.cmp(&b.id)));
    let key = |s: &SignalSnapshot| (s.kind.clone(), s.entity.clone());
    let old_gaps: BTreeMap<_, _> =
        before.signals.iter().filter(|s| GAP_KINDS.contains(&s.kind.as_str())).map(|s| (key(s), s)).collect();
    let new_gaps: BTreeMap<_, _> =
        now.signals.iter().filter(|s| GAP_KINDS.contains(&s.kind.as_str())).map(|s| (key(s), s)).collect();
    c.new_gaps =
        new_gaps.iter().filter(|(k, _)| !old_gaps.contains_key(*k)).map(|(_, s)| (*s).clone()).collect();
    c.resolved_gaps =
        old_gaps.iter().filter(|(k, _)| !new_gaps.contains_key(*k)).map(|(_, s)| (*s).clone()).collect();
    c
}

/// One point of an initiative's forecast over time.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastPoint {
    pub as_of: NaiveDate,
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// Each initiative's forecasts over the archived reports and this one, oldest first.
pub fn forecast_over_time(archived: &[Snapshot], now: &Snapshot) -> BTreeMap<String, Vec<ForecastPoint>> {
    let mut series: BTreeMap<String, Vec<ForecastPoint>> = BTreeMap::new();
    for snapshot in archived.iter().chain(std::iter::once(now)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_listing_an_id_twice_is_refused() {
        let mut twice = snapshot("2026-11-13", "at_risk", "2027-01-15", &[]);
        let mut copy = twice.initiatives[0].clone();
        copy.status = "not_started".into();
        twice.initiatives.push(copy);
        let bytes = serde_json::to_vec(&twice).unwrap();
        let err = parse(&bytes, "previous.json").unwrap_err();
        assert!(err.message.contains("initiative `I1` is listed twice"), "{}", err.message);
        // The same file without the repeat is read, and does not change against itself.
        let once =
            parse(&serde_json::to_vec(&snapshot("2026-11-13", "at_risk", "2027-01-15", &[])).unwrap(), "p")
                .unwrap();
        assert!(changes(&once, &once).is_empty());
    }
    use crate::snapshot::{InitiativeSnapshot, KrSnapshot, TraceSnapshot};

    fn snapshot(as_of: &str, kr_status: &str, p85: &str, gaps: &[&str]) -> Snapshot {
        Snapshot {
            schema: 1,
            title: "t".into(),
            as_of: as_of.parse().unwrap(),
            cycle: None,
            bets: vec![],
            krs: vec![KrSnapshot {
                id: "KR1".into(),
                bet: "B1".into(),
                title: "k".into(),
                status: kr_status.into(),
                progress: None,
                expected: None,
                gap: None,
                forecast_progress: None,
                latest_value: None,
                latest_checkin: None,
                stale: false,
                confidence: None,
            }],
            initiatives: vec![InitiativeSnapshot {
                id: "I1".into(),
                title: "i".into(),
                status: "on_track".into(),
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
                    kind: "orphan_work".into(),
                    entity: e.to_string(),
                    entity_kind: EntityKind::Team,
                    severity: "info".into(),
                    message: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn finds_new_risks_recoveries_moved_forecasts_and_gaps() {
        let before = snapshot("2026-11-13", "on_track", "2026-12-01", &["core"]);
        let now = snapshot("2026-11-20", "off_track", "2026-12-08", &["growth"]);
        let c = changes(&before, &now);
        assert_eq!(c.newly_at_risk.len(), 1);
        assert_eq!(c.newly_at_risk[0].before, "on_track");
        // Dec 1 -> Dec 8 is exactly 7 days: it counts.
        assert_eq!(c.forecasts_moved[0].days, 7);
        assert_eq!(c.new_gaps[0].entity, "growth");
        assert_eq!(c.resolved_gaps[0].entity, "core");
        let back = changes(&now, &before);
        assert_eq!(back.recovered.len(), 1);
        assert_eq!(back.forecasts_moved[0].days, -7);
        let small = snapshot("2026-11-20", "on_track", "2026-12-07", &["core"]);
        assert!(changes(&before, &small).is_empty());
    }
}
