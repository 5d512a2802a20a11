//! The payment-plan form of the invoice's page as a pure model (tested natively): the form as
//! typed ([`PlanDraft`]), [`check_plan`] reading it through the domain's parsers (one error per
//! field, each beside its field) and the live preview of the installments, split by the domain
//! (`PaymentPlan::split`) from the open balance on the agreement date, so that they add up
//! exactly to it.

use chrono::NaiveDate;

use crate::domain::calendar::add_months;
use crate::domain::field::{Field, FieldError, parse_date, parse_whole_number};
use crate::domain::plan::MAX_INSTALLMENTS;
use crate::domain::{
    Installment, InvoiceId, Ledger, LedgerError, Money, MoneyError, PaymentPlan, PlanDraft,
    PlanError, PlanId, PlanPeriod, PlanTerms,
};

/// The plan form's field names (the ids `plan-input-…`).
pub const PLAN_AGREED: &str = "agreed";
pub const PLAN_FIRST: &str = "first";
pub const PLAN_COUNT: &str = "count";
pub const PLAN_PERIOD: &str = "period";

/// A new plan: agreed today, three monthly installments from a month later, interest running.
pub fn blank_plan(today: NaiveDate) -> PlanDraft {
    PlanDraft {
        agreed_on: today.to_string(),
        first_due: add_months(today, 1).unwrap_or(today).to_string(),
        count: "3".to_string(),
        period: PlanPeriod::Monthly.code().to_string(),
        freeze_interest: false,
    }
}

/// The installments the form would agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPreview {
    /// The open balance on the agreement date: what the installments add up to.
    pub balance: Money,
    pub installments: Vec<Installment>,
}

/// What the plan form says now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanCheck {
    /// One error per field name.
    pub errors: Vec<(&'static str, PlanError)>,
    /// What to agree, when nothing is wrong.
    pub terms: Option<PlanTerms>,
    pub preview: Option<PlanPreview>,
}

impl PlanCheck {
    pub fn error(&self, name: &str) -> Option<&PlanError> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, error)| error)
    }
}

/// The form's field a plan error belongs to.
pub fn plan_field_name(error: &PlanError) -> &'static str {
    match error {
        PlanError::Field(error) => match error.field() {
            Field::AgreementDate => PLAN_AGREED,
            Field::FirstInstallmentDate => PLAN_FIRST,
            Field::PlanPeriod => PLAN_PERIOD,
            _ => PLAN_COUNT,
        },
        PlanError::FirstDueBeforeAgreement { .. } | PlanError::BeyondCalendar { .. } => PLAN_FIRST,
        // Nothing left to pay on that date: the agreement date is what to change.
        PlanError::NothingToSplit { .. } => PLAN_AGREED,
        PlanError::BalanceTooSmall { .. } | PlanError::Money(_) => PLAN_COUNT,
    }
}

/// Reads the plan form for invoice `id`: every field's error at once, then the terms and the
/// installments the domain splits from the open balance on the agreement date.
pub fn check_plan(draft: &PlanDraft, ledger: &Ledger, id: InvoiceId) -> PlanCheck {
    if ledger.invoice(id).is_none() {
        return PlanCheck::default();
    }
    let mut errors: Vec<(&'static str, PlanError)> = Vec::new();
    let mut refuse = |error: FieldError| {
        let error = PlanError::Field(error);
        errors.push((plan_field_name(&error), error));
    };
    let agreed_on = parse_date(Field::AgreementDate, &draft.agreed_on)
        .map_err(&mut refuse)
        .ok();
    let _ = parse_date(Field::FirstInstallmentDate, &draft.first_due).map_err(&mut refuse);
    let _ = parse_whole_number(Field::InstallmentCount, &draft.count, 1, MAX_INSTALLMENTS)
        .map_err(&mut refuse);
    let period = draft.period.trim();
    if period.is_empty() {
        refuse(FieldError::Missing {
            field: Field::PlanPeriod,
        });
    } else if PlanPeriod::from_code(period).is_none() {
        refuse(FieldError::UnknownChoice {
            field: Field::PlanPeriod,
            text: period.to_string(),
        });
    }
    if !errors.is_empty() {
        return PlanCheck {
            errors,
            ..PlanCheck::default()
        };
    }
    let split = draft.parse(id).and_then(|terms| {
        let agreed_on = agreed_on.unwrap_or(terms.agreed_on());
        let balance = match ledger.balance(id, agreed_on) {
            Ok(balance) => balance.open,
            Err(LedgerError::Money(error)) => return Err(PlanError::Money(error)),
            // The invoice is known (checked above): no other error is possible.
            Err(_) => return Err(PlanError::Money(MoneyError::Overflow)),
        };
        PaymentPlan::split(PlanId::from_raw(0), terms, balance).map(|plan| (terms, plan))
    });
    match split {
        Ok((terms, plan)) => PlanCheck {
            errors: Vec::new(),
            terms: Some(terms),
            preview: Some(PlanPreview {
                balance: plan.balance(),
                installments: plan.installments().to_vec(),
            }),
        },
        Err(error) => PlanCheck {
            errors: vec![(plan_field_name(&error), error)],
            ..PlanCheck::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::calendar::test_support::date;
    use crate::ui::invoices::test_support::Books;
    use rust_decimal_macros::dec;

    fn draft(agreed: &str, first: &str, count: &str, period: &str) -> PlanDraft {
        PlanDraft {
            agreed_on: agreed.into(),
            first_due: first.into(),
            count: count.into(),
            period: period.into(),
            freeze_interest: true,
        }
    }

    fn eur(amount: rust_decimal::Decimal) -> Money {
        Money::new(amount, Currency::Eur)
    }

    #[test]
    fn a_blank_plan_starts_today_with_three_monthly_installments() {
        let blank = blank_plan(date("2026-01-31"));
        assert_eq!(blank.agreed_on, "2026-01-31");
        assert_eq!(blank.first_due, "2026-02-28");
        assert_eq!(blank.count, "3");
        assert_eq!(blank.period, "monthly");
        assert!(!blank.freeze_interest);
    }

    #[test]
    fn the_preview_splits_the_open_balance_on_the_agreement_date_and_adds_up_exactly() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "1000", "EUR");
        books.pay(id, "2026-02-01", dec!(0.01), Currency::Eur);
        // A payment after the agreement is not part of what the plan splits.
        books.pay(id, "2026-04-01", dec!(500), Currency::Eur);
        let check = check_plan(
            &draft("2026-03-01", "2026-03-15", "3", "monthly"),
            &books.ledger,
            id,
        );
        assert_eq!(check.errors, []);
        let Some(preview) = check.preview else {
            panic!("no preview")
        };
        assert_eq!(preview.balance, eur(dec!(999.99)));
        let amounts: Vec<Money> = preview
            .installments
            .iter()
            .map(|installment| installment.amount)
            .collect();
        assert_eq!(
            amounts,
            [eur(dec!(333.33)), eur(dec!(333.33)), eur(dec!(333.33))]
        );
        let sum = Money::checked_sum(Currency::Eur, amounts.iter().copied());
        assert_eq!(sum, Ok(preview.balance));
        let dates: Vec<NaiveDate> = preview
            .installments
            .iter()
            .map(|installment| installment.due_date)
            .collect();
        assert_eq!(
            dates,
            [date("2026-03-15"), date("2026-04-15"), date("2026-05-15")]
        );
        assert!(check.terms.is_some_and(|terms| terms.freeze_interest()));
    }

    #[test]
    fn every_field_error_is_beside_its_field_at_once() {
        let mut books = Books::new();
        let client = books.client("Dupont", "FR");
        let id = books.invoice("F-1", client, "2026-01-05", "100", "EUR");
        let check = check_plan(&draft("31/02/2026", "", "zéro", "daily"), &books.ledger, id);
        let names: Vec<&str> = check.errors.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, [PLAN_AGREED, PLAN_FIRST, PLAN_COUNT, PLAN_PERIOD]);
        assert_eq!(check.preview, None);
        assert_eq!(check.terms, None);
        // The first installment before the agreement: said beside the first installment's date.
        let early = check_plan(
            &draft("2026-03-01", "2026-02-01", "3", "monthly"),
            &books.ledger,
            id,
        );
        assert!(matches!(
            early.error(PLAN_FIRST),
            Some(PlanError::FirstDueBeforeAgreement { .. })
        ));
        // Too many installments for the balance: beside the count.
        let small = check_plan(
            &draft("2026-03-01", "2026-03-01", "120", "weekly"),
            &books.ledger,
            id,
        );
        assert_eq!(small.errors, []);
        let mut tiny = Books::new();
        let client = tiny.client("Dupont", "FR");
        let cents = tiny.invoice("F-2", client, "2026-01-05", "0,05", "EUR");
        let too_small = check_plan(
            &draft("2026-03-01", "2026-03-01", "6", "weekly"),
            &tiny.ledger,
            cents,
        );
        assert!(matches!(
            too_small.error(PLAN_COUNT),
            Some(PlanError::BalanceTooSmall { count: 6, .. })
        ));
        // Nothing left on the agreement date: beside the agreement date.
        books.pay(id, "2026-02-01", dec!(100), Currency::Eur);
        let paid = check_plan(
            &draft("2026-03-01", "2026-03-01", "3", "monthly"),
            &books.ledger,
            id,
        );
        assert!(matches!(
            paid.error(PLAN_AGREED),
            Some(PlanError::NothingToSplit { .. })
        ));
    }
}
