//! The words of payment plans shared by the invoice's page and the client's page, in French
//! and English: each installment's state, the plan's status, what comes next, the period.
//! The model they say is `plan_summary.rs`.

use chrono::NaiveDate;

use crate::domain::PlanTerms;
use crate::domain::plan::{PlanPeriod, PlanStatus};
use crate::format;
use crate::i18n::Lang;
use crate::ui::components::plan_summary::{InstallmentShown, PlanNext};

pub struct PlanWords {
    /// The client's page's section, and the invoice's.
    pub plans_title: &'static str,
    pub plan_title: &'static str,
    pub propose: &'static str,
    pub col_invoice: &'static str,
    pub col_installments: &'static str,
    pub col_next: &'static str,
    pub col_status: &'static str,
    pub no_plans: &'static str,
    pub plans_caption: &'static str,
    /// Above the links to the invoices a plan may be proposed for.
    pub proposable_title: &'static str,
    pub paid: &'static str,
    pub partly_paid: &'static str,
    pub due_next: &'static str,
    pub upcoming: &'static str,
    /// Said in words and marked with a sign, never by colour alone.
    pub missed: &'static str,
    pub kept: &'static str,
    pub weekly: &'static str,
    pub monthly: &'static str,
    pub nothing_left: &'static str,
}

static FR: PlanWords = PlanWords {
    plans_title: "Échéanciers",
    plan_title: "Échéancier",
    propose: "Proposer un échéancier",
    col_invoice: "Facture",
    col_installments: "Échéances",
    col_next: "Prochaine étape",
    col_status: "État",
    no_plans: "Aucun échéancier pour ce client.",
    plans_caption: "Échéanciers de ce client",
    proposable_title: "Factures ouvertes sans échéancier en cours",
    paid: "Payée",
    partly_paid: "Payée en partie",
    due_next: "À payer",
    upcoming: "À venir",
    missed: "Manquée",
    kept: "Respecté",
    weekly: "hebdomadaire",
    monthly: "mensuelle",
    nothing_left: "Tout est payé",
};

static EN: PlanWords = PlanWords {
    plans_title: "Payment plans",
    plan_title: "Payment plan",
    propose: "Set up a payment plan",
    col_invoice: "Invoice",
    col_installments: "Installments",
    col_next: "What comes next",
    col_status: "Status",
    no_plans: "No payment plan for this client.",
    plans_caption: "This client's payment plans",
    proposable_title: "Open invoices without a plan in progress",
    paid: "Paid",
    partly_paid: "Partly paid",
    due_next: "Due next",
    upcoming: "Upcoming",
    missed: "Missed",
    kept: "On track",
    weekly: "weekly",
    monthly: "monthly",
    nothing_left: "All paid",
};

pub fn plan_words(lang: Lang) -> &'static PlanWords {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

impl PlanWords {
    pub fn installment(&self, state: InstallmentShown) -> &'static str {
        match state {
            InstallmentShown::Paid => self.paid,
            InstallmentShown::PartlyPaid => self.partly_paid,
            InstallmentShown::DueNext => self.due_next,
            InstallmentShown::Upcoming => self.upcoming,
            InstallmentShown::Missed => self.missed,
        }
    }

    pub fn period(&self, period: PlanPeriod) -> &'static str {
        match period {
            PlanPeriod::Weekly => self.weekly,
            PlanPeriod::Monthly => self.monthly,
        }
    }
}

/// The plan's status in one phrase: `Respecté`, `Non tenu : échéance n° 2 manquée (depuis le
/// 02/03/2026)`, `Soldé le 01/04/2026`.
pub fn status_text(status: PlanStatus, lang: Lang) -> String {
    let date = |date: NaiveDate| format::date_short(date, lang);
    let text = match (status, lang) {
        (PlanStatus::Kept, _) => plan_words(lang).kept.to_string(),
        (PlanStatus::Broken { installment, since }, Lang::Fr) => format!(
            "Non tenu : échéance n° {installment} manquée (depuis le {})",
            date(since)
        ),
        (PlanStatus::Broken { installment, since }, Lang::En) => format!(
            "Broken: installment {installment} missed (since {})",
            date(since)
        ),
        (PlanStatus::Completed { on }, Lang::Fr) => format!("Soldé le {}", date(on)),
        (PlanStatus::Completed { on }, Lang::En) => format!("Completed on {}", date(on)),
    };
    format::typography(&text, lang)
}

/// What comes next, in one phrase: `Échéance n° 1 manquée le 01/03/2026`, `Prochaine
/// échéance : 100,00 € le 01/04/2026`.
pub fn next_text(next: PlanNext, lang: Lang) -> String {
    let date = |date: NaiveDate| format::date_short(date, lang);
    let text = match (next, lang) {
        (PlanNext::Missed { number, due_date }, Lang::Fr) => {
            format!("Échéance n° {number} manquée le {}", date(due_date))
        }
        (PlanNext::Missed { number, due_date }, Lang::En) => {
            format!("Installment {number} missed on {}", date(due_date))
        }
        (
            PlanNext::Next {
                due_date,
                remaining,
                ..
            },
            Lang::Fr,
        ) => format!(
            "Prochaine échéance : {} le {}",
            format::money(remaining, lang),
            date(due_date)
        ),
        (
            PlanNext::Next {
                due_date,
                remaining,
                ..
            },
            Lang::En,
        ) => format!(
            "Next installment: {} on {}",
            format::money(remaining, lang),
            date(due_date)
        ),
        (PlanNext::Nothing, _) => plan_words(lang).nothing_left.to_string(),
    };
    format::typography(&text, lang)
}

/// The terms in one phrase: `3 échéances mensuelles à partir du 01/03/2026 (accord du
/// 10/02/2026)`.
pub fn terms_text(terms: PlanTerms, lang: Lang) -> String {
    let date = |date: NaiveDate| format::date_short(date, lang);
    let count = terms.count();
    let text = match lang {
        Lang::Fr => {
            let period = match terms.period() {
                PlanPeriod::Weekly => "hebdomadaire",
                PlanPeriod::Monthly => "mensuelle",
            };
            let plural = if count > 1 { "s" } else { "" };
            format!(
                "{count} échéance{plural} {period}{plural} à partir du {} (accord du {})",
                date(terms.first_due()),
                date(terms.agreed_on())
            )
        }
        Lang::En => {
            let plural = if count > 1 { "s" } else { "" };
            format!(
                "{count} {} installment{plural} from {} (agreed on {})",
                plan_words(lang).period(terms.period()),
                date(terms.first_due()),
                date(terms.agreed_on())
            )
        }
    };
    format::typography(&text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::plan::InterestDuringPlan;
    use crate::domain::{Currency, InvoiceId, Money};
    use rust_decimal_macros::dec;

    #[test]
    fn every_installment_state_has_its_own_words_in_both_languages() {
        use InstallmentShown::*;
        for lang in Lang::ALL {
            let words = plan_words(lang);
            let said: Vec<&str> = [Paid, PartlyPaid, DueNext, Upcoming, Missed]
                .into_iter()
                .map(|state| words.installment(state))
                .collect();
            let mut unique = said.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), said.len(), "{said:?}");
        }
        assert_eq!(plan_words(Lang::Fr).installment(Missed), "Manquée");
        assert_eq!(plan_words(Lang::En).installment(Missed), "Missed");
    }

    #[test]
    fn statuses_and_next_steps_are_written_the_locale_way() {
        let broken = PlanStatus::Broken {
            installment: 2,
            since: date("2026-03-02"),
        };
        assert_eq!(
            status_text(broken, Lang::Fr),
            "Non tenu\u{202f}: échéance n° 2 manquée (depuis le 02/03/2026)"
        );
        assert_eq!(
            status_text(broken, Lang::En),
            "Broken: installment 2 missed (since 2 Mar 2026)"
        );
        let missed = PlanNext::Missed {
            number: 1,
            due_date: date("2026-03-01"),
        };
        assert_eq!(
            next_text(missed, Lang::Fr),
            "Échéance n° 1 manquée le 01/03/2026"
        );
        let next = PlanNext::Next {
            number: 2,
            due_date: date("2026-04-01"),
            remaining: Money::new(dec!(1234.5), Currency::Eur),
        };
        assert_eq!(
            next_text(next, Lang::Fr),
            "Prochaine échéance\u{202f}: 1\u{202f}234,50\u{a0}€ le 01/04/2026"
        );
        assert_eq!(
            next_text(next, Lang::En),
            "Next installment: €1,234.50 on 1 Apr 2026"
        );
        let terms = PlanTerms::new(
            InvoiceId::from_raw(1),
            date("2026-02-10"),
            date("2026-03-01"),
            3,
            PlanPeriod::Monthly,
            InterestDuringPlan::Runs,
        );
        assert_eq!(
            terms.map(|terms| terms_text(terms, Lang::Fr)),
            Ok("3 échéances mensuelles à partir du 01/03/2026 (accord du 10/02/2026)".to_string())
        );
    }
}
