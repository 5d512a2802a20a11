//! One client's page (`#/clients/{id}`): the stop-work warning when an invoice is more than 30
//! days late, statistics and the one-sentence reason for the risk grade, the client's invoices
//! with their open balances, its payment plans (a missed installment said as such) with links
//! to propose one on its open invoices, its details and its contact log. Computed by
//! `detail_model`.

use leptos::prelude::*;

use crate::ui::components::contact_log::ContactLog;

use crate::domain::{ClientId, Field, Money};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::clients::detail_model::{ClientPage, InvoiceLine, Standing, client_page_with};
use crate::ui::clients::form::UnknownClient;
use crate::ui::clients::list::{amounts, grade_class};
use crate::ui::clients::nav::{Flash, take_flash};
use crate::ui::clients::texts::{
    ClientsTexts, clients_texts, days, overdue_by, regime_text, stop_work_text, terms_text,
};
use crate::ui::components::plan_words::{next_text, plan_words, status_text};

/// One client: details, invoices, statistics, the reason for the risk grade.
#[component]
pub fn ClientDetail(id: u64) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let ledger = books.ledger();
    let today = crate::clock::today();
    let flash = take_flash();
    let client = ClientId::from_raw(id);
    let texts = move || clients_texts(locale.lang());
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    // The user's stop-work threshold (Settings).
    let settings = crate::state::settings::use_settings();
    let page = Memo::new(move |_| {
        let threshold = settings.with(|settings| settings.stop_work_days);
        ledger.with(|ledger| client_page_with(ledger, client, today, threshold))
    });
    let found = Memo::new(move |_| page.with(|page| matches!(page, Some(Ok(_)))));
    view! {
        <section class="page clients clients--detail" data-testid="page-clients">
            <Show
                when=move || !loading.get()
                fallback=move || view! {
                    <h1>{move || texts().title}</h1>
                    <p class="page-loading" aria-busy="true">{move || texts().loading}</p>
                }
            >
                {move || match page.get() {
                    None => view! {
                        <h1>{move || texts().title}</h1>
                        <UnknownClient/>
                    }.into_any(),
                    Some(Err(error)) => view! {
                        <h1>{move || texts().title}</h1>
                        <p class="notice notice--error" role="alert">
                            {move || format!("{} {}", texts().figures_failed, error.describe(locale.lang()))}
                        </p>
                    }.into_any(),
                    Some(Ok(page)) => {
                        let lang = locale.lang();
                        view! { <ClientPageView page=page lang=lang flash=flash/> }.into_any()
                    }
                }}
                // Outside the page's block, which is rebuilt at every change of the books: the
                // log keeps its form and its notice across saves.
                <Show when=move || found.get()>
                    <ContactLog scope="clients" client=client/>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn ClientPageView(page: ClientPage, lang: Lang, flash: Option<Flash>) -> impl IntoView {
    let texts = clients_texts(lang);
    let raw = page.id.raw();
    let mut prefill = Query::default();
    prefill.push("client", raw.to_string());
    let edit_href = Route::Clients(RecordView::Edit(raw)).href();
    let invoice_href = Route::Invoices(RecordView::New(prefill)).href();
    let list_href = Route::Clients(RecordView::LIST).href();
    let statistics = &page.statistics;
    let reason = statistics.reason.describe(lang);
    let stop_work = page.stop_work.clone().map(|stop| {
        let overdue = joined_amounts(&stop.overdue, lang);
        let said = stop_work_text(
            &overdue,
            &stop.oldest.number,
            stop.oldest.due,
            stop.oldest.days_overdue,
            lang,
        );
        let href = Route::Invoices(RecordView::Show(stop.oldest.id.raw())).href();
        view! {
            <div class="notice notice--warn clients__stop-work" role="note" data-testid="clients-stop-work">
                <h2>{texts.stop_work_title}</h2>
                <p>{said}</p>
                <p><a href=href>{stop.oldest.number.clone()}</a></p>
            </div>
        }
    });
    let dso = if statistics.dso_days.is_empty() {
        texts.nothing.to_string()
    } else {
        statistics
            .dso_days
            .iter()
            .map(|(currency, value)| {
                let figure = format::decimal(*value, 1, lang);
                if statistics.dso_days.len() > 1 {
                    format!("{figure} ({})", currency.code())
                } else {
                    figure
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let average = statistics.average_days_late.map_or_else(
        || texts.nothing.to_string(),
        |value| match lang {
            // A mean of days: one decimal, and its unit like the worst delay beside it.
            Lang::Fr => format!("{}\u{a0}jours", format::decimal(value, 1, lang)),
            Lang::En => format!("{} days", format::decimal(value, 1, lang)),
        },
    );
    let worst = statistics
        .worst_days_late
        .map_or_else(|| texts.nothing.to_string(), |value| days(value, lang));
    let on_time = statistics.on_time_percent.map_or_else(
        || texts.nothing.to_string(),
        |percent| {
            format!(
                "{} ({}/{})",
                with_percent(format::decimal(percent, 1, lang), lang),
                statistics.paid_on_time,
                statistics.paid_invoices
            )
        },
    );
    let open: Vec<Money> = statistics.open.values().copied().collect();
    let overdue: Vec<Money> = statistics.open_overdue.values().copied().collect();
    let details = page.details.clone();
    view! {
        <div class="clients__head">
            <h1><bdi>{details.name().to_string()}</bdi></h1>
            <span class=grade_class(statistics.grade) title=reason.clone() data-testid="client-grade">
                {statistics.grade.letter().to_string()}
            </span>
        </div>
        {flash.map(|flash| view! {
            <p class="notice notice--ok" role="status" data-testid="clients-flash">{flash.text(texts)}</p>
        })}
        <p class="button-row">
            <a class="button" href=invoice_href data-testid="clients-new-invoice">{texts.new_invoice}</a>
            <a class="button button--secondary" href=edit_href data-testid="clients-edit">{texts.edit}</a>
            <a class="button button--secondary" href=list_href>{texts.back_to_list}</a>
        </p>
        {stop_work}
        <h2>{texts.section_statistics}</h2>
        <dl class="figures" data-testid="clients-statistics">
            <div class="figure"><dt>{texts.col_open}</dt><dd>{amounts(&open, texts.nothing, lang)}</dd></div>
            <div class="figure"><dt>{texts.col_overdue}</dt><dd>{amounts(&overdue, texts.nothing, lang)}</dd></div>
            <div class="figure"><dt>{texts.stat_dso}</dt><dd>{dso}</dd></div>
            <div class="figure"><dt>{texts.stat_average_late}</dt><dd>{average}</dd></div>
            <div class="figure"><dt>{texts.stat_worst_late}</dt><dd>{worst}</dd></div>
            <div class="figure"><dt>{texts.stat_on_time}</dt><dd>{on_time}</dd></div>
        </dl>
        <p class="clients__reason" data-testid="clients-reason">{reason}</p>
        <h2>{texts.section_invoices}</h2>
        <InvoiceTable invoices=page.invoices.clone() lang=lang/>
        {plans_section(&page, lang)}
        <h2>{texts.section_details}</h2>
        <dl class="clients__details" data-testid="clients-details">
            {detail_row(Field::TaxId.label(lang), details.tax_id().map(|id| id.as_str().to_string()), texts)}
            {detail_row(Field::Email.label(lang), details.email().map(|email| email.as_str().to_string()), texts)}
            {detail_row(Field::Phone.label(lang), non_empty(details.phone()), texts)}
            {detail_row(Field::Address.label(lang), non_empty(details.address()), texts)}
            {detail_row(Field::Country.label(lang), Some(details.country().code().to_string()), texts)}
            {detail_row(Field::ClientKind.label(lang), Some(texts.kind(details.kind()).to_string()), texts)}
            {detail_row(texts.regime, Some(regime_text(details.country(), details.kind(), lang)), texts)}
            {detail_row(texts.terms, Some(terms_text(details.default_terms(), lang)), texts)}
            {detail_row(Field::Notes.label(lang), non_empty(details.notes()), texts)}
        </dl>
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn detail_row(
    label: &'static str,
    value: Option<String>,
    texts: &'static ClientsTexts,
) -> impl IntoView + use<> {
    view! {
        <div class="clients__detail">
            <dt>{label}</dt>
            <dd><bdi>{value.unwrap_or_else(|| texts.nothing.to_string())}</bdi></dd>
        </div>
    }
}

fn with_percent(number: String, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{number}\u{a0}%"),
        Lang::En => format!("{number}%"),
    }
}

fn joined_amounts(amounts: &[Money], lang: Lang) -> String {
    amounts
        .iter()
        .map(|amount| format::money(*amount, lang))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn standing_text(standing: Standing, texts: &ClientsTexts, lang: Lang) -> String {
    match standing {
        Standing::Draft => texts.status_draft.to_string(),
        Standing::Paid => texts.status_paid.to_string(),
        Standing::PartlyPaid => texts.status_partly_paid.to_string(),
        Standing::NotDue => texts.status_not_due.to_string(),
        Standing::Overdue { days } => overdue_by(days, lang),
        Standing::Disputed => texts.status_disputed.to_string(),
        Standing::WrittenOff => texts.status_written_off.to_string(),
    }
}

#[component]
fn InvoiceTable(invoices: Vec<InvoiceLine>, lang: Lang) -> impl IntoView {
    let texts = clients_texts(lang);
    if invoices.is_empty() {
        return view! { <p class="card card--empty" data-testid="clients-no-invoices">{texts.no_invoices}</p> }
            .into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="clients-table clients-table--invoices" data-testid="clients-invoices">
                <caption>{texts.invoices_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{texts.col_number}</th>
                        <th scope="col">{texts.col_issued}</th>
                        <th scope="col">{texts.col_due}</th>
                        <th scope="col" class="num">{texts.col_amount}</th>
                        <th scope="col" class="num">{texts.col_open}</th>
                        <th scope="col">{texts.col_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {invoices
                        .into_iter()
                        .map(|line| {
                            let href = Route::Invoices(RecordView::Show(line.id.raw())).href();
                            let late = matches!(line.standing, Standing::Overdue { .. });
                            view! {
                                <tr data-testid="clients-invoice-row" class:clients-table__late=late>
                                    <th scope="row"><a href=href><bdi>{line.number.clone()}</bdi></a></th>
                                    <td>{format::date_short(line.issued, lang)}</td>
                                    <td>{format::date_short(line.due, lang)}</td>
                                    <td class="num">{format::money(line.gross, lang)}</td>
                                    <td class="num">{format::money(line.open, lang)}</td>
                                    <td>{standing_text(line.standing, texts, lang)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The client's payment plans and the open invoices one may be proposed for.
fn plans_section(page: &ClientPage, lang: Lang) -> impl IntoView + use<> {
    let words = plan_words(lang);
    let table = if page.plans.is_empty() {
        view! { <p class="card card--empty" data-testid="clients-no-plans">{words.no_plans}</p> }
            .into_any()
    } else {
        let rows = page
            .plans
            .iter()
            .map(|line| {
                let href = Route::Invoices(RecordView::Show(line.invoice.raw())).href();
                let missed = matches!(
                    line.next,
                    crate::ui::components::plan_summary::PlanNext::Missed { .. }
                );
                view! {
                    <tr data-testid="clients-plan-row">
                        <th scope="row"><a href=href><bdi>{line.number.clone()}</bdi></a></th>
                        <td class="num">{line.terms.count()}</td>
                        <td class:plan-state--missed=missed>
                            {missed.then(|| view! { <span aria-hidden="true">"⚠ "</span> })}
                            {next_text(line.next, lang)}
                        </td>
                        <td>{status_text(line.status, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="clients-table plan__client-table" data-testid="clients-plans">
                    <caption>{words.plans_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{words.col_invoice}</th>
                            <th scope="col" class="num">{words.col_installments}</th>
                            <th scope="col">{words.col_next}</th>
                            <th scope="col">{words.col_status}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let proposable = (!page.proposable.is_empty()).then(|| {
        let items = page
            .proposable
            .iter()
            .map(|line| {
                let href = Route::Invoices(RecordView::Show(line.invoice.raw())).href();
                view! {
                    <li>
                        <a href=href data-testid="clients-plan-propose">
                            {words.propose} " — " <bdi>{line.number.clone()}</bdi> " (" {format::money(line.open, lang)} ")"
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{words.proposable_title}</h3>
            <ul class="plan__proposable">{items}</ul>
        }
    });
    view! {
        <h2>{words.plans_title}</h2>
        {table}
        {proposable}
    }
}
