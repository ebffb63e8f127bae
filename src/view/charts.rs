//! Charts as views hold them: their data, not their drawing. The renderers draw the ones they
//! render (`crate::render::charts`), so a page whose view did not change draws no chart.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KrChart {
    pub title: String,
    pub unit: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub as_of: NaiveDate,
    pub checkins: Vec<(NaiveDate, f64)>,
    /// The expected value over time (baseline to target along the pace), for progress key results.
    pub pace: Vec<(NaiveDate, f64)>,
    pub target: Option<f64>,
    /// The line to hold, for maintain key results.
    pub threshold: Option<f64>,
    /// The least-squares trend from the window's start to its end.
    pub forecast: Option<[(NaiveDate, f64); 2]>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InitiativeChart {
    pub title: String,
    pub unit: String,
    pub as_of: NaiveDate,
    pub scope: Vec<(NaiveDate, f64)>,
    pub done: Vec<(NaiveDate, f64)>,
    pub due: Option<NaiveDate>,
    pub p50: Option<NaiveDate>,
    pub p85: Option<NaiveDate>,
}

/// A chart as a page's view holds it: its data, not its drawing. A view that did not change
/// draws no chart; the renderer draws the ones it renders (`draw`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    Kr(KrChart),
    Initiative(InitiativeChart),
    Histogram(HistogramChart),
    ForecastOverTime(ForecastChart),
    Bars(BarChart),
    Weekly(WeeklyChart),
    RiskStrip(RiskStripChart),
}

/// A chart in a page's data, under the key `CHART_KEY`: the renderer finds it there
/// (`draw_in`) and puts its SVG in its place, so a template reads the SVG where the view put
/// the chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChartView {
    #[serde(rename = "__chart")]
    pub chart: Chart,
}

pub const CHART_KEY: &str = "__chart";

impl From<Chart> for ChartView {
    fn from(chart: Chart) -> Self {
        ChartView { chart }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HistogramChart {
    pub title: String,
    /// The finish date of a trial that needs w weeks is `start` + 7w.
    pub start: NaiveDate,
    /// `weeks[w]` trials needed w weeks.
    pub weeks: Vec<u32>,
    pub due: Option<NaiveDate>,
}

/// The weeks a histogram draws: from the first week any trial finishes to the one by which 99 %
/// have (a long tail of a few trials would flatten the rest), at most `MAX_WEEK_BARS` of them.
pub fn histogram_weeks(weeks: &[u32]) -> std::ops::Range<usize> {
    let total: u32 = weeks.iter().sum();
    let first = weeks.iter().position(|&n| n > 0).unwrap_or(0);
    let mut seen = 0;
    let mut last = first;
    for (w, &n) in weeks.iter().enumerate() {
        seen += n;
        last = w;
        if seen as f64 >= total as f64 * 0.99 {
            break;
        }
    }
    first..(last + 1).min(first + MAX_WEEK_BARS)
}

const MAX_WEEK_BARS: usize = 60;

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Drawn in the warning colour and marked with a symbol, never by colour alone.
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BarChart {
    pub title: String,
    pub x_desc: String,
    pub bars: Vec<Bar>,
    /// A dashed reference line (the overload threshold); `x_desc` should say what it is.
    pub threshold: Option<f64>,
    pub percent: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForecastChart {
    pub title: String,
    pub points: Vec<crate::history::ForecastPoint>,
}

/// Progress week by week: one line per bet or key result, one point per report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeeklyChart {
    pub title: String,
    pub dates: Vec<NaiveDate>,
    /// Each line's label and its progress (a share) in each report, where it had one.
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

/// The home page's strip: how many bets each report had at risk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RiskStripChart {
    pub title: String,
    /// Each report's date, its bets at risk, and its bets.
    pub weeks: Vec<(NaiveDate, usize, usize)>,
}
