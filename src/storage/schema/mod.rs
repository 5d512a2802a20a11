//! The stored form of the ledger, version 1: DTOs read from JSON (`storage::json`), separate
//! from the domain types, and the fallible conversions between the two; the texts are
//! written straight from the domain types.
//!
//! Its parts: `layout` (the constants, the shards and how records are spread over them, the
//! manifest), `values` (dates, decimals, terms and codes as stored), `writer` (domain → text),
//! `dto` (the documents as read from their JSON tree), `tree_reader` (reading the manifest and
//! the shards through the tree: the reference, and every error), `invoice_text_reader` (invoice
//! shards read straight from the text, handing back to the tree reader on any surprise),
//! `to_domain` (DTO → domain records), `assemble` (the records → the ledger), `errors`.
//!
//! # Layout
//!
//! The ledger is stored as one small **manifest** and 17 **shards**, each its own JSON
//! document under its own `localStorage` key (see `storage::repository` for how they are
//! written so that a save is all-or-nothing):
//!
//! ```text
//! relance.ledger                     the manifest
//! relance.ledger.clients.<rev>-<nonce>   clients, and contacts not about exactly one invoice
//! relance.ledger.i00.<rev>-<nonce>   invoices (spread by id, see `ShardName::of_invoice`)
//! …                                  with their payments, credit notes, plans, and the
//! relance.ledger.i15.<rev>-<nonce>   contacts about that one invoice
//! ```
//!
//! Sharding keeps a save after one edit cheap: only the shards whose records changed are
//! encoded and written again. `<rev>` is the revision the shard was written at, `<nonce>` the
//! writing tab's, so that two tabs never write the same key.
//!
//! The manifest spells its fields out (it is small and is what a person reads first):
//!
//! ```json
//! {"format":"relance-ledger","version":2,"revision":7,"next_id":1234,
//!  "shards":[{"name":"clients","key":"relance.ledger.clients.7-k3f9","checksum":"…","records":12},…]}
//! ```
//!
//! `checksum` is FNV-1a 64 of the shard text (`storage::checksum`), `records` the number of
//! records of every kind in it. Every shard is listed, empty ones included: a shard missing
//! from the list, a key with no text, a checksum or a record count that does not match make
//! the ledger unreadable, never silently smaller.
//!
//! A shard document carries the version too: `{"version":2,"shard":"i07","invoices":[…]}` or
//! `{"version":2,"shard":"clients","clients":[…],"contacts":[…]}`.
//!
//! # Records
//!
//! 10,000 invoices, each with two payments and three contact-log entries, must fit in 4
//! million characters (browsers give a site about 5 million), and the contact notes alone
//! take a third of that. So records are compact:
//! - clients, invoices and plans are objects with one- to three-letter field names; a field
//!   equal to its default is left out, and reading fills the default back in;
//! - payments, credit notes and contacts stored in their invoice are **rows**, JSON arrays
//!   `[id, date, text, text?, code?]`, trailing defaults left out;
//! - the ids of records stored in an invoice are written **relative to the invoice's id**
//!   (`1` for the id right after it), as they are mostly allocated just after it;
//! - dunning steps and channels have one-character codes.
//!
//! Unknown fields and extra row cells are refused: a newer Relance that adds one raises the
//! version, and this one then says so instead of dropping it at its next save.
//!
//! | record | field | meaning | when left out |
//! |---|---|---|---|
//! | client | `i` | id | never |
//! | | `n` | name | never |
//! | | `a` | postal address | empty |
//! | | `e` | e-mail | none |
//! | | `p` | phone | empty |
//! | | `x` | SIREN, SIRET or VAT number | none |
//! | | `c` | country, ISO 3166 alpha-2 | `FR` |
//! | | `k` | kind: `business`, `consumer`, `public-body` | `business` |
//! | | `t` | default payment terms, see *values* | `net 30` |
//! | | `y` | early-payment discount `{"p": percent, "d": days}` | none |
//! | | `o` | notes | empty |
//! | | `z` | `true`: part of the demo books (version 2) | not demo |
//! | invoice | `i` | id | never |
//! | | `n` | number | never |
//! | | `k` | client id | never |
//! | | `s` | status: `draft`, `sent`, `disputed`, `written-off` | `sent` |
//! | | `d` | issue date | never |
//! | | `l` | delivery date | none |
//! | | `u` | due date, only when typed by hand (otherwise derived from the terms) | derived |
//! | | `cur` | currency, ISO 4217 | `EUR` |
//! | | `g` | amount tax included (the net and the tax follow from it and `r`) | see `e` |
//! | | `e` | amount excluding tax, only when the amounts do not follow from `g` | see `g` |
//! | | `r` | tax rate, percent | `0` |
//! | | `t`, `y` | payment terms and discount, as for a client | `net 30`, none |
//! | | `q` | late-penalty regime (`PenaltyClause::regime_id`) | `fr-b2b` |
//! | | `qr` | contractual annual penalty rate, percent | none |
//! | | `qc` | fixed compensation, invoice currency | none |
//! | | `o` | notes | empty |
//! | | `p` | payments: rows `[id, date, amount, reference?, method?]`; method `card`, `cheque`, `cash`, `direct-debit`, `other`, left out for `transfer` | none |
//! | | `a` | credit notes: rows `[id, date, amount, reason?, kind?]`; kind `adjustment`, left out for a credit note | none |
//! | | `c` | contacts about this invoice only: rows `[id, date, summary, step?, channel?]`; step `""` for none | none |
//! | | `w` | payment plans (objects, below) | none |
//! | plan | `i` | id, relative to the invoice's | never |
//! | | `a`, `f` | agreement date, first installment date | never |
//! | | `n` | number of installments | never |
//! | | `w` | period: `weekly` | `monthly` |
//! | | `z` | interest frozen while kept: `true` | `false` |
//! | | `b` | the balance it split (invoice currency) | never |
//! | contact about no invoice or several (in `clients`) | `i`, `d` | id, date | never |
//! | | `k` | client id | never |
//! | | `v` | linked invoice ids | none |
//! | | `h` | channel | `e` |
//! | | `s` | summary | empty |
//! | | `st` | dunning step | none |
//!
//! Values: dates are ISO 8601 `YYYY-MM-DD` (a year beyond 0000–9999 is written with its sign,
//! `+10000-01-01`); amounts and percentages are decimal strings with a point, exact (`"1234.5"`,
//! `"5.5"`), never JSON numbers; ids are JSON integers. Terms are one string: `on-receipt`,
//! `net 30`, `days-end-of-month 45` (+45 days, then the end of that month),
//! `end-of-month-days 45` (the end of the issue month, then +45 days), `fixed-date 2026-03-31`.
//! Channels: `e` e-mail, `p` phone, `l` letter, `r` registered letter. Dunning steps: `c`
//! courtesy reminder, `1` first reminder, `2` second reminder, `n` formal notice, `f` final
//! notice before legal action.
//!
//! # Versions
//!
//! - Version 1: the first stored ledger.
//! - Version 2 (this build writes it): a client may carry `z` (part of the demo books).
//!   Version 1 is version 2 without it, so [`check_version`] reads version-1 documents with
//!   the same DTOs and no conversion; they are written as version 2 at the next save (tested
//!   on the committed version-1 fixtures, `tests/fixtures/storage/ledger-v1/`).
//!
//! Version 0 or a missing version is unreadable; a version above [`VERSION`] is reported as
//! made by a newer Relance, and nothing is written over it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod assemble;
mod dto;
mod errors;
mod invoice_text_reader;
mod layout;
mod to_domain;
mod tree_reader;
mod values;
mod writer;

pub use assemble::{assemble, assemble_copies};
pub use errors::{DecodeError, FieldProblem, Located, ReadError, Record, RecordError, StoredField};
pub use layout::{
    Comparison, FORMAT, INVOICE_SHARDS, Item, Manifest, SHARD_COUNT, ShardEntry, ShardName,
    ShardRecords, VERSION, collect, compare, split, visit,
};
pub use tree_reader::{
    check_version, decode_hashed_shard, decode_manifest, decode_shard, manifest_revision,
};
pub use values::{read_date, read_decimal, write_date};
pub use writer::{EncodeError, encode_all, encode_manifest, encode_shard};
