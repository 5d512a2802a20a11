//! What an import does to the books, said before it is done ([`plan`]) and then done in one
//! change ([`import_into`]).
//!
//! Rules (each has a test in `import::tests`):
//! - **Duplicates.** A row whose invoice number the books already hold is never imported: it
//!   is reported, as the same invoice (client, amount, dates) or as a different one (the
//!   books' invoice is kept untouched). Numbers compare exactly, as
//!   [`Ledger::invoice_by_number`] does.
//! - **Clients** are matched the way the backup merge matches them ([`ClientIdentity`]): same
//!   SIREN (of a SIREN, a SIRET or a French VAT number), else same VAT number. Otherwise a row
//!   matches the one client of the same name (case and spaces folded) when there is exactly
//!   one, and when the row or that client has no identifier (a spreadsheet rarely carries
//!   SIRENs, and a client typed by hand rarely has its VAT number, while an e-invoice always
//!   does): a second "Durand SARL" would split the client's history. Two identifiers that
//!   differ are two businesses. Rows of the
//!   same identity without a match share one new client (a business in the user's country).
//! - **Payments and credit notes.** A paid amount becomes one payment, dated by the file's
//!   payment date or, without one, the due date (never later than the day of the import, never
//!   before the issue date): an undated payment is counted on time, so no late interest is ever
//!   claimed on it. A credited amount becomes one credit note dated the same way.
//! - **All or nothing.** [`import_into`] works on a copy and changes the books only when every
//!   row it takes went in; with [`Policy::AllOrNothing`], one invalid row refuses the whole
//!   file. Run again on another tab's newer books, it plans again on them.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::rows::{ImportedClient, ImportedInvoice, RowError, RowProblem};
use crate::domain::client::ClientError;
use crate::domain::invoice::InvoiceError;
use crate::domain::merge::ClientIdentity;
use crate::domain::payment::{AdjustmentDetails, AdjustmentKind, PaymentDetails, PaymentMethod};
use crate::domain::{
    ClientDetails, ClientId, Country, Currency, FieldError, InvoiceDetails, InvoiceId,
    InvoiceStatus, Ledger, LedgerError, Money, PaymentTerms, PenaltyClause, default_clause_for,
};
use crate::i18n::{Describe, Lang};

/// What to do with a file that has invalid rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Import the valid rows; the invalid ones are listed and left out.
    #[default]
    ValidRows,
    /// Import nothing while one row is invalid.
    AllOrNothing,
}

/// What a new invoice gets that a file does not say: the user's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportDefaults {
    /// The country of a new client.
    pub country: Country,
    /// The terms of an invoice without a due date whose client has none of its own (a new one).
    pub terms: PaymentTerms,
    /// The day of the import: no payment is dated after it.
    pub today: NaiveDate,
}

/// Which client a row goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientMatch {
    /// A client of the books.
    Existing(ClientId),
    /// The new client at this index of [`Plan::new_clients`].
    New(usize),
}

/// Why a row is not imported though it reads well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub line: u64,
    pub number: String,
    /// The books' invoice of that number.
    pub existing: InvoiceId,
    /// Whether it is the same invoice (client, amount, issue and due dates).
    pub same: bool,
}

/// What happens to one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Add(ClientMatch),
    Duplicate(Duplicate),
    Invalid(RowError),
}

/// A client the import creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewClient {
    pub details: ClientDetails,
    /// The first line that names it.
    pub line: u64,
}

/// An amount and a count, in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Total {
    pub count: usize,
    pub amount: Money,
}

/// What an import will do, row by row, before anything changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// One per row, in the file's order.
    pub outcomes: Vec<Outcome>,
    pub new_clients: Vec<NewClient>,
}

impl Plan {
    pub fn added(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Outcome::Add(_)))
            .count()
    }

    pub fn duplicates(&self) -> impl Iterator<Item = &Duplicate> {
        self.outcomes.iter().filter_map(|outcome| match outcome {
            Outcome::Duplicate(duplicate) => Some(duplicate),
            _ => None,
        })
    }

    pub fn invalid(&self) -> impl Iterator<Item = &RowError> {
        self.outcomes.iter().filter_map(|outcome| match outcome {
            Outcome::Invalid(error) => Some(error),
            _ => None,
        })
    }

    /// The distinct clients of the books the added rows go to.
    pub fn matched_clients(&self) -> usize {
        let mut ids: Vec<ClientId> = self
            .outcomes
            .iter()
            .filter_map(|outcome| match outcome {
                Outcome::Add(ClientMatch::Existing(id)) => Some(*id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// The totals of the rows that will be added, per currency (in [`Currency::ALL`]'s order).
pub fn added_totals(
    plan: &Plan,
    rows: &[Result<ImportedInvoice, RowError>],
) -> Result<Vec<Total>, crate::domain::MoneyError> {
    totals_per_currency(plan.outcomes.iter().zip(rows).filter_map(|(outcome, row)| {
        match (outcome, row) {
            (Outcome::Add(_), Ok(invoice)) => Some(invoice.amount),
            _ => None,
        }
    }))
}

/// `amounts` counted and summed per currency, in [`Currency::ALL`]'s order.
pub fn totals_per_currency(
    amounts: impl Iterator<Item = Money>,
) -> Result<Vec<Total>, crate::domain::MoneyError> {
    let mut totals: Vec<Total> = Vec::new();
    for amount in amounts {
        match totals
            .iter_mut()
            .find(|total| total.amount.currency() == amount.currency())
        {
            Some(total) => {
                total.count += 1;
                total.amount = total.amount.checked_add(amount)?;
            }
            None => totals.push(Total { count: 1, amount }),
        }
    }
    totals.sort_by_key(|total| {
        Currency::ALL
            .iter()
            .position(|currency| *currency == total.amount.currency())
    });
    Ok(totals)
}

/// A client's name as names are matched: lowercase, whitespace runs made one space.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The clients of the books, found by identity and by a name only one of them has (with
/// whether that client has an identifier).
struct ClientIndex {
    by_identity: HashMap<ClientIdentity, ClientId>,
    by_name: HashMap<String, Option<(ClientId, bool)>>,
}

impl ClientIndex {
    fn of(ledger: &Ledger) -> ClientIndex {
        let mut by_identity: HashMap<ClientIdentity, ClientId> = HashMap::new();
        let mut by_name: HashMap<String, Option<(ClientId, bool)>> = HashMap::new();
        for client in ledger.clients() {
            let identity = ClientIdentity::of(client.details());
            let identified = !matches!(identity, ClientIdentity::Name(_));
            by_identity.entry(identity).or_insert(client.id());
            by_name
                .entry(name_key(client.name()))
                .and_modify(|one| *one = None)
                .or_insert(Some((client.id(), identified)));
        }
        ClientIndex {
            by_identity,
            by_name,
        }
    }

    /// The client of the books `details` names: same identity, or the one client of that
    /// name when one of the two has no identifier.
    fn find(&self, details: &ClientDetails) -> Option<ClientId> {
        let identity = ClientIdentity::of(details);
        let identified = !matches!(identity, ClientIdentity::Name(_));
        self.by_identity.get(&identity).copied().or_else(|| {
            match self
                .by_name
                .get(&name_key(details.name()))
                .copied()
                .flatten()
            {
                Some((id, theirs)) if !(identified && theirs) => Some(id),
                _ => None,
            }
        })
    }
}

/// What importing `rows` into `ledger` would do.
pub fn plan(
    ledger: &Ledger,
    rows: &[Result<ImportedInvoice, RowError>],
    defaults: &ImportDefaults,
) -> Plan {
    let index = ClientIndex::of(ledger);
    let mut new_by_identity: HashMap<ClientIdentity, usize> = HashMap::new();
    let mut new_clients: Vec<NewClient> = Vec::new();
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        let invoice = match row {
            Ok(invoice) => invoice,
            Err(error) => {
                outcomes.push(Outcome::Invalid(error.clone()));
                continue;
            }
        };
        let details = match invoice.client_details(defaults.country) {
            Ok(details) => details,
            Err(error) => {
                outcomes.push(Outcome::Invalid(RowError {
                    line: invoice.line,
                    problems: vec![RowProblem::Client(error)],
                }));
                continue;
            }
        };
        let identity = ClientIdentity::of(&details);
        let existing_client = index.find(&details);
        if let Some(existing) = ledger.invoice_by_number(&invoice.number) {
            let same_client = ledger.client(existing.client()).is_some_and(|client| {
                Some(client.id()) == existing_client
                    || ClientIdentity::of(client.details()) == identity
            });
            let details = existing.details();
            let same = same_client
                && details.amount().gross() == invoice.amount
                && details.issue_date() == invoice.issue_date
                && invoice
                    .due_date
                    .is_none_or(|due| due == existing.due_date());
            outcomes.push(Outcome::Duplicate(Duplicate {
                line: invoice.line,
                number: invoice.number.clone(),
                existing: existing.id(),
                same,
            }));
            continue;
        }
        let matched = match existing_client {
            Some(id) => ClientMatch::Existing(id),
            None => {
                let index = *new_by_identity.entry(identity).or_insert_with(|| {
                    new_clients.push(NewClient {
                        details,
                        line: invoice.line,
                    });
                    new_clients.len() - 1
                });
                ClientMatch::New(index)
            }
        };
        outcomes.push(Outcome::Add(matched));
    }
    Plan {
        outcomes,
        new_clients,
    }
}

/// What the books refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Ledger(LedgerError),
    Invoice(InvoiceError),
    Field(FieldError),
    Client(ClientError),
}

impl Describe for Refusal {
    fn describe(&self, lang: Lang) -> String {
        match self {
            Refusal::Ledger(error) => error.describe(lang),
            Refusal::Invoice(error) => error.describe(lang),
            Refusal::Field(error) => error.describe(lang),
            Refusal::Client(error) => error.describe(lang),
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub invoices: usize,
    pub clients_created: usize,
    pub clients_matched: usize,
    pub payments: usize,
    pub credit_notes: usize,
    pub duplicates: usize,
    pub invalid: usize,
    /// The imported invoices' totals per currency.
    pub totals: Vec<Total>,
}

/// Why nothing was imported. The books are unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// [`Policy::AllOrNothing`] and this many invalid rows.
    InvalidRows(usize),
    /// Nothing to import: every row is invalid or already in the books.
    Nothing,
    /// The books refused the row of this line (the rows' checks should have said it).
    Refused { line: u64, error: Refusal },
    /// The totals overflow.
    Money(crate::domain::MoneyError),
}

impl Describe for ImportError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportError::InvalidRows(count), Lang::Fr) => format!(
                "Rien n'a été importé : {count} ligne(s) en erreur, et vous avez choisi de tout importer ou rien. Corrigez le fichier, ou choisissez d'importer les lignes valables."
            ),
            (ImportError::InvalidRows(count), Lang::En) => format!(
                "Nothing was imported: {count} row(s) have errors, and you chose all or nothing. Correct the file, or choose to import the valid rows."
            ),
            (ImportError::Nothing, Lang::Fr) => {
                "Rien à importer : chaque ligne est en erreur ou déjà dans vos livres.".to_string()
            }
            (ImportError::Nothing, Lang::En) => {
                "Nothing to import: every row has an error or is already in your books.".to_string()
            }
            (ImportError::Refused { line, error }, Lang::Fr) => format!(
                "Rien n'a été importé : la ligne {line} est refusée ({}).",
                error.describe(lang)
            ),
            (ImportError::Refused { line, error }, Lang::En) => format!(
                "Nothing was imported: line {line} is refused ({}).",
                error.describe(lang)
            ),
            (ImportError::Money(error), _) => error.describe(lang),
        }
    }
}

/// The day a payment or credit the file does not date is counted: the due date, never after
/// `today`, never before the issue date.
fn undated(invoice: &ImportedInvoice, due_date: NaiveDate, today: NaiveDate) -> NaiveDate {
    due_date.min(today).max(invoice.issue_date)
}

/// Imports `rows` into `ledger` in one change: plans on `ledger` as it is, then adds the new
/// clients, the invoices, their payments and credit notes. On any error `ledger` is unchanged.
pub fn import_into(
    ledger: &mut Ledger,
    rows: &[Result<ImportedInvoice, RowError>],
    policy: Policy,
    defaults: &ImportDefaults,
) -> Result<Report, ImportError> {
    let plan = plan(ledger, rows, defaults);
    let invalid = plan.invalid().count();
    if policy == Policy::AllOrNothing && invalid > 0 {
        return Err(ImportError::InvalidRows(invalid));
    }
    if plan.added() == 0 {
        return Err(ImportError::Nothing);
    }
    let totals = added_totals(&plan, rows).map_err(ImportError::Money)?;
    let mut books = ledger.clone();
    let mut created: Vec<ClientId> = Vec::with_capacity(plan.new_clients.len());
    for client in &plan.new_clients {
        let id =
            books
                .add_client(client.details.clone())
                .map_err(|error| ImportError::Refused {
                    line: client.line,
                    error: Refusal::Ledger(error),
                })?;
        created.push(id);
    }
    let mut report = Report {
        invoices: 0,
        clients_created: created.len(),
        clients_matched: plan.matched_clients(),
        payments: 0,
        credit_notes: 0,
        duplicates: plan.duplicates().count(),
        invalid,
        totals,
    };
    for (outcome, row) in plan.outcomes.iter().zip(rows) {
        let (Outcome::Add(matched), Ok(invoice)) = (outcome, row) else {
            continue;
        };
        let refused = |error: Refusal| ImportError::Refused {
            line: invoice.line,
            error,
        };
        let ledger_refused = |error: LedgerError| refused(Refusal::Ledger(error));
        let client = match matched {
            ClientMatch::Existing(id) => *id,
            ClientMatch::New(index) => *created.get(*index).ok_or(ImportError::Nothing)?,
        };
        let (terms, penalty) = match books.client(client) {
            Some(found) => {
                let details = found.details();
                let terms = if matches!(matched, ClientMatch::Existing(_)) {
                    details.default_terms()
                } else {
                    defaults.terms
                };
                (terms, default_clause_for(details.country(), details.kind()))
            }
            None => (defaults.terms, PenaltyClause::None),
        };
        let details = InvoiceDetails::new(
            &invoice.number,
            client,
            invoice.issue_date,
            invoice.amounts,
            terms,
            invoice.due_date,
            penalty,
        )
        .map_err(|error| refused(Refusal::Invoice(error)))?;
        let due_date = details.due_date();
        let status = if invoice.status == InvoiceStatus::Draft {
            InvoiceStatus::Draft
        } else {
            InvoiceStatus::Sent
        };
        let id = books.add_invoice(details, status).map_err(ledger_refused)?;
        if !invoice.paid.is_zero() {
            let date = invoice
                .paid_date
                .unwrap_or_else(|| undated(invoice, due_date, defaults.today));
            let payment = PaymentDetails::new(id, date, invoice.paid, PaymentMethod::Other, "")
                .map_err(|error| refused(Refusal::Field(error)))?;
            books.record_payment(payment).map_err(ledger_refused)?;
            report.payments += 1;
        }
        if let Some(credited) = invoice.credited.filter(|credited| !credited.is_zero()) {
            let credit = AdjustmentDetails::new(
                id,
                AdjustmentKind::CreditNote,
                undated(invoice, due_date, defaults.today),
                credited,
                "",
            )
            .map_err(|error| refused(Refusal::Field(error)))?;
            books.add_adjustment(credit).map_err(ledger_refused)?;
            report.credit_notes += 1;
        }
        if invoice.status != status {
            books
                .set_status(id, invoice.status)
                .map_err(ledger_refused)?;
        }
        report.invoices += 1;
    }
    *ledger = books;
    Ok(report)
}

/// What happens to one row of a file of clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientOutcome {
    Add,
    /// The books hold this client; `same`: with the same name, e-mail, identifier, country and
    /// kind (else the books' details are kept as they are).
    Existing {
        id: ClientId,
        same: bool,
    },
    Invalid(RowError),
}

/// What importing a file of clients will do, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientPlan {
    pub outcomes: Vec<ClientOutcome>,
}

impl ClientPlan {
    pub fn added(&self) -> usize {
        self.count(|outcome| matches!(outcome, ClientOutcome::Add))
    }

    pub fn existing(&self) -> usize {
        self.count(|outcome| matches!(outcome, ClientOutcome::Existing { .. }))
    }

    pub fn invalid(&self) -> impl Iterator<Item = &RowError> {
        self.outcomes.iter().filter_map(|outcome| match outcome {
            ClientOutcome::Invalid(error) => Some(error),
            _ => None,
        })
    }

    fn count(&self, which: impl Fn(&ClientOutcome) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| which(outcome))
            .count()
    }
}

fn same_client(current: &ClientDetails, incoming: &ClientDetails) -> bool {
    name_key(current.name()) == name_key(incoming.name())
        && current.email() == incoming.email()
        && current.tax_id() == incoming.tax_id()
        && current.country() == incoming.country()
        && current.kind() == incoming.kind()
}

/// What importing the clients `rows` into `ledger` would do: a client of the books (matched as
/// invoices' clients are) is never added twice.
pub fn plan_clients(
    ledger: &Ledger,
    rows: &[Result<ImportedClient, RowError>],
    defaults: &ImportDefaults,
) -> ClientPlan {
    let index = ClientIndex::of(ledger);
    let outcomes = rows
        .iter()
        .map(|row| {
            let client = match row {
                Ok(client) => client,
                Err(error) => return ClientOutcome::Invalid(error.clone()),
            };
            let details = match client.details(defaults.country, defaults.terms) {
                Ok(details) => details,
                Err(error) => {
                    return ClientOutcome::Invalid(RowError {
                        line: client.line,
                        problems: vec![RowProblem::Client(error)],
                    });
                }
            };
            match index.find(&details) {
                Some(id) => ClientOutcome::Existing {
                    id,
                    same: ledger
                        .client(id)
                        .is_some_and(|found| same_client(found.details(), &details)),
                },
                None => ClientOutcome::Add,
            }
        })
        .collect();
    ClientPlan { outcomes }
}

/// What an import of clients did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientReport {
    pub created: usize,
    pub existing: usize,
    pub invalid: usize,
}

/// Adds the new clients of `rows` to `ledger` in one change, with the same policy and the
/// same all-or-nothing as [`import_into`].
pub fn import_clients_into(
    ledger: &mut Ledger,
    rows: &[Result<ImportedClient, RowError>],
    policy: Policy,
    defaults: &ImportDefaults,
) -> Result<ClientReport, ImportError> {
    let plan = plan_clients(ledger, rows, defaults);
    let invalid = plan.invalid().count();
    if policy == Policy::AllOrNothing && invalid > 0 {
        return Err(ImportError::InvalidRows(invalid));
    }
    if plan.added() == 0 {
        return Err(ImportError::Nothing);
    }
    let mut books = ledger.clone();
    for (outcome, row) in plan.outcomes.iter().zip(rows) {
        let (ClientOutcome::Add, Ok(client)) = (outcome, row) else {
            continue;
        };
        let refused = |error: Refusal| ImportError::Refused {
            line: client.line,
            error,
        };
        let details = client
            .details(defaults.country, defaults.terms)
            .map_err(|error| refused(Refusal::Client(error)))?;
        books
            .add_client(details)
            .map_err(|error| refused(Refusal::Ledger(error)))?;
    }
    *ledger = books;
    Ok(ClientReport {
        created: plan.added(),
        existing: plan.existing(),
        invalid,
    })
}
