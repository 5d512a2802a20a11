//! Each record of a file read into a plain [`ImportedInvoice`], or a [`RowError`] that names
//! the line and what is wrong in plain words. The decimal mark and the date format are
//! detected from the mapped amount and date columns ([`DecimalMark::detect`],
//! [`DateFormat::detect`]). Nothing here changes the books.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::csv::{Record, Table};
use super::mapping::{Field, Mapping};
use crate::domain::client::{ClientDetails, ClientDraft, ClientError, TaxId};
use crate::domain::ids::ClientId;
use crate::domain::invoice::{
    InvoiceAmount, InvoiceDetails, InvoiceError, InvoiceStatus, PenaltyClause,
};
use crate::domain::money::{ParseMoneyError, parse_amount};
use crate::domain::party::ClientKind;
use crate::domain::party::Country;
use crate::domain::terms::{PaymentTerms, TermsDraft};
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
    /// Sent unless the file says draft, disputed or written off.
    pub status: InvoiceStatus,
    /// The amounts as the books keep them: the gross, and the net and tax the file gives
    /// (exactly, at a tax rate that reproduces them), or the gross at 0 % without them.
    pub amounts: InvoiceAmount,
    /// The client's SIREN, SIRET or VAT number, checked (the SIREN column first).
    pub tax_id: Option<TaxId>,
    /// The client's country, kind, address and phone, when the file gives them.
    pub country: Option<Country>,
    pub kind: Option<ClientKind>,
    pub address: Option<String>,
    pub phone: Option<String>,
}

impl ImportedInvoice {
    /// The client as the row names it.
    pub fn client(&self) -> ImportedClient {
        ImportedClient {
            line: self.line,
            name: self.client.clone(),
            tax_id: self.tax_id.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            phone: self.phone.clone(),
            country: self.country,
            kind: self.kind,
        }
    }

    /// The client as the row names it: in the file's country or `country`, a business unless
    /// the file says otherwise, with its identifier, e-mail, address and phone.
    pub fn client_details(&self, country: Country) -> Result<ClientDetails, ClientError> {
        self.client().details(country, PaymentTerms::default())
    }
}

/// A client as a row of a file of clients gives it, checked but not yet in the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedClient {
    pub line: u64,
    pub name: String,
    pub tax_id: Option<TaxId>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub country: Option<Country>,
    pub kind: Option<ClientKind>,
}

impl ImportedClient {
    /// The client to add: in its country or `country`, a business unless the file says
    /// otherwise, with `terms` (the user's default).
    pub fn details(
        &self,
        country: Country,
        terms: PaymentTerms,
    ) -> Result<ClientDetails, ClientError> {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        ClientDraft {
            name: self.name.clone(),
            address: text(&self.address),
            email: text(&self.email),
            phone: text(&self.phone),
            tax_id: self
                .tax_id
                .as_ref()
                .map(|id| id.as_str().to_string())
                .unwrap_or_default(),
            country: self.country.unwrap_or(country).code().to_string(),
            kind: self.kind.unwrap_or(ClientKind::Business).code().to_string(),
            terms: TermsDraft::from_terms(terms),
            notes: String::new(),
        }
        .parse()
    }
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
    /// The client's name, identifier or e-mail is refused.
    Client(ClientError),
    /// The invoice as the books would keep it is refused (a number too long…).
    Invoice(InvoiceError),
    /// The amount excl. tax and the tax do not add up to the amount, or no tax rate gives them.
    TaxSplit {
        net: Money,
        tax: Money,
        gross: Money,
    },
    /// The open balance the file gives is not the amount less what was paid and credited.
    OpenMismatch {
        open: Money,
        expected: Money,
    },
    /// A draft that the file says is (partly) paid or credited.
    DraftWithPayments,
    UnknownCountry(String),
    UnknownKind(String),
    /// The client is already on an earlier line of the file (a file of clients).
    DuplicateClient {
        name: String,
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
        Field::Status => "le statut",
        Field::Country => "le pays du client",
        Field::ClientKind => "le type de client",
        Field::Address => "l'adresse du client",
        Field::Phone => "le téléphone du client",
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
        Field::Status => "the status",
        Field::Country => "the client's country",
        Field::ClientKind => "the client kind",
        Field::Address => "the client's address",
        Field::Phone => "the client's phone",
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
            (Client(error), Lang::Fr) => {
                let about = match error {
                    ClientError::TaxId { .. } => "SIREN, SIRET ou TVA du client",
                    ClientError::Email { .. } => "e-mail du client",
                    _ => "client",
                };
                format!("{about} : {}", error.describe(lang))
            }
            (Client(error), Lang::En) => {
                let about = match error {
                    ClientError::TaxId { .. } => "client's SIREN, SIRET or VAT number",
                    ClientError::Email { .. } => "client's e-mail",
                    _ => "client",
                };
                format!("{about}: {}", error.describe(lang))
            }
            (Invoice(error), _) => error.describe(lang),
            (TaxSplit { net, tax, gross }, Lang::Fr) => format!(
                "le montant HT ({}) et la TVA ({}) ne donnent pas le montant TTC ({}) à un taux de TVA près",
                crate::format::money(*net, lang),
                crate::format::money(*tax, lang),
                crate::format::money(*gross, lang)
            ),
            (TaxSplit { net, tax, gross }, Lang::En) => format!(
                "the amount excl. tax ({}) and the tax ({}) do not make the amount ({}) at any tax rate",
                crate::format::money(*net, lang),
                crate::format::money(*tax, lang),
                crate::format::money(*gross, lang)
            ),
            (OpenMismatch { open, expected }, Lang::Fr) => format!(
                "le reste dû ({}) n'est pas le montant moins le payé et les avoirs ({})",
                crate::format::money(*open, lang),
                crate::format::money(*expected, lang)
            ),
            (OpenMismatch { open, expected }, Lang::En) => format!(
                "the open balance ({}) is not the amount less what was paid and credited ({})",
                crate::format::money(*open, lang),
                crate::format::money(*expected, lang)
            ),
            (UnknownCountry(text), Lang::Fr) => format!(
                "le pays « {text} » n'est pas reconnu : écrivez son code à deux lettres (FR, DE, GB…)"
            ),
            (UnknownCountry(text), Lang::En) => format!(
                "the country \"{text}\" is not recognised: write its two-letter code (FR, DE, GB…)"
            ),
            (UnknownKind(text), Lang::Fr) => format!(
                "le type de client « {text} » n'est pas reconnu (entreprise, particulier ou organisme public)"
            ),
            (UnknownKind(text), Lang::En) => format!(
                "the client kind \"{text}\" is not recognised (business, consumer or public body)"
            ),
            (DuplicateClient { name, first_line }, Lang::Fr) => {
                format!("le client « {name} » figure déjà ligne {first_line}")
            }
            (DuplicateClient { name, first_line }, Lang::En) => {
                format!("the client \"{name}\" is already on line {first_line}")
            }
            (DraftWithPayments, Lang::Fr) => {
                "un brouillon ne peut pas être payé ni avoir d'avoir : changez son statut"
                    .to_string()
            }
            (DraftWithPayments, Lang::En) => {
                "a draft cannot be paid or credited: change its status".to_string()
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
    let status = text(Field::Status).map_or(InvoiceStatus::Sent, |text| read_status(&text));
    let paid = currency.and_then(|currency| match paid {
        Some(paid) => Some(paid),
        None if problems.iter().any(|problem| problem.is_about(Field::Paid)) => None,
        None => Some(Money::zero(currency)),
    });
    if status == InvoiceStatus::Draft
        && (paid.is_some_and(|paid| !paid.is_zero())
            || credited.is_some_and(|credited| !credited.is_zero()))
    {
        problems.push(RowProblem::DraftWithPayments);
    }
    let amounts = amount.and_then(|gross| {
        invoice_amount(gross, amount_excl_tax, tax)
            .map_err(|problem| problems.push(problem))
            .ok()
    });
    if let (Some(open), Some(amount), Some(paid)) = (open, amount, paid)
        && status != InvoiceStatus::Draft
    {
        let expected = amount.checked_sub(paid).and_then(|rest| {
            rest.checked_sub(credited.unwrap_or_else(|| Money::zero(rest.currency())))
        });
        if let Ok(expected) = expected
            && expected != open
        {
            problems.push(RowProblem::OpenMismatch { open, expected });
        }
    }
    let tax_id = match (text(Field::ClientSiren), text(Field::ClientVat)) {
        (Some(id), _) | (None, Some(id)) => TaxId::parse(&id)
            .map_err(|error| problems.push(RowProblem::Client(error)))
            .ok(),
        (None, None) => None,
    };
    let email = text(Field::Email);
    let (country, kind) = client_extras(&text, &mut problems);

    match (number, client, issue_date, amounts, currency, paid) {
        (
            Some(number),
            Some(client),
            Some(issue_date),
            Some(amounts),
            Some(currency),
            Some(paid),
        ) if problems.is_empty() => {
            let invoice = ImportedInvoice {
                line: record.line,
                number,
                client,
                client_siren: text(Field::ClientSiren),
                client_vat: text(Field::ClientVat),
                email,
                issue_date,
                due_date,
                currency,
                amount: amounts.gross(),
                amount_excl_tax,
                tax,
                paid,
                paid_date,
                credited,
                open,
                status,
                amounts,
                tax_id,
                country,
                kind,
                address: text(Field::Address),
                phone: text(Field::Phone),
            };
            // What the books would refuse, said now: a name or number too long, an e-mail
            // that is not one, a date off the calendar.
            if let Err(error) = invoice.client_details(Country::FR) {
                problems.push(RowProblem::Client(error));
            }
            if let Err(error) = InvoiceDetails::new(
                &invoice.number,
                ClientId::from_raw(0),
                invoice.issue_date,
                invoice.amounts,
                PaymentTerms::default(),
                invoice.due_date,
                PenaltyClause::None,
            ) {
                problems.push(RowProblem::Invoice(error));
            }
            if problems.is_empty() {
                Ok(invoice)
            } else {
                Err(RowError {
                    line: record.line,
                    problems,
                })
            }
        }
        _ => Err(RowError {
            line: record.line,
            problems,
        }),
    }
}

/// The client's country and kind a row gives, each `None` when not given or not read (then a
/// problem says why).
fn client_extras(
    text: &dyn Fn(Field) -> Option<String>,
    problems: &mut Vec<RowProblem>,
) -> (Option<Country>, Option<ClientKind>) {
    let country = text(Field::Country).and_then(|given| {
        let read = read_country(&given);
        if read.is_none() {
            problems.push(RowProblem::UnknownCountry(given));
        }
        read
    });
    let kind = text(Field::ClientKind).and_then(|given| {
        let read = read_kind(&given);
        if read.is_none() {
            problems.push(RowProblem::UnknownKind(given));
        }
        read
    });
    (country, kind)
}

/// Reads one record of a file of clients: the name is required; the identifier (the SIREN
/// column first, else the VAT column), e-mail, address, phone, country and kind are checked as
/// the client form checks them.
pub fn read_client_record(record: &Record, mapping: &Mapping) -> Result<ImportedClient, RowError> {
    let mut problems = Vec::new();
    let text = |field: Field| -> Option<String> {
        let column = mapping.column_of(field)?;
        let text = clean_text(record.cell(column));
        (!text.is_empty()).then_some(text)
    };
    let name = text(Field::Client);
    if name.is_none() {
        problems.push(RowProblem::Missing(Field::Client));
    }
    let tax_id = match (text(Field::ClientSiren), text(Field::ClientVat)) {
        (Some(id), _) | (None, Some(id)) => TaxId::parse(&id)
            .map_err(|error| problems.push(RowProblem::Client(error)))
            .ok(),
        (None, None) => None,
    };
    let (country, kind) = client_extras(&text, &mut problems);
    let client = ImportedClient {
        line: record.line,
        name: name.unwrap_or_default(),
        tax_id,
        email: text(Field::Email),
        address: text(Field::Address),
        phone: text(Field::Phone),
        country,
        kind,
    };
    if problems.is_empty()
        && let Err(error) = client.details(Country::FR, PaymentTerms::default())
    {
        problems.push(RowProblem::Client(error));
    }
    if problems.is_empty() {
        Ok(client)
    } else {
        Err(RowError {
            line: record.line,
            problems,
        })
    }
}

impl RowProblem {
    /// Whether the problem is about the value of `field`.
    fn is_about(&self, field: Field) -> bool {
        match self {
            RowProblem::Missing(about)
            | RowProblem::NotADate { field: about, .. }
            | RowProblem::NotANumber { field: about, .. }
            | RowProblem::Negative { field: about, .. } => *about == field,
            _ => false,
        }
    }
}

/// A country as files write it: a two-letter code (`FR`, `de`), or the usual name of the
/// countries whose law Relance knows and of their neighbours, in French or English.
pub fn read_country(text: &str) -> Option<Country> {
    let folded = crate::format::fold(text);
    let code = match folded.trim() {
        "france" => "FR",
        "allemagne" | "germany" | "deutschland" => "DE",
        "royaume uni" | "united kingdom" | "uk" | "great britain" | "grande bretagne"
        | "angleterre" | "england" => "GB",
        "belgique" | "belgium" => "BE",
        "suisse" | "switzerland" | "schweiz" => "CH",
        "luxembourg" => "LU",
        "espagne" | "spain" => "ES",
        "italie" | "italy" => "IT",
        "pays bas" | "netherlands" | "the netherlands" => "NL",
        "irlande" | "ireland" => "IE",
        "autriche" | "austria" => "AT",
        "portugal" => "PT",
        "monaco" => "MC",
        "etats unis" | "united states" | "usa" => "US",
        "canada" => "CA",
        _ => text,
    };
    Country::parse(code).ok()
}

/// A client's kind as files and Relance's export write it.
pub fn read_kind(text: &str) -> Option<ClientKind> {
    if let Some(kind) = ClientKind::from_code(text) {
        return Some(kind);
    }
    let folded = crate::format::fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let has = |choices: &[&str]| choices.iter().any(|word| words.contains(word));
    if has(&["public", "administration", "collectivite"]) {
        Some(ClientKind::PublicBody)
    } else if has(&["particulier", "consumer", "individual", "consommateur"]) {
        Some(ClientKind::Consumer)
    } else if has(&[
        "entreprise",
        "business",
        "professionnel",
        "professional",
        "societe",
        "company",
    ]) {
        Some(ClientKind::Business)
    } else {
        None
    }
}

/// A status as other tools and Relance's export write it: draft, disputed and written off
/// are told apart; every other word (sent, paid, overdue, partly paid…) is a sent invoice,
/// whose payments say the rest.
pub fn read_status(text: &str) -> InvoiceStatus {
    let folded = crate::format::fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let has = |word: &str| words.contains(&word);
    if has("brouillon") || has("draft") {
        InvoiceStatus::Draft
    } else if has("contestee") || has("litige") || has("disputed") || has("dispute") {
        InvoiceStatus::Disputed
    } else if has("perte") || has("irrecouvrable") || has("written") || has("irrecoverable") {
        InvoiceStatus::WrittenOff
    } else {
        InvoiceStatus::Sent
    }
}

/// The amounts to keep: with the net and the tax the file gives, the tax rate that
/// reproduces all three exactly (to 2 decimals, the usual 20 %, 5,5 %, 2,1 %…); without
/// them, the gross at 0 %.
pub fn invoice_amount(
    gross: Money,
    net: Option<Money>,
    tax: Option<Money>,
) -> Result<InvoiceAmount, RowProblem> {
    invoice_amount_within(gross, net, tax, 3)
}

/// [`invoice_amount`] with a rate of up to `max_places` decimals: an e-invoice with several
/// VAT rates is kept at the one rate (17,583 %…) that reproduces its totals exactly.
pub fn invoice_amount_within(
    gross: Money,
    net: Option<Money>,
    tax: Option<Money>,
    max_places: u32,
) -> Result<InvoiceAmount, RowProblem> {
    let refused = |error| RowProblem::Invoice(InvoiceError::Field(error));
    let zero = Money::zero(gross.currency());
    let (net, tax) = match (net, tax) {
        (None, None) => return InvoiceAmount::from_gross(gross, Decimal::ZERO).map_err(refused),
        (Some(net), None) => (net, gross.checked_sub(net).unwrap_or(zero)),
        (None, Some(tax)) => (gross.checked_sub(tax).unwrap_or(zero), tax),
        (Some(net), Some(tax)) => (net, tax),
    };
    let split = RowProblem::TaxSplit { net, tax, gross };
    if net.checked_add(tax) != Ok(gross) || net.is_negative() || tax.is_negative() {
        return Err(split);
    }
    if net.is_zero() {
        return if tax.is_zero() {
            InvoiceAmount::from_gross(gross, Decimal::ZERO).map_err(refused)
        } else {
            Err(split)
        };
    }
    let exact = tax
        .amount()
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|scaled| scaled.checked_div(net.amount()));
    let Some(exact) = exact else {
        return Err(split);
    };
    for places in 0..=max_places {
        let rate = exact.round_dp(places).normalize();
        for amount in [
            InvoiceAmount::from_net(net, rate),
            InvoiceAmount::from_gross(gross, rate),
        ]
        .into_iter()
        .flatten()
        {
            if amount.net() == net && amount.tax() == tax && amount.gross() == gross {
                return Ok(amount);
            }
        }
    }
    Err(split)
}

/// Reads the rows of one file in order, a chunk at a time if need be: a number already on an
/// earlier line makes the later row an error ([`RowProblem::DuplicateNumber`]), so a file
/// never doubles an invoice.
#[derive(Clone, Debug)]
pub struct RowReader {
    mapping: Mapping,
    format: ValueFormat,
    first_lines: HashMap<String, u64>,
}

impl RowReader {
    pub fn new(mapping: Mapping, format: ValueFormat) -> RowReader {
        RowReader {
            mapping,
            format,
            first_lines: HashMap::new(),
        }
    }

    /// Reads the next record of the file.
    pub fn read(&mut self, record: &Record) -> Result<ImportedInvoice, RowError> {
        let read = read_record(record, &self.mapping, self.format);
        let number = self
            .mapping
            .column_of(Field::Number)
            .map(|column| clean_text(record.cell(column)))
            .filter(|number| !number.is_empty());
        let Some(number) = number else {
            return read;
        };
        let first_line = *self
            .first_lines
            .entry(number.clone())
            .or_insert(record.line);
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
    }
}

/// Every record read, in order (see [`RowReader`]).
pub fn read_records<'r>(
    records: impl IntoIterator<Item = &'r Record>,
    mapping: &Mapping,
    format: ValueFormat,
) -> Vec<Result<ImportedInvoice, RowError>> {
    let mut reader = RowReader::new(mapping.clone(), format);
    records
        .into_iter()
        .map(|record| reader.read(record))
        .collect()
}
