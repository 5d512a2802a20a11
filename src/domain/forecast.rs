//! Cash-in forecast: expected receipts per week for the next 12 weeks.
//!
//! Weeks start on the Monday of `as_of`'s week. Each open invoice counts its open amount in
//! the week of its due date; amounts due before `as_of` go to the "overdue now" line, amounts
//! due after the 12 weeks to "later", disputed invoices to their own line: nothing is
//! hidden, and the lines add up to the open receivables. An invoice under a kept payment plan
//! counts its installments instead (what remains of each, in order, on its due date).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::calendar::{add_days, days_from, monday_of_week};
use super::ids::InvoiceId;
use super::invoice::InvoiceStatus;
use super::ledger::{Ledger, add_to, entry_amounts};
use super::money::{Currency, Money, MoneyError};
use super::plan::PlanStatus;

/// Weeks in the forecast.
pub const FORECAST_WEEKS: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForecastWeek {
    /// The Monday that starts the week.
    pub start: NaiveDate,
    pub expected: BTreeMap<Currency, Money>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CashForecast {
    pub as_of: NaiveDate,
    /// Due before `as_of` and still open.
    pub overdue_now: BTreeMap<Currency, Money>,
    /// Up to 12 weeks (fewer only at the very end of the calendar).
    pub weeks: Vec<ForecastWeek>,
    /// Due after the last week.
    pub later: BTreeMap<Currency, Money>,
    /// Open balances of disputed invoices, not expected at any date.
    pub disputed: BTreeMap<Currency, Money>,
    /// Invoices whose installments were used instead of their due date.
    pub under_plan: Vec<InvoiceId>,
}

impl CashForecast {
    pub fn as_of(ledger: &Ledger, as_of: NaiveDate) -> Result<CashForecast, MoneyError> {
        let first_monday = monday_of_week(as_of).unwrap_or(as_of);
        let weeks: Vec<ForecastWeek> = (0..FORECAST_WEEKS)
            .map_while(|index| {
                let offset = i64::try_from(index).ok()?.checked_mul(7)?;
                add_days(first_monday, offset).map(|start| ForecastWeek {
                    start,
                    expected: BTreeMap::new(),
                })
            })
            .collect();
        let mut forecast = CashForecast {
            as_of,
            overdue_now: BTreeMap::new(),
            weeks,
            later: BTreeMap::new(),
            disputed: BTreeMap::new(),
            under_plan: Vec::new(),
        };
        for entry in ledger.entries() {
            let invoice = entry;
            if !invoice.status().is_receivable() {
                continue;
            }
            let balance = entry_amounts(entry, as_of)?;
            if !balance.open.is_positive() {
                continue;
            }
            if invoice.status() == InvoiceStatus::Disputed {
                add_to(&mut forecast.disputed, balance.open)?;
                continue;
            }
            let plan = if entry.has_plans() {
                ledger.entry_plan_state(entry, as_of)?
            } else {
                None
            };
            match plan {
                Some(plan) if plan.status == PlanStatus::Kept => {
                    forecast.under_plan.push(invoice.id());
                    let mut left = balance.open;
                    let mut last_date = invoice.due_date();
                    for state in &plan.installments {
                        last_date = state.installment.due_date;
                        if !state.remaining.is_positive() || !left.is_positive() {
                            continue;
                        }
                        let amount = if state.remaining.checked_cmp(left)?.is_le() {
                            state.remaining
                        } else {
                            left
                        };
                        forecast.place(state.installment.due_date, amount)?;
                        left = left.checked_sub(amount)?;
                    }
                    if left.is_positive() {
                        forecast.place(last_date, left)?;
                    }
                }
                _ => forecast.place(invoice.due_date(), balance.open)?,
            }
        }
        Ok(forecast)
    }

    fn place(&mut self, due_date: NaiveDate, amount: Money) -> Result<(), MoneyError> {
        if due_date < self.as_of {
            return add_to(&mut self.overdue_now, amount);
        }
        let first_monday = self.weeks.first().map_or(self.as_of, |week| week.start);
        let index = usize::try_from(days_from(first_monday, due_date) / 7).unwrap_or(usize::MAX);
        match self.weeks.get_mut(index) {
            Some(week) => add_to(&mut week.expected, amount),
            None => add_to(&mut self.later, amount),
        }
    }

    /// The sum of every line in `currency`: equals the open receivables.
    pub fn total(&self, currency: Currency) -> Result<Money, MoneyError> {
        let lines = [&self.overdue_now, &self.later, &self.disputed]
            .into_iter()
            .chain(self.weeks.iter().map(|week| &week.expected));
        Money::checked_sum(
            currency,
            lines.filter_map(|line| line.get(&currency).copied()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::tests::Builder;
    use crate::domain::calendar::test_support::date;
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod, PlanTerms};
    use rust_decimal_macros::dec;

    #[test]
    fn receipts_fall_in_the_week_of_their_due_date_and_nothing_is_hidden() {
        let mut builder = Builder::new();
        let eur = Currency::Eur;
        let money = |amount| Money::new(amount, eur);
        // as_of Wednesday 2026-03-04; the first week starts Monday 2026-03-02.
        builder.invoice("2026-03-03", dec!(10), eur); // yesterday: overdue now
        builder.invoice("2026-03-04", dec!(20), eur); // today: week 0
        builder.invoice("2026-03-08", dec!(30), eur); // Sunday: week 0
        builder.invoice("2026-03-09", dec!(40), eur); // Monday: week 1
        builder.invoice("2026-05-24", dec!(50), eur); // last day of week 11
        builder.invoice("2026-05-25", dec!(60), eur); // later
        let disputed = builder.invoice("2026-03-20", dec!(70), eur);
        assert!(
            builder
                .ledger
                .set_status(disputed, InvoiceStatus::Disputed)
                .is_ok()
        );
        let forecast = CashForecast::as_of(&builder.ledger, date("2026-03-04"));
        let Ok(forecast) = forecast else {
            panic!("{forecast:?}")
        };
        assert_eq!(forecast.weeks.len(), 12);
        assert_eq!(
            forecast.weeks.first().map(|week| week.start),
            Some(date("2026-03-02"))
        );
        assert_eq!(forecast.overdue_now.get(&eur), Some(&money(dec!(10))));
        let week = |index: usize| {
            forecast
                .weeks
                .get(index)
                .and_then(|week| week.expected.get(&eur))
                .copied()
        };
        assert_eq!(week(0), Some(money(dec!(50))));
        assert_eq!(week(1), Some(money(dec!(40))));
        assert_eq!(week(11), Some(money(dec!(50))));
        assert_eq!(forecast.later.get(&eur), Some(&money(dec!(60))));
        assert_eq!(forecast.disputed.get(&eur), Some(&money(dec!(70))));
        assert_eq!(forecast.total(eur), Ok(money(dec!(280))));
    }

    #[test]
    fn a_kept_plan_replaces_the_invoice_balance_by_its_installments() {
        let mut builder = Builder::new();
        let eur = Currency::Eur;
        let money = |amount| Money::new(amount, eur);
        let invoice = builder.invoice("2026-01-31", dec!(300), eur);
        let terms = PlanTerms::new(
            invoice,
            date("2026-02-10"),
            date("2026-03-09"),
            3,
            PlanPeriod::Weekly,
            InterestDuringPlan::Runs,
        );
        let plan = terms
            .map_err(|error| format!("{error:?}"))
            .and_then(|terms| {
                builder
                    .ledger
                    .agree_plan(terms)
                    .map_err(|error| format!("{error:?}"))
            });
        assert!(plan.is_ok(), "{plan:?}");
        builder.pay(invoice, "2026-03-05", dec!(50), eur);
        let forecast = CashForecast::as_of(&builder.ledger, date("2026-03-06"));
        let Ok(forecast) = forecast else {
            panic!("{forecast:?}")
        };
        let week = |index: usize| {
            forecast
                .weeks
                .get(index)
                .and_then(|week| week.expected.get(&eur))
                .copied()
        };
        assert_eq!(forecast.overdue_now.get(&eur), None);
        assert_eq!(week(1), Some(money(dec!(50)))); // 2026-03-09: 100 − 50 paid
        assert_eq!(week(2), Some(money(dec!(100))));
        assert_eq!(week(3), Some(money(dec!(100))));
        assert_eq!(forecast.under_plan, vec![invoice]);
        // Broken (first installment missed): back to the invoice's due date, overdue now.
        let forecast = CashForecast::as_of(&builder.ledger, date("2026-03-10"));
        assert_eq!(
            forecast.map(|forecast| forecast.overdue_now.get(&eur).copied()),
            Ok(Some(money(dec!(250))))
        );
    }
}
