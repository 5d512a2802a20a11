//! Leptos components. Thin by rule: they render values computed elsewhere and dispatch commands.

pub mod locale;
pub mod pages;
pub mod router;
pub mod shell;
pub mod simulator_form;
pub mod simulator_view;
