//! The stored ledger against the browser's real `localStorage` (wasm-bindgen-test in headless
//! Chromium), issue #5: a round trip of the committed version-1 fixture, corrupted JSON, a
//! ledger from a newer version, a full quota, and another tab's save arriving through the
//! `storage` event. The same scenarios over `MemoryKv` are in tests/it/storage_schema.rs;
//! these prove the browser behaves as that model says.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use leptos::prelude::*;
use relance::App;
use relance::domain::{ClientDraft, Ledger};
use relance::state::books::{Notice, SaveState, provide_books};
use relance::state::vault::provide_vault;
use relance::storage::checksum::checksum;
use relance::storage::key_value::StorageError;
use relance::storage::local::LocalKv;
use relance::storage::repository::{LedgerRepository, LoadError, SaveError};
use relance::storage::schema::DecodeError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The committed version-1 fixture (tests/fixtures/storage/ledger-v1/): key → text.
const FIXTURE: [(&str, &str); 18] = {
    macro_rules! file {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("fixtures/storage/ledger-v1/", $name)),
            )
        };
    }
    [
        file!("relance.ledger"),
        file!("relance.ledger.clients.1-golden"),
        file!("relance.ledger.i00.1-golden"),
        file!("relance.ledger.i01.1-golden"),
        file!("relance.ledger.i02.1-golden"),
        file!("relance.ledger.i03.1-golden"),
        file!("relance.ledger.i04.1-golden"),
        file!("relance.ledger.i05.1-golden"),
        file!("relance.ledger.i06.1-golden"),
        file!("relance.ledger.i07.1-golden"),
        file!("relance.ledger.i08.1-golden"),
        file!("relance.ledger.i09.1-golden"),
        file!("relance.ledger.i10.1-golden"),
        file!("relance.ledger.i11.1-golden"),
        file!("relance.ledger.i12.1-golden"),
        file!("relance.ledger.i13.1-golden"),
        file!("relance.ledger.i14.1-golden"),
        file!("relance.ledger.i15.1-golden"),
    ]
};

const FILLER_PREFIX: &str = "test-filler.";

fn storage() -> web_sys::Storage {
    window()
        .local_storage()
        .expect("localStorage is reachable")
        .expect("localStorage exists")
}

/// Every key of the app and of these tests, with its text.
fn snapshot() -> BTreeMap<String, String> {
    let storage = storage();
    (0..storage.length().unwrap())
        .filter_map(|index| storage.key(index).unwrap())
        .filter(|key| key.starts_with("relance.") || key.starts_with(FILLER_PREFIX))
        .map(|key| {
            let text = storage.get_item(&key).unwrap().unwrap_or_default();
            (key, text)
        })
        .collect()
}

/// A clean slate: no key of the app's or of these tests' left from an earlier test.
fn clear() {
    for key in snapshot().keys() {
        storage().remove_item(key).unwrap();
    }
    window().location().set_hash("").unwrap();
}

fn store_fixture() {
    clear();
    for (key, text) in FIXTURE {
        storage().set_item(key, text).unwrap();
    }
}

fn fixture_text(key: &str) -> &'static str {
    FIXTURE
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, text)| *text)
        .unwrap()
}

fn open() -> Result<(LedgerRepository<LocalKv>, Ledger), LoadError> {
    LedgerRepository::open(LocalKv, "wasmtest").map(|loaded| (loaded.repository, loaded.ledger))
}

fn add_client(ledger: &mut Ledger, name: &str) {
    let details = ClientDraft {
        name: name.into(),
        country: "FR".into(),
        kind: "business".into(),
        terms: relance::domain::TermsDraft {
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

fn client_names(ledger: &Ledger) -> Vec<String> {
    ledger
        .clients()
        .map(|client| client.name().to_string())
        .collect()
}

/// Fills `localStorage` until it refuses even a small write (the quota is per origin).
fn fill_storage() {
    let storage = storage();
    let mut size = 1 << 20;
    let mut index = 0;
    while size >= 16 {
        let filler = "x".repeat(size);
        if storage
            .set_item(&format!("{FILLER_PREFIX}{index}"), &filler)
            .is_ok()
        {
            index += 1;
        } else {
            size /= 2;
        }
    }
}

fn remove_filler() {
    for key in snapshot()
        .keys()
        .filter(|key| key.starts_with(FILLER_PREFIX))
    {
        storage().remove_item(key).unwrap();
    }
}

fn container() -> web_sys::HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|element| element.unchecked_into())
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    find(root, selector)
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn english() {
    storage().set_item("relance.lang", "en").unwrap();
}

#[wasm_bindgen_test]
fn the_v1_fixture_round_trips_through_local_storage() {
    store_fixture();
    let (mut repository, mut ledger) = open().expect("the fixture opens");
    assert_eq!(ledger.clients().count(), 3);
    assert_eq!(ledger.invoices().count(), 6);
    // Opening writes nothing.
    assert_eq!(snapshot().len(), FIXTURE.len());

    add_client(&mut ledger, "Atelier Dupont");
    assert_eq!(repository.save(&ledger), Ok(2));
    let (_, reloaded) = open().expect("the saved ledger opens");
    assert_eq!(reloaded, ledger);
    let stored = snapshot();
    // Only the clients shard was written again; the old one was cleaned up, the untouched
    // invoice shards are the fixture's own texts.
    assert!(!stored.contains_key("relance.ledger.clients.1-golden"));
    assert_eq!(
        stored
            .get("relance.ledger.i00.1-golden")
            .map(String::as_str),
        Some(fixture_text("relance.ledger.i00.1-golden"))
    );
    assert_eq!(stored.len(), FIXTURE.len());
    clear();
}

#[wasm_bindgen_test]
fn storage_usage_counts_the_apps_keys_and_values_as_the_quota_does() {
    clear();
    storage().set_item("relance.a", "été").unwrap();
    // One character outside the Basic Multilingual Plane: two UTF-16 units, as quotas count.
    storage().set_item("relance.b", "€𝄞").unwrap();
    storage().set_item("other.app", "not counted").unwrap();
    let expected = "relance.a".len() + 3 + "relance.b".len() + 3;
    assert_eq!(relance::storage::local::usage(), Some((expected as u64, 2)));
    storage().remove_item("other.app").unwrap();
    clear();
}

#[wasm_bindgen_test]
async fn the_app_shows_the_stored_books() {
    store_fixture();
    english();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;
    let summary = find(&root, "[data-testid=books-summary]").expect("the books summary");
    assert_eq!(summary.get_attribute("data-invoices").as_deref(), Some("6"));
    assert_eq!(summary.get_attribute("data-clients").as_deref(), Some("3"));
    assert!(find(&root, "[data-testid=unsaved-banner]").is_none());
    drop(handle);
    clear();
}

/// A shard that is not JSON, with a checksum that matches (what a bug in a writer would
/// leave): the recovery screen names the part, nothing is written, and only a confirmed
/// "start afresh" moves the texts aside, under quarantine keys, without deleting them.
#[wasm_bindgen_test]
async fn corrupted_json_shows_the_recovery_screen_and_is_only_set_aside_on_confirmation() {
    store_fixture();
    english();
    let broken = r#"{"version":1,"shard":"i00","invoices":[{"i":3,"n":"F-2026-001""#;
    let manifest = fixture_text("relance.ledger").replace(
        &checksum(fixture_text("relance.ledger.i00.1-golden")),
        &checksum(broken),
    );
    storage().set_item("relance.ledger", &manifest).unwrap();
    storage()
        .set_item("relance.ledger.i00.1-golden", broken)
        .unwrap();
    let before = snapshot();
    match open() {
        Err(LoadError::Unreadable { raw, reason }) => {
            assert!(
                matches!(*reason, DecodeError::ShardJson { .. }),
                "{reason:?}"
            );
            assert_eq!(
                raw.len(),
                FIXTURE.len(),
                "every stored text is kept for download"
            );
        }
        other => panic!("expected unreadable, got {:?}", other.map(|_| ())),
    }

    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;
    let reason = text_of(&root, "[data-testid=recovery-reason]");
    assert!(reason.contains("i00"), "{reason}");
    assert!(find(&root, "[data-testid=books-summary]").is_none());
    assert_eq!(
        snapshot(),
        before,
        "showing the recovery screen writes nothing"
    );

    find(&root, "[data-testid=recovery-start]").unwrap().click();
    leptos::task::tick().await;
    assert_eq!(snapshot(), before, "asking is not confirming");
    find(&root, "[data-testid=recovery-confirm]")
        .unwrap()
        .click();
    leptos::task::tick().await;

    // The app is usable again, with an empty ledger, and says where the old data is.
    assert!(find(&root, "[data-testid=recovery-screen]").is_none());
    let summary = find(&root, "[data-testid=books-summary]").expect("the books summary");
    assert_eq!(summary.get_attribute("data-invoices").as_deref(), Some("0"));
    assert!(text_of(&root, "[data-testid=tab-notice]").contains("relance.ledger.quarantine"));
    let after = snapshot();
    let mut kept: Vec<&String> = after
        .iter()
        .filter(|(key, _)| key.starts_with("relance.ledger.quarantine."))
        .map(|(_, text)| text)
        .collect();
    let mut old: Vec<&String> = before
        .iter()
        .filter(|(key, _)| key.starts_with("relance.ledger"))
        .map(|(_, text)| text)
        .collect();
    kept.sort();
    old.sort();
    assert_eq!(kept, old, "every old text is kept, unchanged");
    let (_, empty) = open().expect("the fresh ledger opens");
    assert_eq!(empty, Ledger::new());
    drop(handle);
    clear();
}

#[wasm_bindgen_test]
async fn a_ledger_from_a_newer_version_is_refused_and_left_untouched() {
    store_fixture();
    english();
    let newer = fixture_text("relance.ledger").replace("\"version\":1", "\"version\":3");
    storage().set_item("relance.ledger", &newer).unwrap();
    let before = snapshot();
    assert!(matches!(
        open().map(|_| ()),
        Err(LoadError::FromTheFuture { found: 3, .. })
    ));

    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;
    let reason = text_of(&root, "[data-testid=recovery-reason]");
    assert!(reason.contains("newer"), "{reason}");
    // Data from a newer version is never set aside by an older one.
    assert!(find(&root, "[data-testid=recovery-start]").is_none());
    assert_eq!(snapshot(), before);
    drop(handle);

    // Nor can a change be made to it.
    let owner = Owner::new();
    let books = owner.with(|| provide_books(provide_vault()));
    // A ledger is stored: the books are read after the start (the decoder may be a chunk).
    assert_eq!(books.save_state(), SaveState::Loading);
    leptos::task::tick().await;
    owner.with(|| {
        assert!(matches!(books.save_state(), SaveState::Blocked(_)));
        let refused = books.apply(|ledger| {
            add_client(ledger, "Refused");
            Ok::<(), relance::domain::LedgerError>(())
        });
        assert!(refused.is_err());
    });
    assert_eq!(snapshot(), before);
    clear();
}

/// A full quota: the change stays in memory and the books say it is NOT saved; what was
/// stored is untouched (still the last saved state); once there is room, the next change
/// saves everything.
#[wasm_bindgen_test]
async fn a_full_quota_keeps_the_change_in_memory_and_the_stored_books_intact() {
    store_fixture();
    let owner = Owner::new();
    let books = owner.with(|| provide_books(provide_vault()));
    // A ledger is stored: the books are read after the start (the decoder may be a chunk).
    assert_eq!(books.save_state(), SaveState::Loading);
    leptos::task::tick().await;
    owner.with(|| {
        assert_eq!(books.save_state(), SaveState::Saved);
        fill_storage();
        let stored = snapshot();

        let applied = books.apply(|ledger| {
            add_client(ledger, "Quota Client");
            Ok::<(), relance::domain::LedgerError>(())
        });
        assert!(applied.is_ok(), "the change is made (in memory)");
        assert_eq!(
            books.save_state(),
            SaveState::NotSaved(SaveError::Storage(StorageError::WriteRefused))
        );
        assert!(
            books
                .ledger()
                .with_untracked(|ledger| client_names(ledger).contains(&"Quota Client".into()))
        );
        assert_eq!(
            snapshot(),
            stored,
            "a refused save leaves storage as it was"
        );
        let (_, on_disk) = open().expect("the stored books still open");
        assert_eq!(on_disk.clients().count(), 3);

        remove_filler();
        books
            .apply(|ledger| {
                add_client(ledger, "After Room");
                Ok::<(), relance::domain::LedgerError>(())
            })
            .unwrap();
        assert_eq!(books.save_state(), SaveState::Saved);
        let (_, on_disk) = open().expect("the saved books open");
        let names = client_names(&on_disk);
        assert!(names.contains(&"Quota Client".into()), "{names:?}");
        assert!(names.contains(&"After Room".into()), "{names:?}");
    });
    remove_filler();
    clear();
}

/// Another tab saves: the `storage` event brings its version into this tab. And when this
/// tab saves on top of a revision it has not seen, its change is applied to the newer
/// version: neither tab's change is lost.
#[wasm_bindgen_test]
async fn another_tabs_save_arrives_and_a_stale_write_loses_nothing() {
    store_fixture();
    let owner = Owner::new();
    let books = owner.with(|| provide_books(provide_vault()));
    leptos::task::tick().await;
    assert_eq!(books.save_state(), SaveState::Saved);

    // The other tab: its own repository (its own nonce) over the same storage.
    let (mut other, mut theirs) = LedgerRepository::open(LocalKv, "othertab")
        .map(|loaded| (loaded.repository, loaded.ledger))
        .unwrap();
    add_client(&mut theirs, "From The Other Tab");
    assert_eq!(other.save(&theirs), Ok(2));
    let event = web_sys::StorageEvent::new("storage").unwrap();
    window().dispatch_event(&event).unwrap();
    leptos::task::tick().await;
    assert_eq!(books.ledger().get_untracked(), theirs);
    assert_eq!(books.notice(), Some(Notice::LoadedFromOtherTab));

    // The other tab saves again, and this time this tab does not hear of it first.
    add_client(&mut theirs, "Second From The Other Tab");
    assert_eq!(other.save(&theirs), Ok(3));
    owner.with(|| {
        books
            .apply(|ledger| {
                add_client(ledger, "From This Tab");
                Ok::<(), relance::domain::LedgerError>(())
            })
            .unwrap();
    });
    assert_eq!(books.save_state(), SaveState::Saved);
    assert_eq!(books.notice(), Some(Notice::AppliedOnNewer));
    let (_, on_disk) = open().unwrap();
    let names = client_names(&on_disk);
    for name in [
        "From The Other Tab",
        "Second From The Other Tab",
        "From This Tab",
    ] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    assert_eq!(books.ledger().get_untracked(), on_disk);
    clear();
}

/// Another document of this origin (an `about:blank` frame): what it writes to
/// `localStorage` fires a real `storage` event in this window, as another tab's save does.
struct FrameKv(web_sys::Storage);

impl FrameKv {
    fn new() -> FrameKv {
        let frame = document().create_element("iframe").unwrap();
        frame.set_attribute("data-other-tab", "").unwrap();
        document().body().unwrap().append_child(&frame).unwrap();
        let window = js_sys::Reflect::get(&frame, &"contentWindow".into()).unwrap();
        let storage = js_sys::Reflect::get(&window, &"localStorage".into()).unwrap();
        // Another realm: its `Storage` is not this window's class, but the same interface.
        FrameKv(storage.unchecked_into())
    }
}

impl relance::storage::key_value::KeyValue for FrameKv {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.0.get_item(key).map_err(|_| StorageError::Unavailable)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0
            .set_item(key, value)
            .map_err(|_| StorageError::WriteRefused)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.0
            .remove_item(key)
            .map_err(|_| StorageError::WriteRefused)
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let count = self.0.length().map_err(|_| StorageError::Unavailable)?;
        Ok((0..count)
            .filter_map(|index| self.0.key(index).ok().flatten())
            .filter(|key| key.starts_with(prefix))
            .collect())
    }
}

/// The other tab: its own repository (its own nonce) over the same storage, written from
/// another document.
fn other_tab() -> (LedgerRepository<FrameKv>, Ledger) {
    LedgerRepository::open(FrameKv::new(), "othertab")
        .map(|loaded| (loaded.repository, loaded.ledger))
        .unwrap()
}

/// Resolves when the next `storage` event for the ledger's manifest has reached this window
/// and the work it started has run. Call it before the other tab saves, await it after.
fn manifest_saved_elsewhere() -> impl std::future::Future<Output = ()> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::StorageEvent)>::new(
            move |event: web_sys::StorageEvent| {
                if event.key().as_deref() == Some("relance.ledger") {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                }
            },
        );
        window()
            .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
            .unwrap();
        listener.forget();
    });
    async move {
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
        leptos::task::tick().await;
    }
}

fn remove_frames() {
    let frames = document().query_selector_all("[data-other-tab]").unwrap();
    for index in 0..frames.length() {
        if let Some(frame) = frames.item(index) {
            frame.dyn_into::<web_sys::Element>().unwrap().remove();
        }
    }
}

fn add(books: relance::state::books::Books, name: &'static str) {
    books
        .apply(move |ledger| {
            add_client(ledger, name);
            Ok::<(), relance::domain::LedgerError>(())
        })
        .unwrap();
}

/// Mounting sets up the executor that `spawn_local` needs (these tests do not mount the app).
fn spawning() {
    drop(leptos::mount::mount_to(container(), || ()));
}

/// The books of a tab opened on the stored fixture (read, saved state).
async fn books_over_the_fixture() -> (Owner, relance::state::books::Books) {
    store_fixture();
    spawning();
    let owner = Owner::new();
    let books = owner.with(|| provide_books(provide_vault()));
    leptos::task::tick().await;
    assert_eq!(books.save_state(), SaveState::Saved);
    (owner, books)
}

/// The end of a test with another tab: this tab's books stop listening, the other tab's frame
/// goes, and storage is cleared.
fn done(owner: Owner) {
    owner.cleanup();
    remove_frames();
    clear();
}

fn stored_names() -> Vec<String> {
    client_names(&open().expect("the stored books open").1)
}

/// A change the browser refused to save, then another tab's save, then a new change: the
/// refused change is applied again on the other tab's version with the new one, and all three
/// are saved. (Before, only the new change was: the refused one was dropped silently.)
#[wasm_bindgen_test]
async fn a_change_not_saved_is_applied_again_on_another_tabs_version() {
    let (owner, books) = books_over_the_fixture().await;
    let (mut other, mut theirs) = other_tab();
    owner.with(|| {
        fill_storage();
        add(books, "Refused At First");
        assert!(matches!(books.save_state(), SaveState::NotSaved(_)));
        remove_filler();
        add_client(&mut theirs, "From The Other Tab");
        assert_eq!(other.save(&theirs), Ok(2));

        add(books, "Then This One");
        assert_eq!(books.save_state(), SaveState::Saved);
        assert_eq!(books.notice(), Some(Notice::AppliedOnNewer));
    });
    let names = stored_names();
    for name in ["Refused At First", "From The Other Tab", "Then This One"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    assert_eq!(books.ledger().get_untracked(), open().unwrap().1);
    done(owner);
}

/// The same, without a new change: the other tab's save (a real `storage` event for the
/// manifest's key) is enough for this tab to put its refused change on top and save it.
#[wasm_bindgen_test]
async fn another_tabs_save_lets_a_change_not_saved_be_saved_on_top() {
    let (owner, books) = books_over_the_fixture().await;
    let (mut other, mut theirs) = other_tab();
    owner.with(|| {
        fill_storage();
        add(books, "Refused At First");
        remove_filler();
    });
    let delivered = manifest_saved_elsewhere();
    add_client(&mut theirs, "From The Other Tab");
    assert_eq!(other.save(&theirs), Ok(2));
    delivered.await;
    assert_eq!(books.save_state(), SaveState::Saved);
    assert_eq!(books.notice(), Some(Notice::AppliedOnNewer));
    let names = stored_names();
    for name in ["Refused At First", "From The Other Tab"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    assert_eq!(books.ledger().get_untracked(), open().unwrap().1);
    done(owner);
}

/// Two tabs in two browser processes save at the same moment: both pass the stale check, the
/// other tab's manifest is written last. When its `storage` event arrives with the same
/// revision as this tab's save, this tab's change is applied again on it and saved.
#[wasm_bindgen_test]
async fn a_save_written_over_at_the_same_moment_is_made_again() {
    let (owner, books) = books_over_the_fixture().await;
    let (mut other, mut theirs) = other_tab();
    let manifest = storage().get_item("relance.ledger").unwrap().unwrap();
    owner.with(|| add(books, "Saved Here"));
    assert_eq!(books.save_state(), SaveState::Saved);
    // The other process had not seen it: its copy still holds the old manifest.
    storage().set_item("relance.ledger", &manifest).unwrap();
    let delivered = manifest_saved_elsewhere();
    add_client(&mut theirs, "Saved There");
    assert_eq!(other.save(&theirs), Ok(2));
    assert!(!stored_names().contains(&"Saved Here".to_string()));

    delivered.await;
    assert_eq!(books.save_state(), SaveState::Saved);
    assert_eq!(books.notice(), Some(Notice::AppliedOnNewer));
    let names = stored_names();
    for name in ["Saved Here", "Saved There"] {
        assert!(names.contains(&name.to_string()), "{name} in {names:?}");
    }
    assert_eq!(books.ledger().get_untracked(), open().unwrap().1);
    done(owner);
}

/// A refused change that no longer applies on the other tab's version: this tab keeps its own
/// version in memory, says so, and writes nothing more; the other tab's save stays whole.
#[wasm_bindgen_test]
async fn a_change_not_saved_that_no_longer_applies_is_kept_apart() {
    let (owner, books) = books_over_the_fixture().await;
    let (mut other, mut theirs) = other_tab();
    owner.with(|| {
        fill_storage();
        // Applies only while nobody has added "Rival".
        books
            .apply(|ledger| {
                if client_names(ledger).contains(&"Rival".to_string()) {
                    return Err("taken");
                }
                add_client(ledger, "Mine");
                Ok(())
            })
            .unwrap();
        remove_filler();
        add_client(&mut theirs, "Rival");
        assert_eq!(other.save(&theirs), Ok(2));
        let stored = snapshot();

        add(books, "Mine Too");
        assert_eq!(books.save_state(), SaveState::OtherTabSaved);
        let mine = client_names(&books.ledger().get_untracked());
        assert!(mine.contains(&"Mine".to_string()) && mine.contains(&"Mine Too".to_string()));
        assert_eq!(snapshot(), stored, "the other tab's save is left whole");

        add(books, "Still Mine");
        assert_eq!(books.save_state(), SaveState::OtherTabSaved);
        assert_eq!(snapshot(), stored, "nothing more is written from this tab");
    });
    done(owner);
}

/// Parts of a ledger without its manifest are never taken for a first visit (whose saves
/// would one day clean them away): the books are blocked on the recovery screen, nothing
/// written.
#[wasm_bindgen_test]
async fn shards_without_their_manifest_block_the_books_and_stay() {
    store_fixture();
    storage().remove_item("relance.ledger").unwrap();
    let before = snapshot();
    let owner = Owner::new();
    let books = owner.with(|| provide_books(provide_vault()));
    assert_eq!(books.save_state(), SaveState::Loading);
    leptos::task::tick().await;
    match books.save_state() {
        SaveState::Blocked(problem) => {
            let LoadError::Unreadable { reason, .. } = problem.error().clone() else {
                panic!("not unreadable: {problem:?}");
            };
            assert!(matches!(
                *reason,
                DecodeError::ManifestMissing { parts: 17, .. }
            ));
        }
        other => panic!("not blocked: {other:?}"),
    }
    assert_eq!(snapshot(), before, "nothing written");
    owner.cleanup();
    clear();
}

/// The user's settings against the real `localStorage`: the committed version-1 record is read
/// by the first `use_settings()` (which provides them to the whole app, from under any owner),
/// a change is written back as the versioned record, and an unreadable record is left as it is.
#[wasm_bindgen_test]
fn the_settings_record_round_trips_through_local_storage_and_an_unreadable_one_is_kept() {
    use relance::state::settings::use_settings;
    use relance::storage::settings::{decode, encode};
    clear();
    let record = include_str!("fixtures/storage/settings-v1.json").trim_end();
    storage().set_item("relance.settings", record).unwrap();
    let root = Owner::new();
    root.with(|| {
        provide_vault();
        // Asked from a page's owner, provided at the root: a sibling page finds the same.
        let page = Owner::current().unwrap().child();
        let settings = page.with(use_settings);
        let sibling = Owner::current().unwrap().child();
        let again = sibling.with(use_settings);
        assert_eq!(settings.get_untracked(), decode(record).unwrap());
        assert_eq!(again.get_untracked(), settings.get_untracked());
        let mut changed = settings.get_untracked();
        changed.stop_work_days = 90;
        let edited = settings.save(changed.clone());
        assert!(edited.saved);
        assert_eq!(again.get_untracked().stop_work_days, 90);
        let stored = storage().get_item("relance.settings").unwrap().unwrap();
        assert_eq!(stored, encode(&changed));
    });
    drop(root);
    // A record from a newer version: the defaults are used, the text stays.
    clear();
    let newer = "{\"format\":\"relance-settings\",\"version\":2}";
    storage().set_item("relance.settings", newer).unwrap();
    let root = Owner::new();
    root.with(|| {
        provide_vault();
        let settings = use_settings();
        assert!(settings.load_error().is_some());
        assert_eq!(settings.get_untracked(), Default::default());
        let edited = settings.save(Default::default());
        assert!(!edited.saved);
    });
    assert_eq!(
        storage().get_item("relance.settings").unwrap().as_deref(),
        Some(newer)
    );
    clear();
}

/// The quota is measured, not assumed (issue #22): the probe finds what this Chromium allows
/// (keys and values, UTF-16 units), the same figure whatever the origin already holds, and
/// leaves no key behind. Checked against a fill by hand: the probe's figure fits exactly,
/// one character more does not.
#[wasm_bindgen_test]
fn the_quota_probe_measures_chromiums_limit_and_leaves_no_key() {
    clear();
    let measured = relance::storage::local::probe_quota(5_242_880).expect("measured");
    assert!(
        snapshot().is_empty(),
        "no key left behind: {:?}",
        snapshot().keys()
    );
    // With data stored, the same total.
    storage()
        .set_item("relance.a", &"y".repeat(100_000))
        .unwrap();
    let with_data = relance::storage::local::probe_quota(1_000).expect("measured from afar");
    assert_eq!(with_data, measured);
    storage().remove_item("relance.a").unwrap();
    // By hand: one key whose key and value take exactly `measured` characters fits; one more
    // character is refused.
    let key = "test-filler.q";
    let value = "z".repeat(usize::try_from(measured).unwrap() - key.len());
    assert!(storage().set_item(key, &value).is_ok(), "{measured} fits");
    storage().remove_item(key).unwrap();
    assert!(
        storage().set_item(key, &format!("{value}z")).is_err(),
        "{} does not fit",
        measured + 1
    );
    assert_eq!(storage().get_item(key).unwrap(), None);
    web_sys::console::log_1(&format!("localStorage quota measured: {measured} characters").into());
    assert!(
        measured == 5_242_879 || measured == 5_242_880,
        "Chromium's quota: {measured}"
    );
    // A scratch key left by a measure cut short is removed at the next start.
    storage()
        .set_item(relance::storage::keys::QUOTA_PROBE, "xxxx")
        .unwrap();
    relance::storage::local::remove_leftover_probe();
    assert!(snapshot().is_empty());
    clear();
}
