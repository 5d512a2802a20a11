//! A labelled `<select>` over choices computed from the books (the clients, the aging buckets):
//! the markup, ids and test ids of `components::field::ChoiceField`, whose choices are
//! `&'static str` and so cannot hold a client's name.

use leptos::prelude::*;

/// A `<select>` with its label and error, ids `{scope}-input-{name}` and `{scope}-error-{name}`.
#[component]
pub fn OptionSelect(
    scope: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    /// The value chosen now.
    #[prop(into)]
    current: Signal<String>,
    /// The choices: (value, label), in the order shown.
    #[prop(into)]
    choices: Signal<Vec<(String, String)>>,
    /// Called with the value of the choice made.
    on_change: Callback<String>,
    /// The error, a sentence.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let select_id = format!("{scope}-input-{name}");
    let error_id = format!("{scope}-error-{name}");
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=select_id.clone()>{move || label.get()}</label>
            <select
                id=select_id.clone()
                data-testid=select_id
                aria-describedby=error_id.clone()
                on:change=move |event| on_change.run(event_target_value(&event))
            >
                {move || {
                    let current = current.get();
                    choices
                        .get()
                        .into_iter()
                        .map(|(value, label)| {
                            let selected = current == value;
                            view! { <option value=value selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field__error" id=error_id.clone() data-testid=error_id>{move || error.get()}</p>
        </div>
    }
}
