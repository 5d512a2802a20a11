//! Leptos components. Thin by rule: they render values computed elsewhere and dispatch commands.

pub mod books_state;
pub mod data_banner;
pub mod data_texts;
pub mod encryption_ops;
pub mod encryption_texts;
pub mod file_text;
pub mod keep_data;
pub mod locale;
pub mod pages;
pub mod rates_state;
pub mod router;
pub mod settings_form;
pub mod settings_texts;
pub mod shell;
pub mod simulator_form;
pub mod simulator_view;
pub mod vault;
