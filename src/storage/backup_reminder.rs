//! When to remind the user to download a backup, and what is stored to decide it.
//!
//! Browsers may evict site storage under disk pressure, and Safari clears what scripts stored
//! after 7 days without a visit: a downloaded backup is the user's only insurance. The reminder
//! is due when the last backup is older than [`MAX_DAYS`] days or [`MAX_CHANGES`] saved changes
//! were made since (counting from the first change when there was never a backup). Dismissing
//! it silences it for another [`MAX_DAYS`] days or [`MAX_CHANGES`] changes, whichever first.
//!
//! Stored under `relance.backup` as a small versioned text (see [`encode`]); pure, no clock:
//! dates are inputs.

use chrono::{Datelike, NaiveDate};

use crate::domain::calendar::iso_date;
use crate::i18n::{Describe, Lang};

/// Days after which a backup is considered old.
pub const MAX_DAYS: i64 = 30;
/// Saved changes after which a backup is considered old.
pub const MAX_CHANGES: u32 = 50;
/// When the browser has not promised to keep the data (persistent storage not granted): a
/// backup is old after a week, and the reminder comes from the first saved change.
pub const NOT_KEPT_DAYS: i64 = 7;

const HEADER: &str = "relance-backup-meta 1";

/// What is remembered about backups and the reminder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupMeta {
    /// The day of the last downloaded backup.
    pub last_backup: Option<NaiveDate>,
    /// The day of the first change saved since the last backup (or ever, if none).
    pub first_change: Option<NaiveDate>,
    /// Changes saved since the last backup.
    pub changes: u32,
    /// When the reminder was last dismissed, and how many changes there were then.
    pub dismissed: Option<(NaiveDate, u32)>,
}

/// Why a backup is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupReminder {
    /// Never backed up, and changes were made this many days ago or more.
    NeverBackedUp { days: i64, changes: u32 },
    /// The last backup is this many days old.
    Old { days: i64, changes: u32 },
    /// This many changes since the last backup.
    ManyChanges { changes: u32 },
    /// The browser has not promised to keep the data: never backed up (`None`), or the last
    /// backup is this many days old (a week or more).
    NotKept { days: Option<i64> },
}

impl BackupMeta {
    /// Records one saved change on `day`.
    pub fn record_change(&mut self, day: NaiveDate) {
        self.changes = self.changes.saturating_add(1);
        if self.first_change.is_none() {
            self.first_change = Some(day);
        }
    }

    /// Records a downloaded backup on `day`: nothing is due any more.
    pub fn record_backup(&mut self, day: NaiveDate) {
        *self = BackupMeta {
            last_backup: Some(day),
            ..BackupMeta::default()
        };
    }

    /// Records that the user dismissed the reminder on `day`.
    pub fn dismiss(&mut self, day: NaiveDate) {
        self.dismissed = Some((day, self.changes));
    }

    /// The reminder due on `as_of`, if any, the browser having promised to keep the data or
    /// not said (see [`BackupMeta::reminder_for`]).
    pub fn reminder(&self, as_of: NaiveDate) -> Option<BackupReminder> {
        self.reminder_for(as_of, true)
    }

    /// The reminder due on `as_of`, if any. `kept`: the browser promised to keep the data
    /// (persistent storage granted), or has not answered yet. When it has not (`false`), the
    /// reminder comes sooner: from the first saved change, then once a backup is a week old,
    /// and a dismissal silences it for a week.
    pub fn reminder_for(&self, as_of: NaiveDate, kept: bool) -> Option<BackupReminder> {
        if self.changes == 0 {
            return None;
        }
        let period = if kept { MAX_DAYS } else { NOT_KEPT_DAYS };
        if let Some((day, changes)) = self.dismissed {
            let quiet_days = (as_of - day).num_days() < period;
            let quiet_changes = self.changes.saturating_sub(changes) < MAX_CHANGES;
            if quiet_days && quiet_changes {
                return None;
            }
        }
        let changes = self.changes;
        let since = |day: NaiveDate| (as_of - day).num_days();
        if !kept {
            match self.last_backup {
                None => return Some(BackupReminder::NotKept { days: None }),
                Some(last) if since(last) >= NOT_KEPT_DAYS => {
                    return Some(BackupReminder::NotKept {
                        days: Some(since(last)),
                    });
                }
                Some(_) => {}
            }
        }
        match (self.last_backup, self.first_change) {
            (Some(last), _) if since(last) >= MAX_DAYS => Some(BackupReminder::Old {
                days: since(last),
                changes,
            }),
            (None, Some(first)) if since(first) >= MAX_DAYS => {
                Some(BackupReminder::NeverBackedUp {
                    days: since(first),
                    changes,
                })
            }
            _ if changes >= MAX_CHANGES => Some(BackupReminder::ManyChanges { changes }),
            _ => None,
        }
    }
}

impl Describe for BackupReminder {
    fn describe(&self, lang: Lang) -> String {
        match (*self, lang) {
            (BackupReminder::NeverBackedUp { days, changes }, Lang::Fr) => format!(
                "Vous n'avez jamais téléchargé de sauvegarde, et vos premières saisies datent de {days}\u{a0}jours ({changes}\u{a0}modifications). Le navigateur peut effacer ses données sans prévenir\u{a0}: gardez-en une copie."
            ),
            (BackupReminder::NeverBackedUp { days, changes }, Lang::En) => format!(
                "You have never downloaded a backup, and your first entries are {days} days old ({changes} changes). The browser may erase its data without warning: keep a copy."
            ),
            (BackupReminder::Old { days, changes }, Lang::Fr) => format!(
                "Votre dernière sauvegarde date de {days}\u{a0}jours ({changes}\u{a0}modifications depuis). Le navigateur peut effacer ses données sans prévenir\u{a0}: téléchargez-en une nouvelle."
            ),
            (BackupReminder::Old { days, changes }, Lang::En) => format!(
                "Your last backup is {days} days old ({changes} changes since). The browser may erase its data without warning: download a new one."
            ),
            (BackupReminder::ManyChanges { changes }, Lang::Fr) => format!(
                "{changes}\u{a0}modifications depuis votre dernière sauvegarde. Le navigateur peut effacer ses données sans prévenir\u{a0}: téléchargez-en une nouvelle."
            ),
            (BackupReminder::ManyChanges { changes }, Lang::En) => format!(
                "{changes} changes since your last backup. The browser may erase its data without warning: download a new one."
            ),
            (BackupReminder::NotKept { days }, Lang::Fr) => format!(
                "Ce navigateur ne s'est pas engagé à garder vos données\u{a0}: il peut les effacer sans prévenir (Safari le fait après 7\u{a0}jours sans visite). {} Chaque semaine, téléchargez une sauvegarde\u{a0}; ou installez Relance comme application (menu du navigateur → Installer), que le navigateur garde.",
                match days {
                    None => "Vous n'avez encore aucune sauvegarde.".to_string(),
                    Some(days) => format!("Votre dernière sauvegarde date de {days}\u{a0}jours."),
                }
            ),
            (BackupReminder::NotKept { days }, Lang::En) => format!(
                "This browser has not promised to keep your data: it may erase it without warning (Safari does after 7 days without a visit). {} Download a backup every week, or install Relance as an app (browser menu → Install), which the browser keeps.",
                match days {
                    None => "You have no backup yet.".to_string(),
                    Some(days) => format!("Your last backup is {days} days old."),
                }
            ),
        }
    }
}

fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The stored text: a header line, then `name=value` lines.
pub fn encode(meta: &BackupMeta) -> String {
    let mut text = format!("{HEADER}\nchanges={}\n", meta.changes);
    if let Some(day) = meta.last_backup {
        text.push_str(&format!("last_backup={}\n", date_text(day)));
    }
    if let Some(day) = meta.first_change {
        text.push_str(&format!("first_change={}\n", date_text(day)));
    }
    if let Some((day, changes)) = meta.dismissed {
        text.push_str(&format!("dismissed={} {changes}\n", date_text(day)));
    }
    text
}

/// Reads a stored text. This is bookkeeping, not the user's books: a text that cannot be read
/// (`None`) is simply started again by the caller.
pub fn decode(text: &str) -> Option<BackupMeta> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut meta = BackupMeta::default();
    for line in lines.filter(|line| !line.trim().is_empty()) {
        let (name, value) = line.split_once('=')?;
        match name {
            "changes" => meta.changes = value.parse().ok()?,
            "last_backup" => meta.last_backup = Some(iso_date(value)?),
            "first_change" => meta.first_change = Some(iso_date(value)?),
            "dismissed" => {
                let (day, changes) = value.split_once(' ')?;
                meta.dismissed = Some((iso_date(day)?, changes.parse().ok()?));
            }
            _ => {}
        }
    }
    Some(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_the_browser_does_not_keep_the_data_the_reminder_comes_at_the_first_save_then_weekly() {
        let mut meta = BackupMeta::default();
        assert_eq!(
            meta.reminder_for(day("2026-12-01"), false),
            None,
            "nothing saved yet"
        );
        meta.record_change(day("2026-12-01"));
        assert_eq!(
            meta.reminder_for(day("2026-12-01"), false),
            Some(BackupReminder::NotKept { days: None })
        );
        assert_eq!(
            meta.reminder_for(day("2026-12-01"), true),
            None,
            "kept: 30 days"
        );
        meta.record_backup(day("2026-12-01"));
        meta.record_change(day("2026-12-02"));
        assert_eq!(meta.reminder_for(day("2026-12-07"), false), None, "6 days");
        assert_eq!(
            meta.reminder_for(day("2026-12-08"), false),
            Some(BackupReminder::NotKept { days: Some(7) })
        );
        meta.dismiss(day("2026-12-08"));
        assert_eq!(
            meta.reminder_for(day("2026-12-14"), false),
            None,
            "dismissed for a week"
        );
        assert_eq!(
            meta.reminder_for(day("2026-12-15"), false),
            Some(BackupReminder::NotKept { days: Some(14) })
        );
        let said = BackupReminder::NotKept { days: None }.describe(Lang::Fr);
        assert!(said.contains("installez Relance"), "{said}");
        assert!(
            BackupReminder::NotKept { days: Some(9) }
                .describe(Lang::En)
                .contains("9 days old")
        );
    }

    fn day(text: &str) -> NaiveDate {
        iso_date(text).unwrap()
    }

    fn changed(first: &str, changes: u32) -> BackupMeta {
        let mut meta = BackupMeta::default();
        for _ in 0..changes {
            meta.record_change(day(first));
        }
        meta
    }

    #[test]
    fn nothing_is_due_without_changes() {
        let mut meta = BackupMeta::default();
        assert_eq!(meta.reminder(day("2030-01-01")), None);
        meta.record_backup(day("2026-01-01"));
        assert_eq!(meta.reminder(day("2030-01-01")), None);
    }

    #[test]
    fn never_backed_up_is_due_thirty_days_after_the_first_change() {
        let meta = changed("2026-11-01", 3);
        assert_eq!(meta.reminder(day("2026-11-30")), None, "29 days");
        assert_eq!(
            meta.reminder(day("2026-12-01")),
            Some(BackupReminder::NeverBackedUp {
                days: 30,
                changes: 3
            })
        );
    }

    #[test]
    fn an_old_backup_is_due_after_thirty_days_if_anything_changed() {
        let mut meta = BackupMeta::default();
        meta.record_backup(day("2026-10-01"));
        assert_eq!(meta.reminder(day("2026-12-01")), None, "no change since");
        meta.record_change(day("2026-10-02"));
        assert_eq!(meta.reminder(day("2026-10-30")), None, "29 days");
        assert_eq!(
            meta.reminder(day("2026-10-31")),
            Some(BackupReminder::Old {
                days: 30,
                changes: 1
            })
        );
    }

    #[test]
    fn fifty_changes_are_due_at_once() {
        let meta = changed("2026-11-20", 49);
        assert_eq!(meta.reminder(day("2026-11-21")), None);
        let meta = changed("2026-11-20", 50);
        assert_eq!(
            meta.reminder(day("2026-11-21")),
            Some(BackupReminder::ManyChanges { changes: 50 })
        );
    }

    #[test]
    fn a_backup_resets_everything() {
        let mut meta = changed("2026-01-01", 80);
        meta.dismiss(day("2026-03-01"));
        meta.record_backup(day("2026-11-23"));
        assert_eq!(meta.changes, 0);
        assert_eq!(meta.dismissed, None);
        assert_eq!(meta.first_change, None);
        assert_eq!(meta.reminder(day("2027-06-01")), None);
    }

    #[test]
    fn dismissing_silences_it_for_thirty_days_or_fifty_more_changes() {
        let mut meta = changed("2026-09-01", 10);
        assert!(meta.reminder(day("2026-11-01")).is_some());
        meta.dismiss(day("2026-11-01"));
        assert_eq!(meta.reminder(day("2026-11-30")), None, "29 days later");
        assert!(meta.reminder(day("2026-12-01")).is_some(), "30 days later");
        for _ in 0..49 {
            meta.record_change(day("2026-11-02"));
        }
        assert_eq!(meta.reminder(day("2026-11-02")), None, "49 more changes");
        meta.record_change(day("2026-11-02"));
        assert!(
            meta.reminder(day("2026-11-02")).is_some(),
            "50 more changes"
        );
    }

    #[test]
    fn the_stored_text_round_trips_and_bad_texts_are_refused() {
        let mut meta = changed("2026-09-01", 12);
        meta.dismiss(day("2026-11-01"));
        let text = encode(&meta);
        assert_eq!(
            text,
            "relance-backup-meta 1\nchanges=12\nfirst_change=2026-09-01\ndismissed=2026-11-01 12\n"
        );
        assert_eq!(decode(&text), Some(meta));
        let mut backed_up = BackupMeta::default();
        backed_up.record_backup(day("2026-11-23"));
        assert_eq!(decode(&encode(&backed_up)), Some(backed_up));
        for bad in [
            "",
            "relance-backup-meta 2\nchanges=1\n",
            "relance-backup-meta 1\nchanges=-1\n",
            "relance-backup-meta 1\nlast_backup=2026-13-01\n",
            "relance-backup-meta 1\ndismissed=2026-11-01\n",
            "relance-backup-meta 1\nno equals sign\n",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn every_reminder_is_a_sentence_in_both_languages() {
        for reminder in [
            BackupReminder::NeverBackedUp {
                days: 31,
                changes: 4,
            },
            BackupReminder::Old {
                days: 45,
                changes: 7,
            },
            BackupReminder::ManyChanges { changes: 52 },
        ] {
            let fr = reminder.describe(Lang::Fr);
            let en = reminder.describe(Lang::En);
            assert!(fr.contains("sauvegarde") && fr.ends_with('.'), "{fr}");
            assert!(en.contains("backup") && en.ends_with('.'), "{en}");
        }
    }
}
