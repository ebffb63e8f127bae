//! Bets and key results: `strategy.toml` (hand-written by leadership), or `bets.csv` and `krs.csv`
//! with the same field names.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::table::{Row, Schema, Table};
use crate::config;
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Location};
use crate::model::{Bet, Direction, KeyResult, KrKind, Pace};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StrategyFile {
    #[serde(default, rename = "bet")]
    bets: Vec<Spanned<BetToml>>,
    #[serde(default, rename = "kr")]
    krs: Vec<Spanned<KrToml>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BetToml {
    id: String,
    title: String,
    owner: Option<String>,
    horizon: Option<Horizon>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Horizon {
    #[serde(deserialize_with = "config::date")]
    start: NaiveDate,
    #[serde(deserialize_with = "config::date")]
    end: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KrToml {
    id: String,
    bet: String,
    title: String,
    #[serde(default)]
    unit: String,
    kind: Option<String>,
    baseline: Option<f64>,
    target: Option<f64>,
    threshold: Option<f64>,
    direction: Option<String>,
    #[serde(deserialize_with = "config::date")]
    start: NaiveDate,
    #[serde(deserialize_with = "config::date")]
    end: NaiveDate,
    owner: Option<String>,
    pace: Option<PaceToml>,
    weight: Option<f64>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PaceToml {
    Word(String),
    Milestones(Vec<(toml::Value, f64)>),
}

/// The fields of a key result before validation, whichever file they came from.
struct KrFields {
    id: String,
    bet: String,
    title: String,
    unit: String,
    kind: Option<String>,
    baseline: Option<f64>,
    target: Option<f64>,
    threshold: Option<f64>,
    direction: Option<String>,
    start: NaiveDate,
    end: NaiveDate,
    owner: Option<String>,
    pace: Result<Pace, String>,
    weight: Option<f64>,
    description: String,
}

/// The bets and key results of strategy.toml; `None` when the file does not parse (one error,
/// pushed to `diags`). A key result with an error of its own is left out, with its error.
pub fn load_toml(text: &str, file: &str, diags: &mut Diagnostics) -> Option<(Vec<Bet>, Vec<KeyResult>)> {
    let parsed: StrategyFile = match super::toml_file::parse(text, file) {
        Ok(parsed) => parsed,
        Err(diagnostic) => {
            diags.push(diagnostic);
            return None;
        }
    };
    let lines = LineIndex::new(text);
    let at = |span: std::ops::Range<usize>| {
        let (line, column) = lines.line_column(span.start);
        Location::at(file, line, Some(column))
    };
    let mut bets = Vec::new();
    for spanned in parsed.bets {
        let location = at(spanned.span());
        let b = spanned.into_inner();
        let horizon = b.horizon.map(|h| (h.start, h.end));
        if let Some((start, end)) = horizon
            && end < start
        {
            diags.error(location.clone(), format!("bet `{}`: horizon end is before its start", b.id));
        }
        bets.push(Bet {
            id: b.id,
            title: b.title,
            owner: b.owner,
            horizon,
            description: b.description,
            location,
        });
    }
    let mut krs = Vec::new();
    for spanned in parsed.krs {
        let location = at(spanned.span());
        let k = spanned.into_inner();
        let pace = match k.pace {
            None => Ok(Pace::Linear),
            Some(PaceToml::Word(word)) if word == "linear" => Ok(Pace::Linear),
            Some(PaceToml::Word(word)) => {
                Err(format!("pace `{word}` is neither \"linear\" nor a list of milestones"))
            }
            Some(PaceToml::Milestones(list)) => list
                .into_iter()
                .map(|(date, fraction)| {
                    let text = match date {
                        toml::Value::String(s) => s,
                        toml::Value::Datetime(d) => d.to_string(),
                        other => other.to_string(),
                    };
                    crate::load::cell::parse_iso_date(&text).map(|d| (d, fraction))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Pace::Milestones),
        };
        let fields = KrFields {
            id: k.id,
            bet: k.bet,
            title: k.title,
            unit: k.unit,
            kind: k.kind,
            baseline: k.baseline,
            target: k.target,
            threshold: k.threshold,
            direction: k.direction,
            start: k.start,
            end: k.end,
            owner: k.owner,
            pace,
            weight: k.weight,
            description: k.description,
        };
        if let Some(kr) = validate_kr(fields, location, diags) {
            krs.push(kr);
        }
    }
    Some((bets, krs))
}

pub fn load_bets_csv(table: &Table, diags: &mut Diagnostics) -> Vec<Bet> {
    let Some(schema) =
        table.schema(&["id", "title"], &["owner", "horizon_start", "horizon_end", "description"], diags)
    else {
        return vec![];
    };
    table
        .check_widths(diags)
        .into_iter()
        .filter_map(|row| {
            let id = schema.required(row, "id", diags)?;
            let title = schema.required(row, "title", diags)?;
            let start = schema.date(row, "horizon_start", diags);
            let end = schema.date(row, "horizon_end", diags);
            Some(Bet {
                id,
                title,
                owner: schema.text(row, "owner"),
                horizon: start.zip(end),
                description: schema.text(row, "description").unwrap_or_default(),
                location: schema.row_location(row),
            })
        })
        .collect()
}

pub fn load_krs_csv(table: &Table, diags: &mut Diagnostics) -> Vec<KeyResult> {
    let optional = [
        "unit",
        "kind",
        "baseline",
        "target",
        "threshold",
        "direction",
        "owner",
        "pace",
        "weight",
        "description",
    ];
    let Some(schema) = table.schema(&["id", "bet", "title", "start", "end"], &optional, diags) else {
        return vec![];
    };
    let mut krs = Vec::new();
    for row in table.check_widths(diags) {
        if let Some(fields) = kr_fields_from_row(&schema, row, diags)
            && let Some(kr) = validate_kr(fields, schema.row_location(row), diags)
        {
            krs.push(kr);
        }
    }
    krs
}

fn kr_fields_from_row(schema: &Schema, row: &Row, diags: &mut Diagnostics) -> Option<KrFields> {
    let id = schema.required(row, "id", diags)?;
    let bet = schema.required(row, "bet", diags)?;
    let title = schema.required(row, "title", diags)?;
    let start = schema.date(row, "start", diags);
    let end = schema.date(row, "end", diags);
    if schema.get(row, "start").is_none() || schema.get(row, "end").is_none() {
        diags.error(schema.row_location(row), format!("key result `{id}` needs a start and an end date"));
    }
    Some(KrFields {
        id,
        bet,
        title,
        unit: schema.text(row, "unit").unwrap_or_default(),
        kind: schema.text(row, "kind"),
        baseline: schema.number(row, "baseline", false, diags),
        target: schema.number(row, "target", false, diags),
        threshold: schema.number(row, "threshold", false, diags),
        direction: schema.text(row, "direction"),
        start: start?,
        end: end?,
        owner: schema.text(row, "owner"),
        pace: schema.get(row, "pace").map_or(Ok(Pace::Linear), parse_pace_cell),
        weight: schema.number(row, "weight", true, diags),
        description: schema.text(row, "description").unwrap_or_default(),
    })
}

/// A pace cell in krs.csv: `linear`, or milestones like `2026-09-30=0.2; 2026-12-31=1.0`.
fn parse_pace_cell(cell: &str) -> Result<Pace, String> {
    if cell.eq_ignore_ascii_case("linear") {
        return Ok(Pace::Linear);
    }
    crate::load::cell::parse_list(cell)
        .iter()
        .map(|m| {
            let (date, fraction) = m
                .split_once(['=', ':', ' '])
                .ok_or_else(|| format!("pace milestone `{m}` is not `YYYY-MM-DD=fraction`"))?;
            let date = crate::load::cell::parse_iso_date(date)?;
            let fraction = crate::load::cell::parse_number(fraction, false)?;
            Ok((date, fraction))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Pace::Milestones)
}

fn validate_kr(k: KrFields, location: Location, diags: &mut Diagnostics) -> Option<KeyResult> {
    let mut ok = true;
    let mut fail = |message: String| {
        diags.push(Diagnostic::error(location.clone(), format!("key result `{}`: {message}", k.id)));
        ok = false;
    };
    for (name, value) in
        [("baseline", k.baseline), ("target", k.target), ("threshold", k.threshold), ("weight", k.weight)]
    {
        if let Some(v) = value
            && !v.is_finite()
        {
            fail(format!("{name} must be a finite number, found {v}"));
        }
    }
    if k.weight.is_some_and(|w| w < 0.0) {
        fail("weight must not be negative".into());
    }
    if k.end <= k.start {
        fail(format!("end {} is not after start {}", k.end, k.start));
    }
    let kind = match k.kind.as_deref().unwrap_or("progress") {
        "progress" => match (k.baseline, k.target) {
            (Some(baseline), Some(target)) if baseline == target => {
                fail(format!("target equals baseline ({target}), so progress cannot be measured"));
                None
            }
            (Some(baseline), Some(target)) => match k.pace {
                Ok(pace) => check_milestones(&pace, k.start, k.end)
                    .map_err(&mut fail)
                    .ok()
                    .map(|_| KrKind::Progress { baseline, target, pace }),
                Err(message) => {
                    fail(message);
                    None
                }
            },
            _ => {
                fail("a progress key result needs a baseline and a target".into());
                None
            }
        },
        "maintain" => {
            let direction = match k.direction.as_deref() {
                Some("at_most") => Some(Direction::AtMost),
                Some("at_least") => Some(Direction::AtLeast),
                other => {
                    fail(format!("direction must be \"at_most\" or \"at_least\", found {other:?}"));
                    None
                }
            };
            match (k.threshold, direction) {
                (Some(threshold), Some(direction)) => Some(KrKind::Maintain { threshold, direction }),
                (None, _) => {
                    fail("a maintain key result needs a threshold".into());
                    None
                }
                _ => None,
            }
        }
        other => {
            fail(format!("kind must be \"progress\" or \"maintain\", found `{other}`"));
            None
        }
    };
    let kind = kind.filter(|_| ok)?;
    Some(KeyResult {
        id: k.id,
        bet: k.bet,
        title: k.title,
        unit: k.unit,
        kind,
        start: k.start,
        end: k.end,
        owner: k.owner,
        weight: k.weight,
        description: k.description,
        location,
    })
}

/// Milestones must lie inside the window, in date order, with finite fractions.
fn check_milestones(pace: &Pace, start: NaiveDate, end: NaiveDate) -> Result<(), String> {
    let Pace::Milestones(list) = pace else { return Ok(()) };
    let mut previous = start;
    for &(date, fraction) in list {
        if !fraction.is_finite() {
            return Err(format!("milestone {date} has a fraction that is not a finite number"));
        }
        if date < previous || date > end {
            return Err(format!("milestone {date} is out of order or outside {start}..{end}"));
        }
        previous = date;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRATEGY: &str = r#"
[[bet]]
id = "B1"
title = "Win"

[[kr]]
id = "KR1"
bet = "B1"
title = "ARR"
baseline = 4.0
target = 6.0
start = "2026-07-01"
end = 2026-12-31
pace = [["2026-09-30", 0.2], [2026-12-31, 1.0]]

[[kr]]
id = "KR2"
bet = "B1"
title = "Churn"
kind = "maintain"
threshold = 2.0
direction = "at_most"
start = "2026-07-01"
end = "2026-12-31"
"#;

    #[test]
    fn reads_bets_progress_and_maintain_krs() {
        let mut diags = Diagnostics::default();
        let (bets, krs) = load_toml(STRATEGY, "strategy.toml", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(bets.len(), 1);
        assert_eq!(bets[0].location.line, Some(2));
        assert_eq!(krs.len(), 2);
        match &krs[0].kind {
            KrKind::Progress { pace: Pace::Milestones(m), .. } => assert_eq!(m.len(), 2),
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(krs[1].kind, KrKind::Maintain { direction: Direction::AtMost, .. }));
    }

    #[test]
    fn target_equal_to_baseline_is_an_error() {
        let mut diags = Diagnostics::default();
        let text = "[[kr]]\nid='K'\nbet='B'\ntitle='t'\nbaseline=1\ntarget=1\nstart='2026-01-01'\nend='2026-02-01'\n";
        let (_, krs) = load_toml(text, "s.toml", &mut diags).unwrap();
        assert!(krs.is_empty());
        assert!(diags.iter().next().unwrap().message.contains("target equals baseline"));
    }

    #[test]
    fn unknown_keys_and_nan_are_errors() {
        let mut diags = Diagnostics::default();
        load_toml("[[bet]]\nid='B'\ntitel='x'\n", "s.toml", &mut diags);
        assert_eq!(diags.iter().next().unwrap().hint.as_deref(), Some("did you mean `title`?"));
        let mut diags = Diagnostics::default();
        let text = "[[kr]]\nid='K'\nbet='B'\ntitle='t'\nbaseline=nan\ntarget=1\nstart='2026-01-01'\nend='2026-02-01'\n";
        load_toml(text, "s.toml", &mut diags);
        assert!(diags.has_errors());
    }

    #[test]
    fn pace_cells_in_csv() {
        let pace = parse_pace_cell("2026-09-30=0.2; 2026-12-31=1").unwrap();
        assert_eq!(
            pace,
            Pace::Milestones(vec![
                (NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(), 0.2),
                (NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), 1.0)
            ])
        );
    }
}
