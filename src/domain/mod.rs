//! The pure core of Relance: money, invoices, payment terms, aging, dunning, statutory interest.
//!
//! No UI framework, no browser API, no clock, no storage, no floating point: it computes, the
//! edges do I/O. Every date-dependent function takes `as_of`. Nothing here panics on any input.
#![deny(
    clippy::float_arithmetic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod money;

pub use money::{Currency, Money, MoneyError, ParseMoneyError};
pub mod interest;

pub mod aging;
pub mod base64;
pub mod calendar;
pub mod client;
pub mod contact;
pub mod dashboard;
pub mod demo;
pub mod dunning;
pub mod edit;
pub mod field;
pub mod forecast;
pub mod ids;
pub mod invoice;
pub mod ledger;
pub mod letter;
pub mod letterhead;
pub mod letterhead_draft;
pub mod logo;
pub mod merge;
pub mod party;
pub mod payment;
pub mod plan;
pub(crate) mod shared_text;
pub mod stats;
pub mod stop_work;
pub mod terms;
#[cfg(test)]
pub(crate) mod test_support;

pub use aging::{AgingBounds, AgingBoundsError, AgingLine, AgingReport, Bucket, BucketTotals};
pub use client::{
    Client, ClientConflict, ClientDetails, ClientDraft, ClientError, ClientPart, Email, TaxId,
    TaxIdProblem,
};
pub use contact::{Channel, ContactDetails, ContactDraft, ContactEntry, StepKind};
pub use dashboard::Dashboard;
pub use dunning::{
    DoneStep, DunningHold, DunningLine, DunningPolicy, DunningReport, DunningStep, NextStep,
    PolicyError,
};
pub use field::{Field, FieldError};
pub use forecast::{CashForecast, ForecastWeek};
pub use ids::{AdjustmentId, ClientId, ContactId, InvoiceId, PaymentId, PlanId};
pub use invoice::{
    Invoice, InvoiceAmount, InvoiceConflict, InvoiceDetails, InvoiceDraft, InvoiceError,
    InvoiceFields, InvoicePart, InvoiceStatus, MAX_AMOUNT, PenaltyClause, PenaltyDraft,
    default_clause_for,
};
pub use ledger::{InvoiceBalance, InvoiceState, Ledger, LedgerError, LedgerParts, Standing};
pub use party::{ClientKind, Country, PartyError};
pub use payment::{
    Adjustment, AdjustmentDetails, AdjustmentDraft, AdjustmentKind, Payment, PaymentDetails,
    PaymentDraft, PaymentMethod,
};
pub use plan::{
    FreezePeriod, Installment, InstallmentState, InstallmentStatus, InterestDuringPlan,
    PaymentPlan, PlanDraft, PlanError, PlanPeriod, PlanState, PlanStatus, PlanTerms,
};
pub use stats::{ClientStatistics, RiskGrade, RiskReason};
pub use stop_work::{
    DEFAULT_STOP_WORK_DAYS, MAX_STOP_WORK_DAYS, StopWork, StopWorkDaysError, parse_stop_work_days,
    stop_work,
};
pub use terms::{
    DueRule, EarlyPaymentDiscount, LegalCapWarning, PaymentTerms, TermsDraft, TermsError,
    legal_cap_warning,
};
