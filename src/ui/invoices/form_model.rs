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

use crate::domain::field::{Field, FieldError, parse_date, parse_optional_date, parse_percent};
use crate::domain::invoice::parse_positive_amount;
use crate::domain::{
    ClientId, Currency, DueRule, Invoice, InvoiceDetails, InvoiceDraft, InvoiceError, InvoiceId,
    InvoiceStatus, Ledger, LedgerError, LegalCapWarning, PaymentTerms, PenaltyClause, PenaltyDraft,
    TermsDraft, TermsError, default_clause_for, legal_cap_warning,
};
use crate::i18n::{Describe, Lang};
use crate::routes::Query;
use crate::ui::invoices::list_model::QueryProblem;

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
        FormState {
            number: propose_number(ledger, today),
            client: String::new(),
            status: InvoiceStatus::Sent.code().to_string(),
            issue_date: today.to_string(),
            delivery_date: String::new(),
            amount: String::new(),
            amount_basis: BASIS_GROSS.to_string(),
            tax_rate: String::new(),
            currency: Currency::Eur.code().to_string(),
            terms: TermsDraft::from_terms(PaymentTerms::default()),
            due_date: String::new(),
            penalty: PenaltyDraft::from_clause(PenaltyClause::FrB2b),
            notes: String::new(),
        }
    }

    /// The form showing `invoice` (to edit it). The amount is the gross, which payments are
    /// counted against, so it is kept to the cent.
    pub fn from_invoice(invoice: &Invoice) -> FormState {
        let details = invoice.details();
        let amount = details.amount();
        let tax_rate = amount.tax_rate_percent();
        FormState {
            number: details.number().to_string(),
            client: details.client().raw().to_string(),
            status: invoice.status().code().to_string(),
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
        let mut form = FormState::blank(ledger, today);
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
                    .map(|client| form.choose_client(ledger, &client.id().raw().to_string()))
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
                    TermsDraft::from_terms(PaymentTerms::default()),
                    PenaltyDraft::from_clause(PenaltyClause::FrB2b),
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
}
