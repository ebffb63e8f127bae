//! Every real export in ../shared/fixtures/real-exports (SOURCES.md describes each), imported
//! through its preset, with the counts a reader of the file would expect. The files are read where
//! they are, never copied into the repository; without ../shared the tests say so and pass.

use std::path::PathBuf;

use throughline::diag::Diagnostics;
use throughline::link::Graph;
use throughline::load::Project;
use throughline::model::WorkStatus;

fn real_exports() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-exports");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: {} is absent (the real exports live in the shared folder)", dir.display());
        None
    }
}

/// Loads and links a one-source project around the export `file` (relative to real-exports).
/// `extra` continues the source's entry (`, columns = {...}`); `settings` follows as TOML.
fn import(file: &str, preset: &str, extra: &str, settings: &str) -> Option<(Project, Graph, Diagnostics)> {
    Some(import_path(&real_exports()?.join(file), preset, extra, settings, &[]))
}

/// The same around any export, with more files of the project (`data/initiatives.csv`...).
fn import_path(
    path: &std::path::Path,
    preset: &str,
    extra: &str,
    settings: &str,
    files: &[(&str, &str)],
) -> (Project, Graph, Diagnostics) {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "title = \"t\"\nas_of = \"2026-11-20\"\n[sources]\nwork = [{{ path = {path:?}, preset = \"{preset}\"{extra} }}]\n{settings}"
    );
    std::fs::write(dir.path().join("throughline.toml"), toml).unwrap();
    std::fs::write(dir.path().join("strategy.toml"), "").unwrap();
    for (file, text) in files {
        std::fs::create_dir_all(dir.path().join(file).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let mut diags = Diagnostics::default();
    let (project, graph) = throughline::build::load(dir.path(), &mut diags).unwrap();
    (project, graph, diags)
}

#[derive(Debug, PartialEq)]
struct Counts {
    rows: usize,
    items: usize,
    containers: usize,
    /// todo, in progress, blocked, done, cancelled (containers included).
    statuses: [usize; 5],
    linked: usize,
    errors: usize,
    warnings: usize,
}

fn counts(project: &Project, diags: &Diagnostics) -> Counts {
    let source = &project.sources[0];
    let mut statuses = [0; 5];
    for w in project.work.iter() {
        statuses[match w.status {
            WorkStatus::Todo => 0,
            WorkStatus::InProgress => 1,
            WorkStatus::Blocked => 2,
            WorkStatus::Done => 3,
            WorkStatus::Cancelled => 4,
        }] += 1;
    }
    let ids: std::collections::HashSet<&str> = project.work.iter().map(|w| w.id.as_str()).collect();
    Counts {
        rows: source.rows,
        items: source.items,
        containers: source.containers,
        statuses,
        linked: project.work.iter().filter(|w| w.parent.as_deref().is_some_and(|p| ids.contains(p))).count(),
        errors: diags.error_count(),
        warnings: diags.warning_count(),
    }
}

fn expect(file: &str, preset: &str, extra: &str, expected: Counts) -> Option<(Project, Graph, Diagnostics)> {
    expect_with(file, preset, extra, "", expected)
}

fn expect_with(
    file: &str,
    preset: &str,
    extra: &str,
    settings: &str,
    expected: Counts,
) -> Option<(Project, Graph, Diagnostics)> {
    let (project, graph, diags) = import(file, preset, extra, settings)?;
    let found = counts(&project, &diags);
    let listing: String = diags.sorted().iter().map(|d| d.render()).collect();
    assert_eq!(found, expected, "{file}\n{listing}");
    Some((project, graph, diags))
}

fn date(s: &str) -> Option<chrono::NaiveDate> {
    s.parse().ok()
}

#[test]
fn jira_server_all_fields_resaved_by_excel() {
    // One issue, then 739 all-comma rows; Excel's 16/02/2017 15:26 dates (day-first, proved by 16).
    let Some((project, _, _)) = expect(
        "jira/mrchidambara03__DuplicateBugs__JIRA.csv",
        "jira",
        "",
        Counts {
            rows: 1,
            items: 1,
            containers: 0,
            statuses: [1, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    ) else {
        return;
    };
    assert_eq!(project.sources[0].blank_rows, 739);
    let item = &project.work[0];
    assert_eq!((item.id.as_str(), item.assignee.as_deref()), ("A-3367", Some("xyz")));
    assert_eq!(item.created, date("2017-02-16"));
}

#[test]
fn jira_cloud_with_parent_key_status_category_and_both_story_point_fields() {
    // 69 issues; custom statuses (Validation, Selected for Tech Check...) settled by Status
    // Category; 28 done issues without Resolved get Status Category Changed; the epics GP-3678
    // and GP-1602 are not in the export: one warning each.
    let Some((project, _, diags)) = expect(
        "jira/felipefernandes__dashboard-metricas__JIRA.TRUNCATED.csv",
        "jira",
        "",
        Counts {
            rows: 69,
            items: 69,
            containers: 0,
            statuses: [22, 3, 0, 42, 2],
            linked: 0,
            errors: 0,
            warnings: 2,
        },
    ) else {
        return;
    };
    let source = &project.sources[0];
    assert!(
        source
            .guesses
            .iter()
            .any(|g| g.starts_with("Done items without a resolution date") && g.ends_with(": 28"))
    );
    assert!(diags.iter().any(|d| d.message.starts_with("the parent `GP-3678` of 17 item(s)")));
    let gp4024 = project.work.iter().find(|w| w.id == "GP-4024").unwrap();
    assert_eq!((gp4024.parent.as_deref(), gp4024.done), (Some("GP-3678"), date("2025-12-17")));
    let by_category = source.statuses.iter().filter(|s| s.how == throughline::model::StatusOrigin::Category);
    assert!(by_category.map(|s| s.name.as_str()).any(|n| n == "Selected for Tech Check"));
    let estimate = source.columns.iter().find(|c| c.column == "estimate").unwrap();
    assert_eq!(estimate.headers, ["Custom field (Story Points)", "Custom field (Story point estimate)"]);
}

#[test]
fn jira_cloud_small_all_fields_export() {
    expect(
        "jira/ericmedlock__planeso-jira-migration__Jira.csv",
        "jira",
        "",
        Counts {
            rows: 22,
            items: 22,
            containers: 0,
            statuses: [9, 3, 0, 10, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    );
}

#[test]
fn jira_current_fields_without_status_count_as_todo_with_one_warning() {
    let Some((project, _, diags)) = expect(
        "jira/AditechGH__defect-analysis__JIRA.csv",
        "jira",
        "",
        Counts {
            rows: 324,
            items: 324,
            containers: 0,
            statuses: [324, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 1,
        },
    ) else {
        return;
    };
    assert!(diags.iter().next().unwrap().message.starts_with("no status column"));
    assert_eq!(project.work[0].kind, "Sprint Defect");
}

#[test]
fn jira_cloud_current_fields_with_short_month_dates() {
    let Some((project, _, _)) = expect(
        "jira/fb-garretm__pxi-product__Jira.csv",
        "jira",
        "",
        Counts {
            rows: 32,
            items: 32,
            containers: 0,
            statuses: [32, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    ) else {
        return;
    };
    assert_eq!(project.work[0].created, date("2026-03-09"));
}

#[test]
fn jira_server_sub_tasks_point_at_an_issue_id_outside_the_export() {
    // Two workflow statuses the preset cannot know (warned), and the sub-tasks' Parent id 44452
    // is no Issue id of this file: kept as written, one warning.
    let Some((_, _, diags)) = expect(
        "jira/craig-invotra__report-builder__JIRA.csv",
        "jira",
        "",
        Counts {
            rows: 64,
            items: 64,
            containers: 0,
            statuses: [55, 0, 0, 9, 0],
            linked: 0,
            errors: 0,
            warnings: 3,
        },
    ) else {
        return;
    };
    assert!(diags.iter().any(|d| d.message.starts_with("the status `Test in UAT` (29 rows)")));
    assert!(diags.iter().any(|d| d.message.starts_with("the parent `44452` of 2 item(s)")));
    // Mapped in [work.status_map], the statuses count as the team means them, silently.
    expect_with(
        "jira/craig-invotra__report-builder__JIRA.csv",
        "jira",
        "",
        "[work]\nstatus_map = { \"test in uat\" = \"in_progress\", \"Verified - UAT\" = \"done\" }\n",
        Counts {
            rows: 64,
            items: 64,
            containers: 0,
            statuses: [5, 29, 0, 30, 0],
            linked: 0,
            errors: 0,
            warnings: 1,
        },
    );
}

#[test]
fn jira_french_hand_edited_export() {
    // French headers (Type de demande, Etat, Responsable); 5 Épopée epics; sub-tasks linked by
    // Parent id (11917 -> DEMO-15, 11910 -> DEMO-8) and stories by Epic Link: 13 links. The
    // uploader shifted the later columns of 10 rows, so their Story Points cell holds a Jira rank:
    // each is an error at line and column 60, not a silent guess.
    let Some((project, _, diags)) = expect(
        "jira/ckiw__github-csv-tools__JIRA28line.csv",
        "jira",
        ", columns = { title = \"resume\" }",
        Counts {
            rows: 27,
            items: 22,
            containers: 5,
            statuses: [27, 0, 0, 0, 0],
            linked: 13,
            errors: 10,
            warnings: 2,
        },
    ) else {
        return;
    };
    let cells: Vec<(Option<usize>, Option<usize>)> = diags
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.location.line, d.location.column))
        .collect();
    let lines: Vec<usize> = cells.iter().map(|c| c.0.unwrap()).collect();
    assert_eq!(lines, [8, 16, 17, 18, 19, 21, 24, 25, 27, 28]);
    assert!(cells.iter().all(|c| c.1 == Some(60)));
    let demo16 = project.work.iter().find(|w| w.id == "DEMO-16").unwrap();
    assert_eq!(
        (demo16.parent.as_deref(), demo16.title.as_str()),
        (Some("DEMO-15"), "Création du nouveau écran")
    );
    assert_eq!(
        project.work.iter().find(|w| w.id == "DEMO-6").unwrap().assignee.as_deref(),
        Some("tlangford")
    );
}

#[test]
fn linear_export_with_javascript_dates() {
    // CLA-1 and CLA-7 have parents (CLA-4, CLA-6); two Canceled; Triage and Backlog are todo.
    let Some((project, _, _)) = expect(
        "linear/semperos__shortcut-repl__linear-export.csv",
        "linear",
        "",
        Counts {
            rows: 10,
            items: 10,
            containers: 0,
            statuses: [6, 1, 0, 1, 2],
            linked: 2,
            errors: 0,
            warnings: 0,
        },
    ) else {
        return;
    };
    let cla1 = &project.work[0];
    assert_eq!(
        (cla1.parent.as_deref(), cla1.projects.as_slice()),
        (Some("CLA-4"), ["Claw Alpha".to_string()].as_slice())
    );
    assert_eq!(
        (cla1.estimate, cla1.created, cla1.started),
        (Some(5.0), date("2022-08-23"), date("2023-02-11"))
    );
    assert_eq!(cla1.assignee.as_deref(), Some("testinguser101@example.com"));
}

#[test]
fn azure_devops_basic_process_with_every_value_quoted() {
    expect(
        "azure-devops/Dileep-k095__azure-to-git__workitems.csv",
        "azure-devops",
        "",
        Counts {
            rows: 6,
            items: 5,
            containers: 1,
            statuses: [6, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    );
}

#[test]
fn azure_devops_query_with_name_email_assignees_and_custom_states() {
    // 122 Closed, 12 Removed; ten custom states of the bank's process are warned, once each.
    let Some((project, _, diags)) = expect(
        "azure-devops/KipkorirC__http_server__Untitled query.csv",
        "azure-devops",
        "",
        Counts {
            rows: 262,
            items: 262,
            containers: 0,
            statuses: [128, 0, 0, 122, 12],
            linked: 0,
            errors: 0,
            warnings: 11,
        },
    ) else {
        return;
    };
    assert!(diags.iter().all(|d| d.message.starts_with("the status `")));
    let first = &project.work[0];
    assert_eq!(first.assignee.as_deref(), Some("Remy Vossberg"));
    assert_eq!(first.assignee_email.as_deref(), Some("KEN91243@example.com"));
    let comma = project.work.iter().find(|w| w.assignee.as_deref().is_some_and(|a| a.contains(','))).unwrap();
    assert!(comma.assignee_email.is_some(), "`Last, First <email>` keeps its comma in the name");
}

#[test]
fn azure_devops_tree_layout_with_semicolons_and_no_ids() {
    // 4 epics (Title 1), 4 stories (Title 3) and 10 tasks and test cases (Title 4): every row but
    // the epics finds its parent in the tree. Without an ID column rows are named by line.
    let Some((project, _, _)) = expect(
        "azure-devops/najc162__BIP-repo__WorkItems.csv",
        "azure-devops",
        "",
        Counts {
            rows: 18,
            items: 14,
            containers: 4,
            statuses: [18, 0, 0, 0, 0],
            linked: 14,
            errors: 0,
            warnings: 0,
        },
    ) else {
        return;
    };
    let task = &project.work[2];
    assert_eq!(task.title, "Design map and geolocation UI");
    assert_eq!(task.parent.as_deref(), Some(project.work[1].id.as_str()));
    assert_eq!(project.work[1].parent.as_deref(), Some(project.work[0].id.as_str()));
    assert_eq!(project.sources[0].delimiter, "semicolon");
}

#[test]
fn azure_devops_query_without_state() {
    expect(
        "azure-devops/TransmissionZ__k190145_DevOps_A1__work_items.csv",
        "azure-devops",
        "",
        Counts {
            rows: 55,
            items: 54,
            containers: 1,
            statuses: [55, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 1,
        },
    );
}

#[test]
fn two_real_exports_build_one_site_with_a_quality_section_each() {
    let Some(dir) = real_exports() else { return };
    let project = tempfile::tempdir().unwrap();
    let jira = dir.join("jira/felipefernandes__dashboard-metricas__JIRA.TRUNCATED.csv");
    let ado = dir.join("azure-devops/KipkorirC__http_server__Untitled query.csv");
    let toml = format!(
        "title = \"t\"\nas_of = \"2026-01-10\"\n[sources]\nwork = [{{ path = {jira:?}, preset = \"jira\" }}, {{ path = {ado:?}, preset = \"azure-devops\" }}]\n"
    );
    std::fs::write(project.path().join("throughline.toml"), toml).unwrap();
    std::fs::write(project.path().join("strategy.toml"), "").unwrap();
    let out = project.path().join("site");
    let report = throughline::build::build(&throughline::build::BuildOptions {
        project_dir: project.path().to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(report.diagnostics.error_count(), 0);
    let page = std::fs::read_to_string(out.join("quality.html")).unwrap();
    for expected in [
        "felipefernandes__dashboard-metricas__JIRA.TRUNCATED.csv",
        "Untitled query.csv",
        "Status Category Changed",
        "the export&#x27;s status category",
    ] {
        assert!(page.contains(expected), "quality.html lacks {expected}");
    }
}

// Exports from Jira in other languages (tests/fixtures/real-exports-i18n, SOURCES.md there), read
// by the `jira` preset alone. They live in the repository, so these tests always run.

fn i18n(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-exports-i18n").join(file)
}

fn expect_i18n(
    file: &str,
    extra: &str,
    settings: &str,
    files: &[(&str, &str)],
    expected: Counts,
) -> (Project, Graph, Diagnostics) {
    let (project, graph, diags) = import_path(&i18n(file), "jira", extra, settings, files);
    let listing: String = diags.sorted().iter().map(|d| d.render()).collect();
    assert_eq!(counts(&project, &diags), expected, "{file}\n{listing}");
    (project, graph, diags)
}

const SPANISH: Counts =
    Counts { rows: 9, items: 9, containers: 0, statuses: [9, 0, 0, 0, 0], linked: 6, errors: 0, warnings: 1 };

#[test]
fn jira_cloud_in_spanish() {
    // Six sub-tasks of TIC-6 (`Subtarea`, linked by `Clave principal`), and three tasks under the
    // epic TIC-37, which is not in the export (one warning). `Tareas por hacer` is todo.
    let (project, _, diags) = expect_i18n("jira-cloud-es.csv", "", "", &[], SPANISH);
    assert!(diags.iter().any(|d| d.message.starts_with("the parent `TIC-37` of 3 item(s)")));
    let source = &project.sources[0];
    assert_eq!(source.language.as_deref(), Some("Spanish"));
    let tic201 = &project.work[0];
    assert_eq!(
        (tic201.id.as_str(), tic201.kind.as_str(), tic201.parent.as_deref(), tic201.created),
        ("TIC-201", "Subtarea", Some("TIC-6"), date("2026-03-13"))
    );
    assert_eq!(tic201.assignee.as_deref(), Some("Iván Ponce Lobo"));
    let tic6 = project.work.iter().find(|w| w.id == "TIC-6").unwrap();
    assert_eq!(tic6.estimate, Some(5.0));
    // Last viewed on 15 March is no activity; the newest is an update on 13 March.
    assert_eq!(source.newest_date, date("2026-03-13"));
    // Mapping the key by hand leaves the rest read as before.
    expect_i18n("jira-cloud-es.csv", ", columns = { id = \"Clave de incidencia\" }", "", &[], SPANISH);
}

#[test]
fn sub_tasks_of_a_real_export_do_not_inflate_scope() {
    // An initiative holds the epic TIC-37: TIC-6 (5 points), TIC-5 (3), TIC-4 (3), and TIC-6's six
    // sub-tasks, which have no points. Scope 5 + 3 + 3 = 11; with the sub-tasks weighing the
    // median (3) it was 11 + 6 × 3 = 29.
    let initiatives = ("data/initiatives.csv", "id,title,krs,owner,epics\nI1,Accounts,,ana,TIC-37\n");
    let (project, graph, _) = import_path(&i18n("jira-cloud-es.csv"), "jira", "", "", &[initiatives]);
    let analysis = throughline::analyse::analyse(&project, &graph, "2026-11-20".parse().unwrap());
    assert_eq!(analysis.initiatives[0].scope, 11.0);
    assert_eq!(graph.items_of_initiative[0].len(), 9, "the sub-tasks are the initiative's work all the same");
}

#[test]
fn jira_headers_in_an_unknown_language_are_recognised_by_their_content() {
    // The Spanish export with its first three headers in Czech: the key, summary and number are
    // found by their content, and parents by number (`Principal`) still link.
    let text = std::fs::read_to_string(i18n("jira-cloud-es.csv")).unwrap();
    let text = text.replacen("Resumen,Clave de incidencia,ID de la incidencia,", "Shrnutí,Klíč,ID úkolu,", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cs.csv");
    std::fs::write(&path, text).unwrap();
    let (project, _, diags) = import_path(&path, "jira", "", "", &[]);
    assert_eq!(counts(&project, &diags), SPANISH);
    assert_eq!(
        project.work[0].title,
        "PA: El sistema debe confirmar al usuario que la contraseña fue actualizada correctamente."
    );
    assert!(project.sources[0].guesses.iter().any(|g| g.starts_with("Columns recognised by their content")));
}

#[test]
fn jira_cloud_in_brazilian_portuguese_and_a_stale_export() {
    // `Concluído` is done, `Tarefas pendentes` todo; dates `26/abr/26`, `17/mai/26`.
    let (project, graph, _) = expect_i18n(
        "jira-cloud-pt-br.csv",
        "",
        "",
        &[],
        Counts {
            rows: 5,
            items: 5,
            containers: 0,
            statuses: [1, 0, 0, 4, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    );
    assert_eq!(project.sources[0].language.as_deref(), Some("Portuguese (Brazil)"));
    let fa1 = &project.work[0];
    assert_eq!(
        (fa1.created, fa1.done, fa1.due),
        (date("2026-04-26"), date("2026-04-27"), date("2026-04-27"))
    );
    assert_eq!(fa1.assignee.as_deref(), Some("Rafael Lima Teixeira"));
    // The newest activity is an update on 17 May; FA-29 is due on 22 May, a plan. On 27 May the
    // export is 10 days old: stale.
    assert_eq!(project.sources[0].newest_date, date("2026-05-17"));
    let analysis = throughline::analyse::analyse(&project, &graph, "2026-05-27".parse().unwrap());
    let stale = analysis.signals.iter().filter(|s| s.kind == throughline::analyse::SignalKind::StaleExport);
    assert_eq!(stale.count(), 1);
}

#[test]
fn jira_cloud_in_polish() {
    let (project, _, _) = expect_i18n(
        "jira-cloud-pl.csv",
        "",
        "",
        &[],
        Counts {
            rows: 3,
            items: 3,
            containers: 0,
            statuses: [3, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    );
    assert_eq!(project.sources[0].language.as_deref(), Some("Polish"));
    let tsl22 = &project.work[0];
    assert_eq!(
        (tsl22.id.as_str(), tsl22.title.as_str(), tsl22.kind.as_str(), tsl22.created),
        ("TSL-22", "Attempt to login to admin account", "Błąd w programie", date("2021-02-12"))
    );
    assert_eq!(tsl22.assignee.as_deref(), Some("Tomasz Wielgosz"));
}

#[test]
fn jira_cloud_in_french_with_its_cloud_headers() {
    // `Champs personnalisés (…)` and `Catégorie d'état modifiée`, where Server writes `Custom
    // field (…)` and `Changement de catégorie d'état`.
    let (project, _, _) = expect_i18n(
        "jira-cloud-fr.csv",
        "",
        "",
        &[],
        Counts {
            rows: 3,
            items: 3,
            containers: 0,
            statuses: [3, 0, 0, 0, 0],
            linked: 0,
            errors: 0,
            warnings: 0,
        },
    );
    let source = &project.sources[0];
    assert_eq!(source.language.as_deref(), Some("French"));
    assert_eq!(project.work[0].created, date("2026-02-19"));
    let fallback = source.columns.iter().find(|c| c.column.starts_with("done date, when")).unwrap();
    assert_eq!(fallback.headers, ["Catégorie d'état modifiée"]);
    let category = source.columns.iter().find(|c| c.column == "status category").unwrap();
    assert_eq!(category.headers, ["Catégorie d'état"]);
}
