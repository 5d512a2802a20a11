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
    pub placeholder_note: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub not_found_back: &'static str,
    pub footer_privacy: &'static str,
    pub update_available: &'static str,
    pub update_reload: &'static str,
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
    placeholder_note: "Cette page est un espace réservé\u{202f}: elle n'est pas encore construite.",
    not_found_title: "Page introuvable",
    not_found_body: "Aucune page ne correspond à cette adresse\u{202f}:",
    not_found_back: "Revenir au tableau de bord",
    footer_privacy: "Vos données restent dans ce navigateur\u{202f}: aucun serveur, aucun compte, aucune mesure d'audience.",
    update_available: "Une nouvelle version de Relance est prête. Vos données ne changent pas\u{202f}; rechargez quand vous aurez fini votre saisie.",
    update_reload: "Recharger",
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
    placeholder_note: "This page is a placeholder: it is not built yet.",
    not_found_title: "Page not found",
    not_found_body: "No page matches this address:",
    not_found_back: "Back to the dashboard",
    footer_privacy: "Your data stays in this browser: no server, no account, no analytics.",
    update_available: "A new version of Relance is ready. Your data is not affected; reload when you have finished what you are typing.",
    update_reload: "Reload",
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
