//! Ids to file names (docs/site.md). A slug is the id in lower case with every run of other characters
//! made one `-`; it never leaves its folder, never exceeds 255 bytes, and never collides — not on
//! a case-insensitive file system (`alex` and `Alex`), and not with Windows' reserved names
//! (`CON`). Ids whose plain slug would be shared, reserved, empty or too long get a suffix from a
//! hash of the raw id, after a `_` that plain slugs never contain.

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

const MAX_BASE: usize = 80;
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The plain slug: lower-case ASCII letters and digits, other runs as one `-`, trimmed of `-`.
pub fn plain(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

fn hashed(id: &str, base: &str) -> String {
    let digest = Sha256::digest(id.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let base: String = base.chars().take(MAX_BASE).collect();
    let base = base.trim_end_matches('-');
    if base.is_empty() { format!("_{hex}") } else { format!("{base}_{hex}") }
}

/// Slugs for one namespace (one folder of pages), collision-free by construction.
#[derive(Debug, Clone, Default)]
pub struct Slugs {
    /// Each id's slug, in the order the ids were given: a list's own index finds its slug
    /// without hashing the id (once per row of every work table, on a large site).
    slugs: Vec<String>,
    /// Id -> its place in `slugs` (the last, when several share it). Looked up for every link of
    /// every page: a fast hash, as the ids are the project's own.
    by_id: FxHashMap<String, usize>,
}

/// Each id's slug, in order: its plain form where that is unique, else hashed.
fn slugs_of(ids: &[&str]) -> Vec<String> {
    use rayon::prelude::*;
    let bases: Vec<String> = ids.par_iter().map(|id| plain(id)).collect();
    let mut count: FxHashMap<&str, u32> = FxHashMap::default();
    count.reserve(bases.len());
    for base in &bases {
        *count.entry(base).or_default() += 1;
    }
    let plain_is_unique: Vec<bool> = bases
        .iter()
        .map(|base| {
            count[base.as_str()] == 1
                && !base.is_empty()
                && base.len() <= MAX_BASE
                && !RESERVED.contains(&base.as_str())
        })
        .collect();
    drop(count);
    ids.iter()
        .zip(bases)
        .zip(plain_is_unique)
        .map(|((id, base), unique)| if unique { base } else { hashed(id, &base) })
        .collect()
}

/// Each id's place (the last, when several share it).
fn places_of(ids: &[&str]) -> FxHashMap<String, usize> {
    let mut by_id = FxHashMap::default();
    by_id.reserve(ids.len());
    for (n, id) in ids.iter().enumerate() {
        by_id.insert(id.to_string(), n);
    }
    by_id
}

impl Slugs {
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> Slugs {
        let ids: Vec<&str> = ids.into_iter().collect();
        // The map from ids is half the work on a large project, and needs no slug.
        let (slugs, by_id) = rayon::join(|| slugs_of(&ids), || places_of(&ids));
        Slugs { slugs, by_id }
    }

    /// The slug of an id of this namespace (computed on the fly for an unknown one, so that a
    /// link can never point outside the folder).
    pub fn get(&self, id: &str) -> std::borrow::Cow<'_, str> {
        match self.by_id.get(id) {
            Some(&n) => self.slugs[n].as_str().into(),
            None => hashed(id, &plain(id)).into(),
        }
    }

    /// The slug of the `n`th id given to `new`.
    pub fn at(&self, n: usize) -> &str {
        &self.slugs[n]
    }

    /// The place, among the ids given to `new`, of `id` (the last, when several share it).
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_where_it_can_be() {
        let s = Slugs::new(["KR1.1", "B1", "I-01"]);
        assert_eq!(s.get("KR1.1"), "kr1-1");
        assert_eq!(s.get("I-01"), "i-01");
    }

    #[test]
    fn a_place_finds_the_slug_its_id_does_and_an_id_names_its_last_place() {
        let ids = ["W-1", "w-1", "W-2", "W-1"];
        let s = Slugs::new(ids);
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(s.at(n), s.get(id));
        }
        assert_eq!(s.index("W-1"), Some(3));
        assert_eq!(s.index("W-2"), Some(2));
        assert_eq!(s.index("W-3"), None);
    }

    #[test]
    fn never_collides_even_across_case() {
        let ids = ["alex", "Alex", "a.b", "a-b", "CON", "con.x", "", "../../etc/passwd", "Ünïcode", "日本"];
        let s = Slugs::new(ids);
        let slugs: Vec<String> = ids.iter().map(|id| s.get(id).into_owned()).collect();
        let mut lower: Vec<String> = slugs.iter().map(|x| x.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), ids.len(), "{slugs:?}");
        for slug in &slugs {
            assert!(!slug.is_empty() && slug.len() <= 255);
            assert!(slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{slug}");
            assert!(!RESERVED.contains(&slug.as_str()));
        }
        assert_eq!(s.get("../../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn long_ids_are_cut_and_hashed() {
        let long = "x".repeat(1000);
        let s = Slugs::new([long.as_str()]);
        assert!(s.get(&long).len() < 100);
    }
}
