//! What the app holds in context, one file per holder, separate from the components that show
//! it: the interface language ([`locale`]), the current route ([`route`]), where the data is
//! kept and whether it is encrypted ([`vault`]), the books ([`books`]) and the user's rates
//! ([`rates`]), and the session that ties them together: unlocking, switching stores, another
//! tab's lock, keeping the data ([`session`]).
//!
//! State calls storage; screens call state, never storage. State never imports a component or
//! a component's texts.

pub mod backup;
pub mod books;
pub mod context;
pub mod demo;
pub mod device;
pub mod encryption;
pub mod keep_data;
pub mod locale;
pub mod rates;
pub mod route;
pub mod session;
pub mod settings;
pub mod vault;

use leptos::prelude::provide_context;

use books::Books;
use locale::Locale;
use rates::Rates;
use route::Router;
use session::Session;
use vault::Vault;

/// Every holder of the app's state, as `<App/>` provides them.
#[derive(Clone, Copy)]
pub struct AppState {
    pub locale: Locale,
    pub vault: Vault,
    pub rates: Rates,
    pub books: Books,
    pub session: Session,
    pub router: Router,
}

/// Provides every holder in context, in order (the vault before the rates and the books that
/// read through it), and starts the session's watchers: the one place that provides them
/// (`<App/>` calls it once; the browser tests that mount a single holder provide it themselves).
pub fn provide_state() -> AppState {
    let locale = locale::provide_locale();
    let vault = vault::provide_vault();
    let rates = rates::provide_rates(vault);
    let books = books::provide_books(vault);
    let session = Session::new(vault, books, rates);
    provide_context(session);
    session.watch_lock();
    session.guard_unload();
    let router = route::provide_router();
    AppState {
        locale,
        vault,
        rates,
        books,
        session,
        router,
    }
}
