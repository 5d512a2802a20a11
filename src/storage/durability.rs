//! Asking the browser to keep Relance's data (`navigator.storage.persist()`), and what it says
//! it uses. An edge: browser calls only, every failure is an answer, never a panic.
//!
//! Without persistence, a browser may evict the site's storage under disk pressure; with it,
//! only the user can clear it. Chromium grants it without a prompt to sites it considers
//! important (installed, bookmarked, often visited); Firefox asks the user. The app asks on its
//! own once the books hold saved data (`state::keep_data`); Settings shows the answer.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the browser answered about keeping the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// The browser will not evict the data on its own.
    Granted,
    /// The data may be evicted under disk pressure.
    NotGranted,
    /// This browser does not offer the choice (or refused to answer).
    Unsupported,
}

fn manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.storage` is missing in insecure contexts and old browsers.
    let storage = js_sys::Reflect::get(&navigator, &"storage".into()).ok()?;
    if storage.is_undefined() || storage.is_null() {
        return None;
    }
    storage.dyn_into().ok()
}

async fn answer(promise: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Persistence {
    let Ok(promise) = promise else {
        return Persistence::Unsupported;
    };
    match JsFuture::from(promise).await.map(|value| value.as_bool()) {
        Ok(Some(true)) => Persistence::Granted,
        Ok(Some(false)) => Persistence::NotGranted,
        _ => Persistence::Unsupported,
    }
}

/// Asks for persistent storage (may show a prompt in some browsers) and returns the answer.
pub async fn request() -> Persistence {
    match manager() {
        Some(manager) => answer(manager.persist()).await,
        None => Persistence::Unsupported,
    }
}

/// Whether persistence is already granted, without asking.
pub async fn current() -> Persistence {
    match manager() {
        Some(manager) => answer(manager.persisted()).await,
        None => Persistence::Unsupported,
    }
}

/// The browser's estimate of what this site uses and may use, in bytes (all storage kinds
/// the browser counts; Chromium leaves `localStorage` out of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub usage: u64,
    pub quota: u64,
}

/// Asks the browser for its estimate; `None` if it does not give one.
pub async fn estimate() -> Option<Estimate> {
    let promise = manager()?.estimate().ok()?;
    let value: web_sys::StorageEstimate = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    Some(Estimate {
        usage: whole_bytes(value.get_usage()?)?,
        quota: whole_bytes(value.get_quota()?)?,
    })
}

/// A byte count the browser gives as a JS number: whole and non-negative, or nothing.
fn whole_bytes(number: f64) -> Option<u64> {
    let text = format!("{number:.0}");
    text.parse().ok()
}
