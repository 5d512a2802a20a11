//! Domain core benchmark (issue #3): aging + dunning ladder + client statistics together,
//! over generated ledgers of 10k, 100k and 1M invoices with payments, credit notes, contact
//! logs and a few payment plans.
//!
//! Run: `cargo bench --bench ledger`. The generator is deterministic (a linear congruential
//! generator, no `rand`), so every run measures the same ledgers.

use std::hint::black_box;

use chrono::NaiveDate;
use divan::Bencher;
use relance::domain::{
    AdjustmentDetails, AdjustmentKind, AgingBounds, AgingReport, Channel, ClientDetails, ClientId,
    ClientKind, ClientStatistics, ContactDetails, Country, Currency, Dashboard, DueRule,
    DunningPolicy, DunningReport, InterestDuringPlan, InvoiceAmount, InvoiceDetails, InvoiceStatus,
    Ledger, Money, PaymentDetails, PaymentMethod, PaymentTerms, PenaltyClause, PlanPeriod,
    PlanTerms, StepKind,
};
use rust_decimal::Decimal;

// The generator shared with benches/storage.rs (its realistic ledger is not used here).
#[allow(dead_code)]
#[path = "support/realistic.rs"]
mod realistic;

use realistic::{Lcg, plus_days};

fn main() {
    divan::main();
}

const INVOICES_PER_CLIENT: usize = 50;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or(NaiveDate::MIN)
}

/// A ledger of `invoices` invoices over two years before `as_of()`: about 60 % paid (a third
/// of those late), 15 % partly paid, 3 % with a credit note, 40 % with one or two dunning
/// contacts, 2 % disputed, 1 % written off, 1 % under a payment plan.
fn generate(invoices: usize) -> Ledger {
    let mut random = Lcg(0x5eed);
    let mut ledger = Ledger::new();
    let clients: Vec<ClientId> = (0..invoices.div_ceil(INVOICES_PER_CLIENT))
        .filter_map(|index| {
            let kind = if index % 5 == 0 {
                ClientKind::Consumer
            } else {
                ClientKind::Business
            };
            let details = ClientDetails::new(&format!("Client {index}"), Country::FR, kind).ok()?;
            ledger.add_client(details).ok()
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap_or(NaiveDate::MIN);
    let terms = [
        PaymentTerms::new(DueRule::Net { days: 30 }, None),
        PaymentTerms::new(DueRule::Net { days: 60 }, None),
        PaymentTerms::new(DueRule::DaysThenEndOfMonth { days: 45 }, None),
        PaymentTerms::new(DueRule::EndOfMonthThenDays { days: 30 }, None),
        Ok(PaymentTerms::on_receipt()),
    ];
    for index in 0..invoices {
        let Some(&client) = clients.get(index / INVOICES_PER_CLIENT) else {
            continue;
        };
        let issue = plus_days(start, random.below(730));
        let cents = 10_000 + random.below(1_000_000);
        let Ok(amount) = InvoiceAmount::from_net(
            Money::new(
                Decimal::new(i64::try_from(cents).unwrap_or(1), 2),
                Currency::Eur,
            ),
            Decimal::from(20),
        ) else {
            continue;
        };
        let Some(Ok(terms)) = terms.get(index % terms.len()).cloned() else {
            continue;
        };
        let Ok(details) = InvoiceDetails::new(
            &format!("F-{index:07}"),
            client,
            issue,
            amount,
            terms,
            None,
            PenaltyClause::FrB2b,
        ) else {
            continue;
        };
        let due = details.due_date();
        let gross = details.gross();
        let roll = random.below(100);
        let status = match roll {
            0 => InvoiceStatus::WrittenOff,
            1 | 2 => InvoiceStatus::Disputed,
            _ => InvoiceStatus::Sent,
        };
        let Ok(invoice) = ledger.add_invoice(details, status) else {
            continue;
        };
        let pay = |ledger: &mut Ledger, date: NaiveDate, amount: Money| {
            if let Ok(payment) =
                PaymentDetails::new(invoice, date, amount, PaymentMethod::BankTransfer, "VIR")
            {
                let _ = ledger.record_payment(payment);
            }
        };
        let paid_roll = random.below(100);
        if paid_roll < 60 {
            let delay = if paid_roll < 20 { random.below(90) } else { 0 };
            pay(&mut ledger, plus_days(due, delay), gross);
        } else if paid_roll < 75 {
            if let Ok(half) = gross.checked_mul(Decimal::new(5, 1)) {
                pay(&mut ledger, plus_days(issue, random.below(60)), half);
            }
        } else if paid_roll < 78
            && let Ok(note) = gross.checked_mul(Decimal::new(1, 1))
            && let Ok(adjustment) = AdjustmentDetails::new(
                invoice,
                AdjustmentKind::CreditNote,
                plus_days(issue, 10),
                note,
                "Remise",
            )
        {
            let _ = ledger.add_adjustment(adjustment);
        }
        if random.below(100) < 40 {
            let steps = [
                (StepKind::Courtesy, 0),
                (StepKind::FirstReminder, 1),
                (StepKind::SecondReminder, 15),
            ];
            for (kind, offset) in steps.iter().take(1 + (random.below(2) as usize)) {
                if let Ok(contact) = ContactDetails::new(
                    client,
                    plus_days(due, *offset),
                    Channel::Email,
                    "Relance",
                    vec![invoice],
                    Some(*kind),
                ) {
                    let _ = ledger.log_contact(contact);
                }
            }
        }
        if random.below(100) == 0
            && let Ok(plan) = PlanTerms::new(
                invoice,
                plus_days(due, 20),
                plus_days(due, 30),
                6,
                PlanPeriod::Monthly,
                InterestDuringPlan::Frozen,
            )
        {
            let _ = ledger.agree_plan(plan);
        }
    }
    ledger
}

/// What the dashboard computes on every change, in one pass: aging, the next dunning action
/// of every open invoice (and today's list), and every client's statistics.
fn dashboard(ledger: &Ledger, bounds: &AgingBounds, policy: &DunningPolicy) -> usize {
    Dashboard::as_of(ledger, bounds, policy, as_of()).map_or(0, |dashboard| {
        dashboard.aging.lines.len()
            + dashboard.dunning.due_today().len()
            + dashboard.statistics.len()
    })
}

#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10, sample_size = 1)]
fn aging_dunning_and_statistics(bencher: Bencher, invoices: usize) {
    let ledger = generate(invoices);
    let bounds = AgingBounds::default();
    let policy = DunningPolicy::default();
    bencher.bench(|| dashboard(black_box(&ledger), &bounds, &policy));
}

#[divan::bench(args = [100_000], sample_count = 10, sample_size = 1)]
fn aging_only(bencher: Bencher, invoices: usize) {
    let ledger = generate(invoices);
    let bounds = AgingBounds::default();
    bencher
        .bench(|| AgingReport::as_of(black_box(&ledger), &bounds, as_of()).map(|r| r.lines.len()));
}

#[divan::bench(args = [100_000], sample_count = 10, sample_size = 1)]
fn dunning_only(bencher: Bencher, invoices: usize) {
    let ledger = generate(invoices);
    let policy = DunningPolicy::default();
    bencher.bench(|| {
        DunningReport::as_of(black_box(&ledger), &policy, as_of()).map(|r| r.lines.len())
    });
}

#[divan::bench(args = [100_000], sample_count = 10, sample_size = 1)]
fn statistics_only(bencher: Bencher, invoices: usize) {
    let ledger = generate(invoices);
    bencher.bench(|| ClientStatistics::for_all(black_box(&ledger), as_of()).map(|all| all.len()));
}
