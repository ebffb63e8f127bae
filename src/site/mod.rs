//! The static site (SPEC 6): plan every page, render them in parallel through the theme's
//! templates, and return the files for `output` to write. Nothing here touches the disk.

pub mod charts;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod reports;
pub mod search;
pub mod slug;
pub mod theme;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::analysis::Analysis;
use crate::graph::Graph;
use crate::ingest::Project;
use crate::output::OutputFile;
use crate::snapshot::Snapshot;
use links::Links;
use theme::Theme;
use views::Rows;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("rendering {page} with the template {template}: {message}")]
    Template { page: String, template: String, message: String },
    #[error("drawing the chart of {page}: {message}")]
    Chart { page: String, message: String },
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    as_of: String,
    cycle: Option<&'a str>,
    version: &'static str,
    base_url: &'a str,
    /// Whether the board pack's PDF is built (the `pdf` feature).
    pdf: bool,
}

/// One page to render: its path, its template, and its context.
struct Planned {
    path: String,
    template: &'static str,
    nav: &'static str,
    title: String,
    page: serde_json::Value,
}

pub struct SiteInput<'a> {
    pub project: &'a Project,
    pub graph: &'a Graph,
    pub analysis: &'a Analysis,
    pub snapshot: &'a Snapshot,
    pub theme: &'a Theme,
    pub history: &'a SiteHistory,
}

/// What the site shows of earlier reports.
#[derive(Debug, Clone, Default)]
pub struct SiteHistory {
    pub changes: Option<crate::history::Changes>,
    pub forecasts: std::collections::BTreeMap<String, Vec<crate::history::ForecastPoint>>,
    /// Dates of the reports kept under `archive/`.
    pub archived: Vec<chrono::NaiveDate>,
    /// Whether this build is archived too (`--archive`).
    pub archiving: bool,
    /// The snapshot compared with, for the board pack's trends.
    pub previous: Option<Snapshot>,
}

pub fn render(input: &SiteInput) -> Result<Vec<OutputFile>, SiteError> {
    let (project, graph, analysis) = (input.project, input.graph, input.analysis);
    let links = Links::new(project, graph);
    let rows = Rows::new(project, graph, analysis, &links);
    let planned = plan(&rows, &links, input.history)?;
    let info = SiteInfo {
        title: &project.config.title,
        as_of: analysis.as_of.to_string(),
        cycle: project.config.cycle.as_ref().map(|c| c.name.as_str()),
        version: env!("CARGO_PKG_VERSION"),
        base_url: &project.config.base_url,
        pdf: cfg!(feature = "pdf"),
    };
    let render_page = |p: &Planned, root: String| {
        let mut context = Context::new();
        context.insert("site", &info);
        context.insert("root", &root);
        context.insert("nav", p.nav);
        context.insert("page_title", &p.title);
        context.insert("page", &p.page);
        input.theme.tera.render(p.template, &context).map_err(|e| SiteError::Template {
            page: p.path.clone(),
            template: p.template.into(),
            message: theme::error_chain(&e),
        })
    };
    let mut files: Vec<OutputFile> = planned
        .par_iter()
        .map(|p| {
            // A host serves 404.html at whatever path was missed, where relative links would
            // break; with a base_url its links are absolute.
            let root = if p.path == "404.html" && !info.base_url.is_empty() {
                format!("{}/", info.base_url.trim_end_matches('/'))
            } else {
                "../".repeat(p.path.matches('/').count())
            };
            render_page(p, root).map(|html| OutputFile::new(&p.path, html))
        })
        .collect::<Result<_, _>>()?;
    for (name, bytes) in &input.theme.assets {
        files.push(OutputFile::new(format!("assets/{name}"), bytes.clone()));
    }
    files.push(OutputFile::new("search-index.js", search::index(&rows)));
    files.extend(crate::board::render(&rows, input.history, input.theme)?);
    files.push(OutputFile::new("data/snapshot.json", input.snapshot.to_json()));
    files.push(OutputFile::new("data/graph.json", crate::snapshot::graph_json(project, graph, analysis)));
    if input.history.archiving {
        // `--archive`: the whole report is also kept under archive/<as_of>/. Its links are
        // relative, so the copy works as it is, but for the index of past reports, which is
        // rendered again to point back up to the archive's root.
        let prefix = format!("{}/{}", crate::history::ARCHIVE_DIR, analysis.as_of);
        let mut copies: Vec<OutputFile> = files
            .iter()
            .filter(|f| f.path != "archive.html")
            .map(|f| OutputFile::new(format!("{prefix}/{}", f.path), f.bytes.clone()))
            .collect();
        if let Some(index) = planned.iter().find(|p| p.path == "archive.html") {
            copies.push(OutputFile::new(
                format!("{prefix}/archive.html"),
                render_page(index, "../../".into())?,
            ));
        }
        files.extend(copies);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn to_value<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn plan(rows: &Rows, links: &Links, history: &SiteHistory) -> Result<Vec<Planned>, SiteError> {
    let (project, graph) = (rows.project, rows.graph);
    let note = |slug: &str| project.notes.get(slug).map(|md| markdown::to_html(md));
    let mut planned = vec![
        Planned {
            path: "index.html".into(),
            template: "index.html",
            nav: "home",
            title: "This week".into(),
            page: to_value(&pages::home(
                rows,
                note("index"),
                reports::changes(rows, history.changes.as_ref()),
            )),
        },
        Planned {
            path: "capacity.html".into(),
            template: "capacity.html",
            nav: "capacity",
            title: "Capacity and contention".into(),
            page: to_value(
                &reports::capacity(rows)
                    .map_err(|message| SiteError::Chart { page: "capacity.html".into(), message })?,
            ),
        },
        Planned {
            path: "dependencies.html".into(),
            template: "dependencies.html",
            nav: "dependencies",
            title: "Dependencies".into(),
            page: to_value(&reports::dependencies(rows)),
        },
        Planned {
            path: "commitments.html".into(),
            template: "commitments.html",
            nav: "commitments",
            title: "Commitments".into(),
            page: to_value(&reports::commitments(rows)),
        },
        Planned {
            path: "changes.html".into(),
            template: "changes.html",
            nav: "changes",
            title: "Changes since the last publish".into(),
            page: to_value(&reports::changes(rows, history.changes.as_ref())),
        },
        Planned {
            path: "methodology.html".into(),
            template: "methodology.html",
            nav: "methodology",
            title: "Methodology".into(),
            page: to_value(&reports::methodology(rows)),
        },
        Planned {
            path: "archive.html".into(),
            template: "archive.html",
            nav: "changes",
            title: "Past reports".into(),
            page: to_value(&reports::archive(&history.archived, rows.analysis.as_of, history.archiving)),
        },
        Planned {
            path: "strategy.html".into(),
            template: "strategy.html",
            nav: "strategy",
            title: "Strategy map".into(),
            page: to_value(&pages::strategy(rows)),
        },
        Planned {
            path: "risks.html".into(),
            template: "risks.html",
            nav: "risks",
            title: "Risks".into(),
            page: to_value(&pages::risks(rows)),
        },
        Planned {
            path: "trace.html".into(),
            template: "trace.html",
            nav: "trace",
            title: "Traceability and gaps".into(),
            page: to_value(&pages::trace(rows)),
        },
        Planned {
            path: "quality.html".into(),
            template: "quality.html",
            nav: "quality",
            title: "Data quality".into(),
            page: to_value(&pages::quality(rows)),
        },
        Planned {
            path: "search.html".into(),
            template: "search.html",
            nav: "search",
            title: "Search".into(),
            page: serde_json::Value::Null,
        },
        Planned {
            path: "404.html".into(),
            template: "404.html",
            nav: "",
            title: "Page not found".into(),
            page: serde_json::Value::Null,
        },
    ];
    planned.extend((0..project.bets.len()).map(|b| {
        let slug = links.bets.get(&project.bets[b].id);
        Planned {
            path: links.bet(&project.bets[b].id),
            template: "bet.html",
            nav: "strategy",
            title: project.bets[b].title.clone(),
            page: to_value(&pages::bet(rows, b, note(&slug))),
        }
    }));
    let krs: Vec<Planned> = (0..project.krs.len())
        .into_par_iter()
        .map(|k| {
            let id = &project.krs[k].id;
            let page = pages::kr(rows, k, note(&links.krs.get(id)))
                .map_err(|message| SiteError::Chart { page: links.kr(id), message })?;
            Ok(Planned {
                path: links.kr(id),
                template: "kr.html",
                nav: "strategy",
                title: project.krs[k].title.clone(),
                page: to_value(&page),
            })
        })
        .collect::<Result<_, SiteError>>()?;
    planned.extend(krs);
    let mut containers_of = vec![vec![]; project.initiatives.len()];
    for (w, initiative) in graph.initiative_of_work.iter().enumerate() {
        if let Some(i) = initiative.filter(|_| graph.is_container[w]) {
            containers_of[i].push(w);
        }
    }
    let initiatives: Vec<Planned> = (0..project.initiatives.len())
        .into_par_iter()
        .map(|i| {
            let id = &project.initiatives[i].id;
            let page = pages::initiative(
                rows,
                i,
                &containers_of[i],
                history.forecasts.get(id),
                note(&links.initiatives.get(id)),
            )
            .map_err(|message| SiteError::Chart { page: links.initiative(id), message })?;
            Ok(Planned {
                path: links.initiative(id),
                template: "initiative.html",
                nav: "strategy",
                title: project.initiatives[i].title.clone(),
                page: to_value(&page),
            })
        })
        .collect::<Result<_, SiteError>>()?;
    planned.extend(initiatives);
    let mut work_of = vec![vec![]; project.people.len()];
    for (w, person) in graph.assignee_of_work.iter().enumerate() {
        if let Some(p) = person {
            work_of[*p].push(w);
        }
    }
    planned.extend(
        project
            .people
            .par_iter()
            .enumerate()
            .map(|(p, person)| Planned {
                path: links.person(&person.id),
                template: "person.html",
                nav: "people",
                title: person.name.clone(),
                page: to_value(&pages::person(rows, p, &work_of[p], note(&links.people.get(&person.id)))),
            })
            .collect::<Vec<_>>(),
    );
    planned.extend(links.team_names.iter().map(|team| Planned {
        path: links.team(team),
        template: "team.html",
        nav: "people",
        title: format!("Team {team}"),
        page: to_value(&pages::team(rows, team)),
    }));
    Ok(planned)
}
