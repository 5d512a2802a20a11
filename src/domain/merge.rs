//! Merging a restored backup into the current ledger (issue #5: "offers replace or merge").
//!
//! Rules (each has a test below):
//! - **Client identity.** Two clients are the same client when they have the same SIREN (a
//!   SIREN, the first 9 digits of a SIRET, or the SIREN inside a French VAT number), else the
//!   same VAT number, else, when neither has an identifier, the same name compared without
//!   regard to case and with runs of whitespace collapsed (accents count). A client with an
//!   identifier is never the same as one without. See [`ClientIdentity`].
//! - **Clients.** A backup client of the same identity as a current one is not added: its
//!   records attach to the current client (the one with identical details if there is one,
//!   else the oldest), whose details are kept; different details are reported. Other backup
//!   clients are added, even two of the same identity (the backup's own structure is kept).
//! - **Invoices** match by number, exactly as [`Ledger::invoice_by_number`] does. Same number
//!   and same content (client identity, amounts, dates, status, terms, payments, credit
//!   notes, linked contact entries, plans): skipped, counted as already present. Same number
//!   and any difference: the current invoice is kept untouched and the conflict is reported
//!   with every difference. New numbers are added with their payments, credit notes and
//!   adjustments, contact entries and payment plans.
//! - **Contact entries** linked to an added invoice are added, linked to the added invoices
//!   only (a current invoice never changes). Entries linked only to invoices already present
//!   or in conflict are not added: they belong to those invoices. Unlinked (client-level)
//!   entries are added unless the client already has one with the same date, channel, step
//!   and text (counted as many times as the current ledger holds it).
//! - **All or nothing.** The result is rebuilt by [`Ledger::from_parts`], which checks
//!   everything the commands check; new records get fresh ids after every current id. On any
//!   error nothing is merged, and `current` is never changed.
//!
//! Consequences, checked by property tests: merging the same backup twice adds nothing the
//! second time and reports the same conflicts; merging an empty backup gives the current
//! ledger; merging into an empty ledger gives the backup up to ids; for each currency the
//! merged totals are the current totals plus those of the added invoices.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::client::{Client, ClientDetails, TaxId};
use super::contact::{ContactDetails, ContactEntry, StepKind};
use super::field::Field;
use super::ids::{AdjustmentId, ClientId, ContactId, InvoiceId, PaymentId, PlanId};
use super::invoice::{Invoice, InvoiceAmount, InvoiceDetails, InvoiceStatus};
use super::ledger::{Ledger, LedgerError, status_en, status_fr};
use super::money::{Currency, Money};
use super::payment::{Adjustment, AdjustmentDetails, Payment, PaymentDetails};
use super::plan::PlanTerms;
use crate::format;
use crate::i18n::{Describe, Lang};

/// Who a client is, for matching clients across ledgers: two clients are the same client
/// when their identities are equal.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClientIdentity {
    /// The 9-digit SIREN: of a SIREN, of a SIRET (its first 9 digits) or of a French VAT
    /// number (its last 9 digits).
    Siren(String),
    /// Any other VAT number, compact and uppercased.
    Vat(String),
    /// No identifier: the name in lowercase, whitespace runs collapsed to one space, accents
    /// kept.
    Name(String),
}

impl ClientIdentity {
    pub fn of(details: &ClientDetails) -> ClientIdentity {
        match details.tax_id() {
            Some(TaxId::Siren(siren)) => ClientIdentity::Siren(siren.clone()),
            Some(TaxId::Siret(siret)) => {
                ClientIdentity::Siren(siret.get(..9).unwrap_or(siret).to_string())
            }
            Some(TaxId::Vat(vat)) => match french_vat_siren(vat) {
                Some(siren) => ClientIdentity::Siren(siren.to_string()),
                None => ClientIdentity::Vat(vat.clone()),
            },
            None => ClientIdentity::Name(
                details
                    .name()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
            ),
        }
    }
}

/// The SIREN inside a French VAT number: `FR` + 2 key characters + 9 digits.
fn french_vat_siren(vat: &str) -> Option<&str> {
    vat.strip_prefix("FR")
        .and_then(|rest| rest.get(2..))
        .filter(|siren| siren.len() == 9 && siren.bytes().all(|byte| byte.is_ascii_digit()))
}

/// A number of records and what they add up to, in one currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub count: usize,
    pub total: Money,
}

/// One way an invoice of the backup differs from the current invoice of the same number.
/// `current` is this ledger's value, `backup` the backup's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceDifference {
    /// The invoices are not of the same client (names shown).
    Client {
        current: String,
        backup: String,
    },
    /// The amount owed, tax included (or its currency).
    Amount {
        current: Money,
        backup: Money,
    },
    /// Same amount owed, but another net amount or tax rate.
    TaxSplit {
        current: InvoiceAmount,
        backup: InvoiceAmount,
    },
    IssueDate {
        current: NaiveDate,
        backup: NaiveDate,
    },
    DueDate {
        current: NaiveDate,
        backup: NaiveDate,
    },
    Status {
        current: InvoiceStatus,
        backup: InvoiceStatus,
    },
    Payments {
        current: Tally,
        backup: Tally,
    },
    /// Credit notes and other adjustments.
    CreditNotes {
        current: Tally,
        backup: Tally,
    },
    /// The contact entries linked to the invoice (counts).
    Contacts {
        current: usize,
        backup: usize,
    },
    /// The payment plans agreed on the invoice (counts).
    Plans {
        current: usize,
        backup: usize,
    },
    /// Other data: payment terms, penalty clause, delivery date, notes.
    Details {
        fields: Vec<Field>,
    },
}

/// Something the merge did not take from the backup, for the user to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeConflict {
    /// A backup client is the same client as a current one with other details; the current
    /// details are kept (and the backup's invoices attach to the current client).
    ClientDiffers {
        /// The current client's name.
        name: String,
        /// The backup client's name.
        backup_name: String,
        /// What differs.
        fields: Vec<Field>,
    },
    /// An invoice number is in both ledgers with different content; the current invoice is
    /// kept, with its payments, credit notes, contacts and plans.
    Invoice {
        number: String,
        /// Every difference, in the order of [`InvoiceDifference`]'s variants.
        differences: Vec<InvoiceDifference>,
    },
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub clients_added: usize,
    /// Backup clients found in the current ledger (not added).
    pub clients_matched: usize,
    pub invoices_added: usize,
    /// Backup invoices identical to current ones (skipped).
    pub invoices_already_present: usize,
    /// Backup invoices whose number is in the current ledger with other content (skipped).
    pub invoices_in_conflict: usize,
    pub payments_added: usize,
    /// Credit notes and other adjustments.
    pub credit_notes_added: usize,
    pub contacts_added: usize,
    /// Contact entries of the backup already in the current ledger (skipped).
    pub contacts_already_present: usize,
    pub plans_added: usize,
    /// Clients that differ and invoices in conflict, in the backup's order.
    pub conflicts: Vec<MergeConflict>,
}

impl MergeReport {
    /// Whether the merge added anything.
    pub fn added_anything(&self) -> bool {
        self.clients_added
            + self.invoices_added
            + self.payments_added
            + self.credit_notes_added
            + self.contacts_added
            + self.plans_added
            > 0
    }
}

/// Why a backup could not be merged. Nothing was merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// The merged ledger was refused: no identifier left, or inconsistent data.
    Ledger(LedgerError),
    /// An invoice of the backup, or a record on it, no longer passes the checks it passed
    /// when it was recorded, so it cannot be carried over unchanged.
    UnreadableInvoice { number: String },
    /// The same for a contact entry of the backup.
    UnreadableContact { client: String, date: NaiveDate },
}

impl From<LedgerError> for MergeError {
    fn from(error: LedgerError) -> MergeError {
        MergeError::Ledger(error)
    }
}

/// Gives out fresh ids after every id of the current ledger.
struct Ids {
    next: u64,
}

impl Ids {
    fn take(&mut self) -> Result<u64, LedgerError> {
        let id = self.next;
        self.next = id.checked_add(1).ok_or(LedgerError::IdsExhausted)?;
        Ok(id)
    }
}

/// What became of a backup invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    Added(InvoiceId),
    Present,
    Conflict,
}

/// A contact entry's content, without its ids and links.
type ContactKey<'a> = (NaiveDate, &'static str, Option<StepKind>, &'a str);

fn contact_key(details: &ContactDetails) -> ContactKey<'_> {
    (
        details.date(),
        details.channel().code(),
        details.step(),
        details.summary(),
    )
}

/// Merges `incoming` (a restored backup) into `current`, following the rules of this
/// module. Returns the merged ledger and what was done, or an error and nothing merged.
pub fn merge(current: &Ledger, incoming: &Ledger) -> Result<(Ledger, MergeReport), MergeError> {
    let mut parts = current.to_parts();
    let mut ids = Ids {
        next: parts.next_id,
    };
    let mut report = MergeReport::default();

    // ----- clients -----
    let identities: BTreeMap<ClientId, ClientIdentity> = current
        .clients()
        .map(|client| (client.id(), ClientIdentity::of(client.details())))
        .collect();
    let mut current_by_identity: BTreeMap<&ClientIdentity, Vec<&Client>> = BTreeMap::new();
    for client in current.clients() {
        if let Some(identity) = identities.get(&client.id()) {
            current_by_identity
                .entry(identity)
                .or_default()
                .push(client);
        }
    }
    // Backup client → (client of the merged ledger, identity).
    let mut clients: BTreeMap<ClientId, (ClientId, ClientIdentity)> = BTreeMap::new();
    for client in incoming.clients() {
        let identity = ClientIdentity::of(client.details());
        let candidates = current_by_identity
            .get(&identity)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let chosen = candidates
            .iter()
            .find(|candidate| candidate.details() == client.details())
            .or_else(|| candidates.first());
        let target = match chosen {
            Some(existing) => {
                report.clients_matched += 1;
                let fields = client_differences(existing.details(), client.details());
                if !fields.is_empty() {
                    report.conflicts.push(MergeConflict::ClientDiffers {
                        name: existing.name().to_string(),
                        backup_name: client.name().to_string(),
                        fields,
                    });
                }
                existing.id()
            }
            None => {
                let id = ClientId::from_raw(ids.take()?);
                parts
                    .clients
                    .push(Client::from_parts(id, client.details().clone()));
                report.clients_added += 1;
                id
            }
        };
        clients.insert(client.id(), (target, identity));
    }
    let target_of = |client: ClientId| {
        clients
            .get(&client)
            .ok_or(LedgerError::UnknownClient(client))
    };

    // ----- invoices, with their payments, credit notes and plans -----
    let mut fates: BTreeMap<InvoiceId, Fate> = BTreeMap::new();
    for invoice in incoming.invoices() {
        let (target, identity) = target_of(invoice.client())?;
        let fate = match current.invoice_by_number(invoice.number()) {
            Some(existing) => {
                let differences =
                    invoice_differences((current, existing), (incoming, invoice), identity)?;
                if differences.is_empty() {
                    report.invoices_already_present += 1;
                    Fate::Present
                } else {
                    report.invoices_in_conflict += 1;
                    report.conflicts.push(MergeConflict::Invoice {
                        number: existing.number().to_string(),
                        differences,
                    });
                    Fate::Conflict
                }
            }
            None => {
                let unreadable = || MergeError::UnreadableInvoice {
                    number: invoice.number().to_string(),
                };
                let id = InvoiceId::from_raw(ids.take()?);
                let details = with_client(invoice.details(), *target).ok_or_else(unreadable)?;
                parts
                    .invoices
                    .push(Invoice::from_parts(id, details, invoice.status()));
                report.invoices_added += 1;
                for payment in incoming.payments_of(invoice.id()) {
                    let details = payment.details();
                    let details = PaymentDetails::new(
                        id,
                        details.date(),
                        details.amount(),
                        details.method(),
                        details.reference(),
                    )
                    .map_err(|_| unreadable())?;
                    let payment_id = PaymentId::from_raw(ids.take()?);
                    parts
                        .payments
                        .push(Payment::from_parts(payment_id, details));
                    report.payments_added += 1;
                }
                for adjustment in incoming.adjustments_of(invoice.id()) {
                    let details = adjustment.details();
                    let details = AdjustmentDetails::new(
                        id,
                        details.kind(),
                        details.date(),
                        details.amount(),
                        details.reason(),
                    )
                    .map_err(|_| unreadable())?;
                    let adjustment_id = AdjustmentId::from_raw(ids.take()?);
                    parts
                        .adjustments
                        .push(Adjustment::from_parts(adjustment_id, details));
                    report.credit_notes_added += 1;
                }
                for plan in incoming.plans_of(invoice.id()) {
                    let terms = plan.terms();
                    let terms = PlanTerms::new(
                        id,
                        terms.agreed_on(),
                        terms.first_due(),
                        terms.count(),
                        terms.period(),
                        terms.interest(),
                    )
                    .map_err(|_| unreadable())?;
                    let plan_id = PlanId::from_raw(ids.take()?);
                    parts.plans.push((plan_id, terms, plan.balance()));
                    report.plans_added += 1;
                }
                Fate::Added(id)
            }
        };
        fates.insert(invoice.id(), fate);
    }

    // ----- contact entries -----
    // Current entries by client identity and content: what an unlinked backup entry may be
    // a copy of, each usable once.
    let mut present: BTreeMap<(&ClientIdentity, ContactKey<'_>), usize> = BTreeMap::new();
    for entry in current.contacts() {
        if let Some(identity) = identities.get(&entry.client()) {
            *present
                .entry((identity, contact_key(entry.details())))
                .or_default() += 1;
        }
    }
    for entry in incoming.contacts() {
        let (target, identity) = target_of(entry.client())?;
        let details = entry.details();
        let links = details.invoices();
        let added: Vec<InvoiceId> = links
            .iter()
            .filter_map(|invoice| match fates.get(invoice) {
                Some(Fate::Added(id)) => Some(*id),
                _ => None,
            })
            .collect();
        if added.is_empty() && !links.is_empty() {
            // About invoices already present (then it is there too) or in conflict (then it
            // is part of the backup's version, which is not taken).
            if links
                .iter()
                .all(|invoice| fates.get(invoice) == Some(&Fate::Present))
            {
                report.contacts_already_present += 1;
            }
            continue;
        }
        if added.is_empty()
            && let Some(copies) = present.get_mut(&(identity, contact_key(details)))
            && *copies > 0
        {
            *copies -= 1;
            report.contacts_already_present += 1;
            continue;
        }
        let details = ContactDetails::new(
            *target,
            details.date(),
            details.channel(),
            details.summary(),
            added,
            details.step(),
        )
        .map_err(|_| MergeError::UnreadableContact {
            client: incoming
                .client(entry.client())
                .map(|client| client.name().to_string())
                .unwrap_or_default(),
            date: details.date(),
        })?;
        let id = ContactId::from_raw(ids.take()?);
        parts.contacts.push(ContactEntry::from_parts(id, details));
        report.contacts_added += 1;
    }

    parts.next_id = ids.next;
    let merged = Ledger::from_parts(parts)?;
    Ok((merged, report))
}

/// The details of `details` for another client, rebuilt through the constructor; `None` if
/// they no longer pass its checks or would not come out identical.
fn with_client(details: &InvoiceDetails, client: ClientId) -> Option<InvoiceDetails> {
    let due_date = details.due_date_set_by_hand().then_some(details.due_date());
    let rebuilt = InvoiceDetails::new(
        details.number(),
        client,
        details.issue_date(),
        details.amount(),
        details.terms(),
        due_date,
        details.penalty(),
    )
    .ok()?
    .with_delivery_date(details.delivery_date())
    .with_notes(details.notes())
    .ok()?;
    let identical = rebuilt.number() == details.number()
        && rebuilt.issue_date() == details.issue_date()
        && rebuilt.delivery_date() == details.delivery_date()
        && rebuilt.amount() == details.amount()
        && rebuilt.terms() == details.terms()
        && rebuilt.due_date() == details.due_date()
        && rebuilt.due_date_set_by_hand() == details.due_date_set_by_hand()
        && rebuilt.penalty() == details.penalty()
        && rebuilt.notes() == details.notes();
    identical.then_some(rebuilt)
}

fn client_differences(current: &ClientDetails, backup: &ClientDetails) -> Vec<Field> {
    let checks = [
        (current.name() != backup.name(), Field::ClientName),
        (current.tax_id() != backup.tax_id(), Field::TaxId),
        (current.address() != backup.address(), Field::Address),
        (current.email() != backup.email(), Field::Email),
        (current.phone() != backup.phone(), Field::Phone),
        (current.country() != backup.country(), Field::Country),
        (current.kind() != backup.kind(), Field::ClientKind),
        (
            current.default_terms() != backup.default_terms(),
            Field::TermsKind,
        ),
        (current.notes() != backup.notes(), Field::Notes),
    ];
    checks
        .into_iter()
        .filter_map(|(differs, field)| differs.then_some(field))
        .collect()
}

/// Payments of an invoice as sorted, id-free values.
fn payment_keys(payments: &[Payment]) -> Vec<(NaiveDate, Decimal, Currency, &'static str, &str)> {
    let mut keys: Vec<_> = payments
        .iter()
        .map(|payment| {
            let details = payment.details();
            (
                details.date(),
                details.amount().amount(),
                details.amount().currency(),
                details.method().code(),
                details.reference(),
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

/// Credit notes and adjustments of an invoice as sorted, id-free values.
fn adjustment_keys(adjustments: &[Adjustment]) -> Vec<(NaiveDate, Decimal, Currency, bool, &str)> {
    let mut keys: Vec<_> = adjustments
        .iter()
        .map(|adjustment| {
            let details = adjustment.details();
            (
                details.date(),
                details.amount().amount(),
                details.amount().currency(),
                details.kind() == super::payment::AdjustmentKind::CreditNote,
                details.reason(),
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

fn contact_keys(ledger: &Ledger, invoice: InvoiceId) -> Vec<ContactKey<'_>> {
    let mut keys: Vec<_> = ledger
        .contacts_of_invoice(invoice)
        .map(|entry| contact_key(entry.details()))
        .collect();
    keys.sort_unstable();
    keys
}

type PlanKey = (
    NaiveDate,
    NaiveDate,
    u32,
    &'static str,
    bool,
    Decimal,
    Currency,
);

fn plan_keys(ledger: &Ledger, invoice: InvoiceId) -> Vec<PlanKey> {
    let mut keys: Vec<_> = ledger
        .plans_of(invoice)
        .map(|plan| {
            let terms = plan.terms();
            (
                terms.agreed_on(),
                terms.first_due(),
                terms.count(),
                terms.period().code(),
                terms.freeze_interest(),
                plan.balance().amount(),
                plan.balance().currency(),
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

fn tally(currency: Currency, amounts: impl Iterator<Item = Money>) -> Result<Tally, LedgerError> {
    let amounts: Vec<Money> = amounts.collect();
    Ok(Tally {
        count: amounts.len(),
        total: Money::checked_sum(currency, amounts)?,
    })
}

/// Every difference between the current invoice and the backup's invoice of the same number
/// (empty when they are the same invoice).
fn invoice_differences(
    (current, here): (&Ledger, &Invoice),
    (backup, there): (&Ledger, &Invoice),
    backup_identity: &ClientIdentity,
) -> Result<Vec<InvoiceDifference>, LedgerError> {
    use InvoiceDifference as D;
    let mut differences = Vec::new();
    let here_client = current.client(here.client());
    let here_identity = here_client.map(|client| ClientIdentity::of(client.details()));
    if here_identity.as_ref() != Some(backup_identity) {
        let name = |client: Option<&Client>| client.map(Client::name).unwrap_or("?").to_string();
        differences.push(D::Client {
            current: name(here_client),
            backup: name(backup.client(there.client())),
        });
    }
    let (mine, theirs) = (here.details(), there.details());
    if here.gross() != there.gross() {
        differences.push(D::Amount {
            current: here.gross(),
            backup: there.gross(),
        });
    } else if mine.amount() != theirs.amount() {
        differences.push(D::TaxSplit {
            current: mine.amount(),
            backup: theirs.amount(),
        });
    }
    if mine.issue_date() != theirs.issue_date() {
        differences.push(D::IssueDate {
            current: mine.issue_date(),
            backup: theirs.issue_date(),
        });
    }
    if mine.due_date() != theirs.due_date() {
        differences.push(D::DueDate {
            current: mine.due_date(),
            backup: theirs.due_date(),
        });
    }
    if here.status() != there.status() {
        differences.push(D::Status {
            current: here.status(),
            backup: there.status(),
        });
    }
    let (my_payments, their_payments) = (
        current.payments_of(here.id()),
        backup.payments_of(there.id()),
    );
    if payment_keys(my_payments) != payment_keys(their_payments) {
        differences.push(D::Payments {
            current: tally(here.currency(), my_payments.iter().map(Payment::amount))?,
            backup: tally(there.currency(), their_payments.iter().map(Payment::amount))?,
        });
    }
    let (my_notes, their_notes) = (
        current.adjustments_of(here.id()),
        backup.adjustments_of(there.id()),
    );
    if adjustment_keys(my_notes) != adjustment_keys(their_notes) {
        differences.push(D::CreditNotes {
            current: tally(here.currency(), my_notes.iter().map(Adjustment::amount))?,
            backup: tally(there.currency(), their_notes.iter().map(Adjustment::amount))?,
        });
    }
    let (my_contacts, their_contacts) = (
        contact_keys(current, here.id()),
        contact_keys(backup, there.id()),
    );
    if my_contacts != their_contacts {
        differences.push(D::Contacts {
            current: my_contacts.len(),
            backup: their_contacts.len(),
        });
    }
    let (my_plans, their_plans) = (plan_keys(current, here.id()), plan_keys(backup, there.id()));
    if my_plans != their_plans {
        differences.push(D::Plans {
            current: my_plans.len(),
            backup: their_plans.len(),
        });
    }
    let other_fields = [
        (
            mine.terms() != theirs.terms()
                || mine.due_date_set_by_hand() != theirs.due_date_set_by_hand(),
            Field::TermsKind,
        ),
        (mine.penalty() != theirs.penalty(), Field::PenaltyRegime),
        (
            mine.delivery_date() != theirs.delivery_date(),
            Field::DeliveryDate,
        ),
        (mine.notes() != theirs.notes(), Field::Notes),
    ];
    let fields: Vec<Field> = other_fields
        .into_iter()
        .filter_map(|(differs, field)| differs.then_some(field))
        .collect();
    if !fields.is_empty() {
        differences.push(D::Details { fields });
    }
    Ok(differences)
}

// ----- sentences -----

/// "a, b et c" / "a, b and c".
fn join_list(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// A field label inside a sentence: "adresse postale", but "SIREN, SIRET ou n° de TVA".
fn field_in_sentence(field: Field, lang: Lang) -> String {
    let label = field.label(lang);
    let first_word = label.split([' ', ',']).next().unwrap_or("");
    if first_word.chars().all(|c| c.is_uppercase()) {
        return label.to_string();
    }
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn fields_in_sentence(fields: &[Field], lang: Lang) -> String {
    fields
        .iter()
        .map(|field| field_in_sentence(*field, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` followed by the singular or plural noun (French: 0 and 1 take the singular).
fn count(n: usize, singular: &str, plural: &str, lang: Lang) -> String {
    let one = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    format!("{n} {}", if one { singular } else { plural })
}

fn tally_text(tally: Tally, lang: Lang) -> String {
    let total = format::money(tally.total, lang);
    match (tally.count, lang) {
        (0, Lang::Fr) => "aucun".to_string(),
        (0, Lang::En) => "none".to_string(),
        (n, Lang::Fr) => format!("{n} pour {total}"),
        (n, Lang::En) => format!("{n} totalling {total}"),
    }
}

impl Describe for InvoiceDifference {
    /// A noun phrase: "un montant différent (1 200,00 € ici, 1 250,00 € dans la sauvegarde)".
    fn describe(&self, lang: Lang) -> String {
        use InvoiceDifference as D;
        let fr = lang == Lang::Fr;
        let pair = |current: String, backup: String| match lang {
            Lang::Fr => format!("({current} ici, {backup} dans la sauvegarde)"),
            Lang::En => format!("({current} here, {backup} in the backup)"),
        };
        let day = |date: NaiveDate| format::date_short(date, lang);
        let split = |amount: &InvoiceAmount| {
            let net = format::money(amount.net(), lang);
            let rate = format::percent(amount.tax_rate_percent(), lang);
            match lang {
                Lang::Fr => format!("{net} HT à {rate}"),
                Lang::En => format!("{net} net at {rate}"),
            }
        };
        let status = |status: InvoiceStatus| match lang {
            Lang::Fr => status_fr(status),
            Lang::En => status_en(status),
        };
        let (noun, values) = match self {
            D::Client { current, backup } => (
                if fr {
                    "un autre client"
                } else {
                    "another client"
                },
                pair(current.clone(), backup.clone()),
            ),
            D::Amount { current, backup } => (
                if fr {
                    "un montant différent"
                } else {
                    "a different amount"
                },
                pair(format::money(*current, lang), format::money(*backup, lang)),
            ),
            D::TaxSplit { current, backup } => (
                if fr {
                    "une autre répartition HT/TVA"
                } else {
                    "a different net/tax split"
                },
                pair(split(current), split(backup)),
            ),
            D::IssueDate { current, backup } => (
                if fr {
                    "une autre date d'émission"
                } else {
                    "a different issue date"
                },
                pair(day(*current), day(*backup)),
            ),
            D::DueDate { current, backup } => (
                if fr {
                    "une autre échéance"
                } else {
                    "a different due date"
                },
                pair(day(*current), day(*backup)),
            ),
            D::Status { current, backup } => (
                if fr {
                    "un autre statut"
                } else {
                    "a different status"
                },
                pair(status(*current).to_string(), status(*backup).to_string()),
            ),
            D::Payments { current, backup } => (
                if fr {
                    "d'autres paiements"
                } else {
                    "different payments"
                },
                pair(tally_text(*current, lang), tally_text(*backup, lang)),
            ),
            D::CreditNotes { current, backup } => (
                if fr {
                    "d'autres avoirs"
                } else {
                    "different credit notes"
                },
                pair(tally_text(*current, lang), tally_text(*backup, lang)),
            ),
            D::Contacts { current, backup } => (
                if fr {
                    "d'autres échanges liés"
                } else {
                    "different linked contact entries"
                },
                pair(current.to_string(), backup.to_string()),
            ),
            D::Plans { current, backup } => (
                if fr {
                    "d'autres échéanciers"
                } else {
                    "different payment plans"
                },
                pair(current.to_string(), backup.to_string()),
            ),
            D::Details { fields } => (
                if fr {
                    "d'autres données"
                } else {
                    "different data"
                },
                format!("({})", fields_in_sentence(fields, lang)),
            ),
        };
        format!("{noun} {values}")
    }
}

impl Describe for MergeConflict {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                MergeConflict::Invoice {
                    number,
                    differences,
                },
                _,
            ) => {
                let list: Vec<String> = differences
                    .iter()
                    .map(|difference| difference.describe(lang))
                    .collect();
                let list = join_list(&list, lang);
                match lang {
                    Lang::Fr => format!(
                        "Facture {number} : déjà présente avec {list} ; la vôtre est gardée."
                    ),
                    Lang::En => {
                        format!("Invoice {number}: already here with {list}; yours is kept.")
                    }
                }
            }
            (
                MergeConflict::ClientDiffers {
                    name,
                    backup_name,
                    fields,
                },
                Lang::Fr,
            ) => {
                let fields = fields_in_sentence(fields, lang);
                let also = if name == backup_name {
                    String::new()
                } else {
                    format!(" (« {backup_name} » dans la sauvegarde)")
                };
                format!(
                    "Client {name}{also} : la sauvegarde a d'autres coordonnées ({fields}) ; les vôtres sont gardées."
                )
            }
            (
                MergeConflict::ClientDiffers {
                    name,
                    backup_name,
                    fields,
                },
                Lang::En,
            ) => {
                let fields = fields_in_sentence(fields, lang);
                let also = if name == backup_name {
                    String::new()
                } else {
                    format!(" (“{backup_name}” in the backup)")
                };
                format!(
                    "Client {name}{also}: the backup has other details ({fields}); yours are kept."
                )
            }
        }
    }
}

impl Describe for MergeReport {
    /// The counts in one sentence; each conflict says itself (see [`MergeConflict`]).
    fn describe(&self, lang: Lang) -> String {
        let c = |n, singular, plural| count(n, singular, plural, lang);
        match lang {
            Lang::Fr => {
                let records = join_list(
                    &[
                        c(self.payments_added, "paiement", "paiements"),
                        c(self.credit_notes_added, "avoir", "avoirs"),
                        c(self.contacts_added, "échange", "échanges"),
                        c(self.plans_added, "échéancier", "échéanciers"),
                    ],
                    lang,
                );
                let present = if self.contacts_already_present > 0 {
                    format!(
                        " ({} déjà {})",
                        c(self.contacts_already_present, "échange", "échanges"),
                        if self.contacts_already_present > 1 {
                            "présents"
                        } else {
                            "présent"
                        }
                    )
                } else {
                    String::new()
                };
                format!(
                    "Sauvegarde fusionnée\u{a0}: {} et {}\u{a0}; {}, {} et {} en conflit\u{a0}; {records} ajoutés{present}.",
                    c(self.clients_added, "client ajouté", "clients ajoutés"),
                    c(self.clients_matched, "reconnu", "reconnus"),
                    c(self.invoices_added, "facture ajoutée", "factures ajoutées"),
                    c(
                        self.invoices_already_present,
                        "déjà présente",
                        "déjà présentes"
                    ),
                    self.invoices_in_conflict,
                )
            }
            Lang::En => {
                let records = join_list(
                    &[
                        c(self.payments_added, "payment", "payments"),
                        c(self.credit_notes_added, "credit note", "credit notes"),
                        c(self.contacts_added, "contact entry", "contact entries"),
                        c(self.plans_added, "payment plan", "payment plans"),
                    ],
                    lang,
                );
                let present = if self.contacts_already_present > 0 {
                    format!(
                        " ({} already present)",
                        c(
                            self.contacts_already_present,
                            "contact entry",
                            "contact entries"
                        )
                    )
                } else {
                    String::new()
                };
                format!(
                    "Backup merged: {} and {} matched; {}, {} already present and {} in conflict; {records} added{present}.",
                    c(self.clients_added, "client added", "clients added"),
                    self.clients_matched,
                    c(self.invoices_added, "invoice added", "invoices added"),
                    self.invoices_already_present,
                    self.invoices_in_conflict,
                )
            }
        }
    }
}

impl Describe for MergeError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (MergeError::Ledger(error), Lang::Fr) => format!(
                "{} La sauvegarde n'a pas été fusionnée ; rien n'a changé.",
                error.describe(lang)
            ),
            (MergeError::Ledger(error), Lang::En) => format!(
                "{} The backup was not merged; nothing changed.",
                error.describe(lang)
            ),
            (MergeError::UnreadableInvoice { number }, Lang::Fr) => format!(
                "La facture {number} de la sauvegarde (ou une écriture qui s'y rapporte) ne passe plus les contrôles et ne peut pas être reprise telle quelle. La sauvegarde n'a pas été fusionnée ; rien n'a changé."
            ),
            (MergeError::UnreadableInvoice { number }, Lang::En) => format!(
                "Invoice {number} of the backup (or a record on it) no longer passes the checks and cannot be carried over as it is. The backup was not merged; nothing changed."
            ),
            (MergeError::UnreadableContact { client, date }, Lang::Fr) => format!(
                "L'échange du {} avec {client} dans la sauvegarde ne passe plus les contrôles et ne peut pas être repris tel quel. La sauvegarde n'a pas été fusionnée ; rien n'a changé.",
                format::date_long(*date, lang)
            ),
            (MergeError::UnreadableContact { client, date }, Lang::En) => format!(
                "The contact entry of {} with {client} in the backup no longer passes the checks and cannot be carried over as it is. The backup was not merged; nothing changed.",
                format::date_long(*date, lang)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::client::Email;
    use crate::domain::contact::Channel;
    use crate::domain::invoice::PenaltyClause;
    use crate::domain::ledger::LedgerParts;
    use crate::domain::party::{ClientKind, Country};
    use crate::domain::payment::{AdjustmentKind, PaymentMethod};
    use crate::domain::plan::{InterestDuringPlan, PlanPeriod};
    use crate::domain::terms::PaymentTerms;
    use rust_decimal_macros::dec;

    #[track_caller]
    fn ok<T, E: std::fmt::Debug>(result: Result<T, E>) -> T {
        match result {
            Ok(value) => value,
            Err(error) => panic!("{error:?}"),
        }
    }

    fn eur(amount: Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[track_caller]
    fn client_details(name: &str, tax_id: Option<&str>) -> ClientDetails {
        let tax_id = tax_id.map(|text| ok(TaxId::parse(text)));
        ok(ClientDetails::new(name, Country::FR, ClientKind::Business)).with_tax_id(tax_id)
    }

    /// A ledger built through the domain's commands; every command must succeed.
    #[derive(Clone)]
    struct Book {
        ledger: Ledger,
    }

    impl Book {
        fn new() -> Book {
            Book {
                ledger: Ledger::new(),
            }
        }

        #[track_caller]
        fn client(&mut self, name: &str, tax_id: Option<&str>) -> ClientId {
            ok(self.ledger.add_client(client_details(name, tax_id)))
        }

        #[track_caller]
        fn invoice(
            &mut self,
            client: ClientId,
            number: &str,
            gross: Money,
            due: &str,
        ) -> InvoiceId {
            let amount = ok(InvoiceAmount::from_net(gross, dec!(0)));
            let details = ok(InvoiceDetails::new(
                number,
                client,
                date("2026-01-15"),
                amount,
                PaymentTerms::default(),
                Some(date(due)),
                PenaltyClause::FrB2b,
            ));
            ok(self.ledger.add_invoice(details, InvoiceStatus::Sent))
        }

        #[track_caller]
        fn pay(&mut self, invoice: InvoiceId, day: &str, amount: Money) {
            let details = ok(PaymentDetails::new(
                invoice,
                date(day),
                amount,
                PaymentMethod::BankTransfer,
                "virement",
            ));
            ok(self.ledger.record_payment(details));
        }

        #[track_caller]
        fn credit(&mut self, invoice: InvoiceId, day: &str, amount: Money) {
            let details = ok(AdjustmentDetails::new(
                invoice,
                AdjustmentKind::CreditNote,
                date(day),
                amount,
                "remise",
            ));
            ok(self.ledger.add_adjustment(details));
        }

        #[track_caller]
        fn contact(
            &mut self,
            client: ClientId,
            day: &str,
            summary: &str,
            invoices: Vec<InvoiceId>,
        ) {
            let details = ok(ContactDetails::new(
                client,
                date(day),
                Channel::Phone,
                summary,
                invoices,
                None,
            ));
            ok(self.ledger.log_contact(details));
        }

        #[track_caller]
        fn plan(&mut self, invoice: InvoiceId, agreed_on: &str, first_due: &str, count: u32) {
            let terms = ok(PlanTerms::new(
                invoice,
                date(agreed_on),
                date(first_due),
                count,
                PlanPeriod::Monthly,
                InterestDuringPlan::Frozen,
            ));
            ok(self.ledger.agree_plan(terms));
        }
    }

    #[track_caller]
    fn merged(current: &Ledger, backup: &Ledger) -> (Ledger, MergeReport) {
        let before = current.clone();
        let result = ok(merge(current, backup));
        assert_eq!(*current, before);
        assert_eq!(
            Ledger::from_parts(result.0.to_parts()),
            Ok(result.0.clone())
        );
        for lang in Lang::ALL {
            assert!(!result.1.describe(lang).is_empty());
            for conflict in &result.1.conflicts {
                assert!(!conflict.describe(lang).is_empty());
            }
        }
        result
    }

    #[test]
    fn clients_are_the_same_by_siren_then_vat_then_name() {
        let cases = [
            // (current, backup, same client?)
            (
                ("Dupont", Some("732829320")),
                ("Autre nom", Some("73282932000009")),
                true,
            ),
            (
                ("Dupont", Some("73282932000009")),
                ("Dupont", Some("732 829 320 00025")),
                true,
            ),
            (
                ("Dupont", Some("732829320")),
                ("Dupont", Some("FR 44 732829320")),
                true,
            ),
            (
                ("Dupont", Some("732829320")),
                ("Dupont", Some("404833048")),
                false,
            ),
            (
                ("Müller", Some("DE123456789")),
                ("Mueller", Some("de 123 456 789")),
                true,
            ),
            (
                ("Müller", Some("DE123456789")),
                ("Müller", Some("DE987654321")),
                false,
            ),
            (("Müller", Some("DE123456789")), ("Müller", None), false),
            (("Dupont  SARL", None), (" dupont sarl ", None), true),
            (("DUPONT", None), ("dupont", None), true),
            (("Société Durand", None), ("Societe Durand", None), false),
            (("Dupont", None), ("Dupont", Some("732829320")), false),
            (("Dupont", None), ("Durand", None), false),
        ];
        for ((name, tax_id), (backup_name, backup_tax_id), same) in cases {
            let label = format!("{name} {tax_id:?} / {backup_name} {backup_tax_id:?}");
            let (mine, theirs) = (
                client_details(name, tax_id),
                client_details(backup_name, backup_tax_id),
            );
            assert_eq!(
                ClientIdentity::of(&mine) == ClientIdentity::of(&theirs),
                same,
                "{label}"
            );
            let mut current = Book::new();
            let client = current.client(name, tax_id);
            let mut backup = Book::new();
            let other = backup.client(backup_name, backup_tax_id);
            backup.invoice(other, "F-1", eur(dec!(100)), "2026-02-14");
            let (result, report) = merged(&current.ledger, &backup.ledger);
            assert_eq!(
                (report.clients_matched, report.clients_added),
                if same { (1, 0) } else { (0, 1) },
                "{label}"
            );
            assert_eq!(
                result.clients().count(),
                if same { 1 } else { 2 },
                "{label}"
            );
            let owner = result.invoice_by_number("F-1").map(Invoice::client);
            assert_eq!(owner == Some(client), same, "{label}");
            // The current client keeps its details.
            assert_eq!(
                result.client(client),
                current.ledger.client(client),
                "{label}"
            );
        }
    }

    #[test]
    fn a_matched_client_keeps_its_details_and_the_difference_is_reported() {
        let mut current = Book::new();
        let email = ok(Email::parse("compta@dupont.fr"));
        let mine = ok(current
            .ledger
            .add_client(client_details("Dupont", Some("732829320")).with_email(Some(email))));
        let mut backup = Book::new();
        let theirs = backup.client("Dupont SA", Some("73282932000009"));
        backup.invoice(theirs, "F-7", eur(dec!(50)), "2026-02-14");
        let (result, report) = merged(&current.ledger, &backup.ledger);
        assert_eq!(result.client(mine), current.ledger.client(mine));
        assert_eq!(
            result.invoice_by_number("F-7").map(Invoice::client),
            Some(mine)
        );
        let conflict = MergeConflict::ClientDiffers {
            name: "Dupont".into(),
            backup_name: "Dupont SA".into(),
            fields: vec![Field::ClientName, Field::TaxId, Field::Email],
        };
        assert_eq!(report.conflicts, vec![conflict.clone()]);
        assert_eq!(report.invoices_in_conflict, 0);
        assert_eq!(
            conflict.describe(Lang::Fr),
            "Client Dupont (« Dupont SA » dans la sauvegarde) : la sauvegarde a d'autres coordonnées (nom du client, SIREN, SIRET ou n° de TVA, adresse e-mail) ; les vôtres sont gardées."
        );
        assert_eq!(
            conflict.describe(Lang::En),
            "Client Dupont (“Dupont SA” in the backup): the backup has other details (client name, SIREN, SIRET or VAT number, e-mail address); yours are kept."
        );
        // The same details: matched silently.
        let (_, report) = merged(&result, &result);
        assert_eq!(report.conflicts, vec![]);
    }

    /// What a backup invoice numbered like the current one became.
    #[derive(Debug, PartialEq)]
    enum Outcome {
        Present,
        Added,
        Conflict(Vec<InvoiceDifference>),
    }

    /// F-1, 1 200 €, due 14 February, 200 € paid.
    fn same_invoice(book: &mut Book, client: ClientId, _: ClientId) -> InvoiceId {
        let id = book.invoice(client, "F-1", eur(dec!(1200)), "2026-02-14");
        book.pay(id, "2026-02-01", eur(dec!(200)));
        id
    }

    #[test]
    fn invoices_match_by_number_and_conflicts_keep_the_current_invoice() {
        use InvoiceDifference as D;
        let tally = |count, amount| Tally {
            count,
            total: eur(amount),
        };
        type Variant = fn(&mut Book, ClientId, ClientId) -> InvoiceId;
        let same: Variant = same_invoice;
        let cases: [(&str, Variant, Outcome); 11] = [
            ("identical", same, Outcome::Present),
            (
                "another amount",
                |book, client, _| {
                    let id = book.invoice(client, "F-1", eur(dec!(1250)), "2026-02-14");
                    book.pay(id, "2026-02-01", eur(dec!(200)));
                    id
                },
                Outcome::Conflict(vec![D::Amount {
                    current: eur(dec!(1200)),
                    backup: eur(dec!(1250)),
                }]),
            ),
            (
                "another due date",
                |book, client, _| {
                    let id = book.invoice(client, "F-1", eur(dec!(1200)), "2026-03-14");
                    book.pay(id, "2026-02-01", eur(dec!(200)));
                    id
                },
                Outcome::Conflict(vec![D::DueDate {
                    current: date("2026-02-14"),
                    backup: date("2026-03-14"),
                }]),
            ),
            (
                "one more payment",
                |book, client, other| {
                    let id = same_invoice(book, client, other);
                    book.pay(id, "2026-02-20", eur(dec!(300)));
                    id
                },
                Outcome::Conflict(vec![D::Payments {
                    current: tally(1, dec!(200)),
                    backup: tally(2, dec!(500)),
                }]),
            ),
            (
                "a credit note",
                |book, client, other| {
                    let id = same_invoice(book, client, other);
                    book.credit(id, "2026-02-20", eur(dec!(100)));
                    id
                },
                Outcome::Conflict(vec![D::CreditNotes {
                    current: tally(0, dec!(0)),
                    backup: tally(1, dec!(100)),
                }]),
            ),
            (
                "a linked contact",
                |book, client, other| {
                    let id = same_invoice(book, client, other);
                    book.contact(client, "2026-02-20", "Relance", vec![id]);
                    id
                },
                Outcome::Conflict(vec![D::Contacts {
                    current: 0,
                    backup: 1,
                }]),
            ),
            (
                "a plan",
                |book, client, other| {
                    let id = same_invoice(book, client, other);
                    book.plan(id, "2026-03-01", "2026-03-15", 2);
                    id
                },
                Outcome::Conflict(vec![D::Plans {
                    current: 0,
                    backup: 1,
                }]),
            ),
            (
                "disputed",
                |book, client, other| {
                    let id = same_invoice(book, client, other);
                    ok(book.ledger.set_status(id, InvoiceStatus::Disputed));
                    id
                },
                Outcome::Conflict(vec![D::Status {
                    current: InvoiceStatus::Sent,
                    backup: InvoiceStatus::Disputed,
                }]),
            ),
            (
                "another client",
                |book, client, other| same_invoice(book, other, client),
                Outcome::Conflict(vec![D::Client {
                    current: "Dupont".into(),
                    backup: "Durand".into(),
                }]),
            ),
            (
                "several differences",
                |book, _, other| {
                    let id = book.invoice(other, "F-1", eur(dec!(1250)), "2026-03-14");
                    let details = book
                        .ledger
                        .invoice(id)
                        .map(|invoice| invoice.details().clone());
                    let Some(details) = details else { panic!() };
                    ok(book
                        .ledger
                        .update_invoice(id, ok(details.with_notes("urgent"))));
                    id
                },
                Outcome::Conflict(vec![
                    D::Client {
                        current: "Dupont".into(),
                        backup: "Durand".into(),
                    },
                    D::Amount {
                        current: eur(dec!(1200)),
                        backup: eur(dec!(1250)),
                    },
                    D::DueDate {
                        current: date("2026-02-14"),
                        backup: date("2026-03-14"),
                    },
                    D::Payments {
                        current: tally(1, dec!(200)),
                        backup: tally(0, dec!(0)),
                    },
                    D::Details {
                        fields: vec![Field::Notes],
                    },
                ]),
            ),
            // Numbers are compared exactly, as the ledger does: another case is another number.
            (
                "f-1",
                |book, client, _| book.invoice(client, "f-1", eur(dec!(1200)), "2026-02-14"),
                Outcome::Added,
            ),
        ];
        for (label, variant, expected) in cases {
            let mut current = Book::new();
            let client = current.client("Dupont", Some("732829320"));
            current.client("Durand", None);
            let mine = same(&mut current, client, client);
            let mut backup = Book::new();
            // Created in another order: the backup's ids differ from the current ones.
            let other = backup.client("Durand", None);
            let theirs = backup.client("Dupont", Some("732829320"));
            let backup_invoice = variant(&mut backup, theirs, other);
            let (result, report) = merged(&current.ledger, &backup.ledger);
            let outcome = match (report.invoices_added, report.invoices_already_present) {
                (1, 0) => Outcome::Added,
                (0, 1) => Outcome::Present,
                _ => match report.conflicts.as_slice() {
                    [
                        MergeConflict::Invoice {
                            number,
                            differences,
                        },
                    ] if number == "F-1" => Outcome::Conflict(differences.clone()),
                    other => panic!("{label}: {other:?}"),
                },
            };
            assert_eq!(outcome, expected, "{label}");
            assert_eq!(
                report.invoices_in_conflict,
                usize::from(matches!(expected, Outcome::Conflict(_))),
                "{label}"
            );
            // The current invoice is untouched, with everything on it.
            assert_eq!(
                result.invoice(mine),
                current.ledger.invoice(mine),
                "{label}"
            );
            assert_eq!(
                result.payments_of(mine),
                current.ledger.payments_of(mine),
                "{label}"
            );
            assert_eq!(
                result.adjustments_of(mine),
                current.ledger.adjustments_of(mine),
                "{label}"
            );
            assert_eq!(result.contacts_of_invoice(mine).count(), 0, "{label}");
            assert_eq!(result.plans_of(mine).count(), 0, "{label}");
            let added = usize::from(expected == Outcome::Added);
            assert_eq!(result.invoices().count(), 1 + added, "{label}");
            assert_eq!(
                result.payments().count(),
                1 + added * backup.ledger.payments_of(backup_invoice).len(),
                "{label}"
            );
        }
    }

    #[test]
    fn an_invoice_conflict_says_itself_in_both_languages() {
        let conflict = MergeConflict::Invoice {
            number: "F-2024-012".into(),
            differences: vec![InvoiceDifference::Amount {
                current: eur(dec!(1200)),
                backup: eur(dec!(1250)),
            }],
        };
        assert_eq!(
            conflict.describe(Lang::Fr),
            "Facture F-2024-012 : déjà présente avec un montant différent (1\u{202f}200,00\u{a0}€ ici, 1\u{202f}250,00\u{a0}€ dans la sauvegarde) ; la vôtre est gardée."
        );
        assert_eq!(
            conflict.describe(Lang::En),
            "Invoice F-2024-012: already here with a different amount (€1,200.00 here, €1,250.00 in the backup); yours is kept."
        );
        let conflict = MergeConflict::Invoice {
            number: "F-3".into(),
            differences: vec![
                InvoiceDifference::DueDate {
                    current: date("2026-02-14"),
                    backup: date("2026-03-14"),
                },
                InvoiceDifference::Payments {
                    current: Tally {
                        count: 0,
                        total: eur(dec!(0)),
                    },
                    backup: Tally {
                        count: 2,
                        total: eur(dec!(300)),
                    },
                },
                InvoiceDifference::Status {
                    current: InvoiceStatus::Sent,
                    backup: InvoiceStatus::Disputed,
                },
            ],
        };
        assert_eq!(
            conflict.describe(Lang::Fr),
            "Facture F-3 : déjà présente avec une autre échéance (14/02/2026 ici, 14/03/2026 dans la sauvegarde), d'autres paiements (aucun ici, 2 pour 300,00\u{a0}€ dans la sauvegarde) et un autre statut (envoyée ici, contestée dans la sauvegarde) ; la vôtre est gardée."
        );
        assert_eq!(
            conflict.describe(Lang::En),
            "Invoice F-3: already here with a different due date (14 Feb 2026 here, 14 Mar 2026 in the backup), different payments (none here, 2 totalling €300.00 in the backup) and a different status (sent here, disputed in the backup); yours is kept."
        );
    }

    #[test]
    fn a_new_invoice_comes_with_its_payments_credit_notes_contacts_and_plans() {
        let mut current = Book::new();
        let client = current.client("Dupont", Some("732829320"));
        let kept = current.invoice(client, "F-1", eur(dec!(100)), "2026-02-14");
        current.pay(kept, "2026-02-01", eur(dec!(10)));
        let mut backup = Book::new();
        let stranger = backup.client("Martin", None);
        let theirs = backup.client("Dupont", Some("FR44732829320"));
        let old = backup.invoice(theirs, "F-1", eur(dec!(100)), "2026-02-14");
        backup.pay(old, "2026-02-01", eur(dec!(10)));
        let new = backup.invoice(theirs, "F-2", eur(dec!(600)), "2026-03-01");
        backup.pay(new, "2026-03-05", eur(dec!(100)));
        backup.pay(new, "2026-03-02", eur(dec!(50)));
        backup.credit(new, "2026-03-03", eur(dec!(30)));
        backup.contact(theirs, "2026-03-10", "Relance F-2", vec![new]);
        // About F-1 (already present) and F-2: added, linked to F-2 only.
        backup.contact(theirs, "2026-03-11", "Relance F-1 et F-2", vec![old, new]);
        // About F-1 only: F-1 is already present, so is this entry.
        backup.contact(theirs, "2026-03-12", "Relance F-1", vec![old]);
        backup.plan(new, "2026-03-20", "2026-04-01", 3);
        backup.invoice(
            stranger,
            "M-1",
            Money::new(dec!(80), Currency::Gbp),
            "2026-03-01",
        );

        let (result, report) = merged(&current.ledger, &backup.ledger);
        let expected = MergeReport {
            clients_added: 1,
            clients_matched: 1,
            invoices_added: 2,
            invoices_already_present: 0,
            invoices_in_conflict: 1,
            payments_added: 2,
            credit_notes_added: 1,
            contacts_added: 2,
            contacts_already_present: 0,
            plans_added: 1,
            conflicts: vec![
                // A SIREN here, the VAT number in the backup: the same client.
                MergeConflict::ClientDiffers {
                    name: "Dupont".into(),
                    backup_name: "Dupont".into(),
                    fields: vec![Field::TaxId],
                },
                MergeConflict::Invoice {
                    number: "F-1".into(),
                    differences: vec![InvoiceDifference::Contacts {
                        current: 0,
                        backup: 2,
                    }],
                },
            ],
        };
        assert_eq!(report, expected);
        assert_eq!(
            report.conflicts.first().map(|conflict| conflict.describe(Lang::Fr)),
            Some("Client Dupont : la sauvegarde a d'autres coordonnées (SIREN, SIRET ou n° de TVA) ; les vôtres sont gardées.".to_string())
        );
        assert!(report.added_anything());
        let Some(added) = result.invoice_by_number("F-2") else {
            panic!("F-2 missing")
        };
        assert_eq!(added.client(), client);
        assert!(added.id().raw() >= current.ledger.to_parts().next_id);
        assert_eq!(added.gross(), eur(dec!(600)));
        let payments: Vec<(NaiveDate, Money)> = result
            .payments_of(added.id())
            .iter()
            .map(|payment| (payment.date(), payment.amount()))
            .collect();
        assert_eq!(
            payments,
            vec![
                (date("2026-03-02"), eur(dec!(50))),
                (date("2026-03-05"), eur(dec!(100)))
            ]
        );
        assert_eq!(result.adjustments_of(added.id()).len(), 1);
        let summaries: Vec<&str> = result
            .contacts_of_invoice(added.id())
            .map(|entry| entry.details().summary())
            .collect();
        assert_eq!(summaries, vec!["Relance F-2", "Relance F-1 et F-2"]);
        assert_eq!(result.contacts_of_invoice(kept).count(), 0);
        let plans: Vec<Money> = result
            .plans_of(added.id())
            .map(|plan| plan.balance())
            .collect();
        let backup_plans: Vec<Money> = backup
            .ledger
            .plans_of(new)
            .map(|plan| plan.balance())
            .collect();
        assert_eq!(plans, backup_plans);
        assert_eq!(
            result.balance(added.id(), date("2026-12-31")),
            backup.ledger.balance(new, date("2026-12-31"))
        );
        let Some(pounds) = result.invoice_by_number("M-1") else {
            panic!("M-1 missing")
        };
        assert_eq!(pounds.gross(), Money::new(dec!(80), Currency::Gbp));
        assert_eq!(
            result.client(pounds.client()).map(Client::details),
            backup.ledger.client(stranger).map(Client::details)
        );
        // New records have new ids, after every current one (`from_parts` checked they are
        // unique).
        let first_new = current.ledger.to_parts().next_id;
        let parts = result.to_parts();
        let new_ids: Vec<u64> = parts
            .payments
            .iter()
            .map(|payment| payment.id().raw())
            .chain(parts.contacts.iter().map(|entry| entry.id().raw()))
            .chain(parts.plans.iter().map(|(id, _, _)| id.raw()))
            .filter(|id| *id >= first_new)
            .collect();
        assert_eq!(new_ids.len(), 2 + 2 + 1);
        assert!(parts.next_id > first_new);
    }

    #[test]
    fn client_level_contacts_are_added_unless_already_present() {
        let mut current = Book::new();
        let client = current.client("Dupont", None);
        current.contact(client, "2026-03-01", "Appel", vec![]);
        let mut backup = Book::new();
        let theirs = backup.client("DUPONT", None);
        backup.contact(theirs, "2026-03-01", "Appel", vec![]);
        backup.contact(theirs, "2026-03-01", "Appel", vec![]);
        backup.contact(theirs, "2026-03-02", "Appel", vec![]);
        backup.contact(theirs, "2026-03-01", "Courriel", vec![]);
        let (result, report) = merged(&current.ledger, &backup.ledger);
        assert_eq!(
            (report.contacts_added, report.contacts_already_present),
            (3, 1)
        );
        assert_eq!(result.contacts_of_client(client).count(), 4);
        assert_eq!(report.conflicts.len(), 1, "the name's case differs");
        let (again, report) = merged(&result, &backup.ledger);
        assert_eq!(again, result);
        assert_eq!(
            (report.contacts_added, report.contacts_already_present),
            (0, 4)
        );
    }

    #[test]
    fn nothing_is_merged_when_ids_run_out() {
        let mut book = Book::new();
        let client = book.client("Dupont", None);
        book.invoice(client, "F-1", eur(dec!(100)), "2026-02-14");
        let mut parts = book.ledger.to_parts();
        parts.next_id = u64::MAX - 1;
        let current = ok(Ledger::from_parts(parts));
        let mut backup = Book::new();
        let theirs = backup.client("Durand", None);
        backup.invoice(theirs, "F-2", eur(dec!(100)), "2026-02-14");
        let error = merge(&current, &backup.ledger);
        assert_eq!(error, Err(MergeError::Ledger(LedgerError::IdsExhausted)));
        if let Err(error) = error {
            assert_eq!(
                error.describe(Lang::Fr),
                "Le registre est plein : plus aucun identifiant disponible. La sauvegarde n'a pas été fusionnée ; rien n'a changé."
            );
            assert_eq!(
                error.describe(Lang::En),
                "The ledger is full: no identifier is left. The backup was not merged; nothing changed."
            );
        }
        // One id left is enough for one client.
        let mut backup = Book::new();
        backup.client("Durand", None);
        assert!(merge(&current, &backup.ledger).is_ok());
        assert_eq!(
            merge(&current, &ok(Ledger::from_parts(LedgerParts::default())))
                .map(|(ledger, _)| ledger),
            Ok(current.clone())
        );
    }

    #[test]
    fn the_report_says_itself_in_both_languages() {
        let report = MergeReport {
            clients_added: 2,
            clients_matched: 1,
            invoices_added: 5,
            invoices_already_present: 3,
            invoices_in_conflict: 1,
            payments_added: 4,
            credit_notes_added: 1,
            contacts_added: 2,
            contacts_already_present: 3,
            plans_added: 0,
            conflicts: vec![],
        };
        assert_eq!(
            report.describe(Lang::Fr),
            "Sauvegarde fusionnée\u{a0}: 2 clients ajoutés et 1 reconnu\u{a0}; 5 factures ajoutées, 3 déjà présentes et 1 en conflit\u{a0}; 4 paiements, 1 avoir, 2 échanges et 0 échéancier ajoutés (3 échanges déjà présents)."
        );
        assert_eq!(
            report.describe(Lang::En),
            "Backup merged: 2 clients added and 1 matched; 5 invoices added, 3 already present and 1 in conflict; 4 payments, 1 credit note, 2 contact entries and 0 payment plans added (3 contact entries already present)."
        );
        let nothing = MergeReport::default();
        assert!(!nothing.added_anything());
        assert_eq!(
            nothing.describe(Lang::Fr),
            "Sauvegarde fusionnée\u{a0}: 0 client ajouté et 0 reconnu\u{a0}; 0 facture ajoutée, 0 déjà présente et 0 en conflit\u{a0}; 0 paiement, 0 avoir, 0 échange et 0 échéancier ajoutés."
        );
    }

    mod properties {
        use super::*;
        use crate::domain::contact::StepKind;
        use proptest::prelude::*;

        /// Clients the generated ledgers draw from: some are the same client under another
        /// name or identifier.
        const POOL: [(&str, Option<&str>); 8] = [
            ("Dupont", Some("732829320")),
            ("Dupont SA", Some("73282932000025")),
            ("Durand", Some("FR83404833048")),
            ("Durand", Some("404833048")),
            ("Martin", None),
            ("  martin ", None),
            ("Müller GmbH", Some("DE123456789")),
            ("Société Durand", None),
        ];
        const SUMMARIES: [&str; 3] = ["Appel", "Courriel", "Visite"];

        #[derive(Clone, Debug)]
        struct InvoiceSpec {
            client: usize,
            number: u8,
            cents: i64,
            pounds: bool,
            status: u8,
            payments: Vec<(u8, i64)>,
            credit: Option<i64>,
            contact: bool,
            plan: bool,
            in_current: bool,
            in_backup: bool,
            /// 0–4: the same in the backup; 5 and up: one difference.
            backup_variant: u8,
        }

        /// Two ledgers described together, so that they share clients and invoices.
        #[derive(Clone, Debug)]
        struct World {
            /// Pool index in the current ledger, in the backup.
            clients: Vec<(usize, usize)>,
            invoices: Vec<InvoiceSpec>,
            /// Client-level contacts: client, day, summary, in current, in backup.
            notes: Vec<(usize, u8, usize, bool, bool)>,
            /// Whether the backup was built in another order (other ids).
            backup_reversed: bool,
        }

        fn invoice_spec() -> impl Strategy<Value = InvoiceSpec> {
            (
                (0usize..4, 0u8..6, 1i64..100_000_000, any::<bool>(), 0u8..5),
                proptest::collection::vec((0u8..90, 1i64..50_000_000), 0..3),
                proptest::option::of(1i64..10_000_000),
                (any::<bool>(), any::<bool>()),
                (any::<bool>(), any::<bool>(), 0u8..12),
            )
                .prop_map(
                    |(
                        (client, number, cents, pounds, status),
                        payments,
                        credit,
                        (contact, plan),
                        (in_current, in_backup, backup_variant),
                    )| InvoiceSpec {
                        client,
                        number,
                        cents,
                        pounds,
                        status,
                        payments,
                        credit,
                        contact,
                        plan,
                        in_current,
                        in_backup,
                        backup_variant,
                    },
                )
        }

        fn world() -> impl Strategy<Value = World> {
            (
                proptest::collection::vec((0..POOL.len(), 0..POOL.len(), 0u8..4), 1..4),
                proptest::collection::vec(invoice_spec(), 0..8),
                proptest::collection::vec(
                    (
                        0usize..4,
                        0u8..3,
                        0..SUMMARIES.len(),
                        any::<bool>(),
                        any::<bool>(),
                    ),
                    0..5,
                ),
                any::<bool>(),
            )
                .prop_map(|(clients, invoices, notes, backup_reversed)| World {
                    // Mostly the same client on both sides.
                    clients: clients
                        .into_iter()
                        .map(|(mine, other, roll)| (mine, if roll == 0 { other } else { mine }))
                        .collect(),
                    invoices,
                    notes,
                    backup_reversed,
                })
        }

        /// One of the two ledgers a world describes.
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Side {
            Current,
            Backup,
        }

        /// Builds one side of the world through the commands, skipping what they refuse.
        fn build(world: &World, side: Side) -> Ledger {
            let backup = side == Side::Backup;
            let mut ledger = Ledger::new();
            let mut order: Vec<usize> = (0..world.clients.len()).collect();
            let reversed = backup && world.backup_reversed;
            if reversed {
                order.reverse();
            }
            let mut clients: BTreeMap<usize, ClientId> = BTreeMap::new();
            for index in order {
                let Some((mine, theirs)) = world.clients.get(index) else {
                    continue;
                };
                let pool = if backup { *theirs } else { *mine };
                let Some((name, tax_id)) = POOL.get(pool) else {
                    continue;
                };
                if let Ok(id) = ledger.add_client(client_details(name, *tax_id)) {
                    clients.insert(index, id);
                }
            }
            let client_at =
                |index: usize| clients.get(&(index % world.clients.len().max(1))).copied();
            let mut specs: Vec<&InvoiceSpec> = world.invoices.iter().collect();
            if reversed {
                specs.reverse();
            }
            for spec in specs {
                if !(if backup {
                    spec.in_backup
                } else {
                    spec.in_current
                }) {
                    continue;
                }
                let variant = if backup { spec.backup_variant } else { 0 };
                let client_index = spec.client + usize::from(variant == 10);
                let Some(client) = client_at(client_index) else {
                    continue;
                };
                let currency = if spec.pounds {
                    Currency::Gbp
                } else {
                    Currency::Eur
                };
                let cents = spec.cents + i64::from(variant == 5);
                let due = if variant == 6 {
                    "2026-03-14"
                } else {
                    "2026-02-14"
                };
                let Ok(amount) =
                    InvoiceAmount::from_net(Money::new(Decimal::new(cents, 2), currency), dec!(20))
                else {
                    continue;
                };
                let Ok(details) = InvoiceDetails::new(
                    &format!("F-{}", spec.number),
                    client,
                    date("2026-01-15"),
                    amount,
                    PaymentTerms::default(),
                    Some(date(due)),
                    PenaltyClause::FrB2b,
                ) else {
                    continue;
                };
                let details = if variant == 11 {
                    match details.with_notes("autre") {
                        Ok(details) => details,
                        Err(_) => continue,
                    }
                } else {
                    details
                };
                let statuses = [
                    InvoiceStatus::Sent,
                    InvoiceStatus::Sent,
                    InvoiceStatus::Disputed,
                    InvoiceStatus::WrittenOff,
                    InvoiceStatus::Draft,
                ];
                let mut status = statuses
                    .get(usize::from(spec.status))
                    .copied()
                    .unwrap_or(InvoiceStatus::Sent);
                if variant == 7 {
                    status = if status == InvoiceStatus::Disputed {
                        InvoiceStatus::Sent
                    } else {
                        InvoiceStatus::Disputed
                    };
                }
                let Ok(id) = ledger.add_invoice(details, status) else {
                    continue;
                };
                let mut payments = spec.payments.clone();
                if variant == 8 {
                    payments.push((45, 100));
                }
                for (day, cents) in payments {
                    let day = crate::domain::calendar::add_days(date("2026-01-20"), i64::from(day))
                        .unwrap_or(date("2026-01-20"));
                    if let Ok(details) = PaymentDetails::new(
                        id,
                        day,
                        Money::new(Decimal::new(cents, 2), currency),
                        PaymentMethod::BankTransfer,
                        "",
                    ) {
                        let _ = ledger.record_payment(details);
                    }
                }
                if let Some(cents) = spec.credit
                    && let Ok(details) = AdjustmentDetails::new(
                        id,
                        AdjustmentKind::CreditNote,
                        date("2026-02-01"),
                        Money::new(Decimal::new(cents, 2), currency),
                        "avoir",
                    )
                {
                    let _ = ledger.add_adjustment(details);
                }
                if spec.contact || variant == 9 {
                    let summary = if variant == 9 { "Autre" } else { "Relance" };
                    if let Ok(details) = ContactDetails::new(
                        client,
                        date("2026-02-20"),
                        Channel::Email,
                        summary,
                        vec![id],
                        Some(StepKind::FirstReminder),
                    ) {
                        let _ = ledger.log_contact(details);
                    }
                }
                if spec.plan
                    && let Ok(terms) = PlanTerms::new(
                        id,
                        date("2026-03-01"),
                        date("2026-03-15"),
                        3,
                        PlanPeriod::Monthly,
                        InterestDuringPlan::Frozen,
                    )
                {
                    let _ = ledger.agree_plan(terms);
                }
            }
            for (client, day, summary, in_current, in_backup) in &world.notes {
                if !(if backup { *in_backup } else { *in_current }) {
                    continue;
                }
                let (Some(client), Some(summary)) = (client_at(*client), SUMMARIES.get(*summary))
                else {
                    continue;
                };
                let day = crate::domain::calendar::add_days(date("2026-04-01"), i64::from(*day))
                    .unwrap_or(date("2026-04-01"));
                if let Ok(details) =
                    ContactDetails::new(client, day, Channel::Phone, summary, vec![], None)
                {
                    let _ = ledger.log_contact(details);
                }
            }
            ledger
        }

        /// A ledger without its ids: what a person would compare.
        fn view(ledger: &Ledger) -> Vec<String> {
            let client = |id: ClientId| {
                ledger
                    .client(id)
                    .map(|client| format!("{:?}", client.details()))
            };
            let number = |id: InvoiceId| {
                ledger
                    .invoice(id)
                    .map(|invoice| invoice.number().to_string())
            };
            let mut lines: Vec<String> = ledger
                .clients()
                .map(|client| format!("client {:?}", client.details()))
                .collect();
            for invoice in ledger.invoices() {
                let details = invoice.details();
                lines.push(format!(
                    "invoice {} of {:?}: {:?} {} {} {:?} {:?} {:?} {:?} {:?} payments {:?} adjustments {:?} plans {:?}",
                    invoice.number(),
                    client(invoice.client()),
                    invoice.status(),
                    details.issue_date(),
                    details.due_date(),
                    details.amount(),
                    details.terms(),
                    details.penalty(),
                    details.delivery_date(),
                    details.notes(),
                    payment_keys(ledger.payments_of(invoice.id())),
                    adjustment_keys(ledger.adjustments_of(invoice.id())),
                    plan_keys(ledger, invoice.id()),
                ));
            }
            for entry in ledger.contacts() {
                let mut links: Vec<Option<String>> = entry
                    .details()
                    .invoices()
                    .iter()
                    .map(|id| number(*id))
                    .collect();
                links.sort();
                lines.push(format!(
                    "contact of {:?}: {:?} about {links:?}",
                    client(entry.client()),
                    contact_key(entry.details())
                ));
            }
            lines.sort();
            lines
        }

        /// Per currency: invoiced, paid, credited, over the invoices `keep` selects.
        fn totals(
            ledger: &Ledger,
            keep: impl Fn(&Invoice) -> bool,
        ) -> BTreeMap<Currency, (Decimal, Decimal, Decimal)> {
            let mut totals: BTreeMap<Currency, (Decimal, Decimal, Decimal)> = BTreeMap::new();
            for invoice in ledger.invoices().filter(|invoice| keep(invoice)) {
                let line = totals.entry(invoice.currency()).or_default();
                line.0 += invoice.gross().amount();
                for payment in ledger.payments_of(invoice.id()) {
                    line.1 += payment.amount().amount();
                }
                for adjustment in ledger.adjustments_of(invoice.id()) {
                    line.2 += adjustment.amount().amount();
                }
            }
            totals
        }

        fn merged_ok(
            current: &Ledger,
            backup: &Ledger,
        ) -> Result<(Ledger, MergeReport), TestCaseError> {
            let before = current.clone();
            let result = merge(current, backup);
            prop_assert_eq!(current, &before);
            match result {
                Ok(result) => Ok(result),
                Err(error) => Err(TestCaseError::fail(format!("{error:?}"))),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn a_merge_keeps_every_current_record_and_counts_what_it_adds(world in world()) {
                let (current, backup) = (build(&world, Side::Current), build(&world, Side::Backup));
                for (mine, theirs) in [(&current, &backup), (&backup, &current)] {
                    let (result, report) = merged_ok(mine, theirs)?;
                    prop_assert_eq!(Ledger::from_parts(result.to_parts()), Ok(result.clone()));
                    for client in mine.clients() {
                        prop_assert_eq!(result.client(client.id()), Some(client));
                    }
                    for invoice in mine.invoices() {
                        prop_assert_eq!(result.invoice(invoice.id()), Some(invoice));
                        prop_assert_eq!(result.payments_of(invoice.id()), mine.payments_of(invoice.id()));
                        prop_assert_eq!(result.adjustments_of(invoice.id()), mine.adjustments_of(invoice.id()));
                        prop_assert!(result.contacts_of_invoice(invoice.id()).eq(mine.contacts_of_invoice(invoice.id())));
                        prop_assert!(result.plans_of(invoice.id()).eq(mine.plans_of(invoice.id())));
                    }
                    for entry in mine.contacts() {
                        prop_assert_eq!(result.contact(entry.id()), Some(entry));
                    }
                    prop_assert_eq!(result.clients().count(), mine.clients().count() + report.clients_added);
                    prop_assert_eq!(report.clients_added + report.clients_matched, theirs.clients().count());
                    prop_assert_eq!(result.invoices().count(), mine.invoices().count() + report.invoices_added);
                    prop_assert_eq!(
                        report.invoices_added + report.invoices_already_present + report.invoices_in_conflict,
                        theirs.invoices().count()
                    );
                    let new_numbers = theirs.invoices().filter(|invoice| mine.invoice_by_number(invoice.number()).is_none()).count();
                    prop_assert_eq!(report.invoices_added, new_numbers);
                    prop_assert_eq!(result.payments().count(), mine.payments().count() + report.payments_added);
                    prop_assert_eq!(result.adjustments().count(), mine.adjustments().count() + report.credit_notes_added);
                    prop_assert_eq!(result.contacts().count(), mine.contacts().count() + report.contacts_added);
                    prop_assert_eq!(result.plans().count(), mine.plans().count() + report.plans_added);
                    prop_assert_eq!(
                        report.conflicts.iter().filter(|conflict| matches!(conflict, MergeConflict::Invoice { .. })).count(),
                        report.invoices_in_conflict
                    );
                    for lang in Lang::ALL {
                        prop_assert!(!report.describe(lang).is_empty());
                        for conflict in &report.conflicts {
                            prop_assert!(!conflict.describe(lang).is_empty());
                        }
                    }
                }
            }

            #[test]
            fn merging_the_same_backup_twice_adds_nothing_the_second_time(world in world()) {
                let (current, backup) = (build(&world, Side::Current), build(&world, Side::Backup));
                let (once, first) = merged_ok(&current, &backup)?;
                let (twice, second) = merged_ok(&once, &backup)?;
                prop_assert_eq!(&twice, &once);
                prop_assert!(!second.added_anything(), "{:?}", second);
                prop_assert_eq!(&second.conflicts, &first.conflicts);
                prop_assert_eq!(second.invoices_in_conflict, first.invoices_in_conflict);
                prop_assert_eq!(
                    second.invoices_already_present,
                    first.invoices_already_present + first.invoices_added
                );
            }

            #[test]
            fn merging_with_an_empty_ledger_gives_the_other_one(world in world()) {
                let (current, backup) = (build(&world, Side::Current), build(&world, Side::Backup));
                let empty = Ledger::new();
                let (same, report) = merged_ok(&current, &empty)?;
                prop_assert_eq!(&same, &current);
                prop_assert_eq!(report, MergeReport::default());
                let (copy, report) = merged_ok(&empty, &backup)?;
                prop_assert_eq!(view(&copy), view(&backup));
                prop_assert_eq!(report.conflicts, vec![]);
                prop_assert_eq!(report.contacts_added, backup.contacts().count());
            }

            #[test]
            fn money_is_conserved_in_each_currency(world in world()) {
                let (current, backup) = (build(&world, Side::Current), build(&world, Side::Backup));
                let (result, _) = merged_ok(&current, &backup)?;
                let mut expected = totals(&current, |_| true);
                let added = totals(&backup, |invoice| current.invoice_by_number(invoice.number()).is_none());
                for (currency, (gross, paid, credited)) in added {
                    let line = expected.entry(currency).or_default();
                    line.0 += gross;
                    line.1 += paid;
                    line.2 += credited;
                }
                prop_assert_eq!(totals(&result, |_| true), expected);
            }
        }
    }
}
