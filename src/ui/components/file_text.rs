//! Reads the text of the file chosen in an `<input type=file>` (the one place that does).
//! Through `Blob.text()` and one-shot callbacks (no extra web-sys feature); the callback of
//! the outcome that did not happen stays allocated, a few bytes per file chosen.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Reads the first file chosen in the input that fired `event`, then calls `on_text` with its
/// text (`None` if it could not be read). Nothing chosen: `on_text` is not called.
pub fn read_chosen_file(event: &web_sys::Event, on_text: impl FnOnce(Option<String>) + 'static) {
    let Some(target) = event.target() else {
        return;
    };
    let Ok(files) = js_sys::Reflect::get(&target, &JsValue::from_str("files")) else {
        return;
    };
    if files.is_undefined() || files.is_null() {
        return;
    }
    let Ok(file) = js_sys::Reflect::get(&files, &JsValue::from(0u32)) else {
        return;
    };
    let Ok(blob) = file.dyn_into::<web_sys::Blob>() else {
        return;
    };
    let promise = blob.text();
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|then| then.dyn_into::<js_sys::Function>().ok());
    let Some(then) = then else {
        on_text(None);
        return;
    };
    let shared = std::rc::Rc::new(std::cell::RefCell::new(Some(on_text)));
    let on_resolve = {
        let shared = shared.clone();
        Closure::once_into_js(move |value: JsValue| {
            if let Some(on_text) = shared.borrow_mut().take() {
                on_text(value.as_string());
            }
        })
    };
    let on_reject = Closure::once_into_js(move |_: JsValue| {
        if let Some(on_text) = shared.borrow_mut().take() {
            on_text(None);
        }
    });
    let _ = then.call2(&promise, &on_resolve, &on_reject);
}
