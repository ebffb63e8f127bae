//! `throughline.toml`: project settings, sources, thresholds and triggers (docs/configuration.md).
//! Unknown keys are errors with a "did you mean", so that a typo never silently keeps a default.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::diag::{Diagnostic, Location, line_column};
use crate::load::toml_file::{self, Step};
use crate::model::SignalKind;

pub const CONFIG_FILE: &str = "throughline.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default, deserialize_with = "opt_date")]
    pub as_of: Option<NaiveDate>,
    #[serde(default)]
    pub cycle: Option<Cycle>,
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub work_url: Option<String>,
    #[serde(default = "default_output")]
    pub output: String,
    #[serde(default)]
    pub sources: Sources,
    #[serde(default)]
    pub work: WorkSettings,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default, rename = "trigger")]
    pub triggers: Vec<Trigger>,
    /// The file as written, to point a diagnostic found after parsing at its line.
    #[serde(skip)]
    text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub name: String,
    #[serde(deserialize_with = "date")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "date")]
    pub end: NaiveDate,
}

/// Where each input lives, relative to throughline.toml. `None` means "the default path, if the
/// file is there"; a path given explicitly must exist.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    pub strategy: Option<String>,
    pub bets: Option<String>,
    pub krs: Option<String>,
    pub checkins: Option<String>,
    pub initiatives: Option<String>,
    pub work: Option<Vec<WorkSource>>,
    pub people: Option<String>,
    pub commitments: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WorkSource {
    pub path: String,
    #[serde(default = "default_preset")]
    pub preset: String,
    /// Native column name -> header in the export.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    #[serde(default)]
    pub id_prefix: String,
    /// Types that are structure, not work, beyond the preset's (a level above Epic).
    #[serde(default)]
    pub containers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingEstimate {
    Median,
    Count,
    Zero,
}

impl MissingEstimate {
    /// The setting's word, as throughline.toml writes it.
    pub fn word(self) -> &'static str {
        match self {
            MissingEstimate::Median => "median",
            MissingEstimate::Count => "count",
            MissingEstimate::Zero => "zero",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkSettings {
    pub estimate_unit: String,
    pub missing_estimate: MissingEstimate,
    pub throughput_weeks: u32,
    pub status_map: BTreeMap<String, String>,
}

impl Default for WorkSettings {
    fn default() -> Self {
        WorkSettings {
            estimate_unit: "points".into(),
            missing_estimate: MissingEstimate::Median,
            throughput_weeks: 6,
            status_map: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub at_risk_gap: f64,
    pub off_track_gap: f64,
    pub on_time_probability: f64,
    pub late_probability: f64,
    pub stale_after_days: i64,
    pub dormant_after_days: i64,
    pub overload: f64,
    pub wip_limit: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            at_risk_gap: 0.10,
            off_track_gap: 0.25,
            on_time_probability: 0.70,
            late_probability: 0.30,
            stale_after_days: 14,
            dormant_after_days: 21,
            overload: 1.0,
            wip_limit: 3,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// One of the closed list of signal kinds: a misspelt kind would never fire.
    #[serde(deserialize_with = "signal_kind")]
    pub signal: SignalKind,
    pub action: String,
    #[serde(default)]
    pub owner: Option<String>,
}

fn signal_kind<'de, D: Deserializer<'de>>(d: D) -> Result<SignalKind, D::Error> {
    static WORDS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| SignalKind::ALL.iter().map(|k| k.word()).collect());
    let word = String::deserialize(d)?;
    SignalKind::parse(&word).ok_or_else(|| serde::de::Error::unknown_variant(&word, WORDS.as_slice()))
}

fn default_theme() -> String {
    "default".into()
}

fn default_output() -> String {
    "public".into()
}

fn default_preset() -> String {
    "native".into()
}

/// TOML dates may be written bare (`2026-11-20`) or quoted (`"2026-11-20"`); both mean the same.
#[derive(Deserialize)]
#[serde(untagged)]
enum DateInput {
    Toml(toml::value::Datetime),
    Text(String),
}

fn parse_date_input<E: serde::de::Error>(input: DateInput) -> Result<NaiveDate, E> {
    let text = match input {
        DateInput::Toml(dt) => match (dt.date, dt.time) {
            (Some(d), None) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            _ => return Err(E::custom(format!("expected a date like 2026-11-20, found `{dt}`"))),
        },
        DateInput::Text(text) => text,
    };
    crate::load::cell::parse_iso_date(&text).map_err(E::custom)
}

pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    parse_date_input(DateInput::deserialize(d)?)
}

pub(crate) fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<DateInput>::deserialize(d)?.map(parse_date_input).transpose()
}

impl Config {
    /// The signal kinds a `[[trigger]]` asks a decision for.
    pub fn triggered(&self) -> Vec<SignalKind> {
        self.triggers.iter().map(|t| t.signal).collect()
    }

    pub fn load(dir: &Path) -> Result<Config, Diagnostic> {
        let path = dir.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(Location::file(CONFIG_FILE), format!("cannot read {}: {e}", path.display()))
                .with_hint("run `throughline init DIR` to start a project, or pass the folder that holds throughline.toml")
        })?;
        Config::parse(&bytes)
    }

    /// Parses and validates the bytes of throughline.toml.
    pub fn parse(bytes: &[u8]) -> Result<Config, Diagnostic> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_column(&String::from_utf8_lossy(bytes), e.valid_up_to());
            Diagnostic::error(Location::at(CONFIG_FILE, line, Some(column)), "the file is not valid UTF-8")
                .with_hint("save it as UTF-8")
                .whole_file()
        })?;
        let mut config: Config = toml_file::parse(text, CONFIG_FILE)?;
        config.text = text.to_string();
        config.validate()?;
        Ok(config)
    }

    /// Points `diagnostic` at the value of `path` in throughline.toml (`["trigger", 2, "owner"]`),
    /// with the line shown.
    pub fn at_key(&self, diagnostic: Diagnostic, path: &[Step]) -> Diagnostic {
        toml_file::at_key(diagnostic, &self.text, path)
    }

    fn validate(&self) -> Result<(), Diagnostic> {
        let error = |path: &[Step], message: String| {
            self.at_key(Diagnostic::error(Location::file(CONFIG_FILE), message), path).whole_file()
        };
        let t = &self.thresholds;
        let fractions = [
            ("at_risk_gap", t.at_risk_gap),
            ("off_track_gap", t.off_track_gap),
            ("on_time_probability", t.on_time_probability),
            ("late_probability", t.late_probability),
            ("overload", t.overload),
        ];
        for (name, value) in fractions {
            if !value.is_finite() || value < 0.0 {
                return Err(error(
                    &["thresholds".into(), name.into()],
                    format!("thresholds.{name} must be a finite number not below 0, found {value}"),
                ));
            }
        }
        if self.work.throughput_weeks == 0 {
            return Err(error(
                &["work".into(), "throughput_weeks".into()],
                "work.throughput_weeks must be at least 1".into(),
            ));
        }
        if let Some(cycle) = &self.cycle
            && cycle.end < cycle.start
        {
            return Err(error(&["cycle".into()], "cycle.end is before cycle.start".into()));
        }
        for (source, status) in &self.work.status_map {
            if crate::model::WorkStatus::parse(status).is_none() {
                return Err(error(
                    &["work".into(), "status_map".into(), source.as_str().into()],
                    format!("work.status_map maps `{source}` to `{status}`"),
                )
                .with_hint("use one of todo, in_progress, blocked, done, cancelled"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_toml(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(text.as_bytes())
    }

    #[test]
    fn unknown_key_points_at_it_and_suggests() {
        let err = parse_toml("title = \"x\"\n[thresholds]\nat_risk_gapp = 0.2\n").unwrap_err();
        assert_eq!(err.location.line, Some(3));
        assert_eq!(err.hint.as_deref(), Some("did you mean `at_risk_gap`?"));
    }

    #[test]
    fn dates_may_be_bare_or_quoted() {
        let a = parse_toml("title = \"x\"\nas_of = 2026-11-20\n").unwrap();
        let b = parse_toml("title = \"x\"\nas_of = \"2026-11-20\"\n").unwrap();
        assert_eq!(a.as_of, b.as_of);
        assert!(parse_toml("title = \"x\"\nas_of = \"2026-02-30\"\n").is_err());
    }

    #[test]
    fn a_trigger_signal_outside_the_closed_list_is_an_error_with_a_suggestion() {
        let text = "title = \"x\"\n\n[[trigger]]\nsignal = \"kr_of_track\"\naction = \"act\"\n";
        let err = parse_toml(text).unwrap_err();
        assert!(err.is_error());
        assert_eq!((err.location.line, err.location.column), (Some(4), Some(10)));
        assert_eq!(
            err.message,
            "`trigger[1].signal`: `kr_of_track` is not a signal kind (docs/signals.md lists them)"
        );
        assert_eq!(err.hint.as_deref(), Some("did you mean `kr_off_track`?"));
        let ok = parse_toml(&text.replace("kr_of_track", "kr_off_track")).unwrap();
        assert_eq!(ok.triggers[0].signal, SignalKind::KrOffTrack);
    }

    #[test]
    fn a_bad_threshold_points_at_its_line() {
        let err = parse_toml("title = \"x\"\n[thresholds]\noverload = -1.0\n").unwrap_err();
        assert_eq!(err.location.line, Some(3));
        assert_eq!(err.excerpt.map(|e| e.text), Some("overload = -1.0".into()));
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
