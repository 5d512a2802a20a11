//! Settings → defaults: the currency, terms and penalty clause of a new invoice, and the
//! stop-work threshold. The decisions are in `defaults_model` (parsing) and `state::settings`
//! (saving, tabs); this component lays them out. Also the notices both settings sections
//! share: a stored record that cannot be read, a save refused, another tab's change.

use leptos::prelude::*;

use crate::domain::Currency;
use crate::domain::interest::RegimeId;
use crate::i18n::Describe;
use crate::state::locale::use_locale;
use crate::state::settings::{LoadSettingsError, Settings, TabNotice, use_settings};
use crate::ui::components::field::{ChoiceField, InputField, InputKind};
use crate::ui::settings::defaults_model::{DefaultsField, DefaultsForm, TERM_KINDS, penalty_ids};
use crate::ui::settings::preferences_texts::{PreferencesTexts, preferences_texts};

/// What the last save of a section did, to say beside its button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(Option<TabNotice>),
    NotSaved,
    Invalid,
}

impl SaveOutcome {
    /// What a save of the settings record answered.
    pub fn of(edited: crate::state::settings::Edited) -> SaveOutcome {
        if edited.saved {
            SaveOutcome::Saved(edited.notice)
        } else {
            SaveOutcome::NotSaved
        }
    }
}

/// The outcome of a save, beside the button that asked (a status; an alert when not saved).
pub fn outcome_view(
    outcome: Option<SaveOutcome>,
    texts: &'static PreferencesTexts,
    lang: crate::i18n::Lang,
    testid: &'static str,
) -> impl IntoView + use<> {
    outcome.map(|outcome| match outcome {
        SaveOutcome::Saved(None) => view! {
            <span class="rate-form__done" role="status" data-testid=testid data-outcome="saved">{texts.saved}</span>
        }
        .into_any(),
        SaveOutcome::Saved(Some(notice)) => {
            let conflict = matches!(notice, TabNotice::Conflicts(_));
            view! {
                <span
                    class=if conflict { "notice notice--error" } else { "notice" }
                    role=if conflict { "alert" } else { "status" }
                    data-testid=testid
                    data-outcome=if conflict { "conflict" } else { "applied-on-newer" }
                >
                    {notice.describe(lang)}
                </span>
            }
            .into_any()
        }
        SaveOutcome::NotSaved => view! {
            <span class="field__error" role="alert" data-testid=testid data-outcome="not-saved">{texts.not_saved_errors}</span>
        }
        .into_any(),
        SaveOutcome::Invalid => view! {
            <span class="field__error" role="alert" data-testid=testid data-outcome="invalid">{texts.not_saved_errors}</span>
        }
        .into_any(),
    })
}

/// The settings' record could not be read, or the last change is not saved: said once, above
/// both sections, with the way out (download the stored text; set it aside and start again).
#[component]
pub fn SettingsProblems(settings: Settings) -> impl IntoView {
    let locale = use_locale();
    let texts = move || preferences_texts(locale.lang());
    let confirming = RwSignal::new(false);
    let outcome: RwSignal<Option<Result<String, ()>>> = RwSignal::new(None);
    let download_failed = RwSignal::new(false);
    view! {
        {move || outcome.get().map(|result| match result {
            Ok(key) => view! {
                <p class="notice notice--warn" data-testid="settings-reset-done">{texts().afresh_done} " " <code>{key}</code></p>
            }.into_any(),
            Err(()) => view! { <p class="notice notice--error">{texts().afresh_failed}</p> }.into_any(),
        })}
        {move || settings.load_error().map(|error| {
            let unreadable = matches!(error, LoadSettingsError::Unreadable { .. });
            view! {
                <div class="notice notice--error" role="alert" data-testid="settings-load-error">
                    <p>{error.describe(locale.lang())}</p>
                    {unreadable.then(|| view! {
                        <p class="rates-load-error__actions">
                            <button type="button" class="button button--secondary" data-testid="settings-download-stored"
                                on:click=move |_| download_failed.set(!settings.download_stored_text())>
                                {texts().load_problem_download}
                            </button>
                            <button type="button" class="button button--secondary" data-testid="settings-start-afresh"
                                on:click=move |_| confirming.set(true)>
                                {texts().load_problem_afresh}
                            </button>
                        </p>
                    })}
                    <Show when=move || download_failed.get()>
                        <p>{move || texts().download_failed}</p>
                    </Show>
                    <Show when=move || confirming.get() && unreadable>
                        <div class="rates-confirm">
                            <p>{move || texts().load_problem_question}</p>
                            <button type="button" class="button" data-testid="settings-start-afresh-confirm"
                                on:click=move |_| {
                                    confirming.set(false);
                                    outcome.set(Some(settings.start_afresh().map_err(|_| ())));
                                }>
                                {move || texts().load_problem_confirm}
                            </button>
                            " "
                            <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>
                                {move || texts().cancel}
                            </button>
                        </div>
                    </Show>
                </div>
            }
        })}
        {move || settings.save_problem().map(|problem| view! {
            <p class="notice notice--error" role="alert" data-testid="settings-save-error">{problem.describe(locale.lang())}</p>
        })}
    }
}

/// The penalty regime's name in the list.
fn regime_name(
    id: &'static str,
    texts: &'static PreferencesTexts,
    lang: crate::i18n::Lang,
) -> &'static str {
    RegimeId::from_id(id).map_or(texts.penalty_none, |regime| regime.name(lang))
}

#[component]
pub fn DefaultsSection() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let texts = Signal::derive(move || preferences_texts(locale.lang()));
    let form = RwSignal::new(DefaultsForm::of(&settings.get_untracked()));
    // The settings the form shows, as they were when it was filled: when they change
    // elsewhere (a restored backup, another tab) while nothing is typed here, the form shows
    // the new ones; what is typed is never replaced.
    let shown = StoredValue::new(settings.get_untracked());
    Effect::new(move |_| {
        let now = settings.get();
        let pristine =
            shown.with_value(|shown| form.with_untracked(|form| *form == DefaultsForm::of(shown)));
        if pristine && shown.with_value(|shown| *shown != now) {
            form.set(DefaultsForm::of(&now));
        }
        if pristine {
            shown.set_value(now);
        }
    });
    let submitted = RwSignal::new(false);
    let outcome: RwSignal<Option<SaveOutcome>> = RwSignal::new(None);
    let checked =
        Memo::new(move |_| form.with(|form| settings.with(|current| form.apply(current))));
    let error_of = move |field: DefaultsField| {
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
    let edit = move |update: fn(&mut DefaultsForm, String)| {
        Callback::new(move |value: String| {
            form.update(|form| update(form, value));
            outcome.set(None);
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        match checked.get_untracked() {
            Ok(chosen) => {
                let edited = settings.save(chosen);
                outcome.set(Some(SaveOutcome::of(edited)));
                form.set(DefaultsForm::of(&settings.get_untracked()));
                shown.set_value(settings.get_untracked());
                submitted.set(false);
            }
            Err(_) => outcome.set(Some(SaveOutcome::Invalid)),
        }
    };
    view! {
        <form class="card settings__defaults" aria-labelledby="settings-defaults-title" data-testid="settings-defaults" on:submit=submit novalidate>
            <h2 id="settings-defaults-title">{move || texts.get().defaults_title}</h2>
            <p class="field__hint">{move || texts.get().defaults_intro}</p>
            <div class="field-row">
                <ChoiceField
                    scope="defaults"
                    name=DefaultsField::Currency.id()
                    label=Signal::derive(move || texts.get().currency)
                    current=Signal::derive(move || form.with(|form| form.currency.clone()))
                    choices=Signal::derive(|| Currency::ALL.into_iter().map(|currency| (currency.code(), currency.code())).collect::<Vec<_>>())
                    on_change=edit(|form, value| form.currency = value)
                    error=error_of(DefaultsField::Currency)
                />
                <ChoiceField
                    scope="defaults"
                    name=DefaultsField::TermsKind.id()
                    label=Signal::derive(move || texts.get().terms_kind)
                    current=Signal::derive(move || form.with(|form| form.terms_kind.clone()))
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        TERM_KINDS
                            .into_iter()
                            .map(|kind| (kind, match kind {
                                "on-receipt" => texts.terms_on_receipt,
                                "net" => texts.terms_net,
                                "days-end-of-month" => texts.terms_days_end_of_month,
                                _ => texts.terms_end_of_month_days,
                            }))
                            .collect::<Vec<_>>()
                    })
                    on_change=edit(|form, value| form.terms_kind = value)
                    error=error_of(DefaultsField::TermsKind)
                />
                <Show when=move || form.with(DefaultsForm::has_days)>
                    <InputField
                        scope="defaults"
                        name=DefaultsField::TermsDays.id()
                        kind=InputKind::Decimal
                        label=Signal::derive(move || texts.get().terms_days)
                        hint=Signal::derive(move || texts.get().terms_days_hint)
                        value=Signal::derive(move || form.with(|form| form.terms_days.clone()))
                        on_input=edit(|form, value| form.terms_days = value)
                        error=error_of(DefaultsField::TermsDays)
                        submitted=submitted
                    />
                </Show>
            </div>
            <ChoiceField
                scope="defaults"
                name=DefaultsField::Penalty.id()
                label=Signal::derive(move || texts.get().penalty)
                current=Signal::derive(move || form.with(|form| form.penalty.regime.clone()))
                choices=Signal::derive(move || {
                    let (lang, texts) = (locale.lang(), texts.get());
                    penalty_ids().into_iter().map(|id| (id, regime_name(id, texts, lang))).collect::<Vec<_>>()
                })
                on_change=edit(|form, value| form.penalty.regime = value)
                error=error_of(DefaultsField::Penalty)
            />
            <p class="field__hint">{move || texts.get().penalty_hint}</p>
            <div class="field-row">
                <Show when=move || form.with(DefaultsForm::has_rate)>
                    <InputField
                        scope="defaults"
                        name=DefaultsField::PenaltyRate.id()
                        kind=InputKind::Decimal
                        label=Signal::derive(move || texts.get().penalty_rate)
                        value=Signal::derive(move || form.with(|form| form.penalty.annual_rate_percent.clone()))
                        on_input=edit(|form, value| form.penalty.annual_rate_percent = value)
                        error=error_of(DefaultsField::PenaltyRate)
                        submitted=submitted
                    />
                </Show>
                <Show when=move || form.with(DefaultsForm::has_fixed)>
                    <InputField
                        scope="defaults"
                        name=DefaultsField::PenaltyFixed.id()
                        kind=InputKind::Decimal
                        label=Signal::derive(move || texts.get().penalty_fixed)
                        hint=Signal::derive(move || texts.get().penalty_fixed_hint)
                        value=Signal::derive(move || form.with(|form| form.penalty.fixed_compensation.clone()))
                        on_input=edit(|form, value| form.penalty.fixed_compensation = value)
                        error=error_of(DefaultsField::PenaltyFixed)
                        submitted=submitted
                    />
                </Show>
            </div>
            <InputField
                scope="defaults"
                name=DefaultsField::StopWork.id()
                kind=InputKind::Decimal
                label=Signal::derive(move || texts.get().stop_work)
                hint=Signal::derive(move || texts.get().stop_work_hint)
                value=Signal::derive(move || form.with(|form| form.stop_work.clone()))
                on_input=edit(|form, value| form.stop_work = value)
                error=error_of(DefaultsField::StopWork)
                submitted=submitted
            />
            <p class="rate-form__actions">
                <button type="submit" class="button" data-testid="defaults-save">{move || texts.get().save_defaults}</button>
                {move || outcome_view(outcome.get(), texts.get(), locale.lang(), "defaults-outcome")}
            </p>
        </form>
    }
}
