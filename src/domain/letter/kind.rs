//! Which letter, and how it speaks: [`LetterKind`], [`Tone`] and the tone rule
//! ([`ToneReason`]).

use crate::domain::contact::StepKind;
use crate::domain::stats::{ClientStatistics, RiskGrade};
use crate::i18n::{Describe, Lang};

/// Which letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LetterKind {
    /// "Did you receive our invoice?": before the due date.
    InvoiceCheck,
    /// A step of the dunning ladder.
    Step(StepKind),
    /// Confirms a deposit (acompte) and restates the balance, its due date and how to pay.
    DepositReceipt,
    /// The payment plan (échéancier) in writing.
    PlanAgreement,
}

impl LetterKind {
    pub const ALL: [LetterKind; 8] = [
        LetterKind::InvoiceCheck,
        LetterKind::Step(StepKind::Courtesy),
        LetterKind::Step(StepKind::FirstReminder),
        LetterKind::Step(StepKind::SecondReminder),
        LetterKind::Step(StepKind::FormalNotice),
        LetterKind::Step(StepKind::FinalNotice),
        LetterKind::DepositReceipt,
        LetterKind::PlanAgreement,
    ];

    /// The code in links (`#/letters?kind=formal-notice`) and stored templates.
    pub fn code(self) -> &'static str {
        match self {
            LetterKind::InvoiceCheck => "invoice-check",
            LetterKind::Step(step) => step.code(),
            LetterKind::DepositReceipt => "deposit-receipt",
            LetterKind::PlanAgreement => "plan-agreement",
        }
    }

    pub fn from_code(code: &str) -> Option<LetterKind> {
        LetterKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code.trim())
    }

    /// The ladder step the letter records in the contact log, if it is one.
    pub fn step(self) -> Option<StepKind> {
        match self {
            LetterKind::Step(step) => Some(step),
            _ => None,
        }
    }

    /// Whether the letter claims late interest and compensation (their figures are stated).
    pub fn claims_interest(self) -> bool {
        matches!(
            self,
            LetterKind::Step(StepKind::SecondReminder)
                | LetterKind::Step(StepKind::FormalNotice)
                | LetterKind::Step(StepKind::FinalNotice)
        )
    }

    /// Whether it is sent by registered letter with acknowledgement of receipt.
    pub fn is_registered(self) -> bool {
        matches!(
            self,
            LetterKind::Step(StepKind::FormalNotice) | LetterKind::Step(StepKind::FinalNotice)
        )
    }

    /// The name of the letter, as a picker and a page title say it.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LetterKind::InvoiceCheck, Lang::Fr) => "Avez-vous bien reçu notre facture ?",
            (LetterKind::InvoiceCheck, Lang::En) => "Did you receive our invoice?",
            (LetterKind::Step(StepKind::Courtesy), Lang::Fr) => "Rappel courtois",
            (LetterKind::Step(StepKind::Courtesy), Lang::En) => "Courtesy reminder",
            (LetterKind::Step(StepKind::FirstReminder), Lang::Fr) => "Première relance",
            (LetterKind::Step(StepKind::FirstReminder), Lang::En) => "First reminder",
            (LetterKind::Step(StepKind::SecondReminder), Lang::Fr) => "Deuxième relance",
            (LetterKind::Step(StepKind::SecondReminder), Lang::En) => "Second reminder",
            (LetterKind::Step(StepKind::FormalNotice), Lang::Fr) => "Mise en demeure",
            (LetterKind::Step(StepKind::FormalNotice), Lang::En) => "Formal notice",
            (LetterKind::Step(StepKind::FinalNotice), Lang::Fr) => {
                "Dernier avis avant action en justice"
            }
            (LetterKind::Step(StepKind::FinalNotice), Lang::En) => {
                "Final notice before legal action"
            }
            (LetterKind::DepositReceipt, Lang::Fr) => "Reçu d'acompte",
            (LetterKind::DepositReceipt, Lang::En) => "Deposit receipt",
            (LetterKind::PlanAgreement, Lang::Fr) => "Accord d'échéancier",
            (LetterKind::PlanAgreement, Lang::En) => "Payment-plan agreement",
        }
    }
}

/// How a letter speaks to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    /// For a regular client in good standing: offers to talk or to spread payments.
    Collaborative,
    /// For a new or risky client: restates the terms and the consequences.
    Firm,
}

impl Tone {
    pub const ALL: [Tone; 2] = [Tone::Collaborative, Tone::Firm];

    pub fn code(self) -> &'static str {
        match self {
            Tone::Collaborative => "collaborative",
            Tone::Firm => "firm",
        }
    }

    pub fn from_code(code: &str) -> Option<Tone> {
        Tone::ALL
            .into_iter()
            .find(|tone| tone.code() == code.trim())
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Tone::Collaborative, Lang::Fr) => "Conciliant",
            (Tone::Collaborative, Lang::En) => "Collaborative",
            (Tone::Firm, Lang::Fr) => "Ferme",
            (Tone::Firm, Lang::En) => "Firm",
        }
    }
}

/// A client needs at least this many invoices paid to count as a regular client.
pub const REGULAR_CLIENT_PAID_INVOICES: u32 = 3;

/// Why a letter has its tone (the rule, applied to one client, in one sentence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToneReason {
    /// Grade A or B and at least [`REGULAR_CLIENT_PAID_INVOICES`] invoices paid.
    GoodStanding { grade: RiskGrade, paid: u32 },
    /// Fewer invoices paid than a regular client has.
    New { paid: u32 },
    /// Grade C, D or E.
    Risky { grade: RiskGrade },
    /// The user chose the tone of this letter.
    Chosen(Tone),
}

impl ToneReason {
    /// The rule: collaborative for a client graded A or B with at least three invoices paid;
    /// firm otherwise (graded C to E, or fewer invoices paid).
    pub fn of(statistics: &ClientStatistics) -> ToneReason {
        let grade = statistics.grade;
        let paid = statistics.paid_invoices;
        match grade {
            RiskGrade::C | RiskGrade::D | RiskGrade::E => ToneReason::Risky { grade },
            RiskGrade::A | RiskGrade::B if paid < REGULAR_CLIENT_PAID_INVOICES => {
                ToneReason::New { paid }
            }
            RiskGrade::A | RiskGrade::B => ToneReason::GoodStanding { grade, paid },
        }
    }

    pub fn tone(self) -> Tone {
        match self {
            ToneReason::GoodStanding { .. } => Tone::Collaborative,
            ToneReason::New { .. } | ToneReason::Risky { .. } => Tone::Firm,
            ToneReason::Chosen(tone) => tone,
        }
    }
}

impl Describe for ToneReason {
    fn describe(&self, lang: Lang) -> String {
        let paid_fr = |paid: u32| match paid {
            0 => "aucune facture payée".to_string(),
            1 => "1 facture payée".to_string(),
            n => format!("{n} factures payées"),
        };
        let paid_en = |paid: u32| match paid {
            0 => "no invoice paid".to_string(),
            1 => "1 invoice paid".to_string(),
            n => format!("{n} invoices paid"),
        };
        let min = REGULAR_CLIENT_PAID_INVOICES;
        match (self, lang) {
            (ToneReason::GoodStanding { grade, paid }, Lang::Fr) => format!(
                "Ton conciliant : client régulier noté {} ({}).",
                grade.letter(),
                paid_fr(*paid)
            ),
            (ToneReason::GoodStanding { grade, paid }, Lang::En) => format!(
                "Collaborative tone: a regular client graded {} ({}).",
                grade.letter(),
                paid_en(*paid)
            ),
            (ToneReason::New { paid }, Lang::Fr) => format!(
                "Ton ferme : client récent ({} ; un client régulier en a au moins {min}).",
                paid_fr(*paid)
            ),
            (ToneReason::New { paid }, Lang::En) => format!(
                "Firm tone: a new client ({}; a regular client has at least {min}).",
                paid_en(*paid)
            ),
            (ToneReason::Risky { grade }, Lang::Fr) => format!(
                "Ton ferme : client noté {} (conciliant pour les notes A et B).",
                grade.letter()
            ),
            (ToneReason::Risky { grade }, Lang::En) => format!(
                "Firm tone: client graded {} (collaborative for grades A and B).",
                grade.letter()
            ),
            (ToneReason::Chosen(tone), Lang::Fr) => format!(
                "Ton {} choisi pour cette lettre.",
                tone.name(Lang::Fr).to_lowercase()
            ),
            (ToneReason::Chosen(tone), Lang::En) => {
                format!("{} tone chosen for this letter.", tone.name(Lang::En))
            }
        }
    }
}
