//! The invoice form (stub: the form is being built).

use leptos::prelude::*;

use crate::routes::Query;

/// Creates an invoice (`editing: None`, prefilled from `prefill`) or edits one.
#[component]
pub fn InvoiceForm(editing: Option<u64>, prefill: Query) -> impl IntoView {
    let _ = (editing, prefill);
    view! { <section class="page" data-testid="page-invoices"></section> }
}
