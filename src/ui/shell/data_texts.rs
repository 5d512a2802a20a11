//! Every text about the user's stored data (banners, recovery screen, backups), in French and
//! English (a missing one does not compile).

use crate::i18n::Lang;

pub struct DataTexts {
    pub not_saved: &'static str,
    pub other_tab_saved: &'static str,
    pub memory_only: &'static str,
    pub download_backup: &'static str,
    pub reload: &'static str,
    pub dismiss: &'static str,
    pub reminder_later: &'static str,
    pub download_failed: &'static str,
    pub books_title: &'static str,
    pub books_empty: &'static str,
}

static FR: DataTexts = DataTexts {
    not_saved: "Votre dernière modification n'est PAS enregistrée.",
    other_tab_saved: "Un autre onglet vient d'enregistrer des modifications, alors que cette page en garde une que le navigateur a refusé d'enregistrer. Rien n'est perdu pour l'instant\u{a0}: téléchargez une sauvegarde de cette page, puis rechargez pour voir la version de l'autre onglet (vous pourrez fusionner la sauvegarde dans Réglages).",
    memory_only: "Ce navigateur ne laisse pas Relance utiliser son stockage (désactivé, ou fenêtre privée)\u{a0}: vous pouvez tout utiliser, mais rien ne sera conservé après la fermeture de la page. Téléchargez une sauvegarde avant de partir.",
    download_backup: "Télécharger une sauvegarde",
    reload: "Recharger",
    dismiss: "Fermer",
    reminder_later: "Plus tard",
    download_failed: "Le navigateur a refusé le téléchargement.",
    books_title: "Vos données sur cet appareil",
    books_empty: "Aucune facture enregistrée pour l'instant.",
};

static EN: DataTexts = DataTexts {
    not_saved: "Your last change is NOT saved.",
    other_tab_saved: "Another tab has just saved changes, while this page holds one the browser refused to save. Nothing is lost yet: download a backup of this page, then reload to see the other tab's version (you can merge the backup in Settings).",
    memory_only: "This browser does not let Relance use its storage (disabled, or a private window): you can use everything, but nothing will be kept once the page is closed. Download a backup before you leave.",
    download_backup: "Download a backup",
    reload: "Reload",
    dismiss: "Close",
    reminder_later: "Later",
    download_failed: "The browser refused the download.",
    books_title: "Your data on this device",
    books_empty: "No invoice saved yet.",
};

pub fn data_texts(lang: Lang) -> &'static DataTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// "Your data takes 1.2 MB of the roughly 10.5 MB … (11.4 %), in 18 keys." `chars`: the
/// characters of the app's keys and values (stored as UTF-16, two bytes each); `quota`: the
/// characters the browser allows (measured: `state::device::measure_quota`).
pub fn storage_usage(chars: u64, keys: usize, quota: u64, lang: Lang) -> String {
    let quota = quota.max(1);
    let used = crate::format::bytes(chars.saturating_mul(2), lang);
    let allowed = crate::format::bytes(quota.saturating_mul(2), lang);
    // Tenths of a percent, rounded half up, in integers.
    let tenths = (u128::from(chars) * 1_000 + u128::from(quota / 2)) / u128::from(quota);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    match lang {
        Lang::Fr => format!(
            "Vos données occupent {used} des quelque {allowed} que le navigateur accorde au stockage local de Relance ({whole},{tenth}\u{a0}%), en {keys}\u{a0}clé{}.",
            if keys > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "Your data takes {used} of the roughly {allowed} the browser allows Relance's local storage ({whole}.{tenth}\u{a0}%), in {keys} key{}.",
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
            storage_usage(524_288, 18, 5_242_880, Lang::En),
            "Your data takes 1.0 MB of the roughly 10.5 MB the browser allows Relance's local storage (10.0\u{a0}%), in 18 keys."
        );
        assert_eq!(
            storage_usage(3_824_386, 1, 5_242_880, Lang::Fr),
            "Vos données occupent 7,6\u{a0}Mo des quelque 10,5\u{a0}Mo que le navigateur accorde au stockage local de Relance (72,9\u{a0}%), en 1\u{a0}clé."
        );
        assert_eq!(
            storage_usage(0, 0, 5_242_880, Lang::En),
            "Your data takes 0 B of the roughly 10.5 MB the browser allows Relance's local storage (0.0\u{a0}%), in 0 keys."
        );
        // The measured quota, not a constant: WebKit's 5,242,880 or Firefox's 5,120,000 (KiB).
        assert_eq!(
            storage_usage(2_560_000, 3, 5_120_000, Lang::En),
            "Your data takes 5.1 MB of the roughly 10.2 MB the browser allows Relance's local storage (50.0\u{a0}%), in 3 keys."
        );
    }
}
