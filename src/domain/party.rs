//! The parties to an invoice, as the law sees them: the client's country and kind, which
//! select the legal regime (payment-term caps, late-interest clause).

use std::fmt;

use super::field::{Field, FieldError};
use crate::i18n::{Describe, Lang};

/// An ISO 3166-1 alpha-2 country code, uppercased (`FR`, `DE`, `GB`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

/// The 27 member states of the European Union (ISO codes; Greece is `GR`).
const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

impl Country {
    pub const FR: Country = Country(*b"FR");
    pub const DE: Country = Country(*b"DE");
    pub const GB: Country = Country(*b"GB");

    /// Two ASCII letters, any case, surrounding spaces ignored. Whether the code is assigned
    /// is not checked: new codes appear and the user knows their country.
    pub fn parse(text: &str) -> Result<Country, PartyError> {
        let trimmed = text.trim();
        match trimmed.as_bytes() {
            [first, second] if first.is_ascii_alphabetic() && second.is_ascii_alphabetic() => {
                Ok(Country([
                    first.to_ascii_uppercase(),
                    second.to_ascii_uppercase(),
                ]))
            }
            [] => Err(FieldError::Missing {
                field: Field::Country,
            }
            .into()),
            _ => Err(PartyError::Country {
                text: trimmed.to_string(),
            }),
        }
    }

    /// The code, `FR`.
    pub fn code(&self) -> &str {
        // Two ASCII letters by construction: the fallback is unreachable.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Whether the country is a member of the European Union.
    pub fn is_eu(self) -> bool {
        EU_MEMBERS.contains(&self.code())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.code())
    }
}

/// Who the client is, which selects the legal regime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientKind {
    Business,
    Consumer,
    /// A public body (state, local authority, hospital): a business for late interest, with
    /// a 30-day cap on payment terms.
    PublicBody,
}

impl ClientKind {
    pub const ALL: [ClientKind; 3] = [
        ClientKind::Business,
        ClientKind::Consumer,
        ClientKind::PublicBody,
    ];

    /// The code used by forms: `business`, `consumer`, `public-body`.
    pub fn code(self) -> &'static str {
        match self {
            ClientKind::Business => "business",
            ClientKind::Consumer => "consumer",
            ClientKind::PublicBody => "public-body",
        }
    }

    pub fn from_code(code: &str) -> Option<ClientKind> {
        ClientKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
    }
}

/// Why a party's country was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartyError {
    Field(FieldError),
    Country { text: String },
}

impl From<FieldError> for PartyError {
    fn from(error: FieldError) -> PartyError {
        PartyError::Field(error)
    }
}

impl Describe for PartyError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (PartyError::Field(error), _) => error.describe(lang),
            (PartyError::Country { text }, Lang::Fr) => format!(
                "Pays : « {text} » n'est pas un code pays à deux lettres (par exemple FR, DE, GB)."
            ),
            (PartyError::Country { text }, Lang::En) => format!(
                "Country: “{text}” is not a two-letter country code (for example FR, DE, GB)."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_two_letters_uppercased() {
        assert_eq!(Country::parse(" fr "), Ok(Country::FR));
        assert_eq!(Country::FR.code(), "FR");
        assert_eq!(
            Country::parse("zz").map(|country| country.to_string()),
            Ok("ZZ".into())
        );
        assert!(Country::parse("FRA").is_err());
        assert!(Country::parse("F1").is_err());
        assert!(Country::parse("éé").is_err());
        assert!(Country::DE.is_eu());
        assert!(!Country::GB.is_eu());
    }
}
