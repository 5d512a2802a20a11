//! The demo books a first-time visitor can load: five clients in France, Germany and the UK
//! (businesses and a consumer) and 26 invoices in every state the app knows: paid on time,
//! paid late, partly paid, overdue in each aging bucket, not yet due, disputed, written off,
//! a draft, one under a payment plan that is kept, one whose plan has a missed instalment, and
//! contact-log entries at several steps of the dunning ladder.
//!
//! Every date is relative to `today`, so the demo always looks current. Everything is built
//! through the ledger's own commands (the same checks as a user's records), in a fresh ledger.

use chrono::NaiveDate;

use crate::i18n::{Describe, Lang};

use super::calendar::add_days;
use super::client::{ClientDraft, ClientError};
use super::contact::{Channel, ContactDetails, StepKind};
use super::field::FieldError;
use super::ids::{ClientId, InvoiceId};
use super::invoice::{InvoiceDraft, InvoiceError, InvoiceStatus, PenaltyDraft};
use super::ledger::{Ledger, LedgerError};
use super::money::{Money, ParseMoneyError};
use super::payment::{PaymentDetails, PaymentMethod};
use super::plan::{InterestDuringPlan, PlanError, PlanPeriod, PlanTerms};
use super::terms::TermsDraft;

/// Why the demo could not be built (a defect: the demo's data is fixed and tested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoError {
    Client(ClientError),
    Invoice(InvoiceError),
    Field(FieldError),
    Plan(PlanError),
    Ledger(LedgerError),
    Amount(ParseMoneyError),
    /// A date `today` ± the demo's offsets leaves the calendar.
    Date,
    /// The books already hold records: the demo is only loaded into empty books, so that it
    /// never mixes with the user's own.
    NotEmpty,
}

impl Describe for DemoError {
    fn describe(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            DemoError::NotEmpty if fr => "Les données de démonstration ne se chargent que dans un carnet vide\u{a0}: vos données existantes n'ont pas été touchées.".to_string(),
            DemoError::NotEmpty => "Demo data loads only into empty books: your existing data was not touched.".to_string(),
            DemoError::Ledger(error) => error.describe(lang),
            _ if fr => "Les données de démonstration n'ont pas pu être créées (défaut de Relance)\u{a0}; rien n'a été modifié.".to_string(),
            _ => "The demo data could not be built (a defect of Relance); nothing was changed.".to_string(),
        }
    }
}

impl From<ClientError> for DemoError {
    fn from(error: ClientError) -> DemoError {
        DemoError::Client(error)
    }
}
impl From<InvoiceError> for DemoError {
    fn from(error: InvoiceError) -> DemoError {
        DemoError::Invoice(error)
    }
}
impl From<FieldError> for DemoError {
    fn from(error: FieldError) -> DemoError {
        DemoError::Field(error)
    }
}
impl From<PlanError> for DemoError {
    fn from(error: PlanError) -> DemoError {
        DemoError::Plan(error)
    }
}
impl From<LedgerError> for DemoError {
    fn from(error: LedgerError) -> DemoError {
        DemoError::Ledger(error)
    }
}

/// The demo's clients: name, country, kind, e-mail, tax id, address, default payment days.
struct DemoClient {
    name: &'static str,
    country: &'static str,
    kind: &'static str,
    email: &'static str,
    tax_id: &'static str,
    address: &'static str,
    days: &'static str,
    regime: &'static str,
}

const CLIENTS: [DemoClient; 5] = [
    DemoClient {
        name: "Atelier Lumière SARL",
        country: "FR",
        kind: "business",
        email: "compta@atelier-lumiere.example",
        tax_id: "FR40303265045",
        address: "12 rue des Tanneurs\n69002 Lyon",
        days: "30",
        regime: "fr-b2b",
    },
    DemoClient {
        name: "Boulangerie Martin",
        country: "FR",
        kind: "business",
        email: "contact@boulangerie-martin.example",
        tax_id: "",
        address: "4 place du Marché\n35000 Rennes",
        days: "30",
        regime: "fr-b2b",
    },
    DemoClient {
        name: "Claire Dubois",
        country: "FR",
        kind: "consumer",
        email: "claire.dubois@mail.example",
        tax_id: "",
        address: "8 allée des Tilleuls\n33000 Bordeaux",
        days: "15",
        regime: "fr-legal",
    },
    DemoClient {
        name: "Nordlicht Software GmbH",
        country: "DE",
        kind: "business",
        email: "buchhaltung@nordlicht.example",
        tax_id: "",
        address: "Hafenstraße 21\n20457 Hamburg",
        days: "30",
        regime: "de-b2b",
    },
    DemoClient {
        name: "Thames Digital Ltd",
        country: "GB",
        kind: "business",
        email: "accounts@thames-digital.example",
        tax_id: "",
        address: "30 Borough High Street\nLondon SE1 1XU",
        days: "30",
        regime: "uk-b2b",
    },
];

/// One demo invoice: its client (index in [`CLIENTS`]), amount, issue date as days before
/// today, and what happened to it.
struct DemoInvoice {
    client: usize,
    amount: &'static str,
    issued_days_ago: i64,
    story: Story,
}

#[derive(Clone, Copy)]
enum Story {
    /// Paid in full `n` days after its due date (negative: before it).
    PaidDaysAfterDue(i64),
    /// A part paid `n` days after the issue date, the rest open.
    PartlyPaid(&'static str, i64),
    /// Nothing paid yet.
    Open,
    /// Disputed, with the reason noted in the contact log.
    Disputed(&'static str),
    WrittenOff,
    Draft,
    /// Overdue, with the reminders sent so far.
    Reminded(&'static [(StepKind, i64)]),
    /// A payment plan of three monthly instalments agreed `n` days after the due date;
    /// `missed`: the client has paid nothing since.
    Plan {
        agreed_after_due: i64,
        missed: bool,
    },
}

const INVOICES: [DemoInvoice; 26] = [
    // Atelier Lumière: a regular client who pays on time.
    inv(0, "1 800,00", 200, Story::PaidDaysAfterDue(-2)),
    inv(0, "2 400,00", 170, Story::PaidDaysAfterDue(0)),
    inv(0, "960,00", 140, Story::PaidDaysAfterDue(-5)),
    inv(0, "3 120,00", 110, Story::PaidDaysAfterDue(1)),
    inv(0, "1 450,00", 80, Story::PaidDaysAfterDue(-1)),
    inv(0, "2 200,00", 20, Story::PartlyPaid("660,00", 3)),
    inv(0, "1 250,00", 6, Story::Open),
    inv(0, "840,00", 1, Story::Draft),
    // Boulangerie Martin: pays late, one invoice long overdue, one under a plan.
    inv(1, "640,00", 210, Story::PaidDaysAfterDue(38)),
    inv(1, "720,00", 180, Story::PaidDaysAfterDue(52)),
    inv(
        1,
        "1 180,00",
        155,
        Story::Reminded(&[
            (StepKind::FirstReminder, 1),
            (StepKind::SecondReminder, 15),
            (StepKind::FormalNotice, 31),
        ]),
    ),
    inv(
        1,
        "2 600,00",
        120,
        Story::Plan {
            agreed_after_due: 20,
            missed: false,
        },
    ),
    inv(1, "890,00", 75, Story::PartlyPaid("300,00", 50)),
    inv(
        1,
        "540,00",
        62,
        Story::Reminded(&[(StepKind::FirstReminder, 2)]),
    ),
    // Claire Dubois: a consumer; one invoice written off, one under a plan she stopped paying.
    inv(2, "380,00", 300, Story::WrittenOff),
    inv(
        2,
        "1 200,00",
        160,
        Story::Plan {
            agreed_after_due: 10,
            missed: true,
        },
    ),
    inv(
        2,
        "450,00",
        95,
        Story::Reminded(&[(StepKind::FirstReminder, 1), (StepKind::SecondReminder, 16)]),
    ),
    inv(2, "290,00", 8, Story::Open),
    // Nordlicht Software: good, but disputes one invoice.
    inv(3, "4 800,00", 150, Story::PaidDaysAfterDue(3)),
    inv(3, "5 200,00", 90, Story::PaidDaysAfterDue(-3)),
    inv(
        3,
        "3 900,00",
        70,
        Story::Disputed("Leistung laut Kunde unvollständig: Modul B fehlt"),
    ),
    inv(
        3,
        "2 750,00",
        45,
        Story::Reminded(&[(StepKind::Courtesy, -5)]),
    ),
    inv(3, "6 100,00", 12, Story::Open),
    // Thames Digital: pounds; one paid late, one a few days overdue.
    inv(4, "2 300,00", 130, Story::PaidDaysAfterDue(21)),
    inv(
        4,
        "1 850,00",
        40,
        Story::Reminded(&[(StepKind::FirstReminder, 3)]),
    ),
    inv(4, "2 050,00", 3, Story::Open),
];

const fn inv(
    client: usize,
    amount: &'static str,
    issued_days_ago: i64,
    story: Story,
) -> DemoInvoice {
    DemoInvoice {
        client,
        amount,
        issued_days_ago,
        story,
    }
}

/// The demo's clients and invoices, added to `ledger` (meant to be empty) as of `today`.
/// Returns the ids of the clients added.
pub fn add_demo(ledger: &mut Ledger, today: NaiveDate) -> Result<Vec<ClientId>, DemoError> {
    if ledger.clients().next().is_some() || ledger.invoices().next().is_some() {
        return Err(DemoError::NotEmpty);
    }
    let day = |offset: i64| add_days(today, offset).ok_or(DemoError::Date);
    let mut clients = Vec::new();
    for client in &CLIENTS {
        let draft = ClientDraft {
            name: client.name.to_string(),
            address: client.address.to_string(),
            email: client.email.to_string(),
            phone: String::new(),
            tax_id: client.tax_id.to_string(),
            country: client.country.to_string(),
            kind: client.kind.to_string(),
            terms: TermsDraft {
                kind: "net".into(),
                days: client.days.into(),
                ..TermsDraft::default()
            },
            notes: String::new(),
        };
        clients.push(ledger.add_client(draft.parse()?.with_demo(true))?);
    }
    let mut sequence = 0;
    for invoice in &INVOICES {
        let Some((&client_id, client)) =
            clients.get(invoice.client).zip(CLIENTS.get(invoice.client))
        else {
            return Err(DemoError::Date);
        };
        sequence += 1;
        let issued = day(-invoice.issued_days_ago)?;
        let currency = if client.country == "GB" { "GBP" } else { "EUR" };
        let draft = InvoiceDraft {
            number: format!("F-{}-{sequence:03}", issued.format("%Y")),
            client: Some(client_id),
            issue_date: issued.to_string(),
            amount: invoice.amount.to_string(),
            amount_includes_tax: true,
            currency: currency.to_string(),
            terms: TermsDraft {
                kind: "net".into(),
                days: client.days.into(),
                ..TermsDraft::default()
            },
            penalty: PenaltyDraft {
                regime: client.regime.to_string(),
                ..PenaltyDraft::default()
            },
            ..InvoiceDraft::default()
        };
        let details = draft.parse()?;
        let due = details.due_date();
        let gross = details.gross();
        let status = match invoice.story {
            Story::Draft => InvoiceStatus::Draft,
            _ => InvoiceStatus::Sent,
        };
        let id = ledger.add_invoice(details, status)?;
        let dates = Dates { issued, due, today };
        tell(ledger, id, client_id, invoice.story, gross, dates)?;
    }
    Ok(clients)
}

/// An invoice's issue and due dates, and today.
#[derive(Clone, Copy)]
struct Dates {
    issued: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
}

/// Records what happened to invoice `id` (`gross` owed, due on `due`).
fn tell(
    ledger: &mut Ledger,
    id: InvoiceId,
    client: ClientId,
    story: Story,
    gross: Money,
    Dates { issued, due, today }: Dates,
) -> Result<(), DemoError> {
    let after_due = |days: i64| add_days(due, days).ok_or(DemoError::Date);
    let pay = |ledger: &mut Ledger, date: NaiveDate, amount: Money| -> Result<(), DemoError> {
        let details =
            PaymentDetails::new(id, date, amount, PaymentMethod::BankTransfer, "Virement")?;
        ledger.record_payment(details)?;
        Ok(())
    };
    let log = |ledger: &mut Ledger,
               date: NaiveDate,
               channel: Channel,
               summary: &str,
               step: Option<StepKind>|
     -> Result<(), DemoError> {
        let details = ContactDetails::new(client, date, channel, summary, vec![id], step)?;
        ledger.log_contact(details)?;
        Ok(())
    };
    match story {
        Story::PaidDaysAfterDue(days) => pay(ledger, after_due(days)?.min(today), gross)?,
        Story::PartlyPaid(amount, days_after_issue) => {
            let amount = Money::parse(amount, gross.currency()).map_err(DemoError::Amount)?;
            let date = add_days(issued, days_after_issue)
                .ok_or(DemoError::Date)?
                .min(today);
            pay(ledger, date, amount)?;
        }
        Story::Open | Story::Draft => {}
        Story::Disputed(reason) => {
            ledger.set_status(id, InvoiceStatus::Disputed)?;
            log(
                ledger,
                after_due(4)?.min(today),
                Channel::Email,
                reason,
                None,
            )?;
        }
        Story::WrittenOff => {
            log(
                ledger,
                after_due(45)?,
                Channel::RegisteredLetter,
                "Mise en demeure restée sans réponse",
                Some(StepKind::FormalNotice),
            )?;
            ledger.set_status(id, InvoiceStatus::WrittenOff)?;
        }
        Story::Reminded(steps) => {
            for (step, days) in steps {
                let channel = match step {
                    StepKind::Courtesy | StepKind::FirstReminder => Channel::Email,
                    StepKind::SecondReminder => Channel::Phone,
                    StepKind::FormalNotice | StepKind::FinalNotice => Channel::RegisteredLetter,
                };
                let summary = match step {
                    StepKind::Courtesy => "Rappel avant l'échéance envoyé",
                    StepKind::FirstReminder => "Première relance envoyée par e-mail",
                    StepKind::SecondReminder => "Appel : paiement promis sous huit jours",
                    StepKind::FormalNotice => "Mise en demeure envoyée en recommandé",
                    StepKind::FinalNotice => "Dernier avis avant action en justice",
                };
                log(
                    ledger,
                    after_due(*days)?.min(today),
                    channel,
                    summary,
                    Some(*step),
                )?;
            }
        }
        Story::Plan {
            agreed_after_due,
            missed,
        } => {
            let agreed = after_due(agreed_after_due)?;
            let first = add_days(agreed, 10).ok_or(DemoError::Date)?;
            let terms = PlanTerms::new(
                id,
                agreed,
                first,
                3,
                PlanPeriod::Monthly,
                InterestDuringPlan::Frozen,
            )?;
            let plan = ledger.agree_plan(terms)?;
            log(
                ledger,
                agreed,
                Channel::Phone,
                "Échéancier en trois mensualités accepté",
                None,
            )?;
            // Each instalment due by today is paid on its date, unless the client stopped.
            let installments: Vec<(NaiveDate, Money)> = ledger
                .plan(plan)
                .map(|plan| {
                    plan.installments()
                        .iter()
                        .map(|installment| (installment.due_date, installment.amount))
                        .collect()
                })
                .unwrap_or_default();
            for (index, (date, amount)) in installments.into_iter().enumerate() {
                if date > today || (missed && index > 0) {
                    break;
                }
                pay(ledger, date, amount)?;
            }
        }
    }
    Ok(())
}

/// What erasing the demo removed, and what it kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoErased {
    pub clients: usize,
    pub invoices: usize,
}

/// Whether the ledger holds demo records.
pub fn has_demo(ledger: &Ledger) -> bool {
    ledger.clients().any(|client| client.details().is_demo())
}

/// How many demo clients and invoices the ledger holds.
pub fn demo_counts(ledger: &Ledger) -> DemoErased {
    let mut counts = DemoErased::default();
    for client in ledger.clients().filter(|client| client.details().is_demo()) {
        counts.clients += 1;
        counts.invoices += ledger.invoices_of(client.id()).count();
    }
    counts
}

/// Removes the demo clients with everything that hangs on them: their invoices (those the
/// user added to a demo client too: the demo banner says so before), payments, credit notes,
/// plans and contact-log entries. The user's own clients and their records are untouched.
pub fn erase_demo(ledger: &mut Ledger) -> Result<DemoErased, LedgerError> {
    let counts = demo_counts(ledger);
    if counts.clients == 0 {
        return Ok(counts);
    }
    let mut parts = ledger.to_parts();
    let demo: std::collections::BTreeSet<ClientId> = parts
        .clients
        .iter()
        .filter(|client| client.details().is_demo())
        .map(|client| client.id())
        .collect();
    parts.clients.retain(|client| !demo.contains(&client.id()));
    let gone: std::collections::BTreeSet<InvoiceId> = parts
        .invoices
        .iter()
        .filter(|invoice| demo.contains(&invoice.client()))
        .map(|invoice| invoice.id())
        .collect();
    parts
        .invoices
        .retain(|invoice| !gone.contains(&invoice.id()));
    parts
        .payments
        .retain(|payment| !gone.contains(&payment.invoice()));
    parts
        .adjustments
        .retain(|adjustment| !gone.contains(&adjustment.invoice()));
    parts
        .contacts
        .retain(|entry| !demo.contains(&entry.client()));
    parts
        .plans
        .retain(|(_, terms, _)| !gone.contains(&terms.invoice()));
    *ledger = Ledger::from_parts(parts)?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::{AgingBounds, Bucket};
    use crate::domain::calendar::test_support::date;
    use crate::domain::dashboard::Dashboard;
    use crate::domain::dunning::DunningPolicy;
    use crate::domain::plan::InstallmentStatus;
    use rust_decimal::Decimal;

    fn demo(today: &str) -> Ledger {
        let mut ledger = Ledger::new();
        match add_demo(&mut ledger, date(today)) {
            Ok(clients) => assert_eq!(clients.len(), 5),
            Err(error) => panic!("{error:?}"),
        }
        ledger
    }

    #[test]
    fn the_demo_builds_on_any_day_of_the_year() {
        for today in [
            "2026-01-01",
            "2026-02-28",
            "2028-02-29",
            "2026-07-15",
            "2026-12-31",
        ] {
            let ledger = demo(today);
            assert_eq!(ledger.clients().count(), 5, "{today}");
            assert_eq!(ledger.invoices().count(), 26, "{today}");
        }
    }

    #[test]
    fn the_demo_shows_every_state_and_every_aging_bucket() {
        let today = date("2026-12-07");
        let ledger = demo("2026-12-07");
        let statuses: Vec<InvoiceStatus> =
            ledger.invoices().map(|invoice| invoice.status()).collect();
        for status in [
            InvoiceStatus::Draft,
            InvoiceStatus::Sent,
            InvoiceStatus::Disputed,
            InvoiceStatus::WrittenOff,
        ] {
            assert!(statuses.contains(&status), "{status:?}");
        }
        let mut paid = 0;
        let mut partly = 0;
        for invoice in ledger.invoices() {
            let Ok(state) = ledger.state_of(invoice.id(), today) else {
                panic!("state")
            };
            paid += usize::from(state.is_paid());
            partly += usize::from(state.is_partially_paid());
        }
        assert!(paid >= 8, "paid {paid}");
        assert!(partly >= 2, "partly paid {partly}");
        let dashboard = Dashboard::as_of(
            &ledger,
            &AgingBounds::default(),
            &DunningPolicy::default(),
            today,
        );
        let Ok(dashboard) = dashboard else {
            panic!("{dashboard:?}")
        };
        let buckets: Vec<Bucket> = dashboard
            .aging
            .lines
            .iter()
            .filter_map(|line| dashboard.aging.buckets.get(line.bucket).copied())
            .collect();
        for bucket in [
            Bucket::NotYetDue,
            Bucket::Range { from: 1, to: 30 },
            Bucket::Range { from: 31, to: 60 },
            Bucket::Range { from: 61, to: 90 },
            Bucket::Over { after: 90 },
        ] {
            assert!(buckets.contains(&bucket), "{bucket:?} in {buckets:?}");
        }
        assert!(!dashboard.dunning.lines.is_empty());
        assert!(ledger.contacts().count() >= 8);
    }

    #[test]
    fn one_plan_is_kept_and_the_other_has_a_missed_instalment() {
        let today = date("2026-12-07");
        let ledger = demo("2026-12-07");
        let mut missed = 0;
        let mut plans = 0;
        for invoice in ledger.invoices() {
            let Ok(Some(state)) = ledger.current_plan_state(invoice.id(), today) else {
                continue;
            };
            plans += 1;
            missed += state
                .installments
                .iter()
                .filter(|installment| installment.status == InstallmentStatus::Missed)
                .count();
        }
        assert_eq!(plans, 2);
        assert!(missed >= 1, "a missed instalment");
    }

    #[test]
    fn amounts_are_whole_cents_in_euros_and_pounds() {
        let ledger = demo("2026-12-07");
        for invoice in ledger.invoices() {
            let gross = invoice.gross();
            assert_eq!(gross.amount().scale(), 2, "{gross:?}");
            assert!(gross.amount() > Decimal::ZERO);
        }
    }

    #[test]
    fn erasing_the_demo_keeps_the_users_own_client_and_invoices() {
        let today = date("2026-12-07");
        let mut ledger = demo("2026-12-07");
        assert!(has_demo(&ledger));
        let mine = ClientDraft {
            name: "Mon client".into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            ..ClientDraft::default()
        };
        let Ok(Ok(mine)) = mine.parse().map(|details| ledger.add_client(details)) else {
            panic!("client")
        };
        let draft = InvoiceDraft {
            number: "MOI-1".into(),
            client: Some(mine),
            issue_date: today.to_string(),
            amount: "100".into(),
            amount_includes_tax: true,
            currency: "EUR".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            penalty: PenaltyDraft {
                regime: "fr-b2b".into(),
                ..PenaltyDraft::default()
            },
            ..InvoiceDraft::default()
        };
        let Ok(Ok(invoice)) = draft
            .parse()
            .map(|details| ledger.add_invoice(details, InvoiceStatus::Sent))
        else {
            panic!("invoice")
        };
        assert_eq!(
            erase_demo(&mut ledger),
            Ok(DemoErased {
                clients: 5,
                invoices: 26
            })
        );
        assert!(!has_demo(&ledger));
        assert_eq!(ledger.clients().count(), 1);
        // The demo loads only into empty books.
        assert_eq!(add_demo(&mut ledger, today), Err(DemoError::NotEmpty));
        assert_eq!(ledger.invoices().count(), 1);
        assert!(ledger.invoice(invoice).is_some());
        assert_eq!(ledger.payments().count(), 0);
        assert_eq!(ledger.contacts().count(), 0);
        assert_eq!(ledger.plans().count(), 0);
        // Erasing again changes nothing.
        assert_eq!(erase_demo(&mut ledger), Ok(DemoErased::default()));
    }
}
