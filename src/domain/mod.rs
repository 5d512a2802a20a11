//! The pure core of Relance: money, invoices, payment terms, aging, dunning, statutory interest.
//!
//! No UI framework, no browser API, no clock, no storage, no floating point: it computes, the
//! edges do I/O. Every date-dependent function takes `as_of`. Nothing here panics on any input.
#![deny(
    clippy::float_arithmetic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod money;

pub use money::{Currency, Money, MoneyError, ParseMoneyError};
pub mod interest;
