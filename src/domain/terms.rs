//! Payment terms: how the due date follows from the issue date, an optional early-payment
//! discount, and the legal caps (a warning, never a refusal).
//!
//! The two French readings of "45 jours fin de mois" are two rules the user picks between:
//! [`DueRule::DaysThenEndOfMonth`] (+45 days, then the end of that month) and
//! [`DueRule::EndOfMonthThenDays`] (the end of the issue month, then +45 days).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calendar::{add_days, end_of_month};
use super::field::{Field, FieldError, parse_date, parse_percent, parse_whole_number};
use super::money::{Money, MoneyError};
use super::party::{ClientKind, Country};
use crate::i18n::{Describe, Lang};

/// The longest payment period accepted, in days.
pub const MAX_TERM_DAYS: u32 = 999;

/// How the due date follows from the issue date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DueRule {
    /// Payable on receipt: due on the issue date.
    OnReceipt,
    /// Net N days: issue date + N.
    Net { days: u32 },
    /// "N jours fin de mois", first reading: issue date + N, then the end of that month.
    DaysThenEndOfMonth { days: u32 },
    /// "N jours fin de mois", second reading (also "fin de mois + N jours"): the end of the
    /// issue month, then + N.
    EndOfMonthThenDays { days: u32 },
    /// A date agreed with the client.
    FixedDate { date: NaiveDate },
}

impl DueRule {
    /// The code used by forms: `on-receipt`, `net`, `days-end-of-month`,
    /// `end-of-month-days`, `fixed-date`.
    pub fn code(self) -> &'static str {
        match self {
            DueRule::OnReceipt => "on-receipt",
            DueRule::Net { .. } => "net",
            DueRule::DaysThenEndOfMonth { .. } => "days-end-of-month",
            DueRule::EndOfMonthThenDays { .. } => "end-of-month-days",
            DueRule::FixedDate { .. } => "fixed-date",
        }
    }

    /// The number of days of the rule, if it has one.
    pub fn days(self) -> Option<u32> {
        match self {
            DueRule::Net { days }
            | DueRule::DaysThenEndOfMonth { days }
            | DueRule::EndOfMonthThenDays { days } => Some(days),
            DueRule::OnReceipt | DueRule::FixedDate { .. } => None,
        }
    }
}

/// "x % off if paid within N days of the issue date".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EarlyPaymentDiscount {
    percent: Decimal,
    within_days: u32,
}

impl EarlyPaymentDiscount {
    /// `percent` in `0 < percent ≤ 100`, `within_days ≤ MAX_TERM_DAYS`.
    pub fn new(percent: Decimal, within_days: u32) -> Result<EarlyPaymentDiscount, TermsError> {
        if percent <= Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
            return Err(TermsError::Field(FieldError::OutOfRange {
                field: Field::DiscountRate,
                text: percent.to_string(),
                min: Decimal::ZERO,
                max: Decimal::ONE_HUNDRED,
            }));
        }
        if within_days > MAX_TERM_DAYS {
            return Err(days_out_of_range(Field::DiscountDays, within_days));
        }
        Ok(EarlyPaymentDiscount {
            percent,
            within_days,
        })
    }

    pub fn percent(self) -> Decimal {
        self.percent
    }

    pub fn within_days(self) -> u32 {
        self.within_days
    }

    /// The last day the discount applies, or `None` beyond the calendar.
    pub fn deadline(self, issue_date: NaiveDate) -> Option<NaiveDate> {
        add_days(issue_date, i64::from(self.within_days))
    }

    /// The discount on `amount`, rounded by the money rule.
    pub fn amount_off(self, amount: Money) -> Result<Money, MoneyError> {
        let factor = self
            .percent
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(MoneyError::Overflow)?;
        amount.checked_mul(factor)
    }
}

/// Payment terms: a due rule and an optional early-payment discount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PaymentTerms {
    rule: DueRule,
    discount: Option<EarlyPaymentDiscount>,
}

impl Default for PaymentTerms {
    /// Net 30 days, no discount.
    fn default() -> PaymentTerms {
        PaymentTerms {
            rule: DueRule::Net { days: 30 },
            discount: None,
        }
    }
}

fn days_out_of_range(field: Field, days: u32) -> TermsError {
    TermsError::Field(FieldError::OutOfRange {
        field,
        text: days.to_string(),
        min: Decimal::ZERO,
        max: Decimal::from(MAX_TERM_DAYS),
    })
}

impl PaymentTerms {
    /// Terms from a rule whose days are at most [`MAX_TERM_DAYS`].
    pub fn new(
        rule: DueRule,
        discount: Option<EarlyPaymentDiscount>,
    ) -> Result<PaymentTerms, TermsError> {
        if let Some(days) = rule.days()
            && days > MAX_TERM_DAYS
        {
            return Err(days_out_of_range(Field::TermsDays, days));
        }
        Ok(PaymentTerms { rule, discount })
    }

    pub fn on_receipt() -> PaymentTerms {
        PaymentTerms {
            rule: DueRule::OnReceipt,
            discount: None,
        }
    }

    pub fn rule(self) -> DueRule {
        self.rule
    }

    pub fn discount(self) -> Option<EarlyPaymentDiscount> {
        self.discount
    }

    /// The due date for an invoice issued on `issue_date`. A fixed date is returned as is
    /// (the invoice checks it is not before the issue date).
    pub fn due_date(self, issue_date: NaiveDate) -> Result<NaiveDate, TermsError> {
        let out_of_range = || TermsError::DueDateOutOfCalendar { issue_date };
        match self.rule {
            DueRule::OnReceipt => Ok(issue_date),
            DueRule::Net { days } => add_days(issue_date, i64::from(days)).ok_or_else(out_of_range),
            DueRule::DaysThenEndOfMonth { days } => add_days(issue_date, i64::from(days))
                .map(end_of_month)
                .ok_or_else(out_of_range),
            DueRule::EndOfMonthThenDays { days } => {
                add_days(end_of_month(issue_date), i64::from(days)).ok_or_else(out_of_range)
            }
            DueRule::FixedDate { date } => Ok(date),
        }
    }
}

/// What the terms part of a form submits; every field is raw text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermsDraft {
    /// One of the [`DueRule::code`]s.
    pub kind: String,
    /// Days, for `net`, `days-end-of-month` and `end-of-month-days`.
    pub days: String,
    /// `YYYY-MM-DD`, for `fixed-date`.
    pub fixed_date: String,
    /// Early-payment discount in percent; empty for none.
    pub discount_percent: String,
    /// Days within which the discount applies.
    pub discount_days: String,
}

impl TermsDraft {
    /// The draft that shows `terms` (to prefill a form).
    pub fn from_terms(terms: PaymentTerms) -> TermsDraft {
        let (days, fixed_date) = match terms.rule {
            DueRule::FixedDate { date } => (String::new(), date.to_string()),
            rule => (
                rule.days().map(|days| days.to_string()).unwrap_or_default(),
                String::new(),
            ),
        };
        let (discount_percent, discount_days) = match terms.discount {
            Some(discount) => (
                discount.percent.to_string(),
                discount.within_days.to_string(),
            ),
            None => (String::new(), String::new()),
        };
        TermsDraft {
            kind: terms.rule.code().to_string(),
            days,
            fixed_date,
            discount_percent,
            discount_days,
        }
    }

    pub fn parse(&self) -> Result<PaymentTerms, TermsError> {
        let days = || parse_whole_number(Field::TermsDays, &self.days, 0, MAX_TERM_DAYS);
        let rule = match self.kind.trim() {
            "on-receipt" => DueRule::OnReceipt,
            "net" => DueRule::Net { days: days()? },
            "days-end-of-month" => DueRule::DaysThenEndOfMonth { days: days()? },
            "end-of-month-days" => DueRule::EndOfMonthThenDays { days: days()? },
            "fixed-date" => DueRule::FixedDate {
                date: parse_date(Field::TermsFixedDate, &self.fixed_date)?,
            },
            "" => {
                return Err(FieldError::Missing {
                    field: Field::TermsKind,
                }
                .into());
            }
            other => {
                return Err(FieldError::UnknownChoice {
                    field: Field::TermsKind,
                    text: other.to_string(),
                }
                .into());
            }
        };
        let discount = if self.discount_percent.trim().is_empty() {
            None
        } else {
            let percent = parse_percent(
                Field::DiscountRate,
                &self.discount_percent,
                Decimal::ZERO,
                Decimal::ONE_HUNDRED,
            )?;
            let within_days =
                parse_whole_number(Field::DiscountDays, &self.discount_days, 0, MAX_TERM_DAYS)?;
            if percent.is_zero() {
                None
            } else {
                Some(EarlyPaymentDiscount::new(percent, within_days)?)
            }
        };
        PaymentTerms::new(rule, discount)
    }
}

/// Why payment terms were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermsError {
    Field(FieldError),
    /// The due date would fall after 9999-12-31.
    DueDateOutOfCalendar {
        issue_date: NaiveDate,
    },
}

impl From<FieldError> for TermsError {
    fn from(error: FieldError) -> TermsError {
        TermsError::Field(error)
    }
}

impl Describe for TermsError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (TermsError::Field(error), _) => error.describe(lang),
            (TermsError::DueDateOutOfCalendar { issue_date }, Lang::Fr) => format!(
                "Avec ces conditions, une facture émise le {issue_date} serait due après le 31 décembre 9999 : raccourcissez le délai."
            ),
            (TermsError::DueDateOutOfCalendar { issue_date }, Lang::En) => format!(
                "With these terms, an invoice issued on {issue_date} would fall due after 31 December 9999: shorten the period."
            ),
        }
    }
}

/// Terms beyond a legal cap: shown to the user, who may still go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegalCapWarning {
    /// France, between businesses (Code de commerce L441-10): at most 60 days from issue or
    /// 45 days end of month (either reading).
    FranceBusiness {
        due_date: NaiveDate,
        latest: NaiveDate,
    },
    /// EU directive 2011/7 and UK regulations: beyond 60 days only if expressly agreed and
    /// not grossly unfair to the creditor.
    EuBusiness {
        due_date: NaiveDate,
        latest: NaiveDate,
    },
    /// Public bodies: 30 days.
    PublicBody {
        due_date: NaiveDate,
        latest: NaiveDate,
    },
}

impl LegalCapWarning {
    /// The latest due date within the cap.
    pub fn latest(self) -> NaiveDate {
        match self {
            LegalCapWarning::FranceBusiness { latest, .. }
            | LegalCapWarning::EuBusiness { latest, .. }
            | LegalCapWarning::PublicBody { latest, .. } => latest,
        }
    }
}

impl Describe for LegalCapWarning {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LegalCapWarning::FranceBusiness { due_date, latest }, Lang::Fr) => format!(
                "L'échéance du {due_date} dépasse le plafond légal entre professionnels en France (60 jours après l'émission ou 45 jours fin de mois, soit au plus tard le {latest})."
            ),
            (LegalCapWarning::FranceBusiness { due_date, latest }, Lang::En) => format!(
                "The due date {due_date} is beyond the French legal cap between businesses (60 days from issue or 45 days end of month, that is {latest} at the latest)."
            ),
            (LegalCapWarning::EuBusiness { due_date, latest }, Lang::Fr) => format!(
                "L'échéance du {due_date} dépasse 60 jours (au plus tard le {latest}) : ce délai n'est valable que s'il a été expressément convenu et n'est pas manifestement abusif."
            ),
            (LegalCapWarning::EuBusiness { due_date, latest }, Lang::En) => format!(
                "The due date {due_date} is more than 60 days away ({latest} at the latest): such terms are valid only if expressly agreed and not grossly unfair."
            ),
            (LegalCapWarning::PublicBody { due_date, latest }, Lang::Fr) => format!(
                "L'échéance du {due_date} dépasse le délai de 30 jours applicable aux organismes publics (au plus tard le {latest})."
            ),
            (LegalCapWarning::PublicBody { due_date, latest }, Lang::En) => format!(
                "The due date {due_date} is beyond the 30-day limit for public bodies ({latest} at the latest)."
            ),
        }
    }
}

/// The legal cap that a due date exceeds, if any, for a client of `country` and `kind`.
/// Consumers and businesses outside the EU and the UK have no cap here. When a cap date is
/// beyond the calendar, nothing can exceed it.
pub fn legal_cap_warning(
    issue_date: NaiveDate,
    due_date: NaiveDate,
    country: Country,
    kind: ClientKind,
) -> Option<LegalCapWarning> {
    let covered = country == Country::FR || country == Country::GB || country.is_eu();
    if !covered {
        return None;
    }
    match kind {
        ClientKind::Consumer => None,
        ClientKind::PublicBody => {
            let latest = add_days(issue_date, 30)?;
            (due_date > latest).then_some(LegalCapWarning::PublicBody { due_date, latest })
        }
        ClientKind::Business if country == Country::FR => {
            let sixty_days = add_days(issue_date, 60)?;
            let days_then_end = add_days(issue_date, 45).map(end_of_month)?;
            let end_then_days = add_days(end_of_month(issue_date), 45)?;
            let latest = sixty_days.max(days_then_end).max(end_then_days);
            (due_date > latest).then_some(LegalCapWarning::FranceBusiness { due_date, latest })
        }
        ClientKind::Business => {
            let latest = add_days(issue_date, 60)?;
            (due_date > latest).then_some(LegalCapWarning::EuBusiness { due_date, latest })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[track_caller]
    fn check(rule: DueRule, issue: &str, expected_due: &str) {
        let terms = PaymentTerms::new(rule, None);
        assert_eq!(
            terms.and_then(|terms| terms.due_date(date(issue))),
            Ok(date(expected_due)),
            "{rule:?} issued {issue}"
        );
    }

    #[test]
    fn due_dates_follow_every_kind_of_terms() {
        check(DueRule::OnReceipt, "2026-01-15", "2026-01-15");
        check(DueRule::Net { days: 0 }, "2026-01-15", "2026-01-15");
        check(DueRule::Net { days: 30 }, "2026-01-15", "2026-02-14");
        check(DueRule::Net { days: 30 }, "2026-01-31", "2026-03-02");
        check(DueRule::Net { days: 30 }, "2024-01-31", "2024-03-01"); // leap year
        check(DueRule::Net { days: 60 }, "2025-12-15", "2026-02-13");
        // "45 jours fin de mois", +45 then end of month.
        check(
            DueRule::DaysThenEndOfMonth { days: 45 },
            "2026-01-15",
            "2026-03-31",
        );
        check(
            DueRule::DaysThenEndOfMonth { days: 45 },
            "2026-01-10",
            "2026-02-28",
        );
        check(
            DueRule::DaysThenEndOfMonth { days: 45 },
            "2024-01-15",
            "2024-02-29",
        );
        check(
            DueRule::DaysThenEndOfMonth { days: 45 },
            "2026-01-31",
            "2026-03-31",
        );
        check(
            DueRule::DaysThenEndOfMonth { days: 30 },
            "2026-01-31",
            "2026-03-31",
        );
        check(
            DueRule::DaysThenEndOfMonth { days: 0 },
            "2026-02-01",
            "2026-02-28",
        );
        // "45 jours fin de mois", end of month then +45.
        check(
            DueRule::EndOfMonthThenDays { days: 45 },
            "2026-01-15",
            "2026-03-17",
        );
        check(
            DueRule::EndOfMonthThenDays { days: 45 },
            "2024-01-15",
            "2024-03-16",
        );
        check(
            DueRule::EndOfMonthThenDays { days: 30 },
            "2026-02-10",
            "2026-03-30",
        );
        check(
            DueRule::EndOfMonthThenDays { days: 30 },
            "2024-02-10",
            "2024-03-30",
        );
        check(
            DueRule::EndOfMonthThenDays { days: 0 },
            "2026-12-05",
            "2026-12-31",
        );
        check(
            DueRule::EndOfMonthThenDays { days: 10 },
            "2026-12-05",
            "2027-01-10",
        );
        check(
            DueRule::FixedDate {
                date: date("2026-06-30"),
            },
            "2026-01-15",
            "2026-06-30",
        );
    }

    #[test]
    fn due_dates_beyond_year_9999_are_errors() {
        let terms = PaymentTerms::new(DueRule::Net { days: 30 }, None);
        assert_eq!(
            terms.and_then(|terms| terms.due_date(date("9999-12-15"))),
            Err(TermsError::DueDateOutOfCalendar {
                issue_date: date("9999-12-15")
            })
        );
        let terms = PaymentTerms::new(DueRule::EndOfMonthThenDays { days: 1 }, None);
        assert!(
            terms
                .and_then(|terms| terms.due_date(date("9999-12-01")))
                .is_err()
        );
        assert!(PaymentTerms::new(DueRule::Net { days: 1000 }, None).is_err());
    }

    #[test]
    fn drafts_parse_into_terms() {
        let draft = TermsDraft {
            kind: "days-end-of-month".into(),
            days: "45".into(),
            discount_percent: "2".into(),
            discount_days: "10".into(),
            ..TermsDraft::default()
        };
        let terms = draft.parse();
        assert_eq!(
            terms,
            PaymentTerms::new(
                DueRule::DaysThenEndOfMonth { days: 45 },
                EarlyPaymentDiscount::new(dec!(2), 10).ok()
            )
        );
        if let Ok(terms) = terms {
            assert_eq!(TermsDraft::from_terms(terms).parse(), Ok(terms));
        }
        let unknown = TermsDraft {
            kind: "sometime".into(),
            ..TermsDraft::default()
        };
        assert!(matches!(
            unknown.parse(),
            Err(TermsError::Field(FieldError::UnknownChoice { .. }))
        ));
        let missing_days = TermsDraft {
            kind: "net".into(),
            ..TermsDraft::default()
        };
        assert_eq!(
            missing_days.parse(),
            Err(TermsError::Field(FieldError::Missing {
                field: Field::TermsDays
            }))
        );
    }

    #[test]
    fn early_payment_discount_has_a_deadline_and_an_amount() {
        let discount = EarlyPaymentDiscount::new(dec!(2), 10);
        let Ok(discount) = discount else {
            panic!("refused")
        };
        assert_eq!(
            discount.deadline(date("2026-01-25")),
            Some(date("2026-02-04"))
        );
        let amount = Money::new(dec!(1234.56), crate::domain::Currency::Eur);
        assert_eq!(
            discount.amount_off(amount).map(Money::amount),
            Ok(dec!(24.69))
        );
        assert!(EarlyPaymentDiscount::new(dec!(0), 10).is_err());
        assert!(EarlyPaymentDiscount::new(dec!(101), 10).is_err());
    }

    #[track_caller]
    fn cap(issue: &str, due: &str, country: Country, kind: ClientKind) -> Option<NaiveDate> {
        legal_cap_warning(date(issue), date(due), country, kind).map(LegalCapWarning::latest)
    }

    #[test]
    fn terms_beyond_the_legal_caps_warn() {
        use ClientKind::*;
        // France B2B: the most lenient of 60 days, +45 then end of month, end of month then +45.
        assert_eq!(cap("2026-01-15", "2026-03-16", Country::FR, Business), None);
        assert_eq!(cap("2026-01-15", "2026-03-31", Country::FR, Business), None);
        assert_eq!(
            cap("2026-01-15", "2026-04-01", Country::FR, Business),
            Some(date("2026-03-31"))
        );
        assert_eq!(
            cap("2026-01-01", "2026-03-18", Country::FR, Business),
            Some(date("2026-03-17"))
        );
        assert_eq!(cap("2026-01-15", "2027-01-01", Country::FR, Consumer), None);
        // EU and UK: 60 days.
        assert_eq!(cap("2026-01-15", "2026-03-16", Country::DE, Business), None);
        assert_eq!(
            cap("2026-01-15", "2026-03-17", Country::DE, Business),
            Some(date("2026-03-16"))
        );
        assert_eq!(
            cap("2026-01-15", "2026-03-17", Country::GB, Business),
            Some(date("2026-03-16"))
        );
        // Public bodies: 30 days.
        assert_eq!(
            cap("2026-01-15", "2026-02-14", Country::FR, PublicBody),
            None
        );
        assert_eq!(
            cap("2026-01-15", "2026-02-15", Country::FR, PublicBody),
            Some(date("2026-02-14"))
        );
        // Elsewhere: no cap known.
        let us = Country::parse("us");
        assert!(us.is_ok());
        if let Ok(us) = us {
            assert_eq!(cap("2026-01-15", "2027-01-15", us, Business), None);
        }
        let warning = legal_cap_warning(
            date("2026-01-15"),
            date("2026-04-30"),
            Country::FR,
            Business,
        );
        assert!(
            warning.is_some_and(|warning| warning.describe(Lang::Fr).contains("2026-04-30")
                && warning.describe(Lang::En).contains("2026-03-31"))
        );
    }
}
