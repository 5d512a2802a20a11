//! Moving between the clients pages after a change, with a short confirmation said once on the
//! page reached (`Client created.`). The page is rebuilt on `hashchange`, so the confirmation
//! waits here, in this tab's memory, until the next clients page takes it.

use std::cell::Cell;

use leptos::prelude::*;

use crate::routes::Route;
use crate::ui::clients::texts::ClientsTexts;

/// What the page reached confirms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    Created,
    Saved,
    Deleted,
}

impl Flash {
    pub fn text(self, texts: &ClientsTexts) -> &'static str {
        match self {
            Flash::Created => texts.created,
            Flash::Saved => texts.saved,
            Flash::Deleted => texts.deleted,
        }
    }
}

thread_local! {
    static FLASH: Cell<Option<Flash>> = const { Cell::new(None) };
}

/// Goes to `route` (a new history entry, as a link would), the next page saying `flash`.
pub fn go_to(route: &Route, flash: Flash) {
    FLASH.with(|cell| cell.set(Some(flash)));
    if window().location().set_hash(&route.href()).is_err() {
        FLASH.with(|cell| cell.set(None));
    }
}

/// The confirmation left for this page, if any (taken: said once).
pub fn take_flash() -> Option<Flash> {
    FLASH.with(Cell::take)
}
