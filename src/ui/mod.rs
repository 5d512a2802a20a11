//! Leptos components. Thin by rule: they render values computed elsewhere and dispatch commands.

pub mod locale;
pub mod pages;
pub mod router;
pub mod shell;
