//! The invoices list (stub: the list is being built).

use leptos::prelude::*;

use crate::routes::Query;

/// The list of invoices, filtered, sorted and searched as `query` says.
#[component]
pub fn InvoiceList(query: Query) -> impl IntoView {
    let _ = query;
    view! { <section class="page" data-testid="page-invoices"><h1>"Factures"</h1></section> }
}
