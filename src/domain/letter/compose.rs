//! A letter composed: the facts, the user's words and letterhead, in a language.

use super::facts::LetterFacts;
use super::legal;
use super::output::{Letter, Recipient};
use super::template::{Template, TemplateError, Values, render};
use crate::domain::letterhead::Letterhead;
use crate::i18n::Lang;

/// The letter `facts` make with `template`, from `sender`, in `lang`.
pub fn compose(
    facts: &LetterFacts,
    sender: &Letterhead,
    template: &Template,
    lang: Lang,
) -> Result<Letter, TemplateError> {
    let values = Values {
        facts,
        sender,
        lang,
    };
    let (subject, blocks) = render(template, &values)?;
    let date_line = match lang {
        Lang::Fr => format!("Le {}", crate::format::date_long(facts.date, lang)),
        Lang::En => crate::format::date_long(facts.date, lang),
    };
    Ok(Letter {
        kind: facts.kind,
        tone: facts.tone.tone(),
        lang,
        date: facts.date,
        date_line,
        sender: sender.clone(),
        recipient: Recipient {
            name: facts.client.name().to_string(),
            address: facts.client.address().to_string(),
            email: facts.client.email().map(|email| email.as_str().to_string()),
        },
        mention: legal::mention(facts.kind, lang),
        subject,
        blocks,
    })
}
