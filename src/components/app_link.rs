use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::use_app_state;

/// A link to a page of the console. `<A>` leaves absolute paths as they are,
/// so under a sub-path (`/console/`) the base is added here; `navigate`
/// adds it by itself.
#[component]
pub fn AppLink(
    /// An app path such as `/bindings?offset=20`.
    #[prop(into)]
    href: Signal<String>,
    children: Children,
) -> impl IntoView {
    let state = use_app_state();
    let full = move || {
        let base = state
            .base_path
            .with_value(|b| b.trim_end_matches('/').to_owned());
        format!("{base}{}", href.get())
    };
    view! { <A href=full>{children()}</A> }
}
