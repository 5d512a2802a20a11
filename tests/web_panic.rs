//! A real panic in headless Chromium (issue #22), in a test binary of its own: after the
//! abort, std counts a panic in progress for the rest of the binary, and its hook cannot be
//! set back, so no other test shares it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` milliseconds (a browser timer).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

/// A panic anywhere (issue #22): the release build's hook (`state::session::report_panics`,
/// installed by `main`) makes the error screen of scripts/rescue.js (evaluated here as the
/// loader runs it) say so over the page before the wasm aborts. The panic is a real one, in a
/// task of its own as an event handler's would be; the trap that follows is caught by that
/// task, so only the hook can have shown the screen (rescue.js also answers an escaped trap).
#[wasm_bindgen_test]
async fn a_panic_shows_the_error_screen_before_the_abort() {
    let root = document().document_element().expect("<html>");
    let lang = root.get_attribute("lang");
    root.set_attribute("lang", "en").expect("set lang");
    root.set_attribute("data-unsaved", "true")
        .expect("set data-unsaved");
    let script = document().create_element("script").expect("a script");
    script.set_text_content(Some(include_str!("../scripts/rescue.js")));
    document()
        .head()
        .expect("a head")
        .append_child(&script)
        .expect("run rescue.js");
    // (For the rest of this run: after the abort, std counts a panic in progress, and the hook
    // cannot be set back; the hook only sends an event.)
    relance::state::session::report_panics();

    let panics = wasm_bindgen::closure::Closure::once_into_js(|| -> () {
        panic!("a forced panic");
    });
    let run_in_a_task = js_sys::Function::new_with_args(
        "f",
        "setTimeout(() => { try { f(); window.relanceTestTrap = 'no trap'; } \
         catch (error) { window.relanceTestTrap = String(error); } });",
    );
    run_in_a_task
        .call1(&wasm_bindgen::JsValue::NULL, &panics)
        .expect("start the task");
    sleep(200).await;

    let trap = js_sys::Reflect::get(&window(), &"relanceTestTrap".into())
        .expect("read the task's result")
        .as_string()
        .unwrap_or_default();
    assert!(trap.contains("RuntimeError"), "the wasm aborted: {trap}");
    let dialog: web_sys::HtmlElement = document()
        .query_selector("[role=alertdialog][data-testid=crash]")
        .expect("a valid selector")
        .expect("the error screen shows")
        .unchecked_into();
    let text = dialog.text_content().unwrap_or_default();
    for said in [
        "Relance ran into an error",
        "The data already saved in this browser is untouched",
        "Your last change could not be saved",
        "Download the saved data",
        "Reload the page",
    ] {
        assert!(text.contains(said), "{said:?} not in {text:?}");
    }
    dialog.remove();
    script.remove();
    let _ = root.remove_attribute("data-unsaved");
    match lang {
        Some(lang) => root.set_attribute("lang", &lang).expect("restore lang"),
        None => root.remove_attribute("lang").expect("remove lang"),
    }
}
