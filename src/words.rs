//! The words Throughline writes for a reader, in one place: the label, symbol and phrase of every
//! status, the name of every signal kind and severity, the nouns for entities, and how dates,
//! shares, day counts and forecasts read. The site, the board pack and the signals' messages all
//! take their words from here, so a label reads the same everywhere and is fixed once. Nothing a
//! reader sees is an enum's name or a `Debug` format.

use chrono::{Datelike, NaiveDate};

use crate::model::{Direction, WorkStatus};
use crate::model::{EntityKind, Severity, SignalKind, Status};

/// How a status reads: a badge's label, its symbol (the status never rests on colour alone), and
/// the phrase that completes "KR1.1 is …" or "I-10 has …" in a sentence.
pub struct StatusWords {
    pub label: &'static str,
    pub icon: &'static str,
    pub phrase: &'static str,
}

/// How a status reads on an entity of `kind`: a bet without data has no key result to measure it
/// ("Unmeasured"), a key result without data has no check-in yet.
pub fn status_of(kind: EntityKind, s: Status) -> StatusWords {
    match (kind, s) {
        (EntityKind::Bet, Status::NoData) => {
            StatusWords { label: "Unmeasured", icon: "▲", phrase: "not measured by any key result" }
        }
        _ => status(s),
    }
}

pub fn status(s: Status) -> StatusWords {
    let (label, icon, phrase) = match s {
        Status::OnTrack => ("On track", "●", "on track"),
        Status::AtRisk => ("At risk", "▲", "at risk"),
        Status::OffTrack => ("Off track", "✖", "off track"),
        Status::Done => ("Done", "✔", "done"),
        Status::NotStarted => ("Not started", "○", "not started"),
        // A started key result without a check-in, or a started initiative without a forecast:
        // both count as risks, and read as what is missing.
        Status::NoData => ("No check-in", "▲", "without a check-in"),
        Status::Unknown => ("No forecast", "▲", "without a forecast"),
        Status::Proposed => ("Proposed", "◇", "proposed"),
        // U+2016 rather than the pause sign U+23F8, which no common font draws (the PDF's DejaVu
        // Sans among them).
        Status::Paused => ("Paused", "‖", "paused"),
        Status::Cancelled => ("Cancelled", "–", "cancelled"),
        Status::Kept => ("Kept", "✔", "kept"),
        Status::Broken => ("Broken", "✖", "broken"),
    };
    StatusWords { label, icon, phrase }
}

/// A key result that keeps a metric on the right side of a line reads as holding or breached,
/// never as a progress percentage.
pub fn holding(holds: bool) -> &'static str {
    if holds { "Holding" } else { "Breached" }
}

pub fn direction(d: Direction) -> &'static str {
    match d {
        Direction::AtMost => "at most",
        Direction::AtLeast => "at least",
    }
}

pub fn work_status(s: WorkStatus) -> &'static str {
    match s {
        WorkStatus::Todo => "To do",
        WorkStatus::InProgress => "In progress",
        WorkStatus::Blocked => "Blocked",
        WorkStatus::Done => "Done",
        WorkStatus::Cancelled => "Cancelled",
    }
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::Warning => "Warning",
        Severity::Info => "Note",
    }
}

/// The noun for a kind of entity, as a sentence uses it ("a key result", "an initiative").
pub fn entity(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Bet => "bet",
        EntityKind::Kr => "key result",
        EntityKind::Initiative => "initiative",
        EntityKind::WorkItem => "work item",
        EntityKind::Person => "person",
        EntityKind::Team => "team",
        EntityKind::Commitment => "commitment",
        EntityKind::Source => "work export",
    }
}

/// What a signal is called, what it sits on, and one line on what fires it (the methodology page,
/// the risks page). A setting's name in `about` is between backticks, for a renderer to set as
/// code.
pub struct SignalWords {
    pub label: &'static str,
    pub sits_on: &'static str,
    pub about: &'static str,
}

pub fn signal(kind: SignalKind) -> SignalWords {
    use SignalKind::*;
    let (label, about) = match kind {
        KrOffTrack => ("Key result off track", "the key result's final status is off track"),
        KrAtRisk => ("Key result at risk", "the key result's final status is at risk"),
        KrNoData => ("No check-in", "the key result has started and has no check-in"),
        KrStale => ("Stale check-in", "the latest check-in is older than `stale_after_days`"),
        ForecastMiss => (
            "Trend misses the target",
            "on pace, but the trend of check-ins ends below 1 − `at_risk_gap` of the target",
        ),
        ConfidenceDrop => {
            ("Confidence dropped", "confidence fell by 0.2 or more since the previous check-in")
        }
        OptimismGap => ("Optimism gap", "a confidence of 0.7 or more on a key result at risk or off track"),
        UnsupportedKr => ("Unsupported key result", "no active or done initiative supports the key result"),
        OutputWithoutOutcome => (
            "Output without outcome",
            "its initiatives are 80% done or more while the key result is behind pace",
        ),
        OutcomeWithoutOutput => {
            ("Outcome without output", "progress of 80% or more while its initiatives are under 20% done")
        }
        UnmeasuredBet => ("Unmeasured bet", "the bet has no key result"),
        InitiativeOffTrack => ("Initiative off track", "past due, or P(on time) below `late_probability`"),
        InitiativeAtRisk => (
            "Initiative at risk",
            "P(on time) below `on_time_probability`, or dormant while its forecast says on track",
        ),
        NoForecast => ("No forecast", "started, but nothing was finished in the throughput window"),
        Replanned => ("Re-planned", "the due date is later than the first promise (`baseline_due`)"),
        Dormant => ("Dormant", "active, and no item created, started or done in `dormant_after_days`"),
        OverdueWork => ("Overdue work", "items past their due date and not done"),
        BlockedWork => ("Blocked work", "items in a blocked status"),
        UnassignedWork => ("Unassigned work", "in-progress or blocked items without an assignee"),
        InitiativeWithoutKr => ("Initiative without a key result", "the initiative supports no key result"),
        ExpiredKrWork => (
            "Work after its key results ended",
            "work done after the window of every key result it supports had ended",
        ),
        DependencyConflict => (
            "Dependency conflict",
            "a predecessor's P50 finish falls after this initiative's start or due date",
        ),
        CommitmentAtRisk => {
            ("Commitment at risk", "P(initiative done by the promised date) below `on_time_probability`")
        }
        CommitmentBroken => {
            ("Commitment broken", "the promised date passed and the initiative was not done by it")
        }
        Overloaded => ("Overloaded", "open work above `overload` × capacity for the rest of the cycle"),
        WipExceeded => {
            ("Too many initiatives at once", "more started, unfinished active initiatives than `wip_limit`")
        }
        OrphanWork => ("Orphan work", "work items that reach no initiative, by the assignees' team"),
        UnlinkedEpic => ("Unlinked epic", "a container (an epic) that reaches no initiative"),
        Unowned => ("No owner", "no owner, or an owner who is not in people.csv"),
        StaleExport => (
            "Stale export",
            "the newest activity in a work export is more than 7 days before the report date",
        ),
    };
    let sits_on = match kind {
        KrOffTrack | KrAtRisk | KrNoData | KrStale | ForecastMiss | ConfidenceDrop | OptimismGap
        | UnsupportedKr | OutputWithoutOutcome | OutcomeWithoutOutput => "a key result",
        UnmeasuredBet => "a bet",
        InitiativeOffTrack | InitiativeAtRisk | NoForecast | Replanned | Dormant | OverdueWork
        | BlockedWork | UnassignedWork | InitiativeWithoutKr | ExpiredKrWork | DependencyConflict => {
            "an initiative"
        }
        CommitmentAtRisk | CommitmentBroken => "a commitment",
        Overloaded => "a person",
        WipExceeded | OrphanWork => "a team",
        UnlinkedEpic => "an epic",
        Unowned => "a bet, a key result or an initiative",
        StaleExport => "a work export",
    };
    SignalWords { label, sits_on, about }
}

/// "a key result", "an initiative", "an export": the indefinite article by the first sound. The
/// nouns here are the product's own, so the first letter tells the sound.
pub fn with_article(noun: &str) -> String {
    let vowel = noun.chars().next().is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// "1 item", "3 items".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// "I-01", "I-01 and I-09", "I-01, I-09 and I-12".
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// "20 Nov 2026".
pub fn date(d: NaiveDate) -> String {
    // What chrono's "%-d %b %Y" writes, without parsing the format for each of the hundreds of
    // thousands of dates a large site shows.
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match d.year() {
        year @ 0..=9999 => format!("{} {} {year:04}", d.day(), MONTHS[d.month0() as usize]),
        _ => d.format("%-d %b %Y").to_string(),
    }
}

/// A date that may be missing: "—" when it is.
pub fn maybe_date(d: Option<NaiveDate>) -> String {
    d.map_or("—".into(), date)
}

/// "42%", or "—" when there is no value.
pub fn percent(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{:.0}%", v * 100.0))
}

/// A gap in percentage points, signed with a true minus: "−12 pts".
pub fn points(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| minus(format!("{:+.0} pts", v * 100.0)))
}

/// A value with its unit: "35%", "4.2 $M", "320 ms".
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "" => number(value),
        "%" => format!("{}%", number(value)),
        unit => format!("{} {unit}", number(value)),
    }
}

/// A number as a person writes it: at most two decimals, and no trailing zeros ("12", "4.5",
/// "0.83"). Two decimals, not one: a check-in of 0.83 against a line of 0.8 must not read as 0.8.
pub fn number(value: f64) -> String {
    // Rounding to hundredths in integers gives what `{:.2}` gives (its exact decimal rounding),
    // several times faster, wherever the product is far from a tie: else `{:.2}` decides.
    let hundredths = value * 100.0;
    if hundredths.abs() < 1e9 && (hundredths.fract().abs() - 0.5).abs() > 1e-6 {
        let n = hundredths.round() as i64;
        let (whole, part) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
        let sign = if n < 0 { "-" } else { "" };
        return match part {
            0 => format!("{sign}{whole}"),
            p if p % 10 == 0 => format!("{sign}{whole}.{}", p / 10),
            p => format!("{sign}{whole}.{p:02}"),
        };
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_string() }
}

/// The typographic minus for a reader, where Rust writes a hyphen.
pub fn minus(text: String) -> String {
    text.replace('-', "−")
}

/// How far a date falls from the one it is held against, in words: "12 days late", "42 days
/// early", "on the due date".
pub fn slip(days: i64) -> String {
    match days {
        0 => "on the due date".into(),
        d if d > 0 => format!("{} late", count(d as usize, "day")),
        d => format!("{} early", count(d.unsigned_abs() as usize, "day")),
    }
}

/// How far a date moved: "42 days later", "1 day earlier".
pub fn moved(days: i64) -> String {
    let way = if days > 0 { "later" } else { "earlier" };
    format!("{} {way}", count(days.unsigned_abs() as usize, "day"))
}

/// The forecast finish: one date when P50 and P85 fall in the same week (two dates would read as
/// two facts), else both with their percentiles.
pub fn forecast(p50: Option<NaiveDate>, p85: Option<NaiveDate>) -> String {
    match (p50, p85) {
        (Some(p50), Some(p85)) if p50 == p85 => format!("{}, at P50 and at P85", date(p50)),
        (Some(p50), Some(p85)) => format!("{} (P50) to {} (P85)", date(p50), date(p85)),
        _ => "no forecast".into(),
    }
}

/// The chance of finishing by a date, said as the trials say it: "64%", and at the ends "no trial
/// of 10,000 finishes by 15 Dec 2026" or "every trial of 10,000 finishes by then", where a bare
/// 0 % or 100 % would claim a certainty the method does not have.
pub fn chance(finished: u32, trials: u32, by: NaiveDate) -> String {
    let trials_text = thousands(trials);
    match finished {
        0 => format!("no trial of {trials_text} finishes by {}", date(by)),
        n if n == trials => format!("every trial of {trials_text} finishes by {}", date(by)),
        n => share_of(n, trials),
    }
}

/// `n` of `all` as a whole percentage: "64%"; "0%" for none and "100%" for all. A share that
/// rounds to 0 % or 100 % without being none or all reads "<1%" or ">99%": 30 trials of 10,000
/// are not "0%", which a reader takes for never.
pub fn share_of(n: u32, all: u32) -> String {
    debug_assert!(n <= all, "{n} of {all}");
    let rounded = format!("{:.0}", f64::from(n) * 100.0 / f64::from(all.max(1)));
    match rounded.as_str() {
        "0" if n > 0 => "<1%".into(),
        "100" if n < all => ">99%".into(),
        _ => format!("{rounded}%"),
    }
}

/// "10,000".
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a target change reads: "eased", "raised", "changed".
pub fn target_move(direction: crate::model::TargetDirection) -> &'static str {
    use crate::model::TargetDirection::*;
    match direction {
        Eased => "eased",
        Raised => "raised",
        Changed => "changed",
    }
}

/// What a kind of change is called: a feed entry's category.
pub fn change(kind: crate::model::ChangeKind) -> &'static str {
    use crate::model::ChangeKind::*;
    match kind {
        NewlyAtRisk => "Newly at risk",
        Recovered => "Recovered",
        ForecastMoved => "Forecast moved",
        CommitmentBroken => "Commitment broken",
        TargetMoved => "Target moved",
        DecisionNeeded => "Decision needed",
    }
}
/// A move of a target seen in an edit of the strategy file that is not in a commit.
pub const NOT_COMMITTED: &str = "not committed yet";

/// The name of a key result's field whose change is reported.
pub fn target_field(field: crate::model::TargetField) -> &'static str {
    use crate::model::TargetField::*;
    match field {
        Baseline => "baseline",
        Target => "target",
        Start => "start",
        End => "end",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn articles_follow_the_first_sound() {
        assert_eq!(with_article("initiative"), "an initiative");
        assert_eq!(with_article("key result"), "a key result");
    }

    #[test]
    fn forecasts_say_one_date_when_the_percentiles_agree() {
        assert_eq!(forecast(Some(d("2027-02-05")), Some(d("2027-02-05"))), "5 Feb 2027, at P50 and at P85");
        assert_eq!(
            forecast(Some(d("2027-01-29")), Some(d("2027-02-12"))),
            "29 Jan 2027 (P50) to 12 Feb 2027 (P85)"
        );
    }

    #[test]
    fn slips_and_chances_read_as_words() {
        assert_eq!(slip(-42), "42 days early");
        assert_eq!(slip(1), "1 day late");
        assert_eq!(slip(0), "on the due date");
        assert_eq!(moved(42), "42 days later");
        assert_eq!(moved(-1), "1 day earlier");
        assert_eq!(chance(0, 10_000, d("2026-12-15")), "no trial of 10,000 finishes by 15 Dec 2026");
        assert_eq!(chance(6_400, 10_000, d("2026-12-15")), "64%");
        assert_eq!(chance(10_000, 10_000, d("2026-12-15")), "every trial of 10,000 finishes by 15 Dec 2026");
        // Near the ends, neither a certainty nor a "0%" that reads as never.
        assert_eq!(chance(30, 10_000, d("2026-12-15")), "<1%");
        assert_eq!(chance(9_990, 10_000, d("2026-12-15")), ">99%");
    }

    #[test]
    fn a_share_rounds_to_none_or_all_only_when_it_is() {
        let cases = [
            (0, "0%"),
            (1, "<1%"),
            (49, "<1%"),
            (51, "1%"),
            (149, "1%"),
            (150, "2%"),
            (6_400, "64%"),
            (9_949, "99%"),
            (9_950, ">99%"),
            (9_999, ">99%"),
            (10_000, "100%"),
        ];
        for (n, said) in cases {
            assert_eq!(share_of(n, 10_000), said, "{n} of 10,000");
        }
        assert_eq!(share_of(1, 3), "33%");
    }

    /// What `number` and `date` wrote before their fast paths, which must not change a byte.
    fn slow_number(value: f64) -> String {
        let text = format!("{value:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "-0" { "0".into() } else { text.to_string() }
    }

    #[test]
    fn numbers_and_dates_are_written_as_the_formatter_writes_them() {
        let ties = [0.125, 0.005, 2.675, 1.005, -0.125, -2.675, 0.015, 1e7 + 0.005, 0.994999999, 0.995];
        for value in ties.into_iter().chain([0.0, -0.0, 1e12, -1e12, 123456.789, f64::NAN, f64::INFINITY]) {
            assert_eq!(number(value), slow_number(value), "{value}");
        }
        let mut state = 0x9e3779b97f4a7c15_u64;
        for n in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            // Values as reports have them: shares, points, hundredths, large sums, negatives.
            let value = match n % 4 {
                0 => unit,
                1 => (unit * 2000.0).round() / 8.0 - 100.0,
                2 => (unit * 1e6).round() / 1000.0,
                _ => (unit - 0.5) * 1e10,
            };
            assert_eq!(number(value), slow_number(value), "{value:?}");
        }
        let mut day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while day.year() < 10_002 {
            assert_eq!(date(day), day.format("%-d %b %Y").to_string());
            day = day + chrono::Days::new(97);
        }
    }

    #[test]
    fn numbers_keep_what_tells_them_apart() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(4.5), "4.5");
        assert_eq!(number(0.83), "0.83");
        assert_eq!(number(26.333), "26.33");
        assert_eq!(number(-0.001), "0");
        assert_eq!(with_unit(0.83, "%"), "0.83%");
    }

    #[test]
    fn lists_join_with_and() {
        assert_eq!(list(&["I-01"]), "I-01");
        assert_eq!(list(&["I-01", "I-09", "I-12"]), "I-01, I-09 and I-12");
    }
}
