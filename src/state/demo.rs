//! Loading and erasing the demo books (`domain::demo`), through the books like any change.
//! The demo's data and the erasing code are only needed once, so with the `split` feature
//! they are a wasm chunk of their own, off the first visit's path.

use crate::domain::LedgerError;
use crate::domain::demo::{DemoErased, DemoError, add_demo, erase_demo};
use crate::state::books::{ApplyError, Books};

/// Loads the demo books, dated from today, into empty books.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
pub async fn load_demo(books: Books) -> Result<(), ApplyError<DemoError>> {
    let today = crate::clock::today();
    books.apply(move |ledger| add_demo(ledger, today).map(drop))
}

/// Erases the demo clients and everything that hangs on them; the user's own records stay.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
pub async fn erase_demo_books(books: Books) -> Result<DemoErased, ApplyError<LedgerError>> {
    books.apply(erase_demo)
}
