//! Fingerprints of views: a page, a table's rows, the board pack. Two equal fingerprints mean
//! "the same view", so the page is not rendered again; they are 64-bit XXH3 hashes of the
//! view's serialised data, made without printing it.

use serde::Serialize;
use std::hash::Hasher as _;

/// A hasher that serde writes a value into.
pub struct Digest(xxhash_rust::xxh3::Xxh3Default);

impl Digest {
    pub fn new() -> Digest {
        Digest(xxhash_rust::xxh3::Xxh3Default::new())
    }

    /// Adds `value`, as serde serialises it.
    pub fn add(&mut self, value: &(impl Serialize + ?Sized)) -> &mut Digest {
        // Writing into a hasher cannot fail; a value that does not serialise fails at render.
        let _ = serde_json::to_writer(&mut *self, value);
        self
    }

    pub fn add_u64(&mut self, n: u64) -> &mut Digest {
        self.0.write_u64(n);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl Default for Digest {
    fn default() -> Self {
        Digest::new()
    }
}

impl std::io::Write for Digest {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of one value.
pub fn of(value: &(impl Serialize + ?Sized)) -> u64 {
    Digest::new().add(value).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_views_have_equal_fingerprints_and_a_change_changes_it() {
        assert_eq!(of(&("kr", 1.5, vec!["a"])), of(&("kr", 1.5, vec!["a"])));
        assert_ne!(of(&("kr", 1.5, vec!["a"])), of(&("kr", 1.5, vec!["b"])));
        // Fields cannot run into each other: ("ab", "c") is not ("a", "bc").
        assert_ne!(of(&("ab", "c")), of(&("a", "bc")));
    }
}
