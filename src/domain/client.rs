//! Clients: who owes, where they are, and which legal regime applies to them.

use super::edit::{self, EditConflict, Parts};
use super::field::{Field, FieldError, bounded_text};
use super::ids::ClientId;
use super::party::{ClientKind, Country, PartyError};
use super::terms::{PaymentTerms, TermsDraft, TermsError};
use crate::i18n::{Describe, Lang};

/// Longest name, e-mail, phone accepted.
const MAX_SHORT_TEXT: usize = 200;
/// Longest address or notes accepted.
const MAX_LONG_TEXT: usize = 4000;

/// A company identifier: SIREN, SIRET or VAT number, stored without spaces, uppercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TaxId {
    /// 9 digits, Luhn-checked.
    Siren(String),
    /// 14 digits: SIREN + 5-digit establishment number, Luhn-checked (La Poste: sum of the
    /// digits divisible by 5).
    Siret(String),
    /// A VAT number: 2-letter country prefix, then 2–13 letters or digits (French numbers
    /// fully checked).
    Vat(String),
}

/// What is wrong with a SIREN, SIRET or VAT number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxIdProblem {
    /// Neither 9 digits, nor 14 digits, nor a country prefix followed by letters and digits.
    Unrecognised,
    /// The check digit does not match (a typo).
    BadChecksum,
    /// A French VAT number must be FR + 2 key characters + the 9-digit SIREN.
    BadFrenchVatFormat,
    /// The key of a French VAT number does not match its SIREN.
    BadFrenchVatKey,
}

/// Sum check of the Luhn algorithm over ASCII digits.
fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(position, byte)| {
            let digit = u32::from(byte.wrapping_sub(b'0'));
            if position % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// La Poste's establishments share the SIREN 356 000 000; their SIRETs (except the head
/// office's, 356 000 000 00048, which is Luhn-valid) have a digit sum divisible by 5 instead.
const LA_POSTE_SIREN: &str = "356000000";
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

fn siret_valid(digits: &str) -> bool {
    if digits.starts_with(LA_POSTE_SIREN) && digits != LA_POSTE_HEAD_OFFICE {
        let sum: u32 = digits
            .bytes()
            .map(|byte| u32::from(byte.wrapping_sub(b'0')))
            .sum();
        sum.is_multiple_of(5)
    } else {
        luhn_valid(digits)
    }
}

impl TaxId {
    /// Recognises a SIREN (9 digits), SIRET (14 digits) or VAT number (country prefix);
    /// spaces, dots and dashes in the input are ignored.
    pub fn parse(text: &str) -> Result<TaxId, ClientError> {
        let compact: String = text
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-')))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let refuse = |problem| ClientError::TaxId {
            text: text.trim().to_string(),
            problem,
        };
        if compact.is_empty() {
            return Err(FieldError::Missing {
                field: Field::TaxId,
            }
            .into());
        }
        let all_digits = compact.bytes().all(|byte| byte.is_ascii_digit());
        if all_digits && compact.len() == 9 {
            return if luhn_valid(&compact) {
                Ok(TaxId::Siren(compact))
            } else {
                Err(refuse(TaxIdProblem::BadChecksum))
            };
        }
        if all_digits && compact.len() == 14 {
            return if siret_valid(&compact) {
                Ok(TaxId::Siret(compact))
            } else {
                Err(refuse(TaxIdProblem::BadChecksum))
            };
        }
        let (prefix, rest) = compact
            .split_at_checked(2)
            .ok_or(refuse(TaxIdProblem::Unrecognised))?;
        if !prefix.bytes().all(|byte| byte.is_ascii_alphabetic()) {
            return Err(refuse(TaxIdProblem::Unrecognised));
        }
        if prefix == "FR" {
            let (key, siren) = rest
                .split_at_checked(2)
                .ok_or(refuse(TaxIdProblem::BadFrenchVatFormat))?;
            let key_ok = key.bytes().all(|byte| byte.is_ascii_alphanumeric());
            let siren_ok = siren.len() == 9 && siren.bytes().all(|byte| byte.is_ascii_digit());
            if !(key_ok && siren_ok) {
                return Err(refuse(TaxIdProblem::BadFrenchVatFormat));
            }
            if !luhn_valid(siren) {
                return Err(refuse(TaxIdProblem::BadChecksum));
            }
            if let (Ok(key), Ok(siren_number)) = (key.parse::<u64>(), siren.parse::<u64>())
                && key != (12 + 3 * (siren_number % 97)) % 97
            {
                return Err(refuse(TaxIdProblem::BadFrenchVatKey));
            }
            return Ok(TaxId::Vat(compact));
        }
        let rest_ok =
            (2..=13).contains(&rest.len()) && rest.bytes().all(|byte| byte.is_ascii_alphanumeric());
        if rest_ok {
            Ok(TaxId::Vat(compact))
        } else {
            Err(refuse(TaxIdProblem::Unrecognised))
        }
    }

    /// The identifier without spaces.
    pub fn as_str(&self) -> &str {
        match self {
            TaxId::Siren(text) | TaxId::Siret(text) | TaxId::Vat(text) => text,
        }
    }
}

/// An e-mail address: one `@`, something before it, a dotted domain after it, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, ClientError> {
        let trimmed = text.trim();
        let valid = match trimmed.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !trimmed.chars().any(char::is_whitespace)
                    && trimmed.chars().count() <= MAX_SHORT_TEXT
            }
            None => false,
        };
        if valid {
            Ok(Email(trimmed.to_string()))
        } else {
            Err(ClientError::Email {
                text: trimmed.to_string(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A client's validated data, before and after the ledger gives it an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientDetails {
    name: String,
    address: String,
    email: Option<Email>,
    phone: String,
    tax_id: Option<TaxId>,
    country: Country,
    kind: ClientKind,
    default_terms: PaymentTerms,
    notes: String,
    /// Part of the demo books (`domain::demo`): erased with them, labelled as such.
    demo: bool,
}

impl ClientDetails {
    /// A client with just a name, a country and a kind; other fields empty, terms net 30.
    pub fn new(
        name: &str,
        country: Country,
        kind: ClientKind,
    ) -> Result<ClientDetails, ClientError> {
        Ok(ClientDetails {
            name: client_name(name)?,
            address: String::new(),
            email: None,
            phone: String::new(),
            tax_id: None,
            country,
            kind,
            default_terms: PaymentTerms::default(),
            notes: String::new(),
            demo: false,
        })
    }

    /// Marks the client as part of the demo books (or not).
    pub fn with_demo(mut self, demo: bool) -> ClientDetails {
        self.demo = demo;
        self
    }

    /// Whether the client is part of the demo books.
    pub fn is_demo(&self) -> bool {
        self.demo
    }

    pub fn with_default_terms(mut self, terms: PaymentTerms) -> ClientDetails {
        self.default_terms = terms;
        self
    }

    pub fn with_email(mut self, email: Option<Email>) -> ClientDetails {
        self.email = email;
        self
    }

    pub fn with_tax_id(mut self, tax_id: Option<TaxId>) -> ClientDetails {
        self.tax_id = tax_id;
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn address(&self) -> &str {
        &self.address
    }
    pub fn email(&self) -> Option<&Email> {
        self.email.as_ref()
    }
    pub fn phone(&self) -> &str {
        &self.phone
    }
    pub fn tax_id(&self) -> Option<&TaxId> {
        self.tax_id.as_ref()
    }
    pub fn country(&self) -> Country {
        self.country
    }
    pub fn kind(&self) -> ClientKind {
        self.kind
    }
    pub fn default_terms(&self) -> PaymentTerms {
        self.default_terms
    }
    pub fn notes(&self) -> &str {
        &self.notes
    }
}

/// A part of a client's details as an edit merges them ([`super::edit`]): a field of the form
/// (the terms, all of them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientPart {
    Name,
    Address,
    Email,
    Phone,
    TaxId,
    Country,
    Kind,
    Terms,
    Notes,
}

impl ClientPart {
    pub const ALL: [ClientPart; 9] = [
        ClientPart::Name,
        ClientPart::Address,
        ClientPart::Email,
        ClientPart::Phone,
        ClientPart::TaxId,
        ClientPart::Country,
        ClientPart::Kind,
        ClientPart::Terms,
        ClientPart::Notes,
    ];

    /// The form field that shows the part (the first of the terms).
    pub fn field(self) -> Field {
        match self {
            ClientPart::Name => Field::ClientName,
            ClientPart::Address => Field::Address,
            ClientPart::Email => Field::Email,
            ClientPart::Phone => Field::Phone,
            ClientPart::TaxId => Field::TaxId,
            ClientPart::Country => Field::Country,
            ClientPart::Kind => Field::ClientKind,
            ClientPart::Terms => Field::TermsKind,
            ClientPart::Notes => Field::Notes,
        }
    }
}

/// What a client edit may meet (see [`ClientDetails::merge`]); a client's parts always hold
/// together, so nothing is ever `broken`.
pub type ClientConflict = EditConflict<ClientPart, ClientDetails, std::convert::Infallible>;

impl ClientDetails {
    /// An edit opened on `base` that submits `mine`, merged with `current`, the client as
    /// stored now (see [`super::edit::merge`]).
    pub fn merge(
        base: &ClientDetails,
        mine: &ClientDetails,
        current: &ClientDetails,
    ) -> Result<ClientDetails, Box<ClientConflict>> {
        edit::merge(base, mine, current).map_err(|parts| {
            Box::new(EditConflict {
                parts,
                theirs: current.clone(),
                broken: None,
            })
        })
    }
}

impl Parts for ClientDetails {
    type Part = ClientPart;
    const PARTS: &'static [ClientPart] = &ClientPart::ALL;

    fn same(&self, other: &ClientDetails, part: ClientPart) -> bool {
        match part {
            ClientPart::Name => self.name == other.name,
            ClientPart::Address => self.address == other.address,
            ClientPart::Email => self.email == other.email,
            ClientPart::Phone => self.phone == other.phone,
            ClientPart::TaxId => self.tax_id == other.tax_id,
            ClientPart::Country => self.country == other.country,
            ClientPart::Kind => self.kind == other.kind,
            ClientPart::Terms => self.default_terms == other.default_terms,
            ClientPart::Notes => self.notes == other.notes,
        }
    }

    fn take(&mut self, other: &ClientDetails, part: ClientPart) {
        match part {
            ClientPart::Name => self.name.clone_from(&other.name),
            ClientPart::Address => self.address.clone_from(&other.address),
            ClientPart::Email => self.email.clone_from(&other.email),
            ClientPart::Phone => self.phone.clone_from(&other.phone),
            ClientPart::TaxId => self.tax_id.clone_from(&other.tax_id),
            ClientPart::Country => self.country = other.country,
            ClientPart::Kind => self.kind = other.kind,
            ClientPart::Terms => self.default_terms = other.default_terms,
            ClientPart::Notes => self.notes.clone_from(&other.notes),
        }
    }
}

/// A client's name: required, at most [`MAX_SHORT_TEXT`] characters, trimmed.
fn client_name(text: &str) -> Result<String, ClientError> {
    let name = bounded_text(Field::ClientName, text, MAX_SHORT_TEXT)?;
    if name.is_empty() {
        return Err(FieldError::Missing {
            field: Field::ClientName,
        }
        .into());
    }
    Ok(name)
}

/// A client of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    id: ClientId,
    details: ClientDetails,
}

impl Client {
    /// For a storage layer rebuilding a ledger; the ledger checks ids are unique.
    pub fn from_parts(id: ClientId, details: ClientDetails) -> Client {
        Client { id, details }
    }

    pub fn id(&self) -> ClientId {
        self.id
    }

    pub fn details(&self) -> &ClientDetails {
        &self.details
    }

    pub fn name(&self) -> &str {
        &self.details.name
    }

    pub(crate) fn set_details(&mut self, details: ClientDetails) {
        self.details = details;
    }
}

/// What the client form submits; every field is raw text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientDraft {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    /// SIREN, SIRET or VAT number; may be empty.
    pub tax_id: String,
    /// ISO 3166 alpha-2 (`FR`).
    pub country: String,
    /// One of the [`ClientKind::code`]s.
    pub kind: String,
    pub terms: TermsDraft,
    pub notes: String,
}

impl ClientDraft {
    /// The draft that shows `details` (to prefill an edit form).
    pub fn from_details(details: &ClientDetails) -> ClientDraft {
        ClientDraft {
            name: details.name.clone(),
            address: details.address.clone(),
            email: details
                .email
                .as_ref()
                .map(|email| email.0.clone())
                .unwrap_or_default(),
            phone: details.phone.clone(),
            tax_id: details
                .tax_id
                .as_ref()
                .map(|id| id.as_str().to_string())
                .unwrap_or_default(),
            country: details.country.code().to_string(),
            kind: details.kind.code().to_string(),
            terms: TermsDraft::from_terms(details.default_terms),
            notes: details.notes.clone(),
        }
    }

    pub fn parse(&self) -> Result<ClientDetails, ClientError> {
        let country = Country::parse(&self.country)?;
        let kind = self.parse_kind()?;
        let details = ClientDetails::new(&self.name, country, kind)?;
        Ok(ClientDetails {
            email: self.parse_email()?,
            tax_id: self.parse_tax_id()?,
            address: bounded_text(Field::Address, &self.address, MAX_LONG_TEXT)?,
            phone: bounded_text(Field::Phone, &self.phone, MAX_SHORT_TEXT)?,
            notes: bounded_text(Field::Notes, &self.notes, MAX_LONG_TEXT)?,
            default_terms: self.terms.parse()?,
            ..details
        })
    }

    /// Every field's problem at once, in the form's order (name, address, e-mail, phone, tax
    /// id, country, kind, terms, notes), at most one per field: what a form shows beside each
    /// field. Empty exactly when [`ClientDraft::parse`] succeeds.
    pub fn problems(&self) -> Vec<ClientError> {
        let checks: [Result<(), ClientError>; 9] = [
            client_name(&self.name).map(drop),
            bounded_text(Field::Address, &self.address, MAX_LONG_TEXT)
                .map(drop)
                .map_err(ClientError::from),
            self.parse_email().map(drop),
            bounded_text(Field::Phone, &self.phone, MAX_SHORT_TEXT)
                .map(drop)
                .map_err(ClientError::from),
            self.parse_tax_id().map(drop),
            Country::parse(&self.country)
                .map(drop)
                .map_err(ClientError::from),
            self.parse_kind().map(drop),
            self.terms.parse().map(drop).map_err(ClientError::from),
            bounded_text(Field::Notes, &self.notes, MAX_LONG_TEXT)
                .map(drop)
                .map_err(ClientError::from),
        ];
        checks.into_iter().filter_map(Result::err).collect()
    }

    fn parse_kind(&self) -> Result<ClientKind, ClientError> {
        match self.kind.trim() {
            "" => Err(FieldError::Missing {
                field: Field::ClientKind,
            }
            .into()),
            code => ClientKind::from_code(code).ok_or_else(|| {
                FieldError::UnknownChoice {
                    field: Field::ClientKind,
                    text: code.to_string(),
                }
                .into()
            }),
        }
    }

    fn parse_email(&self) -> Result<Option<Email>, ClientError> {
        if self.email.trim().is_empty() {
            Ok(None)
        } else {
            Email::parse(&self.email).map(Some)
        }
    }

    fn parse_tax_id(&self) -> Result<Option<TaxId>, ClientError> {
        if self.tax_id.trim().is_empty() {
            Ok(None)
        } else {
            TaxId::parse(&self.tax_id).map(Some)
        }
    }
}

/// Why client data was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    Field(FieldError),
    Terms(TermsError),
    Party(PartyError),
    Email { text: String },
    TaxId { text: String, problem: TaxIdProblem },
}

impl ClientError {
    /// The form field the error is about.
    pub fn field(&self) -> Field {
        match self {
            ClientError::Field(error)
            | ClientError::Terms(TermsError::Field(error))
            | ClientError::Party(PartyError::Field(error)) => error.field(),
            ClientError::Terms(TermsError::DueDateOutOfCalendar { .. }) => Field::TermsDays,
            ClientError::Party(PartyError::Country { .. }) => Field::Country,
            ClientError::Email { .. } => Field::Email,
            ClientError::TaxId { .. } => Field::TaxId,
        }
    }
}

impl From<FieldError> for ClientError {
    fn from(error: FieldError) -> ClientError {
        ClientError::Field(error)
    }
}

impl From<TermsError> for ClientError {
    fn from(error: TermsError) -> ClientError {
        ClientError::Terms(error)
    }
}

impl From<PartyError> for ClientError {
    fn from(error: PartyError) -> ClientError {
        ClientError::Party(error)
    }
}

impl Describe for ClientError {
    fn describe(&self, lang: Lang) -> String {
        use TaxIdProblem::*;
        match (self, lang) {
            (ClientError::Field(error), _) => error.describe(lang),
            (ClientError::Terms(error), _) => error.describe(lang),
            (ClientError::Party(error), _) => error.describe(lang),
            (ClientError::Email { text }, Lang::Fr) => format!(
                "Adresse e-mail : « {text} » n'est pas une adresse valide (par exemple compta@exemple.fr)."
            ),
            (ClientError::Email { text }, Lang::En) => format!(
                "E-mail address: “{text}” is not a valid address (for example accounts@example.com)."
            ),
            (ClientError::TaxId { text, problem }, Lang::Fr) => match problem {
                Unrecognised => format!(
                    "« {text} » n'est ni un SIREN (9 chiffres), ni un SIRET (14 chiffres), ni un numéro de TVA (deux lettres de pays puis 2 à 13 lettres ou chiffres)."
                ),
                BadChecksum => format!(
                    "« {text} » contient une faute de frappe : la clé de contrôle ne correspond pas."
                ),
                BadFrenchVatFormat => format!(
                    "« {text} » n'est pas un numéro de TVA français : attendu FR, deux caractères de clé, puis les 9 chiffres du SIREN."
                ),
                BadFrenchVatKey => {
                    format!("« {text} » : la clé du numéro de TVA ne correspond pas au SIREN.")
                }
            },
            (ClientError::TaxId { text, problem }, Lang::En) => match problem {
                Unrecognised => format!(
                    "“{text}” is neither a SIREN (9 digits), a SIRET (14 digits) nor a VAT number (a two-letter country prefix, then 2 to 13 letters or digits)."
                ),
                BadChecksum => format!("“{text}” has a typo: its check digit does not match."),
                BadFrenchVatFormat => format!(
                    "“{text}” is not a French VAT number: expected FR, two key characters, then the 9-digit SIREN."
                ),
                BadFrenchVatKey => {
                    format!("“{text}”: the key of the VAT number does not match the SIREN.")
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn accepts(text: &str, expected: TaxId) {
        assert_eq!(TaxId::parse(text), Ok(expected), "{text:?}");
    }

    #[track_caller]
    fn refuses(text: &str, expected: TaxIdProblem) {
        match TaxId::parse(text) {
            Err(ClientError::TaxId { problem, .. }) => assert_eq!(problem, expected, "{text:?}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }

    #[test]
    fn siren_siret_and_vat_numbers_are_checked() {
        accepts("732 829 320", TaxId::Siren("732829320".into()));
        accepts("404 833 048", TaxId::Siren("404833048".into()));
        refuses("732 829 321", TaxIdProblem::BadChecksum);
        accepts("732 829 320 00074", TaxId::Siret("73282932000074".into()));
        refuses("732 829 320 00075", TaxIdProblem::BadChecksum);
        // La Poste: digit sum divisible by 5, not Luhn; the head office is Luhn-valid.
        accepts("356 000 000 49837", TaxId::Siret("35600000049837".into()));
        refuses("356 000 000 49838", TaxIdProblem::BadChecksum);
        accepts("356 000 000 00048", TaxId::Siret("35600000000048".into()));
        refuses("356 000 000 00055", TaxIdProblem::BadChecksum);
        // French VAT: key = (12 + 3 × (SIREN mod 97)) mod 97.
        accepts("FR 44 732 829 320", TaxId::Vat("FR44732829320".into()));
        accepts("fr44732829320", TaxId::Vat("FR44732829320".into()));
        refuses("FR 45 732 829 320", TaxIdProblem::BadFrenchVatKey);
        refuses("FR 44 732 829 321", TaxIdProblem::BadChecksum);
        refuses("FR 44 732 829", TaxIdProblem::BadFrenchVatFormat);
        accepts("FRAB732829320", TaxId::Vat("FRAB732829320".into()));
        accepts("DE 123456789", TaxId::Vat("DE123456789".into()));
        accepts("GB 123 4567 89", TaxId::Vat("GB123456789".into()));
        refuses("DE1", TaxIdProblem::Unrecognised);
        refuses("12345", TaxIdProblem::Unrecognised);
        refuses("é", TaxIdProblem::Unrecognised);
        assert!(matches!(TaxId::parse("  "), Err(ClientError::Field(_))));
    }

    #[test]
    fn e_mail_addresses_are_loosely_checked() {
        assert!(Email::parse(" compta@exemple.fr ").is_ok());
        for bad in [
            "compta",
            "@exemple.fr",
            "a@b",
            "a b@c.fr",
            "a@.fr",
            "a@b.",
            "a@b@c.fr",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_draft_lists_every_field_problem_at_once_each_naming_its_field() {
        let good = ClientDraft {
            name: "Atelier Dupont".into(),
            country: "FR".into(),
            kind: "business".into(),
            terms: TermsDraft::from_terms(PaymentTerms::default()),
            ..ClientDraft::default()
        };
        assert_eq!(good.problems(), Vec::new());
        let bad = ClientDraft {
            name: "x".repeat(10_000),
            address: "a".repeat(4_001),
            email: "compta".into(),
            phone: "☎".repeat(201),
            tax_id: "123456789".into(),
            country: "France".into(),
            kind: "alien".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "abc".into(),
                ..TermsDraft::default()
            },
            notes: "n".repeat(4_001),
        };
        let fields: Vec<Field> = bad.problems().iter().map(ClientError::field).collect();
        assert_eq!(
            fields,
            [
                Field::ClientName,
                Field::Address,
                Field::Email,
                Field::Phone,
                Field::TaxId,
                Field::Country,
                Field::ClientKind,
                Field::TermsDays,
                Field::Notes,
            ]
        );
        // The parser's one error is among them, and a blank draft misses what is required.
        assert!(
            bad.parse()
                .is_err_and(|error| bad.problems().contains(&error))
        );
        let blank: Vec<Field> = ClientDraft::default()
            .problems()
            .iter()
            .map(ClientError::field)
            .collect();
        assert_eq!(
            blank,
            [
                Field::ClientName,
                Field::Country,
                Field::ClientKind,
                Field::TermsKind
            ]
        );
        assert_eq!(
            ClientError::Party(PartyError::Country { text: "F1".into() }).field(),
            Field::Country
        );
    }

    #[test]
    fn a_client_draft_parses_or_says_which_field_is_wrong() {
        let draft = ClientDraft {
            name: " Atelier Dupont ".into(),
            email: "compta@dupont.fr".into(),
            tax_id: "732 829 320".into(),
            country: "fr".into(),
            kind: "business".into(),
            terms: TermsDraft {
                kind: "net".into(),
                days: "30".into(),
                ..TermsDraft::default()
            },
            ..ClientDraft::default()
        };
        let details = draft.parse();
        assert!(details.is_ok(), "{details:?}");
        if let Ok(details) = details {
            assert_eq!(details.name(), "Atelier Dupont");
            assert_eq!(details.country(), Country::FR);
            assert_eq!(ClientDraft::from_details(&details).parse(), Ok(details));
        }
        let nameless = ClientDraft {
            name: "  ".into(),
            ..draft.clone()
        };
        assert_eq!(
            nameless.parse(),
            Err(ClientError::Field(FieldError::Missing {
                field: Field::ClientName
            }))
        );
        let bad_kind = ClientDraft {
            kind: "alien".into(),
            ..draft.clone()
        };
        assert!(bad_kind.parse().is_err());
        let bad_siren = ClientDraft {
            tax_id: "123456789".into(),
            ..draft
        };
        let error = bad_siren.parse().err();
        assert!(
            error.is_some_and(|error| error.describe(Lang::Fr).contains("123456789")
                && error.describe(Lang::En).contains("check digit"))
        );
    }

    /// Version `n` (0, 1, 2) of one client, written field by field: a field added to the
    /// details does not compile here until it has a value in each version, and then
    /// [`every_part_of_a_client_is_merged`] checks the merge takes it.
    fn version(n: usize) -> ClientDetails {
        let pick = |values: [&str; 3]| values[n].to_string();
        ClientDetails {
            name: pick(["Dupont SARL", "Dupont SAS", "Dupont & fils"]),
            address: pick(["", "1 rue de la Paix, Paris", "2 quai Nord, Lyon"]),
            email: [
                None,
                Email::parse("a@dupont.fr").ok(),
                Email::parse("b@dupont.fr").ok(),
            ][n]
                .clone(),
            phone: pick(["", "01 02 03 04 05", "+33 6 00 00 00 00"]),
            tax_id: [
                None,
                TaxId::parse("732 829 320").ok(),
                TaxId::parse("FR44732829320").ok(),
            ][n]
                .clone(),
            country: [Country::FR, Country::DE, Country::GB][n],
            kind: [
                ClientKind::Business,
                ClientKind::Consumer,
                ClientKind::PublicBody,
            ][n],
            default_terms: [
                PaymentTerms::default(),
                PaymentTerms::on_receipt(),
                PaymentTerms::new(super::super::terms::DueRule::Net { days: 60 }, None).unwrap(),
            ][n],
            notes: pick(["", "paie en retard", "contact : Mme Martin"]),
            // Not a part: no form changes it, the merge keeps the stored one (tested below).
            demo: false,
        }
    }

    #[test]
    fn an_edited_demo_client_stays_a_demo_client() {
        let base = version(0).with_demo(true);
        // The form's details come from a draft, which knows nothing of the demo.
        let mine = version(1);
        let merged = ClientDetails::merge(&base, &mine, &base);
        assert!(merged.is_ok_and(|merged| merged.is_demo() && merged.name == "Dupont SAS"));
    }

    #[test]
    fn every_part_of_a_client_is_merged() {
        let (base, mine, theirs) = (version(0), version(1), version(2));
        for part in ClientPart::ALL {
            assert!(
                !base.same(&mine, part) && !mine.same(&theirs, part),
                "{part:?}"
            );
        }
        let merge = ClientDetails::merge;
        assert_eq!(merge(&base, &mine, &base), Ok(mine.clone()));
        assert_eq!(merge(&base, &base, &theirs), Ok(theirs.clone()));
        assert_eq!(merge(&base, &mine, &mine), Ok(mine.clone()));
        let conflict = merge(&base, &mine, &theirs).unwrap_err();
        assert_eq!(conflict.parts, ClientPart::ALL);
        assert_eq!(conflict.theirs, theirs);
        // Each side's change to another part is kept; the same part changed differently is
        // reported, and after "keep mine" it is mine.
        for mine_part in ClientPart::ALL {
            for their_part in ClientPart::ALL {
                let mut mine = base.clone();
                mine.take(&version(1), mine_part);
                let mut theirs = base.clone();
                theirs.take(&version(2), their_part);
                match merge(&base, &mine, &theirs) {
                    Ok(merged) => {
                        assert_ne!(mine_part, their_part);
                        let mut both = theirs.clone();
                        both.take(&mine, mine_part);
                        assert_eq!(merged, both);
                    }
                    Err(conflict) => {
                        assert_eq!(conflict.parts, [mine_part]);
                        assert_eq!(mine_part, their_part);
                        let seen = edit::rebased(&base, &theirs, &conflict.parts);
                        assert_eq!(merge(&seen, &mine, &theirs), Ok(mine.clone()));
                    }
                }
            }
        }
        let labels: std::collections::BTreeSet<String> = ClientPart::ALL
            .into_iter()
            .map(|part| format!("{:?}", part.field()))
            .collect();
        assert_eq!(labels.len(), ClientPart::ALL.len());
    }
}
