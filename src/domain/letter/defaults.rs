//! The default words of every letter, per kind, language and tone. The user may replace any of
//! them in Settings; "restore the default" brings these back.

use super::kind::{LetterKind, Tone};
use super::template::Template;
use crate::domain::contact::StepKind;
use crate::i18n::Lang;

fn template(subject: &str, body: &str) -> Template {
    Template {
        subject: subject.to_string(),
        body: body.to_string(),
    }
}

const FR_SIGN_FIRM: &str = "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\n{sender.name}";
const FR_SIGN_KIND: &str = "Bien cordialement,\n\n{sender.name}";
const EN_SIGN_FIRM: &str = "Yours faithfully,\n\n{sender.name}";
const EN_SIGN_KIND: &str = "Kind regards,\n\n{sender.name}";

/// The default template of a letter.
pub fn default_template(kind: LetterKind, lang: Lang, tone: Tone) -> Template {
    use LetterKind::*;
    use StepKind::*;
    let firm = tone == Tone::Firm;
    let (fr_sign, en_sign) = if firm {
        (FR_SIGN_FIRM, EN_SIGN_FIRM)
    } else {
        (FR_SIGN_KIND, EN_SIGN_KIND)
    };
    let fr_hello = if firm {
        "Madame, Monsieur,"
    } else {
        "Bonjour,"
    };
    let en_hello = if firm {
        "Dear Sir or Madam,"
    } else {
        "Dear {client.name},"
    };
    let body = |parts: &[&str], hello: &str, sign: &str| {
        let mut all = vec![hello];
        all.extend_from_slice(parts);
        all.push(sign);
        all.join("\n\n")
    };
    match (kind, lang) {
        (InvoiceCheck, Lang::Fr) => template(
            "Facture {invoices.list} : l'avez-vous bien reçue ?",
            &body(
                &[
                    "Nous vous avons adressé la facture {invoices.list}, d'un montant de {total.open}, payable au plus tard le {due_date}. Pouvez-vous nous confirmer qu'elle vous est bien parvenue et qu'elle est en cours de traitement ?",
                    "{invoices.table}",
                    if firm {
                        "Nous vous rappelons que tout retard de paiement entraîne de plein droit l'application des pénalités prévues à nos conditions générales."
                    } else {
                        "Si un renseignement vous manque (bon de commande, coordonnées bancaires), dites-le nous : nous vous le transmettrons aussitôt."
                    },
                    "{payment.details}",
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (InvoiceCheck, Lang::En) => template(
            "Invoice {invoices.list}: did you receive it?",
            &body(
                &[
                    "We sent you invoice {invoices.list}, for {total.open}, payable by {due_date}. Could you confirm that it reached you and is being processed?",
                    "{invoices.table}",
                    if firm {
                        "Please note that late payment entitles us to the interest and compensation stated in our terms."
                    } else {
                        "If anything is missing (a purchase order number, our bank details), just let us know and we will send it at once."
                    },
                    "{payment.details}",
                ],
                en_hello,
                en_sign,
            ),
        ),
        (Step(Courtesy), Lang::Fr) => template(
            "Rappel : facture {invoices.list} à échéance le {due_date}",
            &body(
                &[
                    "La facture {invoices.list}, d'un montant de {total.open}, arrive à échéance le {due_date}. Nous vous remercions de bien vouloir en prévoir le règlement.",
                    "{invoices.table}",
                    "{payment.details}",
                    if firm {
                        "Conformément à nos conditions générales, tout retard de paiement ouvre droit aux pénalités et indemnités prévues par la loi."
                    } else {
                        "Si le règlement est déjà parti, merci de ne pas tenir compte de ce message."
                    },
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (Step(Courtesy), Lang::En) => template(
            "Reminder: invoice {invoices.list} due on {due_date}",
            &body(
                &[
                    "Invoice {invoices.list}, for {total.open}, is due on {due_date}. Thank you for arranging its payment.",
                    "{invoices.table}",
                    "{payment.details}",
                    if firm {
                        "Under our terms, late payment entitles us to late-payment interest and, from a business, a fixed compensation for recovery costs."
                    } else {
                        "If payment is already on its way, please disregard this message."
                    },
                ],
                en_hello,
                en_sign,
            ),
        ),
        (Step(FirstReminder), Lang::Fr) => template(
            "Relance : facture {invoices.list} échue",
            &body(
                &[
                    "Sauf erreur de notre part, la facture {invoices.list} n'a pas été réglée à son échéance. Le montant restant dû s'élève à {total.open}.",
                    "{invoices.table}",
                    if firm {
                        "Nous vous demandons de procéder à son règlement au plus tard le {deadline}. {legal.running}"
                    } else {
                        "Il s'agit sans doute d'un oubli : pourriez-vous procéder au règlement d'ici le {deadline} ? Si une difficulté se pose, contactez-nous, nous trouverons une solution ensemble."
                    },
                    "{payment.details}",
                    "Si vous avez réglé entre-temps, merci de ne pas tenir compte de ce courrier.",
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (Step(FirstReminder), Lang::En) => template(
            "Reminder: invoice {invoices.list} overdue",
            &body(
                &[
                    "Unless we are mistaken, invoice {invoices.list} was not paid by its due date. The amount still owed is {total.open}.",
                    "{invoices.table}",
                    if firm {
                        "Please pay it by {deadline} at the latest. {legal.running}"
                    } else {
                        "This is probably an oversight: could you arrange payment by {deadline}? If anything stands in the way, get in touch and we will find a solution together."
                    },
                    "{payment.details}",
                    "If you have paid in the meantime, please disregard this letter.",
                ],
                en_hello,
                en_sign,
            ),
        ),
        (Step(SecondReminder), Lang::Fr) => template(
            "Deuxième relance : facture {invoices.list} impayée",
            &body(
                &[
                    "Malgré nos précédentes relances, la facture {invoices.list} reste impayée à ce jour, pour un montant de {total.open}.",
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    if firm {
                        "Nous vous demandons de régler la somme de {total.claimed} au plus tard le {deadline}. À défaut, nous vous adresserons une mise en demeure."
                    } else {
                        "Nous tenons à notre relation et restons à votre disposition : si un paiement en plusieurs fois vous aiderait, proposez-nous un échéancier. À défaut, merci de régler {total.open} au plus tard le {deadline}."
                    },
                    "{payment.details}",
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (Step(SecondReminder), Lang::En) => template(
            "Second reminder: invoice {invoices.list} unpaid",
            &body(
                &[
                    "Despite our earlier reminders, invoice {invoices.list} remains unpaid today, for {total.open}.",
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    if firm {
                        "Please pay {total.claimed} by {deadline} at the latest. Failing that, we will send you a formal notice."
                    } else {
                        "We value working with you: if paying in installments would help, propose a plan. Otherwise, please pay {total.open} by {deadline}."
                    },
                    "{payment.details}",
                ],
                en_hello,
                en_sign,
            ),
        ),
        (Step(FormalNotice), Lang::Fr) => template(
            "Mise en demeure de payer — {invoices.list}",
            &body(
                &[
                    if firm {
                        "Malgré nos relances, les factures ci-dessous restent impayées."
                    } else {
                        "Malgré nos relances et notre souhait de régler cette situation à l'amiable, les factures ci-dessous restent impayées."
                    },
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    "{legal.notice} Nous vous mettons en demeure de nous régler la somme de {total.claimed} dans un délai de {deadline.days} jours, soit au plus tard le {deadline}.",
                    "{payment.details}",
                    "{legal.action}",
                    if firm {
                        ""
                    } else {
                        "Si vous souhaitez convenir d'un échéancier, contactez-nous avant cette date."
                    },
                ],
                "Madame, Monsieur,",
                FR_SIGN_FIRM,
            ),
        ),
        (Step(FormalNotice), Lang::En) => template(
            "Formal notice to pay — {invoices.list}",
            &body(
                &[
                    if firm {
                        "Despite our reminders, the invoices below remain unpaid."
                    } else {
                        "Despite our reminders and our wish to settle this amicably, the invoices below remain unpaid."
                    },
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    "{legal.notice} We hereby demand payment of {total.claimed} within {deadline.days} days, that is by {deadline} at the latest.",
                    "{payment.details}",
                    "{legal.action}",
                    if firm {
                        ""
                    } else {
                        "If you wish to agree a payment plan, contact us before that date."
                    },
                ],
                "Dear Sir or Madam,",
                EN_SIGN_FIRM,
            ),
        ),
        (Step(FinalNotice), Lang::Fr) => template(
            "Dernier avis avant action en justice — {invoices.list}",
            &body(
                &[
                    "Nos relances sont restées sans effet : les factures ci-dessous restent impayées.",
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    "{legal.notice} Nous vous demandons une dernière fois de nous régler la somme de {total.claimed} au plus tard le {deadline}.",
                    "{payment.details}",
                    "{legal.action}",
                ],
                "Madame, Monsieur,",
                FR_SIGN_FIRM,
            ),
        ),
        (Step(FinalNotice), Lang::En) => template(
            "Final notice before legal action — {invoices.list}",
            &body(
                &[
                    "Our reminders have had no effect: the invoices below remain unpaid.",
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    "{legal.notice} We ask you one last time to pay {total.claimed} by {deadline} at the latest.",
                    "{payment.details}",
                    "{legal.action}",
                ],
                "Dear Sir or Madam,",
                EN_SIGN_FIRM,
            ),
        ),
        (DepositReceipt, Lang::Fr) => template(
            "Reçu d'acompte : facture {invoices.list}",
            &body(
                &[
                    "Nous accusons réception de votre acompte de {deposit.amount}, reçu le {deposit.date}, au titre de la facture {invoices.list}. Nous vous en remercions.",
                    "{invoices.table}",
                    "Le solde restant dû s'élève à {total.open}, payable au plus tard le {due_date}.",
                    "{payment.details}",
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (DepositReceipt, Lang::En) => template(
            "Deposit receipt: invoice {invoices.list}",
            &body(
                &[
                    "We acknowledge receipt of your deposit of {deposit.amount}, received on {deposit.date}, towards invoice {invoices.list}. Thank you.",
                    "{invoices.table}",
                    "The balance still owed is {total.open}, payable by {due_date}.",
                    "{payment.details}",
                ],
                en_hello,
                en_sign,
            ),
        ),
        (PlanAgreement, Lang::Fr) => template(
            "Échéancier de paiement : facture {invoices.list}",
            &body(
                &[
                    "Comme convenu, le solde de la facture {invoices.list}, soit {total.open}, sera réglé selon l'échéancier suivant :",
                    "{plan.table}",
                    "{plan.terms}",
                    "{payment.details}",
                    if firm {
                        "Merci de nous retourner ce courrier daté et signé, précédé de la mention « bon pour accord »."
                    } else {
                        "Merci de nous confirmer votre accord en réponse à ce courrier."
                    },
                ],
                fr_hello,
                fr_sign,
            ),
        ),
        (PlanAgreement, Lang::En) => template(
            "Payment plan: invoice {invoices.list}",
            &body(
                &[
                    "As agreed, the balance of invoice {invoices.list}, {total.open}, will be paid in the following installments:",
                    "{plan.table}",
                    "{plan.terms}",
                    "{payment.details}",
                    if firm {
                        "Please return this letter dated and signed, with the words “agreed”."
                    } else {
                        "Please confirm your agreement in reply to this letter."
                    },
                ],
                en_hello,
                en_sign,
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::letter::template::check;

    #[test]
    fn every_default_template_is_valid() {
        for kind in LetterKind::ALL {
            for lang in [Lang::Fr, Lang::En] {
                for tone in Tone::ALL {
                    let template = default_template(kind, lang, tone);
                    assert!(
                        check(&template).is_ok(),
                        "{kind:?} {lang:?} {tone:?}: {:?}",
                        check(&template)
                    );
                }
            }
        }
    }

    #[test]
    fn the_formal_notice_carries_the_legal_paragraphs() {
        for lang in [Lang::Fr, Lang::En] {
            for tone in Tone::ALL {
                let body =
                    default_template(LetterKind::Step(StepKind::FormalNotice), lang, tone).body;
                for field in [
                    "{invoices.table}",
                    "{legal.interest}",
                    "{legal.compensation}",
                    "{legal.notice}",
                    "{legal.action}",
                    "{payment.details}",
                    "{deadline}",
                ] {
                    assert!(body.contains(field), "{lang:?} {tone:?} lacks {field}");
                }
            }
        }
    }
}
