//! The clients list (stub: being built).

use leptos::prelude::*;

use crate::routes::Query;

/// The list of clients, sorted and searched as `query` says.
#[component]
pub fn ClientList(query: Query) -> impl IntoView {
    let _ = query;
    view! { <section class="page" data-testid="page-clients"><h1>"Clients"</h1></section> }
}
