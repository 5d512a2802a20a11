//! Settings → dunning ladder and aging buckets: a row editor (one group per step: its kind,
//! days and channel, each labelled; move up / down and remove buttons), add a step, restore
//! the default, the bounds field, and save. The decisions are in `ladder_model`; a ladder the
//! domain refuses shows its error beside the row at fault and is never saved.

use leptos::prelude::*;

use crate::domain::{Channel, StepKind};
use crate::i18n::Describe;
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::field::{InputField, InputKind};
use crate::ui::settings::defaults_section::{SaveOutcome, outcome_view};
use crate::ui::settings::ladder_model::{LadderForm, LadderSpot};
use crate::ui::settings::preferences_texts::preferences_texts;

#[component]
pub fn LadderSection() -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let texts = Signal::derive(move || preferences_texts(locale.lang()));
    let form = RwSignal::new(LadderForm::of(&settings.get_untracked()));
    // The settings the form shows, as they were when it was filled: when they change
    // elsewhere (a restored backup, another tab) while nothing is typed here, the form shows
    // the new ones; what is typed is never replaced.
    let shown = StoredValue::new(settings.get_untracked());
    Effect::new(move |_| {
        let now = settings.get();
        let pristine =
            shown.with_value(|shown| form.with_untracked(|form| *form == LadderForm::of(shown)));
        if pristine && shown.with_value(|shown| *shown != now) {
            form.set(LadderForm::of(&now));
        }
        if pristine {
            shown.set_value(now);
        }
    });
    let submitted = RwSignal::new(false);
    // The rows' errors show once a row was changed and left, or a step added, moved, removed.
    let rows_touched = RwSignal::new(false);
    let outcome: RwSignal<Option<SaveOutcome>> = RwSignal::new(None);
    let checked =
        Memo::new(move |_| form.with(|form| settings.with(|current| form.apply(current))));
    let error_at = move |spot: LadderSpot| {
        checked.with(|checked| match checked {
            Ok(_) => None,
            Err(errors) => errors
                .iter()
                .find(|(at, _)| *at == spot)
                .map(|(_, error)| error.describe(locale.lang())),
        })
    };
    let change = move |update: Box<dyn FnOnce(&mut LadderForm)>| {
        form.update(|form| update(form));
        outcome.set(None);
    };
    let command = move |update: fn(&mut LadderForm, usize), index: usize| {
        change(Box::new(move |form| update(form, index)));
        rows_touched.set(true);
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        rows_touched.set(true);
        match checked.get_untracked() {
            Ok(chosen) => {
                let edited = settings.save(chosen);
                outcome.set(Some(SaveOutcome::of(edited)));
                form.set(LadderForm::of(&settings.get_untracked()));
                shown.set_value(settings.get_untracked());
                submitted.set(false);
                rows_touched.set(false);
            }
            Err(_) => outcome.set(Some(SaveOutcome::Invalid)),
        }
    };
    let row_view = move |index: usize| {
        let number = index + 1;
        let kind_id = format!("ladder-input-kind-{number}");
        let days_id = format!("ladder-input-days-{number}");
        let channel_id = format!("ladder-input-channel-{number}");
        let days_error_id = format!("ladder-error-days-{number}");
        let kind_error_id = format!("ladder-error-kind-{number}");
        let row = move || form.with(|form| form.rows.get(index).cloned());
        let days_error = Memo::new(move |_| {
            if rows_touched.get() {
                error_at(LadderSpot::Days(index))
            } else {
                None
            }
        });
        let kind_error = Memo::new(move |_| {
            if rows_touched.get() {
                error_at(LadderSpot::Kind(index))
            } else {
                None
            }
        });
        let step_name = move || {
            row()
                .map(|row| row.kind.describe(locale.lang()))
                .unwrap_or_default()
        };
        let last = move || form.with(|form| index + 1 >= form.rows.len());
        // "Move up: formal notice": the visible words first, then the step they move.
        let named = move |action: &'static str| match locale.lang() {
            crate::i18n::Lang::Fr => format!("{action}\u{a0}: {}", step_name()),
            crate::i18n::Lang::En => format!("{action}: {}", step_name()),
        };
        view! {
            <li class="ladder-step" data-testid="ladder-step" data-kind=move || row().map(|row| row.kind.code())>
                <fieldset class="ladder-step__group">
                    <legend>{move || texts.get().step_number} " " {number}</legend>
                    <div class="ladder-step__fields">
                        <div class="field" class:field--invalid=move || kind_error.with(Option::is_some)>
                            <label for=kind_id.clone()>{move || texts.get().step_kind}</label>
                            <select
                                id=kind_id.clone()
                                aria-invalid=move || kind_error.with(Option::is_some).then_some("true")
                                aria-describedby=move || kind_error.with(Option::is_some).then(|| kind_error_id.clone())
                                on:change=move |event| {
                                    let chosen = StepKind::from_code(&event_target_value(&event));
                                    change(Box::new(move |form| {
                                        if let (Some(kind), Some(row)) = (chosen, form.rows.get_mut(index)) {
                                            row.kind = kind;
                                        }
                                    }));
                                    rows_touched.set(true);
                                }
                            >
                                {move || {
                                    let lang = locale.lang();
                                    let current = row().map(|row| row.kind);
                                    StepKind::ALL
                                        .into_iter()
                                        .map(|kind| view! {
                                            <option value=kind.code() selected=current == Some(kind)>{kind.describe(lang)}</option>
                                        })
                                        .collect_view()
                                }}
                            </select>
                            {move || kind_error.get().map(|error| view! {
                                <p class="field__error" id=format!("ladder-error-kind-{number}")>{error}</p>
                            })}
                        </div>
                        <div class="field field--narrow" class:field--invalid=move || days_error.with(Option::is_some)>
                            <label for=days_id.clone()>{move || texts.get().step_days}</label>
                            <input
                                id=days_id.clone()
                                type="text"
                                inputmode="numeric"
                                autocomplete="off"
                                aria-invalid=move || days_error.with(Option::is_some).then_some("true")
                                aria-describedby=move || days_error.with(Option::is_some).then(|| days_error_id.clone())
                                prop:value=move || row().map(|row| row.days).unwrap_or_default()
                                on:input=move |event| {
                                    let typed = event_target_value(&event);
                                    change(Box::new(move |form| {
                                        if let Some(row) = form.rows.get_mut(index) {
                                            row.days = typed;
                                        }
                                    }));
                                }
                                on:change=move |_| rows_touched.set(true)
                            />
                            {move || days_error.get().map(|error| view! {
                                <p class="field__error" id=format!("ladder-error-days-{number}") data-testid="ladder-days-error">{error}</p>
                            })}
                        </div>
                        <div class="field">
                            <label for=channel_id.clone()>{move || texts.get().step_channel}</label>
                            <select
                                id=channel_id.clone()
                                on:change=move |event| {
                                    let chosen = Channel::from_code(&event_target_value(&event));
                                    change(Box::new(move |form| {
                                        if let (Some(channel), Some(row)) = (chosen, form.rows.get_mut(index)) {
                                            row.channel = channel;
                                        }
                                    }));
                                }
                            >
                                {move || {
                                    let lang = locale.lang();
                                    let current = row().map(|row| row.channel);
                                    Channel::ALL
                                        .into_iter()
                                        .map(|channel| view! {
                                            <option value=channel.code() selected=current == Some(channel)>{channel.describe(lang)}</option>
                                        })
                                        .collect_view()
                                }}
                            </select>
                        </div>
                    </div>
                    <p class="ladder-step__actions">
                        <button
                            type="button"
                            class="button button--secondary"
                            disabled=move || index == 0
                            aria-label=move || named(texts.get().move_up)
                            on:click=move |_| command(LadderForm::move_up, index)
                        >
                            "↑ " {move || texts.get().move_up}
                        </button>
                        <button
                            type="button"
                            class="button button--secondary"
                            disabled=last
                            aria-label=move || named(texts.get().move_down)
                            on:click=move |_| command(LadderForm::move_down, index)
                        >
                            "↓ " {move || texts.get().move_down}
                        </button>
                        <button
                            type="button"
                            class="button button--secondary"
                            aria-label=move || named(texts.get().remove_step)
                            on:click=move |_| command(LadderForm::remove, index)
                        >
                            {move || texts.get().remove_step}
                        </button>
                    </p>
                </fieldset>
            </li>
        }
    };
    view! {
        <form class="card settings__ladder" aria-labelledby="settings-ladder-title" data-testid="settings-ladder" on:submit=submit novalidate>
            <h2 id="settings-ladder-title">{move || texts.get().ladder_title}</h2>
            <p class="field__hint">{move || texts.get().ladder_intro}</p>
            <h3 id="settings-ladder-steps">{move || texts.get().ladder_steps}</h3>
            <p class="field__hint">{move || texts.get().reorder_hint}</p>
            <ol class="ladder" aria-labelledby="settings-ladder-steps">
                <For each=move || 0..form.with(|form| form.rows.len()) key=|index| *index let:index>
                    {row_view(index)}
                </For>
            </ol>
            {move || {
                if rows_touched.get() {
                    error_at(LadderSpot::Ladder)
                } else {
                    None
                }
                .map(|error| view! { <p class="field__error" role="alert" data-testid="ladder-error">{error}</p> })
            }}
            <p class="ladder__commands">
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="ladder-add"
                    disabled=move || !form.with(LadderForm::can_add)
                    on:click=move |_| command(|form, _| form.add(), 0)
                >
                    {move || texts.get().add_step}
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="ladder-restore"
                    on:click=move |_| command(|form, _| form.restore_default_ladder(), 0)
                >
                    {move || texts.get().restore_default}
                </button>
            </p>
            <Show when=move || !form.with(LadderForm::can_add)>
                <p class="field__hint">{move || texts.get().all_kinds_used}</p>
            </Show>
            <InputField
                scope="ladder"
                name="bounds"
                kind=InputKind::Text
                label=Signal::derive(move || texts.get().aging_bounds)
                hint=Signal::derive(move || texts.get().aging_hint)
                value=Signal::derive(move || form.with(|form| form.bounds.clone()))
                on_input=Callback::new(move |value: String| change(Box::new(move |form| form.bounds = value)))
                error=Signal::derive(move || error_at(LadderSpot::Bounds))
                submitted=submitted
            />
            <p class="rate-form__actions">
                <button type="submit" class="button" data-testid="ladder-save">{move || texts.get().save_ladder}</button>
                {move || outcome_view(outcome.get(), texts.get(), locale.lang(), "ladder-outcome")}
            </p>
        </form>
    }
}
