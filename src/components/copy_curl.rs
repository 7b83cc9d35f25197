//! "Copy as curl" for a page drawn as Leptos views (plain-DOM pages use
//! `dom::curl_button`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dom::copy_and_say;
use crate::i18n::t;

/// The button, while there is a request to copy, and what copying did.
#[component]
pub fn CopyCurl(#[prop(into)] command: Signal<Option<String>>) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let on_click = move |_| {
        if let Some(text) = command.get_untracked() {
            spawn_local(async move { said.set(copy_and_say(&text).await) });
        }
    };
    view! {
        <p hidden=move || command.with(Option::is_none)>
            <button type="button" class="copy" on:click=on_click>
                {t("Copy as curl")}
            </button>
            <span class="copy-outcome" aria-live="polite">
                {move || said.get()}
            </span>
        </p>
    }
}
