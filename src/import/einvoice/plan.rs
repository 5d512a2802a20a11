//! What importing e-invoices does to the books, said file by file before it is done
//! ([`plan_files`]) and then done in one change ([`import_files_into`]).
//!
//! The invoices go through the CSV import's own plan ([`crate::import::plan::plan`]): the same
//! client matching (SIREN, VAT number, then the one client of that name), the same duplicates
//! (a number the books hold is never imported twice), the same atomic change. On top:
//! - **The seller is the user.** Each document's seller (BT-27, BT-30, BT-31) is checked
//!   against the letterhead of Settings: an invoice another business issued, or one the user
//!   received (the user is its buyer), is refused with that reason. With no identity filled
//!   in, nothing can be checked and the page says so.
//! - **A due date is never guessed.** A file without one (a MINIMUM profile) waits for the
//!   user to give it ([`Answers`]).
//! - **Credit notes** become a credit note on the invoice they credit (BT-25), found in the
//!   books or among the same files; one already recorded (same number on that invoice) is
//!   never recorded twice.
//! - **Paid in advance** (BT-113) becomes a payment on the issue date.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::read::FileError;
use super::{DocumentKind, EInvoice, Party};
use crate::domain::letterhead::Letterhead;
use crate::domain::payment::{AdjustmentDetails, AdjustmentKind};
use crate::domain::{
    ClientId, ClientKind, Country, Currency, FieldError, InvoiceDetails, InvoiceId, InvoiceStatus,
    Ledger, Money, PaymentTerms, PenaltyClause, TaxId,
};
use crate::import::plan::{
    self as csv_plan, ClientMatch, Duplicate, ImportDefaults, ImportError, NewClient, Outcome,
    Policy, Refusal, Total,
};
use crate::import::rows::{ImportedInvoice, RowError, RowProblem, invoice_amount_within};

/// The most decimals of the one tax rate that reproduces an e-invoice's totals.
const RATE_PLACES: u32 = 10;

/// Whether a document's seller is the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SellerCheck {
    /// Same SIREN or VAT number or, without identifiers to compare, the same name.
    Yours,
    /// Settings hold no identity to compare with: the page names the seller instead.
    Unchecked,
    /// Only names could be compared, and they differ: imported, with a notice naming both.
    Unsure,
    /// Another business issued it: every identifier both sides give differs.
    NotYours,
    /// The user is its buyer: an invoice received, not issued.
    Received,
}

/// Why a credit note cannot be recorded on the invoice it credits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreditProblem {
    /// The invoice is a draft: it owes nothing yet.
    Draft,
    /// The invoice is in another currency.
    Currency { invoice: Currency },
    /// More than the invoice still owes (after what it was paid and credited).
    OverOpen { open: Money },
    /// The amount is refused (zero, or beyond what the books hold).
    Amount(FieldError),
}

/// What the user gives that a file lacks, per file index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    pub due_dates: BTreeMap<usize, NaiveDate>,
}

/// The invoice a credit note credits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreditTarget {
    Books(InvoiceId),
    /// The invoice of the file at this index, imported with it.
    File(usize),
}

/// What happens to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOutcome {
    Unreadable(FileError),
    /// Not the user's invoice ([`SellerCheck::NotYours`] or [`SellerCheck::Received`]).
    NotYours(SellerCheck),
    /// The books' checks refuse it (a client's identifier, a total that no tax rate gives…).
    Invalid(RowError),
    /// No due date in the file, and none given yet.
    AwaitsDueDate,
    /// The same document as the file at this index (the same file chosen twice): read once.
    Repeated {
        first: usize,
    },
    /// The number of the file at this index too, with other content: neither is imported.
    NumberTwice {
        other: usize,
    },
    Add(ClientMatch),
    /// The books hold an invoice of this number.
    Duplicate(Duplicate),
    Credit(CreditTarget),
    /// The books' invoice already has this credit note.
    CreditRecorded {
        invoice: InvoiceId,
    },
    /// A credit note whose invoice is neither in the books nor imported with it (or that
    /// names none); `in_batch`: the file of that invoice, when it is chosen but not imported.
    CreditUnlinked {
        preceding: Option<String>,
        in_batch: Option<usize>,
    },
    /// A credit note the books' checks refuse on its invoice.
    CreditRefused(CreditProblem),
}

impl FileOutcome {
    /// Whether the file changes the books.
    pub fn imports(&self) -> bool {
        matches!(self, FileOutcome::Add(_) | FileOutcome::Credit(_))
    }

    /// Whether the file stops an all-or-nothing import (already recorded or repeated do not).
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            FileOutcome::Unreadable(_)
                | FileOutcome::NotYours(_)
                | FileOutcome::Invalid(_)
                | FileOutcome::AwaitsDueDate
                | FileOutcome::NumberTwice { .. }
                | FileOutcome::CreditUnlinked { .. }
                | FileOutcome::CreditRefused(_)
        )
    }
}

/// What an import of files will do, file by file, before anything changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePlan {
    pub outcomes: Vec<FileOutcome>,
    pub new_clients: Vec<NewClient>,
    /// One per file: whether its seller is the user (`None` for an unreadable file).
    pub sellers: Vec<Option<SellerCheck>>,
}

impl FilePlan {
    pub fn invoices(&self) -> usize {
        self.count(|outcome| matches!(outcome, FileOutcome::Add(_)))
    }

    pub fn credit_notes(&self) -> usize {
        self.count(|outcome| matches!(outcome, FileOutcome::Credit(_)))
    }

    pub fn problems(&self) -> usize {
        self.count(FileOutcome::is_problem)
    }

    pub fn awaiting(&self) -> usize {
        self.count(|outcome| matches!(outcome, FileOutcome::AwaitsDueDate))
    }

    pub fn already(&self) -> usize {
        self.count(|outcome| {
            matches!(
                outcome,
                FileOutcome::Duplicate(_)
                    | FileOutcome::CreditRecorded { .. }
                    | FileOutcome::Repeated { .. }
            )
        })
    }

    /// The distinct clients of the books the added invoices go to.
    pub fn matched_clients(&self) -> usize {
        let mut ids: Vec<_> = self
            .outcomes
            .iter()
            .filter_map(|outcome| match outcome {
                FileOutcome::Add(ClientMatch::Existing(id)) => Some(*id),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    fn count(&self, which: impl Fn(&FileOutcome) -> bool) -> usize {
        self.outcomes
            .iter()
            .filter(|outcome| which(outcome))
            .count()
    }
}

/// An identifier as compared: letters and digits only, uppercase.
fn compact(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The SIREN in a SIREN, a SIRET or a French VAT number.
fn siren_of(id: &str) -> Option<String> {
    let id = compact(id);
    let digits = |text: &str| text.len() == 9 && text.chars().all(|c| c.is_ascii_digit());
    if let Some(siren) = id.get(..9).filter(|_| id.len() == 9 || id.len() == 14)
        && digits(siren)
        && id.chars().all(|c| c.is_ascii_digit())
    {
        return Some(siren.to_string());
    }
    id.strip_prefix("FR")
        .and_then(|rest| rest.get(2..))
        .filter(|siren| digits(siren))
        .map(str::to_string)
}

/// Words that say a company's legal form, not its name: left out when names are compared.
const LEGAL_FORMS: [&str; 22] = [
    "sarl",
    "sas",
    "sasu",
    "eurl",
    "ei",
    "eirl",
    "sa",
    "sci",
    "snc",
    "scop",
    "selarl",
    "scp",
    "micro",
    "entreprise",
    "gmbh",
    "ltd",
    "limited",
    "ag",
    "ug",
    "kg",
    "llc",
    "inc",
];

/// A name as names are compared: folded (case, accents), letters and digits only, legal forms
/// and "et" / "and" / "&" left out, so that "SARL Dupont & Fils" is "Dupont et fils SARL".
fn name_key(name: &str) -> Vec<String> {
    crate::format::fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .filter(|word| !LEGAL_FORMS.contains(word) && !matches!(*word, "et" | "and" | "und"))
        .map(str::to_string)
        .collect()
}

/// Whether `party` is the user of `you`: `Some(true)` when an identifier both give matches
/// (or, without identifiers to compare, the name); `Some(false)` when every identifier both
/// give differs; `None` when nothing can be compared or only names, which differ.
fn is_you(party: &Party, you: &Letterhead) -> Option<bool> {
    let your_siren = siren_of(&you.siren).or_else(|| siren_of(&you.vat));
    let their_siren = party
        .legal_id
        .as_deref()
        .and_then(siren_of)
        .or_else(|| party.vat.as_deref().and_then(siren_of));
    let your_vat = compact(&you.vat);
    let their_vat = party.vat.as_deref().map(compact).unwrap_or_default();
    let mut compared: Vec<bool> = Vec::new();
    if let (Some(yours), Some(theirs)) = (&your_siren, &their_siren) {
        compared.push(yours == theirs);
    }
    if !your_vat.is_empty() && !their_vat.is_empty() {
        compared.push(your_vat == their_vat);
    }
    if compared.contains(&true) {
        return Some(true);
    }
    if !compared.is_empty() {
        return Some(false);
    }
    let theirs = name_key(&party.name);
    let names: Vec<Vec<String>> = [&you.name, &you.trade_name]
        .into_iter()
        .map(|name| name_key(name))
        .filter(|key| !key.is_empty())
        .collect();
    names.contains(&theirs).then_some(true)
}

/// Whether the letterhead holds anything to compare a party with.
fn has_identity(you: &Letterhead) -> bool {
    !name_key(&you.name).is_empty()
        || !name_key(&you.trade_name).is_empty()
        || !compact(&you.siren).is_empty()
        || !compact(&you.vat).is_empty()
}

/// Whether `invoice` was issued by the user of `you`.
pub fn check_seller(invoice: &EInvoice, you: &Letterhead) -> SellerCheck {
    if !has_identity(you) {
        return SellerCheck::Unchecked;
    }
    match (is_you(&invoice.seller, you), is_you(&invoice.buyer, you)) {
        (Some(true), _) => SellerCheck::Yours,
        (_, Some(true)) => SellerCheck::Received,
        (Some(false), _) => SellerCheck::NotYours,
        (None, _) => SellerCheck::Unsure,
    }
}

/// Whether two files hold the same document (whatever held it: a PDF or an XML).
fn same_document(first: &EInvoice, other: &EInvoice) -> bool {
    let mut other = other.clone();
    other.container = first.container.clone();
    *first == other
}

/// The invoice as the CSV import's plan takes it (`line` is the file's index + 1).
fn imported(
    index: usize,
    invoice: &EInvoice,
    due_date: Option<NaiveDate>,
) -> Result<ImportedInvoice, RowError> {
    let line = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
    let mut problems = Vec::new();
    let currency = invoice.currency;
    let zero = Money::zero(currency);
    let owed = invoice.owed();
    let tax = match (invoice.net, invoice.rounding.filter(|r| !r.is_zero())) {
        (Some(net), Some(_)) => owed.checked_sub(net).ok(),
        _ => invoice.tax,
    };
    let amounts = invoice_amount_within(owed, invoice.net, tax, RATE_PLACES)
        .map_err(|problem| problems.push(problem))
        .ok();
    let buyer = &invoice.buyer;
    // The SIREN or SIRET first, else the VAT number; a SIRET that fails its check while the
    // VAT number holds is not a reason to refuse the invoice.
    let tax_id = match (&buyer.legal_id, &buyer.vat) {
        (Some(id), vat) => match (TaxId::parse(id), vat.as_deref().map(TaxId::parse)) {
            (Ok(id), _) => Some(id),
            (Err(_), Some(Ok(vat))) => Some(vat),
            (Err(error), _) => {
                problems.push(RowProblem::Client(error));
                None
            }
        },
        (None, Some(vat)) => TaxId::parse(vat)
            .map_err(|error| problems.push(RowProblem::Client(error)))
            .ok(),
        (None, None) => None,
    };
    let country = buyer.country.as_deref().and_then(|code| {
        Country::parse(code)
            .map_err(|_| problems.push(RowProblem::UnknownCountry(code.to_string())))
            .ok()
    });
    if let Some(due) = due_date
        && due < invoice.issue_date
    {
        problems.push(RowProblem::DueBeforeIssue {
            due,
            issue: invoice.issue_date,
        });
    }
    // What the books would refuse (a number too long, a date beyond their calendar), said now.
    if let Some(amounts) = amounts
        && problems.is_empty()
        && let Some(due) = due_date
        && let Err(error) = InvoiceDetails::new(
            &invoice.number,
            ClientId::from_raw(0),
            invoice.issue_date,
            amounts,
            PaymentTerms::default(),
            Some(due),
            PenaltyClause::None,
        )
    {
        problems.push(RowProblem::Invoice(error));
    }
    let Some(amounts) = amounts.filter(|_| problems.is_empty()) else {
        return Err(RowError { line, problems });
    };
    let prepaid = invoice.prepaid.unwrap_or(zero);
    Ok(ImportedInvoice {
        line,
        number: invoice.number.clone(),
        client: buyer.name.clone(),
        client_siren: buyer.legal_id.clone(),
        client_vat: buyer.vat.clone(),
        email: buyer.email.clone(),
        issue_date: invoice.issue_date,
        due_date,
        currency,
        amount: owed,
        amount_excl_tax: invoice.net,
        tax: invoice.tax,
        paid: prepaid,
        paid_date: (!prepaid.is_zero()).then_some(invoice.issue_date),
        credited: None,
        open: Some(invoice.payable),
        status: InvoiceStatus::Sent,
        amounts,
        tax_id,
        country,
        kind: Some(ClientKind::Business),
        address: buyer.address.clone(),
        phone: None,
    })
}

/// A row the CSV plan skips (its outcome is replaced by the file's own).
fn skipped(index: usize) -> Result<ImportedInvoice, RowError> {
    Err(RowError {
        line: u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1),
        problems: Vec::new(),
    })
}

/// The rows the CSV plan is given, one per file, and the outcomes decided before it.
struct Prepared {
    rows: Vec<Result<ImportedInvoice, RowError>>,
    /// `None` for the rows the CSV plan decides, and for credit notes (decided after it).
    decided: Vec<Option<FileOutcome>>,
    sellers: Vec<Option<SellerCheck>>,
    /// The files without a due date whose number is not in the books: they wait for one
    /// unless the CSV plan finds them otherwise.
    awaiting: Vec<bool>,
}

fn rows_of(
    ledger: &Ledger,
    files: &[Result<EInvoice, FileError>],
    answers: &Answers,
    you: &Letterhead,
) -> Prepared {
    let mut prepared = Prepared {
        rows: Vec::with_capacity(files.len()),
        decided: Vec::with_capacity(files.len()),
        sellers: Vec::with_capacity(files.len()),
        awaiting: Vec::with_capacity(files.len()),
    };
    let mut first_of: HashMap<(DocumentKind, &str), usize> = HashMap::new();
    // The other file of a number two files give with other content: neither is imported.
    let mut conflict: HashMap<usize, usize> = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        let Ok(invoice) = file else { continue };
        let first = *first_of
            .entry((invoice.kind, invoice.number.as_str()))
            .or_insert(index);
        let earlier = files.get(first).and_then(|file| file.as_ref().ok());
        if first != index && !earlier.is_some_and(|earlier| same_document(earlier, invoice)) {
            conflict.entry(first).or_insert(index);
            conflict.insert(index, first);
        }
    }
    for (index, file) in files.iter().enumerate() {
        let mut awaiting = false;
        let (row, outcome) = match file {
            Err(error) => {
                prepared.sellers.push(None);
                (skipped(index), Some(FileOutcome::Unreadable(error.clone())))
            }
            Ok(invoice) => {
                let seller = check_seller(invoice, you);
                prepared.sellers.push(Some(seller.clone()));
                let first = first_of
                    .get(&(invoice.kind, invoice.number.as_str()))
                    .copied()
                    .unwrap_or(index);
                if matches!(seller, SellerCheck::NotYours | SellerCheck::Received) {
                    (skipped(index), Some(FileOutcome::NotYours(seller)))
                } else if let Some(other) = conflict.get(&index) {
                    (
                        skipped(index),
                        Some(FileOutcome::NumberTwice { other: *other }),
                    )
                } else if first != index {
                    (skipped(index), Some(FileOutcome::Repeated { first }))
                } else if invoice.kind == DocumentKind::CreditNote {
                    // Decided once the invoices are planned.
                    (skipped(index), None)
                } else {
                    let due = invoice
                        .due_date
                        .or_else(|| answers.due_dates.get(&index).copied());
                    // Without a due date, an invoice the books hold is still found a duplicate.
                    awaiting = due.is_none() && ledger.invoice_by_number(&invoice.number).is_none();
                    match imported(index, invoice, due) {
                        // Read well but waiting: neither added nor its client created.
                        Ok(_) if awaiting => (skipped(index), None),
                        Ok(row) => (Ok(row), None),
                        Err(error) => {
                            awaiting = false;
                            (skipped(index), Some(FileOutcome::Invalid(error)))
                        }
                    }
                }
            }
        };
        prepared.rows.push(row);
        prepared.decided.push(outcome);
        prepared.awaiting.push(awaiting);
    }
    prepared
}

/// What importing `files` (each read, or why not) into `ledger` would do.
pub fn plan_files(
    ledger: &Ledger,
    files: &[Result<EInvoice, FileError>],
    answers: &Answers,
    you: &Letterhead,
    defaults: &ImportDefaults,
) -> FilePlan {
    let Prepared {
        rows,
        decided,
        sellers,
        awaiting,
    } = rows_of(ledger, files, answers, you);
    let plan = csv_plan::plan(ledger, &rows, defaults);
    let mut outcomes: Vec<FileOutcome> = Vec::with_capacity(files.len());
    for (((decided, outcome), file), waits) in decided
        .into_iter()
        .zip(plan.outcomes)
        .zip(files)
        .zip(awaiting)
    {
        outcomes.push(match (decided, outcome, file) {
            (Some(decided), _, _) => decided,
            (None, _, _) if waits => FileOutcome::AwaitsDueDate,
            (None, Outcome::Add(matched), _) => FileOutcome::Add(matched),
            (None, Outcome::Duplicate(duplicate), _) => FileOutcome::Duplicate(duplicate),
            (None, Outcome::Invalid(error), _) => FileOutcome::Invalid(error),
        });
    }
    // Credit notes, now that the invoices' outcomes are known, in the files' order (each
    // credits what the earlier ones left).
    let mut credited: HashMap<CreditTarget, Money> = HashMap::new();
    for (index, file) in files.iter().enumerate() {
        let Ok(credit) = file else { continue };
        let undecided = credit.kind == DocumentKind::CreditNote
            && matches!(outcomes.get(index), Some(FileOutcome::Invalid(error)) if error.problems.is_empty());
        if !undecided {
            continue;
        }
        let outcome = credit_outcome(
            ledger,
            files,
            &outcomes,
            credit,
            defaults.today,
            &mut credited,
        );
        if let Some(slot) = outcomes.get_mut(index) {
            *slot = outcome;
        }
    }
    FilePlan {
        outcomes,
        new_clients: plan.new_clients,
        sellers,
    }
}

/// The file of the invoice numbered `number` among `files`, if any.
fn file_of(files: &[Result<EInvoice, FileError>], number: &str) -> Option<usize> {
    files.iter().position(|file| {
        file.as_ref()
            .is_ok_and(|invoice| invoice.kind == DocumentKind::Invoice && invoice.number == number)
    })
}

fn credit_outcome(
    ledger: &Ledger,
    files: &[Result<EInvoice, FileError>],
    outcomes: &[FileOutcome],
    credit: &EInvoice,
    today: NaiveDate,
    credited: &mut HashMap<CreditTarget, Money>,
) -> FileOutcome {
    let Some(preceding) = credit.preceding.as_deref() else {
        return FileOutcome::CreditUnlinked {
            preceding: None,
            in_batch: None,
        };
    };
    // The invoice's currency, what it still owes, and whether it is a draft.
    let (target, currency, open, draft) = if let Some(invoice) = ledger.invoice_by_number(preceding)
    {
        let recorded = ledger
            .adjustments_of(invoice.id())
            .iter()
            .any(|adjustment| {
                adjustment.details().kind() == AdjustmentKind::CreditNote
                    && adjustment.details().reason() == credit.number
            });
        if recorded {
            return FileOutcome::CreditRecorded {
                invoice: invoice.id(),
            };
        }
        let open = ledger
            .balance(invoice.id(), today)
            .map(|balance| balance.open)
            .unwrap_or_else(|_| Money::zero(invoice.details().currency()));
        (
            CreditTarget::Books(invoice.id()),
            invoice.details().currency(),
            open,
            invoice.status() == InvoiceStatus::Draft,
        )
    } else {
        let in_batch = file_of(files, preceding);
        let imported =
            in_batch.filter(|index| matches!(outcomes.get(*index), Some(FileOutcome::Add(_))));
        let Some((index, invoice)) = imported.and_then(|index| {
            files
                .get(index)
                .and_then(|file| file.as_ref().ok())
                .map(|invoice| (index, invoice))
        }) else {
            return FileOutcome::CreditUnlinked {
                preceding: Some(preceding.to_string()),
                in_batch,
            };
        };
        let open = invoice
            .owed()
            .checked_sub(invoice.prepaid.unwrap_or(Money::zero(invoice.currency)))
            .unwrap_or(invoice.owed());
        (CreditTarget::File(index), invoice.currency, open, false)
    };
    if draft {
        return FileOutcome::CreditRefused(CreditProblem::Draft);
    }
    if currency != credit.currency {
        return FileOutcome::CreditRefused(CreditProblem::Currency { invoice: currency });
    }
    if let Err(error) = AdjustmentDetails::new(
        InvoiceId::from_raw(0),
        AdjustmentKind::CreditNote,
        credit.issue_date,
        credit.gross,
        &credit.number,
    ) {
        return FileOutcome::CreditRefused(CreditProblem::Amount(error));
    }
    let before = credited
        .get(&target)
        .copied()
        .unwrap_or(Money::zero(currency));
    let left = open.checked_sub(before).unwrap_or(open);
    if credit.gross.amount() > left.amount() {
        return FileOutcome::CreditRefused(CreditProblem::OverOpen { open: left });
    }
    credited.insert(target, before.checked_add(credit.gross).unwrap_or(before));
    FileOutcome::Credit(target)
}

/// What an import of files did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    pub invoices: usize,
    pub credit_notes: usize,
    pub clients_created: usize,
    pub clients_matched: usize,
    /// Payments recorded from amounts paid in advance (BT-113).
    pub payments: usize,
    /// Files already in the books, or chosen twice.
    pub already: usize,
    /// Files left out (unreadable, not the user's, refused, waiting for a due date…).
    pub left_out: usize,
    /// The imported invoices' totals per currency.
    pub totals: Vec<Total>,
}

/// Imports `files` into `ledger` in one change: plans on `ledger` as it is, then adds the new
/// clients, the invoices and their advance payments, then the credit notes. On any error
/// `ledger` is unchanged.
pub fn import_files_into(
    ledger: &mut Ledger,
    files: &[Result<EInvoice, FileError>],
    answers: &Answers,
    you: &Letterhead,
    policy: Policy,
    defaults: &ImportDefaults,
) -> Result<FileReport, ImportError> {
    let plan = plan_files(ledger, files, answers, you, defaults);
    let problems = plan.problems();
    if policy == Policy::AllOrNothing && problems > 0 {
        return Err(ImportError::InvalidRows(problems));
    }
    if plan.invoices() + plan.credit_notes() == 0 {
        return Err(ImportError::Nothing);
    }
    let rows = rows_of(ledger, files, answers, you).rows;
    let mut books = ledger.clone();
    let mut report = FileReport {
        invoices: 0,
        credit_notes: 0,
        clients_created: 0,
        clients_matched: plan.matched_clients(),
        payments: 0,
        already: plan.already(),
        left_out: problems,
        totals: Vec::new(),
    };
    if plan.invoices() > 0 {
        let done = csv_plan::import_into(&mut books, &rows, Policy::ValidRows, defaults)?;
        report.invoices = done.invoices;
        report.clients_created = done.clients_created;
        report.payments = done.payments;
        report.totals = done.totals;
    }
    for (index, (outcome, file)) in plan.outcomes.iter().zip(files).enumerate() {
        let (FileOutcome::Credit(target), Ok(credit)) = (outcome, file) else {
            continue;
        };
        let line = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        let refused = |error: Refusal| ImportError::Refused { line, error };
        let invoice = match target {
            CreditTarget::Books(id) => *id,
            // Imported just above, under the number the credit note names.
            CreditTarget::File(_) => credit
                .preceding
                .as_deref()
                .and_then(|number| books.invoice_by_number(number))
                .map(|invoice| invoice.id())
                .ok_or(ImportError::Nothing)?,
        };
        let details = AdjustmentDetails::new(
            invoice,
            AdjustmentKind::CreditNote,
            credit.issue_date,
            credit.gross,
            &credit.number,
        )
        .map_err(|error| refused(Refusal::Field(error)))?;
        books
            .add_adjustment(details)
            .map_err(|error| refused(Refusal::Ledger(error)))?;
        report.credit_notes += 1;
    }
    *ledger = books;
    Ok(report)
}
