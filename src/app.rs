//! `<App/>`: provides the shared state and lays out the shell around the current page.
//! It only wires; pages and the shell do the rest.

use leptos::prelude::*;

use crate::ui::locale::provide_locale;
use crate::ui::pages::page_for;
use crate::ui::rates_state::provide_rates;
use crate::ui::router::provide_router;
use crate::ui::shell::{Footer, Header};

#[component]
pub fn App() -> impl IntoView {
    let locale = provide_locale();
    provide_rates();
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
            <main id="main" class="app-main" tabindex="-1">
                {move || page_for(router.route())}
            </main>
            <Footer/>
        </div>
    }
}
