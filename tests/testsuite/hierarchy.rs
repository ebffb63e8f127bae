//! The trackers' hierarchies: sub-items are part of their parent, levels above the
//! epics are structure, names in `epics` match as people type them, Asana tasks in several
//! projects, and a stale export judged by its activity. as_of is 2026-11-20 unless said.

use std::path::Path;

use throughline::analyse::{Analysis, SignalKind, analyse};
use throughline::diag::Diagnostics;
use throughline::link::Graph;
use throughline::load::Project;

const STRATEGY: &str = "[[bet]]\nid = \"B1\"\ntitle = \"b\"\nowner = \"ana\"\n\n[[kr]]\nid = \"KR1\"\nbet = \"B1\"\ntitle = \"k\"\nowner = \"ana\"\nbaseline = 0.0\ntarget = 1.0\nstart = \"2026-07-01\"\nend = \"2026-12-31\"\n";

struct Case {
    _dir: tempfile::TempDir,
    project: Project,
    graph: Graph,
    analysis: Analysis,
    diags: Diagnostics,
}

impl Case {
    fn work(&self, id: &str) -> usize {
        self.project.work.iter().position(|w| w.id == id).unwrap_or_else(|| panic!("no work item {id}"))
    }
    fn initiative_of(&self, id: &str) -> Option<&str> {
        self.graph.initiative_of_work[self.work(id)].map(|i| self.project.initiatives[i].id.as_str())
    }
    fn scope(&self, id: &str) -> f64 {
        self.analysis.initiatives[self.project.initiatives.iter().position(|i| i.id == id).unwrap()].scope
    }
}

/// A project from (path, text) pairs beside a one-bet strategy; `sources` is the `[sources]` table's body.
fn case(sources: &str, settings: &str, files: &[(&str, &str)]) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "throughline.toml",
        &format!("title = \"t\"\nas_of = \"2026-11-20\"\n{settings}\n[sources]\n{sources}\n"),
    );
    write("strategy.toml", STRATEGY);
    for (path, text) in files {
        write(path, text);
    }
    let mut diags = Diagnostics::default();
    let (project, graph) = throughline::build::load(Path::new(dir.path()), &mut diags).unwrap();
    let analysis = analyse(&project, &graph, "2026-11-20".parse().unwrap());
    Case { _dir: dir, project, graph, analysis, diags }
}

const STORIES: &str = "id,title,status,parent,type,assignee,estimate,created\n\
    E-1,Epic,todo,,epic,,,2026-10-01\n\
    S-1,Story,in_progress,E-1,story,ana,8,2026-10-01\n\
    S-2,Story,todo,E-1,story,ana,5,2026-10-01\n\
    S-3,Story,todo,E-1,story,bo,,2026-10-01\n\
    S-4,Story,cancelled,E-1,story,bo,3,2026-10-01\n\
    T-1,Sub,todo,S-1,sub-task,bo,,2026-10-01\n\
    T-2,Sub,todo,S-1,sub-task,bo,20,2026-10-01\n\
    T-3,Sub,todo,S-2,sub-task,ana,,2026-10-01\n\
    T-4,Sub,todo,S-4,sub-task,ana,,2026-10-01\n";

const ONE_INITIATIVE: &str = "id,title,krs,owner,due,epics\nI1,x,KR1,ana,2027-06-30,E-1\n";

#[test]
fn sub_items_weigh_their_own_estimate_or_nothing_and_stay_out_of_the_median() {
    // T-1..T-3 are sub-items (their parents are work items); T-4's parent is cancelled, so it is
    // an item of its own. The median is of the estimated items that are not sub-items: 8 and 5,
    // so 6.5. Scope: S-1 8 + S-2 5 + S-3 6.5 (imputed) + T-1 0 + T-2 20 (its own) + T-3 0 +
    // T-4 6.5 (imputed) = 46. Counting the sub-tasks as items would give a median of 8 (5, 8,
    // 20) and a scope of 8 + 5 + 8 + 8 + 20 + 8 + 8 = 65.
    let c = case(
        "work = [{ path = \"data/work.csv\", preset = \"native\" }]",
        "",
        &[("data/work.csv", STORIES), ("data/initiatives.csv", ONE_INITIATIVE)],
    );
    assert!(!c.diags.has_errors(), "{:?}", c.diags.sorted());
    assert_eq!(c.scope("I1"), 46.0);
    let sub: Vec<&str> = (0..c.project.work.len())
        .filter(|&w| c.analysis.work.is_sub[w])
        .map(|w| c.project.work[w].id.as_str())
        .collect();
    assert_eq!(sub, ["T-1", "T-2", "T-3"]);
    assert!(!c.analysis.work.imputed[c.work("T-1")], "a sub-item's missing estimate is not imputed");
    // They are work all the same: counted, on their initiative, and their assignee's.
    assert_eq!(c.analysis.trace.work_items, 7);
    assert_eq!(c.initiative_of("T-3"), Some("I1"));
    // Under `count`, the stories weigh 1 each and the sub-items nothing: S-1, S-2, S-3, T-4.
    let c = case(
        "work = [{ path = \"data/work.csv\", preset = \"native\" }]",
        "[work]\nmissing_estimate = \"count\"",
        &[("data/work.csv", STORIES), ("data/initiatives.csv", ONE_INITIATIVE)],
    );
    assert_eq!(c.scope("I1"), 4.0);
}

#[test]
fn levels_above_the_epics_are_containers_and_an_initiative_may_list_one() {
    // Advanced Roadmaps: Theme > Deliverable > Epic > Story, linked by Parent (the Issue id).
    // I1 lists the Deliverable and holds everything below it; the Theme reaches no initiative
    // but holds one that does, so it is no gap; the Programme, listed in `containers`, is.
    let jira = "Summary,Issue key,Issue id,Issue Type,Status,Parent,Custom field (Story Points),Created\n\
        Grow,TH-1,100,Theme,In Progress,,,01/Oct/26 9:00 AM\n\
        Payments,DL-1,101,Deliverable,In Progress,100,,01/Oct/26 9:00 AM\n\
        Checkout,EP-1,102,Epic,In Progress,101,,01/Oct/26 9:00 AM\n\
        Card form,ST-1,103,Story,Done,102,3,01/Oct/26 9:00 AM\n\
        Wallet,ST-2,104,Story,To Do,102,5,01/Oct/26 9:00 AM\n\
        Later,PR-1,105,Programme,To Do,,,01/Oct/26 9:00 AM\n";
    let c = case(
        "work = [{ path = \"data/jira.csv\", preset = \"jira\", containers = [\"Programme\"] }]",
        "",
        &[
            ("data/jira.csv", jira),
            ("data/initiatives.csv", "id,title,krs,owner,due,epics\nI1,x,KR1,ana,2027-06-30,DL-1\n"),
        ],
    );
    assert!(!c.diags.has_errors(), "{:?}", c.diags.sorted());
    assert_eq!((c.project.sources[0].items, c.project.sources[0].containers), (2, 4));
    assert_eq!(c.scope("I1"), 8.0);
    assert_eq!(c.analysis.trace.work_items, 2);
    assert!(c.analysis.trace.orphan_work.is_empty());
    let gaps: Vec<&str> =
        c.analysis.trace.unlinked_containers.iter().map(|&w| c.project.work[w].id.as_str()).collect();
    assert_eq!(gaps, ["PR-1"]);
}

#[test]
fn epics_match_names_after_blanks_and_case_are_folded() {
    // Jira's project name holds a no-break space; the initiative types it with two spaces and
    // in lower case.
    let jira = "Summary,Issue key,Status,Project name\nA,MOB-1,To Do,Mobile\u{a0}App\nB,MOB-2,To Do,Mobile\u{a0}App\n";
    let c = case(
        "work = [{ path = \"data/jira.csv\", preset = \"jira\" }]",
        "",
        &[
            ("data/jira.csv", jira),
            ("data/initiatives.csv", "id,title,krs,owner,due,epics\nI1,x,KR1,ana,2027-06-30,mobile  app\n"),
        ],
    );
    assert!(c.diags.is_empty(), "{:?}", c.diags.sorted());
    assert_eq!((c.initiative_of("MOB-1"), c.initiative_of("MOB-2")), (Some("I1"), Some("I1")));
}

#[test]
fn asana_tasks_belong_to_each_of_their_projects_and_subtasks_to_their_parents() {
    // Task 11 is in both projects: it belongs to I1, the first of the two initiatives that list
    // them, with one warning naming both; its subtask 12 lists no project and follows it.
    let asana = "Task ID,Name,Projects,Parent task,Created At,Completed At\n\
        11,Redesign home,\"Website Redesign,Hiring 2026\",,2026-10-01,\n\
        12,Write copy,,Redesign home,2026-10-02,\n\
        13,Post the job ad,Hiring 2026,,2026-10-03,\n";
    let initiatives = "id,title,krs,owner,due,epics\nI1,x,KR1,ana,2027-06-30,Website Redesign\nI2,y,KR1,ana,2027-06-30,Hiring 2026\n";
    let c = case(
        "work = [{ path = \"data/asana.csv\", preset = \"asana\" }]",
        "",
        &[("data/asana.csv", asana), ("data/initiatives.csv", initiatives)],
    );
    let assigned: Vec<_> = ["11", "12", "13"].iter().map(|id| c.initiative_of(id)).collect();
    assert_eq!(assigned, [Some("I1"), Some("I1"), Some("I2")]);
    let warnings: Vec<_> = c.diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("listed by both `I1` and `I2`"), "{warnings:?}");
    assert!(c.analysis.trace.orphan_work.is_empty());
}

#[test]
fn a_stale_export_is_judged_by_activity_not_by_due_dates() {
    // The newest activity is an update on 2026-07-15; a due date in December is a plan. On
    // 2026-11-20 the export is 128 days old.
    let jira = "Summary,Issue key,Status,Created,Updated,Due date\nA,P-1,To Do,01/Jul/26 9:00 AM,15/Jul/26 9:00 AM,20/Dec/26 9:00 AM\n";
    let c = case("work = [{ path = \"data/jira.csv\", preset = \"jira\" }]", "", &[("data/jira.csv", jira)]);
    assert_eq!(c.project.sources[0].newest_date, "2026-07-15".parse().ok());
    let stale: Vec<_> = c.analysis.signals.iter().filter(|s| s.kind == SignalKind::StaleExport).collect();
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0].message.contains("newest activity") && stale[0].message.contains("2026-07-15"),
        "{}",
        stale[0].message
    );
}

#[test]
fn the_quality_page_shows_the_language_the_levels_above_the_epics_and_the_sub_items() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    std::fs::create_dir_all(root.join("data")).unwrap();
    let jira = "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Principal,Creada,Actualizada\n\
        Crecer,TH-1,100,Tema,En curso,,01/oct/26 9:00 AM,01/oct/26 9:00 AM\n\
        Pagos,EP-1,101,Épica,En curso,100,01/oct/26 9:00 AM,01/oct/26 9:00 AM\n\
        Tarjeta,ST-1,102,Historia,Listo,101,01/oct/26 9:00 AM,02/oct/26 9:00 AM\n\
        Validar,SB-1,103,Subtarea,En curso,102,01/oct/26 9:00 AM,03/oct/26 9:00 AM\n";
    std::fs::write(root.join("data/jira.csv"), jira).unwrap();
    std::fs::write(
        root.join("throughline.toml"),
        "title = \"t\"\nas_of = \"2026-11-20\"\n[sources]\nwork = [{ path = \"data/jira.csv\", preset = \"jira\" }]\n",
    )
    .unwrap();
    std::fs::write(root.join("strategy.toml"), STRATEGY).unwrap();
    let out = dir.path().join("site");
    crate::common::build_into(&root, &out).unwrap();
    let page = std::fs::read_to_string(out.join("quality.html")).unwrap();
    for fact in [
        "<dt>Headers read in</dt><dd>Spanish</dd>",
        "<dt>Newest activity</dt>",
        "Tema (parent of Épica rows): 1",
        "1 sub-item (a work item under another work item",
    ] {
        assert!(page.contains(fact), "quality.html lacks {fact}");
    }
}
