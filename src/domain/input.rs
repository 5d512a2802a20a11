//! Shared pieces of form parsing and calendar arithmetic.
//!
//! Drafts (`ClientDraft`, `InvoiceDraft`, …) hold raw form text; their `parse` turns it into
//! domain values or a [`FieldError`] that names the field and the value in a sentence.
//! Calendar helpers never panic: out-of-calendar dates (before year 1, after year 9999…)
//! are `None`.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::money::{ParseMoneyError, parse_amount};
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
    ContactDate,
    Channel,
    Summary,
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
            ContactDate => ("Date de l'échange", "Date of the exchange"),
            Channel => ("Canal", "Channel"),
            Summary => ("Résumé", "Summary"),
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

/// Reads exactly `YYYY-MM-DD` (ISO 8601 calendar date) into a real date, or `None`.
/// Written by hand rather than with chrono's `strftime` parser, which would add several
/// kilobytes to the wasm for one fixed format.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    // Byte by byte: the ledger reads tens of thousands of dates when it loads.
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let year = ((digit(y0)? * 10 + digit(y1)?) * 10 + digit(y2)?) * 10 + digit(y3)?;
    let month = digit(m0)? * 10 + digit(m1)?;
    let day = digit(d0)? * 10 + digit(d1)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
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

/// A text of a record (an invoice's number, a payment's reference, a contact's summary…):
/// shared, not copied, when the record is copied (a ledger is copied whole when it is loaded,
/// and compared with its last saved copy at every save: equal texts are then the same
/// allocation), and no allocation at all when empty. Compares, hashes and prints as its
/// `str`.
#[derive(Clone, Default)]
pub(crate) struct SharedText(Option<std::sync::Arc<str>>);

impl SharedText {
    pub(crate) fn new(text: &str) -> SharedText {
        SharedText((!text.is_empty()).then(|| std::sync::Arc::from(text)))
    }

    pub(crate) fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        match (&self.0, &other.0) {
            (Some(left), Some(right)) => std::sync::Arc::ptr_eq(left, right) || left == right,
            (left, right) => left.is_none() && right.is_none(),
        }
    }
}

impl Eq for SharedText {}

impl std::hash::Hash for SharedText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), formatter)
    }
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

/// The first date Relance handles: 0001-01-01.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The last date Relance handles: 9999-12-31 (dates are written `YYYY-MM-DD`).
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// Whether `date` is within [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn in_calendar(date: NaiveDate) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// `date + days` (days may be negative), or `None` outside the calendar
/// ([`FIRST_DATE`]..=[`LAST_DATE`]).
pub fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let magnitude = chrono::Days::new(days.unsigned_abs());
    let result = if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    };
    result.filter(|date| in_calendar(*date))
}

/// Whole days from `from` to `to` (negative when `to` is earlier). Cannot overflow: the
/// calendar spans far fewer days than `i64` holds.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// The last day of `date`'s month.
pub fn end_of_month(date: NaiveDate) -> NaiveDate {
    (28..=31)
        .rev()
        .find_map(|day| date.with_day(day))
        .unwrap_or(date)
}

/// `date` plus `months` months, keeping the day of month clamped to the month's end
/// (Jan 31 + 1 month = Feb 28 or 29), or `None` outside the calendar.
pub fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(chrono::Months::new(months))
        .filter(|date| in_calendar(*date))
}

/// The Monday of `date`'s week (ISO weeks), or `None` before the calendar's first Monday.
pub fn monday_of_week(date: NaiveDate) -> Option<NaiveDate> {
    add_days(date, -i64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
pub(crate) mod test_support {
    use chrono::NaiveDate;

    /// `date("2026-01-31")`: a test date (panics on a typo, which is a test bug).
    #[track_caller]
    pub fn date(text: &str) -> NaiveDate {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) => date,
            Err(error) => panic!("bad test date {text:?}: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::date;
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn iso_dates_are_read_exactly() {
        assert_eq!(iso_date("2024-02-29"), Some(date("2024-02-29")));
        assert_eq!(iso_date("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1));
        assert_eq!(
            iso_date("9999-12-31"),
            NaiveDate::from_ymd_opt(9999, 12, 31)
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "+024-01-01",
            "2024-01-0a",
            "2024-01-01 ",
            "",
        ] {
            assert_eq!(iso_date(bad), None, "{bad:?}");
        }
    }

    /// The byte-by-byte reader agrees with the plain one it replaced (`str::parse` of each
    /// part), on dates and on near misses.
    #[test]
    fn iso_dates_are_read_as_by_parsing_each_part() {
        fn by_parts(text: &str) -> Option<NaiveDate> {
            let bytes = text.as_bytes();
            if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
                return None;
            }
            let number = |range: std::ops::Range<usize>| -> Option<u32> {
                let digits = text.get(range)?;
                if digits.bytes().all(|byte| byte.is_ascii_digit()) {
                    digits.parse().ok()
                } else {
                    None
                }
            };
            let year = i32::try_from(number(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
        }
        let mut texts = Vec::new();
        for year in (0..10_000)
            .step_by(37)
            .chain([0, 1, 1900, 2000, 2024, 9999])
        {
            for month in 0..=13 {
                for day in [0, 1, 9, 10, 28, 29, 30, 31, 32, 39] {
                    texts.push(format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
        let base = "2024-02-29";
        for at in 0..base.len() {
            for replacement in ["0", "9", "-", "/", "a", " ", "é", ":", "+"] {
                let mut text = base.to_string();
                text.replace_range(at..at + 1, replacement);
                texts.push(text);
            }
        }
        texts.extend(["", "2024-02-2", "2024-02-290", "+2024-02-29"].map(String::from));
        for text in &texts {
            assert_eq!(iso_date(text), by_parts(text), "{text:?}");
        }
    }

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

    #[test]
    fn calendar_helpers_stay_inside_the_calendar() {
        assert_eq!(end_of_month(date("2024-02-10")), date("2024-02-29"));
        assert_eq!(end_of_month(date("2023-02-10")), date("2023-02-28"));
        assert_eq!(end_of_month(date("9999-12-01")), date("9999-12-31"));
        assert_eq!(add_days(date("9999-12-31"), 1), None);
        assert_eq!(add_days(date("0001-01-01"), -1), None);
        assert_eq!(add_days(date("0001-01-01"), 0), Some(date("0001-01-01")));
        assert_eq!(add_months(date("2024-01-31"), 1), Some(date("2024-02-29")));
        assert_eq!(add_months(date("2024-01-31"), 2), Some(date("2024-03-31")));
        assert_eq!(add_months(date("9999-12-01"), 1), None);
        assert_eq!(monday_of_week(date("2026-01-04")), Some(date("2025-12-29")));
        assert_eq!(days_between(date("2026-01-31"), date("2026-03-02")), 30);
    }
}
