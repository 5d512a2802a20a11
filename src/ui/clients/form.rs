//! The client form (stub: being built).

use leptos::prelude::*;

/// Creates a client (`editing: None`) or edits one.
#[component]
pub fn ClientForm(editing: Option<u64>) -> impl IntoView {
    let _ = editing;
    view! { <section class="page" data-testid="page-clients"></section> }
}
