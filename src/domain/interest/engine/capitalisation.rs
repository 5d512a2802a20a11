//! Capitalisation (art. 1343-2 Code civil), by option, for the French regimes and `fixed`:
//! on each anniversary of the first day of interest, the interest due for the whole year
//! joins the base. Validation refuses the option for the UK, German and EU regimes (UK
//! statutory interest is simple interest, § 289 BGB forbids interest on interest).

use chrono::{Months, NaiveDate};

use super::error::{SimulationError, overflow};
use super::payments::Owed;

/// The anniversaries of the first day of interest, where the span is split and interest is
/// capitalised.
pub(super) struct Anniversaries {
    first_day: NaiveDate,
    /// How many years the next anniversary closes.
    years_run: u32,
    /// `None` without capitalisation.
    next: Option<NaiveDate>,
}

impl Anniversaries {
    pub(super) fn new(first_day: NaiveDate, capitalising: bool) -> Anniversaries {
        let years_run = 1;
        Anniversaries {
            first_day,
            years_run,
            next: if capitalising {
                anniversary(first_day, years_run)
            } else {
                None
            },
        }
    }

    /// The next anniversary (`None` without capitalisation).
    #[inline(always)]
    pub(super) fn next(&self) -> Option<NaiveDate> {
        self.next
    }

    /// The next anniversary has come: the one after it.
    pub(super) fn passed(&mut self) {
        self.years_run = self.years_run.saturating_add(1);
        self.next = anniversary(self.first_day, self.years_run);
    }
}

/// The `years`-th anniversary of `first_day` (29 February → 28 February).
fn anniversary(first_day: NaiveDate, years: u32) -> Option<NaiveDate> {
    first_day.checked_add_months(Months::new(years.checked_mul(12)?))
}

impl Owed {
    /// The interest accrued and not yet capitalised joins the capitalised interest, and so the
    /// base; the amount, or `None` when there is none.
    pub(super) fn capitalise(&mut self) -> Result<Option<i128>, SimulationError> {
        let amount = self.interest;
        if amount <= 0 {
            return Ok(None);
        }
        self.capitalised = self.capitalised.checked_add(amount).ok_or_else(overflow)?;
        self.interest = 0;
        Ok(Some(amount))
    }
}
