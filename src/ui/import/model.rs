//! What the import page shows, computed from the file, the plan and the books: pure and
//! tested natively. The page renders these values and dispatches the import.

use crate::domain::Ledger;
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::import::plan::{
    ClientMatch, ClientOutcome, ClientPlan, ClientReport, Duplicate, Outcome, Plan, Policy, Report,
    Total,
};
use crate::import::{Field, Holds, Import, ImportedClient, ImportedInvoice, RowError};

use super::texts::import_texts;

/// `1 facture`, `2 factures` (French counts 0 and 1 as singular).
pub(super) fn count(number: usize, lang: Lang, one: &str, many: &str) -> String {
    let word = match (lang, number) {
        (Lang::Fr, 0 | 1) | (Lang::En, 1) => one,
        _ => many,
    };
    format!("{} {word}", format::decimal(number.into(), 0, lang))
}

/// The value of a mapping choice: `""` for none, else the field's place in [`Field::ALL`].
pub fn field_code(field: Option<Field>) -> String {
    field
        .and_then(|field| Field::ALL.iter().position(|candidate| *candidate == field))
        .map_or_else(String::new, |index| index.to_string())
}

/// The field of a mapping choice's value; `None` for "ignore" or anything else.
pub fn parse_field_code(code: &str) -> Option<Field> {
    code.parse::<usize>()
        .ok()
        .and_then(|index| Field::ALL.get(index).copied())
}

/// The choices of a column's mapping: ignore, then every field (required ones marked).
pub fn field_choices(lang: Lang) -> Vec<(String, String)> {
    let texts = import_texts(lang);
    let mut choices = vec![(String::new(), texts.ignore.to_string())];
    choices.extend(Field::ALL.iter().map(|field| {
        let name = field.name(lang);
        let label = if field.is_required() {
            format!("{name} *")
        } else {
            name.to_string()
        };
        (field_code(Some(*field)), label)
    }));
    choices
}

/// One column of the file, as the mapping table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRow {
    pub index: usize,
    pub heading: String,
    /// The column's value on the first row.
    pub sample: String,
    /// [`field_code`] of what it holds now.
    pub field: String,
}

/// The file's columns, in order; a column without heading is named by its number.
pub fn columns(import: &Import, lang: Lang) -> Vec<ColumnRow> {
    let first = import.table.records.first();
    (0..import.table.headers.len())
        .map(|index| {
            let heading = import
                .table
                .headers
                .get(index)
                .map(|heading| heading.trim())
                .filter(|heading| !heading.is_empty())
                .map_or_else(
                    || match lang {
                        Lang::Fr => format!("Colonne {}", index + 1),
                        Lang::En => format!("Column {}", index + 1),
                    },
                    str::to_string,
                );
            ColumnRow {
                index,
                heading,
                sample: first
                    .map(|record| record.cell(index).trim().to_string())
                    .unwrap_or_default(),
                field: field_code(import.mapping.field_of(index)),
            }
        })
        .collect()
}

/// The required fields no column holds: `Choisissez la colonne qui contient : Montant TTC.`
pub fn missing_line(import: &Import, lang: Lang) -> Option<String> {
    let missing = import.mapping.missing();
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|field| field.name(lang)).collect();
    let separator = if lang == Lang::Fr { " : " } else { ": " };
    Some(format!(
        "{}{separator}{}.",
        import_texts(lang).missing,
        names.join(", ")
    ))
}

/// `« factures.csv » : 1 234 lignes, lues comme UTF-8 avec BOM, point-virgule…`
pub fn file_line(name: &str, import: &Import, lang: Lang) -> String {
    let rows = import.table.records.len();
    let dialect = import.dialect.describe(lang);
    match lang {
        Lang::Fr => format!(
            "« {name} » : {}, lu comme : {dialect}.",
            count(rows, lang, "ligne", "lignes")
        ),
        Lang::En => format!(
            "\"{name}\": {}, read as: {dialect}.",
            count(rows, lang, "row", "rows")
        ),
    }
}

/// What a row of the preview becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Added,
    Duplicate,
    Invalid,
}

/// One row of the preview, every value formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub line: String,
    pub number: String,
    pub client: String,
    /// `nouveau client` / `client connu`, for added rows.
    pub client_note: Option<&'static str>,
    pub issued: String,
    pub due: String,
    pub amount: String,
    pub paid: String,
    pub outcome: String,
    pub kind: RowKind,
}

/// An added row's kind, client note (`client connu` / `nouveau client`) and outcome.
pub(super) fn added_outcome(
    matched: &ClientMatch,
    lang: Lang,
) -> (RowKind, Option<&'static str>, String) {
    let texts = import_texts(lang);
    let note = match matched {
        ClientMatch::Existing(_) => texts.known_client,
        ClientMatch::New(_) => texts.new_client,
    };
    (RowKind::Added, Some(note), texts.added.to_string())
}

/// A row already in the books: the same invoice, or another under its number.
pub(super) fn duplicate_outcome(
    duplicate: &Duplicate,
    lang: Lang,
) -> (RowKind, Option<&'static str>, String) {
    let texts = import_texts(lang);
    let text = if duplicate.same {
        texts.same_in_books
    } else {
        texts.other_in_books
    };
    (RowKind::Duplicate, None, text.to_string())
}

/// The first `limit` rows as they will be imported. Invalid rows show their cells as written.
pub fn preview_rows(
    import: &Import,
    plan: &Plan,
    rows: &[Result<ImportedInvoice, RowError>],
    limit: usize,
    lang: Lang,
) -> Vec<PreviewRow> {
    let raw = |index: usize, field: Field| raw_cell(import, index, field);
    plan.outcomes
        .iter()
        .zip(rows)
        .take(limit)
        .enumerate()
        .map(|(index, (outcome, row))| {
            let (kind, client_note, outcome_text) = match outcome {
                Outcome::Add(matched) => added_outcome(matched, lang),
                Outcome::Duplicate(duplicate) => duplicate_outcome(duplicate, lang),
                Outcome::Invalid(error) => (RowKind::Invalid, None, problems_text(error, lang)),
            };
            match row {
                Ok(invoice) => PreviewRow {
                    line: invoice.line.to_string(),
                    number: invoice.number.clone(),
                    client: invoice.client.clone(),
                    client_note,
                    issued: format::date_short(invoice.issue_date, lang),
                    due: invoice
                        .due_date
                        .map(|due| format::date_short(due, lang))
                        .unwrap_or_default(),
                    amount: format::money(invoice.amount, lang),
                    paid: if invoice.paid.is_zero() {
                        String::new()
                    } else {
                        format::money(invoice.paid, lang)
                    },
                    outcome: outcome_text,
                    kind,
                },
                Err(error) => PreviewRow {
                    line: error.line.to_string(),
                    number: raw(index, Field::Number),
                    client: raw(index, Field::Client),
                    client_note,
                    issued: raw(index, Field::IssueDate),
                    due: raw(index, Field::DueDate),
                    amount: raw(index, Field::AmountInclTax),
                    paid: raw(index, Field::Paid),
                    outcome: outcome_text,
                    kind,
                },
            }
        })
        .collect()
}

/// The cell of `field` in the `index`-th record, as written (for a row that did not read).
fn raw_cell(import: &Import, index: usize, field: Field) -> String {
    match (
        import.table.records.get(index),
        import.mapping.column_of(field),
    ) {
        (Some(record), Some(column)) => record.cell(column).trim().to_string(),
        _ => String::new(),
    }
}

/// What is wrong with a row, without its line (the preview shows the line beside it).
pub(super) fn problems_text(error: &RowError, lang: Lang) -> String {
    let problems: Vec<String> = error
        .problems
        .iter()
        .map(|problem| problem.describe(lang))
        .collect();
    capitalise(&problems.join(" ; "))
}

pub(super) fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

pub(super) fn totals_text(totals: &[Total], lang: Lang) -> String {
    let amounts: Vec<String> = totals
        .iter()
        .map(|total| format::money(total.amount, lang))
        .collect();
    amounts.join(if lang == Lang::Fr { " ; " } else { "; " })
}

/// `4 factures à ajouter, pour 4 210,56 €.`
pub(super) fn to_add_line(added: usize, totals: &[Total], lang: Lang) -> String {
    match (lang, added) {
        (Lang::Fr, 0) => "Aucune facture à ajouter.".to_string(),
        (Lang::En, 0) => "No invoice to add.".to_string(),
        (Lang::Fr, _) => format!(
            "{} à ajouter, pour {}.",
            count(added, lang, "facture", "factures"),
            totals_text(totals, lang)
        ),
        (Lang::En, _) => format!(
            "{} to add, for {}.",
            count(added, lang, "invoice", "invoices"),
            totals_text(totals, lang)
        ),
    }
}

/// `3 nouveaux clients à créer, 1 client de vos livres.`
pub(super) fn clients_line(new: usize, known: usize, lang: Lang) -> String {
    match (lang, new, known) {
        (Lang::Fr, 0, _) => format!(
            "Toutes pour {} de vos livres.",
            count(known, lang, "client", "clients")
        ),
        (Lang::En, 0, _) => format!(
            "All for {} of your books.",
            count(known, lang, "client", "clients")
        ),
        (Lang::Fr, _, 0) => format!(
            "{} à créer.",
            count(new, lang, "nouveau client", "nouveaux clients")
        ),
        (Lang::En, _, 0) => format!(
            "{} to create.",
            count(new, lang, "new client", "new clients")
        ),
        (Lang::Fr, _, _) => format!(
            "{} à créer, {} de vos livres.",
            count(new, lang, "nouveau client", "nouveaux clients"),
            count(known, lang, "client", "clients")
        ),
        (Lang::En, _, _) => format!(
            "{} to create, {} of your books.",
            count(new, lang, "new client", "new clients"),
            count(known, lang, "client", "clients")
        ),
    }
}

/// What the import will do, in a few sentences.
pub fn summary(plan: &Plan, totals: &[Total], lang: Lang) -> Vec<String> {
    let added = plan.added();
    let new = plan.new_clients.len();
    let known = plan.matched_clients();
    let duplicates = plan.duplicates().count();
    let invalid = plan.invalid().count();
    let mut lines = Vec::new();
    lines.push(to_add_line(added, totals, lang));
    if added > 0 {
        lines.push(clients_line(new, known, lang));
    }
    if duplicates > 0 {
        lines.push(match lang {
            Lang::Fr => format!(
                "{} dans vos livres : jamais {} deux fois.",
                count(duplicates, lang, "facture déjà", "factures déjà"),
                if duplicates > 1 {
                    "importées"
                } else {
                    "importée"
                }
            ),
            Lang::En => format!(
                "{} in your books: never imported twice.",
                count(duplicates, lang, "invoice already", "invoices already")
            ),
        });
    }
    lines.extend(invalid_line(invalid, lang));
    lines
}

/// `2 lignes en erreur, listées ci-dessous.`, when there are any.
fn invalid_line(invalid: usize, lang: Lang) -> Option<String> {
    (invalid > 0).then(|| match lang {
        Lang::Fr => format!(
            "{}, {} ci-dessous.",
            count(invalid, lang, "ligne en erreur", "lignes en erreur"),
            if invalid > 1 { "listées" } else { "listée" }
        ),
        Lang::En => format!(
            "{} with errors, listed below.",
            count(invalid, lang, "row", "rows")
        ),
    })
}

/// The first `limit` row errors in plain words, and how many more there are.
pub fn error_lines(plan: &Plan, limit: usize, lang: Lang) -> (Vec<String>, usize) {
    first_errors(plan.invalid(), limit, lang)
}

fn first_errors<'e>(
    errors: impl Iterator<Item = &'e RowError>,
    limit: usize,
    lang: Lang,
) -> (Vec<String>, usize) {
    let mut lines = Vec::new();
    let mut all = 0;
    for error in errors {
        if all < limit {
            lines.push(capitalise(&error.describe(lang)));
        }
        all += 1;
    }
    (lines, all.saturating_sub(limit))
}

/// `… et 40 autres lignes en erreur.`
pub fn more_errors_line(more: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "… et {} en erreur.",
            count(more, lang, "autre ligne", "autres lignes")
        ),
        Lang::En => format!(
            "… and {} with errors.",
            count(more, lang, "other row", "other rows")
        ),
    }
}

/// The confirm button: `Importer 412 factures`.
pub fn confirm_label(plan: &Plan, lang: Lang) -> String {
    let added = plan.added();
    match lang {
        Lang::Fr => format!("Importer {}", count(added, lang, "facture", "factures")),
        Lang::En => format!("Import {}", count(added, lang, "invoice", "invoices")),
    }
}

/// Why the import cannot go ahead as chosen, if it cannot.
pub fn blocked(plan: &Plan, policy: Policy, lang: Lang) -> Option<String> {
    let invalid = plan.invalid().count();
    if policy == Policy::AllOrNothing && invalid > 0 {
        return blocked_by_rows(invalid, lang);
    }
    (plan.added() == 0).then(|| match lang {
        Lang::Fr => {
            "Rien à importer : chaque ligne est en erreur ou déjà dans vos livres.".to_string()
        }
        Lang::En => {
            "Nothing to import: every row has errors or is already in your books.".to_string()
        }
    })
}

/// "Import nothing" chosen while `invalid` rows have errors.
fn blocked_by_rows(invalid: usize, lang: Lang) -> Option<String> {
    Some(match lang {
        Lang::Fr => format!(
            "Vous avez choisi de ne rien importer tant qu'une ligne est en erreur : {}. Corrigez le fichier, ou choisissez d'importer les lignes valables.",
            count(invalid, lang, "ligne l'est", "lignes le sont")
        ),
        Lang::En => format!(
            "You chose to import nothing while a row has errors: {} {}. Correct the file, or choose to import the valid rows.",
            count(invalid, lang, "row", "rows"),
            if invalid == 1 { "has" } else { "have" }
        ),
    })
}

/// What the import did, in one sentence.
pub fn report_line(report: &Report, lang: Lang) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::Fr => {
            parts.push(format!(
                "{} ({})",
                count(
                    report.invoices,
                    lang,
                    "facture importée",
                    "factures importées"
                ),
                totals_text(&report.totals, lang)
            ));
            parts.push(count(
                report.clients_created,
                lang,
                "client créé",
                "clients créés",
            ));
            if report.payments > 0 {
                parts.push(count(
                    report.payments,
                    lang,
                    "paiement enregistré",
                    "paiements enregistrés",
                ));
            }
            if report.credit_notes > 0 {
                parts.push(count(
                    report.credit_notes,
                    lang,
                    "avoir enregistré",
                    "avoirs enregistrés",
                ));
            }
        }
        Lang::En => {
            parts.push(format!(
                "{} imported ({})",
                count(report.invoices, lang, "invoice", "invoices"),
                totals_text(&report.totals, lang)
            ));
            parts.push(count(
                report.clients_created,
                lang,
                "client created",
                "clients created",
            ));
            if report.payments > 0 {
                parts.push(count(
                    report.payments,
                    lang,
                    "payment recorded",
                    "payments recorded",
                ));
            }
            if report.credit_notes > 0 {
                parts.push(count(
                    report.credit_notes,
                    lang,
                    "credit note recorded",
                    "credit notes recorded",
                ));
            }
        }
    }
    let mut line = format!("{}.", parts.join(", "));
    let left = report.duplicates + report.invalid;
    if left > 0 {
        line.push(' ');
        line.push_str(&match lang {
            Lang::Fr => format!(
                "{} de côté (déjà dans vos livres ou en erreur).",
                count(left, lang, "ligne laissée", "lignes laissées")
            ),
            Lang::En => format!(
                "{} left out (already in your books or with errors).",
                count(left, lang, "row", "rows")
            ),
        });
    }
    line
}

/// Whether the books hold anything yet (the page then says how clients are matched).
pub fn books_are_empty(ledger: &Ledger) -> bool {
    ledger.invoices().next().is_none() && ledger.clients().next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::{Country, Currency, PaymentTerms};
    use crate::import::plan::{ImportDefaults, added_totals, import_into, plan};

    const FILE: &str = "N° de facture;Client;Date d'émission;Échéance;Montant TTC;Payé\n\
        F-1;Boulangerie Martin;05/11/2026;05/12/2026;1 234,56;234,56\n\
        F-2;Durand SARL;06/11/2026;06/12/2026;12,3,4;\n\
        F-3;Durand SARL;07/11/2026;;100;\n";

    fn open(text: &str) -> Import {
        match Import::open(text.as_bytes()) {
            Ok(import) => import,
            Err(error) => panic!("{}", error.describe(Lang::En)),
        }
    }

    fn defaults() -> ImportDefaults {
        ImportDefaults {
            country: Country::FR,
            terms: PaymentTerms::default(),
            today: date("2026-12-07"),
        }
    }

    #[test]
    fn the_mapping_choices_round_trip_through_their_codes() {
        for field in Field::ALL {
            assert_eq!(parse_field_code(&field_code(Some(field))), Some(field));
        }
        assert_eq!(parse_field_code(&field_code(None)), None);
        assert_eq!(parse_field_code("99"), None);
        let choices = field_choices(Lang::Fr);
        assert_eq!(choices.len(), Field::ALL.len() + 1);
        assert_eq!(choices[0].1, "— à ignorer —");
        assert!(choices.iter().any(|(_, label)| label == "Montant TTC *"));
    }

    #[test]
    fn the_columns_show_their_heading_first_value_and_field() {
        let import = open(FILE);
        let columns = columns(&import, Lang::Fr);
        assert_eq!(columns.len(), 6);
        assert_eq!(columns[4].heading, "Montant TTC");
        assert_eq!(columns[4].sample, "1 234,56");
        assert_eq!(
            parse_field_code(&columns[4].field),
            Some(Field::AmountInclTax)
        );
        assert_eq!(missing_line(&import, Lang::Fr), None);
        let mut unmapped = import.clone();
        unmapped.remap(4, None);
        assert_eq!(
            missing_line(&unmapped, Lang::Fr).as_deref(),
            Some("Choisissez la colonne qui contient : Montant TTC.")
        );
        assert_eq!(
            file_line("f.csv", &import, Lang::Fr),
            "« f.csv » : 3 lignes, lu comme : UTF-8, point-virgule ( ; ), virgule décimale (1 234,56), dates JJ/MM/AAAA."
        );
    }

    #[test]
    fn the_preview_summary_and_report_say_what_happens_in_plain_words() {
        let import = open(FILE);
        let rows = import.invoices(Currency::Eur);
        let mut ledger = Ledger::new();
        let plan = plan(&ledger, &rows, &defaults());
        let Ok(totals) = added_totals(&plan, &rows) else {
            panic!()
        };
        let preview = preview_rows(&import, &plan, &rows, 10, Lang::Fr);
        assert_eq!(preview.len(), 3);
        assert_eq!(preview[0].amount, "1\u{202f}234,56\u{a0}€");
        assert_eq!(preview[0].client_note, Some("nouveau client"));
        assert_eq!(preview[1].kind, RowKind::Invalid);
        assert_eq!(preview[1].amount, "12,3,4");
        assert_eq!(
            preview[1].outcome,
            "Le montant « 12,3,4 » n'est pas un nombre"
        );
        assert_eq!(
            summary(&plan, &totals, Lang::Fr),
            vec![
                "2 factures à ajouter, pour 1\u{202f}334,56\u{a0}€.",
                "2 nouveaux clients à créer.",
                "1 ligne en erreur, listée ci-dessous.",
            ]
        );
        assert_eq!(
            error_lines(&plan, 10, Lang::Fr),
            (
                vec!["Ligne 3 : le montant « 12,3,4 » n'est pas un nombre".to_string()],
                0
            )
        );
        assert_eq!(confirm_label(&plan, Lang::En), "Import 2 invoices");
        assert!(blocked(&plan, Policy::ValidRows, Lang::Fr).is_none());
        let Some(why) = blocked(&plan, Policy::AllOrNothing, Lang::Fr) else {
            panic!()
        };
        assert!(why.contains("1 ligne l'est"), "{why}");
        let report = import_into(&mut ledger, &rows, Policy::ValidRows, &defaults());
        let Ok(report) = report else {
            panic!("{report:?}")
        };
        assert_eq!(
            report_line(&report, Lang::Fr),
            "2 factures importées (1\u{202f}334,56\u{a0}€), 2 clients créés, 1 paiement enregistré. 1 ligne laissée de côté (déjà dans vos livres ou en erreur)."
        );
        // The same file again: every row is already in the books.
        let again = plan_again(&ledger, &rows);
        assert_eq!(
            blocked(&again, Policy::ValidRows, Lang::En).as_deref(),
            Some("Nothing to import: every row has errors or is already in your books.")
        );
        let preview = preview_rows(&import, &again, &rows, 10, Lang::En);
        assert_eq!(preview[0].outcome, "Already in your books: skipped");
    }

    fn plan_again(ledger: &Ledger, rows: &[Result<ImportedInvoice, RowError>]) -> Plan {
        plan(ledger, rows, &defaults())
    }
}

/// One row of the preview of a file of clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientPreviewRow {
    pub line: String,
    pub name: String,
    pub country: String,
    pub identifier: String,
    pub email: String,
    pub outcome: String,
    pub kind: RowKind,
}

/// The first `limit` rows of a file of clients as they will be imported.
pub fn client_preview_rows(
    import: &Import,
    plan: &ClientPlan,
    rows: &[Result<ImportedClient, RowError>],
    limit: usize,
    lang: Lang,
) -> Vec<ClientPreviewRow> {
    let texts = import_texts(lang);
    let raw = |index: usize, field: Field| raw_cell(import, index, field);
    plan.outcomes
        .iter()
        .zip(rows)
        .take(limit)
        .enumerate()
        .map(|(index, (outcome, row))| {
            let (kind, outcome) = match outcome {
                ClientOutcome::Add => (RowKind::Added, texts.client_added.to_string()),
                ClientOutcome::Existing { same: true, .. } => {
                    (RowKind::Duplicate, texts.client_same.to_string())
                }
                ClientOutcome::Existing { same: false, .. } => {
                    (RowKind::Duplicate, texts.client_other.to_string())
                }
                ClientOutcome::Invalid(error) => (RowKind::Invalid, problems_text(error, lang)),
            };
            match row {
                Ok(client) => ClientPreviewRow {
                    line: client.line.to_string(),
                    name: client.name.clone(),
                    country: client
                        .country
                        .map(|country| country.code().to_string())
                        .unwrap_or_default(),
                    identifier: client
                        .tax_id
                        .as_ref()
                        .map(|id| id.as_str().to_string())
                        .unwrap_or_default(),
                    email: client.email.clone().unwrap_or_default(),
                    outcome,
                    kind,
                },
                Err(error) => ClientPreviewRow {
                    line: error.line.to_string(),
                    name: raw(index, Field::Client),
                    country: raw(index, Field::Country),
                    identifier: raw(index, Field::ClientSiren),
                    email: raw(index, Field::Email),
                    outcome,
                    kind,
                },
            }
        })
        .collect()
}

/// What an import of clients will do.
pub fn client_summary(plan: &ClientPlan, lang: Lang) -> Vec<String> {
    let (added, existing, invalid) = (plan.added(), plan.existing(), plan.invalid().count());
    let mut lines = vec![match lang {
        Lang::Fr => format!("{} à ajouter.", count(added, lang, "client", "clients")),
        Lang::En => format!("{} to add.", count(added, lang, "client", "clients")),
    }];
    if existing > 0 {
        lines.push(match lang {
            Lang::Fr => format!(
                "{} dans vos livres : jamais {} deux fois.",
                count(existing, lang, "client déjà", "clients déjà"),
                if existing > 1 { "ajoutés" } else { "ajouté" }
            ),
            Lang::En => format!(
                "{} in your books: never added twice.",
                count(existing, lang, "client already", "clients already")
            ),
        });
    }
    lines.extend(invalid_line(invalid, lang));
    lines
}

/// The first `limit` row errors of a file of clients, and how many more there are.
pub fn client_error_lines(plan: &ClientPlan, limit: usize, lang: Lang) -> (Vec<String>, usize) {
    first_errors(plan.invalid(), limit, lang)
}

/// The confirm button of a file of clients: `Importer 12 clients`.
pub fn client_confirm_label(plan: &ClientPlan, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Importer {}",
            count(plan.added(), lang, "client", "clients")
        ),
        Lang::En => format!("Import {}", count(plan.added(), lang, "client", "clients")),
    }
}

/// Why an import of clients cannot go ahead as chosen, if it cannot.
pub fn client_blocked(plan: &ClientPlan, policy: Policy, lang: Lang) -> Option<String> {
    let invalid = plan.invalid().count();
    if policy == Policy::AllOrNothing && invalid > 0 {
        return blocked_by_rows(invalid, lang);
    }
    (plan.added() == 0).then(|| match lang {
        Lang::Fr => {
            "Rien à importer : chaque ligne est en erreur ou déjà dans vos livres.".to_string()
        }
        Lang::En => {
            "Nothing to import: every row has errors or is already in your books.".to_string()
        }
    })
}

/// What an import of clients did.
pub fn client_report_line(report: &ClientReport, lang: Lang) -> String {
    let left = report.existing + report.invalid;
    let mut line = match lang {
        Lang::Fr => format!(
            "{}.",
            count(report.created, lang, "client importé", "clients importés")
        ),
        Lang::En => format!(
            "{} imported.",
            count(report.created, lang, "client", "clients")
        ),
    };
    if left > 0 {
        line.push(' ');
        line.push_str(&match lang {
            Lang::Fr => format!(
                "{} de côté (déjà dans vos livres ou en erreur).",
                count(left, lang, "ligne laissée", "lignes laissées")
            ),
            Lang::En => format!(
                "{} left out (already in your books or with errors).",
                count(left, lang, "row", "rows")
            ),
        });
    }
    line
}

/// `Ce fichier contient des factures.`
pub fn holds_line(holds: Holds, lang: Lang) -> &'static str {
    match (holds, lang) {
        (Holds::Invoices, Lang::Fr) => "Ce fichier contient des factures.",
        (Holds::Invoices, Lang::En) => "This file holds invoices.",
        (Holds::Clients, Lang::Fr) => {
            "Ce fichier contient des clients (aucune colonne de numéro, de date ni de montant de facture)."
        }
        (Holds::Clients, Lang::En) => {
            "This file holds clients (no column of invoice number, date or amount)."
        }
    }
}

#[cfg(test)]
mod client_tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::{Country, PaymentTerms};
    use crate::import::plan::{ImportDefaults, import_clients_into, plan_clients};

    #[test]
    fn a_file_of_clients_previews_and_reports_in_plain_words() {
        let import = match Import::open(
            "Client;Pays;SIREN;E-mail\nDurand SARL;France;732829320;compta@durand.fr\nPetit;Atlantide;;\n"
                .as_bytes(),
        ) {
            Ok(import) => import,
            Err(error) => panic!("{error:?}"),
        };
        assert_eq!(import.mapping.holds(), Holds::Clients);
        let rows = import.clients();
        let defaults = ImportDefaults {
            country: Country::FR,
            terms: PaymentTerms::default(),
            today: date("2026-12-07"),
        };
        let mut ledger = Ledger::new();
        let plan = plan_clients(&ledger, &rows, &defaults);
        let preview = client_preview_rows(&import, &plan, &rows, 10, Lang::Fr);
        assert_eq!(preview[0].identifier, "732829320");
        assert_eq!(preview[0].outcome, "Ajouté");
        assert_eq!(preview[1].country, "Atlantide");
        assert_eq!(preview[1].kind, RowKind::Invalid);
        assert_eq!(
            client_summary(&plan, Lang::Fr),
            vec![
                "1 client à ajouter.",
                "1 ligne en erreur, listée ci-dessous."
            ]
        );
        assert_eq!(client_confirm_label(&plan, Lang::En), "Import 1 client");
        let Ok(report) = import_clients_into(&mut ledger, &rows, Policy::ValidRows, &defaults)
        else {
            panic!()
        };
        assert_eq!(
            client_report_line(&report, Lang::Fr),
            "1 client importé. 1 ligne laissée de côté (déjà dans vos livres ou en erreur)."
        );
        let again = plan_clients(&ledger, &rows, &defaults);
        assert_eq!(
            client_preview_rows(&import, &again, &rows, 10, Lang::En)[0].outcome,
            "Already in your books: skipped"
        );
    }
}
