//! The import page (`#/import`, lazy chunk `import_view`): a CSV file of invoices from a
//! spreadsheet or another tool, chosen or dropped; its format as detected; its columns, mapped
//! from their headings and editable; the rows checked in chunks with a progress bar (the page
//! stays responsive on a long file); a preview of what each row becomes and the errors in
//! plain words; then, on confirmation only, one atomic change of the books
//! (`import::plan::import_into`). Everything shown comes from `model`.

pub mod einvoice_model;
pub mod model;
pub mod texts;

use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::Country;
use crate::format::typography;
use crate::i18n::{Describe, Lang};
use crate::import::einvoice::plan::FilePlan;
use crate::import::einvoice::{
    Answers, FileError, MAX_EINVOICE_BYTES, import_files_into, is_einvoice_file, plan_files,
    read_named,
};
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
use crate::ui::components::file_text::{Chosen, FileRead, choose_files};
use einvoice_model::ReadFile;
use model::RowKind;
use texts::import_texts;

/// Rows checked between two pauses that let the browser paint and answer.
const CHUNK_ROWS: usize = 1_000;
/// Row errors listed before "and N more".
const ERRORS_SHOWN: usize = 50;

type Rows = Arc<Vec<Result<ImportedInvoice, RowError>>>;
type ClientRows = Arc<Vec<Result<ImportedClient, RowError>>>;
type Files = Arc<Vec<ReadFile>>;

/// Every row of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Checked {
    Invoices(Rows),
    Clients(ClientRows),
    /// E-invoices: every file chosen, read.
    EInvoices(Files),
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
    EInvoices {
        plan: FilePlan,
        files: Files,
    },
}

impl Planned {
    fn blocked(&self, policy: Policy, lang: Lang) -> Option<String> {
        match self {
            Planned::Invoices { plan, .. } => model::blocked(plan, policy, lang),
            Planned::Clients { plan, .. } => model::client_blocked(plan, policy, lang),
            Planned::EInvoices { plan, .. } => {
                einvoice_model::blocked(plan, policy, lang).map(|why| typography(&why, lang))
            }
        }
    }

    fn has_invalid(&self) -> bool {
        match self {
            Planned::Invoices { plan, .. } => plan.invalid().next().is_some(),
            Planned::Clients { plan, .. } => plan.invalid().next().is_some(),
            Planned::EInvoices { plan, .. } => plan.problems() > 0,
        }
    }

    fn confirm_label(&self, lang: Lang) -> String {
        match self {
            Planned::Invoices { plan, .. } => model::confirm_label(plan, lang),
            Planned::Clients { plan, .. } => model::client_confirm_label(plan, lang),
            Planned::EInvoices { plan, .. } => einvoice_model::confirm_label(plan, lang),
        }
    }

    /// The policy's legend and choices, what the import assumes, and the step's title.
    fn words(&self, lang: Lang) -> [&'static str; 5] {
        match self {
            Planned::EInvoices { .. } => {
                let t = texts::einvoice_texts(lang);
                [
                    t.policy_legend,
                    t.policy_valid,
                    t.policy_none,
                    t.assumptions,
                    t.confirm_title,
                ]
            }
            _ => {
                let t = import_texts(lang);
                [
                    t.policy_legend,
                    t.policy_valid,
                    t.policy_none,
                    t.assumptions,
                    t.confirm_title,
                ]
            }
        }
    }
}

/// How many bytes a chosen file may have: an e-invoice's limit for a PDF or an XML, the CSV
/// import's for anything else.
fn limit_for(name: &str) -> u64 {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".pdf") || lower.ends_with(".xml") {
        MAX_EINVOICE_BYTES as u64
    } else {
        MAX_IMPORT_BYTES as u64
    }
}

/// A file chosen among e-invoices, read (or why not).
fn read_einvoice(read: FileRead) -> ReadFile {
    match read {
        FileRead::Read { name, bytes } => ReadFile {
            read: read_named(&name, &bytes),
            name,
        },
        FileRead::TooLarge { name, size } => ReadFile {
            name,
            read: Err(FileError::TooLarge {
                bytes: usize::try_from(size).unwrap_or(usize::MAX),
            }),
        },
        FileRead::Unreadable { name } => ReadFile {
            name,
            read: Err(FileError::Unreadable),
        },
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
    let answers = RwSignal::new(Answers::default());
    // E-invoices being read: (read, chosen).
    let reading = RwSignal::new(None::<(usize, usize)>);
    // Files chosen beyond the most read at once.
    let left_aside = RwSignal::new(0usize);

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
    // E-invoices, each read as soon as the browser hands its bytes over (and its bytes then
    // dropped), with progress: the page stays responsive, and memory holds one file at a time.
    let start_einvoices = move |total: usize, first: Option<FileRead>, rest: Option<Chosen>| {
        loaded.set(None);
        checked.set(None);
        file_error.set(None);
        import_error.set(None);
        answers.set(Answers::default());
        generation.update_value(|generation| *generation += 1);
        let run = generation.get_value();
        let files = std::rc::Rc::new(std::cell::RefCell::new(Vec::<ReadFile>::with_capacity(
            total,
        )));
        let finish = {
            let files = files.clone();
            move || {
                if generation.get_value() == run {
                    reading.set(None);
                    checked.set(Some(Checked::EInvoices(Arc::new(files.take()))));
                }
            }
        };
        let add = {
            let files = files.clone();
            move |read: FileRead| {
                if generation.get_value() != run {
                    return false;
                }
                let mut files = files.borrow_mut();
                files.push(read_einvoice(read));
                reading.set(Some((files.len(), total)));
                true
            }
        };
        reading.set(Some((0, total)));
        if let Some(first) = first {
            add(first);
        }
        match rest {
            Some(rest) => rest.read_each(add, finish),
            None => finish(),
        }
    };
    let read_event = move |event: web_sys::Event| {
        event.prevent_default();
        done.set(None);
        let Some(chosen) = choose_files(&event, limit_for) else {
            return;
        };
        left_aside.set(chosen.left_aside);
        let total = chosen.names.len();
        let einvoices = chosen
            .names
            .iter()
            .filter(|name| is_einvoice_file(name, &[]))
            .count();
        if total == 1 && einvoices == 0 {
            // One file, a CSV unless its bytes say it is a PDF or an XML.
            chosen.read_each(
                move |read| {
                    let by_content = matches!(&read, FileRead::Read { name, bytes } if is_einvoice_file(name, bytes));
                    if by_content {
                        start_einvoices(1, Some(read), None);
                    } else {
                        reading.set(None);
                        on_file(read);
                    }
                    false
                },
                || {},
            );
        } else if einvoices == total {
            start_einvoices(total, None, Some(chosen));
        } else {
            generation.update_value(|generation| *generation += 1);
            reading.set(None);
            loaded.set(None);
            checked.set(None);
            file_error.set(Some(texts::einvoice_texts(locale.lang()).mixed.to_string()));
        }
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
            Checked::EInvoices(files) => {
                let reads: Vec<_> = files.iter().map(|file| file.read.clone()).collect();
                let plan = answers.with(|answers| {
                    settings.with(|settings| {
                        plan_files(ledger, &reads, answers, &settings.letterhead, &defaults)
                    })
                });
                Planned::EInvoices { plan, files }
            }
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
            Checked::EInvoices(files) => {
                let reads: Vec<_> = files.iter().map(|file| file.read.clone()).collect();
                let answers = answers.get_untracked();
                let you = settings.get_untracked().letterhead;
                books
                    .apply(move |ledger| {
                        import_files_into(ledger, &reads, &answers, &you, policy, &defaults)
                    })
                    .map(|report| typography(&einvoice_model::report_line(&report, lang), lang))
            }
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
        answers.set(Answers::default());
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
                        multiple
                        accept=".csv,.txt,.pdf,.xml,text/csv,text/plain,application/pdf,application/xml,text/xml"
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
            {move || reading.get().map(|(read, total)| view! {
                <p class="import__progress" role="status">
                    <label for="import-reading">{typography(&einvoice_model::reading_line(read, total, locale.lang()), locale.lang())}</label>
                    " "
                    <progress id="import-reading" max=total value=read></progress>
                </p>
            })}
            {move || (left_aside.get() > 0 && checked.with(|checked| matches!(checked, Some(Checked::EInvoices(_))))).then(|| view! {
                <p class="notice notice--warn" role="status">{typography(&einvoice_model::left_aside_line(left_aside.get(), locale.lang()), locale.lang())}</p>
            })}
            {move || match checked.get() {
                Some(Checked::EInvoices(files)) => Some(view! {
                    <FilePreview files=files planned=planned answers=answers/>
                    <Confirm planned=Signal::derive(move || planned.get()) policy=policy error=import_error on_confirm=Callback::new(confirm)/>
                }),
                _ => None,
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
                        Planned::EInvoices { .. } => ().into_any(),
                    }}
                    <Confirm planned=Signal::stored(Some(planned)) policy=policy error=import_error on_confirm=Callback::new(confirm)/>
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
            <div class="table-scroll" tabindex="0" role="region" aria-label=texts.columns_table>
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
            <div class="table-scroll" tabindex="0" role="region" aria-label=texts.preview_table>
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
    planned: Signal<Option<Arc<Planned>>>,
    policy: RwSignal<Policy>,
    error: RwSignal<Option<String>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let texts = move || import_texts(locale.lang());
    let lang = move || locale.lang();
    let blocked = move || {
        planned.with(|planned| match planned {
            Some(planned) => planned.blocked(policy.get(), lang()),
            None => Some(texts().checking.to_string()),
        })
    };
    let has_invalid =
        move || planned.with(|planned| planned.as_ref().is_some_and(|p| p.has_invalid()));
    let words = move || {
        planned.with(|planned| match planned {
            Some(planned) => planned.words(lang()),
            None => {
                let t = import_texts(lang());
                [
                    t.policy_legend,
                    t.policy_valid,
                    t.policy_none,
                    t.assumptions,
                    t.confirm_title,
                ]
            }
        })
    };
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
            <h2 id="import-confirm-title">{move || words()[4]}</h2>
            <p class="field__hint">{move || words()[3]}</p>
            {move || has_invalid().then(|| {
                let [legend, valid, none, _, _] = words();
                view! {
                    <fieldset class="import__policy">
                        <legend>{legend}</legend>
                        {choice(Policy::ValidRows, valid)}
                        {choice(Policy::AllOrNothing, none)}
                    </fieldset>
                }
            })}
            {move || blocked().map(|why| view! { <p class="notice notice--warn" role="status" id="import-blocked">{why}</p> })}
            <p class="button-row">
                <button
                    type="button"
                    class="button"
                    aria-disabled=move || blocked().is_some().to_string()
                    aria-describedby=move || blocked().is_some().then_some("import-blocked")
                    on:click=move |_| {
                        if blocked().is_none() {
                            on_confirm.run(());
                        }
                    }
                >
                    {move || planned.with(|planned| planned.as_ref().map(|p| p.confirm_label(lang())).unwrap_or_default())}
                </button>
            </p>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </section>
    }
}

/// Step 2 for e-invoices: one row per file (what it becomes, or why it is refused), the date a
/// file without a due date asks for, the summary and the notices. The rows are laid out once
/// per choice of files; only their words follow the plan, so a date being entered keeps its
/// field.
#[component]
fn FilePreview(
    files: Files,
    planned: Memo<Option<Arc<Planned>>>,
    answers: RwSignal<Answers>,
) -> impl IntoView {
    let locale = use_locale();
    let settings = use_settings();
    let lang = move || locale.lang();
    let rows = Memo::new(move |_| {
        planned.with(|planned| match planned.as_deref() {
            Some(Planned::EInvoices { plan, files }) => answers.with(|answers| {
                settings.with(|settings| {
                    let mut rows = einvoice_model::file_rows(
                        files,
                        plan,
                        answers,
                        &settings.letterhead,
                        lang(),
                    );
                    for row in &mut rows {
                        row.outcome = typography(&row.outcome, lang());
                    }
                    rows
                })
            }),
            _ => Vec::new(),
        })
    });
    let with_plan = move |what: &dyn Fn(&FilePlan, &[ReadFile]) -> Vec<String>| {
        planned.with(|planned| match planned.as_deref() {
            Some(Planned::EInvoices { plan, files }) => what(plan, files),
            _ => Vec::new(),
        })
    };
    let cell = move |index: usize, field: fn(&einvoice_model::FileRow) -> String| {
        move || rows.with(|rows| rows.get(index).map(field).unwrap_or_default())
    };
    let body = (0..files.len())
        .map(|index| {
            let asks = move || rows.with(|rows| rows.get(index).and_then(|row| row.asks_due.clone()));
            let input_id = format!("import-due-{index}");
            let set_due = move |event: leptos::ev::Event| {
                let value = event_target_value(&event);
                answers.update(|answers| {
                    match chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
                        Ok(date) => {
                            answers.due_dates.insert(index, date);
                        }
                        Err(_) => {
                            answers.due_dates.remove(&index);
                        }
                    }
                });
            };
            let due_field = {
                let input_id = input_id.clone();
                let initial = rows.with_untracked(|rows| {
                    rows.get(index)
                        .and_then(|row| row.asks_due.is_some().then(|| (row.issue_iso.clone(), row.number.clone())))
                });
                let invalid = move || {
                    rows.with(|rows| {
                        rows.get(index).is_some_and(|row| {
                            row.kind == RowKind::Invalid && row.asks_due.as_deref().is_some_and(|due| !due.is_empty())
                        })
                    })
                };
                initial.map(|(min, number)| view! {
                    <label class="import__due-label" for=input_id.clone()>
                        {move || texts::einvoice_texts(lang()).due_label} " " {number.clone()}
                    </label>
                    <input
                        type="date"
                        id=input_id
                        min=min
                        max="9999-12-31"
                        aria-describedby=format!("import-outcome-{index}")
                        aria-invalid=move || invalid().to_string()
                        prop:value=move || asks().unwrap_or_default()
                        on:change=set_due
                    />
                    {move || rows.with(|rows| rows.get(index).and_then(|row| row.terms.clone())).map(|terms| view! {
                        <span class="import__note">{texts::einvoice_texts(lang()).terms} " " {terms}</span>
                    })}
                })
            };
            view! {
                <tr class=move || rows.with(|rows| rows.get(index).map(|row| row_class(row.kind)).unwrap_or("import__row"))>
                    <td class="import__file">
                        {cell(index, |row| row.file.clone())}
                        <span class="import__format">{cell(index, |row| row.format.clone())}</span>
                    </td>
                    <td>{cell(index, |row| row.document.clone())} " " {cell(index, |row| row.number.clone())}</td>
                    <td>
                        {cell(index, |row| row.client.clone())}
                        {move || rows.with(|rows| rows.get(index).and_then(|row| row.client_note)).map(|note| view! { <span class="import__note">" (" {note} ")"</span> })}
                    </td>
                    <td>{cell(index, |row| row.issued.clone())}</td>
                    <td>{cell(index, |row| row.due.clone())} {due_field}</td>
                    <td class="num">{cell(index, |row| row.amount.clone())}</td>
                    <td class="num">{cell(index, |row| row.paid.clone())}</td>
                    <td id=format!("import-outcome-{index}")>{cell(index, |row| row.outcome.clone())}</td>
                </tr>
            }
        })
        .collect_view();
    let summary = move || {
        with_plan(&|plan, files| {
            einvoice_model::summary(files, plan, lang())
                .iter()
                .map(|line| typography(line, lang()))
                .collect()
        })
    };
    let notices = move || {
        with_plan(&|plan, files| {
            settings.with(|settings| {
                einvoice_model::unchecked_notice(files, plan, lang())
                    .into_iter()
                    .chain(einvoice_model::unsure_notice(
                        files,
                        plan,
                        &settings.letterhead,
                        lang(),
                    ))
                    .chain(einvoice_model::iban_notice(
                        files,
                        plan,
                        &settings.letterhead,
                        lang(),
                    ))
                    .map(|line| typography(&line, lang()))
                    .collect()
            })
        })
    };
    let errors = move || {
        planned.with(|planned| match planned.as_deref() {
            Some(Planned::EInvoices { plan, files }) => settings.with(|settings| {
                let (lines, more) = einvoice_model::error_lines(
                    files,
                    plan,
                    &settings.letterhead,
                    ERRORS_SHOWN,
                    lang(),
                );
                let lines = lines.iter().map(|line| typography(line, lang())).collect();
                (lines, more)
            }),
            _ => (Vec::new(), 0),
        })
    };
    let texts = move || import_texts(lang());
    let e_texts = move || texts::einvoice_texts(lang());
    view! {
        <section class="card import__step" aria-labelledby="import-preview-title">
            <h2 id="import-preview-title">{move || e_texts().preview_title}</h2>
            <ul class="import__summary" data-testid="import-summary" aria-live="polite">
                {move || summary().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {move || notices().into_iter().map(|line| view! { <p class="notice notice--warn" role="status">{line}</p> }).collect_view()}
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || texts().preview_table>
                <table class="invoice-table import__preview">
                    <thead>
                        <tr>
                            <th scope="col">{move || e_texts().file}</th>
                            <th scope="col">{move || e_texts().document}</th>
                            <th scope="col">{move || texts().client}</th>
                            <th scope="col">{move || texts().issued}</th>
                            <th scope="col">{move || texts().due}</th>
                            <th scope="col" class="num">{move || texts().amount}</th>
                            <th scope="col" class="num">{move || texts().paid}</th>
                            <th scope="col">{move || texts().outcome}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || {
                let (errors, more) = errors();
                (!errors.is_empty()).then(|| view! {
                    <div class="notice notice--warn">
                        <h3>{e_texts().errors_title}</h3>
                        <ul data-testid="import-errors">
                            {errors.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                        </ul>
                        {(more > 0).then(|| view! { <p>{einvoice_model::more_errors_line(more, lang())}</p> })}
                    </div>
                })
            }}
        </section>
    }
}
