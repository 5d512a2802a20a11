//! One client's page (stub: being built).

use leptos::prelude::*;

/// One client: details, invoices, statistics, the reason for the risk grade.
#[component]
pub fn ClientDetail(id: u64) -> impl IntoView {
    let _ = id;
    view! { <section class="page" data-testid="page-clients"></section> }
}
