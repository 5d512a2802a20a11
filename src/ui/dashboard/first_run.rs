//! The first screen when nothing is stored: what Relance is, in three lines, that the data
//! stays in this browser, and two ways in: the demo books, or empty books.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Lang;
use crate::state::books::use_books;
use crate::state::demo::load_demo;
use crate::state::locale::use_locale;

struct Texts {
    title: &'static str,
    what: &'static str,
    law: &'static str,
    private: &'static str,
    load_demo: &'static str,
    loading: &'static str,
    demo_hint: &'static str,
    start_empty: &'static str,
    empty_hint: &'static str,
}

static FR: Texts = Texts {
    title: "Bienvenue dans Relance",
    what: "Relance suit vos factures et vos clients\u{a0}: qui vous doit quoi, depuis quand, et quelle relance envoyer.",
    law: "Il calcule les pénalités de retard et l'indemnité forfaitaire de recouvrement prévues par la loi, en France, en Allemagne, au Royaume-Uni et dans l'UE.",
    private: "Vos données restent dans ce navigateur\u{a0}: pas de serveur, pas de compte, rien n'est envoyé.",
    load_demo: "Charger les données de démonstration",
    loading: "Chargement…",
    demo_hint: "Cinq clients et 26 factures fictifs, datés par rapport à aujourd'hui, signalés comme démonstration\u{a0}; un clic les efface.",
    start_empty: "Commencer sans données",
    empty_hint: "Saisissez vos premiers clients et factures vous-même.",
};

static EN: Texts = Texts {
    title: "Welcome to Relance",
    what: "Relance keeps track of your invoices and clients: who owes you what, since when, and which reminder to send.",
    law: "It works out the late-payment interest and the fixed recovery compensation the law gives you, in France, Germany, the UK and the EU.",
    private: "Your data stays in this browser: no server, no account, nothing is sent.",
    load_demo: "Load demo data",
    loading: "Loading…",
    demo_hint: "Five made-up clients and 26 invoices, dated from today and marked as demo; one click erases them.",
    start_empty: "Start empty",
    empty_hint: "Type your first clients and invoices yourself.",
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
    // One block per language (each text its own reactive closure would cost the first visit
    // code for every one of them).
    move || {
        let t = texts(locale.lang());
        view! {
            <div class="first-run">
                <h1>{t.title}</h1>
                <p class="first-run__lead">{t.what}</p>
                <p>{t.law}</p>
                <p>{t.private}</p>
                <div class="first-run__choices">
                    <div class="first-run__choice">
                        <button type="button" class="button" on:click=load aria-busy=move || busy.get().to_string() disabled=move || busy.get()>
                            {move || if busy.get() { t.loading } else { t.load_demo }}
                        </button>
                        <p class="field__hint">{t.demo_hint}</p>
                    </div>
                    <div class="first-run__choice">
                        <button type="button" class="button button--secondary" on:click=move |_| started_empty.set(true)>
                            {t.start_empty}
                        </button>
                        <p class="field__hint">{t.empty_hint}</p>
                    </div>
                </div>
                <p class="field__error" role="alert">{move || error.get()}</p>
            </div>
        }
    }
}
