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
        remaps in proptest::collection::vec((0usize..20, 0usize..16), 0..6),
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
