//! The dashboard proper (its own lazy chunk): the "as of" date, totals per currency, the aging
//! bars, today's actions, the top debtors, the 12-week forecast and the late interest to date.
//! Every figure comes from `model::Figures`; this file lays them out.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::{Currency, Money};
use crate::export::tables::{self, ExportTable};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::Query;
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::ui::components::csv_export::{CsvExport, CsvTable};
use crate::ui::components::field::{InputField, InputKind};
use std::sync::Arc;

use super::model::{
    Accrued, Action, AgingChart, AsOfError, CurrencyTotal, Figures, ForecastChart, Ladder,
    TopDebtors, as_of_of_query, dashboard_route, parse_as_of,
};
use super::texts::{bucket_label, dashboard_texts, invoice_count, step_line};

/// Writes the dashboard's date into the address without reloading the page (no `hashchange`:
/// the page stays as it is, only its figures follow).
fn write_address(as_of: NaiveDate) {
    let href = dashboard_route(as_of).href();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
    }
}

/// The dashboard as of the date in `query` (today when it names none).
#[component]
pub fn Board(query: Query) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let tables = use_rates().tables();
    // The user's ladder and buckets (Settings).
    let settings = crate::state::settings::use_settings();
    let ladder = Memo::new(move |_| {
        settings.with(|settings| Ladder {
            bounds: settings.aging.clone(),
            policy: settings.ladder.clone(),
        })
    });
    let today = crate::clock::today();
    let (initial, initial_error) = as_of_of_query(&query, today);
    let typed = RwSignal::new(match &initial_error {
        Some(_) => query.get("as_of").unwrap_or_default().to_string(),
        None => initial.to_string(),
    });
    let as_of = RwSignal::new(initial);
    let as_of_error = RwSignal::new(initial_error);
    // What "mark done" answered: kept here, as the sections are drawn again once it is saved.
    let notice = RwSignal::new(None::<String>);
    let figures = Memo::new(move |_| {
        let date = as_of.get();
        books.ledger().with(|ledger| {
            tables.with(|tables| {
                ladder.with(|ladder| Figures::compute(ledger, date, tables, ladder).ok())
            })
        })
    });
    let on_input = Callback::new(move |text: String| {
        match parse_as_of(&text) {
            Ok(date) => {
                as_of_error.set(None);
                as_of.set(date);
                write_address(date);
            }
            Err(error) => as_of_error.set(Some(error)),
        }
        typed.set(text);
    });
    let error_text = Signal::derive(move || {
        let lang = locale.lang();
        as_of_error
            .get()
            .map(|error: AsOfError| format::typography(&error.describe(lang), lang))
    });
    let t = move || dashboard_texts(locale.lang());
    let back_to_today = move |_| on_input.run(today.to_string());
    view! {
        <div class="dashboard" data-testid="dashboard" data-as-of=move || as_of.get().to_string()>
            <div class="dashboard__as-of">
                <InputField scope="dash" name="as-of" kind=InputKind::Date
                    label=Signal::derive(move || t().as_of_label)
                    hint=Signal::derive(move || t().as_of_hint)
                    value=typed on_input=on_input error=error_text/>
                <Show when=move || as_of.get() != today>
                    <button type="button" class="button button--secondary" on:click=back_to_today>
                        {move || t().back_to_today}
                    </button>
                </Show>
            </div>
            {move || match (figures.get(), locale.lang()) {
                (Some(figures), lang) => view! { <Sections figures=figures today=today lang=lang notice=notice/> }.into_any(),
                (None, _) => view! { <p class="field__error" role="alert">{move || t().failed}</p> }.into_any(),
            }}
            <p role="status" class="dashboard__notice" data-testid="dash-notice">{move || notice.get()}</p>
            {move || {
                let lang = locale.lang();
                let t = dashboard_texts(lang);
                let ledger = books.ledger();
                let aging = CsvTable {
                    label: t.export_aging,
                    testid: "dash-export-aging",
                    make: Arc::new(move |dialect| {
                        let date = as_of.get_untracked();
                        let bounds = ladder.with_untracked(|ladder| ladder.bounds.clone());
                        ledger
                            .with_untracked(|ledger| tables::aging_csv(ledger, date, &bounds, dialect, lang))
                            .map(|text| (tables::file_name(ExportTable::Aging, date, dialect), text))
                            .map_err(|error| error.describe(lang))
                    }),
                };
                let plans = CsvTable {
                    label: t.export_plans,
                    testid: "dash-export-plans",
                    make: Arc::new(move |dialect| {
                        let date = as_of.get_untracked();
                        ledger
                            .with_untracked(|ledger| tables::plans_csv(ledger, date, dialect, lang))
                            .map(|text| (tables::file_name(ExportTable::Plans, date, dialect), text))
                            .map_err(|error| error.describe(lang))
                    }),
                };
                let contacts = CsvTable {
                    label: t.export_contacts,
                    testid: "dash-export-contacts",
                    make: Arc::new(move |dialect| {
                        let date = as_of.get_untracked();
                        let text = ledger.with_untracked(|ledger| tables::contacts_csv(ledger, None, dialect, lang));
                        Ok((tables::file_name(ExportTable::Contacts, date, dialect), text))
                    }),
                };
                view! { <div class="card"><CsvExport scope="dash" tables=vec![aging, plans, contacts]/></div> }
            }}
        </div>
    }
}

/// The cards whose tables may be wider than a phone scroll sideways, so they take the focus
/// (a keyboard can scroll them).
#[component]
fn Sections(
    figures: Figures,
    today: NaiveDate,
    lang: Lang,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = dashboard_texts(lang);
    let as_of = figures.as_of;
    view! {
        <div class="dashboard__grid">
            <section class="card dashboard__totals" aria-labelledby="dash-totals-title">
                <h2 id="dash-totals-title">{t.totals_title}</h2>
                <Totals totals=figures.totals lang=lang/>
            </section>
            <section class="card dashboard__aging" aria-labelledby="dash-aging-title">
                <h2 id="dash-aging-title">{t.aging_title}</h2>
                <p class="field__hint">{t.aging_hint}</p>
                {figures.aging.into_iter().map(|chart| view! { <AgingBars chart=chart lang=lang/> }).collect_view()}
            </section>
            <section class="card dashboard__actions" aria-labelledby="dash-actions-title">
                <h2 id="dash-actions-title">{t.actions_title}</h2>
                <Actions actions=figures.actions as_of=as_of today=today lang=lang notice=notice/>
            </section>
            <section class="card dashboard__debtors" tabindex="0" aria-labelledby="dash-debtors-title">
                <h2 id="dash-debtors-title">{t.debtors_title}</h2>
                <Debtors debtors=figures.debtors lang=lang/>
            </section>
            <section class="card dashboard__forecast" tabindex="0" aria-labelledby="dash-forecast-title">
                <h2 id="dash-forecast-title">{t.forecast_title}</h2>
                <p class="field__hint">{t.forecast_hint}</p>
                {figures.forecast.into_iter().map(|chart| view! { <Forecast chart=chart lang=lang/> }).collect_view()}
            </section>
            <section class="card dashboard__accrued" tabindex="0" aria-labelledby="dash-accrued-title">
                <h2 id="dash-accrued-title">{t.accrued_title}</h2>
                <p class="field__hint">{t.accrued_hint}</p>
                <AccruedTotals accrued=figures.accrued lang=lang/>
            </section>
        </div>
    }
}

#[component]
fn Totals(totals: Vec<CurrencyTotal>, lang: Lang) -> impl IntoView {
    let t = dashboard_texts(lang);
    if totals.is_empty() {
        return view! { <p>{t.nothing_open}</p> }.into_any();
    }
    view! {
        <dl class="dashboard__figures">
            {totals.into_iter().map(|total| {
                let code = total.currency.code();
                view! {
                    <div class="dashboard__figure" data-testid="dash-total" data-currency=code>
                        <dt>{t.open} " (" {code} ")"</dt>
                        <dd><strong data-testid="dash-open">{format::money(total.open, lang)}</strong>
                            " · " {invoice_count(total.open_count, lang)}</dd>
                        <dt>{t.overdue} " (" {code} ")"</dt>
                        <dd><strong data-testid="dash-overdue">{format::money(total.overdue, lang)}</strong>
                            " · " {invoice_count(total.overdue_count, lang)}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}

#[component]
fn AgingBars(chart: AgingChart, lang: Lang) -> impl IntoView {
    let code = chart.currency.code();
    view! {
        <h3 class="dashboard__currency">{code}</h3>
        <ul class="aging-bars" data-testid="dash-aging" data-currency=code>
            {chart.bars.into_iter().enumerate().map(|(index, bar)| {
                let label = bucket_label(bar.bucket, lang);
                let amount = format::money(bar.amount, lang);
                let count = invoice_count(bar.count, lang);
                let width = bar.per_mille.to_string();
                view! {
                    <li>
                        <a class="aging-bars__link" href=bar.href data-testid="dash-aging-bar"
                            data-bucket=index data-amount=bar.amount.amount().to_string()>
                            <span class="aging-bars__label">{label}</span>
                            <svg class="aging-bars__track" viewBox="0 0 1000 16" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                <rect class=format!("aging-bars__bar aging-bars__bar--{index}") x="0" y="0" width=width height="16"></rect>
                            </svg>
                            <span class="aging-bars__value">{amount} " · " {count}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Actions(
    actions: Vec<Action>,
    as_of: NaiveDate,
    today: NaiveDate,
    lang: Lang,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = dashboard_texts(lang);
    let books = use_books();
    let can_mark = as_of <= today;
    if actions.is_empty() {
        view! { <p data-testid="dash-no-actions">{t.no_actions}</p> }.into_any()
    } else {
        view! {
            <ul class="dashboard__action-list">
                {actions.into_iter().map(|action| {
                    let step = crate::ui::dashboard::model::capitalised(&action.step.kind.describe(lang));
                    let channel = action.step.channel.describe(lang);
                    let since = format::date_short(action.due_since, lang);
                    let open: Vec<String> = action.open.iter().map(|open| format::money(*open, lang)).collect();
                    let done = {
                        let action = action.clone();
                        move |_| {
                            let entry = action.done_entry(as_of, lang);
                            let outcome = match entry {
                                Ok(entry) => books
                                    .apply(move |ledger| ledger.log_contact(entry.clone()))
                                    .map(drop)
                                    .map_err(|failure| failure.describe(lang)),
                                Err(error) => Err(error.describe(lang)),
                            };
                            notice.set(Some(match outcome {
                                Ok(()) => t.marked_done.to_string(),
                                Err(error) => format::typography(&error, lang),
                            }));
                        }
                    };
                    let client_href = crate::routes::Route::Clients(crate::routes::RecordView::Show(action.client.raw())).href();
                    let invoice_ids: Vec<crate::domain::InvoiceId> = action.invoices.iter().map(|invoice| invoice.id).collect();
                    let letter_href = crate::ui::components::letter_link::letter_route(
                        action.client,
                        &invoice_ids,
                        Some(crate::domain::letter::LetterKind::Step(action.step.kind)),
                    )
                    .href();
                    view! {
                        <li class="dashboard__action" data-testid="dash-action" data-step=action.step.kind.describe(Lang::En)>
                            <p><a href=client_href><strong>{action.client_name.clone()}</strong></a>
                                " — " {step_line(&step, &channel, &since, lang)}</p>
                            <p>
                                {action.invoices.iter().enumerate().map(|(index, invoice)| view! {
                                    {(index > 0).then_some(", ")}
                                    <a href=invoice.href.clone() data-testid="dash-action-invoice">{invoice.number.clone()}</a>
                                }).collect_view()}
                                " · " {open.join(" + ")}
                            </p>
                            <p class="button-row">
                                <a class="button" href=letter_href data-testid="dash-prepare-letter">{t.prepare_letter}</a>
                                {can_mark.then(|| view! {
                                    <button type="button" class="button button--secondary" on:click=done>{t.mark_done}</button>
                                })}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!can_mark).then(|| view! { <p class="field__hint">{t.future_hint}</p> })}
        }
        .into_any()
    }
}

#[component]
fn Debtors(debtors: Vec<TopDebtors>, lang: Lang) -> impl IntoView {
    let t = dashboard_texts(lang);
    if debtors.is_empty() {
        return view! { <p>{t.no_debtors}</p> }.into_any();
    }
    debtors
        .into_iter()
        .map(|top| {
            let code = top.currency.code();
            view! {
                <table class="dashboard__table" data-testid="dash-debtors" data-currency=code>
                    <caption>{format!("{} ({code})", t.debtors_title)}</caption>
                    <thead><tr>
                        <th scope="col">{t.client}</th>
                        <th scope="col" class="num">{t.overdue}</th>
                        <th scope="col" class="num">{t.open}</th>
                        <th scope="col">{t.grade}</th>
                    </tr></thead>
                    <tbody>
                        {top.debtors.into_iter().map(|debtor| {
                            let reason = format::typography(&debtor.reason.describe(lang), lang);
                            let letter = debtor.grade.letter().to_string();
                            let grade_class = format!("risk risk--{}", letter.to_lowercase());
                            view! {
                                <tr data-testid="dash-debtor">
                                    <th scope="row"><a href=debtor.href>{debtor.name}</a></th>
                                    <td class="num">{format::money(debtor.overdue, lang)}</td>
                                    <td class="num">{format::money(debtor.open, lang)}</td>
                                    <td>
                                        <span class=grade_class>{letter}</span>
                                        " "
                                        <span class="dashboard__reason">{reason}</span>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })
        .collect_view()
        .into_any()
}

/// The chart's height in SVG units; a column's height is its per-mille ÷ 5.
const CHART_HEIGHT: u32 = 200;

#[component]
fn Forecast(chart: ForecastChart, lang: Lang) -> impl IntoView {
    let t = dashboard_texts(lang);
    let code = chart.currency.code();
    let columns = chart
        .weeks
        .iter()
        .enumerate()
        .map(|(index, week)| {
            let height = week.per_mille / 5;
            let x = u32::try_from(index).unwrap_or(0) * 100 + 15;
            view! {
                <rect class="forecast-chart__column" x=x.to_string() y=(CHART_HEIGHT - height).to_string()
                    width="70" height=height.to_string()>
                    <title>{format!("{} {} : {}", t.week_of, format::date_short(week.start, lang), format::money(week.amount, lang))}</title>
                </rect>
            }
        })
        .collect_view();
    let width = chart.weeks.len().max(1) * 100;
    let row = |label: &'static str, amount: Money| {
        view! { <tr><th scope="row">{label}</th><td class="num">{format::money(amount, lang)}</td></tr> }
    };
    view! {
        <h3 class="dashboard__currency">{code}</h3>
        <svg class="forecast-chart" viewBox=format!("0 0 {width} {}", CHART_HEIGHT + 2) role="img"
            aria-label=format!("{} ({code})", t.forecast_title)>
            {columns}
            <line class="forecast-chart__axis" x1="0" y1=CHART_HEIGHT.to_string() x2=width.to_string() y2=CHART_HEIGHT.to_string()></line>
        </svg>
        <table class="dashboard__table" data-testid="dash-forecast" data-currency=code>
            <caption>{format!("{} ({code})", t.forecast_title)}</caption>
            <thead><tr><th scope="col">{t.week_of}</th><th scope="col" class="num">{t.expected}</th></tr></thead>
            <tbody>
                {chart.weeks.iter().map(|week| row_owned(format::date_short(week.start, lang), week.amount, lang)).collect_view()}
            </tbody>
            <tfoot>
                {row(t.overdue_now, chart.overdue_now)}
                {row(t.later, chart.later)}
                {row(t.disputed, chart.disputed)}
            </tfoot>
        </table>
    }
}

fn row_owned(label: String, amount: Money, lang: Lang) -> impl IntoView {
    view! { <tr><th scope="row">{label}</th><td class="num">{format::money(amount, lang)}</td></tr> }
}

#[component]
fn AccruedTotals(accrued: Accrued, lang: Lang) -> impl IntoView {
    let t = dashboard_texts(lang);
    let skipped = accrued
        .skipped_line(lang)
        .map(|line| format::typography(&line, lang));
    let table = if accrued.totals.is_empty() {
        view! { <p>{t.nothing_accrued}</p> }.into_any()
    } else {
        view! {
            <table class="dashboard__table" data-testid="dash-accrued">
                <thead><tr>
                    <th scope="col">{t.currency}</th>
                    <th scope="col" class="num">{t.interest}</th>
                    <th scope="col" class="num">{t.compensation}</th>
                    <th scope="col" class="num">{t.total}</th>
                </tr></thead>
                <tbody>
                    {accrued.totals.into_iter().map(|total| view! {
                        <tr data-currency=total.currency.code()>
                            <th scope="row">{currency_line(total.currency, total.invoices, lang)}</th>
                            <td class="num">{format::money(total.interest, lang)}</td>
                            <td class="num">{format::money(total.compensation, lang)}</td>
                            <td class="num"><strong>{format::money(total.total, lang)}</strong></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        {table}
        {skipped.map(|line| view! { <p class="field__hint" data-testid="dash-accrued-skipped">{line}</p> })}
    }
}

fn currency_line(currency: Currency, invoices: usize, lang: Lang) -> String {
    format!("{} ({})", currency.code(), invoice_count(invoices, lang))
}
