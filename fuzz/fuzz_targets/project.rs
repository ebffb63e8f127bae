//! A whole project: the minimal fixture with one of its files replaced by the input (the first byte
//! picks which), loaded, linked, analysed and rendered in memory. Finds what only shows up after
//! loading: links between records, the analysis, the charts, the pages.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use throughline::build::{self, BuildOptions};

const FILES: [&str; 6] = [
    "throughline.toml",
    "strategy.toml",
    "data/checkins.csv",
    "data/initiatives.csv",
    "data/people.csv",
    "data/work.csv",
];

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal")
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, contents)) = data.split_first() else { return };
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture(), dir.path());
    std::fs::write(dir.path().join(FILES[pick as usize % FILES.len()]), contents).unwrap();
    let options = BuildOptions {
        project_dir: dir.path().to_path_buf(),
        output: Some(dir.path().join("public")),
        ..Default::default()
    };
    match build::render(&options) {
        Ok(rendered) => assert!(rendered.files.iter().any(|f| f.path == "index.html")),
        Err(build::BuildError::Input(diags)) => assert!(diags.has_errors()),
        Err(err) => panic!("a build failed without a diagnostic: {err}"),
    }
});
