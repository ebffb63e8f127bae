//! Where each entity's page lives: file names from slugs, and relative URLs (from the site root)
//! for every kind of entity a signal can point at.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use super::slug::Slugs;
use crate::analyse::{EntityKind, EntityRef};
use crate::link::Graph;
use crate::load::Project;

#[derive(Debug)]
pub struct Links {
    pub bets: Slugs,
    pub krs: Slugs,
    pub initiatives: Slugs,
    pub people: Slugs,
    pub teams: Slugs,
    pub work: Slugs,
    pub commitments: Slugs,
    /// Work sources, by path, for their section of the data-quality page.
    pub sources: Slugs,
    pub team_names: BTreeSet<String>,
    initiative_of_work: Vec<Option<usize>>,
    initiative_ids: Vec<String>,
    commitment_initiative: HashMap<String, String>,
    work_url: Option<String>,
}

impl Links {
    /// A fingerprint of everything `new` reads: equal keys give equal links, so a rebuild that
    /// changed no id (a check-in, a note, a status) keeps the last build's links rather than
    /// making a slug for each of hundreds of thousands of work items again.
    pub fn key(project: &Project, graph: &Graph) -> u64 {
        let mut buffer = Vec::with_capacity(32 * project.work.len() + 4096);
        let mut ids = |list: &mut dyn Iterator<Item = &str>| {
            for id in list {
                buffer.extend_from_slice(id.as_bytes());
                buffer.push(0);
            }
            buffer.push(1);
        };
        ids(&mut project.bets.iter().map(|b| b.id.as_str()));
        ids(&mut project.krs.iter().map(|k| k.id.as_str()));
        ids(&mut project.initiatives.iter().map(|i| i.id.as_str()));
        ids(&mut project.people.iter().map(|p| p.id.as_str()));
        ids(&mut project.people.iter().filter_map(|p| p.team.as_deref()));
        ids(&mut project.initiatives.iter().filter_map(|i| i.team.as_deref()));
        ids(&mut project.work.iter().map(|w| w.id.as_str()));
        ids(&mut project.commitments.iter().flat_map(|c| [c.id.as_str(), c.initiative.as_str()]));
        ids(&mut project.sources.iter().map(|s| s.path.as_str()));
        ids(&mut project.config.work_url.iter().map(String::as_str));
        for i in &graph.initiative_of_work {
            buffer.extend_from_slice(&i.map_or(u64::MAX, |i| i as u64).to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_64(&buffer)
    }

    pub fn new(project: &Project, graph: &Graph) -> Links {
        let mut team_names: BTreeSet<String> = project.people.iter().filter_map(|p| p.team.clone()).collect();
        team_names.extend(project.initiatives.iter().filter_map(|i| i.team.clone()));
        // In the order of the work, so that a work item's index finds its slug (`work_slug_at`).
        let work = Slugs::new(project.work.iter().map(|w| w.id.as_str()));
        Links {
            bets: Slugs::new(project.bets.iter().map(|b| b.id.as_str())),
            krs: Slugs::new(project.krs.iter().map(|k| k.id.as_str())),
            initiatives: Slugs::new(project.initiatives.iter().map(|i| i.id.as_str())),
            people: Slugs::new(project.people.iter().map(|p| p.id.as_str())),
            teams: Slugs::new(team_names.iter().map(String::as_str)),
            work,
            commitments: Slugs::new(project.commitments.iter().map(|c| c.id.as_str())),
            sources: Slugs::new(project.sources.iter().map(|s| s.path.as_str())),
            initiative_of_work: graph.initiative_of_work.clone(),
            initiative_ids: project.initiatives.iter().map(|i| i.id.clone()).collect(),
            commitment_initiative: project
                .commitments
                .iter()
                .map(|c| (c.id.clone(), c.initiative.clone()))
                .collect(),
            team_names,
            work_url: project.config.work_url.clone(),
        }
    }

    pub fn bet(&self, id: &str) -> String {
        format!("bets/{}.html", self.bets.get(id))
    }

    pub fn kr(&self, id: &str) -> String {
        format!("krs/{}.html", self.krs.get(id))
    }

    pub fn initiative(&self, id: &str) -> String {
        format!("initiatives/{}.html", self.initiatives.get(id))
    }

    pub fn person(&self, id: &str) -> String {
        format!("people/{}.html", self.people.get(id))
    }

    /// A team's page, or the orphan list for work that has no team.
    pub fn team(&self, name: &str) -> String {
        if self.team_names.contains(name) {
            format!("teams/{}.html", self.teams.get(name))
        } else {
            "trace.html#orphans".into()
        }
    }

    pub fn work_anchor(&self, id: &str) -> String {
        format!("w-{}", self.work.get(id))
    }

    /// The slug of the project's `w`th work item, found by its index rather than its id (its
    /// anchor is `w-` and this, as `work_anchor` makes it).
    pub fn work_slug_at(&self, w: usize) -> &str {
        self.work.at(w)
    }

    /// The slug of the project's `i`th initiative, found by its index rather than its id.
    pub fn initiative_slug_at(&self, i: usize) -> &str {
        self.initiatives.at(i)
    }

    /// A work item is shown on its initiative's page, or with the orphans on the trace page.
    pub fn work(&self, id: &str) -> String {
        match self.work_index(id).and_then(|w| self.initiative_of_work[w]) {
            Some(i) => format!("{}#{}", self.initiative(&self.initiative_ids[i]), self.work_anchor(id)),
            None => format!("trace.html#{}", self.work_anchor(id)),
        }
    }

    /// The work item of id `id` (the last, when several share it).
    pub fn work_index(&self, id: &str) -> Option<usize> {
        self.work.index(id)
    }

    pub fn source_anchor(&self, path: &str) -> String {
        format!("source-{}", self.sources.get(path))
    }

    pub fn commitment(&self, id: &str) -> String {
        match self.commitment_initiative.get(id) {
            Some(initiative) => format!("{}#c-{}", self.initiative(initiative), self.commitments.get(id)),
            None => "risks.html".into(),
        }
    }

    pub fn entity(&self, e: &EntityRef) -> String {
        match e.kind {
            EntityKind::Bet => self.bet(&e.id),
            EntityKind::Kr => self.kr(&e.id),
            EntityKind::Initiative => self.initiative(&e.id),
            EntityKind::WorkItem => self.work(&e.id),
            EntityKind::Person => self.person(&e.id),
            EntityKind::Team => self.team(&e.id),
            EntityKind::Commitment => self.commitment(&e.id),
            EntityKind::Source => format!("quality.html#{}", self.source_anchor(&e.id)),
        }
    }

    /// The item in its source system, with `{id}` percent-encoded (docs/site.md).
    pub fn source_url(&self, id: &str) -> Option<String> {
        let template = self.work_url.as_ref()?;
        const KEEP: &percent_encoding::AsciiSet =
            &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
        let encoded = percent_encoding::utf8_percent_encode(id, KEEP).to_string();
        Some(template.replace("{id}", &encoded))
    }
}
