//! Settings → letterhead and letter templates as a pure model: which template the editor
//! shows (the user's unsaved words, a stored one that no longer checks, the user's saved
//! words, or the default), its status, saving and restoring, and the preview of a letter
//! made with sample books (the demo's clients and invoices as of today).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::demo::add_demo;
use crate::domain::dunning::DunningPolicy;
use crate::domain::interest::RateTables;
use crate::domain::ledger::Ledger;
use crate::domain::letter::{
    Letter, LetterFacts, LetterKind, LetterRequest, Placeholder, Template, TemplateError,
    TemplateKey, Tone, check, compose, gather,
};
use crate::domain::letterhead::Letterhead;
use crate::i18n::Lang;
use crate::state::settings::Preferences;

/// Where the template the editor shows comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateStatus {
    /// The default words.
    Default,
    /// The user's saved words.
    Changed,
    /// Stored words that no longer check: kept, not used (the default is used meanwhile).
    Kept(TemplateError),
}

impl TemplateStatus {
    /// The code in `data-status`.
    pub fn id(&self) -> &'static str {
        match self {
            TemplateStatus::Default => "default",
            TemplateStatus::Changed => "changed",
            TemplateStatus::Kept(_) => "kept",
        }
    }
}

/// The field of the template editor an error is shown beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateField {
    Subject,
    Body,
}

/// The template's first error, with the field it is in (the subject is checked alone first,
/// since both count their lines from 1).
pub fn error_of(template: &Template) -> Option<(TemplateField, TemplateError)> {
    let subject = Template {
        subject: template.subject.clone(),
        body: String::new(),
    };
    if let Err(error) = check(&subject) {
        return Some((TemplateField::Subject, error));
    }
    check(template)
        .err()
        .map(|error| (TemplateField::Body, error))
}

/// The status of `key` in `settings`.
pub fn status(settings: &Preferences, key: TemplateKey) -> TemplateStatus {
    if let Some(kept) = settings.kept_template(key) {
        TemplateStatus::Kept(kept.error.clone())
    } else if settings.templates.is_changed(key) {
        TemplateStatus::Changed
    } else {
        TemplateStatus::Default
    }
}

/// The saved words of `key`: a kept template's text (to correct it), else the one in force.
pub fn saved(settings: &Preferences, key: TemplateKey) -> Template {
    settings
        .kept_template(key)
        .map(|kept| kept.template.clone())
        .unwrap_or_else(|| settings.templates.get(key))
}

/// The words the editor shows for `key`: what the user typed and did not save, else saved.
pub fn shown(
    settings: &Preferences,
    drafts: &BTreeMap<TemplateKey, Template>,
    key: TemplateKey,
) -> Template {
    drafts
        .get(&key)
        .cloned()
        .unwrap_or_else(|| saved(settings, key))
}

/// Whether `key` has words typed and not saved.
pub fn unsaved(
    settings: &Preferences,
    drafts: &BTreeMap<TemplateKey, Template>,
    key: TemplateKey,
) -> bool {
    drafts
        .get(&key)
        .is_some_and(|draft| *draft != saved(settings, key))
}

/// `settings` with `template` as the words of `key`, or why not (nothing changes).
pub fn with_template(
    settings: &Preferences,
    key: TemplateKey,
    template: Template,
) -> Result<Preferences, TemplateError> {
    let mut next = settings.clone();
    next.set_template(key, template)?;
    Ok(next)
}

/// `settings` with the default words of `key`, and the words it replaces (for an undo) when
/// they were the user's.
pub fn with_default(settings: &Preferences, key: TemplateKey) -> (Preferences, Option<Template>) {
    let previous = match status(settings, key) {
        TemplateStatus::Default => None,
        _ => Some(saved(settings, key)),
    };
    let mut next = settings.clone();
    next.restore_template(key);
    (next, previous)
}

/// `settings` with `previous` back as the words of `key` (the undo of [`with_default`]); a
/// text that does not check goes back to the kept ones, as it was.
pub fn undo_default(settings: &Preferences, key: TemplateKey, previous: Template) -> Preferences {
    let mut next = settings.clone();
    if let Err(error) = next.set_template(key, previous.clone()) {
        next.kept_templates.retain(|kept| kept.key != key);
        next.kept_templates
            .push(crate::state::settings::KeptTemplate {
                key,
                template: previous,
                error,
            });
        next.kept_templates.sort_by_key(|kept| kept.key);
    }
    next
}

/// The placeholders a template may use, with what each stands for in `lang`.
pub fn placeholders(lang: Lang) -> Vec<(String, &'static str)> {
    Placeholder::ALL
        .into_iter()
        .map(|placeholder| {
            (
                format!("{{{}}}", placeholder.name()),
                placeholder.meaning(lang),
            )
        })
        .collect()
}

/// The letter kinds, languages and tones as the pickers offer them.
pub fn kind_of(code: &str) -> Option<LetterKind> {
    LetterKind::from_code(code)
}

pub fn lang_of(code: &str) -> Option<Lang> {
    match code {
        "fr" => Some(Lang::Fr),
        "en" => Some(Lang::En),
        _ => None,
    }
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

/// Sample books for the preview: the demo's clients and invoices as of `today`.
pub fn sample_books(today: NaiveDate) -> Option<Ledger> {
    let mut ledger = Ledger::new();
    add_demo(&mut ledger, today).ok()?;
    Some(ledger)
}

/// The facts of a letter of `kind` in `tone` to the first demo client it can be written to
/// (with invoices overdue for a reminder, not yet due for "did you receive", a deposit, a
/// plan), as of `today`, with the built-in rates.
pub fn sample_facts(
    ledger: &Ledger,
    policy: &DunningPolicy,
    kind: LetterKind,
    tone: Tone,
    today: NaiveDate,
) -> Option<LetterFacts> {
    let tables = RateTables::builtin();
    ledger.clients().find_map(|client| {
        let request = LetterRequest {
            client: client.id(),
            invoices: Vec::new(),
            kind: Some(kind),
            date: today,
            tone: Some(tone),
            deadline_days: None,
            individual: false,
        };
        gather(ledger, &request, &tables, policy).ok()
    })
}

/// The preview of `template`: the letter it makes with `facts` (when sample facts could be
/// gathered), or the template's error.
pub fn preview(
    facts: Option<&LetterFacts>,
    sender: &Letterhead,
    template: &Template,
    lang: Lang,
) -> Result<Option<Letter>, TemplateError> {
    check(template)?;
    match facts {
        Some(facts) => compose(facts, sender, template, lang).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::domain::contact::StepKind;
    use crate::domain::letter::Block;
    use crate::i18n::Describe;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn key() -> TemplateKey {
        TemplateKey::new(
            LetterKind::Step(StepKind::FirstReminder),
            Lang::Fr,
            Tone::Firm,
        )
    }

    fn mine() -> Template {
        Template {
            subject: "Relance {invoices.list}".to_string(),
            body: "Bonjour {client.name},\n\nIl reste {total.open}.".to_string(),
        }
    }

    #[test]
    fn the_editor_shows_the_draft_then_the_saved_words_then_the_default() {
        let settings = Preferences::default();
        let mut drafts = BTreeMap::new();
        assert_eq!(status(&settings, key()), TemplateStatus::Default);
        assert_eq!(
            shown(&settings, &drafts, key()),
            settings.templates.get(key())
        );
        assert!(!unsaved(&settings, &drafts, key()));
        drafts.insert(key(), mine());
        assert_eq!(shown(&settings, &drafts, key()), mine());
        assert!(unsaved(&settings, &drafts, key()));
        let saved_settings = with_template(&settings, key(), mine()).unwrap();
        assert_eq!(status(&saved_settings, key()), TemplateStatus::Changed);
        assert!(
            !unsaved(&saved_settings, &drafts, key()),
            "the draft is what is saved"
        );
        // Another key is untouched.
        let other = TemplateKey::new(LetterKind::InvoiceCheck, Lang::En, Tone::Collaborative);
        assert_eq!(status(&saved_settings, other), TemplateStatus::Default);
    }

    #[test]
    fn a_misspelt_placeholder_is_refused_and_named_with_the_right_one() {
        let wrong = Template {
            subject: "Relance".to_string(),
            body: "Il reste {total.opne} à payer.".to_string(),
        };
        let error = with_template(&Preferences::default(), key(), wrong.clone()).unwrap_err();
        let said = error.describe(Lang::En);
        assert!(
            said.contains("{total.opne}") && said.contains("{total.open}"),
            "{said}"
        );
        assert_eq!(
            preview(None, &Letterhead::default(), &wrong, Lang::Fr),
            Err(error)
        );
    }

    #[test]
    fn an_error_is_shown_beside_the_field_that_has_it() {
        let mut template = mine();
        assert_eq!(error_of(&template), None);
        template.body = "Bonjour\n\n{total.opne}".to_string();
        let (field, error) = error_of(&template).unwrap();
        assert_eq!(field, TemplateField::Body);
        assert!(error.describe(Lang::Fr).contains("Ligne 3"));
        template.subject = "  ".to_string();
        assert_eq!(
            error_of(&template),
            Some((TemplateField::Subject, TemplateError::EmptySubject))
        );
        template.subject = "Relance {client.nom}".to_string();
        assert!(matches!(
            error_of(&template),
            Some((TemplateField::Subject, TemplateError::Unknown { .. }))
        ));
    }

    #[test]
    fn restoring_the_default_can_be_undone_exactly() {
        let settings = with_template(&Preferences::default(), key(), mine()).unwrap();
        let (restored, previous) = with_default(&settings, key());
        assert_eq!(status(&restored, key()), TemplateStatus::Default);
        assert_eq!(previous, Some(mine()));
        assert_eq!(undo_default(&restored, key(), mine()), settings);
        // The default restored again: nothing to undo.
        assert_eq!(with_default(&restored, key()).1, None);
    }

    #[test]
    fn the_preview_is_a_letter_to_a_demo_client_with_the_users_words() {
        let books = sample_books(today()).unwrap();
        let policy = DunningPolicy::default();
        let facts = sample_facts(&books, &policy, key().kind, Tone::Firm, today()).unwrap();
        let sender = Letterhead {
            name: "Atelier Durand".to_string(),
            ..Letterhead::default()
        };
        let letter = preview(Some(&facts), &sender, &mine(), Lang::Fr)
            .unwrap()
            .unwrap();
        assert!(letter.subject.starts_with("Relance "), "{}", letter.subject);
        let Block::Paragraph(first) = &letter.blocks[0] else {
            panic!("a paragraph first");
        };
        assert_eq!(first, &format!("Bonjour {},", facts.client.name()));
        assert!(!facts.invoices.is_empty());
        // Every default template of every kind gives a preview or at least checks.
        for kind in LetterKind::ALL {
            for tone in Tone::ALL {
                for lang in [Lang::Fr, Lang::En] {
                    let template = Preferences::default()
                        .templates
                        .get(TemplateKey::new(kind, lang, tone));
                    let facts = sample_facts(&books, &policy, kind, tone, today());
                    assert!(
                        preview(facts.as_ref(), &sender, &template, lang).is_ok(),
                        "{kind:?} {tone:?} {lang:?}"
                    );
                }
            }
        }
        // A reminder to a demo client with invoices overdue.
        assert!(
            sample_facts(
                &books,
                &policy,
                LetterKind::Step(StepKind::FormalNotice),
                Tone::Firm,
                today()
            )
            .is_some()
        );
    }

    #[test]
    fn every_placeholder_is_listed_with_its_meaning() {
        let list = placeholders(Lang::Fr);
        assert_eq!(list.len(), Placeholder::ALL.len());
        assert!(
            list.iter()
                .any(|(name, meaning)| name == "{total.open}" && *meaning == "le total restant dû")
        );
    }
}
