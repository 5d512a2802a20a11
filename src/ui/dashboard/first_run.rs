//! The first screen when nothing is stored: what Relance is, in three lines, that the data
//! stays in this browser, and two ways in: the demo books, or empty books.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Lang;
use crate::state::books::use_books;
use crate::state::demo::load_demo;
use crate::state::locale::use_locale;

struct Texts {
    /// The title and the three lines, as markup.
    intro: &'static str,
    load_demo: &'static str,
    loading: &'static str,
    start_empty: &'static str,
    hints: &'static str,
}

static FR: Texts = Texts {
    intro: "<h1>Bienvenue dans Relance</h1>\
        <p class=\"first-run__lead\">Relance suit vos factures et vos clients\u{a0}: qui vous doit quoi, depuis quand, et quelle relance envoyer.</p>\
        <p>Il calcule les pénalités de retard et l'indemnité forfaitaire de recouvrement prévues par la loi, en France, en Allemagne, au Royaume-Uni et dans l'UE.</p>\
        <p>Vos données restent dans ce navigateur\u{a0}: pas de serveur, pas de compte, rien n'est envoyé.</p>",
    load_demo: "Charger les données de démonstration",
    loading: "Chargement…",
    start_empty: "Commencer sans données",
    hints: "La démonstration\u{a0}: cinq clients et 26 factures fictifs, datés par rapport à aujourd'hui et signalés comme tels\u{a0}; un clic les efface. Sans données\u{a0}: saisissez vos premiers clients et factures vous-même.",
};

static EN: Texts = Texts {
    intro: "<h1>Welcome to Relance</h1>\
        <p class=\"first-run__lead\">Relance keeps track of your invoices and clients: who owes you what, since when, and which reminder to send.</p>\
        <p>It works out the late-payment interest and the fixed recovery compensation the law gives you, in France, Germany, the UK and the EU.</p>\
        <p>Your data stays in this browser: no server, no account, nothing is sent.</p>",
    load_demo: "Load demo data",
    loading: "Loading…",
    start_empty: "Start empty",
    hints: "The demo: five made-up clients and 26 invoices, dated from today and marked as demo; one click erases them. Empty: type your first clients and invoices yourself.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// The first-run screen; `started_empty` is set when the user chooses empty books.
#[component]
pub fn FirstRun(started_empty: RwSignal<bool>) -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let outcome = load_demo(books, locale.lang_untracked()).await;
            busy.set(false);
            if let Err(failure) = outcome {
                error.set(Some(failure));
            }
        });
    };
    // Few, flat nodes: the first visit pays for the code of every distinct view, so the
    // static texts are one block of markup (our own constant texts, escaped at compile time:
    // no user data) and only the buttons and the error are views.
    move || {
        let t = texts(locale.lang());
        view! {
            <div class="first-run">
                <div inner_html=t.intro></div>
                <p class="first-run__choices">
                    <button type="button" class="button" on:click=load disabled=move || busy.get()>
                        {move || if busy.get() { t.loading } else { t.load_demo }}
                    </button>
                    " "
                    <button type="button" class="button button--secondary" on:click=move |_| started_empty.set(true)>
                        {t.start_empty}
                    </button>
                </p>
                <p class="field__hint">{t.hints}</p>
                <p class="field__error" role="alert">{move || error.get()}</p>
            </div>
        }
    }
}
