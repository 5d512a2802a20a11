//! `<App/>`: provides the shared state and lays out the shell around the current page.
//! It only wires; the state, the pages and the shell do the rest.

use leptos::prelude::*;

use crate::routes::Route;
use crate::state::books::SaveState;
use crate::state::provide_state;
use crate::state::vault::Encryption;
use crate::ui::pages::{demo_banner, page_for, recovery_for, unlock_for};
use crate::ui::shell::banner::DataBanner;
use crate::ui::shell::{Footer, Header};

#[component]
pub fn App() -> impl IntoView {
    let state = provide_state();
    let (locale, vault, books, router) = (state.locale, state.vault, state.books, state.router);
    let locked = Memo::new(move |_| vault.encryption() == Encryption::Locked);
    // Only a change of this (not every save) may re-render the page: a page re-rendered
    // would lose what is being typed in it.
    let blocked = Memo::new(move |_| match books.save_state() {
        SaveState::Blocked(problem) => Some(problem),
        _ => None,
    });
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
    let demo_seen = Memo::new(move |seen: Option<&bool>| {
        seen.copied().unwrap_or(false) || books.ledger().with(crate::domain::demo::has_demo)
    });
    view! {
        <div class="app">
            <Header/>
            <DataBanner/>
            // Once the books have held the demo in this visit (its erasing says it is done).
            {move || demo_seen.get().then(demo_banner)}
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
