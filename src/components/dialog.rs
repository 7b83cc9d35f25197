//! The dialogs: the browser's own modal `<dialog>` (the rest of the page is
//! inert while it is open, so focus stays inside), named by its heading,
//! closed by Esc or "Cancel" without sending anything, and focus given back
//! to the control that opened it. `ConfirmDialog` asks before a
//! destructive action, with focus on "Cancel" (never one stray Enter
//! away); `FormDialog` holds a form, with focus on its first field.

use crate::components::dom::watch;
use crate::i18n::t;
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
    modal(dialog, move || content.with(Option::is_some));
    view! {
        <Modal dialog id labelled_by on_cancel>
            <div node_ref=text></div>
            <div class="actions">
                <button type="button" autofocus on:click=move |_| on_cancel.run(())>
                    {t("Cancel")}
                </button>
                <button type="button" class="danger" on:click=move |_| on_confirm.run(())>
                    {confirm}
                </button>
            </div>
        </Modal>
    }
}

/// Shows `dialog` as the browser's modal while `open()` is true; on
/// closing, focus goes back to what had it when it opened.
fn modal(dialog: NodeRef<html::Dialog>, open: impl Fn() -> bool + 'static) {
    let opener = StoredValue::new_local(None::<HtmlElement>);
    watch(move || {
        let open = open();
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
}

/// A form in a modal dialog: its fields, then "Cancel" and the submit
/// button. Submitting while `busy` sends nothing more.
#[component]
pub fn FormDialog(
    /// Unique on the page; the heading's ID derives from it.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] open: Signal<bool>,
    /// What the submit button says ("Save").
    submit: &'static str,
    #[prop(into)] busy: Signal<bool>,
    on_submit: Callback<()>,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    modal(dialog, move || open.get());
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <Modal dialog id labelled_by on_cancel>
            <form
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if !busy.get_untracked() {
                        on_submit.run(());
                    }
                }
            >
                <h2 id=heading_id>{move || title.get()}</h2>
                {children()}
                <div class="actions">
                    <button type="button" on:click=move |_| on_cancel.run(())>
                        {t("Cancel")}
                    </button>
                    <button
                        type="submit"
                        class="primary"
                        aria-disabled=move || busy.get().then_some("true")
                    >
                        {submit}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// The `<dialog>` both kinds share: modal, named by its heading, Esc
/// closing it through the page's state, like "Cancel".
#[component]
fn Modal(
    dialog: NodeRef<html::Dialog>,
    id: &'static str,
    labelled_by: String,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <dialog
            node_ref=dialog
            id=id
            class="confirm"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
        >
            {children()}
        </dialog>
    }
}
