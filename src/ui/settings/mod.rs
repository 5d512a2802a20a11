//! Settings → Published rates: where the rate tables stand, which one does not cover today
//! yet and how to add it, the user's own rates (removable), a form to add one and a CSV import.
//!
//! Every decision is in `ui::settings::rates_form` (form parsing, gaps, statuses) and
//! `state::rates` (commands, saving); this component lays them out.

pub mod csv_section;
pub mod data_section;
pub mod data_texts;
pub mod defaults_model;
pub mod defaults_section;
pub mod encryption_section;
pub mod ladder_model;
pub mod ladder_section;
pub mod letterhead_section;
pub mod letters_model;
pub mod letters_texts;
pub mod preferences_texts;
pub mod rates_form;
pub mod rates_texts;
pub mod templates_section;

use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::interest::{ImportError, RateFile, RateTables, TableId, UserRate};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::locale::use_locale;
use crate::state::rates::LoadRatesError;
use crate::state::rates::{Rates, RatesNotice, TabNotice, use_rates};
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};
use crate::ui::components::file_picker::FilePicker;
use crate::ui::components::file_size::{FileProblem, too_large};
use crate::ui::settings::rates_form::{
    EntryStatus, Gap, MAX_RATES_FILE_BYTES, RateField, RateForm, RateFormError, TABLE_ORDER, gaps,
    known_through, rate_file_from_id, rate_file_id,
};
use crate::ui::settings::rates_texts::{RatesTexts, file_label, rates_texts};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let locale = use_locale();
    let rates = use_rates();
    let today = crate::clock::today();
    let texts = Signal::derive(move || rates_texts(locale.lang()));
    let form = RwSignal::new(RateForm::default());
    // What another tab did to the last change of the rates (here or in restoring a backup).
    let notice = RatesNotice(RwSignal::new(None));
    provide_context(notice);

    view! {
        <section class="page settings" data-testid="page-settings">
            <h1>{move || locale.texts().nav_settings}</h1>
            <p class="page__intro">{move || crate::ui::settings::data_texts::section_texts(locale.lang()).settings_intro}</p>
            <crate::ui::settings::defaults_section::SettingsProblems settings=crate::state::settings::use_settings()/>
            <div class="settings__preferences">
                <crate::ui::settings::defaults_section::DefaultsSection/>
                <crate::ui::settings::ladder_section::LadderSection/>
            </div>
            <crate::ui::settings::letterhead_section::LetterheadSection/>
            <crate::ui::settings::templates_section::TemplatesSection today=today/>
            <crate::ui::settings::csv_section::CsvSection/>
            <LoadProblem rates=rates texts=texts/>
            <section class="settings__rates" aria-labelledby="settings-rates-title">
                <h2 id="settings-rates-title">{move || texts.get().rates_title}</h2>
                <p class="page__intro">{move || texts.get().rates_intro}</p>
                <SaveProblem rates=rates/>
                <Gaps rates=rates form=form today=today texts=texts/>
                <div class="rates-layout">
                    <div class="rates-layout__main">
                        <UserRates rates=rates notice=notice texts=texts/>
                        <AddRateForm rates=rates notice=notice form=form texts=texts/>
                        <ImportRates rates=rates notice=notice texts=texts/>
                    </div>
                    <TablesOverview rates=rates today=today texts=texts/>
                </div>
            </section>
            <crate::ui::settings::data_section::DataSection/>
            <crate::ui::settings::encryption_section::EncryptionSection/>
            <EraseAllData/>
        </section>
    }
}

/// "Erase all data on this device", behind a confirmation. After erasing, the page reloads so
/// that nothing erased survives in memory either.
#[component]
fn EraseAllData() -> impl IntoView {
    let locale = use_locale();
    let failed = RwSignal::new(false);
    let erase = Callback::new(move |()| {
        if crate::state::device::erase_all() {
            let _ = window().location().reload();
        } else {
            failed.set(true);
        }
    });
    view! {
        <section class="card settings__erase" aria-labelledby="settings-erase-title" data-testid="erase-data">
            <h2 id="settings-erase-title">{move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_title}</h2>
            <p>{move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_intro}</p>
            <ConfirmedAction
                testid="erase"
                start=Signal::derive(move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_button)
                warning=Signal::derive(move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_confirm)
                confirm=Signal::derive(move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_confirm_button)
                cancel=Signal::derive(move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_cancel)
                on_confirm=erase
            />
            <Show when=move || failed.get()>
                <p class="field__error" role="alert">{move || crate::ui::settings::data_texts::section_texts(locale.lang()).erase_failed}</p>
            </Show>
        </section>
    }
}

/// The stored rates could not be loaded: say so, and offer the way out.
#[component]
fn LoadProblem(rates: Rates, #[prop(into)] texts: Signal<&'static RatesTexts>) -> impl IntoView {
    let locale = use_locale();
    let confirming = RwSignal::new(false);
    let outcome: RwSignal<Option<Result<String, ()>>> = RwSignal::new(None);
    let download_failed = RwSignal::new(false);
    view! {
        {move || {
            let done = outcome.get().map(|result| match result {
                Ok(key) => view! {
                    <p class="notice notice--warn" data-testid="rates-reset-done">
                        {texts.get().start_afresh_done} " " <code>{key}</code>
                    </p>
                }.into_any(),
                Err(()) => view! {
                    <p class="notice notice--error">{texts.get().start_afresh_failed}</p>
                }.into_any(),
            });
            let problem = rates.load_error().map(|error| {
                let unreadable = matches!(error, LoadRatesError::Unreadable { .. });
                view! {
                    <div class="notice notice--error rates-load-error" role="alert" data-testid="rates-load-error">
                        <p>{error.describe(locale.lang())}</p>
                        {unreadable.then(|| view! {
                            <p class="rates-load-error__actions">
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    data-testid="rates-download-stored"
                                    on:click=move |_| download_failed.set(!rates.download_stored_text())
                                >
                                    {texts.get().download_stored}
                                </button>
                                <button
                                    type="button"
                                    class="button button--secondary"
                                    data-testid="rates-start-afresh"
                                    on:click=move |_| confirming.set(true)
                                >
                                    {texts.get().start_afresh}
                                </button>
                            </p>
                        })}
                        <Show when=move || download_failed.get()>
                            <p>{move || texts.get().download_failed}</p>
                        </Show>
                        <Show when=move || confirming.get() && unreadable>
                            <div class="rates-confirm">
                                <p>{move || texts.get().start_afresh_question}</p>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="rates-start-afresh-confirm"
                                    on:click=move |_| {
                                        confirming.set(false);
                                        outcome.set(Some(rates.start_afresh().map_err(|_| ())));
                                    }
                                >
                                    {move || texts.get().start_afresh_confirm}
                                </button>
                                " "
                                <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>
                                    {move || texts.get().cancel}
                                </button>
                            </div>
                        </Show>
                    </div>
                }
            });
            view! { {done} {problem} }
        }}
    }
}

/// The last change is not saved, or the user's rates cannot be used: a persistent message.
#[component]
fn SaveProblem(rates: Rates) -> impl IntoView {
    let locale = use_locale();
    view! {
        {move || rates.save_problem().map(|problem| view! {
            <p class="notice notice--error" role="alert" data-testid="rates-save-error">
                {problem.describe(locale.lang())}
            </p>
        })}
        {move || rates.merge_error().map(|error| {
            let lang = locale.lang();
            view! {
                <p class="notice notice--error" role="alert" data-testid="rates-merge-error">
                    {rates_texts(lang).merge_error} " " {error.describe(lang)}
                </p>
            }
        })}
    }
}

/// Puts `table` and `from` in the form and moves the focus to the rate.
fn fill_form(form: RwSignal<RateForm>, table: TableId, from: NaiveDate) {
    form.update(|form| {
        form.table = table.id().to_string();
        form.from = from.to_string();
    });
    if let Some(input) = document()
        .get_element_by_id("rate-input-rate")
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}

/// What does not cover today yet, each with the way to add it.
#[component]
fn Gaps(
    rates: Rates,
    form: RwSignal<RateForm>,
    today: NaiveDate,
    #[prop(into)] texts: Signal<&'static RatesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let found: Memo<Vec<Gap>> =
        Memo::new(move |_| rates.tables().with(|tables| gaps(tables, today)));
    view! {
        {move || {
            let lang = locale.lang();
            let found = found.get();
            if found.is_empty() {
                return view! {
                    <p class="notice rates-up-to-date" data-testid="rate-gaps-none">{texts.get().up_to_date}</p>
                }.into_any();
            }
            let items = found
                .into_iter()
                .map(|gap| {
                    let (table, from) = (gap.table, gap.suggested_from);
                    view! {
                        <li class="rate-gap" data-testid="rate-gap" data-table=table.id()>
                            <p>{gap.describe(lang)}</p>
                            <button
                                type="button"
                                class="button button--secondary"
                                data-testid="rate-gap-fill"
                                on:click=move |_| fill_form(form, table, from)
                            >
                                {texts.get().gap_fill}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="notice notice--warn rate-gaps" data-testid="rate-gaps">
                    <h3>{texts.get().gaps_title}</h3>
                    <ul>{items}</ul>
                </div>
            }.into_any()
        }}
    }
}

/// The status badge of an entry.
fn status_badge(status: EntryStatus, texts: &'static RatesTexts) -> impl IntoView {
    view! {
        <span class=format!("badge rate-status rate-status--{}", status.id()) data-status=status.id()>
            {texts.status(status)}
        </span>
    }
}

/// One card per table: its last known rate and how far it is known.
#[component]
fn TablesOverview(
    rates: Rates,
    today: NaiveDate,
    #[prop(into)] texts: Signal<&'static RatesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let cards = move || {
        let lang = locale.lang();
        let texts = texts.get();
        rates.tables().with(|tables| {
            TABLE_ORDER
                .into_iter()
                .map(|table| table_card(tables, table, today, lang, texts))
                .collect_view()
        })
    };
    view! {
        <section class="rate-tables" aria-labelledby="rate-tables-title">
            <h3 id="rate-tables-title">{move || texts.get().tables_title}</h3>
            <ul class="rate-tables__list">{cards}</ul>
        </section>
    }
}

fn table_card(
    tables: &RateTables,
    table: TableId,
    today: NaiveDate,
    lang: Lang,
    texts: &'static RatesTexts,
) -> impl IntoView + use<> {
    let last = tables.table(table).entries().last().cloned();
    let known = known_through(tables, table);
    let current = crate::ui::settings::rates_form::covers(tables, table, today);
    let last_rate = match last {
        Some(entry) => {
            let status = EntryStatus::of(&entry);
            view! {
                <dd>
                    <strong data-testid="rate-table-last" data-rate=format::plain_rate(entry.rate)>{entry.rate.display(lang)}</strong>
                    " " {texts.since} " " {format::date_short(entry.effective_from, lang)} " "
                    {status_badge(status, texts)}
                    <span class="rate-card__source">{texts.source} " " {entry.source.to_string()}</span>
                </dd>
            }
            .into_any()
        }
        None => view! { <dd>{texts.no_entry}</dd> }.into_any(),
    };
    view! {
        <li class="card rate-card" class:rate-card--behind=!current data-testid="rate-table" data-table=table.id()>
            <h4>{table.label(lang)}</h4>
            <dl>
                <dt>{texts.last_rate}</dt>
                {last_rate}
                <dt>{texts.known_through}</dt>
                <dd data-testid="rate-table-known-through">
                    {known.map(|date| format::date_short(date, lang))}
                    {(!current).then(|| view! { " " <span class="badge">{texts.not_current}</span> })}
                </dd>
            </dl>
        </li>
    }
}

/// The user's own entries, each removable.
#[component]
fn UserRates(
    rates: Rates,
    notice: RatesNotice,
    #[prop(into)] texts: Signal<&'static RatesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let rows = move || {
        let lang = locale.lang();
        let texts = texts.get();
        let list = rates.user_rates();
        if list.is_empty() {
            return view! { <p class="user-rates__empty" data-testid="user-rates-empty">{texts.user_empty}</p> }
                .into_any();
        }
        let items = list
            .into_iter()
            .map(|rate| user_rate_row(rates, notice, rate, lang, texts))
            .collect_view();
        view! { <ul class="user-rates__list">{items}</ul> }.into_any()
    };
    // What another tab did to the last change: right above the list it changed.
    let tab_notice = move || {
        notice.0.get().map(|shown| {
            let lang = locale.lang();
            let conflict = matches!(shown, TabNotice::Conflicts(_));
            view! {
                <div
                    class=if conflict { "notice notice--error" } else { "notice" }
                    role=if conflict { "alert" } else { "status" }
                    data-testid="rates-tab-notice"
                    data-kind=if conflict { "conflict" } else { "applied-on-newer" }
                >
                    <p>{shown.describe(lang)}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| notice.0.set(None)>
                        {crate::ui::shell::data_texts::data_texts(lang).dismiss}
                    </button>
                </div>
            }
        })
    };
    view! {
        <section class="card user-rates" aria-labelledby="user-rates-title">
            <h3 id="user-rates-title">{move || texts.get().user_title}</h3>
            <p class="field__hint">{move || texts.get().user_intro}</p>
            {tab_notice}
            {rows}
        </section>
    }
}

fn user_rate_row(
    rates: Rates,
    notice: RatesNotice,
    rate: UserRate,
    lang: Lang,
    texts: &'static RatesTexts,
) -> impl IntoView + use<> {
    let (table, from) = (rate.table, rate.effective_from);
    let period = match rate.to {
        Some(to) => format!(
            "{} → {}",
            format::date_short(from, lang),
            format::date_short(to, lang)
        ),
        None => format!("{} {}", texts.since, format::date_short(from, lang)),
    };
    view! {
        <li
            class="user-rate"
            data-testid="user-rate-row"
            data-table=table.id()
            data-from=from.to_string()
            data-rate=format::plain_rate(rate.rate)
        >
            <div class="user-rate__what">
                <strong>{table.label(lang)}</strong>
                <span>
                    <strong>{rate.rate.display(lang)}</strong> " " {period} " "
                    {status_badge(EntryStatus::EnteredByYou, texts)}
                </span>
                <span class="rate-card__source">{texts.source} " " {rate.source}</span>
            </div>
            <button
                type="button"
                class="button button--secondary user-rate__remove"
                data-testid="user-rate-remove"
                on:click=move |_| notice.show(&rates.remove_rate(table, from))
            >
                {texts.remove}
            </button>
        </li>
    }
}

/// The add-a-rate form: each field with its own error beside it.
#[component]
fn AddRateForm(
    rates: Rates,
    notice: RatesNotice,
    form: RwSignal<RateForm>,
    #[prop(into)] texts: Signal<&'static RatesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let errors: RwSignal<Vec<(RateField, RateFormError)>> = RwSignal::new(Vec::new());
    let added = RwSignal::new(false);
    // Asked to add: every field's error shows, typed in or not.
    let submitted = RwSignal::new(false);
    let error_of = move |field: RateField| {
        Signal::derive(move || {
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|(at, _)| *at == field)
                    .map(|(_, error)| error.describe(locale.lang()))
            })
        })
    };
    let edit = move |field: RateField, update: fn(&mut RateForm, String)| {
        Callback::new(move |value: String| {
            form.update(|form| update(form, value));
            errors.update(|errors| errors.retain(|(at, _)| *at != field));
            added.set(false);
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let parsed = form.with_untracked(RateForm::parse);
        let result = parsed.and_then(|rate| {
            rates
                .add_rate(rate)
                .map_err(|error| vec![(RateField::From, RateFormError::Entry(error))])
        });
        if let Ok(edited) = &result {
            notice.show(edited);
        }
        match result {
            // Another tab had changed the same rate: its version is kept and the list's notice
            // says so; the form keeps what was typed.
            Ok(edited) if edited.conflicted() => {
                errors.set(Vec::new());
                added.set(false);
            }
            Ok(_) => {
                errors.set(Vec::new());
                form.update(|form| {
                    form.rate.clear();
                    form.source.clear();
                });
                submitted.set(false);
                added.set(true);
            }
            Err(found) => {
                errors.set(found);
                added.set(false);
            }
        }
    };
    view! {
        <form class="card rate-form" data-testid="rate-form" on:submit=submit novalidate>
            <h3>{move || texts.get().add_title}</h3>
            <p class="field__hint">{move || texts.get().add_intro}</p>
            <ChoiceField
                scope="rate"
                name=RateField::Table.id()
                label=Signal::derive(move || texts.get().field_table)
                current=Signal::derive(move || form.with(|form| form.table.clone()))
                choices=Signal::derive(move || {
                    let lang = locale.lang();
                    TABLE_ORDER.into_iter().map(|table| (table.id(), table.label(lang))).collect::<Vec<_>>()
                })
                on_change=edit(RateField::Table, |form, value| form.table = value)
                error=error_of(RateField::Table)
            />
            <div class="field-row">
                <InputField
                    scope="rate"
                    name=RateField::From.id()
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().field_from)
                    hint=Signal::derive(move || texts.get().field_from_hint)
                    value=Signal::derive(move || form.with(|form| form.from.clone()))
                    on_input=edit(RateField::From, |form, value| form.from = value)
                    error=error_of(RateField::From)
                    submitted=submitted
                />
                <InputField
                    scope="rate"
                    name=RateField::Rate.id()
                    kind=InputKind::Decimal
                    label=Signal::derive(move || texts.get().field_rate)
                    hint=Signal::derive(move || texts.get().field_rate_hint)
                    value=Signal::derive(move || form.with(|form| form.rate.clone()))
                    on_input=edit(RateField::Rate, |form, value| form.rate = value)
                    error=error_of(RateField::Rate)
                    submitted=submitted
                />
            </div>
            <InputField
                scope="rate"
                name=RateField::Source.id()
                kind=InputKind::Text
                label=Signal::derive(move || texts.get().field_source)
                hint=Signal::derive(move || texts.get().field_source_hint)
                value=Signal::derive(move || form.with(|form| form.source.clone()))
                on_input=edit(RateField::Source, |form, value| form.source = value)
                error=error_of(RateField::Source)
                submitted=submitted
            />
            <p class="rate-form__actions">
                <button type="submit" class="button" data-testid="rate-add">{move || texts.get().add_button}</button>
                <Show when=move || added.get()>
                    <span class="rate-form__done" role="status" data-testid="rate-added">{move || texts.get().added}</span>
                </Show>
            </p>
        </form>
    }
}

/// The CSV import: paste or choose a file; all lines or none.
#[component]
fn ImportRates(
    rates: Rates,
    notice: RatesNotice,
    #[prop(into)] texts: Signal<&'static RatesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let file = RwSignal::new(RateFile::FrTauxLegal);
    let text = RwSignal::new(String::new());
    let errors: RwSignal<Vec<ImportError>> = RwSignal::new(Vec::new());
    let done: RwSignal<Option<usize>> = RwSignal::new(None);
    let file_failed: RwSignal<Option<FileProblem>> = RwSignal::new(None);
    let file_options = move || {
        let lang = locale.lang();
        let current = file.get();
        RateFile::ALL
            .into_iter()
            .map(|option| {
                view! { <option value=rate_file_id(option) selected=current == option>{file_label(option, lang)}</option> }
            })
            .collect_view()
    };
    let import = move |_| {
        let result = text.with_untracked(|text| rates.import_csv(file.get_untracked(), text));
        match result {
            Ok((count, edited)) => {
                notice.show(&edited);
                errors.set(Vec::new());
                done.set(Some(count));
                text.set(String::new());
            }
            Err(found) => {
                errors.set(found);
                done.set(None);
            }
        }
    };
    let reset_outcome = move || {
        errors.set(Vec::new());
        done.set(None);
        file_failed.set(None);
    };
    view! {
        <section class="card rate-import" aria-labelledby="rate-import-title">
            <h3 id="rate-import-title">{move || texts.get().import_title}</h3>
            <p class="field__hint">{move || texts.get().import_intro}</p>
            <div class="field">
                <label for="rate-import-file-kind">{move || texts.get().import_format}</label>
                <select
                    id="rate-import-file-kind"
                    data-testid="rate-import-kind"
                    on:change=move |event| {
                        if let Some(chosen) = rate_file_from_id(&event_target_value(&event)) {
                            file.set(chosen);
                        }
                        reset_outcome();
                    }
                >
                    {file_options}
                </select>
                <p class="field__hint">
                    {move || texts.get().import_header} " " <code>{move || file.get().header()}</code>
                </p>
            </div>
            <div class="field">
                <label for="rate-import-text">{move || texts.get().import_text}</label>
                <textarea
                    id="rate-import-text"
                    class="rate-import__text"
                    rows="5"
                    spellcheck="false"
                    data-testid="rate-import-text"
                    prop:value=move || text.get()
                    on:input=move |event| {
                        text.set(event_target_value(&event));
                        reset_outcome();
                    }
                ></textarea>
            </div>
            <FilePicker
                id="rate-import-file"
                label=Signal::derive(move || texts.get().import_file)
                accept=".csv,text/csv,text/plain"
                max_bytes=MAX_RATES_FILE_BYTES
                on_choose=Callback::new(move |()| reset_outcome())
                on_text=Callback::new(move |read: Result<String, FileProblem>| match read {
                    Ok(content) => text.set(content),
                    Err(problem) => file_failed.set(Some(problem)),
                })
                error=Signal::derive(move || file_failed.get().map(|problem| match problem {
                    FileProblem::TooLarge { bytes, limit } => {
                        let lang = locale.lang();
                        too_large(bytes, limit, rates_texts(lang).import_file_what, lang)
                    }
                    FileProblem::Unreadable => texts.get().import_file_failed.to_string(),
                }))
            />
            <p class="rate-form__actions">
                <button type="button" class="button" data-testid="rate-import" on:click=import>
                    {move || texts.get().import_button}
                </button>
                {move || done.get().map(|count| view! {
                    <span class="rate-form__done" role="status" data-testid="rate-import-done">
                        {count} " " {texts.get().import_done}
                    </span>
                })}
            </p>
            {move || {
                let lang = locale.lang();
                let found = errors.get();
                (!found.is_empty()).then(|| view! {
                    <div class="notice notice--error" role="alert" data-testid="rate-import-errors">
                        <p>{texts.get().import_errors}</p>
                        <ul>
                            {found
                                .into_iter()
                                .map(|error| view! { <li data-testid="rate-import-error" data-line=error.line>{error.describe(lang)}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                })
            }}
        </section>
    }
}
