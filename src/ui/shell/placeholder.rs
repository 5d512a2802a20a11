//! The pages every route falls back on: a page not built yet (its title, what it will do, an
//! honest badge) and the not-found page.

use leptos::prelude::*;

use crate::i18n::Texts;
use crate::routes::Route;
use crate::state::locale::use_locale;
use crate::ui::shell::nav_label;

fn intro(texts: &'static Texts, route: &Route) -> &'static str {
    match route {
        Route::Dashboard(_) => texts.dashboard_intro,
        Route::Invoices(_) => texts.invoices_intro,
        Route::Clients(_) => texts.clients_intro,
        Route::Simulator(_) => texts.simulator_intro,
        Route::Letters => texts.letters_intro,
        Route::Settings => texts.settings_intro,
        Route::NotFound(_) => texts.not_found_body,
    }
}

/// A page that is not built yet: its title, what it will do, and an honest badge.
#[component]
pub fn PlaceholderPage(route: Route) -> impl IntoView {
    let locale = use_locale();
    let slug = route.slug().to_string();
    let title_route = route.clone();
    view! {
        <section class="page page--placeholder" data-testid=format!("page-{slug}")>
            <h1>{move || nav_label(locale.texts(), &title_route)}</h1>
            <p class="page__intro">{move || intro(locale.texts(), &route)}</p>
            <p class="placeholder-note">
                <span class="badge">{move || locale.texts().placeholder_badge}</span>
                " "
                {move || locale.texts().placeholder_note}
            </p>
            <p>
                <a class="button button--secondary" href="#/simulator" data-testid="placeholder-try-simulator">
                    {move || locale.texts().placeholder_try_simulator}
                </a>
            </p>
        </section>
    }
}

#[component]
pub fn NotFoundPage(path: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page page--not-found" data-testid="page-not-found">
            <h1>{move || locale.texts().not_found_title}</h1>
            <p>{move || locale.texts().not_found_body} " " <code>{format!("#{path}")}</code></p>
            <p><a class="button" href="#/">{move || locale.texts().not_found_back}</a></p>
        </section>
    }
}
