//! Settings → your letterhead: the user's identity on letters, each field with its label and
//! its error beside it. The parsing is `domain::letterhead_draft`; saving is
//! `state::settings` (the same tab-safe path as the other settings).

use leptos::prelude::*;

use crate::domain::letterhead_draft::{LetterheadDraft, LetterheadField};
use crate::i18n::Describe;
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::field::{InputField, InputKind};
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
                next.letterhead = letterhead;
                let edited = settings.save(next);
                outcome.set(Some(if edited.saved {
                    SaveOutcome::Saved(edited.notice)
                } else {
                    SaveOutcome::NotSaved
                }));
                let now = settings.get_untracked().letterhead;
                form.set(LetterheadDraft::of(&now));
                shown.set_value(now);
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
            <p class="rate-form__actions">
                <button type="submit" class="button" data-testid="letterhead-save">{move || texts.get().save_letterhead}</button>
                {move || outcome_view(outcome.get(), preferences_texts(locale.lang()), locale.lang(), "letterhead-outcome")}
            </p>
        </form>
    }
}
