//! The invoice form (`#/invoices/new`, `#/invoices/new?client=3`, `#/invoices/new?copy=7`,
//! `#/invoices/7/edit`). Every rule is in `form_model` (and the domain behind it); this
//! component lays the fields out, shows what `check` says and saves through the books.

use crate::ui::components::focus::focus_after_redraw;
use crate::ui::invoices::actions::focus_field;
use leptos::prelude::*;

use crate::domain::field::Field;
use crate::domain::interest::RegimeId;
use crate::domain::{Currency, InvoiceId, InvoiceStatus, PenaltyClause};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{ApplyError, SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::components::field::{ChoiceField, FieldWidth, InputField, InputKind};
use crate::ui::invoices::flash::{self, Flash};
use crate::ui::invoices::form_model::{
    BASIS_GROSS, BASIS_NET, Checked, EditBase, EditConflict, FormState, STATUSES, SaveRefusal,
    TERM_KINDS, check, conflict_lines, contract_floor_warning, save_edit,
};
use crate::ui::invoices::list::stored_status_label;
use crate::ui::invoices::list_model::QueryProblem;
use crate::ui::invoices::texts::{InvoicesTexts, conflict_texts, invoices_texts};

/// A penalty regime's name in the form's list.
pub fn regime_label(id: &str, lang: Lang) -> &'static str {
    RegimeId::from_id(id).map_or(invoices_texts(lang).penalty_none, |regime| {
        regime.name(lang)
    })
}

/// A term kind's name in the form's list.
fn term_kind_label(code: &str, texts: &InvoicesTexts) -> &'static str {
    match code {
        "on-receipt" => texts.terms_on_receipt,
        "net" => texts.terms_net,
        "days-end-of-month" => texts.terms_days_end_of_month,
        "end-of-month-days" => texts.terms_end_of_month_days,
        _ => texts.terms_fixed_date,
    }
}

/// Creates an invoice (`editing: None`, prefilled from `prefill`) or edits one.
#[component]
pub fn InvoiceForm(editing: Option<u64>, prefill: Query) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    // The user's defaults for a new invoice and stop-work threshold (Settings).
    let settings = crate::state::settings::use_settings();
    let defaults =
        crate::ui::invoices::form_model::NewInvoiceDefaults::of(&settings.get_untracked());
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let editing = editing.map(InvoiceId::from_raw);
    view! {
        <section class="page invoices invoice-form" data-testid="page-invoices">
            {move || {
                if loading.get() {
                    return view! { <p class="card card--empty" aria-busy="true">{move || texts.get().loading}</p> }.into_any();
                }
                // Read once, when the books are there: the form is the truth afterwards.
                let today = crate::clock::today();
                let opened = books.ledger().with_untracked(|ledger| match editing {
                    Some(id) => ledger.invoice(id).map(|invoice| (FormState::from_invoice(invoice), Vec::new(), Some(EditBase::of(invoice)))),
                    None => {
                        let (form, problems) = FormState::from_prefill_with(&prefill, ledger, today, &defaults);
                        Some((form, problems, None))
                    }
                });
                match opened {
                    None => view! {
                        <h1>{move || texts.get().title_edit}</h1>
                        <div class="card card--empty" data-testid="inv-not-found">
                            <p>{move || texts.get().not_found}</p>
                            <p><a href=Route::Invoices(RecordView::LIST).href()>{move || texts.get().back_to_list}</a></p>
                        </div>
                    }.into_any(),
                    Some((form, problems, base)) => {
                        let copying = prefill.get("copy").is_some() && editing.is_none();
                        view! { <FormBody initial=form problems=problems editing=editing base=base copying=copying/> }.into_any()
                    }
                }
            }}
        </section>
    }
}

#[component]
fn FormBody(
    initial: FormState,
    problems: Vec<QueryProblem>,
    editing: Option<InvoiceId>,
    /// Editing: the invoice as the form opened it, which a save merges with the version stored
    /// by then (another tab's, perhaps).
    base: Option<EditBase>,
    copying: bool,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let settings = crate::state::settings::use_settings();
    let defaults =
        crate::ui::invoices::form_model::NewInvoiceDefaults::of(&settings.get_untracked());
    let original_number = initial.number.clone();
    let form = RwSignal::new(initial);
    let submitted = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let base = RwSignal::new(base);
    // The invoice was changed in another tab meanwhile, on a field this form changed too.
    let conflict = RwSignal::new(None::<EditConflict>);
    // The user chose for each field of a conflict: the next save applies it.
    let settled = RwSignal::new(false);
    let conflicts = Memo::new(move |_| {
        let lang = locale.lang();
        conflict.with(|conflict| {
            conflict.as_ref().map_or_else(Vec::new, |conflict| {
                books
                    .ledger()
                    .with(|ledger| conflict_lines(conflict, ledger, lang))
            })
        })
    });
    // Saved: the page is about to change; the form no longer reports (its own number now
    // taken, say).
    let done = RwSignal::new(false);
    let checked: Memo<Checked> = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| form.with(|form| check(form, ledger, editing)))
    });
    // A French contract rate under three times the legal rate: said under the rate.
    let tables = crate::state::rates::use_rates().tables();
    let floor_warning = Memo::new(move |_| {
        let due_date = checked.with(|checked| checked.due_date);
        tables.with(|tables| form.with(|form| contract_floor_warning(form, due_date, tables)))
    });
    let error_of = move |name: &'static str| {
        Signal::derive(move || {
            let lang = locale.lang();
            if done.get() {
                return None;
            }
            let conflicting = conflicts.with(|lines| {
                lines
                    .iter()
                    .find(|line| line.name == name)
                    .map(|line| format::typography(&line.message, lang))
            });
            if conflicting.is_some() {
                return conflicting;
            }
            checked.with(|checked| {
                checked
                    .error(name)
                    .map(|error| format::typography(&error.describe(lang), lang))
            })
        })
    };
    let set = move |update: fn(&mut FormState, String)| {
        Callback::new(move |value: String| {
            save_error.set(None);
            form.update(|form| update(form, value));
        })
    };
    let value = move |read: fn(&FormState) -> String| Signal::derive(move || form.with(read));
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));
    let clients = Memo::new(move |_| {
        books.ledger().with(|ledger| {
            let mut clients: Vec<(String, String)> = ledger
                .clients()
                .map(|client| (client.id().raw().to_string(), client.name().to_string()))
                .collect();
            clients.sort_by(|left, right| {
                crate::ui::invoices::list_model::natural_cmp(
                    &crate::ui::invoices::list_model::fold(&left.1),
                    &crate::ui::invoices::list_model::fold(&right.1),
                )
            });
            clients
        })
    });
    let kind = move || form.with(|form| form.terms.kind.clone());
    let regime = move || form.with(|form| form.penalty.regime.clone());
    let is_draft = move || {
        editing.is_some_and(|id| {
            books.ledger().with(|ledger| {
                ledger
                    .invoice(id)
                    .is_some_and(|invoice| invoice.status() == InvoiceStatus::Draft)
            })
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let lang = locale.lang_untracked();
        let (details, status, first_error) = checked.with_untracked(|checked| {
            (
                checked.details.clone(),
                checked.status,
                checked.errors.first().map(|(name, _)| *name),
            )
        });
        let (Some(details), Some(status)) = (details, status) else {
            save_error.set(Some(invoices_texts(lang).fix_fields.to_string()));
            if let Some(name) = first_error {
                focus_field(name);
            }
            return;
        };
        let number = details.number().to_string();
        settled.set(false);
        let saved = match (editing, base.get_untracked()) {
            (Some(id), Some(base)) => {
                // Merged again with whatever version the command runs on (see `Books::apply`).
                books.apply(move |ledger| save_edit(ledger, id, &base, &details, status))
            }
            _ => books.apply(move |ledger| {
                ledger
                    .add_invoice(details.clone(), status)
                    .map_err(SaveRefusal::from)
            }),
        };
        match saved {
            Ok(_) => {
                done.set(true);
                flash::leave(Flash::Saved { number });
                let _ = window()
                    .location()
                    .set_hash(&Route::Invoices(RecordView::LIST).href());
            }
            Err(
                ApplyError::Rejected(SaveRefusal::Conflict(found))
                | ApplyError::Conflict(SaveRefusal::Conflict(found)),
            ) => {
                save_error.set(None);
                conflict.set(Some(*found));
                focus_after_redraw("inv-conflict");
            }
            Err(error) => save_error.set(Some(format::typography(&error.describe(lang), lang))),
        }
    };
    // The user chose: the base takes the other tab's values of the fields concerned, so the
    // next save writes the form's there (and keeps the other tab's other changes).
    let settle = move |take_theirs: bool| {
        let Some(found) = conflict.get_untracked() else {
            return;
        };
        if take_theirs {
            form.update(|form| form.take_theirs(&found));
        }
        base.update(|base| {
            if let Some(base) = base.as_mut() {
                *base = base.seen(&found);
            }
        });
        conflict.set(None);
        settled.set(true);
        focus_after_redraw("inv-save");
    };

    let delete = Callback::new(move |()| {
        let Some(id) = editing else { return };
        let kept = books.ledger().with_untracked(|ledger| {
            ledger
                .invoice(id)
                .map(|invoice| (invoice.details().clone(), invoice.status()))
        });
        let Some((details, status)) = kept else {
            return;
        };
        match books.apply(move |ledger| ledger.remove_invoice(id)) {
            Ok(()) => {
                done.set(true);
                flash::leave(Flash::Deleted {
                    details: Box::new(details),
                    status,
                });
                let _ = window()
                    .location()
                    .set_hash(&Route::Invoices(RecordView::LIST).href());
            }
            Err(error) => {
                let lang = locale.lang_untracked();
                save_error.set(Some(format::typography(&error.describe(lang), lang)));
            }
        }
    });

    let title = move || {
        let texts = texts.get();
        match (editing, copying) {
            (Some(_), _) => format!("{} {}", texts.title_edit, original_number),
            (None, true) => texts.title_copy.to_string(),
            (None, false) => texts.title_new.to_string(),
        }
    };

    view! {
        <h1>{title}</h1>
        <ConflictNotice conflict=conflict conflicts=conflicts settled=settled settle=Callback::new(settle)/>
        {(!problems.is_empty()).then(|| view! {
            <div class="notice notice--warn" data-testid="inv-link-problems">
                <p>{move || texts.get().link_problems}</p>
                <ul>
                    {problems.into_iter().map(|problem| view! { <li>{move || problem.describe(locale.lang())}</li> }).collect_view()}
                </ul>
            </div>
        })}
        {editing.map(|id| view! {
            <p class="button-row">
                <a class="button button--secondary" href=Route::Invoices(RecordView::Show(id.raw())).href()>{move || texts.get().invoice_details}</a>
                <a class="button button--secondary" data-testid="inv-duplicate" href=Route::Invoices(RecordView::New(copy_query(id))).href()>{move || texts.get().duplicate}</a>
            </p>
        })}
        <form class="invoice-form__form card" on:submit=submit novalidate data-testid="inv-form">
            <Show
                when=move || clients.with(|clients| !clients.is_empty())
                fallback=move || view! {
                    <div class="notice notice--warn" data-testid="inv-no-clients">
                        <p>{move || texts.get().no_clients}</p>
                        <p><a class="button" href=Route::Clients(RecordView::New(Query::EMPTY)).href()>{move || texts.get().new_client}</a></p>
                    </div>
                }
            >
                <ChoiceField
                    scope="inv"
                    name="client"
                    label=label(Field::Client)
                    current=value(|form| form.client.clone())
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        std::iter::once((String::new(), texts.choose_client.to_string()))
                            .chain(clients.get())
                            .collect::<Vec<_>>()
                    })
                    on_change=Callback::new(move |chosen: String| {
                        save_error.set(None);
                        books.ledger().with_untracked(|ledger| form.update(|form| form.choose_client_with(ledger, &chosen, &defaults)));
                    })
                    error=Signal::derive(move || {
                        let shows = submitted.get() || form.with(|form| !form.client.is_empty());
                        if shows { error_of("client").get() } else { None }
                    })
                />
            </Show>
            {move || {
                // The client owes an invoice long past due: said here too, never a refusal.
                let client = form.with(|form| form.client.trim().parse::<u64>().ok())?;
                let stop = books.ledger().with(|ledger| {
                    crate::domain::stop_work(
                        ledger,
                        crate::domain::ClientId::from_raw(client),
                        crate::clock::today(),
                        settings.with(|settings| settings.stop_work_days),
                    )
                    .ok()
                    .flatten()
                })?;
                Some(view! {
                    <div class="notice notice--warn" role="status" data-testid="inv-stop-work">
                        <p>{move || crate::ui::invoices::texts::stop_work_warning(&stop, locale.lang())}</p>
                    </div>
                })
            }}
            {move || {
                // A demo client: its invoices go with the demo when it is erased.
                let client = form.with(|form| form.client.trim().parse::<u64>().ok())?;
                let demo = books.ledger().with(|ledger| {
                    ledger
                        .client(crate::domain::ClientId::from_raw(client))
                        .is_some_and(|client| client.details().is_demo())
                });
                demo.then(|| view! {
                    <p class="notice notice--warn" role="status">{move || texts.get().demo_client}</p>
                })
            }}
            <div class="field-row">
                <InputField scope="inv" name="number" label=label(Field::InvoiceNumber)
                    value=value(|form| form.number.clone()) on_input=set(|form, text| form.number = text)
                    error=error_of("number") submitted=submitted/>
                <ChoiceField scope="inv" name="status" label=Signal::derive(move || texts.get().status)
                    current=value(|form| form.status.clone())
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        STATUSES.into_iter().map(|status| (status.code(), stored_status_label(status, texts))).collect::<Vec<_>>()
                    })
                    on_change=set(|form, text| form.status = text)
                    error=error_of("status")/>
            </div>
            <div class="field-row">
                <InputField scope="inv" name="issue" kind=InputKind::Date label=label(Field::IssueDate)
                    value=value(|form| form.issue_date.clone()) on_input=set(|form, text| form.issue_date = text)
                    error=error_of("issue") submitted=submitted/>
                <InputField scope="inv" name="delivery" kind=InputKind::Date label=label(Field::DeliveryDate)
                    value=value(|form| form.delivery_date.clone()) on_input=set(|form, text| form.delivery_date = text)
                    error=error_of("delivery") submitted=submitted/>
            </div>
            <div class="field-row">
                <InputField scope="inv" name="amount" kind=InputKind::Decimal label=label(Field::Amount)
                    hint=Signal::derive(move || texts.get().amount_hint)
                    value=value(|form| form.amount.clone()) on_input=set(|form, text| form.amount = text)
                    error=error_of("amount") submitted=submitted/>
                <ChoiceField scope="inv" name="currency" width=FieldWidth::Narrow label=label(Field::Currency)
                    current=value(|form| form.currency.clone())
                    choices=Signal::derive(|| Currency::ALL.into_iter().map(|currency| (currency.code(), currency.code())).collect::<Vec<_>>())
                    on_change=set(|form, text| form.currency = text)
                    error=error_of("currency")/>
            </div>
            <div class="field-row">
                <ChoiceField scope="inv" name="basis" label=Signal::derive(move || texts.get().amount_basis)
                    current=value(|form| form.amount_basis.clone())
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![(BASIS_GROSS, texts.amount_gross), (BASIS_NET, texts.amount_net)]
                    })
                    on_change=set(|form, text| form.amount_basis = text)
                    error=Signal::derive(|| None::<String>)/>
                <InputField scope="inv" name="tax" kind=InputKind::Decimal label=label(Field::TaxRate)
                    value=value(|form| form.tax_rate.clone()) on_input=set(|form, text| form.tax_rate = text)
                    error=error_of("tax") submitted=submitted/>
            </div>
            <fieldset class="invoice-form__group">
                <legend>{move || texts.get().terms}</legend>
                <div class="field-row">
                    <ChoiceField scope="inv" name="terms" label=label(Field::TermsKind)
                        current=Signal::derive(kind)
                        choices=Signal::derive(move || {
                            let texts = texts.get();
                            TERM_KINDS.into_iter().map(|code| (code, term_kind_label(code, texts))).collect::<Vec<_>>()
                        })
                        on_change=set(|form, text| form.terms.kind = text)
                        error=error_of("terms")/>
                    <Show when=move || matches!(kind().as_str(), "net" | "days-end-of-month" | "end-of-month-days")>
                        <InputField scope="inv" name="days" kind=InputKind::Decimal label=label(Field::TermsDays)
                            value=value(|form| form.terms.days.clone()) on_input=set(|form, text| form.terms.days = text)
                            error=error_of("days") submitted=submitted/>
                    </Show>
                    <Show when=move || kind() == "fixed-date">
                        <InputField scope="inv" name="fixed" kind=InputKind::Date label=label(Field::TermsFixedDate)
                            value=value(|form| form.terms.fixed_date.clone()) on_input=set(|form, text| form.terms.fixed_date = text)
                            error=error_of("fixed") submitted=submitted/>
                    </Show>
                </div>
                <DuePreview checked=checked form=form texts=texts/>
                <InputField scope="inv" name="due" kind=InputKind::Date label=Signal::derive(move || texts.get().due_by_hand)
                    hint=Signal::derive(move || texts.get().due_by_hand_hint)
                    value=value(|form| form.due_date.clone()) on_input=set(|form, text| form.due_date = text)
                    error=error_of("due") submitted=submitted/>
                <p class="field__hint">{move || texts.get().discount_hint}</p>
                <div class="field-row">
                    <InputField scope="inv" name="discount" kind=InputKind::Decimal label=label(Field::DiscountRate)
                        value=value(|form| form.terms.discount_percent.clone()) on_input=set(|form, text| form.terms.discount_percent = text)
                        error=error_of("discount") submitted=submitted/>
                    <InputField scope="inv" name="discount-days" kind=InputKind::Decimal label=label(Field::DiscountDays)
                        value=value(|form| form.terms.discount_days.clone()) on_input=set(|form, text| form.terms.discount_days = text)
                        error=error_of("discount-days") submitted=submitted/>
                </div>
            </fieldset>
            <fieldset class="invoice-form__group">
                <legend>{move || texts.get().penalty}</legend>
                <ChoiceField scope="inv" name="penalty" label=label(Field::PenaltyRegime)
                    current=Signal::derive(regime)
                    choices=Signal::derive(move || {
                        let lang = locale.lang();
                        PenaltyClause::REGIME_IDS.into_iter().map(|id| (id, regime_label(id, lang))).collect::<Vec<_>>()
                    })
                    on_change=set(|form, text| form.penalty.regime = text)
                    error=error_of("penalty")/>
                <Show when=move || matches!(regime().as_str(), "fr-b2b-contract" | "fixed")>
                    <InputField scope="inv" name="penalty-rate" kind=InputKind::Decimal label=label(Field::PenaltyRate)
                        value=value(|form| form.penalty.annual_rate_percent.clone()) on_input=set(|form, text| form.penalty.annual_rate_percent = text)
                        error=error_of("penalty-rate") submitted=submitted/>
                </Show>
                {move || floor_warning.get().map(|flag| {
                    let lang = locale.lang();
                    view! {
                        <p class="notice notice--warn" role="status">{format::typography(&flag.describe(lang), lang)}</p>
                    }
                })}
                <Show when=move || regime() == "fixed">
                    <InputField scope="inv" name="compensation" kind=InputKind::Decimal label=label(Field::FixedCompensation)
                        value=value(|form| form.penalty.fixed_compensation.clone()) on_input=set(|form, text| form.penalty.fixed_compensation = text)
                        error=error_of("compensation") submitted=submitted/>
                </Show>
                {move || checked.with(|checked| checked.suggested_penalty).map(|clause| {
                    let lang = locale.lang();
                    view! {
                        <p class="invoice-form__suggestion" data-testid="inv-penalty-suggestion">
                            {texts.get().penalty_suggested} " " {regime_label(clause.regime_id(), lang)} " "
                            <button
                                type="button"
                                class="button button--secondary"
                                on:click=move |_| form.update(|form| form.penalty = crate::domain::PenaltyDraft::from_clause(clause))
                            >
                                {texts.get().use_suggested}
                            </button>
                        </p>
                    }
                })}
            </fieldset>
            <InputField scope="inv" name="notes" kind=InputKind::MultiLine label=label(Field::Notes)
                value=value(|form| form.notes.clone()) on_input=set(|form, text| form.notes = text)
                error=error_of("notes") submitted=submitted/>
            {move || checked.with(|checked| checked.warning).map(|warning| {
                let lang = locale.lang();
                view! {
                    <div class="notice notice--warn" role="status" data-testid="inv-warning">
                        <p>{texts.get().warnings}</p>
                        <p>{format::typography(&warning.describe(lang), lang)}</p>
                    </div>
                }
            })}
            <p class="field__error" role="alert" data-testid="inv-save-error">{move || save_error.get()}</p>
            <p class="button-row">
                <button type="submit" class="button" id="inv-save" data-testid="inv-save">
                    {move || if editing.is_some() { texts.get().save_edit } else { texts.get().save_new }}
                </button>
                <a class="button button--secondary" href=Route::Invoices(RecordView::LIST).href()>{move || texts.get().cancel}</a>
            </p>
        </form>
        <Show when=is_draft>
            <ConfirmedAction
                testid="inv-delete"
                start=Signal::derive(move || texts.get().delete)
                warning=Signal::derive(move || texts.get().delete_warning)
                confirm=Signal::derive(move || texts.get().delete_confirm)
                cancel=Signal::derive(move || texts.get().cancel)
                on_confirm=delete
            />
        </Show>
    }
}

/// At the top of the form: the invoice was changed in another tab while it was edited here,
/// on fields this form changed too; each field with both values, and the two ways to settle
/// (`settle(true)`: take the other tab's values into the form).
#[component]
fn ConflictNotice(
    conflict: RwSignal<Option<EditConflict>>,
    conflicts: Memo<Vec<crate::ui::invoices::form_model::ConflictLine>>,
    settled: RwSignal<bool>,
    settle: Callback<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let texts = move || conflict_texts(locale.lang());
    view! {
        <Show when=move || conflict.with(Option::is_some)>
            <div class="notice notice--error" role="alert" id="inv-conflict" tabindex="-1" data-testid="inv-conflict">
                <p>{move || format::typography(texts().intro, locale.lang())}</p>
                {move || conflict.with(|conflict| conflict.as_ref().and_then(|conflict| conflict.broken.clone())).map(|broken| {
                    let lang = locale.lang();
                    view! { <p>{format::typography(texts().broken, lang)} " " {format::typography(&broken.describe(lang), lang)}</p> }
                })}
                <ul>
                    {move || {
                        let lang = locale.lang();
                        conflicts.get().into_iter().map(|line| view! {
                            <li><strong>{line.label}</strong> " — " {format::typography(&line.message, lang)}</li>
                        }).collect_view()
                    }}
                </ul>
                <p class="button-row">
                    <button type="button" class="button" data-testid="inv-keep-mine" on:click=move |_| settle.run(false)>
                        {move || texts().keep_mine}
                    </button>
                    <button type="button" class="button button--secondary" data-testid="inv-take-theirs" on:click=move |_| settle.run(true)>
                        {move || texts().take_theirs}
                    </button>
                </p>
            </div>
        </Show>
        <Show when=move || settled.get()>
            <p class="notice" role="status" data-testid="inv-conflict-settled">{move || format::typography(texts().settled, locale.lang())}</p>
        </Show>
    }
}

/// `copy=<id>`: the query of a new invoice copying `id`.
fn copy_query(id: InvoiceId) -> Query {
    let mut query = Query::default();
    query.push("copy", id.raw().to_string());
    query
}

/// The due date the terms give now, and the other reading of "fin de mois" to switch to.
#[component]
fn DuePreview(
    checked: Memo<Checked>,
    form: RwSignal<FormState>,
    #[prop(into)] texts: Signal<&'static InvoicesTexts>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        {move || {
            let lang = locale.lang();
            let texts = texts.get();
            let (due, other) = checked.with(|checked| (checked.due_date, checked.other_reading));
            due.map(|due| view! {
                <div class="invoice-form__due" aria-live="polite">
                    <p data-testid="inv-due-preview">
                        {texts.due_preview} " " <strong>{format::date_long(due, lang)}</strong>
                    </p>
                    {other.map(|(code, date)| view! {
                        <p data-testid="inv-other-reading">
                            {texts.other_reading} " " {format::date_long(date, lang)}. " "
                            <button
                                type="button"
                                class="button button--secondary"
                                on:click=move |_| form.update(|form| form.terms.kind = code.to_string())
                            >
                                {texts.use_other_reading}
                            </button>
                        </p>
                    })}
                </div>
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_regime_and_term_kind_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for id in PenaltyClause::REGIME_IDS {
                assert!(!regime_label(id, lang).is_empty(), "{id}");
            }
            let texts = invoices_texts(lang);
            let names: std::collections::BTreeSet<&str> = TERM_KINDS
                .into_iter()
                .map(|code| term_kind_label(code, texts))
                .collect();
            assert_eq!(names.len(), TERM_KINDS.len());
        }
        assert_eq!(regime_label("none", Lang::Fr), "Aucune pénalité");
        assert_eq!(copy_query(InvoiceId::from_raw(7)).to_string(), "copy=7");
    }
}
