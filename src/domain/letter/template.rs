//! A letter's words with `{placeholders}`: checked, then filled in from the facts.
//!
//! Syntax: a subject line and a body. The body's paragraphs are separated by a blank line; a
//! paragraph that is only `{invoices.table}` or `{plan.table}` becomes that table. `{{` and
//! `}}` write a brace. A name that is not a placeholder is an error naming it, the line, and
//! the placeholder it most resembles.

use super::facts::LetterFacts;
use super::output::Block;
use super::{legal, tables};
use crate::domain::letterhead::Letterhead;
use crate::format;
use crate::i18n::{Describe, Lang};

/// Every placeholder a template may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    ClientName,
    ClientAddress,
    SenderName,
    SenderTradeName,
    SenderAddress,
    SenderSiren,
    SenderVat,
    SenderIban,
    SenderBic,
    SenderEmail,
    SenderPhone,
    LetterDate,
    InvoicesList,
    InvoicesCount,
    InvoicesTable,
    TotalOpen,
    InterestTotal,
    CompensationTotal,
    TotalClaimed,
    Deadline,
    DeadlineDays,
    LastStepDate,
    LegalInterest,
    LegalCompensation,
    LegalNotice,
    LegalAction,
    LegalRunning,
    PaymentDetails,
    DepositAmount,
    DepositDate,
    DueDate,
    PlanTable,
    PlanTerms,
}

impl Placeholder {
    pub const ALL: [Placeholder; 33] = [
        Placeholder::ClientName,
        Placeholder::ClientAddress,
        Placeholder::SenderName,
        Placeholder::SenderTradeName,
        Placeholder::SenderAddress,
        Placeholder::SenderSiren,
        Placeholder::SenderVat,
        Placeholder::SenderIban,
        Placeholder::SenderBic,
        Placeholder::SenderEmail,
        Placeholder::SenderPhone,
        Placeholder::LetterDate,
        Placeholder::InvoicesList,
        Placeholder::InvoicesCount,
        Placeholder::InvoicesTable,
        Placeholder::TotalOpen,
        Placeholder::InterestTotal,
        Placeholder::CompensationTotal,
        Placeholder::TotalClaimed,
        Placeholder::Deadline,
        Placeholder::DeadlineDays,
        Placeholder::LastStepDate,
        Placeholder::LegalInterest,
        Placeholder::LegalCompensation,
        Placeholder::LegalNotice,
        Placeholder::LegalAction,
        Placeholder::LegalRunning,
        Placeholder::PaymentDetails,
        Placeholder::DepositAmount,
        Placeholder::DepositDate,
        Placeholder::DueDate,
        Placeholder::PlanTable,
        Placeholder::PlanTerms,
    ];

    /// The name between braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::ClientName => "client.name",
            Placeholder::ClientAddress => "client.address",
            Placeholder::SenderName => "sender.name",
            Placeholder::SenderTradeName => "sender.trade_name",
            Placeholder::SenderAddress => "sender.address",
            Placeholder::SenderSiren => "sender.siren",
            Placeholder::SenderVat => "sender.vat",
            Placeholder::SenderIban => "sender.iban",
            Placeholder::SenderBic => "sender.bic",
            Placeholder::SenderEmail => "sender.email",
            Placeholder::SenderPhone => "sender.phone",
            Placeholder::LetterDate => "letter.date",
            Placeholder::InvoicesList => "invoices.list",
            Placeholder::InvoicesCount => "invoices.count",
            Placeholder::InvoicesTable => "invoices.table",
            Placeholder::TotalOpen => "total.open",
            Placeholder::InterestTotal => "interest.total",
            Placeholder::CompensationTotal => "compensation.total",
            Placeholder::TotalClaimed => "total.claimed",
            Placeholder::Deadline => "deadline",
            Placeholder::DeadlineDays => "deadline.days",
            Placeholder::LastStepDate => "last_reminder.date",
            Placeholder::LegalInterest => "legal.interest",
            Placeholder::LegalCompensation => "legal.compensation",
            Placeholder::LegalNotice => "legal.notice",
            Placeholder::LegalAction => "legal.action",
            Placeholder::LegalRunning => "legal.running",
            Placeholder::PaymentDetails => "payment.details",
            Placeholder::DepositAmount => "deposit.amount",
            Placeholder::DepositDate => "deposit.date",
            Placeholder::DueDate => "due_date",
            Placeholder::PlanTable => "plan.table",
            Placeholder::PlanTerms => "plan.terms",
        }
    }

    pub fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL
            .into_iter()
            .find(|placeholder| placeholder.name() == name)
    }

    /// Whether it stands for a table (alone in its paragraph).
    pub fn is_table(self) -> bool {
        matches!(self, Placeholder::InvoicesTable | Placeholder::PlanTable)
    }

    /// What it is replaced by, for the template editor's list.
    pub fn meaning(self, lang: Lang) -> &'static str {
        use Placeholder::*;
        match (self, lang) {
            (ClientName, Lang::Fr) => "le nom du client",
            (ClientName, Lang::En) => "the client's name",
            (ClientAddress, Lang::Fr) => "l'adresse du client",
            (ClientAddress, Lang::En) => "the client's address",
            (SenderName, Lang::Fr) => "votre nom ou raison sociale",
            (SenderName, Lang::En) => "your name or company name",
            (SenderTradeName, Lang::Fr) => "votre nom commercial",
            (SenderTradeName, Lang::En) => "your trade name",
            (SenderAddress, Lang::Fr) => "votre adresse",
            (SenderAddress, Lang::En) => "your address",
            (SenderSiren, Lang::Fr) => "votre SIREN ou SIRET",
            (SenderSiren, Lang::En) => "your SIREN or SIRET",
            (SenderVat, Lang::Fr) => "votre numéro de TVA",
            (SenderVat, Lang::En) => "your VAT number",
            (SenderIban, Lang::Fr) => "votre IBAN",
            (SenderIban, Lang::En) => "your IBAN",
            (SenderBic, Lang::Fr) => "votre BIC",
            (SenderBic, Lang::En) => "your BIC",
            (SenderEmail, Lang::Fr) => "votre e-mail",
            (SenderEmail, Lang::En) => "your e-mail",
            (SenderPhone, Lang::Fr) => "votre téléphone",
            (SenderPhone, Lang::En) => "your phone",
            (LetterDate, Lang::Fr) => "la date de la lettre",
            (LetterDate, Lang::En) => "the letter's date",
            (InvoicesList, Lang::Fr) => "les numéros des factures (F-001, F-002)",
            (InvoicesList, Lang::En) => "the invoice numbers (F-001, F-002)",
            (InvoicesCount, Lang::Fr) => "le nombre de factures",
            (InvoicesCount, Lang::En) => "the number of invoices",
            (InvoicesTable, Lang::Fr) => "le tableau des factures (seul dans son paragraphe)",
            (InvoicesTable, Lang::En) => "the table of invoices (alone in its paragraph)",
            (TotalOpen, Lang::Fr) => "le total restant dû",
            (TotalOpen, Lang::En) => "the total still owed",
            (InterestTotal, Lang::Fr) => {
                "les pénalités ou intérêts de retard à la date de la lettre"
            }
            (InterestTotal, Lang::En) => "the late interest to the letter's date",
            (CompensationTotal, Lang::Fr) => "l'indemnité forfaitaire de recouvrement",
            (CompensationTotal, Lang::En) => "the fixed recovery compensation",
            (TotalClaimed, Lang::Fr) => "le total réclamé (restant dû, pénalités, indemnité)",
            (TotalClaimed, Lang::En) => "the total claimed (owed, interest, compensation)",
            (Deadline, Lang::Fr) => "la date limite de paiement",
            (Deadline, Lang::En) => "the deadline to pay",
            (DeadlineDays, Lang::Fr) => "le délai de paiement, en jours",
            (DeadlineDays, Lang::En) => "the days given to pay",
            (LastStepDate, Lang::Fr) => "la date de la dernière relance",
            (LastStepDate, Lang::En) => "the date of the last reminder",
            (LegalInterest, Lang::Fr) => {
                "le paragraphe des pénalités : montant, taux, méthode, texte"
            }
            (LegalInterest, Lang::En) => "the interest paragraph: amount, rate, method, statute",
            (LegalCompensation, Lang::Fr) => "le paragraphe de l'indemnité forfaitaire",
            (LegalCompensation, Lang::En) => "the fixed-compensation paragraph",
            (LegalNotice, Lang::Fr) => "la base légale de la mise en demeure",
            (LegalNotice, Lang::En) => "the legal basis of the formal notice",
            (LegalAction, Lang::Fr) => "ce qui suivra sans paiement (injonction de payer…)",
            (LegalAction, Lang::En) => "what follows without payment (court claim…)",
            (LegalRunning, Lang::Fr) => {
                "ce qui court faute de paiement (pénalités, ou rien avant une mise en demeure pour un particulier)"
            }
            (LegalRunning, Lang::En) => {
                "what runs while unpaid (interest, or nothing before a formal notice for a consumer)"
            }
            (PaymentDetails, Lang::Fr) => "comment payer (IBAN, BIC)",
            (PaymentDetails, Lang::En) => "how to pay (IBAN, BIC)",
            (DepositAmount, Lang::Fr) => "le montant de l'acompte",
            (DepositAmount, Lang::En) => "the deposit's amount",
            (DepositDate, Lang::Fr) => "la date de l'acompte",
            (DepositDate, Lang::En) => "the deposit's date",
            (DueDate, Lang::Fr) => "l'échéance (la plus proche)",
            (DueDate, Lang::En) => "the due date (the earliest)",
            (PlanTable, Lang::Fr) => "le tableau des échéances (seul dans son paragraphe)",
            (PlanTable, Lang::En) => "the table of installments (alone in its paragraph)",
            (PlanTerms, Lang::Fr) => "les conditions de l'échéancier (intérêts, échéance manquée)",
            (PlanTerms, Lang::En) => "the plan's terms (interest, a missed installment)",
        }
    }
}

/// A letter's words: a subject line and a body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// Where a template is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` is not a placeholder; `suggestion` is the nearest one.
    Unknown {
        name: String,
        line: usize,
        suggestion: Option<&'static str>,
    },
    /// A `{` without its `}` (or a lone `}`).
    Unclosed { line: usize },
    /// A table placeholder inside a sentence.
    TableInline { name: &'static str, line: usize },
    /// The subject is empty.
    EmptySubject,
}

impl Describe for TemplateError {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                TemplateError::Unknown {
                    name,
                    line,
                    suggestion: Some(near),
                },
                Lang::Fr,
            ) => format!(
                "Ligne {line} : « {{{name}}} » n'est pas un champ connu. Vouliez-vous dire « {{{near}}} » ?"
            ),
            (
                TemplateError::Unknown {
                    name,
                    line,
                    suggestion: None,
                },
                Lang::Fr,
            ) => format!(
                "Ligne {line} : « {{{name}}} » n'est pas un champ connu (voir la liste des champs)."
            ),
            (
                TemplateError::Unknown {
                    name,
                    line,
                    suggestion: Some(near),
                },
                Lang::En,
            ) => format!(
                "Line {line}: “{{{name}}}” is not a known placeholder. Did you mean “{{{near}}}”?"
            ),
            (
                TemplateError::Unknown {
                    name,
                    line,
                    suggestion: None,
                },
                Lang::En,
            ) => format!(
                "Line {line}: “{{{name}}}” is not a known placeholder (see the list of placeholders)."
            ),
            (TemplateError::Unclosed { line }, Lang::Fr) => format!(
                "Ligne {line} : accolade non fermée. Pour écrire une accolade, doublez-la : {{{{ ou }}}}."
            ),
            (TemplateError::Unclosed { line }, Lang::En) => format!(
                "Line {line}: a brace is not closed. To write a brace, double it: {{{{ or }}}}."
            ),
            (TemplateError::TableInline { name, line }, Lang::Fr) => format!(
                "Ligne {line} : « {{{name}}} » est un tableau ; mettez-le seul dans son paragraphe."
            ),
            (TemplateError::TableInline { name, line }, Lang::En) => {
                format!("Line {line}: “{{{name}}}” is a table; put it alone in its paragraph.")
            }
            (TemplateError::EmptySubject, Lang::Fr) => "L'objet de la lettre est vide.".to_string(),
            (TemplateError::EmptySubject, Lang::En) => "The letter's subject is empty.".to_string(),
        }
    }
}

/// A piece of a parsed line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Placeholder),
}

/// Reads one line's pieces (`line` is 1-based, for errors).
fn pieces(text: &str, line: usize) -> Result<Vec<Piece>, TemplateError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        match character {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                current.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                current.push('}');
            }
            '}' => return Err(TemplateError::Unclosed { line }),
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for inner in chars.by_ref() {
                    if inner == '}' {
                        closed = true;
                        break;
                    }
                    if inner == '{' {
                        break;
                    }
                    name.push(inner);
                }
                if !closed {
                    return Err(TemplateError::Unclosed { line });
                }
                let trimmed = name.trim();
                let placeholder =
                    Placeholder::from_name(trimmed).ok_or_else(|| TemplateError::Unknown {
                        name: trimmed.to_string(),
                        line,
                        suggestion: nearest(trimmed),
                    })?;
                if !current.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut current)));
                }
                out.push(Piece::Field(placeholder));
            }
            other => current.push(other),
        }
    }
    if !current.is_empty() {
        out.push(Piece::Text(current));
    }
    Ok(out)
}

/// The placeholder nearest to a misspelt name (edit distance at most a third of its length,
/// and at least 2), if any.
fn nearest(name: &str) -> Option<&'static str> {
    let lowered = name.to_lowercase();
    let limit = (lowered.chars().count() / 3).max(2);
    Placeholder::ALL
        .into_iter()
        .map(|placeholder| (distance(&lowered, placeholder.name()), placeholder.name()))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.last().copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// A checked template: every line read, nothing unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    subject: Vec<Piece>,
    /// Paragraphs: each a list of lines, each a list of pieces.
    paragraphs: Vec<Vec<Vec<Piece>>>,
}

/// Checks a template (the editor shows the first error beside the field).
pub fn check(template: &Template) -> Result<Checked, TemplateError> {
    if template.subject.trim().is_empty() {
        return Err(TemplateError::EmptySubject);
    }
    let subject = pieces(template.subject.trim(), 1)?;
    if let Some(Piece::Field(table)) = subject
        .iter()
        .find(|piece| matches!(piece, Piece::Field(field) if field.is_table()))
    {
        return Err(TemplateError::TableInline {
            name: table.name(),
            line: 1,
        });
    }
    let mut paragraphs = Vec::new();
    let mut paragraph: Vec<Vec<Piece>> = Vec::new();
    for (index, raw) in template.body.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            if !paragraph.is_empty() {
                paragraphs.push(std::mem::take(&mut paragraph));
            }
            continue;
        }
        let read = pieces(raw.trim_end(), line)?;
        for piece in &read {
            if let Piece::Field(field) = piece
                && field.is_table()
            {
                let alone = read.len() == 1 && paragraph.is_empty();
                if !alone {
                    return Err(TemplateError::TableInline {
                        name: field.name(),
                        line,
                    });
                }
            }
        }
        let is_table = matches!(read.as_slice(), [Piece::Field(field)] if field.is_table());
        paragraph.push(read);
        if is_table {
            paragraphs.push(std::mem::take(&mut paragraph));
        }
    }
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    Ok(Checked {
        subject,
        paragraphs,
    })
}

/// What a letter's placeholders are replaced by.
pub struct Values<'a> {
    pub facts: &'a LetterFacts,
    pub sender: &'a Letterhead,
    pub lang: Lang,
}

impl Values<'_> {
    /// The text of an inline placeholder (empty when the letter has nothing for it).
    pub fn text(&self, placeholder: Placeholder) -> String {
        let facts = self.facts;
        let lang = self.lang;
        let sender = self.sender;
        let money = |amount| format::money(amount, lang);
        let date = |day| format::date_long(day, lang);
        match placeholder {
            Placeholder::ClientName => facts.client.name().to_string(),
            Placeholder::ClientAddress => facts.client.address().to_string(),
            Placeholder::SenderName => sender.name.clone(),
            Placeholder::SenderTradeName => sender.trade_name.clone(),
            Placeholder::SenderAddress => sender.address.clone(),
            Placeholder::SenderSiren => sender.siren.clone(),
            Placeholder::SenderVat => sender.vat.clone(),
            Placeholder::SenderIban => sender.iban.clone(),
            Placeholder::SenderBic => sender.bic.clone(),
            Placeholder::SenderEmail => sender.email.clone(),
            Placeholder::SenderPhone => sender.phone.clone(),
            Placeholder::LetterDate => date(facts.date),
            Placeholder::InvoicesList => list(
                facts
                    .invoices
                    .iter()
                    .map(|invoice| invoice.number.clone())
                    .collect(),
                lang,
            ),
            Placeholder::InvoicesCount => facts.invoices.len().to_string(),
            Placeholder::TotalOpen => money(facts.total_open),
            Placeholder::InterestTotal => money(facts.total_interest),
            Placeholder::CompensationTotal => money(facts.total_compensation),
            Placeholder::TotalClaimed => money(facts.total_claimed),
            Placeholder::Deadline => date(facts.deadline),
            Placeholder::DeadlineDays => facts.deadline_days.to_string(),
            Placeholder::LastStepDate => facts
                .last_step
                .map(|(_, day)| date(day))
                .unwrap_or_default(),
            Placeholder::LegalInterest => legal::interest(facts, lang),
            Placeholder::LegalCompensation => legal::compensation(facts, lang),
            Placeholder::LegalNotice => legal::notice(facts, lang),
            Placeholder::LegalAction => legal::action(facts, lang),
            Placeholder::LegalRunning => legal::running(facts, lang),
            Placeholder::PaymentDetails => legal::payment_details(sender, lang),
            Placeholder::DepositAmount => facts
                .deposit
                .map(|deposit| money(deposit.amount))
                .unwrap_or_default(),
            Placeholder::DepositDate => facts
                .deposit
                .map(|deposit| date(deposit.date))
                .unwrap_or_default(),
            Placeholder::DueDate => facts
                .invoices
                .iter()
                .map(|invoice| invoice.due_date)
                .min()
                .map(date)
                .unwrap_or_default(),
            Placeholder::PlanTerms => legal::plan_terms(facts, lang),
            Placeholder::InvoicesTable | Placeholder::PlanTable => String::new(),
        }
    }
}

/// « F-001, F-002 et F-003 » / "F-001, F-002 and F-003".
fn list(items: Vec<String>, lang: Lang) -> String {
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn fill(pieces: &[Piece], values: &Values) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field(field) => out.push_str(&values.text(*field)),
        }
    }
    out
}

/// The subject and the body's blocks of `template` filled in from `values`. A paragraph whose
/// placeholders all came out empty (a consumer's compensation paragraph, say) is left out.
pub fn render(template: &Template, values: &Values) -> Result<(String, Vec<Block>), TemplateError> {
    let checked = check(template)?;
    let subject = format::typography(fill(&checked.subject, values).trim(), values.lang);
    let mut blocks = Vec::new();
    for paragraph in &checked.paragraphs {
        if let [line] = paragraph.as_slice()
            && let [Piece::Field(field)] = line.as_slice()
        {
            match field {
                Placeholder::InvoicesTable => {
                    blocks.push(Block::Table(tables::invoices(values.facts, values.lang)));
                    continue;
                }
                Placeholder::PlanTable => {
                    if let Some(table) = tables::plan(values.facts, values.lang) {
                        blocks.push(Block::Table(table));
                    }
                    continue;
                }
                _ => {}
            }
        }
        let has_text = paragraph
            .iter()
            .flatten()
            .any(|piece| matches!(piece, Piece::Text(text) if !text.trim().is_empty()));
        let lines: Vec<String> = paragraph
            .iter()
            .map(|line| fill(line, values))
            .filter(|line| has_text || !line.trim().is_empty())
            .collect();
        let text = lines.join("\n");
        if text.trim().is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph(format::typography(&text, values.lang)));
    }
    Ok((subject, blocks))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(body: &str) -> Template {
        Template {
            subject: "Facture {invoices.list}".to_string(),
            body: body.to_string(),
        }
    }

    #[test]
    fn every_placeholder_name_reads_back() {
        for placeholder in Placeholder::ALL {
            assert_eq!(
                Placeholder::from_name(placeholder.name()),
                Some(placeholder)
            );
        }
    }

    #[test]
    fn a_misspelt_placeholder_is_named_with_the_nearest_one() {
        let error = check(&template("Bonjour,\n\nVous devez {total.opne}.")).unwrap_err();
        assert_eq!(
            error,
            TemplateError::Unknown {
                name: "total.opne".to_string(),
                line: 3,
                suggestion: Some("total.open"),
            }
        );
        assert_eq!(
            error.describe(Lang::Fr),
            "Ligne 3 : « {total.opne} » n'est pas un champ connu. Vouliez-vous dire « {total.open} » ?"
        );
        let far = check(&template("{nothing.like.this.at.all}")).unwrap_err();
        assert!(matches!(
            far,
            TemplateError::Unknown {
                suggestion: None,
                ..
            }
        ));
        assert!(
            far.describe(Lang::En)
                .contains("{nothing.like.this.at.all}")
        );
    }

    #[test]
    fn braces_are_doubled_to_be_written_and_a_lone_one_is_an_error() {
        let checked = check(&template("Code {{A}} ok")).unwrap();
        assert_eq!(
            checked.paragraphs,
            vec![vec![vec![Piece::Text("Code {A} ok".to_string())]]]
        );
        assert_eq!(
            check(&template("ligne un\nOuvert {client.name")).unwrap_err(),
            TemplateError::Unclosed { line: 2 }
        );
        assert_eq!(
            check(&template("fermé }")).unwrap_err(),
            TemplateError::Unclosed { line: 1 }
        );
    }

    #[test]
    fn a_table_stands_alone_in_its_paragraph() {
        assert!(check(&template("Voici :\n\n{invoices.table}\n\nMerci.")).is_ok());
        assert_eq!(
            check(&template("Voici {invoices.table}")).unwrap_err(),
            TemplateError::TableInline {
                name: "invoices.table",
                line: 1
            }
        );
        assert_eq!(
            check(&template("Voici :\n{plan.table}")).unwrap_err(),
            TemplateError::TableInline {
                name: "plan.table",
                line: 2
            }
        );
        let subject = Template {
            subject: "{invoices.table}".to_string(),
            body: String::new(),
        };
        assert!(matches!(
            check(&subject).unwrap_err(),
            TemplateError::TableInline { line: 1, .. }
        ));
        let empty = Template {
            subject: "  ".to_string(),
            body: "x".to_string(),
        };
        assert_eq!(check(&empty).unwrap_err(), TemplateError::EmptySubject);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(list(vec![], Lang::Fr), "");
        assert_eq!(list(vec!["A".into()], Lang::Fr), "A");
        assert_eq!(list(vec!["A".into(), "B".into()], Lang::Fr), "A et B");
        assert_eq!(
            list(vec!["A".into(), "B".into(), "C".into()], Lang::En),
            "A, B and C"
        );
    }
}
