//! The board pack (SPEC 8): one self-contained HTML file, and a PDF with embedded fonts,
//! selectable text and the expected sections.

use std::process::Command;

use crate::common::*;

#[test]
fn the_html_pack_is_one_file_with_nothing_fetched() {
    let (dir, project) = project("sample-data/acme");
    let out = dir.path().join("site");
    build_into(&project, &out).unwrap();
    let html = std::fs::read_to_string(out.join("board-pack.html")).unwrap();
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

