//! Reads the file chosen in an `<input type=file>` (the one place that does): as text
//! ([`read_chosen_file`], through `Blob.text()`) or as bytes with its declared type
//! ([`read_chosen_file_bytes`], through `Blob.arrayBuffer()`), with one-shot callbacks (no
//! extra web-sys feature); the callback of the outcome that did not happen stays allocated, a
//! few bytes per file chosen.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::ui::components::file_size::{FileProblem, check};

/// The first file chosen in the input that fired `event`, if any.
fn chosen_blob(event: &web_sys::Event) -> Option<web_sys::Blob> {
    let target = event.target()?;
    let files = js_sys::Reflect::get(&target, &JsValue::from_str("files")).ok()?;
    if files.is_undefined() || files.is_null() {
        return None;
    }
    let file = js_sys::Reflect::get(&files, &JsValue::from(0u32)).ok()?;
    file.dyn_into::<web_sys::Blob>().ok()
}

/// Calls `on_value` once `promise` settles: with its value, or `None` if it is rejected.
fn on_settled(promise: &js_sys::Promise, on_value: impl FnOnce(Option<JsValue>) + 'static) {
    let then = js_sys::Reflect::get(promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok());
    let Some(then) = then else {
        on_value(None);
        return;
    };
    let shared = std::rc::Rc::new(std::cell::RefCell::new(Some(on_value)));
    let on_resolve = {
        let shared = shared.clone();
        Closure::once_into_js(move |value: JsValue| {
            if let Some(on_value) = shared.borrow_mut().take() {
                on_value(Some(value));
            }
        })
    };
    let on_reject = Closure::once_into_js(move |_: JsValue| {
        if let Some(on_value) = shared.borrow_mut().take() {
            on_value(None);
        }
    });
    let _ = then.call2(promise, &on_resolve, &on_reject);
}

/// Reads the first file chosen in the input that fired `event`, then calls `on_text` with its
/// text, or why it was not read: over `max_bytes` (checked from the size the browser reports,
/// before any byte is read) or unreadable. Nothing chosen: `on_text` is not called.
pub fn read_chosen_file(
    event: &web_sys::Event,
    max_bytes: u64,
    on_text: impl FnOnce(Result<String, FileProblem>) + 'static,
) {
    let Some(blob) = chosen_blob(event) else {
        return;
    };
    if let Err(problem) = check(blob.size(), max_bytes) {
        on_text(Err(problem));
        return;
    }
    on_settled(&blob.text(), move |value| {
        on_text(
            value
                .and_then(|value| value.as_string())
                .ok_or(FileProblem::Unreadable),
        );
    });
}

/// Reads the first file chosen in the input that fired `event`, then calls `on_bytes` with its
/// bytes and the media type the browser declares for it (`image/png`; may be empty), or `None`
/// if it could not be read. Nothing chosen: `on_bytes` is not called.
pub fn read_chosen_file_bytes(
    event: &web_sys::Event,
    on_bytes: impl FnOnce(Option<(Vec<u8>, String)>) + 'static,
) {
    let Some(blob) = chosen_blob(event) else {
        return;
    };
    let declared = blob.type_();
    on_settled(&blob.array_buffer(), move |value| {
        on_bytes(value.map(|buffer| (js_sys::Uint8Array::new(&buffer).to_vec(), declared)));
    });
}
