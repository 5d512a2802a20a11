//! The documents of version 1 as DTOs (data transfer objects), and how each is read from its
//! JSON tree (`storage::json`).
//!
//! A document is first read whole into these, by walking its JSON tree, and only then checked
//! against the domain's rules (`to_domain`): a text of the wrong shape (a field unknown, named
//! twice or of the wrong kind, a row too short or too long) is reported as such (`ShardJson`,
//! `Manifest`) whatever its records hold. A field left out takes its default. Their texts are
//! borrowed from the document (copied only by the domain's constructors). Invoice shards are
//! first read without the tree (`invoice_text_reader`), into the same DTOs.

use std::borrow::Cow;

use crate::storage::json::{self, Json, UnknownFields};

/// The manifest, `relance.ledger` (its `format` and `version` are checked, not kept).
pub(super) struct ManifestV1 {
    pub(super) revision: u64,
    pub(super) next_id: u64,
    pub(super) shards: Vec<ShardEntryV1>,
}

pub(super) struct ShardEntryV1 {
    pub(super) name: String,
    pub(super) key: String,
    pub(super) checksum: String,
    pub(super) records: u64,
}

pub(super) fn manifest_dto(json: &Json) -> Result<ManifestV1, json::Error> {
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

pub(super) struct ClientsShardV1<'a> {
    pub(super) version: u64,
    pub(super) shard: String,
    pub(super) clients: Vec<ClientV1<'a>>,
    pub(super) contacts: Vec<ClientContactV1>,
}

pub(super) fn clients_shard_dto<'s>(json: &'s Json<'_>) -> Result<ClientsShardV1<'s>, json::Error> {
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
pub(super) type Text<'a> = Cow<'a, str>;

/// A string field: empty when absent (but not `null`).
fn text<'s>(slot: Option<&'s Json<'_>>) -> Result<Text<'s>, json::Error> {
    slot.map_or(Ok(""), Json::as_str).map(Cow::Borrowed)
}

/// A string field that may be absent or `null`.
fn opt_text<'s>(slot: Option<&'s Json<'_>>) -> Result<Option<Text<'s>>, json::Error> {
    Ok(json::opt_str(slot)?.map(Cow::Borrowed))
}

pub(super) struct InvoiceShardV1<'a> {
    pub(super) version: u64,
    pub(super) shard: &'a str,
    pub(super) invoices: Vec<(InvoiceV1<'a>, HangingV1<'a>)>,
}

pub(super) fn invoice_shard_dto<'s>(json: &'s Json<'_>) -> Result<InvoiceShardV1<'s>, json::Error> {
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
pub(super) struct DiscountV1<'a> {
    pub(super) percent: Text<'a>,
    pub(super) days: Option<u32>,
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

pub(super) struct ClientV1<'a> {
    pub(super) id: Option<u64>,
    pub(super) name: String,
    pub(super) address: String,
    pub(super) email: String,
    pub(super) phone: String,
    pub(super) tax_id: String,
    pub(super) country: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) terms: Option<String>,
    pub(super) discount: Option<DiscountV1<'a>>,
    pub(super) notes: String,
    /// Version 2: part of the demo books.
    pub(super) demo: bool,
}

fn client_dto<'s>(json: &'s Json<'_>) -> Result<ClientV1<'s>, json::Error> {
    let mut slots = [None; 12];
    json.fields(
        &["i", "n", "a", "e", "p", "x", "c", "k", "t", "y", "o", "z"],
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
        demo,
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
        demo: json::flag(demo)?,
    })
}

/// An invoice's own fields (what is stored in it is in [`HangingV1`]). `Default`: every
/// field left out.
#[derive(Default)]
pub(super) struct InvoiceV1<'a> {
    pub(super) id: Option<u64>,
    pub(super) number: Text<'a>,
    pub(super) client: Option<u64>,
    pub(super) status: Option<Text<'a>>,
    pub(super) issue_date: Text<'a>,
    pub(super) delivery_date: Option<Text<'a>>,
    pub(super) due_date: Option<Text<'a>>,
    pub(super) currency: Option<Text<'a>>,
    pub(super) gross: Option<Text<'a>>,
    pub(super) net: Option<Text<'a>>,
    pub(super) tax_rate: Option<Text<'a>>,
    pub(super) terms: Option<Text<'a>>,
    pub(super) discount: Option<DiscountV1<'a>>,
    pub(super) penalty: Option<Text<'a>>,
    pub(super) penalty_rate: Option<Text<'a>>,
    pub(super) compensation: Option<Text<'a>>,
    pub(super) notes: Text<'a>,
}

/// What is stored in an invoice: its payments, credit notes, contacts (rows) and plans.
#[derive(Default)]
pub(super) struct HangingV1<'a> {
    pub(super) payments: Vec<Row<'a>>,
    pub(super) adjustments: Vec<Row<'a>>,
    pub(super) contacts: Vec<Row<'a>>,
    pub(super) plans: Vec<PlanV1<'a>>,
}

impl HangingV1<'_> {
    pub(super) fn clear(&mut self) {
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
pub(super) fn invoice_field(name: &[u8]) -> Option<u32> {
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
pub(super) struct Row<'a> {
    /// Relative to the invoice's id.
    pub(super) id: i128,
    pub(super) date: Text<'a>,
    pub(super) main: Text<'a>,
    pub(super) extra: Text<'a>,
    pub(super) code: Option<Text<'a>>,
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
pub(super) struct ClientContactV1 {
    pub(super) id: Option<u64>,
    pub(super) client: Option<u64>,
    pub(super) invoices: Vec<u64>,
    pub(super) date: String,
    pub(super) channel: Option<String>,
    pub(super) summary: String,
    pub(super) step: Option<String>,
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
pub(super) struct PlanV1<'a> {
    /// Relative to the invoice's id.
    pub(super) id: Option<i128>,
    pub(super) agreed_on: Text<'a>,
    pub(super) first_due: Text<'a>,
    pub(super) count: Option<u32>,
    pub(super) period: Option<Text<'a>>,
    pub(super) freeze_interest: bool,
    pub(super) balance: Text<'a>,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
