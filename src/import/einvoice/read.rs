//! One file's bytes to an [`EInvoice`]: a PDF's embedded invoice or a bare XML, with every
//! failure named in plain words ([`FileError`]).

use super::pdf::{self, EmbeddedFile, PdfError};
use super::{Container, EInvoice, xml};
use crate::domain::{Currency, Money};
use crate::i18n::{Describe, Lang};
use crate::import::csv::megabytes;

/// The largest file read: refused from its size, before a byte is read. A Factur-X PDF is a
/// few hundred kilobytes; an XML, a few dozen.
pub const MAX_EINVOICE_BYTES: usize = 20 * 1024 * 1024;

/// The largest embedded file or stream decoded from a PDF: an invoice's XML is far smaller, so
/// a stream inflating beyond this (a "PDF bomb") stops here.
pub const MAX_DECODED_BYTES: usize = 20 * 1024 * 1024;

/// The names under which Factur-X and ZUGFeRD embed the invoice, in order of preference.
pub const INVOICE_ATTACHMENTS: [&str; 4] = [
    "factur-x.xml",
    "zugferd-invoice.xml",
    "ZUGFeRD-invoice.xml",
    "xrechnung.xml",
];

/// A business term of EN 16931, named in messages by its label and number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Term {
    Number,
    IssueDate,
    TypeCode,
    Currency,
    DueDate,
    SellerName,
    BuyerName,
    NetTotal,
    TaxTotal,
    GrossTotal,
    Prepaid,
    Rounding,
    Payable,
}

impl Term {
    pub fn code(self) -> &'static str {
        match self {
            Term::Number => "BT-1",
            Term::IssueDate => "BT-2",
            Term::TypeCode => "BT-3",
            Term::Currency => "BT-5",
            Term::DueDate => "BT-9",
            Term::SellerName => "BT-27",
            Term::BuyerName => "BT-44",
            Term::NetTotal => "BT-109",
            Term::TaxTotal => "BT-110",
            Term::GrossTotal => "BT-112",
            Term::Prepaid => "BT-113",
            Term::Rounding => "BT-114",
            Term::Payable => "BT-115",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Term::Number, Lang::Fr) => "le numéro de facture",
            (Term::Number, Lang::En) => "the invoice number",
            (Term::IssueDate, Lang::Fr) => "la date d'émission",
            (Term::IssueDate, Lang::En) => "the issue date",
            (Term::TypeCode, Lang::Fr) => "le type de document",
            (Term::TypeCode, Lang::En) => "the document type",
            (Term::Currency, Lang::Fr) => "la devise",
            (Term::Currency, Lang::En) => "the currency",
            (Term::DueDate, Lang::Fr) => "la date d'échéance",
            (Term::DueDate, Lang::En) => "the due date",
            (Term::SellerName, Lang::Fr) => "le nom du vendeur",
            (Term::SellerName, Lang::En) => "the seller's name",
            (Term::BuyerName, Lang::Fr) => "le nom de l'acheteur",
            (Term::BuyerName, Lang::En) => "the buyer's name",
            (Term::NetTotal, Lang::Fr) => "le total hors taxes",
            (Term::NetTotal, Lang::En) => "the total without tax",
            (Term::TaxTotal, Lang::Fr) => "le total de TVA",
            (Term::TaxTotal, Lang::En) => "the total VAT",
            (Term::GrossTotal, Lang::Fr) => "le total TTC",
            (Term::GrossTotal, Lang::En) => "the total with tax",
            (Term::Prepaid, Lang::Fr) => "le montant déjà payé",
            (Term::Prepaid, Lang::En) => "the amount paid in advance",
            (Term::Rounding, Lang::Fr) => "l'arrondi",
            (Term::Rounding, Lang::En) => "the rounding amount",
            (Term::Payable, Lang::Fr) => "le net à payer",
            (Term::Payable, Lang::En) => "the amount due",
        }
    }

    /// `la date d'émission (BT-2)`.
    pub fn named(self, lang: Lang) -> String {
        format!("{} ({})", self.label(lang), self.code())
    }
}

/// Why a file gives no invoice. Each is said in plain words, for that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Over [`MAX_EINVOICE_BYTES`]; `bytes` is the file's size.
    TooLarge {
        bytes: usize,
    },
    Empty,
    /// The browser could not read it.
    Unreadable,
    /// Neither a PDF nor an XML file.
    NotAnInvoiceFile,
    /// The PDF could not be read.
    Pdf(PdfError),
    /// A PDF without an embedded invoice: the names of what it embeds, if anything.
    NoInvoiceInPdf {
        attachments: Vec<String>,
    },
    /// Not well-formed XML, at this line and column.
    NotXml {
        line: u32,
        column: u32,
    },
    /// A document type declaration (entities): refused, never expanded.
    Dtd,
    /// Too many elements for an invoice.
    XmlTooLarge,
    /// Well-formed XML of another kind: its root element.
    OtherXml {
        root: String,
    },
    /// ZUGFeRD 1.0 (`CrossIndustryDocument`), replaced by ZUGFeRD 2 / Factur-X in 2019.
    Zugferd1,
    Missing(Term),
    NotADate {
        term: Term,
        text: String,
    },
    NotAnAmount {
        term: Term,
        text: String,
    },
    TooManyDecimals {
        term: Term,
        text: String,
        currency: Currency,
    },
    UnknownCurrency {
        code: String,
    },
    UnknownType {
        code: String,
    },
    /// BT-115 is not BT-112 − BT-113 + BT-114.
    PayableMismatch {
        gross: Money,
        prepaid: Money,
        rounding: Money,
        payable: Money,
    },
    /// A negative total on a document that is not a credit note, or the reverse.
    Negative {
        term: Term,
    },
}

fn amount(money: Money, lang: Lang) -> String {
    crate::format::money(money, lang)
}

impl Describe for PdfError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (PdfError::NotPdf, Lang::Fr) => "Ce fichier porte l'extension PDF mais n'en est pas un.".to_string(),
            (PdfError::NotPdf, Lang::En) => "This file is named as a PDF but is not one.".to_string(),
            (PdfError::Encrypted, Lang::Fr) => "Ce PDF est chiffré : Relance ne lit pas un PDF protégé (une facture Factur-X ne l'est jamais). Exportez la facture sans protection depuis votre logiciel.".to_string(),
            (PdfError::Encrypted, Lang::En) => "This PDF is encrypted: Relance does not read a protected PDF (a Factur-X invoice never is). Export the invoice without protection from your software.".to_string(),
            (PdfError::TooLarge { limit }, Lang::Fr) => format!(
                "Ce PDF contient un flux qui dépasse {} Mo une fois décompressé : il n'est pas lu (une facture est bien plus petite).",
                megabytes(*limit, lang)
            ),
            (PdfError::TooLarge { limit }, Lang::En) => format!(
                "This PDF holds a stream over {} MB once decompressed: it is not read (an invoice is far smaller).",
                megabytes(*limit, lang)
            ),
            (PdfError::Unsupported { filter }, Lang::Fr) => format!(
                "Ce PDF compresse sa facture par « {filter} », un procédé que Relance ne lit pas."
            ),
            (PdfError::Unsupported { filter }, Lang::En) => {
                format!("This PDF compresses its invoice with \"{filter}\", which Relance does not read.")
            }
            (PdfError::TooComplex, Lang::Fr) => "Ce PDF est d'une complexité qu'aucune facture n'atteint (trop d'objets, de pièces jointes ou d'imbrications) : il n'est pas lu.".to_string(),
            (PdfError::TooComplex, Lang::En) => "This PDF is more complex than any invoice is (too many objects, attachments or nesting levels): it is not read.".to_string(),
            (_, Lang::Fr) => "Ce PDF est endommagé ou tronqué : ses objets ne se retrouvent pas. Exportez-le à nouveau depuis votre logiciel.".to_string(),
            (_, Lang::En) => "This PDF is damaged or truncated: its objects cannot be found. Export it again from your software.".to_string(),
        }
    }
}

impl Describe for FileError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileError::TooLarge { bytes }, Lang::Fr) => format!(
                "Ce fichier pèse {} Mo : une facture électronique en pèse bien moins, et l'import lit au plus {} Mo par fichier.",
                megabytes(*bytes, lang),
                MAX_EINVOICE_BYTES / (1024 * 1024)
            ),
            (FileError::TooLarge { bytes }, Lang::En) => format!(
                "This file is {} MB: an e-invoice is far smaller, and the import reads at most {} MB a file.",
                megabytes(*bytes, lang),
                MAX_EINVOICE_BYTES / (1024 * 1024)
            ),
            (FileError::Empty, Lang::Fr) => "Ce fichier est vide.".to_string(),
            (FileError::Empty, Lang::En) => "This file is empty.".to_string(),
            (FileError::Unreadable, Lang::Fr) => "Le navigateur n'a pas pu lire ce fichier : réessayez, ou enregistrez-le à nouveau.".to_string(),
            (FileError::Unreadable, Lang::En) => "The browser could not read this file: try again, or save it again.".to_string(),
            (FileError::NotAnInvoiceFile, Lang::Fr) => "Ce fichier n'est ni un PDF ni un XML : Relance lit les factures Factur-X / ZUGFeRD (PDF) et les XML UBL ou CII.".to_string(),
            (FileError::NotAnInvoiceFile, Lang::En) => "This file is neither a PDF nor an XML: Relance reads Factur-X / ZUGFeRD invoices (PDF) and UBL or CII XML files.".to_string(),
            (FileError::Pdf(error), _) => error.describe(lang),
            (FileError::NoInvoiceInPdf { attachments }, Lang::Fr) => {
                if attachments.is_empty() {
                    "Ce PDF ne contient pas de facture électronique : c'est un PDF simple, pas un Factur-X. Exportez la facture au format Factur-X depuis votre logiciel.".to_string()
                } else {
                    format!(
                        "Ce PDF ne contient pas de facture électronique : il joint seulement {}, et aucun « factur-x.xml ».",
                        quoted_list(attachments, lang)
                    )
                }
            }
            (FileError::NoInvoiceInPdf { attachments }, Lang::En) => {
                if attachments.is_empty() {
                    "This PDF holds no e-invoice: it is a plain PDF, not a Factur-X. Export the invoice as Factur-X from your software.".to_string()
                } else {
                    format!(
                        "This PDF holds no e-invoice: it only attaches {}, and no \"factur-x.xml\".",
                        quoted_list(attachments, lang)
                    )
                }
            }
            (FileError::NotXml { line, column }, Lang::Fr) => format!(
                "Ce XML est mal formé (ligne {line}, colonne {column}) : le fichier est sans doute tronqué ou modifié."
            ),
            (FileError::NotXml { line, column }, Lang::En) => format!(
                "This XML is malformed (line {line}, column {column}): the file is probably truncated or altered."
            ),
            (FileError::Dtd, Lang::Fr) => "Ce XML déclare des entités (une DTD) : une facture électronique n'en a jamais, et Relance ne les lit pas.".to_string(),
            (FileError::Dtd, Lang::En) => "This XML declares entities (a DTD): an e-invoice never does, and Relance does not read them.".to_string(),
            (FileError::XmlTooLarge, Lang::Fr) => "Ce XML compte trop d'éléments pour une facture.".to_string(),
            (FileError::XmlTooLarge, Lang::En) => "This XML has too many elements for an invoice.".to_string(),
            (FileError::OtherXml { root }, Lang::Fr) => format!(
                "Ce XML n'est pas une facture : son élément racine est « {root} », et non CrossIndustryInvoice (CII) ni Invoice ou CreditNote (UBL)."
            ),
            (FileError::OtherXml { root }, Lang::En) => format!(
                "This XML is not an invoice: its root element is \"{root}\", neither CrossIndustryInvoice (CII) nor Invoice or CreditNote (UBL)."
            ),
            (FileError::Zugferd1, Lang::Fr) => "C'est une facture ZUGFeRD 1.0, un format remplacé en 2019 : exportez-la en Factur-X ou ZUGFeRD 2 depuis votre logiciel.".to_string(),
            (FileError::Zugferd1, Lang::En) => "This is a ZUGFeRD 1.0 invoice, a format replaced in 2019: export it as Factur-X or ZUGFeRD 2 from your software.".to_string(),
            (FileError::Missing(term), Lang::Fr) => {
                format!("Il manque {} : sans cette information, la facture ne peut pas être reprise.", term.named(lang))
            }
            (FileError::Missing(term), Lang::En) => {
                format!("{} is missing: without it, the invoice cannot be brought in.", capitalised(&term.named(lang)))
            }
            (FileError::NotADate { term, text }, Lang::Fr) => format!(
                "{} « {text} » n'est pas une date.",
                capitalised(&term.named(lang))
            ),
            (FileError::NotADate { term, text }, Lang::En) => {
                format!("{} \"{text}\" is not a date.", capitalised(&term.named(lang)))
            }
            (FileError::NotAnAmount { term, text }, Lang::Fr) => format!(
                "{} « {text} » n'est pas un montant.",
                capitalised(&term.named(lang))
            ),
            (FileError::NotAnAmount { term, text }, Lang::En) => {
                format!("{} \"{text}\" is not an amount.", capitalised(&term.named(lang)))
            }
            (FileError::TooManyDecimals { term, text, currency }, Lang::Fr) => format!(
                "{} « {text} » a plus de décimales que la devise {} n'en compte.",
                capitalised(&term.named(lang)),
                currency.code()
            ),
            (FileError::TooManyDecimals { term, text, currency }, Lang::En) => format!(
                "{} \"{text}\" has more decimals than the currency {} has.",
                capitalised(&term.named(lang)),
                currency.code()
            ),
            (FileError::UnknownCurrency { code }, Lang::Fr) => format!(
                "La devise « {code} » (BT-5) n'est pas gérée : Relance tient ses comptes en EUR, GBP, USD, CHF et JPY."
            ),
            (FileError::UnknownCurrency { code }, Lang::En) => format!(
                "The currency \"{code}\" (BT-5) is not handled: Relance keeps accounts in EUR, GBP, USD, CHF and JPY."
            ),
            (FileError::UnknownType { code }, Lang::Fr) => format!(
                "Le type de document « {code} » (BT-3) n'est ni une facture ni un avoir."
            ),
            (FileError::UnknownType { code }, Lang::En) => {
                format!("The document type \"{code}\" (BT-3) is neither an invoice nor a credit note.")
            }
            (FileError::PayableMismatch { gross, prepaid, rounding, payable }, Lang::Fr) => format!(
                "Le net à payer (BT-115) est {} alors que le total TTC moins le déjà payé plus l'arrondi donne {} − {} + {} : le fichier se contredit.",
                amount(*payable, lang),
                amount(*gross, lang),
                amount(*prepaid, lang),
                amount(*rounding, lang)
            ),
            (FileError::PayableMismatch { gross, prepaid, rounding, payable }, Lang::En) => format!(
                "The amount due (BT-115) is {} while the total with tax less the prepaid amount plus the rounding gives {} − {} + {}: the file contradicts itself.",
                amount(*payable, lang),
                amount(*gross, lang),
                amount(*prepaid, lang),
                amount(*rounding, lang)
            ),
            (FileError::Negative { term }, Lang::Fr) => format!(
                "{} est négatif alors que le total TTC ne l'est pas : le fichier se contredit.",
                capitalised(&term.named(lang))
            ),
            (FileError::Negative { term }, Lang::En) => format!(
                "{} is negative while the total with tax is not: the file contradicts itself.",
                capitalised(&term.named(lang))
            ),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn quoted_list(names: &[String], lang: Lang) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| match lang {
            Lang::Fr => format!("« {name} »"),
            Lang::En => format!("\"{name}\""),
        })
        .collect();
    quoted.join(", ")
}

/// The limits a PDF is read within.
fn pdf_limits() -> pdf::Limits {
    pdf::Limits {
        max_decoded: MAX_DECODED_BYTES,
        ..pdf::Limits::default()
    }
}

/// The embedded file that holds the invoice: one of [`INVOICE_ATTACHMENTS`] (any case), else
/// the one XML file the PDF embeds.
fn invoice_attachment(files: Vec<EmbeddedFile>) -> Result<EmbeddedFile, FileError> {
    let rank = |file: &EmbeddedFile| {
        INVOICE_ATTACHMENTS
            .iter()
            .position(|name| file.name.eq_ignore_ascii_case(name))
    };
    let mut named: Vec<(usize, EmbeddedFile)> = Vec::new();
    let mut xml_files: Vec<EmbeddedFile> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for file in files {
        names.push(file.name.clone());
        if let Some(position) = rank(&file) {
            named.push((position, file));
        } else if file.name.to_ascii_lowercase().ends_with(".xml") {
            xml_files.push(file);
        }
    }
    named.sort_by_key(|(position, _)| *position);
    if let Some((_, file)) = named.into_iter().next() {
        return Ok(file);
    }
    if xml_files.len() == 1
        && let Some(file) = xml_files.pop()
    {
        return Ok(file);
    }
    names.sort();
    names.dedup();
    Err(FileError::NoInvoiceInPdf { attachments: names })
}

/// Whether `bytes` start (after blanks or a byte-order mark) like an XML document.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let start = body
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .and_then(|at| body.get(at));
    start == Some(&b'<')
}

/// Whether the first kilobyte holds the PDF header (writers may put bytes before it).
fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    head.windows(5).any(|window| window == b"%PDF-")
}

/// Whether a file is an e-invoice to read here rather than a CSV: named `.pdf` or `.xml`, or
/// starting as a PDF or an XML document does.
pub fn is_einvoice_file(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".pdf")
        || lower.ends_with(".xml")
        || looks_like_pdf(bytes)
        || looks_like_xml(bytes)
}

/// [`read_file`] for a file of this name: one named `.pdf` that is neither a PDF nor an XML
/// is said to be no PDF.
pub fn read_named(name: &str, bytes: &[u8]) -> Result<EInvoice, FileError> {
    let named_pdf = name.to_ascii_lowercase().ends_with(".pdf");
    if named_pdf
        && bytes.len() <= MAX_EINVOICE_BYTES
        && !bytes.iter().all(u8::is_ascii_whitespace)
        && !looks_like_pdf(bytes)
        && !looks_like_xml(bytes)
    {
        return Err(FileError::Pdf(PdfError::NotPdf));
    }
    read_file(bytes)
}

/// Reads one file: a Factur-X / ZUGFeRD PDF or a CII or UBL XML. `size` is the size the
/// browser gives, checked again here.
pub fn read_file(bytes: &[u8]) -> Result<EInvoice, FileError> {
    if bytes.len() > MAX_EINVOICE_BYTES {
        return Err(FileError::TooLarge { bytes: bytes.len() });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    if looks_like_pdf(bytes) {
        let files = pdf::embedded_files(bytes, &pdf_limits()).map_err(FileError::Pdf)?;
        let file = invoice_attachment(files).map_err(|error| {
            // A PDF that does not end (a download cut short) is damaged, not a plain PDF.
            let tail = bytes
                .get(bytes.len().saturating_sub(1024)..)
                .unwrap_or(bytes);
            if tail.windows(5).any(|window| window == b"%%EOF") {
                error
            } else {
                FileError::Pdf(PdfError::Damaged)
            }
        })?;
        let container = Container::Pdf {
            attachment: file.name.clone(),
        };
        return xml::read(&file.bytes, container);
    }
    if looks_like_xml(bytes) {
        return xml::read(bytes, Container::Xml);
    }
    Err(FileError::NotAnInvoiceFile)
}
