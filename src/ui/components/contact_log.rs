//! The contact log ("journal des échanges") of a client, or of one of its invoices: every
//! exchange newest first, "add an entry" (date, channel, the reminder step it carried out,
//! what was said) and the removal of an entry with its undo. The invoice's page and the
//! client's page both show it. The rules are the pure functions at the top (tested natively);
//! the books change through `Books::apply`.

use crate::ui::components::field::wiring::{draft_setter, draft_value, error_sentence};
use crate::ui::components::focus::focus_now;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::field::{Field, FieldError, parse_date};
use crate::domain::{
    Channel, ClientId, ContactDetails, ContactDraft, ContactEntry, ContactId, InvoiceId, Ledger,
    StepKind,
};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};

/// The form's field names (the ids `{scope}-input-contact-…`).
pub const CONTACT_DATE: &str = "contact-date";
pub const CONTACT_CHANNEL: &str = "contact-channel";
pub const CONTACT_STEP: &str = "contact-step";
pub const CONTACT_SUMMARY: &str = "contact-summary";

/// One exchange, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLine {
    pub id: ContactId,
    pub date: NaiveDate,
    pub channel: Channel,
    pub step: Option<StepKind>,
    pub summary: String,
    /// The numbers of the invoices it was about.
    pub invoices: Vec<String>,
}

/// The exchanges with `client` (only those about `invoice`, when given), newest first (the
/// same day: the latest recorded first).
pub fn contact_lines(
    ledger: &Ledger,
    client: ClientId,
    invoice: Option<InvoiceId>,
) -> Vec<ContactLine> {
    let line = |entry: &ContactEntry| {
        let details = entry.details();
        ContactLine {
            id: entry.id(),
            date: details.date(),
            channel: details.channel(),
            step: details.step(),
            summary: details.summary().to_string(),
            invoices: details
                .invoices()
                .iter()
                .filter_map(|id| ledger.invoice(*id))
                .map(|invoice| invoice.number().to_string())
                .collect(),
        }
    };
    let mut lines: Vec<ContactLine> = match invoice {
        Some(invoice) => ledger.contacts_of_invoice(invoice).map(line).collect(),
        None => ledger.contacts_of_client(client).map(line).collect(),
    };
    lines.sort_by(|left, right| {
        right
            .date
            .cmp(&left.date)
            .then(right.id.raw().cmp(&left.id.raw()))
    });
    lines
}

/// A new entry: today, by e-mail, no step, about `invoice` if given.
pub fn blank_contact(today: NaiveDate, invoice: Option<InvoiceId>) -> ContactDraft {
    ContactDraft {
        date: today.to_string(),
        channel: Channel::Email.code().to_string(),
        summary: String::new(),
        invoices: invoice.into_iter().collect(),
        step: String::new(),
    }
}

/// What the form says now: one error per field name, or what to record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactCheck {
    pub errors: Vec<(&'static str, FieldError)>,
    pub details: Option<ContactDetails>,
}

impl ContactCheck {
    pub fn error(&self, name: &str) -> Option<&FieldError> {
        self.errors
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, error)| error)
    }
}

/// Reads the form for `client`: every field's error at once (a summary is required: an entry
/// that says nothing helps no one later), then `ContactDraft::parse`.
pub fn check_contact(draft: &ContactDraft, client: ClientId) -> ContactCheck {
    let mut errors = Vec::new();
    if let Err(error) = parse_date(Field::ContactDate, &draft.date) {
        errors.push((CONTACT_DATE, error));
    }
    if draft.summary.trim().is_empty() {
        errors.push((
            CONTACT_SUMMARY,
            FieldError::Missing {
                field: Field::Summary,
            },
        ));
    }
    let mut details = None;
    match draft.parse(client) {
        Ok(parsed) if errors.is_empty() => details = Some(parsed),
        Ok(_) => {}
        Err(error) => {
            let name = match error.field() {
                Field::ContactDate => CONTACT_DATE,
                Field::Channel => CONTACT_CHANNEL,
                Field::Step => CONTACT_STEP,
                _ => CONTACT_SUMMARY,
            };
            if !errors.iter().any(|(field, _)| *field == name) {
                errors.push((name, error));
            }
        }
    }
    ContactCheck { errors, details }
}

/// A channel's name in a choice list.
pub fn channel_label(channel: Channel, lang: Lang) -> &'static str {
    let (fr, en) = match channel {
        Channel::Email => ("E-mail", "E-mail"),
        Channel::Phone => ("Téléphone", "Phone"),
        Channel::Letter => ("Courrier", "Letter"),
        Channel::RegisteredLetter => ("Lettre recommandée", "Registered letter"),
    };
    if lang == Lang::Fr { fr } else { en }
}

fn step_label(step: StepKind, lang: Lang) -> &'static str {
    let (fr, en) = match step {
        StepKind::Courtesy => ("Rappel courtois", "Courtesy reminder"),
        StepKind::FirstReminder => ("Première relance", "First reminder"),
        StepKind::SecondReminder => ("Deuxième relance", "Second reminder"),
        StepKind::FormalNotice => ("Mise en demeure", "Formal notice"),
        StepKind::FinalNotice => (
            "Dernier avis avant action en justice",
            "Final notice before legal action",
        ),
    };
    if lang == Lang::Fr { fr } else { en }
}

struct Texts {
    title: &'static str,
    caption: &'static str,
    empty: &'static str,
    add: &'static str,
    save: &'static str,
    cancel: &'static str,
    no_step: &'static str,
    summary_hint: &'static str,
    col_date: &'static str,
    col_channel: &'static str,
    col_step: &'static str,
    col_summary: &'static str,
    col_invoices: &'static str,
    col_actions: &'static str,
    remove: &'static str,
    added: &'static str,
    removed: &'static str,
    restore: &'static str,
    restored: &'static str,
    fix_fields: &'static str,
}

static FR: Texts = Texts {
    title: "Journal des échanges",
    caption: "Échanges avec le client, du plus récent au plus ancien",
    empty: "Aucun échange noté pour l'instant.",
    add: "Ajouter une entrée",
    save: "Enregistrer l'entrée",
    cancel: "Annuler",
    no_step: "Aucune (simple échange)",
    summary_hint: "Ce qui a été dit ou envoyé, en une phrase.",
    col_date: "Date",
    col_channel: "Canal",
    col_step: "Étape",
    col_summary: "Résumé",
    col_invoices: "Factures",
    col_actions: "Actions",
    remove: "Supprimer",
    added: "Entrée ajoutée au journal des échanges.",
    removed: "Entrée supprimée du journal des échanges.",
    restore: "Rétablir l'entrée",
    restored: "Entrée rétablie.",
    fix_fields: "Corrigez les champs signalés\u{a0}: rien n'est enregistré pour l'instant.",
};

static EN: Texts = Texts {
    title: "Contact log",
    caption: "Exchanges with the client, newest first",
    empty: "No exchange noted yet.",
    add: "Add an entry",
    save: "Save the entry",
    cancel: "Cancel",
    no_step: "None (a plain exchange)",
    summary_hint: "What was said or sent, in one sentence.",
    col_date: "Date",
    col_channel: "Channel",
    col_step: "Step",
    col_summary: "Summary",
    col_invoices: "Invoices",
    col_actions: "Actions",
    remove: "Remove",
    added: "Entry added to the contact log.",
    removed: "Entry removed from the contact log.",
    restore: "Restore the entry",
    restored: "Entry restored.",
    fix_fields: "Correct the fields shown: nothing is saved yet.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// What the log says after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
enum LogNotice {
    Added,
    Removed(ContactDetails),
    Restored,
}

/// The contact log of `client` (of `invoice` only, when given), with "add an entry". `scope`
/// prefixes the form's ids (`inv`, `clients`).
#[component]
pub fn ContactLog(
    scope: &'static str,
    client: ClientId,
    #[prop(optional)] invoice: Option<InvoiceId>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let t = Signal::derive(move || texts(locale.lang()));
    let lines = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| contact_lines(ledger, client, invoice))
    });
    let open = RwSignal::new(false);
    let notice = RwSignal::new(None::<LogNotice>);
    let error = RwSignal::new(None::<String>);
    let title_id = format!("{scope}-contact-title");
    let labelled_by = title_id.clone();
    let remove = move |line: &ContactLine| {
        let id = line.id;
        let lang = locale.lang_untracked();
        let details = books
            .ledger()
            .with_untracked(|ledger| ledger.contact(id).map(|entry| entry.details().clone()));
        match books.apply(move |ledger| ledger.remove_contact(id)) {
            Ok(()) => {
                error.set(None);
                notice.set(details.map(LogNotice::Removed));
            }
            Err(failure) => error.set(Some(format::typography(&failure.describe(lang), lang))),
        }
    };
    let restore = move |_| {
        let Some(LogNotice::Removed(details)) = notice.get_untracked() else {
            return;
        };
        let lang = locale.lang_untracked();
        match books.apply(move |ledger| ledger.log_contact(details.clone())) {
            Ok(_) => {
                error.set(None);
                notice.set(Some(LogNotice::Restored));
            }
            Err(failure) => error.set(Some(format::typography(&failure.describe(lang), lang))),
        }
    };
    let on_saved = Callback::new(move |()| {
        error.set(None);
        notice.set(Some(LogNotice::Added));
        open.set(false);
    });
    let table = move || {
        let lang = locale.lang();
        let t = texts(lang);
        let lines = lines.get();
        if lines.is_empty() {
            return view! { <p class="card card--empty">{t.empty}</p> }.into_any();
        }
        let with_invoices = invoice.is_none();
        let rows = lines
            .into_iter()
            .map(|line| {
                let step = line
                    .step
                    .map_or_else(String::new, |step| step.describe(lang));
                let numbers = line.invoices.join(", ");
                view! {
                    <tr>
                        <td>{format::date_short(line.date, lang)}</td>
                        <td>{line.channel.describe(lang)}</td>
                        <td>{step}</td>
                        <td class="contact-log__summary"><bdi>{line.summary.clone()}</bdi></td>
                        {with_invoices.then(|| view! { <td>{numbers}</td> })}
                        <td>
                            <button type="button" class="button button--secondary button--small"
                                on:click=move |_| remove(&line)>
                                {t.remove}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="contact-log__table">
                    <caption class="visually-hidden">{t.caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.col_date}</th>
                            <th scope="col">{t.col_channel}</th>
                            <th scope="col">{t.col_step}</th>
                            <th scope="col">{t.col_summary}</th>
                            {with_invoices.then(|| view! { <th scope="col">{t.col_invoices}</th> })}
                            <th scope="col">{t.col_actions}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="contact-log" aria-labelledby=labelled_by>
            <h2 id=title_id tabindex="-1">{move || t.get().title}</h2>
            {move || notice.get().map(|shown| {
                let t = t.get();
                let (line, undo) = match shown {
                    LogNotice::Added => (t.added, false),
                    LogNotice::Removed(_) => (t.removed, true),
                    LogNotice::Restored => (t.restored, false),
                };
                view! {
                    <div class="notice notice--ok" role="status">
                        <p>{line}</p>
                        {undo.then(|| view! {
                            <p class="button-row">
                                <button type="button" class="button button--secondary" on:click=restore>{t.restore}</button>
                            </p>
                        })}
                    </div>
                }
            })}
            <p class="field__error" role="alert">{move || error.get()}</p>
            {table}
            <p class="button-row">
                <button type="button" class="button button--secondary"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| { notice.set(None); open.update(|open| *open = !*open) }>
                    {move || t.get().add}
                </button>
            </p>
            <Show when=move || open.get()>
                <ContactForm scope=scope client=client invoice=invoice open=open on_saved=on_saved/>
            </Show>
        </section>
    }
}

#[component]
fn ContactForm(
    scope: &'static str,
    client: ClientId,
    invoice: Option<InvoiceId>,
    open: RwSignal<bool>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let t = Signal::derive(move || texts(locale.lang()));
    let today = crate::clock::today();
    let draft = RwSignal::new(blank_contact(today, invoice));
    let submitted = RwSignal::new(false);
    let save_error = RwSignal::new(None::<String>);
    let checked = Memo::new(move |_| draft.with(|draft| check_contact(draft, client)));
    let error_of = move |name: &'static str| error_sentence(checked, name, ContactCheck::error);
    let set = move |update: fn(&mut ContactDraft, String)| draft_setter(draft, save_error, update);
    let value = move |read: fn(&ContactDraft) -> String| draft_value(draft, read);
    let label = move |field: Field| Signal::derive(move || field.label(locale.lang()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        let lang = locale.lang_untracked();
        let (details, first_error) = checked.with_untracked(|checked| {
            (
                checked.details.clone(),
                checked.errors.first().map(|(name, _)| *name),
            )
        });
        let Some(details) = details else {
            save_error.set(Some(texts(lang).fix_fields.to_string()));
            if let Some(name) = first_error {
                focus_now(&format!("{scope}-input-{name}"));
            }
            return;
        };
        match books.apply(move |ledger| ledger.log_contact(details.clone())) {
            Ok(_) => {
                submitted.set(false);
                draft.set(blank_contact(today, invoice));
                on_saved.run(());
                focus_now(&format!("{scope}-contact-title"));
            }
            Err(error) => save_error.set(Some(format::typography(&error.describe(lang), lang))),
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <form class="contact-log__form card" on:submit=submit on:keydown=on_keydown novalidate>
            <div class="field-row">
                <InputField scope=scope name=CONTACT_DATE kind=InputKind::Date label=label(Field::ContactDate)
                    value=value(|draft| draft.date.clone()) on_input=set(|draft, text| draft.date = text)
                    error=error_of(CONTACT_DATE) submitted=submitted/>
                <ChoiceField scope=scope name=CONTACT_CHANNEL label=label(Field::Channel)
                    current=value(|draft| draft.channel.clone())
                    choices=Signal::derive(move || {
                        let lang = locale.lang();
                        Channel::ALL.into_iter().map(|channel| (channel.code(), channel_label(channel, lang))).collect::<Vec<_>>()
                    })
                    on_change=set(|draft, text| draft.channel = text)
                    error=error_of(CONTACT_CHANNEL)/>
                <ChoiceField scope=scope name=CONTACT_STEP label=label(Field::Step)
                    current=value(|draft| draft.step.clone())
                    choices=Signal::derive(move || {
                        let lang = locale.lang();
                        std::iter::once(("", texts(lang).no_step))
                            .chain(StepKind::ALL.into_iter().map(|step| (step.code(), step_label(step, lang))))
                            .collect::<Vec<_>>()
                    })
                    on_change=set(|draft, text| draft.step = text)
                    error=error_of(CONTACT_STEP)/>
            </div>
            <InputField scope=scope name=CONTACT_SUMMARY kind=InputKind::MultiLine label=label(Field::Summary)
                hint=Signal::derive(move || t.get().summary_hint)
                value=value(|draft| draft.summary.clone()) on_input=set(|draft, text| draft.summary = text)
                error=error_of(CONTACT_SUMMARY) submitted=submitted/>
            <p class="button-row">
                <button type="submit" class="button">{move || t.get().save}</button>
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>
                    {move || t.get().cancel}
                </button>
            </p>
            <p class="field__error" role="alert">{move || save_error.get()}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::test_support::date;
    use crate::domain::{ClientDetails, ClientKind, Country};

    fn client(ledger: &mut Ledger) -> ClientId {
        let details = ClientDetails::new("Dupont", Country::FR, ClientKind::Business);
        match details.map(|details| ledger.add_client(details)) {
            Ok(Ok(id)) => id,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_entry_needs_a_date_and_a_summary_and_names_each_missing_field() {
        let mut ledger = Ledger::new();
        let id = client(&mut ledger);
        let draft = ContactDraft {
            date: "32/13/2026".into(),
            ..blank_contact(date("2026-03-01"), None)
        };
        let checked = check_contact(&draft, id);
        assert!(checked.details.is_none());
        assert!(checked.error(CONTACT_DATE).is_some());
        assert!(matches!(
            checked.error(CONTACT_SUMMARY),
            Some(FieldError::Missing {
                field: Field::Summary
            })
        ));
        let odd_step = ContactDraft {
            summary: "Appel".into(),
            step: "lawsuit".into(),
            ..blank_contact(date("2026-03-01"), None)
        };
        assert!(matches!(
            check_contact(&odd_step, id).error(CONTACT_STEP),
            Some(FieldError::UnknownChoice {
                field: Field::Step,
                ..
            })
        ));
    }

    #[test]
    fn entries_are_listed_newest_first_and_an_invoices_log_holds_only_its_own() {
        let mut ledger = Ledger::new();
        let id = client(&mut ledger);
        let log = |ledger: &mut Ledger, day: &str, summary: &str| {
            let draft = ContactDraft {
                summary: summary.into(),
                step: "first-reminder".into(),
                ..blank_contact(date(day), None)
            };
            match check_contact(&draft, id).details {
                Some(details) => ledger.log_contact(details).map(|_| ()),
                None => panic!("{draft:?}"),
            }
        };
        assert!(log(&mut ledger, "2026-02-01", "Relance par e-mail").is_ok());
        assert!(log(&mut ledger, "2026-03-01", "Appel: paiement promis").is_ok());
        assert!(log(&mut ledger, "2026-03-01", "E-mail de confirmation").is_ok());
        let lines = contact_lines(&ledger, id, None);
        let summaries: Vec<&str> = lines.iter().map(|line| line.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "E-mail de confirmation",
                "Appel: paiement promis",
                "Relance par e-mail"
            ]
        );
        assert_eq!(lines[0].step, Some(StepKind::FirstReminder));
        assert!(contact_lines(&ledger, id, Some(InvoiceId::from_raw(99))).is_empty());
    }
}
