//! The clients (lazy chunk): the list, the form to create or edit one, and one client's page
//! (details, invoices, statistics and the reason for the risk grade). Every change goes through
//! the books (`Books::apply`). The pages' logic is pure and tested natively (`list_model`,
//! `form_model`, `detail_model`); the components only lay it out.

pub mod detail;
pub mod detail_model;
pub mod form;
pub mod form_model;
pub mod list;
pub mod list_model;
pub mod nav;
#[cfg(test)]
mod test_support;
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
