//! Plain DOM for markup drawn from data (the list results, table rows,
//! error alerts): one small builder shared by every such place, instead of
//! a Leptos view per shape. Leptos compiles each `view!` into code of its
//! own type, and a reactive one twice (build and rebuild): written as
//! views, the EIP list and the bind form's pickers measured 51 KB gzip,
//! a quarter of the console (README, size table). Pages keep Leptos for
//! state, routing and their outer markup; what is drawn here is rebuilt as
//! a whole when its data changes, and its controls report through a few
//! listeners on a container Leptos owns (`data-action`), so nothing drawn
//! here holds a closure.

use leptos::html;
use leptos::prelude::{Get, NodeRef, document};
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use web_sys::Element;

use crate::browser;
use crate::i18n::{t, tf};

/// An element under construction.
pub struct El(pub Element);

/// A new `<tag>`; tags are the console's own constants.
pub fn el(tag: &'static str) -> El {
    El(document().create_element(tag).unwrap_throw())
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// The attribute when `on`, none otherwise (`hidden`, `disabled`).
    pub fn flag(self, name: &str, on: bool) -> Self {
        set_flag(&self.0, name, on);
        self
    }

    pub fn class(self, class: &str) -> Self {
        self.attr("class", class)
    }

    /// Text, never markup.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_with_str_1(text);
        self
    }

    pub fn child(self, child: El) -> Self {
        let _ = self.0.append_with_node_1(&child.0);
        self
    }

    pub fn children(self, children: impl IntoIterator<Item = El>) -> Self {
        for child in children {
            let _ = self.0.append_with_node_1(&child.0);
        }
        self
    }
}

/// `<tag>text</tag>`.
pub fn text_el(tag: &'static str, text: &str) -> El {
    el(tag).text(text)
}

/// `<th scope="col">` for each header.
pub fn column_headers<'a>(headers: &'a [&'a str]) -> impl Iterator<Item = El> + 'a {
    headers
        .iter()
        .map(|header| text_el("th", header).attr("scope", "col"))
}

/// A table in its scrolling wrapper.
pub fn table(class: &str, caption: &str, head: El, body: El) -> El {
    el("div").class("table-wrap").child(
        el("table")
            .class(class)
            .child(text_el("caption", caption))
            .child(el("thead").child(head))
            .child(body),
    )
}

/// A list page's table drawn into `holder`, which keeps the table it holds
/// when the caption is the same: a new page of rows then replaces the
/// header row and the rows only, and the wrapper keeps its horizontal
/// scroll. Returns the emptied body, already in the page, for the caller's
/// rows.
pub fn draw_table(holder: &Element, class: &str, caption: &str, head: El) -> Element {
    let find = |parent: &Element, selector: &str| parent.query_selector(selector).ok().flatten();
    let kept = find(holder, ":scope > .table-wrap > table").and_then(|table| {
        let same = find(&table, ":scope > caption")?.text_content()? == caption;
        let thead = find(&table, ":scope > thead")?;
        same.then_some((thead, find(&table, ":scope > tbody")?))
    });
    if let Some((thead, tbody)) = kept {
        replace_children(&thead, [head]);
        tbody.set_text_content(None);
        return tbody;
    }
    let body = el("tbody");
    let at = body.0.clone();
    replace_children(holder, [table(class, caption, head, body)]);
    at
}

/// Sets or removes a boolean attribute.
pub fn set_flag(element: &Element, name: &str, on: bool) {
    let _ = if on {
        element.set_attribute(name, "")
    } else {
        element.remove_attribute(name)
    };
}

/// Sets an attribute, or removes it when `value` is `None`.
pub fn set_attr(element: &Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}

/// Puts `children` into `holder` once Leptos has mounted it: markup drawn
/// once, then kept up to date through the handles its caller kept.
pub fn mount(holder: NodeRef<html::Div>, children: Vec<El>) {
    let mut children = Some(children);
    watch(move || {
        if let Some(holder) = holder.get()
            && let Some(children) = children.take()
        {
            replace_children(&holder, children);
        }
    });
}

/// Replaces the children of `parent` with `children`.
pub fn replace_children(parent: &Element, children: impl IntoIterator<Item = El>) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_with_node_1(&child.0);
    }
}

/// The elements under `parent` that match `selector`.
pub fn all(parent: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = parent.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// Ticks or clears a checkbox.
pub fn set_checked(control: &Element, checked: bool) {
    if let Some(input) = control.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_checked(checked);
    }
}

/// The control an event came from (or its nearest ancestor with a
/// `data-action`), with its action.
pub fn action_of(event: &web_sys::Event) -> Option<(String, Element)> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let source = target.closest("[data-action]").ok()??;
    let action = source.get_attribute("data-action")?;
    Some((action, source))
}

/// A "Copy" button for the text of the element just before it; its
/// accessible name says what it copies (`what`, given in the admin's
/// language). Clicks are handled by `copy_clicked`, which puts the region
/// that announces the result after the button on its first click. Few
/// attributes and no region of its own: a table draws two of these per
/// row, and a page of 100 rows would otherwise hold 200 live regions for
/// assistive technology to watch.
pub fn copy_button(what: &str) -> El {
    el("button")
        .class("copy")
        .attr("aria-label", &tf("Copy {0}", &[&what]))
        .text(t("Copy"))
}

/// The region after a copy button that says "Copied" or why not.
fn copy_outcome() -> El {
    el("span").class("copy-outcome").attr("aria-live", "polite")
}

/// "Copy as curl", hidden until there is a request to copy (its
/// `data-copy`, set by the caller with `browser::curl_command`), and the
/// region that announces the result.
pub fn curl_button() -> [El; 2] {
    [
        el("button")
            .class("copy")
            .attr("type", "button")
            .flag("hidden", true)
            .text(t("Copy as curl")),
        copy_outcome(),
    ]
}

/// Copies for a "Copy" button the event came from (its `data-copy`, else
/// the text just before it); false for other events.
pub fn copy_clicked(event: &web_sys::Event) -> bool {
    let Some(button) = event
        .target()
        .and_then(|target| target.dyn_into::<Element>().ok())
        .and_then(|target| target.closest("button.copy").ok().flatten())
    else {
        return false;
    };
    let text = button
        .get_attribute("data-copy")
        .or_else(|| button.previous_element_sibling()?.text_content())
        .unwrap_or_default();
    let outcome = match button.next_element_sibling() {
        Some(next) if next.class_list().contains("copy-outcome") => next,
        _ => {
            // In the page before the text changes, so that it is announced.
            let outcome = copy_outcome().0;
            let _ = button.after_with_node_1(&outcome);
            outcome
        }
    };
    spawn_local(async move {
        let said = copy_and_say(&text).await;
        outcome.set_text_content(Some(&said));
    });
    true
}

/// Copies `text`, and says what happened for the region beside the button.
pub async fn copy_and_say(text: &str) -> String {
    match browser::copy_text(text).await {
        Ok(()) => t("Copied").to_string(),
        Err(problem) => tf("Not copied: {0}", &[&problem]),
    }
}

/// The value of the `<select>` or `<input>` an event came from.
pub fn value_of(element: &Element) -> String {
    if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else {
        String::new()
    }
}

/// The site's base path without its trailing `/`, for `href`s the router
/// follows (`<a>` elements drawn here are plain links).
pub fn base_href(path: &str) -> String {
    let base = browser::base_path();
    format!("{}{path}", base.trim_end_matches('/'))
}

/// An effect. Every effect of the console goes through here, so that
/// Leptos' effect machinery (a task per effect) is compiled once rather
/// than once per closure type (README, size table).
pub fn watch(f: impl FnMut() + 'static) {
    let mut f: Box<dyn FnMut()> = Box::new(f);
    leptos::prelude::Effect::new(move |_| f());
}
