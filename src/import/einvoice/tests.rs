//! E-invoices read and planned, on documents written here field by field (the committed
//! fixtures made by the reference libraries are read in `tests/it/einvoice.rs`).

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::plan::{Answers, CreditTarget, FileOutcome, SellerCheck, check_seller};
use super::read::{FileError, Term};
use super::*;
use crate::domain::letterhead::Letterhead;
use crate::domain::{Country, Currency, Ledger, Money, PaymentTerms};
use crate::import::plan::{ClientMatch, ImportDefaults, ImportError, Policy};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn eur(text: &str) -> Money {
    Money::new(text.parse::<Decimal>().unwrap_or_default(), Currency::Eur)
}

/// The fields of a CII document to write.
struct Cii {
    profile: &'static str,
    number: &'static str,
    type_code: &'static str,
    issue: &'static str,
    due: Option<&'static str>,
    seller_siren: &'static str,
    buyer: &'static str,
    buyer_vat: Option<&'static str>,
    net: &'static str,
    tax: &'static str,
    gross: &'static str,
    prepaid: Option<&'static str>,
    payable: &'static str,
    preceding: Option<&'static str>,
}

const SELLER_SIREN: &str = "732829320";

fn base() -> Cii {
    Cii {
        profile: "urn:cen.eu:en16931:2017",
        number: "FX-1",
        type_code: "380",
        issue: "20261105",
        due: Some("20261205"),
        seller_siren: SELLER_SIREN,
        buyer: "Librairie Voltaire SAS",
        buyer_vat: Some("FR40303265045"),
        net: "1234.56",
        tax: "246.91",
        gross: "1481.47",
        prepaid: None,
        payable: "1481.47",
        preceding: None,
    }
}

fn cii(doc: &Cii) -> String {
    let due = doc
        .due
        .map(|due| format!("<ram:SpecifiedTradePaymentTerms><ram:Description>30 jours</ram:Description><ram:DueDateDateTime><udt:DateTimeString format=\"102\">{due}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"))
        .unwrap_or_default();
    let vat = doc
        .buyer_vat
        .map(|vat| format!("<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{vat}</ram:ID></ram:SpecifiedTaxRegistration>"))
        .unwrap_or_default();
    let prepaid = doc
        .prepaid
        .map(|amount| format!("<ram:TotalPrepaidAmount>{amount}</ram:TotalPrepaidAmount>"))
        .unwrap_or_default();
    let preceding = doc
        .preceding
        .map(|number| format!("<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>{number}</ram:IssuerAssignedID></ram:InvoiceReferencedDocument>"))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>{profile}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>{type_code}</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">{issue}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
<ram:ApplicableHeaderTradeAgreement>
<ram:SellerTradeParty><ram:Name>Studio Graphique Lefèvre</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{seller}</ram:ID></ram:SpecifiedLegalOrganization><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:SellerTradeParty>
<ram:BuyerTradeParty><ram:Name>{buyer}</ram:Name><ram:DefinedTradeContact><ram:EmailURIUniversalCommunication><ram:URIID>compta@voltaire.example</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact><ram:PostalTradeAddress><ram:PostcodeCode>75005</ram:PostcodeCode><ram:LineOne>3 quai Voltaire</ram:LineOne><ram:CityName>Paris</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>{vat}</ram:BuyerTradeParty>
</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR7630006000011234567890189</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
{due}
<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">{tax}</ram:TaxTotalAmount><ram:GrandTotalAmount>{gross}</ram:GrandTotalAmount>{prepaid}<ram:DuePayableAmount>{payable}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
{preceding}
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"#,
        profile = doc.profile,
        number = doc.number,
        type_code = doc.type_code,
        issue = doc.issue,
        seller = doc.seller_siren,
        buyer = doc.buyer,
        net = doc.net,
        tax = doc.tax,
        gross = doc.gross,
        payable = doc.payable,
    )
}

fn ubl_credit_note() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
<cbc:ID>AV-7</cbc:ID><cbc:IssueDate>2026-11-20</cbc:IssueDate><cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>FX-1</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
<cac:AccountingSupplierParty><cac:Party><cac:PartyTaxScheme><cbc:CompanyID>FR44732829320</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Studio Graphique Lefèvre</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PostalAddress><cbc:StreetName>3 quai Voltaire</cbc:StreetName><cbc:CityName>Paris</cbc:CityName><cbc:PostalZone>75005</cbc:PostalZone><cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>FR40303265045</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Librairie Voltaire SAS</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">20.00</cbc:TaxAmount></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">120.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</CreditNote>"#
        .to_string()
}

fn you() -> Letterhead {
    Letterhead {
        name: "Studio Graphique Lefèvre".into(),
        siren: SELLER_SIREN.into(),
        ..Letterhead::default()
    }
}

fn defaults() -> ImportDefaults {
    ImportDefaults {
        country: Country::FR,
        terms: PaymentTerms::default(),
        today: date(2026, 12, 7),
    }
}

fn read(xml: &str) -> Result<EInvoice, FileError> {
    read_file(xml.as_bytes())
}

#[test]
fn a_cii_invoice_reads_every_term_it_carries() {
    let invoice = read(&cii(&base())).unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(invoice.syntax, Syntax::Cii);
    assert_eq!(invoice.profile, Some(Profile::En16931));
    assert_eq!(invoice.number, "FX-1");
    assert_eq!(invoice.kind, DocumentKind::Invoice);
    assert_eq!(invoice.issue_date, date(2026, 11, 5));
    assert_eq!(invoice.due_date, Some(date(2026, 12, 5)));
    assert_eq!(invoice.terms.as_deref(), Some("30 jours"));
    assert_eq!(invoice.net, Some(eur("1234.56")));
    assert_eq!(invoice.tax, Some(eur("246.91")));
    assert_eq!(invoice.gross, eur("1481.47"));
    assert_eq!(invoice.payable, eur("1481.47"));
    assert_eq!(invoice.seller.legal_id.as_deref(), Some(SELLER_SIREN));
    assert_eq!(invoice.buyer.vat.as_deref(), Some("FR40303265045"));
    assert_eq!(
        invoice.buyer.email.as_deref(),
        Some("compta@voltaire.example")
    );
    assert_eq!(
        invoice.buyer.address.as_deref(),
        Some("3 quai Voltaire\n75005 Paris")
    );
    assert_eq!(invoice.buyer.country.as_deref(), Some("FR"));
    assert_eq!(invoice.iban.as_deref(), Some("FR7630006000011234567890189"));
}

#[test]
fn a_ubl_credit_note_reads_with_the_invoice_it_credits() {
    let credit = read(&ubl_credit_note()).unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(credit.syntax, Syntax::Ubl);
    assert_eq!(credit.kind, DocumentKind::CreditNote);
    assert_eq!(credit.preceding.as_deref(), Some("FX-1"));
    assert_eq!(credit.gross, eur("120.00"));
    assert_eq!(credit.seller.vat.as_deref(), Some("FR44732829320"));
    assert_eq!(check_seller(&credit, &you()), SellerCheck::Yours);
}

#[test]
fn each_bad_document_is_named() {
    let cases: Vec<(String, FileError)> = vec![
        (
            cii(&Cii { issue: "20261341", ..base() }),
            FileError::NotADate { term: Term::IssueDate, text: "20261341".into() },
        ),
        (
            cii(&Cii { gross: "12,3,4", ..base() }),
            FileError::NotAnAmount { term: Term::GrossTotal, text: "12,3,4".into() },
        ),
        (
            cii(&Cii { net: "1234.567", ..base() }),
            FileError::TooManyDecimals { term: Term::NetTotal, text: "1234.567".into(), currency: Currency::Eur },
        ),
        (
            cii(&Cii { type_code: "999", ..base() }),
            FileError::UnknownType { code: "999".into() },
        ),
        (
            cii(&Cii { number: "", ..base() }),
            FileError::Missing(Term::Number),
        ),
        (
            cii(&Cii { payable: "1400.00", ..base() }),
            FileError::PayableMismatch {
                gross: eur("1481.47"),
                prepaid: eur("0"),
                rounding: eur("0"),
                payable: eur("1400.00"),
            },
        ),
        (
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".into(),
            FileError::OtherXml { root: "svg".into() },
        ),
        (
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>".into(),
            FileError::Dtd,
        ),
        (
            "<CrossIndustryDocument xmlns=\"urn:ferd:CrossIndustryDocument:invoice:1p0\"/>".into(),
            FileError::Zugferd1,
        ),
        ("plain text".into(), FileError::NotAnInvoiceFile),
        ("   ".into(), FileError::Empty),
    ];
    for (text, expected) in cases {
        assert_eq!(read(&text), Err(expected));
    }
    let truncated = cii(&base());
    let half = truncated.get(..truncated.len() / 2).unwrap_or_default();
    assert!(matches!(read(half), Err(FileError::NotXml { .. })));
    let currency = cii(&base()).replace(">EUR<", ">XAF<");
    assert_eq!(
        read(&currency),
        Err(FileError::UnknownCurrency { code: "XAF".into() })
    );
}

#[test]
fn a_file_named_pdf_that_is_not_one_is_said_so() {
    use super::pdf::PdfError;
    assert_eq!(
        read_named("facture.pdf", b"Date;Montant\n"),
        Err(FileError::Pdf(PdfError::NotPdf))
    );
    assert_eq!(
        read_named("facture.csv", b"Date;Montant\n"),
        Err(FileError::NotAnInvoiceFile)
    );
    assert!(
        read_named("facture.pdf", cii(&base()).as_bytes()).is_ok(),
        "an XML named .pdf is still read"
    );
}

#[test]
fn every_failure_is_said_in_both_languages_with_its_term() {
    use crate::i18n::{Describe, Lang};
    let error = FileError::NotADate {
        term: Term::IssueDate,
        text: "20261341".into(),
    };
    assert_eq!(
        error.describe(Lang::Fr),
        "La date d'émission (BT-2) « 20261341 » n'est pas une date."
    );
    assert_eq!(
        error.describe(Lang::En),
        "The issue date (BT-2) \"20261341\" is not a date."
    );
}

#[test]
fn the_seller_is_checked_against_the_letterhead() {
    let invoice = read(&cii(&base())).unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(check_seller(&invoice, &you()), SellerCheck::Yours);
    assert_eq!(
        check_seller(&invoice, &Letterhead::default()),
        SellerCheck::Unchecked
    );
    let someone_else = Letterhead {
        siren: "303265045".into(),
        ..Letterhead::default()
    };
    // Their SIREN is the buyer's (inside its VAT number): an invoice they received.
    assert_eq!(check_seller(&invoice, &someone_else), SellerCheck::Received);
    let other = Letterhead {
        name: "Autre SARL".into(),
        vat: "FR83404833048".into(),
        ..Letterhead::default()
    };
    assert_eq!(check_seller(&invoice, &other), SellerCheck::NotYours);
    let by_name = Letterhead {
        name: "studio graphique LEFEVRE".into(),
        ..Letterhead::default()
    };
    assert_eq!(check_seller(&invoice, &by_name), SellerCheck::Yours);
}

fn files(docs: &[String]) -> Vec<Result<EInvoice, FileError>> {
    docs.iter().map(|doc| read(doc)).collect()
}

#[test]
fn a_minimum_invoice_waits_for_its_due_date_and_is_never_given_one() {
    let minimum = cii(&Cii {
        profile: "urn:factur-x.eu:1p0:minimum",
        due: None,
        ..base()
    });
    let batch = files(&[minimum]);
    let ledger = Ledger::new();
    let plan = plan_files(&ledger, &batch, &Answers::default(), &you(), &defaults());
    assert_eq!(plan.outcomes, vec![FileOutcome::AwaitsDueDate]);
    let mut books = ledger.clone();
    assert_eq!(
        import_files_into(
            &mut books,
            &batch,
            &Answers::default(),
            &you(),
            Policy::ValidRows,
            &defaults()
        ),
        Err(ImportError::Nothing)
    );
    let mut answers = Answers::default();
    answers.due_dates.insert(0, date(2026, 12, 20));
    let plan = plan_files(&ledger, &batch, &answers, &you(), &defaults());
    assert_eq!(plan.outcomes, vec![FileOutcome::Add(ClientMatch::New(0))]);
    let report = import_files_into(
        &mut books,
        &batch,
        &answers,
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(report.invoices, 1);
    let invoice = books
        .invoice_by_number("FX-1")
        .unwrap_or_else(|| panic!("imported"));
    assert_eq!(invoice.due_date(), date(2026, 12, 20));
}

#[test]
fn figures_go_into_the_books_to_the_cent_with_prepaid_and_two_rates() {
    // 1 000,00 at 20 % and 200,00 at 5,5 %: 1 200,00 net, 211,00 VAT, 1 411,00; 400,00 paid.
    let doc = cii(&Cii {
        net: "1200.00",
        tax: "211.00",
        gross: "1411.00",
        prepaid: Some("400.00"),
        payable: "1011.00",
        ..base()
    });
    let batch = files(&[doc]);
    let mut books = Ledger::new();
    let report = import_files_into(
        &mut books,
        &batch,
        &Answers::default(),
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(
        (report.invoices, report.payments, report.clients_created),
        (1, 1, 1)
    );
    let invoice = books
        .invoice_by_number("FX-1")
        .unwrap_or_else(|| panic!("imported"));
    let amount = invoice.details().amount();
    assert_eq!(
        (amount.net(), amount.tax(), amount.gross()),
        (eur("1200.00"), eur("211.00"), eur("1411.00"))
    );
    let balance = books
        .balance(invoice.id(), date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(balance.open, eur("1011.00"));
    let payment = books
        .payments_of(invoice.id())
        .first()
        .map(|p| (p.date(), p.amount()));
    assert_eq!(payment, Some((date(2026, 11, 5), eur("400.00"))));
    let client = books
        .client(invoice.client())
        .unwrap_or_else(|| panic!("client"));
    assert_eq!(client.name(), "Librairie Voltaire SAS");
}

#[test]
fn a_credit_note_credits_its_invoice_once_from_the_same_batch_or_the_books() {
    let batch = files(&[ubl_credit_note(), cii(&base())]);
    let ledger = Ledger::new();
    let plan = plan_files(&ledger, &batch, &Answers::default(), &you(), &defaults());
    assert_eq!(
        plan.outcomes.first(),
        Some(&FileOutcome::Credit(CreditTarget::File(1)))
    );
    let mut books = ledger.clone();
    let report = import_files_into(
        &mut books,
        &batch,
        &Answers::default(),
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!((report.invoices, report.credit_notes), (1, 1));
    let invoice = books
        .invoice_by_number("FX-1")
        .unwrap_or_else(|| panic!("imported"));
    let balance = books
        .balance(invoice.id(), date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(balance.open, eur("1361.47"));
    // Again: the invoice is a duplicate and the credit note already recorded.
    let again = plan_files(&books, &batch, &Answers::default(), &you(), &defaults());
    assert!(matches!(
        again.outcomes.first(),
        Some(FileOutcome::CreditRecorded { .. })
    ));
    assert!(matches!(again.outcomes.get(1), Some(FileOutcome::Duplicate(d)) if d.same));
    let before = books.clone();
    assert_eq!(
        import_files_into(
            &mut books,
            &batch,
            &Answers::default(),
            &you(),
            Policy::ValidRows,
            &defaults()
        ),
        Err(ImportError::Nothing)
    );
    assert_eq!(books, before);
    // Alone, with an invoice nowhere: said, not imported.
    let alone = files(&[ubl_credit_note()]);
    let plan = plan_files(
        &Ledger::new(),
        &alone,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes,
        vec![FileOutcome::CreditUnlinked {
            preceding: Some("FX-1".into()),
            in_batch: None
        }]
    );
}

#[test]
fn all_or_nothing_refuses_a_batch_with_one_bad_file_and_changes_nothing() {
    let batch = files(&[
        cii(&base()),
        cii(&Cii {
            number: "FX-2",
            gross: "x",
            ..base()
        }),
    ]);
    let mut books = Ledger::new();
    assert_eq!(
        import_files_into(
            &mut books,
            &batch,
            &Answers::default(),
            &you(),
            Policy::AllOrNothing,
            &defaults()
        ),
        Err(ImportError::InvalidRows(1))
    );
    assert_eq!(books, Ledger::new());
    let report = import_files_into(
        &mut books,
        &batch,
        &Answers::default(),
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!((report.invoices, report.left_out), (1, 1));
}

#[test]
fn an_invoice_of_another_seller_or_received_is_refused() {
    let batch = files(&[cii(&Cii {
        seller_siren: "404833048",
        ..base()
    })]);
    let plan = plan_files(
        &Ledger::new(),
        &batch,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes,
        vec![FileOutcome::NotYours(SellerCheck::NotYours)]
    );
}

#[test]
fn the_same_file_twice_is_read_once() {
    let batch = files(&[cii(&base()), cii(&base())]);
    let plan = plan_files(
        &Ledger::new(),
        &batch,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes.get(1),
        Some(&FileOutcome::Repeated { first: 0 })
    );
    assert_eq!(plan.invoices(), 1);
}

#[test]
fn a_credit_note_written_with_negative_amounts_stays_a_credit_note() {
    let doc = cii(&Cii {
        type_code: "381",
        net: "-100.00",
        tax: "-20.00",
        gross: "-120.00",
        payable: "-120.00",
        preceding: Some("FX-0"),
        ..base()
    });
    let credit = read(&doc).unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(credit.kind, DocumentKind::CreditNote);
    assert_eq!(credit.gross, eur("120.00"));
    let invoice = read(&cii(&Cii {
        net: "-100.00",
        tax: "-20.00",
        gross: "-120.00",
        payable: "-120.00",
        ..base()
    }))
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(invoice.kind, DocumentKind::CreditNote);
}

#[test]
fn an_invoice_without_due_date_already_in_the_books_is_a_duplicate_not_a_question() {
    let minimum = cii(&Cii {
        due: None,
        ..base()
    });
    let batch = files(&[minimum]);
    let mut answers = Answers::default();
    answers.due_dates.insert(0, date(2026, 12, 20));
    let mut books = Ledger::new();
    import_files_into(
        &mut books,
        &batch,
        &answers,
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    let again = plan_files(&books, &batch, &Answers::default(), &you(), &defaults());
    assert!(
        matches!(again.outcomes.as_slice(), [FileOutcome::Duplicate(_)]),
        "{:?}",
        again.outcomes
    );
    assert_eq!(again.problems(), 0);
}

#[test]
fn a_credit_note_the_books_would_refuse_is_said_before_the_import() {
    use super::plan::CreditProblem;
    // Larger than what the invoice still owes.
    let big = ubl_credit_note()
        .replace("120.00", "2000.00")
        .replace("100.00", "1666.67")
        .replace("20.00", "333.33");
    let batch = files(&[big, cii(&base())]);
    let plan = plan_files(
        &Ledger::new(),
        &batch,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert!(
        matches!(plan.outcomes.first(), Some(FileOutcome::CreditRefused(CreditProblem::OverOpen { open })) if *open == eur("1481.47")),
        "{:?}",
        plan.outcomes
    );
    // On a draft of the books.
    let mut books = Ledger::new();
    let invoice_only = files(&[cii(&base())]);
    import_files_into(
        &mut books,
        &invoice_only,
        &Answers::default(),
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    let id = books
        .invoice_by_number("FX-1")
        .map(|invoice| invoice.id())
        .unwrap_or_else(|| panic!("imported"));
    books
        .set_status(id, crate::domain::InvoiceStatus::Draft)
        .unwrap_or_else(|error| panic!("{error:?}"));
    let plan = plan_files(
        &books,
        &files(&[ubl_credit_note()]),
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes,
        vec![FileOutcome::CreditRefused(CreditProblem::Draft)]
    );
    // Its invoice chosen too but waiting for its due date: the credit note says so.
    let waiting = files(&[
        ubl_credit_note(),
        cii(&Cii {
            due: None,
            ..base()
        }),
    ]);
    let plan = plan_files(
        &Ledger::new(),
        &waiting,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes.first(),
        Some(&FileOutcome::CreditUnlinked {
            preceding: Some("FX-1".into()),
            in_batch: Some(1)
        })
    );
}

#[test]
fn two_files_of_one_number_and_other_content_are_refused() {
    let batch = files(&[
        cii(&base()),
        cii(&Cii {
            net: "1000.00",
            tax: "200.00",
            gross: "1200.00",
            payable: "1200.00",
            ..base()
        }),
    ]);
    let plan = plan_files(
        &Ledger::new(),
        &batch,
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert_eq!(
        plan.outcomes,
        vec![
            FileOutcome::NumberTwice { other: 1 },
            FileOutcome::NumberTwice { other: 0 }
        ]
    );
    assert_eq!((plan.problems(), plan.invoices()), (2, 0));
}

#[test]
fn the_seller_check_forgives_forms_and_order_but_not_other_identifiers() {
    let invoice = read(&cii(&base())).unwrap_or_else(|error| panic!("{error:?}"));
    // A mistyped SIREN in the letterhead, but the same VAT number: yours.
    let mut seller_vat = invoice.clone();
    seller_vat.seller.vat = Some("FR44 732829320".into());
    let typo = Letterhead {
        siren: "732829321".into(),
        vat: "FR44732829320".into(),
        ..Letterhead::default()
    };
    assert_eq!(check_seller(&seller_vat, &typo), SellerCheck::Yours);
    // Names only: legal forms, "&" and order of words do not count.
    let mut by_name = invoice.clone();
    by_name.seller = Party {
        name: "SARL Studio Graphique & Lefèvre".into(),
        ..Party::default()
    };
    let named = Letterhead {
        name: "Studio graphique et Lefevre SARL".into(),
        ..Letterhead::default()
    };
    assert_eq!(check_seller(&by_name, &named), SellerCheck::Yours);
    // Names only, and they differ: imported with a notice, not refused.
    let other_name = Letterhead {
        name: "Atelier Moreau".into(),
        ..Letterhead::default()
    };
    assert_eq!(check_seller(&by_name, &other_name), SellerCheck::Unsure);
}

#[test]
fn a_rounding_amount_is_kept_in_what_is_owed() {
    // CHF rounded to 0.05: 1 481,47 with −0,02 of rounding owes 1 481,45.
    let doc = cii(&base())
        .replace(">EUR<", ">CHF<")
        .replace("currencyID=\"EUR\"", "currencyID=\"CHF\"")
        .replace(
            "<ram:DuePayableAmount>1481.47",
            "<ram:RoundingAmount>-0.02</ram:RoundingAmount><ram:DuePayableAmount>1481.45",
        );
    let batch = files(&[doc]);
    let mut books = Ledger::new();
    import_files_into(
        &mut books,
        &batch,
        &Answers::default(),
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    let invoice = books
        .invoice_by_number("FX-1")
        .unwrap_or_else(|| panic!("imported"));
    let amount = invoice.details().amount();
    let chf = |text: &str| Money::new(text.parse::<Decimal>().unwrap_or_default(), Currency::Chf);
    assert_eq!(
        (amount.net(), amount.gross()),
        (chf("1234.56"), chf("1481.45"))
    );
}

#[test]
fn a_due_date_before_the_issue_date_is_said_once() {
    let minimum = cii(&Cii {
        due: None,
        ..base()
    });
    let mut answers = Answers::default();
    answers.due_dates.insert(0, date(2026, 11, 1));
    let plan = plan_files(
        &Ledger::new(),
        &files(&[minimum]),
        &answers,
        &you(),
        &defaults(),
    );
    let [FileOutcome::Invalid(error)] = plan.outcomes.as_slice() else {
        panic!("{:?}", plan.outcomes);
    };
    assert_eq!(error.problems.len(), 1, "{:?}", error.problems);
}

#[test]
fn what_the_books_would_refuse_is_said_in_the_preview() {
    let long = "N".repeat(80);
    let doc = cii(&base()).replace("<ram:ID>FX-1</ram:ID>", &format!("<ram:ID>{long}</ram:ID>"));
    let plan = plan_files(
        &Ledger::new(),
        &files(&[doc]),
        &Answers::default(),
        &you(),
        &defaults(),
    );
    assert!(
        matches!(plan.outcomes.as_slice(), [FileOutcome::Invalid(_)]),
        "{:?}",
        plan.outcomes
    );
}

#[test]
fn a_ubl_date_may_carry_its_time_zone() {
    let credit = read(&ubl_credit_note().replace("2026-11-20<", "2026-11-20+01:00<"))
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(credit.issue_date, date(2026, 11, 20));
    assert!(matches!(
        read(&ubl_credit_note().replace("2026-11-20<", "2026-11-20T10:00<")),
        Err(FileError::NotADate { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Mutated, truncated or spliced documents: an answer, never a panic.
    #[test]
    fn mutated_documents_never_panic(
        which in 0usize..2,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = match which {
            0 => cii(&base()).into_bytes(),
            _ => ubl_credit_note().into_bytes(),
        };
        for (at, byte) in edits {
            let index = at.index(bytes.len());
            if let Some(slot) = bytes.get_mut(index) {
                *slot = byte;
            }
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        let read = read_file(&bytes);
        let batch = vec![read];
        let _ = plan_files(&Ledger::new(), &batch, &Answers::default(), &you(), &defaults());
        let mut books = Ledger::new();
        let before = books.clone();
        if import_files_into(&mut books, &batch, &Answers::default(), &you(), Policy::ValidRows, &defaults()).is_err() {
            prop_assert_eq!(books, before);
        }
    }
}
