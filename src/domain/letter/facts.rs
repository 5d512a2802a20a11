//! What a letter states, gathered from the books as of the letter's date: the client, the
//! invoices (number, dates, amount, open balance), the engine's late interest and fixed
//! compensation for each (the same input and engine as the invoice page and the Simulator,
//! so the figures agree to the cent), the deadline, the tone and the law of the debtor.

use chrono::NaiveDate;

use super::kind::{LetterKind, Tone, ToneReason};
use crate::domain::calendar::add_days;
use crate::domain::client::ClientDetails;
use crate::domain::contact::StepKind;
use crate::domain::dunning::{DunningPolicy, DunningReport};
use crate::domain::ids::{ClientId, InvoiceId};
use crate::domain::interest::{
    NotSimulable, RateTables, Simulation, SimulationError, input_of_invoice, simulate,
};
use crate::domain::invoice::InvoiceStatus;
use crate::domain::ledger::Ledger;
use crate::domain::money::{Currency, Money, MoneyError};
use crate::domain::party::{ClientKind, Country};
use crate::domain::plan::PlanState;
use crate::domain::stats::ClientStatistics;
use crate::i18n::{Describe, Lang};

/// The days given to pay in a formal notice unless the user says otherwise.
pub const DEFAULT_DEADLINE_DAYS: u32 = 8;
/// The UK Pre-Action Protocol for Debt Claims gives an individual debtor 30 days to reply.
pub const UK_PRE_ACTION_DAYS: u32 = 30;
/// The most days a deadline may give.
pub const MAX_DEADLINE_DAYS: u32 = 365;

/// What the user asks for: the rest is derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterRequest {
    pub client: ClientId,
    /// The invoices the letter covers; empty = every open invoice of the client that is due
    /// (for "did you receive our invoice?", every open one not yet due).
    pub invoices: Vec<InvoiceId>,
    /// `None` = the most advanced ladder step due among the invoices.
    pub kind: Option<LetterKind>,
    /// The letter's date: figures are computed to this day included.
    pub date: NaiveDate,
    /// `None` = the tone rule.
    pub tone: Option<Tone>,
    /// `None` = 8 days (30 for an individual debtor in the UK).
    pub deadline_days: Option<u32>,
    /// The debtor is an individual or a sole trader although recorded as a business (what the
    /// UK Pre-Action Protocol for Debt Claims turns on); a consumer always is.
    pub individual: bool,
}

/// The law a letter speaks of, from the client's country and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Jurisdiction {
    France,
    Germany,
    UnitedKingdom,
    /// Another country: the letter states the figures and the contract, no national statute.
    Other,
}

impl Jurisdiction {
    pub fn of(country: Country) -> Jurisdiction {
        match country {
            Country::FR => Jurisdiction::France,
            Country::DE => Jurisdiction::Germany,
            Country::GB => Jurisdiction::UnitedKingdom,
            _ => Jurisdiction::Other,
        }
    }
}

/// One invoice as a letter states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub id: InvoiceId,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub gross: Money,
    /// Payments and credit notes dated on or before the letter's date.
    pub settled: Money,
    pub open: Money,
    pub days_past_due: i64,
    /// The engine's late interest and compensation to the letter's date, or why none.
    pub accrual: Accrual,
}

/// Late interest and compensation of one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accrual {
    Computed(Box<Simulation>),
    NotApplicable(NotSimulable),
    Refused(SimulationError),
}

impl Accrual {
    pub fn simulation(&self) -> Option<&Simulation> {
        match self {
            Accrual::Computed(simulation) => Some(simulation),
            _ => None,
        }
    }
}

/// The deposit a receipt confirms: the latest payment on or before the letter's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepositFacts {
    pub amount: Money,
    pub date: NaiveDate,
}

/// Everything a letter may state.
#[derive(Clone, Debug, PartialEq)]
pub struct LetterFacts {
    pub kind: LetterKind,
    pub tone: ToneReason,
    pub date: NaiveDate,
    pub deadline_days: u32,
    pub deadline: NaiveDate,
    pub client: ClientDetails,
    pub debtor_is_consumer: bool,
    /// A consumer, or a business the user says is an individual or a sole trader.
    pub debtor_is_individual: bool,
    pub jurisdiction: Jurisdiction,
    pub currency: Currency,
    pub invoices: Vec<InvoiceFacts>,
    /// Sums over the invoices (interest and compensation over those computed).
    pub total_gross: Money,
    pub total_open: Money,
    pub total_interest: Money,
    pub total_compensation: Money,
    /// `open + interest + compensation`.
    pub total_claimed: Money,
    /// The most recent ladder step already carried out on these invoices, with its date.
    pub last_step: Option<(StepKind, NaiveDate)>,
    pub deposit: Option<DepositFacts>,
    pub plan: Option<PlanState>,
}

impl LetterFacts {
    /// The invoices whose interest was not computed, with the reason.
    pub fn not_computed(&self) -> impl Iterator<Item = (&InvoiceFacts, &Accrual)> {
        self.invoices
            .iter()
            .filter(|invoice| invoice.accrual.simulation().is_none())
            .map(|invoice| (invoice, &invoice.accrual))
    }

    /// The first computed simulation (its regime and rate speak for the letter).
    pub fn first_simulation(&self) -> Option<&Simulation> {
        self.invoices
            .iter()
            .find_map(|invoice| invoice.accrual.simulation())
    }
}

/// Why a letter cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LetterError {
    UnknownClient,
    UnknownInvoice,
    /// An invoice of the request belongs to another client.
    NotThisClient {
        number: String,
    },
    /// A draft was never sent.
    Draft {
        number: String,
    },
    /// Nothing to write about: no open invoice for this letter.
    NothingOpen,
    /// One letter states one currency.
    MixedCurrencies {
        first: Currency,
        other: Currency,
    },
    /// A deposit receipt needs a payment on or before the letter's date.
    NoDeposit,
    /// A payment-plan agreement needs a plan agreed on or before the letter's date.
    NoPlan,
    DeadlineTooLong,
    /// At least this many days (30 under the UK Pre-Action Protocol).
    DeadlineTooShort {
        least: u32,
    },
    Money(MoneyError),
}

impl From<MoneyError> for LetterError {
    fn from(error: MoneyError) -> LetterError {
        LetterError::Money(error)
    }
}

impl Describe for LetterError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LetterError::UnknownClient, Lang::Fr) => {
                "Ce client n'existe pas (ou plus) dans vos données.".to_string()
            }
            (LetterError::UnknownClient, Lang::En) => {
                "This client is not (or no longer) in your books.".to_string()
            }
            (LetterError::UnknownInvoice, Lang::Fr) => {
                "Une des factures de ce lien n'existe pas (ou plus) dans vos données.".to_string()
            }
            (LetterError::UnknownInvoice, Lang::En) => {
                "One of the invoices of this link is not (or no longer) in your books.".to_string()
            }
            (LetterError::NotThisClient { number }, Lang::Fr) => {
                format!("La facture {number} est celle d'un autre client.")
            }
            (LetterError::NotThisClient { number }, Lang::En) => {
                format!("Invoice {number} belongs to another client.")
            }
            (LetterError::Draft { number }, Lang::Fr) => format!(
                "La facture {number} est un brouillon : elle n'a pas été envoyée, il n'y a rien à réclamer."
            ),
            (LetterError::Draft { number }, Lang::En) => {
                format!("Invoice {number} is a draft: it was never sent, nothing is claimed.")
            }
            (LetterError::NothingOpen, Lang::Fr) => {
                "Ce client n'a aucune facture ouverte concernée par cette lettre.".to_string()
            }
            (LetterError::NothingOpen, Lang::En) => {
                "This client has no open invoice this letter could be about.".to_string()
            }
            (LetterError::MixedCurrencies { first, other }, Lang::Fr) => format!(
                "Une lettre porte sur une seule devise : choisissez les factures en {} ou celles en {}.",
                first.code(),
                other.code()
            ),
            (LetterError::MixedCurrencies { first, other }, Lang::En) => format!(
                "One letter covers one currency: choose the invoices in {} or those in {}.",
                first.code(),
                other.code()
            ),
            (LetterError::NoDeposit, Lang::Fr) => {
                "Aucun acompte n'est enregistré sur cette facture à la date de la lettre."
                    .to_string()
            }
            (LetterError::NoDeposit, Lang::En) => {
                "No deposit is recorded on this invoice by the letter's date.".to_string()
            }
            (LetterError::NoPlan, Lang::Fr) => {
                "Aucun échéancier n'est convenu pour cette facture à la date de la lettre."
                    .to_string()
            }
            (LetterError::NoPlan, Lang::En) => {
                "No payment plan is agreed for this invoice by the letter's date.".to_string()
            }
            (LetterError::DeadlineTooLong, Lang::Fr) => {
                format!("Le délai de paiement est d'au plus {MAX_DEADLINE_DAYS} jours.")
            }
            (LetterError::DeadlineTooLong, Lang::En) => {
                format!("The deadline to pay is at most {MAX_DEADLINE_DAYS} days.")
            }
            (LetterError::DeadlineTooShort { least: 1 }, Lang::Fr) => {
                "Le délai de paiement est d'au moins 1 jour.".to_string()
            }
            (LetterError::DeadlineTooShort { least: 1 }, Lang::En) => {
                "The deadline to pay is at least 1 day.".to_string()
            }
            (LetterError::DeadlineTooShort { least }, Lang::Fr) => format!(
                "Le Pre-Action Protocol for Debt Claims donne {least} jours au moins à un particulier ou à un entrepreneur individuel pour répondre."
            ),
            (LetterError::DeadlineTooShort { least }, Lang::En) => format!(
                "The Pre-Action Protocol for Debt Claims gives an individual or a sole trader at least {least} days to reply."
            ),
            (LetterError::Money(error), lang) => error.describe(lang),
        }
    }
}

/// Gathers what the letter `request` states, from `ledger` with the rate `tables` and the
/// dunning `policy`, as of the letter's date.
pub fn gather(
    ledger: &Ledger,
    request: &LetterRequest,
    tables: &RateTables,
    policy: &DunningPolicy,
) -> Result<LetterFacts, LetterError> {
    let date = request.date;
    let client = ledger
        .client(request.client)
        .ok_or(LetterError::UnknownClient)?
        .details()
        .clone();
    let report = DunningReport::as_of(ledger, policy, date)?;
    let chosen = chosen_invoices(ledger, request, &report)?;
    let kind = match request.kind {
        Some(kind) => kind,
        None => most_advanced_step(&report, &chosen),
    };
    let mut invoices = Vec::with_capacity(chosen.len());
    for id in chosen {
        invoices.push(invoice_facts(ledger, id, date, tables)?);
    }
    let Some(first) = invoices.first() else {
        return Err(LetterError::NothingOpen);
    };
    let currency = first.gross.currency();
    if let Some(other) = invoices
        .iter()
        .map(|invoice| invoice.gross.currency())
        .find(|other| *other != currency)
    {
        return Err(LetterError::MixedCurrencies {
            first: currency,
            other,
        });
    }
    let zero = Money::zero(currency);
    let (mut total_gross, mut total_open, mut total_interest, mut total_compensation) =
        (zero, zero, zero, zero);
    for invoice in &invoices {
        total_gross = total_gross.checked_add(invoice.gross)?;
        total_open = total_open.checked_add(invoice.open)?;
        if let Some(simulation) = invoice.accrual.simulation() {
            total_interest = total_interest.checked_add(simulation.interest)?;
            total_compensation = total_compensation.checked_add(simulation.compensation)?;
        }
    }
    let total_claimed = total_open
        .checked_add(total_interest)?
        .checked_add(total_compensation)?;
    let jurisdiction = Jurisdiction::of(client.country());
    let debtor_is_consumer = client.kind() == ClientKind::Consumer;
    let debtor_is_individual = debtor_is_consumer || request.individual;
    let protocol = jurisdiction == Jurisdiction::UnitedKingdom && debtor_is_individual;
    let deadline_days = match request.deadline_days {
        Some(days) if days > MAX_DEADLINE_DAYS => return Err(LetterError::DeadlineTooLong),
        Some(0) => return Err(LetterError::DeadlineTooShort { least: 1 }),
        // The Pre-Action Protocol gives an individual 30 days to reply.
        Some(days) if protocol && days < UK_PRE_ACTION_DAYS => {
            return Err(LetterError::DeadlineTooShort {
                least: UK_PRE_ACTION_DAYS,
            });
        }
        Some(days) => days,
        None if jurisdiction == Jurisdiction::UnitedKingdom && debtor_is_individual => {
            UK_PRE_ACTION_DAYS
        }
        None => DEFAULT_DEADLINE_DAYS,
    };
    let deadline = add_days(date, i64::from(deadline_days)).unwrap_or(date);
    let tone = match request.tone {
        Some(tone) => ToneReason::Chosen(tone),
        None => match ClientStatistics::for_client(ledger, request.client, date)? {
            Some(statistics) => ToneReason::of(&statistics),
            None => ToneReason::New { paid: 0 },
        },
    };
    let last_step = invoices
        .iter()
        .filter_map(|invoice| report.line(invoice.id).and_then(|line| line.last_done))
        .max_by_key(|done| (done.kind, done.date))
        .map(|done| (done.kind, done.date));
    let first_id = first.id;
    let deposit = match kind {
        LetterKind::DepositReceipt => Some(deposit_of(ledger, first_id, date)?),
        _ => None,
    };
    let plan = match kind {
        LetterKind::PlanAgreement => Some(
            ledger
                .current_plan_state(first_id, date)
                .map_err(|_| LetterError::UnknownInvoice)?
                .ok_or(LetterError::NoPlan)?,
        ),
        _ => None,
    };
    Ok(LetterFacts {
        kind,
        tone,
        date,
        deadline_days,
        deadline,
        client,
        debtor_is_consumer,
        debtor_is_individual,
        jurisdiction,
        currency,
        invoices,
        total_gross,
        total_open,
        total_interest,
        total_compensation,
        total_claimed,
        last_step,
        deposit,
        plan,
    })
}

/// The invoices of the request, checked; or the client's open ones the letter is about.
fn chosen_invoices(
    ledger: &Ledger,
    request: &LetterRequest,
    report: &DunningReport,
) -> Result<Vec<InvoiceId>, LetterError> {
    if !request.invoices.is_empty() {
        let mut chosen = Vec::with_capacity(request.invoices.len());
        for id in &request.invoices {
            let invoice = ledger.invoice(*id).ok_or(LetterError::UnknownInvoice)?;
            if invoice.client() != request.client {
                return Err(LetterError::NotThisClient {
                    number: invoice.number().to_string(),
                });
            }
            if invoice.status() == InvoiceStatus::Draft {
                return Err(LetterError::Draft {
                    number: invoice.number().to_string(),
                });
            }
            if !chosen.contains(id) {
                chosen.push(*id);
            }
        }
        return Ok(chosen);
    }
    let date = request.date;
    match request.kind {
        // The open invoice with the latest payment (the deposit to confirm).
        Some(LetterKind::DepositReceipt) => {
            let latest = ledger
                .invoices_of(request.client)
                .filter(|invoice| invoice.status().is_receivable())
                .filter(|invoice| {
                    ledger
                        .state_of(invoice.id(), date)
                        .is_ok_and(|state| !state.balance.open.is_zero())
                })
                .filter_map(|invoice| {
                    ledger
                        .payments_of(invoice.id())
                        .iter()
                        .filter(|payment| payment.date() <= date)
                        .map(|payment| payment.date())
                        .max()
                        .map(|paid| (paid, invoice.id()))
                })
                .max();
            return Ok(latest.map(|(_, id)| vec![id]).unwrap_or_default());
        }
        // The invoice with the latest plan agreed by the letter's date.
        Some(LetterKind::PlanAgreement) => {
            let latest = ledger
                .invoices_of(request.client)
                .filter_map(|invoice| {
                    ledger
                        .plans_of(invoice.id())
                        .map(|plan| plan.terms().agreed_on())
                        .filter(|agreed| *agreed <= date)
                        .max()
                        .map(|agreed| (agreed, invoice.id()))
                })
                .max();
            return Ok(latest.map(|(_, id)| vec![id]).unwrap_or_default());
        }
        _ => {}
    }
    // Every open invoice of the client on the ladder (not held), the due ones first; for a
    // letter sent before the due date, the ones not yet due.
    let before_due = matches!(
        request.kind,
        Some(LetterKind::InvoiceCheck) | Some(LetterKind::Step(StepKind::Courtesy))
    );
    let mut chosen: Vec<(NaiveDate, InvoiceId)> = report
        .lines
        .iter()
        .filter(|line| line.client == request.client && line.hold.is_none())
        .filter(|line| (line.days_past_due > 0) != before_due)
        .map(|line| (line.reference_date, line.invoice))
        .collect();
    chosen.sort();
    Ok(chosen.into_iter().map(|(_, id)| id).collect())
}

/// "The ladder step is the most advanced of them": the furthest next step due by the letter's
/// date; else the furthest next step to come; else the first reminder.
fn most_advanced_step(report: &DunningReport, invoices: &[InvoiceId]) -> LetterKind {
    let lines = || invoices.iter().filter_map(|id| report.line(*id));
    let due = lines()
        .filter(|line| line.is_due(report.as_of))
        .filter_map(|line| line.next.map(|next| next.step.kind))
        .max();
    let coming = || {
        lines()
            .filter_map(|line| line.next.map(|next| next.step.kind))
            .max()
    };
    let done = || {
        lines()
            .filter_map(|line| line.last_done.map(|d| d.kind))
            .max()
    };
    due.or_else(coming)
        .or_else(done)
        .map(LetterKind::Step)
        .unwrap_or(LetterKind::Step(StepKind::FirstReminder))
}

fn invoice_facts(
    ledger: &Ledger,
    id: InvoiceId,
    date: NaiveDate,
    tables: &RateTables,
) -> Result<InvoiceFacts, LetterError> {
    let invoice = ledger.invoice(id).ok_or(LetterError::UnknownInvoice)?;
    let state = ledger
        .state_of(id, date)
        .map_err(|_| LetterError::UnknownInvoice)?;
    let balance = state.balance;
    let settled = balance.paid.checked_add(balance.credited)?;
    let accrual = match input_of_invoice(ledger, id, date) {
        Ok(input) => match simulate(&input, tables) {
            Ok(simulation) => Accrual::Computed(Box::new(simulation)),
            Err(error) => Accrual::Refused(error),
        },
        Err(reason) => Accrual::NotApplicable(reason),
    };
    Ok(InvoiceFacts {
        id,
        number: invoice.number().to_string(),
        issue_date: invoice.details().issue_date(),
        due_date: invoice.due_date(),
        gross: invoice.gross(),
        settled,
        open: balance.open,
        days_past_due: state.days_past_due,
        accrual,
    })
}

fn deposit_of(
    ledger: &Ledger,
    invoice: InvoiceId,
    date: NaiveDate,
) -> Result<DepositFacts, LetterError> {
    ledger
        .payments_of(invoice)
        .iter()
        .filter(|payment| payment.date() <= date)
        .max_by_key(|payment| payment.date())
        .map(|payment| DepositFacts {
            amount: payment.amount(),
            date: payment.date(),
        })
        .ok_or(LetterError::NoDeposit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::demo::add_demo;
    use crate::domain::interest::simulate_totals;
    use crate::domain::letter::defaults::default_template;
    use crate::domain::letter::{Block, compose, legal};
    use crate::domain::letterhead::Letterhead;
    use crate::domain::test_support::Books;
    use rust_decimal_macros::dec;

    fn request(client: ClientId, invoices: Vec<InvoiceId>, day: &str) -> LetterRequest {
        LetterRequest {
            client,
            invoices,
            kind: Some(LetterKind::Step(StepKind::FormalNotice)),
            date: date(day),
            tone: None,
            deadline_days: None,
            individual: false,
        }
    }

    /// A French business client with two invoices of 1 000 € and 2 500 € (net 30, French B2B
    /// penalties), the second partly paid.
    fn french_books() -> (Books, ClientId, InvoiceId, InvoiceId) {
        let mut books = Books::new();
        let client = books.client("Dupont SARL", "FR");
        let first = books.invoice("F-2026-001", client, "2026-01-01", "1000", "EUR");
        let second = books.invoice("F-2026-002", client, "2026-02-01", "2500", "EUR");
        books.pay(second, "2026-03-20", dec!(500), Currency::Eur);
        (books, client, first, second)
    }

    #[test]
    fn a_formal_notice_states_the_engines_figures_to_the_cent() {
        let (books, client, first, second) = french_books();
        let tables = RateTables::builtin();
        let facts = gather(
            &books.ledger,
            &request(client, vec![first, second], "2026-06-15"),
            &tables,
            &DunningPolicy::default(),
        )
        .unwrap();
        let mut interest = Money::zero(Currency::Eur);
        let mut compensation = Money::zero(Currency::Eur);
        for id in [first, second] {
            // The Simulator's figures: the same input through the engine's other entry point.
            let input = input_of_invoice(&books.ledger, id, date("2026-06-15")).unwrap();
            let simulated = simulate_totals(&input, &tables).unwrap();
            interest = interest.checked_add(simulated.interest).unwrap();
            compensation = compensation.checked_add(simulated.compensation).unwrap();
        }
        assert!(!interest.is_zero());
        assert_eq!(facts.total_interest, interest);
        assert_eq!(facts.total_compensation, compensation);
        assert_eq!(
            compensation,
            Money::new(dec!(80), Currency::Eur),
            "40 € per invoice"
        );
        assert_eq!(facts.total_open, Money::new(dec!(3000), Currency::Eur));
        assert_eq!(
            facts.total_claimed,
            facts
                .total_open
                .checked_add(interest)
                .unwrap()
                .checked_add(compensation)
                .unwrap()
        );
        assert_eq!(facts.deadline, date("2026-06-23"), "8 days by default");
        assert_eq!(facts.jurisdiction, Jurisdiction::France);

        let template = default_template(facts.kind, Lang::Fr, facts.tone.tone());
        let letter = compose(&facts, &Letterhead::default(), &template, Lang::Fr).unwrap();
        assert_eq!(
            letter.mention.as_deref(),
            Some("Lettre recommandée avec accusé de réception")
        );
        let text: String = letter
            .blocks
            .iter()
            .filter_map(|block| match block {
                Block::Paragraph(text) => Some(text.as_str()),
                Block::Table(_) => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
        for expected in [
            crate::format::money(interest, Lang::Fr),
            crate::format::money(facts.total_claimed, Lang::Fr),
            "article 1344 du Code civil".to_string(),
            "articles L441-10 et D441-5 du Code de commerce".to_string(),
            "injonction de payer".to_string(),
            "23 juin 2026".to_string(),
        ] {
            assert!(text.contains(&expected), "missing {expected:?} in\n{text}");
        }
        let table = letter.blocks.iter().find_map(|block| match block {
            Block::Table(table) => Some(table),
            Block::Paragraph(_) => None,
        });
        let table = table.unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.columns.len(), 7, "interest and compensation columns");
    }

    #[test]
    fn a_consumer_is_claimed_legal_interest_and_no_forty_euros() {
        let mut books = Books::new();
        let client = books.client_of_kind("Jean Martin", "FR", ClientKind::Consumer);
        let invoice = books.invoice("F-2026-010", client, "2026-01-01", "800", "EUR");
        let facts = gather(
            &books.ledger,
            &request(client, vec![invoice], "2026-06-15"),
            &RateTables::builtin(),
            &DunningPolicy::default(),
        )
        .unwrap();
        assert!(facts.debtor_is_consumer);
        assert!(facts.total_compensation.is_zero());
        assert_eq!(legal::compensation(&facts, Lang::Fr), "");
        let notice = legal::notice(&facts, Lang::Fr);
        assert!(notice.contains("article 1344 du Code civil"), "{notice}");
        assert!(notice.contains("L313-2"), "{notice}");
        let template = default_template(facts.kind, Lang::Fr, Tone::Firm);
        let letter = compose(&facts, &Letterhead::default(), &template, Lang::Fr).unwrap();
        let all = format!("{:?}", letter.blocks);
        assert!(!all.contains("40 €"), "{all}");
    }

    #[test]
    fn the_legal_words_follow_the_regime_of_the_figures_and_the_kind_of_debtor() {
        // A French creditor billing a UK company under L441-10: the 40 € of D441-5, no claim
        // under the UK Act, whose figures are not in the letter.
        let mut books = Books::new();
        let client = books.client("London Ltd", "GB");
        let invoice = books.invoice("F-2026-020", client, "2026-01-01", "1000", "EUR");
        let facts = gather(
            &books.ledger,
            &request(client, vec![invoice], "2026-06-15"),
            &RateTables::builtin(),
            &DunningPolicy::default(),
        )
        .unwrap();
        let compensation = legal::compensation(&facts, Lang::En);
        assert!(compensation.contains("D441-5"), "{compensation}");
        let notice = legal::notice(&facts, Lang::En);
        assert!(!notice.contains("1998"), "{notice}");
        assert!(legal::running(&facts, Lang::Fr).contains("courent de plein droit"));
        // A French consumer: nothing runs before a formal notice.
        let consumer = books.client_of_kind("Jean Martin", "FR", ClientKind::Consumer);
        let owed = books.invoice("F-2026-021", consumer, "2026-01-01", "300", "EUR");
        let facts = gather(
            &books.ledger,
            &request(consumer, vec![owed], "2026-06-15"),
            &RateTables::builtin(),
            &DunningPolicy::default(),
        )
        .unwrap();
        let running = legal::running(&facts, Lang::Fr);
        assert!(
            running.contains("à compter d'une mise en demeure"),
            "{running}"
        );
        // No deadline of 0 days.
        let mut asked = request(consumer, vec![owed], "2026-06-15");
        asked.deadline_days = Some(0);
        assert_eq!(
            gather(
                &books.ledger,
                &asked,
                &RateTables::builtin(),
                &DunningPolicy::default()
            )
            .unwrap_err(),
            LetterError::DeadlineTooShort { least: 1 }
        );
    }

    #[test]
    fn one_letter_covers_one_client_and_one_currency() {
        let (mut books, client, first, _) = french_books();
        let other = books.client("Autre SA", "FR");
        let theirs = books.invoice("F-2026-003", other, "2026-01-01", "100", "EUR");
        let dollars = books.invoice("F-2026-004", client, "2026-01-01", "100", "USD");
        let tables = RateTables::builtin();
        let policy = DunningPolicy::default();
        assert_eq!(
            gather(
                &books.ledger,
                &request(client, vec![first, theirs], "2026-06-15"),
                &tables,
                &policy
            )
            .unwrap_err(),
            LetterError::NotThisClient {
                number: "F-2026-003".to_string()
            }
        );
        let mixed = gather(
            &books.ledger,
            &request(client, vec![first, dollars], "2026-06-15"),
            &tables,
            &policy,
        )
        .unwrap_err();
        assert!(matches!(mixed, LetterError::MixedCurrencies { .. }));
        assert!(mixed.describe(Lang::Fr).contains("une seule devise"));
        let unknown = request(ClientId::from_raw(999), vec![], "2026-06-15");
        assert_eq!(
            gather(&books.ledger, &unknown, &tables, &policy).unwrap_err(),
            LetterError::UnknownClient
        );
    }

    #[test]
    fn without_a_list_the_letter_covers_the_clients_overdue_invoices_at_their_furthest_step() {
        let (mut books, client, first, second) = french_books();
        let mut asked = request(client, vec![], "2026-03-10");
        asked.kind = None;
        let tables = RateTables::builtin();
        let policy = DunningPolicy::default();
        let facts = gather(&books.ledger, &asked, &tables, &policy).unwrap();
        let ids: Vec<InvoiceId> = facts.invoices.iter().map(|invoice| invoice.id).collect();
        assert_eq!(ids, vec![first, second]);
        // Nothing done yet on either: the first reminder comes first, however late.
        assert_eq!(facts.kind, LetterKind::Step(StepKind::FirstReminder));
        // The first and second reminders of F-001 logged: its next step, the formal notice,
        // is the most advanced of the two invoices' and the letter's.
        for (day, step) in [
            ("2026-02-02", StepKind::FirstReminder),
            ("2026-02-16", StepKind::SecondReminder),
        ] {
            let contact = crate::domain::ContactDetails::new(
                client,
                date(day),
                crate::domain::Channel::Email,
                "relance",
                vec![first],
                Some(step),
            )
            .unwrap();
            books.ledger.log_contact(contact).unwrap();
        }
        let facts = gather(&books.ledger, &asked, &tables, &policy).unwrap();
        assert_eq!(facts.kind, LetterKind::Step(StepKind::FormalNotice));
        assert_eq!(
            facts.last_step,
            Some((StepKind::SecondReminder, date("2026-02-16")))
        );
        // Before F-002's due date (3 March), only F-001 is overdue.
        asked.date = date("2026-02-20");
        let early = gather(&books.ledger, &asked, &tables, &policy).unwrap();
        assert_eq!(early.invoices.len(), 1);
    }

    #[test]
    fn every_demo_client_gets_every_letter_or_a_reason() {
        let today = date("2026-12-07");
        let mut ledger = Ledger::new();
        let clients = add_demo(&mut ledger, today).unwrap();
        let tables = RateTables::builtin();
        let policy = DunningPolicy::default();
        let mut written = 0;
        for client in clients {
            for kind in LetterKind::ALL {
                let asked = LetterRequest {
                    client,
                    invoices: vec![],
                    kind: Some(kind),
                    date: today,
                    tone: None,
                    deadline_days: None,
                    individual: false,
                };
                match gather(&ledger, &asked, &tables, &policy) {
                    Ok(facts) => {
                        for lang in [Lang::Fr, Lang::En] {
                            let template = default_template(kind, lang, facts.tone.tone());
                            let letter =
                                compose(&facts, &Letterhead::default(), &template, lang).unwrap();
                            assert!(!letter.subject.is_empty());
                            assert!(letter.subject.chars().all(|c| c != '{'));
                            written += 1;
                        }
                    }
                    Err(error) => {
                        assert!(!error.describe(Lang::Fr).is_empty());
                    }
                }
            }
        }
        assert!(written > 20, "{written} letters written");
    }

    #[test]
    fn a_plan_agreement_and_a_deposit_receipt_find_their_invoice() {
        let today = date("2026-12-07");
        let mut ledger = Ledger::new();
        let clients = add_demo(&mut ledger, today).unwrap();
        let tables = RateTables::builtin();
        let policy = DunningPolicy::default();
        let ask = |client, kind| LetterRequest {
            client,
            invoices: vec![],
            kind: Some(kind),
            date: today,
            tone: None,
            deadline_days: None,
            individual: false,
        };
        let mut plans = 0;
        let mut deposits = 0;
        for client in clients {
            if let Ok(facts) = gather(
                &ledger,
                &ask(client, LetterKind::PlanAgreement),
                &tables,
                &policy,
            ) {
                let plan = facts.plan.as_ref().unwrap();
                assert_eq!(plan.invoice, facts.invoices[0].id);
                let template = default_template(facts.kind, Lang::Fr, facts.tone.tone());
                let letter = compose(&facts, &Letterhead::default(), &template, Lang::Fr).unwrap();
                let table = letter.blocks.iter().find_map(|block| match block {
                    Block::Table(table) => Some(table),
                    Block::Paragraph(_) => None,
                });
                assert_eq!(table.unwrap().rows.len(), plan.installments.len());
                plans += 1;
            }
            if let Ok(facts) = gather(
                &ledger,
                &ask(client, LetterKind::DepositReceipt),
                &tables,
                &policy,
            ) {
                let deposit = facts.deposit.unwrap();
                assert!(deposit.date <= today && !deposit.amount.is_zero());
                assert!(!facts.total_open.is_zero());
                deposits += 1;
            }
        }
        assert_eq!(plans, 2, "the demo's two plans");
        assert!(deposits > 0, "the demo has partly paid invoices");
    }

    #[test]
    fn the_tone_follows_the_client_unless_chosen() {
        let (books, client, first, _) = french_books();
        let mut asked = request(client, vec![first], "2026-06-15");
        let tables = RateTables::builtin();
        let policy = DunningPolicy::default();
        let facts = gather(&books.ledger, &asked, &tables, &policy).unwrap();
        // No invoice paid in full yet, one invoice months late: firm.
        assert_eq!(facts.tone.tone(), Tone::Firm);
        asked.tone = Some(Tone::Collaborative);
        let chosen = gather(&books.ledger, &asked, &tables, &policy).unwrap();
        assert_eq!(chosen.tone, ToneReason::Chosen(Tone::Collaborative));
        assert_eq!(
            chosen.tone.describe(Lang::Fr),
            "Ton conciliant choisi pour cette lettre."
        );
    }
}
