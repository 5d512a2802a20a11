//! CSV writing, by hand (no CSV crate in the wasm): RFC 4180 quoting, two dialects the user
//! chooses between ([`CsvDialect`]), and formula neutralisation: a text cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading spaces, is prefixed with
//! `'` (and quoted) so that no spreadsheet runs it (OWASP "CSV injection"). Number cells are
//! never neutralised: a negative amount stays a number. Amounts are written from their
//! `Decimal` digits, never through a float. Lines end with CRLF.
//!
//! The tables of the books are in [`super::tables`]; the Simulator's breakdown is here.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::interest::Simulation;
use crate::domain::money::Money;
use crate::i18n::{Describe, Lang};

/// The CSV dialects of every export, chosen once in Settings and per export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CsvDialect {
    /// RFC 4180: `,` between cells, `1234.56`, UTF-8 without a byte-order mark, ISO dates
    /// `2026-12-07`.
    #[default]
    Standard,
    /// What Excel and LibreOffice in France open right with a double-click: `;` between
    /// cells, `1234,56`, UTF-8 with a byte-order mark, dates `07/12/2026`.
    ExcelFrance,
}

impl CsvDialect {
    pub const ALL: [CsvDialect; 2] = [CsvDialect::Standard, CsvDialect::ExcelFrance];

    /// The code stored in settings: `standard`, `excel-fr`.
    pub fn code(self) -> &'static str {
        match self {
            CsvDialect::Standard => "standard",
            CsvDialect::ExcelFrance => "excel-fr",
        }
    }

    /// Reads a stored code back; anything unknown is `None`.
    pub fn from_code(code: &str) -> Option<CsvDialect> {
        CsvDialect::ALL
            .into_iter()
            .find(|dialect| dialect.code() == code.trim())
    }

    /// The dialect's name for a choice in the interface.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CsvDialect::Standard, Lang::Fr) => "Standard (virgule, point décimal, dates ISO)",
            (CsvDialect::Standard, Lang::En) => "Standard (comma, decimal point, ISO dates)",
            (CsvDialect::ExcelFrance, Lang::Fr) => {
                "Excel France (point-virgule, virgule décimale, dates JJ/MM/AAAA)"
            }
            (CsvDialect::ExcelFrance, Lang::En) => {
                "Excel France (semicolon, decimal comma, dates DD/MM/YYYY)"
            }
        }
    }

    /// A first choice before the user made one: Excel France for French, standard for English.
    pub fn for_lang(lang: Lang) -> CsvDialect {
        match lang {
            Lang::Fr => CsvDialect::ExcelFrance,
            Lang::En => CsvDialect::Standard,
        }
    }

    pub fn separator(self) -> char {
        self.format().separator
    }

    pub fn decimal_comma(self) -> bool {
        self.format().decimal_comma
    }

    /// Whether the file starts with a UTF-8 byte-order mark.
    pub fn has_bom(self) -> bool {
        self.format().bom
    }

    /// A date as the dialect writes it: `2026-12-07` or `07/12/2026`.
    pub fn date(self, date: NaiveDate) -> String {
        let mut text = String::new();
        write_date(&mut text, date, self.format().french_dates);
        text
    }

    fn format(self) -> Format {
        match self {
            CsvDialect::Standard => Format {
                separator: ',',
                decimal_comma: false,
                bom: false,
                french_dates: false,
            },
            CsvDialect::ExcelFrance => Format {
                separator: ';',
                decimal_comma: true,
                bom: true,
                french_dates: true,
            },
        }
    }
}

/// How a file is written: a [`CsvDialect`], or the Simulator's per-language format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Format {
    separator: char,
    decimal_comma: bool,
    bom: bool,
    french_dates: bool,
}

impl Format {
    /// The Simulator's breakdown: `;` and `1234,56` in French, `,` and `1234.56` in English,
    /// ISO dates and a byte-order mark in both.
    fn simulator(lang: Lang) -> Format {
        Format {
            separator: if lang == Lang::Fr { ';' } else { ',' },
            decimal_comma: lang == Lang::Fr,
            bom: true,
            french_dates: false,
        }
    }
}

fn write_date(out: &mut String, date: NaiveDate, french: bool) {
    // Writing to a String cannot fail.
    let _ = if french {
        write!(
            out,
            "{:02}/{:02}/{:04}",
            date.day(),
            date.month(),
            date.year()
        )
    } else {
        write!(
            out,
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        )
    };
}

/// Characters that make a spreadsheet read a cell as a formula when they lead it (the
/// full-width forms too: some spreadsheets fold them).
const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// Whether a text cell must be neutralised: it starts with a tab or a carriage return, or,
/// after any leading spaces, with a formula character.
pub fn needs_neutralising(text: &str) -> bool {
    text.starts_with(['\t', '\r']) || text.trim_start().starts_with(FORMULA_STARTS)
}

/// Writes a file row by row, cell by cell, in one `String`.
pub(crate) struct CsvWriter {
    format: Format,
    out: String,
    row_started: bool,
}

impl CsvWriter {
    /// A file in `dialect`, its byte-order mark written when the dialect has one.
    pub(crate) fn new(dialect: CsvDialect) -> CsvWriter {
        CsvWriter::with_format(dialect.format())
    }

    fn with_format(format: Format) -> CsvWriter {
        let mut out = String::new();
        if format.bom {
            out.push('\u{feff}');
        }
        CsvWriter {
            format,
            out,
            row_started: false,
        }
    }

    fn start_cell(&mut self) {
        if self.row_started {
            self.out.push(self.format.separator);
        }
        self.row_started = true;
    }

    /// A text cell, neutralised and quoted as needed.
    pub(crate) fn text(&mut self, text: &str) -> &mut CsvWriter {
        self.start_cell();
        let neutralise = needs_neutralising(text);
        let quote = neutralise || text.contains([self.format.separator, '"', '\n', '\r']);
        if quote {
            self.out.push('"');
        }
        if neutralise {
            self.out.push('\'');
        }
        if quote {
            for character in text.chars() {
                if character == '"' {
                    self.out.push('"');
                }
                self.out.push(character);
            }
            self.out.push('"');
        } else {
            self.out.push_str(text);
        }
        self
    }

    /// A number cell: plain digits, no grouping, the dialect's decimal mark; never
    /// neutralised.
    pub(crate) fn number(&mut self, value: Decimal) -> &mut CsvWriter {
        self.start_cell();
        let digits = value.to_string();
        if self.format.decimal_comma {
            self.out
                .extend(digits.chars().map(|c| if c == '.' { ',' } else { c }));
        } else {
            self.out.push_str(&digits);
        }
        self
    }

    /// An amount, at its currency's minor unit.
    pub(crate) fn money(&mut self, amount: Money) -> &mut CsvWriter {
        self.number(amount.amount())
    }

    /// A whole number (days, counts).
    pub(crate) fn integer(&mut self, value: impl Into<i64>) -> &mut CsvWriter {
        let value: i64 = value.into();
        self.start_cell();
        let _ = write!(self.out, "{value}");
        self
    }

    pub(crate) fn date(&mut self, date: NaiveDate) -> &mut CsvWriter {
        self.start_cell();
        write_date(&mut self.out, date, self.format.french_dates);
        self
    }

    pub(crate) fn empty(&mut self) -> &mut CsvWriter {
        self.start_cell();
        self
    }

    /// A row of text cells (headings).
    pub(crate) fn texts<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) -> &mut CsvWriter {
        for text in texts {
            self.text(text);
        }
        self
    }

    /// Ends the row with CRLF.
    pub(crate) fn end_row(&mut self) {
        self.out.push_str("\r\n");
        self.row_started = false;
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// The Simulator's breakdown: one line per period, then the totals, the flags and the legal
/// basis. Its format follows the language (see `Format::simulator`): a byte-order mark leads
/// so that spreadsheets read the accents as UTF-8.
pub fn simulation_csv(simulation: &Simulation, lang: Lang) -> String {
    let mut csv = CsvWriter::with_format(Format::simulator(lang));
    let headers: [&str; 8] = match lang {
        Lang::Fr => [
            "Du",
            "Au",
            "Jours",
            "Taux annuel (%)",
            "Base",
            "Intérêts",
            "Début de période",
            "Origine du taux",
        ],
        Lang::En => [
            "From",
            "To",
            "Days",
            "Annual rate (%)",
            "Base",
            "Interest",
            "Period starts on",
            "Rate source",
        ],
    };
    csv.texts(headers).end_row();
    for period in &simulation.periods {
        let reasons = period
            .starts_because
            .iter()
            .map(|reason| reason.name(lang))
            .collect::<Vec<_>>()
            .join(", ");
        csv.date(period.start)
            .date(period.end)
            .integer(period.days)
            .number(period.annual_rate.percent())
            .money(period.base)
            .money(period.interest)
            .text(&reasons)
            .text(&period.rate_explanation(lang))
            .end_row();
    }
    let (interest, compensation, total, outstanding, currency, basis, flag) = match lang {
        Lang::Fr => (
            "Intérêts de retard",
            "Indemnité forfaitaire",
            "Total à réclamer en plus du principal",
            "Principal restant dû",
            "Devise",
            "Base légale",
            "Avertissement",
        ),
        Lang::En => (
            "Late-payment interest",
            "Fixed compensation",
            "Total to claim on top of the principal",
            "Principal still unpaid",
            "Currency",
            "Legal basis",
            "Warning",
        ),
    };
    csv.end_row();
    for (label, amount) in [
        (interest, simulation.interest),
        (compensation, simulation.compensation),
        (total, simulation.total),
        (outstanding, simulation.outstanding),
    ] {
        csv.text(label).money(amount).end_row();
    }
    csv.text(currency)
        .text(simulation.interest.currency().code())
        .end_row();
    csv.text(basis)
        .text(&simulation.legal_basis(lang))
        .end_row();
    for warning in &simulation.flags {
        csv.text(flag).text(&warning.describe(lang)).end_row();
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn one_text_cell(text: &str, dialect: CsvDialect) -> String {
        let mut csv = CsvWriter::new(dialect);
        csv.text(text);
        csv.finish().trim_start_matches('\u{feff}').to_string()
    }

    #[test]
    fn formula_cells_are_neutralised_and_quoted_and_separators_quoted() {
        let fr = CsvDialect::ExcelFrance;
        let std = CsvDialect::Standard;
        assert_eq!(
            one_text_cell("=HYPERLINK(\"x\")", fr),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(one_text_cell("+33 1 23", fr), "\"'+33 1 23\"");
        assert_eq!(one_text_cell("-5", std), "\"'-5\"");
        assert_eq!(one_text_cell("@SUM(A1)", fr), "\"'@SUM(A1)\"");
        assert_eq!(one_text_cell("  =1+1", fr), "\"'  =1+1\"");
        assert_eq!(one_text_cell("\tx", fr), "\"'\tx\"");
        assert_eq!(one_text_cell("\rx", fr), "\"'\rx\"");
        assert_eq!(one_text_cell("a;b", fr), "\"a;b\"");
        assert_eq!(one_text_cell("a,b", fr), "a,b");
        assert_eq!(one_text_cell("a,b", std), "\"a,b\"");
        assert_eq!(one_text_cell("two\nlines", fr), "\"two\nlines\"");
        assert_eq!(one_text_cell("Dupont & fils", fr), "Dupont & fils");
        assert_eq!(one_text_cell("a-b = c", std), "a-b = c");
    }

    #[test]
    fn numbers_use_the_dialect_decimal_mark_no_grouping_and_are_never_neutralised() {
        let mut csv = CsvWriter::new(CsvDialect::ExcelFrance);
        csv.number(dec!(1234.50)).number(dec!(-1234.50)).end_row();
        assert_eq!(csv.finish(), "\u{feff}1234,50;-1234,50\r\n");
        let mut csv = CsvWriter::new(CsvDialect::Standard);
        csv.number(dec!(-1234.50)).integer(-3).end_row();
        assert_eq!(csv.finish(), "-1234.50,-3\r\n");
    }

    #[test]
    fn dialects_have_codes_names_and_date_formats() {
        for dialect in CsvDialect::ALL {
            assert_eq!(CsvDialect::from_code(dialect.code()), Some(dialect));
            assert_ne!(dialect.name(Lang::Fr), dialect.name(Lang::En));
        }
        assert_eq!(
            CsvDialect::from_code(" excel-fr "),
            Some(CsvDialect::ExcelFrance)
        );
        assert_eq!(CsvDialect::from_code("excel"), None);
        let day = crate::domain::calendar::iso_date("2026-03-07").unwrap();
        assert_eq!(CsvDialect::Standard.date(day), "2026-03-07");
        assert_eq!(CsvDialect::ExcelFrance.date(day), "07/03/2026");
        assert!(CsvDialect::ExcelFrance.has_bom() && !CsvDialect::Standard.has_bom());
        assert_eq!(CsvDialect::for_lang(Lang::Fr), CsvDialect::ExcelFrance);
    }

    /// The documented Simulator link (fr-b2b, 1500 € due 31 Jan 2024, paid 500 € on 15 Mar
    /// and 250 € on 1 Jun, until 30 Sep 2024), figures checked by hand in
    /// tests/e2e/simulator.test.mjs: 26.22 + 30.99 + 8.64 + 26.94 = 92.79.
    fn documented_case() -> Simulation {
        use crate::domain::interest::{
            InterestOptions, RateTables, Regime, SimulationInput, simulate,
        };
        use crate::domain::money::Currency;
        let date = |text: &str| crate::domain::calendar::iso_date(text).unwrap();
        let eur = |amount| Money::new(amount, Currency::Eur);
        let input = SimulationInput {
            regime: Regime::FrB2b,
            principal: eur(dec!(1500)),
            due_date: date("2024-01-31"),
            end_date: date("2024-09-30"),
            payments: vec![
                (date("2024-03-15"), eur(dec!(500))),
                (date("2024-06-01"), eur(dec!(250))),
            ],
            options: InterestOptions::default(),
        };
        simulate(&input, &RateTables::builtin()).unwrap()
    }

    #[test]
    fn the_breakdown_csv_holds_every_period_the_totals_and_the_basis() {
        for lang in Lang::ALL {
            let csv = simulation_csv(&documented_case(), lang);
            assert!(csv.starts_with('\u{feff}'), "a byte-order mark leads");
            let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
            let (separator, interest) = match lang {
                Lang::Fr => (";", ["26,22", "30,99", "8,64", "26,94"]),
                Lang::En => (",", ["26.22", "30.99", "8.64", "26.94"]),
            };
            let periods: Vec<Vec<&str>> = lines[1..5]
                .iter()
                .map(|line| line.split(separator).collect())
                .collect();
            assert_eq!(
                periods
                    .iter()
                    .map(|cells| (cells[0], cells[1], cells[2]))
                    .collect::<Vec<_>>(),
                [
                    ("2024-02-01", "2024-03-15", "44"),
                    ("2024-03-16", "2024-06-01", "78"),
                    ("2024-06-02", "2024-06-30", "29"),
                    ("2024-07-01", "2024-09-30", "92"),
                ]
            );
            assert_eq!(
                periods.iter().map(|cells| cells[5]).collect::<Vec<_>>(),
                interest
            );
            let total_line = match lang {
                Lang::Fr => "Total à réclamer en plus du principal;132,79",
                Lang::En => "Total to claim on top of the principal,132.79",
            };
            assert!(lines.contains(&total_line), "{lines:#?}");
            assert!(csv.contains("L441-10"), "the legal basis is in the file");
        }
    }
}
