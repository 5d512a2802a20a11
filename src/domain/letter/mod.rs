//! Reminder letters: the dunning ladder on paper, up to the formal notice.
//!
//! - [`LetterKind`]: the five ladder steps and three letters the ladder does not drive;
//! - [`Tone`] and its rule ([`ToneReason`]): collaborative for a regular client in good
//!   standing, firm for a new or risky one;
//! - [`facts`]: what a letter states, gathered from the books as of the letter's date (the
//!   invoices, the engine's interest and compensation to the cent, the deadline, the law that
//!   applies to the debtor);
//! - [`template`]: the user's words with `{placeholders}`, checked (an unknown or misspelt
//!   name is an error naming it) and filled in; [`defaults`]: the default words, per kind,
//!   language and tone; [`legal`]: the legal paragraphs per country and kind of debtor;
//! - [`Letter`]: the result, a list of blocks that `export::letter` lays out as HTML or text.

pub mod compose;
pub mod custom;
pub mod defaults;
pub mod facts;
pub mod kind;
pub mod legal;
pub mod output;
pub mod tables;
pub mod template;

pub use compose::compose;
pub use kind::{LetterKind, REGULAR_CLIENT_PAID_INVOICES, Tone, ToneReason};
pub use output::{Block, Letter, Recipient, Table};

pub use custom::{LangKey, TemplateKey, TemplateSet};
pub use facts::{LetterError, LetterFacts, LetterRequest, gather};
pub use template::{Placeholder, Template, TemplateError, Values, check, render};
