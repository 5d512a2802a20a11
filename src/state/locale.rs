//! The interface language as shared state: read once at start, changed by the switch,
//! remembered in `localStorage` and mirrored on `<html lang>`.

use leptos::prelude::*;

use crate::i18n::{Lang, Texts};
use crate::storage::{keys, local};

/// The current interface language, provided in context by [`provide_locale`].
#[derive(Clone, Copy)]
pub struct Locale {
    lang: RwSignal<Lang>,
}

impl Locale {
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The current language, without subscribing to its changes.
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// The texts of the current language (tracks the language signal).
    pub fn texts(self) -> &'static Texts {
        self.lang.get().texts()
    }

    /// Switches the language and remembers the choice. If storage refuses, the switch still
    /// applies for this visit: a language preference is not worth an error banner.
    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        let _ = local::write(keys::LANGUAGE, lang.code());
        mirror_on_document(lang);
    }
}

/// The language for this visit: the remembered choice, else the browser's preference.
fn initial_lang() -> Lang {
    if let Ok(Some(code)) = local::read(keys::LANGUAGE)
        && let Some(lang) = Lang::from_code(&code)
    {
        return lang;
    }
    let preferences: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|value| value.as_string())
        .collect();
    Lang::from_browser_preferences(preferences.iter().map(String::as_str))
}

fn mirror_on_document(lang: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn provide_locale() -> Locale {
    let lang = initial_lang();
    mirror_on_document(lang);
    let locale = Locale {
        lang: RwSignal::new(lang),
    };
    provide_context(locale);
    locale
}

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(|| {
        crate::state::context::not_provided("Locale");
        provide_locale()
    })
}
