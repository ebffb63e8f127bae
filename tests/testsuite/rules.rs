//! The analysis rules of docs/analysis.md, one small hand-made project each, with the arithmetic in the comments.
//! as_of is 2026-11-20 throughout.

use std::path::Path;

use throughline::analyse::{Analysis, SignalKind, Status, analyse};
use throughline::diag::Diagnostics;
use throughline::link::Graph;
use throughline::load::Project;

const CONFIG: &str = "title = \"t\"\nas_of = \"2026-11-20\"\ncycle = { name = \"Q4\", start = \"2026-10-01\", end = \"2026-12-31\" }\n";
const PEOPLE: &str = "id,name,team,capacity\nana,Ana,core,5\nbo,Bo,core,2\n";

struct Case {
    _dir: tempfile::TempDir,
    project: Project,
    graph: Graph,
    analysis: Analysis,
}

impl Case {
    fn status_of_kr(&self, id: &str) -> Status {
        self.analysis.krs[self.project.krs.iter().position(|k| k.id == id).unwrap()].status
    }
    fn status_of_bet(&self, id: &str) -> Status {
        self.analysis.bets[self.project.bets.iter().position(|b| b.id == id).unwrap()].status
    }
    fn initiative(&self, id: &str) -> &throughline::analyse::initiatives::InitiativeResult {
        &self.analysis.initiatives[self.project.initiatives.iter().position(|i| i.id == id).unwrap()]
    }
    fn has(&self, kind: SignalKind, entity: &str) -> bool {
        self.analysis.signals.iter().any(|s| s.kind == kind && s.entity.id == entity)
    }
}

/// A project from (path, text) pairs; throughline.toml and people.csv default to the ones above.
fn case(files: &[(&str, &str)]) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("throughline.toml", CONFIG);
    write("data/people.csv", PEOPLE);
    for (path, text) in files {
        write(path, text);
    }
    let mut diags = Diagnostics::default();
    let (project, graph) = throughline::build::load(Path::new(dir.path()), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let analysis = analyse(&project, &graph, "2026-11-20".parse().unwrap());
    Case { _dir: dir, project, graph, analysis }
}

fn kr(id: &str, bet: &str, extra: &str) -> String {
    format!(
        "[[kr]]\nid = \"{id}\"\nbet = \"{bet}\"\ntitle = \"{id}\"\nowner = \"ana\"\nstart = \"2026-07-01\"\nend = \"2026-12-31\"\n{extra}\n"
    )
}

const BET: &str = "[[bet]]\nid = \"B1\"\ntitle = \"b\"\nowner = \"ana\"\n";

#[test]
fn bet_is_its_worst_started_kr_and_progress_is_a_clamped_weighted_mean() {
    // KR1 done (p = 1.2, clamped to 1, weight 3); KR2 on track (p 0.8 vs e 0.776); KR3 not started.
    let strategy = format!(
        "{BET}{}{}{}",
        kr("KR1", "B1", "baseline = 0.0\ntarget = 10.0\nweight = 3.0"),
        kr("KR2", "B1", "baseline = 0.0\ntarget = 10.0"),
        kr("KR3", "B1", "baseline = 0.0\ntarget = 10.0")
            .replace("2026-07-01", "2027-01-01")
            .replace("2026-12-31", "2027-06-30"),
    );
    let c = case(&[
        ("strategy.toml", &strategy),
        ("data/checkins.csv", "kr,date,value\nKR1,2026-11-01,12\nKR2,2026-11-01,8\n"),
    ]);
    assert_eq!(c.status_of_kr("KR1"), Status::Done);
    assert_eq!(c.status_of_kr("KR3"), Status::NotStarted);
    assert_eq!(c.status_of_bet("B1"), Status::OnTrack);
    // (3 × 1.0 + 1 × 0.8) / 4 = 0.95; KR3 has no progress and no say.
    assert!((c.analysis.bets[0].progress.unwrap() - 0.95).abs() < 1e-12);
}

#[test]
fn no_data_counts_as_at_risk_and_a_bet_without_krs_is_unmeasured() {
    let strategy = format!(
        "{BET}{}[[bet]]\nid = \"B2\"\ntitle = \"empty\"\nowner = \"ana\"\n",
        kr("KR1", "B1", "baseline = 0.0\ntarget = 1.0")
    );
    let c = case(&[("strategy.toml", &strategy)]);
    assert_eq!(c.status_of_kr("KR1"), Status::NoData);
    assert!(c.has(SignalKind::KrNoData, "KR1"));
    assert_eq!(c.status_of_bet("B1"), Status::AtRisk);
    assert_eq!(c.status_of_bet("B2"), Status::NoData);
    assert!(c.analysis.bets[1].progress.is_none());
    assert!(c.has(SignalKind::UnmeasuredBet, "B2"));
}

#[test]
fn forecast_miss_and_an_off_track_initiative_turn_an_on_track_kr_at_risk() {
    // KR1: on pace (p 0.8 vs e 0.776) but flat since July: the line through (0, 8) and
    // (123, 8) ends at 8, p_end 0.8 < 0.9 -> forecast_miss.
    // KR2: on pace, rising trend, but I1 (due 2026-11-01, passed) is off track.
    let strategy = format!(
        "{BET}{}{}",
        kr("KR1", "B1", "baseline = 0.0\ntarget = 10.0"),
        kr("KR2", "B1", "baseline = 0.0\ntarget = 10.0")
    );
    let c = case(&[
        ("strategy.toml", &strategy),
        (
            "data/checkins.csv",
            "kr,date,value\nKR1,2026-07-01,8\nKR1,2026-11-01,8\nKR2,2026-07-01,0\nKR2,2026-11-01,8\n",
        ),
        ("data/initiatives.csv", "id,title,krs,owner,due\nI1,late,KR2,ana,2026-11-01\nI2,ok,KR1,ana,\n"),
    ]);
    assert_eq!(c.analysis.krs[0].pace_status, Status::OnTrack);
    assert_eq!(c.status_of_kr("KR1"), Status::AtRisk);
    assert!(c.has(SignalKind::ForecastMiss, "KR1"));
    assert_eq!(c.initiative("I1").status, Status::OffTrack);
    assert!(c.has(SignalKind::InitiativeOffTrack, "I1"));
    assert_eq!(c.status_of_kr("KR2"), Status::AtRisk);
    let message = &c
        .analysis
        .signals
        .iter()
        .find(|s| s.kind == SignalKind::KrAtRisk && s.entity.id == "KR2")
        .unwrap()
        .message;
    assert!(message.contains("initiative I1 off track"), "{message}");
}

#[test]
fn maintain_krs_hold_or_break_their_line() {
    let strategy = format!(
        "{BET}{}{}",
        kr("M1", "B1", "kind = \"maintain\"\nthreshold = 2.0\ndirection = \"at_most\""),
        kr("M2", "B1", "kind = \"maintain\"\nthreshold = 99.9\ndirection = \"at_least\""),
    );
    let c = case(&[
        ("strategy.toml", &strategy),
        ("data/checkins.csv", "kr,date,value\nM1,2026-11-10,2.0\nM2,2026-11-10,99.8\n"),
    ]);
    assert_eq!(c.status_of_kr("M1"), Status::OnTrack);
    assert_eq!(c.analysis.krs[0].progress, Some(1.0));
    assert!(c.analysis.krs[0].expected.is_none() && c.analysis.krs[0].forecast_progress.is_none());
    assert_eq!(c.status_of_kr("M2"), Status::OffTrack);
    assert_eq!(c.analysis.krs[1].progress, Some(0.0));
}

#[test]
fn stale_checkins_confidence_drop_and_optimism_gap() {
    // Latest check-in 2026-11-05: 15 days > 14 -> stale. Confidence 0.9 -> 0.7 is a drop of 0.2
    // (a signal, floating point notwithstanding); 0.7 on an off-track KR is an optimism gap.
    let strategy = format!("{BET}{}", kr("KR1", "B1", "baseline = 0.0\ntarget = 10.0"));
    let c = case(&[
        ("strategy.toml", &strategy),
        ("data/checkins.csv", "kr,date,value,confidence\nKR1,2026-10-01,1,0.9\nKR1,2026-11-05,2,0.7\n"),
    ]);
    assert!(c.analysis.krs[0].stale);
    assert!(c.has(SignalKind::KrStale, "KR1"));
    assert!(c.has(SignalKind::ConfidenceDrop, "KR1"));
    assert_eq!(c.status_of_kr("KR1"), Status::OffTrack);
    assert!(c.has(SignalKind::OptimismGap, "KR1"));
}

const ONE_KR: &str = "[[bet]]\nid = \"B1\"\ntitle = \"b\"\nowner = \"ana\"\n[[kr]]\nid = \"KR1\"\nbet = \"B1\"\ntitle = \"k\"\nowner = \"ana\"\nbaseline = 0.0\ntarget = 1.0\nstart = \"2026-07-01\"\nend = \"2026-12-31\"\n";

#[test]
fn initiative_statuses_in_spec_order() {
    let c = case(&[
        ("strategy.toml", ONE_KR),
        (
            "data/initiatives.csv",
            "id,title,krs,owner,start,due,status,estimate,team\n\
             DONE,a,KR1,ana,,,done,,\n\
             ALLDONE,b,KR1,ana,,2026-12-31,active,,\n\
             LATER,c,KR1,ana,2026-12-01,2027-01-31,active,,\n\
             PAST,d,KR1,ana,,2026-11-01,active,,\n\
             NOSAMPLE,e,KR1,ana,,2026-12-31,active,,\n\
             IDEA,f,KR1,ana,,,proposed,10,core\n",
        ),
        (
            "data/work.csv",
            "id,title,status,initiative,assignee,estimate,created,started,done\n\
             A1,x,done,ALLDONE,ana,2,2026-10-01,2026-10-02,2026-11-18\n\
             L1,x,todo,LATER,ana,2,2026-11-01,,\n\
             P1,x,done,PAST,ana,2,2026-10-01,2026-10-01,2026-11-19\n\
             P2,x,todo,PAST,ana,2,2026-10-01,,\n\
             N1,x,in_progress,NOSAMPLE,ana,3,2026-08-01,2026-08-02,\n\
             N2,x,done,NOSAMPLE,ana,3,2026-08-01,2026-08-02,2026-08-20\n",
        ),
    ]);
    assert_eq!(c.initiative("DONE").status, Status::Done);
    assert_eq!(c.initiative("ALLDONE").status, Status::Done);
    assert_eq!(c.initiative("LATER").status, Status::NotStarted);
    assert_eq!(c.initiative("PAST").status, Status::OffTrack);
    // Due passed: P(on time) is 0 even though the forecast exists.
    assert_eq!(c.initiative("PAST").on_time_probability, Some(0.0));
    // Last done Aug 20; the six weeks before as_of hold only zeros: no forecast.
    assert_eq!(c.initiative("NOSAMPLE").status, Status::Unknown);
    assert!(c.initiative("NOSAMPLE").forecast.is_none());
    assert!(c.has(SignalKind::NoForecast, "NOSAMPLE"));
    assert!(!c.has(SignalKind::NoForecast, "LATER"));
    assert_eq!(c.initiative("IDEA").status, Status::Proposed);
    // NOSAMPLE: no item created, started or done since Aug 20 (92 days > 21): dormant.
    assert!(c.has(SignalKind::Dormant, "NOSAMPLE"));
    assert!(!c.has(SignalKind::Dormant, "PAST"));
    // The proposal would add 10 points over core's 2 people: 5 each. Ana: open 2 (L1) + 3 (N1)
    // + 2 (P2) = 7 over 5 × 41/7 weeks = 0.239; with 5 more, 12 / 29.29 = 0.410.
    let proposal = &c.analysis.capacity.proposals[0];
    let (_, before, after) = proposal.people[0];
    assert!((before.unwrap() - 7.0 / (5.0 * 41.0 / 7.0)).abs() < 1e-9);
    assert!((after.unwrap() - 12.0 / (5.0 * 41.0 / 7.0)).abs() < 1e-9);
}

/// A forecast drawn from weeks in which nothing moves is not to be believed: a dormant initiative
/// that the trials call on track is at risk, and says why. Dormancy never overrides done, not
/// started or no forecast (NOSAMPLE above stays without a forecast).
#[test]
fn a_dormant_initiative_on_track_by_its_forecast_is_at_risk() {
    let c = case(&[
        ("strategy.toml", ONE_KR),
        (
            "data/initiatives.csv",
            "id,title,krs,owner,start,due,status\n\
             QUIET,a,KR1,ana,2026-10-01,2027-06-30,active\n\
             BUSY,b,KR1,ana,2026-10-01,2027-06-30,active\n",
        ),
        (
            "data/work.csv",
            "id,title,status,initiative,assignee,estimate,created,started,done\n\
             Q1,x,done,QUIET,ana,2,2026-10-01,2026-10-02,2026-10-20\n\
             Q2,x,todo,QUIET,ana,2,2026-10-01,,\n\
             B1,x,done,BUSY,ana,2,2026-10-01,2026-10-02,2026-11-18\n\
             B2,x,todo,BUSY,ana,2,2026-10-01,,\n",
        ),
    ]);
    // QUIET: the last activity is Oct 20, 31 days before as_of (> 21): dormant. Its six weekly
    // samples are [0, 0, 0, 0, 2, 0] (Q1 done in the week of Oct 17-23): a trial finishes in the
    // first week that draws the 2, and 1 − (5/6)^32 = 99.7 % do so in the 32 weeks to the due date
    // of 30 Jun 2027: on track by the numbers, at risk in fact.
    let quiet = c.initiative("QUIET");
    assert!(quiet.dormant);
    assert!(quiet.on_time_probability.unwrap() > 0.99);
    assert_eq!(quiet.status, Status::AtRisk);
    let signal = c
        .analysis
        .signals
        .iter()
        .find(|s| s.kind == SignalKind::InitiativeAtRisk && s.entity.id == "QUIET")
        .expect("an at-risk initiative says why");
    assert!(signal.message.contains("no work moved since 20 Oct 2026"), "{}", signal.message);
    // BUSY, the same but done two days ago, is on track.
    assert_eq!(c.initiative("BUSY").status, Status::OnTrack);
    assert!(!c.has(SignalKind::InitiativeAtRisk, "BUSY"));
}

/// One order of statuses: every comparison, sort and roll-up uses it; a missing measure ranks as
/// a risk, below a measured one.
#[test]
fn statuses_have_one_total_order_with_missing_measures_among_the_risks() {
    use Status::*;
    let mut all = vec![
        Done, OnTrack, Unknown, AtRisk, NotStarted, Broken, NoData, OffTrack, Kept, Proposed, Paused,
        Cancelled,
    ];
    all.sort();
    assert_eq!(
        all,
        [
            Broken, OffTrack, AtRisk, NoData, Unknown, OnTrack, NotStarted, Done, Kept, Proposed, Paused,
            Cancelled
        ]
    );
    let risks: Vec<Status> = all.iter().copied().filter(|s| s.is_risk()).collect();
    assert_eq!(risks, [Broken, OffTrack, AtRisk, NoData, Unknown]);
    assert!(!Unknown.is_behind() && AtRisk.is_behind());
}

#[test]
fn missing_estimates_weigh_the_median_and_throughput_skips_weeks_before_activity() {
    // Estimated: 1, 2, 8 -> median 2; M1 weighs 2, scope 1 + 2 + 8 + 2 = 13.
    let c = case(&[
        ("strategy.toml", ONE_KR),
        ("data/initiatives.csv", "id,title,krs,owner,due\nI1,x,KR1,ana,2027-06-30\n"),
        (
            "data/work.csv",
            "id,title,status,initiative,assignee,estimate,created,started,done\n\
             E1,x,done,I1,ana,1,2026-11-08,2026-11-09,2026-11-10\n\
             E2,x,done,I1,ana,2,2026-11-08,2026-11-09,2026-11-19\n\
             E3,x,todo,I1,ana,8,2026-11-08,,\n\
             M1,x,todo,I1,ana,,2026-11-08,,\n",
        ),
    ]);
    let r = c.initiative("I1");
    assert_eq!(r.scope, 13.0);
    assert_eq!(r.done, 3.0);
    // First activity Nov 8 (E1's start is Nov 9, but E3's creation is Nov 8): periods ending
    // Nov 20 and Nov 13 count; the one ending Nov 6 is before it and is left out.
    assert_eq!(r.samples, vec![2.0, 1.0]);
}

#[test]
fn a_predecessor_delays_its_successor_and_commitments_follow_the_forecast() {
    // PRE: 10 left at 5 a week -> P50 = as_of + 14 = Dec 4. SUC starts its trials there: 4 left
    // at 2 a week -> 2 more weeks -> Dec 18, after its due date Dec 10.
    let c = case(&[
        ("strategy.toml", ONE_KR),
        (
            "data/initiatives.csv",
            "id,title,krs,owner,start,due,depends_on\nPRE,x,KR1,ana,2026-10-01,2027-03-31,\nSUC,y,KR1,ana,2026-10-01,2026-12-10,PRE\n",
        ),
        (
            "data/work.csv",
            "id,title,status,initiative,assignee,estimate,created,started,done\n\
             P1,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-11-20\n\
             P2,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-11-13\n\
             P3,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-11-06\n\
             P4,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-10-30\n\
             P5,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-10-23\n\
             P6,x,done,PRE,ana,5,2026-10-01,2026-10-01,2026-10-16\n\
             P7,x,todo,PRE,ana,10,2026-10-01,,\n\
             S1,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-11-20\n\
             S2,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-11-13\n\
             S3,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-11-06\n\
             S4,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-10-30\n\
             S5,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-10-23\n\
             S6,x,done,SUC,bo,2,2026-10-01,2026-10-01,2026-10-16\n\
             S7,x,todo,SUC,bo,4,2026-10-01,,\n",
        ),
        (
            "data/commitments.csv",
            "id,title,initiative,date\nC1,x,SUC,2026-12-31\nC2,y,SUC,2026-12-11\nC3,z,PRE,2026-11-01\n",
        ),
    ]);
    let pre = c.initiative("PRE").forecast.as_ref().unwrap();
    assert_eq!(pre.p50.to_string(), "2026-12-04");
    let suc = c.initiative("SUC");
    assert_eq!(suc.forecast.as_ref().unwrap().start.to_string(), "2026-12-04");
    assert_eq!(suc.forecast.as_ref().unwrap().p85.to_string(), "2026-12-18");
    assert_eq!(suc.on_time_probability, Some(0.0));
    assert_eq!(suc.status, Status::OffTrack);
    // PRE's P50 (Dec 4) falls after SUC's start (Oct 1): a conflict, named on the successor.
    assert!(c.has(SignalKind::DependencyConflict, "SUC"));
    let status = |id: &str| {
        c.analysis.commitments[c.project.commitments.iter().position(|x| x.id == id).unwrap()].status
    };
    assert_eq!(status("C1"), Status::OnTrack);
    assert_eq!(status("C2"), Status::AtRisk);
    assert_eq!(status("C3"), Status::Broken);
    assert!(c.has(SignalKind::CommitmentBroken, "C3"));
}

#[test]
fn traceability_gaps_and_ownership() {
    let strategy = format!(
        "{}[[kr]]\nid = \"KR2\"\nbet = \"B1\"\ntitle = \"k2\"\nbaseline = 0.0\ntarget = 1.0\nstart = \"2026-07-01\"\nend = \"2026-12-31\"\n",
        ONE_KR
    );
    let c = case(&[
        ("strategy.toml", &strategy),
        (
            "data/initiatives.csv",
            "id,title,krs,owner,status,epics\nI1,x,KR1,ana,active,EP\nI2,y,,nobody,active,\nI3,z,KR2,ana,paused,\n",
        ),
        (
            "data/work.csv",
            "id,title,status,parent,type,assignee,estimate\n\
             EP,epic,todo,,Epic,,\n\
             W1,x,in_progress,EP,story,,3\n\
             W2,x,todo,,story,ana,1\n\
             W3,x,todo,,story,,1\n\
             X,cancelled,cancelled,EP,story,ana,5\n\
             LOOSE,epic,todo,,epic,,\n\
             W4,x,todo,LOOSE,story,bo,2\n",
        ),
    ]);
    let t = &c.analysis.trace;
    // EP and LOOSE are containers, X is cancelled: W1..W4 are the work items.
    assert_eq!(t.work_items, 4);
    assert_eq!(t.aligned_items, 1);
    assert_eq!(t.orphan_work.len(), 3);
    assert!(c.has(SignalKind::OrphanWork, "core"), "W2 and W4 belong to ana and bo of core");
    assert!(c.has(SignalKind::OrphanWork, "unassigned"));
    assert!(c.has(SignalKind::UnlinkedEpic, "LOOSE"));
    assert!(c.has(SignalKind::UnassignedWork, "I1"));
    assert!(c.has(SignalKind::InitiativeWithoutKr, "I2"));
    assert!(c.has(SignalKind::UnsupportedKr, "KR2"), "paused I3 does not support it");
    assert!(c.has(SignalKind::Unowned, "KR2"));
    assert!(c.has(SignalKind::Unowned, "I2"));
    assert!(!c.has(SignalKind::Unowned, "I1"));
    assert!(c.graph.is_container[0]);
}

#[test]
fn output_against_outcome_expired_work_replanning_wip_and_stale_exports() {
    // KR1: p = 0.3 against e = 0.776 (off track on pace), while I1 is 10/10 done: output 1.0
    // -> output without outcome. KR2: p = 0.9 while I2 is 0/10 done -> outcome without output.
    // KR3 ended 2026-09-30; I3 finished an item on 2026-10-15 -> expired KR work.
    let strategy = format!(
        "{BET}{}{}{}",
        kr("KR1", "B1", "baseline = 0.0\ntarget = 10.0"),
        kr("KR2", "B1", "baseline = 0.0\ntarget = 10.0"),
        kr("KR3", "B1", "baseline = 0.0\ntarget = 10.0").replace("2026-12-31", "2026-09-30"),
    );
    let c = case(&[
        ("strategy.toml", &strategy),
        ("data/checkins.csv", "kr,date,value\nKR1,2026-11-10,3\nKR2,2026-11-10,9\nKR3,2026-09-30,10\n"),
        (
            "data/initiatives.csv",
            "id,title,krs,owner,team,start,due,baseline_due\n\
             I1,a,KR1,ana,core,2026-08-01,2027-06-30,\n\
             I2,b,KR2,ana,core,2026-08-01,2027-06-30,2027-03-31\n\
             I3,c,KR3,ana,core,2026-08-01,2027-06-30,\n\
             I4,d,KR2,ana,core,2026-08-01,2027-06-30,\n",
        ),
        (
            "data/work.csv",
            "id,title,status,initiative,assignee,estimate,created,started,done\n\
             A,x,done,I1,ana,10,2026-08-01,2026-08-01,2026-11-15\n\
             B,x,in_progress,I2,ana,10,2026-08-01,2026-11-01,\n\
             C,x,done,I3,ana,1,2026-08-01,2026-08-01,2026-10-15\n\
             D,x,todo,I3,ana,1,2026-11-10,,\n\
             E,x,done,I4,bo,1,2026-08-01,2026-08-01,2026-11-02\n\
             F,x,todo,I4,bo,1,2026-08-01,2026-11-01,\n",
        ),
    ]);
    assert!(c.has(SignalKind::OutputWithoutOutcome, "KR1"));
    assert!(c.has(SignalKind::OutcomeWithoutOutput, "KR2"), "output (0 + 1) / (10 + 2) = 0.083");
    assert!(c.has(SignalKind::ExpiredKrWork, "I3"));
    assert!(c.has(SignalKind::Replanned, "I2"));
    // core has I2, I3 and I4 started and not done (I1 is done): 3 is not more than wip_limit 3.
    assert!(!c.has(SignalKind::WipExceeded, "core"));
    // The newest date in the export is 2026-11-15, 5 days before as_of: not stale.
    assert!(!c.has(SignalKind::StaleExport, "data/work.csv"));
    // Ana's open work: B 10 + D 1 = 11 over 5 × 41/7 = 29.29: 0.376. Bo: F 1 over 2 × 5.857: 0.085.
    let ana = &c.analysis.capacity.people[0];
    assert!((ana.utilisation.unwrap() - 11.0 / (5.0 * 41.0 / 7.0)).abs() < 1e-9);
    assert!(!ana.overloaded);
}

#[test]
fn too_many_priorities_and_a_stale_export() {
    let initiatives = "id,title,krs,owner,team,start\n".to_string()
        + &(1..=4).map(|n| format!("I{n},x,KR1,ana,core,2026-09-01\n")).collect::<String>();
    let work = "id,title,status,initiative,assignee,estimate,created,started\n".to_string()
        + &(1..=4)
            .map(|n| format!("W{n},x,in_progress,I{n},ana,1,2026-09-01,2026-11-01\n"))
            .collect::<String>();
    let c =
        case(&[("strategy.toml", ONE_KR), ("data/initiatives.csv", &initiatives), ("data/work.csv", &work)]);
    // Four started, unfinished initiatives in core, one more than wip_limit 3.
    assert!(c.has(SignalKind::WipExceeded, "core"));
    // The newest date in the export is 2026-11-01, 19 days before as_of.
    assert!(c.has(SignalKind::StaleExport, "data/work.csv"));
}
