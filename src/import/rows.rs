//! Each record of a file read into a plain [`ImportedInvoice`], or a [`RowError`] that names
//! the line and what is wrong in plain words. The decimal mark and the date format are
//! detected from the mapped amount and date columns ([`DecimalMark::detect`],
//! [`DateFormat::detect`]). Nothing here changes the books.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::csv::{Record, Table};
use super::mapping::{Field, Mapping};
use crate::domain::money::{ParseMoneyError, parse_amount};
use crate::domain::{Currency, Money};
use crate::export::csv::needs_neutralising;
use crate::i18n::{Describe, Lang};

/// How many results the preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// The decimal mark of the file's amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecimalMark {
    /// `1234,56`, `1 234,56`, `1.234,56`.
    Comma,
    /// `1234.56`, `1,234.56`.
    Dot,
}

impl DecimalMark {
    fn character(self) -> char {
        match self {
            DecimalMark::Comma => ',',
            DecimalMark::Dot => '.',
        }
    }

    /// The mark most amounts of the mapped amount columns show unambiguously (a single `.` or
    /// `,` not followed by exactly three digits, or the last of both); `None` when no amount
    /// tells (whole numbers only, or only `1,234`).
    pub fn detect(table: &Table, mapping: &Mapping) -> Option<DecimalMark> {
        let (mut commas, mut dots) = (0usize, 0usize);
        for column in columns_of(mapping, Field::is_amount) {
            for record in &table.records {
                match vote(&clean_amount(record.cell(column))) {
                    Some(DecimalMark::Comma) => commas += 1,
                    Some(DecimalMark::Dot) => dots += 1,
                    None => {}
                }
            }
        }
        match (commas, dots) {
            (0, 0) => None,
            _ if commas >= dots => Some(DecimalMark::Comma),
            _ => Some(DecimalMark::Dot),
        }
    }
}

impl Describe for DecimalMark {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (DecimalMark::Comma, Lang::Fr) => "virgule décimale (1 234,56)",
            (DecimalMark::Comma, Lang::En) => "decimal comma (1 234,56)",
            (DecimalMark::Dot, Lang::Fr) => "point décimal (1,234.56)",
            (DecimalMark::Dot, Lang::En) => "decimal point (1,234.56)",
        }
        .to_string()
    }
}

/// What one amount says of the decimal mark.
fn vote(text: &str) -> Option<DecimalMark> {
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    let mark = match (last_dot, last_comma) {
        (None, None) => return None,
        (Some(dot), Some(comma)) => {
            return Some(if dot > comma {
                DecimalMark::Dot
            } else {
                DecimalMark::Comma
            });
        }
        (Some(_), None) => DecimalMark::Dot,
        (None, Some(_)) => DecimalMark::Comma,
    };
    let character = mark.character();
    let count = text.matches(character).count();
    let digits_after = text
        .rsplit(character)
        .next()
        .map_or(0, |tail| tail.chars().filter(char::is_ascii_digit).count());
    match (count, digits_after) {
        // Repeated: it groups thousands, so the other is the decimal mark.
        (2.., _) => Some(match mark {
            DecimalMark::Comma => DecimalMark::Dot,
            DecimalMark::Dot => DecimalMark::Comma,
        }),
        (_, 3) => None,
        _ => Some(mark),
    }
}

/// The order of a date's parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

/// The file's date format: `JJ/MM/AAAA`, `AAAA-MM-JJ`, `JJ.MM.AAAA`, `JJ-MM-AAAA`, and the
/// American `MM/JJ/AAAA` when the values say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateFormat {
    pub order: DateOrder,
    /// `/`, `-` or `.`.
    pub separator: char,
}

impl Default for DateFormat {
    /// `JJ/MM/AAAA`, the French way, when no date tells.
    fn default() -> DateFormat {
        DateFormat {
            order: DateOrder::DayMonthYear,
            separator: '/',
        }
    }
}

const DATE_SEPARATORS: [char; 3] = ['/', '-', '.'];

/// A date's three numeric parts and their separator (a time after a space or a `T` is left
/// out): `None` when the text is not that shape.
fn date_parts(text: &str) -> Option<(char, [&str; 3])> {
    let text = text.trim();
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    let separator = text.chars().find(|c| DATE_SEPARATORS.contains(c))?;
    let mut parts = text.split(separator);
    let parts = [parts.next()?, parts.next()?, parts.next()?];
    let well_formed = parts
        .iter()
        .all(|part| (1..=4).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit()));
    well_formed.then_some((separator, parts))
}

impl DateFormat {
    /// The format of the mapped date columns: the separator most dates use; year first when
    /// most dates start with four digits; else day first, unless some date has a second part
    /// over 12 (`12/31/2026`) and none a first part over 12.
    pub fn detect(table: &Table, mapping: &Mapping) -> DateFormat {
        let mut separators = [0usize; 3];
        let (mut year_first, mut year_last) = (0usize, 0usize);
        let (mut day_first, mut month_first) = (false, false);
        for column in columns_of(mapping, Field::is_date) {
            for record in &table.records {
                let Some((separator, [a, b, _])) = date_parts(record.cell(column)) else {
                    continue;
                };
                if let Some(index) = DATE_SEPARATORS.iter().position(|c| *c == separator)
                    && let Some(count) = separators.get_mut(index)
                {
                    *count += 1;
                }
                if a.len() == 4 {
                    year_first += 1;
                } else {
                    year_last += 1;
                    let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
                    day_first |= a > 12;
                    month_first |= b > 12;
                }
            }
        }
        let separator = DATE_SEPARATORS
            .iter()
            .zip(separators)
            .fold(
                ('/', 0),
                |best, (c, count)| {
                    if count > best.1 { (*c, count) } else { best }
                },
            )
            .0;
        let order = if year_first > year_last {
            DateOrder::YearMonthDay
        } else if month_first && !day_first {
            DateOrder::MonthDayYear
        } else {
            DateOrder::DayMonthYear
        };
        DateFormat { order, separator }
    }

    /// Reads a date in this format (any of the three separators is accepted); `None` when
    /// the text is not a date of this order.
    pub fn parse(self, text: &str) -> Option<NaiveDate> {
        let (_, [a, b, c]) = date_parts(text)?;
        let (year, month, day) = match self.order {
            DateOrder::YearMonthDay => (a, b, c),
            DateOrder::DayMonthYear => (c, b, a),
            DateOrder::MonthDayYear => (c, a, b),
        };
        if year.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// The pattern as the user reads it: `JJ/MM/AAAA`, `DD/MM/YYYY`.
    pub fn pattern(self, lang: Lang) -> String {
        let (day, month, year) = match lang {
            Lang::Fr => ("JJ", "MM", "AAAA"),
            Lang::En => ("DD", "MM", "YYYY"),
        };
        let parts = match self.order {
            DateOrder::DayMonthYear => [day, month, year],
            DateOrder::MonthDayYear => [month, day, year],
            DateOrder::YearMonthDay => [year, month, day],
        };
        parts.join(&self.separator.to_string())
    }
}

impl Describe for DateFormat {
    fn describe(&self, lang: Lang) -> String {
        format!("dates {}", self.pattern(lang))
    }
}

fn columns_of(mapping: &Mapping, which: fn(Field) -> bool) -> Vec<usize> {
    (0..mapping.len())
        .filter(|column| mapping.field_of(*column).is_some_and(which))
        .collect()
}

/// An amount cell without what surrounds the number: spaces, a currency symbol or code
/// (`1 234,56 €`, `EUR 12.50`).
fn clean_amount(text: &str) -> String {
    let mut text = text.trim();
    for currency in Currency::ALL {
        for affix in [currency.symbol(), currency.code()] {
            if let Some(rest) = text.strip_suffix(affix) {
                text = rest.trim_end();
            }
            if let Some(rest) = text.strip_prefix(affix) {
                text = rest.trim_start();
            }
        }
    }
    text.to_string()
}

/// A text cell as written: trimmed, and without the `'` that an export puts before a cell
/// that would read as a formula (`'=1+1` → `=1+1`), by the export's own rule.
fn clean_text(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest.to_string(),
        _ => trimmed.to_string(),
    }
}

/// An amount in `currency`: any usual notation ([`parse_amount`]); a `1,234` that the domain
/// finds ambiguous is read by the file's decimal mark when one was detected.
pub fn parse_money(
    text: &str,
    currency: Currency,
    mark: Option<DecimalMark>,
) -> Result<Money, ParseMoneyError> {
    let cleaned = clean_amount(text);
    let amount = match parse_amount(&cleaned) {
        Ok(amount) => amount,
        Err(ParseMoneyError::Ambiguous { text }) => {
            let Some(mark) = mark else {
                return Err(ParseMoneyError::Ambiguous { text });
            };
            // One `.` or `,` followed by three digits: the mark, or thousands.
            let normalised: String = cleaned
                .chars()
                .filter_map(|c| match c {
                    '.' | ',' if c == mark.character() => Some('.'),
                    '.' | ',' => None,
                    '−' => Some('-'),
                    other => Some(other),
                })
                .collect();
            Decimal::from_str_exact(&normalised)
                .map_err(|_| ParseMoneyError::Malformed { text: text.clone() })?
        }
        Err(error) => return Err(error),
    };
    let decimals = amount.normalize().scale();
    if decimals > currency.minor_units() {
        return Err(ParseMoneyError::TooManyDecimals {
            text: cleaned,
            decimals,
            currency,
        });
    }
    Ok(Money::new(amount, currency))
}

/// An invoice as the file gives it, checked but not yet in the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedInvoice {
    /// The line of the file it was read from.
    pub line: u64,
    pub number: String,
    pub client: String,
    pub client_siren: Option<String>,
    pub client_vat: Option<String>,
    pub email: Option<String>,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub currency: Currency,
    /// Including tax: what the client owes.
    pub amount: Money,
    pub amount_excl_tax: Option<Money>,
    pub tax: Option<Money>,
    /// What the file says was paid (zero when it says nothing).
    pub paid: Money,
    pub paid_date: Option<NaiveDate>,
    pub credited: Option<Money>,
    pub open: Option<Money>,
}

/// What is wrong with one value of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    Missing(Field),
    NotADate {
        field: Field,
        text: String,
        format: DateFormat,
    },
    NotANumber {
        field: Field,
        text: String,
        why: ParseMoneyError,
    },
    Negative {
        field: Field,
        text: String,
    },
    PaidOverAmount {
        paid: Money,
        amount: Money,
    },
    DueBeforeIssue {
        due: NaiveDate,
        issue: NaiveDate,
    },
    UnknownCurrency(String),
    /// The invoice number is already on an earlier line of the file (never imported twice).
    DuplicateNumber {
        number: String,
        first_line: u64,
    },
}

/// A row that is not imported: its line and everything wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problems: Vec<RowProblem>,
}

/// `le montant`, `la date d'émission`: the field as the subject of a French sentence.
fn subject_fr(field: Field) -> &'static str {
    match field {
        Field::Number => "le numéro de facture",
        Field::Client => "le client",
        Field::IssueDate => "la date d'émission",
        Field::DueDate => "l'échéance",
        Field::AmountInclTax => "le montant",
        Field::AmountExclTax => "le montant HT",
        Field::Tax => "la TVA",
        Field::Paid => "le montant payé",
        Field::Credited => "le montant des avoirs",
        Field::Open => "le reste dû",
        Field::Currency => "la devise",
        Field::PaidDate => "la date de paiement",
        Field::ClientSiren => "le SIREN du client",
        Field::ClientVat => "le numéro de TVA du client",
        Field::Email => "l'e-mail",
    }
}

fn subject_en(field: Field) -> &'static str {
    match field {
        Field::Number => "the invoice number",
        Field::Client => "the client",
        Field::IssueDate => "the issue date",
        Field::DueDate => "the due date",
        Field::AmountInclTax => "the amount",
        Field::AmountExclTax => "the amount excl. tax",
        Field::Tax => "the tax",
        Field::Paid => "the amount paid",
        Field::Credited => "the amount credited",
        Field::Open => "the open balance",
        Field::Currency => "the currency",
        Field::PaidDate => "the payment date",
        Field::ClientSiren => "the client's SIREN",
        Field::ClientVat => "the client's VAT number",
        Field::Email => "the e-mail",
    }
}

impl Describe for RowProblem {
    fn describe(&self, lang: Lang) -> String {
        use RowProblem::*;
        match (self, lang) {
            (Missing(field), Lang::Fr) => format!("{} manque", subject_fr(*field)),
            (Missing(field), Lang::En) => format!("{} is missing", subject_en(*field)),
            (
                NotADate {
                    field,
                    text,
                    format,
                },
                Lang::Fr,
            ) => format!(
                "{} « {text} » n'est pas une date ({} attendu)",
                subject_fr(*field),
                format.pattern(lang)
            ),
            (
                NotADate {
                    field,
                    text,
                    format,
                },
                Lang::En,
            ) => format!(
                "{} \"{text}\" is not a date ({} expected)",
                subject_en(*field),
                format.pattern(lang)
            ),
            (NotANumber { field, text, why }, Lang::Fr) => match why {
                ParseMoneyError::TooManyDecimals { .. } | ParseMoneyError::Ambiguous { .. } => {
                    format!("{} : {}", subject_fr(*field), why.describe(lang))
                }
                _ => format!("{} « {text} » n'est pas un nombre", subject_fr(*field)),
            },
            (NotANumber { field, text, why }, Lang::En) => match why {
                ParseMoneyError::TooManyDecimals { .. } | ParseMoneyError::Ambiguous { .. } => {
                    format!("{}: {}", subject_en(*field), why.describe(lang))
                }
                _ => format!("{} \"{text}\" is not a number", subject_en(*field)),
            },
            (Negative { field, text }, Lang::Fr) => {
                format!("{} « {text} » est négatif", subject_fr(*field))
            }
            (Negative { field, text }, Lang::En) => {
                format!("{} \"{text}\" is negative", subject_en(*field))
            }
            (PaidOverAmount { paid, amount }, Lang::Fr) => format!(
                "le montant payé ({}) dépasse le montant de la facture ({})",
                crate::format::money(*paid, lang),
                crate::format::money(*amount, lang)
            ),
            (PaidOverAmount { paid, amount }, Lang::En) => format!(
                "the amount paid ({}) is more than the invoice's amount ({})",
                crate::format::money(*paid, lang),
                crate::format::money(*amount, lang)
            ),
            (DueBeforeIssue { due, issue }, lang) => match lang {
                Lang::Fr => format!(
                    "l'échéance ({}) précède la date d'émission ({})",
                    crate::format::date_short(*due, lang),
                    crate::format::date_short(*issue, lang)
                ),
                Lang::En => format!(
                    "the due date ({}) is before the issue date ({})",
                    crate::format::date_short(*due, lang),
                    crate::format::date_short(*issue, lang)
                ),
            },
            (UnknownCurrency(text), Lang::Fr) => format!(
                "la devise « {text} » n'est pas connue (devises : {})",
                known_currencies()
            ),
            (UnknownCurrency(text), Lang::En) => format!(
                "the currency \"{text}\" is not known (currencies: {})",
                known_currencies()
            ),
            (DuplicateNumber { number, first_line }, Lang::Fr) => {
                format!("la facture « {number} » figure déjà ligne {first_line}")
            }
            (DuplicateNumber { number, first_line }, Lang::En) => {
                format!("the invoice \"{number}\" is already on line {first_line}")
            }
        }
    }
}

fn known_currencies() -> String {
    Currency::ALL.map(Currency::code).join(", ")
}

impl Describe for RowError {
    fn describe(&self, lang: Lang) -> String {
        let problems: Vec<String> = self
            .problems
            .iter()
            .map(|problem| problem.describe(lang))
            .collect();
        match lang {
            Lang::Fr => format!("ligne {} : {}", self.line, problems.join(" ; ")),
            Lang::En => format!("line {}: {}", self.line, problems.join("; ")),
        }
    }
}

/// How a file's values are read, for the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueFormat {
    pub decimal_mark: Option<DecimalMark>,
    pub date_format: DateFormat,
    /// The currency of rows without a currency column.
    pub default_currency: Currency,
}

/// Reads one record.
pub fn read_record(
    record: &Record,
    mapping: &Mapping,
    format: ValueFormat,
) -> Result<ImportedInvoice, RowError> {
    let mut problems = Vec::new();
    let text = |field: Field| -> Option<String> {
        let column = mapping.column_of(field)?;
        let text = clean_text(record.cell(column));
        (!text.is_empty()).then_some(text)
    };
    let required = |field: Field, problems: &mut Vec<RowProblem>| {
        let found = text(field);
        if found.is_none() {
            problems.push(RowProblem::Missing(field));
        }
        found
    };
    let number = required(Field::Number, &mut problems);
    let client = required(Field::Client, &mut problems);
    let issue_text = required(Field::IssueDate, &mut problems);
    let amount_text = required(Field::AmountInclTax, &mut problems);

    let currency = match text(Field::Currency) {
        None => Some(format.default_currency),
        Some(code) => match Currency::from_code(&code) {
            Ok(currency) => Some(currency),
            Err(_) => {
                problems.push(RowProblem::UnknownCurrency(code));
                None
            }
        },
    };
    let date = |field: Field, text: Option<String>, problems: &mut Vec<RowProblem>| {
        let text = text?;
        let parsed = format.date_format.parse(&text);
        if parsed.is_none() {
            problems.push(RowProblem::NotADate {
                field,
                text,
                format: format.date_format,
            });
        }
        parsed
    };
    let issue_date = date(Field::IssueDate, issue_text, &mut problems);
    let due_date = date(Field::DueDate, text(Field::DueDate), &mut problems);
    let paid_date = date(Field::PaidDate, text(Field::PaidDate), &mut problems);
    if let (Some(due), Some(issue)) = (due_date, issue_date)
        && due < issue
    {
        problems.push(RowProblem::DueBeforeIssue { due, issue });
    }

    let money = |field: Field, text: Option<String>, problems: &mut Vec<RowProblem>| {
        let text = text?;
        let currency = currency?;
        match parse_money(&text, currency, format.decimal_mark) {
            Ok(money) if money.is_negative() && field != Field::Open => {
                problems.push(RowProblem::Negative { field, text });
                None
            }
            Ok(money) => Some(money),
            Err(why) => {
                problems.push(RowProblem::NotANumber { field, text, why });
                None
            }
        }
    };
    let amount = money(Field::AmountInclTax, amount_text, &mut problems);
    let amount_excl_tax = money(
        Field::AmountExclTax,
        text(Field::AmountExclTax),
        &mut problems,
    );
    let tax = money(Field::Tax, text(Field::Tax), &mut problems);
    let paid = money(Field::Paid, text(Field::Paid), &mut problems);
    let credited = money(Field::Credited, text(Field::Credited), &mut problems);
    let open = money(Field::Open, text(Field::Open), &mut problems);
    if let (Some(paid), Some(amount)) = (paid, amount)
        && paid.amount() > amount.amount()
    {
        problems.push(RowProblem::PaidOverAmount { paid, amount });
    }

    match (number, client, issue_date, amount, currency) {
        (Some(number), Some(client), Some(issue_date), Some(amount), Some(currency))
            if problems.is_empty() =>
        {
            Ok(ImportedInvoice {
                line: record.line,
                number,
                client,
                client_siren: text(Field::ClientSiren),
                client_vat: text(Field::ClientVat),
                email: text(Field::Email),
                issue_date,
                due_date,
                currency,
                amount,
                amount_excl_tax,
                tax,
                paid: paid.unwrap_or_else(|| Money::zero(currency)),
                paid_date,
                credited,
                open,
            })
        }
        _ => Err(RowError {
            line: record.line,
            problems,
        }),
    }
}

/// Every record read, in order. A number already on an earlier line makes the later row an
/// error ([`RowProblem::DuplicateNumber`]): a file never doubles an invoice.
pub fn read_records<'r>(
    records: impl IntoIterator<Item = &'r Record>,
    mapping: &Mapping,
    format: ValueFormat,
) -> Vec<Result<ImportedInvoice, RowError>> {
    let mut first_lines: HashMap<String, u64> = HashMap::new();
    records
        .into_iter()
        .map(|record| {
            let read = read_record(record, mapping, format);
            let number = mapping
                .column_of(Field::Number)
                .map(|column| clean_text(record.cell(column)))
                .filter(|number| !number.is_empty());
            let Some(number) = number else {
                return read;
            };
            let first_line = *first_lines.entry(number.clone()).or_insert(record.line);
            if first_line == record.line {
                return read;
            }
            let duplicate = RowProblem::DuplicateNumber { number, first_line };
            match read {
                Ok(_) => Err(RowError {
                    line: record.line,
                    problems: vec![duplicate],
                }),
                Err(mut error) => {
                    error.problems.push(duplicate);
                    Err(error)
                }
            }
        })
        .collect()
}
