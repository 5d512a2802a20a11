//! The ledger aggregate: clients, invoices, payments, credit notes, the contact log and
//! payment plans. Every command checks everything first and changes nothing on `Err`.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::client::{Client, ClientDetails};
use super::contact::{ContactDetails, ContactEntry, StepKind};
use super::ids::{AdjustmentId, ClientId, ContactId, InvoiceId, PaymentId, PlanId};
use super::invoice::{Invoice, InvoiceDetails, InvoiceStatus};
use super::money::{Currency, Money, MoneyError};
use super::payment::{Adjustment, AdjustmentDetails, Payment, PaymentDetails};
use super::plan::{PaymentPlan, PlanError, PlanState, PlanTerms};
use super::shared_text::SharedText;
use crate::i18n::{Describe, Lang};

/// An invoice with what hangs off it, kept together so that reports read each invoice's
/// payments without a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InvoiceEntry {
    /// What the reports read for every invoice, kept small and inline so that a pass over
    /// the ledger touches little memory.
    hot: HotFields,
    /// Cached sums over every payment and credit note (see [`ReductionTotals`]).
    totals: Option<ReductionTotals>,
    /// The latest date each dunning step kind was done, over all linked contacts.
    steps: StepDates,
    /// Everything else, read on slower paths.
    cold: Box<ColdEntry>,
}

/// Copies of the invoice fields the reports read, refreshed on every change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HotFields {
    id: InvoiceId,
    client: ClientId,
    status: InvoiceStatus,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    gross: Money,
    has_plans: bool,
}

impl HotFields {
    /// The fields of `invoice`, which has the payment plans `plans`.
    fn of(invoice: &Invoice, plans: &[PlanId]) -> HotFields {
        HotFields {
            id: invoice.id(),
            client: invoice.client(),
            status: invoice.status(),
            issue_date: invoice.details().issue_date(),
            due_date: invoice.due_date(),
            gross: invoice.gross(),
            has_plans: !plans.is_empty(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ColdEntry {
    invoice: Invoice,
    /// Sorted by date, then id.
    payments: Vec<Payment>,
    /// Sorted by date, then id.
    adjustments: Vec<Adjustment>,
    /// Contact-log entries linked to this invoice, with their date and dunning step (copied
    /// here so that the ladder reads them without a lookup; entries never change once logged).
    contacts: Vec<LinkedContact>,
    /// Plans agreed on this invoice, oldest first.
    plans: Vec<PlanId>,
}

/// Cached sums over every payment and credit note of an invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ReductionTotals {
    paid: Decimal,
    credited: Decimal,
    /// The date of the last payment or credit note.
    last_date: Option<NaiveDate>,
    settled_on: Option<NaiveDate>,
}

/// Cached latest date per dunning step kind over every linked contact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StepDates {
    /// The date of the last linked contact.
    pub(crate) last_date: Option<NaiveDate>,
    /// Indexed like [`StepKind::ALL`].
    pub(crate) latest: [Option<NaiveDate>; 5],
}

impl StepDates {
    /// Takes `contact` into account.
    fn note(&mut self, contact: &LinkedContact) {
        self.last_date = self.last_date.max(Some(contact.date));
        if let Some(step) = contact.step
            && let Some(position) = StepKind::ALL.iter().position(|kind| *kind == step)
            && let Some(latest) = self.latest.get_mut(position)
        {
            *latest = (*latest).max(Some(contact.date));
        }
    }
}

/// A contact-log entry as seen from an invoice it is linked to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LinkedContact {
    pub(crate) id: ContactId,
    pub(crate) date: NaiveDate,
    pub(crate) step: Option<StepKind>,
}

/// What an invoice owes as of a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvoiceBalance {
    /// The invoiced amount, tax included.
    pub gross: Money,
    /// Credit notes and adjustments dated on or before the date.
    pub credited: Money,
    /// Payments dated on or before the date.
    pub paid: Money,
    /// `gross − credited − paid`, floored at zero.
    pub open: Money,
    /// What was paid or credited beyond `gross`: a credit on the client.
    pub overpaid: Money,
    /// The day the invoice became fully settled, if it is.
    pub settled_on: Option<NaiveDate>,
}

/// Where an invoice stands as of a date; "overdue", "partially paid" and "paid" are derived
/// here, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvoiceState {
    pub status: InvoiceStatus,
    pub balance: InvoiceBalance,
    /// `as_of − due date` in days: 0 on the due date, positive when late.
    pub days_past_due: i64,
}

impl InvoiceState {
    pub fn is_receivable(&self) -> bool {
        self.status.is_receivable()
    }
    pub fn is_paid(&self) -> bool {
        self.status != InvoiceStatus::Draft && self.balance.open.is_zero()
    }
    pub fn is_partially_paid(&self) -> bool {
        !self.is_paid() && (self.balance.paid.is_positive() || self.balance.credited.is_positive())
    }
    /// Owed, not settled, and past its due date.
    pub fn is_overdue(&self) -> bool {
        self.is_receivable() && self.balance.open.is_positive() && self.days_past_due > 0
    }

    /// Where the invoice stands, as every list says it: its stored status first (draft,
    /// disputed, written off), then paid, overdue, partly paid, in that order.
    pub fn standing(&self) -> Standing {
        match self.status {
            InvoiceStatus::Draft => Standing::Draft,
            InvoiceStatus::WrittenOff => Standing::WrittenOff,
            InvoiceStatus::Disputed => Standing::Disputed,
            InvoiceStatus::Sent if self.is_paid() => Standing::Paid,
            InvoiceStatus::Sent if self.is_overdue() => Standing::Overdue,
            InvoiceStatus::Sent if self.is_partially_paid() => Standing::PartiallyPaid,
            InvoiceStatus::Sent => Standing::NotDue,
        }
    }
}

/// Where an invoice stands as of a date ([`InvoiceState::standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Standing {
    Draft,
    /// Sent, nothing paid, not past its due date.
    NotDue,
    PartiallyPaid,
    Overdue,
    Paid,
    Disputed,
    WrittenOff,
}

/// Why a ledger command was refused. The ledger is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerError {
    UnknownClient(ClientId),
    UnknownInvoice(InvoiceId),
    UnknownPayment(PaymentId),
    UnknownAdjustment(AdjustmentId),
    UnknownContact(ContactId),
    UnknownPlan(PlanId),
    DuplicateInvoiceNumber {
        number: String,
    },
    /// Rebuilding a ledger: the same id twice.
    DuplicateId {
        id: u64,
    },
    CurrencyMismatch {
        number: String,
        invoice: Currency,
        given: Currency,
    },
    InvoiceIsDraft {
        number: String,
    },
    StatusChange {
        number: String,
        from: InvoiceStatus,
        to: InvoiceStatus,
    },
    InvoiceNotOfClient {
        number: String,
        client: String,
    },
    ClientHasRecords {
        name: String,
    },
    OnlyDraftsCanBeRemoved {
        number: String,
    },
    PlanAlreadyKept {
        number: String,
        plan: PlanId,
    },
    InvoiceNotReceivable {
        number: String,
    },
    Plan(PlanError),
    Money(MoneyError),
    IdsExhausted,
}

impl From<MoneyError> for LedgerError {
    fn from(error: MoneyError) -> LedgerError {
        LedgerError::Money(error)
    }
}

impl From<PlanError> for LedgerError {
    fn from(error: PlanError) -> LedgerError {
        LedgerError::Plan(error)
    }
}

pub(crate) fn status_fr(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "brouillon",
        InvoiceStatus::Sent => "envoyée",
        InvoiceStatus::Disputed => "contestée",
        InvoiceStatus::WrittenOff => "passée en perte",
    }
}

pub(crate) fn status_en(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "draft",
        InvoiceStatus::Sent => "sent",
        InvoiceStatus::Disputed => "disputed",
        InvoiceStatus::WrittenOff => "written off",
    }
}

impl Describe for LedgerError {
    fn describe(&self, lang: Lang) -> String {
        use LedgerError::*;
        let fr = lang == Lang::Fr;
        match self {
            UnknownClient(id) if fr => format!("Ce client n'existe pas (ou plus) : {id}."),
            UnknownClient(id) => format!("This client does not exist (any more): {id}."),
            UnknownInvoice(id) if fr => format!("Cette facture n'existe pas (ou plus) : {id}."),
            UnknownInvoice(id) => format!("This invoice does not exist (any more): {id}."),
            UnknownPayment(id) if fr => format!("Ce paiement n'existe pas (ou plus) : {id}."),
            UnknownPayment(id) => format!("This payment does not exist (any more): {id}."),
            UnknownAdjustment(id) if fr => format!("Cet avoir n'existe pas (ou plus) : {id}."),
            UnknownAdjustment(id) => format!("This credit note does not exist (any more): {id}."),
            UnknownContact(id) if fr => format!("Cet échange n'existe pas (ou plus) : {id}."),
            UnknownContact(id) => format!("This contact entry does not exist (any more): {id}."),
            UnknownPlan(id) if fr => format!("Cet échéancier n'existe pas (ou plus) : {id}."),
            UnknownPlan(id) => format!("This payment plan does not exist (any more): {id}."),
            DuplicateInvoiceNumber { number } if fr => {
                format!(
                    "Le numéro de facture « {number} » est déjà utilisé : chaque facture a un numéro unique."
                )
            }
            DuplicateInvoiceNumber { number } => {
                format!(
                    "The invoice number “{number}” is already used: each invoice has a unique number."
                )
            }
            DuplicateId { id } if fr => format!(
                "Les données enregistrées sont incohérentes : l'identifiant {id} apparaît deux fois."
            ),
            DuplicateId { id } => {
                format!("The saved data is inconsistent: the id {id} appears twice.")
            }
            CurrencyMismatch {
                number,
                invoice,
                given,
            } if fr => format!(
                "La facture {number} est en {invoice} : un montant en {given} ne peut pas s'y appliquer."
            ),
            CurrencyMismatch {
                number,
                invoice,
                given,
            } => format!(
                "Invoice {number} is in {invoice}: an amount in {given} cannot apply to it."
            ),
            InvoiceIsDraft { number } if fr => format!(
                "La facture {number} est un brouillon : envoyez-la avant d'y enregistrer un paiement, un avoir ou un échéancier."
            ),
            InvoiceIsDraft { number } => format!(
                "Invoice {number} is a draft: send it before recording a payment, credit note or plan against it."
            ),
            StatusChange { number, from, to } if fr => format!(
                "La facture {number} ne peut pas passer de « {} » à « {} »{}.",
                status_fr(*from),
                status_fr(*to),
                if *to == InvoiceStatus::Draft {
                    " : elle a déjà des paiements ou des avoirs"
                } else {
                    ""
                }
            ),
            StatusChange { number, from, to } => format!(
                "Invoice {number} cannot go from “{}” to “{}”{}.",
                status_en(*from),
                status_en(*to),
                if *to == InvoiceStatus::Draft {
                    ": it already has payments or credit notes"
                } else {
                    ""
                }
            ),
            InvoiceNotOfClient { number, client } if fr => {
                format!("La facture {number} n'est pas une facture de {client}.")
            }
            InvoiceNotOfClient { number, client } => {
                format!("Invoice {number} is not an invoice of {client}.")
            }
            ClientHasRecords { name } if fr => format!(
                "Le client {name} a des factures ou des échanges enregistrés : il ne peut pas être supprimé."
            ),
            ClientHasRecords { name } => {
                format!("The client {name} has invoices or contact entries: it cannot be removed.")
            }
            OnlyDraftsCanBeRemoved { number } if fr => format!(
                "La facture {number} a été envoyée : seuls les brouillons peuvent être supprimés (émettez plutôt un avoir)."
            ),
            OnlyDraftsCanBeRemoved { number } => format!(
                "Invoice {number} has been sent: only drafts can be removed (issue a credit note instead)."
            ),
            PlanAlreadyKept { number, plan } if fr => format!(
                "La facture {number} a déjà un échéancier en cours ({plan}) : annulez-le d'abord."
            ),
            PlanAlreadyKept { number, plan } => format!(
                "Invoice {number} already has a payment plan in progress ({plan}): cancel it first."
            ),
            InvoiceNotReceivable { number } if fr => format!(
                "La facture {number} n'est pas due (brouillon ou passée en perte) : pas d'échéancier possible."
            ),
            InvoiceNotReceivable { number } => format!(
                "Invoice {number} is not owed (draft or written off): no payment plan is possible."
            ),
            Plan(error) => error.describe(lang),
            Money(error) => error.describe(lang),
            IdsExhausted if fr => {
                "Le registre est plein : plus aucun identifiant disponible.".to_string()
            }
            IdsExhausted => "The ledger is full: no identifier is left.".to_string(),
        }
    }
}

/// Every stored part of a ledger, for a storage layer (see [`Ledger::from_parts`] and
/// [`Ledger::to_parts`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerParts {
    /// The next id to allocate; raised if below an id in use.
    pub next_id: u64,
    pub clients: Vec<Client>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub adjustments: Vec<Adjustment>,
    pub contacts: Vec<ContactEntry>,
    /// Each plan's id, terms, and the balance it split.
    pub plans: Vec<(PlanId, PlanTerms, Money)>,
}

/// A fast hasher for the ledger's own maps (ids, invoice numbers): FxHash's multiply and
/// rotate, a word at a time. Keys are the user's own data, not an attacker's, so SipHash's
/// protection buys nothing here, and it was a tenth of a large ledger's load time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(<[u8; 8]>::try_from(word).map_or(0, u64::from_le_bytes));
        }
        for byte in words.remainder() {
            self.add(u64::from(*byte));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }
}

pub(crate) type FastHash = BuildHasherDefault<FastHasher>;

/// While a ledger is rebuilt: which ids are taken, and where each invoice is among the
/// entries. Indexed by id when the ids are dense (they come from one counter), a hash map
/// otherwise. A slot holds [`IdSlots::TAKEN`], or an invoice's position + 2.
enum IdSlots {
    Dense { first: u64, slots: Vec<u32> },
    Sparse(HashMap<u64, u32, FastHash>),
}

impl IdSlots {
    const FREE: u32 = 0;
    const TAKEN: u32 = 1;

    /// For `count` records whose ids run from `lowest` to `highest`.
    fn new(count: usize, lowest: u64, highest: u64) -> IdSlots {
        let span = highest.saturating_sub(lowest);
        match usize::try_from(span) {
            Ok(span) if count > 0 && span / 8 <= count => IdSlots::Dense {
                first: lowest,
                slots: vec![IdSlots::FREE; span + 1],
            },
            _ => IdSlots::Sparse(HashMap::with_capacity_and_hasher(
                count,
                FastHash::default(),
            )),
        }
    }

    fn slot(&mut self, id: u64) -> Option<&mut u32> {
        match self {
            IdSlots::Dense { first, slots } => usize::try_from(id.checked_sub(*first)?)
                .ok()
                .and_then(|index| slots.get_mut(index)),
            IdSlots::Sparse(map) => Some(map.entry(id).or_insert(IdSlots::FREE)),
        }
    }

    /// Takes `id` (`value`: [`IdSlots::TAKEN`] or an invoice's position + 2); an error if it
    /// was already taken (an id out of the range given to [`IdSlots::new`] cannot be taken).
    fn claim(&mut self, id: u64, value: u32) -> Result<(), LedgerError> {
        match self.slot(id) {
            Some(slot) if *slot == IdSlots::FREE => {
                *slot = value;
                Ok(())
            }
            _ => Err(LedgerError::DuplicateId { id }),
        }
    }

    /// The positions of the invoices among the entries, by id; `None` for a hash map.
    fn invoices_by_id(&self) -> Option<impl Iterator<Item = usize> + '_> {
        match self {
            IdSlots::Dense { slots, .. } => {
                Some((slots.iter()).filter_map(|slot| usize::try_from(slot.checked_sub(2)?).ok()))
            }
            IdSlots::Sparse(_) => None,
        }
    }

    /// The position of invoice `id` among the entries.
    fn invoice(&self, id: InvoiceId) -> Option<usize> {
        let slot = match self {
            IdSlots::Dense { first, slots } => slots
                .get(usize::try_from(id.raw().checked_sub(*first)?).ok()?)
                .copied()?,
            IdSlots::Sparse(map) => map.get(&id.raw()).copied()?,
        };
        usize::try_from(slot.checked_sub(2)?).ok()
    }
}

/// The aggregate. Fields are private: read through the getters, change through commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    next_id: u64,
    clients: BTreeMap<ClientId, Client>,
    invoices: BTreeMap<InvoiceId, InvoiceEntry>,
    numbers: HashMap<SharedText, InvoiceId, FastHash>,
    payment_index: BTreeMap<PaymentId, InvoiceId>,
    adjustment_index: BTreeMap<AdjustmentId, InvoiceId>,
    contacts: BTreeMap<ContactId, ContactEntry>,
    plans: BTreeMap<PlanId, PaymentPlan>,
}

impl Default for Ledger {
    fn default() -> Ledger {
        Ledger::new()
    }
}

/// The invoice `invoice` among `entries`, by its position (while a ledger is rebuilt).
fn entry_at<'e>(
    slots: &IdSlots,
    entries: &'e mut [InvoiceEntry],
    invoice: InvoiceId,
) -> Result<&'e mut InvoiceEntry, LedgerError> {
    slots
        .invoice(invoice)
        .and_then(|position| entries.get_mut(position))
        .ok_or(LedgerError::UnknownInvoice(invoice))
}

/// The order of an invoice's payments: by date, then id.
fn payment_key(payment: &Payment) -> (NaiveDate, u64) {
    (payment.date(), payment.id().raw())
}

/// The order of an invoice's credit notes: by date, then id.
fn adjustment_key(item: &Adjustment) -> (NaiveDate, u64) {
    (item.date(), item.id().raw())
}

/// Sorted insertion by (date, id).
fn insert_sorted<T>(items: &mut Vec<T>, item: T, key: impl Fn(&T) -> (NaiveDate, u64)) {
    let item_key = key(&item);
    let position = items.partition_point(|existing| key(existing) <= item_key);
    items.insert(position, item);
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger {
            next_id: 1,
            clients: BTreeMap::new(),
            invoices: BTreeMap::new(),
            numbers: HashMap::default(),
            payment_index: BTreeMap::new(),
            adjustment_index: BTreeMap::new(),
            contacts: BTreeMap::new(),
            plans: BTreeMap::new(),
        }
    }

    // ----- reading -----

    /// The id the next record will get: above every id this ledger ever gave (a removed
    /// record's id is not given again). Stored, so that a reload or a backup gives it back.
    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    pub fn clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.values()
    }
    pub fn client(&self, id: ClientId) -> Option<&Client> {
        self.clients.get(&id)
    }
    pub fn invoices(&self) -> impl Iterator<Item = &Invoice> {
        self.invoices.values().map(|entry| &entry.cold.invoice)
    }
    pub fn invoice(&self, id: InvoiceId) -> Option<&Invoice> {
        self.invoices.get(&id).map(|entry| &entry.cold.invoice)
    }
    pub fn invoice_by_number(&self, number: &str) -> Option<&Invoice> {
        self.numbers
            .get(number.trim())
            .and_then(|id| self.invoice(*id))
    }
    pub fn invoices_of(&self, client: ClientId) -> impl Iterator<Item = &Invoice> {
        self.invoices()
            .filter(move |invoice| invoice.client() == client)
    }
    /// The payments of an invoice, by date.
    pub fn payments_of(&self, invoice: InvoiceId) -> &[Payment] {
        self.invoices
            .get(&invoice)
            .map(|entry| entry.cold.payments.as_slice())
            .unwrap_or(&[])
    }
    /// The credit notes and adjustments of an invoice, by date.
    pub fn adjustments_of(&self, invoice: InvoiceId) -> &[Adjustment] {
        self.invoices
            .get(&invoice)
            .map(|entry| entry.cold.adjustments.as_slice())
            .unwrap_or(&[])
    }
    pub fn payments(&self) -> impl Iterator<Item = &Payment> {
        self.invoices
            .values()
            .flat_map(|entry| entry.cold.payments.iter())
    }
    pub fn adjustments(&self) -> impl Iterator<Item = &Adjustment> {
        self.invoices
            .values()
            .flat_map(|entry| entry.cold.adjustments.iter())
    }
    pub fn contacts(&self) -> impl Iterator<Item = &ContactEntry> {
        self.contacts.values()
    }
    pub fn contact(&self, id: ContactId) -> Option<&ContactEntry> {
        self.contacts.get(&id)
    }
    pub fn contacts_of_client(&self, client: ClientId) -> impl Iterator<Item = &ContactEntry> {
        self.contacts
            .values()
            .filter(move |entry| entry.client() == client)
    }
    /// The contact-log entries linked to an invoice.
    pub fn contacts_of_invoice(&self, invoice: InvoiceId) -> impl Iterator<Item = &ContactEntry> {
        self.invoices
            .get(&invoice)
            .map(|entry| entry.cold.contacts.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|linked| self.contacts.get(&linked.id))
    }
    pub fn plans(&self) -> impl Iterator<Item = &PaymentPlan> {
        self.plans.values()
    }
    pub fn plan(&self, id: PlanId) -> Option<&PaymentPlan> {
        self.plans.get(&id)
    }
    /// The plans agreed on an invoice, oldest first.
    pub fn plans_of(&self, invoice: InvoiceId) -> impl Iterator<Item = &PaymentPlan> {
        self.invoices
            .get(&invoice)
            .map(|entry| entry.cold.plans.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|id| self.plans.get(id))
    }

    /// What an invoice owes as of `as_of`.
    pub fn balance(
        &self,
        invoice: InvoiceId,
        as_of: NaiveDate,
    ) -> Result<InvoiceBalance, LedgerError> {
        let entry = self
            .invoices
            .get(&invoice)
            .ok_or(LedgerError::UnknownInvoice(invoice))?;
        Ok(entry_balance(entry, as_of)?)
    }

    /// The balance computed from the payment and credit-note lists, ignoring the cached
    /// totals: tests check the two agree.
    #[cfg(test)]
    pub(crate) fn balance_by_scanning(
        &self,
        invoice: InvoiceId,
        as_of: NaiveDate,
    ) -> Option<InvoiceBalance> {
        let mut entry = self.invoices.get(&invoice)?.clone();
        entry.totals = None;
        entry_balance(&entry, as_of).ok()
    }

    /// Where an invoice stands as of `as_of`.
    pub fn state_of(
        &self,
        invoice: InvoiceId,
        as_of: NaiveDate,
    ) -> Result<InvoiceState, LedgerError> {
        let entry = self
            .invoices
            .get(&invoice)
            .ok_or(LedgerError::UnknownInvoice(invoice))?;
        Ok(entry_state(entry, as_of)?)
    }

    /// The state of an invoice's current plan as of `as_of`: the latest plan agreed on or
    /// before `as_of`, if any.
    pub fn current_plan_state(
        &self,
        invoice: InvoiceId,
        as_of: NaiveDate,
    ) -> Result<Option<PlanState>, LedgerError> {
        let entry = self
            .invoices
            .get(&invoice)
            .ok_or(LedgerError::UnknownInvoice(invoice))?;
        Ok(self.entry_plan_state(entry, as_of)?)
    }

    pub(crate) fn entry_plan_state(
        &self,
        entry: &InvoiceEntry,
        as_of: NaiveDate,
    ) -> Result<Option<PlanState>, MoneyError> {
        if !entry.hot.has_plans {
            return Ok(None);
        }
        let Some(plan) = entry
            .cold
            .plans
            .iter()
            .rev()
            .filter_map(|id| self.plans.get(id))
            .find(|plan| plan.terms().agreed_on() <= as_of)
        else {
            return Ok(None);
        };
        let reductions = merged_reductions(entry);
        plan.state(&reductions, as_of).map(Some)
    }

    /// Every invoice with its entry data, for the reports of this module.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &InvoiceEntry> {
        self.invoices.values()
    }

    /// Per-client overpayment credits as of
    /// `as_of`, by currency (only clients with a credit).
    pub fn client_credits(
        &self,
        as_of: NaiveDate,
    ) -> Result<BTreeMap<ClientId, BTreeMap<Currency, Money>>, LedgerError> {
        let mut credits: BTreeMap<ClientId, BTreeMap<Currency, Money>> = BTreeMap::new();
        for entry in self.invoices.values() {
            if entry.cold.invoice.status() == InvoiceStatus::Draft {
                continue;
            }
            let balance = entry_amounts(entry, as_of)?;
            if balance.overpaid.is_positive() {
                add_to(
                    credits.entry(entry.cold.invoice.client()).or_default(),
                    balance.overpaid,
                )?;
            }
        }
        Ok(credits)
    }

    // ----- commands -----

    fn allocate(&self) -> Result<(u64, u64), LedgerError> {
        let id = self.next_id;
        let next = id.checked_add(1).ok_or(LedgerError::IdsExhausted)?;
        Ok((id, next))
    }

    pub fn add_client(&mut self, details: ClientDetails) -> Result<ClientId, LedgerError> {
        let (raw, next) = self.allocate()?;
        let id = ClientId::from_raw(raw);
        self.clients.insert(id, Client::from_parts(id, details));
        self.next_id = next;
        Ok(id)
    }

    pub fn update_client(
        &mut self,
        id: ClientId,
        details: ClientDetails,
    ) -> Result<(), LedgerError> {
        let client = self
            .clients
            .get_mut(&id)
            .ok_or(LedgerError::UnknownClient(id))?;
        client.set_details(details);
        Ok(())
    }

    /// Whether [`Ledger::remove_client`] would remove the client, and if not, why (asked
    /// before offering the removal).
    pub fn check_client_removable(&self, id: ClientId) -> Result<(), LedgerError> {
        let client = self
            .clients
            .get(&id)
            .ok_or(LedgerError::UnknownClient(id))?;
        let has_records = self
            .invoices
            .values()
            .any(|entry| entry.cold.invoice.client() == id)
            || self.contacts.values().any(|entry| entry.client() == id);
        if has_records {
            return Err(LedgerError::ClientHasRecords {
                name: client.name().to_string(),
            });
        }
        Ok(())
    }

    /// Removes a client that has no invoice and no contact entry.
    pub fn remove_client(&mut self, id: ClientId) -> Result<(), LedgerError> {
        self.check_client_removable(id)?;
        self.clients.remove(&id);
        Ok(())
    }

    fn check_number_free(
        &self,
        number: &str,
        except: Option<InvoiceId>,
    ) -> Result<(), LedgerError> {
        match self.numbers.get(number) {
            Some(existing) if Some(*existing) != except => {
                Err(LedgerError::DuplicateInvoiceNumber {
                    number: number.to_string(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Adds an invoice (as a draft when `status` is `Draft`). Numbers are unique.
    pub fn add_invoice(
        &mut self,
        details: InvoiceDetails,
        status: InvoiceStatus,
    ) -> Result<InvoiceId, LedgerError> {
        if !self.clients.contains_key(&details.client()) {
            return Err(LedgerError::UnknownClient(details.client()));
        }
        self.check_number_free(details.number(), None)?;
        let (raw, next) = self.allocate()?;
        let id = InvoiceId::from_raw(raw);
        self.insert_invoice(Invoice::from_parts(id, details, status));
        self.next_id = next;
        Ok(id)
    }

    fn insert_invoice(&mut self, invoice: Invoice) {
        self.numbers
            .insert(invoice.details().shared_number().clone(), invoice.id());
        self.invoices
            .insert(invoice.id(), InvoiceEntry::new(invoice));
    }

    /// Replaces an invoice's data. Its currency cannot change once payments or credit notes
    /// are recorded, nor its client once contacts are linked.
    pub fn update_invoice(
        &mut self,
        id: InvoiceId,
        details: InvoiceDetails,
    ) -> Result<(), LedgerError> {
        if !self.clients.contains_key(&details.client()) {
            return Err(LedgerError::UnknownClient(details.client()));
        }
        self.check_number_free(details.number(), Some(id))?;
        let entry = self
            .invoices
            .get(&id)
            .ok_or(LedgerError::UnknownInvoice(id))?;
        let has_money = !(entry.cold.payments.is_empty()
            && entry.cold.adjustments.is_empty()
            && entry.cold.plans.is_empty());
        if has_money && details.currency() != entry.cold.invoice.currency() {
            return Err(LedgerError::CurrencyMismatch {
                number: entry.cold.invoice.number().to_string(),
                invoice: entry.cold.invoice.currency(),
                given: details.currency(),
            });
        }
        if !entry.cold.contacts.is_empty() && details.client() != entry.cold.invoice.client() {
            let client = self
                .clients
                .get(&details.client())
                .map(|client| client.name().to_string());
            return Err(LedgerError::InvoiceNotOfClient {
                number: entry.cold.invoice.number().to_string(),
                client: client.unwrap_or_default(),
            });
        }
        let old_number = entry.cold.invoice.details().shared_number().clone();
        let new_number = details.shared_number().clone();
        if let Some(entry) = self.invoices.get_mut(&id) {
            entry.cold.invoice.set_details(details);
            entry.refresh_hot();
        }
        self.numbers.remove(old_number.as_str());
        self.numbers.insert(new_number, id);
        Ok(())
    }

    /// Removes a draft invoice.
    pub fn remove_invoice(&mut self, id: InvoiceId) -> Result<(), LedgerError> {
        let entry = self
            .invoices
            .get(&id)
            .ok_or(LedgerError::UnknownInvoice(id))?;
        if entry.cold.invoice.status() != InvoiceStatus::Draft {
            return Err(LedgerError::OnlyDraftsCanBeRemoved {
                number: entry.cold.invoice.number().to_string(),
            });
        }
        let number = entry.cold.invoice.details().shared_number().clone();
        let linked: Vec<ContactId> = entry.cold.contacts.iter().map(|linked| linked.id).collect();
        self.invoices.remove(&id);
        self.numbers.remove(number.as_str());
        for contact in linked {
            if let Some(entry) = self.contacts.get_mut(&contact) {
                entry.unlink_invoice(id);
            }
        }
        Ok(())
    }

    /// Changes the stored status. Allowed: draft → sent; sent ↔ disputed; sent or disputed →
    /// written off; written off → sent; sent → draft only while nothing is recorded on it.
    pub fn set_status(&mut self, id: InvoiceId, status: InvoiceStatus) -> Result<(), LedgerError> {
        use InvoiceStatus::*;
        let entry = self
            .invoices
            .get(&id)
            .ok_or(LedgerError::UnknownInvoice(id))?;
        let from = entry.cold.invoice.status();
        let untouched = entry.cold.payments.is_empty()
            && entry.cold.adjustments.is_empty()
            && entry.cold.plans.is_empty();
        let allowed = from == status
            || matches!(
                (from, status),
                (Draft, Sent)
                    | (Sent, Disputed)
                    | (Disputed, Sent)
                    | (Sent | Disputed, WrittenOff)
                    | (WrittenOff, Sent)
            )
            || (from == Sent && status == Draft && untouched);
        if !allowed {
            return Err(LedgerError::StatusChange {
                number: entry.cold.invoice.number().to_string(),
                from,
                to: status,
            });
        }
        if let Some(entry) = self.invoices.get_mut(&id) {
            entry.cold.invoice.set_status(status);
            entry.refresh_hot();
        }
        Ok(())
    }

    fn check_money_on(&self, invoice: InvoiceId, amount: Money) -> Result<(), LedgerError> {
        let entry = self
            .invoices
            .get(&invoice)
            .ok_or(LedgerError::UnknownInvoice(invoice))?;
        entry.check_money(amount)
    }

    /// Records a payment on a sent, disputed or written-off invoice. A payment beyond what is
    /// owed is kept in full: the excess shows as a credit on the client.
    pub fn record_payment(&mut self, details: PaymentDetails) -> Result<PaymentId, LedgerError> {
        self.check_money_on(details.invoice(), details.amount())?;
        let (raw, next) = self.allocate()?;
        let id = PaymentId::from_raw(raw);
        self.insert_payment(Payment::from_parts(id, details));
        self.next_id = next;
        Ok(id)
    }

    fn insert_payment(&mut self, payment: Payment) {
        self.payment_index.insert(payment.id(), payment.invoice());
        if let Some(entry) = self.invoices.get_mut(&payment.invoice()) {
            insert_sorted(&mut entry.cold.payments, payment, payment_key);
            entry.refresh_totals();
        }
    }

    pub fn remove_payment(&mut self, id: PaymentId) -> Result<(), LedgerError> {
        let invoice = *self
            .payment_index
            .get(&id)
            .ok_or(LedgerError::UnknownPayment(id))?;
        if let Some(entry) = self.invoices.get_mut(&invoice) {
            entry.cold.payments.retain(|payment| payment.id() != id);
            entry.refresh_totals();
        }
        self.payment_index.remove(&id);
        Ok(())
    }

    /// Records a credit note or adjustment, which reduces what the invoice owes.
    pub fn add_adjustment(
        &mut self,
        details: AdjustmentDetails,
    ) -> Result<AdjustmentId, LedgerError> {
        self.check_money_on(details.invoice(), details.amount())?;
        let (raw, next) = self.allocate()?;
        let id = AdjustmentId::from_raw(raw);
        self.insert_adjustment(Adjustment::from_parts(id, details));
        self.next_id = next;
        Ok(id)
    }

    fn insert_adjustment(&mut self, adjustment: Adjustment) {
        self.adjustment_index
            .insert(adjustment.id(), adjustment.invoice());
        if let Some(entry) = self.invoices.get_mut(&adjustment.invoice()) {
            insert_sorted(&mut entry.cold.adjustments, adjustment, adjustment_key);
            entry.refresh_totals();
        }
    }

    pub fn remove_adjustment(&mut self, id: AdjustmentId) -> Result<(), LedgerError> {
        let invoice = *self
            .adjustment_index
            .get(&id)
            .ok_or(LedgerError::UnknownAdjustment(id))?;
        if let Some(entry) = self.invoices.get_mut(&invoice) {
            entry.cold.adjustments.retain(|item| item.id() != id);
            entry.refresh_totals();
        }
        self.adjustment_index.remove(&id);
        Ok(())
    }

    fn check_contact(&self, details: &ContactDetails) -> Result<(), LedgerError> {
        let client = self
            .clients
            .get(&details.client())
            .ok_or(LedgerError::UnknownClient(details.client()))?;
        for invoice in details.invoices() {
            let entry = self
                .invoices
                .get(invoice)
                .ok_or(LedgerError::UnknownInvoice(*invoice))?;
            if entry.cold.invoice.client() != details.client() {
                return Err(LedgerError::InvoiceNotOfClient {
                    number: entry.cold.invoice.number().to_string(),
                    client: client.name().to_string(),
                });
            }
        }
        Ok(())
    }

    /// Logs an exchange with a client; linked invoices must be the client's.
    pub fn log_contact(&mut self, details: ContactDetails) -> Result<ContactId, LedgerError> {
        self.check_contact(&details)?;
        let (raw, next) = self.allocate()?;
        let id = ContactId::from_raw(raw);
        self.insert_contact(ContactEntry::from_parts(id, details));
        self.next_id = next;
        Ok(id)
    }

    fn insert_contact(&mut self, entry: ContactEntry) {
        for invoice in entry.details().invoices() {
            if let Some(invoice_entry) = self.invoices.get_mut(invoice) {
                invoice_entry.cold.contacts.push(LinkedContact {
                    id: entry.id(),
                    date: entry.date(),
                    step: entry.step(),
                });
                invoice_entry.refresh_steps();
            }
        }
        self.contacts.insert(entry.id(), entry);
    }

    pub fn remove_contact(&mut self, id: ContactId) -> Result<(), LedgerError> {
        let entry = self
            .contacts
            .remove(&id)
            .ok_or(LedgerError::UnknownContact(id))?;
        for invoice in entry.details().invoices() {
            if let Some(invoice_entry) = self.invoices.get_mut(invoice) {
                invoice_entry
                    .cold
                    .contacts
                    .retain(|contact| contact.id != id);
                invoice_entry.refresh_steps();
            }
        }
        Ok(())
    }

    /// Agrees a payment plan on an owed invoice: its open balance on the agreement date is
    /// split into installments. Refused while another plan on the invoice is kept.
    pub fn agree_plan(&mut self, terms: PlanTerms) -> Result<PlanId, LedgerError> {
        let entry = self
            .invoices
            .get(&terms.invoice())
            .ok_or(LedgerError::UnknownInvoice(terms.invoice()))?;
        let number = || entry.cold.invoice.number().to_string();
        match entry.cold.invoice.status() {
            InvoiceStatus::Draft => return Err(LedgerError::InvoiceIsDraft { number: number() }),
            InvoiceStatus::WrittenOff => {
                return Err(LedgerError::InvoiceNotReceivable { number: number() });
            }
            InvoiceStatus::Sent | InvoiceStatus::Disputed => {}
        }
        if let Some(state) = self.entry_plan_state(entry, terms.agreed_on())?
            && state.status == super::plan::PlanStatus::Kept
        {
            return Err(LedgerError::PlanAlreadyKept {
                number: number(),
                plan: state.plan,
            });
        }
        let balance = entry_balance(entry, terms.agreed_on())?.open;
        let (raw, next) = self.allocate()?;
        let id = PlanId::from_raw(raw);
        let plan = PaymentPlan::split(id, terms, balance)?;
        self.insert_plan(plan);
        self.next_id = next;
        Ok(id)
    }

    fn insert_plan(&mut self, plan: PaymentPlan) {
        if let Some(entry) = self.invoices.get_mut(&plan.invoice()) {
            let agreed_on = plan.terms().agreed_on();
            let plans = &self.plans;
            let position = entry.cold.plans.partition_point(|id| {
                plans.get(id).is_some_and(|existing| {
                    (existing.terms().agreed_on(), existing.id()) <= (agreed_on, plan.id())
                })
            });
            entry.cold.plans.insert(position, plan.id());
            entry.refresh_hot();
        }
        self.plans.insert(plan.id(), plan);
    }

    /// Cancels (deletes) a plan, for instance one entered by mistake.
    pub fn cancel_plan(&mut self, id: PlanId) -> Result<(), LedgerError> {
        let plan = self.plans.remove(&id).ok_or(LedgerError::UnknownPlan(id))?;
        if let Some(entry) = self.invoices.get_mut(&plan.invoice()) {
            entry.cold.plans.retain(|plan_id| *plan_id != id);
            entry.refresh_hot();
        }
        Ok(())
    }

    // ----- storage -----

    /// Rebuilds a ledger from stored parts, checking everything the commands check (known
    /// clients and invoices, unique ids and numbers, currencies, links).
    pub fn from_parts(parts: LedgerParts) -> Result<Ledger, LedgerError> {
        // The same checks, in the same order, as adding each record by its command (so the
        // same error for the same parts), but faster for large ledgers: ids are claimed in a
        // table rather than a hash set, the invoices found by position while their lists
        // fill, each invoice's cached sums computed once at the end, and the two large maps
        // built in one go.
        let LedgerParts {
            next_id,
            clients,
            invoices,
            payments,
            adjustments,
            contacts,
            plans,
        } = parts;
        let mut ledger = Ledger::new();
        let records = clients.len()
            + invoices.len()
            + payments.len()
            + adjustments.len()
            + contacts.len()
            + plans.len();
        let ids = (clients.iter().map(|client| client.id().raw()))
            .chain(invoices.iter().map(|invoice| invoice.id().raw()))
            .chain(payments.iter().map(|payment| payment.id().raw()))
            .chain(adjustments.iter().map(|item| item.id().raw()))
            .chain(contacts.iter().map(|contact| contact.id().raw()))
            .chain(plans.iter().map(|(id, _, _)| id.raw()));
        let (lowest, highest) =
            ids.fold((u64::MAX, 0), |(low, high), id| (low.min(id), high.max(id)));
        let mut slots = IdSlots::new(records, lowest, highest);
        for client in clients {
            slots.claim(client.id().raw(), IdSlots::TAKEN)?;
            ledger.clients.insert(client.id(), client);
        }
        // The invoices by position while their lists fill.
        let mut entries: Vec<InvoiceEntry> = Vec::with_capacity(invoices.len());
        ledger.numbers.reserve(invoices.len());
        for invoice in invoices {
            let slot = u32::try_from(entries.len() + 2).map_err(|_| LedgerError::IdsExhausted)?;
            slots.claim(invoice.id().raw(), slot)?;
            if !ledger.clients.contains_key(&invoice.client()) {
                return Err(LedgerError::UnknownClient(invoice.client()));
            }
            // As `check_number_free`, hashing the number once.
            match ledger
                .numbers
                .entry(invoice.details().shared_number().clone())
            {
                std::collections::hash_map::Entry::Occupied(_) => {
                    return Err(LedgerError::DuplicateInvoiceNumber {
                        number: invoice.number().to_string(),
                    });
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(invoice.id());
                }
            }
            entries.push(InvoiceEntry::new(invoice));
        }
        // Each payment and credit note in its place by (date, id), as the commands keep them;
        // the cached sums once per invoice, at the end.
        for payment in payments {
            slots.claim(payment.id().raw(), IdSlots::TAKEN)?;
            let entry = entry_at(&slots, &mut entries, payment.invoice())?;
            entry.check_money(payment.amount())?;
            ledger.payment_index.insert(payment.id(), payment.invoice());
            insert_sorted(&mut entry.cold.payments, payment, payment_key);
        }
        for adjustment in adjustments {
            slots.claim(adjustment.id().raw(), IdSlots::TAKEN)?;
            let entry = entry_at(&slots, &mut entries, adjustment.invoice())?;
            entry.check_money(adjustment.amount())?;
            ledger
                .adjustment_index
                .insert(adjustment.id(), adjustment.invoice());
            insert_sorted(&mut entry.cold.adjustments, adjustment, adjustment_key);
        }
        let mut contact_list = Vec::with_capacity(contacts.len());
        for contact in contacts {
            slots.claim(contact.id().raw(), IdSlots::TAKEN)?;
            // As `check_contact`, linking each invoice once it is checked (on an error the
            // whole ledger is dropped).
            let client = ledger
                .clients
                .get(&contact.client())
                .ok_or(LedgerError::UnknownClient(contact.client()))?;
            for invoice in contact.details().invoices() {
                let entry = entry_at(&slots, &mut entries, *invoice)?;
                if entry.client() != contact.client() {
                    return Err(LedgerError::InvoiceNotOfClient {
                        number: entry.cold.invoice.number().to_string(),
                        client: client.name().to_string(),
                    });
                }
                entry.link(LinkedContact {
                    id: contact.id(),
                    date: contact.date(),
                    step: contact.step(),
                });
            }
            contact_list.push((contact.id(), contact));
        }
        for entry in &mut entries {
            if !(entry.cold.payments.is_empty() && entry.cold.adjustments.is_empty()) {
                entry.refresh_totals();
            }
        }
        // The two large maps built in one go (`from_iter` sorts, then fills each node once:
        // several times faster than inserting the records one by one). The invoices are given
        // in id order when the table of ids has it (moving them once rather than while
        // sorting); the contacts come by id.
        let mut entries: Vec<Option<InvoiceEntry>> = entries.into_iter().map(Some).collect();
        let by_id: Vec<(InvoiceId, InvoiceEntry)> = match slots.invoices_by_id() {
            Some(positions) => positions
                .filter_map(|at| entries.get_mut(at)?.take())
                .map(|entry| (entry.id(), entry))
                .collect(),
            None => (entries.into_iter().flatten())
                .map(|entry| (entry.id(), entry))
                .collect(),
        };
        ledger.invoices = by_id.into_iter().collect();
        ledger.contacts = contact_list.into_iter().collect();
        for (id, terms, balance) in plans {
            slots.claim(id.raw(), IdSlots::TAKEN)?;
            let entry = ledger
                .invoices
                .get(&terms.invoice())
                .ok_or(LedgerError::UnknownInvoice(terms.invoice()))?;
            if balance.currency() != entry.cold.invoice.currency() {
                return Err(LedgerError::CurrencyMismatch {
                    number: entry.cold.invoice.number().to_string(),
                    invoice: entry.cold.invoice.currency(),
                    given: balance.currency(),
                });
            }
            let plan = PaymentPlan::split(id, terms, balance)?;
            ledger.insert_plan(plan);
        }
        let after_highest = (highest.checked_add(1)).ok_or(LedgerError::IdsExhausted)?;
        ledger.next_id = next_id.max(after_highest);
        Ok(ledger)
    }

    /// Every stored part, for a storage layer.
    pub fn to_parts(&self) -> LedgerParts {
        LedgerParts {
            next_id: self.next_id,
            clients: self.clients.values().cloned().collect(),
            invoices: self.invoices().cloned().collect(),
            payments: self.payments().cloned().collect(),
            adjustments: self.adjustments().cloned().collect(),
            contacts: self.contacts.values().cloned().collect(),
            plans: self
                .plans
                .values()
                .map(|plan| (plan.id(), plan.terms(), plan.balance()))
                .collect(),
        }
    }
}

impl InvoiceEntry {
    /// A new invoice, nothing recorded on it yet.
    fn new(invoice: Invoice) -> InvoiceEntry {
        InvoiceEntry {
            hot: HotFields::of(&invoice, &[]),
            totals: Some(ReductionTotals::default()),
            steps: StepDates::default(),
            cold: Box::new(ColdEntry {
                invoice,
                payments: Vec::new(),
                adjustments: Vec::new(),
                contacts: Vec::new(),
                plans: Vec::new(),
            }),
        }
    }

    /// Whether a payment or credit note of `amount` may be recorded on this invoice.
    fn check_money(&self, amount: Money) -> Result<(), LedgerError> {
        // The status and currency from the hot copy (always the invoice's).
        let number = || self.cold.invoice.number().to_string();
        if self.status() == InvoiceStatus::Draft {
            return Err(LedgerError::InvoiceIsDraft { number: number() });
        }
        let currency = self.gross().currency();
        if amount.currency() != currency {
            return Err(LedgerError::CurrencyMismatch {
                number: number(),
                invoice: currency,
                given: amount.currency(),
            });
        }
        Ok(())
    }

    fn refresh_hot(&mut self) {
        self.hot = HotFields::of(&self.cold.invoice, &self.cold.plans);
    }

    pub(crate) fn id(&self) -> InvoiceId {
        self.hot.id
    }
    pub(crate) fn client(&self) -> ClientId {
        self.hot.client
    }
    pub(crate) fn status(&self) -> InvoiceStatus {
        self.hot.status
    }
    pub(crate) fn issue_date(&self) -> NaiveDate {
        self.hot.issue_date
    }
    pub(crate) fn due_date(&self) -> NaiveDate {
        self.hot.due_date
    }
    pub(crate) fn gross(&self) -> Money {
        self.hot.gross
    }

    /// Recomputes the cached totals (`None` if they cannot be summed: the reports then
    /// read the lists).
    fn refresh_totals(&mut self) {
        let paid = self
            .cold
            .payments
            .iter()
            .try_fold(Decimal::ZERO, |total, payment| {
                total.checked_add(payment.amount().amount())
            });
        let credited = self
            .cold
            .adjustments
            .iter()
            .try_fold(Decimal::ZERO, |total, item| {
                total.checked_add(item.amount().amount())
            });
        let last_date = self
            .cold
            .payments
            .last()
            .map(Payment::date)
            .max(self.cold.adjustments.last().map(Adjustment::date));
        self.totals = None;
        let settled_on = settlement_date_scan(self, super::calendar::LAST_DATE)
            .ok()
            .flatten();
        self.totals = match (paid, credited) {
            (Some(paid), Some(credited)) => Some(ReductionTotals {
                paid,
                credited,
                last_date,
                settled_on,
            }),
            _ => None,
        };
    }

    fn refresh_steps(&mut self) {
        let mut steps = StepDates::default();
        for contact in &self.cold.contacts {
            steps.note(contact);
        }
        self.steps = steps;
    }

    /// Links a contact (logged after those already linked), updating the step dates as
    /// [`InvoiceEntry::refresh_steps`] would.
    fn link(&mut self, contact: LinkedContact) {
        self.steps.note(&contact);
        self.cold.contacts.push(contact);
    }

    /// The cached step dates, when they hold as of `as_of` (no linked contact after it).
    pub(crate) fn step_dates(&self, as_of: NaiveDate) -> Option<&StepDates> {
        self.steps
            .last_date
            .is_none_or(|last| last <= as_of)
            .then_some(&self.steps)
    }

    /// The cached totals, when they hold as of `as_of`.
    fn totals_as_of(&self, as_of: NaiveDate) -> Option<ReductionTotals> {
        self.totals
            .filter(|totals| totals.last_date.is_none_or(|last| last <= as_of))
    }

    pub(crate) fn linked_contacts(&self) -> &[LinkedContact] {
        &self.cold.contacts
    }
    pub(crate) fn has_plans(&self) -> bool {
        self.hot.has_plans
    }
}

/// Adds `amount` to its currency's line of `totals`.
pub(crate) fn add_to(
    totals: &mut BTreeMap<Currency, Money>,
    amount: Money,
) -> Result<(), MoneyError> {
    let line = totals
        .entry(amount.currency())
        .or_insert_with(|| Money::zero(amount.currency()));
    *line = line.checked_add(amount)?;
    Ok(())
}

/// Payments and credit notes of an invoice merged by date.
fn merged_reductions(entry: &InvoiceEntry) -> Vec<(NaiveDate, Money)> {
    let mut merged: Vec<(NaiveDate, Money)> = entry
        .cold
        .payments
        .iter()
        .map(|payment| (payment.date(), payment.amount()))
        .chain(
            entry
                .cold
                .adjustments
                .iter()
                .map(|item| (item.date(), item.amount())),
        )
        .collect();
    merged.sort_by_key(|(date, _)| *date);
    merged
}

/// What an invoice owes as of `as_of`, with its settlement date.
pub(crate) fn entry_balance(
    entry: &InvoiceEntry,
    as_of: NaiveDate,
) -> Result<InvoiceBalance, MoneyError> {
    let mut balance = entry_amounts(entry, as_of)?;
    if balance.open.is_zero() {
        balance.settled_on = settlement_date(entry, as_of)?;
    }
    Ok(balance)
}

/// What an invoice owes as of `as_of`, without looking for the settlement date
/// (`settled_on` is `None`): the fast path of the reports. Sums are taken on the decimal
/// amounts (the ledger guarantees one currency per invoice), then made money once.
pub(crate) fn entry_amounts(
    entry: &InvoiceEntry,
    as_of: NaiveDate,
) -> Result<InvoiceBalance, MoneyError> {
    let gross = entry.gross();
    if let Some(totals) = entry.totals_as_of(as_of) {
        return amounts_from(gross, totals.paid, totals.credited);
    }
    let mut paid = Decimal::ZERO;
    for payment in entry
        .cold
        .payments
        .iter()
        .take_while(|payment| payment.date() <= as_of)
    {
        paid = paid
            .checked_add(payment.amount().amount())
            .ok_or(MoneyError::Overflow)?;
    }
    let mut credited = Decimal::ZERO;
    for item in entry
        .cold
        .adjustments
        .iter()
        .take_while(|item| item.date() <= as_of)
    {
        credited = credited
            .checked_add(item.amount().amount())
            .ok_or(MoneyError::Overflow)?;
    }
    amounts_from(gross, paid, credited)
}

fn amounts_from(
    gross: Money,
    paid: Decimal,
    credited: Decimal,
) -> Result<InvoiceBalance, MoneyError> {
    let currency = gross.currency();
    let zero = Money::zero(currency);
    let remaining = gross
        .amount()
        .checked_sub(paid)
        .and_then(|rest| rest.checked_sub(credited))
        .ok_or(MoneyError::Overflow)?;
    let (open, overpaid) = if remaining.is_sign_positive() && !remaining.is_zero() {
        (Money::new(remaining, currency), zero)
    } else {
        (zero, Money::new(-remaining, currency))
    };
    Ok(InvoiceBalance {
        gross,
        credited: Money::new(credited, currency),
        paid: Money::new(paid, currency),
        open,
        overpaid,
        settled_on: None,
    })
}

/// The day the payments and credit notes dated on or before `as_of` first covered the
/// invoice.
pub(crate) fn settlement_date(
    entry: &InvoiceEntry,
    as_of: NaiveDate,
) -> Result<Option<NaiveDate>, MoneyError> {
    match entry.totals_as_of(as_of) {
        Some(totals) => Ok(totals.settled_on),
        None => settlement_date_scan(entry, as_of),
    }
}

fn settlement_date_scan(
    entry: &InvoiceEntry,
    as_of: NaiveDate,
) -> Result<Option<NaiveDate>, MoneyError> {
    let gross = entry.gross();
    let mut running = Money::zero(gross.currency());
    let (mut payments, mut adjustments) = (
        entry.cold.payments.iter().peekable(),
        entry.cold.adjustments.iter().peekable(),
    );
    loop {
        let next = match (payments.peek(), adjustments.peek()) {
            (Some(payment), Some(item)) if payment.date() <= item.date() => payments
                .next()
                .map(|payment| (payment.date(), payment.amount())),
            (Some(_), Some(_)) | (None, Some(_)) => {
                adjustments.next().map(|item| (item.date(), item.amount()))
            }
            (Some(_), None) => payments
                .next()
                .map(|payment| (payment.date(), payment.amount())),
            (None, None) => None,
        };
        let Some((date, amount)) = next else {
            return Ok(None);
        };
        if date > as_of {
            return Ok(None);
        }
        running = running.checked_add(amount)?;
        if running.checked_cmp(gross)?.is_ge() {
            return Ok(Some(date));
        }
    }
}

pub(crate) fn entry_state(
    entry: &InvoiceEntry,
    as_of: NaiveDate,
) -> Result<InvoiceState, MoneyError> {
    Ok(InvoiceState {
        status: entry.cold.invoice.status(),
        balance: entry_balance(entry, as_of)?,
        days_past_due: super::calendar::days_from(entry.cold.invoice.due_date(), as_of),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::tests::Builder;
    use crate::domain::calendar::test_support::date;
    use crate::domain::contact::Channel;
    use crate::domain::invoice::{InvoiceAmount, PenaltyClause};
    use crate::domain::party::{ClientKind, Country};
    use crate::domain::payment::{AdjustmentKind, PaymentMethod};
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod};
    use crate::domain::terms::PaymentTerms;
    use rust_decimal_macros::dec;

    fn eur(amount: rust_decimal::Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    fn details(builder: &Builder, number: &str, currency: Currency) -> InvoiceDetails {
        let amount = InvoiceAmount::from_net(Money::new(dec!(100), currency), dec!(20));
        let Ok(amount) = amount else {
            panic!("{amount:?}")
        };
        let details = InvoiceDetails::new(
            number,
            builder.client,
            date("2026-01-15"),
            amount,
            PaymentTerms::default(),
            None,
            PenaltyClause::FrB2b,
        );
        match details {
            Ok(details) => details,
            Err(error) => panic!("{error:?}"),
        }
    }

    fn payment(invoice: InvoiceId, day: &str, amount: Money) -> PaymentDetails {
        match PaymentDetails::new(invoice, date(day), amount, PaymentMethod::Cheque, "n° 1234") {
            Ok(details) => details,
            Err(error) => panic!("{error:?}"),
        }
    }

    /// Runs a command that must fail and checks the ledger did not change.
    #[track_caller]
    fn refused<T: std::fmt::Debug>(
        ledger: &mut Ledger,
        command: impl FnOnce(&mut Ledger) -> Result<T, LedgerError>,
    ) -> LedgerError {
        let before = ledger.clone();
        match command(ledger) {
            Ok(value) => panic!("accepted: {value:?}"),
            Err(error) => {
                assert_eq!(*ledger, before, "the ledger changed on {error:?}");
                for lang in Lang::ALL {
                    assert!(!error.describe(lang).is_empty());
                }
                error
            }
        }
    }

    #[test]
    fn invoice_numbers_are_unique_and_refusals_change_nothing() {
        let mut builder = Builder::new();
        let first = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), InvoiceStatus::Sent);
        assert!(first.is_ok());
        let duplicate = details(&builder, " F-1 ", Currency::Eur);
        let error = refused(&mut builder.ledger, |ledger| {
            ledger.add_invoice(duplicate, InvoiceStatus::Sent)
        });
        assert_eq!(
            error,
            LedgerError::DuplicateInvoiceNumber {
                number: "F-1".into()
            }
        );
        assert!(error.describe(Lang::Fr).contains("F-1"));
        assert_eq!(
            builder.ledger.invoice_by_number("F-1").map(Invoice::id),
            first.ok()
        );
        let stranger = InvoiceDetails::new(
            "F-2",
            ClientId::from_raw(999),
            date("2026-01-15"),
            details(&builder, "x", Currency::Eur).amount(),
            PaymentTerms::default(),
            None,
            PenaltyClause::None,
        );
        let Ok(stranger) = stranger else {
            panic!("{stranger:?}")
        };
        refused(&mut builder.ledger, |ledger| {
            ledger.add_invoice(stranger, InvoiceStatus::Sent)
        });
    }

    #[test]
    fn payments_need_a_sent_invoice_in_the_same_currency() {
        let mut builder = Builder::new();
        let draft = builder.ledger.add_invoice(
            details(&builder, "D-1", Currency::Eur),
            InvoiceStatus::Draft,
        );
        let Ok(draft) = draft else {
            panic!("{draft:?}")
        };
        let error = refused(&mut builder.ledger, |ledger| {
            ledger.record_payment(payment(draft, "2026-02-01", eur(dec!(10))))
        });
        assert_eq!(
            error,
            LedgerError::InvoiceIsDraft {
                number: "D-1".into()
            }
        );
        assert!(
            builder
                .ledger
                .set_status(draft, InvoiceStatus::Sent)
                .is_ok()
        );
        let pounds = Money::new(dec!(10), Currency::Gbp);
        let error = refused(&mut builder.ledger, |ledger| {
            ledger.record_payment(payment(draft, "2026-02-01", pounds))
        });
        assert!(matches!(error, LedgerError::CurrencyMismatch { .. }));
        assert!(
            builder
                .ledger
                .record_payment(payment(draft, "2026-02-01", eur(dec!(10))))
                .is_ok()
        );
        refused(&mut builder.ledger, |ledger| {
            ledger.remove_payment(PaymentId::from_raw(12345))
        });
    }

    #[test]
    fn derived_status_follows_payments_and_dates() {
        let mut builder = Builder::new();
        let id = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), InvoiceStatus::Sent);
        let Ok(id) = id else { panic!("{id:?}") };
        // 120.00 due 2026-02-14.
        let state = |ledger: &Ledger, day: &str| match ledger.state_of(id, date(day)) {
            Ok(state) => state,
            Err(error) => panic!("{error:?}"),
        };
        assert!(!state(&builder.ledger, "2026-02-14").is_overdue());
        assert!(state(&builder.ledger, "2026-02-15").is_overdue());
        assert!(
            builder
                .ledger
                .record_payment(payment(id, "2026-02-20", eur(dec!(50))))
                .is_ok()
        );
        assert!(state(&builder.ledger, "2026-02-20").is_partially_paid());
        assert!(
            builder
                .ledger
                .record_payment(payment(id, "2026-02-25", eur(dec!(100))))
                .is_ok()
        );
        let paid = state(&builder.ledger, "2026-03-01");
        assert!(paid.is_paid() && !paid.is_overdue());
        assert_eq!(paid.balance.settled_on, Some(date("2026-02-25")));
        // 30.00 overpaid: a credit on the client, not lost.
        assert_eq!(paid.balance.overpaid, eur(dec!(30)));
        assert_eq!(
            builder
                .ledger
                .client_credits(date("2026-03-01"))
                .ok()
                .and_then(|credits| credits
                    .get(&builder.client)
                    .and_then(|credits| credits.get(&Currency::Eur))
                    .copied()),
            Some(eur(dec!(30)))
        );
    }

    #[test]
    fn status_changes_follow_the_allowed_transitions() {
        use InvoiceStatus::*;
        let cases = [
            (Draft, Sent, true),
            (Draft, Disputed, false),
            (Draft, WrittenOff, false),
            (Sent, Disputed, true),
            (Sent, WrittenOff, true),
            (Sent, Draft, true),
            (Disputed, Sent, true),
            (Disputed, WrittenOff, true),
            (Disputed, Draft, false),
            (WrittenOff, Sent, true),
            (WrittenOff, Disputed, false),
            (WrittenOff, Draft, false),
        ];
        for (from, to, allowed) in cases {
            let mut builder = Builder::new();
            let id = builder
                .ledger
                .add_invoice(details(&builder, "F-1", Currency::Eur), from);
            let Ok(id) = id else { panic!("{id:?}") };
            if allowed {
                assert_eq!(
                    builder.ledger.set_status(id, to),
                    Ok(()),
                    "{from:?} → {to:?}"
                );
                assert_eq!(builder.ledger.invoice(id).map(Invoice::status), Some(to));
            } else {
                let error = refused(&mut builder.ledger, |ledger| ledger.set_status(id, to));
                assert!(
                    matches!(error, LedgerError::StatusChange { .. }),
                    "{from:?} → {to:?}"
                );
            }
        }
        // Back to draft is refused once a payment is recorded.
        let mut builder = Builder::new();
        let id = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), Sent);
        let Ok(id) = id else { panic!("{id:?}") };
        assert!(
            builder
                .ledger
                .record_payment(payment(id, "2026-02-01", eur(dec!(1))))
                .is_ok()
        );
        refused(&mut builder.ledger, |ledger| ledger.set_status(id, Draft));
        refused(&mut builder.ledger, |ledger| ledger.remove_invoice(id));
    }

    #[test]
    fn contacts_link_only_the_clients_own_invoices() {
        let mut builder = Builder::new();
        let mine = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), InvoiceStatus::Sent);
        let Ok(mine) = mine else { panic!("{mine:?}") };
        let other = ClientDetails::new("Martin", Country::DE, ClientKind::Consumer)
            .map_err(|error| format!("{error:?}"))
            .and_then(|details| {
                builder
                    .ledger
                    .add_client(details)
                    .map_err(|error| format!("{error:?}"))
            });
        let Ok(other) = other else {
            panic!("{other:?}")
        };
        let entry = ContactDetails::new(
            other,
            date("2026-03-01"),
            Channel::Phone,
            "Appel",
            vec![mine],
            None,
        );
        let Ok(entry) = entry else {
            panic!("{entry:?}")
        };
        let error = refused(&mut builder.ledger, |ledger| ledger.log_contact(entry));
        assert!(matches!(error, LedgerError::InvoiceNotOfClient { .. }));
        let entry = ContactDetails::new(
            builder.client,
            date("2026-03-01"),
            Channel::Phone,
            "Appel",
            vec![mine],
            None,
        );
        let Ok(entry) = entry else {
            panic!("{entry:?}")
        };
        let logged = builder.ledger.log_contact(entry);
        assert!(logged.is_ok());
        assert_eq!(builder.ledger.contacts_of_invoice(mine).count(), 1);
        assert_eq!(builder.ledger.contacts_of_client(builder.client).count(), 1);
        refused(&mut builder.ledger, |ledger| {
            ledger.remove_client(ClientId::from_raw(77))
        });
        assert_eq!(builder.ledger.check_client_removable(other), Ok(()));
        assert!(builder.ledger.remove_client(other).is_ok());
        let client = builder.client;
        // Asked beforehand, the refusal is the one the removal gives.
        let asked = builder.ledger.check_client_removable(client);
        assert!(matches!(asked, Err(LedgerError::ClientHasRecords { .. })));
        let error = refused(&mut builder.ledger, |ledger| ledger.remove_client(client));
        assert_eq!(asked, Err(error));
        if let Ok(logged) = logged {
            assert!(builder.ledger.remove_contact(logged).is_ok());
        }
        assert_eq!(builder.ledger.contacts_of_invoice(mine).count(), 0);
    }

    #[test]
    fn only_one_kept_plan_per_invoice() {
        let mut builder = Builder::new();
        let id = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), InvoiceStatus::Sent);
        let Ok(id) = id else { panic!("{id:?}") };
        let terms = PlanTerms::new(
            id,
            date("2026-03-01"),
            date("2026-03-15"),
            4,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        );
        let Ok(terms) = terms else {
            panic!("{terms:?}")
        };
        let plan = builder.ledger.agree_plan(terms);
        let Ok(plan) = plan else { panic!("{plan:?}") };
        assert_eq!(
            builder.ledger.plan(plan).map(PaymentPlan::balance),
            Some(eur(dec!(120)))
        );
        let error = refused(&mut builder.ledger, |ledger| ledger.agree_plan(terms));
        assert!(matches!(error, LedgerError::PlanAlreadyKept { .. }));
        assert!(builder.ledger.cancel_plan(plan).is_ok());
        assert!(builder.ledger.agree_plan(terms).is_ok());
        let paid = builder
            .ledger
            .add_invoice(details(&builder, "F-2", Currency::Eur), InvoiceStatus::Sent);
        let Ok(paid) = paid else { panic!("{paid:?}") };
        assert!(
            builder
                .ledger
                .record_payment(payment(paid, "2026-02-01", eur(dec!(120))))
                .is_ok()
        );
        let terms = PlanTerms::new(
            paid,
            date("2026-03-01"),
            date("2026-03-15"),
            4,
            PlanPeriod::Monthly,
            InterestDuringPlan::Frozen,
        );
        let Ok(terms) = terms else {
            panic!("{terms:?}")
        };
        let error = refused(&mut builder.ledger, |ledger| ledger.agree_plan(terms));
        assert!(matches!(
            error,
            LedgerError::Plan(PlanError::NothingToSplit { .. })
        ));
    }

    #[test]
    fn a_ledger_rebuilds_from_its_parts() {
        let mut builder = Builder::new();
        let id = builder
            .ledger
            .add_invoice(details(&builder, "F-1", Currency::Eur), InvoiceStatus::Sent);
        let Ok(id) = id else { panic!("{id:?}") };
        assert!(
            builder
                .ledger
                .record_payment(payment(id, "2026-02-01", eur(dec!(20))))
                .is_ok()
        );
        let note = AdjustmentDetails::new(
            id,
            AdjustmentKind::CreditNote,
            date("2026-02-02"),
            eur(dec!(5)),
            "Remise",
        );
        let Ok(note) = note else { panic!("{note:?}") };
        assert!(builder.ledger.add_adjustment(note).is_ok());
        let entry = ContactDetails::new(
            builder.client,
            date("2026-03-01"),
            Channel::Email,
            "Relance",
            vec![id],
            None,
        );
        let Ok(entry) = entry else {
            panic!("{entry:?}")
        };
        assert!(builder.ledger.log_contact(entry).is_ok());
        let terms = PlanTerms::new(
            id,
            date("2026-03-01"),
            date("2026-03-15"),
            2,
            PlanPeriod::Weekly,
            InterestDuringPlan::Runs,
        );
        let Ok(terms) = terms else {
            panic!("{terms:?}")
        };
        assert!(builder.ledger.agree_plan(terms).is_ok());
        let parts = builder.ledger.to_parts();
        assert_eq!(
            Ledger::from_parts(parts.clone()),
            Ok(builder.ledger.clone())
        );
        let mut twice = parts;
        if let Some(client) = twice.clients.first().cloned() {
            twice.clients.push(client);
        }
        assert!(matches!(
            Ledger::from_parts(twice),
            Err(LedgerError::DuplicateId { .. })
        ));
    }

    mod properties {
        use super::*;
        use crate::domain::aging::{AgingBounds, AgingReport};
        use crate::domain::calendar::{FIRST_DATE, LAST_DATE, add_days, days_from};
        use crate::domain::client::{ClientDraft, TaxId};
        use crate::domain::contact::ContactDraft;
        use crate::domain::dashboard::Dashboard;
        use crate::domain::dunning::{DunningPolicy, DunningReport};
        use crate::domain::forecast::CashForecast;
        use crate::domain::invoice::{InvoiceDraft, MAX_AMOUNT, PenaltyDraft};
        use crate::domain::payment::{AdjustmentDraft, PaymentDraft};
        use crate::domain::plan::PlanDraft;
        use crate::domain::stats::ClientStatistics;
        use crate::domain::terms::{DueRule, TermsDraft};
        use proptest::prelude::*;
        use rust_decimal::Decimal;

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "\\PC{0,30}",
                "[0-9 ,.-]{0,24}",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                Just(String::new()),
                Just("9999-12-31".to_string()),
                Just("0001-01-01".to_string()),
                Just("999999999999999999999999999999".to_string()),
            ]
        }

        fn calendar_day() -> impl Strategy<Value = NaiveDate> {
            let span = days_from(FIRST_DATE, LAST_DATE);
            prop_oneof![
                (0..=span).prop_map(|offset| add_days(FIRST_DATE, offset).unwrap_or(FIRST_DATE)),
                (0i64..400).prop_map(|offset| add_days(FIRST_DATE, offset).unwrap_or(FIRST_DATE)),
                (0i64..400).prop_map(|offset| add_days(LAST_DATE, -offset).unwrap_or(LAST_DATE)),
            ]
        }

        fn amount() -> impl Strategy<Value = Decimal> {
            prop_oneof![
                (1i64..100_000_000).prop_map(|cents| Decimal::new(cents, 2)),
                Just(MAX_AMOUNT),
                Just(Decimal::new(1, 2)),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn parsing_any_form_never_panics(a in text(), b in text(), c in text(), d in text(), e in text(), flag in any::<bool>()) {
                let terms = TermsDraft { kind: "net".into(), days: a.clone(), fixed_date: b.clone(), discount_percent: c.clone(), discount_days: d.clone() };
                let _ = terms.parse();
                for kind in ["on-receipt", "days-end-of-month", "end-of-month-days", "fixed-date", &a] {
                    let _ = TermsDraft { kind: kind.to_string(), ..terms.clone() }.parse();
                }
                let _ = ClientDraft { name: a.clone(), address: b.clone(), email: c.clone(), phone: d.clone(), tax_id: e.clone(), country: a.clone(), kind: b.clone(), terms: terms.clone(), notes: c.clone() }.parse();
                let _ = TaxId::parse(&a);
                let _ = Country::parse(&b);
                let invoice = InvoiceDraft {
                    number: a.clone(), client: Some(ClientId::from_raw(1)), issue_date: b.clone(), delivery_date: c.clone(),
                    amount: d.clone(), amount_includes_tax: flag, tax_rate: e.clone(), currency: "EUR".into(), terms: terms.clone(),
                    due_date: a.clone(), penalty: PenaltyDraft { regime: "fixed".into(), annual_rate_percent: b.clone(), fixed_compensation: d.clone() }, notes: e.clone(),
                };
                let _ = invoice.parse();
                let _ = InvoiceDraft { issue_date: "9999-12-31".into(), amount: "100".into(), ..invoice.clone() }.parse();
                let _ = PaymentDraft { date: a.clone(), amount: b.clone(), method: c.clone(), reference: d.clone() }.parse(InvoiceId::from_raw(1), Currency::Jpy);
                let _ = AdjustmentDraft { date: a.clone(), amount: b.clone(), is_credit_note: flag, reason: c.clone() }.parse(InvoiceId::from_raw(1), Currency::Eur);
                let _ = PlanDraft { agreed_on: a.clone(), first_due: b.clone(), count: c.clone(), period: d.clone(), freeze_interest: flag }.parse(InvoiceId::from_raw(1));
                let _ = ContactDraft { date: a.clone(), channel: b.clone(), summary: c.clone(), invoices: vec![], step: d.clone() }.parse(ClientId::from_raw(1));
            }

            #[test]
            fn every_computation_survives_extreme_amounts_and_dates(
                invoices in proptest::collection::vec(
                    (calendar_day(), 0u32..200, amount(), 0u8..4, proptest::collection::vec((calendar_day(), amount()), 0..3)),
                    1..8,
                ),
                as_of in calendar_day(),
                plan in (calendar_day(), 1u32..=120, any::<bool>()),
            ) {
                let mut builder = Builder::new();
                let mut ids = Vec::new();
                for (index, (issue, days, gross, status, payments)) in invoices.iter().enumerate() {
                    let amount = InvoiceAmount::from_gross(eur(*gross), dec!(20));
                    let Ok(amount) = amount else { continue };
                    let terms = PaymentTerms::new(DueRule::EndOfMonthThenDays { days: *days }, None);
                    let Ok(terms) = terms else { continue };
                    // Near year 9999 the due date can fall outside the calendar: an error, not a panic.
                    let Ok(details) = InvoiceDetails::new(&format!("F-{index}"), builder.client, *issue, amount, terms, None, PenaltyClause::FrB2b) else { continue };
                    let status = [InvoiceStatus::Sent, InvoiceStatus::Disputed, InvoiceStatus::WrittenOff, InvoiceStatus::Draft].get(usize::from(*status)).copied().unwrap_or(InvoiceStatus::Sent);
                    let Ok(id) = builder.ledger.add_invoice(details, status) else { continue };
                    for (day, paid) in payments {
                        let _ = PaymentDetails::new(id, *day, eur(*paid), PaymentMethod::Cash, "")
                            .map(|details| builder.ledger.record_payment(details));
                    }
                    ids.push(id);
                }
                let (first_due, count, weekly) = plan;
                for id in &ids {
                    let period = if weekly { PlanPeriod::Weekly } else { PlanPeriod::Monthly };
                    if let Ok(terms) = PlanTerms::new(*id, first_due, first_due, count, period, InterestDuringPlan::Frozen) {
                        let _ = builder.ledger.agree_plan(terms);
                    }
                }
                let aging = AgingReport::as_of(&builder.ledger, &AgingBounds::default(), as_of);
                prop_assert!(aging.is_ok());
                if let Ok(aging) = &aging {
                    for totals in aging.by_currency.values() {
                        prop_assert_eq!(Money::checked_sum(Currency::Eur, totals.buckets.iter().copied()), Ok(totals.total));
                    }
                }
                let dunning = DunningReport::as_of(&builder.ledger, &DunningPolicy::default(), as_of);
                prop_assert!(dunning.is_ok());
                let statistics = ClientStatistics::for_all(&builder.ledger, as_of);
                prop_assert!(statistics.is_ok());
                let dashboard = Dashboard::as_of(&builder.ledger, &AgingBounds::default(), &DunningPolicy::default(), as_of);
                prop_assert_eq!(
                    dashboard,
                    Ok(Dashboard { aging: aging.unwrap_or_else(|_| unreachable!()), dunning: dunning.unwrap_or_else(|_| unreachable!()), statistics: statistics.unwrap_or_else(|_| unreachable!()) })
                );
                let forecast = CashForecast::as_of(&builder.ledger, as_of);
                prop_assert!(forecast.is_ok());
                for id in &ids {
                    prop_assert!(builder.ledger.current_plan_state(*id, as_of).is_ok());
                }
                prop_assert_eq!(Ledger::from_parts(builder.ledger.to_parts()), Ok(builder.ledger.clone()));
            }

            #[test]
            fn amounts_beyond_the_maximum_are_errors_not_overflows(cents in any::<i64>(), scale in 0u32..6, rate in 0u32..=100) {
                let amount = Money::new(Decimal::new(cents, scale).checked_mul(Decimal::from(1_000_000_000_000_i64)).unwrap_or(Decimal::MAX), Currency::Eur);
                let _ = InvoiceAmount::from_net(amount, Decimal::from(rate));
                let _ = InvoiceAmount::from_gross(amount, Decimal::from(rate));
                let net = InvoiceAmount::from_net(Money::new(MAX_AMOUNT, Currency::Eur), Decimal::from(rate));
                prop_assert_eq!(net.is_ok(), rate == 0);
            }
        }
    }
}
