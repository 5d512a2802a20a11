//! The stored form of single values: dates, decimals and amounts, payment terms, and the short
//! codes of statuses, credit-note kinds, channels and dunning steps. Written by `writer`, read
//! back by `to_domain`.

use std::num::NonZeroU64;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::calendar::iso_date;
use crate::domain::{
    AdjustmentKind, Channel, DueRule, InvoiceStatus, Money, PaymentTerms, StepKind,
};
use crate::storage::json;

/// `YYYY-MM-DD`; a year outside 0000–9999 with its sign (`+10000-01-01`, `-0001-12-31`).
/// Written by hand: chrono's `format` costs kilobytes of wasm.
pub fn write_date(date: NaiveDate) -> String {
    DateText::of(date).as_str().to_string()
}

/// [`write_date`]'s text, without allocating for a year from 0000 to 9999.
pub(super) enum DateText {
    /// `YYYY-MM-DD` digit by digit (`format!` is several times slower, and a large ledger
    /// writes tens of thousands of dates).
    Usual([u8; 10]),
    Other(String),
}

impl DateText {
    pub(super) fn of(date: NaiveDate) -> DateText {
        let year = date.year();
        let Ok(year @ 0..=9999) = u32::try_from(year) else {
            return DateText::Other(format!("{year:+05}-{:02}-{:02}", date.month(), date.day()));
        };
        let (month, day) = (date.month(), date.day());
        let digits = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10];
        let [y0, y1, y2, y3] = digits.map(|digit| b'0' + u8::try_from(digit).unwrap_or(0));
        let [m0, m1, d0, d1] = [month / 10, month % 10, day / 10, day % 10]
            .map(|digit| b'0' + u8::try_from(digit).unwrap_or(0));
        DateText::Usual([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1])
    }

    pub(super) fn as_str(&self) -> &str {
        match self {
            DateText::Usual(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            DateText::Other(text) => text,
        }
    }
}

/// Reads what [`write_date`] writes, exactly.
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let first = text.chars().next()?;
    if first.is_ascii_digit() {
        return iso_date(text);
    }
    if first != '+' && first != '-' {
        return None;
    }
    let rest = text.get(1..)?;
    let split = rest.len().checked_sub(6)?;
    let (year_text, month_day) = (rest.get(..split)?, rest.get(split..)?);
    if year_text.len() < 4 || !year_text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // Reuse the strict reader for the month and day: `2000-MM-DD` (a leap year).
    let probe = iso_date(&format!("2000{month_day}"))?;
    let magnitude: i32 = year_text.parse().ok()?;
    let year = if first == '-' { -magnitude } else { magnitude };
    NaiveDate::from_ymd_opt(year, probe.month(), probe.day())
}

/// A decimal as written by `Decimal::to_string`: `-`? digits (`.` digits)?, nothing else.
pub fn read_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // One pass: the place of the point (at most one), every other byte a digit, gathering the
    // digits as a mantissa (it only matters below 20 digits, where it cannot overflow).
    let mut point = None;
    let mut mantissa = 0u64;
    for (at, byte) in digits.bytes().enumerate() {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(byte - b'0'));
            }
            b'.' if point.is_none() => point = Some(at),
            _ => return None,
        }
    }
    // Digits on both sides of a point.
    if digits.is_empty() || point.is_some_and(|at| at == 0 || at + 1 == digits.len()) {
        return None;
    }
    // The common case, no sign and at most 19 characters: the digits are the mantissa (below
    // 2^64) and the fraction's length the scale, as `from_str_exact` reads them.
    if digits.len() == text.len() && text.len() <= 19 {
        let scale = point.map_or(0, |at| text.len() - at - 1);
        let low = u32::try_from(mantissa & 0xffff_ffff).ok()?;
        let middle = u32::try_from(mantissa >> 32).ok()?;
        return Some(Decimal::from_parts(
            low,
            middle,
            0,
            false,
            u32::try_from(scale).ok()?,
        ));
    }
    Decimal::from_str_exact(text).ok()
}

/// How many decimals a decimal text read by [`read_decimal`] has once its trailing zeros are
/// dropped: its `normalize().scale()`, from the text (which holds the decimal's digits
/// exactly).
pub(super) fn significant_decimals(text: &str) -> u32 {
    let fraction = text.split_once('.').map_or("", |(_, fraction)| fraction);
    let digits = fraction.trim_end_matches('0').len();
    u32::try_from(digits).unwrap_or(u32::MAX)
}

/// An amount, as short as it is exact: `1200`, `1234.5` (`Money` keeps the minor unit).
pub(super) fn write_amount(money: Money) -> String {
    decimal_text(money.amount(), TrailingZeros::Dropped)
}

/// What [`decimal_text`] does with the zeros that end a decimal's fraction (`1200.50`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TrailingZeros {
    /// Written, as the decimal's scale says: `decimal.to_string()`.
    Kept,
    /// Left out (a whole number loses its point): `decimal.normalize().to_string()`.
    Dropped,
}

/// `decimal.to_string()`, or with [`TrailingZeros::Dropped`] `decimal.normalize().to_string()`,
/// written digit by digit when the mantissa is below 2^64 and the sign positive
/// (rust_decimal's `Display` goes through the formatting machinery: slow for tens of thousands
/// of amounts).
pub(super) fn decimal_text(decimal: Decimal, zeros: TrailingZeros) -> String {
    let normalized = zeros == TrailingZeros::Dropped;
    let general = || {
        let decimal = if normalized {
            decimal.normalize()
        } else {
            decimal
        };
        decimal.to_string()
    };
    let (Ok(mut mantissa), false) = (
        u64::try_from(decimal.mantissa()),
        decimal.is_sign_negative(),
    ) else {
        return general();
    };
    let mut scale = decimal.scale();
    while normalized && scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    // Non-zero by its type: the division below has no panic path, so the wasm carries no
    // panic location (this file's path) for it.
    let Some(unit) = 10u64.checked_pow(scale).and_then(NonZeroU64::new) else {
        return general();
    };
    let mut text = String::with_capacity(24);
    json::push_u64(&mut text, mantissa / unit);
    if scale > 0 {
        text.push('.');
        let width = usize::try_from(scale).unwrap_or(0);
        json::push_u64_padded(&mut text, mantissa % unit, width);
    }
    text
}

pub(super) fn status_from_code(code: &str) -> Option<InvoiceStatus> {
    [
        InvoiceStatus::Draft,
        InvoiceStatus::Sent,
        InvoiceStatus::Disputed,
        InvoiceStatus::WrittenOff,
    ]
    .into_iter()
    .find(|status| status.code() == code)
}

pub(super) fn adjustment_kind_code(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::CreditNote => "credit-note",
        AdjustmentKind::Adjustment => "adjustment",
    }
}

pub(super) fn write_terms(terms: PaymentTerms) -> String {
    match terms.rule() {
        DueRule::OnReceipt => "on-receipt".to_string(),
        DueRule::FixedDate { date } => format!("fixed-date {}", write_date(date)),
        rule => format!("{} {}", rule.code(), rule.days().unwrap_or(0)),
    }
}

pub(super) fn read_rule(text: &str) -> Option<DueRule> {
    if text == "on-receipt" {
        return Some(DueRule::OnReceipt);
    }
    let (code, argument) = text.split_once(' ')?;
    if code == "fixed-date" {
        return read_date(argument).map(|date| DueRule::FixedDate { date });
    }
    if argument.is_empty() || !argument.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let days: u32 = argument.parse().ok()?;
    match code {
        "net" => Some(DueRule::Net { days }),
        "days-end-of-month" => Some(DueRule::DaysThenEndOfMonth { days }),
        "end-of-month-days" => Some(DueRule::EndOfMonthThenDays { days }),
        _ => None,
    }
}

/// The one-character code of a channel.
fn channel_code(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "e",
        Channel::Phone => "p",
        Channel::Letter => "l",
        Channel::RegisteredLetter => "r",
    }
}

pub(super) fn channel_from_code(code: &str) -> Option<Channel> {
    Channel::ALL
        .into_iter()
        .find(|channel| channel_code(*channel) == code)
}

/// The one-character code of a dunning step.
pub(super) fn step_code(step: StepKind) -> &'static str {
    match step {
        StepKind::Courtesy => "c",
        StepKind::FirstReminder => "1",
        StepKind::SecondReminder => "2",
        StepKind::FormalNotice => "n",
        StepKind::FinalNotice => "f",
    }
}

pub(super) fn step_from_code(code: &str) -> Option<StepKind> {
    StepKind::ALL
        .into_iter()
        .find(|step| step_code(*step) == code)
}

/// A channel's code, left out for e-mail.
pub(super) fn stored_channel(channel: Channel) -> Option<&'static str> {
    (channel != Channel::Email).then(|| channel_code(channel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_iso_form_across_chronos_whole_range() {
        for date in [
            NaiveDate::from_ymd_opt(2026, 1, 31),
            NaiveDate::from_ymd_opt(2024, 2, 29),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(0, 1, 1),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(10_000, 1, 1),
            NaiveDate::from_ymd_opt(-1, 12, 31),
            NaiveDate::from_ymd_opt(-4, 2, 29),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ]
        .into_iter()
        .flatten()
        {
            let text = write_date(date);
            assert_eq!(read_date(&text), Some(date), "{text}");
        }
        assert_eq!(
            NaiveDate::from_ymd_opt(2026, 3, 5).map(write_date),
            Some("2026-03-05".to_string())
        );
        assert_eq!(
            NaiveDate::from_ymd_opt(10_000, 3, 5).map(write_date),
            Some("+10000-03-05".to_string())
        );
        for bad in [
            "",
            "2026-02-30",
            "2026-2-3",
            "+2026",
            "+20-01-01",
            "-",
            "+",
            "2026-01-01T",
            "+10000-13-01",
            "+1000a-01-01",
            "é",
            "-é",
            "+ééé-01-01",
        ] {
            assert_eq!(read_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decimals_are_read_only_in_their_written_form() {
        assert_eq!(
            read_decimal("1234.56").map(|d| d.to_string()),
            Some("1234.56".into())
        );
        assert_eq!(read_decimal("20.0").map(|d| d.scale()), Some(1));
        assert_eq!(
            read_decimal("-0.5").map(|d| d.to_string()),
            Some("-0.5".into())
        );
        for bad in [
            "", "1_000", "1e3", "1,5", " 1", "1.", ".5", "+1", "-", "1.2.3", "NaN",
        ] {
            assert_eq!(read_decimal(bad), None, "{bad:?}");
        }
        // Beyond what a Decimal holds exactly: refused, not rounded.
        assert_eq!(read_decimal("0.00000000000000000000000000001"), None);
        assert_eq!(read_decimal("99999999999999999999999999999999"), None);
    }

    #[test]
    fn decimals_are_written_as_rust_decimal_writes_them() {
        let mut decimals = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, -Decimal::ZERO];
        let mut state = 0x5eed_u64;
        for scale in 0..=28 {
            for mantissa in [0u64, 1, 5, 10, 100, 120, 123_450, 9_999_999, u64::MAX] {
                for negative in [false, true] {
                    let low = u32::try_from(mantissa & 0xffff_ffff).unwrap_or(0);
                    let middle = u32::try_from(mantissa >> 32).unwrap_or(0);
                    decimals.push(Decimal::from_parts(low, middle, 0, negative, scale));
                    decimals.push(Decimal::from_parts(low, middle, 7, negative, scale));
                }
            }
            for _ in 0..50 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let low = u32::try_from(state >> 32).unwrap_or(0);
                let middle = u32::try_from(state & 0xff).unwrap_or(0);
                decimals.push(Decimal::from_parts(low, middle, 0, false, scale));
            }
        }
        for decimal in decimals {
            assert_eq!(
                decimal_text(decimal, TrailingZeros::Kept),
                decimal.to_string(),
                "{decimal:?}"
            );
            assert_eq!(
                decimal_text(decimal, TrailingZeros::Dropped),
                decimal.normalize().to_string(),
                "{decimal:?}"
            );
        }
    }

    #[test]
    fn dates_are_written_as_format_writes_them() {
        let mut date = NaiveDate::from_ymd_opt(0, 1, 1);
        while let Some(day) = date.filter(|day| day.year() <= 9999) {
            let expected = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day());
            assert_eq!(write_date(day), expected);
            date = day.checked_add_days(chrono::Days::new(97));
        }
    }

    /// Where the text is a decimal as written, the shortcut for short ones gives the very
    /// decimal (mantissa and scale) `from_str_exact` gives.
    #[test]
    fn short_decimals_are_read_as_from_str_exact_reads_them() {
        let mut texts: Vec<String> = Vec::new();
        for whole in [
            "0",
            "00",
            "7",
            "10",
            "1234",
            "9999999999",
            "18446744073709551615",
        ] {
            for fraction in ["", "0", "5", "50", "05", "25", "123456789", "000000000"] {
                for sign in ["", "-"] {
                    let text = if fraction.is_empty() {
                        format!("{sign}{whole}")
                    } else {
                        format!("{sign}{whole}.{fraction}")
                    };
                    texts.push(text);
                }
            }
        }
        for digits in 1..=21 {
            let nines = "9".repeat(digits);
            texts.push(nines.clone());
            for point in 1..digits {
                texts.push(format!("{}.{}", &nines[..point], &nines[point..]));
            }
        }
        texts.extend(
            [
                "0.000",
                "-0.0",
                "100",
                "100.00",
                "1.10",
                "79228162514264337593543950335",
                "7922816251426433759354395033.5",
                "0.0000000000000000000000000001",
                "0.1000000000000000000000000000",
            ]
            .map(String::from),
        );
        for text in &texts {
            if let Some(decimal) = read_decimal(text) {
                assert_eq!(
                    significant_decimals(text),
                    decimal.normalize().scale(),
                    "{text}"
                );
            }
            let expected = Decimal::from_str_exact(text).ok();
            let read = read_decimal(text);
            assert_eq!(
                read.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())),
                expected.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())),
                "{text}"
            );
        }
    }

    #[test]
    fn terms_round_trip() {
        for rule in [
            DueRule::OnReceipt,
            DueRule::Net { days: 0 },
            DueRule::Net { days: 45 },
            DueRule::DaysThenEndOfMonth { days: 45 },
            DueRule::EndOfMonthThenDays { days: 999 },
            DueRule::FixedDate {
                date: NaiveDate::MAX,
            },
        ] {
            let Ok(terms) = PaymentTerms::new(rule, None) else {
                panic!("{rule:?}")
            };
            assert_eq!(read_rule(&write_terms(terms)), Some(rule));
        }
        for bad in [
            "net",
            "net ",
            "net -1",
            "net 1.5",
            "weekly 3",
            "fixed-date 2026-02-30",
        ] {
            assert_eq!(read_rule(bad), None, "{bad}");
        }
    }
}
