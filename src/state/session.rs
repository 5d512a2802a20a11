//! The session: what ties the vault to the books and the rates it serves. Unlocking, turning
//! encryption on or off and finishing a migration leave a new store ([`Opened`]); the session
//! makes it the vault's and tells the books and the rates to read again or carry on
//! ([`Session::switch`]). It also watches another tab's changes to the lock
//! ([`Session::watch_lock`]) and asks the user to confirm leaving the page while leaving would
//! lose a change ([`Session::guard_unload`]). [`report_panics`] is the release build's panic
//! hook: the error screen of scripts/rescue.js, which reads what `guard_unload` mirrors.
//!
//! The vault is a leaf (it knows no books and no rates); only this module calls up into all
//! three.

use leptos::prelude::*;

use crate::state::books::{Books, SaveState};
use crate::state::keep_data::holds_records;
use crate::state::rates::Rates;
use crate::state::vault::{Encryption, Opened, Store, Vault};
use crate::storage::encrypted::LOCK;
use crate::storage::key_value::KeyValue;
use crate::storage::local::LocalKv;

/// The vault, the books and the rates, provided in context by `state::provide_state`.
#[derive(Clone, Copy)]
pub struct Session {
    vault: Vault,
    books: Books,
    rates: Rates,
}

impl Session {
    pub fn new(vault: Vault, books: Books, rates: Rates) -> Session {
        Session {
            vault,
            books,
            rates,
        }
    }

    /// The data is now read and written through `opened.store` (unlocked, or encryption turned
    /// on or off in this tab): the books and the rates read it again when it was locked, or
    /// carry on over the new store (same texts) when it was not.
    pub fn switch(self, opened: Opened) {
        let was_locked = self.vault.encryption_untracked() == Encryption::Locked;
        self.vault.set(opened.store, opened.encryption);
        if was_locked {
            self.rates.reload();
            self.books.start();
            self.books.unlocked();
        } else {
            self.books.rebase();
        }
    }

    /// Whatever an operation gave, the store it leaves to use next (if any) becomes the
    /// vault's ([`Session::switch`]); its error, if any, is handed back.
    pub fn adopt<E>(self, result: Result<Opened, (Option<Opened>, E)>) -> Result<(), E> {
        let (opened, error) = match result {
            Ok(opened) => (Some(opened), None),
            Err((opened, error)) => (opened, Some(error)),
        };
        if let Some(opened) = opened {
            self.switch(opened);
        }
        error.map_or(Ok(()), Err)
    }

    /// Another tab changed the lock: lock this tab again (the user unlocks with the passphrase
    /// that is now in force), or, if encryption was turned off, read the data plain.
    fn on_lock_changed(self) {
        let Session {
            vault,
            books,
            rates,
        } = self;
        if vault.is_memory() {
            return;
        }
        if let Store::Sealed(sealed) = vault.store()
            && sealed.store().lock_is_current()
        {
            return;
        }
        match LocalKv.get(LOCK) {
            Ok(Some(_)) => {
                if vault.encryption_untracked() != Encryption::Locked {
                    vault.set(Store::Locked, Encryption::Locked);
                    books.lock();
                }
            }
            Ok(None) => {
                let reopen = vault.encryption_untracked() != Encryption::Off;
                vault.set(Store::Local(LocalKv), Encryption::Off);
                if reopen {
                    rates.reload();
                    books.start();
                    books.note_unlocked_elsewhere();
                }
            }
            Err(_) => {}
        }
    }

    /// Listens for another tab's changes to the lock (see [`Session::on_lock_changed`]).
    pub fn watch_lock(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            // `key` is null when another tab cleared the whole storage.
            if event.key().as_deref().is_none_or(|key| key == LOCK) {
                self.on_lock_changed();
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Guards `beforeunload` while leaving would lose data: a change not saved, another tab's
    /// save over a change of this tab's, unsaved rates, or records held in memory only.
    pub fn guard_unload(self) {
        let Session { books, rates, .. } = self;
        // Mirrored on `<html data-unsaved>` for the error screen of scripts/rescue.js, which
        // runs when the wasm has stopped and cannot ask.
        Effect::new(move |_| {
            let unsaved = matches!(
                books.save_state(),
                SaveState::NotSaved(_) | SaveState::OtherTabSaved
            ) || rates.save_problem().is_some();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-unsaved", if unsaved { "true" } else { "false" });
            }
        });
        let handle = window_event_listener(leptos::ev::beforeunload, move |event| {
            let loses_data = match books.save_state() {
                SaveState::NotSaved(_) | SaveState::OtherTabSaved => true,
                SaveState::MemoryOnly => books.ledger().with_untracked(holds_records),
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
}

/// Installs the release build's panic hook: it sends `relance-panic` to the page, whose error
/// screen (scripts/rescue.js, in the loader: no wasm needed) says over the page what happened,
/// that saved data is safe, whether a change was not saved (`<html data-unsaved>`, see
/// [`Session::guard_unload`]), offers the stored texts as a download and "reload". Then the
/// panic aborts (`panic = "abort"`: the hook runs first, then the wasm traps).
///
/// It costs almost nothing: no message is formatted (the `PanicHookInfo` is not read), one
/// event is made and dispatched; its listener's own errors stay in the page (`dispatchEvent`
/// reports them, never throws into the wasm).
pub fn report_panics() {
    std::panic::set_hook(Box::new(|_| {
        if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(PANIC_EVENT)) {
            let _ = window.dispatch_event(&event);
        }
    }));
}

/// The event [`report_panics`] sends (scripts/rescue.js listens for it).
pub const PANIC_EVENT: &str = "relance-panic";

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| {
        crate::state::context::not_provided("Session");
        Session::new(
            crate::state::vault::use_vault(),
            crate::state::books::use_books(),
            crate::state::rates::use_rates(),
        )
    })
}
