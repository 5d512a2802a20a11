//! An action that cannot be undone (erase everything, start afresh) behind a confirmation: a
//! button; once pressed, what will happen in one sentence, the button that does it and one that
//! cancels. One component, so that every such action asks the same way.

use leptos::prelude::*;

/// A button whose action runs only once confirmed.
#[component]
pub fn ConfirmedAction(
    /// The test ids' stem: the buttons are `{testid}-start`, `{testid}-confirm` and
    /// `{testid}-cancel` (`erase-start`…).
    testid: &'static str,
    /// The first button's words (`Erase all data…`).
    #[prop(into)]
    start: Signal<&'static str>,
    /// What will happen, said before it does.
    #[prop(into)]
    warning: Signal<&'static str>,
    /// The words of the button that does it.
    #[prop(into)]
    confirm: Signal<&'static str>,
    #[prop(into)] cancel: Signal<&'static str>,
    /// Runs once confirmed. The question stays open (a failure is said under it); on success
    /// the page usually goes (a reload, the recovery screen replaced by the books).
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let start_testid = format!("{testid}-start");
    let confirm_testid = format!("{testid}-confirm");
    let cancel_testid = format!("{testid}-cancel");
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <p class="button-row confirmed-action">
                    <button type="button" class="button button--danger" data-testid=start_testid.clone() on:click=move |_| confirming.set(true)>
                        {move || start.get()}
                    </button>
                </p>
            }
        >
            <div class="notice notice--error" role="alert">
                <p>{move || warning.get()}</p>
                <p class="button-row">
                    <button
                        type="button"
                        class="button button--danger"
                        data-testid=confirm_testid.clone()
                        on:click=move |_| on_confirm.run(())
                    >
                        {move || confirm.get()}
                    </button>
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid=cancel_testid.clone()
                        on:click=move |_| confirming.set(false)
                    >
                        {move || cancel.get()}
                    </button>
                </p>
            </div>
        </Show>
    }
}
