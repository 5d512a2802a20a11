//! Why a stored ledger cannot be read ([`ReadError`], [`DecodeError`]): each error names the
//! document, and where it applies the record, the field and the value at fault, in a sentence
//! in French or in English.

use super::layout::{FORMAT, VERSION};
use crate::domain::client::ClientError;
use crate::domain::field::FieldError;
use crate::domain::invoice::InvoiceError;
use crate::domain::plan::PlanError;
use crate::domain::terms::TermsError;
use crate::domain::{Currency, LedgerError};
use crate::i18n::{Describe, Lang};

/// Why a stored ledger cannot be read as this version: it is newer, or it is damaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Written by a newer Relance (`found` > [`VERSION`]).
    FromTheFuture {
        found: u64,
    },
    Unreadable(DecodeError),
}

impl From<DecodeError> for ReadError {
    fn from(error: DecodeError) -> ReadError {
        ReadError::Unreadable(error)
    }
}

/// A stored record, named the way the user knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Client {
        id: Option<u64>,
        name: String,
    },
    Invoice {
        id: Option<u64>,
        number: String,
    },
    Payment {
        id: Option<u64>,
        invoice: String,
    },
    Adjustment {
        id: Option<u64>,
        invoice: String,
    },
    /// `about`: the invoice number (a contact stored in an invoice) or the client's name.
    Contact {
        id: Option<u64>,
        about: String,
    },
    Plan {
        id: Option<u64>,
        invoice: String,
    },
}

fn quoted(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("« {text} »"),
        Lang::En => format!("“{text}”"),
    }
}

fn label_or_id(label: &str, id: Option<u64>, lang: Lang) -> String {
    match (label.is_empty(), id, lang) {
        (false, _, _) => quoted(label, lang),
        (true, Some(id), _) => format!("#{id}"),
        (true, None, Lang::Fr) => "sans identifiant".to_string(),
        (true, None, Lang::En) => "without an id".to_string(),
    }
}

fn id_text(id: Option<u64>) -> String {
    id.map(|id| format!(" #{id}")).unwrap_or_default()
}

impl Describe for Record {
    fn describe(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Record::Client { id, name } if fr => {
                format!("le client {}", label_or_id(name, *id, lang))
            }
            Record::Client { id, name } => format!("the client {}", label_or_id(name, *id, lang)),
            Record::Invoice { id, number } if fr => {
                format!("la facture {}", label_or_id(number, *id, lang))
            }
            Record::Invoice { id, number } => {
                format!("the invoice {}", label_or_id(number, *id, lang))
            }
            Record::Payment { id, invoice } if fr => format!(
                "le paiement{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Payment { id, invoice } => format!(
                "the payment{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Adjustment { id, invoice } if fr => format!(
                "l'avoir{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Adjustment { id, invoice } => format!(
                "the credit note{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Contact { id, about } if fr => {
                format!("l'échange{} ({})", id_text(*id), quoted(about, lang))
            }
            Record::Contact { id, about } => {
                format!(
                    "the contact entry{} ({})",
                    id_text(*id),
                    quoted(about, lang)
                )
            }
            Record::Plan { id, invoice } if fr => format!(
                "l'échéancier{} de la facture {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
            Record::Plan { id, invoice } => format!(
                "the payment plan{} of invoice {}",
                id_text(*id),
                quoted(invoice, lang)
            ),
        }
    }
}

/// A stored field, by its short name (see the table in the documentation of `schema`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredField {
    Id,
    Name,
    TaxId,
    Country,
    ClientKind,
    Terms,
    DiscountRate,
    DiscountDays,
    Number,
    Client,
    Status,
    IssueDate,
    DeliveryDate,
    DueDate,
    Currency,
    Gross,
    Net,
    TaxRate,
    Penalty,
    PenaltyRate,
    Compensation,
    Date,
    Amount,
    Method,
    AdjustmentKind,
    Channel,
    Step,
    LinkedInvoices,
    AgreedOn,
    FirstDue,
    Count,
    Period,
    Balance,
}

impl StoredField {
    /// The field's short name in stored objects (rows hold the same fields by position, see
    /// the documentation of `schema`).
    pub fn key(self) -> &'static str {
        use StoredField::*;
        match self {
            Id => "i",
            Name | Number | Count => "n",
            TaxId => "x",
            Country => "c",
            ClientKind | Client | AdjustmentKind => "k",
            Terms => "t",
            DiscountRate => "y.p",
            DiscountDays => "y.d",
            Status => "s",
            IssueDate | Date => "d",
            DeliveryDate => "l",
            DueDate => "u",
            Currency => "cur",
            Gross => "g",
            Net => "e",
            TaxRate => "r",
            Penalty => "q",
            PenaltyRate => "qr",
            Compensation => "qc",
            Amount | AgreedOn => "a",
            Method => "m",
            Channel => "h",
            Step => "st",
            LinkedInvoices => "v",
            FirstDue => "f",
            Period => "w",
            Balance => "b",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        use StoredField::*;
        let (fr, en) = match self {
            Id => ("identifiant", "id"),
            Name => ("nom", "name"),
            TaxId => ("SIREN, SIRET ou n° de TVA", "SIREN, SIRET or VAT number"),
            Country => ("pays", "country"),
            ClientKind => ("type de client", "client type"),
            Terms => ("conditions de paiement", "payment terms"),
            DiscountRate => ("taux d'escompte", "discount rate"),
            DiscountDays => ("délai d'escompte", "discount period"),
            Number => ("numéro", "number"),
            Client => ("client", "client"),
            Status => ("statut", "status"),
            IssueDate => ("date d'émission", "issue date"),
            DeliveryDate => ("date de livraison", "delivery date"),
            DueDate => ("date d'échéance", "due date"),
            Currency => ("devise", "currency"),
            Gross => ("montant TTC", "amount including tax"),
            Net => ("montant HT", "amount excluding tax"),
            TaxRate => ("taux de TVA", "tax rate"),
            Penalty => ("pénalités de retard", "late-payment penalties"),
            PenaltyRate => ("taux des pénalités", "penalty rate"),
            Compensation => ("indemnité forfaitaire", "fixed compensation"),
            Date => ("date", "date"),
            Amount => ("montant", "amount"),
            Method => ("moyen de paiement", "payment method"),
            AdjustmentKind => ("type d'avoir", "credit note type"),
            Channel => ("canal", "channel"),
            Step => ("étape de relance", "dunning step"),
            LinkedInvoices => ("factures liées", "linked invoices"),
            AgreedOn => ("date de l'accord", "agreement date"),
            FirstDue => ("première échéance", "first installment"),
            Count => ("nombre d'échéances", "number of installments"),
            Period => ("périodicité", "frequency"),
            Balance => ("solde échelonné", "balance split"),
        };
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// What is wrong with a stored value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    NotADate,
    NotADecimal,
    /// More decimals than the currency has: reading it would round, so it is refused.
    TooManyDecimals {
        currency: Currency,
    },
    /// Not one of the codes this version writes.
    UnknownCode,
    /// A relative id that gives no id (below 0 or beyond 2^64 − 1).
    NotAnId,
    /// Both amounts are stored and neither follows from the other with the tax rate.
    AmountsDisagree,
}

/// A domain rule refused a stored record (the same rules as the forms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    Client(ClientError),
    Invoice(InvoiceError),
    Field(FieldError),
    Terms(TermsError),
    Plan(PlanError),
}

impl Describe for RecordError {
    fn describe(&self, lang: Lang) -> String {
        match self {
            RecordError::Client(error) => error.describe(lang),
            RecordError::Invoice(error) => error.describe(lang),
            RecordError::Field(error) => error.describe(lang),
            RecordError::Terms(error) => error.describe(lang),
            RecordError::Plan(error) => error.describe(lang),
        }
    }
}

/// Where a record is: its shard and the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub shard: String,
    pub record: Record,
}

/// Why the stored ledger cannot be read. Each names the document, and where it applies the
/// record, the field and the value at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The manifest is not JSON, or not of the manifest's shape.
    Manifest {
        detail: String,
    },
    /// The manifest's `format` is not `relance-ledger`.
    NotALedger {
        format: String,
    },
    /// A version that never existed (0, or missing).
    UnknownVersion {
        found: u64,
    },
    UnknownShard {
        name: String,
    },
    DuplicateShard {
        shard: String,
    },
    MissingShard {
        shard: String,
    },
    /// A shard key that is not under `relance.ledger.<shard>.`, or listed twice.
    BadShardKey {
        shard: String,
        key: String,
    },
    /// The manifest lists a key that holds nothing.
    ShardMissing {
        shard: String,
        key: String,
    },
    /// No manifest, but parts of a ledger are stored (`parts` keys under `relance.ledger.`,
    /// the first of them `first`): its table of contents was erased outside Relance, or a
    /// first save could not clean up after itself. Never taken for a first visit.
    ManifestMissing {
        parts: u64,
        first: String,
    },
    Checksum {
        shard: String,
        key: String,
        expected: String,
        found: String,
    },
    ShardJson {
        shard: String,
        key: String,
        detail: String,
    },
    /// The document under a shard's key says it is another shard, or of another version.
    ShardHeader {
        shard: String,
        key: String,
        found_shard: String,
        found_version: u64,
    },
    RecordCount {
        shard: String,
        expected: u64,
        found: u64,
    },
    Field {
        shard: String,
        record: Record,
        field: StoredField,
        value: String,
        problem: FieldProblem,
    },
    Invalid {
        shard: String,
        record: Record,
        error: Box<RecordError>,
    },
    /// The records are each valid but do not fit together (an invoice of an unknown client,
    /// an id used twice…). `records`: the ones involved, where they could be found.
    Inconsistent {
        error: Box<LedgerError>,
        records: Vec<Located>,
    },
}

fn shard_words(shard: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("la partie {}", quoted(shard, lang)),
        Lang::En => format!("the part {}", quoted(shard, lang)),
    }
}

fn problem_words(problem: &FieldProblem, lang: Lang) -> String {
    match (problem, lang) {
        (FieldProblem::Missing, Lang::Fr) => "manque".to_string(),
        (FieldProblem::Missing, Lang::En) => "is missing".to_string(),
        (FieldProblem::NotADate, Lang::Fr) => "n'est pas une date AAAA-MM-JJ valide".to_string(),
        (FieldProblem::NotADate, Lang::En) => "is not a valid YYYY-MM-DD date".to_string(),
        (FieldProblem::NotADecimal, Lang::Fr) => {
            "n'est pas un nombre décimal (chiffres et point)".to_string()
        }
        (FieldProblem::NotADecimal, Lang::En) => {
            "is not a decimal number (digits and a point)".to_string()
        }
        (FieldProblem::TooManyDecimals { currency }, Lang::Fr) => format!(
            "a plus de décimales que la devise {currency} n'en a ({})",
            currency.minor_units()
        ),
        (FieldProblem::TooManyDecimals { currency }, Lang::En) => format!(
            "has more decimals than the currency {currency} has ({})",
            currency.minor_units()
        ),
        (FieldProblem::UnknownCode, Lang::Fr) => {
            "n'est pas une valeur que Relance connaît".to_string()
        }
        (FieldProblem::UnknownCode, Lang::En) => "is not a value Relance knows".to_string(),
        (FieldProblem::NotAnId, Lang::Fr) => {
            "ne donne pas un identifiant valide (relatif à celui de la facture)".to_string()
        }
        (FieldProblem::NotAnId, Lang::En) => {
            "does not give a valid id (relative to the invoice's)".to_string()
        }
        (FieldProblem::AmountsDisagree, Lang::Fr) => {
            "ne correspond pas à l'autre montant et au taux de TVA".to_string()
        }
        (FieldProblem::AmountsDisagree, Lang::En) => {
            "does not agree with the other amount and the tax rate".to_string()
        }
    }
}

impl Describe for DecodeError {
    fn describe(&self, lang: Lang) -> String {
        use DecodeError::*;
        let fr = lang == Lang::Fr;
        match self {
            Manifest { detail } if fr => format!(
                "Le sommaire du registre (clé relance.ledger) n'est pas lisible{}.",
                if detail.is_empty() {
                    " : il est vide".to_string()
                } else {
                    format!(" : {detail}")
                }
            ),
            Manifest { detail } => format!(
                "The ledger's table of contents (key relance.ledger) cannot be read{}.",
                if detail.is_empty() {
                    ": it is empty".to_string()
                } else {
                    format!(": {detail}")
                }
            ),
            NotALedger { format } if fr => format!(
                "La clé relance.ledger ne contient pas un registre Relance (format {} au lieu de « {FORMAT} »).",
                quoted(format, lang)
            ),
            NotALedger { format } => format!(
                "The key relance.ledger does not hold a Relance ledger (format {} instead of “{FORMAT}”).",
                quoted(format, lang)
            ),
            UnknownVersion { found } if fr => {
                format!("Le registre enregistré porte la version {found}, qui n'a jamais existé.")
            }
            UnknownVersion { found } => {
                format!("The stored ledger says it is version {found}, which never existed.")
            }
            UnknownShard { name } if fr => format!(
                "Le sommaire du registre cite une partie inconnue, {}.",
                quoted(name, lang)
            ),
            UnknownShard { name } => format!(
                "The ledger's table of contents lists an unknown part, {}.",
                quoted(name, lang)
            ),
            DuplicateShard { shard } if fr => format!(
                "Le sommaire du registre cite deux fois {}.",
                shard_words(shard, lang)
            ),
            DuplicateShard { shard } => format!(
                "The ledger's table of contents lists {} twice.",
                shard_words(shard, lang)
            ),
            MissingShard { shard } if fr => format!(
                "Le sommaire du registre ne dit pas où est {}.",
                shard_words(shard, lang)
            ),
            MissingShard { shard } => format!(
                "The ledger's table of contents does not say where {} is.",
                shard_words(shard, lang)
            ),
            BadShardKey { shard, key } if fr => format!(
                "Le sommaire du registre range {} sous une clé qui ne lui revient pas : {key}.",
                shard_words(shard, lang)
            ),
            BadShardKey { shard, key } => format!(
                "The ledger's table of contents puts {} under a key that is not its own: {key}.",
                shard_words(shard, lang)
            ),
            ManifestMissing { parts, first } if fr => format!(
                "Le sommaire du registre (clé relance.ledger) manque, mais {parts} partie{} du registre {} enregistrée{} (par exemple {first}).",
                if *parts > 1 { "s" } else { "" },
                if *parts > 1 { "sont" } else { "est" },
                if *parts > 1 { "s" } else { "" },
            ),
            ManifestMissing { parts, first } => format!(
                "The ledger's table of contents (key relance.ledger) is missing, but {parts} part{} of the ledger {} stored (for example {first}).",
                if *parts > 1 { "s" } else { "" },
                if *parts > 1 { "are" } else { "is" },
            ),
            ShardMissing { shard, key } if fr => format!(
                "{} du registre manque : la clé {key} est vide ou a été effacée.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardMissing { shard, key } => format!(
                "{} of the ledger is missing: the key {key} is empty or was erased.",
                capitalised(&shard_words(shard, lang))
            ),
            Checksum {
                shard,
                key,
                expected,
                found,
            } if fr => format!(
                "{} du registre (clé {key}) a été modifiée ou abîmée : sa somme de contrôle est {found}, le sommaire attend {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            Checksum {
                shard,
                key,
                expected,
                found,
            } => format!(
                "{} of the ledger (key {key}) was changed or damaged: its checksum is {found}, the table of contents expects {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardJson { shard, key, detail } if fr => format!(
                "{} du registre (clé {key}) n'est pas lisible : {detail}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardJson { shard, key, detail } => format!(
                "{} of the ledger (key {key}) cannot be read: {detail}.",
                capitalised(&shard_words(shard, lang))
            ),
            ShardHeader {
                shard,
                key,
                found_shard,
                found_version,
            } if fr => format!(
                "La clé {key} devrait contenir {} en version {VERSION}, elle contient la partie {} en version {found_version}.",
                shard_words(shard, lang),
                quoted(found_shard, lang)
            ),
            ShardHeader {
                shard,
                key,
                found_shard,
                found_version,
            } => format!(
                "The key {key} should hold {} in version {VERSION}; it holds the part {} in version {found_version}.",
                shard_words(shard, lang),
                quoted(found_shard, lang)
            ),
            RecordCount {
                shard,
                expected,
                found,
            } if fr => format!(
                "{} du registre contient {found} enregistrements, le sommaire en annonce {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            RecordCount {
                shard,
                expected,
                found,
            } => format!(
                "{} of the ledger holds {found} records; the table of contents announces {expected}.",
                capitalised(&shard_words(shard, lang))
            ),
            Field {
                shard,
                record,
                field,
                value,
                problem,
            } if fr => format!(
                "Dans {}, {} : le champ « {} » {} — valeur enregistrée : {}.",
                shard_words(shard, lang),
                record.describe(lang),
                field.label(lang),
                problem_words(problem, lang),
                quoted(value, lang)
            ),
            Field {
                shard,
                record,
                field,
                value,
                problem,
            } => format!(
                "In {}, {}: the field “{}” {} — stored value: {}.",
                shard_words(shard, lang),
                record.describe(lang),
                field.label(lang),
                problem_words(problem, lang),
                quoted(value, lang)
            ),
            Invalid {
                shard,
                record,
                error,
            } if fr => format!(
                "Dans {}, {} est refusé{} : {}",
                shard_words(shard, lang),
                record.describe(lang),
                if matches!(record, Record::Invoice { .. }) {
                    "e"
                } else {
                    ""
                },
                error.describe(lang)
            ),
            Invalid {
                shard,
                record,
                error,
            } => format!(
                "In {}, {} is refused: {}",
                shard_words(shard, lang),
                record.describe(lang),
                error.describe(lang)
            ),
            Inconsistent { error, records } => {
                let involved: Vec<String> = records
                    .iter()
                    .map(|located| {
                        format!(
                            "{} ({})",
                            located.record.describe(lang),
                            shard_words(&located.shard, lang)
                        )
                    })
                    .collect();
                let involved = if involved.is_empty() {
                    String::new()
                } else if fr {
                    format!(" En cause : {}.", involved.join(", "))
                } else {
                    format!(" Involved: {}.", involved.join(", "))
                };
                if fr {
                    format!(
                        "Les enregistrements du registre ne concordent pas : {}{involved}",
                        error.describe(lang)
                    )
                } else {
                    format!(
                        "The ledger's records do not fit together: {}{involved}",
                        error.describe(lang)
                    )
                }
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
