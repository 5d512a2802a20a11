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
    first_file(&js_sys::Reflect::get(&target, &JsValue::from_str("files")).ok()?)
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

/// A file chosen in an input or dropped on the page, read with a size limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRead {
    Read {
        name: String,
        bytes: Vec<u8>,
    },
    /// Over the limit: refused before a byte is read.
    TooLarge {
        name: String,
        size: u64,
    },
    /// The browser could not read it.
    Unreadable {
        name: String,
    },
}

/// The first file of a `FileList` (`input.files` or `dataTransfer.files`).
fn first_file(files: &JsValue) -> Option<web_sys::Blob> {
    if files.is_undefined() || files.is_null() {
        return None;
    }
    let file = js_sys::Reflect::get(files, &JsValue::from(0u32)).ok()?;
    file.dyn_into::<web_sys::Blob>().ok()
}

/// The most files read from one choice or drop.
pub const MAX_FILES: u32 = 1_000;

/// Every file chosen in the input that fired `event` (a `change`) or dropped by it (a `drop`),
/// in order, at most [`MAX_FILES`], and how many there were in all.
fn event_files(event: &web_sys::Event) -> (Vec<web_sys::Blob>, usize) {
    let dropped = js_sys::Reflect::get(event, &JsValue::from_str("dataTransfer"))
        .ok()
        .filter(|transfer| !transfer.is_undefined() && !transfer.is_null())
        .and_then(|transfer| js_sys::Reflect::get(&transfer, &JsValue::from_str("files")).ok());
    let files = match dropped {
        Some(files) => Some(files),
        None => event
            .target()
            .and_then(|target| js_sys::Reflect::get(&target, &JsValue::from_str("files")).ok()),
    };
    let Some(files) = files.filter(|files| !files.is_undefined() && !files.is_null()) else {
        return (Vec::new(), 0);
    };
    let length = js_sys::Reflect::get(&files, &JsValue::from_str("length"))
        .ok()
        .and_then(|length| length.as_f64())
        .unwrap_or(0.0);
    let blobs = (0..MAX_FILES)
        .take_while(|index| f64::from(*index) < length)
        .filter_map(|index| {
            js_sys::Reflect::get(&files, &JsValue::from(index))
                .ok()
                .and_then(|file| file.dyn_into::<web_sys::Blob>().ok())
        })
        .collect();
    // A whole number of files, saturating.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let all = if length.is_finite() && length > 0.0 {
        length as usize
    } else {
        0
    };
    (blobs, all)
}

fn blob_name(blob: &web_sys::Blob) -> String {
    js_sys::Reflect::get(blob, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default()
}

/// The files chosen or dropped by an event, not read yet: their names, and how many beyond
/// [`MAX_FILES`] were left aside.
pub struct Chosen {
    pending: std::collections::VecDeque<(web_sys::Blob, String, u64)>,
    pub names: Vec<String>,
    pub left_aside: usize,
}

/// The files chosen in the input that fired `event` (a `change`) or dropped by it (a `drop`),
/// each with the limit `max_for(name)` gives; `None` when there is none.
pub fn choose_files(event: &web_sys::Event, max_for: impl Fn(&str) -> u64) -> Option<Chosen> {
    let (blobs, all) = event_files(event);
    if blobs.is_empty() {
        return None;
    }
    let left_aside = all.saturating_sub(blobs.len());
    let pending: std::collections::VecDeque<(web_sys::Blob, String, u64)> = blobs
        .into_iter()
        .map(|blob| {
            let name = blob_name(&blob);
            let limit = max_for(&name);
            (blob, name, limit)
        })
        .collect();
    let names = pending.iter().map(|(_, name, _)| name.clone()).collect();
    Some(Chosen {
        pending,
        names,
        left_aside,
    })
}

impl Chosen {
    /// Reads the files one after the other, handing each to `on_each` as soon as it is read
    /// (so that its bytes can be dropped before the next is read), while `on_each` returns
    /// `true`; then calls `on_done` (not when `on_each` stopped). A file over its limit is
    /// refused from its size, never read.
    pub fn read_each(
        self,
        on_each: impl FnMut(FileRead) -> bool + 'static,
        on_done: impl FnOnce() + 'static,
    ) {
        read_in_turn(self.pending, Box::new(on_each), Box::new(on_done));
    }
}

type OnEach = Box<dyn FnMut(FileRead) -> bool>;
type OnDone = Box<dyn FnOnce()>;

fn read_in_turn(
    mut pending: std::collections::VecDeque<(web_sys::Blob, String, u64)>,
    mut on_each: OnEach,
    on_done: OnDone,
) {
    // Files refused from their size are handed over without waiting; a loop, not recursion.
    loop {
        let Some((blob, name, limit)) = pending.pop_front() else {
            on_done();
            return;
        };
        let refused = match check(blob.size(), limit) {
            Ok(()) => None,
            Err(FileProblem::TooLarge { bytes, .. }) => Some(FileRead::TooLarge {
                name: name.clone(),
                size: bytes,
            }),
            Err(FileProblem::Unreadable) => Some(FileRead::Unreadable { name: name.clone() }),
        };
        if let Some(refused) = refused {
            if !on_each(refused) {
                return;
            }
            continue;
        }
        on_settled(&blob.array_buffer(), move |value| {
            let read = match value {
                Some(buffer) => FileRead::Read {
                    name,
                    bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
                },
                None => FileRead::Unreadable { name },
            };
            if on_each(read) {
                read_in_turn(pending, on_each, on_done);
            }
        });
        return;
    }
}
