//! Entry point of the browser app: mount `<App/>`, with a panic hook.
fn main() {
    // Debug builds: the panic's message in the console (its formatting costs ~1.5 KB gzip).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Release builds abort on a panic (and must never panic on a path user data reaches): the
    // error screen of scripts/rescue.js says so over the page, with no formatting machinery.
    #[cfg(not(debug_assertions))]
    relance::state::session::report_panics();
    leptos::mount::mount_to_body(relance::App);
}
