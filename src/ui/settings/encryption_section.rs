//! Settings → encryption: turn encryption at rest on (a passphrase typed twice), change the
//! passphrase, lock now, turn it off (confirmed), and finish a migration that was
//! interrupted. The operations are in `state::encryption`; this component lays them out.

use leptos::prelude::*;

use crate::i18n::{Describe, Lang};
use crate::state::books::use_books;
use crate::state::encryption;
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::state::vault::Migration;
use crate::state::vault::{Encryption, Opened, let_the_page_paint, use_vault};
use crate::ui::shell::encryption_texts::{check_new_passphrase, encryption_texts, interrupted};

/// What the last action gave, to say under the section.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    None,
    Working(&'static str),
    Done(&'static str),
    Failed(String),
}

#[component]
pub fn EncryptionSection() -> impl IntoView {
    let locale = use_locale();
    let vault = use_vault();
    let session = crate::state::session::use_session();
    let books = use_books();
    let rates = use_rates();
    let texts = move || encryption_texts(locale.lang());
    let current = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let second = RwSignal::new(String::new());
    let confirming_off = RwSignal::new(false);
    let outcome = RwSignal::new(Outcome::None);
    let busy = move || matches!(outcome.get(), Outcome::Working(_));

    // Runs `work` after the page has painted its "working" line; `work` returns the outcome.
    let run = move |working: &'static str, work: Box<dyn FnOnce(Lang) -> Outcome>| {
        if matches!(outcome.get_untracked(), Outcome::Working(_)) {
            return;
        }
        outcome.set(Outcome::Working(working));
        leptos::task::spawn_local(async move {
            let_the_page_paint().await;
            let result = work(locale.lang_untracked());
            outcome.try_set(result);
        });
    };
    // Whatever the outcome, the store to use next (if any) becomes the vault's.
    let settle =
        move |result: Result<Opened, (Option<Opened>, String)>, done: &'static str| match session
            .adopt(result)
        {
            Ok(()) => Outcome::Done(done),
            Err(message) => Outcome::Failed(message),
        };
    // A new passphrase typed twice, checked; the fields are emptied once it is taken.
    let new_passphrase = move || -> Result<String, Outcome> {
        let lang = locale.lang_untracked();
        let (a, b) = (first.get_untracked(), second.get_untracked());
        check_new_passphrase(&a, &b, lang)
            .map_err(|message| Outcome::Failed(message.to_string()))?;
        first.set(String::new());
        second.set(String::new());
        Ok(a)
    };

    let turn_on = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let passphrase = match new_passphrase() {
            Ok(passphrase) => passphrase,
            Err(refused) => return outcome.set(refused),
        };
        let done = texts().turned_on;
        run(
            texts().turning_on,
            Box::new(move |lang| {
                let result = encryption::turn_on(&passphrase)
                    .map_err(|(opened, error)| (opened, error.describe(lang)));
                settle(result, done)
            }),
        );
    };
    let change = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Some(store) = vault.sealed() else { return };
        let passphrase = match new_passphrase() {
            Ok(passphrase) => passphrase,
            Err(refused) => return outcome.set(refused),
        };
        let old = current.get_untracked();
        current.set(String::new());
        let done = texts().changed;
        run(
            texts().changing,
            Box::new(move |lang| {
                // The passphrase in force first: someone at an unlocked tab cannot change it.
                if let Err(error) = encryption::verify(&old) {
                    return Outcome::Failed(error.describe(lang));
                }
                match encryption::change(&store, &passphrase) {
                    Ok(()) => Outcome::Done(done),
                    Err((None, error)) => Outcome::Failed(error.describe(lang)),
                    // The new passphrase is in force: the vault says the change is unfinished.
                    Err((opened, error)) => settle(Err((opened, error.describe(lang))), done),
                }
            }),
        );
    };
    let turn_off = move |_| {
        let Some(store) = vault.sealed() else { return };
        let old = current.get_untracked();
        current.set(String::new());
        let done = texts().turned_off;
        run(
            texts().turning_off,
            Box::new(move |lang| {
                // The passphrase in force first: someone at an unlocked tab cannot remove it.
                if let Err(error) = encryption::verify(&old) {
                    return Outcome::Failed(error.describe(lang));
                }
                confirming_off.try_set(false);
                let result = encryption::turn_off(store)
                    .map_err(|(opened, error)| (Some(opened), error.describe(lang)));
                settle(result, done)
            }),
        );
    };
    let finish = move |migration: Migration| {
        let Some(store) = vault.sealed() else { return };
        let done = match migration {
            Migration::Encrypting => texts().turned_on,
            Migration::Decrypting => texts().turned_off,
            Migration::Rekeying => texts().changed,
        };
        run(
            texts().finishing,
            Box::new(move |lang| {
                let result = encryption::finish(store, migration)
                    .map_err(|(opened, error)| (Some(opened), error.describe(lang)));
                settle(result, done)
            }),
        );
    };
    // Lock now: forget the key by reloading (the page opens on the unlock screen), unless a
    // change held only in this tab would be lost with it.
    let lock_now = move |_| {
        if !books.is_saved() || rates.save_problem_untracked().is_some() {
            outcome.set(Outcome::Failed(texts().lock_unsaved.to_string()));
            return;
        }
        let _ = window().location().reload();
    };

    let current_field = move |testid: &'static str| {
        view! {
            <label class="field">
                <span class="field__label">{texts().current_passphrase}</span>
                <input type="password" autocomplete="current-password" data-testid=testid
                    prop:value=move || current.get() on:input=move |event| current.set(event_target_value(&event))/>
            </label>
        }
    };
    let passphrase_fields = move || {
        view! {
            <label class="field">
                <span class="field__label">{texts().new_passphrase}</span>
                <input type="password" autocomplete="new-password" data-testid="encryption-new"
                    prop:value=move || first.get() on:input=move |event| first.set(event_target_value(&event))/>
            </label>
            <label class="field">
                <span class="field__label">{texts().confirm_passphrase}</span>
                <input type="password" autocomplete="new-password" data-testid="encryption-confirm"
                    prop:value=move || second.get() on:input=move |event| second.set(event_target_value(&event))/>
            </label>
        }
    };

    let body = move || {
        match vault.encryption() {
        Encryption::Off if vault.is_memory() => view! { <p>{texts().memory_only}</p> }.into_any(),
        Encryption::Off => view! {
            <p>{texts().off_intro}</p>
            <p class="notice notice--warn">{texts().off_warning}</p>
            <form class="encryption__form" on:submit=turn_on>
                {passphrase_fields()}
                <p class="button-row">
                    <button type="submit" class="button" data-testid="encryption-on" prop:disabled=busy>{texts().turn_on}</button>
                </p>
            </form>
        }.into_any(),
        Encryption::On => view! {
            <p data-testid="encryption-is-on">{texts().on_intro}</p>
            <p class="button-row">
                <button type="button" class="button button--secondary" data-testid="encryption-lock" on:click=lock_now>{texts().lock_now}</button>
            </p>
            <h3>{texts().change_title}</h3>
            <form class="encryption__form" on:submit=change>
                {current_field("encryption-current")}
                {passphrase_fields()}
                <p class="button-row">
                    <button type="submit" class="button" data-testid="encryption-change" prop:disabled=busy>{texts().change_button}</button>
                </p>
            </form>
            <h3>{texts().turn_off_title}</h3>
            <p>{texts().turn_off_intro}</p>
            <Show
                when=move || confirming_off.get()
                fallback=move || view! {
                    <p class="button-row">
                        <button type="button" class="button button--danger" data-testid="encryption-off" prop:disabled=busy
                            on:click=move |_| {
                                outcome.set(Outcome::None);
                                confirming_off.set(true);
                            }>{texts().turn_off}</button>
                    </p>
                }
            >
                <div class="notice notice--error" role="alert">
                    <p>{texts().turn_off_confirm}</p>
                    {current_field("encryption-off-current")}
                    <p class="button-row">
                        <button type="button" class="button button--danger" data-testid="encryption-off-confirm" on:click=turn_off>
                            {texts().turn_off_confirm_button}
                        </button>
                        <button type="button" class="button button--secondary" on:click=move |_| confirming_off.set(false)>
                            {texts().cancel}
                        </button>
                    </p>
                </div>
            </Show>
        }.into_any(),
        Encryption::Interrupted(migration) => view! {
            <p class="notice notice--error" role="alert" data-testid="encryption-interrupted">{interrupted(locale.lang(), migration)}</p>
            <p class="button-row">
                <button type="button" class="button" data-testid="encryption-finish" prop:disabled=busy
                    on:click=move |_| finish(migration)>{texts().finish}</button>
            </p>
        }.into_any(),
        // Not shown while locked (the unlock screen replaces the pages).
        Encryption::Locked => ().into_any(),
    }
    };

    view! {
        <section class="card settings__encryption" aria-labelledby="settings-encryption-title" data-testid="encryption-section">
            <h2 id="settings-encryption-title">{move || texts().section_title}</h2>
            {move || match outcome.get() {
                Outcome::None => ().into_any(),
                Outcome::Working(line) => view! {
                    <p class="notice" role="status" aria-busy="true" data-testid="encryption-working">{line}</p>
                }.into_any(),
                Outcome::Done(line) => view! {
                    <p class="notice notice--ok" role="status" data-testid="encryption-done">{line}</p>
                }.into_any(),
                Outcome::Failed(message) => view! {
                    <p class="notice notice--error" role="alert" data-testid="encryption-error">{message}</p>
                }.into_any(),
            }}
            {body}
        </section>
    }
}
