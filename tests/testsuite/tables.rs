//! Tables people can work with (docs/site.md#tables-you-can-work-with): every table's rows as a
//! CSV file beside its page, parsed back here; safe to open in a spreadsheet whatever the inputs
//! hold. Sorting and filtering in Chromium are in `browser` (tests/browser/e2e.mjs).

use std::collections::BTreeMap;

use throughline::build::{BuildOptions, build};

use crate::common::*;

/// Each download link of every page: the page, the CSV's path, and the rows the link announces.
fn downloads(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String, usize)> {
    let link = regex::Regex::new(
        r#"<p class="download"><a href="([^"]+\.csv)" download>[^<]*</a> <span class="muted">\((no|\d+) rows?\)</span></p>"#,
    )
    .unwrap();
    let mut found = vec![];
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") && !p.starts_with("board-pack")) {
        let html = String::from_utf8_lossy(bytes);
        let tables = html.matches("<table").count() - html.matches("data-csv=\"off\"").count();
        let links: Vec<_> = link.captures_iter(&html).collect();
        assert_eq!(links.len(), tables, "{page}: a download link under each of its {tables} tables");
        let folder = page.rsplit_once('/').map_or(String::new(), |(f, _)| format!("{f}/"));
        for c in links {
            let rows = c[2].parse().unwrap_or(0);
            found.push((page.clone(), format!("{folder}{}", &c[1]), rows));
        }
    }
    found
}

/// A CSV file's records, read as a spreadsheet would: the byte order mark, then the rows.
fn records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark, so Excel reads UTF-8");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("valid CSV").iter().map(String::from).collect()).collect()
}

#[test]
fn every_table_of_the_sample_has_its_rows_as_csv_beside_its_page() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("public");
    build_into(&project, &out).unwrap();
    let files = files(&out);
    let downloads = downloads(&files);
    assert!(downloads.len() > 100, "the sample has tables on most pages: {}", downloads.len());
    for (page, csv, rows) in &downloads {
        let bytes = files.get(csv).unwrap_or_else(|| panic!("{page} links {csv}, which is not beside it"));
        let records = records(bytes);
        assert_eq!(records.len(), rows + 1, "{csv}: a header and the {rows} rows its link announces");
        assert!(records[0].iter().all(|h| !h.is_empty()), "{csv}: every column is named: {:?}", records[0]);
    }
    // The people table of the capacity page holds every person as the page shows them.
    let (_, csv, _) = downloads
        .iter()
        .find(|(page, csv, _)| {
            page == "capacity.html" && files[csv].starts_with("\u{feff}Person,".as_bytes())
        })
        .expect("the capacity page's people table");
    let people = records(&files[csv]);
    assert_eq!(people[0], ["Person", "Team", "Capacity / week", "Open work", "Utilisation"]);
    assert!(people.iter().any(|r| r[0] == "Lars Eriksen" && r.len() == 5), "Lars Eriksen's row");
    // A status reads as its badge does, without the badge's symbol.
    let krs: Vec<Vec<String>> = downloads
        .iter()
        .filter(|(_, csv, _)| files[csv].starts_with("\u{feff}Key result,Status,".as_bytes()))
        .flat_map(|(_, csv, _)| records(&files[csv]).into_iter().skip(1))
        .collect();
    assert!(!krs.is_empty(), "the bets' key result tables");
    let statuses = ["On track", "At risk", "Off track", "Done", "Not started", "No check-in"];
    for row in &krs {
        assert!(statuses.iter().any(|s| row[1].starts_with(s)), "a status in words: {:?}", row[1]);
    }
    check_links(&out);
}

#[test]
fn hostile_names_come_out_of_every_csv_as_text() {
    const FORMULAS: [&str; 4] = [
        r#"=HYPERLINK("http://evil.example","click")"#,
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
    ];
    let (dir, project) = project("minimal");
    let people = project.join("data/people.csv");
    let text = std::fs::read_to_string(&people).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let name = header.iter().position(|h| *h == "name").expect("a name column");
    let team = header.iter().position(|h| *h == "team").expect("a team column");
    for (n, line) in lines.iter_mut().skip(1).enumerate() {
        let mut record: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        record[name] = FORMULAS[n % FORMULAS.len()].to_string();
        record[team] = FORMULAS[(n + 1) % FORMULAS.len()].to_string();
        let mut writer = csv::Writer::from_writer(vec![]);
        writer.write_record(&record).unwrap();
        *line = String::from_utf8(writer.into_inner().unwrap()).unwrap().trim_end().to_string();
    }
    std::fs::write(&people, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("public");
    build_into(&project, &out).unwrap();
    let files = files(&out);
    let mut seen = 0;
    for (_, csv, _) in downloads(&files) {
        for cell in records(&files[&csv]).into_iter().flatten() {
            let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(!risky || cell.parse::<f64>().is_ok(), "{csv}: a cell a spreadsheet runs: {cell:?}");
            if FORMULAS.iter().any(|f| cell == format!("'{f}")) {
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "the hostile names are in the CSV files, as text");
    // On the pages they are escaped text too.
    let capacity = String::from_utf8_lossy(&files["capacity.html"]);
    assert!(capacity.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)"));
}

/// The large tables are written in Rust only while `macros.html` is the default one; a theme
/// with its own `macros.html` is given their rows as data. With the default macros' very text,
/// both ways write the same site, byte for byte: every page and every CSV file.
#[test]
fn a_theme_with_its_own_macros_gets_the_same_tables_as_the_fast_path() {
    let (dir, project) = project("sample-data/acme");
    let (_, macros) = built_both_ways(dir.path(), &project, "macros.html");
    // The theme's macros are what write the tables: a change to one shows in its pages and files.
    let changed = macros.replace("<td>{{ p.open }}</td>", "<td>{{ p.open }} open</td>");
    assert_ne!(changed, macros);
    std::fs::write(project.join("templates/macros.html"), changed).unwrap();
    let own = dir.path().join("own");
    build_into(&project, &own).unwrap();
    let capacity = std::fs::read_to_string(own.join("capacity.html")).unwrap();
    assert!(capacity.contains(" open</td>"), "the theme's people table");
}

/// A person's page is written in Rust while the theme's `base.html`, `macros.html` and
/// `person.html` are the default ones (`render::site::compiled`); a theme with its own
/// `person.html` is rendered by tera and read back for its tables' files. With the default
/// template's very text, both ways write the same site, byte for byte, on the pages that test
/// each branch: a name to escape, no team, an assignee not in people.csv, a note with headings
/// and one with a table (which only the read-back names, so that page takes tera's way).
#[test]
fn a_person_page_written_in_rust_is_the_page_its_template_writes() {
    let (dir, project) = project("sample-data/acme");
    let people = project.join("data/people.csv");
    let mut lines: Vec<String> =
        std::fs::read_to_string(&people).unwrap().lines().map(String::from).collect();
    // amir gets a hostile name and no team; the work assigned to "Amir Haddad" then has an
    // assignee not in people.csv.
    for line in &mut lines {
        if line.starts_with("amir,") {
            *line = "amir,\"Amir <b>\"\"Haddad\"\" & co's</b>\",,5,amir@acme.example".into();
        }
    }
    std::fs::write(&people, lines.join("\n") + "\n").unwrap();
    std::fs::write(
        project.join("notes/amir.md"),
        "# Amir\n\nOn leave in **January**.\n\n## Plans\n\n- one\n",
    )
    .unwrap();
    std::fs::write(project.join("notes/marco.md"), "").unwrap();
    std::fs::write(project.join("notes/elena.md"), "Capacity:\n\n| week | points |\n|---|---|\n| 1 | 5 |\n")
        .unwrap();
    let (in_rust, template) = built_both_ways(dir.path(), &project, "person.html");
    let page = |path: &str| String::from_utf8_lossy(&in_rust[path]).into_owned();
    let amir = page("people/amir.html");
    assert!(
        amir.contains("<h1>Amir &lt;b&gt;&quot;Haddad&quot; &amp; co&#x27;s&lt;/b&gt;"),
        "the name is escaped"
    );
    assert!(amir.contains("<h2>Plans</h2>") && amir.contains("<p class=\"crumbs\">person</p>"));
    assert!(page("people/amir-haddad.html").contains("This assignee is not in people.csv"));
    let elena = in_rust.keys().filter(|k| k.starts_with("people/elena.") && k.ends_with(".csv")).count();
    assert_eq!(elena, page("people/elena.html").matches("<table").count(), "the note's table has its file");
    // The theme's own person.html is what writes the page.
    std::fs::write(project.join("templates/person.html"), template.replace("Items done", "Finished"))
        .unwrap();
    let own = dir.path().join("own");
    build_into(&project, &own).unwrap();
    assert!(std::fs::read_to_string(own.join("people/amir.html")).unwrap().contains("<dt>Finished</dt>"));
}

/// An initiative's page is written in Rust while the theme's `base.html`, `macros.html` and
/// `initiative.html` are the default ones, as a person's is. Both ways write the same site, byte
/// for byte, a week after an archived report (so a forecast has a history), on the pages that
/// test each branch: a title to escape and no key result (I-14), no owner and no team (I-13), a
/// forecast delayed by its predecessor (I-04), commitments and dependencies (I-01), an empty note
/// (I-05) and a note with a table (I-03, which takes tera's way).
#[test]
fn an_initiative_page_written_in_rust_is_the_page_its_template_writes() {
    let (dir, project) = project("sample-data/acme");
    let initiatives = project.join("data/initiatives.csv");
    let text = std::fs::read_to_string(&initiatives).unwrap();
    let edited = text
        .replace(
            "I-14,EU data residency (Frankfurt region),",
            "I-14,\"EU <b>\"\"data\"\" & residency's</b>\",",
        )
        .replace(
            "I-13,Industry benchmark report series,KR4.2,ines,data,",
            "I-13,Industry benchmark report series,KR4.2,,,",
        )
        .replace("active,,CHK-456,", "active,I-01,CHK-456,");
    assert_eq!(edited.lines().zip(text.lines()).filter(|(a, b)| a != b).count(), 3);
    std::fs::write(&initiatives, edited).unwrap();
    std::fs::write(project.join("notes/i-05.md"), "").unwrap();
    std::fs::write(project.join("notes/i-03.md"), "Scope:\n\n| week | points |\n|---|---|\n| 1 | 5 |\n")
        .unwrap();
    let (in_rust, template) =
        built_both_ways_by(dir.path(), &project, "initiative.html", |out| week_after_a_report(&project, out));
    let page = |path: &str| String::from_utf8_lossy(&in_rust[path]).into_owned();
    let (i01, i04, i13, i14) = (
        page("initiatives/i-01.html"),
        page("initiatives/i-04.html"),
        page("initiatives/i-13.html"),
        page("initiatives/i-14.html"),
    );
    assert!(
        i14.contains("<h1>EU &lt;b&gt;&quot;data&quot; &amp; residency&#x27;s&lt;/b&gt; "),
        "the title is escaped"
    );
    assert!(i14.contains("This initiative supports no key result."));
    assert!(i13.contains("<dt>Owner</dt><dd><em>none</em></dd>") && i13.contains("<dt>Team</dt><dd>—</dd>"));
    assert!(i04.contains("the P50 of its predecessor"), "I-04 waits for I-01");
    for section in
        ["Forecast over time", "How sure the forecast is", "Commitments made on it", "Holds up", "Commentary"]
    {
        assert!(i01.contains(section), "I-01 shows {section}");
    }
    assert!(!page("initiatives/i-05.html").contains("Commentary"), "an empty note shows nothing");
    let i03 = in_rust.keys().filter(|k| k.starts_with("initiatives/i-03.") && k.ends_with(".csv")).count();
    assert_eq!(i03, page("initiatives/i-03.html").matches("<table").count(), "the note's table has its file");
    // The theme's own initiative.html is what writes the page.
    std::fs::write(project.join("templates/initiative.html"), template.replace("Status column", "Column"))
        .unwrap();
    let own = dir.path().join("own");
    build_into(&project, &own).unwrap();
    assert!(std::fs::read_to_string(own.join("initiatives/i-01.html")).unwrap().contains("<dt>Column</dt>"));
}

/// A key result's page is written in Rust while the theme's `base.html`, `macros.html` and
/// `kr.html` are the default ones. Both ways write the same site, byte for byte, a week after an
/// archived report, with the strategy file in git (so targets moved in its commits, by someone in
/// people.csv and someone not, and once not committed yet): a title to escape, a key result kept
/// on the right side of a line, a description with a heading, and one with a table (KR1.3, which
/// takes tera's way).
#[test]
fn a_key_result_page_written_in_rust_is_the_page_its_template_writes() {
    use crate::githistory::{ANA, MARIA, Repo};
    let (dir, project) = project("sample-data/acme");
    let people = project.join("data/people.csv");
    let mut text = std::fs::read_to_string(&people).unwrap();
    text.push_str("ana,Ana Silva,platform,5,ana@example.com\n");
    std::fs::write(&people, text).unwrap();
    let Some(repo) = Repo::init(&project) else { return };
    repo.commit(ANA, "2026-10-01T09:00:00+00:00", "The strategy");
    repo.edit("strategy.toml", "target = 35.0", "target = 30.0");
    repo.commit(MARIA, "2026-11-02T09:00:00+00:00", "Eased <KR1.1> & more");
    repo.edit("strategy.toml", "target = 30.0", "target = 25.0");
    repo.commit(ANA, "2026-11-16T09:00:00+00:00", "Eased again");
    repo.edit("strategy.toml", "target = 25.0", "target = 22.0");
    repo.edit(
        "strategy.toml",
        "Raise checkout conversion from 2.1% to 3.0%",
        "Raise <b>\\\"conversion\\\"</b> & co's",
    );
    repo.edit(
        "strategy.toml",
        "id = \"KR1.2\"\n",
        "id = \"KR1.2\"\ndescription = \"## Why\\n\\nBecause *checkout* is the funnel.\"\n",
    );
    repo.edit(
        "strategy.toml",
        "id = \"KR1.3\"\n",
        "id = \"KR1.3\"\ndescription = \"| week | rate |\\n|---|---|\\n| 1 | 0.9 |\\n\"\n",
    );
    let (in_rust, template) =
        built_both_ways_by(dir.path(), &project, "kr.html", |out| week_after_a_report(&project, out));
    let page = |path: &str| String::from_utf8_lossy(&in_rust[path]).into_owned();
    let (kr11, kr12, kr13) = (page("krs/kr1-1.html"), page("krs/kr1-2.html"), page("krs/kr1-3.html"));
    assert!(
        kr11.contains("in the strategy file's commits") && kr11.contains("Eased &lt;KR1.1&gt; &amp; more")
    );
    assert!(kr11.contains(">Ana Silva</a>"), "a commit's author in people.csv links to their page");
    assert!(kr11.contains("not committed yet"));
    assert!(kr11.contains("Week by week"));
    assert!(kr12.contains("<h1>Raise &lt;b&gt;&quot;conversion&quot;&lt;/b&gt; &amp; co&#x27;s "));
    assert!(kr12.contains("<h2>Why</h2>"));
    assert!(kr13.contains("Against its line"), "KR1.3 is kept at or below a line");
    let kr13_files = in_rust.keys().filter(|k| k.starts_with("krs/kr1-3.") && k.ends_with(".csv")).count();
    assert_eq!(kr13_files, kr13.matches("<table").count(), "the description's table has its file");
    // The theme's own kr.html is what writes the page.
    std::fs::write(project.join("templates/kr.html"), template.replace("Initiatives' output", "Output"))
        .unwrap();
    let own = dir.path().join("own");
    build_into(&project, &own).unwrap();
    assert!(std::fs::read_to_string(own.join("krs/kr1-1.html")).unwrap().contains("<dt>Output</dt>"));
}

/// Builds `project` into `out` as of 13 November 2026, archived, then a week later: the pages then
/// have a report before theirs (forecasts and targets over time).
fn week_after_a_report(project: &std::path::Path, out: &std::path::Path) {
    for as_of in ["2026-11-13", "2026-11-20"] {
        build(&BuildOptions {
            project_dir: project.to_path_buf(),
            output: Some(out.to_path_buf()),
            as_of: Some(as_of.parse().unwrap()),
            archive: true,
            ..Default::default()
        })
        .unwrap();
    }
}

/// Builds `project` with the default theme, then with the project's own copy of the default
/// `template` (a comment added, so it no longer counts as the default), and asserts that both
/// builds wrote the same files, byte for byte. Returns the first build's files and the template.
fn built_both_ways(
    dir: &std::path::Path,
    project: &std::path::Path,
    template: &str,
) -> (BTreeMap<String, Vec<u8>>, String) {
    built_both_ways_by(dir, project, template, |out| {
        build_into(project, out).unwrap();
    })
}

/// `built_both_ways`, each way built into its folder by `build`.
fn built_both_ways_by(
    dir: &std::path::Path,
    project: &std::path::Path,
    template: &str,
    build: impl Fn(&std::path::Path),
) -> (BTreeMap<String, Vec<u8>>, String) {
    let default = dir.join("default-theme");
    build(&default);
    let text = std::fs::read_to_string(repo().join("themes/default/templates").join(template)).unwrap();
    std::fs::create_dir_all(project.join("templates")).unwrap();
    std::fs::write(project.join("templates").join(template), format!("{{# its own #}}{text}")).unwrap();
    let own = dir.join("own-copy");
    build(&own);
    let (default, own) = (files(&default), files(&own));
    assert_eq!(default.keys().collect::<Vec<_>>(), own.keys().collect::<Vec<_>>());
    for (path, bytes) in &default {
        assert!(own[path] == *bytes, "{path} differs when the theme's own {template} writes it");
    }
    (default, text)
}
