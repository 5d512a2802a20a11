//! Browser tests (wasm-bindgen-test in headless Chromium): the app mounts, and the language
//! switch applies at once and persists in localStorage across a remount (a reload).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use leptos::prelude::*;
use relance::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LANGUAGE_KEY: &str = "relance.lang";

fn storage() -> web_sys::Storage {
    window()
        .local_storage()
        .expect("localStorage is reachable")
        .expect("localStorage exists")
}

/// A fresh container in the page for one mounted app.
fn container() -> web_sys::HtmlElement {
    let element = document().create_element("div").expect("create a div");
    document()
        .body()
        .expect("a body")
        .append_child(&element)
        .expect("append the div");
    element.unchecked_into()
}

fn query(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn app_mounts_with_header_navigation_and_a_page() {
    storage()
        .remove_item(LANGUAGE_KEY)
        .expect("clear the preference");
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;

    assert_eq!(
        query(&root, ".app-header__title")
            .text_content()
            .unwrap_or_default()
            .trim(),
        "Relance"
    );
    let links = root
        .query_selector_all(".app-nav a")
        .expect("a valid selector");
    assert_eq!(links.length(), 6, "six navigation entries");
    assert!(
        root.query_selector("[data-testid^=page-]")
            .expect("selector")
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn language_switch_applies_and_persists_across_a_remount() {
    storage()
        .set_item(LANGUAGE_KEY, "fr")
        .expect("start in French");
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;
    let settings_link = query(&root, "[data-testid=nav-settings]");
    assert_eq!(settings_link.text_content().unwrap_or_default(), "Réglages");

    query(&root, "[data-testid=lang-en]").click();
    leptos::task::tick().await;
    assert_eq!(settings_link.text_content().unwrap_or_default(), "Settings");
    assert_eq!(
        storage().get_item(LANGUAGE_KEY).expect("read"),
        Some("en".to_string())
    );
    let html_lang = document()
        .document_element()
        .expect("<html>")
        .get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("en"));
    drop(handle);

    // A reload: a new app reads the remembered choice.
    let second = container();
    let _handle = leptos::mount::mount_to(second.clone(), App);
    leptos::task::tick().await;
    assert_eq!(
        query(&second, "[data-testid=nav-settings]")
            .text_content()
            .unwrap_or_default(),
        "Settings"
    );
    assert_eq!(
        query(&second, "[data-testid=lang-en]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
}

// ---- Settings → Published rates: the user's rates in real localStorage ----

use relance::domain::interest::{Rate, TableId, UserRate};
use relance::storage::rates;

const RATES_KEY: &str = "relance.rates";

fn french_other_2026_s2() -> UserRate {
    UserRate {
        table: TableId::FrLegalOther,
        effective_from: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date"),
        to: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
        rate: Rate::parse("3,10").expect("a rate"),
        source: "Arrêté du 20 juin 2026, JORF".to_string(),
    }
}

/// The next app mounts on `#/settings`, in English.
fn open_settings_in_english() {
    storage().set_item(LANGUAGE_KEY, "en").expect("English");
    window()
        .location()
        .set_hash("/settings")
        .expect("go to Settings");
}

fn set_input(root: &web_sys::HtmlElement, testid: &str, value: &str) {
    let input: web_sys::HtmlInputElement =
        query(root, &format!("[data-testid={testid}]")).unchecked_into();
    input.set_value(value);
    let event = web_sys::Event::new("input").expect("an input event");
    input.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn user_rates_saved_in_local_storage_load_back_and_show_in_settings() {
    let list = vec![french_other_2026_s2()];
    rates::save(&relance::storage::local::LocalKv, &list).expect("saved");
    assert_eq!(
        storage().get_item(RATES_KEY).expect("read"),
        Some(rates::encode(&list))
    );
    assert_eq!(rates::load(&relance::storage::local::LocalKv), Ok(list));

    open_settings_in_english();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;
    let rows = root
        .query_selector_all("[data-testid=user-rate-row]")
        .expect("selector");
    assert_eq!(rows.length(), 1);
    let row = query(&root, "[data-testid=user-rate-row]");
    assert_eq!(row.get_attribute("data-rate").as_deref(), Some("3.10"));
    assert!(
        row.text_content()
            .unwrap_or_default()
            .contains("entered by you")
    );
    // Removing it saves the empty list.
    query(&root, "[data-testid=user-rate-remove]").click();
    leptos::task::tick().await;
    assert_eq!(
        storage().get_item(RATES_KEY).expect("read"),
        Some("relance-rates 1\n".to_string())
    );
    drop(handle);
    window().location().set_hash("").expect("back home");
}

#[wasm_bindgen_test]
async fn corrupted_stored_rates_are_reported_and_never_overwritten() {
    let corrupted = "relance-rates 9\n[fr-taux-legal-other]\nsomething newer\n";
    storage()
        .set_item(RATES_KEY, corrupted)
        .expect("store corrupted text");
    storage()
        .remove_item("relance.rates.quarantine.1")
        .expect("clear");
    open_settings_in_english();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), App);
    leptos::task::tick().await;

    let notice = query(&root, "[data-testid=rates-load-error]");
    assert!(
        notice
            .text_content()
            .unwrap_or_default()
            .contains("saved by a newer version of Relance"),
        "{:?}",
        notice.text_content()
    );
    assert!(
        root.query_selector("[data-testid=rates-download-stored]")
            .expect("selector")
            .is_some()
    );

    // A rate added now is used but NOT saved: the stored text stays as it was.
    set_input(&root, "rate-input-from", "2026-07-01");
    set_input(&root, "rate-input-rate", "3.10");
    set_input(&root, "rate-input-source", "test");
    query(&root, "[data-testid=rate-add]").click();
    leptos::task::tick().await;
    assert_eq!(
        root.query_selector_all("[data-testid=user-rate-row]")
            .expect("selector")
            .length(),
        1
    );
    assert!(
        root.query_selector("[data-testid=rates-save-error]")
            .expect("selector")
            .is_some()
    );
    assert_eq!(
        storage().get_item(RATES_KEY).expect("read").as_deref(),
        Some(corrupted)
    );

    // Only an explicit, confirmed "start afresh" moves the text aside, then saves.
    query(&root, "[data-testid=rates-start-afresh]").click();
    leptos::task::tick().await;
    assert_eq!(
        storage().get_item(RATES_KEY).expect("read").as_deref(),
        Some(corrupted)
    );
    query(&root, "[data-testid=rates-start-afresh-confirm]").click();
    leptos::task::tick().await;
    assert_eq!(
        storage()
            .get_item("relance.rates.quarantine.1")
            .expect("read")
            .as_deref(),
        Some(corrupted)
    );
    let stored = storage()
        .get_item(RATES_KEY)
        .expect("read")
        .unwrap_or_default();
    assert_eq!(
        rates::decode(&stored).map(|list| list.len()),
        Ok(1),
        "{stored}"
    );
    assert!(
        root.query_selector("[data-testid=rates-load-error]")
            .expect("selector")
            .is_none()
    );
    assert!(
        root.query_selector("[data-testid=rates-save-error]")
            .expect("selector")
            .is_none()
    );
    drop(handle);
    storage().remove_item(RATES_KEY).expect("clean up");
    storage()
        .remove_item("relance.rates.quarantine.1")
        .expect("clean up");
    window().location().set_hash("").expect("back home");
}
