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
