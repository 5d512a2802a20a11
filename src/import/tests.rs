//! The import end to end: files as other tools and Relance's own export write them, row
//! errors, and hostile files.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;
use crate::domain::calendar::test_support::date;
use crate::domain::demo::add_demo;
use crate::domain::{AgingBounds, Currency, InvoiceId, Ledger, Money, Standing};
use crate::export::csv::CsvDialect;
use crate::export::tables::invoices_csv;

fn eur(amount: rust_decimal::Decimal) -> Money {
    Money::new(amount, Currency::Eur)
}

fn open(bytes: &[u8]) -> Import {
    match Import::open(bytes) {
        Ok(import) => import,
        Err(error) => panic!("{}", error.describe(Lang::En)),
    }
}

fn valid(import: &Import) -> Vec<ImportedInvoice> {
    import
        .invoices(Currency::Eur)
        .into_iter()
        .map(|row| match row {
            Ok(invoice) => invoice,
            Err(error) => panic!("{}", error.describe(Lang::En)),
        })
        .collect()
}

#[test]
fn a_french_file_imports_with_no_manual_mapping() {
    let text = "\u{feff}N° de facture;Client;Date d'émission;Échéance;Montant TTC;Payé\r\n\
                F-2026-001;Boulangerie Martin;05/11/2026;05/12/2026;1 234,56;234,56\r\n\
                F-2026-002;\"Durand; fils\";13/11/2026;13/12/2026;1.500,00;\r\n\
                F-2026-003;SARL Léa;01/12/2026;31/12/2026;99,9;0\r\n";
    let import = open(text.as_bytes());
    assert!(import.mapping.missing().is_empty());
    assert_eq!(
        import.dialect,
        Dialect {
            encoding: Encoding::Utf8 { bom: true },
            separator: Separator::Semicolon,
            decimal_mark: Some(DecimalMark::Comma),
            date_format: DateFormat {
                order: DateOrder::DayMonthYear,
                separator: '/',
            },
        }
    );
    assert_eq!(
        import.dialect.describe(Lang::Fr),
        "UTF-8 avec BOM, point-virgule ( ; ), virgule décimale (1 234,56), dates JJ/MM/AAAA"
    );
    let invoices = valid(&import);
    assert_eq!(invoices.len(), 3);
    let first = &invoices[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.number, "F-2026-001");
    assert_eq!(first.client, "Boulangerie Martin");
    assert_eq!(first.issue_date, date("2026-11-05"));
    assert_eq!(first.due_date, Some(date("2026-12-05")));
    assert_eq!(first.amount, eur(dec!(1234.56)));
    assert_eq!(first.paid, eur(dec!(234.56)));
    assert_eq!(invoices[1].client, "Durand; fils");
    assert_eq!(invoices[1].amount, eur(dec!(1500)));
    assert_eq!(invoices[1].paid, eur(dec!(0)));
    assert_eq!(invoices[2].amount, eur(dec!(99.90)));
    assert_eq!(invoices[2].client, "SARL Léa");
}

#[test]
fn an_english_file_imports_with_no_manual_mapping() {
    let text = "Invoice No,Customer,Invoice Date,Due Date,Currency,Total,Amount Paid,Payment Date\n\
                INV-7,Acme Ltd,2026-10-31,2026-11-30,GBP,\"1,250.00\",250.5,2026-11-15\n\
                INV-8,Smith & Co,2026-11-02,2026-12-02,usd,\"12,000\",,\n";
    let import = open(text.as_bytes());
    assert!(import.mapping.missing().is_empty());
    assert_eq!(import.dialect.separator, Separator::Comma);
    assert_eq!(import.dialect.decimal_mark, Some(DecimalMark::Dot));
    assert_eq!(import.dialect.date_format.pattern(Lang::En), "YYYY-MM-DD");
    let invoices = valid(&import);
    assert_eq!(invoices[0].currency, Currency::Gbp);
    assert_eq!(invoices[0].amount, Money::new(dec!(1250), Currency::Gbp));
    assert_eq!(invoices[0].paid, Money::new(dec!(250.50), Currency::Gbp));
    assert_eq!(invoices[0].paid_date, Some(date("2026-11-15")));
    // `12,000` alone is ambiguous to the domain; the file's decimal point says thousands.
    assert_eq!(invoices[1].amount, Money::new(dec!(12000), Currency::Usd));
    assert_eq!(invoices[1].client, "Smith & Co");
}

#[test]
fn american_dates_are_told_by_a_day_over_twelve() {
    let text = "Invoice number,Client,Date,Amount\nA,X,03/04/2026,1\nB,Y,12/31/2026,2\n";
    let import = open(text.as_bytes());
    assert_eq!(import.dialect.date_format.order, DateOrder::MonthDayYear);
    assert_eq!(valid(&import)[0].issue_date, date("2026-03-04"));
    let text = "Invoice number;Client;Date;Amount\nA;X;03.04.2026;1\nB;Y;31.12.2026;2\n";
    let import = open(text.as_bytes());
    assert_eq!(import.dialect.date_format.pattern(Lang::Fr), "JJ.MM.AAAA");
    assert_eq!(valid(&import)[0].issue_date, date("2026-04-03"));
    let text = "Invoice number;Client;Date;Amount\nA;X;03-04-2026;1\n";
    let import = open(text.as_bytes());
    assert_eq!(import.dialect.date_format.pattern(Lang::Fr), "JJ-MM-AAAA");
    assert_eq!(valid(&import)[0].issue_date, date("2026-04-03"));
}

#[test]
fn a_windows_1252_file_from_older_excel_reads_its_accents_and_euro() {
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice(b"Num\xE9ro;Client;Date;Montant TTC\r\n");
    bytes.extend_from_slice(b"F1;Soci\xE9t\xE9 G\xE9n\xE9rale;07/12/2026;1 500,00 \x80\r\n");
    let import = open(&bytes);
    assert_eq!(import.dialect.encoding, Encoding::Windows1252);
    assert_eq!(import.table.headers[0], "Numéro");
    assert!(import.mapping.missing().is_empty());
    let invoices = valid(&import);
    assert_eq!(invoices[0].client, "Société Générale");
    assert_eq!(invoices[0].amount, eur(dec!(1500)));
}

#[test]
fn row_errors_name_their_line_in_plain_words() {
    let mut text = String::from("Numéro;Client;Date;Échéance;Montant;Payé;Devise\n");
    for index in 2..14 {
        text.push_str(&format!(
            "F{index};Client {index};01/12/2026;31/12/2026;10,00;;EUR\n"
        ));
    }
    text.push_str("F14;Martin;01/12/2026;31/12/2026;12,3,4;;EUR\n"); // line 14
    text.push_str(";Martin;31/02/2026;;-5;;EUR\n"); // line 15
    text.push_str("F16;Martin;01/12/2026;01/11/2026;10;11;EUR\n"); // line 16
    text.push_str("F17;Martin;01/12/2026;;10;;XYZ\n"); // line 17
    text.push_str("F2;Autre;01/12/2026;;10;;EUR\n"); // line 18
    let import = open(text.as_bytes());
    let rows = import.invoices(Currency::Eur);
    assert_eq!(rows.len(), 17);
    assert!(rows[..12].iter().all(Result::is_ok));
    let errors: Vec<(String, String)> = rows[12..]
        .iter()
        .map(|row| match row {
            Err(error) => (error.describe(Lang::Fr), error.describe(Lang::En)),
            Ok(invoice) => panic!("line {} should fail", invoice.line),
        })
        .collect();
    assert_eq!(
        errors[0],
        (
            "ligne 14 : le montant « 12,3,4 » n'est pas un nombre".to_string(),
            "line 14: the amount \"12,3,4\" is not a number".to_string()
        )
    );
    assert_eq!(
        errors[1].0,
        "ligne 15 : le numéro de facture manque ; la date d'émission « 31/02/2026 » n'est pas une date (JJ/MM/AAAA attendu) ; le montant « -5 » est négatif"
    );
    assert_eq!(
        errors[1].1,
        "line 15: the invoice number is missing; the issue date \"31/02/2026\" is not a date (DD/MM/YYYY expected); the amount \"-5\" is negative"
    );
    assert!(
        errors[2].0.starts_with("ligne 16 : l'échéance"),
        "{}",
        errors[2].0
    );
    assert!(
        errors[2]
            .1
            .ends_with("the amount paid (€11.00) is more than the invoice's amount (€10.00)"),
        "{}",
        errors[2].1
    );
    assert_eq!(
        errors[3].1,
        "line 17: the currency \"XYZ\" is not known (currencies: EUR, GBP, USD, CHF, JPY)"
    );
    assert_eq!(
        errors[4],
        (
            "ligne 18 : la facture « F2 » figure déjà ligne 2".to_string(),
            "line 18: the invoice \"F2\" is already on line 2".to_string()
        )
    );
    // The preview is the first rows only.
    assert_eq!(import.preview(Currency::Eur), rows[..PREVIEW_ROWS].to_vec());
}

#[test]
fn the_user_maps_a_column_the_headings_did_not_name() {
    let text = "Réf;Qui;Quand;Combien\nA1;Martin;01/12/2026;10,50\n";
    let mut import = open(text.as_bytes());
    assert_eq!(
        import.mapping.missing(),
        [
            Field::Number,
            Field::Client,
            Field::IssueDate,
            Field::AmountInclTax
        ]
    );
    assert_eq!(import.dialect.decimal_mark, None);
    for (column, field) in [
        (0, Field::Number),
        (1, Field::Client),
        (2, Field::IssueDate),
        (3, Field::AmountInclTax),
    ] {
        import.remap(column, Some(field));
    }
    assert_eq!(import.dialect.decimal_mark, Some(DecimalMark::Comma));
    assert_eq!(valid(&import)[0].amount, eur(dec!(10.50)));
}

#[test]
fn a_cell_the_export_neutralised_reads_back_as_written() {
    let text =
        "Numéro;Client;Date;Montant\n\"'=F1\";\"'@Martin\";01/12/2026;1\nF2;'Quote;01/12/2026;1\n";
    let invoices = valid(&open(text.as_bytes()));
    assert_eq!(invoices[0].number, "=F1");
    assert_eq!(invoices[0].client, "@Martin");
    assert_eq!(invoices[1].client, "'Quote");
}

fn demo(today: NaiveDate) -> Ledger {
    let mut ledger = Ledger::new();
    let added = add_demo(&mut ledger, today);
    assert!(added.is_ok(), "{added:?}");
    ledger
}

#[test]
fn the_exports_of_the_demo_read_back_to_the_same_invoices_in_both_dialects() {
    let as_of = date("2026-12-07");
    for dialect in CsvDialect::ALL {
        for lang in Lang::ALL {
            assert_round_trip(as_of, dialect, lang);
        }
    }
}

/// The demo as of `as_of`, exported in `dialect` with `lang` headings, reads back to the
/// same invoices: numbers, clients, dates, currencies, amounts, paid, credited and open.
fn assert_round_trip(as_of: NaiveDate, dialect: CsvDialect, lang: Lang) {
    let ledger = demo(as_of);
    let ids: Vec<InvoiceId> = ledger.invoices().map(|invoice| invoice.id()).collect();
    assert!(ids.len() > 5);
    let text = invoices_csv(&ledger, &ids, as_of, &AgingBounds::default(), dialect, lang);
    let Ok(text) = text else { panic!("{text:?}") };
    let import = open(text.as_bytes());
    assert!(import.mapping.missing().is_empty(), "{dialect:?} {lang:?}");
    for field in [
        Field::DueDate,
        Field::Currency,
        Field::AmountExclTax,
        Field::Tax,
        Field::Paid,
        Field::Credited,
        Field::Open,
    ] {
        assert!(
            import.mapping.column_of(field).is_some(),
            "{field:?} unmapped in {dialect:?} {lang:?}: {:?}",
            import.table.headers
        );
    }
    let expected_separator = if dialect == CsvDialect::ExcelFrance {
        Separator::Semicolon
    } else {
        Separator::Comma
    };
    assert_eq!(import.dialect.separator, expected_separator);
    assert_eq!(
        import.dialect.encoding,
        Encoding::Utf8 {
            bom: dialect.has_bom()
        }
    );
    let invoices = valid(&import);
    assert_eq!(invoices.len(), ids.len());
    for (read, id) in invoices.iter().zip(&ids) {
        let Some(invoice) = ledger.invoice(*id) else {
            panic!("{id:?}")
        };
        let Ok(state) = ledger.state_of(*id, as_of) else {
            panic!("{id:?}")
        };
        let amounts = invoice.details().amount();
        let client = ledger.client(invoice.client()).map(|client| client.name());
        assert_eq!(read.number, invoice.number());
        assert_eq!(Some(read.client.as_str()), client);
        assert_eq!(read.issue_date, invoice.details().issue_date());
        assert_eq!(read.due_date, Some(invoice.due_date()));
        assert_eq!(read.currency, invoice.currency());
        assert_eq!(read.amount, amounts.gross());
        assert_eq!(read.amount_excl_tax, Some(amounts.net()));
        assert_eq!(read.tax, Some(amounts.tax()));
        assert_eq!(read.amounts, amounts, "{}", read.number);
        assert_eq!(read.status, invoice.status(), "{}", read.number);
        if state.standing() == Standing::Draft {
            assert!(read.paid.is_zero());
            assert_eq!((read.credited, read.open), (None, None));
        } else {
            assert_eq!(read.paid, state.balance.paid);
            assert_eq!(read.credited, Some(state.balance.credited));
            assert_eq!(read.open, Some(state.balance.open));
        }
    }
}

/// Pieces of hostile files.
fn hostile_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..40),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\0".to_vec()),
        Just(b";".to_vec()),
        Just(b",".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"|".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"sep=;\n".to_vec()),
        Just(
            "N° de facture;Client;Date d'émission;Échéance;Montant TTC;Payé\r\n"
                .as_bytes()
                .to_vec()
        ),
        Just(b"Invoice number,Client,Date,Amount,Paid,Currency\n".to_vec()),
        Just(b"F-1;Martin;07/12/2026;31/12/2026;1 234,56;12,3,4\r\n".to_vec()),
        Just(b"=cmd|' /C calc'!A0".to_vec()),
        Just(b"'=HYPERLINK(\"x\")".to_vec()),
        Just(b"+1-1@".to_vec()),
        Just(b"\xE9\x80\x9D".to_vec()),
        Just("é€𝄞".as_bytes().to_vec()),
        Just(b"99999999999999999999999999999999,99".to_vec()),
        Just(b"31/02/2026".to_vec()),
        Just(b"2026-13-45T10:00".to_vec()),
        Just(b"9999/99/99".to_vec()),
        Just(b"-0,00 EUR".to_vec()),
        (1usize..20_000).prop_map(|length| vec![b'a'; length]),
        (1usize..5_000).prop_map(|length| vec![b';'; length]),
        (1usize..2_000).prop_map(|length| b"\"".repeat(length)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_demo_exported_on_any_day_in_any_dialect_reads_back(
        offset in -3000i64..3000,
        dialect in prop::sample::select(CsvDialect::ALL.to_vec()),
        lang in prop::sample::select(Lang::ALL.to_vec()),
    ) {
        let as_of = date("2026-12-07") + chrono::Duration::days(offset);
        assert_round_trip(as_of, dialect, lang);
    }

    #[test]
    fn hostile_files_never_panic(
        pieces in proptest::collection::vec(hostile_piece(), 0..60),
        remaps in proptest::collection::vec((0usize..20, 0usize..21), 0..6),
    ) {
        let bytes: Vec<u8> = pieces.concat();
        match Import::open(&bytes) {
            Ok(mut import) => {
                let _ = import.dialect.describe(Lang::Fr);
                for (column, field) in remaps {
                    import.remap(column, Field::ALL.get(field).copied());
                }
                let rows = import.invoices(Currency::Eur);
                prop_assert_eq!(rows.len(), import.table.records.len());
                let mut numbers = std::collections::HashSet::new();
                for row in &rows {
                    match row {
                        Ok(invoice) => {
                            prop_assert!(numbers.insert(invoice.number.clone()), "doubled");
                            prop_assert!(!invoice.number.is_empty());
                            prop_assert!(!invoice.amount.is_negative());
                            prop_assert!(invoice.paid.amount() <= invoice.amount.amount());
                        }
                        Err(error) => {
                            prop_assert!(!error.problems.is_empty());
                            let _ = (error.describe(Lang::Fr), error.describe(Lang::En));
                        }
                    }
                }
                prop_assert!(import.preview(Currency::Eur).len() <= PREVIEW_ROWS);
                // Into books that hold the demo: all or nothing, never a panic; a refused
                // import leaves the books as they were.
                let books = demo(date("2026-12-07"));
                let defaults = plan::ImportDefaults {
                    country: crate::domain::Country::FR,
                    terms: crate::domain::PaymentTerms::default(),
                    today: date("2026-12-07"),
                };
                for policy in [plan::Policy::ValidRows, plan::Policy::AllOrNothing] {
                    let mut ledger = books.clone();
                    if plan::import_into(&mut ledger, &rows, policy, &defaults).is_err() {
                        prop_assert!(ledger == books, "a refused import changed the books");
                    }
                    let clients = import.clients();
                    let mut ledger = books.clone();
                    if plan::import_clients_into(&mut ledger, &clients, policy, &defaults).is_err() {
                        prop_assert!(ledger == books, "a refused import changed the books");
                    }
                }
            }
            Err(error) => {
                let _ = (error.describe(Lang::Fr), error.describe(Lang::En));
            }
        }
    }

    #[test]
    fn any_text_cell_reads_back_from_a_quoted_cell(cell in "\\PC{0,40}") {
        let escaped = cell.replace('"', "\"\"");
        let text = format!("Numéro;Client;Date;Montant\nF1;\"{escaped}\";01/12/2026;1\n");
        let import = open(text.as_bytes());
        let rows = import.invoices(Currency::Eur);
        let expected = cell.trim();
        match rows.first() {
            Some(Ok(invoice)) => {
                prop_assert!(
                    invoice.client == expected
                        || (expected.starts_with('\'') && invoice.client == expected[1..])
                );
            }
            Some(Err(error)) => prop_assert_eq!(&error.problems, &vec![RowProblem::Missing(Field::Client)]),
            None => prop_assert!(false, "no row"),
        }
    }
}

// --- Into the books: plan and import ---------------------------------------------------

use crate::domain::merge::ClientIdentity;
use crate::domain::{ClientDetails, ClientKind, Country, InvoiceStatus, PaymentTerms, TaxId};
use plan::{ClientMatch, ImportDefaults, ImportError, Outcome, Policy, import_into};

fn defaults(today: &str) -> ImportDefaults {
    ImportDefaults {
        country: Country::FR,
        terms: PaymentTerms::default(),
        today: date(today),
    }
}

fn rows(text: &str) -> Vec<Result<ImportedInvoice, RowError>> {
    open(text.as_bytes()).invoices(Currency::Eur)
}

const FRENCH_FILE: &str = "N° de facture;Client;SIREN;Date d'émission;Échéance;Montant TTC;Payé;Date de paiement;Statut\r\n\
    F-1;Boulangerie Martin;;05/11/2026;05/12/2026;1 200,00;200,00;10/12/2026;Payée en partie\r\n\
    F-2;Boulangerie  martin;;06/11/2026;;300,00;300,00;;Payée\r\n\
    F-3;Durand SARL;732 829 320;07/11/2026;07/12/2026;500,00;;;Brouillon\r\n\
    F-4;Atelier Roux;;08/11/2026;08/01/2027;90,00;;;Contestée\r\n";

#[test]
fn a_file_goes_into_empty_books_with_its_clients_payments_and_statuses() {
    let rows = rows(FRENCH_FILE);
    let mut ledger = Ledger::new();
    let report = import_into(
        &mut ledger,
        &rows,
        Policy::AllOrNothing,
        &defaults("2026-12-20"),
    );
    let Ok(report) = report else {
        panic!("{report:?}")
    };
    assert_eq!(
        (report.invoices, report.clients_created, report.payments),
        (4, 3, 2)
    );
    assert_eq!(
        ledger.clients().count(),
        3,
        "'Boulangerie  martin' is the same client"
    );
    let Some(f1) = ledger.invoice_by_number("F-1") else {
        panic!()
    };
    let payments = ledger.payments_of(f1.id());
    assert_eq!(payments.len(), 1);
    assert_eq!(
        (payments[0].date(), payments[0].amount()),
        (date("2026-12-10"), eur(dec!(200)))
    );
    // Without a due date the client's terms (net 30) give it; without a payment date the
    // payment is counted on the due date.
    let Some(f2) = ledger.invoice_by_number("F-2") else {
        panic!()
    };
    assert_eq!(f2.due_date(), date("2026-12-06"));
    assert_eq!(ledger.payments_of(f2.id())[0].date(), date("2026-12-06"));
    assert_eq!(f2.client(), f1.client());
    let Some(f3) = ledger.invoice_by_number("F-3") else {
        panic!()
    };
    assert_eq!(f3.status(), InvoiceStatus::Draft);
    let Some(durand) = ledger.client(f3.client()) else {
        panic!()
    };
    assert_eq!(
        durand.details().tax_id(),
        Some(&TaxId::Siren("732829320".to_string()))
    );
    let Some(f4) = ledger.invoice_by_number("F-4") else {
        panic!()
    };
    assert_eq!(f4.status(), InvoiceStatus::Disputed);
    assert_eq!(report.totals.len(), 1);
    assert_eq!(report.totals[0].amount, eur(dec!(2090)));
}

#[test]
fn an_undated_payment_is_never_after_the_day_of_the_import() {
    let rows =
        rows("Numéro;Client;Date;Échéance;Montant;Payé\nF-9;A;01/12/2026;31/12/2026;100;40\n");
    let mut ledger = Ledger::new();
    let report = import_into(
        &mut ledger,
        &rows,
        Policy::ValidRows,
        &defaults("2026-12-07"),
    );
    assert!(report.is_ok(), "{report:?}");
    let Some(invoice) = ledger.invoice_by_number("F-9") else {
        panic!()
    };
    assert_eq!(
        ledger.payments_of(invoice.id())[0].date(),
        date("2026-12-07")
    );
}

#[test]
fn clients_match_the_books_by_siren_then_vat_then_a_unique_name() {
    let mut ledger = Ledger::new();
    let add = |ledger: &mut Ledger, name: &str, tax: Option<&str>| {
        let details = ClientDetails::new(name, Country::FR, ClientKind::Business)
            .map(|details| details.with_tax_id(tax.and_then(|tax| TaxId::parse(tax).ok())));
        let Ok(details) = details else {
            panic!("{details:?}")
        };
        let added = ledger.add_client(details);
        let Ok(id) = added else { panic!("{added:?}") };
        id
    };
    let durand = add(&mut ledger, "Durand SARL", Some("732829320"));
    let martin = add(&mut ledger, "Boulangerie Martin", None);
    add(&mut ledger, "Twin", Some("552100554"));
    add(&mut ledger, "twin", Some("542065479"));
    let rows = rows(
        "Numéro;Client;SIRET;Date;Montant\n\
         A-1;Durand (nom changé);73282932000074;01/12/2026;10\n\
         A-2;DURAND SARL;;01/12/2026;10\n\
         A-3;boulangerie martin;;01/12/2026;10\n\
         A-4;Twin;;01/12/2026;10\n\
         A-5;Nouveau;;01/12/2026;10\n\
         A-6;nouveau;;01/12/2026;10\n",
    );
    let plan = plan::plan(&ledger, &rows, &defaults("2026-12-07"));
    let matches: Vec<&Outcome> = plan.outcomes.iter().collect();
    assert_eq!(matches[0], &Outcome::Add(ClientMatch::Existing(durand)));
    assert_eq!(
        matches[1],
        &Outcome::Add(ClientMatch::Existing(durand)),
        "a unique name"
    );
    assert_eq!(matches[2], &Outcome::Add(ClientMatch::Existing(martin)));
    assert_eq!(
        matches[3],
        &Outcome::Add(ClientMatch::New(0)),
        "two 'Twin': no guess"
    );
    assert_eq!(matches[4], &Outcome::Add(ClientMatch::New(1)));
    assert_eq!(matches[5], &Outcome::Add(ClientMatch::New(1)));
    assert_eq!(plan.matched_clients(), 2);
    assert_eq!(
        ClientIdentity::of(&plan.new_clients[1].details),
        ClientIdentity::Name("nouveau".to_string())
    );
}

#[test]
fn duplicates_are_reported_never_doubled_and_the_books_invoice_is_kept() {
    let first = rows(FRENCH_FILE);
    let mut ledger = Ledger::new();
    let today = defaults("2026-12-20");
    assert!(import_into(&mut ledger, &first, Policy::ValidRows, &today).is_ok());
    let before = ledger.clone();
    // The same file again: nothing to add.
    assert_eq!(
        import_into(&mut ledger, &first, Policy::ValidRows, &today),
        Err(ImportError::Nothing)
    );
    assert_eq!(ledger, before);
    // F-1 with another amount, and a new F-5.
    let second = rows(
        "N° de facture;Client;Date d'émission;Montant TTC\n\
         F-1;Boulangerie Martin;05/11/2026;1 300,00\n\
         F-2;Boulangerie Martin;06/11/2026;300,00\n\
         F-5;Boulangerie Martin;09/11/2026;50,00\n",
    );
    let plan = plan::plan(&ledger, &second, &today);
    let duplicates: Vec<(String, bool)> = plan
        .duplicates()
        .map(|duplicate| (duplicate.number.clone(), duplicate.same))
        .collect();
    assert_eq!(
        duplicates,
        vec![("F-1".to_string(), false), ("F-2".to_string(), true)]
    );
    let report = import_into(&mut ledger, &second, Policy::AllOrNothing, &today);
    let Ok(report) = report else {
        panic!("{report:?}")
    };
    assert_eq!((report.invoices, report.duplicates), (1, 2));
    let Some(f1) = ledger.invoice_by_number("F-1") else {
        panic!()
    };
    assert_eq!(f1.details().amount().gross(), eur(dec!(1200)));
    assert_eq!(ledger.invoices().count(), 5);
}

#[test]
fn all_or_nothing_refuses_a_file_with_one_bad_row_and_changes_nothing() {
    let rows = rows(
        "Numéro;Client;Date;Montant\n\
         B-1;A;01/12/2026;10\n\
         B-2;A;01/12/2026;12,3,4\n\
         B-3;A;01/12/2026;30\n",
    );
    let mut ledger = Ledger::new();
    let today = defaults("2026-12-07");
    assert_eq!(
        import_into(&mut ledger, &rows, Policy::AllOrNothing, &today),
        Err(ImportError::InvalidRows(1))
    );
    assert_eq!(ledger, Ledger::new());
    let report = import_into(&mut ledger, &rows, Policy::ValidRows, &today);
    let Ok(report) = report else {
        panic!("{report:?}")
    };
    assert_eq!((report.invoices, report.invalid), (2, 1));
    assert!(ledger.invoice_by_number("B-2").is_none());
}

#[test]
fn a_row_the_books_would_refuse_is_said_before_the_import() {
    let long = "N".repeat(200);
    let rows = rows(&format!(
        "Numéro;Client;SIREN;E-mail;Date;Montant;HT;TVA;Statut;Payé\n\
         {long};A;;;01/12/2026;10;;;;\n\
         C-2;A;123456789;;01/12/2026;10;;;;\n\
         C-3;A;;pas-un-mail;01/12/2026;10;;;;\n\
         C-4;A;;;01/12/2026;120;100;21;;\n\
         C-5;A;;;01/12/2026;120;100;20;Brouillon;10\n\
         C-6;A;;;01/12/2026;120;100;20;;\n"
    ));
    let lines: Vec<String> = rows
        .iter()
        .map(|row| match row {
            Ok(invoice) => format!("ok {}", invoice.amounts.tax_rate_percent()),
            Err(error) => error.describe(Lang::Fr),
        })
        .collect();
    assert!(lines[0].starts_with("ligne 2 : "), "{}", lines[0]);
    assert!(
        lines[1].contains("SIREN, SIRET ou TVA du client : « 123456789 »"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("pas-un-mail"), "{}", lines[2]);
    assert!(
        lines[3].contains("ne donnent pas le montant TTC"),
        "{}",
        lines[3]
    );
    assert!(lines[4].contains("brouillon"), "{}", lines[4]);
    assert_eq!(lines[5], "ok 20");
}

#[test]
fn the_usual_tax_rates_give_back_the_files_net_and_tax_to_the_cent() {
    for (gross, net, tax, rate) in [
        (dec!(105.50), dec!(100), dec!(5.50), dec!(5.5)),
        (dec!(102.10), dec!(100), dec!(2.10), dec!(2.1)),
        (dec!(1234.56), dec!(1028.80), dec!(205.76), dec!(20)),
        (dec!(119), dec!(100), dec!(19), dec!(19)),
        (dec!(50), dec!(50), dec!(0), dec!(0)),
    ] {
        let amount = rows::invoice_amount(eur(gross), Some(eur(net)), Some(eur(tax)));
        let Ok(amount) = amount else {
            panic!("{gross}: {amount:?}")
        };
        assert_eq!(
            (amount.net(), amount.tax(), amount.gross()),
            (eur(net), eur(tax), eur(gross))
        );
        assert_eq!(amount.tax_rate_percent(), rate);
    }
}

/// Exports `ledger`'s invoices as of `as_of`.
fn export_all(ledger: &Ledger, as_of: NaiveDate, dialect: CsvDialect, lang: Lang) -> String {
    let ids: Vec<InvoiceId> = ledger.invoices().map(|invoice| invoice.id()).collect();
    let text = invoices_csv(ledger, &ids, as_of, &AgingBounds::default(), dialect, lang);
    let Ok(text) = text else { panic!("{text:?}") };
    text
}

/// The demo's invoices exported, imported into empty books, and exported again: the same
/// file, byte for byte (amounts, balances, days late, buckets, statuses).
fn assert_books_round_trip(as_of: NaiveDate, dialect: CsvDialect, lang: Lang) {
    let exported = export_all(&demo(as_of), as_of, dialect, lang);
    let rows = open(exported.as_bytes()).invoices(Currency::Eur);
    let mut ledger = Ledger::new();
    let report = import_into(
        &mut ledger,
        &rows,
        Policy::AllOrNothing,
        &defaults_on(as_of),
    );
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(export_all(&ledger, as_of, dialect, lang), exported);
}

fn defaults_on(today: NaiveDate) -> ImportDefaults {
    ImportDefaults {
        country: Country::FR,
        terms: PaymentTerms::default(),
        today,
    }
}

#[test]
fn the_demo_exported_imported_and_exported_again_is_the_same_file() {
    for dialect in CsvDialect::ALL {
        for lang in Lang::ALL {
            assert_books_round_trip(date("2026-12-07"), dialect, lang);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    #[test]
    fn the_books_round_trip_holds_on_any_day(
        offset in -1500i64..1500,
        dialect in prop::sample::select(CsvDialect::ALL.to_vec()),
        lang in prop::sample::select(Lang::ALL.to_vec()),
    ) {
        assert_books_round_trip(date("2026-12-07") + chrono::Duration::days(offset), dialect, lang);
    }
}

// --- Files of clients ------------------------------------------------------------------

use crate::domain::ClientId;
use crate::export::tables::clients_csv;
use plan::{ClientOutcome, import_clients_into, plan_clients};

/// The first `columns` cells of every row of a CSV written by the export (no quoted newline).
fn leading_cells(text: &str, separator: char, columns: usize) -> Vec<String> {
    text.lines()
        .map(|line| {
            line.split(separator)
                .take(columns)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn the_demo_clients_exported_import_into_empty_books_as_the_same_clients() {
    let as_of = date("2026-12-07");
    for dialect in CsvDialect::ALL {
        for lang in Lang::ALL {
            let demo = demo(as_of);
            let ids: Vec<ClientId> = demo.clients().map(|client| client.id()).collect();
            let Ok(exported) = clients_csv(&demo, &ids, as_of, dialect, lang) else {
                panic!()
            };
            let import = open(exported.as_bytes());
            assert_eq!(
                import.mapping.holds(),
                Holds::Clients,
                "{dialect:?} {lang:?}"
            );
            assert!(import.mapping.missing().is_empty());
            let rows = import.clients();
            let mut ledger = Ledger::new();
            let report = import_clients_into(
                &mut ledger,
                &rows,
                Policy::AllOrNothing,
                &defaults("2026-12-07"),
            );
            let Ok(report) = report else {
                panic!("{report:?}")
            };
            assert_eq!(report.created, ids.len());
            let again_ids: Vec<ClientId> = ledger.clients().map(|client| client.id()).collect();
            let Ok(again) = clients_csv(&ledger, &again_ids, as_of, dialect, lang) else {
                panic!()
            };
            let separator = if dialect == CsvDialect::ExcelFrance {
                ';'
            } else {
                ','
            };
            // Name, country, kind, e-mail, identifier: the same; the statistics are the books'.
            assert_eq!(
                leading_cells(&again, separator, 5),
                leading_cells(&exported, separator, 5)
            );
            // Imported again: every client is already in the books.
            let plan = plan_clients(&ledger, &rows, &defaults("2026-12-07"));
            assert_eq!(plan.existing(), ids.len());
            assert!(
                plan.outcomes
                    .iter()
                    .all(|outcome| matches!(outcome, ClientOutcome::Existing { same: true, .. }))
            );
        }
    }
}

#[test]
fn a_french_file_of_clients_reads_countries_kinds_and_refuses_what_the_form_refuses() {
    let import = open(
        "Raison sociale;SIRET;Pays;Type de client;Adresse;Téléphone;Courriel\n\
         Durand SARL;732 829 320 00074;France;Entreprise;3 rue des Lilas, 69003 Lyon;04 72 00 00 00;compta@durand.fr\n\
         Jean Petit;;FR;Particulier;;;\n\
         Nordlicht GmbH;;Allemagne;;;;\n\
         Durand;73282932000074;;;;;\n\
         Mystère;;Atlantide;Extraterrestre;;;pas-un-mail\n"
            .as_bytes(),
    );
    assert_eq!(import.mapping.holds(), Holds::Clients);
    let rows = import.clients();
    let lines: Vec<String> = rows
        .iter()
        .map(|row| match row {
            Ok(client) => format!(
                "ok {} {:?} {:?}",
                client.name,
                client.country.map(|c| c.code().to_string()),
                client.kind
            ),
            Err(error) => error.describe(Lang::Fr),
        })
        .collect();
    assert_eq!(lines[0], "ok Durand SARL Some(\"FR\") Some(Business)");
    assert_eq!(lines[1], "ok Jean Petit Some(\"FR\") Some(Consumer)");
    assert_eq!(lines[2], "ok Nordlicht GmbH Some(\"DE\") None");
    assert_eq!(
        lines[3],
        "ligne 5 : le client « Durand » figure déjà ligne 2"
    );
    assert!(
        lines[4].contains("le pays « Atlantide » n'est pas reconnu"),
        "{}",
        lines[4]
    );
    assert!(
        lines[4].contains("le type de client « Extraterrestre » n'est pas reconnu"),
        "{}",
        lines[4]
    );
    let mut ledger = Ledger::new();
    let report = import_clients_into(
        &mut ledger,
        &rows,
        Policy::ValidRows,
        &defaults("2026-12-07"),
    );
    let Ok(report) = report else {
        panic!("{report:?}")
    };
    assert_eq!((report.created, report.invalid), (3, 2));
    let Some(durand) = ledger
        .clients()
        .find(|client| client.name() == "Durand SARL")
    else {
        panic!()
    };
    assert_eq!(durand.details().address(), "3 rue des Lilas, 69003 Lyon");
    assert_eq!(durand.details().phone(), "04 72 00 00 00");
}

#[test]
fn an_invoice_file_with_the_clients_country_and_kind_creates_them_so() {
    let rows = rows(
        "Numéro;Client;Pays;Type de client;Date;Montant\n\
         G-1;Jean Petit;FR;Particulier;01/12/2026;100\n\
         G-2;Nordlicht GmbH;DE;Entreprise;01/12/2026;200\n",
    );
    let mut ledger = Ledger::new();
    assert!(
        import_into(
            &mut ledger,
            &rows,
            Policy::AllOrNothing,
            &defaults("2026-12-07")
        )
        .is_ok()
    );
    let penalty = |number: &str| {
        let Some(invoice) = ledger.invoice_by_number(number) else {
            panic!()
        };
        invoice.details().penalty()
    };
    // The clause the law gives each: legal interest for a French consumer, § 288 for a
    // German business.
    assert_eq!(penalty("G-1"), crate::domain::PenaltyClause::FrLegal);
    assert_eq!(penalty("G-2"), crate::domain::PenaltyClause::DeB2b);
}
