use leptos::prelude::*;

use crate::components::AppLink;
use crate::i18n::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <h1>{t("Page not found")}</h1>
        <p>{t("There is no page at this address in the console.")}</p>
        <p>
            <AppLink href=crate::routes::BINDINGS>{t("Go to the terminal bindings")}</AppLink>
        </p>
    }
}
