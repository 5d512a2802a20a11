//! The client form, pure: the draft it opens with, each field's problem, which terms inputs
//! show, the regime and legal-cap lines, and the command a save applies to the books. The
//! rules are the domain's (`ClientDraft::problems`, `default_clause_for`, `legal_cap_warning`).

use chrono::NaiveDate;

use crate::domain::edit;
use crate::domain::{
    ClientDetails, ClientDraft, ClientError, ClientId, ClientKind, ClientPart, Country, Field,
    Ledger, LedgerError, LegalCapWarning, PaymentTerms, TermsDraft, legal_cap_warning,
};
use crate::i18n::{Describe, Lang};
use crate::ui::clients::texts::{
    changed_elsewhere, clients_texts, conflict_texts, regime_text, terms_text,
};

/// A new client's form: a French business, net 30 days (the domain's default terms).
pub fn new_draft() -> ClientDraft {
    ClientDraft {
        country: Country::FR.code().to_string(),
        kind: ClientKind::Business.code().to_string(),
        terms: TermsDraft::from_terms(PaymentTerms::default()),
        ..ClientDraft::default()
    }
}

/// The form of client `id` as stored, with the details it shows (what a save merges from),
/// or `None` when there is no such client.
pub fn edit_draft(ledger: &Ledger, id: ClientId) -> Option<(ClientDraft, ClientDetails)> {
    ledger.client(id).map(|client| {
        (
            ClientDraft::from_details(client.details()),
            client.details().clone(),
        )
    })
}

/// The problem shown beside `field`, if any.
pub fn problem_of(problems: &[ClientError], field: Field) -> Option<&ClientError> {
    problems.iter().find(|problem| problem.field() == field)
}

/// Whether the terms chosen (a `DueRule` code) take a number of days.
pub fn terms_take_days(kind: &str) -> bool {
    matches!(
        kind.trim(),
        "net" | "days-end-of-month" | "end-of-month-days"
    )
}

/// Whether the terms chosen take an agreed date.
pub fn terms_take_date(kind: &str) -> bool {
    kind.trim() == "fixed-date"
}

fn party(draft: &ClientDraft) -> Option<(Country, ClientKind)> {
    let country = Country::parse(&draft.country).ok()?;
    let kind = ClientKind::from_code(&draft.kind)?;
    Some((country, kind))
}

/// The late-payment regime the country and kind select, in one line (`None` until both are
/// valid).
pub fn regime_line(draft: &ClientDraft, lang: Lang) -> Option<String> {
    party(draft).map(|(country, kind)| regime_text(country, kind, lang))
}

/// The legal cap an invoice issued on `as_of` with the draft's terms would exceed, if any (a
/// warning: the user may go ahead).
pub fn cap_warning(draft: &ClientDraft, as_of: NaiveDate) -> Option<LegalCapWarning> {
    let (country, kind) = party(draft)?;
    let due = draft.terms.parse().ok()?.due_date(as_of).ok()?;
    legal_cap_warning(as_of, due, country, kind)
}

/// The command a save applies: a new client (`editing: None`), or the form's `details`
/// merged with the client as stored now (`editing`: its id and `base`, the details the form
/// was opened with): only what the form changed is written, and a field changed here and,
/// differently, in another tab meanwhile is a conflict, and nothing is. The client's id.
/// `Books::apply` may run it again on another tab's newer version: it merges again there.
pub fn save(
    ledger: &mut Ledger,
    editing: Option<(ClientId, &ClientDetails)>,
    details: &ClientDetails,
) -> Result<ClientId, SaveRefusal> {
    let Some((id, base)) = editing else {
        return Ok(ledger.add_client(details.clone())?);
    };
    let current = ledger.client(id).ok_or(LedgerError::UnknownClient(id))?;
    let merged = ClientDetails::merge(base, details, current.details()).map_err(|conflict| {
        SaveRefusal::Conflict(Box::new(EditConflict {
            parts: conflict.parts,
            theirs: conflict.theirs,
            mine: details.clone(),
        }))
    })?;
    ledger.update_client(id, merged)?;
    Ok(id)
}

/// The client was changed in another tab while the form was being filled, and the save met a
/// field changed both there and here: nothing was saved, the form keeps what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditConflict {
    /// The fields to settle, in the form's order.
    pub parts: Vec<ClientPart>,
    /// The client as the other tab left it.
    pub theirs: ClientDetails,
    /// What this form tried to save.
    pub mine: ClientDetails,
}

/// Why a save was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveRefusal {
    Ledger(LedgerError),
    Conflict(Box<EditConflict>),
}

impl From<LedgerError> for SaveRefusal {
    fn from(error: LedgerError) -> SaveRefusal {
        SaveRefusal::Ledger(error)
    }
}

impl Describe for SaveRefusal {
    fn describe(&self, lang: Lang) -> String {
        match self {
            SaveRefusal::Ledger(error) => error.describe(lang),
            SaveRefusal::Conflict(_) => conflict_texts(lang).intro.to_string(),
        }
    }
}

/// The base once the user has seen the other tab's values of the conflict's fields (and kept
/// theirs, or taken the other's): the next save puts the form's values there, and still keeps
/// every other change of the other tab.
pub fn seen(base: &ClientDetails, conflict: &EditConflict) -> ClientDetails {
    edit::rebased(base, &conflict.theirs, &conflict.parts)
}

/// Puts in `draft` the other tab's values of the conflict's fields (the rest of what was typed
/// stays).
pub fn take_theirs(draft: &mut ClientDraft, conflict: &EditConflict) {
    let theirs = ClientDraft::from_details(&conflict.theirs);
    for part in &conflict.parts {
        match part {
            ClientPart::Name => draft.name.clone_from(&theirs.name),
            ClientPart::Address => draft.address.clone_from(&theirs.address),
            ClientPart::Email => draft.email.clone_from(&theirs.email),
            ClientPart::Phone => draft.phone.clone_from(&theirs.phone),
            ClientPart::TaxId => draft.tax_id.clone_from(&theirs.tax_id),
            ClientPart::Country => draft.country.clone_from(&theirs.country),
            ClientPart::Kind => draft.kind.clone_from(&theirs.kind),
            ClientPart::Terms => draft.terms.clone_from(&theirs.terms),
            ClientPart::Notes => draft.notes.clone_from(&theirs.notes),
        }
    }
}

/// One field of a conflict, as the form says it: beside the field and in the list at the top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictLine {
    pub field: Field,
    /// "Changed in another tab while you were editing: “X”. Yours: “Y”."
    pub message: String,
}

/// What the form says of `conflict`, field by field.
pub fn conflict_lines(conflict: &EditConflict, lang: Lang) -> Vec<ConflictLine> {
    conflict
        .parts
        .iter()
        .map(|&part| ConflictLine {
            field: part.field(),
            message: changed_elsewhere(
                &part_text(part, &conflict.theirs, lang),
                &part_text(part, &conflict.mine, lang),
                lang,
            ),
        })
        .collect()
}

/// A field's value in words, as the user would recognise it.
fn part_text(part: ClientPart, details: &ClientDetails, lang: Lang) -> String {
    let text = match part {
        ClientPart::Name => details.name().to_string(),
        ClientPart::Address => details.address().to_string(),
        ClientPart::Email => details
            .email()
            .map(|email| email.as_str().to_string())
            .unwrap_or_default(),
        ClientPart::Phone => details.phone().to_string(),
        ClientPart::TaxId => details
            .tax_id()
            .map(|id| id.as_str().to_string())
            .unwrap_or_default(),
        ClientPart::Country => details.country().code().to_string(),
        ClientPart::Kind => clients_texts(lang).kind(details.kind()).to_string(),
        ClientPart::Terms => terms_text(details.default_terms(), lang),
        ClientPart::Notes => details.notes().to_string(),
    };
    if text.is_empty() {
        conflict_texts(lang).none.to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TaxIdProblem;
    use crate::i18n::Describe;
    use crate::ui::clients::test_support::{TestBooks, day};

    fn fields(draft: &ClientDraft) -> Vec<Field> {
        draft.problems().iter().map(ClientError::field).collect()
    }

    #[test]
    fn a_new_form_is_a_french_business_on_net_30_missing_only_its_name() {
        let draft = new_draft();
        assert_eq!(fields(&draft), [Field::ClientName]);
        assert!(terms_take_days(&draft.terms.kind));
        assert_eq!(draft.terms.days, "30");
        let line = regime_line(&draft, Lang::En);
        assert!(line.is_some_and(|line| line.starts_with("France, business debtor")));
    }

    #[test]
    fn each_problem_is_said_beside_its_own_field_in_plain_words() {
        let draft = ClientDraft {
            name: "Atelier Dupont".into(),
            tax_id: "732 829 321".into(),
            email: "compta@".into(),
            ..new_draft()
        };
        let problems = draft.problems();
        assert_eq!(fields(&draft), [Field::Email, Field::TaxId]);
        let tax_id = problem_of(&problems, Field::TaxId);
        assert!(matches!(
            tax_id,
            Some(ClientError::TaxId {
                problem: TaxIdProblem::BadChecksum,
                ..
            })
        ));
        let said = tax_id.map(|problem| problem.describe(Lang::En));
        assert!(said.is_some_and(|said| said.contains("check digit")));
        assert!(problem_of(&problems, Field::ClientName).is_none());
    }

    #[test]
    fn the_terms_inputs_follow_the_terms_chosen() {
        assert!(terms_take_days("days-end-of-month"));
        assert!(!terms_take_days("on-receipt"));
        assert!(!terms_take_days("fixed-date"));
        assert!(terms_take_date("fixed-date"));
        let on_receipt = ClientDraft {
            name: "A".into(),
            terms: TermsDraft {
                kind: "on-receipt".into(),
                days: "not read".into(),
                ..TermsDraft::default()
            },
            ..new_draft()
        };
        assert_eq!(fields(&on_receipt), []);
    }

    #[test]
    fn the_regime_follows_the_country_and_kind_and_waits_for_valid_ones() {
        let consumer = ClientDraft {
            kind: "consumer".into(),
            ..new_draft()
        };
        assert_eq!(
            regime_line(&consumer, Lang::Fr).as_deref(),
            Some("France, intérêt au taux légal")
        );
        let german = ClientDraft {
            country: "de".into(),
            ..new_draft()
        };
        assert!(regime_line(&german, Lang::En).is_some_and(|line| line.starts_with("Germany")));
        let unknown = ClientDraft {
            country: "France".into(),
            ..new_draft()
        };
        assert_eq!(regime_line(&unknown, Lang::En), None);
    }

    #[test]
    fn terms_beyond_the_legal_cap_are_a_warning_for_businesses_only() {
        let long = ClientDraft {
            terms: TermsDraft {
                kind: "net".into(),
                days: "90".into(),
                ..TermsDraft::default()
            },
            ..new_draft()
        };
        let warning = cap_warning(&long, day("2026-01-15"));
        assert!(matches!(
            warning,
            Some(LegalCapWarning::FranceBusiness { .. })
        ));
        assert_eq!(cap_warning(&new_draft(), day("2026-01-15")), None);
        let consumer = ClientDraft {
            kind: "consumer".into(),
            ..long
        };
        assert_eq!(cap_warning(&consumer, day("2026-01-15")), None);
    }

    #[test]
    fn saving_adds_a_new_client_or_updates_the_one_edited_under_its_id() {
        let mut books = TestBooks::new();
        let existing = books.client("Ancien nom", "", "");
        let renamed = ClientDraft {
            name: "Nouveau nom".into(),
            ..new_draft()
        };
        let Ok(details) = renamed.parse() else {
            panic!("refused")
        };
        let Some(base) = books
            .ledger
            .client(existing)
            .map(|client| client.details().clone())
        else {
            panic!("no client")
        };
        assert_eq!(
            save(&mut books.ledger, Some((existing, &base)), &details),
            Ok(existing)
        );
        assert_eq!(
            edit_draft(&books.ledger, existing).map(|(draft, _)| draft.name),
            Some("Nouveau nom".to_string())
        );
        let added = save(&mut books.ledger, None, &details);
        assert!(added.is_ok_and(|id| id != existing));
        assert_eq!(books.ledger.clients().count(), 2);
        let gone = ClientId::from_raw(999);
        assert_eq!(edit_draft(&books.ledger, gone), None);
        let Ok(details) = renamed.parse() else {
            panic!("refused")
        };
        assert_eq!(
            save(&mut books.ledger, Some((gone, &base)), &details),
            Err(SaveRefusal::Ledger(LedgerError::UnknownClient(gone)))
        );
    }

    #[test]
    fn hostile_text_is_refused_with_a_sentence_or_kept_as_plain_text() {
        let long = ClientDraft {
            name: "x".repeat(10_000),
            ..new_draft()
        };
        let problems = long.problems();
        let said =
            problem_of(&problems, Field::ClientName).map(|problem| problem.describe(Lang::Fr));
        assert!(said.is_some_and(|said| said.contains("200")));
        for name in [
            "<script>alert(1)</script>",
            "=HYPERLINK(\"http://x\";\"y\")",
            "Café 😀 ☕",
            "شركة الأمل",
        ] {
            let draft = ClientDraft {
                name: name.into(),
                address: "9999 rue de l'An 9999".into(),
                ..new_draft()
            };
            assert!(
                draft.parse().is_ok_and(|details| details.name() == name),
                "{name}"
            );
        }
        let far = ClientDraft {
            name: "A".into(),
            terms: TermsDraft {
                kind: "fixed-date".into(),
                fixed_date: "9999-12-31".into(),
                ..TermsDraft::default()
            },
            ..new_draft()
        };
        assert_eq!(fields(&far), []);
        assert_eq!(cap_warning(&far, day("9999-12-31")), None);
        let beyond = ClientDraft {
            terms: TermsDraft {
                kind: "net".into(),
                days: "999".into(),
                ..TermsDraft::default()
            },
            ..far
        };
        // An invoice issued on the calendar's last day cannot fall due later: no warning,
        // no panic.
        assert_eq!(cap_warning(&beyond, day("9999-12-31")), None);
    }

    /// Saves `draft` as an edit of `id` opened on `base`.
    fn save_edit(
        books: &mut TestBooks,
        id: ClientId,
        base: &ClientDetails,
        draft: &ClientDraft,
    ) -> Result<ClientId, SaveRefusal> {
        let Ok(details) = draft.parse() else {
            panic!("{:?}", draft.problems())
        };
        save(&mut books.ledger, Some((id, base)), &details)
    }

    #[test]
    fn two_tabs_editing_one_client_keep_both_changes_and_report_the_same_field() {
        let mut books = TestBooks::new();
        let id = books.client("Atelier Dupont", "", "compta@dupont.fr");
        let Some((opened, base)) = edit_draft(&books.ledger, id) else {
            panic!("no client")
        };
        // Tab A: the phone and the notes; tab B, opened before: the e-mail and the notes.
        let a = ClientDraft {
            phone: "01 02 03 04 05".into(),
            notes: "paie à 60 jours".into(),
            ..opened.clone()
        };
        assert_eq!(save_edit(&mut books, id, &base, &a), Ok(id));
        let before = books.ledger.clone();
        let b = ClientDraft {
            email: "factures@dupont.fr".into(),
            notes: "préfère le courrier".into(),
            ..opened.clone()
        };
        let Err(SaveRefusal::Conflict(conflict)) = save_edit(&mut books, id, &base, &b) else {
            panic!("no conflict")
        };
        assert_eq!(books.ledger, before);
        assert_eq!(conflict.parts, [ClientPart::Notes]);
        let lines = conflict_lines(&conflict, Lang::En);
        assert_eq!(
            lines,
            [ConflictLine {
                field: Field::Notes,
                message: "Changed in another tab while you were editing: “paie à 60 jours”. Yours: “préfère le courrier”.".into(),
            }]
        );
        assert!(conflict_lines(&conflict, Lang::Fr)[0].message.starts_with(
            "Modifié dans un autre onglet pendant votre saisie\u{a0}: «\u{a0}paie à 60 jours\u{a0}»"
        ));
        let refusal = SaveRefusal::Conflict(conflict.clone());
        assert!(
            refusal
                .describe(Lang::Fr)
                .starts_with("Ce client a été modifié dans un autre onglet")
        );

        // Take theirs: the notes are the other tab's, my e-mail stays; saved, both are kept.
        let mut taken = b.clone();
        take_theirs(&mut taken, &conflict);
        assert_eq!(
            (taken.notes.as_str(), taken.email.as_str()),
            ("paie à 60 jours", "factures@dupont.fr")
        );
        // Keep mine instead: my notes and e-mail, the other tab's phone.
        let seen_base = seen(&base, &conflict);
        assert_eq!(save_edit(&mut books, id, &seen_base, &b), Ok(id));
        let Some((stored, _)) = edit_draft(&books.ledger, id) else {
            panic!("no client")
        };
        assert_eq!(
            (
                stored.notes.as_str(),
                stored.email.as_str(),
                stored.phone.as_str()
            ),
            (
                "préfère le courrier",
                "factures@dupont.fr",
                "01 02 03 04 05"
            )
        );
    }

    #[test]
    fn each_field_of_a_conflict_says_its_values_in_words() {
        let mut books = TestBooks::new();
        let id = books.client("Atelier Dupont", "732 829 320", "");
        let Some((_, details)) = edit_draft(&books.ledger, id) else {
            panic!("no client")
        };
        for lang in Lang::ALL {
            for part in ClientPart::ALL {
                assert!(!part_text(part, &details, lang).is_empty(), "{part:?}");
            }
        }
        assert_eq!(part_text(ClientPart::Email, &details, Lang::Fr), "(vide)");
        assert_eq!(
            part_text(ClientPart::TaxId, &details, Lang::Fr),
            "732829320"
        );
        assert_eq!(
            part_text(ClientPart::Kind, &details, Lang::En),
            "Business or professional"
        );
        assert_eq!(
            part_text(ClientPart::Terms, &details, Lang::En),
            "net 30 days"
        );
    }
}
