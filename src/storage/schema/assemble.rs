//! The ledger rebuilt from every shard's records ([`Ledger::from_parts`]) and, when they do not
//! fit together, the records involved.

use super::errors::{DecodeError, Located, Record};
use super::layout::{ShardName, ShardRecords};
use crate::domain::{ContactEntry, Invoice, InvoiceId, Ledger, LedgerError, LedgerParts};

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
        records: records_involved(&error, shards),
        error: Box::new(error),
    })
}

/// The records a ledger error is about, found by the ids and numbers it names.
fn records_involved(error: &LedgerError, shards: &[ShardRecords]) -> Vec<Located> {
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
