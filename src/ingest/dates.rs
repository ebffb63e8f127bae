//! Dates as trackers write them: ISO with or without a time, Jira's `22/Dec/25 2:38 PM` (also in
//! French, `10/oct./16`), Excel's `16/02/2017 15:26`, Azure DevOps' `1/15/2024 10:32:00 AM` and
//! Linear's `Mon Feb 06 2023 05:00:00 GMT+0000 (GMT)`. A timestamp's date is the date as written.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvidence {
    None,
    DayFirst,
    MonthFirst,
    Both,
}

/// What the numeric dates of a file prove about their order: a first field above 12 proves
/// day-first, a second field above 12 proves month-first. Also whether there was any numeric
/// date at all.
pub fn numeric_order_evidence<'a>(cells: impl Iterator<Item = &'a str>) -> (OrderEvidence, bool) {
    let (mut day_first, mut month_first, mut any) = (false, false, false);
    for cell in cells {
        if let Some((a, b, _)) = numeric_parts(date_part(cell)) {
            any = true;
            day_first |= a > 12;
            month_first |= b > 12;
        }
    }
    let evidence = match (day_first, month_first) {
        (false, false) => OrderEvidence::None,
        (true, false) => OrderEvidence::DayFirst,
        (false, true) => OrderEvidence::MonthFirst,
        (true, true) => OrderEvidence::Both,
    };
    (evidence, any)
}

pub fn parse_tracker_date(text: &str, month_first: bool) -> Result<NaiveDate, String> {
    let text = text.trim();
    let fail = || format!("`{text}` is not a date this preset can read");
    // Linear: JavaScript's Date.toString(), e.g. `Mon Feb 06 2023 05:00:00 GMT+0000 (GMT)`.
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 4 && words[0].len() == 3 && words[0].chars().all(char::is_alphabetic) {
        let month = month_number(words[1]).ok_or_else(fail)?;
        let day: u32 = words[2].parse().map_err(|_| fail())?;
        let year: i32 = words[3].parse().map_err(|_| fail())?;
        return NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("`{text}` is not a day that exists"));
    }
    let date = date_part(text);
    // ISO: 2026-11-20, 2026-11-20T10:00:00Z, 2026/11/20.
    let iso: Vec<&str> = date.split(['-', '/', '.']).collect();
    if iso.len() == 3 && iso[0].len() == 4 && iso[0].bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (
            iso[0].parse().map_err(|_| fail())?,
            iso[1].parse().map_err(|_| fail())?,
            iso[2].parse().map_err(|_| fail())?,
        );
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("`{text}` is not a day that exists"));
    }
    // Numeric day-first or month-first: 16/02/2017, 1/15/2024, 16.02.2017.
    if let Some((a, b, y)) = numeric_parts(date) {
        let (d, m) = if month_first { (b, a) } else { (a, b) };
        return NaiveDate::from_ymd_opt(full_year(y), m, d)
            .ok_or_else(|| format!("`{text}` is not a day that exists"));
    }
    // Jira: 22/Dec/25, 10/oct./16, 5-Jan-2024.
    let parts: Vec<&str> = date.split(['/', '-', ' ']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 3
        && let (Ok(d), Some(m), Ok(y)) =
            (parts[0].parse::<u32>(), month_number(parts[1]), parts[2].parse::<i32>())
    {
        return NaiveDate::from_ymd_opt(full_year(y), m, d)
            .ok_or_else(|| format!("`{text}` is not a day that exists"));
    }
    Err(fail())
}

/// The date before any time of day: `16/02/2017 15:26` -> `16/02/2017`, `2026-11-20T10:00` -> `2026-11-20`.
fn date_part(text: &str) -> &str {
    let text = text.trim();
    let end = text.find([' ', 'T']).filter(|&i| i >= 6).unwrap_or(text.len());
    &text[..end]
}

fn numeric_parts(date: &str) -> Option<(u32, u32, i32)> {
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    if parts.len() != 3
        || parts[0].len() > 2
        || parts[1].len() > 2
        || !(parts[2].len() == 2 || parts[2].len() == 4)
    {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?))
}

fn full_year(y: i32) -> i32 {
    if y < 100 { 2000 + y } else { y }
}

/// English and French month names and abbreviations, as Jira writes them.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let table: [(&[&str], u32); 12] = [
        (&["jan", "january", "janv", "janvier"], 1),
        (&["feb", "february", "févr", "fevr", "février", "fev", "fév"], 2),
        (&["mar", "march", "mars"], 3),
        (&["apr", "april", "avr", "avril"], 4),
        (&["may", "mai"], 5),
        (&["jun", "june", "juin"], 6),
        (&["jul", "july", "juil", "juillet"], 7),
        (&["aug", "august", "août", "aout"], 8),
        (&["sep", "sept", "september", "septembre"], 9),
        (&["oct", "october", "octobre"], 10),
        (&["nov", "november", "novembre"], 11),
        (&["dec", "december", "déc", "décembre"], 12),
    ];
    table.iter().find(|(names, _)| names.contains(&w.as_str())).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_each_trackers_format() {
        assert_eq!(parse_tracker_date("22/Dec/25 2:38 PM", false), Ok(d(2025, 12, 22)));
        assert_eq!(parse_tracker_date("10/oct./16 11:54 AM", false), Ok(d(2016, 10, 10)));
        assert_eq!(parse_tracker_date("16/02/2017 15:26", false), Ok(d(2017, 2, 16)));
        assert_eq!(parse_tracker_date("1/15/2024 10:32:00 AM", true), Ok(d(2024, 1, 15)));
        assert_eq!(parse_tracker_date("Mon Feb 06 2023 05:00:00 GMT+0000 (GMT)", false), Ok(d(2023, 2, 6)));
        assert_eq!(parse_tracker_date("2026-11-20T23:30:00-05:00", false), Ok(d(2026, 11, 20)));
        assert_eq!(parse_tracker_date("2026-11-20", false), Ok(d(2026, 11, 20)));
        assert!(parse_tracker_date("31/02/2026", false).is_err());
        assert!(parse_tracker_date("29:10.8", false).is_err());
    }

    #[test]
    fn numeric_order_is_proved_by_the_values() {
        let cells = ["03/04/2026", "16/02/2017 15:26"];
        assert_eq!(numeric_order_evidence(cells.into_iter()), (OrderEvidence::DayFirst, true));
        assert_eq!(numeric_order_evidence(["1/15/2024"].into_iter()), (OrderEvidence::MonthFirst, true));
        assert_eq!(numeric_order_evidence(["1/15/2024", "15/1/2024"].into_iter()).0, OrderEvidence::Both);
        assert_eq!(numeric_order_evidence(["2026-01-02"].into_iter()), (OrderEvidence::None, false));
        assert_eq!(numeric_order_evidence(["03/04/2026"].into_iter()), (OrderEvidence::None, true));
    }
}
