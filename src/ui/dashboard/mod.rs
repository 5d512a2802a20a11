//! The dashboard: the app's first screen. With nothing stored it is the first-run screen
//! (`first_run`: the demo or empty books); otherwise, until the dashboard proper exists, it
//! says what is stored on this device, in numbers.

pub mod first_run;

use leptos::prelude::*;

use crate::routes::Route;
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::shell::data_texts::{data_texts, summary_sentence};
use crate::ui::shell::placeholder::PlaceholderPage;
use first_run::FirstRun;

/// The dashboard page (`#/`).
#[component]
pub fn DashboardPage() -> impl IntoView {
    let books = use_books();
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let empty = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| ledger.clients().next().is_none() && ledger.invoices().next().is_none())
    });
    // Chosen on the first-run screen for this visit: nothing is stored until a first record.
    let started_empty = RwSignal::new(false);
    view! {
        {move || {
            if !loading.get() && empty.get() && !started_empty.get() {
                view! {
                    <section class="page page--first-run" data-testid="page-dashboard">
                        <FirstRun started_empty=started_empty/>
                        <BooksSummary/>
                    </section>
                }
                .into_any()
            } else {
                view! {
                    <PlaceholderPage route=Route::Dashboard/>
                    <BooksSummary/>
                }
                .into_any()
            }
        }}
    }
}

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
