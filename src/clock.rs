//! The one place in the crate that reads the clock. Everything else takes `as_of` as input.

use chrono::NaiveDate;

/// Today's date in the browser's (or the machine's) local time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
