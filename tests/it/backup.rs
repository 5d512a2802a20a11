//! Backups: a file made from the books reads back to exactly the same books and rates; a
//! damaged, edited, foreign or newer file is refused with its reason and changes nothing.

use chrono::NaiveDate;
use relance::domain::Ledger;
use relance::i18n::{Describe, Lang};
use relance::storage::backup::{self, BackupError, Settings, Summary};

use crate::storage_schema::fixture_ledger;

fn day(text: &str) -> NaiveDate {
    relance::domain::calendar::iso_date(text).unwrap()
}

/// The settings record of `tests/fixtures/storage/settings-v1.json`.
fn record() -> String {
    include_str!("../fixtures/storage/settings-v1.json")
        .trim_end()
        .to_string()
}

fn french() -> Settings {
    Settings {
        lang: Some(Lang::Fr),
        record: Some(record()),
    }
}

#[test]
fn a_backup_reads_back_to_exactly_the_same_books() {
    let ledger = fixture_ledger();
    let text = backup::create(&ledger, &[], &french(), day("2026-11-23")).unwrap();
    assert!(text.starts_with("{\n  \"format\": \"relance-backup\",\n  \"version\": 3,"));
    assert!(
        text.contains("\"settings\": {\n    \"lang\": \"fr\",\n    \"record\": \"{\\\"format\\\":\\\"relance-settings\\\""),
        "{text}"
    );
    let restored = backup::read(&text).unwrap();
    assert_eq!(restored.ledger, ledger);
    assert_eq!(restored.settings, french());
    assert_eq!(restored.created, day("2026-11-23"));
    assert!(restored.rates.is_empty());
    let summary = restored.summary();
    assert_eq!(summary, Summary::of(&ledger, 0));
    assert_eq!(summary.invoices, ledger.invoices().count());
    assert!(summary.invoices > 0 && summary.clients > 0 && summary.payments > 0);
    assert_eq!(
        backup::file_name(day("2026-11-23"), backup::Sealing::Plain),
        "relance-backup-2026-11-23.json"
    );
    assert_eq!(
        backup::file_name(day("2026-11-23"), backup::Sealing::Encrypted),
        "relance-backup-2026-11-23-encrypted.json"
    );
}

#[test]
fn an_empty_ledger_backs_up_too() {
    let text =
        backup::create(&Ledger::new(), &[], &Settings::default(), day("2026-01-01")).unwrap();
    let restored = backup::read(&text).unwrap();
    assert_eq!(restored.ledger, Ledger::new());
    assert_eq!(restored.summary().issued, None);
}

#[test]
fn a_damaged_or_edited_file_is_refused_with_its_reason() {
    let text = backup::create(&fixture_ledger(), &[], &french(), day("2026-11-23")).unwrap();
    type Expected = fn(&BackupError) -> bool;
    let cases: Vec<(String, Expected)> = vec![
        (text[..text.len() / 2].to_string(), |error| {
            matches!(error, BackupError::NotJson(_))
        }),
        ("number,date\n1,2\n".to_string(), |error| {
            matches!(error, BackupError::NotJson(_))
        }),
        ("{\"hello\": 1}".to_string(), |error| {
            matches!(error, BackupError::NotABackup)
        }),
        (
            text.replacen("\"version\": 3", "\"version\": 4", 1),
            |error| matches!(error, BackupError::FromTheFuture { found: 4 }),
        ),
        (
            // The settings are covered by the checksum.
            text.replacen("\"lang\": \"fr\"", "\"lang\": \"en\"", 1),
            |error| matches!(error, BackupError::Checksum),
        ),
        (
            text.replacen("\"lang\": \"fr\"", "\"lang\": \"de\"", 1),
            |error| matches!(error, BackupError::Malformed(_)),
        ),
        (
            text.replacen(
                "\"lang\": \"fr\"",
                "\"lang\": \"fr\", \"theme\": \"dark\"",
                1,
            ),
            |error| matches!(error, BackupError::Malformed(_)),
        ),
        (
            // A version 3 file must say its settings (even none).
            text.replacen(",\n  \"settings\": {", ",\n  \"other\": {", 1),
            |error| matches!(error, BackupError::Malformed(_)),
        ),
        (
            // The settings record is covered by the checksum.
            text.replacen("\\\"stop_work_days\\\":60", "\\\"stop_work_days\\\":61", 1),
            |error| matches!(error, BackupError::Checksum),
        ),
        (
            // A record the settings reader refuses is refused (checksum made right).
            with_record(&text, &record().replace("\"days\":20", "\"days\":3")),
            |error| matches!(error, BackupError::Settings(_)),
        ),
        (
            text.replacen(
                "\"created\": \"2026-11-23\"",
                "\"created\": \"2026-11-23\", \"extra\": 1",
                1,
            ),
            |error| matches!(error, BackupError::Malformed(_)),
        ),
        (
            // One character of the content changed: the checksum no longer matches.
            text.replacen("F-2", "G-2", 1),
            |error| matches!(error, BackupError::Checksum),
        ),
        (
            text.replacen(
                "\"created\": \"2026-11-23\"",
                "\"created\": \"2026-13-23\"",
                1,
            ),
            |error| matches!(error, BackupError::Created(_)),
        ),
    ];
    for (bad, expected) in cases {
        let error = backup::read(&bad).unwrap_err();
        assert!(
            expected(&error),
            "{error:?} for {}",
            &bad[..bad.len().min(80)]
        );
        for lang in [Lang::Fr, Lang::En] {
            let sentence = error.describe(lang);
            assert!(
                sentence.ends_with("Rien n'a été modifié.")
                    || sentence.ends_with("Nothing was changed."),
                "{sentence}"
            );
        }
    }
}

#[test]
fn a_version_1_backup_still_restores_without_settings() {
    // Made by the version 1 writer (session 3) from the ledger-v1 fixture and rates-v1.txt.
    let text = include_str!("../fixtures/storage/backup-v1.json");
    assert!(text.contains("\"version\": 1,"));
    let restored = backup::read(text).unwrap();
    assert_eq!(restored.ledger, fixture_ledger());
    assert_eq!(
        restored.rates,
        relance::storage::rates::decode(include_str!("../fixtures/storage/rates-v1.txt")).unwrap()
    );
    assert_eq!(restored.settings, Settings::default());
    assert_eq!(restored.created, day("2026-11-23"));
    // A version 1 file has no settings field: one added by hand is refused.
    let with_settings = text.replacen(
        "\"created\": \"2026-11-23\"",
        "\"created\": \"2026-11-23\", \"settings\": {}",
        1,
    );
    assert!(matches!(
        backup::read(&with_settings),
        Err(BackupError::Malformed(_))
    ));
}

/// `text` (a backup of [`french`]'s settings) with `record` in its place and the checksum
/// computed again as the writer computes it, so that the settings reader alone must refuse it.
fn with_record(text: &str, record: &str) -> String {
    let mut file: serde_json::Value = serde_json::from_str(text).unwrap();
    file["settings"]["record"] = serde_json::Value::String(record.to_string());
    let ledger = &file["ledger"];
    let mut content = ledger["manifest"].as_str().unwrap().to_string();
    for (key, shard) in ledger["shards"].as_object().unwrap() {
        content.push('\0');
        content.push_str(key);
        content.push('\0');
        content.push_str(shard.as_str().unwrap());
    }
    content.push('\0');
    content.push_str(file["rates"].as_str().unwrap());
    content.push_str("\0lang=fr\0record=");
    content.push_str(record);
    file["checksum"] = serde_json::Value::String(relance::storage::checksum::checksum(&content));
    serde_json::to_string_pretty(&file).unwrap()
}

#[test]
fn a_backup_restores_the_settings_record_exactly() {
    let text = backup::create(&fixture_ledger(), &[], &french(), day("2026-12-01")).unwrap();
    let restored = backup::read(&text).unwrap();
    assert_eq!(restored.settings.record, Some(record()));
    assert_eq!(
        relance::storage::settings::decode(restored.settings.record.as_deref().unwrap()),
        relance::storage::settings::decode(&record())
    );
    // No settings stored: none in the file, none restored.
    let bare = Settings {
        lang: Some(Lang::En),
        record: None,
    };
    let text = backup::create(&fixture_ledger(), &[], &bare, day("2026-12-01")).unwrap();
    assert!(!text.contains("\"record\""));
    assert_eq!(backup::read(&text).unwrap().settings, bare);
    // A stored record that does not read back is left out of the file (it stays on the
    // device, where Settings offers it): the file still restores.
    let unreadable = Settings {
        lang: Some(Lang::Fr),
        record: Some("{\"format\":\"relance-settings\",\"version\":9}".to_string()),
    };
    let text = backup::create(&fixture_ledger(), &[], &unreadable, day("2026-12-01")).unwrap();
    assert!(!text.contains("\"record\""));
    assert_eq!(backup::read(&text).unwrap().settings.record, None);
}

#[test]
fn a_version_2_backup_still_restores_without_a_settings_record() {
    // Written in the version 2 format (session 9, from the version 1 fixture's ledger and
    // rates, with `"settings": {"lang": "en"}` and the version 2 checksum).
    let text = include_str!("../fixtures/storage/backup-v2.json");
    assert!(text.contains("\"version\": 2,"));
    let restored = backup::read(text).unwrap();
    assert_eq!(restored.ledger, fixture_ledger());
    assert_eq!(
        restored.settings,
        Settings {
            lang: Some(Lang::En),
            record: None
        }
    );
    assert_eq!(restored.created, day("2026-12-01"));
    // A version 2 file has no settings record: one added by hand is refused.
    let with_record = text.replacen("\"lang\": \"en\"", "\"lang\": \"en\", \"record\": \"x\"", 1);
    assert!(matches!(
        backup::read(&with_record),
        Err(BackupError::Malformed(_))
    ));
}

#[test]
fn a_version_3_backup_still_restores_with_its_version_1_settings_record() {
    // Written by the version 3 writer (session 20, before letter templates), from the
    // ledger-v1 fixture with settings-v1.json as its record.
    let text = include_str!("../fixtures/storage/backup-v3.json");
    assert!(text.contains("\"version\": 3,"));
    assert!(
        text.contains("\\\"version\\\":1,"),
        "a version 1 settings record inside"
    );
    let restored = backup::read(text).unwrap();
    assert_eq!(restored.ledger, fixture_ledger());
    assert_eq!(restored.settings, french());
    assert_eq!(restored.created, day("2026-12-07"));
    // The record restores as the settings it was (no letterhead, no templates changed).
    let settings =
        relance::storage::settings::decode(restored.settings.record.as_deref().unwrap()).unwrap();
    assert_eq!(Ok(settings), relance::storage::settings::decode(&record()));
}

#[test]
fn a_backup_restores_the_letterhead_its_logo_and_a_changed_template_exactly() {
    use relance::domain::letter::{LetterKind, Template, TemplateKey, Tone};
    use relance::domain::logo::Logo;
    use relance::storage::settings::{self as stored, Preferences};
    let key = TemplateKey::new(LetterKind::InvoiceCheck, Lang::En, Tone::Collaborative);
    let mut settings = Preferences::default();
    settings.letterhead.name = "Durand & Fils « Atelier »".to_string();
    settings.letterhead.address = "12 rue des Lilas\n75011 Paris".to_string();
    settings.letterhead.iban = "FR76 3000 6000 0112 3456 7890 189".to_string();
    settings.letterhead.email = "compta@durand.fr".to_string();
    let logo = Logo::from_data_url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==").unwrap();
    settings.letterhead.logo = Some(logo.clone());
    let template = Template {
        subject: "Our invoice {invoices.list}".to_string(),
        body: "Dear {client.name},\n\nDid our invoice reach you? {{not a field}}".to_string(),
    };
    settings.set_template(key, template.clone()).unwrap();
    let record = stored::encode(&settings);
    let kept = Settings {
        lang: Some(Lang::En),
        record: Some(record.clone()),
    };
    let text = backup::create(&fixture_ledger(), &[], &kept, day("2026-12-07")).unwrap();
    let restored = backup::read(&text).unwrap();
    assert_eq!(restored.settings.record.as_deref(), Some(record.as_str()));
    let back = stored::decode(restored.settings.record.as_deref().unwrap()).unwrap();
    assert_eq!(back.letterhead, settings.letterhead);
    assert_eq!(back.letterhead.logo, Some(logo));
    assert!(back.templates.is_changed(key));
    assert_eq!(back.templates.get(key), template);
    assert_eq!(back, settings);
}

// ----- property: export → import round-trips exactly -----

use proptest::prelude::*;
use relance::domain::interest::{Rate, TableId, UserRate};
use rust_decimal::Decimal;

use crate::storage_schema::{apply, op};

/// User rates of the tables that take any start date (ECB, Bank of England), with any text
/// as their source.
fn user_rates() -> impl Strategy<Value = Vec<UserRate>> {
    proptest::collection::btree_map(
        (0u8..2, 0u32..3000),
        (0i64..2000, "[ -~éèçà€«»;,\"]{0,24}"),
        0..6,
    )
    .prop_map(|rates| {
        rates
            .into_iter()
            .map(|((table, days), (basis_points, source))| UserRate {
                table: if table == 0 {
                    TableId::EcbMro
                } else {
                    TableId::UkBankRate
                },
                effective_from: day("2020-01-01") + chrono::Days::new(u64::from(days)),
                to: None,
                rate: Rate::from_percent(Decimal::new(basis_points, 2)),
                source: source.trim().to_string(),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any ledger the domain builds, with any user rates, reads back from its backup file
    /// exactly: the same books, the same rates, the same creation date.
    #[test]
    fn any_books_and_rates_round_trip_through_a_backup(
        ops in proptest::collection::vec(op(), 0..40),
        rates in user_rates(),
        days in 0u64..4000,
    ) {
        let mut ledger = Ledger::new();
        for step in &ops {
            apply(&mut ledger, step);
        }
        let created = day("2020-01-01") + chrono::Days::new(days);
        let settings = Settings {
            lang: [None, Some(Lang::Fr), Some(Lang::En)][usize::try_from(days % 3).unwrap()],
            record: (days % 2 == 0).then(record),
        };
        let text = backup::create(&ledger, &rates, &settings, created).unwrap();
        let restored = backup::read(&text).unwrap();
        prop_assert_eq!(&restored.ledger, &ledger);
        prop_assert_eq!(&restored.rates, &rates);
        prop_assert_eq!(&restored.settings, &settings);
        prop_assert_eq!(restored.created, created);
    }
}
