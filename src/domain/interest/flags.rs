//! Flags: what a result needs the reader to know (a rate not yet published, a contract rate
//! below the legal floor…). Each has a stable kind for the UI (`data-kind`), the CSV and the
//! letters, and says itself in French and English.

use chrono::NaiveDate;

use super::rate::{HalfYear, Rate};
use super::tables::TableId;
use crate::domain::money::{Currency, Money};
use crate::format;
use crate::i18n::{Describe, Lang};

/// The stable kinds of flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagKind {
    RateNotPublished,
    ContractRateBelowFloor,
    BeforeFixedRateTenders,
    RateUnverified,
    RateUserEntered,
    CompensationCurrency,
    PaymentAfterEndDate,
    Overpayment,
    FormalNoticeDateMissing,
}

impl FlagKind {
    pub const ALL: [FlagKind; 9] = [
        FlagKind::RateNotPublished,
        FlagKind::ContractRateBelowFloor,
        FlagKind::BeforeFixedRateTenders,
        FlagKind::RateUnverified,
        FlagKind::RateUserEntered,
        FlagKind::CompensationCurrency,
        FlagKind::PaymentAfterEndDate,
        FlagKind::Overpayment,
        FlagKind::FormalNoticeDateMissing,
    ];

    /// The `data-kind` value.
    pub fn id(self) -> &'static str {
        match self {
            FlagKind::RateNotPublished => "rate-not-published",
            FlagKind::ContractRateBelowFloor => "contract-rate-below-floor",
            FlagKind::BeforeFixedRateTenders => "before-fixed-rate-tenders",
            FlagKind::RateUnverified => "rate-unverified",
            FlagKind::RateUserEntered => "rate-user-entered",
            FlagKind::CompensationCurrency => "compensation-currency",
            FlagKind::PaymentAfterEndDate => "payment-after-end-date",
            FlagKind::Overpayment => "overpayment",
            FlagKind::FormalNoticeDateMissing => "formal-notice-date-missing",
        }
    }
}

/// A flag with the data its sentence needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flag {
    /// A period needed a rate past what the table holds: the last known rate was used.
    RateNotPublished {
        table: TableId,
        /// The day the rate was needed on (1 January / 1 July, or the UK reference date).
        needed_on: NaiveDate,
        /// The rate used in its place (the table's, before any margin).
        used: Rate,
        /// The date the rate used took effect.
        used_from: NaiveDate,
    },
    /// `fr-b2b-contract`: the contract rate is below 3 × the legal rate (all other cases) in
    /// force on the first day of interest (art. L441-10 Code de commerce).
    ContractRateBelowFloor {
        contract_rate: Rate,
        legal_rate: Rate,
        floor: Rate,
        half_year: HalfYear,
        /// `false` when the legal rate of that half-year is not published and the last known
        /// one was compared (a `rate-not-published` flag says so too).
        legal_rate_published: bool,
    },
    /// An ECB-based period read the rate during the variable-rate tenders (28 June 2000 to
    /// 14 October 2008): the table holds the minimum bid rate, the law refers to the marginal
    /// rate of the most recent operation, usually a few hundredths higher.
    BeforeFixedRateTenders { first_needed_on: NaiveDate },
    /// A rate used was found only in secondary sources (status `added` in the CSV).
    RateUnverified {
        table: TableId,
        effective_from: NaiveDate,
        rate: Rate,
        source: String,
    },
    /// A rate used was entered by the user (Settings → Published rates).
    RateUserEntered {
        table: TableId,
        effective_from: NaiveDate,
        rate: Rate,
    },
    /// The statute writes the compensation in `statutory` (40 €, £40…): the same figure was
    /// charged in the invoice's currency; converting it is up to the user.
    CompensationCurrency { statutory: Currency, charged: Money },
    /// A payment dated after the end date was left out of this simulation.
    PaymentAfterEndDate { date: NaiveDate, amount: Money },
    /// Payments exceed everything owed; `unapplied` is the excess.
    Overpayment { unapplied: Money },
    /// `fr-legal` without a first day of interest: legal interest runs from the formal notice
    /// (art. 1231-6 Code civil), so the day after the due date was used and may claim too much.
    FormalNoticeDateMissing { used_from: NaiveDate },
}

impl Flag {
    pub fn kind(&self) -> FlagKind {
        match self {
            Flag::RateNotPublished { .. } => FlagKind::RateNotPublished,
            Flag::ContractRateBelowFloor { .. } => FlagKind::ContractRateBelowFloor,
            Flag::BeforeFixedRateTenders { .. } => FlagKind::BeforeFixedRateTenders,
            Flag::RateUnverified { .. } => FlagKind::RateUnverified,
            Flag::RateUserEntered { .. } => FlagKind::RateUserEntered,
            Flag::CompensationCurrency { .. } => FlagKind::CompensationCurrency,
            Flag::PaymentAfterEndDate { .. } => FlagKind::PaymentAfterEndDate,
            Flag::Overpayment { .. } => FlagKind::Overpayment,
            Flag::FormalNoticeDateMissing { .. } => FlagKind::FormalNoticeDateMissing,
        }
    }
}

/// What was needed, for the "not yet published" sentence.
fn needed(table: TableId, needed_on: NaiveDate, lang: Lang) -> String {
    let name = table.name(lang);
    if table.is_half_yearly() {
        let half_year = HalfYear::containing(needed_on).display(lang);
        match lang {
            Lang::Fr => format!("Le {name} du {half_year}"),
            Lang::En => format!("The {name} for the {half_year}"),
        }
    } else {
        let date = format::date_long(needed_on, lang);
        match lang {
            Lang::Fr => format!("Le {name} en vigueur le {date}"),
            Lang::En => format!("The {name} in force on {date}"),
        }
    }
}

impl Describe for Flag {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Flag::RateNotPublished {
                    table,
                    needed_on,
                    used,
                    used_from,
                },
                Lang::Fr,
            ) => format!(
                "{} n'est pas encore publié dans Relance : le dernier taux connu ({}, en vigueur depuis le {}) a été utilisé. Ajoutez le taux publié dans Réglages → Taux publiés.",
                needed(*table, *needed_on, lang),
                used.display(lang),
                format::date_long(*used_from, lang)
            ),
            (
                Flag::RateNotPublished {
                    table,
                    needed_on,
                    used,
                    used_from,
                },
                Lang::En,
            ) => format!(
                "{} is not yet published in Relance: the last known rate ({}, in force since {}) was used. Add the published rate in Settings → Published rates.",
                needed(*table, *needed_on, lang),
                used.display(lang),
                format::date_long(*used_from, lang)
            ),
            (
                Flag::ContractRateBelowFloor {
                    contract_rate,
                    legal_rate,
                    floor,
                    half_year,
                    legal_rate_published,
                },
                Lang::Fr,
            ) => format!(
                "Le taux du contrat ({}) est inférieur au minimum légal de trois fois le taux de l'intérêt légal ({} × 3 = {}, {}{}) : article L441-10 du Code de commerce.",
                contract_rate.display(lang),
                legal_rate.display(lang),
                floor.display(lang),
                half_year.display(lang),
                if *legal_rate_published {
                    ""
                } else {
                    ", dernier taux connu"
                }
            ),
            (
                Flag::ContractRateBelowFloor {
                    contract_rate,
                    legal_rate,
                    floor,
                    half_year,
                    legal_rate_published,
                },
                Lang::En,
            ) => format!(
                "The contract rate ({}) is below the legal minimum of three times the legal interest rate ({} × 3 = {}, {}{}): French Commercial Code, article L441-10.",
                contract_rate.display(lang),
                legal_rate.display(lang),
                floor.display(lang),
                half_year.display(lang),
                if *legal_rate_published {
                    ""
                } else {
                    ", last known rate"
                }
            ),
            (Flag::BeforeFixedRateTenders { first_needed_on }, Lang::Fr) => format!(
                "Le taux de la BCE au {} date des appels d'offres à taux variable (28 juin 2000 – 14 octobre 2008) : la table donne le taux de soumission minimal, alors que la loi renvoie au taux marginal de l'opération la plus récente, en général supérieur de quelques centièmes. Vérifiez le taux publié au Journal officiel pour ces semestres.",
                format::date_long(*first_needed_on, lang)
            ),
            (Flag::BeforeFixedRateTenders { first_needed_on }, Lang::En) => format!(
                "The ECB rate on {} falls in the variable-rate tenders (28 June 2000 – 14 October 2008): the table gives the minimum bid rate, while the law refers to the marginal rate of the most recent operation, usually a few hundredths higher. Check the rate published in the Official Journal for those half-years.",
                format::date_long(*first_needed_on, lang)
            ),
            (
                Flag::RateUnverified {
                    table,
                    effective_from,
                    rate,
                    source,
                },
                Lang::Fr,
            ) => format!(
                "Le {} de {} en vigueur depuis le {} n'a été trouvé que dans des sources secondaires ({source}) : vérifiez-le auprès de l'éditeur officiel.",
                table.name(lang),
                rate.display(lang),
                format::date_long(*effective_from, lang)
            ),
            (
                Flag::RateUnverified {
                    table,
                    effective_from,
                    rate,
                    source,
                },
                Lang::En,
            ) => format!(
                "The {} of {} in force since {} was found only in secondary sources ({source}): check it with the official publisher.",
                table.name(lang),
                rate.display(lang),
                format::date_long(*effective_from, lang)
            ),
            (
                Flag::RateUserEntered {
                    table,
                    effective_from,
                    rate,
                },
                Lang::Fr,
            ) => format!(
                "Le {} de {} en vigueur depuis le {} a été saisi par vous (Réglages → Taux publiés).",
                table.name(lang),
                rate.display(lang),
                format::date_long(*effective_from, lang)
            ),
            (
                Flag::RateUserEntered {
                    table,
                    effective_from,
                    rate,
                },
                Lang::En,
            ) => format!(
                "The {} of {} in force since {} was entered by you (Settings → Published rates).",
                table.name(lang),
                rate.display(lang),
                format::date_long(*effective_from, lang)
            ),
            (Flag::CompensationCurrency { statutory, charged }, Lang::Fr) => format!(
                "La loi fixe l'indemnité en {} ; la facture étant en {}, {} ont été comptés. Convertissez ce montant si nécessaire.",
                statutory.code(),
                charged.currency().code(),
                format::money(*charged, lang)
            ),
            (Flag::CompensationCurrency { statutory, charged }, Lang::En) => format!(
                "The statute sets the compensation in {}; the invoice being in {}, {} was counted. Convert this amount if needed.",
                statutory.code(),
                charged.currency().code(),
                format::money(*charged, lang)
            ),
            (Flag::PaymentAfterEndDate { date, amount }, Lang::Fr) => format!(
                "Le paiement de {} du {} est postérieur à la date de fin : il n'est pas pris en compte ici.",
                format::money(*amount, lang),
                format::date_long(*date, lang)
            ),
            (Flag::PaymentAfterEndDate { date, amount }, Lang::En) => format!(
                "The payment of {} on {} is after the end date: it is left out here.",
                format::money(*amount, lang),
                format::date_long(*date, lang)
            ),
            (Flag::Overpayment { unapplied }, Lang::Fr) => format!(
                "Les paiements dépassent tout ce qui est dû : {} restent sans affectation.",
                format::money(*unapplied, lang)
            ),
            (Flag::Overpayment { unapplied }, Lang::En) => format!(
                "The payments exceed everything owed: {} is left unapplied.",
                format::money(*unapplied, lang)
            ),
            (Flag::FormalNoticeDateMissing { used_from }, Lang::Fr) => format!(
                "L'intérêt au taux légal court à compter de la mise en demeure (article 1231-6 du Code civil) : indiquez sa date comme premier jour d'intérêts. À défaut, le calcul part du lendemain de l'échéance ({}), ce qui peut réclamer trop.",
                format::date_long(*used_from, lang)
            ),
            (Flag::FormalNoticeDateMissing { used_from }, Lang::En) => format!(
                "Legal interest runs from the formal notice (French Civil Code, article 1231-6): enter its date as the first day of interest. Without it, the calculation starts the day after the due date ({}), which may claim too much.",
                format::date_long(*used_from, lang)
            ),
        }
    }
}
