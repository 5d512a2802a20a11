//! The sender of the letters (the user's own business): what the letterhead and the payment
//! details of a letter say. Every field may be empty: a letter says what it has, and the Letters
//! page says which missing field a formal notice needs.

use super::logo::Logo;

/// The user's identity as a creditor. Plain text, as entered in Settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// The person or company name (raison sociale).
    pub name: String,
    /// A trade name (nom commercial), when different.
    pub trade_name: String,
    /// The postal address, on several lines.
    pub address: String,
    /// SIREN (9 digits) or SIRET (14 digits).
    pub siren: String,
    /// The intra-community VAT number.
    pub vat: String,
    pub iban: String,
    pub bic: String,
    pub email: String,
    pub phone: String,
    /// The logo printed at the top of the sender block, if any (a checked PNG or JPEG).
    pub logo: Option<Logo>,
}

impl Letterhead {
    /// Whether nothing at all is filled in.
    pub fn is_empty(&self) -> bool {
        *self == Letterhead::default()
    }
}
