//! The dashboard: the app's first screen. Until the dashboard proper exists (its issue is
//! open), it says what is stored on this device, in numbers.

use leptos::prelude::*;

use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::shell::data_texts::{data_texts, summary_sentence};

/// What is stored on this device, in numbers (until the dashboard proper exists).
#[component]
pub fn BooksSummary() -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let summary = Memo::new(move |_| books.summary(0));
    let loading = move || books.save_state() == SaveState::Loading;
    view! {
        <Show when=move || !loading() fallback=|| view! {
            <section class="card books-summary" data-testid="books-loading" aria-busy="true"><p>"…"</p></section>
        }>
        <section class="card books-summary" data-testid="books-summary"
            data-clients=move || summary.get().clients
            data-invoices=move || summary.get().invoices>
            <h2>{move || data_texts(locale.lang()).books_title}</h2>
            <p>{move || summary_sentence(&summary.get(), locale.lang())}</p>
        </section>
        </Show>
    }
}
