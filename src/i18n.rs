//! Interface texts in French and English.
//!
//! One struct of `&'static str` fields, one static value per language: a text missing in one
//! language is a compile error, and no lookup can fail at run time. French is the first language.

/// An interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 code stored in preferences and set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads a stored code back; anything unknown is `None` (then the browser decides).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language for a first visit: French when the browser's first preference that we
    /// support is French (`fr`, `fr-FR`, `fr-BE`…), English when it is English, otherwise the
    /// default, French.
    pub fn from_browser_preferences<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences
            .into_iter()
            .find_map(|tag| {
                let primary = tag
                    .split(['-', '_'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                Lang::from_code(&primary)
            })
            .unwrap_or(Lang::Fr)
    }

    /// The texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// A value (typically an error) that can say itself as a sentence in the user's language.
/// Domain errors implement it so that the message is built where its data is.
pub trait Describe {
    fn describe(&self, lang: Lang) -> String;
}

/// Every interface text. Add a field here and the compiler asks for both translations.
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_dashboard: &'static str,
    pub nav_invoices: &'static str,
    pub nav_clients: &'static str,
    pub nav_simulator: &'static str,
    pub nav_letters: &'static str,
    pub nav_settings: &'static str,
    /// The import page's title (not in the navigation: reached from the invoices and clients).
    pub nav_import: &'static str,
    pub language_label: &'static str,
    pub placeholder_badge: &'static str,
    pub placeholder_note: &'static str,
    pub placeholder_try_simulator: &'static str,
    pub dashboard_intro: &'static str,
    pub invoices_intro: &'static str,
    pub clients_intro: &'static str,
    pub simulator_intro: &'static str,
    pub letters_intro: &'static str,
    pub settings_intro: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub not_found_back: &'static str,
    pub footer_privacy: &'static str,
    pub update_available: &'static str,
    pub update_reload: &'static str,
    pub erase_title: &'static str,
    pub erase_intro: &'static str,
    pub erase_button: &'static str,
    pub erase_confirm: &'static str,
    pub erase_confirm_button: &'static str,
    pub erase_cancel: &'static str,
    pub erase_failed: &'static str,
}

pub static FR: Texts = Texts {
    app_name: "Relance",
    tagline: "Vos factures, vos retards, vos relances",
    skip_to_content: "Aller au contenu",
    nav_label: "Navigation principale",
    nav_dashboard: "Tableau de bord",
    nav_invoices: "Factures",
    nav_clients: "Clients",
    nav_simulator: "Simulateur",
    nav_letters: "Courriers",
    nav_settings: "Réglages",
    nav_import: "Importer des factures",
    language_label: "Langue",
    placeholder_badge: "En construction",
    placeholder_note: "Cette page est un espace réservé\u{202f}: elle n'est pas encore construite.",
    placeholder_try_simulator: "En attendant, calculez vos pénalités de retard dans le Simulateur →",
    dashboard_intro: "Qui vous doit quoi, et depuis combien de temps\u{202f}: l'antériorité des créances, les relances du jour et les intérêts de retard courus.",
    invoices_intro: "Vos factures, leurs échéances, leurs paiements et leur statut.",
    clients_intro: "Vos clients, leurs conditions de paiement et leur historique de règlement.",
    simulator_intro: "Calculez les pénalités de retard et l'indemnité forfaitaire de recouvrement prévues par la loi (France, Allemagne, Royaume-Uni, UE).",
    letters_intro: "Les courriers de relance, du rappel courtois à la mise en demeure.",
    settings_intro: "Les taux publiés que Relance utilise, et vos données sur cet appareil.",
    not_found_title: "Page introuvable",
    not_found_body: "Aucune page ne correspond à cette adresse\u{202f}:",
    not_found_back: "Revenir au tableau de bord",
    footer_privacy: "Vos données restent dans ce navigateur\u{202f}: aucun serveur, aucun compte, aucune mesure d'audience.",
    update_available: "Une nouvelle version de Relance est prête. Vos données ne changent pas\u{202f}; rechargez quand vous aurez fini votre saisie.",
    update_reload: "Recharger",
    erase_title: "Effacer toutes les données de cet appareil",
    erase_intro: "Relance garde vos données dans ce navigateur seulement (clés «\u{202f}relance.…\u{202f}» du stockage local)\u{202f}: clients, factures, paiements, relances, taux ajoutés, langue, et les copies mises de côté. Rien n'est envoyé ailleurs.",
    erase_button: "Effacer toutes les données…",
    erase_confirm: "Tout ce que Relance a enregistré dans ce navigateur sera effacé, sans retour possible.",
    erase_confirm_button: "Oui, tout effacer",
    erase_cancel: "Annuler",
    erase_failed: "Le navigateur a refusé l'effacement\u{202f}: rien n'a été effacé. Videz les données du site dans les réglages du navigateur.",
};

pub static EN: Texts = Texts {
    app_name: "Relance",
    tagline: "Your invoices, who is late, what to send",
    skip_to_content: "Skip to content",
    nav_label: "Main navigation",
    nav_dashboard: "Dashboard",
    nav_invoices: "Invoices",
    nav_clients: "Clients",
    nav_simulator: "Simulator",
    nav_letters: "Letters",
    nav_settings: "Settings",
    nav_import: "Import invoices",
    language_label: "Language",
    placeholder_badge: "Coming soon",
    placeholder_note: "This page is a placeholder: it is not built yet.",
    placeholder_try_simulator: "Meanwhile, work out your late-payment interest in the Simulator →",
    dashboard_intro: "Who owes what, and for how long: receivables aging, today's reminders and the late interest accrued.",
    invoices_intro: "Your invoices, their due dates, payments and status.",
    clients_intro: "Your clients, their payment terms and how they have paid.",
    simulator_intro: "Work out the statutory late-payment interest and fixed recovery compensation (France, Germany, UK, EU).",
    letters_intro: "Reminder letters, from a courteous reminder up to a formal notice.",
    settings_intro: "The published rates Relance uses, and your data on this device.",
    not_found_title: "Page not found",
    not_found_body: "No page matches this address:",
    not_found_back: "Back to the dashboard",
    footer_privacy: "Your data stays in this browser: no server, no account, no analytics.",
    update_available: "A new version of Relance is ready. Your data is not affected; reload when you have finished what you are typing.",
    update_reload: "Reload",
    erase_title: "Erase all data on this device",
    erase_intro: "Relance keeps your data in this browser only (the “relance.…” keys of local storage): clients, invoices, payments, reminders, added rates, language, and the copies set aside. Nothing is sent anywhere.",
    erase_button: "Erase all data…",
    erase_confirm: "Everything Relance saved in this browser will be erased, with no way back.",
    erase_confirm_button: "Yes, erase everything",
    erase_cancel: "Cancel",
    erase_failed: "The browser refused to erase: nothing was erased. Clear this site's data in the browser's settings.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_visit_language_follows_the_browser_and_defaults_to_french() {
        assert_eq!(Lang::from_browser_preferences(["fr-FR", "en"]), Lang::Fr);
        assert_eq!(Lang::from_browser_preferences(["fr_BE"]), Lang::Fr);
        assert_eq!(Lang::from_browser_preferences(["en-GB", "fr"]), Lang::En);
        assert_eq!(Lang::from_browser_preferences(["de-DE", "en-US"]), Lang::En);
        assert_eq!(Lang::from_browser_preferences(["de-DE"]), Lang::Fr);
        assert_eq!(Lang::from_browser_preferences([]), Lang::Fr);
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("xx"), None);
    }

    #[test]
    fn no_text_is_empty_in_either_language() {
        for lang in Lang::ALL {
            let texts = lang.texts();
            for text in [
                texts.app_name,
                texts.nav_dashboard,
                texts.placeholder_note,
                texts.not_found_back,
                texts.footer_privacy,
            ] {
                assert!(!text.trim().is_empty(), "{lang:?}");
            }
        }
    }
}
