//! Settings → your letterhead: the user's identity on letters, each field with its label and
//! its error beside it. The parsing is `domain::letterhead_draft`; saving is
//! `state::settings` (the same tab-safe path as the other settings). The logo is read from the
//! chosen file as bytes and checked by `domain::logo::Logo::from_file` (PNG or JPEG, size);
//! it is saved with the rest of the letterhead.

use leptos::prelude::*;

use crate::domain::letterhead_draft::{LetterheadDraft, LetterheadField};
use crate::domain::logo::Logo;
use crate::i18n::Describe;
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::field::{InputField, InputKind};
use crate::ui::components::file_text::read_chosen_file_bytes;
use crate::ui::settings::defaults_section::{SaveOutcome, outcome_view};
use crate::ui::settings::letters_texts::letters_texts;
use crate::ui::settings::preferences_texts::preferences_texts;

#[component]
pub fn LetterheadSection() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let texts = Signal::derive(move || letters_texts(locale.lang()));
    let form = RwSignal::new(LetterheadDraft::of(&settings.get_untracked().letterhead));
    // As the defaults: a letterhead changed elsewhere (a restored backup, another tab) shows
    // here while nothing is typed; what is typed is never replaced.
    let shown = StoredValue::new(settings.get_untracked().letterhead);
    Effect::new(move |_| {
        let now = settings.with(|settings| settings.letterhead.clone());
        let pristine = shown
            .with_value(|shown| form.with_untracked(|form| *form == LetterheadDraft::of(shown)));
        if pristine && shown.with_value(|shown| *shown != now) {
            form.set(LetterheadDraft::of(&now));
        }
        if pristine {
            shown.set_value(now);
        }
    });
    // Why the last file chosen as logo was refused (the sentence), if it was.
    let logo_error: RwSignal<Option<String>> = RwSignal::new(None);
    // The stored logo that no longer checks is let go on saving (removed or replaced).
    let drop_kept = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let outcome: RwSignal<Option<SaveOutcome>> = RwSignal::new(None);
    let checked = Memo::new(move |_| form.with(LetterheadDraft::parse));
    let error_of = move |field: LetterheadField| {
        Signal::derive(move || {
            checked.with(|checked| match checked {
                Ok(_) => None,
                Err(errors) => errors
                    .iter()
                    .find(|(at, _)| *at == field)
                    .map(|(_, error)| error.describe(locale.lang())),
            })
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        match checked.get_untracked() {
            Ok(letterhead) => {
                let mut next = settings.get_untracked();
                if letterhead.logo.is_some() || drop_kept.get_untracked() {
                    next.kept_logo = None;
                }
                next.letterhead = letterhead;
                let edited = settings.save(next);
                outcome.set(Some(SaveOutcome::of(edited)));
                let now = settings.get_untracked().letterhead;
                form.set(LetterheadDraft::of(&now));
                shown.set_value(now);
                drop_kept.set(false);
                logo_error.set(None);
                submitted.set(false);
            }
            Err(_) => outcome.set(Some(SaveOutcome::Invalid)),
        }
    };
    let field = move |field: LetterheadField| {
        let kind = if field == LetterheadField::Address {
            InputKind::MultiLine
        } else {
            InputKind::Text
        };
        let label = Signal::derive(move || texts.get().field(field));
        let value = Signal::derive(move || form.with(|form| form.get(field).to_string()));
        let on_input = Callback::new(move |value: String| {
            form.update(|form| form.set(field, value));
            outcome.set(None);
        });
        if texts.get_untracked().hint(field).is_some() {
            let hint = Signal::derive(move || texts.get().hint(field).unwrap_or_default());
            view! {
                <InputField scope="letterhead" name=field.id() kind=kind label=label hint=hint value=value
                    on_input=on_input error=error_of(field) submitted=submitted/>
            }
            .into_any()
        } else {
            view! {
                <InputField scope="letterhead" name=field.id() kind=kind label=label value=value
                    on_input=on_input error=error_of(field) submitted=submitted/>
            }
            .into_any()
        }
    };
    let choose_logo = move |event: leptos::ev::Event| {
        outcome.set(None);
        read_chosen_file_bytes(&event, move |file| {
            let lang = locale.lang_untracked();
            match file.map(|(bytes, declared)| Logo::from_file(&bytes, &declared)) {
                Some(Ok(logo)) => {
                    form.update(|form| form.logo = Some(logo));
                    logo_error.set(None);
                }
                Some(Err(error)) => logo_error.set(Some(error.describe(lang))),
                None => logo_error.set(Some(texts.get_untracked().logo_unread.to_string())),
            }
        });
        // The same file may be chosen again (after removing it).
        if let Some(target) = event.target() {
            let _ = js_sys::Reflect::set(&target, &"value".into(), &"".into());
        }
    };
    let remove_logo = move |_| {
        form.update(|form| form.logo = None);
        drop_kept.set(true);
        logo_error.set(None);
        outcome.set(None);
    };
    // The stored logo that does not check, while it is neither replaced nor removed.
    let kept = move || {
        if drop_kept.get() || form.with(|form| form.logo.is_some()) {
            return None;
        }
        settings.with(|settings| settings.kept_logo.as_ref().map(|kept| kept.error.clone()))
    };
    let logo_message = move || {
        logo_error.get().or_else(|| {
            kept().map(|error| {
                let texts = texts.get();
                format!(
                    "{} {} {}",
                    texts.logo_kept,
                    error.describe(locale.lang()),
                    texts.logo_kept_then
                )
            })
        })
    };
    let logo_field = view! {
        <div class="field" class:field--invalid=move || logo_message().is_some() data-testid="letterhead-logo">
            <label for="letterhead-input-logo">{move || texts.get().logo}</label>
            <p class="field__hint" id="letterhead-logo-hint">{move || texts.get().logo_hint}</p>
            {move || match form.with(|form| form.logo.as_ref().map(|logo| logo.data_url().to_string())) {
                Some(url) => view! {
                    <img class="settings__logo-preview" src=url alt=move || texts.get().logo_preview/>
                }.into_any(),
                None => view! { <p>{move || texts.get().logo_none}</p> }.into_any(),
            }}
            <input id="letterhead-input-logo" type="file" accept="image/png,image/jpeg"
                aria-invalid=move || logo_message().is_some().then_some("true")
                aria-describedby="letterhead-logo-hint letterhead-logo-error" on:change=choose_logo/>
            <Show when=move || form.with(|form| form.logo.is_some()) || kept().is_some()>
                <p class="button-row">
                    <button type="button" class="button button--secondary" on:click=remove_logo>
                        {move || texts.get().remove_logo}
                    </button>
                </p>
            </Show>
            <p class="field__error" id="letterhead-logo-error">{logo_message}</p>
        </div>
    };
    view! {
        <form class="card settings__letterhead" aria-labelledby="settings-letterhead-title" data-testid="settings-letterhead" on:submit=submit novalidate>
            <h2 id="settings-letterhead-title">{move || texts.get().letterhead_title}</h2>
            <p class="field__hint">{move || texts.get().letterhead_intro}</p>
            <div class="field-row">
                {field(LetterheadField::Name)}
                {field(LetterheadField::TradeName)}
            </div>
            {field(LetterheadField::Address)}
            <div class="field-row">
                {field(LetterheadField::Siren)}
                {field(LetterheadField::Vat)}
            </div>
            <div class="field-row">
                {field(LetterheadField::Iban)}
                {field(LetterheadField::Bic)}
            </div>
            <div class="field-row">
                {field(LetterheadField::Email)}
                {field(LetterheadField::Phone)}
            </div>
            {logo_field}
            <p class="rate-form__actions">
                <button type="submit" class="button" data-testid="letterhead-save">{move || texts.get().save_letterhead}</button>
                {move || outcome_view(outcome.get(), preferences_texts(locale.lang()), locale.lang(), "letterhead-outcome")}
            </p>
        </form>
    }
}
