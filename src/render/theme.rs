//! Themes: the default theme is compiled into the binary; a project overrides any template by a
//! file of the same name in its `templates/`, or points `theme` at a folder of its own.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::{Diagnostic, Location};

// `DEFAULT_FILES`: every file of `themes/default/templates` and `themes/default/static`, listed
// by build.rs.
include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The page templates that `site::compiled` writes in Rust, byte for byte as the default theme's
/// templates do.
pub const IN_RUST: [&str; 3] = ["person.html", "initiative.html", "kr.html"];

pub struct Theme {
    pub tera: Tera,
    /// Static files, by path under `assets/`.
    pub assets: Vec<(String, Vec<u8>)>,
    /// Every file the theme was read from, for `watch`.
    pub sources: Vec<PathBuf>,
    /// `macros.html` is the default theme's own, so its tables can be written without it
    /// (`site::tables`).
    pub default_macros: bool,
    /// The pages of `IN_RUST` whose templates (`base.html`, `macros.html` and the page's own)
    /// are the default theme's, so that they can be written without them (`site::compiled`).
    pub in_rust: Vec<&'static str>,
    /// A hash of every template and asset: a page is rendered again when it changes.
    pub fingerprint: u64,
}

impl Theme {
    /// Whether pages of `template` are written in Rust (its templates are the default ones).
    pub fn in_rust(&self, template: &str) -> bool {
        self.in_rust.contains(&template)
    }

    pub fn load(project_root: &Path, theme: &str) -> Result<Theme, Diagnostic> {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut assets: Vec<(String, Vec<u8>)> = Vec::new();
        let mut sources = Vec::new();
        for (path, text) in DEFAULT_FILES {
            if let Some(name) = path.strip_prefix("templates/") {
                templates.push((name.to_string(), text.to_string()));
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.push((name.to_string(), text.as_bytes().to_vec()));
            }
        }
        let mut overlay = |dir: &Path, into_assets: bool| -> Result<(), Diagnostic> {
            let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
            let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
            entries.sort();
            for path in entries {
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                    continue;
                };
                if name.starts_with('.') || name.ends_with('~') {
                    continue;
                }
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error(Location::file(path.display().to_string()), format!("cannot read: {e}"))
                })?;
                sources.push(path.clone());
                if into_assets {
                    assets.retain(|(n, _)| *n != name);
                    assets.push((name, bytes));
                } else if name.ends_with(".html") {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        Diagnostic::error(
                            Location::file(path.display().to_string()),
                            "the template is not valid UTF-8",
                        )
                    })?;
                    templates.retain(|(n, _)| *n != name);
                    templates.push((name, text));
                }
            }
            Ok(())
        };
        if theme != "default" {
            let dir = project_root.join(theme);
            if !dir.is_dir() {
                return Err(Diagnostic::error(
                    Location::file(crate::config::CONFIG_FILE),
                    format!("the theme folder {} does not exist", dir.display()),
                )
                .with_hint("set theme = \"default\", or run `throughline init DIR --theme` to copy the default theme"));
            }
            overlay(&dir.join("templates"), false)?;
            overlay(&dir.join("static"), true)?;
        }
        overlay(&project_root.join("templates"), false)?;
        assets.sort();
        let is_default = |name: &str| {
            let text = templates.iter().find(|(n, _)| n == name).map(|(_, text)| text.as_str());
            DEFAULT_FILES.iter().any(|(path, default)| {
                path.strip_prefix("templates/") == Some(name) && text == Some(*default)
            })
        };
        let default_macros = is_default("macros.html");
        let in_rust = IN_RUST
            .into_iter()
            .filter(|page| default_macros && is_default("base.html") && is_default(page))
            .collect();
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::hash::DefaultHasher::new();
            templates.hash(&mut hasher);
            assets.hash(&mut hasher);
            hasher.finish()
        };
        let mut tera = Tera::default();
        tera.set_escape_fn(crate::view::markdown::escape_html);
        tera.add_raw_templates(templates).map_err(|e| {
            Diagnostic::error(
                Location::file("templates"),
                format!("a template does not compile: {}", error_chain(&e)),
            )
        })?;
        Ok(Theme { tera, assets, sources, default_macros, in_rust, fingerprint })
    }
}

/// Tera's error and each "caused by" under it, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the default theme's folders is compiled in: none is listed by hand.
    #[test]
    fn the_default_theme_is_every_file_of_its_folders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = ["templates", "static"]
            .iter()
            .flat_map(|folder| {
                std::fs::read_dir(root.join(folder))
                    .unwrap()
                    .map(move |e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
            })
            .collect();
        on_disk.sort();
        let mut compiled: Vec<String> = DEFAULT_FILES.iter().map(|(path, _)| path.to_string()).collect();
        compiled.sort();
        assert_eq!(compiled, on_disk);
        let (_, base) = DEFAULT_FILES.iter().find(|(path, _)| *path == "templates/base.html").unwrap();
        assert_eq!(*base, std::fs::read_to_string(root.join("templates/base.html")).unwrap());
    }
}
