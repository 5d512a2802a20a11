//! Keeping the user's data (issue #5, eviction): the app asks the browser to keep its storage
//! on its own, once per page load, as soon as the books hold saved records ([`ask_to_keep`],
//! called by the books where they are read or saved: code a first visit does not download).
//! Asking the user to confirm leaving the page while leaving would lose a change is the
//! session's (`state::session::Session::guard_unload`). Settings → your data reads the
//! browser's answer itself, and again once the app's own request is answered
//! (`Books::track_persist_answer`).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::domain::Ledger;
use crate::storage::durability::{self, Persistence as Durability};

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
        let mut answer = durability::current().await;
        if answer != Durability::Granted {
            answer = durability::request().await;
        }
        KEPT.store(
            if answer == Durability::Granted {
                GRANTED
            } else {
                NOT_GRANTED
            },
            Ordering::Relaxed,
        );
        Ok(())
    })
}

/// Whether the ledger holds a record (a client or an invoice).
pub fn holds_records(ledger: &Ledger) -> bool {
    ledger.clients().next().is_some() || ledger.invoices().next().is_some()
}

/// The browser's answer to the app's request, once known (`UNKNOWN` until then).
static KEPT: AtomicU8 = AtomicU8::new(UNKNOWN);
const UNKNOWN: u8 = 0;
const GRANTED: u8 = 1;
const NOT_GRANTED: u8 = 2;

/// Whether the browser promised to keep the data: `Some(false)` once it answered no (or does
/// not offer the choice), `None` before it answered. Read after `Books::track_persist_answer`.
pub fn kept() -> Option<bool> {
    match KEPT.load(Ordering::Relaxed) {
        GRANTED => Some(true),
        NOT_GRANTED => Some(false),
        _ => None,
    }
}

/// Whether the app asked the browser to keep the data in this page load.
static ASKED: AtomicBool = AtomicBool::new(false);

/// Asks the browser to keep the data, once per page load (the books hold saved records);
/// `answered` is notified once the browser answered. A chunk that cannot be fetched (offline)
/// asks nothing: the next save asks again.
pub fn ask_to_keep(answered: Trigger) {
    if ASKED.swap(true, Ordering::Relaxed) {
        return;
    }
    leptos::task::spawn_local(async move {
        if request_persistence().await.is_err() {
            ASKED.store(false, Ordering::Relaxed);
        }
        answered.notify();
    });
}
