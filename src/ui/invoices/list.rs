//! The invoices list (`#/invoices?…`): filters, search, a sortable table, pages, totals.
//!
//! Every figure comes from `list_model` (rows built once per change of the ledger or of the
//! date, then selected per change of the filter); this component lays them out and writes the
//! filter into the address: a filter with `history.pushState` (Back returns to the previous
//! one), each keystroke of the search with `replaceState`. Neither fires `hashchange`, so the
//! page stays as it is, focus included.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::field::{Field, parse_optional_date};
use crate::domain::{Bucket, DunningHold, InvoiceStatus};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};
use crate::ui::invoices::flash::{self, Flash};
use crate::ui::invoices::list_model::{
    ListQuery, MAX_SEARCH_CHARS, Row, RowStatus, Rows, SortKey, bucket_code, build_rows_with,
    select,
};
use crate::ui::invoices::texts::{
    InvoicesTexts, bucket_label, days, invoices_texts, matching_line, page_line, totals_label,
};

/// The rows, shared: a new build is always a change (it follows a change of the ledger or of
/// the date), and comparing 10,000 rows to find out would cost more than it saves.
#[derive(Clone, Debug)]
struct SharedRows(Arc<Rows>);

impl PartialEq for SharedRows {
    fn eq(&self, other: &SharedRows) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// How a change of the list is written into the address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum History {
    /// A new entry: Back returns to the list as it was.
    Push,
    /// The same entry (each keystroke of the search).
    Replace,
}

fn write_address(list: &ListQuery, history: History) {
    let href = Route::Invoices(RecordView::List(list.to_query())).href();
    if let Ok(browser_history) = window().history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = match history {
            History::Push => browser_history.push_state_with_url(&null, "", Some(&href)),
            History::Replace => browser_history.replace_state_with_url(&null, "", Some(&href)),
        };
    }
}

/// The texts of one row's cells, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCells {
    pub href: String,
    pub issue: String,
    pub due: String,
    pub amount: String,
    pub open: String,
    pub days_late: String,
    pub bucket: String,
    pub status: &'static str,
    pub next_step: String,
}

impl RowCells {
    pub fn of(row: &Row, buckets: &[Bucket], lang: Lang) -> RowCells {
        let texts = invoices_texts(lang);
        let none = || texts.no_value.to_string();
        let next_step = match (row.hold, row.next_step) {
            (Some(DunningHold::Disputed), _) => texts.hold_disputed.to_string(),
            (Some(DunningHold::PlanKept(_)), _) => texts.hold_plan.to_string(),
            (None, Some(next)) => format!(
                "{}, {}",
                next.step.kind.describe(lang),
                format::date_short(next.date, lang)
            ),
            (None, None) => none(),
        };
        RowCells {
            href: Route::Invoices(RecordView::Show(row.id.raw())).href(),
            issue: format::date_short(row.issue_date, lang),
            due: format::date_short(row.due_date, lang),
            amount: format::money(row.amount, lang),
            open: row.open.map_or_else(none, |open| format::money(open, lang)),
            days_late: row.days_late.map_or_else(none, |count| days(count, lang)),
            bucket: row
                .bucket
                .and_then(|index| buckets.get(index))
                .map_or_else(none, |bucket| bucket_label(*bucket, lang)),
            status: texts.status(row.status),
            next_step,
        }
    }
}

/// The list of invoices, filtered, sorted and searched as `query` says.
#[component]
pub fn InvoiceList(query: Query) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let today = crate::clock::today();
    let (initial, link_problems) = ListQuery::from_query(&query);
    let list = RwSignal::new(initial);
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let as_of = Memo::new(move |_| list.with(|list| list.as_of).unwrap_or(today));
    // The user's dunning ladder and aging buckets (Settings).
    let settings = crate::state::settings::use_settings();
    let rows = Memo::new(move |_| {
        let as_of = as_of.get();
        SharedRows(Arc::new(books.ledger().with(|ledger| {
            settings
                .with(|settings| build_rows_with(ledger, as_of, &settings.ladder, &settings.aging))
        })))
    });
    let selection = Memo::new(move |_| rows.with(|rows| list.with(|list| select(&rows.0, list))));
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let set_list = move |next: ListQuery, history: History| {
        write_address(&next, history);
        list.set(next);
    };
    let flash = RwSignal::new(flash::take());

    view! {
        <section class="page invoices" data-testid="page-invoices">
            <div class="invoices__head">
                <h1>{move || texts.get().title}</h1>
                <p class="button-row">
                    <a class="button button--secondary" href=Route::Import.href()>{move || texts.get().import_csv}</a>
                    <a class="button" href=Route::Invoices(RecordView::New(Query::EMPTY)).href() data-testid="inv-new">
                        {move || texts.get().new_invoice}
                    </a>
                </p>
            </div>
            <p class="page__intro">{move || texts.get().intro}</p>
            <FlashNotice flash=flash texts=texts/>
            {(!link_problems.is_empty()).then(|| {
                let problems = link_problems.clone();
                view! {
                    <div class="notice notice--warn" data-testid="inv-link-problems">
                        <p>{move || texts.get().link_problems}</p>
                        <ul>
                            {problems
                                .into_iter()
                                .map(|problem| view! { <li>{move || problem.describe(locale.lang())}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
            <Filters list=list rows=rows set_list=set_list texts=texts/>
            {move || {
                let texts = texts.get();
                let lang = locale.lang();
                if loading.get() {
                    return view! { <p class="card card--empty" aria-busy="true">{texts.loading}</p> }.into_any();
                }
                let (total, matching) = selection.with(|selection| (selection.total, selection.matching));
                if total == 0 {
                    return view! {
                        <div class="card card--empty" data-testid="inv-empty">
                            <p><strong>{texts.empty}</strong></p>
                            <p>{texts.empty_hint}</p>
                            <p class="button-row">
                                <a class="button" href=Route::Invoices(RecordView::New(Query::EMPTY)).href()>{texts.new_invoice}</a>
                                <a class="button button--secondary" href=Route::Clients(RecordView::New(Query::EMPTY)).href()>{texts.new_client}</a>
                                <a class="button button--secondary" href=Route::Import.href()>{texts.import_csv}</a>
                            </p>
                        </div>
                    }.into_any();
                }
                let count = view! {
                    <p class="invoices__count" aria-live="polite" data-testid="inv-count">
                        {matching_line(matching, total, lang)}
                    </p>
                };
                if matching == 0 {
                    return view! {
                        {count}
                        <div class="card card--empty" data-testid="inv-no-match">
                            <p>{texts.no_match}</p>
                            <button
                                type="button"
                                class="button button--secondary"
                                data-testid="inv-clear-filters"
                                on:click=move |_| set_list(list.get_untracked().cleared(), History::Push)
                            >
                                {texts.clear_filters}
                            </button>
                        </div>
                    }.into_any();
                }
                view! {
                    {count}
                    <InvoiceTable list=list rows=rows selection=selection as_of=as_of set_list=set_list lang=lang texts=texts/>
                    <Pager list=list selection=selection set_list=set_list lang=lang texts=texts/>
                }.into_any()
            }}
            <Show when=move || !loading.get() && selection.with(|selection| selection.matching > 0)>
                {move || export_block(books, selection, as_of, settings, locale.lang())}
            </Show>
        </section>
    }
}

/// What the form left to say (an invoice saved, a draft deleted with its undo).
#[component]
fn FlashNotice(
    flash: RwSignal<Option<Flash>>,
    #[prop(into)] texts: Signal<&'static InvoicesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let undo_error = RwSignal::new(None::<String>);
    let undo = move |_| {
        let Some(Flash::Deleted { details, status }) = flash.get_untracked() else {
            return;
        };
        let number = details.number().to_string();
        let details = *details;
        match books.apply(move |ledger| ledger.add_invoice(details.clone(), status)) {
            Ok(_) => {
                undo_error.set(None);
                flash.set(Some(Flash::Restored { number }));
            }
            Err(error) => undo_error.set(Some(error.describe(locale.lang_untracked()))),
        }
    };
    view! {
        {move || {
            let texts = texts.get();
            flash.get().map(|shown| {
                let (line, number, can_undo) = match shown {
                    Flash::Saved { number } => (texts.saved, number, false),
                    Flash::Restored { number } => (texts.undone, number, false),
                    Flash::Deleted { details, .. } => (texts.deleted, details.number().to_string(), true),
                };
                view! {
                    <div class="notice notice--ok invoices__flash" role="status" data-testid="inv-flash">
                        <p>{line} " " <strong>{number}</strong></p>
                        <p class="button-row">
                            {can_undo.then(|| view! {
                                <button type="button" class="button button--secondary" data-testid="inv-undo" on:click=undo>
                                    {texts.undo}
                                </button>
                            })}
                            <button type="button" class="button button--secondary" on:click=move |_| flash.set(None)>
                                {texts.dismiss}
                            </button>
                        </p>
                        <p class="field__error" role="alert">{move || undo_error.get()}</p>
                    </div>
                }
            })
        }}
    }
}

/// The filter controls: status, client, bucket, issue dates, search.
#[component]
fn Filters<S>(
    list: RwSignal<ListQuery>,
    rows: Memo<SharedRows>,
    set_list: S,
    #[prop(into)] texts: Signal<&'static InvoicesTexts>,
) -> impl IntoView
where
    S: Fn(ListQuery, History) + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    let change = move |update: fn(&mut ListQuery, String)| {
        Callback::new(move |value: String| {
            let mut next = list.get_untracked();
            update(&mut next, value);
            next.page = 0;
            set_list(next, History::Push);
        })
    };
    // The dates as typed, so that a date being typed is not rewritten under the cursor; the
    // list follows once one reads as a date (or is emptied).
    let date_text = |date: Option<NaiveDate>| date.map(|date| date.to_string()).unwrap_or_default();
    let from_text = RwSignal::new(list.with_untracked(|list| date_text(list.issued_from)));
    let to_text = RwSignal::new(list.with_untracked(|list| date_text(list.issued_to)));
    let date_input = move |text: RwSignal<String>, apply: fn(&mut ListQuery, Option<NaiveDate>)| {
        Callback::new(move |value: String| {
            text.set(value.clone());
            if let Ok(date) = parse_optional_date(Field::IssueDate, &value) {
                let mut next = list.get_untracked();
                apply(&mut next, date);
                next.page = 0;
                set_list(next, History::Push);
            }
        })
    };
    let date_error = move |text: RwSignal<String>| {
        Signal::derive(move || {
            text.with(|text| parse_optional_date(Field::IssueDate, text).err())
                .map(|error| format::typography(&error.describe(locale.lang()), locale.lang()))
        })
    };
    view! {
        <form class="invoices__filters card" role="search" aria-label=move || texts.get().filters on:submit=|event| event.prevent_default() novalidate>
            <div class="field-row">
                <InputField
                    scope="inv-list"
                    name="search"
                    label=Signal::derive(move || texts.get().search)
                    hint=Signal::derive(move || texts.get().search_hint)
                    value=Signal::derive(move || list.with(|list| list.search.clone()))
                    on_input=Callback::new(move |value: String| {
                        let mut next = list.get_untracked();
                        next.search = value.chars().take(MAX_SEARCH_CHARS).collect();
                        next.page = 0;
                        set_list(next, History::Replace);
                    })
                    error=Signal::derive(|| None::<String>)
                />
            </div>
            <div class="field-row">
                <ChoiceField
                    scope="inv-list"
                    name="status"
                    label=Signal::derive(move || texts.get().filter_status)
                    current=Signal::derive(move || {
                        list.with(|list| list.statuses.first().map(|status| status.code()).unwrap_or_default().to_string())
                    })
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        std::iter::once(("", texts.any_status))
                            .chain(RowStatus::ALL.into_iter().map(|status| (status.code(), texts.status(status))))
                            .collect::<Vec<_>>()
                    })
                    on_change=change(|list, value| list.statuses = RowStatus::from_code(&value).into_iter().collect())
                    error=Signal::derive(|| None::<String>)
                />
                <ChoiceField
                    scope="inv-list"
                    name="client"
                    label=Signal::derive(move || texts.get().filter_client)
                    current=Signal::derive(move || {
                        list.with(|list| list.client.map(|client| client.raw().to_string()).unwrap_or_default())
                    })
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        rows.with(|rows| {
                            std::iter::once((String::new(), texts.any_client.to_string()))
                                .chain(rows.0.clients.iter().map(|(id, name)| (id.raw().to_string(), name.clone())))
                                .collect::<Vec<_>>()
                        })
                    })
                    on_change=change(|list, value| {
                        list.client = value.parse().ok().map(crate::domain::ClientId::from_raw);
                    })
                    error=Signal::derive(|| None::<String>)
                />
                <ChoiceField
                    scope="inv-list"
                    name="bucket"
                    label=Signal::derive(move || texts.get().filter_bucket)
                    current=Signal::derive(move || {
                        list.with(|list| list.bucket.map(bucket_code).unwrap_or_default())
                    })
                    choices=Signal::derive(move || {
                        let lang = locale.lang();
                        let texts = texts.get();
                        rows.with(|rows| {
                            std::iter::once((String::new(), texts.any_bucket.to_string()))
                                .chain(rows.0.buckets.iter().map(|bucket| (bucket_code(*bucket), bucket_label(*bucket, lang))))
                                .collect::<Vec<_>>()
                        })
                    })
                    on_change=change(|list, value| {
                        list.bucket = crate::ui::invoices::list_model::bucket_of_code(&value);
                    })
                    error=Signal::derive(|| None::<String>)
                />
            </div>
            <div class="field-row">
                <InputField
                    scope="inv-list"
                    name="from"
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().filter_from)
                    value=from_text
                    on_input=date_input(from_text, |list, date| list.issued_from = date)
                    error=date_error(from_text)
                />
                <InputField
                    scope="inv-list"
                    name="to"
                    kind=InputKind::Date
                    label=Signal::derive(move || texts.get().filter_to)
                    value=to_text
                    on_input=date_input(to_text, |list, date| list.issued_to = date)
                    error=date_error(to_text)
                />
            </div>
            <Show when=move || list.with(ListQuery::is_filtered)>
                <p class="button-row">
                    <button
                        type="button"
                        class="button button--secondary"
                        data-testid="inv-clear"
                        on:click=move |_| {
                            from_text.set(String::new());
                            to_text.set(String::new());
                            set_list(list.get_untracked().cleared(), History::Push);
                        }
                    >
                        {move || texts.get().clear_filters}
                    </button>
                </p>
            </Show>
        </form>
    }
}

/// "Export (CSV)" of what the list shows (every page of the filter): the invoices, their
/// payments, their credit notes.
fn export_block(
    books: crate::state::books::Books,
    selection: Memo<super::list_model::Selection>,
    as_of: Memo<chrono::NaiveDate>,
    settings: crate::state::settings::Settings,
    lang: Lang,
) -> impl IntoView {
    use crate::export::tables::{self, ExportTable};
    use crate::ui::components::csv_export::{CsvExport, CsvTable};
    use std::sync::Arc;
    let t = invoices_texts(lang);
    let ids = move || selection.with_untracked(|selection| selection.ids.clone());
    let tables = vec![
        CsvTable {
            label: t.export_invoices,
            testid: "inv-export-invoices",
            make: Arc::new(move |dialect| {
                let as_of = as_of.get_untracked();
                let ids = ids();
                let aging = settings.get_untracked().aging;
                books
                    .ledger()
                    .with_untracked(|ledger| {
                        tables::invoices_csv(ledger, &ids, as_of, &aging, dialect, lang)
                    })
                    .map(|text| {
                        (
                            tables::file_name(ExportTable::Invoices, as_of, dialect),
                            text,
                        )
                    })
                    .map_err(|error| error.describe(lang))
            }),
        },
        CsvTable {
            label: t.export_payments,
            testid: "inv-export-payments",
            make: Arc::new(move |dialect| {
                let ids = ids();
                let text = books
                    .ledger()
                    .with_untracked(|ledger| tables::payments_csv(ledger, &ids, dialect, lang));
                Ok((
                    tables::file_name(ExportTable::Payments, as_of.get_untracked(), dialect),
                    text,
                ))
            }),
        },
        CsvTable {
            label: t.export_credit_notes,
            testid: "inv-export-credit-notes",
            make: Arc::new(move |dialect| {
                let ids = ids();
                let text = books
                    .ledger()
                    .with_untracked(|ledger| tables::credit_notes_csv(ledger, &ids, dialect, lang));
                Ok((
                    tables::file_name(ExportTable::CreditNotes, as_of.get_untracked(), dialect),
                    text,
                ))
            }),
        },
    ];
    view! { <CsvExport scope="inv" tables=tables/> }
}

/// The table of the page's rows, its sortable headers and the totals.
#[component]
fn InvoiceTable<S>(
    list: RwSignal<ListQuery>,
    rows: Memo<SharedRows>,
    selection: Memo<crate::ui::invoices::list_model::Selection>,
    as_of: Memo<NaiveDate>,
    set_list: S,
    lang: Lang,
    texts: &'static InvoicesTexts,
) -> impl IntoView
where
    S: Fn(ListQuery, History) + Copy + Send + Sync + 'static,
{
    let columns: [(SortKey, &'static str, bool); 10] = [
        (SortKey::Number, texts.col_number, false),
        (SortKey::Client, texts.col_client, false),
        (SortKey::Issue, texts.col_issue, false),
        (SortKey::Due, texts.col_due, false),
        (SortKey::Amount, texts.col_amount, true),
        (SortKey::Open, texts.col_open, true),
        (SortKey::DaysLate, texts.col_days_late, true),
        (SortKey::Bucket, texts.col_bucket, false),
        (SortKey::Status, texts.col_status, false),
        (SortKey::NextStep, texts.col_next_step, false),
    ];
    let headers = columns
        .into_iter()
        .map(|(key, label, numeric)| {
            let direction = move || list.with(|list| list.direction_of(key));
            view! {
                <th scope="col" class:num=numeric aria-sort=move || direction().map_or("none", |direction| direction.aria())>
                    <button
                        type="button"
                        class="sort-button"
                        data-testid=format!("inv-sort-{}", key.code())
                        on:click=move |_| set_list(list.get_untracked().sorted_by(key), History::Push)
                    >
                        {label}
                        <span class="sort-button__arrow" aria-hidden="true">
                            {move || match direction() {
                                Some(crate::ui::invoices::list_model::Direction::Ascending) => "▲",
                                Some(crate::ui::invoices::list_model::Direction::Descending) => "▼",
                                None => "",
                            }}
                        </span>
                    </button>
                </th>
            }
        })
        .collect_view();
    let body = move || {
        rows.with(|rows| {
            let buckets = &rows.0.buckets;
            selection.with(|selection| {
                selection
                    .rows
                    .iter()
                    .map(|row| {
                        let cells = RowCells::of(row, buckets, lang);
                        let code = row.status.code();
                        view! {
                            <tr data-testid="inv-row" data-status=code>
                                <th scope="row"><a href=cells.href>{row.number.clone()}</a></th>
                                <td class="invoice-table__client">{row.client_name.clone()}</td>
                                <td>{cells.issue}</td>
                                <td>{cells.due}</td>
                                <td class="num">{cells.amount}</td>
                                <td class="num">{cells.open}</td>
                                <td class="num">{cells.days_late}</td>
                                <td>{cells.bucket}</td>
                                <td><span class=format!("status status--{code}")>{cells.status}</span></td>
                                <td>{cells.next_step}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let totals = move || {
        selection.with(|selection| {
            selection
                .totals
                .iter()
                .map(|total| {
                    view! {
                        <tr data-testid="inv-total" data-currency=total.currency.code()>
                            <th scope="row" colspan="4">{totals_label(total.currency.code(), total.count, lang)}</th>
                            <td class="num">{format::money(total.amount, lang)}</td>
                            <td class="num">{format::money(total.open, lang)}</td>
                            <td colspan="4"></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-scroll">
            <table class="invoice-table" data-testid="inv-table">
                <caption>{texts.caption} " " {move || format::date_long(as_of.get(), lang)}</caption>
                <thead><tr>{headers}</tr></thead>
                <tbody>{body}</tbody>
                <tfoot>{totals}</tfoot>
            </table>
        </div>
    }
}

/// "Previous / next page" and where the page stands.
#[component]
fn Pager<S>(
    list: RwSignal<ListQuery>,
    selection: Memo<crate::ui::invoices::list_model::Selection>,
    set_list: S,
    lang: Lang,
    texts: &'static InvoicesTexts,
) -> impl IntoView
where
    S: Fn(ListQuery, History) + Copy + Send + Sync + 'static,
{
    let go = move |page: usize| {
        let mut next = list.get_untracked();
        next.page = page;
        set_list(next, History::Push);
    };
    let page = move || selection.with(|selection| selection.page);
    let pages = move || selection.with(|selection| selection.pages);
    view! {
        <Show when=move || { pages() > 1 }>
            <nav class="invoices__pager" aria-label=texts.title>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="inv-previous"
                    disabled=move || page() == 0
                    on:click=move |_| go(page().saturating_sub(1))
                >
                    {texts.previous}
                </button>
                <span data-testid="inv-page">
                    {move || selection.with(|selection| page_line(
                        selection.first_shown,
                        selection.first_shown + selection.rows.len().saturating_sub(1),
                        selection.page + 1,
                        selection.pages,
                        lang,
                    ))}
                </span>
                <button
                    type="button"
                    class="button button--secondary"
                    data-testid="inv-next"
                    disabled=move || page() + 1 >= pages()
                    on:click=move |_| go(page() + 1)
                >
                    {texts.next}
                </button>
            </nav>
        </Show>
    }
}

/// The status a new invoice may take in the form (stored statuses only).
pub fn stored_status_label(status: InvoiceStatus, texts: &InvoicesTexts) -> &'static str {
    match status {
        InvoiceStatus::Draft => texts.status_draft,
        InvoiceStatus::Sent => texts.status_sent,
        InvoiceStatus::Disputed => texts.status_disputed,
        InvoiceStatus::WrittenOff => texts.status_written_off,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::list_model::build_rows;
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    #[test]
    fn a_late_row_reads_in_french_and_in_english() {
        let mut books = Books::new();
        let client = books.client("Dupont <script>", "FR");
        let id = books.invoice("F-2026-001", client, "2026-01-10", "1234.5", "EUR");
        books.pay(id, "2026-01-20", dec!(234.5), Currency::Eur);
        let rows = build_rows(&books.ledger, date("2026-03-01"));
        let Some(row) = rows.rows.first() else {
            panic!("no row")
        };
        let cells = RowCells::of(row, &rows.buckets, Lang::Fr);
        assert_eq!(cells.href, format!("#/invoices/{}", id.raw()));
        assert_eq!(cells.issue, "10/01/2026");
        assert_eq!(cells.due, "09/02/2026");
        assert_eq!(cells.amount, "1\u{202f}234,50\u{a0}€");
        assert_eq!(cells.open, "1\u{202f}000,00\u{a0}€");
        assert_eq!(cells.days_late, "20\u{a0}j");
        assert_eq!(cells.bucket, "1–30\u{a0}jours");
        assert_eq!(cells.status, "En retard");
        assert_eq!(cells.next_step, "première relance, 10/02/2026");
        let cells = RowCells::of(row, &rows.buckets, Lang::En);
        assert_eq!(cells.amount, "€1,234.50");
        assert_eq!(cells.days_late, "20 d");
        assert_eq!(cells.status, "Overdue");
        assert_eq!(cells.next_step, "first reminder, 10 Feb 2026");
        assert_eq!(row.client_name, "Dupont <script>");
    }

    #[test]
    fn a_draft_row_shows_no_balance_and_no_step() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        books.draft("D-1", client, "2026-01-10", "10", "EUR");
        let rows = build_rows(&books.ledger, date("2026-03-01"));
        let cells = rows
            .rows
            .first()
            .map(|row| RowCells::of(row, &rows.buckets, Lang::En));
        let cells = cells.map(|cells| {
            (
                cells.open,
                cells.days_late,
                cells.bucket,
                cells.next_step,
                cells.status,
            )
        });
        assert_eq!(
            cells,
            Some(("—".into(), "—".into(), "—".into(), "—".into(), "Draft"))
        );
    }
}
