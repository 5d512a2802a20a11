//! One component per page. Pages not built yet say so on screen.

pub mod data_section;
pub mod encryption_section;
pub mod recovery_page;
pub mod settings_page;
pub mod simulator_page;
pub mod unlock_page;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::i18n::Texts;
use crate::routes::Route;
use crate::ui::locale::use_locale;
use crate::ui::shell::nav_label;

/// The page for a route.
pub fn page_for(route: Route) -> AnyView {
    match route {
        Route::NotFound(path) => view! { <NotFoundPage path=path/> }.into_any(),
        Route::Simulator(query) => lazy_page(simulator_view(query)),
        Route::Settings => lazy_page(settings_view()),
        Route::Dashboard => view! {
            <PlaceholderPage route=Route::Dashboard/>
            <BooksSummary/>
        }
        .into_any(),
        other => view! { <PlaceholderPage route=other/> }.into_any(),
    }
}

/// What is stored on this device, in numbers (until the dashboard proper exists).
#[component]
fn BooksSummary() -> impl IntoView {
    let locale = use_locale();
    let books = crate::ui::books_state::use_books();
    let summary = Memo::new(move |_| {
        books
            .ledger()
            .with(|ledger| crate::storage::backup::Summary::of(ledger, 0))
    });
    let loading = move || books.persistence() == crate::ui::books_state::Persistence::Loading;
    view! {
        <Show when=move || !loading() fallback=|| view! {
            <section class="card books-summary" data-testid="books-loading" aria-busy="true"><p>"…"</p></section>
        }>
        <section class="card books-summary" data-testid="books-summary"
            data-clients=move || summary.get().clients
            data-invoices=move || summary.get().invoices>
            <h2>{move || crate::ui::data_texts::data_texts(locale.lang()).books_title}</h2>
            <p>{move || summary_sentence(&summary.get(), locale.lang())}</p>
        </section>
        </Show>
    }
}

/// "3 clients, 12 invoices, 20 payments, 1 credit note, 9 contacts, 1 payment plan".
pub fn summary_sentence(
    summary: &crate::storage::backup::Summary,
    lang: crate::i18n::Lang,
) -> String {
    use crate::i18n::Lang;
    let count = |n: usize, fr: (&str, &str), en: (&str, &str)| -> String {
        let (one, many) = match lang {
            Lang::Fr => fr,
            Lang::En => en,
        };
        // French: 0 and 1 take the singular.
        let singular = match lang {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        };
        format!("{n}\u{a0}{}", if singular { one } else { many })
    };
    let mut parts = vec![
        count(
            summary.clients,
            ("client", "clients"),
            ("client", "clients"),
        ),
        count(
            summary.invoices,
            ("facture", "factures"),
            ("invoice", "invoices"),
        ),
        count(
            summary.payments,
            ("paiement", "paiements"),
            ("payment", "payments"),
        ),
        count(
            summary.credit_notes,
            ("avoir", "avoirs"),
            ("credit note", "credit notes"),
        ),
        count(
            summary.contacts,
            ("relance ou contact", "relances ou contacts"),
            ("reminder or contact", "reminders or contacts"),
        ),
        count(
            summary.plans,
            ("échéancier", "échéanciers"),
            ("payment plan", "payment plans"),
        ),
    ];
    if summary.rates > 0 {
        parts.push(count(
            summary.rates,
            ("taux ajouté", "taux ajoutés"),
            ("added rate", "added rates"),
        ));
    }
    let mut sentence = parts.join(", ");
    if let Some((first, last)) = summary.issued {
        let range = match lang {
            Lang::Fr => format!(
                " (émises du {} au {})",
                crate::format::date_short(first, lang),
                crate::format::date_short(last, lang)
            ),
            Lang::En => format!(
                " (issued {} to {})",
                crate::format::date_short(first, lang),
                crate::format::date_short(last, lang)
            ),
        };
        sentence.push_str(&range);
    }
    sentence.push('.');
    sentence
}

/// Renders a page whose code may still be downloading: a quiet "loading" line until its wasm
/// chunk has arrived (at most a few hundred milliseconds, or instantly from the offline cache).
fn lazy_page(page: impl Future<Output = AnyView> + 'static) -> AnyView {
    // `Suspend` wants a `Send` future; the page's is not (it holds browser handles). The
    // wrapper is sound here: the app is single-threaded and the future never leaves its thread.
    let page = SendWrapper::new(page);
    view! {
        <Suspense fallback=|| view! { <p class="page-loading" aria-busy="true">"…"</p> }>
            {Suspend::new(page)}
        </Suspense>
    }
    .into_any()
}

/// The Simulator page. With the `split` feature (release and `trunk serve` builds) its code is
/// a wasm chunk of its own, fetched the first time the page opens; without it (`cargo test`),
/// an ordinary function that is ready at once.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn simulator_view(query: crate::routes::Query) -> AnyView {
    view! { <simulator_page::SimulatorPage query=query/> }.into_any()
}

/// The recovery screen, shown instead of the pages that use the books when the stored books
/// cannot be used: a chunk of its own, as most visits never need it.
pub fn recovery_for(problem: crate::storage::repository::LoadError) -> AnyView {
    lazy_page(recovery_view(problem))
}

#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn recovery_view(problem: crate::storage::repository::LoadError) -> AnyView {
    view! { <recovery_page::RecoveryPage problem=problem/> }.into_any()
}

/// The unlock screen, shown instead of every page while the data is encrypted and locked: a
/// chunk of its own (with the key derivation and the ciphers), as only encrypted data needs it.
pub fn unlock_for() -> AnyView {
    lazy_page(unlock_view())
}

#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn unlock_view() -> AnyView {
    view! { <unlock_page::UnlockPage/> }.into_any()
}

/// The Settings page: a lazily loaded chunk like the Simulator (see [`simulator_view`]).
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn settings_view() -> AnyView {
    view! { <settings_page::SettingsPage/> }.into_any()
}

fn intro(texts: &'static Texts, route: &Route) -> &'static str {
    match route {
        Route::Dashboard => texts.dashboard_intro,
        Route::Invoices => texts.invoices_intro,
        Route::Clients => texts.clients_intro,
        Route::Simulator(_) => texts.simulator_intro,
        Route::Letters => texts.letters_intro,
        Route::Settings => texts.settings_intro,
        Route::NotFound(_) => texts.not_found_body,
    }
}

/// A page that is not built yet: its title, what it will do, and an honest badge.
#[component]
fn PlaceholderPage(route: Route) -> impl IntoView {
    let locale = use_locale();
    let slug = route.slug().to_string();
    let title_route = route.clone();
    view! {
        <section class="page page--placeholder" data-testid=format!("page-{slug}")>
            <h1>{move || nav_label(locale.texts(), &title_route)}</h1>
            <p class="page__intro">{move || intro(locale.texts(), &route)}</p>
            <p class="placeholder-note">
                <span class="badge">{move || locale.texts().placeholder_badge}</span>
                " "
                {move || locale.texts().placeholder_note}
            </p>
            <p>
                <a class="button button--secondary" href="#/simulator" data-testid="placeholder-try-simulator">
                    {move || locale.texts().placeholder_try_simulator}
                </a>
            </p>
        </section>
    }
}

#[component]
fn NotFoundPage(path: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="page page--not-found" data-testid="page-not-found">
            <h1>{move || locale.texts().not_found_title}</h1>
            <p>{move || locale.texts().not_found_body} " " <code>{format!("#{path}")}</code></p>
            <p><a class="button" href="#/">{move || locale.texts().not_found_back}</a></p>
        </section>
    }
}
