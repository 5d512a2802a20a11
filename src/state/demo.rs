//! Loading and erasing the demo books (`domain::demo`), through the books like any change.
//! The demo's data and the sentences of its failures are only needed once, so with the
//! `split` feature loading is a wasm chunk of its own, off the first visit's path (erasing is
//! in the demo banner's chunk): a failure comes back already said, in `lang`.

use crate::domain::demo::{add_demo, erase_demo};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::Books;

/// Loads the demo books, dated from today, into empty books; `Err`: why not, in words.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
pub async fn load_demo(books: Books, lang: Lang) -> Result<(), String> {
    let today = crate::clock::today();
    books
        .apply(move |ledger| add_demo(ledger, today).map(drop))
        .map_err(|error| format::typography(&error.describe(lang), lang))
}

/// Erases the demo clients and everything that hangs on them; the user's own records stay.
/// Called only from the demo banner, itself a lazy chunk (`ui::pages::demo_banner`).
pub fn erase_demo_books(books: Books, lang: Lang) -> Result<(), String> {
    books
        .apply(erase_demo)
        .map(drop)
        .map_err(|error| format::typography(&error.describe(lang), lang))
}
