//! Ledger persistence benchmark (issue #5): loading and decoding a stored ledger of 10,000
//! invoices (each with 2 payments and 3 contact-log entries), saving it after one edit, and
//! encoding it in full. Also prints the encoded size (budget: < 4,000,000 characters).
//!
//! Run: `cargo bench --bench storage`. The ledger comes from benches/support/realistic.rs,
//! deterministic, and the same one tests/it/storage_schema.rs checks the size of.

use std::hint::black_box;

use chrono::NaiveDate;
use divan::Bencher;
use relance::domain::{Currency, Ledger, Money, PaymentDetails, PaymentMethod};
use relance::storage::keys;
use relance::storage::memory::MemoryKv;
use relance::storage::repository::LedgerRepository;
use relance::storage::schema::{self, ShardEntry, ShardName};
#[path = "support/realistic.rs"]
mod realistic;

use realistic::realistic_ledger as generate;
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

/// The part of a load that reads the 17 shards into records (checksum, JSON, the domain's
/// rules), without rebuilding the ledger from them.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn decode_shards_10k(bencher: Bencher) {
    let store = stored(&generate(10_000));
    let texts = store.entries();
    let manifest = texts
        .get(keys::LEDGER)
        .and_then(|text| schema::decode_manifest(text).ok());
    let Some(manifest) = manifest else { return };
    let shards: Vec<(ShardName, ShardEntry, String)> = ShardName::all()
        .zip(manifest.shards)
        .filter_map(|(shard, entry)| Some((shard, entry.clone(), texts.get(&entry.key)?.clone())))
        .collect();
    // The records are returned, so that freeing them is not timed.
    bencher.bench_local(|| {
        black_box(&shards)
            .iter()
            .map(|(shard, entry, text)| schema::decode_shard(*shard, entry, text))
            .collect::<Vec<_>>()
    });
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
