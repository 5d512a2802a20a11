//! The letterhead as typed in Settings ([`LetterheadDraft`]): every field optional, the ones
//! that can be checked checked lightly, each error beside its field in plain words.
//!
//! - IBAN (ISO 13616): letters and digits, spaces allowed, 15 to 34 characters, two letters
//!   of country then two check digits, and the mod-97 check; kept in capitals grouped by 4
//!   (`FR76 3000 6000 0112 3456 7890 189`), as a letter prints it;
//! - BIC (ISO 9362): 8 or 11 characters, 4 letters of bank, 2 of country, 2 letters or digits
//!   of place, optionally 3 of branch; kept in capitals without spaces;
//! - SIREN (9 digits) or SIRET (14 digits), spaces allowed, with their Luhn check (SIRETs of
//!   La Poste, SIREN 356 000 000, follow their own rule: digits summing to a multiple of 5);
//!   kept as typed;
//! - e-mail: one `@`, something before, a domain with a dot after, no space.
//!
//! The other fields (names, address, VAT number, phone) are free text, trimmed.

use super::letterhead::Letterhead;
use super::logo::Logo;
use crate::i18n::{Describe, Lang};

/// The fields of the letterhead form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LetterheadField {
    Name,
    TradeName,
    Address,
    Siren,
    Vat,
    Iban,
    Bic,
    Email,
    Phone,
}

impl LetterheadField {
    pub const ALL: [LetterheadField; 9] = [
        LetterheadField::Name,
        LetterheadField::TradeName,
        LetterheadField::Address,
        LetterheadField::Siren,
        LetterheadField::Vat,
        LetterheadField::Iban,
        LetterheadField::Bic,
        LetterheadField::Email,
        LetterheadField::Phone,
    ];

    /// The field's name in ids (`letterhead-input-<id>`).
    pub fn id(self) -> &'static str {
        match self {
            LetterheadField::Name => "name",
            LetterheadField::TradeName => "trade-name",
            LetterheadField::Address => "address",
            LetterheadField::Siren => "siren",
            LetterheadField::Vat => "vat",
            LetterheadField::Iban => "iban",
            LetterheadField::Bic => "bic",
            LetterheadField::Email => "email",
            LetterheadField::Phone => "phone",
        }
    }
}

/// Why a field of the letterhead is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LetterheadError {
    /// Not 15 to 34 letters and digits starting with a country and two check digits.
    IbanShape,
    /// The shape is right but the check digits do not match: a character is mistyped.
    IbanCheck,
    BicShape,
    /// Neither 9 nor 14 digits (`found` digits).
    SirenLength {
        found: usize,
    },
    /// 9 or 14 digits whose check fails.
    SirenCheck {
        siret: bool,
    },
    EmailShape,
}

impl Describe for LetterheadError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (LetterheadError::IbanShape, Lang::Fr) => "Un IBAN compte de 15 à 34 lettres et chiffres et commence par le code du pays puis deux chiffres (FR76…).".to_string(),
            (LetterheadError::IbanShape, Lang::En) => "An IBAN has 15 to 34 letters and digits and starts with the country code then two digits (FR76…).".to_string(),
            (LetterheadError::IbanCheck, Lang::Fr) => "Cet IBAN n'est pas valide (sa clé de contrôle ne correspond pas)\u{a0}: un caractère est sans doute mal recopié.".to_string(),
            (LetterheadError::IbanCheck, Lang::En) => "This IBAN is not valid (its check digits do not match): a character is probably mistyped.".to_string(),
            (LetterheadError::BicShape, Lang::Fr) => "Un BIC compte 8 ou 11 caractères\u{a0}: 4 lettres (banque), 2 lettres (pays), 2 lettres ou chiffres (ville), puis 3 facultatifs (agence), par exemple AGRIFRPP.".to_string(),
            (LetterheadError::BicShape, Lang::En) => "A BIC has 8 or 11 characters: 4 letters (bank), 2 letters (country), 2 letters or digits (place), then 3 optional (branch), for example AGRIFRPP.".to_string(),
            (LetterheadError::SirenLength { found }, Lang::Fr) => format!("Un SIREN compte 9 chiffres, un SIRET 14\u{a0}; celui-ci en compte {found}."),
            (LetterheadError::SirenLength { found }, Lang::En) => format!("A SIREN has 9 digits, a SIRET 14; this one has {found}."),
            (LetterheadError::SirenCheck { siret: false }, Lang::Fr) => "Ce SIREN n'est pas valide (sa clé de contrôle ne correspond pas)\u{a0}: vérifiez les chiffres.".to_string(),
            (LetterheadError::SirenCheck { siret: false }, Lang::En) => "This SIREN is not valid (its check digit does not match): check the digits.".to_string(),
            (LetterheadError::SirenCheck { siret: true }, Lang::Fr) => "Ce SIRET n'est pas valide (sa clé de contrôle ne correspond pas)\u{a0}: vérifiez les chiffres.".to_string(),
            (LetterheadError::SirenCheck { siret: true }, Lang::En) => "This SIRET is not valid (its check digit does not match): check the digits.".to_string(),
            (LetterheadError::EmailShape, Lang::Fr) => "Une adresse e-mail s'écrit nom@domaine.fr, sans espace.".to_string(),
            (LetterheadError::EmailShape, Lang::En) => "An e-mail address reads name@domain.com, without spaces.".to_string(),
        }
    }
}

/// The characters of `text` that are not spaces (spaces, non-breaking spaces, tabs).
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// An IBAN, checked: in capitals, grouped by 4. Empty stays empty.
pub fn parse_iban(text: &str) -> Result<String, LetterheadError> {
    let iban = compact(text).to_ascii_uppercase();
    if iban.is_empty() {
        return Ok(iban);
    }
    let bytes = iban.as_bytes();
    let shape = (15..=34).contains(&bytes.len())
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.iter().take(2).all(u8::is_ascii_uppercase)
        && bytes.iter().skip(2).take(2).all(u8::is_ascii_digit);
    if !shape {
        return Err(LetterheadError::IbanShape);
    }
    // ISO 13616: the first four characters moved to the end, letters as 10 to 35, mod 97 = 1.
    let mut remainder: u32 = 0;
    for byte in bytes.iter().skip(4).chain(bytes.iter().take(4)) {
        let value = match byte {
            b'0'..=b'9' => u32::from(byte - b'0'),
            _ => u32::from(byte - b'A') + 10,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder != 1 {
        return Err(LetterheadError::IbanCheck);
    }
    let grouped: Vec<String> = iban
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|group| group.iter().collect())
        .collect();
    Ok(grouped.join(" "))
}

/// A BIC, checked: in capitals, without spaces. Empty stays empty.
pub fn parse_bic(text: &str) -> Result<String, LetterheadError> {
    let bic = compact(text).to_ascii_uppercase();
    if bic.is_empty() {
        return Ok(bic);
    }
    let bytes = bic.as_bytes();
    let shape = matches!(bytes.len(), 8 | 11)
        && bytes.iter().take(6).all(u8::is_ascii_uppercase)
        && bytes.iter().skip(6).all(u8::is_ascii_alphanumeric);
    if shape {
        Ok(bic)
    } else {
        Err(LetterheadError::BicShape)
    }
}

/// Whether `digits` pass the Luhn check.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(index, digit)| {
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                *digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A SIREN or SIRET, checked; kept as typed (trimmed). Empty stays empty.
pub fn parse_siren(text: &str) -> Result<String, LetterheadError> {
    let typed = text.trim();
    let compacted = compact(typed);
    if compacted.is_empty() {
        return Ok(String::new());
    }
    let digits: Vec<u32> = compacted.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != compacted.chars().count() || !matches!(digits.len(), 9 | 14) {
        return Err(LetterheadError::SirenLength {
            found: digits.len(),
        });
    }
    let siret = digits.len() == 14;
    let la_poste = siret && compacted.starts_with("356000000");
    let valid = if la_poste {
        digits.iter().sum::<u32>().is_multiple_of(5)
    } else {
        luhn(&digits)
    };
    if valid {
        Ok(typed.to_string())
    } else {
        Err(LetterheadError::SirenCheck { siret })
    }
}

/// An e-mail address, its shape checked; trimmed. Empty stays empty.
pub fn parse_email(text: &str) -> Result<String, LetterheadError> {
    let email = text.trim();
    if email.is_empty() {
        return Ok(String::new());
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && !email.chars().any(char::is_whitespace)
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.as_bytes().windows(2).any(|pair| pair == b"..")
        }
        None => false,
    };
    if valid {
        Ok(email.to_string())
    } else {
        Err(LetterheadError::EmailShape)
    }
}

/// The letterhead form as typed: nothing is lost on an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LetterheadDraft {
    pub name: String,
    pub trade_name: String,
    pub address: String,
    pub siren: String,
    pub vat: String,
    pub iban: String,
    pub bic: String,
    pub email: String,
    pub phone: String,
    /// The logo chosen (checked when the file was read: [`Logo::from_file`]).
    pub logo: Option<Logo>,
}

impl LetterheadDraft {
    /// The form showing `letterhead`.
    pub fn of(letterhead: &Letterhead) -> LetterheadDraft {
        LetterheadDraft {
            name: letterhead.name.clone(),
            trade_name: letterhead.trade_name.clone(),
            address: letterhead.address.clone(),
            siren: letterhead.siren.clone(),
            vat: letterhead.vat.clone(),
            iban: letterhead.iban.clone(),
            bic: letterhead.bic.clone(),
            email: letterhead.email.clone(),
            phone: letterhead.phone.clone(),
            logo: letterhead.logo.clone(),
        }
    }

    /// The text typed in `field`.
    pub fn get(&self, field: LetterheadField) -> &str {
        match field {
            LetterheadField::Name => &self.name,
            LetterheadField::TradeName => &self.trade_name,
            LetterheadField::Address => &self.address,
            LetterheadField::Siren => &self.siren,
            LetterheadField::Vat => &self.vat,
            LetterheadField::Iban => &self.iban,
            LetterheadField::Bic => &self.bic,
            LetterheadField::Email => &self.email,
            LetterheadField::Phone => &self.phone,
        }
    }

    /// Puts `text` in `field`.
    pub fn set(&mut self, field: LetterheadField, text: String) {
        let slot = match field {
            LetterheadField::Name => &mut self.name,
            LetterheadField::TradeName => &mut self.trade_name,
            LetterheadField::Address => &mut self.address,
            LetterheadField::Siren => &mut self.siren,
            LetterheadField::Vat => &mut self.vat,
            LetterheadField::Iban => &mut self.iban,
            LetterheadField::Bic => &mut self.bic,
            LetterheadField::Email => &mut self.email,
            LetterheadField::Phone => &mut self.phone,
        };
        *slot = text;
    }

    /// The letterhead, or every field's error.
    pub fn parse(&self) -> Result<Letterhead, Vec<(LetterheadField, LetterheadError)>> {
        let mut errors = Vec::new();
        let mut checked = |field, result: Result<String, LetterheadError>| match result {
            Ok(text) => text,
            Err(error) => {
                errors.push((field, error));
                String::new()
            }
        };
        let siren = checked(LetterheadField::Siren, parse_siren(&self.siren));
        let iban = checked(LetterheadField::Iban, parse_iban(&self.iban));
        let bic = checked(LetterheadField::Bic, parse_bic(&self.bic));
        let email = checked(LetterheadField::Email, parse_email(&self.email));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Letterhead {
            name: self.name.trim().to_string(),
            trade_name: self.trade_name.trim().to_string(),
            address: self
                .address
                .trim()
                .split('\n')
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n"),
            siren,
            vat: self.vat.trim().to_string(),
            iban,
            bic,
            email,
            phone: self.phone.trim().to_string(),
            logo: self.logo.clone(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_iban_is_checked_by_mod_97_and_kept_grouped_by_four() {
        assert_eq!(
            parse_iban(" fr76 3000 6000 0112 3456 7890 189 "),
            Ok("FR76 3000 6000 0112 3456 7890 189".to_string())
        );
        assert_eq!(
            parse_iban("GB82WEST12345698765432"),
            Ok("GB82 WEST 1234 5698 7654 32".to_string())
        );
        assert_eq!(
            parse_iban("DE89 3704 0044 0532 0130 00"),
            Ok("DE89 3704 0044 0532 0130 00".to_string())
        );
        // One digit changed, two swapped: the check catches both.
        assert_eq!(
            parse_iban("FR76 3000 6000 0112 3456 7890 188"),
            Err(LetterheadError::IbanCheck)
        );
        assert_eq!(
            parse_iban("GB82WEST12345698765423"),
            Err(LetterheadError::IbanCheck)
        );
        for bad in [
            "FR76",
            "7676 3000 6000 0112 3456",
            "FR76-3000-6000-0112-3456",
            "FRAB30006000011234567890189",
            "FR76 3000 6000 0112 3456 7890 1890 1234 5678 9",
        ] {
            assert_eq!(parse_iban(bad), Err(LetterheadError::IbanShape), "{bad}");
        }
        assert_eq!(parse_iban("  "), Ok(String::new()));
    }

    #[test]
    fn a_bic_has_8_or_11_characters_of_the_right_kinds() {
        assert_eq!(parse_bic("agrifrpp"), Ok("AGRIFRPP".to_string()));
        assert_eq!(parse_bic("BNPA FR PP XXX"), Ok("BNPAFRPPXXX".to_string()));
        assert_eq!(parse_bic("DEUTDEFF500"), Ok("DEUTDEFF500".to_string()));
        for bad in [
            "AGRIFRP",
            "AGRIFRPP1",
            "AGR1FRPP",
            "AGRIF1PP",
            "AGRIFRPP-XX",
        ] {
            assert_eq!(parse_bic(bad), Err(LetterheadError::BicShape), "{bad}");
        }
        assert_eq!(parse_bic(""), Ok(String::new()));
    }

    #[test]
    fn a_siren_or_siret_passes_its_luhn_check_and_is_kept_as_typed() {
        // A SIREN and a SIRET of it whose Luhn checks pass.
        assert_eq!(parse_siren(" 732 829 320 "), Ok("732 829 320".to_string()));
        assert_eq!(
            parse_siren("73282932000074"),
            Ok("73282932000074".to_string())
        );
        assert_eq!(
            parse_siren("732 829 321"),
            Err(LetterheadError::SirenCheck { siret: false })
        );
        assert_eq!(
            parse_siren("73282932000075"),
            Err(LetterheadError::SirenCheck { siret: true })
        );
        assert_eq!(
            parse_siren("7328293"),
            Err(LetterheadError::SirenLength { found: 7 })
        );
        assert_eq!(
            parse_siren("732-829-320"),
            Err(LetterheadError::SirenLength { found: 9 })
        );
        // La Poste: digit sum a multiple of 5 (this one fails Luhn), not Luhn.
        assert_eq!(
            parse_siren("35600000000015"),
            Ok("35600000000015".to_string())
        );
        assert!(parse_siren("35600000000016").is_err());
        assert_eq!(parse_siren(""), Ok(String::new()));
    }

    #[test]
    fn an_email_has_the_shape_of_one() {
        assert_eq!(
            parse_email(" compta@durand.fr "),
            Ok("compta@durand.fr".to_string())
        );
        for bad in [
            "compta",
            "compta@durand",
            "@durand.fr",
            "a@b@c.fr",
            "com pta@durand.fr",
            "a@durand.",
            "a@.fr",
            "a@durand..fr",
        ] {
            assert_eq!(parse_email(bad), Err(LetterheadError::EmailShape), "{bad}");
        }
    }

    #[test]
    fn the_draft_reads_every_field_and_reports_each_error_beside_its_field() {
        let mut draft = LetterheadDraft::of(&Letterhead::default());
        assert_eq!(
            draft.parse(),
            Ok(Letterhead::default()),
            "every field is optional"
        );
        for field in LetterheadField::ALL {
            draft.set(field, format!(" {} ", field.id()));
            assert_eq!(draft.get(field), format!(" {} ", field.id()));
        }
        draft.set(
            LetterheadField::Iban,
            "fr7630006000011234567890189".to_string(),
        );
        draft.set(LetterheadField::Siren, "732829320".to_string());
        draft.set(LetterheadField::Bic, "AGRIFRPP".to_string());
        draft.set(LetterheadField::Email, "a@b.fr".to_string());
        draft.set(
            LetterheadField::Address,
            "  12 rue des Lilas  \n75011 Paris \n".to_string(),
        );
        let letterhead = draft.parse().unwrap();
        assert_eq!(letterhead.name, "name");
        assert_eq!(letterhead.trade_name, "trade-name");
        assert_eq!(letterhead.address, "12 rue des Lilas\n75011 Paris");
        assert_eq!(letterhead.iban, "FR76 3000 6000 0112 3456 7890 189");
        assert_eq!(letterhead.phone, "phone");
        // Read back into the form, it is what was saved (nothing changes on a second save).
        assert_eq!(LetterheadDraft::of(&letterhead).parse(), Ok(letterhead));
        draft.set(LetterheadField::Iban, "FR76 3000".to_string());
        draft.set(LetterheadField::Email, "a@b".to_string());
        let errors = draft.parse().unwrap_err();
        assert_eq!(
            errors,
            vec![
                (LetterheadField::Iban, LetterheadError::IbanShape),
                (LetterheadField::Email, LetterheadError::EmailShape),
            ]
        );
        // What was typed stays in the draft.
        assert_eq!(draft.iban, "FR76 3000");
        for (_, error) in errors {
            assert!(!error.describe(Lang::Fr).is_empty() && !error.describe(Lang::En).is_empty());
        }
    }

    #[test]
    fn the_logo_goes_through_the_form_unchanged() {
        let logo =
            crate::domain::logo::Logo::from_file(&[0xFF, 0xD8, 0xFF, 0xDB], "image/jpeg").unwrap();
        let letterhead = Letterhead {
            name: "Atelier".to_string(),
            logo: Some(logo),
            ..Letterhead::default()
        };
        let draft = LetterheadDraft::of(&letterhead);
        assert_eq!(draft.parse(), Ok(letterhead));
        assert_eq!(LetterheadDraft::default().parse().unwrap().logo, None);
    }
}
