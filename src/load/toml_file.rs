//! Reading a TOML file (throughline.toml, strategy.toml) into its typed form. An error names the
//! key (`kr[3].baseline`, lists counted from 1) and the entity's id where it has one, says what
//! was found and what was expected in plain words, and shows the offending line, as rustc does
//! (docs/files.md#bad-input).

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Location, did_you_mean};

/// The lists of tables whose entries are entities with an `id`, and what a reader calls them.
const ENTITIES: [(&str, &str); 2] = [("bet", "bet"), ("kr", "key result")];

/// One step of a key path: a key of a table, or an entry of a list (counted from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl From<&str> for Step {
    fn from(key: &str) -> Step {
        Step::Key(key.into())
    }
}

impl From<usize> for Step {
    fn from(index: usize) -> Step {
        Step::Index(index)
    }
}

/// A key path as a user reads it: `kr[3].baseline`, lists counted from 1.
pub fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{}]", index + 1)),
        }
    }
    out
}

/// Parses `text`, the content of `file`. A syntax error and a value of the wrong type are both
/// one diagnostic that stops the whole file.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, Diagnostic> {
    let document = toml::Deserializer::parse(text).map_err(|e| syntax_error(&e, text, file))?;
    serde_path_to_error::deserialize(document).map_err(|e| {
        let path = steps(e.path());
        value_error(e.inner(), &path, text, file)
    })
}

/// Points `diagnostic` at the value of `path` in `text`, when it is there.
pub fn at_key(diagnostic: Diagnostic, text: &str, path: &[Step]) -> Diagnostic {
    let Ok(root) = DeTable::parse(text) else { return diagnostic };
    match lookup(root.get_ref(), path) {
        Some(value) => diagnostic.spanning(text, value.span()),
        None => diagnostic,
    }
}

/// The `id` of each table in the list `list` (`[[kr]]`), for a file that parses.
pub fn ids(text: &str, list: &str) -> Vec<String> {
    let Ok(root) = DeTable::parse(text) else { return vec![] };
    let Some(DeValue::Array(entries)) = lookup(root.get_ref(), &[list.into()]).map(Spanned::get_ref) else {
        return vec![];
    };
    entries
        .iter()
        .filter_map(|entry| match entry.get_ref() {
            DeValue::Table(t) => {
                t.iter().find(|(k, _)| k.get_ref() == "id")?.1.get_ref().as_str().map(str::to_string)
            }
            _ => None,
        })
        .collect()
}

fn lookup<'a, 'i>(table: &'a DeTable<'i>, path: &[Step]) -> Option<&'a Spanned<DeValue<'i>>> {
    let (Step::Key(first), rest) = path.split_first()? else { return None };
    let mut value = table.iter().find(|(k, _)| k.get_ref() == first)?.1;
    for step in rest {
        value = match (step, value.get_ref()) {
            (Step::Key(key), DeValue::Table(t)) => t.iter().find(|(k, _)| k.get_ref() == key)?.1,
            (Step::Index(i), DeValue::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(Step::Index(*index)),
            // toml's `Spanned` wraps a value in a table of its own private keys.
            Segment::Map { key } if key.starts_with("$__") => None,
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// "`kr[3].baseline` (key result `KR1.3`)": the key, and the entity it belongs to.
fn naming(path: &[Step], table: Option<&DeTable>) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let mut named = format!("`{}`", path_text(path));
    if let (Some(table), [Step::Key(list), Step::Index(i), ..]) = (table, path)
        && let Some((_, word)) = ENTITIES.iter().find(|(key, _)| *key == list.as_str())
        && let Some(id) = lookup(table, &[Step::Key(list.clone()), Step::Index(*i), "id".into()])
            .and_then(|v| v.get_ref().as_str())
    {
        named.push_str(&format!(" ({word} `{id}`)"));
    }
    Some(named)
}

fn value_error(err: &toml::de::Error, path: &[Step], text: &str, file: &str) -> Diagnostic {
    let table = DeTable::parse(text).ok();
    let (what, hint) = plain_words(err.message(), path);
    let message = match naming(path, table.as_ref().map(Spanned::get_ref)) {
        Some(named) => format!("{named}: {what}"),
        None => what,
    };
    let diagnostic = Diagnostic::error(Location::file(file), message).with_hint_opt(hint).whole_file();
    match err.span() {
        Some(span) => diagnostic.spanning(text, span),
        None => diagnostic,
    }
}

fn syntax_error(err: &toml::de::Error, text: &str, file: &str) -> Diagnostic {
    let what = err.message().trim().replace('\n', "; ");
    let span = err.span().unwrap_or(text.len()..text.len());
    let (recovered, _) = DeTable::parse_recoverable(text);
    let path = key_near(recovered.get_ref(), text, span.start);
    let hint = if what.contains("string") {
        "close the quotes on the same line; text over several lines goes between \"\"\" and \"\"\""
    } else {
        "a TOML line is `key = value`, where a value is a number, text in quotes, a date, true or \
         false, or a list in [ ]"
    };
    let message = match naming(&path, Some(recovered.get_ref())) {
        Some(named) => format!("{named}: {what}"),
        None => what,
    };
    Diagnostic::error(Location::file(file), message).with_hint(hint).whole_file().spanning(text, span)
}

/// The key a syntax error at `offset` is in: the key written on the same line before it, else the
/// table (or entry of a list of tables) it falls in.
fn key_near(table: &DeTable, text: &str, offset: usize) -> Vec<Step> {
    let line_start =
        text[..text.floor_char_boundary(offset.min(text.len()))].rfind('\n').map_or(0, |n| n + 1);
    let mut best: Option<(usize, Vec<Step>)> = None;
    let mut consider = |start: usize, path: &[Step], same_line_only: bool| {
        let fits = start <= offset && (!same_line_only || start >= line_start);
        if fits && best.as_ref().is_none_or(|(at, _)| start >= *at) {
            best = Some((start, path.to_vec()));
        }
    };
    walk(table, &mut Vec::new(), &mut consider);
    best.map(|(_, path)| path).unwrap_or_default()
}

/// Calls `visit` with the start of each key (on its own line only) and of each table in a list.
fn walk(table: &DeTable, path: &mut Vec<Step>, visit: &mut impl FnMut(usize, &[Step], bool)) {
    for (key, value) in table.iter() {
        path.push(Step::Key(key.get_ref().to_string()));
        match value.get_ref() {
            DeValue::Table(inner) => walk(inner, path, visit),
            DeValue::Array(list) => {
                visit(key.span().start, path, true);
                for (i, entry) in list.iter().enumerate() {
                    if let DeValue::Table(inner) = entry.get_ref() {
                        path.push(Step::Index(i));
                        visit(entry.span().start, path, false);
                        walk(inner, path, visit);
                        path.pop();
                    }
                }
            }
            _ => visit(key.span().start, path, true),
        }
        path.pop();
    }
}

/// serde's words ("invalid type: string \"four\", expected f64") in a reader's, with a hint.
fn plain_words(message: &str, path: &[Step]) -> (String, Option<String>) {
    let key = path.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(k.as_str()),
        Step::Index(_) => None,
    });
    if let Some(rest) =
        message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        let (found, expected) = (found_words(found), expected_words(expected));
        let example = match (expected.as_str(), key) {
            ("a number" | "a whole number" | "a whole number, 0 or more", Some(k)) => {
                Some(format!("write a number without quotes, like `{k} = 4`"))
            }
            ("text in quotes", Some(k)) => Some(format!("put the text in quotes, like `{k} = \"...\"`")),
            _ => None,
        };
        return (format!("expected {expected}, found {found}"), example);
    }
    for (prefix, noun) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((wanted, expected)) = rest.split_once('`')
        {
            let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let what = if key == Some("signal") {
                format!("`{wanted}` is not a signal kind (docs/signals.md lists them)")
            } else {
                let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                format!("unknown {noun} `{wanted}`, expected one of {list}")
            };
            return (what, did_you_mean(wanted, names.iter().copied()));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return (format!("the key `{name}` is missing"), Some(format!("add `{name} = ...`")));
    }
    if message.contains("untagged enum DateInput") {
        return ("expected a date like 2026-11-20".into(), None);
    }
    if message.contains("untagged enum PaceToml") {
        return (
            "expected \"linear\" or a list of milestones like [[\"2026-09-30\", 0.2], [\"2026-12-31\", 1.0]]"
                .into(),
            None,
        );
    }
    (message.trim().to_string(), None)
}

fn found_words(found: &str) -> String {
    let quoted = |s: &str| s.trim_matches('`').to_string();
    if let Some(text) = found.strip_prefix("string ") {
        format!("the text {text}")
    } else if let Some(n) = found.strip_prefix("integer ") {
        format!("the whole number {}", quoted(n))
    } else if let Some(n) = found.strip_prefix("floating point ") {
        format!("the number {}", quoted(n))
    } else if let Some(b) = found.strip_prefix("boolean ") {
        quoted(b)
    } else {
        match found {
            "map" => "a table".into(),
            "sequence" => "a list".into(),
            other => other.to_string(),
        }
    }
}

fn expected_words(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a string" | "a borrowed string" => "text in quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        "a map" => "a table".into(),
        other if other.starts_with("struct ") => "a table".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        #[serde(default)]
        kr: Vec<Kr>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Kr {
        id: String,
        baseline: Option<f64>,
    }

    const KRS: &str = "[[kr]]\nid = \"KR1\"\nbaseline = 1\n\n[[kr]]\nid = \"KR2\"\nbaseline = \"four\"\n";

    #[test]
    fn a_wrong_type_names_the_key_the_entity_and_shows_the_line() {
        let err = parse::<Doc>(KRS, "strategy.toml").unwrap_err();
        assert_eq!(
            err.message,
            "`kr[2].baseline` (key result `KR2`): expected a number, found the text \"four\""
        );
        assert_eq!((err.location.line, err.location.column), (Some(7), Some(12)));
        assert_eq!(
            err.render(),
            "error: `kr[2].baseline` (key result `KR2`): expected a number, found the text \"four\"\n  \
             --> strategy.toml:7:12\n   |\n 7 | baseline = \"four\"\n   |            ^^^^^^\n   \
             = hint: write a number without quotes, like `baseline = 4`\n"
        );
        assert!(err.whole_file);
    }

    #[test]
    fn a_syntax_error_names_the_key_it_is_in() {
        let text = "[[kr]]\nid = \"KR1\"\nbaseline = 1\n\n[[kr]]\nid = \"KR2\"\nbaseline = 4 4\n";
        let err = parse::<Doc>(text, "strategy.toml").unwrap_err();
        assert_eq!(err.location.line, Some(7), "{err:?}");
        assert!(err.message.starts_with("`kr[2].baseline` (key result `KR2`): "), "{}", err.message);
        assert_eq!(err.excerpt.as_ref().map(|e| e.text.as_str()), Some("baseline = 4 4"));
    }

    #[test]
    fn an_unknown_key_suggests_the_closest() {
        let err = parse::<Doc>("[[kr]]\nid = \"KR1\"\nbaseline_ = 1\n", "s.toml").unwrap_err();
        assert_eq!(err.hint.as_deref(), Some("did you mean `baseline`?"));
        assert_eq!(err.location.line, Some(3));
    }

    #[test]
    fn points_at_a_key_found_after_parsing() {
        let text = "[[trigger]]\nsignal = \"x\"\n\n[[trigger]]\nowner = \"ghost\"\n";
        let d = at_key(
            Diagnostic::warning(Location::file("t.toml"), "w"),
            text,
            &["trigger".into(), 1.into(), "owner".into()],
        );
        assert_eq!((d.location.line, d.location.column), (Some(5), Some(9)));
    }
}
