//! Rates (percent per annum, as `Decimal`) and half-years. Rates, amounts and dates are written
//! for people by [`crate::format`], the one place that knows how.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::i18n::{Describe, Lang};

/// An annual interest rate in percent: `Rate::from_percent(dec!(12.15))` is 12.15 % p.a.
///
/// Always a `Decimal`; there is no conversion from or to binary floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    /// `percent` % per annum.
    pub const fn from_percent(percent: Decimal) -> Rate {
        Rate(percent)
    }

    /// The rate in percent per annum (`12.15` for 12.15 %).
    pub fn percent(self) -> Decimal {
        self.0
    }

    /// `self + points` percentage points (`None` on overflow).
    pub fn checked_add_points(self, points: Decimal) -> Option<Rate> {
        self.0.checked_add(points).map(Rate)
    }

    /// `self × factor` (e.g. three times the legal rate).
    pub fn checked_mul(self, factor: Decimal) -> Option<Rate> {
        self.0.checked_mul(factor).map(Rate)
    }

    /// The larger of `self` and zero: a negative statutory rate bears no interest.
    pub fn max_zero(self) -> Rate {
        if self.0.is_sign_negative() {
            Rate::ZERO
        } else {
            self
        }
    }

    /// Parses `8.5`, `8,5`, `8.50 %`, `-0,88 %`. At most 6 decimals, at most ±100 %.
    pub fn parse(text: &str) -> Result<Rate, ParseRateError> {
        let trimmed = text.trim();
        let error = || ParseRateError(trimmed.to_string());
        let body = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
        let (negative, digits) = match body.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, body.strip_prefix('+').unwrap_or(body).trim_start()),
        };
        let (integer, fraction) = match digits.split_once(['.', ',']) {
            Some((integer, fraction)) if !fraction.is_empty() => (integer, fraction),
            Some(_) => return Err(error()),
            None => (digits, ""),
        };
        let all_digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if integer.is_empty()
            || integer.len() > 3
            || fraction.len() > 6
            || !all_digits(integer)
            || !all_digits(fraction)
        {
            return Err(error());
        }
        let mantissa: i64 = format!("{integer}{fraction}")
            .parse()
            .map_err(|_| error())?;
        let mantissa = if negative { -mantissa } else { mantissa };
        let scale = u32::try_from(fraction.len()).map_err(|_| error())?;
        let percent = Decimal::try_new(mantissa, scale).map_err(|_| error())?;
        if percent.abs() > Decimal::ONE_HUNDRED {
            return Err(error());
        }
        Ok(Rate(percent))
    }

    /// `12,15 %` in French, `12.15%` in English; at least two decimals (see
    /// [`crate::format::rate`]).
    pub fn display(self, lang: Lang) -> String {
        crate::format::rate(self, lang)
    }
}

/// Plain, locale-neutral form for logs and test messages: `12.15%`.
impl fmt::Display for Rate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.display(Lang::En))
    }
}

/// A text that is not a rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseRateError(pub String);

impl Describe for ParseRateError {
    fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => format!(
                "« {} » n'est pas un taux : écrivez un pourcentage annuel comme 8,5 ou 12,15 (entre -100 et 100).",
                self.0
            ),
            Lang::En => format!(
                "“{}” is not a rate: write an annual percentage such as 8.5 or 12.15 (between -100 and 100).",
                self.0
            ),
        }
    }
}

/// A half-year: 1 January – 30 June or 1 July – 31 December.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    pub year: i32,
    /// `false`: January–June; `true`: July–December.
    pub second: bool,
}

impl HalfYear {
    pub fn containing(date: NaiveDate) -> HalfYear {
        HalfYear {
            year: date.year(),
            second: date.month() >= 7,
        }
    }

    /// 1 January or 1 July (`None` only outside chrono's range).
    pub fn start(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, if self.second { 7 } else { 1 }, 1)
    }

    /// 30 June or 31 December.
    pub fn end(self) -> Option<NaiveDate> {
        if self.second {
            NaiveDate::from_ymd_opt(self.year, 12, 31)
        } else {
            NaiveDate::from_ymd_opt(self.year, 6, 30)
        }
    }

    /// The first day of the next half-year.
    pub fn next_start(self) -> Option<NaiveDate> {
        if self.second {
            NaiveDate::from_ymd_opt(self.year.checked_add(1)?, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, 7, 1)
        }
    }

    /// « 2e semestre 2026 » / “second half of 2026”.
    pub fn display(self, lang: Lang) -> String {
        match (lang, self.second) {
            (Lang::Fr, false) => format!("1er semestre {}", self.year),
            (Lang::Fr, true) => format!("2e semestre {}", self.year),
            (Lang::En, false) => format!("first half of {}", self.year),
            (Lang::En, true) => format!("second half of {}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[track_caller]
    fn check_parse(text: &str, expected: Option<Decimal>) {
        assert_eq!(
            Rate::parse(text).ok().map(Rate::percent),
            expected,
            "{text}"
        );
    }

    #[test]
    fn rates_parse_in_french_and_english_notation() {
        check_parse("8.5", Some(dec!(8.5)));
        check_parse("8,50 %", Some(dec!(8.50)));
        check_parse("-0,88%", Some(dec!(-0.88)));
        check_parse("+12.15", Some(dec!(12.15)));
        check_parse("0.125", Some(dec!(0.125)));
        check_parse("100", Some(dec!(100)));
        check_parse("", None);
        check_parse("8,", None);
        check_parse("1,234.5", None);
        check_parse("abc", None);
        check_parse("100.01", None);
        check_parse("99999999999999999999999", None);
    }

    #[test]
    fn rates_display_per_language_with_two_decimals_at_least() {
        let rate = Rate::from_percent(dec!(2.62));
        assert_eq!(rate.display(Lang::Fr), "2,62\u{a0}%");
        assert_eq!(rate.display(Lang::En), "2.62%");
        assert_eq!(Rate::from_percent(dec!(8)).display(Lang::En), "8.00%");
        assert_eq!(Rate::from_percent(dec!(0.125)).display(Lang::En), "0.125%");
    }

    #[test]
    fn half_years_know_their_bounds() {
        let date = NaiveDate::from_ymd_opt(2026, 7, 1);
        let half = date.map(HalfYear::containing);
        assert_eq!(
            half,
            Some(HalfYear {
                year: 2026,
                second: true
            })
        );
        assert_eq!(
            half.and_then(HalfYear::end),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(
            half.and_then(HalfYear::next_start),
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
        assert_eq!(
            half.map(|h| h.display(Lang::Fr)).as_deref(),
            Some("2e semestre 2026")
        );
        let date = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(
            date.map(|d| crate::format::date_long(d, Lang::Fr))
                .as_deref(),
            Some("1er janvier 2027")
        );
    }
}
