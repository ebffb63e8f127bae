//! Fingerprints of views: a page, a table's rows, the board pack. Two equal fingerprints mean
//! "the same view", so the page is not rendered again; they are 64-bit XXH3 hashes of the
//! view's serialised data, made without printing it.

use serde::Serialize;

/// What serde writes a value into, to be hashed at once when it is finished: XXH3 over one buffer
/// is several times faster than over the many small writes a serialiser makes.
pub struct Digest(Vec<u8>);

impl Digest {
    pub fn new() -> Digest {
        Digest(Vec::new())
    }

    /// Adds `value`, as serde serialises it.
    pub fn add(&mut self, value: &(impl Serialize + ?Sized)) -> &mut Digest {
        // Writing into memory cannot fail; a value that does not serialise fails at render.
        let _ = serde_json::to_writer(&mut self.0, value);
        self
    }

    pub fn add_u64(&mut self, n: u64) -> &mut Digest {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

impl Default for Digest {
    fn default() -> Self {
        Digest::new()
    }
}

/// The fingerprint of one value, serialised into a buffer this thread keeps for the next one.
pub fn of(value: &(impl Serialize + ?Sized)) -> u64 {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let _ = serde_json::to_writer(&mut *buffer, value);
        xxhash_rust::xxh3::xxh3_64(buffer)
    })
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
