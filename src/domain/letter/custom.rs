//! The user's own words for letters: a template per kind, language and tone where the user
//! changed the default; every other one is the default (`defaults.rs`).

use std::collections::BTreeMap;

use super::defaults::default_template;
use super::kind::{LetterKind, Tone};
use super::template::{Template, TemplateError, check};
use crate::i18n::Lang;

/// Which template: a letter kind, in a language, with a tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateKey {
    pub kind: LetterKind,
    pub lang: LangKey,
    pub tone: Tone,
}

/// `Lang` in an ordered key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LangKey {
    Fr,
    En,
}

impl From<Lang> for LangKey {
    fn from(lang: Lang) -> LangKey {
        match lang {
            Lang::Fr => LangKey::Fr,
            Lang::En => LangKey::En,
        }
    }
}

impl From<LangKey> for Lang {
    fn from(lang: LangKey) -> Lang {
        match lang {
            LangKey::Fr => Lang::Fr,
            LangKey::En => Lang::En,
        }
    }
}

impl TemplateKey {
    pub fn new(kind: LetterKind, lang: Lang, tone: Tone) -> TemplateKey {
        TemplateKey {
            kind,
            lang: lang.into(),
            tone,
        }
    }
}

/// The templates the user changed. Only valid templates are held (`set` checks them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TemplateSet {
    changed: BTreeMap<TemplateKey, Template>,
}

impl TemplateSet {
    /// The template in force: the user's, or the default.
    pub fn get(&self, key: TemplateKey) -> Template {
        self.changed
            .get(&key)
            .cloned()
            .unwrap_or_else(|| default_template(key.kind, key.lang.into(), key.tone))
    }

    /// Whether the user changed this one.
    pub fn is_changed(&self, key: TemplateKey) -> bool {
        self.changed.contains_key(&key)
    }

    /// Sets the user's words for `key`, checked first (nothing invalid is held). Setting the
    /// default's exact words is the same as restoring it.
    pub fn set(&mut self, key: TemplateKey, template: Template) -> Result<(), TemplateError> {
        check(&template)?;
        if template == default_template(key.kind, key.lang.into(), key.tone) {
            self.changed.remove(&key);
        } else {
            self.changed.insert(key, template);
        }
        Ok(())
    }

    /// Holds the user's words for `key` as stored, checked but not compared with the default
    /// (so that reading the settings does not need the default words: they are only in the
    /// chunks that write letters).
    pub fn insert_checked(
        &mut self,
        key: TemplateKey,
        template: Template,
    ) -> Result<(), TemplateError> {
        check(&template)?;
        self.changed.insert(key, template);
        Ok(())
    }

    /// Back to the default words.
    pub fn restore_default(&mut self, key: TemplateKey) {
        self.changed.remove(&key);
    }

    /// The changed templates, in key order (for storage).
    pub fn changed(&self) -> impl Iterator<Item = (&TemplateKey, &Template)> {
        self.changed.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::StepKind;

    #[test]
    fn a_template_set_holds_only_what_differs_from_the_default() {
        let key = TemplateKey::new(
            LetterKind::Step(StepKind::FirstReminder),
            Lang::Fr,
            Tone::Firm,
        );
        let mut set = TemplateSet::default();
        assert_eq!(
            set.get(key),
            default_template(key.kind, Lang::Fr, Tone::Firm)
        );
        let mine = Template {
            subject: "Relance {invoices.list}".to_string(),
            body: "Bonjour {client.name}".to_string(),
        };
        set.set(key, mine.clone()).unwrap();
        assert!(set.is_changed(key));
        assert_eq!(set.get(key), mine);
        let wrong = Template {
            subject: "x".to_string(),
            body: "{client.nom}".to_string(),
        };
        assert!(set.set(key, wrong).is_err());
        assert_eq!(set.get(key), mine, "an invalid template changes nothing");
        set.set(key, default_template(key.kind, Lang::Fr, Tone::Firm))
            .unwrap();
        assert!(!set.is_changed(key));
        set.set(key, mine).unwrap();
        set.restore_default(key);
        assert_eq!(set.changed().count(), 0);
    }
}
