//! Keeps the current [`Route`] in a signal, in step with `location.hash`.

use leptos::prelude::*;

use crate::routes::Route;

/// The current route, provided in context by [`provide_router`].
#[derive(Clone, Copy)]
pub struct Router {
    route: ReadSignal<Route>,
}

impl Router {
    pub fn route(self) -> Route {
        self.route.get()
    }
}

fn current_route() -> Route {
    let fragment = window().location().hash().unwrap_or_default();
    Route::from_fragment(&fragment)
}

pub fn provide_router() -> Router {
    let (route, set_route) = signal(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current_route());
        // A new page starts at its top, as a link to another document would.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());
    let router = Router { route };
    provide_context(router);
    router
}

pub fn use_router() -> Router {
    use_context::<Router>().unwrap_or_else(|| {
        crate::state::context::not_provided("Router");
        provide_router()
    })
}
