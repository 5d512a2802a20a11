//! The first screen when nothing is stored: what Relance is, in three lines, that the data
//! stays in this browser, and two ways in: the demo books, or empty books.
//!
//! Every first visit downloads this screen's code, and each distinct Leptos view costs code
//! (measured: the same screen as a tree of views was 4.5 KB gzip of the 163 KB budget). So it
//! is one block of markup per language (our own constant texts: no user data) with one click
//! listener on the block for its two buttons, and one view for the error.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;
use crate::state::books::use_books;
use crate::state::demo::load_demo;
use crate::state::locale::use_locale;

/// The screen's markup: the title, the three lines, the two buttons (`data-action`: `demo`,
/// `empty`) and what each does.
fn markup(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => concat!(
            "<h1>Bienvenue dans Relance</h1>",
            "<p class=\"first-run__lead\">Relance suit vos factures et vos clients\u{a0}: qui vous doit quoi, depuis quand, et quelle relance envoyer.</p>",
            "<p>Il calcule les pénalités de retard et l'indemnité forfaitaire de recouvrement prévues par la loi, en France, en Allemagne, au Royaume-Uni et dans l'UE.</p>",
            "<p>Vos données restent dans ce navigateur\u{a0}: pas de serveur, pas de compte, rien n'est envoyé.</p>",
            "<p class=\"first-run__choices\">",
            "<button type=\"button\" class=\"button\" data-action=\"demo\">Charger les données de démonstration</button> ",
            "<button type=\"button\" class=\"button button--secondary\" data-action=\"empty\">Commencer sans données</button></p>",
            "<p class=\"field__hint\">La démonstration\u{a0}: cinq clients et 26 factures fictifs, datés par rapport à aujourd'hui et signalés comme tels\u{a0}; un clic les efface. Sans données\u{a0}: saisissez vos premiers clients et factures vous-même.</p>",
        ),
        Lang::En => concat!(
            "<h1>Welcome to Relance</h1>",
            "<p class=\"first-run__lead\">Relance keeps track of your invoices and clients: who owes you what, since when, and which reminder to send.</p>",
            "<p>It works out the late-payment interest and the fixed recovery compensation the law gives you, in France, Germany, the UK and the EU.</p>",
            "<p>Your data stays in this browser: no server, no account, nothing is sent.</p>",
            "<p class=\"first-run__choices\">",
            "<button type=\"button\" class=\"button\" data-action=\"demo\">Load demo data</button> ",
            "<button type=\"button\" class=\"button button--secondary\" data-action=\"empty\">Start empty</button></p>",
            "<p class=\"field__hint\">The demo: five made-up clients and 26 invoices, dated from today and marked as demo; one click erases them. Empty: type your first clients and invoices yourself.</p>",
        ),
    }
}

/// The first-run screen; `started_empty` is set when the user chooses empty books.
#[component]
pub fn FirstRun(started_empty: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let error = RwSignal::new(None::<String>);
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some(button) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-action]").ok().flatten())
        else {
            return;
        };
        match button.get_attribute("data-action").as_deref() {
            Some("empty") => started_empty.set(true),
            Some("demo") if !button.has_attribute("disabled") => {
                // Busy until the demo is stored (the screen then gives way to the dashboard).
                let _ = button.set_attribute("disabled", "");
                let _ = button.set_attribute("aria-busy", "true");
                error.set(None);
                spawn_local(async move {
                    if let Err(failure) = load_demo(books, locale.lang_untracked()).await {
                        let _ = button.remove_attribute("disabled");
                        let _ = button.remove_attribute("aria-busy");
                        error.set(Some(failure));
                    }
                });
            }
            _ => {}
        }
    };
    view! {
        <div class="first-run" inner_html=move || markup(locale.lang()) on:click=on_click></div>
        <p class="field__error" role="alert">{move || error.get()}</p>
    }
}
