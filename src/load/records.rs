//! The native CSV files (docs/files.md) other than work: check-ins, initiatives, people and
//! commitments.

use super::cell;
use super::table::Table;
use crate::diag::Diagnostics;
use crate::model::{CheckIn, Commitment, Initiative, InitiativeState, Person};

pub fn load_checkins(table: &Table, diags: &mut Diagnostics) -> Vec<CheckIn> {
    let Some(schema) = table.schema(&["kr", "date", "value"], &["confidence", "note"], diags) else {
        return vec![];
    };
    let rows = table.check_widths(diags);
    // The confidence scale is detected per file (docs/files.md#checkinscsv). Numbers all within
    // 0–1 are taken as they are; otherwise the file uses 1–10 and is divided by 10. Words are
    // fixed.
    let numbers: Vec<f64> = rows
        .iter()
        .filter_map(|row| schema.get(row, "confidence"))
        .filter_map(|c| cell::parse_number(c, false).ok())
        .collect();
    let ten_scale = numbers.iter().any(|&n| n > 1.0);
    let mut checkins = Vec::with_capacity(rows.len());
    for row in rows {
        let kr = schema.required(row, "kr", diags);
        let date = schema.date(row, "date", diags);
        let value = schema.number(row, "value", false, diags);
        if schema.get(row, "date").is_none() {
            diags.error(schema.location(row, "date"), "the `date` cell is empty");
        }
        if schema.get(row, "value").is_none() {
            diags.error(schema.location(row, "value"), "the `value` cell is empty");
        }
        let confidence = schema.get(row, "confidence").and_then(|text| {
            let parsed = match text.to_lowercase().as_str() {
                "low" => Ok(0.3),
                "medium" => Ok(0.5),
                "high" => Ok(0.8),
                _ => cell::parse_number(text, true).and_then(|n| {
                    let n = if ten_scale { n / 10.0 } else { n };
                    if n <= 1.0 {
                        Ok(n)
                    } else {
                        Err(format!("expected 0–1, 1–10 or low/medium/high, found `{text}`"))
                    }
                }),
            };
            parsed
                .map_err(|message| {
                    diags.error(schema.location(row, "confidence"), format!("confidence: {message}"))
                })
                .ok()
        });
        if let (Some(kr), Some(date), Some(value)) = (kr, date, value) {
            checkins.push(CheckIn {
                kr,
                date,
                value,
                confidence,
                note: schema.text(row, "note").unwrap_or_default(),
                location: schema.row_location(row),
            });
        }
    }
    checkins
}

pub fn load_initiatives(table: &Table, diags: &mut Diagnostics) -> Vec<Initiative> {
    let optional = [
        "owner",
        "team",
        "start",
        "due",
        "baseline_due",
        "status",
        "depends_on",
        "epics",
        "estimate",
        "people",
    ];
    let Some(schema) = table.schema(&["id", "title", "krs"], &optional, diags) else {
        return vec![];
    };
    let mut initiatives = Vec::new();
    for row in table.check_widths(diags) {
        let Some(id) = schema.required(row, "id", diags) else { continue };
        let state = match InitiativeState::parse(schema.get(row, "status").unwrap_or("")) {
            Some(state) => state,
            None => {
                diags.push(
                    crate::diag::Diagnostic::error(
                        schema.location(row, "status"),
                        format!(
                            "initiative `{id}` has the status `{}`",
                            schema.get(row, "status").unwrap_or("")
                        ),
                    )
                    .with_hint(format!("use one of {}", InitiativeState::WORDS)),
                );
                continue;
            }
        };
        initiatives.push(Initiative {
            title: schema.text(row, "title").unwrap_or_else(|| id.clone()),
            krs: schema.list(row, "krs"),
            owner: schema.text(row, "owner"),
            team: schema.text(row, "team"),
            start: schema.date(row, "start", diags),
            due: schema.date(row, "due", diags),
            baseline_due: schema.date(row, "baseline_due", diags),
            state,
            depends_on: schema.list(row, "depends_on"),
            epics: schema.list(row, "epics"),
            estimate: schema.number(row, "estimate", true, diags),
            people: schema.list(row, "people"),
            location: schema.row_location(row),
            id,
        });
    }
    initiatives
}

pub fn load_people(table: &Table, diags: &mut Diagnostics) -> Vec<Person> {
    let Some(schema) = table.schema(&["id"], &["name", "team", "capacity", "email"], diags) else {
        return vec![];
    };
    let mut people = Vec::new();
    for row in table.check_widths(diags) {
        let Some(id) = schema.required(row, "id", diags) else { continue };
        people.push(Person {
            name: schema.text(row, "name").unwrap_or_else(|| id.clone()),
            team: schema.text(row, "team"),
            capacity: schema.number(row, "capacity", true, diags),
            email: schema.text(row, "email"),
            listed: true,
            location: schema.row_location(row),
            id,
        });
    }
    people
}

pub fn load_commitments(table: &Table, diags: &mut Diagnostics) -> Vec<Commitment> {
    let Some(schema) = table.schema(&["id", "title", "initiative", "date"], &["made_by", "audience"], diags)
    else {
        return vec![];
    };
    let mut commitments = Vec::new();
    for row in table.check_widths(diags) {
        let id = schema.required(row, "id", diags);
        let initiative = schema.required(row, "initiative", diags);
        let date = schema.date(row, "date", diags);
        if schema.get(row, "date").is_none() {
            diags.error(schema.location(row, "date"), "the `date` cell is empty");
        }
        if let (Some(id), Some(initiative), Some(date)) = (id, initiative, date) {
            commitments.push(Commitment {
                title: schema.text(row, "title").unwrap_or_else(|| id.clone()),
                initiative,
                date,
                made_by: schema.text(row, "made_by"),
                audience: schema.text(row, "audience"),
                location: schema.row_location(row),
                id,
            });
        }
    }
    commitments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::parse(text.as_bytes(), "t.csv", &mut Diagnostics::default()).unwrap()
    }

    #[test]
    fn confidence_scale_is_detected_per_file() {
        let mut diags = Diagnostics::default();
        let c = load_checkins(
            &table("kr,date,value,confidence\nK,2026-01-01,1,0.4\nK,2026-01-02,1,high\n"),
            &mut diags,
        );
        assert_eq!(c[0].confidence, Some(0.4));
        assert_eq!(c[1].confidence, Some(0.8));
        // One value above 1 makes the whole file a 1–10 scale: 7 -> 0.7, 0.5 -> 0.05.
        let c = load_checkins(
            &table("kr,date,value,confidence\nK,2026-01-01,1,7\nK,2026-01-02,1,0.5\n"),
            &mut diags,
        );
        assert_eq!(c[0].confidence, Some(0.7));
        assert_eq!(c[1].confidence, Some(0.05));
        assert!(diags.is_empty());
    }

    #[test]
    fn bad_cells_name_line_and_column() {
        let mut diags = Diagnostics::default();
        load_checkins(&table("kr,date,value\nK,2026-13-01,1\nK,2026-01-01,NaN\n"), &mut diags);
        let found: Vec<_> = diags.iter().map(|d| (d.location.line, d.location.column)).collect();
        assert_eq!(found, vec![(Some(2), Some(2)), (Some(3), Some(3))]);
    }

    #[test]
    fn initiative_status_outside_its_five_words_is_an_error() {
        let mut diags = Diagnostics::default();
        let i =
            load_initiatives(&table("id,title,krs,status\nI1,a,K,active\nI2,b,K,\nI3,c,K,wip\n"), &mut diags);
        assert_eq!(i.len(), 2);
        assert_eq!(i[1].state, InitiativeState::Active);
        assert_eq!(diags.error_count(), 1);
    }

    #[test]
    fn row_width_must_match_the_header() {
        let mut diags = Diagnostics::default();
        let p = load_people(&table("id,team\nana,x\nbob\n"), &mut diags);
        assert_eq!(p.len(), 1);
        assert_eq!(diags.iter().next().unwrap().location.line, Some(3));
    }
}
