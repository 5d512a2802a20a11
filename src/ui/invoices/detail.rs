//! One invoice (`#/invoices/7`): its amounts, what is left to pay as of today, its payments
//! and credit notes, its status and the next reminder, with its actions (`actions.rs`: record
//! or remove a payment, change the status). [`InvoiceView::of`] is pure (tested natively); the
//! component lays it out.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::{
    Adjustment, AgingBounds, DunningPolicy, InvoiceBalance, InvoiceId, Ledger, Money, Payment,
    PaymentMethod,
};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::{SaveState, use_books};
use crate::state::locale::use_locale;
use crate::ui::components::contact_log::ContactLog;
use crate::ui::invoices::accrual::InvoiceAccrual;
use crate::ui::invoices::actions::{InvoiceActions, NoticeView, PageNotice, remove_payment};
use crate::ui::invoices::credit::{CreditNotes, remove_credit};
use crate::ui::invoices::form::regime_label;
use crate::ui::invoices::list::RowCells;
use crate::ui::invoices::list_model::{Row, build_rows_with};
use crate::ui::invoices::texts::{InvoicesTexts, invoices_texts};

/// A payment or a credit note, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement {
    pub date: NaiveDate,
    pub amount: Money,
    /// The reference of a payment (and its method), the reason of a credit note.
    pub text: String,
    pub method: Option<PaymentMethod>,
    /// The payment itself (to remove it); `None` for a credit note.
    pub payment: Option<Payment>,
    /// The credit note itself (to remove it); `None` for a payment.
    pub credit: Option<Adjustment>,
    /// A payment made before the due date (an "acompte").
    pub deposit: bool,
}

/// What the invoice's page shows, as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceView {
    pub row: Row,
    pub net: Money,
    pub tax: Money,
    pub balance: Option<InvoiceBalance>,
    pub delivery_date: Option<NaiveDate>,
    pub penalty: &'static str,
    pub notes: String,
    pub payments: Vec<Movement>,
    pub credits: Vec<Movement>,
    pub buckets: Vec<crate::domain::Bucket>,
}

impl InvoiceView {
    /// The page of invoice `id` as of `as_of`; `None` when there is no such invoice.
    /// `policy` and `bounds`: the user's dunning ladder and aging buckets (Settings).
    pub fn of(
        ledger: &Ledger,
        id: InvoiceId,
        as_of: NaiveDate,
        policy: &DunningPolicy,
        bounds: &AgingBounds,
    ) -> Option<InvoiceView> {
        let invoice = ledger.invoice(id)?;
        // The row of the list (the reports run over the whole ledger: a few milliseconds
        // for 10,000 invoices, once per visit of the page).
        let rows = build_rows_with(ledger, as_of, policy, bounds);
        let row = rows.rows.iter().find(|row| row.id == id)?.clone();
        let details = invoice.details();
        Some(InvoiceView {
            row,
            net: details.amount().net(),
            tax: details.amount().tax(),
            balance: ledger.balance(id, as_of).ok(),
            delivery_date: details.delivery_date(),
            penalty: details.penalty().regime_id(),
            notes: details.notes().to_string(),
            payments: ledger
                .payments_of(id)
                .iter()
                .map(|payment| Movement {
                    date: payment.date(),
                    amount: payment.amount(),
                    text: payment.details().reference().to_string(),
                    method: Some(payment.details().method()),
                    payment: Some(payment.clone()),
                    credit: None,
                    deposit: payment.date() < details.due_date(),
                })
                .collect(),
            credits: ledger
                .adjustments_of(id)
                .iter()
                .map(|credit| Movement {
                    date: credit.date(),
                    amount: credit.amount(),
                    text: credit.details().reason().to_string(),
                    method: None,
                    payment: None,
                    credit: Some(credit.clone()),
                    deposit: false,
                })
                .collect(),
            buckets: rows.buckets,
        })
    }
}

/// One invoice's page.
#[component]
pub fn InvoiceDetail(id: u64) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let id = InvoiceId::from_raw(id);
    let today = crate::clock::today();
    let loading = Memo::new(move |_| books.save_state() == SaveState::Loading);
    let page = PageNotice::default();
    let settings = crate::state::settings::use_settings();
    let shown = Memo::new(move |_| {
        books.ledger().with(|ledger| {
            settings.with(|settings| {
                InvoiceView::of(ledger, id, today, &settings.ladder, &settings.aging)
            })
        })
    });
    // Only the client's id: the contact log is not rebuilt (losing its notice) at each change.
    let client =
        Memo::new(move |_| shown.with(|shown| shown.as_ref().map(|shown| shown.row.client)));
    view! {
        <section class="page invoices invoice-detail" data-testid="page-invoices">
            {move || {
                let lang = locale.lang();
                let texts = invoices_texts(lang);
                if loading.get() {
                    return view! { <p class="card card--empty" aria-busy="true">{texts.loading}</p> }.into_any();
                }
                match shown.get() {
                    None => view! {
                        <h1>{texts.title}</h1>
                        <div class="card card--empty" data-testid="inv-not-found">
                            <p>{texts.not_found}</p>
                            <p><a href=Route::Invoices(RecordView::LIST).href()>{texts.back_to_list}</a></p>
                        </div>
                    }.into_any(),
                    Some(view) => detail_view(view, id, today, lang, texts, page).into_any(),
                }
            }}
            <Show when=move || !loading.get() && shown.with(Option::is_some)>
                <InvoiceAccrual id=id today=today/>
                <NoticeView page=page/>
                <InvoiceActions id=id page=page/>
                <CreditNotes id=id page=page/>
                <crate::ui::invoices::plan::PlanSection id=id/>
                {move || client.get().map(|client| view! {
                    <ContactLog scope="inv" client=client invoice=id/>
                })}
                <p><a href=Route::Invoices(RecordView::LIST).href()>{move || invoices_texts(locale.lang()).back_to_list}</a></p>
            </Show>
        </section>
    }
}

fn detail_view(
    shown: InvoiceView,
    id: InvoiceId,
    today: NaiveDate,
    lang: Lang,
    texts: &'static InvoicesTexts,
    page: PageNotice,
) -> impl IntoView {
    let books = use_books();
    let cells = RowCells::of(&shown.row, &shown.buckets, lang);
    let money = |amount: Money| format::money(amount, lang);
    let mut copy = Query::default();
    copy.push("copy", id.raw().to_string());
    let figure = |label: &'static str, value: String, testid: &'static str| {
        view! {
            <div class="figure">
                <dt>{label}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
    };
    let movements = |items: Vec<Movement>| {
        items
            .into_iter()
            .map(|item| {
                let text = match item.method {
                    Some(method) if item.text.is_empty() => method.describe(lang),
                    Some(method) => format!("{} ({})", item.text, method.describe(lang)),
                    None => item.text,
                };
                let is_payment = item.payment.is_some();
                let is_credit = item.credit.is_some();
                view! {
                    <tr data-testid=is_payment.then_some("inv-pay-row")>
                        <td>{format::date_short(item.date, lang)}</td>
                        <td class="num">{money(item.amount)}</td>
                        <td class="invoice-table__client">
                            {text}
                            {item.deposit.then(|| view! { " " <span class="tag" data-testid="inv-pay-deposit-tag">{texts.deposit}</span> })}
                            {is_credit.then(|| view! { " " <span class="tag">{texts.credit_tag}</span> })}
                        </td>
                        <td>
                            {item.payment.map(|payment| view! {
                                <button type="button" class="button button--secondary button--small" data-testid="inv-pay-remove"
                                    on:click=move |_| remove_payment(books, page, &payment, lang)>
                                    {texts.remove_payment}
                                </button>
                            })}
                            {item.credit.map(|credit| view! {
                                <button type="button" class="button button--secondary button--small"
                                    on:click=move |_| remove_credit(books, page, &credit, lang)>
                                    {texts.remove_payment}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let has_payments = !shown.payments.is_empty() || !shown.credits.is_empty();
    let (paid, credited) = shown
        .balance
        .map(|balance| (money(balance.paid), money(balance.credited)))
        .unwrap_or_else(|| (texts.no_value.to_string(), texts.no_value.to_string()));
    view! {
        <div class="invoices__head">
            <h1>{texts.one_invoice} " " {shown.row.number.clone()}</h1>
            <p class="button-row">
                <a class="button" data-testid="inv-edit" href=Route::Invoices(RecordView::Edit(id.raw())).href()>{texts.edit}</a>
                <a class="button button--secondary" data-testid="inv-duplicate" href=Route::Invoices(RecordView::New(copy)).href()>{texts.duplicate}</a>
            </p>
        </div>
        <p>
            <span class=format!("status status--{}", shown.row.status.code()) data-testid="inv-status">{cells.status}</span>
            " " {shown.row.client_name.clone()}
        </p>
        <dl class="figures">
            {figure(texts.col_amount, cells.amount, "inv-amount")}
            {figure(texts.col_open, cells.open, "inv-open")}
            {figure(texts.paid, paid, "inv-paid")}
            {figure(texts.credited, credited, "inv-credited")}
            {figure(texts.col_days_late, cells.days_late, "inv-days-late")}
        </dl>
        <div class="card">
            <dl class="invoice-detail__facts">
                <dt>{texts.col_issue}</dt><dd>{cells.issue}</dd>
                <dt>{texts.col_due}</dt><dd>{cells.due}</dd>
                {shown.delivery_date.map(|date| view! {
                    <dt>{crate::domain::field::Field::DeliveryDate.label(lang)}</dt><dd>{format::date_short(date, lang)}</dd>
                })}
                <dt>{crate::domain::field::Field::Amount.label(lang)}</dt>
                <dd>{money(shown.net)} " + " {money(shown.tax)} " = " {money(shown.row.amount)}</dd>
                <dt>{texts.col_bucket}</dt><dd>{cells.bucket}</dd>
                <dt>{texts.col_next_step}</dt><dd>{cells.next_step}
                    {shown.row.next_step.filter(|_| shown.row.hold.is_none()).map(|next| view! {
                        " " <a data-testid="inv-prepare-letter" href=crate::ui::components::letter_link::letter_route(
                            shown.row.client,
                            &[id],
                            Some(crate::domain::letter::LetterKind::Step(next.step.kind)),
                        ).href()>{texts.prepare_letter}</a>
                    })}
                </dd>
                <dt>{texts.penalty}</dt><dd>{regime_label(shown.penalty, lang)}</dd>
                {(!shown.notes.is_empty()).then(|| view! {
                    <dt>{crate::domain::field::Field::Notes.label(lang)}</dt>
                    <dd class="invoice-detail__notes">{shown.notes.clone()}</dd>
                })}
            </dl>
            <p class="field__hint">{texts.caption} " " {format::date_long(today, lang)}</p>
        </div>
        <h2>{texts.payments}</h2>
        {if has_payments {
            view! {
                <div class="table-scroll">
                    <table class="invoice-table invoice-table--movements" data-testid="inv-payments">
                        <thead><tr><th scope="col">{texts.payment_date}</th><th scope="col" class="num">{texts.payment_amount}</th><th scope="col">{texts.payment_reference}</th><th scope="col">{texts.col_actions}</th></tr></thead>
                        <tbody>{movements(shown.payments)}{movements(shown.credits)}</tbody>
                    </table>
                </div>
            }.into_any()
        } else {
            view! { <p class="card card--empty">{texts.no_payments}</p> }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    #[test]
    fn an_invoice_page_shows_its_balance_and_payments_as_of_a_date() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "300", "EUR");
        books.pay(id, "2026-01-20", dec!(100), Currency::Eur);
        books.pay(id, "2026-04-01", dec!(50), Currency::Eur);
        let view = InvoiceView::of(
            &books.ledger,
            id,
            date("2026-03-01"),
            &DunningPolicy::default(),
            &AgingBounds::default(),
        );
        let Some(view) = view else { panic!("no view") };
        assert_eq!(view.row.open, Some(Money::new(dec!(200), Currency::Eur)));
        // Both payments are listed; the balance counts only the one made by the date.
        assert_eq!(view.payments.len(), 2);
        assert_eq!(
            view.balance.map(|balance| balance.paid),
            Some(Money::new(dec!(100), Currency::Eur))
        );
        assert_eq!(view.penalty, "fr-b2b");
        assert!(
            InvoiceView::of(
                &books.ledger,
                InvoiceId::from_raw(999),
                date("2026-03-01"),
                &DunningPolicy::default(),
                &AgingBounds::default()
            )
            .is_none()
        );
    }
}
