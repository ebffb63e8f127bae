//! The feed (docs/site.md#the-feed): feed.xml after two reports of the sample a week apart,
//! validated against RFC 4287's schema (tests/schemas/atom.rnc, converted by trang and checked by
//! xmllint), its entries against snapshot.json's `changes`, its ids across builds and weeks, its
//! links with and without a base_url, and hostile titles.
//!
//! The schema checks need Debian's `trang` and `libxml2-utils`; `scripts/install-test-tools.sh`
//! installs them. Without them the check says what is missing and passes, unless
//! `THROUGHLINE_BROWSER_TESTS=require` (as `.ci/run` sets), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use atom_syndication::Feed;
use throughline::build::{BuildOptions, build};

use crate::common::*;

/// A title meant to break out of wherever it lands: a spreadsheet formula, markup, an entity, both
/// quotes, and a control character that XML cannot carry at all.
const HOSTILE: &str =
    r#"=HYPERLINK("http://evil.example","click") <script>alert('x')</script> & "quoted" 'single'"#;

fn build_at(project: &Path, out: &Path, as_of: &str, base_url: Option<&str>) {
    build(&BuildOptions {
        project_dir: project.to_path_buf(),
        output: Some(out.to_path_buf()),
        as_of: Some(as_of.parse().unwrap()),
        base_url: base_url.map(str::to_string),
        archive: true,
        ..Default::default()
    })
    .unwrap();
}

/// Replaces the first `from` in the project's file `name` with `to`.
fn edit(project: &Path, name: &str, from: &str, to: &str) {
    let path = project.join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen(from, to, 1);
    assert_ne!(text, edited, "{name} has {from}");
    std::fs::write(&path, edited).unwrap();
}

/// The sample, reported on 13 Nov and again on 20 Nov after KR1.1's target was eased from 35 to
/// 20 and commitment C-01's date was brought forward to 17 Nov (so that it breaks in between).
/// With `hostile`, the project's, KR1.1's and C-01's titles are hostile.
fn two_weeks(hostile: bool, base_url: Option<&str>) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    if hostile {
        let toml = |s: &str| toml::Value::String(s.into()).to_string();
        edit(
            &project,
            "throughline.toml",
            "title = \"Acme strategy\"",
            &format!("title = {}", toml(HOSTILE)),
        );
        let kr_title = format!("{HOSTILE}\u{7}");
        let old = "title = \"Grow self-serve share of new ARR from 12% to 35%\"";
        edit(&project, "strategy.toml", old, &format!("title = {}", toml(&kr_title)));
        let csv = format!("\"{}\"", HOSTILE.replace('"', "\"\""));
        edit(
            &project,
            "data/commitments.csv",
            "Self-serve checkout v2 live for the Northwind Logistics renewal",
            &csv,
        );
    }
    edit(&project, "data/commitments.csv", "I-01,2026-12-01", "I-01,2026-11-17");
    build_at(&project, &out, "2026-11-13", base_url);
    edit(&project, "strategy.toml", "target = 35.0", "target = 20.0");
    build_at(&project, &out, "2026-11-20", base_url);
    (dir, project, out)
}

fn read_feed(out: &Path) -> (String, Feed) {
    let xml = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = Feed::read_from(xml.as_bytes()).unwrap_or_else(|e| panic!("feed.xml parses: {e}\n{xml}"));
    (xml, feed)
}

/// Says why a check cannot run: a skip on a developer's machine, a failure where tools are required.
fn missing<T>(what: &str) -> Option<T> {
    let message = format!("{what} (scripts/install-test-tools.sh installs every tool)");
    if std::env::var("THROUGHLINE_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
    None
}

/// RFC 4287's schema in RELAX NG's XML syntax, converted by trang into `dir`.
fn atom_rng(dir: &Path) -> Option<PathBuf> {
    let rng = dir.join("atom.rng");
    let converted = Command::new("trang")
        .args(["-I", "rnc", "-O", "rng"])
        .arg(repo().join("tests/schemas/atom.rnc"))
        .arg(&rng)
        .output();
    match converted {
        Err(_) => missing("`trang` is not available: install Debian's trang"),
        Ok(o) if !o.status.success() => {
            panic!("trang cannot convert tests/schemas/atom.rnc: {}", String::from_utf8_lossy(&o.stderr))
        }
        Ok(_) => Some(rng),
    }
}

/// `xmllint --relaxng` on `file`: `Some(Ok)` when valid, `Some(Err(errors))` when not, `None`
/// when the tools are missing.
fn validate(file: &Path) -> Option<Result<(), String>> {
    let dir = tempfile::tempdir().unwrap();
    let rng = atom_rng(dir.path())?;
    let Ok(run) = Command::new("xmllint").arg("--noout").arg("--relaxng").arg(&rng).arg(file).output() else {
        return missing("`xmllint` is not available: install Debian's libxml2-utils");
    };
    Some(if run.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&run.stderr).into_owned()) })
}

fn assert_valid(file: &Path) {
    if let Some(Err(errors)) = validate(file) {
        panic!("{} is not valid Atom:\n{errors}", file.display());
    }
}

/// The validator itself rejects a feed that breaks the schema, so that its passing means
/// something: no id, and a date that is not an RFC 3339 timestamp.
#[test]
fn the_schema_validator_rejects_a_feed_that_breaks_rfc_4287() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\
         <updated>20 Nov 2026</updated><author><name>a</name></author></feed>\n",
    )
    .unwrap();
    if let Some(result) = validate(&bad) {
        assert!(result.is_err(), "xmllint accepted a feed without an id");
    }
}

#[test]
fn the_feed_is_valid_atom_with_an_entry_per_change_and_hostile_titles_as_text() {
    let (_dir, _project, out) = two_weeks(true, None);
    assert_valid(&out.join("feed.xml"));
    let (xml, feed) = read_feed(&out);

    // Text, never markup: what the reader shows is the title as written (but for the control
    // character no XML can carry), and the markup never reaches the file as markup.
    assert!(!xml.contains("<script") && xml.contains("&lt;script&gt;"), "{xml}");
    assert_eq!(feed.title.value, format!("Changes since the last publish · {HOSTILE}"));
    assert_eq!(feed.title.r#type, atom_syndication::TextType::Text);
    assert_eq!(feed.updated.to_rfc3339(), "2026-11-20T00:00:00+00:00");
    // What the schema's Schematron rules ask, which xmllint does not check: an author, and a page
    // for every entry.
    assert_eq!(feed.authors[0].name, HOSTILE);
    assert!(feed.entries.iter().all(|e| e.links.iter().any(|l| l.rel == "alternate")));
    // The pages name the feed with the hostile title escaped too.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let escaped = "=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;) &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot; &#x27;single&#x27;";
    assert!(
        home.contains(&format!("title=\"Changes since the last publish · {escaped}\" href=\"feed.xml\""))
    );
    let moved = feed
        .entries
        .iter()
        .find(|e| e.categories.iter().any(|c| c.term == "target_moved"))
        .unwrap_or_else(|| panic!("an entry for the moved target: {xml}"));
    assert_eq!(moved.title.value, format!("KR1.1 {HOSTILE}\u{FFFD} — target eased from 35% to 20%"));
    assert_eq!(moved.links[0].href, "krs/kr1-1.html");
    assert_eq!(moved.updated.to_rfc3339(), "2026-11-20T00:00:00+00:00");
    let broken = feed
        .entries
        .iter()
        .find(|e| e.categories.iter().any(|c| c.term == "commitment_broken"))
        .unwrap_or_else(|| panic!("an entry for the broken commitment: {xml}"));
    assert_eq!(broken.title.value, format!("C-01 {HOSTILE} — commitment broken (was at risk)"));
    assert!(broken.links[0].href.starts_with("initiatives/i-01.html#"), "{}", broken.links[0].href);

    // One entry per change of snapshot.json's `changes`, in the order docs/site.md gives (a
    // commitment that broke is one entry, not also one for being newly at risk).
    let changes = &snapshot(&out)["changes"];
    let list = |name: &str| changes[name].as_array().unwrap().clone();
    let newly_broken = |c: &serde_json::Value| c["kind"] == "commitment" && c["after"] == "broken";
    let mut expected: Vec<String> = Vec::new();
    let mut each = |term: &str, n: usize| expected.extend(std::iter::repeat_n(term.to_string(), n));
    each("newly_at_risk", list("newly_at_risk").iter().filter(|c| !newly_broken(c)).count());
    each("recovered", list("recovered").len());
    each("forecast_moved", list("forecasts_moved").len());
    each("commitment_broken", list("broken_commitments").len());
    each("target_moved", list("targets_moved").len());
    each("decision_needed", list("new_decisions").len());
    let terms: Vec<String> = feed.entries.iter().map(|e| e.categories[0].term.clone()).collect();
    assert_eq!(terms, expected);
    // The sample's week has changes of most kinds: the feed is not trivially short.
    for kind in ["newly_at_risk", "forecast_moved", "commitment_broken", "target_moved", "decision_needed"] {
        assert!(terms.iter().any(|t| t == kind), "no {kind} entry in {terms:?}");
    }
    // C-01 broke, and the trigger on broken commitments asks for a decision it did not ask for before.
    assert!(
        feed.entries
            .iter()
            .any(|e| e.title.value == format!("C-01 {HOSTILE} — decision needed: Commitment broken")),
        "{xml}"
    );

    // Without a base_url, links are relative to the site root, where feed.xml is: each lands on a
    // page of the site, and its fragment on an id of that page.
    let files = files(&out);
    for entry in &feed.entries {
        assert_eq!(entry.summary.as_ref().map(|s| s.value.is_empty()), Some(false));
        let href = &entry.links[0].href;
        let (page, fragment) = href.split_once('#').map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
        let html =
            String::from_utf8_lossy(files.get(page).unwrap_or_else(|| panic!("{href} is not in the site")));
        if let Some(fragment) = fragment {
            assert!(html.contains(&format!("id=\"{fragment}\"")), "{href}: no id {fragment}");
        }
    }
    let self_link = feed.links.iter().find(|l| l.rel == "self").unwrap();
    assert_eq!(self_link.href, "feed.xml");
}

#[test]
fn every_page_names_the_feed_in_its_head() {
    let (_dir, _project, out) = two_weeks(false, None);
    let pages: Vec<(String, Vec<u8>)> = files(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("archive/") && p != "board-pack.html")
        .collect();
    assert!(pages.len() > 50, "{} pages", pages.len());
    for (page, bytes) in pages {
        let html = String::from_utf8_lossy(&bytes);
        let head = &html[..html.find("</head>").unwrap_or_else(|| panic!("{page} has a head"))];
        let root = "../".repeat(page.matches('/').count());
        let link = format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Changes since the last publish · Acme strategy\" href=\"{root}feed.xml\">"
        );
        assert!(head.contains(&link), "{page} does not name the feed in its head");
    }
    assert!(out.join("feed.xml").is_file());
}

/// A reader shows an entry once: the same report rebuilt, anywhere, gives the same ids (the same
/// bytes); the next week's changes get new ids; the feed's own id never changes.
#[test]
fn ids_are_the_same_for_the_same_report_and_new_for_a_later_week() {
    let (_dir, project, out) = two_weeks(false, None);
    let first = std::fs::read(out.join("feed.xml")).unwrap();
    // The same inputs in another folder, built the same way.
    let (_other_dir, _other_project, other_out) = two_weeks(false, None);
    assert_eq!(std::fs::read(other_out.join("feed.xml")).unwrap(), first, "same inputs, same feed");
    // Rebuilding 20 Nov over itself compares with 13 Nov again: the same entries, the same ids.
    build_at(&project, &out, "2026-11-20", None);
    assert_eq!(std::fs::read(out.join("feed.xml")).unwrap(), first, "a rebuild gives the same feed");

    let (_, week1) = read_feed(&out);
    let target_id = |feed: &Feed| {
        feed.entries.iter().find(|e| e.categories[0].term == "target_moved").map(|e| e.id.clone())
    };
    let eased = target_id(&week1).expect("the eased target has an entry");
    assert!(eased.starts_with("urn:uuid:"), "{eased}");

    // A week later the target is eased again: a new change, so a new entry with a new id.
    edit(&project, "strategy.toml", "target = 20.0", "target = 15.0");
    build_at(&project, &out, "2026-11-27", None);
    let (_, week2) = read_feed(&out);
    assert_eq!(week2.id, week1.id, "the feed keeps its id");
    let eased_again = target_id(&week2).expect("the target eased again has an entry");
    assert_ne!(eased_again, eased);
    let ids = |feed: &Feed| feed.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    let (old, new) = (ids(&week1), ids(&week2));
    assert!(new.iter().all(|id| !old.contains(id)), "a later week's entries are new: {old:?} {new:?}");
    let mut unique = new.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), new.len(), "no two entries share an id");
}

#[test]
fn with_a_base_url_links_are_absolute_and_ids_do_not_change() {
    let (_dir, _project, out) = two_weeks(false, Some("https://intranet.example/strategy/"));
    assert_valid(&out.join("feed.xml"));
    let (_, feed) = read_feed(&out);
    let (_relative_dir, _p, relative_out) = two_weeks(false, None);
    let (_, relative) = read_feed(&relative_out);

    let self_link = feed.links.iter().find(|l| l.rel == "self").unwrap();
    assert_eq!(self_link.href, "https://intranet.example/strategy/feed.xml");
    assert!(!feed.entries.is_empty());
    for (absolute, relative) in feed.entries.iter().zip(&relative.entries) {
        assert_eq!(
            absolute.links[0].href,
            format!("https://intranet.example/strategy/{}", relative.links[0].href)
        );
        // An Atom id must survive the site moving: it does not depend on the address.
        assert_eq!(absolute.id, relative.id);
    }
    assert_eq!(feed.id, relative.id);
    let page = std::fs::read_to_string(out.join("krs/kr1-1.html")).unwrap();
    assert!(page.contains("href=\"../feed.xml\""), "pages link the feed relatively, as everything else");
}

#[test]
fn a_first_report_has_a_valid_feed_without_entries() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    assert_valid(&out.join("feed.xml"));
    let (_, feed) = read_feed(&out);
    assert!(feed.entries.is_empty());
    assert_eq!(
        feed.subtitle.map(|s| s.value).as_deref(),
        Some("There is no earlier report to compare with.")
    );
    assert_eq!(feed.updated.to_rfc3339(), "2026-11-20T00:00:00+00:00");
}
