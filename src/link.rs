//! Linking: every reference between entities resolved to an index, and the whole validated —
//! duplicate ids, references to missing ids (with a "did you mean"), the parent/epic chain from
//! work items up to initiatives, and cycles in `depends_on`.

// Ids and names are hashed hundreds of thousands of times on a large project: a fast hash, as they
// are the project's own and no order of iteration reaches the output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use std::sync::Arc;

use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::load::{Project, Unloaded};
use crate::model::EntityKind;
use crate::model::Person;

/// The links of a project, by index into the project's vectors.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub bet_of_kr: Vec<Option<usize>>,
    pub krs_of_bet: Vec<Vec<usize>>,
    pub krs_of_initiative: Vec<Vec<usize>>,
    pub initiatives_of_kr: Vec<Vec<usize>>,
    pub checkins_of_kr: Vec<Vec<usize>>,
    /// Structure, not work: by type, or because an initiative lists it in `epics`.
    pub is_container: Vec<bool>,
    /// The initiative each work row (item or container) reaches, if any.
    pub initiative_of_work: Vec<Option<usize>>,
    /// Work items (not containers) of each initiative.
    pub items_of_initiative: Vec<Vec<usize>>,
    /// The work row each work row's parent column names, when it is in a work source.
    pub parent_of_work: Vec<Option<usize>>,
    pub assignee_of_work: Vec<Option<usize>>,
    pub predecessors: Vec<Vec<usize>>,
    pub successors: Vec<Vec<usize>>,
    /// Initiatives with every predecessor before its successors.
    pub initiative_order: Vec<usize>,
    pub initiative_of_commitment: Vec<Option<usize>>,
    pub commitments_of_initiative: Vec<Vec<usize>>,
    pub person_index: HashMap<String, usize>,
    /// A print of what linking the work read: equal prints, equal links of the work (what
    /// `WorkLinks` holds).
    pub work_print: u64,
}

impl Graph {
    pub fn person(&self, name: Option<&str>) -> Option<usize> {
        self.person_index.get(&name?.to_lowercase()).copied()
    }
}

/// Links the project. Assignees that people.csv does not list are added to `project.people`
/// (marked unlisted), so that every piece of work has a person to point at.
pub fn link(project: &mut Project, diags: &mut Diagnostics) -> Graph {
    link_cached(project, diags, &mut LinkCache::default())
}

/// What a session's last link found of the work, by the print of what that part read.
#[derive(Debug, Default, Clone)]
pub struct LinkCache(Option<(u64, Arc<WorkLinks>)>);

/// The part of linking that reads the work (half a million rows on a large project): it depends
/// only on the work exports, people.csv and initiatives.csv, so a save that changed none of them
/// (a check-in, a target, a note) keeps it.
#[derive(Debug)]
pub struct WorkLinks {
    /// Assignees that people.csv does not list.
    unlisted: Vec<Person>,
    person_index: HashMap<String, usize>,
    assignee_of_work: Vec<Option<usize>>,
    is_container: Vec<bool>,
    initiative_of_work: Vec<Option<usize>>,
    items_of_initiative: Vec<Vec<usize>>,
    parent_of_work: Vec<Option<usize>>,
    /// What checking the work's ids found.
    duplicates: Diagnostics,
    /// What resolving the work's initiatives found.
    linked: Diagnostics,
}

impl WorkLinks {
    fn new(project: &Project) -> WorkLinks {
        // Three passes over every work item that read nothing of each other's: side by side.
        let duplicates = || {
            let mut duplicates = Diagnostics::default();
            check_work_duplicates(project, &mut duplicates);
            duplicates
        };
        let people = || {
            let mut g = Graph::default();
            let unlisted = link_people(project, &mut g);
            (unlisted, g)
        };
        let work = || {
            let initiative_ids = Ids::new(
                EntityKind::Initiative,
                project.initiatives.iter().map(|i| i.id.as_str()),
                &project.unloaded,
            );
            let (mut g, mut linked) = (Graph::default(), Diagnostics::default());
            link_work(project, &mut g, &initiative_ids, &mut linked);
            (g, linked)
        };
        let ((duplicates, (unlisted, people)), (work, linked)) =
            rayon::join(|| rayon::join(duplicates, people), work);
        WorkLinks {
            unlisted,
            person_index: people.person_index,
            assignee_of_work: people.assignee_of_work,
            is_container: work.is_container,
            initiative_of_work: work.initiative_of_work,
            items_of_initiative: work.items_of_initiative,
            parent_of_work: work.parent_of_work,
            duplicates,
            linked,
        }
    }
}

/// A print of everything linking the work reads: the work exports and people.csv as read, and of
/// the initiatives their ids, epics and rows (a title or a date is not among them, so editing one
/// keeps the work's links).
fn work_print(project: &Project) -> u64 {
    let mut parts: Vec<Vec<u8>> = vec![
        project.prints.work.to_le_bytes().to_vec(),
        project.prints.people.to_le_bytes().to_vec(),
        project.unloaded.print(EntityKind::Initiative).to_le_bytes().to_vec(),
        // A parent in an export that could not be read is not reported missing.
        project.unloaded.print(EntityKind::WorkItem).to_le_bytes().to_vec(),
    ];
    for initiative in &project.initiatives {
        parts.push(initiative.id.as_bytes().to_vec());
        parts.push(initiative.location.to_string().into_bytes());
        parts.push(initiative.epics.join("\u{1f}").into_bytes());
    }
    crate::load::print_of(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

/// `link`, keeping in `cache` what it found of the work for the next link of a session.
pub fn link_cached(project: &mut Project, diags: &mut Diagnostics, cache: &mut LinkCache) -> Graph {
    let key = work_print(project);
    let work = match &cache.0 {
        Some((kept, work)) if *kept == key => work.clone(),
        _ => Arc::new(WorkLinks::new(project)),
    };
    cache.0 = Some((key, work.clone()));
    check_duplicates(project, &work.duplicates, diags);
    project.people.extend(work.unlisted.iter().cloned());
    if project.people_listed {
        check_people_named(project, diags);
    }
    let mut g = Graph {
        person_index: work.person_index.clone(),
        assignee_of_work: work.assignee_of_work.clone(),
        is_container: work.is_container.clone(),
        initiative_of_work: work.initiative_of_work.clone(),
        items_of_initiative: work.items_of_initiative.clone(),
        parent_of_work: work.parent_of_work.clone(),
        work_print: key,
        ..Graph::default()
    };
    let project: &Project = project;

    let unloaded = &project.unloaded;
    let bet_ids = Ids::new(EntityKind::Bet, project.bets.iter().map(|b| b.id.as_str()), unloaded);
    let kr_ids = Ids::new(EntityKind::Kr, project.krs.iter().map(|k| k.id.as_str()), unloaded);
    let initiative_ids =
        Ids::new(EntityKind::Initiative, project.initiatives.iter().map(|i| i.id.as_str()), unloaded);

    g.krs_of_bet = vec![vec![]; project.bets.len()];
    for (k, kr) in project.krs.iter().enumerate() {
        let bet = resolve(&bet_ids, &kr.bet, &kr.location, diags);
        if let Some(b) = bet {
            g.krs_of_bet[b].push(k);
        }
        g.bet_of_kr.push(bet);
    }

    g.checkins_of_kr = vec![vec![]; project.krs.len()];
    for (c, checkin) in project.checkins.iter().enumerate() {
        if let Some(k) = resolve(&kr_ids, &checkin.kr, &checkin.location, diags) {
            g.checkins_of_kr[k].push(c);
        }
    }

    g.initiatives_of_kr = vec![vec![]; project.krs.len()];
    for (i, initiative) in project.initiatives.iter().enumerate() {
        let mut krs = Vec::new();
        for kr in &initiative.krs {
            if let Some(k) = resolve(&kr_ids, kr, &initiative.location, diags)
                && !krs.contains(&k)
            {
                krs.push(k);
                g.initiatives_of_kr[k].push(i);
            }
        }
        g.krs_of_initiative.push(krs);
    }

    diags.extend(work.linked.clone());
    link_dependencies(project, &mut g, &initiative_ids, diags);

    g.commitments_of_initiative = vec![vec![]; project.initiatives.len()];
    for (c, commitment) in project.commitments.iter().enumerate() {
        let i = resolve(&initiative_ids, &commitment.initiative, &commitment.location, diags);
        if let Some(i) = i {
            g.commitments_of_initiative[i].push(c);
        }
        g.initiative_of_commitment.push(i);
    }
    g
}

fn index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    // Sized once: half a million work ids would otherwise be hashed again at each growth.
    let mut map = HashMap::with_capacity_and_hasher(ids.size_hint().0, Default::default());
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

/// The ids of one kind of entity, that references resolve against.
struct Ids<'a> {
    kind: EntityKind,
    index: HashMap<&'a str, usize>,
    unloaded: &'a Unloaded,
}

impl<'a> Ids<'a> {
    fn new(kind: EntityKind, ids: impl Iterator<Item = &'a str>, unloaded: &'a Unloaded) -> Self {
        Ids { kind, index: index(ids), unloaded }
    }

    fn what(&self) -> &'static str {
        match self.kind {
            EntityKind::Bet => "bet",
            EntityKind::Kr => "key result",
            _ => "initiative",
        }
    }
}

/// A reference to an id that must exist: an error with a "did you mean" when it does not, unless
/// the entity is defined but could not be loaded (its own error says why).
fn resolve(ids: &Ids, wanted: &str, location: &Location, diags: &mut Diagnostics) -> Option<usize> {
    let found = ids.index.get(wanted).copied();
    if found.is_none() && !ids.unloaded.covers(ids.kind, wanted) {
        diags.push(
            Diagnostic::error(location.clone(), format!("there is no {} with the id `{wanted}`", ids.what()))
                .with_hint_opt(did_you_mean(wanted, ids.index.keys().copied())),
        );
    }
    found
}

/// Ids used twice; `work` holds what `check_work_duplicates` found.
fn check_duplicates(project: &Project, work: &Diagnostics, diags: &mut Diagnostics) {
    fn each<'a>(what: &str, entries: impl Iterator<Item = (&'a str, &'a Location)>, diags: &mut Diagnostics) {
        let mut seen: HashMap<&str, &Location> = HashMap::default();
        for (id, location) in entries {
            if let Some(first) = seen.get(id) {
                diags.push(
                    Diagnostic::error(location.clone(), format!("the {what} id `{id}` is used twice"))
                        .with_hint(format!("first defined at {first}")),
                );
            } else {
                seen.insert(id, location);
            }
        }
    }
    each("bet", project.bets.iter().map(|b| (b.id.as_str(), &b.location)), diags);
    each("key result", project.krs.iter().map(|k| (k.id.as_str(), &k.location)), diags);
    each("initiative", project.initiatives.iter().map(|i| (i.id.as_str(), &i.location)), diags);
    diags.extend(work.clone());
    each("person", project.people.iter().map(|p| (p.id.as_str(), &p.location)), diags);
    each("commitment", project.commitments.iter().map(|c| (c.id.as_str(), &c.location)), diags);
}

/// Within one file a repeated id is an error at each repetition. Across two work sources
/// (docs/presets.md#ids) it is one error per pair of files, naming both and the ids they share:
/// two teams' trackers numbering from 1 would otherwise bury the hint under hundreds of lines.
fn check_work_duplicates(project: &Project, diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &crate::model::WorkItem> =
        HashMap::with_capacity_and_hasher(project.work.len(), Default::default());
    let mut shared: std::collections::BTreeMap<(usize, usize), Vec<(&str, &Location)>> = Default::default();
    for item in project.work.iter() {
        match seen.get(item.id.as_str()) {
            Some(first) if first.source == item.source => diags.push(
                Diagnostic::error(
                    item.location.clone(),
                    format!("the work item id `{}` is used twice", item.id),
                )
                .with_hint(format!("first defined at {}", first.location)),
            ),
            Some(first) => {
                shared.entry((first.source, item.source)).or_default().push((&item.id, &first.location))
            }
            None => {
                seen.insert(&item.id, item);
            }
        }
    }
    let path = |s: usize| project.sources.get(s).map_or("?", |r| r.path.as_str());
    for ((a, b), ids) in shared {
        let names: Vec<String> = ids.iter().take(5).map(|(id, _)| format!("`{id}`")).collect();
        let more = if ids.len() > 5 { format!(" and {} more", ids.len() - 5) } else { String::new() };
        let here =
            project.work.iter().find(|w| w.source == b && w.id == ids[0].0).map(|w| w.location.clone());
        diags.push(
            Diagnostic::error(
                here.unwrap_or_else(|| Location::file(path(b))),
                format!(
                    "{} and {} both have the work item ids {}{more}",
                    path(a),
                    path(b),
                    names.join(", ")
                ),
            )
            .with_hint(format!(
                "set id_prefix on one of them in throughline.toml, e.g. {{ path = \"{}\", id_prefix = \"...-\" }} (first seen at {})",
                path(b),
                ids[0].1
            )),
        );
    }
}

/// People are found by id, name or e-mail, without regard to case: trackers export display names.
/// Returns the assignees people.csv does not list, as people to add after its own.
fn link_people(project: &Project, g: &mut Graph) -> Vec<Person> {
    for (p, person) in project.people.iter().enumerate() {
        for key in [Some(&person.id), Some(&person.name), person.email.as_ref()].into_iter().flatten() {
            g.person_index.entry(key.to_lowercase()).or_insert(p);
        }
    }
    let mut unlisted = Vec::new();
    for item in project.work.iter() {
        let Some(name) = &item.assignee else {
            g.assignee_of_work.push(None);
            continue;
        };
        let email = &item.assignee_email;
        let p = match g.person(Some(name)).or_else(|| g.person(email.as_deref())) {
            Some(p) => p,
            None => {
                let p = project.people.len() + unlisted.len();
                unlisted.push(Person {
                    id: name.clone(),
                    name: name.clone(),
                    team: None,
                    capacity: None,
                    email: email.clone(),
                    listed: false,
                    location: item.location.clone(),
                });
                g.person_index.insert(name.to_lowercase(), p);
                if let Some(email) = email {
                    g.person_index.entry(email.to_lowercase()).or_insert(p);
                }
                p
            }
        };
        g.assignee_of_work.push(Some(p));
    }
    unlisted
}

/// Owners, triggers' owners and the makers of commitments name a person of people.csv: one it
/// does not list is a warning (a person's absence never stops the build, but it should not go
/// unseen either: the site would name a stranger as the owner of a decision).
fn check_people_named(project: &Project, diags: &mut Diagnostics) {
    let listed = || project.people.iter().filter(|p| p.listed).map(|p| p.id.as_str());
    let known: HashSet<String> = listed().map(str::to_ascii_lowercase).collect();
    let stranger = |name: &str| !known.contains(&name.to_ascii_lowercase());
    let warning = |location: Location, message: String, name: &str| {
        Diagnostic::warning(location, message).with_hint_opt(did_you_mean(name, listed()))
    };
    let owners = project
        .bets
        .iter()
        .map(|b| (&b.owner, &b.location, "bet", &b.id))
        .chain(project.krs.iter().map(|k| (&k.owner, &k.location, "key result", &k.id)))
        .chain(project.initiatives.iter().map(|i| (&i.owner, &i.location, "initiative", &i.id)));
    for (owner, location, what, id) in owners {
        if let Some(owner) = owner.as_deref().filter(|o| stranger(o)) {
            let message = format!("the owner `{owner}` of {what} `{id}` is not in people.csv");
            diags.push(warning(location.clone(), message, owner));
        }
    }
    for (t, trigger) in project.config.triggers.iter().enumerate() {
        if let Some(owner) = trigger.owner.as_deref().filter(|o| stranger(o)) {
            let message = format!(
                "the owner `{owner}` of the trigger on `{}` is not in people.csv",
                trigger.signal.word()
            );
            let path = ["trigger".into(), t.into(), "owner".into()];
            diags.push(project.config.at_key(warning(Location::file(CONFIG_FILE), message, owner), &path));
        }
    }
    for commitment in &project.commitments {
        if let Some(maker) = commitment.made_by.as_deref().filter(|m| stranger(m)) {
            let message =
                format!("`{maker}`, who made the commitment `{}`, is not in people.csv", commitment.id);
            diags.push(warning(commitment.location.clone(), message, maker));
        }
    }
}

/// Resolves each work row's initiative: its own `initiative` cell, an initiative listing it in
/// `epics` by key, or the first of these found up its parent chain; failing that, an initiative
/// listing one of its projects (Linear, Asana, GitHub, Jira's project name, Azure DevOps' area
/// path), or one of its parents' projects (an Asana subtask is in its parent task's project).
fn link_work(project: &Project, g: &mut Graph, initiative_ids: &Ids, diags: &mut Diagnostics) {
    let (work_ids, epics) =
        rayon::join(|| index(project.work.iter().map(|w| w.id.as_str())), || Epics::new(project));
    let (epics, found) = epics;
    diags.extend(found);
    let listed = |name: &str| epics.owner.get(&same_name(name)).copied();
    g.is_container = project
        .work
        .iter()
        .enumerate()
        .map(|(w, item)| item.container || epics.listing(w).is_some())
        .collect();

    // Each row's own link, before looking at parents.
    let own: Vec<Option<usize>> = project
        .work
        .iter()
        .enumerate()
        .map(|(w, item)| match &item.initiative {
            Some(name) => resolve(initiative_ids, name, &item.location, diags),
            None => epics.listing(w),
        })
        .collect();
    let by_project = link_projects(project, &epics, diags);
    let parent = parents(project, &work_ids, &listed, diags);
    let resolved = up_the_chain(project, &parent, &own, &by_project, &listed, diags);
    g.initiative_of_work =
        resolved.into_iter().map(|r| r.and_then(|(own, project)| own.or(project))).collect();
    g.parent_of_work = parent;
    g.items_of_initiative = vec![vec![]; project.initiatives.len()];
    for (w, initiative) in g.initiative_of_work.iter().enumerate() {
        if let Some(i) = initiative
            && !g.is_container[w]
        {
            g.items_of_initiative[*i].push(w);
        }
    }
}

/// The initiatives' `epics` entries, matched against the work's keys and projects as people type
/// them (`same_name`).
struct Epics {
    /// The initiative each entry names (a key or a project), the first listing it winning.
    owner: HashMap<String, usize>,
    /// Each work row's id as people type it; empty when no initiative lists an epic.
    folded_ids: Vec<String>,
}

impl Epics {
    /// An entry that matches nothing, or that two initiatives list, is a warning (returned
    /// beside).
    fn new(project: &Project) -> (Epics, Diagnostics) {
        use rayon::prelude::*;
        let mut diags = Diagnostics::default();
        if project.initiatives.iter().all(|i| i.epics.is_empty()) {
            return (Epics { owner: HashMap::default(), folded_ids: vec![] }, diags);
        }
        let folded_ids: Vec<String> = project.work.par_iter().map(|w| same_name(&w.id)).collect();
        let keys: HashSet<&str> = folded_ids.iter().map(String::as_str).collect();
        let projects: HashSet<String> = distinct_projects(project).into_iter().map(same_name).collect();
        let mut owner: HashMap<String, usize> = HashMap::default();
        for (i, initiative) in project.initiatives.iter().enumerate() {
            for epic in &initiative.epics {
                let name = same_name(epic);
                if !keys.contains(name.as_str()) && !projects.contains(&name) {
                    diags.push(
                        Diagnostic::warning(
                            initiative.location.clone(),
                            format!(
                                "initiative `{}` lists the epic `{epic}`, which matches no work item or project",
                                initiative.id
                            ),
                        )
                        .with_hint_opt(did_you_mean(epic, project.work.iter().map(|w| w.id.as_str()))),
                    );
                }
                if let Some(&other) = owner.get(&name) {
                    if other != i {
                        diags.warning(
                            initiative.location.clone(),
                            format!(
                                "the epic `{epic}` is listed by both `{}` and `{}`; the first wins",
                                project.initiatives[other].id, initiative.id
                            ),
                        );
                    }
                } else {
                    owner.insert(name, i);
                }
            }
        }
        (Epics { owner, folded_ids }, diags)
    }

    /// The initiative listing work row `w`'s own key as an epic.
    fn listing(&self, w: usize) -> Option<usize> {
        self.owner.get(self.folded_ids.get(w)?).copied()
    }
}

/// Every project the work rows name, once each as written: 500,000 rows name a few hundred.
fn distinct_projects(project: &Project) -> HashSet<&str> {
    project.work.iter().flat_map(|w| w.projects.iter()).map(String::as_str).collect()
}

/// The work row each row's parent column names. A native file is the whole truth, so a dangling
/// parent is an error at each row; a tracker's export is often filtered, so there it only makes
/// the items orphans, with one warning per missing parent.
fn parents(
    project: &Project,
    work_ids: &HashMap<&str, usize>,
    listed: &dyn Fn(&str) -> Option<usize>,
    diags: &mut Diagnostics,
) -> Vec<Option<usize>> {
    let mut missing: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let parent: Vec<Option<usize>> = project
        .work
        .iter()
        .enumerate()
        .map(|(w, item)| {
            let name = item.parent.as_deref()?;
            let found = work_ids.get(name).copied();
            if found.is_none()
                && listed(name).is_none()
                && !project.unloaded.covers(EntityKind::WorkItem, name)
            {
                let native = project.sources.get(item.source).is_none_or(|s| s.preset == "native");
                if native {
                    diags.push(
                        Diagnostic::error(
                            item.location.clone(),
                            format!("the parent `{name}` of `{}` is not in any work source", item.id),
                        )
                        .with_hint_opt(did_you_mean(name, work_ids.keys().copied())),
                    );
                } else {
                    missing.entry(name).or_default().push(w);
                }
            }
            found
        })
        .collect();
    for (name, children) in missing {
        let first = &project.work[children[0]];
        let mut ids: Vec<&str> = children.iter().take(5).map(|&w| project.work[w].id.as_str()).collect();
        if children.len() > 5 {
            ids.push("…");
        }
        diags.push(
            Diagnostic::warning(
                first.location.clone(),
                format!(
                    "the parent `{name}` of {} item(s) ({}) is not in any work source; they reach no initiative through it",
                    children.len(),
                    ids.join(", ")
                ),
            )
            .with_hint("export the parent too (an export filtered by sprint or status often leaves epics out), or list the key in an initiative's epics"),
        );
    }
    parent
}

/// Each row's link found up its parent chain, memoised: the first own link met (which wins) and
/// the first project met (the fallback), apart; a cycle in the chain links nothing.
fn up_the_chain(
    project: &Project,
    parent: &[Option<usize>],
    own: &[Option<usize>],
    by_project: &[Option<usize>],
    listed: &dyn Fn(&str) -> Option<usize>,
    diags: &mut Diagnostics,
) -> Vec<Option<(Option<usize>, Option<usize>)>> {
    let mut resolved: Vec<Option<(Option<usize>, Option<usize>)>> = vec![None; project.work.len()];
    // Every row walked is resolved when its walk ends, so meeting a walked row that is not
    // resolved yet means this walk looped.
    let mut walked = vec![false; project.work.len()];
    let mut path = Vec::new();
    for start in 0..project.work.len() {
        path.clear();
        let mut at = Some(start);
        let mut tail = (None, None);
        while let Some(w) = at {
            if let Some(known) = resolved[w] {
                tail = known;
                break;
            }
            if std::mem::replace(&mut walked[w], true) {
                diags.warning(
                    project.work[w].location.clone(),
                    format!("the parent chain of `{}` loops back on itself", project.work[w].id),
                );
                break;
            }
            path.push(w);
            at = parent[w];
            if at.is_none()
                && let Some(name) = project.work[w].parent.as_deref()
            {
                tail = (listed(name), None);
            }
        }
        for &w in path.iter().rev() {
            tail = (own[w].or(tail.0), by_project[w].or(tail.1));
            resolved[w] = Some(tail);
        }
    }
    resolved
}

/// Each work row's initiative by its projects: the first in initiatives.csv of those listing one
/// of them. A row whose projects two initiatives list is a warning naming both, once per pair.
fn link_projects(project: &Project, epics: &Epics, diags: &mut Diagnostics) -> Vec<Option<usize>> {
    if epics.owner.is_empty() {
        return vec![None; project.work.len()];
    }
    let owner_of: HashMap<&str, usize> = distinct_projects(project)
        .into_iter()
        .filter_map(|p| Some((p, *epics.owner.get(&same_name(p))?)))
        .collect();
    let mut shared: std::collections::BTreeMap<(usize, usize), Vec<usize>> = Default::default();
    let by_project = project
        .work
        .iter()
        .enumerate()
        .map(|(w, item)| {
            let mut owners: Vec<usize> =
                item.projects.iter().filter_map(|p| owner_of.get(p.as_str()).copied()).collect();
            owners.sort_unstable();
            owners.dedup();
            if let [first, second, ..] = owners[..] {
                shared.entry((first, second)).or_default().push(w);
            }
            owners.first().copied()
        })
        .collect();
    for ((first, second), items) in shared {
        let item = &project.work[items[0]];
        diags.push(
            Diagnostic::warning(
                item.location.clone(),
                format!(
                    "{} item(s) (`{}`{}) are in projects listed by both `{}` and `{}`; they belong to `{}`, the first in initiatives.csv",
                    items.len(),
                    item.id,
                    if items.len() > 1 { ", …" } else { "" },
                    project.initiatives[first].id,
                    project.initiatives[second].id,
                    project.initiatives[first].id
                ),
            )
            .with_hint("list each project in one initiative's epics, or give the items an initiative of their own"),
        );
    }
    by_project
}

/// A key or name as people type it: blanks (no-break spaces among them) trimmed and folded into
/// one space, and case folded.
fn same_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    if name.is_ascii() {
        // The common case, a byte at a time: the same blanks as `char::is_whitespace` and the
        // same lower case as `char::to_lowercase` within ASCII.
        let words = name.as_bytes().split(|b| matches!(b, b' ' | b'\t'..=b'\r')).filter(|w| !w.is_empty());
        for word in words {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.extend(word.iter().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return folded;
    }
    for word in
        name.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}').filter(|w| !w.is_empty())
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.extend(word.chars().flat_map(char::to_lowercase));
    }
    folded
}

fn link_dependencies(project: &Project, g: &mut Graph, ids: &Ids, diags: &mut Diagnostics) {
    let n = project.initiatives.len();
    g.predecessors = vec![vec![]; n];
    g.successors = vec![vec![]; n];
    let mut graph = DiGraph::<usize, ()>::with_capacity(n, n);
    let nodes: Vec<_> = (0..n).map(|i| graph.add_node(i)).collect();
    for (i, initiative) in project.initiatives.iter().enumerate() {
        for name in &initiative.depends_on {
            if let Some(p) = resolve(ids, name, &initiative.location, diags)
                && !g.predecessors[i].contains(&p)
            {
                g.predecessors[i].push(p);
                g.successors[p].push(i);
                graph.add_edge(nodes[p], nodes[i], ());
            }
        }
    }
    match toposort(&graph, None) {
        Ok(order) => g.initiative_order = order.into_iter().map(|n| graph[n]).collect(),
        Err(_) => {
            for scc in tarjan_scc(&graph) {
                let looped = scc.len() > 1 || graph.contains_edge(scc[0], scc[0]);
                if looped {
                    let members: HashSet<usize> = scc.iter().map(|&n| graph[n]).collect();
                    let cycle =
                        cycle_through(members.iter().copied().min().unwrap_or(0), &members, &g.successors);
                    let names: Vec<&str> =
                        cycle.iter().map(|&i| project.initiatives[i].id.as_str()).collect();
                    diags.error(
                        project.initiatives[cycle[0]].location.clone(),
                        format!("depends_on forms a cycle: {} -> {}", names.join(" -> "), names[0]),
                    );
                }
            }
            g.initiative_order = (0..n).collect();
        }
    }
}

/// The shortest cycle from `start` back to itself inside one strongly connected component, in the
/// order the dependencies run, so that the error reads as the loop a user has to break.
fn cycle_through(start: usize, members: &HashSet<usize>, successors: &[Vec<usize>]) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &next in &successors[at] {
            if next == start {
                let mut path = vec![at];
                while let Some(&previous) = came_from.get(path.last().unwrap_or(&start)) {
                    path.push(previous);
                }
                path.reverse();
                return path;
            }
            if members.contains(&next) && next != start && !came_from.contains_key(&next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_blanks_and_case_alike_in_ascii_and_beyond() {
        assert_eq!(same_name("  PROJ-12 "), "proj-12");
        assert_eq!(same_name("Web\t\x0b Platform\r\n"), "web platform");
        assert_eq!(same_name("Équipe\u{a0} Web"), "équipe web");
        assert_eq!(same_name("ΣΊΣΥΦΟΣ  Team"), "σίσυφοσ team");
        assert_eq!(same_name(" \t "), "");
    }

    /// A project of two native work exports; `a.csv`'s item names a parent in `b.csv`.
    fn two_exports(b: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(
            root.join("throughline.toml"),
            "title = \"t\"\nas_of = \"2026-11-20\"\n[sources]\nwork = [\n  { path = \"data/a.csv\", preset = \"native\" },\n  { path = \"data/b.csv\", preset = \"native\" },\n]\n",
        )
        .unwrap();
        std::fs::write(root.join("data/a.csv"), "id,title,status,parent\nA-1,One,todo,B-1\n").unwrap();
        if let Some(b) = b {
            std::fs::write(root.join("data/b.csv"), b).unwrap();
        }
        (dir, root)
    }

    fn link_errors(root: &std::path::Path, cache: &mut LinkCache) -> Vec<String> {
        let mut diags = Diagnostics::default();
        let mut project = crate::load::load(root, &mut diags).unwrap();
        link_cached(&mut project, &mut diags, cache);
        diags.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect()
    }

    #[test]
    fn a_parent_chain_that_loops_is_one_warning_and_links_what_it_can() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("throughline.toml"), "title = \"t\"\nas_of = \"2026-11-20\"\n").unwrap();
        std::fs::write(root.join("data/initiatives.csv"), "id,title,krs,owner\nI-1,One,,ana\n").unwrap();
        // A -> B -> C -> B loops; D hangs below the loop with its own initiative; E below D.
        std::fs::write(
            root.join("data/work.csv"),
            "id,title,status,parent,initiative\nA,a,todo,B,\nB,b,todo,C,\nC,c,todo,B,\nD,d,todo,C,I-1\nE,e,todo,D,\n",
        )
        .unwrap();
        let mut diags = Diagnostics::default();
        let mut project = crate::load::load(root, &mut diags).unwrap();
        let graph = link(&mut project, &mut diags);
        let loops: Vec<_> = diags.iter().filter(|d| d.message.contains("loops back")).collect();
        assert_eq!(loops.len(), 1, "{diags:?}");
        assert!(loops[0].message.contains("`B`"), "{}", loops[0].message);
        assert_eq!(graph.initiative_of_work, [None, None, None, Some(0), Some(0)], "{diags:?}");
    }

    #[test]
    fn an_export_that_comes_back_empty_links_the_work_again() {
        let (_dir, root) = two_exports(None);
        let mut cache = LinkCache::default();
        let missing = link_errors(&root, &mut cache);
        assert!(missing.iter().any(|e| e.contains("does not exist")), "{missing:?}");
        assert!(!missing.iter().any(|e| e.contains("parent")), "its items may be there: {missing:?}");
        // Now the export is there but empty: B-1 is missing for good, as a fresh link says.
        std::fs::write(root.join("data/b.csv"), "").unwrap();
        let fresh = link_errors(&root, &mut LinkCache::default());
        assert!(fresh.iter().any(|e| e.contains("the parent `B-1`")), "{fresh:?}");
        assert_eq!(link_errors(&root, &mut cache), fresh, "the kept links are not the old ones");
    }
}
