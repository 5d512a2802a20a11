//! The route → page table: the one file that knows every feature. Each feature's page is a
//! lazy wasm chunk (with the `split` feature) unless a first visit needs it; pages not built
//! yet say so on screen (`shell::placeholder`).

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::routes::Route;
use crate::state::books::Problem;
use crate::ui::dashboard::DashboardPage;
use crate::ui::shell::placeholder::NotFoundPage;

/// The page for a route.
pub fn page_for(route: Route) -> AnyView {
    match route {
        Route::NotFound(path) => view! { <NotFoundPage path=path/> }.into_any(),
        Route::Simulator(query) => lazy_page(simulator_view(query)),
        Route::Settings => lazy_page(settings_view()),
        Route::Invoices(view) => lazy_page(invoices_view(view)),
        Route::Clients(view) => lazy_page(clients_view(view)),
        Route::Dashboard(query) => view! { <DashboardPage query=query/> }.into_any(),
        Route::Letters(query) => lazy_page(letters_view(query)),
        Route::Import => lazy_page(import_view()),
    }
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
    view! { <crate::ui::simulator::SimulatorPage query=query/> }.into_any()
}

/// The invoices (list, form, one invoice): a chunk of its own, fetched on the first visit to
/// one of their pages.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn invoices_view(view: crate::routes::RecordView) -> AnyView {
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <crate::ui::invoices::InvoicesPage view=view/> }.into_any()
}

/// The clients (list, form, one client): a chunk of its own.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn clients_view(view: crate::routes::RecordView) -> AnyView {
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <crate::ui::clients::ClientsPage view=view/> }.into_any()
}

/// The Letters page: a chunk of its own.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn letters_view(query: crate::routes::Query) -> AnyView {
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <crate::ui::letters::LettersPage query=query/> }.into_any()
}

/// The import page: a chunk of its own (with the CSV reader), fetched only when it opens.
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn import_view() -> AnyView {
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <crate::ui::import::ImportPage/> }.into_any()
}

/// The demo banner (`shell::demo_banner`): a chunk of its own, as only books that hold the
/// demo need it (never a first visit); nothing shows while it loads.
pub fn demo_banner() -> AnyView {
    let banner = SendWrapper::new(demo_banner_view());
    view! { <Suspense fallback=|| ()>{Suspend::new(banner)}</Suspense> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn demo_banner_view() -> AnyView {
    view! { <crate::ui::shell::demo_banner::DemoBanner/> }.into_any()
}

/// The recovery screen, shown instead of the pages that use the books when the stored books
/// cannot be used: a chunk of its own, as most visits never need it.
pub fn recovery_for(problem: Problem) -> AnyView {
    lazy_page(recovery_view(problem))
}

#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn recovery_view(problem: Problem) -> AnyView {
    let problem = problem.error().clone();
    view! { <crate::ui::recovery::RecoveryPage problem=problem/> }.into_any()
}

/// The unlock screen, shown instead of every page while the data is encrypted and locked: a
/// chunk of its own (with the key derivation and the ciphers), as only encrypted data needs it.
pub fn unlock_for() -> AnyView {
    lazy_page(unlock_view())
}

#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn unlock_view() -> AnyView {
    view! { <crate::ui::unlock::UnlockPage/> }.into_any()
}

/// The Settings page: a lazily loaded chunk like the Simulator (see [`simulator_view`]).
#[cfg_attr(feature = "split", leptos::lazy)]
#[cfg_attr(not(feature = "split"), allow(clippy::unused_async))]
async fn settings_view() -> AnyView {
    // Its defaults and ladder sections share the records' stylesheet.
    crate::ui::components::stylesheet::feature_styles().await;
    view! { <crate::ui::settings::SettingsPage/> }.into_any()
}
