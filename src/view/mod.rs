//! The view: what the pages and the board pack show, built from the analysed model. The site
//! (`crate::render::site`) and the board pack (`crate::render::board`) are two renderers of it:
//! each page's view is plain data (rows, links, chart series, the "worst N" lists), fingerprinted
//! to know whether its page must be rendered again, and drawn only by the renderer.

pub mod charts;
pub mod digest;
pub mod entities;
pub mod links;
pub mod markdown;
pub mod reports;
pub mod rows;
pub mod slug;

use crate::snapshot::Snapshot;

/// What the site and the board pack show of earlier reports.
#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    pub changes: Option<crate::history::Changes>,
    pub forecasts: std::collections::BTreeMap<String, Vec<crate::history::ForecastPoint>>,
    /// Each key result's target moves over the reports kept.
    pub targets: std::collections::BTreeMap<String, Vec<crate::history::TargetChange>>,
    /// The cycle's reports, week by week.
    pub weeks: crate::history::Weeks,
    /// Dates of the reports kept under `archive/`.
    pub archived: Vec<chrono::NaiveDate>,
    /// Whether this build is archived too (`--archive`).
    pub archiving: bool,
    /// The snapshot compared with, for the board pack's trends.
    pub previous: Option<Snapshot>,
}
