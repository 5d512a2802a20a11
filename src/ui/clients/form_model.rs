//! The client form, pure: the draft it opens with, each field's problem, which terms inputs
//! show, the regime and legal-cap lines, and the command a save applies to the books. The
//! rules are the domain's (`ClientDraft::problems`, `default_clause_for`, `legal_cap_warning`).

use chrono::NaiveDate;

use crate::domain::{
    ClientDetails, ClientDraft, ClientError, ClientId, ClientKind, Country, Field, Ledger,
    LedgerError, LegalCapWarning, PaymentTerms, TermsDraft, legal_cap_warning,
};
use crate::i18n::Lang;
use crate::ui::clients::texts::regime_text;

/// A new client's form: a French business, net 30 days (the domain's default terms).
pub fn new_draft() -> ClientDraft {
    ClientDraft {
        country: Country::FR.code().to_string(),
        kind: ClientKind::Business.code().to_string(),
        terms: TermsDraft::from_terms(PaymentTerms::default()),
        ..ClientDraft::default()
    }
}

/// The form of client `id` as stored, or `None` when there is no such client.
pub fn edit_draft(ledger: &Ledger, id: ClientId) -> Option<ClientDraft> {
    ledger
        .client(id)
        .map(|client| ClientDraft::from_details(client.details()))
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

/// The command a save applies: a new client (`editing: None`) or new details for one; the
/// client's id either way.
pub fn save(
    ledger: &mut Ledger,
    editing: Option<ClientId>,
    details: ClientDetails,
) -> Result<ClientId, LedgerError> {
    match editing {
        None => ledger.add_client(details),
        Some(id) => ledger.update_client(id, details).map(|()| id),
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
        assert_eq!(
            save(&mut books.ledger, Some(existing), details.clone()),
            Ok(existing)
        );
        assert_eq!(
            edit_draft(&books.ledger, existing).map(|draft| draft.name),
            Some("Nouveau nom".to_string())
        );
        let added = save(&mut books.ledger, None, details);
        assert!(added.is_ok_and(|id| id != existing));
        assert_eq!(books.ledger.clients().count(), 2);
        let gone = ClientId::from_raw(999);
        assert_eq!(edit_draft(&books.ledger, gone), None);
        let Ok(details) = renamed.parse() else {
            panic!("refused")
        };
        assert_eq!(
            save(&mut books.ledger, Some(gone), details),
            Err(LedgerError::UnknownClient(gone))
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
}
