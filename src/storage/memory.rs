//! `MemoryKv`: a key-value store in memory, for tests and as the fallback when the browser
//! gives no storage. It can simulate a full storage (a quota) and a write refused at a given
//! step, to test that a save is all-or-nothing.
//!
//! Clones share the same storage, as two tabs share `localStorage`.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::key_value::{KeyValue, StorageError};

#[derive(Debug, Default)]
struct Inner {
    entries: BTreeMap<String, String>,
    /// The most characters (keys + values) the store holds; `None`: no limit.
    quota: Option<usize>,
    /// Writes (`set`) from now on that will be refused: the 1st, 2nd… counting from when it
    /// was armed.
    refused_writes: Vec<u64>,
    /// `set` calls since the failures were armed.
    writes_since_armed: u64,
    /// Every `set` and `remove` ever made (refused ones included).
    operations: u64,
}

/// A shared in-memory store.
#[derive(Clone, Debug, Default)]
pub struct MemoryKv {
    inner: Rc<RefCell<Inner>>,
}

/// Characters a key and its value take, as the quota counts them.
fn size(key: &str, value: &str) -> usize {
    key.chars().count().saturating_add(value.chars().count())
}

impl MemoryKv {
    pub fn new() -> MemoryKv {
        MemoryKv::default()
    }

    /// A store holding `entries`.
    pub fn with_entries<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> MemoryKv {
        let store = MemoryKv::new();
        {
            let mut inner = store.inner.borrow_mut();
            for (key, value) in entries {
                inner.entries.insert(key.to_string(), value.to_string());
            }
        }
        store
    }

    /// Limits the store to `chars` characters, keys and values counted (`None`: no limit).
    /// A write that would go beyond is refused, as a full `localStorage` refuses it.
    pub fn set_quota(&self, chars: Option<usize>) {
        self.inner.borrow_mut().quota = chars;
    }

    /// Refuses the `n`-th write from now (1 for the next one), once. Calling it again adds
    /// another refused write; [`MemoryKv::clear_failures`] disarms them all.
    pub fn fail_write(&self, n: u64) {
        let mut inner = self.inner.borrow_mut();
        if inner.refused_writes.is_empty() {
            inner.writes_since_armed = 0;
        }
        let at = inner.writes_since_armed.saturating_add(n);
        inner.refused_writes.push(at);
    }

    pub fn clear_failures(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.refused_writes.clear();
        inner.writes_since_armed = 0;
    }

    /// Everything stored, to compare states byte for byte.
    pub fn entries(&self) -> BTreeMap<String, String> {
        self.inner.borrow().entries.clone()
    }

    /// Characters used, keys and values counted.
    pub fn used(&self) -> usize {
        self.inner
            .borrow()
            .entries
            .iter()
            .map(|(key, value)| size(key, value))
            .sum()
    }

    /// How many `set` and `remove` calls were made (refused ones included): a way to check
    /// that something wrote nothing at all.
    pub fn operations(&self) -> u64 {
        self.inner.borrow().operations
    }
}

impl KeyValue for MemoryKv {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.inner.borrow().entries.get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut inner = self.inner.borrow_mut();
        inner.operations = inner.operations.saturating_add(1);
        if !inner.refused_writes.is_empty() {
            inner.writes_since_armed = inner.writes_since_armed.saturating_add(1);
            let now = inner.writes_since_armed;
            if let Some(position) = inner.refused_writes.iter().position(|at| *at == now) {
                inner.refused_writes.swap_remove(position);
                return Err(StorageError::WriteRefused);
            }
        }
        if let Some(quota) = inner.quota {
            let used: usize = inner
                .entries
                .iter()
                .filter(|(existing, _)| existing.as_str() != key)
                .map(|(key, value)| size(key, value))
                .sum();
            if used.saturating_add(size(key, value)) > quota {
                return Err(StorageError::WriteRefused);
            }
        }
        inner.entries.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        let mut inner = self.inner.borrow_mut();
        inner.operations = inner.operations.saturating_add(1);
        inner.entries.remove(key);
        Ok(())
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .inner
            .borrow()
            .entries
            .range(prefix.to_string()..)
            .take_while(|(key, _)| key.starts_with(prefix))
            .map(|(key, _)| key.clone())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_store() {
        let first = MemoryKv::new();
        let second = first.clone();
        assert_eq!(first.set("relance.a", "1"), Ok(()));
        assert_eq!(second.get("relance.a"), Ok(Some("1".to_string())));
        assert_eq!(second.remove("relance.a"), Ok(()));
        assert_eq!(first.get("relance.a"), Ok(None));
        assert_eq!(first.operations(), 2);
    }

    #[test]
    fn keys_are_listed_by_prefix() {
        let store = MemoryKv::with_entries([
            ("relance.ledger", "m"),
            ("relance.ledger.i01.1-a", "x"),
            ("relance.ledger.clients.1-a", "y"),
            ("relance.lang", "fr"),
            ("other", "z"),
        ]);
        assert_eq!(
            store.keys_with_prefix("relance.ledger."),
            Ok(vec![
                "relance.ledger.clients.1-a".to_string(),
                "relance.ledger.i01.1-a".to_string()
            ])
        );
        assert_eq!(store.keys_with_prefix("nothing").map(|k| k.len()), Ok(0));
    }

    #[test]
    fn a_full_store_refuses_writes_and_keeps_its_content() {
        let store = MemoryKv::new();
        store.set_quota(Some(10));
        assert_eq!(store.set("abc", "1234"), Ok(()));
        assert_eq!(store.used(), 7);
        assert_eq!(store.set("de", "12"), Err(StorageError::WriteRefused));
        // Replacing a value counts only the new one.
        assert_eq!(store.set("abc", "1234567"), Ok(()));
        assert_eq!(store.get("de"), Ok(None));
        assert_eq!(store.get("abc"), Ok(Some("1234567".to_string())));
        // Characters, not bytes.
        store.set_quota(Some(4));
        assert_eq!(store.remove("abc"), Ok(()));
        assert_eq!(store.set("é", "€€€"), Ok(()));
    }

    #[test]
    fn the_nth_write_can_be_refused() {
        let store = MemoryKv::new();
        store.fail_write(2);
        store.fail_write(3);
        assert_eq!(store.set("a", "1"), Ok(()));
        assert_eq!(store.set("b", "2"), Err(StorageError::WriteRefused));
        assert_eq!(store.set("c", "3"), Err(StorageError::WriteRefused));
        assert_eq!(store.set("d", "4"), Ok(()));
        assert_eq!(store.entries().len(), 2);
        store.fail_write(1);
        store.clear_failures();
        assert_eq!(store.set("e", "5"), Ok(()));
    }
}
