//! Domain → text: the shards and the manifest, written straight from the domain types.
//!
//! Written field by field in a fixed order (the table in the documentation of `schema`), a
//! field equal to its default left out: the same ledger always gives the same text.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::layout::{
    FORMAT, Manifest, SHARD_COUNT, ShardEntry, ShardName, ShardRecords, VERSION, split, visit,
};
use super::values::{
    DateText, TrailingZeros, adjustment_kind_code, decimal_text, step_code, stored_channel,
    write_amount, write_terms,
};
use crate::domain::{
    Adjustment, AdjustmentKind, Client, ClientKind, ContactEntry, Currency, Invoice, InvoiceAmount,
    InvoiceId, InvoiceStatus, Ledger, Money, Payment, PaymentMethod, PaymentTerms, PenaltyClause,
    PlanId, PlanPeriod, PlanTerms,
};
use crate::i18n::{Describe, Lang};
use crate::storage::checksum::checksum;
use crate::storage::json::{Style, Writer};

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
    if details.is_demo() {
        writer.key("z");
        writer.bool(true);
    }
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

/// What is stored in an invoice (its payments, credit notes, contacts and plans), gathered to
/// be written in it.
#[derive(Default)]
struct Hanging<'a> {
    payments: Vec<&'a Payment>,
    adjustments: Vec<&'a Adjustment>,
    contacts: Vec<&'a ContactEntry>,
    plans: Vec<(PlanId, PlanTerms, Money)>,
}

fn write_invoice(writer: &mut Writer, invoice: &Invoice, nested: Hanging<'_>) {
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
            let mut nested: BTreeMap<InvoiceId, Hanging<'_>> = BTreeMap::new();
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
