//! The unlock screen: shown instead of every page while the stored data is encrypted and not
//! unlocked in this tab. A wrong passphrase says so and changes nothing; a forgotten one
//! leaves two ways out (download the encrypted data as it is; erase it, after a confirmation).

use leptos::prelude::*;

use crate::i18n::Describe;
use crate::state::device;
use crate::state::locale::use_locale;
use crate::state::session::use_session;
use crate::state::vault::let_the_page_paint;
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::shell::encryption_texts::encryption_texts;

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Idle,
    Working,
    Failed(String),
}

#[component]
pub fn UnlockPage() -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let texts = move || encryption_texts(locale.lang());
    let passphrase = RwSignal::new(String::new());
    let state = RwSignal::new(State::Idle);
    let field: NodeRef<leptos::html::Input> = NodeRef::new();
    // The field has the focus, and gets it back, its text selected, after a wrong passphrase.
    let focus_field = move || {
        if let Some(input) = field.get_untracked() {
            let _ = input.focus();
            input.select();
        }
    };
    // Focus the field once it is in the page (the DOM, the one thing this effect touches).
    Effect::new(move |focused: Option<bool>| {
        if focused == Some(true) {
            return true;
        }
        match field.get() {
            Some(input) => input.focus().is_ok(),
            None => false,
        }
    });
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if state.get_untracked() == State::Working {
            return;
        }
        let typed = passphrase.get_untracked();
        if typed.is_empty() {
            state.set(State::Failed(texts().empty_passphrase.to_string()));
            return;
        }
        state.set(State::Working);
        leptos::task::spawn_local(async move {
            let_the_page_paint().await;
            match crate::state::encryption::unlock(&typed) {
                // The screen goes away: the pages show the data.
                Ok(opened) => session.switch(opened),
                Err(error) => {
                    let message = error.describe(locale.lang_untracked());
                    if state.try_set(State::Failed(message)).is_none() {
                        // (The field is enabled again once the state is set.)
                        let_the_page_paint().await;
                        focus_field();
                    }
                }
            }
        });
    };
    let working = move || state.get() == State::Working;
    view! {
        <section class="page unlock" data-testid="unlock-screen">
            <h1>{move || texts().unlock_title}</h1>
            <p class="page__intro">{move || texts().unlock_intro}</p>
            <form class="card unlock__form" on:submit=submit>
                <label class="field">
                    <span class="field__label">{move || texts().passphrase}</span>
                    <input type="password" autocomplete="current-password" data-testid="unlock-passphrase"
                        node_ref=field
                        prop:value=move || passphrase.get()
                        on:input=move |event| passphrase.set(event_target_value(&event))
                        prop:disabled=working/>
                </label>
                <p class="button-row">
                    <button type="submit" class="button" data-testid="unlock-submit" prop:disabled=working>
                        {move || texts().unlock_button}
                    </button>
                </p>
                {move || match state.get() {
                    State::Idle => ().into_any(),
                    State::Working => view! {
                        <p class="notice" role="status" aria-busy="true" data-testid="unlock-working">{texts().unlocking}</p>
                    }.into_any(),
                    State::Failed(message) => view! {
                        <p class="notice notice--error" role="alert" data-testid="unlock-error">{message}</p>
                    }.into_any(),
                }}
            </form>
            <Forgotten/>
        </section>
    }
}

/// "Forgot your passphrase?": download the encrypted data, or erase it (confirmed).
#[component]
fn Forgotten() -> impl IntoView {
    let locale = use_locale();
    let texts = move || encryption_texts(locale.lang());
    let failed = RwSignal::new(None::<&'static str>);
    let download = move |_| {
        let offered =
            device::download_texts("relance-encrypted-data.json", &device::stored_texts());
        failed.set((!offered).then(|| {
            crate::ui::shell::data_texts::data_texts(locale.lang_untracked()).download_failed
        }));
    };
    let erase = Callback::new(move |()| {
        if device::erase_all() {
            let _ = window().location().reload();
        } else {
            failed.set(Some(texts().erase_failed));
        }
    });
    view! {
        <details class="card unlock__forgotten" data-testid="unlock-forgotten">
            <summary>{move || texts().forgot_title}</summary>
            <p>{move || texts().forgot_body}</p>
            <p class="button-row">
                <button type="button" class="button button--secondary" data-testid="unlock-download" on:click=download>
                    {move || texts().forgot_download}
                </button>
            </p>
            <ConfirmedAction
                testid="unlock-erase"
                start=Signal::derive(move || texts().forgot_erase)
                warning=Signal::derive(move || texts().forgot_erase_confirm)
                confirm=Signal::derive(move || texts().forgot_erase_button)
                cancel=Signal::derive(move || texts().cancel)
                on_confirm=erase
            />
            {move || failed.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
        </details>
    }
}
