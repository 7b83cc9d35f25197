use leptos::prelude::*;

use crate::components::AppLink;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address in the console."</p>
        <p>
            <AppLink href=crate::routes::BINDINGS>"Go to the terminal bindings"</AppLink>
        </p>
    }
}
