//! The link to a letter (`#/letters?client=3&invoice=12&kind=formal-notice&date=…`): read
//! without failing (an unreadable parameter is dropped and named), written in a fixed order.
//! Shared by the Letters page and the pages that open it (the dashboard's actions, an
//! invoice's next step).

use chrono::NaiveDate;

use crate::domain::calendar::iso_date;
use crate::domain::letter::{LetterKind, LetterRequest, Tone};
use crate::domain::{ClientId, InvoiceId};
use crate::i18n::Lang;
use crate::routes::{Query, Route};

/// What a letter's link says. Unreadable parameters are dropped (and said), never fatal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LetterLink {
    pub client: Option<ClientId>,
    pub invoices: Vec<InvoiceId>,
    pub kind: Option<LetterKind>,
    pub date: Option<NaiveDate>,
    pub tone: Option<Tone>,
    pub days: Option<u32>,
    /// The letter's language (the interface's by default).
    pub lang: Option<Lang>,
    /// The debtor is an individual or a sole trader (`individual=1`).
    pub individual: bool,
}

impl LetterLink {
    /// Reads a link's query; `ignored` lists the parameters that could not be read.
    pub fn parse(query: &Query) -> (LetterLink, Vec<String>) {
        let mut ignored = Vec::new();
        let mut read = |key: &str, ok: bool| {
            if !ok {
                ignored.push(key.to_string());
            }
        };
        let number = |text: &str| text.trim().parse::<u64>().ok();
        let client = query.get("client").and_then(|text| {
            let id = number(text).map(ClientId::from_raw);
            read("client", id.is_some());
            id
        });
        let mut invoices = Vec::new();
        for text in query.get_all("invoice") {
            match number(text) {
                Some(id) => invoices.push(InvoiceId::from_raw(id)),
                None => read("invoice", false),
            }
        }
        let kind = query.get("kind").and_then(|text| {
            let kind = LetterKind::from_code(text);
            read("kind", kind.is_some());
            kind
        });
        let date = query.get("date").and_then(|text| {
            let date = iso_date(text.trim());
            read("date", date.is_some());
            date
        });
        let tone = query.get("tone").and_then(|text| {
            let tone = Tone::from_code(text);
            read("tone", tone.is_some());
            tone
        });
        let days = query.get("days").and_then(|text| {
            let days = text.trim().parse::<u32>().ok();
            read("days", days.is_some());
            days
        });
        let individual = query.get("individual").is_some_and(|text| {
            let flag = text.trim() == "1";
            read("individual", flag || text.trim() == "0");
            flag
        });
        let lang = query.get("lang").and_then(|text| {
            let lang = Lang::from_code(text.trim());
            read("lang", lang.is_some());
            lang
        });
        (
            LetterLink {
                client,
                invoices,
                kind,
                date,
                tone,
                days,
                lang,
                individual,
            },
            ignored,
        )
    }

    /// The link's query, in a fixed order.
    pub fn query(&self) -> Query {
        let mut query = Query::default();
        if let Some(client) = self.client {
            query.push("client", client.raw().to_string());
        }
        for invoice in &self.invoices {
            query.push("invoice", invoice.raw().to_string());
        }
        if let Some(kind) = self.kind {
            query.push("kind", kind.code());
        }
        if let Some(date) = self.date {
            query.push("date", date.to_string());
        }
        if let Some(tone) = self.tone {
            query.push("tone", tone.code());
        }
        if let Some(days) = self.days {
            query.push("days", days.to_string());
        }
        if let Some(lang) = self.lang {
            query.push("lang", lang.code());
        }
        if self.individual {
            query.push("individual", "1");
        }
        query
    }

    pub fn route(&self) -> Route {
        Route::Letters(self.query())
    }

    /// The request to the domain, the date defaulting to `today`.
    pub fn request(&self, client: ClientId, today: NaiveDate) -> LetterRequest {
        LetterRequest {
            client,
            invoices: self.invoices.clone(),
            kind: self.kind,
            date: self.date.unwrap_or(today),
            tone: self.tone,
            deadline_days: self.days,
            individual: self.individual,
        }
    }
}

/// The link that prepares the letter of a dunning step for a client's invoices (the
/// dashboard's actions, an invoice's next step).
pub fn letter_route(client: ClientId, invoices: &[InvoiceId], kind: Option<LetterKind>) -> Route {
    LetterLink {
        client: Some(client),
        invoices: invoices.to_vec(),
        kind,
        ..LetterLink::default()
    }
    .route()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StepKind;
    use crate::domain::calendar::test_support::date;

    #[test]
    fn a_letter_link_round_trips_and_unreadable_parameters_are_named() {
        let link = LetterLink {
            client: Some(ClientId::from_raw(3)),
            invoices: vec![InvoiceId::from_raw(12), InvoiceId::from_raw(13)],
            kind: Some(LetterKind::Step(StepKind::FormalNotice)),
            date: Some(date("2026-12-07")),
            tone: Some(Tone::Firm),
            days: Some(15),
            lang: Some(Lang::En),
            individual: true,
        };
        let href = link.route().href();
        assert_eq!(
            href,
            "#/letters?client=3&invoice=12&invoice=13&kind=formal-notice&date=2026-12-07&tone=firm&days=15&lang=en&individual=1"
        );
        let Route::Letters(query) = Route::from_fragment(&href) else {
            panic!("not a letters route: {href}");
        };
        assert_eq!(LetterLink::parse(&query), (link, vec![]));
        let (read, ignored) = LetterLink::parse(&Query::parse(
            "client=x&invoice=4&invoice=y&kind=poem&date=2026-02-30&days=-1",
        ));
        assert_eq!(read.client, None);
        assert_eq!(read.invoices, vec![InvoiceId::from_raw(4)]);
        assert_eq!(read.kind, None);
        assert_eq!(ignored, vec!["client", "invoice", "kind", "date", "days"]);
    }
}
