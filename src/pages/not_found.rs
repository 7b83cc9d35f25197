use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address in the console."</p>
        <p>
            <A href="/bindings">"Go to the terminal bindings"</A>
        </p>
    }
}
