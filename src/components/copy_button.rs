use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;

/// A button that copies `text`; its accessible name says what it copies,
/// and the result is announced.
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    text: String,
    /// What it is, for the accessible name: "Copy {what}".
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let label = format!("Copy {what}");
    let on_click = {
        let text = text.clone();
        move |_| {
            let text = text.clone();
            spawn_local(async move {
                outcome.set(Some(browser::copy_text(&text).await));
            });
        }
    };
    view! {
        <button type="button" class="copy" aria-label=label.clone() title=label on:click=on_click>
            "Copy"
        </button>
        <span class="copy-outcome" aria-live="polite">
            {move || match outcome.get() {
                None => String::new(),
                Some(Ok(())) => "Copied".into(),
                Some(Err(problem)) => format!("Not copied: {problem}"),
            }}
        </span>
    }
}
