//! Writes, for tests/e2e/measure-storage.mjs (timing the stored ledger in headless Chromium):
//! - the stored form (localStorage key → text, one JSON object) of the realistic ledger of
//!   the persistence benchmark (benches/support/realistic.rs), and
//! - a backup holding one new invoice for that ledger's first client, which merging adds:
//!   one edit, whose save is then timed.
//!
//! `cargo run --release --example realistic_store -- 10000 store.json one-invoice-backup.json`
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/realistic.rs"]
#[allow(dead_code)]
mod realistic;

use chrono::NaiveDate;
use relance::domain::{
    ClientDetails, ClientKind, Country, Currency, InvoiceAmount, InvoiceDetails, InvoiceStatus,
    Ledger, Money, PaymentTerms, PenaltyClause,
};
use relance::storage::memory::MemoryKv;
use relance::storage::repository::LedgerRepository;
use rust_decimal::Decimal;

fn main() {
    let mut args = std::env::args().skip(1);
    let invoices: usize = args
        .next()
        .map(|count| count.parse().expect("a number of invoices"))
        .unwrap_or(10_000);
    let store_path = args.next().expect("where to write the store");
    let backup_path = args.next().expect("where to write the one-invoice backup");

    let ledger = realistic::realistic_ledger(invoices);
    let store = MemoryKv::new();
    let mut loaded = LedgerRepository::open(store.clone(), "bench").expect("an empty store opens");
    loaded.repository.save(&ledger).expect("the ledger saves");
    let entries: serde_json::Map<String, serde_json::Value> = store
        .entries()
        .into_iter()
        .map(|(key, text)| (key, serde_json::Value::String(text)))
        .collect();
    std::fs::write(&store_path, serde_json::Value::Object(entries).to_string())
        .expect("write the store");

    // The first client of the realistic ledger (matched by name when merging), one invoice.
    let first = ledger.clients().next().expect("a client");
    let mut one = Ledger::new();
    let client = one
        .add_client(
            ClientDetails::new(first.name(), Country::FR, ClientKind::Consumer).expect("a client"),
        )
        .expect("added");
    let issued = NaiveDate::from_ymd_opt(2026, 11, 2).expect("a date");
    let amount = InvoiceAmount::from_net(
        Money::new(Decimal::new(123_456, 2), Currency::Eur),
        Decimal::from(20),
    )
    .expect("an amount");
    let details = InvoiceDetails::new(
        "BENCH-2026-00001",
        client,
        issued,
        amount,
        PaymentTerms::on_receipt(),
        None,
        PenaltyClause::FrB2b,
    )
    .expect("an invoice");
    one.add_invoice(details, InvoiceStatus::Sent)
        .expect("added");
    let backup = relance::storage::backup::create(
        &one,
        &[],
        &relance::storage::backup::Settings::default(),
        issued,
    )
    .expect("a backup");
    std::fs::write(&backup_path, backup).expect("write the backup");
}
