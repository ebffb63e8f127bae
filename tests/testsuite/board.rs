//! The board pack (docs/site.md#board-pack): one self-contained HTML file, and a PDF with embedded fonts,
//! selectable text and the expected sections.

use std::process::Command;

use crate::common::*;

#[test]
fn the_html_pack_is_one_file_with_nothing_fetched() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let html = std::fs::read_to_string(out.join("board-pack.html")).unwrap();
    // Its icon is inline, a data: URI: nothing is fetched for it.
    let icon = regex::Regex::new(r#"<link rel="icon" href="data:image/svg\+xml,[^"]*">"#).unwrap();
    assert!(icon.is_match(&html), "the pack declares its own icon");
    let html = icon.replace(&html, "").into_owned();
    let external =
        regex::Regex::new(r#"(?i)(src|href)\s*=\s*["'](?:https?:)?//|<link\b|<script\b|@import|url\("#)
            .unwrap();
    assert!(!external.is_match(&html), "{:?}", external.find(&html));
    // Every internal link is a fragment of the file itself.
    for cap in regex::Regex::new(r#"href="([^"]*)""#).unwrap().captures_iter(&html) {
        let fragment = cap[1].strip_prefix('#').unwrap_or_else(|| panic!("link {} leaves the file", &cap[1]));
        assert!(html.contains(&format!("id=\"{fragment}\"")), "{fragment}");
    }
    for section in [
        "Executive summary",
        "Scorecard",
        "Top risks",
        "Decisions needed",
        "Commitments at risk",
        "Capacity hot spots",
        "Changes since the last pack",
        "Appendix: methodology",
    ] {
        assert!(html.contains(section), "{section}");
    }
    assert!(html.contains("@page { size: A4 landscape"));
    assert!(html.contains("<svg role=\"img\""), "charts are inline");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"board-pack.html\""));
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_has_its_sections_page_numbers_and_embedded_fonts() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let doc = lopdf::Document::load(out.join("board-pack.pdf")).unwrap();
    let pages = doc.get_pages();
    assert!(pages.len() >= 12, "{} pages", pages.len());
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let text = doc.extract_text(&numbers).unwrap();
    for needle in [
        "Contents",
        "Executive summary",
        "Scorecard",
        "Top risks",
        "Decisions needed",
        "Commitments at risk",
        "Capacity hot spots",
        "Bet B1",
        "Appendix: methodology",
        "Page 2 of",
    ] {
        assert!(text.contains(needle), "the PDF has no selectable text {needle:?}");
    }
    // Every font is embedded (a FontFile2 stream in its descriptor).
    let mut fonts = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"FontDescriptor")
        {
            fonts += 1;
            assert!(
                dict.has(b"FontFile2") || dict.has(b"FontFile3") || dict.has(b"FontFile"),
                "a font is not embedded"
            );
        }
    }
    assert!(fonts >= 1);
}

#[test]
fn the_board_command_writes_the_pack_into_the_output_folder() {
    let (dir, project) = project("minimal");
    let out = dir.path().join("pack");
    let status = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["board", project.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out.join("board-pack.html").is_file());
    assert_eq!(out.join("board-pack.pdf").is_file(), cfg!(feature = "pdf"));
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), if cfg!(feature = "pdf") { 2 } else { 1 }, "no temporary file left: {names:?}");
}

/// `board` writes each file through a temporary one: both files (and the folder it creates) get
/// the umask's usual modes, whatever the umask — here 027, so 0640 and 0750, never 0600.
#[cfg(unix)]
#[test]
fn the_board_command_writes_the_umasks_usual_modes() {
    let (dir, project) = project("minimal");
    for (umask, out) in [(0o022, dir.path().join("pack")), (0o027, dir.path().join("private"))] {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask:03o} && exec \"$0\" board \"$1\" -o \"$2\""))
            .args([env!("CARGO_BIN_EXE_throughline"), project.to_str().unwrap(), out.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
        assert_usual_modes(&out, umask);
        let names = modes(&out).into_keys().collect::<Vec<_>>();
        assert!(names.contains(&"board-pack.html".to_string()), "{names:?}");
    }
}

/// typst draws a character that no embedded font has as an empty box, without a warning. So the
/// fonts' coverage is checked here, over everything the pack can print: the sample's pack (with
/// trends since an earlier report), the typesetting template's own words, and every status's
/// symbol and label.
#[cfg(feature = "pdf")]
#[test]
fn the_pdf_fonts_have_every_character_the_pack_prints() {
    use throughline::analyse::Status;
    use throughline::view::rows::StatusView;

    let fonts: Vec<ttf_parser::Face> = throughline::render::board::pdf_fonts()
        .into_iter()
        .map(|bytes| ttf_parser::Face::parse(bytes, 0).unwrap())
        .collect();
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    let earlier = throughline::build::BuildOptions {
        project_dir: project.clone(),
        output: Some(out.clone()),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 6),
        ..Default::default()
    };
    throughline::build(&earlier).unwrap();

    let mut diags = throughline::diag::Diagnostics::default();
    let (project, graph) = throughline::build::load(&project, &mut diags).unwrap();
    let as_of = project.config.as_of.unwrap();
    let analysis = throughline::analyse::analyse(&project, &graph, as_of);
    let history = throughline::history::History::load(None, &out, as_of).unwrap();
    assert!(history.previous.is_some(), "the pack has trends to print");
    let snapshot = throughline::snapshot::Snapshot::new(&project, &graph, &analysis);
    let history = throughline::build::site_history(&history, &snapshot, None, false);
    let links = throughline::view::links::Links::new(&project, &graph);
    let rows = throughline::view::rows::Rows::new(&project, &graph, &analysis, &links);
    let pack = throughline::render::board::assemble(&rows, &history).unwrap();

    let mut text = String::new();
    collect_strings(&serde_json::to_value(&pack).unwrap(), &mut text);
    text.push_str(&std::fs::read_to_string(repo().join("themes/default/board/board.typ")).unwrap());
    for status in [
        Status::OnTrack,
        Status::AtRisk,
        Status::OffTrack,
        Status::Done,
        Status::NotStarted,
        Status::NoData,
        Status::Unknown,
        Status::Proposed,
        Status::Paused,
        Status::Cancelled,
        Status::Kept,
        Status::Broken,
    ] {
        let view = StatusView::from(status);
        text.push_str(view.icon);
        text.push_str(view.label);
    }
    assert!(text.contains("Paused") && text.contains("▲"), "the text covers statuses and trends");
    let missing: std::collections::BTreeSet<String> = text
        .chars()
        .filter(|c| !c.is_control())
        .filter(|&c| !fonts.iter().any(|f| f.glyph_index(c).is_some()))
        .map(|c| format!("{c} (U+{:04X})", c as u32))
        .collect();
    assert!(missing.is_empty(), "the PDF's fonts cannot draw {missing:?}: they would print as empty boxes");
}

#[cfg(feature = "pdf")]
fn collect_strings(value: &serde_json::Value, into: &mut String) {
    match value {
        serde_json::Value::String(s) => into.push_str(s),
        serde_json::Value::Array(list) => list.iter().for_each(|v| collect_strings(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, into)),
        _ => {}
    }
}

/// A decision names the first ten entities it fired on and counts the rest, on the home page, in
/// the HTML pack and in the PDF: one trigger of a large company fires on thousands.
#[test]
fn a_decision_names_ten_entities_and_counts_the_rest() {
    let (dir, project) = project("sample-data/acme");
    let config = project.join("throughline.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    // Four kinds that fire 14 times on the sample, asking for one decision of one owner.
    for kind in ["kr_at_risk", "overloaded", "blocked_work", "orphan_work"] {
        text.push_str(&format!(
            "\n[[trigger]]\nsignal = \"{kind}\"\naction = \"Review it at the staff meeting\"\nowner = \"olu\"\n"
        ));
    }
    std::fs::write(&config, text).unwrap();
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let fired: usize = ["kr_at_risk", "overloaded", "blocked_work", "orphan_work"]
        .iter()
        .map(|kind| {
            snapshot(&out)["signals"].as_array().unwrap().iter().filter(|s| s["kind"] == *kind).count()
        })
        .sum();
    assert!(fired > 10, "the sample fires these {fired} times");
    let row = |page: &str| {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let at = html.find("Review it at the staff meeting").unwrap();
        let row = &html[at..];
        row[..row.find("</tr>").unwrap()].to_string()
    };
    for page in ["index.html", "board-pack.html"] {
        let row = row(page);
        assert_eq!(row.matches("<li>").count(), 10, "{page}: ten entities named");
        assert!(row.contains(&format!("And {} more: see ", fired - 10)), "{page}: {row}");
    }
    #[cfg(feature = "pdf")]
    {
        let doc = lopdf::Document::load(out.join("board-pack.pdf")).unwrap();
        let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&numbers).unwrap();
        assert!(text.contains(&format!("And {} more: see risks.html on the site.", fired - 10)));
    }
}

/// A build over an earlier site takes the board pack's PDF it left again while the pack is the
/// same (typesetting it is the largest part of a build), and typesets it anew once what the pack
/// shows has changed.
#[cfg(feature = "pdf")]
#[test]
fn a_build_takes_the_earlier_pdf_again_while_the_pack_is_the_same() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let pdf = out.join("board-pack.pdf");
    let first = std::fs::read(&pdf).unwrap();
    // Taking it again is invisible: a build into an empty folder typesets these very bytes.
    let fresh = dir.path().join("fresh");
    build_into(&project, &fresh).unwrap();
    assert_eq!(std::fs::read(fresh.join("board-pack.pdf")).unwrap(), first);
    // Cut short, or with a change appended (as a PDF viewer saves one), it is typeset anew.
    std::fs::write(&pdf, &first[..first.len() - 100]).unwrap();
    build_into(&project, &out).unwrap();
    assert_eq!(std::fs::read(&pdf).unwrap(), first, "a PDF cut short was taken again");
    std::fs::write(&pdf, [first.as_slice(), b"1 0 obj\n<<>>\nendobj\n%%EOF\n"].concat()).unwrap();
    build_into(&project, &out).unwrap();
    assert_eq!(std::fs::read(&pdf).unwrap(), first, "a PDF changed since was taken again");
    // Marked in its first comment line (its print and its length unchanged), so that taking it
    // again shows.
    let mut marked = first.clone();
    let comment = marked.iter().position(|&b| b == b'\n').unwrap() + 2;
    marked[comment] = b'!';
    assert_ne!(marked, first);
    std::fs::write(&pdf, &marked).unwrap();
    // An initiative's commentary is on its page, not in the pack.
    let note = project.join("notes/i-01.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nOne more line of commentary.\n")).unwrap();
    build_into(&project, &out).unwrap();
    assert!(std::fs::read_to_string(out.join("initiatives/i-01.html")).unwrap().contains("One more line"));
    assert_eq!(std::fs::read(&pdf).unwrap(), marked, "the PDF was typeset again");
    // A check-in moves a key result in the scorecard: the pack changed, and is typeset anew.
    let checkins = project.join("data/checkins.csv");
    let text = std::fs::read_to_string(&checkins).unwrap();
    std::fs::write(&checkins, format!("{text}KR1.1,2026-10-01,17.9,0.8,\n")).unwrap();
    build_into(&project, &out).unwrap();
    let after = std::fs::read(&pdf).unwrap();
    assert!(after != marked && after != first, "the PDF was taken again though its pack changed");
    build_into(&project, &fresh).unwrap();
    assert_eq!(std::fs::read(fresh.join("board-pack.pdf")).unwrap(), after);
}

/// What sits where the earlier PDF was is read only when it is a plain file: a FIFO there (which
/// would block a read for ever) is left unread, the build typesets the pack, and the replaced
/// site is deleted around it without opening it.
#[cfg(all(feature = "pdf", unix))]
#[test]
fn a_build_reads_no_earlier_pdf_that_is_not_a_plain_file() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let pdf = out.join("board-pack.pdf");
    let first = std::fs::read(&pdf).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    assert!(Command::new("mkfifo").arg(&pdf).status().unwrap().success());
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(build_into(&project, &out).map(|_| ())).unwrap());
    let built = finished.recv_timeout(std::time::Duration::from_secs(120));
    assert!(matches!(built, Ok(Ok(()))), "the build over a FIFO: {built:?}");
    assert_eq!(std::fs::read(&pdf).unwrap(), first);
}
