//! Settings → letter templates: pick a letter, a language and a tone; edit its subject and
//! body with the error beside the field that has it; see the letter it makes with sample
//! books; restore the default (with an undo). The decisions are in `letters_model`; saving is
//! `state::settings` (tab-safe, as the other settings).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::letter::{Block, LetterKind, Template, TemplateKey, Tone};
use crate::i18n::{Describe, Lang};
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::field::ChoiceField;
use crate::ui::settings::defaults_section::{SaveOutcome, outcome_view};
use crate::ui::settings::letters_model::{
    TemplateField, TemplateStatus, error_of, kind_of, lang_code, lang_of, placeholders, preview,
    sample_books, sample_facts, shown, status, undo_default, unsaved, with_default, with_template,
};
use crate::ui::settings::letters_texts::letters_texts;
use crate::ui::settings::preferences_texts::preferences_texts;

#[component]
pub fn TemplatesSection(today: NaiveDate) -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let texts = Signal::derive(move || letters_texts(locale.lang()));
    let kind = RwSignal::new(LetterKind::ALL[1]);
    let lang = RwSignal::new(locale.lang_untracked());
    let tone = RwSignal::new(Tone::Firm);
    let key = Memo::new(move |_| TemplateKey::new(kind.get(), lang.get(), tone.get()));
    // What is typed and not saved, per template: switching letters loses nothing.
    let drafts: RwSignal<BTreeMap<TemplateKey, Template>> = RwSignal::new(BTreeMap::new());
    let outcome: RwSignal<Option<SaveOutcome>> = RwSignal::new(None);
    // The words a restore replaced, for its undo.
    let undo: RwSignal<Option<(TemplateKey, Template)>> = RwSignal::new(None);
    let current = Memo::new(move |_| {
        let key = key.get();
        drafts.with(|drafts| settings.with(|settings| shown(settings, drafts, key)))
    });
    let template_status = Memo::new(move |_| {
        let key = key.get();
        settings.with(|settings| status(settings, key))
    });
    let error = Memo::new(move |_| current.with(error_of));
    let error_at = move |field: TemplateField| {
        Signal::derive(move || {
            error.with(|error| match error {
                Some((at, error)) if *at == field => Some(error.describe(locale.lang())),
                _ => None,
            })
        })
    };
    let books = StoredValue::new(sample_books(today));
    let facts = Memo::new(move |_| {
        let (kind, tone) = (kind.get(), tone.get());
        let policy = settings.with(|settings| settings.ladder.clone());
        books.with_value(|books| {
            books
                .as_ref()
                .and_then(|books| sample_facts(books, &policy, kind, tone, today))
        })
    });
    let letter = Memo::new(move |_| {
        let sender = settings.with(|settings| settings.letterhead.clone());
        facts.with(|facts| {
            current.with(|template| preview(facts.as_ref(), &sender, template, lang.get()))
        })
    });
    let edit = move |update: fn(&mut Template, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            let key = key.get_untracked();
            let mut template = current.get_untracked();
            update(&mut template, value);
            drafts.update(|drafts| {
                drafts.insert(key, template);
            });
            outcome.set(None);
            undo.set(None);
        }
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let key = key.get_untracked();
        let template = current.get_untracked();
        match with_template(&settings.get_untracked(), key, template) {
            Ok(next) => {
                let edited = settings.save(next);
                if edited.saved {
                    drafts.update(|drafts| {
                        drafts.remove(&key);
                    });
                }
                outcome.set(Some(SaveOutcome::of(edited)));
            }
            Err(_) => outcome.set(Some(SaveOutcome::Invalid)),
        }
    };
    let restore = move |_| {
        let key = key.get_untracked();
        let (next, previous) = with_default(&settings.get_untracked(), key);
        let edited = settings.save(next);
        drafts.update(|drafts| {
            drafts.remove(&key);
        });
        outcome.set(if edited.saved {
            None
        } else {
            Some(SaveOutcome::NotSaved)
        });
        undo.set(previous.map(|previous| (key, previous)));
    };
    let undo_restore = move |_| {
        if let Some((key, previous)) = undo.get_untracked() {
            let next = undo_default(&settings.get_untracked(), key, previous);
            let edited = settings.save(next);
            outcome.set(Some(SaveOutcome::of(edited)));
            undo.set(None);
        }
    };
    let kind_choices = Signal::derive(move || {
        let (ui, texts) = (locale.lang(), texts.get());
        let (lang, tone) = (lang.get(), tone.get());
        settings.with(|settings| {
            LetterKind::ALL
                .into_iter()
                .map(|kind| {
                    let name = kind.name(ui);
                    let label = match status(settings, TemplateKey::new(kind, lang, tone)) {
                        TemplateStatus::Default => name.to_string(),
                        _ => format!("{name} ({})", texts.changed_mark),
                    };
                    (kind.code(), label)
                })
                .collect::<Vec<_>>()
        })
    });
    let status_line = move || {
        let texts = texts.get();
        let status = template_status.get();
        let (class, said) = match &status {
            TemplateStatus::Default => ("field__hint", texts.status_default),
            TemplateStatus::Changed => ("field__hint", texts.status_changed),
            TemplateStatus::Kept(_) => ("notice notice--warn", texts.status_kept),
        };
        let unsaved_now =
            drafts.with(|drafts| settings.with(|settings| unsaved(settings, drafts, key.get())));
        view! {
            <p class=class data-testid="template-status" data-status=status.id()>
                {matches!(status, TemplateStatus::Changed).then(|| view! { <span class="badge">{texts.changed_mark}</span> " " })}
                {said}
                {unsaved_now.then(|| view! { " " <strong data-testid="template-unsaved">{texts.unsaved}</strong> })}
            </p>
        }
    };
    let subject_error = error_at(TemplateField::Subject);
    let body_error = error_at(TemplateField::Body);
    view! {
        <section class="card settings__templates" aria-labelledby="settings-templates-title" data-testid="settings-templates">
            <h2 id="settings-templates-title">{move || texts.get().templates_title}</h2>
            <p class="field__hint">{move || texts.get().templates_intro}</p>
            <div class="field-row">
                <ChoiceField
                    scope="templates"
                    name="kind"
                    label=Signal::derive(move || texts.get().kind)
                    current=Signal::derive(move || kind.get().code().to_string())
                    choices=kind_choices
                    on_change=Callback::new(move |value: String| {
                        if let Some(chosen) = kind_of(&value) {
                            kind.set(chosen);
                            outcome.set(None);
                            undo.set(None);
                        }
                    })
                    error=Signal::derive(|| None::<String>)
                />
                <ChoiceField
                    scope="templates"
                    name="lang"
                    label=Signal::derive(move || texts.get().lang)
                    current=Signal::derive(move || lang_code(lang.get()).to_string())
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![(lang_code(Lang::Fr), texts.french), (lang_code(Lang::En), texts.english)]
                    })
                    on_change=Callback::new(move |value: String| {
                        if let Some(chosen) = lang_of(&value) {
                            lang.set(chosen);
                            outcome.set(None);
                            undo.set(None);
                        }
                    })
                    error=Signal::derive(|| None::<String>)
                />
                <ChoiceField
                    scope="templates"
                    name="tone"
                    label=Signal::derive(move || texts.get().tone)
                    current=Signal::derive(move || tone.get().code().to_string())
                    choices=Signal::derive(move || {
                        let ui = locale.lang();
                        Tone::ALL.into_iter().map(|tone| (tone.code(), tone.name(ui))).collect::<Vec<_>>()
                    })
                    on_change=Callback::new(move |value: String| {
                        if let Some(chosen) = Tone::from_code(&value) {
                            tone.set(chosen);
                            outcome.set(None);
                            undo.set(None);
                        }
                    })
                    error=Signal::derive(|| None::<String>)
                />
            </div>
            {status_line}
            <div class="templates-layout">
                <form class="templates-layout__editor" data-testid="template-form" on:submit=save novalidate>
                    <div class="field" class:field--invalid=move || subject_error.with(Option::is_some)>
                        <label for="templates-input-subject">{move || texts.get().subject}</label>
                        <input
                            id="templates-input-subject"
                            type="text"
                            autocomplete="off"
                            spellcheck="true"
                            data-testid="templates-input-subject"
                            prop:value=move || current.with(|template| template.subject.clone())
                            aria-invalid=move || subject_error.with(Option::is_some).to_string()
                            aria-describedby="templates-error-subject"
                            on:input=edit(|template, value| template.subject = value)
                        />
                        <p class="field__error" id="templates-error-subject" data-testid="templates-error-subject">{move || subject_error.get()}</p>
                    </div>
                    <div class="field" class:field--invalid=move || body_error.with(Option::is_some)>
                        <label for="templates-input-body">{move || texts.get().body}</label>
                        <textarea
                            id="templates-input-body"
                            class="templates-layout__body"
                            rows="16"
                            spellcheck="true"
                            data-testid="templates-input-body"
                            prop:value=move || current.with(|template| template.body.clone())
                            aria-invalid=move || body_error.with(Option::is_some).to_string()
                            aria-describedby="templates-hint-body templates-error-body"
                            on:input=edit(|template, value| template.body = value)
                        ></textarea>
                        <p class="field__hint" id="templates-hint-body">{move || texts.get().body_hint}</p>
                        <p class="field__error" id="templates-error-body" data-testid="templates-error-body" role="status">{move || body_error.get()}</p>
                    </div>
                    <p class="rate-form__actions">
                        <button type="submit" class="button" data-testid="template-save">{move || texts.get().save_template}</button>
                        <button
                            type="button"
                            class="button button--secondary"
                            data-testid="template-restore"
                            disabled=move || {
                                template_status.with(|status| *status == TemplateStatus::Default)
                                    && drafts.with(|drafts| !drafts.contains_key(&key.get()))
                            }
                            on:click=restore
                        >
                            {move || texts.get().restore}
                        </button>
                        {move || outcome_view(outcome.get(), preferences_texts(locale.lang()), locale.lang(), "template-outcome")}
                        {move || undo.get().map(|_| view! {
                            <span class="rate-form__done" role="status" data-testid="template-restored">
                                {texts.get().restored} " "
                                <button type="button" class="button button--secondary" data-testid="template-undo" on:click=undo_restore>
                                    {texts.get().undo}
                                </button>
                            </span>
                        })}
                    </p>
                </form>
                <section class="templates-layout__preview" aria-labelledby="templates-preview-title" data-testid="template-preview">
                    <h3 id="templates-preview-title">{move || texts.get().preview_title}</h3>
                    <p class="field__hint">{move || texts.get().preview_intro}</p>
                    {move || letter_view(letter.get(), texts.get())}
                </section>
            </div>
            <details class="templates-placeholders" data-testid="template-placeholders">
                <summary>{move || texts.get().placeholders_title}</summary>
                <p class="field__hint">{move || texts.get().placeholders_intro}</p>
                <dl>
                    {move || placeholders(locale.lang())
                        .into_iter()
                        .map(|(name, meaning)| view! { <dt><code>{name}</code></dt> <dd>{meaning}</dd> })
                        .collect_view()}
                </dl>
            </details>
        </section>
    }
}

/// The preview: the letter's subject and body as text, or nothing while the template has an
/// error (said beside its field).
fn letter_view(
    letter: Result<Option<crate::domain::letter::Letter>, crate::domain::letter::TemplateError>,
    texts: &'static crate::ui::settings::letters_texts::LettersTexts,
) -> impl IntoView + use<> {
    match letter {
        Err(_) => Some(
            view! { <p class="field__error" data-testid="template-not-valid">{texts.template_not_valid}</p> }
                .into_any(),
        ),
        Ok(None) => Some(
            view! { <p data-testid="template-preview-none">{texts.preview_none}</p> }.into_any(),
        ),
        Ok(Some(letter)) => {
            let blocks = letter
                .blocks
                .into_iter()
                .map(|block| match block {
                    Block::Paragraph(text) => {
                        let lines = text
                            .split('\n')
                            .map(|line| view! { {line.to_string()} <br/> })
                            .collect_view();
                        view! { <p>{lines}</p> }.into_any()
                    }
                    Block::Table(table) => {
                        let head = table.columns.into_iter().map(|column| view! { <th scope="col">{column}</th> }).collect_view();
                        let rows = table
                            .rows
                            .into_iter()
                            .map(|row| view! { <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> })
                            .collect_view();
                        let total = table.total.map(|row| view! { <tr class="letter-preview__total">{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> });
                        view! {
                            <div class="table-scroll" tabindex="0" role="region" aria-label=texts.preview_table>
                                <table class="letter-preview__table"><thead><tr>{head}</tr></thead><tbody>{rows}{total}</tbody></table>
                            </div>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            Some(view! {
                <div class="letter-preview" data-testid="template-preview-letter">
                    <p class="letter-preview__date">{letter.date_line}</p>
                    {letter.mention.map(|mention| view! { <p class="letter-preview__mention">{mention}</p> })}
                    <p class="letter-preview__subject" data-testid="template-preview-subject">
                        <strong>{texts.preview_subject} " " {letter.subject}</strong>
                    </p>
                    {blocks}
                </div>
            }
            .into_any())
        }
    }
}
