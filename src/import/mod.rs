//! Imports: invoices from the CSV files of other tools and spreadsheets (and of Relance's own
//! export), the mirror of [`crate::export`]. Pure and tested natively: bytes in, a
//! [`Dialect`] to show, a [`Mapping`] to edit, and each row an [`ImportedInvoice`] or a
//! [`RowError`] in plain words. The books' one atomic change is a command of the state.
//!
//! - [`csv`]: the bytes to a table (size limit, encoding, separator, the `csv` crate);
//! - [`mapping`]: which column holds which field, guessed from French or English headings;
//! - [`rows`]: the decimal mark and date format detected, each row read and checked.

pub mod csv;
pub mod einvoice;
pub mod mapping;
pub mod plan;
pub mod rows;

#[cfg(test)]
mod tests;

pub use csv::{Encoding, MAX_IMPORT_BYTES, ReadError, Separator, Table};
pub use mapping::{Field, Holds, Mapping};
pub use rows::{
    DateFormat, DateOrder, DecimalMark, ImportedClient, ImportedInvoice, PREVIEW_ROWS, RowError,
    RowProblem, RowReader, ValueFormat,
};

use crate::domain::merge::ClientIdentity;
use crate::domain::{Country, Currency, PaymentTerms};
use crate::i18n::{Describe, Lang};

/// How a file is written, as detected: shown to the user before anything is imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub encoding: Encoding,
    pub separator: Separator,
    /// `None` when no amount tells (whole numbers only).
    pub decimal_mark: Option<DecimalMark>,
    pub date_format: DateFormat,
}

impl Describe for Dialect {
    /// `UTF-8 avec BOM, point-virgule ( ; ), virgule décimale (1 234,56), dates JJ/MM/AAAA`.
    fn describe(&self, lang: Lang) -> String {
        let mut parts = vec![self.encoding.describe(lang), self.separator.describe(lang)];
        if let Some(mark) = self.decimal_mark {
            parts.push(mark.describe(lang));
        }
        parts.push(self.date_format.describe(lang));
        parts.join(", ")
    }
}

/// A file being imported: its table, the mapping (guessed, then as the user edits it) and the
/// dialect detected with that mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub table: Table,
    pub mapping: Mapping,
    pub dialect: Dialect,
}

impl Import {
    /// Reads a file's bytes (refused over [`MAX_IMPORT_BYTES`] before being read) and guesses
    /// its mapping from the headings.
    pub fn open(bytes: &[u8]) -> Result<Import, ReadError> {
        let table = csv::read_table(bytes)?;
        let mapping = Mapping::guess(&table.headers);
        let dialect = detect(&table, &mapping);
        Ok(Import {
            table,
            mapping,
            dialect,
        })
    }

    /// The user puts `field` in `column` (or clears it); the decimal mark and the date format
    /// are detected again from the columns now mapped.
    pub fn remap(&mut self, column: usize, field: Option<Field>) {
        self.mapping.set(column, field);
        self.dialect = detect(&self.table, &self.mapping);
    }

    /// Every row, read and checked, in the file's order; `default_currency` for rows without
    /// a currency column.
    pub fn invoices(&self, default_currency: Currency) -> Vec<Result<ImportedInvoice, RowError>> {
        rows::read_records(
            &self.table.records,
            &self.mapping,
            self.value_format(default_currency),
        )
    }

    /// A reader of the rows one at a time (to check a long file in chunks, with progress).
    pub fn reader(&self, default_currency: Currency) -> RowReader {
        RowReader::new(self.mapping.clone(), self.value_format(default_currency))
    }

    /// Every row of a file of clients, read and checked, in the file's order (a client already
    /// on an earlier line, by identity, is refused: never added twice).
    pub fn clients(&self) -> Vec<Result<ImportedClient, RowError>> {
        let mut first_lines: std::collections::HashMap<ClientIdentity, u64> =
            std::collections::HashMap::new();
        self.table
            .records
            .iter()
            .map(|record| {
                let client = rows::read_client_record(record, &self.mapping)?;
                let identity = client
                    .details(Country::FR, PaymentTerms::default())
                    .map(|details| ClientIdentity::of(&details));
                if let Ok(identity) = identity {
                    let first_line = *first_lines.entry(identity).or_insert(record.line);
                    if first_line != record.line {
                        return Err(RowError {
                            line: record.line,
                            problems: vec![RowProblem::DuplicateClient {
                                name: client.name,
                                first_line,
                            }],
                        });
                    }
                }
                Ok(client)
            })
            .collect()
    }

    /// The first [`PREVIEW_ROWS`] rows, as they will be imported.
    pub fn preview(&self, default_currency: Currency) -> Vec<Result<ImportedInvoice, RowError>> {
        rows::read_records(
            self.table.records.iter().take(PREVIEW_ROWS),
            &self.mapping,
            self.value_format(default_currency),
        )
    }

    fn value_format(&self, default_currency: Currency) -> ValueFormat {
        ValueFormat {
            decimal_mark: self.dialect.decimal_mark,
            date_format: self.dialect.date_format,
            default_currency,
        }
    }
}

fn detect(table: &Table, mapping: &Mapping) -> Dialect {
    Dialect {
        encoding: table.encoding,
        separator: table.separator,
        decimal_mark: DecimalMark::detect(table, mapping),
        date_format: DateFormat::detect(table, mapping),
    }
}
