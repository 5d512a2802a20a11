//! What the import page shows for e-invoices (Factur-X / ZUGFeRD PDFs, UBL and CII XML): one
//! row per file, the summary, the files refused and why, the notices about the seller and the
//! IBAN, the button's label and the report. Pure, tested natively.

use crate::domain::Money;
use crate::domain::letterhead::Letterhead;
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::import::einvoice::plan::{
    CreditProblem, CreditTarget, FileOutcome, FilePlan, FileReport, SellerCheck,
};
use crate::import::einvoice::{Answers, Container, DocumentKind, EInvoice, FileError};
use crate::import::plan::{Policy, Total, totals_per_currency};

use super::model::{
    RowKind, added_outcome, capitalise, clients_line, count, duplicate_outcome, problems_text,
    to_add_line, totals_text,
};

/// A file chosen, with what reading it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadFile {
    pub name: String,
    pub read: Result<EInvoice, FileError>,
}

/// One file's row of the preview, every value formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRow {
    pub index: usize,
    pub file: String,
    /// `Factur-X · EN 16931`, `UBL · EN 16931`; empty for an unreadable file.
    pub format: String,
    pub number: String,
    /// `Facture` / `Avoir`.
    pub document: String,
    pub client: String,
    pub client_note: Option<&'static str>,
    pub issued: String,
    /// The due date as the file gives it (empty when it gives none).
    pub due: String,
    /// The file gives no due date: the row asks for one. The date the user gave, as ISO.
    pub asks_due: Option<String>,
    /// The issue date as ISO (the earliest due date the input takes).
    pub issue_iso: String,
    /// The payment terms text (BT-20), shown beside the asked due date.
    pub terms: Option<String>,
    pub amount: String,
    pub paid: String,
    pub outcome: String,
    pub kind: RowKind,
}

fn texts(lang: Lang) -> &'static super::texts::EInvoiceTexts {
    super::texts::einvoice_texts(lang)
}

/// `Factur-X · EN 16931`, `ZUGFeRD · BASIC`, `UBL · EN 16931`, `CII · MINIMUM`.
pub fn format_label(invoice: &EInvoice) -> String {
    let family = match &invoice.container {
        Container::Pdf { attachment } => {
            let lower = attachment.to_ascii_lowercase();
            if lower.starts_with("zugferd") {
                "ZUGFeRD"
            } else if lower.starts_with("xrechnung") {
                "XRechnung (PDF)"
            } else {
                "Factur-X"
            }
        }
        Container::Xml => invoice.syntax.name(),
    };
    match &invoice.profile {
        Some(profile) if !family.starts_with(profile.name()) => {
            format!("{family} · {}", profile.name())
        }
        _ => family.to_string(),
    }
}

fn money_or_empty(money: Option<Money>, lang: Lang) -> String {
    money
        .filter(|money| !money.is_zero())
        .map(|money| format::money(money, lang))
        .unwrap_or_default()
}

/// The invoice a credit note credits, as written (`FX-2026-004`).
fn preceding(file: &ReadFile) -> String {
    file.read
        .as_ref()
        .ok()
        .and_then(|invoice| invoice.preceding.clone())
        .unwrap_or_default()
}

/// What happens to a file, in words, with its row's kind and client note.
fn outcome_text(
    outcome: &FileOutcome,
    file: &ReadFile,
    files: &[ReadFile],
    you: &Letterhead,
    lang: Lang,
) -> (RowKind, Option<&'static str>, String) {
    let t = texts(lang);
    let seller = file
        .read
        .as_ref()
        .map(|invoice| invoice.seller.name.clone())
        .unwrap_or_default();
    match outcome {
        FileOutcome::Unreadable(error) => (RowKind::Invalid, None, error.describe(lang)),
        FileOutcome::NotYours(SellerCheck::Received) => {
            (RowKind::Invalid, None, t.received.to_string())
        }
        FileOutcome::NotYours(_) => {
            let theirs = file
                .read
                .as_ref()
                .map(|invoice| identifiers(&invoice.seller.legal_id, &invoice.seller.vat))
                .unwrap_or_default();
            let yours = identifiers(&Some(you.siren.clone()), &Some(you.vat.clone()));
            (
                RowKind::Invalid,
                None,
                match lang {
                    Lang::Fr => format!(
                        "Émise par « {seller} » ({theirs}), pas par vous ({yours} dans Réglages › Votre en-tête) : Relance ne suit que les factures que vous émettez."
                    ),
                    Lang::En => format!(
                        "Issued by \"{seller}\" ({theirs}), not by you ({yours} in Settings › Your letterhead): Relance only follows the invoices you issue."
                    ),
                },
            )
        }
        FileOutcome::Invalid(error) => (RowKind::Invalid, None, problems_text(error, lang)),
        FileOutcome::AwaitsDueDate => (RowKind::Invalid, None, t.awaits_due.to_string()),
        FileOutcome::Repeated { first } => {
            let first_name = files.get(*first).map(|f| f.name.as_str()).unwrap_or("");
            (
                RowKind::Duplicate,
                None,
                match lang {
                    Lang::Fr => format!("Même document que « {first_name} » : lu une seule fois"),
                    Lang::En => format!("The same document as \"{first_name}\": read once"),
                },
            )
        }
        FileOutcome::NumberTwice { other } => {
            let other_name = files.get(*other).map(|f| f.name.as_str()).unwrap_or("");
            (
                RowKind::Invalid,
                None,
                match lang {
                    Lang::Fr => format!(
                        "« {other_name} » porte le même numéro avec un autre contenu : ni l'un ni l'autre n'est importé. Gardez le bon fichier et importez-le seul."
                    ),
                    Lang::En => format!(
                        "\"{other_name}\" has the same number with other content: neither is imported. Keep the right file and import it alone."
                    ),
                },
            )
        }
        FileOutcome::Add(matched) => added_outcome(matched, lang),
        FileOutcome::Duplicate(duplicate) => duplicate_outcome(duplicate, lang),
        FileOutcome::Credit(target) => {
            let number = preceding(file);
            (
                RowKind::Added,
                None,
                match (target, lang) {
                    (CreditTarget::Books(_), Lang::Fr) => {
                        format!("Avoir enregistré sur la facture {number} de vos livres")
                    }
                    (CreditTarget::Books(_), Lang::En) => {
                        format!("Credit note recorded on invoice {number} of your books")
                    }
                    (CreditTarget::File(_), Lang::Fr) => {
                        format!("Avoir enregistré sur la facture {number}, importée avec lui")
                    }
                    (CreditTarget::File(_), Lang::En) => {
                        format!("Credit note recorded on invoice {number}, imported with it")
                    }
                },
            )
        }
        FileOutcome::CreditRecorded { .. } => {
            let number = preceding(file);
            (
                RowKind::Duplicate,
                None,
                match lang {
                    Lang::Fr => format!("Avoir déjà enregistré sur la facture {number} : ignoré"),
                    Lang::En => {
                        format!("Credit note already recorded on invoice {number}: skipped")
                    }
                },
            )
        }
        FileOutcome::CreditUnlinked {
            preceding: Some(number),
            in_batch: Some(index),
        } => {
            let invoice_file = files.get(*index).map(|f| f.name.as_str()).unwrap_or("");
            (
                RowKind::Invalid,
                None,
                match lang {
                    Lang::Fr => format!(
                        "Avoir sur la facture {number} (« {invoice_file} »), qui n'est pas importée : voyez sa ligne ; une fois la facture importable, l'avoir la suivra."
                    ),
                    Lang::En => format!(
                        "Credit note on invoice {number} (\"{invoice_file}\"), which is not imported: see its row; once the invoice can be imported, the credit note follows it."
                    ),
                },
            )
        }
        FileOutcome::CreditUnlinked {
            preceding: Some(number),
            in_batch: None,
        } => (
            RowKind::Invalid,
            None,
            match lang {
                Lang::Fr => format!(
                    "Avoir sur la facture {number}, qui n'est ni dans vos livres ni parmi ces fichiers : importez la facture avec lui."
                ),
                Lang::En => format!(
                    "Credit note on invoice {number}, which is neither in your books nor among these files: import the invoice with it."
                ),
            },
        ),
        FileOutcome::CreditUnlinked {
            preceding: None, ..
        } => (RowKind::Invalid, None, t.credit_unnamed.to_string()),
        FileOutcome::CreditRefused(problem) => {
            let number = preceding(file);
            (
                RowKind::Invalid,
                None,
                credit_problem(problem, &number, lang),
            )
        }
    }
}

/// `SIREN/SIRET 814726394, TVA/VAT FR63814726394`, or a dash when there is none.
fn identifiers(legal_id: &Option<String>, vat: &Option<String>) -> String {
    let legal_id = legal_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let vat = vat.as_deref().map(str::trim).filter(|id| !id.is_empty());
    let mut parts = Vec::new();
    if let Some(id) = legal_id {
        parts.push(format!("SIREN/SIRET {id}"));
    }
    if let Some(vat) = vat {
        parts.push(format!("TVA/VAT {vat}"));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(", ")
    }
}

/// Why a credit note cannot go on its invoice `number`.
fn credit_problem(problem: &CreditProblem, number: &str, lang: Lang) -> String {
    match (problem, lang) {
        (CreditProblem::Draft, Lang::Fr) => format!(
            "Avoir sur la facture {number}, qui est un brouillon dans vos livres : marquez-la envoyée, puis importez l'avoir."
        ),
        (CreditProblem::Draft, Lang::En) => format!(
            "Credit note on invoice {number}, which is a draft in your books: mark it sent, then import the credit note."
        ),
        (CreditProblem::Currency { invoice }, Lang::Fr) => format!(
            "Avoir dans une autre devise que la facture {number} ({}) : il n'est pas importé.",
            invoice.code()
        ),
        (CreditProblem::Currency { invoice }, Lang::En) => format!(
            "Credit note in another currency than invoice {number} ({}): it is not imported.",
            invoice.code()
        ),
        (CreditProblem::OverOpen { open }, Lang::Fr) => format!(
            "Avoir supérieur à ce que la facture {number} doit encore ({}) : vérifiez-le, il n'est pas importé.",
            format::money(*open, lang)
        ),
        (CreditProblem::OverOpen { open }, Lang::En) => format!(
            "Credit note larger than what invoice {number} still owes ({}): check it, it is not imported.",
            format::money(*open, lang)
        ),
        (CreditProblem::Amount(error), _) => error.describe(lang),
    }
}

/// One row per file, in the order chosen.
pub fn file_rows(
    files: &[ReadFile],
    plan: &FilePlan,
    answers: &Answers,
    you: &Letterhead,
    lang: Lang,
) -> Vec<FileRow> {
    let t = texts(lang);
    files
        .iter()
        .zip(&plan.outcomes)
        .enumerate()
        .map(|(index, (file, outcome_of))| {
            let (kind, client_note, outcome) = outcome_text(outcome_of, file, files, you, lang);
            match &file.read {
                Ok(invoice) => {
                    let asks = invoice.kind == DocumentKind::Invoice
                        && invoice.due_date.is_none()
                        && matches!(
                            outcome_of,
                            FileOutcome::AwaitsDueDate
                                | FileOutcome::Add(_)
                                | FileOutcome::Invalid(_)
                        );
                    FileRow {
                        index,
                        file: file.name.clone(),
                        format: format_label(invoice),
                        number: invoice.number.clone(),
                        document: match invoice.kind {
                            DocumentKind::Invoice => t.invoice,
                            DocumentKind::CreditNote => t.credit_note,
                        }
                        .to_string(),
                        client: invoice.buyer.name.clone(),
                        client_note,
                        issued: format::date_short(invoice.issue_date, lang),
                        due: invoice
                            .due_date
                            .map(|due| format::date_short(due, lang))
                            .unwrap_or_default(),
                        asks_due: asks.then(|| {
                            answers
                                .due_dates
                                .get(&index)
                                .map(|date| date.format("%Y-%m-%d").to_string())
                                .unwrap_or_default()
                        }),
                        issue_iso: invoice.issue_date.format("%Y-%m-%d").to_string(),
                        terms: invoice.terms.clone(),
                        amount: format::money(invoice.owed(), lang),
                        paid: money_or_empty(invoice.prepaid, lang),
                        outcome,
                        kind,
                    }
                }
                Err(_) => FileRow {
                    index,
                    file: file.name.clone(),
                    format: String::new(),
                    number: String::new(),
                    document: String::new(),
                    client: String::new(),
                    client_note,
                    issued: String::new(),
                    due: String::new(),
                    asks_due: None,
                    issue_iso: String::new(),
                    terms: None,
                    amount: String::new(),
                    paid: String::new(),
                    outcome,
                    kind,
                },
            }
        })
        .collect()
}

/// The added invoices' totals per currency (credit notes aside).
pub fn added_totals(files: &[ReadFile], plan: &FilePlan) -> Vec<Total> {
    totals_per_currency(
        files
            .iter()
            .zip(&plan.outcomes)
            .filter_map(|(file, outcome)| match (outcome, &file.read) {
                (FileOutcome::Add(_), Ok(invoice)) => Some(invoice.owed()),
                _ => None,
            }),
    )
    .unwrap_or_default()
}

/// What the import will do, in a few sentences.
pub fn summary(files: &[ReadFile], plan: &FilePlan, lang: Lang) -> Vec<String> {
    let invoices = plan.invoices();
    let credits = plan.credit_notes();
    let new = plan.new_clients.len();
    let known = plan.matched_clients();
    let already = plan.already();
    let awaiting = plan.awaiting();
    let refused = plan.problems().saturating_sub(awaiting);
    let mut lines = Vec::new();
    lines.push(to_add_line(invoices, &added_totals(files, plan), lang));
    if invoices > 0 {
        lines.push(clients_line(new, known, lang));
    }
    if credits > 0 {
        lines.push(match (lang, credits) {
            (Lang::Fr, 1) => "1 avoir à enregistrer sur la facture qu'il crédite.".to_string(),
            (Lang::En, 1) => "1 credit note to record on the invoice it credits.".to_string(),
            (Lang::Fr, _) => format!(
                "{} à enregistrer sur les factures qu'ils créditent.",
                count(credits, lang, "avoir", "avoirs")
            ),
            (Lang::En, _) => format!(
                "{} to record on the invoices they credit.",
                count(credits, lang, "credit note", "credit notes")
            ),
        });
    }
    if already > 0 {
        lines.push(match lang {
            Lang::Fr => format!(
                "{} dans vos livres ou en double : jamais importés deux fois.",
                count(already, lang, "fichier déjà", "fichiers déjà")
            ),
            Lang::En => format!(
                "{} already in your books or chosen twice: never imported twice.",
                count(already, lang, "file", "files")
            ),
        });
    }
    if awaiting > 0 {
        lines.push(match lang {
            Lang::Fr => format!(
                "{} sans échéance dans le fichier : saisissez-la dans le tableau.",
                count(awaiting, lang, "facture", "factures")
            ),
            Lang::En => format!(
                "{} without a due date in the file: enter it in the table.",
                count(awaiting, lang, "invoice", "invoices")
            ),
        });
    }
    if refused > 0 {
        lines.push(match lang {
            Lang::Fr => format!(
                "{}, expliqué{} ci-dessous.",
                count(refused, lang, "fichier refusé", "fichiers refusés"),
                if refused > 1 { "s" } else { "" }
            ),
            Lang::En => format!(
                "{} refused, explained below.",
                count(refused, lang, "file", "files")
            ),
        });
    }
    lines
}

/// The files refused, each `« name » : why`, the first `limit`, and how many more.
pub fn error_lines(
    files: &[ReadFile],
    plan: &FilePlan,
    you: &Letterhead,
    limit: usize,
    lang: Lang,
) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut all = 0;
    for (file, outcome) in files.iter().zip(&plan.outcomes) {
        if !outcome.is_problem() || matches!(outcome, FileOutcome::AwaitsDueDate) {
            continue;
        }
        if all < limit {
            let (_, _, why) = outcome_text(outcome, file, files, you, lang);
            lines.push(match lang {
                Lang::Fr => format!("« {} » : {}", file.name, capitalise(&why)),
                Lang::En => format!("\"{}\": {}", file.name, capitalise(&why)),
            });
        }
        all += 1;
    }
    (lines, all.saturating_sub(limit))
}

/// The confirm button: `Importer 3 factures et 1 avoir`.
pub fn confirm_label(plan: &FilePlan, lang: Lang) -> String {
    let invoices = plan.invoices();
    let credits = plan.credit_notes();
    match (lang, invoices, credits) {
        (Lang::Fr, _, 0) => format!("Importer {}", count(invoices, lang, "facture", "factures")),
        (Lang::En, _, 0) => format!("Import {}", count(invoices, lang, "invoice", "invoices")),
        (Lang::Fr, 0, _) => format!("Importer {}", count(credits, lang, "avoir", "avoirs")),
        (Lang::En, 0, _) => format!(
            "Import {}",
            count(credits, lang, "credit note", "credit notes")
        ),
        (Lang::Fr, _, _) => format!(
            "Importer {} et {}",
            count(invoices, lang, "facture", "factures"),
            count(credits, lang, "avoir", "avoirs")
        ),
        (Lang::En, _, _) => format!(
            "Import {} and {}",
            count(invoices, lang, "invoice", "invoices"),
            count(credits, lang, "credit note", "credit notes")
        ),
    }
}

/// Why the import cannot go ahead as chosen, if it cannot.
pub fn blocked(plan: &FilePlan, policy: Policy, lang: Lang) -> Option<String> {
    let problems = plan.problems();
    if policy == Policy::AllOrNothing && problems > 0 {
        return Some(match lang {
            Lang::Fr => format!(
                "Vous avez choisi de ne rien importer tant qu'un fichier est refusé ou incomplet : {}. Complétez ce qui manque, choisissez de nouveau les fichiers sans ceux qui sont refusés, ou choisissez d'importer les fichiers valables.",
                count(problems, lang, "fichier l'est", "fichiers le sont")
            ),
            Lang::En => format!(
                "You chose to import nothing while a file is refused or incomplete: {} {}. Complete what is missing, choose the files again without the refused ones, or choose to import the valid files.",
                count(problems, lang, "file", "files"),
                if problems == 1 { "is" } else { "are" }
            ),
        });
    }
    if plan.invoices() + plan.credit_notes() > 0 {
        return None;
    }
    Some(match (lang, plan.awaiting() > 0) {
        (Lang::Fr, true) => {
            "Rien à importer encore : saisissez l'échéance des factures qui n'en ont pas."
                .to_string()
        }
        (Lang::En, true) => {
            "Nothing to import yet: enter the due date of the invoices that have none.".to_string()
        }
        (Lang::Fr, false) => {
            "Rien à importer : chaque fichier est refusé ou déjà dans vos livres.".to_string()
        }
        (Lang::En, false) => {
            "Nothing to import: every file is refused or already in your books.".to_string()
        }
    })
}

/// What the import did, in one sentence.
pub fn report_line(report: &FileReport, lang: Lang) -> String {
    let mut parts = Vec::new();
    let (invoice, invoices, client, clients, payment, payments, credit, credits) = match lang {
        Lang::Fr => (
            "facture importée",
            "factures importées",
            "client créé",
            "clients créés",
            "paiement enregistré",
            "paiements enregistrés",
            "avoir enregistré",
            "avoirs enregistrés",
        ),
        Lang::En => (
            "invoice imported",
            "invoices imported",
            "client created",
            "clients created",
            "payment recorded",
            "payments recorded",
            "credit note recorded",
            "credit notes recorded",
        ),
    };
    if report.invoices > 0 || report.credit_notes == 0 {
        parts.push(format!(
            "{} ({})",
            count(report.invoices, lang, invoice, invoices),
            totals_text(&report.totals, lang)
        ));
        parts.push(count(report.clients_created, lang, client, clients));
    }
    if report.credit_notes > 0 {
        parts.push(count(report.credit_notes, lang, credit, credits));
    }
    if report.payments > 0 {
        parts.push(count(report.payments, lang, payment, payments));
    }
    let mut line = capitalise(&format!("{}.", parts.join(", ")));
    let left = report.already + report.left_out;
    if left > 0 {
        line.push(' ');
        line.push_str(&match lang {
            Lang::Fr => format!(
                "{} de côté (déjà dans vos livres, en double ou refusés).",
                count(left, lang, "fichier laissé", "fichiers laissés")
            ),
            Lang::En => format!(
                "{} left out (already in your books, chosen twice or refused).",
                count(left, lang, "file", "files")
            ),
        });
    }
    line
}

/// The seller's name and identifier, as a notice names it.
fn seller_text(invoice: &EInvoice) -> String {
    let id = invoice
        .seller
        .legal_id
        .clone()
        .or_else(|| invoice.seller.vat.clone());
    match id {
        Some(id) => format!("{} ({id})", invoice.seller.name),
        None => invoice.seller.name.clone(),
    }
}

/// The sellers (name and identifier) of the files whose seller check is `check`, each once;
/// `None` when there is none.
fn sellers_of(files: &[ReadFile], plan: &FilePlan, check: &SellerCheck) -> Option<String> {
    let mut sellers: Vec<String> = files
        .iter()
        .zip(&plan.sellers)
        .filter(|(_, found)| found.as_ref() == Some(check))
        .filter_map(|(file, _)| file.read.as_ref().ok().map(seller_text))
        .collect();
    sellers.sort();
    sellers.dedup();
    (!sellers.is_empty()).then(|| sellers.join(", "))
}

/// Said when the letterhead holds nothing to check the seller against: who the files say
/// issued them.
pub fn unchecked_notice(files: &[ReadFile], plan: &FilePlan, lang: Lang) -> Option<String> {
    let names = sellers_of(files, plan, &SellerCheck::Unchecked)?;
    Some(match lang {
        Lang::Fr => format!(
            "Votre identité n'est pas renseignée (Réglages › Votre en-tête) : Relance ne peut pas vérifier que vous avez émis ces factures. Les fichiers nomment comme vendeur : {names}. N'importez que vos propres factures."
        ),
        Lang::En => format!(
            "Your identity is not filled in (Settings › Your letterhead): Relance cannot check that you issued these invoices. The files name as seller: {names}. Import only your own invoices."
        ),
    })
}

/// Said when only names could compare the seller with the letterhead, and they differ: the
/// files are imported, the user is asked to look.
pub fn unsure_notice(
    files: &[ReadFile],
    plan: &FilePlan,
    you: &Letterhead,
    lang: Lang,
) -> Option<String> {
    let names = sellers_of(files, plan, &SellerCheck::Unsure)?;
    let yours = &you.name;
    Some(match lang {
        Lang::Fr => format!(
            "Le vendeur de ces fichiers, {names}, ne porte pas le nom de votre en-tête (« {yours} ») et aucun identifiant ne permet de comparer : vérifiez que ce sont bien vos factures. Ajoutez votre SIREN dans Réglages › Votre en-tête pour que Relance le vérifie."
        ),
        Lang::En => format!(
            "The seller of these files, {names}, does not bear your letterhead's name (\"{yours}\") and no identifier can compare them: check that these are your invoices. Add your SIREN in Settings › Your letterhead for Relance to check it."
        ),
    })
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// An IBAN in groups of four, as it is printed (`FR76 3000 6000 …`): it wraps on a phone.
fn grouped(iban: &str) -> String {
    let characters: Vec<char> = iban.chars().collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Said when the imported invoices ask to be paid to an account the letterhead does not give.
pub fn iban_notice(
    files: &[ReadFile],
    plan: &FilePlan,
    you: &Letterhead,
    lang: Lang,
) -> Option<String> {
    let yours = compact(&you.iban);
    let mut others: Vec<String> = files
        .iter()
        .zip(&plan.outcomes)
        .filter(|(_, outcome)| outcome.imports())
        .filter_map(|(file, _)| file.read.as_ref().ok()?.iban.as_deref().map(compact))
        .filter(|iban| !iban.is_empty() && *iban != yours)
        .map(|iban| grouped(&iban))
        .collect();
    others.sort();
    others.dedup();
    if others.is_empty() {
        return None;
    }
    let listed = others.join(", ");
    Some(match (lang, yours.is_empty()) {
        (Lang::Fr, true) => format!(
            "Ces factures demandent un virement sur {listed}. Votre en-tête n'a pas d'IBAN : ajoutez-le dans Réglages › Votre en-tête pour qu'il figure sur vos relances."
        ),
        (Lang::En, true) => format!(
            "These invoices ask to be paid to {listed}. Your letterhead has no IBAN: add it in Settings › Your letterhead so that your reminders give it."
        ),
        (Lang::Fr, false) => format!(
            "Ces factures demandent un virement sur {listed}, et non sur l'IBAN de votre en-tête : vos relances donneront celui de l'en-tête."
        ),
        (Lang::En, false) => format!(
            "These invoices ask to be paid to {listed}, not to your letterhead's IBAN: your reminders will give the letterhead's."
        ),
    })
}

/// `… et 40 autres fichiers refusés.`
pub fn more_errors_line(more: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "… et {}.",
            count(
                more,
                lang,
                "autre fichier refusé",
                "autres fichiers refusés"
            )
        ),
        Lang::En => format!(
            "… and {} refused.",
            count(more, lang, "other file", "other files")
        ),
    }
}

/// Said when more files were chosen than are read at once.
pub fn left_aside_line(left_aside: usize, lang: Lang) -> String {
    let most = format::decimal(crate::ui::components::file_text::MAX_FILES.into(), 0, lang);
    match lang {
        Lang::Fr => format!(
            "Seuls les {most} premiers fichiers sont lus ({} de côté) : importez-les, puis choisissez les suivants.",
            count(left_aside, lang, "fichier laissé", "fichiers laissés")
        ),
        Lang::En => format!(
            "Only the first {most} files are read ({} left aside): import them, then choose the next ones.",
            count(left_aside, lang, "file", "files")
        ),
    }
}

/// `Lecture des fichiers : 12 / 100`.
pub fn reading_line(done: usize, total: usize, lang: Lang) -> String {
    let label = texts(lang).reading_files;
    match lang {
        Lang::Fr => format!("{label} : {done} / {total}"),
        Lang::En => format!("{label}: {done} / {total}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{Country, Currency, Ledger, PaymentTerms};
    use crate::import::einvoice::{plan_files, read_file};
    use crate::import::plan::ImportDefaults;

    fn fixture(name: &str) -> ReadFile {
        let path = format!(
            "{}/tests/fixtures/einvoice/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap_or_default();
        ReadFile {
            name: name.to_string(),
            read: read_file(&bytes),
        }
    }

    fn you() -> Letterhead {
        Letterhead {
            name: "Studio Graphique Lefèvre".into(),
            siren: "814726394".into(),
            ..Letterhead::default()
        }
    }

    fn plan(files: &[ReadFile], you: &Letterhead) -> FilePlan {
        let reads: Vec<_> = files.iter().map(|file| file.read.clone()).collect();
        let defaults = ImportDefaults {
            country: Country::FR,
            terms: PaymentTerms::default(),
            today: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default(),
        };
        plan_files(&Ledger::new(), &reads, &Answers::default(), you, &defaults)
    }

    #[test]
    fn the_preview_says_what_each_file_becomes_in_french_and_english() {
        let files = vec![
            fixture("ubl-invoice.xml"),
            fixture("ubl-creditnote.xml"),
            fixture("hostile/not-invoice.xml"),
        ];
        let plan = plan(&files, &you());
        let rows = file_rows(&files, &plan, &Answers::default(), &you(), Lang::Fr);
        let first = rows.first().map(|row| {
            (
                row.format.as_str(),
                row.number.as_str(),
                row.amount.as_str(),
                row.paid.as_str(),
                row.client_note,
                row.outcome.as_str(),
            )
        });
        assert_eq!(
            first,
            Some((
                "UBL · EN 16931",
                "FX-2026-011",
                "2\u{202f}251,86\u{a0}€",
                "300,00\u{a0}€",
                Some("nouveau client"),
                "Ajoutée"
            ))
        );
        assert_eq!(
            rows.get(1).map(|row| row.outcome.as_str()),
            Some("Avoir enregistré sur la facture FX-2026-011, importée avec lui")
        );
        assert_eq!(
            summary(&files, &plan, Lang::Fr),
            vec![
                "1 facture à ajouter, pour 2\u{202f}251,86\u{a0}€.".to_string(),
                "1 nouveau client à créer.".to_string(),
                "1 avoir à enregistrer sur la facture qu'il crédite.".to_string(),
                "1 fichier refusé, expliqué ci-dessous.".to_string(),
            ]
        );
        assert_eq!(
            confirm_label(&plan, Lang::En),
            "Import 1 invoice and 1 credit note"
        );
        let (errors, more) = error_lines(&files, &plan, &you(), 50, Lang::En);
        assert_eq!(more, 0);
        assert_eq!(errors.len(), 1);
        assert!(
            errors
                .iter()
                .all(|line| line
                    .starts_with("\"hostile/not-invoice.xml\": This XML is not an invoice")),
            "{errors:?}"
        );
    }

    #[test]
    fn a_minimum_invoice_asks_its_due_date_and_the_button_says_why() {
        let files = vec![fixture("facturx-minimum.pdf")];
        let plan = plan(&files, &you());
        let rows = file_rows(&files, &plan, &Answers::default(), &you(), Lang::Fr);
        assert_eq!(
            rows.first().and_then(|row| row.asks_due.clone()),
            Some(String::new())
        );
        assert_eq!(
            rows.first().map(|row| row.format.as_str()),
            Some("Factur-X · MINIMUM")
        );
        assert_eq!(
            blocked(&plan, Policy::ValidRows, Lang::En).as_deref(),
            Some("Nothing to import yet: enter the due date of the invoices that have none.")
        );
        let mut answers = Answers::default();
        answers
            .due_dates
            .insert(0, NaiveDate::from_ymd_opt(2026, 10, 15).unwrap_or_default());
        let rows = file_rows(&files, &plan, &answers, &you(), Lang::Fr);
        assert_eq!(
            rows.first().and_then(|row| row.asks_due.clone()).as_deref(),
            Some("2026-10-15")
        );
    }

    #[test]
    fn with_no_identity_the_page_names_the_seller() {
        let files = vec![fixture("cii-invoice.xml")];
        let plan = plan(&files, &Letterhead::default());
        assert_eq!(
            unchecked_notice(&files, &plan, Lang::En).as_deref(),
            Some(
                "Your identity is not filled in (Settings › Your letterhead): Relance cannot check that you issued these invoices. The files name as seller: Studio Graphique Lefèvre (814726394). Import only your own invoices."
            )
        );
        assert!(
            iban_notice(&files, &plan, &Letterhead::default(), Lang::Fr)
                .is_some_and(|line| line.contains("Votre en-tête n'a pas d'IBAN"))
        );
        let with_iban = Letterhead {
            iban: "FR76 3000 6000 0112 3456 7890 189".into(),
            ..you()
        };
        assert_eq!(iban_notice(&files, &plan, &with_iban, Lang::Fr), None);
    }

    #[test]
    fn the_report_counts_invoices_credit_notes_and_what_was_left() {
        let report = FileReport {
            invoices: 2,
            credit_notes: 1,
            clients_created: 1,
            clients_matched: 1,
            payments: 1,
            already: 1,
            left_out: 1,
            totals: vec![Total {
                count: 2,
                amount: Money::new(rust_decimal::Decimal::new(506668, 2), Currency::Eur),
            }],
        };
        assert_eq!(
            report_line(&report, Lang::Fr),
            "2 factures importées (5\u{202f}066,68\u{a0}€), 1 client créé, 1 avoir enregistré, 1 paiement enregistré. 2 fichiers laissés de côté (déjà dans vos livres, en double ou refusés)."
        );
    }
}
