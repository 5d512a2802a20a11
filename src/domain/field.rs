//! Form fields and the parsing of their raw text.
//!
//! Drafts (`ClientDraft`, `InvoiceDraft`, …) hold raw form text; their `parse` turns it into
//! domain values or a [`FieldError`] that names the field and the value in a sentence.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::calendar::{in_calendar, iso_date};
use super::money::{ParseMoneyError, parse_amount};
use super::shared_text::SharedText;
use crate::i18n::{Describe, Lang};

/// A form field, named in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    ClientName,
    Client,
    Address,
    Notes,
    Reference,
    Email,
    Phone,
    Country,
    ClientKind,
    TaxId,
    InvoiceNumber,
    IssueDate,
    DeliveryDate,
    DueDate,
    Amount,
    TaxRate,
    Currency,
    TermsKind,
    TermsDays,
    TermsFixedDate,
    DiscountRate,
    DiscountDays,
    PenaltyRegime,
    PenaltyRate,
    FixedCompensation,
    PaymentDate,
    PaymentAmount,
    PaymentMethod,
    AdjustmentDate,
    AdjustmentAmount,
    CreditReason,
    ContactDate,
    Channel,
    Summary,
    Step,
    InstallmentCount,
    FirstInstallmentDate,
    AgreementDate,
    PlanPeriod,
}

impl Field {
    /// The field's label, as shown on the form.
    pub fn label(self, lang: Lang) -> &'static str {
        use Field::*;
        let (fr, en) = match self {
            ClientName => ("Nom du client", "Client name"),
            Client => ("Client", "Client"),
            Address => ("Adresse postale", "Postal address"),
            Notes => ("Notes", "Notes"),
            Reference => ("Référence", "Reference"),
            Email => ("Adresse e-mail", "E-mail address"),
            Phone => ("Téléphone", "Phone"),
            Country => ("Pays", "Country"),
            ClientKind => ("Type de client", "Client type"),
            TaxId => ("SIREN, SIRET ou n° de TVA", "SIREN, SIRET or VAT number"),
            InvoiceNumber => ("Numéro de facture", "Invoice number"),
            IssueDate => ("Date d'émission", "Issue date"),
            DeliveryDate => ("Date de livraison", "Delivery date"),
            DueDate => ("Date d'échéance", "Due date"),
            Amount => ("Montant", "Amount"),
            TaxRate => ("Taux de TVA", "Tax rate"),
            Currency => ("Devise", "Currency"),
            TermsKind => ("Conditions de paiement", "Payment terms"),
            TermsDays => ("Délai de paiement (jours)", "Payment period (days)"),
            TermsFixedDate => ("Date de paiement convenue", "Agreed payment date"),
            DiscountRate => ("Escompte (%)", "Early-payment discount (%)"),
            DiscountDays => ("Délai d'escompte (jours)", "Discount period (days)"),
            PenaltyRegime => ("Pénalités de retard", "Late-payment penalties"),
            PenaltyRate => ("Taux des pénalités (% par an)", "Penalty rate (% a year)"),
            FixedCompensation => ("Indemnité forfaitaire", "Fixed compensation"),
            PaymentDate => ("Date du paiement", "Payment date"),
            PaymentAmount => ("Montant payé", "Amount paid"),
            PaymentMethod => ("Moyen de paiement", "Payment method"),
            AdjustmentDate => ("Date de l'avoir", "Credit note date"),
            AdjustmentAmount => ("Montant de l'avoir", "Credit note amount"),
            CreditReason => ("Motif de l'avoir", "Reason for the credit note"),
            ContactDate => ("Date de l'échange", "Date of the exchange"),
            Channel => ("Canal", "Channel"),
            Summary => ("Résumé", "Summary"),
            Step => ("Étape de relance", "Reminder step"),
            InstallmentCount => ("Nombre d'échéances", "Number of installments"),
            FirstInstallmentDate => ("Date de la première échéance", "First installment date"),
            AgreementDate => ("Date de l'accord", "Agreement date"),
            PlanPeriod => ("Périodicité", "Frequency"),
        };
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// Why one form field was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldError {
    Missing {
        field: Field,
    },
    NotADate {
        field: Field,
        text: String,
    },
    NotAWholeNumber {
        field: Field,
        text: String,
    },
    OutOfRange {
        field: Field,
        text: String,
        min: Decimal,
        max: Decimal,
    },
    Amount {
        field: Field,
        error: ParseMoneyError,
    },
    NotPositive {
        field: Field,
        text: String,
    },
    TooLarge {
        field: Field,
        text: String,
    },
    /// A choice (select) with a value the form does not offer.
    UnknownChoice {
        field: Field,
        text: String,
    },
    TooLong {
        field: Field,
        max_chars: usize,
    },
}

impl FieldError {
    pub fn field(&self) -> Field {
        match self {
            FieldError::Missing { field }
            | FieldError::NotADate { field, .. }
            | FieldError::NotAWholeNumber { field, .. }
            | FieldError::OutOfRange { field, .. }
            | FieldError::Amount { field, .. }
            | FieldError::NotPositive { field, .. }
            | FieldError::TooLarge { field, .. }
            | FieldError::UnknownChoice { field, .. }
            | FieldError::TooLong { field, .. } => *field,
        }
    }
}

impl Describe for FieldError {
    fn describe(&self, lang: Lang) -> String {
        let label = self.field().label(lang);
        match (self, lang) {
            (FieldError::Missing { .. }, Lang::Fr) => {
                format!("{label} : ce champ est obligatoire.")
            }
            (FieldError::Missing { .. }, Lang::En) => format!("{label}: this field is required."),
            (FieldError::NotADate { text, .. }, Lang::Fr) => format!(
                "{label} : « {text} » n'est pas une date valide (attendu : AAAA-MM-JJ, par exemple 2026-01-31)."
            ),
            (FieldError::NotADate { text, .. }, Lang::En) => format!(
                "{label}: “{text}” is not a valid date (expected YYYY-MM-DD, for example 2026-01-31)."
            ),
            (FieldError::NotAWholeNumber { text, .. }, Lang::Fr) => {
                format!("{label} : « {text} » n'est pas un nombre entier.")
            }
            (FieldError::NotAWholeNumber { text, .. }, Lang::En) => {
                format!("{label}: “{text}” is not a whole number.")
            }
            (FieldError::OutOfRange { text, min, max, .. }, Lang::Fr) => {
                format!("{label} : « {text} » doit être compris entre {min} et {max}.")
            }
            (FieldError::OutOfRange { text, min, max, .. }, Lang::En) => {
                format!("{label}: “{text}” must be between {min} and {max}.")
            }
            (FieldError::Amount { error, .. }, _) => format!(
                "{label}{} {}",
                if lang == Lang::Fr { " :" } else { ":" },
                error.describe(lang)
            ),
            (FieldError::NotPositive { text, .. }, Lang::Fr) => {
                format!("{label} : « {text} » doit être supérieur à zéro.")
            }
            (FieldError::NotPositive { text, .. }, Lang::En) => {
                format!("{label}: “{text}” must be more than zero.")
            }
            (FieldError::TooLarge { text, .. }, Lang::Fr) => format!(
                "{label} : « {text} » dépasse le plus grand montant accepté (1 000 000 000 000 000)."
            ),
            (FieldError::TooLarge { text, .. }, Lang::En) => format!(
                "{label}: “{text}” is more than the largest accepted amount (1,000,000,000,000,000)."
            ),
            (FieldError::UnknownChoice { text, .. }, Lang::Fr) => {
                format!("{label} : « {text} » ne fait pas partie des choix proposés.")
            }
            (FieldError::UnknownChoice { text, .. }, Lang::En) => {
                format!("{label}: “{text}” is not one of the choices offered.")
            }
            (FieldError::TooLong { max_chars, .. }, Lang::Fr) => {
                format!("{label} : le texte dépasse {max_chars} caractères.")
            }
            (FieldError::TooLong { max_chars, .. }, Lang::En) => {
                format!("{label}: the text is longer than {max_chars} characters.")
            }
        }
    }
}

/// A required ISO date `YYYY-MM-DD` (surrounding spaces ignored).
pub fn parse_date(field: Field, text: &str) -> Result<NaiveDate, FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Missing { field });
    }
    let well_shaped = trimmed.len() == 10
        && trimmed.char_indices().all(|(index, c)| {
            if index == 4 || index == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !well_shaped {
        return Err(FieldError::NotADate {
            field,
            text: trimmed.to_string(),
        });
    }
    iso_date(trimmed)
        .filter(|date| in_calendar(*date))
        .ok_or_else(|| FieldError::NotADate {
            field,
            text: trimmed.to_string(),
        })
}

/// An optional ISO date: empty text is `None`.
pub fn parse_optional_date(field: Field, text: &str) -> Result<Option<NaiveDate>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

/// A required whole number in `min..=max`.
pub fn parse_whole_number(field: Field, text: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Missing { field });
    }
    if !trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::NotAWholeNumber {
            field,
            text: trimmed.to_string(),
        });
    }
    let out_of_range = || FieldError::OutOfRange {
        field,
        text: trimmed.to_string(),
        min: Decimal::from(min),
        max: Decimal::from(max),
    };
    let value: u32 = trimmed.parse().map_err(|_| out_of_range())?;
    if value < min || value > max {
        return Err(out_of_range());
    }
    Ok(value)
}

/// A percentage in `min..=max`, written with either decimal separator (`9,5` or `9.5`),
/// an optional `%` sign ignored.
pub fn parse_percent(
    field: Field,
    text: &str,
    min: Decimal,
    max: Decimal,
) -> Result<Decimal, FieldError> {
    let trimmed = text.trim().trim_end_matches('%').trim_end();
    if trimmed.is_empty() {
        return Err(FieldError::Missing { field });
    }
    let value = parse_amount(trimmed).map_err(|error| FieldError::Amount { field, error })?;
    if value < min || value > max {
        return Err(FieldError::OutOfRange {
            field,
            text: trimmed.to_string(),
            min,
            max,
        });
    }
    Ok(value.normalize())
}

/// Free text, trimmed, at most `max_chars` characters.
pub fn bounded_text(field: Field, text: &str, max_chars: usize) -> Result<String, FieldError> {
    let trimmed = text.trim();
    // No more characters than bytes: counting is only needed for a long text.
    if trimmed.len() > max_chars && trimmed.chars().count() > max_chars {
        return Err(FieldError::TooLong { field, max_chars });
    }
    Ok(trimmed.to_string())
}

/// [`bounded_text`], as a [`SharedText`].
pub(crate) fn bounded_shared_text(
    field: Field,
    text: &str,
    max_chars: usize,
) -> Result<SharedText, FieldError> {
    let trimmed = text.trim();
    if trimmed.len() > max_chars && trimmed.chars().count() > max_chars {
        return Err(FieldError::TooLong { field, max_chars });
    }
    Ok(SharedText::new(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[test]
    fn dates_parse_only_in_iso_form() {
        assert_eq!(
            parse_date(Field::IssueDate, " 2024-02-29 "),
            Ok(date("2024-02-29"))
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "31/01/2026",
            "2026-1-31",
            "+2026-01-31",
            "2026-01-3x",
            "0000-12-31",
        ] {
            assert!(
                matches!(
                    parse_date(Field::IssueDate, bad),
                    Err(FieldError::NotADate { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            parse_date(Field::IssueDate, ""),
            Err(FieldError::Missing {
                field: Field::IssueDate
            })
        );
        assert_eq!(parse_optional_date(Field::DeliveryDate, "  "), Ok(None));
    }

    #[test]
    fn field_errors_name_the_field_and_the_value_in_both_languages() {
        let error = parse_date(Field::DueDate, "2026-02-30").err();
        let Some(error) = error else {
            panic!("accepted")
        };
        assert!(error.describe(Lang::Fr).contains("Date d'échéance"));
        assert!(error.describe(Lang::Fr).contains("2026-02-30"));
        assert!(error.describe(Lang::En).contains("Due date"));
        assert!(error.describe(Lang::En).contains("2026-02-30"));
    }

    #[test]
    fn numbers_and_percentages_are_bounded() {
        assert_eq!(parse_whole_number(Field::TermsDays, " 45 ", 0, 365), Ok(45));
        assert!(parse_whole_number(Field::TermsDays, "366", 0, 365).is_err());
        assert!(parse_whole_number(Field::TermsDays, "99999999999999", 0, 365).is_err());
        assert!(parse_whole_number(Field::TermsDays, "-1", 0, 365).is_err());
        assert_eq!(
            parse_percent(Field::TaxRate, "5,5 %", dec!(0), dec!(100)),
            Ok(dec!(5.5))
        );
        assert!(parse_percent(Field::TaxRate, "101", dec!(0), dec!(100)).is_err());
    }
}
