//! The one native integration-test binary: scenarios through the public API, and the
//! architecture rules as tests.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod backup;
mod einvoice;
mod interest;
mod interrupted;
mod json;
mod rates_tabs;
mod restore_undo;
mod simulator_link;
mod storage_schema;

// The benchmarks' generators, so the size test checks the ledger the benchmark measures.
#[allow(dead_code)]
#[path = "../../benches/support/realistic.rs"]
mod realistic;
