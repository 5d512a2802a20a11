//! The Simulator: statutory late interest for one debt, standalone. Its inputs live in the
//! URL (`#/simulator?regime=…`), so a simulation is a link to bookmark, share and reopen offline.
//!
//! The form holds raw text (`SimulatorForm`); a `Memo` parses it and another runs the engine;
//! the one `Effect` writes the form back into the URL (the outside world). Every figure comes
//! from `domain::interest`; this component only lays them out.

pub mod form;
pub mod view;

use leptos::prelude::*;

use crate::domain::interest::{FrLegalCategory, RegimeId, Simulation, SimulationError, simulate};
use crate::domain::money::Currency;
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, Route};
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::ui::components::field::{ChoiceField, FieldWidth, InputField, InputKind};
use crate::ui::simulator::form::{
    DAY_COUNTS, Field, FieldError, ParsedForm, SimulatorForm, unknown_parameters,
};
use crate::ui::simulator::view::{
    BreakdownTable, RateChart, SimulatorTexts, plain_money, simulator_texts,
};

/// The outcome shown in the results panel.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Required fields missing (listed) or malformed (shown beside them): nothing to compute yet.
    Incomplete {
        missing: Vec<Field>,
    },
    Failed(SimulationError),
    Done(Box<Simulation>),
}

#[component]
pub fn SimulatorPage(
    /// The link's query, read once: the form is the source of truth afterwards.
    query: Query,
) -> impl IntoView {
    let locale = use_locale();
    let today = crate::clock::today();
    let link_problems = unknown_parameters(&query);
    let form = RwSignal::new(SimulatorForm::from_query(&query).localized(locale.lang_untracked()));
    let tables = use_rates().tables();

    let parsed: Memo<ParsedForm> = Memo::new(move |_| form.with(|form| form.parse(today)));
    let outcome: Memo<Outcome> = Memo::new(move |_| {
        parsed.with(|parsed| match &parsed.input {
            None => Outcome::Incomplete {
                missing: parsed
                    .errors
                    .iter()
                    .filter(|(_, error)| *error == FieldError::Required)
                    .map(|(field, _)| *field)
                    .collect(),
            },
            Some(input) => tables.with(|tables| match simulate(input, tables) {
                Ok(simulation) => Outcome::Done(Box::new(simulation)),
                Err(error) => Outcome::Failed(error),
            }),
        })
    });

    // The link follows the form once the user changes it, without a new history entry per
    // keystroke. An untouched form leaves the address as it was opened.
    let opened_with = form.get_untracked();
    Effect::new(move |_| {
        let Some(href) = form
            .with(|form| (*form != opened_with).then(|| Route::Simulator(form.to_query()).href()))
        else {
            return;
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
    });

    let texts = move || simulator_texts(locale.lang());
    let error_of = move |field: Field| {
        move || {
            parsed.with(|parsed| {
                parsed
                    .error(field)
                    .map(|error| format::typography(&error.describe(locale.lang()), locale.lang()))
            })
        }
    };

    view! {
        <section class="page simulator" data-testid="page-simulator">
            <h1>{move || locale.texts().nav_simulator}</h1>
            <p class="page__intro">{move || intro(locale.lang())}</p>
            {(!link_problems.is_empty()).then(|| {
                let problems = link_problems.clone();
                view! {
                    <ul class="notice notice--warn" data-testid="sim-link-problems">
                        {problems
                            .into_iter()
                            .map(|(_, error)| view! { <li>{move || error.describe(locale.lang())}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
            <div class="simulator__layout">
                <SimulatorFormView form=form error_of=error_of texts=Signal::derive(texts)/>
                <SimulatorResults outcome=outcome texts=Signal::derive(texts)/>
            </div>
        </section>
    }
}

#[component]
fn SimulatorFormView<E, F>(
    form: RwSignal<SimulatorForm>,
    error_of: E,
    #[prop(into)] texts: Signal<&'static SimulatorTexts>,
) -> impl IntoView
where
    E: Fn(Field) -> F + Copy + Send + Sync + 'static,
    F: Fn() -> Option<String> + Send + Sync + 'static,
{
    let locale = use_locale();
    let regime = move || form.with(|form| form.regime_id());
    let set = move |update: fn(&mut SimulatorForm, String)| {
        Callback::new(move |value: String| form.update(|form| update(form, value)))
    };
    view! {
        <form class="simulator__form card" on:submit=|event| event.prevent_default() novalidate>
            <ChoiceField
                scope="sim"
                name="regime"
                label=Signal::derive(move || texts.get().regime)
                current=Signal::derive(move || form.with(|form| form.regime.clone()))
                choices=Signal::derive(move || {
                    let lang = locale.lang();
                    RegimeId::ALL.into_iter().map(|id| (id.id(), id.name(lang))).collect::<Vec<_>>()
                })
                on_change=Callback::new(move |value: String| {
                    form.update(|form| {
                        // The UK regime with no amount typed yet: in pounds.
                        if value == RegimeId::UkB2b.id() && form.principal.trim().is_empty() {
                            form.currency = Currency::Gbp.code().to_string();
                        }
                        form.regime = value;
                    })
                })
                error=Signal::derive(error_of(Field::Regime))
            />
            <div class="field-row">
                <InputField
                    scope="sim"
                    name="principal"
                    kind=InputKind::Decimal
                    label=Signal::derive(move || texts.get().principal)
                    value=Signal::derive(move || form.with(|form| form.principal.clone()))
                    on_input=set(|form, value| form.principal = value)
                    error=Signal::derive(error_of(Field::Principal))
                />
                <ChoiceField
                    scope="sim"
                    name="currency"
                    width=FieldWidth::Narrow
                    label=Signal::derive(move || texts.get().currency)
                    current=Signal::derive(move || form.with(|form| form.currency.clone()))
                    choices=Signal::derive(move || {
                        Currency::ALL.into_iter().map(|currency| (currency.code(), currency.code())).collect::<Vec<_>>()
                    })
                    on_change=set(|form, value| form.currency = value)
                    error=Signal::derive(error_of(Field::Currency))
                />
            </div>
            <div class="field-row">
                <InputField
                    scope="sim"
                    name="due"
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().due)
                    value=Signal::derive(move || form.with(|form| form.due.clone()))
                    on_input=set(|form, value| form.due = value)
                    error=Signal::derive(error_of(Field::Due))
                />
                <InputField
                    scope="sim"
                    name="until"
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().until)
                    value=Signal::derive(move || form.with(|form| form.until.clone()))
                    on_input=set(|form, value| form.until = value)
                    error=Signal::derive(error_of(Field::Until))
                    hint=Signal::derive(move || texts.get().until_hint)
                />
            </div>
            <Show when=move || matches!(regime(), Some(RegimeId::FrB2bContract | RegimeId::Fixed))>
                <InputField
                    scope="sim"
                    name="rate"
                    kind=InputKind::Decimal
                    label=Signal::derive(move || texts.get().rate)
                    value=Signal::derive(move || form.with(|form| form.rate.clone()))
                    on_input=set(|form, value| form.rate = value)
                    error=Signal::derive(error_of(Field::Rate))
                />
            </Show>
            <Show when=move || regime() == Some(RegimeId::Fixed)>
                <InputField
                    scope="sim"
                    name="comp"
                    kind=InputKind::Decimal
                    label=Signal::derive(move || texts.get().compensation)
                    value=Signal::derive(move || form.with(|form| form.compensation.clone()))
                    on_input=set(|form, value| form.compensation = value)
                    error=Signal::derive(error_of(Field::Compensation))
                />
            </Show>
            <Show when=move || regime() == Some(RegimeId::FrLegal)>
                <ChoiceField
                    scope="sim"
                    name="category"
                    label=Signal::derive(move || texts.get().category)
                    current=Signal::derive(move || form.with(|form| form.category.clone()))
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![
                            (FrLegalCategory::Other.id(), texts.category_other),
                            (FrLegalCategory::Consumer.id(), texts.category_consumer),
                        ]
                    })
                    on_change=set(|form, value| form.category = value)
                    error=Signal::derive(error_of(Field::Category))
                />
                <InputField
                    scope="sim"
                    name="notice"
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().formal_notice)
                    value=Signal::derive(move || form.with(|form| form.first_day.clone()))
                    on_input=set(|form, value| form.first_day = value)
                    error=Signal::derive(error_of(Field::FirstDay))
                    hint=Signal::derive(move || texts.get().formal_notice_hint)
                />
            </Show>
            <PaymentsEditor form=form error_of=error_of texts=texts/>
            <details class="simulator__options">
                <summary>{move || texts.get().options}</summary>
                // For `fr-legal` this date is the formal notice, asked in the main form.
                <Show when=move || regime() != Some(RegimeId::FrLegal)>
                    <InputField
                        scope="sim"
                        name="from"
                        kind=InputKind::Date
                    label=Signal::derive(move || texts.get().first_day)
                        value=Signal::derive(move || form.with(|form| form.first_day.clone()))
                        on_input=set(|form, value| form.first_day = value)
                        error=Signal::derive(error_of(Field::FirstDay))
                        hint=Signal::derive(move || texts.get().first_day_hint)
                    />
                </Show>
                <Show when=move || regime() == Some(RegimeId::FrLegal)>
                    <InputField
                        scope="sim"
                        name="enforceable"
                        kind=InputKind::Date
                    label=Signal::derive(move || texts.get().enforceable)
                        value=Signal::derive(move || form.with(|form| form.enforceable.clone()))
                        on_input=set(|form, value| form.enforceable = value)
                        error=Signal::derive(error_of(Field::Enforceable))
                        hint=Signal::derive(move || texts.get().enforceable_hint)
                    />
                </Show>
                <div class="field field--check">
                    <input
                        id="sim-compound"
                        type="checkbox"
                        data-testid="sim-input-compound"
                        prop:checked=move || form.with(|form| form.compound)
                        on:change=move |event| form.update(|form| form.compound = event_target_checked(&event))
                    />
                    <label for="sim-compound">{move || texts.get().compound}</label>
                </div>
                <ChoiceField
                    scope="sim"
                    name="daycount"
                    label=Signal::derive(move || texts.get().day_count)
                    current=Signal::derive(move || form.with(|form| form.day_count.clone()))
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        DAY_COUNTS
                            .iter()
                            .zip(texts.day_count_choices)
                            .map(|((id, _), label)| (*id, label))
                            .collect::<Vec<_>>()
                    })
                    on_change=set(|form, value| form.day_count = value)
                    error=Signal::derive(error_of(Field::DayCount))
                />
                <ChoiceField
                    scope="sim"
                    name="order"
                    label=Signal::derive(move || texts.get().order)
                    current=Signal::derive(move || form.with(|form| form.order.clone()))
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![("principal", texts.order_principal), ("legal", texts.order_legal)]
                    })
                    on_change=set(|form, value| form.order = value)
                    error=Signal::derive(error_of(Field::Order))
                />
                <ChoiceField
                    scope="sim"
                    name="rounding"
                    label=Signal::derive(move || texts.get().rounding)
                    current=Signal::derive(move || form.with(|form| form.rounding.clone()))
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![("period", texts.rounding_period), ("daily", texts.rounding_daily)]
                    })
                    on_change=set(|form, value| form.rounding = value)
                    error=Signal::derive(error_of(Field::Rounding))
                />
            </details>
        </form>
    }
}

#[component]
fn PaymentsEditor<E, F>(
    form: RwSignal<SimulatorForm>,
    error_of: E,
    #[prop(into)] texts: Signal<&'static SimulatorTexts>,
) -> impl IntoView
where
    E: Fn(Field) -> F + Copy + Send + Sync + 'static,
    F: Fn() -> Option<String> + Send + Sync + 'static,
{
    let count = move || form.with(|form| form.payments.len());
    let rows = move || {
        (0..count())
            .map(|index| {
                let date = move || form.with(|form| form.payments.get(index).map(|row| row.date.clone()).unwrap_or_default());
                let amount = move || form.with(|form| form.payments.get(index).map(|row| row.amount.clone()).unwrap_or_default());
                let error = Signal::derive(error_of(Field::Payment(index)));
                view! {
                    <li class="payments__row" class:payments__row--invalid=move || error.with(Option::is_some) data-testid="sim-payment-row">
                        <input
                            type="date"
                            aria-label=move || texts.get().payment_date
                            data-testid="sim-input-pay-date"
                            prop:value=date
                            on:input=move |event| {
                                let value = event_target_value(&event);
                                form.update(|form| if let Some(row) = form.payments.get_mut(index) { row.date = value })
                            }
                        />
                        <input
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            aria-label=move || texts.get().payment_amount
                            placeholder=move || texts.get().payment_amount
                            data-testid="sim-input-pay-amount"
                            prop:value=amount
                            on:input=move |event| {
                                let value = event_target_value(&event);
                                form.update(|form| if let Some(row) = form.payments.get_mut(index) { row.amount = value })
                            }
                        />
                        <button
                            type="button"
                            class="button button--quiet"
                            aria-label=move || texts.get().payment_remove
                            title=move || texts.get().payment_remove
                            on:click=move |_| form.update(|form| { if index < form.payments.len() { form.payments.remove(index); } })
                        >
                            "×"
                        </button>
                        <p class="field__error payments__error">{move || error.get()}</p>
                    </li>
                }
            })
            .collect_view()
    };
    let locale = use_locale();
    // Too many payments in the link, or no room for another: said beside the payments.
    let too_many = error_of(Field::Payments);
    let notice =
        move || too_many().or_else(|| form.with(|form| form.payments_limit_notice(locale.lang())));
    view! {
        <fieldset class="payments">
            <legend>{move || texts.get().payments}</legend>
            // Above the rows, where it is seen without scrolling through 1,000 of them.
            <p class="field__error" id="sim-payments-notice" data-testid="sim-payments-notice">{notice}</p>
            <ul class="payments__list">{rows}</ul>
            <button
                type="button"
                class="button button--secondary"
                data-testid="sim-add-payment"
                aria-describedby="sim-payments-notice"
                disabled=move || !form.with(SimulatorForm::can_add_payment)
                on:click=move |_| form.update(SimulatorForm::add_payment)
            >
                {move || texts.get().payment_add}
            </button>
        </fieldset>
    }
}

#[component]
fn SimulatorResults(
    outcome: Memo<Outcome>,
    #[prop(into)] texts: Signal<&'static SimulatorTexts>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="simulator__results" aria-live="polite" data-testid="sim-results">
            {move || {
                let lang = locale.lang();
                match outcome.get() {
                    Outcome::Incomplete { missing } => {
                        let texts = texts.get();
                        let message = if missing.is_empty() {
                            texts.fix_fields.to_string()
                        } else {
                            let labels: Vec<&str> = missing
                                .iter()
                                .map(|field| match field {
                                    Field::Principal => texts.principal,
                                    Field::Due => texts.due,
                                    Field::Rate => texts.rate,
                                    _ => texts.options,
                                })
                                .collect();
                            format!("{} {}.", texts.incomplete, labels.join(", "))
                        };
                        view! {
                            <div class="card card--empty" data-testid="sim-incomplete">
                                <p>{message}</p>
                            </div>
                        }.into_any()
                    }
                    Outcome::Failed(error) => view! {
                        <div class="card notice notice--error" data-testid="sim-error">
                            <p>{format::typography(&error.describe(lang), lang)}</p>
                        </div>
                    }.into_any(),
                    Outcome::Done(simulation) => view! { <SimulationView simulation=*simulation lang=lang texts=texts.get()/> }.into_any(),
                }
            }}
        </section>
    }
}

/// How a figure of the results stands out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Emphasis {
    #[default]
    Plain,
    /// The total: what the letter asks for.
    Total,
}

/// A figure with its test hook: `data-value` holds the plain decimal.
#[component]
fn Figure(
    testid: &'static str,
    label: &'static str,
    value: crate::domain::money::Money,
    lang: Lang,
    #[prop(optional)] emphasis: Emphasis,
) -> impl IntoView {
    view! {
        <div class="figure" class:figure--strong=emphasis == Emphasis::Total>
            <dt>{label}</dt>
            <dd data-testid=testid data-value=plain_money(value)>{format::money(value, lang)}</dd>
        </div>
    }
}

#[component]
fn SimulationView(
    simulation: Simulation,
    lang: Lang,
    texts: &'static SimulatorTexts,
) -> impl IntoView {
    let flags = simulation
        .flags
        .iter()
        .map(|flag| {
            let needs_rate = flag.kind().id() == "rate-not-published";
            view! {
                <li class="flag" data-testid="sim-flag" data-kind=flag.kind().id()>
                    {format::typography(&flag.describe(lang), lang)}
                    {needs_rate.then(|| view! { " " <a href="#/settings" class="no-print">{texts.add_rate_link}</a> })}
                </li>
            }
        })
        .collect_view();
    let has_flags = !simulation.flags.is_empty();
    let csv = crate::export::csv::simulation_csv(&simulation, lang);
    let legal_basis = format::typography(&simulation.legal_basis(lang), lang);
    let compensation_line = format::typography(&simulation.compensation_line(lang), lang);
    view! {
        <div class="card simulation">
            <dl class="figures">
                <Figure testid="sim-interest" label=texts.interest value=simulation.interest lang=lang/>
                <Figure testid="sim-compensation" label=texts.compensation_figure value=simulation.compensation lang=lang/>
                <Figure testid="sim-total" label=texts.total value=simulation.total lang=lang emphasis=Emphasis::Total/>
                <Figure testid="sim-outstanding" label=texts.outstanding value=simulation.outstanding lang=lang/>
                <Figure testid="sim-balance-due" label=texts.balance_due value=simulation.balance_due lang=lang/>
            </dl>
            {has_flags.then(|| view! { <ul class="flags">{flags}</ul> })}
            <p class="simulation__basis" data-testid="sim-legal-basis">{legal_basis}</p>
            <p class="simulation__compensation">{compensation_line}</p>
            <RateChart simulation=simulation.clone() lang=lang title=texts.chart_title/>
            <BreakdownTable simulation=simulation lang=lang texts=texts/>
            <p class="no-print button-row">
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="sim-print"
                    on:click=move |_| {
                        let _ = window().print();
                    }
                >
                    {texts.print}
                </button>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="sim-export-csv"
                    on:click=move |_| {
                        let _ = crate::export::download::download_text(texts.csv_file_name, "text/csv;charset=utf-8", &csv);
                    }
                >
                    {texts.export_csv}
                </button>
            </p>
        </div>
    }
}

/// The page's introduction (in the Simulator's chunk, not the first visit's code).
fn intro(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::Fr => {
            "Calculez les pénalités de retard et l'indemnité forfaitaire de recouvrement prévues par la loi (France, Allemagne, Royaume-Uni, UE)."
        }
        crate::i18n::Lang::En => {
            "Work out the statutory late-payment interest and fixed recovery compensation (France, Germany, UK, EU)."
        }
    }
}
