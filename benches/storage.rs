//! Ledger persistence benchmark (issue #5): loading and decoding a stored ledger of 10,000
//! invoices (each with 2 payments and 3 contact-log entries), saving it after one edit, and
//! encoding it in full. Also prints the encoded size (budget: < 4,000,000 characters).
//!
//! Run: `cargo bench --bench storage`. The generator is deterministic (the same linear
//! congruential generator as benches/ledger.rs); tests/it/storage_schema.rs mirrors it.

use std::hint::black_box;

use chrono::NaiveDate;
use divan::Bencher;
use relance::domain::{
    Channel, ClientDetails, ClientId, ClientKind, ContactDetails, Country, Currency, DueRule,
    InvoiceAmount, InvoiceDetails, InvoiceStatus, Ledger, Money, PaymentDetails, PaymentMethod,
    PaymentTerms, PenaltyClause, StepKind,
};
use relance::storage::memory::MemoryKv;
use relance::storage::repository::LedgerRepository;
use relance::storage::schema;
use rust_decimal::Decimal;

fn main() {
    let ledger = generate(10_000);
    let store = MemoryKv::new();
    let saved = LedgerRepository::open(store.clone(), "bench")
        .map_err(|error| format!("{error:?}"))
        .and_then(|mut loaded| {
            loaded
                .repository
                .save(&ledger)
                .map_err(|error| format!("{error:?}"))
        });
    let characters: usize = store
        .entries()
        .values()
        .map(|text| text.chars().count())
        .sum();
    println!(
        "10,000 invoices, 20,000 payments, 30,000 contacts: {characters} characters stored in {} keys ({saved:?})",
        store.entries().len()
    );
    divan::main();
}

/// Knuth's MMIX linear congruential generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(index).copied().unwrap_or("")
    }
}

const INVOICES_PER_CLIENT: usize = 50;

fn plus_days(date: NaiveDate, days: u64) -> NaiveDate {
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
/// contact-log entries (the dunning steps), amounts in euros with 20 % VAT.
fn generate(invoices: usize) -> Ledger {
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

/// A ledger saved in a fresh store, and the store.
fn stored(ledger: &Ledger) -> MemoryKv {
    let store = MemoryKv::new();
    if let Ok(mut loaded) = LedgerRepository::open(store.clone(), "setup") {
        let _ = loaded.repository.save(ledger);
    }
    store
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_and_decode_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    let store = stored(&ledger);
    // The loaded ledger is returned, so that freeing it is not timed.
    bencher.bench_local(|| LedgerRepository::open(black_box(store.clone()), "tab"));
}

/// One payment recorded on one invoice, then saved: one shard re-encoded and written.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn save_after_one_edit_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    let store = stored(&ledger);
    bencher
        .with_inputs(|| {
            let loaded = LedgerRepository::open(store.clone(), "tab").ok();
            let mut edited = ledger.clone();
            let invoice = edited.invoices().nth(4321).map(|invoice| invoice.id());
            if let Some(invoice) = invoice
                && let Some(date) = NaiveDate::from_ymd_opt(2026, 6, 1)
                && let Ok(payment) = PaymentDetails::new(
                    invoice,
                    date,
                    Money::new(Decimal::ONE, Currency::Eur),
                    PaymentMethod::Card,
                    "",
                )
            {
                let _ = edited.record_payment(payment);
            }
            (loaded, edited)
        })
        .bench_local_values(|(loaded, edited)| {
            // Returned, so that freeing the repository and the ledger is not timed.
            let saved = loaded.map(|mut loaded| {
                let revision = loaded.repository.save(black_box(&edited));
                (revision, loaded)
            });
            (saved, edited)
        });
}

/// Saving with nothing changed: the comparison alone.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn save_unchanged_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    let store = stored(&ledger);
    let loaded = LedgerRepository::open(store, "tab").ok();
    let Some(mut loaded) = loaded else { return };
    bencher.bench_local(|| loaded.repository.save(black_box(&ledger)));
}

/// Every shard encoded, as the first save does.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn full_encode_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    bencher.bench(|| {
        schema::encode_all(black_box(&ledger), 1, |shard| shard.name())
            .map(|(manifest, shards)| manifest.len() + shards.len())
    });
}

/// The change detection alone: one pass over every record, against a snapshot.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn compare_only_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    let snapshot = schema::split(&ledger);
    bencher.bench_local(|| schema::compare(black_box(&ledger), &snapshot).highest_id);
}

/// Walking every record without comparing (the floor of any change detection).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn visit_only_10k(bencher: Bencher) {
    let ledger = generate(10_000);
    bencher.bench_local(|| {
        let mut highest = 0;
        schema::visit(black_box(&ledger), |_, item| {
            highest = highest.max(item.raw_id())
        });
        highest
    });
}
