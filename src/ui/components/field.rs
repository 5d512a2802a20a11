//! The one form field of the app: a labelled input, its hint and its error, with the ids the
//! features and their tests name (`{scope}-input-{name}`, `{scope}-hint-{name}`,
//! `{scope}-error-{name}`).
//!
//! It decides when an error shows: never on a blank field nobody has touched (a new form opens
//! without red), but as soon as the user typed in the field or left it, as soon as the field
//! holds a value (one that came with a link is checked at once), or once the form was submitted
//! (`submitted`: every error shows, touched or not).

use leptos::prelude::*;

/// What an input takes: the keyboard a phone shows and the browser's own control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Free text (a source, a name).
    Text,
    /// A number typed the French or the English way (an amount, a rate): a text input with the
    /// decimal keyboard, since `type=number` refuses a decimal comma in some browsers.
    Decimal,
    /// A calendar date (the browser's date picker; the value is ISO `YYYY-MM-DD`).
    Date,
    /// Several lines of free text (notes, an address): a `<textarea>`.
    MultiLine,
}

impl InputKind {
    fn input_type(self) -> &'static str {
        match self {
            InputKind::Text | InputKind::Decimal | InputKind::MultiLine => "text",
            InputKind::Date => "date",
        }
    }

    fn input_mode(self) -> Option<&'static str> {
        match self {
            InputKind::Text | InputKind::MultiLine => Some("text"),
            InputKind::Decimal => Some("decimal"),
            InputKind::Date => None,
        }
    }
}

/// How wide a field is laid out: the width of the form's column, or narrow (a currency code).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldWidth {
    #[default]
    Full,
    Narrow,
}

/// Whether a field's error is shown now (see the module doc).
pub fn error_shows(touched: bool, value: &str, submitted: bool) -> bool {
    touched || submitted || !value.trim().is_empty()
}

/// A labelled input bound to one value of a form, with its hint and its error beneath.
#[component]
pub fn InputField(
    /// The feature's prefix of ids and test ids (`sim`, `rate`).
    scope: &'static str,
    /// The field's name within the feature (`principal`, `from`).
    name: &'static str,
    /// The input's kind (default: free text).
    #[prop(default = InputKind::Text)]
    kind: InputKind,
    #[prop(into)] label: Signal<&'static str>,
    /// One line under the field saying what to type, if any.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// The value as typed (the form holds raw text).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text at each keystroke.
    on_input: Callback<String>,
    /// The field's error as the form's parser sees it now, already a sentence.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the user asked to submit the form: every error shows (default: never asked).
    #[prop(optional, into)]
    submitted: Option<Signal<bool>>,
) -> impl IntoView {
    let input_id = format!("{scope}-input-{name}");
    let hint_id = format!("{scope}-hint-{name}");
    let error_id = format!("{scope}-error-{name}");
    let touched = RwSignal::new(false);
    let shown_error = Memo::new(move |_| {
        let submitted = submitted.is_some_and(|submitted| submitted.get());
        let shows = value.with(|value| error_shows(touched.get(), value, submitted));
        if shows { error.get() } else { None }
    });
    let describedby = if hint.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    view! {
        <div class="field" class:field--invalid=move || shown_error.with(Option::is_some)>
            <label for=input_id.clone()>{move || label.get()}</label>
            {if kind == InputKind::MultiLine {
                view! {
                    <textarea
                        id=input_id.clone()
                        rows="3"
                        data-testid=input_id
                        prop:value=move || value.get()
                        aria-invalid=move || shown_error.with(Option::is_some).to_string()
                        aria-describedby=describedby
                        on:input=move |event| {
                            touched.set(true);
                            on_input.run(event_target_value(&event));
                        }
                        on:blur=move |_| touched.set(true)
                    ></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input
                        id=input_id.clone()
                        type=kind.input_type()
                        inputmode=kind.input_mode()
                        autocomplete="off"
                        data-testid=input_id
                        prop:value=move || value.get()
                        aria-invalid=move || shown_error.with(Option::is_some).to_string()
                        aria-describedby=describedby
                        on:input=move |event| {
                            touched.set(true);
                            on_input.run(event_target_value(&event));
                        }
                        on:blur=move |_| touched.set(true)
                    />
                }
                .into_any()
            }}
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{move || hint.get()}</p> })}
            <p class="field__error" id=error_id.clone() data-testid=error_id>{move || shown_error.get()}</p>
        </div>
    }
}

/// A `<select>` over choices (value, label), with its error beneath; the same ids as
/// [`InputField`]. Values and labels are fixed texts (`&'static str`) or computed ones
/// (`String`: a client's name, an aging bucket).
#[component]
pub fn ChoiceField<V, L>(
    scope: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    /// The value chosen now.
    #[prop(into)]
    current: Signal<String>,
    /// The choices: (value, label), in the order shown.
    #[prop(into)]
    choices: Signal<Vec<(V, L)>>,
    /// Called with the value of the choice made.
    on_change: Callback<String>,
    /// The error (a value that came with a link and is not one of the choices, say).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// How wide the field is laid out (default: the column's width).
    #[prop(optional)]
    width: FieldWidth,
) -> impl IntoView
where
    V: AsRef<str> + Clone + Send + Sync + 'static,
    L: AsRef<str> + Clone + Send + Sync + 'static,
{
    let select_id = format!("{scope}-input-{name}");
    let error_id = format!("{scope}-error-{name}");
    view! {
        <div
            class="field"
            class:field--narrow=width == FieldWidth::Narrow
            class:field--invalid=move || error.with(Option::is_some)
        >
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
                            let selected = current == value.as_ref();
                            view! { <option value=value.as_ref().to_owned() selected=selected>{label.as_ref().to_owned()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field__error" id=error_id.clone() data-testid=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The wiring every form of raw text shares: the error of one field as a sentence, a
/// callback that changes one field of the draft, one field as typed.
pub mod wiring {
    use leptos::prelude::*;

    use crate::format;
    use crate::i18n::Describe;
    use crate::state::locale::use_locale;

    /// The error of field `name` in the form's reading `checked` (`pick`: the reading's
    /// per-field lookup), as a sentence in the user's language.
    pub fn error_sentence<C, E>(
        checked: Memo<C>,
        name: &'static str,
        pick: for<'a> fn(&'a C, &str) -> Option<&'a E>,
    ) -> Signal<Option<String>>
    where
        C: PartialEq + Send + Sync + 'static,
        E: Describe + 'static,
    {
        let locale = use_locale();
        Signal::derive(move || {
            let lang = locale.lang();
            checked.with(|checked| {
                pick(checked, name).map(|error| format::typography(&error.describe(lang), lang))
            })
        })
    }

    /// A callback that changes one field of `draft` with `update` and clears `save_error`.
    pub fn draft_setter<D: Send + Sync + 'static>(
        draft: RwSignal<D>,
        save_error: RwSignal<Option<String>>,
        update: fn(&mut D, String),
    ) -> Callback<String> {
        Callback::new(move |value: String| {
            save_error.set(None);
            draft.update(|draft| update(draft, value));
        })
    }

    /// One field of `draft`, as typed.
    pub fn draft_value<D: Send + Sync + 'static>(
        draft: RwSignal<D>,
        read: fn(&D) -> String,
    ) -> Signal<String> {
        Signal::derive(move || draft.with(read))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_untouched_field_shows_no_error() {
        assert!(!error_shows(false, "", false));
        assert!(!error_shows(false, "   ", false));
    }

    #[test]
    fn an_error_shows_once_typed_left_filled_or_submitted() {
        assert!(error_shows(true, "", false), "typed in, or left");
        assert!(error_shows(false, "1,500", false), "a value from a link");
        assert!(error_shows(false, "", true), "the form was submitted");
    }
}
