//! The invoice form as a pure model (no Leptos; tested natively).
//!
//! [`FormState`] holds every field as typed, so nothing typed is lost or rewritten. [`check`]
//! reads it through the domain's own parsers (`InvoiceDraft`, `TermsDraft`, `PenaltyDraft`,
//! the field parsers): one error per field, all at once, each a sentence of the domain; the
//! due date the terms give, and for "N jours fin de mois" the other reading; the legal-cap
//! warning (never a refusal); the penalty clause the law suggests for the client; and, when
//! nothing is wrong, the `InvoiceDetails` to save. Number proposals ([`propose_number`]) and
//! prefills (`?client=3`, `?copy=7`) live here too.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::domain::edit;
use crate::domain::field::{Field, FieldError, parse_date, parse_optional_date, parse_percent};
use crate::domain::interest::{Flag, Rate, RateTables, RegimeId, contract_rate_floor};
use crate::domain::invoice::parse_positive_amount;
use crate::domain::{
    ClientId, Currency, DueRule, Invoice, InvoiceDetails, InvoiceDraft, InvoiceError,
    InvoiceFields, InvoiceId, InvoicePart, InvoiceStatus, Ledger, LedgerError, LegalCapWarning,
    PaymentTerms, PenaltyClause, PenaltyDraft, TermsDraft, TermsError, default_clause_for,
    legal_cap_warning,
};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::Query;
use crate::ui::invoices::list_model::QueryProblem;
use crate::ui::invoices::texts::{changed_elsewhere, conflict_texts, invoices_texts};

/// The statuses a form can store, with their codes.
pub const STATUSES: [InvoiceStatus; 4] = [
    InvoiceStatus::Draft,
    InvoiceStatus::Sent,
    InvoiceStatus::Disputed,
    InvoiceStatus::WrittenOff,
];

/// The term kinds offered, by code (`DueRule::code`).
pub const TERM_KINDS: [&str; 5] = [
    "on-receipt",
    "net",
    "days-end-of-month",
    "end-of-month-days",
    "fixed-date",
];

/// Whether the amount typed includes tax.
pub const BASIS_GROSS: &str = "gross";
pub const BASIS_NET: &str = "net";

/// What a new invoice starts with before a client is chosen: the user's settings
/// (`state::settings`), or euros, net 30 and French B2B penalties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewInvoiceDefaults {
    pub currency: Currency,
    pub terms: PaymentTerms,
    pub penalty: PenaltyClause,
}

impl Default for NewInvoiceDefaults {
    fn default() -> NewInvoiceDefaults {
        NewInvoiceDefaults {
            currency: Currency::Eur,
            terms: PaymentTerms::default(),
            penalty: PenaltyClause::FrB2b,
        }
    }
}

impl NewInvoiceDefaults {
    /// The defaults the user set in Settings.
    pub fn of(settings: &crate::state::settings::Preferences) -> NewInvoiceDefaults {
        NewInvoiceDefaults {
            currency: settings.currency,
            terms: settings.terms,
            penalty: settings.penalty,
        }
    }
}

/// Every field of the form, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormState {
    pub number: String,
    /// The chosen client's raw id; empty: none chosen.
    pub client: String,
    /// An `InvoiceStatus::code`.
    pub status: String,
    pub issue_date: String,
    pub delivery_date: String,
    pub amount: String,
    /// [`BASIS_GROSS`] or [`BASIS_NET`].
    pub amount_basis: String,
    pub tax_rate: String,
    pub currency: String,
    pub terms: TermsDraft,
    /// A due date set by hand; empty: from the terms.
    pub due_date: String,
    pub penalty: PenaltyDraft,
    pub notes: String,
}

impl FormState {
    /// A new invoice issued `today`: the next number, sent, in euros, net 30, French B2B
    /// penalties until a client says otherwise.
    pub fn blank(ledger: &Ledger, today: NaiveDate) -> FormState {
        FormState::blank_with(ledger, today, &NewInvoiceDefaults::default())
    }

    /// A new invoice issued `today` with the user's `defaults` (Settings): the next number,
    /// sent, their currency, terms and penalty clause until a client says otherwise.
    pub fn blank_with(
        ledger: &Ledger,
        today: NaiveDate,
        defaults: &NewInvoiceDefaults,
    ) -> FormState {
        FormState {
            number: propose_number(ledger, today),
            client: String::new(),
            status: InvoiceStatus::Sent.code().to_string(),
            issue_date: today.to_string(),
            delivery_date: String::new(),
            amount: String::new(),
            amount_basis: BASIS_GROSS.to_string(),
            tax_rate: String::new(),
            currency: defaults.currency.code().to_string(),
            terms: TermsDraft::from_terms(defaults.terms),
            due_date: String::new(),
            penalty: PenaltyDraft::from_clause(defaults.penalty),
            notes: String::new(),
        }
    }

    /// The form showing `invoice` (to edit it). The amount is the gross, which payments are
    /// counted against, so it is kept to the cent.
    pub fn from_invoice(invoice: &Invoice) -> FormState {
        FormState::from_details(invoice.details(), invoice.status())
    }

    /// The form showing `details` with `status`.
    pub fn from_details(details: &InvoiceDetails, status: InvoiceStatus) -> FormState {
        let amount = details.amount();
        let tax_rate = amount.tax_rate_percent();
        FormState {
            number: details.number().to_string(),
            client: details.client().raw().to_string(),
            status: status.code().to_string(),
            issue_date: details.issue_date().to_string(),
            delivery_date: details
                .delivery_date()
                .map(|date| date.to_string())
                .unwrap_or_default(),
            amount: amount.gross().amount().to_string(),
            amount_basis: BASIS_GROSS.to_string(),
            tax_rate: if tax_rate.is_zero() {
                String::new()
            } else {
                tax_rate.normalize().to_string()
            },
            currency: details.currency().code().to_string(),
            terms: TermsDraft::from_terms(details.terms()),
            due_date: if details.due_date_set_by_hand() {
                details.due_date().to_string()
            } else {
                String::new()
            },
            penalty: PenaltyDraft::from_clause(details.penalty()),
            notes: details.notes().to_string(),
        }
    }

    /// A new invoice like `invoice`: the next number, issued `today`, its due date from the
    /// terms again, sent.
    pub fn copy_of(invoice: &Invoice, ledger: &Ledger, today: NaiveDate) -> FormState {
        FormState {
            number: propose_number(ledger, today),
            status: InvoiceStatus::Sent.code().to_string(),
            issue_date: today.to_string(),
            delivery_date: String::new(),
            due_date: String::new(),
            ..FormState::from_invoice(invoice)
        }
    }

    /// The form for a new invoice from its link's query: `client=<id>` chooses the client,
    /// `copy=<id>` copies an invoice. What is not understood is left out and said.
    pub fn from_prefill(
        query: &Query,
        ledger: &Ledger,
        today: NaiveDate,
    ) -> (FormState, Vec<QueryProblem>) {
        FormState::from_prefill_with(query, ledger, today, &NewInvoiceDefaults::default())
    }

    /// [`FormState::from_prefill`] with the user's `defaults` (Settings).
    pub fn from_prefill_with(
        query: &Query,
        ledger: &Ledger,
        today: NaiveDate,
        defaults: &NewInvoiceDefaults,
    ) -> (FormState, Vec<QueryProblem>) {
        let mut form = FormState::blank_with(ledger, today, defaults);
        let mut problems = Vec::new();
        let id = |value: &str| {
            let value = value.trim();
            (!value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| value.parse::<u64>().ok())
                .flatten()
        };
        for (key, value) in query.pairs() {
            let understood = match key.as_str() {
                "copy" => id(value)
                    .and_then(|raw| ledger.invoice(InvoiceId::from_raw(raw)))
                    .map(|invoice| form = FormState::copy_of(invoice, ledger, today))
                    .is_some(),
                "client" => id(value)
                    .and_then(|raw| ledger.client(ClientId::from_raw(raw)))
                    .map(|client| {
                        form.choose_client_with(ledger, &client.id().raw().to_string(), defaults)
                    })
                    .is_some(),
                _ => false,
            };
            if !understood {
                problems.push(QueryProblem {
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
        (form, problems)
    }

    /// Chooses the client `value` (a raw id). Terms and penalties that still are what the
    /// previous client (or a blank form) suggested become the new client's; what the user
    /// changed stays.
    pub fn choose_client(&mut self, ledger: &Ledger, value: &str) {
        self.choose_client_with(ledger, value, &NewInvoiceDefaults::default());
    }

    /// [`FormState::choose_client`] where no client suggests the user's `defaults`.
    pub fn choose_client_with(
        &mut self,
        ledger: &Ledger,
        value: &str,
        defaults: &NewInvoiceDefaults,
    ) {
        let suggestions = |client: &str| {
            let client = client
                .trim()
                .parse::<u64>()
                .ok()
                .and_then(|raw| ledger.client(ClientId::from_raw(raw)));
            match client {
                Some(client) => (
                    TermsDraft::from_terms(client.details().default_terms()),
                    PenaltyDraft::from_clause(default_clause_for(
                        client.details().country(),
                        client.details().kind(),
                    )),
                ),
                None => (
                    TermsDraft::from_terms(defaults.terms),
                    PenaltyDraft::from_clause(defaults.penalty),
                ),
            }
        };
        let (old_terms, old_penalty) = suggestions(&self.client);
        let (new_terms, new_penalty) = suggestions(value);
        if self.terms == old_terms {
            self.terms = new_terms;
        }
        if self.penalty == old_penalty {
            self.penalty = new_penalty;
        }
        self.client = value.to_string();
    }

    /// The draft the domain parses.
    pub fn to_draft(&self) -> InvoiceDraft {
        InvoiceDraft {
            number: self.number.clone(),
            client: self
                .client
                .trim()
                .parse::<u64>()
                .ok()
                .map(ClientId::from_raw),
            issue_date: self.issue_date.clone(),
            delivery_date: self.delivery_date.clone(),
            amount: self.amount.clone(),
            amount_includes_tax: self.amount_basis != BASIS_NET,
            tax_rate: self.tax_rate.clone(),
            currency: self.currency.clone(),
            terms: self.terms.clone(),
            due_date: self.due_date.clone(),
            penalty: self.penalty.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// Why a field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    Invoice(InvoiceError),
    /// The number is another invoice's.
    Ledger(LedgerError),
    UnknownStatus(String),
}

impl Describe for FormError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (FormError::Invoice(error), _) => error.describe(lang),
            (FormError::Ledger(error), _) => error.describe(lang),
            (FormError::UnknownStatus(text), Lang::Fr) => {
                format!("Statut\u{a0}: «\u{a0}{text}\u{a0}» ne fait pas partie des choix proposés.")
            }
            (FormError::UnknownStatus(text), Lang::En) => {
                format!("Status: “{text}” is not one of the choices offered.")
            }
        }
    }
}

impl From<FieldError> for FormError {
    fn from(error: FieldError) -> FormError {
        FormError::Invoice(InvoiceError::Field(error))
    }
}

/// The name of the form's field (`inv-input-{name}`) where a domain field's error shows.
pub fn field_name(field: Field) -> &'static str {
    match field {
        Field::InvoiceNumber => "number",
        Field::Client => "client",
        Field::IssueDate => "issue",
        Field::DeliveryDate => "delivery",
        Field::DueDate => "due",
        Field::Amount => "amount",
        Field::TaxRate => "tax",
        Field::Currency => "currency",
        Field::TermsKind => "terms",
        Field::TermsDays => "days",
        Field::TermsFixedDate => "fixed",
        Field::DiscountRate => "discount",
        Field::DiscountDays => "discount-days",
        Field::PenaltyRegime => "penalty",
        Field::PenaltyRate => "penalty-rate",
        Field::FixedCompensation => "compensation",
        _ => "notes",
    }
}

/// What the form says now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// One error per field name, in the form's order of discovery.
    pub errors: Vec<(&'static str, FormError)>,
    /// The due date the form gives now, if it can be computed.
    pub due_date: Option<NaiveDate>,
    /// For "N jours fin de mois": the other reading's code and due date, when it differs.
    pub other_reading: Option<(&'static str, NaiveDate)>,
    pub warning: Option<LegalCapWarning>,
    /// The clause the law suggests for the chosen client, when the form says another.
    pub suggested_penalty: Option<PenaltyClause>,
    /// What to save, when nothing is wrong.
    pub details: Option<InvoiceDetails>,
    pub status: Option<InvoiceStatus>,
}

impl Checked {
    pub fn error(&self, name: &str) -> Option<&FormError> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, error)| error)
    }
}

/// The field an invoice error belongs to, given the form (a due date before the issue date
/// is the hand-set date's fault if there is one, else the agreed date's).
fn field_of(error: &InvoiceError, form: &FormState) -> &'static str {
    match error {
        InvoiceError::Field(error) | InvoiceError::Terms(TermsError::Field(error)) => {
            field_name(error.field())
        }
        InvoiceError::Terms(TermsError::DueDateOutOfCalendar { .. }) => "days",
        InvoiceError::DueBeforeIssue { .. } if !form.due_date.trim().is_empty() => "due",
        InvoiceError::DueBeforeIssue { .. } => "fixed",
        InvoiceError::CompensationCurrency { .. } => "compensation",
    }
}

/// Checks the form against the ledger; `editing`: the invoice being edited (its own number
/// is not "taken").
pub fn check(form: &FormState, ledger: &Ledger, editing: Option<InvoiceId>) -> Checked {
    let mut errors: Vec<(&'static str, FormError)> = Vec::new();
    let mut refuse = |name: &'static str, error: FormError| {
        if !errors.iter().any(|(field, _)| *field == name) {
            errors.push((name, error));
        }
    };
    let number = form.number.trim();
    if number.is_empty() {
        refuse(
            "number",
            FieldError::Missing {
                field: Field::InvoiceNumber,
            }
            .into(),
        );
    } else if let Some(other) = ledger.invoice_by_number(number)
        && Some(other.id()) != editing
    {
        refuse(
            "number",
            FormError::Ledger(LedgerError::DuplicateInvoiceNumber {
                number: number.to_string(),
            }),
        );
    }
    let client = form
        .client
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|raw| ledger.client(ClientId::from_raw(raw)));
    match (form.client.trim(), client) {
        ("", _) => refuse(
            "client",
            FieldError::Missing {
                field: Field::Client,
            }
            .into(),
        ),
        (text, None) => refuse(
            "client",
            FieldError::UnknownChoice {
                field: Field::Client,
                text: text.to_string(),
            }
            .into(),
        ),
        _ => {}
    }
    let status = STATUSES
        .into_iter()
        .find(|status| status.code() == form.status.trim());
    if status.is_none() {
        refuse("status", FormError::UnknownStatus(form.status.clone()));
    }
    let issue_date = parse_date(Field::IssueDate, &form.issue_date);
    if let Err(error) = &issue_date {
        refuse("issue", error.clone().into());
    }
    if let Err(error) = parse_optional_date(Field::DeliveryDate, &form.delivery_date) {
        refuse("delivery", error.into());
    }
    let currency = match form.currency.trim() {
        "" => Err(FieldError::Missing {
            field: Field::Currency,
        }),
        code => Currency::from_code(code).map_err(|_| FieldError::UnknownChoice {
            field: Field::Currency,
            text: code.to_string(),
        }),
    };
    match currency {
        Err(error) => refuse("currency", error.into()),
        Ok(currency) => {
            if let Err(error) = parse_positive_amount(Field::Amount, &form.amount, currency) {
                refuse("amount", error.into());
            }
            if let Err(error) = form.penalty.parse(currency) {
                refuse(field_name(error.field()), error.into());
            }
        }
    }
    if !form.tax_rate.trim().is_empty()
        && let Err(error) = parse_percent(
            Field::TaxRate,
            &form.tax_rate,
            Decimal::ZERO,
            Decimal::ONE_HUNDRED,
        )
    {
        refuse("tax", error.into());
    }
    let terms = form.terms.parse();
    if let Err(error) = &terms {
        let error = InvoiceError::Terms(error.clone());
        refuse(field_of(&error, form), FormError::Invoice(error));
    }
    let due_by_hand = parse_optional_date(Field::DueDate, &form.due_date);
    if let Err(error) = &due_by_hand {
        refuse("due", error.clone().into());
    }
    // The due date now, and the other reading of "fin de mois".
    let (mut due_date, mut other_reading) = (None, None);
    if let (Ok(issue_date), Ok(terms)) = (&issue_date, &terms) {
        due_date = match &due_by_hand {
            Ok(Some(date)) => Some(*date),
            _ => terms.due_date(*issue_date).ok(),
        };
        let other = match terms.rule() {
            DueRule::DaysThenEndOfMonth { days } => {
                Some(("end-of-month-days", DueRule::EndOfMonthThenDays { days }))
            }
            DueRule::EndOfMonthThenDays { days } => {
                Some(("days-end-of-month", DueRule::DaysThenEndOfMonth { days }))
            }
            _ => None,
        };
        other_reading = other
            .and_then(|(code, rule)| {
                let terms = PaymentTerms::new(rule, terms.discount()).ok()?;
                Some((code, terms.due_date(*issue_date).ok()?))
            })
            .filter(|(_, date)| Some(*date) != terms.due_date(*issue_date).ok());
    }
    let warning = match (client, &issue_date, due_date) {
        (Some(client), Ok(issue_date), Some(due_date)) => legal_cap_warning(
            *issue_date,
            due_date,
            client.details().country(),
            client.details().kind(),
        ),
        _ => None,
    };
    let suggested_penalty = client
        .map(|client| default_clause_for(client.details().country(), client.details().kind()))
        .filter(|clause| clause.regime_id() != form.penalty.regime.trim());
    // The domain's whole reading: what the checks above do not see (a number too long, a
    // due date before the issue date, a compensation in another currency…).
    let details = match form.to_draft().parse() {
        Ok(details) => Some(details),
        Err(error) => {
            refuse(field_of(&error, form), FormError::Invoice(error));
            None
        }
    };
    Checked {
        details: details.filter(|_| errors.is_empty()),
        errors,
        due_date,
        other_reading,
        warning,
        suggested_penalty,
        status,
    }
}

/// A French contract rate below its floor (three times the legal rate of the half-year in
/// which interest would start, the day after the due date: art. L441-10 Code de commerce): the
/// warning to show under the clause, never a refusal. `None` for any other clause, a rate not
/// typed yet, or a rate at or above the floor.
pub fn contract_floor_warning(
    form: &FormState,
    due_date: Option<NaiveDate>,
    tables: &RateTables,
) -> Option<Flag> {
    let currency = Currency::from_code(form.currency.trim()).ok()?;
    let PenaltyClause::FrB2bContract {
        annual_rate_percent,
    } = form.penalty.parse(currency).ok()?
    else {
        return None;
    };
    let first_day = due_date?.succ_opt()?;
    contract_rate_floor(tables, Rate::from_percent(annual_rate_percent), first_day)
}

/// The number to propose for a new invoice: the last invoice's (the latest added) with its
/// final digits plus one, their width kept (`F-2026-042` → `F-2026-043`, `F-999` → `F-1000`),
/// skipping numbers already used; `F-<year>-001` for a first invoice or a last number without
/// digits at its end.
pub fn propose_number(ledger: &Ledger, today: NaiveDate) -> String {
    let fallback = format!("F-{}-001", today.year());
    let start = ledger
        .invoices()
        .last()
        .map(|invoice| invoice.number().to_string())
        .filter(|number| number.ends_with(|character: char| character.is_ascii_digit()))
        .map(|number| increment(&number));
    let mut candidate = start.unwrap_or(fallback);
    // Bounded: a ledger of any size has no run of 100,000 taken numbers after the last one.
    for _ in 0..100_000 {
        if ledger.invoice_by_number(&candidate).is_none() {
            break;
        }
        candidate = increment(&candidate);
    }
    candidate
}

/// `text` with its final run of digits plus one, the run's width kept unless it overflows
/// (`A-099` → `A-100`, `A-99` → `A-100`); `text` + `1` if it ends with no digit.
fn increment(text: &str) -> String {
    let digits_start = text
        .char_indices()
        .rev()
        .take_while(|(_, character)| character.is_ascii_digit())
        .last()
        .map_or(text.len(), |(index, _)| index);
    let (prefix, digits) = text.split_at(digits_start);
    let mut bumped: Vec<u8> = digits.bytes().collect();
    let mut carry = true;
    for digit in bumped.iter_mut().rev() {
        if !carry {
            break;
        }
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            carry = false;
        }
    }
    let bumped = String::from_utf8(bumped).unwrap_or_default();
    if carry {
        format!("{prefix}1{bumped}")
    } else {
        format!("{prefix}{bumped}")
    }
}

/// What an edit was opened with (the invoice then, part by part, and its status): what the
/// save merges the form with and the version stored by then (see [`save_edit`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditBase {
    pub fields: InvoiceFields,
    pub status: InvoiceStatus,
}

impl EditBase {
    pub fn of(invoice: &Invoice) -> EditBase {
        EditBase {
            fields: InvoiceFields::of(invoice.details()),
            status: invoice.status(),
        }
    }

    /// The base once the user has seen the other tab's values of the conflict's parts (and
    /// kept theirs, or taken the other's): the next save puts the form's values there, and
    /// still keeps every other change of the other tab.
    pub fn seen(&self, conflict: &EditConflict) -> EditBase {
        let details: Vec<InvoicePart> = conflict
            .parts
            .iter()
            .filter_map(|part| match part {
                EditPart::Details(part) => Some(*part),
                EditPart::Status => None,
            })
            .collect();
        EditBase {
            fields: edit::rebased(&self.fields, &InvoiceFields::of(&conflict.theirs), &details),
            status: if conflict.parts.contains(&EditPart::Status) {
                conflict.their_status
            } else {
                self.status
            },
        }
    }
}

/// A part of the invoice form that an edit merges: one of the invoice's, or its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditPart {
    Details(InvoicePart),
    Status,
}

impl EditPart {
    /// The form's field (`inv-input-{name}`) beside which a conflict on the part is said.
    pub fn name(self) -> &'static str {
        match self {
            EditPart::Details(part) => field_name(part.field()),
            EditPart::Status => "status",
        }
    }
}

/// The invoice was changed in another tab while the form was being filled, and the save
/// met a field changed both there and here: nothing was saved, the form keeps what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditConflict {
    /// The parts to settle, in the form's order (see [`crate::domain::edit::EditConflict`]).
    pub parts: Vec<EditPart>,
    /// The invoice as the other tab left it.
    pub theirs: InvoiceDetails,
    pub their_status: InvoiceStatus,
    /// What this form tried to save.
    pub mine: InvoiceDetails,
    pub my_status: InvoiceStatus,
    /// Why the two versions, though no field clashed, no longer hold together.
    pub broken: Option<InvoiceError>,
}

/// Why an edit was not saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveRefusal {
    Ledger(LedgerError),
    Conflict(Box<EditConflict>),
}

impl From<LedgerError> for SaveRefusal {
    fn from(error: LedgerError) -> SaveRefusal {
        SaveRefusal::Ledger(error)
    }
}

impl Describe for SaveRefusal {
    fn describe(&self, lang: Lang) -> String {
        match self {
            SaveRefusal::Ledger(error) => error.describe(lang),
            SaveRefusal::Conflict(_) => conflict_texts(lang).intro.to_string(),
        }
    }
}

/// The command an edit's save applies (through `Books::apply`, which may run it again on
/// another tab's newer version): the form's `details` and `status`, merged with the invoice as
/// stored now from `base`, what the form was opened with. Only what the form changed is
/// written; a field changed here and, differently, elsewhere is a conflict, and nothing is.
pub fn save_edit(
    ledger: &mut Ledger,
    id: InvoiceId,
    base: &EditBase,
    details: &InvoiceDetails,
    status: InvoiceStatus,
) -> Result<InvoiceId, SaveRefusal> {
    let invoice = ledger.invoice(id).ok_or(LedgerError::UnknownInvoice(id))?;
    let merged = base.fields.merge(details, invoice.details());
    let merged_status = edit::merge_value(&base.status, &status, &invoice.status());
    let (merged, merged_status) = match (merged, merged_status) {
        (Ok(merged), Some(merged_status)) => (merged, merged_status),
        (merged, merged_status) => {
            let (mut parts, broken) = match merged {
                Ok(_) => (Vec::new(), None),
                Err(conflict) => (
                    conflict
                        .parts
                        .into_iter()
                        .map(EditPart::Details)
                        .collect::<Vec<_>>(),
                    conflict.broken,
                ),
            };
            if merged_status.is_none() {
                // The status comes second in the form, after the number.
                let at =
                    usize::from(parts.first() == Some(&EditPart::Details(InvoicePart::Number)));
                parts.insert(at, EditPart::Status);
            }
            return Err(SaveRefusal::Conflict(Box::new(EditConflict {
                parts,
                theirs: invoice.details().clone(),
                their_status: invoice.status(),
                mine: details.clone(),
                my_status: status,
                broken,
            })));
        }
    };
    ledger.update_invoice(id, merged)?;
    ledger.set_status(id, merged_status)?;
    Ok(id)
}

impl FormState {
    /// Puts in the form the other tab's values of the conflict's parts (the rest of what was
    /// typed stays).
    pub fn take_theirs(&mut self, conflict: &EditConflict) {
        let theirs = FormState::from_details(&conflict.theirs, conflict.their_status);
        for part in &conflict.parts {
            match part {
                EditPart::Status => self.status.clone_from(&theirs.status),
                EditPart::Details(part) => match part {
                    InvoicePart::Number => self.number.clone_from(&theirs.number),
                    InvoicePart::Client => self.client.clone_from(&theirs.client),
                    InvoicePart::IssueDate => self.issue_date.clone_from(&theirs.issue_date),
                    InvoicePart::DeliveryDate => {
                        self.delivery_date.clone_from(&theirs.delivery_date);
                    }
                    InvoicePart::Amount => {
                        self.amount.clone_from(&theirs.amount);
                        self.amount_basis.clone_from(&theirs.amount_basis);
                        self.tax_rate.clone_from(&theirs.tax_rate);
                        self.currency.clone_from(&theirs.currency);
                    }
                    InvoicePart::Terms => {
                        self.terms.kind.clone_from(&theirs.terms.kind);
                        self.terms.days.clone_from(&theirs.terms.days);
                        self.terms.fixed_date.clone_from(&theirs.terms.fixed_date);
                    }
                    InvoicePart::Discount => {
                        self.terms
                            .discount_percent
                            .clone_from(&theirs.terms.discount_percent);
                        self.terms
                            .discount_days
                            .clone_from(&theirs.terms.discount_days);
                    }
                    InvoicePart::DueDate => self.due_date.clone_from(&theirs.due_date),
                    InvoicePart::Penalty => self.penalty.clone_from(&theirs.penalty),
                    InvoicePart::Notes => self.notes.clone_from(&theirs.notes),
                },
            }
        }
    }
}

/// One field of a conflict, as the form says it: beside the field (`name`) and in the list at
/// the top (`label`: the field's label).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictLine {
    pub name: &'static str,
    pub label: &'static str,
    /// "Changed in another tab while you were editing: “X”. Yours: “Y”."
    pub message: String,
}

/// What the form says of `conflict`, field by field; `ledger` names the clients.
pub fn conflict_lines(conflict: &EditConflict, ledger: &Ledger, lang: Lang) -> Vec<ConflictLine> {
    let texts = invoices_texts(lang);
    conflict
        .parts
        .iter()
        .map(|&part| {
            let theirs = part_text(part, &conflict.theirs, conflict.their_status, ledger, lang);
            let mine = part_text(part, &conflict.mine, conflict.my_status, ledger, lang);
            ConflictLine {
                name: part.name(),
                label: match part {
                    EditPart::Details(part) => part.field().label(lang),
                    EditPart::Status => texts.status,
                },
                message: changed_elsewhere(&theirs, &mine, lang),
            }
        })
        .collect()
}

/// A part's value in words, as the user would recognise it.
fn part_text(
    part: EditPart,
    details: &InvoiceDetails,
    status: InvoiceStatus,
    ledger: &Ledger,
    lang: Lang,
) -> String {
    let texts = invoices_texts(lang);
    let date = |date: Option<NaiveDate>| {
        date.map_or(conflict_texts(lang).none.to_string(), |date| {
            format::date_short(date, lang)
        })
    };
    let percent = |value: Decimal| {
        let value = value.normalize();
        let number = format::decimal(value, value.scale(), lang);
        match lang {
            Lang::Fr => format!("{number}\u{a0}%"),
            Lang::En => format!("{number}%"),
        }
    };
    let part = match part {
        EditPart::Status => {
            return match status {
                InvoiceStatus::Draft => texts.status_draft,
                InvoiceStatus::Sent => texts.status_sent,
                InvoiceStatus::Disputed => texts.status_disputed,
                InvoiceStatus::WrittenOff => texts.status_written_off,
            }
            .to_string();
        }
        EditPart::Details(part) => part,
    };
    match part {
        InvoicePart::Number => details.number().to_string(),
        InvoicePart::Client => ledger.client(details.client()).map_or_else(
            || details.client().raw().to_string(),
            |client| client.name().to_string(),
        ),
        InvoicePart::IssueDate => format::date_short(details.issue_date(), lang),
        InvoicePart::DeliveryDate => date(details.delivery_date()),
        InvoicePart::Amount => {
            let amount = details.amount();
            let gross = format::money(amount.gross(), lang);
            if amount.tax_rate_percent().is_zero() {
                gross
            } else {
                format!(
                    "{gross}, {} {}",
                    Field::TaxRate.label(lang).to_lowercase(),
                    percent(amount.tax_rate_percent())
                )
            }
        }
        InvoicePart::Terms => {
            let rule = details.terms().rule();
            let kind = match rule {
                DueRule::OnReceipt => texts.terms_on_receipt,
                DueRule::Net { .. } => texts.terms_net,
                DueRule::DaysThenEndOfMonth { .. } => texts.terms_days_end_of_month,
                DueRule::EndOfMonthThenDays { .. } => texts.terms_end_of_month_days,
                DueRule::FixedDate { .. } => texts.terms_fixed_date,
            };
            match (rule, rule.days()) {
                (DueRule::FixedDate { date }, _) => {
                    format!("{kind}, {}", format::date_short(date, lang))
                }
                // The choice's own words, its N the days: "Net à 30 jours".
                (_, Some(days)) => kind
                    .split(' ')
                    .map(|word| {
                        if word == "N" {
                            days.to_string()
                        } else {
                            word.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                (_, None) => kind.to_string(),
            }
        }
        InvoicePart::Discount => details.terms().discount().map_or_else(
            || conflict_texts(lang).none.to_string(),
            |discount| {
                format!(
                    "{}, {}",
                    percent(discount.percent()),
                    days_text(discount.within_days(), lang)
                )
            },
        ),
        InvoicePart::DueDate if details.due_date_set_by_hand() => {
            format::date_short(details.due_date(), lang)
        }
        InvoicePart::DueDate => conflict_texts(lang).due_from_terms.to_string(),
        InvoicePart::Penalty => {
            let clause = details.penalty();
            let name = RegimeId::from_id(clause.regime_id())
                .map_or(texts.penalty_none, |regime| regime.name(lang));
            match clause.annual_rate_percent() {
                Some(rate) => format!("{name}, {}", percent(rate)),
                None => name.to_string(),
            }
        }
        InvoicePart::Notes if details.notes().is_empty() => conflict_texts(lang).none.to_string(),
        InvoicePart::Notes => details.notes().to_string(),
    }
}

/// `30 jours`, `30 days`.
fn days_text(days: u32, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Fr, 0 | 1) => format!("{days}\u{a0}jour"),
        (Lang::Fr, _) => format!("{days}\u{a0}jours"),
        (Lang::En, 1) => format!("{days} day"),
        (Lang::En, _) => format!("{days} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ClientKind;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::test_support::Books;

    fn today() -> NaiveDate {
        date("2026-03-15")
    }

    /// A form a French business client can save as it is.
    fn filled(books: &mut Books) -> (FormState, ClientId) {
        let client = books.client("Dupont SARL", "FR");
        let mut form = FormState::blank(&books.ledger, today());
        form.choose_client(&books.ledger, &client.raw().to_string());
        form.amount = "1 234,56".into();
        (form, client)
    }

    #[test]
    fn a_new_invoice_takes_the_users_defaults_until_a_client_says_otherwise() {
        use crate::domain::DueRule;
        let mut books = Books::new();
        let client = books.client("Dupont SARL", "FR");
        let defaults = NewInvoiceDefaults {
            currency: Currency::Gbp,
            terms: PaymentTerms::new(DueRule::DaysThenEndOfMonth { days: 45 }, None)
                .unwrap_or_default(),
            penalty: PenaltyClause::None,
        };
        let (mut form, problems) =
            FormState::from_prefill_with(&Query::default(), &books.ledger, today(), &defaults);
        assert!(problems.is_empty());
        assert_eq!(form.currency, "GBP");
        assert_eq!(form.terms.kind, "days-end-of-month");
        assert_eq!(form.terms.days, "45");
        assert_eq!(form.penalty.regime, "none");
        // A client chosen brings its own terms and clause, since these are still the defaults.
        form.choose_client_with(&books.ledger, &client.raw().to_string(), &defaults);
        assert_ne!(form.penalty.regime, "none");
        // Back to no client: the defaults again.
        form.choose_client_with(&books.ledger, "", &defaults);
        assert_eq!(form.penalty.regime, "none");
        assert_eq!(form.terms.days, "45");
    }

    #[test]
    fn the_next_number_follows_the_last_one_keeping_its_width() {
        assert_eq!(increment("F-2026-042"), "F-2026-043");
        assert_eq!(increment("F-2026-099"), "F-2026-100");
        assert_eq!(increment("F-999"), "F-1000");
        assert_eq!(increment("7"), "8");
        assert_eq!(
            increment("F-99999999999999999999999999999999"),
            "F-100000000000000000000000000000000"
        );
        let mut books = Books::new();
        assert_eq!(propose_number(&books.ledger, today()), "F-2026-001");
        let client = books.client("Dupont", "FR");
        books.invoice("F-2026-042", client, "2026-01-01", "10", "EUR");
        books.invoice("F-2026-044", client, "2026-01-01", "10", "EUR");
        books.invoice("F-2026-043", client, "2026-01-01", "10", "EUR");
        // The last added is 043; 044 is taken: 045.
        assert_eq!(propose_number(&books.ledger, today()), "F-2026-045");
        books.invoice("AVOIR", client, "2026-01-01", "10", "EUR");
        assert_eq!(propose_number(&books.ledger, today()), "F-2026-001");
    }

    #[test]
    fn a_filled_form_gives_the_details_to_save_with_its_due_date() {
        let mut books = Books::new();
        let (form, client) = filled(&mut books);
        let checked = check(&form, &books.ledger, None);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        let Some(details) = checked.details else {
            panic!("no details")
        };
        assert_eq!(details.client(), client);
        assert_eq!(details.number(), "F-2026-001");
        assert_eq!(details.gross().amount().to_string(), "1234.56");
        assert_eq!(checked.due_date, Some(date("2026-04-14")));
        assert_eq!(checked.status, Some(InvoiceStatus::Sent));
        assert_eq!(checked.suggested_penalty, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once_and_nothing_typed_is_lost() {
        let mut books = Books::new();
        let (mut form, _) = filled(&mut books);
        form.number = "  ".into();
        form.issue_date = "31/02/2026".into();
        form.amount = "12,345".into();
        form.tax_rate = "120".into();
        form.terms.days = "abc".into();
        let before = form.clone();
        let checked = check(&form, &books.ledger, None);
        let names: Vec<&str> = checked.errors.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["number", "issue", "amount", "tax", "days"]);
        assert_eq!(checked.details, None);
        assert_eq!(form, before);
        let sentence = checked
            .error("amount")
            .map(|error| error.describe(Lang::Fr))
            .unwrap_or_default();
        assert!(sentence.starts_with("Montant"), "{sentence}");
        let sentence = checked
            .error("issue")
            .map(|error| error.describe(Lang::En))
            .unwrap_or_default();
        assert!(sentence.contains("31/02/2026"), "{sentence}");
    }

    #[test]
    fn a_number_already_used_is_refused_except_the_invoice_s_own() {
        let mut books = Books::new();
        let (mut form, client) = filled(&mut books);
        let existing = books.invoice("F-2026-007", client, "2026-01-01", "10", "EUR");
        form.number = " F-2026-007 ".into();
        let checked = check(&form, &books.ledger, None);
        let sentence = checked
            .error("number")
            .map(|error| error.describe(Lang::Fr));
        assert!(
            sentence.is_some_and(|sentence| sentence.contains("« F-2026-007 » est déjà utilisé"))
        );
        assert_eq!(checked.details, None);
        let checked = check(&form, &books.ledger, Some(existing));
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
    }

    #[test]
    fn forty_five_days_end_of_month_shows_both_readings() {
        let mut books = Books::new();
        let (mut form, _) = filled(&mut books);
        form.issue_date = "2026-01-10".into();
        form.terms = TermsDraft {
            kind: "days-end-of-month".into(),
            days: "45".into(),
            ..TermsDraft::default()
        };
        let checked = check(&form, &books.ledger, None);
        // 10 Jan + 45 days = 24 Feb, end of month: 28 Feb; end of January + 45 days: 17 Mar.
        assert_eq!(checked.due_date, Some(date("2026-02-28")));
        assert_eq!(
            checked.other_reading,
            Some(("end-of-month-days", date("2026-03-17")))
        );
        assert_eq!(checked.warning, None);
    }

    #[test]
    fn terms_beyond_the_legal_cap_warn_but_still_save() {
        let mut books = Books::new();
        let (mut form, _) = filled(&mut books);
        form.terms = TermsDraft {
            kind: "net".into(),
            days: "90".into(),
            ..TermsDraft::default()
        };
        let checked = check(&form, &books.ledger, None);
        assert!(matches!(
            checked.warning,
            Some(LegalCapWarning::FranceBusiness { .. })
        ));
        assert!(checked.details.is_some());
    }

    #[test]
    fn choosing_a_client_suggests_its_terms_and_clause_unless_changed() {
        let mut books = Books::new();
        let consumer = books.client_of_kind("Jean Martin", "FR", ClientKind::Consumer);
        let german = books.client("Müller GmbH", "DE");
        let mut form = FormState::blank(&books.ledger, today());
        form.choose_client(&books.ledger, &consumer.raw().to_string());
        assert_eq!(form.penalty.regime, "fr-legal");
        form.choose_client(&books.ledger, &german.raw().to_string());
        assert_eq!(form.penalty.regime, "de-b2b");
        // Changed by hand: kept, and the law's suggestion is offered.
        form.penalty = PenaltyDraft::from_clause(PenaltyClause::None);
        form.choose_client(&books.ledger, &consumer.raw().to_string());
        assert_eq!(form.penalty.regime, "none");
        let checked = check(&form, &books.ledger, None);
        assert_eq!(checked.suggested_penalty, Some(PenaltyClause::FrLegal));
    }

    #[test]
    fn a_link_prefills_the_client_or_copies_an_invoice() {
        let mut books = Books::new();
        let client = books.client_of_kind("Jean Martin", "FR", ClientKind::Consumer);
        let (form, problems) = FormState::from_prefill(
            &Query::parse(&format!("client={}", client.raw())),
            &books.ledger,
            today(),
        );
        assert!(problems.is_empty());
        assert_eq!(form.client, client.raw().to_string());
        assert_eq!(form.penalty.regime, "fr-legal");
        let original = books.invoice_with_notes(
            "F-2026-010",
            client,
            "2026-01-05",
            "99.90",
            "GBP",
            "=HYPERLINK(\"x\")",
        );
        let (copy, problems) = FormState::from_prefill(
            &Query::parse(&format!("copy={}&client=999&colour=red", original.raw())),
            &books.ledger,
            today(),
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(copy.number, "F-2026-011");
        assert_eq!(copy.issue_date, "2026-03-15");
        assert_eq!(copy.amount, "99.90");
        assert_eq!(copy.currency, "GBP");
        assert_eq!(copy.notes, "=HYPERLINK(\"x\")");
        assert!(check(&copy, &books.ledger, None).errors.is_empty());
    }

    #[test]
    fn editing_shows_the_invoice_as_it_is_and_saves_it_unchanged() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "120", "EUR");
        let Some(invoice) = books.ledger.invoice(id) else {
            panic!("no invoice")
        };
        let form = FormState::from_invoice(invoice);
        let checked = check(&form, &books.ledger, Some(id));
        assert_eq!(checked.details.as_ref(), Some(invoice.details()));
    }

    #[test]
    fn hostile_input_is_a_sentence_never_a_panic() {
        let mut books = Books::new();
        let (mut form, _) = filled(&mut books);
        for text in [
            "x".repeat(10_000),
            "<script>alert(1)</script>".into(),
            "=HYPERLINK(\"http://x\")".into(),
            "💸🧾".into(),
            "\u{202e}טקסט".into(),
            "1000000000000000000000000000000".into(),
            "9999-12-31".into(),
        ] {
            form.number = text.clone();
            form.amount = text.clone();
            form.issue_date = text.clone();
            form.terms.days = text.clone();
            form.notes = text.clone();
            let checked = check(&form, &books.ledger, None);
            for (_, error) in &checked.errors {
                assert!(!error.describe(Lang::Fr).is_empty());
            }
        }
        // The last day of the calendar: the terms would fall beyond it.
        form.number = "F-1".into();
        form.amount = "10".into();
        form.notes = String::new();
        form.terms.days = "30".into();
        form.issue_date = "9999-12-31".into();
        let checked = check(&form, &books.ledger, None);
        assert!(checked.error("days").is_some(), "{:?}", checked.errors);
    }

    /// Invoice F-7 with notes, and what an edit form opened on it holds; `tab`: a form's save.
    struct TwoTabs {
        books: Books,
        id: InvoiceId,
        base: EditBase,
        opened: FormState,
    }

    impl TwoTabs {
        fn new() -> TwoTabs {
            let mut books = Books::new();
            let client = books.client("Dupont SARL", "FR");
            let id =
                books.invoice_with_notes("F-7", client, "2026-01-05", "120", "EUR", "à relancer");
            let Some(invoice) = books.ledger.invoice(id) else {
                panic!("no invoice")
            };
            TwoTabs {
                base: EditBase::of(invoice),
                opened: FormState::from_invoice(invoice),
                id,
                books,
            }
        }

        /// Saves `form` as an edit opened on `base`.
        fn save(&mut self, base: &EditBase, form: &FormState) -> Result<InvoiceId, SaveRefusal> {
            let checked = check(form, &self.books.ledger, Some(self.id));
            let (Some(details), Some(status)) = (checked.details, checked.status) else {
                panic!("{:?}", checked.errors)
            };
            save_edit(&mut self.books.ledger, self.id, base, &details, status)
        }

        fn stored(&self) -> FormState {
            match self.books.ledger.invoice(self.id) {
                Some(invoice) => FormState::from_invoice(invoice),
                None => panic!("no invoice"),
            }
        }

        fn conflict(refusal: Result<InvoiceId, SaveRefusal>) -> EditConflict {
            match refusal {
                Err(SaveRefusal::Conflict(conflict)) => *conflict,
                other => panic!("no conflict: {other:?}"),
            }
        }
    }

    #[test]
    fn two_tabs_editing_different_fields_of_one_invoice_keep_both_changes() {
        let mut tabs = TwoTabs::new();
        let (base, opened) = (tabs.base.clone(), tabs.opened.clone());
        // Tab A changes the notes and saves; tab B, opened before, changes the amount.
        let mut a = opened.clone();
        a.notes = "relancé le 3 mars".into();
        assert_eq!(tabs.save(&base, &a), Ok(tabs.id));
        let mut b = opened.clone();
        b.amount = "150,00".into();
        b.status = "disputed".into();
        assert_eq!(tabs.save(&base, &b), Ok(tabs.id));
        let stored = tabs.stored();
        assert_eq!(stored.notes, "relancé le 3 mars");
        assert_eq!(stored.amount, "150.00");
        assert_eq!(stored.status, "disputed");
        // Saving again an unchanged form changes nothing the other tab did.
        assert_eq!(tabs.save(&base, &opened), Ok(tabs.id));
        assert_eq!(tabs.stored(), stored);
    }

    #[test]
    fn the_same_field_changed_in_two_tabs_is_a_conflict_that_names_both_values() {
        let mut tabs = TwoTabs::new();
        let (base, opened) = (tabs.base.clone(), tabs.opened.clone());
        let mut a = opened.clone();
        a.notes = "payé par virement ?".into();
        a.issue_date = "2026-01-06".into();
        assert!(tabs.save(&base, &a).is_ok());
        let before = tabs.books.ledger.clone();
        let mut b = opened.clone();
        b.notes = "litige".into();
        b.amount = "99".into();
        let conflict = TwoTabs::conflict(tabs.save(&base, &b));
        assert_eq!(conflict.parts, [EditPart::Details(InvoicePart::Notes)]);
        assert_eq!(conflict.broken, None);
        // Nothing was written.
        assert_eq!(tabs.books.ledger, before);
        let lines = conflict_lines(&conflict, &tabs.books.ledger, Lang::Fr);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].name, "notes");
        assert_eq!(lines[0].label, "Notes");
        assert_eq!(
            lines[0].message,
            "Modifié dans un autre onglet pendant votre saisie\u{a0}: «\u{a0}payé par virement ?\u{a0}». Votre valeur\u{a0}: «\u{a0}litige\u{a0}»."
        );
        let lines = conflict_lines(&conflict, &tabs.books.ledger, Lang::En);
        assert_eq!(
            lines[0].message,
            "Changed in another tab while you were editing: “payé par virement ?”. Yours: “litige”."
        );
        let refusal = SaveRefusal::Conflict(Box::new(conflict));
        assert!(
            refusal
                .describe(Lang::En)
                .starts_with("This invoice was changed in another tab")
        );

        // Keep mine: the notes are mine, the other tab's issue date stays, my amount too.
        let Err(SaveRefusal::Conflict(conflict)) = tabs.save(&base, &b) else {
            panic!("no conflict")
        };
        let seen = base.seen(&conflict);
        assert_eq!(tabs.save(&seen, &b), Ok(tabs.id));
        let stored = tabs.stored();
        assert_eq!(
            (
                stored.notes.as_str(),
                stored.issue_date.as_str(),
                stored.amount.as_str()
            ),
            ("litige", "2026-01-06", "99.00")
        );
    }

    #[test]
    fn taking_the_other_tab_s_value_keeps_the_rest_of_what_was_typed() {
        let mut tabs = TwoTabs::new();
        let (base, opened) = (tabs.base.clone(), tabs.opened.clone());
        let mut a = opened.clone();
        a.amount = "130".into();
        a.tax_rate = "20".into();
        a.status = "disputed".into();
        assert!(tabs.save(&base, &a).is_ok());
        let mut b = opened.clone();
        b.amount = "1 000".into();
        b.status = "written-off".into();
        b.notes = "voir avec la comptabilité".into();
        let conflict = TwoTabs::conflict(tabs.save(&base, &b));
        assert_eq!(
            conflict.parts,
            [EditPart::Status, EditPart::Details(InvoicePart::Amount)]
        );
        let lines = conflict_lines(&conflict, &tabs.books.ledger, Lang::En);
        let names: Vec<&str> = lines.iter().map(|line| line.name).collect();
        assert_eq!(names, ["status", "amount"]);
        assert!(
            lines[0]
                .message
                .contains("“Disputed”. Yours: “Written off”"),
            "{}",
            lines[0].message
        );
        assert!(
            lines[1]
                .message
                .contains("“€130.00, tax rate 20%”. Yours: “€1,000.00”"),
            "{}",
            lines[1].message
        );
        let mut form = b.clone();
        form.take_theirs(&conflict);
        assert_eq!(
            (
                form.amount.as_str(),
                form.tax_rate.as_str(),
                form.status.as_str()
            ),
            ("130.00", "20", "disputed")
        );
        assert_eq!(form.notes, "voir avec la comptabilité");
        assert_eq!(tabs.save(&base.seen(&conflict), &form), Ok(tabs.id));
        let stored = tabs.stored();
        assert_eq!(stored.amount, "130.00");
        assert_eq!(stored.notes, "voir avec la comptabilité");
    }

    #[test]
    fn an_edit_of_an_invoice_removed_elsewhere_says_so() {
        let mut tabs = TwoTabs::new();
        let (base, opened) = (tabs.base.clone(), tabs.opened.clone());
        assert!(
            tabs.books
                .ledger
                .set_status(tabs.id, InvoiceStatus::Draft)
                .is_ok()
        );
        assert!(tabs.books.ledger.remove_invoice(tabs.id).is_ok());
        let checked = check(&opened, &tabs.books.ledger, Some(tabs.id));
        let (Some(details), Some(status)) = (checked.details, checked.status) else {
            panic!("{:?}", checked.errors)
        };
        assert_eq!(
            save_edit(&mut tabs.books.ledger, tabs.id, &base, &details, status),
            Err(SaveRefusal::Ledger(LedgerError::UnknownInvoice(tabs.id)))
        );
    }

    #[test]
    fn every_part_s_value_is_said_in_words_in_both_languages() {
        let tabs = TwoTabs::new();
        let Some(invoice) = tabs.books.ledger.invoice(tabs.id) else {
            panic!("no invoice")
        };
        let details = invoice.details().clone();
        let parts = InvoicePart::ALL
            .into_iter()
            .map(EditPart::Details)
            .chain([EditPart::Status]);
        for lang in Lang::ALL {
            for part in parts.clone() {
                let said = part_text(
                    part,
                    &details,
                    InvoiceStatus::Sent,
                    &tabs.books.ledger,
                    lang,
                );
                assert!(!said.is_empty(), "{part:?}");
            }
        }
        let said = |part| {
            part_text(
                EditPart::Details(part),
                &details,
                InvoiceStatus::Sent,
                &tabs.books.ledger,
                Lang::Fr,
            )
        };
        assert_eq!(said(InvoicePart::Client), "Dupont SARL");
        assert_eq!(said(InvoicePart::IssueDate), "05/01/2026");
        assert_eq!(said(InvoicePart::Terms), "Net à 30 jours");
        assert_eq!(
            said(InvoicePart::DueDate),
            "selon les conditions de paiement"
        );
        assert_eq!(said(InvoicePart::Discount), "(vide)");
    }

    #[test]
    fn a_french_contract_rate_below_three_times_the_legal_rate_is_warned_not_refused() {
        let ledger = Ledger::new();
        let tables = RateTables::builtin();
        let mut form = FormState::blank(&ledger, date("2026-01-05"));
        form.penalty = PenaltyDraft {
            regime: "fr-b2b-contract".into(),
            annual_rate_percent: "7,5".into(),
            ..PenaltyDraft::default()
        };
        // Due 4 February 2026: interest would start in the first half of 2026, whose legal
        // rate (all other cases) is 2.62 % (arrêté du 15 décembre 2025): the floor is 7.86 %.
        let due = Some(date("2026-02-04"));
        let warning = contract_floor_warning(&form, due, &tables);
        let Some(Flag::ContractRateBelowFloor {
            contract_rate,
            legal_rate,
            floor,
            ..
        }) = warning.clone()
        else {
            panic!("{warning:?}")
        };
        assert_eq!(contract_rate, Rate::from_percent(Decimal::new(75, 1)));
        assert_eq!(legal_rate, Rate::from_percent(Decimal::new(262, 2)));
        assert_eq!(floor, Rate::from_percent(Decimal::new(786, 2)));
        let sentence = warning
            .map(|flag| flag.describe(Lang::Fr))
            .unwrap_or_default();
        assert!(sentence.contains("7,86"), "{sentence}");
        // At the floor, above it, another clause, or no due date yet: nothing to say.
        form.penalty.annual_rate_percent = "7.86".into();
        assert_eq!(contract_floor_warning(&form, due, &tables), None);
        form.penalty.annual_rate_percent = "12".into();
        assert_eq!(contract_floor_warning(&form, due, &tables), None);
        form.penalty = PenaltyDraft {
            regime: "fr-b2b".into(),
            ..PenaltyDraft::default()
        };
        assert_eq!(contract_floor_warning(&form, due, &tables), None);
        form.penalty = PenaltyDraft {
            regime: "fr-b2b-contract".into(),
            annual_rate_percent: "5".into(),
            ..PenaltyDraft::default()
        };
        assert_eq!(contract_floor_warning(&form, None, &tables), None);
    }
}
