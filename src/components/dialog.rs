//! The confirmation dialog every destructive action uses: the browser's own
//! modal `<dialog>` (the rest of the page is inert while it is open, so
//! focus stays inside), named by its heading, opened with focus on
//! "Cancel" (a destructive action is never one stray Enter away), closed by
//! Esc or "Cancel" without sending anything, and focus given back to the
//! control that opened it.

use crate::components::dom::watch;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{replace_children, text_el};
use web_sys::HtmlElement;

#[component]
pub fn ConfirmDialog(
    /// Unique on the page; the heading's ID derives from it.
    id: &'static str,
    /// Open while `Some`: the heading and the lines of its body.
    content: Signal<Option<(String, Vec<String>)>>,
    /// What the confirming button does ("Unbind", "Delete"), never "OK".
    confirm: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<HtmlElement>);
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    // The heading and lines, drawn as plain DOM (`dom`) when it opens.
    let text = NodeRef::<html::Div>::new();
    watch(move || {
        let Some(text) = text.get() else {
            return;
        };
        content.with(|content| {
            let Some((title, lines)) = content else {
                return;
            };
            let heading = text_el("h2", title).attr("id", &heading_id);
            let lines = lines.iter().map(|line| text_el("p", line));
            replace_children(&text, std::iter::once(heading).chain(lines));
        });
    });
    watch(move || {
        let open = content.with(Option::is_some);
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
            let focused = document()
                .active_element()
                .and_then(|element| element.dyn_into::<HtmlElement>().ok());
            opener.set_value(focused);
            // Fails only when the element is not in the document.
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
            if let Some(opener) = opener.get_value().filter(|element| element.is_connected()) {
                let _ = opener.focus();
            }
        }
    });
    view! {
        <dialog
            node_ref=dialog
            id=id
            class="confirm"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            // Esc: closed by the page's state, like "Cancel".
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
        >
            <div node_ref=text></div>
            <div class="actions">
                <button type="button" autofocus on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
                <button type="button" class="danger" on:click=move |_| on_confirm.run(())>
                    {confirm}
                </button>
            </div>
        </dialog>
    }
}
