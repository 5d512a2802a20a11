//! Entry point of the browser app: mount `<App/>` (with the panic hook in debug builds).
fn main() {
    // Debug builds only: the hook's message formatting costs ~1.5 KB gzip, and release builds
    // abort on panic (and must never panic on a path user data reaches).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(relance::App);
}
