//! The reference in docs/ against the code: every key the configuration accepts is documented,
//! with the default the code uses; so is every signal kind, every preset and every field of the
//! machine-readable output; and every link between the pages lands on a heading.

use std::collections::{BTreeMap, BTreeSet};

use throughline::config::Config;

use crate::common::*;

fn doc(name: &str) -> String {
    std::fs::read_to_string(repo().join("docs").join(name)).unwrap()
}

/// The rows of docs/configuration.md's tables whose first cell is a key in code (`thresholds.overload`):
/// key -> the second cell, its default.
fn documented_keys() -> BTreeMap<String, String> {
    doc("configuration.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.strip_prefix('|')?.split('|').map(str::trim).collect();
            let key = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            Some((key.to_string(), cells.get(1)?.to_string()))
        })
        .collect()
}

#[derive(Clone, PartialEq)]
enum Seg {
    Key(String),
    List,
}

fn text_of(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => out.push_str(&format!(".{k}")),
            Seg::List => out.push_str("[]"),
        }
    }
    out
}

/// What the parser says of a throughline.toml with `{ __probe = 1 }` at `path`: the keys that
/// table accepts, when it is a table that refuses unknown keys.
fn keys_at(path: &[Seg]) -> Option<Vec<String>> {
    let mut value = toml::Value::Table(toml::Table::from_iter([("__probe".to_string(), 1.into())]));
    for seg in path.iter().rev() {
        value = match seg {
            Seg::Key(k) => toml::Value::Table(toml::Table::from_iter([(k.clone(), value)])),
            Seg::List => toml::Value::Array(vec![value]),
        };
    }
    let toml::Value::Table(mut root) = value else { return None };
    root.entry("title").or_insert("x".into());
    let err = toml::from_str::<Config>(&toml::to_string(&root).unwrap()).err()?;
    let rest = err.message().strip_prefix("unknown field `__probe`, expected")?;
    Some(rest.split('`').skip(1).step_by(2).map(str::to_string).collect())
}

/// Every key the configuration accepts, found by asking its parser level by level: a table that
/// refuses unknown keys lists the ones it knows, and a list of tables does through its entries.
fn accepted_keys(path: Vec<Seg>, into: &mut BTreeSet<String>) {
    let as_list = [path.clone(), vec![Seg::List]].concat();
    let (base, keys) = match (keys_at(&path), keys_at(&as_list)) {
        (Some(keys), _) => (path, keys),
        (None, Some(keys)) => (as_list, keys),
        (None, None) => return,
    };
    for key in keys {
        let child = [base.clone(), vec![Seg::Key(key)]].concat();
        into.insert(text_of(&child));
        accepted_keys(child, into);
    }
}

#[test]
fn every_key_the_configuration_accepts_is_documented() {
    let mut accepted = BTreeSet::new();
    accepted_keys(vec![], &mut accepted);
    for expected in ["title", "cycle.end", "sources.work[].preset", "thresholds.wip_limit", "trigger[].owner"]
    {
        assert!(accepted.contains(expected), "the probe finds {expected}: {accepted:?}");
    }
    // A table (`[thresholds]`) is documented through its keys.
    let is_table = |key: &str| {
        accepted.iter().any(|k| k.starts_with(&format!("{key}.")) || k.starts_with(&format!("{key}[].")))
    };
    let documented = documented_keys();
    let missing: Vec<&String> =
        accepted.iter().filter(|k| !is_table(k) && !documented.contains_key(*k)).collect();
    assert!(missing.is_empty(), "docs/configuration.md does not document {missing:?}");
}

/// The defaults the reference gives as TOML values are the ones the code uses: a throughline.toml
/// that sets each of them explicitly reads exactly like one that sets none.
#[test]
fn the_documented_defaults_are_the_code_defaults() {
    let mut root = toml::Table::new();
    let mut checked = Vec::new();
    for (key, default) in documented_keys() {
        let Some(literal) = default.strip_prefix('`').and_then(|d| d.strip_suffix('`')) else { continue };
        if key.contains("[]") || literal.contains('`') {
            continue;
        }
        let Ok(mut holder) = toml::from_str::<toml::Table>(&format!("v = {literal}")) else { continue };
        let value = holder.remove("v").unwrap();
        let mut table = &mut root;
        let parts: Vec<&str> = key.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            table = table.entry(*part).or_insert_with(|| toml::Table::new().into()).as_table_mut().unwrap();
        }
        table.insert(parts[parts.len() - 1].to_string(), value);
        checked.push(key);
    }
    assert!(checked.len() >= 15, "the defaults of {checked:?}");
    root.insert("title".into(), "x".into());
    let explicit = Config::parse(toml::to_string(&root).unwrap().as_bytes()).unwrap();
    let implicit = Config::parse(b"title = \"x\"").unwrap();
    assert_eq!(
        serde_json::to_value(&explicit).unwrap(),
        serde_json::to_value(&implicit).unwrap(),
        "a documented default differs from the code's (checked: {checked:?})"
    );
}

#[test]
fn every_signal_kind_and_preset_is_documented() {
    let signals = doc("signals.md");
    for kind in throughline::analyse::SignalKind::ALL {
        // The page's "on" column names the entity as the site does, without its article:
        // "a bet, a key result or an initiative" is "bet, key result, initiative".
        let on = throughline::words::signal(*kind)
            .sits_on
            .replace(" or ", ", ")
            .split(", ")
            .map(|noun| noun.trim_start_matches("an ").trim_start_matches("a "))
            .collect::<Vec<_>>()
            .join(", ");
        let row = format!("| `{}` | {on} |", kind.word());
        assert!(signals.contains(&row), "docs/signals.md has no row {row}");
    }
    let presets = doc("presets.md");
    for preset in throughline::load::presets::ALL {
        assert!(presets.contains(&format!("\n## {}\n", preset.name)), "docs/presets.md: no {}", preset.name);
    }
}

fn keys(value: &serde_json::Value, into: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                into.insert(key.clone());
                keys(inner, into);
            }
        }
        serde_json::Value::Array(list) => list.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

/// Every field of snapshot.json and graph.json (from a build that has an earlier report to
/// compare with, and a target moved since) is documented in docs/snapshot.md.
#[test]
fn every_field_of_the_machine_readable_output_is_documented() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("site");
    for (n, as_of) in [(2026, 11, 13), (2026, 11, 20)].into_iter().enumerate() {
        if n == 1 {
            let strategy = project.join("strategy.toml");
            let text = std::fs::read_to_string(&strategy).unwrap();
            std::fs::write(&strategy, text.replacen("target = 6.0", "target = 5.0", 1)).unwrap();
        }
        throughline::build(&throughline::build::BuildOptions {
            project_dir: project.clone(),
            output: Some(out.clone()),
            as_of: chrono::NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2),
            ..Default::default()
        })
        .unwrap();
    }
    let mut fields = BTreeSet::new();
    for file in ["data/snapshot.json", "data/graph.json"] {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(file)).unwrap()).unwrap();
        keys(&json, &mut fields);
    }
    assert!(
        ["forecast_progress", "edges", "targets_moved", "seen_in"].iter().all(|f| fields.contains(*f)),
        "{fields:?}"
    );
    let reference = doc("snapshot.md");
    let missing: Vec<&String> = fields.iter().filter(|f| !reference.contains(&format!("`{f}`"))).collect();
    assert!(missing.is_empty(), "docs/snapshot.md does not document {missing:?}");
}

/// A heading's anchor, as GitHub and mdBook make it: lower case, punctuation dropped, spaces as `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn links_between_the_reference_pages_land_on_a_heading() {
    let pages: BTreeMap<String, String> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let anchors: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(name, text)| {
            let headings = text
                .lines()
                .filter_map(|l| l.trim_start_matches('#').strip_prefix(' ').filter(|_| l.starts_with('#')));
            (name, headings.map(anchor).collect())
        })
        .collect();
    let link = regex::Regex::new(r"\]\(([a-z-]*\.md)?(?:#([a-z0-9_-]+))?\)").unwrap();
    let mut checked = 0;
    for (name, text) in &pages {
        for cap in link.captures_iter(text) {
            let target = cap.get(1).map_or(name.as_str(), |m| m.as_str());
            assert!(pages.contains_key(target), "{name} links to {target}, which is not in docs/");
            if let Some(fragment) = cap.get(2) {
                assert!(
                    anchors[&target.to_string()].contains(fragment.as_str()),
                    "{name} links to {target}#{}, which has no such heading",
                    fragment.as_str()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} links");
}
