//! Client statistics and a risk grade from transparent rules.
//!
//! Definitions (as of a date D):
//! - open and open overdue amounts: per currency, over sent and disputed invoices;
//! - DSO (days sales outstanding), per currency: open receivables ÷ amounts invoiced in the
//!   90 days up to D × 90, to one decimal; absent when nothing was invoiced in that window;
//! - paid invoices: fully settled by D with at least one payment; days late = settlement
//!   date − due date, counted as 0 when paid on time; on-time share = paid on or before the
//!   due date ÷ paid invoices;
//! - the grade, the first rule that matches:
//!   E: an open invoice more than 90 days overdue, or an invoice written off;
//!   D: an open invoice 61–90 days overdue, or a broken payment plan;
//!   C: an open invoice 31–60 days overdue, or fewer than 50 % of invoices paid on time;
//!   B: an open invoice 1–30 days overdue, fewer than 90 % paid on time, or a disputed invoice;
//!   A: otherwise (no overdue, at least 90 % on time, or no history yet).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calendar::{add_days, days_from};
use super::ids::ClientId;
use super::invoice::InvoiceStatus;
use super::ledger::{InvoiceBalance, InvoiceEntry, Ledger, add_to, entry_amounts, settlement_date};
use super::money::{Currency, Money, MoneyError, ROUNDING};
use super::plan::{PlanState, PlanStatus};
use crate::i18n::{Describe, Lang};

/// The DSO window, in days.
pub const DSO_WINDOW_DAYS: u32 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskGrade {
    A,
    B,
    C,
    D,
    E,
}

impl RiskGrade {
    pub fn letter(self) -> char {
        match self {
            RiskGrade::A => 'A',
            RiskGrade::B => 'B',
            RiskGrade::C => 'C',
            RiskGrade::D => 'D',
            RiskGrade::E => 'E',
        }
    }
}

/// Why a client has its grade: one sentence for the UI (see [`Describe`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiskReason {
    /// E.
    SeverelyOverdue { days: i64 },
    /// E.
    WrittenOff { count: u32 },
    /// D.
    LongOverdue { days: i64 },
    /// D.
    BrokenPlan,
    /// C.
    Overdue { days: i64 },
    /// C.
    OftenLate { on_time: u32, paid: u32 },
    /// B.
    SlightlyOverdue { days: i64 },
    /// B.
    SometimesLate { on_time: u32, paid: u32 },
    /// B.
    Disputed { count: u32 },
    /// A.
    PaysOnTime { on_time: u32, paid: u32 },
    /// A.
    NoHistory,
}

impl RiskReason {
    pub fn grade(self) -> RiskGrade {
        use RiskReason::*;
        match self {
            SeverelyOverdue { .. } | WrittenOff { .. } => RiskGrade::E,
            LongOverdue { .. } | BrokenPlan => RiskGrade::D,
            Overdue { .. } | OftenLate { .. } => RiskGrade::C,
            SlightlyOverdue { .. } | SometimesLate { .. } | Disputed { .. } => RiskGrade::B,
            PaysOnTime { .. } | NoHistory => RiskGrade::A,
        }
    }
}

impl Describe for RiskReason {
    fn describe(&self, lang: Lang) -> String {
        use RiskReason::*;
        let grade = self.grade().letter();
        match (self, lang) {
            (SeverelyOverdue { days }, Lang::Fr) => format!(
                "Note {grade} : une facture est impayée depuis {days} jours après l'échéance (plus de 90 jours)."
            ),
            (SeverelyOverdue { days }, Lang::En) => {
                format!("Grade {grade}: an invoice is {days} days overdue (more than 90 days).")
            }
            (WrittenOff { count }, Lang::Fr) => {
                format!("Note {grade} : {count} facture(s) de ce client ont été passées en perte.")
            }
            (WrittenOff { count }, Lang::En) => {
                format!("Grade {grade}: {count} invoice(s) of this client were written off.")
            }
            (LongOverdue { days }, Lang::Fr) => {
                format!("Note {grade} : une facture est en retard de {days} jours (61 à 90 jours).")
            }
            (LongOverdue { days }, Lang::En) => {
                format!("Grade {grade}: an invoice is {days} days overdue (61 to 90 days).")
            }
            (BrokenPlan, Lang::Fr) => {
                format!("Note {grade} : le client n'a pas respecté un échéancier de paiement.")
            }
            (BrokenPlan, Lang::En) => {
                format!("Grade {grade}: the client missed an installment of a payment plan.")
            }
            (Overdue { days }, Lang::Fr) => {
                format!("Note {grade} : une facture est en retard de {days} jours (31 à 60 jours).")
            }
            (Overdue { days }, Lang::En) => {
                format!("Grade {grade}: an invoice is {days} days overdue (31 to 60 days).")
            }
            (OftenLate { on_time, paid }, Lang::Fr) => format!(
                "Note {grade} : seulement {on_time} facture(s) sur {paid} payée(s) à l'échéance (moins de la moitié)."
            ),
            (OftenLate { on_time, paid }, Lang::En) => format!(
                "Grade {grade}: only {on_time} of {paid} invoice(s) paid by the due date (less than half)."
            ),
            (SlightlyOverdue { days }, Lang::Fr) => format!(
                "Note {grade} : une facture est en retard de {days} jour(s) (30 jours au plus)."
            ),
            (SlightlyOverdue { days }, Lang::En) => {
                format!("Grade {grade}: an invoice is {days} day(s) overdue (30 days at most).")
            }
            (SometimesLate { on_time, paid }, Lang::Fr) => format!(
                "Note {grade} : {on_time} facture(s) sur {paid} payée(s) à l'échéance (moins de 90 %)."
            ),
            (SometimesLate { on_time, paid }, Lang::En) => format!(
                "Grade {grade}: {on_time} of {paid} invoice(s) paid by the due date (less than 90 %)."
            ),
            (Disputed { count }, Lang::Fr) => {
                format!("Note {grade} : {count} facture(s) contestée(s) en cours.")
            }
            (Disputed { count }, Lang::En) => {
                format!("Grade {grade}: {count} invoice(s) under dispute.")
            }
            (PaysOnTime { on_time, paid }, Lang::Fr) => format!(
                "Note {grade} : aucun retard en cours et {on_time} facture(s) sur {paid} payée(s) à l'échéance."
            ),
            (PaysOnTime { on_time, paid }, Lang::En) => format!(
                "Grade {grade}: nothing overdue and {on_time} of {paid} invoice(s) paid by the due date."
            ),
            (NoHistory, Lang::Fr) => format!(
                "Note {grade} : aucun retard en cours et pas encore d'historique de paiement."
            ),
            (NoHistory, Lang::En) => {
                format!("Grade {grade}: nothing overdue and no payment history yet.")
            }
        }
    }
}

/// A client's statistics as of a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientStatistics {
    pub client: ClientId,
    /// Open receivables per currency.
    pub open: BTreeMap<Currency, Money>,
    /// The overdue part of `open`.
    pub open_overdue: BTreeMap<Currency, Money>,
    /// Days sales outstanding per currency (only currencies invoiced in the window).
    pub dso_days: BTreeMap<Currency, Decimal>,
    pub paid_invoices: u32,
    pub paid_on_time: u32,
    /// `None` without paid invoices.
    pub on_time_percent: Option<Decimal>,
    pub average_days_late: Option<Decimal>,
    pub worst_days_late: Option<i64>,
    /// The most days past due among open invoices (0 when none is overdue).
    pub worst_days_overdue: i64,
    pub written_off: u32,
    pub disputed: u32,
    pub broken_plans: u32,
    pub grade: RiskGrade,
    pub reason: RiskReason,
}

#[derive(Default)]
struct Accumulator {
    open: BTreeMap<Currency, Money>,
    open_overdue: BTreeMap<Currency, Money>,
    invoiced_in_window: BTreeMap<Currency, Money>,
    paid_invoices: u32,
    paid_on_time: u32,
    total_days_late: i64,
    worst_days_late: Option<i64>,
    worst_days_overdue: i64,
    written_off: u32,
    disputed: u32,
    broken_plans: u32,
}

fn one_decimal(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(1, ROUNDING)
}

impl Accumulator {
    fn finish(self, client: ClientId) -> Result<ClientStatistics, MoneyError> {
        let mut dso_days = BTreeMap::new();
        for (currency, invoiced) in &self.invoiced_in_window {
            if !invoiced.is_positive() {
                continue;
            }
            let open = self
                .open
                .get(currency)
                .map_or(Decimal::ZERO, |open| open.amount());
            let dso = open
                .checked_mul(Decimal::from(DSO_WINDOW_DAYS))
                .and_then(|scaled| scaled.checked_div(invoiced.amount()))
                .ok_or(MoneyError::Overflow)?;
            dso_days.insert(*currency, one_decimal(dso));
        }
        let ratio = |numerator: i64, denominator: u32| {
            (denominator > 0)
                .then(|| Decimal::from(numerator).checked_div(Decimal::from(denominator)))
                .flatten()
                .map(one_decimal)
        };
        let on_time_percent = ratio(
            i64::from(self.paid_on_time).saturating_mul(100),
            self.paid_invoices,
        );
        let average_days_late = ratio(self.total_days_late, self.paid_invoices);

        let (paid, on_time, worst) = (
            self.paid_invoices,
            self.paid_on_time,
            self.worst_days_overdue,
        );
        // Shares compared in whole numbers: on_time / paid < 90 % ⇔ 10 × on_time < 9 × paid.
        let below = |percent: u64| u64::from(on_time) * 100 < percent * u64::from(paid);
        let reason = if worst > 90 {
            RiskReason::SeverelyOverdue { days: worst }
        } else if self.written_off > 0 {
            RiskReason::WrittenOff {
                count: self.written_off,
            }
        } else if worst > 60 {
            RiskReason::LongOverdue { days: worst }
        } else if self.broken_plans > 0 {
            RiskReason::BrokenPlan
        } else if worst > 30 {
            RiskReason::Overdue { days: worst }
        } else if paid > 0 && below(50) {
            RiskReason::OftenLate { on_time, paid }
        } else if worst > 0 {
            RiskReason::SlightlyOverdue { days: worst }
        } else if paid > 0 && below(90) {
            RiskReason::SometimesLate { on_time, paid }
        } else if self.disputed > 0 {
            RiskReason::Disputed {
                count: self.disputed,
            }
        } else if paid > 0 {
            RiskReason::PaysOnTime { on_time, paid }
        } else {
            RiskReason::NoHistory
        };
        Ok(ClientStatistics {
            client,
            open: self.open,
            open_overdue: self.open_overdue,
            dso_days,
            paid_invoices: paid,
            paid_on_time: on_time,
            on_time_percent,
            average_days_late,
            worst_days_late: self.worst_days_late,
            worst_days_overdue: worst,
            written_off: self.written_off,
            disputed: self.disputed,
            broken_plans: self.broken_plans,
            grade: reason.grade(),
            reason,
        })
    }
}

/// Statistics being gathered for every client, one invoice at a time.
pub(crate) struct StatisticsBuilder {
    as_of: NaiveDate,
    window_start: Option<NaiveDate>,
    accumulators: BTreeMap<ClientId, Accumulator>,
}

impl StatisticsBuilder {
    pub(crate) fn new(ledger: &Ledger, as_of: NaiveDate) -> StatisticsBuilder {
        StatisticsBuilder {
            as_of,
            window_start: add_days(as_of, -i64::from(DSO_WINDOW_DAYS)),
            accumulators: ledger
                .clients()
                .map(|client| (client.id(), Accumulator::default()))
                .collect(),
        }
    }

    /// Adds one invoice, given its balance (settlement date not needed) and current plan
    /// state as of the date.
    pub(crate) fn add_entry(
        &mut self,
        entry: &InvoiceEntry,
        balance: &InvoiceBalance,
        plan: Option<&PlanState>,
    ) -> Result<(), MoneyError> {
        let as_of = self.as_of;
        let invoice = entry;
        let status = invoice.status();
        if status == InvoiceStatus::Draft || invoice.issue_date() > as_of {
            return Ok(());
        }
        let accumulator = self.accumulators.entry(invoice.client()).or_default();
        if status == InvoiceStatus::WrittenOff {
            accumulator.written_off = accumulator.written_off.saturating_add(1);
            return Ok(());
        }
        if self
            .window_start
            .is_none_or(|start| invoice.issue_date() > start)
        {
            add_to(&mut accumulator.invoiced_in_window, invoice.gross())?;
        }
        if balance.open.is_positive() {
            add_to(&mut accumulator.open, balance.open)?;
            let days_past_due = days_from(invoice.due_date(), as_of);
            if days_past_due > 0 {
                add_to(&mut accumulator.open_overdue, balance.open)?;
                accumulator.worst_days_overdue = accumulator.worst_days_overdue.max(days_past_due);
            }
            if status == InvoiceStatus::Disputed {
                accumulator.disputed = accumulator.disputed.saturating_add(1);
            }
        } else if balance.paid.is_positive()
            && let Some(settled_on) = settlement_date(entry, as_of)?
        {
            let days_late = days_from(invoice.due_date(), settled_on).max(0);
            accumulator.paid_invoices = accumulator.paid_invoices.saturating_add(1);
            if days_late == 0 {
                accumulator.paid_on_time = accumulator.paid_on_time.saturating_add(1);
            }
            accumulator.total_days_late = accumulator.total_days_late.saturating_add(days_late);
            accumulator.worst_days_late = Some(
                accumulator
                    .worst_days_late
                    .map_or(days_late, |worst| worst.max(days_late)),
            );
        }
        if plan.is_some_and(|plan| matches!(plan.status, PlanStatus::Broken { .. })) {
            accumulator.broken_plans = accumulator.broken_plans.saturating_add(1);
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<BTreeMap<ClientId, ClientStatistics>, MoneyError> {
        self.accumulators
            .into_iter()
            .map(|(client, accumulator)| {
                accumulator
                    .finish(client)
                    .map(|statistics| (client, statistics))
            })
            .collect()
    }
}

impl ClientStatistics {
    /// Statistics for every client of the ledger (clients without invoices get grade A,
    /// no history), in one pass over the invoices.
    pub fn for_all(
        ledger: &Ledger,
        as_of: NaiveDate,
    ) -> Result<BTreeMap<ClientId, ClientStatistics>, MoneyError> {
        let mut builder = StatisticsBuilder::new(ledger, as_of);
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
            builder.add_entry(entry, &balance, plan.as_ref())?;
        }
        builder.finish()
    }

    /// Statistics for one client.
    pub fn for_client(
        ledger: &Ledger,
        client: ClientId,
        as_of: NaiveDate,
    ) -> Result<Option<ClientStatistics>, MoneyError> {
        Ok(ClientStatistics::for_all(ledger, as_of)?.remove(&client))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::tests::Builder;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[test]
    fn statistics_on_a_hand_checked_example() {
        let mut builder = Builder::new();
        let eur = Currency::Eur;
        // Issued 2025-01-01 (outside the DSO window as of 2026-03-31).
        let on_time = builder.invoice("2026-01-10", dec!(1000), eur);
        builder.pay(on_time, "2026-01-10", dec!(1000), eur); // day 0: on time
        let late_12 = builder.invoice("2026-01-20", dec!(500), eur);
        builder.pay(late_12, "2026-01-25", dec!(200), eur);
        builder.pay(late_12, "2026-02-01", dec!(300), eur); // settled 12 days late
        let late_30 = builder.invoice("2026-02-01", dec!(300), eur);
        builder.pay(late_30, "2026-03-03", dec!(300), eur); // 30 days late
        let open = builder.invoice("2026-03-01", dec!(800), eur); // 30 days overdue as of 03-31
        builder.pay(open, "2026-03-10", dec!(100), eur);
        let not_due = builder.invoice("2026-04-30", dec!(400), eur);
        let _ = not_due;
        let statistics =
            ClientStatistics::for_client(&builder.ledger, builder.client, date("2026-03-31"));
        let Ok(Some(statistics)) = statistics else {
            panic!("{statistics:?}")
        };
        let money = |amount| Money::new(amount, eur);
        assert_eq!(statistics.open.get(&eur), Some(&money(dec!(1100))));
        assert_eq!(statistics.open_overdue.get(&eur), Some(&money(dec!(700))));
        assert_eq!(statistics.paid_invoices, 3);
        assert_eq!(statistics.paid_on_time, 1);
        assert_eq!(statistics.on_time_percent, Some(dec!(33.3)));
        assert_eq!(statistics.average_days_late, Some(dec!(14.0))); // (0 + 12 + 30) / 3
        assert_eq!(statistics.worst_days_late, Some(30));
        assert_eq!(statistics.worst_days_overdue, 30);
        // Nothing invoiced in the window (all issued 2025-01-01): no DSO.
        assert!(statistics.dso_days.is_empty());
        // 30 days overdue alone would be B, but 1 of 3 on time is below half: C.
        assert_eq!(
            statistics.reason,
            RiskReason::OftenLate {
                on_time: 1,
                paid: 3
            }
        );
        assert_eq!(statistics.grade, RiskGrade::C);
        assert_eq!(
            statistics.reason.describe(Lang::En),
            "Grade C: only 1 of 3 invoice(s) paid by the due date (less than half)."
        );
    }

    #[track_caller]
    fn grade_with(setup: impl FnOnce(&mut Builder), as_of: &str) -> RiskReason {
        let mut builder = Builder::new();
        setup(&mut builder);
        match ClientStatistics::for_client(&builder.ledger, builder.client, date(as_of)) {
            Ok(Some(statistics)) => statistics.reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_grade_has_its_rule() {
        let eur = Currency::Eur;
        assert_eq!(grade_with(|_| {}, "2026-03-31"), RiskReason::NoHistory);
        let overdue = |days_due: &'static str| {
            move |builder: &mut Builder| {
                builder.invoice(days_due, dec!(100), eur);
            }
        };
        assert_eq!(
            grade_with(overdue("2026-03-30"), "2026-03-31"),
            RiskReason::SlightlyOverdue { days: 1 }
        );
        assert_eq!(
            grade_with(overdue("2026-03-01"), "2026-03-31"),
            RiskReason::SlightlyOverdue { days: 30 }
        );
        assert_eq!(
            grade_with(overdue("2026-02-28"), "2026-03-31"),
            RiskReason::Overdue { days: 31 }
        );
        assert_eq!(
            grade_with(overdue("2026-01-30"), "2026-03-31"),
            RiskReason::Overdue { days: 60 }
        );
        assert_eq!(
            grade_with(overdue("2026-01-29"), "2026-03-31"),
            RiskReason::LongOverdue { days: 61 }
        );
        assert_eq!(
            grade_with(overdue("2025-12-31"), "2026-03-31"),
            RiskReason::LongOverdue { days: 90 }
        );
        assert_eq!(
            grade_with(overdue("2025-12-30"), "2026-03-31"),
            RiskReason::SeverelyOverdue { days: 91 }
        );
        let written_off = |builder: &mut Builder| {
            let id = builder.invoice("2026-03-31", dec!(100), eur);
            assert!(
                builder
                    .ledger
                    .set_status(id, InvoiceStatus::WrittenOff)
                    .is_ok()
            );
        };
        assert_eq!(
            grade_with(written_off, "2026-03-31"),
            RiskReason::WrittenOff { count: 1 }
        );
        let disputed = |builder: &mut Builder| {
            let id = builder.invoice("2026-04-30", dec!(100), eur);
            assert!(
                builder
                    .ledger
                    .set_status(id, InvoiceStatus::Disputed)
                    .is_ok()
            );
        };
        assert_eq!(
            grade_with(disputed, "2026-03-31"),
            RiskReason::Disputed { count: 1 }
        );
        let good_payer = |builder: &mut Builder| {
            for _ in 0..9 {
                let id = builder.invoice("2026-02-01", dec!(100), eur);
                builder.pay(id, "2026-01-31", dec!(100), eur);
            }
            let id = builder.invoice("2026-02-01", dec!(100), eur);
            builder.pay(id, "2026-02-10", dec!(100), eur);
        };
        assert_eq!(
            grade_with(good_payer, "2026-03-31"),
            RiskReason::PaysOnTime {
                on_time: 9,
                paid: 10
            }
        );
        let sometimes_late = |builder: &mut Builder| {
            for late in [false, false, true] {
                let id = builder.invoice("2026-02-01", dec!(100), eur);
                builder.pay(
                    id,
                    if late { "2026-02-02" } else { "2026-02-01" },
                    dec!(100),
                    eur,
                );
            }
        };
        assert_eq!(
            grade_with(sometimes_late, "2026-03-31"),
            RiskReason::SometimesLate {
                on_time: 2,
                paid: 3
            }
        );
    }

    #[test]
    fn dso_counts_the_last_90_days_of_sales() {
        let mut builder = Builder::new();
        let eur = Currency::Eur;
        // Issue date 2025-01-01 for the builder's invoices; as of 2025-03-01 they are in the window.
        builder.invoice("2025-01-31", dec!(1000), eur);
        let paid = builder.invoice("2025-01-31", dec!(1000), eur);
        builder.pay(paid, "2025-01-20", dec!(1000), eur);
        let statistics =
            ClientStatistics::for_client(&builder.ledger, builder.client, date("2025-03-01"));
        let Ok(Some(statistics)) = statistics else {
            panic!("{statistics:?}")
        };
        // 1000 open ÷ 2000 invoiced × 90 = 45.
        assert_eq!(statistics.dso_days.get(&eur), Some(&dec!(45.0)));
    }
}
