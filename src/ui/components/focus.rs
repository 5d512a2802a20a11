//! Moving the keyboard focus to an element of the page by its id: the first field in error
//! after a submit, a notice that has just appeared, the heading of what was just saved.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves the focus to the element `id`, if it is on the page now.
pub fn focus_now(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Moves the focus to the element `id` once the page has been redrawn (an element that the
/// change being made is about to show).
pub fn focus_after_redraw(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_now(&id));
}
