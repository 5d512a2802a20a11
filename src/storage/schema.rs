//! The stored form of the ledger, version 1: DTOs read from JSON (`storage::json`), separate
//! from the domain types, and the fallible conversions between the two; the texts are
//! written straight from the domain types.
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
//! {"format":"relance-ledger","version":1,"revision":7,"next_id":1234,
//!  "shards":[{"name":"clients","key":"relance.ledger.clients.7-k3f9","checksum":"…","records":12},…]}
//! ```
//!
//! `checksum` is FNV-1a 64 of the shard text (`storage::checksum`), `records` the number of
//! records of every kind in it. Every shard is listed, empty ones included: a shard missing
//! from the list, a key with no text, a checksum or a record count that does not match make
//! the ledger unreadable, never silently smaller.
//!
//! A shard document carries the version too: `{"version":1,"shard":"i07","invoices":[…]}` or
//! `{"version":1,"shard":"clients","clients":[…],"contacts":[…]}`.
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
//! Only version 1 exists: no ledger was stored before it. [`check_version`] is where a
//! future version 2 plugs in: version 1 documents are then read with these DTOs and converted
//! (the migration), and written as version 2 at the next save. Version 0 or a missing
//! version is unreadable; a version above [`VERSION`] is reported as made by a newer Relance,
//! and nothing is written over it.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::checksum::{checksum, fnv1a_64, hex};
use super::json::{self, Json, Style, UnknownFields, Writer};
use crate::domain::client::{ClientDraft, ClientError};
use crate::domain::input::{FieldError, iso_date};
use crate::domain::invoice::InvoiceError;
use crate::domain::plan::PlanError;
use crate::domain::terms::TermsError;
use crate::domain::{
    Adjustment, AdjustmentDetails, AdjustmentId, AdjustmentKind, Channel, Client, ClientId,
    ClientKind, ContactDetails, ContactEntry, ContactId, Currency, DueRule, EarlyPaymentDiscount,
    Invoice, InvoiceAmount, InvoiceDetails, InvoiceId, InvoiceStatus, Ledger, LedgerError,
    LedgerParts, Money, Payment, PaymentDetails, PaymentId, PaymentMethod, PaymentPlan,
    PaymentTerms, PenaltyClause, PlanId, PlanPeriod, PlanTerms, StepKind, TermsDraft,
};
use crate::i18n::{Describe, Lang};

/// The `format` field of the manifest.
pub const FORMAT: &str = "relance-ledger";
/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 1;
/// How many shards hold invoices (by invoice id modulo this).
pub const INVOICE_SHARDS: u8 = 16;
/// Every shard: `clients`, then `i00`…`i15`.
pub const SHARD_COUNT: usize = 1 + INVOICE_SHARDS as usize;

// ----- shards -----

/// One of the 17 stored documents besides the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShardName {
    /// Clients and the contacts that are not about exactly one invoice.
    Clients,
    /// Invoices whose id modulo 16 is this number, with everything hanging off them.
    Invoices(u8),
}

impl ShardName {
    /// Every shard, in manifest order.
    pub fn all() -> impl Iterator<Item = ShardName> {
        std::iter::once(ShardName::Clients).chain((0..INVOICE_SHARDS).map(ShardName::Invoices))
    }

    /// The shard an invoice (and its payments, credit notes, plans…) is stored in: the top
    /// four bits of `id × 0x9E37_79B9_7F4A_7C15` (Fibonacci hashing). Not `id mod 16`: ids
    /// come from one counter, so a ledger where every invoice gets, say, two payments and
    /// three contacts has invoice ids 6 apart, and `mod 16` would fill 8 shards out of 16
    /// (ids 16 apart: a single shard). The golden ratio spreads any such stride evenly.
    pub fn of_invoice(invoice: InvoiceId) -> ShardName {
        let spread = invoice.raw().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60;
        // Four bits: below 16, the conversion cannot fail.
        ShardName::Invoices(u8::try_from(spread).unwrap_or(0))
    }

    /// `clients`, `i00`…`i15`.
    pub fn name(self) -> String {
        match self {
            ShardName::Clients => "clients".to_string(),
            ShardName::Invoices(n) => format!("i{n:02}"),
        }
    }

    pub fn parse(name: &str) -> Option<ShardName> {
        if name == "clients" {
            return Some(ShardName::Clients);
        }
        let digits = name.strip_prefix('i')?;
        if digits.len() != 2 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let n: u8 = digits.parse().ok()?;
        (n < INVOICE_SHARDS).then_some(ShardName::Invoices(n))
    }

    /// Position in [`ShardName::all`]: 0 for `clients`, 1 + n for `i<n>`.
    pub fn index(self) -> usize {
        match self {
            ShardName::Clients => 0,
            ShardName::Invoices(n) => 1 + usize::from(n),
        }
    }
}

/// The domain records of one shard, in the order [`visit`] meets them in a ledger
/// (clients and invoices by id, payments and credit notes by invoice then date, contacts and
/// plans by id). Two equal `ShardRecords` encode to the same text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardRecords {
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub adjustments: Vec<Adjustment>,
    pub contacts: Vec<ContactEntry>,
    pub plans: Vec<(PlanId, PlanTerms, Money)>,
}

impl ShardRecords {
    /// How many records of every kind: the manifest's `records`.
    pub fn len(&self) -> usize {
        self.clients.len()
            + self.invoices.len()
            + self.payments.len()
            + self.adjustments.len()
            + self.contacts.len()
            + self.plans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the records `from` has beyond those this one has (which are a copy of its
    /// first ones).
    fn copy_new(&mut self, from: &ShardRecords) {
        fn tail<T: Clone>(to: &mut Vec<T>, from: &[T]) {
            to.extend_from_slice(from.get(to.len()..).unwrap_or_default());
        }
        tail(&mut self.clients, &from.clients);
        tail(&mut self.invoices, &from.invoices);
        tail(&mut self.payments, &from.payments);
        tail(&mut self.adjustments, &from.adjustments);
        tail(&mut self.contacts, &from.contacts);
        tail(&mut self.plans, &from.plans);
    }

    /// Sorts into [`visit`] order (a shard written by hand, or by a future version, may list
    /// records in another order; sorting keeps the next save from rewriting it needlessly).
    fn sort(&mut self) {
        // Unstable sorts (smaller code): every key ends with the record's id, unique in a
        // ledger that loads.
        self.clients.sort_unstable_by_key(Client::id);
        self.invoices.sort_unstable_by_key(Invoice::id);
        self.payments
            .sort_unstable_by_key(|payment| (payment.invoice(), payment.date(), payment.id()));
        self.adjustments
            .sort_unstable_by_key(|item| (item.invoice(), item.date(), item.id()));
        self.contacts.sort_unstable_by_key(ContactEntry::id);
        self.plans.sort_unstable_by_key(|(id, _, _)| *id);
    }
}

/// One record of a ledger, as [`visit`] hands it out.
#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    Client(&'a Client),
    Invoice(&'a Invoice),
    Payment(&'a Payment),
    Adjustment(&'a Adjustment),
    Contact(&'a ContactEntry),
    Plan(PlanId, PlanTerms, Money),
}

impl Item<'_> {
    /// The record's id, as a number.
    pub fn raw_id(&self) -> u64 {
        match self {
            Item::Client(client) => client.id().raw(),
            Item::Invoice(invoice) => invoice.id().raw(),
            Item::Payment(payment) => payment.id().raw(),
            Item::Adjustment(adjustment) => adjustment.id().raw(),
            Item::Contact(contact) => contact.id().raw(),
            Item::Plan(id, _, _) => id.raw(),
        }
    }

    /// Whether `records` holds this item at the given position of its kind.
    fn matches(&self, records: &ShardRecords, position: usize) -> bool {
        match self {
            Item::Client(client) => records.clients.get(position) == Some(*client),
            Item::Invoice(invoice) => records.invoices.get(position) == Some(*invoice),
            Item::Payment(payment) => records.payments.get(position) == Some(*payment),
            Item::Adjustment(item) => records.adjustments.get(position) == Some(*item),
            Item::Contact(contact) => records.contacts.get(position) == Some(*contact),
            Item::Plan(id, terms, balance) => {
                records.plans.get(position) == Some(&(*id, *terms, *balance))
            }
        }
    }

    fn kind_index(&self) -> usize {
        match self {
            Item::Client(_) => 0,
            Item::Invoice(_) => 1,
            Item::Payment(_) => 2,
            Item::Adjustment(_) => 3,
            Item::Contact(_) => 4,
            Item::Plan(..) => 5,
        }
    }

    fn push_into(&self, records: &mut ShardRecords) {
        match self {
            Item::Client(client) => records.clients.push((*client).clone()),
            Item::Invoice(invoice) => records.invoices.push((*invoice).clone()),
            Item::Payment(payment) => records.payments.push((*payment).clone()),
            Item::Adjustment(item) => records.adjustments.push((*item).clone()),
            Item::Contact(contact) => records.contacts.push((*contact).clone()),
            Item::Plan(id, terms, balance) => records.plans.push((*id, *terms, *balance)),
        }
    }
}

/// The shard a contact is stored in: its invoice's when it is about exactly one invoice,
/// otherwise `clients`.
fn shard_of_contact(contact: &ContactEntry) -> ShardName {
    match contact.details().invoices() {
        [invoice] => ShardName::of_invoice(*invoice),
        _ => ShardName::Clients,
    }
}

/// Calls `visit` with every record of `ledger` and the shard it is stored in, in a fixed
/// order (all clients, invoices, payments, credit notes, contacts, plans). Reads the ledger
/// sequentially: no lookup per record.
pub fn visit<'a>(ledger: &'a Ledger, mut visit: impl FnMut(ShardName, Item<'a>)) {
    for client in ledger.clients() {
        visit(ShardName::Clients, Item::Client(client));
    }
    for invoice in ledger.invoices() {
        visit(ShardName::of_invoice(invoice.id()), Item::Invoice(invoice));
    }
    for payment in ledger.payments() {
        visit(
            ShardName::of_invoice(payment.invoice()),
            Item::Payment(payment),
        );
    }
    for adjustment in ledger.adjustments() {
        visit(
            ShardName::of_invoice(adjustment.invoice()),
            Item::Adjustment(adjustment),
        );
    }
    for contact in ledger.contacts() {
        visit(shard_of_contact(contact), Item::Contact(contact));
    }
    for plan in ledger.plans() {
        visit(
            ShardName::of_invoice(plan.invoice()),
            Item::Plan(plan.id(), plan.terms(), plan.balance()),
        );
    }
}

/// What [`compare`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Per shard (by [`ShardName::index`]): whether its records differ from the snapshot.
    pub changed: Vec<bool>,
    /// The highest id of any record, 0 when the ledger is empty.
    pub highest_id: u64,
}

/// Which shards of `ledger` differ from `snapshot` (indexed by [`ShardName::index`]), in one
/// sequential pass that compares records and clones nothing.
pub fn compare(ledger: &Ledger, snapshot: &[ShardRecords]) -> Comparison {
    let mut changed = vec![false; SHARD_COUNT];
    let mut positions = vec![[0usize; 6]; SHARD_COUNT];
    let mut highest_id = 0;
    visit(ledger, |shard, item| {
        highest_id = highest_id.max(item.raw_id());
        let index = shard.index();
        let Some(position) = positions
            .get_mut(index)
            .and_then(|kinds| kinds.get_mut(item.kind_index()))
        else {
            return;
        };
        let differs = match snapshot.get(index) {
            Some(records) => !item.matches(records, *position),
            None => true,
        };
        *position += 1;
        if differs && let Some(flag) = changed.get_mut(index) {
            *flag = true;
        }
    });
    for (index, flag) in changed.iter_mut().enumerate() {
        let counted = positions.get(index).copied().unwrap_or_default();
        let stored = snapshot.get(index).map(|records| {
            [
                records.clients.len(),
                records.invoices.len(),
                records.payments.len(),
                records.adjustments.len(),
                records.contacts.len(),
                records.plans.len(),
            ]
        });
        if stored != Some(counted) {
            *flag = true;
        }
    }
    Comparison {
        changed,
        highest_id,
    }
}

/// The records of the shards marked in `which` (indexed by [`ShardName::index`]); `None` for
/// the others.
pub fn collect(ledger: &Ledger, which: &[bool]) -> Vec<Option<ShardRecords>> {
    let mut shards: Vec<Option<ShardRecords>> = (0..SHARD_COUNT)
        .map(|index| {
            which
                .get(index)
                .copied()
                .unwrap_or(false)
                .then(ShardRecords::default)
        })
        .collect();
    visit(ledger, |shard, item| {
        if let Some(Some(records)) = shards.get_mut(shard.index()) {
            item.push_into(records);
        }
    });
    shards
}

/// Every shard's records (a full copy of the ledger's records).
pub fn split(ledger: &Ledger) -> Vec<ShardRecords> {
    collect(ledger, &[true; SHARD_COUNT])
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

// ----- values -----

/// `YYYY-MM-DD`; a year outside 0000–9999 with its sign (`+10000-01-01`, `-0001-12-31`).
/// Written by hand: chrono's `format` costs kilobytes of wasm.
pub fn write_date(date: NaiveDate) -> String {
    DateText::of(date).as_str().to_string()
}

/// [`write_date`]'s text, without allocating for a year from 0000 to 9999.
enum DateText {
    /// `YYYY-MM-DD` digit by digit (`format!` is several times slower, and a large ledger
    /// writes tens of thousands of dates).
    Usual([u8; 10]),
    Other(String),
}

impl DateText {
    fn of(date: NaiveDate) -> DateText {
        let year = date.year();
        let Ok(year @ 0..=9999) = u32::try_from(year) else {
            return DateText::Other(format!("{year:+05}-{:02}-{:02}", date.month(), date.day()));
        };
        let (month, day) = (date.month(), date.day());
        let digits = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10];
        let [y0, y1, y2, y3] = digits.map(|digit| b'0' + u8::try_from(digit).unwrap_or(0));
        let [m0, m1, d0, d1] = [month / 10, month % 10, day / 10, day % 10]
            .map(|digit| b'0' + u8::try_from(digit).unwrap_or(0));
        DateText::Usual([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1])
    }

    fn as_str(&self) -> &str {
        match self {
            DateText::Usual(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            DateText::Other(text) => text,
        }
    }
}

/// Reads what [`write_date`] writes, exactly.
pub fn read_date(text: &str) -> Option<NaiveDate> {
    let first = text.chars().next()?;
    if first.is_ascii_digit() {
        return iso_date(text);
    }
    if first != '+' && first != '-' {
        return None;
    }
    let rest = text.get(1..)?;
    let split = rest.len().checked_sub(6)?;
    let (year_text, month_day) = (rest.get(..split)?, rest.get(split..)?);
    if year_text.len() < 4 || !year_text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // Reuse the strict reader for the month and day: `2000-MM-DD` (a leap year).
    let probe = iso_date(&format!("2000{month_day}"))?;
    let magnitude: i32 = year_text.parse().ok()?;
    let year = if first == '-' { -magnitude } else { magnitude };
    NaiveDate::from_ymd_opt(year, probe.month(), probe.day())
}

/// A decimal as written by `Decimal::to_string`: `-`? digits (`.` digits)?, nothing else.
pub fn read_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // One pass: the place of the point (at most one), every other byte a digit, gathering the
    // digits as a mantissa (it only matters below 20 digits, where it cannot overflow).
    let mut point = None;
    let mut mantissa = 0u64;
    for (at, byte) in digits.bytes().enumerate() {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(byte - b'0'));
            }
            b'.' if point.is_none() => point = Some(at),
            _ => return None,
        }
    }
    // Digits on both sides of a point.
    if digits.is_empty() || point.is_some_and(|at| at == 0 || at + 1 == digits.len()) {
        return None;
    }
    // The common case, no sign and at most 19 characters: the digits are the mantissa (below
    // 2^64) and the fraction's length the scale, as `from_str_exact` reads them.
    if digits.len() == text.len() && text.len() <= 19 {
        let scale = point.map_or(0, |at| text.len() - at - 1);
        let low = u32::try_from(mantissa & 0xffff_ffff).ok()?;
        let middle = u32::try_from(mantissa >> 32).ok()?;
        return Some(Decimal::from_parts(
            low,
            middle,
            0,
            false,
            u32::try_from(scale).ok()?,
        ));
    }
    Decimal::from_str_exact(text).ok()
}

/// How many decimals a decimal text read by [`read_decimal`] has once its trailing zeros are
/// dropped: its `normalize().scale()`, from the text (which holds the decimal's digits
/// exactly).
fn significant_decimals(text: &str) -> u32 {
    let fraction = text.split_once('.').map_or("", |(_, fraction)| fraction);
    let digits = fraction.trim_end_matches('0').len();
    u32::try_from(digits).unwrap_or(u32::MAX)
}

/// An amount, as short as it is exact: `1200`, `1234.5` (`Money` keeps the minor unit).
fn write_amount(money: Money) -> String {
    decimal_text(money.amount(), TrailingZeros::Dropped)
}

/// What [`decimal_text`] does with the zeros that end a decimal's fraction (`1200.50`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum TrailingZeros {
    /// Written, as the decimal's scale says: `decimal.to_string()`.
    Kept,
    /// Left out (a whole number loses its point): `decimal.normalize().to_string()`.
    Dropped,
}

/// `decimal.to_string()`, or with [`TrailingZeros::Dropped`] `decimal.normalize().to_string()`,
/// written digit by digit when the mantissa is below 2^64 and the sign positive
/// (rust_decimal's `Display` goes through the formatting machinery: slow for tens of thousands
/// of amounts).
fn decimal_text(decimal: Decimal, zeros: TrailingZeros) -> String {
    let normalized = zeros == TrailingZeros::Dropped;
    let general = || {
        let decimal = if normalized {
            decimal.normalize()
        } else {
            decimal
        };
        decimal.to_string()
    };
    let (Ok(mut mantissa), false) = (
        u64::try_from(decimal.mantissa()),
        decimal.is_sign_negative(),
    ) else {
        return general();
    };
    let mut scale = decimal.scale();
    while normalized && scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    let Some(unit) = 10u64.checked_pow(scale) else {
        return general();
    };
    let mut text = String::with_capacity(24);
    json::push_u64(&mut text, mantissa / unit);
    if scale > 0 {
        text.push('.');
        let width = usize::try_from(scale).unwrap_or(0);
        json::push_u64_padded(&mut text, mantissa % unit, width);
    }
    text
}

fn status_from_code(code: &str) -> Option<InvoiceStatus> {
    [
        InvoiceStatus::Draft,
        InvoiceStatus::Sent,
        InvoiceStatus::Disputed,
        InvoiceStatus::WrittenOff,
    ]
    .into_iter()
    .find(|status| status.code() == code)
}

fn adjustment_kind_code(kind: AdjustmentKind) -> &'static str {
    match kind {
        AdjustmentKind::CreditNote => "credit-note",
        AdjustmentKind::Adjustment => "adjustment",
    }
}

fn write_terms(terms: PaymentTerms) -> String {
    match terms.rule() {
        DueRule::OnReceipt => "on-receipt".to_string(),
        DueRule::FixedDate { date } => format!("fixed-date {}", write_date(date)),
        rule => format!("{} {}", rule.code(), rule.days().unwrap_or(0)),
    }
}

fn read_rule(text: &str) -> Option<DueRule> {
    if text == "on-receipt" {
        return Some(DueRule::OnReceipt);
    }
    let (code, argument) = text.split_once(' ')?;
    if code == "fixed-date" {
        return read_date(argument).map(|date| DueRule::FixedDate { date });
    }
    if argument.is_empty() || !argument.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let days: u32 = argument.parse().ok()?;
    match code {
        "net" => Some(DueRule::Net { days }),
        "days-end-of-month" => Some(DueRule::DaysThenEndOfMonth { days }),
        "end-of-month-days" => Some(DueRule::EndOfMonthThenDays { days }),
        _ => None,
    }
}

// ----- DTOs -----

// A document is first read whole into these, by walking its JSON tree (`storage::json`), and
// only then checked against the domain's rules: a text of the wrong shape (a field unknown,
// named twice or of the wrong kind, a row too short or too long) is reported as such
// (`ShardJson`, `Manifest`) whatever its records hold. A field left out takes its default.
// Their texts are borrowed from the document (copied only by the domain's constructors).
// Invoice shards are first read without the tree (`Fast`, below), into the same DTOs.

/// What every version of every document agrees on, read leniently (other fields are
/// ignored) to tell a newer version from a damaged text: `format` and `version`.
pub(crate) fn read_header<'s>(
    json: &'s Json<'_>,
) -> Result<(Option<&'s str>, Option<u64>), json::Error> {
    let mut slots = [None; 2];
    json.fields(&["format", "version"], &mut slots, UnknownFields::Ignored)?;
    let [format, version] = slots;
    Ok((json::opt_str(format)?, json::opt_u64(version)?))
}

/// The manifest, `relance.ledger` (its `format` and `version` are checked, not kept).
struct ManifestV1 {
    revision: u64,
    next_id: u64,
    shards: Vec<ShardEntryV1>,
}

struct ShardEntryV1 {
    name: String,
    key: String,
    checksum: String,
    records: u64,
}

fn manifest_dto(json: &Json) -> Result<ManifestV1, json::Error> {
    let mut slots = [None; 5];
    json.fields(
        &["format", "version", "revision", "next_id", "shards"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [format, version, revision, next_id, shards] = slots;
    json.required_str(format, "format")?;
    json.required(version, "version")?.as_u64()?;
    let revision = json.required(revision, "revision")?.as_u64()?;
    let next_id = json.required(next_id, "next_id")?.as_u64()?;
    let mut entries = Vec::new();
    for entry in json.required(shards, "shards")?.as_array()? {
        let mut slots = [None; 4];
        entry.fields(
            &["name", "key", "checksum", "records"],
            &mut slots,
            UnknownFields::Refused,
        )?;
        let [name, key, checksum, records] = slots;
        entries.push(ShardEntryV1 {
            name: entry.required_str(name, "name")?.to_string(),
            key: entry.required_str(key, "key")?.to_string(),
            checksum: entry.required_str(checksum, "checksum")?.to_string(),
            records: entry.required(records, "records")?.as_u64()?,
        });
    }
    Ok(ManifestV1 {
        revision,
        next_id,
        shards: entries,
    })
}

struct ClientsShardV1<'a> {
    version: u64,
    shard: String,
    clients: Vec<ClientV1<'a>>,
    contacts: Vec<ClientContactV1>,
}

fn clients_shard_dto<'s>(json: &'s Json<'_>) -> Result<ClientsShardV1<'s>, json::Error> {
    let mut slots = [None; 4];
    json.fields(
        &["version", "shard", "clients", "contacts"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [version, shard, clients, contacts] = slots;
    Ok(ClientsShardV1 {
        version: json.required(version, "version")?.as_u64()?,
        shard: json.required_str(shard, "shard")?.to_string(),
        clients: json::items(clients)?
            .iter()
            .map(client_dto)
            .collect::<Result<_, _>>()?,
        contacts: json::items(contacts)?
            .iter()
            .map(client_contact_dto)
            .collect::<Result<_, _>>()?,
    })
}

/// A string read from a document: borrowed from the text (or its tree) unless it holds
/// escapes.
type Text<'a> = Cow<'a, str>;

/// A string field: empty when absent (but not `null`).
fn text<'s>(slot: Option<&'s Json<'_>>) -> Result<Text<'s>, json::Error> {
    slot.map_or(Ok(""), Json::as_str).map(Cow::Borrowed)
}

/// A string field that may be absent or `null`.
fn opt_text<'s>(slot: Option<&'s Json<'_>>) -> Result<Option<Text<'s>>, json::Error> {
    Ok(json::opt_str(slot)?.map(Cow::Borrowed))
}

struct InvoiceShardV1<'a> {
    version: u64,
    shard: &'a str,
    invoices: Vec<(InvoiceV1<'a>, HangingV1<'a>)>,
}

fn invoice_shard_dto<'s>(json: &'s Json<'_>) -> Result<InvoiceShardV1<'s>, json::Error> {
    let mut slots = [None; 3];
    json.fields(
        &["version", "shard", "invoices"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [version, shard, invoices] = slots;
    Ok(InvoiceShardV1 {
        version: json.required(version, "version")?.as_u64()?,
        shard: json.required_str(shard, "shard")?,
        invoices: json::items(invoices)?
            .iter()
            .map(invoice_dto)
            .collect::<Result<_, _>>()?,
    })
}

/// `y`: `{"p": percent, "d": days}`.
struct DiscountV1<'a> {
    percent: Text<'a>,
    days: Option<u32>,
}

fn discount_dto<'s>(slot: Option<&'s Json<'_>>) -> Result<Option<DiscountV1<'s>>, json::Error> {
    let Some(json) = json::present(slot) else {
        return Ok(None);
    };
    let mut slots = [None; 2];
    json.fields(&["p", "d"], &mut slots, UnknownFields::Refused)?;
    let [percent, days] = slots;
    Ok(Some(DiscountV1 {
        percent: text(percent)?,
        days: json::opt_u32(days)?,
    }))
}

struct ClientV1<'a> {
    id: Option<u64>,
    name: String,
    address: String,
    email: String,
    phone: String,
    tax_id: String,
    country: Option<String>,
    kind: Option<String>,
    terms: Option<String>,
    discount: Option<DiscountV1<'a>>,
    notes: String,
}

fn client_dto<'s>(json: &'s Json<'_>) -> Result<ClientV1<'s>, json::Error> {
    let mut slots = [None; 11];
    json.fields(
        &["i", "n", "a", "e", "p", "x", "c", "k", "t", "y", "o"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [
        id,
        name,
        address,
        email,
        phone,
        tax_id,
        country,
        kind,
        terms,
        discount,
        notes,
    ] = slots;
    Ok(ClientV1 {
        id: json::opt_u64(id)?,
        name: json::string(name)?,
        address: json::string(address)?,
        email: json::string(email)?,
        phone: json::string(phone)?,
        tax_id: json::string(tax_id)?,
        country: json::opt_string(country)?,
        kind: json::opt_string(kind)?,
        terms: json::opt_string(terms)?,
        discount: discount_dto(discount)?,
        notes: json::string(notes)?,
    })
}

/// An invoice's own fields (what is stored in it is in [`HangingV1`]). `Default`: every
/// field left out.
#[derive(Default)]
struct InvoiceV1<'a> {
    id: Option<u64>,
    number: Text<'a>,
    client: Option<u64>,
    status: Option<Text<'a>>,
    issue_date: Text<'a>,
    delivery_date: Option<Text<'a>>,
    due_date: Option<Text<'a>>,
    currency: Option<Text<'a>>,
    gross: Option<Text<'a>>,
    net: Option<Text<'a>>,
    tax_rate: Option<Text<'a>>,
    terms: Option<Text<'a>>,
    discount: Option<DiscountV1<'a>>,
    penalty: Option<Text<'a>>,
    penalty_rate: Option<Text<'a>>,
    compensation: Option<Text<'a>>,
    notes: Text<'a>,
}

/// What is stored in an invoice: its payments, credit notes, contacts (rows) and plans.
#[derive(Default)]
struct HangingV1<'a> {
    payments: Vec<Row<'a>>,
    adjustments: Vec<Row<'a>>,
    contacts: Vec<Row<'a>>,
    plans: Vec<PlanV1<'a>>,
}

impl HangingV1<'_> {
    fn clear(&mut self) {
        self.payments.clear();
        self.adjustments.clear();
        self.contacts.clear();
        self.plans.clear();
    }
}

/// The fields of an invoice object, in the order they are written.
const INVOICE_FIELDS: [&str; 21] = [
    "i", "n", "k", "s", "d", "l", "u", "cur", "g", "e", "r", "t", "y", "q", "qr", "qc", "o", "p",
    "a", "c", "w",
];

/// The place of an invoice's field in [`INVOICE_FIELDS`], by its name's bytes.
fn invoice_field(name: &[u8]) -> Option<u32> {
    Some(match name {
        b"i" => 0,
        b"n" => 1,
        b"k" => 2,
        b"s" => 3,
        b"d" => 4,
        b"l" => 5,
        b"u" => 6,
        b"cur" => 7,
        b"g" => 8,
        b"e" => 9,
        b"r" => 10,
        b"t" => 11,
        b"y" => 12,
        b"q" => 13,
        b"qr" => 14,
        b"qc" => 15,
        b"o" => 16,
        b"p" => 17,
        b"a" => 18,
        b"c" => 19,
        b"w" => 20,
        _ => return None,
    })
}

fn invoice_dto<'s>(json: &'s Json<'_>) -> Result<(InvoiceV1<'s>, HangingV1<'s>), json::Error> {
    let mut slots = [None; 21];
    json.fields(&INVOICE_FIELDS, &mut slots, UnknownFields::Refused)?;
    let [
        id,
        number,
        client,
        status,
        issue_date,
        delivery_date,
        due_date,
        currency,
        gross,
        net,
        tax_rate,
        terms,
        discount,
        penalty,
        penalty_rate,
        compensation,
        notes,
        payments,
        adjustments,
        contacts,
        plans,
    ] = slots;
    let invoice = InvoiceV1 {
        id: json::opt_u64(id)?,
        number: text(number)?,
        client: json::opt_u64(client)?,
        status: opt_text(status)?,
        issue_date: text(issue_date)?,
        delivery_date: opt_text(delivery_date)?,
        due_date: opt_text(due_date)?,
        currency: opt_text(currency)?,
        gross: opt_text(gross)?,
        net: opt_text(net)?,
        tax_rate: opt_text(tax_rate)?,
        terms: opt_text(terms)?,
        discount: discount_dto(discount)?,
        penalty: opt_text(penalty)?,
        penalty_rate: opt_text(penalty_rate)?,
        compensation: opt_text(compensation)?,
        notes: text(notes)?,
    };
    let hanging = HangingV1 {
        payments: rows(payments)?,
        adjustments: rows(adjustments)?,
        contacts: rows(contacts)?,
        plans: json::items(plans)?
            .iter()
            .map(plan_dto)
            .collect::<Result<_, _>>()?,
    };
    Ok((invoice, hanging))
}

/// A payment, credit note or contact stored in its invoice: the JSON array
/// `[id, date, main, extra?, code?]`, `extra` written when not empty or when `code` follows.
struct Row<'a> {
    /// Relative to the invoice's id.
    id: i128,
    date: Text<'a>,
    main: Text<'a>,
    extra: Text<'a>,
    code: Option<Text<'a>>,
}

fn rows<'s>(slot: Option<&'s Json<'_>>) -> Result<Vec<Row<'s>>, json::Error> {
    json::items(slot)?.iter().map(row_dto).collect()
}

fn row_dto<'s>(json: &'s Json<'_>) -> Result<Row<'s>, json::Error> {
    let refused = || {
        json.error(json::Problem::Expected(
            "a row [id, date, text, text?, code?]",
        ))
    };
    let [id, date, main, rest @ ..] = json.as_array()? else {
        return Err(refused());
    };
    let (extra, code) = match rest {
        [] => (Text::default(), None),
        [extra] => (Cow::Borrowed(extra.as_str()?), None),
        [extra, code] => (
            Cow::Borrowed(extra.as_str()?),
            Some(Cow::Borrowed(code.as_str()?)),
        ),
        _ => return Err(refused()),
    };
    Ok(Row {
        id: id.as_i128()?,
        date: Cow::Borrowed(date.as_str()?),
        main: Cow::Borrowed(main.as_str()?),
        extra,
        code,
    })
}

/// A contact about no invoice or several, stored in the `clients` shard.
struct ClientContactV1 {
    id: Option<u64>,
    client: Option<u64>,
    invoices: Vec<u64>,
    date: String,
    channel: Option<String>,
    summary: String,
    step: Option<String>,
}

fn client_contact_dto(json: &Json) -> Result<ClientContactV1, json::Error> {
    let mut slots = [None; 7];
    json.fields(
        &["i", "k", "v", "d", "h", "s", "st"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [id, client, invoices, date, channel, summary, step] = slots;
    Ok(ClientContactV1 {
        id: json::opt_u64(id)?,
        client: json::opt_u64(client)?,
        invoices: json::items(invoices)?
            .iter()
            .map(Json::as_u64)
            .collect::<Result<_, _>>()?,
        date: json::string(date)?,
        channel: json::opt_string(channel)?,
        summary: json::string(summary)?,
        step: json::opt_string(step)?,
    })
}

/// A payment plan (`Default`: every field left out).
#[derive(Default)]
struct PlanV1<'a> {
    /// Relative to the invoice's id.
    id: Option<i128>,
    agreed_on: Text<'a>,
    first_due: Text<'a>,
    count: Option<u32>,
    period: Option<Text<'a>>,
    freeze_interest: bool,
    balance: Text<'a>,
}

fn plan_dto<'s>(json: &'s Json<'_>) -> Result<PlanV1<'s>, json::Error> {
    let mut slots = [None; 7];
    json.fields(
        &["i", "a", "f", "n", "w", "z", "b"],
        &mut slots,
        UnknownFields::Refused,
    )?;
    let [
        id,
        agreed_on,
        first_due,
        count,
        period,
        freeze_interest,
        balance,
    ] = slots;
    Ok(PlanV1 {
        id: json::opt_i128(id)?,
        agreed_on: text(agreed_on)?,
        first_due: text(first_due)?,
        count: json::opt_u32(count)?,
        period: opt_text(period)?,
        freeze_interest: json::flag(freeze_interest)?,
        balance: text(balance)?,
    })
}

// ----- invoice shards without the tree -----

// The invoice shards are nearly all of a ledger's text, so they are first read by `Fast`:
// straight from the text into records, without the JSON tree or the DTO list, with the same
// lexer (`json::Parser`) and the same rules as the tree and the DTOs above. It gives up
// (`None`) at anything it does not expect, every error included, and `decode_shard` then reads
// the text the ordinary way, which reports the error exactly (or reads what `Fast` did not
// expect). So `Fast` only has to be right about what it accepts: a text it reads is one the
// ordinary way reads too, into the same DTOs, converted by the same `Reader`.

struct Fast<'t> {
    parser: json::Parser<'t>,
}

/// Marks field `bit` as read; `None` if it was already (a field named twice).
fn first_time(seen: &mut u32, bit: u32) -> Option<()> {
    let mask = 1u32.checked_shl(bit)?;
    if *seen & mask != 0 {
        return None;
    }
    *seen |= mask;
    Some(())
}

impl<'t> Fast<'t> {
    /// Whitespace, then `byte`.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.parser.skip_whitespace();
        self.parser.eat(byte).then_some(())
    }

    /// Opens an array or object: whether something comes before `close`.
    fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.expect(open)?;
        self.parser.skip_whitespace();
        Some(!self.parser.eat(close))
    }

    /// After an item or a field: `true` after a comma, `false` at `close`.
    fn more(&mut self, close: u8) -> Option<bool> {
        self.parser.skip_whitespace();
        if self.parser.eat(close) {
            return Some(false);
        }
        self.parser.eat(b',').then_some(true)
    }

    /// A field's name and its colon.
    fn key(&mut self) -> Option<Text<'t>> {
        let name = self.text()?;
        self.expect(b':')?;
        Some(name)
    }

    /// Whitespace, then `null` (`false`, nothing read, if the value is not `null`).
    fn null(&mut self) -> Option<bool> {
        self.parser.skip_whitespace();
        if self.parser.peek() != Some(b'n') {
            return Some(false);
        }
        self.parser.literal("null", json::Value::Null).ok()?;
        Some(true)
    }

    fn text(&mut self) -> Option<Text<'t>> {
        self.parser.skip_whitespace();
        if self.parser.peek() != Some(b'"') {
            return None;
        }
        self.parser.string().ok()
    }

    fn opt_text(&mut self) -> Option<Option<Text<'t>>> {
        if self.null()? {
            return Some(None);
        }
        self.text().map(Some)
    }

    fn number(&mut self) -> Option<&'t str> {
        self.parser.skip_whitespace();
        match self.parser.peek() {
            Some(b'-' | b'0'..=b'9') => self.parser.number().ok(),
            _ => None,
        }
    }

    fn u64(&mut self) -> Option<u64> {
        json::number_as_u64(self.number()?)
    }

    fn opt_u64(&mut self) -> Option<Option<u64>> {
        if self.null()? {
            return Some(None);
        }
        self.u64().map(Some)
    }

    fn opt_u32(&mut self) -> Option<Option<u32>> {
        match self.opt_u64()? {
            None => Some(None),
            Some(number) => u32::try_from(number).ok().map(Some),
        }
    }

    fn i128(&mut self) -> Option<i128> {
        json::number_as_i128(self.number()?)
    }

    fn opt_i128(&mut self) -> Option<Option<i128>> {
        if self.null()? {
            return Some(None);
        }
        self.i128().map(Some)
    }

    fn flag(&mut self) -> Option<bool> {
        self.parser.skip_whitespace();
        let (word, flag) = match self.parser.peek() {
            Some(b't') => ("true", true),
            Some(b'f') => ("false", false),
            _ => return None,
        };
        self.parser.literal(word, json::Value::Null).ok()?;
        Some(flag)
    }

    /// `[id, date, main, extra?, code?]`, as [`row_dto`] reads it.
    fn row(&mut self) -> Option<Row<'t>> {
        let cells = self.open(b'[', b']')?;
        let id = cells.then(|| self.i128())??;
        let date = self.more(b']')?.then(|| self.text())??;
        let main = self.more(b']')?.then(|| self.text())??;
        let mut row = Row {
            id,
            date,
            main,
            extra: Text::default(),
            code: None,
        };
        if self.more(b']')? {
            row.extra = self.text()?;
            if self.more(b']')? {
                row.code = Some(self.text()?);
                if self.more(b']')? {
                    return None;
                }
            }
        }
        Some(row)
    }

    /// An array of rows, appended to `rows`.
    fn rows(&mut self, rows: &mut Vec<Row<'t>>) -> Option<()> {
        if self.open(b'[', b']')? {
            loop {
                rows.push(self.row()?);
                if !self.more(b']')? {
                    break;
                }
            }
        }
        Some(())
    }

    /// `y`, as [`discount_dto`] reads it.
    fn discount(&mut self) -> Option<Option<DiscountV1<'t>>> {
        if self.null()? {
            return Some(None);
        }
        let mut discount = DiscountV1 {
            percent: Text::default(),
            days: None,
        };
        let mut seen = 0;
        if self.open(b'{', b'}')? {
            loop {
                match &*self.key()? {
                    "p" => {
                        first_time(&mut seen, 0)?;
                        discount.percent = self.text()?;
                    }
                    "d" => {
                        first_time(&mut seen, 1)?;
                        discount.days = self.opt_u32()?;
                    }
                    _ => return None,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        Some(Some(discount))
    }

    /// A plan, as [`plan_dto`] reads it.
    fn plan(&mut self) -> Option<PlanV1<'t>> {
        let mut plan = PlanV1::default();
        let mut seen = 0;
        if self.open(b'{', b'}')? {
            loop {
                match &*self.key()? {
                    "i" => {
                        first_time(&mut seen, 0)?;
                        plan.id = self.opt_i128()?;
                    }
                    "a" => {
                        first_time(&mut seen, 1)?;
                        plan.agreed_on = self.text()?;
                    }
                    "f" => {
                        first_time(&mut seen, 2)?;
                        plan.first_due = self.text()?;
                    }
                    "n" => {
                        first_time(&mut seen, 3)?;
                        plan.count = self.opt_u32()?;
                    }
                    "w" => {
                        first_time(&mut seen, 4)?;
                        plan.period = self.opt_text()?;
                    }
                    "z" => {
                        first_time(&mut seen, 5)?;
                        plan.freeze_interest = self.flag()?;
                    }
                    "b" => {
                        first_time(&mut seen, 6)?;
                        plan.balance = self.text()?;
                    }
                    _ => return None,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        Some(plan)
    }

    /// An invoice, as [`invoice_dto`] reads it; what hangs off it goes to `hanging`
    /// (emptied first).
    fn invoice(&mut self, hanging: &mut HangingV1<'t>) -> Option<InvoiceV1<'t>> {
        hanging.clear();
        let mut invoice = InvoiceV1::default();
        let mut seen = 0;
        if !self.open(b'{', b'}')? {
            return Some(invoice);
        }
        loop {
            let bit = invoice_field(self.key()?.as_bytes())?;
            first_time(&mut seen, bit)?;
            match bit {
                0 => invoice.id = self.opt_u64()?,
                1 => invoice.number = self.text()?,
                2 => invoice.client = self.opt_u64()?,
                3 => invoice.status = self.opt_text()?,
                4 => invoice.issue_date = self.text()?,
                5 => invoice.delivery_date = self.opt_text()?,
                6 => invoice.due_date = self.opt_text()?,
                7 => invoice.currency = self.opt_text()?,
                8 => invoice.gross = self.opt_text()?,
                9 => invoice.net = self.opt_text()?,
                10 => invoice.tax_rate = self.opt_text()?,
                11 => invoice.terms = self.opt_text()?,
                12 => invoice.discount = self.discount()?,
                13 => invoice.penalty = self.opt_text()?,
                14 => invoice.penalty_rate = self.opt_text()?,
                15 => invoice.compensation = self.opt_text()?,
                16 => invoice.notes = self.text()?,
                17 => self.rows(&mut hanging.payments)?,
                18 => self.rows(&mut hanging.adjustments)?,
                19 => self.rows(&mut hanging.contacts)?,
                _ => {
                    if self.open(b'[', b']')? {
                        loop {
                            hanging.plans.push(self.plan()?);
                            if !self.more(b']')? {
                                break;
                            }
                        }
                    }
                }
            }
            if !self.more(b'}')? {
                return Some(invoice);
            }
        }
    }
}

/// Reads the invoice shard `name` from `text` into `records` by [`Fast`], and a copy of each
/// record into `copy`; `None` if it gave up (`records` then holds part of the shard, to be
/// thrown away).
fn read_invoice_shard_fast(
    text: &str,
    name: &str,
    reader: &Reader,
    records: &mut ShardRecords,
    mut copy: Option<&mut ShardRecords>,
) -> Option<()> {
    let mut fast = Fast {
        parser: json::Parser::new(text),
    };
    let mut hanging = HangingV1::default();
    let (mut version, mut shard) = (None, None);
    let mut seen = 0;
    if fast.open(b'{', b'}')? {
        loop {
            match &*fast.key()? {
                "version" => {
                    first_time(&mut seen, 0)?;
                    version = Some(fast.u64()?);
                }
                "shard" => {
                    first_time(&mut seen, 1)?;
                    shard = Some(fast.text()?);
                }
                "invoices" => {
                    first_time(&mut seen, 2)?;
                    if fast.open(b'[', b']')? {
                        loop {
                            let invoice = fast.invoice(&mut hanging)?;
                            reader.invoice(&invoice, &hanging, records).ok()?;
                            if let Some(copy) = copy.as_deref_mut() {
                                copy.copy_new(records);
                            }
                            if !fast.more(b']')? {
                                break;
                            }
                        }
                    }
                }
                _ => return None,
            }
            if !fast.more(b'}')? {
                break;
            }
        }
    }
    fast.parser.skip_whitespace();
    let header_ok = version == Some(VERSION) && shard.as_deref() == Some(name);
    (fast.parser.at_end() && header_ok).then_some(())
}

// ----- domain → text -----

// Written field by field in a fixed order (the table in this module's documentation), a
// field equal to its default left out: the same ledger always gives the same text.

/// `t` and `y`: the rule unless it is the default, the discount if there is one.
fn write_terms_fields(writer: &mut Writer, terms: PaymentTerms) {
    if terms.rule() != PaymentTerms::default().rule() {
        writer.str_field("t", &write_terms(terms));
    }
    if let Some(discount) = terms.discount() {
        writer.key("y");
        writer.open('{');
        writer.str_field("p", &decimal_text(discount.percent(), TrailingZeros::Kept));
        writer.u64_field("d", u64::from(discount.within_days()));
        writer.close('}');
    }
}

fn write_client(writer: &mut Writer, client: &Client) {
    let details = client.details();
    let country = details.country();
    let country = country.code();
    let kind = details.kind();
    writer.open('{');
    writer.u64_field("i", client.id().raw());
    writer.str_field("n", details.name());
    writer.nonempty_field("a", details.address());
    writer.nonempty_field(
        "e",
        details
            .email()
            .map(|email| email.as_str())
            .unwrap_or_default(),
    );
    writer.nonempty_field("p", details.phone());
    writer.nonempty_field(
        "x",
        details
            .tax_id()
            .map(|tax_id| tax_id.as_str())
            .unwrap_or_default(),
    );
    writer.opt_field("c", (country != "FR").then_some(country));
    writer.opt_field("k", (kind != ClientKind::Business).then(|| kind.code()));
    write_terms_fields(writer, details.default_terms());
    writer.nonempty_field("o", details.notes());
    writer.close('}');
}

/// `id` relative to `invoice`: ids are `u64`, so the difference always fits an `i128`.
fn relative(id: u64, invoice: InvoiceId) -> i128 {
    i128::from(id) - i128::from(invoice.raw())
}

/// A row `[id, date, main, extra?, code?]`: `extra` written when not empty or when `code`
/// follows.
fn write_row(
    writer: &mut Writer,
    id: i128,
    date: NaiveDate,
    main: &str,
    extra: &str,
    code: Option<&str>,
) {
    writer.open('[');
    writer.i128(id);
    writer.string(DateText::of(date).as_str());
    writer.string(main);
    if code.is_some() || !extra.is_empty() {
        writer.string(extra);
    }
    if let Some(code) = code {
        writer.string(code);
    }
    writer.close(']');
}

fn write_payment(writer: &mut Writer, payment: &Payment) {
    let details = payment.details();
    let method = details.method();
    write_row(
        writer,
        relative(payment.id().raw(), details.invoice()),
        details.date(),
        &write_amount(details.amount()),
        details.reference(),
        (method != PaymentMethod::BankTransfer).then(|| method.code()),
    );
}

fn write_adjustment(writer: &mut Writer, adjustment: &Adjustment) {
    let details = adjustment.details();
    let kind = details.kind();
    write_row(
        writer,
        relative(adjustment.id().raw(), details.invoice()),
        details.date(),
        &write_amount(details.amount()),
        details.reason(),
        (kind != AdjustmentKind::CreditNote).then(|| adjustment_kind_code(kind)),
    );
}

/// The one-character code of a channel.
fn channel_code(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "e",
        Channel::Phone => "p",
        Channel::Letter => "l",
        Channel::RegisteredLetter => "r",
    }
}

fn channel_from_code(code: &str) -> Option<Channel> {
    Channel::ALL
        .into_iter()
        .find(|channel| channel_code(*channel) == code)
}

/// The one-character code of a dunning step.
fn step_code(step: StepKind) -> &'static str {
    match step {
        StepKind::Courtesy => "c",
        StepKind::FirstReminder => "1",
        StepKind::SecondReminder => "2",
        StepKind::FormalNotice => "n",
        StepKind::FinalNotice => "f",
    }
}

fn step_from_code(code: &str) -> Option<StepKind> {
    StepKind::ALL
        .into_iter()
        .find(|step| step_code(*step) == code)
}

/// A channel's code, left out for e-mail.
fn stored_channel(channel: Channel) -> Option<&'static str> {
    (channel != Channel::Email).then(|| channel_code(channel))
}

fn write_invoice_contact(writer: &mut Writer, contact: &ContactEntry, invoice: InvoiceId) {
    let details = contact.details();
    write_row(
        writer,
        relative(contact.id().raw(), invoice),
        details.date(),
        details.summary(),
        details.step().map(step_code).unwrap_or_default(),
        stored_channel(details.channel()),
    );
}

fn write_client_contact(writer: &mut Writer, contact: &ContactEntry) {
    let details = contact.details();
    writer.open('{');
    writer.u64_field("i", contact.id().raw());
    writer.u64_field("k", details.client().raw());
    if !details.invoices().is_empty() {
        writer.key("v");
        writer.open('[');
        for invoice in details.invoices() {
            writer.u64(invoice.raw());
        }
        writer.close(']');
    }
    writer.str_field("d", DateText::of(details.date()).as_str());
    writer.opt_field("h", stored_channel(details.channel()));
    writer.nonempty_field("s", details.summary());
    writer.opt_field("st", details.step().map(step_code));
    writer.close('}');
}

fn write_plan(writer: &mut Writer, id: PlanId, terms: PlanTerms, balance: Money) {
    let period = terms.period();
    writer.open('{');
    writer.key("i");
    writer.i128(relative(id.raw(), terms.invoice()));
    writer.str_field("a", DateText::of(terms.agreed_on()).as_str());
    writer.str_field("f", DateText::of(terms.first_due()).as_str());
    writer.u64_field("n", u64::from(terms.count()));
    writer.opt_field("w", (period != PlanPeriod::Monthly).then(|| period.code()));
    if terms.freeze_interest() {
        writer.key("z");
        writer.bool(true);
    }
    writer.str_field("b", &write_amount(balance));
    writer.close('}');
}

/// `g` alone when the amounts follow from the gross amount, `e` alone when they follow from
/// the net amount (the domain builds an `InvoiceAmount` only these two ways), both otherwise.
/// With a tax rate from 0 to 100 %, an amount entered net also follows from its gross (the
/// tax's rounding error, divided by 1 + rate, stays below half a cent), so `g` is the rule.
fn write_amount_fields(writer: &mut Writer, amount: InvoiceAmount) {
    let rate = amount.tax_rate_percent();
    let (gross, net) = if InvoiceAmount::from_gross(amount.gross(), rate) == Ok(amount) {
        (true, false)
    } else if InvoiceAmount::from_net(amount.net(), rate) == Ok(amount) {
        (false, true)
    } else {
        (true, true)
    };
    if gross {
        writer.str_field("g", &write_amount(amount.gross()));
    }
    if net {
        writer.str_field("e", &write_amount(amount.net()));
    }
}

#[derive(Default)]
struct Nested<'a> {
    payments: Vec<&'a Payment>,
    adjustments: Vec<&'a Adjustment>,
    contacts: Vec<&'a ContactEntry>,
    plans: Vec<(PlanId, PlanTerms, Money)>,
}

fn write_invoice(writer: &mut Writer, invoice: &Invoice, nested: Nested<'_>) {
    let details = invoice.details();
    let rate = details.amount().tax_rate_percent();
    let penalty = details.penalty();
    let status = invoice.status();
    let currency = details.currency();
    writer.open('{');
    writer.u64_field("i", invoice.id().raw());
    writer.str_field("n", details.number());
    writer.u64_field("k", details.client().raw());
    writer.opt_field("s", (status != InvoiceStatus::Sent).then(|| status.code()));
    writer.str_field("d", DateText::of(details.issue_date()).as_str());
    if let Some(date) = details.delivery_date() {
        writer.str_field("l", DateText::of(date).as_str());
    }
    if details.due_date_set_by_hand() {
        writer.str_field("u", DateText::of(details.due_date()).as_str());
    }
    writer.opt_field("cur", (currency != Currency::Eur).then(|| currency.code()));
    write_amount_fields(writer, details.amount());
    if !rate.is_zero() {
        writer.str_field("r", &decimal_text(rate, TrailingZeros::Kept));
    }
    write_terms_fields(writer, details.terms());
    writer.opt_field(
        "q",
        (penalty != PenaltyClause::FrB2b).then(|| penalty.regime_id()),
    );
    if let Some(rate) = penalty.annual_rate_percent() {
        writer.str_field("qr", &decimal_text(rate, TrailingZeros::Kept));
    }
    if let PenaltyClause::Fixed {
        fixed_compensation: Some(amount),
        ..
    } = penalty
    {
        writer.str_field("qc", &write_amount(amount));
    }
    writer.nonempty_field("o", details.notes());
    if !nested.payments.is_empty() {
        writer.key("p");
        writer.open('[');
        for payment in nested.payments {
            write_payment(writer, payment);
        }
        writer.close(']');
    }
    if !nested.adjustments.is_empty() {
        writer.key("a");
        writer.open('[');
        for adjustment in nested.adjustments {
            write_adjustment(writer, adjustment);
        }
        writer.close(']');
    }
    if !nested.contacts.is_empty() {
        writer.key("c");
        writer.open('[');
        for contact in nested.contacts {
            write_invoice_contact(writer, contact, invoice.id());
        }
        writer.close(']');
    }
    if !nested.plans.is_empty() {
        writer.key("w");
        writer.open('[');
        for (id, terms, balance) in nested.plans {
            write_plan(writer, id, terms, balance);
        }
        writer.close(']');
    }
    writer.close('}');
}

/// The text of one shard.
pub fn encode_shard(shard: ShardName, records: &ShardRecords) -> Result<String, EncodeError> {
    // Room for about 100 bytes a record (10,000 invoices take about 65): the text then grows
    // without being copied again and again.
    let mut writer = Writer::with_capacity(Style::Compact, 64 + 100 * records.len());
    writer.open('{');
    writer.u64_field("version", VERSION);
    writer.str_field("shard", &shard.name());
    match shard {
        ShardName::Clients => {
            if !records.clients.is_empty() {
                writer.key("clients");
                writer.open('[');
                for client in &records.clients {
                    write_client(&mut writer, client);
                }
                writer.close(']');
            }
            if !records.contacts.is_empty() {
                writer.key("contacts");
                writer.open('[');
                for contact in &records.contacts {
                    write_client_contact(&mut writer, contact);
                }
                writer.close(']');
            }
        }
        ShardName::Invoices(_) => {
            let mut nested: BTreeMap<InvoiceId, Nested<'_>> = BTreeMap::new();
            for payment in &records.payments {
                nested
                    .entry(payment.invoice())
                    .or_default()
                    .payments
                    .push(payment);
            }
            for adjustment in &records.adjustments {
                nested
                    .entry(adjustment.invoice())
                    .or_default()
                    .adjustments
                    .push(adjustment);
            }
            for contact in &records.contacts {
                if let [invoice] = contact.details().invoices() {
                    nested.entry(*invoice).or_default().contacts.push(contact);
                }
            }
            for (id, terms, balance) in &records.plans {
                nested
                    .entry(terms.invoice())
                    .or_default()
                    .plans
                    .push((*id, *terms, *balance));
            }
            if !records.invoices.is_empty() {
                writer.key("invoices");
                writer.open('[');
                for invoice in &records.invoices {
                    let hanging = nested.remove(&invoice.id()).unwrap_or_default();
                    write_invoice(&mut writer, invoice, hanging);
                }
                writer.close(']');
            }
        }
    }
    writer.close('}');
    Ok(writer.finish())
}

/// Encoding failed. Kept for the callers' error paths: writing the JSON text itself cannot
/// fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError(pub String);

impl Describe for EncodeError {
    fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => format!(
                "Relance n'a pas pu mettre le registre en forme pour l'enregistrer ({}) : rien n'a été écrit.",
                self.0
            ),
            Lang::En => format!(
                "Relance could not put the ledger into its stored form ({}): nothing was written.",
                self.0
            ),
        }
    }
}

// ----- the manifest -----

/// Where one shard is, as the manifest says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardEntry {
    pub key: String,
    pub checksum: String,
    pub records: u64,
}

/// The manifest: the revision, the next id, and where each shard is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub revision: u64,
    pub next_id: u64,
    /// One per shard, by [`ShardName::index`].
    pub shards: Vec<ShardEntry>,
}

impl Manifest {
    pub fn shard(&self, shard: ShardName) -> Option<&ShardEntry> {
        self.shards.get(shard.index())
    }
}

/// The manifest's text.
pub fn encode_manifest(manifest: &Manifest) -> Result<String, EncodeError> {
    let mut writer = Writer::new(Style::Compact);
    writer.open('{');
    writer.str_field("format", FORMAT);
    writer.u64_field("version", VERSION);
    writer.u64_field("revision", manifest.revision);
    writer.u64_field("next_id", manifest.next_id);
    writer.key("shards");
    writer.open('[');
    for (shard, entry) in ShardName::all().zip(&manifest.shards) {
        writer.open('{');
        writer.str_field("name", &shard.name());
        writer.str_field("key", &entry.key);
        writer.str_field("checksum", &entry.checksum);
        writer.u64_field("records", entry.records);
        writer.close('}');
    }
    writer.close(']');
    writer.close('}');
    Ok(writer.finish())
}

/// Why a stored ledger cannot be read as this version: it is newer, or it is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Written by a newer Relance (`found` > [`VERSION`]).
    FromTheFuture {
        found: u64,
    },
    Unreadable(DecodeError),
}

impl From<DecodeError> for ReadError {
    fn from(error: DecodeError) -> ReadError {
        ReadError::Unreadable(error)
    }
}

/// The migration dispatch: which versions this build reads. Only version 1 exists today;
/// a version 2 would read version-1 documents here and convert them.
pub fn check_version(found: u64) -> Result<(), ReadError> {
    match found {
        VERSION => Ok(()),
        0 => Err(DecodeError::UnknownVersion { found }.into()),
        newer if newer > VERSION => Err(ReadError::FromTheFuture { found: newer }),
        other => Err(DecodeError::UnknownVersion { found: other }.into()),
    }
}

/// A short piece of `text` around byte `at` (a JSON error's position), to find the record
/// at fault.
fn excerpt(text: &str, at: usize) -> String {
    const RADIUS: usize = 60;
    let bytes = text.as_bytes();
    let from = at.saturating_sub(RADIUS);
    let to = at.saturating_add(RADIUS).min(bytes.len());
    let window = bytes.get(from..to).unwrap_or_default();
    String::from_utf8_lossy(window).into_owned()
}

fn json_problem(text: &str, error: &json::Error) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    format!("{error}; near: …{}…", excerpt(text, error.at))
}

/// Reads the manifest: its version first (a newer one is reported, never misread), then its
/// shard list, which must name every shard once under a key of its own.
pub fn decode_manifest(text: &str) -> Result<Manifest, ReadError> {
    let unreadable = |error: json::Error| DecodeError::Manifest {
        detail: json_problem(text, &error),
    };
    let json = json::parse(text).map_err(unreadable)?;
    let (format, version) = read_header(&json).map_err(unreadable)?;
    if format != Some(FORMAT) {
        return Err(DecodeError::NotALedger {
            format: format.unwrap_or_default().to_string(),
        }
        .into());
    }
    check_version(version.unwrap_or(0))?;
    let dto = manifest_dto(&json).map_err(unreadable)?;
    let mut shards: Vec<Option<ShardEntry>> = vec![None; SHARD_COUNT];
    let mut keys = HashSet::new();
    for entry in dto.shards {
        let Some(shard) = ShardName::parse(&entry.name) else {
            return Err(DecodeError::UnknownShard { name: entry.name }.into());
        };
        let prefix = format!("{}{}.", super::keys::LEDGER_PREFIX, shard.name());
        if !entry.key.starts_with(&prefix) || !keys.insert(entry.key.clone()) {
            return Err(DecodeError::BadShardKey {
                shard: shard.name(),
                key: entry.key,
            }
            .into());
        }
        let Some(slot) = shards.get_mut(shard.index()) else {
            continue;
        };
        if slot.is_some() {
            return Err(DecodeError::DuplicateShard {
                shard: shard.name(),
            }
            .into());
        }
        *slot = Some(ShardEntry {
            key: entry.key,
            checksum: entry.checksum,
            records: entry.records,
        });
    }
    let mut complete = Vec::with_capacity(SHARD_COUNT);
    for (shard, entry) in ShardName::all().zip(shards) {
        match entry {
            Some(entry) => complete.push(entry),
            None => {
                return Err(DecodeError::MissingShard {
                    shard: shard.name(),
                }
                .into());
            }
        }
    }
    Ok(Manifest {
        revision: dto.revision,
        next_id: dto.next_id,
        shards: complete,
    })
}

/// The revision a manifest text claims, read leniently (for "another tab saved" messages).
pub fn manifest_revision(text: &str) -> Option<u64> {
    let json = json::parse(text).ok()?;
    let mut slots = [None];
    json.fields(&["revision"], &mut slots, UnknownFields::Ignored)
        .ok()?;
    let [revision] = slots;
    json::opt_u64(revision).ok().flatten()
}

// ----- errors -----

/// A stored record, named the way the user knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Client {
        id: Option<u64>,
        name: String,
    },
    Invoice {
        id: Option<u64>,
        number: String,
    },
    Payment {
        id: Option<u64>,
        invoice: String,
    },
    Adjustment {
        id: Option<u64>,
        invoice: String,
    },
    /// `about`: the invoice number (a contact stored in an invoice) or the client's name.
    Contact {
        id: Option<u64>,
        about: String,
    },
    Plan {
        id: Option<u64>,
        invoice: String,
    },
}

fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("« {text} »"),
        Lang::En => format!("“{text}”"),
    }
}

fn label_or_id(label: &str, id: Option<u64>, lang: Lang) -> String {
    match (label.is_empty(), id, lang) {
        (false, _, _) => quoted(label, lang),
        (true, Some(id), _) => format!("#{id}"),
        (true, None, Lang::Fr) => "sans identifiant".to_string(),
        (true, None, Lang::En) => "without an id".to_string(),
    }
}

fn id_text(id: Option<u64>) -> String {
    id.map(|id| format!(" #{id}")).unwrap_or_default()
}

impl Describe for Record {
    fn describe(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Record::Client { id, name } if fr => {
                format!("le client {}", label_or_id(name, *id, lang))
            }
            Record::Client { id, name } => format!("the client {}", label_or_id(name, *id, lang)),
            Record::Invoice { id, number } if fr => {
                format!("la facture {}", label_or_id(number, *id, lang))
            }
            Record::Invoice { id, number } => {
                format!("the invoice {}", label_or_id(number, *id, lang))
            }
            Record::Payment { id, invoice } if fr => format!(
                "le paiement{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Payment { id, invoice } => format!(
                "the payment{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Adjustment { id, invoice } if fr => format!(
                "l'avoir{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Adjustment { id, invoice } => format!(
                "the credit note{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Contact { id, about } if fr => {
                format!("l'échange{} ({})", id_text(*id), quoted(about, lang))
            }
            Record::Contact { id, about } => {
                format!(
                    "the contact entry{} ({})",
                    id_text(*id),
                    quoted(about, lang)
                )
            }
            Record::Plan { id, invoice } if fr => format!(
                "l'échéancier{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Plan { id, invoice } => format!(
                "the payment plan{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
        }
    }
}

/// A stored field, by its short name (see the table in this module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredField {
    Id,
    Name,
    TaxId,
    Country,
    ClientKind,
    Terms,
    DiscountRate,
    DiscountDays,
    Number,
    Client,
    Status,
    IssueDate,
    DeliveryDate,
    DueDate,
    Currency,
    Gross,
    Net,
    TaxRate,
    Penalty,
    PenaltyRate,
    Compensation,
    Date,
    Amount,
    Method,
    AdjustmentKind,
    Channel,
    Step,
    LinkedInvoices,
    AgreedOn,
    FirstDue,
    Count,
    Period,
    Balance,
}

impl StoredField {
    /// The field's short name in stored objects (rows hold the same fields by position, see
    /// the module documentation).
    pub fn key(self) -> &'static str {
        use StoredField::*;
        match self {
            Id => "i",
            Name | Number | Count => "n",
            TaxId => "x",
            Country => "c",
            ClientKind | Client | AdjustmentKind => "k",
            Terms => "t",
            DiscountRate => "y.p",
            DiscountDays => "y.d",
            Status => "s",
            IssueDate | Date => "d",
            DeliveryDate => "l",
            DueDate => "u",
            Currency => "cur",
            Gross => "g",
            Net => "e",
            TaxRate => "r",
            Penalty => "q",
            PenaltyRate => "qr",
            Compensation => "qc",
            Amount | AgreedOn => "a",
            Method => "m",
            Channel => "h",
            Step => "st",
            LinkedInvoices => "v",
            FirstDue => "f",
            Period => "w",
            Balance => "b",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use StoredField::*;
        let (fr, en) = match self {
            Id => ("identifiant", "id"),
            Name => ("nom", "name"),
            TaxId => ("SIREN, SIRET ou n° de TVA", "SIREN, SIRET or VAT number"),
            Country => ("pays", "country"),
            ClientKind => ("type de client", "client type"),
            Terms => ("conditions de paiement", "payment terms"),
            DiscountRate => ("taux d'escompte", "discount rate"),
            DiscountDays => ("délai d'escompte", "discount period"),
            Number => ("numéro", "number"),
            Client => ("client", "client"),
            Status => ("statut", "status"),
            IssueDate => ("date d'émission", "issue date"),
            DeliveryDate => ("date de livraison", "delivery date"),
            DueDate => ("date d'échéance", "due date"),
            Currency => ("devise", "currency"),
            Gross => ("montant TTC", "amount including tax"),
            Net => ("montant HT", "amount excluding tax"),
            TaxRate => ("taux de TVA", "tax rate"),
            Penalty => ("pénalités de retard", "late-payment penalties"),
            PenaltyRate => ("taux des pénalités", "penalty rate"),
            Compensation => ("indemnité forfaitaire", "fixed compensation"),
            Date => ("date", "date"),
            Amount => ("montant", "amount"),
            Method => ("moyen de paiement", "payment method"),
            AdjustmentKind => ("type d'avoir", "credit note type"),
            Channel => ("canal", "channel"),
            Step => ("étape de relance", "dunning step"),
            LinkedInvoices => ("factures liées", "linked invoices"),
            AgreedOn => ("date de l'accord", "agreement date"),
            FirstDue => ("première échéance", "first installment"),
            Count => ("nombre d'échéances", "number of installments"),
            Period => ("périodicité", "frequency"),
            Balance => ("solde échelonné", "balance split"),
        };
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// What is wrong with a stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    NotADate,
    NotADecimal,
    /// More decimals than the currency has: reading it would round, so it is refused.
    TooManyDecimals {
        currency: Currency,
    },
    /// Not one of the codes this version writes.
    UnknownCode,
    /// A relative id that gives no id (below 0 or beyond 2^64 − 1).
    NotAnId,
    /// Both amounts are stored and neither follows from the other with the tax rate.
    AmountsDisagree,
}

/// A domain rule refused a stored record (the same rules as the forms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    Client(ClientError),
    Invoice(InvoiceError),
    Field(FieldError),
    Terms(TermsError),
    Plan(PlanError),
}

impl Describe for RecordError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            RecordError::Client(error) => error.describe(lang),
            RecordError::Invoice(error) => error.describe(lang),
            RecordError::Field(error) => error.describe(lang),
            RecordError::Terms(error) => error.describe(lang),
            RecordError::Plan(error) => error.describe(lang),
        }
    }
}

/// Where a record is: its shard and the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub shard: String,
    pub record: Record,
}

/// Why the stored ledger cannot be read. Each names the document, and where it applies the
/// record, the field and the value at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The manifest is not JSON, or not of the manifest's shape.
    Manifest {
        detail: String,
    },
    /// The manifest's `format` is not `relance-ledger`.
    NotALedger {
        format: String,
    },
    /// A version that never existed (0, or missing).
    UnknownVersion {
        found: u64,
    },
    UnknownShard {
        name: String,
    },
    DuplicateShard {
        shard: String,
    },
    MissingShard {
        shard: String,
    },
    /// A shard key that is not under `relance.ledger.<shard>.`, or listed twice.
    BadShardKey {
        shard: String,
        key: String,
    },
    /// The manifest lists a key that holds nothing.
    ShardMissing {
        shard: String,
        key: String,
    },
    /// No manifest, but parts of a ledger are stored (`parts` keys under `relance.ledger.`,
    /// the first of them `first`): its table of contents was erased outside Relance, or a
    /// first save could not clean up after itself. Never taken for a first visit.
    ManifestMissing {
        parts: u64,
        first: String,
    },
    Checksum {
        shard: String,
        key: String,
        expected: String,
        found: String,
    },
    ShardJson {
        shard: String,
        key: String,
        detail: String,
    },
    /// The document under a shard's key says it is another shard, or of another version.
    ShardHeader {
        shard: String,
        key: String,
        found_shard: String,
        found_version: u64,
    },
    RecordCount {
        shard: String,
        expected: u64,
        found: u64,
    },
    Field {
        shard: String,
        record: Record,
        field: StoredField,
        value: String,
        problem: FieldProblem,
    },
    Invalid {
        shard: String,
        record: Record,
        error: Box<RecordError>,
    },
    /// The records are each valid but do not fit together (an invoice of an unknown client,
    /// an id used twice…). `records`: the ones involved, where they could be found.
    Inconsistent {
        error: Box<LedgerError>,
        records: Vec<Located>,
    },
}

fn shard_words(shard: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("la partie {}", quoted(shard, lang)),
        Lang::En => format!("the part {}", quoted(shard, lang)),
    }
}

fn problem_words(problem: &FieldProblem, lang: Lang) -> String {
    match (problem, lang) {
        (FieldProblem::Missing, Lang::Fr) => "manque".to_string(),
        (FieldProblem::Missing, Lang::En) => "is missing".to_string(),
        (FieldProblem::NotADate, Lang::Fr) => "n'est pas une date AAAA-MM-JJ valide".to_string(),
        (FieldProblem::NotADate, Lang::En) => "is not a valid YYYY-MM-DD date".to_string(),
        (FieldProblem::NotADecimal, Lang::Fr) => {
            "n'est pas un nombre décimal (chiffres et point)".to_string()
        }
        (FieldProblem::NotADecimal, Lang::En) => {
            "is not a decimal number (digits and a point)".to_string()
        }
        (FieldProblem::TooManyDecimals { currency }, Lang::Fr) => format!(
            "a plus de décimales que la devise {currency} n'en a ({})",
            currency.minor_units()
        ),
        (FieldProblem::TooManyDecimals { currency }, Lang::En) => format!(
            "has more decimals than the currency {currency} has ({})",
            currency.minor_units()
        ),
        (FieldProblem::UnknownCode, Lang::Fr) => {
            "n'est pas une valeur que Relance connaît".to_string()
        }
        (FieldProblem::UnknownCode, Lang::En) => "is not a value Relance knows".to_string(),
        (FieldProblem::NotAnId, Lang::Fr) => {
            "ne donne pas un identifiant valide (relatif à celui de la facture)".to_string()
        }
        (FieldProblem::NotAnId, Lang::En) => {
            "does not give a valid id (relative to the invoice's)".to_string()
        }
        (FieldProblem::AmountsDisagree, Lang::Fr) => {
            "ne correspond pas à l'autre montant et au taux de TVA".to_string()
        }
        (FieldProblem::AmountsDisagree, Lang::En) => {
            "does not agree with the other amount and the tax rate".to_string()
        }
    }
}

impl Describe for DecodeError {
    fn describe(&self, lang: Lang) -> String {
        use DecodeError::*;
        let fr = lang == Lang::Fr;
        match self {
            Manifest { detail } if fr => format!(
                "Le sommaire du registre (clé relance.ledger) n'est pas lisible{}.",
                if detail.is_empty() {
                    " : il est vide".to_string()
                } else {
                    format!(" : {detail}")
                }
            ),
            Manifest { detail } => format!(
                "The ledger's table of contents (key relance.ledger) cannot be read{}.",
                if detail.is_empty() {
                    ": it is empty".to_string()
                } else {
                    format!(": {detail}")
                }
            ),
            NotALedger { format } if fr => format!(
                "La clé relance.ledger ne contient pas un registre Relance (format {} au lieu de « {FORMAT} »).",
                quoted(format, lang)
            ),
            NotALedger { format } => format!(
                "The key relance.ledger does not hold a Relance ledger (format {} instead of “{FORMAT}”).",
                quoted(format, lang)
            ),
            UnknownVersion { found } if fr => {
                format!("Le registre enregistré porte la version {found}, qui n'a jamais existé.")
            }
            UnknownVersion { found } => {
                format!("The stored ledger says it is version {found}, which never existed.")
            }
            UnknownShard { name } if fr => format!(
                "Le sommaire du registre cite une partie inconnue, {}.",
                quoted(name, lang)
            ),
            UnknownShard { name } => format!(
                "The ledger's table of contents lists an unknown part, {}.",
                quoted(name, lang)
            ),
            DuplicateShard { shard } if fr => format!(
                "Le sommaire du registre cite deux fois {}.",
                shard_words(shard, lang)
            ),
            DuplicateShard { shard } => format!(
                "The ledger's table of contents lists {} twice.",
                shard_words(shard, lang)
            ),
            MissingShard { shard } if fr => format!(
                "Le sommaire du registre ne dit pas où est {}.",
                shard_words(shard, lang)
            ),
            MissingShard { shard } => format!(
                "The ledger's table of contents does not say where {} is.",
                shard_words(shard, lang)
            ),
            BadShardKey { shard, key } if fr => format!(
                "Le sommaire du registre range {} sous une clé qui ne lui revient pas : {key}.",
                shard_words(shard, lang)
            ),
            BadShardKey { shard, key } => format!(
                "The ledger's table of contents puts {} under a key that is not its own: {key}.",
                shard_words(shard, lang)
            ),
            ManifestMissing { parts, first } if fr => format!(
                "Le sommaire du registre (clé relance.ledger) manque, mais {parts} partie{} du registre {} enregistrée{} (par exemple {first}).",
                if *parts > 1 { "s" } else { "" },
                if *parts > 1 { "sont" } else { "est" },
                if *parts > 1 { "s" } else { "" },
            ),
            ManifestMissing { parts, first } => format!(
                "The ledger's table of contents (key relance.ledger) is missing, but {parts} part{} of the ledger {} stored (for example {first}).",
                if *parts > 1 { "s" } else { "" },
                if *parts > 1 { "are" } else { "is" },
            ),
            ShardMissing { shard, key } if fr => format!(
                "{} du registre manque : la clé {key} est vide ou a été effacée.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardMissing { shard, key } => format!(
                "{} of the ledger is missing: the key {key} is empty or was erased.",
                capitalised(&shard_words(shard, lang))
            ),
            Checksum {
                shard,
                key,
                expected,
                found,
            } if fr => format!(
                "{} du registre (clé {key}) a été modifiée ou abîmée : sa somme de contrôle est {found}, le sommaire attend {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            Checksum {
                shard,
                key,
                expected,
                found,
            } => format!(
                "{} of the ledger (key {key}) was changed or damaged: its checksum is {found}, the table of contents expects {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardJson { shard, key, detail } if fr => format!(
                "{} du registre (clé {key}) n'est pas lisible : {detail}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardJson { shard, key, detail } => format!(
                "{} of the ledger (key {key}) cannot be read: {detail}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardHeader {
                shard,
                key,
                found_shard,
                found_version,
            } if fr => format!(
                "La clé {key} devrait contenir {} en version {VERSION}, elle contient la partie {} en version {found_version}.",
                shard_words(shard, lang),
                quoted(found_shard, lang)
            ),
            ShardHeader {
                shard,
                key,
                found_shard,
                found_version,
            } => format!(
                "The key {key} should hold {} in version {VERSION}; it holds the part {} in version {found_version}.",
                shard_words(shard, lang),
                quoted(found_shard, lang)
            ),
            RecordCount {
                shard,
                expected,
                found,
            } if fr => format!(
                "{} du registre contient {found} enregistrements, le sommaire en annonce {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            RecordCount {
                shard,
                expected,
                found,
            } => format!(
                "{} of the ledger holds {found} records; the table of contents announces {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            Field {
                shard,
                record,
                field,
                value,
                problem,
            } if fr => format!(
                "Dans {}, {} : le champ « {} » {} — valeur enregistrée : {}.",
                shard_words(shard, lang),
                record.describe(lang),
                field.label(lang),
                problem_words(problem, lang),
                quoted(value, lang)
            ),
            Field {
                shard,
                record,
                field,
                value,
                problem,
            } => format!(
                "In {}, {}: the field “{}” {} — stored value: {}.",
                shard_words(shard, lang),
                record.describe(lang),
                field.label(lang),
                problem_words(problem, lang),
                quoted(value, lang)
            ),
            Invalid {
                shard,
                record,
                error,
            } if fr => format!(
                "Dans {}, {} est refusé{} : {}",
                shard_words(shard, lang),
                record.describe(lang),
                if matches!(record, Record::Invoice { .. }) {
                    "e"
                } else {
                    ""
                },
                error.describe(lang)
            ),
            Invalid {
                shard,
                record,
                error,
            } => format!(
                "In {}, {} is refused: {}",
                shard_words(shard, lang),
                record.describe(lang),
                error.describe(lang)
            ),
            Inconsistent { error, records } => {
                let involved: Vec<String> = records
                    .iter()
                    .map(|located| {
                        format!(
                            "{} ({})",
                            located.record.describe(lang),
                            shard_words(&located.shard, lang)
                        )
                    })
                    .collect();
                let involved = if involved.is_empty() {
                    String::new()
                } else if fr {
                    format!(" En cause : {}.", involved.join(", "))
                } else {
                    format!(" Involved: {}.", involved.join(", "))
                };
                if fr {
                    format!(
                        "Les enregistrements du registre ne concordent pas : {}{involved}",
                        error.describe(lang)
                    )
                } else {
                    format!(
                        "The ledger's records do not fit together: {}{involved}",
                        error.describe(lang)
                    )
                }
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ----- DTO → domain -----

/// Which kind of record an error is about.
#[derive(Clone, Copy)]
enum Kind {
    Client,
    Invoice,
    Payment,
    Adjustment,
    Contact,
    Plan,
}

/// A record as an error names it ([`Record`]), borrowed: the record is only built (its text
/// copied) when an error is reported.
#[derive(Clone, Copy)]
struct Named<'a> {
    kind: Kind,
    id: Option<u64>,
    /// The client's name, the invoice's number, or for a contact what it is about.
    label: &'a str,
}

impl Named<'_> {
    fn record(self) -> Record {
        let (id, label) = (self.id, self.label.to_string());
        match self.kind {
            Kind::Client => Record::Client { id, name: label },
            Kind::Invoice => Record::Invoice { id, number: label },
            Kind::Payment => Record::Payment { id, invoice: label },
            Kind::Adjustment => Record::Adjustment { id, invoice: label },
            Kind::Contact => Record::Contact { id, about: label },
            Kind::Plan => Record::Plan { id, invoice: label },
        }
    }
}

/// Decoding context: the shard being read, to name it in errors.
struct Reader<'a> {
    shard: &'a str,
}

impl Reader<'_> {
    fn field(
        &self,
        record: Named<'_>,
        field: StoredField,
        value: &str,
        problem: FieldProblem,
    ) -> DecodeError {
        DecodeError::Field {
            shard: self.shard.to_string(),
            record: record.record(),
            field,
            value: value.to_string(),
            problem,
        }
    }

    fn invalid(&self, record: Named<'_>, error: RecordError) -> DecodeError {
        DecodeError::Invalid {
            shard: self.shard.to_string(),
            record: record.record(),
            error: Box::new(error),
        }
    }

    fn id(&self, record: Named<'_>, id: Option<u64>) -> Result<u64, DecodeError> {
        id.ok_or_else(|| self.field(record, StoredField::Id, "", FieldProblem::Missing))
    }

    fn date(
        &self,
        record: Named<'_>,
        field: StoredField,
        text: &str,
    ) -> Result<NaiveDate, DecodeError> {
        if text.is_empty() {
            return Err(self.field(record, field, text, FieldProblem::Missing));
        }
        read_date(text).ok_or_else(|| self.field(record, field, text, FieldProblem::NotADate))
    }

    fn decimal(
        &self,
        record: Named<'_>,
        field: StoredField,
        text: &str,
    ) -> Result<Decimal, DecodeError> {
        if text.is_empty() {
            return Err(self.field(record, field, text, FieldProblem::Missing));
        }
        read_decimal(text).ok_or_else(|| self.field(record, field, text, FieldProblem::NotADecimal))
    }

    /// An amount in `currency`, exactly: more decimals than the currency has is refused.
    fn money(
        &self,
        record: Named<'_>,
        field: StoredField,
        text: &str,
        currency: Currency,
    ) -> Result<Money, DecodeError> {
        let amount = self.decimal(record, field, text)?;
        if significant_decimals(text) > currency.minor_units() {
            return Err(self.field(
                record,
                field,
                text,
                FieldProblem::TooManyDecimals { currency },
            ));
        }
        Ok(Money::new(amount, currency))
    }

    fn code<T>(
        &self,
        record: Named<'_>,
        field: StoredField,
        text: Option<&str>,
        default: T,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, DecodeError> {
        match text {
            None => Ok(default),
            Some(text) => parse(text)
                .ok_or_else(|| self.field(record, field, text, FieldProblem::UnknownCode)),
        }
    }

    fn terms(
        &self,
        record: Named<'_>,
        rule: Option<&str>,
        discount: Option<&DiscountV1>,
    ) -> Result<PaymentTerms, DecodeError> {
        let rule = match rule {
            None => PaymentTerms::default().rule(),
            Some(text) => read_rule(text).ok_or_else(|| {
                self.field(record, StoredField::Terms, text, FieldProblem::UnknownCode)
            })?,
        };
        let discount = match discount {
            None => None,
            Some(discount) => {
                let percent = self.decimal(record, StoredField::DiscountRate, &discount.percent)?;
                let days = discount.days.ok_or_else(|| {
                    self.field(record, StoredField::DiscountDays, "", FieldProblem::Missing)
                })?;
                Some(
                    EarlyPaymentDiscount::new(percent, days)
                        .map_err(|error| self.invalid(record, RecordError::Terms(error)))?,
                )
            }
        };
        PaymentTerms::new(rule, discount)
            .map_err(|error| self.invalid(record, RecordError::Terms(error)))
    }

    fn client(&self, dto: ClientV1) -> Result<Client, DecodeError> {
        let record = Named {
            kind: Kind::Client,
            id: dto.id,
            label: &dto.name,
        };
        let id = self.id(record, dto.id)?;
        let terms = self.terms(record, dto.terms.as_deref(), dto.discount.as_ref())?;
        // The form's parser checks every field as the client form does; the terms, read
        // above, may hold values the form cannot type (a fixed date beyond 9999).
        let draft = ClientDraft {
            name: dto.name.clone(),
            address: dto.address,
            email: dto.email,
            phone: dto.phone,
            tax_id: dto.tax_id,
            country: dto.country.unwrap_or_else(|| "FR".to_string()),
            kind: dto
                .kind
                .unwrap_or_else(|| ClientKind::Business.code().to_string()),
            terms: TermsDraft::from_terms(PaymentTerms::default()),
            notes: dto.notes,
        };
        let details = draft
            .parse()
            .map_err(|error| self.invalid(record, RecordError::Client(error)))?
            .with_default_terms(terms);
        Ok(Client::from_parts(ClientId::from_raw(id), details))
    }

    fn amount(
        &self,
        record: Named<'_>,
        dto: &InvoiceV1,
        currency: Currency,
    ) -> Result<InvoiceAmount, DecodeError> {
        let rate = match &dto.tax_rate {
            None => Decimal::ZERO,
            Some(text) => self.decimal(record, StoredField::TaxRate, text)?,
        };
        let refused = |error| self.invalid(record, RecordError::Field(error));
        let gross = dto
            .gross
            .as_deref()
            .map(|text| self.money(record, StoredField::Gross, text, currency))
            .transpose()?;
        let net = dto
            .net
            .as_deref()
            .map(|text| self.money(record, StoredField::Net, text, currency))
            .transpose()?;
        match (gross, net) {
            (Some(gross), None) => InvoiceAmount::from_gross(gross, rate).map_err(refused),
            (None, Some(net)) => InvoiceAmount::from_net(net, rate).map_err(refused),
            (Some(gross), Some(net)) => {
                let from_net = InvoiceAmount::from_net(net, rate)
                    .ok()
                    .filter(|a| a.gross() == gross);
                let from_gross = InvoiceAmount::from_gross(gross, rate)
                    .ok()
                    .filter(|a| a.net() == net);
                from_net.or(from_gross).ok_or_else(|| {
                    self.field(
                        record,
                        StoredField::Gross,
                        dto.gross.as_deref().unwrap_or_default(),
                        FieldProblem::AmountsDisagree,
                    )
                })
            }
            (None, None) => Err(self.field(record, StoredField::Gross, "", FieldProblem::Missing)),
        }
    }

    fn penalty(
        &self,
        record: Named<'_>,
        dto: &InvoiceV1,
        currency: Currency,
    ) -> Result<PenaltyClause, DecodeError> {
        let rate = || match dto.penalty_rate.as_deref() {
            None => Err(self.field(record, StoredField::PenaltyRate, "", FieldProblem::Missing)),
            Some(text) => self.decimal(record, StoredField::PenaltyRate, text),
        };
        let compensation = || {
            dto.compensation
                .as_deref()
                .map(|text| self.money(record, StoredField::Compensation, text, currency))
                .transpose()
        };
        let regime = dto.penalty.as_deref().unwrap_or("fr-b2b");
        PenaltyClause::from_regime_id(regime, rate, compensation).unwrap_or_else(|| {
            Err(self.field(
                record,
                StoredField::Penalty,
                regime,
                FieldProblem::UnknownCode,
            ))
        })
    }

    /// An invoice and what is stored in it, into `records`.
    fn invoice(
        &self,
        dto: &InvoiceV1,
        hanging: &HangingV1,
        records: &mut ShardRecords,
    ) -> Result<(), DecodeError> {
        let record = Named {
            kind: Kind::Invoice,
            id: dto.id,
            label: &dto.number,
        };
        let id = InvoiceId::from_raw(self.id(record, dto.id)?);
        let client = dto
            .client
            .ok_or_else(|| self.field(record, StoredField::Client, "", FieldProblem::Missing))?;
        let status = self.code(
            record,
            StoredField::Status,
            dto.status.as_deref(),
            InvoiceStatus::Sent,
            status_from_code,
        )?;
        let issue_date = self.date(record, StoredField::IssueDate, &dto.issue_date)?;
        let delivery_date = dto
            .delivery_date
            .as_deref()
            .map(|text| self.date(record, StoredField::DeliveryDate, text))
            .transpose()?;
        let due_date = dto
            .due_date
            .as_deref()
            .map(|text| self.date(record, StoredField::DueDate, text))
            .transpose()?;
        let currency = self.code(
            record,
            StoredField::Currency,
            dto.currency.as_deref(),
            Currency::Eur,
            |code| {
                Currency::ALL
                    .into_iter()
                    .find(|currency| currency.code() == code)
            },
        )?;
        let amount = self.amount(record, dto, currency)?;
        let terms = self.terms(record, dto.terms.as_deref(), dto.discount.as_ref())?;
        let penalty = self.penalty(record, dto, currency)?;
        let refused = |error| self.invalid(record, RecordError::Invoice(error));
        let details = InvoiceDetails::new(
            &dto.number,
            ClientId::from_raw(client),
            issue_date,
            amount,
            terms,
            due_date,
            penalty,
        )
        .map_err(refused)?
        .with_delivery_date(delivery_date)
        .with_notes(&dto.notes)
        .map_err(refused)?;
        let invoice = Invoice::from_parts(id, details, status);
        let number: &str = &dto.number;
        for row in &hanging.payments {
            records
                .payments
                .push(self.payment(row, id, currency, number)?);
        }
        for row in &hanging.adjustments {
            records
                .adjustments
                .push(self.adjustment(row, id, currency, number)?);
        }
        for row in &hanging.contacts {
            let contact_id = self.nested_id(id, row.id);
            let record = Named {
                kind: Kind::Contact,
                id: contact_id.as_ref().ok().copied(),
                label: number,
            };
            let contact_id = contact_id.map_err(|value| {
                self.field(record, StoredField::Id, &value, FieldProblem::NotAnId)
            })?;
            records.contacts.push(self.contact(
                record,
                ContactFields {
                    id: Some(contact_id),
                    client: Some(client),
                    invoices: Linked::One(id),
                    date: &row.date,
                    channel: row.code.as_deref(),
                    summary: &row.main,
                    step: Some(&row.extra),
                },
            )?);
        }
        for plan in &hanging.plans {
            records.plans.push(self.plan(plan, id, currency, number)?);
        }
        records.invoices.push(invoice);
        Ok(())
    }

    /// The id of a record stored in `invoice`, from its relative id; `Err`: the text of a
    /// relative id that gives no id.
    fn nested_id(&self, invoice: InvoiceId, relative: i128) -> Result<u64, String> {
        i128::from(invoice.raw())
            .checked_add(relative)
            .and_then(|id| u64::try_from(id).ok())
            .ok_or_else(|| relative.to_string())
    }

    fn payment(
        &self,
        row: &Row,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<Payment, DecodeError> {
        let id = self.nested_id(invoice, row.id);
        let record = Named {
            kind: Kind::Payment,
            id: id.as_ref().ok().copied(),
            label: number,
        };
        let id =
            id.map_err(|value| self.field(record, StoredField::Id, &value, FieldProblem::NotAnId))?;
        let date = self.date(record, StoredField::Date, &row.date)?;
        let amount = self.money(record, StoredField::Amount, &row.main, currency)?;
        let method = self.code(
            record,
            StoredField::Method,
            row.code.as_deref(),
            PaymentMethod::BankTransfer,
            |code| {
                PaymentMethod::ALL
                    .into_iter()
                    .find(|method| method.code() == code)
            },
        )?;
        let details = PaymentDetails::new(invoice, date, amount, method, &row.extra)
            .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(Payment::from_parts(PaymentId::from_raw(id), details))
    }

    fn adjustment(
        &self,
        row: &Row,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<Adjustment, DecodeError> {
        let id = self.nested_id(invoice, row.id);
        let record = Named {
            kind: Kind::Adjustment,
            id: id.as_ref().ok().copied(),
            label: number,
        };
        let id =
            id.map_err(|value| self.field(record, StoredField::Id, &value, FieldProblem::NotAnId))?;
        let date = self.date(record, StoredField::Date, &row.date)?;
        let amount = self.money(record, StoredField::Amount, &row.main, currency)?;
        let kind = self.code(
            record,
            StoredField::AdjustmentKind,
            row.code.as_deref(),
            AdjustmentKind::CreditNote,
            |code| {
                [AdjustmentKind::CreditNote, AdjustmentKind::Adjustment]
                    .into_iter()
                    .find(|kind| adjustment_kind_code(*kind) == code)
            },
        )?;
        let details = AdjustmentDetails::new(invoice, kind, date, amount, &row.extra)
            .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(Adjustment::from_parts(AdjustmentId::from_raw(id), details))
    }

    fn contact(
        &self,
        record: Named<'_>,
        fields: ContactFields<'_>,
    ) -> Result<ContactEntry, DecodeError> {
        let id = self.id(record, fields.id)?;
        let client = fields
            .client
            .ok_or_else(|| self.field(record, StoredField::Client, "", FieldProblem::Missing))?;
        let date = self.date(record, StoredField::Date, fields.date)?;
        let channel = self.code(
            record,
            StoredField::Channel,
            fields.channel,
            Channel::Email,
            channel_from_code,
        )?;
        let step = match fields.step {
            None | Some("") => None,
            Some(text) => Some(step_from_code(text).ok_or_else(|| {
                self.field(record, StoredField::Step, text, FieldProblem::UnknownCode)
            })?),
        };
        let client = ClientId::from_raw(client);
        let details = match fields.invoices {
            Linked::One(invoice) => {
                ContactDetails::about_invoice(client, date, channel, fields.summary, invoice, step)
            }
            Linked::List(invoices) => ContactDetails::new(
                client,
                date,
                channel,
                fields.summary,
                invoices.into_iter().map(InvoiceId::from_raw).collect(),
                step,
            ),
        }
        .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(ContactEntry::from_parts(ContactId::from_raw(id), details))
    }

    fn plan(
        &self,
        dto: &PlanV1,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<(PlanId, PlanTerms, Money), DecodeError> {
        let id = dto.id.map(|relative| self.nested_id(invoice, relative));
        let record = Named {
            kind: Kind::Plan,
            id: id.as_ref().and_then(|id| id.as_ref().ok().copied()),
            label: number,
        };
        let id = match id {
            None => return Err(self.field(record, StoredField::Id, "", FieldProblem::Missing)),
            Some(Err(value)) => {
                return Err(self.field(record, StoredField::Id, &value, FieldProblem::NotAnId));
            }
            Some(Ok(id)) => PlanId::from_raw(id),
        };
        let agreed_on = self.date(record, StoredField::AgreedOn, &dto.agreed_on)?;
        let first_due = self.date(record, StoredField::FirstDue, &dto.first_due)?;
        let count = dto
            .count
            .ok_or_else(|| self.field(record, StoredField::Count, "", FieldProblem::Missing))?;
        let period = self.code(
            record,
            StoredField::Period,
            dto.period.as_deref(),
            PlanPeriod::Monthly,
            |code| {
                [PlanPeriod::Weekly, PlanPeriod::Monthly]
                    .into_iter()
                    .find(|period| period.code() == code)
            },
        )?;
        let balance = self.money(record, StoredField::Balance, &dto.balance, currency)?;
        let refused = |error| self.invalid(record, RecordError::Plan(error));
        let terms = PlanTerms::new(
            invoice,
            agreed_on,
            first_due,
            count,
            period,
            dto.freeze_interest,
        )
        .map_err(refused)?;
        // The split is what the ledger rebuilds; checked here to name the plan if it fails.
        PaymentPlan::split(id, terms, balance).map_err(refused)?;
        Ok((id, terms, balance))
    }
}

/// The invoices a contact is about, as stored.
enum Linked {
    /// Stored in the invoice: about that one.
    One(InvoiceId),
    /// Stored in `clients`: the list `v`.
    List(Vec<u64>),
}

/// The fields of a contact, wherever it is stored.
struct ContactFields<'a> {
    id: Option<u64>,
    client: Option<u64>,
    invoices: Linked,
    date: &'a str,
    channel: Option<&'a str>,
    summary: &'a str,
    step: Option<&'a str>,
}

/// Reads one shard: checksum, JSON, header, records, record count. A shard of a newer
/// version is reported as such.
pub fn decode_shard(
    shard: ShardName,
    entry: &ShardEntry,
    text: &str,
) -> Result<ShardRecords, ReadError> {
    decode_hashed_shard(shard, entry, text, fnv1a_64(text.as_bytes()), None)
}

/// [`decode_shard`], given the FNV-1a 64 hash of `text` (the repository hashes every shard
/// at once, see [`fnv1a_64_each`](super::checksum::fnv1a_64_each)). With `copy`, also fills
/// it with a copy of the records (equal to them), made as each record is read: copying them
/// later, once they have left the processor's caches, is several times slower.
pub fn decode_hashed_shard(
    shard: ShardName,
    entry: &ShardEntry,
    text: &str,
    hash: u64,
    mut copy: Option<&mut ShardRecords>,
) -> Result<ShardRecords, ReadError> {
    let name = shard.name();
    let found = hex(hash);
    if found != entry.checksum {
        return Err(DecodeError::Checksum {
            shard: name,
            key: entry.key.clone(),
            expected: entry.checksum.clone(),
            found,
        }
        .into());
    }
    let reader = Reader { shard: &name };
    let mut records = ShardRecords::default();
    let fast = match shard {
        ShardName::Clients => None,
        ShardName::Invoices(_) => {
            read_invoice_shard_fast(text, &name, &reader, &mut records, copy.as_deref_mut())
        }
    };
    if fast.is_none() {
        records = read_shard_records(shard, entry, text, &reader)?;
        if let Some(copy) = copy.as_deref_mut() {
            copy.clone_from(&records);
        }
    }
    let found = u64::try_from(records.len()).unwrap_or(u64::MAX);
    if found != entry.records {
        return Err(DecodeError::RecordCount {
            shard: shard.name(),
            expected: entry.records,
            found,
        }
        .into());
    }
    // The same order for the copy: the same sort of the same records.
    records.sort();
    if let Some(copy) = copy {
        copy.sort();
    }
    Ok(records)
}

/// The records of a shard, read the ordinary way: the JSON tree, then the DTOs, then the
/// records. Every error is reported here.
fn read_shard_records(
    shard: ShardName,
    entry: &ShardEntry,
    text: &str,
    reader: &Reader,
) -> Result<ShardRecords, ReadError> {
    let name = reader.shard;
    let unreadable = |error: json::Error| -> ReadError {
        DecodeError::ShardJson {
            shard: name.to_string(),
            key: entry.key.clone(),
            detail: json_problem(text, &error),
        }
        .into()
    };
    let json = json::parse(text).map_err(unreadable)?;
    let json_error = |error: json::Error| -> ReadError {
        // A newer version may have changed the records: say so rather than "damaged".
        match read_header(&json) {
            Ok((_, Some(version))) if version > VERSION => {
                ReadError::FromTheFuture { found: version }
            }
            _ => unreadable(error),
        }
    };
    let check_header = |found_shard: &str, found_version: u64| -> Result<(), ReadError> {
        if found_version > VERSION {
            return Err(ReadError::FromTheFuture {
                found: found_version,
            });
        }
        if found_shard != name || found_version != VERSION {
            return Err(DecodeError::ShardHeader {
                shard: name.to_string(),
                key: entry.key.clone(),
                found_shard: found_shard.to_string(),
                found_version,
            }
            .into());
        }
        Ok(())
    };
    let mut records = ShardRecords::default();
    match shard {
        ShardName::Clients => {
            let dto = clients_shard_dto(&json).map_err(json_error)?;
            check_header(&dto.shard, dto.version)?;
            let mut names: BTreeMap<u64, String> = BTreeMap::new();
            for client in dto.clients {
                let client = reader.client(client)?;
                names.insert(client.id().raw(), client.name().to_string());
                records.clients.push(client);
            }
            for contact in dto.contacts {
                let about = contact
                    .client
                    .and_then(|id| names.get(&id).cloned())
                    .or_else(|| contact.client.map(|id| format!("#{id}")))
                    .unwrap_or_default();
                let record = Named {
                    kind: Kind::Contact,
                    id: contact.id,
                    label: &about,
                };
                records.contacts.push(reader.contact(
                    record,
                    ContactFields {
                        id: contact.id,
                        client: contact.client,
                        invoices: Linked::List(contact.invoices),
                        date: &contact.date,
                        channel: contact.channel.as_deref(),
                        summary: &contact.summary,
                        step: contact.step.as_deref(),
                    },
                )?);
            }
        }
        ShardName::Invoices(_) => {
            let dto = invoice_shard_dto(&json).map_err(json_error)?;
            check_header(dto.shard, dto.version)?;
            for (invoice, hanging) in &dto.invoices {
                reader.invoice(invoice, hanging, &mut records)?;
            }
        }
    }
    Ok(records)
}

/// Rebuilds the ledger from every shard's records (by [`ShardName::index`]), checking that
/// they fit together ([`Ledger::from_parts`]). On error, names the records involved.
pub fn assemble(next_id: u64, shards: &[ShardRecords]) -> Result<Ledger, DecodeError> {
    assemble_copies(next_id, shards.to_vec(), shards)
}

/// [`assemble`], given a copy of `shards` to take the records from (the repository copies
/// each shard as soon as it is read, while its records are still in the processor's caches).
pub fn assemble_copies(
    next_id: u64,
    copies: Vec<ShardRecords>,
    shards: &[ShardRecords],
) -> Result<Ledger, DecodeError> {
    let mut parts = LedgerParts {
        next_id,
        ..LedgerParts::default()
    };
    let count = |kind: fn(&ShardRecords) -> usize| copies.iter().map(kind).sum::<usize>();
    parts
        .clients
        .reserve(count(|records| records.clients.len()));
    parts
        .invoices
        .reserve(count(|records| records.invoices.len()));
    parts
        .payments
        .reserve(count(|records| records.payments.len()));
    parts
        .adjustments
        .reserve(count(|records| records.adjustments.len()));
    parts.plans.reserve(count(|records| records.plans.len()));
    let count_contacts = count(|records| records.contacts.len());
    // A live ledger links contacts to invoices in the order they were logged (by id). Each
    // shard's are sorted by id already: they are merged, a contact of an earlier shard first
    // when two have the same id (as a stable sort of them all would place them).
    let mut lists = Vec::with_capacity(copies.len());
    for records in copies {
        parts.clients.extend(records.clients);
        parts.invoices.extend(records.invoices);
        parts.payments.extend(records.payments);
        parts.adjustments.extend(records.adjustments);
        parts.plans.extend(records.plans);
        lists.push(records.contacts.into_iter());
    }
    let mut heads: Vec<Option<ContactEntry>> = lists.iter_mut().map(Iterator::next).collect();
    parts.contacts.reserve(count_contacts);
    loop {
        let first = (heads.iter().enumerate())
            .filter_map(|(at, head)| Some((head.as_ref()?.id(), at)))
            .min();
        let Some((_, at)) = first else {
            break;
        };
        let (Some(head), Some(list)) = (heads.get_mut(at), lists.get_mut(at)) else {
            break;
        };
        if let Some(contact) = std::mem::replace(head, list.next()) {
            parts.contacts.push(contact);
        }
    }
    Ledger::from_parts(parts).map_err(|error| DecodeError::Inconsistent {
        records: involved(&error, shards),
        error: Box::new(error),
    })
}

/// The records a ledger error is about, found by the ids and numbers it names.
fn involved(error: &LedgerError, shards: &[ShardRecords]) -> Vec<Located> {
    let mut found = Vec::new();
    for (shard, records) in ShardName::all().zip(shards) {
        let number_of = |invoice: InvoiceId| {
            shards
                .iter()
                .flat_map(|records| &records.invoices)
                .find(|candidate| candidate.id() == invoice)
                .map(|candidate| candidate.number().to_string())
                .unwrap_or_else(|| invoice.to_string())
        };
        let mut push = |record: Record| {
            found.push(Located {
                shard: shard.name(),
                record,
            });
        };
        let invoice_record = |invoice: &Invoice| Record::Invoice {
            id: Some(invoice.id().raw()),
            number: invoice.number().to_string(),
        };
        match error {
            LedgerError::UnknownClient(client) => {
                for invoice in records.invoices.iter().filter(|i| i.client() == *client) {
                    push(invoice_record(invoice));
                }
                for contact in records.contacts.iter().filter(|c| c.client() == *client) {
                    push(Record::Contact {
                        id: Some(contact.id().raw()),
                        about: client.to_string(),
                    });
                }
            }
            LedgerError::UnknownInvoice(invoice) => {
                let number = invoice.to_string();
                for payment in records.payments.iter().filter(|p| p.invoice() == *invoice) {
                    push(Record::Payment {
                        id: Some(payment.id().raw()),
                        invoice: number.clone(),
                    });
                }
                for item in records
                    .adjustments
                    .iter()
                    .filter(|a| a.invoice() == *invoice)
                {
                    push(Record::Adjustment {
                        id: Some(item.id().raw()),
                        invoice: number.clone(),
                    });
                }
                for contact in records
                    .contacts
                    .iter()
                    .filter(|c| c.details().invoices().contains(invoice))
                {
                    push(Record::Contact {
                        id: Some(contact.id().raw()),
                        about: number.clone(),
                    });
                }
                for (id, _, _) in records
                    .plans
                    .iter()
                    .filter(|(_, t, _)| t.invoice() == *invoice)
                {
                    push(Record::Plan {
                        id: Some(id.raw()),
                        invoice: number.clone(),
                    });
                }
            }
            LedgerError::DuplicateId { id } => {
                for client in records.clients.iter().filter(|c| c.id().raw() == *id) {
                    push(Record::Client {
                        id: Some(*id),
                        name: client.name().to_string(),
                    });
                }
                for invoice in records.invoices.iter().filter(|i| i.id().raw() == *id) {
                    push(invoice_record(invoice));
                }
                for payment in records.payments.iter().filter(|p| p.id().raw() == *id) {
                    push(Record::Payment {
                        id: Some(*id),
                        invoice: number_of(payment.invoice()),
                    });
                }
                for item in records.adjustments.iter().filter(|a| a.id().raw() == *id) {
                    push(Record::Adjustment {
                        id: Some(*id),
                        invoice: number_of(item.invoice()),
                    });
                }
                for contact in records.contacts.iter().filter(|c| c.id().raw() == *id) {
                    push(Record::Contact {
                        id: Some(*id),
                        about: contact.client().to_string(),
                    });
                }
                for (plan, terms, _) in records.plans.iter().filter(|(p, _, _)| p.raw() == *id) {
                    push(Record::Plan {
                        id: Some(plan.raw()),
                        invoice: number_of(terms.invoice()),
                    });
                }
            }
            LedgerError::DuplicateInvoiceNumber { number }
            | LedgerError::CurrencyMismatch { number, .. }
            | LedgerError::InvoiceIsDraft { number }
            | LedgerError::InvoiceNotOfClient { number, .. }
            | LedgerError::PlanAlreadyKept { number, .. }
            | LedgerError::InvoiceNotReceivable { number } => {
                for invoice in records.invoices.iter().filter(|i| i.number() == number) {
                    push(invoice_record(invoice));
                }
            }
            _ => {}
        }
    }
    found
}

/// Every shard's text, and the manifest naming them under keys built by `key_of` (for
/// tests, benchmarks and the size budget: the repository writes only the changed shards).
pub fn encode_all(
    ledger: &Ledger,
    revision: u64,
    key_of: impl Fn(ShardName) -> String,
) -> Result<(String, Vec<(String, String)>), EncodeError> {
    let shards = split(ledger);
    let mut texts = Vec::with_capacity(SHARD_COUNT);
    let mut entries = Vec::with_capacity(SHARD_COUNT);
    let mut highest = 0;
    visit(ledger, |_, item| highest = highest.max(item.raw_id()));
    for (shard, records) in ShardName::all().zip(&shards) {
        let text = encode_shard(shard, records)?;
        let key = key_of(shard);
        entries.push(ShardEntry {
            key: key.clone(),
            checksum: checksum(&text),
            records: u64::try_from(records.len()).unwrap_or(u64::MAX),
        });
        texts.push((key, text));
    }
    let manifest = encode_manifest(&Manifest {
        revision,
        // The ledger's own next id is above every id it holds; `highest` guards anyway.
        next_id: ledger.next_id().max(highest.saturating_add(1)),
        shards: entries,
    })?;
    Ok((manifest, texts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The invoice shards of the golden fixture (tests/fixtures/storage/ledger-v1): name,
    /// text.
    fn fixture_invoice_shards() -> Vec<(String, String)> {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/storage/ledger-v1"
        );
        (0..INVOICE_SHARDS)
            .map(|n| {
                let name = ShardName::Invoices(n).name();
                let path = format!("{dir}/relance.ledger.{name}.1-golden");
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(!text.is_empty(), "{path}");
                (name, text)
            })
            .collect()
    }

    /// An invoice shard read by `Fast` (`None`: it gave up) and the ordinary way.
    fn read_both_ways(
        name: &str,
        text: &str,
    ) -> (Option<ShardRecords>, Result<ShardRecords, ReadError>) {
        let shard = ShardName::parse(name).unwrap_or(ShardName::Invoices(0));
        let entry = ShardEntry {
            key: "k".into(),
            checksum: checksum(text),
            records: 0,
        };
        let reader = Reader { shard: name };
        let mut records = ShardRecords::default();
        let fast =
            read_invoice_shard_fast(text, name, &reader, &mut records, None).map(|()| records);
        (fast, read_shard_records(shard, &entry, text, &reader))
    }

    /// What `Fast` reads, the ordinary way reads too, into the same records.
    #[track_caller]
    fn assert_fast_agrees(name: &str, text: &str) -> bool {
        let (fast, ordinary) = read_both_ways(name, text);
        match fast {
            Some(records) => {
                assert_eq!(Ok(&records), ordinary.as_ref(), "{text}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn invoice_fields_are_found_by_name() {
        for (place, name) in INVOICE_FIELDS.iter().enumerate() {
            assert_eq!(
                invoice_field(name.as_bytes()).map(|at| at as usize),
                Some(place)
            );
        }
        for other in ["", "x", "v", "h", "st", "cu", "curr", "qq", "I", "id"] {
            assert_eq!(invoice_field(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn invoice_shards_are_read_without_the_tree_into_the_same_records() {
        for (name, text) in fixture_invoice_shards() {
            assert!(assert_fast_agrees(&name, &text), "{name}: {text}");
            // Whitespace wherever JSON allows it.
            let pretty = json::parse(&text)
                .map(|tree| json::write(&tree, Style::Pretty))
                .unwrap_or_default();
            assert!(assert_fast_agrees(&name, &pretty), "{name}: {pretty}");
        }
    }

    /// Every text one edit away from the fixture's shards (a character removed, or a piece of
    /// JSON inserted anywhere): `Fast` gives up, or reads what the ordinary way reads.
    #[test]
    fn invoice_shards_one_edit_away_are_read_alike_or_left_to_the_tree() {
        const PIECES: [&str; 22] = [
            " ",
            "\n",
            ",",
            "\"",
            "\\",
            "\\n",
            "\\u0041",
            "null",
            "0",
            "-",
            ".5",
            "e1",
            "{",
            "}",
            "[",
            "]",
            ":",
            "\"i\":1,",
            "\"zz\":1,",
            "\"w\":[],",
            "é",
            "\u{1}",
        ];
        let mut read_fast = 0;
        for (name, text) in fixture_invoice_shards() {
            let places: Vec<usize> = (0..=text.len())
                .filter(|at| text.is_char_boundary(*at))
                .collect();
            for (index, at) in places.iter().enumerate() {
                if let Some(next) = places.get(index + 1) {
                    let mut edited = text.clone();
                    edited.replace_range(at..next, "");
                    read_fast += usize::from(assert_fast_agrees(&name, &edited));
                }
                for piece in PIECES {
                    let mut edited = text.clone();
                    edited.insert_str(*at, piece);
                    read_fast += usize::from(assert_fast_agrees(&name, &edited));
                }
            }
        }
        // Some edits keep the shard readable (a space, a digit in a text…): `Fast` reads them.
        assert!(read_fast > 1000, "{read_fast}");
    }

    #[test]
    fn shard_names_round_trip_and_cover_every_invoice() {
        let names: Vec<String> = ShardName::all().map(ShardName::name).collect();
        assert_eq!(names.len(), SHARD_COUNT);
        assert_eq!(names.first().map(String::as_str), Some("clients"));
        assert_eq!(names.last().map(String::as_str), Some("i15"));
        for (index, shard) in ShardName::all().enumerate() {
            assert_eq!(ShardName::parse(&shard.name()), Some(shard));
            assert_eq!(shard.index(), index);
        }
        for bad in ["i16", "i7", "i007", "I01", "client", "", "i-1", "i+1"] {
            assert_eq!(ShardName::parse(bad), None, "{bad}");
        }
        // Fixed forever: a stored invoice must be looked for where it was written.
        let spread: Vec<u8> = (1..=8)
            .map(
                |raw| match ShardName::of_invoice(InvoiceId::from_raw(raw)) {
                    ShardName::Invoices(n) => n,
                    ShardName::Clients => 99,
                },
            )
            .collect();
        assert_eq!(spread, [9, 3, 13, 7, 1, 11, 5, 15]);
        assert!(matches!(
            ShardName::of_invoice(InvoiceId::from_raw(u64::MAX)),
            ShardName::Invoices(_)
        ));
    }

    #[test]
    fn invoices_allocated_at_any_stride_spread_over_every_shard() {
        // Ids come from one counter: each invoice followed by its payments and contacts
        // gives invoice ids at a regular stride. Every stride must fill all 16 shards evenly.
        for stride in 1..=100u64 {
            let mut counts = [0u32; INVOICE_SHARDS as usize];
            for k in 0..1600u64 {
                if let ShardName::Invoices(n) =
                    ShardName::of_invoice(InvoiceId::from_raw(1 + k * stride))
                {
                    counts[usize::from(n)] += 1;
                }
            }
            let (least, most) = (counts.iter().min(), counts.iter().max());
            assert!(
                least >= Some(&50) && most <= Some(&150),
                "stride {stride}: {counts:?}"
            );
        }
    }

    #[test]
    fn dates_are_written_in_iso_form_across_chronos_whole_range() {
        for date in [
            NaiveDate::from_ymd_opt(2026, 1, 31),
            NaiveDate::from_ymd_opt(2024, 2, 29),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(0, 1, 1),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(10_000, 1, 1),
            NaiveDate::from_ymd_opt(-1, 12, 31),
            NaiveDate::from_ymd_opt(-4, 2, 29),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ]
        .into_iter()
        .flatten()
        {
            let text = write_date(date);
            assert_eq!(read_date(&text), Some(date), "{text}");
        }
        assert_eq!(
            NaiveDate::from_ymd_opt(2026, 3, 5).map(write_date),
            Some("2026-03-05".to_string())
        );
        assert_eq!(
            NaiveDate::from_ymd_opt(10_000, 3, 5).map(write_date),
            Some("+10000-03-05".to_string())
        );
        for bad in [
            "",
            "2026-02-30",
            "2026-2-3",
            "+2026",
            "+20-01-01",
            "-",
            "+",
            "2026-01-01T",
            "+10000-13-01",
            "+1000a-01-01",
            "é",
            "-é",
            "+ééé-01-01",
        ] {
            assert_eq!(read_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decimals_are_read_only_in_their_written_form() {
        assert_eq!(
            read_decimal("1234.56").map(|d| d.to_string()),
            Some("1234.56".into())
        );
        assert_eq!(read_decimal("20.0").map(|d| d.scale()), Some(1));
        assert_eq!(
            read_decimal("-0.5").map(|d| d.to_string()),
            Some("-0.5".into())
        );
        for bad in [
            "", "1_000", "1e3", "1,5", " 1", "1.", ".5", "+1", "-", "1.2.3", "NaN",
        ] {
            assert_eq!(read_decimal(bad), None, "{bad:?}");
        }
        // Beyond what a Decimal holds exactly: refused, not rounded.
        assert_eq!(read_decimal("0.00000000000000000000000000001"), None);
        assert_eq!(read_decimal("99999999999999999999999999999999"), None);
    }

    #[test]
    fn decimals_are_written_as_rust_decimal_writes_them() {
        let mut decimals = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, -Decimal::ZERO];
        let mut state = 0x5eed_u64;
        for scale in 0..=28 {
            for mantissa in [0u64, 1, 5, 10, 100, 120, 123_450, 9_999_999, u64::MAX] {
                for negative in [false, true] {
                    let low = u32::try_from(mantissa & 0xffff_ffff).unwrap_or(0);
                    let middle = u32::try_from(mantissa >> 32).unwrap_or(0);
                    decimals.push(Decimal::from_parts(low, middle, 0, negative, scale));
                    decimals.push(Decimal::from_parts(low, middle, 7, negative, scale));
                }
            }
            for _ in 0..50 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let low = u32::try_from(state >> 32).unwrap_or(0);
                let middle = u32::try_from(state & 0xff).unwrap_or(0);
                decimals.push(Decimal::from_parts(low, middle, 0, false, scale));
            }
        }
        for decimal in decimals {
            assert_eq!(
                decimal_text(decimal, TrailingZeros::Kept),
                decimal.to_string(),
                "{decimal:?}"
            );
            assert_eq!(
                decimal_text(decimal, TrailingZeros::Dropped),
                decimal.normalize().to_string(),
                "{decimal:?}"
            );
        }
    }

    #[test]
    fn dates_are_written_as_format_writes_them() {
        let mut date = NaiveDate::from_ymd_opt(0, 1, 1);
        while let Some(day) = date.filter(|day| day.year() <= 9999) {
            let expected = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day());
            assert_eq!(write_date(day), expected);
            date = day.checked_add_days(chrono::Days::new(97));
        }
    }

    /// Where the text is a decimal as written, the shortcut for short ones gives the very
    /// decimal (mantissa and scale) `from_str_exact` gives.
    #[test]
    fn short_decimals_are_read_as_from_str_exact_reads_them() {
        let mut texts: Vec<String> = Vec::new();
        for whole in [
            "0",
            "00",
            "7",
            "10",
            "1234",
            "9999999999",
            "18446744073709551615",
        ] {
            for fraction in ["", "0", "5", "50", "05", "25", "123456789", "000000000"] {
                for sign in ["", "-"] {
                    let text = if fraction.is_empty() {
                        format!("{sign}{whole}")
                    } else {
                        format!("{sign}{whole}.{fraction}")
                    };
                    texts.push(text);
                }
            }
        }
        for digits in 1..=21 {
            let nines = "9".repeat(digits);
            texts.push(nines.clone());
            for point in 1..digits {
                texts.push(format!("{}.{}", &nines[..point], &nines[point..]));
            }
        }
        texts.extend(
            [
                "0.000",
                "-0.0",
                "100",
                "100.00",
                "1.10",
                "79228162514264337593543950335",
                "7922816251426433759354395033.5",
                "0.0000000000000000000000000001",
                "0.1000000000000000000000000000",
            ]
            .map(String::from),
        );
        for text in &texts {
            if let Some(decimal) = read_decimal(text) {
                assert_eq!(
                    significant_decimals(text),
                    decimal.normalize().scale(),
                    "{text}"
                );
            }
            let expected = Decimal::from_str_exact(text).ok();
            let read = read_decimal(text);
            assert_eq!(
                read.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())),
                expected.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())),
                "{text}"
            );
        }
    }

    #[test]
    fn terms_round_trip() {
        for rule in [
            DueRule::OnReceipt,
            DueRule::Net { days: 0 },
            DueRule::Net { days: 45 },
            DueRule::DaysThenEndOfMonth { days: 45 },
            DueRule::EndOfMonthThenDays { days: 999 },
            DueRule::FixedDate {
                date: NaiveDate::MAX,
            },
        ] {
            let Ok(terms) = PaymentTerms::new(rule, None) else {
                panic!("{rule:?}")
            };
            assert_eq!(read_rule(&write_terms(terms)), Some(rule));
        }
        for bad in [
            "net",
            "net ",
            "net -1",
            "net 1.5",
            "weekly 3",
            "fixed-date 2026-02-30",
        ] {
            assert_eq!(read_rule(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_dispatch() {
        assert_eq!(check_version(1), Ok(()));
        assert_eq!(
            check_version(0),
            Err(ReadError::Unreadable(DecodeError::UnknownVersion {
                found: 0
            }))
        );
        assert_eq!(check_version(2), Err(ReadError::FromTheFuture { found: 2 }));
        assert_eq!(
            check_version(u64::MAX),
            Err(ReadError::FromTheFuture { found: u64::MAX })
        );
    }
}
