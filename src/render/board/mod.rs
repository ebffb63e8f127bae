//! The board pack (docs/site.md#board-pack): one self-contained HTML file and a PDF typeset by
//! Throughline itself.
//! `assemble` gathers what a board reads — cover, summary, scorecard with trends, top risks with
//! their cause chains, decisions, commitments at risk, capacity hot spots, changes, one page per
//! bet with its charts, the methodology — once, for both renderings.

#[cfg(feature = "pdf")]
mod pdf;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::analyse::{EntityKind, SignalKind};
use crate::render::RenderError;
use crate::render::theme::Theme;
use crate::snapshot::Snapshot;
use crate::view::reports::{self, ChangesPage, MethodologyPage, TeamLoadRow};
use crate::view::rows::{BetRow, CommitmentRow, InitiativeRow, KrRow, PersonRow, Rows, Shared, SignalView};
use crate::view::{HistoryView, entities};
use crate::write::OutputFile;

pub const HTML_FILE: &str = "board-pack.html";
pub const PDF_FILE: &str = "board-pack.pdf";

/// The board pack's PDF an earlier build left in the folder `output`, and the print it carries:
/// to take again (`typeset`) when this build's pack has the same.
#[cfg(feature = "pdf")]
pub fn earlier_pdf(output: &std::path::Path) -> Option<(u64, bytes::Bytes)> {
    pdf::earlier(&output.join(PDF_FILE)).map(|(print, bytes)| (print, bytes.into()))
}

/// The fonts the PDF embeds: DejaVu Sans, regular, bold and oblique. typst draws a character
/// none of them has as an empty box, without a warning, so whatever the pack prints (the status
/// symbols included) must be in them; a test checks their coverage.
#[cfg(feature = "pdf")]
pub fn pdf_fonts() -> [&'static [u8]; 3] {
    [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique()]
}

#[derive(Serialize)]
pub struct Block {
    pub kind: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub struct ScoreKr {
    pub kr: KrRow,
    pub trend: String,
}

#[derive(Serialize)]
pub struct ScoreBet {
    pub bet: BetRow,
    pub trend: String,
    pub krs: Vec<ScoreKr>,
    /// For a bet without a page of its own in the pack: its page on the site.
    pub site_page: Option<String>,
}

/// A board reads the worst bets, not two hundred pages: the pack gives at most this many bets a
/// page of their own, and the rest a line in the scorecard.
pub const BET_PAGES: usize = 30;

#[derive(Serialize)]
pub struct RiskChain {
    pub signal: SignalView,
    pub causes: Vec<Shared<SignalView>>,
}

#[derive(Serialize)]
pub struct Chart {
    pub title: String,
    /// The file name the PDF's typesetter reads it from.
    pub file: String,
    /// Its data, drawn when the pack is rendered: inline in the HTML, a file for the PDF.
    pub svg_html: crate::view::charts::ChartView,
}

#[derive(Serialize)]
pub struct BetSection {
    pub bet: BetRow,
    pub charts: Vec<Chart>,
    pub initiatives: Vec<Shared<InitiativeRow>>,
}

#[derive(Serialize)]
pub struct HotSpots {
    pub people: Vec<Shared<PersonRow>>,
    pub teams: Vec<TeamLoadRow>,
    /// How many more the pack leaves out: a board reads the worst hot spots, not thousands of rows
    /// (which also take the typesetter seconds).
    pub people_more: usize,
    pub teams_more: usize,
}

const HOT_SPOTS: usize = 25;

#[derive(Serialize)]
pub struct BoardPack {
    pub title: String,
    pub cycle: String,
    pub as_of: String,
    pub since: Option<String>,
    pub summary_html: Option<String>,
    pub summary: Vec<Block>,
    pub scorecard: Vec<ScoreBet>,
    pub risks: Vec<RiskChain>,
    pub decisions: Vec<reports::Decision>,
    pub commitments: Vec<CommitmentRow>,
    pub hot_spots: HotSpots,
    pub changes: ChangesPage,
    pub bets: Vec<BetSection>,
    pub methodology: MethodologyPage,
}

fn points_delta(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) if ((n - b) * 100.0).round() == 0.0 => "→ no change".into(),
        (Some(n), Some(b)) if n > b => format!("▲ +{:.0} pts", (n - b) * 100.0),
        (Some(n), Some(b)) => format!("▼ −{:.0} pts", (b - n) * 100.0),
        _ => "—".into(),
    }
}

/// The text of a markdown note as blocks the typesetter lays out (headings, paragraphs, list
/// items): its words, never its markup.
fn blocks(markdown: &str) -> Vec<Block> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut text = String::new();
    let mut kind = "para";
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => kind = "heading",
            Event::Start(Tag::Item) => kind = "item",
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(end @ (TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item)) => {
                let done = std::mem::take(&mut text);
                if !done.trim().is_empty() {
                    out.push(Block { kind, text: done.trim().to_string() });
                }
                // A paragraph inside a list item is still the item.
                if !matches!(end, TagEnd::Paragraph) {
                    kind = "para";
                }
            }
            _ => {}
        }
    }
    out
}

pub fn assemble(rows: &Rows, history: &HistoryView) -> Result<BoardPack, String> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let previous: Option<&Snapshot> = history.previous.as_ref();
    let before_kr: BTreeMap<&str, Option<f64>> =
        previous.map(|s| s.krs.iter().map(|k| (k.id.as_str(), k.progress)).collect()).unwrap_or_default();
    let before_bet: BTreeMap<&str, Option<f64>> =
        previous.map(|s| s.bets.iter().map(|b| (b.id.as_str(), b.progress)).collect()).unwrap_or_default();
    let trend = |map: &BTreeMap<&str, Option<f64>>, id: &str, now: Option<f64>| match map.get(id) {
        Some(before) => points_delta(now, *before),
        None if previous.is_some() => "new".into(),
        None => "—".into(),
    };
    let paged = worst_bets(rows, BET_PAGES);
    let scorecard = (0..p.bets.len())
        .map(|b| ScoreBet {
            bet: rows.bet(b, false),
            trend: trend(&before_bet, &p.bets[b].id, a.bets[b].progress),
            krs: g.krs_of_bet[b]
                .iter()
                .map(|&k| ScoreKr {
                    kr: rows.kr(k, false),
                    trend: trend(&before_kr, &p.krs[k].id, a.krs[k].progress),
                })
                .collect(),
            site_page: (!paged.contains(&b)).then(|| rows.links.bet(&p.bets[b].id)),
        })
        .collect();
    // Top risks: the key results at risk, each with the initiative signals behind it.
    let risks = a
        .signals
        .iter()
        .filter(|s| matches!(s.kind, SignalKind::KrOffTrack | SignalKind::KrAtRisk))
        .take(8)
        .map(|s| RiskChain {
            signal: rows.signal(s),
            causes: s
                .related
                .iter()
                .filter(|r| r.kind == EntityKind::Initiative)
                .flat_map(|r| rows.signals_on(EntityKind::Initiative, &r.id))
                .filter(|c| c.severity != "info")
                .collect(),
        })
        .collect();
    let commitments = reports::commitments(rows).into_iter().filter(|c| c.status.risk).collect();
    // Most loaded first (the capacity page's order); the rest are on that page.
    let loads = &rows.analysis.capacity.people;
    let overloaded: Vec<Shared<PersonRow>> = reports::loaded_people(rows)
        .into_iter()
        .filter(|&x| loads[x].overloaded)
        .map(|x| rows.person(x))
        .collect();
    let over_wip: Vec<TeamLoadRow> =
        reports::team_loads(rows).into_iter().filter(|t| t.wip_exceeded).collect();
    let hot_spots = HotSpots {
        people_more: overloaded.len().saturating_sub(HOT_SPOTS),
        people: overloaded.into_iter().take(HOT_SPOTS).collect(),
        teams_more: over_wip.len().saturating_sub(HOT_SPOTS),
        teams: over_wip.into_iter().take(HOT_SPOTS).collect(),
    };
    let mut bets = Vec::new();
    for b in paged {
        let mut charts = Vec::new();
        for &k in &g.krs_of_bet[b] {
            charts.push(Chart {
                title: format!("{} {}", p.krs[k].id, p.krs[k].title),
                file: format!("charts/{}.svg", rows.links.krs.get(&p.krs[k].id)),
                svg_html: entities::kr_chart(rows, k).into(),
            });
        }
        let mut initiatives: Vec<usize> =
            g.krs_of_bet[b].iter().flat_map(|&k| g.initiatives_of_kr[k].iter().copied()).collect();
        initiatives.sort_unstable();
        initiatives.dedup();
        bets.push(BetSection {
            bet: rows.bet(b, false),
            charts,
            initiatives: initiatives.into_iter().map(|i| rows.initiative(i)).collect(),
        });
    }
    let summary_md = p.notes.get("board");
    Ok(BoardPack {
        title: p.config.title.clone(),
        cycle: p.config.cycle.as_ref().map_or(String::new(), |c| c.name.clone()),
        as_of: crate::words::date(a.as_of),
        since: previous.map(|s| crate::words::date(s.as_of)),
        summary_html: summary_md.map(|md| crate::view::markdown::to_html(md)),
        summary: summary_md.map(|md| blocks(md)).unwrap_or_default(),
        scorecard,
        risks,
        decisions: reports::decisions(rows),
        commitments,
        hot_spots,
        changes: reports::changes(rows, history),
        bets,
        methodology: reports::methodology(rows),
    })
}

/// The `n` bets that get a page of their own, worst first: off track, then at risk (the one order of
/// statuses), then by the largest gap of their key results, then by id.
fn worst_bets(rows: &Rows, n: usize) -> Vec<usize> {
    let (p, a, g) = (rows.project, rows.analysis, rows.graph);
    let gap = |b: usize| g.krs_of_bet[b].iter().filter_map(|&k| a.krs[k].gap).fold(f64::INFINITY, f64::min);
    let mut order: Vec<usize> = (0..p.bets.len()).collect();
    order.sort_by(|&x, &y| {
        a.bets[x]
            .status
            .cmp(&a.bets[y].status)
            .then(gap(x).total_cmp(&gap(y)))
            .then(p.bets[x].id.cmp(&p.bets[y].id))
    });
    order.truncate(n);
    order
}

/// The board pack's files: the HTML always, the PDF when built with the `pdf` feature.
pub fn render(rows: &Rows, history: &HistoryView, theme: &Theme) -> Result<Vec<OutputFile>, RenderError> {
    let pack = assemble_pack(rows, history)?;
    #[allow(unused_mut)]
    let mut files = vec![OutputFile::new(HTML_FILE, html(&pack, theme)?)];
    #[cfg(feature = "pdf")]
    files.push(OutputFile::new(PDF_FILE, typeset(&pack, None)?));
    Ok(files)
}

/// `assemble`, with its failure (a chart that could not be drawn) said as a board pack error.
pub fn assemble_pack(rows: &Rows, history: &HistoryView) -> Result<BoardPack, RenderError> {
    assemble(rows, history).map_err(|message| RenderError::Board { file: HTML_FILE, message })
}

/// The pack as one self-contained HTML file: styles and charts inline, nothing fetched.
pub fn html(pack: &BoardPack, theme: &Theme) -> Result<String, RenderError> {
    let mut value = serde_json::to_value(pack)
        .map_err(|e| RenderError::Board { file: HTML_FILE, message: e.to_string() })?;
    crate::render::charts::draw_in(&mut value, &mut |svg| svg)
        .map_err(|message| RenderError::Board { file: HTML_FILE, message })?;
    let mut context = Context::new();
    context.insert("pack", &value);
    let css = theme
        .assets
        .iter()
        .find(|(n, _)| n == "board.css")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned());
    context.insert("css", &css.unwrap_or_default());
    theme.tera.render("board.html", &context).map_err(|e| RenderError::Template {
        page: HTML_FILE.into(),
        template: "board.html".into(),
        message: crate::render::theme::error_chain(&e),
    })
}

/// The pack as a PDF, typeset by Throughline itself; or `earlier` (an earlier build's PDF and the
/// print it carries) again, when it was made from the same sources.
#[cfg(feature = "pdf")]
pub fn typeset(pack: &BoardPack, earlier: Option<&(u64, bytes::Bytes)>) -> Result<bytes::Bytes, RenderError> {
    let failed = |message| RenderError::Board { file: PDF_FILE, message };
    let sources = pdf::sources(pack).map_err(failed)?;
    let print = sources.print();
    if let Some((_, pdf)) = earlier.filter(|(earlier, _)| *earlier == print) {
        return Ok(pdf.clone());
    }
    sources.typeset(print).map(bytes::Bytes::from).map_err(failed)
}
