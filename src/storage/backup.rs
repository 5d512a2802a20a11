//! Backups: everything the user keeps in Relance, as one versioned JSON file with a checksum.
//!
//! ```json
//! {"format":"relance-backup","version":2,"created":"2026-11-23",
//!  "checksum":"<FNV-1a 64 of the content, 16 hex digits>",
//!  "ledger":{"manifest":"<the ledger's manifest text>","shards":{"<key>":"<shard text>",…}},
//!  "rates":"<the user's rates, storage::rates text>",
//!  "settings":{"lang":"fr","record":"<the settings record, storage::settings text>"}}
//! ```
//!
//! Version 2 added `settings` (the interface language); version 3 its `record`: the user's
//! settings (defaults, dunning ladder, aging buckets, letterhead, letter templates) exactly as stored, left out when none are
//! stored. Version 1 files (no `settings`) and version 2 files (no `record`) are still read
//! (`tests/fixtures/storage/backup-v1.json`, `backup-v2.json`); restoring them leaves the
//! settings of the device as they are.
//!
//! The ledger travels exactly as it is stored (`storage::schema`, each shard with its own
//! checksum in the manifest), so restoring reads it through the very code that loads the
//! books (`LedgerRepository::open` over an in-memory store): every check of a load applies.
//! The outer checksum covers the manifest, every shard and the rates, so a file damaged or
//! edited by hand is refused as a whole. A bad file changes nothing: reading it is pure, and
//! only the caller decides, after showing what it holds, to replace or merge.
//!
//! The letterhead and the letter templates the user changed are part of the settings record
//! (version 2 of `storage::settings`), so they travel in `record` as it is stored.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::checksum::checksum;
use super::json::{self, Json, Style, UnknownFields, Writer, read_header};
use super::key_value::KeyValue;
use super::keys::{LEDGER, LEDGER_PREFIX};
use super::memory::MemoryKv;
use super::rates::{self as stored_rates, DecodeRatesError};
use super::repository::{LedgerRepository, LoadError};
use super::schema::{self, EncodeError, ShardName, read_date, write_date};
use super::settings::{self as stored_settings, DecodeSettingsError};
use crate::domain::Ledger;
use crate::domain::interest::UserRate;
use crate::i18n::{Describe, Lang};

/// The format's name, first field of every backup.
pub const FORMAT: &str = "relance-backup";
/// The version this build writes (it reads this one and every older one).
pub const VERSION: u64 = 3;

/// The file (its `format` and `version` are checked, not kept). Every field of its version is
/// required and no other is allowed.
struct BackupDto {
    created: String,
    checksum: String,
    ledger: LedgerV1,
    rates: String,
    /// Version 2 on; `None` in a version 1 file.
    settings: Option<Settings>,
}

/// The settings a backup keeps (version 2 on).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The interface language.
    pub lang: Option<Lang>,
    /// The settings record's text (`storage::settings`), version 3 on; `None`: none stored.
    /// A backup is made with it only when it reads back; a file is read only if it does.
    pub record: Option<String>,
}

impl Settings {
    /// The settings as covered by the checksum: `lang=fr` (empty when none is set).
    fn checksum_text(&self) -> String {
        let mut text = self
            .lang
            .map(|lang| format!("lang={}", lang.code()))
            .unwrap_or_default();
        if let Some(record) = &self.record {
            text.push_str("\0record=");
            text.push_str(record);
        }
        text
    }
}

struct LedgerV1 {
    manifest: String,
    /// A key given twice keeps its last text.
    shards: BTreeMap<String, String>,
}

fn backup_dto(json: &Json, file_version: u64) -> Result<BackupDto, json::Error> {
    let mut slots = [None; 7];
    let names: &[&str] = if file_version >= 2 {
        &[
            "format", "version", "created", "checksum", "ledger", "rates", "settings",
        ]
    } else {
        &[
            "format", "version", "created", "checksum", "ledger", "rates",
        ]
    };
    json.fields(names, &mut slots, UnknownFields::Refused)?;
    let [format, version, created, checksum, ledger, rates, settings] = slots;
    json.required_str(format, "format")?;
    json.required(version, "version")?.as_u64()?;
    let created = json.required_str(created, "created")?.to_string();
    let checksum = json.required_str(checksum, "checksum")?.to_string();
    let ledger_json = json.required(ledger, "ledger")?;
    let mut slots = [None; 2];
    ledger_json.fields(&["manifest", "shards"], &mut slots, UnknownFields::Refused)?;
    let [manifest, shards_json] = slots;
    let manifest = ledger_json.required_str(manifest, "manifest")?.to_string();
    let mut shards = BTreeMap::new();
    for (key, text) in ledger_json.required(shards_json, "shards")?.as_object()? {
        shards.insert(key.to_string(), text.as_str()?.to_string());
    }
    let settings = match settings {
        None if file_version >= 2 => {
            return Err(json.error(json::Problem::MissingField("settings")));
        }
        None => None,
        Some(settings_json) => {
            let mut slots = [None; 2];
            let names: &[&str] = if file_version >= 3 {
                &["lang", "record"]
            } else {
                &["lang"]
            };
            settings_json.fields(names, &mut slots, UnknownFields::Refused)?;
            let [lang, record] = slots;
            let record = json::opt_string(record)?;
            let lang = match lang {
                None => None,
                Some(lang) => Some(
                    Lang::from_code(lang.as_str()?)
                        .ok_or_else(|| lang.error(json::Problem::Expected("\"fr\" or \"en\"")))?,
                ),
            };
            Some(Settings { lang, record })
        }
    };
    Ok(BackupDto {
        created,
        checksum,
        ledger: LedgerV1 { manifest, shards },
        rates: json.required_str(rates, "rates")?.to_string(),
        settings,
    })
}

fn content_checksum(ledger: &LedgerV1, rates: &str, settings: Option<&Settings>) -> String {
    let mut content = String::with_capacity(
        ledger.manifest.len()
            + rates.len()
            + ledger
                .shards
                .iter()
                .map(|(key, text)| key.len() + text.len() + 2)
                .sum::<usize>(),
    );
    content.push_str(&ledger.manifest);
    for (key, text) in &ledger.shards {
        content.push('\0');
        content.push_str(key);
        content.push('\0');
        content.push_str(text);
    }
    content.push('\0');
    content.push_str(rates);
    if let Some(settings) = settings {
        content.push('\0');
        content.push_str(&settings.checksum_text());
    }
    checksum(&content)
}

/// The backup file of `ledger`, `rates` and `settings`, made on `created`.
pub fn create(
    ledger: &Ledger,
    rates: &[UserRate],
    settings: &Settings,
    created: NaiveDate,
) -> Result<String, EncodeError> {
    let (manifest, shards) = schema::encode_all(ledger, 1, |shard: ShardName| {
        format!("{LEDGER_PREFIX}{}.1-backup", shard.name())
    })?;
    let ledger = LedgerV1 {
        manifest,
        shards: shards.into_iter().collect(),
    };
    let rates = stored_rates::encode(rates);
    // A stored record that does not read back is left out (it stays on the device, kept aside).
    let readable = Settings {
        lang: settings.lang,
        record: settings
            .record
            .clone()
            .filter(|record| stored_settings::decode(record).is_ok()),
    };
    let settings = &readable;
    let mut writer = Writer::new(Style::Pretty);
    writer.open('{');
    writer.str_field("format", FORMAT);
    writer.u64_field("version", VERSION);
    writer.str_field("created", &write_date(created));
    writer.str_field(
        "checksum",
        &content_checksum(&ledger, &rates, Some(settings)),
    );
    writer.key("ledger");
    writer.open('{');
    writer.str_field("manifest", &ledger.manifest);
    writer.key("shards");
    writer.string_map(&ledger.shards);
    writer.close('}');
    writer.str_field("rates", &rates);
    writer.key("settings");
    writer.open('{');
    if let Some(lang) = settings.lang {
        writer.str_field("lang", lang.code());
    }
    if let Some(record) = &settings.record {
        writer.str_field("record", record);
    }
    writer.close('}');
    writer.close('}');
    Ok(writer.finish())
}

/// Whether a backup file is sealed under the passphrase (encryption on) or plain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sealing {
    Plain,
    Encrypted,
}

/// The file name a backup is offered under: `relance-backup-2026-11-23.json`, or
/// `relance-backup-2026-11-23-encrypted.json` when encryption is on.
pub fn file_name(created: NaiveDate, sealing: Sealing) -> String {
    let kind = match sealing {
        Sealing::Plain => "",
        Sealing::Encrypted => "-encrypted",
    };
    format!("relance-backup-{}{kind}.json", write_date(created))
}

/// What a backup holds, read and checked completely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub created: NaiveDate,
    pub ledger: Ledger,
    pub rates: Vec<UserRate>,
    /// The settings kept in the file (none in a version 1 file).
    pub settings: Settings,
}

/// What a backup holds, in numbers, to show before the user replaces or merges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub clients: usize,
    pub invoices: usize,
    pub payments: usize,
    pub credit_notes: usize,
    pub contacts: usize,
    pub plans: usize,
    pub rates: usize,
    /// The earliest and latest invoice issue dates.
    pub issued: Option<(NaiveDate, NaiveDate)>,
}

impl Summary {
    pub fn of(ledger: &Ledger, rates: usize) -> Summary {
        let issued = ledger
            .invoices()
            .map(|invoice| invoice.details().issue_date())
            .fold(
                None,
                |range: Option<(NaiveDate, NaiveDate)>, date| match range {
                    None => Some((date, date)),
                    Some((first, last)) => Some((first.min(date), last.max(date))),
                },
            );
        Summary {
            clients: ledger.clients().count(),
            invoices: ledger.invoices().count(),
            payments: ledger.payments().count(),
            credit_notes: ledger.adjustments().count(),
            contacts: ledger.contacts().count(),
            plans: ledger.plans().count(),
            rates,
            issued,
        }
    }
}

impl Restored {
    pub fn summary(&self) -> Summary {
        Summary::of(&self.ledger, self.rates.len())
    }
}

/// Why a file cannot be restored. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Not JSON at all (another kind of file, or cut short).
    NotJson(String),
    /// JSON, but not a Relance backup.
    NotABackup,
    /// Made by a newer Relance.
    FromTheFuture { found: u64 },
    /// A Relance backup whose structure is wrong (a field missing, of the wrong kind…).
    Malformed(String),
    /// The content does not match its checksum: damaged, or edited by hand.
    Checksum,
    /// The ledger in it cannot be read.
    Ledger(LoadError),
    /// The rates in it cannot be read.
    Rates(DecodeRatesError),
    /// The settings in it cannot be read.
    Settings(DecodeSettingsError),
    /// The creation date is not a date.
    Created(String),
}

impl Describe for BackupError {
    fn describe(&self, lang: Lang) -> String {
        let nothing = match lang {
            Lang::Fr => "Rien n'a été modifié.",
            Lang::En => "Nothing was changed.",
        };
        let what = match (self, lang) {
            (BackupError::NotJson(detail), Lang::Fr) => format!(
                "Ce fichier n'est pas une sauvegarde Relance\u{a0}: ce n'est pas du JSON valable ({detail})."
            ),
            (BackupError::NotJson(detail), Lang::En) => format!(
                "This file is not a Relance backup: it is not valid JSON ({detail})."
            ),
            (BackupError::NotABackup, Lang::Fr) => "Ce fichier n'est pas une sauvegarde Relance (il ne commence pas par \"format\": \"relance-backup\").".to_string(),
            (BackupError::NotABackup, Lang::En) => "This file is not a Relance backup (it lacks \"format\": \"relance-backup\").".to_string(),
            (BackupError::FromTheFuture { found }, Lang::Fr) => format!(
                "Cette sauvegarde a été faite par une version plus récente de Relance (format {found}, cette version lit jusqu'au format {VERSION})\u{a0}: rechargez la page pour passer à la dernière version, puis réessayez."
            ),
            (BackupError::FromTheFuture { found }, Lang::En) => format!(
                "This backup was made by a newer version of Relance (format {found}; this version reads up to format {VERSION}): reload the page to get the latest version, then try again."
            ),
            (BackupError::Malformed(detail), Lang::Fr) => format!(
                "Cette sauvegarde Relance est mal formée ({detail})."
            ),
            (BackupError::Malformed(detail), Lang::En) => format!(
                "This Relance backup is malformed ({detail})."
            ),
            (BackupError::Checksum, Lang::Fr) => "Cette sauvegarde est abîmée ou a été modifiée à la main\u{a0}: son contenu ne correspond plus à sa somme de contrôle.".to_string(),
            (BackupError::Checksum, Lang::En) => "This backup is damaged or was edited by hand: its content no longer matches its checksum.".to_string(),
            (BackupError::Ledger(error), Lang::Fr) => format!(
                "Les factures de cette sauvegarde ne peuvent pas être relues\u{a0}: {}",
                error.describe(lang)
            ),
            (BackupError::Ledger(error), Lang::En) => format!(
                "The invoices in this backup cannot be read: {}",
                error.describe(lang)
            ),
            (BackupError::Rates(error), Lang::Fr) => format!(
                "Les taux de cette sauvegarde ne peuvent pas être relus\u{a0}: {}",
                error.describe(lang)
            ),
            (BackupError::Rates(error), Lang::En) => format!(
                "The rates in this backup cannot be read: {}",
                error.describe(lang)
            ),
            (BackupError::Settings(error), Lang::Fr) => format!(
                "Les réglages de cette sauvegarde ne peuvent pas être relus\u{a0}: {}",
                error.describe(lang)
            ),
            (BackupError::Settings(error), Lang::En) => format!(
                "The settings in this backup cannot be read: {}",
                error.describe(lang)
            ),
            (BackupError::Created(text), Lang::Fr) => format!(
                "La date de cette sauvegarde, «\u{a0}{text}\u{a0}», n'est pas une date."
            ),
            (BackupError::Created(text), Lang::En) => format!(
                "This backup's date, \"{text}\", is not a date."
            ),
        };
        format!("{what} {nothing}")
    }
}

/// Reads and checks a backup file completely. Pure: nothing is stored.
pub fn read(text: &str) -> Result<Restored, BackupError> {
    let json = json::parse(text).map_err(|error| BackupError::NotJson(error.to_string()))?;
    // Only what tells a backup and its version, read first so a newer file is named as such.
    let (format, version) = read_header(&json).map_err(|_| BackupError::NotABackup)?;
    if format != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let version = match version {
        Some(found) if found > VERSION => return Err(BackupError::FromTheFuture { found }),
        Some(version @ 1..=VERSION) => version,
        _ => return Err(BackupError::Malformed("version".to_string())),
    };
    let file =
        backup_dto(&json, version).map_err(|error| BackupError::Malformed(error.to_string()))?;
    if content_checksum(&file.ledger, &file.rates, file.settings.as_ref()) != file.checksum {
        return Err(BackupError::Checksum);
    }
    let created = read_date(&file.created).ok_or(BackupError::Created(file.created.clone()))?;
    let store = MemoryKv::new();
    let put = |key: &str, value: &str| {
        store
            .set(key, value)
            .map_err(|_| BackupError::Malformed(key.to_string()))
    };
    put(LEDGER, &file.ledger.manifest)?;
    for (key, shard) in &file.ledger.shards {
        if !key.starts_with(LEDGER_PREFIX) {
            return Err(BackupError::Malformed(key.clone()));
        }
        put(key, shard)?;
    }
    let ledger = LedgerRepository::open(store, "restore")
        .map_err(BackupError::Ledger)?
        .ledger;
    let rates = stored_rates::decode(&file.rates).map_err(BackupError::Rates)?;
    if let Some(record) = file
        .settings
        .as_ref()
        .and_then(|settings| settings.record.as_ref())
    {
        stored_settings::decode(record).map_err(BackupError::Settings)?;
    }
    Ok(Restored {
        created,
        ledger,
        rates,
        settings: file.settings.unwrap_or_default(),
    })
}
