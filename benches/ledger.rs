//! Benchmark placeholder: filled in by the ledger work.
fn main() {}
