//! Keeping the user's data (issue #5, eviction): the app asks the browser to keep its storage
//! on its own, once per page load, as soon as the books hold saved records; and it asks the
//! user to confirm leaving the page (close, reload) when leaving would lose a change.
//!
//! Mounted once by `<App/>` ([`keep_data`]). Settings → your data reads the browser's answer
//! itself, and again once the app's own request is answered ([`KeepData::track`]).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::domain::Ledger;
use crate::storage::durability::{self, Persistence as Durability};
use crate::ui::books_state::{Books, Persistence};
use crate::ui::rates_state::Rates;

/// The app's own request for persistent storage, in context.
#[derive(Clone, Copy)]
pub struct KeepData {
    /// Notified once the browser answered the app's request.
    answered: Trigger,
}

impl KeepData {
    /// Subscribes to the app's request: what shows the browser's answer reads it again once
    /// the request is answered.
    pub fn track(self) {
        self.answered.track();
    }
}

pub fn use_keep_data() -> KeepData {
    use_context().unwrap_or_else(|| KeepData {
        answered: Trigger::new(),
    })
}

/// Asks the browser to keep the data unless it says it already does
/// (`navigator.storage.persist()`: Firefox may show a prompt). With the `split` feature a
/// chunk of its own, fetched only once there is data to keep; a chunk that cannot be fetched
/// is an error (nothing asked), never a panic.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        keep_asking,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        return_wrapper(let future = _; { future.await } -> Result<(), SplitLoaderError>)
    )
)]
fn request_persistence() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>> {
    Box::pin(async {
        if durability::current().await != Durability::Granted {
            durability::request().await;
        }
        Ok(())
    })
}

/// Whether the ledger holds a record (a client or an invoice).
fn holds_records(ledger: &Ledger) -> bool {
    ledger.clients().next().is_some() || ledger.invoices().next().is_some()
}

/// Provides [`KeepData`]; asks for persistent storage once the books hold saved records (once
/// per page load); guards `beforeunload` while leaving would lose data.
pub fn keep_data(books: Books, rates: Rates) {
    let keep = KeepData {
        answered: Trigger::new(),
    };
    provide_context(keep);
    // A one-off browser call: once it is made, the effect reads nothing and never runs again.
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) {
            return true;
        }
        let worth_keeping =
            books.persistence() == Persistence::Saved && books.ledger().with(holds_records);
        if worth_keeping {
            leptos::task::spawn_local(async move {
                // Not fetched (offline): asked again at the next page load.
                let _ = request_persistence().await;
                keep.answered.notify();
            });
        }
        worth_keeping
    });
    let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
        let loses_data = match books.persistence() {
            Persistence::NotSaved(_) | Persistence::OtherTabSaved => true,
            Persistence::MemoryOnly => books.ledger().with_untracked(holds_records),
            _ => false,
        } || rates.save_problem_untracked().is_some();
        if loses_data {
            // The HTML standard's two ways to ask: cancel the event; set a non-empty
            // `returnValue` (older browsers). Browsers show their own text.
            event.prevent_default();
            event.set_return_value("unsaved");
        }
    });
    on_cleanup(move || handle.remove());
}
