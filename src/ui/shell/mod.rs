//! The chrome around every page: header with the product name, navigation, language switch,
//! footer. Hidden when printing (see `style/main.css`).

pub mod banner;
pub mod data_texts;
pub mod demo_banner;
pub mod encryption_texts;
pub mod placeholder;

use leptos::prelude::*;

use crate::i18n::{Lang, Texts};
use crate::routes::Route;
use crate::state::locale::use_locale;
use crate::state::route::use_router;

/// The label of a navigation entry.
pub fn nav_label(texts: &'static Texts, route: &Route) -> &'static str {
    match route {
        Route::Dashboard(_) => texts.nav_dashboard,
        Route::Invoices(_) => texts.nav_invoices,
        Route::Clients(_) => texts.nav_clients,
        Route::Simulator(_) => texts.nav_simulator,
        Route::Letters(_) => texts.nav_letters,
        Route::Settings => texts.nav_settings,
        Route::Import => texts.nav_import,
        Route::NotFound(_) => texts.not_found_title,
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let vault = crate::state::vault::use_vault();
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">{move || locale.texts().skip_to_content}</a>
            <div class="app-header__brand">
                <a class="app-header__name" href="#/">
                    <span class="app-header__logo" aria-hidden="true">"R"</span>
                    <span class="app-header__title">{move || locale.texts().app_name}</span>
                </a>
                <span class="app-header__tagline">{move || locale.texts().tagline}</span>
            </div>
            <LanguageSwitch/>
            // Locked: no page opens before the passphrase, so no menu that would seem to work.
            <Show when=move || vault.encryption() != crate::state::vault::Encryption::Locked>
                <Navigation/>
            </Show>
        </header>
        <UpdateBanner/>
    }
}

/// Offered when the service worker has a new version of the app ready. The new version takes
/// over only when the user clicks: nobody is reloaded in the middle of an edit.
#[component]
fn UpdateBanner() -> impl IntoView {
    let locale = use_locale();
    let already_waiting = document()
        .document_element()
        .is_some_and(|root| root.get_attribute("data-update-available").is_some());
    let (available, set_available) = signal(already_waiting);
    let handle =
        window_event_listener_untyped("relance-update-available", move |_| set_available.set(true));
    on_cleanup(move || handle.remove());
    let apply = move |_| {
        if let Ok(event) = web_sys::Event::new("relance-apply-update") {
            let _ = window().dispatch_event(&event);
        }
    };
    view! {
        <Show when=move || available.get()>
            <div class="update-banner no-print" role="status" data-testid="update-banner">
                <p>{move || locale.texts().update_available}</p>
                <button type="button" class="button" data-testid="update-reload" on:click=apply>
                    {move || locale.texts().update_reload}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn Navigation() -> impl IntoView {
    let locale = use_locale();
    let router = use_router();
    let entries = Route::NAVIGATION
        .into_iter()
        .map(|route| {
            let href = route.href();
            let testid = format!("nav-{}", route.slug());
            let is_current = {
                let route = route.clone();
                move || router.route().same_page(&route)
            };
            let aria_current = {
                let is_current = is_current.clone();
                move || is_current().then_some("page")
            };
            view! {
                <li>
                    <a href=href data-testid=testid class:current=is_current aria-current=aria_current>
                        {move || nav_label(locale.texts(), &route)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="app-nav" aria-label=move || locale.texts().nav_label>
            <ul>{entries}</ul>
        </nav>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let buttons = Lang::ALL
        .into_iter()
        .map(|lang| {
            view! {
                <button
                    type="button"
                    lang=lang.code()
                    data-testid=format!("lang-{}", lang.code())
                    aria-pressed=move || (locale.lang() == lang).to_string()
                    on:click=move |_| locale.set(lang)
                >
                    {lang.code().to_uppercase()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="lang-switch" role="group" aria-label=move || locale.texts().language_label>
            {buttons}
        </div>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let locale = use_locale();
    view! {
        <footer class="app-footer">
            <p>{move || locale.texts().footer_privacy}</p>
        </footer>
    }
}
