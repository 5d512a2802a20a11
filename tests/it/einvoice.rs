//! The committed e-invoice fixtures (tests/fixtures/einvoice, made by the field's reference
//! libraries: see its README) read to the cent, planned and imported; the hostile ones named.

use std::path::PathBuf;

use chrono::NaiveDate;
use relance::domain::letterhead::Letterhead;
use relance::domain::{Country, Ledger, Money, PaymentTerms};
use relance::import::einvoice::plan::{CreditTarget, FileOutcome, SellerCheck};
use relance::import::einvoice::{
    Answers, DocumentKind, EInvoice, FileError, Profile, Syntax, Term, import_files_into,
    plan_files, read_file,
};
use relance::import::plan::{ClientMatch, ImportDefaults, Policy};
use rust_decimal::Decimal;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/einvoice")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn read(name: &str) -> EInvoice {
    read_file(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error:?}"))
}

fn eur(text: &str) -> Money {
    Money::new(
        text.parse::<Decimal>().unwrap_or_default(),
        relance::domain::Currency::Eur,
    )
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The fixtures' seller, as Settings would hold it.
fn you() -> Letterhead {
    Letterhead {
        name: "Studio Graphique Lefèvre".into(),
        siren: "814726394".into(),
        vat: "FR63814726394".into(),
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

/// number, net, tax, gross, prepaid, payable, issue, due, kind, preceding.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    NaiveDate,
    Option<NaiveDate>,
    DocumentKind,
    Option<&'static str>,
);

fn check(name: &str, expected: Expected) -> EInvoice {
    let (number, net, tax, gross, prepaid, payable, issue, due, kind, preceding) = expected;
    let invoice = read(name);
    assert_eq!(invoice.number, number, "{name}");
    assert_eq!(invoice.net, Some(eur(net)), "{name} BT-109");
    assert_eq!(invoice.tax, Some(eur(tax)), "{name} BT-110");
    assert_eq!(invoice.gross, eur(gross), "{name} BT-112");
    assert_eq!(
        invoice.prepaid.filter(|p| !p.is_zero()),
        prepaid.map(eur),
        "{name} BT-113"
    );
    assert_eq!(invoice.payable, eur(payable), "{name} BT-115");
    assert_eq!(invoice.issue_date, issue, "{name} BT-2");
    assert_eq!(invoice.due_date, due, "{name} BT-9");
    assert_eq!(invoice.kind, kind, "{name} BT-3");
    assert_eq!(invoice.preceding.as_deref(), preceding, "{name} BT-25");
    assert_eq!(
        invoice.seller.legal_id.as_deref().map(|id| &id[..9]),
        Some("814726394"),
        "{name} BT-30"
    );
    invoice
}

#[test]
fn the_xml_fixtures_read_to_the_cent() {
    use DocumentKind::{CreditNote, Invoice};
    let cii = check(
        "cii-invoice.xml",
        (
            "FX-2026-009",
            "2345.68",
            "469.14",
            "2814.82",
            None,
            "2814.82",
            date(2026, 11, 5),
            Some(date(2026, 12, 5)),
            Invoice,
            None,
        ),
    );
    assert_eq!(cii.syntax, Syntax::Cii);
    assert_eq!(cii.profile, Some(Profile::En16931));
    assert_eq!(cii.buyer.name, "Atelier Lumière SARL");
    check(
        "cii-creditnote.xml",
        (
            "FX-2026-010",
            "345.68",
            "69.14",
            "414.82",
            None,
            "414.82",
            date(2026, 11, 10),
            None,
            CreditNote,
            Some("FX-2026-009"),
        ),
    );
    let ubl = check(
        "ubl-invoice.xml",
        (
            "FX-2026-011",
            "1876.55",
            "375.31",
            "2251.86",
            Some("300.00"),
            "1951.86",
            date(2026, 11, 12),
            Some(date(2026, 12, 12)),
            Invoice,
            None,
        ),
    );
    assert_eq!(ubl.syntax, Syntax::Ubl);
    assert_eq!(ubl.buyer.vat.as_deref(), Some("FR02923584171"));
    assert_eq!(
        ubl.iban.as_deref().map(|iban| iban.replace(' ', "")),
        Some("FR7630006000011234567890189".into())
    );
    check(
        "ubl-creditnote.xml",
        (
            "FX-2026-012",
            "176.54",
            "35.31",
            "211.85",
            None,
            "211.85",
            date(2026, 11, 19),
            None,
            CreditNote,
            Some("FX-2026-011"),
        ),
    );
}

#[test]
fn the_hostile_xml_fixtures_are_named() {
    assert_eq!(
        read_file(&fixture("hostile/billion-laughs.xml")),
        Err(FileError::Dtd)
    );
    assert!(matches!(
        read_file(&fixture("hostile/not-invoice.xml")),
        Err(FileError::OtherXml { .. })
    ));
    assert!(matches!(
        read_file(&fixture("hostile/bad-date.xml")),
        Err(FileError::NotADate {
            term: Term::IssueDate,
            ..
        })
    ));
    assert!(matches!(
        read_file(&fixture("hostile/bad-amount.xml")),
        Err(FileError::NotAnAmount { .. })
    ));
    let fifty_megabytes = vec![b' '; 50 * 1024 * 1024];
    assert!(matches!(
        read_file(&fifty_megabytes),
        Err(FileError::TooLarge { .. })
    ));
}

#[test]
fn the_xml_fixtures_import_with_their_credit_notes_into_the_demo() {
    let names = [
        "ubl-creditnote.xml",
        "cii-invoice.xml",
        "ubl-invoice.xml",
        "cii-creditnote.xml",
    ];
    let files: Vec<_> = names.iter().map(|name| read_file(&fixture(name))).collect();
    let mut books = Ledger::new();
    relance::domain::demo::add_demo(&mut books, date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    let atelier = books
        .clients()
        .find(|client| client.name() == "Atelier Lumière SARL")
        .map(|client| client.id());
    let plan = plan_files(&books, &files, &Answers::default(), &you(), &defaults());
    assert_eq!(plan.outcomes[0], FileOutcome::Credit(CreditTarget::File(2)));
    assert_eq!(
        plan.outcomes[1],
        FileOutcome::Add(ClientMatch::Existing(
            atelier.unwrap_or_else(|| panic!("demo client"))
        ))
    );
    assert_eq!(plan.outcomes[2], FileOutcome::Add(ClientMatch::New(0)));
    assert_eq!(plan.outcomes[3], FileOutcome::Credit(CreditTarget::File(1)));
    assert_eq!(plan.sellers[0], Some(SellerCheck::Yours));
    let report = import_files_into(
        &mut books,
        &files,
        &Answers::default(),
        &you(),
        Policy::AllOrNothing,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(
        (
            report.invoices,
            report.credit_notes,
            report.payments,
            report.clients_created
        ),
        (2, 2, 1, 1)
    );
    let open = |number: &str| {
        let invoice = books
            .invoice_by_number(number)
            .unwrap_or_else(|| panic!("{number}"));
        books
            .balance(invoice.id(), date(2026, 12, 7))
            .map(|balance| balance.open)
    };
    // 2 814,82 − 414,82 credited; 2 251,86 − 300,00 prepaid − 211,85 credited.
    assert_eq!(open("FX-2026-009"), Ok(eur("2400.00")));
    assert_eq!(open("FX-2026-011"), Ok(eur("1740.01")));
    // Received, not issued: the buyer's letterhead refuses them all.
    let buyer = Letterhead {
        siren: "303265045".into(),
        ..Letterhead::default()
    };
    let plan = plan_files(
        &Ledger::new(),
        &files[1..2],
        &Answers::default(),
        &buyer,
        &defaults(),
    );
    assert_eq!(
        plan.outcomes,
        vec![FileOutcome::NotYours(SellerCheck::Received)]
    );
}

#[test]
fn the_factur_x_fixtures_of_every_profile_read_to_the_cent() {
    use DocumentKind::{CreditNote, Invoice};
    let minimum = check(
        "facturx-minimum.pdf",
        (
            "FX-2026-001",
            "1234.56",
            "246.91",
            "1481.47",
            None,
            "1481.47",
            date(2026, 9, 15),
            None,
            Invoice,
            None,
        ),
    );
    assert_eq!(minimum.profile, Some(Profile::Minimum));
    assert_eq!(
        minimum.container,
        relance::import::einvoice::Container::Pdf {
            attachment: "factur-x.xml".into()
        }
    );
    let basicwl = check(
        "facturx-basicwl.pdf",
        (
            "FX-2026-002",
            "987.65",
            "197.53",
            "1185.18",
            None,
            "1185.18",
            date(2026, 9, 22),
            Some(date(2026, 10, 22)),
            Invoice,
            None,
        ),
    );
    assert_eq!(basicwl.profile, Some(Profile::BasicWl));
    assert!(basicwl.terms.is_some(), "BT-20");
    let basic = check(
        "facturx-basic.pdf",
        (
            "FX-2026-003",
            "1977.26",
            "377.11",
            "2354.37",
            None,
            "2354.37",
            date(2026, 10, 1),
            Some(date(2026, 10, 31)),
            Invoice,
            None,
        ),
    );
    assert_eq!(basic.profile, Some(Profile::Basic));
    let en16931 = check(
        "facturx-en16931.pdf",
        (
            "FX-2026-004",
            "1249.36",
            "249.87",
            "1499.23",
            Some("450.50"),
            "1048.73",
            date(2026, 10, 8),
            Some(date(2026, 11, 7)),
            Invoice,
            None,
        ),
    );
    assert_eq!(en16931.profile, Some(Profile::En16931));
    let extended = check(
        "facturx-extended.pdf",
        (
            "FX-2026-005",
            "3456.78",
            "0.00",
            "3456.78",
            None,
            "3456.78",
            date(2026, 10, 15),
            Some(date(2026, 11, 14)),
            Invoice,
            None,
        ),
    );
    assert_eq!(extended.profile, Some(Profile::Extended));
    assert_eq!(extended.buyer.country.as_deref(), Some("DE"));
    check(
        "facturx-creditnote.pdf",
        (
            "FX-2026-006",
            "312.34",
            "62.47",
            "374.81",
            None,
            "374.81",
            date(2026, 10, 20),
            None,
            CreditNote,
            Some("FX-2026-004"),
        ),
    );
    let zugferd = check(
        "zugferd-invoice.pdf",
        (
            "FX-2026-007",
            "642.18",
            "128.44",
            "770.62",
            None,
            "770.62",
            date(2026, 10, 27),
            Some(date(2026, 11, 26)),
            Invoice,
            None,
        ),
    );
    assert_eq!(
        zugferd.container,
        relance::import::einvoice::Container::Pdf {
            attachment: "zugferd-invoice.xml".into()
        }
    );
    let xrechnung = check(
        "xrechnung.pdf",
        (
            "FX-2026-008",
            "1111.11",
            "222.22",
            "1333.33",
            None,
            "1333.33",
            date(2026, 11, 3),
            Some(date(2026, 12, 3)),
            Invoice,
            None,
        ),
    );
    assert_eq!(xrechnung.profile, Some(Profile::XRechnung));
}

#[test]
fn the_hostile_pdf_fixtures_are_named() {
    use relance::import::einvoice::pdf::PdfError;
    let started = std::time::Instant::now();
    assert_eq!(
        read_file(&fixture("hostile/encrypted.pdf")),
        Err(FileError::Pdf(PdfError::Encrypted))
    );
    assert_eq!(
        read_file(&fixture("hostile/no-attachment.pdf")),
        Err(FileError::NoInvoiceInPdf {
            attachments: Vec::new()
        })
    );
    assert_eq!(
        read_file(&fixture("hostile/other-attachment.pdf")),
        Err(FileError::NoInvoiceInPdf {
            attachments: vec!["notes.txt".into()]
        })
    );
    assert!(matches!(
        read_file(&fixture("hostile/bomb.pdf")),
        Err(FileError::Pdf(PdfError::TooLarge { .. }))
    ));
    assert_eq!(
        read_file(&fixture("hostile/zugferd1.pdf")),
        Err(FileError::Zugferd1)
    );
    let truncated = read_file(&fixture("hostile/truncated.pdf"));
    assert!(truncated.is_err(), "{truncated:?}");
    // A bomb stops at its limit: the whole set reads in well under a second natively.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_factur_x_credit_note_and_a_minimum_with_its_due_date_import_into_the_demo() {
    let names = [
        "facturx-en16931.pdf",
        "facturx-creditnote.pdf",
        "facturx-minimum.pdf",
    ];
    let files: Vec<_> = names.iter().map(|name| read_file(&fixture(name))).collect();
    let mut books = Ledger::new();
    relance::domain::demo::add_demo(&mut books, date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    let plan = plan_files(&books, &files, &Answers::default(), &you(), &defaults());
    assert_eq!(plan.outcomes[2], FileOutcome::AwaitsDueDate);
    let mut answers = Answers::default();
    answers.due_dates.insert(2, date(2026, 10, 15));
    let report = import_files_into(
        &mut books,
        &files,
        &answers,
        &you(),
        Policy::ValidRows,
        &defaults(),
    )
    .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(
        (report.invoices, report.credit_notes, report.payments),
        (2, 1, 1)
    );
    let invoice = books
        .invoice_by_number("FX-2026-004")
        .unwrap_or_else(|| panic!("imported"));
    // 1 499,23 − 450,50 paid in advance − 374,81 credited.
    assert_eq!(
        books
            .balance(invoice.id(), date(2026, 12, 7))
            .map(|b| b.open),
        Ok(eur("673.92"))
    );
    let minimum = books
        .invoice_by_number("FX-2026-001")
        .unwrap_or_else(|| panic!("imported"));
    assert_eq!(minimum.due_date(), date(2026, 10, 15));
    // It ages like any other: 53 days late on 7 December.
    let state = books
        .state_of(minimum.id(), date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    assert_eq!(state.days_past_due, 53);
}

/// Every committed fixture, whole.
fn all_fixtures() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/einvoice");
    let mut names: Vec<PathBuf> = ["", "hostile"]
        .iter()
        .flat_map(|sub| {
            std::fs::read_dir(dir.join(sub))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("pdf" | "xml")
            )
        })
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read(path).unwrap_or_default())
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// The fixtures' bytes mutated, truncated or spliced into one another: read, planned and
    /// imported into the demo, always an answer, never a panic, never a hang; a refused import
    /// leaves the books as they were.
    #[test]
    fn mutated_fixtures_never_panic_nor_hang(
        which in 0usize..64,
        other in 0usize..64,
        edits in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()), 0..16),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        mode in 0u8..4,
    ) {
        let fixtures = all_fixtures();
        let pick = |index: usize| fixtures.get(index % fixtures.len().max(1)).cloned().unwrap_or_default();
        let mut bytes = pick(which);
        for (at, byte) in edits {
            let index = at.index(bytes.len().max(1));
            if let Some(slot) = bytes.get_mut(index) {
                *slot = byte;
            }
        }
        match mode {
            1 => bytes.truncate(cut.index(bytes.len().max(1))),
            2 => {
                let tail = pick(other);
                let from = cut.index(tail.len().max(1));
                bytes.truncate(cut.index(bytes.len().max(1)));
                bytes.extend_from_slice(tail.get(from..).unwrap_or_default());
            }
            _ => {}
        }
        let started = std::time::Instant::now();
        let read = read_file(&bytes);
        proptest::prop_assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
        let files = vec![read];
        let mut books = Ledger::new();
        relance::domain::demo::add_demo(&mut books, date(2026, 12, 7)).unwrap_or_else(|error| panic!("{error:?}"));
        let before = books.clone();
        let _ = plan_files(&books, &files, &Answers::default(), &you(), &defaults());
        if import_files_into(&mut books, &files, &Answers::default(), &you(), Policy::ValidRows, &defaults()).is_err() {
            proptest::prop_assert_eq!(books, before);
        }
    }
}

#[test]
fn a_client_typed_without_identifier_is_found_by_its_name_when_the_file_gives_one() {
    // The demo's "Nordlicht Software GmbH" has no VAT number; the EXTENDED fixture's buyer is
    // that name with DE284173955: the same client, not a second one.
    let mut books = Ledger::new();
    relance::domain::demo::add_demo(&mut books, date(2026, 12, 7))
        .unwrap_or_else(|error| panic!("{error:?}"));
    let nordlicht = books
        .clients()
        .find(|client| client.name() == "Nordlicht Software GmbH")
        .map(|client| client.id())
        .unwrap_or_else(|| panic!("demo client"));
    let files = vec![read_file(&fixture("facturx-extended.pdf"))];
    let plan = plan_files(&books, &files, &Answers::default(), &you(), &defaults());
    assert_eq!(
        plan.outcomes,
        vec![FileOutcome::Add(ClientMatch::Existing(nordlicht))]
    );
    // A client of that name with another identifier is another business.
    let mut other = Ledger::new();
    let demo = books
        .client(nordlicht)
        .unwrap_or_else(|| panic!("demo client"));
    let mut draft = relance::domain::ClientDraft::from_details(demo.details());
    draft.tax_id = "DE123456788".into();
    let details = draft.parse().unwrap_or_else(|error| panic!("{error:?}"));
    other
        .add_client(details)
        .unwrap_or_else(|error| panic!("{error:?}"));
    let plan = plan_files(&other, &files, &Answers::default(), &you(), &defaults());
    assert_eq!(plan.outcomes, vec![FileOutcome::Add(ClientMatch::New(0))]);
}
