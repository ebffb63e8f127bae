//! `throughline init DIR`: a small working project to start from (the files under `starter/`,
//! compiled in), and with `--theme`, a copy of the default theme to edit.

use std::path::{Path, PathBuf};

use crate::render::theme::DEFAULT_FILES;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../starter/", $name)))),*]
    };
}

/// The starter project's files, by path inside the project.
pub const STARTER_FILES: &[(&str, &str)] = embed![
    "throughline.toml",
    "strategy.toml",
    "data/checkins.csv",
    "data/initiatives.csv",
    "data/work.csv",
    "data/people.csv",
    "notes/index.md",
    "notes/b1.md",
];

/// Where `--theme` puts the copy of the default theme, inside the project.
pub const THEME_DIR: &str = "theme";

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} already exists and is not empty; init writes only into a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes the starter project into `dir` (which must be missing or empty) and returns the files
/// written, relative to it.
pub fn init(dir: &Path, with_theme: bool) -> Result<Vec<String>, InitError> {
    if dir.exists() && std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_some()) {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let mut files: Vec<(String, String)> =
        STARTER_FILES.iter().map(|(path, text)| (path.to_string(), text.to_string())).collect();
    if with_theme {
        for (path, text) in DEFAULT_FILES {
            files.push((format!("{THEME_DIR}/{path}"), text.to_string()));
        }
        let config = &mut files[0];
        debug_assert_eq!(config.0, crate::config::CONFIG_FILE);
        config.1 = config.1.replace(
            "theme = \"default\"\n",
            &format!("# The theme copied by `init --theme`: edit its templates/ and static/.\ntheme = \"{THEME_DIR}\"\n"),
        );
    }
    for (path, text) in &files {
        let target = dir.join(path);
        let io = |source| InitError::Io { path: target.clone(), source };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&target, text).map_err(io)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_that_holds_something() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "keep").unwrap();
        assert!(matches!(init(dir.path(), false), Err(InitError::NotEmpty(_))));
        assert_eq!(std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(), "keep");
        let empty = tempfile::tempdir().unwrap();
        assert!(init(empty.path(), false).is_ok(), "an empty folder is fine");
    }

    #[test]
    fn the_theme_copy_is_the_one_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("x");
        init(&project, true).unwrap();
        let config = std::fs::read_to_string(project.join("throughline.toml")).unwrap();
        assert!(config.contains("\ntheme = \"theme\"\n"), "{config}");
        assert!(project.join("theme/templates/base.html").is_file());
        assert!(project.join("theme/static/style.css").is_file());
    }
}
