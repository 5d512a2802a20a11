//! Relance: receivables, statutory late interest and dunning letters, entirely in the browser.
//!
//! Reading order (see ARCHITECTURE.md):
//! - [`domain`]: the pure core (money, invoices, terms, aging, interest). No I/O, no clock, no UI.
//! - [`storage`]: the browser-storage boundary (the only code that touches `localStorage`).
//! - [`export`]: pure exports (CSV, letters).
//! - [`import`]: pure imports (CSV files of invoices), the mirror of `export`.
//! - [`routes`]: the typed router over the URL fragment (`#/invoices`, `#/simulator?...`).
//! - [`format`]: money, rates and dates written the French or the English way.
//! - [`i18n`]: the FR/EN interface texts.
//! - [`clock`]: the one function that reads the clock.
//! - [`state`]: what the app holds in context (books, rates, vault, session, locale, route);
//!   it calls storage, never a component.
//! - [`ui`] and [`app`]: Leptos components, one folder per feature; thin, they render
//!   precomputed values and dispatch the state's commands.

pub mod clock;
pub mod domain;
pub mod export;
pub mod format;
pub mod i18n;
pub mod import;
pub mod routes;
pub mod storage;

pub mod app;
pub mod state;
pub mod ui;

pub use app::App;
