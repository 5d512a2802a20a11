//! "Undo the restore" (issue #22): a confirmed "replace" restore keeps the replaced books aside
//! first, an undo puts them back (keeping the books it replaces aside in turn), an undo never
//! runs over another tab's newer save, and no room for the copy means no restore. Driven as
//! `Books::apply` drives the commands: run on this tab's books, saved, and on a stale save run
//! again on the other tab's version.

use std::cell::Cell;
use std::rc::Rc;

use chrono::NaiveDate;
use relance::domain::demo::add_demo;
use relance::domain::{ClientDraft, Ledger, TermsDraft};
use relance::storage::key_value::{KeyValue, StorageError};
use relance::storage::memory::MemoryKv;
use relance::storage::repository::{
    KeepError, KeptKind, LedgerRepository, RestoreError, SaveError, plan_undo, read_kept,
    replace_command, undo_command,
};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn add_client(ledger: &mut Ledger, name: &str) {
    let details = ClientDraft {
        name: name.into(),
        country: "FR".into(),
        kind: "business".into(),
        terms: TermsDraft {
            kind: "net".into(),
            days: "30".into(),
            ..Default::default()
        },
        ..ClientDraft::default()
    }
    .parse()
    .unwrap();
    ledger.add_client(details).unwrap();
}

fn names(ledger: &Ledger) -> Vec<String> {
    let mut names: Vec<String> = ledger
        .clients()
        .map(|client| client.name().to_string())
        .collect();
    names.sort();
    names
}

/// The user's books (the demo, and a client of their own) and a backup's (two clients).
fn mine_and_backup() -> (Ledger, Ledger) {
    let mut mine = Ledger::new();
    add_demo(&mut mine, day("2026-12-07")).unwrap();
    add_client(&mut mine, "Mine SARL");
    let mut backup = Ledger::new();
    add_client(&mut backup, "Backup One");
    add_client(&mut backup, "Backup Two");
    (mine, backup)
}

/// One tab: its repository and the books it shows.
struct Tab {
    repository: LedgerRepository<MemoryKv>,
    ledger: Ledger,
}

impl Tab {
    fn open(kv: &MemoryKv, nonce: &str) -> Tab {
        let loaded = LedgerRepository::open(kv.clone(), nonce).unwrap();
        Tab {
            repository: loaded.repository,
            ledger: loaded.ledger,
        }
    }

    /// What `Books::apply` does: the command on this tab's books, saved; on a stale save, run
    /// again on the other tab's version and saved.
    fn apply(
        &mut self,
        command: impl Fn(&mut Ledger) -> Result<(), RestoreError>,
    ) -> Result<(), RestoreError> {
        let mut next = self.ledger.clone();
        command(&mut next)?;
        match self.repository.save(&next) {
            Ok(_) => {
                self.ledger = next;
                Ok(())
            }
            Err(SaveError::Stale { .. }) => {
                let mut newer = self.repository.refresh().unwrap().unwrap();
                let outcome = command(&mut newer);
                if outcome.is_ok() {
                    self.repository.save(&newer).unwrap();
                }
                self.ledger = newer;
                outcome
            }
            Err(error) => panic!("save refused: {error:?}"),
        }
    }
}

fn store_of(kv: &MemoryKv) -> impl Fn() -> MemoryKv + 'static {
    let kv = kv.clone();
    move || kv.clone()
}

fn restore(tab: &mut Tab, kv: &MemoryKv, backup: &Ledger) -> Result<(), RestoreError> {
    let command = replace_command(store_of(kv), backup.clone(), true, day("2026-12-08"))?;
    tab.apply(command)
}

fn undo(tab: &mut Tab, kv: &MemoryKv, even_if_changed: bool) -> Result<bool, RestoreError> {
    let plan = plan_undo(kv, &tab.ledger)?;
    let changed = plan.changed_since;
    if changed && !even_if_changed {
        return Err(RestoreError::ChangedSinceRestore);
    }
    let command = undo_command(store_of(kv), plan, day("2026-12-09"))?;
    tab.apply(command).map(|()| changed)
}

fn stored_books(kv: &MemoryKv) -> Ledger {
    LedgerRepository::open(kv.clone(), "check").unwrap().ledger
}

#[test]
fn a_replace_keeps_the_replaced_books_aside_and_the_undo_puts_them_back() {
    let (mine, backup) = mine_and_backup();
    let kv = MemoryKv::new();
    let mut tab = Tab::open(&kv, "a");
    tab.repository.save(&mine).unwrap();
    tab.ledger = mine.clone();
    assert_eq!(plan_undo(&kv, &mine).err(), Some(RestoreError::NothingKept));

    restore(&mut tab, &kv, &backup).unwrap();
    assert_eq!(names(&stored_books(&kv)), ["Backup One", "Backup Two"]);
    let (record, kept) = read_kept(&kv).unwrap().expect("kept aside");
    assert_eq!(record.kind, KeptKind::Restore);
    assert_eq!(record.made, day("2026-12-08"));
    assert_eq!(kept.to_parts().clients, mine.to_parts().clients);
    assert_eq!(kept.to_parts().invoices, mine.to_parts().invoices);
    // The copy is the ledger's own texts under keys of its own, which the ledger's reader and
    // clean-up never take for parts of the books in use.
    let entries = kv.entries();
    assert!(entries.contains_key("relance.undo-restore.1.ledger"));
    assert!(
        entries
            .keys()
            .filter(|key| key.starts_with("relance.undo-restore.1.ledger."))
            .count()
            == 17
    );
    assert_eq!(
        relance::storage::repository::ledger_parts(&kv)
            .unwrap()
            .iter()
            .filter(|key| key.contains("undo"))
            .count(),
        0
    );

    assert_eq!(undo(&mut tab, &kv, false), Ok(false));
    assert_eq!(names(&tab.ledger), names(&mine));
    assert_eq!(
        stored_books(&kv).to_parts().invoices,
        mine.to_parts().invoices
    );
    // The backup's books are kept aside in turn: undoing again puts them back.
    let (record, kept) = read_kept(&kv).unwrap().unwrap();
    assert_eq!(record.kind, KeptKind::Undo);
    assert_eq!(names(&kept), ["Backup One", "Backup Two"]);
    assert_eq!(undo(&mut tab, &kv, false), Ok(false));
    assert_eq!(names(&stored_books(&kv)), ["Backup One", "Backup Two"]);
    // At most the copy named and the one before it are stored.
    let generations: std::collections::BTreeSet<String> = kv
        .entries()
        .keys()
        .filter_map(|key| key.strip_prefix("relance.undo-restore."))
        .filter_map(|rest| rest.split('.').next().map(str::to_string))
        .collect();
    assert!(generations.len() <= 2, "{generations:?}");
}

#[test]
fn an_undo_after_another_tabs_save_is_refused_with_the_reason_and_loses_nothing() {
    let (mine, backup) = mine_and_backup();
    let kv = MemoryKv::new();
    let mut a = Tab::open(&kv, "a");
    a.repository.save(&mine).unwrap();
    a.ledger = mine.clone();
    restore(&mut a, &kv, &backup).unwrap();
    let kept_before = kv.get("relance.undo-restore").unwrap().expect("a record");

    // Another tab adds a client after the restore; this tab has not seen it yet.
    let mut b = Tab::open(&kv, "b");
    let mut newer = b.ledger.clone();
    add_client(&mut newer, "Added Elsewhere");
    b.repository.save(&newer).unwrap();

    // This tab still shows the restored books, so the undo is planned; its save finds the
    // other tab's version, on which the undo does not run.
    let outcome = undo(&mut a, &kv, false);
    assert_eq!(outcome, Err(RestoreError::ChangedSinceRestore));
    let stored = stored_books(&kv);
    assert!(names(&stored).contains(&"Added Elsewhere".to_string()));
    assert_eq!(
        a.ledger, stored,
        "this tab now shows the other tab's version"
    );
    // The books from before the restore are still kept aside, readable (`Books` puts the
    // record back when the command ran once before being refused).
    let record = relance::storage::repository::kept_record(&kv)
        .unwrap()
        .unwrap();
    if kv.get("relance.undo-restore").unwrap().as_deref() != Some(kept_before.as_str()) {
        let before = relance::storage::repository::decode_kept(&kept_before).unwrap();
        assert!(relance::storage::repository::put_back_record(&kv, &before));
    }
    let (_, kept) = read_kept(&kv).unwrap().unwrap();
    assert_eq!(names(&kept), names(&mine), "{record:?}");

    // Asked again, now on the newer books: refused until the user confirms.
    assert_eq!(
        undo(&mut a, &kv, false),
        Err(RestoreError::ChangedSinceRestore)
    );
    assert!(names(&stored_books(&kv)).contains(&"Added Elsewhere".to_string()));
    // Confirmed: the books from before the restore are back, and the books with the other
    // tab's change are kept aside (nothing dropped).
    assert_eq!(undo(&mut a, &kv, true), Ok(true));
    assert_eq!(names(&stored_books(&kv)), names(&mine));
    let (record, kept) = read_kept(&kv).unwrap().unwrap();
    assert_eq!(record.kind, KeptKind::Undo);
    assert_eq!(
        names(&kept),
        ["Added Elsewhere", "Backup One", "Backup Two"]
    );
}

#[test]
fn no_room_for_the_copy_means_no_restore_and_nothing_changed() {
    let (mine, backup) = mine_and_backup();
    let kv = MemoryKv::new();
    let mut tab = Tab::open(&kv, "a");
    tab.repository.save(&mine).unwrap();
    tab.ledger = mine.clone();
    // Room for a save of the backup (small), not for a second copy of the books.
    kv.set_quota(Some(kv.used() + kv.used() / 2));
    let before = kv.entries();
    let outcome = restore(&mut tab, &kv, &backup);
    assert_eq!(
        outcome,
        Err(RestoreError::KeepAside(KeepError::Storage(
            StorageError::WriteRefused
        )))
    );
    assert_eq!(kv.entries(), before, "storage is as it was");
    assert_eq!(tab.ledger, mine);

    // Replacing with no way back (the user accepted): done, nothing kept.
    let command = replace_command(store_of(&kv), backup.clone(), false, day("2026-12-08")).unwrap();
    tab.apply(command).unwrap();
    assert_eq!(names(&stored_books(&kv)), ["Backup One", "Backup Two"]);
    assert!(read_kept(&kv).unwrap().is_none());
}

#[test]
fn a_keep_refused_at_any_write_leaves_the_previous_copy_usable() {
    let (mine, backup) = mine_and_backup();
    let kv = MemoryKv::new();
    let mut tab = Tab::open(&kv, "a");
    tab.repository.save(&mine).unwrap();
    tab.ledger = mine.clone();
    restore(&mut tab, &kv, &backup).unwrap();
    let before = kv.entries();
    // A second restore over the backup's books, refused at its n-th write, for every n.
    let mut second = Ledger::new();
    add_client(&mut second, "Second Backup");
    let writes = {
        let copy = MemoryKv::with_entries(before.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut tab = Tab::open(&copy, "c");
        let start = copy.operations();
        restore(&mut tab, &copy, &second).unwrap();
        copy.operations() - start
    };
    for n in 1..=writes {
        let copy = MemoryKv::with_entries(before.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut tab = Tab::open(&copy, "c");
        copy.fail_write(n);
        let refused = Rc::new(Cell::new(false));
        let outcome = {
            let command =
                replace_command(store_of(&copy), second.clone(), true, day("2026-12-10")).unwrap();
            let mut next = tab.ledger.clone();
            match command(&mut next) {
                Ok(()) => tab.repository.save(&next).map(|_| ()).map_err(|_| {
                    refused.set(true);
                }),
                Err(_) => Err(()),
            }
        };
        copy.clear_failures();
        let (record, kept) = read_kept(&copy).unwrap().expect("a copy is kept");
        match outcome {
            // Refused while keeping: the previous copy (of the books before the first restore).
            Err(()) if !refused.get() => assert_eq!(names(&kept), names(&mine), "write {n}"),
            // Kept, then the save refused (or a removal refused: best effort): the copy is of
            // the books the second restore was replacing.
            _ => assert!(
                names(&kept) == ["Backup One", "Backup Two"] || names(&kept) == names(&mine),
                "write {n}: {record:?}"
            ),
        }
    }
}

#[test]
fn with_encryption_on_the_copy_is_sealed_too() {
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
    let (mine, backup) = mine_and_backup();
    let kv = MemoryKv::new();
    let sealed = encrypted::enable(kv.clone(), "passphrase", fast, random)
        .ok()
        .unwrap();
    let mut repository = LedgerRepository::open(sealed.clone(), "a")
        .unwrap()
        .repository;
    repository.save(&mine).unwrap();
    let store = {
        let sealed = sealed.clone();
        move || sealed.clone()
    };
    let command = replace_command(store, backup, true, day("2026-12-08")).unwrap();
    let mut next = mine.clone();
    command(&mut next).unwrap();
    repository.save(&next).unwrap();
    let copies: Vec<(String, String)> = kv
        .entries()
        .into_iter()
        .filter(|(key, _)| key.starts_with("relance.undo-restore"))
        .collect();
    assert!(copies.len() >= 18, "{}", copies.len());
    for (key, text) in &copies {
        assert!(text.starts_with("relance-dek1:"), "{key} is not sealed");
        assert!(!text.contains("Mine SARL"), "{key}");
    }
    let (_, kept) = read_kept(&sealed).unwrap().unwrap();
    assert_eq!(names(&kept), names(&mine));
}
