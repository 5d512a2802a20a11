//! Invoices: what was billed, to whom, when it falls due, and which late-penalty clause
//! applies.
//!
//! Only `Draft`, `Sent`, `Disputed` and `WrittenOff` are stored; "overdue", "partially paid"
//! and "paid" are derived from dates and payments (see [`Ledger::state_of`](super::Ledger::state_of)).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::edit::{self, EditConflict, Parts};
use super::field::{
    Field, FieldError, bounded_shared_text, parse_date, parse_optional_date, parse_percent,
};
use super::ids::{ClientId, InvoiceId};
use super::money::{Currency, Money, MoneyError};
use super::party::{ClientKind, Country};
use super::shared_text::SharedText;
use super::terms::{DueRule, EarlyPaymentDiscount, PaymentTerms, TermsDraft, TermsError};
use crate::i18n::{Describe, Lang};

/// The largest amount accepted on any invoice, payment or credit note: 10^15 in the
/// currency's main unit. Sums of amounts within it cannot overflow in any ledger that fits
/// in memory; arithmetic stays checked anyway.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

const MAX_NUMBER_CHARS: usize = 64;
const MAX_NOTES_CHARS: usize = 4000;

/// Checks an amount is more than zero and at most [`MAX_AMOUNT`].
pub(crate) fn check_amount(field: Field, amount: Money) -> Result<Money, FieldError> {
    if !amount.is_positive() {
        return Err(FieldError::NotPositive {
            field,
            text: amount.amount().to_string(),
        });
    }
    if amount.amount() > MAX_AMOUNT {
        return Err(FieldError::TooLarge {
            field,
            text: amount.amount().to_string(),
        });
    }
    Ok(amount)
}

/// Parses a required amount in `currency`, more than zero, at most [`MAX_AMOUNT`].
pub(crate) fn parse_positive_amount(
    field: Field,
    text: &str,
    currency: Currency,
) -> Result<Money, FieldError> {
    let amount = Money::parse(text, currency).map_err(|error| match error {
        super::money::ParseMoneyError::Empty => FieldError::Missing { field },
        error => FieldError::Amount { field, error },
    })?;
    check_amount(field, amount)
}

/// Which late-payment penalties the invoice states. The interest engine maps each regime
/// to its rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PenaltyClause {
    /// France, between businesses: ECB rate + 10 points, and €40 fixed compensation.
    FrB2b,
    /// France, between businesses, with a contractual annual rate (in percent).
    FrB2bContract { annual_rate_percent: Decimal },
    /// France, consumers: the legal interest rate.
    FrLegal,
    /// Germany, between businesses (BGB §288(2)): base rate + 9 points, €40.
    DeB2b,
    /// Germany, consumers (BGB §288(1)): base rate + 5 points.
    DeConsumer,
    /// United Kingdom, between businesses: Bank of England base rate + 8 points, fixed sums.
    UkB2b,
    /// Another EU country, between businesses: ECB rate + 8 points, €40 (directive 2011/7).
    EuB2b,
    /// A contractual annual rate (in percent) and an optional fixed compensation.
    Fixed {
        annual_rate_percent: Decimal,
        fixed_compensation: Option<Money>,
    },
    /// No late-payment penalty.
    None,
}

impl PenaltyClause {
    pub const REGIME_IDS: [&'static str; 9] = [
        "fr-b2b",
        "fr-b2b-contract",
        "fr-legal",
        "de-b2b",
        "de-consumer",
        "uk-b2b",
        "eu-b2b",
        "fixed",
        "none",
    ];

    /// The regime id: `fr-b2b`, `fr-b2b-contract`, `fr-legal`, `de-b2b`, `de-consumer`,
    /// `uk-b2b`, `eu-b2b`, `fixed` or `none`.
    pub fn regime_id(&self) -> &'static str {
        match self {
            PenaltyClause::FrB2b => "fr-b2b",
            PenaltyClause::FrB2bContract { .. } => "fr-b2b-contract",
            PenaltyClause::FrLegal => "fr-legal",
            PenaltyClause::DeB2b => "de-b2b",
            PenaltyClause::DeConsumer => "de-consumer",
            PenaltyClause::UkB2b => "uk-b2b",
            PenaltyClause::EuB2b => "eu-b2b",
            PenaltyClause::Fixed { .. } => "fixed",
            PenaltyClause::None => "none",
        }
    }

    /// The clause of the regime named `id` (see [`PenaltyClause::regime_id`]), or `None` if no
    /// regime has that id. `rate` and `compensation` are read only for the regimes that have
    /// them (`fr-b2b-contract`: the rate; `fixed`: both), so each caller reports their errors
    /// its own way.
    pub fn from_regime_id<E>(
        id: &str,
        rate: impl FnOnce() -> Result<Decimal, E>,
        compensation: impl FnOnce() -> Result<Option<Money>, E>,
    ) -> Option<Result<PenaltyClause, E>> {
        match id {
            "fr-b2b" => Some(Ok(PenaltyClause::FrB2b)),
            "fr-b2b-contract" => {
                Some(
                    rate().map(|annual_rate_percent| PenaltyClause::FrB2bContract {
                        annual_rate_percent,
                    }),
                )
            }
            "fr-legal" => Some(Ok(PenaltyClause::FrLegal)),
            "de-b2b" => Some(Ok(PenaltyClause::DeB2b)),
            "de-consumer" => Some(Ok(PenaltyClause::DeConsumer)),
            "uk-b2b" => Some(Ok(PenaltyClause::UkB2b)),
            "eu-b2b" => Some(Ok(PenaltyClause::EuB2b)),
            "fixed" => Some(rate().and_then(|annual_rate_percent| {
                Ok(PenaltyClause::Fixed {
                    annual_rate_percent,
                    fixed_compensation: compensation()?,
                })
            })),
            "none" => Some(Ok(PenaltyClause::None)),
            _ => None,
        }
    }

    /// The contractual annual rate in percent, for `fr-b2b-contract` and `fixed`.
    pub fn annual_rate_percent(&self) -> Option<Decimal> {
        match self {
            PenaltyClause::FrB2bContract {
                annual_rate_percent,
            }
            | PenaltyClause::Fixed {
                annual_rate_percent,
                ..
            } => Some(*annual_rate_percent),
            _ => None,
        }
    }
}

/// The clause a client's country and kind suggest; the user may choose another.
/// Public bodies follow the business regime of their country.
pub fn default_clause_for(country: Country, kind: ClientKind) -> PenaltyClause {
    let business = matches!(kind, ClientKind::Business | ClientKind::PublicBody);
    match (country, business) {
        (Country::FR, true) => PenaltyClause::FrB2b,
        (Country::FR, false) => PenaltyClause::FrLegal,
        (Country::DE, true) => PenaltyClause::DeB2b,
        (Country::DE, false) => PenaltyClause::DeConsumer,
        (Country::GB, true) => PenaltyClause::UkB2b,
        (country, true) if country.is_eu() => PenaltyClause::EuB2b,
        _ => PenaltyClause::None,
    }
}

/// What the penalty part of the invoice form submits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PenaltyDraft {
    /// One of [`PenaltyClause::REGIME_IDS`].
    pub regime: String,
    /// Annual rate in percent, for `fr-b2b-contract` and `fixed`.
    pub annual_rate_percent: String,
    /// Optional fixed compensation, for `fixed`.
    pub fixed_compensation: String,
}

impl PenaltyDraft {
    pub fn from_clause(clause: PenaltyClause) -> PenaltyDraft {
        let (rate, compensation) = match clause {
            PenaltyClause::FrB2bContract {
                annual_rate_percent,
            } => (annual_rate_percent.to_string(), String::new()),
            PenaltyClause::Fixed {
                annual_rate_percent,
                fixed_compensation,
            } => (
                annual_rate_percent.to_string(),
                fixed_compensation
                    .map(|amount| amount.amount().to_string())
                    .unwrap_or_default(),
            ),
            _ => (String::new(), String::new()),
        };
        PenaltyDraft {
            regime: clause.regime_id().to_string(),
            annual_rate_percent: rate,
            fixed_compensation: compensation,
        }
    }

    /// Parses the clause; the compensation is in the invoice's `currency`.
    pub fn parse(&self, currency: Currency) -> Result<PenaltyClause, FieldError> {
        let rate = || {
            parse_percent(
                Field::PenaltyRate,
                &self.annual_rate_percent,
                Decimal::ZERO,
                Decimal::ONE_HUNDRED,
            )
        };
        let compensation = || {
            if self.fixed_compensation.trim().is_empty() {
                Ok(None)
            } else {
                parse_positive_amount(Field::FixedCompensation, &self.fixed_compensation, currency)
                    .map(Some)
            }
        };
        match self.regime.trim() {
            "" => Err(FieldError::Missing {
                field: Field::PenaltyRegime,
            }),
            id => PenaltyClause::from_regime_id(id, rate, compensation).unwrap_or_else(|| {
                Err(FieldError::UnknownChoice {
                    field: Field::PenaltyRegime,
                    text: id.to_string(),
                })
            }),
        }
    }
}

/// The stored status. Overdue, partially paid and paid are derived, never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Not sent yet: not a receivable.
    Draft,
    Sent,
    /// The client contests it: still a receivable, flagged, off the dunning ladder.
    Disputed,
    /// Given up: not a receivable, reported separately.
    WrittenOff,
}

impl InvoiceStatus {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Sent => "sent",
            InvoiceStatus::Disputed => "disputed",
            InvoiceStatus::WrittenOff => "written-off",
        }
    }

    /// Whether the invoice is owed (sent or disputed).
    pub fn is_receivable(self) -> bool {
        matches!(self, InvoiceStatus::Sent | InvoiceStatus::Disputed)
    }
}

/// The amounts of an invoice: net, tax and gross, with `gross = net + tax` exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvoiceAmount {
    net: Money,
    tax_rate_percent: Decimal,
    tax: Money,
    gross: Money,
}

fn check_tax_rate(rate: Decimal) -> Result<Decimal, FieldError> {
    if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        return Err(FieldError::OutOfRange {
            field: Field::TaxRate,
            text: rate.to_string(),
            min: Decimal::ZERO,
            max: Decimal::ONE_HUNDRED,
        });
    }
    Ok(rate)
}

fn overflow_to_field(_: MoneyError) -> FieldError {
    FieldError::TooLarge {
        field: Field::Amount,
        text: MAX_AMOUNT.to_string(),
    }
}

impl InvoiceAmount {
    /// From the amount without tax: tax = net × rate, rounded by the money rule.
    pub fn from_net(net: Money, tax_rate_percent: Decimal) -> Result<InvoiceAmount, FieldError> {
        let net = check_amount(Field::Amount, net)?;
        let rate = check_tax_rate(tax_rate_percent)?;
        let factor = rate
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(FieldError::TooLarge {
                field: Field::TaxRate,
                text: rate.to_string(),
            })?;
        let tax = net.checked_mul(factor).map_err(overflow_to_field)?;
        let gross = net.checked_add(tax).map_err(overflow_to_field)?;
        Ok(InvoiceAmount {
            net,
            tax_rate_percent: rate,
            tax,
            gross: check_amount(Field::Amount, gross)?,
        })
    }

    /// From the amount with tax: net = gross ÷ (1 + rate), rounded; tax = gross − net.
    pub fn from_gross(
        gross: Money,
        tax_rate_percent: Decimal,
    ) -> Result<InvoiceAmount, FieldError> {
        let gross = check_amount(Field::Amount, gross)?;
        let rate = check_tax_rate(tax_rate_percent)?;
        let too_large = || FieldError::TooLarge {
            field: Field::Amount,
            text: gross.amount().to_string(),
        };
        let divisor = Decimal::ONE_HUNDRED
            .checked_add(rate)
            .ok_or_else(too_large)?;
        let net_amount = gross
            .amount()
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|scaled| scaled.checked_div(divisor))
            .ok_or_else(too_large)?;
        let net = check_amount(Field::Amount, Money::new(net_amount, gross.currency()))?;
        let tax = gross.checked_sub(net).map_err(overflow_to_field)?;
        Ok(InvoiceAmount {
            net,
            tax_rate_percent: rate,
            tax,
            gross,
        })
    }

    pub fn net(self) -> Money {
        self.net
    }
    pub fn tax_rate_percent(self) -> Decimal {
        self.tax_rate_percent
    }
    pub fn tax(self) -> Money {
        self.tax
    }
    /// The amount owed, tax included.
    pub fn gross(self) -> Money {
        self.gross
    }
    pub fn currency(self) -> Currency {
        self.gross.currency()
    }
}

/// An invoice's validated data, before and after the ledger gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceDetails {
    number: SharedText,
    client: ClientId,
    issue_date: NaiveDate,
    delivery_date: Option<NaiveDate>,
    amount: InvoiceAmount,
    terms: PaymentTerms,
    due_date: NaiveDate,
    due_date_set_by_hand: bool,
    penalty: PenaltyClause,
    notes: SharedText,
}

impl InvoiceDetails {
    /// An invoice whose due date is `due_date` when given (set by hand), otherwise derived
    /// from the terms. The due date may not be before the issue date.
    pub fn new(
        number: &str,
        client: ClientId,
        issue_date: NaiveDate,
        amount: InvoiceAmount,
        terms: PaymentTerms,
        due_date: Option<NaiveDate>,
        penalty: PenaltyClause,
    ) -> Result<InvoiceDetails, InvoiceError> {
        let number = bounded_shared_text(Field::InvoiceNumber, number, MAX_NUMBER_CHARS)?;
        if number.as_str().is_empty() {
            return Err(FieldError::Missing {
                field: Field::InvoiceNumber,
            }
            .into());
        }
        if !super::calendar::in_calendar(issue_date) {
            return Err(FieldError::NotADate {
                field: Field::IssueDate,
                text: issue_date.to_string(),
            }
            .into());
        }
        let due_date_set_by_hand = due_date.is_some();
        let due_date = match due_date {
            Some(date) => date,
            None => terms.due_date(issue_date)?,
        };
        if due_date < issue_date {
            return Err(InvoiceError::DueBeforeIssue {
                due_date,
                issue_date,
            });
        }
        if !super::calendar::in_calendar(due_date) {
            return Err(FieldError::NotADate {
                field: Field::DueDate,
                text: due_date.to_string(),
            }
            .into());
        }
        if let PenaltyClause::Fixed {
            fixed_compensation: Some(compensation),
            ..
        } = penalty
            && compensation.currency() != amount.currency()
        {
            return Err(InvoiceError::CompensationCurrency {
                invoice: amount.currency(),
                compensation: compensation.currency(),
            });
        }
        Ok(InvoiceDetails {
            number,
            client,
            issue_date,
            delivery_date: None,
            amount,
            terms,
            due_date,
            due_date_set_by_hand,
            penalty,
            notes: SharedText::default(),
        })
    }

    pub fn with_delivery_date(mut self, delivery_date: Option<NaiveDate>) -> InvoiceDetails {
        self.delivery_date = delivery_date;
        self
    }

    pub fn with_notes(mut self, notes: &str) -> Result<InvoiceDetails, InvoiceError> {
        self.notes = bounded_shared_text(Field::Notes, notes, MAX_NOTES_CHARS)?;
        Ok(self)
    }

    pub fn number(&self) -> &str {
        self.number.as_str()
    }
    /// The number, shared (for the ledger's index by number).
    pub(crate) fn shared_number(&self) -> &SharedText {
        &self.number
    }
    pub fn client(&self) -> ClientId {
        self.client
    }
    pub fn issue_date(&self) -> NaiveDate {
        self.issue_date
    }
    pub fn delivery_date(&self) -> Option<NaiveDate> {
        self.delivery_date
    }
    pub fn amount(&self) -> InvoiceAmount {
        self.amount
    }
    /// The amount owed, tax included.
    pub fn gross(&self) -> Money {
        self.amount.gross
    }
    pub fn currency(&self) -> Currency {
        self.amount.currency()
    }
    pub fn terms(&self) -> PaymentTerms {
        self.terms
    }
    pub fn due_date(&self) -> NaiveDate {
        self.due_date
    }
    /// Whether the due date was typed by hand rather than derived from the terms.
    pub fn due_date_set_by_hand(&self) -> bool {
        self.due_date_set_by_hand
    }
    pub fn penalty(&self) -> PenaltyClause {
        self.penalty
    }
    pub fn notes(&self) -> &str {
        self.notes.as_str()
    }
}

/// An invoice of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    id: InvoiceId,
    details: InvoiceDetails,
    status: InvoiceStatus,
}

impl Invoice {
    /// For a storage layer rebuilding a ledger.
    pub fn from_parts(id: InvoiceId, details: InvoiceDetails, status: InvoiceStatus) -> Invoice {
        Invoice {
            id,
            details,
            status,
        }
    }

    pub fn id(&self) -> InvoiceId {
        self.id
    }
    pub fn details(&self) -> &InvoiceDetails {
        &self.details
    }
    pub fn status(&self) -> InvoiceStatus {
        self.status
    }
    pub fn number(&self) -> &str {
        self.details.number.as_str()
    }
    pub fn client(&self) -> ClientId {
        self.details.client
    }
    pub fn due_date(&self) -> NaiveDate {
        self.details.due_date
    }
    pub fn gross(&self) -> Money {
        self.details.amount.gross
    }
    pub fn currency(&self) -> Currency {
        self.details.currency()
    }

    pub(crate) fn set_status(&mut self, status: InvoiceStatus) {
        self.status = status;
    }

    pub(crate) fn set_details(&mut self, details: InvoiceDetails) {
        self.details = details;
    }
}

/// A part of an invoice's details as an edit merges them ([`super::edit`]): a field of the
/// form, or the few fields that make one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoicePart {
    Number,
    Client,
    IssueDate,
    DeliveryDate,
    /// The amount with its tax rate and currency: together they make the sum owed.
    Amount,
    /// The due rule (on receipt, net N days, end of month…).
    Terms,
    /// The early-payment discount.
    Discount,
    /// The due date set by hand (none: from the terms).
    DueDate,
    Penalty,
    Notes,
}

impl InvoicePart {
    pub const ALL: [InvoicePart; 10] = [
        InvoicePart::Number,
        InvoicePart::Client,
        InvoicePart::IssueDate,
        InvoicePart::DeliveryDate,
        InvoicePart::Amount,
        InvoicePart::Terms,
        InvoicePart::Discount,
        InvoicePart::DueDate,
        InvoicePart::Penalty,
        InvoicePart::Notes,
    ];

    /// The form field that shows the part (the first, for the amount and the terms).
    pub fn field(self) -> Field {
        match self {
            InvoicePart::Number => Field::InvoiceNumber,
            InvoicePart::Client => Field::Client,
            InvoicePart::IssueDate => Field::IssueDate,
            InvoicePart::DeliveryDate => Field::DeliveryDate,
            InvoicePart::Amount => Field::Amount,
            InvoicePart::Terms => Field::TermsKind,
            InvoicePart::Discount => Field::DiscountRate,
            InvoicePart::DueDate => Field::DueDate,
            InvoicePart::Penalty => Field::PenaltyRegime,
            InvoicePart::Notes => Field::Notes,
        }
    }
}

/// An invoice's details part by part ([`InvoicePart`]): what an edit was opened with, to merge
/// what it submits with what is stored by then. A mix of two versions may not hold together
/// (a due date set by hand before an issue date moved elsewhere): [`InvoiceFields::details`]
/// checks it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFields {
    number: SharedText,
    client: ClientId,
    issue_date: NaiveDate,
    delivery_date: Option<NaiveDate>,
    amount: InvoiceAmount,
    rule: DueRule,
    discount: Option<EarlyPaymentDiscount>,
    due_by_hand: Option<NaiveDate>,
    penalty: PenaltyClause,
    notes: SharedText,
}

/// What an invoice edit may meet (see [`InvoiceFields::merge`]).
pub type InvoiceConflict = EditConflict<InvoicePart, InvoiceDetails, InvoiceError>;

impl InvoiceFields {
    pub fn of(details: &InvoiceDetails) -> InvoiceFields {
        // Every field is named: one added to the details does not compile here until an
        // edit merges it.
        let InvoiceDetails {
            number,
            client,
            issue_date,
            delivery_date,
            amount,
            terms,
            due_date,
            due_date_set_by_hand,
            penalty,
            notes,
        } = details;
        InvoiceFields {
            number: number.clone(),
            client: *client,
            issue_date: *issue_date,
            delivery_date: *delivery_date,
            amount: *amount,
            rule: terms.rule(),
            discount: terms.discount(),
            due_by_hand: due_date_set_by_hand.then_some(*due_date),
            penalty: *penalty,
            notes: notes.clone(),
        }
    }

    /// The details these parts make, checked as a form's are (the due date derived again
    /// from the terms unless set by hand).
    pub fn details(&self) -> Result<InvoiceDetails, InvoiceError> {
        let terms = PaymentTerms::new(self.rule, self.discount)?;
        InvoiceDetails::new(
            self.number.as_str(),
            self.client,
            self.issue_date,
            self.amount,
            terms,
            self.due_by_hand,
            self.penalty,
        )?
        .with_delivery_date(self.delivery_date)
        .with_notes(self.notes.as_str())
    }

    /// An edit opened on `self` that submits `mine`, merged with `current`, the invoice as
    /// stored now (see [`super::edit::merge`]).
    pub fn merge(
        &self,
        mine: &InvoiceDetails,
        current: &InvoiceDetails,
    ) -> Result<InvoiceDetails, Box<InvoiceConflict>> {
        let theirs = InvoiceFields::of(current);
        let conflict = |parts, broken| {
            Box::new(EditConflict {
                parts,
                theirs: current.clone(),
                broken,
            })
        };
        let merged = edit::merge(self, &InvoiceFields::of(mine), &theirs)
            .map_err(|parts| conflict(parts, None))?;
        merged
            .details()
            .map_err(|error| conflict(edit::changed(self, &theirs), Some(error)))
    }
}

impl Parts for InvoiceFields {
    type Part = InvoicePart;
    const PARTS: &'static [InvoicePart] = &InvoicePart::ALL;

    fn same(&self, other: &InvoiceFields, part: InvoicePart) -> bool {
        match part {
            InvoicePart::Number => self.number == other.number,
            InvoicePart::Client => self.client == other.client,
            InvoicePart::IssueDate => self.issue_date == other.issue_date,
            InvoicePart::DeliveryDate => self.delivery_date == other.delivery_date,
            InvoicePart::Amount => self.amount == other.amount,
            InvoicePart::Terms => self.rule == other.rule,
            InvoicePart::Discount => self.discount == other.discount,
            InvoicePart::DueDate => self.due_by_hand == other.due_by_hand,
            InvoicePart::Penalty => self.penalty == other.penalty,
            InvoicePart::Notes => self.notes == other.notes,
        }
    }

    fn take(&mut self, other: &InvoiceFields, part: InvoicePart) {
        match part {
            InvoicePart::Number => self.number = other.number.clone(),
            InvoicePart::Client => self.client = other.client,
            InvoicePart::IssueDate => self.issue_date = other.issue_date,
            InvoicePart::DeliveryDate => self.delivery_date = other.delivery_date,
            InvoicePart::Amount => self.amount = other.amount,
            InvoicePart::Terms => self.rule = other.rule,
            InvoicePart::Discount => self.discount = other.discount,
            InvoicePart::DueDate => self.due_by_hand = other.due_by_hand,
            InvoicePart::Penalty => self.penalty = other.penalty,
            InvoicePart::Notes => self.notes = other.notes.clone(),
        }
    }
}

/// What the invoice form submits; every field is raw text except the chosen client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvoiceDraft {
    pub number: String,
    pub client: Option<ClientId>,
    pub issue_date: String,
    /// Empty for none.
    pub delivery_date: String,
    pub amount: String,
    /// Whether `amount` includes tax.
    pub amount_includes_tax: bool,
    /// Tax rate in percent; empty for none.
    pub tax_rate: String,
    /// ISO code, `EUR`.
    pub currency: String,
    pub terms: TermsDraft,
    /// Empty: derived from the terms.
    pub due_date: String,
    pub penalty: PenaltyDraft,
    pub notes: String,
}

impl InvoiceDraft {
    pub fn parse(&self) -> Result<InvoiceDetails, InvoiceError> {
        let number = self.number.trim();
        if number.is_empty() {
            return Err(FieldError::Missing {
                field: Field::InvoiceNumber,
            }
            .into());
        }
        let client = self.client.ok_or(FieldError::Missing {
            field: Field::Client,
        })?;
        let issue_date = parse_date(Field::IssueDate, &self.issue_date)?;
        let delivery_date = parse_optional_date(Field::DeliveryDate, &self.delivery_date)?;
        let currency = match self.currency.trim() {
            "" => {
                return Err(FieldError::Missing {
                    field: Field::Currency,
                }
                .into());
            }
            code => Currency::from_code(code).map_err(|_| FieldError::UnknownChoice {
                field: Field::Currency,
                text: code.to_string(),
            })?,
        };
        let amount = parse_positive_amount(Field::Amount, &self.amount, currency)?;
        let tax_rate = if self.tax_rate.trim().is_empty() {
            Decimal::ZERO
        } else {
            parse_percent(
                Field::TaxRate,
                &self.tax_rate,
                Decimal::ZERO,
                Decimal::ONE_HUNDRED,
            )?
        };
        let amount = if self.amount_includes_tax {
            InvoiceAmount::from_gross(amount, tax_rate)?
        } else {
            InvoiceAmount::from_net(amount, tax_rate)?
        };
        let terms = self.terms.parse()?;
        let due_date = parse_optional_date(Field::DueDate, &self.due_date)?;
        let penalty = self.penalty.parse(currency)?;
        InvoiceDetails::new(number, client, issue_date, amount, terms, due_date, penalty)?
            .with_delivery_date(delivery_date)
            .with_notes(&self.notes)
    }
}

/// Why invoice data was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceError {
    Field(FieldError),
    Terms(TermsError),
    DueBeforeIssue {
        due_date: NaiveDate,
        issue_date: NaiveDate,
    },
    CompensationCurrency {
        invoice: Currency,
        compensation: Currency,
    },
}

impl From<FieldError> for InvoiceError {
    fn from(error: FieldError) -> InvoiceError {
        InvoiceError::Field(error)
    }
}

impl From<TermsError> for InvoiceError {
    fn from(error: TermsError) -> InvoiceError {
        InvoiceError::Terms(error)
    }
}

impl Describe for InvoiceError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (InvoiceError::Field(error), _) => error.describe(lang),
            (InvoiceError::Terms(error), _) => error.describe(lang),
            (
                InvoiceError::DueBeforeIssue {
                    due_date,
                    issue_date,
                },
                Lang::Fr,
            ) => format!(
                "La date d'échéance {due_date} est antérieure à la date d'émission {issue_date}."
            ),
            (
                InvoiceError::DueBeforeIssue {
                    due_date,
                    issue_date,
                },
                Lang::En,
            ) => format!("The due date {due_date} is before the issue date {issue_date}."),
            (
                InvoiceError::CompensationCurrency {
                    invoice,
                    compensation,
                },
                Lang::Fr,
            ) => format!(
                "L'indemnité forfaitaire est en {compensation} alors que la facture est en {invoice}."
            ),
            (
                InvoiceError::CompensationCurrency {
                    invoice,
                    compensation,
                },
                Lang::En,
            ) => format!(
                "The fixed compensation is in {compensation} but the invoice is in {invoice}."
            ),
        }
    }
}

impl fmt::Display for InvoiceStatus {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    fn draft() -> InvoiceDraft {
        InvoiceDraft {
            number: "F-2026-001".into(),
            client: Some(ClientId::from_raw(1)),
            issue_date: "2026-02-15".into(),
            amount: "1 000,00".into(),
            tax_rate: "20".into(),
            currency: "eur".into(),
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
        }
    }

    #[test]
    fn every_regime_id_names_its_clause_and_back() {
        let rate = || Ok::<_, ()>(dec!(12.5));
        for id in PenaltyClause::REGIME_IDS {
            let clause = PenaltyClause::from_regime_id(id, rate, || Ok(None)).unwrap();
            assert_eq!(clause.unwrap().regime_id(), id);
        }
        assert_eq!(
            PenaltyClause::from_regime_id("fr-b2c", rate, || Ok(None)),
            None
        );
        // The rate and the compensation are read only where the regime has them.
        let no_rate = || Err::<Decimal, &str>("no rate");
        assert_eq!(
            PenaltyClause::from_regime_id("fr-legal", no_rate, || Err("no compensation")),
            Some(Ok(PenaltyClause::FrLegal))
        );
        assert_eq!(
            PenaltyClause::from_regime_id("fr-b2b-contract", no_rate, || Ok(None)),
            Some(Err("no rate"))
        );
        assert_eq!(
            PenaltyClause::from_regime_id("fixed", rate, || Err::<Option<Money>, ()>(())),
            Some(Err(()))
        );
    }

    #[test]
    fn max_amount_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_AMOUNT, dec!(1_000_000_000_000_000));
    }

    #[test]
    fn an_invoice_draft_derives_its_due_date_and_tax() {
        let details = draft().parse();
        let Ok(details) = details else {
            panic!("{details:?}")
        };
        assert_eq!(details.due_date(), date("2026-03-17"));
        assert!(!details.due_date_set_by_hand());
        assert_eq!(details.amount().net().amount(), dec!(1000.00));
        assert_eq!(details.amount().tax().amount(), dec!(200.00));
        assert_eq!(details.gross().amount(), dec!(1200.00));
        assert_eq!(details.penalty().regime_id(), "fr-b2b");
    }

    #[test]
    fn an_amount_with_tax_splits_exactly() {
        let gross = Money::new(dec!(100.00), Currency::Eur);
        let amount = InvoiceAmount::from_gross(gross, dec!(5.5));
        let Ok(amount) = amount else {
            panic!("{amount:?}")
        };
        assert_eq!(amount.net().amount(), dec!(94.79));
        assert_eq!(amount.tax().amount(), dec!(5.21));
        assert_eq!(amount.gross(), gross);
    }

    #[test]
    fn a_due_date_before_the_issue_date_is_refused_in_a_sentence() {
        let invoice = InvoiceDraft {
            due_date: "2026-01-31".into(),
            ..draft()
        };
        let error = invoice.parse().err();
        assert_eq!(
            error,
            Some(InvoiceError::DueBeforeIssue {
                due_date: date("2026-01-31"),
                issue_date: date("2026-02-15")
            })
        );
        assert_eq!(
            error.map(|error| error.describe(Lang::En)),
            Some("The due date 2026-01-31 is before the issue date 2026-02-15.".to_string())
        );
    }

    #[track_caller]
    fn refused_field(invoice: InvoiceDraft, expected: Field) {
        match invoice.parse() {
            Err(InvoiceError::Field(error)) => assert_eq!(error.field(), expected),
            Err(InvoiceError::Terms(TermsError::Field(error))) => {
                assert_eq!(error.field(), expected)
            }
            other => panic!("expected a refusal of {expected:?}, got {other:?}"),
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        refused_field(
            InvoiceDraft {
                number: " ".into(),
                ..draft()
            },
            Field::InvoiceNumber,
        );
        refused_field(
            InvoiceDraft {
                client: None,
                ..draft()
            },
            Field::Client,
        );
        refused_field(
            InvoiceDraft {
                issue_date: "15/02/2026".into(),
                ..draft()
            },
            Field::IssueDate,
        );
        refused_field(
            InvoiceDraft {
                amount: "0".into(),
                ..draft()
            },
            Field::Amount,
        );
        refused_field(
            InvoiceDraft {
                amount: "-5".into(),
                ..draft()
            },
            Field::Amount,
        );
        refused_field(
            InvoiceDraft {
                amount: "12,345".into(),
                ..draft()
            },
            Field::Amount,
        );
        refused_field(
            InvoiceDraft {
                amount: "2 000 000 000 000 000".into(),
                ..draft()
            },
            Field::Amount,
        );
        refused_field(
            InvoiceDraft {
                currency: "XYZ".into(),
                ..draft()
            },
            Field::Currency,
        );
        refused_field(
            InvoiceDraft {
                tax_rate: "120".into(),
                ..draft()
            },
            Field::TaxRate,
        );
        refused_field(
            InvoiceDraft {
                penalty: PenaltyDraft {
                    regime: "fr-b2b-contract".into(),
                    ..PenaltyDraft::default()
                },
                ..draft()
            },
            Field::PenaltyRate,
        );
        refused_field(
            InvoiceDraft {
                terms: TermsDraft {
                    kind: "net".into(),
                    days: "abc".into(),
                    ..TermsDraft::default()
                },
                ..draft()
            },
            Field::TermsDays,
        );
    }

    #[test]
    fn penalty_clauses_round_trip_through_drafts() {
        let clauses = [
            PenaltyClause::FrB2b,
            PenaltyClause::FrB2bContract {
                annual_rate_percent: dec!(12.5),
            },
            PenaltyClause::FrLegal,
            PenaltyClause::DeB2b,
            PenaltyClause::DeConsumer,
            PenaltyClause::UkB2b,
            PenaltyClause::EuB2b,
            PenaltyClause::Fixed {
                annual_rate_percent: dec!(10),
                fixed_compensation: Some(Money::new(dec!(40), Currency::Eur)),
            },
            PenaltyClause::Fixed {
                annual_rate_percent: dec!(10),
                fixed_compensation: None,
            },
            PenaltyClause::None,
        ];
        for clause in clauses {
            assert!(PenaltyClause::REGIME_IDS.contains(&clause.regime_id()));
            assert_eq!(
                PenaltyDraft::from_clause(clause).parse(Currency::Eur),
                Ok(clause)
            );
        }
    }

    #[test]
    fn the_client_suggests_a_default_clause() {
        use ClientKind::*;
        let check = |country: &str, kind, expected: &str| {
            let country = Country::parse(country).unwrap_or(Country::FR);
            assert_eq!(
                default_clause_for(country, kind).regime_id(),
                expected,
                "{country} {kind:?}"
            );
        };
        check("FR", Business, "fr-b2b");
        check("FR", Consumer, "fr-legal");
        check("FR", PublicBody, "fr-b2b");
        check("DE", Business, "de-b2b");
        check("DE", Consumer, "de-consumer");
        check("GB", Business, "uk-b2b");
        check("IT", Business, "eu-b2b");
        check("IT", Consumer, "none");
        check("US", Business, "none");
    }

    /// Version `n` (0, 1, 2) of one invoice: every part differs from one version to the next,
    /// and any mix of versions still holds together (issues in January, due dates set by hand
    /// in December, penalties without a compensation in a currency).
    fn version(n: u32) -> InvoiceDetails {
        let pick = |values: [&'static str; 3]| values[n as usize];
        let amount = InvoiceAmount::from_gross(
            Money::parse(
                pick(["100", "200", "300"]),
                Currency::from_code(pick(["EUR", "GBP", "USD"])).unwrap(),
            )
            .unwrap(),
            Decimal::from(n * 5),
        )
        .unwrap();
        let rule = [
            DueRule::Net { days: 30 },
            DueRule::DaysThenEndOfMonth { days: 45 },
            DueRule::OnReceipt,
        ][n as usize];
        let discount = (n > 0).then(|| EarlyPaymentDiscount::new(Decimal::from(n), 10).unwrap());
        let penalty = [
            PenaltyClause::FrB2b,
            PenaltyClause::FrLegal,
            PenaltyClause::Fixed {
                annual_rate_percent: dec!(12),
                fixed_compensation: None,
            },
        ][n as usize];
        InvoiceDetails::new(
            pick(["F-1", "F-2", "F-3"]),
            ClientId::from_raw(u64::from(n) + 1),
            date(pick(["2026-01-05", "2026-01-10", "2026-01-20"])),
            amount,
            PaymentTerms::new(rule, discount).unwrap(),
            [None, Some(date("2026-12-01")), Some(date("2026-12-15"))][n as usize],
            penalty,
        )
        .unwrap()
        .with_delivery_date([None, Some(date("2026-01-02")), Some(date("2026-01-03"))][n as usize])
        .with_notes(pick([
            "",
            "relancé par téléphone",
            "litige sur la quantité",
        ]))
        .unwrap()
    }

    #[test]
    fn every_part_of_an_invoice_is_merged() {
        let (base, mine, theirs) = (version(0), version(1), version(2));
        let fields = InvoiceFields::of(&base);
        for details in [&base, &mine, &theirs] {
            assert_eq!(InvoiceFields::of(details).details().as_ref(), Ok(details));
        }
        // Every part differs between the versions: a part left out of the merge would keep
        // the other version's value somewhere below.
        for part in InvoicePart::ALL {
            assert!(!fields.same(&InvoiceFields::of(&mine), part), "{part:?}");
            assert!(!InvoiceFields::of(&theirs).same(&InvoiceFields::of(&mine), part));
        }
        assert_eq!(fields.merge(&mine, &base).as_ref(), Ok(&mine));
        assert_eq!(fields.merge(&base, &theirs).as_ref(), Ok(&theirs));
        assert_eq!(fields.merge(&mine, &mine).as_ref(), Ok(&mine));
        let conflict = fields.merge(&mine, &theirs).unwrap_err();
        assert_eq!(conflict.parts, InvoicePart::ALL);
        assert_eq!(conflict.theirs, theirs);
        assert_eq!(conflict.broken, None);
    }

    #[test]
    fn each_side_s_change_to_another_part_is_kept() {
        let (base, one, two) = (version(0), version(1), version(2));
        let fields = |details: &InvoiceDetails| InvoiceFields::of(details);
        let with = |parts: &[(InvoicePart, &InvoiceDetails)]| {
            let mut mixed = fields(&base);
            for (part, from) in parts {
                mixed.take(&fields(from), *part);
            }
            mixed.details().unwrap()
        };
        for mine_part in InvoicePart::ALL {
            for their_part in InvoicePart::ALL {
                let mine = with(&[(mine_part, &one)]);
                let theirs = with(&[(their_part, &two)]);
                let merged = fields(&base).merge(&mine, &theirs);
                if mine_part == their_part {
                    let conflict = merged.unwrap_err();
                    assert_eq!(conflict.parts, [mine_part]);
                } else {
                    let both = with(&[(mine_part, &one), (their_part, &two)]);
                    assert_eq!(merged, Ok(both), "{mine_part:?} / {their_part:?}");
                }
                // Both sides made the same change: nothing to report.
                assert_eq!(fields(&base).merge(&mine, &mine), Ok(mine.clone()));
            }
        }
    }

    #[test]
    fn a_merge_that_no_longer_holds_is_reported_with_what_the_other_tab_changed() {
        let base = version(1);
        let fields = InvoiceFields::of(&base);
        // Here: the due date set by hand moves to 5 February; elsewhere: the issue date to
        // 20 February. Each is fine alone; together the invoice is due before it is issued.
        let mut mine = fields.clone();
        mine.due_by_hand = Some(date("2026-02-05"));
        let mine = mine.details().unwrap();
        let mut theirs = fields.clone();
        theirs.issue_date = date("2026-02-20");
        let theirs = theirs.details().unwrap();
        let conflict = fields.merge(&mine, &theirs).unwrap_err();
        assert_eq!(conflict.parts, [InvoicePart::IssueDate]);
        assert!(matches!(
            conflict.broken,
            Some(InvoiceError::DueBeforeIssue { .. })
        ));
        // Keeping mine over the issue date: the next merge is mine, whole.
        let seen = edit::rebased(&fields, &InvoiceFields::of(&theirs), &conflict.parts);
        assert_eq!(seen.merge(&mine, &theirs), Ok(mine));
    }

    #[test]
    fn every_part_names_a_field_of_the_form() {
        let fields: std::collections::BTreeSet<String> = InvoicePart::ALL
            .into_iter()
            .map(|part| format!("{:?}", part.field()))
            .collect();
        assert_eq!(fields.len(), InvoicePart::ALL.len());
    }
}
