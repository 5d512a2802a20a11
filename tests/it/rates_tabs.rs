//! The user's rates in several tabs (issue #5): a save first checks that the stored text is
//! still the one the tab last read or wrote; if another tab wrote since, the tab's change is
//! made again on that version, row by row, and a row both tabs changed keeps the other tab's
//! version and is reported. Neither tab's row is ever dropped silently.
//!
//! Each "tab" is a `seen` text over one shared `MemoryKv`, as two tabs share `localStorage`.
//!
//! Also here, since they go through `storage::encrypted` (as a unit test of `storage::rates` it
//! made the test code circle rates → encrypted → backup → rates): the rates saved, loaded and set
//! aside through any store.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use chrono::NaiveDate;
use proptest::prelude::*;
use relance::domain::interest::{Rate, TableId, UserRate};
use relance::i18n::{Describe, Lang};
use relance::state::rates::TabNotice;
use relance::storage::key_value::{KeyValue, StorageError};
use relance::storage::keys;
use relance::storage::memory::MemoryKv;
use relance::storage::rates::{self, RowConflict, SaveRatesError, Saved, load, rebase, save_edit};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An ECB rate (any start date) from `from`.
fn ecb(from: &str, percent: Decimal, source: &str) -> UserRate {
    UserRate {
        table: TableId::EcbMro,
        effective_from: day(from),
        to: None,
        rate: Rate::from_percent(percent),
        source: source.to_string(),
    }
}

fn uk(from: &str, percent: Decimal) -> UserRate {
    UserRate {
        table: TableId::UkBankRate,
        effective_from: day(from),
        to: None,
        rate: Rate::from_percent(percent),
        source: "BoE".to_string(),
    }
}

/// A tab that has just opened: what it shows, and the list as stored (the same).
fn open_tab(kv: &MemoryKv) -> (Vec<UserRate>, Vec<UserRate>) {
    let rates = load(kv).unwrap();
    (rates.clone(), rates)
}

fn with(list: &[UserRate], rate: UserRate) -> Vec<UserRate> {
    let mut list: Vec<UserRate> = list
        .iter()
        .filter(|r| (r.table, r.effective_from) != (rate.table, rate.effective_from))
        .cloned()
        .collect();
    list.push(rate);
    list.sort_by_key(|r| (r.table, r.effective_from));
    list
}

#[test]
fn two_tabs_adding_different_rates_keep_both_rows() {
    let kv = MemoryKv::new();
    let (first_list, mut first) = open_tab(&kv);
    let (second_list, mut second) = open_tab(&kv);
    let november = ecb("2026-11-04", dec!(2.15), "BCE first tab");
    let december = uk("2026-12-17", dec!(3.25));

    let saved = save_edit(&kv, &mut first, &with(&first_list, november.clone()));
    assert_eq!(saved.stored, Ok(()));
    assert!(!saved.on_newer);
    // The second tab never heard of the first one's save: its check finds it.
    let saved = save_edit(&kv, &mut second, &with(&second_list, december.clone()));
    assert_eq!(
        saved,
        Saved {
            rates: vec![november.clone(), december.clone()],
            stored: Ok(()),
            on_newer: true,
            conflicts: vec![],
        }
    );
    assert_eq!(load(&kv), Ok(vec![november.clone(), december.clone()]));
    // What the second tab knows as stored is what it wrote: its next save is not a stale one.
    assert_eq!(Ok(second.clone()), load(&kv));
    let saved = save_edit(&kv, &mut second, std::slice::from_ref(&november));
    assert!(!saved.on_newer);
    assert_eq!(load(&kv), Ok(vec![november]));
}

#[test]
fn a_removal_in_one_tab_and_an_addition_in_the_other_both_hold() {
    let november = ecb("2026-11-04", dec!(2.15), "BCE");
    let kv = MemoryKv::new();
    assert_eq!(rates::save(&kv, std::slice::from_ref(&november)), Ok(()));
    let (_, mut first) = open_tab(&kv);
    let (second_list, mut second) = open_tab(&kv);
    let december = uk("2026-12-17", dec!(3.25));

    assert_eq!(save_edit(&kv, &mut first, &[]).stored, Ok(()));
    let saved = save_edit(&kv, &mut second, &with(&second_list, december.clone()));
    assert!(saved.on_newer);
    assert!(saved.conflicts.is_empty());
    // The first tab's removal stands; the second tab's row is added.
    assert_eq!(load(&kv), Ok(vec![december]));
}

#[test]
fn a_row_both_tabs_changed_keeps_the_other_tab_version_and_is_reported() {
    let kv = MemoryKv::new();
    let original = ecb("2026-11-04", dec!(2.15), "BCE");
    assert_eq!(rates::save(&kv, std::slice::from_ref(&original)), Ok(()));
    let (_, mut first) = open_tab(&kv);
    let (_, mut second) = open_tab(&kv);
    let first_version = ecb("2026-11-04", dec!(2.20), "BCE, first tab");
    let second_version = ecb("2026-11-04", dec!(2.40), "BCE, second tab");
    let also = uk("2026-12-17", dec!(3.25));

    assert_eq!(
        save_edit(&kv, &mut first, std::slice::from_ref(&first_version)).stored,
        Ok(())
    );
    // The second tab changed the same row, and added another one.
    let saved = save_edit(&kv, &mut second, &[second_version.clone(), also.clone()]);
    assert_eq!(saved.stored, Ok(()));
    assert_eq!(
        saved.conflicts,
        vec![RowConflict {
            mine: Some(second_version),
            theirs: Some(first_version.clone()),
        }]
    );
    assert_eq!(saved.rates, vec![first_version.clone(), also.clone()]);
    assert_eq!(load(&kv), Ok(vec![first_version.clone(), also]));

    // A row one tab removed while the other changed it is kept, changed, and reported.
    let (_, mut third) = open_tab(&kv);
    let (_, mut fourth) = open_tab(&kv);
    let changed = ecb("2026-11-04", dec!(2.30), "BCE, third tab");
    assert_eq!(
        save_edit(&kv, &mut third, std::slice::from_ref(&changed)).stored,
        Ok(())
    );
    let before = kv.operations();
    let saved = save_edit(&kv, &mut fourth, &[]);
    assert_eq!(
        saved.conflicts,
        vec![RowConflict {
            mine: None,
            theirs: Some(changed.clone()),
        }]
    );
    assert_eq!(load(&kv), Ok(vec![changed]));
    assert_eq!(
        kv.operations(),
        before,
        "nothing to write: the stored list is kept"
    );
}

#[test]
fn the_same_change_in_both_tabs_is_no_conflict() {
    let kv = MemoryKv::new();
    let (_, mut first) = open_tab(&kv);
    let (_, mut second) = open_tab(&kv);
    let november = ecb("2026-11-04", dec!(2.15), "BCE");
    assert_eq!(
        save_edit(&kv, &mut first, std::slice::from_ref(&november)).stored,
        Ok(())
    );
    let saved = save_edit(&kv, &mut second, std::slice::from_ref(&november));
    assert!(saved.on_newer);
    assert!(saved.conflicts.is_empty());
    assert_eq!(load(&kv), Ok(vec![november]));
}

#[test]
fn a_refused_save_keeps_the_change_and_the_next_save_makes_it_on_the_newer_version() {
    let kv = MemoryKv::new();
    let (_, mut first) = open_tab(&kv);
    let (_, mut second) = open_tab(&kv);
    let refused = ecb("2026-11-04", dec!(2.15), "refused");
    let other = uk("2026-11-06", dec!(3.5));
    let later = ecb("2026-12-17", dec!(2.00), "later");

    kv.fail_write(1);
    let saved = save_edit(&kv, &mut second, std::slice::from_ref(&refused));
    assert_eq!(
        saved.stored,
        Err(SaveRatesError::Refused(StorageError::WriteRefused))
    );
    // Kept in the tab, not stored; the tab still knows nothing is stored.
    assert_eq!(saved.rates, vec![refused.clone()]);
    assert_eq!(second, vec![]);
    assert_eq!(load(&kv), Ok(vec![]));

    assert_eq!(
        save_edit(&kv, &mut first, std::slice::from_ref(&other)).stored,
        Ok(())
    );
    // The next change in the second tab saves the refused one with it, on the first tab's.
    let saved = save_edit(&kv, &mut second, &[refused.clone(), later.clone()]);
    assert_eq!(saved.stored, Ok(()));
    assert!(saved.on_newer);
    assert_eq!(load(&kv), Ok(vec![refused, later, other]));
}

#[test]
fn a_refused_save_after_another_tab_wrote_keeps_both_in_the_tab() {
    let kv = MemoryKv::new();
    let (_, mut first) = open_tab(&kv);
    let (_, mut second) = open_tab(&kv);
    let theirs = uk("2026-11-06", dec!(3.5));
    let mine = ecb("2026-11-04", dec!(2.15), "mine");
    assert_eq!(
        save_edit(&kv, &mut first, std::slice::from_ref(&theirs)).stored,
        Ok(())
    );
    kv.fail_write(1);
    let saved = save_edit(&kv, &mut second, std::slice::from_ref(&mine));
    assert!(saved.stored.is_err());
    assert_eq!(saved.rates, vec![mine.clone(), theirs.clone()]);
    // The tab's base is now the other tab's list: a retry is not stale.
    assert_eq!(second, vec![theirs.clone()]);
    let saved = save_edit(&kv, &mut second, &saved.rates);
    assert_eq!((saved.stored, saved.on_newer), (Ok(()), false));
    assert_eq!(load(&kv), Ok(vec![mine, theirs]));
}

#[test]
fn a_text_another_tab_stored_that_cannot_be_read_is_never_overwritten() {
    let kv = MemoryKv::new();
    let (_, mut tab) = open_tab(&kv);
    kv.set(keys::RATES, "relance-rates 2\n[ecb-mro]\n").unwrap();
    let before = kv.entries();
    let saved = save_edit(&kv, &mut tab, &[ecb("2026-11-04", dec!(2.15), "x")]);
    assert!(matches!(
        saved.stored,
        Err(SaveRatesError::Unreadable { ref raw, .. }) if raw == "relance-rates 2\n[ecb-mro]\n"
    ));
    assert_eq!(kv.entries(), before);
}

#[test]
fn nothing_is_written_when_the_list_is_what_is_stored() {
    // Restoring a backup without rates on a browser without rates, storage full.
    let kv = MemoryKv::new();
    kv.set_quota(Some(0));
    let (_, mut tab) = open_tab(&kv);
    let saved = save_edit(&kv, &mut tab, &[]);
    assert_eq!(saved.stored, Ok(()));
    assert_eq!(kv.operations(), 0);
}

#[test]
fn an_unchanged_row_whose_source_had_a_line_break_is_not_taken_for_a_change() {
    let kv = MemoryKv::new();
    let (_, mut first) = open_tab(&kv);
    let typed = ecb("2026-11-04", dec!(2.15), "BCE\ncommuniqué");
    assert_eq!(
        save_edit(&kv, &mut first, std::slice::from_ref(&typed)).stored,
        Ok(())
    );
    let (_, mut second) = open_tab(&kv);
    let changed = ecb("2026-11-04", dec!(2.40), "BCE");
    assert_eq!(
        save_edit(&kv, &mut second, std::slice::from_ref(&changed)).stored,
        Ok(())
    );
    // The first tab still holds the row as typed (with its line break) and adds another.
    let also = uk("2026-12-17", dec!(3.25));
    let saved = save_edit(&kv, &mut first, &[typed, also.clone()]);
    assert!(saved.conflicts.is_empty(), "{:?}", saved.conflicts);
    assert_eq!(load(&kv), Ok(vec![changed, also]));
}

#[test]
fn rates_are_saved_loaded_and_set_aside_through_any_store() {
    use relance::storage::crypto::KdfParams;
    use relance::storage::encrypted::{self, NoRandomness, Random};
    use relance::storage::rates::{LoadRatesError, quarantine_and_reset, save};

    let rates = vec![uk("2026-11-05", dec!(3.5))];
    let kv = MemoryKv::new();
    assert_eq!(load(&kv), Ok(vec![]));
    assert_eq!(save(&kv, &rates), Ok(()));
    assert_eq!(load(&kv), Ok(rates.clone()));

    // Unreadable: reported with the text, which is set aside (never overwritten) on reset.
    kv.set(keys::RATES, "relance-rates 1\n[nonsense]\n")
        .unwrap();
    let Err(LoadRatesError::Unreadable { raw, .. }) = load(&kv) else {
        panic!("an unreadable text is reported");
    };
    assert_eq!(raw, "relance-rates 1\n[nonsense]\n");
    assert_eq!(
        quarantine_and_reset(&kv, &raw, &rates),
        Ok("relance.rates.quarantine.1".to_string())
    );
    assert_eq!(
        quarantine_and_reset(&kv, "again", &rates),
        Ok("relance.rates.quarantine.2".to_string())
    );
    assert_eq!(
        kv.get("relance.rates.quarantine.1").unwrap().as_deref(),
        Some(raw.as_str())
    );
    assert_eq!(load(&kv), Ok(rates.clone()));

    // Encrypted: the stored text is sealed, and reads back through the store.
    let counter = Cell::new(0u8);
    let random: Rc<dyn Random> = Rc::new(move |bytes: &mut [u8]| {
        counter.set(counter.get().wrapping_add(1));
        bytes.fill(counter.get());
        Ok::<(), NoRandomness>(())
    });
    let fast = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    let sealed = encrypted::enable(kv.clone(), "passphrase", fast, random).unwrap();
    let more = vec![ecb("2026-12-17", dec!(2.15), "BCE Quokka")];
    assert_eq!(save(&sealed, &more), Ok(()));
    let stored = kv.get(keys::RATES).unwrap().unwrap_or_default();
    assert!(stored.starts_with("relance-dek1:"), "{stored}");
    assert!(!stored.contains("Quokka"));
    assert_eq!(load(&sealed), Ok(more));
}

#[test]
fn the_check_holds_through_encrypted_storage() {
    use relance::storage::crypto::KdfParams;
    use relance::storage::encrypted::{self, NoRandomness, Random};

    let counter = Rc::new(Cell::new(0u8));
    let random: Rc<dyn Random> = Rc::new(move |bytes: &mut [u8]| {
        counter.set(counter.get().wrapping_add(1));
        bytes.fill(counter.get());
        Ok::<(), NoRandomness>(())
    });
    let fast = KdfParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };
    let kv = MemoryKv::new();
    let first_store = encrypted::enable(kv.clone(), "passphrase", fast, random.clone())
        .ok()
        .unwrap();
    let second_store = encrypted::unlock(kv.clone(), "passphrase", random)
        .unwrap()
        .store;
    let mut first = load(&first_store).unwrap();
    let mut second = load(&second_store).unwrap();
    let november = ecb("2026-11-04", dec!(2.15), "Quokka bulletin");
    let december = uk("2026-12-17", dec!(3.25));
    assert_eq!(
        save_edit(&first_store, &mut first, std::slice::from_ref(&november)).stored,
        Ok(())
    );
    let saved = save_edit(&second_store, &mut second, std::slice::from_ref(&december));
    assert!(saved.on_newer);
    assert_eq!(load(&first_store), Ok(vec![november, december]));
    let sealed = kv.get(keys::RATES).unwrap().unwrap_or_default();
    assert!(!sealed.contains("Quokka"), "stored sealed: {sealed}");
}

#[test]
fn the_notices_say_what_happened_in_both_languages() {
    let conflict = TabNotice::Conflicts(vec![RowConflict {
        mine: Some(ecb("2026-11-04", dec!(2.40), "x")),
        theirs: None,
    }]);
    let french = conflict.describe(Lang::Fr);
    assert!(french.contains("n'a PAS été fait"), "{french}");
    assert!(french.contains("04/11/2026"), "{french}");
    assert!(
        french.contains(
            "le vôtre\u{a0}: 2,40\u{a0}%\u{a0}; celui de l'autre onglet, gardé\u{a0}: retiré"
        ),
        "{french}"
    );
    let english = conflict.describe(Lang::En);
    assert!(english.contains("was NOT made"), "{english}");
    assert!(english.contains("yours: 2.40"), "{english}");
    assert!(english.contains("kept: removed"), "{english}");
    assert!(
        TabNotice::AppliedOnNewer
            .describe(Lang::Fr)
            .contains("autre onglet\u{a0}:")
    );
}

/// Up to six ECB rows on distinct days of November 2026, each at one of three rates.
fn rows() -> impl Strategy<Value = BTreeMap<u32, u8>> {
    prop::collection::btree_map(1u32..=6, 0u8..3, 0..6)
}

fn as_rates(rows: &BTreeMap<u32, u8>) -> Vec<UserRate> {
    rows.iter()
        .map(|(day_of_month, rate)| {
            ecb(
                &format!("2026-11-{day_of_month:02}"),
                Decimal::from(*rate),
                "BCE",
            )
        })
        .collect()
}

proptest! {
    /// Two tabs start from one list and each changes it (adds, replaces, removes rows); the
    /// second to save never knew of the first's save. Every row ends as the tab that changed
    /// it left it; a row both changed differently keeps the first save's version and is
    /// reported: nothing is dropped silently.
    #[test]
    fn no_tab_change_is_dropped_silently(start in rows(), first_rows in rows(), second_rows in rows()) {
        let kv = MemoryKv::new();
        prop_assert_eq!(rates::save(&kv, &as_rates(&start)), Ok(()));
        let (_, mut first) = open_tab(&kv);
        let (_, mut second) = open_tab(&kv);
        prop_assert_eq!(save_edit(&kv, &mut first, &as_rates(&first_rows)).stored, Ok(()));
        let saved = save_edit(&kv, &mut second, &as_rates(&second_rows));
        prop_assert_eq!(&saved.stored, &Ok(()));
        let stored: BTreeMap<NaiveDate, UserRate> = load(&kv)
            .unwrap()
            .into_iter()
            .map(|rate| (rate.effective_from, rate))
            .collect();
        let row = |list: &BTreeMap<u32, u8>, key: u32| as_rates(&list.iter().filter(|(k, _)| **k == key).map(|(k, v)| (*k, *v)).collect()).pop();
        let reported: BTreeSet<NaiveDate> = saved
            .conflicts
            .iter()
            .filter_map(|c| c.mine.as_ref().or(c.theirs.as_ref()).map(|r| r.effective_from))
            .collect();
        for key in 1u32..=6 {
            let date = day(&format!("2026-11-{key:02}"));
            let (was, theirs, mine) = (row(&start, key), row(&first_rows, key), row(&second_rows, key));
            let now = stored.get(&date).cloned();
            let expected = if mine == was || mine == theirs {
                theirs.clone()
            } else if theirs == was {
                mine.clone()
            } else {
                prop_assert!(reported.contains(&date), "row {key} not reported");
                theirs.clone()
            };
            prop_assert_eq!(now, expected, "row {}", key);
            if !(mine != was && theirs != was && mine != theirs) {
                prop_assert!(!reported.contains(&date), "row {key} reported for nothing");
            }
        }
        // The pure merge agrees with what was stored.
        let (merged, _) = rebase(&as_rates(&start), &as_rates(&second_rows), &as_rates(&first_rows));
        prop_assert_eq!(merged, stored.into_values().collect::<Vec<_>>());
    }
}
