//! The client form (`#/clients/new`, `#/clients/{id}/edit`): every field of a client, each
//! problem beside its field, the regime the country and kind select, a save through the books
//! (then the client's page), and the removal of a client the ledger allows to remove.

use crate::ui::components::focus::focus_after_redraw;
use leptos::prelude::*;

use crate::domain::{ClientDetails, ClientDraft, ClientId, Field, LedgerError, TermsDraft};
use crate::format;
use crate::i18n::Describe;
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{ApplyError, SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::clients::form_model::{
    ConflictLine, EditConflict, SaveRefusal, cap_warning, conflict_lines, edit_draft, new_draft,
    problem_of, regime_line, save, seen, take_theirs, terms_take_date, terms_take_days,
};
use crate::ui::clients::nav::{Flash, go_to};
use crate::ui::clients::texts::{clients_texts, conflict_texts};
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};

const SCOPE: &str = "clients";

/// Creates a client (`editing: None`) or edits one.
#[component]
pub fn ClientForm(editing: Option<u64>) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = move || clients_texts(locale.lang());
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let title = move || match editing {
        None => texts().title_new,
        Some(_) => texts().title_edit,
    };
    view! {
        <section class="page clients clients--form" data-testid="page-clients">
            <h1>{title}</h1>
            <Show
                when=move || !loading.get()
                fallback=move || view! { <p class="page-loading" aria-busy="true">{move || texts().loading}</p> }
            >
                {move || {
                    let editing = editing.map(ClientId::from_raw);
                    // Read once, when the books are ready: what is typed is the form's afterwards.
                    let draft = match editing {
                        None => Some((new_draft(), None)),
                        Some(id) => books
                            .ledger()
                            .with_untracked(|ledger| edit_draft(ledger, id))
                            .map(|(draft, base)| (draft, Some(base))),
                    };
                    match draft {
                        Some((draft, base)) => view! { <FormBody editing=editing draft=draft base=base/> }.into_any(),
                        None => view! { <UnknownClient/> }.into_any(),
                    }
                }}
            </Show>
        </section>
    }
}

/// What a save or a removal could not do.
#[derive(Clone, Debug, PartialEq)]
enum Failure {
    /// Some field is wrong: each says why beside it.
    Invalid,
    Refused(ApplyError<SaveRefusal>),
}

/// `base`: editing, the client as the form opened it, which a save merges with the version
/// stored by then (another tab's, perhaps).
#[component]
fn FormBody(
    editing: Option<ClientId>,
    draft: ClientDraft,
    base: Option<ClientDetails>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let today = crate::clock::today();
    let texts = move || clients_texts(locale.lang());
    let draft = RwSignal::new(draft);
    let submitted = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let base = RwSignal::new(base);
    // The client was changed in another tab meanwhile, on a field this form changed too.
    let conflict = RwSignal::new(None::<EditConflict>);
    // The user chose for each field of a conflict: the next save applies it.
    let settled = RwSignal::new(false);
    let conflicts = Memo::new(move |_| {
        let lang = locale.lang();
        conflict.with(|conflict| {
            conflict
                .as_ref()
                .map_or_else(Vec::new, |conflict| conflict_lines(conflict, lang))
        })
    });
    let problems = Memo::new(move |_| draft.with(ClientDraft::problems));
    let error_of = move |field: Field| {
        Signal::derive(move || {
            let lang = locale.lang();
            let conflicting = conflicts.with(|lines| {
                lines
                    .iter()
                    .find(|line| line.field == field)
                    .map(|line| format::typography(&line.message, lang))
            });
            if conflicting.is_some() {
                return conflicting;
            }
            problems.with(|problems| {
                problem_of(problems, field)
                    .map(|problem| format::typography(&problem.describe(lang), lang))
            })
        })
    };
    let set = move |update: fn(&mut ClientDraft, String)| {
        Callback::new(move |value: String| draft.update(|draft| update(draft, value)))
    };
    let set_terms = move |update: fn(&mut TermsDraft, String)| {
        Callback::new(move |value: String| draft.update(|draft| update(&mut draft.terms, value)))
    };
    let value = move |read: fn(&ClientDraft) -> &String| {
        Signal::derive(move || draft.with(|draft| read(draft).clone()))
    };
    let regime = Memo::new(move |_| draft.with(|draft| regime_line(draft, locale.lang())));
    let cap = Memo::new(move |_| draft.with(|draft| cap_warning(draft, today)));
    let terms_kind = Memo::new(move |_| draft.with(|draft| draft.terms.kind.clone()));

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let Ok(details) = draft.with_untracked(ClientDraft::parse) else {
            failure.set(Some(Failure::Invalid));
            return;
        };
        settled.set(false);
        let base = base.get_untracked();
        // The command may run again on another tab's version (see `Books::apply`): it merges
        // again there.
        let saved = books.apply(move |ledger| {
            let editing = editing.zip(base.as_ref());
            save(ledger, editing, &details)
        });
        match saved {
            Ok(id) => {
                failure.set(None);
                let flash = if editing.is_some() {
                    Flash::Saved
                } else {
                    Flash::Created
                };
                go_to(&Route::Clients(RecordView::Show(id.raw())), flash);
            }
            Err(
                ApplyError::Rejected(SaveRefusal::Conflict(found))
                | ApplyError::Conflict(SaveRefusal::Conflict(found)),
            ) => {
                failure.set(None);
                conflict.set(Some(*found));
                focus_after_redraw("clients-conflict");
            }
            Err(error) => failure.set(Some(Failure::Refused(error))),
        }
    };
    // The user chose: the base takes the other tab's values of the fields concerned, so the
    // next save writes the form's there (and keeps the other tab's other changes).
    let settle = Callback::new(move |take: bool| {
        let Some(found) = conflict.get_untracked() else {
            return;
        };
        if take {
            draft.update(|draft| take_theirs(draft, &found));
        }
        base.update(|base| {
            if let Some(base) = base.as_mut() {
                *base = seen(base, &found);
            }
        });
        conflict.set(None);
        settled.set(true);
        focus_after_redraw("clients-save");
    });
    let cancel_href = match editing {
        Some(id) => Route::Clients(RecordView::Show(id.raw())).href(),
        None => Route::Clients(RecordView::LIST).href(),
    };
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));

    view! {
        <ConflictNotice conflict=conflict conflicts=conflicts settled=settled settle=settle/>
        <form class="clients__form card" novalidate on:submit=on_submit data-testid="clients-form">
            <fieldset class="clients__fieldset">
                <legend>{move || texts().section_identity}</legend>
                <InputField
                    scope=SCOPE
                    name="name"
                    label=label(Field::ClientName)
                    value=value(|draft| &draft.name)
                    on_input=set(|draft, text| draft.name = text)
                    error=error_of(Field::ClientName)
                    submitted=submitted
                />
                <InputField
                    scope=SCOPE
                    kind=InputKind::MultiLine
                    name="address"
                    label=label(Field::Address)
                    value=value(|draft| &draft.address)
                    on_input=set(|draft, text| draft.address = text)
                    error=error_of(Field::Address)
                    submitted=submitted
                />
                <div class="field-row">
                    <InputField
                        scope=SCOPE
                        name="email"
                        label=label(Field::Email)
                        value=value(|draft| &draft.email)
                        on_input=set(|draft, text| draft.email = text)
                        error=error_of(Field::Email)
                        submitted=submitted
                    />
                    <InputField
                        scope=SCOPE
                        name="phone"
                        label=label(Field::Phone)
                        value=value(|draft| &draft.phone)
                        on_input=set(|draft, text| draft.phone = text)
                        error=error_of(Field::Phone)
                        submitted=submitted
                    />
                </div>
                <InputField
                    scope=SCOPE
                    name="tax-id"
                    label=label(Field::TaxId)
                    hint=Signal::derive(move || texts().tax_id_hint)
                    value=value(|draft| &draft.tax_id)
                    on_input=set(|draft, text| draft.tax_id = text)
                    error=error_of(Field::TaxId)
                    submitted=submitted
                />
                <div class="field-row">
                    <InputField
                        scope=SCOPE
                        name="country"
                        label=label(Field::Country)
                        hint=Signal::derive(move || texts().country_hint)
                        value=value(|draft| &draft.country)
                        on_input=set(|draft, text| draft.country = text)
                        error=error_of(Field::Country)
                        submitted=submitted
                    />
                    <ChoiceField
                        scope=SCOPE
                        name="kind"
                        label=label(Field::ClientKind)
                        current=value(|draft| &draft.kind)
                        choices=Signal::derive(move || texts().kind_choices())
                        on_change=set(|draft, code| draft.kind = code)
                        error=error_of(Field::ClientKind)
                    />
                </div>
                <p class="clients__regime" data-testid="clients-regime" aria-live="polite">
                    {move || regime.get().map(|line| format!("{}{} {line}", texts().regime, texts().colon))}
                </p>
            </fieldset>
            <fieldset class="clients__fieldset">
                <legend>{move || texts().section_terms}</legend>
                <p class="field__hint">{move || texts().terms_days_hint}</p>
                <div class="field-row">
                    <ChoiceField
                        scope=SCOPE
                        name="terms"
                        label=label(Field::TermsKind)
                        current=Signal::derive(move || terms_kind.get())
                        choices=Signal::derive(move || texts().terms_choices())
                        on_change=set_terms(|terms, code| terms.kind = code)
                        error=error_of(Field::TermsKind)
                    />
                    <Show when=move || terms_take_days(&terms_kind.get())>
                        <InputField
                            scope=SCOPE
                            name="terms-days"
                            kind=InputKind::Decimal
                            label=label(Field::TermsDays)
                            value=Signal::derive(move || draft.with(|draft| draft.terms.days.clone()))
                            on_input=set_terms(|terms, text| terms.days = text)
                            error=error_of(Field::TermsDays)
                            submitted=submitted
                        />
                    </Show>
                    <Show when=move || terms_take_date(&terms_kind.get())>
                        <InputField
                            scope=SCOPE
                            name="terms-date"
                            kind=InputKind::Date
                            label=label(Field::TermsFixedDate)
                            value=Signal::derive(move || draft.with(|draft| draft.terms.fixed_date.clone()))
                            on_input=set_terms(|terms, text| terms.fixed_date = text)
                            error=error_of(Field::TermsFixedDate)
                            submitted=submitted
                        />
                    </Show>
                </div>
                <div class="field-row">
                    <InputField
                        scope=SCOPE
                        name="discount-percent"
                        kind=InputKind::Decimal
                        label=label(Field::DiscountRate)
                        hint=Signal::derive(move || texts().discount_hint)
                        value=Signal::derive(move || draft.with(|draft| draft.terms.discount_percent.clone()))
                        on_input=set_terms(|terms, text| terms.discount_percent = text)
                        error=error_of(Field::DiscountRate)
                        submitted=submitted
                    />
                    <InputField
                        scope=SCOPE
                        name="discount-days"
                        kind=InputKind::Decimal
                        label=label(Field::DiscountDays)
                        value=Signal::derive(move || draft.with(|draft| draft.terms.discount_days.clone()))
                        on_input=set_terms(|terms, text| terms.discount_days = text)
                        error=error_of(Field::DiscountDays)
                        submitted=submitted
                    />
                </div>
                {move || cap.get().map(|warning| {
                    let lang = locale.lang();
                    view! {
                        <p class="notice notice--warn" data-testid="clients-cap-warning">
                            {format::typography(&warning.describe(lang), lang)}
                        </p>
                    }
                })}
            </fieldset>
            <InputField
                scope=SCOPE
                kind=InputKind::MultiLine
                name="notes"
                label=label(Field::Notes)
                value=value(|draft| &draft.notes)
                on_input=set(|draft, text| draft.notes = text)
                error=error_of(Field::Notes)
                submitted=submitted
            />
            {move || failure.get().map(|failure| {
                let lang = locale.lang();
                let said = match failure {
                    Failure::Invalid => texts().not_saved.to_string(),
                    Failure::Refused(error) => format::typography(&error.describe(lang), lang),
                };
                view! { <p class="notice notice--error" role="alert" data-testid="clients-failure">{said}</p> }
            })}
            <p class="button-row">
                <button type="submit" class="button" id="clients-save" data-testid="clients-save">{move || texts().save}</button>
                <a class="button button--secondary" href=cancel_href data-testid="clients-cancel">{move || texts().cancel}</a>
            </p>
        </form>
        {editing.map(|id| view! { <RemoveClient id=id/> })}
    }
}

/// Above the form: the client was changed in another tab while it was edited here, on fields
/// this form changed too; each field with both values, and the two ways to settle
/// (`settle(true)`: take the other tab's values into the form).
#[component]
fn ConflictNotice(
    conflict: RwSignal<Option<EditConflict>>,
    conflicts: Memo<Vec<ConflictLine>>,
    settled: RwSignal<bool>,
    settle: Callback<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let texts = move || conflict_texts(locale.lang());
    view! {
        <Show when=move || conflict.with(Option::is_some)>
            <div class="notice notice--error" role="alert" id="clients-conflict" tabindex="-1" data-testid="clients-conflict">
                <p>{move || format::typography(texts().intro, locale.lang())}</p>
                <ul>
                    {move || {
                        let lang = locale.lang();
                        conflicts.get().into_iter().map(|line| view! {
                            <li><strong>{line.field.label(lang)}</strong> " — " {format::typography(&line.message, lang)}</li>
                        }).collect_view()
                    }}
                </ul>
                <p class="button-row">
                    <button type="button" class="button" data-testid="clients-keep-mine" on:click=move |_| settle.run(false)>
                        {move || texts().keep_mine}
                    </button>
                    <button type="button" class="button button--secondary" data-testid="clients-take-theirs" on:click=move |_| settle.run(true)>
                        {move || texts().take_theirs}
                    </button>
                </p>
            </div>
        </Show>
        <Show when=move || settled.get()>
            <p class="notice" role="status" data-testid="clients-conflict-settled">{move || format::typography(texts().settled, locale.lang())}</p>
        </Show>
    }
}

/// Removing the client: offered when the ledger allows it, otherwise the reason why not.
#[component]
fn RemoveClient(id: ClientId) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = move || clients_texts(locale.lang());
    let ledger = books.ledger();
    let removable = Memo::new(move |_| ledger.with(|ledger| ledger.check_client_removable(id)));
    let failure = RwSignal::new(None::<ApplyError<LedgerError>>);
    let on_confirm =
        Callback::new(
            move |()| match books.apply(move |ledger| ledger.remove_client(id)) {
                Ok(()) => go_to(
                    &Route::Clients(RecordView::List(Query::EMPTY)),
                    Flash::Deleted,
                ),
                Err(error) => failure.set(Some(error)),
            },
        );
    view! {
        <section class="clients__remove" data-testid="clients-remove">
            <h2>{move || texts().delete_title}</h2>
            {move || match removable.get() {
                Ok(()) => view! {
                    <ConfirmedAction
                        testid="clients-delete"
                        start=Signal::derive(move || texts().delete_start)
                        warning=Signal::derive(move || texts().delete_warning)
                        confirm=Signal::derive(move || texts().delete_confirm)
                        cancel=Signal::derive(move || texts().cancel)
                        on_confirm=on_confirm
                    />
                }.into_any(),
                Err(reason) => {
                    let lang = locale.lang();
                    view! {
                        <p class="field__hint" data-testid="clients-delete-refused">
                            {format::typography(&reason.describe(lang), lang)}
                        </p>
                    }.into_any()
                }
            }}
            {move || failure.get().map(|error| {
                let lang = locale.lang();
                view! { <p class="notice notice--error" role="alert">{format::typography(&error.describe(lang), lang)}</p> }
            })}
        </section>
    }
}

/// An id that names no client: said plainly, with the way back to the list.
#[component]
pub fn UnknownClient() -> impl IntoView {
    let locale = use_locale();
    let texts = move || clients_texts(locale.lang());
    view! {
        <div class="card card--empty" data-testid="clients-unknown">
            <p>{move || texts().unknown}</p>
            <p><a href=Route::Clients(RecordView::LIST).href()>{move || texts().back_to_list}</a></p>
        </div>
    }
}
