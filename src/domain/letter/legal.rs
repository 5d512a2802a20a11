//! The legal paragraphs of a letter, per country and kind of debtor (sources:
//! docs/late-interest-rules.md and the statutes cited in each sentence). Each function
//! returns an empty string when the paragraph does not apply, and the template's paragraph is
//! then left out.

use super::facts::{Jurisdiction, LetterFacts};
use super::kind::LetterKind;
use crate::domain::contact::StepKind;
use crate::domain::interest::{DayCount, RegimeId, Simulation};
use crate::domain::letterhead::Letterhead;
use crate::format;
use crate::i18n::Lang;

/// The mention above the subject of a registered letter.
pub fn mention(kind: LetterKind, lang: Lang) -> Option<String> {
    if !kind.is_registered() {
        return None;
    }
    Some(
        match lang {
            Lang::Fr => "Lettre recommandée avec accusé de réception",
            Lang::En => "By registered post with acknowledgement of receipt",
        }
        .to_string(),
    )
}

fn method(simulation: &Simulation, lang: Lang) -> &'static str {
    match (simulation.options.day_count, lang) {
        (DayCount::Act365, Lang::Fr) => {
            "intérêts simples, calculés jour par jour sur le montant restant dû, sur une base de 365 jours"
        }
        (DayCount::Act365, Lang::En) => {
            "simple interest, counted day by day on the amount still owed, over a 365-day year"
        }
        (DayCount::ActAct, Lang::Fr) => {
            "intérêts simples, calculés jour par jour sur le montant restant dû, sur 365 jours (366 les années bissextiles)"
        }
        (DayCount::ActAct, Lang::En) => {
            "simple interest, counted day by day on the amount still owed, over 365 days (366 in leap years)"
        }
        (DayCount::Act360, Lang::Fr) => {
            "intérêts simples, calculés jour par jour sur le montant restant dû, sur une base de 360 jours"
        }
        (DayCount::Act360, Lang::En) => {
            "simple interest, counted day by day on the amount still owed, over a 360-day year"
        }
    }
}

/// The interest paragraph: the amount to the letter's date, the rate, the method and the
/// statute. Empty when no invoice has a figure (why is for the user, not the debtor: the
/// Letters page says it, `facts.not_computed()`).
pub fn interest(facts: &LetterFacts, lang: Lang) -> String {
    let date = format::date_long(facts.date, lang);
    let mut text = String::new();
    if let Some(simulation) = facts.first_simulation() {
        let amount = format::money(facts.total_interest, lang);
        let rates = simulation.rates_applied(lang);
        let method = method(simulation, lang);
        let how = match (rates.is_empty(), lang) {
            (true, _) => method.to_string(),
            (false, Lang::Fr) => format!("taux annuel {rates} ; {method}"),
            (false, Lang::En) => format!("annual rate {rates}; {method}"),
        };
        // The regime and its statute (its full legal basis also names the fixed compensation,
        // which has a paragraph of its own).
        let regime = simulation.regime.id();
        let basis = match lang {
            Lang::Fr => format!("Base : {} ; {}.", regime.name(lang), regime.statute(lang)),
            Lang::En => format!("Basis: {}; {}.", regime.name(lang), regime.statute(lang)),
        };
        text = match (facts.jurisdiction, lang) {
            (Jurisdiction::France, Lang::Fr) if !facts.debtor_is_consumer => format!(
                "Les pénalités de retard dues à ce jour, {date}, s'élèvent à {amount} ({how}). {basis}"
            ),
            (_, Lang::Fr) => format!(
                "Les intérêts de retard dus à ce jour, {date}, s'élèvent à {amount} ({how}). {basis}"
            ),
            (_, Lang::En) => format!(
                "Late-payment interest due as of today, {date}, amounts to {amount} ({how}). {basis}"
            ),
        };
    }
    text
}

/// The regime of the first invoice whose compensation is claimed.
fn compensation_regime(facts: &LetterFacts) -> Option<RegimeId> {
    facts
        .invoices
        .iter()
        .filter_map(|invoice| invoice.accrual.simulation())
        .find(|simulation| !simulation.compensation.is_zero())
        .map(|simulation| simulation.regime.id())
}

/// Whether some invoice's interest or fixed sum is claimed under the UK 1998 Act.
fn claims_under_uk_act(facts: &LetterFacts) -> bool {
    facts
        .invoices
        .iter()
        .filter_map(|invoice| invoice.accrual.simulation())
        .any(|simulation| {
            simulation.regime.id() == RegimeId::UkB2b
                && !(simulation.interest.is_zero() && simulation.compensation.is_zero())
        })
}

/// The fixed compensation: per invoice paid late, for a business debtor.
pub fn compensation(facts: &LetterFacts, lang: Lang) -> String {
    if facts.debtor_is_consumer || facts.total_compensation.is_zero() {
        return String::new();
    }
    let total = format::money(facts.total_compensation, lang);
    let count = facts
        .invoices
        .iter()
        .filter(|invoice| {
            invoice
                .accrual
                .simulation()
                .is_some_and(|simulation| !simulation.compensation.is_zero())
        })
        .count();
    let invoices = match (count, lang) {
        (1, Lang::Fr) => "1 facture".to_string(),
        (1, Lang::En) => "1 invoice".to_string(),
        (n, Lang::Fr) => format!("{n} factures"),
        (n, Lang::En) => format!("{n} invoices"),
    };
    // The law of the figures (the invoices' regime), not the client's country: a French
    // creditor billing a UK company under L441-10 claims 40 € under D441-5.
    let regime = compensation_regime(facts);
    match (regime, lang) {
        (Some(RegimeId::FrB2b | RegimeId::FrB2bContract), Lang::Fr) => format!(
            "S'y ajoute l'indemnité forfaitaire pour frais de recouvrement de 40 € due de plein droit pour chaque facture payée en retard (articles L441-10 et D441-5 du Code de commerce), soit {total} pour {invoices}."
        ),
        (Some(RegimeId::FrB2b | RegimeId::FrB2bContract), Lang::En) => format!(
            "In addition, the fixed compensation for recovery costs of €40 is due by law for each invoice paid late (French Commercial Code, articles L441-10 and D441-5): {total} for {invoices}."
        ),
        (Some(RegimeId::DeB2b | RegimeId::DeConsumer), Lang::Fr) => format!(
            "S'y ajoute le forfait de 40 € dû au créancier par un débiteur qui n'est pas un consommateur (§ 288, alinéa 5, du BGB), soit {total} pour {invoices}."
        ),
        (Some(RegimeId::DeB2b | RegimeId::DeConsumer), Lang::En) => format!(
            "In addition, the flat sum of €40 owed to a creditor by a debtor who is not a consumer (German Civil Code, § 288(5)): {total} for {invoices}."
        ),
        (Some(RegimeId::UkB2b), Lang::Fr) => format!(
            "S'y ajoute la somme fixe prévue par la section 5A du Late Payment of Commercial Debts (Interest) Act 1998 (40\u{a0}£ pour une dette de moins de 1\u{202f}000\u{a0}£, 70\u{a0}£ de 1\u{202f}000 à moins de 10\u{202f}000\u{a0}£, 100\u{a0}£ à partir de 10\u{202f}000\u{a0}£), soit {total}."
        ),
        (Some(RegimeId::UkB2b), Lang::En) => format!(
            "In addition, the fixed sum under section 5A of the Late Payment of Commercial Debts (Interest) Act 1998 (£40 for a debt under £1,000, £70 from £1,000 to under £10,000, £100 for £10,000 or more) is claimed: {total}."
        ),
        (Some(RegimeId::EuB2b), Lang::Fr) => format!(
            "S'y ajoute l'indemnité forfaitaire pour frais de recouvrement (directive 2011/7/UE, article 6), soit {total}."
        ),
        (Some(RegimeId::EuB2b), Lang::En) => format!(
            "In addition, the fixed compensation for recovery costs (Directive 2011/7/EU, article 6) is claimed: {total}."
        ),
        (_, Lang::Fr) => {
            format!("S'y ajoute l'indemnité forfaitaire convenue, soit {total} pour {invoices}.")
        }
        (_, Lang::En) => format!(
            "In addition, the agreed fixed compensation is claimed: {total} for {invoices}."
        ),
    }
}

/// The legal basis of a formal notice (empty in other letters).
pub fn notice(facts: &LetterFacts, lang: Lang) -> String {
    if !facts.kind.is_registered() {
        return String::new();
    }
    let consumer = facts.debtor_is_consumer;
    let individual = facts.debtor_is_individual;
    let act = claims_under_uk_act(facts);
    match (facts.jurisdiction, lang) {
        (Jurisdiction::France, Lang::Fr) if consumer => "La présente lettre vaut mise en demeure de payer au sens de l'article 1344 du Code civil. Elle fait courir les intérêts au taux légal sur les sommes dues (article 1231-6 du Code civil ; article L313-2 du Code monétaire et financier).".to_string(),
        (Jurisdiction::France, Lang::En) if consumer => "This letter is a formal notice to pay within the meaning of article 1344 of the French Civil Code. From it, interest at the legal rate runs on the sums owed (Civil Code, article 1231-6; Monetary and Financial Code, article L313-2).".to_string(),
        (Jurisdiction::France, Lang::Fr) => "La présente lettre vaut mise en demeure de payer au sens de l'article 1344 du Code civil.".to_string(),
        (Jurisdiction::France, Lang::En) => "This letter is a formal notice to pay within the meaning of article 1344 of the French Civil Code.".to_string(),
        (Jurisdiction::Germany, Lang::Fr) => "Par la présente Mahnung, nous vous mettons en demeure (Verzug, § 286 du BGB)\u{202f}: vous l'êtes au plus tard à sa réception et, pour une créance entre professionnels, au plus tard 30 jours après l'échéance et la réception de la facture.".to_string(),
        (Jurisdiction::Germany, Lang::En) => "By this reminder (Mahnung) we put you in default (Verzug, § 286 of the German Civil Code): you are in default at the latest on receiving it and, for a debt between businesses, at the latest 30 days after the due date and the receipt of the invoice.".to_string(),
        (Jurisdiction::UnitedKingdom, Lang::Fr) if individual => format!(
            "Cette lettre est une lettre préalable à toute action (letter before claim) selon le Pre-Action Protocol for Debt Claims. Vous disposez de {days} jours à compter de sa date pour répondre au moyen du formulaire de réponse (Reply Form) joint, avec la fiche d'information (Information Sheet). Si vous contestez la dette ou avez besoin de délais, dites-le nous dans ce délai ; nous n'engagerons aucune procédure avant son terme.{act}",
            days = facts.deadline_days,
            act = if act { " Nous réclamons les intérêts légaux et la somme fixe prévus par le Late Payment of Commercial Debts (Interest) Act 1998." } else { "" }
        ),
        (Jurisdiction::UnitedKingdom, Lang::En) if individual => format!(
            "This is a letter before claim under the Pre-Action Protocol for Debt Claims. You have {days} days from the date of this letter to reply, using the enclosed Reply Form; an Information Sheet is enclosed. If you dispute the debt or need time to pay, please tell us within that period; we will not start court proceedings before it ends.{act}",
            days = facts.deadline_days,
            act = if act { " We claim statutory interest and the fixed sum under the Late Payment of Commercial Debts (Interest) Act 1998." } else { "" }
        ),
        (Jurisdiction::UnitedKingdom, Lang::Fr) if act => "La présente lettre vaut mise en demeure de payer. Nous réclamons les intérêts légaux et la somme fixe prévus par le Late Payment of Commercial Debts (Interest) Act 1998.".to_string(),
        (Jurisdiction::UnitedKingdom, Lang::En) if act => "This letter is a formal demand for payment. We claim statutory interest and the fixed sum under the Late Payment of Commercial Debts (Interest) Act 1998.".to_string(),
        (Jurisdiction::UnitedKingdom, Lang::Fr) => "La présente lettre vaut mise en demeure de payer.".to_string(),
        (Jurisdiction::UnitedKingdom, Lang::En) => "This letter is a formal demand for payment.".to_string(),
        (Jurisdiction::Other, Lang::Fr) => "La présente lettre vaut mise en demeure de payer.".to_string(),
        (Jurisdiction::Other, Lang::En) => "This letter is a formal demand for payment.".to_string(),
    }
}

/// What follows if the debt is not paid by the deadline (formal and final notices).
pub fn action(facts: &LetterFacts, lang: Lang) -> String {
    if !facts.kind.is_registered() {
        return String::new();
    }
    let deadline = format::date_long(facts.deadline, lang);
    let final_notice = facts.kind == LetterKind::Step(StepKind::FinalNotice);
    match (facts.jurisdiction, lang) {
        (Jurisdiction::France, Lang::Fr) => format!(
            "À défaut de paiement au plus tard le {deadline}, nous saisirons {sans}le tribunal compétent d'une requête en injonction de payer (articles 1405 et suivants du Code de procédure civile), les frais de procédure restant à votre charge.",
            sans = if final_notice { "sans autre avis " } else { "" }
        ),
        (Jurisdiction::France, Lang::En) => format!(
            "Failing payment by {deadline}, we will {without}apply to the competent court for an order for payment (injonction de payer, French Code of Civil Procedure, articles 1405 et seq.), the costs of the proceedings being charged to you.",
            without = if final_notice {
                "without further notice "
            } else {
                ""
            }
        ),
        (Jurisdiction::Germany, Lang::Fr) => format!(
            "À défaut de paiement au plus tard le {deadline}, nous engagerons {sans}la procédure d'injonction de payer (gerichtliches Mahnverfahren, §§ 688 et suivants du ZPO).",
            sans = if final_notice { "sans autre avis " } else { "" }
        ),
        (Jurisdiction::Germany, Lang::En) => format!(
            "Failing payment by {deadline}, we will {without}start the court's order-for-payment procedure (gerichtliches Mahnverfahren, German Code of Civil Procedure, §§ 688 et seq.).",
            without = if final_notice {
                "without further notice "
            } else {
                ""
            }
        ),
        (Jurisdiction::UnitedKingdom, Lang::Fr) => format!(
            "À défaut de paiement ou de réponse au plus tard le {deadline}, nous pourrons engager {sans}une action en justice (County Court) pour recouvrer la dette, les intérêts et les frais.",
            sans = if final_notice { "sans autre avis " } else { "" }
        ),
        (Jurisdiction::UnitedKingdom, Lang::En) => format!(
            "If the debt is not paid, or we have no reply, by {deadline}, we may {without}start court proceedings (County Court) to recover the debt, interest and costs.",
            without = if final_notice {
                "without further notice "
            } else {
                ""
            }
        ),
        (Jurisdiction::Other, Lang::Fr) => format!(
            "À défaut de paiement au plus tard le {deadline}, nous engagerons {sans}une procédure judiciaire de recouvrement.",
            sans = if final_notice { "sans autre avis " } else { "" }
        ),
        (Jurisdiction::Other, Lang::En) => format!(
            "Failing payment by {deadline}, we will {without}take legal action to recover the debt.",
            without = if final_notice {
                "without further notice "
            } else {
                ""
            }
        ),
    }
}

/// What runs while the invoice is unpaid, in the words a reminder restates (a consumer is owed
/// no interest before a formal notice in France; the 1998 Act is for businesses).
pub fn running(facts: &LetterFacts, lang: Lang) -> String {
    let business_penalties = !facts.debtor_is_consumer
        && matches!(
            compensation_regime(facts).or_else(|| facts.first_simulation().map(|s| s.regime.id())),
            Some(
                RegimeId::FrB2b
                    | RegimeId::FrB2bContract
                    | RegimeId::DeB2b
                    | RegimeId::UkB2b
                    | RegimeId::EuB2b
            )
        );
    match (business_penalties, lang) {
        (true, Lang::Fr) => "Nous vous rappelons que les pénalités de retard courent de plein droit depuis le lendemain de l'échéance.".to_string(),
        (true, Lang::En) => "Late-payment interest has been running by law since the day after the due date.".to_string(),
        (false, Lang::Fr) => "À défaut de paiement, des intérêts de retard pourront vous être réclamés à compter d'une mise en demeure.".to_string(),
        (false, Lang::En) => "Failing payment, late-payment interest may be claimed from a formal notice.".to_string(),
    }
}

/// How to pay: the sender's IBAN and BIC, or the invoice's means.
pub fn payment_details(sender: &Letterhead, lang: Lang) -> String {
    let iban = sender.iban.trim();
    let bic = sender.bic.trim();
    match (iban.is_empty(), bic.is_empty(), lang) {
        (true, _, Lang::Fr) => {
            "Règlement selon les modalités indiquées sur la facture.".to_string()
        }
        (true, _, Lang::En) => "Payment by the means stated on the invoice.".to_string(),
        (false, true, Lang::Fr) => format!("Règlement par virement : IBAN {iban}."),
        (false, true, Lang::En) => format!("Payment by bank transfer: IBAN {iban}."),
        (false, false, Lang::Fr) => format!("Règlement par virement : IBAN {iban}, BIC {bic}."),
        (false, false, Lang::En) => format!("Payment by bank transfer: IBAN {iban}, BIC {bic}."),
    }
}

/// The plan's terms: interest during the plan, what a missed installment means.
pub fn plan_terms(facts: &LetterFacts, lang: Lang) -> String {
    let Some(plan) = facts.plan.as_ref() else {
        return String::new();
    };
    let frozen = plan.interest_freeze.is_some();
    let interest = match (frozen, lang) {
        (true, Lang::Fr) => {
            "Tant que les échéances sont respectées, les pénalités de retard cessent de courir."
        }
        (true, Lang::En) => {
            "As long as the installments are paid on time, late interest stops running."
        }
        (false, Lang::Fr) => {
            "Les pénalités de retard continuent de courir sur le montant restant dû."
        }
        (false, Lang::En) => "Late interest keeps running on the amount still owed.",
    };
    let missed = match lang {
        Lang::Fr => {
            "Une échéance non payée à sa date rend l'échéancier caduc : la totalité du solde redevient immédiatement exigible, avec les pénalités de retard depuis l'échéance d'origine de la facture."
        }
        Lang::En => {
            "An installment not paid on its date ends the plan: the whole balance becomes due at once, with late interest from the invoice's original due date."
        }
    };
    format!("{interest} {missed}")
}
