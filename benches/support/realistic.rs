//! Deterministic generators shared by the benchmarks and the tests, so that a figure in
//! docs/performance.md and the test that guards it measure the same ledger: Knuth's linear
//! congruential generator (no `rand`), and the "realistic" ledger of the persistence
//! benchmark (benches/storage.rs) and size test (tests/it/storage_schema.rs).
//!
//! Included with `#[path]` by each of them (benches and tests are separate crates).

use chrono::NaiveDate;
use relance::domain::{
    Channel, ClientDetails, ClientId, ClientKind, ContactDetails, Country, Currency, DueRule,
    InvoiceAmount, InvoiceDetails, InvoiceStatus, Ledger, Money, PaymentDetails, PaymentMethod,
    PaymentTerms, PenaltyClause, StepKind,
};
use rust_decimal::Decimal;

/// Knuth's MMIX linear congruential generator.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(index).copied().unwrap_or("")
    }
}

pub const INVOICES_PER_CLIENT: usize = 50;

pub fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(chrono::Days::new(days))
        .unwrap_or(date)
}

/// A contact note of 1–3 lines, about 40 characters in all.
fn note(random: &mut Lcg) -> String {
    const ONE: [&str; 6] = [
        "Relance par e-mail, promesse de virement",
        "Appel au service comptable : facture reçue",
        "Message laissé, rappel prévu jeudi matin",
        "Litige sur la quantité livrée, avoir demandé",
        "Mise en demeure envoyée en recommandé AR",
        "Le client conteste les pénalités de retard",
    ];
    const TWO: [&str; 6] = [
        "Appel au standard.",
        "Promet un virement.",
        "Demande le RIB à jour.",
        "Paiement fin du mois.",
        "Comptable absente.",
        "Relance écrite faite.",
    ];
    const THREE: [&str; 5] = [
        "Appel.",
        "Pas de réponse.",
        "Rappeler lundi.",
        "Accord oral.",
        "Chèque annoncé.",
    ];
    match random.below(3) {
        0 => random.pick(&ONE).to_string(),
        1 => format!("{}\n{}", random.pick(&TWO), random.pick(&TWO)),
        _ => format!(
            "{}\n{}\n{}",
            random.pick(&THREE),
            random.pick(&THREE),
            random.pick(&THREE)
        ),
    }
}

/// `invoices` invoices over two years, 50 per client, each with two payments and three
/// contact-log entries (the dunning steps, notes of 1–3 lines, about 40 characters), amounts
/// in euros with 20 % VAT.
pub fn realistic_ledger(invoices: usize) -> Ledger {
    let mut random = Lcg(0x5eed);
    let mut ledger = Ledger::new();
    let names = [
        "Société Générale de Négoce",
        "Boulangerie Lefèvre",
        "Atelier Müller & Fils",
        "Transports Dubois SARL",
        "Cabinet Hervé Martin",
    ];
    let clients: Vec<ClientId> = (0..invoices.div_ceil(INVOICES_PER_CLIENT))
        .filter_map(|index| {
            let kind = if index % 5 == 0 {
                ClientKind::Consumer
            } else {
                ClientKind::Business
            };
            let name = names.get(index % names.len()).copied().unwrap_or("Client");
            let details = ClientDetails::new(&format!("{name} {index}"), Country::FR, kind).ok()?;
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
    let steps = [
        (StepKind::Courtesy, Channel::Email),
        (StepKind::FirstReminder, Channel::Phone),
        (StepKind::SecondReminder, Channel::Letter),
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
        let number = format!(
            "F-{}-{:05}",
            2024 + u64::try_from(index).unwrap_or(0) * 2 / invoices.max(1) as u64,
            index + 1
        );
        let Ok(details) = InvoiceDetails::new(
            &number,
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
        let Ok(invoice) = ledger.add_invoice(details, InvoiceStatus::Sent) else {
            continue;
        };
        for (offset, (step, channel)) in (0u64..).zip(steps) {
            let text = note(&mut random);
            if let Ok(contact) = ContactDetails::new(
                client,
                plus_days(due, offset * 10),
                channel,
                &text,
                vec![invoice],
                Some(step),
            ) {
                let _ = ledger.log_contact(contact);
            }
        }
        let Ok(first) = gross.checked_mul(Decimal::new(4, 1)) else {
            continue;
        };
        let Ok(rest) = gross.checked_sub(first) else {
            continue;
        };
        let reference = format!("VIR {}", 100_000 + random.below(900_000));
        for (date, amount, method, reference) in [
            (
                plus_days(due, random.below(20)),
                first,
                PaymentMethod::BankTransfer,
                reference.as_str(),
            ),
            (
                plus_days(due, 25 + random.below(30)),
                rest,
                if random.below(4) == 0 {
                    PaymentMethod::Cheque
                } else {
                    PaymentMethod::BankTransfer
                },
                "",
            ),
        ] {
            if let Ok(payment) = PaymentDetails::new(invoice, date, amount, method, reference) {
                let _ = ledger.record_payment(payment);
            }
        }
    }
    ledger
}
