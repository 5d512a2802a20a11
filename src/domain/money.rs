//! Money: a `rust_decimal::Decimal` amount with its ISO 4217 currency.
//!
//! Rules (ARCHITECTURE.md, "Money"):
//! - every `Money` is held at its currency's minor unit, rounded by the one named rule
//!   [`ROUNDING`]: half away from zero (1.005 → 1.01, −1.005 → −1.01), never banker's rounding;
//! - arithmetic is checked: an overflow is an error, never a panic or a wrap;
//! - two currencies never add up: a mismatch is an error, never a silent sum;
//! - there is no float anywhere on this path.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::i18n::{Describe, Lang};

/// The one rounding rule of Relance: half away from zero, to the currency's minor unit.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// The currencies Relance knows, with their ISO 4217 minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    Eur,
    Gbp,
    Usd,
    Chf,
    /// Yen: no minor unit; here so that "minor units per currency" is never assumed to be 2.
    Jpy,
}

impl Currency {
    pub const ALL: [Currency; 5] = [
        Currency::Eur,
        Currency::Gbp,
        Currency::Usd,
        Currency::Chf,
        Currency::Jpy,
    ];

    /// The ISO 4217 code (`EUR`).
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Usd => "USD",
            Currency::Chf => "CHF",
            Currency::Jpy => "JPY",
        }
    }

    /// Digits after the decimal point (ISO 4217 minor units).
    pub fn minor_units(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    /// The usual symbol (`€`, `£`, `$`, `CHF`, `¥`).
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Usd => "$",
            Currency::Chf => "CHF",
            Currency::Jpy => "¥",
        }
    }

    /// Parses an ISO code, case-insensitive (`eur`, `EUR`).
    pub fn from_code(code: &str) -> Result<Currency, UnknownCurrency> {
        let upper = code.trim().to_ascii_uppercase();
        Currency::ALL
            .into_iter()
            .find(|currency| currency.code() == upper)
            .ok_or_else(|| UnknownCurrency(code.trim().to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

/// A currency code Relance does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCurrency(pub String);

impl Describe for UnknownCurrency {
    fn describe(&self, lang: Lang) -> String {
        let known = Currency::ALL.map(Currency::code).join(", ");
        match lang {
            Lang::Fr => format!(
                "« {} » n'est pas une devise connue (devises : {known}).",
                self.0
            ),
            Lang::En => format!(
                "“{}” is not a known currency (currencies: {known}).",
                self.0
            ),
        }
    }
}

/// `amount` with `minor` decimals exactly as `round_dp_with_strategy(minor, ROUNDING)` then
/// `rescale(minor)` give it, by one 128-bit multiplication or division instead of rust_decimal's
/// digit-by-digit steps (a ledger makes tens of thousands of amounts when it loads). `None`
/// for zero (whose sign those keep) and beyond 96 bits: the caller takes the general path.
fn at_minor_unit(amount: Decimal, minor: u32) -> Option<Decimal> {
    let magnitude = amount.mantissa().unsigned_abs();
    if magnitude == 0 || !matches!(ROUNDING, RoundingStrategy::MidpointAwayFromZero) {
        return None;
    }
    let scale = amount.scale();
    let magnitude = if scale <= minor {
        magnitude.checked_mul(10u128.checked_pow(minor - scale)?)?
    } else {
        // Half away from zero: up when the rest is at least half the divisor.
        let divisor = 10u128.checked_pow(scale - minor)?;
        let (quotient, rest) = (magnitude / divisor, magnitude % divisor);
        quotient + u128::from(rest >= divisor - rest)
    };
    if magnitude >> 96 != 0 {
        return None;
    }
    let word = |shift: u32| u32::try_from((magnitude >> shift) & 0xffff_ffff).ok();
    Some(Decimal::from_parts(
        word(0)?,
        word(32)?,
        word(64)?,
        amount.is_sign_negative(),
        minor,
    ))
}

/// An amount of money in one currency, always at the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

/// Why an operation on money failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Two different currencies met in one sum or comparison.
    CurrencyMismatch { left: Currency, right: Currency },
    /// The result is beyond what the decimal type holds (about 7.9 × 10^28).
    Overflow,
}

impl Describe for MoneyError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (MoneyError::CurrencyMismatch { left, right }, Lang::Fr) => format!(
                "Impossible d'additionner des montants en {left} et en {right} : les devises ne se mélangent pas."
            ),
            (MoneyError::CurrencyMismatch { left, right }, Lang::En) => {
                format!("Amounts in {left} and {right} cannot be added: currencies never mix.")
            }
            (MoneyError::Overflow, Lang::Fr) => {
                "Le montant est trop grand pour être calculé.".to_string()
            }
            (MoneyError::Overflow, Lang::En) => "The amount is too large to compute.".to_string(),
        }
    }
}

impl Money {
    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// `amount` rounded to the currency's minor unit by [`ROUNDING`].
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        if let Some(amount) = at_minor_unit(amount, currency.minor_units()) {
            return Money { amount, currency };
        }
        let mut amount = amount.round_dp_with_strategy(currency.minor_units(), ROUNDING);
        amount.rescale(currency.minor_units());
        Money { amount, currency }
    }

    /// `minor` minor units of `currency` (cents for the euro): already at the minor unit, so
    /// nothing to round. `None` beyond what the decimal type holds. For hot paths that count in
    /// integers (the interest engine); the same value as `Money::new` of the same amount.
    #[inline(always)] // built in place in the interest engine's loop (docs/performance.md)
    pub fn from_minor_units(minor: i128, currency: Currency) -> Option<Money> {
        // The 96-bit magnitude in three 32-bit words (`None` beyond 96 bits), as
        // `Decimal::try_from_i128_with_scale` would, without building an error to drop.
        let magnitude = minor.unsigned_abs();
        let lo = u32::try_from(magnitude & 0xffff_ffff).ok()?;
        let mid = u32::try_from((magnitude >> 32) & 0xffff_ffff).ok()?;
        let hi = u32::try_from(magnitude >> 64).ok()?;
        let amount = Decimal::from_parts(lo, mid, hi, minor < 0, currency.minor_units());
        Some(Money { amount, currency })
    }

    /// Parses user text in any of the accepted notations (see [`parse_amount`]) and refuses
    /// more decimals than the currency has (a typo, not something to round away silently).
    pub fn parse(text: &str, currency: Currency) -> Result<Money, ParseMoneyError> {
        let amount = parse_amount(text)?;
        let decimals = amount.normalize().scale();
        if decimals > currency.minor_units() {
            return Err(ParseMoneyError::TooManyDecimals {
                text: text.trim().to_string(),
                decimals,
                currency,
            });
        }
        Ok(Money::new(amount, currency))
    }

    pub fn amount(self) -> Decimal {
        self.amount
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn is_zero(self) -> bool {
        self.amount.is_zero()
    }

    pub fn is_positive(self) -> bool {
        self.amount > Decimal::ZERO
    }

    pub fn is_negative(self) -> bool {
        self.amount < Decimal::ZERO
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self × factor`, rounded to the minor unit by [`ROUNDING`].
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(factor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(amount, self.currency))
    }

    pub fn negated(self) -> Money {
        Money {
            amount: -self.amount,
            currency: self.currency,
        }
    }

    /// The larger of `self` and zero.
    pub fn max_zero(self) -> Money {
        if self.is_negative() {
            Money::zero(self.currency)
        } else {
            self
        }
    }

    /// Compares two amounts of the same currency.
    pub fn checked_cmp(self, other: Money) -> Result<std::cmp::Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// Sums amounts that must all be in `currency`; an empty list is zero.
    pub fn checked_sum(
        currency: Currency,
        amounts: impl IntoIterator<Item = Money>,
    ) -> Result<Money, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }
}

/// Plain, locale-neutral form for logs, storage and test messages: `1234.56 EUR`.
/// What users see is formatted per language by the UI.
impl fmt::Display for Money {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.amount, self.currency)
    }
}

/// Why a text is not an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseMoneyError {
    Empty,
    /// A character that has no place in an amount.
    UnexpectedCharacter {
        text: String,
        character: char,
    },
    /// `1,234` or `1.234`: a thousands separator or a decimal point? We do not guess.
    Ambiguous {
        text: String,
    },
    /// Grouping that is not in threes (`12,34,567`), or a separator in the wrong place.
    Malformed {
        text: String,
    },
    TooLarge {
        text: String,
    },
    TooManyDecimals {
        text: String,
        decimals: u32,
        currency: Currency,
    },
}

impl Describe for ParseMoneyError {
    fn describe(&self, lang: Lang) -> String {
        use ParseMoneyError::*;
        match (self, lang) {
            (Empty, Lang::Fr) => "Saisissez un montant.".to_string(),
            (Empty, Lang::En) => "Enter an amount.".to_string(),
            (UnexpectedCharacter { text, character }, Lang::Fr) => format!(
                "« {text} » n'est pas un montant : le caractère « {character} » n'a pas sa place dans un nombre."
            ),
            (UnexpectedCharacter { text, character }, Lang::En) => {
                format!("“{text}” is not an amount: “{character}” has no place in a number.")
            }
            (Ambiguous { text }, lang) => {
                // The two readings of the user's own text: `1,500` is 1500 or 1.5 (1,50).
                let thousands: String = text.chars().filter(|c| *c != '.' && *c != ',').collect();
                let value = Decimal::from_str(&text.replace(',', ".")).unwrap_or_default();
                let short = value.normalize().to_string();
                let mut cents = value.normalize();
                if cents.scale() < 2 {
                    cents.rescale(2);
                }
                let cents = cents.to_string();
                match lang {
                    Lang::Fr => format!(
                        "« {text} » est ambigu : {thousands} ou {} ? Écrivez {thousands} pour des milliers, ou {} pour des décimales.",
                        short.replace('.', ","),
                        cents.replace('.', ",")
                    ),
                    Lang::En => format!(
                        "“{text}” is ambiguous: {thousands} or {short}? Write {thousands} for thousands, or {cents} for decimals."
                    ),
                }
            }
            (Malformed { text }, Lang::Fr) => format!(
                "« {text} » n'est pas un montant bien formé : les milliers se groupent par trois (1 234 567,89)."
            ),
            (Malformed { text }, Lang::En) => format!(
                "“{text}” is not a well-formed amount: thousands group by three (1,234,567.89)."
            ),
            (TooLarge { text }, Lang::Fr) => format!("« {text} » est un montant trop grand."),
            (TooLarge { text }, Lang::En) => format!("“{text}” is too large an amount."),
            (
                TooManyDecimals {
                    text,
                    decimals,
                    currency,
                },
                Lang::Fr,
            ) => format!(
                "« {text} » a {decimals} décimales ; un montant en {currency} en a au plus {}.",
                currency.minor_units()
            ),
            (
                TooManyDecimals {
                    text,
                    decimals,
                    currency,
                },
                Lang::En,
            ) => format!(
                "“{text}” has {decimals} decimals; an amount in {currency} has at most {}.",
                currency.minor_units()
            ),
        }
    }
}

/// Spaces that may group thousands: ordinary, no-break (U+00A0) and narrow no-break (U+202F,
/// what French formatting prints), and the apostrophes of Swiss notation.
fn is_group_space(character: char) -> bool {
    matches!(character, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

/// Parses an amount written in any of the usual notations, unambiguously or not at all:
/// `1234.56`, `1234,56`, `1 234,56`, `1.234,56`, `1,234.56`, `1'234.56`, `-12`, `+12`.
///
/// - When both `.` and `,` appear, the last one is the decimal separator and the other groups
///   thousands.
/// - When one of them appears several times, it groups thousands.
/// - When one appears once followed by exactly three digits, with no other grouping to tell,
///   (`1,234`, `1.234`) the text is ambiguous and refused.
/// - Otherwise a single `.` or `,` is the decimal separator.
///
/// Grouping must be in threes after a first group of one to three digits.
pub fn parse_amount(text: &str) -> Result<Decimal, ParseMoneyError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ParseMoneyError::Empty);
    }
    let owned = || trimmed.to_string();
    let malformed = || ParseMoneyError::Malformed { text: owned() };

    let (negative, body) = match (trimmed.strip_prefix(['-', '−']), trimmed.strip_prefix('+')) {
        (Some(rest), _) => (true, rest.trim_start()),
        (None, Some(rest)) => (false, rest.trim_start()),
        (None, None) => (false, trimmed),
    };
    if let Some(character) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == ',' || is_group_space(*c)))
    {
        return Err(ParseMoneyError::UnexpectedCharacter {
            text: owned(),
            character,
        });
    }
    let n_dots = body.matches('.').count();
    let n_commas = body.matches(',').count();
    let has_space_groups = body.chars().any(is_group_space);

    let decimal_separator = match (n_dots, n_commas) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let (separator, count) = if n_dots > 0 {
                ('.', n_dots)
            } else {
                (',', n_commas)
            };
            if count > 1 {
                None // repeated: it groups thousands
            } else {
                let digits_after = body
                    .rsplit(separator)
                    .next()
                    .map(|tail| tail.chars().filter(char::is_ascii_digit).count())
                    .unwrap_or(0);
                if digits_after == 3 && !has_space_groups {
                    return Err(ParseMoneyError::Ambiguous { text: owned() });
                }
                Some(separator)
            }
        }
        _ => {
            let last_dot = body.rfind('.');
            let last_comma = body.rfind(',');
            if last_dot > last_comma {
                Some('.')
            } else {
                Some(',')
            }
        }
    };

    let (integer_part, fraction_part) = match decimal_separator {
        Some(separator) => match body.rsplit_once(separator) {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (body, None),
        },
        None => (body, None),
    };
    if let Some(fraction) = fraction_part
        && (fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(malformed());
    }

    // The integer part: digits, possibly grouped by one kind of separator in threes.
    let groups: Vec<&str> = integer_part
        .split(|c: char| is_group_space(c) || c == '.' || c == ',')
        .collect();
    let grouped = groups.len() > 1;
    if grouped {
        let separators: Vec<char> = integer_part
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        let same_kind = separators.windows(2).all(|pair| match pair {
            [a, b] => a == b || (is_group_space(*a) && is_group_space(*b)),
            _ => true,
        });
        if !same_kind {
            return Err(malformed());
        }
    }
    for (index, group) in groups.iter().enumerate() {
        let valid = if !grouped {
            !group.is_empty() || fraction_part.is_some()
        } else if index == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !valid {
            return Err(malformed());
        }
    }

    let mut canonical = String::with_capacity(body.len() + 2);
    if negative {
        canonical.push('-');
    }
    canonical.push_str(&groups.concat());
    if canonical.is_empty() || canonical == "-" {
        canonical.push('0');
    }
    if let Some(fraction) = fraction_part {
        canonical.push('.');
        canonical.push_str(fraction);
    }
    Decimal::from_str(&canonical).map_err(|_| ParseMoneyError::TooLarge { text: owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[track_caller]
    fn parses(text: &str, expected: Decimal) {
        assert_eq!(parse_amount(text), Ok(expected), "text {text:?}");
    }

    #[track_caller]
    fn refuses(text: &str) -> ParseMoneyError {
        match parse_amount(text) {
            Ok(value) => panic!("{text:?} parsed as {value}, expected a refusal"),
            Err(error) => error,
        }
    }

    #[test]
    fn accepts_every_usual_notation() {
        parses("1234.56", dec!(1234.56));
        parses("1234,56", dec!(1234.56));
        parses("1 234,56", dec!(1234.56));
        parses("1\u{202f}234,56", dec!(1234.56));
        parses("1\u{a0}234,56", dec!(1234.56));
        parses("1.234,56", dec!(1234.56));
        parses("1,234.56", dec!(1234.56));
        parses("1'234.56", dec!(1234.56));
        parses("1.234.567", dec!(1234567));
        parses("1,234,567.8", dec!(1234567.8));
        parses("1 234 567", dec!(1234567));
        parses("1 234", dec!(1234));
        parses("  -12,5 ", dec!(-12.5));
        parses("+12", dec!(12));
        parses("0,05", dec!(0.05));
        parses(",5", dec!(0.5));
        parses("1 234,567", dec!(1234.567));
        parses("12.3456", dec!(12.3456));
    }

    #[test]
    fn refuses_with_a_reason() {
        assert_eq!(refuses(""), ParseMoneyError::Empty);
        assert_eq!(refuses("   "), ParseMoneyError::Empty);
        assert!(matches!(
            refuses("1,234"),
            ParseMoneyError::Ambiguous { .. }
        ));
        assert!(matches!(
            refuses("1.234"),
            ParseMoneyError::Ambiguous { .. }
        ));
        assert!(matches!(
            refuses("12€"),
            ParseMoneyError::UnexpectedCharacter {
                character: '€', ..
            }
        ));
        assert!(matches!(
            refuses("1e5"),
            ParseMoneyError::UnexpectedCharacter { .. }
        ));
        assert!(matches!(
            refuses("12,34,567"),
            ParseMoneyError::Malformed { .. }
        ));
        assert!(matches!(
            refuses("1.234.56"),
            ParseMoneyError::Malformed { .. }
        ));
        assert!(matches!(
            refuses("1,234,56.7"),
            ParseMoneyError::Malformed { .. }
        ));
        assert!(matches!(
            refuses("1 23,45"),
            ParseMoneyError::Malformed { .. }
        ));
        assert!(matches!(
            refuses("1.234 567,8"),
            ParseMoneyError::Malformed { .. }
        ));
        assert!(matches!(refuses("12,"), ParseMoneyError::Malformed { .. }));
        assert!(matches!(refuses("-"), ParseMoneyError::Malformed { .. }));
        assert!(matches!(refuses("."), ParseMoneyError::Malformed { .. }));
        assert!(matches!(
            refuses("--12"),
            ParseMoneyError::UnexpectedCharacter { .. }
        ));
        assert!(matches!(
            refuses("99999999999999999999999999999999"),
            ParseMoneyError::TooLarge { .. }
        ));
    }

    #[test]
    fn an_ambiguous_amount_names_both_of_its_readings() {
        let error = refuses("1,500");
        assert_eq!(
            error.describe(Lang::Fr),
            "« 1,500 » est ambigu : 1500 ou 1,5 ? Écrivez 1500 pour des milliers, ou 1,50 pour des décimales."
        );
        assert_eq!(
            refuses("2.345").describe(Lang::En),
            "“2.345” is ambiguous: 2345 or 2.345? Write 2345 for thousands, or 2.345 for decimals."
        );
    }

    #[test]
    fn money_refuses_more_decimals_than_the_currency_has() {
        assert_eq!(
            Money::parse("12,30", Currency::Eur),
            Ok(Money::new(dec!(12.3), Currency::Eur))
        );
        assert!(matches!(
            Money::parse("12,345", Currency::Eur),
            Err(ParseMoneyError::Ambiguous { .. })
        ));
        assert!(matches!(
            Money::parse("1 012,345", Currency::Eur),
            Err(ParseMoneyError::TooManyDecimals { decimals: 3, .. })
        ));
        assert!(matches!(
            Money::parse("100.5", Currency::Jpy),
            Err(ParseMoneyError::TooManyDecimals { decimals: 1, .. })
        ));
        assert_eq!(
            Money::parse("100.00", Currency::Jpy).map(Money::amount),
            Ok(dec!(100))
        );
    }

    #[test]
    fn new_keeps_rust_decimals_rounding_at_the_edges() {
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        let mut cases = vec![
            Decimal::ZERO,
            negative_zero,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(5, 3),
            Decimal::new(-5, 3),
            Decimal::new(4, 3),
            Decimal::new(-4, 3),
            Decimal::new(15, 3),
            Decimal::new(-1_005, 3),
            Decimal::new(1_005, 3),
            Decimal::new(1_004_999, 6),
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 0),
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, true, 1),
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28),
            Decimal::from_parts(0, 0, 1, true, 27),
        ];
        for scale in 0..=28 {
            cases.push(Decimal::from_parts(5, 0, 0, false, scale));
            cases.push(Decimal::from_parts(49, 0, 0, true, scale));
            cases.push(Decimal::from_parts(0, 0, 0, true, scale));
        }
        for amount in cases {
            for currency in [Currency::Eur, Currency::Jpy] {
                let minor = currency.minor_units();
                let mut expected = amount.round_dp_with_strategy(minor, ROUNDING);
                expected.rescale(minor);
                assert_eq!(
                    Money::new(amount, currency).amount().serialize(),
                    expected.serialize(),
                    "{amount} {currency:?}"
                );
            }
        }
    }

    #[test]
    fn minor_units_make_the_same_money_as_new() {
        for (minor, currency) in [
            (123_456, Currency::Eur),
            (-40_00, Currency::Gbp),
            (-1, Currency::Eur),
            (1 << 70, Currency::Eur),
            (0, Currency::Eur),
            (1_500, Currency::Jpy),
        ] {
            let made = Money::from_minor_units(minor, currency);
            let scale = currency.minor_units();
            let expected = Decimal::try_from_i128_with_scale(minor, scale)
                .ok()
                .map(|amount| Money::new(amount, currency));
            assert_eq!(made, expected);
            assert_eq!(
                made.map(|money| money.to_string()),
                expected.map(|money| money.to_string())
            );
        }
        assert_eq!(Money::from_minor_units(i128::MAX, Currency::Eur), None);
        assert_eq!(Money::from_minor_units(1 << 96, Currency::Eur), None);
        assert_eq!(
            Money::from_minor_units(-((1 << 96) - 1), Currency::Eur).map(Money::amount),
            Decimal::MIN.checked_div(Decimal::ONE_HUNDRED)
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero_never_bankers() {
        assert_eq!(Money::new(dec!(1.005), Currency::Eur).amount(), dec!(1.01));
        assert_eq!(Money::new(dec!(1.015), Currency::Eur).amount(), dec!(1.02));
        assert_eq!(
            Money::new(dec!(-1.005), Currency::Eur).amount(),
            dec!(-1.01)
        );
        assert_eq!(
            Money::new(dec!(1.0049999), Currency::Eur).amount(),
            dec!(1.00)
        );
        assert_eq!(Money::new(dec!(2.5), Currency::Jpy).amount(), dec!(3));
        assert_eq!(Money::new(dec!(7), Currency::Eur).to_string(), "7.00 EUR");
    }

    #[test]
    fn currencies_never_mix_and_overflow_is_an_error() {
        let euros = Money::new(dec!(10), Currency::Eur);
        let pounds = Money::new(dec!(10), Currency::Gbp);
        assert_eq!(
            euros.checked_add(pounds),
            Err(MoneyError::CurrencyMismatch {
                left: Currency::Eur,
                right: Currency::Gbp
            })
        );
        let huge = Money::new(Decimal::MAX, Currency::Jpy);
        assert_eq!(huge.checked_add(huge), Err(MoneyError::Overflow));
        assert_eq!(huge.checked_mul(dec!(2)), Err(MoneyError::Overflow));
        assert_eq!(
            Money::checked_sum(Currency::Eur, [euros, euros]),
            Ok(Money::new(dec!(20), Currency::Eur))
        );
        assert_eq!(
            euros
                .checked_sub(Money::new(dec!(15), Currency::Eur))
                .map(Money::max_zero),
            Ok(Money::zero(Currency::Eur))
        );
    }

    #[test]
    fn currency_codes_parse_case_insensitively() {
        assert_eq!(Currency::from_code(" eur "), Ok(Currency::Eur));
        assert!(Currency::from_code("XYZ").is_err());
        assert!(
            UnknownCurrency("XYZ".into())
                .describe(Lang::Fr)
                .contains("EUR, GBP")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parsing_never_panics(text in "\\PC{0,40}") {
                let _ = parse_amount(&text);
            }

            #[test]
            fn printed_amounts_parse_back(cents in -10_000_000_000i64..10_000_000_000i64) {
                let amount = Decimal::new(cents, 2);
                prop_assert_eq!(parse_amount(&amount.to_string()), Ok(amount));
                let french = amount.to_string().replace('.', ",");
                prop_assert_eq!(parse_amount(&french), Ok(amount));
            }

            /// `Money::new`'s shortcut gives the very decimal (sign of zero and scale
            /// included) that rust_decimal's rounding and rescaling give.
            #[test]
            fn new_rounds_as_rust_decimal_does(
                low in any::<u32>(),
                middle in any::<u32>(),
                high in prop_oneof![Just(0u32), any::<u32>()],
                short in any::<bool>(),
                negative in any::<bool>(),
                scale in 0u32..=28,
            ) {
                let (middle, high) = if short { (middle % 4, 0) } else { (middle, high) };
                let amount = Decimal::from_parts(low, middle, high, negative, scale);
                for currency in [Currency::Eur, Currency::Jpy] {
                    let minor = currency.minor_units();
                    let mut expected = amount.round_dp_with_strategy(minor, ROUNDING);
                    expected.rescale(minor);
                    prop_assert_eq!(
                        Money::new(amount, currency).amount().serialize(),
                        expected.serialize(),
                        "{} {:?}", amount, currency
                    );
                }
            }

            #[test]
            fn checked_arithmetic_never_panics(a in any::<i64>(), b in any::<i64>(), scale in 0u32..28) {
                let left = Money::new(Decimal::new(a, scale), Currency::Eur);
                let right = Money::new(
                    Decimal::new(b, 0).checked_mul(Decimal::from(i64::MAX)).unwrap_or(Decimal::MAX),
                    Currency::Eur,
                );
                let _ = left.checked_add(right);
                let _ = left.checked_sub(right);
                let _ = right.checked_mul(Decimal::MAX);
            }
        }
    }
}
