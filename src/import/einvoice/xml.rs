//! A CII or UBL document to an [`EInvoice`]. Elements are found by namespace and local name
//! (prefixes vary between writers), along the paths of EN 16931's syntax bindings; no XPath
//! engine, no schema. A document type declaration is refused (no entity is ever expanded) and
//! the number of nodes is bounded.

use chrono::NaiveDate;
use roxmltree::{Document, Node, ParsingOptions};
use rust_decimal::Decimal;

use super::read::{FileError, Term};
use super::{Container, DocumentKind, EInvoice, Party, Profile, Syntax};
use crate::domain::{Currency, Money};

const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
const UBL_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const UBL_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const ZUGFERD_1: &str = "urn:ferd:CrossIndustryDocument:invoice:1p0";

/// More nodes than any invoice has (an EXTENDED invoice of a thousand lines is ~100,000),
/// and a bound on the memory a document takes.
const NODES_LIMIT: u32 = 500_000;

/// Type codes (UNTDID 1001) of credit notes; every other code EN 16931 allows is an invoice.
const CREDIT_NOTE_CODES: [&str; 6] = ["381", "261", "262", "296", "308", "396"];
const INVOICE_CODES: [&str; 17] = [
    "380", "383", "384", "386", "389", "393", "394", "395", "456", "457", "527", "575", "623",
    "633", "751", "780", "875",
];
const MORE_INVOICE_CODES: [&str; 6] = ["71", "80", "82", "84", "102", "218"];

/// Reads a document of either syntax.
pub fn read(bytes: &[u8], container: Container) -> Result<EInvoice, FileError> {
    let text = decode(bytes)?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(&text, options).map_err(|error| match error {
        roxmltree::Error::DtdDetected => FileError::Dtd,
        roxmltree::Error::NodesLimitReached
        | roxmltree::Error::AttributesLimitReached
        | roxmltree::Error::NamespacesLimitReached => FileError::XmlTooLarge,
        other => {
            let position = other.pos();
            FileError::NotXml {
                line: position.row,
                column: position.col,
            }
        }
    })?;
    let root = document.root_element();
    let name = root.tag_name();
    match (name.namespace(), name.name()) {
        (Some(RSM), "CrossIndustryInvoice") => cii(root, container),
        (Some(UBL_INVOICE), "Invoice") => ubl(root, container, DocumentKind::Invoice),
        (Some(UBL_CREDIT_NOTE), "CreditNote") => ubl(root, container, DocumentKind::CreditNote),
        (Some(ZUGFERD_1), _) => Err(FileError::Zugferd1),
        (_, local) => Err(FileError::OtherXml {
            root: local.chars().take(80).collect(),
        }),
    }
}

/// The document's text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or
/// an 8-bit encoding read as Windows-1252 (a declared ISO-8859-1 reads the same).
fn decode(bytes: &[u8]) -> Result<String, FileError> {
    let utf16 = |rest: &[u8], little: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| match pair {
                [a, b] if little => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)
    } else {
        crate::import::csv::decode(bytes).1
    };
    // roxmltree reads the declaration's encoding as text: the text is now Unicode.
    Ok(text)
}

// ---- Navigation ----------------------------------------------------------------------------

/// The first child element of `node` named `local` in `namespace`.
fn child<'a, 'i>(node: Node<'a, 'i>, namespace: &str, local: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|child| is(child, namespace, local))
}

fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    namespace: &'a str,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |child| is(child, namespace, local))
}

fn is(node: &Node<'_, '_>, namespace: &str, local: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local
        && node.tag_name().namespace() == Some(namespace)
}

/// The element at the end of `path`, each step a child in `namespace`.
fn at<'a, 'i>(node: Node<'a, 'i>, namespace: &str, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter()
        .try_fold(node, |node, local| child(node, namespace, local))
}

/// An element's text, trimmed, `None` when empty.
fn text(node: Option<Node<'_, '_>>) -> Option<String> {
    let node = node?;
    let value: String = node
        .descendants()
        .filter(|descendant| descendant.is_text())
        .filter_map(|descendant| descendant.text())
        .collect();
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn required(value: Option<String>, term: Term) -> Result<String, FileError> {
    value.ok_or(FileError::Missing(term))
}

// ---- Values --------------------------------------------------------------------------------

/// An XML decimal (`-1234.56`): digits, one optional point, an optional sign. Nothing else:
/// a comma, a space or a currency sign is not an amount here.
fn decimal(text: &str, term: Term) -> Result<Decimal, FileError> {
    let not_amount = || FileError::NotAnAmount {
        term,
        text: text.chars().take(40).collect(),
    };
    let body = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('+'))
        .unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let points = body.chars().filter(|c| *c == '.').count();
    if digits == 0 || points > 1 || digits + points != body.chars().count() || digits > 24 {
        return Err(not_amount());
    }
    text.trim_start_matches('+')
        .parse::<Decimal>()
        .map_err(|_| not_amount())
}

/// An amount in `currency`, refused with more decimals than the currency has (trailing zeros
/// aside): never rounded away.
fn money(text: &str, term: Term, currency: Currency) -> Result<Money, FileError> {
    let value = decimal(text, term)?;
    if value.normalize().scale() > currency.minor_units() {
        return Err(FileError::TooManyDecimals {
            term,
            text: text.to_string(),
            currency,
        });
    }
    Ok(Money::new(value, currency))
}

fn optional_money(
    value: Option<String>,
    term: Term,
    currency: Currency,
) -> Result<Option<Money>, FileError> {
    value.map(|text| money(&text, term, currency)).transpose()
}

/// A CII date: `format="102"` is `YYYYMMDD` (the only format EN 16931 allows); a writer that
/// omits the format is read the same.
fn cii_date(node: Option<Node<'_, '_>>, term: Term) -> Result<Option<NaiveDate>, FileError> {
    let Some(node) = node else {
        return Ok(None);
    };
    let string = child(node, UDT, "DateTimeString");
    let Some(value) = text(string) else {
        return Ok(None);
    };
    let format = string.and_then(|node| node.attribute("format"));
    let not_a_date = || FileError::NotADate {
        term,
        text: value.chars().take(40).collect(),
    };
    if format.is_some_and(|format| format != "102") {
        return Err(not_a_date());
    }
    if value.len() != 8 || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(not_a_date());
    }
    NaiveDate::parse_from_str(&value, "%Y%m%d")
        .map(Some)
        .map_err(|_| not_a_date())
}

/// A UBL date: `YYYY-MM-DD`, with or without a time zone (`Z`, `+01:00`), as `xsd:date` allows.
fn ubl_date(value: Option<String>, term: Term) -> Result<Option<NaiveDate>, FileError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let not_a_date = || FileError::NotADate {
        term,
        text: value.chars().take(40).collect(),
    };
    let zone = value.get(10..).unwrap_or("");
    let zoned = zone.is_empty()
        || zone == "Z"
        || (zone.len() == 6
            && zone.starts_with(['+', '-'])
            && zone.get(3..4) == Some(":")
            && zone.chars().filter(char::is_ascii_digit).count() == 4);
    let Some(day) = value.get(..10).filter(|_| zoned) else {
        return Err(not_a_date());
    };
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| not_a_date())
}

fn currency(value: Option<String>) -> Result<Currency, FileError> {
    let code = required(value, Term::Currency)?;
    Currency::from_code(&code).map_err(|_| FileError::UnknownCurrency {
        code: code.chars().take(12).collect(),
    })
}

fn kind_of(code: &str) -> Result<DocumentKind, FileError> {
    if CREDIT_NOTE_CODES.contains(&code) {
        Ok(DocumentKind::CreditNote)
    } else if INVOICE_CODES.contains(&code) || MORE_INVOICE_CODES.contains(&code) {
        Ok(DocumentKind::Invoice)
    } else {
        Err(FileError::UnknownType {
            code: code.chars().take(12).collect(),
        })
    }
}

/// A French SIREN or SIRET from an identifier and its scheme: 0002 is the SIREN scheme, 0009
/// the SIRET one; without a scheme, nine or fourteen digits are taken as such.
fn legal_id(value: Option<String>, scheme: Option<&str>) -> Option<String> {
    let value: String = value?.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = value.chars().all(|c| c.is_ascii_digit());
    let fits = digits && (value.len() == 9 || value.len() == 14);
    match scheme {
        Some("0002") | Some("0009") if digits => Some(value),
        None if fits => Some(value),
        _ => None,
    }
}

fn joined(lines: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let lines: Vec<String> = lines.into_iter().flatten().collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// `postcode city`, or whichever there is.
fn town(postcode: Option<String>, city: Option<String>) -> Option<String> {
    match (postcode, city) {
        (Some(postcode), Some(city)) => Some(format!("{postcode} {city}")),
        (one, other) => one.or(other),
    }
}

/// The document's totals checked together: BT-115 = BT-112 − BT-113 + BT-114. A credit note
/// written with negative amounts is read with its amounts' signs turned.
struct Totals {
    net: Option<Money>,
    tax: Option<Money>,
    gross: Money,
    prepaid: Option<Money>,
    rounding: Option<Money>,
    payable: Money,
}

fn check_totals(mut totals: Totals, kind: &mut DocumentKind) -> Result<Totals, FileError> {
    let zero = Money::zero(totals.gross.currency());
    let prepaid = totals.prepaid.unwrap_or(zero);
    let rounding = totals.rounding.unwrap_or(zero);
    let expected = totals
        .gross
        .checked_sub(prepaid)
        .and_then(|left| left.checked_add(rounding));
    if expected != Ok(totals.payable) {
        return Err(FileError::PayableMismatch {
            gross: totals.gross,
            prepaid,
            rounding,
            payable: totals.payable,
        });
    }
    if totals.gross.is_negative() {
        // An invoice of negative total is a credit note. A credit note of negative total is
        // one written with its signs turned (some tools do): still a credit note, never a debt
        // to chase. Either way the books keep positive amounts.
        *kind = DocumentKind::CreditNote;
        let turn = |money: Money| Money::new(-money.amount(), money.currency());
        totals = Totals {
            net: totals.net.map(turn),
            tax: totals.tax.map(turn),
            gross: turn(totals.gross),
            prepaid: totals.prepaid.map(turn),
            rounding: totals.rounding.map(turn),
            payable: turn(totals.payable),
        };
    }
    for (term, value) in [
        (Term::NetTotal, totals.net),
        (Term::TaxTotal, totals.tax),
        (Term::Prepaid, totals.prepaid),
    ] {
        if value.is_some_and(Money::is_negative) {
            return Err(FileError::Negative { term });
        }
    }
    Ok(totals)
}

// ---- CII -----------------------------------------------------------------------------------

fn cii_party(party: Option<Node<'_, '_>>, name_term: Term) -> Result<Party, FileError> {
    let party = party.ok_or(FileError::Missing(name_term))?;
    let name = required(text(child(party, RAM, "Name")), name_term)?;
    let organisation = at(party, RAM, &["SpecifiedLegalOrganization", "ID"]);
    let mut legal = legal_id(
        text(organisation),
        organisation.and_then(|node| node.attribute("schemeID")),
    );
    if legal.is_none() {
        legal = children(party, RAM, "GlobalID")
            .chain(children(party, RAM, "ID"))
            .find_map(|id| {
                legal_id(text(Some(id)), id.attribute("schemeID"))
                    .filter(|_| id.attribute("schemeID").is_some())
            });
    }
    let vat = children(party, RAM, "SpecifiedTaxRegistration")
        .filter_map(|registration| child(registration, RAM, "ID"))
        .find(|id| id.attribute("schemeID") == Some("VA"))
        .and_then(|id| text(Some(id)));
    let contact_email = children(party, RAM, "DefinedTradeContact").find_map(|contact| {
        text(at(
            contact,
            RAM,
            &["EmailURIUniversalCommunication", "URIID"],
        ))
    });
    let electronic = child(party, RAM, "URIUniversalCommunication")
        .and_then(|uri| child(uri, RAM, "URIID"))
        .filter(|id| id.attribute("schemeID") == Some("EM"))
        .and_then(|id| text(Some(id)));
    let address = child(party, RAM, "PostalTradeAddress");
    let postal = address.and_then(|address| {
        joined([
            text(child(address, RAM, "LineOne")),
            text(child(address, RAM, "LineTwo")),
            text(child(address, RAM, "LineThree")),
            town(
                text(child(address, RAM, "PostcodeCode")),
                text(child(address, RAM, "CityName")),
            ),
        ])
    });
    Ok(Party {
        name,
        legal_id: legal,
        vat,
        email: contact_email.or(electronic),
        address: postal,
        country: address.and_then(|address| text(child(address, RAM, "CountryID"))),
    })
}

fn cii(root: Node<'_, '_>, container: Container) -> Result<EInvoice, FileError> {
    let profile = text(
        at(root, RSM, &["ExchangedDocumentContext"]).and_then(|context| {
            at(
                context,
                RAM,
                &["GuidelineSpecifiedDocumentContextParameter", "ID"],
            )
        }),
    )
    .map(|id| Profile::of(&id));
    let document = child(root, RSM, "ExchangedDocument");
    let number = required(
        text(document.and_then(|d| child(d, RAM, "ID"))),
        Term::Number,
    )?;
    let type_code = required(
        text(document.and_then(|d| child(d, RAM, "TypeCode"))),
        Term::TypeCode,
    )?;
    let mut kind = kind_of(&type_code)?;
    let issue_date = cii_date(
        document.and_then(|d| child(d, RAM, "IssueDateTime")),
        Term::IssueDate,
    )?
    .ok_or(FileError::Missing(Term::IssueDate))?;
    let transaction = child(root, RSM, "SupplyChainTradeTransaction");
    let agreement = transaction.and_then(|t| child(t, RAM, "ApplicableHeaderTradeAgreement"));
    let settlement = transaction.and_then(|t| child(t, RAM, "ApplicableHeaderTradeSettlement"));
    let seller = cii_party(
        agreement.and_then(|a| child(a, RAM, "SellerTradeParty")),
        Term::SellerName,
    )?;
    let buyer = cii_party(
        agreement.and_then(|a| child(a, RAM, "BuyerTradeParty")),
        Term::BuyerName,
    )?;
    let currency = currency(text(
        settlement.and_then(|s| child(s, RAM, "InvoiceCurrencyCode")),
    ))?;
    let terms_node = settlement.and_then(|s| child(s, RAM, "SpecifiedTradePaymentTerms"));
    let due_date = match settlement {
        Some(settlement) => children(settlement, RAM, "SpecifiedTradePaymentTerms")
            .map(|terms| cii_date(child(terms, RAM, "DueDateDateTime"), Term::DueDate))
            .find(|date| !matches!(date, Ok(None)))
            .transpose()?
            .flatten(),
        None => None,
    };
    let terms = terms_node.and_then(|terms| text(child(terms, RAM, "Description")));
    let summation =
        settlement.and_then(|s| child(s, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation"));
    let amount = |local: &str| text(summation.and_then(|s| child(s, RAM, local)));
    // BT-110 is the TaxTotalAmount in the invoice's currency (BT-111, in the accounting
    // currency, may follow it).
    let tax_text = summation.and_then(|summation| {
        let mut totals = children(summation, RAM, "TaxTotalAmount");
        let all: Vec<Node<'_, '_>> = totals.by_ref().collect();
        all.iter()
            .find(|node| node.attribute("currencyID") == Some(currency.code()))
            .or_else(|| {
                all.iter()
                    .find(|node| node.attribute("currencyID").is_none())
            })
            .and_then(|node| text(Some(*node)))
    });
    let gross = money(
        &required(amount("GrandTotalAmount"), Term::GrossTotal)?,
        Term::GrossTotal,
        currency,
    )?;
    let totals = check_totals(
        Totals {
            net: optional_money(amount("TaxBasisTotalAmount"), Term::NetTotal, currency)?,
            tax: optional_money(tax_text, Term::TaxTotal, currency)?,
            gross,
            prepaid: optional_money(amount("TotalPrepaidAmount"), Term::Prepaid, currency)?,
            rounding: optional_money(amount("RoundingAmount"), Term::Rounding, currency)?,
            payable: money(
                &required(amount("DuePayableAmount"), Term::Payable)?,
                Term::Payable,
                currency,
            )?,
        },
        &mut kind,
    )?;
    let preceding = settlement
        .and_then(|s| child(s, RAM, "InvoiceReferencedDocument"))
        .and_then(|reference| text(child(reference, RAM, "IssuerAssignedID")));
    let iban = settlement.and_then(|settlement| {
        children(settlement, RAM, "SpecifiedTradeSettlementPaymentMeans").find_map(|means| {
            text(at(
                means,
                RAM,
                &["PayeePartyCreditorFinancialAccount", "IBANID"],
            ))
        })
    });
    Ok(EInvoice {
        syntax: Syntax::Cii,
        container,
        profile,
        number,
        type_code,
        kind,
        issue_date,
        due_date,
        terms,
        currency,
        seller,
        buyer,
        net: totals.net,
        tax: totals.tax,
        gross: totals.gross,
        prepaid: totals.prepaid,
        rounding: totals.rounding,
        payable: totals.payable,
        preceding,
        iban,
    })
}

// ---- UBL -----------------------------------------------------------------------------------

fn ubl_party(party: Option<Node<'_, '_>>, name_term: Term) -> Result<Party, FileError> {
    let party = party
        .and_then(|role| child(role, CAC, "Party"))
        .ok_or(FileError::Missing(name_term))?;
    let entity = child(party, CAC, "PartyLegalEntity");
    let name = text(entity.and_then(|e| child(e, CBC, "RegistrationName")))
        .or_else(|| text(at(party, CAC, &["PartyName"]).and_then(|n| child(n, CBC, "Name"))));
    let name = required(name, name_term)?;
    let company = entity.and_then(|e| child(e, CBC, "CompanyID"));
    let mut legal = legal_id(
        text(company),
        company.and_then(|node| node.attribute("schemeID")),
    );
    if legal.is_none() {
        legal = children(party, CAC, "PartyIdentification")
            .filter_map(|identification| child(identification, CBC, "ID"))
            .find_map(|id| {
                let scheme = id.attribute("schemeID");
                legal_id(text(Some(id)), scheme).filter(|_| scheme.is_some())
            });
    }
    let vat = children(party, CAC, "PartyTaxScheme")
        .find(|scheme| {
            text(at(*scheme, CAC, &["TaxScheme"]).and_then(|s| child(s, CBC, "ID")))
                .is_some_and(|id| id.eq_ignore_ascii_case("VAT"))
        })
        .and_then(|scheme| text(child(scheme, CBC, "CompanyID")));
    let contact_email =
        text(child(party, CAC, "Contact").and_then(|c| child(c, CBC, "ElectronicMail")));
    let endpoint = child(party, CBC, "EndpointID")
        .filter(|id| id.attribute("schemeID") == Some("EM"))
        .and_then(|id| text(Some(id)));
    let address = child(party, CAC, "PostalAddress");
    let postal = address.and_then(|address| {
        let mut lines = vec![
            text(child(address, CBC, "StreetName")),
            text(child(address, CBC, "AdditionalStreetName")),
        ];
        lines.extend(
            children(address, CAC, "AddressLine").map(|line| text(child(line, CBC, "Line"))),
        );
        lines.push(town(
            text(child(address, CBC, "PostalZone")),
            text(child(address, CBC, "CityName")),
        ));
        joined(lines)
    });
    Ok(Party {
        name,
        legal_id: legal,
        vat,
        email: contact_email.or(endpoint),
        address: postal,
        country: address
            .and_then(|address| child(address, CAC, "Country"))
            .and_then(|country| text(child(country, CBC, "IdentificationCode"))),
    })
}

fn ubl(
    root: Node<'_, '_>,
    container: Container,
    declared: DocumentKind,
) -> Result<EInvoice, FileError> {
    let field = |local: &str| text(child(root, CBC, local));
    let profile = field("CustomizationID").map(|id| Profile::of(&id));
    let number = required(field("ID"), Term::Number)?;
    let type_field = match declared {
        DocumentKind::Invoice => "InvoiceTypeCode",
        DocumentKind::CreditNote => "CreditNoteTypeCode",
    };
    let type_code = match field(type_field) {
        Some(code) => code,
        // The root says which: UBL makes the code optional.
        None => match declared {
            DocumentKind::Invoice => "380".to_string(),
            DocumentKind::CreditNote => "381".to_string(),
        },
    };
    let mut kind = kind_of(&type_code)?;
    let issue_date = ubl_date(field("IssueDate"), Term::IssueDate)?
        .ok_or(FileError::Missing(Term::IssueDate))?;
    let due_date = match ubl_date(field("DueDate"), Term::DueDate)? {
        Some(date) => Some(date),
        None => children(root, CAC, "PaymentMeans")
            .map(|means| ubl_date(text(child(means, CBC, "PaymentDueDate")), Term::DueDate))
            .find(|date| !matches!(date, Ok(None)))
            .transpose()?
            .flatten(),
    };
    let currency = currency(field("DocumentCurrencyCode"))?;
    let seller = ubl_party(
        child(root, CAC, "AccountingSupplierParty"),
        Term::SellerName,
    )?;
    let buyer = ubl_party(child(root, CAC, "AccountingCustomerParty"), Term::BuyerName)?;
    let terms =
        children(root, CAC, "PaymentTerms").find_map(|terms| text(child(terms, CBC, "Note")));
    let monetary = child(root, CAC, "LegalMonetaryTotal");
    let amount = |local: &str| text(monetary.and_then(|m| child(m, CBC, local)));
    // BT-110: the TaxTotal whose amount is in the document's currency.
    let tax_text = children(root, CAC, "TaxTotal")
        .filter_map(|total| child(total, CBC, "TaxAmount"))
        .find(|amount| {
            amount
                .attribute("currencyID")
                .is_none_or(|id| id == currency.code())
        })
        .and_then(|amount| text(Some(amount)));
    let gross = money(
        &required(amount("TaxInclusiveAmount"), Term::GrossTotal)?,
        Term::GrossTotal,
        currency,
    )?;
    let totals = check_totals(
        Totals {
            net: optional_money(amount("TaxExclusiveAmount"), Term::NetTotal, currency)?,
            tax: optional_money(tax_text, Term::TaxTotal, currency)?,
            gross,
            prepaid: optional_money(amount("PrepaidAmount"), Term::Prepaid, currency)?,
            rounding: optional_money(amount("PayableRoundingAmount"), Term::Rounding, currency)?,
            payable: money(
                &required(amount("PayableAmount"), Term::Payable)?,
                Term::Payable,
                currency,
            )?,
        },
        &mut kind,
    )?;
    let preceding = children(root, CAC, "BillingReference").find_map(|reference| {
        text(at(reference, CAC, &["InvoiceDocumentReference"]).and_then(|d| child(d, CBC, "ID")))
    });
    let iban = children(root, CAC, "PaymentMeans").find_map(|means| {
        text(
            child(means, CAC, "PayeeFinancialAccount")
                .and_then(|account| child(account, CBC, "ID")),
        )
    });
    Ok(EInvoice {
        syntax: Syntax::Ubl,
        container,
        profile,
        number,
        type_code,
        kind,
        issue_date,
        due_date,
        terms,
        currency,
        seller,
        buyer,
        net: totals.net,
        tax: totals.tax,
        gross: totals.gross,
        prepaid: totals.prepaid,
        rounding: totals.rounding,
        payable: totals.payable,
        preceding,
        iban,
    })
}
