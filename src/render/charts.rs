//! Charts as SVG, drawn at build time by plotters (no chart JavaScript): key-result burn-up and
//! initiative burn-up. Colours are the Okabe–Ito palette, safe for colour-blind readers, and every
//! series is also told apart by its dash pattern and its legend entry. Series are capped in
//! points, so a chart stays small whatever the data.

use crate::view::charts::*;
use chrono::{Days, NaiveDate};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const BLUE: RGBColor = RGBColor(0, 114, 178);
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
pub const GREY: RGBColor = RGBColor(90, 90, 90);

const SIZE: (u32, u32) = (760, 380);
const MAX_POINTS: usize = 120;

type Result<T> = std::result::Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

impl Chart {
    /// The chart as SVG.
    pub fn draw(&self) -> Result<String> {
        match self {
            Chart::Kr(c) => kr_burn_up(c),
            Chart::Initiative(c) => initiative_burn_up(c),
            Chart::Histogram(c) => finish_histogram(c),
            Chart::ForecastOverTime(c) => forecast_over_time(c),
            Chart::Bars(c) => bars(c),
            Chart::Weekly(c) => weekly(c),
            Chart::RiskStrip(c) => risk_strip(c),
        }
    }
}

/// Draws every chart in `value` (a page's data), replacing each by `place(its SVG)`: the SVG
/// itself, or what stands for it until it is written in (`site::fragments`).
pub fn draw_in(value: &mut serde_json::Value, place: &mut dyn FnMut(String) -> String) -> Result<()> {
    match value {
        serde_json::Value::Object(map) if map.len() == 1 && map.contains_key(CHART_KEY) => {
            let view: ChartView = serde_json::from_value(value.clone()).map_err(err)?;
            *value = serde_json::Value::String(place(view.chart.draw()?));
        }
        serde_json::Value::Object(map) => {
            for inner in map.values_mut() {
                draw_in(inner, place)?;
            }
        }
        serde_json::Value::Array(list) => {
            for inner in list {
                draw_in(inner, place)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Keeps at most `MAX_POINTS` points, always the first and the last.
fn thin(points: &[(NaiveDate, f64)]) -> Vec<(NaiveDate, f64)> {
    if points.len() <= MAX_POINTS {
        return points.to_vec();
    }
    let step = points.len().div_ceil(MAX_POINTS - 1);
    let mut out: Vec<_> = points.iter().step_by(step).copied().collect();
    if out.last() != points.last() {
        out.extend(points.last().copied());
    }
    out
}

fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 0.02);
    (lo - pad, hi + pad)
}

fn date_label(d: &NaiveDate) -> String {
    d.format("%d %b %y").to_string()
}

/// The labels of a value axis from `lo` to `hi`: every label with the same number of decimals,
/// enough to tell apart ticks a sixth of the range apart ("0.90" and "1.00", never "0.90" beside
/// "1").
fn axis_labels(lo: f64, hi: f64) -> impl Fn(&f64) -> String {
    let step = (hi - lo).abs() / 6.0;
    let decimals =
        if step > 0.0 && step.is_finite() { (-step.log10()).ceil().clamp(0.0, 3.0) as usize } else { 0 };
    move |v: &f64| format!("{v:.decimals$}")
}

fn number_label(v: &f64) -> String {
    let a = v.abs();
    if v.fract().abs() < 1e-9 || a >= 50.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Dashed lines as one SVG polyline each, with `stroke-dasharray`. Plotters' DashedLineSeries
/// writes every dash as a polyline of its own: 200 elements in a key result's chart, which make
/// the pages larger and cost the board pack's typesetter seconds over a thousand charts. A dashed
/// series is drawn as a plain line in a stand-in colour (#0102nn), which `apply` turns back into
/// its own colour with the dash pattern.
#[derive(Default)]
struct Dashes(Vec<(RGBAColor, u32, u32)>);

impl Dashes {
    fn dashed(&mut self, style: ShapeStyle, dash: u32, gap: u32) -> ShapeStyle {
        let n = self.0.len() as u8;
        self.0.push((style.color, dash, gap));
        ShapeStyle { color: RGBAColor(1, 2, n, style.color.3), ..style }
    }

    /// Each stand-in stroke (`stroke="#0102nn"`, nn in upper-case hex) as its series' colour and
    /// dash pattern, in one pass over the chart.
    fn apply(&self, svg: String) -> String {
        use std::fmt::Write;
        const STAND_IN: &str = "stroke=\"#0102";
        if self.0.is_empty() {
            return svg;
        }
        let upper_hex = |b: &u8| b.is_ascii_digit() || (b'A'..=b'F').contains(b);
        let mut out = String::with_capacity(svg.len() + 40 * self.0.len());
        let mut rest = svg.as_str();
        while let Some(at) = rest.find(STAND_IN) {
            out.push_str(&rest[..at]);
            let after = &rest[at + STAND_IN.len()..];
            let series = match after.as_bytes() {
                [a, b, b'"', ..] if upper_hex(a) && upper_hex(b) => {
                    u8::from_str_radix(&after[..2], 16).ok().and_then(|n| self.0.get(usize::from(n)))
                }
                _ => None,
            };
            match series {
                Some((colour, dash, gap)) => {
                    let (r, g, b) = (colour.0, colour.1, colour.2);
                    let _ =
                        write!(out, "stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-dasharray=\"{dash} {gap}\"");
                    rest = &after[3..];
                }
                None => {
                    out.push_str(STAND_IN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// How a legend entry shows its series.
#[derive(Clone, Copy)]
enum Swatch {
    /// A line in the series' style, dashed (dash, gap) where the series is.
    Line(ShapeStyle, Option<(u32, u32)>),
    /// A filled box, for bars.
    Box(RGBAColor),
    /// A line through a dot, for check-ins.
    Dotted(RGBColor),
}

/// A chart's legend, drawn in a strip under the plot rather than over it, where it would hide the
/// lines it explains.
#[derive(Default)]
struct Legend(Vec<(String, Swatch)>);

const LEGEND_ROW: u32 = 24;
const LEGEND_FONT: u32 = 15;

impl Legend {
    fn add(&mut self, label: impl Into<String>, swatch: Swatch) {
        self.0.push((label.into(), swatch));
    }

    /// Each entry's top-left corner, wrapped into rows across `width`.
    fn layout(&self, width: u32) -> Vec<(i32, i32)> {
        let (mut x, mut y) = (70i32, 8i32);
        self.0
            .iter()
            .map(|(label, _)| {
                // DejaVu Sans at 15 px averages about 8 px a character.
                let w = 34 + 8 * label.chars().count() as i32 + 22;
                if x + w > width as i32 - 14 && x > 70 {
                    (x, y) = (70, y + LEGEND_ROW as i32);
                }
                let at = (x, y);
                x += w;
                at
            })
            .collect()
    }

    fn height(&self, width: u32) -> u32 {
        self.layout(width).last().map_or(0, |&(_, y)| y as u32 + LEGEND_ROW + 6)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, plotters::coord::Shift>,
        dashes: &mut Dashes,
    ) -> Result<()> {
        let width = area.dim_in_pixel().0;
        for ((label, swatch), (x, y)) in self.0.iter().zip(self.layout(width)) {
            let mid = y + LEGEND_ROW as i32 / 2;
            match *swatch {
                Swatch::Line(style, dash) => {
                    let style = match dash {
                        Some((d, g)) => dashes.dashed(style, d, g),
                        None => style,
                    };
                    area.draw(&PathElement::new(vec![(x, mid), (x + 26, mid)], style)).map_err(err)?;
                }
                Swatch::Box(colour) => area
                    .draw(&Rectangle::new([(x + 4, mid - 6), (x + 22, mid + 6)], colour.filled()))
                    .map_err(err)?,
                Swatch::Dotted(colour) => {
                    let style = ShapeStyle::from(&colour).stroke_width(3);
                    area.draw(&PathElement::new(vec![(x, mid), (x + 26, mid)], style)).map_err(err)?;
                    area.draw(&Circle::new((x + 13, mid), 4, colour.filled())).map_err(err)?;
                }
            }
            let font = TextStyle::from(("sans-serif", LEGEND_FONT).into_font())
                .pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(label.clone(), (x + 34, mid), font)).map_err(err)?;
        }
        Ok(())
    }
}

/// A chart's size: the plot on top, its legend in a strip below.
fn canvas(legend: &Legend, plot_height: u32) -> (u32, u32) {
    (SIZE.0, plot_height + legend.height(SIZE.0))
}

/// Makes plotters' SVG accessible and responsive: a title for screen readers, no fixed size.
fn finish(svg: String, title: &str, size: (u32, u32)) -> String {
    let title = escape(title);
    let open_end = svg.find('>').unwrap_or(0);
    let head = &svg[..open_end];
    let head = head
        .replacen(&format!("width=\"{}\"", size.0), "", 1)
        .replacen(&format!("height=\"{}\"", size.1), "", 1)
        .replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{title}\" class=\"chart-svg\""), 1);
    format!("{head}><title>{title}</title>{}", &svg[open_end + 1..])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn vertical(x: NaiveDate, y: (f64, f64)) -> Vec<(NaiveDate, f64)> {
    vec![(x, y.0), (x, y.1)]
}

pub fn kr_burn_up(c: &KrChart) -> Result<String> {
    let x_end = c.end.max(c.as_of).max(c.checkins.iter().map(|p| p.0).max().unwrap_or(c.end));
    let x_start = c.start.min(c.checkins.iter().map(|p| p.0).min().unwrap_or(c.start));
    let values = c
        .checkins
        .iter()
        .map(|p| p.1)
        .chain(c.pace.iter().map(|p| p.1))
        .chain(c.target)
        .chain(c.threshold)
        .chain(c.forecast.iter().flat_map(|f| [f[0].1, f[1].1]));
    let y = value_range(values);
    let pace = ShapeStyle::from(&GREY).stroke_width(2);
    let forecast = ShapeStyle::from(&ORANGE).stroke_width(2);
    let today = ShapeStyle::from(&BLACK.mix(0.6)).stroke_width(1);
    let lines = [(c.target, "target", GREEN), (c.threshold, "threshold", VERMILLION)];
    let mut legend = Legend::default();
    if !c.checkins.is_empty() {
        legend.add("check-ins", Swatch::Dotted(BLUE));
    }
    if !c.pace.is_empty() {
        legend.add("expected pace", Swatch::Line(pace, Some((8, 5))));
    }
    for (value, label, colour) in lines {
        if value.is_some() {
            legend.add(label, Swatch::Line(ShapeStyle::from(&colour).stroke_width(2), None));
        }
    }
    if c.forecast.is_some() {
        legend.add("forecast (trend)", Swatch::Line(forecast, Some((3, 4))));
    }
    legend.add(format!("today ({})", crate::words::date(c.as_of)), Swatch::Line(today, Some((4, 4))));
    let mut svg = String::new();
    let size = canvas(&legend, SIZE.1);
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, strip) = root.split_vertically(SIZE.1);
        let mut chart = ChartBuilder::on(&plot)
            .caption(c.title.as_str(), ("sans-serif", 22))
            .margin(14)
            // Room for half a date label: one whose tick is near the right edge is centred on it.
            .margin_right(DATE_LABEL_ROOM)
            .x_label_area_size(50)
            .y_label_area_size(76)
            .build_cartesian_2d(x_start..x_end, y.0..y.1)
            .map_err(err)?;
        let y_desc = if c.unit.is_empty() { "value".to_string() } else { format!("value ({})", c.unit) };
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(6)
            .x_label_formatter(&date_label)
            .y_label_formatter(&axis_labels(y.0, y.1))
            .x_desc("date")
            .y_desc(y_desc)
            .label_style(("sans-serif", 16))
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .draw()
            .map_err(err)?;
        if !c.pace.is_empty() {
            chart.draw_series(LineSeries::new(thin(&c.pace), dashes.dashed(pace, 8, 5))).map_err(err)?;
        }
        for (value, _, colour) in lines {
            if let Some(v) = value {
                let style = ShapeStyle::from(&colour).stroke_width(2);
                chart.draw_series(LineSeries::new([(x_start, v), (x_end, v)], style)).map_err(err)?;
            }
        }
        if let Some(f) = c.forecast {
            chart.draw_series(LineSeries::new(f, dashes.dashed(forecast, 3, 4))).map_err(err)?;
        }
        chart.draw_series(LineSeries::new(vertical(c.as_of, y), dashes.dashed(today, 4, 4))).map_err(err)?;
        if !c.checkins.is_empty() {
            let points = thin(&c.checkins);
            let style = ShapeStyle::from(&BLUE).stroke_width(3);
            chart.draw_series(LineSeries::new(points.clone(), style)).map_err(err)?;
            chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, BLUE.filled()))).map_err(err)?;
        }
        legend.draw(&strip, &mut dashes)?;
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, size))
}

/// The right margin of a chart whose x axis is dates, in pixels.
const DATE_LABEL_ROOM: u32 = 40;

pub fn initiative_burn_up(c: &InitiativeChart) -> Result<String> {
    let dates =
        c.scope.iter().chain(&c.done).map(|p| p.0).chain([c.as_of]).chain(c.due).chain(c.p50).chain(c.p85);
    let x_start = dates.clone().min().unwrap_or(c.as_of);
    let x_end = dates.max().unwrap_or(c.as_of).checked_add_days(Days::new(7)).unwrap_or(c.as_of);
    let top = c.scope.iter().chain(&c.done).map(|p| p.1).fold(1.0, f64::max) * 1.08;
    let y = (0.0, top);
    let scope = ShapeStyle::from(&GREY).stroke_width(2);
    let done = ShapeStyle::from(&BLUE).stroke_width(3);
    // When P50 and P85 fall on the same date, one marker says so: two lines drawn on top of each
    // other would hide one of them.
    let same = c.p50.is_some() && c.p50 == c.p85;
    let date_of = |d: Option<NaiveDate>| d.map(crate::words::date).unwrap_or_default();
    let markers = [
        (Some(c.as_of), format!("today ({})", date_of(Some(c.as_of))), BLACK.mix(0.6), (4, 4)),
        (c.due, format!("due ({})", date_of(c.due)), VERMILLION.mix(1.0), (10, 4)),
        (
            c.p50,
            if same {
                format!("P50 and P85 ({})", date_of(c.p50))
            } else {
                format!("P50 ({})", date_of(c.p50))
            },
            ORANGE.mix(1.0),
            (2, 3),
        ),
        (c.p85.filter(|_| !same), format!("P85 ({})", date_of(c.p85)), PURPLE.mix(1.0), (6, 3)),
    ];
    let mut legend = Legend::default();
    legend.add("scope", Swatch::Line(scope, Some((8, 5))));
    legend.add("done", Swatch::Line(done, None));
    for (date, label, colour, dash) in &markers {
        if date.is_some() {
            legend.add(label.clone(), Swatch::Line(ShapeStyle::from(colour).stroke_width(2), Some(*dash)));
        }
    }
    let mut svg = String::new();
    let size = canvas(&legend, SIZE.1);
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, strip) = root.split_vertically(SIZE.1);
        let mut chart = ChartBuilder::on(&plot)
            .caption(c.title.as_str(), ("sans-serif", 22))
            .margin(14)
            // Room for half a date label: one whose tick is near the right edge is centred on it.
            .margin_right(DATE_LABEL_ROOM)
            .x_label_area_size(50)
            .y_label_area_size(76)
            .build_cartesian_2d(x_start..x_end, y.0..y.1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(6)
            .x_label_formatter(&date_label)
            .y_label_formatter(&axis_labels(y.0, y.1))
            .x_desc("date")
            .y_desc(format!("work ({})", c.unit))
            .label_style(("sans-serif", 16))
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .draw()
            .map_err(err)?;
        chart.draw_series(LineSeries::new(thin(&c.scope), dashes.dashed(scope, 8, 5))).map_err(err)?;
        chart.draw_series(LineSeries::new(thin(&c.done), done)).map_err(err)?;
        for (date, _, colour, (dash, gap)) in markers {
            if let Some(date) = date {
                let style = ShapeStyle::from(&colour).stroke_width(2);
                chart
                    .draw_series(LineSeries::new(vertical(date, y), dashes.dashed(style, dash, gap)))
                    .map_err(err)?;
            }
        }
        legend.draw(&strip, &mut dashes)?;
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, size))
}

/// The spread of a Monte Carlo forecast: how many trials finish in each week, with the due date
/// marked, so a reader sees at a glance how sure the forecast is.
pub fn finish_histogram(c: &HistogramChart) -> Result<String> {
    let plot_height = 280;
    let range = histogram_weeks(&c.weeks);
    let week = |w: usize| c.start.checked_add_days(Days::new(7 * w as u64)).unwrap_or(c.start);
    let x_start = week(range.start).checked_sub_days(Days::new(7)).unwrap_or(c.start);
    let mut x_end = week(range.end);
    if let Some(due) = c.due {
        x_end = x_end.max(due.checked_add_days(Days::new(7)).unwrap_or(due));
    }
    let x_start = c.due.map_or(x_start, |d| x_start.min(d.checked_sub_days(Days::new(7)).unwrap_or(d)));
    let total: u32 = c.weeks.iter().sum::<u32>().max(1);
    let share = |n: u32| n as f64 * 100.0 / total as f64;
    let top = range.clone().map(|w| share(c.weeks[w])).fold(1.0, f64::max) * 1.15;
    let bar = BLUE.mix(0.8);
    let due_style = ShapeStyle::from(&VERMILLION).stroke_width(2);
    let mut legend = Legend::default();
    legend.add("trials finishing that week", Swatch::Box(bar));
    if let Some(due) = c.due {
        legend.add(format!("due ({})", crate::words::date(due)), Swatch::Line(due_style, Some((10, 4))));
    }
    let mut svg = String::new();
    let size = canvas(&legend, plot_height);
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, strip) = root.split_vertically(plot_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(c.title.as_str(), ("sans-serif", 20))
            .margin(14)
            // Room for half a date label: one whose tick is near the right edge is centred on it.
            .margin_right(DATE_LABEL_ROOM)
            .x_label_area_size(46)
            .y_label_area_size(64)
            .build_cartesian_2d(x_start..x_end, 0.0..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_labels(7)
            .y_labels(5)
            .x_label_formatter(&date_label)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_desc("finish week")
            .y_desc("share of trials")
            .label_style(("sans-serif", 15))
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .draw()
            .map_err(err)?;
        chart
            .draw_series(range.clone().map(|w| {
                let end = week(w);
                let begin = end.checked_sub_days(Days::new(6)).unwrap_or(end);
                Rectangle::new([(begin, 0.0), (end, share(c.weeks[w]))], bar.filled())
            }))
            .map_err(err)?;
        if let Some(due) = c.due {
            chart
                .draw_series(LineSeries::new([(due, 0.0), (due, top)], dashes.dashed(due_style, 10, 4)))
                .map_err(err)?;
        }
        legend.draw(&strip, &mut dashes)?;
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, size))
}

/// Horizontal bars, one per row, with the value written at the end of each bar.
pub fn bars(c: &BarChart) -> Result<String> {
    let n = c.bars.len().max(1);
    let height = (90 + 30 * n as u32).min(2000);
    let top = c.bars.iter().map(|b| b.value).chain(c.threshold).fold(0.0, f64::max).max(if c.percent {
        1.0
    } else {
        1e-9
    }) * 1.18;
    let format = |v: f64| if c.percent { format!("{:.0}%", v * 100.0) } else { number_label(&v) };
    let longest = c.bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(4).min(28) as u32;
    let mut svg = String::new();
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(c.title.as_str(), ("sans-serif", 22))
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(16 + longest * 8)
            .build_cartesian_2d(0.0..top, (0..n as i32).into_segmented())
            .map_err(err)?;
        // Segment 0 is at the bottom: the first bar goes on top.
        let at = |i: usize| (n - 1 - i) as i32;
        let labels: Vec<String> = c.bars.iter().rev().map(|b| b.label.chars().take(28).collect()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_max_light_lines(0)
            .y_labels(n)
            .x_labels(6)
            .x_label_formatter(&|v| format(*v))
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_desc(c.x_desc.as_str())
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(c.bars.iter().enumerate().map(|(i, b)| {
                let colour = if b.flagged { VERMILLION } else { BLUE };
                Rectangle::new(
                    [(0.0, SegmentValue::Exact(at(i))), (b.value, SegmentValue::Exact(at(i) + 1))],
                    colour.mix(0.85).filled(),
                )
            }))
            .map_err(err)?;
        chart
            .draw_series(c.bars.iter().enumerate().map(|(i, b)| {
                let text = match (b.flagged, b.value > 0.0) {
                    (true, true) => format!("{} ▲", format(b.value)),
                    (true, false) => "no capacity ▲".to_string(),
                    _ => format(b.value),
                };
                Text::new(
                    text,
                    (b.value + top * 0.01, SegmentValue::CenterOf(at(i))),
                    ("sans-serif", 14).into_font(),
                )
            }))
            .map_err(err)?;
        if let Some(value) = c.threshold {
            let style = ShapeStyle::from(&BLACK.mix(0.7)).stroke_width(2);
            chart
                .draw_series(LineSeries::new(
                    [(value, SegmentValue::Exact(0)), (value, SegmentValue::Exact(n as i32))],
                    dashes.dashed(style, 6, 4),
                ))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, (SIZE.0, height)))
}

/// The drift chart: the forecast finish (y) as reported week after week (x).
pub fn forecast_over_time(c: &ForecastChart) -> Result<String> {
    let xs: Vec<NaiveDate> = c.points.iter().map(|p| p.as_of).collect();
    let ys: Vec<NaiveDate> = c.points.iter().flat_map(|p| [p.p50, p.p85, p.due]).flatten().collect();
    let (Some(&x0), Some(&x1)) = (xs.iter().min(), xs.iter().max()) else { return Ok(String::new()) };
    let (Some(&y0), Some(&y1)) = (ys.iter().min(), ys.iter().max()) else { return Ok(String::new()) };
    let pad = Days::new(7);
    let (x0, x1) =
        (x0.checked_sub_days(Days::new(3)).unwrap_or(x0), x1.checked_add_days(Days::new(3)).unwrap_or(x1));
    let (y0, y1) = (y0.checked_sub_days(pad).unwrap_or(y0), y1.checked_add_days(pad).unwrap_or(y1));
    type Field = fn(&crate::history::ForecastPoint) -> Option<NaiveDate>;
    let series: [(Field, &str, RGBColor, u32, bool); 3] = [
        (|p| p.p50, "P50", ORANGE, 3, false),
        (|p| p.p85, "P85", PURPLE, 3, false),
        (|p| p.due, "due", VERMILLION, 2, true),
    ];
    let points = |field: Field| -> Vec<(NaiveDate, NaiveDate)> {
        c.points.iter().filter_map(|p| field(p).map(|y| (p.as_of, y))).collect()
    };
    let mut legend = Legend::default();
    for (field, label, colour, width, dashed) in series {
        if !points(field).is_empty() {
            let style = ShapeStyle::from(&colour).stroke_width(width);
            legend.add(label, Swatch::Line(style, dashed.then_some((10, 4))));
        }
    }
    let mut svg = String::new();
    let size = canvas(&legend, SIZE.1);
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, strip) = root.split_vertically(SIZE.1);
        let mut chart = ChartBuilder::on(&plot)
            .caption(c.title.as_str(), ("sans-serif", 22))
            .margin(14)
            // Room for half a date label: one whose tick is near the right edge is centred on it.
            .margin_right(DATE_LABEL_ROOM)
            .x_label_area_size(50)
            .y_label_area_size(96)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&date_label)
            .y_label_formatter(&date_label)
            .x_desc("report date")
            .y_desc("forecast finish")
            .label_style(("sans-serif", 16))
            .draw()
            .map_err(err)?;
        for (field, _, colour, width, dashed) in series {
            let points = points(field);
            if points.is_empty() {
                continue;
            }
            let style = ShapeStyle::from(&colour).stroke_width(width);
            if dashed {
                chart.draw_series(LineSeries::new(points, dashes.dashed(style, 10, 4))).map_err(err)?;
            } else {
                chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, colour.filled()))).map_err(err)?;
                chart.draw_series(LineSeries::new(points, style)).map_err(err)?;
            }
        }
        legend.draw(&strip, &mut dashes)?;
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, size))
}

const SERIES: [(RGBColor, Option<(u32, u32)>); 6] = [
    (BLUE, None),
    (ORANGE, Some((10, 4))),
    (GREEN, Some((4, 4))),
    (PURPLE, Some((14, 4))),
    (VERMILLION, Some((2, 3))),
    (GREY, Some((8, 2))),
];

/// Progress week by week: one point per report on x (labelled with its date), progress in
/// percent on y, every line told apart by its colour, its dash and its legend entry.
pub fn weekly(c: &WeeklyChart) -> Result<String> {
    let n = c.dates.len();
    if n == 0 {
        return Ok(String::new());
    }
    let top = c.series.iter().flat_map(|(_, v)| v.iter().flatten()).fold(1.0f64, |a, &b| a.max(b)) * 100.0;
    let labels = report_labels(c.dates.iter());
    let line = |values: &[Option<f64>]| -> Vec<(SegmentValue<i32>, f64)> {
        values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (SegmentValue::CenterOf(i as i32), v * 100.0)))
            .collect()
    };
    let mut legend = Legend::default();
    for (n, (label, _)) in c.series.iter().enumerate() {
        let (colour, dash) = SERIES[n % SERIES.len()];
        legend.add(short(label, 44), Swatch::Line(ShapeStyle::from(&colour).stroke_width(3), dash));
    }
    let plot_height = 300;
    let size = canvas(&legend, plot_height);
    let mut svg = String::new();
    let mut dashes = Dashes::default();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, strip) = root.split_vertically(plot_height);
        let mut chart = ChartBuilder::on(&plot)
            .caption(c.title.as_str(), ("sans-serif", 22))
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top.ceil())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .x_labels(n)
            .y_labels(6)
            .x_label_formatter(&|v| report_label(&labels, v))
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_desc("report date")
            .y_desc("progress")
            .label_style(("sans-serif", 16))
            .draw()
            .map_err(err)?;
        for (n, (_, values)) in c.series.iter().enumerate() {
            let (colour, dash) = SERIES[n % SERIES.len()];
            let points = line(values);
            let style = ShapeStyle::from(&colour).stroke_width(3);
            let style = match dash {
                Some((d, g)) => dashes.dashed(style, d, g),
                None => style,
            };
            chart
                .draw_series(points.iter().map(|p| Circle::new(p.clone(), 4, colour.filled())))
                .map_err(err)?;
            chart.draw_series(LineSeries::new(points, style)).map_err(err)?;
        }
        legend.draw(&strip, &mut dashes)?;
        root.present().map_err(err)?;
    }
    Ok(finish(dashes.apply(svg), &c.title, size))
}

/// The reports' dates as the charts over the cycle label them, one segment each ("30 Oct").
fn report_labels<'a>(dates: impl Iterator<Item = &'a NaiveDate>) -> Vec<String> {
    dates.map(|d| d.format("%-d %b").to_string()).collect()
}

/// The label of a report's segment on the x axis (none between segments).
fn report_label(labels: &[String], v: &SegmentValue<i32>) -> String {
    match v {
        SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// A label cut at a word to at most `max` characters, with an ellipsis where it was cut.
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let cut: String = label.chars().take(max - 1).collect();
    let kept = cut.rsplit_once(' ').map_or(cut.as_str(), |(kept, _)| kept);
    format!("{}…", kept.trim_end_matches([',', ';', ':', '-', ' ']))
}

/// A small column chart: one column per report, as tall as its bets at risk, with the count
/// written on it.
pub fn risk_strip(c: &RiskStripChart) -> Result<String> {
    let n = c.weeks.len().max(1);
    let top = c.weeks.iter().map(|w| w.2).max().unwrap_or(1).max(1) as f64;
    let size = (SIZE.0, 190);
    let labels = report_labels(c.weeks.iter().map(|w| &w.0));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d((0..n as i32 - 1).into_segmented(), 0.0..top * 1.25)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .x_labels(n)
            .y_labels(3)
            .x_label_formatter(&|v| report_label(&labels, v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(c.weeks.iter().enumerate().map(|(i, w)| {
                let x = i as i32;
                let mut bar = Rectangle::new(
                    [(SegmentValue::Exact(x), 0.0), (SegmentValue::Exact(x + 1), w.1 as f64)],
                    VERMILLION.mix(0.85).filled(),
                );
                bar.set_margin(0, 0, 8, 8);
                bar
            }))
            .map_err(err)?;
        chart
            .draw_series(c.weeks.iter().enumerate().map(|(i, w)| {
                let font =
                    TextStyle::from(("sans-serif", 15).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
                Text::new(
                    format!("{} of {}", w.1, w.2),
                    (SegmentValue::CenterOf(i as i32), w.1 as f64 + top * 0.04),
                    font,
                )
            }))
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(finish(svg, &c.title, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_axis_writes_every_label_with_as_many_decimals() {
        let labels = |lo: f64, hi: f64, ticks: &[f64]| {
            let label = axis_labels(lo, hi);
            ticks.iter().map(label).collect::<Vec<_>>()
        };
        // KR1.3's line: 0.6 to 1.06 % (it read "0.90" beside "1").
        assert_eq!(labels(0.58, 1.08, &[0.9, 1.0]), ["0.90", "1.00"]);
        assert_eq!(labels(0.0, 3.0, &[0.0, 0.5, 1.0]), ["0.0", "0.5", "1.0"]);
        assert_eq!(labels(0.0, 280.0, &[0.0, 50.0, 250.0]), ["0", "50", "250"]);
        assert_eq!(labels(-40.0, 12.5, &[-25.0, 0.0]), ["-25", "0"]);
        assert_eq!(labels(5.0, 5.0, &[5.0]), ["5"], "a flat range");
    }

    #[test]
    fn dashes_turn_each_stand_in_into_its_series_and_leave_other_strokes() {
        let mut dashes = Dashes::default();
        let grey = dashes.dashed(ShapeStyle::from(RGBColor(90, 90, 90)), 8, 5);
        let orange = dashes.dashed(ShapeStyle::from(RGBColor(230, 159, 0)), 3, 4);
        let stand_in =
            |s: ShapeStyle| format!("stroke=\"#{:02X}{:02X}{:02X}\"", s.color.0, s.color.1, s.color.2);
        let svg = format!(
            "<a {}/><b {}/><c {}/><d stroke=\"#0102FF\"/><e stroke=\"#0102\"/>",
            stand_in(grey),
            stand_in(orange),
            stand_in(grey)
        );
        assert_eq!(
            dashes.apply(svg),
            "<a stroke=\"#5A5A5A\" stroke-dasharray=\"8 5\"/><b stroke=\"#E69F00\" stroke-dasharray=\"3 4\"/>\
             <c stroke=\"#5A5A5A\" stroke-dasharray=\"8 5\"/><d stroke=\"#0102FF\"/><e stroke=\"#0102\"/>"
        );
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn kr_chart_has_title_legend_and_escaped_text() {
        let svg = kr_burn_up(&KrChart {
            title: "ARR <&> growth".into(),
            unit: "$M".into(),
            start: d("2026-07-01"),
            end: d("2026-12-31"),
            as_of: d("2026-11-20"),
            checkins: vec![(d("2026-07-15"), 4.1), (d("2026-11-01"), 5.0)],
            pace: vec![(d("2026-07-01"), 4.0), (d("2026-12-31"), 6.0)],
            target: Some(6.0),
            threshold: None,
            forecast: Some([(d("2026-07-01"), 4.0), (d("2026-12-31"), 5.4)]),
        })
        .unwrap();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(svg.contains("<title>ARR &lt;&amp;&gt; growth</title>"));
        for label in
            ["check-ins", "expected pace", "target", "forecast (trend)", "today (20 Nov 2026)", "Nov"]
        {
            assert!(svg.contains(label), "missing {label}");
        }
        assert!(!svg.contains("ARR <&>"));
    }

    #[test]
    fn dashed_lines_are_one_polyline_each_in_their_own_colour() {
        let svg = kr_burn_up(&KrChart {
            title: "Dashes".into(),
            unit: "".into(),
            start: d("2026-07-01"),
            end: d("2026-12-31"),
            as_of: d("2026-11-20"),
            checkins: vec![(d("2026-07-15"), 4.1)],
            pace: vec![(d("2026-07-01"), 4.0), (d("2026-12-31"), 6.0)],
            target: None,
            threshold: None,
            forecast: Some([(d("2026-07-01"), 4.0), (d("2026-12-31"), 5.4)]),
        })
        .unwrap();
        // Pace (grey, 8/5), forecast (orange, 3/4) and today (black at 0.6, 4/4): one element each,
        // where plotters' dashed series wrote ~200.
        assert!(svg.contains("stroke=\"#5A5A5A\" stroke-dasharray=\"8 5\""));
        assert!(svg.contains("stroke=\"#E69F00\" stroke-dasharray=\"3 4\""));
        assert!(svg.contains("opacity=\"0.6\" stroke=\"#000000\" stroke-dasharray=\"4 4\""));
        // Each dashed series once in the plot and once in its legend swatch.
        assert_eq!(svg.matches("stroke-dasharray").count(), 6);
        assert!(!svg.contains("#0102"), "no stand-in colour is left");
        assert!(svg.matches("<polyline").count() < 40);
    }

    #[test]
    fn initiative_chart_marks_due_and_percentiles() {
        let svg = initiative_burn_up(&InitiativeChart {
            title: "Checkout".into(),
            unit: "points".into(),
            as_of: d("2026-11-20"),
            scope: vec![(d("2026-09-01"), 10.0), (d("2026-11-20"), 30.0)],
            done: vec![(d("2026-09-01"), 0.0), (d("2026-11-20"), 12.0)],
            due: Some(d("2026-12-15")),
            p50: Some(d("2027-01-08")),
            p85: Some(d("2027-01-22")),
        })
        .unwrap();
        for label in ["scope", "done", "due (15 Dec 2026)", "P50 (8 Jan 2027)", "P85 (22 Jan 2027)"] {
            assert!(svg.contains(label), "missing {label}");
        }
    }

    #[test]
    fn equal_percentiles_are_one_marker() {
        let svg = initiative_burn_up(&InitiativeChart {
            title: "Same week".into(),
            unit: "points".into(),
            as_of: d("2026-11-20"),
            scope: vec![(d("2026-09-01"), 10.0), (d("2026-11-20"), 30.0)],
            done: vec![(d("2026-09-01"), 0.0), (d("2026-11-20"), 12.0)],
            due: None,
            p50: Some(d("2027-02-05")),
            p85: Some(d("2027-02-05")),
        })
        .unwrap();
        assert!(svg.contains("P50 and P85 (5 Feb 2027)"), "one marker names both");
        assert!(!svg.contains(">P85 (") && !svg.contains(">P50 ("), "no second label");
        assert!(!svg.contains("stroke-dasharray=\"6 3\""), "no P85 line hides under the P50 line");
    }

    #[test]
    fn the_histogram_shows_the_spread_and_the_due_date() {
        // 0 trials in weeks 0-2, then 1,000 / 6,000 / 2,900 / 100 in weeks 3-6.
        let weeks = [0, 0, 0, 1_000, 6_000, 2_900, 100];
        let svg = finish_histogram(&HistogramChart {
            title: "I-01 finish weeks".into(),
            start: d("2026-11-20"),
            weeks: weeks.to_vec(),
            due: Some(d("2026-12-15")),
        })
        .unwrap();
        assert!(svg.contains("due (15 Dec 2026)"));
        assert!(svg.contains("share of trials"));
        // Weeks 3..=5 hold 99 % of the trials: week 6's 1 % tail is left out.
        assert_eq!(histogram_weeks(&weeks), 3..6);
        assert_eq!(svg.matches("fill=\"#0072B2\"").count() - 1, 3, "three bars and a legend swatch");
    }

    #[test]
    fn long_series_are_thinned() {
        let points: Vec<_> =
            (0..10_000).map(|i| (d("2000-01-01") + chrono::Duration::days(i), i as f64)).collect();
        let thinned = thin(&points);
        assert!(thinned.len() <= MAX_POINTS);
        assert_eq!(thinned.last(), points.last());
    }

    #[test]
    fn the_week_by_week_charts_draw_every_series_and_label_the_reports() {
        let dates = vec![d("2026-10-30"), d("2026-11-06"), d("2026-11-13")];
        let svg = weekly(&WeeklyChart {
            title: "Progress <week> by week".into(),
            dates: dates.clone(),
            series: vec![
                ("B1 Grow".into(), vec![None, Some(0.2), Some(0.3)]),
                ("KR1.1".into(), vec![Some(0.1); 3]),
            ],
        })
        .unwrap();
        assert!(svg.contains("<title>Progress &lt;week&gt; by week</title>"));
        assert!(svg.contains("B1 Grow") && svg.contains("KR1.1") && svg.contains("stroke-dasharray"));
        let strip = risk_strip(&RiskStripChart {
            title: "Bets at risk".into(),
            weeks: dates.iter().zip([1, 2, 3]).map(|(d, n)| (*d, n, 4)).collect(),
        })
        .unwrap();
        for label in ["1 of 4", "2 of 4", "3 of 4", "30 Oct", "13 Nov"] {
            assert!(strip.contains(label), "missing {label}");
        }
    }
}
