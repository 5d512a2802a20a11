//! The dashboard's words, in French and in English (the first-run screen has its own).

use crate::domain::Bucket;
use crate::i18n::Lang;

pub struct DashboardTexts {
    pub as_of_label: &'static str,
    pub as_of_hint: &'static str,
    pub back_to_today: &'static str,
    pub totals_title: &'static str,
    pub open: &'static str,
    pub overdue: &'static str,
    pub nothing_open: &'static str,
    pub aging_title: &'static str,
    pub aging_hint: &'static str,
    pub bucket: &'static str,
    pub amount: &'static str,
    pub invoices: &'static str,
    pub actions_title: &'static str,
    pub no_actions: &'static str,
    pub mark_done: &'static str,
    pub prepare_letter: &'static str,
    pub export_aging: &'static str,
    pub export_plans: &'static str,
    pub export_contacts: &'static str,
    pub marked_done: &'static str,
    pub future_hint: &'static str,
    pub debtors_title: &'static str,
    pub no_debtors: &'static str,
    pub client: &'static str,
    pub grade: &'static str,
    pub forecast_title: &'static str,
    pub forecast_hint: &'static str,
    pub week_of: &'static str,
    pub expected: &'static str,
    pub overdue_now: &'static str,
    pub later: &'static str,
    pub disputed: &'static str,
    pub accrued_title: &'static str,
    pub accrued_hint: &'static str,
    pub interest: &'static str,
    pub compensation: &'static str,
    pub total: &'static str,
    pub currency: &'static str,
    pub nothing_accrued: &'static str,
    pub failed: &'static str,
}

const FR: DashboardTexts = DashboardTexts {
    as_of_label: "Situation au",
    as_of_hint: "Tous les chiffres sont recalculés à cette date, passée ou future.",
    back_to_today: "Revenir à aujourd'hui",
    totals_title: "Encours",
    open: "À encaisser",
    overdue: "Dont en retard",
    nothing_open: "Rien à encaisser à cette date.",
    aging_title: "Antériorité des créances",
    aging_hint: "Chaque barre ouvre la liste des factures de la tranche.",
    bucket: "Tranche",
    amount: "Montant",
    invoices: "Factures",
    actions_title: "Relances à faire",
    no_actions: "Aucune relance à faire à cette date.",
    mark_done: "Marquer comme faite",
    prepare_letter: "Préparer la lettre",
    export_aging: "La balance âgée à cette date",
    export_plans: "Les échéanciers",
    export_contacts: "L'historique des échanges",
    marked_done: "Relance notée dans l'historique des échanges.",
    future_hint: "Une relance se marque comme faite le jour même ou après\u{a0}: cette date est dans le futur.",
    debtors_title: "Principaux débiteurs",
    no_debtors: "Aucun client ne doit rien à cette date.",
    client: "Client",
    grade: "Note",
    forecast_title: "Encaissements prévus sur 12 semaines",
    forecast_hint: "Par semaine d'échéance (ou d'échéance d'échéancier), à partir du lundi de la semaine.",
    week_of: "Semaine du",
    expected: "Attendu",
    overdue_now: "Déjà en retard",
    later: "Au-delà de 12 semaines",
    disputed: "Contesté",
    accrued_title: "Pénalités de retard à ce jour",
    accrued_hint: "Intérêts de retard et indemnités forfaitaires de toutes les factures en retard, calculés comme sur la page de chaque facture.",
    interest: "Intérêts de retard",
    compensation: "Indemnités forfaitaires",
    total: "Total",
    currency: "Devise",
    nothing_accrued: "Aucune pénalité à ce jour.",
    failed: "Les chiffres n'ont pas pu être calculés (montants hors limites)\u{a0}; vos données ne sont pas touchées.",
};

const EN: DashboardTexts = DashboardTexts {
    as_of_label: "As of",
    as_of_hint: "Every figure is recomputed for this date, past or future.",
    back_to_today: "Back to today",
    totals_title: "Receivables",
    open: "Open",
    overdue: "Of which overdue",
    nothing_open: "Nothing to collect on this date.",
    aging_title: "Aging",
    aging_hint: "Each bar opens the list of the bucket's invoices.",
    bucket: "Bucket",
    amount: "Amount",
    invoices: "Invoices",
    actions_title: "Actions due today",
    no_actions: "No reminder to send on this date.",
    mark_done: "Mark done",
    prepare_letter: "Prepare the letter",
    export_aging: "The aging as of this date",
    export_plans: "The payment plans",
    export_contacts: "The contact log",
    marked_done: "Reminder noted in the contact log.",
    future_hint: "A reminder is marked done on its day or later: this date is in the future.",
    debtors_title: "Top debtors",
    no_debtors: "No client owes anything on this date.",
    client: "Client",
    grade: "Grade",
    forecast_title: "Cash-in forecast, 12 weeks",
    forecast_hint: "By week of the due date (or of the plan's instalment), weeks starting on Monday.",
    week_of: "Week of",
    expected: "Expected",
    overdue_now: "Already overdue",
    later: "After 12 weeks",
    disputed: "Disputed",
    accrued_title: "Late-payment interest to date",
    accrued_hint: "Late interest and fixed compensation of every overdue invoice, computed as on each invoice's page.",
    interest: "Late-payment interest",
    compensation: "Fixed compensation",
    total: "Total",
    currency: "Currency",
    nothing_accrued: "No late-payment interest to date.",
    failed: "The figures could not be computed (amounts out of range); your data is not touched.",
};

pub fn dashboard_texts(lang: Lang) -> &'static DashboardTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// A bucket's heading: « Non échue », « 1 à 30 jours », « Plus de 90 jours ».
pub fn bucket_label(bucket: Bucket, lang: Lang) -> String {
    match (bucket, lang) {
        (Bucket::NotYetDue, Lang::Fr) => "Non échue".to_string(),
        (Bucket::NotYetDue, Lang::En) => "Not yet due".to_string(),
        (Bucket::Range { from, to }, Lang::Fr) => format!("{from} à {to} jours"),
        (Bucket::Range { from, to }, Lang::En) => format!("{from}–{to} days"),
        (Bucket::Over { after: 0 }, Lang::Fr) => "En retard".to_string(),
        (Bucket::Over { after: 0 }, Lang::En) => "Overdue".to_string(),
        (Bucket::Over { after }, Lang::Fr) => format!("Plus de {after} jours"),
        (Bucket::Over { after }, Lang::En) => format!("Over {after} days"),
    }
}

/// « 3 factures », « 1 invoice ».
pub fn invoice_count(count: usize, lang: Lang) -> String {
    match (lang, count) {
        (Lang::Fr, 0 | 1) => format!("{count}\u{a0}facture"),
        (Lang::Fr, _) => format!("{count}\u{a0}factures"),
        (Lang::En, 1) => "1 invoice".to_string(),
        (Lang::En, _) => format!("{count} invoices"),
    }
}

/// « Première relance par e-mail, due depuis le 20/11/2026 ».
pub fn step_line(step: &str, channel: &str, since: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{step} par {channel}, à faire depuis le {since}"),
        Lang::En => format!("{step} by {channel}, due since {since}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_counts_read_naturally() {
        assert_eq!(
            bucket_label(Bucket::Range { from: 1, to: 30 }, Lang::Fr),
            "1 à 30 jours"
        );
        assert_eq!(
            bucket_label(Bucket::Over { after: 90 }, Lang::En),
            "Over 90 days"
        );
        assert_eq!(invoice_count(1, Lang::Fr), "1\u{a0}facture");
        assert_eq!(invoice_count(2, Lang::En), "2 invoices");
    }
}
