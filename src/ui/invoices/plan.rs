//! The invoice page's payment plan (échéancier): the current plan with each installment's
//! state (a missed one said in words and marked, never by colour alone), the plan's status and
//! the interest freeze, "cancel the plan" behind a confirmation with its undo, the earlier
//! plans, and the form that proposes a new one with its live preview. What it shows is
//! computed by `ui/components/plan_summary.rs` and `plan_model.rs`; every change goes through
//! `Books::apply`.

use crate::ui::components::field::wiring::{draft_setter, draft_value, error_sentence};
use crate::ui::components::focus::{focus_after_redraw, focus_now};
use crate::ui::invoices::plan_model::PlanCheck;
use leptos::prelude::*;

use crate::domain::field::Field;
use crate::domain::{InvoiceId, PlanDraft, PlanPeriod, PlanTerms};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::ui::components::confirm::ConfirmedAction;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};
use crate::ui::components::plan_summary::{
    InstallmentShown, InvoicePlans, PastPlan, PlanShown, invoice_plans,
};
use crate::ui::components::plan_words::{plan_words, status_text, terms_text};
use crate::ui::invoices::plan_model::{
    PLAN_AGREED, PLAN_COUNT, PLAN_FIRST, PLAN_PERIOD, blank_plan, check_plan,
};
use crate::ui::invoices::plan_texts::{freeze_text, plan_heading, plan_texts, preview_total};

/// What the section says after an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlanNotice {
    Saved,
    /// The plan was deleted: these terms agree it again.
    Cancelled(PlanTerms),
    Restored,
}

/// The payment-plan section of invoice `id`.
#[component]
pub fn PlanSection(id: InvoiceId) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let today = crate::clock::today();
    let plans = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| invoice_plans(ledger, id, today))
    });
    let opened = RwSignal::new(false);
    let notice = RwSignal::new(None::<PlanNotice>);
    let error = RwSignal::new(None::<String>);
    let failed = move |described: String| {
        let lang = locale.lang_untracked();
        error.set(Some(format::typography(&described, lang)));
    };
    let cancel_plan = Callback::new(move |(plan, terms): (crate::domain::PlanId, PlanTerms)| {
        let lang = locale.lang_untracked();
        match books.apply(move |ledger| ledger.cancel_plan(plan)) {
            Ok(()) => {
                error.set(None);
                notice.set(Some(PlanNotice::Cancelled(terms)));
                focus_after_redraw("plan-heading");
            }
            Err(problem) => failed(problem.describe(lang)),
        }
    });
    let restore = move |_| {
        let Some(PlanNotice::Cancelled(terms)) = notice.get_untracked() else {
            return;
        };
        let lang = locale.lang_untracked();
        match books.apply(move |ledger| ledger.agree_plan(terms)) {
            Ok(_) => {
                error.set(None);
                notice.set(Some(PlanNotice::Restored));
                focus_after_redraw("plan-current-heading");
            }
            Err(problem) => failed(problem.describe(lang)),
        }
    };
    let on_saved = Callback::new(move |()| {
        opened.set(false);
        error.set(None);
        notice.set(Some(PlanNotice::Saved));
        focus_after_redraw("plan-current-heading");
    });
    let on_close = Callback::new(move |()| {
        opened.set(false);
        focus_after_redraw("plan-propose");
    });
    let can_propose = Memo::new(move |_| {
        plans.with(|plans| {
            plans
                .as_ref()
                .is_some_and(|plans| plans.as_ref().is_ok_and(|plans| plans.can_propose))
        })
    });
    view! {
        <section class="plan" aria-labelledby="plan-heading" data-testid="plan-section">
            <h2 id="plan-heading" tabindex="-1">{move || plan_words(locale.lang()).plan_title}</h2>
            {move || notice.get().map(|shown| {
                let texts = plan_texts(locale.lang());
                let (line, can_restore) = match shown {
                    PlanNotice::Saved => (texts.saved, false),
                    PlanNotice::Cancelled(_) => (texts.cancelled, true),
                    PlanNotice::Restored => (texts.restored, false),
                };
                view! {
                    <div class="notice notice--ok" role="status" data-testid="plan-notice">
                        <p>{line}</p>
                        <p class="button-row">
                            {can_restore.then(|| view! {
                                <button type="button" class="button button--secondary" data-testid="plan-restore" on:click=restore>
                                    {texts.restore}
                                </button>
                            })}
                            <button type="button" class="button button--secondary" on:click=move |_| notice.set(None)>
                                {texts.dismiss}
                            </button>
                        </p>
                    </div>
                }
            })}
            <p class="field__error" role="alert" data-testid="plan-error">{move || error.get()}</p>
            {move || {
                let lang = locale.lang();
                match plans.get() {
                    None => ().into_any(),
                    Some(Err(problem)) => view! {
                        <p class="notice notice--error" role="alert">{problem.describe(lang)}</p>
                    }.into_any(),
                    Some(Ok(plans)) => plans_view(plans, lang, cancel_plan).into_any(),
                }
            }}
            <Show when=move || can_propose.get() && !opened.get()>
                <p class="button-row">
                    <button type="button" id="plan-propose" class="button" data-testid="plan-propose"
                        on:click=move |_| opened.set(true)>
                        {move || plan_words(locale.lang()).propose}
                    </button>
                </p>
            </Show>
            <Show when=move || opened.get() && can_propose.get()>
                <PlanForm id=id on_saved=on_saved on_close=on_close/>
            </Show>
        </section>
    }
}

/// The current plan and the earlier ones.
fn plans_view(
    plans: InvoicePlans,
    lang: Lang,
    cancel_plan: Callback<(crate::domain::PlanId, PlanTerms)>,
) -> impl IntoView {
    let texts = plan_texts(lang);
    let none = (plans.current.is_none() && !plans.can_propose)
        .then(|| view! { <p class="card card--empty" data-testid="plan-none">{texts.none}</p> });
    let broken_hint = plans
        .current
        .as_ref()
        .is_some_and(|plan| !plan.is_kept() && plans.can_propose)
        .then(|| view! { <p class="field__hint">{texts.new_after_broken}</p> });
    let current = plans
        .current
        .map(|plan| current_view(plan, lang, cancel_plan));
    let past = (!plans.past.is_empty()).then(|| {
        let items = plans
            .past
            .iter()
            .map(|plan| past_line(plan, lang))
            .collect_view();
        view! {
            <h3>{texts.past_title}</h3>
            <ul class="plan__past" data-testid="plan-past">{items}</ul>
        }
    });
    view! { {none} {current} {broken_hint} {past} }
}

fn past_line(plan: &PastPlan, lang: Lang) -> impl IntoView + use<> {
    view! {
        <li>
            {terms_text(plan.terms, lang)} " — " {format::money(plan.balance, lang)} " — "
            {status_text(plan.status, lang)}
        </li>
    }
}

fn current_view(
    plan: PlanShown,
    lang: Lang,
    cancel_plan: Callback<(crate::domain::PlanId, PlanTerms)>,
) -> impl IntoView {
    let texts = plan_texts(lang);
    let words = plan_words(lang);
    let interest = match plan.freeze {
        Some(freeze) => freeze_text(freeze.from, freeze.until, lang),
        None => texts.interest_runs.to_string(),
    };
    let status_class = if plan.is_kept() {
        "plan__status"
    } else {
        "plan__status plan__status--off"
    };
    let rows = plan
        .installments
        .iter()
        .map(|row| {
            let (sign, code) = match row.state {
                InstallmentShown::Paid => ("✓ ", "paid"),
                InstallmentShown::PartlyPaid => ("◐ ", "partly-paid"),
                InstallmentShown::DueNext => ("→ ", "due-next"),
                InstallmentShown::Upcoming => ("", "upcoming"),
                InstallmentShown::Missed => ("⚠ ", "missed"),
            };
            view! {
                <tr data-testid="plan-installment" data-state=code class:plan__row--missed=row.state == InstallmentShown::Missed>
                    <th scope="row">{row.number}</th>
                    <td>{format::date_short(row.due_date, lang)}</td>
                    <td class="num">{format::money(row.amount, lang)}</td>
                    <td class="num">{format::money(row.paid, lang)}</td>
                    <td>
                        <span class=format!("plan-state plan-state--{code}") data-testid="plan-installment-state">
                            <span aria-hidden="true">{sign}</span>{words.installment(row.state)}
                        </span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let id = plan.id;
    let terms = plan.terms;
    view! {
        <div class="card plan__current" data-testid="plan-current">
            <h3 id="plan-current-heading" tabindex="-1">{plan_heading(plan.terms.agreed_on(), lang)}</h3>
            <dl class="invoice-detail__facts">
                <dt>{texts.terms}</dt><dd>{terms_text(plan.terms, lang)}</dd>
                <dt>{texts.amount_split}</dt><dd>{format::money(plan.balance, lang)}</dd>
                <dt>{texts.status}</dt><dd class=status_class data-testid="plan-status">{status_text(plan.status, lang)}</dd>
                <dt>{texts.interest}</dt><dd data-testid="plan-interest">{interest}</dd>
            </dl>
            <div class="table-scroll">
                <table class="invoice-table plan__table" data-testid="plan-installments">
                    <caption>{texts.installments_caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{texts.col_number}</th>
                            <th scope="col">{texts.col_date}</th>
                            <th scope="col" class="num">{texts.col_amount}</th>
                            <th scope="col" class="num">{texts.col_paid}</th>
                            <th scope="col">{texts.col_state}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ConfirmedAction
                testid="plan-cancel"
                start=texts.cancel_start
                warning=texts.cancel_warning
                confirm=texts.cancel_confirm
                cancel=texts.cancel_keep
                on_confirm=Callback::new(move |()| cancel_plan.run((id, terms)))
            />
        </div>
    }
}

/// The form proposing a plan, with the installments it would agree.
#[component]
fn PlanForm(id: InvoiceId, on_saved: Callback<()>, on_close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let texts = Signal::derive(move || plan_texts(locale.lang()));
    let draft = RwSignal::new(blank_plan(crate::clock::today()));
    let submitted = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let checked = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| draft.with(|draft| check_plan(draft, ledger, id)))
    });
    let error_of = move |name: &'static str| error_sentence(checked, name, PlanCheck::error);
    let set = move |update: fn(&mut PlanDraft, String)| draft_setter(draft, save_error, update);
    let value = move |read: fn(&PlanDraft) -> String| draft_value(draft, read);
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let lang = locale.lang_untracked();
        let (terms, first_error) = checked.with_untracked(|checked| {
            (checked.terms, checked.errors.first().map(|(name, _)| *name))
        });
        let Some(terms) = terms else {
            save_error.set(Some(plan_texts(lang).fix_fields.to_string()));
            if let Some(name) = first_error {
                focus_now(&format!("plan-input-{name}"));
            }
            return;
        };
        match books.apply(move |ledger| ledger.agree_plan(terms)) {
            Ok(_) => on_saved.run(()),
            Err(error) => save_error.set(Some(format::typography(&error.describe(lang), lang))),
        }
    };
    let escape = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            on_close.run(());
        }
    };
    let preview = move || {
        let lang = locale.lang();
        let texts = plan_texts(lang);
        checked.with(|checked| match (&checked.preview, checked.terms) {
            (Some(preview), Some(terms)) => {
                let rows = preview
                    .installments
                    .iter()
                    .map(|installment| view! {
                        <tr data-testid="plan-preview-row">
                            <th scope="row">{installment.number}</th>
                            <td>{format::date_short(installment.due_date, lang)}</td>
                            <td class="num">{format::money(installment.amount, lang)}</td>
                        </tr>
                    })
                    .collect_view();
                view! {
                    <p data-testid="plan-preview-total">{preview_total(preview.installments.len(), preview.balance, terms.agreed_on(), lang)}</p>
                    <div class="table-scroll">
                        <table class="invoice-table plan__table" data-testid="plan-preview">
                            <caption>{texts.preview_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{texts.col_number}</th>
                                    <th scope="col">{texts.col_date}</th>
                                    <th scope="col" class="num">{texts.col_amount}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
            _ => view! { <p class="card card--empty" data-testid="plan-preview-empty">{texts.preview_empty}</p> }.into_any(),
        })
    };
    view! {
        <form class="card plan__form" on:submit=submit on:keydown=escape novalidate
            aria-labelledby="plan-form-title" data-testid="plan-form">
            <h3 id="plan-form-title">{move || texts.get().form_title}</h3>
            <div class="field-row">
                <InputField scope="plan" name=PLAN_AGREED kind=InputKind::Date label=label(Field::AgreementDate)
                    value=value(|draft| draft.agreed_on.clone()) on_input=set(|draft, text| draft.agreed_on = text)
                    error=error_of(PLAN_AGREED) submitted=submitted/>
                <InputField scope="plan" name=PLAN_FIRST kind=InputKind::Date label=label(Field::FirstInstallmentDate)
                    value=value(|draft| draft.first_due.clone()) on_input=set(|draft, text| draft.first_due = text)
                    error=error_of(PLAN_FIRST) submitted=submitted/>
            </div>
            <div class="field-row">
                <InputField scope="plan" name=PLAN_COUNT kind=InputKind::Decimal label=label(Field::InstallmentCount)
                    value=value(|draft| draft.count.clone()) on_input=set(|draft, text| draft.count = text)
                    error=error_of(PLAN_COUNT) submitted=submitted/>
                <ChoiceField scope="plan" name=PLAN_PERIOD label=label(Field::PlanPeriod)
                    current=value(|draft| draft.period.clone())
                    choices=Signal::derive(move || {
                        let texts = texts.get();
                        vec![(PlanPeriod::Monthly.code(), texts.monthly), (PlanPeriod::Weekly.code(), texts.weekly)]
                    })
                    on_change=set(|draft, text| draft.period = text)
                    error=error_of(PLAN_PERIOD)/>
            </div>
            <div class="field field--check">
                <input id="plan-input-freeze" type="checkbox" data-testid="plan-input-freeze"
                    aria-describedby="plan-hint-freeze"
                    prop:checked=move || draft.with(|draft| draft.freeze_interest)
                    on:change=move |event| draft.update(|draft| draft.freeze_interest = event_target_checked(&event))/>
                <label for="plan-input-freeze">{move || texts.get().freeze}</label>
            </div>
            <p class="field__hint" id="plan-hint-freeze">{move || texts.get().freeze_hint}</p>
            <div class="plan__preview">{preview}</div>
            <p class="button-row">
                <button type="submit" class="button" data-testid="plan-save">{move || texts.get().save}</button>
                <button type="button" class="button button--secondary" data-testid="plan-form-cancel" on:click=move |_| on_close.run(())>
                    {move || texts.get().cancel}
                </button>
            </p>
            <p class="field__error" role="alert" data-testid="plan-save-error">{move || save_error.get()}</p>
        </form>
    }
}
