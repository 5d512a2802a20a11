//! Whether anything is owed: the rule "an invoice paid in full by its due date owes nothing;
//! the compensation is owed once per invoice paid late".

use chrono::NaiveDate;

use super::breakdown::Lateness;
use super::error::{SimulationError, overflow};
use super::input::SimulationInput;
use crate::domain::interest::flags::Flag;
use crate::domain::interest::regime::{CompensationRule, Regime};
use crate::domain::money::Money;

/// What the invoice owes besides interest, and whether interest runs at all.
pub(super) struct Owing {
    pub(super) lateness: Lateness,
    /// Zero when the invoice is not late.
    pub(super) compensation: Money,
    pub(super) compensation_rule: CompensationRule,
}

impl Owing {
    /// Whether interest runs (and the compensation is owed).
    pub(super) fn late(&self) -> bool {
        self.lateness == Lateness::Late
    }
}

/// Whether the invoice is late and the compensation it owes; `payments` (those after the end
/// date left out) and `principal` in minor units.
pub(super) fn assess(
    input: &SimulationInput,
    payments: &[(NaiveDate, i128)],
    principal: i128,
    flags: &mut Vec<Flag>,
) -> Result<Owing, SimulationError> {
    let lateness = lateness(input.due_date, input.end_date, payments, principal)?;
    let compensation_rule = input.regime.compensation_rule();
    let compensation = compensation(input, compensation_rule, lateness == Lateness::Late, flags);
    Ok(Owing {
        lateness,
        compensation,
        compensation_rule,
    })
}

/// Whether the invoice was late at the end date: not yet due (the end date on or before the
/// due date), paid on time (the payments received by the due date cover the principal), or
/// late. `payments` in minor units, like `principal`.
fn lateness(
    due_date: NaiveDate,
    end_date: NaiveDate,
    payments: &[(NaiveDate, i128)],
    principal: i128,
) -> Result<Lateness, SimulationError> {
    let mut paid_by_due_date: i128 = 0;
    for (date, amount) in payments {
        if *date <= due_date {
            paid_by_due_date = paid_by_due_date.checked_add(*amount).ok_or_else(overflow)?;
        }
    }
    Ok(if end_date <= due_date {
        Lateness::NotYetDue
    } else if paid_by_due_date >= principal {
        Lateness::PaidOnTime
    } else {
        Lateness::Late
    })
}

/// The fixed compensation: the amount of the regime's `rule` (or the agreed one, `fixed`) when
/// the invoice is late, nothing otherwise; flagged when charged in another currency than the
/// statute's.
fn compensation(
    input: &SimulationInput,
    rule: CompensationRule,
    late: bool,
    flags: &mut Vec<Flag>,
) -> Money {
    let currency = input.principal.currency();
    let agreed = match &input.regime {
        Regime::Fixed { compensation, .. } => *compensation,
        _ => None,
    };
    let compensation = if late {
        rule.amount(input.principal, agreed)
    } else {
        Money::zero(currency)
    };
    if let Some(statutory) = rule.statutory_currency()
        && late
        && statutory != currency
    {
        flags.push(Flag::CompensationCurrency {
            statutory,
            charged: compensation,
        });
    }
    compensation
}
