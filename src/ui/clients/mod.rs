//! The clients (lazy chunk): the list, the form to create or edit one, and one client's page
//! (details, invoices, statistics and the reason for the risk grade). Every change goes through
//! the books (`Books::apply`).

pub mod detail;
pub mod form;
pub mod list;
pub mod texts;

use leptos::prelude::*;

use crate::routes::RecordView;

/// The clients page for `view` (`#/clients…`).
#[component]
pub fn ClientsPage(view: RecordView) -> impl IntoView {
    match view {
        RecordView::List(query) => view! { <list::ClientList query=query/> }.into_any(),
        RecordView::New(_) => view! { <form::ClientForm editing=None/> }.into_any(),
        RecordView::Edit(id) => view! { <form::ClientForm editing=Some(id)/> }.into_any(),
        RecordView::Show(id) => view! { <detail::ClientDetail id=id/> }.into_any(),
    }
}
