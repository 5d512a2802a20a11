//! Leptos components. Thin by rule: they render values computed elsewhere (the domain, through
//! the state's `Memo`s) and dispatch the state's commands. One folder per feature, each one
//! page or one lazy chunk, with its pure form/view-model code and its own texts; features do
//! not import each other: what two of them need lives in `components/` (or `shell/`, the
//! chrome every page sits in) or further down, in the domain.

pub mod clients;
pub mod components;
pub mod dashboard;
pub mod import;
pub mod invoices;
pub mod letters;
pub mod pages;
pub mod recovery;
pub mod settings;
pub mod shell;
pub mod simulator;
pub mod unlock;
