//! What templates see: small serialisable rows, with numbers already formatted and URLs already
//! resolved (relative to the site root; templates prefix them with `root`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use super::digest::Shared;
use super::links::Links;
// Looked up for every row of every page: a fast hash (no order of iteration reaches a page).
use rustc_hash::FxHashMap as HashMap;

use crate::analyse::forecast::TRIALS;
use crate::analyse::{Analysis, EntityKind, EntityRef, Signal, Status};
use crate::link::Graph;
use crate::load::Project;
use crate::model::{KrKind, WorkStatus};
use crate::words;
pub use crate::words::{maybe_date as date, number, percent as pct, points};

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// A status as a badge shows it: its word (the style's class), label and symbol, and whether it
/// is a risk (a risk is never drawn in a neutral colour).
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub word: &'static str,
    pub label: &'static str,
    pub icon: &'static str,
    pub risk: bool,
}

impl From<Status> for StatusView {
    fn from(s: Status) -> Self {
        StatusView::of(EntityKind::Initiative, s)
    }
}

impl StatusView {
    /// A status as it reads on an entity of `kind` (`words::status_of`).
    pub fn of(kind: EntityKind, s: Status) -> Self {
        let w = words::status_of(kind, s);
        StatusView { word: s.word(), label: w.label, icon: w.icon, risk: s.is_risk() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SignalView {
    pub kind: &'static str,
    pub label: &'static str,
    /// The severity's word (the style's class) and its label.
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub message: String,
    pub entity: Link,
    /// How a list names the entity: its id, or a person's name.
    pub on: String,
    pub related: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BetRow {
    pub link: Link,
    pub status: StatusView,
    pub progress: String,
    pub bar: u32,
    pub owner: Option<Link>,
    pub krs: Vec<KrRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KrRow {
    pub link: Link,
    pub status: StatusView,
    pub progress: String,
    pub expected: String,
    pub gap: String,
    pub forecast: String,
    pub latest: String,
    pub latest_date: String,
    pub stale: bool,
    pub confidence: String,
    pub bar: u32,
    pub expected_bar: u32,
    /// A maintain key result: its line ("at most 0.8 %"), read as holding or breached rather than
    /// as a progress bar.
    pub maintain: Option<String>,
    pub owner: Option<Link>,
    pub initiatives: Vec<Shared<InitiativeRow>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InitiativeRow {
    pub link: Link,
    pub status: StatusView,
    pub progress: String,
    pub bar: u32,
    pub scope: String,
    pub done: String,
    pub p50: String,
    pub p85: String,
    /// The finish in words: one date when P50 and P85 agree, else both.
    pub forecast: String,
    pub on_time: String,
    pub due: String,
    pub slip: String,
    pub owner: Option<Link>,
    pub team: Option<Link>,
}

/// A table of work items, as a page's view holds it: which items, in order, and a digest of
/// their rows (so a page's fingerprint changes when one of its rows does). The renderer writes
/// the rows (`Rows::draw_tables`) only for the pages it renders: with the default theme's table
/// macro straight to HTML (a large site has hundreds of thousands of rows, and a template call
/// per row costs seconds), else as data for the theme's own macro.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkTable {
    #[serde(rename = "__work_table")]
    pub table: TableOf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableOf {
    pub items: Vec<usize>,
    pub digest: u64,
    pub show_initiative: bool,
}

/// A table of signals (the risks page's), held like a `WorkTable`: which signals, in order, and
/// a digest of their rows. The renderer writes its rows as it writes a `WorkTable`'s.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignalTable {
    #[serde(rename = "__signal_table")]
    pub table: ListOf,
}

/// A table of initiatives (`Rows::initiative`), held and written like a `SignalTable`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InitiativeTable {
    #[serde(rename = "__initiative_table")]
    pub table: ListOf,
}

/// A table of people (`Rows::person`), held and written like a `SignalTable`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PeopleTable {
    #[serde(rename = "__people_table")]
    pub table: ListOf,
}

/// Which rows a table shows, in order, by their index among their kind (signals, initiatives,
/// people), and a digest of those rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListOf {
    pub items: Vec<usize>,
    pub digest: u64,
}

/// A table as its template reads it: its rows as HTML, or as data (`WorkRow`s or `SignalView`s).
#[derive(Debug, Clone, Serialize)]
pub struct DrawnTable<R> {
    pub rows: Vec<R>,
    pub html: Option<String>,
    pub count: usize,
}

/// A work item's row. It borrows what the project holds and writes its anchor and URL only
/// when it is read: a large site draws three quarters of a million of these.
#[derive(Debug, Clone, Serialize)]
pub struct WorkRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub anchor: WorkAnchor<'a>,
    pub url: WorkUrl<'a>,
    pub source_url: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub assignee: Option<Shared<Link>>,
    pub weight: String,
    pub imputed: bool,
    pub due: String,
    pub overdue: bool,
    pub initiative: Option<Shared<Link>>,
}

/// A work item's anchor on the page that lists it, `w-` and its slug (docs/site.md).
#[derive(Debug, Clone, Copy)]
pub struct WorkAnchor<'a> {
    pub slug: &'a str,
}

impl std::fmt::Display for WorkAnchor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "w-{}", self.slug)
    }
}

impl Serialize for WorkAnchor<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Where a work item is shown: its row on its initiative's page, or with the orphans on the
/// trace page (as `Links::work` says).
#[derive(Debug, Clone, Copy)]
pub struct WorkUrl<'a> {
    /// Its initiative's slug, when it has one.
    pub initiative: Option<&'a str>,
    pub anchor: WorkAnchor<'a>,
}

impl std::fmt::Display for WorkUrl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.initiative {
            Some(slug) => write!(f, "initiatives/{slug}.html#{}", self.anchor),
            None => write!(f, "trace.html#{}", self.anchor),
        }
    }
}

impl Serialize for WorkUrl<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentRow {
    pub id: String,
    /// Its row on its initiative's page.
    pub anchor: String,
    pub url: String,
    pub title: String,
    pub date: String,
    pub made_by: Option<Link>,
    pub audience: String,
    pub initiative: Option<Shared<InitiativeRow>>,
    pub status: StatusView,
    pub probability: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub link: Link,
    pub team: Option<Link>,
    pub capacity: String,
    pub open: String,
    pub utilisation: String,
    pub bar: u32,
    pub overloaded: bool,
    pub listed: bool,
}

fn bar(value: Option<f64>) -> u32 {
    (value.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0).round() as u32
}

/// Text of the product's own with setting names between backticks, as HTML: escaped, with each
/// name set as code.
pub fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(n, part)| {
            let part = super::markdown::escape_html(part);
            if n % 2 == 1 { format!("<code>{part}</code>") } else { part }
        })
        .collect()
}

pub use crate::words::with_unit;

/// The severity's word, which the style keys its colour on.
pub fn severity_word(s: crate::analyse::Severity) -> &'static str {
    match s {
        crate::analyse::Severity::Critical => "critical",
        crate::analyse::Severity::Warning => "warning",
        crate::analyse::Severity::Info => "info",
    }
}

/// Builds rows from the analysis; one per kind of entity, shared by every page.
pub struct Rows<'a> {
    pub project: &'a Project,
    pub graph: &'a Graph,
    pub analysis: &'a Analysis,
    pub links: &'a Links,
    titles: HashMap<(EntityKind, &'a str), &'a str>,
    signals_by_entity: HashMap<(EntityKind, &'a str), Vec<usize>>,
    /// What each person owns, bets then key results then initiatives, in file order: found once
    /// here rather than by scanning every entity for every person's page.
    owned: Vec<Vec<Owned>>,
    /// Write work tables straight to HTML (the theme's table macro is the default one).
    pub fast_tables: bool,
    /// Whether views carry the digests of their work tables' rows: only when a next build
    /// compares them (`serve`, `watch`). A one-off build keeps no fingerprint, and making the
    /// rows' digests would build every work item's row once more.
    pub fingerprints: bool,
    work_digests: std::sync::OnceLock<Arc<Vec<u64>>>,
    initiative_links: std::sync::OnceLock<Vec<u64>>,
    /// Each initiative's and person's row and each signal's view, made once per build: hundreds
    /// of pages show the same ones (a person's initiatives, a team's people, an initiative's
    /// signals).
    initiative_rows: Vec<std::sync::OnceLock<Shared<InitiativeRow>>>,
    person_rows: Vec<std::sync::OnceLock<Shared<PersonRow>>>,
    signal_views: Vec<std::sync::OnceLock<Shared<SignalView>>>,
    /// Each person's and initiative's link as work rows show it, made once per build: a large
    /// site shows them on three quarters of a million rows.
    people_links: Vec<std::sync::OnceLock<Shared<Link>>>,
    initiatives_links: Vec<std::sync::OnceLock<Shared<Link>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Bet(usize),
    Kr(usize),
    Initiative(usize),
}

impl<'a> Rows<'a> {
    pub fn new(project: &'a Project, graph: &'a Graph, analysis: &'a Analysis, links: &'a Links) -> Self {
        use EntityKind::*;
        let mut titles = HashMap::default();
        titles.extend(project.bets.iter().map(|b| ((Bet, b.id.as_str()), b.title.as_str())));
        titles.extend(project.krs.iter().map(|k| ((Kr, k.id.as_str()), k.title.as_str())));
        titles.extend(project.initiatives.iter().map(|i| ((Initiative, i.id.as_str()), i.title.as_str())));
        titles.extend(project.people.iter().map(|p| ((Person, p.id.as_str()), p.name.as_str())));
        titles.extend(project.commitments.iter().map(|c| ((Commitment, c.id.as_str()), c.title.as_str())));
        let mut signals_by_entity: HashMap<(EntityKind, &str), Vec<usize>> = HashMap::default();
        for (n, s) in analysis.signals.iter().enumerate() {
            signals_by_entity.entry((s.entity.kind, s.entity.id.as_str())).or_default().push(n);
        }
        let mut owned = vec![vec![]; project.people.len()];
        let owners = (project.bets.iter().enumerate().map(|(b, x)| (&x.owner, Owned::Bet(b))))
            .chain(project.krs.iter().enumerate().map(|(k, x)| (&x.owner, Owned::Kr(k))))
            .chain(project.initiatives.iter().enumerate().map(|(i, x)| (&x.owner, Owned::Initiative(i))));
        for (owner, entity) in owners {
            if let Some(p) = graph.person(owner.as_deref()) {
                owned[p].push(entity);
            }
        }
        Rows {
            project,
            graph,
            analysis,
            links,
            titles,
            signals_by_entity,
            owned,
            fast_tables: false,
            fingerprints: true,
            work_digests: std::sync::OnceLock::new(),
            initiative_links: std::sync::OnceLock::new(),
            initiative_rows: (0..project.initiatives.len()).map(|_| std::sync::OnceLock::new()).collect(),
            person_rows: (0..project.people.len()).map(|_| std::sync::OnceLock::new()).collect(),
            signal_views: (0..analysis.signals.len()).map(|_| std::sync::OnceLock::new()).collect(),
            people_links: (0..project.people.len()).map(|_| std::sync::OnceLock::new()).collect(),
            initiatives_links: (0..project.initiatives.len()).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// The bets, key results and initiatives a person owns.
    pub fn owned_by(&self, person: usize) -> &[Owned] {
        self.owned.get(person).map_or(&[], Vec::as_slice)
    }

    pub fn bet_link(&self, b: usize) -> Link {
        let bet = &self.project.bets[b];
        Link { id: bet.id.clone(), title: bet.title.clone(), url: self.links.bet(&bet.id) }
    }

    pub fn kr_link(&self, k: usize) -> Link {
        let kr = &self.project.krs[k];
        Link { id: kr.id.clone(), title: kr.title.clone(), url: self.links.kr(&kr.id) }
    }

    pub fn initiative_link(&self, i: usize) -> Link {
        let initiative = &self.project.initiatives[i];
        Link {
            id: initiative.id.clone(),
            title: initiative.title.clone(),
            url: self.links.initiative(&initiative.id),
        }
    }

    pub fn person_link(&self, p: usize) -> Link {
        let person = &self.project.people[p];
        Link { id: person.id.clone(), title: person.name.clone(), url: self.links.person(&person.id) }
    }

    pub fn team_link(&self, team: &str) -> Link {
        Link { id: team.into(), title: team.into(), url: self.links.team(team) }
    }

    /// An owner named in the strategy files: a person's page when people.csv knows them.
    pub fn owner(&self, owner: Option<&String>) -> Option<Link> {
        let owner = owner?;
        Some(match self.graph.person(Some(owner)) {
            Some(p) => self.person_link(p),
            None => {
                Link { id: owner.clone(), title: format!("{owner} (not in people.csv)"), url: String::new() }
            }
        })
    }

    /// A link to any entity a signal names, titled with the entity's own title where it has one.
    pub fn entity_link(&self, e: &EntityRef) -> Link {
        let title = match e.kind {
            // Work items by the links' index: a large export has hundreds of thousands.
            EntityKind::WorkItem => self.links.work_index(&e.id).map(|w| self.project.work[w].title.as_str()),
            kind => self.titles.get(&(kind, e.id.as_str())).copied(),
        };
        let title = title.map_or_else(|| e.id.clone(), str::to_string);
        Link { id: e.id.clone(), title, url: self.links.entity(e) }
    }

    /// The view of the analysis' `n`th signal, made once per build.
    pub fn signal_at(&self, n: usize) -> Shared<SignalView> {
        self.signal_views[n].get_or_init(|| self.shared(self.signal(&self.analysis.signals[n]))).clone()
    }

    pub fn signal(&self, s: &Signal) -> SignalView {
        SignalView {
            kind: s.kind.word(),
            label: words::signal(s.kind).label,
            severity: severity_word(s.severity),
            severity_label: words::severity(s.severity),
            message: s.message.clone(),
            on: match s.entity.kind {
                EntityKind::Person => self.entity_link(&s.entity).title,
                _ => s.entity.id.clone(),
            },
            entity: self.entity_link(&s.entity),
            related: s.related.iter().take(12).map(|e| self.entity_link(e)).collect(),
        }
    }

    pub fn signals_on(&self, kind: EntityKind, id: &str) -> Vec<Shared<SignalView>> {
        self.signals_by_entity
            .get(&(kind, id))
            .map(|list| list.iter().map(|&n| self.signal_at(n)).collect())
            .unwrap_or_default()
    }

    pub fn bet(&self, b: usize, with_initiatives: bool) -> BetRow {
        let r = &self.analysis.bets[b];
        BetRow {
            link: self.bet_link(b),
            status: StatusView::of(EntityKind::Bet, r.status),
            progress: pct(r.progress),
            bar: bar(r.progress),
            owner: self.owner(self.project.bets[b].owner.as_ref()),
            krs: self.graph.krs_of_bet[b].iter().map(|&k| self.kr(k, with_initiatives)).collect(),
        }
    }

    pub fn kr(&self, k: usize, with_initiatives: bool) -> KrRow {
        let kr = &self.project.krs[k];
        let r = &self.analysis.krs[k];
        let maintain = match kr.kind {
            KrKind::Maintain { threshold, direction } => {
                Some(format!("{} {}", words::direction(direction), with_unit(threshold, &kr.unit)))
            }
            KrKind::Progress { .. } => None,
        };
        let progress = match (&maintain, r.progress) {
            (Some(_), Some(p)) => words::holding(p >= 1.0).to_string(),
            _ => pct(r.progress),
        };
        KrRow {
            link: self.kr_link(k),
            status: r.status.into(),
            progress,
            expected: pct(r.expected),
            gap: points(r.gap),
            forecast: pct(r.forecast_progress),
            latest: r.latest_value.map_or("—".into(), |v| with_unit(v, &kr.unit)),
            latest_date: date(r.latest_checkin),
            stale: r.stale,
            confidence: r.confidence.map_or("—".into(), |c| format!("{c:.1}")),
            bar: bar(r.progress),
            expected_bar: bar(r.expected),
            maintain,
            owner: self.owner(kr.owner.as_ref()),
            initiatives: if with_initiatives {
                self.graph.initiatives_of_kr[k].iter().map(|&i| self.initiative(i)).collect()
            } else {
                vec![]
            },
        }
    }

    pub fn initiative(&self, i: usize) -> Shared<InitiativeRow> {
        self.initiative_rows[i].get_or_init(|| self.shared(self.make_initiative(i))).clone()
    }

    /// A row many pages show, fingerprinted once if this build keeps fingerprints.
    fn shared<T: Serialize>(&self, row: T) -> Shared<T> {
        Shared::new(row, self.fingerprints)
    }

    fn make_initiative(&self, i: usize) -> InitiativeRow {
        let initiative = &self.project.initiatives[i];
        let r = &self.analysis.initiatives[i];
        InitiativeRow {
            link: self.initiative_link(i),
            status: r.status.into(),
            progress: pct(r.progress),
            bar: bar(r.progress),
            scope: number(r.scope),
            done: number(r.done),
            p50: date(r.forecast.as_ref().map(|f| f.p50)),
            p85: date(r.forecast.as_ref().map(|f| f.p85)),
            forecast: match &r.forecast {
                Some(f) => words::forecast(Some(f.p50), Some(f.p85)),
                None => "—".into(),
            },
            on_time: self.on_time(i),
            due: date(initiative.due),
            slip: r.slip_days.map_or("—".into(), words::slip),
            owner: self.owner(initiative.owner.as_ref()),
            team: initiative.team.as_deref().map(|t| self.team_link(t)),
        }
    }

    /// P(on time) as the trials say it: a share, or in words at the ends ("no trial of 10,000
    /// finishes by 15 Dec 2026"), or that the due date has passed.
    pub fn on_time(&self, i: usize) -> String {
        let r = &self.analysis.initiatives[i];
        match (&r.forecast, self.project.initiatives[i].due) {
            (Some(_), Some(due)) if due < self.analysis.as_of => "none: the due date has passed".into(),
            (Some(f), Some(due)) => words::chance(f.finished_by(due), TRIALS, due),
            _ => "—".into(),
        }
    }

    /// A work item's row. It reads only what `work_key` covers, and its initiative's link: a
    /// rebuild keeps the rows' digests (made without that link) while the key is the same.
    pub fn work(&self, w: usize) -> WorkRow<'a> {
        let item = &self.project.work[w];
        let status = self.analysis.work.status[w].unwrap_or(item.status);
        let open = status != WorkStatus::Done && status != WorkStatus::Cancelled;
        // The same anchor and URL as `Links::work`, from the graph's index rather than by id: this
        // runs once per row of every work table, hundreds of thousands of times on a large site.
        let anchor = WorkAnchor { slug: self.links.work_slug_at(w) };
        let initiative = self.graph.initiative_of_work[w].map(|i| self.links.initiative_slug_at(i));
        WorkRow {
            id: &item.id,
            title: &item.title,
            anchor,
            url: WorkUrl { initiative, anchor },
            source_url: self.links.source_url(&item.id),
            status: status.word(),
            status_label: words::work_status(status),
            assignee: self.graph.assignee_of_work[w]
                .map(|p| self.people_links[p].get_or_init(|| self.shared(self.person_link(p))).clone()),
            weight: number(self.analysis.work.weight[w]),
            imputed: self.analysis.work.imputed[w],
            due: date(item.due),
            overdue: open && item.due.is_some_and(|d| d < self.analysis.as_of),
            initiative: self.graph.initiative_of_work[w].map(|i| {
                self.initiatives_links[i].get_or_init(|| self.shared(self.initiative_link(i))).clone()
            }),
        }
    }

    /// The analysis' signals `items` as a table.
    pub fn signal_table(&self, items: Vec<usize>) -> SignalTable {
        SignalTable { table: self.list_of(items, |n| self.signal_at(n)) }
    }

    /// The initiatives `items` as a table.
    pub fn initiative_table(&self, items: Vec<usize>) -> InitiativeTable {
        InitiativeTable { table: self.list_of(items, |i| self.initiative(i)) }
    }

    /// The people `items` as a table.
    pub fn people_table(&self, items: Vec<usize>) -> PeopleTable {
        PeopleTable { table: self.list_of(items, |p| self.person(p)) }
    }

    /// The rows `items`, with the digest of their rows `row(n)` when this build keeps fingerprints.
    fn list_of<T: Serialize>(&self, items: Vec<usize>, row: impl Fn(usize) -> Shared<T>) -> ListOf {
        let digest = if self.fingerprints {
            let mut digest = super::digest::Digest::new();
            for &n in &items {
                digest.add(&row(n));
            }
            digest.finish()
        } else {
            0
        };
        ListOf { items, digest }
    }

    /// The work items `items` as a table.
    pub fn work_table(&self, items: &[usize], show_initiative: bool) -> WorkTable {
        if !self.fingerprints {
            return WorkTable { table: TableOf { items: items.to_vec(), digest: 0, show_initiative } };
        }
        let digests = self.work_digests();
        let initiatives = self.initiative_link_digests();
        let mut digest = super::digest::Digest::new();
        for &w in items {
            digest.add_u64(digests[w]);
            digest.add_u64(self.graph.initiative_of_work[w].map_or(0, |i| initiatives[i]));
        }
        WorkTable { table: TableOf { items: items.to_vec(), digest: digest.finish(), show_initiative } }
    }

    /// A fingerprint of everything `work` reads, but for the links (whose own key the caller
    /// adds) and its initiative's title: the work as read, linked and analysed.
    pub fn work_key(&self) -> u64 {
        self.analysis.work_print(self.graph)
    }

    /// A digest of each work item's row: made once per build, or taken from the last one.
    pub fn work_digests(&self) -> &Arc<Vec<u64>> {
        self.work_digests.get_or_init(|| {
            use rayon::prelude::*;
            let without_initiative = |w: usize| WorkRow { initiative: None, ..self.work(w) };
            Arc::new(
                (0..self.project.work.len())
                    .into_par_iter()
                    .map(|w| super::digest::of(&without_initiative(w)))
                    .collect(),
            )
        })
    }

    /// A digest of each initiative's link, as work rows show it: the part of a row that an
    /// initiative's title changes.
    fn initiative_link_digests(&self) -> &[u64] {
        self.initiative_links.get_or_init(|| {
            (0..self.project.initiatives.len()).map(|i| super::digest::of(&self.initiative_link(i))).collect()
        })
    }

    /// Takes the rows' digests of an earlier build, made with the same `work_key` and links.
    pub fn keep_work_digests(&self, digests: Arc<Vec<u64>>) {
        let _ = self.work_digests.set(digests);
    }

    /// The rows' digests, if this build made or kept them.
    pub fn work_digests_made(&self) -> Option<&Arc<Vec<u64>>> {
        self.work_digests.get()
    }

    pub fn commitment(&self, c: usize) -> CommitmentRow {
        let commitment = &self.project.commitments[c];
        let r = &self.analysis.commitments[c];
        CommitmentRow {
            id: commitment.id.clone(),
            anchor: format!("c-{}", self.links.commitments.get(&commitment.id)),
            url: self.links.commitment(&commitment.id),
            title: commitment.title.clone(),
            date: words::date(commitment.date),
            made_by: self.owner(commitment.made_by.as_ref()),
            audience: commitment.audience.clone().unwrap_or_default(),
            initiative: self.graph.initiative_of_commitment[c].map(|i| self.initiative(i)),
            status: r.status.into(),
            probability: self.chance_by(c),
        }
    }

    /// P(the commitment's initiative finishes by its date), in the trials' words where a forecast
    /// tells it.
    fn chance_by(&self, c: usize) -> String {
        let commitment = &self.project.commitments[c];
        let r = &self.analysis.commitments[c];
        let forecast = self.graph.initiative_of_commitment[c]
            .and_then(|i| self.analysis.initiatives[i].forecast.as_ref());
        match (r.status, forecast) {
            (Status::Kept | Status::Broken, _) | (_, None) => pct(r.probability),
            (_, Some(f)) => words::chance(f.finished_by(commitment.date), TRIALS, commitment.date),
        }
    }

    pub fn person(&self, p: usize) -> Shared<PersonRow> {
        self.person_rows[p].get_or_init(|| self.shared(self.make_person(p))).clone()
    }

    fn make_person(&self, p: usize) -> PersonRow {
        let person = &self.project.people[p];
        let load = &self.analysis.capacity.people[p];
        PersonRow {
            link: self.person_link(p),
            team: person.team.as_deref().map(|t| self.team_link(t)),
            capacity: person.capacity.map_or("—".into(), number),
            open: number(load.open),
            utilisation: pct(load.utilisation),
            bar: bar(load.utilisation.map(|u| u / 1.5)),
            overloaded: load.overloaded,
            listed: person.listed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_work_tables_digest_changes_with_the_title_of_an_initiative_its_rows_link_to() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/acme");
        let (mut project, graph) =
            crate::build::load(&dir, &mut crate::diag::Diagnostics::default()).unwrap();
        let analysis = crate::analyse::analyse(&project, &graph, project.config.as_of.unwrap());
        let digest = |project: &Project| {
            let links = Links::new(project, &graph);
            let rows = Rows::new(project, &graph, &analysis, &links);
            let items: Vec<usize> = (0..project.work.len()).collect();
            (rows.work_key(), rows.work_table(&items, true).table.digest)
        };
        let (key, before) = digest(&project);
        project.initiatives[0].title.push_str(" (renamed)");
        let (key_after, after) = digest(&project);
        assert_eq!(key, key_after, "the rows' own digests are kept");
        assert_ne!(before, after, "but the table shows the new title");
    }
}
