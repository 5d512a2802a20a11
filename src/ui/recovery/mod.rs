//! The recovery screen: shown instead of the pages that use the books when the stored books
//! cannot be used (unreadable, or saved by a newer Relance). It explains, offers the stored
//! texts as a download, and only on a confirmed choice sets them aside and starts afresh
//! (unreadable data only: data from a newer version is never set aside from an older one).

pub mod texts;

use leptos::prelude::*;

use crate::i18n::Describe;
use crate::state::books::LoadError;
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::shell::data_texts::data_texts;
use texts::recovery_texts;

#[component]
pub fn RecoveryPage(problem: LoadError) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = move || data_texts(locale.lang());
    let words = move || recovery_texts(locale.lang());
    let failed = RwSignal::new(false);
    let download_failed = RwSignal::new(false);
    let from_the_future = matches!(problem, LoadError::FromTheFuture { .. });
    let explanation = problem.clone();
    // Encryption on: which value did not open, and why.
    let detail = crate::state::vault::use_vault()
        .sealed()
        .and_then(|sealed| sealed.last_error());
    // On success the books are usable again: the app shows the page, and the banner names
    // where the old data is kept.
    // (Once it succeeded this screen is gone, its signals with it: touch them only on failure.)
    let start_afresh = Callback::new(move |()| {
        if books.start_afresh().is_err() {
            failed.try_set(true);
        }
    });
    view! {
        <section class="page recovery" data-testid="recovery-screen">
            <h1>{move || if from_the_future { words().recovery_future_title } else { words().recovery_title }}</h1>
            <p class="notice notice--error" data-testid="recovery-reason">{move || explanation.describe(locale.lang())}</p>
            {detail.map(|detail| view! {
                <p data-testid="recovery-detail">{move || detail.describe(locale.lang())}</p>
            })}
            <p>{move || words().recovery_safe}</p>
            <p class="button-row">
                <button type="button" class="button" data-testid="recovery-download"
                    on:click=move |_| download_failed.set(!books.download_blocked_texts())>
                    {move || words().recovery_download}
                </button>
                {move || from_the_future.then(|| view! {
                    <button type="button" class="button button--secondary" on:click=move |_| { let _ = window().location().reload(); }>
                        {texts().reload}
                    </button>
                })}
            </p>
            <Show when=move || download_failed.get()>
                <p class="field__error" role="alert">{move || texts().download_failed}</p>
            </Show>
            <Show when=move || !from_the_future>
                <ConfirmedAction
                    testid="recovery"
                    start=Signal::derive(move || words().recovery_start_afresh)
                    warning=Signal::derive(move || words().recovery_confirm)
                    confirm=Signal::derive(move || words().recovery_confirm_button)
                    cancel=Signal::derive(move || words().recovery_cancel)
                    on_confirm=start_afresh
                />
            </Show>
            <Show when=move || failed.get()>
                <p class="field__error" role="alert">{move || words().recovery_failed}</p>
            </Show>
        </section>
    }
}
