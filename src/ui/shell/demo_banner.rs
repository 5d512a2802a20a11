//! While the books hold the demo, every page says so, with the one action that erases it
//! (confirmed). The user's own clients, and their invoices, are kept when it is erased.

use leptos::prelude::*;

use crate::domain::demo::demo_counts;
use crate::i18n::Lang;
use crate::state::books::use_books;
use crate::state::demo::erase_demo_books;
use crate::state::locale::use_locale;
use crate::ui::components::confirm::ConfirmedAction;

struct Texts {
    region: &'static str,
    erase: &'static str,
    warning: &'static str,
    confirm: &'static str,
    cancel: &'static str,
    erased: &'static str,
    dismiss: &'static str,
}

static FR: Texts = Texts {
    region: "Données de démonstration",
    erase: "Effacer les données de démonstration…",
    warning: "Les clients de démonstration et tout ce qui s'y rattache (factures, paiements, échanges, échéanciers) seront effacés. Vos propres clients et leurs factures sont conservés.",
    confirm: "Effacer la démonstration",
    cancel: "Annuler",
    erased: "Données de démonstration effacées. Vos propres données sont conservées.",
    dismiss: "Fermer",
};

static EN: Texts = Texts {
    region: "Demo data",
    erase: "Erase the demo data…",
    warning: "The demo clients and everything attached to them (invoices, payments, contact log, payment plans) will be erased. Your own clients and their invoices are kept.",
    confirm: "Erase the demo",
    cancel: "Cancel",
    erased: "Demo data erased. Your own data is kept.",
    dismiss: "Dismiss",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// "Données de démonstration : 5 clients et 26 factures fictifs."
fn lead(clients: usize, invoices: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Données de démonstration\u{a0}: {clients}\u{a0}client{} et {invoices}\u{a0}facture{} fictifs, à effacer avant de saisir les vôtres (ce que vous ajoutez à un client de démonstration part avec lui).",
            if clients > 1 { "s" } else { "" },
            if invoices > 1 { "s" } else { "" },
        ),
        Lang::En => format!(
            "Demo data: {clients} made-up client{} and {invoices} invoice{}. Erase them before typing your own (what you add to a demo client goes with it).",
            if clients == 1 { "" } else { "s" },
            if invoices == 1 { "" } else { "s" },
        ),
    }
}

#[component]
pub fn DemoBanner() -> impl IntoView {
    let locale = use_locale();
    let books = use_books();
    let counts = Memo::new(move |_| books.ledger().with(demo_counts));
    let erased = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let t = move || texts(locale.lang());
    let erase = Callback::new(move |()| {
        error.set(None);
        match erase_demo_books(books, locale.lang_untracked()) {
            Ok(()) => erased.set(true),
            Err(failure) => error.set(Some(failure)),
        }
    });
    view! {
        <Show when=move || counts.with(|counts| counts.clients > 0)>
            <div class="data-banner data-banner--info no-print" role="region" aria-label=move || t().region>
                <p>{move || counts.with(|counts| lead(counts.clients, counts.invoices, locale.lang()))}</p>
                <ConfirmedAction
                    testid="demo-erase"
                    start=Signal::derive(move || t().erase)
                    warning=Signal::derive(move || t().warning)
                    confirm=Signal::derive(move || t().confirm)
                    cancel=Signal::derive(move || t().cancel)
                    on_confirm=erase
                />
                <p class="field__error" role="alert">{move || error.get()}</p>
            </div>
        </Show>
        <Show when=move || erased.get()>
            <div class="data-banner data-banner--info no-print" role="status">
                <p>{move || t().erased}</p>
                <p class="button-row">
                    <button type="button" class="button button--secondary" on:click=move |_| erased.set(false)>{move || t().dismiss}</button>
                </p>
            </div>
        </Show>
    }
}
