//! The invoices (lazy chunk): the list with its filter in the URL, the form to create or edit
//! one, and one invoice's page. Every change goes through the books (`Books::apply`).

pub mod accrual;
pub mod accrual_model;
pub mod actions;
pub mod actions_model;
pub mod credit;
pub mod credit_model;
pub mod detail;
pub mod flash;
pub mod form;
pub mod form_model;
pub mod list;
pub mod list_model;
pub mod plan;
pub mod plan_model;
pub mod plan_texts;
#[cfg(test)]
pub(crate) mod test_support;
pub mod texts;

use leptos::prelude::*;

use crate::routes::RecordView;

/// The invoices page for `view` (`#/invoices…`).
#[component]
pub fn InvoicesPage(view: RecordView) -> impl IntoView {
    match view {
        RecordView::List(query) => view! { <list::InvoiceList query=query/> }.into_any(),
        RecordView::New(prefill) => {
            view! { <form::InvoiceForm editing=None prefill=prefill/> }.into_any()
        }
        RecordView::Edit(id) => {
            view! { <form::InvoiceForm editing=Some(id) prefill=crate::routes::Query::EMPTY/> }
                .into_any()
        }
        RecordView::Show(id) => view! { <detail::InvoiceDetail id=id/> }.into_any(),
    }
}
