//! What every holder's `use_…()` does when it finds nothing in context: a wiring mistake. A
//! leaf module, so that the holders need not import `state/mod.rs`, which imports them all.

/// A `use_…()` found nothing in context: the holder is provided by `state::provide_state` only.
/// Debug builds stop here, loudly; a release build (where a panic is a white screen) says so in
/// the console and carries on with a fresh holder.
pub(crate) fn not_provided(holder: &str) {
    if cfg!(debug_assertions) {
        panic!("{holder} is not in context: `state::provide_state()` provides it (in <App/>)");
    }
    leptos::logging::error!("{holder} is not in context: `state::provide_state()` provides it");
}

/// The app's root owner (the top of the current owner's chain): what a holder created on
/// first use, from whichever page, is created under, so that it lives as long as the app and
/// every later page shares it.
pub(crate) fn root_owner() -> Option<leptos::prelude::Owner> {
    let mut root = leptos::prelude::Owner::current();
    while let Some(parent) = root.as_ref().and_then(leptos::prelude::Owner::parent) {
        root = Some(parent);
    }
    root
}
