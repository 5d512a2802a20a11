//! The words of the invoice page's payment-plan section, in French and English (the words it
//! shares with the client's page are `ui/components/plan_words.rs`; the form's labels are the
//! domain's `Field::label`).

use chrono::NaiveDate;

use crate::domain::Money;
use crate::format;
use crate::i18n::Lang;

pub struct PlanTexts {
    pub form_title: &'static str,
    pub freeze: &'static str,
    pub freeze_hint: &'static str,
    pub monthly: &'static str,
    pub weekly: &'static str,
    pub preview_title: &'static str,
    pub preview_empty: &'static str,
    pub col_number: &'static str,
    pub col_date: &'static str,
    pub col_amount: &'static str,
    pub col_paid: &'static str,
    pub col_state: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub fix_fields: &'static str,
    pub terms: &'static str,
    pub amount_split: &'static str,
    pub status: &'static str,
    pub interest: &'static str,
    pub interest_runs: &'static str,
    pub installments_caption: &'static str,
    pub cancel_start: &'static str,
    pub cancel_warning: &'static str,
    pub cancel_confirm: &'static str,
    pub cancel_keep: &'static str,
    pub saved: &'static str,
    pub cancelled: &'static str,
    pub restored: &'static str,
    pub restore: &'static str,
    pub dismiss: &'static str,
    pub past_title: &'static str,
    pub none: &'static str,
    pub new_after_broken: &'static str,
}

static FR: PlanTexts = PlanTexts {
    form_title: "Nouvel échéancier",
    freeze: "Geler les intérêts de retard tant que l'échéancier est respecté",
    freeze_hint: "Le gel prend fin le lendemain d'une échéance manquée.",
    monthly: "Mensuelle",
    weekly: "Hebdomadaire",
    preview_title: "Aperçu des échéances",
    preview_empty: "Les échéances s'afficheront ici dès que le formulaire sera complet.",
    col_number: "N°",
    col_date: "Date",
    col_amount: "Montant",
    col_paid: "Déjà payé",
    col_state: "État",
    save: "Enregistrer l'échéancier",
    cancel: "Annuler",
    fix_fields: "L'échéancier n'a pas été enregistré : corrigez les champs signalés.",
    terms: "Conditions",
    amount_split: "Montant échelonné",
    status: "État de l'échéancier",
    interest: "Intérêts de retard",
    interest_runs: "Ils courent normalement pendant l'échéancier.",
    installments_caption: "Échéances",
    cancel_start: "Annuler l'échéancier…",
    cancel_warning: "L'échéancier sera supprimé ; les paiements enregistrés restent. Vous pourrez le rétablir juste après.",
    cancel_confirm: "Supprimer l'échéancier",
    cancel_keep: "Garder l'échéancier",
    saved: "Échéancier enregistré.",
    cancelled: "Échéancier supprimé.",
    restored: "Échéancier rétabli.",
    restore: "Rétablir l'échéancier",
    dismiss: "Fermer",
    past_title: "Échéanciers précédents",
    none: "Aucun échéancier.",
    new_after_broken: "Cet échéancier n'est plus respecté : vous pouvez en proposer un nouveau pour le solde restant.",
};

static EN: PlanTexts = PlanTexts {
    form_title: "New payment plan",
    freeze: "Freeze late interest while the plan is kept",
    freeze_hint: "The freeze ends the day after a missed installment.",
    monthly: "Monthly",
    weekly: "Weekly",
    preview_title: "Installments preview",
    preview_empty: "The installments will show here once the form is complete.",
    col_number: "No.",
    col_date: "Date",
    col_amount: "Amount",
    col_paid: "Paid so far",
    col_state: "State",
    save: "Save the payment plan",
    cancel: "Cancel",
    fix_fields: "The payment plan was not saved: correct the fields marked.",
    terms: "Terms",
    amount_split: "Amount split",
    status: "Plan status",
    interest: "Late interest",
    interest_runs: "It runs as usual during the plan.",
    installments_caption: "Installments",
    cancel_start: "Cancel the plan…",
    cancel_warning: "The plan will be deleted; recorded payments stay. You can restore it right after.",
    cancel_confirm: "Delete the plan",
    cancel_keep: "Keep the plan",
    saved: "Payment plan saved.",
    cancelled: "Payment plan deleted.",
    restored: "Payment plan restored.",
    restore: "Restore the plan",
    dismiss: "Dismiss",
    past_title: "Earlier payment plans",
    none: "No payment plan.",
    new_after_broken: "This plan is no longer kept: you may set up a new one for what is left.",
};

pub fn plan_texts(lang: Lang) -> &'static PlanTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// The preview's total: `3 échéances, 1 234,56 € au total : le solde au 10/02/2026`.
pub fn preview_total(count: usize, balance: Money, agreed_on: NaiveDate, lang: Lang) -> String {
    let amount = format::money(balance, lang);
    let date = format::date_short(agreed_on, lang);
    let plural = if count > 1 { "s" } else { "" };
    let text = match lang {
        Lang::Fr => {
            format!("{count} échéance{plural}, {amount} au total : le solde restant dû au {date}.")
        }
        Lang::En => {
            format!("{count} installment{plural}, {amount} in all: the open balance on {date}.")
        }
    };
    format::typography(&text, lang)
}

/// The heading of a plan: `Échéancier convenu le 10/02/2026`.
pub fn plan_heading(agreed_on: NaiveDate, lang: Lang) -> String {
    let date = format::date_short(agreed_on, lang);
    match lang {
        Lang::Fr => format!("Échéancier convenu le {date}"),
        Lang::En => format!("Payment plan agreed on {date}"),
    }
}

/// Whether interest is frozen: since when, and until when once the freeze ended.
pub fn freeze_text(from: NaiveDate, until: Option<NaiveDate>, lang: Lang) -> String {
    let from = format::date_short(from, lang);
    let text = match (until, lang) {
        (None, Lang::Fr) => {
            format!("Gelés depuis le {from}, tant que l'échéancier est respecté.")
        }
        (None, Lang::En) => format!("Frozen since {from}, while the plan is kept."),
        (Some(until), Lang::Fr) => format!(
            "Gelés du {from} au {} (le gel a pris fin).",
            format::date_short(until, lang)
        ),
        (Some(until), Lang::En) => format!(
            "Frozen from {from} to {} (the freeze has ended).",
            format::date_short(until, lang)
        ),
    };
    format::typography(&text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::calendar::test_support::date;
    use rust_decimal_macros::dec;

    #[test]
    fn the_preview_total_and_the_freeze_are_written_the_locale_way() {
        let balance = Money::new(dec!(1234.56), Currency::Eur);
        assert_eq!(
            preview_total(3, balance, date("2026-02-10"), Lang::Fr),
            "3 échéances, 1\u{202f}234,56\u{a0}€ au total\u{202f}: le solde restant dû au 10/02/2026."
        );
        assert_eq!(
            preview_total(1, balance, date("2026-02-10"), Lang::En),
            "1 installment, €1,234.56 in all: the open balance on 10 Feb 2026."
        );
        assert_eq!(
            freeze_text(date("2026-02-10"), Some(date("2026-03-02")), Lang::En),
            "Frozen from 10 Feb 2026 to 2 Mar 2026 (the freeze has ended)."
        );
    }
}
