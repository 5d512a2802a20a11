//! The page a route falls back on: not found.

use leptos::prelude::*;

use crate::state::locale::use_locale;

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
