//! Reading the stored texts the ordinary way: the JSON tree, then the DTOs, then the domain
//! records, every error reported exactly. The manifest is read so; a shard too
//! ([`decode_shard`]), once an invoice shard's quicker reading straight from its text
//! (`invoice_text_reader`) has given up.

use std::collections::{BTreeMap, HashSet};

use super::dto::{clients_shard_dto, invoice_shard_dto, manifest_dto};
use super::errors::{DecodeError, ReadError};
use super::invoice_text_reader::read_invoice_shard_from_text;
use super::layout::{
    FORMAT, Manifest, OLDEST_READ, SHARD_COUNT, ShardEntry, ShardName, ShardRecords, VERSION,
};
use super::to_domain::{ContactFields, LinkedInvoices, RecordConverter, RecordKind, RecordName};
use crate::storage::checksum::{fnv1a_64, hex};
use crate::storage::json::{self, UnknownFields, read_header};

/// The migration dispatch: which versions this build reads. Version 2 added the demo flag of
/// clients (`z`, absent means not demo), so version-1 documents read as they are.
pub fn check_version(found: u64) -> Result<(), ReadError> {
    match found {
        OLDEST_READ..=VERSION => Ok(()),
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
        let prefix = format!("{}{}.", crate::storage::keys::LEDGER_PREFIX, shard.name());
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
/// at once, see [`fnv1a_64_each`](crate::storage::checksum::fnv1a_64_each)). With `copy`, also fills
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
    let converter = RecordConverter { shard: &name };
    let mut records = ShardRecords::default();
    let from_text = match shard {
        ShardName::Clients => None,
        ShardName::Invoices(_) => {
            read_invoice_shard_from_text(text, &name, &converter, &mut records, copy.as_deref_mut())
        }
    };
    if from_text.is_none() {
        records = read_shard_from_tree(shard, entry, text, &converter)?;
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
pub(super) fn read_shard_from_tree(
    shard: ShardName,
    entry: &ShardEntry,
    text: &str,
    converter: &RecordConverter,
) -> Result<ShardRecords, ReadError> {
    let name = converter.shard;
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
        if found_shard != name || !(OLDEST_READ..=VERSION).contains(&found_version) {
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
                let client = converter.client(client)?;
                names.insert(client.id().raw(), client.name().to_string());
                records.clients.push(client);
            }
            for contact in dto.contacts {
                let about = contact
                    .client
                    .and_then(|id| names.get(&id).cloned())
                    .or_else(|| contact.client.map(|id| format!("#{id}")))
                    .unwrap_or_default();
                let record = RecordName {
                    kind: RecordKind::Contact,
                    id: contact.id,
                    label: &about,
                };
                records.contacts.push(converter.contact(
                    record,
                    ContactFields {
                        id: contact.id,
                        client: contact.client,
                        invoices: LinkedInvoices::List(contact.invoices),
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
                converter.invoice(invoice, hanging, &mut records)?;
            }
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::checksum::checksum;
    use crate::storage::json::Style;
    use crate::storage::schema::layout::INVOICE_SHARDS;

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

    /// An invoice shard read by `InvoiceTextReader` (`None`: it gave up) and the ordinary way.
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
        let converter = RecordConverter { shard: name };
        let mut records = ShardRecords::default();
        let fast = read_invoice_shard_from_text(text, name, &converter, &mut records, None)
            .map(|()| records);
        (fast, read_shard_from_tree(shard, &entry, text, &converter))
    }

    /// What `InvoiceTextReader` reads, the ordinary way reads too, into the same records.
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
    /// JSON inserted anywhere): `InvoiceTextReader` gives up, or reads what the ordinary way
    /// reads.
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
        // Some edits keep the shard readable (a space, a digit in a text…): `InvoiceTextReader` reads them.
        assert!(read_fast > 1000, "{read_fast}");
    }

    #[test]
    fn versions_dispatch() {
        assert_eq!(check_version(1), Ok(()));
        assert_eq!(check_version(2), Ok(()));
        assert_eq!(
            check_version(0),
            Err(ReadError::Unreadable(DecodeError::UnknownVersion {
                found: 0
            }))
        );
        assert_eq!(check_version(3), Err(ReadError::FromTheFuture { found: 3 }));
        assert_eq!(
            check_version(u64::MAX),
            Err(ReadError::FromTheFuture { found: u64::MAX })
        );
    }
}
