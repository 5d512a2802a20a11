//! The Letters page (lazy chunk `letters_view`): the letter a link names
//! (`#/letters?client=3&invoice=12&kind=formal-notice&date=…`), its settings (letter, tone and
//! its rule, date, days to pay, language, the invoices covered), the letter itself as it will
//! print, and what to do with it: print or save as PDF, copy, download as text or HTML, an
//! e-mail draft, and record it as sent in the contact log (which moves the ladder on).
//! Everything it shows comes from `model`; `export::letter` lays the letter out as text and HTML.

pub mod model;
pub mod texts;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::letter::{Letter, LetterKind, Tone};
use crate::domain::{ClientId, InvoiceId};
use crate::export::letter::{Mailto, html_document, html_fragment, mailto, plain_text};
use crate::format;
use crate::i18n::{Describe, Lang};
use crate::routes::{Query, RecordView, Route};
use crate::state::books::use_books;
use crate::state::locale::use_locale;
use crate::state::rates::use_rates;
use crate::ui::components::field::{ChoiceField, InputField, InputKind};

use crate::ui::components::letter_link::LetterLink;
use model::{
    Inputs, Prepared, channel_of, enclosures, missing_for_notice, not_computed, prepare, sent_entry,
};
use texts::letters_texts;

/// Writes the letter's link into the address without reloading (Back still leaves the page).
fn write_address(link: &LetterLink) {
    let href = link.route().href();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
    }
}

/// The Letters page.
#[component]
pub fn LettersPage(query: Query) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let tables = use_rates().tables();
    let settings = crate::state::settings::use_settings();
    let today = crate::clock::today();
    let (initial, ignored) = LetterLink::parse(&query);
    let link = RwSignal::new(initial);
    let set_link = move |change: &dyn Fn(&mut LetterLink)| {
        link.update(|link| change(link));
        link.with_untracked(write_address);
    };
    let notice = RwSignal::new(None::<(String, Option<String>)>);
    // The letter (as its link says it) last recorded as sent: not recorded twice.
    let recorded = RwSignal::new(None::<LetterLink>);
    let client_id = Memo::new(move |_| link.with(|link| link.client));
    let prepared = Memo::new(move |_| {
        let lang = link.with(|link| link.lang).unwrap_or(locale.lang());
        let client = link.with(|link| link.client)?;
        Some(books.ledger().with(|ledger| {
            tables.with(|tables| {
                settings.with(|settings| {
                    let inputs = Inputs {
                        tables,
                        policy: &settings.ladder,
                        templates: &settings.templates,
                        letterhead: &settings.letterhead,
                        today,
                    };
                    link.with(|link| prepare(ledger, client, link, &inputs, lang))
                })
            })
        }))
    });
    let clients = Memo::new(move |_| {
        books.ledger().with(|ledger| {
            let mut clients: Vec<(String, String)> = ledger
                .clients()
                .map(|client| {
                    (
                        client.id().raw().to_string(),
                        client.details().name().to_string(),
                    )
                })
                .collect();
            clients.sort_by_key(|client| client.1.to_lowercase());
            clients
        })
    });
    let t = move || letters_texts(locale.lang());
    let ignored_line = (!ignored.is_empty()).then(|| {
        let names = ignored.join(", ");
        move || t().ignored.replace("{names}", &names)
    });
    view! {
        <section class="page page--letters" data-testid="page-letters">
            <h1 class="no-print">{move || locale.texts().nav_letters}</h1>
            <p class="page__intro no-print">{move || t().intro}</p>
            {ignored_line.map(|line| view! { <p class="notice no-print" role="status">{line}</p> })}
            <ChooseLetter link=link clients=clients set_link=Callback::new(move |next: LetterLink| {
                set_link(&|link| *link = next.clone());
            })/>
            // The settings are made once per client, so typing never rebuilds them.
            {move || client_id.get().map(|_| view! {
                <LetterSettings prepared=prepared link=link today=today
                    set_link=Callback::new(move |next: LetterLink| set_link(&|link| *link = next.clone()))/>
            })}
            {move || match prepared.get() {
                None => ().into_any(),
                Some(Err(reason)) => view! {
                    <p class="notice notice--error no-print" role="alert" data-testid="letter-error">
                        {format::typography(&reason, locale.lang())}
                    </p>
                }.into_any(),
                Some(Ok(prepared)) => view! {
                    <Output prepared=prepared.clone() today=today notice=notice recorded=recorded link=link/>
                    <Preview letter=prepared.letter.clone()/>
                }.into_any(),
            }}
        </section>
    }
}

/// Which client and which letter (always shown; the rest needs a client).
#[component]
fn ChooseLetter(
    link: RwSignal<LetterLink>,
    clients: Memo<Vec<(String, String)>>,
    set_link: Callback<LetterLink>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move || letters_texts(locale.lang());
    let current_client = Signal::derive(move || {
        link.with(|link| {
            link.client
                .map(|id| id.raw().to_string())
                .unwrap_or_default()
        })
    });
    let client_choices = Signal::derive(move || {
        let mut choices = vec![(String::new(), t().no_client.to_string())];
        choices.extend(clients.get());
        choices
    });
    let current_kind = Signal::derive(move || {
        link.with(|link| {
            link.kind
                .map(|kind| kind.code().to_string())
                .unwrap_or_default()
        })
    });
    let kind_choices = Signal::derive(move || {
        let lang = locale.lang();
        let mut choices = vec![(String::new(), t().kind_next_step.to_string())];
        choices.extend(
            LetterKind::ALL
                .into_iter()
                .map(|kind| (kind.code().to_string(), kind.name(lang).to_string())),
        );
        choices
    });
    let on_client = Callback::new(move |value: String| {
        let mut next = link.get_untracked();
        let client = value.parse::<u64>().ok().map(ClientId::from_raw);
        if next.client != client {
            // What was set for one client does not carry over to another.
            next.client = client;
            next.invoices.clear();
            next.days = None;
            next.individual = false;
        }
        set_link.run(next);
    });
    let on_kind = Callback::new(move |value: String| {
        let mut next = link.get_untracked();
        next.kind = LetterKind::from_code(&value);
        set_link.run(next);
    });
    view! {
        <section class="card no-print" aria-labelledby="letters-choose-title">
            <h2 id="letters-choose-title">{move || t().choose_title}</h2>
            <Show when=move || !clients.with(Vec::is_empty) fallback=move || view! { <p>{move || t().no_clients}</p> }>
                <div class="field-row">
                    <ChoiceField scope="letter" name="client" label=Signal::derive(move || t().client)
                        current=current_client choices=client_choices on_change=on_client
                        error=Signal::derive(|| None::<String>)/>
                    <ChoiceField scope="letter" name="kind" label=Signal::derive(move || t().kind)
                        current=current_kind choices=kind_choices on_change=on_kind
                        error=Signal::derive(|| None::<String>)/>
                </div>
            </Show>
        </section>
    }
}

/// The letter's own settings: tone (with the rule in one sentence), date, days to pay,
/// language, and the invoices covered. Made once per client (the page keys it on the client),
/// so typing in a field never rebuilds it: its figures follow `prepared`.
#[component]
fn LetterSettings(
    prepared: Memo<Option<Result<Prepared, String>>>,
    link: RwSignal<LetterLink>,
    today: NaiveDate,
    set_link: Callback<LetterLink>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let t = move || letters_texts(locale.lang());
    let facts = move |read: &dyn Fn(&crate::domain::letter::LetterFacts) -> String| {
        prepared.with(|prepared| match prepared {
            Some(Ok(prepared)) => Some(read(&prepared.facts)),
            _ => None,
        })
    };
    let tone_sentence = move || {
        let lang = locale.lang();
        facts(&|facts| format::typography(&facts.tone.describe(lang), lang))
    };
    let default_days = Memo::new(move |_| facts(&|facts| facts.deadline_days.to_string()));
    let covered = Memo::new(move |_| {
        prepared.with(|prepared| match prepared {
            Some(Ok(prepared)) => prepared
                .facts
                .invoices
                .iter()
                .map(|invoice| invoice.id)
                .collect(),
            _ => link.with(|link| link.invoices.clone()),
        })
    });
    let client = link.with_untracked(|link| link.client);
    // A UK client recorded as a business may be a sole trader (the Pre-Action Protocol).
    let uk_business = books.ledger().with_untracked(|ledger| {
        client
            .and_then(|id| ledger.client(id))
            .is_some_and(|client| {
                client.details().country() == crate::domain::Country::GB
                    && client.details().kind() != crate::domain::ClientKind::Consumer
            })
    });
    let current_tone = Signal::derive(move || {
        link.with(|link| {
            link.tone
                .map(|tone| tone.code().to_string())
                .unwrap_or_default()
        })
    });
    let tone_choices = Signal::derive(move || {
        let lang = locale.lang();
        let mut choices = vec![(String::new(), t().tone_rule.to_string())];
        choices.extend(
            Tone::ALL
                .into_iter()
                .map(|tone| (tone.code().to_string(), tone.name(lang).to_string())),
        );
        choices
    });
    let on_tone = Callback::new(move |value: String| {
        let mut next = link.get_untracked();
        next.tone = Tone::from_code(&value);
        set_link.run(next);
    });
    let date_text = RwSignal::new(
        link.with_untracked(|link| link.date)
            .unwrap_or(today)
            .to_string(),
    );
    let date_error = RwSignal::new(None::<String>);
    let on_date = Callback::new(move |text: String| {
        date_text.set(text.clone());
        match crate::domain::calendar::iso_date(text.trim()) {
            Some(date) => {
                date_error.set(None);
                let mut next = link.get_untracked();
                next.date = Some(date);
                set_link.run(next);
            }
            None => date_error.set(Some(t().date_error.to_string())),
        }
    });
    // What the user typed; until then, the letter's default (8 days, 30 under the Protocol).
    let days_typed = RwSignal::new(
        link.with_untracked(|link| link.days)
            .map(|days| days.to_string()),
    );
    let days_text = Signal::derive(move || {
        days_typed
            .get()
            .or_else(|| default_days.get())
            .unwrap_or_default()
    });
    let days_error = RwSignal::new(None::<String>);
    let on_days = Callback::new(move |text: String| {
        days_typed.set(Some(text.clone()));
        match text.trim().parse::<u32>() {
            Ok(days) if (1..=crate::domain::letter::facts::MAX_DEADLINE_DAYS).contains(&days) => {
                days_error.set(None);
                let mut next = link.get_untracked();
                next.days = Some(days);
                set_link.run(next);
            }
            _ => days_error.set(Some(t().days_error.to_string())),
        }
    });
    let current_lang = Signal::derive(move || {
        link.with(|link| link.lang)
            .unwrap_or(locale.lang())
            .code()
            .to_string()
    });
    let lang_choices = Signal::derive(|| {
        vec![
            ("fr".to_string(), "Français".to_string()),
            ("en".to_string(), "English".to_string()),
        ]
    });
    let on_lang = Callback::new(move |value: String| {
        let mut next = link.get_untracked();
        next.lang = Lang::from_code(&value);
        set_link.run(next);
    });
    // The client's open invoices as of the letter's date, to choose the ones it covers.
    let candidates = Memo::new(move |_| {
        let date = link.with(|link| link.date).unwrap_or(today);
        let lang = locale.lang();
        books.ledger().with(|ledger| {
            ledger
                .invoices()
                .filter(|invoice| Some(invoice.client()) == client)
                .filter_map(|invoice| {
                    let state = ledger.state_of(invoice.id(), date).ok()?;
                    (state.is_receivable() && !state.balance.open.is_zero()).then(|| {
                        (
                            invoice.id(),
                            format!(
                                "{} · {} · {}",
                                invoice.number(),
                                format::date_short(invoice.due_date(), lang),
                                format::money(state.balance.open, lang)
                            ),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let toggle = move |id: InvoiceId, checked: bool| {
        let mut next = link.get_untracked();
        if next.invoices.is_empty() {
            next.invoices = covered.get_untracked();
        }
        if checked {
            if !next.invoices.contains(&id) {
                next.invoices.push(id);
            }
        } else {
            next.invoices.retain(|kept| *kept != id);
        }
        set_link.run(next);
    };
    view! {
        <section class="card no-print" aria-labelledby="letters-settings-title">
            <h2 id="letters-settings-title">{move || t().settings_title}</h2>
            <div class="field-row">
                <ChoiceField scope="letter" name="tone" label=Signal::derive(move || t().tone)
                    current=current_tone choices=tone_choices on_change=on_tone
                    error=Signal::derive(|| None::<String>)/>
                <ChoiceField scope="letter" name="lang" label=Signal::derive(move || t().language)
                    current=current_lang choices=lang_choices on_change=on_lang
                    error=Signal::derive(|| None::<String>)/>
            </div>
            <p class="field__hint" data-testid="letter-tone-rule">{tone_sentence}</p>
            <div class="field-row">
                <InputField scope="letter" name="date" kind=InputKind::Date
                    label=Signal::derive(move || t().date) hint=Signal::derive(move || t().date_hint)
                    value=date_text on_input=on_date error=date_error/>
                <InputField scope="letter" name="days"
                    label=Signal::derive(move || t().days) hint=Signal::derive(move || t().days_hint)
                    value=days_text on_input=on_days error=days_error/>
            </div>
            {uk_business.then(|| view! {
                <div class="checkbox">
                    <input type="checkbox" id="letter-individual" prop:checked=move || link.with(|link| link.individual)
                        on:change=move |event| {
                            let mut next = link.get_untracked();
                            next.individual = event_target_checked(&event);
                            set_link.run(next);
                        }/>
                    <label for="letter-individual">{move || t().individual}</label>
                </div>
                <p class="field__hint">{move || t().individual_hint}</p>
            })}
            <fieldset class="letter-invoices">
                <legend>{move || t().invoices}</legend>
                <p class="field__hint">{move || t().invoices_hint}</p>
                {move || candidates.get().into_iter().map(|(id, label)| {
                    let input_id = format!("letter-invoice-{}", id.raw());
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=input_id.clone()
                                prop:checked=move || covered.with(|covered| covered.contains(&id))
                                on:change=move |event| toggle(id, event_target_checked(&event))/>
                            <label for=input_id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </section>
    }
}

/// What to do with the letter.
#[component]
fn Output(
    prepared: Prepared,
    today: NaiveDate,
    notice: RwSignal<Option<(String, Option<String>)>>,
    recorded: RwSignal<Option<LetterLink>>,
    link: RwSignal<LetterLink>,
) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let settings = crate::state::settings::use_settings();
    let t = move || letters_texts(locale.lang());
    let letter = prepared.letter.clone();
    let text = plain_text(&letter);
    let file_stem = file_stem(&letter);
    let print = move |_| {
        let _ = window().print();
    };
    let copy = {
        let text = text.clone();
        move |_| {
            let promise = window().navigator().clipboard().write_text(&text);
            let lang = locale.lang_untracked();
            leptos::task::spawn_local(async move {
                let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                let t = letters_texts(lang);
                notice.set(Some((
                    if copied { t.copied } else { t.copy_failed }.to_string(),
                    None,
                )));
            });
        }
    };
    let download_txt = {
        let text = text.clone();
        let name = format!("{file_stem}.txt");
        move |_| {
            if !crate::export::download::download_text(&name, "text/plain;charset=utf-8", &text) {
                notice.set(Some((t().download_failed.to_string(), None)));
            }
        }
    };
    let download_html = {
        let html = html_document(&letter);
        let name = format!("{file_stem}.html");
        move |_| {
            if !crate::export::download::download_text(&name, "text/html;charset=utf-8", &html) {
                notice.set(Some((t().download_failed.to_string(), None)));
            }
        }
    };
    let email = match mailto(&letter) {
        Mailto::Link(href) => view! {
            <a class="button button--secondary" href=href>{move || t().email}</a>
            {letter.recipient.email.is_none().then(|| view! { <p class="field__hint">{move || t().email_no_address}</p> })}
        }
        .into_any(),
        Mailto::TooLong { length, limit } => view! {
            <p class="field__hint" data-testid="letter-email-too-long">{move || {
                t().email_too_long
                    .replace("{length}", &length.to_string())
                    .replace("{limit}", &limit.to_string())
            }}</p>
        }
        .into_any(),
    };
    let can_record = prepared.facts.date <= today;
    let client = prepared.facts.invoices.first().and_then(|invoice| {
        books
            .ledger()
            .with_untracked(|ledger| ledger.invoice(invoice.id).map(|found| found.client()))
    });
    let record = {
        let prepared = prepared.clone();
        move |_| {
            let lang = locale.lang_untracked();
            let Some(client) = client else {
                return;
            };
            let channel = channel_of(prepared.facts.kind, &settings.get_untracked().ladder);
            let outcome = match sent_entry(&prepared, client, channel, lang) {
                Ok(entry) => books
                    .apply(move |ledger| ledger.log_contact(entry.clone()))
                    .map(drop)
                    .map_err(|failure| failure.describe(lang)),
                Err(error) => Err(error.describe(lang)),
            };
            if outcome.is_ok() {
                recorded.set(Some(link.get_untracked()));
            }
            let client_href = Route::Clients(RecordView::Show(client.raw())).href();
            notice.set(Some(match outcome {
                Ok(()) => (letters_texts(lang).recorded.to_string(), Some(client_href)),
                Err(error) => (format::typography(&error, lang), None),
            }));
        }
    };
    let stored = settings.get_untracked();
    let letterhead_missing = missing_for_notice(
        prepared.facts.kind,
        &stored.letterhead,
        locale.lang_untracked(),
    );
    // A template of the user's that no longer reads: the default words are used meanwhile.
    let key = crate::domain::letter::TemplateKey::new(
        prepared.facts.kind,
        prepared.letter.lang,
        prepared.facts.tone.tone(),
    );
    let fallback = stored
        .kept_templates
        .iter()
        .find(|kept| kept.key == key)
        .map(|kept| {
            format::typography(
                &kept.error.describe(locale.lang_untracked()),
                locale.lang_untracked(),
            )
        });
    let enclosed = enclosures(&prepared.facts, locale.lang_untracked());
    let uncomputed = if prepared.facts.kind.claims_interest() {
        not_computed(&prepared.facts, locale.lang_untracked())
    } else {
        Vec::new()
    };
    view! {
        <section class="card no-print" aria-labelledby="letters-output-title">
            <h2 id="letters-output-title">{move || t().output_title}</h2>
            {enclosed.map(|note| view! { <p class="notice" data-testid="letter-enclosures">{note}</p> })}
            {fallback.map(|error| view! {
                <p class="notice" data-testid="letter-template-fallback">
                    {move || t().template_fallback} " " {error} " "
                    <a href="#/settings">{move || t().open_settings}</a>
                </p>
            })}
            {(!uncomputed.is_empty()).then(|| view! {
                <div class="notice" data-testid="letter-not-computed">
                    <p>{move || t().not_computed}</p>
                    <ul>{uncomputed.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!letterhead_missing.is_empty()).then(|| {
                let missing = letterhead_missing.join(", ");
                view! {
                    <p class="notice" data-testid="letter-letterhead-missing">
                        {move || t().missing_letterhead.replace("{missing}", &missing)} " "
                        <a href="#/settings">{move || t().open_settings}</a>
                    </p>
                }
            })}
            <div class="button-row">
                <button type="button" class="button" on:click=print>{move || t().print}</button>
                <button type="button" class="button button--secondary" on:click=copy>{move || t().copy}</button>
                <button type="button" class="button button--secondary" on:click=download_txt>{move || t().download_text}</button>
                <button type="button" class="button button--secondary" on:click=download_html>{move || t().download_html}</button>
                {email}
            </div>
            <div class="button-row">
                {if can_record {
                    view! {
                        <button type="button" class="button button--secondary" on:click=record
                            prop:disabled=move || recorded.with(|recorded| link.with(|link| recorded.as_ref() == Some(link)))>
                            {move || t().record}
                        </button>
                        <p class="field__hint">{move || t().record_hint}</p>
                    }.into_any()
                } else {
                    view! { <p class="field__hint">{move || t().record_future}</p> }.into_any()
                }}
            </div>
            <p role="status" data-testid="letter-notice">
                {move || notice.get().map(|(text, href)| view! {
                    {text} {href.map(|href| view! { " " <a href=href>{move || t().see_client}</a> })}
                })}
            </p>
        </section>
    }
}

/// « mise-en-demeure-F-2026-001-2026-12-07 »: the downloaded file's name, ASCII only.
fn file_stem(letter: &Letter) -> String {
    let raw = format!("{}-{}", letter.kind.code(), letter.date);
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The letter as it will print (the print stylesheet shows only this): the same markup as the
/// downloaded HTML, from `export::letter`, where every user string is escaped.
#[component]
fn Preview(letter: Letter) -> impl IntoView {
    let label = letters_texts(letter.lang).preview;
    let html = html_fragment(&letter);
    view! {
        <section class="letter-preview" aria-label=label data-testid="letter-preview" inner_html=html></section>
    }
}
