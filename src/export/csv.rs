//! CSV exports, written by hand (no CSV crate in the wasm): RFC 4180 quoting, a dialect per
//! language (French spreadsheets expect `;` and a decimal comma), and formula neutralisation:
//! a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
//! so no spreadsheet runs it (OWASP "CSV injection"). Amounts are written from their
//! `Decimal` digits, never through a float.

use rust_decimal::Decimal;

use crate::domain::interest::Simulation;
use crate::domain::money::Money;
use crate::i18n::{Describe, Lang};

/// Field separator and decimal mark of a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub separator: char,
    pub decimal_comma: bool,
}

impl Dialect {
    /// `;` and `1234,56` for French spreadsheets, `,` and `1234.56` for English ones.
    pub fn for_lang(lang: Lang) -> Dialect {
        match lang {
            Lang::Fr => Dialect {
                separator: ';',
                decimal_comma: true,
            },
            Lang::En => Dialect {
                separator: ',',
                decimal_comma: false,
            },
        }
    }

    /// A number cell: plain digits, no grouping, the dialect's decimal mark.
    pub fn number(self, value: Decimal) -> String {
        let text = value.to_string();
        if self.decimal_comma {
            text.replace('.', ",")
        } else {
            text
        }
    }

    pub fn money(self, amount: Money) -> String {
        self.number(amount.amount())
    }
}

/// One cell, neutralised and quoted as needed.
pub fn cell(text: &str, dialect: Dialect) -> String {
    let neutralised = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    let needs_quotes = neutralised.contains([dialect.separator, '"', '\n', '\r']);
    if needs_quotes {
        format!("\"{}\"", neutralised.replace('"', "\"\""))
    } else {
        neutralised
    }
}

/// A number cell is never neutralised: a negative amount stays a number.
fn number_cell(text: String) -> String {
    text
}

fn row(cells: &[String], dialect: Dialect) -> String {
    let mut line = cells.join(&dialect.separator.to_string());
    line.push_str("\r\n");
    line
}

/// The Simulator's breakdown: one line per period, then the totals, the flags and the legal
/// basis. A byte-order mark leads so that spreadsheets read the accents as UTF-8.
pub fn simulation_csv(simulation: &Simulation, lang: Lang) -> String {
    let dialect = Dialect::for_lang(lang);
    let text = |value: &str| cell(value, dialect);
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
    let mut csv = String::from("\u{feff}");
    csv.push_str(&row(&headers.map(text), dialect));
    for period in &simulation.periods {
        let reasons = period
            .starts_because
            .iter()
            .map(|reason| reason.name(lang))
            .collect::<Vec<_>>()
            .join(", ");
        csv.push_str(&row(
            &[
                period.start.to_string(),
                period.end.to_string(),
                period.days.to_string(),
                number_cell(dialect.number(period.annual_rate.percent())),
                number_cell(dialect.money(period.base)),
                number_cell(dialect.money(period.interest)),
                text(&reasons),
                text(&period.rate_explanation(lang)),
            ],
            dialect,
        ));
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
    csv.push_str("\r\n");
    for (label, amount) in [
        (interest, simulation.interest),
        (compensation, simulation.compensation),
        (total, simulation.total),
        (outstanding, simulation.outstanding),
    ] {
        csv.push_str(&row(
            &[text(label), number_cell(dialect.money(amount))],
            dialect,
        ));
    }
    csv.push_str(&row(
        &[text(currency), text(simulation.interest.currency().code())],
        dialect,
    ));
    csv.push_str(&row(
        &[text(basis), text(&simulation.legal_basis(lang))],
        dialect,
    ));
    for warning in &simulation.flags {
        csv.push_str(&row(&[text(flag), text(&warning.describe(lang))], dialect));
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn formula_cells_are_neutralised_and_separators_quoted() {
        let fr = Dialect::for_lang(Lang::Fr);
        assert_eq!(cell("=HYPERLINK(\"x\")", fr), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+33 1 23", fr), "'+33 1 23");
        assert_eq!(cell("-5", fr), "'-5");
        assert_eq!(cell("@SUM(A1)", fr), "'@SUM(A1)");
        assert_eq!(cell("a;b", fr), "\"a;b\"");
        assert_eq!(cell("a,b", fr), "a,b");
        assert_eq!(cell("a,b", Dialect::for_lang(Lang::En)), "\"a,b\"");
        assert_eq!(cell("two\nlines", fr), "\"two\nlines\"");
        assert_eq!(cell("Dupont & fils", fr), "Dupont & fils");
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

    #[test]
    fn numbers_use_the_dialect_decimal_mark_and_no_grouping() {
        assert_eq!(Dialect::for_lang(Lang::Fr).number(dec!(1234.50)), "1234,50");
        assert_eq!(
            Dialect::for_lang(Lang::En).number(dec!(-1234.50)),
            "-1234.50"
        );
    }
}
