//! Lists the default theme's files for `render::theme`, so that a template or asset added to
//! `themes/default/templates` or `themes/default/static` is compiled in without being listed by
//! hand anywhere.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let mut listing = String::from("/// The default theme's files, by path inside the theme folder.\n");
    listing.push_str("pub const DEFAULT_FILES: &[(&str, &str)] = &[\n");
    for folder in ["templates", "static"] {
        let dir = theme.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .flatten()
            .filter(|entry| entry.path().is_file())
            .filter_map(|entry| entry.file_name().into_string().ok())
            // What a theme folder leaves out: hidden files and editors' backups.
            .filter(|name| !name.starts_with('.') && !name.ends_with('~'))
            .collect();
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let _ = writeln!(
                listing,
                "    ({:?}, include_str!({:?})),",
                format!("{folder}/{name}"),
                path.display().to_string()
            );
        }
    }
    listing.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(&out, listing).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
