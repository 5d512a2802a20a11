//! Every text about the user's stored data (banners, recovery screen, backups), in French and
//! English (a missing one does not compile).

use crate::i18n::Lang;
use crate::state::device::LOCAL_STORAGE_QUOTA_CHARS;

pub struct DataTexts {
    pub not_saved: &'static str,
    pub other_tab_saved: &'static str,
    pub memory_only: &'static str,
    pub download_backup: &'static str,
    pub reload: &'static str,
    pub dismiss: &'static str,
    pub reminder_later: &'static str,
    pub recovery_title: &'static str,
    pub recovery_future_title: &'static str,
    pub recovery_safe: &'static str,
    pub recovery_download: &'static str,
    pub recovery_start_afresh: &'static str,
    pub recovery_confirm: &'static str,
    pub recovery_confirm_button: &'static str,
    pub recovery_cancel: &'static str,
    pub recovery_failed: &'static str,
    pub download_failed: &'static str,
    pub books_title: &'static str,
    pub books_empty: &'static str,
    pub backup_title: &'static str,
    pub backup_intro: &'static str,
    pub backup_last: &'static str,
    pub backup_never: &'static str,
    pub restore_title: &'static str,
    pub restore_intro: &'static str,
    pub restore_file: &'static str,
    /// What a backup file is, with its article, in the sentence of a file too large to be one.
    pub restore_file_what: &'static str,
    pub restore_contains: &'static str,
    pub restore_made_on: &'static str,
    pub restore_replace: &'static str,
    pub restore_replace_confirm: &'static str,
    pub restore_replace_confirm_button: &'static str,
    pub restore_merge: &'static str,
    pub restore_cancel: &'static str,
    pub restore_replaced: &'static str,
    pub restore_books_saved: &'static str,
    pub restore_books_not_saved: &'static str,
    pub restore_rates_saved: &'static str,
    pub restore_rates_not_saved: &'static str,
    pub restore_rates_conflict: &'static str,
    pub restore_conflicts: &'static str,
    pub storage_title: &'static str,
    pub persist_granted: &'static str,
    pub persist_not_granted: &'static str,
    pub persist_unsupported: &'static str,
    pub persist_ask: &'static str,
}

static FR: DataTexts = DataTexts {
    not_saved: "Votre dernière modification n'est PAS enregistrée.",
    other_tab_saved: "Un autre onglet vient d'enregistrer des modifications, alors que cette page en garde une que le navigateur a refusé d'enregistrer. Rien n'est perdu pour l'instant\u{a0}: téléchargez une sauvegarde de cette page, puis rechargez pour voir la version de l'autre onglet (vous pourrez fusionner la sauvegarde dans Réglages).",
    memory_only: "Ce navigateur ne laisse pas Relance utiliser son stockage (désactivé, ou fenêtre privée)\u{a0}: vous pouvez tout utiliser, mais rien ne sera conservé après la fermeture de la page. Téléchargez une sauvegarde avant de partir.",
    download_backup: "Télécharger une sauvegarde",
    reload: "Recharger",
    dismiss: "Fermer",
    reminder_later: "Plus tard",
    recovery_title: "Vos données enregistrées n'ont pas pu être relues",
    recovery_future_title: "Vos données viennent d'une version plus récente de Relance",
    recovery_safe: "Rien n'a été modifié ni effacé. Le simulateur reste utilisable en attendant.",
    recovery_download: "Télécharger les données enregistrées telles quelles",
    recovery_start_afresh: "Mettre ces données de côté et repartir de zéro…",
    recovery_confirm: "Les données illisibles seront copiées à part dans ce navigateur (rien n'est supprimé) et Relance repartira d'un registre vide. Téléchargez-les d'abord si vous voulez les faire examiner. Continuer\u{a0}?",
    recovery_confirm_button: "Oui, mettre de côté et repartir de zéro",
    recovery_cancel: "Annuler",
    recovery_failed: "Impossible de les mettre de côté (stockage plein\u{a0}?)\u{a0}: rien n'a été modifié. Libérez de la place ou téléchargez-les, puis réessayez.",
    download_failed: "Le navigateur a refusé le téléchargement.",
    books_title: "Vos données sur cet appareil",
    books_empty: "Aucune facture enregistrée pour l'instant.",
    backup_title: "Sauvegarde",
    backup_intro: "Un seul fichier JSON avec tout ce que vous avez saisi (clients, factures, paiements, relances, échéanciers, taux ajoutés). Gardez-le ailleurs que dans ce navigateur\u{a0}: c'est votre seule copie de secours.",
    backup_last: "Dernière sauvegarde\u{a0}:",
    backup_never: "Aucune sauvegarde téléchargée depuis ce navigateur.",
    restore_title: "Restaurer une sauvegarde",
    restore_intro: "Le fichier est vérifié en entier avant tout changement\u{a0}; vous voyez ce qu'il contient, puis choisissez de remplacer vos données ou de l'y fusionner.",
    restore_file: "Fichier de sauvegarde (.json)",
    restore_file_what: "une sauvegarde de Relance",
    restore_contains: "Cette sauvegarde contient\u{a0}:",
    restore_made_on: "faite le",
    restore_replace: "Remplacer mes données…",
    restore_replace_confirm: "Vos données actuelles seront remplacées par celles de la sauvegarde. Téléchargez d'abord une sauvegarde de vos données actuelles si vous voulez pouvoir revenir en arrière.",
    restore_replace_confirm_button: "Oui, remplacer",
    restore_merge: "Fusionner dans mes données",
    restore_cancel: "Annuler",
    restore_replaced: "Sauvegarde restaurée\u{a0}: vos données ont été remplacées.",
    restore_books_saved: "Les factures et les clients de la sauvegarde sont restaurés et enregistrés.",
    restore_books_not_saved: "Les factures et les clients de la sauvegarde sont chargés dans cet onglet seulement\u{a0}: le navigateur a refusé de les enregistrer (voir le bandeau en haut de la page)\u{a0}; vos factures enregistrées n'ont pas changé.",
    restore_rates_saved: "Vos taux, eux, sont enregistrés.",
    restore_rates_not_saved: "Les taux de la sauvegarde servent dans cet onglet seulement\u{a0}: ils ne sont PAS enregistrés (voir le bandeau en haut de la page).",
    restore_rates_conflict: "Une partie des taux de la sauvegarde n'a PAS été restaurée\u{a0}: un autre onglet venait de modifier les mêmes taux, et sa version est gardée (le détail est dans Réglages › Taux publiés).",
    restore_conflicts: "Conflits (vos données sont gardées)\u{a0}:",
    storage_title: "Stockage",
    persist_granted: "Le navigateur s'est engagé à ne pas effacer ces données de lui-même.",
    persist_not_granted: "Le navigateur peut effacer ces données s'il manque de place\u{a0}: téléchargez des sauvegardes régulièrement.",
    persist_unsupported: "Ce navigateur ne dit pas s'il conservera ces données\u{a0}: téléchargez des sauvegardes régulièrement.",
    persist_ask: "Demander au navigateur de conserver les données",
};

static EN: DataTexts = DataTexts {
    not_saved: "Your last change is NOT saved.",
    other_tab_saved: "Another tab has just saved changes, while this page holds one the browser refused to save. Nothing is lost yet: download a backup of this page, then reload to see the other tab's version (you can merge the backup in Settings).",
    memory_only: "This browser does not let Relance use its storage (disabled, or a private window): you can use everything, but nothing will be kept once the page is closed. Download a backup before you leave.",
    download_backup: "Download a backup",
    reload: "Reload",
    dismiss: "Close",
    reminder_later: "Later",
    recovery_title: "Your saved data could not be read",
    recovery_future_title: "Your data comes from a newer version of Relance",
    recovery_safe: "Nothing was changed or deleted. The Simulator still works meanwhile.",
    recovery_download: "Download the saved data as it is",
    recovery_start_afresh: "Set this data aside and start afresh…",
    recovery_confirm: "The unreadable data will be copied aside in this browser (nothing is deleted) and Relance will start from an empty ledger. Download it first if you want it examined. Continue?",
    recovery_confirm_button: "Yes, set it aside and start afresh",
    recovery_cancel: "Cancel",
    recovery_failed: "It could not be set aside (storage full?): nothing was changed. Free some space or download it, then try again.",
    download_failed: "The browser refused the download.",
    books_title: "Your data on this device",
    books_empty: "No invoice saved yet.",
    backup_title: "Backup",
    backup_intro: "One JSON file with everything you entered (clients, invoices, payments, reminders, payment plans, added rates). Keep it somewhere other than this browser: it is your only spare copy.",
    backup_last: "Last backup:",
    backup_never: "No backup downloaded from this browser.",
    restore_title: "Restore a backup",
    restore_intro: "The file is checked completely before anything changes; you see what it holds, then choose to replace your data or merge it in.",
    restore_file: "Backup file (.json)",
    restore_file_what: "a Relance backup",
    restore_contains: "This backup holds:",
    restore_made_on: "made on",
    restore_replace: "Replace my data…",
    restore_replace_confirm: "Your current data will be replaced by the backup's. Download a backup of your current data first if you want to be able to go back.",
    restore_replace_confirm_button: "Yes, replace",
    restore_merge: "Merge into my data",
    restore_cancel: "Cancel",
    restore_replaced: "Backup restored: your data was replaced.",
    restore_books_saved: "The backup's invoices and clients are restored and saved.",
    restore_books_not_saved: "The backup's invoices and clients are loaded in this tab only: the browser refused to save them (see the banner at the top of the page); your stored invoices did not change.",
    restore_rates_saved: "Your rates are saved.",
    restore_rates_not_saved: "The backup's rates are used in this tab only: they are NOT saved (see the banner at the top of the page).",
    restore_rates_conflict: "Part of the backup's rates was NOT restored: another tab had just changed the same rates, and its version is kept (details in Settings › Published rates).",
    restore_conflicts: "Conflicts (your data is kept):",
    storage_title: "Storage",
    persist_granted: "The browser has committed not to erase this data on its own.",
    persist_not_granted: "The browser may erase this data when short of space: download backups regularly.",
    persist_unsupported: "This browser does not say whether it will keep this data: download backups regularly.",
    persist_ask: "Ask the browser to keep the data",
};

pub fn data_texts(lang: Lang) -> &'static DataTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// "Your data takes 1.2 MB of the roughly 10.5 MB … (11.4 %), in 18 keys." `chars`: the
/// characters of the app's keys and values (stored as UTF-16, two bytes each).
pub fn storage_usage(chars: u64, keys: usize, lang: Lang) -> String {
    let used = crate::format::bytes(chars.saturating_mul(2), lang);
    let quota = crate::format::bytes(LOCAL_STORAGE_QUOTA_CHARS * 2, lang);
    // Tenths of a percent, rounded half up, in integers.
    let tenths = (u128::from(chars) * 1_000 + u128::from(LOCAL_STORAGE_QUOTA_CHARS / 2))
        / u128::from(LOCAL_STORAGE_QUOTA_CHARS);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match lang {
        Lang::Fr => format!(
            "Vos données occupent {used} des quelque {quota} que le navigateur accorde au stockage local de Relance ({whole},{tenth}\u{a0}%), en {keys}\u{a0}clé{}.",
            if keys > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "Your data takes {used} of the roughly {quota} the browser allows Relance's local storage ({whole}.{tenth}\u{a0}%), in {keys} key{}.",
            if keys == 1 { "" } else { "s" }
        ),
    }
}

/// "3 clients, 12 invoices, 20 payments, 1 credit note, 9 contacts, 1 payment plan".
pub fn summary_sentence(
    summary: &crate::state::backup::Summary,
    lang: crate::i18n::Lang,
) -> String {
    use crate::i18n::Lang;
    let count = |n: usize, fr: (&str, &str), en: (&str, &str)| -> String {
        let (one, many) = match lang {
            Lang::Fr => fr,
            Lang::En => en,
        };
        // French: 0 and 1 take the singular.
        let singular = match lang {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        };
        format!("{n}\u{a0}{}", if singular { one } else { many })
    };
    let mut parts = vec![
        count(
            summary.clients,
            ("client", "clients"),
            ("client", "clients"),
        ),
        count(
            summary.invoices,
            ("facture", "factures"),
            ("invoice", "invoices"),
        ),
        count(
            summary.payments,
            ("paiement", "paiements"),
            ("payment", "payments"),
        ),
        count(
            summary.credit_notes,
            ("avoir", "avoirs"),
            ("credit note", "credit notes"),
        ),
        count(
            summary.contacts,
            ("relance ou contact", "relances ou contacts"),
            ("reminder or contact", "reminders or contacts"),
        ),
        count(
            summary.plans,
            ("échéancier", "échéanciers"),
            ("payment plan", "payment plans"),
        ),
    ];
    if summary.rates > 0 {
        parts.push(count(
            summary.rates,
            ("taux ajouté", "taux ajoutés"),
            ("added rate", "added rates"),
        ));
    }
    let mut sentence = parts.join(", ");
    if let Some((first, last)) = summary.issued {
        let range = match lang {
            Lang::Fr => format!(
                " (émises du {} au {})",
                crate::format::date_short(first, lang),
                crate::format::date_short(last, lang)
            ),
            Lang::En => format!(
                " (issued {} to {})",
                crate::format::date_short(first, lang),
                crate::format::date_short(last, lang)
            ),
        };
        sentence.push_str(&range);
    }
    sentence.push('.');
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_usage_gives_the_share_of_the_quota_in_both_languages() {
        assert_eq!(
            storage_usage(524_288, 18, Lang::En),
            "Your data takes 1.0 MB of the roughly 10.5 MB the browser allows Relance's local storage (10.0\u{a0}%), in 18 keys."
        );
        assert_eq!(
            storage_usage(3_824_386, 1, Lang::Fr),
            "Vos données occupent 7,6\u{a0}Mo des quelque 10,5\u{a0}Mo que le navigateur accorde au stockage local de Relance (72,9\u{a0}%), en 1\u{a0}clé."
        );
        assert_eq!(
            storage_usage(0, 0, Lang::En),
            "Your data takes 0 B of the roughly 10.5 MB the browser allows Relance's local storage (0.0\u{a0}%), in 0 keys."
        );
    }
}
