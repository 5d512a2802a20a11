//! The contact log: every exchange with a client. An entry linked to invoices and tagged
//! with a dunning step records that step as done for those invoices.

use chrono::NaiveDate;

use super::field::{Field, FieldError, bounded_shared_text, parse_date};
use super::ids::{ClientId, ContactId, InvoiceId};
use super::shared_text::SharedText;
use crate::i18n::{Describe, Lang};

const MAX_SUMMARY_CHARS: usize = 4000;

/// How an exchange happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Phone,
    Letter,
    RegisteredLetter,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Email,
        Channel::Phone,
        Channel::Letter,
        Channel::RegisteredLetter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Letter => "letter",
            Channel::RegisteredLetter => "registered-letter",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.code() == code.trim())
    }
}

impl Describe for Channel {
    fn describe(&self, lang: Lang) -> String {
        let (fr, en) = match self {
            Channel::Email => ("e-mail", "e-mail"),
            Channel::Phone => ("téléphone", "phone"),
            Channel::Letter => ("courrier", "letter"),
            Channel::RegisteredLetter => (
                "lettre recommandée avec accusé de réception",
                "registered letter",
            ),
        };
        match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// A step of the dunning ladder, as a contact-log entry records it (the ladder itself, with
/// its dates, is the dunning report's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    Courtesy,
    FirstReminder,
    SecondReminder,
    FormalNotice,
    FinalNotice,
}

impl StepKind {
    pub const ALL: [StepKind; 5] = [
        StepKind::Courtesy,
        StepKind::FirstReminder,
        StepKind::SecondReminder,
        StepKind::FormalNotice,
        StepKind::FinalNotice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StepKind::Courtesy => "courtesy",
            StepKind::FirstReminder => "first-reminder",
            StepKind::SecondReminder => "second-reminder",
            StepKind::FormalNotice => "formal-notice",
            StepKind::FinalNotice => "final-notice",
        }
    }

    pub fn from_code(code: &str) -> Option<StepKind> {
        StepKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
    }
}

impl Describe for StepKind {
    fn describe(&self, lang: Lang) -> String {
        let (fr, en) = match self {
            StepKind::Courtesy => ("rappel courtois", "courtesy reminder"),
            StepKind::FirstReminder => ("première relance", "first reminder"),
            StepKind::SecondReminder => ("deuxième relance", "second reminder"),
            StepKind::FormalNotice => ("mise en demeure", "formal notice"),
            StepKind::FinalNotice => (
                "dernier avis avant action en justice",
                "final notice before legal action",
            ),
        };
        match lang {
            Lang::Fr => fr.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// A contact-log entry's validated data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDetails {
    client: ClientId,
    date: NaiveDate,
    channel: Channel,
    summary: SharedText,
    invoices: InvoiceLinks,
    step: Option<StepKind>,
}

/// The invoices a contact is about, sorted, without duplicates: most are about one, kept
/// inline; several are shared when the contact is copied.
#[derive(Clone, Debug, PartialEq, Eq)]
enum InvoiceLinks {
    None,
    One(InvoiceId),
    Several(std::sync::Arc<[InvoiceId]>),
}

impl InvoiceLinks {
    /// From sorted invoices without duplicates.
    fn new(invoices: &[InvoiceId]) -> InvoiceLinks {
        match invoices {
            [] => InvoiceLinks::None,
            [invoice] => InvoiceLinks::One(*invoice),
            several => InvoiceLinks::Several(several.into()),
        }
    }

    fn as_slice(&self) -> &[InvoiceId] {
        match self {
            InvoiceLinks::None => &[],
            InvoiceLinks::One(invoice) => std::slice::from_ref(invoice),
            InvoiceLinks::Several(invoices) => invoices,
        }
    }
}

impl ContactDetails {
    /// An exchange with `client`; `invoices` are the invoices it was about (the ledger checks
    /// they are the client's); `step` the dunning step it carried out, if any.
    pub fn new(
        client: ClientId,
        date: NaiveDate,
        channel: Channel,
        summary: &str,
        invoices: Vec<InvoiceId>,
        step: Option<StepKind>,
    ) -> Result<ContactDetails, FieldError> {
        let mut invoices = invoices;
        invoices.sort_unstable();
        invoices.dedup();
        ContactDetails::with_links(
            client,
            date,
            channel,
            summary,
            InvoiceLinks::new(&invoices),
            step,
        )
    }

    /// [`ContactDetails::new`] for an exchange about exactly one invoice (as a storage layer
    /// reads thousands of them), without a list to build.
    pub(crate) fn about_invoice(
        client: ClientId,
        date: NaiveDate,
        channel: Channel,
        summary: &str,
        invoice: InvoiceId,
        step: Option<StepKind>,
    ) -> Result<ContactDetails, FieldError> {
        let links = InvoiceLinks::One(invoice);
        ContactDetails::with_links(client, date, channel, summary, links, step)
    }

    fn with_links(
        client: ClientId,
        date: NaiveDate,
        channel: Channel,
        summary: &str,
        invoices: InvoiceLinks,
        step: Option<StepKind>,
    ) -> Result<ContactDetails, FieldError> {
        Ok(ContactDetails {
            client,
            date,
            channel,
            summary: bounded_shared_text(Field::Summary, summary, MAX_SUMMARY_CHARS)?,
            invoices,
            step,
        })
    }

    pub fn client(&self) -> ClientId {
        self.client
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn channel(&self) -> Channel {
        self.channel
    }
    pub fn summary(&self) -> &str {
        self.summary.as_str()
    }
    /// The linked invoices, sorted, without duplicates.
    pub fn invoices(&self) -> &[InvoiceId] {
        self.invoices.as_slice()
    }
    pub fn step(&self) -> Option<StepKind> {
        self.step
    }
}

/// An entry of the contact log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactEntry {
    id: ContactId,
    details: ContactDetails,
}

impl ContactEntry {
    pub fn from_parts(id: ContactId, details: ContactDetails) -> ContactEntry {
        ContactEntry { id, details }
    }
    pub fn id(&self) -> ContactId {
        self.id
    }
    pub fn details(&self) -> &ContactDetails {
        &self.details
    }
    pub fn client(&self) -> ClientId {
        self.details.client
    }
    pub fn date(&self) -> NaiveDate {
        self.details.date
    }
    pub fn step(&self) -> Option<StepKind> {
        self.details.step
    }

    pub(crate) fn unlink_invoice(&mut self, invoice: InvoiceId) {
        let kept: Vec<InvoiceId> = (self.details.invoices())
            .iter()
            .copied()
            .filter(|id| *id != invoice)
            .collect();
        self.details.invoices = InvoiceLinks::new(&kept);
    }
}

/// What the contact form submits; the linked invoices are chosen, not typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub date: String,
    /// One of the [`Channel::code`]s.
    pub channel: String,
    pub summary: String,
    pub invoices: Vec<InvoiceId>,
    /// One of the [`StepKind::code`]s, or empty.
    pub step: String,
}

impl ContactDraft {
    pub fn parse(&self, client: ClientId) -> Result<ContactDetails, FieldError> {
        let date = parse_date(Field::ContactDate, &self.date)?;
        let channel = match self.channel.trim() {
            "" => {
                return Err(FieldError::Missing {
                    field: Field::Channel,
                });
            }
            code => Channel::from_code(code).ok_or_else(|| FieldError::UnknownChoice {
                field: Field::Channel,
                text: code.to_string(),
            })?,
        };
        let step = match self.step.trim() {
            "" => None,
            code => Some(
                StepKind::from_code(code).ok_or_else(|| FieldError::UnknownChoice {
                    field: Field::Step,
                    text: code.to_string(),
                })?,
            ),
        };
        ContactDetails::new(
            client,
            date,
            channel,
            &self.summary,
            self.invoices.clone(),
            step,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_draft_parses_and_tidies_its_links() {
        let draft = ContactDraft {
            date: "2026-03-01".into(),
            channel: "registered-letter".into(),
            summary: "Mise en demeure envoyée".into(),
            invoices: vec![
                InvoiceId::from_raw(3),
                InvoiceId::from_raw(2),
                InvoiceId::from_raw(3),
            ],
            step: "formal-notice".into(),
        };
        let entry = draft.parse(ClientId::from_raw(1));
        let Ok(entry) = entry else {
            panic!("{entry:?}")
        };
        assert_eq!(
            entry.invoices(),
            [InvoiceId::from_raw(2), InvoiceId::from_raw(3)]
        );
        assert_eq!(entry.step(), Some(StepKind::FormalNotice));
        assert_eq!(entry.channel(), Channel::RegisteredLetter);
        let fax = ContactDraft {
            channel: "fax".into(),
            ..draft
        };
        assert!(fax.parse(ClientId::from_raw(1)).is_err());
    }
}
