//! The words the product writes read as a person writes them: no snake_case identifiers, no ids in
//! brackets, no "a" before a vowel sound, no enum names, and people named by their names. The
//! sample (compared with an earlier report, so the changes page has content) and every fixture are
//! built, and the text a reader sees on every page and in the board pack is checked. Titles and
//! notes from the inputs are the user's own words and are not checked: a match that appears
//! verbatim in an input file is passed over.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;

use crate::common::*;
use throughline::build::{BuildOptions, build};

/// The text of an HTML page as a reader sees it: no tags, scripts, styles or code (a `<code>`
/// holds a setting's name the user types, such as `at_risk_gap`), entities decoded.
fn visible_text(html: &str) -> String {
    let without = Regex::new(r"(?s)<(script|style|code)\b[^>]*>.*?</(script|style|code)>").unwrap();
    let html = without.replace_all(html, " ");
    let tags = Regex::new(r"(?s)<[^>]*>").unwrap();
    let text = tags.replace_all(&html, " ");
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Every input file of a project, as one text: a match found in it is the user's own words.
fn inputs(project: &Path) -> String {
    let mut all = String::new();
    for (path, bytes) in files(project) {
        if !path.starts_with("public/") {
            all.push_str(&String::from_utf8_lossy(&bytes));
            all.push('\n');
        }
    }
    all
}

/// Whether a word starts with a vowel sound, as "an" needs: "initiative", "export", "unassigned",
/// "update", but not "user", "unit", "one" or "European".
fn vowel_sound(word: &str) -> bool {
    let w = word.to_lowercase();
    let b = w.as_bytes();
    let is_vowel = |c: u8| b"aeiou".contains(&c);
    match b {
        [] => false,
        [b'o', b'n', b'e', ..] | [b'o', b'n', b'c', b'e', ..] => false,
        [b'e', b'u', ..] | [b'e', b'w', b'e', ..] => false,
        // "uni", "use", "usual", "utility": a "you" sound; "un" before another vowel, or "u"
        // before two consonants ("update", "umbrella"), is a vowel sound.
        [b'u', b'n', b'i', ..] => false,
        [b'u', b'n', ..] => true,
        [b'u', c, d, ..] => !is_vowel(*c) && !is_vowel(*d),
        [b'u', ..] => true,
        [c, ..] => is_vowel(*c),
    }
}

/// The product's own slips in `text`, each with a little context.
fn slips(text: &str, inputs: &str) -> Vec<String> {
    let checks = [
        // A snake_case word: a status, signal kind or setting shown raw.
        Regex::new(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b").unwrap(),
        // An id in brackets.
        Regex::new(r"\[[^\]\s]{1,40}\]").unwrap(),
        // An identifier's abbreviation capitalised into a label ("Unsupported kr", "Wip exceeded").
        Regex::new(r"\b(?:kr|krs|Kr|Krs|Wip|wip)\b").unwrap(),
        // An enum's name, or a Debug format.
        Regex::new(r"\b(?:OnTrack|AtRisk|OffTrack|NotStarted|NoData|InProgress|ToDo|KrOffTrack)\b|\bSome\(")
            .unwrap(),
    ];
    let article = Regex::new(r"\b[Aa] ([A-Za-z]+)").unwrap();
    let mut matches: Vec<(usize, usize)> =
        checks.iter().flat_map(|c| c.find_iter(text)).map(|m| (m.start(), m.end())).collect();
    matches.extend(
        article
            .captures_iter(text)
            .filter(|c| vowel_sound(&c[1]))
            .map(|c| c.get(0).map(|m| (m.start(), m.end())).unwrap()),
    );
    matches.sort_unstable();
    let mut found = Vec::new();
    for (s, e) in matches {
        let slip = &text[s..e];
        if inputs.contains(slip) {
            continue;
        }
        let start = text[..s].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
        let end = text[e..].char_indices().nth(40).map_or(text.len(), |(i, _)| e + i);
        let context = text[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
        found.push(format!("«{slip}» in “{context}”"));
    }
    found
}

/// People named by their id where people.csv gives them a name: every link to a person's page
/// must read as the name.
fn people_by_id(html: &str, people: &BTreeMap<String, String>) -> Vec<String> {
    let link = Regex::new(r#"<a href="[^"]*people/[^"]+\.html">([^<]*)</a>"#).unwrap();
    link.captures_iter(html)
        .filter_map(|c| {
            let text = c[1].trim().to_string();
            people.get(&text).filter(|name| **name != text).map(|name| format!("{text} (should read {name})"))
        })
        .collect()
}

/// id -> name, from a project's people.csv.
fn people(project: &Path) -> BTreeMap<String, String> {
    let Ok(mut reader) = csv::Reader::from_path(project.join("data/people.csv")) else {
        return BTreeMap::new();
    };
    let headers = reader.headers().unwrap().clone();
    let (Some(id), Some(name)) =
        (headers.iter().position(|h| h == "id"), headers.iter().position(|h| h == "name"))
    else {
        return BTreeMap::new();
    };
    reader.records().flatten().map(|r| (r[id].to_string(), r[name].to_string())).collect()
}

fn check_site(project: &Path, out: &Path) -> Vec<String> {
    let inputs = inputs(project);
    let people = people(project);
    let mut problems = Vec::new();
    for (path, bytes) in files(out) {
        if !path.ends_with(".html") || path.starts_with("archive/") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for slip in slips(&visible_text(&html), &inputs) {
            problems.push(format!("{path}: {slip}"));
        }
        for slip in people_by_id(&html, &people) {
            problems.push(format!("{path}: a person named by id: {slip}"));
        }
    }
    problems
}

#[test]
fn the_sample_and_every_fixture_read_as_a_person_writes() {
    let mut problems = Vec::new();
    // The sample, compared with the week before and with a target eased since, so that every
    // section of the changes page has something to say.
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    let at = |as_of: &str| BuildOptions {
        project_dir: project.clone(),
        output: Some(out.clone()),
        as_of: Some(as_of.parse().unwrap()),
        archive: true,
        ..Default::default()
    };
    build(&at("2026-11-13")).unwrap();
    let strategy = project.join("strategy.toml");
    let text = std::fs::read_to_string(&strategy).unwrap();
    std::fs::write(&strategy, text.replacen("target = 35.0", "target = 20.0", 1)).unwrap();
    build(&at("2026-11-20")).unwrap();
    problems.extend(check_site(&project, &out));

    let fixtures = repo().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("throughline.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 2, "the fixtures are found");
    for name in names {
        let (dir, project) = crate::common::project(&name);
        let out = dir.path().join("site");
        build_into(&project, &out).unwrap();
        problems.extend(check_site(&project, &out).into_iter().map(|p| format!("{name}/{p}")));
    }
    assert!(problems.is_empty(), "{} slips:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_checks_catch_what_they_are_for() {
    let none = "";
    for slip in [
        "Unsupported kr",
        "Wip exceeded",
        "off at_risk",
        "Overloaded [amir] today",
        "on a initiative",
        "a export",
        "a unassigned item",
        "A update",
        "status OnTrack",
        "Some(3)",
    ] {
        assert!(!slips(slip, none).is_empty(), "{slip} is caught");
    }
    for fine in
        ["a one-off", "a user", "a unit", "an initiative", "a key result", "a European team", "an update"]
    {
        assert!(slips(fine, none).is_empty(), "{fine} passes: {:?}", slips(fine, none));
    }
    // The user's own words are theirs.
    assert!(slips("Fix a_b now", "title: Fix a_b now").is_empty());
    let people = BTreeMap::from([("amir".to_string(), "Amir Haddad".to_string())]);
    assert_eq!(people_by_id(r#"<a href="people/amir.html">amir</a>"#, &people).len(), 1);
    assert!(people_by_id(r#"<a href="people/amir.html">Amir Haddad</a>"#, &people).is_empty());
}
