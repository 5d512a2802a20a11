//! A save, or "start afresh", cut short by the tab dying (issue #22): not a refused write, the
//! process stops after any write. For every N, a store that takes the first N writes and
//! nothing after, then reopened: it opens to the previous ledger or the new one, never a mix;
//! "start afresh" interrupted keeps every text under its own key or its copy's, and finishes
//! when run again.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use relance::domain::demo::add_demo;
use relance::domain::{Ledger, LedgerParts, Money, PaymentDetails, PaymentMethod};
use relance::storage::key_value::{KeyValue, StorageError};
use relance::storage::memory::MemoryKv;
use relance::storage::repository::{LedgerRepository, LoadError};

/// A store over `store` that carries out the first `left` writes (`set` or `remove`) and then
/// none: the tab died. Reads go on, as the code after the death no longer matters.
#[derive(Clone)]
struct DyingKv {
    store: MemoryKv,
    left: Rc<Cell<u64>>,
}

impl DyingKv {
    fn new(store: MemoryKv, writes: u64) -> DyingKv {
        DyingKv {
            store,
            left: Rc::new(Cell::new(writes)),
        }
    }

    fn alive(&self) -> bool {
        match self.left.get() {
            0 => false,
            left => {
                self.left.set(left - 1);
                true
            }
        }
    }
}

impl KeyValue for DyingKv {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.store.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.alive() {
            self.store.set(key, value)
        } else {
            Ok(())
        }
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        if self.alive() {
            self.store.remove(key)
        } else {
            Ok(())
        }
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.store.keys_with_prefix(prefix)
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn records(ledger: &Ledger) -> LedgerParts {
    LedgerParts {
        next_id: 0,
        ..ledger.to_parts()
    }
}

fn copy(store: &MemoryKv) -> MemoryKv {
    let entries = store.entries();
    MemoryKv::with_entries(
        entries
            .iter()
            .map(|(key, text)| (key.as_str(), text.as_str())),
    )
}

/// The demo books, and the same with a payment on every open invoice (so most shards change)
/// and a client more.
fn before_and_after() -> (Ledger, Ledger) {
    let today = day("2026-12-07");
    let mut before = Ledger::new();
    add_demo(&mut before, today).unwrap();
    let mut after = before.clone();
    let open: Vec<_> = after
        .invoices()
        .filter(|invoice| {
            after
                .state_of(invoice.id(), today)
                .is_ok_and(|state| state.is_receivable() && !state.balance.open.is_zero())
        })
        .map(|invoice| (invoice.id(), invoice.currency()))
        .collect();
    assert!(open.len() > 10, "{} open invoices", open.len());
    for (id, currency) in open {
        let payment = PaymentDetails::new(
            id,
            today,
            Money::new(rust_decimal::Decimal::ONE, currency),
            PaymentMethod::BankTransfer,
            "interrupted",
        )
        .unwrap();
        after.record_payment(payment).unwrap();
    }
    let client = before.clients().next().unwrap().details().clone();
    after.add_client(client.with_demo(false)).unwrap();
    (before, after)
}

/// How many writes a save of `after` over `store` makes when nothing stops it.
fn writes_of_save(store: &MemoryKv, after: &Ledger) -> u64 {
    let store = copy(store);
    let mut loaded = LedgerRepository::open(store.clone(), "count").unwrap();
    let operations = store.operations();
    loaded.repository.save(after).unwrap();
    store.operations() - operations
}

#[test]
fn a_save_cut_short_after_any_write_opens_to_the_previous_or_the_new_ledger() {
    let (before, after) = before_and_after();
    let store = MemoryKv::new();
    let mut first = LedgerRepository::open(store.clone(), "first").unwrap();
    first.repository.save(&before).unwrap();
    // A second save first, so the interrupted one also removes the shards the previous save
    // replaced.
    let mut middle = before.clone();
    let client = before.clients().next().unwrap().details().clone();
    middle.add_client(client.with_demo(false)).unwrap();
    first.repository.save(&middle).unwrap();
    let base = store;

    let total = writes_of_save(&base, &after);
    assert!(total > 5, "a save of many shards: {total} writes");
    let (mut previous, mut new) = (0, 0);
    for writes in 0..=total {
        let store = copy(&base);
        // Opening may tidy up (orphans of an earlier save): the count starts at the save.
        let dying = DyingKv::new(store.clone(), u64::MAX);
        let budget = Rc::clone(&dying.left);
        let mut loaded = LedgerRepository::open(dying, "dying").unwrap();
        budget.set(writes);
        let saved = loaded.repository.save(&after);
        if writes == total {
            assert!(saved.is_ok(), "{saved:?}");
        }
        let reopened = LedgerRepository::open(store.clone(), "again")
            .unwrap_or_else(|error| panic!("after {writes} of {total} writes: {error:?}"));
        let seen = records(&reopened.ledger);
        if seen == records(&middle) {
            previous += 1;
        } else if seen == records(&after) {
            new += 1;
        } else {
            panic!("after {writes} of {total} writes the books open to a mix");
        }
        // And a save from there (the next visit) works and reads back.
        let mut next = reopened;
        next.repository.save(&after).unwrap();
        let last = LedgerRepository::open(store, "last").unwrap();
        assert_eq!(records(&last.ledger), records(&after));
    }
    assert!(previous > 0 && new > 0, "{previous} previous, {new} new");
}

/// What storage holds of the ledger, key → text, originals and quarantined copies.
fn ledger_texts(store: &MemoryKv) -> BTreeMap<String, String> {
    store
        .entries()
        .into_iter()
        .filter(|(key, _)| key.starts_with("relance.ledger"))
        .collect()
}

#[test]
fn start_afresh_cut_short_after_any_write_loses_no_text_and_finishes_when_run_again() {
    let (before, _) = before_and_after();
    let store = MemoryKv::new();
    let mut first = LedgerRepository::open(store.clone(), "first").unwrap();
    first.repository.save(&before).unwrap();
    // The books made unreadable: a shard altered.
    let shard = store
        .entries()
        .into_keys()
        .find(|key| key.starts_with("relance.ledger.i0"))
        .unwrap();
    store.set(&shard, "{\"altered\":true}").unwrap();
    assert!(matches!(
        LedgerRepository::open(store.clone(), "check"),
        Err(LoadError::Unreadable { .. })
    ));
    let originals = ledger_texts(&store);

    let total = {
        let counted = copy(&store);
        let operations = counted.operations();
        LedgerRepository::quarantine_and_reset(counted.clone(), "count").unwrap();
        counted.operations() - operations
    };
    for writes in 0..=total {
        let stored = copy(&store);
        let _ =
            LedgerRepository::quarantine_and_reset(DyingKv::new(stored.clone(), writes), "dying");
        // Every original text is still stored, under its own key or a copy's.
        let now = ledger_texts(&stored);
        for (key, text) in &originals {
            let rest = key.strip_prefix("relance.ledger").unwrap_or_default();
            let kept = now.get(key) == Some(text)
                || now.iter().any(|(other, copy)| {
                    other.starts_with("relance.ledger.quarantine.")
                        && other.ends_with(rest)
                        && copy == text
                });
            assert!(kept, "after {writes} of {total} writes, {key} is lost");
        }
        // It opens empty (finished) or still unreadable (the recovery screen again), and
        // starting afresh again finishes, every text kept.
        match LedgerRepository::open(stored.clone(), "again") {
            Ok(loaded) => assert_eq!(records(&loaded.ledger), records(&Ledger::new())),
            Err(LoadError::Unreadable { .. }) => {
                let done = LedgerRepository::quarantine_and_reset(stored.clone(), "retry").unwrap();
                assert_eq!(records(&done.loaded.ledger), records(&Ledger::new()));
                let reopened = LedgerRepository::open(stored.clone(), "after").unwrap();
                assert_eq!(records(&reopened.ledger), records(&Ledger::new()));
            }
            Err(error) => panic!("after {writes} of {total} writes: {error:?}"),
        }
        let kept = ledger_texts(&stored);
        for text in originals.values() {
            assert!(
                kept.values().any(|copy| copy == text),
                "a text is lost after {writes} writes"
            );
        }
    }
}
