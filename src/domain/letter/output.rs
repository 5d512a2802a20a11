//! A composed letter: blocks of text and tables, already written in the letter's language,
//! that `export::letter` lays out.

use chrono::NaiveDate;

use super::kind::{LetterKind, Tone};
use crate::domain::letterhead::Letterhead;
use crate::i18n::Lang;

/// A table in a letter, its cells already written in the letter's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    /// Which columns hold amounts (right-aligned).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// The totals row, if any (its first cell a label).
    pub total: Option<Vec<String>>,
}

/// A block of a letter's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; `\n` inside is a line break.
    Paragraph(String),
    Table(Table),
}

/// The recipient as the letter addresses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub address: String,
    pub email: Option<String>,
}

/// A letter, ready to lay out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub kind: LetterKind,
    pub tone: Tone,
    pub lang: Lang,
    pub date: NaiveDate,
    /// « Le 7 décembre 2026 » / "7 December 2026".
    pub date_line: String,
    pub sender: Letterhead,
    pub recipient: Recipient,
    /// The mention above the subject (« Lettre recommandée avec accusé de réception »).
    pub mention: Option<String>,
    pub subject: String,
    pub blocks: Vec<Block>,
}
