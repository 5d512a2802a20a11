//! Applying payments: the rule "a partial payment reduces the base from the day after it is
//! received (the payment day bears interest on the full base)". A payment goes to the
//! principal first by default, or by option in the legal order: costs, then interest, then
//! principal (art. 1343-1 Code civil, § 367 BGB). Accrued interest is never lost: what a
//! payment does not cover stays owed.

use chrono::NaiveDate;

use super::breakdown::PaymentAllocation;
use super::error::{SimulationError, overflow};
use super::input::Detail;
use super::input::SimulationInput;
use super::kernel::{in_minor_units, money_of};
use crate::domain::interest::flags::Flag;
use crate::domain::interest::options::PaymentOrder;
use crate::domain::money::Currency;

/// The payments in date order (stable), in minor units; those after the end date are left
/// out, and flagged.
pub(super) fn in_date_order(
    input: &SimulationInput,
    flags: &mut Vec<Flag>,
) -> Result<Vec<(NaiveDate, i128)>, SimulationError> {
    let mut dated = Vec::with_capacity(input.payments.len());
    for &(date, amount) in &input.payments {
        if date > input.end_date {
            flags.push(Flag::PaymentAfterEndDate { date, amount });
        } else {
            dated.push((date, in_minor_units(amount).ok_or_else(overflow)?));
        }
    }
    dated.sort_by_key(|(date, _)| *date);
    Ok(dated)
}

/// The payments in date order, the first not yet applied, what is still owed and, for the
/// breakdown, how each payment applied so far was split.
pub(super) struct Payments {
    /// In date order, those after the end date left out.
    dated: Vec<(NaiveDate, i128)>,
    /// The index in `dated` of the first payment not yet applied.
    next: usize,
    pub(super) owed: Owed,
    /// Kept only for the breakdown.
    pub(super) allocations: Vec<PaymentAllocation>,
    order: PaymentOrder,
    currency: Currency,
    detail: Detail,
}

impl Payments {
    pub(super) fn new(
        dated: Vec<(NaiveDate, i128)>,
        owed: Owed,
        order: PaymentOrder,
        currency: Currency,
        detail: Detail,
    ) -> Payments {
        let mut allocations = Vec::new();
        if detail == Detail::Breakdown {
            allocations.reserve_exact(dated.len());
        }
        Payments {
            dated,
            next: 0,
            owed,
            allocations,
            order,
            currency,
            detail,
        }
    }

    /// How many payments there are (applied or not).
    pub(super) fn count(&self) -> usize {
        self.dated.len()
    }

    /// The day the next payment not yet applied was received.
    #[inline(always)]
    pub(super) fn next_date(&self) -> Option<NaiveDate> {
        self.dated.get(self.next).map(|&(date, _)| date)
    }

    /// Applies the payments received before `first_day`, when nothing has accrued yet.
    /// `compensation_owed` says, by the day received, whether a payment can go to the
    /// compensation.
    pub(super) fn apply_before(
        &mut self,
        first_day: NaiveDate,
        compensation_owed: impl Fn(NaiveDate) -> bool,
    ) -> Result<(), SimulationError> {
        self.apply_while(|date| date < first_day, compensation_owed)
            .map(|_| ())
    }

    /// Applies the payments received on `day`, the last day of a period (the compensation is
    /// owed); whether there were any, i.e. whether the base may have changed.
    #[inline(always)]
    pub(super) fn apply_received_on(&mut self, day: NaiveDate) -> Result<bool, SimulationError> {
        self.apply_while(|date| date == day, |_| true)
    }

    /// Applies the payments not yet applied (an invoice paid on time, paid after the due
    /// date); `compensation_owed` as for [`Payments::apply_before`].
    pub(super) fn apply_rest(
        &mut self,
        compensation_owed: impl Fn(NaiveDate) -> bool,
    ) -> Result<(), SimulationError> {
        self.apply_while(|_| true, compensation_owed).map(|_| ())
    }

    /// Applies the next payments while `applies` holds for their day; whether any was.
    #[inline(always)]
    fn apply_while(
        &mut self,
        applies: impl Fn(NaiveDate) -> bool,
        compensation_owed: impl Fn(NaiveDate) -> bool,
    ) -> Result<bool, SimulationError> {
        let mut applied = false;
        while let Some(&(date, amount)) = self.dated.get(self.next)
            && applies(date)
        {
            self.apply(date, amount, compensation_owed(date))?;
            self.next = self.next.saturating_add(1);
            applied = true;
        }
        Ok(applied)
    }

    /// Splits one payment over what is owed and, for the breakdown, records the split.
    fn apply(
        &mut self,
        date: NaiveDate,
        amount: i128,
        compensation_owed: bool,
    ) -> Result<(), SimulationError> {
        let split = self.owed.allocate(amount, compensation_owed, self.order);
        if self.detail == Detail::Breakdown {
            let currency = self.currency;
            self.allocations.push(PaymentAllocation {
                date,
                amount: money_of(amount, currency)?,
                to_compensation: money_of(split.to_compensation, currency)?,
                to_interest: money_of(split.to_interest, currency)?,
                to_capitalised_interest: money_of(split.to_capitalised_interest, currency)?,
                to_principal: money_of(split.to_principal, currency)?,
                unapplied: money_of(split.unapplied, currency)?,
            });
        }
        Ok(())
    }
}

/// What is still owed, bucket by bucket, in minor units (every bucket stays ≥ 0).
pub(super) struct Owed {
    pub(super) principal: i128,
    pub(super) capitalised: i128,
    pub(super) interest: i128,
    pub(super) compensation: i128,
    pub(super) unapplied: i128,
}

/// How one payment splits, in minor units.
#[derive(Clone, Copy)]
struct Split {
    to_compensation: i128,
    to_interest: i128,
    to_capitalised_interest: i128,
    to_principal: i128,
    unapplied: i128,
}

/// Moves up to `remaining` out of `bucket` (both ≥ 0, so nothing can overflow); returns what
/// moved.
fn take(remaining: &mut i128, bucket: &mut i128) -> i128 {
    let taken = (*remaining).min(*bucket).max(0);
    *remaining -= taken;
    *bucket -= taken;
    taken
}

impl Owed {
    /// Before any payment: the principal and the compensation (zero when not owed).
    pub(super) fn new(principal: i128, compensation: i128) -> Owed {
        Owed {
            principal,
            capitalised: 0,
            interest: 0,
            compensation,
            unapplied: 0,
        }
    }

    /// Splits `amount` over what is owed, in the order of the option; the compensation only
    /// when `compensation_owed`; what exceeds everything owed is unapplied.
    fn allocate(&mut self, amount: i128, compensation_owed: bool, order: PaymentOrder) -> Split {
        let mut remaining = amount;
        let mut compensation = if compensation_owed {
            self.compensation
        } else {
            0
        };
        let split = match order {
            PaymentOrder::LegalOrder => {
                let to_compensation = take(&mut remaining, &mut compensation);
                let to_interest = take(&mut remaining, &mut self.interest);
                let to_capitalised_interest = take(&mut remaining, &mut self.capitalised);
                let to_principal = take(&mut remaining, &mut self.principal);
                Split {
                    to_compensation,
                    to_interest,
                    to_capitalised_interest,
                    to_principal,
                    unapplied: remaining,
                }
            }
            PaymentOrder::PrincipalFirst => {
                let to_principal = take(&mut remaining, &mut self.principal);
                let to_capitalised_interest = take(&mut remaining, &mut self.capitalised);
                let to_interest = take(&mut remaining, &mut self.interest);
                let to_compensation = take(&mut remaining, &mut compensation);
                Split {
                    to_compensation,
                    to_interest,
                    to_capitalised_interest,
                    to_principal,
                    unapplied: remaining,
                }
            }
        };
        self.compensation -= split.to_compensation;
        self.unapplied = self.unapplied.saturating_add(split.unapplied);
        split
    }

    /// The base interest runs on: the principal outstanding plus the capitalised interest.
    pub(super) fn base(&self) -> Option<i128> {
        self.principal.checked_add(self.capitalised)
    }

    /// Everything still owed: principal, capitalised and accrued interest, compensation.
    pub(super) fn balance_due(&self) -> Option<i128> {
        [self.capitalised, self.interest, self.compensation]
            .into_iter()
            .try_fold(self.principal, i128::checked_add)
    }
}
