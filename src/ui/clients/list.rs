//! The clients list (`#/clients?q=…&sort=…&dir=…`): one row per client with what it owes, how
//! late, its DSO and its risk grade with the grade's reason. The rows, the search and the order
//! are `list_model`'s; the one `Effect` writes the list's search and order into the URL.

use leptos::prelude::*;

use crate::domain::{Money, RiskGrade};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::clients::list_model::{
    ClientRow, ListQuery, SortKey, UrlWrite, client_rows, url_write, visible_rows,
};
use crate::ui::clients::nav::take_flash;
use crate::ui::clients::texts::{ClientsTexts, client_count, clients_texts};
use crate::ui::components::field::InputField;

/// The list of clients, sorted and searched as `query` says.
#[component]
pub fn ClientList(query: Query) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let ledger = books.ledger();
    let today = crate::clock::today();
    let flash = take_flash();
    let list = RwSignal::new(ListQuery::from_query(&query));
    let texts = move || clients_texts(locale.lang());

    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let rows = Memo::new(move |_| ledger.with(|ledger| client_rows(ledger, today)));
    let visible = Memo::new(move |_| {
        rows.with(|rows| match rows {
            Ok(rows) => list.with(|query| visible_rows(rows, query)),
            Err(_) => Vec::new(),
        })
    });
    let has_clients = Memo::new(move |_| ledger.with(|ledger| ledger.clients().next().is_some()));

    // The address follows the list (the outside world: the one thing this effect writes).
    Effect::new(move |previous: Option<ListQuery>| {
        let current = list.get();
        if let Some(previous) = previous {
            write_url(&previous, &current);
        }
        current
    });

    let new_href = Route::Clients(RecordView::New(Query::EMPTY)).href();
    view! {
        <section class="page clients" data-testid="page-clients">
            <div class="clients__head">
                <h1>{move || texts().title}</h1>
                <p class="button-row">
                    <a class="button button--secondary" href=Route::Import.href()>{move || texts().import_csv}</a>
                    <a class="button" href=new_href.clone() data-testid="clients-new">{move || texts().new_client}</a>
                </p>
            </div>
            <p class="page__intro">{move || texts().intro}</p>
            {flash.map(|flash| view! {
                <p class="notice notice--ok" role="status" data-testid="clients-flash">{move || flash.text(texts())}</p>
            })}
            <Show
                when=move || !loading.get()
                fallback=move || view! { <p class="page-loading" aria-busy="true">{move || texts().loading}</p> }
            >
                {move || match rows.with(|rows| rows.as_ref().err().cloned()) {
                    Some(error) => view! {
                        <p class="notice notice--error" role="alert">
                            {move || format!("{} {}", texts().figures_failed, error.describe(locale.lang()))}
                        </p>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <Show
                    when=move || has_clients.get()
                    fallback=move || {
                        let new_href = Route::Clients(RecordView::New(Query::EMPTY)).href();
                        view! {
                            <div class="card card--empty" data-testid="clients-empty">
                                <p>{move || texts().empty}</p>
                                <p><a href=new_href>{move || texts().empty_link}</a></p>
                                <p><a href=Route::Import.href()>{move || texts().import_csv}</a></p>
                            </div>
                        }
                    }
                >
                    <form class="clients__search" role="search" on:submit=|event| event.prevent_default()>
                        <InputField
                            scope="clients"
                            name="search"
                            label=Signal::derive(move || texts().search)
                            hint=Signal::derive(move || texts().search_hint)
                            value=Signal::derive(move || list.with(|list| list.search.clone()))
                            on_input=Callback::new(move |text: String| list.update(|list| list.search = text))
                            error=Signal::derive(|| None::<String>)
                        />
                    </form>
                    <ClientTable list=list rows=visible today=today/>
                    {move || {
                        let lang = locale.lang();
                        let t = clients_texts(lang);
                        let tables = vec![crate::ui::components::csv_export::CsvTable {
                            label: t.export_clients,
                            testid: "clients-export",
                            make: std::sync::Arc::new(move |dialect| {
                                use crate::export::tables::{self, ExportTable};
                                let ids: Vec<crate::domain::ClientId> =
                                    visible.with_untracked(|rows| rows.iter().map(|row| row.id).collect());
                                ledger
                                    .with_untracked(|ledger| tables::clients_csv(ledger, &ids, today, dialect, lang))
                                    .map(|text| (tables::file_name(ExportTable::Clients, today, dialect), text))
                                    .map_err(|error| error.describe(lang))
                            }),
                        }];
                        view! { <crate::ui::components::csv_export::CsvExport scope="clients" tables=tables/> }
                    }}
                </Show>
            </Show>
        </section>
    }
}

/// Writes the list's query into the address bar, a new history entry for a new order, in
/// place for a search keystroke (see [`UrlWrite`]).
fn write_url(previous: &ListQuery, current: &ListQuery) {
    let Some(write) = url_write(previous, current) else {
        return;
    };
    let href = Route::Clients(RecordView::List(current.to_query())).href();
    let Ok(history) = window().history() else {
        return;
    };
    let null = wasm_bindgen::JsValue::NULL;
    let _ = match write {
        UrlWrite::Push => history.push_state_with_url(&null, "", Some(&href)),
        UrlWrite::Replace => history.replace_state_with_url(&null, "", Some(&href)),
    };
}

#[component]
fn ClientTable(
    list: RwSignal<ListQuery>,
    #[prop(into)] rows: Signal<Vec<ClientRow>>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let locale = use_locale();
    let texts = move || clients_texts(locale.lang());
    let header = move |key: SortKey, numeric: bool| {
        let label = move || column_label(texts(), key);
        view! {
            <th
                scope="col"
                class:num=numeric
                aria-sort=move || list.with(|list| list.aria_sort(key))
            >
                <button
                    type="button"
                    class="sort-button"
                    data-testid=format!("clients-sort-{}", key.code())
                    on:click=move |_| list.update(|list| *list = list.sorted_by(key))
                >
                    {label}
                    <span class="sort-button__arrow" aria-hidden="true">
                        {move || list.with(|list| match list.aria_sort(key) {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "↕",
                        })}
                    </span>
                </button>
            </th>
        }
    };
    view! {
        <Show
            when=move || rows.with(|rows| !rows.is_empty())
            fallback=move || view! { <p class="card card--empty" data-testid="clients-no-match">{move || texts().no_match}</p> }
        >
            <div class="table-scroll">
                <table class="clients-table" data-testid="clients-table">
                    <caption>
                        {move || format!(
                            "{} {} · {}",
                            texts().caption,
                            format::date_long(today, locale.lang()),
                            client_count(rows.with(Vec::len)),
                        )}
                    </caption>
                    <thead>
                        <tr>
                            {header(SortKey::Name, false)}
                            {header(SortKey::Open, true)}
                            {header(SortKey::Overdue, true)}
                            {header(SortKey::Dso, true)}
                            {header(SortKey::Grade, false)}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let lang = locale.lang();
                            rows.get().into_iter().map(|row| client_row(row, lang)).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

fn column_label(texts: &ClientsTexts, key: SortKey) -> &'static str {
    match key {
        SortKey::Name => texts.col_name,
        SortKey::Open => texts.col_open,
        SortKey::Overdue => texts.col_overdue,
        SortKey::Dso => texts.col_dso,
        SortKey::Grade => texts.col_grade,
    }
}

fn client_row(row: ClientRow, lang: Lang) -> impl IntoView {
    let texts = clients_texts(lang);
    let href = Route::Clients(RecordView::Show(row.id.raw())).href();
    let dso: Vec<String> = match row.dso.as_slice() {
        [(_, days)] => vec![format::decimal(*days, 1, lang)],
        several => several
            .iter()
            .map(|(currency, days)| {
                format!("{} ({})", format::decimal(*days, 1, lang), currency.code())
            })
            .collect(),
    };
    let reason = row.reason.describe(lang);
    view! {
        <tr data-testid="client-row" data-client=row.id.raw()>
            <th scope="row">
                <a href=href class="clients-table__name"><bdi>{row.name.clone()}</bdi></a>
                {(!row.tax_id.is_empty()).then(|| view! { <span class="clients-table__sub">{row.tax_id.clone()}</span> })}
            </th>
            <td class="num">{amounts(&row.open, texts.nothing, lang)}</td>
            <td class="num" class:clients-table__late=!row.overdue.is_empty()>{amounts(&row.overdue, texts.nothing, lang)}</td>
            <td class="num">{lines(dso, texts.nothing)}</td>
            <td>
                <span class=grade_class(row.grade) title=reason.clone() data-testid="client-grade">{row.grade.letter().to_string()}</span>
                <span class="clients-table__reason">{reason}</span>
            </td>
        </tr>
    }
}

/// One amount per line (one per currency), or the dash when nothing.
pub fn amounts(amounts: &[Money], nothing: &'static str, lang: Lang) -> impl IntoView + use<> {
    lines(
        amounts
            .iter()
            .map(|amount| format::money(*amount, lang))
            .collect(),
        nothing,
    )
}

fn lines(lines: Vec<String>, nothing: &'static str) -> impl IntoView + use<> {
    if lines.is_empty() {
        view! { <span class="clients__nothing">{nothing}</span> }.into_any()
    } else {
        lines
            .into_iter()
            .map(|line| view! { <span class="clients__line">{line}</span> })
            .collect_view()
            .into_any()
    }
}

/// The grade's badge class: `risk risk--a` … `risk risk--e`.
pub fn grade_class(grade: RiskGrade) -> &'static str {
    match grade {
        RiskGrade::A => "risk risk--a",
        RiskGrade::B => "risk risk--b",
        RiskGrade::C => "risk risk--c",
        RiskGrade::D => "risk risk--d",
        RiskGrade::E => "risk risk--e",
    }
}
