//! `<App/>`: provides the shared state and lays out the shell around the current page.
//! It only wires; pages and the shell do the rest.

use leptos::prelude::*;

use crate::routes::Route;
use crate::ui::books_state::{Persistence, provide_books};
use crate::ui::data_banner::DataBanner;
use crate::ui::locale::provide_locale;
use crate::ui::pages::{page_for, recovery_for, unlock_for};
use crate::ui::rates_state::provide_rates;
use crate::ui::router::provide_router;
use crate::ui::shell::{Footer, Header};
use crate::ui::vault::{Encryption, provide_vault, watch_lock};

#[component]
pub fn App() -> impl IntoView {
    let locale = provide_locale();
    let vault = provide_vault();
    let rates = provide_rates(vault);
    let books = provide_books(vault);
    watch_lock(vault, books, rates);
    crate::ui::keep_data::keep_data(books, rates);
    let locked = Memo::new(move |_| vault.encryption() == Encryption::Locked);
    // Only a change of this (not every save) may re-render the page: a page re-rendered
    // would lose what is being typed in it.
    let blocked = Memo::new(move |_| match books.persistence() {
        Persistence::Blocked(problem) => Some(problem),
        _ => None,
    });
    let router = provide_router();
    // The tab's title names the page (the outside world: the one thing this effect writes).
    Effect::new(move |_| {
        let route = router.route();
        let texts = locale.texts();
        document().set_title(&format!(
            "{} · {}",
            crate::ui::shell::nav_label(texts, &route),
            texts.app_name
        ));
    });
    view! {
        <div class="app">
            <Header/>
            <DataBanner/>
            <main id="main" class="app-main" tabindex="-1">
                {move || if locked.get() {
                    // Encrypted data, not unlocked: every page waits for the passphrase (and
                    // the screen stays as it is whatever the route: what is typed is kept).
                    unlock_for()
                } else { match (blocked.get(), router.route()) {
                    // Blocked books: every page that uses them shows the recovery screen.
                    (Some(problem), route) if !matches!(route, Route::Simulator(_)) => {
                        recovery_for(problem)
                    }
                    (_, route) => page_for(route),
                }}}
            </main>
            <Footer/>
        </div>
    }
}
