//! What the dashboard shows, computed in one pass over the ledger: aging, the dunning ladder
//! (with today's actions) and every client's statistics. Each invoice's balance and plan
//! state are computed once and shared; the result equals the three reports computed apart.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::aging::{AgingBounds, AgingReport};
use super::dunning::{DunningPolicy, DunningReport, dunning_line};
use super::ids::ClientId;
use super::invoice::InvoiceStatus;
use super::ledger::{Ledger, entry_amounts};
use super::money::MoneyError;
use super::stats::{ClientStatistics, StatisticsBuilder};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dashboard {
    pub aging: AgingReport,
    pub dunning: DunningReport,
    pub statistics: BTreeMap<ClientId, ClientStatistics>,
}

impl Dashboard {
    pub fn as_of(
        ledger: &Ledger,
        bounds: &AgingBounds,
        policy: &DunningPolicy,
        as_of: NaiveDate,
    ) -> Result<Dashboard, MoneyError> {
        let mut aging = AgingReport::empty(bounds, as_of);
        let mut dunning = DunningReport {
            as_of,
            lines: Vec::new(),
        };
        let mut statistics = StatisticsBuilder::new(ledger, as_of);
        for entry in ledger.entries() {
            if entry.status() == InvoiceStatus::Draft {
                continue;
            }
            let balance = entry_amounts(entry, as_of)?;
            let plan = if entry.has_plans() {
                ledger.entry_plan_state(entry, as_of)?
            } else {
                None
            };
            aging.add_entry(entry, &balance, bounds)?;
            if let Some(line) = dunning_line(entry, &balance, plan.as_ref(), policy, as_of) {
                dunning.lines.push(line);
            }
            statistics.add_entry(entry, &balance, plan.as_ref())?;
        }
        Ok(Dashboard {
            aging,
            dunning,
            statistics: statistics.finish()?,
        })
    }
}
