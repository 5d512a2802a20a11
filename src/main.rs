//! Entry point of the browser app: install the panic hook, mount `<App/>`.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(relance::App);
}
