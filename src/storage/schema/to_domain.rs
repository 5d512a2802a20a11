//! DTO → domain: a shard's records built from its DTOs by the domain's own constructors (the
//! same rules as the forms), every refusal naming the shard, the record and the field.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::dto::{ClientV1, DiscountV1, HangingV1, InvoiceV1, PlanV1, Row};
use super::errors::{DecodeError, FieldProblem, Record, RecordError, StoredField};
use super::layout::ShardRecords;
use super::values::{
    adjustment_kind_code, channel_from_code, read_date, read_decimal, read_rule,
    significant_decimals, status_from_code, step_from_code,
};
use crate::domain::client::ClientDraft;
use crate::domain::{
    Adjustment, AdjustmentDetails, AdjustmentId, AdjustmentKind, Channel, Client, ClientId,
    ClientKind, ContactDetails, ContactEntry, ContactId, Currency, EarlyPaymentDiscount,
    InterestDuringPlan, Invoice, InvoiceAmount, InvoiceDetails, InvoiceId, InvoiceStatus, Money,
    Payment, PaymentDetails, PaymentId, PaymentMethod, PaymentPlan, PaymentTerms, PenaltyClause,
    PlanId, PlanPeriod, PlanTerms, TermsDraft,
};

/// Which kind of record an error is about.
#[derive(Clone, Copy)]
pub(super) enum RecordKind {
    Client,
    Invoice,
    Payment,
    Adjustment,
    Contact,
    Plan,
}

/// A record as an error names it ([`Record`]), borrowed: the record is only built (its text
/// copied) when an error is reported.
#[derive(Clone, Copy)]
pub(super) struct RecordName<'a> {
    pub(super) kind: RecordKind,
    pub(super) id: Option<u64>,
    /// The client's name, the invoice's number, or for a contact what it is about.
    pub(super) label: &'a str,
}

impl RecordName<'_> {
    fn record(self) -> Record {
        let (id, label) = (self.id, self.label.to_string());
        match self.kind {
            RecordKind::Client => Record::Client { id, name: label },
            RecordKind::Invoice => Record::Invoice { id, number: label },
            RecordKind::Payment => Record::Payment { id, invoice: label },
            RecordKind::Adjustment => Record::Adjustment { id, invoice: label },
            RecordKind::Contact => Record::Contact { id, about: label },
            RecordKind::Plan => Record::Plan { id, invoice: label },
        }
    }
}

/// Converts the DTOs of one shard into domain records; `shard`, the shard being read, names
/// it in errors.
pub(super) struct RecordConverter<'a> {
    pub(super) shard: &'a str,
}

impl RecordConverter<'_> {
    fn field(
        &self,
        record: RecordName<'_>,
        field: StoredField,
        value: &str,
        problem: FieldProblem,
    ) -> DecodeError {
        DecodeError::Field {
            shard: self.shard.to_string(),
            record: record.record(),
            field,
            value: value.to_string(),
            problem,
        }
    }

    fn invalid(&self, record: RecordName<'_>, error: RecordError) -> DecodeError {
        DecodeError::Invalid {
            shard: self.shard.to_string(),
            record: record.record(),
            error: Box::new(error),
        }
    }

    fn id(&self, record: RecordName<'_>, id: Option<u64>) -> Result<u64, DecodeError> {
        id.ok_or_else(|| self.field(record, StoredField::Id, "", FieldProblem::Missing))
    }

    fn date(
        &self,
        record: RecordName<'_>,
        field: StoredField,
        text: &str,
    ) -> Result<NaiveDate, DecodeError> {
        if text.is_empty() {
            return Err(self.field(record, field, text, FieldProblem::Missing));
        }
        read_date(text).ok_or_else(|| self.field(record, field, text, FieldProblem::NotADate))
    }

    fn decimal(
        &self,
        record: RecordName<'_>,
        field: StoredField,
        text: &str,
    ) -> Result<Decimal, DecodeError> {
        if text.is_empty() {
            return Err(self.field(record, field, text, FieldProblem::Missing));
        }
        read_decimal(text).ok_or_else(|| self.field(record, field, text, FieldProblem::NotADecimal))
    }

    /// An amount in `currency`, exactly: more decimals than the currency has is refused.
    fn money(
        &self,
        record: RecordName<'_>,
        field: StoredField,
        text: &str,
        currency: Currency,
    ) -> Result<Money, DecodeError> {
        let amount = self.decimal(record, field, text)?;
        if significant_decimals(text) > currency.minor_units() {
            return Err(self.field(
                record,
                field,
                text,
                FieldProblem::TooManyDecimals { currency },
            ));
        }
        Ok(Money::new(amount, currency))
    }

    fn code<T>(
        &self,
        record: RecordName<'_>,
        field: StoredField,
        text: Option<&str>,
        default: T,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, DecodeError> {
        match text {
            None => Ok(default),
            Some(text) => parse(text)
                .ok_or_else(|| self.field(record, field, text, FieldProblem::UnknownCode)),
        }
    }

    fn terms(
        &self,
        record: RecordName<'_>,
        rule: Option<&str>,
        discount: Option<&DiscountV1>,
    ) -> Result<PaymentTerms, DecodeError> {
        let rule = match rule {
            None => PaymentTerms::default().rule(),
            Some(text) => read_rule(text).ok_or_else(|| {
                self.field(record, StoredField::Terms, text, FieldProblem::UnknownCode)
            })?,
        };
        let discount = match discount {
            None => None,
            Some(discount) => {
                let percent = self.decimal(record, StoredField::DiscountRate, &discount.percent)?;
                let days = discount.days.ok_or_else(|| {
                    self.field(record, StoredField::DiscountDays, "", FieldProblem::Missing)
                })?;
                Some(
                    EarlyPaymentDiscount::new(percent, days)
                        .map_err(|error| self.invalid(record, RecordError::Terms(error)))?,
                )
            }
        };
        PaymentTerms::new(rule, discount)
            .map_err(|error| self.invalid(record, RecordError::Terms(error)))
    }

    pub(super) fn client(&self, dto: ClientV1) -> Result<Client, DecodeError> {
        let record = RecordName {
            kind: RecordKind::Client,
            id: dto.id,
            label: &dto.name,
        };
        let id = self.id(record, dto.id)?;
        let terms = self.terms(record, dto.terms.as_deref(), dto.discount.as_ref())?;
        // The form's parser checks every field as the client form does; the terms, read
        // above, may hold values the form cannot type (a fixed date beyond 9999).
        let draft = ClientDraft {
            name: dto.name.clone(),
            address: dto.address,
            email: dto.email,
            phone: dto.phone,
            tax_id: dto.tax_id,
            country: dto.country.unwrap_or_else(|| "FR".to_string()),
            kind: dto
                .kind
                .unwrap_or_else(|| ClientKind::Business.code().to_string()),
            terms: TermsDraft::from_terms(PaymentTerms::default()),
            notes: dto.notes,
        };
        let details = draft
            .parse()
            .map_err(|error| self.invalid(record, RecordError::Client(error)))?
            .with_default_terms(terms)
            .with_demo(dto.demo);
        Ok(Client::from_parts(ClientId::from_raw(id), details))
    }

    fn amount(
        &self,
        record: RecordName<'_>,
        dto: &InvoiceV1,
        currency: Currency,
    ) -> Result<InvoiceAmount, DecodeError> {
        let rate = match &dto.tax_rate {
            None => Decimal::ZERO,
            Some(text) => self.decimal(record, StoredField::TaxRate, text)?,
        };
        let refused = |error| self.invalid(record, RecordError::Field(error));
        let gross = dto
            .gross
            .as_deref()
            .map(|text| self.money(record, StoredField::Gross, text, currency))
            .transpose()?;
        let net = dto
            .net
            .as_deref()
            .map(|text| self.money(record, StoredField::Net, text, currency))
            .transpose()?;
        match (gross, net) {
            (Some(gross), None) => InvoiceAmount::from_gross(gross, rate).map_err(refused),
            (None, Some(net)) => InvoiceAmount::from_net(net, rate).map_err(refused),
            (Some(gross), Some(net)) => {
                let from_net = InvoiceAmount::from_net(net, rate)
                    .ok()
                    .filter(|a| a.gross() == gross);
                let from_gross = InvoiceAmount::from_gross(gross, rate)
                    .ok()
                    .filter(|a| a.net() == net);
                from_net.or(from_gross).ok_or_else(|| {
                    self.field(
                        record,
                        StoredField::Gross,
                        dto.gross.as_deref().unwrap_or_default(),
                        FieldProblem::AmountsDisagree,
                    )
                })
            }
            (None, None) => Err(self.field(record, StoredField::Gross, "", FieldProblem::Missing)),
        }
    }

    fn penalty(
        &self,
        record: RecordName<'_>,
        dto: &InvoiceV1,
        currency: Currency,
    ) -> Result<PenaltyClause, DecodeError> {
        let rate = || match dto.penalty_rate.as_deref() {
            None => Err(self.field(record, StoredField::PenaltyRate, "", FieldProblem::Missing)),
            Some(text) => self.decimal(record, StoredField::PenaltyRate, text),
        };
        let compensation = || {
            dto.compensation
                .as_deref()
                .map(|text| self.money(record, StoredField::Compensation, text, currency))
                .transpose()
        };
        let regime = dto.penalty.as_deref().unwrap_or("fr-b2b");
        PenaltyClause::from_regime_id(regime, rate, compensation).unwrap_or_else(|| {
            Err(self.field(
                record,
                StoredField::Penalty,
                regime,
                FieldProblem::UnknownCode,
            ))
        })
    }

    /// An invoice and what is stored in it, into `records`.
    pub(super) fn invoice(
        &self,
        dto: &InvoiceV1,
        hanging: &HangingV1,
        records: &mut ShardRecords,
    ) -> Result<(), DecodeError> {
        let record = RecordName {
            kind: RecordKind::Invoice,
            id: dto.id,
            label: &dto.number,
        };
        let id = InvoiceId::from_raw(self.id(record, dto.id)?);
        let client = dto
            .client
            .ok_or_else(|| self.field(record, StoredField::Client, "", FieldProblem::Missing))?;
        let status = self.code(
            record,
            StoredField::Status,
            dto.status.as_deref(),
            InvoiceStatus::Sent,
            status_from_code,
        )?;
        let issue_date = self.date(record, StoredField::IssueDate, &dto.issue_date)?;
        let delivery_date = dto
            .delivery_date
            .as_deref()
            .map(|text| self.date(record, StoredField::DeliveryDate, text))
            .transpose()?;
        let due_date = dto
            .due_date
            .as_deref()
            .map(|text| self.date(record, StoredField::DueDate, text))
            .transpose()?;
        let currency = self.code(
            record,
            StoredField::Currency,
            dto.currency.as_deref(),
            Currency::Eur,
            |code| {
                Currency::ALL
                    .into_iter()
                    .find(|currency| currency.code() == code)
            },
        )?;
        let amount = self.amount(record, dto, currency)?;
        let terms = self.terms(record, dto.terms.as_deref(), dto.discount.as_ref())?;
        let penalty = self.penalty(record, dto, currency)?;
        let refused = |error| self.invalid(record, RecordError::Invoice(error));
        let details = InvoiceDetails::new(
            &dto.number,
            ClientId::from_raw(client),
            issue_date,
            amount,
            terms,
            due_date,
            penalty,
        )
        .map_err(refused)?
        .with_delivery_date(delivery_date)
        .with_notes(&dto.notes)
        .map_err(refused)?;
        let invoice = Invoice::from_parts(id, details, status);
        let number: &str = &dto.number;
        for row in &hanging.payments {
            records
                .payments
                .push(self.payment(row, id, currency, number)?);
        }
        for row in &hanging.adjustments {
            records
                .adjustments
                .push(self.adjustment(row, id, currency, number)?);
        }
        for row in &hanging.contacts {
            let contact_id = self.nested_id(id, row.id);
            let record = RecordName {
                kind: RecordKind::Contact,
                id: contact_id.as_ref().ok().copied(),
                label: number,
            };
            let contact_id = contact_id.map_err(|value| {
                self.field(record, StoredField::Id, &value, FieldProblem::NotAnId)
            })?;
            records.contacts.push(self.contact(
                record,
                ContactFields {
                    id: Some(contact_id),
                    client: Some(client),
                    invoices: LinkedInvoices::One(id),
                    date: &row.date,
                    channel: row.code.as_deref(),
                    summary: &row.main,
                    step: Some(&row.extra),
                },
            )?);
        }
        for plan in &hanging.plans {
            records.plans.push(self.plan(plan, id, currency, number)?);
        }
        records.invoices.push(invoice);
        Ok(())
    }

    /// The id of a record stored in `invoice`, from its relative id; `Err`: the text of a
    /// relative id that gives no id.
    fn nested_id(&self, invoice: InvoiceId, relative: i128) -> Result<u64, String> {
        i128::from(invoice.raw())
            .checked_add(relative)
            .and_then(|id| u64::try_from(id).ok())
            .ok_or_else(|| relative.to_string())
    }

    fn payment(
        &self,
        row: &Row,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<Payment, DecodeError> {
        let id = self.nested_id(invoice, row.id);
        let record = RecordName {
            kind: RecordKind::Payment,
            id: id.as_ref().ok().copied(),
            label: number,
        };
        let id =
            id.map_err(|value| self.field(record, StoredField::Id, &value, FieldProblem::NotAnId))?;
        let date = self.date(record, StoredField::Date, &row.date)?;
        let amount = self.money(record, StoredField::Amount, &row.main, currency)?;
        let method = self.code(
            record,
            StoredField::Method,
            row.code.as_deref(),
            PaymentMethod::BankTransfer,
            |code| {
                PaymentMethod::ALL
                    .into_iter()
                    .find(|method| method.code() == code)
            },
        )?;
        let details = PaymentDetails::new(invoice, date, amount, method, &row.extra)
            .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(Payment::from_parts(PaymentId::from_raw(id), details))
    }

    fn adjustment(
        &self,
        row: &Row,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<Adjustment, DecodeError> {
        let id = self.nested_id(invoice, row.id);
        let record = RecordName {
            kind: RecordKind::Adjustment,
            id: id.as_ref().ok().copied(),
            label: number,
        };
        let id =
            id.map_err(|value| self.field(record, StoredField::Id, &value, FieldProblem::NotAnId))?;
        let date = self.date(record, StoredField::Date, &row.date)?;
        let amount = self.money(record, StoredField::Amount, &row.main, currency)?;
        let kind = self.code(
            record,
            StoredField::AdjustmentKind,
            row.code.as_deref(),
            AdjustmentKind::CreditNote,
            |code| {
                [AdjustmentKind::CreditNote, AdjustmentKind::Adjustment]
                    .into_iter()
                    .find(|kind| adjustment_kind_code(*kind) == code)
            },
        )?;
        let details = AdjustmentDetails::new(invoice, kind, date, amount, &row.extra)
            .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(Adjustment::from_parts(AdjustmentId::from_raw(id), details))
    }

    pub(super) fn contact(
        &self,
        record: RecordName<'_>,
        fields: ContactFields<'_>,
    ) -> Result<ContactEntry, DecodeError> {
        let id = self.id(record, fields.id)?;
        let client = fields
            .client
            .ok_or_else(|| self.field(record, StoredField::Client, "", FieldProblem::Missing))?;
        let date = self.date(record, StoredField::Date, fields.date)?;
        let channel = self.code(
            record,
            StoredField::Channel,
            fields.channel,
            Channel::Email,
            channel_from_code,
        )?;
        let step = match fields.step {
            None | Some("") => None,
            Some(text) => Some(step_from_code(text).ok_or_else(|| {
                self.field(record, StoredField::Step, text, FieldProblem::UnknownCode)
            })?),
        };
        let client = ClientId::from_raw(client);
        let details = match fields.invoices {
            LinkedInvoices::One(invoice) => {
                ContactDetails::about_invoice(client, date, channel, fields.summary, invoice, step)
            }
            LinkedInvoices::List(invoices) => ContactDetails::new(
                client,
                date,
                channel,
                fields.summary,
                invoices.into_iter().map(InvoiceId::from_raw).collect(),
                step,
            ),
        }
        .map_err(|error| self.invalid(record, RecordError::Field(error)))?;
        Ok(ContactEntry::from_parts(ContactId::from_raw(id), details))
    }

    fn plan(
        &self,
        dto: &PlanV1,
        invoice: InvoiceId,
        currency: Currency,
        number: &str,
    ) -> Result<(PlanId, PlanTerms, Money), DecodeError> {
        let id = dto.id.map(|relative| self.nested_id(invoice, relative));
        let record = RecordName {
            kind: RecordKind::Plan,
            id: id.as_ref().and_then(|id| id.as_ref().ok().copied()),
            label: number,
        };
        let id = match id {
            None => return Err(self.field(record, StoredField::Id, "", FieldProblem::Missing)),
            Some(Err(value)) => {
                return Err(self.field(record, StoredField::Id, &value, FieldProblem::NotAnId));
            }
            Some(Ok(id)) => PlanId::from_raw(id),
        };
        let agreed_on = self.date(record, StoredField::AgreedOn, &dto.agreed_on)?;
        let first_due = self.date(record, StoredField::FirstDue, &dto.first_due)?;
        let count = dto
            .count
            .ok_or_else(|| self.field(record, StoredField::Count, "", FieldProblem::Missing))?;
        let period = self.code(
            record,
            StoredField::Period,
            dto.period.as_deref(),
            PlanPeriod::Monthly,
            |code| {
                [PlanPeriod::Weekly, PlanPeriod::Monthly]
                    .into_iter()
                    .find(|period| period.code() == code)
            },
        )?;
        let balance = self.money(record, StoredField::Balance, &dto.balance, currency)?;
        let refused = |error| self.invalid(record, RecordError::Plan(error));
        let terms = PlanTerms::new(
            invoice,
            agreed_on,
            first_due,
            count,
            period,
            if dto.freeze_interest {
                InterestDuringPlan::Frozen
            } else {
                InterestDuringPlan::Runs
            },
        )
        .map_err(refused)?;
        // The split is what the ledger rebuilds; checked here to name the plan if it fails.
        PaymentPlan::split(id, terms, balance).map_err(refused)?;
        Ok((id, terms, balance))
    }
}

/// The invoices a contact is about, as stored.
pub(super) enum LinkedInvoices {
    /// Stored in the invoice: about that one.
    One(InvoiceId),
    /// Stored in `clients`: the list `v`.
    List(Vec<u64>),
}

/// The fields of a contact, wherever it is stored.
pub(super) struct ContactFields<'a> {
    pub(super) id: Option<u64>,
    pub(super) client: Option<u64>,
    pub(super) invoices: LinkedInvoices,
    pub(super) date: &'a str,
    pub(super) channel: Option<&'a str>,
    pub(super) summary: &'a str,
    pub(super) step: Option<&'a str>,
}
