//! The import page (`#/import`, lazy chunk `import_view`): a CSV file of invoices from a
//! spreadsheet or another tool, chosen or dropped; its format as detected; its columns, mapped
//! from their headings and editable; the rows checked in chunks with a progress bar (the page
//! stays responsive on a long file); a preview of what each row becomes and the errors in
//! plain words; then, on confirmation only, one atomic change of the books
//! (`import::plan::import_into`). Everything shown comes from `model`.

pub mod model;
pub mod texts;

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::Country;
use crate::i18n::{Describe, Lang};
use crate::import::plan::{
    ClientPlan, ImportDefaults, Plan, Policy, Total, added_totals, import_clients_into,
    import_into, plan, plan_clients,
};
use crate::import::{
    Holds, Import, ImportedClient, ImportedInvoice, MAX_IMPORT_BYTES, ReadError, RowError,
};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::state::settings::use_settings;
use crate::ui::components::file_text::{FileRead, read_file_event};
use model::RowKind;
use texts::import_texts;

/// Rows checked between two pauses that let the browser paint and answer.
const CHUNK_ROWS: usize = 1_000;
/// Row errors listed before "and N more".
const ERRORS_SHOWN: usize = 50;

type Rows = Arc<Vec<Result<ImportedInvoice, RowError>>>;
type ClientRows = Arc<Vec<Result<ImportedClient, RowError>>>;

/// Every row of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Checked {
    Invoices(Rows),
    Clients(ClientRows),
}

/// The file being imported, with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Loaded {
    name: String,
    import: Arc<Import>,
}

/// What the plan gives the page: the plan (and for invoices the added totals).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Planned {
    Invoices {
        plan: Plan,
        totals: Vec<Total>,
        rows: Rows,
    },
    Clients {
        plan: ClientPlan,
        rows: ClientRows,
    },
}

impl Planned {
    fn blocked(&self, policy: Policy, lang: Lang) -> Option<String> {
        match self {
            Planned::Invoices { plan, .. } => model::blocked(plan, policy, lang),
            Planned::Clients { plan, .. } => model::client_blocked(plan, policy, lang),
        }
    }

    fn has_invalid(&self) -> bool {
        match self {
            Planned::Invoices { plan, .. } => plan.invalid().next().is_some(),
            Planned::Clients { plan, .. } => plan.invalid().next().is_some(),
        }
    }

    fn confirm_label(&self, lang: Lang) -> String {
        match self {
            Planned::Invoices { plan, .. } => model::confirm_label(plan, lang),
            Planned::Clients { plan, .. } => model::client_confirm_label(plan, lang),
        }
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let settings = use_settings();
    let texts = move || import_texts(locale.lang());

    let loaded = RwSignal::new(None::<Loaded>);
    let file_error = RwSignal::new(None::<String>);
    let checked = RwSignal::new(None::<Checked>);
    let progress = RwSignal::new((0usize, 0usize));
    let generation = StoredValue::new(0u64);
    let policy = RwSignal::new(Policy::ValidRows);
    let import_error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);

    // Checks every row of the file as mapped now, a chunk at a time; a newer check (a column
    // remapped, another file) makes an older one stop.
    let check = move || {
        checked.set(None);
        import_error.set(None);
        let Some(file) = loaded.get_untracked() else {
            return;
        };
        generation.update_value(|generation| *generation += 1);
        let run = generation.get_value();
        if file.import.mapping.holds() == Holds::Clients {
            checked.set(Some(Checked::Clients(Arc::new(file.import.clients()))));
            return;
        }
        let currency = settings.get_untracked().currency;
        leptos::task::spawn_local(async move {
            let records = &file.import.table.records;
            let total = records.len();
            let mut reader = file.import.reader(currency);
            let mut rows = Vec::with_capacity(total);
            progress.set((0, total));
            for chunk in records.chunks(CHUNK_ROWS) {
                rows.extend(chunk.iter().map(|record| reader.read(record)));
                progress.set((rows.len(), total));
                crate::state::vault::pause(0).await;
                if generation.get_value() != run {
                    return;
                }
            }
            checked.set(Some(Checked::Invoices(Arc::new(rows))));
        });
    };

    let on_file = move |read: FileRead| {
        let lang = locale.lang();
        done.set(None);
        match read {
            FileRead::Read { name, bytes } => match Import::open(&bytes) {
                Ok(import) => {
                    file_error.set(None);
                    loaded.set(Some(Loaded {
                        name,
                        import: Arc::new(import),
                    }));
                    check();
                }
                Err(error) => {
                    loaded.set(None);
                    checked.set(None);
                    file_error.set(Some(error.describe(lang)));
                }
            },
            FileRead::TooLarge { size, .. } => {
                loaded.set(None);
                checked.set(None);
                let bytes = usize::try_from(size).unwrap_or(usize::MAX);
                file_error.set(Some(ReadError::TooLarge { bytes }.describe(lang)));
            }
            FileRead::Unreadable { .. } => {
                loaded.set(None);
                checked.set(None);
                file_error.set(Some(texts().unreadable.to_string()));
            }
        }
    };
    let read_event = move |event: web_sys::Event| {
        event.prevent_default();
        read_file_event(&event, MAX_IMPORT_BYTES as u64, on_file);
    };

    let remap = move |column: usize, code: String| {
        loaded.update(|file| {
            if let Some(file) = file {
                let mut import = (*file.import).clone();
                import.remap(column, model::parse_field_code(&code));
                file.import = Arc::new(import);
            }
        });
        check();
    };

    let planned = Memo::new(move |_| {
        let checked = checked.get()?;
        let defaults = ImportDefaults {
            country: Country::FR,
            terms: settings.with(|settings| settings.terms),
            today: crate::clock::today(),
        };
        Some(Arc::new(books.ledger().with(|ledger| match checked {
            Checked::Invoices(rows) => {
                let plan = plan(ledger, &rows, &defaults);
                let totals = added_totals(&plan, &rows).unwrap_or_default();
                Planned::Invoices { plan, totals, rows }
            }
            Checked::Clients(rows) => Planned::Clients {
                plan: plan_clients(ledger, &rows, &defaults),
                rows,
            },
        })))
    });

    let confirm = move |_| {
        let lang = locale.lang();
        let Some(rows) = checked.get_untracked() else {
            return;
        };
        let policy = policy.get_untracked();
        let defaults = ImportDefaults {
            country: Country::FR,
            terms: settings.get_untracked().terms,
            today: crate::clock::today(),
        };
        let outcome = match rows {
            Checked::Invoices(rows) => books
                .apply(move |ledger| import_into(ledger, &rows, policy, &defaults))
                .map(|report| model::report_line(&report, lang)),
            Checked::Clients(rows) => books
                .apply(move |ledger| import_clients_into(ledger, &rows, policy, &defaults))
                .map(|report| model::client_report_line(&report, lang)),
        };
        match outcome {
            Ok(report) => {
                import_error.set(None);
                done.set(Some(report));
                loaded.set(None);
                checked.set(None);
            }
            Err(error) => import_error.set(Some(error.describe(lang))),
        }
    };

    let start_over = move |_| {
        done.set(None);
        loaded.set(None);
        checked.set(None);
        file_error.set(None);
    };

    view! {
        <section class="page import" data-testid="page-import">
            <h1>{move || texts().title}</h1>
            <p class="page__intro">{move || texts().intro}</p>
            {move || done.get().map(|line| view! {
                <div class="notice notice--ok" role="status">
                    <p>{line}</p>
                    <p class="button-row">
                        <a class="button" href=Route::Invoices(RecordView::LIST).href()>{texts().see_invoices}</a>
                        <a class="button button--secondary" href=Route::Dashboard(Query::EMPTY).href()>{texts().see_dashboard}</a>
                        <button type="button" class="button button--secondary" on:click=start_over>{texts().start_over}</button>
                    </p>
                </div>
            })}
            <section class="card import__step" aria-labelledby="import-file-title">
                <h2 id="import-file-title">{move || texts().file_title}</h2>
                <div
                    class="import__drop"
                    class:field--invalid=move || file_error.with(Option::is_some)
                    on:dragover=move |event| event.prevent_default()
                    on:drop=move |event: leptos::ev::DragEvent| read_event(event.into())
                >
                    <label for="import-file">{move || texts().file_label}</label>
                    <input
                        id="import-file"
                        type="file"
                        accept=".csv,.txt,text/csv,text/plain"
                        aria-describedby="import-file-hint import-file-error"
                        on:change=read_event
                    />
                    <p class="field__hint" id="import-file-hint">
                        {move || texts().drop_here} " " {move || texts().file_hint}
                    </p>
                    <p class="field__error" id="import-file-error" role="alert">{move || file_error.get()}</p>
                </div>
                <p class="field__hint">{move || texts().export_link}</p>
                {move || loaded.get().map(|file| {
                    let lang = locale.lang();
                    view! {
                        <p data-testid="import-dialect">{model::file_line(&file.name, &file.import, lang)}</p>
                        <p>{model::holds_line(file.import.mapping.holds(), lang)}</p>
                    }
                })}
            </section>
            {move || loaded.get().map(|file| view! { <Columns file=file remap=remap/> })}
            {move || {
                let (done_rows, total) = progress.get();
                (loaded.with(Option::is_some) && checked.with(Option::is_none)).then(|| view! {
                    <p class="import__progress" role="status">
                        <label for="import-progress">{texts().checking} " : " {done_rows} " / " {total}</label>
                        " "
                        <progress id="import-progress" max=total value=done_rows></progress>
                    </p>
                })
            }}
            {move || {
                let file = loaded.get()?;
                let planned = planned.get()?;
                Some(view! {
                    {match &*planned {
                        Planned::Invoices { plan, totals, rows } => view! {
                            <Preview file=file plan=plan.clone() totals=totals.clone() rows=rows.clone()/>
                        }.into_any(),
                        Planned::Clients { plan, rows } => view! {
                            <ClientPreview file=file plan=plan.clone() rows=rows.clone()/>
                        }.into_any(),
                    }}
                    <Confirm planned=Signal::stored(planned) policy=policy error=import_error on_confirm=Callback::new(confirm)/>
                })
            }}
        </section>
    }
}

/// Step 2: each column of the file, an example and what it holds (editable).
#[component]
fn Columns(
    file: Loaded,
    remap: impl Fn(usize, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let lang = locale.lang();
    let texts = import_texts(lang);
    let choices = model::field_choices(lang);
    let sample_prefix = texts.example;
    let rows = model::columns(&file.import, lang)
        .into_iter()
        .map(|column| {
            let select_id = format!("import-column-{}", column.index);
            let index = column.index;
            let options = choices
                .iter()
                .map(|(value, label)| {
                    let selected = *value == column.field;
                    view! { <option value=value.clone() selected=selected>{label.clone()}</option> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        <label for=select_id.clone()>{column.heading.clone()}</label>
                        {(!column.sample.is_empty()).then(|| view! {
                            <span class="import__sample">{sample_prefix} " " {column.sample.clone()}</span>
                        })}
                    </th>
                    <td>
                        <select id=select_id on:change=move |event| remap(index, event_target_value(&event))>
                            {options}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let missing = model::missing_line(&file.import, lang);
    view! {
        <section class="card import__step" aria-labelledby="import-columns-title">
            <h2 id="import-columns-title">{texts.columns_title}</h2>
            <p>{texts.columns_intro}</p>
            {missing.map(|line| view! { <p class="notice notice--warn" role="alert">{line}</p> })}
            <div class="table-scroll">
                <table class="invoice-table import__columns">
                    <thead>
                        <tr>
                            <th scope="col">{texts.column}</th>
                            <th scope="col">{texts.holds}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Step 3: the first rows as they will be imported, what the import will do, the row errors.
#[component]
fn Preview(file: Loaded, plan: Plan, totals: Vec<Total>, rows: Rows) -> impl IntoView {
    let locale = use_locale();
    let lang = locale.lang();
    let texts = import_texts(lang);
    let preview = model::preview_rows(
        &file.import,
        &plan,
        &rows,
        crate::import::PREVIEW_ROWS,
        lang,
    );
    let body = preview
        .into_iter()
        .map(|row| {
            let class = row_class(row.kind);
            view! {
                <tr class=class>
                    <td class="num">{row.line}</td>
                    <td>{row.number}</td>
                    <td>
                        {row.client}
                        {row.client_note.map(|note| view! { <span class="import__note">" (" {note} ")"</span> })}
                    </td>
                    <td>{row.issued}</td>
                    <td>{row.due}</td>
                    <td class="num">{row.amount}</td>
                    <td class="num">{row.paid}</td>
                    <td>{row.outcome}</td>
                </tr>
            }
        })
        .collect_view();
    let summary = model::summary(&plan, &totals, lang);
    let (errors, more) = model::error_lines(&plan, ERRORS_SHOWN, lang);
    let head = view! {
        <tr>
                <th scope="col" class="num">{texts.line}</th>
                <th scope="col">{texts.number}</th>
                <th scope="col">{texts.client}</th>
                <th scope="col">{texts.issued}</th>
                <th scope="col">{texts.due}</th>
                <th scope="col" class="num">{texts.amount}</th>
                <th scope="col" class="num">{texts.paid}</th>
                <th scope="col">{texts.outcome}</th>
            </tr>
    };
    preview_card(
        summary,
        head.into_any(),
        body.into_any(),
        errors,
        more,
        lang,
    )
}

/// A preview row's class: added, already in the books (greyed) or invalid (its reason in red).
fn row_class(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Added => "import__row",
        RowKind::Duplicate => "import__row import__row--duplicate",
        RowKind::Invalid => "import__row import__row--invalid",
    }
}

/// Step 3's card: the summary, the first rows (`head`, `body`), the row errors in plain words
/// and how many more.
fn preview_card(
    summary: Vec<String>,
    head: AnyView,
    body: AnyView,
    errors: Vec<String>,
    more: usize,
    lang: Lang,
) -> impl IntoView {
    let texts = import_texts(lang);
    view! {
        <section class="card import__step" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title">{texts.preview_title}</h2>
            <ul class="import__summary" data-testid="import-summary">
                {summary.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            <div class="table-scroll">
                <table class="invoice-table import__preview">
                    <thead>{head}</thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {(!errors.is_empty()).then(|| view! {
                <div class="notice notice--warn">
                    <h3>{texts.errors_title}</h3>
                    <ul data-testid="import-errors">
                        {errors.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! { <p>{model::more_errors_line(more, lang)}</p> })}
                </div>
            })}
        </section>
    }
}

/// Step 3 for a file of clients: the first rows as they will be imported, the summary, the
/// row errors.
#[component]
fn ClientPreview(file: Loaded, plan: ClientPlan, rows: ClientRows) -> impl IntoView {
    let locale = use_locale();
    let lang = locale.lang();
    let texts = import_texts(lang);
    let body = model::client_preview_rows(
        &file.import,
        &plan,
        &rows,
        crate::import::PREVIEW_ROWS,
        lang,
    )
    .into_iter()
    .map(|row| {
        let class = row_class(row.kind);
        view! {
            <tr class=class>
                <td class="num">{row.line}</td>
                <td>{row.name}</td>
                <td>{row.country}</td>
                <td>{row.identifier}</td>
                <td>{row.email}</td>
                <td>{row.outcome}</td>
            </tr>
        }
    })
    .collect_view();
    let summary = model::client_summary(&plan, lang);
    let (errors, more) = model::client_error_lines(&plan, ERRORS_SHOWN, lang);
    let head = view! {
        <tr>
                <th scope="col" class="num">{texts.line}</th>
                <th scope="col">{texts.client}</th>
                <th scope="col">{texts.country}</th>
                <th scope="col">{texts.identifier}</th>
                <th scope="col">{texts.email}</th>
                <th scope="col">{texts.outcome}</th>
            </tr>
    };
    preview_card(
        summary,
        head.into_any(),
        body.into_any(),
        errors,
        more,
        lang,
    )
}

/// Step 4: what to do with invalid rows, and the one button that changes the books.
#[component]
fn Confirm(
    planned: Signal<Arc<Planned>>,
    policy: RwSignal<Policy>,
    error: RwSignal<Option<String>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let texts = move || import_texts(locale.lang());
    let lang = move || locale.lang();
    let blocked = move || planned.with(|planned| planned.blocked(policy.get(), lang()));
    let has_invalid = move || planned.with(|planned| planned.has_invalid());
    let choice = move |value: Policy, label: &'static str| {
        let id = match value {
            Policy::ValidRows => "import-policy-valid",
            Policy::AllOrNothing => "import-policy-none",
        };
        view! {
            <p class="import__choice">
                <input
                    type="radio"
                    name="import-policy"
                    id=id
                    prop:checked=move || policy.get() == value
                    on:change=move |_| policy.set(value)
                />
                <label for=id>{label}</label>
            </p>
        }
    };
    view! {
        <section class="card import__step" aria-labelledby="import-confirm-title">
            <h2 id="import-confirm-title">{move || texts().confirm_title}</h2>
            <p class="field__hint">{move || texts().assumptions}</p>
            {move || has_invalid().then(|| view! {
                <fieldset class="import__policy">
                    <legend>{texts().policy_legend}</legend>
                    {choice(Policy::ValidRows, texts().policy_valid)}
                    {choice(Policy::AllOrNothing, texts().policy_none)}
                </fieldset>
            })}
            {move || blocked().map(|why| view! { <p class="notice notice--warn" role="status">{why}</p> })}
            <p class="button-row">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || blocked().is_some().to_string()
                    on:click=move |_| {
                        if blocked().is_none() {
                            on_confirm.run(());
                        }
                    }
                >
                    {move || planned.with(|planned| planned.confirm_label(lang()))}
                </button>
            </p>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </section>
    }
}
