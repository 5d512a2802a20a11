//! The calendar Relance handles (0001-01-01 to 9999-12-31), ISO dates read by hand, and
//! date arithmetic.
//!
//! Calendar helpers never panic: out-of-calendar dates (before year 1, after year 9999…)
//! are `None`.

use chrono::{Datelike, NaiveDate};

/// Reads exactly `YYYY-MM-DD` (ISO 8601 calendar date) into a real date, or `None`.
/// Written by hand rather than with chrono's `strftime` parser, which would add several
/// kilobytes to the wasm for one fixed format.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    // Byte by byte: the ledger reads tens of thousands of dates when it loads.
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let year = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
    let month = digit(m0)? * 10 + digit(m1)?;
    let day = digit(d0)? * 10 + digit(d1)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The first date Relance handles: 0001-01-01.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The last date Relance handles: 9999-12-31 (dates are written `YYYY-MM-DD`).
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// Whether `date` is within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn in_calendar(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// `date + days` (days may be negative), or `None` outside the calendar
/// ([`FIRST_DATE`]..=[`LAST_DATE`]).
pub fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let magnitude = chrono::Days::new(days.unsigned_abs());
    let result = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    result.filter(|date| in_calendar(*date))
}

/// Whole days from `from` to `to`, signed: 0 on the same day, negative when `to` is earlier
/// (not the interest engine's count, which includes both ends). Cannot overflow: the
/// calendar spans far fewer days than `i64` holds.
pub fn days_from(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// The last day of `date`'s month.
pub fn end_of_month(date: NaiveDate) -> NaiveDate {
    (28..=31)
        .rev()
        .find_map(|day| date.with_day(day))
        .unwrap_or(date)
}

/// `date` plus `months` months, keeping the day of month clamped to the month's end
/// (Jan 31 + 1 month = Feb 28 or 29), or `None` outside the calendar.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
        .filter(|date| in_calendar(*date))
}

/// The Monday of `date`'s week (ISO weeks), or `None` before the calendar's first Monday.
pub fn monday_of_week(date: NaiveDate) -> Option<NaiveDate> {
    add_days(date, -i64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
pub(crate) mod test_support {
    use chrono::NaiveDate;

    /// `date("2026-01-31")`: a test date (panics on a typo, which is a test bug).
    #[track_caller]
    pub fn date(text: &str) -> NaiveDate {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => date,
            Err(error) => panic!("bad test date {text:?}: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::date;
    use super::*;

    #[test]
    fn iso_dates_are_read_exactly() {
        assert_eq!(iso_date("2024-02-29"), Some(date("2024-02-29")));
        assert_eq!(iso_date("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1));
        assert_eq!(
            iso_date("9999-12-31"),
            NaiveDate::from_ymd_opt(9999, 12, 31)
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "+024-01-01",
            "2024-01-0a",
            "2024-01-01 ",
            "",
        ] {
            assert_eq!(iso_date(bad), None, "{bad:?}");
        }
    }

    /// The byte-by-byte reader agrees with the plain one it replaced (`str::parse` of each
    /// part), on dates and on near misses.
    #[test]
    fn iso_dates_are_read_as_by_parsing_each_part() {
        fn by_parts(text: &str) -> Option<NaiveDate> {
            let bytes = text.as_bytes();
            if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
                return None;
            }
            let number = |range: std::ops::Range<usize>| -> Option<u32> {
                let digits = text.get(range)?;
                if digits.bytes().all(|byte| byte.is_ascii_digit()) {
                    digits.parse().ok()
                } else {
                    None
                }
            };
            let year = i32::try_from(number(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
        }
        let mut texts = Vec::new();
        for year in (0..10_000)
            .step_by(37)
            .chain([0, 1, 1900, 2000, 2024, 9999])
        {
            for month in 0..=13 {
                for day in [0, 1, 9, 10, 28, 29, 30, 31, 32, 39] {
                    texts.push(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        let base = "2024-02-29";
        for at in 0..base.len() {
            for replacement in ["0", "9", "-", "/", "a", " ", "é", ":", "+"] {
                let mut text = base.to_string();
                text.replace_range(at..at + 1, replacement);
                texts.push(text);
            }
        }
        texts.extend(["", "2024-02-2", "2024-02-290", "+2024-02-29"].map(String::from));
        for text in &texts {
            assert_eq!(iso_date(text), by_parts(text), "{text:?}");
        }
    }

    #[test]
    fn calendar_helpers_stay_inside_the_calendar() {
        assert_eq!(end_of_month(date("2024-02-10")), date("2024-02-29"));
        assert_eq!(end_of_month(date("2023-02-10")), date("2023-02-28"));
        assert_eq!(end_of_month(date("9999-12-01")), date("9999-12-31"));
        assert_eq!(add_days(date("9999-12-31"), 1), None);
        assert_eq!(add_days(date("0001-01-01"), -1), None);
        assert_eq!(add_days(date("0001-01-01"), 0), Some(date("0001-01-01")));
        assert_eq!(add_months(date("2024-01-31"), 1), Some(date("2024-02-29")));
        assert_eq!(add_months(date("2024-01-31"), 2), Some(date("2024-03-31")));
        assert_eq!(add_months(date("9999-12-01"), 1), None);
        assert_eq!(monday_of_week(date("2026-01-04")), Some(date("2025-12-29")));
        assert_eq!(days_from(date("2026-01-31"), date("2026-03-02")), 30);
    }
}
