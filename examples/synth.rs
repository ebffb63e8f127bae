//! A synthetic enterprise for benchmarks (the enterprise of BENCHMARKS.md): a whole project folder, deterministic (the same
//! seed and size give the same bytes), with the shapes a real company has — skewed initiative
//! sizes, four trackers' exports (Jira, Linear, Azure DevOps, native), missing estimates, orphan
//! work, unlisted assignees, replanned and dependent initiatives.
//!
//!     cargo run --release --example synth -- OUT [--work-items N] [--seed S]
//!
//! Without `--work-items`, the enterprise set (BENCHMARKS.md): 200 bets, 1,000 key results, 20,000
//! check-ins, 5,000 initiatives, 500,000 work items and 10,000 people. Another size scales every
//! count with the work items (so that 1k and 1M are the same company, smaller or larger).

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How many of each entity to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub bets: usize,
    pub krs: usize,
    pub checkins_per_kr: usize,
    pub initiatives: usize,
    pub work_items: usize,
    pub people: usize,
    pub teams: usize,
    pub commitments: usize,
}

pub const ENTERPRISE_WORK_ITEMS: usize = 500_000;

impl Shape {
    /// The enterprise set of BENCHMARKS.md.
    pub fn enterprise() -> Shape {
        Shape::with_work_items(ENTERPRISE_WORK_ITEMS)
    }

    /// The enterprise's proportions, for this many work items.
    pub fn with_work_items(work_items: usize) -> Shape {
        let f = work_items as f64 / ENTERPRISE_WORK_ITEMS as f64;
        let scaled = |n: usize, min: usize| ((n as f64 * f).round() as usize).max(min);
        Shape {
            bets: scaled(200, 2),
            krs: scaled(1_000, 5),
            checkins_per_kr: 20,
            initiatives: scaled(5_000, 5),
            work_items,
            people: scaled(10_000, 24),
            teams: scaled(400, 8),
            commitments: scaled(250, 2),
        }
    }
}

const AS_OF: &str = "2026-11-20";
const TEAMS_PER_TRACKER_CYCLE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tracker {
    Jira,
    Linear,
    Azure,
    Native,
}

/// Half the teams use Jira, a fifth Linear, the rest Azure DevOps or the native format; any eight
/// teams in a row use all four.
fn tracker_of_team(t: usize) -> Tracker {
    use Tracker::*;
    const CYCLE: [Tracker; TEAMS_PER_TRACKER_CYCLE] = [
        Jira, Linear, Jira, Azure, Jira, Native, Jira, Linear, Jira, Azure, Jira, Native, Jira, Linear, Jira,
        Azure, Jira, Native, Linear, Jira,
    ];
    CYCLE[t % TEAMS_PER_TRACKER_CYCLE]
}

const SYLLABLES: [&str; 10] = ["ka", "lo", "mi", "ra", "ten", "su", "vi", "no", "da", "el"];
const AREAS: [&str; 16] = [
    "payments",
    "checkout",
    "search",
    "mobile",
    "platform",
    "data",
    "growth",
    "identity",
    "billing",
    "support",
    "infra",
    "security",
    "catalog",
    "pricing",
    "reporting",
    "onboarding",
];
const VERBS: [&str; 12] = [
    "Build",
    "Migrate",
    "Fix",
    "Design",
    "Test",
    "Document",
    "Refactor",
    "Instrument",
    "Review",
    "Ship",
    "Automate",
    "Spike on",
];
const OBJECTS: [&str; 16] = [
    "the login flow",
    "invoice export",
    "retry queue",
    "search ranking",
    "push notifications",
    "the admin console",
    "rate limits",
    "audit log",
    "price rules",
    "the onboarding checklist",
    "report filters",
    "SSO with Okta",
    "the data pipeline",
    "webhooks",
    "CSV import, mapping and preview",
    "dark mode",
];
const UNITS: [&str; 5] = ["%", "ms", "k€", "NPS", "accounts"];

/// `n` -> a pronounceable name part, unique per `n` below 1,000.
fn word(n: usize) -> String {
    let s = format!("{}{}{}", SYLLABLES[n % 10], SYLLABLES[(n / 10) % 10], SYLLABLES[(n / 100) % 10]);
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

struct Person {
    id: String,
    name: String,
    email: String,
}

fn person(p: usize) -> Person {
    // Unique names for up to a million people: first and last name from the digits of p.
    // Both parts are bijections of the digits, so no two people share a name.
    let (low, high) = (p % 1000, p / 1000 % 1000);
    let (first, last) = (word((low * 379 + 123) % 1000), word((high + low * 13 + 541) % 1000));
    let suffix = if p >= 1_000_000 { format!(" {}", p / 1_000_000) } else { String::new() };
    let name = format!("{first} {last}{suffix}");
    let id = format!("p{p:06}");
    Person { email: format!("{id}@synth.example"), id, name }
}

/// A CSV cell: quoted when it must be.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn row(cells: &[&str]) -> String {
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn jira_date(d: NaiveDate, minutes: u32) -> String {
    let (h, m) = (minutes / 60 % 24, minutes % 60);
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{}/{} {h12}:{m:02} {ampm}", d.format("%d/%b"), d.format("%y"))
}

fn linear_date(d: NaiveDate, minutes: u32) -> String {
    format!("{} {:02}:{:02}:17 GMT+0000 (GMT)", d.format("%a %b %d %Y"), minutes / 60 % 24, minutes % 60)
}

fn azure_date(d: NaiveDate, minutes: u32) -> String {
    let h = minutes / 60 % 24;
    let (h12, ampm) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{}/{}/{} {h12}:{:02}:00 {ampm}", d.month(), d.day(), d.year(), minutes % 60)
}

fn day(d: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 { d + Days::new(offset as u64) } else { d - Days::new((-offset) as u64) }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Active,
    Done,
    Proposed,
    Paused,
    Cancelled,
}

impl State {
    fn word(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Done => "done",
            State::Proposed => "proposed",
            State::Paused => "paused",
            State::Cancelled => "cancelled",
        }
    }
}

struct Initiative {
    id: String,
    team: usize,
    state: State,
    start: NaiveDate,
    due: NaiveDate,
    size: usize,
    /// The containers (epics, projects) its work hangs under, by tracker id.
    epics: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemStatus {
    Todo,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}

/// One generated work item, before it is written in its tracker's format.
struct Item {
    title: String,
    status: ItemStatus,
    assignee: Option<usize>,
    estimate: Option<u32>,
    created: NaiveDate,
    started: Option<NaiveDate>,
    done: Option<NaiveDate>,
    due: Option<NaiveDate>,
    minutes: u32,
    kind: &'static str,
}

/// Writes one tracker's export, row by row.
struct Export {
    out: BufWriter<fs::File>,
    tracker: Tracker,
    next_number: usize,
}

impl Export {
    fn new(path: &Path, tracker: Tracker) -> io::Result<Export> {
        let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
        let header = match tracker {
            Tracker::Jira => {
                "Summary,Issue key,Issue id,Issue Type,Status,Status Category,Priority,Assignee,Reporter,Created,Updated,Resolved,Due date,Labels,Labels,Sprint,Custom field (Story Points),Custom field (Start date),Parent,Parent key,Parent summary\n"
            }
            Tracker::Linear => {
                "ID,Title,Description,Status,Estimate,Priority,Project,Creator,Assignee,Labels,Cycle Number,Cycle Name,Created,Updated,Started,Completed,Canceled,Archived,Due Date,Parent issue\n"
            }
            Tracker::Azure => {
                "ID,Work Item Type,Title,Assigned To,State,Story Points,Created Date,Activated Date,Closed Date,Target Date,Area Path,Parent\n"
            }
            Tracker::Native => {
                "id,title,status,initiative,parent,type,assignee,estimate,created,started,done,due\n"
            }
        };
        out.write_all(header.as_bytes())?;
        Ok(Export { out, tracker, next_number: 0 })
    }
}

/// What a container row is called in its tracker: `(id, parent reference for its children)`.
struct Container {
    id: String,
    number: usize,
    title: String,
}

struct Generator {
    rng: ChaCha8Rng,
    shape: Shape,
    as_of: NaiveDate,
    people: Vec<Person>,
}

impl Generator {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_range(0.0..1.0) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn team_name(&self, t: usize) -> String {
        format!("{}-{:03}", AREAS[t % AREAS.len()], t)
    }

    /// The people of team `t`: people are split into consecutive, equal teams.
    fn members(&self, t: usize) -> std::ops::Range<usize> {
        let per = self.shape.people / self.shape.teams;
        t * per..((t + 1) * per).min(self.shape.people)
    }

    fn team_of_person(&self, p: usize) -> usize {
        (p / (self.shape.people / self.shape.teams)).min(self.shape.teams - 1)
    }

    fn title(&mut self, n: usize) -> String {
        let verb = *self.pick(&VERBS);
        let object = *self.pick(&OBJECTS);
        format!("{verb} {object} #{n}")
    }
}

/// Generate the project into `out` (created if missing; existing files are overwritten).
pub fn generate(out: &Path, shape: Shape, seed: u64) -> io::Result<()> {
    fs::create_dir_all(out.join("data"))?;
    fs::create_dir_all(out.join("notes"))?;
    let mut g = Generator {
        rng: ChaCha8Rng::seed_from_u64(seed),
        shape,
        as_of: NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("a date"),
        people: (0..shape.people).map(person).collect(),
    };
    write_config(out, &shape)?;
    write_people(out, &mut g)?;
    write_strategy(out, &mut g)?;
    let mut initiatives = plan_initiatives(&mut g);
    write_work(out, &mut g, &mut initiatives)?;
    write_initiatives(out, &mut g, &initiatives)?;
    write_commitments(out, &mut g, &initiatives)?;
    fs::write(
        out.join("notes/index.md"),
        format!(
            "# Synth Corp\n\nA generated company of {} work items for benchmarks (`examples/synth.rs`).\n",
            shape.work_items
        ),
    )?;
    Ok(())
}

fn write_config(out: &Path, shape: &Shape) -> io::Result<()> {
    let text = format!(
        r#"# Generated by `cargo run --release --example synth` (deterministic): a benchmark company.
title = "Synth Corp ({work} work items)"
as_of = "{AS_OF}"
cycle = {{ name = "2026-Q4", start = "2026-10-01", end = "2026-12-31" }}
work_url = "https://tracker.synth.example/browse/{{id}}"

[sources]
strategy = "strategy.toml"
checkins = "data/checkins.csv"
initiatives = "data/initiatives.csv"
people = "data/people.csv"
commitments = "data/commitments.csv"
work = [
  {{ path = "data/jira-export.csv", preset = "jira" }},
  {{ path = "data/linear-export.csv", preset = "linear" }},
  {{ path = "data/azure-devops.csv", preset = "azure-devops", id_prefix = "ADO-", date_order = "mdy" }},
  {{ path = "data/work.csv", preset = "native" }},
]

[work]
estimate_unit = "points"
missing_estimate = "median"
status_map = {{ "Ready for QA" = "in_progress" }}

[[trigger]]
signal = "kr_off_track"
action = "Bring a recovery plan to the Monday decision review"
owner = "p000000"

[[trigger]]
signal = "commitment_at_risk"
action = "Call the customer this week"
owner = "p000001"
"#,
        work = shape.work_items
    );
    fs::write(out.join("throughline.toml"), text)
}

fn write_people(out: &Path, g: &mut Generator) -> io::Result<()> {
    let mut text = String::from("id,name,team,capacity,email\n");
    for p in 0..g.shape.people {
        let capacity = *g.pick(&["5", "8", "8", "10", "13", ""]);
        let team = g.team_name(g.team_of_person(p));
        let person = &g.people[p];
        text.push_str(&row(&[&person.id, &person.name, &team, capacity, &person.email]));
    }
    fs::write(out.join("data/people.csv"), text)
}

fn write_strategy(out: &Path, g: &mut Generator) -> io::Result<()> {
    let shape = g.shape;
    let mut toml = String::from("# Generated by examples/synth.rs.\n");
    for b in 0..shape.bets {
        let owner = g.rng.random_range(0..shape.people);
        let _ = write!(
            toml,
            "\n[[bet]]\nid = \"B{b:03}\"\ntitle = \"Win {} in {}\"\nowner = \"{}\"\nhorizon = {{ start = \"2026-01-01\", end = \"2027-12-31\" }}\ndescription = \"Bet {b}: why we invest in {}.\"\n",
            word(b),
            AREAS[b % AREAS.len()],
            g.people[owner].id,
            AREAS[b % AREAS.len()],
        );
    }
    let start = NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date");
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    let mut checkins = String::from("kr,date,value,confidence,note\n");
    for k in 0..shape.krs {
        let id = format!("KR{k:04}");
        let bet = k * shape.bets / shape.krs;
        let owner = g.rng.random_range(0..shape.people);
        let unit = UNITS[k % UNITS.len()];
        // How the key result really moves: ahead, on pace, behind, or stalled.
        let health = *g.pick(&[1.15, 1.0, 1.0, 0.85, 0.7, 0.4]);
        let maintain = k % 10 == 9;
        let (baseline, target) = (g.rng.random_range(5..50) as f64, g.rng.random_range(60..200) as f64);
        if maintain {
            let _ = write!(
                toml,
                "\n[[kr]]\nid = \"{id}\"\nbet = \"B{bet:03}\"\ntitle = \"Keep {} of {} at most {target}\"\nunit = \"{unit}\"\nkind = \"maintain\"\nthreshold = {target:.1}\ndirection = \"at_most\"\nstart = \"{start}\"\nend = \"{end}\"\nowner = \"{}\"\n",
                OBJECTS[k % OBJECTS.len()].trim_start_matches("the "),
                AREAS[bet % AREAS.len()],
                g.people[owner].id,
            );
        } else {
            let pace =
                if k % 4 == 0 { "pace = [[\"2026-09-30\", 0.3], [\"2026-12-31\", 1.0]]\n" } else { "" };
            let _ = write!(
                toml,
                "\n[[kr]]\nid = \"{id}\"\nbet = \"B{bet:03}\"\ntitle = \"Grow {} {} from {baseline} to {target}\"\nunit = \"{unit}\"\nbaseline = {baseline:.1}\ntarget = {target:.1}\nstart = \"{start}\"\nend = \"{end}\"\nowner = \"{}\"\n{pace}",
                AREAS[bet % AREAS.len()],
                unit,
                g.people[owner].id,
            );
        }
        let span = (end - start).num_days() as f64;
        for c in 0..shape.checkins_per_kr {
            let date = day(start, 2 + 7 * c as i64);
            if date > g.as_of {
                break;
            }
            let elapsed = (date - start).num_days() as f64 / span;
            let noise = g.rng.random_range(-0.04..0.04);
            let value = if maintain {
                target * g.rng.random_range(0.85..1.08)
            } else {
                baseline + (target - baseline) * (elapsed * health + noise).clamp(0.0, 1.1)
            };
            let confidence = *g.pick(&["0.9", "0.8", "0.7", "0.5", "0.3"]);
            let note = if g.chance(0.05) { "Data source changed, see dashboard" } else { "" };
            checkins.push_str(&row(&[&id, &date.to_string(), &format!("{value:.2}"), confidence, note]));
        }
    }
    fs::write(out.join("strategy.toml"), toml)?;
    fs::write(out.join("data/checkins.csv"), checkins)
}

/// Initiatives, with skewed sizes: a Pareto-like spread where a few programmes hold hundreds of
/// times the median's work, as in any large tracker.
fn plan_initiatives(g: &mut Generator) -> Vec<Initiative> {
    let shape = g.shape;
    let mut weights: Vec<f64> = (0..shape.initiatives)
        .map(|_| {
            let u: f64 = g.rng.random_range(0.0001..1.0);
            u.powf(-1.0 / 1.2).min(60.0)
        })
        .collect();
    // Three in five active, the rest done, proposed, paused or cancelled.
    const STATES: [State; 10] = [
        State::Active,
        State::Active,
        State::Active,
        State::Active,
        State::Active,
        State::Active,
        State::Done,
        State::Done,
        State::Proposed,
        State::Paused,
    ];
    let states: Vec<State> = (0..shape.initiatives)
        .map(|i| if i % 40 == 39 { State::Cancelled } else { *g.pick(&STATES) })
        .collect();
    // Proposed work has hardly started: a tenth of its weight.
    for (w, s) in weights.iter_mut().zip(&states) {
        if *s == State::Proposed {
            *w *= 0.1;
        }
    }
    // 1% of the work is orphaned: it reaches no initiative.
    let linked = shape.work_items - shape.work_items / 100;
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> =
        weights.iter().map(|w| (w / total * linked as f64).floor() as usize).collect();
    let mut left = linked - sizes.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        let n = sizes.len();
        sizes[i % n] += 1;
        left -= 1;
        i += 1;
    }
    (0..shape.initiatives)
        .map(|i| {
            let start = day(NaiveDate::from_ymd_opt(2026, 4, 1).expect("a date"), g.rng.random_range(0..220));
            let due = day(start, g.rng.random_range(45..240));
            Initiative {
                id: format!("I{i:05}"),
                team: g.rng.random_range(0..shape.teams),
                state: states[i],
                start,
                due,
                size: sizes[i],
                epics: vec![],
            }
        })
        .collect()
}

fn write_initiatives(out: &Path, g: &mut Generator, initiatives: &[Initiative]) -> io::Result<()> {
    let shape = g.shape;
    let mut text = String::from(
        "id,title,krs,owner,team,start,due,baseline_due,status,depends_on,epics,estimate,people\n",
    );
    for (i, initiative) in initiatives.iter().enumerate() {
        // Most support one key result, some two, a few none (initiative_without_kr).
        let krs = if g.chance(0.01) {
            String::new()
        } else {
            let k = g.rng.random_range(0..shape.krs);
            if g.chance(0.2) { format!("KR{k:04};KR{:04}", (k + 1) % shape.krs) } else { format!("KR{k:04}") }
        };
        let members = g.members(initiative.team);
        let owner = g.rng.random_range(members.clone());
        let baseline_due =
            if g.chance(0.25) { day(initiative.due, -g.rng.random_range(7..60)) } else { initiative.due };
        let depends_on = if i > 0 && g.chance(0.05) {
            initiatives[g.rng.random_range(0..i)].id.clone()
        } else {
            String::new()
        };
        text.push_str(&row(&[
            &initiative.id,
            &format!("{} {}", VERBS[i % VERBS.len()], OBJECTS[(i / VERBS.len()) % OBJECTS.len()]),
            &krs,
            &g.people[owner].id,
            &g.team_name(initiative.team),
            &initiative.start.to_string(),
            &initiative.due.to_string(),
            &baseline_due.to_string(),
            initiative.state.word(),
            &depends_on,
            &initiative.epics.join(";"),
            "",
            "",
        ]));
    }
    fs::write(out.join("data/initiatives.csv"), text)
}

fn write_commitments(out: &Path, g: &mut Generator, initiatives: &[Initiative]) -> io::Result<()> {
    let mut text = String::from("id,title,initiative,date,made_by,audience\n");
    for c in 0..g.shape.commitments {
        let i = g.rng.random_range(0..initiatives.len());
        let initiative = &initiatives[i];
        let date = day(initiative.due, g.rng.random_range(-20..20));
        let made_by = g.rng.random_range(0..g.shape.people);
        text.push_str(&row(&[
            &format!("C{c:04}"),
            &format!("{} live for customer {}", initiative.id, word(c)),
            &initiative.id,
            &date.to_string(),
            &g.people[made_by].id,
            &format!("{} Ltd", word(c + 1)),
        ]));
    }
    fs::write(out.join("data/commitments.csv"), text)
}

fn write_work(out: &Path, g: &mut Generator, initiatives: &mut [Initiative]) -> io::Result<()> {
    let mut exports = [
        Export::new(&out.join("data/jira-export.csv"), Tracker::Jira)?,
        Export::new(&out.join("data/linear-export.csv"), Tracker::Linear)?,
        Export::new(&out.join("data/azure-devops.csv"), Tracker::Azure)?,
        Export::new(&out.join("data/work.csv"), Tracker::Native)?,
    ];
    let slot = |t: Tracker| match t {
        Tracker::Jira => 0,
        Tracker::Linear => 1,
        Tracker::Azure => 2,
        Tracker::Native => 3,
    };
    let mut n = 0;
    for initiative in initiatives.iter_mut() {
        let tracker = tracker_of_team(initiative.team);
        let export = &mut exports[slot(tracker)];
        let containers = 1 + initiative.size / 400;
        let mut parents = Vec::new();
        if tracker != Tracker::Native {
            for c in 0..containers.min(6) {
                let container = write_container(export, g, initiative, c)?;
                initiative.epics.push(container.id.clone());
                parents.push(container);
            }
        }
        for k in 0..initiative.size {
            let item = item(g, initiative, n);
            let parent = parents.get(k % parents.len().max(1));
            write_item(export, g, &item, parent, Some(&initiative.id))?;
            n += 1;
        }
    }
    // An epic no initiative lists (unlinked_epic), and the rest of the orphans, spread over the
    // trackers.
    let orphan_of = Initiative {
        id: String::new(),
        team: 0,
        state: State::Active,
        start: day(g.as_of, -120),
        due: g.as_of,
        size: 0,
        epics: vec![],
    };
    let unlinked = write_container(&mut exports[0], g, &orphan_of, 0)?;
    let mut k = 0;
    while n < g.shape.work_items {
        let tracker = tracker_of_team(k % TEAMS_PER_TRACKER_CYCLE);
        let item = item(g, &orphan_of, n);
        let parent = (tracker == Tracker::Jira && k % 3 == 0).then_some(&unlinked);
        write_item(&mut exports[slot(tracker)], g, &item, parent, None)?;
        n += 1;
        k += 1;
    }
    for mut export in exports {
        export.out.flush()?;
    }
    Ok(())
}

fn write_container(
    export: &mut Export,
    g: &mut Generator,
    initiative: &Initiative,
    c: usize,
) -> io::Result<Container> {
    export.next_number += 1;
    let number = export.next_number;
    let title = format!("{} {} part {}", initiative.id, AREAS[initiative.team % AREAS.len()], c + 1);
    let created = initiative.start;
    let minutes = g.rng.random_range(480..1080);
    let status = if initiative.state == State::Done { "Done" } else { "In Progress" };
    let id = match export.tracker {
        Tracker::Jira => {
            let key = format!("EPIC-{number}");
            let line = row(&[
                &title,
                &key,
                &(10_000 + number).to_string(),
                "Epic",
                status,
                status,
                "Medium",
                "",
                "",
                &jira_date(created, minutes),
                &jira_date(created, minutes + 30),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]);
            export.out.write_all(line.as_bytes())?;
            key
        }
        // Linear's containers are projects: a name in each item's Project column.
        Tracker::Linear => title.clone(),
        Tracker::Azure => {
            let line = row(&[
                &number.to_string(),
                "Epic",
                &title,
                "",
                if initiative.state == State::Done { "Closed" } else { "Active" },
                "",
                &azure_date(created, minutes),
                "",
                "",
                "",
                "Synth\\Programmes",
                "",
            ]);
            export.out.write_all(line.as_bytes())?;
            format!("ADO-{number}")
        }
        Tracker::Native => String::new(),
    };
    Ok(Container { id, number, title })
}

fn item(g: &mut Generator, initiative: &Initiative, n: usize) -> Item {
    let as_of = g.as_of;
    let created = day(initiative.start, g.rng.random_range(-14..150)).min(as_of);
    let age = (as_of - created).num_days() as f64;
    let status = match initiative.state {
        State::Done => {
            if g.chance(0.04) {
                ItemStatus::Cancelled
            } else {
                ItemStatus::Done
            }
        }
        State::Proposed => ItemStatus::Todo,
        State::Active | State::Paused | State::Cancelled => {
            let p_done = (age / 80.0).min(0.9);
            if g.chance(p_done) {
                ItemStatus::Done
            } else if g.chance(0.02) {
                ItemStatus::Cancelled
            } else {
                *g.pick(&[
                    ItemStatus::Todo,
                    ItemStatus::Todo,
                    ItemStatus::Todo,
                    ItemStatus::InProgress,
                    ItemStatus::InProgress,
                    ItemStatus::Blocked,
                ])
            }
        }
    };
    let started = match status {
        ItemStatus::Todo => None,
        _ => Some(day(created, g.rng.random_range(0..10)).min(as_of)),
    };
    let done = match status {
        ItemStatus::Done | ItemStatus::Cancelled => {
            Some(day(started.unwrap_or(created), g.rng.random_range(1..30)).min(as_of))
        }
        _ => None,
    };
    let members = if initiative.id.is_empty() { 0..g.shape.people } else { g.members(initiative.team) };
    // Most work goes to the initiative's team; some to anyone (contention); some to nobody; a
    // few to contractors who are not in people.csv.
    let roll = g.rng.random_range(0..100);
    let assignee = match roll {
        0..=84 if !members.is_empty() => Some(g.rng.random_range(members)),
        0..=93 => Some(g.rng.random_range(0..g.shape.people)),
        94 => Some(usize::MAX - g.rng.random_range(0..40)),
        _ => None,
    };
    let estimate = if g.chance(0.15) { None } else { Some(*g.pick(&[1, 2, 2, 3, 3, 5, 5, 8, 13])) };
    let due = g.chance(0.2).then(|| day(created, g.rng.random_range(10..60)));
    let kind = *g.pick(&["Story", "Story", "Story", "Task", "Bug"]);
    Item {
        title: g.title(n),
        status,
        assignee,
        estimate,
        created,
        started,
        done,
        due,
        minutes: g.rng.random_range(420..1140),
        kind,
    }
}

fn write_item(
    export: &mut Export,
    g: &mut Generator,
    item: &Item,
    parent: Option<&Container>,
    initiative: Option<&str>,
) -> io::Result<()> {
    export.next_number += 1;
    let number = export.next_number;
    // Contractors (usize::MAX - k) are not in people.csv: the build adds them, unlisted.
    let contractor = item.assignee.filter(|&p| p >= g.shape.people).map(|p| usize::MAX - p);
    let person = item.assignee.filter(|&p| p < g.shape.people).map(|p| &g.people[p]);
    let estimate = item.estimate.map(|e| e.to_string()).unwrap_or_default();
    let m = item.minutes;
    let line = match export.tracker {
        Tracker::Jira => {
            let (status, category) = match item.status {
                ItemStatus::Todo => (if number.is_multiple_of(3) { "Backlog" } else { "To Do" }, "To Do"),
                // A workflow status the preset does not know: read through the category, or
                // the project's status_map.
                ItemStatus::InProgress => {
                    (if number.is_multiple_of(5) { "Ready for QA" } else { "In Progress" }, "In Progress")
                }
                ItemStatus::Blocked => ("Blocked", "In Progress"),
                ItemStatus::Done => ("Done", "Done"),
                ItemStatus::Cancelled => ("Won't Do", "Done"),
            };
            let assignee = match (person, contractor) {
                (Some(p), _) => p.name.clone(),
                (None, Some(c)) => format!("Contractor {c}"),
                _ => String::new(),
            };
            // A few done items lost their resolution date (a workflow without resolution).
            let resolved = item.done.filter(|_| !number.is_multiple_of(200)).map(|d| jira_date(d, m + 60));
            row(&[
                &item.title,
                &format!("SYN-{number}"),
                &(10_000 + number).to_string(),
                item.kind,
                status,
                category,
                if number.is_multiple_of(4) { "High" } else { "Medium" },
                &assignee,
                "",
                &jira_date(item.created, m),
                &jira_date(item.done.unwrap_or(item.created), m + 90),
                resolved.as_deref().unwrap_or(""),
                &item.due.map(|d| jira_date(d, 0)).unwrap_or_default(),
                "synth",
                if number.is_multiple_of(7) { "tech-debt" } else { "" },
                "",
                &estimate,
                &item.started.map(|d| d.to_string()).unwrap_or_default(),
                &parent.map(|p| (10_000 + p.number).to_string()).unwrap_or_default(),
                &parent.map(|p| p.id.clone()).unwrap_or_default(),
                &parent.map(|p| p.title.clone()).unwrap_or_default(),
            ])
        }
        Tracker::Linear => {
            let status = match item.status {
                ItemStatus::Todo => {
                    if number.is_multiple_of(4) {
                        "Backlog"
                    } else {
                        "Todo"
                    }
                }
                ItemStatus::InProgress => "In Progress",
                ItemStatus::Blocked => "In Review",
                ItemStatus::Done => "Done",
                ItemStatus::Cancelled => "Canceled",
            };
            let assignee = match (person, contractor) {
                (Some(p), _) => p.email.clone(),
                (None, Some(c)) => format!("contractor{c}@agency.example"),
                _ => String::new(),
            };
            let js =
                |d: Option<NaiveDate>, extra: u32| d.map(|d| linear_date(d, m + extra)).unwrap_or_default();
            row(&[
                &format!("LIN-{number}"),
                &item.title,
                "",
                status,
                &estimate,
                "Medium",
                &parent.map(|p| p.title.clone()).unwrap_or_default(),
                "",
                &assignee,
                "",
                "",
                "",
                &linear_date(item.created, m),
                &linear_date(item.done.unwrap_or(item.created), m + 5),
                &js(item.started, 10),
                &js(item.done.filter(|_| item.status == ItemStatus::Done), 20),
                &js(item.done.filter(|_| item.status == ItemStatus::Cancelled), 20),
                "",
                &item.due.map(|d| d.to_string()).unwrap_or_default(),
                "",
            ])
        }
        Tracker::Azure => {
            let state = match item.status {
                ItemStatus::Todo => "New",
                ItemStatus::InProgress | ItemStatus::Blocked => "Active",
                ItemStatus::Done => "Closed",
                ItemStatus::Cancelled => "Removed",
            };
            let assignee = match (person, contractor) {
                (Some(p), _) => format!("{} <{}>", p.name, p.email),
                (None, Some(c)) => format!("Contractor {c} <contractor{c}@agency.example>"),
                _ => String::new(),
            };
            let kind = if item.kind == "Story" { "User Story" } else { item.kind };
            row(&[
                &number.to_string(),
                kind,
                &item.title,
                &assignee,
                state,
                &estimate,
                &azure_date(item.created, m),
                &item.started.map(|d| azure_date(d, m)).unwrap_or_default(),
                &item.done.map(|d| azure_date(d, m + 60)).unwrap_or_default(),
                &item.due.map(|d| azure_date(d, 0)).unwrap_or_default(),
                "Synth\\Delivery",
                &parent.map(|p| p.number.to_string()).unwrap_or_default(),
            ])
        }
        Tracker::Native => {
            let status = match item.status {
                ItemStatus::Todo => "todo",
                ItemStatus::InProgress => "in_progress",
                ItemStatus::Blocked => "blocked",
                ItemStatus::Done => "done",
                ItemStatus::Cancelled => "cancelled",
            };
            let assignee = match (person, contractor) {
                (Some(p), _) => p.id.clone(),
                (None, Some(c)) => format!("contractor-{c}"),
                _ => String::new(),
            };
            let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            row(&[
                &format!("W{number}"),
                &item.title,
                status,
                initiative.unwrap_or(""),
                "",
                &item.kind.to_lowercase(),
                &assignee,
                &estimate,
                &item.created.to_string(),
                &iso(item.started),
                &iso(item.done.filter(|_| item.status == ItemStatus::Done)),
                &iso(item.due),
            ])
        }
    };
    export.out.write_all(line.as_bytes())
}

fn usage() -> ! {
    eprintln!(
        "usage: synth OUT_DIR [--work-items N] [--seed S]   (default: the enterprise set of BENCHMARKS.md)"
    );
    std::process::exit(2)
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut work_items = ENTERPRISE_WORK_ITEMS;
    let mut seed = 9;
    while let Some(arg) = args.next() {
        let mut number =
            || args.next().and_then(|v| v.replace(['_', ','], "").parse().ok()).unwrap_or_else(|| usage());
        match arg.as_str() {
            "--work-items" => work_items = number(),
            "--seed" => seed = number() as u64,
            "-h" | "--help" => usage(),
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    let shape = Shape::with_work_items(work_items);
    let started = std::time::Instant::now();
    if let Err(e) = generate(&out, shape, seed) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
    eprintln!("{shape:?}\nwritten into {} in {:.1} s", out.display(), started.elapsed().as_secs_f64());
}
