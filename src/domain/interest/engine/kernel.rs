//! The arithmetic of the method, in integers: amounts in minor units, rates in millionths of a
//! percent, `i128`. A period's interest is one multiplication and one division rounded half
//! away from zero to the cent ([`accrue`]); the exact total is kept as fractions
//! ([`ExactInterest`]), so splitting a span never changes it.

#[cfg(test)]
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::error::SimulationError;
use crate::domain::interest::options::Rounding;
use crate::domain::interest::rate::Rate;
use crate::domain::money::{Currency, Money};

/// The interest kernel works in integers: amounts in minor units (cents), rates in
/// millionths of a percent. Rates never have more than 6 decimals (the CSV, [`Rate::parse`] and
/// validation see to it), so this is exact, and fast (no decimal division on the hot path).
const RATE_DECIMALS: u32 = 6;

/// `10^RATE_DECIMALS × 100`: percent and millionths.
const RATE_DENOMINATOR: i128 = 100_000_000;

/// `10^n` for the scales the kernel meets (a table is cheaper than `checked_pow`).
fn power_of_ten(n: u32) -> Option<i128> {
    const POWERS: [i128; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    POWERS.get(usize::try_from(n).ok()?).copied()
}

/// The rate in millionths of a percent (`None` beyond 6 decimals).
#[inline(always)]
pub(super) fn rate_in_millionths(rate: Rate) -> Option<i128> {
    let mut percent = rate.percent();
    if percent.scale() > RATE_DECIMALS {
        percent = percent.normalize();
    }
    let scale_up = RATE_DECIMALS.checked_sub(percent.scale())?;
    percent.mantissa().checked_mul(power_of_ten(scale_up)?)
}

/// The amount in minor units (`Money` is held at its currency's minor unit, or fewer
/// decimals for `Money::zero`).
#[inline(always)]
pub(super) fn in_minor_units(money: Money) -> Option<i128> {
    let amount = money.amount();
    let scale_up = money.currency().minor_units().checked_sub(amount.scale())?;
    amount.mantissa().checked_mul(power_of_ten(scale_up)?)
}

/// `numerator / denominator` rounded half away from zero ([`crate::domain::money::ROUNDING`]);
/// `denominator` is positive.
#[inline(always)]
pub(in crate::domain::interest) fn divide_rounding_half_away(
    numerator: i128,
    denominator: i128,
) -> Option<i128> {
    // Most amounts fit in 64 bits, where division is one machine instruction (128-bit division
    // is a library call, natively and in wasm). Same arithmetic, same result.
    if let (Ok(numerator), Ok(denominator)) = (i64::try_from(numerator), i64::try_from(denominator))
    {
        let quotient = numerator.checked_div(denominator)?;
        let remainder = numerator.checked_rem(denominator)?;
        // Compared in 128 bits: twice the remainder always fits there.
        let rounded = if i128::from(remainder).abs() * 2 >= i128::from(denominator) {
            quotient.checked_add(numerator.signum())?
        } else {
            quotient
        };
        return Some(i128::from(rounded));
    }
    let quotient = numerator.checked_div(denominator)?;
    let remainder = numerator.checked_rem(denominator)?;
    if remainder.checked_abs()?.checked_mul(2)? >= denominator {
        quotient.checked_add(numerator.signum())
    } else {
        Some(quotient)
    }
}

/// Exact interest as fractions: `base (minor units) × rate (millionths of a percent) × days`,
/// one numerator per denominator (360, 365, 366). Summing numerators is exact, so splitting a
/// span never changes the exact total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(in crate::domain::interest) struct ExactInterest {
    numerators: [i128; 3],
}

impl ExactInterest {
    fn slot(basis: u32) -> usize {
        match basis {
            360 => 0,
            365 => 1,
            _ => 2,
        }
    }

    pub(super) fn add_numerator(self, numerator: i128, basis: u32) -> Option<ExactInterest> {
        let mut numerators = self.numerators;
        let slot = numerators.get_mut(ExactInterest::slot(basis))?;
        *slot = slot.checked_add(numerator)?;
        Some(ExactInterest { numerators })
    }

    /// The sum of two exact amounts (still exact).
    #[cfg(test)]
    pub(in crate::domain::interest) fn checked_add(
        self,
        other: ExactInterest,
    ) -> Option<ExactInterest> {
        let mut numerators = self.numerators;
        for (mine, theirs) in numerators.iter_mut().zip(other.numerators) {
            *mine = mine.checked_add(theirs)?;
        }
        Some(ExactInterest { numerators })
    }

    /// As a decimal amount (28 significant digits) for a currency of `minor_units` decimals.
    pub(in crate::domain::interest) fn to_decimal(self, minor_units: u32) -> Option<Decimal> {
        let [over_360, over_365, over_366] = self.numerators;
        let part = |numerator: i128, basis: i128| -> Option<Decimal> {
            let denominator = basis.checked_mul(RATE_DENOMINATOR)?;
            let whole = numerator.checked_div(denominator)?;
            let remainder = numerator.checked_rem(denominator)?;
            let whole = Decimal::try_from_i128_with_scale(whole, minor_units).ok()?;
            let fraction = Decimal::try_from_i128_with_scale(remainder, minor_units)
                .ok()?
                .checked_div(Decimal::try_from_i128_with_scale(denominator, 0).ok()?)?;
            whole.checked_add(fraction)
        };
        part(over_360, 360)?
            .checked_add(part(over_365, 365)?)?
            .checked_add(part(over_366, 366)?)
    }
}

/// The exact interest on `base` at `rate` from `start` to `end` (both included), splitting at
/// 1 January where the day count needs it. `None` on overflow or an empty span.
#[cfg(test)]
pub(in crate::domain::interest) fn exact_interest_over(
    base: Money,
    rate: Rate,
    start: NaiveDate,
    end: NaiveDate,
    day_count: crate::domain::interest::options::DayCount,
) -> Option<ExactInterest> {
    let mut exact = ExactInterest::default();
    let mut cursor = start;
    while cursor <= end {
        let next_year = NaiveDate::from_ymd_opt(cursor.year().checked_add(1)?, 1, 1)?;
        let last = end.min(next_year.pred_opt()?);
        let days = u32::try_from((last - cursor).num_days().checked_add(1)?).ok()?;
        let basis = day_count.basis(cursor.year());
        exact = exact.add_numerator(exact_numerator(base, rate, days, basis)?, basis)?;
        cursor = next_year;
    }
    Some(exact)
}

/// `minor` minor units as `Money` (already at the minor unit: nothing to round).
///
/// Inlined, like the other small functions of the period loop: at the size-optimised release
/// profile they otherwise stay calls whose `Option`/`Result` comes back through memory and is
/// read back with a stall; inlining them saved about 15 % of `simulate` (docs/performance.md).
#[inline(always)]
pub(super) fn money_of(minor: i128, currency: Currency) -> Result<Money, SimulationError> {
    Money::from_minor_units(minor, currency).ok_or(SimulationError::Overflow)
}

/// The interest kernel: `base × rate × days / (100 × day_basis)` with the base in minor units
/// and the rate in millionths of a percent. Returns the exact numerator (see
/// [`ExactInterest`]) and the interest in minor units, rounded half away from zero (or the
/// daily amount first, by option). `None` on overflow.
#[inline(always)]
pub(super) fn accrue(
    base_minor: i128,
    rate_millionths: i128,
    days: u32,
    day_basis: u32,
    rounding: Rounding,
) -> Option<(i128, i128)> {
    let yearly = base_minor.checked_mul(rate_millionths)?;
    let numerator = yearly.checked_mul(i128::from(days))?;
    let denominator = i128::from(day_basis).checked_mul(RATE_DENOMINATOR)?;
    let minor = match rounding {
        Rounding::PerPeriod => divide_rounding_half_away(numerator, denominator)?,
        Rounding::DailyAmountFirst => {
            divide_rounding_half_away(yearly, denominator)?.checked_mul(i128::from(days))?
        }
    };
    Some((numerator, minor))
}

/// [`accrue`] on `Money` and `Rate`: the exact numerator.
pub(super) fn exact_numerator(base: Money, rate: Rate, days: u32, day_basis: u32) -> Option<i128> {
    accrue(
        in_minor_units(base)?,
        rate_in_millionths(rate)?,
        days,
        day_basis,
        Rounding::PerPeriod,
    )
    .map(|(numerator, _)| numerator)
}
