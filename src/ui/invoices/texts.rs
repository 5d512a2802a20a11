//! Every text of the invoices pages, in French and in English (a missing one does not compile).
//! The form's field labels are the domain's own (`Field::label`), so that a label and the
//! error that names it always agree.

use crate::domain::{Bucket, PaymentMethod};
use crate::i18n::Lang;
use crate::ui::invoices::list_model::RowStatus;

pub struct InvoicesTexts {
    pub title: &'static str,
    /// The heading of one invoice's page, before its number.
    pub one_invoice: &'static str,
    pub intro: &'static str,
    pub new_invoice: &'static str,
    pub new_client: &'static str,
    pub import_csv: &'static str,
    pub filters: &'static str,
    pub filter_status: &'static str,
    pub any_status: &'static str,
    pub filter_client: &'static str,
    pub any_client: &'static str,
    pub filter_bucket: &'static str,
    pub any_bucket: &'static str,
    pub filter_from: &'static str,
    pub filter_to: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub clear_filters: &'static str,
    pub caption: &'static str,
    pub col_number: &'static str,
    pub col_client: &'static str,
    pub col_issue: &'static str,
    pub col_due: &'static str,
    pub col_amount: &'static str,
    pub col_open: &'static str,
    pub col_days_late: &'static str,
    pub col_bucket: &'static str,
    pub col_status: &'static str,
    pub col_next_step: &'static str,
    pub prepare_letter: &'static str,
    pub export_invoices: &'static str,
    pub export_payments: &'static str,
    pub export_credit_notes: &'static str,
    pub status_draft: &'static str,
    pub status_sent: &'static str,
    pub status_partially_paid: &'static str,
    pub status_overdue: &'static str,
    pub status_paid: &'static str,
    pub status_disputed: &'static str,
    pub status_written_off: &'static str,
    pub not_yet_due: &'static str,
    pub hold_disputed: &'static str,
    pub hold_plan: &'static str,
    pub no_value: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub totals: &'static str,
    pub empty: &'static str,
    pub empty_hint: &'static str,
    pub no_match: &'static str,
    pub loading: &'static str,
    pub link_problems: &'static str,
    // The form.
    pub title_new: &'static str,
    pub title_edit: &'static str,
    pub title_copy: &'static str,
    pub not_found: &'static str,
    pub back_to_list: &'static str,
    pub no_clients: &'static str,
    pub choose_client: &'static str,
    pub status: &'static str,
    pub amount_basis: &'static str,
    pub amount_gross: &'static str,
    pub amount_net: &'static str,
    pub amount_hint: &'static str,
    pub terms: &'static str,
    pub terms_on_receipt: &'static str,
    pub terms_net: &'static str,
    pub terms_days_end_of_month: &'static str,
    pub terms_end_of_month_days: &'static str,
    pub terms_fixed_date: &'static str,
    pub due_preview: &'static str,
    pub other_reading: &'static str,
    pub use_other_reading: &'static str,
    pub due_by_hand: &'static str,
    pub due_by_hand_hint: &'static str,
    pub discount_hint: &'static str,
    pub penalty: &'static str,
    pub penalty_none: &'static str,
    pub penalty_suggested: &'static str,
    pub use_suggested: &'static str,
    pub warnings: &'static str,
    pub save_new: &'static str,
    pub save_edit: &'static str,
    pub cancel: &'static str,
    pub fix_fields: &'static str,
    pub duplicate: &'static str,
    pub saved: &'static str,
    pub dismiss: &'static str,
    pub delete: &'static str,
    pub delete_warning: &'static str,
    pub delete_confirm: &'static str,
    pub deleted: &'static str,
    pub undo: &'static str,
    pub undone: &'static str,
    pub edit: &'static str,
    pub payments: &'static str,
    pub no_payments: &'static str,
    pub paid: &'static str,
    pub credited: &'static str,
    pub payment_date: &'static str,
    pub payment_amount: &'static str,
    pub payment_reference: &'static str,
    pub invoice_details: &'static str,
    pub record_payment: &'static str,
    pub pay_save: &'static str,
    pub pay_amount_hint: &'static str,
    pub pay_deposit_hint: &'static str,
    pub pay_draft: &'static str,
    pub deposit: &'static str,
    pub col_actions: &'static str,
    pub remove_payment: &'static str,
    pub undo_payment: &'static str,
    pub record_credit: &'static str,
    pub credit_open: &'static str,
    pub credit_save: &'static str,
    pub credit_hint: &'static str,
    pub credit_amount_hint: &'static str,
    pub credit_draft: &'static str,
    pub undo_credit: &'static str,
    pub credit_tag: &'static str,
    pub demo_client: &'static str,
    pub status_actions: &'static str,
    pub mark_sent: &'static str,
    pub mark_disputed: &'static str,
    pub dispute_reason: &'static str,
    pub dispute_channel: &'static str,
    pub dispute_hint: &'static str,
    pub dispute_confirm: &'static str,
    pub write_off: &'static str,
    pub write_off_warning: &'static str,
    pub write_off_confirm: &'static str,
    pub back_to_sent: &'static str,
}

static FR: InvoicesTexts = InvoicesTexts {
    title: "Factures",
    one_invoice: "Facture",
    intro: "Vos factures, leurs échéances, leurs paiements et leur statut.",
    new_invoice: "Nouvelle facture",
    new_client: "Nouveau client",
    import_csv: "Importer des factures (CSV, Factur-X, UBL)",
    filters: "Filtrer les factures",
    filter_status: "Statut",
    any_status: "Tous les statuts",
    filter_client: "Client",
    any_client: "Tous les clients",
    filter_bucket: "Retard",
    any_bucket: "Toutes les tranches",
    filter_from: "Émise à partir du",
    filter_to: "Émise jusqu'au",
    search: "Rechercher",
    search_hint: "Numéro, client ou notes\u{a0}; sans tenir compte des majuscules ni des accents.",
    clear_filters: "Effacer les filtres",
    caption: "Factures au",
    col_number: "Numéro",
    col_client: "Client",
    col_issue: "Émission",
    col_due: "Échéance",
    col_amount: "Montant TTC",
    col_open: "Reste dû",
    col_days_late: "Jours de retard",
    col_bucket: "Tranche",
    col_status: "Statut",
    col_next_step: "Prochaine relance",
    prepare_letter: "Préparer la lettre",
    export_invoices: "Les factures",
    export_payments: "Leurs paiements",
    export_credit_notes: "Leurs avoirs",
    status_draft: "Brouillon",
    status_sent: "Envoyée",
    status_partially_paid: "Payée en partie",
    status_overdue: "En retard",
    status_paid: "Payée",
    status_disputed: "Contestée",
    status_written_off: "Passée en perte",
    not_yet_due: "Non échue",
    hold_disputed: "suspendue (contestation)",
    hold_plan: "suspendue (échéancier respecté)",
    no_value: "—",
    previous: "Page précédente",
    next: "Page suivante",
    totals: "Total",
    empty: "Aucune facture pour l'instant.",
    empty_hint: "Enregistrez votre première facture, ou commencez par créer le client à qui elle est adressée.",
    no_match: "Aucune facture ne correspond à ces critères.",
    loading: "Lecture de vos données…",
    link_problems: "Une partie du lien n'a pas été comprise\u{a0}:",
    title_new: "Nouvelle facture",
    title_edit: "Modifier la facture",
    title_copy: "Dupliquer une facture",
    not_found: "Cette facture n'existe pas, ou plus.",
    back_to_list: "Retour aux factures",
    no_clients: "Aucun client pour l'instant\u{a0}: créez d'abord le client à qui la facture est adressée.",
    choose_client: "Choisissez un client…",
    status: "Statut",
    amount_basis: "Le montant saisi est",
    amount_gross: "toutes taxes comprises (TTC)",
    amount_net: "hors taxes (HT)",
    amount_hint: "Par exemple 1 234,56 ou 1,234.56.",
    terms: "Conditions de paiement",
    terms_on_receipt: "À réception",
    terms_net: "Net à N jours",
    terms_days_end_of_month: "N jours fin de mois (N jours, puis fin du mois)",
    terms_end_of_month_days: "Fin de mois + N jours (fin du mois, puis N jours)",
    terms_fixed_date: "Date convenue",
    due_preview: "Échéance calculée\u{a0}:",
    other_reading: "L'autre lecture de «\u{a0}fin de mois\u{a0}» donnerait le",
    use_other_reading: "Utiliser cette lecture",
    due_by_hand: "Échéance fixée à la main (facultatif)",
    due_by_hand_hint: "Laissez vide pour la calculer d'après les conditions de paiement.",
    discount_hint: "Facultatif\u{a0}: un escompte pour paiement anticipé, en % et dans un délai en jours.",
    penalty: "Pénalités de retard",
    penalty_none: "Aucune pénalité",
    penalty_suggested: "Pour ce client, la loi prévoit\u{a0}:",
    use_suggested: "Appliquer",
    warnings: "À vérifier (la facture peut tout de même être enregistrée)\u{a0}:",
    save_new: "Enregistrer la facture",
    save_edit: "Enregistrer les modifications",
    cancel: "Annuler",
    fix_fields: "Rien n'a été enregistré\u{a0}: corrigez les champs signalés.",
    duplicate: "Dupliquer",
    saved: "Facture enregistrée\u{a0}:",
    dismiss: "Fermer",
    delete: "Supprimer ce brouillon…",
    delete_warning: "Ce brouillon sera supprimé. Vous pourrez annuler juste après.",
    delete_confirm: "Supprimer",
    deleted: "Brouillon supprimé\u{a0}:",
    undo: "Annuler la suppression",
    undone: "Brouillon rétabli\u{a0}:",
    edit: "Modifier",
    payments: "Paiements et avoirs",
    no_payments: "Aucun paiement ni avoir enregistré.",
    paid: "Payé",
    credited: "Avoirs",
    payment_date: "Date",
    payment_amount: "Montant",
    payment_reference: "Référence",
    invoice_details: "Détails de la facture",
    record_payment: "Enregistrer un paiement",
    pay_save: "Enregistrer le paiement",
    pay_amount_hint: "Par défaut, le reste dû. Par exemple 1 234,56 ou 1,234.56.",
    pay_deposit_hint: "Reçu avant l'échéance\u{a0}: ce paiement est un acompte.",
    pay_draft: "Cette facture est un brouillon\u{a0}: marquez-la comme envoyée avant d'y enregistrer un paiement.",
    deposit: "acompte",
    col_actions: "Action",
    remove_payment: "Supprimer",
    undo_payment: "Rétablir le paiement",
    record_credit: "Avoirs",
    credit_open: "Enregistrer un avoir",
    credit_save: "Enregistrer l'avoir",
    credit_amount_hint: "Par exemple 1 234,56 ou 1,234.56.",
    credit_hint: "Un avoir annule tout ou partie de la facture\u{a0}: son montant est déduit du reste dû.",
    credit_draft: "Cette facture est un brouillon\u{a0}: modifiez son montant plutôt que de lui faire un avoir.",
    undo_credit: "Rétablir l'avoir",
    credit_tag: "avoir",
    demo_client: "Ce client fait partie des données de démonstration\u{a0}: cette facture sera effacée avec elles. Pour vos vraies factures, créez vos propres clients.",
    status_actions: "Statut de la facture",
    mark_sent: "Marquer comme envoyée",
    mark_disputed: "Marquer comme contestée…",
    dispute_reason: "Motif de la contestation (facultatif)",
    dispute_channel: "Contestation reçue par",
    dispute_hint: "Le motif est noté dans le journal des échanges du client. Une facture contestée n'est plus relancée.",
    dispute_confirm: "Marquer comme contestée",
    write_off: "Passer en perte…",
    write_off_warning: "La facture ne sera plus comptée dans ce qui vous est dû ni relancée. Vous pourrez la remettre en «\u{a0}envoyée\u{a0}».",
    write_off_confirm: "Passer en perte",
    back_to_sent: "Remettre en «\u{a0}envoyée\u{a0}»",
};

static EN: InvoicesTexts = InvoicesTexts {
    title: "Invoices",
    one_invoice: "Invoice",
    intro: "Your invoices, their due dates, their payments and their status.",
    new_invoice: "New invoice",
    new_client: "New client",
    import_csv: "Import invoices (CSV, Factur-X, UBL)",
    filters: "Filter the invoices",
    filter_status: "Status",
    any_status: "Any status",
    filter_client: "Client",
    any_client: "Any client",
    filter_bucket: "Lateness",
    any_bucket: "Any bucket",
    filter_from: "Issued from",
    filter_to: "Issued until",
    search: "Search",
    search_hint: "Number, client or notes; case and accents ignored.",
    clear_filters: "Clear the filters",
    caption: "Invoices as of",
    col_number: "Number",
    col_client: "Client",
    col_issue: "Issued",
    col_due: "Due",
    col_amount: "Amount (tax incl.)",
    col_open: "Open balance",
    col_days_late: "Days late",
    col_bucket: "Bucket",
    col_status: "Status",
    col_next_step: "Next reminder",
    prepare_letter: "Prepare the letter",
    export_invoices: "The invoices",
    export_payments: "Their payments",
    export_credit_notes: "Their credit notes",
    status_draft: "Draft",
    status_sent: "Sent",
    status_partially_paid: "Partially paid",
    status_overdue: "Overdue",
    status_paid: "Paid",
    status_disputed: "Disputed",
    status_written_off: "Written off",
    not_yet_due: "Not yet due",
    hold_disputed: "on hold (disputed)",
    hold_plan: "on hold (payment plan kept)",
    no_value: "—",
    previous: "Previous page",
    next: "Next page",
    totals: "Total",
    empty: "No invoice yet.",
    empty_hint: "Record your first invoice, or start with the client it is addressed to.",
    no_match: "No invoice matches these criteria.",
    loading: "Reading your data…",
    link_problems: "Part of the link was not understood:",
    title_new: "New invoice",
    title_edit: "Edit invoice",
    title_copy: "Duplicate an invoice",
    not_found: "This invoice does not exist, or no longer does.",
    back_to_list: "Back to the invoices",
    no_clients: "No client yet: first create the client the invoice is addressed to.",
    choose_client: "Choose a client…",
    status: "Status",
    amount_basis: "The amount typed is",
    amount_gross: "tax included",
    amount_net: "before tax",
    amount_hint: "For example 1,234.56 or 1 234,56.",
    terms: "Payment terms",
    terms_on_receipt: "On receipt",
    terms_net: "Net N days",
    terms_days_end_of_month: "N days end of month (N days, then the month's end)",
    terms_end_of_month_days: "End of month + N days (the month's end, then N days)",
    terms_fixed_date: "Agreed date",
    due_preview: "Due date:",
    other_reading: "The other reading of “end of month” would give",
    use_other_reading: "Use this reading",
    due_by_hand: "Due date set by hand (optional)",
    due_by_hand_hint: "Leave empty to compute it from the payment terms.",
    discount_hint: "Optional: a discount for early payment, in % and within a number of days.",
    penalty: "Late-payment penalties",
    penalty_none: "No penalty",
    penalty_suggested: "For this client, the law provides:",
    use_suggested: "Apply",
    warnings: "To check (the invoice can still be saved):",
    save_new: "Save the invoice",
    save_edit: "Save the changes",
    cancel: "Cancel",
    fix_fields: "Nothing was saved: correct the fields marked.",
    duplicate: "Duplicate",
    saved: "Invoice saved:",
    dismiss: "Dismiss",
    delete: "Delete this draft…",
    delete_warning: "This draft will be deleted. You can undo it right after.",
    delete_confirm: "Delete",
    deleted: "Draft deleted:",
    undo: "Undo",
    undone: "Draft restored:",
    edit: "Edit",
    payments: "Payments and credit notes",
    no_payments: "No payment or credit note recorded.",
    paid: "Paid",
    credited: "Credit notes",
    payment_date: "Date",
    payment_amount: "Amount",
    payment_reference: "Reference",
    invoice_details: "Invoice details",
    record_payment: "Record a payment",
    pay_save: "Save the payment",
    pay_amount_hint: "By default, the open balance. For example 1,234.56 or 1 234,56.",
    pay_deposit_hint: "Received before the due date: this payment is a deposit.",
    pay_draft: "This invoice is a draft: mark it as sent before recording a payment.",
    deposit: "deposit",
    col_actions: "Action",
    remove_payment: "Remove",
    undo_payment: "Restore the payment",
    record_credit: "Credit notes",
    credit_open: "Record a credit note",
    credit_save: "Save the credit note",
    credit_amount_hint: "For example 1,234.56 or 1 234,56.",
    credit_hint: "A credit note cancels all or part of the invoice: its amount comes off the open balance.",
    credit_draft: "This invoice is a draft: change its amount rather than issuing a credit note.",
    undo_credit: "Restore the credit note",
    credit_tag: "credit note",
    demo_client: "This client is part of the demo data: this invoice will be erased with it. For your real invoices, create your own clients.",
    status_actions: "Invoice status",
    mark_sent: "Mark as sent",
    mark_disputed: "Mark as disputed…",
    dispute_reason: "Reason for the dispute (optional)",
    dispute_channel: "Dispute received by",
    dispute_hint: "The reason is noted in the client's contact log. A disputed invoice gets no reminders.",
    dispute_confirm: "Mark as disputed",
    write_off: "Write off…",
    write_off_warning: "The invoice will no longer count in what you are owed nor get reminders. You can set it back to “sent”.",
    write_off_confirm: "Write off",
    back_to_sent: "Back to “sent”",
};

/// A payment method's name in the payment form's list.
pub fn method_label(method: PaymentMethod, lang: Lang) -> &'static str {
    let (fr, en) = match method {
        PaymentMethod::BankTransfer => ("Virement", "Bank transfer"),
        PaymentMethod::Card => ("Carte", "Card"),
        PaymentMethod::Cheque => ("Chèque", "Cheque"),
        PaymentMethod::Cash => ("Espèces", "Cash"),
        PaymentMethod::DirectDebit => ("Prélèvement", "Direct debit"),
        PaymentMethod::Other => ("Autre", "Other"),
    };
    if lang == Lang::Fr { fr } else { en }
}

pub fn invoices_texts(lang: Lang) -> &'static InvoicesTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

impl InvoicesTexts {
    pub fn status(&self, status: RowStatus) -> &'static str {
        match status {
            RowStatus::Draft => self.status_draft,
            RowStatus::Sent => self.status_sent,
            RowStatus::PartiallyPaid => self.status_partially_paid,
            RowStatus::Overdue => self.status_overdue,
            RowStatus::Paid => self.status_paid,
            RowStatus::Disputed => self.status_disputed,
            RowStatus::WrittenOff => self.status_written_off,
        }
    }
}

/// A bucket's name: `Non échue`, `1–30 jours`, `plus de 90 jours`.
pub fn bucket_label(bucket: Bucket, lang: Lang) -> String {
    let texts = invoices_texts(lang);
    match (bucket, lang) {
        (Bucket::NotYetDue, _) => texts.not_yet_due.to_string(),
        (Bucket::Range { from, to }, Lang::Fr) => format!("{from}–{to}\u{a0}jours"),
        (Bucket::Range { from, to }, Lang::En) => format!("{from}–{to} days"),
        (Bucket::Over { after }, Lang::Fr) => format!("plus de {after}\u{a0}jours"),
        (Bucket::Over { after }, Lang::En) => format!("over {after} days"),
    }
}

/// "12 factures sur 40" / "12 of 40 invoices".
pub fn matching_line(matching: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr if total <= 1 => format!("{matching} facture sur {total}"),
        Lang::Fr => format!(
            "{matching} facture{} sur {total}",
            if matching > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "{matching} of {total} invoice{}",
            if total == 1 { "" } else { "s" }
        ),
    }
}

/// "51–100 affichées, page 2 sur 5" / "51–100 shown, page 2 of 5".
pub fn page_line(first: usize, last: usize, page: usize, pages: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{first}–{last} affichées, page {page} sur {pages}"),
        Lang::En => format!("{first}–{last} shown, page {page} of {pages}"),
    }
}

/// The totals row's heading: "Total EUR (3 factures)".
pub fn totals_label(code: &str, count: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Total {code} ({count}\u{a0}facture{})",
            if count > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "Total {code} ({count} invoice{})",
            if count == 1 { "" } else { "s" }
        ),
    }
}

/// "12 j" / "12 d".
pub fn days(count: i64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{count}\u{a0}j"),
        Lang::En => format!("{count} d"),
    }
}

/// The "stop new work" warning of the form, for a client who owes an invoice more than 30 days
/// late (`domain::stop_work`): a warning, the invoice can still be saved.
pub fn stop_work_warning(stop: &crate::domain::StopWork, lang: Lang) -> String {
    let overdue = stop
        .overdue
        .iter()
        .map(|amount| crate::format::money(*amount, lang))
        .collect::<Vec<_>>()
        .join(" + ");
    let due = crate::format::date_long(stop.oldest_due, lang);
    match lang {
        Lang::Fr => format!(
            "Nouveaux travaux déconseillés\u{a0}: ce client a {overdue} en retard, dont la facture «\u{a0}{}\u{a0}», échue le {due} ({}\u{a0}jours de retard). Vous pouvez tout de même enregistrer cette facture.",
            stop.oldest_number, stop.days_late
        ),
        Lang::En => format!(
            "New work not advised: this client has {overdue} overdue, including invoice “{}”, due {due} ({} days late). You can still save this invoice.",
            stop.oldest_number, stop.days_late
        ),
    }
}

/// What the invoice form says when the invoice was changed in another tab while it was being
/// edited, and a field was changed both there and here.
pub struct ConflictTexts {
    /// At the top of the form, before the fields concerned.
    pub intro: &'static str,
    /// Before the sentence of a merge that no longer holds together.
    pub broken: &'static str,
    pub keep_mine: &'static str,
    pub take_theirs: &'static str,
    /// Once settled: what the next save does.
    pub settled: &'static str,
    /// A value left empty.
    pub none: &'static str,
    /// A due date not set by hand.
    pub due_from_terms: &'static str,
}

static CONFLICT_FR: ConflictTexts = ConflictTexts {
    intro: "Cette facture a été modifiée dans un autre onglet pendant votre saisie. Rien n'a été enregistré, et ce que vous avez saisi est conservé. Pour les champs ci-dessous, choisissez la valeur à garder, puis enregistrez.",
    broken: "Réunies, les deux versions ne tiennent plus ensemble\u{a0}:",
    keep_mine: "Garder mes valeurs",
    take_theirs: "Prendre celles de l'autre onglet",
    settled: "C'est noté\u{a0}: enregistrez pour appliquer ces valeurs. Les autres modifications de l'autre onglet sont gardées.",
    none: "(vide)",
    due_from_terms: "selon les conditions de paiement",
};

static CONFLICT_EN: ConflictTexts = ConflictTexts {
    intro: "This invoice was changed in another tab while you were editing it. Nothing was saved, and what you typed is kept. For the fields below, choose the value to keep, then save.",
    broken: "Put together, the two versions no longer hold:",
    keep_mine: "Keep mine",
    take_theirs: "Take the other tab's",
    settled: "Noted: save to apply these values. The other tab's other changes are kept.",
    none: "(empty)",
    due_from_terms: "from the payment terms",
};

pub fn conflict_texts(lang: Lang) -> &'static ConflictTexts {
    match lang {
        Lang::Fr => &CONFLICT_FR,
        Lang::En => &CONFLICT_EN,
    }
}

/// Beside a field changed both here and in another tab: `theirs`, `mine`.
pub fn changed_elsewhere(theirs: &str, mine: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Modifié dans un autre onglet pendant votre saisie\u{a0}: «\u{a0}{theirs}\u{a0}». Votre valeur\u{a0}: «\u{a0}{mine}\u{a0}»."
        ),
        Lang::En => {
            format!("Changed in another tab while you were editing: “{theirs}”. Yours: “{mine}”.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number_in_both_languages() {
        assert_eq!(matching_line(1, 1, Lang::Fr), "1 facture sur 1");
        assert_eq!(matching_line(2, 40, Lang::Fr), "2 factures sur 40");
        assert_eq!(matching_line(0, 40, Lang::Fr), "0 facture sur 40");
        assert_eq!(matching_line(1, 1, Lang::En), "1 of 1 invoice");
        assert_eq!(matching_line(0, 40, Lang::En), "0 of 40 invoices");
        assert_eq!(
            totals_label("EUR", 1, Lang::Fr),
            "Total EUR (1\u{a0}facture)"
        );
        assert_eq!(totals_label("GBP", 3, Lang::En), "Total GBP (3 invoices)");
    }

    #[test]
    fn french_texts_keep_a_no_break_space_before_double_punctuation() {
        let texts = invoices_texts(Lang::Fr);
        for text in [
            texts.search_hint,
            texts.link_problems,
            texts.no_clients,
            texts.due_preview,
            texts.other_reading,
            texts.discount_hint,
            texts.penalty_suggested,
            texts.warnings,
            texts.fix_fields,
            texts.saved,
            texts.deleted,
            texts.undone,
            texts.pay_deposit_hint,
            texts.pay_draft,
            texts.credit_hint,
            texts.credit_draft,
            texts.write_off_warning,
            texts.back_to_sent,
        ] {
            for mark in [':', ';', '?', '!', '»'] {
                assert!(!text.contains(&format!(" {mark}")), "{text:?}");
            }
            assert!(!text.contains("« "), "{text:?}");
        }
    }

    #[test]
    fn buckets_are_named_in_both_languages() {
        let range = Bucket::Range { from: 1, to: 30 };
        assert_eq!(bucket_label(range, Lang::Fr), "1–30\u{a0}jours");
        assert_eq!(
            bucket_label(Bucket::Over { after: 90 }, Lang::En),
            "over 90 days"
        );
        assert_eq!(bucket_label(Bucket::NotYetDue, Lang::Fr), "Non échue");
    }
}
