//! The Letters page, pure: the facts gathered from the books and the letter composed with the
//! user's words and letterhead; the contact-log entry that records it sent; what the
//! letterhead still lacks for a formal notice. Tested natively.

use chrono::NaiveDate;

use crate::domain::interest::RateTables;
use crate::domain::letter::{
    Letter, LetterError, LetterFacts, LetterKind, TemplateKey, TemplateSet, compose, gather,
};
use crate::domain::letterhead::Letterhead;
use crate::domain::{Channel, ClientId, ContactDetails, DunningPolicy, FieldError, Ledger};
use crate::i18n::{Describe, Lang};
use crate::ui::components::letter_link::LetterLink;

/// What the page needs besides the books.
pub struct Inputs<'a> {
    pub tables: &'a RateTables,
    pub policy: &'a DunningPolicy,
    pub templates: &'a TemplateSet,
    pub letterhead: &'a Letterhead,
    pub today: NaiveDate,
}

/// A letter ready to show, or why not (a sentence in the interface's language).
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub facts: LetterFacts,
    pub letter: Letter,
}

/// The letter of `link` for `client`, in `lang`.
pub fn prepare(
    ledger: &Ledger,
    client: ClientId,
    link: &LetterLink,
    inputs: &Inputs,
    lang: Lang,
) -> Result<Prepared, String> {
    let request = link.request(client, inputs.today);
    let facts = gather(ledger, &request, inputs.tables, inputs.policy)
        .map_err(|error: LetterError| error.describe(lang))?;
    let key = TemplateKey::new(facts.kind, lang, facts.tone.tone());
    let template = inputs.templates.get(key);
    let letter = compose(&facts, inputs.letterhead, &template, lang)
        .map_err(|error| error.describe(lang))?;
    Ok(Prepared { facts, letter })
}

/// The channel a letter goes by: the ladder's for its step, else a letter (registered for
/// the notices).
pub fn channel_of(kind: LetterKind, policy: &DunningPolicy) -> Channel {
    if let Some(step) = kind.step()
        && let Some(found) = policy.steps().iter().find(|found| found.kind == step)
    {
        return found.channel;
    }
    if kind.is_registered() {
        Channel::RegisteredLetter
    } else {
        Channel::Letter
    }
}

/// The contact-log entry recording the letter as sent on its date: the step (which moves the
/// ladder on), the channel, the invoices, and a summary naming the letter and the amount.
pub fn sent_entry(
    prepared: &Prepared,
    client: ClientId,
    channel: Channel,
    lang: Lang,
) -> Result<ContactDetails, FieldError> {
    let facts = &prepared.facts;
    let numbers: Vec<&str> = facts
        .invoices
        .iter()
        .map(|invoice| invoice.number.as_str())
        .collect();
    let amount = crate::format::money(facts.total_open, lang);
    let summary = match lang {
        Lang::Fr => format!(
            "{} envoyée ({}) : {} ; restant dû {amount}.",
            facts.kind.name(lang),
            channel.describe(lang),
            numbers.join(", ")
        ),
        Lang::En => format!(
            "{} sent ({}): {}; still owed {amount}.",
            facts.kind.name(lang),
            channel.describe(lang),
            numbers.join(", ")
        ),
    };
    ContactDetails::new(
        client,
        facts.date,
        channel,
        &crate::format::typography(&summary, lang),
        facts.invoices.iter().map(|invoice| invoice.id).collect(),
        facts.kind.step(),
    )
}

/// What must go in the envelope with the letter, if anything: a letter before claim to an
/// individual in the UK encloses the Pre-Action Protocol's Information Sheet and Reply Form.
pub fn enclosures(facts: &LetterFacts, lang: Lang) -> Option<&'static str> {
    let uk_individual = facts.jurisdiction
        == crate::domain::letter::facts::Jurisdiction::UnitedKingdom
        && facts.debtor_is_individual;
    (uk_individual && facts.kind.is_registered()).then_some(match lang {
        Lang::Fr => "À joindre : la fiche d'information (Information Sheet) et le formulaire de réponse (Reply Form) de l'annexe 1 du Pre-Action Protocol for Debt Claims, que la lettre annonce.",
        Lang::En => "Enclose the Information Sheet and the Reply Form of Annex 1 of the Pre-Action Protocol for Debt Claims, which the letter announces.",
    })
}

/// The invoices whose interest the letter does not state, and why (for the user).
pub fn not_computed(facts: &LetterFacts, lang: Lang) -> Vec<String> {
    use crate::domain::letter::facts::Accrual;
    facts
        .not_computed()
        .map(|(invoice, accrual)| {
            let reason = match accrual {
                Accrual::NotApplicable(reason) => reason.describe(lang),
                Accrual::Refused(error) => error.describe(lang),
                Accrual::Computed(_) => String::new(),
            };
            let separator = match lang {
                Lang::Fr => "\u{202f}: ",
                Lang::En => ": ",
            };
            format!("{}{separator}{reason}", invoice.number)
        })
        .collect()
}

/// The letterhead fields a registered letter should carry and this one lacks.
pub fn missing_for_notice(
    kind: LetterKind,
    letterhead: &Letterhead,
    lang: Lang,
) -> Vec<&'static str> {
    if !kind.is_registered() {
        return Vec::new();
    }
    let mut missing = Vec::new();
    let mut need = |value: &str, fr: &'static str, en: &'static str| {
        if value.trim().is_empty() {
            missing.push(match lang {
                Lang::Fr => fr,
                Lang::En => en,
            });
        }
    };
    need(
        &letterhead.name,
        "votre nom ou raison sociale",
        "your name or company name",
    );
    need(&letterhead.address, "votre adresse", "your address");
    need(&letterhead.iban, "votre IBAN", "your IBAN");
    missing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::letter::LetterKind;
    use crate::domain::{Currency, StepKind};
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    /// The built-in rates, the default ladder, templates and an empty letterhead.
    struct Defaults {
        tables: RateTables,
        policy: DunningPolicy,
        templates: TemplateSet,
        letterhead: Letterhead,
    }

    impl Defaults {
        fn new() -> Defaults {
            Defaults {
                tables: RateTables::builtin(),
                policy: DunningPolicy::default(),
                templates: TemplateSet::default(),
                letterhead: Letterhead::default(),
            }
        }

        fn inputs(&self, today: chrono::NaiveDate) -> Inputs<'_> {
            Inputs {
                tables: &self.tables,
                policy: &self.policy,
                templates: &self.templates,
                letterhead: &self.letterhead,
                today,
            }
        }
    }

    #[test]
    fn a_prepared_letter_is_recorded_with_its_step_channel_and_invoices() {
        let mut books = Books::new();
        let client = books.client("Dupont SARL", "FR");
        let invoice = books.invoice("F-2026-001", client, "2026-01-01", "1000", "EUR");
        books.pay(invoice, "2026-02-10", dec!(200), Currency::Eur);
        let defaults = Defaults::new();
        let inputs = defaults.inputs(date("2026-06-15"));
        let link = LetterLink {
            client: Some(client),
            invoices: vec![invoice],
            kind: Some(LetterKind::Step(StepKind::FormalNotice)),
            ..LetterLink::default()
        };
        let prepared = prepare(&books.ledger, client, &link, &inputs, Lang::Fr).unwrap();
        assert_eq!(prepared.facts.date, date("2026-06-15"), "today by default");
        let channel = channel_of(prepared.facts.kind, &defaults.policy);
        assert_eq!(channel, Channel::RegisteredLetter);
        let entry = sent_entry(&prepared, client, channel, Lang::Fr).unwrap();
        books.ledger.log_contact(entry).unwrap();
        let logged = books.ledger.contacts_of_invoice(invoice).next().unwrap();
        assert_eq!(logged.details().step(), Some(StepKind::FormalNotice));
        assert_eq!(logged.details().date(), date("2026-06-15"));
        assert!(
            logged
                .details()
                .summary()
                .starts_with("Mise en demeure envoyée (lettre recommandée"),
            "{}",
            logged.details().summary()
        );
        assert_eq!(
            missing_for_notice(prepared.facts.kind, &defaults.letterhead, Lang::En),
            vec!["your name or company name", "your address", "your IBAN"]
        );
        // An unknown client is said, not a panic.
        let error = prepare(
            &books.ledger,
            ClientId::from_raw(99),
            &link,
            &inputs,
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(error, "This client is not (or no longer) in your books.");
    }

    #[test]
    fn a_letter_before_claim_to_a_uk_individual_names_its_enclosures() {
        let mut books = Books::new();
        let client = books.client_of_kind("John Smith", "GB", crate::domain::ClientKind::Consumer);
        let invoice = books.invoice("INV-7", client, "2026-01-01", "500", "GBP");
        let defaults = Defaults::new();
        let inputs = defaults.inputs(date("2026-06-15"));
        let mut link = LetterLink {
            client: Some(client),
            invoices: vec![invoice],
            kind: Some(LetterKind::Step(StepKind::FormalNotice)),
            ..LetterLink::default()
        };
        let prepared = prepare(&books.ledger, client, &link, &inputs, Lang::En).unwrap();
        assert_eq!(prepared.facts.deadline_days, 30, "the Protocol's 30 days");
        assert!(
            enclosures(&prepared.facts, Lang::En).is_some_and(|note| note.contains("Reply Form"))
        );
        let text = format!("{:?}", prepared.letter.blocks);
        assert!(
            text.contains("Pre-Action Protocol for Debt Claims"),
            "{text}"
        );
        link.kind = Some(LetterKind::Step(StepKind::FirstReminder));
        let reminder = prepare(&books.ledger, client, &link, &inputs, Lang::En).unwrap();
        assert_eq!(enclosures(&reminder.facts, Lang::En), None);

        // A sole trader recorded as a business: the Protocol only when the user says so.
        let trader = books.client("Smith Plumbing", "GB");
        // Under the UK Act (the test books' default clause is French B2B).
        let mut draft = Books::draft_of("INV-8", trader, "2026-01-01", "500", "GBP");
        draft.penalty.regime = "uk-b2b".into();
        let owed = books.add(&draft, crate::domain::InvoiceStatus::Sent);
        let mut link = LetterLink {
            client: Some(trader),
            invoices: vec![owed],
            kind: Some(LetterKind::Step(StepKind::FormalNotice)),
            ..LetterLink::default()
        };
        let company = prepare(&books.ledger, trader, &link, &inputs, Lang::En).unwrap();
        assert_eq!(company.facts.deadline_days, 8);
        assert_eq!(enclosures(&company.facts, Lang::En), None);
        link.individual = true;
        let sole = prepare(&books.ledger, trader, &link, &inputs, Lang::En).unwrap();
        assert_eq!(sole.facts.deadline_days, 30);
        assert!(enclosures(&sole.facts, Lang::En).is_some());
        let text = format!("{:?}", sole.letter.blocks);
        assert!(
            text.contains("Pre-Action Protocol for Debt Claims"),
            "{text}"
        );
        assert!(
            text.contains("Late Payment of Commercial Debts (Interest) Act 1998"),
            "{text}"
        );
    }
}
