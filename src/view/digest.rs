//! Fingerprints of views: a page, a table's rows, the board pack. Two equal fingerprints mean
//! "the same view", so the page is not rendered again; they are 64-bit XXH3 hashes of the
//! view's serialised data, made without printing it.
//!
//! A row that many pages show (an initiative's, a person's, a signal's) is made once per build as
//! a [`Shared`] row with its own fingerprint: a page's fingerprint takes that one number in the
//! row's place, rather than serialising the row again for every page that shows it.

use std::cell::Cell;
use std::sync::Arc;

use serde::{Serialize, Serializer};

thread_local! {
    /// Set while this thread serialises a value to fingerprint it: a `Shared` row then writes its
    /// fingerprint rather than its fields.
    static FINGERPRINTING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `serialise` with `Shared` rows written as their fingerprints (restored on the way out,
/// also by a panic).
fn fingerprinting<R>(serialise: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            FINGERPRINTING.set(self.0);
        }
    }
    let _restore = Restore(FINGERPRINTING.replace(true));
    serialise()
}

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
        fingerprinting(|| serde_json::to_writer(&mut self.0, value)).ok();
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
        fingerprinting(|| serde_json::to_writer(&mut *buffer, value)).ok();
        xxhash_rust::xxh3::xxh3_64(buffer)
    })
}

/// A row made once per build and shown by many pages: cloned as a pointer, and serialised as its
/// fingerprint (made once, with the row) when a page is fingerprinted, as its fields otherwise.
pub struct Shared<T> {
    value: Arc<T>,
    /// `None` when the build keeps no fingerprints: the row is then fingerprinted field by field,
    /// like any other.
    print: Option<u64>,
}

impl<T: Serialize> Shared<T> {
    /// `value`, with its fingerprint when `fingerprint` (the build keeps fingerprints).
    pub fn new(value: T, fingerprint: bool) -> Shared<T> {
        let print = fingerprint.then(|| of(&value));
        Shared { value: Arc::new(value), print }
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.print {
            Some(print) if FINGERPRINTING.get() => serializer.serialize_u64(print),
            _ => self.value.serialize(serializer),
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared { value: self.value.clone(), print: self.print }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.value.fmt(f)
    }
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

    #[test]
    fn a_shared_row_serialises_as_itself_and_fingerprints_as_its_own_fingerprint() {
        let row = |title: &str| Shared::new(vec![title.to_string()], true);
        // To a template, the row as it is.
        assert_eq!(serde_json::to_string(&row("a")).unwrap(), r#"["a"]"#);
        assert_eq!(serde_json::to_string(&(1, row("a"))).unwrap(), r#"[1,["a"]]"#);
        // To a fingerprint, its own: equal rows, equal pages; a changed row, a changed page.
        assert_eq!(of(&(1, row("a"))), of(&(1, row("a"))));
        assert_ne!(of(&(1, row("a"))), of(&(1, row("b"))));
        assert_eq!(of(&(1, row("a"))), of(&(1, of(&vec!["a"]))));
        // Without a fingerprint of its own, it is fingerprinted field by field.
        let unprinted = |title: &str| Shared::new(vec![title.to_string()], false);
        assert_eq!(of(&unprinted("a")), of(&vec!["a"]));
        assert_ne!(of(&unprinted("a")), of(&unprinted("b")));
        // The thread's state is restored: a template is given the row's fields after a fingerprint.
        assert_eq!(serde_json::to_string(&row("a")).unwrap(), r#"["a"]"#);
    }
}
