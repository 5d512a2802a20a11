//! Every word of the clients pages, in French and in English (a missing one does not compile),
//! and the few sentences built from values (counts, terms, the regime, the stop-work warning).
//! Field labels are the domain's (`Field::label`), so a form and its errors name a field alike.

use chrono::NaiveDate;

use crate::domain::interest::RegimeId;
use crate::domain::{ClientKind, Country, DueRule, PaymentTerms, default_clause_for};
use crate::format;
use crate::i18n::Lang;

pub struct ClientsTexts {
    /// A colon after a label: `\u{a0}:` in French, `:` in English.
    pub colon: &'static str,
    // The list.
    pub title: &'static str,
    pub intro: &'static str,
    pub new_client: &'static str,
    pub import_csv: &'static str,
    pub export_clients: &'static str,
    pub search: &'static str,
    pub search_hint: &'static str,
    pub caption: &'static str,
    pub col_name: &'static str,
    pub col_open: &'static str,
    pub col_overdue: &'static str,
    pub col_dso: &'static str,
    pub col_grade: &'static str,
    pub nothing: &'static str,
    pub empty: &'static str,
    pub empty_link: &'static str,
    pub no_match: &'static str,
    pub loading: &'static str,
    pub figures_failed: &'static str,
    pub deleted: &'static str,
    // The form.
    pub title_new: &'static str,
    pub title_edit: &'static str,
    pub section_identity: &'static str,
    pub section_terms: &'static str,
    pub tax_id_hint: &'static str,
    pub country_hint: &'static str,
    pub terms_days_hint: &'static str,
    pub discount_hint: &'static str,
    pub kind_business: &'static str,
    pub kind_consumer: &'static str,
    pub kind_public_body: &'static str,
    pub terms_on_receipt: &'static str,
    pub terms_net: &'static str,
    pub terms_days_end_of_month: &'static str,
    pub terms_end_of_month_days: &'static str,
    pub terms_fixed_date: &'static str,
    pub regime: &'static str,
    pub regime_none: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub not_saved: &'static str,
    pub created: &'static str,
    pub saved: &'static str,
    pub delete_title: &'static str,
    pub delete_start: &'static str,
    pub delete_warning: &'static str,
    pub delete_confirm: &'static str,
    // One client.
    pub unknown: &'static str,
    pub back_to_list: &'static str,
    pub edit: &'static str,
    pub new_invoice: &'static str,
    pub section_details: &'static str,
    pub section_statistics: &'static str,
    pub section_invoices: &'static str,
    pub terms: &'static str,
    pub stop_work_title: &'static str,
    pub stat_dso: &'static str,
    pub stat_average_late: &'static str,
    pub stat_worst_late: &'static str,
    pub stat_on_time: &'static str,
    pub invoices_caption: &'static str,
    pub col_number: &'static str,
    pub col_issued: &'static str,
    pub col_due: &'static str,
    pub col_amount: &'static str,
    pub col_status: &'static str,
    pub no_invoices: &'static str,
    pub status_draft: &'static str,
    pub status_paid: &'static str,
    pub status_partly_paid: &'static str,
    pub status_not_due: &'static str,
    pub status_disputed: &'static str,
    pub status_written_off: &'static str,
    pub col_date: &'static str,
}

static FR: ClientsTexts = ClientsTexts {
    colon: "\u{a0}:",
    title: "Clients",
    intro: "Qui vous doit quoi, depuis quand, et le risque de chaque client (note de A à E, expliquée en une phrase).",
    new_client: "Nouveau client",
    import_csv: "Importer un fichier CSV",
    export_clients: "Les clients et leurs statistiques",
    search: "Rechercher un client",
    search_hint: "Nom, SIREN, SIRET, n° de TVA ou adresse e-mail.",
    caption: "Vos clients au",
    col_name: "Client",
    col_open: "Solde dû",
    col_overdue: "En retard",
    col_dso: "DSO (jours)",
    col_grade: "Note de risque",
    nothing: "—",
    empty: "Aucun client pour l'instant.",
    empty_link: "Créer votre premier client",
    no_match: "Aucun client ne correspond à cette recherche.",
    loading: "Lecture de vos données…",
    figures_failed: "Les montants de vos clients ne peuvent pas être calculés\u{a0}:",
    deleted: "Le client a été supprimé.",
    title_new: "Nouveau client",
    title_edit: "Modifier le client",
    section_identity: "Identité et coordonnées",
    section_terms: "Conditions de paiement par défaut",
    tax_id_hint: "Facultatif. SIREN (9 chiffres), SIRET (14 chiffres) ou n° de TVA intracommunautaire (FR…)\u{a0}; les espaces sont ignorés.",
    country_hint: "Code à deux lettres\u{a0}: FR, BE, DE, GB…",
    terms_days_hint: "Proposées pour chaque nouvelle facture de ce client\u{a0}; modifiables facture par facture.",
    discount_hint: "Facultatif\u{a0}: un escompte en % et le délai (en jours) pour en bénéficier.",
    kind_business: "Entreprise ou professionnel",
    kind_consumer: "Particulier",
    kind_public_body: "Organisme public",
    terms_on_receipt: "À réception",
    terms_net: "Net à N jours",
    terms_days_end_of_month: "N jours fin de mois (N jours, puis fin du mois)",
    terms_end_of_month_days: "Fin de mois + N jours",
    terms_fixed_date: "À une date convenue",
    regime: "Pénalités de retard",
    regime_none: "aucun régime légal pour ce pays et ce type de client\u{a0}: indiquez un taux sur chaque facture.",
    save: "Enregistrer",
    cancel: "Annuler",
    not_saved: "Le client n'a pas été enregistré\u{a0}: corrigez les champs signalés.",
    created: "Client créé.",
    saved: "Modifications enregistrées.",
    delete_title: "Supprimer ce client",
    delete_start: "Supprimer ce client…",
    delete_warning: "Le client sera supprimé de ce navigateur. Cette action ne peut pas être annulée.",
    delete_confirm: "Supprimer définitivement",
    unknown: "Ce client n'existe pas (ou plus).",
    back_to_list: "Tous les clients",
    edit: "Modifier",
    new_invoice: "Nouvelle facture pour ce client",
    section_details: "Coordonnées",
    section_statistics: "Statistiques",
    section_invoices: "Factures",
    terms: "Conditions de paiement",
    stop_work_title: "Nouveaux travaux déconseillés",
    stat_dso: "DSO (délai moyen de paiement)",
    stat_average_late: "Retard moyen",
    stat_worst_late: "Pire retard",
    stat_on_time: "Payées à l'échéance",
    invoices_caption: "Factures de ce client",
    col_number: "Numéro",
    col_issued: "Émise le",
    col_due: "Échéance",
    col_amount: "Montant TTC",
    col_status: "État",
    no_invoices: "Aucune facture pour ce client.",
    status_draft: "Brouillon",
    status_paid: "Payée",
    status_partly_paid: "Partiellement payée",
    status_not_due: "À échoir",
    status_disputed: "Contestée",
    status_written_off: "Passée en perte",
    col_date: "Date",
};

static EN: ClientsTexts = ClientsTexts {
    colon: ":",
    title: "Clients",
    intro: "Who owes you what, since when, and each client's risk (a grade from A to E, explained in one sentence).",
    new_client: "New client",
    import_csv: "Import a CSV file",
    export_clients: "The clients and their statistics",
    search: "Search clients",
    search_hint: "Name, SIREN, SIRET, VAT number or e-mail address.",
    caption: "Your clients as of",
    col_name: "Client",
    col_open: "Open balance",
    col_overdue: "Overdue",
    col_dso: "DSO (days)",
    col_grade: "Risk grade",
    nothing: "—",
    empty: "No client yet.",
    empty_link: "Create your first client",
    no_match: "No client matches this search.",
    loading: "Reading your data…",
    figures_failed: "Your clients' amounts cannot be computed:",
    deleted: "The client was deleted.",
    title_new: "New client",
    title_edit: "Edit client",
    section_identity: "Identity and contact details",
    section_terms: "Default payment terms",
    tax_id_hint: "Optional. SIREN (9 digits), SIRET (14 digits) or EU VAT number (FR…); spaces are ignored.",
    country_hint: "Two-letter code: FR, BE, DE, GB…",
    terms_days_hint: "Offered for each new invoice of this client; can be changed invoice by invoice.",
    discount_hint: "Optional: an early-payment discount in % and the days within which it applies.",
    kind_business: "Business or professional",
    kind_consumer: "Consumer",
    kind_public_body: "Public body",
    terms_on_receipt: "On receipt",
    terms_net: "Net N days",
    terms_days_end_of_month: "N days end of month (N days, then the month's end)",
    terms_end_of_month_days: "End of month + N days",
    terms_fixed_date: "On an agreed date",
    regime: "Late-payment penalties",
    regime_none: "no statutory regime for this country and kind of client: state a rate on each invoice.",
    save: "Save",
    cancel: "Cancel",
    not_saved: "The client was not saved: correct the fields marked.",
    created: "Client created.",
    saved: "Changes saved.",
    delete_title: "Delete this client",
    delete_start: "Delete this client…",
    delete_warning: "The client will be deleted from this browser. This cannot be undone.",
    delete_confirm: "Delete for good",
    unknown: "There is no such client (any more).",
    back_to_list: "All clients",
    edit: "Edit",
    new_invoice: "New invoice for this client",
    section_details: "Contact details",
    section_statistics: "Statistics",
    section_invoices: "Invoices",
    terms: "Payment terms",
    stop_work_title: "Think twice before new work",
    stat_dso: "DSO (days sales outstanding)",
    stat_average_late: "Average days late",
    stat_worst_late: "Worst days late",
    stat_on_time: "Paid on time",
    invoices_caption: "This client's invoices",
    col_number: "Number",
    col_issued: "Issued",
    col_due: "Due",
    col_amount: "Amount incl. tax",
    col_status: "Status",
    no_invoices: "No invoice for this client.",
    status_draft: "Draft",
    status_paid: "Paid",
    status_partly_paid: "Partly paid",
    status_not_due: "Not yet due",
    status_disputed: "Disputed",
    status_written_off: "Written off",
    col_date: "Date",
};

pub fn clients_texts(lang: Lang) -> &'static ClientsTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

impl ClientsTexts {
    pub fn kind(&self, kind: ClientKind) -> &'static str {
        match kind {
            ClientKind::Business => self.kind_business,
            ClientKind::Consumer => self.kind_consumer,
            ClientKind::PublicBody => self.kind_public_body,
        }
    }

    /// The terms' choices, by [`DueRule::code`], in the order shown.
    pub fn terms_choices(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("on-receipt", self.terms_on_receipt),
            ("net", self.terms_net),
            ("days-end-of-month", self.terms_days_end_of_month),
            ("end-of-month-days", self.terms_end_of_month_days),
            ("fixed-date", self.terms_fixed_date),
        ]
    }

    /// The kinds' choices, by [`ClientKind::code`].
    pub fn kind_choices(&self) -> Vec<(&'static str, &'static str)> {
        ClientKind::ALL
            .into_iter()
            .map(|kind| (kind.code(), self.kind(kind)))
            .collect()
    }
}

/// `3 clients`, `1 client` (the same word in both languages).
pub fn client_count(count: usize) -> String {
    if count <= 1 {
        format!("{count} client")
    } else {
        format!("{count} clients")
    }
}

/// `12 jours`, `1 day`.
pub fn days(count: i64, lang: Lang) -> String {
    match (count.abs() <= 1, lang) {
        (true, Lang::Fr) => format!("{count}\u{a0}jour"),
        (false, Lang::Fr) => format!("{count}\u{a0}jours"),
        (true, Lang::En) => format!("{count} day"),
        (false, Lang::En) => format!("{count} days"),
    }
}

/// `En retard de 12 jours`, `12 days overdue`.
pub fn overdue_by(count: i64, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("En retard de {}", days(count, lang)),
        Lang::En => format!("{} overdue", days(count, lang)),
    }
}

/// Payment terms in words: `30 jours nets`, `45 days end of month`, with the discount if any.
pub fn terms_text(terms: PaymentTerms, lang: Lang) -> String {
    let rule = match (terms.rule(), lang) {
        (DueRule::OnReceipt, Lang::Fr) => "à réception".to_string(),
        (DueRule::OnReceipt, Lang::En) => "on receipt".to_string(),
        (DueRule::Net { days }, Lang::Fr) => format!("{days}\u{a0}jours nets"),
        (DueRule::Net { days }, Lang::En) => format!("net {days} days"),
        (DueRule::DaysThenEndOfMonth { days }, Lang::Fr) => {
            format!("{days}\u{a0}jours fin de mois ({days}\u{a0}jours, puis fin du mois)")
        }
        (DueRule::DaysThenEndOfMonth { days }, Lang::En) => {
            format!("{days} days end of month ({days} days, then the month's end)")
        }
        (DueRule::EndOfMonthThenDays { days }, Lang::Fr) => {
            format!("fin de mois + {days}\u{a0}jours")
        }
        (DueRule::EndOfMonthThenDays { days }, Lang::En) => {
            format!("end of month + {days} days")
        }
        (DueRule::FixedDate { date }, Lang::Fr) => format!("le {}", format::date_long(date, lang)),
        (DueRule::FixedDate { date }, Lang::En) => format!("on {}", format::date_long(date, lang)),
    };
    match terms.discount() {
        None => rule,
        Some(discount) => {
            let percent = discount.percent().normalize();
            let percent = format::decimal(percent, percent.scale(), lang);
            let within = discount.within_days();
            match lang {
                Lang::Fr => format!(
                    "{rule}, escompte de {percent}\u{a0}% si paiement sous {within}\u{a0}jours"
                ),
                Lang::En => format!("{rule}, {percent}% off if paid within {within} days"),
            }
        }
    }
}

/// The statutory late-payment regime a client of `country` and `kind` falls under, in one line.
pub fn regime_text(country: Country, kind: ClientKind, lang: Lang) -> String {
    let texts = clients_texts(lang);
    match RegimeId::from_id(default_clause_for(country, kind).regime_id()) {
        Some(regime) => regime.name(lang).to_string(),
        None => texts.regime_none.to_string(),
    }
}

/// The warning on a client's page when an overdue invoice is more than 30 days late.
pub fn stop_work_text(
    overdue: &str,
    number: &str,
    due: NaiveDate,
    days_late: i64,
    lang: Lang,
) -> String {
    let due = format::date_long(due, lang);
    let late = days(days_late, lang);
    match lang {
        Lang::Fr => format!(
            "Ce client a {overdue} en retard, dont la facture «\u{a0}{number}\u{a0}», échue le {due} ({late} de retard). Faites-vous payer avant d'accepter un nouveau travail."
        ),
        Lang::En => format!(
            "This client has {overdue} overdue, including invoice “{number}”, due on {due} ({late} late). Get paid before you take on new work."
        ),
    }
}

/// What the client form says when the client was changed in another tab while it was being
/// edited, and a field was changed both there and here.
pub struct ConflictTexts {
    /// At the top of the form, before the fields concerned.
    pub intro: &'static str,
    pub keep_mine: &'static str,
    pub take_theirs: &'static str,
    /// Once settled: what the next save does.
    pub settled: &'static str,
    /// A value left empty.
    pub none: &'static str,
}

static CONFLICT_FR: ConflictTexts = ConflictTexts {
    intro: "Ce client a été modifié dans un autre onglet pendant votre saisie. Rien n'a été enregistré, et ce que vous avez saisi est conservé. Pour les champs ci-dessous, choisissez la valeur à garder, puis enregistrez.",
    keep_mine: "Garder mes valeurs",
    take_theirs: "Prendre celles de l'autre onglet",
    settled: "C'est noté\u{a0}: enregistrez pour appliquer ces valeurs. Les autres modifications de l'autre onglet sont gardées.",
    none: "(vide)",
};

static CONFLICT_EN: ConflictTexts = ConflictTexts {
    intro: "This client was changed in another tab while you were editing it. Nothing was saved, and what you typed is kept. For the fields below, choose the value to keep, then save.",
    keep_mine: "Keep mine",
    take_theirs: "Take the other tab's",
    settled: "Noted: save to apply these values. The other tab's other changes are kept.",
    none: "(empty)",
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
    use crate::domain::calendar::test_support::date;
    use crate::domain::{EarlyPaymentDiscount, PaymentTerms};
    use rust_decimal_macros::dec;

    #[test]
    fn terms_read_as_people_write_them_in_each_language() {
        let net = PaymentTerms::default();
        assert_eq!(terms_text(net, Lang::Fr), "30\u{a0}jours nets");
        assert_eq!(terms_text(net, Lang::En), "net 30 days");
        let end_of_month = PaymentTerms::new(DueRule::DaysThenEndOfMonth { days: 45 }, None);
        let discount = EarlyPaymentDiscount::new(dec!(2.5), 10).ok();
        let with_discount = PaymentTerms::new(DueRule::EndOfMonthThenDays { days: 45 }, discount);
        let fixed = PaymentTerms::new(
            DueRule::FixedDate {
                date: date("2026-03-01"),
            },
            None,
        );
        let (Ok(end_of_month), Ok(with_discount), Ok(fixed)) = (end_of_month, with_discount, fixed)
        else {
            panic!("terms refused")
        };
        assert_eq!(
            terms_text(end_of_month, Lang::En),
            "45 days end of month (45 days, then the month's end)"
        );
        assert_eq!(
            terms_text(with_discount, Lang::Fr),
            "fin de mois + 45\u{a0}jours, escompte de 2,5\u{a0}% si paiement sous 10\u{a0}jours"
        );
        assert_eq!(
            terms_text(with_discount, Lang::En),
            "end of month + 45 days, 2.5% off if paid within 10 days"
        );
        assert_eq!(terms_text(fixed, Lang::Fr), "le 1er mars 2026");
        assert_eq!(
            terms_text(PaymentTerms::on_receipt(), Lang::En),
            "on receipt"
        );
    }

    #[test]
    fn the_regime_line_names_the_statutory_regime_or_says_there_is_none() {
        let fr_b2b = regime_text(Country::FR, ClientKind::Business, Lang::Fr);
        assert!(fr_b2b.contains("France"), "{fr_b2b}");
        let uk = regime_text(Country::GB, ClientKind::Business, Lang::En);
        assert!(uk.contains("UK") || uk.contains("United Kingdom"), "{uk}");
        let us = regime_text(
            Country::parse("US").unwrap_or(Country::FR),
            ClientKind::Business,
            Lang::En,
        );
        assert_eq!(us, EN.regime_none);
    }

    #[test]
    fn french_texts_put_a_no_break_space_before_high_punctuation() {
        for text in [
            FR.figures_failed,
            FR.tax_id_hint,
            FR.country_hint,
            FR.terms_days_hint,
            FR.discount_hint,
            FR.regime_none,
            FR.not_saved,
        ] {
            for mark in [":", ";", "?", "!"] {
                assert!(!text.contains(&format!(" {mark}")), "{text}");
                if let Some(position) = text.find(mark) {
                    assert!(
                        text[..position].ends_with('\u{a0}'),
                        "{text}: no no-break space before {mark}"
                    );
                }
            }
        }
        let warning = stop_work_text("1 000,00 €", "F-1", date("2026-01-31"), 45, Lang::Fr);
        assert!(warning.contains("«\u{a0}F-1\u{a0}»"), "{warning}");
        assert!(warning.contains("45\u{a0}jours"), "{warning}");
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(client_count(1), "1 client");
        assert_eq!(client_count(3), "3 clients");
        assert_eq!(days(1, Lang::En), "1 day");
        assert_eq!(overdue_by(12, Lang::Fr), "En retard de 12\u{a0}jours");
        assert_eq!(overdue_by(12, Lang::En), "12 days overdue");
    }
}
