//! Settings → defaults as a pure model: the form as typed ([`DefaultsForm`]), read through the
//! domain's own parsers into the settings' defaults, one error per field.

use crate::domain::field::{Field, FieldError, parse_whole_number};
use crate::domain::invoice::PenaltyDraft;
use crate::domain::terms::MAX_TERM_DAYS;
use crate::domain::{
    Currency, DueRule, PaymentTerms, PenaltyClause, StopWorkDaysError, parse_stop_work_days,
};
use crate::i18n::{Describe, Lang};
use crate::state::settings::Preferences;

/// The term kinds a default may take (a fixed date cannot be a default).
pub const TERM_KINDS: [&str; 4] = [
    "on-receipt",
    "net",
    "days-end-of-month",
    "end-of-month-days",
];

/// The fields of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultsField {
    Currency,
    TermsKind,
    TermsDays,
    Penalty,
    PenaltyRate,
    PenaltyFixed,
    StopWork,
}

impl DefaultsField {
    /// The field's name in ids (`defaults-input-<name>`).
    pub fn id(self) -> &'static str {
        match self {
            DefaultsField::Currency => "currency",
            DefaultsField::TermsKind => "terms",
            DefaultsField::TermsDays => "terms-days",
            DefaultsField::Penalty => "penalty",
            DefaultsField::PenaltyRate => "penalty-rate",
            DefaultsField::PenaltyFixed => "penalty-fixed",
            DefaultsField::StopWork => "stop-work",
        }
    }
}

/// Why a field is refused: the domain's own sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefaultsError {
    Field(FieldError),
    StopWork(StopWorkDaysError),
}

impl Describe for DefaultsError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            DefaultsError::Field(error) => error.describe(lang),
            DefaultsError::StopWork(error) => error.describe(lang),
        }
    }
}

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultsForm {
    pub currency: String,
    pub terms_kind: String,
    pub terms_days: String,
    pub penalty: PenaltyDraft,
    pub stop_work: String,
}

impl DefaultsForm {
    /// The form showing `settings`.
    pub fn of(settings: &Preferences) -> DefaultsForm {
        let rule = settings.terms.rule();
        DefaultsForm {
            currency: settings.currency.code().to_string(),
            terms_kind: rule.code().to_string(),
            terms_days: rule.days().map(|days| days.to_string()).unwrap_or_default(),
            penalty: PenaltyDraft::from_clause(settings.penalty),
            stop_work: settings.stop_work_days.to_string(),
        }
    }

    /// Whether the terms kind takes a number of days.
    pub fn has_days(&self) -> bool {
        self.terms_kind != "on-receipt"
    }

    /// Whether the clause takes a rate / a fixed amount.
    pub fn has_rate(&self) -> bool {
        matches!(self.penalty.regime.as_str(), "fr-b2b-contract" | "fixed")
    }

    pub fn has_fixed(&self) -> bool {
        self.penalty.regime == "fixed"
    }

    /// `settings` with this form's defaults, or every field's error.
    pub fn apply(
        &self,
        settings: &Preferences,
    ) -> Result<Preferences, Vec<(DefaultsField, DefaultsError)>> {
        let mut errors = Vec::new();
        let currency = match Currency::from_code(&self.currency) {
            Ok(currency) => Some(currency),
            Err(_) => {
                errors.push((
                    DefaultsField::Currency,
                    DefaultsError::Field(FieldError::UnknownChoice {
                        field: Field::Currency,
                        text: self.currency.clone(),
                    }),
                ));
                None
            }
        };
        let days = || parse_whole_number(Field::TermsDays, &self.terms_days, 0, MAX_TERM_DAYS);
        let rule = match self.terms_kind.as_str() {
            "on-receipt" => Ok(DueRule::OnReceipt),
            "net" => days().map(|days| DueRule::Net { days }),
            "days-end-of-month" => days().map(|days| DueRule::DaysThenEndOfMonth { days }),
            "end-of-month-days" => days().map(|days| DueRule::EndOfMonthThenDays { days }),
            other => Err(FieldError::UnknownChoice {
                field: Field::TermsKind,
                text: other.to_string(),
            }),
        };
        let terms = match rule {
            Ok(rule) => PaymentTerms::new(rule, None).ok(),
            Err(error) => {
                let field = if matches!(error, FieldError::UnknownChoice { .. }) {
                    DefaultsField::TermsKind
                } else {
                    DefaultsField::TermsDays
                };
                errors.push((field, DefaultsError::Field(error)));
                None
            }
        };
        let penalty = match self.penalty.parse(currency.unwrap_or(Currency::Eur)) {
            Ok(clause) => Some(clause),
            Err(error) => {
                let field = match error.field() {
                    Field::PenaltyRegime => DefaultsField::Penalty,
                    Field::FixedCompensation => DefaultsField::PenaltyFixed,
                    _ => DefaultsField::PenaltyRate,
                };
                errors.push((field, DefaultsError::Field(error)));
                None
            }
        };
        let stop_work = match parse_stop_work_days(&self.stop_work) {
            Ok(days) => Some(days),
            Err(error) => {
                errors.push((DefaultsField::StopWork, DefaultsError::StopWork(error)));
                None
            }
        };
        match (currency, terms, penalty, stop_work) {
            (Some(currency), Some(terms), Some(penalty), Some(stop_work_days))
                if errors.is_empty() =>
            {
                Ok(Preferences {
                    currency,
                    terms,
                    penalty,
                    stop_work_days,
                    ..settings.clone()
                })
            }
            _ => Err(errors),
        }
    }
}

/// The penalty regimes offered, by id.
pub fn penalty_ids() -> [&'static str; 9] {
    PenaltyClause::REGIME_IDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn form() -> DefaultsForm {
        DefaultsForm::of(&Preferences::default())
    }

    #[test]
    fn the_default_settings_show_and_read_back_unchanged() {
        let form = form();
        assert_eq!(form.currency, "EUR");
        assert_eq!(form.terms_kind, "net");
        assert_eq!(form.terms_days, "30");
        assert_eq!(form.penalty.regime, "fr-b2b");
        assert_eq!(form.stop_work, "30");
        assert_eq!(
            form.apply(&Preferences::default()),
            Ok(Preferences::default())
        );
    }

    #[test]
    fn typed_defaults_become_the_settings_and_keep_the_ladder() {
        let mut typed = form();
        typed.currency = "GBP".to_string();
        typed.terms_kind = "days-end-of-month".to_string();
        typed.terms_days = " 45 ".to_string();
        typed.penalty = PenaltyDraft {
            regime: "fixed".to_string(),
            annual_rate_percent: "9,5".to_string(),
            fixed_compensation: "40".to_string(),
        };
        typed.stop_work = "60".to_string();
        let Ok(settings) = typed.apply(&Preferences::default()) else {
            panic!("valid form refused");
        };
        assert_eq!(settings.currency, Currency::Gbp);
        assert_eq!(
            settings.terms.rule(),
            DueRule::DaysThenEndOfMonth { days: 45 }
        );
        assert_eq!(settings.penalty.annual_rate_percent(), Some(dec!(9.5)));
        assert_eq!(settings.stop_work_days, 60);
        assert_eq!(settings.ladder, Preferences::default().ladder);
        // On receipt takes no days: whatever is typed there is not read.
        typed.terms_kind = "on-receipt".to_string();
        typed.terms_days = "abc".to_string();
        assert!(typed.apply(&Preferences::default()).is_ok());
    }

    #[test]
    fn every_bad_field_is_refused_at_once_beside_itself() {
        let mut typed = form();
        typed.terms_days = "1000".to_string();
        typed.penalty.regime = "fr-b2b-contract".to_string();
        typed.penalty.annual_rate_percent = "abc".to_string();
        typed.stop_work = "-5".to_string();
        let errors = typed
            .apply(&Preferences::default())
            .err()
            .unwrap_or_default();
        let fields: Vec<DefaultsField> = errors.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            vec![
                DefaultsField::TermsDays,
                DefaultsField::PenaltyRate,
                DefaultsField::StopWork
            ]
        );
        for (_, error) in &errors {
            assert!(!error.describe(Lang::Fr).is_empty());
            assert!(!error.describe(Lang::En).is_empty());
        }
        let mut typed = form();
        typed.penalty.regime = "fixed".to_string();
        typed.penalty.annual_rate_percent = "5".to_string();
        typed.penalty.fixed_compensation = "-40".to_string();
        let errors = typed
            .apply(&Preferences::default())
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors.iter().map(|(field, _)| *field).collect::<Vec<_>>(),
            vec![DefaultsField::PenaltyFixed]
        );
    }
}
