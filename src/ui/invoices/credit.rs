//! The invoice page's credit notes: the form that records one (behind a button, since most
//! invoices never get one) and the removal of one with its undo. The rules are in
//! `credit_model`; the books change through `Books::apply`.

use crate::ui::components::field::wiring::{draft_setter, draft_value, error_sentence};
use crate::ui::invoices::credit_model::CreditCheck;
use leptos::prelude::*;

use crate::domain::field::Field;
use crate::domain::{Adjustment, AdjustmentDraft, InvoiceId, InvoiceStatus};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::{Books, use_books};
use crate::state::locale::use_locale;
use crate::ui::components::field::{InputField, InputKind};
use crate::ui::invoices::actions::{PageNotice, focus_field};
use crate::ui::invoices::actions_model::DetailNotice;
use crate::ui::invoices::credit_model::{
    CREDIT_AMOUNT, CREDIT_DATE, CREDIT_REASON, beyond_line, blank_credit, check_credit,
};
use crate::ui::invoices::texts::invoices_texts;

/// Removes `credit`; the notice offers to record it again.
pub fn remove_credit(books: Books, page: PageNotice, credit: &Adjustment, lang: Lang) {
    let id = credit.id();
    let details = credit.details().clone();
    match books.apply(move |ledger| ledger.remove_adjustment(id)) {
        Ok(()) => page.done(DetailNotice::CreditRemoved { details }),
        Err(error) => page.failed(&error, lang),
    }
}

/// The "record a credit note" button and its form, for invoice `id`.
#[component]
pub fn CreditNotes(id: InvoiceId, page: PageNotice) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let draft_invoice = Memo::new(move |_| {
        books.ledger().with(|ledger| {
            ledger
                .invoice(id)
                .is_some_and(|invoice| invoice.status() == InvoiceStatus::Draft)
        })
    });
    let open = RwSignal::new(false);
    view! {
        <section class="invoice-actions__credits" aria-labelledby="inv-credit-title">
            <h2 id="inv-credit-title">{move || texts.get().record_credit}</h2>
            <p class="field__hint">{move || texts.get().credit_hint}</p>
            <Show
                when=move || !draft_invoice.get()
                fallback=move || view! { <p class="card card--empty">{move || texts.get().credit_draft}</p> }
            >
                <p class="button-row">
                    <button type="button" class="button button--secondary"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="inv-credit-form"
                        on:click=move |_| open.update(|open| *open = !*open)>
                        {move || texts.get().credit_open}
                    </button>
                </p>
                <Show when=move || open.get()>
                    <CreditForm id=id page=page open=open/>
                </Show>
            </Show>
        </section>
    }
}

#[component]
fn CreditForm(id: InvoiceId, page: PageNotice, open: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let today = crate::clock::today();
    let draft = RwSignal::new(blank_credit(today));
    let submitted = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let checked = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| draft.with(|draft| check_credit(draft, ledger, id)))
    });
    let error_of = move |name: &'static str| error_sentence(checked, name, CreditCheck::error);
    let set =
        move |update: fn(&mut AdjustmentDraft, String)| draft_setter(draft, save_error, update);
    let value = move |read: fn(&AdjustmentDraft) -> String| draft_value(draft, read);
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let lang = locale.lang_untracked();
        let (details, beyond, first_error) = checked.with_untracked(|checked| {
            (
                checked.details.clone(),
                checked.beyond,
                checked.errors.first().map(|(name, _)| *name),
            )
        });
        let Some(details) = details else {
            save_error.set(Some(invoices_texts(lang).fix_fields.to_string()));
            if let Some(name) = first_error {
                focus_field(name);
            }
            return;
        };
        let amount = details.amount();
        match books.apply(move |ledger| ledger.add_adjustment(details.clone())) {
            Ok(_) => {
                page.done(DetailNotice::CreditSaved { amount, beyond });
                submitted.set(false);
                save_error.set(None);
                draft.set(blank_credit(today));
                open.set(false);
            }
            Err(error) => save_error.set(Some(format::typography(&error.describe(lang), lang))),
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <form id="inv-credit-form" class="invoice-actions__credit card" on:submit=submit on:keydown=on_keydown novalidate>
            <div class="field-row">
                <InputField scope="inv" name=CREDIT_DATE kind=InputKind::Date label=label(Field::AdjustmentDate)
                    value=value(|draft| draft.date.clone()) on_input=set(|draft, text| draft.date = text)
                    error=error_of(CREDIT_DATE) submitted=submitted/>
                <InputField scope="inv" name=CREDIT_AMOUNT kind=InputKind::Decimal label=label(Field::AdjustmentAmount)
                    hint=Signal::derive(move || texts.get().credit_amount_hint)
                    value=value(|draft| draft.amount.clone()) on_input=set(|draft, text| draft.amount = text)
                    error=error_of(CREDIT_AMOUNT) submitted=submitted/>
            </div>
            <InputField scope="inv" name=CREDIT_REASON label=label(Field::CreditReason)
                value=value(|draft| draft.reason.clone()) on_input=set(|draft, text| draft.reason = text)
                error=error_of(CREDIT_REASON) submitted=submitted/>
            {move || checked.with(|checked| checked.beyond).map(|beyond| view! {
                <p class="notice notice--warn">{beyond_line(beyond, locale.lang())}</p>
            })}
            <p class="button-row">
                <button type="submit" class="button">{move || texts.get().credit_save}</button>
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>
                    {move || texts.get().cancel}
                </button>
            </p>
            <p class="field__error" role="alert">{move || save_error.get()}</p>
        </form>
    }
}
