//! Build script: compiles the rate tables (`data/rates/*.csv`) into the app.
//!
//! The CSV files stay the one place a rate is written. This script reads them with the `csv`
//! crate, validates every row (well-formed date, decimal rate written as digits, known status,
//! non-empty source, dates in order with no gap and no overlap) and writes Rust source into
//! `OUT_DIR/rate_tables.rs`, which `src/domain/interest/tables.rs` `include!`s. A malformed row
//! fails the build with a message naming the file, the line and the problem.
//!
//! No floating point anywhere: a rate `2.62` is emitted as `Decimal::from_parts(262, 0, 0, false, 2)`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // `split` feature (Trunk builds): keep the relocations wasm-split-cli needs to cut the wasm
    // into lazily loaded chunks (scripts/split_wasm.py).
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
    {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo::rerun-if-changed=data/rates");
    for file in TABLE_FILES {
        println!("cargo::rerun-if-changed=data/rates/{file}");
    }
    match generate() {
        Ok(code) => {
            let Some(out_dir) = std::env::var_os("OUT_DIR") else {
                fail("OUT_DIR is not set (this script must run under cargo)");
            };
            let target = Path::new(&out_dir).join("rate_tables.rs");
            if let Err(error) = std::fs::write(&target, code) {
                fail(&format!("cannot write {}: {error}", target.display()));
            }
        }
        Err(message) => fail(&message),
    }
}

const TABLE_FILES: [&str; 4] = [
    "ecb-mro.csv",
    "fr-taux-legal.csv",
    "de-basiszinssatz.csv",
    "uk-bank-rate.csv",
];

fn fail(message: &str) -> ! {
    eprintln!("error: rate tables: {message}");
    std::process::exit(1);
}

/// A calendar date, validated by hand (the build script has no chrono).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    year: i32,
    month: u32,
    day: u32,
}

impl Ymd {
    fn parse(text: &str) -> Option<Ymd> {
        let mut parts = text.trim().split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !(all_digits(year) && all_digits(month) && all_digits(day)) {
            return None;
        }
        let date = Ymd {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= date.month_length())
            .then_some(date)
    }

    fn is_leap(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    fn month_length(self) -> u32 {
        match self.month {
            2 if Ymd::is_leap(self.year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    fn next_day(self) -> Ymd {
        if self.day < self.month_length() {
            Ymd {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Ymd {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Ymd {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    fn rust(self) -> String {
        format!("ymd({}, {}, {})", self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Ymd {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{:04}-{:02}-{:02}",
            self.year, self.month, self.day
        )
    }
}

/// A rate written `-0.88`, `2.5` or `3`: emitted as `Decimal::from_parts(88, 0, 0, true, 2)`.
fn parse_rate(text: &str) -> Option<String> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if integer.is_empty() || !all_digits(integer) || !all_digits(fraction) || fraction.len() > 6 {
        return None;
    }
    if digits.contains('.') && fraction.is_empty() {
        return None;
    }
    let mantissa: u32 = format!("{integer}{fraction}").parse().ok()?;
    if u64::from(mantissa) > 100 * 10_u64.pow(fraction.len() as u32) {
        return None; // more than 100 % p.a.: certainly a typo
    }
    // `from_parts(lo, mid, hi, negative, scale)` is a `const fn`: the value is built at compile time.
    Some(format!(
        "Decimal::from_parts({mantissa}, 0, 0, {negative}, {})",
        fraction.len()
    ))
}

fn parse_status(text: &str) -> Option<&'static str> {
    match text.trim() {
        "verified" => Some("RateStatus::Verified"),
        "added" => Some("RateStatus::Added"),
        _ => None,
    }
}

struct Row {
    line: u64,
    from: Ymd,
    to: Option<Ymd>,
    rates: Vec<String>,
    source: String,
    status: &'static str,
}

fn read_table(file: &str, columns: &[&str]) -> Result<Vec<Row>, String> {
    let path = Path::new("data/rates").join(file);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let headers = reader
        .headers()
        .map_err(|error| format!("{file}: unreadable header: {error}"))?
        .clone();
    let found: Vec<&str> = headers.iter().map(str::trim).collect();
    if found != columns {
        return Err(format!(
            "{file}: the header must be `{}`, found `{}`",
            columns.join(","),
            found.join(",")
        ));
    }
    let has_to = columns.get(1) == Some(&"to");
    let n_rates = columns.len() - if has_to { 4 } else { 3 };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| format!("{file}: {error}"))?;
        let line = record.position().map_or(0, |position| position.line());
        let at = |message: String| format!("{file}, line {line}: {message}");
        if record.len() != columns.len() {
            return Err(at(format!(
                "expected {} fields, found {}",
                columns.len(),
                record.len()
            )));
        }
        let field = |index: usize| record.get(index).unwrap_or("");
        let from = Ymd::parse(field(0))
            .ok_or_else(|| at(format!("`{}` is not a date (YYYY-MM-DD)", field(0))))?;
        let to = if has_to {
            Some(
                Ymd::parse(field(1))
                    .ok_or_else(|| at(format!("`{}` is not a date (YYYY-MM-DD)", field(1))))?,
            )
        } else {
            None
        };
        let first_rate = if has_to { 2 } else { 1 };
        let mut rates = Vec::new();
        for index in first_rate..first_rate + n_rates {
            rates.push(parse_rate(field(index)).ok_or_else(|| {
                at(format!(
                    "`{}` is not a rate in percent (digits, optional `-` and `.`)",
                    field(index)
                ))
            })?);
        }
        let source = field(columns.len() - 2).trim().to_string();
        if source.is_empty() {
            return Err(at(
                "the source is empty: every rate names its source".to_string()
            ));
        }
        let status = parse_status(field(columns.len() - 1)).ok_or_else(|| {
            at(format!(
                "status `{}` is neither `verified` nor `added`",
                field(columns.len() - 1)
            ))
        })?;
        rows.push(Row {
            line,
            from,
            to,
            rates,
            source,
            status,
        });
    }
    if rows.is_empty() {
        return Err(format!("{file}: no rows"));
    }
    Ok(rows)
}

/// Change-point tables: strictly ascending dates (no duplicate).
fn check_change_points(file: &str, rows: &[Row]) -> Result<(), String> {
    for pair in rows.windows(2) {
        if let [previous, next] = pair
            && next.from <= previous.from
        {
            return Err(format!(
                "{file}, line {}: {} is not after {} (line {}): rows must be in strictly ascending date order",
                next.line, next.from, previous.from, previous.line
            ));
        }
    }
    Ok(())
}

/// Half-year tables: each row is exactly one half-year, and the half-years follow each other.
fn check_half_years(file: &str, rows: &[Row]) -> Result<(), String> {
    for row in rows {
        let Some(to) = row.to else {
            return Err(format!("{file}, line {}: missing `to`", row.line));
        };
        let first_half = row.from.month == 1 && row.from.day == 1;
        let second_half = row.from.month == 7 && row.from.day == 1;
        let expected_to = Ymd {
            year: row.from.year,
            month: if first_half { 6 } else { 12 },
            day: if first_half { 30 } else { 31 },
        };
        if !(first_half || second_half) || to != expected_to {
            return Err(format!(
                "{file}, line {}: {}..{} is not a half-year (1 Jan..30 Jun or 1 Jul..31 Dec)",
                row.line, row.from, to
            ));
        }
    }
    for pair in rows.windows(2) {
        if let [previous, next] = pair
            && previous.to.map(Ymd::next_day) != Some(next.from)
        {
            return Err(format!(
                "{file}, line {}: {} does not follow the half-year ending {} (line {}): a gap or an overlap",
                next.line,
                next.from,
                previous.to.map_or_else(String::new, |to| to.to_string()),
                previous.line
            ));
        }
    }
    Ok(())
}

fn emit(code: &mut String, name: &str, file: &str, rows: &[Row], rate_index: usize) {
    let _ = writeln!(code, "/// Compiled from `data/rates/{file}`.");
    let _ = writeln!(code, "static {name}: [BuiltinRow; {}] = [", rows.len());
    for row in rows {
        let to = row
            .to
            .map_or_else(|| "None".to_string(), |to| format!("Some({})", to.rust()));
        let rate = row
            .rates
            .get(rate_index)
            .map_or("Decimal::ZERO", String::as_str);
        let _ = writeln!(
            code,
            "    BuiltinRow {{ from: {}, to: {to}, rate: {rate}, source: {:?}, status: {} }},",
            row.from.rust(),
            row.source,
            row.status
        );
    }
    let _ = writeln!(code, "];\n");
}

fn generate() -> Result<String, String> {
    let change_point = ["effective_from", "rate_percent", "source", "status"];
    let ecb = read_table("ecb-mro.csv", &change_point)?;
    check_change_points("ecb-mro.csv", &ecb)?;
    let de = read_table("de-basiszinssatz.csv", &change_point)?;
    check_change_points("de-basiszinssatz.csv", &de)?;
    let uk = read_table("uk-bank-rate.csv", &change_point)?;
    check_change_points("uk-bank-rate.csv", &uk)?;
    let fr = read_table(
        "fr-taux-legal.csv",
        &[
            "from",
            "to",
            "consumer_percent",
            "other_percent",
            "source",
            "status",
        ],
    )?;
    check_half_years("fr-taux-legal.csv", &fr)?;

    let mut code =
        String::from("// @generated by build.rs from data/rates/*.csv: do not edit.\n\n");
    emit(&mut code, "ECB_MRO", "ecb-mro.csv", &ecb, 0);
    emit(&mut code, "FR_LEGAL_CONSUMER", "fr-taux-legal.csv", &fr, 0);
    emit(&mut code, "FR_LEGAL_OTHER", "fr-taux-legal.csv", &fr, 1);
    emit(
        &mut code,
        "DE_BASISZINSSATZ",
        "de-basiszinssatz.csv",
        &de,
        0,
    );
    emit(&mut code, "UK_BANK_RATE", "uk-bank-rate.csv", &uk, 0);
    Ok(code)
}
