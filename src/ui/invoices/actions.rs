//! The invoice page's actions: record a payment, remove one (with its undo), change the
//! status. Every rule is in `actions_model` (and the domain behind it); these components lay
//! the controls out and change the books through `Books::apply`.

use crate::ui::components::field::wiring::error_sentence;
use crate::ui::components::focus::focus_now;
use crate::ui::invoices::actions_model::PaymentCheck;
use leptos::prelude::*;

use crate::domain::field::Field;
use crate::domain::{
    Channel, InvoiceId, InvoiceStatus, LedgerError, Payment, PaymentDraft, PaymentMethod,
};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::{Books, use_books};
use crate::state::locale::use_locale;
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::components::contact_log::channel_label;
use crate::ui::components::field::{ChoiceField, InputField};
use crate::ui::invoices::actions_model::{
    DetailNotice, PAY_AMOUNT, PAY_DATE, PAY_METHOD, PAY_REFERENCE, StatusAction, blank_payment,
    check_payment, dispute_entry, excess_line, notice_line, status_actions,
};
use crate::ui::invoices::texts::{invoices_texts, method_label};

/// What the page says after an action, and why an action failed.
#[derive(Clone, Copy)]
pub struct PageNotice {
    pub notice: RwSignal<Option<DetailNotice>>,
    pub error: RwSignal<Option<String>>,
}

impl Default for PageNotice {
    fn default() -> PageNotice {
        PageNotice {
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }
}

impl PageNotice {
    pub fn done(self, notice: DetailNotice) {
        self.error.set(None);
        self.notice.set(Some(notice));
    }

    pub fn failed(self, error: &impl Describe, lang: Lang) {
        self.error
            .set(Some(format::typography(&error.describe(lang), lang)));
    }
}

/// Moves the focus to the field `name` (the first one in error, after a submit).
pub fn focus_field(name: &str) {
    focus_now(&format!("inv-input-{name}"));
}

/// Removes `payment`; the notice offers to record it again.
pub fn remove_payment(books: Books, page: PageNotice, payment: &Payment, lang: Lang) {
    let id = payment.id();
    let details = payment.details().clone();
    match books.apply(move |ledger| ledger.remove_payment(id)) {
        Ok(()) => page.done(DetailNotice::PaymentRemoved { details }),
        Err(error) => page.failed(&error, lang),
    }
}

/// The page's notice (with the undo of a removed payment) and its error.
#[component]
pub fn NoticeView(page: PageNotice) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let undo = move |_| {
        let restored = match page.notice.get_untracked() {
            Some(DetailNotice::PaymentRemoved { details }) => {
                let amount = details.amount();
                books
                    .apply(move |ledger| ledger.record_payment(details.clone()))
                    .map(|_| DetailNotice::PaymentRestored { amount })
            }
            Some(DetailNotice::CreditRemoved { details }) => {
                let amount = details.amount();
                books
                    .apply(move |ledger| ledger.add_adjustment(details.clone()))
                    .map(|_| DetailNotice::CreditRestored { amount })
            }
            _ => return,
        };
        match restored {
            Ok(notice) => page.done(notice),
            Err(error) => page.failed(&error, locale.lang_untracked()),
        }
    };
    view! {
        {move || {
            let lang = locale.lang();
            let texts = invoices_texts(lang);
            page.notice.get().map(|notice| {
                let undo_label = match notice {
                    DetailNotice::PaymentRemoved { .. } => Some(texts.undo_payment),
                    DetailNotice::CreditRemoved { .. } => Some(texts.undo_credit),
                    _ => None,
                };
                view! {
                    <div class="notice notice--ok invoices__flash" role="status" data-testid="inv-notice">
                        <p>{notice_line(&notice, lang)}</p>
                        <p class="button-row">
                            {undo_label.map(|label| view! {
                                <button type="button" class="button button--secondary" data-testid="inv-undo-payment" on:click=undo>
                                    {label}
                                </button>
                            })}
                            <button type="button" class="button button--secondary" on:click=move |_| page.notice.set(None)>
                                {texts.dismiss}
                            </button>
                        </p>
                    </div>
                }
            })
        }}
        <p class="field__error" role="alert" data-testid="inv-action-error">{move || page.error.get()}</p>
    }
}

/// The status changes and the payment form of invoice `id`.
#[component]
pub fn InvoiceActions(id: InvoiceId, page: PageNotice) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let status = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| ledger.invoice(id).map(|invoice| invoice.status()))
    });
    view! {
        <section class="invoice-actions">
            <h2>{move || invoices_texts(locale.lang()).status_actions}</h2>
            {move || status.get().map(|status| view! { <StatusActions id=id status=status page=page/> })}
            <h2>{move || invoices_texts(locale.lang()).record_payment}</h2>
            <Show
                when=move || status.get().is_some_and(|status| status != InvoiceStatus::Draft)
                fallback=move || view! { <p class="card card--empty" data-testid="inv-pay-draft">{move || invoices_texts(locale.lang()).pay_draft}</p> }
            >
                <PaymentForm id=id page=page/>
            </Show>
        </section>
    }
}

#[component]
fn PaymentForm(id: InvoiceId, page: PageNotice) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let today = crate::clock::today();
    let blank = move || {
        books
            .ledger()
            .with_untracked(|ledger| blank_payment(ledger, id, today, locale.lang_untracked()))
    };
    let typed = RwSignal::new(blank());
    // Until the user types an amount, it follows the open balance (a credit note or another
    // tab's payment changes it).
    let amount_typed = RwSignal::new(false);
    let draft = Memo::new(move |_| {
        let mut draft = typed.get();
        if !amount_typed.get() {
            draft.amount = books
                .ledger()
                .with(|ledger| blank_payment(ledger, id, today, locale.lang()).amount);
        }
        draft
    });
    let submitted = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let checked = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| draft.with(|draft| check_payment(draft, ledger, id)))
    });
    let error_of = move |name: &'static str| error_sentence(checked, name, PaymentCheck::error);
    let set = move |update: fn(&mut PaymentDraft, String)| {
        Callback::new(move |value: String| {
            save_error.set(None);
            typed.update(|typed| update(typed, value));
        })
    };
    let set_amount = Callback::new(move |value: String| {
        save_error.set(None);
        amount_typed.set(true);
        typed.update(|typed| typed.amount = value);
    });
    let value = move |read: fn(&PaymentDraft) -> String| Signal::derive(move || draft.with(read));
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let lang = locale.lang_untracked();
        let (details, excess, deposit, first_error) = checked.with_untracked(|checked| {
            (
                checked.details.clone(),
                checked.excess,
                checked.deposit,
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
        match books.apply(move |ledger| ledger.record_payment(details.clone())) {
            Ok(_) => {
                page.done(DetailNotice::PaymentSaved {
                    amount,
                    deposit,
                    excess,
                });
                submitted.set(false);
                save_error.set(None);
                amount_typed.set(false);
                typed.set(blank());
            }
            Err(error) => save_error.set(Some(format::typography(&error.describe(lang), lang))),
        }
    };
    view! {
        <form class="invoice-actions__payment card" on:submit=submit novalidate data-testid="inv-pay-form">
            <div class="field-row">
                <InputField scope="inv" name=PAY_DATE kind=crate::ui::components::field::InputKind::Date label=label(Field::PaymentDate)
                    value=value(|draft| draft.date.clone()) on_input=set(|draft, text| draft.date = text)
                    error=error_of(PAY_DATE) submitted=submitted/>
                <InputField scope="inv" name=PAY_AMOUNT kind=crate::ui::components::field::InputKind::Decimal label=label(Field::PaymentAmount)
                    hint=Signal::derive(move || texts.get().pay_amount_hint)
                    value=value(|draft| draft.amount.clone()) on_input=set_amount
                    error=error_of(PAY_AMOUNT) submitted=submitted/>
            </div>
            <div class="field-row">
                <ChoiceField scope="inv" name=PAY_METHOD label=label(Field::PaymentMethod)
                    current=value(|draft| draft.method.clone())
                    choices=Signal::derive(move || {
                        let lang = locale.lang();
                        PaymentMethod::ALL.into_iter().map(|method| (method.code(), method_label(method, lang))).collect::<Vec<_>>()
                    })
                    on_change=set(|draft, text| draft.method = text)
                    error=error_of(PAY_METHOD)/>
                <InputField scope="inv" name=PAY_REFERENCE label=label(Field::Reference)
                    value=value(|draft| draft.reference.clone()) on_input=set(|draft, text| draft.reference = text)
                    error=error_of(PAY_REFERENCE) submitted=submitted/>
            </div>
            {move || checked.with(|checked| checked.deposit).then(|| view! {
                <p class="field__hint" data-testid="inv-pay-deposit">{texts.get().pay_deposit_hint}</p>
            })}
            {move || checked.with(|checked| checked.excess).map(|excess| view! {
                <p class="notice notice--warn" data-testid="inv-pay-excess">{excess_line(excess, locale.lang())}</p>
            })}
            <p class="button-row">
                <button type="submit" class="button" data-testid="inv-pay-save">{move || texts.get().pay_save}</button>
            </p>
            <p class="field__error" role="alert" data-testid="inv-pay-error">{move || save_error.get()}</p>
        </form>
    }
}

#[component]
fn StatusActions(id: InvoiceId, status: InvoiceStatus, page: PageNotice) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || invoices_texts(locale.lang()));
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let channel = RwSignal::new(Channel::Email.code().to_string());
    let change = move |action: StatusAction| {
        let target = action.target();
        match books.apply(move |ledger| ledger.set_status(id, target)) {
            Ok(()) => page.done(DetailNotice::StatusChanged {
                status: target,
                reason_logged: false,
            }),
            Err(error) => page.failed(&error, locale.lang_untracked()),
        }
    };
    let dispute = move |_| {
        let lang = locale.lang_untracked();
        let today = crate::clock::today();
        let entry = books.ledger().with_untracked(|ledger| {
            dispute_entry(
                ledger,
                id,
                today,
                &channel.get_untracked(),
                &reason.get_untracked(),
                lang,
            )
        });
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => return page.failed(&error, locale.lang_untracked()),
        };
        let reason_logged = entry.is_some();
        match books.apply(move |ledger| {
            ledger.set_status(id, InvoiceStatus::Disputed)?;
            if let Some(entry) = &entry {
                ledger.log_contact(entry.clone())?;
            }
            Ok::<(), LedgerError>(())
        }) {
            Ok(()) => page.done(DetailNotice::StatusChanged {
                status: InvoiceStatus::Disputed,
                reason_logged,
            }),
            Err(error) => page.failed(&error, locale.lang_untracked()),
        }
    };
    let buttons = status_actions(status)
        .iter()
        .map(|action| {
            let action = *action;
            match action {
                StatusAction::WriteOff => view! {
                    <ConfirmedAction
                        testid="inv-write-off"
                        start=Signal::derive(move || texts.get().write_off)
                        warning=Signal::derive(move || texts.get().write_off_warning)
                        confirm=Signal::derive(move || texts.get().write_off_confirm)
                        cancel=Signal::derive(move || texts.get().cancel)
                        on_confirm=Callback::new(move |()| change(action))
                    />
                }
                .into_any(),
                StatusAction::MarkDisputed => view! {
                    <p class="button-row">
                        <button type="button" class="button button--secondary" data-testid=action.testid()
                            aria-expanded=move || disputing.get().to_string()
                            on:click=move |_| disputing.update(|open| *open = !*open)>
                            {move || texts.get().mark_disputed}
                        </button>
                    </p>
                }
                .into_any(),
                StatusAction::MarkSent | StatusAction::BackToSent => view! {
                    <p class="button-row">
                        <button type="button" class="button button--secondary" data-testid=action.testid() on:click=move |_| change(action)>
                            {move || if action == StatusAction::MarkSent { texts.get().mark_sent } else { texts.get().back_to_sent }}
                        </button>
                    </p>
                }
                .into_any(),
            }
        })
        .collect_view();
    view! {
        <div class="invoice-actions__status">
            {buttons}
            <Show when=move || disputing.get()>
                <div class="card invoice-actions__dispute" data-testid="inv-dispute">
                    <div class="field-row">
                        <InputField scope="inv" name="dispute-reason" label=Signal::derive(move || texts.get().dispute_reason)
                            hint=Signal::derive(move || texts.get().dispute_hint)
                            value=Signal::derive(move || reason.get()) on_input=Callback::new(move |text: String| reason.set(text))
                            error=Signal::derive(|| None::<String>)/>
                        <ChoiceField scope="inv" name="dispute-channel" label=Signal::derive(move || texts.get().dispute_channel)
                            current=Signal::derive(move || channel.get())
                            choices=Signal::derive(move || {
                                let lang = locale.lang();
                                Channel::ALL.into_iter().map(|channel| (channel.code(), channel_label(channel, lang))).collect::<Vec<_>>()
                            })
                            on_change=Callback::new(move |code: String| channel.set(code))
                            error=Signal::derive(|| None::<String>)/>
                    </div>
                    <p class="button-row">
                        <button type="button" class="button" data-testid="inv-mark-disputed-confirm" on:click=dispute>
                            {move || texts.get().dispute_confirm}
                        </button>
                        <button type="button" class="button button--secondary" data-testid="inv-mark-disputed-cancel" on:click=move |_| disputing.set(false)>
                            {move || texts.get().cancel}
                        </button>
                    </p>
                </div>
            </Show>
        </div>
    }
}
