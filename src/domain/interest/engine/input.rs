//! What a run is given: the debt to simulate ([`SimulationInput`], plain data) and what to keep
//! besides the totals ([`Detail`]).

use chrono::NaiveDate;

use crate::domain::interest::options::InterestOptions;
use crate::domain::interest::regime::Regime;
use crate::domain::money::Money;

/// What to simulate: plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulationInput {
    pub regime: Regime,
    /// The amount of the invoice as owed (VAT included).
    pub principal: Money,
    pub due_date: NaiveDate,
    /// The last day bearing interest (the payment date, or the simulation date).
    pub end_date: NaiveDate,
    /// Partial payments, in any order: (day received, amount).
    pub payments: Vec<(NaiveDate, Money)>,
    pub options: InterestOptions,
}

/// What a run keeps besides the totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Every period, rate reading and payment allocation: the breakdown (`simulate`).
    Breakdown,
    /// The totals only: the dashboard's fast path (`accrued_interest`).
    TotalsOnly,
}
