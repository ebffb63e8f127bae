//! Dates as trackers write them: ISO with or without a time, Jira's `22/Dec/25 2:38 PM` (also in
//! the languages Jira ships: `10/oct./16`, `12/lut/21`, `26/abr/26`, `19/févr./26`), Excel's `16/02/2017 15:26`, Azure DevOps' `1/15/2024 10:32:00 AM` and
//! Linear's `Mon Feb 06 2023 05:00:00 GMT+0000 (GMT)`. A timestamp's date is the date as written.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvidence {
    None,
    DayFirst,
    MonthFirst,
    Both,
}

impl OrderEvidence {
    /// What two parts of a file prove together.
    pub fn and(self, other: OrderEvidence) -> OrderEvidence {
        use OrderEvidence::*;
        match (self, other) {
            (None, e) | (e, None) => e,
            (a, b) if a == b => a,
            _ => Both,
        }
    }
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
    let mut words = text.split_whitespace();
    let words: [&str; 4] = std::array::from_fn(|_| words.next().unwrap_or_default());
    if !words[3].is_empty() && words[0].len() == 3 && words[0].chars().all(char::is_alphabetic) {
        let month = month_number(words[1]).ok_or_else(fail)?;
        let day: u32 = words[2].parse().map_err(|_| fail())?;
        let year: i32 = words[3].parse().map_err(|_| fail())?;
        return NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| format!("`{text}` is not a day that exists"));
    }
    let date = date_part(text);
    // ISO: 2026-11-20, 2026-11-20T10:00:00Z, 2026/11/20.
    if let Some(iso) = three(date.split(['-', '/', '.']))
        && iso[0].len() == 4
        && iso[0].bytes().all(|b| b.is_ascii_digit())
    {
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
    if let Some(parts) = three(date.split(['/', '-', ' ']).filter(|p| !p.is_empty()))
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
    let parts = three(date.split(['/', '.', '-']))?;
    if parts[0].len() > 2 || parts[1].len() > 2 || !(parts[2].len() == 2 || parts[2].len() == 4) {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?))
}

/// The parts when there are exactly three: the shape of every date but Linear's. Half a million
/// work items have a few dates each, so no list is allocated for them.
fn three<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<[&'a str; 3]> {
    let three = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(three)
}

fn full_year(y: i32) -> i32 {
    if y < 100 { 2000 + y } else { y }
}

/// A month's name or abbreviation in any language the presets read: `Dec`, `févr.`, `lut`,
/// `abr`, `Mär`, `mag`, `okt`, `3月`. Case and a trailing dot do not matter.
fn month_number(word: &str) -> Option<u32> {
    MONTH_OF.get(normal_month(word).as_ref()).copied()
}

fn normal_month(word: &str) -> std::borrow::Cow<'_, str> {
    let word = word.trim().trim_end_matches('.');
    if word.chars().any(char::is_uppercase) { word.to_lowercase().into() } else { word.into() }
}

/// `MONTHS` to look up: the first month a name has (no name has two; a test checks).
static MONTH_OF: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, u32>> =
    std::sync::LazyLock::new(|| {
        let mut of = rustc_hash::FxHashMap::default();
        for (name, month) in MONTHS.iter() {
            of.entry(name.as_str()).or_insert(*month);
        }
        of
    });

/// Every month name, abbreviated and in full (and the nominative forms of the languages that
/// decline them), from the C library's locale data as pure-rust-locales carries it, for the
/// languages of the presets; then the abbreviations Jira writes where its locale data (Java's)
/// differs from the C library's.
static MONTHS: std::sync::LazyLock<Vec<(String, u32)>> = std::sync::LazyLock::new(|| {
    use pure_rust_locales as l;
    macro_rules! locale {
        ($($m:ident),*) => {
            [$((l::$m::LC_TIME::ABMON, l::$m::LC_TIME::MON, l::$m::LC_TIME::AB_ALT_MON, l::$m::LC_TIME::ALT_MON)),*]
        };
    }
    let locales = locale!(en_US, fr_FR, es_ES, pt_BR, pt_PT, pl_PL, de_DE, it_IT, nl_NL, ja_JP);
    let mut months: Vec<(String, u32)> = Vec::new();
    let mut add = |names: &[&str]| {
        for (i, name) in names.iter().enumerate().take(12) {
            let name = normal_month(name);
            if !name.is_empty() {
                months.push((name.into_owned(), i as u32 + 1));
            }
        }
    };
    for (short, long, alt_short, alt_long) in locales {
        add(short);
        add(long);
        add(alt_short.unwrap_or_default());
        add(alt_long.unwrap_or_default());
    }
    for (name, month) in JIRA_MONTHS {
        months.push((normal_month(name).into_owned(), *month));
    }
    months
});

/// Abbreviations Jira writes that the C library's locales do not: Java's locale data (CLDR)
/// and older Jira versions abbreviate some months otherwise, and people type accents away.
const JIRA_MONTHS: &[(&str, u32)] = &[
    ("sept", 9),
    ("fevr", 2),
    ("fév", 2),
    ("avr", 4),
    ("aout", 8),
    ("dec", 12),
    ("mrz", 3),
    ("mär", 3),
    ("paz", 10),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_of_two_parts_is_what_the_whole_proves() {
        use OrderEvidence::*;
        // Proving nothing, day first, month first.
        let parts = ["01/02/26", "13/02/26", "02/13/26"];
        for a in parts {
            for b in parts {
                let whole = numeric_order_evidence([a, b].into_iter()).0;
                let apart =
                    numeric_order_evidence([a].into_iter()).0.and(numeric_order_evidence([b].into_iter()).0);
                assert_eq!(whole, apart, "{a} and {b}");
            }
        }
        assert_eq!(DayFirst.and(MonthFirst), Both);
        assert_eq!(Both.and(None), Both);
    }

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
    fn reads_month_abbreviations_in_the_languages_jira_ships() {
        // As the real exports write them (tests/fixtures/real-exports-i18n), then as Jira's
        // other languages do.
        let cases = [
            ("26/abr/26 12:55 PM", (2026, 4, 26)),
            ("17/mai/26 8:40 PM", (2026, 5, 17)),
            ("13/mar/26 6:01 PM", (2026, 3, 13)),
            ("12/lut/21 10:19 PM", (2021, 2, 12)),
            ("19/févr./26 7:31 PM", (2026, 2, 19)),
            ("02/Mär/24 9:00 AM", (2024, 3, 2)),
            ("02/mag/24", (2024, 5, 2)),
            ("02/okt/24", (2024, 10, 2)),
            ("02/mrt/24", (2024, 3, 2)),
            ("02/paź/24", (2024, 10, 2)),
            ("02/dic/24", (2024, 12, 2)),
            ("02/sept/24", (2024, 9, 2)),
            ("02/out/24", (2024, 10, 2)),
            ("02/3月/24 3:45 午後", (2024, 3, 2)),
            ("02/12月/24", (2024, 12, 2)),
        ];
        for (text, (y, m, day)) in cases {
            assert_eq!(parse_tracker_date(text, false), Ok(d(y, m, day)), "{text}");
        }
        assert!(parse_tracker_date("02/xyz/24", false).is_err());
    }

    #[test]
    fn no_month_name_means_two_months() {
        let mut seen: std::collections::HashMap<&str, u32> = Default::default();
        for (name, month) in MONTHS.iter() {
            if let Some(other) = seen.insert(name, *month) {
                assert_eq!(other, *month, "`{name}` names two months");
            }
        }
        assert!(MONTHS.len() > 200, "the locale data is there: {}", MONTHS.len());
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
