//! `data/snapshot.json` (docs/snapshot.md): the public, versioned record of one build — each entity's
//! status, numbers and signals — that other tools and the next build read.

pub mod changes;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analyse::{Analysis, EntityKind, Severity, SignalKind, Status};
use crate::link::Graph;
use crate::load::Project;
use crate::model::{Direction, TargetDirection, TargetField};

pub use changes::{Changes, KrDefinition, TargetValue};

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema: u32,
    pub title: String,
    pub as_of: NaiveDate,
    pub cycle: Option<String>,
    pub bets: Vec<BetSnapshot>,
    pub krs: Vec<KrSnapshot>,
    pub initiatives: Vec<InitiativeSnapshot>,
    pub people: Vec<PersonSnapshot>,
    pub commitments: Vec<CommitmentSnapshot>,
    pub trace: TraceSnapshot,
    pub signals: Vec<SignalSnapshot>,
    /// What changed since the previous report; null without one. Set by the build once the
    /// previous report is known (`history::changes`).
    #[serde(default)]
    pub changes: Option<Changes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BetSnapshot {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub progress: Option<f64>,
    pub krs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KrSnapshot {
    pub id: String,
    pub bet: String,
    pub title: String,
    pub status: Status,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub gap: Option<f64>,
    pub forecast_progress: Option<f64>,
    pub latest_value: Option<f64>,
    pub latest_checkin: Option<NaiveDate>,
    pub stale: bool,
    pub confidence: Option<f64>,
    /// The definition the numbers were measured against, so that a moved target shows in the next
    /// report. A maintain key result's target is its threshold, and its baseline is null. Older
    /// snapshots lack these (read as null: nothing moved).
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// `maintain` key results only: which side of the threshold holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Every move of that definition, oldest first: from the strategy file's commits, else from
    /// the reports kept. Set by the build (`History::targets`); older snapshots lack it.
    #[serde(default)]
    pub target_history: Vec<TargetRecord>,
}

impl KrSnapshot {
    /// Key result `kr` as analysed (`r`), with no moves of its target yet.
    fn of(kr: &crate::model::KeyResult, r: &crate::analyse::krs::KrResult) -> KrSnapshot {
        let defined = KrDefinition::of(kr);
        KrSnapshot {
            id: kr.id.clone(),
            bet: kr.bet.clone(),
            title: kr.title.clone(),
            status: r.status,
            progress: r.progress,
            expected: r.expected,
            gap: r.gap,
            forecast_progress: r.forecast_progress,
            latest_value: r.latest_value,
            latest_checkin: r.latest_checkin,
            stale: r.stale,
            confidence: r.confidence,
            baseline: defined.baseline,
            target: defined.target,
            start: defined.start,
            end: defined.end,
            direction: defined.direction,
            target_history: vec![],
        }
    }

    pub fn definition(&self) -> KrDefinition {
        KrDefinition {
            baseline: self.baseline,
            target: self.target,
            start: self.start,
            end: self.end,
            direction: self.direction,
        }
    }
}

/// One move of a key result's definition, as snapshot.json writes it: every field is there, null
/// where it does not apply (docs/snapshot.md#key-results).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRecord {
    pub field: TargetField,
    pub before: Option<TargetValue>,
    pub after: Option<TargetValue>,
    pub direction: TargetDirection,
    pub seen_in: SeenIn,
    /// The commit's date, or the date of the report that first showed the move.
    pub date: Option<NaiveDate>,
    /// The report before that one.
    pub since: Option<NaiveDate>,
    pub author: Option<String>,
    /// The id in people.csv whose e-mail is the author's.
    pub person: Option<String>,
    /// The commit's full id.
    pub commit: Option<String>,
    /// The first line of the commit's message.
    pub message: Option<String>,
}

/// Where a move was seen: a commit, an edit not committed yet, or a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeenIn {
    Commit,
    WorkingTree,
    Report,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeSnapshot {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub krs: Vec<String>,
    pub scope: f64,
    pub done: f64,
    pub progress: Option<f64>,
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
    pub on_time_probability: Option<f64>,
    pub slip_days: Option<i64>,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSnapshot {
    pub id: String,
    pub team: Option<String>,
    pub utilisation: Option<f64>,
    pub overloaded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitmentSnapshot {
    pub id: String,
    pub initiative: String,
    pub date: NaiveDate,
    pub status: Status,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceSnapshot {
    pub work_items: usize,
    pub aligned_items: usize,
    pub aligned_estimate_share: Option<f64>,
    pub orphan_work: Vec<String>,
    pub initiatives_without_kr: Vec<String>,
    pub unsupported_krs: Vec<String>,
    pub unmeasured_bets: Vec<String>,
}

impl TraceSnapshot {
    /// The traceability `t` of `project`, each list by id.
    fn of(project: &Project, t: &crate::analyse::trace::Trace) -> TraceSnapshot {
        TraceSnapshot {
            work_items: t.work_items,
            aligned_items: t.aligned_items,
            aligned_estimate_share: t.aligned_estimate_share,
            orphan_work: sorted_ids(t.orphan_work.iter().map(|&w| project.work[w].id.as_str())),
            initiatives_without_kr: sorted_ids(
                t.initiatives_without_kr.iter().map(|&i| project.initiatives[i].id.as_str()),
            ),
            unsupported_krs: sorted_ids(t.unsupported_krs.iter().map(|&k| project.krs[k].id.as_str())),
            unmeasured_bets: sorted_ids(t.unmeasured_bets.iter().map(|&b| project.bets[b].id.as_str())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalSnapshot {
    pub kind: SignalKind,
    pub entity: String,
    pub entity_kind: EntityKind,
    pub severity: Severity,
    pub message: String,
}

fn sorted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut ids: Vec<String> = ids.map(str::to_string).collect();
    ids.sort();
    ids
}

impl Snapshot {
    pub fn new(project: &Project, graph: &Graph, analysis: &Analysis) -> Snapshot {
        let kr_ids = |list: &[usize]| sorted_ids(list.iter().map(|&k| project.krs[k].id.as_str()));
        let mut bets: Vec<BetSnapshot> = project
            .bets
            .iter()
            .zip(&analysis.bets)
            .enumerate()
            .map(|(b, (bet, r))| BetSnapshot {
                id: bet.id.clone(),
                title: bet.title.clone(),
                status: r.status,
                progress: r.progress,
                krs: kr_ids(&graph.krs_of_bet[b]),
            })
            .collect();
        bets.sort_by(|a, b| a.id.cmp(&b.id));
        let mut krs: Vec<KrSnapshot> =
            project.krs.iter().zip(&analysis.krs).map(|(kr, r)| KrSnapshot::of(kr, r)).collect();
        krs.sort_by(|a, b| a.id.cmp(&b.id));
        let mut initiatives: Vec<InitiativeSnapshot> = project
            .initiatives
            .iter()
            .zip(&analysis.initiatives)
            .enumerate()
            .map(|(i, (initiative, r))| InitiativeSnapshot {
                id: initiative.id.clone(),
                title: initiative.title.clone(),
                status: r.status,
                krs: kr_ids(&graph.krs_of_initiative[i]),
                scope: r.scope,
                done: r.done,
                progress: r.progress,
                p50: r.forecast.as_ref().map(|f| f.p50),
                p85: r.forecast.as_ref().map(|f| f.p85),
                on_time_probability: r.on_time_probability,
                slip_days: r.slip_days,
                due: initiative.due,
            })
            .collect();
        initiatives.sort_by(|a, b| a.id.cmp(&b.id));
        let mut people: Vec<PersonSnapshot> = project
            .people
            .iter()
            .zip(&analysis.capacity.people)
            .map(|(person, load)| PersonSnapshot {
                id: person.id.clone(),
                team: person.team.clone(),
                utilisation: load.utilisation,
                overloaded: load.overloaded,
            })
            .collect();
        people.sort_by(|a, b| a.id.cmp(&b.id));
        let mut commitments: Vec<CommitmentSnapshot> = project
            .commitments
            .iter()
            .zip(&analysis.commitments)
            .map(|(c, r)| CommitmentSnapshot {
                id: c.id.clone(),
                initiative: c.initiative.clone(),
                date: c.date,
                status: r.status,
            })
            .collect();
        commitments.sort_by(|a, b| a.id.cmp(&b.id));
        let trace = TraceSnapshot::of(project, &analysis.trace);
        let mut signals: Vec<SignalSnapshot> = analysis
            .signals
            .iter()
            .map(|s| SignalSnapshot {
                kind: s.kind,
                entity: s.entity.id.clone(),
                entity_kind: s.entity.kind,
                severity: s.severity,
                message: s.message.clone(),
            })
            .collect();
        signals.sort_by(|a, b| {
            (&a.entity, a.kind.word(), &a.message).cmp(&(&b.entity, b.kind.word(), &b.message))
        });
        Snapshot {
            schema: SCHEMA,
            title: project.config.title.clone(),
            as_of: analysis.as_of,
            cycle: project.config.cycle.as_ref().map(|c| c.name.clone()),
            bets,
            krs,
            initiatives,
            people,
            commitments,
            trace,
            signals,
            changes: None,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[derive(Serialize, Hash)]
struct GraphNode<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a str,
    status: Option<&'static str>,
}

#[derive(Serialize, Hash)]
struct GraphEdge<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
}

#[cfg(test)]
#[derive(Serialize)]
struct GraphFile<'a> {
    schema: u32,
    nodes: Vec<GraphNode<'a>>,
    edges: Vec<GraphEdge<'a>>,
}

/// `data/graph.json`: the linked model as nodes (bets, key results, initiatives, work items,
/// people, commitments) and edges with their kinds (`measures`, `supports`, `belongs_to`,
/// `child_of`, `assigned_to`, `depends_on`, `promises`, `owns`), sorted for clean diffs.
pub fn graph_json(project: &Project, graph: &Graph, analysis: &Analysis) -> Vec<u8> {
    graph_json_unless(project, graph, analysis, None).map(|made| made.bytes().to_vec()).unwrap_or_default()
}

/// graph.json as made: its digest (of its nodes and edges, made before they are sorted and
/// printed), and its bytes in pieces, each of the work's blocks a piece of its own.
#[derive(Debug, Clone, Default)]
pub struct GraphJson {
    pub digest: u64,
    /// `Analysis::work_print` of the work it shows.
    work_print: u64,
    /// The file, in order. A block of the work is shared with the file it was first printed
    /// in (a slice of it, not a copy) for as long as the work is the same.
    pieces: Vec<bytes::Bytes>,
    /// The work's blocks of nodes and of edges: each kind's piece.
    work_blocks: Vec<(Part, &'static str, usize)>,
    /// The whole file, when it was printed in one go (nothing of it taken from an earlier one).
    whole: Option<bytes::Bytes>,
}

impl GraphJson {
    /// The file's bytes: as printed, or its pieces joined into one (a copy of the work's part,
    /// the most of the file, which `serve` leaves for when the file is asked for).
    pub fn bytes(&self) -> bytes::Bytes {
        if let Some(whole) = &self.whole {
            return whole.clone();
        }
        let mut bytes = Vec::with_capacity(self.pieces.iter().map(|p| p.len()).sum());
        for piece in &self.pieces {
            bytes.extend_from_slice(piece);
        }
        bytes.into()
    }

    /// Whether the file is in pieces, which `bytes` joins.
    pub fn is_joined(&self) -> bool {
        self.whole.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Nodes,
    Edges,
}

/// A kind's nodes or edges: to be printed, sorted, or as printed in the kept file.
enum Block<'a> {
    Nodes(Vec<GraphNode<'a>>),
    Edges(Vec<GraphEdge<'a>>),
    Kept(bytes::Bytes),
}

impl Block<'_> {
    /// Prints the block onto `out`, as the inside of a JSON array.
    fn print(&self, out: &mut Vec<u8>) {
        fn items<T: Serialize>(out: &mut Vec<u8>, items: &[T]) {
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                // Writing to memory cannot fail, and the items are plain data.
                let _ = serde_json::to_writer(&mut *out, item);
            }
        }
        match self {
            Block::Nodes(nodes) => items(out, nodes),
            Block::Edges(edges) => items(out, edges),
            Block::Kept(kept) => out.extend_from_slice(kept),
        }
    }

    /// About how many bytes it prints (nodes take about 95 on a large project, edges 56), so
    /// the file is sized once rather than grown through copies of itself; a kept block is not
    /// printed.
    fn size(&self) -> usize {
        match self {
            Block::Nodes(nodes) => 110 * nodes.len(),
            Block::Edges(edges) => 64 * edges.len(),
            Block::Kept(_) => 0,
        }
    }
}

/// graph.json, or `None` when it would be the `kept` one. The file is sorted by kind, so each
/// kind is one block of it: the work's blocks (half a million items on a large project, the most
/// of the file) are taken from the kept file while the work is the same, and only the
/// strategy's are printed again.
pub fn graph_json_unless(
    project: &Project,
    graph: &Graph,
    analysis: &Analysis,
    kept: Option<&GraphJson>,
) -> Option<GraphJson> {
    let (nodes, edges) = strategy_graph(project, graph, analysis);
    let work_print = analysis.work_print(graph);
    let digest = {
        use std::hash::{Hash, Hasher};
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        (SCHEMA, &nodes, &edges, work_print).hash(&mut hasher);
        hasher.finish()
    };
    if kept.is_some_and(|kept| kept.digest == digest) {
        return None;
    }
    let mut blocks: BTreeMap<(Part, &'static str), Block> = by_kind(nodes, edges).collect();
    let work_blocks: Vec<((Part, &'static str), Block)> =
        match kept.filter(|kept| kept.work_print == work_print) {
            Some(kept) => kept
                .work_blocks
                .iter()
                .map(|(part, kind, piece)| ((*part, *kind), Block::Kept(kept.pieces[*piece].clone())))
                .collect(),
            None => {
                let (nodes, edges) = work_graph(project, graph, analysis);
                by_kind(nodes, edges).collect()
            }
        };
    let work_kinds: Vec<(Part, &'static str)> = work_blocks.iter().map(|(key, _)| *key).collect();
    for (key, block) in work_blocks {
        // The work's kinds are its own: no strategy node or edge has one.
        debug_assert!(!blocks.contains_key(&key));
        blocks.insert(key, block);
    }
    let size: usize = blocks.values().map(|b| b.size() + 1).sum();
    let mut file = Pieces { printed: Vec::with_capacity(size + 64), ..Pieces::default() };
    file.printed.extend_from_slice(format!("{{\"schema\":{SCHEMA},\"nodes\":[").as_bytes());
    let mut part = Part::Nodes;
    let mut first = true;
    for ((in_part, kind), block) in blocks {
        if in_part != part {
            file.printed.extend_from_slice(b"],\"edges\":[");
            (part, first) = (in_part, true);
        }
        if !std::mem::take(&mut first) {
            file.printed.push(b',');
        }
        let work = work_kinds.contains(&(in_part, kind));
        match block {
            Block::Kept(kept) => file.kept((in_part, kind), kept),
            block => {
                let start = file.printed.len();
                block.print(&mut file.printed);
                if work {
                    file.fresh.push((in_part, kind, start..file.printed.len()));
                }
            }
        }
    }
    if part == Part::Nodes {
        file.printed.extend_from_slice(b"],\"edges\":[");
    }
    file.printed.extend_from_slice(b"]}\n");
    Some(file.finish(digest, work_print))
}

/// graph.json as it is put together: the pieces so far, and what is being printed after them,
/// with where the work's blocks lie in it.
#[derive(Default)]
struct Pieces {
    pieces: Vec<bytes::Bytes>,
    work_blocks: Vec<(Part, &'static str, usize)>,
    printed: Vec<u8>,
    fresh: Vec<(Part, &'static str, std::ops::Range<usize>)>,
    /// Whether a kept block is among the pieces.
    joined: bool,
}

impl Pieces {
    /// A kept block of the work, after what is printed so far.
    fn kept(&mut self, (part, kind): (Part, &'static str), block: bytes::Bytes) {
        self.cut();
        self.work_blocks.push((part, kind, self.pieces.len()));
        self.pieces.push(block);
        self.joined = true;
    }

    /// What is printed so far as pieces: each block of the work one of its own, and the runs
    /// between them; returns it whole.
    fn cut(&mut self) -> bytes::Bytes {
        let printed = bytes::Bytes::from(std::mem::take(&mut self.printed));
        let mut at = 0;
        for (part, kind, range) in std::mem::take(&mut self.fresh) {
            if range.start > at {
                self.pieces.push(printed.slice(at..range.start));
            }
            self.work_blocks.push((part, kind, self.pieces.len()));
            self.pieces.push(printed.slice(range.clone()));
            at = range.end;
        }
        if at < printed.len() {
            self.pieces.push(printed.slice(at..));
        }
        printed
    }

    /// The file, whole when it was printed in one go.
    fn finish(mut self, digest: u64, work_print: u64) -> GraphJson {
        let last = self.cut();
        let whole = (!self.joined).then_some(last);
        GraphJson { digest, work_print, pieces: self.pieces, work_blocks: self.work_blocks, whole }
    }
}

/// Nodes and edges as blocks of the file, a block per kind of each.
fn by_kind<'a>(
    nodes: Vec<GraphNode<'a>>,
    edges: Vec<GraphEdge<'a>>,
) -> impl Iterator<Item = ((Part, &'static str), Block<'a>)> {
    let nodes = sorted_by_kind(nodes, |n| n.kind, |a, b| a.id.cmp(b.id));
    let edges = sorted_by_kind(edges, |e| e.kind, |a, b| (a.from, a.to).cmp(&(b.from, b.to)));
    let nodes = nodes.into_iter().map(|(kind, block)| ((Part::Nodes, kind), Block::Nodes(block)));
    nodes.chain(edges.into_iter().map(|(kind, block)| ((Part::Edges, kind), Block::Edges(block))))
}

/// `items` by kind, each kind's sorted by `order`.
fn sorted_by_kind<T>(
    items: Vec<T>,
    kind: impl Fn(&T) -> &'static str,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> BTreeMap<&'static str, Vec<T>> {
    let mut by_kind: BTreeMap<&'static str, Vec<T>> = BTreeMap::new();
    for item in items {
        by_kind.entry(kind(&item)).or_default().push(item);
    }
    for items in by_kind.values_mut() {
        items.sort_by(&order);
    }
    by_kind
}

/// The work's nodes and edges: its items and containers, and the edges from them.
fn work_graph<'a>(
    project: &'a Project,
    graph: &Graph,
    analysis: &Analysis,
) -> (Vec<GraphNode<'a>>, Vec<GraphEdge<'a>>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    // In the order of their ids, so that each kind's block comes out sorted and `by_kind`'s
    // sorts only check it: one sort of the items rather than one per kind.
    let mut order: Vec<usize> = (0..project.work.len()).collect();
    order.sort_unstable_by(|&a, &b| project.work[a].id.cmp(&project.work[b].id).then(a.cmp(&b)));
    for w in order {
        let item = &project.work[w];
        let Some(status) = analysis.work.status[w] else { continue };
        let kind = if graph.is_container[w] { "container" } else { "work_item" };
        nodes.push(GraphNode { id: &item.id, kind, title: &item.title, status: Some(status.word()) });
        if let Some(i) = graph.initiative_of_work[w] {
            edges.push(GraphEdge { from: &item.id, to: &project.initiatives[i].id, kind: "belongs_to" });
        }
        if let Some(parent) = &item.parent {
            edges.push(GraphEdge { from: &item.id, to: parent, kind: "child_of" });
        }
        if let Some(p) = graph.assignee_of_work[w] {
            edges.push(GraphEdge { from: &item.id, to: &project.people[p].id, kind: "assigned_to" });
        }
    }
    (nodes, edges)
}

/// Every node and edge but the work's.
fn strategy_graph<'a>(
    project: &'a Project,
    graph: &Graph,
    analysis: &Analysis,
) -> (Vec<GraphNode<'a>>, Vec<GraphEdge<'a>>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (b, bet) in project.bets.iter().enumerate() {
        nodes.push(GraphNode {
            id: &bet.id,
            kind: "bet",
            title: &bet.title,
            status: Some(analysis.bets[b].status.word()),
        });
        if let Some(owner) = &bet.owner {
            edges.push(GraphEdge { from: owner, to: &bet.id, kind: "owns" });
        }
    }
    for (k, kr) in project.krs.iter().enumerate() {
        nodes.push(GraphNode {
            id: &kr.id,
            kind: "kr",
            title: &kr.title,
            status: Some(analysis.krs[k].status.word()),
        });
        if graph.bet_of_kr[k].is_some() {
            edges.push(GraphEdge { from: &kr.id, to: &kr.bet, kind: "measures" });
        }
        if let Some(owner) = &kr.owner {
            edges.push(GraphEdge { from: owner, to: &kr.id, kind: "owns" });
        }
    }
    for (i, initiative) in project.initiatives.iter().enumerate() {
        nodes.push(GraphNode {
            id: &initiative.id,
            kind: "initiative",
            title: &initiative.title,
            status: Some(analysis.initiatives[i].status.word()),
        });
        for &k in &graph.krs_of_initiative[i] {
            edges.push(GraphEdge { from: &initiative.id, to: &project.krs[k].id, kind: "supports" });
        }
        for &p in &graph.predecessors[i] {
            edges.push(GraphEdge {
                from: &initiative.id,
                to: &project.initiatives[p].id,
                kind: "depends_on",
            });
        }
        if let Some(owner) = &initiative.owner {
            edges.push(GraphEdge { from: owner, to: &initiative.id, kind: "owns" });
        }
    }
    for person in &project.people {
        nodes.push(GraphNode { id: &person.id, kind: "person", title: &person.name, status: None });
    }
    for (c, commitment) in project.commitments.iter().enumerate() {
        nodes.push(GraphNode {
            id: &commitment.id,
            kind: "commitment",
            title: &commitment.title,
            status: Some(analysis.commitments[c].status.word()),
        });
        edges.push(GraphEdge { from: &commitment.id, to: &commitment.initiative, kind: "promises" });
    }
    (nodes, edges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::{Status, analyse};
    use crate::diag::Diagnostics;

    /// graph.json printed in one go: every node and edge, sorted.
    fn in_one_go(project: &Project, graph: &Graph, analysis: &Analysis) -> Vec<u8> {
        let (mut nodes, mut edges) = strategy_graph(project, graph, analysis);
        let (work_nodes, work_edges) = work_graph(project, graph, analysis);
        nodes.extend(work_nodes);
        edges.extend(work_edges);
        nodes.sort_by(|a, b| (a.kind, a.id).cmp(&(b.kind, b.id)));
        edges.sort_by(|a, b| (a.kind, a.from, a.to).cmp(&(b.kind, b.from, b.to)));
        let mut bytes = serde_json::to_vec(&GraphFile { schema: SCHEMA, nodes, edges }).unwrap();
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn graph_json_is_printed_by_kind_and_keeps_the_works_blocks_while_the_work_is_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/acme");
        let (project, graph) = crate::build::load(&dir, &mut Diagnostics::default()).unwrap();
        let analysis = analyse(&project, &graph, project.config.as_of.unwrap());
        let made = graph_json_unless(&project, &graph, &analysis, None).unwrap();
        assert_eq!(made.bytes(), in_one_go(&project, &graph, &analysis));
        assert!(!made.work_blocks.is_empty() && !made.is_joined());
        assert!(graph_json_unless(&project, &graph, &analysis, Some(&made)).is_none(), "nothing changed");

        // A key result's status: the strategy's blocks are printed again, the work's copied.
        let mut kr_moved = analysis.clone();
        kr_moved.krs[0].status =
            if kr_moved.krs[0].status == Status::OffTrack { Status::OnTrack } else { Status::OffTrack };
        let again = graph_json_unless(&project, &graph, &kr_moved, Some(&made)).unwrap();
        assert_eq!(again.bytes(), in_one_go(&project, &graph, &kr_moved));
        assert_ne!(again.bytes(), made.bytes());
        assert!(again.is_joined(), "the work's blocks are taken, not printed");
        let shared = |a: &GraphJson, b: &GraphJson| {
            a.work_blocks.iter().zip(&b.work_blocks).all(|((.., i), (.., j))| {
                std::ptr::eq(a.pieces[*i].as_ptr(), b.pieces[*j].as_ptr())
                    && a.pieces[*i].len() == b.pieces[*j].len()
            })
        };
        assert!(shared(&made, &again), "the work's blocks are the very bytes first printed");
        // Another move: the work's blocks are still those first printed.
        let mut moved_back = kr_moved.clone();
        moved_back.krs[0].status = analysis.krs[0].status;
        let back = graph_json_unless(&project, &graph, &moved_back, Some(&again)).unwrap();
        assert_eq!(back.bytes(), made.bytes());
        assert!(shared(&made, &back));

        // An item's status: the work's blocks are made again.
        let mut item_moved = analysis.clone();
        let w = item_moved.work.status.iter().position(Option::is_some).unwrap();
        item_moved.work.status[w] = None;
        let again = graph_json_unless(&project, &graph, &item_moved, Some(&made)).unwrap();
        assert_eq!(again.bytes(), in_one_go(&project, &graph, &item_moved));
        assert_ne!(again.bytes(), made.bytes());
        assert!(!again.is_joined());
    }
}
