//! The dashboard: the app's first screen. With nothing stored it is the first-run screen
//! (`first_run`: the demo or empty books); otherwise the dashboard proper (`board`, its figures
//! computed by `model`), a lazy chunk of its own: a first visit with nothing stored never
//! downloads it. What is stored, in numbers (`BooksSummary`), stays under both.

pub mod board;
pub mod first_run;
pub mod model;
pub mod texts;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::routes::Query;
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::shell::data_texts::{data_texts, summary_sentence};
use first_run::FirstRun;

/// The dashboard proper, as of the date in `query`: a wasm chunk of its own (with the
/// `split` feature), with the pages' stylesheet.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn board_view(query: Query) -> AnyView {
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <board::Board query=query/> }.into_any()
}

/// The dashboard page (`#/`, `#/?as_of=…`).
#[component]
pub fn DashboardPage(query: Query) -> impl IntoView {
    let books = use_books();
    let locale = use_locale();
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
                // `Suspend` wants a `Send` future; the chunk's is not (browser handles). Sound:
                // the app is single-threaded and the future never leaves its thread.
                let board = SendWrapper::new(board_view(query.clone()));
                view! {
                    <section class="page page--dashboard" data-testid="page-dashboard">
                        <h1>{move || locale.texts().nav_dashboard}</h1>
                        <Suspense fallback=|| view! { <p class="page-loading" aria-busy="true">"…"</p> }>
                            {Suspend::new(board)}
                        </Suspense>
                        <BooksSummary/>
                    </section>
                }
                .into_any()
            }
        }}
    }
}

/// What is stored on this device, in numbers.
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
