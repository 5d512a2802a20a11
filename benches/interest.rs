//! Statutory interest benchmark (issue #10): 10,000 invoices over a 10-year span (20 half-year
//! rates), 3 partial payments each. Budget: ≤ 20 ms natively. Run `cargo bench --bench interest`;
//! figures are recorded in docs/performance.md.

use chrono::{Duration, NaiveDate};
use divan::{Bencher, black_box};
use relance::domain::interest::{
    InterestOptions, PaymentOrder, RateTables, Regime, SimulationInput, accrued_interest, simulate,
};
use relance::domain::money::{Currency, Money};
use rust_decimal::Decimal;

fn main() {
    divan::main();
}

const INVOICES: usize = 10_000;

/// Invoices due between 1 and 31 December 2015, simulated to 31 December 2025: 20 half-years of
/// ECB rates (`fr-b2b`), with payments about 2, 5 and 8 years in.
fn invoices(payment_order: PaymentOrder) -> Vec<SimulationInput> {
    let first_due = NaiveDate::from_ymd_opt(2015, 12, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    (0..INVOICES)
        .map(|index| {
            let offset = i64::try_from(index).unwrap_or(0);
            let due_date = first_due + Duration::days(offset % 31);
            let cents = 100_000 + (offset * 7_919) % 5_000_000;
            let principal = Money::new(Decimal::new(cents, 2), Currency::Eur);
            let part = Money::new(Decimal::new(cents / 5, 2), Currency::Eur);
            let payments = [730, 1_826, 2_922]
                .into_iter()
                .map(|days| (due_date + Duration::days(days + offset % 17), part))
                .collect();
            SimulationInput {
                regime: Regime::FrB2b,
                principal,
                due_date,
                end_date: end,
                payments,
                options: InterestOptions {
                    payment_order,
                    ..InterestOptions::default()
                },
            }
        })
        .collect()
}

/// The Simulator's path: the full breakdown (about 24 periods per invoice), flags included.
#[divan::bench(sample_count = 30)]
fn simulate_10_000_invoices(bencher: Bencher) {
    let tables = RateTables::builtin();
    let inputs = invoices(PaymentOrder::PrincipalFirst);
    bencher.bench(|| {
        for input in &inputs {
            let _ = black_box(simulate(black_box(input), &tables));
        }
    });
}

/// The dashboard's path: totals only.
#[divan::bench(sample_count = 30)]
fn accrued_interest_10_000_invoices(bencher: Bencher) {
    let tables = RateTables::builtin();
    let inputs = invoices(PaymentOrder::PrincipalFirst);
    bencher.bench(|| {
        for input in &inputs {
            let _ = black_box(accrued_interest(black_box(input), &tables));
        }
    });
}

/// The legal order of application (costs, interest, principal) costs about the same.
#[divan::bench(sample_count = 30)]
fn simulate_10_000_invoices_legal_order(bencher: Bencher) {
    let tables = RateTables::builtin();
    let inputs = invoices(PaymentOrder::LegalOrder);
    bencher.bench(|| {
        for input in &inputs {
            let _ = black_box(simulate(black_box(input), &tables));
        }
    });
}
