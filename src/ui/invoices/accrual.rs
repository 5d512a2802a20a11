//! The invoice page's "late-payment interest to date" block: the interest and the fixed
//! compensation accrued to today by the interest engine (with the user's rate tables), the
//! total claimable, the rate in one line, and a link that opens the Simulator on the same
//! input; or why nothing is owed. The figures come from `accrual_model`; this component lays
//! them out. Its texts are below, in French and in English.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::InvoiceId;
use crate::domain::interest::Lateness;
use crate::domain::money::Money;
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::ui::invoices::accrual_model::{Accrual, source_line};

/// The block's texts.
pub struct AccrualTexts {
    pub title: &'static str,
    pub interest: &'static str,
    pub compensation: &'static str,
    pub total: &'static str,
    pub paid_on_time: &'static str,
    pub open_simulator: &'static str,
    pub refused: &'static str,
}

const FR: AccrualTexts = AccrualTexts {
    title: "Pénalités de retard à ce jour",
    interest: "Intérêts de retard",
    compensation: "Indemnité forfaitaire",
    total: "Total à réclamer en plus du principal",
    paid_on_time: "Payée à l'échéance\u{a0}: aucune pénalité n'est due.",
    open_simulator: "Ouvrir dans le simulateur",
    refused: "Le calcul est impossible\u{a0}:",
};

const EN: AccrualTexts = AccrualTexts {
    title: "Late-payment interest to date",
    interest: "Late-payment interest",
    compensation: "Fixed compensation",
    total: "Total to claim on top of the principal",
    paid_on_time: "Paid by the due date: no interest is owed.",
    open_simulator: "Open in the Simulator",
    refused: "The calculation cannot be made:",
};

pub fn accrual_texts(lang: Lang) -> &'static AccrualTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Invoice `id`'s late interest and compensation accrued to `today` (included).
#[component]
pub fn InvoiceAccrual(id: InvoiceId, today: NaiveDate) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let tables = use_rates().tables();
    let accrual = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| tables.with(|tables| Accrual::of(ledger, id, today, tables)))
    });
    view! {
        <section class="invoice-accrual" aria-labelledby="inv-accrual-title" data-testid="inv-accrual">
            <h2 id="inv-accrual-title">{move || accrual_texts(locale.lang()).title}</h2>
            <div class="card">
                {move || {
                    let lang = locale.lang();
                    accrual_view(accrual.get(), lang, accrual_texts(lang))
                }}
            </div>
        </section>
    }
}

fn accrual_view(accrual: Accrual, lang: Lang, texts: &'static AccrualTexts) -> AnyView {
    let figure = |label: &'static str, value: Money, testid: &'static str, strong: bool| {
        view! {
            <div class="figure" class:figure--strong=strong>
                <dt>{label}</dt>
                <dd data-testid=testid>{format::money(value, lang)}</dd>
            </div>
        }
    };
    match accrual {
        Accrual::Figures {
            simulation,
            simulator,
        } => {
            let flags = simulation
                .flags
                .iter()
                .map(|flag| {
                    view! {
                        <li class="flag" data-kind=flag.kind().id()>{format::typography(&flag.describe(lang), lang)}</li>
                    }
                })
                .collect_view();
            let has_flags = !simulation.flags.is_empty();
            let paid_on_time = simulation.lateness == Lateness::PaidOnTime;
            view! {
                <dl class="figures">
                    {figure(texts.interest, simulation.interest, "inv-accrual-interest", false)}
                    {figure(texts.compensation, simulation.compensation, "inv-accrual-compensation", false)}
                    {figure(texts.total, simulation.total, "inv-accrual-total", true)}
                </dl>
                {paid_on_time.then(|| view! { <p data-testid="inv-accrual-reason">{texts.paid_on_time}</p> })}
                <p class="field__hint" data-testid="inv-accrual-source">{source_line(&simulation, lang)}</p>
                {has_flags.then(|| view! { <ul class="flags">{flags}</ul> })}
                <p><a class="button button--secondary" data-testid="inv-accrual-simulator" href=simulator.href()>{texts.open_simulator}</a></p>
            }
            .into_any()
        }
        Accrual::NotApplicable(reason) => view! {
            <p data-testid="inv-accrual-reason">{format::typography(&reason.describe(lang), lang)}</p>
        }
        .into_any(),
        Accrual::Refused(error) => view! {
            <p class="notice notice--error" data-testid="inv-accrual-reason">
                {texts.refused} " " {format::typography(&error.describe(lang), lang)}
            </p>
        }
        .into_any(),
    }
}
