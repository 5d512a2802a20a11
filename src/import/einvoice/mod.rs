//! E-invoices: the invoices the user issued, read from the files of the European e-invoicing
//! standard (EN 16931) instead of being typed again. Pure and tested natively: bytes in, an
//! [`EInvoice`] or a [`FileError`] in plain words out.
//!
//! - [`pdf`]: a Factur-X / ZUGFeRD PDF's embedded files (the invoice's XML is one of them);
//! - [`xml`]: a CII (`CrossIndustryInvoice`) or UBL (`Invoice`, `CreditNote`) document read
//!   into an [`EInvoice`], whatever its profile (MINIMUM to EXTENDED), never guessing a field
//!   the file does not carry;
//! - [`plan`]: the seller checked against the user's identity, then the same plan as a CSV
//!   import (matching clients, duplicates, one atomic change), plus credit notes linked to the
//!   invoice they credit (BT-25).
//!
//! Each field is named by its business term of EN 16931 (BT-1 the number, BT-112 the total
//! with tax…): the rules per term are in `docs/e-invoices.md`.

pub mod pdf;
pub mod plan;
pub mod read;
pub mod xml;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::domain::{Currency, Money};

pub use plan::{Answers, FileOutcome, FilePlan, SellerCheck, import_files_into, plan_files};
pub use read::{FileError, MAX_EINVOICE_BYTES, Term, is_einvoice_file, read_file, read_named};

/// The XML syntax of an e-invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// UN/CEFACT Cross Industry Invoice: Factur-X, ZUGFeRD 2, XRechnung in CII.
    Cii,
    /// OASIS UBL 2.1 `Invoice` or `CreditNote`.
    Ubl,
}

impl Syntax {
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Cii => "CII",
            Syntax::Ubl => "UBL",
        }
    }
}

/// What the file held the XML in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Container {
    /// A bare XML file.
    Xml,
    /// A PDF (Factur-X / ZUGFeRD), with the name of the embedded file read.
    Pdf { attachment: String },
}

/// The profile a document declares (BT-24, the specification identifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Profile {
    Minimum,
    BasicWl,
    Basic,
    En16931,
    Extended,
    XRechnung,
    /// Another identifier, as written.
    Other(String),
}

impl Profile {
    /// The profile of a specification identifier (BT-24).
    pub fn of(id: &str) -> Profile {
        let id = id.trim();
        let lower = id.to_ascii_lowercase();
        if lower.contains("xrechnung") {
            Profile::XRechnung
        } else if lower.ends_with(":minimum") {
            Profile::Minimum
        } else if lower.ends_with(":basicwl") {
            Profile::BasicWl
        } else if lower.ends_with(":basic") {
            Profile::Basic
        } else if lower.ends_with(":extended") {
            Profile::Extended
        } else if lower.starts_with("urn:cen.eu:en16931:2017") {
            Profile::En16931
        } else {
            Profile::Other(id.to_string())
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC WL",
            Profile::Basic => "BASIC",
            Profile::En16931 => "EN 16931",
            Profile::Extended => "EXTENDED",
            Profile::XRechnung => "XRechnung",
            Profile::Other(id) => id,
        }
    }
}

/// Invoice or credit note (BT-3, read from its type code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Invoice,
    CreditNote,
}

/// A party of the document (the seller BG-4 or the buyer BG-7), as the file gives it: every
/// field optional but the name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Party {
    /// BT-27 / BT-44.
    pub name: String,
    /// BT-30 / BT-47 (or BT-29 / BT-46) under the SIREN (0002) or SIRET (0009) scheme, or nine
    /// or fourteen digits with no scheme.
    pub legal_id: Option<String>,
    /// BT-31 / BT-48.
    pub vat: Option<String>,
    /// BT-43 / BT-58 (the contact's) or BT-34 / BT-49 (an electronic address of scheme EM).
    pub email: Option<String>,
    /// BT-35 to BT-38 / BT-50 to BT-54: the lines, then the postcode and the city.
    pub address: Option<String>,
    /// BT-40 / BT-55: a two-letter code.
    pub country: Option<String>,
}

/// One e-invoice as its file says it, checked for form (dates are dates, amounts are amounts
/// in the document's currency) but not yet against the books.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EInvoice {
    pub syntax: Syntax,
    pub container: Container,
    pub profile: Option<Profile>,
    /// BT-1.
    pub number: String,
    /// BT-3, as written (380, 381…).
    pub type_code: String,
    pub kind: DocumentKind,
    /// BT-2.
    pub issue_date: NaiveDate,
    /// BT-9: `None` when the file has none (MINIMUM never has one): asked, never guessed.
    pub due_date: Option<NaiveDate>,
    /// BT-20: the payment terms as text.
    pub terms: Option<String>,
    /// BT-5.
    pub currency: Currency,
    pub seller: Party,
    pub buyer: Party,
    /// BT-109, the total without tax.
    pub net: Option<Money>,
    /// BT-110, the tax in the document's currency.
    pub tax: Option<Money>,
    /// BT-112, the total with tax.
    pub gross: Money,
    /// BT-113, paid before this document.
    pub prepaid: Option<Money>,
    /// BT-114.
    pub rounding: Option<Money>,
    /// BT-115, what remains to pay.
    pub payable: Money,
    /// BT-25: the invoice a credit note credits (the first one given).
    pub preceding: Option<String>,
    /// BT-84: the account to pay to.
    pub iban: Option<String>,
}

impl EInvoice {
    /// What the buyer owes in all, before any payment: the total with tax plus the rounding
    /// (BT-112 + BT-114), as the books keep it.
    pub fn owed(&self) -> Money {
        let rounding = self.rounding.unwrap_or(Money::zero(self.currency));
        self.gross.checked_add(rounding).unwrap_or(self.gross)
    }
}
